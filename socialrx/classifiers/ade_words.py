"""The adverse-event vocabulary: products, reactions and context cues, and one matcher for all.

The word lists live in ``classifiers/data/ade_*.txt`` (written for socialrx from general
knowledge; see the comments at the top of each file). Every phrase of every list goes into one
compiled prefix trie, so a post is scanned once, in linear time, whatever the number of phrases;
each match is then looked up in a dictionary by its *key* (lower case, apostrophes dropped,
hyphens and runs of white space as one space).

``canonical_term(code, text)`` maps the text of an ``ade.product`` or ``ade.reaction`` finding
to its canonical term (a generic drug name, a vaccine or device name, a MedDRA-style reaction
term): the small open vocabulary that adverse-event signal counts are kept in.

Everything is built lazily (``functools.cache``); nothing happens at import time.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Literal, NamedTuple

from socialrx.detectors.wordlists import word_list

__all__ = [
    "ALL_KINDS",
    "BIT",
    "CUE_KINDS",
    "DIGIT",
    "ENDS",
    "NUMBERS",
    "PRODUCT_KINDS",
    "REACTION_KINDS",
    "Term",
    "canonical_term",
    "gate_stems",
    "lookup",
    "matcher",
    "term",
    "written",
]

Group = Literal["product", "reaction", "cue"]
PRODUCT_KINDS = ("drug", "vaccine", "device", "class")
REACTION_KINDS = ("general", "strong", "symptom", "everyday", "mixed", "condition", "topic",
                  "capacity")  # fmt: skip
CUE_KINDS = ("causal", "experience", "other", "intake", "temporal", "generic", "negation", "efficacy",
             "credit", "recovery", "worse", "increase", "severe", "withdrawal", "stopping", "prior",
             "indication", "news", "ask", "metoo", "neutral", "break")  # fmt: skip
ALL_KINDS = PRODUCT_KINDS + REACTION_KINDS + CUE_KINDS
BIT = {kind: 1 << i for i, kind in enumerate(ALL_KINDS)}
_FILES: dict[Group, str] = {
    "product": "ade_products",
    "reaction": "ade_reactions",
    "cue": "ade_cues",
}
_KINDS: dict[Group, tuple[str, ...]] = {
    "product": PRODUCT_KINDS,
    "reaction": REACTION_KINDS,
    "cue": CUE_KINDS,
}
_KEY = str.maketrans({"'": None, "\u2019": None, "-": " "})


class Term(NamedTuple):
    """What a phrase stands for: a product or reaction (``kind`` is its section, ``canonical``
    its canonical term) or a context cue (``kind`` is the cue's first section, ``kinds`` all);
    ``bits`` holds ``kinds`` as a mask of ``BIT``."""

    group: Group
    kind: str
    canonical: str
    kinds: frozenset[str]
    bits: int = 0


def term(group: Group, kinds: frozenset[str], canonical: str) -> Term:
    """A term with its first kind and its bit mask."""
    first = next(k for k in ALL_KINDS if k in kinds)
    return Term(group, first, canonical, kinds, sum(BIT[k] for k in kinds))


def key(text: str) -> str:
    """The lookup key of a phrase or of matched text."""
    return " ".join(text.lower().translate(_KEY).split())


def _read(name: str) -> list[tuple[str, str]]:
    """(section, line) pairs of a list file, comments and blank lines dropped."""
    text = files("socialrx.classifiers").joinpath(f"data/{name}.txt").read_text(encoding="utf-8")
    section, out = "", []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif line:
            out.append((section, line))
    return out


@cache
def _entries(group: Group) -> tuple[tuple[str, str, str], ...]:
    """(kind, canonical, phrase) of one list, the canonical name being a phrase too."""
    known = _KINDS[group]
    out: list[tuple[str, str, str]] = []
    lines = _read(_FILES[group])
    if group == "cue":  # comma-separated phrases that may wrap across lines
        joined: dict[str, str] = {}
        for section, line in lines:
            joined[section] = f"{joined.get(section, '')} {line}"
        lines = list(joined.items())
    for section, line in lines:
        if section not in known:
            raise ValueError(f"{_FILES[group]}.txt: unknown section {section!r}; expected {known}")
        if group == "cue":
            out.extend((section, section, p.strip()) for p in line.split(",") if p.strip())
            continue
        canonical, _, aliases = line.partition(":")
        canonical = canonical.strip()
        phrases = [a.strip() for a in aliases.split(",") if a.strip()]
        if "(" not in canonical:
            phrases.insert(0, canonical)
        out.extend((section, canonical, p) for p in phrases)
    return tuple(out)


@cache
def lexicon() -> dict[str, Term]:
    """Every phrase's key → its term. A reaction wins over a product, a product over a cue."""
    table: dict[str, Term] = {}
    for group in ("cue", "product", "reaction"):
        for kind, canonical, phrase in _entries(group):
            k = key(phrase)
            old = table.get(k)
            if group == "cue" and old is not None and old.group == "cue":
                table[k] = term("cue", old.kinds | {kind}, "")
                continue
            if old is not None and old.group == group:
                continue  # the first entry of a list wins (a phrase listed twice)
            table[k] = term(group, frozenset({kind}), "" if group == "cue" else canonical)
    return table


@cache
def product_heads() -> frozenset[str]:
    """The first words of the product phrases (where a product hidden in a cue may start)."""
    return frozenset(_phrase(p).split(" ", 1)[0] for _k, _c, p in _entries("product"))


@cache
def written() -> dict[str, Term]:
    """Terms by their written form (lower case, as in the lists): most matches are one."""
    table = lexicon()
    return {_phrase(p): table[key(p)] for p in _raw_phrases() if key(p) in table}


def lookup(matched: str) -> Term | None:
    """The term of a matched phrase, allowing the plural ending the matcher allows."""
    term = written().get(matched)
    if term is not None:
        return term
    table = lexicon()
    k = key(matched)
    term = table.get(k)
    if term is None and k.endswith("s"):
        term = table.get(k[:-1]) or (table.get(k[:-2]) if k.endswith("es") else None)
    return term


def canonical_term(code: str, text: str) -> str | None:
    """The canonical term of an ``ade.product`` or ``ade.reaction`` finding's matched text
    ("Lexapro" → "escitalopram", "can't sleep" → "insomnia"); ``None`` when it is not one."""
    group = {"ade.product": "product", "ade.reaction": "reaction"}.get(code)
    if group is None:
        return None
    if group == "reaction" and _SLEEP.fullmatch(text.lower()):
        return "somnolence"
    if group == "reaction" and _WEIGHT.fullmatch(text.lower()):
        return (
            "weight decreased"
            if text.lower().startswith(("lost", "los", "drop"))
            else ("weight increased")
        )
    term = lookup(text)
    return term.canonical if term is not None and term.group == group else None


def _trie(phrases: list[str]) -> str:
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root)


