"""Where a batch's URLs come from: URL lists (files, stdin), RSS/Atom feeds, sitemaps.

Everything is streamed: lines are read one at a time and XML is parsed as it arrives, so a long
list or a 50 MB sitemap never sits in memory whole.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from lxml import etree  # type: ignore[import-untyped]  # no stubs in the stack

from archiver.errors import FetchError, InvalidURL, ParseError

# sitemaps.org: a sitemap holds at most 50 MB uncompressed; feeds are far smaller.
MAX_XML_BYTES = 50 * 1024 * 1024
# An index may list other indexes (the protocol forbids it, sites do it anyway): bounded.
MAX_SITEMAP_DEPTH = 3
MAX_SITEMAPS = 1000
CHUNK = 64 * 1024

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)


@dataclass(frozen=True)
class Entry:
    """One line of input or one item of a feed: a URL to archive, or why it is not one."""

    where: str  # "urls.txt:3", "<stdin>:5", "https://site/feed.xml"
    url: str | None = None  # normalised http(s) URL
    error: str | None = None  # set when `url` is None
    text: str | None = None  # the line or item as written, when it is not a URL

    @property
    def problem(self) -> str:
        """Where and why, for a report."""
        return f"{self.where}: {self.error}"


def normalize_url(text: str) -> str:
    """A well-formed http(s) URL with its fragment dropped and scheme/host lowercased.

    Raises InvalidURL saying what is wrong; duplicates differing only in those parts collapse.
    """
    url = text.strip()
    if not url:
        raise InvalidURL("empty URL")
    if any(c.isspace() or ord(c) < 32 or c == "\x7f" for c in url):
        raise InvalidURL(f"not a URL (contains spaces or control characters): {url!r}")
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError on a bad port
    except ValueError as err:
        raise InvalidURL(f"malformed URL {url!r}: {err}") from None
    scheme = parts.scheme.lower()
    if not scheme:
        raise InvalidURL(f"not a URL (no scheme): {url!r}")
    if scheme not in ("http", "https"):
        raise InvalidURL(f"only http and https URLs can be archived, not {scheme}: {url!r}")
    if not parts.hostname:
        raise InvalidURL(f"URL without a host: {url!r}")
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port is None else f"{host}:{port}"
    if parts.username or parts.password:
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = f"{userinfo}@{netloc}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def looks_like_url(source: str) -> bool:
    """Whether a command-line source names a URL rather than a file."""
    return "://" in source


def read_lines(stream: Iterable[str], name: str) -> Iterator[Entry]:
    """URLs from a text stream, one per line; blank lines and `#` comments are skipped."""
    for number, line in enumerate(stream, 1):
        text = line.strip()
        if number == 1:
            text = text.lstrip("\ufeff")
        if not text or text.startswith("#"):
            continue
        where = f"{name}:{number}"
        try:
            yield Entry(where, url=normalize_url(text))
        except InvalidURL as err:
            yield Entry(where, error=f"invalid line: {err}", text=text)


def read_sources(
    sources: Iterable[str],
    *,
    stdin: TextIO,
    expand: Callable[[str], Iterator[Entry]],
) -> Iterator[Entry]:
    """Every entry of every source in order: `-` is stdin, a URL is expanded, else a file."""
    for source in sources:
        if source == "-":
            yield from read_lines(stdin, "<stdin>")
        elif looks_like_url(source):
            yield from expand(normalize_url(source))
        else:
            path = Path(source)
            try:
                with path.open(encoding="utf-8", errors="replace") as stream:
                    yield from read_lines(stream, source)
            except OSError as err:
                yield Entry(source, error=f"cannot read {source}: {err.strerror}")


# -- feeds and sitemaps -----------------------------------------------------------------------


@dataclass(frozen=True)
class SourceLimits:
    """Bounds on fetching one feed or sitemap."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 120.0
    max_bytes: int = MAX_XML_BYTES


class Expander:
    """Fetches a URL given on the command line and yields the article URLs it lists.

    An RSS/Atom feed gives its items' links, a sitemap its <loc>s, a sitemap index the URLs of
    its sitemaps (recursively, bounded in depth and count), an HTML page itself.
    `allowed(url)` returns why robots.txt forbids a URL, or None.
    """

    def __init__(
        self,
        session: requests.Session,
        *,
        limits: SourceLimits = SourceLimits(),
        allowed: Callable[[str], str | None] = lambda url: None,
    ) -> None:
        self.session = session
        self.limits = limits
        self.allowed = allowed

    def __call__(self, url: str) -> Iterator[Entry]:
        seen: set[str] = set()
        yield from self._expand(url, depth=0, seen=seen)

    def _expand(self, url: str, *, depth: int, seen: set[str]) -> Iterator[Entry]:
        seen.add(url)
        refused = self.allowed(url)
        if refused:
            yield Entry(url, error=refused)
            return
        try:
            with self._get(url) as resp:
                media = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
                if media in HTML_TYPES:
                    # A page given on the command line is archived like a line of a list.
                    yield Entry(url, url=url)
                    return
                for kind, value in _read_xml(_chunks(resp, self.limits), resp.url):
                    if kind == "page":
                        yield _entry(value, url)
                    elif depth >= MAX_SITEMAP_DEPTH:
                        yield Entry(url, error=f"sitemap index nested too deep: {value}")
                    elif len(seen) >= MAX_SITEMAPS:
                        yield Entry(url, error=f"more than {MAX_SITEMAPS} sitemaps: {value}")
                    else:
                        try:
                            child = normalize_url(value)
                        except InvalidURL as err:
                            yield Entry(url, error=f"invalid sitemap URL: {err}")
                            continue
                        if child not in seen:
                            yield from self._expand(child, depth=depth + 1, seen=seen)
        except (FetchError, ParseError) as err:
            yield Entry(url, error=str(err))

    def _get(self, url: str) -> requests.Response:
        limits = self.limits
        try:
            resp = self.session.get(
                url,
                timeout=(limits.connect_timeout, limits.read_timeout),
                stream=True,
                allow_redirects=True,
                headers={"Accept": FEED_ACCEPT},
            )
        except requests.Timeout:
            raise FetchError(f"timed out fetching {url}", url=url, retryable=True) from None
        except requests.TooManyRedirects:
            raise FetchError(f"too many redirects fetching {url}", url=url) from None
        except requests.RequestException as err:
            raise FetchError(f"cannot fetch {url}: {_reason(err)}", url=url) from None
        if resp.status_code != 200:
            resp.close()
            raise FetchError(
                f"HTTP {resp.status_code} fetching {url}", url=url, status=resp.status_code
            )
        return resp


