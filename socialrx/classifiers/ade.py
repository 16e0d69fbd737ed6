"""Adverse events: the ``adverse_event`` label and the inbound findings ``ade.product`` and
``ade.reaction``, from one shared computation (``assess``, remembered on the document).

How a post is read (one scan of one compiled trie over the lists of ``ade_words``; each
sentence scored by ``ade_score`` with the weights of ``ade_weights``):

1. every reaction term ("headaches", "can't sleep", "brain zaps"), product ("Lexapro", "flu
   shot", "IUD") and context cue ("made me", "since starting", "no", "helped", "coming off") is
   found, and the text is cut into sentences (and clauses, at "but", "however" ...);
2. each reaction gets a log-odds score: a base for its kind (a term that is nearly always a side
   effect, a drug-typical symptom, an everyday complaint, a condition that drugs also treat, a
   topic such as "sleep" that needs a change cue), raised by a treatment link in its sentence (a
   causal cue, a dose, an intake cue, a named or unnamed product), by a change or severity cue
   next to it and by other reactions listed with it; lowered by a negation or an efficacy cue
   just before it, an indication ("for anxiety"), a withdrawal, prior-condition, question or
   news context;
3. the post's score is the logistic of its best reaction; the label is assigned at 0.5. When it
   is, every reaction whose own score reaches 0.5 becomes an ``ade.reaction`` finding and every
   named product an ``ade.product`` finding, so a safety team gets (product, reaction) pairs;
   ``canonical_term`` maps their text to the canonical vocabulary.

The weights were set by hand and adjusted on the PsyTAR training and development splits
(aggregate counts only, within limits that keep synthetic cases such as "I have a headache" and
questions below 0.5); the figure we report is on its test split.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from socialrx.classifiers.ade_score import Item, score_sentence
from socialrx.classifiers.ade_words import (
    BIT,
    DIGIT,
    ENDS,
    NUMBERS,
    REACTION_KINDS,
    Term,
    canonical_term,
    gate_stems,
    lookup,
    matcher,
    product_heads,
    term,
    written,
)
from socialrx.classifiers.myths import myth_of_everyone
from socialrx.detectors._match import folded, stems
from socialrx.model import Document, Finding, Label
from socialrx.registry import classifier, detector, document_code

__all__ = [
    "MAX_FINDINGS",
    "Case",
    "ade",
    "adverse_event",
    "assess",
    "canonical_term",
    "names_product",
]

_LABEL = "adverse_event"
_PRODUCT, _REACTION = "ade.product", "ade.reaction"
_MEMO = "ade.case"
_FOUND_MEMO = "ade.phrases"
THRESHOLD = 0.5  # findings are reported when the post's score reaches it
# products and reactions reported per post, the first in the text: a real report names a few;
# a 1 MB post repeating "the flu shot gave me a fever" held 68,964 and took a second to list
MAX_FINDINGS = 64

_REACTIONS = sum(BIT[kind] for kind in REACTION_KINDS)
_NEUTRAL, _BREAK, _METOO = BIT["neutral"], BIT["break"], BIT["metoo"]
_INDICATION = BIT["indication"]
# one word that names what kind of condition ("for my period cramps", "for muscle tension"); after
# a determiner the cue stays where it is ("to help with the constipation" the drug caused)
_ONE_WORD = re.compile(r" (?!(?:the|a|an|some|any|this|that|these|those|being|all|its)\b)[a-z]+ ")


class Reaction(NamedTuple):
    start: int
    end: int
    canonical: str
    score: float
    why: str


class Product(NamedTuple):
    start: int
    end: int
    canonical: str


class Case(NamedTuple):
    """The adverse-event reading of one post (offsets into the normalised text)."""

    score: float
    reactions: tuple[Reaction, ...]
    products: tuple[Product, ...]
    why: str


_NONE = Case(0.0, (), (), "no reaction term")
_WEIGHT_UP = term("reaction", frozenset({"strong"}), "weight increased")
_WEIGHT_DOWN = term("reaction", frozenset({"strong"}), "weight decreased")
_OVERSLEEP = term("reaction", frozenset({"symptom"}), "somnolence")
_DOSE = term("cue", frozenset({"intake"}), "")
# A question that asks rather than reports ("does Zoloft cause weight gain?"); "anyone else get
# headaches on it?" still counts as a report.
_ASKING = re.compile(
    r"\s*(?:(?:so|and|but|ok|okay|hi|hey|also|quick\s+question)[\s,:]+)?"
    r"(?:does|do|did|can|could|will|would|is|are|should|has|have|what|why|how|which|when)"
    r"(?![a-z])"
)


# ... or asks in a later clause ("my son has a rash, is the clinic open?"); "is this normal?"
# after an effect asks for reassurance about a report, so it does not make one a question.
_ASKING_LATER = re.compile(
    r"[,:]" + _ASKING.pattern + r"(?!\s+(?:this|that|it)\s+(?:normal|common|a\s+side\s+effect|"
    r"from\s+the\s+\w+|because\s+of\s+the\s+\w+)\b)"
)
# ... and so does a question that opens with it ("is it normal to lose your sense of taste on
# paxlovid?"): the effect is the asker's own
_REASSURANCE = re.compile(
    r"\s*(?:(?:is|it's|its)\s+(?:it\s+)?(?:normal|common|ok|okay)\s+(?:to|that)\b|"
    r"(?:is|are)\s+(?:the|this|that|my|these|those)\s+(?:[\w-]+\s+){1,2}?(?:normal|common|"
    r"expected)\W*$)"
)
# Symptoms with no drug, vaccine or device named or implied, in a post that asks for advice
# ("woke up dizzy this morning, any tips", "my toddler has a rash since yesterday, should I
# worry?"), are a health question, not a side-effect report: capped below the threshold.
_ASKED_CAP = 0.4
_ASKED_WHY = "symptoms in a question, with no treatment named or implied"
# A health myth said of everyone ("statins cause more heart attacks than they prevent",
# "sunscreen causes skin cancer" scored 0.62 and 0.63) is a claim for the misinformation
# label, not a side-effect report: without a first-person word (``myths.myth_of_everyone``) it
# is capped below the threshold. A myth told of one's own case stays.
_MYTH_CAP = 0.4
_MYTH_WHY = "a health myth stated of everyone, not one person's report"
_LINKED = BIT["generic"] | BIT["intake"] | BIT["causal"]
# A request for advice that closes a sentence without a question mark
_ADVICE_ASKED = re.compile(
    r"(?:[,:;-]\s*|\s)(?:any (?:tips|advice|ideas|suggestions)|should i (?:worry|be worried|be "
    r"concerned|see (?:a|the) (?:doctor|dr|gp))|what (?:should|do|can) i do|is (?:this|that|it) "
    r"normal|(?:please )?help me)\W*$"
)


def assess(document: Document) -> Case:
    """The shared computation of the classifier and the detector (computed once per document)."""
    case = document.memo(_MEMO)
    if case is None:
        case = _assess(document)
        document.remember(_MEMO, case)
    return case  # type: ignore[no-any-return]


def names_product(document: Document) -> bool:
    """Whether the post names a drug, vaccine or device of the lists, whatever it says of it
    (the phrase scan is the one ``assess`` makes, kept on the document)."""
    view = folded(document)
    if view.stems.isdisjoint(_product_stems()):
        return False
    return any(t.group == "product" for _s, _e, t in _found_in(document, view.low))


def _found_in(document: Document, low: str) -> list[tuple[int, int, Term]]:
    """``_found`` of the document's text, computed once per document."""
    found = document.memo(_FOUND_MEMO)
    if found is None:
        found = _found(low)
        document.remember(_FOUND_MEMO, found)
    return found  # type: ignore[no-any-return]


