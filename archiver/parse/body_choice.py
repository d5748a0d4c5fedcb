"""Container choice: prose blocks score their ancestors; the best-scoring element, the
parts of one article joined at their common ancestor, the story under the page's headline;
then a second opinion from the text-density finder and the story the page marks itself
(itemprop=articleBody, the block holding JSON-LD articleBody); last, the climb to the blocks
of prose before the choice.
"""

from __future__ import annotations

import re
from itertools import takewhile

from bs4.element import Tag

from archiver.parse import datetext, density, rules
from archiver.parse.body_clean import is_icon
from archiver.parse.body_page import (
    MIN_PARAGRAPH,
    Page,
    Stat,
    common_ancestor,
    folded_text,
    is_ancestor,
    lineage,
    subtree_end,
)
from archiver.parse.dom import child_within

_WORD = re.compile(r"\w+")
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


def score_page(page: Page) -> None:
    for stat in page.order:
        if stat.removed or stat.inline:
            continue
        if stat.tag.name not in _PARAGRAPH_TAGS or stat.itext < MIN_PARAGRAPH:
            continue
        if stat.parent is None or not page.live(stat):
            continue
        value = 1.0 + stat.icommas + min(stat.itext / 100.0, 3.0)
        if stat.itext:
            value *= 1.0 - stat.ilink / stat.itext
        ancestor: Stat | None = stat.parent
        level = 0
        while ancestor is not None and level < 5:
            if ancestor.score == 0.0:
                ancestor.score = _TAG_PRIOR.get(ancestor.tag.name, 0.0) + ancestor.weight
            divider = 1.0 if level == 0 else (2.0 if level == 1 else level * 3.0)
            ancestor.score += value / divider
            ancestor = ancestor.parent
            level += 1


def _value(stat: Stat) -> float:
    value = stat.score * (1.0 - stat.link_density())
    if stat.protected and stat.weight > 0:
        value *= 1.25
    return value


def best_container(page: Page, headline: Tag | None = None) -> Stat | None:
    ranked = sorted(
        (s for s in page.order if s.score > 0 and not s.removed), key=_value, reverse=True
    )
    if not ranked:
        return None
    best = _story_after_headline(page, _out_of_chrome(page, ranked, headline), headline)
    below = _named_below_headline(page, ranked, best, headline)
    # Once the story is placed below its headline, nothing above it is a part of it.
    floor = page.marks[id(headline)] if below is not best and headline is not None else -1
    best, after_story = _story_in_gap(page, ranked, below, headline)
    placed, ceiling = _story_in_section(page, ranked, best, headline)
    if placed is not best and headline is not None:
        floor = page.marks[id(headline)]
    best = placed
    ceiling = min(ceiling, after_story)
    # An article cut into parts (sections, ad breaks) scores as several close candidates:
    # their nearest common ancestor is the article. Two parts suffice when they share a class;
    # a part of the same kind as the best counts even when short, if the two are close.
    top = _value(best)
    best_class = best.tag.get("class")
    kind = (best.tag.name, best_class)
    # Without a class, a table or a section is still a unit of its own: a FAQ set as one
    # table a section has its parts in tables of no class.
    of_a_kind = bool(best_class) or best.tag.name in _UNIT_TAGS
    rivals: list[tuple[Stat, bool]] = []
    for rank, stat in enumerate(ranked):
        if stat is best or not floor < subtree_end(page, stat) <= ceiling:
            continue
        value = _value(stat)
        kindred = of_a_kind and (stat.tag.name, stat.tag.get("class")) == kind
        if (rank < 10 and value >= 0.75 * top) or (kindred and value >= _PART_SHARE * top):
            rivals.append((stat, kindred))
        elif value < _PART_SHARE * top:
            break
    if not rivals:
        return best
    stories = _story_marks(page, headline)
    ancestors: dict[int, int] = {}
    node: Stat | None = best.parent
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
        if node is None or rival is node or is_ancestor(rival, best) or is_ancestor(best, rival):
            continue  # an ancestor or a block of the container is no other part of it
        if _teaser(rival) or _title_box(page, rival, headline):
            continue
        if _value(rival) < 0.75 * top and ancestors[id(node)] > _PART_LEVELS:
            continue
        low, high = sorted((rival.index, best.index))
        if any(low < mark < high for mark in stories):
            continue  # another story's headline lies between: not a part of this one
        votes[id(node)] = votes.get(id(node), 0.0) + (2.0 if kindred else 1.0)
    node = best.parent
    while node is not None:
        if votes.get(id(node), 0.0) >= 2.0:
            return node
        node = node.parent
    return best


