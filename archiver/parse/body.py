"""Document -> the article's main content as Markdown (main-content detection on the soup).

One walk over the tree gathers text, link text, clause marks and paragraph counts per element;
page furniture is set aside by tag, visibility and class/id words (rules.py); prose blocks
score their ancestors; the best-scoring container and its kindred siblings are the body, which
markdown.py converts, leaving out what the cleaning here marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from bs4.element import (
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    ProcessingInstruction,
    Tag,
)

from archiver.parse import density, rules
from archiver.parse.document import Document
from archiver.parse.images import poster_source
from archiver.parse.markdown import escape_line_start, escape_text, to_markdown
from archiver.parse.metadata import Metadata
from archiver.plaintext import CAPTION_MARK, markdown_to_text


@dataclass
class Body:
    markdown: str = ""
    truncated: bool = False
    provenance: dict[str, str] = field(default_factory=dict)


_SKIP_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_CLAUSE_MARKS = tuple(rules.CLAUSE_MARKS)
_CAMEL = re.compile(r"([a-z])([A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|(?:left|top|text-indent)\s*:\s*-\d{3,}px",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_BARE_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)\S*$", re.IGNORECASE)
_INLINE_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "mark",
        "q",
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
        "br",
        "label",
        "img",
        "ruby",
        "rb",
        "big",
        "nobr",
        "acronym",
    }
)
# Elements whose own inline text is a paragraph of prose.
_PARAGRAPH_TAGS = frozenset(
    {"p", "pre", "td", "blockquote", "dd", "li", "div", "section", "article", "font", "span"}
)
_TAG_PRIOR = {
    "div": 5.0,
    "article": 8.0,
    "main": 5.0,
    "section": 3.0,
    "pre": 3.0,
    "td": 3.0,
    "blockquote": 3.0,
    "body": -5.0,
    "ol": -3.0,
    "ul": -3.0,
    "dl": -3.0,
    "li": -3.0,
    "h1": -5.0,
    "h2": -5.0,
    "h3": -5.0,
    "th": -5.0,
}
_CLEANABLE = frozenset({"div", "section", "ul", "ol", "dl", "table", "header", "footer", "figure"})
_MIN_PARAGRAPH = 25


class _Stat:
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

    def __init__(self, tag: Tag, parent: _Stat | None) -> None:
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
        self.in_link: bool = tag.name == "a" or (parent is not None and parent.in_link)
        self.inline = tag.name in _INLINE_TAGS

    def link_density(self) -> float:
        return self.link / self.text if self.text else 0.0


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
def _name_kind(name: str) -> int:
    """What one class/id name says: 2 article body, 1 furniture, 3 content-like, 0 nothing."""
    if not name.islower():
        name = _CAMEL.sub(r"\1 \2", name).lower()
    words = tuple(w for w in _NON_WORD.split(name) if w)
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
    kinds = {_name_kind(name) for name in names}
    if 2 in kinds:
        return 25.0, False, True
    if 1 in kinds and not (3 in kinds and all(_taxonomy(n) for n in names if _name_kind(n) == 1)):
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


class _Page:
    """The walk's figures for one document, and the cleaning decisions made from them."""

    def __init__(self, root: Tag, keep_out: set[int]) -> None:
        self.root = root
        self.stats: dict[int, _Stat] = {}
        self.order: list[_Stat] = []
        # Where the walk met each kept-out node (headline, byline): its place in `order`.
        self.marks: dict[int, int] = {}
        # Characters of prose in each element, by index (density.py), once computed.
        self.prose: list[int] = []
        self._walk(root, keep_out)

    def _walk(self, root: Tag, keep_out: set[int]) -> None:
        stats = self.stats
        order = self.order
        top = _Stat(root, None)
        stats[id(root)] = top
        order.append(top)
        drop_tags = rules.DROP_TAGS
        # Pre-order walk with an explicit stack: dropped subtrees are never entered, and deep
        # nesting costs no recursion.
        stack: list[tuple[object, _Stat]] = [(c, top) for c in reversed(root.contents)]
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
            stat = _Stat(tag, parent)
            stat.index = len(order)
            stats[id(tag)] = stat
            order.append(stat)
            weight, furniture, body = _hints(tag)
            stat.weight = weight
            stat.flagged = furniture or name in rules.CHROME_TAGS or name in rules.FURNITURE_TAGS
            if body:
                ancestor: _Stat | None = stat
                while ancestor is not None and not ancestor.protected:
                    ancestor.protected = True
                    ancestor = ancestor.parent
            if name == "img":
                stat.n_img = 1
            elif name == "li":
                stat.n_li = 1
            contents = tag.contents
            if contents:
                push([(c, stat) for c in reversed(contents)])
        for stat in reversed(order):
            # Children come before parents here, so a node's own figures are complete.
            if not stat.inline and stat.itext >= _MIN_PARAGRAPH:
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

    def remove(self, stat: _Stat) -> None:
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

    def live(self, stat: _Stat) -> bool:
        node: _Stat | None = stat
        while node is not None:
            if node.removed:
                return False
            node = node.parent
        return True


