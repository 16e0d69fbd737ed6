"""``socialrx worker`` and ``socialrx channels …``: the publishing and ingesting worker, and the
connected channel accounts (settings from the environment, like the service)."""

from __future__ import annotations

import signal
import sys
from datetime import timedelta
from typing import Annotated

import typer

from socialrx.cli_base import Failure, JsonArg, dumps, guard, write_lines
from socialrx.cli_store import open_database, transaction

channels_app = typer.Typer(help="Connected channels: list them with their status, connect one.",
                           invoke_without_command=True)  # fmt: skip


def worker(
    once: Annotated[bool, typer.Option(help="Run the jobs that are due now, then stop.")] = False,
    lease: Annotated[float, typer.Option(help="Seconds a taken job stays reserved.", min=1)] = 120,
    poll: Annotated[
        float, typer.Option(help="Seconds between two ingests of a channel.", min=1)
    ] = 60,
    idle: Annotated[
        float, typer.Option(help="Seconds to sleep when nothing is due.", min=0.05)
    ] = 1.0,
) -> None:
    """Publish approved posts on schedule, exactly once per channel, and ingest mentions from
    every connected channel (durable jobs; several workers may run). Stops on SIGTERM/Ctrl-C
    after the job in hand."""
    with guard():
        import httpx

        from socialrx.worker import Worker

        database = open_database()
        if database.revision() is None:
            raise Failure("the database has no tables yet; run `socialrx db upgrade` first")
        stopping = {"now": False}

        def stop(*_args: object) -> None:
            stopping["now"] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        with httpx.Client(timeout=httpx.Timeout(20.0, connect=5.0)) as client:
            work = Worker(database, client, lease=timedelta(seconds=lease),
                          poll=timedelta(seconds=poll))  # fmt: skip
            sys.stderr.write(f"socialrx: worker {work.owner} on {database!r}\n")
            if once:
                while work.run_once() and not stopping["now"]:
                    pass
            else:
                work.run(idle=idle, stop=lambda: stopping["now"])
        database.dispose()


@channels_app.callback()
def channels_list(ctx: typer.Context, as_json: JsonArg = False) -> None:
    """List connected channels with their status (ok, auth_failed, failing, unknown)."""
    if ctx.invoked_subcommand is not None:
        return
    from socialrx.store import channels

    with guard(), transaction() as session:
        rows: list[dict[str, object]] = [{"name": a.name, "platform": a.platform, "status": a.status,
                 "detail": a.status_detail,
                 "checked_at": a.checked_at.isoformat() if a.checked_at else None}
                for a in channels.accounts(session)]  # fmt: skip
    if as_json:
        write_lines([dumps(r) for r in rows])
    elif not rows:
        write_lines(["no channel is connected; connect one with `socialrx channels add`"])
    else:
        write_lines([f"{r['name']}\t{r['platform']}\t{r['status']}"
                     + (f"\t{r['detail']}" if r["detail"] else "") for r in rows])  # fmt: skip


@channels_app.command("add")
def channels_add(
    name: Annotated[str, typer.Argument(help="The channel name posts use (e.g. mastodon).")],
    platform: Annotated[
        str,
        typer.Option(
            help="mastodon, bluesky, x, facebook, instagram, linkedin, "
            "google_reviews, rss, newsletter or webhook."
        ),
    ] = "mastodon",
    base_url: Annotated[
        str, typer.Option(help="The instance (Mastodon) or PDS (Bluesky) URL.")
    ] = "",
    visibility: Annotated[str, typer.Option(help="Mastodon visibility of posts.")] = "public",
    identifier: Annotated[str, typer.Option(help="The account's handle (Bluesky).")] = "",
    verify_token: Annotated[
        str, typer.Option(help="The Graph API webhook's verify token (Facebook, Instagram).")
    ] = "",
    url: Annotated[str, typer.Option(help="The feed's address (rss).")] = "",
    keyword: Annotated[
        list[str] | None,
        typer.Option(help="Keep only feed entries naming this (rss; repeat for more)."),
    ] = None,
    setting: Annotated[
        list[str] | None,
        typer.Option(
            help="Any other setting, KEY=VALUE (a JSON value or text; repeat), e.g. "
            'page_id=123, client_id=abc, to=["news@example.org"], port=587.'
        ),
    ] = None,
) -> None:
    """Connect a channel account. Its secret is read from stdin and stored encrypted: one line
    (Mastodon: the access token; Bluesky: an app password; webhook: the signing secret;
    newsletter: the SMTP password; Facebook and Instagram: the app secret that signs Graph API
    webhooks), or a JSON object of credentials (X, LinkedIn, Google: access_token,
    refresh_token, expires_at, client_secret; Facebook and Instagram: token, the page access
    token, and app_secret). An RSS feed needs none."""
    from socialrx.store import channels

    with guard():
        settings = _settings(platform, base_url, visibility, identifier, verify_token, url,
                             keyword or [], setting or [])  # fmt: skip
        credentials = {} if platform == "rss" else _credentials(platform, sys.stdin.read())
        with transaction() as session:
            made_id = channels.add_account(session, name, platform, settings, credentials,
                                           "cli").id  # fmt: skip
            _check(platform, settings, credentials)
    sys.stderr.write(f"socialrx: channel {name} ({platform}) connected as account {made_id}\n")


