"""Adverse events: the adverse_event label and the ade.product / ade.reaction findings.

Synthetic posts only (written for these tests); the PsyTAR quality gate runs when
../shared/data is beside the checkout and is skipped, with the reason, where it is not.
"""

from __future__ import annotations

import pickle
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from socialrx.classifiers import ade_words
from socialrx.classifiers.ade import MAX_FINDINGS, ade, adverse_event, assess, canonical_term
from socialrx.errors import DatasetError
from socialrx.evaluation import psytar
from socialrx.evaluation.triage import Figure
from socialrx.model import Document
from socialrx.pipeline import Pipeline
from socialrx.policy import default_policy

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PSYTAR = DATA / "psytar"


def _score(text: str) -> float:
    (label,) = adverse_event(Document(text, "inbound"))
    return float(label.score)


def _findings(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"ade.product": [], "ade.reaction": []}
    for f in ade(Document(text, "inbound")):
        assert f.span is not None
        out[f.code].append(text[f.span.start : f.span.end])
    return out


# (text, products, reactions) — reported adverse events
POSITIVES = [
    ("started Lexapro last week and now I get terrible headaches and can't sleep",
     ["Lexapro"], ["headaches", "can't sleep"]),
    ("got my flu shot yesterday, arm is sore and I had a fever all night",
     ["flu shot"], ["arm is sore", "fever"]),
    ("this med gave me hives", [], ["hives"]),
    ("Zoloft killed my sex drive and I gained 20 lbs in three months", ["Zoloft"], None),
    ("side effects so far: dry mouth, night sweats and really vivid dreams", [], None),
    ("Since I switched to Cymbalta the nausea is constant", ["Cymbalta"], ["nausea"]),
    ("the brain zaps on effexor are unreal, it feels like electric shocks", ["effexor"], None),
    ("ever since the COVID booster my heart races and I'm exhausted", ["COVID booster"], None),
    ("My new IUD gave me awful cramps and spotting for weeks", ["IUD"], None),
    ("amoxicillin made me break out in a rash all over my chest", ["amoxicillin"], ["rash all over"]),
    ("metformin = diarrhea every single morning, is this normal", ["metformin"], None),
    ("the antibiotics they gave me made me throw up twice", ["antibiotics"], ["throw up"]),
    ("extreme weight gain and short-term memory loss while on it", [], None),
    ("L3xapro gave me insomnia", ["L3xapro"], ["insomnia"]),
    ("took my first dose of the statin and my muscles ache all over", ["statin"], None),
    ("my insulin pump keeps failing and I ended up with very high blood sugar",
     ["insulin pump"], None),
    ("Cymbalta has wrecked my sex life", ["Cymbalta"], ["sex life"]),
    ("Prednisone makes my face puffy and I'm starving all the time", ["Prednisone"], None),
    # "the flu" (another cause) must not hide the product "flu shot" it overlaps
    ("the flu shot gave me a headache", ["flu shot"], ["headache"]),
    ("after the covid shot I had chills all night", ["covid shot"], ["chills"]),
    # asking for advice does not hide a report that links the effect to a treatment
    ("the new pills give me awful headaches, any tips", [], ["headaches"]),
    ("started amoxicillin yesterday and now I'm dizzy, should I worry", ["amoxicillin"], None),
    # "is that normal?" after a report asks for reassurance about it: still a report
    ("been so dizzy since I started taking it, is that normal?", [], None),
    # a question that says the asker has it too is a report (round 9)
    ("anybody else get nausea on wellbutrin", ["wellbutrin"], ["nausea"]),
    ("has anyone had a rash from amoxicillin? my son has one now", ["amoxicillin"], ["rash"]),
    ("has anyone had hair thinning on the pill? mine started last month", [], ["hair thinning"]),
    ("is it normal to lose your sense of taste on paxlovid?", ["paxlovid"], None),
    # lay wording of drug-typical effects (round 9)
    ("metformin has me running to the bathroom every hour", ["metformin"], None),
    ("third day on cipro and my achilles tendons are killing me", ["cipro"], None),
    ("doxycycline + sun = worst sunburn of my life", ["doxycycline"], ["sunburn"]),
    ("my insulin pump site keeps getting infected", ["insulin pump"], ["infected"]),
    ("adderall killing my appetite, i forget to eat until 9pm", ["adderall"], None),
    # round 10: a feeling the product caused is a reaction, one about it is not (below)
    ("zoloft made me so nervous i couldn't leave the house", ["zoloft"], None),
    ("the statin gave me muscle aches so my doctor switched me to another one", ["statin"], None),
    # round 11: "the flu" a post ties to a flu vaccine named before it is the reaction
    ("got the flu shot yesterday and now i have the flu, fever and chills", ["flu shot"],
     ["the flu", "fever", "chills"]),
    ("the flu shot gives me the flu every single year", ["flu shot"], ["the flu"]),
    ("after starting the new inhaler my throat has been raw and sore for a week", ["inhaler"],
     ["throat has been raw"]),
    # a product asked about and a report in another sentence: still a report
    ("can i take benadryl for this? the amoxicillin gave me hives", ["benadryl", "amoxicillin"],
     ["hives"]),
]  # fmt: skip

