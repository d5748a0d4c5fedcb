"""TLS is always verified: HTTPS servers on loopback with certificates from a throwaway CA."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
import trustme

from archiver.errors import FetchError
from archiver.fetch import Limits, fetch, fetch_once, new_session
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


@contextmanager
def https_server(cert: trustme.LeafCert) -> Iterator[str]:
    """An HTTPS server on 127.0.0.1 presenting `cert`; yields its base URL."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    httpd.daemon_threads = True
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"https://127.0.0.1:{httpd.server_address[1]}"
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
