"""The opt-in sentence-embedding sentiment fusion (issue #3; docs/models/sentiment.md).

Runs without the ``embeddings`` extra: the encoder is replaced at its seam (an object with
``embed(texts) -> vectors``) by a deterministic fake, and the fold, fusion, option and error
handling are tested around it. Tests of the real ONNX encoder skip unless onnxruntime is
installed and ``SOCIALRX_EMBEDDER`` names a folder built by ``socialrx train embedder`` and
``socialrx train sentiment-fusion``. Synthetic text only.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import random
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from test_models import synthetic_data  # noqa: F401 - the fixture

from socialrx.classifiers import embedding
from socialrx.classifiers.embedding import Head, fuse, softmax
from socialrx.classifiers.sentiment import SentimentClassifier, sentiment
from socialrx.classifiers.wordpiece import WordPiece, words
from socialrx.errors import ModelError, PolicyError
from socialrx.model import Document, Sentiment
from socialrx.pipeline import Pipeline
from socialrx.policy import parse_policy

SECRET = "Zebulon Quixote"  # synthetic text that must never appear in an error
TEXTS = [
    "Thank you so much, the nurses on ward 4 were wonderful!",
    "Waited three hours in the ER and nobody told us anything.",
    "The clinic opens at 9 on Saturday.",
    "not good, not good at all",
    "\U0001f600\U0001f600",
]
DIM = embedding.DIMENSIONS
_GEO = 0.4 + math.sqrt(0.03) + math.sqrt(0.05)  # sum of sqrt(0.2·0.8), sqrt(0.3·0.1), sqrt(0.5·0.1)


class FakeEncoder:
    """A deterministic stand-in for the ONNX encoder: a unit vector from the text's bytes."""

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls += 1
        out = []
        for text in texts:
            rng = random.Random(text)
            vector = [rng.uniform(-1, 1) for _ in range(DIM)]
            norm = math.sqrt(sum(v * v for v in vector))
            out.append([v / norm for v in vector])
        return out


def _head_data(
    weight: float = 0.5, offsets: Sequence[float] = (0.0, -0.1, 0.1)
) -> dict[str, object]:
    rng = random.Random(3)
    return {
        "format": 1,
        "coef": [[rng.uniform(-2, 2) for _ in range(DIM)] for _ in range(3)],
        "intercept": [0.1, 0.0, -0.1],
        "weight": weight,
        "offsets": list(offsets),
        "embedder_sha256": "ab" * 32,
        "sentiment_sha256": embedding.shipped_sha256(),
    }


def _folder(root: Path, head: dict[str, object] | None = None) -> Path:
    """An embedder folder as the training commands lay it out (with a dummy model file)."""
    root.mkdir(parents=True, exist_ok=True)
    model = b"not a real model"
    (root / embedding.MODEL).write_bytes(model)
    vocab = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3}
    (root / embedding.VOCAB).write_text(json.dumps({"model": {"vocab": vocab}}))
    manifest = {"format": 1, "onnx_sha256": "ab" * 32, "onnx_bytes": len(model),
                "dimensions": DIM, "max_tokens": 256}  # fmt: skip
    (root / embedding.MANIFEST).write_text(json.dumps(manifest))
    if head is not None:
        (root / embedding.HEAD).write_text(json.dumps(head))
    return root


@pytest.fixture
def fake_encoder(monkeypatch: pytest.MonkeyPatch) -> FakeEncoder:
    """Every folder's encoder is the fake (the seam the classifier builds)."""
    fake = FakeEncoder()
    monkeypatch.setattr(embedding, "OnnxEncoder", lambda folder, threads=1: fake)
    return fake


