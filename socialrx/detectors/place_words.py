"""Words, patterns and stop lists shared by the places modules (``streets``, ``facilities``,
``towns``): street, unit and facility vocabularies, verbs of moving or living, the compiled
place patterns, the region index, and ``trim``/``trim_left`` which shrink a span to the words
that can name a place. Everything is built lazily; nothing happens at import time.
"""

from __future__ import annotations

import re
from functools import cache

from socialrx.detectors.wordlists import regions, upper_class, word_list

_STREET_END = (
    r"street|st|avenue|ave|av|road|rd|lane|ln|drive|dr|way|boulevard|blvd|place|pl|court|ct|"
    r"terrace|ter|circle|cir|crescent|close|square|sq|parkway|pkwy|highway|hwy|trail|row|mews|"
    r"alley|path|pike|plaza|loop|run|walk|grove|gardens|green|greens|hill|hills|park|parks|"
    r"point|points|ridge|view|vista|heights|crossing|pass|rapids|bridge|flat|flats|mill|mills|"
    r"route|junction|harbor|harbour|station|port|quay|wharf|manor|meadows?|springs?|"
    r"valley|villas?|fields?|glen|cove|creek|landing|estates?|oval|esplanade"
)
_NAMED_STREET = r"Street|Road|Avenue|Lane|Boulevard|Drive|Terrace|Crescent"
NAMED_STREET_WORDS = frozenset(w.casefold() for w in _NAMED_STREET.split("|"))
_STREET_PREFIX = (
    r"rue|via|viale|calle|avda|avenida|av|avenue|rua|ul|piazza|piazzale|strada|largo|travessa|"
    r"carrer|c/|plac|praça|praca|boulevard|bd|chemin|allée|allee|corso|vicolo|camino|paseo|"
    r"rambla|ronda|plaza|pasaje|aleja|ulica|al"
)
STREET_TAIL = (
    r"str\.?|straße|strasse|stra[sß]e|gade|vej|vei|veien|vegen|katu|tie|gata|gatan|vägen|"
    r"weg|laan|straat|plein|gasse|utca|u\.|ulica|cesta|tee|vegur|stræti|gränd|allé|gränd|"
    r"torget|torg|platz|damm|dijk|kade|singel|steeg"
)
_UNIT = r"apt|apartment|suite|ste|unit|room|rm|bed|ward|floor|fl|bldg|building|lot"
UNITS_AFTER = (
    r"mg|mcg|ug|ml|cc|l|units?|u|hrs?|hours?|days?|d|min|mins|minutes|am|pm|x|mm|cm|kg|lbs?|"
    r"liters?|lpm|times|weeks?|wks?|months?|years?|yrs?|y/?o|sec|seconds|percent|meq|gm?|mmhg"
)
_FACILITY = (
    r"hospital|hosp|memorial|rehab|rehabilitation|medical center|med center|medical centre|"
    r"nursing home|nursing facility|manor|clinic|health center|va|infirmary|hospice|house"
)


