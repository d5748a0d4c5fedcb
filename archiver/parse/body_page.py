"""The body finder's view of a page: one walk over the tree gathers, per element, its text,
link text, clause marks and paragraph counts (Stat, Page), and reads what its class/id names,
itemprop, role and visibility say (furniture, the article body, hidden). The other body_*
modules decide from these figures; body.py puts them together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import pairwise

from bs4.element import (
    NavigableString,
    PageElement,
    Tag,
)

from archiver.parse import rules
from archiver.parse.dom import INLINE_TAGS, elements
from archiver.parse.images import poster_source

_CLAUSE_MARKS = tuple(rules.CLAUSE_MARKS)
CAMEL = re.compile(r"([a-z])([A-Z])")
NON_WORD = re.compile(r"[^a-z0-9]+")
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|(?:left|top|text-indent)\s*:\s*-\d{3,}px",
    re.IGNORECASE,
)
MIN_PARAGRAPH = 25


class Stat:
    """Figures of one element, own text plus its descendants' (after cleaning)."""

    __slots__ = (
        "commas",
        "depth",
        "flagged",
        "icommas",
        "ilink",
        "in_link",
        "index",
        "inline",
        "itext",
        "link",
        "n_img",
        "n_li",
        "n_p",
        "parent",
        "protected",
        "removed",
        "score",
        "tag",
        "text",
        "weight",
    )

    def __init__(self, tag: Tag, parent: Stat | None) -> None:
        self.tag = tag
        self.parent = parent
        self.index = 0  # position in the document-order list of the page's elements
        self.depth: int = parent.depth + 1 if parent is not None else 0
        self.text = 0
        self.link = 0
        self.commas = 0
        self.itext = 0  # text not inside a nested block element
        self.ilink = 0
        self.icommas = 0
        self.n_p = 0
        self.n_img = 0
        self.n_li = 0
        self.score = 0.0
        self.weight = 0.0
        self.flagged = False
        self.protected = False
        self.removed = False
        href = tag.get("href") if tag.name == "a" else None
        self.in_link: bool = (tag.name == "a" and not in_page(str(href or ""))) or (
            parent is not None and parent.in_link
        )
        self.inline = tag.name in INLINE_TAGS

    def link_density(self) -> float:
        return self.link / self.text if self.text else 0.0

    def furniture(self) -> bool:
        """Named or tagged as furniture or chrome, and holding no story the page marks."""
        return self.flagged and not self.protected

    def unlinked(self) -> int:
        """Characters of the element's text outside links, all of it (density.prose_of
        counts only its own text that reads as a paragraph)."""
        return self.text - self.link


def paragraphs_at_breaks(root: Tag) -> None:
    """In an element that sets its paragraphs apart by blank lines (two or more `<br>`,
    blank space between them) instead of `<p>`, as older pages and blogs' editors do, write
    each run of its inline content as a `<p>` of its own, in place: the runs between such
    breaks and between its block children (a rule, a picture's box). The finder counts
    paragraphs then, not one block whose share of links is the whole story's. (Mozilla's
    Readability takes the same step for the runs after each break.)"""
    parents: dict[int, Tag] = {}
    for br in elements(root, "br"):
        parent = br.parent
        if parent is None or parent.name in _KEEP_LINES or id(parent) in parents:
            continue
        after = _next_node(br.next_sibling)
        if isinstance(after, Tag) and after.name == "br":
            parents[id(parent)] = parent
    if not parents:
        return
    # Blocks of a kind the page repeats (replies, the entries of a list) keep their lines:
    # a reply's paragraphs counted one by one would outweigh the story beside them.
    kinds = {_kind(parent) for parent in parents.values() if parent.get("class")}
    seen: dict[tuple[str, str], int] = {}
    if kinds:
        for tag in elements(root):
            kind = _kind(tag)
            if kind in kinds:
                seen[kind] = seen.get(kind, 0) + 1
    # The innermost first: a <font> of paragraphs inside a cell that has blank lines of its
    # own is one block of the cell's, not a part of a run of its lines.
    for parent in sorted(parents.values(), key=_depth, reverse=True):
        if seen.get(_kind(parent), 0) < _REPEATED:
            _paragraphs(parent)


_REPEATED = 3
# The attribute of a paragraph written from a run of lines between blank lines.
BREAK_MADE = "data-lines"
# Elements whose lines stay as they are: a paragraph's (a picture's among them), code's, a
# heading's and a link's.
_KEEP_LINES = frozenset({"p", "pre", "code", "a", *rules.HEADING_TAGS})


def _depth(tag: Tag) -> int:
    return sum(1 for _ in tag.parents)


