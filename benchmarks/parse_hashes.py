"""Same-output check: a hash of every dev page's parse, in the forms the quality runs give it.

A change meant to move no page (a review, a refactor, a rule no dev page shows) is checked by
hashing every parse before and after it: the dev pages as served, with classes renamed, bare
with headings as blocks, bare with classes renamed, and the meta pages without their URL
(../shared/bench/dev: 6,120 parses, about three minutes). Each line is
`set<TAB>key<TAB>form<TAB>half<TAB>hash` of the headline, the writers, the date and the body
text.

    uv run python benchmarks/parse_hashes.py OUT [--against BEFORE] [--limit N]

With `--against`, it prints how many parses differ, by set, form and half, and the keys of
half a only (half b is counted, never shown: its pages are not looked at one by one).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from bare_pages import bare, plain_headings
from renamed_classes import renamed

from archiver import parse

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "bench" / "dev"

FORMS: dict[str, Callable[[bytes], bytes]] = {
    "served": lambda raw: raw,
    "renamed": renamed,
    "bare-headings": lambda raw: plain_headings(bare(raw)),
    "bare-renamed": lambda raw: renamed(bare(raw)),
}


def _half(key: str) -> str:
    return "ab"[hashlib.sha256(f"half:{key}".encode()).digest()[0] % 2]


def pages(data: Path) -> Iterator[tuple[str, str, Path, str | None]]:
    """(set, key, page file, URL) of every dev page, as score.py keys them."""
    body = json.loads((data / "body" / "ground-truth.json").read_text(encoding="utf-8"))
    for key, item in sorted(body.items()):
        yield "body", key, data / "body" / "html" / f"{key}.html.gz", item.get("url")
    meta = json.loads((data / "meta" / "gold.json").read_text(encoding="utf-8"))
    for url, item in sorted(meta.items()):
        yield "meta", url, data / "meta" / "html" / f"{item['file']}.gz", url
    dragnet = json.loads((data / "dragnet" / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(dragnet):
        yield "dragnet", key, data / "dragnet" / "html" / f"{key}.html.gz", None


def digest(html: bytes, url: str | None) -> str:
    """A short hash of what the parse gives the scorer, or the error it raised."""
    try:
        article = parse(html, url=url)
    except Exception as error:  # a crash is a result to compare too
        return f"error:{type(error).__name__}"
    fields = [
        article.headline,
        [a.name for a in article.authors],
        str(article.published),
        article.text,
    ]
    return hashlib.sha256(json.dumps(fields).encode()).hexdigest()[:16]


def hashes(data: Path, limit: int | None) -> Iterator[str]:
    for n, (kind, key, path, url) in enumerate(pages(data)):
        if limit is not None and n >= limit:
            return
        raw = gzip.decompress(path.read_bytes())
        half = _half(key)
        for form, change in FORMS.items():
            yield f"{kind}\t{key}\t{form}\t{half}\t{digest(change(raw), url)}"
        if kind == "meta":
            yield f"{kind}\t{key}\tno-url\t{half}\t{digest(raw, None)}"


def compare(before: Path, after: Path) -> None:
    def read(path: Path) -> dict[tuple[str, str, str], tuple[str, str]]:
        rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines())
        return {(k, key, form): (half, h) for k, key, form, half, h in rows}

    old, new = read(before), read(after)
    moved = [(k, v[0]) for k, v in new.items() if k in old and old[k][1] != v[1]]
    counts = Counter((k[0], k[2], half) for k, half in moved)
    print(f"{len(moved)} of {len(new)} parses differ ({len(set(new) ^ set(old))} unmatched)")
    for (kind, form, half), n in sorted(counts.items()):
        print(f"  {kind:8s} {form:14s} half {half}: {n}")
    for (kind, key, form), half in sorted(moved):
        if half == "a":
            print(f"  half a: {kind} {key} ({form})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--against", type=Path, help="an earlier run's file to compare with")
    ap.add_argument("--data", type=Path, default=DEV)
    ap.add_argument("--limit", type=int, help="the first N pages only")
    args = ap.parse_args()
    if not (args.data / "meta").is_dir():
        sys.exit(f"Error: no benchmark data at {args.data}")
    args.out.write_text("".join(line + "\n" for line in hashes(args.data, args.limit)))
    if args.against is not None:
        compare(args.against, args.out)


if __name__ == "__main__":
    main()
