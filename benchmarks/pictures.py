"""Pictures benchmark: the time to archive one article with its pictures against the same
article with `--no-assets`, and the bytes stored, on a loopback server (no network).

The story shows --pictures gradient PNGs (800x450 each, about 40 KB); every round archives it
into a fresh archive with and without pictures, alternating, as whole `archiver archive`
processes.

    uv run python benchmarks/pictures.py [--pictures 10] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.server import Loopback


def png(width: int, height: int) -> bytes:
    """The site benchmark's gradient picture (benchmarks/site.py, loaded by path: the stdlib
    has a module named `site`)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("site_bench", Path(__file__).with_name("site.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.png(width, height)  # type: ignore[no-any-return]


def story(server: Loopback, count: int) -> str:
    for n in range(count):
        server.static(f"/img/{n}.png", png(800 + n, 450), content_type="image/png")
    url = server.url("/story.html")
    text = "".join(
        f"<p>Paragraph {n} of the story, long enough to be read as running text by the "
        f"extractor, about the harbour and its boats.</p>"
        for n in range(12)
    )
    pictures = "".join(f'<figure><img src="/img/{n}.png" alt="{n}"></figure>' for n in range(count))
    server.static(
        "/story.html",
        f'<html><head><title>Harbour</title><link rel="canonical" href="{url}"></head><body>'
        f"<article><h1>Harbour</h1>{text[:600]}{pictures}{text[600:]}</article></body></html>",
    )
    return url


def archive(url: str, root: Path, *options: str) -> float:
    command = [sys.executable, "-m", "archiver", "archive", url, "--archive-dir", str(root)]
    start = time.perf_counter()
    done = subprocess.run([*command, *options], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(done.stderr)
    return time.perf_counter() - start


def size(root: Path) -> int:
    return sum(
        p.stat().st_size for p in root.rglob("*") if p.is_file() and ".archiver" not in p.parts
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pictures", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pictures-bench-"))
    with_, without = [], []
    try:
        with Loopback() as server:
            url = story(server, args.pictures)
            for n in range(args.rounds):
                with_.append(archive(url, work / f"with-{n}"))
                without.append(archive(url, work / f"without-{n}", "--no-assets"))
        kept, bare = size(work / "with-0"), size(work / "without-0")
        pictures = size(work / "with-0" / "assets")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()
    a, b = statistics.median(with_), statistics.median(without)
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; rounds {args.rounds}\n")
    print("| measure | value |")
    print("| --- | --- |")
    print(f"| archive with {args.pictures} pictures (median) | {a:.2f} s |")
    print(f"| archive with --no-assets (median) | {b:.2f} s |")
    print(f"| ratio with / without | {a / b:.2f} |")
    print(f"| bytes stored with pictures | {kept:,} ({pictures:,} of them pictures) |")
    print(f"| bytes stored without | {bare:,} |")


if __name__ == "__main__":
    main()
