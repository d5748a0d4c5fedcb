"""Loopback news sites for the batch importer's tests and benchmark: article pages, robots.txt,
latency and faults on several 127.0.0.x hosts, with the server's log read back per host."""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from string import Template
from typing import Protocol

from tests.server import FIXTURES, Handler, Hit, Loopback, respond

TEMPLATE = Template((FIXTURES / "batch" / "article.html").read_text(encoding="utf-8"))


def summary(stderr: str) -> str:
    """An import's stderr without the notice that it waits for the last articles' pictures,
    which comes before the summary only when some are still queued as the batch ends."""
    return "".join(
        line
        for line in stderr.splitlines(keepends=True)
        if not line.startswith("keeping the pictures of ")
    )


def article_html(n: int, host: str) -> bytes:
    """A simple, well-formed article page (h1, byline, date, several <p> in <article>)."""
    title = f"Story {n} from {host}"
    return TEMPLATE.substitute(title=title, n=n, host=host).encode("utf-8")


def page(body: bytes, *, status: int = 200, **kw: object) -> Handler:
    def handler(h: BaseHTTPRequestHandler) -> None:
        # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm and
        # the client's delayed ACK add ~40 ms to every response, which real servers avoid.
        h.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        respond(h, status, body, **kw)  # type: ignore[arg-type]

    return handler


@dataclass(frozen=True)
class Served:
    """One request as its handler saw it: from its arrival until its response starts to go out.

    A client that waits for a response cannot send its next request before then, so these
    intervals overlap only when the client really had more requests in flight. (The server's
    own log closes a request after the response is sent and its thread runs again: on a busy
    machine, the client's next request can arrive first.)"""

    path: str
    start: float
    end: float


class Site:
    """One loopback host serving `/story/<n>.html` articles and, optionally, a robots.txt."""

    def __init__(self, host: str, *, latency: float = 0.0, robots: str | None = None) -> None:
        self.server = Loopback(host=host)
        self.latency = latency
        self.served: list[Served] = []
        self._lock = threading.Lock()
        self.robots(robots)

    def robots(self, text: str | None, *, status: int = 200) -> None:
        """Serve `text` as robots.txt at once (None: 404, like most sites without one)."""
        if text is None:
            status, text = 404, "not found"
        handler = page(text.encode(), status=status, content_type="text/plain")
        self.route("/robots.txt", handler, latency=0.0)

    def stories(self, numbers: range | list[int]) -> list[str]:
        """Add article pages; returns their URLs."""
        urls = []
        for n in numbers:
            path = f"/story/{n}.html"
            self.route(path, page(article_html(n, self.server.host)))
            urls.append(self.server.url(path))
        return urls

    def route(self, path: str, handler: Handler, *, latency: float | None = None) -> str:
        """Answer `path` with `handler` after the site's latency, recording when it did."""
        wait = self.latency if latency is None else latency

        def timed(h: BaseHTTPRequestHandler) -> None:
            start = time.monotonic()
            if wait:
                time.sleep(wait)
            with self._lock:
                self.served.append(Served(h.path, start, time.monotonic()))
            handler(h)

        self.server.routes[path] = timed
        return self.server.url(path)

    def url(self, path: str) -> str:
        return self.server.url(path)

    def page_hits(self) -> list[Hit]:
        """Requests for anything but robots.txt."""
        return [h for h in self.server.log if h.path != "/robots.txt"]

    def fetched(self) -> list[str]:
        return [self.server.url(h.path) for h in self.page_hits()]


@contextmanager
def sites(count: int, **kw: object) -> Iterator[list[Site]]:
    """`count` sites on 127.0.0.2, 127.0.0.3, ... (one host each: politeness is per host)."""
    with ExitStack() as stack:
        made = []
        for i in range(count):
            site = Site(f"127.0.0.{i + 2}", **kw)  # type: ignore[arg-type]
            stack.enter_context(site.server)
            made.append(site)
        yield made


class Interval(Protocol):
    @property
    def start(self) -> float: ...
    @property
    def end(self) -> float: ...


def max_overlap(hits: Sequence[Interval]) -> int:
    """Most requests in flight at once, from their start and end times."""
    edges = sorted(
        itertools.chain(((h.start, 1) for h in hits), ((h.end, -1) for h in hits)),
        key=lambda e: (e[0], e[1]),
    )
    level = peak = 0
    for _, step in edges:
        level += step
        peak = max(peak, level)
    return peak


def min_gap(hits: Sequence[Interval]) -> float:
    """Shortest time between two successive request starts."""
    starts = sorted(h.start for h in hits)
    return min((b - a for a, b in itertools.pairwise(starts)), default=float("inf"))


def write_list(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
