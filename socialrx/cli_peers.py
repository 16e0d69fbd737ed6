"""``socialrx peers …``: the public accounts of the competitor benchmark (peer organisations'
and the organisation's own), and collecting their public figures now (the worker does it daily;
``socialrx.benchmark_collect``)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Annotated

import typer

from socialrx.cli_base import Failure, JsonArg, dumps, guard, write_lines
from socialrx.cli_store import open_database, transaction

peers_app = typer.Typer(help="Competitor benchmark: peer accounts whose public figures are "
                        "collected daily.", no_args_is_help=True)  # fmt: skip


@peers_app.command("add")
def peers_add(
    name: Annotated[str, typer.Argument(help="The peer's name as reports show it.")],
    platform: Annotated[str, typer.Option(help="mastodon, bluesky or x.")],
    handle: Annotated[
        str, typer.Option(help="The public account: @user@domain, handle.bsky.social, @username.")
    ],
    own: Annotated[
        bool, typer.Option("--own", help="The organisation's own account, compared alike.")
    ] = False,
    setting: Annotated[
        list[str] | None,
        typer.Option(
            help="KEY=VALUE (repeat): base_url (another host), channel (the X channel whose "
            "token is used)."
        ),
    ] = None,
    token_stdin: Annotated[
        bool,
        typer.Option(
            "--token-stdin",
            help="Read an X app-only bearer token from stdin's first line (stored encrypted; "
            "without it an X peer uses a connected X channel's token).",
        ),
    ] = False,
) -> None:
    """Add a public account to the competitor benchmark."""
    from socialrx.cli_channels import _settings
    from socialrx.store import peers

    with guard():
        settings = _settings("", "", "", "", "", "", [], setting or [])
        if "bearer_token" in settings:
            raise Failure("a token on the command line leaks into the shell history and the "
                          "process list; pass it with --token-stdin")  # fmt: skip
        if token_stdin:
            token = sys.stdin.readline().strip()
            if not token or any(c.isspace() for c in token):
                raise Failure("--token-stdin expects the bearer token on stdin's first line")
            settings["bearer_token"] = token
        with transaction() as session:
            made = peers.add(session, name, platform, handle, own=own, settings=settings)
            made_id = made.id
    sys.stderr.write(f"socialrx: peer {name} ({platform} {handle}) added as {made_id}\n")


@peers_app.command("list")
def peers_list(as_json: JsonArg = False) -> None:
    """The benchmark's accounts with their latest collected figures."""
    from socialrx.store import peers

    with guard(), transaction() as session:
        rows = [{"name": p.name, "platform": p.platform, "handle": p.handle, "own": p.own,
                 **peers.latest(session, p)} for p in peers.peers(session)]  # fmt: skip
    if as_json:
        write_lines([dumps(r) for r in rows])
        return
    if not rows:
        write_lines(["no peer yet; add one with `socialrx peers add`"])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("name", "platform", "handle", "own", "followers", "posts", "collected")
    for r in rows:
        table.add_row(str(r["name"]), str(r["platform"]), str(r["handle"]),
                      "yes" if r["own"] else "", _shown(r["followers"]),
                      _shown(r["posts_total"]), _shown(r["collected_at"]))  # fmt: skip
    Console(width=120).print(table)


def _shown(value: object) -> str:
    return "" if value is None else str(value)


@peers_app.command("remove")
def peers_remove(name: Annotated[str, typer.Argument(help="The peer's name.")]) -> None:
    """Remove a peer and everything collected of it."""
    from socialrx.store import peers

    with guard(), transaction() as session:
        peers.remove(session, name)
    sys.stderr.write(f"socialrx: peer {name} removed\n")


@peers_app.command("collect")
def peers_collect() -> None:
    """Collect every peer's public figures now; one line per peer: ok, or why it failed."""
    with guard():
        import httpx

        from socialrx.benchmark_collect import collect_all

        database = open_database()
        if database.revision() is None:
            raise Failure("the database has no tables yet; run `socialrx db upgrade` first")
        with httpx.Client(timeout=httpx.Timeout(20.0, connect=5.0)) as client:
            outcome = collect_all(database, client, datetime.now(UTC))
        database.dispose()
    write_lines([f"{name}\t{'ok' if why is None else 'error: ' + why}" for name, why in outcome])
    if any(why is not None for _, why in outcome):
        raise typer.Exit(1)