# -- the arithmetic ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("emb", "shipped", "weight", "offsets", "expected"),
    [
        # w = 1: the embedding head alone; w = 0: the shipped model alone
        ([0.2, 0.3, 0.5], [0.6, 0.3, 0.1], 1.0, [0, 0, 0], [0.2, 0.3, 0.5]),
        ([0.2, 0.3, 0.5], [0.6, 0.3, 0.1], 0.0, [0, 0, 0], [0.6, 0.3, 0.1]),
        # w = 0.5: the normalised geometric mean
        ([0.2, 0.3, 0.5], [0.8, 0.1, 0.1], 0.5, [0, 0, 0],
         [0.4 / _GEO, math.sqrt(0.03) / _GEO, math.sqrt(0.05) / _GEO]),
        # an offset multiplies its class's odds by e^offset
        ([1 / 3, 1 / 3, 1 / 3], [1 / 3, 1 / 3, 1 / 3], 0.5, [0, 0, math.log(2)], [0.25, 0.25, 0.5]),
        # a zero probability is clipped, not a math error
        ([0.0, 0.5, 0.5], [0.5, 0.5, 0.0], 0.5, [0, 0, 0], [0.0, 1.0, 0.0]),
    ],
)  # fmt: skip
def test_fuse(emb: list[float], shipped: list[float], weight: float, offsets: list[float],
              expected: list[float]) -> None:  # fmt: skip
    got = fuse(emb, shipped, weight, offsets)
    assert got == pytest.approx(expected, rel=1e-3, abs=1e-5)
    assert sum(got) == pytest.approx(1.0)


def test_head_probabilities_are_a_softmax_of_the_linear_scores() -> None:
    head = Head.of(_head_data())
    vector = FakeEncoder().embed(["x"])[0]
    scores = [b + sum(w * x for w, x in zip(row, vector, strict=True))
              for row, b in zip(head.coef, head.intercept, strict=True)]  # fmt: skip
    assert head.probabilities(vector) == pytest.approx(softmax(scores))
    shipped = [0.5, 0.3, 0.2]
    assert head.fuse(shipped, vector) == pytest.approx(
        fuse(head.probabilities(vector), shipped, 0.5, [0.0, -0.1, 0.1])
    )


@pytest.mark.parametrize(
    "change",
    [{"coef": [[0.0] * DIM] * 2}, {"coef": [[0.0] * 5] * 3}, {"intercept": [0, 0]},
     {"weight": 1.5}, {"offsets": "0,0,0"}, {"embedder_sha256": None} ],
)  # fmt: skip
def test_malformed_heads_are_rejected(change: dict[str, object], tmp_path: Path) -> None:
    data = _head_data() | change
    if change.get("embedder_sha256", "") is None:
        del data["embedder_sha256"]
    folder = _folder(tmp_path / "dir", data)
    with pytest.raises(ModelError, match="not a valid fusion head"):
        embedding.load(folder, FakeEncoder())


# -- the classifier with the option ---------------------------------------------------------------


def _fused_expectation(text: str) -> Sentiment:
    """What the fusion should give, computed here from its parts."""
    from socialrx.classifiers.features import features
    from socialrx.classifiers.sentiment import _probabilities

    doc = Document(text, "inbound")
    shipped = _probabilities(features(doc), text)
    head = Head.of(_head_data())
    p = head.fuse(shipped, FakeEncoder().embed([text])[0])
    best = max(range(3), key=p.__getitem__)
    return Sentiment(("negative", "neutral", "positive")[best], p[2] - p[0])


