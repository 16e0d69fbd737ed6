"""The report as sections of tables and charts, with every count about patients or health
topics below 11 suppressed — once, here, so the HTML, the PDF, the CSV and the measure page
show the same numbers.

What is suppressed (shown as "<11"): counts of inbound items (by label, channel, sentiment,
week), of items answered, open or past their SLA, of star ratings, of mentions (share of
voice) and of leads (appointments booked are patients). Complementary suppression: where counts
are shown beside their total (sentiment of a week), a lone hidden count takes the smallest
other one with it. Figures derived from a suppressed count are hidden with it: response times
of fewer than 11 items, a mean of fewer than 11 ratings, the cost per lead when the leads are
hidden. Signals: mentions per syndrome, the alerts' observed and expected counts and the
adverse-event 2×2 tables are about patients (``socialrx.signals.run``'s rows hide them).
Counts about our own content (posts, impressions, engagements, clicks) and public
counts of organisations (followers) are not about patients and are shown as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from socialrx.charts import HIDDEN
from socialrx.measure import DayTotals, suppress, suppress_parts
from socialrx.reports.figures import Figures
from socialrx.service_levels import Service, Times
from socialrx.signals import run as signals_run
from socialrx.signals.syndromes import KINDS

Value = float | None  # None: suppressed (or nothing to show, per the table's note)


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    title: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    css: str
    values: tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    kind: Literal["bars", "columns", "lines"]
    key: str
    title: str
    unit: str
    categories: tuple[str, ...]  # bars: the item names
    series: tuple[Series, ...]  # bars: one series
    axis: str = "Day"


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    note: str
    charts: tuple[Chart, ...]
    tables: tuple[Table, ...]


def count(n: int | None) -> str:
    return "" if n is None else f"{n:,}"


def hidden(n: int) -> str:
    """A count about patients: "<11" from 1 to 10."""
    shown = suppress(n)
    return HIDDEN if shown is None else f"{shown:,}"


def rate(value: float | None) -> str:
    return "" if value is None else f"{value:.2%}"


def money(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def duration(value: timedelta | None) -> str:
    if value is None:
        return ""
    minutes = value.total_seconds() / 60
    return f"{minutes:.0f} min" if minutes < 120 else f"{minutes / 60:.1f} h"


def _hours(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 3600, 2)


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def sections(f: Figures) -> list[Section]:
    return [_summary(f), _content(f), _cadence(f), _service(f), _sentiment(f), _voice(f),
            _campaigns(f), _benchmark(f), _signals(f)]  # fmt: skip


def _summary(f: Figures) -> Section:
    p = f.performance
    clicks = sum(c.clicks for c in f.links)
    leads = sum(c.leads for c in f.links)
    rated = sum(w.count for w in f.ratings)
    stars = sum((w.mean or 0) * w.count for w in f.ratings)
    rows = (
        ("Posts published", count(p.posts)),
        ("Publications (post × channel)", count(p.publications)),
        ("Impressions", count(p.impressions)),
        ("Reach (summed over posts)", count(p.reach)),
        ("Engagements", count(p.engagements)),
        ("Engagement rate (pooled)", rate(p.engagement_rate)),
        ("Link clicks", count(clicks)),
        ("Leads", hidden(leads)),
        ("Inbound items", hidden(f.inbound)),
        ("Median first response", _median(f.service.first_response)),
        ("Past their SLA", hidden(f.service.breaches)),
        ("Star ratings", hidden(rated)),
        ("Mean rating", f"{stars / rated:.2f}" if rated >= 11 else ""),
    )  # fmt: skip
    return Section("summary", "Summary", f"{f.period.label}.", (),
                   (Table("summary", "Key figures", ("Figure", "Value"), rows),))  # fmt: skip


def _median(t: Times) -> str:
    """A median of at least 11 answered items (fewer could point at people)."""
    return duration(t.median) if t.done >= 11 else ""


def _content(f: Figures) -> Section:
    days = tuple(d.day.isoformat() for d in f.daily)

    def series(name: str, css: str, pick: str) -> Series:
        return Series(name, css, tuple(_value(d, pick) for d in f.daily))

    seen = Chart("lines", "chart-reach", "Impressions, cumulative", "impressions", days,
                 (series("impressions", "s-median", "impressions"),), axis="Day")  # fmt: skip
    engaged = Chart("lines", "chart-engagements", "Engagements, cumulative", "engagements",
                    days, (series("engagements", "s-p90", "engagements"),), axis="Day")  # fmt: skip
    by_rate = Chart("bars", "chart-rate", "Engagement rate by channel (%)", "%",
                    tuple(f.by_channel), (Series("rate", "s-bar", tuple(
                        None if p.engagement_rate is None else round(p.engagement_rate * 100, 2)
                        for p in f.by_channel.values())),))  # fmt: skip
    channels = Table("by_channel", "By channel",
                     ("Channel", "Posts", "Impressions", "Reach", "Engagements", "Rate"),
                     tuple((name, count(p.posts), count(p.impressions), count(p.reach),
                            count(p.engagements), rate(p.engagement_rate))
                           for name, p in f.by_channel.items()))  # fmt: skip
    top = Table("top_posts", "Top posts by engagements",
                ("Post", "Channel", "Published", "Impressions", "Engagements", "Rate"),
                tuple((f"#{t.post_id} {t.channel}", t.channel, t.published_at.date().isoformat(),
                       count(t.impressions), count(t.engagements), rate(t.engagement_rate))
                      for t in f.performance.top))  # fmt: skip
    note = ("Engagement = reactions + comments + shares + clicks; the rate is pooled "
            "(Σ engagements ÷ Σ impressions of the posts that report impressions). Mastodon and "
            "Bluesky report no impressions. Replies to inbound items are not counted here.")  # fmt: skip
    return Section("content", "Content performance", note, (seen, engaged, by_rate),
                   (channels, top))  # fmt: skip


def _value(day: DayTotals, pick: str) -> float | None:
    value = getattr(day, pick)
    return None if value is None else float(value)


def _cadence(f: Figures) -> Section:
    c = f.cadence
    channels = sorted({name for _, per in c.per_day for name in per})
    weekly = len(c.per_day) > 31
    buckets: dict[date, dict[str, int]] = {}
    for day, per in c.per_day:
        key = week_of(day) if weekly else day
        slot = buckets.setdefault(key, {})
        for name, n in per.items():
            slot[name] = slot.get(name, 0) + n
    cats = tuple(d.isoformat() for d in buckets)
    chart = Chart("columns", "chart-cadence", "Publications per " + ("week" if weekly else "day"),
                  "publications", cats,
                  tuple(Series(name, f"s-c{i % 6}", tuple(float(b.get(name, 0))
                                                          for b in buckets.values()))
                        for i, name in enumerate(channels)),
                  axis="Week of" if weekly else "Day")  # fmt: skip
    table = Table("posts_per_week", "Posts per week", ("Week of", "Posts"),
                  tuple((w.isoformat(), count(n)) for w, n in c.per_week))  # fmt: skip
    note = f"On average {c.weekly_mean:.1f} posts a week (a post on several channels is one post)."
    return Section("cadence", "Posting cadence", note, (chart,), (table,))


def _service_rows(groups: Mapping[str, Service]) -> tuple[tuple[str, ...], ...]:
    return tuple((name, hidden(s.items), hidden(s.first_response.done), hidden(s.first_response.open),
                  _median(s.first_response), _p90(s.first_response), _median(s.resolution),
                  hidden(s.breaches)) for name, s in groups.items())  # fmt: skip


def _p90(t: Times) -> str:
    return duration(t.p90) if t.done >= 11 else ""


def _service(f: Figures) -> Section:
    head = ("Group", "Items", "Answered", "Unanswered", "Median first response", "90th percentile",
            "Median resolution", "Past SLA")  # fmt: skip
    by_label = Table("service_by_label", "By label", head, _service_rows(f.service_by_label))
    by_channel = Table("service_by_channel", "By channel", head,
                       _service_rows(f.service_by_channel))  # fmt: skip
    crisis = Table("crisis_response", "Crisis response (first reply or escalation)",
                   ("Responded", "Not yet", "Median", "90th percentile"),
                   ((hidden(f.crisis.done), hidden(f.crisis.open), _median(f.crisis),
                     _p90(f.crisis)),))  # fmt: skip
    chart = Chart("bars", "chart-response", "Median first response by label (hours)", "hours",
                  tuple(f.service_by_label), (Series("median", "s-bar", tuple(
                      _hours(s.first_response.median) if s.first_response.done >= 11 else None
                      for s in f.service_by_label.values())),))  # fmt: skip
    note = ("First response: to the first published reply; resolution: to closing the item. "
            "SLA: crisis 15 min, adverse event, complaint and medical question 24 h, others "
            "48 h. Times of fewer than 11 items are not shown; \"<11\": fewer than 11.")  # fmt: skip
    return Section("service", "Service levels", note, (chart,), (by_label, by_channel, crisis))


def _sentiment(f: Figures) -> Section:
    weeks: dict[date, list[int]] = {}
    for d in f.sentiment:
        slot = weeks.setdefault(week_of(d.day), [0, 0, 0, 0])
        for i, n in enumerate((d.negative, d.neutral, d.positive, d.unknown)):
            slot[i] += n
    rows, shares = [], []
    for week, parts in weeks.items():
        shown = suppress_parts(parts)
        known = sum(parts[:3])
        share = parts[0] / known if known >= 11 and shown[0] is not None else None
        rows.append((week.isoformat(), *(HIDDEN if n is None else count(n) for n in shown),
                     hidden(sum(parts)), rate(share)))  # fmt: skip
        shares.append(None if share is None else round(share * 100, 1))
    table = Table("sentiment", "Sentiment per week",
                  ("Week of", "Negative", "Neutral", "Positive", "Unknown", "Items",
                   "Share negative"), tuple(rows))  # fmt: skip
    ratings = Table("ratings", "Star ratings per week", ("Week of", "Ratings", "Mean"),
                    tuple((w.week.isoformat(), hidden(w.count),
                           f"{w.mean:.2f}" if w.mean is not None and w.count >= 11 else "")
                          for w in f.ratings))  # fmt: skip
    chart = Chart("lines", "chart-sentiment", "Share of negative items per week (%)", "%",
                  tuple(w.isoformat() for w in weeks),
                  (Series("negative", "s-p90", tuple(shares)),), axis="Week of")  # fmt: skip
    rating_chart = Chart("lines", "chart-ratings", "Mean star rating per week", "stars",
                         tuple(w.week.isoformat() for w in f.ratings),
                         (Series("mean rating", "s-median", tuple(
                             round(w.mean, 2) if w.mean is not None and w.count >= 11 else None
                             for w in f.ratings)),), axis="Week of")  # fmt: skip
    note = "Weeks start on Monday. A share or mean over fewer than 11 items is not shown."
    return Section("sentiment", "Sentiment and ratings", note, (chart, rating_chart),
                   (table, ratings))  # fmt: skip


def _voice(f: Figures) -> Section:
    names = tuple(f.voice)
    mentions = [suppress(v.mentions) for v in f.voice.values()]
    safe = all(m is not None for m in mentions)
    table = Table("share_of_voice", "Share of voice", ("Organisation", "Mentions", "Share"),
                  tuple((name, hidden(v.mentions), rate(v.share) if safe else "")
                        for name, v in f.voice.items()))  # fmt: skip
    chart = Chart("bars", "chart-voice", "Mentions by organisation", "mentions", names,
                  (Series("mentions", "s-bar", tuple(None if m is None else float(m)
                                                     for m in mentions)),))  # fmt: skip
    note = ("Inbound texts naming each organisation (whole words, any case), from the followed "
            "peers' names; shares are hidden while any count is.")  # fmt: skip
    return Section("voice", "Share of voice", note, (chart,) if names else (), (table,))


def _campaigns(f: Figures) -> Section:
    rows = []
    for c in f.campaigns:
        leads = suppress(c.leads)
        rows.append((c.name, c.currency, money(c.spend_cents / 100), count(c.clicks),
                     hidden(c.leads), money(c.cost_per_click),
                     money(c.cost_per_lead) if leads is not None else "",
                     rate(c.roi)))  # fmt: skip
    campaigns = Table("campaigns", "Campaigns",
                      ("Campaign", "Currency", "Spend", "Clicks", "Leads", "Cost per click",
                       "Cost per lead", "ROI"), tuple(rows))  # fmt: skip
    used = [x for x in f.links if x.clicks or x.leads]
    links = Table("links", "Tracked links",
                  ("Link", "Channel", "Campaign", "Clicks", "Visitors", "Leads"),
                  tuple((x.code, x.channel or "", x.campaign or "", count(x.clicks),
                         count(x.visitors), hidden(x.leads)) for x in used))  # fmt: skip
    chart = Chart("bars", "chart-clicks", "Clicks by campaign", "clicks",
                  tuple(c.name for c in f.campaigns),
                  (Series("clicks", "s-bar", tuple(float(c.clicks) for c in f.campaigns)),))  # fmt: skip
    note = ("Cost per click = spend ÷ clicks; cost per lead = spend ÷ leads; ROI = (value of "
            "the leads − spend) ÷ spend. Visitors are unique per day, summed over days.")  # fmt: skip
    return Section("campaigns", "Links, leads and campaigns", note,
                   (chart,) if f.campaigns else (), (campaigns, links))  # fmt: skip


def _benchmark(f: Figures) -> Section:
    peers = f.benchmark
    names = tuple(p.name + (" (us)" if p.own else "") for p in peers)
    table = Table("benchmark", "Competitor benchmark",
                  ("Organisation", "Platform", "Account", "Followers", "Growth", "Growth rate",
                   "Posts", "Posts a day", "Engagement per post"),
                  tuple((n, p.platform, p.handle, count(p.followers), _signed(p.growth),
                         rate(p.growth_rate), count(p.posts), f"{p.posts_per_day:.2f}",
                         "" if p.engagement_per_post is None else f"{p.engagement_per_post:.1f}")
                        for n, p in zip(names, peers, strict=True)))  # fmt: skip
    top = Table("peer_top_posts", "Top posts of each account",
                ("Post", "Published", "Engagement", "Link"),
                tuple((f"{n} #{rank}", t.published_at.date().isoformat(),
                       count(sum(x or 0 for x in (t.reactions, t.comments, t.shares))),
                       t.url or t.external_id)
                      for n, p in zip(names, peers, strict=True)
                      for rank, t in enumerate(p.top, 1)))  # fmt: skip
    followers = Chart("bars", "chart-followers", "Followers", "followers", names,
                      (Series("followers", "s-bar", tuple(
                          None if p.followers is None else float(p.followers) for p in peers)),))  # fmt: skip
    engagement = Chart("bars", "chart-peer-engagement", "Engagement per post", "engagements",
                       names, (Series("engagement per post", "s-bar", tuple(
                           None if p.engagement_per_post is None
                           else round(p.engagement_per_post, 1) for p in peers)),))  # fmt: skip
    note = ("Public figures of each followed account, read daily: followers at the period's "
            "end and their growth over it, posts published in it (replies and reposts left "
            "out), mean reactions + comments + shares per post.")  # fmt: skip
    return Section("benchmark", "Competitor benchmark", note,
                   (followers, engagement) if peers else (), (table, top))  # fmt: skip


def _signed(n: int | None) -> str:
    return "" if n is None else f"{n:+,}"


def _signals(f: Figures) -> Section:
    found = f.signals
    weeks: dict[tuple[date, str], dict[str, int]] = {}
    for key, n in found.counts.items() if found else ():
        slot = weeks.setdefault((week_of(key.day), key.syndrome), {})
        slot[key.kind] = slot.get(key.kind, 0) + n
    # the first cell names the row (the CSV's long form keys on it)
    mentions = Table("signal_mentions", "Syndrome mentions per week",
                     ("Week of, syndrome", *(k.capitalize() for k in KINDS)),
                     tuple((f"{w.isoformat()} {name}", *(hidden(per.get(k, 0)) for k in KINDS))
                           for (w, name), per in sorted(weeks.items())))  # fmt: skip
    rows = [signals_run.alert_row(a) for a in (found.alerts if found else ())]
    alerts = Table("signal_alerts", "Syndromic alerts",
                   ("Series, day", "Since", "Observed", "Expected", "Difference", "Ratio",
                    "SD above", "Detector"),
                   tuple((f"{a['series']} {a['at']}", a["since"], a["observed"], a["expected"],
                          a["difference"], a["ratio"], a["statistic"], a["detector"])
                         for a in rows))  # fmt: skip
    pairs = [signals_run.pair_row(p) for p in (found.flagged if found else ())]
    flagged = Table("signal_pairs", "Adverse-event pairs flagged",
                    ("Product / reaction", "a", "b", "c", "d", "PRR", "PRR 95% low",
                     "PRR 95% high", "ROR", "ROR 95% low", "ROR 95% high", "χ²"),
                    tuple((f"{p['product']} / {p['reaction']}", p["a"], p["b"], p["c"], p["d"], p["prr"],
                           p["prr_low"], p["prr_high"], p["ror"], p["ror_low"], p["ror_high"],
                           p["chi2"]) for p in pairs))  # fmt: skip
    cases = len({c.case_id for c in found.cases}) if found else 0
    note = (f"Mentions of symptoms and conditions in inbound items, by kind; alerts on the "
            f"daily personal mentions (EARS C2, baseline the week before last); adverse-event "
            f"cases: {hidden(cases)}, flagged by the Evans criteria (PRR ≥ 2, χ² ≥ 4, a ≥ 3; "
            f"a = cases of the pair, b = other reactions to the product, c = the reaction to "
            f"other products, d = the rest). Region is not known. Figures that would reveal a "
            f"hidden count are left blank.")  # fmt: skip
    return Section("signals", "Signals", note, (), (mentions, alerts, flagged))
