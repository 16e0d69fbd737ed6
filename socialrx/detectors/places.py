"""Places finer than a state (phi.location): street addresses, post codes, rooms, beds, wards and
units, towns and care facilities named with a cue; coarse regions at a low score.

What is reported, and how sure:

- street addresses ("12 Oak Street", "Rue de Lyon 4", "Lindevej 7"), PO and military boxes,
  and units ("Room 4B", "bed 12", "Apt. 9", "5 West"): these locate a person (0.8-0.9);
- ZIP and post codes after a state, a country or a "zip code" cue (0.8);
- towns and cities after "lives in", "from", "transferred to", an address line, or a comma after a
  street (0.6); care facilities named before "Hospital", "Memorial", "Rehab" … (0.55);
- countries and US states on their own (0.35): a hospital's post naming "Ohio" discloses nothing,
  so they are reported below the default threshold of 0.5 and do not move a decision; next to a
  finer place ("Dayton, Ohio") they are part of an address and reported at 0.6.

Pieces that follow each other with only separators or a town name between them form one
address. An address written inline ("send it to 12 Oak Street, Dayton, Ohio 45402") is reported as
one span; an address laid out on its own lines (a letter head or a form) is reported line by line,
so each line can be reviewed and redacted on its own.

Upper-case clinical notes use cues only ("TRANSFERRED TO …", "LIVES IN …", "… HOSPITAL"); numbers
are matched only where a number starts, never scanned across the text. People found by the names
detector are never reported as places.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from socialrx.detectors.names import _KIN_WORDS, people
from socialrx.detectors.wordlists import (
    first_names,
    names_upper,
    regions,
    upper_class,
    view,
    word_list,
    word_starts,
)
from socialrx.model import Document, Finding
from socialrx.registry import detector, document_code

_STREET_END = (
    r"street|st|avenue|ave|av|road|rd|lane|ln|drive|dr|way|boulevard|blvd|place|pl|court|ct|"
    r"terrace|ter|circle|cir|crescent|close|square|sq|parkway|pkwy|highway|hwy|trail|row|mews|"
    r"alley|path|pike|plaza|loop|run|walk|grove|gardens|green|greens|hill|hills|park|parks|"
    r"point|points|ridge|view|vista|heights|crossing|pass|rapids|bridge|flat|flats|mill|mills|"
    r"route|junction|harbor|harbour|station|port|quay|wharf|manor|meadows?|springs?|"
    r"valley|villas?|fields?|glen|cove|creek|landing|estates?|oval|esplanade"
)
_NAMED_STREET = r"Street|Road|Avenue|Lane|Boulevard|Drive|Terrace|Crescent"
_NAMED_STREET_WORDS = frozenset(w.casefold() for w in _NAMED_STREET.split("|"))
_STREET_PREFIX = (
    r"rue|via|viale|calle|avda|avenida|av|avenue|rua|ul|piazza|piazzale|strada|largo|travessa|"
    r"carrer|c/|plac|praça|praca|boulevard|bd|chemin|allée|allee|corso|vicolo|camino|paseo|"
    r"rambla|ronda|plaza|pasaje|aleja|ulica|al"
)
_STREET_TAIL = (
    r"str\.?|straße|strasse|stra[sß]e|gade|vej|vei|veien|vegen|katu|tie|gata|gatan|vägen|"
    r"weg|laan|straat|plein|gasse|utca|u\.|ulica|cesta|tee|vegur|stræti|gränd|allé|gränd|"
    r"torget|torg|platz|damm|dijk|kade|singel|steeg"
)
_UNIT = r"apt|apartment|suite|ste|unit|room|rm|bed|ward|floor|fl|bldg|building|lot"
_UNITS_AFTER = (
    r"mg|mcg|ug|ml|cc|l|units?|u|hrs?|hours?|days?|d|min|mins|minutes|am|pm|x|mm|cm|kg|lbs?|"
    r"liters?|lpm|times|weeks?|wks?|months?|years?|yrs?|y/?o|sec|seconds|percent|meq|gm?|mmhg"
)
_FACILITY = (
    r"hospital|hosp|memorial|rehab|rehabilitation|medical center|med center|medical centre|"
    r"nursing home|nursing facility|manor|clinic|health center|va|infirmary|hospice|house"
)


_VERBS = frozenset(
    {"live", "lives", "living", "lived", "reside", "resides", "moved", "grew", "up", "originally"}
    | {"born", "transfer", "transferred", "transfered", "transferring", "xfer", "xferred", "came"}
    | {"admitted", "sent", "d/c'd", "d/cd", "dc'd", "discharged", "went", "go", "going"}
    | {"brought", "taken", "returned", "came", "flown", "flew", "travelling", "traveling"}
    | {"drove", "driving", "headed"}
    | {"stays", "staying", "visiting", "flighted", "flight"}
    | {"presented", "accepted", "leave", "report", "fly", "found", "meeting", "excepted"}
    | {"transport", "transported", "tx'd", "txd", "admit", "readmitted", "lives", "resident"}
    | {"enroute", "referred", "trans", "adm", "med-flighted", "based", "located", "situated"}
)
_VERB_FILLERS = frozenset(
    {"back", "over", "here", "home", "by", "up", "out", "today", "tomorrow", "tonight", "now"}
    | {"directly", "eventually", "then", "the"}
)
_PREP = re.compile(r"\b(?:from|in|at|near|to|on|by)\b[ \t]+(?:the[ \t]+)?|@[ \t]*")
_BARE = frozenset({"from", "in", "at", "near"})
_PREP_WORDS = frozenset({"from", "in", "into", "at", "near", "to", "on", "by"})


@cache
def _cap_after_prep() -> re.Pattern[str]:
    """A capital right after 'from ', 'in ', 'at the ' …: the capital first (the engine skips
    ahead to capitals), then fixed-width look-behinds for the word before it."""
    before = ("[Ff]rom", "[Ii]n", "[Aa]t", "[Nn]ear", "[Tt]o", "[Oo]n", "[Bb]y", "the")
    alts = "|".join(rf"(?<=\b{word}[ \t].)" for word in before)
    return re.compile(rf"[{upper_class()}](?:{alts})")


_WORD_END = re.compile(r"(?:^|(?<=[^a-z]))([a-z]+)[ \t]+$")


def _cap_preps(text: str, low: str) -> list[re.Match[str]]:
    """Prepositions ('from', 'in', 'at the' …) followed by a capitalised word."""
    out: list[re.Match[str]] = []
    for cap in _cap_after_prep().finditer(text):
        pos = cap.start()
        word = _WORD_END.search(low, max(0, pos - 12), pos)
        if word and word.group(1) == "the":
            word = _WORD_END.search(low, max(0, word.start() - 12), word.start())
        prep = _PREP.match(low, word.start()) if word else None
        if prep and prep.end() == pos:
            out.append(prep)
    return out


_DIGIT = re.compile(r"\d")
_CORNER = re.compile(r"\b[Tt]he corner of [^\W_][^.?!,;:\n]{2,80}?(?=[ \t]*(?:[.?!,;:\n]|$))")
_GATES = {
    "prefix": frozenset(re.split(r"\W+", _STREET_PREFIX)) - {""},
    "box": frozenset({"psc", "unit", "usns", "usnv", "uss", "uscgc", "usgc"}),
    "unit": frozenset(re.split(r"\W+", _UNIT)) - {""},
    "zip": frozenset({"zip", "zipcode", "postal", "postcode", "post"}),
    "facility": frozenset(re.split(r"\W+", _FACILITY)) - {"", "center", "centre", "home"},
}


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    up = upper_class()
    cap = rf"[{up}][^\W\d_]*(?:['’.-][^\W\d_]+)*\.?"
    low = r"(?:de|del|la|le|di|da|du|des|dei|do|dos|das|von|van|der|am|an|of|the|el)"
    name = rf"{cap}(?:[ \t]+(?:{low}[ \t]+)?{cap}){{0,4}}"
    num = r"\d{1,6}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?"
    unit = rf"(?:,?[ \t]+(?i:apt|suite|ste|unit|#)\.?[ \t]*#?[ \t]*{num})?"
    uword = r"[A-Za-z][A-Za-z'.-]*"
    return {
        "street": re.compile(
            rf"{num}(?:[ \t]+{num})?,?[ \t]+(?:{name}[ \t]+)(?i:{_STREET_END})\b\.?{unit}"
            rf"|{num}[ \t]+(?:{cap}[ \t]+){{0,3}}(?:{cap}(?i:{_STREET_TAIL}))[ \t]+{num}\b\.?"
            rf"|\d{{2,6}}[ \t]+{num}[ \t]+(?:{name})"
        ),
        "prefix": re.compile(rf"\b(?:{_STREET_PREFIX})\b\.?[ \t]+"),
        "prefix_rest": re.compile(rf"(?:{low}[ \t]+)?(?:{name}[ \t]+){num}\b"),
        "box": re.compile(
            r"\b(?:psc|unit|usns|usnv|uss|usc?gc)[ \t]+[\w ,.'-]{1,40}?\s*(?:apo|fpo|dpo)"
            r"[ \t]+(?:aa|ae|ap)[ \t]+\d{5}\b"
        ),
        "po_box": re.compile(r"\bp\.?[ \t]?o\.?[ \t]?box[ \t]+\d{1,6}\b"),
        "unit": re.compile(
            rf"\b(?:{_UNIT})\b\.?[ \t]*(?:no\.?|number|#)?[ \t]*\d{{1,5}}[a-z]?\b(?![/.]?\d)"
        ),
        "direction": re.compile(r"\d{1,2}[ \t]?(?:North|South|East|West)\b(?![ \t]+[A-Z][a-z])"),
        "zip_cue": re.compile(
            r"\b(?:zip|zip code|zipcode|postal code|postcode|post code)\b[ \t:#]*"
            r"(?:is[ \t]+)?(?P<z>\d{3,5}(?:[ -]\d{2,4})?)\b"
        ),
        "zip": re.compile(r"\b\d{5}(?:-\d{4})?\b(?![ \t]*[\d-])"),
        "name": re.compile(name),
        "uname": re.compile(rf"{uword}(?:[ \t]+{uword}){{0,2}}"),
        # matched backwards from a facility or street word found with str.find: the words
        # that end right before it (``$`` is the end of the window searched)
        "facility": re.compile(rf"(?P<place>(?:\b(?i:st)\.?[ \t]+)?{name})[ \t]+$"),
        "ufacility": re.compile(
            rf"(?i)(?P<place>(?:\bst\.?[ \t]+)?{uword}(?:[ \t]+{uword})?)[ \t]+$"
        ),
        "facility_word": re.compile(rf"(?i:{_FACILITY})\b"),
        "street_name": re.compile(rf"\b(?P<words>{cap}(?:[ \t]+{cap}){{0,2}})[ \t]+$"),
        "street_word": re.compile(rf"(?:{_NAMED_STREET})\b"),
        "saint": re.compile(
            rf"\b(?:St|ST|st)\.?[ \t]+(?P<who>[{up}][^\W\d_]+)(?:['’]s)?(?![^\W\d_])"
        ),
        "line": re.compile(
            rf"(?m)^[ \t>?*-]*(?P<place>{name})(?:,?[ \t]*[A-Z]{{2}})?(?:[ \t]+\d{{4,6}})?[ \t]*$"
        ),
        "comma": re.compile(rf",[ \t]*(?P<place>{name})"),
    }


@cache
def _region_firsts() -> frozenset[str]:
    return frozenset(_region_index())


@cache
def _region_index() -> dict[str, tuple[str, ...]]:
    """Lower-case region names keyed by their first word."""
    index: dict[str, list[str]] = {}
    for region in regions():
        index.setdefault(region.split()[0], []).append(region)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}


@cache
def _hard_stops() -> frozenset[str]:
    """Words that never belong to a place name."""
    return word_list("function_words") | word_list("clinical_words") | _NOT_PLACE


@cache
def _soft_stops() -> frozenset[str]:
    """Words that end a place name unless a strong cue ('transferred to', '… Hospital') says
    a place is there."""
    return _hard_stops() | word_list("common_words") | word_list("org_words")


_NOT_PLACE = frozenset({"plan", "pt", "patient", "family", "today", "campus", "nurse"})


def _trim(text: str, a: int, b: int, strict: bool, strong: bool = False) -> tuple[int, int] | None:
    """Shrink ``[a, b)`` to the words that can name a place; None when nothing is left."""
    stops = _hard_stops() if strong else _soft_stops()
    kept: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text, a, b):
        blocked = m.group().casefold().strip(".'\",;:()") in stops
        if blocked and not kept:
            continue  # leading words such as 'to', 'the'
        if blocked and strict:
            break
        kept.append(m.span())
    while kept and text[kept[-1][0] : kept[-1][1]].casefold().strip(".'\",;:()") in stops:
        kept.pop()
    if not kept:
        return None
    end = kept[-1][1]
    if text[end - 1] == "." and end - kept[-1][0] > 4:
        end -= 1  # a full stop, not an abbreviation
    return kept[0][0], end


def _trim_left(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The words right before a facility word, back to the first word that cannot name it."""
    stops = _hard_stops() | _VERBS
    tokens = [t.span() for t in _TOKEN.finditer(text, a, b)]
    kept: list[tuple[int, int]] = []
    for s, e in reversed(tokens):
        if text[s:e].casefold().strip(".'\",;:()") in stops:
            break
        kept.insert(0, (s, e))
    return (kept[0][0], kept[-1][1]) if kept else None


