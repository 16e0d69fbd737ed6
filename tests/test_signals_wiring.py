"""Signals wired into the product (issue 9): adverse-event terms normalised to the open
vocabulary, cases from analyses, ``compute`` over a synthetic period (pure and from the store,
on SQLite and PostgreSQL), suppression of everything shown, ``socialrx signals run`` and
``signals cases``, the dashboard's panel and the report's section — and no post text anywhere."""

from __future__ import annotations

import csv
import io
import json
import stat
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from test_store_cli import env_of, run
from test_web_audit_page import sign_in

from socialrx import reports
from socialrx.errors import ConfigError
from socialrx.model import Finding, Span
from socialrx.reports.figures import signals_of
from socialrx.settings import Settings
from socialrx.signals import cases
from socialrx.signals import run as signals
from socialrx.signals.aberration import Alert
from socialrx.signals.cases import Case, product_term, reaction_term
from socialrx.store.database import Database
from socialrx.store.models import InboundItem, User
from socialrx.web import create_app

SECRET = "zebra7QX"  # in every stored text: must never come out
FLU = f"Down with the flu since Tuesday: fever and a cough. Staying in bed today. {SECRET}"
FLU_SHOT = f"Got my flu shot on Monday and my arm is so sore I can not lift it. {SECRET}"
TETANUS = f"Had my tetanus shot on Monday and now my arm is really sore. {SECRET}"
TYLENOL = f"Started Tylenol last week and now I am throwing up every morning. {SECRET}"
ADVIL = f"Since starting advil I feel dizzy all day. {SECRET}"
NO_PRODUCT = f"This pill gave me hives. {SECRET}"
LAST = date(2026, 3, 30)
FIRST = LAST - timedelta(days=29)
SURGE = (4, 8, 12, 14, 16, 18)  # personal flu mentions on the period's last days
AE = "adverse_event"


# --- normalisation -------------------------------------------------------------------------------


@pytest.mark.parametrize("written,term", [
    ("Tylenol", "acetaminophen"), ("PARACETAMOL", "acetaminophen"), ("advil", "ibuprofen"),
    ("Motrin", "ibuprofen"), ("flu shot", "influenza vaccine"), ("Flu-Jab", "influenza vaccine"),
    ("tetanus shot", "tdap vaccine"), ("Lexapro", "escitalopram"),
    # unknown: kept, folded (open vocabulary)
    ("Zörbix-9", "zorbix 9"), ("  Wonder   Pill™ ", "wonder pilltm"), ("Dr. Feelgood's", "dr feelgoods"),
])  # fmt: skip
def test_products_are_normalised(written: str, term: str) -> None:
    assert product_term(written) == term


@pytest.mark.parametrize("written,term", [
    ("throwing up", "vomiting"), ("puking", "vomiting"), ("Threw up", "vomiting"),
    ("dizzy", "dizziness"), ("lightheaded", "dizziness"), ("hives", "urticaria"),
    ("rash", "rash"), ("can't sleep", "insomnia"), ("gained 20 lbs", "weight increased"),
    # unknown or not a reaction: folded, never mapped to another term
    ("sparkly toes", "sparkly toes"), ("Tylenol", "tylenol"),
])  # fmt: skip
def test_reactions_are_normalised(written: str, term: str) -> None:
    assert reaction_term(written) == term


@given(st.text(max_size=300))
def test_a_folded_term_is_short_plain_text(text: str) -> None:
    folded = cases.fold(text)
    assert len(folded) <= cases.LONGEST and folded == folded.strip()
    assert all(c.isalnum() or c == " " for c in folded) and "  " not in folded


def _finding(code: str, text: str, part: str) -> Finding:
    start = text.index(part)
    return Finding(code, Span(start, start + len(part)), 0.9, "ade", "synthetic")


def test_terms_come_from_the_findings_only() -> None:
    text = "Advil and Tylenol made me puke and feel dizzy"
    findings = [_finding("ade.product", text, "Advil"), _finding("ade.product", text, "Tylenol"),
                _finding("ade.reaction", text, "puke"), _finding("ade.reaction", text, "dizzy"),
                _finding("phi.name", text, "made"), Finding("ade.reaction", None, 0.9, "ade", "x"),
                _finding("ade.product", text, "Advil")]  # fmt: skip
    assert cases.terms(text, findings) == (
        ("ibuprofen", "vomiting"), ("ibuprofen", "dizziness"),
        ("acetaminophen", "vomiting"), ("acetaminophen", "dizziness"))  # fmt: skip
    assert cases.terms(text, findings[2:4]) == ()  # no product: no case
    assert cases.terms(text, findings[:2]) == ()  # no reaction: no case


