"""Batch import on real pages, through the real CLI: the four figures of the throughput targets.

Pages: the first 240 files of ../shared/bench/dev/body/html then meta/html in sorted name
order, served gzipped as they are stored (Content-Encoding: gzip) from 8 loopback hosts
127.0.0.1-8, page n on host n mod 8. Each run is `archiver import LIST --concurrency 16
--delay 0 --no-assets` as a subprocess, timed from start to exit (CLI start included), into an
archive on the temp directory's disk.

1. no latency, --per-host 8: articles stored a second, median of 3 runs;
2. 0.5 s latency a page, --per-host 2: wall time against the network ideal
   (ceil(30 pages a host / 2) x 0.5 s = 7.5 s), median of 5 runs and the worst;
3. the CPU time of the importer's own process (getrusage RUSAGE_SELF: the parser processes
   are children, not counted) while its writer is held by a seam that sleeps, against the
   wall time of that wait;
4. the writer's time an article stored (group commits included), from `import -v`, in the
   no-latency runs.

    uv run python benchmarks/batch_import.py
    uv run python benchmarks/batch_import.py --fast 1 --slow 1    # one run of each
    uv run python benchmarks/batch_import.py --fast 3 --slow 0 --no-probe   # figure 1 alone
"""

from __future__ import annotations

import argparse
import ctypes
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.batch_sites import Site, page, write_list  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench" / "dev"
PAGES = 240
HOSTS = 8
LATENCY = 0.5
PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def corpus() -> list[bytes]:
    """The gzipped pages, in the order the targets name."""
    files = sorted((BENCH / "body" / "html").glob("*.html.gz"))
    files += sorted((BENCH / "meta" / "html").glob("*.html.gz"))
    if len(files) < PAGES:
        raise SystemExit(f"need {PAGES} pages under {BENCH}, found {len(files)}")
    return [path.read_bytes() for path in files[:PAGES]]


def serve(stack: ExitStack, pages: list[bytes], latency: float) -> list[str]:
    """Start the 8 hosts; returns the URLs in page order."""
    sites = []
    for i in range(HOSTS):
        site = Site(f"127.0.0.{i + 1}", latency=latency)
        stack.enter_context(site.server)
        sites.append(site)
    urls = []
    for n, body in enumerate(pages):
        handler = page(body, headers={"Content-Encoding": "gzip"})
        urls.append(sites[n % HOSTS].route(f"/page/{n}.html", handler))
    return urls


