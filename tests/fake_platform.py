"""What the loopback fakes of social platforms share (tests/fake_mastodon.py,
tests/fake_bluesky.py): a threaded HTTP server on a free loopback port, a log of requests, JSON
answers, and faults a test can queue or spread at random — "429" (with the platform's own
rate-limit headers and body), "500", "timeout" (answers after the client gave up), "drop"
(closes without answering); "after" and "401" are for each fake to interpret.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar


class Platform:
    """A fake platform's state; subclasses add theirs. ``rate_limited`` and ``failed`` are the
    platform's 429 and 500 answers: (headers, body)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.faults: list[str] = []
        self.fault_rate = 0.0  # share of requests that fail at random with ``random_faults``
        self.random_faults: tuple[str, ...] = ("500", "429", "drop")
        self.rng = random.Random(20261121)  # the random faults, the same in every run
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self.post_delay = 0.0  # seconds between making a post and answering (crash window)
        self.slow_seconds = 1.5
        self.url = ""

    def rate_limited(self) -> tuple[dict[str, str], Any]:
        raise NotImplementedError

    def failed(self) -> Any:
        raise NotImplementedError


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def answer(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _fault(self) -> str | None:
        platform = self.server.platform
        with platform.lock:
            if platform.faults:
                return platform.faults.pop(0)
            if platform.fault_rate and platform.rng.random() < platform.fault_rate:
                return platform.rng.choice(platform.random_faults)
            return None

    def begin(self) -> tuple[bool, str | None]:
        """Read and log the request, apply a fault; (answered already, the fault left over)."""
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length else b""
        platform = self.server.platform
        with platform.lock:
            platform.requests.append((self.command, self.path, dict(self.headers), self.body))
        fault = self._fault()
        if fault == "429":
            headers, body = platform.rate_limited()
            self.answer(429, body, headers)
        elif fault == "500":
            self.answer(500, platform.failed())
        elif fault == "drop":
            self.close_connection = True
        elif fault == "timeout":
            time.sleep(platform.slow_seconds)
            self.answer(503, platform.failed())
        else:
            return False, fault
        return True, None

    def json_body(self) -> Any:
        return json.loads(self.body or b"{}")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, platform: Platform, handler: type[Handler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.platform = platform


P = TypeVar("P", bound=Platform)


@contextmanager
def serving(platform: P, handler: type[Handler]) -> Iterator[P]:
    """``platform`` served on a free loopback port; ``platform.url`` is its base URL. The server
    looks for shutdown every 20 ms (the default half second would slow every test down)."""
    server = Server(platform, handler)
    platform.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield platform
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
