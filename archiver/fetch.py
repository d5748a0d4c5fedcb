"""HTTP for one URL: session, timeouts, deadline, size cap, redirects, content type, retries.

`fetch_once` makes one attempt and returns a `Fetched` or raises a typed `FetchError` that says
whether a retry may help; `fetch` adds the small retry-with-backoff layer `archive` uses inline.
The batch scheduler calls `fetch_once` itself and owns retries per host.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import requests

from archiver.models import Capture

USER_AGENT_TEMPLATE = "archiver/{version} (+https://github.com/archiver-project/archiver)"
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Limits:
    """Bounds on one URL's fetch (defaults from RELIABILITY.md)."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 60.0  # whole URL, all redirect hops, seconds
    max_bytes: int = 20 * 1024 * 1024  # decoded (after content-encoding) body
    max_redirects: int = 10
    allow_private_redirects: bool = False  # public host -> private address


@dataclass(frozen=True)
class RetryPolicy:
    """Retry transient failures: exponential backoff from `base` with jitter, capped."""

    retries: int = 3
    base: float = 1.0
    cap: float = 60.0
    retry_after_cap: float = 120.0  # a longer Retry-After is not waited for


@dataclass(frozen=True)
class Fetched:
    """One successful HTML response, with everything a WARC record needs."""

    requested_url: str
    final_url: str
    status: int
    reason: str
    http_version: str  # "HTTP/1.1"
    request_headers: list[tuple[str, str]]
    response_headers: list[tuple[str, str]]
    body: bytes  # content-encoding undone, before charset decoding
    content_type: str  # media type only, lowercase: "text/html"
    charset: str | None  # from the Content-Type header, if any
    retrieved_at: datetime  # UTC
    sha256: str = field(default="")

    def text(self) -> str:
        """The body decoded: BOM > HTTP charset > meta > detection."""
        raise NotImplementedError

    def capture(self) -> Capture:
        raise NotImplementedError


def user_agent() -> str:
    from archiver import __version__

    return USER_AGENT_TEMPLATE.format(version=__version__)


def check_url(url: str) -> str:
    """Return the URL if it is a well-formed http(s) URL with a host; else raise InvalidURL."""
    raise NotImplementedError


def new_session() -> requests.Session:
    """A Session with the honest User-Agent, TLS verification on, no automatic redirects."""
    raise NotImplementedError


def fetch_once(
    url: str,
    *,
    session: requests.Session | None = None,
    limits: Limits = Limits(),
) -> Fetched:
    """One attempt (following redirects itself, each hop re-checked). Raises FetchError."""
    raise NotImplementedError


def fetch(
    url: str,
    *,
    session: requests.Session | None = None,
    limits: Limits = Limits(),
    retry: RetryPolicy = RetryPolicy(),
    sleep: Callable[[float], None] = time.sleep,
) -> Fetched:
    """`fetch_once` with retries of retryable errors (backoff, Retry-After honoured)."""
    raise NotImplementedError


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
