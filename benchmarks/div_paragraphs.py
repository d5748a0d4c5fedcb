"""The dev pages with every paragraph written as a `<div>`: a stand-in for pages built of blocks
that say nothing of what they hold.

Many sites, built by script frameworks or page builders, write a story's paragraphs as `<div>`
elements, where the dev pages mostly write `<p>`. This script runs ../shared/bench/score.py's
own scoring with each page parsed (BeautifulSoup over lxml, as the extractor parses), every
`<p>` renamed `<div>` in the tree, and the page written back as UTF-8, before the extractor
sees it; renaming in the tree keeps the structure that an unclosed `<p>` implies. Class names,
headings, structured data and the text itself are left as they are. `--control` writes the
page back without renaming anything, to tell the renaming's effect from the round trip's.

    uv run python benchmarks/div_paragraphs.py [--extractor project] [--half a|b]
        [--sets body,meta,dragnet] [--no-url] [--control] [--pages-out F]

A peer is scored the same way with `uv run --with trafilatura==2.3.1 python
benchmarks/div_paragraphs.py --extractor trafilatura`. It prints score.py's JSON line.
"""

from __future__ import annotations

from bs4 import BeautifulSoup

# no_url.py lies in this folder, the script's own, first on sys.path.
from no_url import changed_pages_parser, run_on_changed_pages


def div_paragraphs(html: bytes | str, rename: bool = True) -> bytes:
    """The page with each `<p>` element written as a `<div>`, as UTF-8."""
    soup = BeautifulSoup(html, "lxml")
    if rename:
        for paragraph in soup.find_all("p"):
            paragraph.name = "div"
    return soup.encode("utf-8")


def main() -> None:
    ap = changed_pages_parser(__doc__.split("\n")[0])
    ap.add_argument("--control", action="store_true", help="write the page back, renaming nothing")
    args = ap.parse_args()
    if args.control:
        run_on_changed_pages(args, lambda html: div_paragraphs(html, False), "written back")
    else:
        run_on_changed_pages(args, div_paragraphs, "paragraphs as divs")


if __name__ == "__main__":
    main()