@pytest.mark.parametrize("text,expected", [
    (TYLENOL, {("acetaminophen", "vomiting")}),
    (FLU_SHOT, {("influenza vaccine", "injection site pain")}),
    (ADVIL, {("ibuprofen", "dizziness")}),
    (NO_PRODUCT, set()),  # no named product
    ("Does Zoloft cause weight gain?", set()),  # a question, not a report
    ("Lovely staff at the clinic today.", set()),
    ("", set()),
])  # fmt: skip
def test_cases_from_a_text(text: str, expected: set[tuple[str, str]]) -> None:
    found = cases.cases_from_text("7", date(2026, 3, 1), "x", text)
    assert {(c.product, c.reaction) for c in found} == expected
    assert all((c.case_id, c.received, c.channel) == ("7", date(2026, 3, 1), "x") for c in found)
    assert all(SECRET not in repr(c) for c in found)


def test_the_line_listing() -> None:
    one = Case("12", date(2026, 3, 2), "facebook", "ibuprofen", "dizziness")
    text = cases.to_csv([one, one, Case("13", date(2026, 3, 3), "x", "a, b", "rash")])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [list(cases.COLUMNS), ["12", "2026-03-02", "facebook", "ibuprofen", "dizziness"],
                    ["13", "2026-03-03", "x", "a, b", "rash"]]  # fmt: skip


# --- the synthetic period ------------------------------------------------------------------------


def planned(last: date = LAST) -> list[tuple[datetime, str, tuple[str, ...]]]:
    """(moment, text, labels): a flu mention every third day from the lead-in on, a surge on the
    last days; sore arms after two vaccines, vomiting after Tylenol, dizziness after Advil."""

    def at(day: date, n: int) -> datetime:
        return datetime(day.year, day.month, day.day, 8, tzinfo=UTC) + timedelta(minutes=7 * n)

    first = last - timedelta(days=29)
    items: list[tuple[datetime, str, tuple[str, ...]]] = []
    for back in range((last - signals.lead_in(first)).days + 1):
        day = last - timedelta(days=back)
        n = SURGE[len(SURGE) - 1 - back] if back < len(SURGE) else int(back % 3 == 0)
        items += [(at(day, i), FLU, ()) for i in range(n)]
    for i, text in enumerate((FLU_SHOT, TETANUS, TYLENOL) * 12 + (ADVIL,) * 4 + (NO_PRODUCT,)):
        items.append((at(first + timedelta(days=i % 25), 100 + i), text, (AE,)))
    items.append((at(first, 200), FLU_SHOT, ()))  # not labelled: not a case
    items.append((at(last + timedelta(days=1), 1), TYLENOL, (AE,)))  # after the period
    return items


def as_items(rows: list[tuple[datetime, str, tuple[str, ...]]]) -> list[signals.Item]:
    return [
        signals.Item(str(i), at, "x", text, labels) for i, (at, text, labels) in enumerate(rows)
    ]


def check(found: signals.Signals, last: date = LAST) -> None:
    assert (found.first, found.last) == (last - timedelta(days=29), last)
    current = found.current()
    assert [a.series for a in current] == ["ili personal"]
    since = (last - timedelta(days=len(SURGE) - 1)).isoformat()
    assert current[0].at == last.isoformat() and current[0].since == since
    assert all(a.at >= since for a in found.alerts)  # no false alarm before the surge
    flagged = {(p.product, p.reaction): p for p in found.flagged}
    # the sore arms after two vaccines; vomiting and dizziness are each reported with one
    # product only (c = 0: PRR unbounded), so they signal too
    assert set(flagged) == {("influenza vaccine", "injection site pain"),
                            ("tdap vaccine", "injection site pain"),
                            ("acetaminophen", "vomiting"), ("ibuprofen", "dizziness")}  # fmt: skip
    pair = flagged["influenza vaccine", "injection site pain"]
    assert (pair.a, pair.b, pair.c, pair.d) == (12, 0, 12, 16)
    dizzy = flagged["ibuprofen", "dizziness"]
    assert (dizzy.a, dizzy.b, dizzy.c, dizzy.d, dizzy.prr) == (4, 0, 0, 36, None)
    assert len({c.case_id for c in found.cases}) == 40  # 36 + 4; no case without a product
    assert found.items == sum(1 for at, _, _ in planned(last)
                              if found.first <= at.date() <= last)  # fmt: skip


