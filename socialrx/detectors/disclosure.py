"""Patient disclosures (disclosure.patient): an identifiable patient together with health or
care information, or a confirmed care relationship.

Outbound posts need two things: an identifying element (``our patient`` + name, a person the
names detector found, ``Mrs. X``, a room or bed, initials, an age) and care information (an
admission, a discharge, a treatment, a diagnosis, a birth …). Review replies are judged
strictly: any confirmation that the reviewer was cared for (their visit, stay, bill, results,
doctor …) is a disclosure.

All matching happens on the normalised text (``document.norm``) so spaced, leetspeak and
look-alike evasions are caught; spans are mapped back to the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from functools import cache
from itertools import islice

from socialrx.detectors._match import folded, last_word_start, literal_trie, stems
from socialrx.detectors.addressed import opens_to_one
from socialrx.detectors.care_words import EVENT as _EVENT
from socialrx.detectors.care_words import LIVING_WITH
from socialrx.detectors.care_words import TOPIC as _TOPIC
from socialrx.detectors.names import first_names, people
from socialrx.detectors.people_places import PLACE_WORDS, names_place
from socialrx.detectors.replies_check import opener_findings, reply_findings
from socialrx.detectors.wordlists import lexicon
from socialrx.model import OUTGOING, Document, Finding, Span
from socialrx.registry import detector, document_code
from socialrx.text import Normalized

_NAME = "disclosure"
_CODE = "disclosure.patient"

# Words that make "patient" a modifier of something else ("our patient portal") — not a person.
_PT_NOUNS = (
    r"and|or|&|portal|portals|care|experience|experiences|safety|navigators?|navigation|"
    r"advocates?|advocacy|services?|famil(?:y|ies)|education|educators?|satisfaction|parking|"
    r"lounges?|cent(?:er|re)s?|relations|representatives?|reps?|support|access|engagement|"
    r"outcomes?|flow|transport(?:ation)?|volumes?|visitors?|financial|registration|intake|"
    r"information|info|rights|privacy|feedback|voices?|council|advisory|partners?|partnership|"
    r"ambassadors?|liaisons?|coordinators?|rooms?|beds?|population|community|first|centered|"
    r"centred|focused|needs|comfort|day|week|month|appreciation|resources?|guides?|handbook|"
    r"materials?|forms?|billing|accounts?|assistance|line|hotline|app|check-?in|transfers?|"
    r"meals?|food|dining|library|gardens?|areas?|waiting|lobby|wing|floors?|towers?|mix|load|"
    r"ratios?|quality|surveys?|ratings?|reviews?|testimonials?|perspectives?|panel|data|"
    r"records?|confidentiality|identifiers?|wristbands?|stories|story|welfare|wellbeing|"
    r"well-being|journey|journeys|concerns?|complaints?|questions|surveys?|volunteers?|"
    r"escort|transporters?|sitters?|lifts?|handling|monitoring|monitors?|satisfaction|"
    r"advisors?|friends?|visits?|appointments?|scheduling|access|population|groups?|"
    r"ombudsman|ombudsperson|office|desk|team|teams|staff|room"
)


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Capitalised words that follow "our patient" but are no names.
_NOT_NAMES = _wordset(
    "who whose with in on at from is was has had and or the a an after before during this that "
    "today yesterday tonight rang received got went came celebrated"
)

# A name (case-sensitive, on the normalised text) right after "our patient".
_NAME_AFTER = re.compile(
    r",?\s+([A-Z][a-z'’-]{1,30}(?:\s+[A-Z]\.(?=\s))?(?:\s+[A-Z][a-z'’-]{1,30})?"
    r"|[A-Z]\.\s?[A-Z]\.?|[A-Z]{2}\b)"
)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The cue patterns, matched against the lower-cased text (case is checked afterwards where
    it matters: titles, initials, names)."""
    end = r"(?![a-z0-9])"
    return {
        "event": re.compile(literal_trie(_EVENT) + end),
        "topic": re.compile(literal_trie(_TOPIC) + end),
        "pt": re.compile(literal_trie(r"patients? | pt | frequent\s+flyers?") + end),
        "hon": re.compile(
            literal_trie("mrs | mr | ms | mx | miss") + r"\.?\s+[a-z](?:[a-z'’-]{1,30}|(?![a-z]))"
        ),
        "inroom": re.compile(
            literal_trie(
                r"""(?:(?:the|this|that|our|my)\s+(?:\w+\s+){0,3}(?:lady|man|guy|woman|gentleman|
                       kid|kiddo|girl|boy|baby|twins|triplets|patient|pt|grandma|grandpa|dude|mom|
                       dad)|patient|pt)
                       \s+(?:in|from)\s+(?:(?:the\s+)?(?:nicu|icu|picu|er|ed|ccu)\s+)?
                       (?:(?:room|rm|bed|bay|pod)\s*\#?\s*\d{1,4}[a-z]?|\d{1,3}[a-z]?)"""
            )
            # a bare number is a room only when no unit of time or amount follows ("in 2 days")
            + r"\b(?!\s*(?:years?|yrs?|days?|weeks?|months?|hours?|hrs?|minutes?|mins?|%|am|pm|"
            r"a\.m|p\.m|lbs?|kg|st|nd|rd|th)\b)"
        ),
        "room": re.compile(
            literal_trie("room | rm | bed | bay | pod") + r"\s*\#?\s*\d{1,4}[a-z]?\b"
        ),
        "age": re.compile(
            r"\d{1,3}[- ](?:year|yr|month|week|day)s?[- ]old\b|\d{1,3}\s?(?:yo|y/o|y\.o\.)(?!\w)"
            r"|\b(?:aged?|ages)\s+\d{1,3}\b"
        ),
        "name_age": re.compile(r"[A-Z][a-z'’-]{1,30},\s?\d{1,3}\s?,"),
        # ", 16,": a cheap first look for name_age, and the age after initials ("A.M., 16,")
        "comma_age": re.compile(r",\s?\d{1,3}\s?,"),
        "vip": re.compile(
            literal_trie(
                r"""(?:mayor|senator|governor|coach|principal|pastor|sheriff|ceo|boss|neighbor|
                       teacher|chief|judge|congressman|congresswoman|councilman|councilwoman|
                       officer|deputy|trooper|sergeant|sgt|captain|firefighter)
                       (?:\s+[a-z][a-z'’-]{1,30})?(?:'s|’s)\s+(?:son|daughter|wife|husband|mom|mother|dad|
                       father|kid|kids|child|children|baby|brother|sister|grandma|grandpa|family|
                       parents)
                  | (?:a|the|some)\s+(?:(?:certain|local|famous|well-known|city|state)\s+){0,2}
                       (?:celebrity|news\s+anchor|pro\s+athlete|influencer|council\s*member|
                       councilman|councilwoman|politician|congressman|congresswoman|actor|actress|
                       singer|rapper|athlete)"""
            )
            + r"(?![a-z0-9])"
        ),
    }


