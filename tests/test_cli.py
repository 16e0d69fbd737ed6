"""The real ``socialrx`` console script, run as a subprocess; synthetic text only.

Detectors are still evolving, so these tests assert the CLI's behaviour (one output line per
input line, ids, order, error records, exit statuses) and only robust findings (an e-mail
address is ``phi.email``).
"""

from __future__ import annotations

import ast
import csv
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import socialrx
from socialrx.errors import InputError
from socialrx.model import CHANNELS
from socialrx.pipeline import MAX_CHARS

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("socialrx")
DATA = ROOT.parent / "shared" / "data"
SECRET = "Zebulon Quixote"  # a synthetic name that must never be echoed by an error
EMAIL = "jo.doe@example.com"
APP_MODULES = (
    "cli",
    "cli_base",
    "cli_report",
    "cli_quality",
    "cli_store",
    "cli_serve",
    "cli_channels",
    "cli_peers",
    "cli_batch",
    "cli_signals",
    "__main__",
    "lines",
    "display",
    "catalogue",
)  # the CLI and its helpers
RECORD_KEYS = {"id", "channel", "decision", "policy", "findings", "labels", "sentiment",
               "sentiment_score", "escalation"}  # fmt: skip


def run(
    *args: str, stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The real console script (``python -m socialrx`` when the script is not installed)."""
    cmd = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "socialrx"]
    base = {k: v for k, v in os.environ.items() if k not in ("SOCIALRX_DEBUG", "FORCE_COLOR")}
    return subprocess.run(
        [*cmd, *args],
        check=False,
        input=stdin,
        capture_output=True,
        timeout=300,
        env={**base, "COLUMNS": "200", **(env or {})},
    )


def records(proc: subprocess.CompletedProcess[bytes]) -> list[dict[str, Any]]:
    lines = proc.stdout.decode("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def jline(**fields: Any) -> bytes:
    return json.dumps(fields).encode()


# ------------------------------------------------------------------ analyze: one input, many lines

# (case, input line, expected id or None for "the line number", error expected)
LINES: list[tuple[str, bytes, str | None, bool]] = [
    ("plain text", b"Free flu shots this Saturday at the Main Street clinic.", None, False),
    ("plain text with e-mail", f"Questions? Write to {EMAIL} today.".encode(), None, False),
    ("json with id", jline(id="p1", text="Welcome to our new cafeteria!"), "p1", False),
    ("json without id", jline(text="Blood drive on Friday."), None, False),
    (
        "json channel",
        jline(id="r1", text="Thanks for the kind words!", channel="reply"),
        "r1",
        False,
    ),
    ("json null channel", jline(id="n0", text="Open house today.", channel=None), "n0", False),
    ("json array is plain text", b'["not", "an", "object"]', None, False),
    ("json string is plain text", b'"quoted words"', None, False),
    ("crlf line ending", f"Mail {EMAIL}\r".encode(), None, False),
    ("unicode text", "Café ☕ open at 7 — ¡bienvenidos! 你好".encode(), None, False),
    ("invalid json", b'{"id": "bad1", "text": "' + SECRET.encode() + b" unterminated", None, True),
    ("missing text", jline(id="m1", note=SECRET), "m1", True),
    ("non-string text", jline(id="t1", text=[SECRET]), "t1", True),
    ("non-string id", jline(id=7, text=SECRET), None, True),
    ("unknown channel", jline(id="c1", text=SECRET, channel="fax"), "c1", True),
    ("text in the channel field", jline(id="c2", text="Hi", channel=SECRET), "c2", True),
    ("empty channel is not absent", jline(id="c3", text="Hi", channel=""), "c3", True),
    ("non-string channel", jline(id="c4", text="Hi", channel=0), "c4", True),
    ("null id is absent", jline(id=None, text="Mobile mammography van on Tuesday."), None, False),
    ("empty line", b"", None, True),
    ("blank line", b"   \t ", None, True),
    ("empty json text", jline(id="e1", text="  "), "e1", True),
    ("nul in plain text", SECRET.encode() + b"\x00 more", None, True),
    ("nul in json text", jline(id="z1", text=SECRET + "\x00"), "z1", True),
    ("non-utf-8 bytes", SECRET.encode() + b" \xff\xfe caf\xe9", None, True),
    ("lone surrogate", b'{"id": "s1", "text": "' + SECRET.encode() + b' \\ud800"}', "s1", True),
    ("over size limit", SECRET.encode() + b" " + b"a" * MAX_CHARS, None, True),
    ("json over size limit", jline(id="big", text=SECRET + " " + "b" * MAX_CHARS), "big", True),
    ("line over byte limit", SECRET.encode() + b"c" * (7 * MAX_CHARS), None, True),
    ("after the errors", b"Our pharmacy hours change next week.", None, False),
]
INPUT = b"\n".join(line for _, line, _, _ in LINES) + b"\n"


def expected_id(index: int) -> str:
    given_id = LINES[index][2]
    return given_id if given_id is not None else str(index + 1)


@pytest.fixture(scope="module")
def analysed() -> tuple[subprocess.CompletedProcess[bytes], list[dict[str, Any]]]:
    proc = run("analyze", "-", stdin=INPUT)
    return proc, records(proc)


def test_one_record_per_line_in_order_and_exit_1(analysed: Any) -> None:
    proc, recs = analysed
    assert proc.returncode == 1, proc.stderr
    assert len(recs) == len(LINES)
    assert [r["id"] for r in recs] == [expected_id(i) for i in range(len(LINES))]


def test_ids_are_strings_and_come_first(analysed: Any) -> None:
    """The contract's ``id`` is a string; absent, it is the line number (as a string)."""
    _, recs = analysed
    assert all(isinstance(r["id"], str) and next(iter(r)) == "id" for r in recs)


@pytest.mark.parametrize("index", range(len(LINES)), ids=[case for case, *_ in LINES])
def test_each_line(analysed: Any, index: int) -> None:
    _, recs = analysed
    rec = recs[index]
    if LINES[index][3]:
        assert set(rec) == {"id", "error"}
        assert isinstance(rec["error"], str) and rec["error"]
        assert "Zebulon" not in rec["error"]
    else:
        assert set(rec) == RECORD_KEYS
        assert rec["decision"] in ("allow", "review", "block")
        assert rec["policy"] == "default@1"


def test_errors_never_echo_text(analysed: Any) -> None:
    proc, _ = analysed
    for stream in (proc.stdout, proc.stderr):
        text = stream.decode("utf-8", "replace")
        assert "Zebulon" not in text


def test_default_channel_and_json_channel(analysed: Any) -> None:
    _, recs = analysed
    assert recs[0]["channel"] == "outbound"
    assert recs[4]["channel"] == "reply"
    assert recs[5]["channel"] == "outbound"


def test_email_found_at_original_offsets(analysed: Any) -> None:
    _, recs = analysed
    for index in (1, 8):  # plain line, and a CRLF line whose '\r' is not part of the text
        text = LINES[index][1].decode().removesuffix("\r")
        emails = [f for f in recs[index]["findings"] if f["code"] == "phi.email"]
        assert [f["text"] for f in emails] == [EMAIL]
        assert text[emails[0]["start"] : emails[0]["end"]] == EMAIL


def test_channel_option_is_the_default_for_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"Thanks for visiting!\n" + jline(text="Hi", channel="outbound") + b"\n")
    proc = run("analyze", str(path), "--channel", "reply")
    assert proc.returncode == 0, proc.stderr
    assert [r["channel"] for r in records(proc)] == ["reply", "outbound"]