_CHAR = {" ": r"[\s\-]+", "'": "['\u2019]?"}


def _emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    """One node of the trie: longer continuations before the end of a phrase (so the longest
    phrase wins), each branch led by a distinct literal (so ``re`` tries one per position)."""
    branches = [_CHAR.get(ch, re.escape(ch)) + _emit(child) for ch, child in sorted(node.items())
                if ch]  # fmt: skip
    if "" in node:
        branches.append("")
    if len(branches) == 1:
        return branches[0]
    if branches[-1] == "":
        inner = "|".join(branches[:-1])
        return f"(?:{inner})?" if len(branches) == 2 and "|" not in inner else f"(?:{inner}|)"
    return f"(?:{'|'.join(branches)})"


# "gained 20 lbs", "put on 10 pounds", "lost 15 kg", "30 pound weight gain"
_UNIT = r"\s*(?:lbs?|pounds?|kgs?|kilos?|kilograms?|stone)"
_WEIGHT = re.compile(
    r"(?:gain(?:ed|ing)?|put(?:ting)?\s+on|packed\s+on)\s+"
    r"(?:about\s+|over\s+|almost\s+|nearly\s+|like\s+|around\s+)?\d+(?:\.\d+)?(?:"
    + _UNIT
    + r")?(?![\d.])"
    + r"|(?:lost|los(?:e|ing)|dropped)\s+(?:about\s+|over\s+|almost\s+|nearly\s+|like\s+|"
    r"around\s+)?\d+(?:\.\d+)?"
    + _UNIT
    + r"|\d+(?:\.\d+)?"
    + _UNIT
    + r"\s+(?:weight\s+)?gain(?:ed)?"
)