_PT_BEFORE = re.compile(
    r"""(?:\b(?:our|my|this|that)\s+(?:(?:young|little|sweet|brave|amazing|awesome|former|1:1|
         one-on-one|one-to-one|first|last|next|only|other|new|
         favou?rite|oldest|youngest|newest|tiniest|littlest|strong|wonderful|special|
         sweetest|\d{1,3}[- ]year[- ]old|\d{1,3}[- ]month[- ]old|\d{1,3}(?:,\d{3})*(?:st|nd|rd|th)|
         hundredth|thousandth)\s+){0,2}
       |\bhad\s+a\s+|\bformer\s+|\bex-|\b(?:dr\.?|doctor|nurse)\s+[a-z'’-]{2,30}(?:'s|’s)\s+)$""",
    re.VERBOSE,
)
# (only whether it matches counts, so the nouns may be tried as a prefix trie)
_PT_AFTER_NOT = re.compile(r"[-'’]\w|\s+" + literal_trie(_PT_NOUNS, word=r"\w") + r"\b")
# "my fave kiddo on the unit", "our little guy on 4 West": one person in the care of the poster
_ON_THE_UNIT = re.compile(
    r"\b(?:my|our)\s+(?:[\w-]+\s+){0,2}(?:kiddo|kid|patient|pt|lady|guy|gentleman|boy|girl|"
    r"baby|little\s+one|man|woman)\s+(?:on|in)\s+(?:the|our|my)\s+(?:unit|floor|ward|icu|nicu|"
    r"picu|er|ed)\b"
)
_ONE_OF = re.compile(r"\bone\s+of\s+(?:our|my)\s+(?:[\w-]+\s+){0,3}$")
_OF_OURS = re.compile(r"\s+of\s+(?:ours|mine)\b")
# "our first New Year's baby", "the 100th baby born here in 2027", then a name (``_id_cues``)
_ORDINAL_BABY = re.compile(
    r"\b(?:our|the)\s+(?:\d{1,3}(?:,\d{3})*(?:st|nd|rd|th)|first|second|third|hundredth|"
    r"thousandth)\s+(?:[\w'’-]+\s+){0,3}?bab(?:y|ies)\b(?:\s+(?:born\s+)?(?:of|in|at)\s+"
    r"(?:the\s+)?(?:new\s+year|year|\d{4}|here))?"
)
_BABY = re.compile(r"\b[Bb]aby\s+[A-Z](?:[a-z'’-]{1,30})?\b(?![-'’])")
# "the Garcia family", "the Garcia twins" (not "Smith Family Center": case is checked)
_FAMILY = re.compile(
    r"\b[Tt]he\s+[A-Z][a-z'’-]{1,30}\s+(?:family|twins|triplets|boys|girls|kids|children|"
    r"brothers|sisters)\b"
)
# "the girl from Oak Street", "a 40-year-old man from Dayton": a person placed by where they live
# (the place must be capitalised).
_FROM_PLACE = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Tt]hat|[Tt]his)\s+(?:(?:young|little|old|elderly|retired|local|"
    r"\d{1,3}[- ]year[- ]old)\s+)?(?:girl|boy|man|woman|lady|guy|kid|teen|teenager|gentleman|mom|"
    r"dad|mother|father|grandma|grandpa|baby|toddler|teacher|nurse|driver|firefighter|officer|"
    r"farmer|veteran|retiree|student|pastor|coach|mailman|mail\s+carrier|postman|barista|"
    r"bartender|librarian|crossing\s+guard|\d{1,3}[- ]year[- ]old)\s+(?:from|on)\s+"
    r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December)\b)[A-Z][a-z]"
)
# "34M, pro hockey player", "72 yo F with": a case written in clinical shorthand (age and sex).
_CASE = re.compile(  # led by a digit (what comes before is checked in ``_described``)
    r"\d{1,3}\s?(?:yo\s?|y/o\s?|y\.o\.\s?)?(?:m|f|yom|yof)(?![\w])"
    r"(?=\s*[,:;(]|\s+(?:with|who|presenting|presented|came|comes|brought|admitted|pt|patient|"
    r"w/|s/p|h/o|hx|c/o)\b)"
)
# "patient is a local high school teacher", "our newest dialysis patient is a retired teacher"
_DESCRIBED = re.compile(
    r"\bpatient\s+(?:is|was)\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:teacher|driver|nurse|doctor|"
    r"firefighter|officer|pilot|player|coach|student|veteran|pastor|lawyer|chef|mechanic|farmer|"
    r"athlete|musician|singer|actor|artist|writer|owner|retiree|engineer|professor|principal|cop|"
    r"soldier|marine|grandmother|grandfather|grandma|grandpa|\d{1,3}[- ]year[- ]old|local)\b"
)
# "the bus driver in last week's crash", "the UPS driver who collapsed on Route 9", "the pilot
# from yesterday's emergency landing": a person everyone can name from the news.
_IN_THE_NEWS = re.compile(  # led by the person's noun: "the" and "a" are everywhere
    r"\b(?:driver|pilot|passenger|cyclist|biker|motorcyclist|"
    r"pedestrian|hiker|swimmer|runner|jogger|worker|firefighter|officer|cop|teen|teenager|boy|"
    r"girl|man|woman|kid|child|student|player|victim|survivor|climber|skier|lineman|trucker)\s+"
    r"(?:who|in|from|of|involved\s+in)\s+(?:[\w'’-]+\s+){0,4}?(?:crash|accident|collision|wreck|"
    r"shooting|stabbing|explosion|emergency\s+landing|collapsed|drowning|near-drowning|"
    r"overdose|pileup|pile-up|(?:dog|shark|bear)\s+attack|mauling|fell|plunge)\b"
)
# ... and named as one known person ("the driver in …", not "a man who has a heart attack")
_DEFINITE_BEFORE = re.compile(r"\b(?:the|that|this)\s+(?:[\w-]+\s+){0,2}$")
# "the couple who run the bakery on Main Street": a person named by their business and street
# (the place is checked for a capital).
_BY_BUSINESS = re.compile(  # led by the person's noun; on the lower-cased text
    r"\b(?:couple|man|woman|guy|lady|family|owner|owners|manager|"
    r"barber|baker|pastor|chef)\s+(?:who\s+(?:run|runs|own|owns|manage|manages|works?\s+at)|"
    r"of|from|at)\s+the\s+(?:[\w'’-]+\s+){0,2}?(?:bakery|diner|cafe|café|restaurant|shop|store|"
    r"bar|pub|salon|barbershop|gym|church|pharmacy|garage|farm|library|market|deli|pizzeria|"
    r"bookstore|laundromat|hardware\s+store|florist)\s+(?:on|at|in|by)\s+"
)
# "he's been our patient since he was born": a care relationship confirmed, the person named
# elsewhere in the post.
_OURS_SINCE = re.compile(
    r"\b(?:he|she|they)(?:'s|’s|\s+has|\s+is|\s+was|\s+have|\s+are|'ve|’ve)\s+(?:been\s+)?"
    r"(?:our|my)\s+patients?\b(?![-'’])"
)
# "I treated a woman today who …": one patient of the poster's, placed in time and described.
_TREATED_TODAY = re.compile(
    r"\b(?:i|we)\s+(?:treated|saw|cared\s+for|admitted|delivered|operated\s+on|stitched\s+up|"
    r"had)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:woman|man|lady|guy|girl|boy|kid|teen|patient|"
    r"gentleman|grandma|grandpa|mom|dad|veteran|\d{1,3}[- ]year[- ]old)\s+(?:in\s+(?:clinic|"
    r"the\s+\w+)\s+)?(?:today|tonight|this\s+morning|yesterday|last\s+night|this\s+week)\s+who\b"
)
# An age that belongs to staff: "our 92-year-old volunteer Marjorie".
_STAFF_AGE_AFTER = re.compile(
    r"\s+(?:volunteer|nurse|doctor|physician|employee|staff|staffer|team\s+member|board\s+member|"
    r"donor|chaplain|greeter|receptionist|surgeon|therapist|pharmacist|retiree|founder)s?\b"
)
# Led by the dot so ``re`` scans for "." only; the letter before it is checked behind.
_INITIALS = re.compile(r"\.(?<=[A-Z]\.)(?<![\w.][A-Z]\.)\s?[A-Z]\.(?:\s?[A-Z]\.)?(?!\w)")
_GATES = {
    "hon": stems("mrs mr ms mx miss"),
    "family": stems("family twins triplets boys girls kids children brothers sisters"),
    "baby": stems("baby"),
    "from": stems(
        "girl boy man woman lady guy kid teen teenager gentleman mom dad mother father grandma "
        "grandpa baby toddler teacher nurse driver firefighter officer farmer veteran retiree "
        "student pastor coach old mailman carrier postman barista bartender librarian guard"
    ),
    "room": stems("room rm bed bay pod"),
    "inroom": stems(
        "room rm bed bay pod lady man guy woman gentleman kid kiddo girl boy baby twins triplets "
        "patient pt grandma grandpa dude mom dad"
    ),
    "age": stems("old yo y age aged ages"),
    "vip": stems(
        "mayor senator governor coach principal pastor sheriff ceo boss neighbor teacher chief "
        "officer deputy trooper sergeant sgt captain firefighter "
        "judge celebrity anchor athlete influencer council councilman councilwoman politician "
        "congressman congresswoman actor actress singer rapper"
    ),
}
_ANY_GATE = frozenset().union(*_GATES.values())
# The vip cue is a well-known person (these words) or someone's relative ("the mayor's son":
# the other vip words, then an apostrophe-s).
_VIP_ALONE = stems(
    "celebrity anchor athlete influencer council councilman councilwoman politician congressman "
    "congresswoman actor actress singer rapper"
)


