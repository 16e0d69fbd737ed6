"""Names announced by a cue word (pass 1 of the names detector).

A courtesy title ("Mrs. Patterson"), a kinship word ("wife Mary", "son: Tom Hale"), an
introduction ("my name is …", "Hi …,", "spoke with …"), a patient word ("our patient Emma"), a
professional or office title ("Dr.", "Mayor") followed by one to three name words, in any case.
Cue words are located with set tests and ``str.find``; the cue pattern is only *matched* at those
positions, and there in a form trimmed to the phrases that can start with the cue word found
(``people_phrases``; compiled on first use, about half a millisecond per cue word), so ``re``
does not try some two hundred phrases one by one at every cue. The cue vocabularies (``KIN``,
``STAFF``, ``OFFICIAL``, ``TITLE``) are shared with the other passes and with the places
detector.
"""

from __future__ import annotations

import re
from functools import cache

from socialrx.detectors.people_phrases import fitting
from socialrx.detectors.person import Found, Role, put
from socialrx.detectors.wordlists import (
    Lexicon,
    ends_in_region,
    first_names,
    last_names,
    lexicon,
)

__all__ = ["CUE_WORDS", "KIN", "KIN_WORDS", "OFFICIAL", "STAFF", "TITLE", "from_cues"]

# --------------------------------------------------------------------------------- patterns

