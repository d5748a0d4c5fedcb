"""`archiver import` of WARC and ARC files through the real CLI: recognition by content,
what is skipped and what fails, filters, the ledger (re-run, resume), and the reader's byte
ranges. WARC files are written with warcio in tmp_path (tests/warc_build.py)."""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archiver.cli import cli
from archiver.fetch import Fetched
from archiver.models import Article
from archiver.store import Archive, read_article
from archiver.warc.input import archive_inputs, ranges, sniff
from archiver.warc.records import Filters, Task, run_task
from tests.batch_sites import summary
from tests.server import Loopback
from tests.warc_build import Compression, Page, article_html, png_bytes, write_arc, write_warc

HOST = "https://news.example.com"


def story(n: int, **kwargs: object) -> Page:
    return Page(f"{HOST}/2024/12/19/story-{n}", article_html(f"Story number {n}"), **kwargs)  # type: ignore[arg-type]


def mixed_pages() -> list[Page]:
    """Five articles, and one of each record that is counted and skipped."""
    return [
        *(story(n) for n in range(4)),
        Page(f"{HOST}/old", status=301, headers=[("Location", f"{HOST}/new")]),
        Page(f"{HOST}/report.pdf", b"%PDF-1.4 not a page", content_type="application/pdf"),
        Page(f"{HOST}/2024/12/19/story-0", revisit=True),
        Page(f"{HOST}/tampered", article_html("Tampered"), wrong_digest=True),
        Page(f"{HOST}/gone", b"<html>gone</html>", status=404),
        Page(f"{HOST}/", b"<html><body><ul><li><a href='/a'>a</a></li></ul></body></html>"),
        story(4, request_after=True),
    ]


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def reported(path: Path) -> list[dict[str, str | None]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def stored(archive: Path) -> dict[str, str]:
    """Every stored article: URL -> its document."""
    docs = [p for p in archive.rglob("*.md") if ".archiver" not in p.parts]
    return {str(read_article(p).source_url): p.read_text(encoding="utf-8") for p in docs}


@pytest.mark.parametrize("compression", ["records", "whole", "none"])
def test_every_kind_of_warc_is_imported_with_skips_counted(
    tmp_path: Path, compression: Compression
) -> None:
    """RELIABILITY 62: each HTML 200 response is parsed; redirects, non-HTML, error
    statuses, revisits and pages with no article are counted and skipped; exit 0."""
    warc = write_warc(tmp_path / "crawl.warc", mixed_pages(), compression)
    report = tmp_path / "report.jsonl"
    archive = tmp_path / "archive"
    result = run(warc, "--archive-dir", archive, "--workers", "0", "--report", report)
    assert result.exit_code == 0, result.output
    assert len(result.stdout.split()) == 5
    assert summary(result.stderr).startswith(
        "archived 5, skipped 6, failed 0 records of 1 WARC/ARC file"
    )
    rows = {(r["url"], r["status"]): r for r in reported(report)}
    reasons = {url: r["error"] for (url, status), r in rows.items() if status == "skipped"}
    assert reasons[f"{HOST}/old"] == f"a redirect (HTTP 301) to {HOST}/new"
    assert reasons[f"{HOST}/report.pdf"] == "not HTML (application/pdf)"
    assert reasons[f"{HOST}/gone"] == "HTTP 404"
    assert reasons[f"{HOST}/"] == "no article on the page"
    assert "revisit" in str(reasons[f"{HOST}/2024/12/19/story-0"])
    assert all(str(r["record"]).startswith(str(warc.resolve()) + "@") for r in rows.values())
    assert set(stored(archive)) == {f"{HOST}/2024/12/19/story-{n}" for n in range(5)}


def test_a_wrong_payload_digest_is_skipped_and_reported(tmp_path: Path) -> None:
    """RELIABILITY 63: a record whose payload digest is wrong is not stored; the report
    says why; the import exits 0."""
    warc = write_warc(tmp_path / "crawl.warc.gz", [story(1), mixed_pages()[7]])
    report = tmp_path / "report.jsonl"
    result = run(warc, "--archive-dir", tmp_path / "a", "--workers", "0", "--report", report)
    assert result.exit_code == 0
    (row,) = [r for r in reported(report) if r["url"] == f"{HOST}/tampered"]
    assert row["status"] == "skipped"
    assert str(row["error"]).startswith("payload digest does not match")
    assert f"{HOST}/tampered" not in stored(tmp_path / "a")


def test_a_record_at_no_page_address_is_skipped_with_the_reason(tmp_path: Path) -> None:
    """RELIABILITY 62: a response whose WARC-Target-URI is no http(s) address with a host
    the archive can file it under is skipped, saying why (one with a host no URL parser
    reads failed as "the parser failed: ValueError"; "http://" was stored under a made-up
    host); a space a crawler left unescaped is escaped, not refused."""
    odd = ["https://[x]/a", "http://", "http://[::1]:99999/x", "ftp://news.example.com/a"]
    pages = [story(1), *(Page(url, article_html(f"Odd {i}")) for i, url in enumerate(odd))]
    pages.append(Page(f"{HOST}/2024/12/19/a story", article_html("Spaced")))
    warc = write_warc(tmp_path / "crawl.warc.gz", pages)
    report = tmp_path / "report.jsonl"
    archive = tmp_path / "archive"
    result = run(warc, "--archive-dir", archive, "--workers", "0", "--report", report)
    assert result.exit_code == 0, result.output
    rows = {r["url"]: r for r in reported(report)}
    for url in odd:
        assert rows[url]["status"] == "skipped", rows[url]
        assert str(rows[url]["error"]).startswith("not a page's address: "), rows[url]
    assert set(stored(archive)) == {f"{HOST}/2024/12/19/story-1", f"{HOST}/2024/12/19/a story"}
    assert {p.name for p in archive.iterdir()} == {"news.example.com", ".archiver"}


@pytest.mark.parametrize("compression", ["records", "none"])
def test_a_truncated_record_fails_the_import_but_not_the_rest(
    tmp_path: Path, compression: Compression
) -> None:
    """RELIABILITY 64: a record cut short is reported as failed (exit 1); every record
    before it is stored."""
    warc = write_warc(tmp_path / "cut.warc", [story(n) for n in range(3)], compression)
    data = warc.read_bytes()
    warc.write_bytes(data[: len(data) - 400])
    report = tmp_path / "report.jsonl"
    result = run(warc, "--archive-dir", tmp_path / "a", "--workers", "0", "--report", report)
    assert result.exit_code == 1
    failed = [r for r in reported(report) if r["status"] == "failed"]
    assert len(failed) == 1 and "truncated" in str(failed[0]["error"])
    assert len(stored(tmp_path / "a")) == 2


def test_a_corrupt_gzip_member_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    """RELIABILITY 64: a gzip member that cannot be read is reported; the next member is
    found and read."""
    warc = write_warc(tmp_path / "bad.warc.gz", [story(n) for n in range(3)])
    data = bytearray(warc.read_bytes())
    second = [r for r in run_task(Task(_file(warc)), Filters()).outcomes][1]
    offset = int(second.key.rpartition("@")[2])
    data[offset + 40 : offset + 60] = b"\x00" * 20  # inside the compressed stream
    warc.write_bytes(bytes(data))
    report = tmp_path / "report.jsonl"
    result = run(warc, "--archive-dir", tmp_path / "a", "--workers", "0", "--report", report)
    assert result.exit_code == 1
    statuses = sorted(str(r["status"]) for r in reported(report))
    assert statuses.count("archived") == 2 and "failed" in statuses


def _file(path: Path):  # type: ignore[no-untyped-def]
    inputs = archive_inputs([str(path)])
    assert inputs is not None
    return inputs.files[0]


def test_the_kind_is_recognised_by_content_not_name(tmp_path: Path) -> None:
    """RELIABILITY 61: a gzipped WARC named .txt is imported as a WARC; gzip per record,
    whole-file gzip, plain WARC and ARC are told apart by their bytes."""
    pages = [story(1)]
    assert sniff(write_warc(tmp_path / "a.txt", pages, "records")) == "warc.gz"
    assert sniff(write_warc(tmp_path / "b.warc.gz", pages, "whole")) == "warc.gz-whole"
    assert sniff(write_warc(tmp_path / "c.gz", pages, "none")) == "warc"
    assert sniff(write_arc(tmp_path / "d.warc", pages)) == "arc"
    assert sniff(write_arc(tmp_path / "e.arc", pages, compress=True)) == "arc"
    result = run(tmp_path / "a.txt", "--archive-dir", tmp_path / "archive", "--workers", "0")
    assert result.exit_code == 0, result.output
    assert "invalid line" not in result.output
    assert list(stored(tmp_path / "archive")) == [f"{HOST}/2024/12/19/story-1"]


@pytest.mark.parametrize("compress", [False, True])
def test_an_arc_file_is_imported(tmp_path: Path, compress: bool) -> None:
    """An ARC file's HTML responses are stored like a WARC's."""
    arc = write_arc(tmp_path / "old.arc", [story(1), story(2)], compress=compress)
    result = run(arc, "--archive-dir", tmp_path / "archive", "--workers", "0")
    assert result.exit_code == 0, result.output
    assert len(stored(tmp_path / "archive")) == 2


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"%PDF-1.7\n\x00\x01binary", "a PDF document"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 40, "gzip"),
        (bytes(range(256)) * 40, "binary data"),
    ],
)
def test_any_other_binary_file_gets_one_clear_error(
    tmp_path: Path, content: bytes, what: str
) -> None:
    """RELIABILITY 61: a binary file that is no WARC or ARC file: one `Error:` line, exit 1,
    nothing stored (not thousands of invalid list lines)."""
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(content)
    result = run(path, "--archive-dir", tmp_path / "archive")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and what in lines[0]
    assert not (tmp_path / "archive").exists()


