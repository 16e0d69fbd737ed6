"""A synthetic quarter of the demo organisation's activity (issue 7), so that every figure of
"Measure" has something to show on the first run of ``socialrx demo``: published posts on five
channels with daily metric readings, campaigns with tracked links, clicks and leads, and inbound
items triaged by the real pipeline, answered, escalated and resolved at realistic delays.

Everything is made from the templates below (invented places, names, drugs and handles; no
text comes from any data set) with the caller's ``random.Random``: the same seed and ``end``
give the same quarter. It is written through the store's own functions — posts are drafted,
submitted and, when the analysis asks for it, claimed and approved by the reviewer; items are
ingested, assigned; links, campaigns and leads go through ``store.links`` — so the audit trail
records every step and verifies. What no store function can date in the past is written here,
as the worker and the inbox would have written it then: a publication's ``published`` state and
its ``post.published`` event, an item's receipt time, its escalation and resolution events (with
their moments in the quarter), metric readings, and clicks (a random visitor hash: nobody's).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from socialrx import demo_data as data
from socialrx.demo_peers import PEERS
from socialrx.errors import InputError, NotFoundError
from socialrx.model import Analysis, Channel
from socialrx.pipeline import Pipeline, make_document
from socialrx.store import audit_log, channels, inbound, links, posts, reviews, users
from socialrx.store.database import Session
from socialrx.store.models import Campaign, InboundItem, LinkClick, Post, Publication, User
from socialrx.worker import ACTOR as WORKER
from socialrx.worker import publication_key

SEED = 20260701  # the demo's quarter: ``random.Random(SEED)``
DAYS = 91
POST_CHANNELS = ("bluesky", "facebook", "linkedin", "mastodon", "x")
UNSEEN = ("bluesky", "mastodon")  # report no impressions or reach
NO_REACH = ("x",)  # reports impressions, not reach
NO_CLICKS = ("bluesky", "mastodon")
INBOUND_CHANNELS = ("facebook", "instagram", "x", "mastodon", "bluesky", "linkedin",
                    "google_reviews")  # fmt: skip
BOOKING = "booking"  # the source of the leads (a connected webhook channel's name)
SITE = "https://lakeside.example.org"
READ_DAYS = 30  # metric readings: daily, for this many days after publication
Analyses = dict[tuple[str, Channel], Analysis]

# ---------------------------------------------------------------------------- the templates

CAMPUSES = ("Lakeside", "Harbor Street", "Northgate", "Riverbend", "Mill Pond")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOURS = ("8am-noon", "9am-1pm", "10am-2pm", "1pm-5pm", "3pm-7pm")
FIRST = ("Imogen", "Tobiah", "Perpetua", "Caspian", "Ottilie", "Lysander", "Wilhelmina",
         "Evander", "Seraphine", "Barnaby", "Marisol", "Ignatius")  # fmt: skip
LAST = ("Quenby", "Ashdown", "Vantongeren", "Pellwright", "Strathmore", "Okafor-Lindqvist",
        "Brackenridge", "Fairweather", "Holloway-Tran", "Marchetti", "Duvernay", "Ellingsworth")  # fmt: skip
SPECIALTIES = ("family medicine", "pediatrics", "cardiology", "orthopedics", "dermatology",
               "women's health", "endocrinology", "sports medicine")  # fmt: skip
TEAMS = ("maternity ward nurses", "physio team", "ER staff", "front desk team",
         "radiology team", "pharmacy team", "night nurses", "pediatric ward")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Topic:
    """A kind of post: its templates (``{campus}``, ``{day}``, ``{hours}``, ``{doctor}``,
    ``{specialty}``, ``{n}`` are filled in), how often it comes, its page, its campaign."""

    key: str
    templates: tuple[str, ...]
    weight: int
    path: str | None = None  # a tracked link to SITE + path
    campaign: str | None = None


TOPICS = (
    Topic("flu", ("Flu shots are free this {day}, {hours}, at our {campus} campus. No "
                  "appointment needed; bring the whole family.",
                  "Still need your flu shot? Walk in to our {campus} clinic on {day}, {hours}. "
                  "It takes ten minutes.",
                  "Flu season is here. Book a flu shot online at any of our {n} campuses, "
                  "evenings and weekends included."), 5, "/flu", "Flu season"),
    Topic("doctor", ("Please welcome Dr. {doctor}, who joins our {specialty} team at "
                     "{campus}. New patients are welcome from {day}.",
                     "Our {specialty} clinic at {campus} now has evening appointments with "
                     "Dr. {doctor}. Book online."), 4, "/find-a-doctor", "Find a doctor"),
    Topic("blood", ("Our blood drive is back on {day}, {hours}, in the {campus} lobby. Every "
                    "donation can help up to three people.",
                    "Thank you to the {n} donors who gave blood at {campus} last week! Next "
                    "drive: {day}, {hours}."), 3, "/blood-drive", "Blood drive"),
    Topic("parking", ("Parking update: the {campus} garage is closed for repairs on {day}. "
                      "Please use the visitor lot on the east side.",
                      "Good news: visitor parking at {campus} is free for the first {n} "
                      "minutes from {day}."), 2),
    Topic("pharmacy", ("Reminder: the outpatient pharmacy at {campus} opens at 8am on weekdays "
                       "and {hours} on {day}.",
                       "You can now order repeat prescriptions online and pick them up at our "
                       "{campus} pharmacy."), 2, "/pharmacy"),
    Topic("events", ("Join our free webinar on heart-healthy cooking this {day} at 6pm. Sign up "
                     "on our website.",
                     "Our community health fair is on {day}, {hours}, at {campus}: blood "
                     "pressure checks, healthy recipes and games for kids.",
                     "Free sun-safety talk for parents this {day} at the {campus} library, "
                     "{hours}."), 3, "/events"),
    Topic("team", ("A big thank-you to our {team} for {n} years of caring for our community.",
                   "Meet the {team}: {n} people who keep {campus} running around the clock.",
                   "We are hiring! Join the {team} at {campus}; open days every {day}."), 3,
          "/careers"),
    Topic("wellness", ("Walking {n} minutes a day is good for your heart. Join our free walking "
                       "group at {campus} every {day} morning.",
                       "Drink water, wear sunscreen and take breaks in the shade: our tips for "
                       "a safe summer.",
                       "Our {campus} walk-in clinic is open {day}, {hours}, for minor injuries "
                       "and illnesses."), 3),
)  # fmt: skip

# Inbound items, by the label they are written to show (``None``: a plain question).
ADJECTIVES = ("quiet", "amber", "copper", "tidal", "velvet", "north", "lunar", "cedar",
              "maple", "plain", "sunny", "harbor", "static", "pebble", "rust", "misty")  # fmt: skip
NOUNS = ("heron", "lantern", "rover", "fern", "wren", "moss", "owl", "dune", "finch", "kite",
         "gale", "badger", "otter", "lark", "crow", "robin")  # fmt: skip
DRUGS = ("lisinopril", "metformin", "sertraline", "atorvastatin", "amoxicillin",
         "the new blood pressure pill", "levothyroxine", "the antibiotic you prescribed")  # fmt: skip
SYMPTOMS = ("I get terrible headaches and can't sleep", "I have a rash all over my arms",
            "I feel dizzy every morning", "my ankles are badly swollen",
            "I have a dry cough that will not stop", "my muscles ache all the time")  # fmt: skip
WHEN = ("tonight", "this weekend", "after everyone is asleep", "before morning")
Template = tuple[str, ...]
INBOUND_TEMPLATES: dict[str | None, Template] = {
    "crisis": (
        "i cant do this anymore. ive said goodbye to everyone and im going to end my life {when}",
        "nobody would even notice if i was gone. thinking about killing myself {when}",
        "i have the pills ready and i want to die {when}. sorry to everyone",
        "i dont want to live anymore. planning to end it all {when}",
    ),
    "adverse_event": (
        "Started {drug} {ago} and now {symptom}. Is that normal?",
        "Since starting {drug} {ago} {symptom}. Should I stop taking it?",
        "My mother got {drug} at your clinic {ago} and now she has hives and a swollen face.",
    ),
    "misinformation": (
        "Vaccines cause autism, everyone knows it, stop pushing them on our kids.",
        "The flu shot gives you the flu, everyone knows that. Don't get it.",
        "5G towers spread the virus, wake up people. Don't trust the hospital.",
        "Cancer can be cured with lemon water and baking soda but doctors hide it.",
        "Fluoride in the water is poison that the government uses to control us.",
    ),
    "medical_question": (
        "Can I take ibuprofen with my {drug}?",
        "How long should I wait after a tetanus shot before I can swim?",
        "Is it safe to fly three weeks after knee surgery?",
        "Should I fast before my blood test at {campus}?",
        "How long after a flu shot can I exercise?",
        "Can I drink alcohol while taking {drug}?",
    ),
    "complaint": (
        "Waited {hours_waited} hours in the ER and nobody told us anything. Ridiculous.",
        "You billed us twice for the same visit and nobody answers the phone. Terrible service.",
        "The parking machine at {campus} ate my card and the front desk was rude about it.",
        "Third time my appointment got cancelled the same morning. Terrible service.",
        "The {campus} waiting room was dirty and we waited {hours_waited} hours. Not coming back.",
    ),
    "praise": (
        "The {team} were amazing, thank you for taking such good care of us!",
        "Huge thanks to the {team} at {campus}, you made a hard week so much easier.",
        "Best clinic experience ever, friendly staff and no waiting. Five stars!",
        "Thank you to the {team}, wonderful care and so kind to my dad.",
        "Great experience at the {campus} walk-in clinic today, quick and friendly. Thank you!",
    ),
    "toxicity": (
        "You people are useless idiots, shut up and go to hell.",
        "this hospital is run by morons and you can all rot, losers",
        "what a bunch of clowns, stupid idiots the lot of you",
        "shut up you pathetic losers, nobody wants your garbage hospital",
    ),
    None: (
        "What time does the cafeteria at {campus} open on {day}?",
        "Is there visitor parking at the {campus} campus?",
        "Is the {campus} gift shop open on {day}?",
        "Are visiting hours at {campus} different on {day}?",
        "Where do I pick up my badge for the volunteer day on {day}?",
    ),
}  # fmt: skip
# The share of each label among the quarter's items (weights), and how many come a day.
INBOUND_WEIGHTS: dict[str | None, int] = {"crisis": 2, "adverse_event": 6, "misinformation": 6,
                                          "medical_question": 14, "complaint": 20, "praise": 27,
                                          "toxicity": 5, None: 19}  # fmt: skip
INBOUND_PER_DAY = (5, 10)
CRISIS_EVERY = 6  # days
# When items arrive, by UTC hour (the organisation's nights, 04:00-11:00 UTC, are quiet).
HOUR_WEIGHTS = (4, 4, 3, 2, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)
# Answers, by the item's most urgent label (checked as replies by the pipeline).
REPLIES: dict[str, Template] = {
    "crisis": ("We're really glad you reached out. You don't have to go through this alone. "
               "Please call or text 988 now to talk with someone, or call 911 if you are in "
               "danger. We have also sent you a private message.",
               "Thank you for telling us. Please call or text 988 right now, any time, day or "
               "night; if you are in immediate danger call 911. Our team has messaged you "
               "privately."),
    "adverse_event": ("Thank you for letting us know. Please talk to a pharmacist or doctor "
                      "before changing any medicine; we have sent a private message so our "
                      "drug-safety team can follow up.",
                      "We're sorry to hear this. Please call our nurse line so a clinician can "
                      "advise; our drug-safety team will follow up privately."),
    "misinformation": ("We understand there is a lot of confusing information out there. "
                       "Vaccines are tested for safety, and our clinicians are happy to answer "
                       "your questions; see our vaccine facts page.",
                       "Thanks for raising this. The evidence does not support this claim; our "
                       "health library explains what the research shows."),
    "medical_question": ("Thanks for your question. Every situation is different, so please "
                         "ask a doctor or pharmacist, or call our nurse line for advice.",
                         "Thanks for your question. We can't give medical advice on social "
                         "media; please call our nurse line, open every day."),
    "complaint": ("We're sorry about your experience. Please send us a private message so our "
                  "patient experience team can look into it.",
                  "Thank you for your feedback, and we apologise. Our patient experience team "
                  "would like to hear more; please contact them through our website."),
    "praise": ("Thank you so much for your kind words! We will pass them on to the team.",
               "This made our day. Thank you for sharing, we'll let the team know!"),
    "toxicity": ("We want this page to be a respectful space for everyone. If something went "
                 "wrong, our feedback team would like to hear about it.",),
    "": ("Thanks for asking! You'll find opening hours and visitor information on our website, "
         "or send us a private message.",
         "Great question. Our front desk can help with that; details are on our website."),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Service:
    """How an item with this most urgent label is served: the chance of a reply and its delay
    (minutes, low..high), the chance a reply is late (``late``, minutes), the chance and delay of
    a resolution after the reply, and of an escalation (minutes after receipt)."""

    reply: float
    delay: tuple[int, int]
    late_share: float
    late: tuple[int, int]
    resolve: float
    resolve_after: tuple[int, int]
    escalate: float = 0.0
    escalate_after: tuple[int, int] = (0, 0)
    assign: str | None = None  # e-mail of the assignee


H = 60  # minutes in an hour
SERVICE: dict[str, Service] = {
    "crisis": Service(1.0, (3, 14), 0.1, (18, 45), 0.9, (60, 6 * H), 0.7, (2, 10),
                      data.REVIEWER.email),
    "adverse_event": Service(0.97, (H, 16 * H), 0.04, (26 * H, 40 * H), 0.8, (4 * H, 48 * H),
                             assign=data.COMPLIANCE.email),
    "medical_question": Service(0.97, (H, 18 * H), 0.04, (25 * H, 36 * H), 0.7, (H, 24 * H)),
    "complaint": Service(0.97, (2 * H, 20 * H), 0.04, (25 * H, 48 * H), 0.7, (6 * H, 96 * H),
                         assign=data.REVIEWER.email),
    "misinformation": Service(0.9, (2 * H, 30 * H), 0.03, (49 * H, 60 * H), 0.7, (H, 8 * H)),
    "praise": Service(0.97, (H, 30 * H), 0.02, (49 * H, 60 * H), 0.9, (10, 4 * H)),
    "toxicity": Service(0.8, (H, 12 * H), 0.0, (0, 0), 0.9, (5, 2 * H)),
    "": Service(0.95, (H, 24 * H), 0.02, (49 * H, 60 * H), 0.8, (10, 6 * H)),
}  # fmt: skip
# Campaigns: name, spend (cents), and the value (cents) of a lead, when it has one.
CAMPAIGNS = (("Flu season", 180_000, (4_500, 9_000)), ("Find a doctor", 95_000, (15_000, 30_000)),
             ("Blood drive", 30_000, None))  # fmt: skip


# ------------------------------------------------------------------------------- the plan


@dataclass(frozen=True, slots=True)
class PlannedPost:
    text: str
    topic: Topic
    channels: tuple[str, ...]
    at: datetime  # its first publication


@dataclass(frozen=True, slots=True)
class PlannedItem:
    channel: str
    external_id: str
    handle: str
    text: str
    received_at: datetime


@dataclass(frozen=True, slots=True)
class Quarter:
    """What ``seed_quarter`` wrote."""

    start: datetime
    end: datetime
    posts: int
    publications: int
    readings: int
    inbound: int
    labels: dict[str, int]
    replies: int
    escalated: int
    resolved: int
    campaigns: int
    links: int
    clicks: int
    leads: int

    def line(self) -> str:
        """One line for ``socialrx demo``'s summary."""
        return (f"  a quarter of activity ({self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}): "
                f"{self.posts} posts in {self.publications} publications with "
                f"{self.readings} metric readings, {self.inbound} inbound items "
                f"({self.replies} answered, {self.resolved} resolved, {self.escalated} "
                f"escalated), {self.campaigns} campaigns, {self.links} tracked links, "
                f"{self.clicks} clicks, {self.leads} leads")  # fmt: skip