def _drop_furniture(page: _Page) -> None:
    """Set aside class/id-flagged furniture, unless it holds most of the page's text."""
    # Judged on text outside links: a furniture-named wrapper around the whole story (a
    # "slider" page frame) holds most of it; a related-links box does not.
    total = page.order[0].text - page.order[0].link
    layout = _layout_names(page, total)
    removed_ancestor: set[int] = set()
    for stat in page.order:
        parent = stat.parent
        if parent is not None and id(parent) in removed_ancestor:
            removed_ancestor.add(id(stat))
            continue
        if not stat.flagged or stat.protected:
            continue
        if stat.tag.name in rules.CHROME_TAGS:
            # header/footer: judged against the chosen container later, not here.
            continue
        if stat.text - stat.link > 0.5 * total:
            continue
        if layout:
            names = _furniture_names(stat)
            if names and names <= layout:
                # A page builder's block: judged as any block from here on.
                stat.flagged = False
                stat.weight = 0.0
                continue
        page.remove(stat)
        removed_ancestor.add(id(stat))


def _furniture_names(stat: _Stat) -> frozenset[str]:
    """The class/id names that flag `stat` as furniture; empty when its tag or role does."""
    tag = stat.tag
    if tag.name in rules.FURNITURE_TAGS or tag.name in rules.CHROME_TAGS:
        return frozenset()
    role = tag.attrs.get("role")
    if role and str(role).lower() in rules.FURNITURE_ROLES:
        return frozenset()
    cls = tag.attrs.get("class")
    names = list(cls) if isinstance(cls, list) else str(cls or "").split()
    ident = tag.attrs.get("id")
    if ident:
        names.append(str(ident))
    return frozenset(n for n in names if _name_kind(n) == 1)


@lru_cache(maxsize=4096)
def _builder_name(name: str) -> bool:
    words = _NON_WORD.split(_CAMEL.sub(r"\1 \2", name).lower())
    return any(w in rules.LAYOUT_WORDS for w in words)


def _may_be_builder(tag: Tag) -> bool:
    # A cheap look at the raw attribute values before they are split into words.
    attrs = tag.attrs
    cls = attrs.get("class")
    value = (" ".join(cls) if isinstance(cls, list) else str(cls or "")) + str(attrs.get("id", ""))
    value = value.lower()
    return any(word in value for word in rules.LAYOUT_WORDS)


def _layout_names(page: _Page, total: int) -> frozenset[str]:
    """Furniture-sounding names that a page builder puts on every block ("elementor-widget"):
    the blocks bearing one hold, together, most of the page's prose."""
    held: dict[str, int] = {}
    counted: dict[int, frozenset[str]] = {}
    for stat in page.order:
        if not stat.flagged or stat.protected or not _may_be_builder(stat.tag):
            continue
        names = frozenset(n for n in _furniture_names(stat) if _builder_name(n))
        if not names:
            continue
        counted[id(stat)] = names
        outer: set[str] = set()
        up = stat.parent
        while up is not None:
            outer |= counted.get(id(up), frozenset())
            up = up.parent
        for name in names - outer:
            held[name] = held.get(name, 0) + stat.text - stat.link
    return frozenset(name for name, text in held.items() if text > 0.5 * total)


def _score(page: _Page) -> None:
    for stat in page.order:
        if stat.removed or stat.inline:
            continue
        if stat.tag.name not in _PARAGRAPH_TAGS or stat.itext < _MIN_PARAGRAPH:
            continue
        if stat.parent is None or not page.live(stat):
            continue
        value = 1.0 + stat.icommas + min(stat.itext / 100.0, 3.0)
        if stat.itext:
            value *= 1.0 - stat.ilink / stat.itext
        ancestor: _Stat | None = stat.parent
        level = 0
        while ancestor is not None and level < 5:
            if ancestor.score == 0.0:
                ancestor.score = _TAG_PRIOR.get(ancestor.tag.name, 0.0) + ancestor.weight
            divider = 1.0 if level == 0 else (2.0 if level == 1 else level * 3.0)
            ancestor.score += value / divider
            ancestor = ancestor.parent
            level += 1


def _value(stat: _Stat) -> float:
    value = stat.score * (1.0 - stat.link_density())
    if stat.protected and stat.weight > 0:
        value *= 1.25
    return value


def _best(page: _Page, headline: Tag | None = None) -> _Stat | None:
    ranked = sorted(
        (s for s in page.order if s.score > 0 and not s.removed), key=_value, reverse=True
    )
    if not ranked:
        return None
    best = _story_after_headline(page, ranked[0], headline)
    # An article cut into parts (sections, ad breaks) scores as several close candidates:
    # their nearest common ancestor is the article. Two parts suffice when they share a class;
    # a part of the same kind as the best counts even when short, if the two are close.
    top = _value(best)
    best_class = best.tag.get("class")
    kind = (best.tag.name, best_class)
    rivals: list[tuple[_Stat, bool]] = []
    for rank, stat in enumerate(ranked):
        if stat is best:
            continue
        value = _value(stat)
        kindred = bool(best_class) and (stat.tag.name, stat.tag.get("class")) == kind
        if (rank < 10 and value >= 0.75 * top) or (kindred and value >= _PART_SHARE * top):
            rivals.append((stat, kindred))
        elif value < _PART_SHARE * top:
            break
    if not rivals:
        return best
    stories = _story_marks(page, headline)
    ancestors: dict[int, int] = {}
    node: _Stat | None = best.parent
    level = 0
    while node is not None:
        ancestors[id(node)] = level
        node = node.parent
        level += 1
    votes: dict[int, float] = {}
    for rival, kindred in rivals:
        node = rival.parent
        while node is not None and id(node) not in ancestors:
            node = node.parent
        if node is None or rival is node or _is_ancestor(rival, best):
            continue
        if _value(rival) < 0.75 * top and ancestors[id(node)] > _PART_LEVELS:
            continue
        low, high = sorted((rival.index, best.index))
        if any(low < mark < high for mark in stories):
            continue  # another story's headline lies between: not a part of this one
        votes[id(node)] = votes.get(id(node), 0.0) + (2.0 if kindred else 1.0)
    node = best.parent
    while node is not None and node.parent is not None:
        if votes.get(id(node), 0.0) >= 2.0:
            return node
        node = node.parent
    return best


