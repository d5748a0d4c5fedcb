"""The batch importer end to end against loopback sites on several 127.0.0.x hosts: faults,
politeness read from the servers' logs, robots.txt, the job ledger, and scale."""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import socket
import sqlite3
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from click.testing import CliRunner

from archiver.batch import (
    LEDGER_PATH,
    Backpressure,
    ImportOptions,
    Result,
    Seams,
    Summary,
    run_import,
)
from archiver.batch.parsers import Parsers
from archiver.batch.politeness import Job
from archiver.cli import cli
from archiver.errors import FetchError, StoreError
from archiver.fetch import Fetched, Limits, RetryPolicy, new_session, user_agent
from archiver.models import Article
from archiver.pipeline import extract
from archiver.robots import Robots, fetch_robots
from archiver.store import Archive, Prepared, Saved, read_article
from tests.batch_sites import (
    article_html,
    max_overlap,
    min_gap,
    page,
    sites,
    write_list,
)
from tests.server import respond

FAST = RetryPolicy(retries=3, base=0.05, cap=0.2)


def options(**kw: object) -> ImportOptions:
    """Short limits so the suite stays fast; parsing in-process (the CLI tests use the pool)."""
    base: dict[str, object] = {
        "delay": 0.0,
        "retry": FAST,
        "limits": Limits(connect_timeout=1, read_timeout=1, deadline=2),
        "parse_workers": 0,
    }
    base.update(kw)
    return ImportOptions(**base)  # type: ignore[arg-type]


def run(
    lines: list[str],
    root: Path,
    opts: ImportOptions | None = None,
    name: str = "urls.txt",
    seams: Seams | None = None,
    archive: Archive | None = None,
) -> tuple[Summary, list[Result]]:
    listed = write_list(root.parent / name, lines)
    results: list[Result] = []
    opts = opts or options()
    store = archive or Archive(root)
    summary = run_import([str(listed)], store, opts, observers=[results.append], seams=seams)
    return summary, results


def by_url(results: list[Result]) -> dict[str, Result]:
    return {r.url: r for r in results}


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/story"


