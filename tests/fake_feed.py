"""A news site on loopback serving an RSS 2.0 or Atom 1.0 feed (the shapes of the RSS 2.0
specification and RFC 4287), with ``ETag`` / ``Last-Modified`` and 304 answers to conditional
requests, and the faults of tests/fake_platform.py."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from email.utils import format_datetime
from typing import Any
from xml.sax.saxutils import escape

from fake_platform import Handler, Platform, serving


class Site(Platform):
    def __init__(self, atom: bool = False) -> None:
        super().__init__()
        self.atom = atom
        self.entries: list[
            tuple[str, str, str, datetime, str]
        ] = []  # id, title, summary, when, author
        self.not_modified = 0

    def rate_limited(self) -> tuple[dict[str, str], Any]:
        return {"Retry-After": "30"}, {"error": "slow down"}

    def failed(self) -> Any:
        return {"error": "server error"}

    def add(self, ident: str, title: str, summary: str, when: datetime,
            author: str = "Metro Desk") -> None:  # fmt: skip
        with self.lock:
            self.entries.append((ident, title, summary, when, author))

    def document(self) -> bytes:
        if self.atom:
            items = "".join(
                f"<entry><id>{escape(i)}</id><title>{escape(t)}</title>"
                '<summary type="html">'
                f"{escape(s)}</summary><updated>{w.isoformat()}</updated>"
                f"<author><name>{escape(a)}</name></author>"
                f'<link href="https://news.example/{escape(i)}"/></entry>'
                for i, t, s, w, a in self.entries)  # fmt: skip
            return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                    f"<title>Metro News</title><id>urn:metro</id>{items}</feed>").encode()  # fmt: skip
        items = "".join(
            f"<item><guid>{escape(i)}</guid><title>{escape(t)}</title>"
            f"<description>{escape(s)}</description><pubDate>{format_datetime(w)}</pubDate>"
            f"<author>{escape(a)}</author><link>https://news.example/{escape(i)}</link></item>"
            for i, t, s, w, a in self.entries)  # fmt: skip
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Metro News</title><link>https://news.example/</link>{items}"
                "</channel></rss>").encode()  # fmt: skip


class FeedHandler(Handler):
    def do_GET(self) -> None:
        done, _fault = self.begin()
        if done:
            return
        site = self.server.platform
        assert isinstance(site, Site)
        body = site.document()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            site.not_modified += 1
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        kind = "application/atom+xml" if site.atom else "application/rss+xml"
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def running(atom: bool = False) -> Iterator[Site]:
    with serving(Site(atom), FeedHandler) as site:
        yield site
