"""The importer as real processes: Ctrl-C and resume, and two imports on one archive."""

from __future__ import annotations

import json
import pickle
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from archiver.batch import LEDGER_PATH
from archiver.store import read_article
from tests.batch_sites import sites, write_list


def importer(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "archiver", "import", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str], timeout: float = 60) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def report(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.endswith("}")]


def articles(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.md") if ".archiver" not in p.parts)


def test_ctrl_c_stops_cleanly_and_the_same_command_resumes(tmp_path: Path) -> None:
    """RELIABILITY 24: SIGINT part-way through 210 URLs: exit 130, ledger consistent, no
    partial files; the same command again fetches only the rest: 210 files, no duplicates."""
    archive = tmp_path / "archive"
    with sites(3, latency=0.02) as all_sites:
        urls = [u for s in all_sites for u in s.stories(range(70))]
        listed = write_list(tmp_path / "urls.txt", urls)
        common = ["--archive-dir", archive, "--delay", "0", "--per-host", "2", "--concurrency", "6"]
        first = importer(listed, *common, "--report", tmp_path / "r1.jsonl")
        deadline = time.monotonic() + 60
        while len(report(tmp_path / "r1.jsonl")) < 50 and time.monotonic() < deadline:
            time.sleep(0.05)
        first.send_signal(signal.SIGINT)
        code, _, err = finish(first)
        assert code == 130, err
        assert "interrupted" in err and "Traceback" not in err

        done = {r["url"] for r in report(tmp_path / "r1.jsonl") if r["status"] == "archived"}
        assert 50 <= len(done) < 210
        assert len(articles(archive)) == len(done)
        assert [p for p in archive.rglob("*.tmp")] == []
        with sqlite3.connect(archive / LEDGER_PATH) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            recorded = {u for (u,) in db.execute("SELECT url FROM urls WHERE state='archived'")}
            assert db.execute("SELECT finished FROM runs").fetchone() == (None,)
        assert recorded == done

        seen = [len(s.server.log) for s in all_sites]
        second = importer(listed, *common, "--report", tmp_path / "r2.jsonl")
        code, out, err = finish(second)
        assert code == 0, err
        refetched = [
            s.server.url(h.path)
            for s, n in zip(all_sites, seen, strict=True)
            for h in s.server.log[n:]
            if h.path != "/robots.txt"
        ]
        page_hits = [h.path for s in all_sites for h in s.page_hits()]

    assert not set(refetched) & done  # only the rest was fetched
    assert len(refetched) <= 210 - len(done) + 6  # plus what was in flight at the interrupt
    assert len(page_hits) <= 210 + 6
    final = report(tmp_path / "r2.jsonl")
    assert len(final) == 210 and {r["status"] for r in final} == {"archived"}
    assert sum(1 for r in final if r["url"] in done) == len(done)
    files = articles(archive)
    assert len(files) == 210
    assert len({read_article(p).url for p in files}) == 210
    assert len(out.split()) == 210 - len(done)  # the paths this run stored


def test_two_imports_on_overlapping_lists(tmp_path: Path) -> None:
    """RELIABILITY 22: two processes on overlapping lists into one archive: both finish, each
    article is stored once (the store's writer lock and URL lookup under it)."""
    archive = tmp_path / "archive"
    with sites(2, latency=0.05) as (a, b):
        urls_a, urls_b = a.stories(range(40)), b.stories(range(40))
        one = write_list(tmp_path / "one.txt", urls_a[:30] + urls_b[:30])
        two = write_list(tmp_path / "two.txt", urls_b[15:] + urls_a[15:])
        common = ["--archive-dir", archive, "--delay", "0", "--quiet"]
        procs = [importer(one, *common), importer(two, *common)]
        results = [finish(p) for p in procs]
    for code, _, err in results:
        assert code == 0, err
    files = articles(archive)
    stored_urls = [read_article(p).url for p in files]
    assert len(files) == 80
    assert sorted(stored_urls) == sorted(urls_a + urls_b)
    versions = [p for p in archive.rglob("*") if ".versions" in str(p)]
    assert versions == []  # identical pages: nothing was stored twice


def test_the_same_import_twice_at_once_is_refused(tmp_path: Path) -> None:
    """RELIABILITY 22: a second import of the same sources while the first runs gets a clear
    error; the first is undisturbed."""
    archive = tmp_path / "archive"
    release = threading.Event()
    with sites(1) as (site,):
        urls = site.stories(range(4))
        hold = site.server.routes["/story/0.html"]

        def held(h: BaseHTTPRequestHandler) -> None:
            release.wait(30)  # the first import is mid-fetch until the second has tried
            hold(h)

        site.server.routes["/story/0.html"] = held
        listed = write_list(tmp_path / "urls.txt", urls)
        common = ["--archive-dir", archive, "--delay", "0"]
        first = importer(listed, *common)
        deadline = time.monotonic() + 30
        while not site.page_hits() and time.monotonic() < deadline:
            time.sleep(0.02)
        code, _, err = finish(importer(listed, *common))
        release.set()
        assert code == 1
        assert err.startswith("Error: another import of the same sources is running")
        assert len(err.strip().splitlines()) == 1
        code, _, err = finish(first)
        assert code == 0, err
    assert len(articles(archive)) == 4


def test_parser_processes_that_cannot_start_leave_parsing_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A machine where no process can be started (a sandbox, a process limit): the batch
    says so once and parses every page in its own process instead of stopping."""
    from archiver import processes
    from archiver.batch import ImportOptions, run_import
    from archiver.store import Archive

    def refused() -> object:
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(processes, "context", refused)
    notices: list[str] = []
    with sites(1) as (site,):
        listed = write_list(tmp_path / "urls.txt", site.stories(range(5)))
        summary = run_import(
            [str(listed)],
            Archive(tmp_path / "archive"),
            ImportOptions(delay=0.0),
            notice=notices.append,
        )
    assert summary.archived == 5 and summary.failed == 0
    assert [n for n in notices if "parsing in this process" in n] == [
        "cannot start the parser processes: Resource temporarily unavailable;"
        " parsing in this process"
    ]


WORKER_IMPORTS = """
import pickle, sys
from archiver import processes
for name in processes.PRELOAD:
    __import__(name)
before = set(sys.modules)
task, page = pickle.loads(sys.stdin.buffer.read())
prepared = task[0](page, task[1])
assert prepared.article.headline == "A story", prepared.article.headline
print(sorted(m for m in set(sys.modules) - before if not m.startswith("encodings")))
"""


def test_the_fork_server_preloads_all_a_parser_process_imports() -> None:
    """A worker forked from the fork server unpickles its task, parses and prepares its
    first page without importing anything (each import there is paid again by every worker,
    at the start)."""
    from archiver.batch.parsers import default_extract
    from archiver.fetch import Fetched
    from archiver.processes import prepare_page

    html = b"<html><head><title>A story</title></head><body><article><h1>A story</h1><p>"
    html += b"Words of the story, one after another. " * 30 + b"</p></article></body></html>"
    page = Fetched(
        "http://news.example/a", "http://news.example/a", 200, "OK", "HTTP/1.1", [], [],
        html, "text/html", None, datetime.now(UTC),
    )  # fmt: skip
    # The task as the batch's parser pool is handed it.
    task = pickle.dumps(((prepare_page, default_extract()), page))
    out = subprocess.run(
        [sys.executable, "-c", WORKER_IMPORTS], input=task, capture_output=True, check=False
    )
    assert out.returncode == 0, out.stderr.decode()
    assert out.stdout.decode().strip() == "[]"


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_a_killed_importer_leaves_no_parser_process_behind(tmp_path: Path) -> None:
    """RELIABILITY 73: kill -9 of an import: its fork server and parser processes end too,
    instead of waiting for good on queues whose other end they hold themselves."""
    with sites(2, latency=0.3) as all_sites:
        urls = [u for s in all_sites for u in s.stories(range(40))]
        listed = write_list(tmp_path / "urls.txt", urls)
        proc = importer(listed, "--archive-dir", tmp_path / "archive", "--delay", "0")
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 2:
            time.sleep(0.1)
            workers = {w for child in _children(proc.pid) for w in _children(child)}
        assert len(workers) >= 2, "the parser processes never started"
        servers = _children(proc.pid)
        proc.kill()
        proc.wait(10)
        deadline = time.monotonic() + 20
        left = workers | servers
        while left and time.monotonic() < deadline:
            time.sleep(0.1)
            left = {p for p in left if _alive(p)}
    assert not left, f"still running after the importer was killed: {sorted(left)}"
