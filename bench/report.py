"""Report benchmark (``make bench-report``): a quarter's report over 1,000,000 metric rows.

    .venv/bin/python bench/report.py [--rows 1000000] [--repeat 3] [--postgres URL] [--no-write]

Seeds a fresh embedded database (and, with ``--postgres``, an empty PostgreSQL database too)
with synthetic posts published over a 92-day quarter on two channels each, hourly metric
readings for 30 days after each publication (1,000,000 rows in ``post_metrics``), inbound
items with replies, ratings, tracked links with clicks and leads, and three followed peers; then
times ``socialrx.reports.build`` — every query and every figure, the charts, the rendering —
for the quarter in CSV, HTML and PDF, ``--repeat`` times each, and rewrites the report section
of docs/benchmarks.md with the medians. Seeding is not timed. Not part of the tests.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from service import DOC, put_section  # noqa: E402

START, END = "<!-- report:start -->", "<!-- report:end -->"
TARGET_S = 10.0
FIRST, LAST = date(2026, 7, 1), date(2026, 9, 30)
TZ = ZoneInfo("America/New_York")
HOURS = 30 * 24  # readings per publication
CHANNELS = ("linkedin", "facebook")


def seed(url: str, rows: int) -> None:
    """The synthetic quarter, written with bulk inserts (the store's own functions for what is
    not bulk: users, posts, inbound items)."""
    from sqlalchemy import insert

    from socialrx.model import Analysis, Decision, Document, Label, Sentiment
    from socialrx.settings import Settings
    from socialrx.store import inbound, links, posts, users
    from socialrx.store.database import Database
    from socialrx.store.models import Peer, PeerPostRecord, PeerSnapshot, PostMetric, Publication

    rng = random.Random(7)
    database = Database(Settings(database_url=url), key=b"k" * 32)
    database.upgrade()
    start = datetime.combine(FIRST, datetime.min.time(), tzinfo=TZ).astimezone(UTC)
    span = (LAST - FIRST).days + 1
    publications = -(-rows // HOURS)
    with database.transaction() as s:
        author = users.create_user(s, "bench@example.org", "author", "bench-password-1234", "bench")
        decision = Decision("allow", (), "bench@1")
        post_ids = []
        for n in range(-(-publications // len(CHANNELS))):
            text = f"Flu clinic open this Saturday, walk-ins welcome ({n}, synthetic)."
            analysis = Analysis(Document(text, "outbound"), (), (), None, decision)
            post_ids.append(posts.create_post(s, author, text, analysis, list(CHANNELS)).id)
        made = []
        for n in range(publications):
            at = start + timedelta(minutes=rng.randrange(span * 24 * 60))
            made.append({"post_id": post_ids[n // len(CHANNELS)],
                         "channel": CHANNELS[n % len(CHANNELS)], "key": f"bench-{n}",
                         "content_hash": "h", "state": "published", "attempts": 1,
                         "attempted_at": at, "published_at": at})  # fmt: skip
        s.execute(insert(Publication), made)
        ids = [(p.id, p.published_at or start)
               for p in s.query(Publication).order_by(Publication.id)]  # fmt: skip
        left = rows
        for pub_id, at in ids:
            batch = []
            seen = rng.randrange(500, 5000)
            for hour in range(min(HOURS, left)):
                grown = seen * (1 - 0.97 ** (hour + 1))
                batch.append({"publication_id": pub_id, "collected_at": at + timedelta(hours=hour + 1),
                              "impressions": int(grown), "reach": int(grown * 0.8),
                              "reactions": int(grown * 0.02), "comments": int(grown * 0.004),
                              "shares": int(grown * 0.003), "clicks": int(grown * 0.01),
                              "video_views": None})  # fmt: skip
            left -= len(batch)
            s.execute(insert(PostMetric), batch)
            if not left:
                break
        for n in range(span * 8):  # inbound: 8 a day, most answered within hours
            label = ("complaint", "praise", "medical_question", "crisis")[n % 4]
            text = f"Synthetic message {n}."
            analysis = Analysis(Document(text, "inbound"), (), (Label(label, 0.9),),
                                Sentiment(("negative", "positive", "neutral", "negative")[n % 4],
                                          0.5), decision)  # fmt: skip
            row, _ = inbound.ingest(s, "mastodon", f"in-{n}", "@someone", analysis, "bench")
            row.received_at = start + timedelta(hours=3 * n + rng.random())
            inbound.record_rating(s, "reviews", f"r-{n}", 1 + n % 5, row.received_at)
        campaign = links.add_campaign(s, "Flu season", 250_000, "USD", "bench")
        for n in range(20):
            link = links.create_link(s, author, f"https://hospital.example/flu?n={n}",
                                     post_ids[n], "linkedin", campaign.name)  # fmt: skip
            for c in range(200):
                links.record_click(s, link, start + timedelta(hours=c * 10), f"10.0.{n}.{c}",
                                   "Mozilla/5.0 bench")  # fmt: skip
        for p in range(3):
            peer = Peer(name=f"Peer {p}", platform="mastodon", handle=f"@peer{p}@example.org",
                        own=p == 0, settings={})  # fmt: skip
            s.add(peer)
            s.flush()
            s.execute(insert(PeerSnapshot), [
                {"peer_id": peer.id, "collected_at": start + timedelta(days=d),
                 "followers": 5000 + 10 * d, "following": 100, "posts_total": 900 + d}
                for d in range(span)])  # fmt: skip
            s.execute(insert(PeerPostRecord), [
                {"peer_id": peer.id, "external_id": f"{p}-{d}", "url": None,
                 "published_at": start + timedelta(days=d, hours=9), "reactions": 20 + d % 7,
                 "comments": 3, "shares": 2, "collected_at": start + timedelta(days=d + 1)}
                for d in range(span)])  # fmt: skip
    database.dispose()


def timed(url: str, repeat: int) -> dict[str, float]:
    from socialrx import reports
    from socialrx.settings import Settings
    from socialrx.store.database import Database

    database = Database(Settings(database_url=url), key=b"k" * 32)
    quarter = reports.period(FIRST, LAST, TZ)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    medians: dict[str, float] = {}
    for fmt in reports.FORMATS:
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            with database.transaction() as s:
                data = reports.build(s, quarter, fmt, now=now)
            times.append(time.perf_counter() - began)
            assert len(data) > 1000
        medians[fmt] = statistics.median(times)
    database.dispose()
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", help="also on this (empty) PostgreSQL database")
    parser.add_argument("--no-write", action="store_true")
    options = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        targets = {"SQLite": f"sqlite:///{folder}/bench.db"}
        if options.postgres:
            targets["PostgreSQL"] = options.postgres
        for name, url in targets.items():
            began = time.perf_counter()
            seed(url, options.rows)
            print(f"{name}: seeded {options.rows:,} metric rows in "
                  f"{time.perf_counter() - began:.0f} s")  # fmt: skip
            results[name] = timed(url, options.repeat)
            print(name, {k: round(v, 2) for k, v in results[name].items()})
    if not options.no_write:
        python = Path(sys.executable)
        shown = python.relative_to(ROOT) if python.is_relative_to(ROOT) else python.name
        write_section(results, options, " ".join([str(shown), "bench/report.py",
                                                  *sys.argv[1:]]))  # fmt: skip
        print(f"wrote {DOC.relative_to(ROOT)}")
    if any(v > TARGET_S for r in results.values() for v in r.values()):
        sys.exit(1)


def write_section(results: dict[str, dict[str, float]], options: argparse.Namespace,
                  command: str) -> None:  # fmt: skip
    from throughput import machine

    lines = []
    for name, medians in results.items():
        for fmt, seconds in medians.items():
            ok = "pass" if seconds <= TARGET_S else "**FAIL**"
            lines.append(
                f"| {name} | {fmt.upper()} | {seconds:.2f} s | ≤ {TARGET_S:.0f} s | {ok} |"
            )
    section = f"""{START}
## Reports: a quarter over 1,000,000 metric rows

Command: `{command}` (what `make bench-report` runs; the PostgreSQL line with
`--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test`, an empty database). Machine:
{machine()}. Run: {datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}.

| database | format | median of {options.repeat} | target | |
|---|---|---|---|---|
{chr(10).join(lines)}

Method: {options.rows:,} rows in `post_metrics` (hourly readings for 30 days after each of
{-(-options.rows // HOURS):,} publications spread over July–September 2026), 736 inbound items with
ratings, a campaign with 20 links and 4,000 clicks, three followed peers with daily snapshots;
`socialrx.reports.build` for the quarter (America/New_York days) timed from the first query to
the finished file, in one process, after seeding (not timed). The daily series reads only each
publication's last reading before each day's end (`store.measures.readings(bounds=…)`).
{END}
"""
    put_section(section, START, END)


if __name__ == "__main__":
    main()
