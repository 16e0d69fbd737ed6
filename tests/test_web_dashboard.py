"""The dashboard over HTTP and its store queries: seeded rows give the right counts per day,
the top codes, latency median and 90th percentile per week, inbound by label and sentiment and
the unresolved crises (table-driven over the period); an empty database shows zeros; every
chart is an SVG with a title, an aria-label and a hidden table; and no text reaches the page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from test_web_audit_page import sign_in

from socialrx.settings import Settings
from socialrx.store import stats
from socialrx.store.database import Database, Session
from socialrx.store.models import InboundItem, Post, PostVersion, Review, User
from socialrx.web import create_app

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)  # a Wednesday
SECRET = "Synthetic patient story that must never reach the dashboard (marker 7QX)"

# (days ago, decision, codes)
VERSIONS = [
    (0, "allow", ()),
    (0, "review", ("phi.name",)),
    (1, "block", ("phi.name", "phi.mrn")),
    (5, "allow", ()),
    (10, "review", ("claim.cure",)),
    (40, "block", ("phi.mrn",)),
]
# (days ago decided, hours from created to decided)
REVIEWS = [(0, 1.0), (1, 3.0), (2, 2.0), (8, 10.0), (60, 5.0)]
# (days ago, labels, sentiment, state)
INBOUND = [
    (0, ("crisis", "complaint"), "negative", "open"),
    (2, ("crisis",), "negative", "closed"),
    (3, ("question",), "neutral", "assigned"),
    (20, ("complaint",), None, "open"),
    (80, ("crisis",), "negative", "assigned"),
]


def version(s: Session, author: User, at: datetime, decision: str,
            codes: tuple[str, ...] = ()) -> Post:  # fmt: skip
    """A post with one analysed version made at ``at``."""
    post = Post(author_id=author.id, state="draft", channels=["x"], version=1, created_at=at,
                updated_at=at)  # fmt: skip
    s.add(post)
    s.flush()
    s.add(PostVersion(post_id=post.id, number=1, text=f"{SECRET} {post.id}", content_hash="a" * 64,
                      decision=decision, policy="default@1", codes=list(codes), analysis={},
                      created_by=author.id, created_at=at))  # fmt: skip
    return post


def seed(database: Database, people: dict[str, User], now: datetime) -> None:
    author = people["author"]
    with database.transaction() as s:
        for i, (ago, decision, codes) in enumerate(VERSIONS):
            post = version(s, author, now - timedelta(days=ago), decision, codes)
            if i < len(REVIEWS):
                ago_decided, took = REVIEWS[i]
                decided = now - timedelta(days=ago_decided)
                s.add(Review(post_id=post.id, version=1, verdict="approved", note=SECRET,
                             created_at=decided - timedelta(hours=took), decided_at=decided))  # fmt: skip
        s.add(Review(post_id=post.id, version=1, created_at=now))  # open: not in the latency
        for i, (ago, labels, sentiment, state) in enumerate(INBOUND):
            s.add(InboundItem(channel="x", external_id=str(i), author_handle="@someone",
                              text=SECRET, labels=[{"name": n, "score": 0.9} for n in labels],
                              label_names="," + "".join(n + "," for n in labels),
                              sentiment=sentiment, queue=labels[0], state=state,
                              received_at=now - timedelta(days=ago)))  # fmt: skip


# days: (allow, review, block, top codes, labels, sentiments)
EXPECTED = {
    7: (2, 1, 1, [("phi.name", 2), ("phi.mrn", 1)],
        [("crisis", 2), ("complaint", 1), ("question", 1)], [("negative", 2), ("neutral", 1)]),
    30: (2, 2, 1, [("phi.name", 2), ("claim.cure", 1), ("phi.mrn", 1)],
         [("complaint", 2), ("crisis", 2), ("question", 1)],
         [("negative", 2), ("neutral", 1), ("none", 1)]),
    90: (2, 2, 2, [("phi.mrn", 2), ("phi.name", 2), ("claim.cure", 1)],
         [("crisis", 3), ("complaint", 2), ("question", 1)],
         [("negative", 3), ("neutral", 1), ("none", 1)]),
}  # fmt: skip


@pytest.mark.parametrize("days", sorted(EXPECTED))
def test_the_numbers(database: Database, people: dict[str, User], days: int) -> None:
    seed(database, people, NOW)
    with database.transaction() as s:
        data = stats.dashboard(s, days, NOW)
    allow, review, block, codes, labels, sentiments = EXPECTED[days]
    assert len(data.decisions) == days and data.decisions[-1].day == NOW.date()
    assert [sum(getattr(d, k) for d in data.decisions) for k in stats.DECISIONS] == [
        allow, review, block]  # fmt: skip
    today = data.decisions[-1]
    assert (today.allow, today.review, today.block) == (1, 1, 0)
    assert (data.codes, data.labels, data.sentiments) == (codes, labels, sentiments)
    assert data.crises == 2  # open or assigned crises, however old; the closed one is not
    weeks = {w.week: (w.count, w.median / 3600, w.p90 / 3600) for w in data.latency}
    this_week, last_week = date(2026, 3, 16), date(2026, 3, 9)
    assert weeks[this_week] == (3, 2.0, 3.0)  # 1, 2 and 3 hours
    if days >= 30:
        assert weeks[last_week] == (1, 10.0, 10.0)
    assert (date(2026, 1, 12) in weeks) == (days == 90)  # decided 60 days ago


def test_days_and_weeks_are_the_organisations(database: Database,
                                               people: dict[str, User]) -> None:  # fmt: skip
    """New York is UTC-4 in mid-March 2026: 02:00 UTC on the 18th is the evening of the 17th
    there, and a review decided at 02:00 UTC on Monday the 16th was decided on Sunday the
    15th, in the week from Monday the 9th. UTC days (the default) count them otherwise."""
    tz = ZoneInfo("America/New_York")
    with database.transaction() as s:
        posts = [version(s, people["author"], at, decision) for at, decision in (
            (datetime(2026, 3, 18, 2, tzinfo=UTC), "allow"),
            (datetime(2026, 3, 18, 5, tzinfo=UTC), "review"),
            (datetime(2026, 3, 12, 3, tzinfo=UTC), "block"))]  # fmt: skip
        decided = datetime(2026, 3, 16, 2, tzinfo=UTC)
        s.add(Review(post_id=posts[0].id, version=1, verdict="approved", created_at=decided - timedelta(hours=1),
                     decided_at=decided))  # fmt: skip
    with database.transaction() as s:
        local, utc = stats.dashboard(s, 7, NOW, tz), stats.dashboard(s, 7, NOW)
    by_day = {d.day: (d.allow, d.review, d.block) for d in local.decisions if d.total}
    assert by_day == {date(2026, 3, 17): (1, 0, 0), date(2026, 3, 18): (0, 1, 0)}
    assert (local.first, local.since) == (date(2026, 3, 12), datetime(2026, 3, 12, 4, tzinfo=UTC))
    assert [w.week for w in local.latency] == [date(2026, 3, 9)]
    by_day = {d.day: (d.allow, d.review, d.block) for d in utc.decisions if d.total}
    assert by_day == {date(2026, 3, 12): (0, 0, 1), date(2026, 3, 18): (1, 1, 0)}
    assert [w.week for w in utc.latency] == [date(2026, 3, 16)]


def test_the_page_names_the_organisations_time_zone(database: Database,
                                                    people: dict[str, User]) -> None:  # fmt: skip
    settings = Settings(database_url="sqlite://", timezone="Europe/Berlin")
    with TestClient(create_app(settings, database=database)) as c:
        sign_in(c, database, "author")
        html = c.get("/dashboard?days=7").text
    first = (datetime.now(ZoneInfo("Europe/Berlin")).date() - timedelta(days=6)).isoformat()
    assert f"From {first} (Europe/Berlin) to today." in html
    assert "(from Monday, Europe/Berlin)" in html and "(UTC)" not in html


def test_percentile_is_nearest_rank() -> None:
    assert stats.percentile([1.0], 0.9) == 1.0
    assert stats.percentile([float(n) for n in range(1, 11)], 0.9) == 9.0
    assert stats.percentile([float(n) for n in range(1, 21)], 0.9) == 18.0


@pytest.fixture
def client(database: Database, people: dict[str, User]) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url="sqlite://"), database=database)) as c:
        yield c


CHARTS = ("chart-decisions", "chart-codes", "chart-latency", "chart-labels", "chart-sentiments")


def charts_are_accessible(html: str) -> None:
    for ident in CHARTS:
        svg = re.search(rf'<svg id="{ident}"[^>]*>.*?</svg>', html, re.S)
        assert svg, ident
        assert 'role="img"' in svg[0] and re.search(r'aria-label="[^"]+"', svg[0])
        assert re.search(r"<title>[^<]+</title>", svg[0])
    assert html.count('<table class="visually-hidden">') == len(CHARTS)


@pytest.mark.parametrize("who", ["author", "reviewer", "compliance", "admin"])
def test_an_empty_database_shows_zeros(client: TestClient, database: Database, who: str) -> None:
    sign_in(client, database, who)
    assert client.get("/", follow_redirects=False).headers["location"] == "/dashboard"
    page = client.get("/dashboard")
    assert page.status_code == 200, page.text
    html = page.text
    assert '<strong id="crisis-count">0</strong>' in html and "crises-none" in html
    assert "0 analysed versions" in html and "No data in this period" in html
    assert 'href="/dashboard" aria-current="page">Dashboard</a>' in html
    assert 'href="/inbox?label=crisis"' in html
    charts_are_accessible(html)


@pytest.mark.parametrize("days", sorted(EXPECTED))
def test_the_page_shows_the_seeded_numbers_and_no_text(
    client: TestClient, database: Database, people: dict[str, User], days: int
) -> None:
    seed(database, people, datetime.now(UTC))
    sign_in(client, database, "author")
    html = client.get(f"/dashboard?days={days}").text
    allow, review, block, codes, labels, sentiments = EXPECTED[days]
    assert f"{allow + review + block} analysed versions" in html
    for name, n in zip(stats.DECISIONS, (allow, review, block), strict=True):
        assert f'<span class="total-{name}">{n} {name}</span>' in html
    assert '<strong id="crisis-count">2</strong>' in html and "crises-open" in html
    for name, n in (*codes, *labels, *sentiments):
        assert f'<tr><th scope="row">{name}</th><td>{n}</td></tr>' in html
    assert f'href="/dashboard?days={days}" aria-current="page"' in html
    charts_are_accessible(html)
    assert "7QX" not in html and "Synthetic patient" not in html and "@someone" not in html


@pytest.mark.parametrize("days", ["1", "365", "x"])
def test_other_periods_are_refused(client: TestClient, database: Database, days: str) -> None:
    sign_in(client, database, "author")
    assert client.get(f"/dashboard?days={days}").status_code == 422


def test_strangers_are_sent_to_the_login(client: TestClient) -> None:
    response = client.get("/dashboard", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/login")
