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

The passes live in their own modules: ``name_cues`` (1), ``name_runs`` (2), ``note_names`` (what
relatives do, a name before an age or a bracketed kinship word, in any case) and ``person``
(``Person``, ``Role`` and the table of people found); this module runs them and holds pass 3.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from socialrx.detectors.name_cues import CUE_WORDS, KIN_WORDS, from_cues
from socialrx.detectors.name_runs import from_runs, run_pattern
from socialrx.detectors.note_names import (
    ACT_WORDS,
    AGE_WORDS,
    from_acts,
    from_age_intro,
    from_right_kin,
)
from socialrx.detectors.person import Found, Person, Role, put
from socialrx.detectors.wordlists import (
    ends_in_region,
    first_names,
    last_names,
    lexicon,
    view,
    word_list,
)
from socialrx.model import Document, Finding
from socialrx.registry import detector, document_code

__all__ = ["Person", "Role", "first_names", "last_names", "names", "people", "view", "word_list"]


# -------------------------------------------------------------------------------- detection


def people(document: Document) -> tuple[Person, ...]:
    """Every person mentioned in ``document`` (cached per document)."""
    cached = document.memo("people")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    text, low, mixed, words = view(document)
    found = Found()
    cues = CUE_WORDS.intersection(words)
    if cues:
        from_cues(text, low, mixed, cues, found)
    if mixed:
        from_runs(text, words, found)
        if "\n" in text:
            _from_lines(text, found)
    if not ACT_WORDS.isdisjoint(words):
        from_acts(text, low, mixed, found)
    if (
        not AGE_WORDS.isdisjoint(words)
        and not _AGE_VERBS.isdisjoint(words)
        and ("a" in words or "an" in words)
    ):  # 'Ann Lee is a 70 yr old …': each of these words stands between blanks
        from_age_intro(text, low, found)
    if "(" in text and not KIN_WORDS.isdisjoint(words):
        from_right_kin(text, low, found)
    if found:
        _from_lists(text, found, mixed)
    if not found:
        result: tuple[Person, ...] = ()
    else:
        span = document.norm.span
        result = tuple(
            [
                Person(span(a, b), role, score, why)
                for (a, b), (role, score, why) in sorted(found.items())
            ]
        )
    document.remember("people", result)
    return result


_AGE_VERBS = frozenset({"is", "was"})
_ANY_WORD = re.compile(r"[^\W\d_]+")
_LIST_NEXT = re.compile(r"(?:,[ \t]*|,?[ \t]+and[ \t]+|[ \t]+&[ \t]+)")


def _from_lists(text: str, found: Found, mixed: bool) -> None:
    """'Okafor, Brennan and Silva': capitalised words listed with a person are people too
    (in upper- or lower-case text: census first names listed with a person)."""
    lex = lexicon()
    for (start, end), (role, score, _) in sorted(found.items()):
        if role in ("staff", "official"):
            continue
        caps = mixed and not text[start:end].islower()
        run = run_pattern() if caps else _ANY_WORD
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
            put(found, m.span(), role, min(score, 0.7), "person name listed with another name")
            b = m.end()


_LINE = re.compile(r"(?m)^[ \t>?*-]*(?:name:[ \t]*)?(?P<run>[^\n]{3,60}?)[ \t]*$", re.IGNORECASE)


def _from_lines(text: str, found: Found) -> None:
    """A line that holds nothing but a name (letter heads, signatures, address blocks)."""
    lex = lexicon()
    run = run_pattern()
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
            put(found, m.span(), "unknown", 0.7, "a line that holds only a person's name")


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
