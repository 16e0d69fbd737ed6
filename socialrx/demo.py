"""``socialrx demo``: seed the demo organisation of ``socialrx.demo_data`` into a database, and
the log-in help printed afterwards.

Seeding goes through the real analysis pipeline and the store's own workflow functions (draft,
submit, link a consent, claim, approve, reject, request changes, edit, override, revoke,
lapse, ingest, assign), so the audit trail records every step and verifies. It is idempotent:
when the demo administrator exists, nothing is written and only the log-in help is printed
again. It never seeds a database that already holds anything else, and never in production.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from socialrx import demo_data as data
from socialrx.accounts import totp_now, totp_uri
from socialrx.audit import Verdict
from socialrx.demo_peers import seed_peers
from socialrx.demo_quarter import SEED, Quarter, seed_quarter
from socialrx.errors import ConfigError, ConflictError, NotFoundError
from socialrx.model import Analysis, Channel
from socialrx.pipeline import Pipeline, make_document
from socialrx.settings import Settings, redact_url
from socialrx.store import audit_log, consents, inbound, posts, reviews, users
from socialrx.store.database import Database, Session
from socialrx.store.models import Consent, InboundItem, Post, User
from socialrx.store.types import utcnow
from socialrx.workflow import POST_STATES
from socialrx.workflow import Verdict as ReviewVerdict

URL = "http://127.0.0.1:8000"
VERDICTS: dict[str, ReviewVerdict] = {"approve": "approved", "reject": "rejected",
                                      "request_changes": "changes_requested"}  # fmt: skip
# The state a post must be in for each step (a step that does not fit ends the post's steps).
FITS: dict[data.StepVerb, tuple[str, ...]] = {
    "submit": ("draft",), "edit": ("draft", "changes_requested", "pending", "approved", "blocked"),
    "link": POST_STATES, "claim": ("pending",), "approve": ("pending",),
    "reject": ("pending",), "request_changes": ("pending",), "override": ("blocked",),
}  # fmt: skip
Analyses = dict[tuple[str, Channel], Analysis]


@dataclass(frozen=True, slots=True)
class Account:
    """A demo account as the log-in help shows it. ``repr`` hides the TOTP secret."""

    email: str
    role: str
    totp_secret: str | None

    def __repr__(self) -> str:
        return f"Account({self.email!r}, {self.role!r})"


@dataclass(frozen=True, slots=True)
class Summary:
    """What a seeding wrote: posts per state, inbound items per label, consents."""

    posts: dict[str, int]
    labels: dict[str, int]
    inbound: int
    assigned: int
    consents: int
    quarter: Quarter | None = None  # the quarter of activity (``socialrx.demo_quarter``)


@dataclass(frozen=True, slots=True)
class Demo:
    """The demo organisation: ``token`` and ``summary`` only when it was seeded just now."""

    accounts: tuple[Account, ...]
    token: str | None = None
    summary: Summary | None = None
    audit: Verdict | None = None
    database: str = ""  # where it lives (URL without a password)

    def __repr__(self) -> str:
        return f"Demo(seeded={self.summary is not None}, accounts={len(self.accounts)})"


def prepare(settings: Settings, pipeline: Pipeline | None = None) -> Demo:
    """Migrate the database of ``settings``, seed the demo when absent, verify the audit chain."""
    if settings.production:
        raise ConfigError(
            "the demo organisation is synthetic and is never seeded in production "
            "(SOCIALRX_ENV=production); run it in development mode with its own data folder"
        )
    database = Database(settings)
    try:
        database.upgrade()
        demo = seed(database, pipeline, quarter=True)
        with database.transaction() as session:
            verdict = audit_log.verify_log(session)
    finally:
        database.dispose()
    return Demo(demo.accounts, demo.token, demo.summary, verdict, redact_url(settings.database_url))


def seed(database: Database, pipeline: Pipeline | None = None, quarter: bool = False) -> Demo:
    """Seed the demo into ``database`` (migrated) unless it is there already; with ``quarter``,
    also the 91 days of activity before now (``socialrx.demo_quarter``)."""
    if database.settings.production:
        raise ConfigError("the demo organisation is never seeded in production")
    with database.transaction() as session:
        existing = _existing(session)
    if existing is not None:
        return existing
    pipeline = pipeline or Pipeline()
    analyses = _analyse(pipeline)
    with database.transaction() as session:
        demo = _existing(session)  # a concurrent run may have won
        if demo is None:
            demo = _seed(session, analyses)
            if quarter and demo.summary is not None:
                rng = random.Random(SEED)  # noqa: S311 - synthetic data, reproducible
                now = utcnow()
                made = seed_quarter(session, pipeline, now, rng)
                seed_peers(session, made.start, now, rng)  # three peers and our own account
                demo = replace(demo, summary=replace(demo.summary, quarter=made))
        return demo


def _existing(session: Session) -> Demo | None:
    """The demo when seeded; ``None`` for an empty database; refuses any other database."""
    if users.by_email(session, data.ADMIN.email) is not None:
        found = (users.by_email(session, u.email) for u in data.USERS)
        return Demo(tuple(Account(u.email, u.role, u.totp_secret) for u in found if u))
    if audit_log.events(session, limit=1):
        raise ConflictError(
            "this database already holds data and no demo organisation; the demo is seeded "
            "only into an empty database (set SOCIALRX_DATA_DIR to another folder)"
        )
    return None


def _analyse(pipeline: Pipeline) -> Analyses:
    """Every text the seeding stores, analysed by the real pipeline."""
    wanted: list[tuple[str, Channel]] = []
    for post in data.POSTS:
        channel: Channel = "reply" if post.kind == "reply" else "outbound"
        wanted.append((post.text, channel))
        wanted.extend((arg, channel) for verb, arg in post.steps if verb == "edit")
    wanted.extend((item.text, "inbound") for item in data.INBOUND)
    docs = [make_document(text, channel, str(i)) for i, (text, channel) in enumerate(wanted)]
    return dict(zip(wanted, pipeline.analyze_many(docs), strict=True))


@dataclass
class _Org:
    """The seeding's working set, inside its one transaction."""

    session: Session
    analyses: Analyses
    people: dict[str, User]
    register: dict[str, Consent]
    now: datetime

    def user(self, who: data.DemoUser) -> User:
        return self.people[who.email]


