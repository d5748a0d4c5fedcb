"""robots.txt per RFC 9309, parsed by protego, fetched once per origin and cached for a run.

A 4xx answer allows everything; a 5xx, a 429 or no answer at all forbids the whole origin
(the server may be overloaded); Crawl-delay raises the gap between requests to the origin.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from protego import Protego

from archiver.connect import IPAddress, pinned

ROBOTS_TIMEOUT = 10.0
# RFC 9309 2.5: crawlers must parse at least 500 KiB; the rest may be ignored.
ROBOTS_MAX_BYTES = 500 * 1024
# RFC 9309 2.3.1.2: follow at least five redirects, then the file may count as unavailable.
ROBOTS_MAX_REDIRECTS = 5


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, lowercased: the scope of one robots.txt."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}.get(parts.scheme)
    port = parts.port
    netloc = host if port is None or port == default else f"{host}:{port}"
    return f"{parts.scheme.lower()}://{netloc}"


@dataclass(frozen=True)
class Robots:
    """What one origin's robots.txt allows this user agent."""

    origin: str
    user_agent: str
    rules: Protego | None = None  # None: no usable file, everything allowed
    unavailable: str | None = None  # why the whole origin is off limits

    def refusal(self, url: str) -> str | None:
        """Why robots.txt forbids `url`, or None when it may be fetched."""
        if self.unavailable:
            return self.unavailable
        if self.rules is not None and not self.rules.can_fetch(url, self.user_agent):
            return "disallowed by robots.txt"
        return None

    @property
    def crawl_delay(self) -> float | None:
        if self.rules is None:
            return None
        delay = self.rules.crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None


def fetch_robots(
    origin: str,
    *,
    session: requests.Session,
    user_agent: str,
    timeout: float = ROBOTS_TIMEOUT,
    allow_private: bool = False,
) -> Robots:
    """GET <origin>/robots.txt (redirects followed by hand, bounded) and interpret the answer.
    A redirect from a public host to a private address is not followed (unless
    `allow_private`), as a page's is not (RELIABILITY 26)."""
    deadline = time.monotonic() + timeout
    url = f"{origin}/robots.txt"
    route: tuple[str, list[IPAddress]] | None = None  # a redirect target's checked addresses
    for _ in range(ROBOTS_MAX_REDIRECTS + 1):
        try:
            with pinned(*route) if route else contextlib.nullcontext():
                resp = session.get(
                    url, timeout=(timeout, timeout), stream=True, allow_redirects=False
                )
        except (requests.exceptions.InvalidURL, ValueError):
            # requests reads a redirect's Location even when it follows none: a target that
            # is no URL ("http://", a host no URL parser reads: "https://[x]/") raises. The
            # URL asked for was read already; a redirect leading nowhere is no file, as below.
            return Robots(origin, user_agent)
        except requests.RequestException as err:
            return Robots(origin, user_agent, unavailable=f"robots.txt unreachable ({_why(err)})")
        with resp:
            status = resp.status_code
            if resp.is_redirect:
                target = urljoin(url, resp.headers.get("Location", ""))
                if urlsplit(target).scheme not in ("http", "https"):
                    return Robots(origin, user_agent)
                route = _checked_hop(url, target, deadline, allow_private)
                if route is None:
                    # A public host's robots.txt redirecting to a private address (a cloud's
                    # metadata service, the user's router) leads nowhere: no file.
                    return Robots(origin, user_agent)
                url = target
                continue
            if 200 <= status < 300:
                try:
                    body = _read(resp, deadline)
                except requests.RequestException as err:
                    why = f"robots.txt unreachable ({_why(err)})"
                    return Robots(origin, user_agent, unavailable=why)
                text = body.decode("utf-8", errors="replace")
                return Robots(origin, user_agent, rules=Protego.parse(text))
            if status == 429 or status >= 500:
                return Robots(origin, user_agent, unavailable=f"robots.txt answered HTTP {status}")
            # 4xx (and anything else unusual): no rules, everything allowed.
            return Robots(origin, user_agent)
    return Robots(origin, user_agent)


def _read(resp: requests.Response, deadline: float) -> bytes:
    data = bytearray()
    for chunk in resp.iter_content(16 * 1024):
        data += chunk
        if len(data) >= ROBOTS_MAX_BYTES:
            break
        if time.monotonic() > deadline:
            raise requests.Timeout("robots.txt took too long")
    return bytes(data[:ROBOTS_MAX_BYTES])


def _why(err: requests.RequestException) -> str:
    if isinstance(err, requests.Timeout):
        return "timed out"
    if isinstance(err, requests.ConnectionError):
        return "connection refused" if "refused" in str(err) else "connection failed"
    return type(err).__name__


def _checked_hop(
    current: str, target: str, deadline: float, allow_private: bool
) -> tuple[str, list[IPAddress]] | None:
    """The redirect target's host and the addresses to connect it to ([]: resolve as usual),
    or None when a public host redirects to a private address."""
    from archiver.connect import addresses_of, is_private_address, resolve_host

    host = urlsplit(target).hostname or ""
    if allow_private:
        return host, []

    def addresses(name: str) -> list[IPAddress]:
        return addresses_of(name, resolve_host, deadline - time.monotonic())

    here = addresses(urlsplit(current).hostname or "")
    if not here or any(is_private_address(a) for a in here):
        return host, []  # a private host (the user's own) may point anywhere
    there = addresses(host)
    if any(is_private_address(a) for a in there):
        return None
    return host, there


class RobotsCache:
    """One robots.txt per origin per run; threads asking for the same origin share one fetch."""

    def __init__(self, load: Callable[[str], Robots]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._known: dict[str, Robots] = {}
        self._loading: dict[str, threading.Lock] = {}

    def known(self, origin: str) -> Robots | None:
        """The cached answer, without fetching."""
        with self._lock:
            return self._known.get(origin)

    def get(self, origin: str) -> Robots:
        """The origin's robots.txt, fetched on first use."""
        with self._lock:
            if origin in self._known:
                return self._known[origin]
            loading = self._loading.setdefault(origin, threading.Lock())
        with loading:
            with self._lock:
                if origin in self._known:
                    return self._known[origin]
            robots = self._load(origin)
            with self._lock:
                self._known[origin] = robots
                self._loading.pop(origin, None)
            return robots

    def refusal(self, url: str) -> str | None:
        """Why robots.txt forbids `url` (fetching it first if needed), or None."""
        return self.get(origin_of(url)).refusal(url)
