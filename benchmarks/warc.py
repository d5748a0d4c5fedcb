"""WARC import: speed against trafilatura over the same records, cluster scaling, and memory.

Builds a WARC (gzipped record by record, a request and a response per page) from the
extraction benchmark's dev pages (about 1,400) and times, in each round and as whole
processes from start to exit:
- the plain import (`archiver import X.warc.gz`, the local process pool, one worker a core);
- `--cluster local --workers 1` and `--workers 2` (a Dask LocalCluster started by the import);
- the peer: trafilatura 2.3.1's `bare_extraction` in a loop over the same WARC's HTML
  response records, in one process, reading the WARC with warcio.
Then peak memory (the largest process's resident set) of the plain import over synthetic
WARCs of 10,000 and 100,000 records.

    uv run python benchmarks/warc.py                     # speed (3 rounds) and memory
    uv run python benchmarks/warc.py --rounds 5 --no-memory
    uv run python benchmarks/warc.py --no-speed --records 10000,100000
    uv run python benchmarks/warc.py --rounds 1 --pages 200 --no-memory   # a quick check
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.warc_build import Page, article_html, write_warc  # noqa: E402

DEV = ROOT.parent / "shared" / "bench" / "dev"
PEER = "trafilatura==2.3.1"

# The peer's loop: read the WARC, extract every HTML 200 response, count the non-empty texts.
PEER_LOOP = """
import sys
from warcio.archiveiterator import ArchiveIterator
from trafilatura import bare_extraction
found = 0
with open(sys.argv[1], "rb") as fh:
    for record in ArchiveIterator(fh):
        if record.rec_type != "response" or record.http_headers is None:
            continue
        if record.http_headers.get_statuscode() != "200":
            continue
        media = (record.http_headers.get_header("content-type") or "").split(";")[0].strip()
        if media not in ("text/html", "application/xhtml+xml"):
            continue
        html = record.content_stream().read()
        url = record.rec_headers.get_header("WARC-Target-URI")
        result = bare_extraction(html, url=url, with_metadata=True, include_comments=False)
        if result is not None and (result.text or "").strip():
            found += 1
