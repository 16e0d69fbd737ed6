"""Well-known health myths stated as fact (registers no classifier).

``stated_myth(document)`` says whether a sentence of an inbound post states one of the myths
public-health myth-busting pages answer (vaccines and autism, a cure the doctors hide, fluoride
and IQ, sugar feeding cancer …) as fact. Three readings use it: ``misinformation`` raises such
a post to at least ``MYTH_SCORE`` (its model learnt COVID-19 rumours of 2020 and misses older
myths), ``toxicity`` does not file it as abuse without an insult or a swear word (the offensive
tweets taught the model that "toxins", "poison" and "cancer" are abusive), and
``adverse_event`` does not take a myth said of everyone ("statins cause more heart attacks
than they prevent") for one person's side-effect report.

A myth is a subject, then within the sentence what the myth says of it. A sentence that
denies, debunks, mocks, attributes or asks ("myth", "not true", "no evidence", "doesn't",
"conspiracy", "people who think", "?") does not state it; the rhetoric that goes with a myth
("they don't want you to know", "no need for antibiotics", "don't let them give your baby
the shot") is no denial. Written from general knowledge of public-health myth-busting pages; no
dataset text.

A pattern is scanned only when the post holds a word of each set of words every match of it
needs: the sets are derived from the patterns themselves (``_required.required_sets``), so they
cannot drift from them.
"""

from __future__ import annotations

import re
from collections.abc import Set
from functools import cache
from itertools import islice

from socialrx.detectors._match import folded
from socialrx.detectors._required import required_sets
from socialrx.model import Document

__all__ = ["FIRST_PERSON", "MYTH_PATTERNS", "myth_of_everyone", "stated_myth"]

