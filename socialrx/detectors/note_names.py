"""Names in clinical notes, in any case: what relatives do ("DAVID STATES …"), a name opening a
note before the person's age ("Ann Lee is a 70 yr old …") and a name before a kinship word in
brackets ("Mary Jones (daughter)").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from socialrx.detectors.name_cues import KIN, KIN_WORDS
from socialrx.detectors.person import Found, put
from socialrx.detectors.wordlists import lexicon

__all__ = ["ACT_WORDS", "AGE_WORDS", "from_acts", "from_age_intro", "from_right_kin"]


_ACTS = r"states|stated|called|visited|reports|reported|does not|is speaking|wishes|verbalizes"
ACT_WORDS = frozenset(re.findall(r"[a-z]+", _ACTS)) - {"does", "not", "is"}
_ACT = re.compile(rf"\b(?P<w>[^\W\d_]+)[ \t]+(?:{_ACTS})\b")


def from_acts(text: str, low: str, mixed: bool, found: Found) -> None:
    """'DAVID STATES …', 'george called …': in upper- or lower-case notes, a census first name
    followed by what relatives do (in mixed-case text the capitalised-run pass does this)."""
    lex = lexicon()
    for m in _act_matches(low):
        a, b = m.span("w")
        word = text[a:b]
        if mixed and not (word.isupper() or word.islower()):
            continue
        key = word.casefold()
        if word.upper() not in lex.firsts or key in lex.common or key in lex.stop:
            continue
        if key in KIN_WORDS or found.index.overlapping(a, b):
            continue
        put(found, (a, b), "unknown", 0.6, "a first name followed by what people do")


# where each phrase of _ACTS starts ('state' starts 'states' and 'stated' …)
_ACT_HEADS = ("state", "called", "visited", "report", "wishes", "verbalizes", "does not")
_ACT_HEADS_ALL = (*_ACT_HEADS, "is speaking")
_BLANK = frozenset(" \t")


def _act_matches(low: str) -> Iterator[re.Match[str]]:
    """``_ACT.finditer(low)`` without scanning every word: the act phrases are found with
    ``str.find``, the word before each is walked back to, and ``_ACT`` is only matched there
    (in order, never inside a match already taken, as ``finditer`` would)."""
    heads: set[int] = set()
    find = low.find
    for head in _ACT_HEADS_ALL:
        pos = find(head)
        while pos != -1:
            if pos and low[pos - 1] in _BLANK:
                heads.add(pos)
            pos = find(head, pos + 1)
    taken = 0
    for pos in sorted(heads):
        i = pos - 1
        while i >= 0 and low[i] in _BLANK:
            i -= 1
        end = i + 1
        while i >= 0 and (low[i].isalnum() or low[i] == "_"):  # back over the word (\w)
            i -= 1
        if i + 1 == end or i + 1 < taken:
            continue
        m = _ACT.match(low, i + 1)
        if m is not None:
            taken = m.end()
            yield m


AGE_WORDS = frozenset({"yo", "yr", "yrs", "year", "y/o", "y.o", "years"})
_AGE_INTRO = re.compile(
    r"(?m)^[ \t]*(?:(?:mr|mrs|ms|miss)\.?[ \t]+)?(?P<n>[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,2})[ \t]+"
    r"(?:is|was)[ \t]+an?[ \t]+\d{1,3}[ \t-]*(?:y/?o|y\.o|yrs?|years?)\b"
)


def from_age_intro(text: str, low: str, found: Found) -> None:
    """'Ann Lee is a 70 yr old …' opening a note: the patient, in any case."""
    lex = lexicon()
    for m in _AGE_INTRO.finditer(low):
        a, b = m.span("n")
        toks = low[a:b].split()
        if toks[0].upper() not in lex.firsts or any(
            t in lex.stop or t in lex.common or t in KIN_WORDS for t in toks
        ):
            continue
        if not found.index.overlapping(a, b):
            put(found, (a, b), "patient", 0.8, "a name opening a note, before the person's age")


_RIGHT_KIN = re.compile(
    rf"(?P<w1>[^\W\d_]+)(?:[ \t]+(?P<w2>[^\W\d_]+))?[ \t]*\([ \t]*(?:{KIN}|significant other)\b"
)


def from_right_kin(text: str, low: str, found: Found) -> None:
    """'Mary Jones (daughter)': census names right before a kinship word in brackets."""
    lex = lexicon()
    for m in _RIGHT_KIN.finditer(low):
        spans = [m.span(g) for g in ("w1", "w2") if m.group(g)]
        keep = [
            (a, b)
            for a, b in spans
            if (low[a:b].upper() in lex.firsts or low[a:b].upper() in lex.lasts)
            and low[a:b] not in lex.stop
            and low[a:b] not in KIN_WORDS
        ]
        if keep and keep[-1] == spans[-1] and not found.index.overlapping(keep[0][0], keep[-1][1]):
            put(
                found,
                (keep[0][0], keep[-1][1]),
                "relative",
                0.8,
                "person name before a kinship word",
            )
