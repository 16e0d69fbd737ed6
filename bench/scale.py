"""`socialrx batch` on 1,000,000 posts: the embedded and the Spark engine, 1 and 2 workers.

Writes 1,000,000 synthetic posts (``bench/posts.py``: outbound and inbound, as JSON lines) once,
then runs ``socialrx batch INPUT --output OUT.jsonl --engine E --workers N`` as a separate
process for each engine and worker count (interleaved, ``--repeats`` rounds), and reports the
median wall time, posts/s, the scaling efficiency (posts/s with 2 workers ÷ 2 × posts/s with 1)
and the peak memory of the whole process tree (CLI, worker processes, Spark's JVM and Python
workers: the sum of their resident set sizes, sampled every 0.2 s). Every run must write
1,000,000 records; the outputs of all runs must be identical.

    .venv/bin/python bench/scale.py [--posts 1000000] [--repeats 1]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from posts import make_inbound_posts, make_posts

SCRIPT = Path(sys.executable).with_name("socialrx")
RUNS = (("local", 1), ("local", 2), ("spark", 1), ("spark", 2))


def write_input(path: Path, count: int) -> None:
    """``count`` posts, half outbound and half inbound, in a fixed order."""
    half = count // 2
    with path.open("w", encoding="utf-8") as f:
        for i, text in enumerate(make_posts(half)):
            f.write(json.dumps({"id": f"o{i}", "text": text}) + "\n")
        for i, text in enumerate(make_inbound_posts(count - half)):
            f.write(json.dumps({"id": f"i{i}", "text": text, "channel": "inbound"}) + "\n")


def tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and all its descendants."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            pages = int((entry / "statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents[int(entry.name)] = int(stat[1])
        rss[int(entry.name)] = pages * os.sysconf("SC_PAGE_SIZE")
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, pp in parents.items() if pp == pid and p not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(p, 0) for p in tree)


def run_once(source: Path, output: Path, engine: str, workers: int) -> dict[str, Any]:
    args = [str(SCRIPT), "batch", str(source), "--output", str(output), "--engine", engine,
            "--workers", str(workers)]  # fmt: skip
    peak, done = 0, threading.Event()
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{engine}×{workers} failed: {err.decode()[-2000:]}")
    digest = hashlib.sha256(output.read_bytes()).hexdigest()
    lines = output.read_bytes().count(b"\n")
    return {"seconds": seconds, "peak_mib": peak / 2**20, "sha256": digest, "records": lines}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="socialrx-scale-") as tmp:
        source = Path(tmp) / "posts.jsonl"
        write_input(source, args.posts)
        results: dict[tuple[str, int], list[dict[str, Any]]] = {run: [] for run in RUNS}
        for _ in range(args.repeats):
            for engine, workers in RUNS:
                out = Path(tmp) / f"{engine}-{workers}.jsonl"
                results[(engine, workers)].append(run_once(source, out, engine, workers))
                print(engine, workers, results[(engine, workers)][-1], file=sys.stderr)
                out.unlink()
    report(args.posts, results)


def report(posts: int, results: dict[tuple[str, int], list[dict[str, Any]]]) -> None:
    digests = {r["sha256"] for runs in results.values() for r in runs}
    counts = {r["records"] for runs in results.values() for r in runs}
    if len(digests) != 1 or counts != {posts}:
        raise SystemExit(f"outputs differ: {len(digests)} digests, record counts {counts}")
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {posts:,} posts; outputs identical")  # fmt: skip
    print("| engine | workers | median s | posts/s | efficiency | peak memory |")
    print("|---|---|---|---|---|---|")
    rate: dict[tuple[str, int], float] = {}
    for engine, workers in RUNS:
        runs = results[(engine, workers)]
        seconds = statistics.median(r["seconds"] for r in runs)
        rate[(engine, workers)] = posts / seconds
        eff = ""
        if workers == 2:
            eff = f"{rate[(engine, 2)] / (2 * rate[(engine, 1)]):.2f}"
        peak = max(r["peak_mib"] for r in runs)
        print(f"| {engine} | {workers} | {seconds:.1f} | {rate[(engine, workers)]:,.0f} | "
              f"{eff} | {peak:,.0f} MiB |")  # fmt: skip


if __name__ == "__main__":
    main()
