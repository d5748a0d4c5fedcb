"""The dev pages with every class and id renamed: a stand-in for sites whose names no rule knows.

Held-out pages come from sites the word lists of the extractor have never seen, so their class
names ("story-body", "byline", "sidebar") are often ones no rule matches. This script runs
../shared/bench/score.py's own scoring with each page's `class` and `id` values replaced by
meaningless tokens before the extractor sees it. The same name becomes the same token within a
page, so repetition and structure survive; tag names, `itemprop`, `rel`, `role` and structured
data (JSON-LD, meta tags) are left as they are, being standards rather than a site's choice.

    uv run python benchmarks/renamed_classes.py [--extractor project] [--half a|b]
        [--sets body,meta,dragnet] [--no-url] [--pages-out F]

A peer is scored the same way with `uv run --with trafilatura==2.3.1 python
benchmarks/renamed_classes.py --extractor trafilatura`. It prints score.py's JSON line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from no_url import run_scorer, scorer  # this folder is the script's own, first on sys.path

ROOT = Path(__file__).resolve().parent.parent
# A class or id attribute, its value quoted either way or bare.
ATTR = re.compile(rb"""(?<=[\s"'])(class|id)(\s*=\s*)("[^"]*"|'[^']*'|[^\s>"']+)""", re.IGNORECASE)


def _token(name: bytes) -> bytes:
    return b"n" + hashlib.sha1(name.lower()).hexdigest()[:8].encode()


def _rename(match: re.Match[bytes]) -> bytes:
    value = match.group(3)
    quote = value[:1] if value[:1] in (b'"', b"'") else b""
    inner = value[1:-1] if quote else value
    renamed = b" ".join(_token(word) for word in inner.split())
    return match.group(1) + match.group(2) + quote + renamed + quote


def renamed(html: bytes | str) -> bytes:
    """The page with each class and id value replaced by a token of its hash."""
    raw = html.encode("utf-8", "surrogateescape") if isinstance(html, str) else html
    return ATTR.sub(_rename, raw)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench" / "dev")
    ap.add_argument("--extractor", default="project")
    ap.add_argument("--half", choices=["a", "b"])
    ap.add_argument("--sets", default="body,meta,dragnet")
    ap.add_argument("--no-url", action="store_true", help="give the extractor no URL either")
    ap.add_argument("--pages-out", type=Path)
    args = ap.parse_args()
    if not (args.data / "meta").is_dir():
        raise SystemExit(f"Error: no benchmark data at {args.data}")
    score = scorer(args.data)
    if args.extractor not in score.ADAPTERS:
        raise SystemExit(f"Error: unknown extractor {args.extractor!r}")
    adapter = score.ADAPTERS[args.extractor]

    def on_renamed() -> Callable[[bytes, str | None], Any]:
        run = adapter()
        return lambda html, url: run(renamed(html), None if args.no_url else url)

    score.ADAPTERS[args.extractor] = on_renamed
    figures = run_scorer(score, args.extractor, args.data, args.sets, args.half, args.pages_out)
    label = f"{args.extractor}, classes renamed" + (", no URL" if args.no_url else "")
    figures["extractor"] = label
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
