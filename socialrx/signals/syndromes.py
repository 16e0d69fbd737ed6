"""Syndromic mentions: which syndromes (influenza-like illness, gastrointestinal …) a post
mentions, and whether each mention is personal, news, figurative or other talk.

A ``Syndrome`` is plain data: ``any`` terms (one is enough: "flu", "influenza") and ``all``
groups (one term from every group: fever AND (cough OR sore throat)), plus ``exclude`` phrases
that void the hits they overlap ("stomach flu" is not influenza-like, "hay fever" is not a
fever). ``SyndromeMatcher.match(text)`` gives at most one ``Mention`` per syndrome:

- a hit right after a negation ("no fever", "never had the flu") does not count;
- a hit in vaccination talk ("flu shot", "vaccinated against the flu") makes the mention
  ``other``; a hit in a figurative compound ("Bieber fever", "cabin fever", "word vomit",
  "cough up") makes it ``figurative`` — unless a literal hit of the same syndrome remains;
- a literal mention is ``news`` when the post carries news cues (CDC, cases, outbreak,
  reported, a link …) unless its sentence speaks in the first person without them; it is
  ``personal`` when its sentence says someone has it (an infection phrase: "caught the flu",
  "down with", "this flu"; "the flu is killing me"; another symptom) or speaks in the first
  person with an illness word in the post, and is not past ("years ago"), hypothetical ("if",
  "hope", "avoid"), a question, addressed to "you" or about people in general; ``other``
  otherwise (advice, questions, general talk). docs/signals.md, "Syndromic counts", has
  the full order.

Written from general knowledge; no phrase was taken from an evaluation dataset. Nothing is
compiled at import time; the matcher is picklable and never keeps the text it read.
``daily_counts`` aggregates mentions by day, syndrome, kind and region, without text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, NamedTuple, get_args

from socialrx.signals.syndrome_lists import DEFAULT_SYNDROMES, Syndrome, listed
from socialrx.text import normalize

Kind = Literal["personal", "news", "figurative", "other"]
KINDS: tuple[Kind, ...] = get_args(Kind)
HitKind = Literal["literal", "figurative", "aside"]  # aside: vaccination, medicine, comparison


@dataclass(frozen=True)
class Mention:
    """A syndrome mentioned in a text, and how (no span, no text)."""

    syndrome: str
    kind: Kind


# --- context cues (lower-case, normalised text) ----------------------------------------------------

_NEGATION = re.compile(
    r"(?:\bno|\bnot|\bnever|\bwithout|\bfree of|\bdon't have|\bdidn't have|\bdo not have"
    r"|\bdid not have|\bhaven't had|\bhave not had|\bhasn't had|\bhaven't got|\bhasn't got"
    r"|\bdidn't get|\bdon't get|\bnever had|\bnever got|\bisn't|\bwasn't|\baren't"
    r"|\bruled out|\bnegative for|\bavoided|\bdodged|\bescaped|\bno longer have"
    r"|n't (?:catch|get|have|had|got)|\bnot (?:catch|get|have|had|got))"
    r"(?:\s+(?:a|an|the|any|more|real|high|signs?|of|symptoms?|my|bad|serious|longer|actual"
    r"|trace|hint|case|flu|fever|cough))*\s*$"
)
# Vaccination, medicine and comparisons ("flu shot", "flu tablets", "worse than the flu").
_ASIDE_AFTER = re.compile(
    r"[\s-]*(?:shots?|jabs?|vaccines?|vaccinations?|vaccinated|vax\w*|immuni[sz]ations?"
    r"|clinics?|mist|nasal spray|injections?|tablets?|medicines?|meds|medications?|remed\w+"
    r"|pills?|relief|syrup|drops?|lozenges?|sweets)\b"
)
_ASIDE_BEFORE = re.compile(
    r"(?:(?:vaccinated|immuni[sz]ed|vaccines?|vaccination|shots?|jabs?|vaccinating)\s+"
    r"(?:against|for)|\bthan|\bworse|\bdeadlier|\bmore|\bless)\s+(?:the\s+|a\s+)?$"
)
_FIGURATIVE_BEFORE = frozenset(
    listed(
        "bieber, cabin, spring, baby, jungle, gold, disco, night, cup, playoff, playoffs, "
        "election, football, puppy, wedding, travel, shopping, fortnite, festival, beatle, "
        "beatles, hockey, basketball, soccer, march, boat, bunny, oscar, oscars, royal, "
        "saturday, fashion, mania, word, verbal, super, keto, carb, sugar, detox"
    )
)
_FIGURATIVE_AFTER = re.compile(r"[\s-]*(?:pitch|dreams?|game|inducing|worthy|flam\w*|fighters?)\b")
_FIGURATIVE_SENTENCE = re.compile(
    r"\b(?:want to|wanna|makes? me|made me want to|enough to make me|could|going to|gonna)"
    r"(?:\s+want to)?\s+(?:throw up|vomit|puke)\b"
)
_URL = re.compile(r"https?:|www\.|\.com\b|\.org\b|\.gov\b|\bvia\s*$")
_NEWS = re.compile(
    r"\b(?:cdc|who says|health officials?|officials|outbreaks?|cases|deaths|death toll"
    r"|hospitali[sz]ations|reported|reports?|according to|study|studies|researchers"
    r"|scientists|pandemic|epidemic|warns?|warning|nationwide|statewide|per cent|percent"
    r"|breaking|news|article|podcast|fluview|surveillance|public health|health department"
    r"|department of health|confirmed|second wave|death rate|mortality)\b"
    r"|\d+\s*%"
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|i'll|me|my|mine|myself)\b")
_INFECTION = re.compile(
    r"\b(?:ha[sd]|have|having|got|gotten|caught|catch(?:ing)?|getting|gets|down with"
    r"|sick with|ill with|battling|fighting|recovering from|bout of|touch of|case of"
    r"|struck with|coming down with|came down with|suffering from|knocked out by"
    r"|laid up with|in bed with|this|my|his|her|their|these|shake|shaking|kicking|beat"
    r"|beating|survive|surviving|survived|from the|thanks to|because of|with the|with a"
    r"|with|day \w+ of|days of|week of|diagnosed with|into the|picked up|pick up|gave me"
    r"|given me|passed me|over|getting over|got over|shake off|shaken off|shook off|fuck"
    r"|f\*+|screw|damn|stupid|hate)\b(?:\s+[\w'&/*-]+){0,3}\s*$"
)
_HYPOTHETICAL = re.compile(
    r"\b(?:if|hope|hoping|hopefully|don't want|do not want|afraid|scared|worried|avoid"
    r"|avoiding|prevent|preventing|protect|protection|in case|before you|when you|you can"
    r"|you could|tips|how to|ways to|would|could|might|maybe|risk of|chance of"
    r"|trying to (?:catch|get)|keep away|stay away)\b"
)
_PAST = re.compile(
    r"\b(?:years? ago|yrs ago|months? ago|last year|last month|last winter|when i was"
    r"|as a kid|back in"
    r"|one time|that time|in (?:19|20)\d\d|in (?:january|february|march|april|june|july"
    r"|august|september|october|november|december))\b"
)
_ILLNESS = re.compile(
    r"\b(?:sick|ill|feel\w*|felt|bed|rest\w*|dying|die|death|kill\w*|coming on|symptoms"
    r"|fever\w*|cough\w*|headache|throat|sneez\w*|tissues|rough|horrible|awful|miserable"
    r"|ugh|hate|sucks?|worst|home|off work|called in|call in|doctor|tamiflu|better|recover\w*"
    r"|struck|hit me|knocked|achy|aches?|chills|suffer\w*|battl\w*|fight\w*|vomit\w*"
    r"|throwing up|threw up|puk\w*|diarrh\w*|nause\w*|wheez\w*)\b"
)
# "the flu is killing me", "flu has struck", "man flu got me"
_AFFLICTS = re.compile(
    r"\s*(?:is|has|'s|was|had)?\s*(?:just|finally|really|slowly|so)?\s*"
    r"(?:killing|destroying|kicking|creeping|struck|hit|hitting|got me|getting me|knocking|knocked|ruining|wrecking|taking over|beating"
    r"|won't go|will not go|isn't going|is not going|coming on|coming for me)\b"
)
_SYMPTOM = re.compile(
    r"\b(?:fever\w*|cough\w*|headache|throat|sneez\w*|chills|aches?|achy|snott\w*"
    r"|congest\w*|temperature|tissues|in bed|shivering|strep|sinus\w*)\b"
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|u|ur|you're|y'all|yall)\b")
_GENERIC = re.compile(
    r"\b(?:people|everyone|everybody|anyone|anybody|someone|somebody|nobody|they|them"
    r"|folks|kids|children|dogs?|cats?)\b"
)
_SENTENCE_END = re.compile(r"[.!?;\n]+")


def _fold(text: str) -> str:
    """Normalised, case-folded text with typographic apostrophes made plain."""
    folded = normalize(text).text.casefold()
    return folded.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")


def _term_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    parts = sorted({re.escape(t).replace(r"\ ", r"\s+").replace(r"\-", r"[\s-]*")
                    for t in terms}, key=len, reverse=True)  # fmt: skip
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + r")(?![a-z0-9])")


@dataclass(frozen=True)
class _Compiled:
    any: re.Pattern[str] | None
    all: tuple[re.Pattern[str], ...]
    exclude: re.Pattern[str] | None


class SyndromeMatcher:
    """Finds syndrome mentions; patterns are compiled on first use, and dropped on pickling."""

    def __init__(self, syndromes: Sequence[Syndrome] = DEFAULT_SYNDROMES) -> None:
        self.syndromes = tuple(syndromes)
        self._compiled: tuple[_Compiled, ...] | None = None
        self._any_term: re.Pattern[str] | None = None

    def __getstate__(self) -> dict[str, object]:
        return {"syndromes": self.syndromes}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["syndromes"])  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"SyndromeMatcher({[s.name for s in self.syndromes]})"

    def _build(self) -> tuple[tuple[_Compiled, ...], re.Pattern[str]]:
        if self._compiled is None or self._any_term is None:
            self._compiled = tuple(
                _Compiled(
                    _term_pattern(s.any) if s.any else None,
                    tuple(_term_pattern(group) for group in s.all),
                    _term_pattern(s.exclude) if s.exclude else None,
                )
                for s in self.syndromes
            )
            every = [t for s in self.syndromes for t in (*s.any, *(t for g in s.all for t in g))]
            self._any_term = _term_pattern(every)
        return self._compiled, self._any_term

    def match(self, text: str) -> tuple[Mention, ...]:
        """One mention per syndrome the text mentions (none when it mentions none)."""
        compiled, any_term = self._build()
        folded = _fold(text)
        if not any_term.search(folded):
            return ()
        news = bool(_NEWS.search(folded) or _URL.search(folded.rstrip()))
        mentions = []
        for syndrome, patterns in zip(self.syndromes, compiled, strict=True):
            kind = _syndrome_kind(folded, patterns, news)
            if kind is not None:
                mentions.append(Mention(syndrome.name, kind))
        return tuple(mentions)


def _syndrome_kind(folded: str, patterns: _Compiled, news: bool) -> Kind | None:
    """How the text mentions one syndrome, or None when it does not (or only negated)."""
    excluded = [m.span() for m in patterns.exclude.finditer(folded)] if patterns.exclude else []
    slots: list[_AnySlot | _AllGroups] = [_AnySlot(patterns.any)] if patterns.any else []
    if patterns.all:
        slots.append(_AllGroups(patterns.all))
    literal: list[tuple[int, int]] = []
    seen: set[HitKind] = set()
    for slot in slots:
        for span, hit_kind in slot.hits(folded, excluded):
            seen.add(hit_kind)
            if hit_kind == "literal":
                literal.append(span)
    if literal:
        kinds = {_literal_kind(folded, span, news) for span in literal}
        order: tuple[Kind, ...] = ("personal", "news", "other")
        return next(k for k in order if k in kinds)
    if "figurative" in seen:
        return "figurative"
    return "other" if "aside" in seen else None


def _hits(
    pattern: re.Pattern[str], folded: str, excluded: Sequence[tuple[int, int]]
) -> list[tuple[tuple[int, int], HitKind]]:
    """Non-negated, non-excluded hits of ``pattern`` and what each is."""
    found: list[tuple[tuple[int, int], HitKind]] = []
    for m in pattern.finditer(folded):
        a, b = m.span()
        if any(x < b and a < y for x, y in excluded):
            continue
        before = folded[max(0, a - 60) : a]
        if _NEGATION.search(before):
            continue
        found.append(((a, b), _hit_kind(folded, a, b, before)))
    return found


def _hit_kind(folded: str, a: int, b: int, before: str) -> HitKind:
    after = folded[b : b + 30]
    if _ASIDE_AFTER.match(after) or _ASIDE_BEFORE.search(before):
        return "aside"
    words = re.findall(r"[a-z]+", before[-25:])
    if (words and words[-1] in _FIGURATIVE_BEFORE) or _FIGURATIVE_AFTER.match(after):
        return "figurative"
    start, end = _sentence(folded, a, b)
    if _FIGURATIVE_SENTENCE.search(folded[start:end]):
        return "figurative"
    return "literal"


class _AllGroups:
    """The ``all`` rule as a slot: its literal hits count only when every group has one."""

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        self.patterns = patterns

    def hits(
        self, folded: str, excluded: Sequence[tuple[int, int]]
    ) -> list[tuple[tuple[int, int], HitKind]]:
        per_group = [_hits(p, folded, excluded) for p in self.patterns]
        if all(any(k == "literal" for _, k in group) for group in per_group):
            return [hit for group in per_group for hit in group]
        # no literal match of the rule: a figurative hit ("Bieber fever") still says how a
        # term was used; a lone literal or aside hit ("cough drops") mentions no syndrome
        return [(span, k) for group in per_group for span, k in group if k == "figurative"]


class _AnySlot:
    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def hits(
        self, folded: str, excluded: Sequence[tuple[int, int]]
    ) -> list[tuple[tuple[int, int], HitKind]]:
        return _hits(self.pattern, folded, excluded)


def _sentence(folded: str, a: int, b: int) -> tuple[int, int]:
    """The bounds of the sentence holding ``folded[a:b]``."""
    start = 0
    for m in _SENTENCE_END.finditer(folded, 0, a):
        start = m.end()
    end_match = _SENTENCE_END.search(folded, b)
    return start, end_match.start() if end_match else len(folded)


def _literal_kind(folded: str, span: tuple[int, int], news: bool) -> Kind:
    """personal, news or other for a literal hit, from its sentence and the post's news cues:
    personal needs someone to have it (an infection phrase, or "I" with an illness word) with
    no hypothetical, past, generic or news wording around it."""
    a, b = span
    start, end = _sentence(folded, a, b)
    sentence, prefix = folded[start:end], folded[start:a]
    first = bool(_FIRST_PERSON.search(sentence))
    if _PAST.search(sentence) or _HYPOTHETICAL.search(prefix):
        return "news" if news and not first else "other"
    if news and (_NEWS.search(sentence) or not first):
        return "news"
    infected = bool(_INFECTION.search(folded, max(start, a - 80), a))
    if first and (infected or _ILLNESS.search(folded)):
        return "personal"
    question = folded[end : end + 1] == "?"
    if question or _SECOND_PERSON.search(sentence) or _GENERIC.search(prefix):
        return "other"
    if infected or _AFFLICTS.match(folded, b) or _SYMPTOM.search(sentence):
        return "personal"
    return "other"


# --- aggregation ----------------------------------------------------------------------------------


class CountKey(NamedTuple):
    """A cell of the daily counts (no text: what the signal needs and nothing else)."""

    day: date
    syndrome: str
    kind: Kind
    region: str | None


def daily_counts(
    items: Iterable[tuple[date, str, str | None]], matcher: SyndromeMatcher
) -> Counter[CountKey]:
    """Mentions per (day, syndrome, kind, region) of (day or moment, text, region) items; a
    moment counts on its own calendar date. The texts are read once and not kept."""
    counts: Counter[CountKey] = Counter()
    for day, text, region in items:
        when = day.date() if isinstance(day, datetime) else day
        for mention in matcher.match(text):
            counts[CountKey(when, mention.syndrome, mention.kind, region)] += 1
    return counts