@cache
def _product_stems() -> frozenset[bytes]:
    return stems(" ".join(product_heads()))


def _assess(document: Document) -> Case:
    view = folded(document)
    if view.stems.isdisjoint(gate_stems()):
        return _NONE
    low = view.low
    found = _found_in(document, low)
    if _FLU_VACCINE in low:
        found = _flu_after_the_shot(low, found)
    for _s, _e, t in found:
        if t.bits & _REACTIONS:
            break
    else:
        return _NONE
    sentences = _sentences(low, found)
    if any(t.bits & _METOO for _s, _e, t in found):  # the asker has it too: questions report
        sentences = [(items, False) for items, _question in sentences]
    named = [(s, e, t) for s, e, t in found if t.group == "product"]
    taken = bool(named) and not _only_asked_about(low, named)
    best, why = -math.inf, _NONE.why
    scored: list[tuple[Item, float, str]] = []
    for items, question in sentences:
        for item, logit, reason in score_sentence(items, question, taken):
            scored.append((item, logit, reason))
            if logit > best:
                best, why = logit, reason
    score = _logistic(best)
    if score >= THRESHOLD and not named and _asks_advice(low, found):
        score, why = _ASKED_CAP, _ASKED_WHY
    elif score >= THRESHOLD and myth_of_everyone(document):
        score, why = _MYTH_CAP, _MYTH_WHY
    if score < THRESHOLD:
        return Case(score, (), (), why)
    reactions = tuple(
        Reaction(i[0], i[1], i[2].canonical, _logistic(x), r) for i, x, r in scored if x >= 0
    )
    return Case(score, reactions, tuple(Product(s, e, t.canonical) for s, e, t in named), why)