# Some praise, complaints and unlabelled talk name an organisation (ours or a peer's), for
# share of voice: the endings keep the item's label.
MENTIONS: dict[str | None, str] = {"praise": " Thank you, {org}!",
                                   "complaint": " Not good enough, {org}.",
                                   None: " Anyone else been to {org}?"}  # fmt: skip
MENTION_SHARE = 0.4


def _fill(template: str, rng: random.Random) -> str:
    values = {
        "campus": rng.choice(CAMPUSES), "day": rng.choice(WEEKDAYS), "hours": rng.choice(HOURS),
        "doctor": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "specialty": rng.choice(SPECIALTIES),
        "team": rng.choice(TEAMS), "n": str(rng.choice((3, 4, 5, 12, 20, 30, 45, 60, 90))),
        "when": rng.choice(WHEN), "drug": rng.choice(DRUGS), "symptom": rng.choice(SYMPTOMS),
        "ago": rng.choice(("last week", "three days ago", "a month ago", "on Monday")),
        "hours_waited": str(rng.randint(3, 7)),
    }  # fmt: skip
    return template.format(**values)


def plan_posts(end: datetime, rng: random.Random, days: int = DAYS) -> list[PlannedPost]:
    """One or two posts a day (sometimes none on a weekend), each on one to four channels,
    published in working hours (UTC 13:00-22:00), oldest first."""
    weights = [t.weight for t in TOPICS]
    planned: list[PlannedPost] = []
    start = (end - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    for day in range(days + 1):
        midnight = start + timedelta(days=day)
        count = rng.choice((0, 1, 1) if midnight.weekday() >= 5 else (1, 1, 2, 2))
        for _ in range(count):
            topic = rng.choices(TOPICS, weights)[0]
            text = _fill(rng.choice(topic.templates), rng)
            chosen = sorted(rng.sample(POST_CHANNELS, rng.choice((1, 2, 2, 3, 3, 4))))
            at = midnight + timedelta(hours=13, minutes=rng.randrange(9 * 60),
                                      seconds=rng.randrange(60))  # fmt: skip
            if end - timedelta(days=days) <= at < end:
                planned.append(PlannedPost(text, topic, tuple(chosen), at))
    return sorted(planned, key=lambda p: p.at)


def plan_inbound(end: datetime, rng: random.Random, days: int = DAYS) -> list[PlannedItem]:
    """Five to ten items a day (``INBOUND_PER_DAY``), more by day than at night, oldest
    first; one of them a crisis every ``CRISIS_EVERY`` days, besides those that come."""
    labels = list(INBOUND_WEIGHTS)
    weights = list(INBOUND_WEIGHTS.values())
    planned: list[PlannedItem] = []
    for day in range(days):
        begin = end - timedelta(days=days - day)
        for n in range(rng.randint(*INBOUND_PER_DAY)):
            # a crisis every CRISIS_EVERY days at least (so that its figures are never all
            # suppressed), others as they come
            due = n == 0 and day % CRISIS_EVERY == CRISIS_EVERY // 2
            label = "crisis" if due else rng.choices(labels, weights)[0]
            text = _fill(rng.choice(INBOUND_TEMPLATES[label]), rng)
            if label in MENTIONS and rng.random() < MENTION_SHARE:  # share of voice
                named = rng.choices(PEERS, [4 if p.own else 2 for p in PEERS])[0].name
                text += MENTIONS[label].format(org=named)
            channel = rng.choice(INBOUND_CHANNELS)
            if label in ("praise", "complaint") and rng.random() < 0.3:
                channel = "google_reviews"
            elif channel == "google_reviews" and label not in ("praise", "complaint", None):
                channel = "facebook"
            if channel == "google_reviews":
                handle = f"{rng.choice(FIRST)} {rng.choice(LAST)[0]}. (Google review)"
            else:
                handle = f"@{rng.choice(ADJECTIVES)}_{rng.choice(NOUNS)}_{rng.randrange(100):02d}"
            hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
            at = begin + timedelta(hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60))
            number = len(planned) + 1
            planned.append(PlannedItem(channel, f"q-{channel}-{number:05d}", handle, text, at))
    return sorted(planned, key=lambda p: p.received_at)