def _candidates(document: Document) -> Iterator[tuple[int, int, float, str]]:
    """(start, end, score, why) of every place-like span in the normalised text."""
    text, low, mixed, words = view(document)
    pats = _patterns()
    if _DIGIT.search(text):
        yield from _numbered(text, low, mixed, words)
    if "corner" in words:
        for m in _CORNER.finditer(text):
            yield m.start(), m.end(), 0.7, "street corner"
    if not _GATES["zip"].isdisjoint(words):
        for m in pats["zip_cue"].finditer(low):
            yield m.start("z"), m.end("z"), 0.8, "ZIP or post code"
    caps = _cap_preps(text, low) if mixed else []
    yield from _cued(text, low, mixed, words, caps)
    if not _INST_PREPS.isdisjoint(words):
        yield from _institutions(text, low, mixed, caps)
    if "," in text:
        yield from _town_state(text)
    yield from _facilities_and_streets(text, low, mixed, words)
    if "st" in words:
        for m in pats["saint"].finditer(text):
            who = m.group("who")
            titled = m.group().startswith("St") and not who.isupper()
            if (
                titled if mixed else who.upper() in names_upper()
            ) and who.casefold() not in _soft_stops():
                yield m.start(), m.end(), 0.55, "care facility or parish named after a saint"
    if mixed:
        yield from _regions_in(text, low, words)
        kinds = ("line", "comma") if "\n" in text else ("comma",)
        for kind in kinds:
            for m in pats[kind].finditer(text):
                span = _trim(text, m.start("place"), m.end("place"), strict=False)
                if span:
                    yield *span, 0.5, "town or country on an address line"


