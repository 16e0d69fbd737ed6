"""The Structured Streaming job: new items analysed as they arrive, with per-label aggregates.

Sources:

- ``directory``: JSON-lines files dropped into a folder (each file read whole, once; its lines
  numbered from 1, as ``socialrx analyze`` numbers them; ``source`` is the file's path);
- ``inbound``: socialrx's own ingest queue (``socialrx.scale.inbound_source``; ``source`` is
  the platform channel's name).

Every micro-batch writes its records to ``OUTPUT/records/batch=N`` and its counts per day and
label to ``OUTPUT/labels/batch=N`` (``label`` is null for items with no label; error records
are counted under ``error``), replacing whatever a batch of that number wrote before. Spark logs
a batch's offsets in the checkpoint before it runs and marks it done after, and a restarted
query re-runs an unfinished batch with the same offsets: so after a crash or a kill, each item's
record is in the output exactly once, and the counts add up to the records.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from socialrx.scale.columns import RECORD_DDL, record_schema
from socialrx.scale.work import Job, line_items, records, row_items, split_line

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.streaming.query import StreamingQuery

Source = Literal["directory", "inbound"]
SOURCES: tuple[Source, ...] = ("directory", "inbound")
OUT_DDL = f"source string, day date, _n bigint, {RECORD_DDL}"


def items(spark: SparkSession, source: Source, path: str | None = None,
          settle_seconds: float = 10, files_per_batch: int | None = None) -> DataFrame:  # fmt: skip
    """The source's new items as a streaming DataFrame (a directory's files, at most
    ``files_per_batch`` per micro-batch)."""
    from pyspark.sql import functions as F

    if source == "directory":
        if not path:
            raise ValueError("the directory source needs the folder to watch")
        reader = spark.readStream.format("text").option("wholetext", "true")
        if files_per_batch:
            reader = reader.option("maxFilesPerTrigger", str(files_per_batch))
        files = reader.load(path)
        return files.select(
            F.input_file_name().alias("source"),
            F.current_date().alias("day"),
            F.col("value").cast("binary").alias("value"),
        )
    from socialrx.scale.inbound_source import NAME, InboundSource

    spark.dataSource.register(InboundSource)
    rows = spark.readStream.format(NAME).option("settle_seconds", str(settle_seconds)).load()
    return rows.select(
        F.col("channel").alias("source"),
        F.to_date("received_at").alias("day"),
        F.col("seq"),
        F.col("text"),
    )


def analysed(df: DataFrame, job: Job) -> DataFrame:
    """The items' records (``OUT_DDL``): a file's lines, or the queue's items."""
    mapper = _file_mapper(job) if "value" in df.columns else _queue_mapper(job)
    return df.mapInArrow(mapper, OUT_DDL)


def start(spark: SparkSession, source: Source, output: str, checkpoint: str, job: Job, *,
          path: str | None = None, seconds: float = 5, once: bool = False,
          settle_seconds: float = 10, files_per_batch: int | None = None) -> StreamingQuery:  # fmt: skip
    """Start the job; ``once`` processes what is there now and stops."""
    source_df = items(spark, source, path, settle_seconds, files_per_batch)
    records_df = analysed(source_df, job)
    writer = records_df.writeStream.foreachBatch(_writer(output)).option(
        "checkpointLocation", checkpoint
    )
    writer = (
        writer.trigger(availableNow=True)
        if once
        else writer.trigger(processingTime=f"{seconds} seconds")
    )
    return writer.start()


def _writer(output: str) -> Any:
    def write(batch: DataFrame, batch_id: int) -> None:
        from pyspark.sql import functions as F

        batch.persist()
        try:
            batch.write.mode("overwrite").parquet(f"{output}/records/batch={batch_id}")
            names = batch.select("day", "error", F.explode_outer("labels.name").alias("name"))
            label = F.when(F.col("error").isNotNull(), F.lit("error")).otherwise(F.col("name"))
            counts = names.select("day", label.alias("label")).groupBy("day", "label").count()
            counts.write.mode("overwrite").parquet(f"{output}/labels/batch={batch_id}")
        finally:
            batch.unpersist()

    return write


def label_counts(spark: SparkSession, output: str) -> dict[tuple[str, str | None], int]:
    """The job's counts so far: (day as ISO date, label) → items."""
    from pyspark.sql import functions as F

    df = spark.read.parquet(f"{output}/labels")
    rows = df.groupBy("day", "label").agg(F.sum("count").alias("n")).collect()
    return {(r["day"].isoformat(), r["label"]): int(r["n"]) for r in rows}


def _file_mapper(job: Job) -> Any:
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            for row in batch.to_pylist():
                text: bytes = row["value"]
                lines = text.split(b"\n")
                if lines and lines[-1] == b"":
                    lines.pop()
                its = line_items(job, 1, [split_line(raw) for raw in lines])
                extra = {"source": row["source"], "day": row["day"]}
                yield _batch(records(job, its), extra, start=1)

    return run


def _queue_mapper(job: Job) -> Any:
    inbound = Job(job.policy_source, job.policy_origin, "inbound")

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            rows = batch.to_pylist()
            its = row_items(inbound, 1, [{"id": str(r["seq"]), "text": r["text"]} for r in rows])
            out = records(inbound, its)
            for row, rec in zip(rows, out, strict=True):
                rec.update(source=row["source"], day=row["day"], _n=row["seq"])
            yield _arrow(out)

    return run


def _batch(out: list[dict[str, Any]], extra: dict[str, Any], start: int) -> pa.RecordBatch:
    for n, rec in enumerate(out, start):
        rec.update(extra, _n=n)
    return _arrow(out)


def _arrow(out: list[dict[str, Any]]) -> pa.RecordBatch:
    import pyarrow as pa

    schema = record_schema()
    for i, field in enumerate((("source", pa.string()), ("day", pa.date32()), ("_n", pa.int64()))):
        schema = schema.insert(i, pa.field(*field))
    return pa.RecordBatch.from_pylist(out, schema=schema)
