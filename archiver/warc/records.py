"""WARC records -> Articles: the pure function a worker runs on a task (a byte range of a
WARC file, or records a reader has read), the same in the local process pool and on a Dask
cluster.

Each `response` record of an HTML page with status 200 becomes a `Fetched` with
`source="warc"` and its original records (request too, where the WARC has it), then goes
through the same `extract` as a fetched page. Filters on the URL and the capture date apply
before parsing; filters on the published date and language after.
"""

from __future__ import annotations

import fnmatch
import hashlib
import io
import logging
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from archiver.errors import ArchiverError, NoArticleError
from archiver.pictures import picture_urls
from archiver.warc.input import LOOK_BEHIND, ArchiveFile, RawRecord, members

if TYPE_CHECKING:
    from archiver.capture import Exchange
    from archiver.fetch import Fetched
    from archiver.models import Article
    from archiver.store import Prepared

# warcio logs a warning for each odd header it mends (a space in a URI); a record's problems
# go in the import's report, never as stray lines on stderr.
logging.getLogger("warcio").addHandler(logging.NullHandler())

MAX_BODY_BYTES = 20 * 1024 * 1024  # the fetcher's cap on a decoded body
HTML_TYPES = ("text/html", "application/xhtml+xml")
PAGE_TYPES = ("response", "revisit")

OutcomeStatus = Literal["parsed", "skipped", "failed"]


@dataclass(frozen=True)
class Filters:
    """Which records an import keeps. `site`, `url_glob` and the capture dates are checked on
    the record's headers, before any parsing; the rest needs the parsed article."""

    site: str | None = None  # a host; its subdomains match too
    url_glob: str | None = None  # fnmatch pattern on the whole URL
    captured_since: datetime | None = None  # on WARC-Date, UTC
    captured_until: datetime | None = None
    since: date | None = None  # on the published date
    until: date | None = None
    languages: tuple[str, ...] = ()  # primary subtags: "en", "de"
    max_bytes: int = MAX_BODY_BYTES
    pictures: bool = True  # gather image records for the pictures of the task's articles

    def keeps(self, url: str, captured: datetime | None) -> bool:
        """Whether a record passes the filters that need no parse."""
        if self.site:
            host = (urlsplit(url).hostname or "").lower()
            site = self.site.lower().removeprefix("www.")
            if host.removeprefix("www.") != site and not host.endswith("." + site):
                return False
        if self.url_glob and not fnmatch.fnmatchcase(url, self.url_glob):
            return False
        if captured is not None:
            if self.captured_since and captured < self.captured_since:
                return False
            if self.captured_until and captured > self.captured_until:
                return False
        return True

    def refusal(self, article: Article) -> str | None:
        """Why a parsed article is left out (skipped), or None."""
        published = article.published
        day = published.date() if isinstance(published, datetime) else published
        if (self.since or self.until) and day is None:
            return "no published date (--since/--until need one)"
        if day is not None and self.since and day < self.since:
            return f"published {day}, before --since {self.since}"
        if day is not None and self.until and day > self.until:
            return f"published {day}, after --until {self.until}"
        if self.languages:
            lang = (article.language or "").lower().split("-")[0].split("_")[0]
            if lang not in self.languages:
                return f"language {article.language or 'unknown'}, not {','.join(self.languages)}"
        return None


@dataclass(frozen=True)
class Unit:
    """A response (or revisit) record with the request record that goes with it."""

    response: RawRecord
    request: RawRecord | None = None


@dataclass(frozen=True)
class Task:
    """Work for one worker: a byte range of a record-by-record gzipped WARC (read by the
    worker), or units a reader has already read. `done` holds keys recorded by an earlier
    run, passed over unparsed."""

    file: ArchiveFile
    start: int = 0
    end: int | None = None
    units: tuple[Unit | RawRecord, ...] = ()  # a RawRecord here is an unreadable one
    done: frozenset[str] = frozenset()

    @property
    def where(self) -> str:
        if self.units:
            first = self.units[0]
            key = first.response.key if isinstance(first, Unit) else first.key
            return f"{self.file.path} (records from offset {key})"
        if self.end is None and not self.start:
            return self.file.path
        return f"{self.file.path} bytes {self.start}-{self.end if self.end is not None else ''}"


