"""Toxicity of an inbound post: a trained linear model (``socialrx train toxicity``).

Logistic regression over the shared hashed word uni+bigrams (``features.py``), trained on
tweeteval offensive (OffensEval 2019: insults, threats, profanity aimed at someone); the score is
the model's probability shifted so that 0.5 is the threshold tuned on the validation split.
Rules follow the model: an adverse-event report or a post about a medicine addressed to no
one, and a complaint, a health question, a question about the organisation's services or a
first-person health statement, thanks without sarcasm, and death words aimed at oneself (a
person in crisis, hyperbole), are capped below the threshold unless they call someone names
(or, for complaints, questions, health statements and hyperbole, swear); an insult aimed at
oneself is capped too, and so is a short post without an insult or a swear word that the model
scores below 0.6, and any post aimed at no one without an insult or a swear word that scores
below 0.6 or laughs or praises in slang ("lol same", "that was a sick video"). Name-calling
aimed at a person scores at least 0.75, and so does a slur; a threat of violence at least 0.9.
Health talk aimed at no one (a tip, a remark about an illness) without an insult or a swear word
is capped like the everyday traffic above.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import islice

from socialrx.classifiers import linear
from socialrx.classifiers.ade import THRESHOLD as ADE_THRESHOLD
from socialrx.classifiers.ade import assess, names_product
from socialrx.classifiers.complaint import BODY, FIRST, GRATITUDE, MEDICAL, lexicon, triage
from socialrx.classifiers.complaint import bit as list_bit
from socialrx.classifiers.crisis import assess as crisis_assessment
from socialrx.classifiers.features import features
from socialrx.classifiers.myths import stated_myth
from socialrx.classifiers.questions import question_evidence, service_question
from socialrx.detectors._match import folded, literal_trie, stems
from socialrx.model import Document, Label
from socialrx.registry import classifier, document_code


@classifier("toxicity", codes=("toxicity",))
def toxicity(document: Document) -> Iterator[Label]:
    """Harassment, insults, threats and slurs in an inbound post (a linear model trained on
    tweeteval offensive)."""
    found = features(document)
    score = (
        linear.load("toxicity").probability(found.buckets, found.scale) if found.buckets else 0.0
    )
    if score > SYMPTOM_REPORT_CAP and (  # cheapest first: the scans they share are memos
        _plain_complaint(document)
        or _everyday(document)
        or _about_oneself(document)
        or _symptom_report(document)
        or _about_a_product(document)
        or _grateful(document)
        or _myth_without_abuse(document)
        or _health_talk(document)
    ):
        score = SYMPTOM_REPORT_CAP
    if score < SHORT_NEEDS and _short_and_plain(document):
        score = min(score, SYMPTOM_REPORT_CAP)
    elif score > SYMPTOM_REPORT_CAP and _aimed_at_no_one(document, score):
        score = SYMPTOM_REPORT_CAP
    if score < NAME_CALLING_SCORE and (_name_calling(document) or _slur(document)):
        score = NAME_CALLING_SCORE
    if score < THREAT_SCORE and _threatening(document):
        score = THREAT_SCORE
    yield Label("toxicity", score)


# A threat of violence against a person or a place ("someone should shoot you", "I know where
# you work", "I'll burn your clinic down") is toxic whatever its words: OffensEval has few
# threats without profanity, so the model scores them low (0.24 to 0.48). Written from general
# knowledge of threat wording; a person talking of harming themselves is crisis, not this.
THREAT_SCORE = 0.9
_WHOM = (
    r"(?:(?:you|u|ya)(?: all| guys| people| lot)?|y'?all|your (?:family|kids|wife|husband|staff|doctors?|nurses?)|him|her|them|that "
    r"(?:doctor|nurse|receptionist|guy|woman|man|bitch|bastard)|the (?:doctor|nurse|"
    r"receptionist|staff|surgeon)|every(?:one|body) (?:there|at|in))"
)
_VIOLENCE = r"(?:hurt|kill|shoot|stab|beat|punch|slap|strangle|choke|murder|smash|bash|attack)"
# a threat holds one of these words (as four-letter stems): most posts skip the pattern
_THREAT_WORDS = (
    "hurt kill shoot stab beat punch slap strangle choke murder smash bash attack shot killed "
    "stabbed beaten hanged hung lynched murdered die dies dead rot cancer hit know watch coming "
    "burn blow bomb pay waiting"
)
_THREAT_GATE = stems(_THREAT_WORDS)


def _threatening(document: Document) -> bool:
    view = folded(document)
    return not view.stems.isdisjoint(_THREAT_GATE) and _threat().search(view.low) is not None


@cache
def _threat() -> re.Pattern[str]:
    will = (r"(?:i'll|i will|ill|i'm going to|im going to|i'm gonna|im gonna|i am going to|gonna|"
            r"we'll|we will|i'd|i would|i want to|i wanna)")  # fmt: skip
    return re.compile(
        r"(?<![a-z])(?:"
        rf"{will} (?:find (?:you|u) and |come (?:down|over) (?:there )?and |wait for (?:you|u) "
        rf"and )?{_VIOLENCE} {_WHOM}"
        rf"|(?:someone|somebody|they|people) (?:should|needs to|ought to|has to|have to) "
        rf"{_VIOLENCE} {_WHOM}"
        rf"|{_WHOM} (?:should|deserves? to|ought to|needs? to) (?:be )?(?:shot|killed|stabbed|"
        r"beaten|hanged|hung|lynched|murdered|die|dead)"
        rf"|i hope {_WHOM} (?:die|dies|get shot|gets shot|get killed|gets killed|rot|burn|get "
        r"cancer|gets cancer|get hit by)"
        r"|i know where (?:you|u|your (?:\w+ )?(?:family|kids|wife|husband|staff|doctors?|nurses?|"
        r"receptionists?)|(?:he|she|they|that (?:doctor|nurse))) (?:lives?|works?|parks?|sleeps?)"
        r"|watch (?:your|ur) backs?"
        r"|(?:you're|youre|you are|ur) (?:dead|a dead (?:man|woman)|going to die|gonna die|going "
        r"to pay|gonna pay)"
        r"|(?:i'm|im|i am) coming for (?:you|u)"
        rf"|(?:i'll|i will|ill|i'm gonna|im gonna|we'll|we will) be waiting (?:for|on) {_WHOM} "
        r"(?:(?:in|at|by) (?:the |your |his |her )?(?:parking (?:lot|garage)|car ?park|car)|outside|"
        r"after (?:your|his|her|their) shift|when (?:you|u|he|she|they) (?:leave|leaves|get off|"
        r"gets off|clock out|clocks out))"
        r"|(?:burn|blow up|bomb|shoot up) (?:your|ur|the|that|this) (?:clinic|hospital|office|"
        r"building|place|house|pharmacy)"
        r")(?![a-z])"
    )


# An adverse-event report (a product and a reaction) addressed to no one: strong words there
# ("my arm is sore as hell after the shot") describe the pain, they do not attack anyone. The
# model learnt from OffensEval, where untargeted profanity counts as offensive; in a health
# organisation's inbox such a post is a safety report and must not be set aside as abuse.
SYMPTOM_REPORT_CAP = 0.35
_ADDRESSED = re.compile(r"\b(?:you|your|yours|you're|youre|ur|u|y'all|yall)\b")


def _symptom_report(document: Document) -> bool:
    case = assess(document)
    return (
        case.score >= ADE_THRESHOLD
        and bool(case.products)
        and not _ADDRESSED.search(folded(document).low)
    )


# The same for any post about a drug, vaccine or device, addressed to no one and calling no one
# names: the model reads "shot" as violence ("my dad got his booster shot" scored 0.56) and a
# pharmacy's missing insulin as abuse. Name-calling keeps the model's score ("Dr Smith is a
# quack who pushes opioids"); a complaint word ("rude", "useless") does not: a complaint is not
# abuse. Insult words written from general knowledge.
# Slurs score at least NAME_CALLING_SCORE whatever else the post says ("the waiting room was
# packed with <slur>" scored 0.38). Written from general knowledge; words with an everyday sense
# ("coon hound", "a chink in the armour", a "fag" for a cigarette) are left to the model.
_SLUR_WORDS = (
    r"nigg(?:a|er)s?|niggaz|faggots?|dykes?|trann(?:y|ies)|spics?|kikes?|wetbacks?|"
    r"towelheads?|ragheads?|gooks?|whores?|sluts?|skanks?"
)
_SLURS = re.compile(rf"{literal_trie(_SLUR_WORDS, word='[a-z]')}(?![a-z])")
_INSULT_WORDS = (
    r"idiot\w*|stupid\w*|moron\w*|dumb\w*|incompetent\w*|liars?|scum\w*|quacks?|butchers?|"
    r"lying(?!\s(?:on|down|flat|awake|still|face|back|in\s+bed)\b)|"  # not "lying on your side"
    r"bitch\w*|bastards?|assholes?|jerks?|losers?|clowns?|fools?|garbage|trash|disgusting|"
    r"pathetic|worthless|evil|criminals?|frauds?|crooks?|killers?|murderers?|pushers?|dealers?|"
    r"shills?|sheep|sheeple|retard\w*|imbeciles?|cows?|" + _SLUR_WORDS
)
_INSULTS = re.compile(rf"{literal_trie(_INSULT_WORDS, word='[a-z]')}(?![a-z])")

# A short post gives the model little to go on ("we're not moving house this year" scored 0.54):
# with at most SHORT_WORDS words and no insult or swear word it must reach SHORT_NEEDS. Chosen on
# out-of-fold predictions of train + val (docs/models/toxicity.md).
SHORT_WORDS = 8
SHORT_NEEDS = 0.6
_WORD = re.compile(r"[a-z][a-z']*")


def _short_and_plain(document: Document) -> bool:
    low = folded(document).low
    words = sum(1 for _ in islice(_WORD.finditer(low), SHORT_WORDS + 1))  # stops after 9
    return words <= SHORT_WORDS and _ABUSIVE.search(low) is None


# Name-calling aimed at a person ("your receptionist is a useless cow", "you're all clowns"):
# an insult within three words after "you", "your …", "he", "she", "they" or "that doctor" scores
# at least NAME_CALLING_SCORE; the model missed many of these (0.2 to 0.45). Chosen on
# out-of-fold predictions of train + val (docs/models/toxicity.md); words written from general
# knowledge.
NAME_CALLING_SCORE = 0.75
_PERSON = (
    r"(?:you|u|ya|y'all|yall|you're|youre|ur|your|he|she|they|he's|she's|they're|him|her|them|"
    r"(?:that|this|the|these|those) (?:doctor|dr|nurse|receptionist|surgeon|guy|woman|man|lady|"
    r"people|person|manager|admin|staff|doctors|nurses|employees?|workers?))"
)


@cache
def _name_calling_pattern() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![a-z']){_PERSON}(?:\s+(?!not\b|never\b|no\b|[a-z']*n't\b)[a-z']+){{0,3}}?\s+"
        rf"{literal_trie(_INSULT_WORDS, word='[a-z]')}(?![a-z])"
    )


def _slur(document: Document) -> bool:
    return _SLURS.search(folded(document).low) is not None


def _name_calling(document: Document) -> bool:
    low = folded(document).low
    return _INSULTS.search(low) is not None and _name_calling_pattern().search(low) is not None


# A post aimed at no one (no "you", "he", "they", "that nurse", "people", no group) and without
# an insult or a swear word attacks no one: at any length it must reach UNAIMED_NEEDS, like a
# short post ("crazy busy in the ER tonight, hang in there team" scored 0.58, "the cardio class
# was brutal but I loved it" 0.59). Laughter ("lol same" 0.81, "the coffee in the lobby is
# terrible lol" 0.65) and slang praise ("that was a sick video" 0.94, "the new spin instructor
# is a beast" 0.69) there are banter, not abuse, whatever the score ("killer" is an insult word,
# so "a killer workout" keeps the model's 0.71).
# Chosen on out-of-fold predictions of train + val (docs/models/toxicity.md); words written from
# general knowledge.
UNAIMED_NEEDS = 0.6
_GROUPS = (
    r"his|their|theirs|people|everyone|everybody|y'all|yall|folks|liberals?|conservatives?|"
    r"democrats?|republicans?|leftists?|trump|obama|biden|maga|antifa|anti-?vax\w*|"
    r"doctors|nurses|staff|management"
)
_AIMED = re.compile(rf"(?<![a-z']){_PERSON}(?![a-z'])|(?<![a-z'])(?:{_GROUPS})(?![a-z'])")
_BANTER = re.compile(
    r"(?<![a-z])(?:lol+|lmao+|lmfao|rofl|ha(?:ha)+h?|he(?:he)+|sick|beast|savage|insane|"
    r"brutal|wicked|dope|unreal|bonkers)(?![a-z])|[\U0001F602\U0001F923\U0001F606\U0001F605]"
)


def _aimed_at_no_one(document: Document, score: float) -> bool:
    """Whether the post aims at no one, swears at no one, and scores below UNAIMED_NEEDS or
    laughs or praises in slang."""
    low = folded(document).low
    if _AIMED.search(low) is not None or _ABUSIVE.search(low) is not None:
        return False
    return score < UNAIMED_NEEDS or _BANTER.search(low) is not None


# A complaint (the ``complaint`` classifier's reading) without name-calling or swearing is a
# grievance, not abuse: "been on hold with billing for 45 minutes, this is ridiculous" scored
# 0.71, "your website is broken" 0.59; so is a health question ("my baby won't stop crying and
# has a fever, what should I do" 0.67). With an insult or a swear word the model's score stands.
_SWEAR_WORDS = (
    r"fuk\w*|fck\w*|fk|sh[i1]t\w*|damn\w*|goddamn\w*|hell|ass|asses|asshole\w*|arse\w*|crap\w*|"
    r"piss\w*|dick\w*|cock\w*|cunt\w*|twat\w*|wtf|stfu|gtfo|bs|bullshit|bloody|screw\w*|sucks?|"
    r"sucked|sucking|f+u+c*k\w*"
)
_ABUSIVE = re.compile(rf"{literal_trie(_INSULT_WORDS + '|' + _SWEAR_WORDS, word='[a-z]')}(?![a-z])")
# "stupid question, but …" belittles the question, not a person
_HEDGE = re.compile(r"\b(?:stupid|dumb|silly|idiotic)\s+questions?\b")


def _plain_complaint(document: Document) -> bool:
    """A complaint or a health question (their labels' decision points) without name-calling
    or swearing."""
    found, complaint = triage(document)
    if complaint < 0 and question_evidence(found, complaint) < 0:
        return False
    return _ABUSIVE.search(folded(document).low) is None


def _everyday(document: Document) -> bool:
    """The everyday traffic of a health organisation's inbox, without name-calling or
    swearing: a question about its services ("what time do you open tomorrow" scored 0.58,
    "stupid question but do you take medicare" 0.95) or a first-person health statement
    addressed to no one but the @handle it was sent to ("my back has been killing me since
    friday", 0.51)."""
    found = triage(document).found
    c = found.counts
    health_statement = (c[MEDICAL] or c[BODY]) and c[FIRST] and _ADDRESSED.search(found.low) is None
    return (service_question(found) or bool(health_statement)) and (
        _ABUSIVE.search(_HEDGE.sub(" ", found.low)) is None
    )


# A health myth stated as fact ("the vitamin k shot is full of toxins" scored 0.83, "5g towers
# are making people sick with cancer" 0.85) is misinformation for a team to answer with facts,
# not abuse: without name-calling or swearing the model's reading of "toxins", "poison" and
# "cancer" does not count. Myths: ``myths``.
def _myth_without_abuse(document: Document) -> bool:
    return stated_myth(document) and _ABUSIVE.search(folded(document).low) is None


# Health talk aimed at no one ("gargling salt water helps a sore throat" scored 0.74, "cold
# water on a burn, never butter" 0.67, "lying on your left side helps heartburn at night" 0.75):
# a tip or a remark about an illness or the body, with no one addressed, insulted or sworn at,
# is everyday inbox traffic. The model learnt "throat", "burn" and "tummy" from abuse. The "you"
# of advice is no one in particular: "if you …", "when you …" and "your" before a body part
# or an illness ("keeps your hamstrings from getting tight") do not aim the post at anyone.
_ADVICE_BEFORE_YOU = frozenset(
    ["if", "when", "whenever", "before", "after", "until", "unless", "once", "while", "so"]
)
_YOU_WORDS = frozenset(("you", "u", "your", "ur"))
_SIDES = frozenset(("side", "sides"))
# "your" before these aims the post: insult idioms ("bury your head in the sand") and sexual
# harassment ("… with your vagina") are no advice
_IDIOM_BODY = frozenset(("head", "face", "mouth", "ass", "butt", "buttocks", "vagina", "vaginal",
                        "penis", "breast", "breasts", "nipple", "nipples", "testicle",
                        "testicles", "scrotum", "anus", "groin"))  # fmt: skip
# A group called an illness or vermin ("<group> are a cancer on this country") is hate speech,
# whatever group is named: not health talk, the model's score stands.
_ILLNESS_OR_VERMIN = (
    r"(?:diseases?|cancers?|plague|virus|viruses|parasites?|vermin|infestation|pests?|tumou?rs?|"
    r"infections?|sickness|germs?|rats|cockroach(?:es)?)"
)
_DEHUMANISING = re.compile(
    rf"(?<![a-z'])(?:are|r) (?:a |an |like (?:a |an )?)?(?:[a-z]+ )?{_ILLNESS_OR_VERMIN}"
    r"(?=\s*(?:$|[.,!;:]|(?:on|to|upon|in|that|who|which|and|spreading)(?![a-z'])))"
    rf"|(?<![a-z'])is (?:a |an )?(?:[a-z]+ )?{_ILLNESS_OR_VERMIN} (?:on|to|upon) (?:this|our|"
    r"society|humanity|mankind|civili[sz]ation|america|europe|britain|(?:the )?(?:country|"
    r"world|nation|planet|earth))(?![a-z'])"
)
_HEALTH_WORD = list_bit(MEDICAL) | list_bit(BODY)  # a word's packed lists (``complaint.Lexicon``)


def _health_talk(document: Document) -> bool:
    found = triage(document).found
    c = found.counts
    if not (c[MEDICAL] or c[BODY]) or _ABUSIVE.search(found.low) is not None:
        return False
    if _DEHUMANISING.search(found.low) is not None:
        return False  # "<group> are a disease": hate speech in an illness's words
    if _AIMED.search(found.low) is None:
        return True
    if _YOU_WORDS.isdisjoint(found.tokens):
        return False
    return _AIMED.search(" ".join(_without_advice_you(found.tokens))) is None


def _without_advice_you(tokens: list[str]) -> Iterator[str]:
    """The words without the "you" of advice: after "if", "when" …, and "your" before a body
    part, an illness or a side ("your blood sugar", "your left side") within two words."""
    words = lexicon().words
    for i, token in enumerate(tokens):
        if token in _YOU_WORDS:
            if i and tokens[i - 1] in _ADVICE_BEFORE_YOU:
                continue
            if token in ("your", "ur") and any(
                t in _SIDES or (t not in _IDIOM_BODY and words.get(t, 0) & _HEALTH_WORD)
                for t in tokens[i + 1 : i + 3]
            ):
                continue
        yield token


# Death words aimed at oneself are not aimed at anyone: a person in crisis ("i wanna die" 0.74,
# "im gonna end it all" 0.80: the crisis label's business) or hyperbole ("this heat is going to
# kill me" 0.83, "i could just die of embarrassment haha" 0.62, "this exam is going to be the
# death of me" 0.69; without swearing). Addressed to
# someone, or with name-calling, the model's score stands.
_HYPERBOLE = re.compile(
    r"(?<![a-z'])(?:kill(?:s|ing|ed)? me|(?:i|i'm|im|i am) (?:could|would|will|gonna|going to)? ?"
    r"(?:just |literally )?die|i'll (?:just |literally )?die|dying (?:to|of|for|here|over)|"
    r"(?:driving|drive|drives|drove) me (?:nuts|crazy|mad|insane|bonkers|up the wall|round the "
    r"bend)|(?:be|been|was|is) the (?:death|end) of me)(?![a-z'])"
)


# An insult aimed at oneself ("I felt like an idiot for forgetting my appointment", 0.91).
_SELF_INSULT = re.compile(
    rf"(?<![a-z'])(?:i'm|im|i am|i was|i feel|i felt|i'm such|made me (?:feel|look)|makes me "
    rf"(?:feel|look))(?: like)?(?: such)?(?: an?)?(?: \w+)?? {literal_trie(_INSULT_WORDS, word='[a-z]')}"
    rf"(?![a-z])"
)


def _about_oneself(document: Document) -> bool:
    low = folded(document).low
    if _ADDRESSED.search(low):
        return False
    if _INSULTS.search(low):  # only insults aimed at oneself, and no swearing
        return len(_SELF_INSULT.findall(low)) == len(_INSULTS.findall(low)) and not (
            _ABUSIVE.search(_SELF_INSULT.sub(" ", low))
        )
    if crisis_assessment(document).score >= 0.5:
        return True  # someone in crisis may swear
    return _HYPERBOLE.search(low) is not None and _ABUSIVE.search(low) is None


def _grateful(document: Document) -> bool:
    """Thanks without sarcasm, an insult or a swear word ("huge thanks to the nicu nurses who
    took care of our little guy" scored 0.52): gratitude is not abuse."""
    found = triage(document).found
    return (
        bool(found.counts[GRATITUDE]) and not found.sarcasm and _ABUSIVE.search(found.low) is None
    )


def _about_a_product(document: Document) -> bool:
    low = folded(document).low
    return not _ADDRESSED.search(low) and not _INSULTS.search(low) and names_product(document)


document_code(
    "toxicity",
    summary="Harassment, insults, threats, slurs or profanity aimed at someone, from a model "
    "trained on tweeteval offensive (docs/models/toxicity.md).",
    example="You are a useless idiot and everyone at your clinic should be ashamed.",
    false_positives="Profanity that is not aimed at anyone ('this flu is f***ing awful') and "
    "quoted insults may be flagged; politically heated but civil posts sometimes score high.",
    details="An adverse-event report (a product and a reaction) addressed to no one ('this "
    "vaccine made my arm hurt like hell') is capped at 0.35: strong words there describe the "
    "pain, and the post is a safety report, not abuse; so is any post about a drug, vaccine or "
    "device addressed to no one and calling no one names ('my dad got his booster shot'), "
    "and any complaint or health question without name-calling or swearing ('on hold for 45 "
    "minutes, this is ridiculous'), any question about the organisation's services ('what "
    "time do you open tomorrow') and any first-person health statement addressed to no one "
    "('my back has been killing me since friday') without name-calling or swearing; and "
    "death words aimed at oneself: a person in crisis ('i wanna die') or hyperbole ('this heat "
    "is going to kill me'), and a health myth stated as fact without name-calling or swearing "
    "('the vitamin k shot is full of toxins': misinformation, not abuse), and health talk aimed "
    "at no one without name-calling or swearing ('gargling salt water helps a sore throat'; the "
    "'you' of advice, 'if you …', 'your ankles', aims at no one). "
    "Addressed to someone ('you', 'your'), or with name-calling, a product post "
    "keeps the model's score. A short post (8 words or fewer) without an insult or a swear "
    "word needs 0.6, and so does any post aimed at no one (no 'you', 'he', 'they', 'that "
    "nurse', 'people' or group) without one ('crazy busy in the ER tonight'); there laughter "
    "and slang praise ('lol same', 'that was a sick video', 'the instructor is a beast') are "
    "banter and are capped whatever the score. Name-calling aimed at a person ('you're all clowns') scores at "
    "least 0.75; an insult aimed at oneself ('I felt like an idiot') is capped. A threat of "
    "violence against a person or a place ('someone should shoot you', 'I know where you "
    "work', 'I'll burn your clinic down') scores at least 0.9; a slur at least 0.75.",
)
