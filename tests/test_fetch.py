"""The fetcher against real loopback servers: timeouts, deadline, caps, redirects, retries.

Well-behaved routes use tests/server.py's Loopback; misbehaving servers (silent, dripping,
hostile bytes) are raw sockets from `raw_server` below. Limits are short so each fault test
takes a second or two.
"""

from __future__ import annotations

import gzip
import hashlib
import ipaddress
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler

import pytest
import requests

from archiver import __version__
from archiver.errors import FetchError, InvalidURL
from archiver.fetch import (
    Fetched,
    Limits,
    RetryPolicy,
    check_url,
    fetch,
    fetch_once,
    is_private_address,
    new_session,
    parse_retry_after,
    user_agent,
)
from tests.server import FIXTURES, Loopback

FAST = Limits(connect_timeout=1.0, read_timeout=0.5, deadline=1.5)
MB = 1024 * 1024
PAGE = "<!DOCTYPE html><html><head><title>T</title></head><body><p>Hello</p></body></html>"

RawHandler = Callable[[socket.socket, threading.Event], None]


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


@pytest.fixture(scope="module")
def shared_server() -> Iterator[Loopback]:
    with Loopback() as server:
        yield server


@pytest.fixture
def srv(shared_server: Loopback) -> Loopback:
    """One loopback server for the module (its shutdown polls for 0.5 s), reset per test."""
    shared_server.routes.clear()
    shared_server.log.clear()
    return shared_server


def sleeps() -> tuple[list[float], Callable[[float], None]]:
    recorded: list[float] = []
    return recorded, recorded.append


