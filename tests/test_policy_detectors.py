"""Consent claims, individual advice, claims, review solicitation, conduct, photos and the
organisation's phrase lists: table-driven, with negatives for each code."""

from __future__ import annotations

import pickle

import pytest

import socialrx
from socialrx import registry
from socialrx.detectors.lexicon import Lexicon, folded, literal_trie
from socialrx.errors import PolicyError, RegistryError
from socialrx.model import Channel, Document
from socialrx.pipeline import Pipeline
from socialrx.policy import parse_policy

# (code, text that must be flagged, expected flagged substring)
FOUND = [
    (
        "disclosure.consent_claimed",
        "Shared with her permission: she is home and thriving.",
        "with her permission",
    ),
    (
        "disclosure.consent_claimed",
        "With consent from the family, here is his graduation photo.",
        "With consent from the family",
    ),
    (
        "disclosure.consent_claimed",
        "The patient gave us permission to share her story.",
        "gave us permission to share",
    ),
    (
        "disclosure.consent_claimed",
        "Posted with the parents' written consent.",
        "with the parents' written consent",
    ),
    ("advice.individual", "@jane you should double your insulin tonight.", "double your insulin"),
    (
        "advice.individual",
        "Sounds like you have strep, take amoxicillin.",
        "Sounds like you have strep",
    ),
    (
        "advice.individual",
        "You probably have a sinus infection.",
        "You probably have a sinus infection",
    ),
    (
        "advice.individual",
        "Just stop taking your metformin for a week.",
        "stop taking your metformin",
    ),
    ("claim.unsubstantiated", "This tea cures cancer!", "cures cancer"),
    ("claim.unsubstantiated", "Guaranteed results in two weeks.", "Guaranteed results"),
    ("claim.unsubstantiated", "100% effective and safe for everyone.", "100% effective"),
    ("claim.unsubstantiated", "A miracle cure for back pain.", "miracle cure"),
    ("claim.unsubstantiated", "Laser therapy with no side effects.", "no side effects"),
    (
        "claim.unsubstantiated",
        "We are the best hospital in the state.",
        "best hospital in the state",
    ),
    ("claim.unsubstantiated", "Ask us about off-label use for weight loss.", "off-label"),
    (
        "claim.unsubstantiated",
        "Still not FDA approved for children, but it works.",
        "not FDA approved for",
    ),
    (
        "review.solicitation",
        "Leave us 5 stars and get a free whitening!",
        "Leave us 5 stars and get a free",
    ),
    ("review.solicitation", "Only post positive reviews, team!", "Only post positive reviews"),
    ("review.solicitation", "Write a review for a gift card.", "review for a gift card"),
    (
        "review.solicitation",
        "A $20 credit for every 5-star review.",
        "credit for every 5-star review",
    ),
    ("conduct.unprofessional", "What a f*cking night shift.", "f*cking"),
    ("conduct.unprofessional", "This sh1t never ends.", "sh1t"),
    ("conduct.unprofessional", "Another drug seeker in bay 3.", "drug seeker"),
    ("conduct.unprofessional", "Some patients are so entitled.", "patients are so entitled"),
    (
        "conduct.unprofessional",
        "My manager is completely useless.",
        "My manager is completely useless",
    ),
    ("conduct.unprofessional", "This hospital is a joke.", "This hospital is a joke"),
    ("phi.photo", "Pic of our patient with the therapy dogs!", "Pic of our patient"),
    (
        "phi.photo",
        "Snapped a photo of the whiteboard before rounds.",
        "Snapped a photo of the whiteboard",
    ),
    ("phi.photo", "See attached x-ray, guess what happened.", "See attached x-ray"),
    ("phi.photo", "Wristband visible in the photo, oops.", "Wristband visible"),
    ("claim.unsubstantiated", "Voted the #1 cancer center in the state!", "#1 cancer center"),
    ("claim.unsubstantiated", "We are the # 1 hospital, again.", "# 1 hospital"),
    # 2026-11-21: the families the fresh rounds found (spans are what a reviewer sees)
    (
        "advice.individual",
        "@lisa_k you can take ibuprofen with your warfarin, it's fine.",
        "take ibuprofen",
    ),
    (
        "advice.individual",
        "@mom_of3 give him half an adult Tylenol tonight.",
        "give him half an adult Tylenol",
    ),
    (
        "advice.individual",
        "Hi Dana! That lump is almost certainly a harmless cyst.",
        "almost certainly a harmless cyst",
    ),
    (
        "advice.individual",
        "Sarah, you don't need to see anyone for that.",
        "don't need to see anyone",
    ),
    (
        "advice.individual",
        "Replying to Mark: skip the colonoscopy this year.",
        "skip the colonoscopy",
    ),
    (
        "advice.individual",
        "@kim if the statin hurts, take it every other day.",
        "take it every other day",
    ),
    (
        "claim.unsubstantiated",
        "Clinically proven to melt belly fat in 7 days!",
        "Clinically proven to melt",
    ),
    ("claim.unsubstantiated", "Our detox IV flushes toxins from your body.", "flushes toxins"),
    (
        "claim.unsubstantiated",
        "Chelation therapy treats autism naturally.",
        "Chelation therapy treats autism",
    ),
    (
        "claim.unsubstantiated",
        "Say goodbye to back pain forever!",
        "Say goodbye to back pain forever",
    ),
    ("claim.unsubstantiated", "It stops snoring 100% of the time.", "100% of the time"),
    (
        "review.solicitation",
        "Give us 5 stars on Healthgrades and your copay is on us!",
        "5 stars on Healthgrades and your copay is on us",
    ),
    (
        "review.solicitation",
        "Send the review link only to patients who said they were satisfied.",
        "only to patients who said they were satisfied",
    ),
    (
        "review.solicitation",
        "Ask your friends and family to leave us great reviews.",
        "Ask your friends and family to leave us great reviews",
    ),
    ("conduct.unprofessional", "Admin is clueless as usual.", "Admin is clueless"),
    ("conduct.unprofessional", "Effing understaffed again.", "Effing"),
    ("conduct.unprofessional", "Screw this place.", "Screw this"),
    (
        "conduct.unprofessional",
        "Some of these patients are too dumb to read.",
        "patients are too dumb",
    ),
    ("disclosure.consent_claimed", "She said we could share her story!", "She said we could share"),
    ("disclosure.consent_claimed", "His wife okayed us sharing this.", "okayed us sharing"),
    (
        "disclosure.consent_claimed",
        "We got the go-ahead from Mom to share this.",
        "got the go-ahead from Mom to share",
    ),
    ("phi.photo", "Look at this gnarly CT from tonight's trauma.", "Look at this gnarly CT"),
    (
        "phi.photo",
        "Photo of today's surgery board, we're slammed!",
        "Photo of today's surgery board",
    ),
    ("phi.photo", "Here's the chest x-ray from the guy who swallowed a key.", "x-ray from the guy"),
    # round D (2026-11-22): a finding judged harmless, a modality's cure, a guaranteed zero, a
    # title's full stop inside a review offer, proof of a review for a raffle, a comma-gated
    # review, a patient mocked, a colleague shamed, a board peeked at, a baby's ultrasound
    (
        "advice.individual",
        "@sam_t your blood pressure of 150/95 is nothing to worry about at your age",
        "your blood pressure of 150/95 is nothing to worry about",
    ),
    (
        "claim.unsubstantiated",
        "Our chiropractic adjustments cure ear infections in children without antibiotics.",
        "chiropractic adjustments cure ear infections",
    ),
    (
        "claim.unsubstantiated",
        "The only hospital in the state with a 0% infection rate, guaranteed.",
        "infection rate, guaranteed",
    ),
    (
        "review.solicitation",
        "Post a positive review of Dr. Shah and get a free teeth whitening kit.",
        "review of Dr. Shah and get a free",
    ),
    (
        "review.solicitation",
        "Enter our raffle for an iPad! Just show us your 5-star Yelp review at the front desk.",
        "raffle",
    ),
    (
        "review.solicitation",
        "If you loved your visit, review us on Google. If not, call the manager instead.",
        "loved your visit, review us",
    ),
    # gated across a title's full stop and with "post", "share", "drop" a review (2026-11-22)
    (
        "review.solicitation",
        "Loved your visit with Dr. Shah? Leave us a review on Google! Not happy? Call us first.",
        "Loved your visit with Dr. Shah? Leave us a review",
    ),
    (
        "review.solicitation",
        "Enjoyed your cleaning with Dr. Park? Share a review on Google. If not, message us!",
        "Enjoyed your cleaning with Dr. Park? Share a review",
    ),
    (
        "conduct.unprofessional",
        "When the patient says their pain is 10/10 while eating chips and scrolling TikTok 😂",
        "When the patient says",
    ),
    (
        "conduct.unprofessional",
        "Guess which night nurse slept through her whole shift again? #nursinglife",
        "Guess which night nurse slept",
    ),
    (
        "phi.photo",
        "Sneak peek of the patient whiteboard on 3 East, the nurses decorated it for fall!",
        "Sneak peek of the patient whiteboard",
    ),
    (
        "phi.photo",
        "Here's the ultrasound of the twins we delivered this morning!",
        "ultrasound of the twins",
    ),
]
# (code, text that must NOT be flagged with that code)
NOT_FOUND = [
    ("disclosure.consent_claimed", "Informed consent is part of every clinical trial."),
    ("disclosure.consent_claimed", "Ask permission before you post a photo of anyone."),
    ("advice.individual", "Flu shots are available for everyone 6 months and older."),
    ("advice.individual", "Don't stop taking your medication without talking to your doctor."),
    ("advice.individual", "For a fever, take acetaminophen as directed on the label."),
    ("advice.individual", "Talk with your provider about whether a statin is right for you."),
    ("claim.unsubstantiated", "Help us find a cure for childhood cancer."),
    ("claim.unsubstantiated", "We are a proud Children's Miracle Network Hospital."),
    ("claim.unsubstantiated", "Best wishes to our graduating residents!"),
    ("claim.unsubstantiated", "Ask about the side effects of any new medication."),
    ("claim.unsubstantiated", "#proud #nurses #community: thank you, team!"),
    ("claim.unsubstantiated", "Our team#1 hospital league won."),  # "#" glued to a word
    ("review.solicitation", "Tell us how we did: your feedback helps us improve."),
    ("review.solicitation", "Thanks for the five-star review!"),
    ("review.solicitation", "Read reviews of our doctors on our website."),
    ("conduct.unprofessional", "Our class on assessment skills meets in Scunthorpe Hall."),
    (
        "conduct.unprofessional",
        "Reading Dickens in the hospital library, with a cocktail of juices.",
    ),
    (
        "conduct.unprofessional",
        "Scrap metal drive to fund the Sussex clinic; shitake soup on the menu.",
    ),
    (
        "conduct.unprofessional",
        "Navigating difficult patient conversations: a workshop for nurses.",
    ),
    ("conduct.unprofessional", "A finger prick test takes one minute."),
    ("phi.photo", "Photos from the blood drive are up!"),
    ("phi.photo", "Pictured: our new ambulance fleet."),
    ("phi.photo", "Photos of our new research labs and screening center."),
    # 2026-11-21: look-alikes of the new families
    ("advice.individual", "Hi Maria! Stop by our pharmacy to pick up your prescription."),
    ("advice.individual", "@sam you don't need to see a doctor first to get a flu shot."),
    ("advice.individual", "@pat you can take the shuttle to the cancer center."),
    ("advice.individual", "@jess you can drop off unused medications in the lobby."),
    ("advice.individual", "Hey @coach_d, it's flu season! Get your flu shot at any clinic."),
    (
        "advice.individual",
        "@tom we can't give medical advice here, but call our nurse line about ibuprofen.",
    ),
    (
        "advice.individual",
        "@mike that's definitely a rash worth getting checked, please see your provider.",
    ),
    (
        "advice.individual",
        "Always talk to your doctor before stopping any prescription medication.",
    ),
    ("claim.unsubstantiated", "Supplements cannot cure cancer. Talk to your oncologist."),
    ("claim.unsubstantiated", "Beware of clinics that claim stem cells cure autism."),
    ("claim.unsubstantiated", "There's no supplement proven to prevent Alzheimer's."),
    ("claim.unsubstantiated", "Our cardiology team treats heart disease and heart failure."),
    ("claim.unsubstantiated", "The HPV vaccine prevents six kinds of cancer."),
    ("claim.unsubstantiated", "Never miss a flu shot again with reminders in our app."),
    ("review.solicitation", "Fake reviews hurt patients. We never pay for or filter our reviews."),
    ("review.solicitation", "Read reviews of our doctors, and book a free consult online."),
    ("review.solicitation", "We do not offer discounts or gifts for reviews, ever."),
    ("review.solicitation", "Tell us how we did: every review, good or bad, is read."),
    # a review asked of everyone, without a private channel for the unhappy, is no gate
    ("review.solicitation", "We love our patients! Leave us a review on Google."),
    ("review.solicitation", "Loved seeing everyone at the 5K! Problem with your bib? Email us."),
    (
        "conduct.unprofessional",
        "Our campaign retires labels like 'frequent flyer' and 'drug seeker'.",
    ),
    ("conduct.unprofessional", "What the heck is RSV? Our pediatrician explains."),
    ("conduct.unprofessional", "Shoutout to the pharmacy team for catching a dosing error today!"),
    ("conduct.unprofessional", "Management is committed to safe staffing."),
    (
        "conduct.unprofessional",
        "I hate seeing kids in pain, which is why our child life team matters.",
    ),
    (
        "disclosure.consent_claimed",
        "Photo used with permission from the American Heart Association.",
    ),
    (
        "disclosure.consent_claimed",
        "We ask every family for written permission before we share a story.",
    ),
    ("disclosure.consent_claimed", "Our partners asked us to share this event."),
    ("phi.photo", "Look at this new CT scanner in our imaging center!"),
    ("phi.photo", "Photos of our new imaging suite are up!"),
    ("phi.photo", "Photo of the clinic schedule change: we open at 8 on Mondays."),
    ("phi.photo", "Pictured: our MRI team celebrating 10,000 scans."),
    ("advice.individual", "@sam_t your feedback is totally fine, thanks!"),
    ("advice.individual", "Hi Dana! Your appointment time is fine, see you then."),
    ("claim.unsubstantiated", "Antibiotics cure most bacterial infections, not viruses."),
    ("claim.unsubstantiated", "Our 0% infection rate last quarter (NHSN data) reflects our work."),
    ("claim.unsubstantiated", "Chiropractic care can help some kinds of low back pain."),
    ("review.solicitation", "Free flu shots Saturday! Leave us a review of our new clinic."),
    ("review.solicitation", "Enter our raffle for an iPad at the health fair! No purchase needed."),
    ("review.solicitation", "Show us your vaccine card at the front desk and get a free coffee!"),
    ("conduct.unprofessional", "When a patient says thank you at 3am, it makes the shift ❤️"),
    ("conduct.unprofessional", "Guess which nurse just won the DAISY award? Congrats, Tom!"),
    ("phi.photo", "Sneak peek at the new whiteboards going up in every patient room next week!"),
    ("phi.photo", "Here's the ultrasound of the future: our new handheld scanners."),
]