VERBS = frozenset(
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
VERB_FILLERS = frozenset(
    {"back", "over", "here", "home", "by", "up", "out", "today", "tomorrow", "tonight", "now"}
    | {"directly", "eventually", "then", "the"}
)
PREP = re.compile(r"\b(?:from|in|at|near|to|on|by)\b[ \t]+(?:the[ \t]+)?|@[ \t]*")
BARE = frozenset({"from", "in", "at", "near"})
PREP_WORDS = frozenset({"from", "in", "into", "at", "near", "to", "on", "by"})

DIGIT = re.compile(r"\d")
CORNER = re.compile(r"\b[Tt]he corner of [^\W_][^.?!,;:\n]{2,80}?(?=[ \t]*(?:[.?!,;:\n]|$))")
GATES = {
    "prefix": frozenset(re.split(r"\W+", _STREET_PREFIX)) - {""},
    "box": frozenset({"psc", "unit", "usns", "usnv", "uss", "uscgc", "usgc"}),
    "unit": frozenset(re.split(r"\W+", _UNIT)) - {""},
    "zip": frozenset({"zip", "zipcode", "postal", "postcode", "post"}),
    "facility": frozenset(re.split(r"\W+", _FACILITY)) - {"", "center", "centre", "home"},
}


@cache
def patterns() -> dict[str, re.Pattern[str]]:
    """The compiled place patterns by name."""
    return {**_number_patterns(), **_name_patterns()}


@cache
def _fragments() -> dict[str, str]:
    """Pattern pieces: a capitalised word, a name of up to five of them, a house number …"""
    up = upper_class()
    cap = rf"[{up}][^\W\d_]*(?:['’.-][^\W\d_]+)*\.?"
    low = r"(?:de|del|la|le|di|da|du|des|dei|do|dos|das|von|van|der|am|an|of|the|el)"
    name = rf"{cap}(?:[ \t]+(?:{low}[ \t]+)?{cap}){{0,4}}"
    num = r"\d{1,6}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?"
    unit = rf"(?:,?[ \t]+(?i:apt|suite|ste|unit|#)\.?[ \t]*#?[ \t]*{num})?"
    uword = r"[A-Za-z][A-Za-z'.-]*"
    return {
        "up": up,
        "cap": cap,
        "low": low,
        "name": name,
        "num": num,
        "unit": unit,
        "uword": uword,
    }


def _number_patterns() -> dict[str, re.Pattern[str]]:
    """Patterns of places that hold a number (streets, boxes, units, ZIP codes)."""
    f = _fragments()
    cap, low, name, num, unit = f["cap"], f["low"], f["name"], f["num"], f["unit"]
    return {
        "street": re.compile(
            rf"{num}(?:[ \t]+{num})?,?[ \t]+(?:{name}[ \t]+)(?i:{_STREET_END})\b\.?{unit}"
            rf"|{num}[ \t]+(?:{cap}[ \t]+){{0,3}}(?:{cap}(?i:{STREET_TAIL}))[ \t]+{num}\b\.?"
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
    }


def _name_patterns() -> dict[str, re.Pattern[str]]:
    """Patterns of places named in words (towns, facilities, street names, address lines)."""
    f = _fragments()
    up, cap, name, uword = f["up"], f["cap"], f["name"], f["uword"]
    return {
        "name": re.compile(name),
        "uname": re.compile(rf"{uword}(?:[ \t]+{uword}){{0,2}}"),
        # matched backwards from a facility or street word found with str.find: the words
        # that end right before it (``$`` is the end of the window searched)
        "facility": re.compile(rf"(?P<place>(?:\b(?i:st)\.?[ \t]+)?{name})[ \t]+$"),
        # "facility" as two patterns that each start with a character class, so that a search
        # skips ahead to the characters a match can start with ('St.' or a capital) instead
        # of trying the whole pattern at every position of the window (see ``back_search``)
        "facility_st": re.compile(rf"(?P<place>[sSſ](?<!\w.)[tT]\.?[ \t]+{name})[ \t]+$"),
        "facility_name": re.compile(rf"(?P<place>{name})[ \t]+$"),
        "ufacility": re.compile(
            rf"(?i)(?P<place>(?:\bst\.?[ \t]+)?{uword}(?:[ \t]+{uword})?)[ \t]+$"
        ),
        "facility_word": re.compile(rf"(?i:{_FACILITY})\b"),
        # the capital first, then the word boundary before it (as a look-behind), so that a
        # search skips ahead to capitals: ``\b{cap}`` with ``\b`` as ``(?<!\w)`` after it
        "street_name": re.compile(
            rf"(?P<words>[{up}](?<!\w.){cap[len(up) + 2 :]}(?:[ \t]+{cap}){{0,2}})[ \t]+$"
        ),
        "street_word": re.compile(rf"(?:{_NAMED_STREET})\b"),
        "saint": re.compile(
            rf"\b(?:St|ST|st)\.?[ \t]+(?P<who>[{up}][^\W\d_]+)(?:['’]s)?(?![^\W\d_])"
        ),
        "line": re.compile(
            rf"(?m)^[ \t>?*-]*(?P<place>{name})(?:,?[ \t]*[A-Z]{{2}})?(?:[ \t]+\d{{4,6}})?[ \t]*$"
        ),
        "comma": re.compile(rf",[ \t]*(?P<place>{name})"),
    }


def back_search(text: str, start: int, end: int) -> re.Match[str] | None:
    """``patterns()["facility"].search(text, start, end)``, faster: the leftmost of the matches
    of its two branches ('St. Agnes' first when both start at the same place, as the optional
    'St.' of the one pattern is greedy)."""
    pats = patterns()
    name = pats["facility_name"].search(text, start, end)
    window = text[start:end].lower()
    if "st" not in window and "ſt" not in window:  # ('ſ' is an 's' to an ignore-case match)
        return name
    saint = pats["facility_st"].search(text, start, end)
    if saint is None or (name is not None and name.start() < saint.start()):
        return name
    return saint


@cache
def region_firsts() -> frozenset[str]:
    return frozenset(region_index())


@cache
def region_index() -> dict[str, tuple[str, ...]]:
    """Lower-case region names keyed by their first word."""
    index: dict[str, list[str]] = {}
    for region in regions():
        index.setdefault(region.split()[0], []).append(region)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}


@cache
def hard_stops() -> frozenset[str]:
    """Words that never belong to a place name."""
    return word_list("function_words") | word_list("clinical_words") | _NOT_PLACE


@cache
def soft_stops() -> frozenset[str]:
    """Words that end a place name unless a strong cue ('transferred to', '… Hospital') says
    a place is there."""
    return hard_stops() | word_list("common_words") | word_list("org_words")


_NOT_PLACE = frozenset({"plan", "pt", "patient", "family", "today", "campus", "nurse"})


_SAINT = frozenset(("St.", "St"))


def trim(text: str, a: int, b: int, strict: bool, strong: bool = False) -> tuple[int, int] | None:
    """Shrink ``[a, b)`` to the words that can name a place; None when nothing is left."""
    stops = hard_stops() if strong else soft_stops()
    kept: list[tuple[int, int]] = []
    for m in TOKEN.finditer(text, a, b):
        blocked = m.group().casefold().strip(".'\",;:()") in stops
        if blocked and not kept:
            if m.group() in _SAINT and text[m.end() : b].lstrip()[:1].isupper():
                kept.append(m.span())  # "St. Luke's", "St Paul": a saint's name, kept whole
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


def trim_left(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The words right before a facility word, back to the first word that cannot name it."""
    stops = _left_stops()
    tokens = [t.span() for t in TOKEN.finditer(text, a, b)]
    kept: list[tuple[int, int]] = []
    for s, e in reversed(tokens):
        if text[s:e].casefold().strip(".'\",;:()") in stops:
            break
        kept.insert(0, (s, e))
    return (kept[0][0], kept[-1][1]) if kept else None


@cache
def _left_stops() -> frozenset[str]:
    """Words that end a facility name read backwards: stop words and verbs of moving."""
    return hard_stops() | VERBS


@cache
def abbreviations() -> frozenset[str]:
    return word_list("clinical_abbreviations")


TOKEN = re.compile(r"\S+")
