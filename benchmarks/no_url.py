"""The dev pages given without their URL: a stand-in for sets whose pages come with no address.

Runs ../shared/bench/score.py's own scoring with the project's extractor handed `url=None`
(body, meta and dragnet sets), and adds `byline_acc`: the meta pages that have a gold author,
scored by the scorer's rule for bylines of pages given without a URL (the predicted name words
are a subset of the gold byline's words, and at least half of them).

    uv run python benchmarks/no_url.py [--half a|b] [--sets body,meta,dragnet] [--pages-out F]

It prints one JSON line: score.py's figures, then byline_acc and byline_n.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import importlib.util
import io
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from archiver import parse

ROOT = Path(__file__).resolve().parent.parent
STOP = {"by", "and", "von", "par", "por", "y", "und"}
TOKEN = re.compile(r"\w+", re.UNICODE)


def scorer(data: Path) -> ModuleType:
    """../shared/bench/score.py, the scorer beside the split folder `data`, as a module."""
    path = data.parent / "score.py"
    spec = importlib.util.spec_from_file_location("bench_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"Error: no scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _norm(value: str | list[str]) -> str:
    text = "; ".join(value) if isinstance(value, list) else value
    text = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _in_half(key: str, half: str | None) -> bool:
    digest = hashlib.sha256(f"half:{key}".encode()).digest()[0]
    return half is None or "ab"[digest % 2] == half


def bylines(data: Path, half: str | None) -> tuple[int, int]:
    """(pages right, pages with a gold author) by the no-URL byline rule."""
    gold = json.loads((data / "meta" / "gold.json").read_text(encoding="utf-8"))
    right = total = 0
    for url, item in sorted(gold.items()):
        if not item.get("author") or not _in_half(url, half):
            continue
        raw = gzip.decompress((data / "meta" / "html" / f"{item['file']}.gz").read_bytes())
        names = [a.name for a in parse(raw, url=None).authors]
        want = {w for w in TOKEN.findall(_norm(item["author"])) if w not in STOP}
        got = {w for w in TOKEN.findall(_norm(names)) if w not in STOP}
        total += 1
        right += bool(got) and got <= want and len(got) >= len(want) / 2
    return right, total


def run_scorer(
    score: ModuleType,
    extractor: str,
    data: Path,
    sets: str,
    half: str | None,
    pages_out: Path | None,
) -> dict[str, Any]:
    """score.py's own main() with these arguments (its adapter table as the caller left it);
    its figures, the JSON line it prints."""
    argv = ["score.py", "--extractor", extractor, "--data", str(data), "--sets", sets]
    if half:
        argv += ["--half", half]
    if pages_out:
        argv += ["--pages-out", str(pages_out)]
    out = io.StringIO()
    saved, sys.argv = sys.argv, argv
    try:
        with contextlib.redirect_stdout(out):
            score.main()
    finally:
        sys.argv = saved
    figures: dict[str, Any] = json.loads(out.getvalue().strip().splitlines()[-1])
    return figures


def changed_pages_parser(description: str) -> argparse.ArgumentParser:
    """The arguments of a run that changes every page before the extractor sees it."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench" / "dev")
    ap.add_argument("--extractor", default="project")
    ap.add_argument("--half", choices=["a", "b"])
    ap.add_argument("--sets", default="body,meta,dragnet")
    ap.add_argument("--no-url", action="store_true", help="give the extractor no URL either")
    ap.add_argument("--pages-out", type=Path)
    return ap


def run_on_changed_pages(
    args: argparse.Namespace, change: Callable[[bytes], bytes], label: str
) -> None:
    """Print score.py's figures for `args.extractor` handed each page as `change` makes it
    (and no URL with `--no-url`), labelled `label`."""
    if not (args.data / "meta").is_dir():
        raise SystemExit(f"Error: no benchmark data at {args.data}")
    score = scorer(args.data)
    if args.extractor not in score.ADAPTERS:
        raise SystemExit(f"Error: unknown extractor {args.extractor!r}")
    adapter = score.ADAPTERS[args.extractor]

    def on_changed() -> Callable[[bytes, str | None], Any]:
        run = adapter()
        return lambda html, url: run(change(html), None if args.no_url else url)

    score.ADAPTERS[args.extractor] = on_changed
    figures = run_scorer(score, args.extractor, args.data, args.sets, args.half, args.pages_out)
    figures["extractor"] = f"{args.extractor}, {label}" + (", no URL" if args.no_url else "")
    print(json.dumps(figures))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench" / "dev")
    ap.add_argument("--half", choices=["a", "b"])
    ap.add_argument("--sets", default="body,meta,dragnet")
    ap.add_argument("--pages-out", type=Path)
    args = ap.parse_args()
    if not (args.data / "meta").is_dir():
        raise SystemExit(f"Error: no benchmark data at {args.data}")
    score = scorer(args.data)
    project = score.ad_project

    def without_url() -> Any:
        run = project()
        return lambda html, url: run(html, None)

    score.ADAPTERS["project"] = without_url
    figures = run_scorer(score, "project", args.data, args.sets, args.half, args.pages_out)
    figures["extractor"] = "project, no URL"
    if "meta" in args.sets.split(","):
        right, total = bylines(args.data, args.half)
        figures["byline_acc"] = round(right / max(1, total), 4)
        figures["byline_n"] = total
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
