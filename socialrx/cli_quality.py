"""``socialrx eval …`` and ``socialrx train``: quality on third-party datasets and the
reproducible training of the shipped models. Imported only by those commands' registration in
``socialrx.cli``; the evaluation and training packages are imported inside each command.
"""

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from socialrx.cli_base import Failure, JsonArg, guard, write_lines

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
    as_json: JsonArg = False,
) -> None:
    """Triage quality (issue #3): every label's figure on the datasets present in DATA_DIR,
    against its target. Exit status 1 when a figure misses its target."""
    import json

    from socialrx.evaluation import triage

    with guard():
        if not data_dir.is_dir():
            raise Failure(f"{str(data_dir)!r} is not a folder; expected the datasets' folder")
        figures, missing = triage.run(data_dir)
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


def train(
    models: Annotated[
        list[str] | None, typer.Argument(help="Models to train (default: all of them).")
    ] = None,
    data: Annotated[
        Path, typer.Option(help="Folder holding the training datasets (e.g. ../shared/data).")
    ] = Path("../shared/data"),
    output: Annotated[
        Path | None,
        typer.Option(help="Where to write the weights [the package's socialrx/models]."),
    ] = None,
    seed: Annotated[
        int, typer.Option(help="Random seed; the same seed gives the same model.")
    ] = 13,
) -> None:
    """Train the shipped triage models from their datasets, reproducibly (needs the `train`
    extra). Writes the weights that socialrx loads and prints each model's metrics."""
    import json

    with guard():
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
            raise Failure(f"unknown models {unknown}; expected some of {list(training.MODELS)}")
        if not data.is_dir():
            raise Failure(f"{str(data)!r} is not a folder; expected the datasets' folder")
        target = output or Path(__file__).resolve().parent / "models"
        for name in wanted:
            metrics = training.train(name, data, target, seed=seed)
            write_lines([json.dumps({"model": name, **metrics})])