def _entry(value: str, source: str) -> Entry:
    try:
        return Entry(source, url=normalize_url(value))
    except InvalidURL as err:
        return Entry(source, error=f"invalid item: {err}", text=value)


def _reason(err: requests.RequestException) -> str:
    text = str(err)
    if "Connection refused" in text:
        return "connection refused"
    return text.splitlines()[0][:200] if text else type(err).__name__


def _chunks(resp: requests.Response, limits: SourceLimits) -> Iterator[bytes]:
    """The body, content-encoding undone, gunzipped if it is a .gz file, size-capped."""
    deadline = time.monotonic() + limits.deadline
    unzip: zlib._Decompress | None = None
    total = 0
    try:
        for chunk in resp.iter_content(CHUNK):
            if time.monotonic() > deadline:
                raise FetchError(f"{resp.url} took longer than {limits.deadline:g} s")
            if unzip is None and total == 0 and chunk[:2] == b"\x1f\x8b":
                unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
            pieces = [chunk]
            if unzip is not None:
                pieces = []
                data = chunk
                while data:
                    pieces.append(unzip.decompress(data, CHUNK))
                    data = unzip.unconsumed_tail
                    if total + sum(map(len, pieces)) > limits.max_bytes:
                        break
            for piece in pieces:
                total += len(piece)
                if total > limits.max_bytes:
                    raise FetchError(f"{resp.url} is over {limits.max_bytes // 2**20} MB")
                yield piece
    except requests.RequestException as err:
        raise FetchError(f"reading {resp.url} failed: {_reason(err)}") from None
    except zlib.error as err:
        raise FetchError(f"{resp.url}: bad gzip data ({err})") from None


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _read_xml(chunks: Iterable[bytes], base: str) -> Iterator[tuple[str, str]]:
    """("page", url) for each item of a feed or sitemap, ("sitemap", url) for an index's.

    Parsed incrementally, each item's subtree dropped once read; no DTDs, no entities, no
    network access, so a hostile document cannot expand or reach out.
    """
    parser = etree.XMLPullParser(
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    root: str | None = None
    try:
        for chunk in chunks:
            parser.feed(chunk)
            for event, elem in parser.read_events():
                if root is None:
                    root = _local(elem.tag)
                    if root not in ("rss", "RDF", "feed", "urlset", "sitemapindex"):
                        raise ParseError(
                            f"{base} is neither a feed nor a sitemap (root element <{root}>)"
                        )
                if event == "end":
                    yield from _items(elem, root, base)
        parser.close()
    except etree.XMLSyntaxError as err:
        raise ParseError(f"{base} is not well-formed XML: {err}") from None
    if root is None:
        raise ParseError(f"{base} is empty")


def _items(elem: etree._Element, root: str, base: str) -> Iterator[tuple[str, str]]:
    name = _local(elem.tag)
    if name not in ("url", "sitemap", "item", "entry"):
        return
    if name in ("url", "sitemap") and root in ("urlset", "sitemapindex"):
        # <loc> of the sitemap namespace only: image and video sitemaps nest their own <loc>s
        for child in elem:
            if _local(child.tag) == "loc" and etree.QName(child).namespace in (None, SITEMAP_NS):
                if child.text and child.text.strip():
                    yield ("page" if name == "url" else "sitemap", child.text.strip())
                break
    elif name == "item":
        link = _rss_link(elem)
        if link:
            yield "page", urljoin(base, link)
    elif name == "entry" and etree.QName(elem).namespace == ATOM_NS:
        for child in elem:
            if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
                href = child.get("href")
                if href:
                    yield "page", urljoin(elem.base or base, href)
                    break
    # The item is done with: drop it and what came before, so memory stays flat.
    elem.clear()
    parent = elem.getparent()
    while parent is not None and elem.getprevious() is not None:
        del parent[0]


def _rss_link(item: etree._Element) -> str | None:
    guid: str | None = None
    for child in item:
        name = _local(child.tag)
        text = str(child.text or "").strip()
        if name == "link" and text:
            return text
        if name == "guid" and child.get("isPermaLink", "true") == "true" and text:
            guid = text
    return guid
