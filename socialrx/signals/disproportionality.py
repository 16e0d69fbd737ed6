"""Adverse-event disproportionality: 2×2 tables per (product, reaction) pair, the proportional
reporting ratio (PRR) and reporting odds ratio (ROR) with 95% confidence intervals, Yates χ²,
the Evans criteria, and a CSV export with small counts suppressed.

- **Counting**: each (case id, product, reaction) is counted once, however often reported. For
  a pair: a = this product & this reaction, b = this product & other reactions, c = other
  products & this reaction, d = other products & other reactions (a+b+c+d = all triples).
- **PRR** = [a/(a+b)] / [c/(c+d)]; 95% CI exp(ln PRR ± 1.96·√(1/a − 1/(a+b) + 1/c − 1/(c+d))).
- **ROR** = ad / bc; 95% CI exp(ln ROR ± 1.96·√(1/a + 1/b + 1/c + 1/d)).
- **χ²** with Yates' correction: N·max(0, |ad − bc| − N/2)² / ((a+b)(c+d)(a+c)(b+d)).
- **Evans signal** (Evans, Waller & Davis 2001): PRR ≥ 2 and χ² ≥ 4 and a ≥ 3. A reaction
  reported with this product and no other (c = 0, while other products have reports: d > 0)
  has an unbounded PRR: it meets the PRR criterion (the strongest disproportion there is, for
  a new reaction seen with one product only), though no PRR figure is shown.
- **Zero cells**: no continuity correction. A figure whose formula would divide by zero or take
  log 0 is ``None`` (never an error): PRR needs c > 0 (a = 0 gives PRR 0 without interval);
  ROR needs b, c > 0 and its interval a, b, c, d > 0; χ² needs every margin > 0. An
  undefined figure never signals, except the unbounded PRR of c = 0 (above).
- **Export** (``to_csv``): counts 1–10 are shown as ``<11`` (``socialrx.measure.suppress``);
  PRR, ROR, their intervals and χ² are left empty whenever any of a, b, c, d is suppressed,
  since with the other counts they give the hidden one back (a = … from PRR and b, c, d). The
  Evans flag is always shown: a safety lead must see a signal even when a < 11, and it tells
  only that a ≥ 3, not the count.

Reference: S. J. W. Evans, P. C. Waller, S. Davis, "Use of proportional reporting ratios (PRRs)
for signal generation from spontaneous adverse drug reaction reports", Pharmacoepidemiology and
Drug Safety 10 (2001) 483–486.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from socialrx.errors import InputError
from socialrx.measure import suppress

Z95 = 1.959963984540054
EVANS_PRR, EVANS_CHI2, EVANS_A = 2.0, 4.0, 3
COLUMNS = ("product", "reaction", "a", "b", "c", "d", "prr", "prr_low", "prr_high", "ror",
           "ror_low", "ror_high", "chi2", "signal")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Disproportion:
    """A (product, reaction) pair's 2×2 table and figures (``None``: undefined)."""

    product: str
    reaction: str
    a: int
    b: int
    c: int
    d: int
    prr: float | None
    prr_ci: tuple[float, float] | None
    ror: float | None
    ror_ci: tuple[float, float] | None
    chi2: float | None

    @property
    def signal(self) -> bool:
        """The Evans criteria: PRR ≥ 2 (or unbounded: c = 0 < a, d), χ² ≥ 4 and a ≥ 3."""
        unbounded = self.prr is None and self.c == 0 < min(self.a, self.d)
        return ((unbounded or (self.prr is not None and self.prr >= EVANS_PRR))
                and self.chi2 is not None and self.chi2 >= EVANS_CHI2 and self.a >= EVANS_A)  # fmt: skip


def _interval(ratio: float, se: float) -> tuple[float, float]:
    log = math.log(ratio)
    return math.exp(log - Z95 * se), math.exp(log + Z95 * se)


def prr(a: int, b: int, c: int, d: int) -> tuple[float | None, tuple[float, float] | None]:
    """PRR and its 95% CI."""
    if a + b == 0 or c == 0:
        return None, None
    ratio = (a / (a + b)) / (c / (c + d))
    if a == 0:
        return ratio, None
    se = math.sqrt(max(0.0, 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)))
    return ratio, _interval(ratio, se)


def ror(a: int, b: int, c: int, d: int) -> tuple[float | None, tuple[float, float] | None]:
    """ROR and its 95% CI."""
    if b == 0 or c == 0:
        return None, None
    ratio = (a * d) / (b * c)
    if a == 0 or d == 0:
        return ratio, None
    return ratio, _interval(ratio, math.sqrt(1 / a + 1 / b + 1 / c + 1 / d))


def chi2_yates(a: int, b: int, c: int, d: int) -> float | None:
    """Pearson's χ² of the 2×2 table with Yates' continuity correction."""
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    if margins == 0:
        return None
    n = a + b + c + d
    return n * max(0.0, abs(a * d - b * c) - n / 2) ** 2 / margins


def table(product: str, reaction: str, a: int, b: int, c: int, d: int) -> Disproportion:
    """The figures of one 2×2 table."""
    if min(a, b, c, d) < 0:
        raise InputError(f"a 2×2 table needs counts ≥ 0, not {(a, b, c, d)}")
    p, p_ci = prr(a, b, c, d)
    r, r_ci = ror(a, b, c, d)
    return Disproportion(product, reaction, a, b, c, d, p, p_ci, r, r_ci, chi2_yates(a, b, c, d))


def disproportionality(cases: Iterable[tuple[str, str, str]]) -> list[Disproportion]:
    """One table per (product, reaction) pair reported at least once, from (case id, product,
    reaction) triples (each distinct triple counted once), ordered by product then reaction."""
    triples = set()
    for n, item in enumerate(cases):
        if len(item) != 3 or not all(isinstance(x, str) and x for x in item):
            raise InputError(f"case {n}: expected (case id, product, reaction) as non-empty text")
        triples.add(item)
    pairs = Counter((p, r) for _, p, r in triples)
    products = Counter(p for _, p, _ in triples)
    reactions = Counter(r for _, _, r in triples)
    total = len(triples)
    out = []
    for (p, r), a in sorted(pairs.items()):
        b, c = products[p] - a, reactions[r] - a
        out.append(table(p, r, a, b, c, total - a - b - c))
    return out


def _figure(value: float | None) -> str:
    return "" if value is None else f"{value:.3g}"


def export_row(row: Disproportion) -> dict[str, str]:
    """A table as shown: counts 1–10 as ``<11``; derived figures empty when a count is."""
    counts = {k: suppress(v) for k, v in (("a", row.a), ("b", row.b), ("c", row.c), ("d", row.d))}
    hidden = any(v is None for v in counts.values())
    out = {"product": row.product, "reaction": row.reaction}
    out.update({k: "<11" if v is None else str(v) for k, v in counts.items()})
    figures = {"prr": row.prr, "prr_low": row.prr_ci[0] if row.prr_ci else None,
               "prr_high": row.prr_ci[1] if row.prr_ci else None, "ror": row.ror,
               "ror_low": row.ror_ci[0] if row.ror_ci else None,
               "ror_high": row.ror_ci[1] if row.ror_ci else None, "chi2": row.chi2}  # fmt: skip
    out.update({k: "" if hidden else _figure(v) for k, v in figures.items()})
    out["signal"] = "yes" if row.signal else "no"
    return out


def to_csv(rows: Iterable[Disproportion]) -> str:
    """The CSV export (header ``COLUMNS``) of ``rows``, suppressed as ``export_row`` says."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(export_row(row))
    return buffer.getvalue()
