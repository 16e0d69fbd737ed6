"""Numbers that identify a person, record, plan, account, licence, vehicle or device.

phi.ssn (social security numbers), phi.mrn (medical record numbers), phi.account (payment
cards with a Luhn check, IBANs with the ISO 7064 mod-97 check, health-plan, member, policy and
account numbers by context), phi.license (driver's licences, licence plates, vehicle
identification numbers, professional licences by context) and phi.device (serial numbers,
IMEI and UDI by context; GS1 UDIs by their shape).

The default policy blocks these codes, so precision matters: a number counts only when it
validates (checksum, SSN ranges) or when a keyword just before it says what it is.

Matching runs on the ORIGINAL text. Normalisation folds leetspeak digits standing between
letters into letters, which would corrupt identifiers that mix letters and digits (IBANs,
licence, plate and serial numbers); when normalisation changed the text (e.g. zero-width
characters were removed), the normalised text is searched as well and its findings are mapped
back, so evasions are still caught.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from operator import methodcaller

from socialrx.detectors._match import Folded, folded, stems
from socialrx.detectors.numbers import ascii_twin, digit_end, last_digit_end
from socialrx.model import Document, Finding, Span
from socialrx.registry import detector, document_code

# Keyword phrases (lower-case words) → (code, weak). A weak keyword counts only when followed by
# "number", "no", "#" or "id" ("member id 123", "chart # 123"); a strong one counts on its own.
_PHRASES: dict[tuple[str, ...], tuple[str, bool]] = {}


def _phrases(code: str, weak: bool, *phrases: str) -> None:
    for phrase in phrases:
        _PHRASES[tuple(phrase.split())] = (code, weak)


_phrases("phi.ssn", False, "ssn", "social security", "social security card", "soc sec")
_phrases("phi.ssn", True, "ss")
_phrases("phi.mrn", False, "mrn", "medical record", "medical records")
_phrases("phi.mrn", True, "mr", "chart", "patient", "pt", "hospital", "record")
_phrases(
    "phi.account", False, "account", "acct", "card", "credit card", "debit card", "iban",
    "routing", "subscriber", "beneficiary", "medicare", "medicaid", "bank account",
    "health plan", "insurance card", "membership",
)  # fmt: skip
_phrases(
    "phi.account", True, "a/c", "member", "policy", "group", "insurance", "insurer", "claim",
    "billing", "cc", "plan",
)  # fmt: skip
_phrases(
    "phi.license", False, "driver's license", "drivers license", "driver license",
    "driver's licence", "drivers licence", "driving licence", "driving license",
    "license plate", "licence plate", "license", "licence", "plate", "vin", "dea",
    "permit",
)  # fmt: skip
_phrases("phi.license", True, "lic", "dl", "registration", "vehicle")
_phrases("phi.device", False, "serial", "s/n", "imei", "udi")
_phrases("phi.device", True, "device", "implant", "pacemaker")
_SEPARATORS = frozenset(" \t\n:#(-=.,")
_SUFFIX = frozenset(("number", "num", "no", "nr", "#", "id", "identifier"))
_SKIP = frozenset(("is", "was", "of", "on", "file", "-", "="))
_PUNCT = ".,;!?()[]\"'"
_STRIP_PUNCT = methodcaller("strip", _PUNCT)
_GATE = frozenset(word for phrase in _PHRASES for word in phrase) | _SUFFIX | _SKIP
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]*")
# The last words of the keyword phrases, as ``Folded.stems`` holds them (those with other
# characters than letters, "a/c" and "s/n", are looked for as they are).
_ODD_LAST = frozenset(p[-1] for p in _PHRASES if not p[-1].isalpha())
_STRONG_LAST = stems(" ".join(p[-1] for p, (_, weak) in _PHRASES.items() if not weak))
_WEAK_LAST = stems(" ".join(p[-1] for p, (_, weak) in _PHRASES.items() if weak))
_SUFFIX_STEMS = stems(" ".join(w for w in _SUFFIX if w.isalpha()))


def _run_end(text: str, pos: int) -> int:
    """The end of the run of letters and digits at ``pos``."""
    run = _ALNUM_RUN.match(text, pos)
    return run.end() if run is not None else pos + 1


_PLATE = re.compile(r"(?<![\w-])[A-Z]{1,3}[ -]$")

# A value holds a digit early on; further space- or dash-separated groups must hold digits too.
_VALUE = re.compile(
    r"(?:(?=[A-Za-z]{0,4}\d)[A-Za-z0-9]{3,30}|[A-Z]{1,3}(?=[ -]\d))"
    r"(?:[ -](?=[A-Za-z]{0,3}\d)[A-Za-z0-9]{1,12}){0,5}(?![A-Za-z0-9%/]|\.\d)"
)


_NON_DIGIT = re.compile(r"\D")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _keyword(text: str, start: int) -> tuple[str, bool] | None:
    """The code of the keyword just before ``start`` ("SSN:", "driver's license number is")."""
    end = start
    while end > 0 and text[end - 1] in _SEPARATORS:
        end -= 1
    begin = end
    while (
        begin > 0 and end - begin < 16 and (text[begin - 1].isalpha() or text[begin - 1] in "/'#")
    ):
        begin -= 1
    if text[begin:end].lower() not in _GATE:  # cheap exit: the word before is no keyword
        return None
    window = (
        text[start - 48 if start > 48 else 0 : start].lower().replace("#", " # ").replace(":", " ")
    )
    words = list(filter(None, map(_STRIP_PUNCT, window.split()[-7:])))
    while words and words[-1] in _SKIP:
        words.pop()
    suffix = False
    while words and words[-1] in _SUFFIX:
        words.pop()
        suffix = True
    for size in (3, 2, 1):
        found = _PHRASES.get(tuple(words[-size:])) if len(words) >= size else None
        if found is not None and (suffix or not found[1]):
            return found
    return None


@cache
def _shape_pattern() -> re.Pattern[str]:
    # Every branch starts after one digit, so the engine jumps from digit to digit.
    return re.compile(
        r"""
        \d(?:
          (?P<iban>(?<=\b[A-Za-z]{2}\d)\d(?:[A-Za-z0-9]{11,30}|(?:\ [A-Za-z0-9]{4}){2,7}
              (?:\ [A-Za-z0-9]{1,3})?)\b)
        | (?P<ssn>(?<![\d-]\d)\d\d-\d\d-\d{4}(?![\d-]))
        | (?P<card>(?<![\d-]\d)(?:[ -]?\d){11,18}(?!\d|-\d))
        )
        """,
        re.VERBOSE,
    )


@cache
def _ascii_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``_shape_pattern`` and ``_candidate`` for ASCII texts: the same matches, found faster."""
    return ascii_twin(_shape_pattern()), ascii_twin(_candidate())


