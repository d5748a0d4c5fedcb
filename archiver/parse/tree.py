"""Markup -> BeautifulSoup tree, built from lxml's own tree rather than through bs4's builder.

`BeautifulSoup(text, "lxml")` has libxml2 parse the page and calls back into Python for every
start tag, end tag and piece of text; the callbacks (namespace bookkeeping, attribute dicts
rebuilt key by key, a Tag set up field by field) were nearly half of the extractor's time.
Here libxml2 builds its tree in C (about a millisecond a page), and one walk over it makes
the same bs4 objects: each Tag is a copy of a template that bs4's own constructor made for
that tag name, with its attributes and its place in the tree filled in. The result is the
tree bs4 builds from the same parser, text for text (tests/test_parse_tree.py compares them);
only whitespace outside `<html>`, where a misplaced doctype sits, and the value of an attribute
written without one (`<input disabled>`: "disabled" here, "" there; the extractor asks only
whether such an attribute is present) may differ.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from bs4.element import (
    AttributeValueList,
    Comment,
    HTMLAttributeDict,
    NavigableString,
    PageElement,
    ProcessingInstruction,
    Tag,
)
from lxml import etree  # type: ignore[import-untyped]  # no stubs in the stack

from archiver.parse.repair import close_paragraphs

# The ASCII whitespace bs4 collapses a blank text node over (BeautifulSoup.ASCII_SPACES).
_SPACES = "\x20\x0a\x09\x0c\x0d"


class _Builder:
    """One tree walk: appends bs4 nodes in document order, linking them as bs4's parser does."""

    def __init__(self, soup: BeautifulSoup) -> None:
        self.soup = soup
        builder = soup.builder
        self.builder = builder
        self.containers: dict[str, type[NavigableString]] = dict(builder.string_containers)
        self.preserve = set(builder.preserve_whitespace_tags or ())
        lists = builder.cdata_list_attributes or {}
        self.universal = tuple(lists.get("*", ()))
        self.per_tag = {name: (*self.universal, *v) for name, v in lists.items() if name != "*"}
        self.templates: dict[str, dict[str, Any]] = {}
        # As in bs4's own tree, the first node has no previous element (not the soup).
        self.last: PageElement | None = None

    def attrs(self, name: str, items: list[tuple[str, str]]) -> HTMLAttributeDict:
        attrs = HTMLAttributeDict(items)  # lxml gives str values: nothing to convert
        for key in self.per_tag.get(name, self.universal):
            value = attrs.get(key)
            if value is not None:
                dict.__setitem__(attrs, key, AttributeValueList(value.split()))
        return attrs

    def tag(self, name: str, items: list[tuple[str, str]]) -> Tag:
        attrs = self.attrs(name, items) if items else HTMLAttributeDict()
        if name == "meta":
            # bs4 rewrites a meta charset for output: its own constructor does that.
            return Tag(self.soup, self.builder, name, None, None, attrs)
        template = self.templates.get(name)
        if template is None:
            made = Tag(self.soup, self.builder, name, None, None, HTMLAttributeDict())
            template = self.templates[name] = dict(made.__dict__)
        node = Tag.__new__(Tag)
        node.__dict__.update(template)
        node.attrs = attrs
        node.contents = []
        return node

    def walk(self, top: Any) -> None:
        """Append `top` (an element, comment or PI at the document's top) and its subtree to
        the soup, then its tail: one loop, an explicit stack, every link set inline."""
        containers, preserve, make = self.containers, self.preserve, self.tag
        comment_kind, pi_kind = etree.Comment, etree.PI
        last = self.last
        # Frames: (children left, bs4 parent, string container, keep whitespace, element and
        # bs4 node whose tail goes to that parent once the children are done).
        stack: list[tuple[Any, Tag, str | None, bool, Any]] = [
            (iter((top,)), self.soup, None, False, None)
        ]
        while stack:
            children, parent, container, keep, _ = frame = stack[-1]
            el = next(children, None)
            pending: list[tuple[PageElement, Tag]] = []
            if el is None:
                stack.pop()
                done = frame[4]
                if done is not None and stack:
                    tail = done.tail
                    if tail:
                        outer = stack[-1]
                        pending.append((_string(tail, outer[2], outer[3], containers), outer[1]))
            else:
                name = el.tag
                if name is comment_kind:
                    pending.append((Comment(el.text or ""), parent))
                elif name is pi_kind:
                    pending.append((ProcessingInstruction(f"{el.target} {el.text or ''}"), parent))
                elif isinstance(name, str):
                    node = make(name, el.items())
                    pending.append((node, parent))
                    inner = name if name in containers else container
                    inner_keep = keep or name in preserve
                    text = el.text
                    if text:
                        pending.append((_string(text, inner, inner_keep, containers), node))
                    stack.append((iter(el), node, inner, inner_keep, el))
                    # the tail is added when this frame ends
                if name is comment_kind or name is pi_kind or not isinstance(name, str):
                    tail = el.tail
                    if tail:
                        pending.append((_string(tail, container, keep, containers), parent))
            for item, into in pending:
                item.parent = into
                item.previous_element = last
                if last is not None:
                    last.next_element = item
                item.next_element = None
                siblings = into.contents
                if siblings:
                    before = siblings[-1]
                    before.next_sibling = item
                    item.previous_sibling = before
                else:
                    item.previous_sibling = None
                item.next_sibling = None
                siblings.append(item)
                last = item
        self.last = last


def _string(
    data: str, container: str | None, keep: bool, containers: dict[str, type[NavigableString]]
) -> NavigableString:
    if not keep and not data.strip(_SPACES):
        data = "\n" if "\n" in data else " "
    kind = containers.get(container, NavigableString) if container else NavigableString
    return kind(data)


def build_soup(text: str, *, as_browsers: bool = True) -> BeautifulSoup:
    """The BeautifulSoup tree of `text` as bs4's lxml builder makes it, built faster; with
    `as_browsers`, its paragraphs closed where a browser closes them (repair.py)."""
    soup = BeautifulSoup("", "lxml")
    if text.startswith("\ufeff"):
        text = text[1:]
    # Depth and size are bounded before (bounds.py); libxml2's own depth limit (256) sits at
    # the same place and would drop the deepest text of a page bounds.py lets through.
    parser = etree.HTMLParser(recover=True, huge_tree=True)
    try:
        parser.feed(text)
        root = parser.close()
    except (etree.Error, ValueError):
        root = None  # no element at all (an empty or all-comment page)
    if root is None:
        return BeautifulSoup(text, "lxml")
    if as_browsers:
        close_paragraphs(root)
    build = _Builder(soup)
    for top in [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]:
        build.walk(top)
    return soup


__all__ = ["build_soup"]
