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

from socialrx.model import Document, Finding
from socialrx.registry import detector, document_code

_TLD = r"(?:com|org|net|edu|gov|mil|int|info|biz|health|care|io|co|us|uk|ca|au|de|fr|nz|ie|in|me|ly|app|dev|[a-z]{2})"


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile(
        rf"""
        (?P<email>\b[A-Za-z0-9][A-Za-z0-9._%+-]{{0,63}}@[A-Za-z0-9-]{{1,63}}(?:\.[A-Za-z0-9-]{{1,63}}){{0,8}}\.[A-Za-z]{{2,24}}\b)
      | (?P<url>\b(?:https?://|www\.)[^\s<>"'()]{{2,2000}}[^\s<>"'().,;:!?]
               | \b(?<![@.\w-])(?:[A-Za-z0-9-]{{1,63}}\.){{1,4}}{_TLD}\b(?![@\w-])(?:/[^\s<>"']{{0,2000}}[^\s<>"'().,;:!?])?)
      | (?P<ip>(?<![\w.])(?:\d{{1,3}}\.){{3}}\d{{1,3}}(?![\w.]|\.\d)
               | (?<![\w:])(?:[0-9A-Fa-f]{{1,4}}:){{2,7}}[0-9A-Fa-f]{{0,4}}(?::[0-9A-Fa-f]{{1,4}}){{0,6}}(?![\w:]))
        """,
        re.VERBOSE | re.IGNORECASE,
    )


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
    for match in _pattern().finditer(norm.text):
        kind = match.lastgroup
        span = norm.span(*match.span())
        if kind == "email":
            yield Finding("phi.email", span, 0.95, "contact", "e-mail address")
        elif kind == "url":
            yield Finding("phi.url", span, 0.85, "contact", "web address or domain name")
        elif kind == "ip" and _valid_ip(match.group()):
            yield Finding("phi.ip", span, 0.9, "contact", "IP address")


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