_PART_SHARE = 0.15
_PART_LEVELS = 3


def _story_marks(page: _Page, headline: Tag | None) -> list[int]:
    """Places of the headings that look like the page's headline (another story's title)."""
    if headline is None:
        return []
    name = headline.name
    return [s.index for s in page.order if s.tag.name == name and not s.removed]


# Widening: a lead or intro paragraph often sits in a block next to the story's container
# (a header, a teaser box). Within a close ancestor that adds little text, prose paragraphs
# outside the chosen node join the body; short lines (dates, labels) and link lines do not.
_WIDEN_LEVELS = 4
_WIDEN_SHARE = 0.3
_WIDEN_PROSE = 80
_WIDEN_LINKS = 0.2
_DECK_MIN = 60
_LEAD_MIN = 60
_LEAD_MAX = 1200
_LEAD_PARAGRAPHS = 2


def _widen(best: _Stat) -> _Stat:
    """The highest close ancestor of `best` whose extra text is a small share of it."""
    chosen = best
    node = best.parent
    for _ in range(_WIDEN_LEVELS):
        if node is None or node.parent is None or node.removed:
            break
        if node.text - best.text > _WIDEN_SHARE * best.text:
            break
        if node.n_p > chosen.n_p:
            chosen = node
        node = node.parent
    return chosen


def _prose_leaf(stat: _Stat, top: _Stat) -> bool:
    if stat.tag.name in rules.HEADING_TAGS and (stat.tag.name == "h1" or stat.itext < _DECK_MIN):
        # A sentence set as a heading between the headline and the story is its standfirst;
        # a short one is a label.
        return False
    own = stat.itext - stat.ilink
    if own < _WIDEN_PROSE or stat.ilink > _WIDEN_LINKS * stat.itext:
        return False
    if _BARE_URL.match(stat.tag.get_text(strip=True)):
        return False
    node: _Stat | None = stat
    while node is not None and node is not top:
        if node.tag.name in rules.CAPTION_TAGS or _is_caption_name(node.tag):
            return False
        node = node.parent
    return True


def _is_caption_name(tag: Tag, words: frozenset[str] = rules.CAPTION_WORDS) -> bool:
    if not tag.attrs:
        return False
    return any(name & words for name in _name_words(tag))


def _with_neighbours(page: _Page, best: _Stat, containers: list[Tag], start: int = -1) -> list[Tag]:
    """`containers` plus the prose paragraphs of `best`'s close ancestor before them, from
    `start` (the headline's place) on."""
    top = _widen(best)
    if top is best:
        return containers
    inside = {id(c) for c in containers}
    first = page.stats[id(containers[0])].index
    before: list[Tag] = []
    seen: set[str] = set()
    for leaf in _leaves(page, [top.tag]):
        node: _Stat | None = leaf
        while node is not None and id(node.tag) not in inside and node is not top:
            node = node.parent
        if leaf.index > first:
            break
        if node is not top or leaf.index < start or not _prose_leaf(leaf, top):
            continue
        text = " ".join(leaf.tag.get_text(" ").split()).casefold()
        if text in seen:
            continue
        seen.add(text)
        before.append(leaf.tag)
    return [*before, *containers]


def _with_lead(page: _Page, containers: list[Tag], start: int) -> list[Tag]:
    """`containers` plus the story's lead or standfirst when the page names it (a block
    called intro, teaser, lead, abstract...) between the headline and the story."""
    if start < 0:
        return containers
    first = page.stats[id(containers[0])].index
    for stat in page.order[start:first]:
        if stat.removed or stat.inline or not stat.tag.attrs or stat.n_img:
            continue  # a lead picture is no standfirst
        if not _lead_name(stat.tag):
            continue
        if not (_LEAD_MIN <= stat.text <= _LEAD_MAX) or stat.link > _WIDEN_LINKS * stat.text:
            continue
        if _end(page, stat) > first:
            continue  # holds the story itself
        if stat.n_p > _LEAD_PARAGRAPHS or _repeated(stat.tag):
            continue  # a standfirst is a paragraph or two, not a list of teasers
        return [stat.tag, *containers]
    return containers


def _repeated(tag: Tag) -> bool:
    """A sibling of `tag` has its tag and class: `tag` is an item of a list (of teasers)."""
    parent = tag.parent
    if parent is None:
        return False
    kind = tag.get("class")
    return any(
        other is not tag
        and isinstance(other, Tag)
        and other.name == tag.name
        and other.get("class") == kind
        for other in parent.children
    )