def failure(url: str, limits: Limits = FAST, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetch_once(url, limits=limits, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return info.value


# -- the happy path -----------------------------------------------------------------------------


def test_fetched_page_carries_what_a_capture_needs(srv: Loopback) -> None:
    """A 200 HTML page: body, headers, HTTP version, digest, capture (the WARC writer's needs)."""
    srv.static("/page", PAGE, headers={"X-Test": "1"})
    fetched = fetch_once(srv.url("/page"))
    assert fetched.body == PAGE.encode()
    assert fetched.text() == PAGE
    assert (fetched.status, fetched.reason, fetched.http_version) == (200, "OK", "HTTP/1.1")
    assert (fetched.content_type, fetched.charset) == ("text/html", "utf-8")
    assert ("X-Test", "1") in fetched.response_headers
    assert ("Host", f"127.0.0.1:{srv.port}") in fetched.request_headers
    assert ("User-Agent", user_agent()) in fetched.request_headers
    assert fetched.retrieved_at.utcoffset() is not None
    capture = fetched.capture()
    assert capture.requested_url == capture.final_url == srv.url("/page")
    assert (capture.status, capture.content_type) == (200, "text/html")
    assert capture.sha256 == fetched.sha256 == hashlib.sha256(PAGE.encode()).hexdigest()


def test_sha256_is_of_the_body_after_content_encoding_is_undone(srv: Loopback) -> None:
    """The digest is of the decoded HTML bytes, not of the gzip stream on the wire."""
    srv.static("/gz", gzip.compress(PAGE.encode()), headers={"Content-Encoding": "gzip"})
    fetched = fetch_once(srv.url("/gz"))
    assert fetched.body == PAGE.encode()
    assert fetched.sha256 == hashlib.sha256(PAGE.encode()).hexdigest()


def test_fetched_fills_its_digest_when_built_by_hand() -> None:
    """Fetched computes sha256 itself when none is given."""
    from datetime import UTC, datetime

    fetched = Fetched(
        "http://a/", "http://a/", 200, "OK", "HTTP/1.1", [], [], b"x", "text/html", None,
        datetime.now(UTC),
    )  # fmt: skip
    assert fetched.sha256 == "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"


def test_http10_read_until_close_and_chunked_gzip() -> None:
    """An HTTP/1.0 body ended by closing, and a gzip body in chunks, arrive whole."""
    old = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + PAGE.encode()
    with raw_server(answer(old)) as base:
        fetched = fetch_once(base + "/")
    assert (fetched.http_version, fetched.body) == ("HTTP/1.0", PAGE.encode())
    packed = gzip.compress(PAGE.encode() * 1000)
    chunks = b"".join(
        b"%x\r\n%s\r\n" % (len(packed[i : i + 999]), packed[i : i + 999])
        for i in range(0, len(packed), 999)
    )
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
    head += b"Transfer-Encoding: chunked\r\n\r\n"
    with raw_server(answer(head + chunks + b"0\r\n\r\n")) as base:
        assert fetch_once(base + "/").body == PAGE.encode() * 1000


# -- RELIABILITY 1: connect and read timeouts -----------------------------------------------------


def test_server_that_accepts_and_never_answers_times_out(srv: Loopback) -> None:
    """RELIABILITY 1: a server that accepts and never answers fails within the read timeout."""
    srv.static("/ok", PAGE)
    with raw_server(silent) as base:
        err = failure(base + "/")
    assert str(err) == f"timed out: no data for 0.5 s: {base}/"
    assert err.retryable
    # ...and the next URL on the same kind of session goes on normally (with room for a
    # loaded machine: a loopback answer can take longer than FAST's 0.5 s there).
    assert fetch_once(srv.url("/ok"), limits=Limits(read_timeout=5, deadline=10)).status == 200


def test_listener_that_never_accepts_times_out() -> None:
    """RELIABILITY 1: a listening socket nobody accepts on (kernel backlog only) times out."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        err = failure(url)
        assert "timed out" in str(err) and err.retryable
    finally:
        listener.close()


def test_stall_after_the_headers_times_out() -> None:
    """RELIABILITY 1: headers arrive, then the body stalls: the read timeout ends it."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\n<html>"
    with raw_server(drip(head, b"x", 30)) as base:
        start = time.monotonic()
        err = failure(base + "/", Limits(read_timeout=0.5, deadline=30))
    assert str(err).startswith("timed out: no data for 0.5 s") and err.retryable
    assert time.monotonic() - start < 10


# -- RELIABILITY 2: an overall deadline ---------------------------------------------------------


DRIP_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n"


def test_dripping_body_is_aborted_at_the_deadline() -> None:
    """RELIABILITY 2: a server dripping 1 byte every 0.5 s is aborted at the deadline."""
    with raw_server(drip(DRIP_HEAD, b"x" * 20)) as base:
        start = time.monotonic()
        err = failure(base + "/", Limits(read_timeout=1.0, deadline=1.5))
        elapsed = time.monotonic() - start
    assert str(err) == f"timed out: no complete response within the 1.5 s deadline: {base}/"
    assert not err.retryable
    assert 1.4 < elapsed < 5  # the drip alone takes 10 s


def test_stall_late_in_the_body_ends_at_the_deadline_not_a_read_timeout_later() -> None:
    """RELIABILITY 2: bytes flow, then stop just before the deadline: it ends at the deadline."""
    with raw_server(drip(DRIP_HEAD, b"xxxx", 0.4, stall=True)) as base:
        start = time.monotonic()
        err = failure(base + "/", Limits(read_timeout=10, deadline=2))
        elapsed = time.monotonic() - start
    assert "deadline" in str(err)
    assert elapsed < 3.0  # a per-read timeout alone would wait until about 3.6 s


def test_dripping_headers_are_aborted_at_the_deadline() -> None:
    """RELIABILITY 2: headers dripped one byte at a time cannot outlast the deadline."""
    with raw_server(drip(b"HTTP/1.1 200 OK\r\n", b"X-Slow: " + b"a" * 12)) as base:
        start = time.monotonic()
        err = failure(base + "/", Limits(read_timeout=1.0, deadline=1.5))
        elapsed = time.monotonic() - start
    assert "deadline" in str(err) and not err.retryable
    assert elapsed < 5


def test_deadline_holds_with_a_plain_requests_session() -> None:
    """RELIABILITY 2: a caller's own Session still gets the deadline (checked between reads)."""
    with raw_server(drip(DRIP_HEAD, b"x" * 20)) as base, requests.Session() as session:
        start = time.monotonic()
        err = failure(base + "/", Limits(read_timeout=1.0, deadline=1.5), session=session)
    assert "deadline" in str(err)
    assert time.monotonic() - start < 5


def test_deadline_counts_all_redirect_hops(srv: Loopback) -> None:
    """RELIABILITY 2: the deadline is for the whole URL, not per hop."""

    def slow_redirect(h: BaseHTTPRequestHandler) -> None:
        time.sleep(0.4)
        n = int(h.path.rsplit("/", 1)[1])
        h.send_response(302)
        h.send_header("Location", f"/slow/{n + 1}")
        h.send_header("Content-Length", "0")
        h.end_headers()

    for n in range(10):
        srv.routes[f"/slow/{n}"] = slow_redirect
    err = failure(srv.url("/slow/0"), Limits(read_timeout=1.0, deadline=1.0))
    assert "deadline" in str(err)
    assert len(srv.log) <= 4


# -- RELIABILITY 3: size cap --------------------------------------------------------------------


def chunked_forever(sent: list[int]) -> Callable[[BaseHTTPRequestHandler], None]:
    """Streams up to 50 MB of HTML in chunks, recording how much it could send."""

    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>"
        sent.append(0)
        try:
            for _ in range(50 * MB // len(chunk)):
                h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent[0] += len(chunk)
            h.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass

    return handler


def test_chunked_50mb_body_is_refused_at_the_cap_with_flat_memory(srv: Loopback) -> None:
    """RELIABILITY 3: a 50 MB chunked body stops at the cap while streaming; memory stays flat."""
    sent: list[int] = []
    srv.routes["/big"] = chunked_forever(sent)
    tracemalloc.start()
    try:
        err = failure(srv.url("/big"), Limits(max_bytes=1 * MB, deadline=20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(err) == f"response larger than 1 MB: {srv.url('/big')}"
    assert not err.retryable
    assert peak < 8 * MB
    time.sleep(0.2)
    assert sent[0] < 20 * MB  # the server was cut off, not read to the end


def test_huge_content_length_is_refused_before_reading(srv: Loopback) -> None:
    """RELIABILITY 3: a Content-Length over the cap is refused before the body is read."""

    def huge(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(10**12))
        h.end_headers()
        h.wfile.write(b"<html>")
        time.sleep(5)

    srv.routes["/huge"] = huge
    start = time.monotonic()
    err = failure(srv.url("/huge"), Limits(max_bytes=20 * MB, read_timeout=10, deadline=10))
    assert str(err) == f"response larger than 20 MB (Content-Length {10**12}): {srv.url('/huge')}"
    assert time.monotonic() - start < 4


def test_body_exactly_at_the_cap_is_accepted(srv: Loopback) -> None:
    """RELIABILITY 3: the cap is inclusive (a body of max_bytes is fine, one more is not)."""
    srv.static("/at", "a" * 1000)
    srv.static("/over", "a" * 1001)
    assert len(fetch_once(srv.url("/at"), limits=Limits(max_bytes=1000)).body) == 1000
    assert "larger than 1000 bytes" in str(failure(srv.url("/over"), Limits(max_bytes=1000)))


# -- RELIABILITY 4: decompression bombs ---------------------------------------------------------


def gzip_bomb(size: int) -> bytes:
    """A gzip stream of `size` zero bytes, built without holding them in memory."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * MB
    parts = [z.compress(block) for _ in range(size // MB)]
    return b"".join([*parts, z.flush()])


def test_gzip_bomb_stops_near_the_cap_with_flat_memory(srv: Loopback) -> None:
    """RELIABILITY 4: a gzip bomb (100 KB -> 100 MB) stops near the cap; memory stays flat."""
    bomb = gzip_bomb(100 * MB)
    srv.static("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        err = failure(srv.url("/bomb"), Limits(max_bytes=2 * MB, deadline=10))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(err) == f"response larger than 2 MB: {srv.url('/bomb')}"
    assert len(bomb) < 200 * 1024
    assert peak < 10 * MB


def test_more_than_five_stacked_encodings_are_refused(srv: Loopback) -> None:
    """RELIABILITY 4: six stacked Content-Encodings are refused, five are decoded."""
    body = PAGE.encode()
    for _ in range(6):
        body = gzip.compress(body)
    srv.static("/six", body, headers={"Content-Encoding": ", ".join(["gzip"] * 6)})
    five = PAGE.encode()
    for _ in range(5):
        five = gzip.compress(five)
    srv.static("/five", five, headers={"Content-Encoding": "gzip,gzip, gzip ,gzip,gzip"})
    err = failure(srv.url("/six"))
    assert str(err) == f"too many stacked content encodings (6 > 5): {srv.url('/six')}"
    assert fetch_once(srv.url("/five")).body == PAGE.encode()


def test_unknown_content_encoding_and_corrupt_gzip_are_clear_errors(srv: Loopback) -> None:
    """RELIABILITY 4: an encoding we cannot undo, or a broken gzip stream, is one clear line."""
    srv.static("/compress", b"\x1f\x9d...", headers={"Content-Encoding": "compress"})
    srv.static("/corrupt", b"\x1f\x8b\x08\x00garbage" * 10, headers={"Content-Encoding": "gzip"})
    assert str(failure(srv.url("/compress"))).startswith("unsupported content encoding (compress)")
    assert str(failure(srv.url("/corrupt"))).startswith("could not decompress the response")


# -- RELIABILITY 5: redirects -------------------------------------------------------------------


def redirect(location: str, status: int = 302, **headers: str) -> Callable[..., None]:
    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Location", location)
        for k, v in headers.items():
            h.send_header(k.replace("_", "-"), v)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return handler


def test_self_redirect_is_a_loop(srv: Loopback) -> None:
    """RELIABILITY 5: a self-redirecting 302 gives a clear error, after one hop."""
    srv.routes["/self"] = redirect("/self")
    err = failure(srv.url("/self"))
    assert str(err) == f"redirect loop at {srv.url('/self')}"
    assert len(srv.hits("/self")) == 1 and not err.retryable


def test_endless_chain_stops_at_the_limit(srv: Loopback) -> None:
    """RELIABILITY 5: an endless chain of new URLs stops after max_redirects hops."""
    for n in range(30):
        srv.routes[f"/hop/{n}"] = redirect(f"/hop/{n + 1}")
    err = failure(srv.url("/hop/0"), Limits(max_redirects=10))
    assert str(err) == f"too many redirects (10): {srv.url('/hop/0')}"
    assert len(srv.log) == 11


def test_chain_of_exactly_max_redirects_is_followed(srv: Loopback) -> None:
    """RELIABILITY 5: max_redirects hops are allowed; the final URL is the last one."""
    for n in range(3):
        srv.routes[f"/c/{n}"] = redirect(f"/c/{n + 1}", status=(301, 307, 308)[n])
    srv.static("/c/3", PAGE)
    fetched = fetch_once(srv.url("/c/0"), limits=Limits(max_redirects=3))
    assert (fetched.requested_url, fetched.final_url) == (srv.url("/c/0"), srv.url("/c/3"))


def test_self_redirect_that_sets_a_cookie_is_followed(srv: Loopback) -> None:
    """RELIABILITY 5: the cookie-check redirect back to the same URL is not a loop."""

    def wall(h: BaseHTTPRequestHandler) -> None:
        if "seen=1" in h.headers.get("Cookie", ""):
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", str(len(PAGE)))
            h.end_headers()
            h.wfile.write(PAGE.encode())
        else:
            redirect("/wall", Set_Cookie="seen=1; Path=/")(h)

    srv.routes["/wall"] = wall
    assert fetch_once(srv.url("/wall")).body == PAGE.encode()


def test_redirect_body_is_not_read(srv: Loopback) -> None:
    """RELIABILITY 3/5: a redirect's body (here endless) is never read, so it cannot hold us."""

    def endless(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", "/ok")
        h.send_header("Content-Length", str(10**12))
        h.end_headers()
        for _ in range(100):
            h.wfile.write(b"x" * 65536)
            time.sleep(0.1)

    srv.routes["/endless"] = endless
    srv.static("/ok", PAGE)
    assert fetch_once(srv.url("/endless"), limits=Limits(deadline=5)).final_url == srv.url("/ok")


def test_relative_and_sloppy_locations_are_resolved(srv: Loopback) -> None:
    """RELIABILITY 5: relative, scheme-relative and unencoded Locations work as in browsers."""
    srv.routes["/rel"] = redirect("a b")
    srv.routes["/a%20b"] = redirect(f"//127.0.0.1:{srv.port}/final?x=1")
    srv.static("/final", PAGE)
    assert fetch_once(srv.url("/rel")).final_url == srv.url("/final?x=1")


def test_redirect_without_location_is_an_error(srv: Loopback) -> None:
    """RELIABILITY 5: a 302 with no Location says so."""
    srv.static("/noloc", "", status=302)
    assert str(failure(srv.url("/noloc"))) == (
        f"HTTP 302 redirect without a Location: {srv.url('/noloc')}"
    )


# -- RELIABILITY 6: only http(s) ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/x",
        "javascript:alert(1)",
        "data:text/html,<p>x",
        "example.com/story",
        "http://",
        "http:///path",
        "http://exa mple.com/",
        "http://example.com/a b",
        "http://example.com/\x00",
        "http://example.com:99999/",
        "http://example.com:0/",
        "http://[::1/",
        "http://ex..com/",
        "http://ex_%41.com/",
        "",
        "   ",
    ],
)
def test_check_url_refuses_malformed_and_non_http_urls(url: str) -> None:
    """RELIABILITY 6: file://, other schemes and malformed URLs are InvalidURL, before any I/O."""
    with pytest.raises(InvalidURL) as info:
        check_url(url)
    assert "\n" not in str(info.value)
    with pytest.raises(InvalidURL):
        fetch_once(url)
    with pytest.raises(InvalidURL):
        fetch(url, sleep=pytest.fail)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com",
        "HTTPS://Example.COM/a?b=c#d",
        "http://user:pw@example.com:8080/x",
        "http://127.0.0.1:8000/",
        "http://[::1]:8000/",
        "https://пример.рф/новости",
        "https://example.com./trailing-dot",
        "https://my_host.example.com/",
    ],
)
def test_check_url_accepts_ordinary_urls(url: str) -> None:
    """RELIABILITY 6: ordinary http(s) URLs pass unchanged."""
    assert check_url(url) == url


def test_check_url_strips_surrounding_whitespace() -> None:
    """RELIABILITY 6: a pasted URL's surrounding whitespace is not part of it."""
    assert check_url("  https://example.com/x\n") == "https://example.com/x"


def test_error_for_file_url_names_the_schemes() -> None:
    """RELIABILITY 6: the message for file:// says what is allowed."""
    with pytest.raises(InvalidURL) as info:
        check_url("file:///etc/passwd")
    assert str(info.value) == (
        "unsupported URL scheme 'file' (only http and https): file:///etc/passwd"
    )


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "ftp://127.0.0.1/x", "javascript:alert(1)", "gopher://x/"]
)
def test_redirect_to_another_scheme_is_refused(srv: Loopback, location: str) -> None:
    """RELIABILITY 6: every hop is re-checked: `Location: file:///etc/passwd` is refused."""
    srv.routes["/r"] = redirect(location)
    err = failure(srv.url("/r"))
    assert str(err).startswith("redirect to a non-HTTP URL refused: ")
    assert location.split(":")[0] in str(err)
    assert not err.retryable