def adopt_orphans() -> None:
    """Become the subreaper of what the importer starts: its parser processes' fork server
    outlives it by a moment and would be reaped by init, its CPU (and its workers') lost to
    RUSAGE_CHILDREN. Linux only; elsewhere the CPU column misses the parser processes."""
    if sys.platform != "linux":
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def reap_orphans(timeout: float = 10.0) -> None:
    """Wait for the importer's descendants that were handed to this process."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # none left
        if pid == 0:
            time.sleep(0.02)


def importer(listed: Path, archive: Path, per_host: int) -> tuple[float, float, str]:
    """One `archiver import` to its exit: wall seconds, CPU seconds (the importer and its
    parser processes) and its stderr."""
    command = [sys.executable, "-m", "archiver", "import", str(listed), "-v"]
    command += ["--archive-dir", str(archive), "--concurrency", "16", "--delay", "0"]
    # The pages name pictures on their sites' real hosts: none is fetched (no request leaves
    # the machine), and the figures are the pages' alone.
    command += ["--per-host", str(per_host), "--no-assets"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode not in (0, 1):  # 1: some pages hold no article
        raise SystemExit(f"archiver import failed ({done.returncode}):\n{done.stderr}")
    return wall, cpu, done.stderr


def archived(stderr: str) -> int:
    found = re.search(r"archived (\d+)", stderr)
    return int(found.group(1)) if found else 0


def writer_ms(stderr: str, *, cpu: bool = False) -> float:
    pattern = r"([\d.]+) ms of it CPU" if cpu else r"\(([\d.]+) ms an article"
    found = re.search(pattern, stderr)
    return float(found.group(1)) if found else math.nan


Run = tuple[float, float, str]  # wall s, CPU s, stderr


def batch(runs: int, latency: float, per_host: int, work: Path, label: str) -> list[Run]:
    pages = corpus()
    done = []
    for run in range(runs):
        with ExitStack() as stack:
            urls = serve(stack, pages, latency)
            listed = write_list(work / f"{label}{run}.txt", urls)
            wall, cpu, stderr = importer(listed, work / f"{label}{run}", per_host)
        done.append((wall, cpu, stderr))
        load = os.getloadavg()[0]
        lines = stderr.strip().splitlines()
        print(f"  {label} {run + 1}: {wall:.2f} s, {cpu:.1f} s CPU, load {load:.1f}; {lines[-2]}")
        print(f"    {lines[-1]}")
    return done


WAIT_PROBE = textwrap.dedent(
    """
    import resource, sys, threading, time
    from pathlib import Path
    from archiver.batch import ImportOptions, Seams, run_import
    from archiver.store import Archive

    archive = Archive(Path(sys.argv[2]))
    entered, release = threading.Event(), threading.Event()

    def held_writer(items):
        entered.set()
        release.wait(120)  # a disk that has stalled
        return archive.save_group(items)

    options = ImportOptions(concurrency=16, per_host=8, delay=0.0)
    thread = threading.Thread(
        target=run_import, args=([sys.argv[1]], archive, options),
        kwargs={"seams": Seams(store=held_writer)}, daemon=True,
    )
    thread.start()
    entered.wait(120)
    time.sleep(3.0)  # the pages the limits allow are fetched and parsed meanwhile
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu0, wall0 = usage.ru_utime + usage.ru_stime, time.monotonic()
    time.sleep(5.0)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu0
    print(cpu, time.monotonic() - wall0, flush=True)
    release.set()
    thread.join(300)
    """
)


def waiting_cpu(work: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of the importer's process while its writer is held."""
    with ExitStack() as stack:
        urls = serve(stack, corpus(), 0.0)
        listed = write_list(work / "wait.txt", urls)
        done = subprocess.run(
            [sys.executable, "-c", WAIT_PROBE, str(listed), str(work / "wait")],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"the wait probe failed:\n{done.stderr}")
    cpu, wall = map(float, done.stdout.split())
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", type=int, default=3, help="runs without latency")
    parser.add_argument("--slow", type=int, default=5, help="runs with 0.5 s latency")
    parser.add_argument("--no-probe", action="store_true", help="skip figure 3")
    args = parser.parse_args()
    adopt_orphans()
    print(f"{PAGES} pages, {HOSTS} hosts, {os.cpu_count()} cores")
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fast = batch(args.fast, 0.0, 8, work, "fast")
        slow = batch(args.slow, LATENCY, 2, work, "slow")
        held_cpu, waited = (0.0, 0.0) if args.no_probe else waiting_cpu(work)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")

    if fast:
        report_fast(fast)
    if slow:
        walls = [wall for wall, _, _ in slow]
        ideal = math.ceil(PAGES / HOSTS / 2) * LATENCY
        print(
            f"2. 0.5 s latency, --per-host 2: median {statistics.median(walls):.2f} s ="
            f" {statistics.median(walls) / ideal:.2f}x ideal {ideal:.1f} s, worst"
            f" {max(walls) / ideal:.2f}x (targets <= 1.25x, <= 1.5x)"
        )
    if waited:
        print(
            f"3. importer's own CPU while its writer is held: {held_cpu:.3f} s in"
            f" {waited:.1f} s = {100 * held_cpu / waited:.1f}% (target < 5%)"
        )


def report_fast(fast: list[Run]) -> None:
    rates = [archived(err) / wall for wall, _, err in fast]
    save_ms = [writer_ms(err) for _, _, err in fast]
    save_cpu = [writer_ms(err, cpu=True) for _, _, err in fast]
    cpu = statistics.median(c for _, c, _ in fast)
    print(
        f"1. no latency, --per-host 8: {statistics.median(rates):.1f} articles/s median of"
        f" {len(rates)} ({archived(fast[0][2])} of {PAGES} pages are articles; target >= 40)"
    )
    print(
        f"   CPU of the import (importer and parser processes), median {cpu:.1f} s ="
        f" {1000 * cpu / PAGES:.0f} ms a page: on 2 idle cores, at best"
        f" {2 * PAGES / cpu:.1f} articles/s"
    )
    print(
        f"4. store time an article in the no-latency batch: median"
        f" {statistics.median(save_ms):.1f} ms, of which the writer thread ran"
        f" {statistics.median(save_cpu):.1f} ms (target <= 10 ms)"
    )


if __name__ == "__main__":
    main()