def _seed(session: Session, analyses: Analyses) -> Demo:
    people = {u.email: users.create_user(session, u.email, u.role, data.PASSWORD, data.SEEDER)
              for u in data.USERS}  # fmt: skip
    secrets = {email: users.enroll_totp(session, user)
               for email, user in people.items() if users.totp_required(user)}  # fmt: skip
    token = users.create_token(session, people[data.ADMIN.email], data.SEEDER).token
    org = _Org(session, analyses, people, {}, utcnow())
    for spec in data.CONSENTS:
        org.register[spec.key] = _consent(org, spec)
    seeded = [_post(org, spec) for spec in data.POSTS]
    compliance = org.user(data.COMPLIANCE).email
    for spec in data.CONSENTS:
        if spec.revoked:
            consents.revoke(session, org.register[spec.key], compliance)
    consents.lapse_expired(session, data.SEEDER)
    items = [_inbound(org, spec) for spec in data.INBOUND]
    accounts = tuple(Account(u.email, u.role, secrets.get(u.email)) for u in data.USERS)
    summary = Summary(
        posts=dict(Counter(post.state for post in seeded)),
        labels=dict(Counter(label["name"] for item in items for label in item.labels)),
        inbound=len(items),
        assigned=sum(item.assignee_id is not None for item in items),
        consents=len(org.register),
    )
    return Demo(accounts, token, summary)


def _consent(org: _Org, spec: data.DemoConsent) -> Consent:
    until = spec.valid_until_days
    return consents.create_consent(
        org.session, org.user(data.COMPLIANCE), spec.subject_alias, spec.scope, spec.channels,
        spec.document_ref, org.now + timedelta(days=spec.valid_from_days),
        org.now + timedelta(days=until) if until is not None else None,
    )  # fmt: skip


def _post(org: _Org, spec: data.DemoPost) -> Post:
    """Draft ``spec`` as the author, then take its steps while each fits the post's state."""
    channel: Channel = "reply" if spec.kind == "reply" else "outbound"
    days = spec.scheduled_in_days
    post = posts.create_post(
        org.session, org.user(data.AUTHOR), spec.text, org.analyses[(spec.text, channel)],
        spec.channels, org.now + timedelta(days=days) if days is not None else None,
    )  # fmt: skip
    for verb, arg in spec.steps:
        if post.state not in FITS[verb] or not _step(org, post, channel, verb, arg):
            break
    return post


def _step(org: _Org, post: Post, channel: Channel, verb: data.StepVerb, arg: str) -> bool:
    """Take one step; ``False`` when the post does not qualify (e.g. no consent claim)."""
    session, author = org.session, org.user(data.AUTHOR)
    if verb == "submit":
        posts.submit_post(session, post, author)
    elif verb == "edit":
        posts.edit_post(session, post, author, arg, org.analyses[(arg, channel)])
    elif verb == "link":
        if consents.CONSENT_CODE not in posts.current(session, post).codes:
            return False
        consent = org.register[arg]  # an expired consent is linked as of its first valid day
        valid = consents.in_force(consent, org.now)
        at = org.now if valid else consent.valid_from + timedelta(days=1)
        consents.link(session, post, consent, author, now=at)
    elif verb == "claim":
        reviews.claim(session, _open_review(session, post), org.user(data.REVIEWER))
    elif verb == "override":
        reviews.decide(session, _open_review(session, post), org.user(data.COMPLIANCE),
                       "overridden", reason=arg)  # fmt: skip
    else:
        reviews.decide(session, _open_review(session, post), org.user(data.REVIEWER),
                       VERDICTS[verb], note=arg)  # fmt: skip
    return True


