"""Batch import against the network ideal: 240 pages on 8 loopback hosts, 0.5 s latency each.

Runs the real CLI (`archiver import ... --concurrency 16 --per-host 2 --delay 0`) as a
subprocess and reports its wall time against ceil(pages per host / per-host) x latency, the
most requests one host had in flight (counted from the servers' logs), whether a second run
fetches anything, and sequential fetching (--concurrency 1 --per-host 1) as the baseline.
The parallel run is made twice: with the archive on the temp directory's disk, and on tmpfs
(/dev/shm), where the store's fsyncs cost next to nothing, to tell the network from the disk.

    uv run python benchmarks/batch.py            # the whole comparison (~2.5 minutes)
    uv run python benchmarks/batch.py --no-sequential
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.batch_sites import Site, max_overlap, sites, write_list  # noqa: E402

HOSTS = 8
PAGES_PER_HOST = 30
LATENCY = 0.5


def importer(listed: Path, archive: Path, *options: str) -> tuple[float, float]:
    """Run `archiver import` to the end: when it started (monotonic) and its wall time."""
    command = [sys.executable, "-m", "archiver", "import", str(listed)]
    command += ["--archive-dir", str(archive), "--quiet", *options]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"archiver import failed ({done.returncode}):\n{done.stderr}")
    return started, elapsed


def page_hits(all_sites: list[Site]) -> int:
    return sum(len(site.page_hits()) for site in all_sites)


def run(concurrency: int, per_host: int, workdir: Path, label: str) -> dict[str, float]:
    with sites(HOSTS, latency=LATENCY) as all_sites:
        urls = [u for site in all_sites for u in site.stories(range(PAGES_PER_HOST))]
        listed = write_list(workdir / f"{label}.txt", urls)
        archive = workdir / label
        options = ["--concurrency", str(concurrency), "--per-host", str(per_host)]
        options += ["--delay", "0"]
        started, wall = importer(listed, archive, *options)
        first = min(h.start for site in all_sites for h in site.server.log) - started
        fetched = page_hits(all_sites)
        in_flight = max(max_overlap(site.page_hits()) for site in all_sites)
        _, again = importer(listed, archive, *options)
        refetched = page_hits(all_sites) - fetched
        stored = sum(1 for p in archive.rglob("*.md") if ".archiver" not in p.parts)
    ideal = math.ceil(PAGES_PER_HOST / per_host) * LATENCY
    if concurrency < HOSTS * per_host:
        ideal = math.ceil(len(urls) / concurrency) * LATENCY
    return {
        "urls": len(urls),
        "stored": stored,
        "wall": wall,
        "first_request": first,
        "ideal": ideal,
        "ratio": wall / ideal,
        "max_in_flight_per_host": in_flight,
        "fetched": fetched,
        "second_run_fetches": refetched,
        "second_run_wall": again,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-sequential", action="store_true", help="skip the slow baseline")
    args = parser.parse_args()
    print(f"{HOSTS} hosts x {PAGES_PER_HOST} pages, {LATENCY} s latency, {os.cpu_count()} cores")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(("16 x 2, archive on disk", run(16, 2, Path(tmp), "parallel")))
        if Path("/dev/shm").is_dir():
            with tempfile.TemporaryDirectory(dir="/dev/shm") as shm:
                rows.append(("16 x 2, archive on tmpfs", run(16, 2, Path(shm), "parallel")))
        if not args.no_sequential:
            rows.append(("1 x 1, archive on disk", run(1, 1, Path(tmp), "sequential")))
    print(
        f"{'concurrency x per-host':28} {'stored':>6} {'wall s':>7} {'1st req s':>9} "
        f"{'ideal s':>7} {'ratio':>6} "
        f"{'host max':>8} {'2nd run fetches':>15} {'2nd run s':>9}"
    )
    for label, r in rows:
        print(
            f"{label:28} {r['stored']:>6.0f} {r['wall']:>7.2f} {r['first_request']:>9.2f} "
            f"{r['ideal']:>7.2f} "
            f"{r['ratio']:>6.2f} {r['max_in_flight_per_host']:>8.0f} "
            f"{r['second_run_fetches']:>15.0f} {r['second_run_wall']:>9.2f}"
        )
    if not args.no_sequential:
        print(f"speed-up over sequential (disk): {rows[-1][1]['wall'] / rows[0][1]['wall']:.1f}x")
    for label, r in rows[:-1] if not args.no_sequential else rows:
        ok = (
            r["ratio"] <= 1.25
            and r["max_in_flight_per_host"] <= 2
            and r["second_run_fetches"] == 0
            and r["stored"] == r["urls"]
        )
        print(f"{label}: within 1.25x of ideal, per-host <= 2, second run fetches nothing: {ok}")


if __name__ == "__main__":
    main()
