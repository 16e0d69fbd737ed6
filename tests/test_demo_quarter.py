"""The demo's synthetic quarter (``socialrx.demo_quarter``): seeded after the demo organisation,
every figure of "Measure" has something to show — daily totals with impressions, a posting
cadence, campaigns with clicks and leads, service times for crisis and complaint, every triage
label — the same seed gives the same quarter, the audit chain verifies, and its texts hold no
real-looking identifier."""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import sqlite_database
from sqlalchemy import func, select

from socialrx import demo, demo_quarter, measure, service_levels
from socialrx.errors import InputError, NotFoundError
from socialrx.model import LABELS
from socialrx.pipeline import Pipeline
from socialrx.settings import Settings
from socialrx.store import audit_log, links, measures
from socialrx.store.database import Database
from socialrx.store.models import Conversion, InboundItem, LinkClick, Post, Publication

END = datetime(2026, 6, 30, 16, 0, tzinfo=UTC)
START = END - timedelta(days=demo_quarter.DAYS)
TZ = ZoneInfo("America/New_York")
MAIN = ("crisis", "adverse_event", "misinformation", "medical_question", "complaint", "praise")


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def seeded(path: Path, pipeline: Pipeline, days: int = demo_quarter.DAYS,
           seed: int = demo_quarter.SEED) -> tuple[Database, demo_quarter.Quarter]:  # fmt: skip
    database = sqlite_database(path)
    demo.seed(database, pipeline)
    with database.transaction() as session:
        quarter = demo_quarter.seed_quarter(session, pipeline, END, random.Random(seed), days)
    return database, quarter


@pytest.fixture(scope="module")
def quarter(
    tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline
) -> Iterator[tuple[Database, demo_quarter.Quarter]]:
    database, made = seeded(tmp_path_factory.mktemp("quarter") / "q.db", pipeline)
    try:
        yield database, made
    finally:
        database.dispose()


def test_posts_are_published_daily_with_metrics(
    quarter: tuple[Database, demo_quarter.Quarter],
) -> None:
    database, made = quarter
    with database.transaction() as session:
        publications = measures.publications_with_latest(session, START, END)
        readings = measures.readings(session, START, END)
    assert made.posts >= demo_quarter.DAYS and made.publications == len(publications)
    assert {p.channel for p in publications} == set(demo_quarter.POST_CHANNELS)
    days = measure.daily_totals(readings, START, END, TZ)
    with_impressions = [d for d in days if d.impressions]
    assert len(with_impressions) >= 0.9 * len(days)
    assert all((a.impressions or 0) <= (b.impressions or 0) for a, b in itertools.pairwise(days))
    cadence = measure.cadence(publications, START, END, TZ)
    assert cadence.weekly_mean > 5
    assert sum(1 for _, per in cadence.per_day if per) >= 0.8 * len(cadence.per_day)
    by_channel = measure.performance_by_channel(publications)
    for name in demo_quarter.UNSEEN:  # no impressions, as the real platforms
        assert by_channel[name].impressions is None and by_channel[name].engagements
    for name in ("facebook", "linkedin", "x"):
        rate = by_channel[name].engagement_rate
        assert rate is not None and 0.01 <= rate <= 0.05
    assert by_channel["x"].reach is None and by_channel["facebook"].reach