def _hits(text: str, code: str, channel: Channel = "outbound") -> list[str]:
    analysis = socialrx.analyze(text, channel=channel)
    return [text[f.span.start : f.span.end] for f in analysis.findings if f.code == code and f.span]


@pytest.mark.parametrize(("code", "text", "expected"), FOUND)
def test_finds(code: str, text: str, expected: str) -> None:
    hits = _hits(text, code)
    assert any(expected in hit or hit in expected for hit in hits), hits


@pytest.mark.parametrize(("code", "text", "expected"), FOUND)
def test_default_policy_holds_for_review(code: str, text: str, expected: str) -> None:
    analysis = socialrx.analyze(text)
    assert analysis.decision.action in ("review", "block")
    assert any(r.code == code for r in analysis.decision.reasons)


@pytest.mark.parametrize(("code", "text"), NOT_FOUND)
def test_negatives(code: str, text: str) -> None:
    assert _hits(text, code) == []


def test_advice_imperative_counts_when_addressed() -> None:
    text = "Take ibuprofen and rest."
    assert _hits(text, "advice.individual") == []
    assert _hits(text, "advice.individual", "reply") == ["Take ibuprofen"]


@pytest.mark.parametrize(
    "name", ["consent", "advice", "claims", "solicitation", "conduct", "photo", "disclosure"]
)
def test_detectors_are_registered_documented_and_picklable(name: str) -> None:
    entry = registry.get(name)
    docs = registry.code_docs()
    assert all(code in docs for code in entry.codes)
    fn = entry.build()
    assert pickle.loads(pickle.dumps(fn)) is fn


