"""What every connector shares: reading a platform's rate-limit headers into a time to wait
until, mapping HTTP answers to ChannelErrors, and platform HTML to plain text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialrx.channels.base import check, html_text, parse_time, retry_at
from socialrx.errors import (
    ChannelAuthError,
    ChannelError,
    ChannelRejected,
    ChannelUnavailable,
    RateLimitedError,
)

NOW = datetime(2026, 3, 29, 0, 59, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "120"}, NOW + timedelta(seconds=120)),
        ({"retry-after": "Sun, 29 Mar 2026 01:00:00 GMT"}, datetime(2026, 3, 29, 1, tzinfo=UTC)),
        ({"X-RateLimit-Reset": "2026-03-29T01:05:00.000Z"}, datetime(2026, 3, 29, 1, 5, tzinfo=UTC)),
        ({"x-rate-limit-reset": str(int((NOW + timedelta(minutes=15)).timestamp()))},
         NOW + timedelta(minutes=15)),  # X: epoch seconds
        ({"RateLimit-Reset": "42"}, NOW + timedelta(seconds=42)),  # IETF draft: seconds from now
        ({"Retry-After": "0"}, NOW),
        ({"X-RateLimit-Reset": "2020-01-01T00:00:00Z"}, NOW),  # in the past: now, not then
        ({"Retry-After": "999999999"}, NOW + timedelta(hours=24)),  # capped at a day
        ({"Retry-After": "soon"}, None),
        ({"X-RateLimit-Reset": "tomorrow-ish"}, None),
        ({}, None),
        ({"Retry-After": "30", "X-RateLimit-Reset": "2026-03-29T02:00:00Z"},
         NOW + timedelta(seconds=30)),  # Retry-After wins
    ],
)  # fmt: skip
def test_retry_at_reads_each_platforms_headers(headers: dict[str, str],
                                               expected: datetime | None) -> None:  # fmt: skip
    assert retry_at(headers, NOW) == expected


@given(st.dictionaries(st.sampled_from(["Retry-After", "X-RateLimit-Reset", "x-rate-limit-reset",
                                        "RateLimit-Reset", "Other"]),
                       st.text(max_size=40)))  # fmt: skip
def test_retry_at_never_fails_and_stays_within_a_day(headers: dict[str, str]) -> None:
    found = retry_at(headers, NOW)
    assert found is None or NOW <= found <= NOW + timedelta(hours=24)


@pytest.mark.parametrize(
    ("status", "headers", "error"),
    [
        (200, {}, None),
        (302, {}, None),
        (400, {}, ChannelRejected),
        (401, {}, ChannelAuthError),
        (403, {}, ChannelAuthError),
        (404, {}, ChannelRejected),
        (422, {}, ChannelRejected),
        (429, {}, RateLimitedError),
        (500, {}, ChannelUnavailable),
        (502, {}, ChannelUnavailable),
        (503, {}, ChannelUnavailable),
        (503, {"Retry-After": "10"}, RateLimitedError),
    ],
)
def test_check_maps_statuses(status: int, headers: dict[str, str],
                             error: type[ChannelError] | None) -> None:  # fmt: skip
    response = httpx.Response(status, headers=headers, json={"error": "Synthetic post text"})
    if error is None:
        check("mastodon", response, NOW)
        return
    with pytest.raises(error) as caught:
        check("mastodon", response, NOW)
    assert type(caught.value) is error and caught.value.status == status
    assert "Synthetic" not in str(caught.value)  # the body is never quoted
    if isinstance(caught.value, RateLimitedError):
        assert caught.value.retry_at == NOW + (timedelta(seconds=10) if headers
                                               else timedelta(seconds=60))  # fmt: skip


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hello &amp; welcome</p>", "Hello & welcome"),
        ("<p>line one<br>line two</p>", "line one\nline two"),
        ("<p>one</p><p>two</p>", "one\n\ntwo"),
        ('<p><span class="h-card"><a href="https://x/@h">@<span>hospital</span></a></span> hi</p>',
         "@hospital hi"),
        ("plain text", "plain text"),
        ("", ""),
        ("<p>&lt;script&gt;</p>", "<script>"),
    ],
)  # fmt: skip
def test_html_text(html: str, text: str) -> None:
    assert html_text(html) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2026-03-29T01:00:00.000Z", datetime(2026, 3, 29, 1, tzinfo=UTC)),
     ("2026-03-29T03:00:00+02:00", datetime(2026, 3, 29, 1, tzinfo=UTC)),
     ("2026-03-29T01:00:00", datetime(2026, 3, 29, 1, tzinfo=UTC)),
     ("not a time", None), ("", None), (None, None)],
)  # fmt: skip
def test_parse_time(value: str | None, expected: datetime | None) -> None:
    assert parse_time(value) == expected
