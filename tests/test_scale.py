"""Scale-out (issue 8): ``socialrx batch`` on the embedded engine and on Apache Spark gives the
records of ``socialrx analyze``, byte for byte and in input order; the streaming job, killed and
restarted, writes each record exactly once. Spark runs in local mode (Java 17); in CI a missing
PySpark fails instead of skipping."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from socialrx.scale.columns import from_row
from socialrx.scale.files import Output, format_of
from socialrx.scale.work import Job

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

SCRIPT = Path(sys.executable).with_name("socialrx")
SECRET = "Zebulon Quixote"  # synthetic; must never reach stderr

# Synthetic fragments: identifiers, claims, crisis, praise, plain talk (never real people).
FRAGMENTS = (
    "our patient Zebulon Quixote went home today", "call me at 555-201-3344",
    "great care from the nurses", "this supplement cures diabetes 100%",
    "I feel dizzy since the new tablets", "thank you to the night shift",
    "I want to end it all tonight", "admitted on 3/4/2024 to ward 5",
    "you should double your dose", "see you at the health fair", "email jo.doe@example.com",
    "the clinic opens at 9", "worst wait ever, two hours", "@jane_doe get well soon",
)  # fmt: skip
CHANNELS = ("outbound", "reply", "inbound")


def corpus(n: int, seed: int = 8) -> bytes:
    """``n`` input lines: JSON objects (with and without ids and channels), plain text, and a
    few lines that must become error records (empty, bad JSON, not UTF-8, no text)."""
    rng = random.Random(seed)
    lines: list[bytes] = []
    for i in range(n):
        roll = rng.random()
        text = " ".join(rng.sample(FRAGMENTS, rng.randint(1, 3)))
        if roll < 0.01:
            lines.append(b"")
        elif roll < 0.02:
            lines.append(b'{"text": 5}')
        elif roll < 0.025:
            lines.append(b"not \xff UTF-8")
        elif roll < 0.03:
            lines.append(b'{"id": "x", "txt": "no text"}')
        elif roll < 0.08:
            lines.append(text.encode() + b"\r")
        else:
            obj: dict[str, Any] = {"text": text, "channel": rng.choice(CHANNELS)}
            if roll > 0.2:
                obj["id"] = f"p{i}"
            lines.append(json.dumps(obj).encode())
    return b"\n".join(lines) + b"\n"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(SCRIPT), *args], check=False, capture_output=True, timeout=600,
                          env={**os.environ, **(env or {})})  # fmt: skip


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """10,000 synthetic posts as JSON lines, and what ``socialrx analyze`` makes of them."""
    folder = tmp_path_factory.mktemp("archive")
    source = folder / "posts.jsonl"
    source.write_bytes(corpus(10_000))
    done = run("analyze", str(source))
    assert done.returncode == 1  # the corpus holds error lines
    return source, done.stdout


# ------------------------------------------------------------------------------ local engine


@pytest.mark.parametrize("workers", [1, 2])
def test_local_engine_writes_the_records_of_analyze(
    archive: tuple[Path, bytes], tmp_path: Path, workers: int
) -> None:
    source, expected = archive
    output = tmp_path / "records.jsonl"
    done = run("batch", str(source), "--output", str(output), "--workers", str(workers))
    assert done.returncode == 1, done.stderr  # error records → exit status 1
    assert output.read_bytes() == expected
    assert not output.with_name("records.jsonl.partial").exists()
    errors = sum(1 for line in expected.splitlines() if b'"error"' in line[:60])
    assert f"10000 records ({errors} errors)".encode() in done.stderr
    assert SECRET.encode() not in done.stderr


def test_parquet_in_and_out_hold_the_same_records(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = [
        {"id": "a", "text": f"our patient {SECRET} is home", "channel": "outbound"},
        {"id": None, "text": "great care today", "channel": None},
        {"id": "c", "text": None, "channel": "inbound"},
        {"id": "d", "text": "thanks all", "channel": "elsewhere"},
        {"id": "e", "text": "   ", "channel": "reply"},
    ]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "in.parquet")
    done = run("batch", str(tmp_path / "in.parquet"), "-o", str(tmp_path / "out.parquet"))
    assert done.returncode == 1 and SECRET.encode() not in done.stderr
    got = [from_row(r) for r in pq.read_table(tmp_path / "out.parquet").to_pylist()]
    # The same items as JSON lines (a null id or channel is an absent one).
    lines = [json.dumps({k: v for k, v in r.items() if v is not None or k == "text"})
             for r in rows]  # fmt: skip
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    expected = [
        json.loads(x) for x in run("analyze", str(tmp_path / "in.jsonl")).stdout.splitlines()
    ]
    assert got == expected
    assert [r.get("error") is not None for r in got] == [False, False, True, True, True]
    assert got[1]["id"] == "2"  # the row number, as a line number would be


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl", "-o", "out.jsonl"], b"no such file"),
        (["in.jsonl", "-o", "out.jsonl", "--engine", "local", "--master", "local[2]"],
         b"--master is for --engine spark"),
        (["in.jsonl", "-o", "out.csv", "--output-format", "csv"], b"unknown format 'csv'"),
        (["in.jsonl", "-o", "no/such/folder/out.jsonl"], b"cannot write output file"),
        (["plain.parquet", "-o", "out.jsonl"], b"no 'text' column"),
        (["in.jsonl", "-o", "out.jsonl", "--policy", "nope.toml"], b"cannot read policy"),
    ],
)  # fmt: skip
def test_batch_rejects_bad_arguments_clearly(
    tmp_path: Path, args: list[str], message: bytes
) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    (tmp_path / "in.jsonl").write_text(json.dumps({"text": f"hello {SECRET}"}) + "\n")
    pq.write_table(pa.table({"body": [SECRET]}), tmp_path / "plain.parquet")
    done = subprocess.run(
        [str(SCRIPT), "batch", *args], check=False, capture_output=True, cwd=tmp_path
    )
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and SECRET.encode() not in done.stderr
    assert not list(tmp_path.glob("out*"))


@pytest.mark.parametrize(
    ("name", "given", "expected"),
    [("a.parquet", None, "parquet"), ("a.PQ", None, "parquet"), ("a.jsonl", None, "jsonl"),
     ("a.txt", None, "jsonl"), ("a.jsonl", "parquet", "parquet"), ("a.parquet", "jsonl", "jsonl")],
)  # fmt: skip
def test_format_comes_from_the_option_else_the_name(
    name: str, given: str | None, expected: str
) -> None:
    assert format_of(name, given) == expected


def test_a_failed_run_leaves_no_output(tmp_path: Path) -> None:
    out = Output(str(tmp_path / "o.jsonl"), "jsonl")
    out.write([{"id": "1", "error": "x"}])
    out.abort()
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------ Spark engine


def _spark_module() -> Any:
    if os.environ.get("CI"):
        import pyspark  # CI must run the Spark tests: fail, never skip

        return pyspark
    return pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    _spark_module()
    from socialrx.scale import spark as engine

    session = engine.session(workers=2)
    yield session
    session.stop()


def test_spark_engine_gives_identical_records_on_10000_posts(
    spark: SparkSession, archive: tuple[Path, bytes], tmp_path: Path
) -> None:
    from socialrx.scale import spark as engine

    source, expected = archive
    out = Output(str(tmp_path / "spark.jsonl"), "jsonl")
    items, errors = engine.run_batch(spark, str(source), out, "jsonl", Job())
    out.commit()
    assert items == 10_000 and errors == expected.count(b', "error": ')
    assert (tmp_path / "spark.jsonl").read_bytes() == expected


def test_spark_parquet_output_equals_the_local_engines(
    spark: SparkSession, archive: tuple[Path, bytes], tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    from socialrx.scale import spark as engine

    source, _ = archive
    out = Output(str(tmp_path / "spark.parquet"), "parquet")
    engine.run_batch(spark, str(source), out, "jsonl", Job())
    out.commit()
    done = run("batch", str(source), "-o", str(tmp_path / "local.parquet"))
    assert done.returncode == 1
    assert pq.read_table(tmp_path / "spark.parquet").equals(
        pq.read_table(tmp_path / "local.parquet")
    )


def test_items_are_numbered_in_file_order_across_files_and_splits(
    spark: SparkSession, tmp_path: Path
) -> None:
    from socialrx.scale import spark as engine

    folder = tmp_path / "in"
    folder.mkdir()
    for name, count in (("b.jsonl", 300), ("a.jsonl", 500)):
        body = "".join(json.dumps({"text": f"{name} line {i}"}) + "\n" for i in range(count))
        (folder / name).write_text(body)
    spark.conf.set("spark.sql.files.maxPartitionBytes", "4096")  # many splits per file
    try:
        df, total = engine.read_numbered(spark, str(folder), "jsonl")
        rows = sorted((r["_n"], bytes(r["value"])) for r in df.collect())
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    assert total == 800 and [n for n, _ in rows] == list(range(1, 801))
    texts = [json.loads(v)["text"] for _, v in rows]
    assert texts == [f"a.jsonl line {i}" for i in range(500)] + [
        f"b.jsonl line {i}" for i in range(300)
    ]


def test_dataframe_api_returns_record_columns_and_kept_columns(spark: SparkSession) -> None:
    from socialrx.pipeline import Pipeline
    from socialrx.scale import spark as engine

    texts = [f"our patient {SECRET} went home", "great care today", "call 555-201-3344"]
    df = spark.createDataFrame(
        [(f"k{i}", t, "outbound", i * 10) for i, t in enumerate(texts)],
        "id string, text string, channel string, post_id int",
    )
    got = engine.analyze(df, keep=("post_id",)).orderBy("post_id").collect()
    pipe = Pipeline()
    for i, row in enumerate(got):
        record = from_row(row.asDict(recursive=True))
        assert record == pipe.analyze_text(texts[i], "outbound", f"k{i}").to_record()
        assert row["post_id"] == i * 10
    with pytest.raises(ValueError, match="cannot be kept"):
        engine.analyze(df, keep=("text",))


# ---------------------------------------------------------------------------- the stream job


def _stream_files(folder: Path, files: int, lines: int) -> int:
    folder.mkdir()
    rng = random.Random(3)
    for f in range(files):
        rows = [json.dumps({"id": f"f{f}-{i}", "text": " ".join(rng.sample(FRAGMENTS, 2))})
                for i in range(lines)]  # fmt: skip
        (folder / f"part-{f:03}.jsonl").write_text("\n".join(rows) + "\n")
    return files * lines


def _read_output(spark: SparkSession, output: Path) -> tuple[list[str], int]:
    from socialrx.scale import stream

    ids = [r["id"] for r in spark.read.parquet(str(output / "records")).select("id").collect()]
    return ids, sum(n for (_, label), n in stream.label_counts(spark, str(output)).items()
                    if label is None or label != "error")  # fmt: skip


def test_killed_and_restarted_stream_writes_each_record_once(
    spark: SparkSession, tmp_path: Path
) -> None:
    total = _stream_files(tmp_path / "in", files=24, lines=150)
    output, checkpoint = tmp_path / "out", tmp_path / "ckpt"
    args = [str(SCRIPT), "stream", "--input", str(tmp_path / "in"), "-o", str(output),
            "--checkpoint", str(checkpoint), "--every", "1", "--files-per-batch", "2",
            "--workers", "1"]  # fmt: skip
    job = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and len(list(output.glob("records/batch=*"))) < 2:
            time.sleep(0.2)
        assert list(output.glob("records/batch=*")), "the stream never wrote a batch"
    finally:
        os.killpg(job.pid, signal.SIGKILL)  # the driver and its JVM, mid-batch
        job.wait()
    assert len(list(output.glob("records/batch=*"))) < 12  # killed before the end
    done = subprocess.run([*args[:-6], "--once"], check=False, capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    ids, counted = _read_output(spark, output)
    assert len(ids) == total and len(set(ids)) == total
    assert counted >= total  # an item with two labels counts under each


def test_stream_reads_the_ingest_queue_once(spark: SparkSession, tmp_path: Path) -> None:
    from socialrx.pipeline import Pipeline
    from socialrx.settings import load_settings
    from socialrx.store import inbound
    from socialrx.store.database import Database

    env = {
        "SOCIALRX_DATABASE_URL": f"sqlite:///{tmp_path / 'q.db'}",
        "SOCIALRX_SECRET_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    }
    db = Database(load_settings({**os.environ, **env}))
    db.upgrade()
    pipe = Pipeline()

    def ingest(first: int, count: int) -> None:
        with db.transaction() as s:
            for i in range(first, first + count):
                text = f"{FRAGMENTS[i % len(FRAGMENTS)]} ({i})"
                inbound.ingest(s, "mastodon", f"m{i}", "@someone",
                               pipe.analyze_text(text, "inbound"), "test")  # fmt: skip

    output, checkpoint = tmp_path / "out", tmp_path / "ckpt"
    args = ["stream", "--source", "inbound", "-o", str(output), "--checkpoint", str(checkpoint),
            "--settle", "0", "--once", "--workers", "1"]  # fmt: skip
    ingest(0, 40)
    first = run(*args, env=env)
    assert first.returncode == 0, first.stderr[-2000:]
    ingest(40, 25)
    second = run(*args, env=env)
    assert second.returncode == 0, second.stderr[-2000:]
    db.dispose()
    ids, _ = _read_output(spark, output)
    assert sorted(ids, key=int) == [str(i) for i in range(1, 66)]
    records = spark.read.parquet(str(output / "records")).collect()
    assert {r["channel"] for r in records} == {"inbound"}
    assert {r["source"] for r in records} == {"mastodon"}