def test_globs_and_lists_of_paths_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A glob and a list of WARC paths (relative to the current folder) name the same files;
    a missing file in a list is reported and fails the import, the others are read."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cc").mkdir()
    write_warc(tmp_path / "cc" / "one.warc.gz", [story(1)])
    write_warc(tmp_path / "cc" / "two.warc.gz", [story(2)], "whole")
    by_glob = run("cc/*.warc.gz", "--archive-dir", "a1", "--workers", "0")
    assert by_glob.exit_code == 0, by_glob.output
    (tmp_path / "warcs.txt").write_text("# crawls\ncc/one.warc.gz\ncc/two.warc.gz\ncc/gone.warc\n")
    by_list = run("warcs.txt", "--archive-dir", "a2", "--workers", "0")
    assert by_list.exit_code == 1
    assert "no such file: cc/gone.warc" in by_list.stderr
    assert set(stored(tmp_path / "a1")) == set(stored(tmp_path / "a2"))
    assert len(stored(tmp_path / "a1")) == 2


def test_warc_files_and_url_sources_are_not_mixed(tmp_path: Path) -> None:
    """A URL in a list of WARC paths, or a URL list beside a WARC: one clear error."""
    warc = write_warc(tmp_path / "a.warc.gz", [story(1)])
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{HOST}/x\n")
    both = run(warc, urls, "--archive-dir", tmp_path / "archive")
    assert both.exit_code == 1 and "separate commands" in both.stderr
    listed = tmp_path / "list.txt"
    listed.write_text(f"{warc}\n{HOST}/x\n")
    mixed = run(listed, "--archive-dir", tmp_path / "archive")
    assert mixed.exit_code == 1 and "list.txt:2: a URL in a list of WARC files" in mixed.stderr