def test_readings_grow_and_level_off(quarter: tuple[Database, demo_quarter.Quarter]) -> None:
    database, made = quarter
    with database.transaction() as session:
        readings = measures.readings(session, START, END)
    assert len(readings) == made.readings
    series: dict[int, list[measure.Reading]] = {}
    for r in readings:
        series.setdefault(r.publication_id, []).append(r)
    longest = max(series.values(), key=len)
    assert len(longest) == demo_quarter.READ_DAYS
    for reads in series.values():
        counts = [measure.engagement(r) or 0 for r in reads]
        assert counts == sorted(counts)  # cumulative
        gaps = [b.collected_at - a.collected_at for a, b in itertools.pairwise(reads)]
        assert all(timedelta(hours=23) <= gap <= timedelta(hours=25) for gap in gaps)
    late = [measure.engagement(r) or 0 for r in longest]
    assert late[-1] - late[-2] <= max(1, (late[-1] - late[0]) // 10)  # levelled off


def test_campaigns_have_clicks_leads_and_values(
    quarter: tuple[Database, demo_quarter.Quarter],
) -> None:
    database, made = quarter
    with database.transaction() as session:
        figures = links.campaign_figures(session, START, END)
        visitors = list(session.scalars(select(LinkClick.visitor)))
        leads = session.scalar(select(func.count()).select_from(Conversion))
        valued = session.scalar(
            select(func.count()).select_from(Conversion).where(Conversion.value_cents > 0)
        )
    assert len(figures) == len(demo_quarter.CAMPAIGNS) == made.campaigns
    active = [f for f in figures if f.clicks and f.leads]
    assert len(active) >= 2 and all(f.cost_per_click and f.cost_per_lead for f in active)
    assert any(f.value_cents and f.roi is not None for f in figures)
    assert len(visitors) == made.clicks and leads == made.leads and valued
    assert all(re.fullmatch(r"[0-9a-f]{32}", v) for v in visitors)
    assert len(set(visitors)) < len(visitors)  # some people click twice in a day


def test_inbound_is_labelled_answered_and_timed(
    quarter: tuple[Database, demo_quarter.Quarter],
) -> None:
    database, made = quarter
    with database.transaction() as session:
        facts = measures.inbound_facts(session, START, END)
    assert len(facts) == made.inbound
    assert 5 * demo_quarter.DAYS <= len(facts) <= 10 * demo_quarter.DAYS
    labels = Counter(name for item in facts for name in item.labels)
    assert set(labels) == set(LABELS) and labels == made.labels
    assert all(labels[name] >= measure.SUPPRESS_BELOW for name in MAIN), labels
    by_label = service_levels.service_by(facts, "label", END)
    for name in ("crisis", "complaint"):
        assert by_label[name].first_response.done >= measure.SUPPRESS_BELOW
        assert by_label[name].resolution.done > 0
    crisis = [service_levels.crisis_response_time(i, END) for i in facts if "crisis" in i.labels]
    assert service_levels.times(crisis).median <= timedelta(minutes=15)  # type: ignore[operator]
    assert by_label["complaint"].first_response.median > timedelta(hours=1)  # type: ignore[operator]
    overall = service_levels.service(facts, END)
    assert 0 < overall.breaches < 0.15 * len(facts)  # a few SLA breaches
    assert 0 < overall.resolution.open < len(facts)  # some resolved, some still open
    assert any(i.escalated_at for i in facts)
    trend = service_levels.sentiment_trend(facts, START, END, TZ)
    assert sum(d.negative for d in trend) and sum(d.positive for d in trend)


def test_replies_went_through_the_workflow(
    quarter: tuple[Database, demo_quarter.Quarter],
) -> None:
    database, made = quarter
    with database.transaction() as session:
        replies = session.execute(
            select(Post.state, Publication.state, Publication.channel, InboundItem.channel)
            .join(Publication, Publication.post_id == Post.id)
            .join(InboundItem, InboundItem.id == Post.in_reply_to)
        ).all()
        verdict = audit_log.verify_log(session)
        actions = Counter(e.body.action for e in audit_log.events(session))
    assert len(replies) == made.replies
    assert all(post == "approved" and pub == "published" and a == b for post, pub, a, b in replies)
    assert verdict.ok
    assert actions["post.published"] == made.publications + made.replies
    assert actions["inbound.resolved"] == made.resolved
    assert actions["inbound.escalated"] == made.escalated
    assert actions["inbound.ingested"] == made.inbound + 20  # and the demo's own items


def test_the_same_seed_gives_the_same_quarter(tmp_path: Path, pipeline: Pipeline) -> None:
    first, a = seeded(tmp_path / "a.db", pipeline, days=14)
    second, b = seeded(tmp_path / "b.db", pipeline, days=14)
    other, c = seeded(tmp_path / "c.db", pipeline, days=14, seed=1)
    try:
        assert asdict(a) == asdict(b) and asdict(a) != asdict(c)
        for database in (first, second):
            with database.transaction() as session:
                assert audit_log.verify_log(session).ok
    finally:
        for database in (first, second, other):
            database.dispose()


def test_it_needs_the_demo_accounts_and_an_aware_end(database: Database) -> None:
    with database.transaction() as session:
        with pytest.raises(InputError):
            demo_quarter.seed_quarter(session, Pipeline(), END.replace(tzinfo=None),
                                      random.Random(1))  # fmt: skip
        with pytest.raises(NotFoundError, match="seed the demo first"):
            demo_quarter.seed_quarter(session, Pipeline(), END, random.Random(1), days=2)


def test_the_command_seeds_the_quarter_once(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'socialrx.db'}", data_dir=tmp_path)
    first = demo.prepare(settings)
    assert first.summary is not None and first.summary.quarter is not None
    assert first.audit is not None and first.audit.ok
    text = "\n".join(demo.login_help(first))
    assert "a quarter of activity" in text and "tracked links" in text
    again = demo.prepare(settings)
    assert again.summary is None and again.audit is not None
    assert again.audit.count == first.audit.count and again.audit.head == first.audit.head


# ------------------------------------------------------------------------ synthetic content

PHONE = re.compile(r"\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b|\b\d{3}[\s.-]\d{4}\b")
EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
URL = re.compile(r"https?://([^/\s]+)")


def test_quarter_texts_hold_no_real_looking_identifier(pipeline: Pipeline) -> None:
    rng = random.Random(demo_quarter.SEED)
    texts = [p.text for p in demo_quarter.plan_posts(END, rng)]
    texts += [f"{i.text} {i.handle}" for i in demo_quarter.plan_inbound(END, rng)]
    texts += [t for replies in demo_quarter.REPLIES.values() for t in replies]
    texts.append(demo_quarter.SITE)
    for text in texts:
        assert not PHONE.search(text) and not EMAIL.search(text), text
        assert all(d.endswith("example.org") for d in URL.findall(text)), text
    analyses = demo_quarter.analyse(pipeline, [(t, "outbound") for t in texts])
    codes = {f.code for a in analyses.values() for f in a.findings}
    assert not codes & {"phi.phone", "phi.email", "phi.ssn"}