@dataclass(frozen=True)
class Outcome:
    """What became of one record; `key` names it in its file ("path@offset")."""

    key: str
    url: str
    status: OutcomeStatus
    reason: str | None = None
    article: Article | None = None
    fetched: Fetched | None = None
    # what the store writes (document, gzipped capture, index text), built by the worker so
    # that the one writer only writes; then `fetched` is left out (it is in the capture)
    prepared: Prepared | None = None
    # the pictures the article shows that the task's image records hold: URL -> (bytes,
    # media type, the exchange for the capture)
    pictures: dict[str, Found] = field(default_factory=dict)


@dataclass
class TaskResult:
    """A task's outcomes, and how many page records the filters left out unparsed."""

    outcomes: list[Outcome] = field(default_factory=list)
    left_out: int = 0


Extract = Callable[["Fetched"], "Article"]
Found = tuple[bytes, str | None, "Exchange | None"]
MAX_PICTURE_BYTES = 10 * 1024 * 1024


def record_key(file: ArchiveFile, key: str) -> str:
    return f"{file.path}@{key}"


def run_task(
    task: Task, filters: Filters, extract: Extract | None = None, *, prepare: bool = False
) -> TaskResult:
    """Read (if need be), filter and parse a task's records. Never raises for a record's
    sake: a broken record is a `failed` outcome, the task goes on. With `prepare`, each
    parsed outcome carries its stored form instead of its Fetched (the importer's way)."""
    if extract is None:
        from archiver.pipeline import extract as default_extract

        extract = default_extract
    result = TaskResult()
    units: Iterable[Unit | RawRecord] = task.units or list(_read_range(task))
    images = _images(units) if filters.pictures else {}
    for unit in units:
        if (unit.key if isinstance(unit, RawRecord) else unit.response.key) in task.done:
            continue
        if isinstance(unit, RawRecord):  # unreadable
            result.outcomes.append(_broken(task.file, unit))
            continue
        key = record_key(task.file, unit.response.key)
        if not filters.keeps(unit.response.target, captured_at(unit.response)):
            result.left_out += 1
            continue
        outcome = process(key, unit, filters, extract)
        if images and outcome.article is not None:
            shown = picture_urls(outcome.article.body, outcome.article.image)
            outcome.pictures.update((url, images[url]) for url in shown if url in images)
        result.outcomes.append(_prepared(outcome) if prepare else outcome)
    return result


def _prepared(outcome: Outcome) -> Outcome:
    if outcome.article is None or outcome.fetched is None:
        return outcome
    from archiver.store import prepare

    try:
        ready = prepare(outcome.article, outcome.fetched)
    except Exception as err:  # one hostile page must not stop the task
        reason = f"cannot build the document: {type(err).__name__}: {err}"
        return replace(outcome, status="failed", reason=reason, fetched=None)
    return replace(outcome, fetched=None, prepared=ready)


def _images(units: Iterable[Unit | RawRecord]) -> dict[str, Found]:
    """The pictures among the records (image/* responses of status 200), by URL."""
    from archiver.capture import Exchange

    found: dict[str, Found] = {}
    for unit in units:
        if not isinstance(unit, Unit) or unit.response.type != "response":
            continue
        if b"image/" not in (unit.response.data or b"")[:4096]:
            continue  # not a picture's headers: no need to parse the record
        try:
            got = read_response(unit, MAX_PICTURE_BYTES, lambda media: media.startswith("image/"))
        except (_Skip, _Broken):
            continue
        exchange = Exchange(
            url=got.final_url,
            status=got.status,
            reason=got.reason,
            request_headers=got.request_headers,
            response_headers=got.response_headers,
            body=got.body,
            retrieved_at=got.retrieved_at,
            http_version=got.http_version,
        )
        found[got.final_url] = (got.body, got.content_type, exchange)
    return found


def _broken(file: ArchiveFile, record: RawRecord) -> Outcome:
    return Outcome(
        record_key(file, record.key), record.target, "failed", f"unreadable: {record.error}"
    )


