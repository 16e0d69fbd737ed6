"""Unsubstantiated claims (claim.unsubstantiated): cures, guarantees, "100%", miracles,
superlatives, "no side effects", off-label or unapproved uses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from socialrx.detectors._match import Gate, any_gate, folded, gate, hits, literal_trie, opens
from socialrx.model import OUTGOING, Document, Finding
from socialrx.registry import detector, document_code

_NAME = "claims"
_CODE = "claim.unsubstantiated"
_PLACES = r"(?:the\s+)?(?:country|nation|world|state|region|city|town|area|county|america|u\.?s\.?|midwest|south|north|east|west)"
_WHAT = (
    r"hospital|hospitals|doctors?|surgeons?|physicians?|care|cancer\s+(?:care|center|centre)|"
    r"clinic|clinics|treatment|treatments|outcomes|results|nurses|medical\s+(?:center|care)|"
    r"health\s+system|heart\s+(?:care|center|program)|team|specialists?|dentists?|practice|"
    r"facility|program|surgery"
)


_KINDS = {
    "cure": r"""
        (?:cures?|cured|will\s+cure|can\s+cure|guaranteed\s+to\s+cure|permanently\s+
           (?:cures?|fix(?:es)?|eliminates?|reverses?)|reverses?|eliminates?|eradicates?|
           heals?|repairs?|regrows?|regenerates?)\s+
        (?:your\s+|all\s+|any\s+|most\s+)?(?:type\s+[12]\s+)?
        (?:cancer|diabetes|arthritis|alzheimer'?s|dementia|autism|hiv|aids|covid|depression|
           anxiety|obesity|aging|ageing|infertility|heart\s+disease|back\s+pain|pain|migraines?|
           asthma|allergies|insomnia|acne|disease|diseases|illness|everything|it\s+all|
           chronic\s+\w+|fatigue|lyme|fibromyalgia|neuropathy|long\s+covid|cataracts|
           hair\s+loss|wrinkles|nerve\s+damage|cartilage|arthritis\s+pain|
           (?:\w+\s+)?pain\s+for\s+good)\b
      | (?:kills?|destroys?|eliminates?|wipes?\s+out)\s+(?:any|all|every|100%\s+of)\s+(?:\w+\s+)?
           (?:virus|viruses|bacteria|infections?|cancer(?:\s+cells)?|germs|pathogens|parasites)\b
      | (?:erase|erases|reverse|reverses|take\s+off|takes\s+off|turn\s+back)\s+(?:\d+|five|ten|
           fifteen|twenty)\s+years\b
      | (?:reverses?|cures?|eliminates?)\s+(?:it|them)\s+(?:without|naturally|for\s+good|
           permanently|in\s+(?:just\s+)?\d+)
      | (?:say\s+goodbye\s+to|get\s+rid\s+of|banish|end|no\s+more)\s+(?:your\s+)?(?:\w+\s+){0,2}?
           (?:pain|migraines?|headaches?|arthritis|diabetes|anxiety|depression|insomnia|acne|
           allergies|asthma|neuropathy|sciatica|snoring|wrinkles|cellulite|hair\s+loss)\s+
           (?:forever|for\s+good|permanently)\b
      | (?:hyperbaric|chelation|stem[- ]cells?|iv\s+(?:vitamins?|drips?|therapy)|vitamin\s+drips?|
           detox|supplements?|essential\s+oils?|cbd|ozone|colloidal\s+silver|cleanse|
           homeopathic|energy\s+healing|cupping|chiropractic|adjustments?|acupuncture|reiki|
           naturopathic|herbal\s+remed(?:y|ies)|magnets?)\b[^.!?\n]{0,50}?\b(?:treats?|heals?|
           cures?|reverses?|fixes|prevents?)\s+(?:your\s+|all\s+)?(?:children's\s+|kids'\s+)?
           (?:autism|cancer|covid|long\s+covid|
           diabetes|alzheimer'?s|dementia|hiv|multiple\s+sclerosis|ms|parkinson'?s|lyme|adhd|
           infertility|depression|anxiety|heart\s+disease|arthritis|asthma|ear\s+infections?|
           infections|colic|scoliosis|allergies|high\s+blood\s+pressure|hypertension)\b
    """,
    "guar": r"""
        guarantee[ds]?\s+(?:results|recovery|success|relief|a\s+cure|to\s+\w+|you(?:'ll|
           \s+will)?|weight\s+loss|outcomes?|it\s+works|your)\b
      | money[- ]back\s+guarantee\b | results\s+guaranteed\b
      | (?:zero|0\s?%|no)\s+(?:\w+\s+){0,2}?(?:infections?|complications?|infection\s+rate|
           complication\s+rate|readmissions?)\b[^.!?\n]{0,30}?\bguaranteed\b
      | (?:lose|drop|shed|melt|burn)\s+(?:up\s+to\s+)?\d+\s*(?:pounds|lbs?|kilos?|kg|sizes?|
           inches)\b[^.!?\n]{0,40}\b(?:in|within)\s+(?:just\s+)?(?:\d+|one|two|a)\s+
           (?:days?|weeks?|months?)\b
      | (?:melts?|burns?|blasts?|dissolves?)\s+(?:away\s+)?(?:stubborn\s+)?(?:belly\s+)?
           (?:fat|cellulite)\b
      | clinically\s+proven\s+to\s+(?:melt|burn|erase|eliminate|reverse|cure|stop|end|regrow|
           double|triple|boost)\b
    """,
    "pct": r"""
        100\s?%\s*(?:effective|safe|success(?:ful)?|guaranteed|cure|natural\s+cure|results|
           recovery|of\s+patients|painless|risk[- ]free|proven|satisfaction|cured|
           of\s+the\s+time|of\s+(?:cases|users|people|clients))\b
      | (?:zero|no|never\s+had\s+a)\s+failures?\b | never\s+fails\b | doctors\s+hate\s+(?:this|him|her|it)\b
      | (?:one\s+hundred|100)\s+percent\s+(?:effective|safe|guaranteed|success)
    """,
    "miracle": r"""
        miracle\s+(?:cure|drug|pill|treatment|results?|supplement|worker|procedure|diet|
           injection|shot)s?\b
      | miraculous(?:ly)?\s+(?:cure|results?|recovery)
      | boosts?\s+(?:your\s+)?(?:immunity|immune\s+system|metabolism)\s+(?:and|to|by)\s+
           (?:cure|prevent|fight|reverse|beat)
      | (?:immunity|immune)[- ]boost(?:ing|ers?)?\b
      | (?:flush(?:es)?|cleanses?|purges?|detox(?:es|ifies)?|removes?|clears?|draws?\s+out|
           pulls?\s+out)\s+(?:out\s+)?(?:the\s+|your\s+|all\s+)?(?:body\s+of\s+)?
           (?:toxins|impurities|heavy\s+metals)\b
      | never\s+(?:get|catch|have)\s+(?:an?\s+|the\s+)?(?:cold|flu|sick|infection|headache|
           migraine)s?\s+again\b
    """,
    "safe": r"""
        (?:no|zero|without\s+any)\s+side[- ]effects\b | risk[- ]free\b | zero\s+risk\b
      | (?:completely|totally|perfectly|absolutely)\s+(?:safe|harmless|painless)\b
      | no\s+risks?\s+(?:at\s+all|whatsoever)\b | painless\s+and\s+permanent\b
    """,
    "sup": rf"""
        (?:the\s+)?(?:best|finest|greatest|top|safest)\s+(?:{_WHAT})\s+in\s+{_PLACES}\b
      | (?:number\s+one|no\.\s?1)\s+(?:{_WHAT})\b
      | (?:world|nation|country|america|state)(?:'s|’s)\s+(?:best|finest|greatest|safest|
           most\s+advanced|leading)\b
      | better\s+than\s+(?:any|every|all)\s+(?:other\s+)?(?:{_WHAT})\b
      | only\s+(?:treatment|cure|doctor|hospital)\s+that\s+(?:works|can)
    """,
    # "#1 hospital": its own pattern, led by "#" so that the engine skips from "#" to "#" (a
    # hashtag opens the gate of the "sup" words otherwise); no match of it overlaps theirs
    "sup#": rf"""\#(?<![a-z0-9]\#)\s?1\s+(?:{_WHAT})\b""",
    "label": r"""
        off[- ]label\b | not\s+(?:yet\s+)?(?:fda[- ])?approved\s+(?:for|to|by)\b
      | unapproved\s+(?:use|uses|drug|treatment|indication)s?\b
      | (?:fda|clinically)[- ](?:approved|proven)\s+to\s+(?:cure|reverse|prevent\s+all)\b
      | works\s+for\s+(?:anything|everything)\b
      | works\s+for\s+(?:so\s+)?much\s+more\s+than\b
      | (?:also|even)\s+(?:works|helps)\s+(?:for|with)\s+(?:your\s+)?\w+[^.!?\n]{0,30}\b(?:too|as\s+well)\b
    """,
}
# Gates: every match of a kind holds one of its words ("best …" claims need a place too:
# "best hospital in the state"); digits and "#" are no words, hence the literals.
_SUP_PLACES = (
    "country nation world state region city town area county america us u midwest south north "
    "east west"
)
_GATES = {
    "cure": gate(
        "cure cures cured reverse reverses eliminate eliminates eradicate eradicates permanently "
        "heal heals repair repairs regrow regrows regenerate regenerates kill kills destroy "
        "destroys wipe wipes",
        "erase erases reverse reverses take takes turn + years",
        "goodbye rid banish end more + forever good permanently",
        "treat treats fixes prevent prevents + hyperbaric chelation stem drip drips vitamin "
        "vitamins detox supplement supplements essential oils cbd ozone colloidal cleanse "
        "homeopathic energy cupping chiropractic adjustment adjustments acupuncture reiki "
        "naturopathic herbal magnet magnets",
    ),
    "guar": gate(
        "guarantee guaranteed guarantees",
        "lose drop shed melt burn + pounds lbs lb kilos kilo kg sizes size inches",
        "melt melts burn burns blast blasts dissolve dissolves + fat cellulite",
        "clinically + proven",
    ),
    "pct": gate("percent failure failures fails hate", literals=("100",)),
    "miracle": gate(
        "miracle miraculous miraculously boost boosts booster boosters boosting",
        "flush flushes cleanse cleanses purge purges detox detoxes detoxifies remove removes "
        "clear clears draw draws pull pulls + toxins impurities heavy",
        "never + again",
    ),
    "safe": gate("effects risk harmless safe", literals=("painless",)),
    "sup": gate(
        "number world nation country america state better only",
        f"best finest greatest top safest + {_SUP_PLACES}",
        literals=("no.",),
    ),
    "sup#": gate(literals=("#",)),
    "label": gate(
        "label approved unapproved proven also even much",
        literals=("anything", "everything"),
    ),
}
_ANY = any_gate(_GATES.values())
_WHY = {
    "cure": "a claim that something cures a disease",
    "guar": "a guarantee of results",
    "pct": "an absolute percentage claim",
    "miracle": "a 'miracle' claim",
    "safe": "a claim of no risk or no side effects",
    "sup": "a superlative or ranking claim that needs substantiation",
    "sup#": "a superlative or ranking claim that needs substantiation",
    "label": "an off-label or unapproved use",
}


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str], Gate], ...]:
    return tuple(
        (kind, re.compile(source if kind == "sup#" else literal_trie(source)), _GATES[kind])
        for kind, source in _KINDS.items()
    )


