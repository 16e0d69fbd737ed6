"""The consent register: signed releases (an alias and a document reference, never the form
itself), their links to posts that claim consent, and what happens when one lapses.

A revoked or expired consent sends linked approved (unpublished) posts back to review.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialrx import workflow
from socialrx.errors import ConflictError, InputError, WorkflowError
from socialrx.store import audit_log
from socialrx.store.models import Consent, Post, PostConsent, Review, User, fetch
from socialrx.store.posts import current
from socialrx.store.types import utcnow

CONSENT_CODE = "disclosure.consent_claimed"


def create_consent(session: Session, actor: User, subject_alias: str, scope: str,
                   channels: Sequence[str], document_ref: str, valid_from: datetime,
                   valid_until: datetime | None = None) -> Consent:  # fmt: skip
    for name, value, limit in (("subject alias", subject_alias, 200), ("scope", scope, 1000),
                               ("document reference", document_ref, 500)):  # fmt: skip
        if not value.strip() or len(value) > limit:
            raise InputError(f"a consent needs a {name} of 1 to {limit} characters")
    if valid_until is not None and valid_until <= valid_from:
        raise InputError("a consent's valid_until must be after its valid_from")
    consent = Consent(subject_alias=subject_alias.strip(), scope=scope.strip(),
                      channels=sorted({c.strip() for c in channels if c.strip()}),
                      document_ref=document_ref.strip(), valid_from=valid_from,
                      valid_until=valid_until, created_by=actor.id)  # fmt: skip
    return audit_log.add(session, consent, actor.email, "consent.created", "consent")


def get_consent(session: Session, consent_id: int) -> Consent:
    return fetch(session, Consent, consent_id, "consent")


def consents(session: Session, limit: int = 100) -> list[Consent]:
    return list(session.scalars(select(Consent).order_by(Consent.id).limit(limit)))


def post_ids(session: Session, consent: Consent) -> list[int]:
    """The posts that rely on ``consent``."""
    query = select(PostConsent.post_id).where(PostConsent.consent_id == consent.id)
    return sorted(session.scalars(query))


def in_force(consent: Consent, now: datetime) -> bool:
    return (
        consent.revoked_at is None
        and consent.valid_from <= now
        and (consent.valid_until is None or now < consent.valid_until)
    )


def link(session: Session, post: Post, consent: Consent, actor: User,
         now: datetime | None = None) -> PostConsent:  # fmt: skip
    """Tie a consent in force, covering all the post's channels, to a post that claims one."""
    now = now or utcnow()
    if CONSENT_CODE not in current(session, post).codes:
        raise WorkflowError(f"post {post.id} is not flagged {CONSENT_CODE}; nothing to link")
    if not in_force(consent, now):
        raise WorkflowError(f"consent {consent.id} is revoked, expired or not yet valid")
    missing = sorted(set(post.channels) - set(consent.channels))
    if missing:
        raise WorkflowError(f"consent {consent.id} does not cover the channels {missing}")
    if session.get(PostConsent, (post.id, consent.id)) is not None:
        raise ConflictError(f"consent {consent.id} is already linked to post {post.id}")
    row = PostConsent(post_id=post.id, consent_id=consent.id, linked_by=actor.id, linked_at=now)
    session.add(row)
    audit_log.append(session, actor.email, "consent.linked", ("post", post.id))
    return row


def revoke(session: Session, consent: Consent, actor: str,
           now: datetime | None = None) -> list[Post]:  # fmt: skip
    """Revoke a consent; returns the posts sent back to review."""
    if consent.revoked_at is not None:
        raise ConflictError(f"consent {consent.id} is already revoked")
    consent.revoked_at = now or utcnow()
    audit_log.append(session, actor, "consent.revoked", ("consent", consent.id))
    return _lapse(session, consent, actor)


def expire(session: Session, consent: Consent, actor: str,
           now: datetime | None = None) -> list[Post]:  # fmt: skip
    """End a consent now (``valid_until := now``); returns the posts sent back to review."""
    now = now or utcnow()
    if consent.revoked_at is not None:
        raise ConflictError(f"consent {consent.id} is revoked; there is nothing to expire")
    if consent.valid_until is not None and consent.valid_until <= now:
        raise ConflictError(f"consent {consent.id} has already expired")
    consent.valid_until = now
    audit_log.append(session, actor, "consent.expired", ("consent", consent.id))
    return _lapse(session, consent, actor)


def lapse_expired(session: Session, actor: str, now: datetime | None = None) -> list[Post]:
    """Send approved posts linked to an expired consent back to review (run periodically)."""
    now = now or utcnow()
    expired = session.scalars(
        select(Consent).where(Consent.valid_until.is_not(None), Consent.valid_until <= now)
    ).all()
    return [post for consent in expired for post in _lapse(session, consent, actor)]


def _lapse(session: Session, consent: Consent, actor: str) -> list[Post]:
    posts = session.scalars(
        select(Post).join(PostConsent, PostConsent.post_id == Post.id)
        .where(PostConsent.consent_id == consent.id, Post.state == "approved")
    ).all()  # fmt: skip
    for post in posts:
        post.state = workflow.lapse("approved")
        post.approved_hash, post.updated_at = None, utcnow()
        session.add(Review(post_id=post.id, version=post.version))
        audit_log.append(session, actor, "post.consent_lapsed", ("post", post.id))
    return list(posts)
