"""Helpers shared by the fetcher's tests: a page, short limits, a one-line failure, and raw
socket servers for misbehaving peers (silent, dripping, hostile bytes)."""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler

import pytest

from archiver.errors import FetchError
from archiver.fetch import Limits, fetch_once

FAST = Limits(connect_timeout=1.0, read_timeout=0.5, deadline=1.5)
PAGE = "<!DOCTYPE html><html><head><title>T</title></head><body><p>Hello</p></body></html>"

RawHandler = Callable[[socket.socket, threading.Event], None]


def failure(url: str, limits: Limits = FAST, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetch_once(url, limits=limits, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return info.value


def redirect(location: str, status: int = 302, **headers: str) -> Callable[..., None]:
    """A route answering `status` to `location` (header names with "_" for "-")."""

    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Location", location)
        for k, v in headers.items():
            h.send_header(k.replace("_", "-"), v)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return handler


def only_127_0_0_1(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Treat 127.0.0.2 as a public host and 127.0.0.1 as the private network."""
    return str(address) == "127.0.0.1"


# -- servers ------------------------------------------------------------------------------------


@contextmanager
def raw_server(handler: RawHandler, host: str = "127.0.0.1") -> Iterator[str]:
    """A TCP server that runs `handler(conn, stop)` per connection; yields its base URL."""
    stop = threading.Event()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((host, 0))
    listener.listen(16)
    listener.settimeout(0.05)

    def serve_one(conn: socket.socket) -> None:
        with conn, suppress(OSError):
            handler(conn, stop)

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=serve_one, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        listener.close()


def read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def answer(response: bytes) -> RawHandler:
    """A handler that reads the request, writes `response` verbatim and closes."""

    def handler(conn: socket.socket, stop: threading.Event) -> None:
        read_request(conn)
        conn.sendall(response)

    return handler


def silent(conn: socket.socket, stop: threading.Event) -> None:
    """Reads the request and never answers."""
    read_request(conn)
    stop.wait(30)


def drip(head: bytes, body: bytes, every: float = 0.5, *, stall: bool = False) -> RawHandler:
    """Sends `head` at once, then `body` one byte every `every` seconds (then stalls)."""

    def handler(conn: socket.socket, stop: threading.Event) -> None:
        read_request(conn)
        conn.sendall(head)
        for byte in body:
            conn.sendall(bytes([byte]))
            if stop.wait(every):
                return
        if stall:
            stop.wait(30)

    return handler