# Between the parts of a myth: a few words of the same sentence (bounded, so a long post cannot
# make the search quadratic).
_GAP = r"[^.!?\n]{0,80}?"
_VACCINE = (
    r"(?:vaccin(?:es?|ed|ations?|ating)|vax(?:x\w*|ed|es|ing|ers?)?|jabs?|shots?|boosters?|mrna|"
    r"immuni[sz]ations?)"
)
# Home remedies and fringe products said to cure, kill or prevent a disease
_REMEDY = (
    r"(?:garlic|lemons?|hot water|vitamin c|steam|ginger|turmeric|colloidal silver|baking soda|"
    r"ivermectin|hydroxychloroquine|hcq|chloroquine|cow urine|onions?|apple cider vinegar|acv|"
    r"essential oils?|black salve|hydrogen peroxide|cannabis oil|cbd oil|hemp oil|"
    r"apricot (?:kernels?|seeds?|pits?)|laetrile|b17|alkaline (?:water|diet)|coffee enemas?|"
    r"juice cleanses?|juicing|oregano oil|oil of oregano|raw milk|fenbendazole|"
    r"chlorine dioxide)"
)
_CURED = (
    r"(?:covid(?:-?19)?|corona(?:virus)?|the virus|cancers?|tumou?rs?|diabetes|autism|hiv|aids|allergies|"
    r"asthma|infections?)"
)
_NOT_SO = r"(?:scam|scams|lie|lies|hoax|poison|racket|fraud|money grab|bioweapon)"
MYTH_PATTERNS = (
    rf"\b{_VACCINE}\b{_GAP}\b(?:cause[sd]?|causing|give[sn]?|gave|leads? to|linked to|makes?|made)\b{_GAP}\b"
    r"(?:autism|autistic|infertil\w*|steril\w*|alzheimer'?s|magnetic|magnetised|magnetized|aids)\b",
    # "linked to", "leads to" and "makes" also say true things of cancer ("linked to a drop in
    # cervical cancer"): only "causes" and "gives" here
    rf"\b{_VACCINE}\b{_GAP}\b(?:cause[sd]?|causing|give[sn]?|gave)\b{_GAP}\b"
    r"(?:sids|cot death|crib death|cancers?|leuka?emia|shaken baby)\b",
    rf"\b{_VACCINE}\b{_GAP}\b(?:full of|loaded with|packed with|filled with)\b{_GAP}\b"
    r"(?:toxins?|poisons?|chemicals|mercury|alumin(?:i?um)|heavy metals|formaldehyde)\b",
    rf"\b{_VACCINE}\b{_GAP}\b(?:contains?|has|have|made (?:with|from))\b{_GAP}\b"
    r"(?:toxins|poison|antifreeze|aborted (?:babies|fetus(?:es)?|foetus(?:es)?))\b",
    rf"\b{_VACCINE}\b{_GAP}\b(?:change[sd]?|changing|alter[sd]?|altering|modif(?:y|ies|ied)|rewrites?|"
    rf"edits?)\b{_GAP}\b(?:dna|genes|genetic code|genome)\b",
    rf"\b{_VACCINE}\b{_GAP}\b(?:microchips?|chips?|tracking devices?|nanobots?|graphene)\b",
    rf"\bmagneti[sz]?(?:c|ed)\b{_GAP}\b(?:after|from|since)\b{_GAP}{_VACCINE}\b",
    rf"\bnatural immunity (?:is|'s) (?:so |much |way |far )?(?:better|safer|stronger|superior)\b{_GAP}"
    rf"{_VACCINE}\b",
    r"\b(?:measles|chicken ?pox|mumps|rubella|whooping cough|polio) (?:is|are|was) (?:just )?"
    r"(?:harmless|not dangerous|no big deal|not a big deal|just a rash|good for (?:you|kids|"
    r"children|the immune system))\b",
    rf"\bmasks?\b{_GAP}\b(?:co2|carbon dioxide|oxygen deprivation|hypoxia|suffocat\w*|lowers? "
    r"(?:your )?oxygen)\b",
    rf"\b5g\b{_GAP}\b(?:spread[s]?|spreading|cause[sd]?|causing|make[s]?|making)\b{_GAP}\b"
    r"(?:virus|covid(?:-?19)?|corona(?:virus)?|cancer|sick)\b",
    # drinking bleach is a myth where it cures ("drinking bleach kills the virus"); said alone
    # it may be a person at risk ("thinking about drinking bleach tonight"): crisis, no myth
    rf"\b(?:drink|drinking|inject|injecting|gargle|gargling|swallow|swallowing)\b{_GAP}\b(?:bleach|"
    rf"disinfectant|chlorine dioxide|mms|hydrogen peroxide)\b{_GAP}\b(?:kills?|cures?|prevents?|"
    r"protects?|treats?|gets? rid of|works)\b",
    rf"\b(?:kills?|kill|cures?|cure|prevents?|prevent|treats?|treat|get rid of)\b{_GAP}\b(?:by|with)"
    rf" (?:drinking|injecting|gargling|swallowing)\b{_GAP}\b(?:bleach|disinfectant|chlorine dioxide|"
    r"mms|hydrogen peroxide)\b",
    rf"\bflu (?:shots?|vaccines?|jabs?)\b{_GAP}\b(?:gives?|gave|causes?|caused)\b{_GAP}\b(?:the flu|"
    r"flu|influenza)\b",
    rf"\b{_REMEDY}\b{_GAP}\b(?:cures?|cured|curing|kills?|prevents?|reverses?|shrinks?|dissolves?|"
    rf"eliminates?|draws? (?:out|the)|will (?:cure|kill|shrink|reverse|dissolve))\b{_GAP}\b"
    rf"{_CURED}\b",
    rf"\b{_REMEDY}\b{_GAP}\b(?:works?|is|are) (?:so |much |way |far )?better than\b{_GAP}\b"
    r"(?:chemo\w*|insulin|antibiotics|tamiflu|the vaccine|vaccines|(?:blood pressure )?"
    r"(?:pills|meds|medications?))\b",
    rf"\b(?:cure|cures|cured|reverse|reverses|reversed|get rid of)\b{_GAP}\b"
    rf"(?:cancer|diabetes|autism|hiv|aids)\b{_GAP}\b(?:with|by|using|drinking|eating|taking)\b"
    rf"{_GAP}\b{_REMEDY}\b",
    rf"\bantibiotics?\b{_GAP}\b(?:kills?|cures?|treats?)\b{_GAP}\b(?:viruses|virus|covid(?:-?19)?|the flu|"
    r"colds?)\b",
    r"\b(?:covid(?:-?19)?|corona(?:virus)?|the virus|the pandemic)\b (?:is|was) (?:a hoax|fake|made up|a "
    r"scam|just (?:a|the) (?:flu|cold))\b",
    r"\bplandemic\b",
    # a cure kept from the public
    rf"\b(?:big pharma|pharma|the government|doctors|the fda|the cdc|oncologists|they)\b{_GAP}\b"
    rf"(?:hides?|hid|hidden|hiding|suppress\w*|covers? up|covered up|buried|sits? on)\b{_GAP}\b"
    r"(?:the |a )?cures?\b",
    rf"\b(?:statins?|blood pressure (?:pills|meds|medications?)|antidepressants?|insulin|"
    rf"chemo(?:therapy)?|vaccin(?:es?|ations?))\b (?:are|is) (?:all |just |a |pure |total |complete |nothing but )*"
    rf"{_NOT_SO}\b",
    rf"\b(?:statins?|vaccin(?:es?|ations?)|chemo(?:therapy)?)\b{_GAP}\bcause[sd]? more\b{_GAP}\bthan (?:they|it) "
    r"(?:prevents?|cures?|saves?)\b",
    rf"\bfluorid\w*\b{_GAP}\b(?:lowers?|lowering|reduces?|damages?|destroys?)\b{_GAP}\b(?:iq|"
    r"brains?)\b",
    rf"\bfluorid\w*\b{_GAP}\bcalcif\w*\b{_GAP}\bpineal\b",
    r"\bfluorid\w* (?:is|are) (?:a |pure |just )?(?:poison|neurotoxin|rat poison|toxic waste)\b",
    rf"\bsugar\b{_GAP}\b(?:feeds?|fuels?|feeding)\b{_GAP}\b(?:cancers?|tumou?rs?)\b",
    rf"\b(?:mammograms?|biops(?:y|ies)|pap (?:smears?|tests?)|cancer screenings?|screenings?)\b{_GAP}\b"
    rf"(?:spreads?|spreading|cause[sd]?|causing)\b{_GAP}\b(?:cancers?|tumou?rs?)\b",
    rf"\bsunscreens?\b{_GAP}\b(?:cause[sd]?|causing|gives? you|leads? to)\b{_GAP}\b(?:skin )?"
    r"cancers?\b",
)
_DEBUNKED = re.compile(
    r"(?<![a-z'])(?:myths?|false|not true|isn't true|untrue|debunk\w*|no evidence|misinformation|"
    r"hoax(?:es)? (?:about|like)|fact.?check\w*|rumou?rs?|don't|doesn't|do not|does not|didn't|"
    r"did not|can't|cannot|won't|will not|never|no|claims? that|some say|believes|people (?:who "
    r")?(?:think|believe)|(?:they|people|folks|everyone|some people) (?:say|said|claim)|"
    r"(?:i )?heard|according to|conspirac\w*|nonsense|lol|anti-?vax\w*)(?![a-z'])"
)
# The rhetoric that goes with a myth holds denial words; it denies nothing
_RHETORIC = re.compile(
    r"(?<![a-z'])(?:(?:don'?t|doesn'?t|do not|does not|won'?t|will not) (?:want (?:you|us|people|"
    r"anyone) to know|tell (?:you|us|people))|no need (?:for|to)|(?:you )?(?:don'?t|do not) need|"
    r"don'?t let (?:them|the \w+|anyone|doctors|nurses|your \w+) (?:give|inject|put|vaccinate|"
    r"jab|poison))(?![a-z'])"
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_MAX_SENTENCES = 100  # a myth is stated early; bounds the work on long or adversarial posts
_LONGEST = 1000
_MEMO = "classifiers.myths"


_Entry = tuple[re.Pattern[str], tuple[frozenset[bytes], ...]]


@cache
def _myths() -> tuple[tuple[_Entry, ...], dict[bytes, tuple[int, ...]], frozenset[bytes]]:
    """Each myth's pattern with every stem set a match needs (``_required.required_sets``: a
    match holds a stem of each); an index from the stems of each myth's rarest set to the
    myths; and those stems together, the gate."""
    entries: list[_Entry] = []
    index: dict[bytes, list[int]] = {}
    for i, pattern in enumerate(MYTH_PATTERNS):
        needs = required_sets(pattern)
        if not needs:
            raise AssertionError(f"a myth pattern has no gate: {pattern[:60]}")
        entries.append((re.compile(pattern), needs))
        for stem in needs[0]:
            index.setdefault(stem, []).append(i)
    keyed = {stem: tuple(found) for stem, found in index.items()}
    return tuple(entries), keyed, frozenset(keyed)


def stated_myth(document: Document) -> bool:
    """Whether a sentence of the post states a well-known myth as fact (once per document)."""
    cached = document.memo(_MEMO)
    if cached is None:
        view = folded(document)
        cached = _stated(view.low, _candidates(view.stems))
        document.remember(_MEMO, cached)
    return bool(cached)


def _candidates(stems: Set[bytes]) -> list[re.Pattern[str]]:
    """The myths whose every needed stem set the post holds (most posts: none)."""
    entries, index, gate = _myths()
    hit = gate.intersection(stems)
    if not hit:
        return []
    found = sorted({i for stem in hit for i in index[stem]})
    return [
        pattern
        for pattern, needs in (entries[i] for i in found)
        if all(not needed.isdisjoint(stems) for needed in needs)
    ]


# A first-person word: a myth told of one's own case ("the flu shot gives me the flu every year")
# is more than a claim.
FIRST_PERSON = re.compile(r"(?<![a-z'])(?:i|i'm|im|i've|ive|me|my)(?![a-z'])")


def myth_of_everyone(document: Document) -> bool:
    """A myth stated as fact, and no first-person word in the post: a claim about everyone
    ("statins cause more heart attacks than they prevent", "drinking bleach kills the virus"),
    not one person's side-effect report."""
    return stated_myth(document) and FIRST_PERSON.search(folded(document).low) is None


def _stated(low: str, patterns: list[re.Pattern[str]]) -> bool:
    if not patterns:
        return False
    for match in islice(_SENTENCE.finditer(low), _MAX_SENTENCES):
        sentence = match.group()[:_LONGEST]
        if (
            any(pattern.search(sentence) for pattern in patterns)
            and "?" not in sentence
            and not _DEBUNKED.search(_RHETORIC.sub(" ", sentence))
        ):
            return True
    return False
