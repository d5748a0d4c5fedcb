"""Lines of a page's text, read by their place rather than their names: an element that is a
line of its own (a block, or an inline element between breaks or blocks), and runs of prose
(text of a sentence's length outside links). The headline's candidates on a page that marks no
heading are such lines, and the story's prose is what follows its headline.
"""

from __future__ import annotations

from bs4 import Tag
from bs4.element import Comment, NavigableString, PageElement

from archiver.parse import headline_rules as rules
from archiver.parse.candidates import Collector, fold, node_text
from archiver.parse.datetext import date_spans


def own_line(node: Tag) -> bool:
    """Whether an emphasised element is a line of its own, between breaks or blocks (the
    headline of an old layout), rather than words stressed inside a sentence."""
    while (
        node.parent is not None
        and node.parent.name in rules.INLINE_WRAPPERS
        and all(blank(s) or s is node for s in node.parent.children)
    ):
        node = node.parent
    return _line_edge(node, "previous_sibling") and _line_edge(node, "next_sibling")


NOT_LINE = frozenset({"script", "style", "option", "button", "label", "noscript", "title"})
_LINE_INLINE = frozenset({"font", "b", "strong", "span", "i", "em", "u", "a"})
_LINE_BLOCKS = frozenset({"div", "td", "th", "p", "li", "dd", "dt", "center", "h4", "h5", "h6"})


def text_lines(c: Collector, longest: int) -> list[tuple[int, Tag]]:
    """Elements holding a line of text (a block, or an inline element or a link between
    breaks or blocks), at most about twice `longest` characters long, outside scripts and
    controls, with their order in the document."""
    body = c.doc.soup.body
    if body is None:
        return []
    out: list[tuple[int, Tag]] = []
    seen: set[int] = set()
    order: dict[int, int] = {}
    for string in body.strings:
        if isinstance(string, Comment) or len(string.strip()) < 2:
            continue
        node = string.parent
        while node is not None and node.name not in NOT_LINE and node is not body:
            if node.name in _LINE_BLOCKS or (node.name in _LINE_INLINE and own_line(node)):
                break
            node = node.parent
        if node is None or node is body or node.name in NOT_LINE or id(node) in seen:
            continue
        seen.add(id(node))
        if any(p.name in NOT_LINE for p in node.parents):
            continue
        text = node_text(node)
        if (
            not rules.MIN_TEXT_LINE_CHARS <= len(text) <= 2 * longest + rules.TEXT_LINE_SLACK
            or node.find(NOT_LINE) is not None
        ):
            continue
        # A row of links (tags, a trail) or a label before a link is no line of a headline.
        links = node.find_all("a", limit=2)
        if len(links) > 1 or (links and node_text(links[0]) != text):
            continue
        if not order:
            order = {id(el): i for i, el in enumerate(c.doc.soup.find_all(True), start=1)}
        out.append((order.get(id(node), 0), node))
        if len(out) >= rules.MAX_TEXT_LINES:
            break
    return out


def leads_prose(node: Tag) -> bool:
    """Whether a run of prose follows `node` within a few lines (a byline, a date between):
    the story under its headline, not a menu or a banner over more links."""
    lines = 0
    for string in node.find_all_next(string=True, limit=rules.MAX_LINES_TO_PROSE * 4):
        if isinstance(string, Comment) or not string.strip():
            continue
        if any(p is node for p in string.parents) or any(
            p.name in NOT_LINE for p in string.parents
        ):
            continue
        if prose_run(string):
            return True
        lines += 1
        if lines >= rules.MAX_LINES_TO_PROSE:
            break
    return False


def blank(el: object) -> bool:
    """Whitespace or a comment between elements."""
    return isinstance(el, NavigableString) and (isinstance(el, Comment) or not el.strip())


def _line_edge(node: Tag, side: str) -> bool:
    sibling = getattr(node, side)
    while sibling is not None and blank(sibling):
        sibling = getattr(sibling, side)
    return sibling is None or (isinstance(sibling, Tag) and sibling.name in rules.LINE_BREAKS)


_NOT_PROSE = frozenset({"a", "script", "style", "option", "button", "label", "noscript"})