# ------------------------------------------------------------------------------ lexicon

POLICY = """
name = "acme-test"
version = 3
[detectors.lexicon.lists]
competitors = ["Globex Health", "Globex", "Initech Clinics"]
embargoed = ["Project Falcon", "R&D Wing"]
[actions]
"lexicon.*" = "review"
"lexicon.competitors" = "block"
"""


def test_lexicon_without_lists_finds_nothing() -> None:
    assert list(Lexicon()(Document("Globex Health is great"))) == []
    assert list(Lexicon(lists={})(Document("Globex Health is great"))) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We beat Globex Health again!", [("lexicon.competitors", "Globex Health")]),
        (
            "GLOBEX   health and initech clinics",
            [
                ("lexicon.competitors", "GLOBEX   health"),
                ("lexicon.competitors", "initech clinics"),
            ],
        ),
        ("G l o b e x is hiring", [("lexicon.competitors", "G l o b e x")]),
        ("Project F4lcon launches soon", [("lexicon.embargoed", "Project F4lcon")]),
        ("The R&D Wing opens", [("lexicon.embargoed", "R&D Wing")]),
        ("Globexville and Globexes are not matches", []),
        ("Initech alone is not a phrase", []),
    ],
)
def test_lexicon_phrases(text: str, expected: list[tuple[str, str]]) -> None:
    pipeline = Pipeline(parse_policy(POLICY))
    found = [
        (f.code, text[f.span.start : f.span.end])
        for f in pipeline.analyze_text(text).findings
        if f.code.startswith("lexicon.") and f.span
    ]
    assert found == expected