@pytest.mark.parametrize("text", TEXTS)
def test_option_fuses_the_probabilities(
    text: str, tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    classify = SentimentClassifier(embedder=str(_folder(tmp_path / "dir", _head_data())))
    (out,) = classify(Document(text, "inbound"))
    want = _fused_expectation(text)
    assert out.name == want.name
    assert out.score == pytest.approx(want.score, abs=1e-12)
    assert -1 <= out.score <= 1


def test_the_fusion_changes_outputs_and_is_deterministic(
    tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    folder = _folder(tmp_path / "dir", _head_data(weight=0.9))
    classify = SentimentClassifier(embedder=folder)
    plain = [list(sentiment(Document(t, "inbound"))) for t in TEXTS]
    fused = [list(classify(Document(t, "inbound"))) for t in TEXTS]
    assert fused != plain
    assert fused == [list(classify(Document(t, "inbound"))) for t in TEXTS]
    clone = pickle.loads(pickle.dumps(classify))
    assert vars(clone) == {"embedder": folder, "threads": 1, "_fusion": None}  # no session
    assert [list(clone(Document(t, "inbound"))) for t in TEXTS] == fused


def test_weight_zero_reproduces_the_shipped_linear_model(
    tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    # the embedding head fuses with the linear model alone (what it was tuned against), not with
    # the default's word valences
    from socialrx.classifiers.features import features
    from socialrx.classifiers.sentiment import _probabilities, _sentiment_of

    classify = SentimentClassifier(embedder=_folder(tmp_path / "dir", _head_data(0.0, (0, 0, 0))))
    for text in TEXTS:
        (fused,) = list(classify(Document(text, "inbound")))
        plain = _sentiment_of(_probabilities(features(Document(text, "inbound")), text))
        assert fused.name == plain.name
        assert fused.score == pytest.approx(plain.score, abs=1e-12)


def test_a_text_without_features_is_neutral_without_embedding(
    tmp_path: Path, fake_encoder: FakeEncoder
) -> None:
    classify = SentimentClassifier(embedder=_folder(tmp_path / "dir", _head_data()))
    assert list(classify(Document("   ", "inbound"))) == [Sentiment("neutral", 0.0)]
    assert fake_encoder.calls == 0


def test_policy_option_reaches_the_classifier(tmp_path: Path, fake_encoder: FakeEncoder) -> None:
    folder = _folder(tmp_path / "dir", _head_data())
    policy = parse_policy(
        f'name = "t"\nversion = 1\n[run]\nclassifiers = ["sentiment"]\n'
        f"[detectors.sentiment]\nembedder = {json.dumps(str(folder))}\n"
    )
    pipe = Pipeline(policy)
    ((name, run),) = pipe.classifiers
    assert name == "sentiment" and isinstance(run, SentimentClassifier)
    assert run.embedder == str(folder)
    analysis = pipe.analyze(Document(TEXTS[0], "inbound"))
    want = _fused_expectation(TEXTS[0])
    assert analysis.sentiment is not None and analysis.sentiment.name == want.name
    assert analysis.sentiment.score == pytest.approx(want.score, abs=1e-12)


# -- without the option: exactly the shipped model, and nothing heavy imported ------------------


@pytest.mark.parametrize("text", TEXTS)
def test_default_is_the_shipped_model(text: str) -> None:
    doc = Document(text, "inbound")
    assert list(SentimentClassifier()(doc)) == list(sentiment(doc))
    assert Pipeline().analyze(doc).sentiment == next(iter(sentiment(doc)))


def test_default_path_imports_no_onnxruntime_nor_numpy() -> None:
    code = (
        "import sys\nfrom socialrx.pipeline import Pipeline\n"
        "a = Pipeline().analyze_text('thanks, great nurses', 'inbound')\n"
        "assert a.sentiment is not None\n"
        "print(sorted(m for m in ('onnxruntime', 'numpy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True)
    assert out.stdout.strip() == "[]"


# -- errors: clear, never a traceback of another type, never the text ------------------------------


def _error(classify: SentimentClassifier) -> str:
    with pytest.raises((ModelError, PolicyError)) as caught:
        list(classify(Document(f"{SECRET} was great", "inbound")))
    message = str(caught.value)
    assert SECRET not in message
    return message


def test_missing_folder(tmp_path: Path) -> None:
    message = _error(SentimentClassifier(embedder=tmp_path / "nowhere"))
    assert "does not exist" in message and "socialrx train embedder" in message


def test_folder_without_a_head(tmp_path: Path) -> None:
    message = _error(SentimentClassifier(embedder=_folder(tmp_path / "dir")))
    assert "sentiment_head.json" in message and "socialrx train sentiment-fusion" in message


@pytest.mark.parametrize("missing", [embedding.MANIFEST, embedding.MODEL, embedding.VOCAB])
def test_incomplete_folder(missing: str, tmp_path: Path) -> None:
    folder = _folder(tmp_path / "dir", _head_data())
    (folder / missing).unlink()
    assert missing in _error(SentimentClassifier(embedder=folder))


def test_model_file_that_is_not_the_manifests(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "dir", _head_data())
    (folder / embedding.MODEL).write_bytes(b"something else entirely")
    assert "not the file" in _error(SentimentClassifier(embedder=folder))


@pytest.mark.parametrize(
    ("key", "expected"),
    [("embedder_sha256", "another model.onnx"), ("sentiment_sha256", "another sentiment.bin")],
)
def test_head_fitted_for_other_models(key: str, expected: str, tmp_path: Path) -> None:
    folder = _folder(tmp_path / "dir", _head_data() | {key: "cd" * 32})
    assert expected in _error(SentimentClassifier(embedder=folder))


@pytest.mark.parametrize("value", [3, "", ["a"]])
def test_embedder_option_must_be_a_path(value: object) -> None:
    message = _error(SentimentClassifier(embedder=value))  # type: ignore[arg-type]
    assert "[detectors.sentiment] 'embedder'" in message


@pytest.mark.parametrize("value", [0, -1, 1.5, "2", True])
def test_threads_option_must_be_a_positive_whole_number(value: object, tmp_path: Path) -> None:
    folder = _folder(tmp_path / "dir", _head_data())
    message = _error(SentimentClassifier(embedder=folder, threads=value))  # type: ignore[arg-type]
    assert "[detectors.sentiment] 'threads'" in message


def test_threads_option_reaches_the_encoder(tmp_path: Path) -> None:
    classify = SentimentClassifier(embedder=_folder(tmp_path / "dir", _head_data()), threads=2)
    fusion = classify._load()
    assert isinstance(fusion.encoder, embedding.OnnxEncoder) and fusion.encoder.threads == 2
    assert fusion.encoder._session is None  # nothing loaded before the first text


def test_missing_extra_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import fails as if not installed
    folder = _folder(tmp_path / "dir", _head_data())
    message = _error(SentimentClassifier(embedder=folder))
    assert "'embeddings' extra" in message and "pip install 'socialrx[embeddings]'" in message


def test_unloadable_model_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime", reason="needs the embeddings extra (onnxruntime)")
    folder = _folder(tmp_path / "dir", _head_data())
    assert "not a loadable ONNX model" in _error(SentimentClassifier(embedder=folder))


# -- the tokenizer ---------------------------------------------------------------------------------

VOCAB = {t: i for i, t in enumerate(
    ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "nurse", "##s", "were", "great", "!", ",", "cafe",
     "un", "##believ", "##able", "ok", "日", "本"])}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The nurses were GREAT!", ["the", "nurse", "##s", "were", "great", "!"]),
        ("Café", ["cafe"]),  # accents stripped
        ("unbelievable,ok", ["un", "##believ", "##able", ",", "ok"]),
        ("zzz", ["[UNK]"]),  # no piece matches
        ("nursex", ["[UNK]"]),  # a word that cannot be finished is one [UNK]
        ("日本", ["日", "本"]),  # CJK characters are words of their own
        ("the \u200bnurse\x0bs", ["the", "nurse", "##s"]),  # format and control characters go
        ("the\u2003nurse\tok", ["the", "nurse", "ok"]),  # any Unicode space separates
        ("", []),
    ],
)
def test_wordpiece(text: str, expected: list[str]) -> None:
    ids = WordPiece(VOCAB).encode(text)
    assert ids[0] == VOCAB["[CLS]"] and ids[-1] == VOCAB["[SEP]"]
    assert ids[1:-1] == [VOCAB[t] for t in expected]


def test_wordpiece_truncates_and_reads_only_what_it_needs() -> None:
    tokenizer = WordPiece(VOCAB, max_tokens=8)
    assert len(tokenizer.encode("the nurses were great " * 100)) == 8
    long = "nurse " * 5000 + "ok"  # longer than the first prefix read
    assert WordPiece(VOCAB, max_tokens=20_000).encode(long)[-2:] == [VOCAB["ok"], VOCAB["[SEP]"]]
    assert words("a" * 10 + " b") == ["aaaaaaaaaa", "b"]


def test_wordpiece_vocabulary_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"lacks the token \[CLS\]"):
        WordPiece({"[UNK]": 0, "[SEP]": 1})
    (tmp_path / "tokenizer.json").write_text("{")
    with pytest.raises(ModelError, match="not a readable WordPiece"):
        WordPiece.from_file(tmp_path / "tokenizer.json")


