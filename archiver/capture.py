"""Raw captures as WARC files (warcio): one `<slug>.warc.gz` per article, written whole.

Records: the page's response and request (or an imported WARC's own records, byte for byte),
a browser's rendered DOM as a `conversion` record referring to the response, then a response
and request for each kept picture (`Exchange`).

The response payload is the body as the fetcher kept it (content-encoding undone), so its
payload digest is the front matter's `capture.sha256`; headers that would make a replay tool
decode it again are kept under an `X-Archive-Orig-` name.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from archiver.errors import StoreError
from archiver.models import Capture

if TYPE_CHECKING:
    from archiver.fetch import Fetched

# The payload is stored decoded; these headers describe the wire form, not the stored bytes.
_WIRE_HEADERS = ("content-encoding", "transfer-encoding", "content-length")
_ORIG = "X-Archive-Orig-"
# The conversion record of a browser render: the DOM serialised as HTML, UTF-8
RENDERED_TYPE = "text/html; charset=utf-8"


# zlib's default level. warcio compresses at 9, which on news pages takes twice the time for
# 0.6 % fewer bytes; the capture is built once for every article a batch stores.
GZIP_LEVEL = 6


class _Gzip:
    """One gzip member per record, as warcio writes them, at GZIP_LEVEL."""

    def __init__(self, out: BinaryIO) -> None:
        self.compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        self.out = out

    def write(self, data: bytes) -> None:
        self.out.write(self.compressor.compress(data))

    def flush(self) -> None:
        self.out.write(self.compressor.flush())
        self.out.flush()


class _Writer(WARCWriter):  # type: ignore[misc]
    """A WARC writer whose block and payload digests are sha256 (the capture's digest), and
    whose records are each gzipped at GZIP_LEVEL (by _Gzip: warcio's own gzip is off)."""

    def __init__(self, out: BinaryIO, **kwargs: Any) -> None:
        super().__init__(out, gzip=False, **kwargs)

    @staticmethod
    def _create_digester() -> Any:
        return Digester("sha256")

    def _write_warc_record(self, out: BinaryIO, record: Any) -> None:
        super()._write_warc_record(_Gzip(out), record)


def sha256_b32(hex_digest: str) -> str:
    """The WARC form (`sha256:` + base32) of a hex sha256 digest."""
    return "sha256:" + base64.b32encode(bytes.fromhex(hex_digest)).decode("ascii")


def _warc_date(when: datetime) -> str:
    return str(datetime_to_iso_date(when.astimezone(UTC).replace(tzinfo=None), use_micros=True))


@dataclass(frozen=True)
class Exchange:
    """One more request and response to keep in an article's capture (a kept picture)."""

    url: str
    status: int
    reason: str
    request_headers: list[tuple[str, str]]
    response_headers: list[tuple[str, str]]
    body: bytes  # content-encoding undone, as the fetcher keeps it
    retrieved_at: datetime
    http_version: str = "HTTP/1.1"


def _write_exchange(writer: _Writer, exchange: Exchange) -> str:
    """Write the response and request records of one exchange; the response's record id."""
    date = _warc_date(exchange.retrieved_at)
    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request_headers = StatusAndHeaders(
        f"GET {target} {exchange.http_version}",
        list(exchange.request_headers),
        protocol=exchange.http_version,
        is_http_request=True,
    )
    headers = [
        (f"{_ORIG}{name}", value) if name.lower() in _WIRE_HEADERS else (name, value)
        for name, value in exchange.response_headers
    ]
    headers.append(("Content-Length", str(len(exchange.body))))
    response_headers = StatusAndHeaders(
        f"{exchange.status} {exchange.reason}".strip(), headers, protocol=exchange.http_version
    )
    response = writer.create_warc_record(
        exchange.url,
        "response",
        payload=io.BytesIO(exchange.body),
        length=len(exchange.body),
        http_headers=response_headers,
        warc_headers_dict={"WARC-Date": date},
    )
    request = writer.create_warc_record(
        exchange.url,
        "request",
        http_headers=request_headers,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_request_response_pair(request, response)
    return str(response.rec_headers.get_header("WARC-Record-ID"))


def _original_records(records: bytes, out: io.BytesIO) -> str | None:
    """Copy an imported WARC's records into `out`, each as its own gzip member with its
    headers, payload bytes and digests as they were; the id of its first response record."""
    plain = gzip.decompress(records) if records[:2] == b"\x1f\x8b" else records
    response_id = None
    try:
        iterator = ArchiveIterator(io.BytesIO(plain))
        for record in iterator:
            record.raw_stream.read()
            start, length = iterator.get_record_offset(), iterator.get_record_length()
            record_bytes = plain[start : start + length] + b"\r\n\r\n"
            out.write(gzip.compress(record_bytes, compresslevel=GZIP_LEVEL, mtime=0))
            if record.rec_type == "response" and response_id is None:
                response_id = record.rec_headers.get_header("WARC-Record-ID")
    except (EOFError, zlib.error, ArchiveLoadFailed, ValueError) as err:
        raise StoreError(f"the imported WARC records are unreadable ({err})") from None
    return response_id


def warc_bytes(fetched: Fetched, exchanges: Sequence[Exchange] = ()) -> bytes:
    """The gzipped WARC of one article, written whole: the page's response and request (or
    the imported WARC's own records), the browser's rendered DOM as a `conversion` record
    referring to the response, then each of `exchanges` (kept pictures)."""
    out = io.BytesIO()
    writer = _Writer(out, warc_version="1.1")
    if fetched.records is not None:
        response_id = _original_records(fetched.records, out)
    else:
        response_id = _write_exchange(
            writer,
            Exchange(
                url=fetched.final_url,
                status=fetched.status,
                reason=fetched.reason,
                request_headers=list(fetched.request_headers),
                response_headers=list(fetched.response_headers),
                body=fetched.body,
                retrieved_at=fetched.retrieved_at,
                http_version=fetched.http_version,
            ),
        )
    if fetched.rendered is not None:
        dom = fetched.rendered.encode("utf-8", errors="replace")
        extra = {"WARC-Date": _warc_date(fetched.retrieved_at)}
        if response_id:
            extra["WARC-Refers-To"] = response_id
        conversion = writer.create_warc_record(
            fetched.final_url,
            "conversion",
            payload=io.BytesIO(dom),
            length=len(dom),
            warc_content_type=RENDERED_TYPE,
            warc_headers_dict=extra,
        )
        writer.write_record(conversion)
    for exchange in exchanges:
        _write_exchange(writer, exchange)
    return out.getvalue()


def with_exchanges(capture: bytes, exchanges: Sequence[Exchange]) -> bytes:
    """A capture with more exchanges after its records (the whole file is rewritten by the
    caller, never appended to): the records already there are kept byte for byte."""
    out = io.BytesIO()
    out.write(capture)
    writer = _Writer(out, warc_version="1.1")
    for exchange in exchanges:
        _write_exchange(writer, exchange)
    return out.getvalue()


@dataclass(frozen=True)
class _Record:
    kind: str
    target: str
    record_id: str
    refers_to: str
    status_line: str
    protocol: str
    headers: list[tuple[str, str]]
    payload: bytes


@dataclass(frozen=True)
class _Page:
    response: _Record
    request_headers: list[tuple[str, str]]
    rendered: str | None


def _records(path: Path) -> list[_Record]:
    """Every record in a capture file, each digest checked; StoreError naming the file."""
    found = []
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream, check_digests=True):
                payload = record.content_stream().read()
                if record.digest_checker.passed is False:
                    problems = "; ".join(record.digest_checker.problems)
                    raise StoreError(f"{path}: {problems}")
                if record.digest_checker.passed is None and record.rec_type != "warcinfo":
                    # a digest is checked when the record's last byte is read: a cut record
                    raise StoreError(f"{path}: a {record.rec_type} record is incomplete")
                http = record.http_headers
                get = record.rec_headers.get_header
                found.append(
                    _Record(
                        kind=record.rec_type,
                        target=get("WARC-Target-URI") or "",
                        record_id=get("WARC-Record-ID") or "",
                        refers_to=get("WARC-Refers-To") or get("WARC-Concurrent-To") or "",
                        status_line=http.statusline if http is not None else "",
                        protocol=http.protocol if http is not None else "",
                        headers=list(http.headers) if http is not None else [],
                        payload=payload,
                    )
                )
    except (OSError, EOFError, zlib.error, ArchiveLoadFailed, ValueError) as err:
        raise StoreError(f"{path}: unreadable capture ({err})") from None
    except (AttributeError, IndexError, KeyError, TypeError) as err:
        # warcio's parser meets a cut or garbled record with these rather than its own error
        raise StoreError(f"{path}: malformed WARC record ({type(err).__name__}: {err})") from None
    return found


def _page(path: Path, final_url: str | None = None) -> _Page:
    """The page's response (the one for `final_url`, else the first), its request headers
    and the rendered DOM that refers to it, if any."""
    records = _records(path)
    responses = [r for r in records if r.kind == "response" and r.status_line]
    if not responses:
        raise StoreError(f"{path}: no response record in the capture")
    response = next((r for r in responses if r.target == final_url), responses[0])
    request = next(
        (r for r in records if r.kind == "request" and r.refers_to == response.record_id),
        next((r for r in records if r.kind == "request" and r.target == response.target), None),
    )
    conversions = [r for r in records if r.kind == "conversion"]
    conversion = next(
        (r for r in conversions if r.refers_to == response.record_id),
        conversions[0] if conversions else None,
    )
    rendered = conversion.payload.decode("utf-8", errors="replace") if conversion else None
    return _Page(response, request.headers if request else [], rendered)


def check(path: Path, capture: Capture | str | None) -> list[str]:
    """Problems with the capture at `path`: every record's WARC digests, the page's payload
    against the front matter's sha256, and a browser render's conversion record."""
    sha256 = capture.sha256 if isinstance(capture, Capture) else capture
    final_url = capture.final_url if isinstance(capture, Capture) else None
    try:
        page = _page(path, final_url)
    except StoreError as err:
        return [str(err)]
    problems = []
    actual = hashlib.sha256(page.response.payload).hexdigest()
    if sha256 is not None and actual != sha256:
        problems.append(f"{path}: payload sha256 {actual} differs from the front matter's {sha256}")
    if isinstance(capture, Capture) and capture.rendered == "browser" and page.rendered is None:
        problems.append(f"{path}: no conversion record holds the page the browser rendered")
    return problems


def _media_type(content_type: str) -> tuple[str, str | None]:
    media, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def read_fetched(path: Path, capture: Capture) -> Fetched:
    """The fetch stored at `path`, as the fetcher returned it (for re-extraction offline);
    for a browser render, with the rendered DOM from the conversion record."""
    from archiver.fetch import Fetched  # requests is not needed to read or check captures

    page = _page(path, capture.final_url)
    response = page.response
    # the stored Content-Length is of the decoded payload; the wire one is under _ORIG
    headers = [
        (name[len(_ORIG) :], value) if name.startswith(_ORIG) else (name, value)
        for name, value in response.headers
        if name.lower() != "content-length"
    ]
    content_type = next((v for k, v in response.headers if k.lower() == "content-type"), "")
    media, charset = _media_type(content_type)
    code, _, reason = response.status_line.partition(" ")
    try:
        status = int(code)
    except ValueError:
        raise StoreError(f"{path}: bad status line {response.status_line!r}") from None
    return Fetched(
        requested_url=capture.requested_url,
        final_url=capture.final_url,
        status=status,
        reason=reason,
        http_version=response.protocol or "HTTP/1.1",
        request_headers=page.request_headers,
        response_headers=headers,
        body=response.payload,
        content_type=media or capture.content_type,
        charset=charset,
        retrieved_at=capture.retrieved_at,
        sha256=hashlib.sha256(response.payload).hexdigest(),
        source=capture.rendered,
        rendered=page.rendered if capture.rendered == "browser" else None,
    )


__all__ = [
    "RENDERED_TYPE",
    "Exchange",
    "check",
    "read_fetched",
    "sha256_b32",
    "warc_bytes",
    "with_exchanges",
]
