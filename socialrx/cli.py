"""The ``socialrx`` command: analyze, redact, detectors, demo, eval.

Input is read as bytes, one item per line, and decoded line by line, so one bad line never
stops the others; every input line yields exactly one output line, in order. Post text never
reaches an error message. Heavy modules are imported inside the commands to keep start-up fast.
"""

import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

import typer

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from socialrx.evaluation import GoldDocument
    from socialrx.model import Analysis, Document
    from socialrx.pipeline import Pipeline

app = typer.Typer(
    name="socialrx",
    help="Compliance-first social media for healthcare: check posts before they go out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
eval_app = typer.Typer(
    help="Measure detection quality on a labelled dataset.", no_args_is_help=True
)
app.add_typer(eval_app, name="eval")

BATCH = 512  # items analysed (and flushed) together
PROGRESS_AFTER = 2000  # lines before a progress bar appears (stderr terminals only)


class ChannelOpt(StrEnum):
    outbound = "outbound"
    reply = "reply"
    inbound = "inbound"


class FormatOpt(StrEnum):
    jsonl = "jsonl"
    table = "table"


class StyleOpt(StrEnum):
    MASK = "mask"
    REPLACE = "replace"


FileArg = Annotated[
    str, typer.Argument(metavar="[FILE|-]", help="Input file, one item per line ('-': stdin).")
]
ChannelArg = Annotated[
    ChannelOpt | None,
    typer.Option(help="Channel of plain-text lines and of JSON lines without one [outbound]."),
]
PolicyArg = Annotated[
    Path | None, typer.Option(help="Policy file (TOML); the built-in default when omitted.")
]


class Failure(Exception):
    """A clear, user-facing error: printed on one line to stderr, exit status 2."""


# ------------------------------------------------------------------------------------ input


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
    document: "Document | None"
    error: str | None = None
    is_json: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    item: Item
    analysis: "Analysis | None"
    error: str | None


def line_limit() -> int:
    """Bytes per line: the text limit in characters, escaped as JSON at worst."""
    from socialrx.pipeline import MAX_CHARS

    return 6 * MAX_CHARS + 65536


def parse_line(raw: bytes | None, number: int, channel: str) -> Item:
    """An ``Item`` for input line ``number``; errors never quote the line."""
    from socialrx.errors import InputError
    from socialrx.pipeline import MAX_CHARS, make_document

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
    from socialrx.errors import InputError
    from socialrx.model import CHANNELS
    from socialrx.pipeline import make_document

    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Item(line_id, None, f"invalid JSON object: {exc.msg} at column {exc.colno}", True)
    except RecursionError:
        return Item(line_id, None, "invalid JSON object: nested too deeply", True)
    if not isinstance(obj, dict):
        return Item(line_id, None, "invalid JSON object: expected {...}", True)
    item_id = obj.get("id")
    if item_id is None:
        item_id = line_id
    elif not isinstance(item_id, str) or not _encodable(item_id):
        return Item(line_id, None, "'id' must be a string of valid Unicode", True)
    if "text" not in obj:
        return Item(
            item_id, None, "missing 'text'; expected a JSON object with a string 'text'", True
        )
    text, item_channel = obj["text"], obj.get("channel") or channel
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


def analyse_items(pipe: "Pipeline", items: list[Item]) -> list[Outcome]:
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


def _analyse_one(pipe: "Pipeline", document: "Document") -> "Analysis | str":
    try:
        return pipe.analyze(document)
    except Exception as exc:
        return f"analysis failed with an internal error ({type(exc).__name__}); please report it"


def build_pipeline(policy: Path | None) -> "Pipeline":
    """The pipeline of ``policy``, with its detectors built now so that a bad policy fails
    before any input is read."""
    from socialrx.pipeline import Pipeline
    from socialrx.policy import load_policy

    pipe = Pipeline(load_policy(policy) if policy is not None else None)
    _ = pipe.detectors, pipe.classifiers
    return pipe


@contextmanager
def open_input(name: str) -> Iterator[tuple[BinaryIO, int | None]]:
    """The input stream and its size in bytes when known."""
    if name == "-":
        yield sys.stdin.buffer, None
        return
    try:
        stream = open(name, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise Failure(f"cannot read input file {name!r}: {exc.strerror}") from None
    with stream:
        try:
            size: int | None = os.fstat(stream.fileno()).st_size or None
        except OSError:
            size = None
        yield stream, size


def process(
    name: str,
    channel: ChannelOpt | None,
    pipe: "Pipeline",
    emit: Callable[[list[Outcome]], None],
) -> int:
    """Read, analyse and emit every line of ``name``; returns the number of error records."""
    default_channel = channel.value if channel is not None else "outbound"
    errors = number = 0
    with open_input(name) as (stream, size), _progress(size) as advance:
        reader = LineReader(stream, line_limit())
        while lines := reader.batch(BATCH):
            items = [parse_line(raw, number + i, default_channel) for i, raw in enumerate(lines, 1)]
            number += len(lines)
            outcomes = analyse_items(pipe, items)
            errors += sum(1 for o in outcomes if o.error is not None)
            emit(outcomes)
            advance(number, reader.bytes_read)
    return errors


@contextmanager
def _progress(size: int | None) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for long inputs, when stderr is a terminal (and stdout not)."""
    if not sys.stderr.isatty() or sys.stdout.isatty():
        yield lambda lines, read: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task: list[Any] = []

        def advance(lines: int, read: int) -> None:
            if not task and lines >= PROGRESS_AFTER:
                task.append(bar.add_task("analysing", total=size))
            if task:
                bar.update(task[0], completed=read if size else lines)

        yield advance


# ----------------------------------------------------------------------------------- output


def write_lines(lines: Iterable[str]) -> None:
    data = "".join(line + "\n" for line in lines)
    sys.stdout.buffer.write(data.encode("utf-8", "backslashreplace"))
    sys.stdout.buffer.flush()


def record(outcome: Outcome) -> dict[str, Any]:
    """The contract record of an outcome, or its error record."""
    if outcome.analysis is None:
        return {"id": outcome.item.id, "error": outcome.error}
    rec = outcome.analysis.to_record()
    rec["id"] = outcome.item.id
    return rec


def dumps(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False)


def console(*, stderr: bool = False) -> "Console":
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, width=None if stream.isatty() else 120, highlight=False)


_FAMILY_STYLE = {
    "phi": "bold white on red",
    "disclosure": "bold white on magenta",
    "advice": "bold black on yellow",
    "claim": "bold black on yellow",
    "review": "bold black on cyan",
    "conduct": "bold white on blue",
    "lexicon": "bold black on green",
}
_DECISION_STYLE = {"allow": "bold green", "review": "bold yellow", "block": "bold red"}
# Characters a terminal would act on (or Rich would drop, shifting the offsets): shown as '�'.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def code_style(code: str) -> str:
    return _FAMILY_STYLE.get(code.split(".", 1)[0], "reverse")


def render(outcome: Outcome) -> "Text":
    """An outcome for people: decision, the text with flagged spans highlighted, the findings."""
    from rich.text import Text

    head = Text(f"── {outcome.item.id} ", style="bold")
    analysis = outcome.analysis
    if analysis is None:
        return Text.assemble(head, ("error: ", "bold red"), str(outcome.error), "\n")
    action = analysis.decision.action
    head.append(f"· {analysis.document.channel} · ")
    head.append(action.upper(), style=_DECISION_STYLE[action])
    head.append(f" ({analysis.decision.policy})", style="dim")
    original = analysis.document.text
    body = Text(_CONTROL.sub("\ufffd", original))
    for f in analysis.findings:
        if f.span is not None:
            body.stylize(code_style(f.code), f.span.start, f.span.end)
    lines = [head, body]
    for f in analysis.findings:
        line = Text("  • ")
        line.append(f.code, style=code_style(f.code))
        if f.span is not None:
            shown = _CONTROL.sub("\ufffd", original[f.span.start : f.span.end])
            line.append(f" {shown!r} [{f.span.start}:{f.span.end}]")
        line.append(f" — {f.why} ({f.detector}, {f.score:.2f})", style="dim")
        lines.append(line)
    if not analysis.findings:
        lines.append(Text("  no findings", style="dim"))
    return Text("\n").join([*lines, Text("")])


def summary(counts: dict[str, int]) -> "Text":
    from rich.text import Text

    total = sum(counts.values())
    parts = [f"{counts.get(k, 0)} {k}" for k in ("allow", "review", "block", "error")]
    return Text(f"{total} item(s): " + ", ".join(parts), style="bold")


# --------------------------------------------------------------------------------- commands


@contextmanager
def guard() -> Iterator[None]:
    """Our own errors → one line on stderr, exit status 2, no traceback, never post text."""
    from socialrx.errors import SocialrxError

    try:
        yield
    except (SocialrxError, Failure) as exc:
        sys.stderr.write(f"socialrx: error: {exc}\n")
        raise typer.Exit(2) from None


@app.command()
def analyze(
    file: FileArg = "-",
    channel: ChannelArg = None,
    policy: PolicyArg = None,
    format: Annotated[
        FormatOpt | None,
        typer.Option("--format", help="jsonl (default when stdout is not a terminal) or table."),
    ] = None,
) -> None:
    """Analyse posts, one per line (plain text or a JSON object with id, text, channel)."""
    fmt = format or (FormatOpt.table if sys.stdout.isatty() else FormatOpt.jsonl)
    counts: dict[str, int] = {}
    out = console() if fmt is FormatOpt.table else None

    def emit(outcomes: list[Outcome]) -> None:
        if out is None:
            write_lines(dumps(record(o)) for o in outcomes)
            return
        for o in outcomes:
            key = o.analysis.decision.action if o.analysis else "error"
            counts[key] = counts.get(key, 0) + 1
            out.print(render(o))

    with guard():
        errors = process(file, channel, build_pipeline(policy), emit)
    if out is not None:
        out.print(summary(counts))
    if errors:
        raise typer.Exit(1)


@app.command()
def redact(
    file: FileArg = "-",
    codes: Annotated[
        str, typer.Option(help="Comma-separated codes or families to redact, e.g. phi.name,phi.*")
    ] = "phi.*",
    style: Annotated[StyleOpt, typer.Option(help="mask (█…) or replace ([NAME]).")] = (
        StyleOpt.REPLACE
    ),
    channel: ChannelArg = None,
    policy: PolicyArg = None,
) -> None:
    """Print each line with the spans of the chosen codes masked or replaced (findings under
    the policy's threshold are kept)."""
    from socialrx.redact import redact as redact_text

    with guard():
        wanted = parse_codes(codes)
        pipe = build_pipeline(policy)

        def emit(outcomes: list[Outcome]) -> None:
            lines = []
            for o in outcomes:
                if o.analysis is None:
                    lines.append(dumps(record(o)))
                    continue
                text = o.analysis.document.text
                counted = [f for f in o.analysis.findings if f.score >= threshold(f.code)]
                red = redact_text(text, counted, codes=wanted, style=style.value)
                lines.append(dumps({"id": o.item.id, "text": red}) if o.item.is_json else red)
            write_lines(lines)

        threshold = pipe.policy.threshold
        errors = process(file, channel, pipe, emit)
    if errors:
        raise typer.Exit(1)


def parse_codes(spec: str) -> list[str]:
    """The codes of ``--codes``; each must be declared by a detector or documented."""
    from socialrx import registry

    codes = [c.strip() for c in spec.split(",") if c.strip()]
    if not codes:
        raise Failure("--codes is empty; expected codes such as phi.name,phi.ssn or phi.*")
    entries = registry.entries()
    known = {c for e in entries for c in e.codes} | set(registry.code_docs())
    for code in codes:
        family = code[:-1] if code.endswith(".*") else None
        ok = code in known or any(e.declares(code) for e in entries)
        if family is not None:
            ok = any(k.startswith(family) for k in known)
        if not ok:
            raise Failure(f"unknown code {code!r} in --codes; `socialrx detectors` lists them")
    return codes


@app.command()
def detectors(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the full docs/detectors.md instead.")
    ] = False,
) -> None:
    """List the registered detectors, their codes and what each code catches."""
    if markdown:
        sys.stdout.write(detectors_markdown())
        return
    from rich.table import Table

    from socialrx import registry
    from socialrx.policy import default_policy

    out = console()
    table = Table("detector", "codes", "what it finds", title="Detectors")
    for e in registry.entries():
        table.add_row(e.name, "\n".join(e.codes), one_line(e.doc))
    out.print(table)
    policy = default_policy()
    codes = Table("code", "default action", "what it catches", title="Finding codes")
    for code, doc in registry.code_docs().items():
        codes.add_row(code, policy.action(code, "outbound"), doc.summary)
    out.print(codes)


def one_line(doc: str) -> str:
    """The first paragraph of a docstring, on one line."""
    return " ".join(doc.split("\n\n", 1)[0].split())


DEMO_POSTS: tuple[tuple[str, str, str], ...] = (
    ("flu-clinic", "outbound", "Free flu shots this Saturday 9am-1pm at our Main Street campus. "
     "No appointment needed, bring your family!"),
    ("new-doctor", "outbound", "Please welcome Dr. Anita Rao, who joins our pediatric cardiology "
     "team this month."),
    ("proud-nurse", "outbound", "Congrats to our patient Maria Gonzalez, who rang the bell after "
     "her last chemo today! Contact maria.g@example.com to send cards."),
    ("obfuscated", "outbound", "So proud of our p a t i e n t J0hn Sm1th, home today after his "
     "heart surgery in Room 4B."),
    ("billing-note", "outbound", "Billing question for account holder, SSN 524-71-3306: please "
     "call back about the balance."),
    ("miracle", "outbound", "Our new stem cell therapy cures arthritis. 100% guaranteed results "
     "or your money back!"),
    ("reply-bad", "reply", "Hi Karen, we're sorry your knee surgery last Tuesday ran late. We "
     "have reviewed your records and your bill."),
    ("reply-safe", "reply", "Thank you for your feedback. We take every concern seriously; "
     "please contact our patient experience team so we can learn more."),
)  # fmt: skip


@app.command()
def demo() -> None:
    """Analyse built-in synthetic sample posts and show the flagged spans."""
    from rich.text import Text

    from socialrx.pipeline import Pipeline, make_document

    out = console()
    out.print(Text("socialrx demo: synthetic posts, default policy\n", style="bold"))
    pipe = Pipeline()
    counts: dict[str, int] = {}
    docs = [make_document(text, channel, id) for id, channel, text in DEMO_POSTS]
    for document, analysis in zip(docs, pipe.analyze_many(docs), strict=True):
        counts[analysis.decision.action] = counts.get(analysis.decision.action, 0) + 1
        out.print(render(Outcome(Item(str(document.id), document), analysis, None)))
    out.print(summary(counts))


@eval_app.command("presidio")
def eval_presidio(
    path: Annotated[Path, typer.Argument(help="synth_dataset_v2.json or its folder.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Score phi.* spans on presidio-research's synth_dataset_v2 (typed and untyped F1)."""
    from socialrx.evaluation import presidio

    with guard():
        run_eval("presidio-synth-v2", presidio.load(path), as_json)


@eval_app.command("physionet")
def eval_physionet(
    folder: Annotated[Path, typer.Argument(help="Folder with id.text and id-phi.phrase.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Score phi.* spans on the PhysioNet deid nursing notes (recall by PHI type)."""
    from socialrx.evaluation import physionet

    with guard():
        run_eval("physionet-deid", physionet.load(folder), as_json)


def run_eval(name: str, documents: Iterable["GoldDocument"], as_json: bool) -> None:
    from socialrx.evaluation import score
    from socialrx.pipeline import Pipeline

    report = score(name, documents, Pipeline())
    if as_json:
        write_lines([json.dumps(report.as_dict(), indent=2)])
        return
    out = console()
    for table in report_tables(report):
        out.print(table)


# ------------------------------------------------------------------------ docs and reports

_MD_INTRO = """\
Every post is checked by the detectors below. A detector finds things and says why (a
*finding*: a code, a span of the original text, a score); the policy then decides what each code
means (allow, review or block, per channel). The default actions shown here are those of the
built-in default policy (`socialrx/policies/default.toml`); a policy file can change them.

A detector registers itself with `@detector(name, codes=...)` and documents every code it
declares with `document_code(...)`; `tests/test_docs.py` fails when a code is undocumented or
when this file is out of date.
"""


def detectors_markdown() -> str:
    """The content of docs/detectors.md."""
    from socialrx import registry
    from socialrx.policy import default_policy

    entries = registry.entries()
    docs = registry.code_docs()
    policy = default_policy()
    out = [
        "# Detectors and finding codes\n",
        "<!-- Generated by `socialrx detectors --markdown > docs/detectors.md`; do not edit. -->\n",
        _MD_INTRO,
        "## Detectors\n",
        "| detector | kind | codes | what it finds |",
        "|---|---|---|---|",
    ]
    for e in entries:
        codes = ", ".join(f"`{c}`" for c in e.codes)
        out.append(f"| `{e.name}` | {e.kind} | {codes} | {_cell(one_line(e.doc))} |")
    out.append("\n## Finding codes\n")
    declared = {c for e in entries for c in e.codes}
    for code in sorted(declared | set(docs)):
        out.extend(_code_section(code, docs.get(code), entries, policy))
    return "\n".join(out).rstrip("\n") + "\n"


def _code_section(code: str, doc: Any, entries: list[Any], policy: Any) -> list[str]:
    by = ", ".join(f"`{e.name}`" for e in entries if e.declares(code)) or "-"
    actions = " · ".join(
        f"{ch} {policy.action(code, ch)}" for ch in ("outbound", "reply", "inbound")
    )
    lines = [f"### `{code}`\n"]
    if doc is None:
        return [*lines, "Not documented yet.\n"]
    lines += [
        f"{doc.summary}\n",
        f"- **Detected by:** {by}",
        f"- **Default action:** {actions}",
        f"- **Example:** {_quote(doc.example)}",
        f"- **Known false positives:** {' '.join(doc.false_positives.split())}",
    ]
    if doc.details:
        lines.append("\n" + " ".join(doc.details.split()))
    return [*lines, ""]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _quote(example: str) -> str:
    ticks = "``" if "`" in example else "`"
    return f"{ticks}{' '.join(example.split())}{ticks}"


def report_tables(report: Any) -> list[Any]:
    """Rich tables of an evaluation report: per code, overall, recall by source type."""
    from rich.table import Table

    title = f"{report.dataset}: {report.documents} documents"
    table = Table("code", "tp", "fp", "fn", "precision", "recall", "F1", title=title)
    rows = [*sorted(report.by_code.items()), ("typed (micro)", report.typed)]
    for name, c in [*rows, ("untyped", report.untyped)]:
        table.add_row(name, str(c.tp), str(c.fp), str(c.fn),
                      f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}")  # fmt: skip
    sources = Table("source type", "found", "missed", "recall", title="Recall by source type")
    for name, c in sorted(report.recall_by_source.items()):
        sources.add_row(name, str(c.tp), str(c.fn), f"{c.recall:.3f}")
    return [table, sources]


def main() -> None:
    """The console script: unexpected failures print their type only (set SOCIALRX_DEBUG=1
    for the traceback), since an exception message could hold post text."""
    try:
        app(prog_name="socialrx")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("SOCIALRX_DEBUG"):
            raise
        sys.stderr.write(
            f"socialrx: internal error ({type(exc).__name__}); set SOCIALRX_DEBUG=1 for details\n"
        )
        sys.exit(3)