# Signals (issue 9): personal flu mentions, about one every three days, surging over the
# quarter's last ``len(SURGE)`` days (an aberration alert), and adverse-event reports of a
# sore arm after a flu or a tetanus shot over its last four weeks (flagged by the Evans
# criteria). A generator of their own (``SIGNALS_SEED``), so the rest of the quarter is the same.
SIGNALS_SEED = 20260921
SURGE = (5, 9, 13, 16, 18)  # personal flu mentions on each of the last days
# (worded so the triage classifiers leave them unlabelled, as such posts mostly are)
FLU = (
    "Down with the flu since {since}: fever and a cough. Staying in bed today.",
    "My {relative} has the flu, high temperature and coughing, so {pronoun} is home today.",
)
RELATIVES = (("son", "he"), ("daughter", "she"), ("wife", "she"), ("husband", "he"))
SORE_ARM = (("Got my {shot} {ago} and my arm is so sore I can not lift it.", 13),
            ("Had my {shot} {ago} and now my arm is really sore.", 12))  # fmt: skip
SHOTS = ("flu shot", "tetanus shot")


def plan_signals(end: datetime, days: int = DAYS) -> list[PlannedItem]:
    """The flu mentions and sore-arm reports (see ``SURGE``), oldest first."""
    rng = random.Random(SIGNALS_SEED)  # noqa: S311 (synthetic demo data, not a secret)
    wanted: list[tuple[int, str]] = []  # (days before the end, text)
    for back in range(days):
        surge = SURGE[len(SURGE) - 1 - back] if back < len(SURGE) else int(rng.random() < 0.35)
        wanted += [(back, _flu(rng)) for _ in range(surge)]
    for shot, (template, count) in zip(SHOTS, SORE_ARM, strict=True):
        wanted += [(rng.randrange(min(days, 28)), _fill(template.replace("{shot}", shot), rng))
                   for _ in range(count)]  # fmt: skip
    planned = []
    midnight = end.replace(hour=0, minute=0, second=0, microsecond=0)
    for n, (back, text) in enumerate(wanted, 1):
        at = midnight - timedelta(days=back) + timedelta(minutes=rng.randrange(24 * 60))
        at = min(at, end - timedelta(minutes=1))  # the last day: before the end
        channel = rng.choice(INBOUND_CHANNELS[:-1])  # not a review
        handle = f"@{rng.choice(ADJECTIVES)}_{rng.choice(NOUNS)}_{rng.randrange(100):02d}"
        planned.append(PlannedItem(channel, f"s-{channel}-{n:05d}", handle, text, at))
    return sorted(planned, key=lambda p: p.received_at)