def test_wordpiece_is_picklable() -> None:
    tokenizer = WordPiece(VOCAB)
    tokenizer.encode("the nurses")
    clone = pickle.loads(pickle.dumps(tokenizer))
    assert clone.encode("the nurses were great") == tokenizer.encode("the nurses were great")


# -- training the head: reproducible from a seed ----------------------------------------------------


def test_head_training_is_reproducible() -> None:
    pytest.importorskip("sklearn")
    from socialrx.training_fusion import WEIGHTS, fit_head, head_bytes

    rng = random.Random(5)
    labels = [i % 3 for i in range(60)]
    vectors = [[rng.gauss(1.0 if d == y else 0.0, 1.0) for d in range(DIM)] for y in labels]
    shipped = [[0.5 if k == y else 0.25 for k in range(3)] for y in labels] * 3
    import numpy as np

    first = fit_head(vectors, labels, np.array(shipped), seed=13)
    second = fit_head(vectors, labels, np.array(shipped), seed=13)
    assert head_bytes(first) == head_bytes(second)
    assert first["weight"] in WEIGHTS and len(first["coef"]) == 3 and len(first["coef"][0]) == DIM
    assert first["metrics"]["cv_macro_recall"] > 0.9  # the synthetic classes are separable
    assert "text" not in json.dumps(first)


