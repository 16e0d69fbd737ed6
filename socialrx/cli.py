"""The ``socialrx`` command: analyze, redact, detectors, demo (``socialrx.demo``), eval; db,
users, tokens, audit (``socialrx.cli_store``).

The commands only wire things together: ``socialrx.lines`` reads input lines and analyses them
(every input line yields exactly one output line, in order), ``socialrx.display`` renders for
people, ``socialrx.catalogue`` lists detectors and codes. Post text never reaches an error
message. Start-up matters (a one-line analysis must finish well within a second), so everything
beyond Typer is imported inside the command that needs it: JSON-lines output never imports Rich
and only ``eval`` imports the evaluation package.
"""

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO

import typer

from socialrx.cli_base import (
    ChannelArg,
    ChannelOpt,
    Failure,
    FileArg,
    PolicyArg,
    dumps,
    guard,
    write_lines,
)
from socialrx.cli_batch import batch, stream
from socialrx.cli_channels import channels_app, worker
from socialrx.cli_peers import peers_app
from socialrx.cli_quality import eval_app, train
from socialrx.cli_report import report
from socialrx.cli_serve import serve
from socialrx.cli_signals import signals_app
from socialrx.cli_store import (
    audit_app,
    db_app,
    feedback_app,
    policy_app,
    tokens_app,
    users_app,
)

if TYPE_CHECKING:
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
app.add_typer(eval_app, name="eval")
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
app.add_typer(audit_app, name="audit")
app.add_typer(policy_app, name="policy")
app.add_typer(feedback_app, name="feedback")
app.add_typer(channels_app, name="channels")
app.add_typer(peers_app, name="peers")
app.add_typer(signals_app, name="signals")
app.command()(worker)
app.command()(train)
app.command()(serve)
app.command()(report)
app.command()(batch)
app.command()(stream)


class FormatOpt(StrEnum):
    jsonl = "jsonl"
    table = "table"


class StyleOpt(StrEnum):
    MASK = "mask"
    REPLACE = "replace"


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


@app.command()
def demo(
    no_seed: Annotated[
        bool,
        typer.Option("--no-seed", help="Only analyse the built-in sample posts (no database)."),
    ] = False,
) -> None:
    """Seed a demo organisation (synthetic users, posts, consents, inbound items) into the
    configured database and print how to log in; --no-seed analyses sample posts instead."""
    if no_seed:
        demo_samples()
        return
    from socialrx import demo as demo_org
    from socialrx.settings import load_settings

    with guard():
        write_lines(demo_org.login_help(demo_org.prepare(load_settings())))


def demo_samples() -> None:
    """``demo --no-seed``: the built-in sample posts and inbound items, analysed: flagged spans,
    decisions, triage labels."""
    from rich.text import Text

    from socialrx.demo_data import SAMPLES
    from socialrx.display import console, outcome_text, summary
    from socialrx.lines import Item, Outcome
    from socialrx.pipeline import Pipeline, make_document

    out = console()
    out.print(Text("socialrx demo: synthetic posts, default policy\n", style="bold"))
    counts: dict[str, int] = {}
    docs = [make_document(text, channel, id) for id, channel, text in SAMPLES]
    for document, analysis in zip(docs, Pipeline().analyze_many(docs), strict=True):
        counts[analysis.decision.action] = counts.get(analysis.decision.action, 0) + 1
        out.print(outcome_text(Outcome(Item(str(document.id), document), analysis, None)))
    out.print(summary(counts))


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