def _kind(tag: Tag) -> tuple[str, str]:
    value = tag.get("class")
    return tag.name, " ".join(value) if isinstance(value, list) else str(value or "")


def _paragraphs(parent: Tag) -> None:
    children = list(parent.contents)
    out: list[PageElement | tuple[Tag, list[PageElement]]] = []
    run: list[PageElement] = []

    def close() -> None:
        tail: list[PageElement] = []
        while run and (_blank(run[-1]) or _is_br(run[-1])):
            tail.append(run.pop())
        if any(not _blank(node) for node in run):
            out.append((Tag(name="p", attrs={BREAK_MADE: ""}), list(run)))
        else:
            out.extend(run)
        out.extend(reversed(tail))
        run.clear()

    i = 0
    while i < len(children):
        node = children[i]
        if _is_br(node):
            j = i + 1
            while j < len(children) and _blank(children[j]):
                j += 1
            if j == len(children) or not _is_br(children[j]):
                run.append(node)  # a line break within the paragraph
                i += 1
                continue
            while j < len(children) and (_blank(children[j]) or _is_br(children[j])):
                j += 1
            close()  # the blank lines: the paragraphs' bounds say it now
            i = j
            continue
        if isinstance(node, Tag) and node.name not in INLINE_TAGS:
            close()
            out.append(node)
        else:
            run.append(node)
        i += 1
    close()
    # Taken out first to last and put back in one pass: bs4 finds a child's place by a scan
    # of its parent's children, so moving them one by one in place costs the square of
    # their number (a page of thousands of lines).
    for node in children:
        node.extract()
    for item in out:
        if isinstance(item, tuple):
            paragraph, nodes = item
            parent.append(paragraph)
            for node in nodes:
                paragraph.append(node)
        else:
            parent.append(item)
    if parent.name in INLINE_TAGS:
        parent.name = "div"  # (a <font> of paragraphs is laid out as a block)


def _blank(node: PageElement) -> bool:
    """Blank text, or a string that is no text (a comment)."""
    return isinstance(node, NavigableString) and (
        node.__class__ is not NavigableString or not node.strip()
    )


def _is_br(node: PageElement) -> bool:
    return isinstance(node, Tag) and node.name == "br"


def _next_node(node: PageElement | None) -> PageElement | None:
    """`node`, or the first sibling after it that is not blank text."""
    while node is not None and _blank(node):
        node = node.next_sibling
    return node


def folded_text(text: str) -> str:
    """`text` with its runs of white space as one space, case folded: a line compared with
    the headline, or with another line."""
    return " ".join(text.split()).casefold()


def in_page(href: str) -> bool:
    """True for a link to a place on the same page (a heading's anchor, a footnote, a table of
    contents): it leads nowhere else, so its text is the page's own, not a menu's, and an
    article stored without the page's anchors has nowhere to send it."""
    return href.startswith("#") and len(href) > 1


def _is_body_name(words: tuple[str, ...]) -> bool:
    if any(w in rules.BODY_CLASS_WORDS for w in words):
        return True
    return any(pair in rules.BODY_CLASS_PAIRS for pair in pairwise(words))


def _body_end(words: tuple[str, ...]) -> int:
    """Index just past the last word that names the article body in `words`."""
    end = 0
    for i, word in enumerate(words):
        pair = (words[i - 1], word) if i else None
        if word in rules.BODY_CLASS_WORDS or pair in rules.BODY_CLASS_PAIRS:
            end = i + 1
    return end


def _is_boilerplate_name(words: tuple[str, ...]) -> bool:
    if any(w in rules.BOILERPLATE_WORDS for w in words):
        return True
    return any(pair in rules.BOILERPLATE_PAIRS for pair in pairwise(words))


def _hints(tag: Tag) -> tuple[float, bool, bool]:
    """(class weight, names mark furniture, names mark the article body)."""
    attrs = tag.attrs
    if not attrs:
        return 0.0, False, False
    value = ""
    cls = attrs.get("class")
    if cls:
        value = " ".join(cls) if isinstance(cls, list) else str(cls)
    ident = attrs.get("id")
    if ident:
        value = f"{value} {ident}"
    prop = attrs.get("itemprop")
    if prop:
        prop = str(prop).lower()
        if prop == "articlebody":
            return 25.0, False, True
        if prop in rules.FURNITURE_ITEMPROPS:
            return -25.0, True, False
    role = attrs.get("role")
    if role and str(role).lower() in rules.FURNITURE_ROLES:
        return -25.0, True, False
    if not value:
        return 0.0, False, False
    return _classify(value)


