"""Network identifiers: e-mail addresses, web addresses and IP addresses.

The reference example of a built-in detector: a pure function of the document, patterns
compiled lazily on first use, matches made on the normalised text and reported at original
offsets, ``why`` in words without the matched text.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from functools import cache

from socialrx.detectors._match import folded
from socialrx.model import Document, Finding
from socialrx.registry import detector, document_code

# Top-level domains accepted for a bare domain name (no scheme, no "www."). Two-letter
# country codes that are also common words or clinical abbreviations ("is", "no", "pt") are
# left out: "limits.No" or "pt.is" in a hurried note are run-together sentences, not domains.
_BARE_TLDS = frozenset(
    [
        "com",
        "org",
        "net",
        "edu",
        "gov",
        "mil",
        "int",
        "info",
        "biz",
        "health",
        "care",
        "io",
        "app",
        "dev",
        "ly",
        "us",
        "uk",
        "ca",
        "au",
        "de",
        "fr",
        "nz",
        "ie",
        "ch",
        "nl",
        "se",
        "es",
        "eu",
        "xyz",
        "online",
        "site",
        "clinic",
        "hospital",
        "doctor",
        "news",
        "blog",
        "shop",
        "store",
        "page",
        "gg",
        "cz",
        "dk",
        "fi",
        "pl",
        "br",
        "mx",
        "jp",
        "cn",
        "ru",
        "za",
        "sg",
        "hk",
    ]
)


@cache
def _email() -> re.Pattern[str]:
    # Anchored on "@": the local part is found by walking back (see ``_local_start``).
    return re.compile(r"@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b")


@cache
def _url() -> re.Pattern[str]:
    return re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()]{2,2000}[^\s<>\"'().,;:!?]", re.IGNORECASE)


@cache
def _tld() -> re.Pattern[str]:
    # Anchored on the dot before a top-level domain; the host is found by walking back.
    return re.compile(r"\.([A-Za-z]{2,12})\b(?![@\w-]|\.[A-Za-z0-9])")


@cache
def _path() -> re.Pattern[str]:
    return re.compile(r"/[^\s<>\"']{0,2000}[^\s<>\"'().,;:!?]")


@cache
def _ipv4() -> re.Pattern[str]:
    return re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?!\w|\.\d)")


@cache
def _ipv6() -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){2,7}[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{1,4}){0,6}(?![\w:])"
    )


_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_LOCAL_RUN = re.compile(r"[A-Za-z0-9._%+-]*")
_HOST_RUN = re.compile(r"[A-Za-z0-9.-]*")
# Cheap first looks: an IPv4 address holds a digit, a dot and a digit.
_DIGIT_DOT_DIGIT = re.compile(r"\.(?<=\d\.)\d")


def _walk_back(text: str, end: int, run: re.Pattern[str], limit: int) -> int:
    """The start of the run of ``run`` characters (at most ``limit``) that ends at ``end``."""
    return end - run.match(text[max(0, end - limit) : end][::-1]).end()  # type: ignore[union-attr]


def _emails(text: str) -> Iterator[tuple[int, int]]:
    for match in _email().finditer(text):
        at = match.start()
        start = _walk_back(text, at, _LOCAL_RUN, 64)
        while start < at and not text[start].isalnum():
            start += 1
        if start < at and (start == 0 or text[start - 1] not in _LOCAL_CHARS):
            yield start, match.end()


def _bare_domains(text: str) -> Iterator[tuple[int, int]]:
    for match in _tld().finditer(text):
        tld = match.group(1)
        if tld.lower() not in _BARE_TLDS or not (tld.islower() or tld.isupper()):
            continue
        if len(tld) == 2 and not tld.islower():
            continue
        start = _walk_back(text, match.start(), _HOST_RUN, 255)
        while start < match.start() and not text[start].isalnum():
            start += 1
        if start == match.start() or (start > 0 and text[start - 1] in "@_"):
            continue
        label = text[start : match.start()].rsplit(".", 1)[-1]
        if len(label) < 2 or not any(c.isalpha() for c in label):
            continue
        path = _path().match(text, match.end())
        yield start, path.end() if path else match.end()


def _valid_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


@detector("contact", codes=("phi.email", "phi.url", "phi.ip"))
def contact(document: Document) -> Iterator[Finding]:
    """E-mail addresses (phi.email), web addresses and domain names (phi.url), IPv4 and IPv6
    addresses (phi.ip)."""
    norm = document.norm
    text = norm.text
    if "." not in text and ":" not in text:
        return
    taken: list[tuple[int, int]] = []
    if "@" in text:
        for start, end in _emails(text):
            taken.append((start, end))
            yield Finding("phi.email", norm.span(start, end), 0.95, "contact", "e-mail address")
    low = folded(document).low
    if "http" in low or "www." in low:
        for match in _url().finditer(text):
            start, end = match.span()
            if not any(a < end and start < b for a, b in taken):
                taken.append((start, end))
                yield Finding("phi.url", norm.span(start, end), 0.85, "contact", "web address")
    for start, end in _bare_domains(text):
        if not any(a < end and start < b for a, b in taken):
            yield Finding("phi.url", norm.span(start, end), 0.75, "contact", "domain name")
    ipv4 = _ipv4().finditer(text) if _DIGIT_DOT_DIGIT.search(text) else ()
    for match in ipv4:
        start = match.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._/"):
            continue
        if _valid_ip(match.group()):
            yield Finding("phi.ip", norm.span(*match.span()), 0.9, "contact", "IP address")
    if text.count(":") >= 2:
        for match in _ipv6().finditer(text):
            if _valid_ip(match.group()):
                yield Finding("phi.ip", norm.span(*match.span()), 0.9, "contact", "IP address")


document_code(
    "phi.email",
    summary="An e-mail address.",
    example="Write to jane.roe@example.com for your results.",
    false_positives="The organisation's own addresses unless listed in the policy's allow.emails "
    "or allow.domains.",
)
document_code(
    "phi.url",
    summary="A web address or bare domain name that can point to a person.",
    example="Her fundraiser is at www.example.org/help-jane.",
    false_positives="The organisation's own sites unless listed in allow.domains; "
    "abbreviations that look like domains.",
)
document_code(
    "phi.ip",
    summary="An IPv4 or IPv6 address (validated).",
    example="Login came from 203.0.113.7.",
    false_positives="Version numbers with four dotted parts, e.g. 1.2.3.4.",
)