def test_redirect_to_a_malformed_url_is_refused(srv: Loopback) -> None:
    """RELIABILITY 6: a Location that is not a valid URL is a clear FetchError."""
    srv.routes["/bad6"] = redirect("http://[::1/")
    srv.routes["/nohost"] = redirect("http://exa mple.com/")
    assert "invalid redirect target" in str(failure(srv.url("/bad6")))
    assert "invalid redirect target" in str(failure(srv.url("/nohost")))


# -- RELIABILITY 7: retries ---------------------------------------------------------------------


def status(code: int, headers: dict[str, str] | None = None) -> Callable[..., None]:
    def handler(h: BaseHTTPRequestHandler) -> None:
        body = PAGE.encode()
        h.send_response(code)
        h.send_header("Content-Type", "text/html")
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return handler


def test_503_503_200_is_fetched_on_the_third_hit(srv: Loopback) -> None:
    """RELIABILITY 7: 503, 503, 200: success with 3 hits and two backoff sleeps."""
    srv.sequence("/flaky", [status(503), status(503), status(200)])
    waited, sleep = sleeps()
    fetched = fetch(srv.url("/flaky"), retry=RetryPolicy(base=1.0), sleep=sleep)
    assert fetched.status == 200
    assert len(srv.hits("/flaky")) == 3
    assert len(waited) == 2
    assert 0.5 <= waited[0] <= 1.0 and 1.0 <= waited[1] <= 2.0  # exponential, jittered


