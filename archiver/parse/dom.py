"""Small questions about the soup that several field finders ask: which elements set words
within a line, the block a line is laid out in, and the values of a link's `rel`."""

from __future__ import annotations

from typing import Any

from bs4 import Tag

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


def child_within(node: Tag, ancestor: Tag) -> Tag | None:
    """The child of `ancestor` that is or holds `node`; None when `ancestor` holds it not."""
    while node.parent is not None and node.parent is not ancestor:
        node = node.parent
    return node if node.parent is not None else None


def rels(value: Any) -> frozenset[str]:
    """The link types of a `rel` attribute's value (`tag.get("rel")`), casefolded: HTML
    reads them case-insensitively, so `rel="Author"` is `rel="author"`. The parser gives a
    list of the space-separated words; a plain string is split here the same way."""
    if value is None:
        return frozenset()
    words = value if isinstance(value, list) else str(value).split()
    return frozenset(str(w).casefold() for w in words)


__all__ = ["INLINE_TAGS", "child_within", "line_block", "rels"]