_PART_SHARE = 0.15
# A block opening with a heading that links to another page, with less prose than this
# under it, is a teaser for another story (a card of "more stories"), not a part of this one.
_TEASER_MAX = 500


# A block holding the headline with no more text than a byline and a date line beside it.
_TITLE_BOX_EXTRA = 150


def _title_box(page: Page, stat: Stat, headline: Tag | None) -> bool:
    """The block showing the story's headline (set as no heading, so not kept out of the
    count) with little else: the title's box over the story, not a part of its text."""
    if headline is None or not stat.index <= page.marks.get(id(headline), -1) < subtree_end(
        page, stat
    ):
        return False
    shown = page.stats.get(id(headline))
    title = shown.text if shown is not None else 0
    return stat.text - title <= _TITLE_BOX_EXTRA


def _teaser(stat: Stat) -> bool:
    heading = stat.tag.find(rules.HEADING_TAGS)
    if not isinstance(heading, Tag) or stat.unlinked() >= _TEASER_MAX:
        return False
    before = heading.find_previous(string=lambda t: bool(t.strip()))
    if before is not None and stat.tag in before.parents:
        return False  # text before the heading: it does not open the block
    link = heading.find("a", href=True)
    if not isinstance(link, Tag) or str(link.get("href", "")).startswith("#"):
        return False
    return folded_text(link.get_text(" ")) == folded_text(heading.get_text(" "))


_UNIT_TAGS = frozenset({"table", "section", "article"})
_PART_LEVELS = 3


def _out_of_chrome(page: Page, ranked: list[Stat], headline: Tag | None) -> Stat:
    """The best candidate, unless it is a line or two in a <header> or <footer> (a footer's
    notice on a page of lists, where nothing scores as a story): then the best one that
    holds the headline or follows it, outside the page's chrome."""
    best = ranked[0]
    if headline is None or id(headline) not in page.marks or not _in_chrome(best):
        return best
    if best.unlinked() >= _BELOW_MIN:
        return best  # a story the page wraps in <header> or <footer>
    mark = page.marks[id(headline)]
    for stat in ranked:
        if subtree_end(page, stat) > mark and not _in_chrome(stat) and stat.parent is not None:
            return stat
    return best


def _in_chrome(stat: Stat) -> bool:
    return any(node.tag.name in rules.CHROME_TAGS and not node.protected for node in lineage(stat))


def _story_marks(page: Page, headline: Tag | None) -> list[int]:
    """Places of the headings that look like the page's headline (another story's title).
    None for a headline set in no heading: every block of its tag (a <div>, a <td>) is no
    other story's title."""
    if headline is None or headline.name not in rules.HEADING_TAGS:
        return []
    name = headline.name
    return [s.index for s in page.order if s.tag.name == name and not s.removed]


# A candidate after the headline with no name for it takes the place of a best container
# above the headline when it holds as much text outside links, and this much at least.
_BELOW_MIN = 150


def _named_below_headline(page: Page, ranked: list[Stat], best: Stat, headline: Tag | None) -> Stat:
    """A story follows its headline: a best container that ends before the headline gives
    way to the best one after it that the page names as its body (a sidebar's long "about
    me" outscores a short post), or, named or not, that holds at least as much text outside
    links. Position and name, or position and size, against one signal, the score. Failing
    both, the nearest candidate after the headline, when it holds prose and a real share of
    what the box above holds: a short post below its headline, an "about me" above it."""
    if headline is None or best.protected or id(headline) not in page.marks:
        return best
    mark = page.marks[id(headline)]
    if subtree_end(page, best) > mark:
        return best
    floor = max(_BELOW_MIN, best.unlinked())
    for stat in ranked:
        if subtree_end(page, stat) <= mark or is_ancestor(stat, best):
            continue
        if stat.protected or stat.unlinked() >= floor:
            return stat
    # A short post right below its headline, a longer box above it (a profile, an "about
    # me"): the nearest block of prose after the headline, when it holds a real share of
    # what the box above holds.
    # (Nothing starting after the headline holds `best`, which ends before it.)
    near = min((s for s in ranked if s.index >= mark), key=lambda s: s.index, default=None)
    if near is None or near.unlinked() < max(_NEAR_MIN, _NEAR_SHARE * best.unlinked()):
        return best
    inside = page.order[near.index : subtree_end(page, near)]
    return near if any(density.prose_of(s) for s in inside) else best