def test_file_argument_and_stdin_agree(tmp_path: Path) -> None:
    data = f"Contact {EMAIL}\nNew parking lot opens Monday.\nlast line without newline".encode()
    path = tmp_path / "posts.txt"
    path.write_bytes(data)
    from_file, from_stdin = run("analyze", str(path)), run("analyze", stdin=data)
    assert from_file.returncode == from_stdin.returncode == 0
    assert records(from_file) == records(from_stdin)
    assert len(records(from_file)) == 3


def test_byte_order_mark_on_the_first_line_is_not_text() -> None:
    proc = run("analyze", stdin=b"\xef\xbb\xbf" + jline(id="b1", text=f"Mail {EMAIL}") + b"\n")
    assert proc.returncode == 0, proc.stderr
    assert records(proc)[0]["id"] == "b1"


def test_output_streams_before_the_input_ends() -> None:
    cmd = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "socialrx"]
    proc = subprocess.Popen(
        [*cmd, "analyze"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    stdin, stdout = proc.stdin, proc.stdout
    assert stdin is not None and stdout is not None
    try:
        stdin.write(b"Free flu shots on Saturday.\n")
        stdin.flush()
        got: list[bytes] = []
        reader = threading.Thread(target=lambda: got.append(stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout=60)
        assert got and json.loads(got[0])["id"] == "1"  # answered while stdin is still open
    finally:
        stdin.close()
        proc.wait(timeout=60)
    assert proc.returncode == 0


def test_table_format_for_people() -> None:
    data = f"Contact {EMAIL}\n\n".encode()
    proc = run("analyze", "--format", "table", stdin=data)
    assert proc.returncode == 1
    out = proc.stdout.decode()
    assert "phi.email" in out and "e-mail" in out and "error" in out


def test_table_format_highlights_the_flagged_span() -> None:
    data = f"Contact {EMAIL} now\n".encode()
    proc = run("analyze", "--format", "table", stdin=data, env={"FORCE_COLOR": "1"})
    styled = proc.stdout.decode().split("Contact ", 1)[1]
    assert styled.startswith("\x1b[") and EMAIL in styled.split("now", 1)[0]


def test_table_format_neutralises_terminal_control_characters() -> None:
    proc = run("analyze", "--format", "table", stdin=b"Hello \x1b]0;title\x07 world\n")
    assert proc.returncode == 0
    assert b"\x1b" not in proc.stdout and b"\x07" not in proc.stdout


@pytest.mark.parametrize(
    ("case", "policy", "message"),
    [
        ("invalid toml", "name = [", "not valid TOML"),
        ("missing name", 'version = 1\n[actions]\n"phi.email" = "block"\n', "'name'"),
        ("bad action", 'name = "p"\nversion = 1\n[actions]\n"phi.email" = "nuke"\n', "action"),
        ("unknown detector", 'name = "p"\nversion = 1\n[run]\ndetectors = ["nope"]\n', "nope"),
        ("missing file", None, "cannot read policy"),
    ],
)
def test_bad_policy_exits_2_with_one_clear_line(
    tmp_path: Path, case: str, policy: str | None, message: str
) -> None:
    path = tmp_path / "policy.toml"
    if policy is not None:
        path.write_text(policy)
    proc = run("analyze", "--policy", str(path), stdin=f"{SECRET} {EMAIL}\n".encode())
    err = proc.stderr.decode()
    assert proc.returncode == 2, case
    assert message in err and "Traceback" not in err and "Zebulon" not in err
    assert len(err.strip().splitlines()) == 1
    assert proc.stdout == b""


def test_custom_policy_decides(tmp_path: Path) -> None:
    path = tmp_path / "strict.toml"
    path.write_text('name = "strict"\nversion = 2\n[actions]\n"phi.email" = "block"\n')
    proc = run("analyze", "--policy", str(path), stdin=f"Mail {EMAIL}\n".encode())
    assert proc.returncode == 0, proc.stderr
    (rec,) = records(proc)
    assert (rec["decision"], rec["policy"]) == ("block", "strict@2")


def test_missing_input_file_exits_2(tmp_path: Path) -> None:
    proc = run("analyze", str(tmp_path / "nope.txt"))
    assert proc.returncode == 2 and b"cannot read input file" in proc.stderr


def test_usage_error_exits_2() -> None:
    assert run("analyze", "--channel", "fax", stdin=b"hi\n").returncode == 2
    assert run("analyze", "--format", "xml", stdin=b"hi\n").returncode == 2


def run_on_a_terminal(*args: str, stdin: bytes, terminal: str = "stdout") -> tuple[int, str, bytes]:
    """The console script with ``terminal`` (stdout or stderr) on a pseudo-terminal; returns
    (status, what the terminal showed, the other stream)."""
    pty = pytest.importorskip("pty")
    cmd = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "socialrx"]
    primary, secondary = pty.openpty()
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, terminal: secondary}
    env = {**os.environ, "COLUMNS": "200", "TERM": "xterm", "NO_COLOR": "1"}
    proc = subprocess.Popen([*cmd, *args], stdin=subprocess.PIPE, env=env, **streams)
    os.close(secondary)
    chunks: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(primary, chunks), daemon=True)
    reader.start()
    out, err = proc.communicate(stdin, timeout=120)
    reader.join(timeout=60)
    os.close(primary)
    shown = b"".join(chunks).decode("utf-8", "replace")
    return proc.returncode, shown, err if terminal == "stdout" else out


