"""The tables (SQLAlchemy 2.0 typed declarative models). Migrations in ``migrations/versions``
create exactly these; a test compares the two.

Text that may hold PHI (post versions, inbound items, review notes and reasons, stored analysis
records, which quote the flagged words) is encrypted; codes, states, hashes and ids are not.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar, get_args

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from socialrx.errors import NotFoundError
from socialrx.store.types import EncryptedJSON, EncryptedText, UTCDateTime, utcnow
from socialrx.workflow import POST_STATES, ROLES, Verdict

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


VERDICTS: tuple[str, ...] = get_args(Verdict)
INBOUND_STATES = ("open", "assigned", "closed")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


R = TypeVar("R", bound=Base)


def fetch(session: Session, model: type[R], key: object, noun: str) -> R:
    """The row of ``model`` with primary key ``key``; ``NotFoundError`` names the ``noun``."""
    row = session.get(model, key)
    if row is None:
        raise NotFoundError(f"no {noun} has id {key}")
    return row


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText("users.totp_secret"))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)  # a code works once
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"User(id={self.id!r}, role={self.role!r})"


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    prefix: Mapped[str] = mapped_column(String(16))
    digest: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the token
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class WebSession(Base):
    """A browser log-in: the cookie holds a random token, the table its SHA-256 only."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the token
    csrf: Mapped[str] = mapped_column(String(64))  # sent back in X-CSRF-Token
    two_factor: Mapped[bool] = mapped_column(default=False)  # False: may only enrol TOTP
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class Post(Base):
    __tablename__ = "posts"
    __table_args__ = (CheckConstraint(_in("state", POST_STATES), name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    channels: Mapped[list[str]] = mapped_column(JSON)
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)  # the current version's number
    approved_hash: Mapped[str | None] = mapped_column(String(64))  # what approval pinned
    in_reply_to: Mapped[int | None] = mapped_column(ForeignKey("inbound_items.id"))  # answers
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    versions: Mapped[list[PostVersion]] = relationship(
        back_populates="post", order_by="PostVersion.number"
    )

    def __repr__(self) -> str:
        return f"Post(id={self.id!r}, state={self.state!r}, version={self.version!r})"


class PostVersion(Base):
    """One text of a post, with the analysis it received. Versions are never updated."""

    __tablename__ = "post_versions"
    __table_args__ = (UniqueConstraint("post_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(EncryptedText("post_versions.text"))
    content_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the exact text (UTF-8)
    decision: Mapped[str] = mapped_column(String(8))
    policy: Mapped[str] = mapped_column(String(200))
    codes: Mapped[list[str]] = mapped_column(JSON)  # finding codes, sorted, unique
    analysis: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON("post_versions.analysis"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    post: Mapped[Post] = relationship(back_populates="versions")

    def __repr__(self) -> str:
        return f"PostVersion(post_id={self.post_id!r}, number={self.number!r})"


class Review(Base):
    """A request for a human decision on one version of a post."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint(f"verdict IS NULL OR {_in('verdict', VERDICTS)}", name="verdict"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verdict: Mapped[str | None] = mapped_column(String(20), index=True)  # NULL: open
    note: Mapped[str | None] = mapped_column(EncryptedText("reviews.note"))
    override_reason: Mapped[str | None] = mapped_column(EncryptedText("reviews.override_reason"))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    post: Mapped[Post] = relationship()


class Consent(Base):
    """A signed release: the subject is an alias, the document a reference (never the form)."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_alias: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(1000))
    channels: Mapped[list[str]] = mapped_column(JSON)
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime())
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    document_ref: Mapped[str] = mapped_column(String(500))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PostConsent(Base):
    __tablename__ = "post_consents"

    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), primary_key=True)
    consent_id: Mapped[int] = mapped_column(ForeignKey("consents.id"), primary_key=True)
    linked_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class InboundItem(Base):
    """A mention, comment, DM or review; ``(channel, external_id)`` is unique, so ingesting
    the same item twice keeps one row."""

    __tablename__ = "inbound_items"
    __table_args__ = (
        UniqueConstraint("channel", "external_id"),
        CheckConstraint(_in("state", INBOUND_STATES), name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(255))
    author_handle: Mapped[str] = mapped_column(EncryptedText("inbound_items.author_handle"))
    text: Mapped[str] = mapped_column(EncryptedText("inbound_items.text"))
    labels: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # [{"name", "score"}]
    label_names: Mapped[str] = mapped_column(String(200))  # ",crisis,complaint," for filtering
    sentiment: Mapped[str | None] = mapped_column(String(8))
    queue: Mapped[str] = mapped_column(String(64), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(16), default="open")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Rating(Base):
    """A review's star rating (1 to 5), kept for rating trends apart from the review's text
    and author, also when the review has no text. ``(channel, external_id)`` is unique: an
    edited review updates its rating and ``rated_at``."""

    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("channel", "external_id"),
        CheckConstraint("stars BETWEEN 1 AND 5", name="stars"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(255))
    stars: Mapped[int] = mapped_column(Integer)
    rated_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class AuditEvent(Base):
    """Append-only; see ``socialrx.audit`` for the chain. ``at`` is kept as the exact ISO
    string the hash covers."""

    __tablename__ = "audit_events"
    __table_args__ = (Index(None, "subject_type", "subject_id"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(64))
    policy: Mapped[str | None] = mapped_column(String(200))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    codes: Mapped[list[str]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class PolicyVersion(Base):
    """One saved version of the organisation's policy (its TOML source, as saved). Append-only:
    every change is a new row (database triggers refuse UPDATE and DELETE), and each row's
    SHA-256 is also in the audit chain. Policies are configuration, not PHI: not encrypted."""

    __tablename__ = "policy_versions"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(String(1000))  # what changed and why
    actor: Mapped[str] = mapped_column(String(320))  # who saved it (e-mail or "cli:<user>")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FindingFeedback(Base):
    """A reviewer's word that a finding of a post version was a false flag, kept for tuning the
    detectors: the finding is named by its place in the version's stored analysis (so its words
    stay encrypted there, and are never copied here); the note is encrypted."""

    __tablename__ = "finding_feedback"
    __table_args__ = (UniqueConstraint("version_id", "finding", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("post_versions.id"), index=True)
    finding: Mapped[int] = mapped_column(Integer)  # index into the analysis record's findings
    code: Mapped[str] = mapped_column(String(64), index=True)
    detector: Mapped[str] = mapped_column(String(64))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(EncryptedText("finding_feedback.note"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


CHANNEL_STATUSES = ("unknown", "ok", "auth_failed", "failing")
JOB_KINDS = ("publish", "ingest", "collect", "benchmark")
JOB_STATES = ("queued", "running", "done", "failed")
PUBLICATION_STATES = ("attempting", "published", "failed", "needs_check", "cancelled")


class ChannelAccount(Base):
    """A connected account on a platform. ``name`` is the channel posts name (``mastodon``);
    ``settings`` hold what is not secret (instance URL, visibility), ``credentials`` the
    tokens, encrypted. ``status`` says whether the last call could authenticate."""

    __tablename__ = "channel_accounts"
    __table_args__ = (CheckConstraint(_in("status", CHANNEL_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    platform: Mapped[str] = mapped_column(String(32))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    credentials: Mapped[dict[str, Any]] = mapped_column(
        EncryptedJSON("channel_accounts.credentials")
    )
    status: Mapped[str] = mapped_column(String(16), default="unknown")
    status_detail: Mapped[str | None] = mapped_column(String(500))
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Job(Base):
    """Durable work for ``socialrx worker``: ``key`` is unique (one job per post and channel,
    one ingest job per channel). A worker takes a due job by setting a lease; a job whose lease
    ran out (its worker died) is taken again."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(_in("kind", JOB_KINDS), name="kind"),
        CheckConstraint(_in("state", JOB_STATES), name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    run_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Publication(Base):
    """One post on one channel. Written (``attempting``, with its idempotency key) before the
    platform is called, so that a crash leaves a record to reconcile, never a silent double
    post or a silent loss."""

    __tablename__ = "publications"
    __table_args__ = (
        UniqueConstraint("post_id", "channel"),
        CheckConstraint(_in("state", PUBLICATION_STATES), name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    channel: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(100), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str | None] = mapped_column(String(255))
    url: Mapped[str | None] = mapped_column(String(1000))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    detail: Mapped[str | None] = mapped_column(String(500))
    attempted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Cursor(Base):
    """Where ingestion from a channel stopped (the platform's since-id or page token)."""

    __tablename__ = "cursors"

    channel: Mapped[str] = mapped_column(String(64), primary_key=True)
    cursor: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PostMetric(Base):
    """What a platform reported for one publication at one moment: a time series, one row per
    collection (``None`` where the platform reports nothing of the kind)."""

    __tablename__ = "post_metrics"
    __table_args__ = (Index(None, "publication_id", "collected_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id"))
    collected_at: Mapped[datetime] = mapped_column(UTCDateTime())
    impressions: Mapped[int | None] = mapped_column(BigInteger)
    reach: Mapped[int | None] = mapped_column(BigInteger)
    reactions: Mapped[int | None] = mapped_column(BigInteger)
    comments: Mapped[int | None] = mapped_column(BigInteger)
    shares: Mapped[int | None] = mapped_column(BigInteger)
    clicks: Mapped[int | None] = mapped_column(BigInteger)
    video_views: Mapped[int | None] = mapped_column(BigInteger)


class Campaign(Base):
    """A named campaign; ``spend_cents`` (what was paid, in ``currency``) gives cost per click,
    cost per lead and return on investment."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    spend_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Link(Base):
    """A short link (``/l/{code}``) to ``url``, for a post, channel and campaign."""

    __tablename__ = "links"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    channel: Mapped[str | None] = mapped_column(String(64))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LinkClick(Base):
    """One click; ``visitor`` is a hash of the address and browser under the day's random salt
    (unique visitors per day can be counted; no address is kept, and once the salt is deleted
    the hash cannot be tied to anyone)."""

    __tablename__ = "link_clicks"
    __table_args__ = (Index(None, "link_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("links.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    visitor: Mapped[str] = mapped_column(String(32))


class ClickSalt(Base):
    """The random salt of one UTC day; deleted when the day is over."""

    __tablename__ = "click_salts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    salt: Mapped[bytes] = mapped_column(LargeBinary)


class Conversion(Base):
    """A lead (e.g. an appointment booked), reported by a signed webhook; ``(source,
    external_id)`` is unique, so a repeated delivery is one lead. No personal data."""

    __tablename__ = "conversions"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(64))
    link_id: Mapped[int | None] = mapped_column(ForeignKey("links.id"))
    value_cents: Mapped[int | None] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


PEER_PLATFORMS = ("mastodon", "bluesky", "x")


class Peer(Base):
    """A public account benchmarked against: a peer organisation's, or (``own``) the
    organisation's own, compared on the same public figures. ``settings``: what is not secret
    (e.g. ``base_url``); ``credentials``: tokens (an X ``bearer_token``), encrypted."""

    __tablename__ = "peers"
    __table_args__ = (
        UniqueConstraint("platform", "handle"),
        CheckConstraint(_in("platform", PEER_PLATFORMS), name="platform"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    platform: Mapped[str] = mapped_column(String(16))
    handle: Mapped[str] = mapped_column(String(255))
    own: Mapped[bool] = mapped_column(default=False)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    credentials: Mapped[dict[str, Any]] = mapped_column(
        EncryptedJSON("peers.credentials"), default=dict
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PeerSnapshot(Base):
    """A peer account's public figures at one collection."""

    __tablename__ = "peer_snapshots"
    __table_args__ = (Index(None, "peer_id", "collected_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    peer_id: Mapped[int] = mapped_column(ForeignKey("peers.id"))
    collected_at: Mapped[datetime] = mapped_column(UTCDateTime())
    followers: Mapped[int | None] = mapped_column(BigInteger)
    following: Mapped[int | None] = mapped_column(BigInteger)
    posts_total: Mapped[int | None] = mapped_column(BigInteger)


class PeerPostRecord(Base):
    """One public post of a peer; a later collection updates its counts in place."""

    __tablename__ = "peer_posts"
    __table_args__ = (
        UniqueConstraint("peer_id", "external_id"),
        Index(None, "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    peer_id: Mapped[int] = mapped_column(ForeignKey("peers.id"))
    external_id: Mapped[str] = mapped_column(String(255))
    url: Mapped[str | None] = mapped_column(String(1000))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reactions: Mapped[int | None] = mapped_column(BigInteger)
    comments: Mapped[int | None] = mapped_column(BigInteger)
    shares: Mapped[int | None] = mapped_column(BigInteger)
    collected_at: Mapped[datetime] = mapped_column(UTCDateTime())