def _facilities_and_streets(
    text: str, low: str, mixed: bool, words: frozenset[str]
) -> Iterator[tuple[int, int, float, str]]:
    """'Riverside Memorial Hospital', 'Quarry Road': found from the facility or street word
    (``str.find``), then the capitalised words right before it (a short backward window)."""
    pats = _patterns()
    back = pats["facility" if mixed else "ufacility"]
    for f in word_starts(low, _GATES["facility"], words):
        fac = pats["facility_word"].match(text, f)
        m = back.search(text, max(0, f - 80), f) if fac else None
        span = _trim_left(text, m.start("place"), m.end("place")) if m else None
        if span:
            yield *span, 0.55, "care facility"
    for f in word_starts(low, _NAMED_STREET_WORDS, words) if mixed else ():
        street = pats["street_word"].match(text, f)
        m = pats["street_name"].search(text, max(0, f - 60), f) if street else None
        if street is None or m is None:
            continue
        first = m.group("words").split(maxsplit=1)[0]
        if first.casefold() not in _soft_stops() and not first.isupper():
            yield m.start(), street.end(), 0.7, "street name"


def _numbered(
    text: str, low: str, mixed: bool, words: frozenset[str]
) -> Iterator[tuple[int, int, float, str]]:
    """Places that hold a number: streets, boxes, units, ZIP codes. Patterns are matched only
    at the start of each number (or just before it), never scanned across the text."""
    pats = _patterns()
    for d in _NUMBER.finditer(text):
        p = d.start()
        if p and (text[p - 1].isalnum() or text[p - 1] in "-/.:$"):
            continue
        after = text[d.end() : d.end() + 2]
        if (after[:1] in _NOT_PLACE_AFTER and after[1:].isdigit()) or after in _TIME_OR_SHARE:
            continue  # '100%', '9:30', '9am', '1,200', '2.5': amounts and times
        street = pats["street"].match(text, p) if mixed else None
        if street:
            yield p, street.end(), 0.9, "street address"
        elif mixed and _word_before(text, p) and (begin := _street_before(text, p)) is not None:
            yield begin, d.end(), 0.9, "street address"
        if mixed and d.end() - p <= 2 and _word_before(text, p) and _building_before(text, p):
            floor = _FLOOR_BEFORE.search(text, max(0, p - 40), p)
            if floor and _FLOOR_AFTER.match(text, d.end()) and _building(floor.group("p")):
                yield floor.start("p"), d.end(), 0.6, "building and floor after a cue"
        direction = pats["direction"].match(text, p)
        if direction:
            yield p, direction.end(), 0.8, "hospital unit"
        if len(d.group()) == 5 and _zip_context(text, p, d.end()):
            yield p, _zip_end(text, d.end()), 0.8, "ZIP or post code"
    for p in word_starts(low, _NUMBER_WORDS, words):
        word = _WORD_AT.match(low, p)
        key = word.group() if word else ""
        if mixed and key in _GATES["prefix"]:
            m = pats["prefix"].match(low, p)
            rest = m and pats["prefix_rest"].match(text, m.end())
            if m and rest:
                yield m.start(), rest.end(), 0.9, "street address"
        if key in _GATES["box"] and (m := pats["box"].match(low, p)):
            yield m.start(), m.end(), 0.9, "post-office or military mail box"
        if key in _GATES["unit"] and (m := pats["unit"].match(low, p)):
            yield m.start(), m.end(), 0.8, "room, bed, ward, unit or apartment"
    if "box" in words:
        for m in pats["po_box"].finditer(low):
            yield m.start(), m.end(), 0.9, "post-office or military mail box"