KIN = (
    r"wife|husband|spouse|son|sons|daughters?|dtrs?|dau|sisters?|sis|brothers?|bro|mother|mom|"
    r"mum|father|dad|parents?|niece|nephew|grand(?:-?daughter|-?son|child|mother|father|ma|pa)|"
    r"grandaughter|aunt|uncle|cousin|girlfriend|boyfriend|fianc[eé]e?|partner|friend|"
    r"neighbou?r|proxy|hcp|guardian|caregiver|step-?(?:son|daughter|mother|father)|"
    r"(?:son|daughter|dtr|sister|brother|mother|father)[- ]in[- ]law|significant other|"
    r"kid|child|baby|twin|family member|social|contact person"
)
_PATIENT = r"patients?|pt|client|resident"
TITLE = r"mr|mrs|ms|miss|mister|mx"
STAFF = (
    r"dr|doctor|nurse|rn|lpn|np|prof|professor|surgeon|physician|therapist|pharmacist|manager|"
    r"director|ceo|cfo|coo|cmo|cno|chief|chaplain|coordinator|dietitian|technician|tech|"
    r"midwife|paramedic|emt|volunteer|receptionist|social worker|case manager|attending|"
    r"resident physician|intern|colleague|coworker|co-worker|staff"
)
OFFICIAL = (
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


CUE_WORDS = (
    frozenset(
        v
        for alt in (KIN, _PATIENT, TITLE, STAFF, OFFICIAL, _INTRO)
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
    return _compile_cue(STAFF, OFFICIAL, TITLE, KIN, _PATIENT, _INTRO)


@cache
def _cue_pattern_for(word: str) -> re.Pattern[str]:
    """``_cue_pattern`` trimmed to the cue phrases that can start with ``word`` (followed by a
    character that is not a letter or digit, as ``_cue_starts`` finds it): it matches exactly
    where and as the full pattern does when ``word`` starts the text there, but ``re`` no longer
    tries some two hundred phrases one by one at every cue."""
    staff, official, title, kin, intro = (
        fitting(alts, word) for alts in (STAFF, OFFICIAL, TITLE, KIN, _INTRO)
    )
    # the patient phrases may follow 'our ', 'my ' or 'the ' (kept whole there)
    patient = _PATIENT if word in ("our", "my", "the") else fitting(_PATIENT, word)
    return _compile_cue(staff, official, title, kin, patient, intro)


def _compile_cue(
    staff: str, official: str, title: str, kin: str, patient: str, intro: str
) -> re.Pattern[str]:
    word = r"[^\W\d_]+(?:['’][^\W\d_]+)?(?:-[^\W\d_]+)?"
    cue = (
        rf"(?P<staff>\b(?:{staff})\b\.?)|(?P<official>\b(?:{official})\b\.?)|"
        rf"(?P<title>\b(?:{title})\b\.?)|(?P<kin>\b(?:{kin})\b(?:'s)?)|"
        rf"(?P<patient>\b(?:our |my |the )?(?:{patient})\b\.?)|(?P<intro>\b(?:{intro})(?!\w))"
    )
    gap = (
        r"(?:[ \t]*(?:,|:|-|\(|is|was|named|called|(?:mr|mrs|ms|miss)\b\.?)[ \t]*|[ \t]+"
        r"|(?<=\.)(?=[a-z]))"
    )
    follow = rf"(?P<w1>{word})(?:[ \t]+(?:[a-z]\.?[ \t]+)?(?P<w2>{word}))?(?:[ \t]+(?P<w3>{word}))?"
    return re.compile(rf"(?:{cue})(?:{gap}){{1,2}}(?={word})(?P<follow>{follow})")


# Cue words whose every phrase goes on with another word: only these phrases are looked for
# ('this' can only start 'this is'); each phrase's first word ends in a non-letter.
_ANCHORS: dict[str, tuple[str, ...]] = {
    "this": ("this is",),
    "call": ("call me",),
    "last": ("last name is",),
    "family": ("family member",),
    "follow": ("follow up with",),
    "contact": ("contact person",),
    "thank": ("thank you",),
    "say": (),
    "i": ("i am", "i'm"),
    "co": ("co-worker",),
    "significant": ("significant other",),
    "between": ("between him", "between her"),
    "change": ("change it to",),
    "correct": ("correct it to",),
    "remove": ("remove my kid",),
    "tribute": ("tribute to",),
    "maiden": ("maiden name is",),
    "update": ("update given to",),
    "spoke": ("spoke with", "spoke to"),
    "talked": ("talked with", "talked to"),
    "talk": ("talk with",),
    "speak": ("speak with",),
    "met": ("met with",),
    "visited": ("visited by",),
    "case": ("case manager",),
}


def _cue_starts(low: str, cues: frozenset[str]) -> dict[int, str]:
    """Where the cue words ``cues`` (those in the text's word set) start in ``low``, as
    ``word_starts`` finds them, but a word that only starts longer phrases is looked for as
    those phrases; each start with its cue word."""
    out: dict[int, str] = {}
    find = low.find
    size = len(low)
    for word in cues:
        anchors = _ANCHORS.get(word)
        for target in (word,) if anchors is None else anchors:
            pos = find(target)
            while pos != -1:
                end = pos + len(word)
                if (pos == 0 or not low[pos - 1].isalnum()) and (
                    end == size or not low[end].isalnum()
                ):
                    out[pos] = word
                pos = find(target, end)
    return out


def from_cues(text: str, low: str, mixed: bool, cues: frozenset[str], found: Found) -> None:
    """People named after the cue words ``cues`` (``CUE_WORDS`` present in the text)."""
    lex = lexicon()
    stop = lex.stop
    # in long texts repeated snippets are judged once
    seen: dict[str, tuple[int, int, str] | None] | None = {} if len(text) > 4096 else None
    starts = _cue_starts(low, cues)
    for start in sorted(starts):
        m = _cue_pattern_for(starts[start]).match(low, start)
        if m is None:
            continue
        regs = m.regs
        a1, b1 = regs[_W1_INDEX]
        if low[a1:b1] in stop and text[a1:b1].isascii():
            continue  # a function word after the cue: no name (as _cue_follow would find)
        if seen is None:
            reading = _cue_reading(text, m, regs, mixed, lex)
        else:
            key = text[start : m.end() + 24]
            if key in seen:
                reading = seen[key]
            else:
                reading = seen[key] = _cue_reading(text, m, regs, mixed, lex)
        if reading is not None:
            a, b, kind = reading
            role, score, why = _ROLES[kind]
            put(
                found,
                (start + a, start + b),
                role,
                0.6 if kind == "intro" and not mixed else score,
                why,
            )


def _cue_reading(
    text: str, m: re.Match[str], regs: tuple[tuple[int, int], ...], mixed: bool, lex: Lexicon
) -> tuple[int, int, str] | None:
    """The name after one cue (``regs``: its group spans), relative to the cue's start, and
    the cue's kind."""
    kind = _kind_of(regs)
    if kind in _WEAK_KINDS:
        a, b = regs[_KIND_INDEX[kind]]
        w1a, w1b = regs[_W1_INDEX]
        if not _cue_fits(kind, m.string[a:b], text[w1a:w1b], mixed):
            return None
    elif kind == "title" and not _title_ok(text, m, mixed):
        return None
    keep = _cue_follow(text, regs, kind, mixed, lex)
    if not keep or (kind != "title" and _placey(text, keep[0], keep[1])):
        return None
    start = regs[0][0]
    return keep[0] - start, keep[1] - start, kind


def _kind_of(regs: tuple[tuple[int, int], ...]) -> str:
    """The kind of cue that matched (the first cue group that took part)."""
    for kind, group in _KIND_GROUPS:
        if regs[group][0] >= 0:
            return kind
    return "intro"


def _cue_follow(
    text: str, regs: tuple[tuple[int, int], ...], kind: str, mixed: bool, lex: Lexicon
) -> tuple[int, int] | None:
    """The one to three words after a cue that read as a name (None when the first does not)."""
    strong = kind in ("title", "staff", "official")
    kin_like = kind in ("kin", "patient")
    keep: list[tuple[int, int]] = []
    firsts, lasts = lex.firsts, lex.lasts
    for g in _FOLLOW_INDEXES:
        a, b = regs[g]
        if a < 0:
            break
        w = text[a:b]
        first = not keep
        up, lw = w.upper(), w.casefold()
        known = up in firsts or up in lasts
        if lw in lex.stop or not (
            (strong and first) or lw not in lex.common or (kin_like and up in firsts)
        ):
            break
        cap = w[0].isupper() and not w.isupper()
        if not ((strong and first) or (up in firsts if first else known) or (cap and mixed)):
            break
        if not (first or not mixed or w[0].isupper() or _lower_surname(text, w, b, keep, lex)):
            break
        if kind == "intro" and not (
            (w[0].isupper() or (first and up in firsts)) and (known or not mixed or w[1:].islower())
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
KIN_WORDS = frozenset(re.findall(r"[a-z]+", KIN))


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
        and first.casefold() not in KIN_WORDS
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


# group numbers of the cue pattern (``_cue_pattern().groupindex``; a test keeps them in step)
_KIND_GROUPS = (("staff", 1), ("official", 2), ("title", 3), ("kin", 4), ("patient", 5))
_KIND_INDEX = {"staff": 1, "official": 2, "title": 3, "kin": 4, "patient": 5, "intro": 6}
_W1_INDEX = 8
_FOLLOW_INDEXES = (8, 9, 10)  # w1, w2, w3
_WEAK_KINDS = frozenset({"staff", "kin", "patient"})  # cues that _cue_fits may turn down

_ROLES: dict[str, tuple[Role, float, str]] = {
    "staff": ("staff", 0.9, "name of a staff member (after a professional title)"),
    "official": ("official", 0.9, "name of a public official (after an office title)"),
    "kin": ("relative", 0.9, "person name after a kinship word"),
    "patient": ("patient", 0.9, "person name after a word for a patient"),
    "title": ("unknown", 0.9, "person name after a courtesy title"),
    "intro": ("unknown", 0.8, "person name after an introduction"),
}


def _placey(text: str, a: int, b: int) -> bool:
    """True when the words ``text[a:b]`` name a region or a street rather than a person."""
    words = text[a:b].casefold().split()
    lex = lexicon()
    return ends_in_region(words, lex.regions) or not lex.streets.isdisjoint(words)