def _gate(kind: str, words: AbstractSet[bytes], low: str) -> bool:
    """Whether the cue pattern ``kind`` can match at all."""
    if _GATES[kind].isdisjoint(words):
        return False
    return kind != "vip" or not _VIP_ALONE.isdisjoint(words) or "'s" in low or "’s" in low


_NOT_INITIALS = _wordset(
    "U.S. D.C. A.M. P.M. R.N. M.D. B.S. M.S. P.A. N.P. D.O. L.A. N.Y. U.K. E.R. B.A. M.A. O.R. "
    "I.V. N.J. S.F. E.U. Q.A. P.T. O.T. R.T. A.D. B.C. J.D. L.P. C.N."
)
_HYPOTHETICAL = re.compile(
    r"\b(?:if|once|when|whether|become|becoming|be|as|are|any|every|each|new)\s+"
    r"(?:you(?:\s+are|'re|’re)?\s+)?(?:a\s+|an\s+)?$",
)


# Words that, among the four before a name, introduce staff, officials or speakers.
_STAFF_BEFORE = _wordset(
    """dr doctor nurse rn np md pa prof professor mayor senator governor rep councilman
    councilwoman councilmember commissioner president ceo cfo coo cmo cno director manager chief
    chair dean chaplain surgeon physician
    cardiologist oncologist pediatrician therapist pharmacist dietitian midwife paramedic
    volunteer donor team staff colleague coworker co-worker resident fellow educator specialist
    researcher scientist author speaker host honoree welcome congratulations hiring meet join
    joins joined intern"""
)
# The word right after a name that makes it staff: a credential, an apposition, a staff verb.
_STAFF_AFTER = _wordset(
    """rn md do np pa pa-c phd msn bsn dnp facs facc lpn cna crna pharmd mph mba lcsw dpt otr
    fnp aprn jr sr our the a an joins joined leads speaks presents retires retired received
    receives won earned published"""
)
_STAFF_AFTER_PAIRS = {
    "who": _wordset(
        "leads directs joined joins runs manages serves teaches volunteers works founded "
        "chairs heads"
    ),
    "will": frozenset(("lead", "speak")),
    "was": frozenset(("named",)),
    "has": frozenset(("been",)),
    **{w: frozenset(("our",)) for w in ("is", "from", "of", "on", "with")},
}
_TOKEN = re.compile(r"[a-z][a-z-]*")
# "Tyler, the teen who …", "Rosa, a grandmother of five": an apposition that names no job.
_APPOSITION = _wordset("the a an our")
_PLURAL = re.compile(r"[^su]s$")  # "nurses", "doctors" (not "class", "status")
_NOT_STAFF_NOUNS = _wordset(
    "teen teenager boy girl baby toddler kid child man woman lady gentleman patient mom mother "
    "dad father grandma grandmother grandpa grandfather veteran student survivor fighter warrior "
    "little young brave sweet mum son daughter wife husband twin twins newborn preemie"
)