_NUMBER = re.compile(r"\d+")
_NUMBER_WORDS = _GATES["prefix"] | _GATES["box"] | _GATES["unit"]
_WORD_AT = re.compile(r"[^\W_]+|c/")
_NOT_PLACE_AFTER = frozenset(":,.")
_TIME_OR_SHARE = frozenset({"am", "pm", "AM", "PM", "% ", "%", "%.", "%,"})
_FLOOR_BEFORE = re.compile(
    r"(?<![\w/])(?i:to|on|from|at|transfer)[ \t]+(?i:the[ \t]+)?"
    r"(?P<p>[A-Za-z][a-z]{3,}|[A-Z]{4,})[ \t]$"
)
_FLOOR_AFTER = re.compile(rf"(?![\w/:.,-]?\d)(?![ \t]*(?i:{_UNITS_AFTER}|%)\b)(?!%)")


def _building_before(text: str, p: int) -> bool:
    """Cheap test first: is the word before the number at ``p`` one that can name a building?"""
    start, end = _word_left(text, p)
    return _building(text[start:end])


def _building(word: str) -> bool:
    key = word.casefold()
    return key not in _soft_stops() and key not in _abbreviations()


def _street_before(text: str, p: int) -> int | None:
    """Start of 'Lindevej 7' or '4821 Birkegade 12' when the number at ``p`` ends a street:
    a capitalised word ending like a street ('-katu', '-straße'), or one to three capitalised
    words right after a house or post number."""
    start, end = _word_left(text, p)
    word = text[start:end]
    if not _titled_word(word):
        return None
    if _TAIL.search(word) and word[1:].islower():
        return start
    first = start
    for _ in range(3):
        s, e = _word_left(text, first)
        word = text[s:e]
        if word.isdigit() and len(word) >= 3:
            return first
        if s == e or not _titled_word(word):
            return None
        first = s
    return None


