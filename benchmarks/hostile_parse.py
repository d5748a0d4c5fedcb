"""The worst page: archiver.parse on hostile pages (the fuzz test's mutations), one worker
process a page, with trafilatura on the same pages for a same-run ratio.

    uv run --with trafilatura==2.3.1 python benchmarks/hostile_parse.py [--pages 3] [--seeds 2]

The three reference pages (100,000-deep nesting; 200,000 paragraphs, as <p> and as blank
lines), then each mutation on the first real pages of fixtures/pages with a few seeds, each
page parsed in a fresh worker (benchmarks/hostile_pages.py), so each line's peak memory is
that page's. Printed: wall and CPU seconds and peak MB a page, the worst of each, and, when
trafilatura is importable, the ratio of the two extractors' total CPU time on the same pages
(below 1.0: the project is faster). Say the load average with any figure: the machine may be
shared.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import struct
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_pages import MUTATIONS, base_pages, hostile, reference_pages

WORKER = Path(__file__).resolve().parent / "hostile_pages.py"


def measure(page: bytes) -> dict[str, float | str | None]:
    """Parse `page` in a fresh worker; its JSON record."""
    proc = subprocess.run(
        [sys.executable, str(WORKER)],
        input=struct.pack(">Q", len(page)) + page,
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0 or not proc.stdout:
        return {"error": f"worker died ({proc.returncode}): {proc.stderr[-300:]!r}"}
    record: dict[str, float | str | None] = json.loads(proc.stdout.decode().splitlines()[-1])
    return record


def peer_cpu(pages: list[bytes]) -> float | None:
    """trafilatura's CPU seconds on the same pages, or None where it is not installed."""
    try:
        import trafilatura  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    trafilatura.extract(b"<html><body><p>warm-up</p></body></html>")
    total = 0.0
    for page in pages:
        start = time.process_time()
        # A peer's failure is its own; only its time is wanted here.
        with contextlib.suppress(Exception):
            trafilatura.extract(page, url="https://news.example/2024/01/02/story")
        total += time.process_time() - start
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3, help="real pages to mutate")
    parser.add_argument("--seeds", type=int, default=2, help="seeds a mutation and page")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    inputs = [(name, page) for name, page in reference_pages().items()]
    for base_name, base in base_pages()[: args.pages]:
        for name in MUTATIONS:
            for seed in range(args.seeds):
                inputs.append((f"{name} {base_name} {seed}", hostile(base, [name], seed)))
    worst = {"seconds": 0.0, "cpu": 0.0, "peak_mb": 0.0}
    own_cpu = 0.0
    failures = 0
    for name, page in inputs:
        record = measure(page)
        if record.get("error"):
            failures += 1
            print(f"{name:48} {len(page) / 1e6:5.1f} MB  ERROR {record['error']}")
            continue
        print(
            f"{name:48} {len(page) / 1e6:5.1f} MB  {record['seconds']:5.2f} s wall "
            f"{record['cpu']:5.2f} s cpu  peak {record['peak_mb']:4.0f} MB"
        )
        own_cpu += float(record["cpu"] or 0)
        for key in worst:
            worst[key] = max(worst[key], float(record[key] or 0))
    print(
        f"{len(inputs)} pages, {failures} failed; worst page: {worst['seconds']:.2f} s wall, "
        f"{worst['cpu']:.2f} s cpu, {worst['peak_mb']:.0f} MB peak "
        "(targets: under 2 s, under 200 MB)"
    )
    peer = peer_cpu([page for _, page in inputs])
    if peer:
        print(f"CPU time, archiver / trafilatura on the same pages: {own_cpu / peer:.2f}")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
