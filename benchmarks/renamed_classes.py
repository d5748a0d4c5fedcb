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

import hashlib
import re

# no_url.py lies in this folder, the script's own, first on sys.path.
from no_url import changed_pages_parser, run_on_changed_pages

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
    args = changed_pages_parser(__doc__.split("\n")[0]).parse_args()
    run_on_changed_pages(args, renamed, "classes renamed")


if __name__ == "__main__":
    main()
