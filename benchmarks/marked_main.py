"""Pages of another kind than news: documentation and reference pages whose <main> element
marks the content, scored against that element's text.

A stand-in for sets of pages that are not news stories (manuals, references, wikis). Any
folder of such pages serves, for instance a locally installed documentation set built with a
generator that writes <main> (mdBook, Sphinx themes). The gold is the text of <main> without
its <nav>, <script> and <style>; a page without <main> is skipped. Each extractor is scored
with ../shared/bench/score.py's body metric and adapters, the pages given without a URL.

    uv run python benchmarks/marked_main.py DIR [--extractor project] [--sample 80] [--seed 7]
    uv run --with trafilatura==2.3.1 python benchmarks/marked_main.py DIR --extractor trafilatura

It prints one JSON line: pages, body_f1, body_precision, body_recall.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from bs4 import BeautifulSoup
from no_url import scorer  # this folder is the script's own, first on sys.path

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "dev"


def gold_text(html: bytes) -> str | None:
    """The text of the page's <main>, without its navigation; None when it has none."""
    main = BeautifulSoup(html, "lxml").find("main")
    if main is None:
        return None
    for tag in main.find_all(["nav", "script", "style"]):
        tag.decompose()
    return str(main.get_text(" "))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--extractor", default="project")
    ap.add_argument("--sample", type=int, default=80, help="pages drawn (0: all)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    score = scorer(DEV)
    run = getattr(score, "ad_" + args.extractor)()
    files = sorted(p for p in args.folder.rglob("*.html") if p.is_file())
    if args.sample and len(files) > args.sample:
        files = random.Random(args.seed).sample(files, args.sample)
    rows = []
    for path in files:
        html = path.read_bytes()
        gold = gold_text(html)
        if gold is None or not gold.strip():
            continue
        try:
            text = run(html, None)["text"]
        except Exception:  # a crash scores empty, as in score.py
            text = ""
        rows.append(score.tp_fp_fn(gold, text))
    f1, precision, recall = score.zyte_f1(rows) if rows else (0.0, 0.0, 0.0)
    print(
        json.dumps(
            {
                "extractor": args.extractor,
                "pages": len(rows),
                "body_f1": round(f1, 4),
                "body_precision": round(precision, 4),
                "body_recall": round(recall, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