# not a report of an adverse event (the comment says why)
NEGATIVES = [
    "I have a headache",  # no treatment link
    "I have a terrible headache and this cough is the worst",  # everyday complaints, even bad
    "my allergies are so bad this week",  # "allergic" is not a drug allergy on its own
    "Lexapro helped my anxiety so much",  # efficacy
    "my anxiety came back after stopping",  # relapse of the condition after stopping
    "does Zoloft cause weight gain?",  # a question
    "FDA warns of rash with drug X",  # news, third party
    "no side effects at all, it has been great",  # negated
    "I was depressed and anxious before I started it",  # the condition, before treatment
    "this migraine is killing me lol",  # an everyday complaint, no treatment
    "Thanks to the nurses, parking was a nightmare though",  # figurative
    "Flu shots this Saturday at our Main Street clinic, 9am to noon.",  # an announcement
    "prescribed sertraline for my depression and panic attacks",  # the indication
    "the nausea from chemo is gone thanks to Zofran",  # efficacy of the anti-emetic
    "sick of waiting on hold for the pharmacy",  # figurative "sick"
    "the billing department gives me a headache every single month",  # figurative, no product
    "my dad has chest pain and can't breathe, his lips are turning blue",  # an emergency
    "I can't sleep because my neighbours are so loud",  # another cause is named
    "I had the flu and a headache all week",  # another cause is named
    "I'm worried about side effects, should I still get the vaccine?",  # feared, not had
    "My daughter has a fever and a rash, is the clinic open?",  # a question, no treatment
    "Thank you, the new meds are working great and I have so much more energy",  # efficacy
    "woke up dizzy this morning, any tips",  # symptoms in a request for advice, no treatment
    "my toddler has a rash on her cheeks since yesterday, should I worry",  # the same
    "my toddler has a rash on her cheeks since yesterday, is that normal?",  # the same
    "I get rashes every summer from the heat",  # another cause is named
    "feeling nauseous since lunch, maybe the tuna",  # another cause is named
    "anybody else read the article on ozempic and hair loss?",  # news, not the asker's own
    "anyone else excited for the flu shot clinic saturday",  # no reaction
    "is it normal to feel nervous before starting chemo?",  # before the treatment
    "ibuprofen works better than tylenol for my period cramps",  # the indication
    "my headaches are way better since i started magnesium",  # efficacy
    "my achilles tendons hurt after the marathon",  # an everyday complaint, no treatment
    "got a sunburn at the beach today",  # no treatment
    "the cut on my finger got infected",  # no treatment
    "everything tastes like metal since i got covid",  # no treatment
    # round 10: a myth said of everyone is a claim (the misinformation label's), not a report
    "statins cause more heart attacks than they prevent, stop taking them",
    "sunscreen causes skin cancer, the chemicals are worse than the sun",
    "colloidal silver cures any infection, no need for antibiotics",  # what it "cures": indication
    "i was nervous about the mmr shot but the pediatrician answered all my questions",  # attitude
    "i'm nervous about starting zoloft, my anxiety is already bad",  # before the treatment
    # round 11: health tips said of no one, and products only asked about
    "a sore throat usually goes away on its own in about a week",  # "on its own": no intake
    "elevate the leg to bring the swelling down",  # efficacy
    "calamine lotion stops the itch from poison ivy",  # efficacy
    "a spoonful of sugar with a drop of vinegar stops hiccups for me",  # efficacy
    "eat more fiber and drink water to stay regular",  # advice, not more appetite
    "the nurse on 4 west is a lazy cow who ignored my mom",  # an insult, not lethargy
    "is tylenol safe during pregnancy? i have a bad headache",  # asked whether to take it
    "can i take advil with my blood pressure meds? i have a migraine",  # the same
    # "the flu" stays another cause where nothing ties it to the shot, or the shot was not had
    "the flu shot can't give you the flu, it has no live virus in it",
    "get your flu shot so you don't get the flu",
    "my son got the flu shot and still caught the flu, is that normal?",
    "had the flu last week so we postponed my flu shot",
    "",
]


@pytest.mark.parametrize(("text", "products", "reactions"), POSITIVES)
def test_reports_adverse_events(
    text: str, products: list[str], reactions: list[str] | None
) -> None:
    assert _score(text) >= 0.5
    found = _findings(text)
    assert found["ade.product"] == products
    assert found["ade.reaction"], "a report names at least one reaction"
    if reactions is not None:
        assert found["ade.reaction"] == reactions


@pytest.mark.parametrize("text", NEGATIVES)
def test_holds_back_on_non_reports(text: str) -> None:
    assert _score(text) < 0.5
    assert _findings(text) == {"ade.product": [], "ade.reaction": []}


