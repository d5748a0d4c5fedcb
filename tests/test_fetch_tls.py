"""TLS is always verified: HTTPS servers on loopback with certificates from a throwaway CA."""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
import trustme

from archiver.errors import FetchError
from archiver.fetch import IPAddress, Limits, fetch, fetch_once, new_session
from tests.server import Loopback

PAGE = b"<!DOCTYPE html><html><head><title>T</title></head><body><p>Hi</p></body></html>"
LIMITS = Limits(connect_timeout=2, read_timeout=2, deadline=5)


class _Page(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)


class _TLSServer(ThreadingHTTPServer):
    """Each connection's TLS handshake runs in its own handler thread, bounded by a timeout.

    A listening socket wrapped by `SSLContext.wrap_socket` does the handshake inside
    `accept()`, in the thread that serves the loop, with no timeout: one client that connects
    and never sends its hello (the relay below, for a client that only opened a TCP
    connection) held that thread, and `shutdown()` waited for it for ever.
    """

    daemon_threads = True

    def __init__(self, address: tuple[str, int], context: ssl.SSLContext) -> None:
        super().__init__(address, _Page)
        self.context = context

    def get_request(self) -> tuple[socket.socket, object]:
        plain, address = self.socket.accept()
        plain.settimeout(5)
        wrapped = self.context.wrap_socket(plain, server_side=True, do_handshake_on_connect=False)
        return wrapped, address

    def finish_request(self, request: object, client_address: object) -> None:
        assert isinstance(request, ssl.SSLSocket)
        try:
            request.do_handshake()
        except OSError:
            return  # a client that refused the certificate, or sent no hello in time
        super().finish_request(request, client_address)


@contextmanager
def https_server(cert: trustme.LeafCert, host: str = "127.0.0.1") -> Iterator[str]:
    """An HTTPS server on `host` presenting `cert`; yields its base URL."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    httpd = _TLSServer((host, 0), context)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"https://{host}:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def ca_bundle(ca: trustme.CA, tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def tls_failure(url: str, session: requests.Session | None = None) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetch_once(url, session=session, limits=LIMITS)
    assert "\n" not in str(info.value)
    assert not info.value.retryable
    return info.value


def test_untrusted_certificate_is_a_clear_tls_error(ca: trustme.CA) -> None:
    """RELIABILITY 12: a certificate from an unknown CA: a clear TLS verification error."""
    with https_server(ca.issue_cert("127.0.0.1")) as base:
        err = tls_failure(base + "/story")
        assert str(err).startswith("TLS certificate verification failed (")
        assert str(err).endswith(f"): {base}/story")
        with pytest.raises(FetchError):
            fetch(base + "/story", limits=LIMITS, sleep=pytest.fail)  # not retried


def test_trusted_certificate_is_fetched(ca: trustme.CA, ca_bundle: str) -> None:
    """RELIABILITY 12: the same server is fine once its CA is trusted (the test can fail)."""
    with https_server(ca.issue_cert("127.0.0.1")) as base, new_session() as session:
        session.verify = ca_bundle
        fetched = fetch_once(base + "/", session=session, limits=LIMITS)
    assert fetched.body == PAGE and fetched.final_url.startswith("https://")


def test_verify_false_on_the_session_does_not_turn_verification_off(
    ca: trustme.CA, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RELIABILITY 12: no silent fallback, even for a session that says verify=False."""
    # requests lets these variables replace a session's verify=False; without them the
    # session's own setting is what reaches the fetcher.
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    with https_server(ca.issue_cert("127.0.0.1")) as base, requests.Session() as session:
        session.verify = False
        err = tls_failure(base + "/", session)
    assert str(err).startswith("TLS certificate verification failed")


def test_hostname_mismatch_is_refused(ca: trustme.CA, ca_bundle: str) -> None:
    """RELIABILITY 12: a trusted certificate for another name is refused."""
    with https_server(ca.issue_cert("news.example.org")) as base, new_session() as session:
        session.verify = ca_bundle
        err = tls_failure(base + "/", session)
    assert str(err).startswith("TLS certificate verification failed (")
    assert "mismatch" in str(err).lower() or "match" in str(err).lower()


def test_expired_certificate_is_refused(ca: trustme.CA, ca_bundle: str) -> None:
    """RELIABILITY 12: an expired certificate is refused."""
    past = datetime.now(UTC) - timedelta(days=30)
    cert = ca.issue_cert("127.0.0.1", not_before=past - timedelta(days=30), not_after=past)
    with https_server(cert) as base, new_session() as session:
        session.verify = ca_bundle
        err = tls_failure(base + "/", session)
    assert "expired" in str(err)


def test_redirect_to_an_untrusted_https_host_is_refused(ca: trustme.CA) -> None:
    """RELIABILITY 12: TLS is verified on every redirect hop, not only the first."""
    with https_server(ca.issue_cert("127.0.0.1")) as base, Loopback() as plain:
        plain.static("/go", "", status=301, headers={"Location": base + "/story"})
        err = tls_failure(plain.url("/go"))
    assert str(err).startswith("TLS certificate verification failed (")
    assert base + "/story" in str(err)


def test_plain_http_client_talking_to_a_tls_port_is_a_clear_error(ca: trustme.CA) -> None:
    """RELIABILITY 12: http:// to a TLS-only port fails with one line, no traceback."""
    with https_server(ca.issue_cert("127.0.0.1")) as base:
        url = base.replace("https://", "http://") + "/"
        with pytest.raises(FetchError) as info:
            fetch_once(url, limits=LIMITS)
    assert "\n" not in str(info.value) and url in str(info.value)