# "the flu" is another cause of a fever ("fever and chills from the flu"), except where a post
# ties it to a flu vaccine named before it ("got the flu shot yesterday and now i have the flu",
# "the flu shot gives me the flu every year"): a causal or time cue between the two, and no
# negation or efficacy cue, make it a flu-like illness after vaccination, which is the reaction.
# "the flu shot can't give you the flu", "i skipped the flu shot and got the flu" stay causes.
_FLU_VACCINE = "flu"
_THE_FLU = frozenset(("the flu", "flu"))
_TIES = BIT["causal"] | BIT["temporal"]
_UNTIES = BIT["negation"] | BIT["efficacy"] | BIT["ask"]
_FLU_REACH = 160  # characters from the shot to "the flu"
_NOT_TAKEN = re.compile(
    r"\b(?:skip\w*|postpon\w*|miss\w*|refus\w*|declin\w*|never|didn't|did not)\b"
)


def _flu_after_the_shot(
    low: str, found: list[tuple[int, int, Term]]
) -> list[tuple[int, int, Term]]:
    """``found`` with each "the flu" tied to the flu vaccine before it made a reaction. Looks at
    most ``_FLU_REACH`` characters back (bounded work on long posts)."""
    illness = lookup("flu like illness")
    if illness is None:
        return found
    out = list(found)
    shot_end = -1  # where the last flu vaccine named ends
    bits = 0  # the cues since then
    for i, (s, e, t) in enumerate(found):
        if t.group == "product" and t.canonical == "influenza vaccine":
            shot_end, bits = e, 0
        elif shot_end < 0 or s - shot_end > _FLU_REACH:
            continue
        elif t.bits & BIT["other"] and low[s:e] in _THE_FLU:
            if bits & _TIES and not bits & _UNTIES and not _NOT_TAKEN.search(low, shot_end, s):
                out[i] = (s, e, illness)
        else:
            bits |= t.bits
    return out


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0


def _found(low: str) -> list[tuple[int, int, Term]]:
    """Every phrase of the lists in the text, and weight changes and doses given in numbers."""
    found: list[tuple[int, int, Term]] = []
    surface = written()
    pattern = matcher()
    covered = 0  # the end of a product found inside a longer cue: matches before it are taken
    for m in pattern.finditer(low):
        start, end = m.span()
        if start < covered:
            continue
        phrase = m.group()
        t = surface.get(phrase)
        if t is None:
            t = lookup(phrase)
            if t is None:
                continue
        if t.group != "product" and " " in phrase:
            longer = _product_inside(low, pattern, start, end)
            if longer is not None:  # "the flu" | "flu shot" in "the flu shot": the product
                start, end, t = longer
                covered = end
        if t.bits & _NEUTRAL:
            continue
        if found and t.bits & _REACTIONS and found[-1][2].bits & _INDICATION:
            c_start, c_end, cue = found[-1]  # "for my period cramps": the indication reaches
            if _ONE_WORD.fullmatch(low, c_end, start):  # over one word to its condition
                found[-1] = (c_start, start - 1, cue)
        found.append((start, end, t))
    if DIGIT.search(low):
        for m in NUMBERS.finditer(low):
            if m.group("w"):
                t = _WEIGHT_DOWN if m.group().startswith(("lo", "dr")) else _WEIGHT_UP
            elif m.group("s"):
                t = _OVERSLEEP
            else:
                t = _DOSE
            found.append((m.start(), m.end(), t))
        found.sort(key=_first)
    return found


def _product_inside(low: str, pattern: re.Pattern[str], start: int,
                    end: int) -> tuple[int, int, Term] | None:  # fmt: skip
    """A product phrase that starts at a later word of the match ``start:end`` and runs past
    its end (the leftmost match hides it)."""
    heads = product_heads()
    space = low.find(" ", start, end)
    while space != -1:
        word_end = low.find(" ", space + 1, end)
        m = (pattern.match(low, space + 1)
             if low[space + 1 : end if word_end == -1 else word_end] in heads else None)  # fmt: skip
        if m is not None and m.end() > end:
            t = written().get(m.group()) or lookup(m.group())
            if t is not None and t.group == "product":
                return m.start(), m.end(), t
        space = low.find(" ", space + 1, end)
    return None


