"""Inbound triage labels ``complaint``, ``praise`` and ``medical_question``: table-driven
positives and negatives (synthetic text written for these tests), and the quality gates on
complaints-social-media and LiveQA (skipped, with the reason, when ../shared/data is absent)."""

from __future__ import annotations

import pickle
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from socialrx.classifiers.complaint import complaint, lexicon, scan, triage
from socialrx.classifiers.praise import praise
from socialrx.classifiers.questions import medical_question
from socialrx.evaluation import complaints, liveqa
from socialrx.evaluation.triage import Figure
from socialrx.model import Document, Label
from socialrx.pipeline import Pipeline
from socialrx.policy import default_policy

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CLASSIFIERS = {"complaint": complaint, "praise": praise, "medical_question": medical_question}


def _scores(text: str) -> dict[str, float]:
    document = Document(text, channel="inbound")
    out: dict[str, float] = {}
    for name, run in CLASSIFIERS.items():
        for label in run(document):
            assert isinstance(label, Label) and label.name == name
            out[name] = label.score
    return out


def _labels(text: str) -> set[str]:
    return {name for name, score in _scores(text).items() if score >= 0.5}


COMPLAINTS = [
    "waited 3 hours in the ER and nobody told us anything",
    "@CityHospital your billing department charged me twice and won't answer the phone",
    "worst experience ever, the nurse was rude",
    "still no callback about my results, this is ridiculous",
    "Been on hold with the scheduling line for 45 minutes. Unacceptable.",
    "great, another 3-hour wait at urgent care",
    "why is my prescription still not ready?? third time this week",
    "my mom was discharged without her meds and no one explained anything",
    "the front desk lady was so condescending to my elderly father",
    "Appointment cancelled the morning of, again. Do better.",
    "thanks for nothing, still waiting on my refund",
    "not impressed with the nurses at all, they never came when I called",
    "love waiting 2 hours past my appointment time, great job",
    "why is the wait so long??",
    "@MercyHelp the patient portal keeps crashing and I can't see my bill",
    "i was sent home with the wrong prescription and nobody picks up the phone",
    "Can't believe how rude the receptionist was",
    "Why hasn't anyone called me back about my MRI results?",
]
PRAISE = [
    "thank you to the amazing nurses on 4 West",
    "Dr. Lee is the best, so grateful",
    "5 stars, great care",
    "Huge shout out to the ER team, you guys were so kind to my daughter",
    "the staff in radiology were friendly and professional, highly recommend",
    "You all saved my life. Forever grateful to the ICU nurses ❤️",
    "Kudos to the night shift on the maternity ward, you made us feel so welcome",
    "thanks so much dr patel, best surgeon ever",
    "I can't thank you enough, the nurses were wonderful",
]
QUESTIONS = [
    "i was wondering if my rash is contagious",  # "wondering if" asks
    "is it safe to take ibuprofen with my blood pressure meds?",
    "what are the side effects of metformin",
    "my son has a fever of 103, should I bring him in?",
    "can I get the flu shot while pregnant",
    "I was diagnosed with gout last month and want information on diet and treatment",
    "Does lisinopril cause a dry cough? I started it two weeks ago",
    "how long should a sprained ankle take to heal",
    "Hello, my husband takes atorvastatin and warfarin. Is grapefruit a problem with these?",
    "I have had a rash and itching on my arms for a week, what could cause this",
    "Looking for information about treatment options for my mother's osteoporosis",
    "What is the best way to lower my cholesterol without statins",
    # the question after a comma, without a question mark
    "my son has a fever of 102, should we come in",
    "my daughter fell and hit her head, is that an emergency",
]
# Posts that carry none of the three labels: administrative questions, general chatter,
# figurative talk, news, statements about health without an ask.
NEITHER = [
    "what time does the cafeteria open?",
    "where do I park?",
    "how do I pay my bill?",
    "what are your visiting hours on weekends?",
    "Is the pharmacy open on Sunday?",
    "Do you have a job opening for nurses?",
    "Thanks in advance, can someone tell me where the MRI department is?",
    "rainy monday ugh",
    "nice weather today",
    "New study finds flu cases rising across the state this winter",
    "Got my flu shot today, feeling good",
    "I don't think I can make it to the party lol",
    "can't wait for the 5k this weekend!",
    "this migraine is killing me lol",
    "no problem, see you tomorrow",
    "Our team is hosting a blood drive on Friday at the main entrance",
    "no problem at all, the billing office sorted it out quickly",
    "Can't believe how fast the ER got us in, no wait at all!",
    "Do you take walk-ins for covid tests?",
    # after a comma: a relative clause or an exclamation, no question
    "my knee is healing well, which makes walking the dog easier",
    "my back pain is gone, how amazing is that",
    # "if" in a tip is a condition, not an ask ("wondering if" asks)
    "a bee sting stops hurting faster if you scrape the stinger out",
]