def _word_left(text: str, p: int) -> tuple[int, int]:
    """The word that ends before the blanks before ``p`` (empty at a line start)."""
    end = p
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    if end in (p, 0):
        return end, end
    floor = max(0, end - 40)
    start = max(
        text.rfind(" ", floor, end), text.rfind("\t", floor, end), text.rfind("\n", floor, end)
    )
    return (start + 1 if start != -1 else floor), end


_TOKEN = re.compile(r"\S+")
_TAIL = re.compile(rf"\w(?:{_STREET_TAIL})$", re.IGNORECASE)


def _titled_word(tok: str) -> bool:
    """'Lindevej', 'Birkegade' — but not 'Rate', 'TLC' or other words we know."""
    return (
        tok[:1].isupper() and not tok.isupper() and tok.casefold().strip(".,") not in _soft_stops()
    )


def _word_before(text: str, p: int) -> bool:
    return p >= 2 and text[p - 1] in " \t" and text[p - 2].isalpha()


def _zip_context(text: str, a: int, b: int) -> bool:
    before = text[max(0, a - 2) : a]
    if len(before) < 2 or before[1] not in " \t" or not (before[0].isalpha() or before[0] == ","):
        return False
    after = text[b : b + 2].lstrip(" \t")
    return not after[:1].isdigit() and not (after[:1] == "-" and text[b + 1 : b + 2] != "-")


def _zip_end(text: str, b: int) -> int:
    plus4 = _PLUS4.match(text[b : b + 5])
    return b + 5 if plus4 else b


def _cued(
    text: str, low: str, mixed: bool, words: frozenset[str], caps: list[re.Match[str]]
) -> Iterator[tuple[int, int, float, str]]:
    """A town or facility after a preposition, with a verb such as 'lives', 'transferred'."""
    pats = _patterns()
    if _PREP_WORDS.isdisjoint(words):
        return
    # in mixed-case text without a verb of moving or living, only capitalised places count
    hits = _PREP.finditer(low) if not mixed else _mixed_preps(low, words, caps)
    for m in hits:
        verb = _verb_before(low, m.start())
        if not verb and low.startswith(("from", "in "), m.start()) and _kin_before(low, m.start()):
            place = pats["uname"].match(text, m.end())
            span = place and _trim(text, place.start(), place.end(), strict=True)
            first = text[span[0] : span[1]].split(maxsplit=1)[0].casefold() if span else ""
            if span and (not mixed or text[span[0]].isupper()) and not first.endswith(_VERBISH):
                yield *span, 0.6, "town after a relative's name or kinship word"
            continue
        if not mixed and not verb:
            continue
        if verb:
            place = pats["uname"].match(text, m.end())
        else:
            place = pats["name"].match(text, m.end())
            if (
                place
                and not verb
                and (
                    low[m.start() : m.end()].split(maxsplit=1)[0] not in _BARE
                    or not _titled(place.group())
                )
            ):
                continue
        if place:
            span = _trim(text, place.start(), place.end(), strict=verb or not mixed, strong=verb)
            to = low[m.start() : m.start() + 2] == "to"
            if span and (not verb or not to or _proper(text, span, mixed)):
                yield *span, 0.6, "town or place after a cue"


