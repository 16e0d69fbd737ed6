"""``socialrx signals …``: public-health signal methods; ``backtest`` runs the aberration
detectors on CDC ILINet seasons (``socialrx.signals.backtest``); ``run`` computes the signals
of a period from the stored inbound items (``socialrx.signals.run``) and ``cases`` exports its
adverse-event cases for a safety database (``socialrx.signals.cases``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from socialrx.cli_base import Failure, JsonArg, dumps, guard, parse_day, write_file, write_lines

if TYPE_CHECKING:
    from socialrx.signals.run import Signals

signals_app = typer.Typer(help="Public-health and drug-safety signals.", no_args_is_help=True)


@signals_app.callback()
def signals() -> None:
    """Public-health and drug-safety signals (keeps ``backtest`` a sub-command)."""


@signals_app.command("backtest")
def signals_backtest(
    ilinet: Annotated[
        Path,
        typer.Option(
            help="A FluView download: national/ (ILINet.csv and the ICL_NREVSS "
            "laboratory files) and state/ILINet.csv."
        ),
    ],
    as_json: JsonArg = False,
    states: Annotated[
        bool, typer.Option("--states/--no-states", help="Also backtest every state.")
    ] = True,
) -> None:
    """Run C1, C2, C3 and CUSUM over ILINet seasons: onsets signalled, weeks early or late,
    false alarms outside the flu season."""
    from dataclasses import asdict

    from socialrx.signals.backtest import run

    with guard():
        if not (ilinet / "national").is_dir():
            raise Failure(f"{ilinet} has no national/ folder; expected a FluView download")
        result = run(ilinet, states=states)
    if as_json:
        lines = [dumps({"kind": "baseline", **asdict(b)}) for b in result.baselines]
        lines += [dumps({"kind": "season", **asdict(r)}) for r in result.national]
        lines += [dumps({"kind": "summary", **asdict(s),
                         "false_runs_per_season": s.false_runs_per_season})
                  for s in result.summaries]  # fmt: skip
        write_lines(lines)
        return
    _print(result)


def _print(result: object) -> None:
    from rich.console import Console
    from rich.table import Table

    from socialrx.signals.backtest import Backtest

    if not isinstance(result, Backtest):
        raise TypeError("expected a Backtest")
    console = Console(width=120)
    seasons = Table("season", "baseline %", "onset", "peak", "detector", "signalled",
                    "first alarm", "weeks", "false runs", title="National (weighted %ILI)")  # fmt: skip
    for r in result.national:
        seasons.add_row(f"{r.season}-{(r.season + 1) % 100:02d}", f"{r.baseline:.1f}",
                        r.onset or "none", r.peak or "", r.detector,
                        "yes" if r.signalled else "no", r.first_alarm or "",
                        "" if r.lag is None else f"{r.lag:+d}", str(r.false_runs))  # fmt: skip
    console.print(seasons)
    summary = Table("scope", "detector", "seasons", "with onset", "signalled",
                    "median weeks", "false runs", "false runs/season", title="Summary")  # fmt: skip
    for s in result.summaries:
        summary.add_row(s.scope, s.detector, str(s.seasons), str(s.onsets), str(s.signalled),
                        "" if s.median_lag is None else f"{s.median_lag:+g}", str(s.false_runs),
                        f"{s.false_runs_per_season:.2f}")  # fmt: skip
    console.print(summary)


DEFAULT_DAYS = 30
FromOpt = Annotated[
    str | None, typer.Option("--from", help="First day (YYYY-MM-DD, local); default 29 days "
                             "before --to.")]  # fmt: skip
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day, included; default today.")]


def _signals(start: str | None, end: str | None) -> Signals:
    """The signals of the period, computed from the store (days in SOCIALRX_TIMEZONE)."""
    from socialrx.cli_store import transaction
    from socialrx.reports.figures import LONGEST, signals_of
    from socialrx.schedule import zone
    from socialrx.settings import load_settings
    from socialrx.signals.syndrome_lists import configured
    from socialrx.signals.syndromes import SyndromeMatcher

    settings = load_settings()
    tz = zone(settings.timezone)
    last = parse_day(end, "--to") if end else datetime.now(tz).date()
    first = parse_day(start, "--from") if start else last - timedelta(days=DEFAULT_DAYS - 1)
    if last < first:
        raise Failure(f"the period ends ({last}) before it starts ({first}): expected --to on "
                      "or after --from")  # fmt: skip
    if last - first > LONGEST:
        raise Failure("signals cover at most two years: expected a shorter period")
    matcher = SyndromeMatcher(configured(settings.syndromes_file))
    with transaction() as session:
        return signals_of(session, first, last, tz, matcher)


@signals_app.command("run")
def signals_run(start: FromOpt = None, end: ToOpt = None, as_json: JsonArg = False) -> None:
    """Compute the signals of a period from the stored inbound items: syndromic alerts (which
    series, how far above expected, since when) and the adverse-event pairs flagged by the
    Evans criteria. Counts below 11 are shown as "<11"; no post text is shown."""
    from socialrx.signals import run

    with guard():
        found = _signals(start, end)
    alerts = [run.alert_row(a) for a in found.alerts]
    pairs = [run.pair_row(p) for p in found.flagged]
    if as_json:
        write_lines([dumps({"kind": "summary", **run.summary(found)}),
                     *(dumps({"kind": "alert", **a}) for a in alerts),
                     *(dumps({"kind": "pair", **p}) for p in pairs)])  # fmt: skip
        return
    _print_run(run.summary(found), alerts, pairs)


def _print_run(
    summary: dict[str, object], alerts: list[dict[str, str]], pairs: list[dict[str, str]]
) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=120)
    console.print(f"Signals from {summary['first']} to {summary['last']}: {summary['items']} "
                  f"inbound items, {summary['mentions']} syndrome mentions, {summary['cases']} "
                  "adverse-event cases.")  # fmt: skip
    table = Table("series", "detector", "day", "since", "observed", "expected", "difference",
                  "ratio", "sd above", title="Syndromic alerts")  # fmt: skip
    for a in alerts:
        table.add_row(a["series"], a["detector"], a["at"], a["since"], a["observed"],
                      a["expected"], a["difference"], a["ratio"], a["statistic"])  # fmt: skip
    console.print(table if alerts else "No syndromic alert in the period.")
    flagged = Table("product", "reaction", "a", "b", "c", "d", "PRR", "95% CI", "ROR", "χ²",
                    title="Adverse-event pairs flagged (Evans: PRR ≥ 2, χ² ≥ 4, n ≥ 3)")  # fmt: skip
    for p in pairs:
        ci = f"{p['prr_low']}–{p['prr_high']}" if p["prr_low"] else ""
        flagged.add_row(p["product"], p["reaction"], p["a"], p["b"], p["c"], p["d"], p["prr"],
                        ci, p["ror"], p["chi2"])  # fmt: skip
    console.print(flagged if pairs else "No adverse-event pair flagged in the period.")


@signals_app.command("cases")
def signals_cases(
    output: Annotated[Path, typer.Option("--output", "-o", help="The CSV file to write.")],
    start: FromOpt = None,
    end: ToOpt = None,
    pairs: Annotated[
        Path | None, typer.Option(help="Also write the disproportionality of the pairs (CSV).")
    ] = None,
) -> None:
    """Export the period's adverse-event cases for a safety database: one row per case
    (inbound item), product and reaction — case_id, received, channel, product, reaction —
    in normalised terms only (no post text); with --pairs, PRR/ROR per pair (counts below 11
    shown as "<11")."""
    import sys

    from socialrx.signals import cases, disproportionality

    with guard():
        found = _signals(start, end)
        write_file(output, cases.to_csv(found.cases).encode())
        if pairs is not None:
            write_file(pairs, disproportionality.to_csv(found.pairs).encode())
    n = len({c.case_id for c in found.cases})
    shown = "fewer than 11" if 0 < n < 11 else str(n)
    sys.stderr.write(f"socialrx: wrote {shown} adverse-event cases of {found.first} to "
                     f"{found.last} to {output}\n")  # fmt: skip
