"""What joins the chosen container: kindred siblings, the parts of a story split around a
picture or an advertisement, lead paragraphs in a close ancestor, a standfirst the page names.
"""

from __future__ import annotations

import re

from bs4.element import Tag

from archiver.parse import density, image_rules, rules
from archiver.parse.body_clean import SENTENCE_END, body_leaves, drawn_under, is_icon
from archiver.parse.body_page import (
    MIN_PARAGRAPH,
    Page,
    Stat,
    folded_text,
    is_caption_name,
    name_words,
    subtree_end,
)
from archiver.parse.dom import row_cells

_BARE_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)\S*$", re.IGNORECASE)


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


def _widen(best: Stat) -> Stat:
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


def _prose_leaf(stat: Stat, top: Stat) -> bool:
    if stat.tag.name in rules.HEADING_TAGS and (stat.tag.name == "h1" or stat.itext < _DECK_MIN):
        # A sentence set as a heading between the headline and the story is its standfirst;
        # a short one is a label.
        return False
    # Prose as the density finder counts it, held to a longer paragraph with fewer links.
    if density.prose_of(stat) < _WIDEN_PROSE or stat.ilink > _WIDEN_LINKS * stat.itext:
        return False
    if _BARE_URL.match(stat.tag.get_text(strip=True)):
        return False
    node: Stat | None = stat
    while node is not None and node is not top:
        if node.tag.name in rules.CAPTION_TAGS or is_caption_name(node.tag):
            return False
        node = node.parent
    return True


def with_neighbours(page: Page, best: Stat, containers: list[Tag], start: int = -1) -> list[Tag]:
    """`containers` plus the prose paragraphs of `best`'s close ancestor before them, from
    `start` (the headline's place) on."""
    top = _widen(best)
    if top is best:
        return containers
    inside = {id(c) for c in containers}
    first = page.stats[id(containers[0])].index
    before: list[Tag] = []
    seen: set[str] = set()
    for leaf in body_leaves(page, [top.tag]):
        node: Stat | None = leaf
        while node is not None and id(node.tag) not in inside and node is not top:
            node = node.parent
        if leaf.index > first:
            break
        if node is not top or leaf.index < start or not _prose_leaf(leaf, top):
            continue
        text = folded_text(leaf.tag.get_text(" "))
        if text in seen:
            continue
        seen.add(text)
        before.append(leaf.tag)
    return [*before, *containers]


def with_lead(page: Page, containers: list[Tag], start: int) -> list[Tag]:
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
        if subtree_end(page, stat) > first:
            continue  # holds the story itself
        if stat.n_p > _LEAD_PARAGRAPHS or _repeated(stat.tag):
            continue  # a standfirst is a paragraph or two, not a list of teasers
        return [stat.tag, *containers]
    return containers


# A lead picture's block: its picture and a caption or credit, no more text than this.
_PICTURE_TEXT = 600


def with_lead_picture(page: Page, containers: list[Tag], start: int) -> list[Tag]:
    """`containers` plus the story's lead picture: the first picture after the headline and
    before the story (no icon), in the largest block around it that begins after the
    headline, ends before the story, holds that one picture and no text but a `<figure>`'s
    caption, few of it links (a teaser card's is a link to its story)."""
    if start < 0 or not containers or id(containers[0]) not in page.stats:
        return containers
    first = page.stats[id(containers[0])].index
    for stat in page.order[start:first]:
        if stat.tag.name != "img" or not page.live(stat) or is_icon(stat.tag):
            continue
        thumbnail = drawn_under(stat.tag, _LEAD_PICTURE_WIDTH, ("width",))
        if thumbnail or _links_away(stat.tag) or stat.tag.get("onclick"):
            continue  # a thumbnail, a button (a link away, a script's), a teaser's picture
        block: Stat | None = None
        node: Stat | None = stat
        while (
            node is not None
            and node.index >= start
            and subtree_end(page, node) <= first
            and node.n_img == 1
            and node.text <= _PICTURE_TEXT
            and not node.furniture()
        ):
            if not node.inline and (node.text == 0 or node.tag.name == "figure"):
                block = node
            node = node.parent
        if block is None or block.link > 0.5 * block.text:
            return containers
        return [block.tag, *containers]
    return containers


# A lead picture is drawn at least this wide when its width is given; a narrower one is a
# thumbnail (a teaser's, one floated in another block).
_LEAD_PICTURE_WIDTH = 200


def _links_away(img: Tag) -> bool:
    """`img` is held in a link to another page: a button (share, print, the previous
    post) or a teaser; a link to the picture's own file (its full size) is none."""
    link = img.find_parent("a", href=True)
    if link is None:
        return False
    href = str(link["href"]).strip().split("#", 1)[0].split("?", 1)[0]
    return bool(href) and not href.lower().endswith(image_rules.PICTURE_FILE_ENDINGS)


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