@lru_cache(maxsize=65536)
def name_kind(name: str) -> int:
    """What one class/id name says: 2 article body, 1 furniture, 3 content-like, 0 nothing."""
    if not name.islower():
        name = CAMEL.sub(r"\1 \2", name).lower()
    words = tuple(w for w in NON_WORD.split(name) if w)
    if not words or words[0] in rules.STATE_PREFIXES:
        return 0
    if _is_body_name(words):
        # A part named under the body's block ("ArticleBody-related-coverage"): the words
        # after the block's name say what the part is.
        end = _body_end(words)
        part = words[end : end + 2]
        furniture = bool(part) and part[0] in rules.BOILERPLATE_WORDS
        return 1 if furniture or part in rules.BOILERPLATE_PAIRS else 2
    if _is_boilerplate_name(words):
        return 1
    if any(w in rules.CONTENT_WORDS for w in words):
        return 3
    return 0


@lru_cache(maxsize=16384)
def _classify(value: str) -> tuple[float, bool, bool]:
    names = value.split()
    kinds = {name_kind(name) for name in names}
    if 2 in kinds:
        return 25.0, False, True
    if 1 in kinds and not (3 in kinds and all(_taxonomy(n) for n in names if name_kind(n) == 1)):
        return -25.0, True, False
    if 3 in kinds:
        return 12.0, False, False
    return 0.0, False, False


def _taxonomy(name: str) -> bool:
    """A label naming the post's own category or tag ("category-news", "tag-storm"), as
    blogs print on the article element, beside its content names."""
    head, _, rest = name.lower().partition("-")
    return bool(rest) and head in rules.TAXONOMY_PREFIXES


def _hidden(tag: Tag) -> bool:
    attrs = tag.attrs
    if "hidden" in attrs:
        return True
    if attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return bool(style) and _HIDDEN_STYLE.search(str(style)) is not None


# A box around an embedded post holds little besides it (a caption, the post's link).
_EMBED_SHARE = 0.8


def _embedded(quote: Stat) -> None:
    """A post the story embeds (a social network's post as the reader sees it: a quotation
    and the link to it) is the story's quotation, in boxes whatever their names say
    ("article-widget", "social-post"): it and the boxes holding little but it are no
    furniture."""
    box: Stat | None = quote
    while box is not None and quote.text >= _EMBED_SHARE * box.text:
        name = box.tag.name
        if name in rules.CHROME_TAGS or name in rules.FURNITURE_TAGS:
            break  # an <aside>'s quotation is a pull quote: the story's words again
        if box.flagged:
            box.flagged = False
            box.weight = max(box.weight, 0.0)
        box = box.parent