# A greeting before a name, and the person's own illness or treatment after it.
_GREETINGS = _wordset("congratulations congrats welcome meet to")
_OWN_CARE = re.compile(
    r"\b(?:his|her|their)\s+(?:\w+\s+){0,2}?(?:heart\s+attack|stroke|surgery|chemo(?:therapy)?|"
    r"cancer|transplant|diagnosis|illness|injury|accident|overdose|seizure|amputation|"
    r"treatment|hospital\s+stay|icu\s+stay|recovery|final\s+days|last\s+days)\b"
    r"|\b(?:helped|helping|help)\s+(?:him|her|them)\s+(?:lose|walk|breathe|recover|heal|regain|"
    r"beat|quit)\b"
    r"|\b(?:he|she|they|who)(?:\s+is|\s+was|'s|’s)?\s+(?:still\s+|now\s+)?(?:recovering|"
    r"being\s+treated|arrived\s+by|came\s+in\s+(?:by|with|after)|went\s+home|was\s+(?:admitted|"
    r"discharged|airlifted|flown|rushed|transferred))\b"
    r"|\b" + re.sub(r"\s+", "", LIVING_WITH),
    re.IGNORECASE,
)
# "Welcome home, Frank" and "welcome back, Abigail" greet a patient, not a new colleague.
_WELCOME_HOME = re.compile(r"\bwelcome\s+(?:home|back)\b[\s,!.]*$", re.IGNORECASE)


# Later in the sentence, a visit to the person's own colleagues: a former colleague back to see
# the team ("Ms. Rivera was back on 4 West today, visiting her former colleagues"), not a patient
# whose coworkers send flowers.
_VISITS_COLLEAGUES = re.compile(
    r"[^.!?\n]{0,80}?\b(?:visit(?:ing|ed|s)?|(?:stopped|dropped|came)\s+by\s+to\s+see|"
    r"catch(?:ing)?\s+up\s+with)\s+(?:his|her|their)\s+(?:former\s+|old\s+|fellow\s+)?(?:colleagues|"
    r"co-?workers|teammates|team|work\s+family|unit\s+family)\b",
    re.IGNORECASE,
)


