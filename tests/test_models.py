"""The trained linear models: sentiment, toxicity, misinformation (issue #3).

Synthetic text only. The training tests need the ``train`` extra (scikit-learn, vaderSentiment)
and build tiny synthetic datasets; the quality gates need ../shared/data and skip without it.
"""

from __future__ import annotations

import csv
import math
import pickle
import random
from pathlib import Path

import pytest

from socialrx.classifiers import features as feats
from socialrx.classifiers import linear
from socialrx.classifiers.misinformation import misinformation
from socialrx.classifiers.sentiment import (
    DENSE,
    INDUCED_KEY,
    Lexicons,
    WordValences,
    dense_features,
    sentiment,
    word_valences,
)
from socialrx.classifiers.toxicity import toxicity
from socialrx.errors import ModelError
from socialrx.model import Document, Label, Sentiment

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _sentiment(text: str) -> Sentiment:
    (out,) = sentiment(Document(text, "inbound"))
    assert isinstance(out, Sentiment)
    return out


def _label(run: object, text: str) -> Label:
    (out,) = run(Document(text, "inbound"))  # type: ignore[operator]
    assert isinstance(out, Label)
    return out


# -- behaviour on synthetic posts -----------------------------------------------------------

SENTIMENT_CASES = [
    ("Thank you so much, the nurses were wonderful and kind to my mum!", "positive"),
    ("Best care ever, I love this team :)", "positive"),
    ("So happy with my new doctor, great experience", "positive"),
    ("Worst hospital ever, rude staff and a terrible wait", "negative"),
    ("I hate this, the billing office is awful and useless", "negative"),
    ("Still waiting 5 hours, disgusting service :(", "negative"),
    ("Visiting hours are 10 am to 8 pm.", "neutral"),
    ("Flu vaccine appointments are available at the pharmacy on Main Street", "neutral"),
    ("The clinic opens at 9 am on Monday", "neutral"),
]


@pytest.mark.parametrize(("text", "expected"), SENTIMENT_CASES)
def test_sentiment(text: str, expected: str) -> None:
    out = _sentiment(text)
    assert out.name == expected
    assert -1.0 <= out.score <= 1.0
    if expected == "positive":
        assert out.score > 0.2
    elif expected == "negative":
        assert out.score < -0.2


def test_negation_flips_sentiment() -> None:
    assert _sentiment("The nurse was good").score > _sentiment("The nurse was not good").score


# -- the word valences fused with the linear model (sentiment_words.bin) ------------------------


def _reference_fusion(words: WordValences, p: list[float], hashes: tuple[int, ...]) -> list[float]:
    """softmax(w·log P_words + (1 − w)·log P_linear + offsets), written out plainly."""
    # each table value is neutral + positive × 1j (their scores against negative)
    known = [(words.table[h].real, words.table[h].imag) for h in hashes if h in words.table]
    z = [0.0, *words.intercept]
    for j in (1, 2):
        z[j] += sum(v[j - 1] for v in known) / len(known) if known else 0.0
    log_words = [v - math.log(sum(math.exp(u) for u in z)) for v in z]
    fused = [
        words.weight * lw + (1 - words.weight) * math.log(max(q, 1e-12)) + o
        for lw, q, o in zip(log_words, p, words.offsets, strict=True)
    ]
    total = sum(math.exp(v) for v in fused)
    return [math.exp(v) / total for v in fused]


@pytest.mark.parametrize(
    "text", ["The nurse was good", "rude staff, terrible wait", "zzqx", "Open at 9 am :)"]
)
def test_word_valences_fuse_as_specified(text: str) -> None:
    from socialrx.classifiers.sentiment import _probabilities

    words = word_valences()
    found = feats.featurize(text)
    p = _probabilities(found, text)
    got = words.fuse(p, found.hashes)
    assert got == pytest.approx(_reference_fusion(words, p, found.hashes), abs=1e-12)
    assert sum(got) == pytest.approx(1.0)
    (out,) = sentiment(Document(text, "inbound"))
    assert out.score == pytest.approx(got[2] - got[0], abs=1e-12)


