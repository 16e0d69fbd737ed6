"""Tracked links and leads: campaigns with their spend, short links with UTM parameters, clicks
counted without personal data, and conversions (leads) from signed webhooks.

Privacy: a click keeps its time and a *visitor hash* — SHA-256 of the day's random salt, the
client's address and its user agent, cut to 32 hex digits. The salt lives only for its UTC day
(older salts are deleted as soon as a click arrives on a later day), so unique visitors can be
counted within a day and nobody can be traced afterwards; no address, user agent or cookie is
stored. Conversions carry an id from the booking system, a kind, an optional value and the link
they came through — nothing about the person.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from socialrx.errors import ConflictError, InputError, NotFoundError
from socialrx.store import audit_log
from socialrx.store.models import Campaign, ClickSalt, Conversion, Link, LinkClick, Post, User

CODE_ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/l/I
CODE_LENGTH = 7
CODE = re.compile(rf"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
KIND = re.compile(r"[a-z][a-z0-9_]{0,63}")
MAX_VALUE_CENTS = 10**12


# -------------------------------------------------------------------------------- campaigns


def add_campaign(session: Session, name: str, spend_cents: int, currency: str,
                 actor: str) -> Campaign:  # fmt: skip
    name = name.strip()
    if not name or len(name) > 100:
        raise InputError("a campaign name is 1 to 100 characters")
    _check_money(spend_cents, "spend")
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise InputError("a currency is an ISO 4217 code such as USD or EUR")
    if session.scalar(select(Campaign).where(Campaign.name == name)) is not None:
        raise ConflictError(f"a campaign called {name} exists already")
    campaign = Campaign(name=name, spend_cents=spend_cents, currency=currency)
    return audit_log.add(session, campaign, actor, "campaign.created", "campaign")


def set_spend(session: Session, name: str, spend_cents: int, actor: str) -> Campaign:
    campaign = campaign_named(session, name)
    _check_money(spend_cents, "spend")
    campaign.spend_cents = spend_cents
    audit_log.append(session, actor, "campaign.spend_set", ("campaign", campaign.id))
    session.flush()
    return campaign


def campaign_named(session: Session, name: str) -> Campaign:
    found = session.scalar(select(Campaign).where(Campaign.name == name.strip()))
    if found is None:
        raise NotFoundError(f"no campaign is called {name.strip()[:100]}")
    return found


def campaigns(session: Session) -> list[Campaign]:
    return list(session.scalars(select(Campaign).order_by(Campaign.name)))


def _check_money(cents: int, what: str) -> None:
    if not 0 <= cents <= MAX_VALUE_CENTS:
        raise InputError(f"a {what} is between 0 and 10,000,000,000.00")


# ------------------------------------------------------------------------------------ links


def create_link(session: Session, author: User, url: str, post_id: int | None = None,
                channel: str | None = None, campaign: str | None = None) -> Link:  # fmt: skip
    """A new short link to ``url`` (http or https), optionally for a post, a channel and a
    campaign."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 2000:
        raise InputError("a link goes to an http:// or https:// address (2,000 characters "
                         "at most)")  # fmt: skip
    if post_id is not None and session.get(Post, post_id) is None:
        raise NotFoundError(f"no post has id {post_id}")
    found = campaign_named(session, campaign) if campaign else None
    for _ in range(10):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Link.id).where(Link.code == code)) is None:
            break
    else:  # pragma: no cover - 56**7 codes
        raise ConflictError("no free link code was found; try again")
    link = Link(code=code, url=url, post_id=post_id, channel=channel,
                campaign_id=found.id if found else None, created_by=author.id)  # fmt: skip
    return audit_log.add(session, link, author.email, "link.created", "link")


def link(session: Session, code: str) -> Link:
    found = session.scalar(select(Link).where(Link.code == code)) if CODE.fullmatch(code) else None
    if found is None:
        raise NotFoundError("no link has that code")
    return found


def links(session: Session, limit: int = 200) -> list[Link]:
    return list(session.scalars(select(Link).order_by(Link.id.desc()).limit(limit)))