@pytest.mark.parametrize(
    ("code", "text", "canonical"),
    [
        ("ade.product", "Lexapro", "escitalopram"),
        ("ade.product", "ZOLOFT", "sertraline"),
        ("ade.product", "flu shot", "influenza vaccine"),
        ("ade.product", "Moderna", "covid-19 vaccine (moderna)"),
        ("ade.product", "CGM", "continuous glucose monitor"),
        ("ade.reaction", "can't sleep", "insomnia"),
        ("ade.reaction", "cant sleep", "insomnia"),
        ("ade.reaction", "hives", "urticaria"),
        ("ade.reaction", "headaches", "headache"),
        ("ade.reaction", "brain zaps", "electric shock sensation"),
        ("ade.reaction", "weight-gain", "weight increased"),
        ("ade.reaction", "gained 20 lbs", "weight increased"),
        ("ade.reaction", "arm is sore", "injection site pain"),
        ("ade.reaction", "Lexapro", None),  # a product is not a reaction
        ("ade.product", "headache", None),
        ("crisis.cue", "headache", None),
    ],
)
def test_canonical_terms(code: str, text: str, canonical: str | None) -> None:
    assert canonical_term(code, text) == canonical


def test_every_listed_phrase_maps_to_its_canonical_term() -> None:
    groups = {"product": "ade.product", "reaction": "ade.reaction"}
    for group, code in groups.items():
        for _kind, canonical, phrase in ade_words._entries(group):
            found = canonical_term(code, phrase)
            # a phrase listed in two places keeps its first canonical term
            assert found is not None, f"{phrase!r} has no canonical term"
            if found != canonical:
                assert ade_words.lookup(phrase) is not None


def test_findings_point_at_original_offsets_and_never_quote() -> None:
    text = "Ugh. Started Zo\u200bloft and now I'm NAUSEOUS all day"
    found = list(ade(Document(text, "inbound")))
    assert {f.code for f in found} == {"ade.product", "ade.reaction"}
    for f in found:
        assert f.span is not None
        matched = text[f.span.start : f.span.end]
        assert matched.replace("\u200b", "").lower() in {"zoloft", "nauseous"}
        assert matched.lower() not in f.why.lower()


def test_withdrawal_is_scored_below_the_threshold() -> None:
    text = "the brain zaps since coming off effexor are horrible"
    case = assess(Document(text, "inbound"))
    assert case.score < 0.5
    assert "withdrawal" in case.why


def test_reaction_lists_count_without_a_product() -> None:
    assert _score("dizziness, dry mouth, insomnia") >= 0.5
    assert _score("dizziness") < _score("dizziness, dry mouth, insomnia")


def test_computed_once_and_picklable() -> None:
    doc = Document("this med gave me hives", "inbound")
    first = assess(doc)
    assert assess(doc) is first  # shared by the label and the findings through Document.memo
    clone = pickle.loads(pickle.dumps(doc))
    assert assess(clone) == first


@pytest.mark.parametrize(
    "unit",
    [
        "I started the new pill and my head hurts, no idea why. ",
        "no no side effects made me ",
        "the flu shot and yesterday the flu ",  # "the flu" looks back a bounded stretch
        "is tylenol tylenol safe and ok ",  # one question, its sentence checked once
    ],
)
def test_long_posts_are_read_in_one_pass(unit: str) -> None:
    """One sentence of 100k characters full of cues and terms: each term looks at the cues in a
    window around it, never at all of them (this ran for seconds when it did)."""
    case = assess(Document(unit * (100_000 // len(unit)), "inbound"))
    assert 0.0 <= case.score <= 1.0


def test_findings_per_post_are_bounded() -> None:
    """A post repeating a report lists the first MAX_FINDINGS products and reactions."""
    text = "the flu shot gave me a fever. " * 200
    findings = list(ade(Document(text, "inbound")))
    for code in ("ade.product", "ade.reaction"):
        starts = [f.span.start for f in findings if f.code == code and f.span is not None]
        assert len(starts) == MAX_FINDINGS
        assert starts == sorted(starts) and starts[0] < 30


def test_malformed_dataset_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "binary"
    folder.mkdir()
    (folder / "test.csv").write_text("sentences\tADR\nsome text\t1\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="header"):
        psytar.figures(tmp_path, Pipeline())
    (folder / "test.csv").write_text(
        "sentences\tADR\tWD\tEF\tINF\tSSI\tDI\nsome text\t1\t0\n", encoding="utf-8"
    )
    with pytest.raises(DatasetError, match="line 2") as info:
        psytar.figures(tmp_path, Pipeline())
    assert "some text" not in str(info.value)


@cache
def _psytar() -> Figure:
    if not PSYTAR.exists():
        pytest.skip(f"dataset not present at {PSYTAR}")
    # only this label's classifier, so the figure does not depend on other classifiers' models
    policy = replace(default_policy(), classifiers=("adverse_event",))
    (figure,) = psytar.figures(PSYTAR, Pipeline(policy))
    return figure


def test_psytar_adverse_event_f1() -> None:
    figure = _psytar()
    assert figure.value >= psytar.TARGET, figure.as_dict()