def _name_words(tag: Tag) -> list[frozenset[str]]:
    """The words of each class and id name of `tag`."""
    cls = tag.attrs.get("class")
    names = list(cls) if isinstance(cls, list) else str(cls or "").split()
    ident = tag.attrs.get("id")
    if ident:
        names.append(str(ident))
    return [_words_of(name) for name in names]


@lru_cache(maxsize=16384)
def _words_of(name: str) -> frozenset[str]:
    return frozenset(_NON_WORD.split(_CAMEL.sub(r"\1 \2", name).lower()))


def _names_both(tag: Tag, first: frozenset[str], second: frozenset[str]) -> bool:
    """One class or id name of `tag` has a word of `first` and one of `second`."""
    return any(words & first and words & second for words in _name_words(tag))


def _lead_name(tag: Tag) -> bool:
    # "leadMediaCaption" captions the lead picture.
    return any(
        words & rules.LEAD_WORDS and not words & rules.CAPTION_BLOCK_WORDS
        for words in _name_words(tag)
    )


def _end(page: _Page, stat: _Stat) -> int:
    """Index in `page.order` just past `stat`'s subtree."""
    order = page.order
    end = stat.index + 1
    while end < len(order) and order[end].depth > stat.depth:
        end += 1
    return end


def _story_after_headline(page: _Page, best: _Stat, headline: Tag | None) -> _Stat:
    """On a page of several stories one after another (an endless scroll), each with its own
    headline and a container of the same kind, the story is the one under the page's
    headline, not the longest."""
    if headline is None or id(headline) not in page.marks:
        return best
    mark = page.marks[id(headline)]
    if mark >= best.index:
        return best
    kind = (best.tag.name, best.tag.get("class"))
    floor = 0.2 * _value(best)
    for stat in page.order[mark : best.index]:
        if stat.removed or stat.score <= 0 or (stat.tag.name, stat.tag.get("class")) != kind:
            continue
        if _value(stat) < floor or _is_ancestor(stat, best):
            continue
        end = _end(page, stat)
        if any(s.tag.name == headline.name for s in page.order[end : best.index]):
            return stat
        return best
    return best


def _is_ancestor(node: _Stat, of: _Stat) -> bool:
    up = of.parent
    while up is not None:
        if up is node:
            return True
        up = up.parent
    return False


def _siblings(page: _Page, best: _Stat, start: int = -1) -> list[Tag]:
    """The best container plus siblings that continue the article; none that ends before
    `start`, the headline's place (a ticker or a teaser above the headline is no part)."""
    parent = best.tag.parent
    if parent is None:
        return [best.tag]
    threshold = max(10.0, best.score * 0.2)
    classes = best.tag.get("class")
    chosen: list[Tag] = []
    for sibling in parent.children:
        if not isinstance(sibling, Tag):
            continue
        if sibling is best.tag:
            chosen.append(sibling)
            continue
        stat = page.stats.get(id(sibling))
        if stat is None or stat.removed or stat.text == 0:
            continue
        if stat.index < start and _end(page, stat) <= start:
            continue
        bonus = best.score * 0.2 if classes and sibling.get("class") == classes else 0.0
        density = stat.link_density()
        kindred = stat.score + bonus >= threshold and density < 0.5
        if kindred or (_prose_line(stat) and density < 0.25):
            chosen.append(sibling)
    return chosen


# A sibling block that is nearly all prose continues the story, across blocks that hold no
# prose (a picture, an advertisement, an empty wrapper) but not past one of other text.
_PART_PROSE = 0.8
_PART_MIN = 80
_PART_LINKS = 0.25


def _holds_paragraphs(page: _Page, best: _Stat) -> bool:
    """Most of `best`'s prose is its own text or in paragraphs that are its children."""
    own = density.prose_of(best) + sum(
        density.prose_of(stat)
        for stat in page.order[best.index + 1 : _end(page, best)]
        if stat.parent is best and not stat.removed
    )
    return own >= 0.5 * page.prose[best.index]


def _with_parts(page: _Page, best: _Stat, chosen: list[Tag], start: int) -> list[Tag]:
    """`chosen` plus the prose blocks before and after `best` among its siblings: the parts
    of a story split around a picture or an advertisement."""
    parent = best.tag.parent
    if parent is None or not page.prose or not _holds_paragraphs(page, best):
        return chosen  # a column of the layout, not a run of paragraphs: its neighbours too
    siblings = [c for c in parent.children if isinstance(c, Tag)]
    at = next((i for i, c in enumerate(siblings) if c is best.tag), -1)
    if at < 0:
        return chosen
    inside = {id(c) for c in chosen}
    for step in (-1, 1):
        i = at + step
        while 0 <= i < len(siblings):
            tag = siblings[i]
            i += step
            stat = page.stats.get(id(tag))
            if id(tag) in inside or stat is None or stat.removed:
                continue
            if step < 0 and stat.index < start:
                break
            end = _end(page, stat)
            if any(o.tag.name in rules.HEADING_TAGS for o in page.order[stat.index : end]):
                break  # a section of its own (an about box, another story), not a part
            prose = page.prose[stat.index]
            if not prose and stat.text - stat.link < _MIN_PARAGRAPH:
                continue  # an interruption: a picture, an ad's label, an empty block
            if (
                prose >= _PART_MIN
                and prose >= _PART_PROSE * stat.text
                and stat.link <= _PART_LINKS * stat.text
            ):
                inside.add(id(tag))
                continue
            break
    return [c for c in siblings if id(c) in inside]


