"""``socialrx db|users|tokens|audit`` run as the real console script, against the test
database (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import KEY, PASSWORD, drop_audit_guard
from sqlalchemy import text

from socialrx.store.database import Database

SCRIPT = Path(sys.executable).with_name("socialrx")
CMD = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "socialrx"]


def run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **env}
    return subprocess.run([*CMD, *args], input=stdin, capture_output=True, text=True, env=full,
                          timeout=60, check=False)  # fmt: skip


def env_of(database: Database) -> dict[str, str]:
    return {"SOCIALRX_DATABASE_URL": database.settings.database_url,
            "SOCIALRX_SECRET_KEY": base64.urlsafe_b64encode(KEY).decode()}  # fmt: skip


def test_accounts_tokens_and_audit(database: Database) -> None:
    env = env_of(database)
    assert run(["db", "upgrade"], env).returncode == 0
    made = run(["users", "create", "--email", "Rita@Example.org", "--role", "reviewer",
                "--password-stdin"], env, PASSWORD + "\n")  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "two-factor" in made.stderr and PASSWORD not in made.stderr + made.stdout
    again = run(["users", "create", "--email", "rita@example.org", "--role", "author",
                 "--password-stdin"], env, PASSWORD + "\n")  # fmt: skip
    assert (again.returncode, again.stderr) == (
        2,
        "socialrx: error: an account with this e-mail address already exists\n",
    )
    token = run(["tokens", "create", "--email", "rita@example.org"], env)
    assert token.returncode == 0 and token.stdout.startswith("srx_")
    assert len(token.stdout.splitlines()) == 1 and token.stdout.strip() not in token.stderr
    totp = run(["users", "totp", "--email", "rita@example.org"], env)
    assert totp.returncode == 0 and totp.stdout.startswith("otpauth://totp/")
    ok = run(["audit", "verify"], env)
    assert ok.returncode == 0 and ok.stdout.startswith("audit chain ok: 3 events")
    with database.engine.begin() as connection:
        stored = connection.execute(text("SELECT digest FROM api_tokens")).scalar_one()
        assert token.stdout.strip() not in stored
        drop_audit_guard(connection)
        connection.execute(text("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2"))
    broken = run(["audit", "verify", "--json"], env)
    assert broken.returncode == 1
    assert '"problem": "modified", "seq": 2' in broken.stdout


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["users", "create", "--email", "a@example.org", "--role", "admin", "--password-stdin"],
     "short\n", "a password needs 12 to 1024 characters"),
    (["users", "create", "--email", "nope", "--role", "admin", "--password-stdin"],
     PASSWORD + "\n", "not an e-mail address"),
    (["tokens", "create", "--email", "ghost@example.org"], "", "no account has this e-mail"),
])  # fmt: skip
def test_clear_errors(database: Database, args: list[str], stdin: str, message: str) -> None:
    result = run(args, env_of(database), stdin)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr and "short" not in result.stderr


def test_unmigrated_database_and_production_without_key(tmp_path: Path) -> None:
    env = {"SOCIALRX_DATA_DIR": str(tmp_path), "SOCIALRX_DATABASE_URL": ""}
    fresh = run(["audit", "verify"], env)
    assert fresh.returncode == 2 and "run `socialrx db upgrade` first" in fresh.stderr
    prod = run(["db", "upgrade"], {**env, "SOCIALRX_ENV": "production",
                                   "SOCIALRX_SECRET_KEY": "", "SOCIALRX_SECRET_KEY_FILE": ""})  # fmt: skip
    assert prod.returncode == 2 and "production mode needs an encryption key" in prod.stderr
    assert run(["db", "upgrade"], env).returncode == 0
    assert (tmp_path / "socialrx.db").exists() and (tmp_path / "socialrx.key").exists()
    key = run(["db", "keygen"], env)
    assert len(base64.urlsafe_b64decode(key.stdout.strip())) == 32


def test_other_commands_do_not_load_the_store() -> None:
    code = "import sys, socialrx.cli; print(any(m.split('.')[0] in ('sqlalchemy', 'alembic', " \
           "'argon2', 'cryptography') or m.startswith('socialrx.store') for m in sys.modules))"  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_policy_versions_from_the_command_line(database: Database, tmp_path: Path) -> None:
    env = env_of(database)
    for email, role in (("cora@example.org", "compliance"), ("rita@example.org", "reviewer")):
        made = run(["users", "create", "--email", email, "--role", role, "--password-stdin"],
                   env, PASSWORD + "\n")  # fmt: skip
        assert made.returncode == 0, made.stderr
    shown = run(["policy", "show"], env)
    assert shown.returncode == 0 and 'name = "default"' in shown.stdout
    edited = tmp_path / "policy.toml"
    edited.write_text(shown.stdout.replace("names = []", 'names = ["Dr. Ann Lee"]'))
    refused = run(["policy", "save", str(edited), "--note", "staff", "--email",
                   "rita@example.org"], env)  # fmt: skip
    assert refused.returncode == 2 and "only compliance and admin" in refused.stderr
    saved = run(["policy", "save", "-", "--note", "staff directory", "--email",
                 "cora@example.org"], env, edited.read_text())  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    assert saved.stdout.startswith("saved default@2 (sha256 ")
    same = run(["policy", "save", str(edited), "--note", "again", "--email",
                "cora@example.org"], env)  # fmt: skip
    assert same.returncode == 2 and "nothing changed" in same.stderr
    history = run(["policy", "history"], env).stdout.splitlines()
    assert [line.split("\t")[0] for line in history] == ["default@2", "default@1"]
    assert history[0].endswith("cora@example.org\tstaff directory")
    now = run(["policy", "show"], env).stdout
    assert "version = 2" in now and 'names = ["Dr. Ann Lee"]' in now
    assert run(["policy", "show", "--version", "1"], env).stdout == shown.stdout
    missing = run(["policy", "show", "--version", "9"], env)
    assert missing.returncode == 2 and "no policy version" in missing.stderr


def test_channels_from_the_command_line(database: Database) -> None:
    env = env_of(database)
    assert run(["channels"], env).stdout == (
        "no channel is connected; connect one with `socialrx channels add`\n"
    )
    no_token = run(["channels", "add", "mastodon", "--base-url", "http://127.0.0.1:9"], env)
    assert no_token.returncode == 2 and "access token (or app password) on stdin" in no_token.stderr
    added = run(["channels", "add", "mastodon", "--base-url", "http://127.0.0.1:9"], env,
                "secret-token-123\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "secret-token-123" not in added.stderr + added.stdout
    no_url = run(["channels", "add", "mast2", "--platform", "mastodon"], env, "t\n")
    assert no_url.returncode == 2 and "needs base_url" in no_url.stderr
    twice = run(["channels", "add", "mastodon"], env, "t\n")
    assert twice.returncode == 2 and "already connected" in twice.stderr
    assert run(["channels"], env).stdout == "mastodon\tmastodon\tunknown\n"
    no_handle = run(["channels", "add", "bsky", "--platform", "bluesky"], env, "app-pass\n")
    assert no_handle.returncode == 2 and "needs --identifier" in no_handle.stderr
    sky = run(["channels", "add", "bsky", "--platform", "bluesky", "--identifier",
               "hospital.example.org", "--base-url", "http://127.0.0.1:9"], env, "app-pass\n")  # fmt: skip
    assert sky.returncode == 0, sky.stderr
    assert run(["channels"], env).stdout == "bsky\tbluesky\tunknown\nmastodon\tmastodon\tunknown\n"
    assert '"status": "unknown"' in run(["channels", "--json"], env).stdout
    again = run(["channels", "reconnect", "mastodon"], env, "new-token\n")
    assert again.returncode == 0, again.stderr
    missing = run(["channels", "reconnect", "bluesky"], env, "t\n")
    assert missing.returncode == 2 and "no channel called bluesky" in missing.stderr
    with database.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT credentials FROM channel_accounts WHERE name = 'mastodon'")
        ).scalar_one()
    assert b"new-token" not in bytes(stored)  # encrypted at rest
    news = run(["channels", "add", "news", "--platform", "rss", "--url",
                "http://127.0.0.1:9/feed.xml", "--keyword", "Mercy General"], env)  # fmt: skip
    assert news.returncode == 0, news.stderr
    no_url = run(["channels", "add", "news2", "--platform", "rss"], env)
    assert no_url.returncode == 2 and "needs url" in no_url.stderr
    hook = run(["channels", "add", "forms", "--platform", "webhook"], env, "signing-secret\n")
    assert hook.returncode == 0, hook.stderr
    no_verify = run(["channels", "add", "fb", "--platform", "facebook"], env, "app-secret\n")
    assert no_verify.returncode == 2 and "needs --verify-token" in no_verify.stderr
    fb = run(["channels", "add", "fb", "--platform", "facebook", "--verify-token", "v"], env,
             "app-secret\n")  # fmt: skip
    assert fb.returncode == 0, fb.stderr
    oauth = '{"access_token": "at-1", "refresh_token": "rt-1", "client_secret": "cs-1"}'
    no_client = run(["channels", "add", "x", "--platform", "x"], env, oauth)
    assert no_client.returncode == 2 and "needs client_id" in no_client.stderr
    one_secret = run(["channels", "add", "x", "--platform", "x", "--setting", "client_id=c"], env,
                     "at-1\n")  # fmt: skip
    assert one_secret.returncode == 2 and "JSON object on stdin" in one_secret.stderr
    bad_json = run(["channels", "add", "x", "--platform", "x", "--setting", "client_id=c"], env,
                   "{not json")  # fmt: skip
    assert bad_json.returncode == 2 and "not a valid JSON object" in bad_json.stderr
    x = run(["channels", "add", "x", "--platform", "x", "--setting", "client_id=c",
             "--setting", "base_url=http://127.0.0.1:9"], env, oauth)  # fmt: skip
    assert x.returncode == 0, x.stderr
    assert "at-1" not in x.stderr + x.stdout and "rt-1" not in x.stderr + x.stdout
    letter = run(["channels", "add", "letter", "--platform", "newsletter", "--setting",
                  "host=127.0.0.1", "--setting", "sender=news@example.org", "--setting",
                  'to=["list@example.org"]', "--setting", "port=9"], env, "")  # fmt: skip
    assert letter.returncode == 0, letter.stderr
    bad_port = run(["channels", "add", "letter2", "--platform", "newsletter", "--setting",
                    "host=127.0.0.1", "--setting", "sender=news@example.org", "--setting",
                    "to=list@example.org", "--setting", "port=99999"], env, "")  # fmt: skip
    assert bad_port.returncode == 2 and "port" in bad_port.stderr
    once = run(["worker", "--once"], env)  # the ingest fails (nothing on that port): no crash
    assert once.returncode == 0, once.stderr
    with database.engine.connect() as connection:  # webhooks deliver: nothing to poll
        kinds = connection.execute(text("SELECT key FROM jobs WHERE kind = 'ingest'")).scalars()
        assert sorted(kinds) == ["ingest:bsky", "ingest:mastodon", "ingest:news", "ingest:x"]