# -- the real encoder (needs the extra and a built folder) -------------------------------------------

BUILT = os.environ.get("SOCIALRX_EMBEDDER")


@pytest.mark.skipif(not BUILT, reason="SOCIALRX_EMBEDDER (a built embedder folder) is not set")
def test_real_encoder_is_deterministic_and_normalised() -> None:
    pytest.importorskip("onnxruntime", reason="needs the embeddings extra (onnxruntime)")
    encoder = embedding.OnnxEncoder(Path(str(BUILT)))
    first = encoder.embed(TEXTS)
    assert first == pickle.loads(pickle.dumps(encoder)).embed(TEXTS)
    for vector in first:
        assert len(vector) == DIM
        assert math.sqrt(sum(v * v for v in vector)) == pytest.approx(1.0, abs=1e-5)
    classify = SentimentClassifier(embedder=BUILT)
    outs = [list(classify(Document(t, "inbound"))) for t in TEXTS]
    assert outs == [list(classify(Document(t, "inbound"))) for t in TEXTS]


# -- the commands: clear refusals -----------------------------------------------------------------

SCRIPT = Path(sys.executable).with_name("socialrx")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "socialrx"]
    return subprocess.run([*cmd, *args], check=False, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["train", "embedder"], "train embedder needs --output DIR"),
        (["train", "sentiment-fusion"], "train sentiment-fusion needs --embedder DIR"),
        (["train", "sentiment-words"], "train sentiment-words needs --embedder DIR"),
        (["train", "embedder", "sentiment", "--output", "x"], "train embedder on its own"),
        (["train", "horoscope"], "expected some of ['sentiment', 'toxicity', 'misinformation', "
                                 "'embedder', 'sentiment-fusion', 'sentiment-words']"),
    ],
)  # fmt: skip
def test_train_refusals(args: list[str], expected: str) -> None:
    proc = _cli(*args)
    assert proc.returncode == 2 and expected in proc.stderr and "Traceback" not in proc.stderr


