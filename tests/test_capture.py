"""Raw captures as WARC: standard tools accept them, digests are the capture's sha256."""

from __future__ import annotations

import gzip
import hashlib
import subprocess
import sys
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archiver.capture import check, read_fetched, sha256_b32, warc_bytes
from tests.test_store import capture_of, make_fetched, page

WARCIO = Path(sys.executable).parent / "warcio"


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "capture.warc.gz"
    path.write_bytes(data)
    return path


def test_warcio_check_accepts_the_capture(tmp_path: Path) -> None:
    """RELIABILITY 25: `warcio check` verifies the block and payload digests."""
    path = write(tmp_path, warc_bytes(make_fetched()))
    done = subprocess.run([str(WARCIO), "check", "-v", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("digest pass") == 2


def test_records_are_request_and_response_with_headers(tmp_path: Path) -> None:
    fetched = make_fetched("https://example.com/a?b=1")
    with write(tmp_path, warc_bytes(fetched)).open("rb") as stream:
        records = [
            (r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read())
            for r in ArchiveIterator(stream)
        ]
    assert [kind for kind, *_ in records] == ["response", "request"]
    (_, response_warc, response_http, payload), (_, request_warc, request_http, _) = records
    assert response_warc.get_header("WARC-Target-URI") == "https://example.com/a?b=1"
    assert response_warc.get_header("WARC-Date") == "2024-12-20T08:30:00Z"
    assert response_warc.get_header("WARC-Payload-Digest") == sha256_b32(fetched.sha256)
    assert request_warc.get_header("WARC-Concurrent-To") == response_warc.get_header(
        "WARC-Record-ID"
    )
    assert payload == fetched.body
    assert response_http.get_statuscode() == "200"
    assert response_http.get_header("Content-Type") == "text/html; charset=utf-8"
    # the body is stored decoded: a replay tool must not gunzip it again
    assert response_http.get_header("Content-Encoding") is None
    assert response_http.get_header("X-Archive-Orig-Content-Encoding") == "gzip"
    assert response_http.get_header("Content-Length") == str(len(fetched.body))
    assert request_http.protocol == "GET"
    assert request_http.get_header("User-Agent") == "archiver/test"


def test_read_fetched_gives_back_the_fetch(tmp_path: Path) -> None:
    fetched = make_fetched(body=page(text="Grüße"))
    again = read_fetched(write(tmp_path, warc_bytes(fetched)), capture_of(fetched))
    assert again == fetched


def test_check_passes_a_sound_capture(tmp_path: Path) -> None:
    fetched = make_fetched()
    assert check(write(tmp_path, warc_bytes(fetched)), fetched.sha256) == []


def test_check_names_a_flipped_byte(tmp_path: Path) -> None:
    """RELIABILITY 25: one flipped byte in the payload is a digest failure naming the file."""
    fetched = make_fetched(body=page(text="a" * 1000))
    raw = bytearray(gzip.decompress(warc_bytes(fetched)))
    at = raw.index(b"aaaa")
    raw[at] ^= 0x01
    path = write(tmp_path, gzip.compress(bytes(raw)))
    problems = check(path, fetched.sha256)
    assert problems and all(p.startswith(str(path)) for p in problems)
    assert "digest failed" in problems[0]


def test_check_names_a_corrupt_gzip(tmp_path: Path) -> None:
    data = bytearray(warc_bytes(make_fetched()))
    data[len(data) // 3] ^= 0xFF
    path = write(tmp_path, bytes(data))
    problems = check(path, None)
    assert problems and problems[0].startswith(f"{path}: ")


def test_check_compares_with_the_front_matter_digest(tmp_path: Path) -> None:
    path = write(tmp_path, warc_bytes(make_fetched()))
    other = hashlib.sha256(b"something else").hexdigest()
    assert check(path, other) == [
        f"{path}: payload sha256 {hashlib.sha256(page()).hexdigest()} differs from the "
        f"front matter's {other}"
    ]


def test_check_names_a_truncated_capture(tmp_path: Path) -> None:
    data = warc_bytes(make_fetched(body=page(text="b" * 5000)))
    path = write(tmp_path, data[: len(data) * 2 // 3])
    problems = check(path, None)
    assert problems and problems[0].startswith(f"{path}: ")