def _staff_context(text: str, span: Span) -> bool:
    """True when a name is introduced as staff, an official or a speaker."""
    if _VISITS_COLLEAGUES.match(text, span.end):
        return True
    window = text[max(0, span.start - 40) : span.start]
    before = _TOKEN.findall(window.lower())[-4:]
    if not _STAFF_BEFORE.isdisjoint(before):
        if _WELCOME_HOME.search(window):
            return False
        # "Congratulations to Kevin O. on completing cardiac rehab after his heart attack": a
        # greeting introduces staff and patients alike; their own illness or treatment decides
        return before[-1] not in _GREETINGS or _OWN_CARE.search(text, span.end) is None
    after = _TOKEN.findall(text[span.end : span.end + 30].lower())[:2]
    if not after:
        return False
    if after[0] in _STAFF_AFTER:
        if after[0] in _APPOSITION and after[1:] and _PLURAL.search(after[1]):
            return False  # "Hi Anna, our nurses can …": a clause about others, no apposition
        return not (after[0] in _APPOSITION and after[1:] and after[1] in _NOT_STAFF_NOUNS)
    pair = _STAFF_AFTER_PAIRS.get(after[0])
    return pair is not None and len(after) > 1 and after[1] in pair


# An identifying cue: span, why, strength (1: enough alone, 2: with any care word, 3: with a
# care event).
_IdCue = tuple[Span, str, int]


@detector(_NAME, codes=(_CODE,), channels=OUTGOING)
def disclosure(document: Document) -> Iterator[Finding]:
    """A patient identified (or identifiable) together with health or care information, or a
    confirmed care relationship; on review replies, any confirmation of care."""
    view = folded(document)
    if document.channel == "reply":
        yield from reply_findings(document, view.low)
    elif opens_to_one(document):  # "@ana_r thanks for the kind words about your stay with us"
        yield from opener_findings(document, view.low)
    norm = document.norm
    text, low = norm.text, view.low
    pats = _patterns()
    ids, named = _id_cues(text, low, view.stems)
    if named is not None:
        care = [m.span() for m in islice(pats["event"].finditer(low), 3)]
        care = care or [m.span() for m in islice(pats["topic"].finditer(low), 3)]
        yield Finding(_CODE, norm.span(*named), 0.95, _NAME, "a named person is called a patient")
        yield from _care_findings(norm, care, "health or care information about them")
        return
    # Who could be a patient: cheap cues first; care information is looked for only then.
    cues = [(norm.span(a, b), why, strength) for (a, b), why, strength in ids]
    cues.extend(_people_cues(document))
    events = _events(low) if cues else []
    if not cues:
        # Only a name the names detector missed could still identify someone (with an event).
        if people(document):
            return
        spans = [s for s in _fallback_names(document) if not _staff_context(document.text, s)]
        events = _events(low) if spans else []
        if not events:
            return
        cues = [(s, "a person's name", 3) for s in spans]
    topics = events
    if not events:
        if all(strength > 2 for _, _, strength in cues):
            return  # a name, a title or a room alone needs a care event
        topics = [m.span() for m in islice(pats["topic"].finditer(low), 3)]
    if not topics and "patient" in low:  # "he's been our patient since he was born: … Liam"
        ours = _OURS_SINCE.search(low)
        name_spans = [c[0] for c in cues if c[1] == "a person's name"] if ours else []
        if ours and not name_spans:  # a first name of the census lists the names detector left
            name_spans = [
                n for n in _fallback_names(document) if not _staff_context(document.text, n)
            ]
        if ours and name_spans:
            yield Finding(
                _CODE,
                name_spans[0],
                0.9,
                _NAME,
                "identifying element: a person's name, said to be a patient",
            )
            yield Finding(
                _CODE,
                norm.span(*ours.span()),
                0.9,
                _NAME,
                "confirms a care relationship with the person named",
            )
            return
    best = _strongest(cues, bool(events), bool(topics))
    if best is None:
        return
    span, why, _ = best
    what = "with care information" if topics else "which confirms a care relationship"
    yield Finding(_CODE, span, 0.9, _NAME, f"identifying element: {why}, {what}")
    yield from _care_findings(norm, topics, "care information about an identifiable person")


_Pos = tuple[int, int]
_MAX_CUES = 64  # enough to decide; bounds the work on adversarial input
_IdAt = tuple[_Pos, str, int]


