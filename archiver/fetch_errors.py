"""Failures of a fetch as one-line FetchErrors: network exceptions (timeouts, TLS, resets,
malformed responses) and HTTP statuses, each saying whether a retry may help."""

from __future__ import annotations

import http.client
import re
import socket
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests
import urllib3

from archiver.connect import DeadlineTimeout
from archiver.errors import FetchError

if TYPE_CHECKING:
    from archiver.fetch import Limits


class RedirectRefused(FetchError):
    """A redirect led to `target`, a URL robots.txt refuses: a batch reports it as it
    reports that URL refused directly (skipped for a Disallow, failed when robots.txt could
    not be read)."""

    def __init__(self, message: str, *, url: str, target: str) -> None:
        super().__init__(message, url=url)
        self.target = target


def network_error(
    err: BaseException,
    url: str,
    requested: str,
    limits: Limits,
    *,
    deadline_passed: bool,
    connecting: bool,
) -> FetchError:
    """The one-line FetchError for what requests, urllib3 or a socket raised at `url`."""
    causes = list(_causes(err))
    host = urlsplit(url).hostname or url
    timed_out = any(
        isinstance(c, TimeoutError | urllib3.exceptions.TimeoutError | requests.Timeout)
        for c in causes
    )
    if any(isinstance(c, DeadlineTimeout) for c in causes) or (timed_out and deadline_passed):
        return deadline_error(url, requested, limits)
    if any(isinstance(c, urllib3.exceptions.NameResolutionError | socket.gaierror) for c in causes):
        return FetchError(f"could not resolve host {host}: {url}", url=requested)
    if any(isinstance(c, ssl.SSLCertVerificationError) for c in causes):
        reason = next(
            (c.verify_message for c in causes if isinstance(c, ssl.SSLCertVerificationError)),
            "",
        )
        return FetchError(
            f"TLS certificate verification failed ({reason or 'untrusted'}): {url}",
            url=requested,
        )
    if any(isinstance(c, ssl.SSLError | requests.exceptions.SSLError) for c in causes):
        return FetchError(f"TLS error ({detail(err)}): {url}", url=requested)
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return FetchError(f"connection refused: {url}", url=requested)
    if any(isinstance(c, urllib3.exceptions.ConnectTimeoutError) for c in causes) or (
        timed_out and isinstance(err, requests.exceptions.ConnectTimeout)
    ):
        return FetchError(
            f"timed out connecting ({secs(limits.connect_timeout)}): {url}",
            url=requested,
            retryable=True,
        )
    if timed_out:
        return FetchError(
            f"timed out: no data for {secs(limits.read_timeout)}: {url}",
            url=requested,
            retryable=True,
        )
    if any(isinstance(c, urllib3.exceptions.DecodeError) for c in causes):
        return FetchError(
            f"could not decompress the response ({detail(err)}): {url}", url=requested
        )
    if any(isinstance(c, urllib3.exceptions.ProxyError) for c in causes):
        return FetchError(f"proxy error ({detail(err)}): {url}", url=requested)
    if any(isinstance(c, http.client.RemoteDisconnected) for c in causes):
        return FetchError(
            f"the server closed the connection without answering: {url}",
            url=requested,
            retryable=True,
        )
    if any(
        isinstance(c, http.client.HTTPException) and not isinstance(c, http.client.IncompleteRead)
        for c in causes
    ):
        return FetchError(f"malformed response ({detail(err)}): {url}", url=requested)
    # http.client reports a bad chunk size as IncompleteRead raised from a ValueError.
    if any(isinstance(c, urllib3.exceptions.InvalidChunkLength) for c in causes) or (
        any(isinstance(c, http.client.IncompleteRead) for c in causes)
        and any(isinstance(c, ValueError) for c in causes)
    ):
        return FetchError(f"malformed response (bad chunked encoding): {url}", url=requested)
    if any(
        isinstance(c, http.client.IncompleteRead | urllib3.exceptions.IncompleteRead)
        for c in causes
    ):
        return FetchError(
            f"connection closed before the whole response arrived: {url}",
            url=requested,
            retryable=True,
        )
    # The connection dropped (reset, closed early, truncated body): worth another try.
    what = "connection failed" if connecting else "connection broken while reading"
    return FetchError(f"{what} ({detail(err)}): {url}", url=requested, retryable=True)


def deadline_error(url: str, requested: str, limits: Limits) -> FetchError:
    return FetchError(
        f"timed out: no complete response within the {secs(limits.deadline)} deadline: {url}",
        url=requested,
    )


def _causes(err: BaseException) -> Iterator[BaseException]:
    """The exception and what it wraps (requests and urllib3 nest them several deep)."""
    seen: set[int] = set()
    todo: list[BaseException] = [err]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend(a for a in current.args if isinstance(a, BaseException))
        for linked in (
            getattr(current, "reason", None),
            current.__cause__,
            current.__context__,
        ):
            if isinstance(linked, BaseException):
                todo.append(linked)


def detail(err: BaseException) -> str:
    """The innermost message, on one line, without urllib3's object reprs."""
    causes = list(_causes(err))
    text = str(causes[-1] if len(causes) > 1 else err) or type(err).__name__
    text = re.sub(r"<[^>]*object at 0x[0-9a-f]+>:?\s*", "", text)
    return " ".join(text.split())[:200]


def status_error(
    status: int, reason: str, retry_after: str | None, url: str, requested: str
) -> FetchError:
    wait = parse_retry_after(retry_after)
    note = f" (Retry-After: {secs(wait)})" if wait is not None else ""
    return FetchError(
        f"HTTP {status} {printable(reason)}{note}: {url}".replace("  ", " "),
        url=requested,
        retryable=status in (408, 429) or 500 <= status < 600,
        retry_after=wait,
        status=status,
    )


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds to wait: delay-seconds or an HTTP date; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def printable(text: str) -> str:
    """A server-given string made safe for a one-line message."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)[:100]


def secs(seconds: float) -> str:
    return f"{seconds:g} s"


def size_text(n: int) -> str:
    mib = 1024 * 1024
    if n >= mib and n % mib == 0:
        return f"{n // mib} MB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KB"
    return f"{n} bytes"
