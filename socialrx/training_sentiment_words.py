"""``socialrx train sentiment-words --embedder DIR``: the word-valence table of the default
sentiment classifier (docs/models/sentiment.md), written to ``socialrx/models/sentiment_words.bin``.

Teacher-derived word valences: every word of a vocabulary gets a static vector from the exported
all-MiniLM-L6-v2 (``socialrx train embedder``): its embedding alone, in two short templates
("i feel x", "it is x.") and in context (the mean sentence embedding of the unlabelled tweets it
occurs in), 4 × 384 numbers. A post is represented by the mean of its words' vectors and a
multinomial logistic regression (balanced classes) on that mean is fitted on tweeteval sentiment
val. The head is linear, so the mean of the vectors followed by the head equals the mean of each
word's head scores: each word needs only two numbers at run time (its neutral and positive scores
relative to negative), looked up by the CRC-32 token hash the run time already computes. No
numpy, onnxruntime or encoder at run time.

- Vocabulary: the shared tokens (``features.tokens``, negation-marked) in at least
  ``MIN_DF`` texts of the unlabelled tweets the shipped recipe may read (tweeteval offensive and
  hate train + val, the sentiment val text) and constraint-covid19-fakenews train + val, plus
  VADER's lexicon words and their negated forms. A word is embedded as itself, ``not_x`` as
  "not x", a hashtag without its ``#``, ``httpurl`` as "http". Context vectors come from the
  unlabelled tweets only (tweeteval offensive and hate train + val, constraint train + val),
  never from the sentiment val text the folds hold out.
- Tuning: the shipped recipe's 3 × 5 seeded stratified folds of val; per fold the head and the
  shipped recipe (refitted at its own C) give out-of-fold probabilities; C of the head and the
  fusion weight w by pooled macro recall of softmax(w·log P_words + (1 − w)·log P_shipped), then
  class offsets. The run time fuses with ``sentiment.bin`` as it is (its own offsets included),
  so the stored offsets are relative to it. The test split is never read.
- The file (``linear`` format: "buckets" are the word hashes, two outputs) holds hashes and
  float32 scores only, no word and no text. Needs the ``train`` and ``embeddings`` extras.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from socialrx import training
from socialrx.classifiers import embedding, linear
from socialrx.classifiers import features as feats
from socialrx.evaluation.tweeteval import read_split

NAME = "sentiment_words"
MIN_DF = 2
TEMPLATES = ("{}", "i feel {}", "it is {}.")  # each word is embedded in each of these
CONTEXT_PRIOR = 10.0  # pseudo-contexts that pull a context vector towards the word alone
C_GRID = (1.0, 2.0, 4.0, 8.0)
WEIGHTS = tuple(i / 10 for i in range(1, 10))  # the word table's share w
COMMAND = (
    "socialrx train sentiment-words --embedder DIR --data DATA_DIR --output socialrx/models "
    "--seed {seed}"
)


def word_text(word: str) -> str:
    """The text a vocabulary token is embedded as."""
    if word.startswith(feats.NEGATED):
        return "not " + word_text(word[len(feats.NEGATED) :])
    if word == "httpurl":
        return "http"
    if word[0] in "#$" and len(word) > 1:
        return word[1:]
    return word


def vocabulary(data_dir: Path) -> list[str]:
    """The words that get a valence (sorted; see the module docstring)."""
    from importlib import resources

    tweets = data_dir / "tweeteval"
    texts = [
        *(t for task in ("offensive", "hate") for split in ("train", "val")
          for t in read_split(tweets / task, split)[0]),
        *read_split(tweets / "sentiment", "val")[0],
        *(t for name in ("Constraint_Train.csv", "Constraint_Val.csv")
          for t in training.read_constraint(data_dir / "constraint-covid19-fakenews" / name)[0]),
    ]  # fmt: skip
    counts: dict[str, int] = {}
    for text in texts:
        for token in set(feats.tokens(text)):
            counts[token] = counts.get(token, 0) + 1
    lexicon = resources.files("vaderSentiment").joinpath("vader_lexicon.txt")
    vader = {
        line.split("\t")[0].lower()
        for line in lexicon.read_text(encoding="utf-8").splitlines()
        if line.split("\t")[0]
    }
    words = {w for w, c in counts.items() if c >= MIN_DF} | vader
    words |= {feats.NEGATED + w for w in vader}
    return sorted(w for w in words if w.strip())


def unlabelled(data_dir: Path) -> list[str]:
    """The unlabelled tweets whose sentence embeddings give the context vectors (never the
    sentiment val text: its tweets are the ones the folds hold out)."""
    tweets = data_dir / "tweeteval"
    return [
        *(t for task in ("offensive", "hate") for split in ("train", "val")
          for t in read_split(tweets / task, split)[0]),
        *(t for name in ("Constraint_Train.csv", "Constraint_Val.csv")
          for t in training.read_constraint(data_dir / "constraint-covid19-fakenews" / name)[0]),
    ]  # fmt: skip


def word_vectors(encoder: embedding.Encoder, words: Sequence[str], index: dict[int, int],
                 contexts: Sequence[str]) -> Any:  # fmt: skip
    """Per word, four 384-d parts side by side: the word embedded alone and in the templates of
    ``TEMPLATES``, and its context vector (the mean sentence embedding of the ``contexts`` it
    occurs in, shrunk towards the word alone by ``CONTEXT_PRIOR`` pseudo-contexts)."""
    parts = [
        np.asarray(encoder.embed([t.format(word_text(w)) for w in words]), dtype=np.float64)
        for t in TEMPLATES
    ]
    alone = parts[0]
    sums = CONTEXT_PRIOR * alone
    counts = np.full(len(words), CONTEXT_PRIOR)
    embedded = np.asarray(encoder.embed(contexts), dtype=np.float64)
    for text, vector in zip(contexts, embedded, strict=True):
        for h in set(feats.featurize(text).hashes):
            i = index.get(h)
            if i is not None:
                sums[i] += vector
                counts[i] += 1
    return np.hstack([*parts, sums / counts[:, None]])


def pooled(texts: Sequence[str], index: dict[int, int], vectors: Any) -> Any:
    """Each text's mean word vector over its tokens in the vocabulary (zeros if none), keyed by
    token hash exactly as the run time looks words up."""
    out = np.zeros((len(texts), vectors.shape[1]))
    for row, text in enumerate(texts):
        rows = [index[h] for h in feats.featurize(text).hashes if h in index]
        if rows:
            out[row] = vectors[rows].mean(axis=0)
    return out


def train(folder: Path, data_dir: Path, output_dir: Path, seed: int = 13) -> dict[str, Any]:
    """Build the table with the embedder in ``folder``; write ``output_dir/sentiment_words.bin``.
    BLAS runs on one thread: multi-threaded sums change the fits' last bits."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        blob, metrics = build(folder, data_dir, seed)
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / f"{NAME}.bin").write_bytes(blob)
    return metrics


