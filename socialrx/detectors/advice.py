"""Individual medical advice (advice.individual): a diagnosis or a treatment change aimed at a
specific person — not a general health tip for everyone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from socialrx.detectors._match import Gate, folded, gate, literal_trie, opens
from socialrx.model import OUTGOING, Document, Finding
from socialrx.registry import detector, document_code

_NAME = "advice"
_CODE = "advice.individual"

_MEDS = (
    r"dose|dosage|doses|insulin|meds|medications?|medicine|pills?|prescription|metformin|"
    r"lisinopril|statin|antibiotics?|inhaler|steroids?|prednisone|blood\s+thinners?|warfarin|"
    r"eliquis|antidepressants?|sertraline|zoloft|lexapro|adderall|levothyroxine|synthroid|"
    r"ozempic|semaglutide|ibuprofen|tylenol|acetaminophen|advil|aspirin|amoxicillin|xanax|"
    r"oxycodone|opioids?|methotrexate|chemo|birth\s+control|units"
)
_DRUG_IMPERATIVE = (
    r"amoxicillin|antibiotics?|ibuprofen|advil|motrin|tylenol|acetaminophen|aspirin|benadryl|"
    r"prednisone|steroids?|zyrtec|claritin|mucinex|imodium|xanax|melatonin|azithromycin|"
    r"z-?pack|cipro|keflex|naproxen|aleve|an?\s+extra\s+(?:dose|pill)|double|half|acyclovir|"
    r"valtrex|tamiflu|antihistamines?|zofran|flexeril|muscle\s+relaxers?|"
    r"(?:one|two|three|2|3|a\s+couple\s+of)\s+(?:advil|tylenol|aspirin|ibuprofen|aleve|motrin|"
    r"benadryl|pills?|tablets?)"
)
_CONDITIONS = (
    r"strep|the\s+flu|flu|covid|pneumonia|bronchitis|an?\s+(?:uti|ear\s+infection|sinus\s+"
    r"infection|infection|ulcer|allergy|concussion|migraine|sprain|fracture|hernia|stroke|"
    r"heart\s+attack|virus|blood\s+clot|kidney\s+stone)|uti|appendicitis|diabetes|shingles|"
    r"lyme|mono|anxiety|depression|adhd|gerd|reflux|asthma|eczema|psoriasis|lupus|gout|"
    r"sciatica|vertigo|anemia|a\s+cold|cancer|pink\s+eye|(?:an?\s+)?(?:bacterial|viral)\b"
)


_DIAG = rf"""
    (?:sounds|looks|seems)\s+like\s+(?:you(?:'ve|’ve|\s+have|\s+got|'re|\s+are)?
        |your\s+\w+\s+(?:has|is))\s+(?:got\s+|having\s+)?(?:{_CONDITIONS})\b
  | you\s+(?:definitely|probably|likely|most\s+likely|clearly|obviously|might|may|must)\s+
        (?:have|has|got)\s+(?:{_CONDITIONS})\b
  | (?:that|this|it)(?:'s|’s|\s+is)\s+(?:(?:definitely|probably|likely|clearly|just|only)\s+){{1,2}}
        (?:{_CONDITIONS})\b(?=[^.?!]{{0,60}}\b(?:you|your|take)\b)
"""
_DOSE = rf"""
    (?:double|triple|halve|increase|decrease|reduce|raise|lower|up|cut|stop|skip|quit|change|
       switch|bump\s+up|taper)\s+(?:taking\s+)?your\s+(?:\w+\s+)?(?:{_MEDS})\b
"""
_RX = rf"(?:take|try|start|use|get\s+on)\s+(?:some\s+|an?\s+)?(?:{_DRUG_IMPERATIVE})\b"
_ADDR = (
    r"you\s+(?:should|need\s+to|must|have\s+to|could)\s+"
    r"(?:take|stop|start|try|double|increase|decrease|skip|get\s+on|go\s+off)\b"
    r"(?:\s+(?:your|some|an?|the|more|less))?(?:\s+[a-z][a-z-]{1,30})?"
)
_HANDLE_BEFORE = re.compile(r"(?:^|\s)@\w{2,30}\b[^.?!@]{0,60}$")
_NOT_BEFORE = re.compile(r"\b(?:not|n't|never|don't|dont|do\s+not)\s+$")
_CAUTION_AFTER = re.compile(
    r"[^.?!]{0,40}\b(?:without|unless|until\s+you|before\s+(?:talking|checking|asking)|ask|"
    r"talk|check|consult)\b"
)
_VOCATIVE = re.compile(r"\s*(?:hi|hey|hello|dear)\s+[a-z]+\s*[,!:]")
_RX_BEFORE = re.compile(r"(?:^|[,;:.!?]\s*|\b(?:just|then|so|should|to|you|and)\s+)$")
# Gates: every match of a kind holds one word of each "+"-separated group.
# The first word of each condition (``_CONDITIONS``) and medication (``_MEDS``): a diagnosis
# names a condition, a dose change a medication.
_CONDITION_WORDS = (
    "strep flu covid pneumonia bronchitis uti ear sinus infection ulcer allergy concussion "
    "migraine sprain fracture hernia stroke heart virus blood kidney appendicitis diabetes "
    "shingles lyme mono anxiety depression adhd gerd reflux asthma eczema psoriasis lupus gout "
    "sciatica vertigo anemia cold cancer pink bacterial viral"
)
_MED_WORDS = (
    "dose dosage doses insulin meds medication medications medicine pill pills prescription "
    "metformin lisinopril statin antibiotic antibiotics inhaler steroid steroids prednisone "
    "blood warfarin eliquis antidepressant antidepressants sertraline zoloft lexapro adderall "
    "levothyroxine synthroid ozempic semaglutide ibuprofen tylenol acetaminophen advil aspirin "
    "amoxicillin xanax oxycodone opioid opioids methotrexate chemo birth units"
)
_GATES = {
    "diag": gate(
        "sounds looks seems definitely probably likely clearly obviously might may must just "
        f"only + you your take + {_CONDITION_WORDS}"
    ),
    "dose": gate(
        "double triple halve increase decrease reduce raise lower up cut stop skip quit change "
        f"switch bump taper + your + {_MED_WORDS}"
    ),
    "rx": gate(
        "take try start use get + amoxicillin antibiotic antibiotics ibuprofen advil motrin "
        "tylenol acetaminophen aspirin benadryl prednisone steroid steroids zyrtec claritin "
        "mucinex imodium xanax melatonin azithromycin zpack pack cipro keflex naproxen aleve "
        "extra double half acyclovir valtrex tamiflu antihistamine antihistamines zofran "
        "flexeril muscle pill pills tablet tablets"
    ),
}
_WHY = {
    "diag": "a diagnosis offered to a specific person",
    "dose": "a change to a person's medication or dose",
    "rx": "a treatment recommended to a specific person",
    "addr": "treatment advice addressed to a specific account",
}


@cache
def _patterns() -> dict[str, tuple[re.Pattern[str], Gate]]:
    return {
        "diag": (re.compile(literal_trie(_DIAG)), _GATES["diag"]),
        "dose": (re.compile(literal_trie(_DOSE)), _GATES["dose"]),
        "rx": (re.compile(literal_trie(_RX)), _GATES["rx"]),
    }


@cache
def _addressed() -> re.Pattern[str]:
    return re.compile(_ADDR)


@detector(_NAME, codes=(_CODE,), channels=OUTGOING)
def advice(document: Document) -> Iterator[Finding]:
    """Diagnosis or treatment advice aimed at a specific person."""
    view = folded(document)
    low = view.low
    found: list[tuple[int, int, str]] = []
    words = view.stems
    for kind, (pattern, kind_gate) in _patterns().items():
        if (kind_gate.bare and kind_gate.first.isdisjoint(words)) or not opens(
            kind_gate, words, low
        ):
            continue
        for match in pattern.finditer(low):
            start, end = match.span()
            window = max(0, start - 12)
            if kind == "dose" and (
                _NOT_BEFORE.search(low, window, start) or _CAUTION_AFTER.match(low, end)
            ):
                continue  # "don't stop taking your meds without talking to your doctor"
            if kind == "rx" and not _RX_BEFORE.search(low, window, start):
                continue
            found.append((start, end, kind))
    if "@" in low:  # "@jane you should double your insulin": from the handle to the advice
        for match in _addressed().finditer(low):
            handle = _HANDLE_BEFORE.search(low, max(0, match.start() - 96), match.start())
            if handle is not None:
                found.append((handle.start() + (low[handle.start()] != "@"), match.end(), "addr"))
    if not found:
        return
    addressed = document.channel == "reply" or "@" in low or bool(_VOCATIVE.match(low))
    addressed = addressed or any(kind != "rx" for _, _, kind in found)
    norm = document.norm
    for start, end, kind in sorted(found):
        if kind == "rx" and not addressed:
            continue  # "for a fever, take acetaminophen as directed" is a general tip
        yield Finding(_CODE, norm.span(start, end), 0.8, _NAME, _WHY[kind])


document_code(
    _CODE,
    summary="Diagnosis or treatment advice aimed at a specific person (a handle, a reply, "
    "'sounds like you have …', 'double your insulin').",
    example="@jane you should double your insulin tonight.",
    false_positives="General tips phrased in the second person ('then take ibuprofen as "
    "directed on the label'); quotes of what not to do.",
)
