"""How one sentence reads: the log-odds of each reaction term in it (``classifiers/ade.py``
scans the post and cuts it into sentences; the weights are in ``ade_weights``).

A term's log-odds is its kind's base, plus the sentence's setting (its treatment link, causal or
first-person wording, withdrawal, prior-condition, news and question contexts, other reactions
listed with it) and the cues in a window around it in the same clause (a negation, an efficacy
cue, an indication, a change or severity word, a recovery).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cache
from typing import NamedTuple

from socialrx.classifiers import ade_weights as W
from socialrx.classifiers.ade_words import BIT, Term

__all__ = ["WITHDRAWN", "Item", "score_sentence"]

Item = tuple[int, int, Term, int]  # start, end, term, clause number in its sentence
WITHDRAWN = "an effect while stopping a treatment (withdrawal)"

_B = BIT
_INC = _B["increase"]
_CHANGES = frozenset({"topic", "capacity"})
_NEG, _EFF, _IND, _WOR, _SEV, _REC = (_B["negation"], _B["efficacy"], _B["indication"],
                                      _B["worse"], _B["severe"], _B["recovery"])  # fmt: skip
_CAUSAL, _EXPERIENCE, _WITHDRAWAL, _PRIOR, _NEWS, _ASK = (
    _B["causal"], _B["experience"], _B["withdrawal"], _B["prior"], _B["news"], _B["ask"])  # fmt: skip
_TREATMENT = tuple((_B[kind], weight) for kind, weight in W.TREATMENT)
_LINKS = sum(bit for bit, _w in _TREATMENT)
_CREDIT, _OTHER = _B["credit"], _B["other"]
_TEMPORAL, _STOPPING = _B["temporal"], _B["stopping"]
_LONGEST = 64  # characters: longer than any cue phrase
_FEW = 12  # cues in a sentence below which every term looks at all of them
_GENERAL = _B["general"]
_METOO = _B["metoo"]
_LISTABLE = frozenset({"strong", "symptom", "everyday", "mixed"})


class _Setting(NamedTuple):
    """What a sentence adds to each of its terms: the context (and the stricter one everyday
    complaints get), the same once stopping was said, and the reason in words."""

    context: float
    strict: float
    stopped: float
    stopped_strict: float
    listed: float
    bare: float
    reason: str


def score_sentence(
    items: list[Item], question: bool, named_elsewhere: bool
) -> list[tuple[Item, float, str]]:
    """Each reaction of one sentence with its log-odds and the reason in words."""
    reactions: list[Item] = []
    cues: list[Item] = []
    bits = 0
    for i in items:
        bits |= i[2].bits
        group = i[2].group
        if group == "reaction":
            reactions.append(i)
        elif group == "cue":
            cues.append(i)
    if not reactions:
        return []
    setting = _setting(bits, reactions, question, named_elsewhere)
    starts = [c[0] for c in cues] if len(cues) > _FEW else None
    stops = [c[1] for c in cues if c[2].bits & _STOPPING]
    out = []
    for r in reactions:  # the cues near each term (a window, so long posts stay linear)
        near = cues
        if starts is not None:
            near = cues[bisect_left(starts, r[0] - W.NEAR - _LONGEST) : bisect_right(
                starts, r[1] + W.NEAR)]  # fmt: skip
        local, helped = _local(r, near)
        stopped = bool(stops) and stops[0] <= r[0]  # stopping said before the effect
        if r[2].kind == "everyday":
            ctx = setting.stopped_strict if stopped else setting.strict
            x = W.BASE["everyday"] + ctx + setting.listed + local + setting.bare
        else:
            ctx = setting.stopped if stopped else setting.context
            x = W.BASE[r[2].kind] + ctx + setting.listed + local
        why = WITHDRAWN if stopped else setting.reason
        out.append((r, x, "an efficacy or negation cue next to the effect" if helped else why))
    return out


def _setting(bits: int, reactions: list[Item], question: bool, named_elsewhere: bool) -> _Setting:
    if bits & _GENERAL:
        bits |= _CAUSAL  # "side effects: ..." links the effects listed with it
    context, reason = _context(bits, question, named_elsewhere)
    if bits & _GENERAL and not bits & (_WITHDRAWAL | _NEWS):
        reason = "an effect reported as a side effect"
    strict = context
    if bits & _TEMPORAL and any(r[2].kind == "everyday" for r in reactions):
        strict = _context(bits, question, named_elsewhere, strict=True)[0]
    stopped = stopped_strict = 0.0
    if bits & _STOPPING:
        stopped = _context(bits | _WITHDRAWAL, question, named_elsewhere)[0]
        stopped_strict = _context(bits | _WITHDRAWAL, question, named_elsewhere, strict=True)[0]
    # causal wording, no treatment, an everyday complaint: "billing gives me a headache"
    bare = W.CAUSAL_BARE - W.CAUSAL if bits & _CAUSAL and not bits & _LINKS else 0.0
    # a list of effects reads as a side-effect report, unless all are everyday complaints
    # ("chest pain and can't breathe" is an emergency, not a side-effect list)
    distinct = {r[2].canonical for r in reactions if r[2].kind in _LISTABLE}
    typical = any(r[2].kind != "everyday" for r in reactions if r[2].kind in _LISTABLE)
    listed = min(W.LISTED * (len(distinct) - 1), W.LISTED_MAX) if typical and distinct else 0.0
    return _Setting(context, strict, stopped, stopped_strict, listed, bare, reason)


@cache
def _strongest(links: int) -> float:
    """The weight of the strongest treatment link among ``links`` (bits of ``_TREATMENT``)."""
    return max((w for bit, w in _TREATMENT if links & bit), default=0.0)


def _context(
    bits: int, question: bool, named_elsewhere: bool, strict: bool = False
) -> tuple[float, str]:
    """The sentence-level log-odds and the main reason in words; ``strict`` (for an everyday
    complaint) takes a time cue ("since yesterday") as a link only with a product around."""
    treatment = _strongest(bits & _LINKS)
    if bits & _TEMPORAL and (treatment or named_elsewhere or not strict):
        treatment = max(treatment, W.TEMPORAL)  # "got my flu shot yesterday ..."
    if not treatment and named_elsewhere:
        treatment = W.ELSEWHERE
    if bits & _WITHDRAWAL:
        treatment = 0.0  # the product is being stopped: no link to taking it
    x = treatment
    if bits & _CAUSAL:
        x += W.CAUSAL
    elif bits & (_EXPERIENCE | _METOO):
        x += W.EXPERIENCE
    x += W.OTHER if bits & _OTHER else 0.0
    x += W.WITHDRAWAL if bits & _WITHDRAWAL else 0.0
    x += W.PRIOR if bits & _PRIOR else 0.0
    x += W.EFFICACY if bits & _EFF else 0.0
    x += W.NEWS if bits & _NEWS else 0.0
    x += W.QUESTION if question else W.ASK if bits & _ASK else 0.0
    if bits & _WITHDRAWAL:
        reason = WITHDRAWN
    elif bits & _NEWS:
        reason = "an effect in a third-party or population statement"
    elif bits & _CAUSAL and treatment:
        reason = "an effect attributed to a drug, vaccine or device"
    elif treatment:
        reason = "an effect reported while on a drug, vaccine or device"
    elif bits & _CAUSAL:
        reason = "an effect attributed to an unnamed cause"
    else:
        reason = "a side-effect term without a treatment link"
    return x, reason


def _local(reaction: Item, cues: list[Item]) -> tuple[float, bool]:
    """Cues in the same clause just before or after the term; and whether a negation or
    efficacy cue turned it down."""
    start, stop, t, clause = reaction
    kind = t.kind
    changes = kind in _CHANGES  # a topic or capacity: "gone" is a loss, not a recovery
    before = after = 0
    for c_start, c_stop, c_term, c_clause in cues:
        if c_clause != clause:
            continue
        if c_stop <= start and start - c_stop <= W.NEAR:
            b = c_term.bits
            if b & _NEG and start - c_stop <= W.NEAR_NEGATION and W.NEGATED[kind] < 0:
                b = _NEG  # "no" negates here; it is not also a change ("no sleep")
            if b & _IND and start - c_stop > W.ADJACENT:
                b &= ~_IND
            before |= b
        elif c_start >= stop and c_start - stop <= W.NEAR:
            b = c_term.bits
            if b & _REC and b & _WOR:  # "gone": the nausea passed; the sex drive was lost
                b &= ~_REC if changes else ~_WOR
            after |= b
    near = before | after
    if kind == "capacity" and near & _INC and not near & _WOR:
        return W.HELPED, True  # "more energy", "my focus is higher"
    x, helped = 0.0, False
    if before & _NEG:
        x += W.NEGATED[kind]
        helped = W.NEGATED[kind] < 0
    if near & (_WOR | _INC) and not (before & _NEG and W.NEGATED[kind] > 0):
        x += W.WORSE[kind]
    elif near & _SEV:
        x += W.SEVERE[kind]
    if after & _REC:
        x += W.RECOVERED[kind]
    helping = after & (_EFF if changes else _CREDIT)  # "sleep better"; "gone thanks to"
    if (before & _EFF and not near & (_WOR | _INC | _SEV)) or helping:
        x += W.HELPED
        helped = True
    if before & _IND:
        x += W.INDICATION
    return x, helped
