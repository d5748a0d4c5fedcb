"""`import --browser auto` against `--browser always`: 50 loopback pages, 25 static and 25
whose story a script fetches as JSON and writes in.

Runs the real CLI as a subprocess, the two modes in turn (auto, always, auto, always, ...),
and reports for each the median wall time, the median peak memory of the whole run (the sum of
the proportional set sizes, PSS, of the archiver, its parser processes, Playwright's driver and
every Chromium process, sampled every 0.1 s), how many pages were stored and how many of them
were rendered (`rendered: browser` in the front matter), and the time ratio auto / always.

    uv run python benchmarks/browser.py              # 3 rounds of each (~3 minutes)
    uv run python benchmarks/browser.py --rounds 5 --json figures.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.server import FIXTURES, Loopback, respond  # noqa: E402

PAGES = 25  # of each kind
MARK = "ARCHIVER_BROWSER_RUN"
STATIC = (FIXTURES / "browser" / "static.html").read_text(encoding="utf-8")
SHELL = (FIXTURES / "browser" / "json-article.html").read_text(encoding="utf-8")
STORY = json.loads((FIXTURES / "browser" / "story.json").read_text(encoding="utf-8"))


def serve(server: Loopback) -> list[str]:
    """Routes for the 50 pages; their URLs, static ones first."""
    urls = []
    for n in range(PAGES):
        page = STATIC.replace("Bridge repairs finish a month early", f"Bridge {n} reopens early")
        server.static(f"/static/{n}.html", page)
        urls.append(server.url(f"/static/{n}.html"))
    for n in range(PAGES):
        story = dict(STORY, headline=f"Harbour gauge {n} records the highest water in years")
        data = json.dumps(story).encode("utf-8")

        def handler(h: BaseHTTPRequestHandler, data: bytes = data) -> None:
            respond(h, 200, data, content_type="application/json")

        server.routes[f"/js/{n}/story.json"] = handler
        server.static(f"/js/{n}/index.html", SHELL)
        urls.append(server.url(f"/js/{n}/index.html"))
    return urls


def pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree(root: int) -> set[int]:
    """`root`, its descendants, and the browser processes it started (crash handlers are
    reparented to init, so they are found by the mark in their environment)."""
    parents: dict[int, int] = {}
    marked: set[int] = set()
    needle = f"{MARK}={root}-".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            parents[pid] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if needle in (entry / "environ").read_bytes():
                marked.add(pid)
        except (OSError, ValueError, IndexError):
            continue
    found = {root} | marked
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in found and pid not in found:
                found.add(pid)
                grew = True
    return found


def run(urls_file: Path, archive: Path, mode: str) -> dict[str, float]:
    report = archive.with_suffix(".jsonl")
    command = [
        sys.executable, "-m", "archiver", "import", str(urls_file), "--archive-dir",
        str(archive), "--browser", mode, "--ignore-robots", "--delay", "0", "--per-host", "8",
        "--concurrency", "8", "--quiet", "--report", str(report),
    ]  # fmt: skip
    peak = 0
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(pss_kib(pid) for pid in tree(proc.pid)))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    wall = time.monotonic() - started
    done.set()
    sampler.join()
    rows = [json.loads(line) for line in report.read_text().splitlines()]
    stored = [row["path"] for row in rows if row["status"] == "archived"]
    rendered = sum("\nrendered: browser\n" in Path(p).read_text() for p in stored)
    return {
        "exit": code,
        "wall_s": wall,
        "peak_pss_mib": peak / 1024,
        "stored": len(stored),
        "rendered": rendered,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args()
    results: dict[str, list[dict[str, float]]] = {"auto": [], "always": []}
    with tempfile.TemporaryDirectory() as tmp, Loopback() as server:
        work = Path(tmp)
        listed = work / "urls.txt"
        listed.write_text("\n".join(serve(server)) + "\n", encoding="utf-8")
        for n in range(args.rounds):
            for mode in ("auto", "always"):
                row = run(listed, work / f"{mode}-{n}", mode)
                results[mode].append(row)
                print(f"round {n + 1} {mode}: {row}", file=sys.stderr)
    summary = {
        mode: {
            key: statistics.median(row[key] for row in rows)
            for key in ("wall_s", "peak_pss_mib", "stored", "rendered")
        }
        for mode, rows in results.items()
    }
    ratio = statistics.median(
        a["wall_s"] / b["wall_s"] for a, b in zip(results["auto"], results["always"], strict=True)
    )
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; {args.rounds} rounds each")
    print("| mode | stored | rendered | wall (median) | peak PSS (median) |")
    print("| --- | --- | --- | --- | --- |")
    for mode, figures in summary.items():
        print(
            f"| {mode} | {figures['stored']:.0f} | {figures['rendered']:.0f} | "
            f"{figures['wall_s']:.1f} s | {figures['peak_pss_mib']:.0f} MiB |"
        )
    print(f"time ratio auto / always (median of rounds): {ratio:.2f}")
    if args.json:
        args.json.write_text(
            json.dumps({"summary": summary, "ratio": ratio, "rounds": results, "load": load})
        )


if __name__ == "__main__":
    main()
