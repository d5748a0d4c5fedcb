"""Pictures found on real pages: parse every page of ../shared/bench/dev (offline, as
`archiver parse` does) and count the picture links of the stored Markdown, the pages that
show one picture twice, links with no host (a placeholder such as `src="//:0"` taken for a
picture) and `data:` pictures kept in the body.

    uv run python benchmarks/pictures_found.py [--data ../shared/bench/dev]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from archiver import parse

LINK = re.compile(r"!\[(?:\\.|[^\]\\])*\]\(([^)\s]*)")


def pages(data: Path) -> list[tuple[Path, str | None]]:
    """(gzipped page, its URL) of the three sets, as ../shared/bench/score.py reads them."""
    found: list[tuple[Path, str | None]] = []
    body = json.loads((data / "body" / "ground-truth.json").read_text(encoding="utf-8"))
    found += [(data / "body" / "html" / f"{k}.html.gz", v.get("url")) for k, v in body.items()]
    meta = json.loads((data / "meta" / "gold.json").read_text(encoding="utf-8"))
    found += [(data / "meta" / "html" / f"{v['file']}.gz", url) for url, v in meta.items()]
    dragnet = json.loads((data / "dragnet" / "ground-truth.json").read_text(encoding="utf-8"))
    found += [
        (data / "dragnet" / "html" / f"{k}.html.gz", v.get("url")) for k, v in dragnet.items()
    ]
    return [(path, url) for path, url in found if path.is_file()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    root = Path(__file__).resolve().parent.parent
    parser.add_argument("--data", type=Path, default=root.parent / "shared" / "bench" / "dev")
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    for path, url in pages(args.data):
        links = LINK.findall(parse(gzip.decompress(path.read_bytes()), url=url).body)
        counts["pages"] += 1
        counts["picture links"] += len(links)
        counts["pages showing a picture twice"] += len(links) != len(set(links))
        counts["links with no host"] += sum(
            1 for link in links if link.startswith("http") and not urlsplit(link).hostname
        )
        counts["data: pictures"] += sum(link.startswith("data:") for link in links)
    print("| measure | value |\n| --- | --- |")
    for name, value in counts.items():
        print(f"| {name} | {value:,} |")


if __name__ == "__main__":
    main()
