"""Bounds on the markup a tree is built from, applied before any other pass over it: a hostile
page (100,000 nested elements, 200,000 paragraphs, an endless comment) costs the parser no more
than a long article does (RELIABILITY 39).
"""

from __future__ import annotations

import re

# Deeper than any real page (news pages nest 20-60 levels); libxml2's own XML limit.
MAX_DEPTH = 256
# Four times the largest of 1,430 benchmark pages (10,000 once scripts are gone), so that a
# long reference page (a wiki article with its footnotes: 20,000-40,000) is read whole;
# extraction costs about 40 us of CPU an element, so the worst page stays near 1.7 s and
# 160 MB (benchmarks/hostile_parse.py).
MAX_ELEMENTS = 40_000

# Real pages' longest tags (inline pictures, props in data- attributes) stay under 250 KB.
MAX_TAG_CHARS = 1_000_000

# Elements with no content, and those whose end tag a parser implies (a <p> closes the <p>
# before it): neither makes the tree deeper.
# fmt: off
_FLAT = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen",
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rt", "rp",
))
# fmt: on
# Text up to the matching end tag is no markup: scanned past, never counted.
_RAW_TEXT = frozenset(("script", "style", "textarea", "title", "xmp", "plaintext", "noembed"))

# A tag's attributes run to its first ">" (greedy: no backtracking); one ending in "/" closes
# itself.
_TOKEN = re.compile(r"<(?:(!--)|(/?)([a-zA-Z][a-zA-Z0-9:-]*)([^<>]*)>)")


def bound_markup(html: str) -> tuple[str, bool]:
    """`html` within MAX_ELEMENTS elements and MAX_DEPTH levels, and whether it was cut."""
    bounded, cut, _ = bound_elements(html)
    return bounded, cut


def bound_elements(html: str) -> tuple[str, bool, bool]:
    """`bound_markup`, and whether the element bound cut off the page's end (what followed
    was never read: the article is truncated).

    Elements past the limit are cut off with everything after them; tags nested deeper than
    MAX_DEPTH, and tags longer than MAX_TAG_CHARS, are dropped and their text kept. A comment
    or a script that never ends is cut off where it starts: an HTML parser reads everything
    after it as its text anyway, and the later passes' patterns would scan to the end once
    for each of them.
    """
    pieces: list[str] = []
    kept = 0  # html[:kept] is decided
    depth = elements = 0
    cut = False
    pos = 0

    def drop(start: int, end: int) -> None:
        nonlocal kept, cut
        pieces.append(html[kept:start])
        kept = end
        cut = True

    # One scan: a match starting before `pos` lies inside a comment or a script passed over
    # (it ends at the first ">" after its start, so never past `pos`).
    for match in _TOKEN.finditer(html):
        if match.start() < pos:
            continue
        comment, closing, name, rest = match.groups()
        pos = match.end()
        if comment:
            end = html.find("-->", pos)
            if end < 0:
                return _joined(pieces, html[kept : match.start()]), True, False
            pos = end + 3
            continue
        if pos - match.start() > MAX_TAG_CHARS:
            drop(match.start(), pos)  # a tag of megabytes (an attribute, a srcset)
            continue
        name = name.lower()
        if closing:
            if name not in _FLAT:
                if depth > MAX_DEPTH:
                    drop(match.start(), pos)
                depth = max(0, depth - 1)
            continue
        deepens = not (rest.endswith("/") or name in _FLAT or name in _RAW_TEXT)
        if deepens and depth >= MAX_DEPTH:
            # Too deep: the tag goes (its text stays), and builds no element to count.
            depth += 1
            drop(match.start(), pos)
            continue
        elements += 1
        if elements > MAX_ELEMENTS:
            return _joined(pieces, html[kept : match.start()]), True, True
        if name == "plaintext":
            break  # all that follows is text
        if name in _RAW_TEXT:
            end = _raw_text_end(html, pos, name)
            if end < 0:
                return _joined(pieces, html[kept : match.start()]), True, False
            pos = end
            continue
        if deepens:
            depth += 1
    if not pieces:
        return html, cut, False
    return _joined(pieces, html[kept:]), cut, False


def _raw_text_end(html: str, pos: int, name: str) -> int:
    """Where the end tag of the raw-text element `name` opened before `pos` starts, or -1."""
    end = html.find("</", pos)
    while end >= 0 and html[end + 2 : end + 2 + len(name)].lower() != name:
        end = html.find("</", end + 2)
    return end


def _joined(pieces: list[str], rest: str) -> str:
    pieces.append(rest)
    return "".join(pieces)


__all__ = ["MAX_DEPTH", "MAX_ELEMENTS", "MAX_TAG_CHARS", "bound_elements", "bound_markup"]
