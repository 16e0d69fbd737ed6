"""Review replies (``channel=reply``) judged strictly for disclosure.patient: any confirmation
that the reviewer was cared for — their visit, stay, bill, results, records or provider — is a
disclosure. Used by the disclosure detector; registers nothing itself.

Matched on the lower-cased normalised text (``folded``) with one literal trie; a provider named
with a title ("Dr. Lee") must be capitalised in the normalised text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from socialrx.detectors._match import last_word_start, literal_trie
from socialrx.model import Document, Finding

_NAME = "disclosure"
_CODE = "disclosure.patient"

_REPLY_NOUNS = r"""
    visits? | stays? | appointments? | appts? | procedures? | surgery | surgeries | operation |
    treatments? | care(?!\s+(?:about|for\s+(?:our|the)\s+community)) | records? | charts? |
    files? | bills? | billing | invoices? | statements? | balance | account | claims? |
    insurance | results? | tests? | labs? | lab\s+work | bloodwork | scans? | x-?rays? | mri |
    biops(?:y|ies) | diagnosis | prescriptions? | medications? | meds | refills? | doctors? |
    physicians? | surgeons? | nurses? | providers? | therapists? | dentists? | care\s+team |
    discharge | admission | delivery | birth | recovery | condition | injury | illness |
    symptoms? | wait | waiting\s+time | wait\s+time | time\s+(?:with|at)\s+us | exam |
    check-?up | follow-?up | vaccin\w* | shots? | physical | consultation | consult | therapy |
    session | infusion | room | bed | ambulance | er\s+visit | replacement | transplant |
    baby | babies | newborn | little\s+one | twins | son | daughter |
    repair | reconstruction | implants? | screening | mammogram | colonoscopy | ultrasound |
    c-?section | stitches | cast | chemo | radiation | physical\s+therapy | rehab | iv |
    injection | sedation | anesthesia | stitches | x-?ray | ekg | mri\s+scan |
    session | infusion | room | bed | ambulance | er\s+visit | experience\s+(?:with|at|in)\s+
    (?:our|dr|the)\b
"""


# Wording that says the person was cared for: a review reply and a public answer to one person
# both read it.
_CARED_FOR = r"""
    during\s+your\b
  | you\s+(?:were|was|have\s+been|'ve\s+been|’ve\s+been)\s+(?:seen|treated|admitted|
        discharged|our\s+patient|a\s+patient|under\s+our\s+care|in\s+our\s+care)
  | as\s+(?:our|a)\s+(?:valued\s+|long-?time\s+|former\s+|current\s+)?patient
  | (?:caring\s+for|treating|taking\s+care\s+of)\s+you\b | welcome\s+you\s+back
"""


_REPLY = r"""
    your\s+(?:\w+(?:'s|’s)\s+)?(?:\w+\s+)??(?:(?:recent|last|first|upcoming|next|latest|
        previous|follow-?up|recent|scheduled|annual|routine|child's|overnight|long|
        extended)\s+){0,2}(?:VISIT_NOUNS)\b
  | (?:when|while)\s+you\s+were\s+(?:here|with\s+us|in\s+(?:our|the)|at\s+our|seen|admitted|
        treated|our\s+patient|a\s+patient)
  | CARED_FOR
  | (?:we|i|our\s+team|our\s+staff|our\s+nurses|our\s+doctors)\s+(?:\w+\s+)?(?:treated|saw|
        cared\s+for|examined|operated\s+on|admitted|discharged|delivered|billed|charged)\s+
        (?:you|your)\b
  | (?:our|the|your)\s+records?\s+(?:show|shows|indicate|indicates|reflect)
  | according\s+to\s+(?:our|your)\s+(?:records?|chart|file|account)
  | valued\s+patient | (?:are|were|is|was)\s+(?:our|a)\s+(?:valued\s+)?patient
  | feeling\s+better | speedy\s+recovery | get\s+well | heal(?:ing)?\s+quickly
  | see\s+you\s+(?:at|for|during|on)\s+your\b | next\s+(?:appointment|visit|check-?up)
  | (?:pleasure|privilege|honou?r|joy|glad|happy|great)\s+(?:of\s+|to\s+(?:be\s+)?)?(?:having|
        seeing|helping|serving|treat|help|see|serve|care\s+for)\s+you\b
  | we\s+(?:could|were\s+able\s+to)\s+(?:help|treat|care\s+for|assist)\s+you
  | wait\s+you\s+(?:experienced|had) | you\s+had\s+to\s+wait
  | (?:had|have|having)\s+(?:a|an|such\s+a)\s+(?:\w+\s+){0,2}?experience\s+(?:with|at|in)\s+
        (?:our|dr|the)\b
  | had\s+(?:a|such\s+a)\s+(?:long\s+|lengthy\s+)?wait
  | (?:night|overnight|evening)\s+(?:nurses?|staff|shift|team) | on\s+\d{1,2}\s?(?:north|south|
        east|west|[a-z])\b
  | (?:is|are)\s+healing | healing\s+(?:well|nicely|up) | recovering\s+(?:well|nicely|from)
  | after\s+(?:the|your)\s+(?:procedure|surgery|operation|treatment|delivery|visit|stay|
        appointment|exam|scan|infusion)
  | (?:in|at|to|from)\s+(?:our|the)\s+(?:er|ed|emergency\s+(?:room|department)|icu|nicu|picu|
        urgent\s+care|maternity\s+(?:ward|unit)|trauma\s+(?:bay|center)|recovery\s+(?:room|
        area|unit|bay)|pacu|pre-?op(?:\s+area)?|post-?op(?:\s+area)?|triage|exam\s+rooms?|
        labou?r\s+and\s+delivery|mother-?baby\s+unit|infusion\s+(?:center|suite)|cancer\s+center|
        surgery\s+center)\b
  | being\s+(?:discharged|admitted|transferred|sent\s+home|released)
  | (?:discharged|admitted|sent\s+home|released)\s+at\s+\d
  | (?:the|your)\s+(?:anesthesia|anaesthesia|sedation|medication|meds|procedure|surgery|
        injection|shot|chemo|epidural|iv|prep|contrast|dye)\s+(?:left|made|gave|caused)\s+you\b
  | (?:our|the)\s+(?:er|ed|emergency\s+(?:room|department)|icu|nicu|picu|labou?r\s+and\s+
        delivery|maternity|oncology|radiology|surgical|surgery|urgent\s+care|billing|lab|
        pharmacy|cardiology|orthopedics|pediatrics|imaging|infusion|dialysis|rehab|
        behavioral\s+health|mental\s+health|front\s+desk|nursing|dermatology|neurology|urology|
        gastroenterology|gi|obstetrics|ob|ob-?gyn|gynecology|ent|ophthalmology|eye|dental|sleep|
        endocrinology|pulmonology|rheumatology|podiatry|allergy|spine|sports\s+medicine|
        primary\s+care|family\s+medicine|physical\s+therapy|wound\s+care|hospice|
        palliative\s+care|birth\s+center|women's\s+health|fertility|ivf|bariatric|
        transplant|stroke|neonatal)\s+(?:team|staff|
        department|unit|nurses|doctors|office|floor|center)\b
