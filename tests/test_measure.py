"""The figures of "Measure" (``socialrx.measure``) over facts read from the real store
(``socialrx.store.measures``), on SQLite and PostgreSQL: a small period in America/New_York
across the start of daylight-saving time (Sunday 8 March 2026, 02:00 → 03:00), every figure
checked against numbers worked out by hand (the arithmetic is in the comments). Then the pure
functions, table-driven with their negatives, and property tests of the percentile and of the
pooled engagement rate. Synthetic text only."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import Maker
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from socialrx import measure, service_levels
from socialrx.errors import InputError
from socialrx.measure import DayTotals, InboundFacts, PublicationFacts, Reading, Voice
from socialrx.service_levels import Service, Times
from socialrx.store import audit_log, inbound, measures, posts, users
from socialrx.store.database import Database
from socialrx.store.models import InboundItem, Publication, User

NY = ZoneInfo("America/New_York")
START = datetime(2026, 3, 1, 5, tzinfo=UTC)  # 1 March 00:00 EST (UTC−5)
END = datetime(2026, 3, 10, 4, tzinfo=UTC)  # 10 March 00:00 EDT (UTC−4): 9 local days
MIN, HOUR = timedelta(minutes=1), timedelta(hours=1)


def utc(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


# --- the period, stored ------------------------------------------------------------------------

# Posts A, B, C, E (and D, before the period). Channels: linkedin reports impressions, mastodon
# does not. Readings are cumulative; "eng" = reactions + comments + shares + clicks.
PUBLISHED = {  # (post, channel): (state, published_at)
    ("A", "linkedin"): ("published", utc(2, 14)),  # 2 Mar 09:00 EST
    ("A", "mastodon"): ("published", utc(2, 14)),
    ("B", "linkedin"): ("published", utc(4, 15)),  # 4 Mar 10:00 EST
    ("C", "mastodon"): ("published", utc(8, 13)),  # 8 Mar 09:00 EDT
    ("E", "linkedin"): ("published", utc(9, 15)),  # 9 Mar 11:00 EDT, never read
    ("D", "linkedin"): ("published", utc(27, 12, month=2)),  # before the period
    ("F", "linkedin"): ("failed", utc(5, 12)),  # not published: not counted
}
READINGS = {  # (post, channel): [(collected_at, counts)]
    ("A", "linkedin"): [
        # eng 5+1+0+4 = 10
        (utc(2, 20), dict(impressions=100, reach=80, reactions=5, comments=1, shares=0, clicks=4)),
        # eng 12+3+2+13 = 30; rate 30/400 = 0.075
        (utc(3, 20), dict(impressions=400, reach=300, reactions=12, comments=3, shares=2, clicks=13)),
    ],
    ("A", "mastodon"): [
        (utc(2, 20), dict(reactions=7, comments=2, shares=3)),  # eng 12 (no clicks reported)
        (utc(6, 5), dict(reactions=9, comments=2, shares=4)),  # eng 15; 6 Mar 00:00 EST exactly
    ],
    ("B", "linkedin"): [
        # 5 Mar 03:00 UTC = 4 Mar 22:00 EST; eng 20+5+5+20 = 50
        (utc(5, 3), dict(impressions=1000, reach=900, reactions=20, comments=5, shares=5, clicks=20)),
        # 9 Mar 04:30 UTC = 9 Mar 00:30 EDT (on EST it would still be 8 Mar); eng 100, rate 0.05
        (utc(9, 4, 30), dict(impressions=2000, reach=1500, reactions=40, comments=10, shares=10,
                             clicks=40, video_views=300)),
        # after the period's end: eng 60+10+10+70 = 150
        (utc(11, 0), dict(impressions=3000, reach=2000, reactions=60, comments=10, shares=10,
                          clicks=70, video_views=400)),
    ],
    ("C", "mastodon"): [(utc(8, 16), dict(reactions=1)),  # replaced the same day
                         (utc(8, 18), dict(reactions=3))],  # eng 3
    ("D", "linkedin"): [(utc(2, 12), dict(impressions=50, reactions=1))],  # outside the period
}  # fmt: skip


@dataclass(frozen=True)
class Item:
    external_id: str
    channel: str
    labels: tuple[str, ...]
    sentiment: str | None
    received: datetime
    replies: tuple[tuple[str, datetime], ...] = ()  # (publication state, published_at)
    escalated: datetime | None = None
    resolved: datetime | None = None


ITEMS = (
    # crisis: escalated after 5 min, answered after 30 min, resolved after 60 min
    Item("i1", "mastodon", ("crisis",), "negative", utc(2, 15),
         (("published", utc(2, 15, 30)),), escalated=utc(2, 15, 5), resolved=utc(2, 16)),
    # answered after 26 h (> 24 h: a breach), resolved after 28 h
    Item("i2", "mastodon", ("complaint", "medical_question"), "negative", utc(3, 14),
         (("published", utc(4, 16)),), resolved=utc(4, 18)),
    Item("i3", "mastodon", ("praise",), "positive", utc(3, 20),  # answered after 2 h; open
         (("published", utc(3, 22)),)),
    Item("i4", "google_reviews", ("complaint",), "neutral", utc(8, 12)),  # unanswered: 40 h at END
    # answered only after END (10 Mar 06:00): open at END, 8 h old (< 24 h: no breach)
    Item("i5", "mastodon", ("medical_question",), "negative", utc(9, 20),
         (("published", utc(10, 6)),)),
    # no label, no sentiment; a failed reply at 10:30 does not count, the one at 11:00 does
    Item("i6", "mastodon", (), None, utc(5, 10),
         (("failed", utc(5, 10, 30)), ("published", utc(5, 11))), resolved=utc(5, 12)),
    # 9 Mar 04:15 UTC = 9 Mar 00:15 EDT (on EST: 8 Mar); answered after 1 h
    Item("i8", "mastodon", ("praise",), "positive", utc(9, 4, 15),
         (("published", utc(9, 5, 15)),)),
    Item("before", "mastodon", ("complaint",), "negative", utc(28, 12, month=2)),
    Item("after", "mastodon", ("complaint",), "negative", utc(10, 5)),
)  # fmt: skip


@dataclass(frozen=True)
class Stored:
    publications: dict[tuple[str, str], int]  # (post, channel) → publication id
    posts: dict[str, int]  # post → post id
    items: dict[str, int]  # external id → item id


def publish(session: Session, post_id: int, channel: str, state: str, at: datetime) -> int:
    publication = Publication(post_id=post_id, channel=channel, key=f"k-{post_id}-{channel}",
                              content_hash="h", state=state, attempts=1, attempted_at=at,
                              published_at=at)  # fmt: skip
    session.add(publication)
    session.flush()
    return publication.id


def store_period(database: Database, author: User, make: Maker) -> Stored:
    from socialrx.store import channels

    done = Stored({}, {}, {})
    with database.transaction() as s:
        writer = users.by_id(s, author.id)
        for post in sorted({p for p, _ in PUBLISHED}):
            text = f"Clinic hours update {post} (synthetic)."
            targets = [c for p, c in PUBLISHED if p == post]
            done.posts[post] = posts.create_post(s, writer, text, make(text), targets).id
        for (post, channel), (state, at) in PUBLISHED.items():
            done.publications[post, channel] = publish(s, done.posts[post], channel, state, at)
        for key, series in READINGS.items():
            for at, counts in series:
                channels.record_metrics(s, done.publications[key], at, dict(counts))
        for item in ITEMS:
            text = f"Synthetic message {item.external_id}."
            analysis = make(text, channel="inbound", labels=item.labels)
            row, _ = inbound.ingest(s, item.channel, item.external_id, "@someone", analysis, "t")
            row.received_at, row.sentiment = item.received, item.sentiment
            done.items[item.external_id] = row.id
            for n, (state, at) in enumerate(item.replies):
                reply = f"Thank you, we are looking into it {n} (synthetic)."
                answer = posts.create_post(s, writer, reply, make(reply, channel="reply"),
                                         [item.channel], in_reply_to=row.id)  # fmt: skip
                publish(s, answer.id, item.channel, state, at)
            if item.escalated is not None:
                audit_log.append(s, "t", "inbound.escalated", ("inbound", row.id),
                                 at=item.escalated)  # fmt: skip
            if item.resolved is not None:
                with pytest.MonkeyPatch.context() as clock:  # resolve() takes no time
                    clock.setattr(audit_log, "utcnow", lambda at=item.resolved: at)
                    inbound.resolve(s, row.id, "t")
        s.flush()
    return done


@pytest.fixture
def stored(database: Database, people: dict[str, User], analysis_of: Maker) -> Stored:
    return store_period(database, people["author"], analysis_of)


def test_publications_with_their_latest_reading(database: Database, stored: Stored) -> None:
    with database.transaction() as s:
        found = measures.publications_with_latest(s, START, END, as_of=END)
        latest_now = measures.publications_with_latest(s, START, END)
    ids = stored.publications
    # published in the period, oldest first (A's two at the same moment: by id); not D, not F
    assert [f.publication_id for f in found] == [ids["A", "linkedin"], ids["A", "mastodon"],
                                                 ids["B", "linkedin"], ids["C", "mastodon"],
                                                 ids["E", "linkedin"]]  # fmt: skip
    by_id = {f.publication_id: f for f in found}
    b = by_id[ids["B", "linkedin"]]
    assert (b.post_id, b.channel, b.published_at) == (stored.posts["B"], "linkedin", utc(4, 15))
    assert b.latest == Reading(ids["B", "linkedin"], utc(9, 4, 30), 2000, 1500, 40, 10, 10, 40,
                               300)  # fmt: skip
    assert by_id[ids["A", "mastodon"]].latest == Reading(ids["A", "mastodon"], utc(6, 5),
                                                         None, None, 9, 2, 4, None, None)  # fmt: skip
    assert by_id[ids["E", "linkedin"]].latest is None
    # without as_of, the last reading whenever it was collected (B's, on 11 March)
    latest_b = {f.publication_id: f for f in latest_now}[ids["B", "linkedin"]].latest
    assert latest_b is not None and latest_b.collected_at == utc(11, 0)


def test_performance_overall_and_per_channel(database: Database, stored: Stored) -> None:
    with database.transaction() as s:
        found = measures.publications_with_latest(s, START, END, as_of=END)
    ids = stored.publications
    overall = measure.performance(found, top=3)
    # posts A, B, C, E = 4 (A is on two channels: 5 publications)
    assert (overall.posts, overall.publications) == (4, 5)
    assert overall.impressions == 400 + 2000  # mastodon reports none; E has no reading
    assert overall.reach == 300 + 1500
    assert overall.engagements == 30 + 15 + 100 + 3  # = 148
    # pooled over the two rated publications: (30 + 100) / (400 + 2000) = 130 / 2400
    assert overall.rated == 2 and overall.engagement_rate == pytest.approx(130 / 2400)
    assert overall.engagement_rate != pytest.approx((0.075 + 0.05) / 2)  # not the mean of ratios
    assert [(t.publication_id, t.engagements) for t in overall.top] == [
        (ids["B", "linkedin"], 100), (ids["A", "linkedin"], 30), (ids["A", "mastodon"], 15)]  # fmt: skip
    assert overall.top[1].engagement_rate == pytest.approx(30 / 400)
    assert overall.top[2].engagement_rate is None  # no impressions: no rate, not 0
    channels = measure.performance_by_channel(found)
    assert list(channels) == ["linkedin", "mastodon"]
    linkedin, mastodon = channels["linkedin"], channels["mastodon"]
    assert (linkedin.posts, linkedin.impressions, linkedin.reach, linkedin.engagements) == (
        3, 2400, 1800, 130)  # fmt: skip
    assert linkedin.engagement_rate == pytest.approx(130 / 2400)
    assert [t.publication_id for t in linkedin.top] == [ids["B", "linkedin"], ids["A", "linkedin"]]
    assert (mastodon.posts, mastodon.impressions, mastodon.reach, mastodon.engagements) == (
        2, None, None, 15 + 3)  # fmt: skip
    assert (mastodon.rated, mastodon.engagement_rate) == (0, None)


def totals(day: int, pubs: int, counts: tuple[int | None, ...]) -> DayTotals:
    return DayTotals(date(2026, 3, day), pubs, *counts)


#            impressions reach reactions comments shares clicks video_views engagements
NOTHING = (None, None, None, None, None, None, None, None)
# 2 Mar: A-li r1 (100, 80, 5, 1, 0, 4, eng 10) + A-ma r1 (-, -, 7, 2, 3, -, eng 12)
MAR_2 = (100, 80, 12, 3, 3, 4, None, 22)
# 3 Mar: A-li r2 (400, 300, 12, 3, 2, 13, eng 30) replaces r1 (not added to it)
MAR_3 = (400, 300, 19, 5, 5, 13, None, 42)
# 4 Mar (B-li r1 at 22:00 EST): + (1000, 900, 20, 5, 5, 20, eng 50)
MAR_4 = (1400, 1200, 39, 10, 10, 33, None, 92)
# 6 Mar: A-ma r2 (9, 2, 4, eng 15) replaces r1 (7, 2, 3, eng 12) at midnight: not on 5 Mar
MAR_6 = (1400, 1200, 41, 10, 11, 33, None, 95)
# 8 Mar (23 hours long): + C-ma r1 (reactions 3, eng 3)
MAR_8 = (1400, 1200, 44, 10, 11, 33, None, 98)
# 9 Mar: B-li r2 (2000, 1500, 40, 10, 10, 40, 300, eng 100) replaces r1; B's r3 is after END
MAR_9 = (2400, 1800, 64, 15, 16, 53, 300, 148)


def test_daily_totals_in_new_york_across_the_change_to_summer_time(
    database: Database, stored: Stored
) -> None:
    ends = [measure.day_end(day, NY) for day in measure.local_days(START, END, NY)]
    with database.transaction() as s:
        found = measures.readings(s, START, END)
        last_of_days = measures.readings(s, START, END, bounds=ends)
    # the period's publications' readings before END: 2 + 2 + 2 + 2 (not B's third, not D's)
    assert len(found) == 8 and all(r.collected_at < END for r in found)
    expected = [
        totals(1, 0, NOTHING), totals(2, 2, MAR_2), totals(3, 2, MAR_3), totals(4, 3, MAR_4),
        totals(5, 3, MAR_4), totals(6, 3, MAR_6), totals(7, 3, MAR_6), totals(8, 4, MAR_8),
        totals(9, 4, MAR_9),
    ]  # fmt: skip
    assert measure.daily_totals(found, START, END, NY) == expected
    # the last day equals the performance totals of the same publications
    assert MAR_9[0] == 2400 and MAR_9[-1] == 148
    # by day from the store: C's 16:00 reading is replaced on the same day, so it is left out
    assert len(last_of_days) == 7 and utc(8, 16) not in {r.collected_at for r in last_of_days}
    assert measure.daily_totals(last_of_days, START, END, NY) == expected


def test_posting_cadence(database: Database, stored: Stored) -> None:
    with database.transaction() as s:
        found = measures.publications_with_latest(s, START, END)
    cadence = measure.cadence(found, START, END, NY)
    per_day = dict(cadence.per_day)
    assert len(per_day) == 9
    assert per_day[date(2026, 3, 2)] == {"linkedin": 1, "mastodon": 1}  # A, 09:00 EST
    assert per_day[date(2026, 3, 4)] == {"linkedin": 1}  # B
    assert per_day[date(2026, 3, 8)] == {"mastodon": 1}  # C
    assert per_day[date(2026, 3, 9)] == {"linkedin": 1}  # E
    assert per_day[date(2026, 3, 1)] == {} and per_day[date(2026, 3, 5)] == {}
    # weeks start on Monday: 2 Mar (A, B, C) and 9 Mar (E); 1 March (a Sunday) has none
    assert cadence.per_week == ((date(2026, 3, 2), 3), (date(2026, 3, 9), 1))
    assert cadence.weekly_mean == pytest.approx(4 / (9 / 7))  # 4 posts in 9 days = 3.11 a week


def test_inbound_facts(database: Database, stored: Stored) -> None:
    with database.transaction() as s:
        found = measures.inbound_facts(s, START, END)
    ids = stored.items
    # received in the period, oldest first; not "before", not "after"
    assert [f.item_id for f in found] == [ids[k] for k in ("i1", "i2", "i3", "i6", "i4", "i8",
                                                            "i5")]  # fmt: skip
    facts = {f.item_id: f for f in found}
    assert facts[ids["i1"]] == InboundFacts(ids["i1"], "mastodon", ("crisis",), "negative",
                                            utc(2, 15), utc(2, 15, 30), utc(2, 16), utc(2, 15, 5))  # fmt: skip
    assert facts[ids["i2"]].labels == ("complaint", "medical_question")
    assert facts[ids["i3"]].resolved_at is None and facts[ids["i3"]].escalated_at is None
    assert (
        facts[ids["i4"]].first_response_at is None and facts[ids["i4"]].channel == "google_reviews"
    )
    assert facts[ids["i5"]].first_response_at == utc(10, 6)  # after END: the facts keep it
    assert facts[ids["i6"]].labels == () and facts[ids["i6"]].sentiment is None
    assert facts[ids["i6"]].first_response_at == utc(5, 11)  # the failed reply is not a response


def test_a_reopened_item_is_not_resolved(database: Database, stored: Stored,
                                         analysis_of: Maker) -> None:  # fmt: skip
    with database.transaction() as s:  # an edit that makes it a crisis reopens it
        text = "Synthetic message i6, edited."
        inbound.ingest(s, "mastodon", "i6", "@someone", analysis_of(text, channel="inbound",
                                                                    labels=("crisis",)), "t")  # fmt: skip
        assert s.get_one(InboundItem, stored.items["i6"]).state == "open"
    with database.transaction() as s:
        found = {f.item_id: f for f in measures.inbound_facts(s, START, END)}
    assert found[stored.items["i6"]].resolved_at is None
    assert found[stored.items["i6"]].labels == ("crisis",)


def test_service_levels_by_label_and_channel(database: Database, stored: Stored) -> None:
    with database.transaction() as s:
        found = measures.inbound_facts(s, START, END)
    by_label = service_levels.service_by(found, "label", END)
    assert by_label == {
        # i2 (26 h, resolved 28 h) and i4 (unanswered, 40 h old at END > 24 h): both breach
        "complaint": Service(2, Times(1, 1, 26 * HOUR, 26 * HOUR),
                             Times(1, 1, 28 * HOUR, 28 * HOUR), 2),
        # i1: replied 30 min, resolved 60 min; escalated after 5 min ≤ 15 min: no breach
        "crisis": Service(1, Times(1, 0, 30 * MIN, 30 * MIN), Times(1, 0, 60 * MIN, 60 * MIN), 0),
        # i2 (breach) and i5 (open at END: answered only after it; 8 h old < 24 h)
        "medical_question": Service(2, Times(1, 1, 26 * HOUR, 26 * HOUR),
                                    Times(1, 1, 28 * HOUR, 28 * HOUR), 1),
        # i3 (2 h) and i8 (1 h): sorted [1 h, 2 h]; median = rank ceil(0.5·2) = 1st = 1 h,
        # p90 = rank ceil(0.9·2) = 2nd = 2 h; neither resolved: open, not 0
        "praise": Service(2, Times(2, 0, 1 * HOUR, 2 * HOUR), Times(0, 2, None, None), 0),
        "unlabelled": Service(1, Times(1, 0, HOUR, HOUR), Times(1, 0, 2 * HOUR, 2 * HOUR), 0),
    }  # fmt: skip
    by_channel = service_levels.service_by(found, "channel", END)
    assert by_channel == {
        "google_reviews": Service(1, Times(0, 1, None, None), Times(0, 1, None, None), 1),
        # first responses sorted [30 min, 1 h, 1 h, 2 h, 26 h] (i5 open): median rank
        # ceil(2.5) = 3rd = 1 h; p90 rank ceil(4.5) = 5th = 26 h. Resolutions [1 h, 2 h, 28 h]
        # (i3, i5, i8 open): median rank ceil(1.5) = 2nd = 2 h; p90 rank ceil(2.7) = 3rd = 28 h
        "mastodon": Service(6, Times(5, 1, HOUR, 26 * HOUR), Times(3, 3, 2 * HOUR, 28 * HOUR), 1),
    }  # fmt: skip
    facts = {f.item_id: f for f in found}
    i1, i5 = facts[stored.items["i1"]], facts[stored.items["i5"]]
    assert service_levels.crisis_response_time(i1, END) == 5 * MIN  # min(30 min, 5 min)
    later = utc(11, 0)  # known a day later, i5 was answered after 10 h: no breach
    assert service_levels.first_response_time(i5, END) is None
    assert service_levels.first_response_time(i5, later) == 10 * HOUR
    assert not service_levels.breached(i5, later)


def test_sentiment_per_day(database: Database, stored: Stored) -> None:
    with database.transaction() as s:
        found = measures.inbound_facts(s, START, END)
    trend = {d.day.day: d for d in service_levels.sentiment_trend(found, START, END, NY)}
    assert len(trend) == 9
    #                  negative neutral positive unknown share
    expected = {
        1: (0, 0, 0, 0, None),
        2: (1, 0, 0, 0, 1.0),  # i1
        3: (1, 0, 1, 0, 0.5),  # i2 09:00 EST, i3 15:00 EST
        5: (0, 0, 0, 1, None),  # i6: no sentiment is not "neutral"
        8: (0, 1, 0, 0, 0.0),  # i4
        9: (1, 0, 1, 0, 0.5),
    }  # i5; i8 at 00:15 EDT (on EST it would be 8 March)
    for day, (neg, neu, pos, unknown, share) in expected.items():
        d = trend[day]
        assert (d.negative, d.neutral, d.positive, d.unknown, d.negative_share) == (
            neg, neu, pos, unknown, share), day  # fmt: skip
    assert all(trend[day].negative_share is None for day in (4, 6, 7))


def test_the_store_queries_are_a_few_whatever_the_rows(database: Database, stored: Stored) -> None:
    from sqlalchemy import event

    statements: list[str] = []

    def seen(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        with database.transaction() as s:
            measures.publications_with_latest(s, START, END)
            measures.readings(s, START, END)
            measures.inbound_facts(s, START, END)
    finally:
        event.remove(database.engine, "before_cursor_execute", seen)
    selects = [q for q in statements if q.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2 + 1 + 3


@pytest.mark.parametrize("start,end", [(END, START), (START, START),
                                       (START.replace(tzinfo=None), END)])  # fmt: skip
def test_a_period_must_be_aware_and_not_empty(database: Database, start: datetime,
                                              end: datetime) -> None:  # fmt: skip
    with database.transaction() as s, pytest.raises(InputError):
        measures.inbound_facts(s, start, end)


# --- the pure functions ------------------------------------------------------------------------


def reading(**counts: int | None) -> Reading:
    return Reading(1, START, **counts)


@pytest.mark.parametrize(
    "counts,engaged,rate",
    [
        (dict(impressions=200, reactions=5, comments=3, shares=1, clicks=1), 10, 0.05),
        (dict(impressions=200, reactions=5), 5, 0.025),  # the kinds not reported are absent
        (dict(reactions=4, comments=1, shares=2), 7, None),  # Mastodon: no impressions, no rate
        (dict(impressions=0, reactions=4), 4, None),  # 0 impressions: no rate (not infinity)
        (dict(impressions=100), None, None),  # no engagement kind reported: absent, not 0
        (dict(impressions=100, reactions=0, video_views=50), 0, 0.0),  # views are not engagement
        ({}, None, None),
    ],
)  # fmt: skip
def test_engagement_and_rate_of_a_reading(counts: dict[str, int], engaged: int | None,
                                          rate: float | None) -> None:  # fmt: skip
    assert measure.engagement(reading(**counts)) == engaged
    assert measure.engagement_rate(reading(**counts)) == rate


@pytest.mark.parametrize(
    "count,shown",
    [(0, 0), (1, None), (5, None), (10, None), (11, 11), (12, 12), (1000, 1000)],
)
def test_suppression_edges(count: int, shown: int | None) -> None:
    assert measure.suppress(count) == shown


def test_suppression_refuses_a_negative_count_and_takes_a_threshold() -> None:
    with pytest.raises(InputError):
        measure.suppress(-1)
    assert (measure.suppress(4, threshold=5), measure.suppress(5, threshold=5)) == (None, 5)


def test_suppression_of_a_mapping() -> None:
    counts = {"crisis": 3, "adverse_event": 0, "medical_question": 14, "praise": 2}
    assert measure.suppress_counts(counts) == {"crisis": None, "adverse_event": 0,
                                               "medical_question": 14, "praise": None}  # fmt: skip
    assert measure.suppress_counts(counts, measure.HEALTH_LABELS) == {
        "crisis": None, "adverse_event": 0, "medical_question": 14, "praise": 2}  # fmt: skip
    by_rule: Callable[[str], bool] = lambda key: key.startswith("p")  # noqa: E731
    assert measure.suppress_counts(counts, by_rule)["praise"] is None


ORGS = {"Mercy": ["Mercy General", "@mercygen"], "St Luke": ["St. Luke's", "StLukes"],
        "Quiet": ["Quiet Valley Clinic"]}  # fmt: skip
TEXTS = [
    "Great care at Mercy General today (synthetic).",  # Mercy
    "mercy general vs St. Luke's: both were quick (synthetic).",  # Mercy, St Luke
    "Thanks @mercygen and MERCY GENERAL again (synthetic).",  # Mercy, once
    "Mercy Generalized worry is not a name (synthetic).",  # inside a longer word: no one
    "#StLukes parking is hard (synthetic).",  # St Luke
    "No hospital named here (synthetic).",
]


def test_share_of_voice() -> None:
    # mentions: Mercy 3, St Luke 2, Quiet 0; of 5 in all
    assert measure.share_of_voice(TEXTS, ORGS) == {
        "Mercy": Voice(3, 3 / 5), "St Luke": Voice(2, 2 / 5), "Quiet": Voice(0, 0.0)}  # fmt: skip
    assert measure.share_of_voice(TEXTS[3:4], ORGS)["Mercy"] == Voice(0, None)
    assert measure.share_of_voice(TEXTS, {"Nameless": []}) == {"Nameless": Voice(0, None)}


@pytest.mark.parametrize(
    "values,share,expected",
    [
        (list(range(1, 11)), 0.5, 5), (list(range(1, 11)), 0.9, 9), (list(range(1, 11)), 1.0, 10),
        (list(range(1, 11)), 0.0, 1), (list(range(1, 11)), 0.11, 2),  # ceil(1.1) = 2nd
        ([7], 0.9, 7), ([2, 1], 0.5, 1),  # an even count's median is the lower middle
        ([3, 1, 2, 2], 0.75, 2),
    ],
)  # fmt: skip
def test_nearest_rank_percentile(values: list[int], share: float, expected: int) -> None:
    assert service_levels.percentile(values, share) == expected


@pytest.mark.parametrize("values,share", [([], 0.5), ([1], -0.1), ([1], 1.5)])
def test_a_percentile_needs_values_and_a_share_in_range(values: list[int], share: float) -> None:
    with pytest.raises(InputError):
        service_levels.percentile(values, share)


@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=50), st.floats(0.0, 1.0))
def test_the_percentile_is_the_smallest_value_with_enough_at_or_below(
    values: list[int], share: float
) -> None:
    found = service_levels.percentile(values, share)
    rank = max(1, math.ceil(share * len(values)))
    assert found in values
    assert sum(v <= found for v in values) >= rank  # at least share·n at or below it
    assert sum(v < found for v in values) < rank  # and it is the smallest such value


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 10**7)), min_size=1,
                max_size=30))  # fmt: skip
def test_the_pooled_rate_lies_between_the_post_rates(pairs: list[tuple[int, int]]) -> None:
    facts = [PublicationFacts(n, n, "linkedin", START,
                              Reading(n, START, impressions=seen, reactions=engaged))
             for n, (engaged, seen) in enumerate(pairs)]  # fmt: skip
    rates = [engaged / seen for engaged, seen in pairs]
    pooled = measure.performance(facts).engagement_rate
    assert pooled is not None
    assert min(rates) * (1 - 1e-12) <= pooled <= max(rates) * (1 + 1e-12)


@pytest.mark.parametrize(
    "day,hours",
    [(date(2026, 3, 7), 24), (date(2026, 3, 8), 23),  # clocks go forward at 02:00
     (date(2026, 11, 1), 25), (date(2026, 11, 2), 24)],  # and back at 02:00
)  # fmt: skip
def test_local_days_last_23_or_25_hours_across_a_change(day: date, hours: int) -> None:
    length = measure.day_end(day, NY) - measure.day_end(day - timedelta(days=1), NY)
    assert length == timedelta(hours=hours)


def test_local_days_of_a_period() -> None:
    days = measure.local_days(START, END, NY)
    assert (days[0], days[-1], len(days)) == (date(2026, 3, 1), date(2026, 3, 9), 9)
    # the same instants read in UTC touch ten dates (1 March 05:00 to 10 March 04:00)
    assert len(measure.local_days(START, END, ZoneInfo("UTC"))) == 10
    with pytest.raises(InputError):
        measure.local_days(END, START, NY)


def facts(received: datetime, labels: tuple[str, ...] = (), reply: datetime | None = None,
          escalated: datetime | None = None, resolved: datetime | None = None) -> InboundFacts:  # fmt: skip
    return InboundFacts(1, "x", labels, None, received, reply, resolved, escalated)


T0 = utc(2, 12)


@pytest.mark.parametrize(
    "item,end,response,crisis,breach",
    [
        # crisis answered in 20 min but escalated in 10: its response time is 10 min (≤ 15)
        (facts(T0, ("crisis",), T0 + 20 * MIN, T0 + 10 * MIN), T0 + HOUR, 20 * MIN, 10 * MIN, False),
        (facts(T0, ("crisis",), T0 + 20 * MIN), T0 + HOUR, 20 * MIN, 20 * MIN, True),  # > 15 min
        (facts(T0, ("crisis",), escalated=T0 + 16 * MIN), T0 + HOUR, None, 16 * MIN, True),
        (facts(T0, ("crisis",)), T0 + 14 * MIN, None, None, False),  # open, not yet late
        (facts(T0, ("crisis",)), T0 + 16 * MIN, None, None, True),  # open and already late
        # an escalation after the report's end has not happened yet
        (facts(T0, ("crisis",), escalated=T0 + 2 * HOUR), T0 + HOUR, None, None, True),
        # the strictest label holds: praise (48 h) + adverse_event (24 h) → 24 h
        (facts(T0, ("praise", "adverse_event"), T0 + 30 * HOUR), T0 + 60 * HOUR, 30 * HOUR,
         30 * HOUR, True),
        (facts(T0, (), T0 + 47 * HOUR), T0 + 60 * HOUR, 47 * HOUR, 47 * HOUR, False),  # others
        (facts(T0, (), None), T0 + 49 * HOUR, None, None, True),
    ],
)  # fmt: skip
def test_response_times_and_breaches(item: InboundFacts, end: datetime,
                                     response: timedelta | None, crisis: timedelta | None,
                                     breach: bool) -> None:  # fmt: skip
    assert service_levels.first_response_time(item, end) == response
    assert service_levels.crisis_response_time(item, end) == crisis
    assert service_levels.breached(item, end) is breach


def test_a_custom_sla_mapping_and_open_items_counted_apart() -> None:
    items = [facts(T0, ("complaint",), T0 + 2 * HOUR), facts(T0, ("complaint",))]
    strict = {"complaint": HOUR}
    # at T0 + 50 min both are open (the reply comes later) and not yet late
    assert service_levels.service(items, T0 + 50 * MIN, strict) == Service(
        2, Times(0, 2, None, None), Times(0, 2, None, None), 0)  # fmt: skip
    # at T0 + 3 h: one answered after 2 h (> 1 h), one open and 3 h old: two breaches
    assert service_levels.service(items, T0 + 3 * HOUR, strict) == Service(
        2, Times(1, 1, 2 * HOUR, 2 * HOUR), Times(0, 2, None, None), 2)  # fmt: skip
    assert service_levels.service(items, T0 + 3 * HOUR).breaches == 0  # 24 h by default
    assert service_levels.times([None, None]) == Times(0, 2, None, None)  # never a time of 0