def _first(item: tuple[int, int, Term]) -> int:
    return item[0]


def _sentences(low: str, found: list[tuple[int, int, Term]]) -> list[tuple[list[Item], bool]]:
    """The items of each sentence (with their clause number) and whether it is a question."""
    out: list[tuple[list[Item], bool]] = []
    items: list[Item] = []
    clause = begin = 0
    ends = ENDS.finditer(low)
    end = next(ends, None)
    for start, stop, t in found:
        while end is not None and end.start() < start:
            if items:
                out.append((items, _asking(low, begin, end.start(), end.group())))
            items, clause, begin = [], 0, end.end()
            end = next(ends, None)
        if t.bits & _BREAK:
            clause += 1
        else:
            items.append((start, stop, t, clause))
    if items:
        out.append((items, end is not None and _asking(low, begin, end.start(), end.group())))
    return out


# A product named only in a question whether it may be taken ("is tylenol safe during
# pregnancy? i have a bad headache", "can i take advil with my blood pressure meds?") has not
# been taken: the symptom is the reason to ask, and the product links no other sentence to it.
_MAY_I_TAKE = re.compile(
    r"\b(?:(?:is|are)\s+(?:[\w-]+\s+){0,3}?(?:safe|ok|okay|alright|fine)\b|"
    r"(?:can|could|should|may)\s+(?:i|you|we|he|she|my\s+\w+)\s+(?:take|have|use|give|get)\b)"
)


def _only_asked_about(low: str, named: list[tuple[int, int, Term]]) -> bool:
    """Whether every product named sits in a question asking whether it may be taken (one pass
    over the sentence ends; each sentence is checked once)."""
    ends = ENDS.finditer(low)
    end = next(ends, None)
    begin, checked = 0, -1
    for start, _e, _t in named:  # in text order
        while end is not None and end.end() <= start:
            begin, end = end.end(), next(ends, None)
        if end is None or "?" not in end.group():
            return False
        if begin != checked:
            if _MAY_I_TAKE.search(low, begin, end.start()) is None:
                return False
            checked = begin
    return True


def _asks_advice(low: str, found: list[tuple[int, int, Term]]) -> bool:
    """Whether the post asks (a ``?`` or a closing request for advice) and nothing in it links
    its symptoms to a treatment (an unnamed product, an intake or a causal cue)."""
    if "?" not in low and _ADVICE_ASKED.search(low) is None:
        return False
    return not any(t.bits & _LINKED for _s, _e, t in found)


def _asking(low: str, begin: int, end: int, ending: str) -> bool:
    """Whether a sentence ending in ``?`` asks: it, or a clause after a comma, starts with
    "does", "is", "should" ... ("my son has a rash, is the clinic open?")."""
    if "?" not in ending:
        return False
    if _REASSURANCE.match(low, begin, end) is not None:
        return False
    return (
        _ASKING.match(low, begin) is not None or _ASKING_LATER.search(low, begin, end) is not None
    )


@classifier(_LABEL, codes=(_LABEL,))
def adverse_event(document: Document) -> Iterator[Label]:
    """A drug, vaccine or device linked to a harmful effect (a pharmacovigilance report)."""
    yield Label(_LABEL, assess(document).score if document.text.strip() else 0.0)


@detector("ade", codes=(_PRODUCT, _REACTION), channels=("inbound",))
def ade(document: Document) -> Iterator[Finding]:
    """The product and the reactions of an adverse-event report (when ``adverse_event`` holds)."""
    if not document.text.strip():
        return
    case = assess(document)
    if case.score < THRESHOLD:
        return
    norm = document.norm
    for p in case.products[:MAX_FINDINGS]:
        yield Finding(_PRODUCT, norm.span(p.start, p.end), case.score, "ade",
                      "the product named in an adverse-event report")  # fmt: skip
    for r in case.reactions[:MAX_FINDINGS]:
        yield Finding(_REACTION, norm.span(r.start, r.end), r.score, "ade", r.why)


