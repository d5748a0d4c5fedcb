"""Where a request may go and how it gets there: the private-address check, name resolution
under the per-URL deadline, and connections made to the very address that was checked,
with every recv and the TLS handshake bounded by the deadline.
"""

from __future__ import annotations

import functools
import http.client
import io
import ipaddress
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util import connection as urllib3_connection

from archiver.errors import ArchiverError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str], list[IPAddress]]

# A test setting: comma-separated addresses or CIDR ranges the private-address check treats as
# public, so that a public -> private case can be shown on loopback (127.0.0.0/8) alone.
TREAT_AS_PUBLIC = "ARCHIVER_TREAT_AS_PUBLIC"


# -- addresses ----------------------------------------------------------------------------------


def ip_of(host: str) -> IPAddress | None:
    """The address a host literally is ("127.0.0.1", "[::1]"), or None for a name."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def is_private_address(address: IPAddress) -> bool:
    """True for addresses not reachable on the public internet: loopback, RFC 1918, link-local,
    CGNAT, multicast, reserved, unique-local, and IPv4-mapped IPv6 forms of those.

    The one private-address check: every component that decides whether a request may go to
    an address (redirects, feed entries, a browser's requests, pictures) calls this.
    Addresses listed in $ARCHIVER_TREAT_AS_PUBLIC count as public.
    """
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address in network for network in treated_as_public()):
        return False
    # is_global is False for every special-purpose block but also True for multicast ones.
    return not address.is_global or address.is_multicast


def treated_as_public() -> tuple[IPNetwork, ...]:
    """The networks $ARCHIVER_TREAT_AS_PUBLIC names; ArchiverError if an entry is not one."""
    return _parse_networks(os.environ.get(TREAT_AS_PUBLIC, ""))


@functools.lru_cache(maxsize=8)
def _parse_networks(value: str) -> tuple[IPNetwork, ...]:
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ArchiverError(
                f"{TREAT_AS_PUBLIC}: {item!r} is not an IP address or CIDR range"
            ) from None
    return tuple(networks)


def resolve_host(host: str) -> list[IPAddress]:
    """Every address `host` resolves to, in the system's order (the seam tests replace)."""
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    found = (ip_of(str(info[4][0])) for info in infos)
    return list(dict.fromkeys(address for address in found if address is not None))


class LookupTimeout(TimeoutError):
    """The resolver gave no answer in the time allowed."""


# A lookup is waited for in slices of this many seconds.
_WAIT_SLICE = 0.25


def lookup(host: str, resolve: Resolver, timeout: float) -> list[IPAddress]:
    """`resolve(host)` given at most `timeout` seconds.

    The system resolver cannot be interrupted, so it runs on a daemon thread that is abandoned
    (left to finish on its own) when time is up: a hanging DNS server costs a thread for a
    while, never the caller's deadline. Raises LookupTimeout, or what `resolve` raised.
    """
    answer: list[list[IPAddress] | BaseException] = []
    done = threading.Event()

    def run() -> None:
        try:
            answer.append(resolve(host))
        except BaseException as err:  # handed to the caller's thread as it is
            answer.append(err)
        finally:
            done.set()

    threading.Thread(target=run, name=f"lookup {host}", daemon=True).start()
    # Waited for in slices: Ctrl-C may reach any thread of the process, and Python acts on it
    # only when the main thread next runs Python code, not inside one long wait.
    end = time.monotonic() + timeout
    while not done.wait(min(_WAIT_SLICE, max(0.0, end - time.monotonic()))):
        if time.monotonic() >= end:
            raise LookupTimeout(f"no answer for {host} in {timeout:g} s")
    result = answer[0]
    if isinstance(result, BaseException):
        raise result
    return result


def addresses_of(host: str, resolve: Resolver, timeout: float) -> list[IPAddress]:
    """The host's addresses: its literal, or its name resolved within `timeout` seconds;
    [] when the name gives no answer in time or cannot be resolved."""
    try:
        literal = ip_of(host)
        return [literal] if literal else lookup(host, resolve, max(0.0, timeout))
    except (OSError, UnicodeError, TimeoutError):
        return []


def public_addresses(
    host: str,
    resolve: Resolver,
    timeout: float,
    is_private: Callable[[IPAddress], bool] = is_private_address,
) -> list[IPAddress]:
    """The host's addresses when none is private; [] when one is, or when the name gives no
    answer in `timeout` seconds. What a public page points at is checked so before anything
    is asked of its host (robots.txt included); the answer is then what connections to the
    host are pinned to (`pinned`), not a second answer of the resolver."""
    addresses = addresses_of(host, resolve, timeout)
    if any(is_private(a) for a in addresses):
        return []
    return addresses


# -- the deadline and the pinned route of the fetch in progress ----------------------------------

# The monotonic time by which the fetch in progress on this thread must end. Read by the
# connections of a `DeadlineAdapter` when they connect and for every recv, so a server that
# drips bytes (handshake, headers or body) cannot outlast the deadline; a per-recv timeout
# alone never fires while a byte arrives.
_DEADLINE: ContextVar[float | None] = ContextVar("archiver_fetch_deadline", default=None)


@dataclass(frozen=True)
class Route:
    """The checked addresses of `host`: the only ones a connection to it may use."""

    host: str  # lowercase, no trailing dot
    addresses: tuple[IPAddress, ...]


_ROUTE: ContextVar[Route | None] = ContextVar("archiver_fetch_route", default=None)


class DeadlineTimeout(TimeoutError):
    """The whole-URL deadline passed while connecting or waiting for bytes."""


@contextmanager
def deadline_scope(deadline: float) -> Iterator[None]:
    """Connections made and read on this thread inside the block end by `deadline`."""
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


@contextmanager
def pinned(host: str, addresses: list[IPAddress]) -> Iterator[None]:
    """Connections to `host` inside the block go to `addresses` only, in order.

    This is what makes the private-address check hold: the name is resolved once, the answer
    checked, and the socket connected to a checked address, so a DNS server that answers
    differently the second time (rebinding) is never asked a second time. Host header, SNI
    and certificate verification still use the name.
    """
    token = _ROUTE.set(Route(_host_key(host), tuple(addresses)))
    try:
        yield
    finally:
        _ROUTE.reset(token)


def _host_key(host: str) -> str:
    return host.strip("[]").rstrip(".").lower()


def _time_left() -> float | None:
    deadline = _DEADLINE.get()
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeadlineTimeout("deadline passed")
    return left


def _bounded(timeout: Any) -> float | None:
    """`timeout` (seconds, or None for none) cut to the time left before the deadline."""
    seconds = float(timeout) if isinstance(timeout, int | float) else None
    left = _time_left()
    if left is None:
        return seconds
    return left if seconds is None else min(seconds, left)


def _route_for(host: str) -> Route | None:
    route = _ROUTE.get()
    return route if route is not None and route.host == _host_key(host) else None


# -- connections --------------------------------------------------------------------------------


class _DeadlineIO(io.RawIOBase):
    """A socket reader whose every recv waits at most min(read timeout, time left)."""

    def __init__(self, raw: io.RawIOBase, sock: socket.socket) -> None:
        self._raw = raw
        self._sock = sock
        self._timeout = sock.gettimeout()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        if _DEADLINE.get() is not None:
            self._sock.settimeout(_bounded(self._timeout))
        return self._raw.readinto(buffer)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _DeadlineResponse(http.client.HTTPResponse):
    def __init__(
        self, sock: socket.socket, debuglevel: int = 0, method: str | None = None, url: Any = None
    ) -> None:
        super().__init__(sock, debuglevel, method, url)
        # Keep the socket's own reader (it holds the socket open past a "Connection: close").
        raw = self.fp.detach()
        self.fp = io.BufferedReader(_DeadlineIO(raw, sock))


def _connect(conn: HTTPConnection) -> socket.socket:
    """A TCP connection for `conn`: to its pinned addresses when the host has a route, each
    try bounded by the deadline; the socket's timeout then bounds the TLS handshake too."""
    route = _route_for(conn.host)
    if route is None or not route.addresses:
        if _DEADLINE.get() is not None:
            conn.timeout = _bounded(conn.timeout)
        sock = HTTPConnection._new_conn(conn)
    else:
        sock = _connect_pinned(conn, route)
    # CPython bounds a whole TLS handshake by the socket's timeout at its start, not each
    # recv: capping it by the time left stops a handshake dripped a byte at a time.
    sock.settimeout(_bounded(sock.gettimeout()))
    return sock


def _connect_pinned(conn: HTTPConnection, route: Route) -> socket.socket:
    error: Exception | None = None
    cause: OSError | None = None
    for address in route.addresses:
        timeout = _bounded(conn.timeout)
        try:
            return urllib3_connection.create_connection(
                (str(address), conn.port),
                timeout,
                source_address=conn.source_address,
                socket_options=conn.socket_options,
            )
        except TimeoutError as err:
            cause = err
            error = ConnectTimeoutError(
                conn,
                f"Connection to {conn.host} ({address}) timed out. (connect timeout={timeout})",
            )
        except OSError as err:
            cause = err
            error = NewConnectionError(conn, f"Failed to establish a new connection: {err}")
    assert error is not None
    raise error from cause


class _HTTPConnection(HTTPConnection):
    response_class = _DeadlineResponse

    def _new_conn(self) -> socket.socket:
        return _connect(self)


class _HTTPSConnection(HTTPSConnection):
    response_class = _DeadlineResponse

    def _new_conn(self) -> socket.socket:
        return _connect(self)


def _reusable(conn: Any) -> bool:
    """A kept-alive connection may serve this request only if it goes to a checked address."""
    sock = getattr(conn, "sock", None)
    route = _route_for(getattr(conn, "host", ""))
    if sock is None or route is None:
        return True
    try:
        peer = ip_of(str(sock.getpeername()[0]))
    except OSError:
        return False
    return peer in route.addresses


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection

    def _get_conn(self, timeout: float | None = None) -> Any:
        conn = super()._get_conn(timeout)
        if not _reusable(conn):
            conn.close()
        return conn


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection

    def _get_conn(self, timeout: float | None = None) -> Any:
        conn = super()._get_conn(timeout)
        if not _reusable(conn):
            conn.close()
        return conn


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter, with connections that go to the pinned address of their host and
    whose connect, handshake and reads respect the fetch deadline.

    Connections through a proxy (ProxyManager) keep plain sockets: the proxy resolves the
    name, and the deadline is checked between body reads only, as for any caller's Session.
    """

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
