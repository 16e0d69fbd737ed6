"""The opt-in sentence-embedding half of the sentiment fusion (the ``embeddings`` extra).

A folder built by ``socialrx train embedder`` and ``socialrx train sentiment-fusion`` holds:

- ``embedder.json``: the manifest (file hashes, versions, opset, int8 or not);
- ``model.onnx``: all-MiniLM-L6-v2 with mean pooling and L2 normalisation in the graph
  (inputs ``input_ids``, ``attention_mask``; output ``embedding``, 384 floats);
- ``tokenizer.json``: its WordPiece vocabulary (read by ``socialrx.classifiers.wordpiece``);
- ``sentiment_head.json``: a logistic regression on the embedding, the fusion weight ``w`` and
  class offsets. Fused log-probabilities are ``w·log P(head) + (1 − w)·log P(shipped model) +
  offsets``; the offsets apply to the shipped ``sentiment.bin`` as it is (its own offsets
  included), whose sha256 the head records.

onnxruntime and numpy are imported only when a text is first embedded; the fusion arithmetic is
pure Python. Errors are ``ModelError``s that name the folder's problem, never a text.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from socialrx.classifiers.wordpiece import WordPiece
from socialrx.errors import ModelError

MANIFEST = "embedder.json"
MODEL = "model.onnx"
VOCAB = "tokenizer.json"
HEAD = "sentiment_head.json"
FORMAT = 1
DIMENSIONS = 384
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for all-MiniLM-L6-v2
CLASSES = ("negative", "neutral", "positive")
_FLOOR = 1e-12  # probabilities are clipped here before the log (as in training)


class Encoder(Protocol):
    """The seam: texts → one vector each (tests inject a deterministic fake)."""

    def embed(self, texts: Sequence[str]) -> Sequence[Sequence[float]]: ...


class OnnxEncoder:
    """The exported model on onnxruntime: one thread unless told otherwise; the session and the
    tokenizer are built on first use and dropped when pickled."""

    def __init__(self, folder: Path, threads: int = 1) -> None:
        self.folder = folder
        self.threads = threads
        self._session: Any = None
        self._tokenizer: WordPiece | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"folder": self.folder, "threads": self.threads}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["folder"], state["threads"])  # type: ignore[misc]

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """The L2-normalised embedding of each text, one text per run (so that a text's vector
        never depends on its batch)."""
        session, tokenizer = self._ready()  # imports onnxruntime (which brings numpy)
        import numpy as np

        out: list[list[float]] = []
        for text in texts:
            ids = np.array([tokenizer.encode(text)], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            out.append([float(v) for v in session.run(None, feed)[0][0]])
        return out

    def _ready(self) -> tuple[Any, WordPiece]:
        if self._session is None or self._tokenizer is None:
            self._tokenizer = WordPiece.from_file(self.folder / VOCAB, MAX_TOKENS)
            self._session = _session(self.folder / MODEL, self.threads)
        return self._session, self._tokenizer


def _session(path: Path, threads: int) -> Any:
    try:
        import onnxruntime
    except ImportError:
        raise ModelError(
            "the sentiment embedder needs the 'embeddings' extra (onnxruntime is missing): "
            "pip install 'socialrx[embeddings]'"
        ) from None
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    try:
        return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own exception types
        raise ModelError(
            f"{path.name} in {str(path.parent)!r} is not a loadable ONNX model "
            f"({type(exc).__name__}); rebuild it with `socialrx train embedder`"
        ) from None


@dataclass(frozen=True)
class Head:
    """The embedding head and the fusion settings of ``sentiment_head.json``."""

    coef: tuple[tuple[float, ...], ...]  # one row of DIMENSIONS weights per class
    intercept: tuple[float, ...]
    weight: float  # w: the embedding head's share of the fused log-probabilities
    offsets: tuple[float, ...]  # added to the fused log-probabilities (shipped model as is)
    embedder_sha256: str  # the model.onnx whose embeddings the head was fitted on
    sentiment_sha256: str  # the sentiment.bin it fuses with

    @classmethod
    def of(cls, data: dict[str, Any]) -> Head:
        """A head from its JSON data (``ValueError``, ``KeyError`` or ``TypeError`` if bad)."""
        coef = tuple(tuple(float(v) for v in row) for row in data["coef"])
        intercept = tuple(float(v) for v in data["intercept"])
        offsets = tuple(float(v) for v in data["offsets"])
        weight = float(data["weight"])
        shapes = {len(coef), len(intercept), len(offsets)} == {len(CLASSES)}
        if not shapes or any(len(row) != DIMENSIONS for row in coef) or not 0 <= weight <= 1:
            raise ValueError("wrong shape")
        return cls(coef, intercept, weight, offsets,
                   str(data["embedder_sha256"]), str(data["sentiment_sha256"]))  # fmt: skip

    def probabilities(self, vector: Sequence[float]) -> list[float]:
        """P(negative, neutral, positive) of the embedding head alone."""
        return softmax([
            b + math.fsum(w * x for w, x in zip(row, vector, strict=True))
            for row, b in zip(self.coef, self.intercept, strict=True)
        ])  # fmt: skip

    def fuse(self, shipped: Sequence[float], vector: Sequence[float]) -> list[float]:
        """The fused class probabilities of the shipped model's ``shipped`` and an embedding."""
        return fuse(self.probabilities(vector), shipped, self.weight, self.offsets)