@cache
def _udi_pattern() -> re.Pattern[str]:
    return re.compile(r"\(01\)\d{14}(?:\(\d{2,4}\)[A-Za-z0-9\-]{1,20}){0,4}")


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _iban_ok(raw: str) -> bool:
    code = raw.replace(" ", "").upper()
    if not 15 <= len(code) <= 34:
        return False
    moved = code[4:] + code[:4]
    number = "".join(str(int(c, 36)) for c in moved)
    return int(number) % 97 == 1


def _ssn_ok(digits: str) -> bool:
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return len(set(digits)) > 1 and digits not in ("123456789", "078051120", "219099999")


_CARD_PREFIX = re.compile(r"^(?:4|5[1-5]|2[2-7]|3[47]|3[068]|35|6011|65|64[4-9]|62|1800|2131)")
_CARD_WORDS = re.compile(
    r"\b(?:card|cc|visa|master\s?card|amex|american\s+express|discover|debit|credit|cvv|expir)",
    re.IGNORECASE,
)


def _card(text: str, start: int, end: int) -> float:
    """The score of a payment-card candidate, 0 when it is not one."""
    digits = _NON_DIGIT.sub("", text[start:end])
    if not 12 <= len(digits) <= 19 or len(set(digits)) < 2 or not _luhn(digits):
        return 0.0
    if _CARD_WORDS.search(text, start - 40 if start > 40 else 0, start):
        return 0.95
    if len(digits) >= 13 and _CARD_PREFIX.match(digits):
        return 0.8
    return 0.0