def _id_cues(text: str, low: str, words: AbstractSet[bytes]) -> tuple[list[_IdAt], _Pos | None]:
    """Identifying cues (normalised offsets) and a named patient, if any."""
    pats = _patterns()
    ids: list[_IdAt] = []
    for match in islice(pats["pt"].finditer(low), _MAX_CUES):
        start, end = match.span()
        if _HYPOTHETICAL.search(low, max(0, start - 24), start):
            continue
        if match.group().endswith("s"):
            if _ONE_OF.search(low, max(0, start - 40), start) or _OF_OURS.match(low, end):
                ids.append(((start, end), "a specific patient", 2))
            continue
        if _PT_AFTER_NOT.match(low, end):
            continue
        ours = _PT_BEFORE.search(low, max(0, start - 60), start)
        begin = ours.start() if ours else start
        after = end + 1 if text.startswith(".", end) and match.group() == "pt" else end  # "pt."
        name_end = _patient_name(text, after)
        if name_end is not None:
            return ids, (begin, name_end)
        if ours:
            ids.append(((begin, end), "a specific patient", 2))
    if "bab" in low:  # "our first New Year's baby, Sofia Ruiz": a named baby born here
        for match in islice(_ORDINAL_BABY.finditer(low), _MAX_CUES):
            name_end = _patient_name(text, match.end())
            if name_end is not None:
                return ids, (match.start(), name_end)
    present = words
    words = words & _ANY_GATE  # the few gate words present: every look below is cheap
    if words:
        if not _GATES["hon"].isdisjoint(words):
            for match in islice(pats["hon"].finditer(low), _MAX_CUES):
                start, end = match.span()
                if (
                    text[start].isupper()
                    and text[last_word_start(low, start, end)].isupper()
                    and _VISITS_COLLEAGUES.match(text, end) is None
                ):
                    ids.append(((start, end), "a person named with a title", 3))
        if not _GATES["inroom"].isdisjoint(words):
            ids.extend(
                (m.span(), "a person in a given room or bed", 1)
                for m in islice(pats["inroom"].finditer(low), _MAX_CUES)
            )
        for kind, why in (
            ("room", "a room or bed number"),
            ("age", "a person's age"),
            ("vip", "a well-known person or their relative"),
        ):
            if _gate(kind, words, low):
                ids.extend(
                    (m.span(), why, 3)
                    for m in islice(pats[kind].finditer(low), _MAX_CUES)
                    if kind != "age" or not _STAFF_AGE_AFTER.match(low, m.end())
                )
    if "," in text and pats["comma_age"].search(text):
        ids.extend(
            (m.span(), "a person's age next to their name", 3)
            for m in islice(pats["name_age"].finditer(text), _MAX_CUES)
        )
    if words and not _GATES["baby"].isdisjoint(words):
        ids.extend((m.span(), "a baby named", 3) for m in islice(_BABY.finditer(text), _MAX_CUES))
    if words and not _GATES["from"].isdisjoint(words) and ("from" in low or " on " in low):
        ids.extend(
            (m.span(), "a person placed by where they live", 3)
            for m in islice(_FROM_PLACE.finditer(text), _MAX_CUES)
        )
    if words and not _GATES["family"].isdisjoint(words):
        ids.extend(
            (m.span(), "a family named by its surname", 3)
            for m in islice(_FAMILY.finditer(text), _MAX_CUES)
        )
    if words and not _GATES["inroom"].isdisjoint(words):
        ids.extend(
            (m.span(), "a specific patient", 2)
            for m in islice(_ON_THE_UNIT.finditer(low), _MAX_CUES)
        )
    ids.extend(_described(text, low, present))
    if "." in text:
        for match in islice(_INITIALS.finditer(text), _MAX_CUES):
            start, end = match.start() - 1, match.end()
            if text[start:end].replace(" ", "") not in _NOT_INITIALS or pats["comma_age"].match(
                text, end
            ):
                ids.append(((start, end), "a person's initials", 3))
    return ids, None


_CASE_WORDS = frozenset((b"m", b"f", b"yo", b"yom", b"yof", b"y"))
# The words each description needs (``_described`` looks only when the post holds them).
_NEWS_WORDS = stems(
    "crash accident collision wreck shooting stabbing explosion landing collapsed drowning "
    "near overdose pileup pile attack mauling fell plunge"
)
_TODAY_WORDS = (
    stems("treated saw cared admitted delivered operated stitched had"),
    stems("today tonight morning yesterday night week"),
    stems("who"),
)
_BUSINESS_WORDS = (
    stems(
        "bakery diner cafe café restaurant shop store bar pub salon barbershop gym church "
        "pharmacy garage farm library market deli pizzeria bookstore laundromat hardware florist"
    ),
    stems("couple man woman guy lady family owner owners manager barber baker pastor chef"),
)


# "A pharmacist can review your medications with you": an offer anyone may take up, which
# confirms no care ("so they can review your medications" after "your care team" does).
_OFFERED = re.compile(
    r"\b(?:a|an|one\s+of\s+our|our)\s+(?:[\w-]+\s+)?(?:pharmacists?|nurses?|care\s+coordinators?|"
    r"team\s+members?|navigators?|dietitians?|specialists?|counselors?|social\s+workers?)\s+"
    r"(?:can|could|will|would\s+be\s+(?:happy|glad)\s+to|(?:is|are)\s+(?:happy|glad)\s+to)\s+"
    r"(?:[\w-]+\s+){1,2}$"
)


_MEDICATION_REVIEW = re.compile(r"your\s+(?:medications?|meds|prescriptions?)\b")


def _events(low: str) -> list[_Pos]:
    """The first care events, leaving out "your medications" in an offer open to anyone (a
    medication review a pharmacist offers; "your test results" is no such offer)."""
    return [
        m.span()
        for m in islice(_patterns()["event"].finditer(low), 3)
        if not (
            _MEDICATION_REVIEW.match(low, m.start())
            and _OFFERED.search(low, max(0, m.start() - 80), m.start())
        )
    ]


