"""A pure-Python linear model over hashed features: the runtime half of ``socialrx train``.

A model file (package data in ``socialrx/models/<name>.bin``) is zlib-compressed bytes:

    header (JSON, UTF-8) NUL buckets (uint32, delta-encoded) weights (float32, bucket-major)
    [lexicon keys (uint32) lexicon values (float32)]

The header names the outputs (one for a binary model, one per class for a multinomial one), the
intercepts, the dense features and their weights, the decision threshold the model was tuned for,
the training metrics and the command that built it. Only bucket numbers are stored: no word of
the training data. Weights are stored as float32, so scores match scikit-learn's to about 1e-6.

Loading is lazy and cached per process (``load``); nothing here imports numpy.
"""

from __future__ import annotations

import json
import math
import sys
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from itertools import accumulate, repeat
from operator import mul
from typing import Any

from socialrx.classifiers.features import BITS
from socialrx.errors import ModelError

FORMAT = 1
_PACKAGE = "socialrx.models"
_ZEROS = repeat(0.0)  # the default weight of an unknown bucket, for ``map(dict.get, ...)``


@dataclass(frozen=True, eq=False)
class LinearModel:
    """Weights per hashed bucket (one table per output); dense features; a token lexicon."""

    header: dict[str, Any]
    columns: tuple[dict[int, float], ...]  # per output: bucket → weight
    lexicon: dict[int, float] = field(default_factory=dict)

    @property
    def outputs(self) -> tuple[str, ...]:
        return tuple(self.header["outputs"])

    def decision(
        self, buckets: frozenset[int], scale: float, dense: Sequence[float] = ()
    ) -> list[float]:
        """The raw linear scores, one per output (scikit-learn's ``decision_function``)."""
        out = [
            b + scale * sum(map(column.get, buckets, _ZEROS))
            for b, column in zip(self.header["intercept"], self.columns, strict=True)
        ]
        for value, row in zip(dense, self.header["dense_weights"], strict=True):
            if value:
                for i, w in enumerate(row):
                    out[i] += value * w
        return out

    def probability(self, buckets: frozenset[int], scale: float) -> float:
        """A binary model's calibrated score: ≥ 0.5 exactly when the tuned threshold is met."""
        z = self._offset + scale * sum(map(self._flat.__getitem__, buckets))
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def probabilities(
        self, buckets: frozenset[int], scale: float, dense: Sequence[float] = ()
    ) -> list[float]:
        """A multinomial model's class probabilities (softmax), in ``outputs`` order. Computed
        against the first class (softmax is unchanged when one score is subtracted from all), so
        one table fewer is read per bucket; two outputs' weights share one table as the real and
        imaginary parts of a complex number, so one pass over the buckets reads both."""
        z = [0.0]
        for table in self._packed_flat:
            both = sum(map(table.__getitem__, buckets))
            z += (scale * both.real, scale * both.imag)
        z = [v + b for v, b in zip(z, self._relative_intercept, strict=False)]
        for i, column in enumerate(self._relative_dense, start=1):
            z[i] += sum(map(mul, dense, column))
        top = max(z)
        exp = [math.exp(v - top) for v in z]
        total = sum(exp)
        return [e / total for e in exp]

    @cached_property
    def _offset(self) -> float:
        return float(self.header["intercept"][0] - self.header["logit_threshold"])

    @cached_property
    def _relative_intercept(self) -> tuple[float, ...]:
        first, *rest = self.header["intercept"]
        return (0.0, *(b - first for b in rest))

    def _packed(self) -> tuple[dict[int, complex], ...]:
        """The weights of outputs 2 and 3, 4 and 5 … less those of output 1, two per table."""
        first, *rest = self.columns
        relative = [
            {k: column.get(k, 0.0) - first.get(k, 0.0) for k in column.keys() | first.keys()}
            for column in rest
        ]
        if len(relative) % 2:
            relative.append({})
        return tuple(
            {k: complex(a.get(k, 0.0), b.get(k, 0.0)) for k in a.keys() | b.keys()}
            for a, b in zip(relative[::2], relative[1::2], strict=True)
        )

    @cached_property
    def _flat(self) -> list[float]:
        """The first output's weights as a list indexed by bucket (0.0 where none): a list
        index reads faster than a large dict's lookup (measured: about 7 against 11 µs for the
        68 buckets of a post)."""
        return _flat(self.columns[0], 0.0)

    @cached_property
    def _packed_flat(self) -> tuple[list[complex], ...]:
        """``_packed`` as lists indexed by bucket (0j where none)."""
        return tuple(_flat(table, 0j) for table in self._packed())

    @cached_property
    def _relative_dense(self) -> tuple[tuple[float, ...], ...]:
        """Per output after the first: each dense feature's weight less the first output's."""
        rows = self.header["dense_weights"]
        outputs = len(self.header["outputs"])
        return tuple(tuple(row[i] - row[0] for row in rows) for i in range(1, outputs))


