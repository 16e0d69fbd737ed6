"""``socialrx batch``: an archive (JSON lines or Parquet) analysed into contract records by the
embedded engine (worker processes on this machine) or by Apache Spark, and ``socialrx stream``:
the Structured Streaming job (``socialrx.scale``)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from socialrx.cli_base import ChannelArg, Failure, PolicyArg, guard


class Engine(StrEnum):
    local = "local"
    spark = "spark"


def batch(
    source: Annotated[str, typer.Argument(metavar="INPUT", help="JSON lines or Parquet.")],
    output: Annotated[str, typer.Option("--output", "-o", help="JSON lines or Parquet.")],
    engine: Annotated[Engine, typer.Option(help="local: processes here; spark.")] = Engine.local,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (local) or cores (spark).")
    ] = None,
    master: Annotated[
        str | None, typer.Option(help="Spark master URL (default local[WORKERS] or local[*]).")
    ] = None,
    channel: ChannelArg = None,
    policy: PolicyArg = None,
    input_format: Annotated[
        str | None, typer.Option(help="jsonl or parquet (default: from the name).")
    ] = None,
    output_format: Annotated[
        str | None, typer.Option(help="jsonl or parquet (default: from the name).")
    ] = None,
) -> None:
    """Analyse every item of INPUT into OUTPUT: one record per item, in input order; an item
    that cannot be analysed gets an error record (exit status 1)."""
    from socialrx.scale.files import Output, format_of, read_chunks
    from socialrx.scale.work import Job

    with guard():
        if engine is Engine.local and master is not None:
            raise Failure("--master is for --engine spark")
        if not Path(source).exists():
            raise Failure(f"cannot read input {source!r}: no such file or folder")
        job = Job.from_file(str(policy) if policy else None,
                            channel.value if channel else "outbound")  # fmt: skip
        fmt_in, fmt_out = format_of(source, input_format), format_of(output, output_format)
        if fmt_in == "parquet" or fmt_out == "parquet":
            _need("pyarrow", "Parquet needs pyarrow: pip install 'socialrx[parquet]'")
        out = Output(output, fmt_out)
        try:
            if engine is Engine.spark:
                _need("pyspark", "--engine spark needs PySpark: pip install 'socialrx[spark]'")
                from socialrx.scale import spark

                session = spark.session(master, workers)
                items, errors = spark.run_batch(session, source, out, fmt_in, job)
            else:
                from socialrx.scale import local

                chunks = read_chunks(source, fmt_in, local.CHUNK)
                items, errors = local.run(job, chunks, out, workers or 1)
        except BaseException:
            out.abort()
            raise
        out.commit()
    sys.stderr.write(f"socialrx: {items} records ({errors} errors) written to {output}\n")
    if errors:
        raise typer.Exit(1)


def _need(module: str, message: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise Failure(message)


class SourceOpt(StrEnum):
    directory = "directory"
    inbound = "inbound"


def stream(
    output: Annotated[str, typer.Option("--output", "-o", help="Folder of records and counts.")],
    checkpoint: Annotated[str, typer.Option(help="Spark checkpoint folder (keep it).")],
    source: Annotated[
        SourceOpt, typer.Option(help="directory (--input) or inbound (the ingest queue).")
    ] = SourceOpt.directory,
    watch: Annotated[
        str | None, typer.Option("--input", help="The folder of JSON-lines files to watch.")
    ] = None,
    every: Annotated[float, typer.Option(min=0.5, help="Seconds between micro-batches.")] = 5,
    once: Annotated[
        bool, typer.Option("--once", help="Process what is there now, then stop.")
    ] = False,
    settle: Annotated[
        float, typer.Option(min=0, help="inbound: seconds an item must be old to be read.")
    ] = 10,
    files_per_batch: Annotated[
        int | None, typer.Option(min=1, help="directory: at most this many files per batch.")
    ] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Cores (local master).")] = None,
    master: Annotated[str | None, typer.Option(help="Spark master URL.")] = None,
    policy: PolicyArg = None,
) -> None:
    """Analyse new items as they arrive (Spark Structured Streaming, checkpointed: a restart
    neither loses nor repeats an item) and keep per-label counts."""
    from socialrx.scale.work import Job

    with guard():
        _need("pyspark", "socialrx stream needs PySpark: pip install 'socialrx[spark]'")
        if source is SourceOpt.directory and not watch:
            raise Failure("--source directory needs --input FOLDER")
        job = Job.from_file(str(policy) if policy else None)
        from socialrx.scale import spark, stream

        session = spark.session(master, workers)
        query = stream.start(session, source.value, output, checkpoint, job, path=watch,
                             seconds=every, once=once, settle_seconds=settle,
                             files_per_batch=files_per_batch)  # fmt: skip
        sys.stderr.write(f"socialrx: streaming {source.value} into {output}\n")
        try:
            query.awaitTermination()
        except KeyboardInterrupt:
            query.stop()