_NEAR_MIN = 60
_NEAR_SHARE = 0.4


# The story starts right below its headline. A best container with this much prose between
# the headline and itself (comments after a short post, a sidebar's text), or half its own
# prose and no less than _BELOW_MIN, gives way to a candidate in that stretch that holds
# half of it, or that opens it (its prose starts the stretch, with less than a fifth of its
# own before it: a byline, a date line) and holds as much as the stretch had to.
_GAP_MIN = 500
_GAP_SHARE = 0.5
_GAP_HOLDS = 0.5
_GAP_LEAD = 0.2


def _story_in_gap(
    page: Page, ranked: list[Stat], best: Stat, headline: Tag | None
) -> tuple[Stat, int]:
    """`best`, or the story in the stretch between the headline and `best` (position
    against score: what follows a story, comments or another column, scores as prose too),
    else the box holding the headline and the story under it;
    and where what follows the story begins (the first of the run `best` was one of), past
    which nothing is a part of it."""
    nowhere = len(page.order)
    if headline is None or id(headline) not in page.marks or _in_named_body(best):
        return best, nowhere
    mark = page.marks[id(headline)]
    if best.index <= mark:
        return best, nowhere
    # Prose of each element's own text, summed along document order (removed subtrees
    # count nothing): the prose of a stretch or a subtree by one subtraction.
    order = page.order
    stop = subtree_end(page, best)
    running = [0] * (stop + 1)
    total = 0
    i = 0
    while i < stop:
        stat = order[i]
        # A picture's caption is its line, not the story's prose, however long: a gallery of
        # captioned pictures between the headline and the story is no story there.
        if stat.removed or stat.tag.name == "figcaption":
            end = min(subtree_end(page, stat), stop)
            running[i + 1 : end + 1] = [total] * (end - i)
            i = end
            continue
        total += density.prose_of(stat)
        i += 1
        running[i] = total
    gap = running[best.index] - running[mark]
    own_best = total - running[best.index]
    need = min(_GAP_MIN, max(_BELOW_MIN, _GAP_SHARE * own_best))
    if gap < need:
        return best, nowhere
    kind = (best.tag.name, best.tag.get("class"))
    kindred = bool(kind[1]) or kind[0] != "div"  # a bare <div> is of no kind
    found: Stat | None = None
    found_end = 0
    first_kin = best.index
    holder: Stat | None = None
    holder_end = 0
    for stat in ranked:
        if stat.index < mark:
            end = subtree_end(page, stat)
            # The box holding the headline and the story under it, counted from the
            # headline on: the story, when no block after the headline is.
            if (
                holder is None
                and mark < end <= best.index
                and not (kindred and (stat.tag.name, stat.tag.get("class")) == kind)
                and _prose_blocks(page, mark, end) >= _BOX_BLOCKS
                and not _another_title(page, headline, mark, end)
            ):
                # Only where what follows outweighs it (a long thread of comments): a
                # smaller best is a later part of the story, which the parts' vote joins.
                own = running[end] - running[mark]
                if own_best > own and (own >= _GAP_HOLDS * gap or own >= need):
                    holder, holder_end = stat, end
            continue
        if stat.index >= best.index or stat is best:
            continue
        if kindred and (stat.tag.name, stat.tag.get("class")) == kind:
            first_kin = min(first_kin, stat.index)
            continue
        if found is not None:
            continue
        end = subtree_end(page, stat)
        if end > best.index:
            continue
        own = running[end] - running[stat.index]
        lead = running[stat.index] - running[mark]
        if own >= _GAP_HOLDS * gap or (own >= need and lead < _GAP_LEAD * own):
            found, found_end = stat, end
    if found is None:
        found, found_end = holder, holder_end
    if found is None or first_kin < found_end:
        # One of `best`'s kind before the end of the story found: `best` is a later part
        # of the same run, which the parts' vote joins. After it, `best` is one of a run
        # that follows the story (a comment among comments).
        return best, nowhere
    if first_kin < best.index and _dated(page, best):
        # A run of dated entries (comments, later posts) past the story: nothing from its
        # first entry on is a part of the story, whatever its class (a comment's text may
        # be set as the story's). Parts of one story carry no date line each.
        return found, first_kin
    return found, nowhere