def fuse(
    embedding: Sequence[float], shipped: Sequence[float], weight: float, offsets: Sequence[float]
) -> list[float]:
    """softmax(w·log P_embedding + (1 − w)·log P_shipped + offsets)."""
    return softmax([
        weight * math.log(max(e, _FLOOR)) + (1 - weight) * math.log(max(s, _FLOOR)) + o
        for e, s, o in zip(embedding, shipped, offsets, strict=True)
    ])  # fmt: skip


def softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exp = [math.exp(v - top) for v in scores]
    total = sum(exp)
    return [e / total for e in exp]


@dataclass(frozen=True)
class Fusion:
    """The head and its encoder: shipped probabilities + a text → fused probabilities."""

    head: Head
    encoder: Encoder

    def probabilities(self, text: str, shipped: Sequence[float]) -> list[float]:
        (vector,) = self.encoder.embed([text])
        return self.head.fuse(shipped, vector)


def manifest(folder: Path) -> dict[str, Any]:
    """The folder's ``embedder.json``, checked against the files beside it (sizes only: the
    model is not re-hashed at each start)."""
    if not folder.is_dir():
        raise ModelError(
            f"sentiment embedder folder {str(folder)!r} does not exist; build it with "
            "`socialrx train embedder --output DIR`"
        )
    data = _json(folder / MANIFEST, "socialrx train embedder --output DIR")
    for key in ("format", "onnx_sha256", "onnx_bytes", "dimensions", "max_tokens"):
        if key not in data:
            raise ModelError(f"{MANIFEST} in {str(folder)!r} lacks {key!r}; rebuild the folder")
    if data["format"] != FORMAT or data["dimensions"] != DIMENSIONS:
        raise ModelError(
            f"{MANIFEST} in {str(folder)!r} has format {data['format']} and "
            f"{data['dimensions']} dimensions; expected {FORMAT} and {DIMENSIONS}"
        )
    for name in (MODEL, VOCAB):
        if not (folder / name).is_file():
            raise ModelError(f"{name} is missing from {str(folder)!r}; rebuild the folder")
    if (folder / MODEL).stat().st_size != data["onnx_bytes"]:
        raise ModelError(
            f"{MODEL} in {str(folder)!r} is not the file {MANIFEST} describes "
            f"({data['onnx_bytes']} bytes); rebuild the folder"
        )
    return data


def load(folder: Path, encoder: Encoder | None = None, threads: int = 1) -> Fusion:
    """The fusion of ``folder`` (an ``OnnxEncoder`` of it with ``threads`` threads unless
    ``encoder`` is given)."""
    described = manifest(folder)
    data = _json(folder / HEAD, "socialrx train sentiment-fusion --embedder DIR")
    try:
        head = Head.of(data)
    except (ValueError, KeyError, TypeError):
        raise ModelError(
            f"{HEAD} in {str(folder)!r} is not a valid fusion head; rerun "
            "`socialrx train sentiment-fusion --embedder DIR`"
        ) from None
    if head.embedder_sha256 != described["onnx_sha256"]:
        raise ModelError(
            f"{HEAD} in {str(folder)!r} was fitted on another {MODEL}; rerun "
            "`socialrx train sentiment-fusion --embedder DIR`"
        )
    if head.sentiment_sha256 != shipped_sha256():
        raise ModelError(
            f"{HEAD} in {str(folder)!r} was fitted for another sentiment.bin than the installed "
            "one; rerun `socialrx train sentiment-fusion --embedder DIR`"
        )
    return Fusion(head, encoder or OnnxEncoder(folder, threads))


def _json(path: Path, command: str) -> dict[str, Any]:
    where = f"{path.name} in {str(path.parent)!r}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{where} is missing; build it with `{command}`") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"{where} is not readable JSON ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise ModelError(f"{where} is not a JSON object")
    return data


@cache
def shipped_sha256() -> str:
    """The sha256 of the installed ``socialrx/models/sentiment.bin``."""
    try:
        data = resources.files("socialrx.models").joinpath("sentiment.bin").read_bytes()
    except FileNotFoundError:
        raise ModelError("model 'sentiment' is not installed") from None
    return hashlib.sha256(data).hexdigest()