def test_404_is_fetched_exactly_once(srv: Loopback) -> None:
    """RELIABILITY 7: 404 is not retried: exactly one hit."""
    waited, sleep = sleeps()
    with pytest.raises(FetchError) as info:
        fetch(srv.url("/missing"), sleep=sleep)
    assert str(info.value) == f"HTTP 404 Not Found: {srv.url('/missing')}"
    assert (info.value.status, info.value.retryable) == (404, False)
    assert len(srv.hits("/missing")) == 1 and waited == []


def test_500_gives_up_after_the_retries(srv: Loopback) -> None:
    """RELIABILITY 7: a persistent 500 is tried 1 + retries times, then reported."""
    srv.routes["/down"] = status(500)
    waited, sleep = sleeps()
    with pytest.raises(FetchError) as info:
        fetch(srv.url("/down"), retry=RetryPolicy(retries=3, base=1, cap=3), sleep=sleep)
    assert str(info.value) == (
        f"HTTP 500 Internal Server Error: {srv.url('/down')} (gave up after 4 attempts)"
    )
    assert len(srv.hits("/down")) == 4
    assert len(waited) == 3 and max(waited) <= 3  # capped


@pytest.mark.parametrize("code", [408, 429, 502, 504])
def test_transient_statuses_are_retryable(srv: Loopback, code: int) -> None:
    """RELIABILITY 7: 408, 429 and 5xx are retried."""
    srv.sequence("/t", [status(code), status(200)])
    waited, sleep = sleeps()
    assert fetch(srv.url("/t"), sleep=sleep).status == 200
    assert len(waited) == 1


