"""A real HTTP server on a loopback address for tests: serves fixtures/, plus programmable routes.

Every request is logged with its host, path, headers and start/end times, and the server counts
requests in flight, so politeness and retry tests read what really reached the wire.
"""

from __future__ import annotations

import mimetypes
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

Handler = Callable[[BaseHTTPRequestHandler], None]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients that hang up mid-request are what fault tests do on purpose.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@dataclass
class Hit:
    host: str
    method: str
    path: str
    headers: dict[str, str]
    start: float
    end: float = 0.0


@dataclass
class Loopback:
    """`with Loopback() as srv: srv.url("/pages/x.html")`; `srv.routes["/p"] = handler`."""

    host: str = "127.0.0.1"
    root: Path = FIXTURES
    port: int = 0  # 0: any free port
    routes: dict[str, Handler] = field(default_factory=dict)
    log: list[Hit] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._counted: set[int] = set()  # handlers whose request is counted in flight
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes: without TCP_NODELAY the body waits
            # for the client's delayed ACK (~40 ms a response).
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

            def send_response(self, code: int, message: str | None = None) -> None:
                # The request stops counting as in flight when its answer starts: once the
                # answer is written the client may send its next request, which another
                # handler thread could count before this one returned.
                server._answered(self)
                super().send_response(code, message)

            def do_GET(self) -> None:
                server._handle(self)

            def do_HEAD(self) -> None:
                server._handle(self)

        self._httpd = _Server((self.host, self.port), _Handler)
        self.port = self._httpd.server_address[1]
        # A short poll interval: shutdown() waits up to one interval, once per test.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # -- lifecycle ------------------------------------------------------------------------
    def __enter__(self) -> Loopback:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def hits(self, path: str) -> list[Hit]:
        return [h for h in self.log if h.path == path]

    # -- routes ---------------------------------------------------------------------------
    def static(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer `path` with a fixed response."""
        data = body.encode("utf-8") if isinstance(body, str) else body

        def handler(h: BaseHTTPRequestHandler) -> None:
            respond(h, status, data, content_type=content_type, headers=headers)

        self.routes[path] = handler

    def sequence(self, path: str, handlers: list[Handler]) -> None:
        """Answer `path` with each handler in turn; the last one repeats."""
        calls = iter(range(1_000_000))

        def handler(h: BaseHTTPRequestHandler) -> None:
            i = next(calls)
            handlers[min(i, len(handlers) - 1)](h)

        self.routes[path] = handler

    # -- serving --------------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?", 1)[0]
        hit = Hit(
            host=h.headers.get("Host", ""),
            method=h.command,
            path=h.path,
            headers={k: v for k, v in h.headers.items()},
            start=time.monotonic(),
        )
        with self._lock:
            self.log.append(hit)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self._counted.add(id(h))
        try:
            route = self.routes.get(h.path) or self.routes.get(path)
            if route is not None:
                route(h)
            else:
                self._serve_file(h, path)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            hit.end = time.monotonic()
            self._answered(h)

    def _answered(self, h: BaseHTTPRequestHandler) -> None:
        with self._lock:
            if id(h) in self._counted:
                self._counted.discard(id(h))
                self.in_flight -= 1

    def _serve_file(self, h: BaseHTTPRequestHandler, path: str) -> None:
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root.resolve()) or not target.is_file():
            respond(h, 404, b"<html><body><h1>Not found</h1></body></html>")
            return
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        respond(h, 200, target.read_bytes(), content_type=ctype)


def respond(
    h: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    *,
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    """Write one complete response with a Content-Length."""
    h.send_response(status)
    if content_type:
        h.send_header("Content-Type", content_type)
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    if h.command != "HEAD":
        h.wfile.write(body)
