"""Input lines of the CLI: read, parsed into items, analysed in batches into outcomes.

Input is read as bytes, one item per line, and decoded line by line, so one bad line never
stops the others; every input line yields exactly one outcome, in order: an analysis or the
reason the line cannot be analysed. Reasons never quote the line. A ``ModelError`` (a model
missing or broken, e.g. the sentiment embedder's folder) stops the run instead: it is not about
one line.

The contract's input format, shared by ``socialrx analyze`` and the batch engines
(``socialrx.scale``); the core never imports it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from socialrx.errors import InputError, ModelError
from socialrx.model import CHANNELS, Analysis, Document
from socialrx.pipeline import MAX_CHARS, Pipeline, make_document

BATCH = 512  # items analysed (and emitted) together


class LineReader:
    """Lines of a byte stream, read in chunks; ``batch`` blocks only when it holds no line.

    A line longer than ``limit`` bytes is skipped without being kept in memory and reported as
    ``None``. A trailing ``\\r`` is removed.
    """

    def __init__(self, stream: BinaryIO, limit: int, chunk: int = 1 << 16) -> None:
        self.stream = stream
        self.limit = limit
        self.chunk = chunk
        self.bytes_read = 0
        self._buf = bytearray()
        self._pos = 0  # start of the first unread line
        self._scan = 0  # where to continue looking for a newline
        self._eof = False
        self._skipping = False  # inside an overlong line

    def batch(self, size: int) -> list[bytes | None]:
        out: list[bytes | None] = []
        while len(out) < size:
            found, line = self._next()
            if found:
                out.append(line)
            elif out or self._eof:
                break
            else:
                self._fill()
        return out

    def _next(self) -> tuple[bool, bytes | None]:
        buf = self._buf
        nl = buf.find(b"\n", self._scan)
        if nl < 0 and not (self._eof and len(buf) > self._pos):
            self._scan = len(buf)
            if len(buf) - self._pos > self.limit:
                self._skipping = True
                self._reset()
            return self._eof and self._take_skipped(), None
        end = nl if nl >= 0 else len(buf)
        line = bytes(buf[self._pos : end])
        self._pos = self._scan = end + 1
        if self._skipping or len(line) > self.limit:
            self._skipping = False
            return True, None
        return True, line[:-1] if line.endswith(b"\r") else line

    def _take_skipped(self) -> bool:
        skipped, self._skipping = self._skipping, False
        return skipped

    def _reset(self) -> None:
        del self._buf[:]
        self._pos = self._scan = 0

    def _fill(self) -> None:
        del self._buf[: self._pos]
        self._scan -= self._pos
        self._pos = 0
        read1 = getattr(self.stream, "read1", self.stream.read)
        data: bytes = read1(self.chunk)
        self.bytes_read += len(data)
        if data:
            self._buf += data
        else:
            self._eof = True


@dataclass(frozen=True, slots=True)
class Item:
    """One input line: a document to analyse, or the reason it cannot be analysed."""

    id: str
    document: Document | None
    error: str | None = None
    is_json: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one item: its analysis, or the reason there is none."""

    item: Item
    analysis: Analysis | None
    error: str | None

    def record(self) -> dict[str, Any]:
        """The contract record of the outcome, or its error record ``{"id", "error"}``."""
        if self.analysis is None:
            return {"id": self.item.id, "error": self.error}
        rec = self.analysis.to_record()
        rec["id"] = self.item.id
        return rec


def line_limit() -> int:
    """Bytes per line: the text limit in characters, escaped as JSON at worst."""
    return 6 * MAX_CHARS + 65536


def parse_line(raw: bytes | None, number: int, channel: str) -> Item:
    """An ``Item`` for input line ``number`` (1-based); its id is the line number as a string
    unless a JSON object gives one."""
    line_id = str(number)
    if raw is None:
        return Item(line_id, None, f"line is too long; the limit is {MAX_CHARS} characters")
    if number == 1:
        raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark is not text
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Item(
            line_id,
            None,
            f"line is not valid UTF-8 (bad byte at offset {exc.start}); expected UTF-8",
        )
    if line.lstrip().startswith("{"):
        return _parse_json(line, line_id, channel)
    try:
        return Item(line_id, make_document(line, channel, line_id))
    except InputError as exc:
        return Item(line_id, None, str(exc))


