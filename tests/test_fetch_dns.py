"""Name resolution: inside the deadline (RELIABILITY 27), and resolved once, checked, and
connected to as checked (RELIABILITY 28), with resolver seams on loopback servers.

`localhost` is the name the tests resolve through a seam: were the fetcher to resolve it a
second time by itself, the system would answer 127.0.0.1, the "private" server.
"""

from __future__ import annotations

import ipaddress
import signal
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from archiver.connect import lookup
from archiver.errors import FetchError
from archiver.fetch import TREAT_AS_PUBLIC, IPAddress, Limits, fetch_once, new_session
from tests.server import Loopback

PAGE = "<!DOCTYPE html><html><head><title>T</title></head><body><p>Hello</p></body></html>"
SECRET = "<!DOCTYPE html><html><head><title>Secret</title></head><body><p>no</p></body></html>"
FAST = Limits(connect_timeout=5.0, read_timeout=5.0, deadline=1.0)


def ip(text: str) -> IPAddress:
    return ipaddress.ip_address(text)


def failure(url: str, limits: Limits = FAST, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetch_once(url, limits=limits, **kwargs)  # type: ignore[arg-type]
    assert "\n" not in str(info.value)
    return info.value


@pytest.fixture
def hanging() -> Iterator[Callable[[str], list[IPAddress]]]:
    """A resolver that never answers (until the test ends)."""
    release = threading.Event()

    def resolve(host: str) -> list[IPAddress]:
        release.wait(60)
        return [ip("127.0.0.1")]

    yield resolve
    release.set()


def answers(*replies: list[str]) -> tuple[Callable[[str], list[IPAddress]], list[str]]:
    """A resolver giving each reply in turn (the last repeats), and the log of its lookups."""
    asked: list[str] = []

    def resolve(host: str) -> list[IPAddress]:
        asked.append(host)
        reply = replies[min(len(asked), len(replies)) - 1]
        return [ip(a) for a in reply]

    return resolve, asked


# -- RELIABILITY 27: DNS inside the deadline ---------------------------------------------------


def test_a_hanging_resolver_is_abandoned_at_the_deadline(
    hanging: Callable[[str], list[IPAddress]],
) -> None:
    """RELIABILITY 27: a resolver that blocks: "DNS lookup timed out" at the deadline."""
    start = time.monotonic()
    err = failure("http://slow-dns.example/story", resolve=hanging)
    elapsed = time.monotonic() - start
    assert str(err) == (
        "DNS lookup timed out: no answer for slow-dns.example within the 1 s deadline: "
        "http://slow-dns.example/story"
    )
    assert not err.retryable
    assert 0.9 <= elapsed < 2.0


class _Stopped(Exception):
    """Raised by the test's own SIGINT handler (never a KeyboardInterrupt in pytest)."""


def test_ctrl_c_handed_to_another_thread_stops_a_hanging_lookup_at_once(
    hanging: Callable[[str], list[IPAddress]],
) -> None:
    """RELIABILITY 27: Ctrl-C during a lookup the resolver never answers is acted on at once,
    even when the kernel hands the signal to another of the process's threads (Python runs
    the handler only when the main thread next runs Python code): the lookup is waited for
    in slices, not once until its timeout."""
    sent: list[float] = []

    def stop(_signum: int, _frame: object) -> None:
        raise _Stopped

    def send() -> None:
        time.sleep(0.5)  # the lookup is under way
        sent.append(time.monotonic())
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)  # to this thread, not main

    previous = signal.signal(signal.SIGINT, stop)
    try:
        threading.Thread(target=send, daemon=True).start()
        with pytest.raises(_Stopped):
            lookup("slow-dns.example", hanging, 30.0)
        stopped = time.monotonic()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert sent and stopped - sent[0] < 2, f"stopped {stopped - sent[0]:.1f} s after Ctrl-C"


def test_a_hanging_resolver_is_bounded_by_the_connect_timeout_too(
    hanging: Callable[[str], list[IPAddress]],
) -> None:
    """RELIABILITY 27: within a longer deadline, the connect timeout bounds the lookup, and a
    lookup that timed out may be tried again."""
    limits = Limits(connect_timeout=0.5, read_timeout=5.0, deadline=10.0)
    start = time.monotonic()
    err = failure("http://slow-dns.example/", limits, resolve=hanging)
    assert time.monotonic() - start < 1.5
    assert str(err) == (
        "DNS lookup timed out: no answer for slow-dns.example in 0.5 s: http://slow-dns.example/"
    )
    assert err.retryable