_STATE = re.compile(
    r"(?m),[ \t]*(?:A[LKZR]|C[AOT]|DE|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|"
    r"PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY]|DC)(?=[ \t]*(?:\d{5}|\)|$))"
)
_TOWN_BEFORE = re.compile(r"(?<![\w'’-])[A-Za-z][\w'’.-]*(?:[ \t]+[A-Za-z][\w'’.-]*){0,2}$")


@cache
def _town_stops() -> frozenset[str]:
    return _hard_stops() | _abbreviations()


def _town_state(text: str) -> Iterator[tuple[int, int, float, str]]:
    """'Springvale, OH', 'MIDDLE RIVER, MD': a town before a comma and a US state code."""
    stops = _town_stops()
    for m in _STATE.finditer(text):
        floor = max(0, m.start() - 40)
        town = _TOWN_BEFORE.search(text[floor : m.start()])
        if town is None:
            continue
        words = list(_TOKEN.finditer(text, floor + town.start(), m.start()))
        for i in range(len(words) - 1, -1, -1):
            if words[i].group().casefold().strip(".") in stops:
                words = words[i + 1 :]
                break
        if not words:
            continue
        if len(words[0].group()) < 4 or not words[0].group()[0].isupper():
            continue
        if words[0].group().upper() in first_names() and len(words) > 1:
            continue  # 'John Smith, MD': a person and a degree
        yield words[0].start(), m.end(), 0.6, "town and state"


_INST_PREPS = frozenset({"to", "at", "from", "on", "by", "in"})


@cache
def _institution_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """An abbreviated facility ('to GH', 'AT GBMC') and a building with a floor ('to Quillan 2',
    'ON HARTLEY 6') after a preposition."""
    prep = r"(?<![\w/])(?i:to|at|from|by|in|@)[ \t]+(?i:the[ \t]+)?"
    abbrev = re.compile(rf"{prep}(?P<p>[A-Z]{{2,4}}|[a-z]{{2,3}})(?![\w/'’-]|\.\w)")
    floor = re.compile(
        rf"(?<![\w/])(?i:to|on|from|at|transfer)[ \t]+(?i:the[ \t]+)?(?P<p>[A-Za-z][a-z]{{3,}}|[A-Z]{{4,}})"
        rf"[ \t]?(?P<n>\d{{1,2}})(?![\w/:.,-]?\d)(?![ \t]*(?i:{_UNITS_AFTER}|%)\b)(?!%)"
    )
    return abbrev, floor


_UPTOK = re.compile(r"[A-Z]{2,4}(?![\w/'’-]|\.\w)")
_ABBREV_PREPS = frozenset({"to", "at", "from", "by", "in", "@"})


def _institutions(
    text: str, low: str, mixed: bool, caps: list[re.Match[str]]
) -> Iterator[tuple[int, int, float, str]]:
    stops = _soft_stops()
    if mixed:  # an upper-case token right after 'to', 'at the' … (found with the other cues)
        for prep in caps:
            m = _UPTOK.match(text, prep.end())
            key = m.group().casefold() if m else ""
            word = low[prep.start() : prep.start() + 5].split(maxsplit=1)[0]
            if m and word in _ABBREV_PREPS and key not in stops and key not in _abbreviations():
                yield m.start(), m.end(), 0.55, "abbreviated care facility after a cue"
        return
    abbrev, floor = _institution_patterns()
    for m in abbrev.finditer(text):
        if (not mixed or m.group("p").islower()) and not _verb_before(low, m.start() + 1):
            continue
        if m.group("p").casefold() not in stops and m.group("p").casefold() not in _abbreviations():
            yield m.start("p"), m.end("p"), 0.55, "abbreviated care facility after a cue"
    for m in floor.finditer(text):
        if m.group("p").casefold() not in stops and m.group("p").casefold() not in _abbreviations():
            yield m.start("p"), m.end("n"), 0.6, "building and floor after a cue"


@cache
def _abbreviations() -> frozenset[str]:
    return word_list("clinical_abbreviations")


_AFTER_VERB = re.compile(
    rf"(?:[ \t]+(?:{'|'.join(sorted(_VERB_FILLERS))})\b){{0,3}}[ \t]+(?=(?:from|in|at|near|to|on|by)\b)"
)


