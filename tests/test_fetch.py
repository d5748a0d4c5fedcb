"""The fetcher against real loopback servers: timeouts, deadline, caps, encodings, User-Agent,
content types, charsets, hostile responses.

Well-behaved routes use tests/server.py's Loopback (the `srv` fixture in tests/conftest.py);
misbehaving servers (silent, dripping, hostile bytes) are raw sockets from `raw_server` in
tests/fetch_helpers.py. Limits are short so each fault test takes a second or two. Redirects,
URL checks and private addresses are in test_fetch_redirects.py, retries in
test_fetch_retries.py.
"""

from __future__ import annotations

import gzip
import hashlib
import socket
import time
import tracemalloc
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

import pytest
import requests

from archiver import __version__
from archiver.fetch import Fetched, Limits, fetch, fetch_once, new_session, user_agent
from tests.fetch_helpers import PAGE, answer, drip, failure, raw_server, silent
from tests.server import FIXTURES, Loopback

MB = 1024 * 1024


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