@channels_app.command("reconnect")
def channels_reconnect(
    name: Annotated[str, typer.Argument(help="The connected channel.")],
) -> None:
    """Give a connected channel new credentials (read from stdin as for `channels add`, stored
    encrypted), e.g. after the platform revoked the old ones."""
    from socialrx.store import channels

    given = sys.stdin.read()
    with guard(), transaction() as session:
        account = channels.account(session, name)
        credentials = _credentials(account.platform, given)
        if not given.strip().startswith("{"):  # one secret replaces its field only
            credentials = {**account.credentials, **credentials}
        _check(account.platform, account.settings, credentials)
        channels.reconnect(session, name, credentials, "cli")
    sys.stderr.write(f"socialrx: channel {name} has new credentials\n")


SECRET_FIELD = {"mastodon": "token", "bluesky": "password", "webhook": "secret",
                "newsletter": "password", "facebook": "app_secret",
                "instagram": "app_secret"}  # fmt: skip


def _credentials(platform: str, given: str) -> dict[str, object]:
    """Credentials from stdin: a JSON object, or one secret for the platform's one field."""
    import json

    given = given.strip()
    if given.startswith("{"):
        try:
            found = json.loads(given)
        except ValueError:
            raise Failure("the credentials on stdin are not a valid JSON object") from None
        if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
            raise Failure("the credentials on stdin must be a JSON object of texts")
        return dict(found)
    if platform == "newsletter" and not given:
        return {}  # a mail server that takes mail from this host without a log-in
    if platform not in SECRET_FIELD:
        raise Failure(f"a {platform} channel's credentials are a JSON object on stdin: "
                      "access_token, refresh_token, expires_at, client_secret")  # fmt: skip
    if not given or "\n" in given:
        raise Failure("give the access token (or app password) on stdin, one line; it is stored "
                      "encrypted")  # fmt: skip
    return {SECRET_FIELD[platform]: given}


def _settings(platform: str, base_url: str, visibility: str, identifier: str, verify_token: str,
              url: str, keywords: list[str], extra: list[str]) -> dict[str, object]:  # fmt: skip
    """Settings (not secret) of a new account, from the options."""
    import json

    settings: dict[str, object] = {}
    if platform == "mastodon":
        settings = {"base_url": base_url, "visibility": visibility}
    elif platform == "bluesky":
        if not identifier:
            raise Failure("a bluesky channel needs --identifier (the account's handle)")
        settings = {"base_url": base_url or "https://bsky.social", "identifier": identifier}
    elif platform == "rss":
        settings = {"url": url, "keywords": keywords}
    elif platform in ("facebook", "instagram"):
        if not verify_token:
            raise Failure(f"a {platform} channel needs --verify-token (the Graph API webhook's)")
        settings = {"verify_token": verify_token}
    elif base_url:
        settings = {"base_url": base_url}
    for pair in extra:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise Failure("a --setting is KEY=VALUE")
        try:
            settings[key.strip()] = json.loads(value)
        except ValueError:
            settings[key.strip()] = value
    return settings


def _check(platform: str, settings: dict[str, object], credentials: dict[str, object]) -> None:
    """Refuse settings a connector cannot be made from (``ConfigError`` names what is missing).
    Facebook and Instagram accounts without a page token only receive webhooks."""
    import httpx

    from socialrx.channels.connect import BUILDERS, connector
    from socialrx.store.channels import PLATFORMS, polled

    if platform not in PLATFORMS:
        raise Failure(f"unknown platform {platform!r}; expected one of {', '.join(PLATFORMS)}")
    if platform in BUILDERS and (polled(platform, credentials) or platform == "newsletter"):
        with httpx.Client() as client:  # nothing is sent: building checks the settings only
            connector(platform, settings, credentials, client)