def test_word_valences_with_weight_zero_are_the_linear_model() -> None:
    from socialrx.classifiers.sentiment import _probabilities

    words = WordValences(word_valences().table, (0.3, -0.2), 0.0, (0.0, 0.0, 0.0))
    found = feats.featurize("Thank you, the nurses were wonderful")
    p = _probabilities(found, "Thank you, the nurses were wonderful")
    assert words.fuse(p, found.hashes) == pytest.approx(p, abs=1e-12)


def test_word_valences_are_teacher_derived_and_shipped() -> None:
    words = word_valences()
    header = linear.load.__wrapped__("sentiment_words").header
    assert header["outputs"] == ["neutral", "positive"] and header["relative_to"] == "negative"
    assert 0 < words.weight < 1 and len(words.table) > 10_000
    good, awful = words.table[feats.token_hash("wonderful")], words.table[feats.token_hash("awful")]
    assert good.imag > awful.imag  # "wonderful" leans positive against "awful"
    # the linear model it was tuned against is the installed one
    from socialrx.classifiers.embedding import shipped_sha256

    assert header["sentiment_sha256"] == shipped_sha256()


# VADER-style rules over a toy lexicon: (stronger text, weaker text, feature that must be larger)
_TOY = Lexicons.of(
    {feats.token_hash("good"): 1.9, feats.token_hash("bad"): -2.5,
     feats.token_hash("parking") ^ INDUCED_KEY: -0.3},
    {feats.token_hash("very"): 0.293, feats.token_hash("barely"): -0.293},
)  # fmt: skip
RULE_CASES = [
    ("the food was very good", "the food was good", "rules_compound"),  # booster
    ("the food was good", "the food was barely good", "rules_compound"),  # dampener
    ("the food was GOOD", "the food was good", "rules_compound"),  # ALL-CAPS emphasis
    ("the food was good!!", "the food was good", "rules_compound"),  # exclamation marks
    ("the staff were bad, but the food was good", "the food was good, but the staff were bad",
     "rules_compound"),  # "but" shifts the weight to the second clause
    ("the food was good", "the food was bad", "rules_last_valence"),
    ("the food was bad", "the food was good", "strong_negative_words"),
    ("the food was fine", "the parking was fine", "induced_sum"),  # an induced valence
]  # fmt: skip


@pytest.mark.parametrize(("stronger", "weaker", "name"), RULE_CASES)
def test_rule_features(stronger: str, weaker: str, name: str) -> None:
    at = DENSE.index(name)

    def value(text: str) -> float:
        found = dense_features(feats.featurize(text), _TOY, text)
        assert len(found) == len(DENSE)
        return found[at]

    assert value(stronger) > value(weaker)


def test_all_caps_post_gets_no_emphasis() -> None:
    at = DENSE.index("rules_compound")
    shout, plain = "THE FOOD WAS GOOD", "the food was good"
    assert dense_features(feats.featurize(shout), _TOY, shout)[at] == pytest.approx(
        dense_features(feats.featurize(plain), _TOY, plain)[at]
    )


TOXICITY_CASES = [
    ("You are a stupid idiot, shut up", True),
    ("What a pathetic loser you are, go to hell", True),
    ("Fuck you and your shitty clinic", True),
    ("Thank you for the quick reply about my appointment", False),
    ("The parking garage is closed for repairs this weekend", False),
    ("Is the pharmacy open on Sunday?", False),
]


@pytest.mark.parametrize(("text", "toxic"), TOXICITY_CASES)
def test_toxicity(text: str, toxic: bool) -> None:
    score = _label(toxicity, text).score
    assert 0.0 <= score <= 1.0
    assert (score >= 0.5) is toxic