# The box holding the headline is the story's when it holds this many blocks of prose after
# the headline; a header holds one or two (a standfirst, a caption).
_BOX_BLOCKS = 3


def _prose_blocks(page: Page, start: int, end: int) -> int:
    return sum(1 for s in page.order[start:end] if not s.removed and density.prose_of(s))


def _another_title(page: Page, headline: Tag, start: int, end: int) -> bool:
    """A block like the headline (its heading tag, or its tag and class) follows it before
    `end`: another story's title, in a list of stories."""
    kind = (headline.name, headline.get("class"))
    if kind[0] not in rules.HEADING_TAGS and not kind[1]:
        return False  # a plain block: every one like it would count
    return any(
        not s.removed and (s.tag.name, s.tag.get("class")) == kind
        for s in page.order[start + 1 : end]
    )


# A line of its own this short holding a date or a time of day is an entry's date line.
_DATE_LINE_MAX = 60
_CLOCK = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])")


def _dated(page: Page, stat: Stat) -> bool:
    """A block of `stat` is a short line holding a date or a time of day."""
    for inner in page.order[stat.index : subtree_end(page, stat)]:
        if inner.removed or inner.inline or not 0 < inner.text <= _DATE_LINE_MAX:
            continue
        line = inner.tag.get_text(" ", strip=True)
        if _CLOCK.search(line) or datetext.find_text_dates(line):
            return True
    return False


def _story_in_section(
    page: Page, ranked: list[Stat], best: Stat, headline: Tag | None
) -> tuple[Stat, int]:
    """A story lies in its headline's section: from the headline to the next heading of
    its rank or higher. A best container in another section (a sidebar's widget under its
    own heading, the comments, a profile above the headline) gives way to the best
    candidate in the headline's section, one that holds the headline or starts between it
    and the next such heading. Position against score: a short post's sidebar outscores
    it. Lower headings between are the story's own subheads and change nothing. Also the
    place where the story's section ends, past which nothing is a part of it."""
    nowhere = len(page.order)
    if headline is None or headline.name not in rules.HEADING_TAGS:
        return best, nowhere
    if id(headline) not in page.marks or _in_named_body(best):
        return best, nowhere
    mark = page.marks[id(headline)]
    end = subtree_end(page, best)
    if best.index <= mark < end:
        return best, nowhere  # the headline's own block
    rank = headline.name
    sections = [
        s.index
        for s in page.order
        if s.tag.name in rules.HEADING_TAGS and s.tag.name <= rank and not s.removed
    ]
    following = next((h for h in sections if h >= mark), nowhere)
    if end <= mark:
        if not any(best.index <= h < mark for h in sections):
            return best, nowhere  # no section of its own: the headline may be misplaced
    elif best.index < following:
        return best, nowhere
    kind = (best.tag.name, best.tag.get("class"))
    for stat in ranked:
        if stat is best or stat.unlinked() < _BELOW_MIN:
            continue
        if (stat.tag.name, stat.tag.get("class")) == kind:
            continue  # one of a run with the best container: the parts' vote decides
        if is_ancestor(stat, best) or is_ancestor(best, stat):
            continue
        stop = subtree_end(page, stat)
        if stat.index <= mark < stop:
            if any(stat.index <= h < mark for h in sections):
                continue  # holds the sections before the headline too (a list of teasers)
            return stat, max(stop, following)
        if mark <= stat.index < following:
            return stat, max(stop, following)
    return best, nowhere


def _in_named_body(stat: Stat) -> bool:
    """`stat` is, or lies in, the block the page names as its story."""
    return any(node.protected and node.weight > 0 for node in lineage(stat))


def _story_after_headline(page: Page, best: Stat, headline: Tag | None) -> Stat:
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
        if _value(stat) < floor or is_ancestor(stat, best):
            continue
        end = subtree_end(page, stat)
        if any(s.tag.name == headline.name for s in page.order[end : best.index]):
            return stat
        return best
    return best