def test_lexicon_actions_come_from_the_policy() -> None:
    pipeline = Pipeline(parse_policy(POLICY))
    assert pipeline.analyze_text("We beat Globex again").decision.action == "block"
    assert pipeline.analyze_text("Project Falcon is coming").decision.action == "review"
    assert pipeline.analyze_text("Flu shots on Monday").decision.action == "allow"


def test_lexicon_pickles_with_its_lists() -> None:
    lexicon = Lexicon(lists={"competitors": ["Globex"]})
    list(lexicon(Document("Globex")))  # prepared state must not break pickling
    clone = pickle.loads(pickle.dumps(lexicon))
    assert [f.code for f in clone(Document("go Globex"))] == ["lexicon.competitors"]


@pytest.mark.parametrize(
    "lists",
    [{"Bad-Name": ["x"]}, {"ok": "not a list"}, {"ok": [1, 2]}, ["not", "a", "table"]],
)
def test_lexicon_rejects_malformed_lists(lists: object) -> None:
    with pytest.raises(PolicyError):
        list(Lexicon(lists=lists)(Document("x")))  # type: ignore[arg-type]


def test_lexicon_rejects_unknown_options() -> None:
    with pytest.raises(RegistryError):
        registry.get("lexicon").build(phrases=["x"])


# ------------------------------------------------------------------------------ helpers


