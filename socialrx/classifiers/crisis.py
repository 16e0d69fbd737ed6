"""Crisis triage: the ``crisis`` label (a person at risk of suicide or self-harm, or a medical
emergency, now) and the ``crisis.cue`` findings that point at the words behind it.

One computation serves both (``assess``, kept in ``Document.memo``): the phrases of
``crisis_words`` are found on the lower-cased normalised text, and each is weighed by its
context in the clause and sentence around it:

- who: first person or no subject (social posts drop the "I") counts fully; "you" (supportive
  replies, quotes), third persons and generic people much less, a relative or friend at risk
  ("my son keeps saying he wants to die") still counts;
- negation ("I'm not suicidal", "I would never …"), the past ("used to", "years ago", unless
  "again", "tonight", "lately" …), laughter ("lol", "😂") and empathy ("I know how it feels
  to …") lower it; struggling against an urge ("trying not to …"), a failed or impossible act
  ("I can't even …") and intensity ("haven't been this suicidal in years") are not denials, and
  an attempt (also interrupted or aborted) told in the past still counts (C-SSRS lifetime
  behaviour) unless recovery wording lowers it;
- the whole post: news and research wording, replies that speak to "you" more than of "I",
  recovery ("therapy helped", "5 years clean"), supportive resources ("reach out") and, for
  emergencies, symptom lists and chronic complaints lower it; urgency ("911") raises an
  emergency.

A first-person post with many distinct despair words ("hopeless", "worthless", "trapped" …) is
a cue of its own, without a span; everyday complaint words ("tired", "pain") alone need more. The strongest cues combine (the second and third add less), so
that 0.5 is the decision point, erring towards recall on first-person present ideation.
Everything is linear in the text: phrase lists are prefix tries scanned once per gated kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from functools import cache

from socialrx.classifiers import crisis_context as context
from socialrx.classifiers import crisis_words as words
from socialrx.classifiers.crisis_words import Kind
from socialrx.detectors._match import folded, literal_trie
from socialrx.detectors._required import required_sets
from socialrx.model import Document, Finding, Label
from socialrx.registry import classifier, detector, document_code

_LABEL = "crisis"
_CODE = "crisis.cue"
_DETECTOR = "crisis_cues"
_MEMO = "crisis.assessment"
_CUE_FLOOR = 0.3  # a cue weaker than this after its context is not pointed at
_AP = "['\u2019]"
# (an age in parentheses, "my son (17) sent me …", is no boundary)
_BOUNDARY = re.compile(
    r"[.!?;,:\n\"“”]|\((?!\d{1,3}\))|(?<!\(\d)(?<!\(\d\d)(?<!\(\d\d\d)\)"
    r"|\b(?:but|though|although|because|cause)\b"
)
_SENTENCE_END = re.compile(r"[.!?\n]")
_EMPATHY = (
    r"\b(?:makes|made|making)\s+me\s+$|how\s+it\s+feels|what\s+it['’]?s\s+like|what\s+it\s+feels\s+like|know\s+the\s+feeling|"
    r"been\s+there|\b(?:normal|okay|ok|natural|common|easy|hard|feels?|means)\s+to\s+$|"
    r"\b(?:if|when|whenever)\s+(?:you|someone|anyone|people|your)\b|"
    r"\b(?:anyone|people|those|someone)\s+who\b"
)
_PAST_CLAUSE = r"\b(?:was|were|had|felt|used\s+to|did)\s+(?:[a-z'’]+\s+){0,2}$"
_PAST_START = re.compile(r"(?:wanted|tried|attempted|thought|wished|was|were|had)\b")
# words after a past act that bring the act itself back ("used to …, still do")
_SAME_AGAIN = re.compile(
    r"\b(?:still(?! (?:here|alive|around|breathing|standing))|again|anymore|any more|can['’]?t stop)\b"
)
# a past wish tied to one moment ("wanted to die when …", "… after the game")
_AT_A_MOMENT = re.compile(r"\s+(?:when|after|the moment|at the|during)\b")
_MAX_CUES = 8  # phrases weighed per post (the strongest first): long posts stay cheap
# words after a negation that do not negate the phrase ("can't stop thinking about …", "don't
# know why I …", "haven't been this suicidal in years")
_NOT_NEGATING = (
    r"(?!(?:stop|help|sure|only|even|i|just|wait|anymore|know|understand|care|get|"
    r"(?:been|felt|feeling)\s+(?:this|so|that|more))\b)"
)
# struggling against an urge is not denying it: "trying not to", "hard not to"
_NOT_AFTER = "".join(f"(?<!{w} )" for w in ("try", "trying", "tried", "hard", "how", "best"))
# a failed or impossible act still reveals the intent ("I couldn't even kill myself right"),
# unlike a denial ("I would never …"): these lower the grave kinds less
_FAILED = re.compile(r"(?:couldn|can|not\s+to\b)")
_GRAVE = frozenset({"self_kill", "suicide_act", "attempt", "plan", "self_harm", "end_it"})
# C-SSRS lifetime behaviour: an attempt, interrupted or aborted, counts even when told as past
_HISTORY = frozenset({"attempt", "interrupted"})
# how much who says it counts, per family
_WHO = {
    "suicide": {"first": 1.0, "none": 1.0, "relation": 0.6, "third": 0.35, "generic": 0.3,
                "second": 0.3},
    "other": {"first": 0.9, "none": 0.55, "relation": 1.0, "third": 0.85, "generic": 0.3,
              "second": 0.3},
    "emergency": {"first": 1.0, "none": 1.0, "relation": 1.0, "third": 1.0, "generic": 0.4,
                  "second": 0.35},
}  # fmt: skip
_REPLY = 0.6  # a reply to someone else: their words, or the poster's own past
_DESPAIR_REPLY = 0.7  # despair words in a post that speaks to "you" more than of "I"
_TOGETHER = 0.2  # added when two different kinds of emergency sign occur together


@dataclass(frozen=True, slots=True)
class Cue:
    """One crisis phrase, at normalised offsets (-1 for a post-level cue), weighed by context."""

    start: int
    end: int
    kind: str
    weight: float
    why: str
    emergency: bool = False


@dataclass(frozen=True, slots=True)
class Assessment:
    score: float
    cues: tuple[Cue, ...]


def _phrase(source: str) -> str:
    """A phrase of ``crisis_words`` as a regex: spaces match any white space, apostrophes are
    optional and may be curly."""
    return source.replace(" ?", r"\s*").replace(" ", r"\s+").replace("'", f"{_AP}?")


def _lexicon(phrases: Iterable[str]) -> re.Pattern[str]:
    return re.compile(f"(?:{literal_trie('|'.join(map(_phrase, phrases)))})(?![a-z0-9])")


def _key(text: str) -> str:
    return "".join(text.split()).replace("'", "").replace("\u2019", "")


Needs = tuple[frozenset[bytes], ...]  # stem sets, each of which a text must meet
Entry = tuple[Kind, re.Pattern[str], Needs]  # the sets needed besides the one indexed


def phrase_gates(kind: Kind) -> dict[Needs, list[str]]:
    """The phrases of ``kind`` grouped by what a text needs for them to match: stem sets, each
    of which must meet the text's stems (derived from each phrase's pattern, so a new phrase can
    never go unscanned)."""
    groups: dict[Needs, list[str]] = {}
    for phrase in kind.phrases:
        pattern = _phrase(phrase)
        needs = required_sets(pattern)
        if not needs:
            raise ValueError(f"crisis phrase of {kind.name!r} has no word to gate it on")
        groups.setdefault(needs, []).append(pattern)
    return groups


@cache
def _kinds() -> tuple[tuple[Entry, ...], dict[bytes, tuple[int, ...]], frozenset[bytes]]:
    """The phrases of each kind that need the same words as one pattern, and the entries to
    look at for each stem of their rarest set (by position, so the order of the scan never
    depends on set order)."""
    entries: list[Entry] = []
    index: dict[bytes, list[int]] = {}
    for kind in words.KINDS:
        for needs, patterns in phrase_gates(kind).items():
            source = literal_trie("|".join(patterns))
            pattern = re.compile(f"(?:{source})(?![a-z0-9])")
            entries.append((kind, pattern, needs[1:]))
            for stem in needs[0]:
                index.setdefault(stem, []).append(len(entries) - 1)
    return tuple(entries), {k: tuple(v) for k, v in index.items()}, frozenset(index)


@cache
def _markers() -> tuple[re.Pattern[str], dict[str, frozenset[str]]]:
    """One pattern for every context word, and the categories of each (by ``_key``)."""
    categories: dict[str, set[str]] = {}
    for category, phrases in context.MARKERS.items():
        for phrase in phrases:
            categories.setdefault(_key(phrase), set()).add(category)
    every = {p for phrases in context.MARKERS.values() for p in phrases}
    return _lexicon(sorted(every)), {k: frozenset(v) for k, v in categories.items()}


@cache
def _clause_words() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str]]:
    """Who-words (and who each stands for), and one pattern for what the end of a clause says
    about the phrase after it: negated (``neg``), empathy or generic (``emp``), past (``past``).
    """
    who: dict[str, str] = {}
    for name, group in (("first", context.FIRST), ("second", context.SECOND),
                        ("third", context.THIRD), ("generic", context.GENERIC),
                        ("relation", context.RELATION)):  # fmt: skip
        who.update((_key(w), name) for w in group.split())
    subjects = _lexicon(sorted({w for g in (context.FIRST, context.SECOND, context.THIRD,
                                            context.GENERIC, context.RELATION) for w in g.split()}))  # fmt: skip
    negations = "|".join(map(_phrase, ["no longer", *context.NEGATIONS.split()]))
    clause = re.compile(
        rf"(?P<neg>{_NOT_AFTER}\b(?:{negations})\s+{_NOT_NEGATING}(?:[a-z'’]+\s+){{0,2}}$)"
        rf"|(?P<emp>{_EMPATHY})|(?P<past>{_PAST_CLAUSE})"
    )
    return subjects, who, clause


@cache
def _despair_words() -> tuple[re.Pattern[str], frozenset[bytes], frozenset[str]]:
    """Every despair word as one pattern, their stems (the gate), and the weak ones."""
    weak = context.DESPAIR_WEAK.split()
    vocabulary = context.DESPAIR.split() + weak
    return _lexicon(vocabulary), frozenset(w[:4].encode() for w in vocabulary), frozenset(weak)


@dataclass(frozen=True, slots=True)
class _Post:
    """Whole-post context: the categories of context words present, where the per-sentence
    ones are, and how often the post says "I" and "you"."""

    present: frozenset[str]
    news: int  # distinct news words
    mine: int
    yours: int
    marks: tuple[tuple[int, frozenset[str]], ...]  # (position, categories) of sentence words

    @classmethod
    def of(cls, low: str) -> _Post:
        pattern, categories = _markers()
        present: set[str] = set()
        news: set[str] = set()
        mine = yours = 0
        marks = []
        for match in pattern.finditer(low):
            key = match.group()
            cats = categories.get(key) or categories[_key(key)]
            if "i" in cats:
                mine += 1
            elif "you" in cats:
                yours += 1
            else:
                present |= cats
                if "news" in cats:
                    news.add(key)
                marks.append((match.start(), cats))
        return cls(frozenset(present), len(news), mine, yours, tuple(marks))

    def near(self, category: str, start: int, end: int) -> bool:
        return any(start <= pos < end and category in cats for pos, cats in self.marks)


def _who(clause: str) -> str:
    """first, second, third, relation, generic or none: the last subject-like word."""
    subjects, who, _ = _clause_words()
    found = [who[_key(w)] for w in subjects.findall(clause)]
    if not found:
        return "none"
    if found[-1] == "third" and "relation" in found:
        return "relation"
    return found[-1]


def _weigh(kind: Kind, low: str, start: int, end: int, post: _Post) -> float:
    """The weight of one cue in its context (see the module docstring)."""
    lo = max(0, start - 80)
    clause_start = lo
    for boundary in _BOUNDARY.finditer(low, lo, start):
        clause_start = boundary.end()
    clause = low[clause_start:start]
    sent_start = max(max(low.rfind(c, lo, start) for c in ".!?\n") + 1, lo)
    stop = _SENTENCE_END.search(low, end, end + 80)
    sent_end = stop.start() if stop else min(len(low), end + 80)
    who = _who(clause) if kind.subject else "first"
    weight = kind.weight * _WHO[kind.family][who] * (kind.unsaid if who == "none" else 1.0)
    said: dict[str | None, str] = {
        m.lastgroup: m.group() for m in _clause_words()[2].finditer(clause)
    }
    if "neg" in said:
        failed = kind.name in _GRAVE and _FAILED.match(said["neg"])
        weight *= 0.75 if failed else 0.3
    if "emp" in said:
        weight *= 0.45
    recent = post.near("recent", sent_start, sent_end)
    if (
        recent
        and post.near("past", sent_start, start)
        and not post.near("recent", sent_start, end)
        and not _SAME_AGAIN.search(low, end, sent_end)
    ):  # "last year I tried …, and today I'm grateful": the "today" is of what came later
        recent = False
    if not recent and kind.name in _HISTORY:  # a past attempt is a risk of its own
        if post.near("past", sent_start, sent_end):
            weight *= 0.85
    elif not recent:
        if post.near("past", sent_start, sent_end):
            weight *= 0.6
        elif "past" in said or _PAST_START.match(low, start):
            weight *= 0.8
            if _AT_A_MOMENT.match(low, end):  # "I wanted to die when my team lost": hyperbole
                weight *= 0.5
    tail = min(len(low), end + 40)
    if post.near("laugh", sent_start, tail) or any(
        sign in low[sent_start:tail] for sign in context.LAUGH_SIGNS
    ):
        weight *= 0.6 if kind.name == "plan" else 0.45
    return _post_factor(kind, weight, who, post, recent)


def _post_factor(kind: Kind, weight: float, who: str, post: _Post, recent: bool) -> float:
    """Whole-post context: news, recovery, support, replies; symptom lists, chronic, urgent."""
    if post.news >= 2 and who in ("none", "third", "generic", "relation"):
        weight *= 0.4
    if kind.family == "emergency":
        if "info" in post.present:
            weight *= 0.4
        if "acute" in post.present and "info" not in post.present:  # "call 911 if …" informs
            weight = min(0.97, weight + 0.15)
        elif "chronic" in post.present:
            weight *= 0.6
        return weight
    if "recovery" in post.present and not recent:
        weight *= 0.55
    if "support" in post.present and who != "first":
        weight *= 0.6
    if post.yours > max(post.mine, 1) and who in ("first", "none"):
        weight *= _REPLY
    return weight


def _despair(low: str, stems: Set[bytes], post: _Post | None) -> Cue | None:
    """A post-level cue when a first-person post holds many distinct despair words (everyday
    complaint words alone count two less)."""
    pattern, gate, weak = _despair_words()
    if len(stems & gate) < 3:
        return None
    found = set(pattern.findall(low))
    distinct = len(found) - (2 if found <= weak else 0)
    if distinct < 3:
        return None
    post = post or _Post.of(low)
    if post.mine < 2:
        return None
    weight = (0.5, 0.52)[distinct - 3] if distinct < 5 else min(0.65, 0.54 + 0.03 * (distinct - 5))
    if post.yours > post.mine:
        weight *= _DESPAIR_REPLY
    return Cue(-1, -1, "despair", round(weight, 4), "many signs of despair in the first person")


def _combine(cues: tuple[Cue, ...]) -> float:
    """The strongest cue, with the second and third adding less (a damped noisy-or; a kind seen
    before counts half)."""
    seen: set[str] = set()
    weights: list[float] = []
    for cue in sorted(cues, key=lambda c: (-c.weight, c.kind)):
        weights.append(cue.weight / 2 if cue.kind in seen else cue.weight)
        seen.add(cue.kind)
    miss = 1.0
    for rank, weight in enumerate(sorted(weights, reverse=True)[:3]):
        miss *= 1.0 - weight / (1 << rank)
    # two different emergency signs together ("chest pain" and "can't breathe") are more
    # than either alone
    signs = {c.kind for c in cues if c.emergency and c.weight >= _CUE_FLOOR}
    return min(0.99, 1.0 - miss + (_TOGETHER if len(signs) >= 2 else 0.0))


def assess(document: Document) -> Assessment:
    """The crisis cues of ``document`` and its crisis score (computed once per document)."""
    cached = document.memo(_MEMO)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    view = folded(document)
    result = _assess(view.low, view.stems)
    document.remember(_MEMO, result)
    return result


def _apart(found: list[tuple[int, int, Kind]]) -> list[tuple[int, int, Kind]]:
    """Matches of one kind that do not overlap: its phrases are scanned in groups (by gate), so
    two of them can match the same words; the leftmost, longest one stays."""
    kept: list[tuple[int, int, Kind]] = []
    ends: dict[int, int] = {}
    for start, end, kind in sorted(found, key=lambda f: (f[0], -f[1])):
        if start >= ends.get(id(kind), -1):
            kept.append((start, end, kind))
            ends[id(kind)] = end
    return kept


def _assess(low: str, stems: Set[bytes]) -> Assessment:
    entries, index, gate = _kinds()
    found: list[tuple[int, int, Kind]] = []
    for i in sorted({i for stem in gate & stems for i in index[stem]}):
        kind, pattern, needs = entries[i]
        for needed in needs:
            if needed.isdisjoint(stems):
                break
        else:
            found.extend((m.start(), m.end(), kind) for m in pattern.finditer(low))
    if len(found) > 1:
        found = _apart(found)
    post = _Post.of(low) if found else None
    despair = _despair(low, stems, post)
    if not found and despair is None:
        return Assessment(0.0, ())
    post = post or _Post.of(low)
    strongest = sorted(found, key=lambda f: (-f[2].weight, f[0], f[1], f[2].name))[:_MAX_CUES]
    cues = tuple(
        Cue(
            start,
            end,
            kind.name,
            round(_weigh(kind, low, start, end, post), 4),
            kind.why,
            kind.family == "emergency",
        )
        for start, end, kind in sorted(strongest, key=lambda f: (f[0], -f[1], f[2].name))
    )
    if despair is not None:
        cues += (despair,)
    return Assessment(round(_combine(cues), 4), cues)


@classifier(_LABEL, codes=(_LABEL,))
def crisis(document: Document) -> Iterator[Label]:
    """A person at risk of suicide or self-harm, or a medical emergency, now (score ≥ 0.5)."""
    yield Label(_LABEL, assess(document).score)


@detector(_DETECTOR, codes=(_CODE,), channels=("inbound",))
def crisis_cues(document: Document) -> Iterator[Finding]:
    """The words that made an inbound post a crisis: intent, plan, self-harm, emergency."""
    result = assess(document)
    if result.score < 0.5:
        return
    norm = document.norm
    for cue in result.cues:
        if cue.weight >= _CUE_FLOOR:
            span = norm.span(cue.start, cue.end) if cue.start >= 0 else None
            yield Finding(_CODE, span, cue.weight, _DETECTOR, cue.why)


document_code(
    _LABEL,
    summary="A person at risk now: suicidal thoughts, intent or plans, self-harm, farewells, "
    "or a medical emergency (breathing or an asthma attack the inhaler does not help, chest "
    "pain or tightness with a numb arm, jaw pain or breathlessness, unconscious or hard to "
    "wake, stroke signs, a head injury with confusion or vomiting, a limp baby, a very high "
    "fever, low blood sugar, a sudden worst-ever headache, a fall with no getting up, "
    "overdose or a child into the pills, severe allergic reaction, heavy bleeding, seizure). "
    "The record carries the escalation.",
    example="i cant do this anymore, ive written my goodbye letters",
    false_positives="Hyperbole with laughter ('i want to die lol') is lowered below the "
    "threshold, and first-person talk about suicide in general, a past attempt told without "
    "recovery wording, or resisting an urge ('trying not to hurt myself') may be flagged "
    "(recall is preferred: a person looks). News, supportive replies ('please reach out, call "
    "988') and figurative talk ('this migraine is killing me') are not flagged.",
    details="Rules over the normalised text, weighed by who speaks (first person, a relative, "
    "'you'), negation, past or recovered context, laughter, and news or symptom-list wording; "
    "0.5 is the decision point.",
)
document_code(
    _CODE,
    summary="The words that made an inbound post a crisis, with why in plain words (for "
    "example 'first-person suicidal intent', 'medical emergency: breathing').",
    example="My dad has chest pain and can't breathe, what do I do",
    false_positives="Only reported when the post is labelled crisis; a post-level cue (many "
    "despair words) has no span.",
)