def _parse_json(line: str, line_id: str, channel: str) -> Item:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Item(line_id, None, f"invalid JSON object: {exc.msg} at column {exc.colno}", True)
    except RecursionError:
        return Item(line_id, None, "invalid JSON object: nested too deeply", True)
    if not isinstance(obj, dict):
        return Item(line_id, None, "invalid JSON object: expected {...}", True)
    return parse_object(obj, line_id, channel)


def parse_object(obj: dict[str, Any], line_id: str, channel: str) -> Item:
    """An ``Item`` for an input object's ``id``, ``text`` and ``channel`` (a JSON line's, or a
    Parquet row's); ``line_id`` is its id when it names none."""
    item_id = obj.get("id")
    if item_id is None:
        item_id = line_id
    elif not isinstance(item_id, str) or not _encodable(item_id):
        return Item(line_id, None, "'id' must be a string of valid Unicode", True)
    if "text" not in obj:
        return Item(
            item_id, None, "missing 'text'; expected a JSON object with a string 'text'", True
        )
    text, item_channel = obj["text"], obj.get("channel")
    if item_channel is None:  # absent or null: the default (an empty string is not absent)
        item_channel = channel
    if item_channel not in CHANNELS:  # checked here so that the value is never echoed
        return Item(
            item_id, None, f"unknown 'channel'; expected one of {', '.join(CHANNELS)}", True
        )
    try:
        document = make_document(text, item_channel, item_id)
    except InputError as exc:
        return Item(item_id, None, str(exc), True)
    if not _encodable(text):
        return Item(
            item_id, None, "'text' holds an unpaired surrogate; expected valid Unicode", True
        )
    return Item(item_id, document, None, True)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def analyse_items(pipe: Pipeline, items: list[Item]) -> list[Outcome]:
    """Analyse a batch with the pipeline's batch API; an internal failure of one item is
    reported for that item only."""
    documents = [it.document for it in items if it.document is not None]
    try:
        analyses: list[Analysis | str] = list(pipe.analyze_many(documents))
    except Exception:
        analyses = [_analyse_one(pipe, d) for d in documents]
    results = iter(analyses)
    outcomes: list[Outcome] = []
    for it in items:
        if it.document is None:
            outcomes.append(Outcome(it, None, it.error))
            continue
        result = next(results)
        if isinstance(result, str):
            outcomes.append(Outcome(it, None, result))
        else:
            outcomes.append(Outcome(it, result, None))
    return outcomes


def _analyse_one(pipe: Pipeline, document: Document) -> Analysis | str:
    try:
        return pipe.analyze(document)
    except ModelError:
        raise  # a missing or broken model fails every item alike: stop with its one-line error
    except Exception as exc:
        return f"analysis failed with an internal error ({type(exc).__name__}); please report it"


def process(
    stream: BinaryIO,
    channel: str,
    pipe: Pipeline,
    emit: Callable[[list[Outcome]], None],
    advance: Callable[[int, int], None] = lambda lines, read: None,
) -> int:
    """Read, analyse and emit every line of ``stream``, batch by batch (``channel`` is the
    default of lines that name none); ``advance(lines, bytes)`` follows the progress. Returns
    the number of error records."""
    errors = number = 0
    reader = LineReader(stream, line_limit())
    while lines := reader.batch(BATCH):
        items = [parse_line(raw, number + i, channel) for i, raw in enumerate(lines, 1)]
        number += len(lines)
        outcomes = analyse_items(pipe, items)
        errors += sum(1 for o in outcomes if o.error is not None)
        emit(outcomes)
        advance(number, reader.bytes_read)
    return errors
