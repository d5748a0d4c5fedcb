"""The capture layout of schema 2: one WARC per article with the page, a browser's rendered DOM
as a conversion record, kept pictures, and an imported WARC's records kept as they were."""

from __future__ import annotations

import dataclasses
import gzip
import io
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.capture import Exchange, check, read_fetched, warc_bytes, with_exchanges
from archiver.frontmatter import read_article
from archiver.pipeline import extract
from archiver.store import Archive
from tests.test_store import make_fetched, page

WARCIO = Path(sys.executable).parent / "warcio"
SHELL = b"<html><head><title>Loading</title></head><body><div id=app></div></body></html>"
DOM = page("Rendered story", "Paragraph the script wrote into the page. " * 8).decode()
PICTURE = Exchange(
    url="https://www.example.com/pics/a.jpg",
    status=200,
    reason="OK",
    request_headers=[("User-Agent", "archiver/test")],
    response_headers=[("Content-Type", "image/jpeg")],
    body=b"\xff\xd8\xff\xe0 a small jpeg",
    retrieved_at=datetime(2024, 12, 20, 8, 31, tzinfo=UTC),
)


def records(data: bytes) -> list[tuple[str, dict[str, str], bytes]]:
    out = []
    for record in ArchiveIterator(io.BytesIO(data)):
        headers = dict(record.rec_headers.headers)
        out.append((record.rec_type, headers, record.raw_stream.read()))
    return out


def warcio_check(path: Path) -> str:
    done = subprocess.run([str(WARCIO), "check", "-v", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def browser_fetch() -> object:
    return dataclasses.replace(make_fetched(body=SHELL), source="browser", rendered=DOM)


def test_a_browser_render_is_a_conversion_record_referring_to_the_response(
    tmp_path: Path,
) -> None:
    fetched = dataclasses.replace(make_fetched(body=SHELL), source="browser", rendered=DOM)
    path = tmp_path / "a.warc.gz"
    path.write_bytes(warc_bytes(fetched, [PICTURE]))
    found = records(path.read_bytes())
    assert [kind for kind, *_ in found] == ["response", "request", "conversion", "response",
                                             "request"]  # fmt: skip
    response, conversion, picture = found[0][1], found[2], found[3]
    assert conversion[1]["WARC-Refers-To"] == response["WARC-Record-ID"]
    assert conversion[1]["Content-Type"] == "text/html; charset=utf-8"
    assert conversion[2] == DOM.encode()
    assert picture[1]["WARC-Target-URI"] == PICTURE.url and picture[2].endswith(PICTURE.body)
    assert warcio_check(path).count("digest pass") == 5
    assert check(path, fetched.capture()) == []
    again = read_fetched(path, fetched.capture())
    assert again.rendered == DOM and again.body == SHELL and again.source == "browser"


def test_with_exchanges_keeps_the_records_already_there_byte_for_byte() -> None:
    first = warc_bytes(make_fetched())
    more = with_exchanges(first, [PICTURE])
    assert more.startswith(first)
    assert [kind for kind, *_ in records(more)] == ["response", "request", "response", "request"]


def test_reextract_reads_the_rendered_page_of_a_browser_capture(tmp_path: Path) -> None:
    fetched = browser_fetch()
    archive = Archive(tmp_path)
    saved = archive.save(extract(fetched), fetched)  # type: ignore[arg-type]
    text = saved.path.read_text()
    assert "\nrendered: browser\n" in text and "Rendered story" in text
    # a parser change shows: the stored file is stale, reextract rebuilds it from the DOM
    stale = text.replace("title: Rendered story", "title: Stale")
    saved.path.write_text(stale)
    assert archive.reextract(saved.path, extract)
    again = read_article(saved.path)
    assert again.headline == "Rendered story" and again.capture is not None
    assert again.capture.rendered == "browser"


def imported_warc() -> tuple[bytes, bytes]:
    """An imported WARC as another crawler wrote it: sha1 digests, its own headers."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    body = page("Imported story", "Text from somebody else's crawl. " * 8)
    http = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html"), ("X-Crawler", "other")], protocol="HTTP/1.0"
    )
    response = writer.create_warc_record(
        "https://www.example.com/2024/12/19/a-story",
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": "2019-05-01T10:00:00Z", "WARC-IP-Address": "192.0.2.1"},
    )
    writer.write_record(response)
    return out.getvalue(), body


def test_records_of_an_imported_warc_keep_their_headers_payload_and_digests(
    tmp_path: Path,
) -> None:
    original, body = imported_warc()
    fetched = dataclasses.replace(make_fetched(body=body), source="warc", records=original)
    path = tmp_path / "a.warc.gz"
    path.write_bytes(warc_bytes(fetched))
    [(kind, headers, payload)] = records(path.read_bytes())
    [(_, before, payload_before)] = records(original)
    assert kind == "response" and headers == before and payload == payload_before
    assert headers["WARC-Payload-Digest"].startswith("sha1:")
    assert gzip.decompress(path.read_bytes()) == original  # byte for byte, HTTP headers too
    warcio_check(path)
    assert check(path, fetched.capture()) == []
    assert read_fetched(path, fetched.capture()).body == body
