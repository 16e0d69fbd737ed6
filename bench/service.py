"""Service benchmark (``make bench-service``): ``POST /api/v1/analyze`` over loopback.

    .venv/bin/python bench/service.py [--rate 500] [--seconds 20] [--connections 50]
                                      [--workers 1 2] [--no-write]

Starts ``socialrx serve`` on a fresh embedded database with one API token, then drives it from a
load generator in a separate process (asyncio, raw HTTP/1.1 keep-alive connections):

- **open loop**: ``--rate`` requests per second spread over ``--connections`` connections, each
  request sent at its scheduled time; latency counts from the scheduled time, so a slow server
  cannot hide its queue (no coordinated omission);
- **closed loop**: every connection sends its next request as soon as the previous answer
  arrived: the most the server does per second, and the latency that comes with it.

Rewrites the service section of docs/benchmarks.md. Not part of the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from posts import make_posts  # noqa: E402

SOCIALRX = Path(sys.executable).parent / "socialrx"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- service:start -->", "<!-- service:end -->"
P99_TARGET_MS = 25.0
RATE_TARGET = 500


# ------------------------------------------------------------------ the load generator (child)


def requests_for(token: str, host: str, count: int) -> list[bytes]:
    """Ready-to-send HTTP/1.1 requests, one per synthetic post."""
    out = []
    for text in make_posts(count, seed=20261121):
        body = json.dumps({"text": text, "channel": "outbound"}).encode()
        head = (
            f"POST /api/v1/analyze HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        out.append(head + body)
    return out


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                   request: bytes) -> int:  # fmt: skip
    """Send one request and read its whole answer; returns the status code."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return status


async def run_load(port: int, token: str, rate: float, seconds: float, connections: int,
                   closed: bool) -> dict[str, Any]:  # fmt: skip
    requests = requests_for(token, f"127.0.0.1:{port}", 2000)
    total = int(rate * seconds) if not closed else 0
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    start = time.perf_counter() + 0.2
    deadline = start + seconds

    async def connection(j: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        k = j
        while True:
            if closed:
                due = time.perf_counter()
                if due >= deadline:
                    break
            else:
                if k >= total:
                    break
                due = start + k / rate
                wait = due - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
            status = await exchange(reader, writer, requests[k % len(requests)])
            latencies.append(time.perf_counter() - due)
            statuses[status] = statuses.get(status, 0) + 1
            k += connections
        writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(connection(j) for j in range(connections)))
    elapsed = time.perf_counter() - max(began, start)
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "rate": len(latencies) / elapsed,
        "statuses": statuses,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p90_ms": percentile(latencies, 0.90) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": latencies[-1] * 1000 if latencies else float("nan"),
    }


