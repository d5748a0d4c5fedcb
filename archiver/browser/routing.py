"""Every request a rendered page makes, checked and fetched by the archiver itself.

The browser never talks to the network: Playwright routes each request here. The first
navigation is answered with the response the archiver already fetched (the raw record); every
other request passes the archiver's checks (http(s) only, no private address from a public
page, the size cap, the deadline) and is fetched with the archiver's own session, each
redirect hop checked again (a redirect the browser followed itself would not be routed).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from http.cookiejar import DefaultCookiePolicy
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from archiver.browser import rules
from archiver.connect import (
    IPAddress,
    LookupTimeout,
    deadline_scope,
    ip_of,
    is_private_address,
    lookup,
    pinned,
    resolve_host,
)
from archiver.errors import FetchError, InvalidURL
from archiver.fetch import REDIRECT_STATUSES, Fetched, Limits, check_url, new_session

if TYPE_CHECKING:
    from playwright.async_api import Request, Route

# Not passed on either way: the connection's own business, or undone by the fetch
# (the body reaches the browser decoded, so its encoding and length headers would lie).
_HOP_HEADERS = frozenset(
    {
        "host",
        "connection",
        "keep-alive",
        "content-length",
        "transfer-encoding",
        "content-encoding",
        "accept-encoding",
        "proxy-connection",
        "upgrade",
        "te",
        "trailer",
    }
)


class Refused(Exception):
    """A request the archiver's checks do not allow; str() says why."""


