"""Small WARC files for tests and benchmarks, written with warcio: responses with or without
their requests, redirects, other media, revisits, a wrong payload digest; gzipped record by
record, as one stream, or plain."""

from __future__ import annotations

import gzip
import io
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

Compression = Literal["records", "whole", "none"]
_WORDS = [
    "".join(random.Random(n).choice("abcdefghijklmnopqrstuvwxyz") for _ in range(3 + n % 7))
    for n in range(2000)
]
WRONG_DIGEST = "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"


@dataclass
class Page:
    """One capture: a response record, and its request record unless `request` is False."""

    url: str
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    request: bool = True
    date: str = "2024-12-19T10:00:00Z"
    wrong_digest: bool = False
    revisit: bool = False
    request_after: bool = False  # the request written after its response (as Heritrix does)


def article_html(
    headline: str, paragraphs: int = 6, *, lang: str = "en", day: str = "", noise: int | None = None
) -> bytes:
    """A small news page the parser finds an article in; `noise` (a seed) adds 2 KB of
    random words a paragraph, so that the page compresses as a real one does."""
    published = day or "2024-12-19"
    rng = random.Random(noise)
    words = [] if noise is None else [rng.choice(_WORDS) for _ in range(300)]
    text = " ".join(words) + " ".join(
        f"{headline} is the subject of this paragraph number {n}, which says enough about it"
        " to be read as the story's running text rather than the page's chrome."
        for n in range(1, 4)
    )
    body = "\n".join(f"<p>{text}</p>" for _ in range(paragraphs))
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{headline}</title>"
        f'<meta property="article:published_time" content="{published}T08:00:00Z">'
        f"</head><body><article><h1>{headline}</h1>"
        f'<p class="byline">By Jane Roe</p>{body}</article></body></html>'
    ).encode()


def write_warc(path: Path, pages: Iterable[Page], compression: Compression = "records") -> Path:
    """Write the pages as a WARC file (with a warcinfo record first)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compression == "records", warc_version="1.0")
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
    for page in pages:
        _write_page(writer, page)
    data = out.getvalue()
    if compression == "whole":
        data = gzip.compress(data)
    path.write_bytes(data)
    return path


def _write_page(writer: WARCWriter, page: Page) -> None:
    headers = [("Content-Type", page.content_type), *page.headers]
    if page.status != 200 or page.revisit:
        headers.append(("Content-Length", str(len(page.body))))
    http = StatusAndHeaders(f"{page.status} {_reason(page.status)}", headers, protocol="HTTP/1.1")
    warc_headers = {"WARC-Date": page.date}
    if page.revisit:
        response = writer.create_revisit_record(
            page.url, "sha1:" + "B" * 32, page.url, "2024-12-01T00:00:00Z", http_headers=http
        )
        response.rec_headers.replace_header("WARC-Date", page.date)
    else:
        if page.wrong_digest:
            warc_headers["WARC-Payload-Digest"] = WRONG_DIGEST
        response = writer.create_warc_record(
            page.url,
            "response",
            payload=io.BytesIO(page.body),
            length=len(page.body),
            http_headers=http,
            warc_headers_dict=warc_headers,
        )
    if not page.request:
        writer.write_record(response)
        return
    path = "/" + page.url.split("/", 3)[-1] if page.url.count("/") >= 3 else "/"
    request_http = StatusAndHeaders(
        f"GET {path} HTTP/1.1",
        [("Host", page.url.split("/")[2]), ("User-Agent", "tests")],
        protocol="HTTP/1.1",
        is_http_request=True,
    )
    request = writer.create_warc_record(
        page.url, "request", http_headers=request_http, warc_headers_dict={"WARC-Date": page.date}
    )
    request.rec_headers.add_header(
        "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
    )
    if page.request_after:
        writer.write_record(response)
        writer.write_record(request)
    else:
        writer.write_record(request)
        writer.write_record(response)


def _reason(status: int) -> str:
    return {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found"}.get(status, "")


def write_arc(path: Path, pages: Iterable[Page], *, compress: bool = False) -> Path:
    """Write the pages as an ARC (version 1) file, gzipped record by record if asked."""
    version = b"1 0 tests\nURL IP-address Archive-date Content-type Archive-length\n"
    records = [b"filedesc://%s 0.0.0.0 20241219100000 text/plain %d\n%s" % (
        path.name.encode(), len(version), version)]  # fmt: skip
    for page in pages:
        head = f"HTTP/1.1 {page.status} {_reason(page.status)}\r\n"
        head += f"Content-Type: {page.content_type}\r\nContent-Length: {len(page.body)}\r\n\r\n"
        content = head.encode() + page.body
        when = page.date.replace("-", "").replace(":", "").replace("T", "")[:14]
        line = f"{page.url} 127.0.0.1 {when} {page.content_type.split(';')[0]} {len(content)}\n"
        records.append(line.encode() + content)
    if compress:
        path.write_bytes(b"".join(gzip.compress(r + b"\n") for r in records))
    else:
        path.write_bytes(b"\n".join(records) + b"\n")
    return path


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A complete, valid PNG (grey pixels)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
