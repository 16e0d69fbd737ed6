"""Reviewers' feedback on findings: "this flag is false". Stored for tuning the detectors and
audited (``finding.disputed``); it does not change the decision, which stays the reviewer's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialrx.errors import InputError
from socialrx.store import audit_log
from socialrx.store.models import FindingFeedback, PostVersion, User, fetch

MAX_NOTE = 1000


def dispute(session: Session, version_id: int, finding: int, reviewer: User,
            note: str | None = None) -> FindingFeedback:  # fmt: skip
    """Record that finding number ``finding`` (0-based, as in the version's analysis record)
    is a false flag in ``reviewer``'s view; saying so twice keeps one record."""
    version = fetch(session, PostVersion, version_id, "post version")
    findings = version.analysis.get("findings", [])
    if not 0 <= finding < len(findings):
        raise InputError(f"post version {version_id} has {len(findings)} findings; "
                         f"there is no finding {finding}")  # fmt: skip
    if note is not None and len(note) > MAX_NOTE:
        raise InputError(f"a note is at most {MAX_NOTE} characters")
    found = session.scalar(select(FindingFeedback).filter_by(
        version_id=version_id, finding=finding, reviewer_id=reviewer.id))  # fmt: skip
    if found is not None:
        return found
    flagged = findings[finding]
    row = FindingFeedback(version_id=version_id, finding=finding, code=str(flagged["code"]),
                          detector=str(flagged.get("detector") or ""), reviewer_id=reviewer.id,
                          note=(note or "").strip() or None)  # fmt: skip
    session.add(row)
    session.flush()
    audit_log.append(session, reviewer.email, "finding.disputed", ("post_version", version_id),
                     policy=version.policy, content_hash=version.content_hash,
                     codes=(row.code,))  # fmt: skip
    return row


def disputed(session: Session, version_id: int) -> dict[int, list[str]]:
    """Finding index → the e-mail addresses of the reviewers who marked it false."""
    query = (select(FindingFeedback.finding, User.email)
             .join(User, User.id == FindingFeedback.reviewer_id)
             .where(FindingFeedback.version_id == version_id)
             .order_by(FindingFeedback.id))  # fmt: skip
    out: dict[int, list[str]] = {}
    for index, email in session.execute(query):
        out.setdefault(index, []).append(email)
    return out


@dataclass(frozen=True)
class CodeFeedback:
    code: str
    flagged: int  # post versions whose analysis has this code
    disputed: int  # of them, versions where a reviewer marked a finding of this code false

    @property
    def share(self) -> float:
        return self.disputed / self.flagged if self.flagged else 0.0


def summary(session: Session) -> list[CodeFeedback]:
    """Per finding code: how many stored post versions carry it and in how many a reviewer
    called it a false flag; most disputed first. Codes and counts only, never text."""
    flagged: Counter[str] = Counter()
    for codes in session.scalars(select(PostVersion.codes)):
        flagged.update(set(codes))
    query = (select(FindingFeedback.code, func.count(func.distinct(FindingFeedback.version_id)))
             .group_by(FindingFeedback.code))  # fmt: skip
    disputed_by_code = {code: int(n) for code, n in session.execute(query)}
    rows = [CodeFeedback(code, max(flagged[code], n), n) for code, n in disputed_by_code.items()]
    return sorted(rows, key=lambda r: (-r.disputed, r.code))
