"""The importer while its writer is behind: it waits on events instead of polling."""

from __future__ import annotations

import resource
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from archiver.batch import ImportOptions, Result, Seams, run_import
from archiver.errors import FetchError, StoreError
from archiver.fetch import Fetched, Limits
from archiver.store import Archive, Prepared, Saved
from tests.batch_sites import sites, write_list
from tests.test_batch import fetched_page


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def settled(count: Callable[[], int], quiet: float = 1.5, limit: float = 30) -> int:
    """`count()` once it has not changed for `quiet` seconds."""
    deadline = time.monotonic() + limit
    last, since = count(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = count()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return last


def test_waiting_on_a_slow_writer_costs_no_cpu(tmp_path: Path) -> None:
    """RELIABILITY 70: while the writer is behind and backpressure holds every fetched page,
    the importer blocks: its own CPU time (getrusage of this process, which parses in-process
    here and serves the loopback sites) stays under 5% of the wall time it waits."""
    archive = Archive(tmp_path / "archive")
    entered = threading.Event()
    release = threading.Event()

    def slow_store(items: Sequence[Prepared]) -> list[Saved | StoreError]:
        entered.set()
        release.wait(30)  # a disk that has stalled
        return archive.save_group(items)

    with sites(2) as all_sites:
        urls = [u for site in all_sites for u in site.stories(range(150))]
        listed = write_list(tmp_path / "urls.txt", urls)
        results: list[Result] = []
        opts = ImportOptions(
            concurrency=2,
            per_host=1,
            delay=0.0,
            limits=Limits(connect_timeout=2, read_timeout=2, deadline=5),
            parse_workers=0,
        )
        batch = threading.Thread(
            target=run_import,
            args=([str(listed)], archive, opts),
            kwargs={"observers": [results.append], "seams": Seams(store=slow_store)},
        )
        batch.start()
        try:
            assert entered.wait(30)
            fetched_before = settled(lambda: sum(len(s.page_hits()) for s in all_sites))
            cpu0, wall0 = cpu_seconds(), time.monotonic()
            time.sleep(2.0)
            cpu = cpu_seconds() - cpu0
            wall = time.monotonic() - wall0
            fetched_during = sum(len(s.page_hits()) for s in all_sites) - fetched_before
        finally:
            release.set()
            batch.join(60)
    assert not batch.is_alive()
    assert fetched_during == 0  # backpressure held: nothing more was fetched
    assert fetched_before < len(urls)
    assert cpu < 0.05 * wall, f"{cpu:.2f} s of CPU in {wall:.2f} s of waiting"
    assert sorted(r.url for r in results if r.status == "archived") == sorted(urls)


def test_a_ten_thousand_url_import_opens_one_index_connection_a_thread(tmp_path: Path) -> None:
    """RELIABILITY 38: 10,000 URLs (every URL looked up in the index, 99 stored in groups):
    the index is opened once by the coordinating thread and once by the writer, no more."""

    def fetch(url: str) -> Fetched:
        if url.endswith("00"):
            return fetched_page(url)
        raise FetchError(f"HTTP 404 Not Found: {url}", url=url, status=404)

    urls = [f"http://h{i % 50}.example/story/{i}" for i in range(10_000)]
    listed = write_list(tmp_path / "big.txt", urls)
    archive = Archive(tmp_path / "archive")
    results: list[Result] = []
    summary = run_import(
        [str(listed)],
        archive,
        ImportOptions(robots=False, concurrency=16, delay=0.0, parse_workers=0),
        observers=[results.append],
        seams=Seams(fetch=fetch),
    )
    assert [r for r in results if r.url.endswith("00") and r.status != "archived"] == []
    assert summary.archived == 99 and summary.failed == 9_901  # story/100, /200 ... /9900
    assert archive.index.opened == 2
