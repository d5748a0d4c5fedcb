"""Where a batch's URLs come from: URL lists (files, stdin), RSS/Atom feeds, sitemaps.

Everything is streamed: lines are read one at a time and XML is parsed as it arrives, so a long
list or a 50 MB sitemap never sits in memory whole.
"""

from __future__ import annotations

import os
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from lxml import etree  # type: ignore[import-untyped]  # no stubs in the stack

from archiver.connect import ip_of, is_private_address, lookup, resolve_host
from archiver.errors import ArchiverError, FetchError, InvalidURL, ParseError
from archiver.fetch import Limits, open_stream

# sitemaps.org: a sitemap holds at most 50 MB uncompressed and 50,000 URLs, an index at most
# 50,000 sitemaps; feeds are far smaller. Beyond these, the rest of a document is refused.
MAX_XML_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 50_000
# An index may list other indexes (the protocol forbids it, sites do it anyway): bounded.
MAX_SITEMAP_DEPTH = 3
MAX_SITEMAPS = 50_000  # sitemaps fetched for one source, all levels together
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
    # The public feed or sitemap that listed `url`: its fetch must then not reach a private
    # address either (fetch_once's `listed_by`).
    listed_by: str | None = None

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
    max_entries: int = MAX_ENTRIES  # URLs a file, sitemaps an index

    def fetch_limits(self, *, allow_private: bool) -> Limits:
        return Limits(
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            deadline=self.deadline,
            max_bytes=self.max_bytes,
            allow_private=allow_private,
        )