def build(folder: Path, data_dir: Path, seed: int) -> tuple[bytes, dict[str, Any]]:
    from socialrx import training_fusion
    from socialrx.training_fusion import fused

    described = embedding.manifest(folder)
    words = vocabulary(data_dir)
    hashes = feats.token_hashes(words)
    index: dict[int, int] = {}
    for i, h in enumerate(hashes):
        index.setdefault(h, i)  # a CRC-32 collision: the first word (sorted) keeps the hash
    vectors = word_vectors(embedding.OnnxEncoder(folder), words, index, unlabelled(data_dir))
    data, shipped, shipped_out = training_fusion.shipped_out_of_fold(data_dir, seed)
    texts, labels = data
    x = pooled(texts, index, vectors)
    y = np.array(labels)
    repeats, k = training._REPEATS, training._FOLDS
    oof = {c: np.zeros((repeats * len(labels), 3)) for c in C_GRID}
    for repeat in range(repeats):
        for held in training.folds(labels, k, seed + repeat):
            fit_at = np.setdiff1d(np.arange(len(labels)), held)
            rows = [repeat * len(labels) + i for i in held]
            for c in C_GRID:
                head = training._fit(x[fit_at], list(y[fit_at]), c, seed)
                oof[c][rows] = head.predict_proba(x[held])
    gold = list(labels) * repeats
    scores = {(c, w): training.macro_recall(gold, fused(oof[c], shipped_out, w))
              for c in C_GRID for w in WEIGHTS}  # fmt: skip
    c, w = max(scores, key=lambda key: (round(scores[key], 9), -key[0], -key[1]))
    best = fused(oof[c], shipped_out, w)
    offsets = training.best_offsets(gold, best)
    head = training._fit(x, labels, c, seed)
    # scores relative to the negative class (softmax is unchanged by a shift of all scores)
    relative = head.coef_[1:] - head.coef_[0]
    table = vectors @ relative.T  # one row per word: neutral and positive score
    keys = sorted(index)
    flat = [float(v) for h in keys for v in table[index[h]]]
    intercept = [float(head.intercept_[j] - head.intercept_[0]) for j in (1, 2)]
    # The run time fuses with sentiment.bin as it is, whose intercepts carry its own offsets:
    # (1 − w) of them are already in the fused scores.
    own = shipped["metrics"]["offsets"]
    stored = [round(o - (1 - w) * b, 9) for o, b in zip(offsets, own, strict=True)]
    metrics = {
        "cv_macro_recall": round(scores[(c, w)], 4),
        "cv_macro_recall_offset": round(training.macro_recall(gold, best, offsets), 4),
        "cv_words_alone": round(training.macro_recall(gold, oof[c]), 4),
        "cv_shipped_recipe": round(training.macro_recall(gold, shipped_out), 4),
        "cv_shipped_recipe_offset": round(training.macro_recall(gold, shipped_out, own), 4),
        "cv_by_C_w": {f"{k[0]}/{k[1]}": round(v, 4) for k, v in sorted(scores.items())},
        "C": c, "weight": w, "cv_offsets": list(offsets), "offsets": stored,
        "folds": k, "repeats": repeats, "n_train": len(labels), "n_words": len(keys),
        "min_df": MIN_DF, "templates": list(TEMPLATES), "context_prior": CONTEXT_PRIOR,
        "n_contexts": len(unlabelled(data_dir)),
    }  # fmt: skip
    header = {
        "model": NAME,
        "outputs": ["neutral", "positive"],
        "relative_to": "negative",
        "intercept": intercept,
        "dense": [],
        "dense_weights": [],
        "weight": w,
        "offsets": stored,
        "threshold": 0.5,
        "logit_threshold": 0.0,
        "bits": feats.BITS,
        "seed": seed,
        "embedder_sha256": described["onnx_sha256"],
        "sentiment_sha256": embedding.shipped_sha256(),
        "metrics": metrics,
        "command": COMMAND.format(seed=seed),
    }
    return linear.encode(header, keys, flat), metrics