def is_private_url(url: str, timeout: float = 10.0) -> bool:
    """Whether `url`'s host is (or resolves to) a private address, by the one check."""
    host = urlsplit(url).hostname or ""
    literal = ip_of(host)
    if literal is not None:
        return is_private_address(literal)
    try:
        addresses = lookup(host, resolve_host, timeout)
    except (OSError, UnicodeError):  # LookupTimeout too
        return False  # taken as public: the stricter rule for the page's own requests
    return any(is_private_address(address) for address in addresses)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Gate:
    """The routing of one render: serves the navigation, checks and fetches the rest."""

    navigation: Fetched
    limits: Limits
    deadline: float  # monotonic
    public: bool  # a public page may not reach private addresses
    refused: list[str] = field(default_factory=list)
    navigation_refused: str | None = None
    request_count: int = 0
    loaded: int = 0  # bytes of sub-responses, against the size cap
    in_flight: int = 0
    last_activity: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self._served = False
        self._session = new_session()
        # The browser sends its own cookies; the session keeps none of its own.
        self._session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))

    def close(self) -> None:
        self._session.close()

    def idle_for(self) -> float:
        """Seconds since the last request ended, 0 while one is in flight."""
        return 0.0 if self.in_flight else time.monotonic() - self.last_activity

    async def handle(self, route: Route) -> None:
        self.in_flight += 1
        try:
            await self._handle(route)
        finally:
            self.in_flight -= 1
            self.last_activity = time.monotonic()

    async def _handle(self, route: Route) -> None:
        request = route.request
        main_frame = request.is_navigation_request() and request.frame.parent_frame is None
        if main_frame and not self._served:
            self._served = True
            await route.fulfill(
                status=self.navigation.status,
                headers=_browser_headers(self.navigation.response_headers),
                body=self.navigation.body,
            )
            return
        if request.resource_type in rules.SKIPPED_RESOURCES:
            await route.abort("blockedbyclient")
            return
        self.request_count += 1
        try:
            if self.request_count > rules.MAX_REQUESTS:
                raise Refused(f"more than {rules.MAX_REQUESTS} requests: {request.url}")
            response = await self._fetch(request)
        except Refused as why:
            self.refused.append(str(why))
            if main_frame:
                self.navigation_refused = str(why)
            await route.abort("blockedbyclient")
            return
        except FetchError:
            await route.abort("failed")
            return
        await route.fulfill(status=response.status, headers=response.headers, body=response.body)

    async def _fetch(self, request: Request) -> Response:
        headers = {
            k: v
            for k, v in (await request.all_headers()).items()
            if not k.startswith(":") and k.lower() not in _HOP_HEADERS
        }
        body = request.post_data_buffer
        return await asyncio.to_thread(self._fetch_sync, request.method, request.url, headers, body)

    # -- on a worker thread ---------------------------------------------------------------
    def _addresses(self, url: str, origin: str) -> list[IPAddress]:
        """The checked addresses to connect to for `url`: its name resolved once, within the
        time left; none private when the page is public. Refused or FetchError otherwise."""
        try:
            check_url(url)
        except InvalidURL as err:
            raise Refused(f"{err} (from {origin})") from None
        host = urlsplit(url).hostname or ""
        literal = ip_of(host)
        try:
            addresses = [literal] if literal else lookup(host, resolve_host, self._left(url))
        except LookupTimeout:
            raise FetchError(f"DNS lookup timed out: {url}") from None
        except (OSError, UnicodeError):
            raise FetchError(f"could not resolve host {host}: {url}") from None
        guarded = self.public and not self.limits.allow_private
        if guarded and any(is_private_address(address) for address in addresses):
            raise Refused(
                f"request from a public page to a private address refused: {url} (from {origin})"
            )
        return addresses

    def _left(self, url: str) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise FetchError(f"render deadline passed: {url}")
        return left

    def _fetch_sync(
        self, method: str, url: str, headers: dict[str, str], data: bytes | None
    ) -> Response:
        current, origin = url, self.navigation.final_url
        for _hop in range(self.limits.max_redirects + 1):
            addresses = self._addresses(current, origin)
            left = self._left(current)
            timeout = (min(self.limits.connect_timeout, left), min(self.limits.read_timeout, left))
            # Connected to the addresses just checked, every read bounded by the deadline.
            with deadline_scope(self.deadline), pinned(urlsplit(current).hostname or "", addresses):
                try:
                    response = self._session.request(
                        method,
                        current,
                        headers=headers,
                        data=data,
                        stream=True,
                        allow_redirects=False,
                        timeout=timeout,
                    )
                except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as err:
                    raise FetchError(f"{type(err).__name__}: {current}") from None
                with response:
                    location = response.headers.get("Location")
                    if response.status_code not in REDIRECT_STATUSES or not location:
                        headers_out = _browser_headers(_pairs(response))
                        return Response(response.status_code, headers_out, self._read(response))
            origin, current = current, urljoin(current, location.strip())
            if response.status_code == 303 or (
                response.status_code in (301, 302) and method == "POST"
            ):
                method, data = "GET", None
        raise FetchError(f"too many redirects ({self.limits.max_redirects}): {url}")

    def _read(self, response: requests.Response) -> bytes:
        url = response.url
        budget = self.limits.max_bytes - self.loaded
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > budget:
            raise Refused(f"larger than the page's size cap: {url}")
        body = bytearray()
        try:
            for chunk in response.raw.stream(64 * 1024, decode_content=True):
                self._left(url)
                body += chunk
                if len(body) > budget:
                    raise Refused(f"larger than the page's size cap: {url}")
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as err:
            raise FetchError(f"{type(err).__name__}: {url}") from None
        self.loaded += len(body)
        return bytes(body)


def _pairs(response: requests.Response) -> list[tuple[str, str]]:
    return [(k, str(v)) for k, v in response.raw.headers.items()]


def _browser_headers(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Response headers for route.fulfill: hop headers dropped, repeats joined (Set-Cookie by
    newlines, as Playwright reads them)."""
    out: dict[str, str] = {}
    for key, value in pairs:
        name = key.lower()
        if name in _HOP_HEADERS:
            continue
        if name in out:
            out[name] += ("\n" if name == "set-cookie" else ", ") + value
        else:
            out[name] = value
    return out