def story_under_headline(page: Page, best: Stat | None, headline: Tag | None) -> Stat | None:
    """`best`, or, when it holds less text outside links than _BELOW_MIN (a footer's notice,
    a sidebar's line: the only blocks long enough to score as paragraphs), the smallest box
    around the headline whose text after it, outside links, is at least _NEAR_MIN and twice
    what `best` holds: a story of lines too short to score (notes, a poem set a line to a
    paragraph, short facts) under its headline."""
    if headline is None or id(headline) not in page.marks:
        return best
    weak = best.unlinked() if best is not None else 0
    if weak >= _BELOW_MIN:
        return best
    mark = page.marks[id(headline)]
    shown = page.stats.get(id(headline))
    box = shown.parent if shown is not None else _holder(page, mark)
    while box is not None and box.parent is not None:
        end = subtree_end(page, box)
        after = sum(s.itext - s.ilink for s in page.order[mark:end] if page.live(s))
        if after >= max(_NEAR_MIN, 2 * weak):
            if best is not None and is_ancestor(box, best):
                return best  # the box holds the chosen block too: nothing to tell them apart
            return box
        box = box.parent
    return best


def _holder(page: Page, mark: int) -> Stat | None:
    """The innermost element whose subtree holds the place `mark` (a headline kept out of
    the page's figures leaves only its place)."""
    holder: Stat | None = None
    for stat in page.order[:mark]:
        if subtree_end(page, stat) > mark:
            holder = stat
    return holder


# The chosen container against the second finder's (text density) and the story the page
# marks (itemprop=articleBody, a block matching JSON-LD articleBody): a choice holding less
# than this share of the main text's prose gives way to it.
_SMALL_SHARE = 0.1
_ANCHOR_MIN = 200
_ANCHOR_SHARE = 0.5
_MATCH_WORDS = 8


def second_opinion(
    page: Page, best: Stat | None, article_body: str | None
) -> tuple[Stat | None, str]:
    """`best`, or what replaces it: the story the page marks, the main text by density, or
    the whole page when nothing reads as prose (a short list directly in <body>)."""
    found, prose = density.main_text(page.order)
    page.prose = prose
    anchor = _anchor(page, article_body)
    if anchor is not None and prose[anchor.index] >= _ANCHOR_MIN:
        if best is None or best is anchor:
            return anchor, "marked"
        inside = is_ancestor(best, anchor)
        if inside and prose[anchor.index] >= _ANCHOR_SHARE * prose[best.index]:
            return anchor, "marked"  # a gallery or teasers beside the story joined it
        outside = not inside and not is_ancestor(anchor, best)
        if outside and prose[anchor.index] >= _ANCHOR_SHARE * prose[best.index]:
            return anchor, "marked"
    if best is None:
        # Nothing reads as a paragraph of an article (a short list directly in <body>): the
        # page's text is what there is; whether it is an article is the archive step's call.
        root = page.order[0]
        return (root, "page") if root.text > 0 else (None, "")
    if found is not None:
        node: Stat = found.node  # type: ignore[assignment]
        if is_ancestor(node, best) or node is best:
            # The main text holds the choice: the most prose elsewhere is what to compare.
            other = density.main_text(page.order, outside=best)[0]
            node = other.node if other is not None else best  # type: ignore[assignment]
        # Smaller in prose and in text: lines too short to read as prose (a poem, notes)
        # are the text of a choice that holds more of it.
        small = (
            prose[best.index] < _SMALL_SHARE * prose[node.index]
            and best.unlinked() < node.unlinked()
        )
        if node is not best and small and not is_ancestor(best, node) and not _furniture(node):
            return node, "density"
    return best, ""


# A picture post: what the text finder chose holds less prose than this (a sidebar's sign-up
# box, the footer's notice), and the box around the headline no more text than _POST_TEXT.
_POST_PROSE = 200
_POST_TEXT = 600