MISINFORMATION_CASES = [
    ("BREAKING: drinking bleach cures the coronavirus, doctors are hiding it", True),
    ("5G towers spread the virus, share before they delete this!", True),
    ("Bill Gates put microchips in the vaccine to track everyone", True),
    ("States reported 1200 new cases and 30 deaths today, testing is up 5%", False),
    ("Wash your hands often and stay home if you feel sick. More at our website", False),
    ("My appointment was moved to Tuesday, thanks for the help", False),
    ("Why was my bill so high? Nobody explains anything", False),
    # no health or public-affairs topic: no claim to check, however informal (the model alone
    # flagged these: its true posts are official-style)
    ("waited 4 hours in the ER and nobody told us anything, then the bill came", False),
    ("@help_desk i need to check my order, nobody answers the phone", False),
    ("parking was a nightmare again, third time this month!!", False),
    # a question about the poster's own situation asks for help, it claims nothing (the model
    # alone flagged these: 0.57, 0.58, 0.73) …
    ("the rash is spreading, do I need to see a doctor", False),
    ("the flu is spreading fast in our school, should I keep my kids home", False),
    ("my test results came back positive for covid, what now", False),
    # … but a question that relays a myth keeps the model's score
    ("is it true that the covid vaccine changes your dna?", True),
    ("I heard vitamin c cures covid, is that true", True),
    ("should I believe the claim that 5g towers spread the virus?", True),
    # a well-known myth stated as fact is flagged whatever the model says (0.31, 0.42) …
    ("the mrna vaccine changes your dna permanently", True),
    ("masks make you breathe in your own co2 and poison you", True),
    # … not when denied, debunked, mocked or asked
    ("it's a myth that the mrna vaccine changes your dna", False),
    ("the flu shot can't give you the flu", False),
    ("lol at people who think vaccines cause autism", False),
    ("vaccines make women infertile, look it up", True),
    # myths beyond COVID-19 (inbox round 10; the model alone 0.41, 0.07, 0.27, 0.17)
    ("cervical cancer screening causes cancer", True),
    ("ivermectin cures cancer and they don't want you to know", True),  # rhetoric, no denial
    ("measles is harmless and natural immunity is better than the vaccine", True),
    ("mammograms spread breast cancer by squeezing the tumor", True),
    ("they say sugar feeds cancer but my oncologist says that's not how it works", False),
    ("great article debunking the myth that sunscreen causes cancer", False),
    ("the hpv vaccine is linked to a drop in cervical cancer", False),
    # drinking bleach is a myth where it cures; said alone it is a crisis, not a claim
    ("you can kill covid by drinking bleach", True),
    ("thinking about drinking bleach tonight, nothing matters", False),
    ("the vaccine made my arm sore but no infertility worries", False),
    # a first-person report of one's own reaction is a side-effect report, not a claim (the
    # model alone: 0.55) …
    ("the shingles vaccine knocked me out for two days, fever chills the works", False),
    # … a myth stated as fact still counts, and so does a relayed one
    ("my arm became magnetic after the vaccine, the shot gave me a fever too", True),
    # a comfort tip for a minor ailment claims relief, not a cure (round 11; the model alone:
    # 0.54, 0.52) …
    ("steam from a hot shower helps a stuffy nose", False),
    ("a cold washcloth on the forehead helps a fever feel better", False),
    # … a cure, a germ or a serious illness keeps the model's score
    ("drinking hot water helps kill the coronavirus in your throat", True),
    # where something was posted is no topic (the model alone: 0.63)
    ("great post, very helpful", False),
    # a topic keeps the model's score
    ("my cousin says the hospital is hiding covid deaths, share before they delete it", True),
    # known weakness: the training data's true posts are official-style statistics and links,
    # so a short true statement without them can be flagged (docs/models/misinformation.md)
    pytest.param(
        "The WHO recommends vaccination for people over 60.",
        False,
        marks=pytest.mark.xfail(strict=True, reason="known false positive; fails once fixed"),
    ),
]


@pytest.mark.parametrize(("text", "fake"), MISINFORMATION_CASES)
def test_misinformation(text: str, fake: bool) -> None:
    score = _label(misinformation, text).score
    assert 0.0 <= score <= 1.0
    assert (score >= 0.5) is fake


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text(text: str) -> None:
    assert _sentiment(text) == Sentiment("neutral", 0.0)
    assert _label(toxicity, text).score == 0.0
    assert _label(misinformation, text).score == 0.0


# -- features and model files ------------------------------------------------------------------

TOKEN_CASES = [
    ("Not GOOD at all.", ["not", "not_good", "not_at", "not_all", "."]),
    ("I don't like it, but ok", ["i", "don't", "not_like", "not_it", ",", "but", "ok"]),
    ("see https://example.org/x @someone", ["see", "httpurl", "@user"]),
    ("#yay :) <3 !!!", ["#yay", ":)", "<3", "!!", "!"]),
]


@pytest.mark.parametrize(("text", "expected"), TOKEN_CASES)
def test_tokens(text: str, expected: list[str]) -> None:
    assert feats.tokens(text) == expected


