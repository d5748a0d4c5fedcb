"""Paragraphs closed where a browser closes them.

libxml2 closes an open `<p>` at a block's start tag only when the `<p>` is the element still
open; with an inline element open inside it (`<p><font size=2>text<p><font size=2>text`, the
markup of a generation of pages), it nests the block inside, and the page's paragraphs become
a staircase, each inside the one before. A browser (the HTML standard's "close a p element")
closes the paragraph first, so the reader sees a run of sibling paragraphs; the extractor,
judging containers by the blocks they hold, would see one story cut into steps and keep only
the deepest of them. Here each block the standard would have closed a paragraph for is moved,
with what follows it in that paragraph, to just after the paragraph.
"""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped]  # no stubs in the stack

# The start tags that close an open <p> (HTML standard, "in body" insertion mode; <table>
# does not in quirks mode, which is most pages that nest this way, so it is left out).
# fmt: off
_CLOSES_P = (
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
    "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "ul",
)
# fmt: on
# Elements a <p> is out of scope beyond (the standard's "button scope"), and a link: a
# block inside a link inside a paragraph stays (its text is the link's).
# fmt: off
_SCOPE = frozenset((
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button",
    "a",
))
# fmt: on
_NESTED = etree.XPath("//p//*[" + " or ".join(f"self::{name}" for name in _CLOSES_P) + "]")


def close_paragraphs(root: etree._Element) -> int:
    """Move each block that a browser would not have put inside its paragraph out of it, in
    document order; returns how many were moved."""
    moved = 0
    for block in _NESTED(root):
        paragraph = _open_paragraph(block)
        if paragraph is None:
            continue
        _move_after(block, paragraph)
        moved += 1
    return moved


def _open_paragraph(block: etree._Element) -> etree._Element | None:
    """The <p> still open where `block` starts, as a browser reads it, if any."""
    for above in block.iterancestors():
        name = above.tag
        if name == "p":
            return above
        if name in _SCOPE or not isinstance(name, str):
            return None
    return None


def _move_after(block: etree._Element, paragraph: etree._Element) -> None:
    """Move `block` and all that follows it inside `paragraph` to just after `paragraph`,
    text included, in order."""
    tail = paragraph.tail
    paragraph.tail = None
    anchor = paragraph
    node = block
    first = True
    while node is not paragraph:
        parent = node.getparent()
        following = list(node.itersiblings()) if not first else [node, *node.itersiblings()]
        if not first and node.tail:
            # The text after this wrapper's end comes after what was moved from inside it.
            _append_tail(anchor, node.tail)
            node.tail = None
        for item in following:
            anchor.addnext(item)  # its tail moves with it
            anchor = item
        first = False
        node = parent
    if tail and tail.strip():
        # The paragraph's end tag still ends a block where the text after it starts (a
        # browser makes an empty paragraph of a </p> with none open).
        end = etree.Element("p")
        anchor.addnext(end)
        anchor = end
    _append_tail(anchor, tail)


def _append_tail(node: etree._Element, text: str | None) -> None:
    if text:
        node.tail = (node.tail or "") + text


__all__ = ["close_paragraphs"]