def prose(block: Tag) -> int:
    """Characters of prose in `block`: runs of text of a sentence's length, not a link's.
    Read on the soup (the body's figures, density.prose_of, come later and count a block's
    own text after cleaning), and capped, since it is asked of every <h1>'s block."""
    total = 0
    for i, el in enumerate(block.strings):
        if i > rules.MAX_PROSE_STRINGS:
            break
        total += prose_run(el)
    return total


def prose_run(el: PageElement) -> int:
    """The characters of `el` when it is a run of prose (text of a sentence's length, not a
    link's, a script's or a control's), else 0."""
    if not isinstance(el, NavigableString) or isinstance(el, Comment):
        return 0
    if el.parent is None or el.parent.name in _NOT_PROSE:
        return 0
    text = el.strip()
    return len(text) if len(text) >= rules.MIN_PROSE_RUN else 0


def shown_headline(c: Collector, headline: str) -> Tag | None:
    """The element whose text is the headline, on a page that sets it in no heading (a bold
    line in a table cell): the byline and the dates nearest it are the story's, not a
    sidebar's above it. Of several, the first that is no item of a list (a list of recent
    posts or of teasers shows the headline too)."""
    body = c.doc.soup.body
    want = fold(headline)
    budget = rules.SHOWN_HEADLINE_CHARS
    first: Tag | None = None
    for string in body.strings if body is not None else ():
        budget -= len(string)
        if budget < 0:
            break
        if len(string) >= len(want) and fold(string) == want and isinstance(string.parent, Tag):
            if string.parent.find_parent("li") is None:
                return string.parent
            first = first or string.parent
    return first


def in_a_run(node: Tag) -> bool:
    """`node` is one of a run of like items: the block it alone fills (itself, or the
    wrappers around it) has a sibling holding an element of `node`'s name too (a carousel's
    slides, a list of teasers, headings set one after another)."""
    top = node
    while top.parent is not None and top.parent.name not in ("body", "html"):
        kids = [k for k in top.parent.children if isinstance(k, Tag)]
        if len(kids) != 1 or any(
            not isinstance(k, Tag) and str(k).strip() for k in top.parent.children
        ):
            break
        top = top.parent
    # A block is like any other block: a <div> marked as the headline is like one only
    # where its class marks that one too.
    cls = node.get("class") if node.name == "div" else None
    for step in ("previous_sibling", "next_sibling"):
        other = getattr(top, step)
        while other is not None and not isinstance(other, Tag) and not str(other).strip():
            other = getattr(other, step)
        if not isinstance(other, Tag):
            continue
        if cls:
            if other.get("class") == cls or other.find(node.name, class_=cls):
                return True
        elif other.name == node.name or other.find(node.name):
            return True
    return False


def prose_under(node: Tag, marks: set[int]) -> int:
    """Characters of prose after `node` up to the next of the elements whose ids are in
    `marks` (the next candidate line: what follows it is under it)."""
    around = {id(node), *(id(p) for p in node.parents)}
    total = 0
    for i, string in enumerate(node.find_all_next(string=True)):
        if i > rules.MAX_PROSE_STRINGS:
            break
        lineage = [id(p) for p in string.parents]
        if id(node) in lineage:
            continue  # its own text
        if any(p in marks and p not in around for p in lineage):
            break
        total += prose_run(string)
    return total


def heads_links(node: Tag) -> bool:
    """The first lines after `node` are links: it labels a list of them ("Top Stories" over
    a sidebar's teasers), it does not head a story."""
    seen = linked = 0
    for string in node.next_elements:  # a walk, not find_all_next's list of the whole rest
        if not isinstance(string, NavigableString) or not string.strip():
            continue
        if any(p is node for p in string.parents):
            continue
        seen += 1
        linked += string.find_parent("a") is not None
        if seen == 3:
            break
    return seen > 0 and linked * 2 > seen


def dated_line(text: str) -> bool:
    """A line that is a date and little else ("January 12, 2009", "Posted 3 May")."""
    spans = date_spans(text)
    return bool(spans) and sum(end - start for start, end, _value in spans) >= 0.5 * len(text)
