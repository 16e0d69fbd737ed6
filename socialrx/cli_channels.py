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
        str, typer.Option(help="mastodon, bluesky, rss, webhook, facebook or instagram.")
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
) -> None:
    """Connect a channel account; its secret is read from stdin and stored encrypted (Mastodon:
    the access token; Bluesky: an app password; webhook: the signing secret; Facebook and
    Instagram: the app secret that signs Graph API webhooks; an RSS or Atom feed needs none)."""
    from socialrx.store import channels

    if platform == "rss":
        with guard(), transaction() as session:
            if not url.startswith(("https://", "http://")):
                raise Failure("an rss channel needs --url, the feed's https:// address")
            made_id = channels.add_account(session, name, platform,
                                           {"url": url, "keywords": list(keyword or [])}, {},
                                           "cli").id  # fmt: skip
        sys.stderr.write(f"socialrx: channel {name} ({platform}) connected as account {made_id}\n")
        return
    secret = sys.stdin.readline().strip()
    with guard(), transaction() as session:
        if not secret:
            raise Failure("give the access token (or app password) on stdin; it is stored "
                          "encrypted")  # fmt: skip
        settings, credentials = _account(platform, base_url, visibility, identifier,
                                         verify_token, secret)  # fmt: skip
        made = channels.add_account(session, name, platform, settings, credentials, "cli")
        made_id = made.id
    sys.stderr.write(f"socialrx: channel {name} ({platform}) connected as account {made_id}\n")


@channels_app.command("reconnect")
def channels_reconnect(
    name: Annotated[str, typer.Argument(help="The connected channel.")],
) -> None:
    """Give a connected channel a new access token or app password (read from stdin, stored
    encrypted), e.g. after the platform revoked the old one."""
    from socialrx.store import channels

    secret = sys.stdin.readline().strip()
    with guard(), transaction() as session:
        if not secret:
            raise Failure("give the access token (or app password) on stdin; it is stored "
                          "encrypted")  # fmt: skip
        platform = channels.account(session, name).platform
        field = {"bluesky": "password", "webhook": "secret", "facebook": "app_secret",
                 "instagram": "app_secret"}.get(platform, "token")  # fmt: skip
        channels.reconnect(session, name, {field: secret}, "cli")
    sys.stderr.write(f"socialrx: channel {name} has new credentials\n")


def _account(platform: str, base_url: str, visibility: str, identifier: str, verify_token: str,
             secret: str) -> tuple[dict[str, object], dict[str, object]]:  # fmt: skip
    """Settings (not secret) and credentials (encrypted) of a new account."""
    if platform == "webhook":
        return {}, {"secret": secret}
    if platform in ("facebook", "instagram"):
        if not verify_token:
            raise Failure(f"a {platform} channel needs --verify-token (the Graph API webhook's)")
        return {"verify_token": verify_token}, {"app_secret": secret}
    if platform == "bluesky":
        if not identifier:
            raise Failure("a bluesky channel needs --identifier (the account's handle)")
        return ({"base_url": base_url or "https://bsky.social", "identifier": identifier},
                {"password": secret})  # fmt: skip
    return {"base_url": base_url, "visibility": visibility}, {"token": secret}
