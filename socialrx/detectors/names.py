"""Person names (phi.name), with the role each person plays in the post.

Passes over the normalised text (matched on ``document.norm``, reported at original offsets):

1. **Cues** (any case, so upper-case notes and all-lower-case posts work too): a courtesy title
   ("Mrs. Patterson"), a kinship word ("wife Mary", "son: Tom Hale", "Mary Jones
   (daughter)"), an introduction ("my name is …", "Hi …,", "spoke with …") or a patient word
   ("our patient Emma") followed by one to three name words. Cue words are located with set
   tests and ``str.find``; the cue pattern is only *matched* at those positions.
2. **Capitalised runs** (mixed-case text only — in all-upper or all-lower text capitals say
   nothing): runs of capitalised words, split at function words and dropped when they name an
   organisation, a street or a region; scored by the 1990 US Census first/last name lists
   shipped by the ``names`` package, by the word before the run ("Dr.", "Mayor", "in"), by what
   follows it ("'s", "said", "lives", "is very …") and by whether a sentence starts there.
3. **Lists and lines**: words listed with a person found above ("Okafor, Brennan and Silva"),
   and a line that holds nothing but a name (letter heads, signatures, address blocks).

Word lists are our own (``detectors/data``: function words, common English words that are also
names, organisation, street and clinical words, countries and states) plus the census lists.

Each person gets a role: ``staff`` ("Dr.", "nurse manager …"), ``official`` ("Mayor …"),
``relative`` (after a kinship word), ``patient`` (after "patient"/"pt") or ``unknown``. Only
patients, relatives and unknown people are reported as ``phi.name``; staff and officials are kept
for other detectors (``people(document)``) but are not PHI.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal

from socialrx.detectors.wordlists import (
    Lexicon,
    SpanSet,
    ends_in_region,
    first_names,
    last_names,
    lexicon,
    upper_class,
    view,
    word_list,
    word_starts,
)
from socialrx.model import Document, Finding, Span
from socialrx.registry import detector, document_code

__all__ = ["Person", "Role", "first_names", "last_names", "names", "people", "view", "word_list"]

Role = Literal["patient", "relative", "staff", "official", "unknown"]


@dataclass(frozen=True, slots=True)
class Person:
    """A person mentioned in a document: where (original offsets), in what role, how sure."""

    span: Span
    role: Role
    score: float
    why: str


# --------------------------------------------------------------------------------- patterns

_KIN = (
    r"wife|husband|spouse|son|sons|daughters?|dtrs?|dau|sisters?|sis|brothers?|bro|mother|mom|"
    r"mum|father|dad|parents?|niece|nephew|grand(?:-?daughter|-?son|child|mother|father|ma|pa)|"
    r"grandaughter|aunt|uncle|cousin|girlfriend|boyfriend|fianc[eé]e?|partner|friend|"
    r"neighbou?r|proxy|hcp|guardian|caregiver|step-?(?:son|daughter|mother|father)|"
    r"(?:son|daughter|dtr|sister|brother|mother|father)[- ]in[- ]law|significant other|"
    r"kid|child|baby|twin|family member|social|contact person"
)
_PATIENT = r"patients?|pt|client|resident"
_TITLE = r"mr|mrs|ms|miss|mister|mx"
_STAFF = (
    r"dr|doctor|nurse|rn|lpn|np|prof|professor|surgeon|physician|therapist|pharmacist|manager|"
    r"director|ceo|cfo|coo|cmo|cno|chief|chaplain|coordinator|dietitian|technician|tech|"
    r"midwife|paramedic|emt|volunteer|receptionist|social worker|case manager|attending|"
    r"resident physician|intern|colleague|coworker|co-worker|staff"
)
_OFFICIAL = (
    r"mayor|senator|sen|governor|gov|rep|representative|congressman|congresswoman|councilman|"
    r"councilwoman|councilmember|commissioner|secretary|minister|sheriff|judge|president|"
    r"chancellor|ambassador|superintendent"
)
_INTRO = (
    r"my name is|my name's|name is|names? ?[:?]|call me|i am|i'm|this is|hi|hello|dear|hey|"
    r"says|said|by|thanks|thank you|welcome|congratulations|congrats|meet|named|called|"
    r"maiden name is|last name is|remove my kid|grandmother was called|grandfather was called|"
    r"named (?:him|her)|asked|told|user ?:|starring|heard|under|add|tribute to|"
    r"follow up with|change it to|correct it to|between him and|between her and|"
    r"spoke with|spoke to|talked with|talked to|talk with|speak with|met with|visited by|"
    r"called by|update given to|updated"
)


# Words whose presence lets the cue pattern run at all (a cheap set test first).
def _plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us"))


_CUE_WORDS = (
    frozenset(
        v
        for alt in (_KIN, _PATIENT, _TITLE, _STAFF, _OFFICIAL, _INTRO)
        for phrase in alt.split("|")
        if (first := re.match(r"[a-z']+", phrase))
        and first.group() not in {"grand", "step", "ma", "pa", "her"}  # inside '(?:…|…)' groups
        for v in (first.group(), first.group()[:-1] if _plural(first.group()) else "")
        if v
    )
    | {
        "names",
        "name",
        "daughter",
        "son",
        "grandaughter",
        "granddaughter",
        "grandson",
        "grandchild",
        "grandmother",
        "grandfather",
        "grandma",
        "grandpa",
        "fiance",
        "neighbor",
        "neighbour",
        "fiancee",
        "fiancé",
        "fiancée",
        "stepson",
        "stepdaughter",
        "stepmother",
        "stepfather",
        "dtr",
        "mother",
        "father",
        "sister",
        "brother",
        "i'm",
        "mr",
        "mrs",
    }
)


@cache
def _cue_pattern() -> re.Pattern[str]:
    """A cue word and the one to three words that follow it (validated in Python)."""
    word = r"[^\W\d_]+(?:['’][^\W\d_]+)?(?:-[^\W\d_]+)?"
    cue = (
        rf"(?P<staff>\b(?:{_STAFF})\b\.?)|(?P<official>\b(?:{_OFFICIAL})\b\.?)|"
        rf"(?P<title>\b(?:{_TITLE})\b\.?)|(?P<kin>\b(?:{_KIN})\b(?:'s)?)|"
        rf"(?P<patient>\b(?:our |my |the )?(?:{_PATIENT})\b\.?)|(?P<intro>\b(?:{_INTRO})(?!\w))"
    )
    gap = (
        r"(?:[ \t]*(?:,|:|-|\(|is|was|named|called|(?:mr|mrs|ms|miss)\b\.?)[ \t]*|[ \t]+"
        r"|(?<=\.)(?=[a-z]))"
    )
    follow = rf"(?P<w1>{word})(?:[ \t]+(?:[a-z]\.?[ \t]+)?(?P<w2>{word}))?(?:[ \t]+(?P<w3>{word}))?"
    return re.compile(rf"(?:{cue})(?:{gap}){{1,2}}(?={word})(?P<follow>{follow})")


@cache
def _run_pattern() -> re.Pattern[str]:
    """Runs of capitalised words, with middle initials and lower-case name particles."""
    up = upper_class()
    rest = r"[^\W\d_]*(?:['’][^\W\d_]+)?(?:-[^\W\d_]+)*"
    word = rf"[{up}]{rest}"
    particle = r"(?:van|von|de|der|den|del|della|da|di|du|dos|das|la|le|ten|ter|bin|ibn|al|el)"
    sep = rf"[ \t]+(?:[{up}]\.?[ \t]+)?(?:{particle}[ \t]+)?"
    # the capital comes first (the engine then skips ahead to capitals), the look-behind second
    return re.compile(rf"[{up}](?<![\w@#'’.-].){rest}(?:{sep}{word}){{0,3}}(?![\w@])")


_RIGHT_PERSON = re.compile(
    r"^(?:['’]s\b|:(?= [A-Z\"])|,? (?:is|was|has|had|will|would|said|says|told|lives|lived|spent|began|"
    r"called|shouted|and (?:I|my|his|her)|just|who|from|listed|explained|employs|reports|"
    r"states|stated|wishes|verbalizes|does not|is aware|agrees|understands|requests))"
)
_STRONG_RIGHT = re.compile(
    r"^(?:['’]s (?:kid|son|daughter|wife|husband|mother|father|killers?|song|novel)|"
    r",? (?:spent|began|shouted|lives|lived|had given|said|says|told|will be talking|just has|"
    r"is from|is very|explained|listed|can I|could I|would you|speak|reports|states|stated|"
    r"wishes|verbalizes|does not|is aware|agrees|understands|requests))\b"
)
_STRONG_WORDS = frozenset(re.findall(r"[a-z]+", _STRONG_RIGHT.pattern)) - {
    *("s", "i", "is", "b", "be", "not", "you", "had", "just", "will")  # each phrase keeps a word
}
_RIGHT_STAFF = re.compile(r"^,? ?(?:MD|RN|NP|PA-C|DO|PhD|DDS|FACS|LPN|MSN|DNP)\b")


# -------------------------------------------------------------------------------- detection


def people(document: Document) -> tuple[Person, ...]:
    """Every person mentioned in ``document`` (cached per document)."""
    cached = document.memo("people")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    text, low, mixed, words = view(document)
    found = _Found()
    if not _CUE_WORDS.isdisjoint(words):
        _from_cues(text, low, mixed, words, found)
    if mixed:
        _from_runs(text, words, found)
        if "\n" in text:
            _from_lines(text, found)
    if not _ACT_WORDS.isdisjoint(words):
        _from_acts(text, low, mixed, found)
    if not _AGE_WORDS.isdisjoint(words):
        _from_age_intro(text, low, found)
    if "(" in text and not _KIN_WORDS.isdisjoint(words):
        _from_right_kin(text, low, found)
    if found:
        _from_lists(text, found, mixed)
    norm = document.norm
    result = tuple(
        Person(norm.span(a, b), role, score, why)
        for (a, b), (role, score, why) in sorted(found.items())
    )
    document.remember("people", result)
    return result


_ACTS = r"states|stated|called|visited|reports|reported|does not|is speaking|wishes|verbalizes"
_ACT_WORDS = frozenset(re.findall(r"[a-z]+", _ACTS)) - {"does", "not", "is"}
_ACT = re.compile(rf"\b(?P<w>[^\W\d_]+)[ \t]+(?:{_ACTS})\b")


def _from_acts(text: str, low: str, mixed: bool, found: _Found) -> None:
    """'DAVID STATES …', 'george called …': in upper- or lower-case notes, a census first name
    followed by what relatives do (in mixed-case text the capitalised-run pass does this)."""
    lex = lexicon()
    for m in _ACT.finditer(low):
        a, b = m.span("w")
        word = text[a:b]
        if mixed and not (word.isupper() or word.islower()):
            continue
        key = word.casefold()
        if word.upper() not in lex.firsts or key in lex.common or key in lex.stop:
            continue
        if key in _KIN_WORDS or found.index.overlapping(a, b):
            continue
        _put(found, (a, b), "unknown", 0.6, "a first name followed by what people do")


_AGE_WORDS = frozenset({"yo", "yr", "yrs", "year", "y/o", "y.o", "years"})
_AGE_INTRO = re.compile(
    r"(?m)^[ \t]*(?:(?:mr|mrs|ms|miss)\.?[ \t]+)?(?P<n>[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,2})[ \t]+"
    r"(?:is|was)[ \t]+an?[ \t]+\d{1,3}[ \t-]*(?:y/?o|y\.o|yrs?|years?)\b"
)


def _from_age_intro(text: str, low: str, found: _Found) -> None:
    """'Ann Lee is a 70 yr old …' opening a note: the patient, in any case."""
    lex = lexicon()
    for m in _AGE_INTRO.finditer(low):
        a, b = m.span("n")
        toks = low[a:b].split()
        if toks[0].upper() not in lex.firsts or any(
            t in lex.stop or t in lex.common or t in _KIN_WORDS for t in toks
        ):
            continue
        if not found.index.overlapping(a, b):
            _put(found, (a, b), "patient", 0.8, "a name opening a note, before the person's age")


_RIGHT_KIN = re.compile(
    rf"(?P<w1>[^\W\d_]+)(?:[ \t]+(?P<w2>[^\W\d_]+))?[ \t]*\([ \t]*(?:{_KIN}|significant other)\b"
)


def _from_right_kin(text: str, low: str, found: _Found) -> None:
    """'Mary Jones (daughter)': census names right before a kinship word in brackets."""
    lex = lexicon()
    for m in _RIGHT_KIN.finditer(low):
        spans = [m.span(g) for g in ("w1", "w2") if m.group(g)]
        keep = [
            (a, b)
            for a, b in spans
            if (low[a:b].upper() in lex.firsts or low[a:b].upper() in lex.lasts)
            and low[a:b] not in lex.stop
            and low[a:b] not in _KIN_WORDS
        ]
        if keep and keep[-1] == spans[-1] and not found.index.overlapping(keep[0][0], keep[-1][1]):
            _put(
                found,
                (keep[0][0], keep[-1][1]),
                "relative",
                0.8,
                "person name before a kinship word",
            )


_ANY_WORD = re.compile(r"[^\W\d_]+")
_LIST_NEXT = re.compile(r"(?:,[ \t]*|,?[ \t]+and[ \t]+|[ \t]+&[ \t]+)")


def _from_lists(text: str, found: _Found, mixed: bool) -> None:
    """'Okafor, Brennan and Silva': capitalised words listed with a person are people too
    (in upper- or lower-case text: census first names listed with a person)."""
    lex = lexicon()
    for (start, end), (role, score, _) in sorted(found.items()):
        if role in ("staff", "official"):
            continue
        caps = mixed and not text[start:end].islower()
        run = _run_pattern() if caps else _ANY_WORD
        b = end
        while (sep := _LIST_NEXT.match(text, b)) and (m := run.match(text, sep.end())):
            toks = m.group().split()
            if (
                len(toks) > 3
                or not (toks[0][1:].islower() or toks[0].isupper())
                or any(t.casefold() in lex.stop or t.casefold() in lex.orgs for t in toks)
            ):
                break
            if found.index.overlapping(*m.span()) or (
                not caps
                and (m.group().upper() not in lex.firsts or m.group().casefold() in lex.common)
            ):
                break
            _put(found, m.span(), role, min(score, 0.7), "person name listed with another name")
            b = m.end()


_LINE = re.compile(r"(?m)^[ \t>?*-]*(?:name:[ \t]*)?(?P<run>[^\n]{3,60}?)[ \t]*$", re.IGNORECASE)


def _from_lines(text: str, found: _Found) -> None:
    """A line that holds nothing but a name (letter heads, signatures, address blocks)."""
    lex = lexicon()
    run = _run_pattern()
    for line in _LINE.finditer(text):
        m = run.fullmatch(text, *line.span("run"))
        if m is None or found.index.overlapping(*m.span()):
            continue
        toks = m.group().split()
        if not 2 <= len(toks) <= 4 or toks[0].isupper():
            continue
        if any(
            t.casefold() in lex.stop
            or t.casefold() in lex.common
            or t.casefold() in lex.orgs
            or t.casefold() in lex.streets
            for t in toks
        ):
            continue
        if ends_in_region([t.casefold() for t in toks], lex.regions):
            continue
        if (
            toks[0].upper() in lex.firsts
            or toks[-1].upper() in lex.lasts
            or not m.group().isascii()
        ):
            _put(found, m.span(), "unknown", 0.7, "a line that holds only a person's name")


def _from_cues(text: str, low: str, mixed: bool, words: frozenset[str], found: _Found) -> None:
    pattern = _cue_pattern()
    lex = lexicon()
    seen: dict[str, tuple[int, int, str] | None] = {}  # repeated snippets are judged once
    for start in word_starts(low, _CUE_WORDS, words):
        m = pattern.match(low, start)
        if m is None:
            continue
        key = text[start : m.end() + 24]
        if key not in seen:
            seen[key] = _cue_reading(text, m, mixed, lex)
        reading = seen[key]
        if reading is not None:
            a, b, kind = reading
            role, score, why = _cue_role(kind)
            _put(
                found,
                (start + a, start + b),
                role,
                0.6 if kind == "intro" and not mixed else score,
                why,
            )


def _cue_reading(
    text: str, m: re.Match[str], mixed: bool, lex: Lexicon
) -> tuple[int, int, str] | None:
    """The name after one cue, relative to the cue's start, and the cue's kind."""
    kind = _cue_kind(m)
    if not _cue_fits(kind, m.group(kind) or "", text[m.start("w1") : m.end("w1")], mixed):
        return None
    if kind == "title" and not _title_ok(text, m, mixed):
        return None
    keep = _cue_follow(text, m, kind, mixed, lex)
    if not keep or (kind != "title" and _placey(text, keep[0], keep[1])):
        return None
    return keep[0] - m.start(), keep[1] - m.start(), kind


def _cue_follow(
    text: str, m: re.Match[str], kind: str, mixed: bool, lex: Lexicon
) -> tuple[int, int] | None:
    """The one to three words after a cue that read as a name (None when the first does not)."""
    strong = kind in ("title", "staff", "official")
    kin_like = kind in ("kin", "patient")
    keep: list[tuple[int, int]] = []
    for g in (_W1, _W2, _W3):
        a, b = m.span(g)
        if a < 0:
            break
        w = text[a:b]
        first = not keep
        up, lw = w.upper(), w.casefold()
        known = up in lex.firsts or up in lex.lasts
        if lw in lex.stop or not (
            (strong and first) or lw not in lex.common or (kin_like and up in lex.firsts)
        ):
            break
        cap = w[0].isupper() and not w.isupper()
        if not ((strong and first) or (up in lex.firsts if first else known) or (cap and mixed)):
            break
        if not (first or not mixed or w[0].isupper() or _lower_surname(text, w, b, keep, lex)):
            break
        if kind == "intro" and not (
            (w[0].isupper() or (first and up in lex.firsts))
            and (known or not mixed or w[1:].islower())
        ):
            break
        keep.append((a, b))
        if not mixed and not known and not strong:
            break
    return (keep[0][0], keep[-1][1]) if keep else None


def _lower_surname(text: str, w: str, b: int, keep: list[tuple[int, int]], lex: Lexicon) -> bool:
    """'his wife, Janet logan, …': a census surname written in lower case after a capitalised
    first name, ending the name."""
    return (
        w.upper() in lex.lasts
        and w.casefold() not in lex.common
        and text[keep[-1][0]].isupper()
        and _SURNAME_END.match(text, b) is not None
    )


_SURNAME_END = re.compile(r"[ \t]*(?:[,.;:)]|$|(?:is|was|and|who|has)\b)", re.M)
_KIN_WORDS = frozenset(re.findall(r"[a-z]+", _KIN))


def _cue_fits(kind: str, cue: str, first: str, mixed: bool) -> bool:
    """Weak cues (a patient word, a 'Social:' heading) need a census first name after them;
    in clinical notes 'pt' is mostly followed by a verb ('pt sedated')."""
    cue = cue.casefold().rstrip(" .:")
    weak = kind == "patient" or cue.startswith(("social", "contact"))
    if not weak:
        return True
    if kind == "patient" and not mixed and not cue.endswith(("patient", "patients")):
        return False  # 'PT SEDATED': in notes 'pt' is mostly followed by a verb
    key = first.upper()
    return (
        key in first_names()
        and first.casefold() not in _KIN_WORDS
        and (not mixed or first[1:].islower())
    )


def _title_ok(text: str, m: re.Match[str], mixed: bool) -> bool:
    """'Mrs. Patterson', 'MR HALE' — but not 'MS: sedated' (mental status in notes)."""
    cue = m.group("title")
    written = text[m.start("title") : m.end("title")].rstrip(".")
    first = text[m.start("w1") : m.end("w1")]
    if mixed and len(written) > 1 and written.isupper():
        # 'MS.' (mental status), 'MR' (mitral regurgitation) in mixed-case notes, unless a
        # census name follows the full stop: 'MR. EDWIN …'
        known = first.upper() in first_names() or first.upper() in last_names()
        if not (cue.endswith(".") and known and first.isupper() and first.casefold() != "ms"):
            return False
    between = text[m.end("title") : m.start("w1")]
    if between.strip(" \t.") or (cue == "ms" and not mixed):
        return False
    if first.islower():
        return first.upper() in first_names() or first.upper() in last_names()
    return not mixed or not first.isupper() or written.isupper()


_W1, _W2, _W3 = "w1", "w2", "w3"


def _cue_kind(m: re.Match[str]) -> str:
    for name in ("staff", "official", "title", "kin", "patient", "intro"):
        if m.group(name):
            return name
    return "intro"


def _cue_role(kind: str) -> tuple[Role, float, str]:
    if kind == "staff":
        return "staff", 0.9, "name of a staff member (after a professional title)"
    if kind == "official":
        return "official", 0.9, "name of a public official (after an office title)"
    if kind == "kin":
        return "relative", 0.9, "person name after a kinship word"
    if kind == "patient":
        return "patient", 0.9, "person name after a word for a patient"
    if kind == "title":
        return "unknown", 0.9, "person name after a courtesy title"
    return "unknown", 0.8, "person name after an introduction"


class _Found(dict[tuple[int, int], tuple[Role, float, str]]):
    """People found so far, with an interval index."""

    def __init__(self) -> None:
        super().__init__()
        self.index = SpanSet()


def _put(found: _Found, span: tuple[int, int], role: Role, score: float, why: str) -> None:
    """Keep the strongest reading of overlapping spans (staff/official outrank 'unknown')."""
    a, b = span
    for key in found.index.overlapping(a, b):
        old_role, old_score, _ = found[key]
        rank_old = (old_role in ("staff", "official"), old_score, key[1] - key[0])
        rank_new = (role in ("staff", "official"), score, b - a)
        if rank_old >= rank_new:
            return
        del found[key]
        found.index.remove(*key)
    found[span] = (role, score, why)
    found.index.add(a, b)


def _from_runs(text: str, words: frozenset[str], found: _Found) -> None:
    lex = lexicon()
    index = found.index
    strong = not _STRONG_WORDS.isdisjoint(words)
    # in long texts repeated runs (same words, same surroundings) are judged once
    seen: dict[str, list[tuple[int, int, tuple[Role, float, str]]]] | None = (
        {} if len(text) > 4096 else None
    )
    for m in _run_pattern().finditer(text):
        run = m.group()
        # a lone capitalised word that cannot be a name (the common case) is skipped, unless
        # what follows is what people do ('Zorvath lives on …')
        if (
            " " not in run
            and "\t" not in run
            and not _maybe(run, lex)
            and not (
                strong
                and _single_ok(run, lex)
                and _STRONG_RIGHT.match(text[m.end() : m.end() + 24])
            )
        ):
            continue
        start, end = m.span()
        if any(a <= start and end <= b for a, b in index.overlapping(start, end)):
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
                _put(found, (start + a, start + b), *verdict)


def _run_readings(
    text: str, m: re.Match[str], lex: Lexicon, start: int
) -> list[tuple[int, int, tuple[Role, float, str]]]:
    """The segments of a capitalised run that read as names (offsets relative to ``start``)."""
    out: list[tuple[int, int, tuple[Role, float, str]]] = []
    for a, b, toks in _segments(m, lex):
        if all(t.isupper() for t in toks):
            continue
        verdict = _judge_run(text, a, b, toks, lex)
        if verdict is not None:
            out.append((a - start, b - start, verdict))
    return out


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
_STAFF_WORDS = frozenset(w for w in re.split(r"[^a-z-]+", _STAFF) if w)
_OFFICIAL_WORDS = frozenset(w for w in re.split(r"[^a-z-]+", _OFFICIAL) if w)
_TITLE_WORDS = frozenset(w for w in re.split(r"[^a-z]+", _TITLE) if w)
_PLACE_WORDS = frozenset(
    {"in", "from", "at", "near", "into", "across", "around", "via", "to", "toward", "towards"}
    | {"of", "on"}
)
_TOKEN = re.compile(r"\S+")
_AFTER_NUMBER = re.compile(r"\d\.?,[ \t]*$")


def _segments(m: re.Match[str], lex: Lexicon) -> Iterator[tuple[int, int, list[str]]]:
    """Split a capitalised run at function words; drop organisation and region runs."""
    parts = [(t.start(), t.end(), t.group()) for t in _TOKEN.finditer(m.string, *m.span())]
    for _, _, t in parts:
        low = t.casefold()
        if low.rstrip(".") in lex.orgs or low in lex.streets:
            return
    if _NUMBER_AFTER.match(m.string, m.end()):
        return  # "Lindevej 7": a street and house number
    seg: list[tuple[int, int, str]] = []
    for part in [*parts, (0, 0, "")]:
        tok = part[2]
        bare = tok.rstrip(".")
        if tok and bare.casefold() not in lex.stop and len(bare) > 1:
            seg.append(part)
            continue
        if tok and len(bare) == 1 and seg:  # a middle initial
            continue
        while seg and seg[0][2].isupper():
            seg.pop(0)
        while seg and seg[-1][2].isupper():
            seg.pop()
        if seg and not ends_in_region([t.casefold() for _, _, t in seg], lex.regions):
            yield seg[0][0], seg[-1][1], [t for _, _, t in seg]
        seg = []


_NUMBER_AFTER = re.compile(r"[ \t]*,?[ \t]*\d")


def _placey(text: str, a: int, b: int) -> bool:
    """True when the words ``text[a:b]`` name a region or a street rather than a person."""
    words = text[a:b].casefold().split()
    lex = lexicon()
    return ends_in_region(words, lex.regions) or not lex.streets.isdisjoint(words)


def _context(text: str, a: int) -> tuple[str, bool]:
    """The lower-case word before ``a`` and whether a sentence (or line) starts at ``a``."""
    before = text[max(0, a - 24) : a]
    stripped = before.rstrip()
    start = not stripped or stripped[-1] in '.!?:;"“(>' or "\n" in before[len(stripped) :]
    words = stripped.rstrip(".,:").rsplit(None, 1)
    return (words[-1].casefold() if words else ""), start


def _judge_run(
    text: str, a: int, b: int, toks: list[str], lex: Lexicon
) -> tuple[Role, float, str] | None:
    prev, start = _context(text, a)
    if prev in ("st", "st.", "saint"):
        return None  # 'St. Agnes': a hospital or parish named after a saint
    if _AFTER_NUMBER.search(text, max(0, a - 6), a):
        return None  # '12 Oak Road, Paris': a town after a street address
    right = text[b : b + 24]
    if prev in _STAFF_WORDS or _RIGHT_STAFF.match(right):
        return "staff", 0.9, "name of a staff member (professional title)"
    if prev in _OFFICIAL_WORDS:
        return "official", 0.9, "name of a public official (office title)"
    if prev in _TITLE_WORDS:
        return "unknown", 0.9, "person name after a courtesy title"
    low = [t.casefold() for t in toks]
    first_ok = toks[0].upper() in lex.firsts and low[0] not in lex.common
    person_right = bool(_RIGHT_PERSON.match(right))
    place_left = prev in _PLACE_WORDS
    if len(toks) >= 2:
        if first_ok:
            return "unknown", 0.85, "first name and surname"
        named = toks[0].upper() in lex.firsts or toks[-1].upper() in lex.lasts
        if named and not place_left and (person_right or not start) and low[0] not in lex.common:
            return "unknown", 0.7, "capitalised words that read as a full name"
        if person_right and not place_left and not any(t in lex.common for t in low):
            return "unknown", 0.6, "capitalised words used as a person's name"
        return None
    if place_left and not person_right:
        return None
    colon = right[:1] == ":"
    if first_ok and (not start or (person_right and not colon)):
        return "unknown", 0.75, "a common first name"
    if first_ok and colon:
        return "unknown", 0.6, "a first name opening a line of dialogue"
    if low[0] in lex.common:
        return None
    if person_right and (not toks[0].isascii() or (toks[0].upper() in lex.lasts and not colon)):
        return "unknown", 0.6, "a capitalised word used as a person's name"
    if _STRONG_RIGHT.match(right) and toks[0][1:].islower():
        return "unknown", 0.6, "a capitalised word followed by what people do"
    return None


@detector("names", codes=("phi.name",))
def names(document: Document) -> Iterator[Finding]:
    """Person names and initials that could identify a patient or relative (staff and public
    officials are recognised by their titles and left out)."""
    for person in people(document):
        if person.role in ("patient", "relative", "unknown"):
            yield Finding("phi.name", person.span, person.score, "names", person.why)


document_code(
    "phi.name",
    summary="A person's name that could identify a patient or relative: after a courtesy "
    "title, a kinship or patient word, an introduction, or a census first name with a surname.",
    example="Congrats to our patient Maria Gonzalez, and thanks to her husband Luis!",
    false_positives="Staff and public figures named without a title and not in allow.names; "
    "brands, places and events that are built from first names or surnames.",
    details="Titles decide roles: 'Dr.', 'nurse', 'manager' (staff) and 'Mayor', 'Senator' "
    "(official) are not reported. Upper-case notes rely on cues and the census lists only. "
    "A capitalised word that is not a known English word is reported when what follows is "
    "what people do ('Zorvath lives on …', '… said').",
)
