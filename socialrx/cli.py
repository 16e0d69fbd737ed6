"""The ``socialrx`` command: analyze, redact, detectors, demo, eval.

The commands only wire things together: ``socialrx.lines`` reads input lines and analyses them
(every input line yields exactly one output line, in order), ``socialrx.display`` renders for
people, ``socialrx.catalogue`` lists detectors and codes. Post text never reaches an error
message. Start-up matters (a one-line analysis must finish well within a second), so everything
beyond Typer is imported inside the command that needs it: JSON-lines output never imports Rich
and only ``eval`` imports the evaluation package.
"""

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO

import typer

if TYPE_CHECKING:
    from rich.console import RenderableType

    from socialrx.evaluation import GoldDocument, Report
    from socialrx.lines import Outcome
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
JsonArg = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]


class Failure(Exception):
    """A clear, user-facing error: printed on one line to stderr, exit status 2."""


@contextmanager
def guard() -> Iterator[None]:
    """Our own errors → one line on stderr, exit status 2, no traceback, never post text."""
    from socialrx.errors import SocialrxError

    try:
        yield
    except (SocialrxError, Failure) as exc:
        sys.stderr.write(f"socialrx: error: {exc}\n")
        raise typer.Exit(2) from None


# ----------------------------------------------------------------------------- input lines


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
    emit: Callable[[list["Outcome"]], None],
) -> int:
    """Read, analyse and emit every line of ``name``; returns the number of error records.
    A progress bar appears on stderr for long inputs when stderr (only) is a terminal."""
    from socialrx import lines

    default_channel = channel.value if channel is not None else "outbound"
    with open_input(name) as (stream, size):
        if not sys.stderr.isatty() or sys.stdout.isatty():
            return lines.process(stream, default_channel, pipe, emit)
        from socialrx.display import progress

        with progress(size) as advance:
            return lines.process(stream, default_channel, pipe, emit, advance)


def write_lines(lines: Iterable[str]) -> None:
    data = "".join(line + "\n" for line in lines)
    sys.stdout.buffer.write(data.encode("utf-8", "backslashreplace"))
    sys.stdout.buffer.flush()


def dumps(obj: dict[str, object]) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False)


# -------------------------------------------------------------------------------- commands


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
    with guard():
        pipe = build_pipeline(policy)
        if fmt is FormatOpt.jsonl:
            errors = process(file, channel, pipe, emit_records)
        else:
            errors = analyze_for_people(file, channel, pipe)
    if errors:
        raise typer.Exit(1)


def emit_records(outcomes: list["Outcome"]) -> None:
    """JSON lines: one contract record (or error record) per outcome."""
    write_lines(dumps(o.record()) for o in outcomes)


def analyze_for_people(file: str, channel: ChannelOpt | None, pipe: "Pipeline") -> int:
    """``--format table``: each item with its flagged spans, then a summary line."""
    from socialrx.display import console, outcome_text, summary

    out = console()
    counts: dict[str, int] = {}

    def emit(outcomes: list["Outcome"]) -> None:
        for o in outcomes:
            key = o.analysis.decision.action if o.analysis else "error"
            counts[key] = counts.get(key, 0) + 1
            out.print(outcome_text(o))

    errors = process(file, channel, pipe, emit)
    out.print(summary(counts))
    return errors


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
        threshold = pipe.policy.threshold

        def emit(outcomes: list["Outcome"]) -> None:
            lines = []
            for o in outcomes:
                if o.analysis is None:
                    lines.append(dumps(o.record()))
                    continue
                text = o.analysis.document.text
                counted = [f for f in o.analysis.findings if f.score >= threshold(f.code)]
                red = redact_text(text, counted, codes=wanted, style=style.value)
                lines.append(dumps({"id": o.item.id, "text": red}) if o.item.is_json else red)
            write_lines(lines)

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
    from socialrx import catalogue

    if markdown:
        sys.stdout.write(catalogue.markdown())
        return
    from socialrx.display import console

    out = console()
    for table in catalogue.tables():
        out.print(table)


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

    from socialrx.display import console, outcome_text, summary
    from socialrx.lines import Item, Outcome
    from socialrx.pipeline import Pipeline, make_document

    out = console()
    out.print(Text("socialrx demo: synthetic posts, default policy\n", style="bold"))
    counts: dict[str, int] = {}
    docs = [make_document(text, channel, id) for id, channel, text in DEMO_POSTS]
    for document, analysis in zip(docs, Pipeline().analyze_many(docs), strict=True):
        counts[analysis.decision.action] = counts.get(analysis.decision.action, 0) + 1
        out.print(outcome_text(Outcome(Item(str(document.id), document), analysis, None)))
    out.print(summary(counts))


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