def stored(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.md") if ".archiver" not in p.parts)


def leftovers(root: Path) -> list[Path]:
    """Anything in the archive that is neither an article, its capture, nor the index/ledger."""
    return [
        p
        for p in root.rglob("*")
        if p.is_file()
        and ".archiver" not in p.relative_to(root).parts
        and not (p.name.endswith(".md") or p.name.endswith(".warc.gz"))
    ]


# -- faults -----------------------------------------------------------------------------------


def test_faults_never_stop_the_batch(tmp_path: Path) -> None:
    """RELIABILITY 16 (and 1, 3, 5, 7, 10, 13): every good URL archived, every bad one in the
    report with its reason, nothing half-written, counts right, exit 1."""

    def stall(h: BaseHTTPRequestHandler) -> None:
        time.sleep(4)

    def loop(h: BaseHTTPRequestHandler) -> None:
        respond(h, 302, b"", headers={"Location": "/loop"})

    with sites(3) as (a, b, c):
        good = a.stories(range(3)) + b.stories(range(3))
        busy = b.url("/busy")
        b.server.sequence(
            "/busy",
            [page(b"busy", status=503, headers={"Retry-After": "1"}), page(article_html(9, "b"))],
        )
        bad = {
            a.route("/missing", page(b"gone", status=404)): "HTTP 404",
            a.route("/broken", page(b"oops", status=500)): "HTTP 500",
            b.route("/stall", stall): "timed out",
            b.route("/loop", loop): "redirect loop",
            a.route("/paper.pdf", page(b"%PDF-1.4", content_type="application/pdf")): "not an HTML",
            a.route("/huge", page(b"<html><p>" + b"x" * 200_000)): "larger than",
            closed_port_url(): "connection refused",
        }
        c.robots("User-agent: *\nDisallow: /")
        refused = c.stories(range(2))
        lines = [*good, busy, *bad, "not a url", *refused]
        listed = write_list(tmp_path / "urls.txt", lines)
        report = tmp_path / "report.jsonl"
        archive = tmp_path / "archive"
        result = CliRunner().invoke(
            cli,
            ["import", str(listed), "--archive-dir", str(archive), "--report", str(report),
             "--delay", "0", "--retries", "1", "--timeout", "1", "--deadline", "1",
             "--max-size", "0.05"],
        )  # fmt: skip
        assert c.page_hits() == []  # robots.txt said no: not one page asked for
        assert len(b.server.hits("/busy")) == 2

    assert result.exit_code == 1, result.output
    rows = [json.loads(line) for line in report.read_text().splitlines()]
    assert {tuple(sorted(r)) for r in rows} == {("error", "path", "status", "url")}
    got = {r["url"]: r for r in rows}
    assert len(rows) == len(got) == len(lines)
    for url in [*good, busy]:
        assert got[url]["status"] == "archived", got[url]
        assert read_article(Path(got[url]["path"])).capture is not None
    for url, why in bad.items():
        assert got[url]["status"] == "failed" and why in got[url]["error"], got[url]
    assert got["not a url"]["status"] == "failed" and "invalid line" in got["not a url"]["error"]
    for url in refused:
        assert got[url] == {
            "url": url, "status": "skipped", "path": None, "error": "disallowed by robots.txt"
        }  # fmt: skip
    assert len(stored(archive)) == len(good) + 1
    assert leftovers(archive) == []
    assert "archived 7, skipped 2, failed 8" in result.stderr
    assert sorted(result.stdout.split()) == sorted(got[u]["path"] for u in [*good, busy])


# -- politeness -------------------------------------------------------------------------------


def test_per_host_limits_hold_and_hosts_overlap(tmp_path: Path) -> None:
    """RELIABILITY 9: from the servers' logs: per-host gap and in-flight within limits, while
    the hosts are fetched at the same time."""
    with sites(3, latency=0.5) as all_sites:
        urls = [u for site in all_sites for u in site.stories(range(6))]
        summary, _ = run(urls, tmp_path / "archive", options(delay=0.25, per_host=2))
        logs = [site.served for site in all_sites]
    assert summary.archived == 18 and summary.failed == 0
    for log in logs:
        assert max_overlap(log) == 2  # the limit, reached and never passed
        # robots.txt counts as a request too. The servers log when a handler starts, which a
        # busy machine can delay for one request and not the next: 0.1 s of slack. Without
        # the delay two requests of a host start together (gap near 0).
        assert min_gap(log) >= 0.25 - 0.1
    everyone = [hit for log in logs for hit in log]
    assert max_overlap(everyone) > 2  # hosts in parallel


def test_retry_after_pauses_only_its_host(tmp_path: Path) -> None:
    """RELIABILITY 8: 503 + Retry-After: 2 on host A: A waits 2 s, host B goes on meanwhile."""
    with sites(2) as (a, b):
        a.server.sequence(
            "/story/0.html",
            [page(b"busy", status=503, headers={"Retry-After": "2"}), page(article_html(0, "a"))],
        )
        urls = [a.url("/story/0.html"), *a.stories(range(1, 3)), *b.stories(range(10))]
        summary, _ = run(urls, tmp_path / "archive", options(delay=0.2))
        a_hits, b_hits = a.page_hits(), b.page_hits()
    assert summary.archived == 13
    refused = a_hits[0]
    assert refused.path == "/story/0.html"
    later_a = [h.start for h in a_hits[1:]]
    assert min(later_a) >= refused.end + 2 - 0.05  # host A paused
    meanwhile = [h for h in b_hits if refused.end < h.start < refused.end + 2]
    assert len(meanwhile) >= 4  # host B was not


# -- robots.txt -------------------------------------------------------------------------------


def test_robots_disallow_unavailable_missing_and_crawl_delay(tmp_path: Path) -> None:
    """RELIABILITY 10: Disallow honoured; robots 503 -> host skipped; robots 404 -> fetched;
    Crawl-delay raises the gap; one robots.txt fetch per host, with our User-Agent."""
    with sites(4) as (rules, down, missing, slow):
        rules.robots("User-agent: *\nDisallow: /private/\n")
        private = rules.route("/private/1.html", page(article_html(1, "r")))
        down.robots("overloaded", status=503)
        slow.robots("User-agent: *\nCrawl-delay: 0.5\n")
        urls = [
            *rules.stories([0]),
            private,
            *down.stories(range(2)),
            *missing.stories(range(2)),
            *slow.stories(range(3)),
        ]
        summary, results = run(urls, tmp_path / "archive", options(delay=0.0))
        got = by_url(results)
        all_sites = (rules, down, missing, slow)
        robots_hits = [s.server.hits("/robots.txt") for s in all_sites]
        assert rules.fetched() == rules.stories([0])
        assert down.page_hits() == []
        assert len(missing.page_hits()) == 2
        slow_hits = slow.page_hits()
    assert got[private].status == "skipped" and got[private].error == "disallowed by robots.txt"
    for url in urls[2:4]:
        assert got[url].status == "failed"
        assert got[url].error == "robots.txt answered HTTP 503"
    assert summary.archived == 1 + 2 + 3
    assert min_gap(slow_hits) >= 0.5 - 0.05
    for hits in robots_hits:
        assert len(hits) == 1
        assert hits[0].headers["User-Agent"].startswith("archiver/")


def test_ignore_robots_fetches_no_robots_txt(tmp_path: Path) -> None:
    """RELIABILITY 10: --ignore-robots is an explicit opt-out: no robots.txt asked for."""
    with sites(1) as (site,):
        site.robots("User-agent: *\nDisallow: /\n")
        summary, _ = run(site.stories(range(2)), tmp_path / "archive", options(robots=False))
        assert site.server.hits("/robots.txt") == []
    assert summary.archived == 2


def test_a_robots_txt_that_raises_ends_its_hosts_urls_and_the_batch_goes_on(
    tmp_path: Path,
) -> None:
    """RELIABILITY 16: a robots.txt redirecting to a host no URL parser reads (requests
    raised, and the host's URLs waited for an answer for ever) is no file: its pages are
    archived; a robots.txt whose reading raises anything else fails its host's URLs alone."""

    def bent(h: BaseHTTPRequestHandler) -> None:
        respond(h, 301, b"", headers={"Location": "https://[elsewhere]/robots.txt"})

    with sites(3) as (redirected, broken, plain):
        redirected.route("/robots.txt", bent, latency=0.0)
        broken_origin = broken.server.origin

        def robots(origin: str) -> Robots:
            if origin == broken_origin:
                raise RuntimeError("no answer")
            return fetch_robots(origin, session=new_session(), user_agent=user_agent())

        urls = [*redirected.stories(range(2)), *broken.stories(range(2)), *plain.stories([0])]
        done: list[tuple[Summary, list[Result]]] = []
        worker = threading.Thread(
            target=lambda: done.append(
                run(urls, tmp_path / "archive", options(), seams=Seams(robots=robots))
            ),
            daemon=True,
        )
        worker.start()
        worker.join(timeout=60)
        assert done, "the batch never ended"
        assert len(redirected.page_hits()) == 2
        assert broken.page_hits() == []
    summary, results = done[0]
    got = by_url(results)
    assert summary.archived == 3 and summary.failed == 2
    for url in urls[2:4]:
        assert got[url].status == "failed"
        error = got[url].error or ""
        assert error.startswith("robots.txt unreadable (") and "no answer" in error


# -- the ledger: resume, retry, refresh ---------------------------------------------------------


def test_a_second_run_fetches_nothing(tmp_path: Path) -> None:
    """RELIABILITY 23/24: the same sources again: everything recorded, nothing fetched."""
    with sites(2) as all_sites:
        urls = [u for s in all_sites for u in s.stories(range(3))]
        first, _ = run(urls, tmp_path / "archive")
        hits = sum(len(s.server.log) for s in all_sites)
        second, results = run(urls, tmp_path / "archive")
        assert sum(len(s.server.log) for s in all_sites) == hits
    assert first.archived == 6 and not first.resumed
    assert second.archived == 6 and second.earlier == 6 and second.requests == 0
    assert second.resumed
    assert all(r.earlier and r.path for r in results)


def test_failures_are_retried_only_when_asked(tmp_path: Path) -> None:
    """RELIABILITY 24: a failure stays recorded; --retry-failed tries it (and only it) again."""
    with sites(1) as (site,):
        good = site.stories(range(2))
        flaky = site.route("/flaky", page(b"oops", status=500))
        archive = tmp_path / "archive"
        first, _ = run([*good, flaky], archive, options(retry=RetryPolicy(retries=0)))
        site.route("/flaky", page(article_html(7, "s")))
        again, _ = run([*good, flaky], archive)
        assert len(site.server.hits("/flaky")) == 1
        retried, results = run([*good, flaky], archive, options(retry_failed=True))
        assert len(site.server.hits("/flaky")) == 2
        assert [h.path for h in site.page_hits()].count("/story/0.html") == 1
    assert (first.archived, first.failed) == (2, 1)
    assert (again.failed, again.earlier) == (1, 3)
    assert (retried.archived, retried.failed) == (3, 0)
    assert by_url(results)[flaky].status == "archived" and not by_url(results)[flaky].earlier


def test_refresh_fetches_again_and_a_removed_file_comes_back(tmp_path: Path) -> None:
    """--refresh fetches URLs already archived; a file removed since is fetched again."""
    with sites(1) as (site,):
        urls = site.stories(range(2))
        archive = tmp_path / "archive"
        run(urls, archive)
        refreshed, _ = run(urls, archive, options(refresh=True))
        assert len(site.page_hits()) == 4
        gone = stored(archive)[0]
        gone.unlink()
        back, _ = run(urls, archive)
        assert len(site.page_hits()) == 5
    assert refreshed.archived == 2 and refreshed.earlier == 0
    assert back.archived == 2 and back.earlier == 1
    assert gone.exists()


def test_urls_already_archived_are_skipped_without_a_fetch(tmp_path: Path) -> None:
    """A URL another job archived is skipped ("already archived"), not fetched."""
    with sites(1) as (site,):
        urls = site.stories(range(3))
        archive = tmp_path / "archive"
        run(urls[:2], archive, name="first.txt")
        summary, results = run(urls, archive, name="second.txt")
        assert len(site.page_hits()) == 3
    assert (summary.archived, summary.skipped) == (1, 2)
    assert {r.error for r in results if r.status == "skipped"} == {"already archived"}


def test_duplicates_collapse(tmp_path: Path) -> None:
    """Duplicate lines (also differing only by #fragment or host case) are fetched once."""
    with sites(1) as (site,):
        (url,) = site.stories([0])
        loud = url.replace("http://", "HTTP://")
        summary, results = run([url, url, url + "#comments", loud], tmp_path / "archive")
        assert len(site.page_hits()) == 1
    assert summary.total == 1 and len(results) == 1


def test_ledger_records_every_url_with_its_state(tmp_path: Path) -> None:
    """RELIABILITY 24: the ledger in the archive says each URL's state and error."""
    with sites(1) as (site,):
        urls = site.stories(range(2))
        missing = site.route("/missing", page(b"no", status=404))
        run([*urls, missing], tmp_path / "archive")
    with sqlite3.connect(tmp_path / "archive" / LEDGER_PATH) as db:
        rows = dict(db.execute("SELECT url, state FROM urls").fetchall())
        (error,) = db.execute("SELECT error FROM urls WHERE state = 'failed'").fetchone()
        (finished,) = db.execute("SELECT finished FROM runs").fetchone()
    assert rows == {urls[0]: "archived", urls[1]: "archived", missing: "failed"}
    assert "HTTP 404" in error
    assert finished is not None


# -- scale ------------------------------------------------------------------------------------


def crashing_extract(fetched: Fetched) -> Article:
    """The parser, as run by the pool's processes, with two test hooks in the URL: `?marker=F`
    touches F (a process of the pool is parsing), and /crash kills the process at once."""
    # A slow parser, in the pool and in the thread that parses while the pool starts: pages
    # queue up, and the pool is up before the pages run out however long it takes to start
    # (on a loaded machine, longer than a fast thread takes over all 100).
    time.sleep(0.1)
    if multiprocessing.parent_process() is not None:
        query = parse_qs(urlsplit(fetched.requested_url).query)
        for marker in query.get("marker", []):
            Path(marker).touch()
        if urlsplit(fetched.requested_url).path == "/crash":
            os._exit(70)
    return extract(fetched)


def test_pages_on_another_try_after_a_broken_pool_go_to_the_pool_one_at_a_time() -> None:
    """RELIABILITY 15/16: after a pool breaks, its pages go back one at a time, so the page
    that kills every pool breaks the next one alone among them: together, the others lost
    their second try with it (seen once in CI)."""
    submitted: list[str] = []

    class Recording(ThreadPoolExecutor):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
            submitted.append(args[0].requested_url)
            return super().submit(fn, *args, **kwargs)

    events: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
    parsers = Parsers(1, extract, events, lambda _notice: None)
    pool = Recording(1)
    parsers.pool = pool  # type: ignore[assignment]
    urls = [f"https://news.example/{i}" for i in range(3)]
    jobs = [Job(url=url, host="https://news.example") for url in urls]
    for job in jobs:
        body = article_html(1, "w")
        parsers.retry(job, Fetched(job.url, job.url, 200, "OK", "HTTP/1.1", [], [], body,
                                   "text/html", "utf-8", datetime.now(UTC)))  # fmt: skip
    assert submitted == urls[:1]
    parsers.finished(0, jobs[0])
    assert submitted == urls[:2]
    parsers.finished(0, jobs[2])  # not the page in the pool: no other goes
    assert submitted == urls[:2]
    parsers.finished(0, jobs[1])
    assert submitted == urls
    assert [job.parses for job in jobs] == [1, 1, 1]
    for _ in urls:  # every page parsed, each result an event
        assert events.get(timeout=30)[0] == "parsed"
    pool.shutdown()


def test_a_parser_process_that_dies_does_not_stop_the_batch(tmp_path: Path) -> None:
    """RELIABILITY 15/16: a page that kills its parser process costs at most that page; the
    pages that shared the pool get another try and the batch goes on."""
    marker = tmp_path / "pool-is-parsing"

    def crash_when_the_pool_parses(h: BaseHTTPRequestHandler) -> None:
        deadline = time.monotonic() + 30
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        respond(h, 200, article_html(99, "c"))

    with sites(1, latency=0.1) as (site,):
        html = page(article_html(1, "w"))
        warm = [site.route(f"/w{i}", html) + f"?marker={marker}" for i in range(100)]
        crash = site.route("/crash", crash_when_the_pool_parses)
        summary, results = run(
            [crash, *warm],
            tmp_path / "archive",
            options(robots=False, per_host=8, concurrency=8, parse_workers=2),
            seams=Seams(extract=crashing_extract),
            archive=NoDisk(tmp_path / "archive"),
        )
    assert marker.exists()  # the pool was up when /crash came: it died on it
    got = by_url(results)
    assert all(got[u].status == "archived" for u in warm), [
        r for r in results if r.status != "archived"
    ]
    assert got[crash].status == "archived" or got[crash].error == "the parser process died"
    assert summary.total == 101


class NoDisk(Archive):
    """An archive that stores nothing: for tests about the scheduler, not the store."""

    def save_group(self, items: Sequence[Prepared]) -> list[Saved | StoreError]:
        return [Saved(self.root / f"{p.article.id}.md", p.article.id, "new") for p in items]


class SlowDisk(Archive):
    """An archive whose writer is the bottleneck (a slow disk), counting what it stores."""

    def __init__(self, root: Path, alive: list[int]) -> None:
        super().__init__(root)
        self.alive = alive

    def save_group(self, items: Sequence[Prepared]) -> list[Saved | StoreError]:
        time.sleep(0.002 * len(items))
        self.alive[0] -= len(items)
        return [Saved(self.root / f"{p.article.id}.md", p.article.id, "new") for p in items]


def test_pages_in_memory_stay_bounded_when_the_disk_is_slow(tmp_path: Path) -> None:
    """Memory stays flat: with a writer slower than the network, fetching waits for it;
    never more than a bounded number of fetched pages are held at once."""
    alive, peak = [0], [0]

    def fetch(url: str) -> Fetched:
        alive[0] += 1
        peak[0] = max(peak[0], alive[0])
        return fetched_page(url)

    urls = [f"http://h{i % 20}.example/story/{i}" for i in range(400)]
    listed = write_list(tmp_path / "urls.txt", urls)
    opts = options(robots=False, concurrency=8)
    summary = run_import(
        [str(listed)], SlowDisk(tmp_path / "archive", alive), opts, seams=Seams(fetch=fetch)
    )
    assert summary.archived == 400
    bound = Backpressure.of(opts).pages + 8  # the fetch-ahead bound plus the requests in flight
    assert bound < 400
    assert peak[0] <= bound


def fetched_page(url: str) -> Fetched:
    body = article_html(1, "h")
    return Fetched(
        requested_url=url,
        final_url=url,
        status=200,
        reason="OK",
        http_version="HTTP/1.1",
        request_headers=[],
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=body,
        content_type="text/html",
        charset="utf-8",
        retrieved_at=datetime.now(UTC),
    )


def test_ten_thousand_urls_stream_through(tmp_path: Path) -> None:
    """RELIABILITY 16 at scale: 10,000 URLs over 50 hosts, every one answered and recorded."""
    fetched: list[str] = []

    def fetch(url: str) -> Fetched:
        fetched.append(url)
        raise FetchError(f"HTTP 404 Not Found: {url}", url=url, status=404)

    # The seam replaces the network only: scheduling, ledger and report are the real ones.
    urls = [f"http://h{i % 50}.example/story/{i}" for i in range(10_000)]
    listed = write_list(tmp_path / "big.txt", urls)
    results: list[Result] = []
    summary = run_import(
        [str(listed)],
        Archive(tmp_path / "other"),
        options(robots=False, concurrency=16),
        observers=[results.append],
        seams=Seams(fetch=fetch),
    )
    assert summary.failed == 10_000 and len(results) == 10_000
    assert sorted(fetched) == sorted(urls)
    with sqlite3.connect(tmp_path / "other" / LEDGER_PATH) as db:
        assert db.execute("SELECT count(*) FROM urls WHERE state = 'failed'").fetchone() == (
            10_000,
        )