class Spool:
    """A feed's body as it arrives: the downloading thread appends, the reading thread reads
    what is there and waits for more, until the end or the error that ended the download.

    Kept in a temporary file, so a 50 MB sitemap never sits in memory whole, and the download
    never waits for its reader: it holds its host's politeness slot only as long as the
    network takes, while the URLs read so far are already queued.
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115  # closed by the last of the two
        self._size = 0
        self._ended = False
        self._error: ArchiverError | None = None
        self._abandoned = False  # the reader is gone
        self._changed = threading.Condition()

    @property
    def size(self) -> int:
        with self._changed:
            return self._size

    def same(self, data: bytes, offset: int) -> bool:
        """Whether `data` is what the spool holds at `offset` (a fetch again, read on)."""
        with self._changed:
            if self._abandoned:
                return False
            return os.pread(self._file.fileno(), len(data), offset) == data

    def write(self, data: bytes) -> bool:
        """Append `data`; False once the reader is gone (the rest need not be fetched)."""
        with self._changed:
            if self._abandoned:
                return False
            os.pwrite(self._file.fileno(), data, self._size)
            self._size += len(data)
            self._changed.notify_all()
            return True

    def end(self, error: ArchiverError | None = None) -> None:
        """The download is over: complete, or cut short by `error` (the reader gets it)."""
        with self._changed:
            if self._ended:
                return
            self._ended, self._error = True, error
            self._changed.notify_all()
            if self._abandoned:
                self._file.close()

    def chunks(self) -> Iterator[bytes]:
        offset = 0
        while True:
            with self._changed:
                while offset >= self._size and not self._ended:
                    self._changed.wait()
                if offset >= self._size:
                    if self._error is not None:
                        raise self._error
                    return
                data = os.pread(self._file.fileno(), min(CHUNK, self._size - offset), offset)
            offset += len(data)
            yield data

    def close(self) -> None:
        """The reader is done with it (the file goes once the download is over too)."""
        with self._changed:
            self._abandoned = True
            if self._ended:
                self._file.close()


@dataclass
class Download:
    """A feed or sitemap being fetched: its body readable as it arrives (see `Spool`)."""

    url: str  # the final URL
    content_type: str
    public: bool  # no private address: what it lists must not have one either
    body: Spool | None  # None for an HTML page (it is archived, not read)

    def chunks(self) -> Iterator[bytes]:
        if self.body is not None:
            yield from self.body.chunks()

    def close(self) -> None:
        if self.body is not None:
            self.body.close()

    def fail(self, error: ArchiverError) -> None:
        """The download will not go on: its reader gets `error` after what it has read."""
        if self.body is not None:
            self.body.end(error)


def download(
    url: str,
    *,
    session: requests.Session,
    limits: SourceLimits = SourceLimits(),
    allow_private: bool = False,
    listed_by: str | None = None,
    started: Callable[[Download], None] | None = None,
    resume: Download | None = None,
) -> Download:
    """Fetch a feed or sitemap (the page fetcher's checks and the size cap) to a spool.
    Raises FetchError.

    With `started`, the Download is handed to it as soon as the response's headers are in,
    and its body can be read while it arrives (a batch's reading thread parses a sitemap and
    queues its URLs meanwhile); an error after that point ends the body for its reader
    instead of being raised, unless a retry may help: then it is raised and the body stays
    open for `resume`, a fetch again of the same URL that reads on where the spool ends
    (its start checked against what was read). Without `started`, the body is complete when
    this returns."""
    fetch_limits = limits.fetch_limits(allow_private=allow_private)
    with open_stream(
        url, session=session, limits=fetch_limits, accept=FEED_ACCEPT, listed_by=listed_by
    ) as stream:
        if stream.content_type in HTML_TYPES:
            got = Download(stream.url, stream.content_type, stream.public, None)
            if started is not None:
                started(got)
            return got
        if resume is not None and resume.body is not None:
            got, spool = resume, resume.body
        else:
            spool = Spool()
            got = Download(stream.url, stream.content_type, stream.public, spool)
            if started is not None:
                started(got)
        read_on = started is not None or resume is not None  # a reader has the body
        try:
            _fill(spool, stream.chunks, spool.size, stream.url)
        except ArchiverError as err:
            if read_on and isinstance(err, FetchError) and err.retryable:
                raise  # fetched again (resume): the reader waits for the rest
            spool.end(err)
            if not read_on:
                spool.close()
                raise
            return got
        except BaseException:
            spool.end(FetchError(f"the download of {stream.url} was stopped", url=url))
            if not read_on:
                spool.close()
            raise
        spool.end()
        return got


def _fill(spool: Spool, chunks: Iterator[bytes], skip: int, url: str) -> None:
    """Append `chunks` to `spool`, the first `skip` bytes checked against what it holds."""
    offset = 0
    for chunk in chunks:
        if offset < skip:
            seen = chunk[: skip - offset]
            if not spool.same(seen, offset):
                raise FetchError(f"{url} changed while it was being read", url=url)
            offset += len(seen)
            chunk = chunk[len(seen) :]
        if chunk and not spool.write(chunk):
            return  # its reader is gone
    if offset < skip:
        raise FetchError(f"{url} is shorter than when it was first read", url=url)


class Expander:
    """Fetches a URL given on the command line and yields the article URLs it lists.

    An RSS/Atom feed gives its items' links, a sitemap its <loc>s, a sitemap index the URLs of
    its sitemaps (recursively, bounded in depth and count), an HTML page itself. Each document
    is fetched with the page fetcher's checks and parsed as it arrives, within the sitemap
    protocol's limits. A public feed or sitemap may not point at a private address: such
    entries are refused unless `allow_private` (RELIABILITY 32).
    `allowed(url)` returns why robots.txt forbids a URL, or None.
    """

    def __init__(
        self,
        session: requests.Session,
        *,
        limits: SourceLimits = SourceLimits(),
        allowed: Callable[[str], str | None] = lambda url: None,
        allow_private: bool = False,
        download: Callable[[str, str | None], Download] | None = None,
    ) -> None:
        self.session = session
        self.limits = limits
        self.allowed = allowed
        self.allow_private = allow_private
        # How a document is fetched: by default streamed and parsed as it arrives; the batch
        # passes a `download` that fetches it whole, to a spool, under its host's politeness.
        self.download = download
        self._private_hosts: dict[str, bool] = {}

    def __call__(self, url: str) -> Iterator[Entry]:
        seen: set[str] = set()
        yield from self._expand(url, depth=0, seen=seen, listed_by=None)

    def _expand(
        self, url: str, *, depth: int, seen: set[str], listed_by: str | None
    ) -> Iterator[Entry]:
        seen.add(url)
        refused = self.allowed(url)
        if refused:
            yield Entry(url, error=refused)
            return
        try:
            if self.download is None:
                with open_stream(
                    url,
                    session=self.session,
                    limits=self.limits.fetch_limits(allow_private=self.allow_private),
                    accept=FEED_ACCEPT,
                    listed_by=listed_by,
                ) as stream:
                    got = Download(stream.url, stream.content_type, stream.public, None)
                    yield from self._read(url, got, stream.chunks, depth, seen)
            else:
                got = self.download(url, listed_by)
                try:
                    yield from self._read(url, got, got.chunks(), depth, seen)
                finally:
                    got.close()
        except (FetchError, ParseError) as err:
            yield Entry(url, error=str(err))

    def _read(
        self, url: str, got: Download, chunks: Iterator[bytes], depth: int, seen: set[str]
    ) -> Iterator[Entry]:
        if got.content_type in HTML_TYPES:
            # A page given on the command line is archived like a line of a list.
            yield Entry(url, url=url)
            return
        public = got.public and not self.allow_private
        items = read_xml(_unzipped(chunks, got.url, self.limits), got.url)
        yield from self._entries(items, url, depth, seen, url if public else None)

    def _entries(
        self,
        items: Iterator[tuple[str, str]],
        url: str,
        depth: int,
        seen: set[str],
        public: str | None,
    ) -> Iterator[Entry]:
        counts = {"page": 0, "sitemap": 0}
        for kind, value in items:
            counts[kind] += 1
            if counts[kind] > self.limits.max_entries:
                what = "URLs" if kind == "page" else "sitemaps"
                yield Entry(
                    url,
                    error=f"{url} lists more than {self.limits.max_entries:,} {what} (the "
                    "sitemap protocol's limit); the rest refused",
                )
                return
            if kind == "page":
                yield self._page(value, url, public)
            elif depth >= MAX_SITEMAP_DEPTH:
                yield Entry(url, error=f"sitemap index nested too deep: {value}")
            elif len(seen) >= MAX_SITEMAPS:
                yield Entry(url, error=f"more than {MAX_SITEMAPS:,} sitemaps: {value}")
            else:
                try:
                    child = normalize_url(value)
                except InvalidURL as err:
                    yield Entry(url, error=f"invalid sitemap URL: {err}")
                    continue
                if child not in seen:
                    yield from self._expand(child, depth=depth + 1, seen=seen, listed_by=public)

    def _page(self, value: str, source: str, public: str | None) -> Entry:
        entry = _entry(value, source)
        if entry.url is None or public is None:
            return entry
        if self._private_host(entry.url):
            return Entry(
                source,
                error=f"a public feed or sitemap listed a private address; refused: {entry.url} "
                f"(listed in {public}; allow it with --allow-private)",
                text=entry.url,
            )
        return Entry(source, url=entry.url, listed_by=public)

    def _private_host(self, url: str) -> bool:
        """Whether the URL's host has a private address. A name that does not resolve now is
        left to the fetch, which resolves (and checks) again before it connects."""
        host = urlsplit(url).hostname or ""
        known = self._private_hosts.get(host)
        if known is not None:
            return known
        literal = ip_of(host)
        try:
            addresses = (
                [literal]
                if literal is not None
                else lookup(host, resolve_host, self.limits.connect_timeout)
            )
        except (OSError, UnicodeError):
            addresses = []
        private = any(is_private_address(address) for address in addresses)
        if len(self._private_hosts) >= MAX_SITEMAPS:
            self._private_hosts.clear()  # bounded: a feed of a million hosts stays small
        self._private_hosts[host] = private
        return private


def _entry(value: str, source: str) -> Entry:
    try:
        return Entry(source, url=normalize_url(value))
    except InvalidURL as err:
        return Entry(source, error=f"invalid item: {err}", text=value)


def _unzipped(chunks: Iterable[bytes], url: str, limits: SourceLimits) -> Iterator[bytes]:
    """The body, gunzipped if it is a .gz file, capped at `limits.max_bytes` uncompressed."""
    unzip: zlib._Decompress | None = None
    total = 0
    try:
        for chunk in chunks:
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
                    raise FetchError(
                        f"{url} is over {limits.max_bytes // 2**20} MB uncompressed (the sitemap "
                        "protocol's limit); the rest refused",
                        url=url,
                    )
                yield piece
    except zlib.error as err:
        raise FetchError(f"{url}: bad gzip data ({err})", url=url) from None


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def read_xml(chunks: Iterable[bytes], base: str) -> Iterator[tuple[str, str]]:
    """("page", url) for each item of a feed or sitemap, ("sitemap", url) for an index's.

    Parsed incrementally by lxml's pull parser, each item's subtree dropped once read, so
    memory stays flat however long the document. lxml rather than defusedxml: it takes the
    bytes as they arrive from the network (defusedxml's iterparse pulls from a file), and
    with no DTD loading, no network and huge_tree off (libxml2's depth and text-node
    limits) nothing is fetched or expanded. A document that declares entities is refused
    outright, as defusedxml does: left unexpanded they would silently cut URLs short.
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
                    _refuse_entities(elem, base)
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


def _refuse_entities(root: etree._Element, base: str) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ParseError(
            f"{base} declares XML entities; refused (entities are never expanded or fetched)"
        )


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
            yield "page", _resolved(base, link)
    elif name == "entry" and etree.QName(elem).namespace == ATOM_NS:
        for child in elem:
            if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
                href = child.get("href")
                if href:
                    yield "page", _resolved(elem.base or base, href)
                    break
    # The item is done with: drop it and what came before, so memory stays flat.
    elem.clear()
    parent = elem.getparent()
    while parent is not None and elem.getprevious() is not None:
        del parent[0]


def _resolved(base: str, href: str) -> str:
    """`href` against `base`; as written when it cannot be joined (a host no URL parser
    reads, "https://[x]/"), so that the item fails alone as a malformed URL and the rest of
    the feed is read."""
    try:
        return urljoin(base, href)
    except ValueError:
        return href


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