_WHY = {
    "phi.ssn": "social security number",
    "phi.mrn": "medical record number",
    "phi.account": "account, member or policy number",
    "phi.license": "licence, plate or vehicle number",
    "phi.device": "device serial or identifier",
}


def _keyword_value_ok(code: str, value: str) -> bool:
    if code == "phi.ssn":
        only = _NON_DIGIT.sub("", value)
        return len(only) == 9 and _ssn_ok(only)
    digits = sum(map(str.isdigit, value))
    if digits < 3 or len(value) > 34:
        return False
    if _YEAR.fullmatch(value):  # a year
        return False
    return not (code == "phi.account" and digits < 6)


def _keyword_hits(text: str, stop: int) -> Iterator[tuple[int, int, str, float, str]]:
    done, first = 0, -1
    stop += 2  # the candidate's look-ahead peeks two characters past its digit
    candidate = _ascii_patterns()[1] if text.isascii() else _candidate()
    # search on from where the last value ended (finditer would yield every digit inside it)
    while (digit := candidate.search(text, done if done > first else first + 1, stop)) is not None:
        start = first = digit.start()
        while (
            start > 0
            and first - start < 34
            and (
                text[start - 1].isalnum()
                or (text[start - 1] == "-" and start > 1 and text[start - 2].isalnum())
            )
        ):
            start -= 1
        if start > 0 and text[start - 1].isalnum():  # longer than any identifier
            done = _run_end(text, first)
            continue
        if start > 1 and text[start - 2].isupper() and text[start - 1] in " -":
            plate = _PLATE.search(text, start - 5 if start > 5 else 0, start)
            found = _keyword(text, plate.start()) if plate is not None else None
            if plate is not None and found is not None and found[0] == "phi.license":
                start = plate.start()  # a plate written "ABC 1234"
        if not text[start : start + 3].isalnum() and not text[start].isupper():
            done = first + 1
            continue
        value = _VALUE.match(text, start)
        if value is None:
            done = _run_end(text, first)
            continue
        done = value.end()
        raw = value.group()
        if sum(map(str.isdigit, raw)) < 3 or (len(raw) == 4 and raw[:2] in ("19", "20")):
            continue  # too few digits for any identifier, or a year
        found = _keyword(text, start)
        if found is not None and _keyword_value_ok(found[0], value.group()):
            code = found[0]
            yield start, value.end(), code, 0.9, f"{_WHY[code]} after its keyword"


def _scan(text: str, keywords: bool, stop: int) -> Iterator[tuple[int, int, str, float, str]]:
    """(start, end, code, score, why) of identifiers in ``text`` (whose last digit ends at
    ``stop``); values after keywords only when ``keywords`` (the text may hold one)."""
    claimed: list[tuple[int, int]] = []
    for hit in _keyword_hits(text, stop) if keywords else ():
        claimed.append((hit[0], hit[1]))
        yield hit
    # a shape starts on a digit; it and its look-arounds reach at most 42 characters further
    shapes = _ascii_patterns()[0] if text.isascii() else _shape_pattern()
    for match in shapes.finditer(text, 0, stop + 48):
        kind = match.lastgroup
        start, end = match.span()
        if kind == "iban":
            start -= 2
        if any(a < end and start < b for a, b in claimed):
            continue
        raw = text[start:end]
        if kind == "ssn" and _ssn_ok(raw.replace("-", "")):
            yield start, end, "phi.ssn", 0.75, "number shaped like a social security number"
        elif kind == "card":
            score = _card(text, start, end)
            if score:
                yield start, end, "phi.account", score, "payment card number (Luhn valid)"
        elif kind == "iban" and _iban_ok(raw):
            yield start, end, "phi.account", 0.95, "bank account number (IBAN, checksum valid)"
    if "(01)" in text:
        for match in _udi_pattern().finditer(text):
            yield (*match.span(), "phi.device", 0.9, "device identifier (GS1 UDI)")


