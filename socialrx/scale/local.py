"""The embedded engine: the batch analysed by worker processes on this machine.

The parent reads the input in chunks and writes the output; ``workers`` processes each build
the pipeline once and turn chunks into finished output (JSON lines already serialised, or an
Arrow record batch), so the parent does little more than copy bytes. At most a few chunks per
worker are in flight: memory stays flat however large the input is, and the output keeps the
input's order. One worker runs in this process (no pool).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from typing import Any

from socialrx.scale.columns import record_batch
from socialrx.scale.files import Chunk, Format, Output
from socialrx.scale.work import Job, line_items, record_line, records, row_items

CHUNK = 512  # items per chunk
IN_FLIGHT = 4  # chunks queued per worker


@dataclass(frozen=True, slots=True)
class Done:
    """What one chunk became: its output, ready to write, and its counts."""

    items: int
    errors: int
    lines: bytes | None = None
    batch: Any = None  # a pyarrow.RecordBatch


def work(job: Job, chunk: Chunk, fmt: Format) -> Done:
    """A chunk's records in the output format."""
    if chunk.lines is not None:
        items = line_items(job, chunk.first, chunk.lines)
    else:
        items = row_items(job, chunk.first, chunk.rows or [])
    out = records(job, items)
    errors = sum(1 for r in out if "error" in r)
    if fmt == "parquet":
        return Done(len(out), errors, batch=record_batch(out))
    data = "".join(record_line(r) + "\n" for r in out).encode("utf-8", "backslashreplace")
    return Done(len(out), errors, lines=data)


def run(job: Job, chunks: Iterable[Chunk], output: Output, workers: int = 1) -> tuple[int, int]:
    """Analyse every chunk into ``output`` in order; returns (items, error records)."""
    items = errors = 0

    def write(done: Done) -> None:
        nonlocal items, errors
        items, errors = items + done.items, errors + done.errors
        if done.batch is not None:
            output.write_batch(done.batch)
        else:
            output.write_lines(done.lines or b"")

    if workers <= 1:
        for chunk in chunks:
            write(work(job, chunk, output.fmt))
        return items, errors
    with multiprocessing.Pool(workers, initializer=_warm, initargs=(job,)) as pool:
        pending: deque[AsyncResult[Done]] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(work, (job, chunk, output.fmt)))
            while len(pending) >= workers * IN_FLIGHT:
                write(pending.popleft().get())
        while pending:
            write(pending.popleft().get())
    return items, errors


def _warm(job: Job) -> None:
    job.pipeline()