def test_features_are_shared_through_the_document() -> None:
    doc = Document("Great service, thank you", "inbound")
    first = feats.features(doc)
    assert feats.features(doc) is first
    assert first.scale == pytest.approx(len(first.buckets) ** -0.5)
    assert all(0 <= b <= feats.MASK for b in first.buckets)


def test_hashes_are_stable() -> None:
    # CRC-32 is fixed by its definition: the same bucket on every platform and process
    assert feats.token_hash("good") == 0x6C844E92
    assert feats.featurize("good").buckets == feats.featurize("good").buckets


@pytest.mark.parametrize("name", ["sentiment", "sentiment_words", "toxicity", "misinformation"])
def test_model_files_are_compact_and_valid(name: str) -> None:
    path = Path(linear.__file__).resolve().parents[1] / "models" / f"{name}.bin"
    assert path.stat().st_size < 1_000_000
    model = linear.load(name)
    assert model.header["model"] == name
    assert model.header["bits"] == feats.BITS
    assert "socialrx train" in model.header["command"]


def test_malformed_model_file() -> None:
    with pytest.raises(ModelError, match="not a valid model file"):
        linear.decode(b"not a model", "broken")


def test_classifiers_are_picklable() -> None:
    for run in (sentiment, toxicity, misinformation):
        clone = pickle.loads(pickle.dumps(run))
        doc = Document("thanks, great nurses", "inbound")
        assert list(clone(doc)) == list(run(Document("thanks, great nurses", "inbound")))


# -- training: reproducible, and the runtime scores what scikit-learn scored ---------------------

_GOOD = ["great", "wonderful", "kind", "helpful", "amazing", "lovely", "excellent", "happy"]
_BAD = ["awful", "rude", "terrible", "useless", "horrible", "slow", "dirty", "angry"]
_PLAIN = ["open", "monday", "parking", "clinic", "appointment", "floor", "update", "hours"]
_INSULT = ["idiot", "moron", "loser", "clown", "fool", "jerk"]
_MYTH = ["cures", "microchips", "hoax", "secret", "bleach", "5g", "plandemic"]
_FACT = ["reported", "cases", "tests", "deaths", "update", "hospitalised", "data"]


def _synthetic(rng: random.Random, words: list[str], n: int) -> list[str]:
    filler = ["the", "staff", "today", "our", "ward", "was", "very", "and", "at", "this"]
    return [" ".join(rng.sample(filler, 4) + rng.sample(words, 2)) for _ in range(n)]