@pytest.mark.parametrize("text", COMPLAINTS)
def test_complaints(text: str) -> None:
    assert _labels(text) == {"complaint"}, _scores(text)


@pytest.mark.parametrize("text", PRAISE)
def test_praise(text: str) -> None:
    assert _labels(text) == {"praise"}, _scores(text)


@pytest.mark.parametrize("text", QUESTIONS)
def test_medical_questions(text: str) -> None:
    assert _labels(text) == {"medical_question"}, _scores(text)


@pytest.mark.parametrize("text", NEITHER)
def test_neither(text: str) -> None:
    assert _labels(text) == set(), _scores(text)


@pytest.mark.parametrize(
    ("text", "label", "higher"),
    [
        # sarcasm turns praise words into a complaint
        ("great, another 3-hour wait", "complaint", "great, the wait was short"),
        # a negated praise word is not praise
        ("the nurses were helpful and kind", "praise", "the nurses were not helpful or kind"),
        # "no problem" and "can't wait" are not negations
        ("the billing office never answered", "complaint", "no problem, can't wait to visit"),
        # a medical question beats the same words without an ask
        ("should I take ibuprofen for my fever?", "medical_question", "took ibuprofen, fever gone"),
    ],
)
def test_cue_contrasts(text: str, label: str, higher: str) -> None:
    assert _scores(text)[label] > _scores(higher)[label]


@pytest.mark.parametrize("text", ["", " ", "!!!", "\U0001f600 \U0001f600", "?? ..."])
def test_no_words_no_labels(text: str) -> None:
    assert _scores(text) == {}


@pytest.mark.parametrize("text", ["@someone", "ok", "a" * 5000, "\u202e\ufeff no"])
def test_scores_in_range(text: str) -> None:
    assert all(0.0 <= score <= 1.0 for score in _scores(text).values())


def test_scan_is_shared_and_counts_only() -> None:
    document = Document("@CityClinic my bill is wrong AGAIN, not happy", channel="inbound")
    first = triage(document)
    assert scan(document) is first.found  # computed once per document
    assert first.found.flipped == 1  # "not happy"
    assert first.found.owned == 1  # "my bill"
    assert first.complaint > 0
    assert "bill" in lexicon().words


def test_long_posts_are_handled() -> None:
    text = "still waiting for my refund, nobody answers. " * 5000
    scores = _scores(text)
    assert scores["complaint"] > 0.5 and 0.0 <= scores["praise"] <= 1.0


def test_classifiers_pickle() -> None:
    for run in CLASSIFIERS.values():
        assert pickle.loads(pickle.dumps(run)) is run


@cache
def _figures(name: str) -> list[Figure]:
    folder = DATA / name
    if not folder.is_dir():
        pytest.skip(f"dataset not present at {folder}")
    # only these three labels: the figures do not depend on any other classifier or detector
    policy = replace(default_policy(), detectors=(), classifiers=tuple(CLASSIFIERS))
    if name == "complaints-social-media":
        return complaints.figures(folder, Pipeline(policy))
    return liveqa.figures(folder, Pipeline(policy))


@pytest.mark.parametrize("name", ["complaints-social-media", "liveqa-medical-trec2017"])
def test_quality_gates(name: str) -> None:
    for figure in _figures(name):
        assert figure.passed, figure.as_dict()
        assert "@" not in figure.detail  # counts only, never post text
