"""Store benchmark: a synthetic archive of N articles (default 50,000); times the library calls
behind `list --since` and `search`, the CLI commands' wall time (start-up included), and a
peer for each (no index: a scan of every front matter; `grep -r` over the files).

    uv run python benchmarks/store.py [--articles 50000] [--dir DIR] [--keep]

Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from functools import partial
from pathlib import Path

from archiver.models import Article, Author, Capture
from archiver.store import Archive, base_slug, dump_document, read_article, relative_dir

WORDS = [
    "council",
    "budget",
    "election",
    "minister",
    "government",
    "police",
    "court",
    "city",
    "river",
    "flood",
    "storm",
    "school",
    "hospital",
    "market",
    "prices",
    "energy",
    "gas",
    "oil",
    "bank",
    "rates",
    "inflation",
    "workers",
    "strike",
    "union",
    "train",
    "airport",
    "border",
    "army",
    "soldiers",
    "ceasefire",
    "talks",
    "summit",
    "president",
    "parliament",
    "vote",
    "law",
    "tax",
    "health",
    "vaccine",
    "virus",
    "doctors",
    "nurses",
    "teachers",
    "students",
    "university",
    "research",
    "climate",
    "heat",
    "drought",
    "farmers",
    "harvest",
    "wheat",
    "exports",
    "imports",
    "trade",
    "tariffs",
    "factory",
    "jobs",
    "wages",
    "housing",
    "rent",
    "mayor",
    "protest",
    "crowd",
    "arrest",
    "trial",
    "judge",
    "verdict",
    "appeal",
    "prison",
    "fire",
    "rescue",
    "bridge",
    "road",
    "traffic",
    "accident",
    "report",
    "survey",
    "figures",
    "official",
    "statement",
    "spokesman",
    "agency",
]
SITES = [(f"site{n}.example", f"Site {n}") for n in range(40)]
AUTHORS = [f"{first} {last}" for first in ("Ana", "Ben", "Chen", "Dara") for last in "KLMNOP"]


def synthetic(n: int, rng: random.Random) -> Article:
    """One plausible article: Zipf-like vocabulary, 4-8 paragraphs, a date in 2015-2024."""
    host, site = SITES[n % len(SITES)]
    day = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
    weights = [1 / (i + 1) for i in range(len(WORDS))]
    paragraphs = [
        " ".join(rng.choices(WORDS, weights, k=rng.randint(25, 60))).capitalize() + "."
        for _ in range(rng.randint(4, 8))
    ]
    url = f"https://www.{host}/{day:%Y/%m/%d}/story-{n}"
    body = "\n\n".join(paragraphs)
    retrieved = datetime(2024, 12, 20, tzinfo=UTC) + timedelta(seconds=n)
    return Article(
        headline=" ".join(rng.choices(WORDS, k=rng.randint(4, 10))).capitalize() + f" {n}",
        authors=[Author(name=rng.choice(AUTHORS))],
        published=datetime(day.year, day.month, day.day, 9, 30, tzinfo=timezone(timedelta(0))),
        body=body,
        url=url,
        site_name=site,
        capture=Capture(
            requested_url=url,
            final_url=url,
            status=200,
            content_type="text/html",
            retrieved_at=retrieved,
            sha256=hashlib.sha256(body.encode()).hexdigest(),
        ),
    )


def build(root: Path, count: int) -> float:
    """Write `count` documents straight to their paths (no capture, no fsync); seconds."""
    rng = random.Random(5)
    start = time.perf_counter()
    for n in range(count):
        article = synthetic(n, rng)
        path = root / relative_dir(article) / f"{base_slug(article)}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_document(article), encoding="utf-8")
    return time.perf_counter() - start


def median_ms(call: Callable[[], object], repeat: int = 7) -> float:
    call()  # warm the page cache and SQLite's
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def scan_since(root: Path, since: date) -> int:
    """The peer of `list --since` without an index: read every front matter."""
    found = 0
    for path in Archive(root).paths():
        published = read_article(path).published
        if (
            published is not None
            and (published.date() if isinstance(published, datetime) else published) >= since
        ):
            found += 1
    return found


def seconds(call: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def measure(root: Path, articles: int) -> list[tuple[str, str]]:
    """Build the archive under `root` and return (measure, value) rows."""
    exe = str(Path(sys.executable).parent / "archiver")
    rows = [("write documents (no fsync, no capture)", f"{build(root, articles):.1f} s")]
    archive = Archive(root)
    indexed, took = seconds(archive.reindex)
    rows.append((f"reindex ({indexed} articles)", f"{took:.1f} s"))
    rows.append(("index size", f"{archive.index.path.stat().st_size / 1e6:.0f} MB"))

    filters = [(date(2024, 1, 1), None), (date(2020, 6, 1), date(2020, 6, 30))]
    for since, until in filters:
        count = len(archive.entries(since=since, until=until))
        took_ms = median_ms(partial(archive.entries, since=since, until=until))
        label = f"since={since}" + (f", until={until}" if until else "")
        rows.append((f"library: entries({label}) ({count} rows)", f"{took_ms:.0f} ms"))
    phrase = " ".join(read_article(next(archive.paths())).body.split()[3:6])
    for query in (phrase, "ceasefire talks", "council"):
        took_ms = median_ms(partial(archive.search, query))
        rows.append((f"library: search({query!r}) (top 20)", f"{took_ms:.0f} ms"))

    def cli(*argv: str) -> Callable[[], object]:
        cmd = [exe, *argv] + (["--archive-dir", str(root)] if argv[0] != "--version" else [])
        return lambda: subprocess.run(cmd, check=True, capture_output=True)

    for argv in (
        ("--version",),
        ("list", "--since", "2024-01-01"),
        ("search", "ceasefire talks"),
        ("search", phrase),
        ("show", archive.entries()[0].id),
    ):
        rows.append((f"CLI: archiver {' '.join(argv)}", f"{median_ms(cli(*argv), 5):.0f} ms"))

    found, took = seconds(lambda: scan_since(root, date(2024, 1, 1)))
    rows.append((f"peer: read every front matter for since ({found} rows)", f"{took:.1f} s"))
    grep = ["grep", "-rlF", "--include=*.md", phrase, str(root)]
    took_ms = median_ms(lambda: subprocess.run(grep, capture_output=True), 3)
    rows.append((f"peer: grep -rlF {phrase!r}", f"{took_ms:.0f} ms"))
    start = time.perf_counter()
    checked = archive.verify().checked
    rows.append((f"verify ({checked} documents)", f"{time.perf_counter() - start:.1f} s"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--dir", type=Path, help="Where to build the archive (a temp dir).")
    parser.add_argument("--keep", action="store_true", help="Keep the archive afterwards.")
    args = parser.parse_args()
    root = args.dir or Path(tempfile.mkdtemp(prefix="archiver-bench-")) / "archive"
    try:
        rows = measure(root, args.articles)
    finally:
        if not args.keep:
            shutil.rmtree(root.parent if args.dir is None else root, ignore_errors=True)
    print(
        f"{args.articles} articles; Python {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}, {os.cpu_count()} CPUs\n"
    )
    print("| measure | value |\n| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
