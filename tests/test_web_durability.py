"""Durability: kill -9 the server during a burst of writes. After a restart the database is
consistent, the audit chain verifies, and every request that got a 2xx is there, unchanged.
(A real ``socialrx serve`` process on loopback; SQLite always, PostgreSQL when configured.)"""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from conftest import KEY, PASSWORD

from socialrx.store import users
from socialrx.store.database import Database

SOCIALRX = Path(sys.executable).with_name("socialrx")
WRITERS = 6


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(env: dict[str, str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen([str(SOCIALRX), "serve", "--port", str(port), "--no-migrate"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        for _ in range(200):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).is_success:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        else:
            raise RuntimeError("the server did not start")
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


def test_kill_9_during_writes_loses_nothing_acknowledged(
    database: Database, tmp_path: Path
) -> None:
    with database.transaction() as session:
        admin = users.create_user(session, "admin@example.org", "admin", PASSWORD, "test")
        token = users.create_token(session, admin, "test").token
    database.dispose()
    env = dict(os.environ, SOCIALRX_DATA_DIR=str(tmp_path),
               SOCIALRX_DATABASE_URL=database.settings.database_url,
               SOCIALRX_SECRET_KEY=base64.urlsafe_b64encode(KEY).decode())  # fmt: skip
    headers = {"Authorization": f"Bearer {token}"}
    port = free_port()
    acknowledged: dict[int, str] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def write(worker: int) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=10) as c:
            n = 0
            while not stop.is_set():
                text = f"Durability check {worker}-{n}: our flu clinic opens at 9am on Saturday."
                n += 1
                try:
                    response = c.post("/api/v1/posts", json={"text": text, "channels": ["rss"]})
                except httpx.TransportError:
                    return  # the server is gone: this request was never acknowledged
                if response.status_code == 201:
                    with lock:
                        acknowledged[response.json()["id"]] = text

    with server(env, port) as proc:
        threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 20
        while len(acknowledged) < 60 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)  # mid-burst: requests are in flight
        stop.set()
        for t in threads:
            t.join(timeout=30)
        proc.wait(timeout=30)
    assert len(acknowledged) >= 60

    with server(env, port), httpx.Client(base_url=f"http://127.0.0.1:{port}",
                                         headers=headers, timeout=30) as client:  # fmt: skip
        for post_id, text in acknowledged.items():
            response = client.get(f"/api/v1/posts/{post_id}")
            assert response.status_code == 200, f"acknowledged post {post_id} is missing"
            assert response.json()["text"] == text
        verdict = client.get("/api/v1/audit/verify").json()
        assert verdict["ok"] is True, verdict
        assert verdict["count"] >= len(acknowledged)
    if database.settings.database_url.startswith("sqlite"):
        import sqlite3

        path = database.settings.database_url.split("///", 1)[1]
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