def target(session: Session, found: Link) -> str:
    """Where ``found`` sends a visitor: its URL with UTM parameters added (those the URL already
    has are kept): ``utm_source`` the channel, ``utm_medium`` social, ``utm_campaign`` the
    campaign, ``utm_content`` the link's code (which a booking system hands back as the lead's
    ``link``)."""
    parts = urlsplit(found.url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    have = {k for k, _ in query}
    campaign = session.get(Campaign, found.campaign_id) if found.campaign_id else None
    utm = {"utm_source": found.channel or "socialrx", "utm_medium": "social",
           "utm_campaign": campaign.name if campaign else None, "utm_content": found.code}  # fmt: skip
    query += [(k, v) for k, v in utm.items() if v and k not in have]
    return urlunsplit(parts._replace(query=urlencode(query)))


# ----------------------------------------------------------------------------------- clicks


def record_click(session: Session, found: Link, at: datetime, address: str,
                 agent: str) -> None:  # fmt: skip
    """Count one click of ``found``; only the time and the salted visitor hash are kept."""
    day = at.astimezone(UTC).date()
    salt = session.get(ClickSalt, day)
    if salt is None:
        forget_salts(session, at)
        salt = ClickSalt(day=day, salt=secrets.token_bytes(32))
        session.add(salt)
        session.flush()
    digest = hashlib.sha256(salt.salt + address.encode() + b"\0" + agent.encode()).hexdigest()
    session.add(LinkClick(link_id=found.id, at=at, visitor=digest[:32]))
    session.flush()


def forget_salts(session: Session, now: datetime) -> None:
    """Delete the salts of days before ``now``'s UTC day (the worker does this every few
    seconds, the redirector on the first click of a day): past visitor hashes become
    unlinkable to anyone."""
    session.execute(delete(ClickSalt).where(ClickSalt.day < now.astimezone(UTC).date()))


# ------------------------------------------------------------------------------ conversions


def record_conversion(session: Session, source: str, external_id: str, kind: str,
                      code: str | None, value_cents: int | None,
                      at: datetime) -> tuple[Conversion, bool]:  # fmt: skip
    """One lead from ``source``; (the conversion, whether it is new). A repeated delivery of
    the same ``external_id`` is the same lead; a code that names no link is still a lead, not
    attributed."""
    if not external_id or len(external_id) > 255:
        raise InputError("a conversion's external_id is 1 to 255 characters")
    if not KIND.fullmatch(kind):
        raise InputError("a conversion's kind is a lower-case word such as appointment_booked")
    if value_cents is not None:
        _check_money(value_cents, "value")
    existing = session.scalar(select(Conversion).where(Conversion.source == source,
                                                       Conversion.external_id == external_id))  # fmt: skip
    if existing is not None:
        return existing, False
    linked = session.scalar(select(Link.id).where(Link.code == code)) if code else None
    made = Conversion(source=source, external_id=external_id, kind=kind, link_id=linked,
                      value_cents=value_cents, at=at)  # fmt: skip
    session.add(made)
    session.flush()
    return made, True


# ------------------------------------------------------------------------------- the figures


@dataclass(frozen=True)
class LinkFigures:
    code: str
    url: str
    post_id: int | None
    channel: str | None
    campaign: str | None
    clicks: int
    visitors: int  # unique per day, summed over days (a visitor is not followed across days)
    leads: int
    value_cents: int


@dataclass(frozen=True)
class CampaignFigures:
    name: str
    currency: str
    spend_cents: int
    clicks: int
    leads: int
    value_cents: int

    @property
    def cost_per_click(self) -> float | None:
        return self.spend_cents / 100 / self.clicks if self.clicks else None

    @property
    def cost_per_lead(self) -> float | None:
        return self.spend_cents / 100 / self.leads if self.leads else None

    @property
    def roi(self) -> float | None:
        """(value of the leads − spend) / spend; ``None`` without spend."""
        if not self.spend_cents:
            return None
        return (self.value_cents - self.spend_cents) / self.spend_cents


def link_figures(session: Session, start: datetime, end: datetime) -> list[LinkFigures]:
    """Clicks, unique visitors and leads in [start, end) of every link, newest link first."""
    rows = session.execute(select(LinkClick.link_id, LinkClick.at, LinkClick.visitor)
                           .where(LinkClick.at >= start, LinkClick.at < end))  # fmt: skip
    clicks: dict[int, int] = {}
    seen: set[tuple[int, date, str]] = set()
    for link_id, at, visitor in rows:
        clicks[link_id] = clicks.get(link_id, 0) + 1
        seen.add((link_id, at.astimezone(UTC).date(), visitor))
    visitors: dict[int, int] = {}
    for link_id, _day, _visitor in seen:
        visitors[link_id] = visitors.get(link_id, 0) + 1
    totals = {k: (n, visitors[k]) for k, n in clicks.items()}
    leads = {row[0]: (int(row[1]), int(row[2] or 0)) for row in session.execute(
        select(Conversion.link_id, func.count(), func.sum(Conversion.value_cents))
        .where(Conversion.at >= start, Conversion.at < end, Conversion.link_id.is_not(None))
        .group_by(Conversion.link_id))}  # fmt: skip
    names = {c.id: c.name for c in campaigns(session)}
    out = []
    for found in links(session, limit=10_000):
        c, v = totals.get(found.id, (0, 0))
        n, value = leads.get(found.id, (0, 0))
        out.append(LinkFigures(found.code, found.url, found.post_id, found.channel,
                               names.get(found.campaign_id or 0), c, v, n, value))  # fmt: skip
    return out


def campaign_figures(session: Session, start: datetime, end: datetime) -> list[CampaignFigures]:
    """Each campaign's spend with the clicks and leads of its links in [start, end)."""
    per_link = link_figures(session, start, end)
    out = []
    for campaign in campaigns(session):
        mine = [f for f in per_link if f.campaign == campaign.name]
        out.append(CampaignFigures(campaign.name, campaign.currency, campaign.spend_cents,
                                   sum(f.clicks for f in mine), sum(f.leads for f in mine),
                                   sum(f.value_cents for f in mine)))  # fmt: skip
    return out