def picture_post(page: Page, best: Stat | None, headline: Tag | None) -> list[Tag]:
    """The post under `headline` when it is pictures and the text finder found no story in
    it, only a sidebar's or the footer's few lines (a comic, an infographic, a photo set):
    the blocks, from the one holding its first picture on, of the smallest block around the
    headline that holds a picture after it, no icon nor chrome's, and little text. Empty
    otherwise."""
    if headline is None or id(headline) not in page.marks or not page.prose:
        return []
    if best is not None and page.prose[best.index] >= _POST_PROSE:
        return []
    box = page.first_stat(headline.parents)
    while box is not None and not box.removed and not box.n_img:
        box = box.parent
    if box is None or box.removed or box.parent is None or box.text > _POST_TEXT:
        return []  # no picture, or only the page's own (its whole <body>)
    if best is not None and (best is box or is_ancestor(box, best)):
        # The choice is the post or its line: a lead picture beside a short story is the
        # story's matter, not this rule's.
        return []
    start = page.marks[id(headline)]
    first = next(
        (
            s
            for s in page.order[start : subtree_end(page, box)]
            if s.tag.name == "img" and page.live(s) and not is_icon(s.tag) and _posts(s, box)
        ),
        None,
    )
    if first is None:
        return []
    top = child_within(first.tag, box.tag)
    if top is None:
        return []
    return [top, *(after for after in top.next_siblings if isinstance(after, Tag))]


def _posts(picture: Stat, box: Stat) -> bool:
    """`picture` is the post's: no block between it and `box` is chrome or furniture (the
    page footer's counter, a sidebar's badge)."""
    return not any(node.furniture() for node in takewhile(lambda n: n is not box, lineage(picture)))


def _furniture(stat: Stat) -> bool:
    """`stat` or an ancestor is named or tagged as furniture (a sidebar, an <aside>) yet
    was spared for its size: the density finder's choice there has the markup against it."""
    return any(node.furniture() for node in lineage(stat))


# Climbing: a story cut into blocks that are not siblings (page-builder rows, a first part
# and the rest) has them under one ancestor that adds, before the chosen container, prose
# and little else. What it adds must be nearly all prose and a real share of the story's.
_CLIMB_PROSE = 0.85
_CLIMB_SHARE = 0.25
# A date line or a label between the parts is no reason to stop.
_CLIMB_SLACK = 60


def climb(page: Page, best: Stat, headline: Tag | None, start: int) -> tuple[Stat, list[Tag]]:
    """`best`, or its highest ancestor whose extra text is nearly all prose set before
    `best`; and, above that, the prose blocks before `best` of ancestors that also hold
    text after it (after the story come its bio, teasers and comments, which read as prose
    too: they never join). Nor does a block above the headline's place, `start`, nor the
    one holding the headline (the story's header: with_lead takes its standfirst)."""
    prose = page.prose
    if not prose:
        return best, []
    header = {id(tag) for tag in headline.parents} if headline is not None else set()
    base = prose[best.index]
    chosen = best
    before: list[Tag] = []
    pending: list[Stat] = []
    text = gain = 0
    closed = False
    branch = best
    node = best.parent
    while node is not None and node.parent is not None:
        kids: list[Stat] = []
        after = False
        for child in node.tag.children:
            stat = page.stats.get(id(child)) if isinstance(child, Tag) else None
            if stat is None or stat.removed or not stat.text or stat is branch:
                continue
            if stat.index < branch.index:
                if id(stat.tag) in header:
                    after = True  # the story's header: the node is more than the story
                elif stat.index < start:
                    return chosen, before  # a block above the headline
                else:
                    kids.append(stat)
            else:
                after = True
        text += sum(k.text for k in kids)
        gain += sum(prose[k.index] for k in kids)
        if text and gain < _CLIMB_PROSE * text - _CLIMB_SLACK:
            break
        pending = kids + pending
        closed = closed or after
        if gain > 0 and gain >= _CLIMB_SHARE * base:
            if closed:
                before = [k.tag for k in pending]
            else:
                chosen = node
                pending = []
        branch = node
        node = node.parent
    return chosen, before


def _anchor(page: Page, article_body: str | None) -> Stat | None:
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
    first: Stat | None = None
    last: Stat | None = None
    for stat in page.order:
        if stat.inline or stat.itext < max(MIN_PARAGRAPH, 0.9 * stat.text) or stat.removed:
            continue  # only blocks of their own text: a paragraph, not what holds it
        text = " ".join(_WORD.findall(stat.tag.get_text(" ").casefold()))
        if first is None and opening in text:
            first = stat
        if closing in text:
            last = stat
    if first is None or last is None:
        return None
    return common_ancestor(first, last)