def _flat(column: dict[int, Any], zero: Any) -> list[Any]:
    """``column`` as a list over every bucket the run-time features can produce."""
    size = 1 << BITS
    if column and max(column) >= size:
        raise ModelError(f"the model has buckets beyond the {BITS}-bit features")
    flat = [zero] * size
    for bucket, weight in column.items():
        flat[bucket] = weight
    return flat


def encode(header: dict[str, Any], buckets: Sequence[int], weights: Sequence[float],
           lexicon: dict[int, float] | None = None) -> bytes:  # fmt: skip
    """The bytes of a model file (``buckets`` sorted; ``weights`` bucket-major)."""
    deltas = array("I", (b - a for a, b in zip([0, *buckets[:-1]], buckets, strict=True)))
    lex_keys = sorted(lexicon or {})
    head = dict(header, format=FORMAT, n_buckets=len(buckets), n_lexicon=len(lex_keys))
    parts: list[array[Any]] = [
        deltas,
        array("f", weights),
        array("I", lex_keys),
        array("f", ((lexicon or {})[k] for k in lex_keys)),
    ]
    if sys.byteorder == "big":
        for part in parts:
            part.byteswap()
    body = b"".join(part.tobytes() for part in parts)
    raw = json.dumps(head, sort_keys=True).encode() + b"\0" + body
    return zlib.compress(raw, 9)


def decode(data: bytes, name: str = "model") -> LinearModel:
    """Parse model-file bytes (see the module docstring)."""
    try:
        raw = zlib.decompress(data)
        head_bytes, _, body = raw.partition(b"\0")
        header: dict[str, Any] = json.loads(head_bytes)
        n, k, m = header["n_buckets"], len(header["outputs"]), header["n_lexicon"]
        if header.get("format") != FORMAT:
            raise ModelError(f"model {name!r} has format {header.get('format')}; expected {FORMAT}")
        sizes = [n * 4, n * k * 4, m * 4, m * 4]
        if len(body) != sum(sizes):
            raise ModelError(
                f"model {name!r} has {len(body)} bytes of weights; expected {sum(sizes)}"
            )
    except (zlib.error, ValueError, KeyError, TypeError) as exc:
        raise ModelError(
            f"model {name!r} is not a valid model file ({type(exc).__name__})"
        ) from None
    arrays: list[array[Any]] = []
    offset = 0
    for code, size in zip("IfIf", sizes, strict=True):
        part = array(code)
        part.frombytes(body[offset : offset + size])
        if sys.byteorder == "big":
            part.byteswap()
        arrays.append(part)
        offset += size
    deltas, lex_keys = arrays[0], arrays[2]
    flat: list[float] = arrays[1].tolist()
    lex_values: list[float] = arrays[3].tolist()
    keys = list(accumulate(deltas))
    columns = tuple(dict(zip(keys, flat[j::k], strict=True)) for j in range(k))
    return LinearModel(header, columns, dict(zip(lex_keys, lex_values, strict=True)))


@cache
def load(name: str) -> LinearModel:
    """The shipped model ``name`` (read on first use, then cached for the process)."""
    try:
        data = resources.files(_PACKAGE).joinpath(f"{name}.bin").read_bytes()
    except (FileNotFoundError, ModuleNotFoundError):
        raise ModelError(
            f"model {name!r} is not installed; build it with `socialrx train {name}`"
        ) from None
    return decode(data, name)
