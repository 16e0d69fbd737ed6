"""Batch input and output files: JSON lines (the ``socialrx analyze`` format) or Parquet.

Input is read in numbered chunks (``Chunk``): JSON lines as raw bytes, decoded and parsed by
the worker that analyses them, Parquet rows as their ``id``/``text``/``channel`` values. Output
is written to ``OUTPUT.partial`` and renamed to ``OUTPUT`` only when every record is in, so a
run that stops half-way never leaves a file that looks complete.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from socialrx.errors import InputError
from socialrx.lines import LineReader, line_limit
from socialrx.scale.columns import record_batch, record_schema
from socialrx.scale.work import ROW_FIELDS, record_line

Format = Literal["jsonl", "parquet"]
FORMATS: tuple[Format, ...] = ("jsonl", "parquet")
PARQUET_SUFFIXES = (".parquet", ".pq")


@dataclass(frozen=True, slots=True)
class Chunk:
    """Consecutive input items numbered from ``first`` (1-based): raw lines or row values."""

    first: int
    lines: list[bytes | None] | None = None
    rows: list[dict[str, Any]] | None = None

    def __len__(self) -> int:
        return len(self.lines if self.lines is not None else self.rows or [])


def format_of(path: str, given: str | None = None) -> Format:
    """The file format: ``given``, else from the name (``.parquet``/``.pq``, else JSON lines)."""
    if given is not None:
        if given not in FORMATS:
            raise InputError(f"unknown format {given!r}; expected one of {', '.join(FORMATS)}")
        return "parquet" if given == "parquet" else "jsonl"
    return "parquet" if path.lower().endswith(PARQUET_SUFFIXES) else "jsonl"


def read_chunks(path: str, fmt: Format, size: int) -> Iterator[Chunk]:
    """The input in chunks of up to ``size`` items."""
    if fmt == "parquet":
        yield from _parquet_chunks(path, size)
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(f"cannot read input file {path!r}: {exc.strerror}") from None
    with stream:
        reader, first = LineReader(stream, line_limit()), 1
        while lines := reader.batch(size):
            yield Chunk(first, lines=lines)
            first += len(lines)


def parquet_columns(names: list[str]) -> list[str]:
    """The input columns read from a Parquet file with columns ``names``; it needs ``text``."""
    if "text" not in names:
        raise InputError("the Parquet input has no 'text' column; expected a string column "
                         "'text' and optionally 'id' and 'channel'")  # fmt: skip
    return [name for name in ROW_FIELDS if name in names]


def _parquet_chunks(path: str, size: int) -> Iterator[Chunk]:
    import pyarrow.parquet as pq

    try:
        source = pq.ParquetFile(path)
    except OSError as exc:
        raise InputError(f"cannot read Parquet input {path!r}: {exc}") from None
    columns = parquet_columns(source.schema_arrow.names)
    first = 1
    for batch in source.iter_batches(batch_size=size, columns=columns):
        rows = batch.to_pylist()
        yield Chunk(first, rows=rows)
        first += len(rows)


class Output:
    """Records appended in order to ``path`` (``path.partial`` until ``commit``)."""

    def __init__(self, path: str, fmt: Format) -> None:
        self.path, self.fmt = Path(path), fmt
        self.partial = self.path.with_name(self.path.name + ".partial")
        self._parquet: Any = None
        try:
            self._file = open(self.partial, "wb")  # noqa: SIM115 - closed in commit/abort
        except OSError as exc:
            raise InputError(f"cannot write output file {path!r}: {exc.strerror}") from None
        if fmt == "parquet":
            import pyarrow.parquet as pq

            self._parquet = pq.ParquetWriter(self._file, record_schema())

    def write(self, records: list[dict[str, Any]]) -> None:
        if self._parquet is not None:
            self._parquet.write_batch(record_batch(records))
            return
        data = "".join(record_line(r) + "\n" for r in records)
        self._file.write(data.encode("utf-8", "backslashreplace"))

    def write_batch(self, batch: Any) -> None:
        """An Arrow record batch of the record schema (Parquet output only)."""
        self._parquet.write_batch(batch)

    def write_lines(self, data: bytes) -> None:
        """Already-serialised JSON lines (the Spark engine's part files)."""
        self._file.write(data)

    def commit(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        self._file.close()
        os.replace(self.partial, self.path)

    def abort(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        self._file.close()
        self.partial.unlink(missing_ok=True)
