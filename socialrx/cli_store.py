"""``socialrx db|users|tokens|audit|policy|feedback …``: the database, accounts, the audit
trail, the organisation's policy versions and reviewers' feedback on findings.

Settings come from the environment (``socialrx.settings``). The store and SQLAlchemy are
imported inside each command, so other commands start as fast as before.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from socialrx.cli_base import Failure, JsonArg, dumps, guard, write_lines

if TYPE_CHECKING:
    from socialrx.store.database import Database, Session

CLI_ACTOR = "cli"

db_app = typer.Typer(help="The database: migrations and keys.", no_args_is_help=True)
users_app = typer.Typer(help="Accounts: author, reviewer, compliance, admin.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens (shown once, stored hashed).", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)
feedback_app = typer.Typer(help="Reviewers' false-flag feedback, for tuning the checks.",
                           no_args_is_help=True)  # fmt: skip
policy_app = typer.Typer(help="The policy the service runs: every change a new version.",
                         no_args_is_help=True)  # fmt: skip


class RoleOpt(StrEnum):
    author = "author"
    reviewer = "reviewer"
    compliance = "compliance"
    admin = "admin"


EmailOpt = Annotated[str, typer.Option("--email", help="The account's e-mail address.")]


def open_database() -> Database:
    from socialrx.settings import load_settings
    from socialrx.store.database import Database

    return Database(load_settings())


@contextmanager
def transaction() -> Iterator[Session]:
    """A transaction on the configured database, which must be migrated."""
    database = open_database()
    if database.revision() is None:
        raise Failure("the database has no tables yet; run `socialrx db upgrade` first")
    with database.transaction() as session:
        yield session


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the tables (SOCIALRX_DATABASE_URL; a SQLite file by default)."""
    with guard():
        database = open_database()
        database.upgrade()
        sys.stderr.write(f"socialrx: {database!r} is at revision {database.revision()}\n")


@db_app.command("keygen")
def db_keygen() -> None:
    """Print a new encryption key for SOCIALRX_SECRET_KEY (keep it secret and backed up)."""
    from socialrx.store.cipher import generate_key

    write_lines([generate_key()])


@users_app.command("create")
def users_create(
    email: EmailOpt,
    role: Annotated[RoleOpt, typer.Option("--role", help="What the account may do.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin's first line.")
    ] = False,
) -> None:
    """Create an account (the password is prompted for unless --password-stdin)."""
    from socialrx.store import users

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with guard(), transaction() as session:
        user = users.create_user(session, email, role.value, password, CLI_ACTOR)
        needs_totp = users.totp_required(user)
    sys.stderr.write(f"socialrx: created {role.value} account {user.id}\n")
    if needs_totp:
        sys.stderr.write(
            "socialrx: this role needs two-factor authentication: "
            f"run `socialrx users totp --email {user.email}` and scan the URI\n"
        )


@users_app.command("totp")
def users_totp(email: EmailOpt) -> None:
    """Enrol (or re-enrol) an account in TOTP two-factor authentication; prints the otpauth://
    URI for an authenticator app once."""
    from socialrx.accounts import totp_uri
    from socialrx.store import users

    with guard(), transaction() as session:
        user = users.get_user(session, email)
        secret = users.enroll_totp(session, user)
        uri = totp_uri(secret, user.email)
    write_lines([uri])


@tokens_app.command("create")
def tokens_create(email: EmailOpt) -> None:
    """Create an API token for an account and print it once (only its hash is stored)."""
    from socialrx.store import users

    with guard(), transaction() as session:
        new = users.create_token(session, users.get_user(session, email), CLI_ACTOR)
    write_lines([new.token])
    sys.stderr.write(f"socialrx: token {new.prefix}… created; it is not shown again\n")


@audit_app.command("verify")
def audit_verify(as_json: JsonArg = False) -> None:
    """Check the audit chain; exit 1 naming the first modified, deleted or reordered event."""
    from socialrx.store.audit_log import verify_log

    with guard(), transaction() as session:
        verdict = verify_log(session)
    if as_json:
        write_lines([dumps({"ok": verdict.ok, "events": verdict.count, "head": verdict.head,
                            "problem": verdict.problem, "seq": verdict.seq,
                            "detail": verdict.detail})])  # fmt: skip
    elif verdict.ok:
        write_lines([f"audit chain ok: {verdict.count} events, head {verdict.head}"])
    else:
        write_lines([f"audit chain broken: {verdict.problem} at event {verdict.seq}: "
                     f"{verdict.detail}"])  # fmt: skip
    if not verdict.ok:
        raise typer.Exit(1)


VersionOpt = Annotated[
    int | None, typer.Option("--version", min=1, help="A version number (default: in force).")
]


@policy_app.command("show")
def policy_show(version: VersionOpt = None) -> None:
    """Print a policy version's TOML (the one in force by default)."""
    from socialrx.store import policies

    with guard(), transaction() as session:
        saved = policies.current(session) if version is None else policies.version(session, version)
    sys.stdout.write(saved.source)


@policy_app.command("history")
def policy_history(as_json: JsonArg = False) -> None:
    """Every version, newest first: number, ref, when, who and why."""
    from socialrx.store import policies

    with guard(), transaction() as session:
        found = policies.lineage(session, limit=10_000)
    rows: list[dict[str, object]] = [{"number": s.number, "ref": s.policy.ref, "sha256": s.sha256, "actor": s.actor,
             "note": s.note, "saved_at": s.saved_at.isoformat() if s.saved_at else None}
            for s in found]  # fmt: skip
    if as_json:
        write_lines([dumps(row) for row in rows])
        return
    write_lines([f"{r['ref']}\t{r['saved_at'] or 'built in'}\t{r['actor'] or '-'}\t"
                 f"{r['note'] or 'the built-in default policy'}" for r in rows])  # fmt: skip


@policy_app.command("save")
def policy_save(
    file: Annotated[typer.FileText, typer.Argument(help="The policy as TOML ('-': stdin).")],
    note: Annotated[str, typer.Option("--note", help="What changed and why (required).")],
    email: EmailOpt,
) -> None:
    """Save a TOML policy as the next version, in the name of a compliance or admin account
    (audited as policy.changed); running services use it within seconds."""
    from socialrx.store import policies, users

    source = file.read()
    with guard(), transaction() as session:
        user = users.get_user(session, email)
        if user.role not in ("compliance", "admin"):
            raise Failure(f"{email} is a {user.role}; only compliance and admin accounts change "
                          "the policy")  # fmt: skip
        base = policies.current(session).number
        saved = policies.save(session, source, user.email, note, base)
    write_lines([f"saved {saved.policy.ref} (sha256 {saved.sha256})"])


@feedback_app.command("summary")
def feedback_summary(as_json: JsonArg = False) -> None:
    """Per finding code: stored post versions that carry it, and in how many a reviewer marked
    it a false flag (most disputed first). Codes and counts only."""
    from socialrx.store import feedback

    with guard(), transaction() as session:
        rows = feedback.summary(session)
    if as_json:
        write_lines([dumps({"code": r.code, "flagged": r.flagged, "disputed": r.disputed})
                     for r in rows])  # fmt: skip
        return
    if not rows:
        write_lines(["no finding has been marked a false flag"])
        return
    write_lines([f"{r.code}\t{r.disputed} of {r.flagged} post versions ({r.share:.0%})"
                 for r in rows])  # fmt: skip