"""


@cache
def _reply_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    nouns = _strip_verbose(_REPLY_NOUNS)
    return (
        re.compile(
            literal_trie(_REPLY.replace("VISIT_NOUNS", nouns).replace("CARED_FOR", _CARED_FOR))
        ),
        re.compile(literal_trie("dr | doctor | nurse") + r"\.?\s+[a-z][a-z'’-]+"),
    )


def _strip_verbose(pattern: str) -> str:
    return re.sub(r"\s+", "", pattern)


def reply_findings(document: Document, low: str) -> Iterator[Finding]:
    norm = document.norm
    confirm, provider = _reply_patterns()
    spans = [m.span() for m in confirm.finditer(low)]
    for match in provider.finditer(low):
        start, end = match.span()
        if norm.text[last_word_start(low, start, end)].isupper():  # "Dr. Lee", not "our doctors"
            spans.append((start, end))
    for start, end in sorted(spans):
        yield Finding(
            _CODE,
            norm.span(start, end),
            0.85,
            _NAME,
            "a reply that confirms the reviewer's care (visit, stay, bill, results, records or "
            "provider); acknowledge without confirming and invite them to get in touch",
        )


# A post that opens to one person ("@ana_r …", "Hi Ana,") confirms their care in fewer ways
# than a review reply does: a review is written by someone who says they were there, an
# @-reply may answer a general question ("our urgent care is open until 9"), so only wording
# that says the person was cared for counts.
_OPENER_CONFIRM = r"""
    your\s+(?:recent\s+|last\s+|previous\s+|first\s+|overnight\s+|long\s+|extended\s+|
        (?:\w+(?:'s|’s)\s+))?(?:visit|stay|procedure|surgery|operation|treatment|delivery|
        discharge|admission|bill|billing\s+statement|test\s+results|results|scan|biopsy|mri|
        x-?ray|er\s+visit|hospital\s+stay|recovery|chemo|infusion|c-?section)\b
  | CARED_FOR | stay\s+with\s+us | time\s+with\s+us
  | (?:when|while)\s+you\s+were\s+(?:here|with\s+us|in\s+(?:our|the)|at\s+our|seen|admitted|
        treated)
  | (?:we|i|our\s+team|our\s+staff|our\s+nurses|our\s+doctors)\s+(?:\w+\s+)?(?:treated|saw|
        cared\s+for|examined|operated\s+on|admitted|discharged|delivered|billed|charged)\s+you\b
  | (?:our|the|your)\s+records?\s+(?:show|shows|indicate|indicates)
  | (?:glad|happy)\s+we\s+(?:could|were\s+able\s+to)\s+(?:help|treat|care\s+for)\s+you
  | see\s+you\s+(?:at|for)\s+your\s+next\s+(?:appointment|visit|check-?up)
"""


@cache
def _opener_pattern() -> re.Pattern[str]:
    return re.compile(literal_trie(_OPENER_CONFIRM.replace("CARED_FOR", _CARED_FOR)))


def opener_findings(document: Document, low: str) -> Iterator[Finding]:
    """Care confirmed to the person a post opens to ("@ana_r … your stay with us")."""
    norm = document.norm
    for match in _opener_pattern().finditer(low):
        yield Finding(
            _CODE,
            norm.span(*match.span()),
            0.85,
            _NAME,
            "a public answer to one person that confirms their care (visit, stay, bill, "
            "results, records); acknowledge without confirming and invite them to get in touch",
        )
