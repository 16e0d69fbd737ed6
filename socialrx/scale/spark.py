"""socialrx on Apache Spark: the same records as the embedded engine, from DataFrames or files.

``analyze(df, job)`` maps a DataFrame of texts to contract-record columns with
``mapInArrow``: each Python worker builds the job's pipeline once (from the policy's plain TOML
source) and analyses Arrow batches of rows. ``read_numbered`` reads a JSON-lines or Parquet
input with every item's 1-based position in the file (``_n``), taken from the file split it was
read from, so that items without an id get the same default id as in ``socialrx analyze``.
Lines are passed to Python as raw bytes (Spark's text source keeps them undecoded), so a line
that is not UTF-8 gets the same error record as on the embedded engine.

Needs the ``spark`` extra (PySpark with pyarrow and pandas) and Java 17 or later.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from socialrx.scale.columns import COLUMNS, RECORD_DDL, record_batch, record_schema
from socialrx.scale.files import Format, Output, parquet_columns
from socialrx.scale.work import (
    ROW_FIELDS,
    Job,
    line_items,
    record_line,
    records,
    row_items,
    split_line,
)

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

NUMBER = "_n"  # an item's 1-based position in its input
LINE = "_line"  # the record as a JSON line
_FILE, _BLOCK = "_file", "_block"
PARTITION_ITEMS = 20_000  # items per Spark partition (at least one partition per core)


def session(master: str | None = None, workers: int | None = None) -> SparkSession:
    """A Spark session: ``master`` (default ``local[N]`` with ``N`` = ``workers``, else all
    cores), quiet, without the web UI; workers' Python is this interpreter unless
    ``PYSPARK_PYTHON`` says otherwise."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if master is None:
        master = f"local[{workers}]" if workers else "local[*]"
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # nothing leaves loopback
    logging = Path(__file__).with_name("log4j2.properties")
    builder = (
        SparkSession.builder.appName("socialrx")
        .master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(max(2, 2 * (workers or 2))))
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "512")
        .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{logging}")
    )
    if workers and not master.startswith("local"):
        builder = builder.config("spark.executor.instances", str(workers))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def analyze(df: DataFrame, job: Job | None = None, *, keep: tuple[str, ...] = ()) -> DataFrame:
    """Contract-record columns (``RECORD_DDL``) for a DataFrame with a string column ``text``
    and optionally ``id``, ``channel`` and ``_n`` (the row's position: the default id; without
    it, a row without an id gets the row's ``monotonically_increasing_id`` + 1). ``keep`` names
    further columns passed through unchanged (never ``text``)."""
    from pyspark.sql import functions as F

    job = job or Job()
    names = parquet_columns(df.columns)
    if NUMBER not in df.columns:
        df = df.withColumn(NUMBER, F.monotonically_increasing_id() + 1)
    if "text" in keep:
        raise ValueError("'text' cannot be kept: the record holds what it needs of the text")
    schema = _schema(df, keep)
    return df.select(NUMBER, *names, *keep).mapInArrow(_rows_mapper(job, keep), schema)