def _lead_name(tag: Tag) -> bool:
    # "leadMediaCaption" captions the lead picture.
    return any(
        words & rules.LEAD_WORDS and not words & rules.CAPTION_BLOCK_WORDS
        for words in name_words(tag)
    )


def prose_siblings(page: Page, best: Stat, start: int = -1) -> list[Tag]:
    """The best container plus the sibling paragraphs beside it (a `p`, or a block of inline
    text reading as a sentence); none that ends before `start`, the headline's place (a
    ticker or a teaser above the headline is no part). A sibling block that merely scores
    like the story (a box of teasers, another article) does not join: joined, it cost the
    unseen dragnet pages more than it gained on dev (docs/benchmarks.md, ablation)."""
    parent = best.tag.parent
    if parent is None:
        return [best.tag]
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
        if stat.index < start and subtree_end(page, stat) <= start:
            continue
        if _prose_line(stat) and stat.link_density() < 0.25:
            chosen.append(sibling)
    return chosen


# A sibling block that is nearly all prose continues the story, across blocks that hold no
# prose (a picture, an advertisement, an empty wrapper) but not past one of other text.
_PART_PROSE = 0.8
_PART_MIN = 80
_PART_LINKS = 0.25
_BOX_LINKS = 0.5


def _holds_paragraphs(page: Page, best: Stat) -> bool:
    """Most of `best`'s prose is its own text or in paragraphs that are its children."""
    own = density.prose_of(best) + sum(
        density.prose_of(stat)
        for stat in page.order[best.index + 1 : subtree_end(page, best)]
        if stat.parent is best and not stat.removed
    )
    return own >= 0.5 * page.prose[best.index]


def _part(page: Page, tag: Tag, step: int, start: int) -> str | None:
    """How a block next to the story's container reads, walking in direction `step`: "part"
    (a run of prose, the story going on), "gap" (a picture, an ad's label, an empty block:
    walk on) or None (anything else: the story ends there)."""
    stat = page.stats.get(id(tag))
    if stat is None or stat.removed:
        return "gap"
    if step < 0 and stat.index < start:
        return None
    end = subtree_end(page, stat)
    prose = page.prose[stat.index]
    if any(o.tag.name in rules.HEADING_TAGS for o in page.order[stat.index : end]):
        if step > 0 and not prose and stat.link >= _BOX_LINKS * stat.text:
            return "gap"  # a box of links under its heading ("More on this"): walk on
        return None  # a section of its own (an about box, another story), not a part
    if not prose and stat.unlinked() < MIN_PARAGRAPH:
        return "gap"
    if (
        prose >= _PART_MIN
        and prose >= _PART_PROSE * stat.text
        and stat.link <= _PART_LINKS * stat.text
    ):
        return "part"
    return None


def with_parts(page: Page, best: Stat, chosen: list[Tag], start: int) -> list[Tag]:
    """`chosen` plus the prose blocks before and after `best` among its siblings: the parts
    of a story split around a picture or an advertisement; for a table cell, the cells of its
    column in the rows around it too (an older layout's story split across rows)."""
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
            if id(tag) in inside:
                continue
            how = _part(page, tag, step, start)
            if how is None:
                break
            if how == "part":
                inside.add(id(tag))
    parts = [c for c in siblings if id(c) in inside]
    if best.tag.name != "td" or parent.name != "tr":
        return parts
    column = next(i for i, c in enumerate(row_cells(parent)) if c is best.tag)
    before = _column_cells(page, parent, column, -1, start)
    return [*before, *parts, *_column_cells(page, parent, column, 1, start)]


def _column_cells(page: Page, row: Tag, at: int, step: int, start: int) -> list[Tag]:
    """The cells of column `at` in the rows before (`step` -1) or after `row` that go on with
    its story, in document order: rows of as many cells as `row`, up to the first that does
    not."""
    width = len(row_cells(row))
    found: list[Tag] = []
    rows = row.previous_siblings if step < 0 else row.next_siblings
    for sibling in rows:
        if not isinstance(sibling, Tag) or sibling.name != "tr":
            continue
        cells = row_cells(sibling)
        if len(cells) != width:
            break
        stat = page.stats.get(id(cells[at]))
        if step < 0 and stat is not None and stat.index <= start < subtree_end(page, stat):
            found.append(cells[at])  # the cell under the headline: the story starts there
            break
        how = _part(page, cells[at], step, start)
        if how is None:
            break
        if how == "part":
            found.append(cells[at])
    return found[::-1] if step < 0 else found


def _prose_line(stat: Stat) -> bool:
    """A paragraph of its own next to the story's container: a `p`, or a block holding only
    inline text that reads as a sentence."""
    if stat.tag.name == "p":
        return stat.text > 80
    if stat.tag.name not in ("div", "section") or stat.itext < 0.9 * stat.text:
        return False
    return stat.text >= MIN_PARAGRAPH and SENTENCE_END.search(stat.tag.get_text()) is not None
