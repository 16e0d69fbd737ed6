"""PhysioNet deid gold standard: ``id.text`` nursing notes and ``id-phi.phrase`` PHI spans.

Patient-identifying types (scored for recall): PTName, PTNameInitial, RelativeProxyName, Date,
DateYear, Phone, Location, Age. HCPName and Other are PHI too; a prediction that overlaps them
is not a false positive, but they are not required for recall.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from socialrx.errors import DatasetError
from socialrx.evaluation.spans import GoldDocument, GoldSpan

PATIENT_TYPES: dict[str, str] = {
    "PTName": "phi.name",
    "PTNameInitial": "phi.name",
    "RelativeProxyName": "phi.name",
    "Date": "phi.date",
    "DateYear": "phi.date",
    "Phone": "phi.phone",
    "Location": "phi.location",
    "Age": "phi.age",
}
OTHER_TYPES = ("HCPName", "Other")

_RECORD = re.compile(
    r"START_OF_RECORD=(\d+)\|\|\|\|(\d+)\|\|\|\|\n(.*?)\|\|\|\|END_OF_RECORD", re.S
)
_PHRASE = re.compile(r"^(\d+) (\d+) (\d+) (\d+) (\S+) ?(.*)$")


def load(folder: Path) -> Iterator[GoldDocument]:
    """Read ``id.text`` and ``id-phi.phrase`` from ``folder``."""
    try:
        text = (folder / "id.text").read_text(encoding="utf-8")
        phrases = (folder / "id-phi.phrase").read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DatasetError(
            f"cannot read the deid corpus in {str(folder)!r}: {exc.strerror}; expected id.text "
            "and id-phi.phrase"
        ) from None
    spans: dict[tuple[str, str], list[GoldSpan]] = defaultdict(list)
    for n, line in enumerate(phrases, 1):
        m = _PHRASE.match(line)
        if not m:
            raise DatasetError(f"id-phi.phrase line {n}: expected 'patient note start end TYPE'")
        kind = m.group(5)
        if kind not in PATIENT_TYPES and kind not in OTHER_TYPES:
            raise DatasetError(f"id-phi.phrase line {n}: unknown PHI type {kind!r}")
        code = PATIENT_TYPES.get(kind)
        spans[(m.group(1), m.group(2))].append(
            GoldSpan(int(m.group(3)), int(m.group(4)), code, kind)
        )
    found = 0
    for m in _RECORD.finditer(text):
        found += 1
        key = (m.group(1), m.group(2))
        body = m.group(3)
        yield GoldDocument(f"{key[0]}/{key[1]}", body, tuple(spans.get(key, ())))
    if not found:
        raise DatasetError(
            f"{str(folder)!r}/id.text holds no START_OF_RECORD … END_OF_RECORD notes"
        )