# -- RELIABILITY 28, 29: pinned addresses and the handshake under the deadline -------------------


def to_127_0_0_3(host: str) -> list[IPAddress]:
    return [ipaddress.ip_address("127.0.0.3")]


def test_tls_to_a_pinned_address_is_verified_against_the_name(
    ca: trustme.CA, ca_bundle: str
) -> None:
    """RELIABILITY 28: connected to the checked address, TLS still sends the name as SNI and
    verifies the certificate against the name, not the address."""
    with https_server(ca.issue_cert("news.example"), host="127.0.0.3") as base:
        port = base.rsplit(":", 1)[1]
        with new_session() as session:
            session.verify = ca_bundle
            fetched = fetch_once(
                f"https://news.example:{port}/", session=session, resolve=to_127_0_0_3
            )
    assert fetched.body == PAGE
    with https_server(ca.issue_cert("127.0.0.3"), host="127.0.0.3") as base:
        port = base.rsplit(":", 1)[1]
        with new_session() as session:
            session.verify = ca_bundle
            with pytest.raises(FetchError) as info:
                fetch_once(f"https://news.example:{port}/", session=session, resolve=to_127_0_0_3)
    assert str(info.value).startswith("TLS certificate verification failed (")


@contextmanager
def dripping_tls_server(
    cert: trustme.LeafCert, gap: float, *, slow_accept: float = 0.0
) -> Iterator[str]:
    """A TLS server whose every byte to the client (the handshake first) comes `gap` seconds
    after the one before: a relay in front of a real HTTPS server. Yields its base URL.

    `slow_accept`: for that long the listener's accept queue is kept full (backlog 0, one
    connection waiting in it), so the kernel drops a client's SYN and the client's TCP
    connect completes only at a retransmission (Linux: 1 s, then 3 s after the first SYN).
    """
    stop = threading.Event()
    with https_server(cert) as backend:
        backend_port = int(backend.rsplit(":", 1)[1])
        listener = socket.create_server(("127.0.0.1", 0), backlog=0)
        listener.settimeout(0.05)
        plug = socket.create_connection(listener.getsockname()) if slow_accept else None
        opened = time.monotonic()

        def pump(source: socket.socket, sink: socket.socket, delay: float) -> None:
            with suppress(OSError):
                while not stop.is_set():
                    data = source.recv(1 if delay else 65536)
                    if not data:
                        return
                    if delay:
                        stop.wait(delay)
                    sink.sendall(data)

        def forward(client: socket.socket, upstream: socket.socket) -> None:
            pump(client, upstream, 0.0)
            with suppress(OSError):
                upstream.shutdown(socket.SHUT_WR)  # the client's end reaches the server

        def relay(client: socket.socket) -> None:
            with client, socket.create_connection(("127.0.0.1", backend_port)) as upstream:
                up = threading.Thread(target=forward, args=(client, upstream), daemon=True)
                up.start()
                pump(upstream, client, gap)

        def serve() -> None:
            stop.wait(max(0.0, opened + slow_accept - time.monotonic()))
            while not stop.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                except OSError:
                    return
                if plug is not None and client.getpeername() == plug.getsockname():
                    client.close()  # the connection that held the queue full
                    continue
                threading.Thread(target=relay, args=(client,), daemon=True).start()

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        try:
            yield f"https://127.0.0.1:{listener.getsockname()[1]}"
        finally:
            stop.set()
            thread.join()
            listener.close()
            if plug is not None:
                plug.close()


def test_a_dripping_tls_handshake_is_stopped_at_the_deadline(
    ca: trustme.CA, ca_bundle: str
) -> None:
    """RELIABILITY 29: a handshake sent a byte every 0.2 s (under the 1 s read timeout, so no
    single recv times out) that begins late, after a TCP connect the server's full accept
    queue held for 1-3 s, is stopped at the 4 s deadline. CPython bounds a whole
    handshake by the socket's timeout at its start: without the cap to the time left once
    connected, that timeout is the one set before the connect (the 4 s left then), and the
    handshake ran on for 4 s after the connect (6.0 s in all, measured)."""
    limits = Limits(connect_timeout=10, read_timeout=1, deadline=4)
    cert = ca.issue_cert("127.0.0.1")
    with (
        dripping_tls_server(cert, gap=0.2, slow_accept=1.5) as base,
        new_session() as s,
    ):
        s.verify = ca_bundle
        start = time.monotonic()
        with pytest.raises(FetchError) as info:
            fetch_once(base + "/", session=s, limits=limits)
        elapsed = time.monotonic() - start
    assert str(info.value) == (f"timed out: no complete response within the 4 s deadline: {base}/")
    assert 3.9 <= elapsed < 4.8  # without the cap: the connect's 1-3 s more


def test_the_slow_accept_holds_the_tcp_connect(ca: trustme.CA) -> None:
    """The slow accept of the test above does delay a client's TCP connect (else that test
    would show nothing about a handshake that begins late)."""
    with dripping_tls_server(ca.issue_cert("127.0.0.1"), gap=0.0, slow_accept=1.5) as base:
        start = time.monotonic()
        with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=10):
            elapsed = time.monotonic() - start
    assert 1.0 <= elapsed < 4.5  # at least the first SYN dropped, a retransmission accepted


def test_the_dripping_relay_does_deliver_the_page(ca: trustme.CA, ca_bundle: str) -> None:
    """The relay of the test above is a working TLS server, only slow."""
    with dripping_tls_server(ca.issue_cert("127.0.0.1"), gap=0.0) as base, new_session() as s:
        s.verify = ca_bundle
        assert fetch_once(base + "/", session=s, limits=LIMITS).body == PAGE