document_code(
    _LABEL,
    summary="A drug, vaccine or device linked to a harmful effect: a possible adverse-event "
    "report for the drug-safety team.",
    example="Started Lexapro last week and now I get terrible headaches and can't sleep.",
    false_positives="Everyday symptoms told with a treatment nearby but not caused by it "
    "('on antibiotics for my sinus infection, headache all day'); a drug-typical symptom "
    "alone ('so dizzy today', 'so tired'); withdrawal effects when the stopping is said in "
    "another sentence; symptoms of the treated condition told without 'before' or 'for'.",
    details="Scored per reaction term and sentence (weights in classifiers/ade_weights.py): a "
    "log-odds base by the kind of term, plus a treatment link (causal wording such as 'made "
    "me' or 'gave me', an intake cue such as 'since starting', 'on it' or a dose, a named or "
    "unnamed product), change or severity words and other reactions listed with it; minus a "
    "negation or an efficacy cue next to it ('no side effects', 'helped my headaches', 'gone "
    "thanks to'), an indication ('for anxiety'), another named cause ('because the neighbours "
    "are loud'), and withdrawal, prior-condition, question and news contexts. Trade-offs "
    "chosen: (1) terms that are nearly always side effects (weight gain, brain zaps, sexual "
    "side effects, dry mouth, hives) count on their own, and drug-typical symptoms (nausea, "
    "dizziness, insomnia, fatigue) and lists of symptoms count on their own just above the "
    "threshold, because patients' reviews and replies often omit the product; an everyday "
    "complaint (headache, fever, pain, chest pain) needs a treatment link, so 'I have a "
    "headache' and 'chest pain and can't breathe' are not adverse events (the latter is a "
    "crisis); (2) withdrawal effects ('brain zaps since coming off it') score below 0.5: "
    "discontinuation and relapse are a concern of their own, not a side effect of taking the "
    "product (their terms are still matched, so a reviewer can lower the threshold); (3) "
    "the condition being treated ('anxiety', 'depression', 'pain') counts only when made "
    "worse or caused ('made my anxiety worse'); efficacy ('Lexapro helped my anxiety', 'more "
    "energy') never does; (4) questions ('does Zoloft cause weight gain?'), feared effects "
    "('worried about side effects') and news or label statements ('FDA warns of ...') score "
    "low: they are not a person's report; symptoms with no treatment named or implied in a "
    "post that asks for advice ('woke up dizzy this morning, any tips', 'my toddler has a "
    "rash since yesterday, should I worry') are a health question and are capped at 0.4, "
    "while a treatment link keeps the report ('the new pills give me headaches, any tips'); "
    "'is this normal?' after an effect asks for reassurance and keeps a report a report ('been "
    "so dizzy since I started taking it, is that normal?'), and so does a question that says "
    "the asker has it too ('anyone else get headaches on lexapro?', 'has anyone had hair "
    "thinning on the pill? mine started last month', 'is it normal to lose your sense of taste "
    "on paxlovid?'); a health myth said with no first-person word ('statins cause more heart "
    "attacks than they prevent') is a claim for the misinformation label, capped at 0.4. "
    "Findings are reported only when the label is "
    "assigned (score ≥ 0.5): one ade.product per named product, one ade.reaction per reaction "
    "whose own score reaches 0.5. `socialrx.classifiers.ade.canonical_term(code, text)` maps "
    "a finding's text to its canonical term (generic drug or vaccine name, MedDRA-style "
    "reaction term) for signal counts.",
)
document_code(
    _PRODUCT,
    summary="The drug, vaccine or device named in an adverse-event report (generic and brand "
    "drug names, vaccines, devices, and named classes such as 'antibiotics').",
    example="Got my flu shot yesterday, my arm is sore and I had a fever all night.",
    false_positives="A product named in the post but not the one blamed (all named products "
    "are listed); brand words used in another sense ('Pfizer' the company).",
    details="Reported only when adverse_event is assigned. An unnamed product ('this med', "
    "'the pill', 'the shot') counts as a treatment link but is not reported as a product. "
    "canonical_term('ade.product', text) gives the canonical name (Lexapro → escitalopram).",
)
document_code(
    _REACTION,
    summary="The harmful effect reported in an adverse-event report, in lay or medical words "
    "('can't sleep', 'brain zaps', 'hives', 'sore arm').",
    example="This med gave me hives.",
    false_positives="Symptoms of the treated condition listed with side effects; a symptom "
    "that preceded the treatment.",
    details="Reported only when adverse_event is assigned, for each reaction whose own score "
    "reaches 0.5. canonical_term('ade.reaction', text) gives a MedDRA-style term (can't "
    "sleep → insomnia, hives → urticaria).",
)
