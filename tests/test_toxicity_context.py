"""Toxicity in a health organisation's inbox: strong words in an adverse-event report (or any
post about a drug, vaccine or device) addressed to no one and calling no one names, and a
complaint, a question about the organisation's services or a health question without
name-calling or swearing, and a first-person health statement addressed to no one without
name-calling, are not abuse (``SYMPTOM_REPORT_CAP``); the same words aimed at
someone, or without a product and a reaction, are scored by the model as before. Threats of
violence against a person or a place score at least ``THREAT_SCORE`` whatever the model says.
A post aimed at no one without an insult or a swear word needs ``UNAIMED_NEEDS``, and laughter
or slang praise there is banter, not abuse. A health myth stated as fact without an insult or a
swear word is misinformation, not abuse."""

from __future__ import annotations

import pytest

from socialrx.classifiers.features import featurize
from socialrx.classifiers.linear import load
from socialrx.classifiers.toxicity import (
    NAME_CALLING_SCORE,
    SYMPTOM_REPORT_CAP,
    THREAT_SCORE,
    UNAIMED_NEEDS,
    toxicity,
)
from socialrx.model import Document, Label


def _score(text: str) -> float:
    (out,) = toxicity(Document(text, "inbound"))
    assert isinstance(out, Label)
    return out.score


def _model(text: str) -> float:
    found = featurize(text)
    return load("toxicity").probability(found.buckets, found.scale)


# (synthetic text, toxic after the rule)
CASES = [
    # symptom reports: a product and a reaction, addressed to no one → not toxicity
    ("this vaccine made my arm hurt like crazy", False),
    ("My arm is killing me after the tetanus shot, sore as hell", False),
    ("damn this ibuprofen gave me the worst stomach cramps of my life", False),
    # the same words aimed at someone → toxicity as the model says
    ("@CityHealth your stupid vaccine made my arm hurt like hell, you idiots", True),
    ("u gave me that damn vaccine and my arm hurts like crazy, screw u", True),
    # a drug, vaccine or device named, addressed to no one, no name-calling → not toxicity
    ("my dad got his booster shot", False),
    ("kids got their flu shots today", False),
    ("the damn pharmacy messed up my insulin again", False),
    # … but with name-calling, or addressed to someone, the model's score stands
    ("Dr Smith is a quack who pushes opioids", True),
    ("you idiots lost my insulin prescription", True),
    # a complaint without name-calling or swearing → not toxicity
    ("Been on hold with billing for 45 minutes. This is ridiculous.", False),
    ("The receptionist was so rude to my elderly mother", False),
    ("my baby won't stop crying and has a fever, what should I do", False),  # a health question
    # … with either, the model's score stands
    ("this hospital sucks, waited 4 hours", True),
    ("you people are idiots, waited 4 hours", True),
    # a question about the organisation's services, without name-calling or swearing, and a
    # first-person health statement addressed to no one, without name-calling → not toxicity
    ("what time do you open tomorrow", False),
    ("stupid question but do you take medicare", False),  # the question is "stupid", no one else
    ("my back has been killing me since friday", False),
    ("my arm has been numb since this morning", False),
    # … with either, or addressed to someone with an insult, the model's score stands
    ("stupid question but do you take medicare, idiots", True),
    ("where do I park, what the hell", True),
    ("my back hurts, you useless idiots", True),
    # death words aimed at oneself: a person in crisis (the crisis label's business, swearing
    # or not) or hyperbole without swearing → not toxicity
    ("i wanna die", False),
    ("im gonna end it all", False),
    ("this heat is going to kill me", False),
    ("i could just die of embarrassment haha", False),
    ("my kids are driving me nuts this summer", False),
    ("this chemistry exam is going to be the death of me", False),
    # a short post without an insult or a swear word needs more than the threshold
    ("we're not moving house this year", False),
    # … aimed at someone, or with name-calling, the model's score stands
    ("you're killing me with these wait times, idiots", True),
    ("kill yourself", True),
    ("you will be the death of me, you idiot", True),
    # an insult aimed at oneself is no abuse
    ("I felt like an idiot for forgetting my appointment", False),
    ("i'm such an idiot, i left my wallet in the waiting room", False),
    # aimed at no one, no insult or swear word: needs UNAIMED_NEEDS; laughter and slang praise
    # there are banter whatever the score
    ("crazy busy in the ER tonight, hang in there team", False),
    ("the cardio kickboxing class was brutal but I loved it", False),
    ("lol same", False),
    ("the coffee in the lobby is terrible lol", False),
    ("that was a sick video, more like this pls", False),
    ("the new spin instructor is a beast", False),
    # … aimed at someone, or with an insult or a swear word, the model's score stands
    ("lol you guys are a joke lol", True),
    ("this hospital is trash lol", True),
    ("that nurse is a beast, rude as hell", True),
    # thanks without sarcasm, an insult or a swear word is not abuse (round 9: 0.52)
    ("huge thanks to the nicu nurses who took care of our little guy", False),
    # a health myth stated without an insult or a swear word is misinformation, not abuse
    # (round 10: 0.83, 0.85, 0.76, 0.70)
    ("dont let them give your baby the vitamin k shot, it's full of toxins", False),
    ("5g towers are making people sick with cancer", False),
    ("black salve draws the cancer out of your skin", False),
    ("fluoride in the water lowers kids IQ, that's why they put it there", False),
    # … with either, the model's score stands
    ("vaccines cause autism and you doctors are lying scum", True),
    ("the damn vitamin k shot is full of toxins", True),
    # health talk aimed at no one, without an insult or a swear word, is a tip, not abuse
    # (round 11: 0.74, 0.63, 0.67, 0.66); the "you" of advice aims at no one (0.54, 0.60, 0.75)
    ("gargling salt water helps a sore throat", False),
    ("an ice pack on a sprained ankle for 20 minutes at a time helps the swelling", False),
    ("steam from a hot shower helps a stuffy nose", False),
    ("stretching before a run keeps your hamstrings from getting tight", False),
    ("cut back on salt if your ankles swell in the heat", False),
    ("lying on your left side helps heartburn at night", False),  # "lying" is no accusation here
    # … aimed at someone, with name-calling or a swear word, or an idiom of "your head", the
    # model's score stands
    ("your doctors should choke on their own throat swabs", True),
    ("anti-vaxxers are a disease on this country", True),
    ("my sore throat is your fault, you idiots", True),
    ("go bury your head in the sand with your fake cancer cures", True),
    # a group called an illness or vermin is hate speech in an illness's words, not health talk
    # (an illness called a disease is health talk)
    ("cancer is a disease of the cells", False),
    ("immigrants are a disease on this country", True),
    ("islam is a cancer on society", True),
    # no product, no complaint → the model alone
    ("You are a useless idiot and everyone at your clinic should be ashamed.", True),
    ("this parking garage is crazy, what the hell", True),
]