def test_folded_view_keeps_offsets() -> None:
    doc = Document("İstanbul ÉCOLE Straße")
    view = folded(doc)
    assert len(view.low) == len(doc.norm.text)
    assert view.low[0] == "İ" and view.low[1:] == doc.norm.text[1:].lower()
    assert {b"stan", b"cole", b"stra"} <= view.stems


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("cure | cures | cured", "it cures all", ["cures"]),
        ("(?:is|was)\\s+admitted", "this admitted; he was admitted", ["was admitted"]),
        ("off[- ]label | \\d+\\s?mg", "an off-label 20 mg dose", ["off-label", "20 mg"]),
        ("room\\s+\\d+", "bathroom 4, room 12", ["room 12"]),
    ],
)
def test_literal_trie_matches_whole_words(pattern: str, text: str, expected: list[str]) -> None:
    import re

    assert re.findall(literal_trie(pattern), text) == expected


@pytest.mark.parametrize(
    ("words", "literals", "text", "expected"),
    [
        (("cure cures",), (), "It cures arthritis.", True),
        (("cure cures",), (), "A curious case.", False),  # stem "curi", not "cure"
        (("best top + state country",), (), "Best wishes to the team!", False),
        (("best top + state country",), (), "The best hospital in the state.", True),
        (("percent",), ("100",), "Works 100% of the time.", True),
        (("risk",), ("painless",), "Say goodbye to pain.", False),  # "pain" alone: no
        (("risk",), ("painless",), "Painless and permanent!", True),
        (("risk",), ("#",), "Ranked #1 again.", True),
    ],
)
def test_gate_opens_only_where_a_match_is_possible(
    words: tuple[str, ...], literals: tuple[str, ...], text: str, expected: bool
) -> None:
    from socialrx.detectors._match import gate, hits, opens

    view = folded(Document(text))
    g = gate(*words, literals=literals)
    assert opens(g, view.stems, view.low) is expected
    assert opens(g, hits(g, view), view.low) is expected