def _flu(rng: random.Random) -> str:
    relative, pronoun = rng.choice(RELATIVES)
    since = rng.choice(("the weekend", "Tuesday", "Sunday", "last week"))
    return rng.choice(FLU).format(since=since, relative=relative, pronoun=pronoun)


def analyse(pipeline: Pipeline, wanted: Sequence[tuple[str, Channel]]) -> Analyses:
    """Each distinct (text, channel) analysed once, in one batch."""
    unique = list(dict.fromkeys(wanted))
    docs = [make_document(text, channel, f"q{i}") for i, (text, channel) in enumerate(unique)]
    return dict(zip(unique, pipeline.analyze_many(docs), strict=True))


# ---------------------------------------------------------------------------- the seeding


@dataclass
class _Run:
    session: Session
    rng: random.Random
    end: datetime
    analyses: Analyses
    author: User
    reviewer: User
    people: dict[str, User]
    counts: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)


def _user(session: Session, who: data.DemoUser) -> User:
    found = users.by_email(session, who.email)
    if found is None:
        raise NotFoundError(f"the demo account {who.email} is missing: seed the demo first")
    return found


def seed_quarter(session: Session, pipeline: Pipeline, end: datetime, rng: random.Random,
                 days: int = DAYS) -> Quarter:  # fmt: skip
    """Write the demo organisation's activity of the ``days`` days before ``end`` (aware) into
    ``session``, whose demo accounts exist (``socialrx.demo`` seeds them). Deterministic for a
    given ``end`` and state of ``rng`` (link codes aside, which are random by design)."""
    if end.tzinfo is None:
        raise InputError("the quarter ends at an aware (UTC) moment")
    if days < 1:
        raise InputError("a quarter has at least one day")
    planned_posts = plan_posts(end, rng, days)
    planned_items = plan_inbound(end, rng, days)
    signal_items = plan_signals(end, days)
    wanted: list[tuple[str, Channel]] = [(p.text, "outbound") for p in planned_posts]
    wanted += [(i.text, "inbound") for i in planned_items + signal_items]
    wanted += [(text, "reply") for texts in REPLIES.values() for text in texts]
    run = _Run(session, rng, end, analyse(pipeline, wanted), _user(session, data.AUTHOR),
               _user(session, data.REVIEWER),
               {u.email: _user(session, u) for u in data.USERS})  # fmt: skip
    compliance = run.people[data.COMPLIANCE.email].email
    made = {name: links.add_campaign(session, f"{name} (demo)", spend, "USD", compliance)
            for name, spend, _ in CAMPAIGNS}  # fmt: skip
    values = {name: value for name, _, value in CAMPAIGNS}
    for planned in planned_posts:
        _publish_post(run, planned, made, values)
    for item in planned_items + signal_items:  # the signals' last: the others' draws stay
        _serve(run, item)
    c = run.counts
    return Quarter(end - timedelta(days=days), end, c["posts"], c["publications"], c["readings"],
                   c["inbound"], dict(sorted(run.labels.items())), c["replies"], c["escalated"],
                   c["resolved"], len(made), c["links"], c["clicks"], c["leads"])  # fmt: skip