_AMONG = re.compile(r"\b(?:among|one\s+of)\s+$")
# A cure claim denied or debunked ("supplements cannot cure cancer", "myth: … cures …").
_DENIED = re.compile(
    r"\b(?:cannot|can't|can’t|don't|don’t|do\s+not|doesn't|doesn’t|does\s+not|won't|won’t|"
    r"will\s+not|not|never|no\s+(?:evidence|proof)|myths?|false|claims?\s+that|beware|"
    r"there(?:'s|’s|\s+is)\s+no|no\s+(?:supplement|pill|diet|product|treatment|therapy|cure)s?)\b"
)


def _sentence_before(low: str, start: int, reach: int, end: int) -> str:
    """The text from up to ``reach`` characters before ``start`` (not crossing the end of a
    sentence) to ``end``."""
    head = low[max(0, start - reach) : start]
    cut = max(head.rfind(c) for c in ".!?\n")
    return head[cut + 1 :] + low[start:end]


@detector(_NAME, codes=(_CODE,), channels=OUTGOING)
def claims(document: Document) -> Iterator[Finding]:
    """Cure, guarantee, "100%", miracle, no-risk, superlative and off-label claims."""
    view = folded(document)
    low, words = view.low, hits(_ANY, view)
    if not opens(_ANY, words, low):
        return
    found: list[tuple[int, int, str]] = []
    for kind, pattern, kind_gate in _patterns():
        if (kind_gate.bare and kind_gate.first.isdisjoint(words)) or not opens(
            kind_gate, words, low
        ):
            continue
        for match in pattern.finditer(low):
            start = match.start()
            if kind in ("sup", "sup#") and _AMONG.search(low, max(0, start - 12), start):
                continue  # "among the top hospitals in the state": a cited peer ranking
            if kind == "cure" and _DENIED.search(_sentence_before(low, start, 40, match.end())):
                continue  # "no supplement can cure cancer": the post debunks the claim
            found.append((start, match.end(), kind))
    norm = document.norm
    for start, end, kind in sorted(found):
        yield Finding(_CODE, norm.span(start, end), 0.8, _NAME, _WHY[kind])


document_code(
    _CODE,
    summary="Cure, guarantee, '100%', miracle, no-risk, superlative ('best hospital in the "
    "state'), off-label or unapproved-use claims.",
    example="Our new therapy cures diabetes with no side effects, guaranteed!",
    false_positives="Cited rankings ('named #1 hospital by …'); debunking posts whose denial "
    "is far from the claim (a denial in the same sentence, 'supplements cannot cure cancer', "
    "is not matched, nor is fundraising for research, 'help us find a cure').",
)