def _described(text: str, low: str, words: AbstractSet[bytes]) -> Iterator[_IdAt]:
    """People described well enough to be known without a name: a clinical case in shorthand,
    a patient's occupation, a person from the news, by their business and street, one patient
    the poster treated today."""
    cased = not _CASE_WORDS.isdisjoint(words)  # "45f" folds to the stem "f"
    for match in islice(_CASE.finditer(low) if cased else (), _MAX_CUES):
        start = match.start()
        if start == 0 or not (low[start - 1].isalnum() or low[start - 1] in "_$£€.,"):
            yield match.span(), "a case described by age and sex", 2
    if "patient" in low:
        for match in islice(_DESCRIBED.finditer(low), _MAX_CUES):
            yield match.span(), "a patient described by who they are", 1
    if not _NEWS_WORDS.isdisjoint(words):
        for match in islice(_IN_THE_NEWS.finditer(low), _MAX_CUES):
            start = match.start()
            known = _DEFINITE_BEFORE.search(low, max(0, start - 40), start)
            if known is not None:
                yield (known.start(), match.end()), "a person known from a news event", 2
    if all(not needed.isdisjoint(words) for needed in _TODAY_WORDS):
        for match in islice(_TREATED_TODAY.finditer(low), _MAX_CUES):
            yield match.span(), "one patient the poster cared for, placed in time", 2
    if all(not needed.isdisjoint(words) for needed in _BUSINESS_WORDS):
        for match in islice(_BY_BUSINESS.finditer(low), _MAX_CUES):
            if text[match.end() : match.end() + 1].isupper():  # "on Main Street"
                yield match.span(), "a person known by their business and street", 2


def _patient_name(text: str, end: int) -> int | None:
    """The end of the capitalised name that follows "patient" at ``end``, if there is one."""
    match = _NAME_AFTER.match(text, end)
    if match is None or match.group(1).split()[0].lower() in _NOT_NAMES:
        return None
    return match.end()


