"""Names in runs of capitalised words (pass 2 of the names detector, mixed-case text only).

Runs of capitalised words are split at function words and dropped when they name an
organisation, a street or a region; they are scored by the 1990 US Census first/last name lists,
by the word before the run ("Dr.", "Mayor", "in"), by what follows it ("'s", "said", "lives",
"is very …") and by whether a sentence starts there.
"""

from __future__ import annotations

import re
from functools import cache

from socialrx.detectors.name_cues import OFFICIAL, STAFF, TITLE
from socialrx.detectors.person import Found, Role, put
from socialrx.detectors.wordlists import Lexicon, ends_in_region, lexicon, upper_class

__all__ = ["from_runs", "run_pattern"]


@cache
def run_pattern() -> re.Pattern[str]:
    """Runs of capitalised words, with middle initials and lower-case name particles."""
    up = upper_class()
    rest = r"[^\W\d_]*(?:['’][^\W\d_]+)?(?:-[^\W\d_]+)*"
    word = rf"[{up}]{rest}"
    particle = r"(?:van|von|de|der|den|del|della|da|di|du|dos|das|la|le|ten|ter|bin|ibn|al|el)"
    sep = rf"[ \t]+(?:[{up}]\.?[ \t]+)?(?:{particle}[ \t]+)?"
    # the capital comes first (the engine then skips ahead to capitals), the look-behind second
    return re.compile(rf"[{up}](?<![\w@#'’.-].){rest}(?:{sep}{word}){{0,3}}(?![\w@])")


@cache
def _ascii_run_pattern() -> re.Pattern[str]:
    """``run_pattern`` for ASCII text: the same matches there, but ``re`` tests its letter and
    word classes against the ASCII table (about a tenth faster)."""
    return re.compile(run_pattern().pattern, re.ASCII)


_RIGHT_PERSON = re.compile(
    r"^(?:['’]s\b|:(?= [A-Z\"])| [A-Z]\.(?= |,|$)|,? (?:is|was|has|had|will|would|said|says|told|lives|lived|spent|began|"
    r"called|shouted|and (?:I|my|his|her)|just|who|from|listed|explained|employs|reports|"
    r"states|stated|wishes|verbalizes|does not|is aware|agrees|understands|requests))"
)
_STRONG_RIGHT = re.compile(
    r"^(?:['’]s (?:kid|son|daughter|wife|husband|mother|father|killers?|song|novel)|"
    r",? (?:spent|began|shouted|lives|lived|had given|said|says|told|will be talking|just has|"
    r"is from|is very|explained|listed|can I|could I|would you|speak|reports|states|stated|"
    r"wishes|verbalizes|does not|is aware|agrees|understands|requests))\b"
)
_STRONG_AT = re.compile(_STRONG_RIGHT.pattern[1:])  # the same, matched in place (no '^')
_STRONG_WORDS = frozenset(re.findall(r"[a-z]+", _STRONG_RIGHT.pattern)) - {
    *("s", "i", "is", "b", "be", "not", "you", "had", "just", "will")  # each phrase keeps a word
}
_RIGHT_STAFF = re.compile(r"^,? ?(?:MD|RN|NP|PA-C|DO|PhD|DDS|FACS|LPN|MSN|DNP)\b")


def from_runs(text: str, words: frozenset[str], found: Found) -> None:
    lex = lexicon()
    maybe = _maybe_upper()
    index = found.index
    strong = not _STRONG_WORDS.isdisjoint(words)
    # in long texts repeated runs (same words, same surroundings) are judged once
    seen: dict[str, list[tuple[int, int, tuple[Role, float, str]]]] | None = (
        {} if len(text) > 4096 else None
    )
    pattern = _ascii_run_pattern() if text.isascii() else run_pattern()
    for m in pattern.finditer(text):
        run = m.group()
        # a lone capitalised word that cannot be a name (the common case) is skipped, unless
        # what follows is what people do ('Zorvath lives on …'); ASCII words are settled by
        # one set test (``_maybe_upper``)
        if (
            " " not in run
            and "\t" not in run
            and (_bare(run).upper() not in maybe if run.isascii() else not _maybe(run, lex))
            and not (strong and _STRONG_AT.match(text, m.end()) and _single_ok(run, lex))
        ):
            continue
        start, end = m.span()
        if index.covers(start, end):
            continue  # already found by a cue
        if seen is None:
            readings = _run_readings(text, m, lex, start)
        else:
            key = text[max(0, start - 24) : end + 24] if start >= 24 else text[: end + 24]
            if key not in seen:
                seen[key] = _run_readings(text, m, lex, start)
            readings = seen[key]
        for a, b, verdict in readings:
            if not index.overlapping(start + a, start + b):
                put(found, (start + a, start + b), *verdict)