def _approve(run: _Run, post: Post) -> bool:
    """Submit ``post``; when the analysis asks for a review, the reviewer claims and approves
    it. ``False`` when it is not approved (blocked)."""
    posts.submit_post(run.session, post, run.author)
    if post.state == "pending":
        review = reviews.latest_review_id(run.session, post.id)
        if review is not None:
            reviews.claim(run.session, review, run.reviewer)
            reviews.decide(run.session, review, run.reviewer, "approved",
                           note="Checked: general information, no patient details.")  # fmt: skip
    return post.state == "approved"


def _published(run: _Run, post: Post, channel: str, at: datetime) -> Publication:
    """The publication the worker would have recorded at ``at``, with its audit event."""
    version = posts.current(run.session, post)
    run.counts["external"] += 1
    publication = Publication(
        post_id=post.id, channel=channel,
        key=publication_key(post.id, channel, version.content_hash),
        content_hash=version.content_hash, state="published",
        external_id=f"demo-{channel}-{run.counts['external']:06d}", attempts=1,
        attempted_at=at, published_at=at,
    )  # fmt: skip
    run.session.add(publication)
    run.session.flush()
    audit_log.append(run.session, WORKER, "post.published", ("post", post.id),
                     content_hash=version.content_hash, codes=[f"channel.{channel}"], at=at)  # fmt: skip
    return publication


