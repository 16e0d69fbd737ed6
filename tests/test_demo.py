"""``socialrx demo``: the demo organisation is seeded through the real workflow (counts per
state and label, consents, assignments, an audited override), idempotently, with a chain that
verifies; its content is synthetic (555 phones, example domains); production refuses it; and the
command runs end to end in a temporary data folder without a server."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from socialrx import demo, demo_data
from socialrx.accounts import totp_now
from socialrx.errors import ConfigError, ConflictError
from socialrx.model import LABELS
from socialrx.pipeline import Pipeline, make_document
from socialrx.settings import Settings
from socialrx.store import audit_log, users
from socialrx.store.database import Database
from socialrx.store.models import Consent, InboundItem, Post, PostConsent, Review

SCRIPT = Path(sys.executable).with_name("socialrx")
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture
def seeded(database: Database, pipeline: Pipeline) -> demo.Demo:
    return demo.seed(database, pipeline)


def test_seeding_gives_every_post_state(database: Database, seeded: demo.Demo) -> None:
    assert seeded.summary is not None and seeded.summary.posts == demo_data.POST_STATES
    with database.transaction() as session:
        stored = dict(session.execute(select(Post.state, func.count()).group_by(Post.state)).all())
        overrides = session.scalars(select(Review).where(Review.verdict == "overridden")).all()
        overridden = [review.post.state for review in overrides]
        edited = session.scalar(select(func.count()).select_from(Post).where(Post.version > 1))
        scheduled = session.scalar(
            select(func.count()).select_from(Post).where(Post.scheduled_at.is_not(None))
        )
    assert stored == demo_data.POST_STATES
    assert sum(stored.values()) == len(demo_data.POSTS) >= 15
    assert len(overrides) == 1 and overrides[0].override_reason
    assert overridden == ["approved"]
    assert edited == 1 and scheduled == 2


def test_seeding_gives_consents_revoked_expired_and_linked(
    database: Database, seeded: demo.Demo
) -> None:
    now = datetime.now(UTC)
    with database.transaction() as session:
        consents = session.scalars(select(Consent)).all()
        links = session.scalars(select(PostConsent)).all()
        states = {link.consent_id: session.get(Post, link.post_id).state for link in links}  # type: ignore[union-attr]
    assert len(consents) == len(demo_data.CONSENTS) == 4
    revoked = [c for c in consents if c.revoked_at is not None]
    expired = [c for c in consents if c.valid_until is not None and c.valid_until <= now]
    assert len(revoked) == 1 and len(expired) == 1
    assert {link.consent_id for link in links} == {c.id for c in consents}  # each one is used
    # a post relying on a revoked or expired consent went back to review
    assert states[revoked[0].id] == "pending" and states[expired[0].id] == "pending"


def test_seeding_gives_inbound_items_across_labels(database: Database, seeded: demo.Demo) -> None:
    with database.transaction() as session:
        items = {i.external_id: i for i in session.scalars(select(InboundItem))}
    assert len(items) == len(demo_data.INBOUND) == 20
    drifted = [
        f"{spec.external_id}: expected {spec.label}, got {[lb['name'] for lb in item.labels]}"
        for spec in demo_data.INBOUND
        if (item := items[spec.external_id])
        and spec.label is not None
        and spec.label not in {lb["name"] for lb in item.labels}
    ]
    assert drifted == [], "demo inbound items lost their label (rewrite the text)"
    written = Counter(spec.label for spec in demo_data.INBOUND if spec.label)
    assert set(written) == set(LABELS) and min(written.values()) >= 2
    assigned = [i for i in items.values() if i.assignee_id is not None]
    assert len(assigned) == 2 and all(i.state == "assigned" for i in assigned)
    assert items["fb-1001"].queue == "crisis"
    assert seeded.summary is not None and seeded.summary.inbound == 20


def test_seeding_makes_accounts_token_and_totp(database: Database, seeded: demo.Demo) -> None:
    roles = {a.role: a for a in seeded.accounts}
    assert set(roles) == {"author", "reviewer", "compliance", "admin"}
    assert roles["author"].totp_secret is None
    assert all(roles[r].totp_secret for r in ("reviewer", "compliance", "admin"))
    assert seeded.token is not None and seeded.token.startswith("srx_")
    with database.transaction() as session:
        assert users.token_user(session, seeded.token).email == demo_data.ADMIN.email
        assert "secret" not in repr(seeded) and "srx_" not in repr(seeded)


def test_the_audit_chain_records_everything_and_verifies(
    database: Database, seeded: demo.Demo
) -> None:
    with database.transaction() as session:
        verdict = audit_log.verify_log(session)
        actions = Counter(e.body.action for e in audit_log.events(session))
    assert verdict.ok and verdict.count > 50
    for action, count in (("user.created", 4), ("user.totp_enrolled", 3), ("token.created", 1),
                          ("post.created", 17), ("post.edited", 1), ("review.overridden", 1),
                          ("review.approved", 3), ("review.rejected", 1), ("consent.created", 4),
                          ("consent.linked", 4), ("consent.revoked", 1),
                          ("post.consent_lapsed", 2), ("inbound.ingested", 20),
                          ("inbound.assigned", 2)):  # fmt: skip
        assert actions[action] == count, action


def test_seeding_is_idempotent(database: Database, seeded: demo.Demo, pipeline: Pipeline) -> None:
    with database.transaction() as session:
        before = audit_log.verify_log(session)
    again = demo.seed(database, pipeline)
    with database.transaction() as session:
        after = audit_log.verify_log(session)
        posts = session.scalar(select(func.count()).select_from(Post))
    assert again.summary is None and again.token is None
    assert after.count == before.count and after.head == before.head and after.ok
    assert posts == len(demo_data.POSTS)
    assert {(a.email, a.totp_secret) for a in again.accounts} == {
        (a.email, a.totp_secret) for a in seeded.accounts
    }


def test_seeding_refuses_a_database_in_use(database: Database, pipeline: Pipeline) -> None:
    with database.transaction() as session:
        users.create_user(session, "someone@example.org", "author", "a long password 123", "test")
    with pytest.raises(ConflictError, match="empty database"):
        demo.seed(database, pipeline)


def test_production_mode_refuses_and_writes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'prod.db'}"
    settings = Settings(database_url=url, env="production", data_dir=tmp_path,
                        secret_key="A" * 43 + "=")  # fmt: skip
    with pytest.raises(ConfigError, match="production"):
        demo.prepare(settings)
    with pytest.raises(ConfigError, match="production"):
        demo.seed(Database(settings))
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------ synthetic content

PHONE = re.compile(r"\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b|\b\d{3}[\s.-]\d{4}\b")
EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
URL = re.compile(r"https?://([^/\s]+)")
SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")


def seeded_texts() -> list[str]:
    """Every text the seeding stores or prints (posts, edits, notes, reasons, consents, inbound
    items and handles, accounts)."""
    texts = [demo_data.ORGANISATION, demo_data.PASSWORD]
    for post in demo_data.POSTS:
        texts += [post.text, *post.channels, *(arg for _, arg in post.steps)]
    for consent in demo_data.CONSENTS:
        texts += [consent.subject_alias, consent.scope, consent.document_ref, *consent.channels]
    for item in demo_data.INBOUND:
        texts += [item.text, item.author_handle, item.channel, item.external_id]
    return texts + [f"{u.email} {u.name}" for u in demo_data.USERS]


def is_example(domain: str) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in EXAMPLE_DOMAINS)


@pytest.mark.parametrize("text", seeded_texts())
def test_no_seeded_text_holds_a_real_looking_identifier(text: str) -> None:
    for phone in PHONE.findall(text):
        digits = re.sub(r"\D", "", phone)
        assert digits[-7:-4] == "555" and digits[-4:-2] == "01", f"not a fictional phone: {phone}"
    for domain in EMAIL.findall(text) + URL.findall(text):
        assert is_example(domain.lower()), f"not an example domain: {domain}"
    assert not SSN.search(text), "an SSN-shaped number in demo data"


def test_the_detectors_find_no_real_looking_phone_or_email(pipeline: Pipeline) -> None:
    """A second net: the phones, e-mails and URLs the detectors find in the demo texts."""
    texts = [t for t in seeded_texts() if len(t) > 20]
    docs = [make_document(t, "outbound", str(i)) for i, t in enumerate(texts)]
    found = 0
    for analysis in pipeline.analyze_many(docs):
        for f in analysis.findings:
            if f.span is None or f.code not in ("phi.phone", "phi.email", "phi.url", "phi.ssn"):
                continue
            found += 1
            value = analysis.document.text[f.span.start : f.span.end]
            assert f.code != "phi.ssn", "an SSN in demo data"
            if f.code == "phi.phone":
                assert "555" in value, "a phone number outside the fictional 555 range"
            else:
                assert any(d in value.lower() for d in EXAMPLE_DOMAINS), f"{f.code} not example"
    assert found >= 2  # the net catches something: the blocked post's phone, the webinar URL


# ------------------------------------------------------------------------------ the command


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    cmd = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "socialrx"]
    keep = {k: v for k, v in os.environ.items() if not k.startswith("SOCIALRX_")}
    return subprocess.run([*cmd, *args], check=False, capture_output=True, text=True,
                          timeout=300, env={**keep, **env})  # fmt: skip


def test_the_command_seeds_and_prints_how_to_log_in(tmp_path: Path) -> None:
    env = {"SOCIALRX_DATA_DIR": str(tmp_path)}
    first = run("demo", env=env)
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "seeded 17 posts" in out and "20 inbound items" in out and "audit chain ok" in out
    assert demo_data.PASSWORD in out and "http://127.0.0.1:8000" in out
    for account in demo_data.USERS:
        assert account.email in out
    assert out.count("otpauth://totp/") == 3 and out.count("TOTP code now:") == 3
    token = re.search(r"^  (srx_\S+)$", out, re.MULTILINE)
    assert token is not None
    assert (tmp_path / "socialrx.db").exists()

    second = run("demo", env=env)
    assert second.returncode == 0, second.stderr
    assert "already seeded: nothing was written" in second.stdout
    assert token.group(1) not in second.stdout and "socialrx tokens create" in second.stdout
    verify = run("audit", "verify", env=env)
    assert verify.returncode == 0 and "audit chain ok" in verify.stdout


def test_the_command_refuses_production(tmp_path: Path) -> None:
    env = {"SOCIALRX_DATA_DIR": str(tmp_path), "SOCIALRX_ENV": "production",
           "SOCIALRX_SECRET_KEY": "A" * 43 + "="}  # fmt: skip
    proc = run("demo", env=env)
    assert proc.returncode == 2 and "production" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_login_help_shows_current_codes_and_hides_no_token_it_lacks() -> None:
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    accounts = (demo.Account("reviewer@example.org", "reviewer", secret),
                demo.Account("author@example.org", "author", None))  # fmt: skip
    lines: list[Any] = demo.login_help(demo.Demo(accounts), at=at)
    text = "\n".join(lines)
    assert f"TOTP code now: {totp_now(secret, at)}" in text and f"secret {secret}" in text
    assert "srx_…" in text and "socialrx tokens create --email admin@example.org" in text
