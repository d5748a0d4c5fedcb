"""The dev pages as an older, simpler site would serve them: a stand-in for another era's news.

Pages of 2008 carry no structured data and no HTML5 elements: no JSON-LD, no Open Graph or other
meta tags, no microdata, and `<div>` where today's pages write `<article>`, `<main>`, `<header>`,
`<footer>`, `<nav>`, `<aside>`, `<section>`, `<figure>`; no `<time datetime>`. This script runs
../shared/bench/score.py's own scoring on the dev pages with all of that taken out before the
extractor sees them, so headline, byline, date and body have to come from the visible page. The
`<title>`, class and id names, tables and the text itself are left as they are.

    uv run python benchmarks/bare_pages.py [--extractor project] [--half a|b]
        [--sets body,meta,dragnet] [--no-url] [--renamed] [--plain-headings]
        [--break-paragraphs] [--pages-out F]

`--renamed` also renames every class and id (benchmarks/renamed_classes.py); `--plain-headings`
writes every `<h1>`-`<h6>` as a `<div>`, as a page laid out before headings were used for the
headline (a styled cell or block) serves it; `--break-paragraphs` writes each `<p>` as its text
followed by two `<br>`, as a page whose paragraphs are runs of text set apart by blank lines
(an older site's story cell, a blog editor's post) serves it. A peer is scored the
same way with `uv run --with trafilatura==2.3.1 python benchmarks/bare_pages.py --extractor
trafilatura`. It prints score.py's JSON line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# no_url.py lies in this folder, the script's own, first on sys.path.
from no_url import changed_pages_parser, run_on_changed_pages
from renamed_classes import renamed

FLAGS = re.IGNORECASE | re.DOTALL
JSON_LD = re.compile(rb"<script\b[^>]*application/ld\+json[^>]*>.*?</script\s*>", FLAGS)
META = re.compile(rb"<meta\b[^>]*>", FLAGS)
_VALUE = rb"""(\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?"""
_NAMES = rb"(itemprop|itemscope|itemtype|itemid|datetime)"
MICRODATA = re.compile(rb"(?<=[\s\"'])" + _NAMES + _VALUE, FLAGS)
HTML5_BLOCK = re.compile(
    rb"<(/?)(article|main|header|footer|nav|aside|section|figure|figcaption|hgroup)\b", FLAGS
)
TIME = re.compile(rb"<(/?)time\b", FLAGS)
HEADING = re.compile(rb"<(/?)h[1-6]\b", FLAGS)


def _meta(match: re.Match[bytes]) -> bytes:
    tag = match.group(0)
    return tag if b"charset" in tag.lower() else b""


def bare(html: bytes | str) -> bytes:
    """The page without structured data, meta tags, microdata and HTML5 elements."""
    raw = html.encode("utf-8", "surrogateescape") if isinstance(html, str) else html
    raw = JSON_LD.sub(b"", raw)
    raw = META.sub(_meta, raw)
    raw = MICRODATA.sub(b"", raw)
    raw = HTML5_BLOCK.sub(rb"<\1div", raw)
    return TIME.sub(rb"<\1span", raw)


PARAGRAPH_OPEN = re.compile(rb"<p\b[^>]*>", FLAGS)
PARAGRAPH_CLOSE = re.compile(rb"</p\s*>", FLAGS)


def break_paragraphs(html: bytes) -> bytes:
    """The page with its paragraphs written as runs of text between two `<br>`."""
    return PARAGRAPH_CLOSE.sub(b"<br><br>", PARAGRAPH_OPEN.sub(b"", html))


def plain_headings(html: bytes) -> bytes:
    """The page with its headings written as plain blocks."""
    return HEADING.sub(rb"<\1div", html)


def main() -> None:
    ap = changed_pages_parser(__doc__.split("\n")[0])
    ap.add_argument("--renamed", action="store_true", help="rename every class and id too")
    ap.add_argument("--plain-headings", action="store_true", help="write h1-h6 as <div>")
    ap.add_argument(
        "--break-paragraphs", action="store_true", help="write each <p> as text and two <br>"
    )
    args = ap.parse_args()
    changes: list[Callable[[bytes], bytes]] = [bare]
    label = "bare pages"
    if args.renamed:
        changes.append(renamed)
        label += ", classes renamed"
    if args.plain_headings:
        changes.append(plain_headings)
        label += ", headings as blocks"
    if args.break_paragraphs:
        changes.append(break_paragraphs)
        label += ", paragraphs as blank lines"

    def change(html: bytes) -> bytes:
        for step in changes:
            html = step(html)
        return html

    run_on_changed_pages(args, change, label)


if __name__ == "__main__":
    main()
