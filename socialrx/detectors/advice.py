"""Individual medical advice (advice.individual): a diagnosis or a treatment change aimed at a
specific person — not a general health tip for everyone.

Two readings:

- fixed phrasings that are advice wherever they stand ("sounds like you have strep", "double
  your insulin"; a bare "take two Advil" only when the post is addressed to someone);
- in a post addressed to one person (a reply, an @handle, "Hi Dana!", "Sarah, …", "Replying to
  Mark:"), any sentence that tells them what to do with a medicine ("give him half a Tylenol",
  "you can take ibuprofen with your warfarin", "go off the metformin"), names their condition
  ("that's a classic sinus infection", "almost certainly a harmless cyst", "you're having panic
  attacks"), or tells them they need no care ("no need to call the doctor", "skip the
  colonoscopy"). The medicines and conditions come from the medical vocabulary that the
  medical-question label reads (``classifiers/data/question_medical.txt``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set
from functools import cache
from importlib import resources
from itertools import islice

from socialrx.detectors._match import Gate, folded, gate, literal_trie, opens
from socialrx.detectors.addressed import to_one_person
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
# "pick up your prescription", "fill up", "sign up": "up" there is no dose change.
_PHRASAL_UP = re.compile(
    r"\b(?:pick|fill|set|sign|follow|back|line|ring|look|fix|cover|free|speed|"
    r"stock|call|top|refill|re-up)\s+$"
)
_NOT_BEFORE = re.compile(r"\b(?:not|n't|never|don't|dont|do\s+not)\s+$")
_CAUTION_AFTER = re.compile(
    r"[^.?!]{0,40}\b(?:without|unless|until\s+you|before\s+(?:talking|checking|asking)|ask|"
    r"talk|check|consult)\b"
)
# What a sentence addressed to one person may tell them (read only in such posts):
# - what to do with a medicine: a verb, then within a few words a medicine ("give him half an
#   adult Tylenol", "go off the metformin", "you can take ibuprofen with your warfarin");
_TO_DO = re.compile(
    r"\b(?:take|taking|give|giving|try|trying|start|starting|stop|stopping|skip|skipping|drop|"
    r"dropping|go\s+off|come\s+off|get\s+off|quit|quitting|increase|decrease|double|halve|cut|"
    r"lower|raise|switch|swap|mix|combine|pop|use|using|put|apply|rub|grab|borrow|"
    r"ask\s+your\s+pharmacist\s+for)\b((?:\s+[\w'’-]+){1,6})"
)
# - a diagnosis: "that's a classic …", "almost certainly a harmless …", "you're having …",
#   "is just heat rash", "sounds like …";
_NAMED = re.compile(
    r"\b(?:that(?:'s|’s|\s+is)|it(?:'s|’s|\s+is)|this\s+is|is\s+just|is\s+only|are\s+just|"
    r"sounds\s+like|looks\s+like|seems\s+like|you(?:'re|’re|\s+are)\s+having|"
    r"you(?:'ve|’ve|\s+have)\s+got|almost\s+certainly|most\s+likely|definitely|"
    r"probably|textbook|classic)\b((?:\s+[\w'’-]+){1,4})"
)
# - that they need no care.
_NO_CARE = re.compile(
    r"\bno\s+need\s+(?:to|for)\s+(?:a\s+|the\s+|an\s+)?(?:call|see|get|go|come|visit|"
    r"book|worry\s+about\s+seeing)\b[^.!?;\n]{0,30}?\b(?:doctor|dr|doc|anyone|anybody|it|"
    r"them|er|emergency|specialist|pediatrician|dermatologist|checked|seen|appointment)\b"
    r"|\b(?:don't|dont|do\s+not|won't|wont|wouldn't|shouldn't)\s+(?:really\s+)?"
    r"(?:need\s+to|have\s+to|bother\s+to|bother)\s+(?:see|call|go|get|seeing|calling|going)"
    r"\b(?:\s+(?:a|the|an|your|to|it))?\s+(?:doctor|dr|doc|anyone|anybody|er|checked|seen|in|"
    r"specialist|emergency)\b(?!\s+(?:first|beforehand|to\s+get|to\s+book|for\s+(?:a|an|your)\s+"
    r"(?:flu\s+)?(?:shot|vaccine|booster|refill|prescription|test|screening)))"
    r"|\b(?:don't|dont|do\s+not|no\s+need\s+to)\s+bother\s+with\s+(?:the\s+|a\s+)?(?:er|ed|"
    r"doctor|urgent\s+care|emergency\s+room|hospital|clinic|pediatrician)\b"
    r"|\bskip\s+the\s+(?:colonoscopy|mammogram|biopsy|scan|ct|mri|test|tests|screening|"
    r"appointment|er|doctor|follow-up|followup|vaccine|shot|booster)\b"
)
# A sentence that sends the person to care or declines to advise is no advice ("please call our
# nurse line", "we can't give medical advice here", "talk to your doctor before …").
_DEFERS = re.compile(
    r"\b(?:call\s+(?:our|your|the|us)|talk\s+to|speak\s+(?:to|with)|ask\s+your\s+(?:doctor|"
    r"provider|clinician|care\s+team)|check\s+with|can(?:'t|’t|not)\s+(?:give|offer|provide)|"
    r"unable\s+to\s+(?:give|offer)|see\s+(?:your|a|an|our)\s+(?:doctor|provider|clinician|"
    r"pediatrician|care\s+team|specialist|pharmacist)|(?:worth|get|getting)\s+(?:it\s+)?"
    r"(?:checked|looked\s+at)|should\s+be\s+(?:checked|seen|evaluated|looked\s+at)|"
    r"as\s+prescribed|book\s+(?:with|an?\s+appointment)|sorry\s+to\s+hear|hope)\b"
)
_SENTENCE = re.compile(r"[^.!?;\n]+")
_MAX_SENTENCES = 100  # a reply to one person is short; bounds the work on adversarial input
_WORD = re.compile(r"[\w'’-]+")
# "if the new statin is making your legs ache, just take it every other day": a medicine named
# in the sentence, then an instruction about "it".
_TO_DO_IT = re.compile(
    r"\b(?:take|stop|skip|cut|double|halve|split|crush|lower|raise|increase|decrease|drop)\s+"
    r"(?:it|them|one|two|half)\b(?:\s+(?:in\s+half|every\s+other\s+day|twice|once|"
    r"at\s+(?:night|bedtime)|instead|for\s+a\s+(?:few\s+)?(?:days?|weeks?)|with\s+food|"
    r"a\s+day|daily))?"
)
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
    "person.med": "tells a specific person what to do with a medicine",
    "person.dx": "names a specific person's condition",
    "person.care": "tells a specific person they need no care",
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


# Sections of the medical vocabulary read for each role (by their "# " heading).
_MEDICINE_SECTIONS = ("medicines and substances", "more medicines")
_CONDITION_SECTIONS = ("conditions", "injuries and emergencies", "more conditions and symptoms")


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Vaccines are offered to everyone ("you can get the vaccine at any of our pharmacies"); words
# that name no particular condition ("it's chronic", "that's a reaction") name no diagnosis.
_NOT_MEDICINE = _set(
    "vaccine vaccines vaccination vaccinations vaccinated flu shot booster immunization shot "
    "shots drug drugs"
)
_NOT_CONDITION = _set(
    "condition conditions disease diseases disorder disorders syndrome illness symptom symptoms "
    "diagnosis diagnosed misdiagnosed complication complications reaction reactions chronic "
    "acute immune immunity pregnancy pregnant disability outbreak epidemic pandemic prognosis "
    "remission relapse terminal genetic hereditary inherited mutation adverse toxic toxicity "
    "contagious deficiency infected"
)
# A condition word followed by these is a service, not a diagnosis ("it's flu season").
_SERVICE_AFTER = _set(
    "shot shots vaccine vaccines season clinic clinics test tests pump pumps app portal card "
    "coupon program refill refills list drop-off disposal kiosk assistance supplies"
)
# Words that end the object of a verb ("stop by our pharmacy to pick up your prescription").
_OBJECT_ENDS = _set("by at in to from off and or but so if when while because")


def _vocabulary(sections: tuple[str, ...]) -> frozenset[str]:
    raw = resources.files("socialrx.classifiers").joinpath("data", "question_medical.txt")
    entries: set[str] = set()
    section = ""
    for line in raw.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            heading = line[2:].strip()
            section = next((s for s in sections if heading.startswith(s)), "")
            continue
        if section:
            for raw_entry in line.split(","):
                entry = " ".join(raw_entry.split())
                if entry:
                    entries.add(entry)
                    if " " not in entry and entry[-1] not in "sy'":
                        entries.add(entry + "s")
    return frozenset(entries)


@cache
def _medicines() -> frozenset[str]:
    return _vocabulary(_MEDICINE_SECTIONS) - _NOT_MEDICINE


@cache
def _conditions() -> frozenset[str]:
    return _vocabulary(_CONDITION_SECTIONS) - _NOT_CONDITION


def _token(written: str) -> str:
    """A word as the vocabulary spells it: straight apostrophe, no quotes, no "'s"."""
    return written.replace("’", "'").strip("'").removesuffix("'s")


def _named_end(words: str, known: frozenset[str], ends: frozenset[str]) -> int:
    """Where, in the words after a verb or a cue, the first of ``known`` (a word or two words)
    ends, before any word of ``ends``; -1 when none is named."""
    tokens = [(_token(m.group()), m.end()) for m in _WORD.finditer(words)]
    for i, (token, end) in enumerate(tokens):
        if token in ends:
            return -1
        nxt, nxt_end = tokens[i + 1] if i + 1 < len(tokens) else ("", end)
        if nxt in _SERVICE_AFTER:
            return -1
        if token in known:
            return end
        if f"{token} {nxt}" in known:
            return nxt_end
    return -1


_SMALL_WORDS = frozenset((b"the", b"a", b"an", b"of", b"in", b"on", b"my", b"to"))


@cache
def _told_gate() -> frozenset[bytes]:
    """A stem of every medicine and condition, cut at non-letters as ``folded`` cuts the text:
    a sentence ``_told`` reads as advice about a medicine or a condition holds one."""
    heads: set[bytes] = set()
    for entry in _medicines() | _conditions():
        # its longest stem as the normaliser leaves it ("coq10" reads "coqio"): when the entry
        # is in a text, so are all its stems, and one of them suffices ("a cold" → "cold")
        found = folded(Document(entry, "outbound")).stems
        heads.add(max(found, key=lambda w: (len(w), w not in _SMALL_WORDS, w)))
    return frozenset(heads)


# Every "no care" phrasing (``_NO_CARE``, ``_REASSURED``) holds one of these.
_NO_CARE_WORDS = ("need", "have to", "bother", "skip", "worry", "normal", "fine", "harmless",
                  "serious", "benign")  # fmt: skip
# "@sam_t your blood pressure of 150/95 is nothing to worry about": the person's own finding
# judged harmless (what it is, the words after "your", must name a condition or one of
# ``_MEASURES``).
_REASSURED = re.compile(
    r"\byour\s+((?:[\w'’/.-]+\s+){1,5}?)(?:is|are|looks?|sounds?|seems?|reads?)\s+(?:totally\s+|"
    r"completely\s+|perfectly\s+|probably\s+|definitely\s+|likely\s+|just\s+|really\s+)?"
    r"(?:nothing\s+to\s+worry\s+about|fine|normal|nothing\s+serious|harmless|benign|not\s+"
    r"(?:serious|a\s+concern|concerning|dangerous|worrying))\b"
)
# What a reassurance is about, besides the conditions: the person's measurements and signs.
_MEASURES = frozenset(
    (
        *_set(
            "bp sugar glucose a1c cholesterol numbers levels results labs pulse temperature temp "
            "fever rash mole lump bump cough pain symptoms swelling bruise spot ekg ecg x-ray "
            "scan mammogram reading readings"
        ),
        *("blood pressure", "blood sugar", "heart rate", "lab results"),
    )
)


def _may_tell(low: str, words: Set[bytes]) -> bool:
    return not _told_gate().isdisjoint(words) or any(w in low for w in _NO_CARE_WORDS)


def _tokens(words: str) -> list[str]:
    """The words as ``_named_end`` reads them."""
    return [_token(w) for w in _WORD.findall(words)]


@cache
def _first_words() -> frozenset[str]:
    """The first word of every medicine and condition (a sentence without one names none)."""
    return frozenset(entry.split()[0] for entry in _medicines() | _conditions())


def _told(low: str) -> Iterator[tuple[int, int, str]]:
    """Advice in the sentences of a post addressed to one person."""
    medicines, conditions = _medicines(), _conditions()
    for sentence in islice(_SENTENCE.finditer(low), _MAX_SENTENCES):
        text, base = sentence.group(), sentence.start()
        no_care = [m.span() for m in _NO_CARE.finditer(text)]  # "no need to call the doctor"
        no_care += [
            m.span()
            for m in _REASSURED.finditer(text)
            if _named_end(m.group(1), conditions | _MEASURES, frozenset()) >= 0
        ]
        for start, end in no_care:
            yield base + start, base + end, "person.care"
        if no_care:
            continue
        if _first_words().isdisjoint(_tokens(text)):
            continue  # names no medicine and no condition
        told: list[tuple[int, int, str]] = []
        for pattern, known, kind in (
            (_TO_DO, medicines, "person.med"),
            (_NAMED, conditions, "person.dx"),
        ):
            for match in pattern.finditer(text):
                end = _named_end(match.group(1), known, _OBJECT_ENDS)
                if end >= 0:
                    told.append((base + match.start(), base + match.start(1) + end, kind))
                    break
        it = _TO_DO_IT.search(text)
        if it is not None and _named_end(text, medicines, frozenset()) >= 0:
            told.append((base + it.start(), base + it.end(), "person.med"))
        if told and not _DEFERS.search(text):  # "talk to your doctor before you stop …"
            yield from told


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
            if (
                kind == "dose"
                and low.startswith("up", start)
                and _PHRASAL_UP.search(low, window, start)
            ):
                continue
            if kind == "rx" and not _RX_BEFORE.search(low, window, start):
                continue
            found.append((start, end, kind))
    if "@" in low:  # "@jane you should double your insulin": from the handle to the advice
        for match in _addressed().finditer(low):
            handle = _HANDLE_BEFORE.search(low, max(0, match.start() - 96), match.start())
            if handle is not None:
                found.append((handle.start() + (low[handle.start()] != "@"), match.end(), "addr"))
    to_one = to_one_person(document, low)
    if to_one and _may_tell(low, words):  # what a fixed phrasing found is not reported twice
        found.extend(t for t in _told(low) if not any(t[0] < b and a < t[1] for a, b, _ in found))
    if not found:
        return
    addressed = to_one or any(kind != "rx" for _, _, kind in found)
    norm = document.norm
    for start, end, kind in sorted(found):
        if kind == "rx" and not addressed:
            continue  # "for a fever, take acetaminophen as directed" is a general tip
        yield Finding(_CODE, norm.span(start, end), 0.8, _NAME, _WHY[kind])


document_code(
    _CODE,
    summary="Diagnosis or treatment advice aimed at a specific person (a reply, an @handle, "
    "'Hi Dana!', 'Sarah, …'): 'sounds like you have …', 'double your insulin', 'give him half a "
    "Tylenol', 'no need to see a doctor'.",
    example="@jane you should double your insulin tonight.",
    false_positives="General tips phrased in the second person ('then take ibuprofen as "
    "directed on the label'); quotes of what not to do; a reply to one person that names a "
    "medicine after a verb for another reason ('@sam you can pick up your insulin pens at the "
    "front desk' is not matched, 'grab some ibuprofen on your way' is).",
)