@cache
def matcher() -> re.Pattern[str]:
    """One pattern for every phrase of every list (a prefix trie behind one word-boundary
    check, a plural ending allowed); match it against the lower-cased text and ``lookup`` each
    match."""
    phrases = sorted({p for p in (_phrase(k) for k in _raw_phrases()) if p})
    return re.compile(rf"(?<![a-z0-9])(?:{_trie(phrases)})(?:e?s)?(?![a-z0-9])")


_SLEEP = re.compile(
    r"(?:sleep|sleeping|slept)\s+(?:for\s+|like\s+|about\s+)?(?:1[0-9]|[2-9][0-9])\+?"
    r"\s*(?:hours|hrs)"
)
# Only run on texts with a digit: a weight change with a number (group ``w``), hours of sleep
# (group ``s``: "slept 14 hours") or a dose.
NUMBERS = re.compile(
    rf"(?<![a-z0-9])(?:(?P<w>{_WEIGHT.pattern})"
    rf"|(?P<s>{_SLEEP.pattern})"
    r"|\d+(?:\.\d+)?\s*(?:mg|mgs|milligrams?|mcg|ml)(?![a-z]))"
)
# Sentence ends ("?" among them for a question).
ENDS = re.compile(r"[.!?;\n]+")
DIGIT = re.compile(r"\d")


def _raw_phrases() -> list[str]:
    return [p for group in _FILES for _k, _c, p in _entries(group)]


def _phrase(raw: str) -> str:
    """A phrase as the trie spells it: lower case, hyphens as spaces, one space between words,
    apostrophes kept (they are optional in the pattern)."""
    return " ".join(raw.lower().replace("\u2019", "'").replace("-", " ").split())


@cache
def gate_stems() -> frozenset[bytes]:
    """Four-letter stems (as ``detectors._match.Folded.stems`` holds them) one of which every
    reaction phrase and weight change holds: a text with none of them reports no adverse event.
    Each phrase is keyed by its longest word (its content word, rarer than "i" or "felt")."""
    common = word_list("function_words") | word_list("common_words") | _EVERYDAY
    words = {"gain", "gained", "gaining", "lbs", "pounds", "kg", "kilos", "stone", "lost"}
    words.add("flu")  # "the flu" after a flu vaccine is the reaction (``ade._flu_after_the_shot``)
    for _k, _c, phrase in _entries("reaction"):
        parts = _NOT_LETTER.sub(" ", phrase.lower()).split()
        if parts:
            words.add(max(parts, key=lambda w: (w not in common, len(w))))
    return frozenset(w.encode("ascii", "replace")[:4] for w in words)


# everyday words that are not in the shared common-word list but would open the gate often
_EVERYDAY = frozenset(
    ("feel", "felt", "feeling", "like", "more", "made", "make", "need", "help", "got", "get",
     "didn", "can", "cant", "couldn", "hard", "ever", "life", "high", "down", "hand", "over",
     "out", "find", "into", "free", "list", "very", "so", "always", "really", "much")
)  # fmt: skip
_NOT_LETTER = re.compile("[^a-z]+")