@pytest.mark.parametrize("module", ["advice", "claims", "conduct"])
def test_gates_pass_every_text_their_pattern_matches(module: str) -> None:
    """A gate must never hide a match: on every test text, a kind whose pattern matches has an
    open gate."""
    import importlib

    from socialrx.detectors._match import opens

    mod = importlib.import_module(f"socialrx.detectors.{module}")
    texts = [text for _, text, _ in FOUND] + [text for _, text in NOT_FOUND] + _corpus_texts()
    patterns = mod._patterns()
    rows = patterns.items() if isinstance(patterns, dict) else [(k, (p, g)) for k, p, g in patterns]
    for text in texts:
        view = folded(Document(text))
        for _kind, (pattern, kind_gate) in rows:
            if pattern.search(view.low):
                assert opens(kind_gate, view.stems, view.low)


def _corpus_texts() -> list[str]:
    import tomllib
    from pathlib import Path
    from typing import Any

    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)

    walk(tomllib.loads((Path(__file__).parent / "posts.toml").read_text(encoding="utf-8")))
    return found


def test_advice_gate_opens_for_every_medicine_and_condition() -> None:
    """``_told`` runs only when its gate opens: every medicine and condition it knows (however
    written: "z-pack", "alzheimer's") and every "no care" phrasing must open it."""
    from socialrx.detectors import _match, advice

    entries = sorted(advice._medicines() | advice._conditions())
    assert len(entries) > 300
    texts = [f"@x that's {entry}." for entry in entries]
    texts += ["@x no need to call.", "@x you don't have to go in.", "@x skip the scan."]
    for text in texts:
        view = _match.folded(Document(text, "outbound"))
        assert advice._may_tell(view.low, view.stems), text
    view = _match.folded(Document("@x see you at the picnic.", "outbound"))
    assert not advice._may_tell(view.low, view.stems)
