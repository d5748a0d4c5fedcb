"""Small questions about the soup that several field finders ask: which elements set words
within a line, the block a line is laid out in, an element's text in lines, the values of a
link's `rel`, and the elements under one named so, a row's cells."""

from __future__ import annotations

from typing import Any

from bs4 import Tag
from bs4.element import NavigableString

# Elements that set words within a line (HTML's phrasing elements, and the old ones pages
# still write): a line's block is the first ancestor not among them.
INLINE_TAGS = frozenset(
    {
        "a",
        "abbr",
        "acronym",
        "b",
        "bdi",
        "bdo",
        "big",
        "br",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "label",
        "mark",
        "nobr",
        "q",
        "rb",
        "ruby",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
    }
)


def line_block(node: Tag) -> Tag:
    """The element `node`'s line is laid out in: `node`, or its first ancestor that is not
    an inline element."""
    while node.name in INLINE_TAGS and node.parent is not None:
        node = node.parent
    return node


def lines_of(node: Tag) -> list[str]:
    """`node`'s text in lines: the strings of one block element (and the inline elements in
    it) make a line, a <br> ends one."""
    lines: list[str] = []
    block: Tag | None = None
    broken = False
    for string in node.descendants:
        if isinstance(string, Tag):
            broken = broken or string.name == "br"
            continue
        parent = string.parent
        text = string.strip() if type(string) is NavigableString else ""
        if parent is None or not text or parent.name in ("script", "style"):
            continue
        own = line_block(parent)
        if own is block and lines and not broken:
            lines[-1] += " " + text
        else:
            lines.append(text)
        block, broken = own, False
    return lines


def child_within(node: Tag, ancestor: Tag) -> Tag | None:
    """The child of `ancestor` that is or holds `node`; None when `ancestor` holds it not."""
    while node.parent is not None and node.parent is not ancestor:
        node = node.parent
    return node if node.parent is not None else None


def elements(
    root: Tag, name: str | None = None, has: str | None = None, limit: int = 0
) -> list[Tag]:
    """The elements under `root` in document order, all of them or those named `name`, with
    the attribute `has` if given, the first `limit` if given: what `root.find_all(name or
    True, limit=limit, **{has: True})` returns, without bs4's filter machinery, which costs
    more than the walk itself (a filter set up for each call, each element run through it)."""
    out: list[Tag] = []
    for el in root.descendants:
        if (
            isinstance(el, Tag)
            and (name is None or el.name == name)
            and (has is None or el.get(has) is not None)
        ):
            out.append(el)
            if len(out) == limit:
                break
    return out


def row_cells(row: Tag) -> list[Tag]:
    """A table row's own cells: `row.find_all(("td", "th"), recursive=False)`, without a
    filter set up for each row."""
    return [c for c in row.children if isinstance(c, Tag) and c.name in ("td", "th")]


def rels(value: Any) -> frozenset[str]:
    """The link types of a `rel` attribute's value (`tag.get("rel")`), casefolded: HTML
    reads them case-insensitively, so `rel="Author"` is `rel="author"`. The parser gives a
    list of the space-separated words; a plain string is split here the same way."""
    if value is None:
        return frozenset()
    words = value if isinstance(value, list) else str(value).split()
    return frozenset(str(w).casefold() for w in words)


__all__ = ["INLINE_TAGS", "child_within", "elements", "line_block", "rels", "row_cells"]