def percentile(ordered: list[float], q: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# ------------------------------------------------------------------------ the orchestrator


@contextmanager
def server(workers: int, data: Path, env: dict[str, str]):  # type: ignore[no-untyped-def]
    port = 18000 + secrets.randbelow(1000)
    proc = subprocess.Popen(
        [str(SOCIALRX), "serve", "--port", str(port), "--workers", str(workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_until_up(port, proc)
        yield port, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def wait_until_up(port: int, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit(f"socialrx serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("socialrx serve did not answer /healthz within 30 s")


def prepare(data: Path) -> tuple[dict[str, str], str]:
    """A fresh embedded database with one author and one API token."""
    env = dict(os.environ, SOCIALRX_DATA_DIR=str(data))
    key = subprocess.run([str(SOCIALRX), "db", "keygen"], env=env, capture_output=True,
                         text=True, check=True).stdout.strip()  # fmt: skip
    env["SOCIALRX_SECRET_KEY"] = key
    subprocess.run([str(SOCIALRX), "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run(
        [str(SOCIALRX), "users", "create", "--email", "bench@example.org", "--role", "author",
         "--password-stdin"],
        env=env, input="benchmark password 12345", text=True, check=True, capture_output=True,
    )  # fmt: skip
    token = subprocess.run(
        [str(SOCIALRX), "tokens", "create", "--email", "bench@example.org"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip().split()[-1]  # fmt: skip
    return env, token


def load(port: int, token: str, options: argparse.Namespace, closed: bool) -> dict[str, Any]:
    """The load generator in its own process (pinned to the last core when there are two)."""
    args = [sys.executable, __file__, "--loadgen", str(port), token, str(options.rate),
            str(options.seconds), str(options.connections), "closed" if closed else "open"]  # fmt: skip
    proc = subprocess.run(args, capture_output=True, text=True, check=True,
                          timeout=options.seconds * 4 + 60)  # fmt: skip
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def measure(options: argparse.Namespace) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env, token = prepare(Path(tmp))
        for workers in options.workers:
            with server(workers, Path(tmp), env) as (port, _pid):
                load(port, token, argparse.Namespace(**{**vars(options), "seconds": 3}), True)
                for closed in (False, True):
                    result = load(port, token, options, closed)
                    result.update(workers=workers, mode="closed" if closed else "open")
                    rows.append(result)
                    print(json.dumps(result), file=sys.stderr)
    return rows


def table(rows: list[dict[str, Any]], options: argparse.Namespace) -> str:
    lines = ["| workers | load | requests/s | p50 | p90 | p99 | max | non-2xx | target |",
             "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for r in rows:
        bad = sum(n for s, n in r["statuses"].items() if not 200 <= int(s) < 300)
        if r["mode"] == "open":
            load_text = f"open loop, {options.rate:g}/s offered"
            ok = r["rate"] >= RATE_TARGET * 0.98 and r["p99_ms"] <= P99_TARGET_MS and not bad
            target = "pass" if ok else "**FAIL**"
        else:
            load_text, target = "closed loop (as fast as it answers)", ""
        lines.append(
            f"| {r['workers']} | {load_text} | {r['rate']:,.0f} | {r['p50_ms']:.1f} ms | "
            f"{r['p90_ms']:.1f} ms | {r['p99_ms']:.1f} ms | {r['max_ms']:.1f} ms | {bad} | {target} |"
        )
    return "\n".join(lines)


def write_section(rows: list[dict[str, Any]], options: argparse.Namespace, command: str) -> None:
    from throughput import machine

    section = f"""{START}
## Service: `POST /api/v1/analyze`

Command: `{command}` (what `make bench-service` runs). Machine: {machine()}.
Run: {datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}.

Target (issue 4): ≥ {RATE_TARGET} requests/s with p99 ≤ {P99_TARGET_MS:g} ms at
{options.connections} concurrent connections.

{table(rows, options)}

Method: `socialrx serve` (uvicorn, `--workers` processes) on a fresh embedded SQLite database,
authenticated with an API token; a load generator in a separate process keeps
{options.connections} HTTP/1.1 keep-alive connections on loopback and sends synthetic posts
(`bench/posts.py`, ~200 characters) for {options.seconds:g} s after a 3 s warm-up. Open loop: each
request is sent at its scheduled time and its latency counts from that time, queueing included.
Closed loop: each connection sends again as soon as it has its answer. Server and load generator
share this machine's cores.
{END}
"""
    put_section(section, START, END)


def put_section(section: str, start: str, end: str) -> None:
    """Write ``section`` (marked by ``start`` … ``end``) into docs/benchmarks.md, in place of
    the one there or at the end; the rest of the file is kept."""
    old = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if start in old and end in old:
        head, rest = old.split(start, 1)
        new = head + section.rstrip("\n") + rest.split(end, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + section
    DOC.write_text(new, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--rate", type=float, default=RATE_TARGET)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--loadgen", nargs=6, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.loadgen:
        port, token, rate, seconds, conns, mode = options.loadgen
        if hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) > 1:
            os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
        result = asyncio.run(run_load(int(port), token, float(rate), float(seconds), int(conns),
                                      mode == "closed"))  # fmt: skip
        json.dump(result, sys.stdout)
        return
    rows = measure(options)
    print(table(rows, options))
    if not options.no_write:
        python = Path(sys.executable)
        shown = python.relative_to(ROOT) if python.is_relative_to(ROOT) else python.name
        write_section(rows, options, " ".join([str(shown), "bench/service.py", *sys.argv[1:]]))
        print(f"\nwrote {DOC.relative_to(ROOT)}")
    if any(r["mode"] == "open" and r["p99_ms"] > P99_TARGET_MS for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