@pytest.mark.parametrize("code", [400, 401, 403, 410, 451])
def test_other_4xx_are_not_retried(srv: Loopback, code: int) -> None:
    """RELIABILITY 7: other 4xx are final."""
    srv.routes["/x"] = status(code)
    with pytest.raises(FetchError) as info:
        fetch(srv.url("/x"), sleep=pytest.fail)
    assert info.value.status == code and not info.value.retryable
    assert len(srv.hits("/x")) == 1


def test_retry_after_seconds_is_honoured(srv: Loopback) -> None:
    """RELIABILITY 7: Retry-After: 7 on a 429 is what the retry waits."""
    srv.sequence("/ra", [status(429, {"Retry-After": "7"}), status(200)])
    waited, sleep = sleeps()
    assert fetch(srv.url("/ra"), sleep=sleep).status == 200
    assert waited == [7.0]


def test_retry_after_longer_than_the_cap_gives_up_at_once(srv: Loopback) -> None:
    """RELIABILITY 7: a Retry-After over retry_after_cap is not waited for: one hit, no sleep."""
    srv.routes["/later"] = status(503, {"Retry-After": "3600"})
    with pytest.raises(FetchError) as info:
        fetch(srv.url("/later"), sleep=pytest.fail)
    assert info.value.retry_after == 3600 and info.value.retryable
    assert str(info.value) == (
        f"HTTP 503 Service Unavailable (Retry-After: 3600 s): {srv.url('/later')}"
    )
    assert len(srv.hits("/later")) == 1