class Page:
    """The walk's figures for one document, and the cleaning decisions made from them."""

    def __init__(self, root: Tag, keep_out: set[int]) -> None:
        self.root = root
        self.stats: dict[int, Stat] = {}
        self.order: list[Stat] = []
        # Where the walk met each kept-out node (headline, byline): its place in `order`;
        # body.py adds the element showing a headline set in no heading.
        self.marks: dict[int, int] = {}
        # Characters of prose in each element, by index (density.py), once computed.
        self.prose: list[int] = []
        self._walk(root, keep_out)

    def _walk(self, root: Tag, keep_out: set[int]) -> None:
        stats = self.stats
        order = self.order
        top = Stat(root, None)
        stats[id(root)] = top
        order.append(top)
        drop_tags = rules.DROP_TAGS
        # Quotations, for the posts a story embeds (_embedded), once the figures are summed.
        quotes = [top] if root.name == "blockquote" else []
        # Pre-order walk with an explicit stack: dropped subtrees are never entered, and deep
        # nesting costs no recursion.
        stack: list[tuple[object, Stat]] = [(c, top) for c in reversed(root.contents)]
        pop = stack.pop
        push = stack.extend
        while stack:
            node, parent = pop()
            cls = node.__class__
            if cls is NavigableString:
                text = str(node)
                n = len(text.strip())
                if not n:
                    continue
                commas = 0
                for mark in _CLAUSE_MARKS:
                    commas += text.count(mark)
                parent.text += n
                parent.itext += n
                parent.commas += commas
                parent.icommas += commas
                if parent.in_link:
                    parent.link += n
                    parent.ilink += n
                continue
            if cls is not Tag:
                continue
            tag: Tag = node  # type: ignore[assignment]
            name = tag.name
            if name in drop_tags or (tag.attrs and _hidden(tag)):
                if name == "video" and not _hidden(tag) and poster_source(tag):
                    parent.n_img += 1  # its poster is a picture of the story
                continue
            if id(tag) in keep_out:
                self.marks[id(tag)] = len(order)
                continue
            stat = Stat(tag, parent)
            stat.index = len(order)
            stats[id(tag)] = stat
            order.append(stat)
            weight, furniture, body = _hints(tag)
            stat.weight = weight
            stat.flagged = furniture or name in rules.CHROME_TAGS or name in rules.FURNITURE_TAGS
            if body:
                ancestor: Stat | None = stat
                while ancestor is not None and not ancestor.protected:
                    ancestor.protected = True
                    ancestor = ancestor.parent
            if name == "img":
                stat.n_img = 1
            elif name == "li":
                stat.n_li = 1
            elif name == "blockquote":
                quotes.append(stat)
            contents = tag.contents
            if contents:
                push([(c, stat) for c in reversed(contents)])
        for stat in reversed(order):
            # Children come before parents here, so a node's own figures are complete.
            if not stat.inline and stat.itext >= MIN_PARAGRAPH:
                stat.n_p += 1
            up = stat.parent
            if up is None:
                continue
            up.text += stat.text
            up.link += stat.link
            up.commas += stat.commas
            up.n_p += stat.n_p
            up.n_img += stat.n_img
            up.n_li += stat.n_li
            if stat.inline:
                up.itext += stat.itext
                up.ilink += stat.ilink
                up.icommas += stat.icommas
        for stat in quotes:
            if stat.link and stat.text > stat.link:
                _embedded(stat)

    def remove(self, stat: Stat) -> None:
        """Set `stat` aside and take its figures out of its ancestors'."""
        stat.removed = True
        child = stat
        ancestor = stat.parent
        inline_chain = stat.inline
        while ancestor is not None:
            ancestor.text -= stat.text
            ancestor.link -= stat.link
            ancestor.commas -= stat.commas
            ancestor.n_p -= stat.n_p
            ancestor.n_img -= stat.n_img
            ancestor.n_li -= stat.n_li
            if inline_chain:
                ancestor.itext -= stat.itext
                ancestor.ilink -= stat.ilink
                ancestor.icommas -= stat.icommas
                inline_chain = ancestor.inline
            child = ancestor
            ancestor = ancestor.parent
        del child

    def first_stat(self, tags: Iterable[Tag]) -> Stat | None:
        """The figures of the first of `tags` the walk counted (one kept out, or dropped,
        has none): the block holding an inline element or one kept out."""
        return next((self.stats[id(t)] for t in tags if id(t) in self.stats), None)

    def live(self, stat: Stat) -> bool:
        node: Stat | None = stat
        while node is not None:
            if node.removed:
                return False
            node = node.parent
        return True


def is_caption_name(tag: Tag, words: frozenset[str] = rules.CAPTION_WORDS) -> bool:
    if not tag.attrs:
        return False
    return any(name & words for name in name_words(tag))


def name_words(tag: Tag) -> list[frozenset[str]]:
    """The words of each class and id name of `tag`."""
    cls = tag.attrs.get("class")
    names = list(cls) if isinstance(cls, list) else str(cls or "").split()
    ident = tag.attrs.get("id")
    if ident:
        names.append(str(ident))
    return [_words_of(name) for name in names]


@lru_cache(maxsize=16384)
def _words_of(name: str) -> frozenset[str]:
    return frozenset(NON_WORD.split(CAMEL.sub(r"\1 \2", name).lower()))


def names_both(tag: Tag, first: frozenset[str], second: frozenset[str]) -> bool:
    """One class or id name of `tag` has a word of `first` and one of `second`."""
    return any(words & first and words & second for words in name_words(tag))


def subtree_end(page: Page, stat: Stat) -> int:
    """Index in `page.order` just past `stat`'s subtree."""
    order = page.order
    end = stat.index + 1
    while end < len(order) and order[end].depth > stat.depth:
        end += 1
    return end


def lineage(stat: Stat) -> Iterator[Stat]:
    """`stat`, then each of its ancestors outwards."""
    node: Stat | None = stat
    while node is not None:
        yield node
        node = node.parent


def is_ancestor(node: Stat, of: Stat) -> bool:
    up = of.parent
    while up is not None:
        if up is node:
            return True
        up = up.parent
    return False


def common_ancestor(a: Stat, b: Stat) -> Stat:
    """The innermost of `a` and its ancestors that is `b` or holds it."""
    seen: set[int] = set()
    node: Stat | None = a
    while node is not None:
        seen.add(id(node))
        node = node.parent
    node = b
    while node is not None and id(node) not in seen:
        node = node.parent
    return node if node is not None else a