@cache
def _candidate() -> re.Pattern[str]:
    # a digit inside three letters or digits: every identifier has one, lone numbers do not
    return re.compile(
        r"\d(?:(?=[A-Za-z0-9]{2})|(?<=[A-Za-z0-9]\d)(?=[A-Za-z0-9])|(?<=[A-Za-z0-9]{2}\d))"
    )


def _may_hold_keyword(view: Folded) -> bool:
    """A cheap necessary condition for ``_keyword``: the last word of a keyword phrase (a
    weak one with its suffix: "chart #", "member id") is in the text."""
    words = view.stems
    if not _STRONG_LAST.isdisjoint(words):
        return True
    if "/" in view.low and any(w in view.low for w in _ODD_LAST):
        return True
    return not _WEAK_LAST.isdisjoint(words) and (
        not _SUFFIX_STEMS.isdisjoint(words) or "#" in view.low
    )


def _spans(document: Document) -> Iterator[tuple[Span, str, float, str]]:
    norm = document.norm
    same = norm.text == document.text
    if same and not digit_end(document):
        return
    sources: list[tuple[str, Callable[[int, int], Span]]] = [(document.text, Span)]
    if not same:
        sources.append((norm.text, norm.span))
    keywords = _may_hold_keyword(folded(document))
    seen: set[tuple[int, int, str]] = set()
    for text, to_span in sources:
        # (the original text is most often the normalised one: its digit end is known)
        stop = digit_end(document) if text == norm.text else last_digit_end(text)
        if not stop:
            continue
        for start, end, code, score, why in _scan(text, keywords, stop):
            span = to_span(start, end)
            key = (span.start, span.end, code)
            if key not in seen:
                seen.add(key)
                yield span, code, score, why


@detector("identifiers", codes=("phi.ssn", "phi.mrn", "phi.account", "phi.license", "phi.device"))
def identifiers(document: Document) -> Iterator[Finding]:
    """Social security, medical record, account/card/IBAN, licence/plate/vehicle and device
    numbers (phi.ssn, phi.mrn, phi.account, phi.license, phi.device)."""
    for span, code, score, why in _spans(document):
        yield Finding(code, span, score, "identifiers", why)


document_code(
    "phi.ssn",
    summary="A US social security number: after its keyword, or shaped 123-45-6789 within the "
    "valid ranges.",
    example="Her SSN is 123-45-6780.",
    false_positives="Other numbers written 3-2-4 with dashes (order or reference numbers).",
)
document_code(
    "phi.mrn",
    summary="A medical record, chart or patient number, only after a keyword such as 'MRN' or "
    "'medical record number'.",
    example="Patient MRN 00482913 was seen today.",
    false_positives="Other numbers that follow 'record number' or 'case number' (e.g. a legal "
    "case).",
)
document_code(
    "phi.account",
    summary="A payment card number (Luhn check), an IBAN (mod-97 check), or an account, member, "
    "policy, subscriber or health-plan number after its keyword.",
    example="Please charge card 4111 1111 1111 1111 for the copay.",
    false_positives="Luhn-valid long numbers that are not cards (about one random number in "
    "ten passes the check); the organisation's own account numbers given for donations.",
)
document_code(
    "phi.license",
    summary="A driver's licence, licence plate, vehicle (VIN), professional licence or DEA "
    "number after its keyword (not NPIs: they are public provider identifiers).",
    example="His driver's license number is D1234567.",
    false_positives="The organisation's own licence or permit numbers; numbers after the word "
    "'licence' in software or broadcasting contexts.",
)
document_code(
    "phi.device",
    summary="A device serial number, IMEI or unique device identifier (UDI) after its keyword, "
    "or a GS1 UDI by its (01) shape.",
    example="Pacemaker serial number PJN123456 was interrogated.",
    false_positives="Product model or lot numbers introduced as 'serial'; the organisation's own "
    "equipment inventory numbers.",
)