def _drain(fd: int, chunks: list[bytes]) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            return
        if not chunk:
            return
        chunks.append(chunk)


def test_format_defaults_to_table_on_a_terminal() -> None:
    status, shown, _ = run_on_a_terminal("analyze", stdin=f"Contact {EMAIL}\n".encode())
    assert status == 0
    assert "phi.email" in shown and "1 item(s)" in shown
    assert '"decision"' not in shown  # not JSON lines


def test_format_jsonl_can_be_chosen_on_a_terminal() -> None:
    status, shown, _ = run_on_a_terminal("analyze", "--format", "jsonl", stdin=b"Hello\n\n")
    assert status == 1
    recs = [json.loads(line) for line in shown.splitlines() if line.strip()]
    assert [set(r) for r in recs] == [RECORD_KEYS, {"id", "error"}]


def test_progress_bar_on_a_stderr_terminal_for_long_inputs() -> None:
    lines = 2100  # a bar appears after 2,000 lines
    status, shown, out = run_on_a_terminal(
        "analyze", stdin=b"Free flu shots on Saturday.\n" * lines, terminal="stderr"
    )
    assert status == 0
    assert "analysing" in shown
    assert len(out.splitlines()) == lines  # stdout: JSON lines only


def modules_loaded(*args: str, stdin: bytes = b"Hello\n") -> set[str]:
    """The modules a command imports (run in a subprocess that reports ``sys.modules``)."""
    code = (
        "import sys\nfrom socialrx.cli import main\nsys.argv = ['socialrx', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, *args], input=stdin,
                          capture_output=True, check=False, timeout=120)  # fmt: skip
    return set(proc.stderr.decode().rsplit("MODULES ", 1)[1].split())


