"""An archive made by `archiver import`, scored against a gold file of what each page's
article is: headline, writers, date and body, by group of pages.

A stand-in for sets of pages of other kinds than the benchmark corpora, measured as a user
meets them (through the real CLI): for instance pages that static site generators write with
their default blog themes, from made-up articles whose fields are known. The gold is a JSON
Lines file, one object per page:

    {"url": ..., "group": ..., "title": ..., "authors": [...], "date": "YYYY-MM-DD[THH:MM...]",
     "body": "the article's paragraphs, headings and list items, one a line"}

("generator" is read where "group" is missing.) A page is right on the headline when the
stored one is equal after Unicode and space folding, on the writers when the set of names is,
on the date when the day is, and on the time when the gold gives one and the stored date
shows the same hour and minute. body_f1 is ../shared/bench/score.py's body metric on the
stored body's text.

    uv run archiver import URLS --archive-dir ARCHIVE --delay 0 --per-host 8 --concurrency 8
    uv run python benchmarks/archive_vs_gold.py ARCHIVE GOLD.jsonl [--verbose]

It prints one JSON line a group and one for all pages.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml
from no_url import scorer  # this folder is the script's own, first on sys.path

from archiver.plaintext import markdown_to_text

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "dev"


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip().casefold()


def stored(archive: Path) -> dict[str, tuple[dict[str, Any], str]]:
    """Front matter and body of every current article file, by the URL it was asked for."""
    out: dict[str, tuple[dict[str, Any], str]] = {}
    for path in archive.rglob("*.md"):
        if ".archiver" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        _, front, body = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        capture = meta.get("capture") or {}
        url = capture.get("requested_url") or meta.get("source")
        if isinstance(url, str):
            out[url] = (meta, body)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive", type=Path)
    ap.add_argument("gold", type=Path)
    ap.add_argument("--verbose", action="store_true", help="print each page's misses")
    args = ap.parse_args()
    score = scorer(DEV)
    pages = stored(args.archive)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows: dict[str, list[Any]] = defaultdict(list)
    for line in args.gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        group = gold.get("group") or gold.get("generator") or "pages"
        for key in (group, "all"):
            counts[key]["pages"] += 1
        found = pages.get(gold["url"])
        if found is None:
            for key in (group, "all"):
                counts[key]["missing"] += 1
            if args.verbose:
                print(f"missing {gold['url']}")
            continue
        meta, body = found
        names = [a if isinstance(a, str) else a.get("name", "") for a in meta.get("authors") or []]
        shown = str(meta.get("date") or "")
        right = {
            "title": _fold(meta.get("title") or "") == _fold(gold["title"]),
            "authors": sorted(map(_fold, names)) == sorted(map(_fold, gold["authors"])),
            "date": shown[:10] == gold["date"][:10],
        }
        timed = "T" in gold["date"]
        if timed:
            right["time"] = shown[:16].replace(" ", "T") == gold["date"][:16]
        row = score.tp_fp_fn(gold["body"], markdown_to_text(body))
        for key in (group, "all"):
            for field, ok in right.items():
                counts[key][field] += ok
            counts[key]["timed"] += timed
            rows[key].append(row)
        if args.verbose and not all(right.values()):
            misses = [f for f, ok in right.items() if not ok]
            said = f"{meta.get('title')!r}, {names}, {shown}"
            print(f"{gold['url']}: {', '.join(misses)} (stored {said})")
    for key in sorted(counts, key=lambda k: (k == "all", k)):
        c = counts[key]
        f1 = score.zyte_f1(rows[key])[0] if rows[key] else 0.0
        print(
            json.dumps(
                {
                    "group": key,
                    "pages": c["pages"],
                    "missing": c["missing"],
                    "title": c["title"],
                    "authors": c["authors"],
                    "date": c["date"],
                    "time": f"{c['time']}/{c['timed']}",
                    "body_f1": round(f1, 4),
                }
            )
        )


if __name__ == "__main__":
    main()
