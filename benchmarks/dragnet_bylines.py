"""Writers on pages nobody tuned the author rules on: dragnet's pages whose gold opens with a
byline line.

dragnet's gold (../shared/bench/dev/dragnet) is the headline and the text of a news or blog
page of 2012, byline lines kept. Where one of the gold's first lines opens with a byline word
("By Ann Lee", "Posted by Ann Lee on July 24, 2012", "Written by: Ann Lee, 14 November
2010"), the name after the word (cut at the date, a comma or a separator) is taken as the
page's writer: a silver label, read from the gold alone, on about a third of the 939 pages. The
author rules were written against the meta set's pages, never these, so the agreement here
stands in for the held-out author figure. Each page is given as score.py gives it (its URL when
the gold has one, mostly none).

A page counts as right when the extractor names someone and every word of its names is a word
of the label, at least half of the label's words (the rule of score.py's byline figure). The
labels are not checked by hand: a reader's comment opening the gold, or a site named as the
writer, is a wrong label now and then, the same for every version compared, so the figure is
for comparing two versions (or two extractors) in one run, not a truth.

    uv run python benchmarks/dragnet_bylines.py [--half a|b] [--renamed] [--bare] [--misses]
        [--data ../shared/bench/dev]
    uv run --with trafilatura==2.3.1 python benchmarks/dragnet_bylines.py --extractor trafilatura

`--renamed` and `--bare` change each page as benchmarks/renamed_classes.py and
benchmarks/bare_pages.py do. It prints one JSON line: pages, byline_acc; `--misses` lists the
pages missed first.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path

from bare_pages import bare  # this folder is the script's own, first on sys.path
from no_url import scorer
from renamed_classes import renamed

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "dev"
# A gold line that is a byline: the byline word, the name, perhaps a date or a role after it.
BYLINE = re.compile(r"^\s*(?:posted by|written by|by|von|par|por)\s*:?\s+(.+)$", re.IGNORECASE)
# Where the name ends: a date's preposition, a separator, a comma, a number.
NAME_END = re.compile(r"\s+(?:on|at|-|–|—|\||/|•|·)\s+.*$|\s*[,|•·(].*$|\s+\d.*$", re.IGNORECASE)
# The first lines of the gold looked at (the headline is the first).
HEAD_LINES = 6
STOP_WORDS = {"by", "and", "von", "par", "por", "y", "und"}
TOKEN = re.compile(r"\w+")


def half_of(key: str) -> str:
    """score.py's half of a page."""
    return "ab"[hashlib.sha256(f"half:{key}".encode()).digest()[0] % 2]


def label(gold: str) -> str | None:
    """The writer a byline line among the gold's first lines names; None without one."""
    lines = [line.strip() for line in gold.splitlines() if line.strip()][:HEAD_LINES]
    for line in lines[1:]:
        match = BYLINE.match(line)
        if match is None:
            continue
        name = NAME_END.sub("", match.group(1)).strip(" .:")
        return name if 1 <= len(name.split()) <= 8 and len(name) <= 80 else None
    return None


def words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return {w for w in TOKEN.findall(folded) if w not in STOP_WORDS}


def agrees(names: list[str], gold: str) -> bool:
    said, wanted = words(" ".join(names)), words(gold)
    return bool(said) and said <= wanted and len(said) >= len(wanted) / 2


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extractor", default="project")
    ap.add_argument("--data", type=Path, default=DEV, help="the dev split (score.py's --data)")
    ap.add_argument("--half", choices=["a", "b"])
    ap.add_argument("--renamed", action="store_true")
    ap.add_argument("--bare", action="store_true")
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    run = getattr(scorer(args.data), "ad_" + args.extractor)()
    truth = json.loads((args.data / "dragnet" / "ground-truth.json").read_text())
    right = pages = 0
    for key, item in sorted(truth.items()):
        gold = label(item["articleBody"])
        if gold is None or (args.half and half_of(key) != args.half):
            continue
        html = gzip.decompress((args.data / "dragnet" / "html" / f"{key}.html.gz").read_bytes())
        if args.bare:
            html = bare(html)
        if args.renamed:
            html = renamed(html)
        try:
            names = [str(n) for n in run(html, item.get("url"))["authors"]]
        except Exception:  # a crash names no one, as in score.py
            names = []
        pages += 1
        if agrees(names, gold):
            right += 1
        elif args.misses:
            print(f"{key}\t{gold!r}\t{names!r}", file=sys.stderr)
    print(json.dumps({"pages": pages, "byline_acc": round(right / max(pages, 1), 4)}))


if __name__ == "__main__":
    main()