def test_a_redirect_to_a_hanging_name_ends_at_the_deadline(
    server: Loopback, hanging: Callable[[str], list[IPAddress]]
) -> None:
    """RELIABILITY 27: every hop's lookup counts against the one deadline."""
    server.static("/go", "", status=302, headers={"Location": "http://slow-dns.example/x"})
    start = time.monotonic()
    err = failure(server.url("/go"), resolve=hanging)
    assert time.monotonic() - start < 2.0
    assert str(err).startswith("DNS lookup timed out: no answer for slow-dns.example within")


def test_a_resolver_error_is_a_clear_dns_error() -> None:
    """RELIABILITY 27: a name that does not resolve, or resolves to nothing, is one line."""

    def broken(host: str) -> list[IPAddress]:
        raise OSError("Name or service not known")

    for resolve in (broken, lambda host: []):
        err = failure("http://nowhere.example/a", resolve=resolve)
        assert str(err) == "could not resolve host nowhere.example: http://nowhere.example/a"


# -- RELIABILITY 28: no DNS rebinding ----------------------------------------------------------


@pytest.fixture
def hosts(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Loopback, Loopback, Loopback]]:
    """(public 127.0.0.2 with the redirect, "public" 127.0.0.3, private 127.0.0.1 on the same
    port as 127.0.0.3, so that only the address tells them apart)."""
    monkeypatch.setenv(TREAT_AS_PUBLIC, "127.0.0.2,127.0.0.3")
    outside = Loopback(host="127.0.0.3")
    with Loopback(host="127.0.0.2") as origin, outside, Loopback(port=outside.port) as inside:
        outside.static("/story", PAGE)
        inside.static("/story", SECRET)
        location = f"http://localhost:{outside.port}/story"
        origin.static("/go", "", status=302, headers={"Location": location})
        yield origin, outside, inside


def test_rebinding_resolver_never_reaches_the_loopback_server(
    hosts: tuple[Loopback, Loopback, Loopback],
) -> None:
    """RELIABILITY 28: a resolver answering public first and 127.0.0.1 second never reaches
    the loopback server: the name is resolved once, and the checked address is connected to,
    with the name kept in the Host header."""
    origin, outside, inside = hosts
    resolve, asked = answers(["127.0.0.3"], ["127.0.0.1"])
    fetched = fetch_once(origin.url("/go"), limits=FAST, resolve=resolve)
    assert fetched.final_url == f"http://localhost:{outside.port}/story"
    assert fetched.text() == PAGE
    assert asked == ["localhost"]
    assert inside.log == []
    assert [h.headers["Host"] for h in outside.hits("/story")] == [f"localhost:{outside.port}"]


def test_any_private_address_in_the_answer_refuses_the_hop(
    hosts: tuple[Loopback, Loopback, Loopback],
) -> None:
    """RELIABILITY 28: every address of the answer is checked (loopback, IPv4-mapped,
    link-local, multicast), not only the first."""
    origin, _, inside = hosts
    for bad in ("127.0.0.1", "::ffff:127.0.0.1", "169.254.169.254", "fe80::1", "224.0.0.251"):
        resolve, _ = answers(["127.0.0.3", bad])
        err = failure(origin.url("/go"), resolve=resolve)
        assert str(err).startswith("redirect from a public host to a private address refused")
    assert inside.log == []


def test_a_kept_alive_connection_to_another_address_is_not_reused(
    hosts: tuple[Loopback, Loopback, Loopback],
) -> None:
    """RELIABILITY 28: a pooled connection made for an earlier answer (127.0.0.1, the user's
    own URL) is not reused when this fetch checked another address."""
    origin, outside, inside = hosts
    with new_session() as session:
        first, _ = answers(["127.0.0.1"])
        own = fetch_once(f"http://localhost:{outside.port}/story", session=session, resolve=first)
        assert own.text() == SECRET  # the user's own URL may be private
        second, _ = answers(["127.0.0.3"])
        fetched = fetch_once(origin.url("/go"), session=session, limits=FAST, resolve=second)
    assert fetched.text() == PAGE
    assert len(inside.hits("/story")) == 1
    assert len(outside.hits("/story")) == 1
