"""Telephone, fax and pager numbers: phi.phone.

A fast pattern finds digit groups that look like a telephone number (7 to 15 digits, one
separator between groups, an optional ``+`` or ``00`` country prefix, an optional area code in
brackets and an optional extension); only those candidates are judged, so the cost on a post
without digits is one character scan. A candidate is a phone number when

* it carries a country prefix and the ``phonenumbers`` library finds it possible for that
  country, or
* it has the shape of a North American number (``555-010-2000``, ``(555) 010-2000``), or a
  trunk-prefixed national number of nine digits or more (``020 7946 0958``) that
  ``phonenumbers`` accepts for one of a few common regions, or
* words nearby say it is one ("call", "phone", "tel", "cell", "fax", "mobile", "office", …).

Candidates that are dates, money, or that words nearby tie to a card, account, social security
or record number are left to the detectors of those codes. Pager numbers ("pager #54321") are
short and are only found after their keyword.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import phonenumbers

from socialrx.detectors._match import folded, literal_trie
from socialrx.detectors.numbers import ascii_twin, digit_end
from socialrx.model import Document, Finding
from socialrx.registry import detector, document_code


@cache
def _crude() -> re.Pattern[str]:
    # Charset-led, so the engine jumps between digits: a run of at least 7 phone characters.
    return re.compile(r"[+(\d][\d ().\-/]{5,40}\d")


@cache
def _pattern() -> re.Pattern[str]:
    return re.compile(
        r"""
          (?<![\w+/$#])(?<!\d[.,:/-])(?<!\d[.,]\s)
          (?:\+\s?\d{1,3}|\b00\d{1,3}|\b001)?          # country prefix
          (?:[ .\-]?\(0\))?                               # +41 (0)…
          (?:[ .\-]?\(\d{1,5}\))?                         # (555) area code
          [ .\-]?\d{1,12}(?:(?:[ ./\-]|\)\s?|\s-\s|-\s)\d{1,8}){0,5}  # groups, one separator
          (?:\s?(?:x|ext\.?|extension|\#)\s?\d{1,6})?     # extension
          (?![\w/%$]|[.,]\d|[ .\-]\d)
        """,
        re.VERBOSE | re.IGNORECASE,
    )


@cache
def _ascii_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``_crude`` and ``_pattern`` for ASCII texts: the same matches, found faster."""
    return ascii_twin(_crude()), ascii_twin(_pattern())


@cache
def _pager() -> re.Pattern[str]:
    return re.compile(
        r"\b(?:pager|beeper|pgr|pg|bleep)\s?(?:\#|no\.?|number)?\s?:?\s?\#?\s?(\d{4,6})(?![\d-])",
        re.IGNORECASE,
    )


_CONTEXT = re.compile(
    r"\b(?:phone|ph|tel|telephone|call(?:ed|ing)?|cell(?:ular)?|mobile|mob|fax|office|desk|home"
    r"|work|pager|beeper|text(?:ed)?|sms|whatsapp|reach(?:ed)?|dial(?:ed)?|contact|answer\w*"
    r"|hotline|line|ring|voicemail|vm|ext|landline|switchboard|messages?|registered)\b"
    r"|\bc:|\bw:|\bh:|\bm:|\bt:",
    re.IGNORECASE,
)
_WEAK_CONTEXT = re.compile(r"\bnumber\b|\bno\.|#", re.IGNORECASE)
_STREET_AFTER = re.compile(
    r"\s+(?:[A-Z][\w'-]+\s+){1,3}(?:St|Street|Rd|Road|Ave|Avenue|Blvd|Boulevard|Lane|Ln|Dr"
    r"|Drive|Way|Court|Ct|Pl|Place|Square|Sq|Terrace|Highway|Hwy)\b"
)
_CONTEXT_AFTER = re.compile(
    r"^\s?\)?[\s,-]*(?:\(?(?:office|fax|mobile|cell|home|work|phone|tel|desk|landline|pager)\b)",
    re.IGNORECASE,
)
_OTHER_NUMBER = re.compile(
    r"\b(?:card|cc|visa|mastercard|amex|account|acct|a/c|iban|ssn|social\s+security|ss\#|mrn"
    r"|record|chart|member|policy|licen[cs]e|dl|plate|serial|s/n|imei|udi|routing|invoice"
    r"|order|claim|case|ticket|tracking|isbn|zip|postcode|po\s+box|id)\b",
    re.IGNORECASE,
)
_DATE_SHAPE = re.compile(
    r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}))(?:\s|$)"
)
_NANP = re.compile(
    r"^(?:\+?1[ .\-]?|001[ .\-]?)?(?:\(\d{3}\)\s?|\d{3}(?:[ ./\-]|-\s))\d{3}(?:[ ./\-]|-\s)\d{4}$"
)
_TWO_DIGITS = re.compile(r"\d\d")
_EXTENSION = re.compile(r"(?i)\s?(?:x|ext\.?|extension|#)\s?\d")
_SLASHED = re.compile(r"\(?\d{3}\)?/\d{3}/\d{4}")
_SEPARATOR = re.compile(r"[ .\-)]")
_REGIONS = ("US", "GB", "DE", "FR", "AU", "IT", "ES", "NL", "CH", "SE", "BE", "IN", "CA", "IE")