def _publish_post(run: _Run, planned: PlannedPost, campaigns: Mapping[str, Campaign],
                  values: dict[str, tuple[int, int] | None]) -> None:  # fmt: skip
    analysis = run.analyses[(planned.text, "outbound")]
    if analysis.decision.action == "block":
        return
    post = posts.create_post(run.session, run.author, planned.text, analysis, planned.channels)
    if not _approve(run, post):
        return
    post.created_at = post.updated_at = planned.at - timedelta(hours=run.rng.randint(2, 72))
    run.counts["posts"] += 1  # (its first publication is before the end: see plan_posts)
    for n, channel in enumerate(planned.channels):
        at = planned.at + timedelta(minutes=run.rng.randrange(0, 25) if n else 0)
        if at >= run.end:
            continue
        publication = _published(run, post, channel, at)
        run.counts["publications"] += 1
        seen = _metrics(run, publication.id, channel, at)
        topic = planned.topic
        if topic.path is not None:
            campaign = topic.campaign if topic.campaign in campaigns else None
            _tracked(run, post, channel, topic.path, campaign, values.get(campaign or ""), at,
                     seen)  # fmt: skip


def _metrics(run: _Run, publication_id: int, channel: str, at: datetime) -> int:
    """Daily cumulative readings that grow and level off; returns the final audience (the
    impressions it would reach, or an estimate where the platform reports none)."""
    rng = run.rng
    scale = {"facebook": 1800, "linkedin": 900, "x": 1200, "mastodon": 500, "bluesky": 400}
    audience = max(40, int(scale[channel] * rng.lognormvariate(0, 0.6)))
    rate = rng.uniform(0.01, 0.05)
    pace = rng.uniform(0.6, 2.0)  # days: how fast it levels off
    split = (0.62, 0.14, 0.1, 0.14) if channel not in NO_CLICKS else (0.7, 0.18, 0.12, 0.0)
    for day in range(1, READ_DAYS + 1):
        moment = at + timedelta(days=day, minutes=rng.randrange(-20, 20))
        if moment >= run.end:
            break
        share = 1 - pow(2.718281828, -day / pace)
        seen = int(audience * share)
        engaged = seen * rate
        counts: dict[str, int | None] = {
            "reactions": int(engaged * split[0]), "comments": int(engaged * split[1]),
            "shares": int(engaged * split[2]),
        }  # fmt: skip
        if channel not in NO_CLICKS:
            counts["clicks"] = int(engaged * split[3])
        if channel not in UNSEEN:
            counts["impressions"] = seen
            if channel not in NO_REACH:
                counts["reach"] = int(seen * 0.72)
        channels.record_metrics(run.session, publication_id, moment, counts)
        run.counts["readings"] += 1
    return audience