def _mixed_preps(low: str, words: frozenset[str], caps: list[re.Match[str]]) -> list[re.Match[str]]:
    """Prepositions worth a look in mixed-case text: before a capitalised word, or after a verb
    of moving or living (found from the verbs present, not by scanning every preposition)."""
    hits = {m.start(): m for m in caps}
    for verb in _VERBS.intersection(words):
        pos = low.find(verb)
        while pos != -1:
            end = pos + len(verb)
            gap = _AFTER_VERB.match(low, end) if pos == 0 or not low[pos - 1].isalnum() else None
            prep = gap and _PREP.match(low, gap.end())
            if prep and prep.start() not in hits:
                hits[prep.start()] = prep
            pos = low.find(verb, end)
    return [hits[k] for k in sorted(hits)]


def _proper(text: str, span: tuple[int, int], mixed: bool) -> bool:
    """After 'to' (which also starts infinitives: 'went to check'), does the word look like a
    place: capitalised in mixed-case text, a census name (many towns are surnames), a short
    abbreviation ('GH'), or followed by a unit number or a facility word ('… 2', '… hospital')?"""
    first = text[span[0] : span[1]].split(maxsplit=1)[0].strip(".,'")
    if first.casefold() in _soft_stops():
        return False
    if mixed and first[:1].isupper() and (not first.isupper() or len(first) >= 3):
        return True
    short = len(first) == 2 or (len(first) <= 4 and first.isupper())
    if first.upper() in names_upper() or (short and first.isalpha()):
        return True
    return bool(_PLACE_AFTER.match(text, span[1]))


_PLACE_AFTER = re.compile(
    r"[ \t]*(?:\d|(?i:hospital|hosp|rehab|memorial|medical|med center|er|ew|ed|campus)\b)"
)


_VERBISH = ("ed", "ing", "ke", "ve", "se")


def _kin_before(low: str, a: int) -> bool:
    """True when a kinship word (or one plus a first name) ends right before ``a``: 'son in …',
    'daughter Ann from …'."""
    words = [w.strip('.,:;-()"') for w in low[max(0, a - 24) : a].split()[-2:]]
    return bool(words) and (
        words[-1] in _KIN_WORDS
        or (len(words) == 2 and words[0] in _KIN_WORDS and words[1] in _lex_lower())
    )


@cache
def _lex_lower() -> frozenset[str]:
    return frozenset(n.casefold() for n in first_names())


def _verb_before(low: str, a: int) -> bool:
    """True when a verb of moving or living ends right before ``a`` ('transferred back to')."""
    words = [w.strip(".,:;-") for w in low[max(0, a - 28) : a].split()[-3:]]
    while words and words[-1] in _VERB_FILLERS and words[-1] not in _VERBS:
        words.pop()
    return bool(words) and words[-1] in _VERBS


def _regions_in(
    text: str, low: str, words: frozenset[str]
) -> Iterator[tuple[int, int, float, str]]:
    index = _region_index()
    for first in words & _region_firsts():
        for region in index[first]:
            pos = low.find(region)
            while pos != -1:
                end = pos + len(region)
                inside = (pos == 0 or not low[pos - 1].isalnum()) and (
                    end == len(low) or not low[end].isalnum()
                )
                if inside and text[pos].isupper():
                    yield pos, end, 0.45, "country or state"
                pos = low.find(region, end)


def _titled(words: str) -> bool:
    """Title-case or non-ASCII words: 'Dayton', 'Århus' (not 'NSR', 'PS')."""
    first = words.split(maxsplit=1)[0]
    return not first.isascii() or not first.isupper()


_SEP = re.compile(r"[\s,>?*]*(?:(?:nan|[A-Z]{2})[\s,>?*]+)?")


@cache
def _bridge() -> re.Pattern[str]:
    """Between two pieces of one address: separators and up to three capitalised words (a town
    that no cue announced: '… Apt. 819 Rzeszów Poland')."""
    up = upper_class()
    word = rf"(?:nan|[{up}][^\W\d_]*(?:[-'’][^\W\d_]+)*\.?|\([A-Za-z]+\))"
    return re.compile(rf"[\s,>?*]*(?:{word}[\s,>?*]+){{0,3}}")


_LEAD_NUM = re.compile(r"(\d{3,6})[ \t]+(?=\S*\d|\S+[^\n]*\d)")
_LOOSE = ("town or country on an address line",)


def _pieces(document: Document) -> list[tuple[int, int, float, str]]:
    """Non-overlapping place pieces (normalised offsets), strongest first, people excluded."""
    candidates = sorted(_candidates(document), key=lambda c: (-c[2], c[0] - c[1]))
    if not candidates:
        return []
    norm = document.norm
    persons = people(document)
    taken = bytearray(len(document.text) + 1)  # 1 where a person was found (original offsets)
    for person in persons:
        taken[person.span.start : person.span.end] = b"\x01" * len(person.span)
    used = bytearray(len(document.norm.text) + 1)
    out: list[tuple[int, int, float, str]] = []
    for a, b, score, why in candidates:
        if used.find(1, a, b) != -1:
            continue
        orig = norm.span(a, b) if persons else None
        if orig is not None and taken.find(1, orig.start, orig.end) != -1:
            continue
        used[a:b] = b"\x01" * (b - a)
        out.append((a, b, score, why))
    return sorted(out)


