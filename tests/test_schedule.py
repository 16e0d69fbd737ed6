"""Schedules in the organisation's time zone, stored in UTC, across daylight-saving changes:
wall-clock times that do not exist (clocks go forward) or happen twice (clocks go back) are
refused with a message that says which; every other time round-trips exactly."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialrx.errors import ConfigError, InputError
from socialrx.schedule import local, parse_local, to_utc, zone
from socialrx.settings import load_settings

NY, LONDON = zone("America/New_York"), zone("Europe/London")


@pytest.mark.parametrize(
    ("text", "tz", "utc"),
    [
        ("2026-03-08T01:59", NY, datetime(2026, 3, 8, 6, 59, tzinfo=UTC)),  # EST, before
        ("2026-03-08T03:00", NY, datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),  # EDT, after
        ("2026-11-01T00:59", NY, datetime(2026, 11, 1, 4, 59, tzinfo=UTC)),  # EDT, before
        ("2026-11-01T02:00", NY, datetime(2026, 11, 1, 7, 0, tzinfo=UTC)),  # EST, after
        ("2026-03-29T00:30", LONDON, datetime(2026, 3, 29, 0, 30, tzinfo=UTC)),  # GMT
        ("2026-03-29T02:00", LONDON, datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),  # BST
        ("2026-10-25T02:00", LONDON, datetime(2026, 10, 25, 2, 0, tzinfo=UTC)),  # GMT again
        ("2026-07-01T09:00:30", zone("UTC"), datetime(2026, 7, 1, 9, 0, 30, tzinfo=UTC)),
    ],
)
def test_wall_clock_times_become_utc(text: str, tz: ZoneInfo, utc: datetime) -> None:
    assert to_utc(parse_local(text), tz) == utc


@pytest.mark.parametrize(
    ("text", "tz", "message"),
    [
        ("2026-03-08T02:00", NY, "2026-03-08 02:00 in America/New_York does not exist"),
        ("2026-03-08T02:59", NY, "does not exist: the clocks go forward"),
        ("2026-03-29T01:30", LONDON, "2026-03-29 01:30 in Europe/London does not exist"),
        ("2026-11-01T01:00", NY, "happens twice: the clocks go back then; give the time with its "
                                 "UTC offset (-04:00 for the first, -05:00 for the second: "
                                 "05:00 or 06:00 UTC)"),
        ("2026-10-25T01:59", LONDON, "(+01:00 for the first, +00:00 for the second"),
    ],
)  # fmt: skip
def test_skipped_and_repeated_times_are_refused(text: str, tz: ZoneInfo, message: str) -> None:
    with pytest.raises(InputError) as caught:
        to_utc(parse_local(text), tz)
    assert message in str(caught.value)


@pytest.mark.parametrize("text", ["2026-03-08 09:30", "2026-03-08T09:30Z", "2026-02-30T09:00",
                                  "2026-03-08T25:00", "tomorrow", ""])  # fmt: skip
def test_only_wall_clock_times_are_read(text: str) -> None:
    with pytest.raises(InputError, match="local time"):
        parse_local(text)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1),
                    timezones=st.just(UTC)),
       st.sampled_from(["America/New_York", "Europe/London", "Australia/Sydney",
                        "Asia/Kolkata", "America/St_Johns", "UTC"]))  # fmt: skip
def test_every_instant_round_trips_unless_its_wall_time_repeats(
    moment: datetime, name: str
) -> None:
    tz = zone(name)
    wall = local(moment, tz).replace(tzinfo=None)
    try:
        assert to_utc(wall, tz) == moment
    except InputError as refused:  # only an hour the clocks go back through, and it says so
        assert "happens twice" in str(refused)
        assert wall.replace(tzinfo=tz, fold=0).utcoffset() != wall.replace(
            tzinfo=tz, fold=1).utcoffset()  # fmt: skip


def test_the_organisations_time_zone_is_a_checked_setting() -> None:
    assert load_settings({}).timezone == "UTC"
    assert load_settings({"SOCIALRX_TIMEZONE": "Europe/London"}).timezone == "Europe/London"
    with pytest.raises(ConfigError, match="unknown time zone 'Mars/Olympus'"):
        load_settings({"SOCIALRX_TIMEZONE": "Mars/Olympus"})
