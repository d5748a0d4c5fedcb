"""Retries against loopback servers (RELIABILITY 7): which failures are tried again, how long
between tries (backoff, Retry-After), and which are final at once."""

from __future__ import annotations

import socket
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

import pytest
import requests

from archiver.errors import FetchError
from archiver.fetch import RetryPolicy, fetch, parse_retry_after
from tests.fetch_helpers import FAST, PAGE, raw_server, silent
from tests.server import Loopback


def sleeps() -> tuple[list[float], Callable[[float], None]]:
    recorded: list[float] = []
    return recorded, recorded.append


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