def test_json_lines_import_neither_rich_nor_the_evaluation() -> None:
    """Start-up: what JSON-lines analysis does not need, it does not import (no timed test)."""
    loaded = modules_loaded("analyze")
    assert "socialrx.lines" in loaded
    heavy = ("rich.", "socialrx.evaluation", "socialrx.display", "socialrx.catalogue",
             "socialrx.training", "sklearn", "numpy")  # fmt: skip
    assert not {m for m in loaded if m == "rich" or m.startswith(heavy)}


@pytest.mark.parametrize(
    "name", ["lines", "display", "catalogue", "cli", "cli_base", "cli_quality"]
)
def test_core_edges_and_detectors_never_import_the_cli_modules(name: str) -> None:
    package = ROOT / "socialrx"
    paths = [p for p in package.glob("*.py") if p.stem not in APP_MODULES]
    paths += [*(package / "detectors").glob("*.py"), *(package / "evaluation").glob("*.py")]
    paths += [*(package / "classifiers").glob("*.py")]
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert f"socialrx.{name}" not in imported, f"{path.name} imports socialrx.{name}"


# ------------------------------------------------------------------------------------ redact

REDACT_IN = (
    f"Write to {EMAIL} now\n".encode()
    + jline(id="j1", text=f"or {EMAIL}", channel="reply")
    + b"\n\n"
    + jline(id="j2", text="nothing to hide")
    + b"\n"
)


@pytest.mark.parametrize(
    ("args", "first", "second"),
    [
        ((), "Write to [EMAIL] now", "or [EMAIL]"),
        (("--codes", "phi.email"), "Write to [EMAIL] now", "or [EMAIL]"),
        (("--codes", "phi.email", "--style", "mask"), f"Write to {'█' * len(EMAIL)} now",
         f"or {'█' * len(EMAIL)}"),
        (("--codes", "phi.name"), f"Write to {EMAIL} now", f"or {EMAIL}"),
    ],
)  # fmt: skip
def test_redact(args: tuple[str, ...], first: str, second: str) -> None:
    proc = run("redact", *args, stdin=REDACT_IN)
    assert proc.returncode == 1  # the empty third line
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 4
    assert lines[0] == first
    assert json.loads(lines[1]) == {"id": "j1", "text": second}
    assert set(json.loads(lines[2])) == {"id", "error"} and json.loads(lines[2])["id"] == "3"
    assert json.loads(lines[3]) == {"id": "j2", "text": "nothing to hide"}