def test_warc_options_are_refused_for_url_input(tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{HOST}/x\n")
    result = run(urls, "--archive-dir", tmp_path / "archive", "--cluster", "local")
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: --cluster applies to WARC and ARC input only"


def test_no_request_is_made(tmp_path: Path) -> None:
    """RELIABILITY 60: a WARC import is offline: pages whose URLs, links and pictures point
    at a live server are imported without one request reaching it."""
    with Loopback() as server:
        base = server.url("/")
        page = article_html("Offline story").replace(
            b"<h1>", f'<img src="{base}lead.jpg"><link rel="canonical" href="{base}c"><h1>'.encode()
        )
        pages = [Page(server.url("/2024/12/19/offline"), page), Page(base + "robots", page)]
        warc = write_warc(tmp_path / "a.warc.gz", pages)
        result = run(warc, "--archive-dir", tmp_path / "archive")
        assert result.exit_code == 0, result.output
        assert server.log == []
    assert len(stored(tmp_path / "archive")) >= 1


def test_filters_on_headers_apply_before_parsing(tmp_path: Path) -> None:
    """RELIABILITY 66: --site, --url-pattern and --captured-since/until leave records out
    before they are read (a record with a wrong digest among them is never reported);
    --since and --lang need the parse and skip what they refuse."""
    pages = [
        story(1, date="2024-12-19T10:00:00Z"),
        story(2, date="2024-12-25T10:00:00Z"),
        Page("https://other.example.org/2024/12/19/x", article_html("Other"), wrong_digest=True),
        Page(f"{HOST}/2024/12/19/de", article_html("Deutsch", lang="de")),
        Page(f"{HOST}/2024/11/30/early", article_html("Early", day="2024-11-30")),
    ]
    warc = write_warc(tmp_path / "a.warc.gz", pages)
    report = tmp_path / "r.jsonl"
    result = run(
        warc, "--archive-dir", tmp_path / "archive", "--workers", "0", "--report", report,
        "--site", "example.com", "--url-pattern", "*/2024/1?/*",
        "--captured-until", "2024-12-20", "--since", "2024-12-01", "--lang", "en",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 left out by the filters" in result.stderr  # other.example.org, story-2
    rows = {r["url"]: r for r in reported(report)}
    assert set(rows) == {f"{HOST}/2024/12/19/story-1", f"{HOST}/2024/12/19/de",
                         f"{HOST}/2024/11/30/early"}  # fmt: skip
    assert str(rows[f"{HOST}/2024/12/19/de"]["error"]).startswith("language de")
    assert str(rows[f"{HOST}/2024/11/30/early"]["error"]).startswith("published 2024-11-30")
    assert list(stored(tmp_path / "archive")) == [f"{HOST}/2024/12/19/story-1"]


def test_a_second_run_stores_nothing(tmp_path: Path) -> None:
    """RELIABILITY 65: the ledger names each record by file and offset: the same import
    again parses and stores nothing, and says what an earlier run recorded."""
    warc = write_warc(tmp_path / "a.warc.gz", mixed_pages())
    archive = tmp_path / "archive"
    first = run(warc, "--archive-dir", archive, "--workers", "0")
    before = {p: p.stat().st_mtime_ns for p in archive.rglob("*") if p.is_file()}
    again = run(warc, "--archive-dir", archive, "--workers", "0")
    assert first.exit_code == again.exit_code == 0
    assert again.stdout == ""
    assert "archived 5, skipped 6, failed 0" in again.stderr
    assert "11 recorded by an earlier run" in again.stderr
    after = {p: p.stat().st_mtime_ns for p in archive.rglob("*") if p.is_file()}
    changed = [p for p in after if before.get(p) != after[p] and ".archiver" not in p.parts]
    assert changed == []


@pytest.mark.parametrize("compression", ["records", "whole"])
def test_ctrl_c_stops_cleanly_and_the_same_command_resumes(
    tmp_path: Path, compression: Compression
) -> None:
    """RELIABILITY 65: SIGINT after the first articles: exit 130, every stored file is in
    the ledger; the same command again stores only the rest, with no duplicates (a file
    read in ranges, and one read in order, its done records taken from the ledger as the
    reading reaches them)."""
    total = 400  # parsed in this process: more than it parses before the first group is stored
    pages = [
        Page(f"{HOST}/2024/12/19/long-{n}", article_html(f"Long story {n}", noise=n))
        for n in range(total)
    ]
    warc = write_warc(tmp_path / "a.warc.gz", pages, compression)
    archive = tmp_path / "archive"
    command = [sys.executable, "-m", "archiver", "import", str(warc), "--archive-dir",
               str(archive), "--workers", "0"]  # fmt: skip
    printed, errors, code = interrupt_after(command, lines=3)
    assert code == 130, errors
    assert "interrupted: run the same command again to resume" in errors
    assert 3 <= len(printed) < total
    assert len(stored(archive)) == len(printed)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    again = subprocess.run(command, capture_output=True, env=env, timeout=120, check=False)
    assert again.returncode == 0, again.stderr
    assert len(again.stdout.split()) == total - len(printed)
    assert len(stored(archive)) == total
    assert f"{len(printed)} recorded by an earlier run".encode() in again.stderr


def interrupt_after(
    command: list[str], *, lines: int, group: bool = False
) -> tuple[list[str], str, int]:
    """Run `command`, SIGINT it once it has printed `lines` lines (to its whole process
    group with `group`, as a terminal's Ctrl-C does); every line it printed, its stderr and
    its exit code."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=group
    )
    assert process.stdout is not None and process.stderr is not None
    first = [process.stdout.readline() for _ in range(lines)]
    if group:
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGINT)
    # read through the same buffered reader: lines it holds already are not lost
    rest = process.stdout.read()
    errors = process.stderr.read().decode()
    code = process.wait(timeout=60)
    return (b"".join(first) + rest).decode().split(), errors, code


def test_kill_9_never_loses_an_article_it_reported(tmp_path: Path) -> None:
    """RELIABILITY 72 and 65: the WARC import stores through the group-commit writer and
    prints an article only once its group is durable: killed (SIGKILL, with its parser
    processes) at random points three times, every article it printed is whole and
    indexed; the same command then stores the rest, each once."""
    total = 240
    pages = [
        Page(f"{HOST}/2024/12/19/kill-{n}", article_html(f"Kill story {n}", noise=n))
        for n in range(total)
    ]
    warc = write_warc(tmp_path / "a.warc.gz", pages)
    archive = tmp_path / "archive"
    command = [sys.executable, "-m", "archiver", "import", str(warc), "--archive-dir",
               str(archive), "--workers", "1"]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    rng = random.Random(65)
    printed: set[str] = set()
    for _ in range(3):
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(rng.randint(1, 40))]
        os.killpg(process.pid, signal.SIGKILL)  # the import and its parser processes
        lines.append(process.stdout.read())
        process.wait(timeout=60)
        printed.update(b"".join(lines).decode().split())
        store = Archive(archive)  # the next command: it only reads
        indexed = {str(archive / e.path) for e in store.entries()}
        assert printed <= indexed
        for path in printed:
            article = read_article(Path(path))
            assert article.capture is not None
    again = subprocess.run(command, capture_output=True, env=env, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    assert len(stored(archive)) == total
    assert Archive(archive).verify().problems == []


@pytest.mark.parametrize("compression", ["records", "whole", "none"])
def test_a_warc_stream_on_stdin_is_imported_and_resumed(
    tmp_path: Path, compression: Compression
) -> None:
    """RELIABILITY 61 and 65: `import -` with a WARC piped on stdin (gzip or plain) is
    recognised by content and imported as the file would be; the same stream again stores
    nothing, another stream is not taken for it."""
    warc = write_warc(tmp_path / "crawl.warc", mixed_pages(), compression)
    archive = tmp_path / "archive"
    command = [sys.executable, "-m", "archiver", "import", "-", "--archive-dir", str(archive)]

    def pipe(path: Path) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            command, input=path.read_bytes(), capture_output=True, timeout=120, check=False
        )

    first = pipe(warc)
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.split()) == 5
    assert summary(first.stderr.decode()).startswith(
        "archived 5, skipped 6, failed 0 records of 1 WARC"
    )
    again = pipe(warc)
    assert again.returncode == 0 and again.stdout == b""
    assert b"11 recorded by an earlier run" in again.stderr
    other = write_warc(tmp_path / "other.warc", [story(7), story(8)], compression)
    third = pipe(other)
    assert third.returncode == 0, third.stderr
    assert len(third.stdout.split()) == 2
    assert len(stored(archive)) == 7


def test_stdin_that_is_binary_but_no_archive_gets_one_error(tmp_path: Path) -> None:
    """RELIABILITY 61: a PDF piped to `import -`: one `Error:` line, exit 1, nothing stored
    (a URL list on stdin is read as before: tests/test_cli_import.py)."""
    command = [sys.executable, "-m", "archiver", "import", "-", "--archive-dir",
               str(tmp_path / "archive")]  # fmt: skip
    done = subprocess.run(
        command, input=b"%PDF-1.4\n\x00\x01binary", capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        "Error: stdin is neither a list of URLs nor a WARC or ARC file (a PDF document)"
    ]
    assert stored(tmp_path / "archive") == {}


def test_articles_are_stored_in_group_commits(tmp_path: Path) -> None:
    """RELIABILITY 71: a WARC import stores through the group-commit writer: 40 articles in
    fewer groups (-v says how the writer kept up)."""
    pages = [story(n) for n in range(40)]
    warc = write_warc(tmp_path / "a.warc.gz", pages)
    result = run(warc, "--archive-dir", tmp_path / "archive", "--workers", "0", "-v")
    assert result.exit_code == 0, result.output
    line = result.stderr.splitlines()[-1]
    assert line.startswith("writer: 40 articles in "), result.stderr
    groups = int(line.split(" in ", 1)[1].split()[0])
    assert 1 <= groups < 40


def test_byte_ranges_cover_every_record_once_with_its_request(tmp_path: Path) -> None:
    """RELIABILITY 67: ranges of a record-by-record gzipped WARC, of any size, give each
    response exactly once, with the request written before or after it."""
    pages = [story(n, request_after=n % 2 == 1) for n in range(8)]
    warc = write_warc(tmp_path / "a.warc.gz", pages)
    file = _file(warc)
    cheap = _headline_only
    whole = run_task(Task(file), Filters(), cheap)
    expected = sorted(o.key for o in whole.outcomes)
    assert len(expected) == 8
    for size in (1, 300, 1000, 2500, 10_000):
        outcomes = [
            o
            for start, end in ranges(file, size)
            for o in run_task(Task(file, start, end), Filters(), cheap).outcomes
        ]
        assert sorted(o.key for o in outcomes) == expected
        for o in outcomes:
            assert o.fetched is not None and o.fetched.records is not None
            assert o.fetched.request_headers, f"no request for {o.key} at range size {size}"
            assert o.fetched.records.count(b"WARC/1.0\r\n") == 2


def _headline_only(fetched: Fetched) -> Article:
    """A stand-in parser for tests about reading, not parsing."""
    return Article(headline="x", body="x", url=fetched.final_url)


def test_a_record_becomes_a_fetched_from_the_warc(tmp_path: Path) -> None:
    """The seam: each HTML response is a Fetched with source "warc", its original records
    as bytes, the WARC-Date as retrieval time and the target URI as the URL."""
    warc = write_warc(tmp_path / "a.warc.gz", [story(7, date="2024-12-18T06:30:00Z")])
    (outcome,) = run_task(Task(_file(warc)), Filters()).outcomes
    fetched = outcome.fetched
    assert fetched is not None and fetched.source == "warc"
    assert fetched.requested_url == fetched.final_url == f"{HOST}/2024/12/19/story-7"
    assert fetched.retrieved_at.isoformat() == "2024-12-18T06:30:00+00:00"
    assert fetched.records is not None
    assert b"WARC-Type: request" in fetched.records and b"WARC-Type: response" in fetched.records
    assert fetched.body in fetched.records
    assert outcome.article is not None and outcome.article.headline == "Story number 7"


def test_the_capture_keeps_the_original_records_and_verify_reads_it(tmp_path: Path) -> None:
    """An imported article's capture holds its response and request records byte for byte
    (headers, payload, digests as the crawler wrote them); verify and reextract work on it."""
    warc = write_warc(tmp_path / "a.warc", [story(3)], "none")
    archive = tmp_path / "archive"
    result = run(warc, "--archive-dir", archive, "--workers", "0")
    assert result.exit_code == 0, result.output
    (document,) = [Path(p) for p in result.stdout.split()]
    capture = gzip.decompress(document.with_suffix(".warc.gz").read_bytes())
    original = warc.read_bytes()
    for kind in (b"request", b"response"):
        start = original.rindex(b"WARC/1.0\r\n", 0, original.index(b"WARC-Type: " + kind))
        end = original.index(b"\r\n\r\nWARC/1.0", start) if kind == b"request" else None
        record = original[start:end].rstrip(b"\r\n")
        assert record in capture, f"the {kind.decode()} record is not kept as it was"
    verify = CliRunner().invoke(cli, ["verify", "--archive-dir", str(archive)])
    assert verify.exit_code == 0, verify.output
    again = CliRunner().invoke(cli, ["reextract", "--all", "--archive-dir", str(archive)])
    assert again.exit_code == 0, again.output


def test_pictures_come_from_the_warc_image_records_only(tmp_path: Path) -> None:
    """RELIABILITY 60: a picture the page shows is kept from the WARC's image record; one
    the WARC does not hold is recorded as missing, not fetched."""
    with Loopback() as server:
        kept, absent = f"{HOST}/pics/lead.png", server.url("/pics/absent.png")
        page = article_html("Pictured story").replace(
            b"<h1>", f'<figure><img src="{kept}"></figure><img src="{absent}"><h1>'.encode()
        )
        pages = [
            Page(f"{HOST}/2024/12/19/pictured", page),
            Page(kept, png_bytes(), content_type="image/png"),
        ]
        warc = write_warc(tmp_path / "a.warc.gz", pages)
        result = run(warc, "--archive-dir", tmp_path / "archive", "--workers", "0")
        assert result.exit_code == 0, result.output
        assert server.log == []
    (document,) = [Path(p) for p in result.stdout.split()]
    assets = {a.url: a for a in read_article(document).assets}
    assert assets[kept].path is not None and assets[kept].content_type == "image/png"
    assert (document.parent / assets[kept].path).read_bytes() == png_bytes()
    assert assets[absent].path is None and "makes no request" in str(assets[absent].error)
    no_assets = run(warc, "--archive-dir", tmp_path / "bare", "--workers", "0", "--no-assets")
    (bare,) = [Path(p) for p in no_assets.stdout.split()]
    assert read_article(bare).assets == []