def test_compute_over_plain_items() -> None:
    found = signals.compute(as_items(planned()), FIRST, LAST)
    check(found)
    assert all(k.day >= FIRST for k in found.counts)  # the lead-in feeds the baselines only
    assert SECRET not in repr(found) and SECRET not in repr(as_items(planned())[0])
    late = signals.compute(as_items(planned()), FIRST, LAST - timedelta(days=len(SURGE)))
    assert late.alerts == () and late.current() == ()


def test_the_kinds_watched_and_the_detectors_are_chosen() -> None:
    news = signals.compute(as_items(planned()), FIRST, LAST, kinds=("news",))
    assert news.alerts == ()


def stored(database: Database, rows: list[tuple[datetime, str, tuple[str, ...]]]) -> None:
    with database.transaction() as s:
        for i, (at, text, labels) in enumerate(rows):
            s.add(InboundItem(channel="x", external_id=f"s{i}", author_handle="@someone", text=text,
                              labels=[{"name": n, "score": 0.9} for n in labels],
                              label_names="," + "".join(n + "," for n in labels), sentiment=None,
                              queue="general", state="open", received_at=at))  # fmt: skip


@pytest.fixture
def period_stored(database: Database) -> Database:
    stored(database, planned())
    return database


def test_compute_from_the_store(period_stored: Database) -> None:
    with period_stored.transaction() as s:
        found = signals_of(s, FIRST, LAST)
    check(found)
    pure = signals.compute(as_items(planned()), FIRST, LAST)
    assert found.counts == pure.counts and found.alerts == pure.alerts
    assert found.pairs == pure.pairs


# --- as shown ------------------------------------------------------------------------------------


def _alert(observed: float, expected: float) -> Alert:
    ratio = observed / expected if expected > 0 else None
    return Alert("ili personal", "c2", "2026-03-30", observed, expected, observed - expected,
                 ratio, 5.0, "2026-03-28")  # fmt: skip


@pytest.mark.parametrize("observed,expected,shown", [
    (30.0, 12.0, ("30", "12", "+18.0", "2.50")),
    (30.0, 2.5, ("30", "<11", "", "")),  # with the difference the expected would show
    (8.0, 0.0, ("<11", "0", "", "")),  # the difference would be the hidden count
    (8.0, 1.0, ("<11", "<11", "", "")),
    (11.0, 10.9, ("11", "<11", "", "")),
])  # fmt: skip
def test_an_alert_as_shown(observed: float, expected: float, shown: tuple[str, ...]) -> None:
    row = signals.alert_row(_alert(observed, expected))
    assert (row["observed"], row["expected"], row["difference"], row["ratio"]) == shown
    assert (row["statistic"], row["since"], row["series"]) == ("5.0", "2026-03-28", "ili personal")


# --- the commands --------------------------------------------------------------------------------