def _write_tweeteval(folder: Path, split: str, groups: list[list[str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    texts = [t for g in groups for t in g]
    labels = [str(i) for i, g in enumerate(groups) for _ in g]
    (folder / f"{split}_text.txt").write_text("\n".join(texts) + "\n", encoding="utf-8")
    (folder / f"{split}_labels.txt").write_text("\n".join(labels) + "\n", encoding="utf-8")


def _write_constraint(path: Path, fake: list[str], real: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "tweet", "label"])
        rows = [(t, "fake") for t in fake] + [(t, "real") for t in real]
        for i, (text, label) in enumerate(rows, start=1):
            writer.writerow([i, text, label])


@pytest.fixture(scope="module")
def synthetic_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("data")
    rng = random.Random(7)
    sentiment_groups = [_synthetic(rng, w, 40) for w in (_BAD, _PLAIN, _GOOD)]
    _write_tweeteval(root / "tweeteval" / "sentiment", "val", sentiment_groups)
    for split, n in (("train", 60), ("val", 20)):
        for task in ("offensive", "hate"):
            groups = [_synthetic(rng, _PLAIN + _GOOD, n), _synthetic(rng, _INSULT, n)]
            _write_tweeteval(root / "tweeteval" / task, split, groups)
    for name, n in (("Constraint_Train.csv", 60), ("Constraint_Val.csv", 20)):
        _write_constraint(root / "constraint-covid19-fakenews" / name,
                          _synthetic(rng, _MYTH, n), _synthetic(rng, _FACT, n))  # fmt: skip
    return root


@pytest.mark.parametrize("name", ["sentiment", "toxicity", "misinformation"])
def test_training_is_reproducible(name: str, synthetic_data: Path, tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    pytest.importorskip("vaderSentiment")
    from socialrx.training import train

    first = train(name, synthetic_data, tmp_path / "a", seed=13)
    second = train(name, synthetic_data, tmp_path / "b", seed=13)
    assert first == second
    blob = (tmp_path / "a" / f"{name}.bin").read_bytes()
    assert blob == (tmp_path / "b" / f"{name}.bin").read_bytes()


@pytest.mark.parametrize("name", ["sentiment", "toxicity", "misinformation"])
def test_runtime_scores_equal_sklearn(name: str, synthetic_data: Path) -> None:
    pytest.importorskip("sklearn")
    pytest.importorskip("vaderSentiment")
    from socialrx.classifiers.sentiment import dense_features, lexicons
    from socialrx.training import build

    trained = build(name, synthetic_data, seed=13)
    model = linear.decode(trained.encode(), name)
    texts = ["the staff was great and kind", "what an idiot", "5g cures the hoax", "not good"]
    x = trained.matrix.of(texts)
    expected = trained.estimator.decision_function(x)
    probabilities = trained.estimator.predict_proba(x)
    for text, want, proba in zip(texts, expected, probabilities, strict=True):
        found = feats.featurize(text)
        dense = dense_features(found, lexicons(model), text) if name == "sentiment" else ()
        got = model.decision(found.buckets, found.scale, dense)
        wanted = list(want) if name == "sentiment" else [float(want)]
        assert got == pytest.approx(wanted, abs=1e-5)
        if name == "sentiment":
            assert model.probabilities(found.buckets, found.scale, dense) == pytest.approx(
                list(proba), abs=1e-6
            )
        else:
            shifted = 1 / (1 + math.exp(-(float(want) - model.header["logit_threshold"])))
            assert model.probability(found.buckets, found.scale) == pytest.approx(shifted, abs=1e-6)


def test_unknown_model() -> None:
    pytest.importorskip("sklearn")
    from socialrx.training import build

    with pytest.raises(ValueError, match="unknown model"):
        build("horoscope", DATA)


# -- quality gates (issue #3 targets; skipped without the shared data) --------------------------

# (dataset folder, evaluation module, metric, the floor this test enforces)
GATES = [
    ("constraint-covid19-fakenews", "constraint", "fake as misinformation F1 (test)", 0.90),
    ("tweeteval", "tweeteval", "offensive as toxicity macro-F1 (test)", 0.70),
    # target 0.65 is NOT met (0.635, see docs/models/sentiment.md); this floor guards against
    # regressions
    ("tweeteval", "tweeteval", "sentiment macro recall (test)", 0.624),
]


@pytest.mark.parametrize(("folder", "module", "metric", "floor"), GATES)
def test_quality_gate(folder: str, module: str, metric: str, floor: float) -> None:
    if not (DATA / folder).is_dir():
        pytest.skip(f"{DATA / folder} is absent")
    import importlib

    from socialrx.pipeline import Pipeline

    evaluation = importlib.import_module(f"socialrx.evaluation.{module}")
    found = {f.metric: f for f in evaluation.figures(DATA / folder, Pipeline())}
    assert found[metric].value >= floor, found[metric].as_dict()


@pytest.mark.parametrize("outputs", [2, 3, 4, 5])
def test_probabilities_are_the_softmax_of_the_decision(outputs: int) -> None:
    """The packed path (two outputs per complex table, relative to the first) gives exactly the
    plain softmax of the per-output scores, for odd and even numbers of outputs."""
    rng = random.Random(outputs)
    columns = tuple(
        {b: rng.uniform(-2, 2) for b in rng.sample(range(500), 300)} for _ in range(outputs)
    )
    header = {
        "outputs": [f"c{i}" for i in range(outputs)],
        "intercept": [rng.uniform(-1, 1) for _ in range(outputs)],
        "dense_weights": [[rng.uniform(-1, 1) for _ in range(outputs)] for _ in range(4)],
    }
    model = linear.LinearModel(header, columns)
    for _ in range(20):
        buckets = frozenset(rng.sample(range(600), 40))
        dense = [rng.choice([0.0, rng.uniform(-1, 1)]) for _ in range(4)]
        z = model.decision(buckets, 0.2, dense)
        expected = [math.exp(v - max(z)) / sum(math.exp(u - max(z)) for u in z) for v in z]
        assert model.probabilities(buckets, 0.2, dense) == pytest.approx(expected, abs=1e-12)
