"""What every ``socialrx`` command shares: option types, the error guard and output writing.

App-level (used by ``socialrx.cli`` and ``socialrx.cli_quality``); imports nothing beyond Typer.
"""

import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class ChannelOpt(StrEnum):
    outbound = "outbound"
    reply = "reply"
    inbound = "inbound"


FileArg = Annotated[
    str, typer.Argument(metavar="[FILE|-]", help="Input file, one item per line ('-': stdin).")
]
ChannelArg = Annotated[
    ChannelOpt | None,
    typer.Option(help="Channel of plain-text lines and of JSON lines without one [outbound]."),
]
PolicyArg = Annotated[
    Path | None, typer.Option(help="Policy file (TOML); the built-in default when omitted.")
]
JsonArg = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]


class Failure(Exception):
    """A clear, user-facing error: printed on one line to stderr, exit status 2."""


@contextmanager
def guard() -> Iterator[None]:
    """Our own errors → one line on stderr, exit status 2, no traceback, never post text."""
    from socialrx.errors import SocialrxError

    try:
        yield
    except (SocialrxError, Failure) as exc:
        sys.stderr.write(f"socialrx: error: {exc}\n")
        raise typer.Exit(2) from None


def write_lines(lines: Iterable[str]) -> None:
    data = "".join(line + "\n" for line in lines)
    sys.stdout.buffer.write(data.encode("utf-8", "backslashreplace"))
    sys.stdout.buffer.flush()


def dumps(obj: dict[str, object]) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False)


def parse_day(text: str, option: str) -> date:
    """A day given as an option's value (``option`` names it in the error)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Failure(f"{option} must be a date as YYYY-MM-DD") from None


def write_file(path: Path, data: bytes) -> None:
    """Whole or not at all, readable by its owner only (mode 0600): written beside the target,
    then moved over it."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise Failure(f"cannot write {path}: the folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".socialrx-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise Failure(f"cannot write {path}: {error.strerror}") from None