@cache
def _full_name() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A capitalised word followed by another (matched one word at a time, so "Little Carter
    Jones" yields "Carter Jones" too), and the rest of the name after the first word."""
    return (
        re.compile(r"[A-Z](?<![\w’'][A-Z])[a-z]{1,20}(?=\s+(?:[A-Z]\.\s+)?[A-Z][a-z])"),
        re.compile(
            r"\s+(?:[A-Z]\.\s+)?[A-Z][a-z]{1,20}(?:-[A-Z][a-z]{1,20})?\b"
            rf"(?!\s+(?:{PLACE_WORDS})\b)(?!['’]s\s+(?:{PLACE_WORDS})\b)"
        ),
    )


def _fallback_names(document: Document) -> Iterator[Span]:
    """First-name + surname pairs, in case the names detector missed them."""
    norm = document.norm
    firsts = first_names()
    first, rest = _full_name()
    text = norm.text
    for match in islice(first.finditer(text), _MAX_CUES):
        if match.group().upper() in firsts:
            tail = rest.match(text, match.end())
            if tail is not None:
                yield norm.span(match.start(), tail.end())


# A name followed by "our … patient" ("Ruby Jenkins, our youngest heart surgery patient") is a
# named patient, as "our patient Ruby Jenkins" is; so is a name followed by a care milestone
# ("Dana Walker, our 1,000th patient", "Priya Nair: our 50th cardiac rehab graduate", "Olivia
# Chen, the first baby born at St. Luke's", "J. Morales, our 200th kidney transplant recipient").
_ORDINAL = (
    r"(?:\d{1,3}(?:,\d{3})*(?:st|nd|rd|th)|first|second|third|fourth|fifth|tenth|hundredth|"
    r"thousandth|millionth)"
)
_CARED_MODIFIERS = (
    r"(?:rehab|rehabilitation|transplant|kidney|heart|liver|lungs?|ecmo|nicu|icu|picu|cancer|"
    r"stroke|vaccine|covid|covid-19|burn|trauma|dialysis|chemo|cardiac|pulmonary|marrow|organ|"
    r"cochlear|sepsis|hospice|bariatric|cornea|kidney-transplant)"
)
_CALLED_PATIENT = re.compile(
    r"\s*[,:]\s+(?:one\s+of\s+)?(?:our|my|the)\s+(?:"
    r"(?:[\w-]+\s+|\d{1,3}(?:,\d{3})+\w*\s+){0,4}?(?:patients?|pts?)"
    rf"|{_ORDINAL}\s+(?:[\w'’-]+\s+){{0,3}}?(?:bab(?:y|ies)|births?|deliver(?:y|ies)|admissions?)"
    rf"|(?:{_ORDINAL}\s+)?(?:[\w'’-]+\s+){{0,2}}?{_CARED_MODIFIERS}\s+(?:[\w-]+\s+)?"
    r"(?:graduates?|grads?|recipients?|survivors?)"
    r")\b(?![-'’])",
    re.IGNORECASE,
)
# The words one of which an apposition needs: the cheap look before the patterns
_CALLED_WORDS = ("patient", " pt", "bab", "birth", "deliver", "admission", "grad", "recipient",
                 "survivor")  # fmt: skip


# A first name before "our … patient" that the names detector left out (after "to", where a
# place could stand: "goodbye to Harold, our longest-staying hospice patient").
_NAME_CALLED = re.compile(r"\b([A-Z][a-z'’-]{1,30})(?=\s*[,:]\s+(?:one\s+of\s+)?(?:our|my|the)\s)")
# "Coach Miller, our former knee replacement patient": a title and a surname, then "our …
# patient" (the title says nothing of the role: it is the apposition that does); an initial
# stands for a first name ("J. Morales, our 200th kidney transplant recipient").
_TITLES = (
    r"Coach|Officer|Pastor|Judge|Mayor|Sgt|Sergeant|Captain|Capt|Chief|Principal|Professor|Prof|"
    r"Senator|Rev|Reverend|Father|Deacon|Rabbi|Sheriff|Deputy|Trooper|Lt|Major|Colonel|Col|"
    r"Grandpa|Grandma|Uncle|Aunt|Auntie|Miss|Ms|Mrs|Mr"
)
_TITLED = re.compile(
    rf"\b(?:(?:{_TITLES})\.?|(?<![\w.])[A-Z]\.)\s+"
    r"[A-Z][a-z'’-]{1,30}(?=\s*[,:]\s+(?:one\s+of\s+)?(?:our|my|the)\s)"
)
# "Thinking of Coach Barnes, who is recovering from open heart surgery": a title and a surname
# the names detector took for an official's, then the person's own care (``_OWN_CARE``).
_TITLE_NAME = re.compile(rf"\b(?:{_TITLES})\.?\s+[A-Z][a-z'’-]{{1,30}}")
_TITLE_WORDS = stems(_TITLES.lower().replace("|", " "))


def _called_patient(text: str, end: int) -> bool:
    """Whether "our … patient" (or a care milestone) follows a name that ends at ``end`` (not
    "our patient advocate")."""
    match = _CALLED_PATIENT.match(text, end)
    return match is not None and not _PT_AFTER_NOT.match(text.lower(), match.end())


def _people_cues(document: Document) -> list[_IdCue]:
    """Named people who could be patients, as the names detector found them."""
    text = document.text
    found: list[_IdCue] = []
    for person in islice(people(document), 4 * _MAX_CUES):
        if person.score < 0.5 or names_place(text, person.span.start, person.span.end):
            continue  # "DAISY Award", "Smith Family Cancer Center"
        if person.role not in ("staff", "official") and _called_patient(text, person.span.end):
            found.append((person.span, "a named person is called a patient", 1))
        elif person.role == "patient":
            found.append((person.span, "a person named as a patient", 2))
        elif person.role in ("relative", "unknown") and not _staff_context(text, person.span):
            found.append((person.span, "a person's name", 3))
        elif person.role == "official" and _OWN_CARE.search(text, person.span.end):
            found.append((person.span, "a public figure named with their own care", 3))
    lowered = text.lower()
    if not _TITLE_WORDS.isdisjoint(folded(document).stems) and _OWN_CARE.search(text):
        seen = {cue[0].start for cue in found}
        for match in islice(_TITLE_NAME.finditer(text), _MAX_CUES):
            if match.start() not in seen and _OWN_CARE.search(text, match.end(), match.end() + 120):
                span = Span(match.start(), match.end())
                found.append((span, "a person named with a title and their own care", 3))
    if any(word in lowered for word in _CALLED_WORDS):
        firsts, lex = first_names(), lexicon()
        seen = {cue[0].start for cue in found}
        for match in islice(_NAME_CALLED.finditer(text), _MAX_CUES):
            name = match.group(1)
            if (
                match.start() not in seen
                and name.upper() in firsts
                and name.casefold() not in lex.common
                and _called_patient(text, match.end())
            ):
                span = Span(match.start(), match.end())
                found.append((span, "a named person is called a patient", 1))
        for match in islice(_TITLED.finditer(text), _MAX_CUES):
            if match.start() not in seen and _called_patient(text, match.end()):
                span = Span(match.start(), match.end())
                found.append((span, "a named person is called a patient", 1))
    return found


def _strongest(ids: list[_IdCue], events: bool, topics: bool) -> _IdCue | None:
    for cue in sorted(ids, key=lambda c: (c[2], c[0].start)):
        strength = cue[2]
        if strength <= 1 or events or (strength <= 2 and topics):
            return cue
    return None


def _care_findings(norm: Normalized, spans: Iterable[_Pos], why: str) -> Iterator[Finding]:
    for start, end in list(spans)[:3]:
        yield Finding(_CODE, norm.span(start, end), 0.9, _NAME, why)


document_code(
    _CODE,
    summary="A patient identified (name, 'our patient', 'Mrs. X', room or bed, initials, age) "
    "together with health or care information, or a confirmed care relationship; on review "
    "replies, any confirmation that the reviewer was cared for; in a post that opens to one "
    "person ('@ana_r …', 'Hi Ana,'), a confirmation of their visit, stay, bill or results.",
    example="Congrats to our patient Maria Gonzalez, who rang the bell after her last chemo!",
    false_positives="Stories told with documented consent (still held: a person must match the "
    "signed release); a staff member named without a title next to care words; 'Mrs. X' or a "
    "room number next to an unrelated admission or discharge.",
    details="Staff spotlights with titles (Dr., nurse, RN, MD), officials (Mayor) and "
    "donor-named buildings are not identifying elements. A name with a care milestone is a "
    "named patient ('Dana Walker, our 1,000th patient', 'our first New Year's baby, Sofia "
    "Ruiz', 'J. Morales, our 200th kidney transplant recipient'); the milestones of staff, "
    "donors and scholarships are not ('our 100th blood donor'). Replies are held to the safe "
    "pattern: thank, acknowledge, invite the reviewer to contact the organisation.",
)