def test_signals_run(period_stored: Database) -> None:
    env = env_of(period_stored)
    done = run(["signals", "run", "--from", FIRST.isoformat(), "--to", LAST.isoformat(), "--json"],
               env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    kinds = [line["kind"] for line in lines]
    assert kinds[0] == "summary" and "alert" in kinds and kinds.count("pair") == 4
    assert lines[0]["cases"] == "40" and lines[0]["flagged_pairs"] == 4
    last = [line for line in lines if line["kind"] == "alert"][-1]
    assert (last["at"], last["observed"], last["since"]) == ("2026-03-30", "18", "2026-03-25")
    table = run(["signals", "run", "--from", FIRST.isoformat(), "--to", LAST.isoformat()], env)
    assert table.returncode == 0 and "ili personal" in table.stdout
    assert "influenza vaccine" in table.stdout and "Syndromic alerts" in table.stdout
    for output in (done.stdout + done.stderr, table.stdout + table.stderr):
        assert SECRET not in output and "Staying in bed" not in output


def test_signals_cases(period_stored: Database, tmp_path: Path) -> None:
    out, pairs = tmp_path / "cases.csv", tmp_path / "pairs.csv"
    done = run(["signals", "cases", "--from", FIRST.isoformat(), "--to", LAST.isoformat(),
                "--output", str(out), "--pairs", str(pairs)], env_of(period_stored))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "wrote 40 adverse-event cases" in done.stderr
    for path in (out, pairs):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert SECRET not in path.read_text()
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert tuple(rows[0]) == cases.COLUMNS and len(rows) == 40
    assert {r["product"] for r in rows} == {"influenza vaccine", "tdap vaccine", "acetaminophen",
                                            "ibuprofen"}  # fmt: skip
    shown = {
        (r["product"], r["reaction"]): r for r in csv.DictReader(io.StringIO(pairs.read_text()))
    }
    advil = shown["ibuprofen", "dizziness"]
    # 4 cases: the counts and figures are suppressed, the signal is shown
    assert (advil["a"], advil["prr"], advil["chi2"], advil["signal"]) == ("<11", "", "", "yes")
    flu = shown["influenza vaccine", "injection site pain"]
    assert (flu["a"], flu["b"], flu["c"], flu["signal"]) == ("12", "0", "12", "yes")


def test_configured_syndromes_are_counted_too(period_stored: Database, tmp_path: Path) -> None:
    syndromes = tmp_path / "syndromes.toml"
    syndromes.write_text('[[syndrome]]\nname = "bedbound"\nany = ["in bed"]\n', encoding="utf-8")
    env = {**env_of(period_stored), "SOCIALRX_SYNDROMES_FILE": str(syndromes)}
    done = run(["signals", "run", "--from", FIRST.isoformat(), "--to", LAST.isoformat(), "--json"],
               env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    series = {line["series"] for line in map(json.loads, done.stdout.splitlines())
              if line["kind"] == "alert"}  # fmt: skip
    assert series == {"ili personal", "bedbound personal"}  # the built-in ones stay
    syndromes.write_text('[[syndrome]]\nname = "Bed Bound"\n', encoding="utf-8")
    bad = run(["signals", "run"], env)
    assert bad.returncode == 2 and "'name' must be lower-case letters" in bad.stderr
    with pytest.raises(ConfigError, match="'name' must be lower-case"):
        create_app(Settings(database_url="sqlite://", syndromes_file=syndromes),
                   database=period_stored)  # fmt: skip


@pytest.mark.parametrize("args,message", [
    (["run", "--from", "2026-13-01"], "--from must be a date as YYYY-MM-DD"),
    (["run", "--from", "2026-03-09", "--to", "2026-03-01"], "ends (2026-03-01) before it starts"),
    (["cases", "--output", "/nowhere/at/all/c.csv"], "does not exist"),
])  # fmt: skip
def test_the_commands_say_what_was_wrong(database: Database, args: list[str], message: str) -> None:
    done = run(["signals", *args], env_of(database))
    assert done.returncode == 2 and message in done.stderr, done.stderr


# --- the dashboard and the report ----------------------------------------------------------------


@pytest.fixture
def client(database: Database, people: dict[str, User]) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url="sqlite://"), database=database)) as c:
        yield c


def test_the_dashboard_shows_the_signals(client: TestClient, database: Database) -> None:
    sign_in(client, database, "author")
    empty = client.get("/dashboard").text
    assert 'id="signals"' in empty and 'id="signal-alerts-none"' in empty
    today = datetime.now(UTC).date()
    stored(database, planned(today))
    html = client.get("/dashboard?days=30").text
    alerts = html[html.index('id="signal-alerts"') : html.index('id="signal-pairs"')]
    assert "ili personal" in alerts and (today - timedelta(days=5)).isoformat() in alerts
    assert "<td>18</td>" in alerts  # the last day's count, shown (≥ 11)
    assert "influenza vaccine" in html and "tdap vaccine" in html
    assert SECRET not in html and "@someone" not in html


def test_the_report_has_a_signals_section(period_stored: Database) -> None:
    chosen = reports.period(FIRST, LAST, ZoneInfo("UTC"))
    with period_stored.transaction() as s:
        found = reports.figures_of(s, chosen)
    text = reports.render(found, "csv").decode()
    rows = {(t, r, c): v for _, t, r, c, v in csv.reader(io.StringIO(text)) if _ == "signals"}
    assert rows["signal_alerts", "ili personal 2026-03-30", "Observed"] == "18"
    assert rows["signal_alerts", "ili personal 2026-03-30", "Since"] == "2026-03-25"
    assert rows["signal_pairs", "influenza vaccine / injection site pain", "a"] == "12"
    assert rows["signal_mentions", "2026-03-02 ili", "Personal"] == "<11"
    html = reports.render(found, "html").decode()
    assert '<section id="signals">' in html and "tdap vaccine" in html
    assert SECRET not in text and SECRET not in html
