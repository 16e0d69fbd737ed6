"""Schedules: a publishing time is written in the organisation's time zone (``SOCIALRX_TIMEZONE``,
an IANA name such as ``America/New_York``) and stored in UTC. Wall-clock times that do not exist
(clocks go forward: 02:30 on a spring-forward night) or happen twice (clocks go back: 01:30 on a
fall-back night) are refused with a message that says so, never guessed at. Pure."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from socialrx.errors import ConfigError, InputError

_LOCAL = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")


@cache
def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``; ``ConfigError`` when there is none by that name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"unknown time zone {name!r}; expected an IANA name such as "
                          "Europe/London or America/New_York") from None  # fmt: skip


def parse_local(text: str) -> datetime:
    """``YYYY-MM-DDTHH:MM[:SS]`` (a wall-clock time, no offset) as a naive datetime."""
    if not _LOCAL.match(text):
        raise InputError("a local time must look like 2026-03-08T09:30 (no offset)")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise InputError("a local time must be a real date and time") from None


def to_utc(local: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant of the wall-clock time ``local`` in ``tz``; ``InputError`` when it does
    not exist there or happens twice."""
    if local.tzinfo is not None:
        raise InputError("a local time has no offset; give the wall-clock time")
    first, second = local.replace(tzinfo=tz, fold=0), local.replace(tzinfo=tz, fold=1)
    shown = f"{local:%Y-%m-%d %H:%M} in {tz.key}"
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != local:
        raise InputError(f"{shown} does not exist: the clocks go forward then; "
                         "choose a time after the change")  # fmt: skip
    if first.utcoffset() != second.utcoffset():
        early, late = first.astimezone(UTC), second.astimezone(UTC)
        raise InputError(f"{shown} happens twice: the clocks go back then; give the time with "
                         f"its UTC offset ({_offset(first)} for the first, {_offset(second)} "
                         f"for the second: {early:%H:%M} or {late:%H:%M} UTC)")  # fmt: skip
    return first.astimezone(UTC)


def local(moment: datetime, tz: ZoneInfo) -> datetime:
    """``moment`` (aware) as a wall-clock time in ``tz``."""
    return moment.astimezone(tz)


def _offset(moment: datetime) -> str:
    delta = moment.utcoffset() or timedelta(0)
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
