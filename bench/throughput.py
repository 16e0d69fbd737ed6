"""socialrx benchmark (``make bench``): throughput, Presidio side by side, CLI start-up, peak RSS
and adversarial 1 MB inputs. Prints a table and rewrites docs/benchmarks.md.

    .venv/bin/python bench/throughput.py [--posts 20000] [--repeats 5] [--no-presidio] [--no-write]

Each measurement runs in a child process pinned to one core. Presidio runs in its own venv,
bench/.venv-presidio, which bench/presidio_setup.sh creates on first use. Not part of the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from socialrx.model import Channel

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from posts import make_inbound_posts, make_posts  # noqa: E402

BIN = Path(sys.executable).parent
SOCIALRX = BIN / "socialrx"
PRESIDIO_PY = HERE / ".venv-presidio" / "bin" / "python"
DOC = ROOT / "docs" / "benchmarks.md"
ADVERSARIAL_CHARS = 1_000_000
ADVERSARIAL_TIMEOUT = 20.0


# ------------------------------------------------------------------ workers (child processes)


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def worker_throughput(posts_file: str, repeats: int, channel: Channel) -> dict[str, Any]:
    import socialrx

    posts: list[str] = json.loads(Path(posts_file).read_text(encoding="utf-8"))
    pin_one_core()
    for _ in socialrx.analyze_many(posts[:200], channel):  # warm-up: patterns, lists, models
        pass
    rates: list[float] = []
    decisions: dict[str, int] = {}
    for _ in range(repeats):
        decisions = {}
        start = time.perf_counter()
        for analysis in socialrx.analyze_many(posts, channel):
            action = analysis.decision.action
            decisions[action] = decisions.get(action, 0) + 1
        rates.append(len(posts) / (time.perf_counter() - start))
    return {"rates": rates, "decisions": decisions}


def adversarial_text(kind: str) -> str:
    """1 MB texts built to trip backtracking regular expressions and the normaliser."""
    n = ADVERSARIAL_CHARS
    makers: dict[str, Callable[[], str]] = {
        "spaced letters": lambda: "p a t i e n t " * (n // 14),
        "dotted letters": lambda: "a.b.c.d.e." * (n // 10),
        "capitalised run": lambda: "Maria Gonzalez Mary Smith John " * (n // 31),
        "capitalised no spaces": lambda: "Aa" * (n // 2),
        "digit run": lambda: "1" * n,
        "digits and dashes": lambda: "555-12-" * (n // 7),
        "@ run": lambda: "@" * n,
        "e-mail-ish": lambda: "a@b." * (n // 4),
        "url-ish": lambda: "www." + "a." * (n // 2 - 4),
        "mixed homoglyphs": lambda: "раtiеnt Маriа Jоhn Ѕmith " * (n // 25),
        "zero-width": lambda: "p\u200ba\u200bt\u200bi\u200be\u200bn\u200bt " * (n // 14),
        "leetspeak": lambda: "p4t13nt J0hn Sm1th " * (n // 19),
        "one long word": lambda: "a" * n,
        "myth words": lambda: "the vaccine causes " * (n // 19),
        "patients named": lambda: "Maria, our patient in 12, fell and isn't moving. " * (n // 48),
        "side-effect reports": lambda: "the flu shot gave me a fever " * (n // 29),
        "whitespace": lambda: " " * (n - 1) + "x",
    }
    return makers[kind]()[:n]


ADVERSARIAL_KINDS = ("spaced letters", "dotted letters", "capitalised run", "capitalised no spaces",
                     "digit run", "digits and dashes", "@ run", "e-mail-ish", "url-ish",
                     "mixed homoglyphs", "zero-width", "leetspeak", "one long word", "whitespace",
                     "myth words", "patients named", "side-effect reports")  # fmt: skip


def worker_adversarial(kind: str) -> dict[str, Any]:
    """Time each stage (normalisation, then each detector and classifier) on its own, printing
    progress to stderr so that a run killed by the timeout names the stage it was stuck in; then
    time the whole analysis, outbound and inbound (where the classifiers run too)."""
    from socialrx.pipeline import Pipeline, make_document

    text = adversarial_text(kind)
    pipe = Pipeline()
    pipe.analyze_text("warm up the detectors: our patient Maria at a@b.example.com")
    pipe.analyze_text("warm up the classifiers: this med gave me hives", "inbound")
    stages = stage_times(pipe, make_document(text, "inbound"), progress=True)
    result: dict[str, Any] = {"stages": stages}
    for channel in ("outbound", "inbound"):
        start = time.perf_counter()
        analysis = pipe.analyze(make_document(text, channel))
        result[channel] = time.perf_counter() - start
        result[f"{channel}_findings"] = len(analysis.findings)
    return result


def stage_times(pipe: Any, document: Any, progress: bool = False) -> dict[str, float]:
    """Seconds per stage on one document; caches shared by detectors (``document.memo``) are
    charged to the first detector that fills them."""
    times: dict[str, float] = {}
    stages: list[tuple[str, Callable[[], object]]] = [("normalise", lambda: document.norm)]
    detectors, classifiers = pipe._plans[document.channel]
    named = dict(pipe.detectors) | dict(pipe.classifiers)
    stages += [(name, partial(_findings, run, document)) for name, run in named.items()
               if run in detectors or run in classifiers]  # fmt: skip
    for name, work in stages:
        if progress:
            print(f"stage {name}", file=sys.stderr, flush=True)
        start = time.perf_counter()
        work()
        times[name] = time.perf_counter() - start
    return times


def _findings(run: Callable[[Any], Any], document: Any) -> list[Any]:
    return list(run(document))


def worker_breakdown(posts_file: str, channel: Channel) -> dict[str, Any]:
    """Seconds per stage summed over all posts (where the throughput goes)."""
    from socialrx.pipeline import Pipeline, make_document

    posts: list[str] = json.loads(Path(posts_file).read_text(encoding="utf-8"))
    pin_one_core()
    pipe = Pipeline()
    for text in posts[:200]:
        pipe.analyze_text(text, channel)
    total: dict[str, float] = {}
    for text in posts:
        for name, seconds in stage_times(pipe, make_document(text, channel)).items():
            total[name] = total.get(name, 0.0) + seconds
    return {"stages": total}


# ------------------------------------------------------------------------ the orchestrator


@dataclass
class Row:
    measure: str
    result: str
    target: str
    ok: bool | None  # None: no target


def child(args: list[str], timeout: float) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", *args],
        capture_output=True, text=True, timeout=timeout, check=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def presidio_rates(posts_file: str, repeats: int) -> dict[str, Any] | None:
    if not PRESIDIO_PY.exists():
        print("setting up bench/.venv-presidio (presidio_setup.sh) …", file=sys.stderr)
        setup = subprocess.run(["bash", str(HERE / "presidio_setup.sh")], check=False)
        if setup.returncode != 0:
            print("presidio setup failed; skipping the comparison", file=sys.stderr)
            return None
    proc = subprocess.run(
        [str(PRESIDIO_PY), str(HERE / "presidio_runner.py"), posts_file, str(repeats)],
        capture_output=True, text=True, check=True, timeout=3600,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def wall(cmd: list[str], stdin: bytes, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, input=stdin, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mb(cmd: list[str], stdin_path: Path) -> float:
    """Peak resident set size of one child process (Linux: ru_maxrss in KiB)."""
    with stdin_path.open("rb") as stdin:
        proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL)
        _, _, usage = os.wait4(proc.pid, 0)
        proc.returncode = 0
    return usage.ru_maxrss / 1024


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        model = next(
            line.split(":", 1)[1].strip() for line in out.splitlines() if "Model name" in line
        )
    except (OSError, subprocess.CalledProcessError, StopIteration):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}; load average {load:.1f} when the run started"
    )


def measure(options: argparse.Namespace) -> tuple[list[Row], dict[str, Any]]:
    posts = make_posts(options.posts)
    info: dict[str, Any] = {"machine": machine(), "posts": len(posts),
                            "mean_chars": round(statistics.mean(map(len, posts)))}  # fmt: skip
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        posts_json = Path(tmp) / "posts.json"
        posts_json.write_text(json.dumps(posts), encoding="utf-8")
        posts_txt = Path(tmp) / "posts.txt"
        posts_txt.write_text("\n".join(posts) + "\n", encoding="utf-8")
        rows += measure_throughput(options, posts_json, info)
        inbound_json = Path(tmp) / "inbound.json"
        inbound_json.write_text(json.dumps(make_inbound_posts(options.posts)), encoding="utf-8")
        rows += measure_inbound(options, inbound_json, info)
        rows += measure_process(options, posts_txt, info)
    rows += measure_adversarial(info)
    return rows, info


def measure_throughput(
    options: argparse.Namespace, posts_json: Path, info: dict[str, Any]
) -> list[Row]:
    ours = child(["throughput", str(posts_json), str(options.repeats), "outbound"], timeout=3600)
    rate = statistics.median(ours["rates"])
    info["decisions"] = ours["decisions"]
    info["stages"] = child(["breakdown", str(posts_json), "outbound"], timeout=3600)["stages"]
    rows = [Row(f"throughput, default policy, one core ({info['posts']:,} posts of "
                f"~{info['mean_chars']} chars, median of {options.repeats})",
                f"{rate:,.0f} posts/s", "≥ 10,000 posts/s", rate >= 10_000)]  # fmt: skip
    if options.no_presidio:
        return rows
    theirs = presidio_rates(str(posts_json), max(1, options.repeats // 2))
    if theirs is not None:
        p_rate = statistics.median(theirs["rates"])
        rows.append(Row(f"Presidio {theirs['version']} analyzer, pattern recognizers, "
                        "blank spaCy (same posts, one core)",
                        f"{p_rate:,.0f} posts/s", "", None))  # fmt: skip
        ratio = rate / p_rate
        rows.append(Row("socialrx ÷ Presidio", f"{ratio:.1f}×", "≥ 10×", ratio >= 10))
    return rows


def measure_inbound(
    options: argparse.Namespace, inbound_json: Path, info: dict[str, Any]
) -> list[Row]:
    """Inbound triage: every detector and every classifier on inbound items (issue #3)."""
    ours = child(["throughput", str(inbound_json), str(options.repeats), "inbound"], timeout=3600)
    rate = statistics.median(ours["rates"])
    stages = child(["breakdown", str(inbound_json), "inbound"], timeout=3600)["stages"]
    info["inbound_stages"] = stages
    mean = round(statistics.mean(map(len, json.loads(inbound_json.read_text("utf-8")))))
    return [Row(f"inbound triage, every classifier and inbound detector, one core ({options.posts:,} "
                f"items of ~{mean} chars, median of {options.repeats})",
                f"{rate:,.0f} posts/s", "≥ 2,000 posts/s", rate >= 2_000)]  # fmt: skip


def measure_process(
    options: argparse.Namespace, posts_txt: Path, info: dict[str, Any]
) -> list[Row]:
    """Start-up wall time and peak RSS of the console script."""
    rows = []
    one_line = b"Congrats to our patient Maria Gonzalez on her last chemo!\n"
    for label, args, stdin in (("socialrx --help", ["--help"], b""),
                               ("socialrx analyze, one line", ["analyze"], one_line)):  # fmt: skip
        seconds = wall([str(SOCIALRX), *args], stdin, options.startup_runs)
        rows.append(Row(f"start-up: {label} (median wall of {options.startup_runs})",
                        f"{seconds:.3f} s", "≤ 1 s", seconds <= 1.0))  # fmt: skip
    rss = peak_rss_mb([str(SOCIALRX), "analyze", "-"], posts_txt)
    rows.append(Row(f"peak RSS: socialrx analyze, {info['posts']:,} posts",
                    f"{rss:.0f} MB", "≤ 300 MB", rss <= 300))  # fmt: skip
    return rows


def measure_adversarial(info: dict[str, Any]) -> list[Row]:
    """Each 1 MB input in its own process; a slow one names its slowest (or stuck) stage."""
    rows = []
    slow: dict[str, str] = {}
    for kind in ADVERSARIAL_KINDS:
        try:
            result = child(["adversarial", kind], timeout=ADVERSARIAL_TIMEOUT)
            seconds = max(float(result["outbound"]), float(result["inbound"]))
            shown = f"{result['outbound']:.2f} s (inbound {result['inbound']:.2f} s)"
            worst = max(result["stages"].items(), key=lambda kv: kv[1])
            if seconds > 2.0:
                slow[kind] = f"{worst[0]} ({worst[1]:.1f} s)"
        except subprocess.TimeoutExpired as exc:
            seconds, shown = float("inf"), f"> {ADVERSARIAL_TIMEOUT:.0f} s (killed)"
            err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
            stuck = [ln.split(" ", 1)[1] for ln in err.splitlines() if ln.startswith("stage ")]
            slow[kind] = f"{stuck[-1] if stuck else '?'} (did not finish)"
        rows.append(Row(f"adversarial 1 MB: {kind}", shown, "≤ 2 s", seconds <= 2.0))
    info["slow"] = slow
    return rows


def table(rows: list[Row]) -> str:
    lines = ["| measure | result | target | |", "|---|---|---|---|"]
    for r in rows:
        mark = "" if r.ok is None else ("pass" if r.ok else "**FAIL**")
        lines.append(f"| {r.measure} | {r.result} | {r.target} | {mark} |")
    return "\n".join(lines)


def details(info: dict[str, Any]) -> str:
    """Where the time goes: per stage on the posts, and the slowest stage of each slow input."""
    lines = ["Time per stage on the outbound posts (normalisation, then each detector):", ""]
    lines += stage_table(info.get("stages", {}), info["posts"])
    if info.get("inbound_stages"):
        lines += ["", "Time per stage on the inbound items (detectors and classifiers):", ""]
        lines += stage_table(info["inbound_stages"], info["posts"])
    if info.get("slow"):
        lines += ["", "Slowest stage of each adversarial input over 2 s:", ""]
        lines += [f"- {kind}: {stage}" for kind, stage in info["slow"].items()]
    return "\n".join(lines)


def stage_table(stages: dict[str, float], posts: int) -> list[str]:
    total = sum(stages.values()) or 1.0
    lines = ["| stage | µs per post | share |", "|---|---|---|"]
    for name, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {name} | {seconds / max(1, posts) * 1e6:,.0f} | {seconds / total:.0%} |")
    return lines


_SECTION = re.compile(r"<!-- (?P<name>[a-z-]+):start -->.*?<!-- (?P=name):end -->", re.DOTALL)


def kept_sections() -> str:
    """Sections other benchmarks write into the same file (each between ``<!-- NAME:start -->``
    and ``<!-- NAME:end -->``: bench/service.py, compose.py, report.py, scale.py …), kept as
    they are, in their order, when this script rewrites its own part."""
    old = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    return "".join("\n" + m.group() + "\n" for m in _SECTION.finditer(old))


def write_doc(rows: list[Row], info: dict[str, Any], command: str) -> None:
    decisions = ", ".join(f"{k} {v:,}" for k, v in sorted(info.get("decisions", {}).items()))
    kept = kept_sections()
    DOC.write_text(
        f"""# Benchmarks

<!-- Written by bench/throughput.py (`make bench`); change the script, not the figures. -->

Command: `{command}` (what `make bench` runs). Not part of the test suite.

Machine: {info["machine"]}. Run: {datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}.

{table(rows)}

Decisions on the benchmark posts: {decisions or "n/a"}.

{details(info)}

## Method

- **Posts**: {info["posts"]:,} synthetic posts (mean {info["mean_chars"]} characters) generated
  deterministically from templates (`bench/posts.py`, fixed seed): clean posts (events, staff,
  tips, hiring, research, closures) and risky ones (patient disclosures, an obfuscated one,
  identifiers, a cure claim, review replies). No real people or data.
- **Throughput**: `socialrx.analyze_many` with the default policy in a child process pinned to
  one core, after a warm-up of 200 posts (start-up excluded); the median of several runs.
- **Inbound triage**: the same on as many synthetic inbound items (`make_inbound_posts`:
  praise, complaints, medical and administrative questions, misinformation, abuse, adverse
  events, crises and figurative talk) on the `inbound` channel: every classifier, the
  `crisis.cue`/`ade.*` detectors and the PHI detectors and phrase lists (the inbox masks PHI)
  run; the checks of the organisation's own words (disclosure, consent, advice, claims,
  solicitation, conduct) run on outbound posts and replies only.
- **Presidio**: presidio-analyzer in its own venv (`bench/.venv-presidio`, created by
  `bench/presidio_setup.sh`), `AnalyzerEngine` with every predefined English recognizer and a
  blank spaCy English pipeline as NLP engine (no model can be downloaded, so only the pattern
  recognizers find anything), on the same posts in the same run, pinned to one core.
- **Start-up**: wall time of the `.venv/bin/socialrx` console script, median of repeated runs.
- **Peak RSS**: `ru_maxrss` of `socialrx analyze` over all the posts.
- **Adversarial inputs**: 1,000,000-character texts (spaced and dotted letters, long runs of
  capitalised words, digits, `@`, e-mail- and URL-like runs, mixed homoglyphs, zero-width
  characters, leetspeak, one long word, whitespace, myth words, patients named, a repeated
  side-effect report), each analysed in its own process, as an
  outbound post and as an inbound item (every classifier too); the time of the analysis alone,
  and both must pass (a run over {ADVERSARIAL_TIMEOUT:.0f} s is killed and fails).
{kept}""",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--startup-runs", type=int, default=10)
    parser.add_argument("--no-presidio", action="store_true", help="skip the Presidio comparison")
    parser.add_argument("--no-write", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        kind, *rest = options.worker
        if kind == "throughput":
            result = worker_throughput(rest[0], int(rest[1]), cast("Channel", rest[2]))
        elif kind == "breakdown":
            result = worker_breakdown(rest[0], cast("Channel", rest[1]))
        else:
            result = worker_adversarial(rest[0])
        json.dump(result, sys.stdout)
        return
    rows, info = measure(options)
    print(table(rows))
    print()
    print(details(info))
    if not options.no_write:
        python = Path(sys.executable)
        shown = python.relative_to(ROOT) if python.is_relative_to(ROOT) else python.name
        command = " ".join([str(shown), "bench/throughput.py", *sys.argv[1:]])
        write_doc(rows, info, command)
        print(f"\nwrote {DOC.relative_to(ROOT)}")
    if any(r.ok is False for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
