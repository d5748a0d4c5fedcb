"""HTTP for one URL: session, timeouts, deadline, size cap, redirects, content type, retries.

`fetch_once` makes one attempt and returns a `Fetched` or raises a typed `FetchError` that says
whether a retry may help; `fetch` adds the small retry-with-backoff layer `archive` uses inline.
The batch scheduler calls `fetch_once` itself and owns retries per host.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.utils import requote_uri

from archiver.connect import TREAT_AS_PUBLIC as TREAT_AS_PUBLIC
from archiver.connect import (
    DeadlineAdapter,
    LookupTimeout,
    Resolver,
    deadline_scope,
    ip_of,
    lookup,
    pinned,
)
from archiver.connect import IPAddress as IPAddress
from archiver.connect import is_private_address as is_private_address
from archiver.connect import resolve_host as resolve_host
from archiver.encoding import decode_html
from archiver.errors import FetchError, InvalidURL
from archiver.fetch_errors import RedirectRefused as RedirectRefused
from archiver.fetch_errors import (
    deadline_error,
    detail,
    network_error,
    phrase,
    printable,
    secs,
    size_text,
    status_error,
)
from archiver.fetch_errors import parse_retry_after as parse_retry_after
from archiver.models import Capture
from archiver.refresh import refresh_target

USER_AGENT_TEMPLATE = "archiver/{version} (+https://github.com/archiver-project/archiver)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
MAX_ENCODINGS = 5  # stacked Content-Encodings, as curl's MAX_ENCODE_STACK
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds on one URL's fetch (defaults from RELIABILITY.md)."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 60.0  # whole URL, all redirect hops, seconds
    max_bytes: int = 20 * 1024 * 1024  # decoded (after content-encoding) body
    max_redirects: int = 10
    # A public host may point at a private address (a redirect, a feed or sitemap entry).
    allow_private: bool = False


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
    # Where the page came from: "http" (this fetcher), "browser" (a rendered page: `rendered`
    # holds the DOM the browser built, `body` the navigation response) or "warc" (a record of
    # an imported WARC file: `records` holds its original records, kept as they were).
    source: Literal["http", "browser", "warc"] = "http"
    rendered: str | None = None
    records: bytes | None = None

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", sha256_hex(self.body))

    def text(self) -> str:
        """The HTML to parse: the rendered DOM when a browser built one, else the body
        decoded (BOM > HTTP charset > meta > detection)."""
        if self.rendered is not None:
            return self.rendered
        return decode_html(self.body, self.charset)[0]

    def capture(self) -> Capture:
        """Provenance of this response for the stored article."""
        return Capture(
            requested_url=self.requested_url,
            final_url=self.final_url,
            status=self.status,
            content_type=self.content_type,
            retrieved_at=self.retrieved_at,
            sha256=self.sha256,
            rendered=self.source,
        )


def user_agent() -> str:
    from archiver import __version__

    return USER_AGENT_TEMPLATE.format(version=__version__)


# -- URLs ---------------------------------------------------------------------------------------

_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$", re.IGNORECASE)


def check_url(url: str) -> str:
    """Return the URL if it is a well-formed http(s) URL with a host; else raise InvalidURL.

    Surrounding whitespace is dropped; whitespace or control characters inside are refused
    (a pasted URL with a space in it is two things, not one).
    """
    candidate = url.strip() if isinstance(url, str) else ""
    if not candidate:
        raise InvalidURL("empty URL")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in candidate):
        raise InvalidURL(f"URL contains spaces or control characters: {candidate!r}")
    try:
        parts = urlsplit(candidate)
        port = parts.port
        host = parts.hostname
    except ValueError as err:
        raise InvalidURL(f"malformed URL ({err}): {candidate}") from None
    scheme = parts.scheme.lower()
    if "://" not in candidate or not scheme:
        raise InvalidURL(f"not a URL (it must start with http:// or https://): {candidate}")
    if scheme not in ("http", "https"):
        raise InvalidURL(f"unsupported URL scheme {scheme!r} (only http and https): {candidate}")
    if not host:
        raise InvalidURL(f"URL has no host: {candidate}")
    if port == 0:
        raise InvalidURL(f"URL has an invalid port: {candidate}")
    if not _valid_host(host):
        raise InvalidURL(f"URL has an invalid host {host!r}: {candidate}")
    return candidate


def _valid_host(host: str) -> bool:
    if ip_of(host) is not None:
        return True
    if not host.isascii():
        return True  # an internationalised name: requests applies IDNA and reports failures
    name = host[:-1] if host.endswith(".") else host
    return 0 < len(name) <= 253 and all(_LABEL.match(label) for label in name.split("."))


def new_session() -> requests.Session:
    """A Session with the honest User-Agent, TLS verification on, no automatic redirects.

    Redirects are followed by `fetch_once` itself (it passes allow_redirects=False), so that
    every hop is checked; the session's adapters enforce the deadline inside each recv.
    """
    session = requests.Session()
    session.headers["User-Agent"] = user_agent()
    session.headers["Accept"] = ACCEPT
    session.verify = True
    session.mount("http://", DeadlineAdapter())
    session.mount("https://", DeadlineAdapter())
    return session


class ThreadSessions:
    """One `new_session()` per calling thread, made on its first request and kept for its
    later ones (its connections reused); a Session is not shared between threads."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self._made: list[requests.Session] = []

    def get(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = new_session()
            with self._lock:
                self._made.append(session)
        return session

    def close(self) -> None:
        """Close every thread's session."""
        with self._lock:
            made, self._made = self._made, []
        for session in made:
            session.close()


# -- one attempt --------------------------------------------------------------------------------


def fetch_once(
    url: str,
    *,
    session: requests.Session | None = None,
    limits: Limits = Limits(),
    is_private: Callable[[IPAddress], bool] = is_private_address,
    resolve: Resolver = resolve_host,
    listed_by: str | None = None,
    allowed: Callable[[str], str | None] | None = None,
) -> Fetched:
    """One attempt (following redirects itself, each hop re-checked). Raises FetchError.

    Policy: a 2xx text/html or application/xhtml+xml response is returned; any other type is
    refused before its body is read. A response without a Content-Type is read (within the
    cap) and kept only if it starts like HTML (WHATWG sniffing), then recorded as text/html.
    Every FetchError's `url` is the requested URL; its message names the URL that failed.

    Each hop's name is resolved once, under the deadline, by `resolve`; the connection goes to
    one of those addresses. A hop a public host pointed at (a redirect, or the URL itself when
    `listed_by` names the public feed or sitemap that listed it) must have no private address
    (`is_private`), unless `limits.allow_private` (RELIABILITY 26-28, 32). `is_private` and
    `resolve` are parameters so that a test on loopback can call one address public.
    `allowed(url)` says why robots.txt forbids a redirect target (None: it may be fetched);
    it is asked before each redirect hop (RELIABILITY 31).
    """
    url = check_url(url)
    own = session is None
    active = new_session() if session is None else session
    deadline = time.monotonic() + limits.deadline
    try:
        with deadline_scope(deadline):
            attempt = _Attempt(url, active, limits, deadline, is_private, resolve, listed_by)
            attempt.allowed = allowed
            return attempt.run()
    finally:
        if own:
            active.close()


@dataclass(frozen=True)
class Stream:
    """A final response whose body is read as it arrives (a feed, a sitemap)."""

    url: str  # the final URL, after redirects
    content_type: str  # media type only, lowercase; "" when the server sent none
    public: bool  # the final host has no private address: what it lists must not have either
    chunks: Iterator[bytes]  # content-encoding undone; size cap and deadline checked
    # The exchange as a WARC record keeps it (a kept picture's request and response).
    status: int = 200
    reason: str = "OK"
    http_version: str = "HTTP/1.1"
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    response_headers: list[tuple[str, str]] = field(default_factory=list)


@contextlib.contextmanager
def open_stream(
    url: str,
    *,
    session: requests.Session | None = None,
    limits: Limits = Limits(),
    accept: str | None = None,
    is_private: Callable[[IPAddress], bool] = is_private_address,
    resolve: Resolver = resolve_host,
    listed_by: str | None = None,
) -> Iterator[Stream]:
    """`fetch_once`'s checks (redirects, private addresses, pinning, deadline, size cap) for
    a body of any type that is read as a stream. Raises FetchError."""
    url = check_url(url)
    own = session is None
    active = new_session() if session is None else session
    deadline = time.monotonic() + limits.deadline
    attempt = _Attempt(url, active, limits, deadline, is_private, resolve, listed_by, accept)
    try:
        with deadline_scope(deadline):
            final, response = attempt.follow()
        with contextlib.closing(response):
            attempt._check_response(final, response)
            media_type, _ = parse_content_type(response.headers.get("Content-Type", ""))
            yield Stream(
                final,
                media_type,
                attempt.public,
                attempt.stream(final, response),
                status=response.status_code,
                reason=response.reason or phrase(response.status_code),
                http_version=_http_version(response),
                request_headers=_request_headers(response),
                response_headers=list(response.raw.headers.items()),
            )
    finally:
        if own:
            active.close()


@dataclass
class _Attempt:
    url: str
    session: requests.Session
    limits: Limits
    deadline: float
    is_private: Callable[[IPAddress], bool]
    resolve: Resolver
    listed_by: str | None = None
    accept: str | None = None  # an Accept header other than the session's
    allowed: Callable[[str], str | None] | None = None  # robots.txt, for redirect targets
    public: bool = False  # the hop in progress has no private address
    visited: set[str] = field(default_factory=set)  # every URL asked for, redirects included
    hops: int = 0  # redirects and refreshes followed, against limits.max_redirects

    def run(self) -> Fetched:
        url, response = self.follow()
        while True:
            try:
                fetched = self._finish(url, response)
            finally:
                response.close()
            # A page that sends its reader on at once (a meta refresh, a Refresh header) is
            # a redirect as a browser sees it: followed as one more hop, with the same checks.
            target = refresh_target(
                fetched.body, fetched.charset, response.headers.get("Refresh"), url
            )
            if target is None or target in self.visited:
                return fetched
            self._count_hop()
            url, response = self.follow(target, came_from=url)

    def follow(
        self, start: str | None = None, came_from: str | None = None
    ) -> tuple[str, requests.Response]:
        """Follow redirects to the final response (its body unread) and its URL; from
        `start`, a page at `came_from` sent its reader to (a refresh), else from the URL."""
        pointed: _Pointer | None = None
        if start is None:
            current = self.url.split("#", 1)[0]
            if self.listed_by is not None:
                pointed = _Pointer(self.listed_by, "listed")
        else:
            current = start
            pointed = _Pointer(came_from or start, "redirect") if self.public else None
        self.visited.add(current)
        while True:
            response = self._send(current, pointed, came_from)
            if response.status_code not in REDIRECT_STATUSES:
                return current, response
            try:
                target = self._redirect_target(current, response)
                if target in self.visited and not response.cookies:
                    raise FetchError(f"redirect loop at {target}", url=self.url)
                self._count_hop()
            finally:
                response.close()
            self.visited.add(target)
            pointed = _Pointer(current, "redirect") if self.public else None
            came_from, current = current, target

    def _count_hop(self) -> None:
        if self.hops == self.limits.max_redirects:
            raise FetchError(
                f"too many redirects ({self.limits.max_redirects}): {self.url}", url=self.url
            )
        self.hops += 1

    # -- hops -----------------------------------------------------------------------------
    def _left(self, url: str) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self._deadline_error(url)
        return left

    def _deadline_error(self, url: str) -> FetchError:
        return deadline_error(url, self.url, self.limits)

    def _send(
        self, url: str, pointed: _Pointer | None, came_from: str | None = None
    ) -> requests.Response:
        """One request, after the checks of its address and, for a redirect's target (from
        `came_from`), of its host's robots.txt: the address first, so that robots.txt is
        never asked of a private address a public page pointed at, and robots.txt fetched
        from the address checked."""
        _refuse_reserved_name(url)
        host = urlsplit(url).hostname or ""
        proxied = _proxied(self.session, url)
        if proxied and (pointed is None or self.limits.allow_private):
            # The proxy resolves the name; nothing here needs the addresses.
            addresses: list[IPAddress] = []
            self.public = True
        else:
            addresses = self._addresses(url, host)
            private = any(self.is_private(address) for address in addresses)
            if private and pointed is not None and not self.limits.allow_private:
                raise FetchError(pointed.refusal(url), url=self.url)
            self.public = not private
        if came_from is not None and self.allowed is not None:
            with pinned(host, addresses) if addresses else contextlib.nullcontext():
                refusal = self.allowed(url)
            if refusal:
                raise RedirectRefused(
                    f"redirect to a URL robots.txt refuses ({refusal}): {url} (from {came_from})",
                    url=self.url,
                    target=url,
                )
        left = self._left(url)
        timeout = (min(self.limits.connect_timeout, left), min(self.limits.read_timeout, left))
        try:
            with pinned(host, addresses):
                return _send_one(self.session, url, timeout, self.accept)
        except requests.exceptions.InvalidURL as err:
            raise FetchError(f"invalid URL ({detail(err)}): {url}", url=self.url) from None
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as err:
            raise self._network_error(err, url, connecting=True) from None

    def _addresses(self, url: str, host: str) -> list[IPAddress]:
        """The hop's addresses: its literal, or its name resolved once within the deadline
        (and the connect timeout) so that a resolver that hangs cannot hold the URL."""
        literal = ip_of(host)
        if literal is not None:
            return [literal]
        left = self._left(url)
        wait = min(self.limits.connect_timeout, left)
        try:
            addresses = lookup(host, self.resolve, wait)
        except LookupTimeout:
            if wait < self.limits.connect_timeout:
                raise FetchError(
                    f"DNS lookup timed out: no answer for {host} within the "
                    f"{secs(self.limits.deadline)} deadline: {url}",
                    url=self.url,
                ) from None
            raise FetchError(
                f"DNS lookup timed out: no answer for {host} in "
                f"{secs(self.limits.connect_timeout)}: {url}",
                url=self.url,
                retryable=True,
            ) from None
        except (OSError, UnicodeError):
            addresses = []
        if not addresses:
            raise FetchError(f"could not resolve host {host}: {url}", url=self.url)
        return addresses

    def _redirect_target(self, current: str, response: requests.Response) -> str:
        location = response.headers.get("Location", "").strip()
        if not location:
            raise FetchError(
                f"HTTP {response.status_code} redirect without a Location: {current}",
                url=self.url,
            )
        # Headers arrive as latin-1; a UTF-8 Location is the common case (as requests does).
        with contextlib.suppress(UnicodeError):
            location = location.encode("latin-1").decode("utf-8")
        try:
            # Browsers percent-encode what a sloppy server leaves raw ("/a b", "/é").
            target = requote_uri(urljoin(current, location))
            scheme = urlsplit(target).scheme.lower()
        except ValueError:
            raise FetchError(
                f"invalid redirect target {location!r} from {current}", url=self.url
            ) from None
        if scheme not in ("http", "https"):
            raise FetchError(
                f"redirect to a non-HTTP URL refused: {target} (from {current})", url=self.url
            )
        try:
            return check_url(target).split("#", 1)[0]
        except InvalidURL as err:
            raise FetchError(
                f"invalid redirect target from {current}: {err}", url=self.url
            ) from None

    # -- the final response ---------------------------------------------------------------
    def _finish(self, url: str, response: requests.Response) -> Fetched:
        retrieved_at = datetime.now(UTC)
        status = response.status_code
        reason = response.reason or phrase(status)
        self._check_response(url, response)
        media_type, charset = parse_content_type(response.headers.get("Content-Type", ""))
        if media_type and media_type not in HTML_TYPES:
            raise FetchError(f"not an HTML page ({printable(media_type)}): {url}", url=self.url)
        body = self._read_body(url, response)
        if not media_type:
            # No Content-Type: sniff as browsers do (WHATWG MIME sniffing, HTML patterns).
            if not looks_like_html(body):
                raise FetchError(
                    f"not an HTML page (no Content-Type, and the body is not HTML): {url}",
                    url=self.url,
                )
            media_type = "text/html"
        return Fetched(
            requested_url=self.url,
            final_url=url,
            status=status,
            reason=reason,
            http_version=_http_version(response),
            request_headers=_request_headers(response),
            response_headers=list(response.raw.headers.items()),
            body=body,
            content_type=media_type,
            charset=charset,
            retrieved_at=retrieved_at,
        )

    def _check_response(self, url: str, response: requests.Response) -> None:
        """A 2xx status, known content encodings, and no Content-Length over the cap."""
        status = response.status_code
        if not 200 <= status < 300:
            reason = response.reason or phrase(status)
            retry_after = response.headers.get("Retry-After")
            raise status_error(status, reason, retry_after, url, self.url)
        self._check_encodings(url, response.headers.get("Content-Encoding", ""))
        declared = _content_length(response.headers.get("Content-Length"))
        if declared is not None and declared > self.limits.max_bytes:
            raise FetchError(
                f"response larger than {size_text(self.limits.max_bytes)} "
                f"(Content-Length {declared}): {url}",
                url=self.url,
            )

    def stream(self, url: str, response: requests.Response) -> Iterator[bytes]:
        """The body as it arrives, content-encoding undone, within the cap and the deadline."""
        total = 0
        for chunk in self._chunks(url, response):
            total += len(chunk)
            if total > self.limits.max_bytes:
                raise FetchError(
                    f"response larger than {size_text(self.limits.max_bytes)}: {url}", url=self.url
                )
            yield chunk

    def _check_encodings(self, url: str, header: str) -> None:
        codings = [c.strip().lower() for c in header.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > MAX_ENCODINGS:
            raise FetchError(
                f"too many stacked content encodings ({len(codings)} > {MAX_ENCODINGS}): {url}",
                url=self.url,
            )
        supported = urllib3.response.BaseHTTPResponse.CONTENT_DECODERS
        unknown = [c for c in codings if c not in supported]
        if unknown:
            raise FetchError(
                f"unsupported content encoding ({', '.join(unknown)}): {url}", url=self.url
            )

    def _read_body(self, url: str, response: requests.Response) -> bytes:
        """Stream the decoded body, stopping at the size cap and at the deadline."""
        body = bytearray()
        for chunk in self.stream(url, response):
            body += chunk
        return bytes(body)

    def _chunks(self, url: str, response: requests.Response) -> Iterator[bytes]:
        # read1 returns what one recv brought (at most CHUNK decoded bytes, however well
        # the payload compresses), so the clock and the cap are checked between small steps.
        # The deadline is set around each read, not across the yield: a stream consumed
        # lazily (a sitemap) must not leave it set on the consumer's thread meanwhile.
        raw = response.raw
        while True:
            self._left(url)
            try:
                with deadline_scope(self.deadline):
                    chunk = raw.read1(CHUNK, decode_content=True)
            except (urllib3.exceptions.HTTPError, requests.RequestException, OSError) as err:
                raise self._network_error(err, url, connecting=False) from None
            if not chunk:
                return
            yield chunk

    def _network_error(self, err: BaseException, url: str, *, connecting: bool) -> FetchError:
        return network_error(
            err,
            url,
            self.url,
            self.limits,
            deadline_passed=self._deadline_near(),
            connecting=connecting,
        )

    def _deadline_near(self) -> bool:
        return time.monotonic() >= self.deadline - 0.05


def _send_one(
    session: requests.Session, url: str, timeout: tuple[float, float], accept: str | None = None
) -> requests.Response:
    """One GET through the session's adapter, the body left unread.

    Not `session.get(allow_redirects=False)`: requests then still reads a redirect's whole
    body into memory, with no size cap. Cookies, proxies and CA settings still apply; TLS
    verification cannot be turned off, even by a session that says `verify=False`.
    """
    headers = {"Accept": accept} if accept else None
    prepared = session.prepare_request(requests.Request("GET", url, headers=headers))
    settings = session.merge_environment_settings(prepared.url, {}, None, None, None)
    # A CA bundle set on the session wins over REQUESTS_CA_BUNDLE (requests lets the
    # environment override it); False is read as True.
    verify = session.verify if isinstance(session.verify, str) else settings["verify"]
    if verify is False or verify is None:
        verify = True
    adapter = session.get_adapter(prepared.url or url)
    response = adapter.send(
        prepared,
        stream=True,
        timeout=timeout,
        verify=verify,
        cert=settings["cert"],
        proxies=settings["proxies"],
    )
    session.cookies.update(response.cookies)
    return response


@dataclass(frozen=True)
class _Pointer:
    """A public page that pointed at the hop in progress: by a redirect, or by listing it."""

    url: str
    how: Literal["redirect", "listed"]

    def refusal(self, target: str) -> str:
        if self.how == "redirect":
            return (
                f"redirect from a public host to a private address refused: {target} "
                f"(from {self.url}; allow it with --allow-private)"
            )
        return (
            f"a public feed or sitemap listed a private address; refused: {target} "
            f"(listed in {self.url}; allow it with --allow-private)"
        )


def _proxied(session: requests.Session, url: str) -> bool:
    """Whether the request goes through a proxy (the session's or the environment's)."""
    proxies = session.merge_environment_settings(url, {}, None, None, None)["proxies"]
    return bool(proxies) and requests.utils.select_proxy(url, proxies) is not None


def _refuse_reserved_name(url: str) -> None:
    """Names under `.invalid` never resolve (RFC 6761): fail at once, without a lookup."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "invalid" or host.endswith(".invalid"):
        raise FetchError(f"could not resolve host {host}: {url}", url=url)


def parse_content_type(header: str) -> tuple[str, str | None]:
    """'text/HTML; charset="UTF-8"' -> ('text/html', 'UTF-8')."""
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").strip() or None
    return media_type.strip().lower(), charset


_HTML_SNIFF = re.compile(
    rb"^<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p"
    rb"|!--)[ >\t\n\f\r]",
    re.IGNORECASE,
)


def looks_like_html(body: bytes) -> bool:
    """The WHATWG sniffing rule for HTML: a known tag after optional BOM and whitespace."""
    head = body[:1024].removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\n\f\r")
    return bool(_HTML_SNIFF.match(head + b" "))


def _content_length(value: str | None) -> int | None:
    if value is None:
        return None
    # "1234, 1234" occurs; differing values are urllib3's to refuse.
    first = value.split(",", 1)[0].strip()
    return int(first) if first.isdigit() else None


def _http_version(response: requests.Response) -> str:
    """The version on the response's status line (urllib3's version_string is the request's)."""
    versions = {9: "HTTP/0.9", 10: "HTTP/1.0", 11: "HTTP/1.1", 20: "HTTP/2"}
    return versions.get(response.raw.version, "HTTP/1.1")


def _request_headers(response: requests.Response) -> list[tuple[str, str]]:
    """The request as sent: http.client adds Host itself, so it is added here too."""
    headers = [(k, str(v)) for k, v in response.request.headers.items()]
    if not any(k.lower() == "host" for k, _ in headers):
        netloc = urlsplit(response.request.url or "").netloc.rpartition("@")[2]
        headers.insert(0, ("Host", netloc))
    return headers


# -- retries ------------------------------------------------------------------------------------


def retry_delay(err: FetchError, attempt: int, policy: RetryPolicy) -> float | None:
    """Seconds to wait before retry number `attempt + 1`, or None to give up now.

    The server's Retry-After is taken as given up to `retry_after_cap`; a longer one gives
    up at once (the batch importer defers such URLs itself). Otherwise `backoff`.
    """
    if err.retry_after is not None:
        return err.retry_after if err.retry_after <= policy.retry_after_cap else None
    return backoff(policy, attempt)


def backoff(
    policy: RetryPolicy,
    attempt: int,
    uniform: Callable[[float, float], float] = random.uniform,
) -> float:
    """The wait before retry number `attempt + 1`: exponential from `base`, capped at `cap`,
    with "equal jitter" (half fixed, half random) so clients that failed together do not come
    back together. `uniform` is the random source (a seeded one in tests)."""
    step = min(policy.cap, policy.base * 2.0**attempt)
    return step / 2 + uniform(0, step / 2)


def fetch(
    url: str,
    *,
    session: requests.Session | None = None,
    limits: Limits = Limits(),
    retry: RetryPolicy = RetryPolicy(),
    sleep: Callable[[float], None] = time.sleep,
    is_private: Callable[[IPAddress], bool] = is_private_address,
    resolve: Resolver = resolve_host,
) -> Fetched:
    """`fetch_once` with retries of retryable errors (backoff, Retry-After honoured)."""
    url = check_url(url)
    own = session is None
    active = new_session() if session is None else session
    try:
        attempt = 0
        while True:
            try:
                return fetch_once(
                    url, session=active, limits=limits, is_private=is_private, resolve=resolve
                )
            except FetchError as err:
                delay = retry_delay(err, attempt, retry) if err.retryable else None
                if delay is None or attempt >= retry.retries:
                    if attempt:
                        err.message = f"{err.message} (gave up after {attempt + 1} attempts)"
                    raise
                sleep(delay)
                attempt += 1
    finally:
        if own:
            active.close()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