def test_redact_unknown_code_exits_2() -> None:
    proc = run("redact", "--codes", "phi.nope", stdin=b"hello\n")
    assert proc.returncode == 2 and b"phi.nope" in proc.stderr


# ------------------------------------------------------------------- detectors, demo, help


def test_help_lists_every_command() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    for name in ("analyze", "redact", "detectors", "demo", "eval", "train"):
        assert name in proc.stdout.decode()


def test_detectors_lists_registered_detectors_and_codes() -> None:
    from socialrx import registry

    proc = run("detectors")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    for entry in registry.entries():
        assert entry.name in out
    assert "phi.email" in out
    markdown = run("detectors", "--markdown").stdout.decode()
    assert markdown.startswith("# ") and "### `phi.email`" in markdown


def test_demo_samples_run_without_a_terminal() -> None:
    """``demo --no-seed``: the sample posts analysed, no database (tests/test_demo.py seeds)."""
    from socialrx.demo_data import SAMPLES

    proc = run("demo", "--no-seed")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    for post_id, _, _ in SAMPLES:
        assert post_id in out
    assert "phi.email" in out and f"{len(SAMPLES)} item(s)" in out
    assert "labels: crisis" in out and "CRISIS: escalate" in out and "988" in out
    assert "adverse_event" in out and "complaint" in out


# -------------------------------------------------------------------------------------- eval


def write_presidio(folder: Path) -> Path:
    texts = [f"Please email {EMAIL} about the visit.", "Nothing to see here.", f"cc: {EMAIL}"]
    recs = []
    for text in texts:
        start = text.find(EMAIL)
        spans = [] if start < 0 else [{"entity_type": "EMAIL_ADDRESS", "entity_value": EMAIL,
                                       "start_position": start, "end_position": start + len(EMAIL)}]  # fmt: skip
        recs.append({"full_text": text, "spans": spans})
    path = folder / "synth_dataset_v2.json"
    path.write_text(json.dumps(recs))
    return path


def write_physionet(folder: Path) -> Path:
    notes = ["PT SEEN ON 3/14. CALL WIFE AT 555-201-7788.", "STABLE OVERNIGHT. NO CHANGES."]
    text = "".join(
        f"START_OF_RECORD=1||||{n}||||\n{note}\n||||END_OF_RECORD\n"
        for n, note in enumerate(notes, 1)
    )
    (folder / "id.text").write_text(text)
    start = notes[0].find("555")
    date = notes[0].find("3/14")
    (folder / "id-phi.phrase").write_text(
        f"1 1 {date} {date + 4} Date 3/14\n1 1 {start} {start + 12} Phone 555-201-7788\n"
    )
    return folder