print(found)
"""


def dev_pages() -> list[Page]:
    """Every dev page as a response record, its URL from the gold data where it has one."""
    pages: list[Page] = []
    body = json.loads((DEV / "body" / "ground-truth.json").read_text(encoding="utf-8"))
    for key, item in sorted(body.items()):
        pages.append(_page(item.get("url"), DEV / "body" / "html" / f"{key}.html.gz", key))
    meta = json.loads((DEV / "meta" / "gold.json").read_text(encoding="utf-8"))
    for url, item in sorted(meta.items()):
        name = item["file"].removesuffix(".gz") + ".gz"
        pages.append(_page(url, DEV / "meta" / "html" / name, name))
    dragnet = json.loads((DEV / "dragnet" / "ground-truth.json").read_text(encoding="utf-8"))
    for key, item in sorted(dragnet.items()):
        pages.append(_page(item.get("url"), DEV / "dragnet" / "html" / f"{key}.html.gz", key))
    return pages


def _page(url: str | None, path: Path, key: str) -> Page:
    address = url if url and url.startswith("http") else f"https://dev.bench.example/{key}"
    return Page(address, gzip.decompress(path.read_bytes()), content_type="text/html")


def synthetic_pages(records: int) -> list[Page]:
    """`records` records in runs of 50: a small distinct article page with its request,
    then 48 other responses (pictures, a feed's JSON) that are read, counted and skipped,
    as a crawl's WARC holds far more resources than pages."""
    pages: list[Page] = []
    for run in range(records // 50):
        url = f"https://synthetic.example/2024/12/19/p{run}"
        pages.append(Page(url, article_html(f"Page {run}", 2)))
        pages += [
            Page(f"{url}/r{n}", b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png",
                 request=False)
            for n in range(48)
        ]  # fmt: skip
    return pages


def run(command: list[str]) -> tuple[float, str]:
    """Wall seconds of a whole process, and what it printed."""
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, check=False)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(
            f"{command[:4]} failed ({done.returncode}):\n{done.stderr.decode()[-2000:]}"
        )
    return wall, done.stdout.decode()


def importer(warc: Path, archive: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "archiver", "import", str(warc), "--archive-dir", str(archive),
            "--quiet", *options]  # fmt: skip


def stored(archive: Path) -> int:
    return sum(1 for p in archive.rglob("*.md") if ".archiver" not in p.parts)


def peer_python(workdir: Path) -> str:
    """The interpreter of a throw-away environment with trafilatura and warcio (the peer is
    never one of the project's dependencies)."""
    env = workdir / "peer-env"
    subprocess.run(["uv", "venv", "-q", str(env)], check=True)
    python = str(env / "bin" / "python")
    subprocess.run(["uv", "pip", "install", "-q", "-p", python, PEER, "warcio"], check=True)
    return python


def speed(rounds: int, workdir: Path, limit: int | None = None) -> dict[str, object]:
    pages = dev_pages()[:limit]
    warc = write_warc(workdir / "dev.warc.gz", pages)
    python = peer_python(workdir)
    names = ["plain", "cluster-1", "cluster-2", "trafilatura"]
    walls: dict[str, list[float]] = {name: [] for name in names}
    found: dict[str, int] = {}
    load_before = os.getloadavg()
    for n in range(rounds):
        for name in names:
            archive = workdir / f"{name}-{n}"
            if name == "trafilatura":
                wall, out = run([python, "-c", PEER_LOOP, str(warc)])
                found[name] = int(out.strip() or 0)
            else:
                extra = {"plain": [], "cluster-1": ["--cluster", "local", "--workers", "1"],
                         "cluster-2": ["--cluster", "local", "--workers", "2"]}[name]  # fmt: skip
                wall, _ = run(importer(warc, archive, *extra))
                found[name] = stored(archive)
            walls[name].append(wall)
            print(f"round {n + 1} {name}: {wall:.1f} s, {found[name]} articles", file=sys.stderr)
    load_after = os.getloadavg()
    median = {name: statistics.median(w) for name, w in walls.items()}
    return {
        "records": len(pages),
        "articles": found,
        "median_wall_s": {k: round(v, 2) for k, v in median.items()},
        "records_per_s": {k: round(len(pages) / v, 1) for k, v in median.items()},
        "plain_vs_trafilatura": round(median["trafilatura"] / median["plain"], 2),
        "cluster2_vs_cluster1": round(median["cluster-1"] / median["cluster-2"], 2),
        "rounds": rounds,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
    }


def memory(counts: list[int], workdir: Path) -> dict[str, object]:
    """Peak memory of the plain import by record count, each in a fresh measuring process."""
    peaks: dict[str, object] = {}
    for count in counts:
        warc = write_warc(workdir / f"synthetic-{count}.warc.gz", synthetic_pages(count))
        archive = workdir / f"memory-{count}"
        # a fresh interpreter measures this run's peak alone (ru_maxrss only grows)
        probe = (
            "import resource, subprocess, sys, time; t = time.monotonic();"
            " subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
            " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.monotonic() - t)"
        )
        _, out = run([sys.executable, "-c", probe, *importer(warc, archive)])
        kib, wall = out.split()
        peaks[str(count)] = {
            "peak_mib": round(int(kib) / 1024, 1),
            "wall_s": round(float(wall), 1),
            "articles": stored(archive),
        }
        print(f"memory {count} records: {peaks[str(count)]}", file=sys.stderr)
    values = [float(p["peak_mib"]) for p in peaks.values() if isinstance(p, dict)]
    if len(values) >= 2:
        peaks["largest_vs_smallest"] = round(values[-1] / values[0], 3)
    peaks["load_average"] = [round(x, 2) for x in os.getloadavg()]
    return peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--records", default="10000,100000")
    parser.add_argument("--pages", type=int, help="Time only the first N dev pages.")
    parser.add_argument("--workdir", type=Path, help="Keep the files here (default: a temp dir).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="warc-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        result: dict[str, object] = {}
        if not args.no_speed:
            result["speed"] = speed(args.rounds, workdir, args.pages)
        if not args.no_memory:
            counts = [int(c) for c in args.records.split(",")]
            result["memory"] = memory(counts, workdir)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