def _prose_line(stat: _Stat) -> bool:
    """A paragraph of its own next to the story's container: a `p`, or a block holding only
    inline text that reads as a sentence."""
    if stat.tag.name == "p":
        return stat.text > 80
    if stat.tag.name not in ("div", "section") or stat.itext < 0.9 * stat.text:
        return False
    return stat.text >= _MIN_PARAGRAPH and _SENTENCE_END.search(stat.tag.get_text()) is not None


def _clean(page: _Page, containers: list[Tag], keep_out: set[int]) -> None:
    """Inside the body, set aside blocks that read as furniture: link lists, image walls..."""
    for container in containers:
        top = page.stats.get(id(container))
        if top is None:
            continue
        for node in container.descendants:
            if not isinstance(node, Tag):
                continue
            stat = page.stats.get(id(node))
            if stat is None or stat.removed or id(node) in keep_out:
                continue
            if not page.live(stat):
                continue
            if _furniture_block(stat, top):
                page.remove(stat)


def _furniture_block(stat: _Stat, top: _Stat) -> bool:
    name = stat.tag.name
    if name in rules.CHROME_TAGS:
        return stat.text < 0.5 * top.text
    if name not in _CLEANABLE or stat.protected:
        return False
    if stat.text == 0:
        return stat.n_img == 0
    if stat.commas >= 10:
        return False
    density = stat.link_density()
    is_list = name in ("ul", "ol")
    if stat.itext >= stat.text * 0.9 and not is_list and name != "table":
        # A block of inline content is a paragraph: one link-heavy line within the article's
        # flow stays (a "Related:" line); judged with its neighbours elsewhere.
        return False
    if stat.weight < 0:
        return True
    if not is_list and stat.n_li > stat.n_p * 2 + 2 and density > 0.3:
        return True
    if stat.text < _MIN_PARAGRAPH and stat.n_img == 0:
        return True
    if stat.weight < 25 and density > 0.33:
        return True
    return stat.weight >= 25 and density > 0.5


def _leaves(page: _Page, containers: list[Tag]) -> list[_Stat]:
    """The paragraphs and headings of the body, in reading order."""
    out: list[_Stat] = []
    for container in containers:
        top = page.stats.get(id(container))
        if top is None or top.removed:
            continue
        order = page.order
        i = top.index
        end = i + 1
        while end < len(order) and order[end].depth > top.depth:
            end += 1
        dead_depth = -1
        for stat in order[i:end]:
            if dead_depth >= 0 and stat.depth > dead_depth:
                continue
            dead_depth = -1
            if stat.removed:
                dead_depth = stat.depth
                continue
            if stat.inline or stat.text == 0:
                continue
            if stat.tag.name in rules.HEADING_TAGS or stat.itext >= 0.9 * stat.text:
                out.append(stat)
                dead_depth = stat.depth
    return out


def _link_runs(page: _Page, containers: list[Tag]) -> None:
    """Drop paragraphs made of a link when two or more come in a row, or end the body; drop
    headings that end it (a "Comments" or "Related" title whose list went)."""
    leaves = _leaves(page, containers)
    run: list[_Stat] = []
    for stat in [*leaves, None]:
        if stat is not None and stat.link_density() > _RUN_LINKS and not _in_prose_list(stat):
            run.append(stat)
            continue
        if len(run) >= 2:
            for r in run:
                page.remove(r)
        run = []
    leaves = [s for s in leaves if not s.removed]
    # A trailing link line ("Read more: ...") is furniture, not the story's last word.
    while leaves and (
        (leaves[-1].link_density() > 0.8 and not _in_prose_list(leaves[-1]))
        or leaves[-1].tag.name in rules.HEADING_TAGS
        or _label(leaves[-1])
    ):
        page.remove(leaves.pop())


_RUN_LINKS = 0.6


def _in_prose_list(stat: _Stat) -> bool:
    """An item of a list whose items mostly read as prose: a numbered digest where each item
    opens with a linked title is the story, where a list of links is not."""
    up = stat.parent
    if stat.tag.name != "li" or up is None or up.tag.name not in ("ul", "ol"):
        return False
    return up.link_density() <= _RUN_LINKS


# A line this short that ends no sentence is a label ("Contact:", "More on this"), a name
# or a credit: as the body's last block it belongs to what follows the story.
_MAX_LABEL = 40
_ITEM_TAGS = frozenset({"li", "td", "th", "dd", "dt"})
_SENTENCE_END = re.compile(r"[.!?…。！？:：\"”»')\]]\s*$")


def _label(stat: _Stat) -> bool:
    if stat.text >= _MAX_LABEL or stat.n_img or stat.tag.name in _ITEM_TAGS:
        return False
    if stat.tag.find("br") is not None:
        return False
    return _SENTENCE_END.search(stat.tag.get_text()) is None


# A headline or byline is a line or two; a node longer than this holds more than that
# (a dateline paragraph that opens the story, or the whole story).
_MAX_HEADLINE_CHARS = 400
_CAPTION_MAX = 600
_MAX_BYLINE_CHARS = 200