@cache
def _maybe_upper() -> frozenset[str]:
    """The upper-case ASCII words for which ``_maybe`` holds (census names and courtesy titles
    that are neither function nor common words)."""
    lex = lexicon()
    return frozenset(
        up
        for up in lex.firsts | lex.lasts | _TITLES_UP
        if up.isascii() and _maybe(up.capitalize(), lex)
    )


def _run_readings(
    text: str, m: re.Match[str], lex: Lexicon, start: int
) -> list[tuple[int, int, tuple[Role, float, str]]]:
    """The segments of a capitalised run that read as names (offsets relative to ``start``)."""
    run = m.group()
    if " " not in run and "\t" not in run:
        return _single_reading(text, run, start, m.end(), lex)
    out: list[tuple[int, int, tuple[Role, float, str]]] = []
    for a, b, toks in _segments(m, lex):
        if all(t.isupper() for t in toks):
            continue
        verdict = _judge_run(text, a, b, toks, lex)
        if verdict is not None:
            out.append((a - start, b - start, verdict))
    return out


def _single_reading(
    text: str, run: str, start: int, end: int, lex: Lexicon
) -> list[tuple[int, int, tuple[Role, float, str]]]:
    """``_run_readings`` of a run of one word (no full stop: the run pattern puts one only
    after a middle initial), as ``_segments`` would split it: no organisation, street,
    function or region word, not all capitals, not before a house number."""
    low = run.casefold()
    if (
        low in lex.orgs
        or low in lex.streets
        or low in lex.stop
        or len(run) < 2
        or run.isupper()
        or _NUMBER_AFTER.match(text, end)
        or ends_in_region([low], lex.regions)
    ):
        return []
    verdict = _judge_run(text, start, end, [run], lex)
    return [] if verdict is None else [(0, end - start, verdict)]


def _single_ok(word: str, lex: Lexicon) -> bool:
    low = word.casefold()
    return (
        len(word) > 2
        and word[1:].islower()
        and low not in lex.stop
        and low not in lex.common
        and not low.endswith(_ENGLISH_ENDINGS)
    )


_ENGLISH_ENDINGS = ("ing", "tion", "sion", "ness", "ment", "ity", "ship", "ance", "ence", "ology")


def _maybe(word: str, lex: Lexicon) -> bool:
    """Could this lone capitalised word be a name (cheap set tests only)?"""
    up = word.upper()
    if up not in lex.firsts and up not in lex.lasts and word.isascii() and up not in _TITLES_UP:
        return False
    low = word.casefold()
    return low not in lex.stop and low not in lex.common and len(word) >= 2


_TITLES_UP = frozenset({"MR", "MRS", "MS", "MISS", "DR"})
_STAFF_WORDS = frozenset(w for w in re.split(r"[^a-z-]+", STAFF) if w)
_OFFICIAL_WORDS = frozenset(w for w in re.split(r"[^a-z-]+", OFFICIAL) if w)
_TITLE_WORDS = frozenset(w for w in re.split(r"[^a-z]+", TITLE) if w)
_PLACE_WORDS = frozenset(
    {"in", "from", "at", "near", "into", "across", "around", "via", "to", "toward", "towards"}
    | {"of", "on"}
)
_AFTER_NUMBER = re.compile(r"\d\.?,[ \t]*$")


def _segments(m: re.Match[str], lex: Lexicon) -> list[tuple[int, int, list[str]]]:
    """Split a capitalised run at function words; drop organisation and region runs."""
    text = m.string
    start, end = m.span()
    toks = text[start:end].split()  # a run holds no white space but blanks between words
    lows = [t.casefold() for t in toks]
    for low in lows:
        if low.rstrip(".") in lex.orgs or low in lex.streets:
            return []
    if _NUMBER_AFTER.match(text, end):
        return []  # "Lindevej 7": a street and house number
    spans: list[tuple[int, int]] = []
    pos = start
    for tok in toks:
        pos = text.find(tok, pos)
        spans.append((pos, pos + len(tok)))
        pos += len(tok)
    out: list[tuple[int, int, list[str]]] = []
    stop = lex.stop
    seg: list[int] = []  # indexes into toks
    for i in range(len(toks) + 1):
        if i < len(toks):
            size = len(toks[i].rstrip("."))
            if size > 1 and _bare(lows[i]).rstrip(".") not in stop:
                seg.append(i)
                continue
            if size == 1 and seg:  # a middle initial
                continue
        while seg and toks[seg[0]].isupper():
            seg.pop(0)
        if (
            len(seg) > 1
            and _opener(toks[seg[0]], toks[seg[1]], lex)
            and _starts_sentence(text, spans[seg[0]][0])
        ):
            seg.pop(0)  # "Remember Tyler": a capitalised sentence opener, then the name
        while seg and toks[seg[-1]].isupper():
            seg.pop()
        if seg and not ends_in_region([lows[j] for j in seg], lex.regions):
            out.append((spans[seg[0]][0], spans[seg[-1]][1], [toks[j] for j in seg]))
        seg = []
    return out


