"""Raw captures as WARC files (warcio): one request and one response record per fetch.

The response payload is the body as the fetcher kept it (content-encoding undone), so its
payload digest is the front matter's `capture.sha256`; headers that would make a replay tool
decode it again are kept under an `X-Archive-Orig-` name.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
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


class _Writer(WARCWriter):  # type: ignore[misc]
    """A WARC writer whose block and payload digests are sha256 (the capture's digest)."""

    @staticmethod
    def _create_digester() -> Any:
        return Digester("sha256")


def sha256_b32(hex_digest: str) -> str:
    """The WARC form (`sha256:` + base32) of a hex sha256 digest."""
    return "sha256:" + base64.b32encode(bytes.fromhex(hex_digest)).decode("ascii")


def _warc_date(when: datetime) -> str:
    return str(datetime_to_iso_date(when.astimezone(UTC).replace(tzinfo=None), use_micros=True))


def warc_bytes(fetched: Fetched) -> bytes:
    """The gzipped WARC (request + response records) of one fetch."""
    out = io.BytesIO()
    writer = _Writer(out, gzip=True, warc_version="1.1")
    date = _warc_date(fetched.retrieved_at)
    parts = urlsplit(fetched.final_url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request_headers = StatusAndHeaders(
        f"GET {target} {fetched.http_version}",
        list(fetched.request_headers),
        protocol=fetched.http_version,
        is_http_request=True,
    )
    headers = [
        (f"{_ORIG}{name}", value) if name.lower() in _WIRE_HEADERS else (name, value)
        for name, value in fetched.response_headers
    ]
    headers.append(("Content-Length", str(len(fetched.body))))
    response_headers = StatusAndHeaders(
        f"{fetched.status} {fetched.reason}".strip(), headers, protocol=fetched.http_version
    )
    response = writer.create_warc_record(
        fetched.final_url,
        "response",
        payload=io.BytesIO(fetched.body),
        length=len(fetched.body),
        http_headers=response_headers,
        warc_headers_dict={"WARC-Date": date},
    )
    request = writer.create_warc_record(
        fetched.final_url,
        "request",
        http_headers=request_headers,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_request_response_pair(request, response)
    return out.getvalue()


@dataclass(frozen=True)
class _Response:
    status_line: str
    protocol: str
    headers: list[tuple[str, str]]
    body: bytes
    payload_digest: str
    request_headers: list[tuple[str, str]]


def _read(path: Path) -> _Response:
    """The response (and request headers) in a capture file; StoreError when it is broken."""
    try:
        with path.open("rb") as stream:
            response: _Response | None = None
            request_headers: list[tuple[str, str]] = []
            for record in ArchiveIterator(stream, check_digests=True):
                payload = record.content_stream().read()
                if record.digest_checker.passed is False:
                    problems = "; ".join(record.digest_checker.problems)
                    raise StoreError(f"{path}: {problems}")
                if record.digest_checker.passed is None:
                    # a digest is checked when the record's last byte is read: a cut record
                    raise StoreError(f"{path}: a {record.rec_type} record is incomplete")
                if record.rec_type == "request" and record.http_headers is not None:
                    request_headers = list(record.http_headers.headers)
                elif record.rec_type == "response" and record.http_headers is not None:
                    response = _Response(
                        status_line=record.http_headers.statusline,
                        protocol=record.http_headers.protocol,
                        headers=list(record.http_headers.headers),
                        body=payload,
                        payload_digest=record.rec_headers.get_header("WARC-Payload-Digest") or "",
                        request_headers=[],
                    )
    except (OSError, EOFError, zlib.error, ArchiveLoadFailed, ValueError) as err:
        raise StoreError(f"{path}: unreadable capture ({err})") from None
    except (AttributeError, IndexError, KeyError, TypeError) as err:
        # warcio's parser meets a cut or garbled record with these rather than its own error
        raise StoreError(f"{path}: malformed WARC record ({type(err).__name__}: {err})") from None
    if response is None:
        raise StoreError(f"{path}: no response record in the capture")
    return _Response(
        response.status_line,
        response.protocol,
        response.headers,
        response.body,
        response.payload_digest,
        request_headers,
    )


def check(path: Path, sha256: str | None) -> list[str]:
    """Problems with the capture at `path` (WARC digests, and the payload against `sha256`)."""
    try:
        response = _read(path)
    except StoreError as err:
        return [str(err)]
    problems = []
    actual = hashlib.sha256(response.body).hexdigest()
    if response.payload_digest and response.payload_digest != sha256_b32(actual):
        problems.append(f"{path}: payload digest does not match the stored bytes")
    if sha256 is not None and actual != sha256:
        problems.append(f"{path}: payload sha256 {actual} differs from the front matter's {sha256}")
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
    """The fetch stored at `path`, as the fetcher returned it (for re-extraction offline)."""
    from archiver.fetch import Fetched  # requests is not needed to read or check captures

    response = _read(path)
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
        request_headers=response.request_headers,
        response_headers=headers,
        body=response.body,
        content_type=media or capture.content_type,
        charset=charset,
        retrieved_at=capture.retrieved_at,
        sha256=hashlib.sha256(response.body).hexdigest(),
    )


__all__ = ["check", "read_fetched", "sha256_b32", "warc_bytes"]