def test_train_embedder_without_the_build_extra(tmp_path: Path) -> None:
    from importlib.util import find_spec

    if find_spec("torch") is not None:
        pytest.skip("PyTorch is installed here")
    proc = _cli("train", "embedder", "--output", str(tmp_path / "out"))
    assert proc.returncode == 2 and "'embeddings-build' extra" in proc.stderr
    assert "pip install torch==2.13.0 first" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_eval_triage_with_a_broken_embedder_policy(tmp_path: Path) -> None:
    data = tmp_path / "data" / "tweeteval" / "sentiment"
    data.mkdir(parents=True)
    (data / "test_text.txt").write_text(f"{SECRET} was great\n")
    (data / "test_labels.txt").write_text("2\n")
    policy = tmp_path / "p.toml"
    policy.write_text(
        f'name = "p"\nversion = 1\n[detectors.sentiment]\n'
        f"embedder = {json.dumps(str(tmp_path / 'missing'))}\n"
    )
    proc = _cli("eval", "triage", str(tmp_path / "data"), "--policy", str(policy))
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    assert SECRET not in proc.stderr + proc.stdout and "Traceback" not in proc.stderr


def test_analyze_with_a_broken_embedder_stops_with_one_clear_error(tmp_path: Path) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text(
        f'name = "p"\nversion = 1\n[detectors.sentiment]\n'
        f"embedder = {json.dumps(str(_folder(tmp_path / 'dir')))}\n"
    )
    posts = tmp_path / "posts.txt"
    posts.write_text(f"{SECRET} was great\n")
    proc = _cli("analyze", "--channel", "inbound", "--policy", str(policy), str(posts))
    assert proc.returncode == 2 and proc.stdout == ""
    assert "sentiment_head.json" in proc.stderr and "socialrx train sentiment-fusion" in proc.stderr
    assert SECRET not in proc.stderr and "Traceback" not in proc.stderr


# -- training the word valences (socialrx train sentiment-words) with a stand-in encoder -----


class HashEncoder:
    """A fast deterministic stand-in for the ONNX encoder (unit vectors seeded by the text)."""

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        import zlib

        import numpy as np

        out = []
        for text in texts:
            vector = np.random.default_rng(zlib.crc32(text.encode())).standard_normal(DIM)
            out.append(list(vector / np.linalg.norm(vector)))
        return out


def test_the_word_valences_train_reproducibly(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    synthetic_data: Path,  # noqa: F811 - the fixture imported from test_models
) -> None:
    pytest.importorskip("sklearn")
    pytest.importorskip("vaderSentiment")
    pytest.importorskip("threadpoolctl")
    from socialrx import training_sentiment_words as words
    from socialrx.classifiers import linear

    monkeypatch.setattr(embedding, "OnnxEncoder", lambda folder, threads=1: HashEncoder())
    folder = _folder(tmp_path / "minilm")
    first = words.train(folder, synthetic_data, tmp_path / "a", seed=13)
    second = words.train(folder, synthetic_data, tmp_path / "b", seed=13)
    blob = (tmp_path / "a" / f"{words.NAME}.bin").read_bytes()
    assert first == second and blob == (tmp_path / "b" / f"{words.NAME}.bin").read_bytes()
    model = linear.decode(blob, words.NAME)
    assert model.header["outputs"] == ["neutral", "positive"] and len(model.columns[0]) > 1000
    assert model.header["embedder_sha256"] == "ab" * 32  # the folder it was built with
    assert 0 <= model.header["weight"] <= 1
