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

    def link(self, node: PageElement, parent: Tag) -> None:
        node.parent = parent
        node.previous_element = self.last
        if self.last is not None:
            self.last.next_element = node
        node.next_element = None
        siblings = parent.contents
        if siblings:
            before = siblings[-1]
            before.next_sibling = node
            node.previous_sibling = before
        else:
            node.previous_sibling = None
        node.next_sibling = None
        siblings.append(node)
        self.last = node

    def text(self, data: str, parent: Tag, container: str | None, keep_space: bool) -> None:
        if not keep_space and not data.strip(_SPACES):
            data = "\n" if "\n" in data else " "
        kind = self.containers.get(container, NavigableString) if container else NavigableString
        self.link(kind(data), parent)

    def attrs(self, name: str, attrib: Any) -> HTMLAttributeDict:
        attrs = HTMLAttributeDict(attrib)  # lxml gives str values: nothing to convert
        if attrs:
            for key in self.per_tag.get(name, self.universal):
                value = attrs.get(key)
                if value is not None:
                    dict.__setitem__(attrs, key, AttributeValueList(value.split()))
        return attrs

    def tag(self, name: str, attrib: Any) -> Tag:
        attrs = self.attrs(name, attrib)
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

    def walk(self, el: Any, parent: Tag, container: str | None, keep_space: bool) -> None:
        name = el.tag
        if name is etree.Comment:
            self.link(Comment(el.text or ""), parent)
            return
        if name is etree.PI:
            self.link(ProcessingInstruction(f"{el.target} {el.text or ''}"), parent)
            return
        if not isinstance(name, str):  # an entity reference left unresolved
            return
        node = self.tag(name, el.attrib)
        self.link(node, parent)
        if name in self.containers:
            container = name
        if name in self.preserve:
            keep_space = True
        if el.text:
            self.text(el.text, node, container, keep_space)
        for child in el:
            self.walk(child, node, container, keep_space)
            if child.tail:
                self.text(child.tail, node, container, keep_space)


def build_soup(text: str) -> BeautifulSoup:
    """The BeautifulSoup tree of `text` as bs4's lxml builder makes it, built faster."""
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
    build = _Builder(soup)
    tops = [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]
    for top in tops:
        build.walk(top, soup, None, False)
        if top.tail:
            build.text(top.tail, soup, None, False)
    return soup


__all__ = ["build_soup"]