def _read_range(task: Task) -> Iterator[Unit | RawRecord]:
    """The units whose response begins in the task's range. Reading starts a little before
    it (a request just before the first response) and ends one record after it (a request
    written after its response)."""
    start = max(0, task.start - LOOK_BEHIND) if task.start else 0
    try:
        with open(task.file.path, "rb") as fh:
            records = members(fh, start, None)
            for unit in pair(records, stop=task.end):
                key = unit.response.offset if isinstance(unit, Unit) else unit.offset
                if key < task.start:
                    continue
                yield unit
    except OSError as err:
        yield RawRecord(str(task.start), {}, None, f"cannot read the file: {err.strerror or err}")


def pair(records: Iterable[RawRecord], *, stop: int | None = None) -> Iterator[Unit | RawRecord]:
    """Response and revisit records, each with its request (before or right after it), and
    unreadable records as they are. Records of other types are passed over. With `stop`,
    ends at the first record at or past it, once a response waiting for its request is out."""
    held: RawRecord | None = None  # a response waiting to see if its request follows
    request: RawRecord | None = None  # the last request seen
    for record in records:
        past = stop is not None and record.offset >= stop
        if record.error is not None and not record.headers:
            if held is not None:
                yield Unit(held, _matching(request, held))
                held = None
            if past:
                return
            yield record
            continue
        if record.type == "request":
            if held is not None:
                yield Unit(held, _matching(request, held) or _matching(record, held))
                held = None
            if past:
                return
            request = record
            continue
        if held is not None:
            yield Unit(held, _matching(request, held))
            held = None
        if past:
            return
        if record.error is not None:
            yield record
        elif record.type in PAGE_TYPES:
            held = record
    if held is not None:
        yield Unit(held, _matching(request, held))


def _matching(request: RawRecord | None, response: RawRecord) -> RawRecord | None:
    """The request, when it belongs to the response (linked by id, else the same URI)."""
    if request is None or request.data is None:
        return None
    ids = {response.headers.get("warc-record-id"), response.headers.get("warc-concurrent-to")}
    linked = {request.headers.get("warc-record-id"), request.headers.get("warc-concurrent-to")}
    if ids & linked - {None}:
        return request
    return request if request.target == response.target else None


def captured_at(record: RawRecord) -> datetime | None:
    text = record.headers.get("warc-date", "")
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


# -- one record ---------------------------------------------------------------------------------


def process(key: str, unit: Unit, filters: Filters, extract: Extract) -> Outcome:
    """One response record -> an Outcome: parsed (with its Article and Fetched), skipped
    (not a page with an article, or filtered out after the parse) or failed (unreadable)."""
    response = unit.response
    url = response.target
    if response.error is not None or response.data is None:
        reason = response.error or "a record over 64 MB, passed over"
        status: OutcomeStatus = "failed" if response.error else "skipped"
        return Outcome(key, url, status, reason)
    if response.type == "revisit":
        return Outcome(key, url, "skipped", "a revisit record (the payload is elsewhere)")
    unusable = _address_problem(url)
    if unusable is not None:
        return Outcome(key, url, "skipped", unusable)
    try:
        fetched = to_fetched(unit, filters.max_bytes)
    except _Skip as skip:
        return Outcome(key, url, "skipped", str(skip))
    except _Broken as broken:
        return Outcome(key, url, "failed", str(broken))
    try:
        article = extract(fetched)
    except NoArticleError:
        return Outcome(key, url, "skipped", "no article on the page")
    except ArchiverError as err:
        return Outcome(key, url, "failed", str(err))
    except Exception as err:  # one hostile page must not stop the task
        return Outcome(key, url, "failed", f"the parser failed: {type(err).__name__}: {err}")
    refusal = filters.refusal(article)
    if refusal is not None:
        return Outcome(key, url, "skipped", refusal)
    return Outcome(key, url, "parsed", None, article, fetched)


def _address_problem(url: str) -> str | None:
    """Why a record's WARC-Target-URI is no http(s) page address the archive can file a page
    under (none, another scheme, no host or one no URL parser reads), or None. Characters a
    crawler left unescaped (a space) are escaped first, as a fetch would send them."""
    from requests.utils import requote_uri

    from archiver.errors import InvalidURL
    from archiver.fetch import check_url

    if not url:
        return "no WARC-Target-URI"
    try:
        check_url(requote_uri(url))
    except (InvalidURL, ValueError) as err:
        return f"not a page's address: {err}"
    return None