def _tracked(run: _Run, post: Post, channel: str, path: str, campaign: str | None,
             value: tuple[int, int] | None, at: datetime, audience: int) -> None:  # fmt: skip
    """A tracked link for the publication, its clicks over the next days and the leads."""
    rng = run.rng
    found = links.create_link(run.session, run.author, SITE + path, post.id, channel,
                              f"{campaign} (demo)" if campaign else None)  # fmt: skip
    run.counts["links"] += 1
    clicks = int(audience * rng.uniform(0.004, 0.02))
    visitors: list[tuple[str, str]] = []
    made: list[LinkClick] = []
    moments = []
    for _ in range(clicks):
        moment = at + timedelta(minutes=int(rng.expovariate(1 / (26 * 60))) + 1)
        if moment >= run.end:
            continue
        day = moment.date().isoformat()
        same = [v for d, v in visitors if d == day]
        visitor = (
            rng.choice(same) if same and rng.random() < 0.15 else f"{rng.getrandbits(128):032x}"
        )
        visitors.append((day, visitor))
        made.append(LinkClick(link_id=found.id, at=moment, visitor=visitor))
        moments.append(moment)
    run.session.add_all(made)
    run.counts["clicks"] += len(made)
    for moment in moments:
        if rng.random() < 0.06:
            booked = moment + timedelta(minutes=rng.randint(2, 90))
            if booked >= run.end:
                continue
            cents = rng.randint(*value) if value is not None and rng.random() < 0.7 else None
            kind = "appointment_booked" if campaign != "Blood drive" else "donation_booked"
            run.counts["leads"] += 1
            links.record_conversion(run.session, BOOKING, f"demo-{run.counts['leads']:05d}", kind,
                                    found.code, cents, booked)  # fmt: skip