def analyze_file(spark: SparkSession, path: str, fmt: Format, job: Job,
                 as_lines: bool = False) -> DataFrame:  # fmt: skip
    """The records of every item of a JSON-lines or Parquet file (or folder of such files),
    with ``_n``; with ``as_lines`` also ``_line``, the record as a JSON line."""
    df, total = read_numbered(spark, path, fmt)
    # Range partitions of the numbered items, each in order: the work is spread over every
    # core even for one small file, and the records come out in input order without a sort
    # after the (costly) analysis.
    parts = max(spark.sparkContext.defaultParallelism, -(-total // PARTITION_ITEMS), 1)
    df = df.repartitionByRange(parts, NUMBER).sortWithinPartitions(NUMBER)
    if fmt == "parquet":
        out = analyze(df, job)
        return (
            out.mapInArrow(_to_lines, f"{NUMBER} bigint, {RECORD_DDL}, {LINE} string")
            if as_lines
            else out
        )
    ddl = f"{NUMBER} bigint, {RECORD_DDL}" + (f", {LINE} string" if as_lines else "")
    return df.mapInArrow(_lines_mapper(job, as_lines), ddl)


def run_batch(spark: SparkSession, source: str, output: Output, fmt: Format,
              job: Job) -> tuple[int, int]:  # fmt: skip
    """Analyse ``source`` into ``output`` in input order; returns (items, error records).
    Spark writes ordered Parquet parts beside the output, which are then joined into it."""
    import shutil

    as_lines = output.fmt == "jsonl"
    df = analyze_file(spark, source, fmt, job, as_lines=as_lines)
    parts = output.path.with_name(output.path.name + ".parts")
    shutil.rmtree(parts, ignore_errors=True)
    try:
        df.write.parquet(str(parts))
        return _join(parts, output)
    finally:
        shutil.rmtree(parts, ignore_errors=True)


def _join(parts: Path, output: Output) -> tuple[int, int]:
    import pyarrow.parquet as pq

    items = errors = 0
    for part in sorted(parts.glob("part-*.parquet")):
        for batch in pq.ParquetFile(part).iter_batches(batch_size=8192):
            numbers = batch.column(NUMBER)
            if len(numbers) and numbers[0].as_py() != items + 1:
                raise RuntimeError("Spark returned records out of input order; please report it")
            items += len(numbers)
            errors += len(numbers) - batch.column("error").null_count
            if output.fmt == "jsonl":
                lines = batch.column(LINE).to_pylist()
                output.write_lines(("\n".join(lines) + "\n").encode("utf-8", "backslashreplace"))
            else:
                output.write_batch(batch.select(list(COLUMNS)))
    return items, errors


def _to_lines(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    import pyarrow as pa

    from socialrx.scale.columns import from_row

    for batch in batches:
        lines = [record_line(from_row(row)) for row in batch.to_pylist()]
        yield batch.append_column(LINE, pa.array(lines, pa.string()))


def read_numbered(spark: SparkSession, path: str, fmt: Format) -> tuple[DataFrame, int]:
    """The input's items with ``_n``: raw lines (``value``, binary) or Parquet's ``text``,
    ``id`` and ``channel`` columns, and how many there are. Items are numbered in the order of
    (file path, offset)."""
    from pyspark.sql import functions as F

    if fmt == "parquet":
        raw = spark.read.parquet(path)
        cols = [F.col(c) for c in parquet_columns(raw.columns)]
    else:
        raw = spark.read.option("lineSep", "\n").text(path)
        cols = [F.col("value").cast("binary").alias("value")]
    located = raw.select(
        F.input_file_name().alias(_FILE), F.input_file_block_start().alias(_BLOCK), *cols
    )
    counts = located.groupBy(_FILE, _BLOCK).count().collect()  # the JVM only: cheap
    offsets: dict[tuple[str, int], int] = {}
    total = 0
    for row in sorted(counts, key=lambda r: (r[_FILE], r[_BLOCK])):
        offsets[(row[_FILE], row[_BLOCK])] = total
        total += row["count"]
    ddl = ", ".join(f"{f.name} {f.dataType.simpleString()}" for f in located.schema.fields[2:])
    return located.mapInArrow(_numberer(offsets), f"{NUMBER} bigint, {ddl}"), total


def _numberer(offsets: dict[tuple[str, int], int]) -> Any:
    def number(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa

        seen: dict[tuple[str, int], int] = {}
        for batch in batches:
            files, blocks = batch.column(_FILE).to_pylist(), batch.column(_BLOCK).to_pylist()
            numbers = []
            for key in zip(files, blocks, strict=True):
                seen[key] = seen.get(key, 0) + 1
                numbers.append(offsets[key] + seen[key])
            rest = batch.drop_columns([_FILE, _BLOCK])
            yield rest.add_column(0, NUMBER, pa.array(numbers, pa.int64()))

    return number


def _lines_mapper(job: Job, as_lines: bool) -> Any:
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa

        schema = _with_number(record_schema(), as_lines)
        for batch in batches:
            numbers = batch.column(NUMBER).to_pylist()
            raws = [split_line(v) for v in batch.column("value").to_pylist()]
            items = [line_items(job, n, [raw])[0] for n, raw in zip(numbers, raws, strict=True)]
            out = records(job, items)
            for n, rec in zip(numbers, out, strict=True):
                rec[NUMBER] = n
                if as_lines:
                    rec[LINE] = record_line({k: v for k, v in rec.items() if k != NUMBER})
            yield pa.RecordBatch.from_pylist(out, schema=schema)

    return run


def _rows_mapper(job: Job, keep: tuple[str, ...]) -> Any:
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            rows = batch.to_pylist()
            items = [row_items(job, row[NUMBER], [_fields(row)])[0] for row in rows]
            out = records(job, items)
            for row, rec in zip(rows, out, strict=True):
                rec[NUMBER] = row[NUMBER]
                rec.update((k, row[k]) for k in keep)
            yield record_batch(out, _with_number(record_schema(), False, batch.schema, keep))

    return run


def _fields(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ROW_FIELDS if k in row}


def _with_number(schema: pa.Schema, as_lines: bool, source: pa.Schema | None = None,
                 keep: tuple[str, ...] = ()) -> pa.Schema:  # fmt: skip
    import pyarrow as pa

    schema = schema.insert(0, pa.field(NUMBER, pa.int64()))
    for name in keep:
        schema = schema.append((source or schema).field(name))
    return schema.append(pa.field(LINE, pa.string())) if as_lines else schema


def _schema(df: DataFrame, keep: tuple[str, ...]) -> str:
    extra = "".join(f", `{c}` {df.schema[c].dataType.simpleString()}" for c in keep)
    return f"{NUMBER} bigint, {RECORD_DDL}{extra}"


__all__ = [
    "COLUMNS",
    "LINE",
    "NUMBER",
    "analyze",
    "analyze_file",
    "read_numbered",
    "run_batch",
    "session",
]
