"""The importer while its writer is behind: it waits on events instead of polling."""

from __future__ import annotations

import resource
import threading
import time
from pathlib import Path

from archiver.batch import ImportOptions, Result, Seams, run_import
from archiver.fetch import Fetched, Limits
from archiver.models import Article
from archiver.store import Archive, Saved
from tests.batch_sites import sites, write_list


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def test_waiting_on_a_slow_writer_costs_no_cpu(tmp_path: Path) -> None:
    """RELIABILITY 70: while the writer is behind and backpressure holds every fetched page,
    the importer blocks: its own CPU time (getrusage of this process, which parses in-process
    here and serves the loopback sites) stays under 5% of the wall time it waits."""
    archive = Archive(tmp_path / "archive")
    entered = threading.Event()
    release = threading.Event()

    def slow_save(article: Article, fetched: Fetched | None) -> Saved:
        entered.set()
        release.wait(30)  # a disk that has stalled
        return archive.save(article, fetched)

    with sites(2) as all_sites:
        urls = [u for site in all_sites for u in site.stories(range(60))]
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
            kwargs={"observers": [results.append], "seams": Seams(save=slow_save)},
        )
        batch.start()
        try:
            assert entered.wait(30)
            time.sleep(1.0)  # the pages the limits allow are fetched and parsed meanwhile
            fetched_before = sum(len(s.page_hits()) for s in all_sites)
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