_NUMBER_AFTER = re.compile(r"[ \t]*,?[ \t]*\d")


def _starts_sentence(text: str, a: int) -> bool:
    return _context(text, a)[1]


def _opener(word: str, following: str, lex: Lexicon) -> bool:
    """Whether ``word``, opening a sentence before ``following``, is an ordinary word rather than
    part of the name: a common word, or a word no census list knows before a first name."""
    if word.casefold() in lex.common:
        return True
    up = word.upper()
    return up not in lex.firsts and up not in lex.lasts and _bare(following).upper() in lex.firsts


def _context(text: str, a: int) -> tuple[str, bool]:
    """The lower-case word before ``a`` and whether a sentence (or line) starts at ``a``."""
    before = text[max(0, a - 24) : a]
    stripped = before.rstrip()
    start = not stripped or stripped[-1] in '.!?:;"“(>' or "\n" in before[len(stripped) :]
    words = stripped.rstrip(".,:").rsplit(None, 1)
    return (words[-1].casefold() if words else ""), start


def _bare(word: str) -> str:
    """``word`` without a possessive "'s" ("Ellie's" → "Ellie")."""
    return word[:-2] if len(word) > 3 and word[-2:] in ("'s", "’s") else word


def _judge_run(
    text: str, a: int, b: int, toks: list[str], lex: Lexicon
) -> tuple[Role, float, str] | None:
    """How a segment of a capitalised run reads: by the word before it, then by its words (a
    possessive "'s" counts as what follows the name)."""
    prev, start = _context(text, a)
    if _bare(toks[-1]) != toks[-1]:
        toks = [*toks[:-1], _bare(toks[-1])]
        b -= 2
        if toks[-1].isupper():
            return None  # "ABG's", "MDI's": an abbreviation's plural
    if prev in ("st", "st.", "saint"):
        return None  # 'St. Agnes': a hospital or parish named after a saint
    if "," in text[max(0, a - 6) : a] and _AFTER_NUMBER.search(text, max(0, a - 6), a):
        return None  # '12 Oak Road, Paris': a town after a street address
    right = text[b : b + 24]
    if prev in _STAFF_WORDS or _RIGHT_STAFF.match(right):
        return "staff", 0.9, "name of a staff member (professional title)"
    if prev in _OFFICIAL_WORDS:
        return "official", 0.9, "name of a public official (office title)"
    if prev in _TITLE_WORDS:
        return "unknown", 0.9, "person name after a courtesy title"
    if len(toks) >= 2:
        return _judge_full(toks, right, prev, start, lex)
    return _judge_single(toks[0], right, prev, start, lex)


def _judge_full(
    toks: list[str], right: str, prev: str, start: bool, lex: Lexicon
) -> tuple[Role, float, str] | None:
    """Two or more capitalised words (``right``: what follows; ``prev``: the word before)."""
    low = [t.casefold() for t in toks]
    if toks[0].upper() in lex.firsts and low[0] not in lex.common:
        return "unknown", 0.85, "first name and surname"
    person_right = bool(_RIGHT_PERSON.match(right))
    place_left = prev in _PLACE_WORDS
    named = toks[0].upper() in lex.firsts or toks[-1].upper() in lex.lasts
    if named and not place_left and (person_right or not start) and low[0] not in lex.common:
        return "unknown", 0.7, "capitalised words that read as a full name"
    if person_right and not place_left and not any(t in lex.common for t in low):
        return "unknown", 0.6, "capitalised words used as a person's name"
    return None


def _judge_single(
    tok: str, right: str, prev: str, start: bool, lex: Lexicon
) -> tuple[Role, float, str] | None:
    """One capitalised word (``right``: what follows; ``prev``: the word before)."""
    low = tok.casefold()
    first_ok = tok.upper() in lex.firsts and low not in lex.common
    person_right = bool(_RIGHT_PERSON.match(right))
    if prev in _PLACE_WORDS and not person_right:
        return None
    colon = right[:1] == ":"
    if first_ok and (not start or (person_right and not colon)):
        return "unknown", 0.75, "a common first name"
    if first_ok and colon:
        return "unknown", 0.6, "a first name opening a line of dialogue"
    if low in lex.common:
        return None
    if person_right and (not tok.isascii() or (tok.upper() in lex.lasts and not colon)):
        return "unknown", 0.6, "a capitalised word used as a person's name"
    if _STRONG_RIGHT.match(right) and tok[1:].islower():
        return "unknown", 0.6, "a capitalised word followed by what people do"
    return None
