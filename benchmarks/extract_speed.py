"""Extraction speed: archiver.parse against trafilatura on the same pages, in one process.

    uv run --with trafilatura==2.3.1 python benchmarks/extract_speed.py [--rounds 5] [--limit N]

trafilatura is never a project dependency: `uv run --with` brings it in for this run only.
Pages are the dev split of the extraction benchmark (../shared/bench/dev, gzip as served).
Each round times both extractors on every page, page by page, A B then B A on alternate
rounds so drift on a shared machine falls on both; the ratio project/trafilatura of each
round's totals is printed, then the median ratio (below 1.0: the project is faster).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "dev"

Extractor = Callable[[bytes, str | None], object]


def pages(data: Path, limit: int | None) -> list[tuple[bytes, str | None]]:
    out: list[tuple[bytes, str | None]] = []
    truth = json.loads((data / "body" / "ground-truth.json").read_text())
    for key, item in sorted(truth.items()):
        raw = (data / "body" / "html" / f"{key}.html.gz").read_bytes()
        out.append((gzip.decompress(raw), item.get("url")))
    gold = json.loads((data / "meta" / "gold.json").read_text())
    for url, item in sorted(gold.items()):
        name = item["file"].removesuffix(".gz") + ".gz"
        out.append((gzip.decompress((data / "meta" / "html" / name).read_bytes()), url))
    return out[:limit] if limit else out


def project() -> Extractor:
    import archiver

    return lambda html, url: archiver.parse(html, url=url)


def trafilatura() -> Extractor:
    import trafilatura as traf

    def run(html: bytes, url: str | None) -> object:
        # The same call the benchmark's scorer makes.
        return traf.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            output_format="python",
        )

    return run


def timed(run: Extractor, html: bytes, url: str | None) -> float:
    start = time.perf_counter()
    # A crash still costs its time; quality is scored elsewhere.
    with contextlib.suppress(Exception):
        run(html, url)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEV)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    work = pages(args.data, args.limit)
    a, b = project(), trafilatura()
    for html, url in work[:20]:  # warm both up: imports, caches, compiled patterns
        timed(a, html, url)
        timed(b, html, url)
    ratios = []
    for round_no in range(args.rounds):
        total_a = total_b = 0.0
        for html, url in work:
            if round_no % 2 == 0:
                total_a += timed(a, html, url)
                total_b += timed(b, html, url)
            else:
                total_b += timed(b, html, url)
                total_a += timed(a, html, url)
        ratios.append(total_a / total_b)
        print(
            f"round {round_no + 1}: project {1000 * total_a / len(work):.1f} ms/page, "
            f"trafilatura {1000 * total_b / len(work):.1f} ms/page, ratio {ratios[-1]:.3f}"
        )
    print(
        json.dumps(
            {"pages": len(work), "rounds": args.rounds, "median_ratio": statistics.median(ratios)}
        )
    )


if __name__ == "__main__":
    main()