STARS = {"praise": (4, 5), "complaint": (1, 3)}  # others: 3 or 4 stars


def _serve(run: _Run, planned: PlannedItem) -> None:
    """Ingest the item, then assign, escalate, answer and resolve it as its label asks."""
    session, rng = run.session, run.rng
    admin = run.people[data.ADMIN.email]
    analysis = run.analyses[(planned.text, "inbound")]
    item, _ = inbound.ingest(session, planned.channel, planned.external_id, planned.handle,
                             analysis, WORKER)  # fmt: skip
    item.received_at = planned.received_at
    run.counts["inbound"] += 1
    if planned.channel == "google_reviews":  # a review's stars, for the rating trend
        stars = STARS.get(analysis.labels[0].name if analysis.labels else "", (3, 4))
        inbound.record_rating(session, planned.channel, planned.external_id,
                              rng.randint(*stars), planned.received_at)  # fmt: skip
    run.labels.update(label.name for label in analysis.labels)
    label = analysis.labels[0].name if analysis.labels else ""
    how = SERVICE[label]
    received = planned.received_at
    if how.assign is not None:
        inbound.assign(session, item.id, run.people[how.assign], admin.email)
    if rng.random() < how.escalate:
        at = received + timedelta(
            minutes=rng.randint(*how.escalate_after), seconds=rng.randrange(60)
        )
        if at < run.end:
            audit_log.append(session, run.reviewer.email, "inbound.escalated", ("inbound", item.id),
                             codes=["escalation.email.delivered"], at=at)  # fmt: skip
            run.counts["escalated"] += 1
    answered: datetime | None = None
    if rng.random() < how.reply:
        late = rng.random() < how.late_share
        minutes = rng.randint(*(how.late if late else how.delay))
        at = received + timedelta(minutes=minutes, seconds=rng.randrange(60))
        if at < run.end:
            answered = _answer(run, item, label, at)
    if answered is not None and rng.random() < how.resolve:
        at = answered + timedelta(minutes=rng.randint(*how.resolve_after))
        if at < run.end:
            _resolve(run, item, at)


def _answer(run: _Run, item: InboundItem, label: str, at: datetime) -> datetime | None:
    """A reply drafted, approved and published at ``at``; ``None`` when it was not approved."""
    texts = [t for t in REPLIES[label] if run.analyses[(t, "reply")].decision.action != "block"]
    if not texts:
        return None
    text = run.rng.choice(texts)
    post = posts.create_post(run.session, run.author, text, run.analyses[(text, "reply")],
                             [item.channel], in_reply_to=item.id)  # fmt: skip
    if not _approve(run, post):
        return None
    post.created_at = post.updated_at = at - timedelta(minutes=run.rng.randint(1, 10))
    _published(run, post, item.channel, at)
    run.counts["replies"] += 1
    return at


def _resolve(run: _Run, item: InboundItem, at: datetime) -> None:
    """``inbound.resolve`` as it happened at ``at`` (its event carries that moment)."""
    if item.state == "closed":
        return
    item.state = "closed"
    audit_log.append(run.session, run.reviewer.email, "inbound.resolved", ("inbound", item.id),
                     at=at)  # fmt: skip
    run.counts["resolved"] += 1