class _Skip(Exception):
    """Not a page to parse (a redirect, an error status, not HTML, a wrong digest)."""


class _Broken(Exception):
    """The record cannot be read."""


def to_fetched(unit: Unit, max_bytes: int = MAX_BODY_BYTES) -> Fetched:
    """The response record as the fetcher would have returned it, with its original records.

    Raises _Skip for a record that is no HTML page of status 200, or whose payload digest is
    wrong, and _Broken for one warcio cannot read.
    """
    return read_response(unit, max_bytes, lambda media: media in HTML_TYPES)


def read_response(unit: Unit, max_bytes: int, wanted: Callable[[str], bool]) -> Fetched:
    """A response record of status 200 whose media type is `wanted`, as a Fetched."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from archiver.fetch import Fetched

    data = unit.response.data or b""
    try:
        record = next(iter(ArchiveIterator(io.BytesIO(data), check_digests=True)))
        http = record.http_headers
        if http is None:
            raise _Skip("not an HTTP response")
        code, _, reason = http.statusline.partition(" ")
        status = int(code) if code.isdigit() else 0
        if status != 200:
            if 300 <= status < 400:
                where = http.get_header("location") or "?"
                raise _Skip(f"a redirect (HTTP {status}) to {where}")
            raise _Skip(f"HTTP {status or http.statusline!r}")
        media, charset = _media_type(http.get_header("content-type") or "")
        if not wanted(media):
            raise _Skip(f"not HTML ({media or 'no content type'})")
        encoding = (http.get_header("content-encoding") or "").strip().lower()
        if encoding and encoding not in ("identity", "gzip", "x-gzip", "deflate", "br"):
            raise _Skip(f"a content encoding this reader does not undo ({encoding})")
        body = record.content_stream().read(max_bytes + 1)
        if len(body) > max_bytes:
            raise _Skip(f"over {max_bytes // 2**20} MB once decoded")
        while record.raw_stream.read(64 * 1024):
            pass  # the digest is checked when the last byte is read
        if record.digest_checker.passed is False:
            raise _Skip(
                "payload digest does not match: " + "; ".join(record.digest_checker.problems)
            )
        request_headers: list[tuple[str, str]] = []
        records = data
        if unit.request is not None and unit.request.data is not None:
            request_headers = _request_headers(unit.request.data)
            records = unit.request.data + b"\r\n\r\n" + data
        retrieved = captured_at(unit.response) or datetime.now(UTC)
        return Fetched(
            requested_url=unit.response.target,
            final_url=unit.response.target,
            status=status,
            reason=reason,
            http_version=http.protocol or "HTTP/1.1",
            request_headers=request_headers,
            response_headers=[
                (name, value)
                for name, value in http.headers
                if name.lower() not in ("content-encoding", "transfer-encoding")
            ],
            body=body,
            content_type=media,
            charset=charset,
            retrieved_at=retrieved.astimezone(UTC),
            sha256=hashlib.sha256(body).hexdigest(),
            source="warc",
            records=records + b"\r\n\r\n",
        )
    except (_Skip, _Broken):
        raise
    except (ArchiveLoadFailed, StopIteration, OSError, EOFError, zlib.error, ValueError) as err:
        raise _Broken(f"unreadable record: {type(err).__name__}: {err}") from None
    except (AttributeError, IndexError, KeyError, TypeError) as err:
        raise _Broken(f"malformed record: {type(err).__name__}: {err}") from None


def _request_headers(data: bytes) -> list[tuple[str, str]]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        record = next(iter(ArchiveIterator(io.BytesIO(data))))
        return list(record.http_headers.headers) if record.http_headers is not None else []
    except (ArchiveLoadFailed, StopIteration, OSError, EOFError, ValueError, AttributeError):
        return []  # a broken request record costs its headers, not the page


def _media_type(content_type: str) -> tuple[str, str | None]:
    media, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


__all__ = [
    "Filters",
    "Outcome",
    "Task",
    "TaskResult",
    "Unit",
    "captured_at",
    "pair",
    "process",
    "record_key",
    "run_task",
    "to_fetched",
]