def _blocks(
    text: str, pieces: list[tuple[int, int, float, str]]
) -> list[list[tuple[int, int, float, str]]]:
    """Group pieces that follow each other with only separators between them."""
    blocks: list[list[tuple[int, int, float, str]]] = []
    for piece in pieces:
        if blocks:
            last = blocks[-1][-1]
            near = piece[0] - last[1] <= 12
            gap = (_SEP if near else _bridge()).fullmatch(text, last[1], piece[0])
            if (
                gap is not None
                and piece[0] - last[1] <= 48
                and (near or piece[2] >= 0.8 or last[2] >= 0.8)
            ):
                blocks[-1].append(piece)
                continue
        blocks.append([piece])
    return blocks


_LEAD = re.compile(r"(?<![\w.-])\d{3,6}[ \t]+$")
_LETTER = re.compile(r"[^\W\d_]")
_PLUS4 = re.compile(r"-\d{4}\b")


def _emit(
    text: str, pieces: list[tuple[int, int, float, str]]
) -> Iterator[tuple[int, int, float, str]]:
    """One address block: inline or on one line as one span, laid out on lines piece by piece."""
    anchored = any(p[2] >= 0.8 for p in pieces)
    block = pieces if anchored else [p for p in pieces if p[3] not in _LOOSE]
    if not block:
        return
    lead = _LEAD.search(text[max(0, block[0][0] - 8) : block[0][0]])
    start = block[0][0] - len(lead.group()) if lead and anchored else block[0][0]
    line_start = max(text.rfind("\n", max(0, start - 200), start) + 1, start - 200, 0)
    inline = bool(_LETTER.search(text, line_start, start))
    multiline = "\n" in text[start : block[-1][1]]
    if anchored and (inline or not multiline) and (len(block) > 1 or lead):
        yield start, block[-1][1], max(p[2] for p in block), "street address"
        return
    if lead and anchored:
        yield start, start + len(lead.group().strip()), 0.8, "house or post number"
    known = regions()
    for a, b, score, why in block:
        m = _LEAD_NUM.match(text, a, b) if why == "street address" and anchored else None
        begin = a
        if m and not inline:
            yield a, m.end(1), 0.8, "house or post number"
            begin = m.end()
        if text[begin:b].casefold() in known:
            yield (
                begin,
                b,
                *((0.6, "country or state") if len(block) > 1 else (0.35, "coarse place")),
            )
        else:
            yield begin, b, score, why


def places(document: Document) -> tuple[tuple[int, int, float, str], ...]:
    """Place spans (normalised offsets): an inline address as one span, an address laid out on
    its own lines line by line; cached per document."""
    cached = document.memo("places")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    text = document.norm.text
    out: list[tuple[int, int, float, str]] = []
    for block in _blocks(text, _pieces(document)):
        out.extend(_emit(text, block))
    result = tuple(out)
    document.remember("places", result)
    return result


@detector("places", codes=("phi.location",))
def place_finder(document: Document) -> Iterator[Finding]:
    """Street addresses, post codes, rooms, beds, wards, towns and facilities (phi.location)."""
    norm = document.norm
    for a, b, score, why in places(document):
        yield Finding("phi.location", norm.span(a, b), score, "places", why)


document_code(
    "phi.location",
    summary="A street address, post code, room, bed, ward or unit, a town after a cue, or a "
    "care facility; countries and states alone are reported below the default threshold.",
    example="She lives at 42 Maple Street in Springfield and is in Room 4B.",
    false_positives="The organisation's own addresses and campus names unless listed in "
    "allow.places; capitalised words after 'in' or 'from' that are not places; numbers "
    "followed by a direction ('5 West' as a unit); an unfamiliar upper-case abbreviation after "
    "'to' or 'at' ('to XYZ'), or a word and a small number after 'to'/'on' ('on Hartwell 2'), "
    "that is not a facility.",
    details="Cues for care facilities: a name before 'Hospital', 'Rehab', 'House' …; a "
    "2-4 letter abbreviation after 'to', 'at', 'from' (in upper-case notes only after a verb "
    "such as 'transferred'); a building and floor ('transfer to Hartwell 2'). Towns: after "
    "'lives in', 'based in', a relative ('son in …', 'daughter from …'), before a comma and a US "
    "state code ('Glenmore, MD'); 'the corner of … and …'.",
)