def _keep_out(meta: Metadata) -> set[int]:
    limits = [(meta.headline_node, _MAX_HEADLINE_CHARS)]
    limits.extend((node, _MAX_BYLINE_CHARS) for node in meta.byline_nodes)
    return {
        id(node)
        for node, limit in limits
        if node is not None and len(node.get_text(" ", strip=True)) <= limit
    }


def _text_tokens(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


# The chosen container against the second finder's (text density) and the story the page
# marks (itemprop=articleBody, a block matching JSON-LD articleBody): a choice holding less
# than this share of the main text's prose gives way to it.
_SMALL_SHARE = 0.1
_ANCHOR_MIN = 200
_ANCHOR_SHARE = 0.5
_MATCH_WORDS = 8


def _second_opinion(
    page: _Page, best: _Stat | None, article_body: str | None
) -> tuple[_Stat | None, str]:
    """`best`, or what replaces it: the story the page marks, the main text by density, or
    the whole page when nothing reads as prose (a short list directly in <body>)."""
    found, prose = density.main_text(page.order)
    page.prose = prose
    anchor = _anchor(page, article_body)
    if anchor is not None and prose[anchor.index] >= _ANCHOR_MIN:
        if best is None or best is anchor:
            return anchor, "marked"
        inside = _is_ancestor(best, anchor)
        if inside and prose[anchor.index] >= _ANCHOR_SHARE * prose[best.index]:
            return anchor, "marked"  # a gallery or teasers beside the story joined it
        outside = not inside and not _is_ancestor(anchor, best)
        if outside and prose[anchor.index] >= _ANCHOR_SHARE * prose[best.index]:
            return anchor, "marked"
    if best is None:
        # Nothing reads as a paragraph of an article (a short list directly in <body>): the
        # page's text is what there is; whether it is an article is the archive step's call.
        root = page.order[0]
        return (root, "page") if root.text > 0 else (None, "")
    if found is not None:
        node: _Stat = found.node  # type: ignore[assignment]
        if _is_ancestor(node, best) or node is best:
            # The main text holds the choice: the most prose elsewhere is what to compare.
            other = density.main_text(page.order, outside=best)[0]
            node = other.node if other is not None else best  # type: ignore[assignment]
        small = prose[best.index] < _SMALL_SHARE * prose[node.index]
        if node is not best and small and not _is_ancestor(best, node):
            return node, "density"
    return best, ""


def _anchor(page: _Page, article_body: str | None) -> _Stat | None:
    """The element the page itself marks as its story: itemprop=articleBody, else the
    nearest element holding both the opening and the close of JSON-LD's articleBody."""
    marked = [
        s
        for s in page.order
        if s.tag.attrs
        and str(s.tag.attrs.get("itemprop", "")).lower() == "articlebody"
        and page.live(s)
    ]
    if marked:
        return max(marked, key=lambda s: s.text)
    if not article_body:
        return None
    words = _WORD.findall(article_body.casefold())
    if len(words) < 2 * _MATCH_WORDS:
        return None
    opening = " ".join(words[:_MATCH_WORDS])
    closing = " ".join(words[-_MATCH_WORDS:])
    first: _Stat | None = None
    last: _Stat | None = None
    for stat in page.order:
        if stat.inline or stat.itext < max(_MIN_PARAGRAPH, 0.9 * stat.text) or stat.removed:
            continue  # only blocks of their own text: a paragraph, not what holds it
        text = " ".join(_WORD.findall(stat.tag.get_text(" ").casefold()))
        if first is None and opening in text:
            first = stat
        if closing in text:
            last = stat
    if first is None or last is None:
        return None
    return _common_ancestor(first, last)


def _common_ancestor(a: _Stat, b: _Stat) -> _Stat:
    seen: set[int] = set()
    node: _Stat | None = a
    while node is not None:
        seen.add(id(node))
        node = node.parent
    node = b
    while node is not None and id(node) not in seen:
        node = node.parent
    return node if node is not None else a


def extract_body(doc: Document, meta: Metadata) -> Body:
    """Find the article's main content in `doc` and return it as Markdown."""
    soup = doc.soup
    root = soup.body or soup.find("html") or soup
    if not isinstance(root, Tag):
        return Body()
    keep_out = _keep_out(meta)
    try:
        page = _Page(root, keep_out)
    except RecursionError:
        return Body(provenance={"body": "none"})
    _drop_furniture(page)
    _score(page)
    best = _best(page, meta.headline_node)
    best, how = _second_opinion(page, best, meta.jsonld_body)
    if best is None:
        return Body(provenance={"body": "none"})
    start = page.marks.get(id(meta.headline_node), -1) if meta.headline_node is not None else -1
    if start > _end(page, best):
        start = -1  # a headline below the story (broken markup): no bound
    if how == "page":
        containers = [best.tag]  # all there is
    elif how == "marked":
        # The page's own word, with the standfirst before it (no siblings: a gallery or
        # teasers beside the story are what the mark rules out).
        containers = _with_neighbours(page, best, [best.tag], start)
        containers = _with_lead(page, containers, start)
    else:
        parts = _siblings(page, best, start)
        parts = _with_parts(page, best, parts, start)
        containers = _with_neighbours(page, best, parts, start)
        containers = _with_lead(page, containers, start)
    _clean(page, containers, keep_out)
    _link_runs(page, containers)
    headline = " ".join(meta.headline.split()).casefold() if meta.headline else ""
    skipped: set[int] = set(keep_out)

    def skip(tag: Tag) -> bool:
        if id(tag) in skipped:
            return True
        stat = page.stats.get(id(tag))
        if stat is None or stat.removed:
            return True
        if headline and tag.name in rules.HEADING_TAGS:
            return " ".join(tag.get_text(" ").split()).casefold() == headline
        return False

    def caption(tag: Tag) -> bool:
        # A block named as a figure's caption or credit, short enough to be one; a heading
        # only when named for a picture's caption ("figure__caption", not a "caption-s5"
        # typography class on a standfirst).
        if tag.name in rules.HEADING_TAGS:
            if not _names_both(tag, rules.CAPTION_BLOCK_WORDS, rules.PICTURE_WORDS):
                return False
        elif not _is_caption_name(tag, rules.CAPTION_BLOCK_WORDS):
            return False
        stat = page.stats.get(id(tag))
        return stat is not None and stat.text <= _CAPTION_MAX

    markdown = to_markdown(containers, doc.base_url or doc.url, skip, caption)
    names = [a.name for a in meta.authors if " " in a.name.strip()]
    markdown = _without_trailing_calls(markdown, names)
    markdown = _without_closing_section(_without_closing_section(markdown))
    markdown = _with_credits_marked(markdown)
    checked = _checked_against_jsonld(markdown, meta.jsonld_body, doc.base_url or doc.url)
    if how and checked.provenance.get("body") == "content":
        checked.provenance["body"] = how
    return checked


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_BYLINE_LABEL = re.compile(rf"^(?:{_alternation(rules.BYLINE_LINE_LABELS)})\s*:", re.IGNORECASE)


def _is_byline_line(text: str) -> bool:
    """A short line naming the writer behind a label ("Autor: Jo Park", "Von: Jo Park")."""
    return len(text) <= rules.BYLINE_LINE_MAX and _BYLINE_LABEL.match(text) is not None


# Markup a block may add to its text: emphasis marks and escapes (links are counted apart).
_MARKUP_SLACK = 40


_TARGET = re.compile(r"\]\([^)\s]*\)")


def _visible(block: str) -> str:
    """`block` without its link targets: about as long as its text, and as worded."""
    return _TARGET.sub("]", block) if "](" in block else block


_MARKS = re.compile(r"!?\[|\]|\*|\\(?=\S)")


def _rough_text(block: str) -> str:
    """About the text of `block`, cheaply: link targets and markup marks dropped."""
    return _MARKS.sub("", _visible(block)).strip()


def _short_text(block: str, limit: int) -> str | None:
    """The text of `block` if it may be `limit` characters or fewer, else None; a long block
    is known to be long without converting it."""
    if len(_visible(block)) > limit + _MARKUP_SLACK:
        return None
    text = markdown_to_text(block, captions=True)
    return text if len(text) <= limit else None


_CLOSING_LABEL = re.compile(rf"(?:{_alternation(rules.CLOSING_LABELS)})\s*:?", re.IGNORECASE)


def _without_closing_section(markdown: str) -> str:
    """Without a short closing section under a "Kontakt" or "More information" label (run
    twice, one such section may follow another)."""
    blocks = markdown.split("\n\n")
    tail = 0
    for i in range(len(blocks) - 1, max(0, len(blocks) - rules.CLOSING_SECTION_BLOCKS), -1):
        text = _rough_text(blocks[i])
        if _CLOSING_LABEL.fullmatch(text.lstrip("#").strip()):
            return "\n\n".join(blocks[:i])
        tail += len(text)
        if tail > rules.CLOSING_SECTION_MAX:
            break
    return markdown


# The action opens a sentence: a call is in the imperative.
_CALL_ACTION = re.compile(
    rf"(?:^|[.!?…:]\s*)\W*(?:(?:{_alternation(rules.CALL_LEADS)})\s+)?"
    rf"(?:{_alternation(rules.CALL_ACTIONS)})\b",
    re.IGNORECASE,
)
_CALL_CHANNEL = re.compile(rf"\b(?:{_alternation(rules.CALL_CHANNELS)})\b", re.IGNORECASE)
_CALL_CLICK = re.compile(rf"\b(?:{_alternation(rules.CALL_CLICKS)})\b", re.IGNORECASE)
_MAX_CALLS = 3


def _is_call(text: str) -> bool:
    if len(text) > rules.CALL_MAX:
        return False
    if _CALL_CLICK.search(text):
        return True
    return bool(_CALL_ACTION.search(text)) and bool(_CALL_CHANNEL.search(text))


def _is_signature(text: str, authors: list[str]) -> bool:
    if _is_byline_line(text):
        return True
    # A note on the writer: opens with a name the byline gave, and is short.
    if len(text) > rules.AUTHOR_NOTE_MAX:
        return False
    opening = text[:80].casefold()
    return any(opening.startswith(name.casefold()) for name in authors)


def _without_trailing_calls(markdown: str, authors: list[str]) -> str:
    """Without the last paragraphs that ask the reader to follow, subscribe or get the app
    (with the store badges after them), that sign the story ("Von: Jo Park") or present its
    writer ("Jo Park is our science editor..."): the site speaking once the story has ended."""
    blocks = markdown.split("\n\n")
    end = len(blocks)
    calls = 0
    for i in range(len(blocks) - 1, 0, -1):
        block = blocks[i]
        if block.startswith(("#", "|", "```", "- ", ">")):
            break
        text = _short_text(block, max(rules.CALL_MAX, rules.AUTHOR_NOTE_MAX))
        if text is None:
            break
        if not text:
            continue  # a picture: goes with a call before it, stays otherwise
        if not (_is_call(text) or _is_signature(text, authors)):
            break
        end = i
        calls += 1
        if calls == _MAX_CALLS:
            break
    return markdown if end == len(blocks) else "\n\n".join(blocks[:end])


_PHOTO = _alternation(rules.CREDIT_PHOTO_WORDS)
_CREDIT = re.compile(
    # "... (Photo: AP)", "... (Image: GETTY)", "... (AP Photo/Name)", "... (Foto: dpa)"
    rf"\([^()]*\b(?:{_PHOTO}|{_alternation(rules.CREDIT_SOURCES)})\b[^()]*\)\W*$"
    # "Foto: Name", "Image illustrative : X", "© Name", "Bild via X" ("© 2019 Name" is the
    # text's copyright notice)
    rf"|^(?:(?:©|\(c\))(?!\s*\d{{4}})|(?:{_PHOTO})(?:\s+\w+)?\s*(?:[:/©|]|via\b))"
    # "Name, photo: Archives"
    rf"|[,.]\s*(?:{_PHOTO})\s*:\s*[^.:]{{2,80}}$",
    re.IGNORECASE,
)

# "Quelle: Landesregierung": where a picture or a figure came from (a longer one cites).
_SOURCE_LINE = re.compile(rf"(?:{_alternation(rules.SOURCE_LINE_WORDS)})\s*:", re.IGNORECASE)


def _is_credit(text: str) -> bool:
    return (len(text) <= rules.CREDIT_MAX and bool(_CREDIT.search(text))) or (
        len(text) <= rules.SOURCE_LINE_MAX and bool(_SOURCE_LINE.match(text))
    )


_LIST_ITEM = re.compile(r"\n(?=(?:[-+]|\d{1,9}[.)]) )")
_GALLERY_ITEM = re.compile(r"(?:[-+]|\d{1,9}[.)]) !\[")


def _with_credits_marked(markdown: str) -> str:
    """Paragraphs that caption or credit a picture by their words alone, and lists of
    pictures (a gallery), marked as captions like <figcaption>s: kept in the Markdown, out of
    the running text."""
    blocks = markdown.split("\n\n")
    in_fence = False
    for i, block in enumerate(blocks):
        if block.count("```") % 2:
            in_fence = not in_fence
            continue
        if in_fence or block.startswith(CAPTION_MARK):
            continue
        if _GALLERY_ITEM.match(block) and all(
            _GALLERY_ITEM.match(item) for item in _LIST_ITEM.split(block)
        ):
            # A list whose every item opens with a picture is a gallery: its text captions.
            blocks[i] = f"{CAPTION_MARK}\n{block}"
            continue
        first = block[:1]
        if not (first.isalnum() or first in "(©*"):
            continue
        if "\n" in block:
            continue
        visible = _visible(block)
        if len(visible) > rules.CREDIT_MAX + _MARKUP_SLACK:
            continue
        # A rough text first (markup marks dropped), the real one only for a likely credit.
        if _is_credit(_rough_text(block)) and _is_credit(markdown_to_text(block, captions=True)):
            blocks[i] = f"{CAPTION_MARK}\n{block}"
    return "\n\n".join(blocks)


# The page's JSON-LD articleBody against what the page shows. Much longer: the page serves a
# teaser (truncated). Several times longer and a story of its own: what the page shows is a
# fragment (a script-rendered story, a miss of the detection), and articleBody is the body.
_TRUNCATED_SHARE = 1.5
_FALLBACK_SHARE = 3.0
_FALLBACK_MIN = 500
_MARKUP = re.compile(r"<(?:p|br|div|h[1-6]|ul|ol|li|blockquote)\b[^>]*>", re.IGNORECASE)


def _checked_against_jsonld(markdown: str, article_body: str | None, base: str | None) -> Body:
    if not article_body:
        return Body(markdown=markdown, provenance={"body": "content"})
    shown = len(markdown_to_text(markdown)) if markdown else 0
    declared = len(" ".join(article_body.split()))
    if declared >= _FALLBACK_MIN and declared > _FALLBACK_SHARE * shown:
        fallback = _jsonld_markdown(article_body, base)
        if fallback:
            return Body(markdown=fallback, provenance={"body": "json-ld"})
    truncated = declared > _TRUNCATED_SHARE * max(shown, 1) + 200
    return Body(markdown=markdown, truncated=truncated, provenance={"body": "content"})


def _jsonld_markdown(article_body: str, base: str | None) -> str:
    """articleBody as Markdown: its HTML converted when it carries markup, else one
    paragraph per line."""
    if _MARKUP.search(article_body):
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(article_body, "lxml")
        root = soup.body or soup
        return to_markdown([root], base) if isinstance(root, Tag) else ""
    lines = (" ".join(line.split()) for line in article_body.splitlines())
    return "\n\n".join(escape_line_start(escape_text(line)) for line in lines if line)


__all__ = ["Body", "extract_body"]