def _open_review(session: Session, post: Post) -> int:
    queue: reviews.Queue = "blocked" if post.state == "blocked" else "pending"
    for review in reviews.queue(session, queue, limit=10_000):
        if review.post_id == post.id:
            return review.id
    raise NotFoundError(f"post {post.id} has no open review")


def _inbound(org: _Org, spec: data.DemoInbound) -> InboundItem:
    admin = org.user(data.ADMIN)
    item, _ = inbound.ingest(org.session, spec.channel, spec.external_id, spec.author_handle,
                             org.analyses[(spec.text, "inbound")], admin.email)  # fmt: skip
    if spec.assign_to is not None:
        inbound.assign(org.session, item.id, org.people[spec.assign_to], admin.email)
    return item


# ------------------------------------------------------------------------------ log-in help


def login_help(demo: Demo, at: datetime | None = None, url: str = URL) -> list[str]:
    """What ``socialrx demo`` prints: what was seeded, the accounts, their TOTP set-up, the
    admin's API token (only when just created) and how to try the API."""
    at = at or utcnow()
    where = f" in {demo.database}" if demo.database else ""
    lines = [f"socialrx demo: {data.ORGANISATION}, all synthetic{where}"]
    lines += [*_summary(demo), "", f"Demo accounts (password for all: {data.PASSWORD}):"]
    for account in demo.accounts:
        code = "no two-factor"
        if account.totp_secret is not None:
            code = f"TOTP code now: {totp_now(account.totp_secret, at)} (changes every 30 s)"
        lines.append(f"  {account.email:<24} {account.role:<11} {code}")
    lines += ["", "Two-factor (reviewer, compliance, admin): add the secret to an authenticator "
              "app, or open the otpauth URI on a phone:"]  # fmt: skip
    for account in demo.accounts:
        if account.totp_secret is not None:
            lines.append(f"  {account.email:<24} secret {account.totp_secret}")
            lines.append(f"    {totp_uri(account.totp_secret, account.email)}")
    admin = data.ADMIN.email
    if demo.token is not None:
        lines += ["", "API token of the admin (shown once, only its hash is stored):",
                  f"  {demo.token}"]  # fmt: skip
    else:
        lines += ["", "API token: printed when the demo was seeded; make another with",
                  f"  socialrx tokens create --email {admin}"]  # fmt: skip
    token = demo.token or "srx_…"
    login = (f'{{"email": "{data.REVIEWER.email}", "password": "{data.PASSWORD}", '
             '"totp": "<code>"}')  # fmt: skip
    return [*lines, "", f"The server (`make demo` starts it; or `socialrx serve`): {url}",
            f"  Log in with a browser: {url}/login (the password above, and the TOTP code)",
            f"  OpenAPI docs: {url}/docs; every /api/v1 call needs the token or a session:",
            f"  curl -H 'Authorization: Bearer {token}' {url}/api/v1/reviews",
            f"  curl -H 'Authorization: Bearer {token}' '{url}/api/v1/inbound?label=crisis'",
            f"  curl -c cookies.txt -H 'Content-Type: application/json' -d '{login}' "
            f"{url}/api/v1/login",
            "Run `socialrx demo` again for fresh TOTP codes (it leaves the data as it is)."]  # fmt: skip


def _summary(demo: Demo) -> list[str]:
    audit, chain = demo.audit, ""
    if audit is not None:
        chain = f"; audit chain {'ok' if audit.ok else 'BROKEN'}: {audit.count} events"
    if demo.summary is None:
        return [f"  already seeded: nothing was written{chain}"]
    s = demo.summary
    states = ", ".join(f"{n} {state.replace('_', ' ')}" for state, n in sorted(s.posts.items()))
    labels = ", ".join(f"{n} {label}" for label, n in sorted(s.labels.items()))
    return [f"  seeded {sum(s.posts.values())} posts ({states})",
            f"  {s.inbound} inbound items ({labels}; {s.assigned} assigned)",
            f"  {s.consents} consents (one revoked, one expired){chain}",
            *([s.quarter.line()] if s.quarter else [])]  # fmt: skip