def test_eval_presidio_on_a_tiny_dataset(tmp_path: Path) -> None:
    path = write_presidio(tmp_path)
    proc = run("eval", "presidio", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["documents"] == 3
    assert report["by_code"]["phi.email"]["tp"] == 2
    assert report["recall_by_source"]["EMAIL_ADDRESS"]["found"] == 2
    table = run("eval", "presidio", str(tmp_path))  # the folder works too
    assert table.returncode == 0 and "phi.email" in table.stdout.decode()


def test_eval_physionet_on_a_tiny_dataset(tmp_path: Path) -> None:
    folder = write_physionet(tmp_path)
    proc = run("eval", "physionet", str(folder), "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["documents"] == 2
    assert set(report["recall_by_source"]) == {"Date", "Phone"}
    assert {"typed", "untyped", "by_code"} <= set(report)
    assert run("eval", "physionet", str(folder)).returncode == 0


# Two synthetic notes: the phone number is marked word by word (as the corpus marks names), the
# date is found, the "Location" is not, the e-mail address (not marked) is a stray prediction,
# and an HCPName (PHI, but not patient-identifying) is neither required nor counted.
OVERLAP_NOTES = [
    ("PT SEEN ON 3/14. CALL WIFE AT 555-201-7788.",
     [("3/14", "Date"), ("555-201", "Phone"), ("7788", "Phone")]),
    ("STABLE OVERNIGHT. NO CHANGES. EMAIL JO.DOE@EXAMPLE.COM FOR LABS.",
     [("OVERNIGHT", "Location")]),
]  # fmt: skip


def write_overlap_physionet(folder: Path) -> Path:
    records, phrases = [], []
    for n, (note, spans) in enumerate(OVERLAP_NOTES, 1):
        records.append(f"START_OF_RECORD=1||||{n}||||\n{note}\n||||END_OF_RECORD\n")
        for words, kind in spans:
            start = note.find(words)
            phrases.append(f"1 {n} {start} {start + len(words)} {kind} {words}\n")
    (folder / "id.text").write_text("".join(records))
    (folder / "id-phi.phrase").write_text("".join(phrases))
    return folder


def test_eval_physionet_reports_the_overlap_quality_gate(tmp_path: Path) -> None:
    folder = write_overlap_physionet(tmp_path)
    proc = run("eval", "physionet", str(folder), "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["overlap"] == {"recall": 0.75, "precision": 0.6667, "gold_found": 3,
                                 "gold_missed": 1, "predicted_correct": 2,
                                 "predicted_stray": 1}  # fmt: skip
    assert report["overlap_recall_by_source"]["Phone"] == {"found": 2, "missed": 0, "recall": 1.0}
    assert (report["untyped"]["tp"], report["untyped"]["fn"]) == (2, 2)  # one-to-one
    table = run("eval", "physionet", str(folder))
    assert table.returncode == 0, table.stderr
    out = table.stdout.decode()
    rows = {cells[0]: cells[1:] for cells in table_rows(out)}
    assert rows["any overlap (gate)"] == ["3", "1", "0.750", "2", "1", "0.667"]
    assert rows["one-to-one, untyped"] == ["2", "2", "0.500", "2", "1", "0.667"]
    assert rows["Phone"] == ["2", "0", "1.000", "0.500"]  # overlap and one-to-one recall
    assert rows["Location"] == ["0", "1", "0.000", "0.000"]
    assert "quality gate: FAIL" in out and "target ≥ 0.85" in out


def table_rows(out: str) -> list[list[str]]:
    """The cells of every row of the Rich tables in ``out``."""
    return [[c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines()
            if line.startswith("│")]  # fmt: skip


def test_eval_presidio_table_stays_typed_one_to_one(tmp_path: Path) -> None:
    proc = run("eval", "presidio", str(write_presidio(tmp_path)))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert "typed (micro)" in out and "phi.email" in out and "untyped" in out
    assert "gate" not in out and "stray" not in out  # no overlap scoring here


@pytest.mark.parametrize(
    ("kind", "content"),
    [("presidio", None), ("presidio", "{not json"), ("presidio", '{"a": 1}'),
     ("physionet", None)],
)  # fmt: skip
def test_eval_bad_dataset_exits_2(tmp_path: Path, kind: str, content: str | None) -> None:
    path = tmp_path / "data.json"
    if content is not None:
        path.write_text(content)
    proc = run("eval", kind, str(path))
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert err.startswith("socialrx: error:") and "Traceback" not in err


def physionet_subset(folder: Path, tmp_path: Path, notes: int = 300) -> Path:
    """The first ``notes`` notes of the real corpus (all of it takes too long for the suite)."""
    text = (folder / "id.text").read_text(encoding="utf-8")
    marker = "||||END_OF_RECORD"
    cut = 0
    for _ in range(notes):
        found = text.find(marker, cut)
        if found < 0:
            break
        cut = found + len(marker)
    (tmp_path / "id.text").write_text(text[:cut] + "\n", encoding="utf-8")
    (tmp_path / "id-phi.phrase").write_bytes((folder / "id-phi.phrase").read_bytes())
    return tmp_path


@pytest.mark.parametrize(
    ("kind", "folder"),
    [("presidio", "presidio-synth-v2"), ("physionet", "physionet-deid-nursing-notes")],
)
def test_eval_on_the_real_datasets(kind: str, folder: str, tmp_path: Path) -> None:
    path = DATA / folder
    if not path.is_dir():
        pytest.skip(f"dataset {path} is not present")
    if kind == "physionet":
        path = physionet_subset(path, tmp_path)
    proc = run("eval", kind, str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["documents"] > 0 and report["untyped"]["tp"] > 0


def test_eval_triage_on_a_tiny_dataset(tmp_path: Path) -> None:
    folder = tmp_path / "complaints-social-media"
    folder.mkdir()
    rows = [("1", "@ShopCo my order is still not here after 3 weeks and nobody answers!!", "1",
             "retail"), ("2", "lovely sunny morning at the park with the dog", "0", "random_tweet")]  # fmt: skip
    with (folder / "complaints-data.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    proc = run("eval", "triage", str(tmp_path), "--json")
    report = json.loads(proc.stdout)
    assert [f["dataset"] for f in report["figures"]] == ["complaints-social-media"]
    assert "tweeteval" in report["missing"] and "psytar" in report["missing"]
    figure = report["figures"][0]
    assert set(figure) == {"dataset", "metric", "value", "target", "passed", "detail"}
    assert proc.returncode == (0 if figure["passed"] else 1), proc.stderr
    assert "still not here" not in proc.stdout.decode()  # figures never carry post text
    table = run("eval", "triage", str(tmp_path)).stdout.decode()
    assert "complaints-social-media" in table and "not found (skipped)" in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eval", "triage", "{tmp}/nowhere"], "is not a folder"),
        (["eval", "triage", "{tmp}"], "no triage dataset found"),
        (["train", "nosuchmodel", "--data", "{tmp}"], "unknown models ['nosuchmodel']"),
        (["train", "--data", "{tmp}/nowhere"], "is not a folder"),
    ],
)
def test_triage_commands_say_what_is_wrong(args: list[str], message: str, tmp_path: Path) -> None:
    proc = run(*(a.format(tmp=tmp_path) for a in args))
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert err.startswith("socialrx: error:") and message in err and "Traceback" not in err


# ----------------------------------------------------------------------------- properties

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e"
HOMOGLYPHS = "аеорсхуіјѕАВЕКМНОРСТХΑΒΕΗΙΚΜΝΟΡΤΧο"
PIECES = ["patient", "our patient ", "Maria Gonzalez", "J0hn Sm1th", "p a t i e n t", EMAIL,
          "555-201-7788", "219-45-6789", "Room 4B", "03/14/2021", "age 92", "Dr. ", "@jdoe",
          "www.example.org/a", "10.0.0.1", "Mrs. Patterson", " ", "\n", "\r\n", "ﬁ", "Ｍａｒｉａ",
          "𝐌𝐚𝐫𝐢𝐚", "e\u0301", "100% cure", "\t", "{", "\U0001f389"]  # fmt: skip
TEXTS = st.one_of(
    st.text(),
    st.lists(
        st.one_of(
            st.sampled_from(PIECES),
            st.text(alphabet=ZERO_WIDTH + HOMOGLYPHS + "aeiou0134@$!| .-_*", max_size=6),
            st.text(max_size=4),
        ),
        max_size=40,
    ).map("".join),
)


@given(text=TEXTS, channel=st.sampled_from(CHANNELS))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_analyze_never_crashes_and_offsets_point_into_the_input(text: str, channel: Any) -> None:
    try:
        analysis = socialrx.analyze(text, channel=channel)
    except InputError:
        assert not text.strip() or "\x00" in text
        return
    rec = analysis.to_record()
    assert len(rec["findings"]) == len(analysis.findings)
    for finding in rec["findings"]:
        if finding["start"] is None:
            assert finding["end"] is None and finding["text"] is None
            continue
        assert 0 <= finding["start"] <= finding["end"] <= len(text)
        assert finding["text"] == text[finding["start"] : finding["end"]]


LINE = st.one_of(
    TEXTS.map(lambda t: t.replace("\n", " ").encode("utf-8", "replace")),
    st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")),
    st.builds(lambda t: jline(text=t), TEXTS),
)


@given(lines=st.lists(LINE, min_size=1, max_size=60))
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_cli_one_line_out_per_line_in(lines: list[bytes]) -> None:
    proc = run("analyze", stdin=b"\n".join(lines) + b"\n")
    assert proc.returncode in (0, 1), proc.stderr
    recs = records(proc)
    assert len(recs) == len(lines)
    assert (proc.returncode == 1) == any("error" in r for r in recs)
    for number, (line, rec) in enumerate(zip(lines, recs, strict=True), 1):
        assert ("error" in rec) != ("decision" in rec)
        decoded = line.decode("utf-8", "replace")
        if not decoded.lstrip().startswith("{"):
            assert rec["id"] == str(number)