def test_retry_after_http_date_is_parsed() -> None:
    """RELIABILITY 7: Retry-After as an HTTP date is seconds from now; junk is ignored."""
    from datetime import UTC, datetime

    now = datetime(2024, 12, 19, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Thu, 19 Dec 2024 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Thu, 19 Dec 2024 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after("-5", now) is None
    assert parse_retry_after(None, now) is None


def test_read_timeout_is_retried_but_refused_connection_is_not() -> None:
    """RELIABILITY 7: a timeout is transient (retried); a refused connection is not."""
    with raw_server(silent) as base:
        waited, sleep = sleeps()
        with pytest.raises(FetchError):
            fetch(base + "/", limits=FAST, retry=RetryPolicy(retries=1), sleep=sleep)
        assert len(waited) == 1
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    with pytest.raises(FetchError) as info:
        fetch(f"http://127.0.0.1:{port}/", limits=FAST, sleep=pytest.fail)
    assert str(info.value) == f"connection refused: http://127.0.0.1:{port}/"
    assert not info.value.retryable


class NoNetwork(requests.adapters.HTTPAdapter):
    """A transport that fails the test if a request reaches it."""

    def send(self, *args: object, **kwargs: object) -> requests.Response:
        pytest.fail("a request was sent")


def test_dns_failure_on_reserved_name_is_immediate_and_final() -> None:
    """RELIABILITY 7: a name under .invalid fails as a DNS error, without a lookup or a retry."""
    with requests.Session() as session:
        session.mount("http://", NoNetwork())
        with pytest.raises(FetchError) as info:
            fetch("http://no-such-host.invalid/story", session=session, sleep=pytest.fail)
    assert str(info.value) == (
        "could not resolve host no-such-host.invalid: http://no-such-host.invalid/story"
    )
    assert not info.value.retryable


# -- RELIABILITY 11: User-Agent -----------------------------------------------------------------


def test_user_agent_is_honest_with_a_contact_url(srv: Loopback) -> None:
    """RELIABILITY 11: the server sees `archiver/<version> (+<project url>)`."""
    srv.static("/ua", PAGE)
    fetch_once(srv.url("/ua"))
    expected = f"archiver/{__version__} (+https://github.com/archiver-project/archiver)"
    assert srv.hits("/ua")[0].headers["User-Agent"] == expected
    # fetch() without a session, and a session from new_session(), send the same.
    fetch(srv.url("/ua"))
    with new_session() as session:
        fetch_once(srv.url("/ua"), session=session)
    assert {h.headers["User-Agent"] for h in srv.hits("/ua")} == {expected}


# -- RELIABILITY 13: only HTML ------------------------------------------------------------------


@pytest.mark.parametrize(
    "ctype", ["application/pdf", "image/png", "application/octet-stream", "text/plain"]
)
def test_non_html_content_types_are_refused(srv: Loopback, ctype: str) -> None:
    """RELIABILITY 13: PDF, image, octet-stream, plain text: a clear error naming the type."""
    srv.static("/doc", b"%PDF-1.4 ...", content_type=f"{ctype}; charset=binary")
    err = failure(srv.url("/doc"))
    assert str(err) == f"not an HTML page ({ctype}): {srv.url('/doc')}"
    assert not err.retryable


def test_xhtml_is_accepted(srv: Loopback) -> None:
    """RELIABILITY 13: application/xhtml+xml is HTML."""
    srv.static("/x", PAGE, content_type="Application/XHTML+XML")
    assert fetch_once(srv.url("/x")).content_type == "application/xhtml+xml"


def test_missing_content_type_is_sniffed(srv: Loopback) -> None:
    """RELIABILITY 13: with no Content-Type, an HTML-looking body is HTML, a PDF is not."""
    srv.static("/html", "\n  <!doctype html><p>x", content_type="")
    srv.static("/pdf", b"%PDF-1.4 \x00\x01", content_type="")
    assert fetch_once(srv.url("/html")).content_type == "text/html"
    assert str(failure(srv.url("/pdf"))) == (
        f"not an HTML page (no Content-Type, and the body is not HTML): {srv.url('/pdf')}"
    )


# -- RELIABILITY 14: the HTTP charset and the bytes -----------------------------------------------


def test_wrong_header_charset_still_gives_the_exact_text(srv: Loopback) -> None:
    """RELIABILITY 14: UTF-8 served as iso-8859-1, cp1251 served as utf-8: exact text."""
    enc = FIXTURES / "encoding"
    srv.static(
        "/utf8",
        (enc / "utf8-no-charset.html").read_bytes(),
        content_type="text/html; charset=ISO-8859-1",
    )
    srv.static(
        "/cp1251",
        (enc / "cp1251-meta.html").read_bytes(),
        content_type='text/html; charset="utf-8"',
    )
    utf8 = fetch_once(srv.url("/utf8"))
    assert utf8.charset == "ISO-8859-1"
    assert utf8.text() == (enc / "utf8-no-charset.txt").read_text(encoding="utf-8")
    assert fetch_once(srv.url("/cp1251")).text() == (enc / "cp1251-meta.txt").read_text(
        encoding="utf-8"
    )


def test_header_charset_decodes_an_undeclared_page(srv: Loopback) -> None:
    """RELIABILITY 14: the HTTP charset is used for a page that declares none."""
    enc = FIXTURES / "encoding"
    srv.static(
        "/sjis",
        (enc / "shift_jis-undeclared.html").read_bytes(),
        content_type="text/html; charset=Shift_JIS",
    )
    assert fetch_once(srv.url("/sjis")).text() == (enc / "shift_jis-undeclared.txt").read_text(
        encoding="utf-8"
    )


# -- RELIABILITY 26: private addresses ----------------------------------------------------------


def only_127_0_0_1(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Treat 127.0.0.2 as a public host and 127.0.0.1 as the private network."""
    return str(address) == "127.0.0.1"


@pytest.fixture
def public() -> Iterator[Loopback]:
    with Loopback(host="127.0.0.2") as server:
        yield server


def test_public_to_private_redirect_is_refused(srv: Loopback, public: Loopback) -> None:
    """RELIABILITY 26: a public host redirecting to a private address is refused."""
    srv.static("/admin", PAGE)
    public.routes["/go"] = redirect(srv.url("/admin"))
    err = failure(public.url("/go"), is_private=only_127_0_0_1)
    assert str(err).startswith(
        f"redirect from a public host to a private address refused: {srv.url('/admin')}"
    )
    assert srv.hits("/admin") == []
    allowed = Limits(allow_private=True)
    fetched = fetch_once(public.url("/go"), limits=allowed, is_private=only_127_0_0_1)
    assert fetched.final_url == srv.url("/admin")


def test_private_first_url_and_private_to_private_are_allowed(srv: Loopback) -> None:
    """RELIABILITY 26: the user's own URL may be private, and so may its redirects."""
    srv.routes["/r"] = redirect("/page")
    srv.static("/page", PAGE)
    assert fetch_once(srv.url("/r"), is_private=only_127_0_0_1).final_url == srv.url("/page")
    assert fetch_once(srv.url("/r")).final_url == srv.url("/page")  # real classifier


def test_redirect_to_a_name_that_resolves_privately_is_refused(public: Loopback) -> None:
    """RELIABILITY 26: a hostname is judged by the addresses it resolves to."""
    public.routes["/go"] = redirect("http://intranet.example:8080/secret")
    looked_up: list[str] = []

    def resolve(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        looked_up.append(host)
        return [ipaddress.ip_address("93.184.215.14"), ipaddress.ip_address("127.0.0.1")]

    err = failure(public.url("/go"), is_private=only_127_0_0_1, resolve=resolve)
    assert "private address refused: http://intranet.example:8080/secret" in str(err)
    assert looked_up == ["intranet.example"]


def test_redirect_to_a_name_that_does_not_resolve_is_a_dns_error(public: Loopback) -> None:
    """RELIABILITY 26: a redirect target whose lookup fails is the same clear DNS error."""
    public.routes["/go"] = redirect("http://gone.example/story")

    def resolve(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    err = failure(public.url("/go"), is_private=only_127_0_0_1, resolve=resolve)
    assert str(err) == "could not resolve host gone.example: http://gone.example/story"
    assert not err.retryable


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("::1", True),
        ("fe80::1", True),
        ("fd00::1", True),
        ("::ffff:127.0.0.1", True),
        ("93.184.215.14", False),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", False),
    ],
)
def test_private_address_classifier(address: str, private: bool) -> None:
    """RELIABILITY 26: loopback, RFC 1918, link-local, CGNAT, ULA, mapped IPv4 are private."""
    assert is_private_address(ipaddress.ip_address(address)) is private


# -- hostile responses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "starts"),
    [
        (b"", "the server closed the connection without answering"),
        (b"HELLO WORLD\r\n\r\n", "malformed response (HELLO WORLD)"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", "connection closed before"),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n"
            b"zz\r\nxx\r\n",
            "malformed response (bad chunked encoding)",
        ),
        (b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70000 + b"\r\n\r\n", "malformed response"),
        (
            b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(150)) + b"\r\n",
            "malformed response (got more than 100 headers)",
        ),
        (b"HTTP/1.1 999 Weird\r\nContent-Length: 0\r\n\r\n", "HTTP 999 Weird"),
        (
            b"HTTP/1.1 200 OK\r\nContent-Type: \xff\xfe/\x00\r\nContent-Length: 2\r\n\r\nhi",
            "not an HTML page (ÿþ/\\x00)",
        ),
        (b"HTTP/1.1 302 Found\r\nLocation: \xff\xfe\r\nContent-Length: 0\r\n\r\n", "redirect loop"),
        (b"HTTP/1.1 503 No\r\nRetry-After: \xff\r\nContent-Length: 0\r\n\r\n", "HTTP 503 No"),
    ],
)
def test_hostile_responses_are_one_line_errors(response: bytes, starts: str) -> None:
    """RELIABILITY 1-7: garbage, truncation, bad chunks, header floods: one line, no traceback."""
    with raw_server(answer(response)) as base:
        err = failure(base + "/")
    assert str(err).startswith(starts), str(err)
    assert base in str(err)