@pytest.mark.parametrize(("text", "toxic"), CASES)
def test_symptom_and_product_posts_are_not_abuse(text: str, toxic: bool) -> None:
    score = _score(text)
    assert (score >= 0.5) is toxic
    if toxic:
        assert score == _model(text)  # untouched
    else:
        assert _model(text) >= 0.5  # the model alone would have flagged it …
        assert score == SYMPTOM_REPORT_CAP  # … the report caps it


@pytest.mark.parametrize(
    ("text", "model_below"),
    [("crazy busy in the ER tonight, hang in there team", True), ("lol same", False)],
)
def test_unaimed_posts_need_more_unless_banter(text: str, model_below: bool) -> None:
    """The first is capped for its score alone; the second scores above UNAIMED_NEEDS and is
    capped as laughter."""
    assert (0.5 <= _model(text) < UNAIMED_NEEDS) is model_below
    assert _score(text) == SYMPTOM_REPORT_CAP


def test_a_low_score_is_never_raised() -> None:
    text = "The new inhaler gave me a mild headache yesterday"  # a report, scored low anyway
    assert _score(text) == _model(text) < SYMPTOM_REPORT_CAP


# threats the model scores low (below 0.5), each raised to THREAT_SCORE
THREATS = [
    "someone should shoot you",
    "i will find you and hurt you",
    "i know where you work",
    "watch your back when you leave the hospital tonight",
    "i hope you die",
    "i hope you rot",
    "i hope you all rot",
    "i hope you guys get hit by a bus",
    "I know where your nurses park",
    "i'll be waiting for that doctor in the parking lot",
    "that nurse should be shot",
]
# everyday words near the threat wording: never raised
NOT_THREATS = [
    "i hope you feel better soon",
    "we shot a video at the clinic for flu season",
    "i hope i die in my sleep at 100",  # first person: crisis wording, not a threat
    "this migraine is killing me",
    "you killed it at the fundraiser!",
    "the nurse should be paid more",
    "i'll find out when the clinic opens",
    "watch yourself on the ice today, it's slippery",
    "i know where you parked, your car is in lot b",
    "i'll be waiting for you at the entrance with the kids!",
]


# name-calling aimed at a person scores at least NAME_CALLING_SCORE (the model gave the second
# 0.43; the first is a complaint, which an insult keeps from the cap)
NAME_CALLING = [
    "your receptionist is a useless cow",
    "you're all clowns, every last one of you",
    "the doctor is a quack",
    "you are lying about my blood test results",  # "lying" still accuses ("lying on" does not)
]
# insults aimed at no one, at oneself, or negated: never raised
NOT_NAME_CALLING = [
    "you guys are not idiots, you helped so much",
    "I felt like an idiot for forgetting my appointment",
    "we had a cow on the farm",
    "that nurse was an angel",
    "she was lying on her side in the recovery room",
]


@pytest.mark.parametrize("text", NAME_CALLING)
def test_name_calling_is_toxic(text: str) -> None:
    assert _score(text) == max(_model(text), NAME_CALLING_SCORE) >= 0.5


@pytest.mark.parametrize("text", NOT_NAME_CALLING)
def test_other_insult_words_are_not_raised(text: str) -> None:
    assert _score(text) <= max(_model(text), SYMPTOM_REPORT_CAP) and _score(text) < 0.5


# a slur scores at least NAME_CALLING_SCORE, aimed or not (the model gave the first 0.38);
# words with an everyday sense are not slurs here
SLURS = [
    "the waiting room was packed with spics",
    "that receptionist is a tranny lol",
    "the night nurses are lazy sluts",
]
NOT_SLURS = ["the coon hound at the vet was so cute", "found a chink in the armour of my plan"]


@pytest.mark.parametrize("text", SLURS)
def test_slurs_are_toxic(text: str) -> None:
    assert _model(text) < NAME_CALLING_SCORE == _score(text)


@pytest.mark.parametrize("text", NOT_SLURS)
def test_everyday_senses_are_not_slurs(text: str) -> None:
    assert _score(text) < 0.5


@pytest.mark.parametrize("text", THREATS)
def test_threats_are_toxic(text: str) -> None:
    assert _model(text) < 0.5 <= THREAT_SCORE == _score(text)


@pytest.mark.parametrize("text", NOT_THREATS)
def test_near_threats_are_not_raised(text: str) -> None:
    assert _score(text) <= _model(text)