def _digits(text: str) -> str:
    return "".join(filter(str.isdigit, text))


@cache
def _window_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``_OTHER_NUMBER`` and ``_CONTEXT`` as literal tries, for the lower-cased window."""
    return (
        re.compile(literal_trie(_OTHER_NUMBER.pattern, word=r"\w")),
        re.compile(literal_trie(_CONTEXT.pattern, word=r"\w")),
    )


def _window_search(window: str) -> tuple[re.Match[str] | None, re.Match[str] | None]:
    """The keyword of another kind of number in ``window``, and a phone keyword after it."""
    low = window.lower()
    if len(low) == len(window):
        other_kw, phone_kw = _window_patterns()
    else:  # a letter lower-cased to two characters: offsets would shift
        low, other_kw, phone_kw = window, _OTHER_NUMBER, _CONTEXT
    other = other_kw.search(low)
    return other, phone_kw.search(low, other.end() if other else 0)


def _possible(candidate: str, region: str | None) -> bool:
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_possible_number(number))


def _national_ok(core: str) -> bool:
    """A trunk-prefixed national number that some common region accepts as valid."""
    for region in _REGIONS:
        try:
            number = phonenumbers.parse(core, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
    return False


def _judge(text: str, start: int, end: int) -> tuple[float, str] | None:
    """(score, why) when the candidate ``text[start:end]`` is a phone number."""
    raw = text[start:end]
    # every extension marker holds "x" or "#"
    core = _EXTENSION.split(raw, 1)[0] if "x" in raw or "X" in raw or "#" in raw else raw
    digits = _digits(core)
    if not 7 <= len(digits) <= 15:
        return None
    stripped = core.strip()
    if _DATE_SHAPE.match(stripped):
        return None
    before = text[start - 40 if start > 40 else 0 : start]
    line_before = before.rsplit("\n\n", 1)[-1]
    after = text[end : end + 16]
    window = line_before[-28:]
    other, strong = _window_search(window)
    if other and not strong:
        return None
    context = bool(strong or _CONTEXT_AFTER.match(after) or _WEAK_CONTEXT.search(window))
    if _STREET_AFTER.match(text, end):
        return None
    if "/" in core and not _SLASHED.fullmatch(stripped):
        return None
    separated = _SEPARATOR.search(stripped) is not None
    if not separated and len(digits) > 11 and not core.startswith("+"):
        return None  # a long digit run is a card or account number, not a phone number
    if stripped.startswith(("+", "00")):  # (``stripped`` starts where ``core.lstrip()`` does)
        if _possible("+" + digits.removeprefix("00") if stripped[0] == "0" else core, None):
            return (0.9 if context else 0.8), "international phone number"
        return None
    if _NANP.match(stripped):
        return (0.9 if context else 0.75), "phone number"
    if context:
        return 0.8, "number introduced as a phone number"
    if separated and digits.startswith("0") and len(digits) >= 9 and _national_ok(core):
        return 0.65, "national phone number"
    return None


@detector("phones", codes=("phi.phone",))
def phones(document: Document) -> Iterator[Finding]:
    """Telephone, mobile, fax and pager numbers, national and international (phi.phone)."""
    stop = digit_end(document)
    if not stop:  # every phone and pager number holds digits
        return
    norm = document.norm
    text = norm.text
    low = folded(document).low
    if "pg" in low or "pager" in low or "beeper" in low or "bleep" in low:
        for match in _pager().finditer(text):
            span = norm.span(*match.span(1))
            yield Finding("phi.phone", span, 0.8, "phones", "pager number")
    pos = 0  # (a run ends on a digit: at most at ``stop``)
    crude, pattern = _ascii_patterns() if text.isascii() else (_crude(), _pattern())
    while (run := crude.search(text, pos, stop)) is not None:
        if _TWO_DIGITS.search(text, run.start(), run.end()) is None:
            pos = run.end()  # single digits apart ("1 2 3 4 5 6 7") are not a phone number
            continue
        found = pattern.search(text, run.start(), run.end() + 24)  # (clipped to the text)
        if found is None:
            pos = run.end()
            continue
        start, end = found.span()
        pos = end if end > run.start() else run.start() + 1
        while start < end and text[start] in " .-":
            start += 1
        judged = _judge(text, start, end)
        if judged is not None:
            score, why = judged
            yield Finding("phi.phone", norm.span(start, end), score, "phones", why)


document_code(
    "phi.phone",
    summary="A telephone, mobile, fax or pager number, national or international.",
    example="Her daughter asked us to call her back on (555) 010-2000.",
    false_positives="The organisation's own numbers unless listed in allow.phones; order, "
    "tracking or reference numbers introduced with words like 'call' or 'number'.",
)
