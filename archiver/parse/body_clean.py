"""Furniture rules: blocks set aside before the container is chosen (flagged by class/id,
tag or role, unless a page builder puts the name on every block), and the cleaning inside the
chosen container (link lists, image walls, runs of link lines, a closing label, the menu and
advert columns beside a story's table cell, the short box around a form control).
"""

from __future__ import annotations

import re
from functools import lru_cache, reduce

from bs4.element import Tag

from archiver.parse import rules
from archiver.parse.body_page import (
    BREAK_MADE,
    CAMEL,
    MIN_PARAGRAPH,
    NON_WORD,
    Page,
    Stat,
    common_ancestor,
    is_ancestor,
    name_kind,
    subtree_end,
)
from archiver.parse.dom import elements
from archiver.parse.heading_text import permalink_mark
from archiver.parse.images import image_source, pictures
from archiver.parse.names import BYLINE_START

_CLEANABLE = frozenset({"div", "section", "ul", "ol", "dl", "table", "header", "footer", "figure"})


def drop_furniture(page: Page) -> None:
    """Set aside class/id-flagged furniture, unless it holds most of the page's text."""
    # Judged on text outside links: a furniture-named wrapper around the whole story (a
    # "slider" page frame) holds most of it; a related-links box does not.
    total = page.order[0].unlinked()
    layout = _layout_names(page, total)
    removed_ancestor: set[int] = set()
    for stat in page.order:
        parent = stat.parent
        if parent is not None and id(parent) in removed_ancestor:
            removed_ancestor.add(id(stat))
            continue
        if not stat.furniture():
            continue
        if stat.tag.name in rules.CHROME_TAGS:
            # header/footer: judged against the chosen container later, not here.
            continue
        if _heads_paragraph(page, stat):
            continue
        if stat.unlinked() > 0.5 * total and not _reply_form(stat):
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


def _heads_paragraph(page: Page, stat: Stat) -> bool:
    """A section's heading whose class alone flags it, right over a paragraph no class
    flags: the story's (a CSS module's `anchorTargetStickyNavbar_x1y2` names where a heading
    scrolls to, not a menu). A "Comments" or "Related" heading heads a list or a flagged box."""
    if stat.tag.name not in _SECTION_HEADINGS:
        return False
    if BYLINE_START.match(stat.tag.get_text(" ", strip=True)):
        return False  # "By Ann Lee" set as a heading is the byline
    after = stat.tag.find_next_sibling(True)
    if after is None or after.name != "p":
        return False
    below = page.stats.get(id(after))
    return (
        below is not None
        and not below.furniture()
        and below.text >= MIN_PARAGRAPH
        and below.link_density() <= 0.5
    )


# A <form> around a text box holding no more text than this is a reply or contact form, set
# aside even where it holds most of the page's text (a video post with a line of its own);
# the exception above is for pages that sit whole in one <form> (ASP.NET's page form).
_REPLY_FORM_MAX = 1000


def _reply_form(stat: Stat) -> bool:
    tag = stat.tag
    return tag.name == "form" and stat.text <= _REPLY_FORM_MAX and tag.find("textarea") is not None


def _furniture_names(stat: Stat) -> frozenset[str]:
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
    return frozenset(n for n in names if name_kind(n) == 1)


@lru_cache(maxsize=4096)
def _builder_name(name: str) -> bool:
    words = NON_WORD.split(CAMEL.sub(r"\1 \2", name).lower())
    return any(w in rules.LAYOUT_WORDS for w in words)


def _may_be_builder(tag: Tag) -> bool:
    # A cheap look at the raw attribute values before they are split into words.
    attrs = tag.attrs
    cls = attrs.get("class")
    value = (" ".join(cls) if isinstance(cls, list) else str(cls or "")) + str(attrs.get("id", ""))
    value = value.lower()
    return any(word in value for word in rules.LAYOUT_WORDS)


def _layout_names(page: Page, total: int) -> frozenset[str]:
    """Furniture-sounding names that a page builder puts on every block ("elementor-widget"):
    the blocks bearing one hold, together, most of the page's prose."""
    held: dict[str, int] = {}
    counted: dict[int, frozenset[str]] = {}
    for stat in page.order:
        if not stat.furniture() or not _may_be_builder(stat.tag):
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
            held[name] = held.get(name, 0) + stat.unlinked()
    return frozenset(name for name, text in held.items() if text > 0.5 * total)


def clean(page: Page, containers: list[Tag], keep_out: set[int]) -> list[Stat]:
    """Inside the body, set aside blocks that read as furniture: link lists, image walls...
    Returns the link-heavy blocks spared as the bulk of their container (the story is a list)."""
    spared: list[Stat] = []
    for container in containers:
        top = page.stats.get(id(container))
        if top is None:
            continue
        # A container mostly of links is an index (a page of lists, a table of contents):
        # its lists are what it says, kept as a story that is one list is.
        whole = 0 if top.link > _RUN_LINKS * top.text else top.text
        prose = False  # a paragraph of the story came before
        controls: list[Tag] = []
        for node in container.descendants:
            if not isinstance(node, Tag):
                continue
            if node.name in rules.CONTROL_TAGS or node.attrs.get("role") == "button":
                controls.append(node)
            stat = page.stats.get(id(node))
            if stat is None or stat.removed or id(node) in keep_out:
                continue
            if not page.live(stat):
                continue
            if prose and node.name == "header" and stat.link == 0:
                # After the story's first paragraph, a <header> without links heads a section
                # of the story (HTML's header of a section), not the article's masthead.
                continue
            if not prose and not stat.inline and stat.itext >= MIN_PARAGRAPH and stat.icommas:
                prose = True
            if page.prose and page.prose[stat.index] >= _PROSE_HELD * page.prose[top.index] > 0:
                continue  # holds much of the story's prose: its links are the story's
            if _furniture_block(stat, top, whole) or _side_column(page, stat):
                page.remove(stat)
            elif _BULK * whole < stat.text and stat.link_density() > _RUN_LINKS:
                spared.append(stat)
        for control in controls:
            _drop_widget(page, control, top)
    return spared


# A block holding this share of its container's prose is no furniture, however many links it
# has (a story of stock quotes, each linked, with its promotions between the paragraphs).
_PROSE_HELD = 0.3
# A block around a form control (a field, a button) holding no more text than this, and no
# clause, is the control's box: a newsletter sign-up, a comment prompt, a share bar.
_WIDGET_TEXT = 200


def _drop_widget(page: Page, control: Tag, top: Stat) -> None:
    """Set aside the largest block around `control` whose text is a widget's: a label, a
    heading, a line of invitation; the story's paragraphs around it are far longer."""
    if control.name == "input" and str(control.get("type", "text")).lower() in _DATA_INPUTS:
        return
    if control.find_parent(rules.HEADING_TAGS) is not None:
        return  # a heading's own button (copy its link, its path): the title block stays
    # The control's own block, or the nearest one around it (an inline control has none).
    stat = page.first_stat((control, *control.parents))
    while stat is not None and stat.removed:
        stat = stat.parent  # a form the furniture rules took: its box stays to judge
    box: Stat | None = None
    while stat is not None and stat is not top:
        if stat.text > _WIDGET_TEXT or stat.commas or stat.n_img or stat.protected:
            # The story's own sentences, or a picture with its line (a recipe's step under
            # its "show picture" toggle).
            break
        if not stat.inline:
            box = stat
        stat = stat.parent
    if box is not None and page.live(box):
        page.remove(box)


# Inputs that carry a value of the page (a recipe's check boxes, a form's hidden state), not
# a field the reader fills in.
_DATA_INPUTS = frozenset({"hidden", "checkbox", "radio", "image"})


def picture_line(page: Page, tag: Tag, tops: list[Stat], limit: int) -> bool:
    """A block that is the line of a picture, whatever its name: the smallest block around it
    that holds a picture holds one, before it, and no more than `limit` characters of text,
    so all its text is the picture's (a caption, a credit). Not in a run of such blocks (a
    recipe's steps, a slideshow, comments under their writers' pictures), nor one holding
    half the body (a short post under its picture)."""
    stat = page.stats.get(id(tag))
    if stat is None or stat.n_img or not stat.text or stat.text > limit:
        return False
    box = stat.parent
    while box is not None and not box.n_img:
        if box.text > limit:
            return False
        box = box.parent
    if box is None or box.text > limit or box.tag.name in _SECTIONS:
        return False
    if box.n_img != 1 and _pictures(page, box) != 1:
        return False
    if 2 * box.text > sum(top.text for top in tops):
        return False
    first = next(
        (s for s in page.order[box.index : stat.index] if s.n_img and s.tag.name == "img"), None
    )
    if first is None or _small(first.tag) or _in_run(page, box):
        return False
    if _paragraphs_after(page, box, first) > 1:
        return False  # the story's paragraphs under their picture, set apart by blank lines
    # A picture in a <figure> has its caption there: text beside the figure is not its line.
    figure = first.tag.find_parent("figure")
    return figure is None or any(up is figure for up in tag.parents)


# A picture's line is one block: two runs of lines of this many characters after it, set apart
# by blank lines in one block (a blog editor's), are paragraphs of the story.
_PARAGRAPH_LINE = 80


def _paragraphs_after(page: Page, box: Stat, picture: Stat) -> int:
    """Paragraphs written from runs of lines in `box` after `picture`."""
    return sum(
        1
        for stat in page.order[picture.index + 1 : subtree_end(page, box)]
        if BREAK_MADE in stat.tag.attrs and not stat.removed and stat.itext >= _PARAGRAPH_LINE
    )


def _pictures(page: Page, box: Stat) -> int:
    """The pictures `box` shows, a lazily loaded one and its <noscript> copy counted once."""
    imgs = [
        img
        for img in box.tag.find_all("img")
        if (stat := page.stats.get(id(img))) is not None and page.live(stat)
    ]
    return pictures(imgs)


# Sections of a page, not a picture's box: a header holding the lead picture and the
# standfirst under it.
_SECTIONS = frozenset({"header", "article", "main", "section", "body", "html"})


# A picture drawn smaller than this (its width or height attribute) is an icon or a writer's
# avatar beside a comment, not a picture of the story.
_ICON = 100


def drawn_under(img: Tag, limit: int, sides: tuple[str, ...] = ("width", "height")) -> bool:
    """`img` is drawn under `limit` pixels on one of `sides`, by its attributes."""
    for name in sides:
        value = str(img.get(name) or "").strip()
        if value.isdigit() and int(value) < limit:
            return True
    return False


def _small(img: Tag) -> bool:
    return drawn_under(img, _ICON)


def is_icon(img: Tag) -> bool:
    """A small picture, or a drawing (SVG): a logo, a badge, a button's picture."""
    return _small(img) or image_source(img).split("?", 1)[0].lower().endswith(".svg")


def _in_run(page: Page, stat: Stat) -> bool:
    """A block beside another of its tag that holds a picture too: an item of a gallery, of a
    list of steps or of a thread of comments under their writers' pictures."""
    for near in (stat.tag.find_previous_sibling(True), stat.tag.find_next_sibling(True)):
        other = page.stats.get(id(near)) if near is not None else None
        if other is None or other.tag.name != stat.tag.name or not other.n_img:
            continue
        # A share bar's badge beside the picture's box is no picture of a run.
        if not all(is_icon(img) for img in other.tag.find_all("img")):
            return True
    return False


# A list of links holding more than this share of its container is the story (a post that
# gathers links, each with a note), not a block of further reading beside it.
_BULK = 0.6


def _furniture_block(stat: Stat, top: Stat, whole: int) -> bool:
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
    if stat.text > _BULK * whole:
        return False  # the story is a list: the link rules below do not apply
    if not is_list and stat.n_li > stat.n_p * 2 + 2 and density > 0.3:
        return True
    if stat.text < MIN_PARAGRAPH and stat.n_img == 0:
        if _heading_box(stat):
            return False  # a section's heading in a box of its own is the heading
        # A short line of code in its wrapper (a highlighter's div) is the story's; so is a
        # short list or table without a link (a recipe's ingredients, a table of figures):
        # the page's short lists are its links (tags, a share bar).
        if stat.link == 0 and name in ("ul", "ol", "dl", "table"):
            return False
        return stat.tag.find(("pre", "code")) is None
    if stat.weight < 25 and density > 0.33:
        return True
    return stat.weight >= 25 and density > 0.5


def _heading_box(stat: Stat) -> bool:
    """A block whose text is one heading's, followed by a paragraph: a section's heading set
    in a box of its own (`<div class="heading-wrapper"><h2>Habitat</h2></div>`, a wiki's
    newer markup). A box heading a list of links ("Related Content", "See also:") or
    closing the story heads no paragraph."""
    headings = stat.tag.find_all(_SECTION_HEADINGS, limit=2)
    if len(headings) != 1 or len(headings[0].get_text(strip=True)) < 0.5 * stat.text:
        return False
    after = stat.tag.find_next_sibling(True)
    if after is None or after.name not in _PARAGRAPH_BLOCKS:
        return False
    words = after.get_text(" ", strip=True)
    linked = sum(len(a.get_text(" ", strip=True)) for a in after.find_all("a"))
    # Prose: long enough, a clause in it, most of it not links (a teaser's line is none).
    return (
        len(words) >= MIN_PARAGRAPH
        and linked <= 0.5 * len(words)
        and _CLAUSE.search(words) is not None
    )


_CLAUSE = re.compile(r"\w[,;.:!?]\s+\w")


# Blocks that may open a section's text.
_PARAGRAPH_BLOCKS = ("p", "div", "section", "blockquote", "pre", "ul", "ol", "dl", "table")


_SECTION_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def drop_heading_controls(root: Tag) -> None:
    """Remove links that are controls, not words: a heading's permalink sign ("¶", "#",
    "§": documentation generators put one in every heading) and a wiki's or a site's "edit"
    link ("[edit]" by each section's heading, "Edit this page"), with the brackets or bars
    that set the link apart when nothing else is left beside them."""
    for link in elements(root, "a"):
        if link.parent is None:
            # Removed with the box of a control before it ("¶ ↑" in one span). Not
            # `.decomposed`: on a live tag it searches the tag's subtree for "_decomposed".
            continue
        href = link.get("href")
        if not isinstance(href, str):
            continue  # no address (an anchor), or a list of them
        if href.startswith("#"):
            if not permalink_mark(link, link.get_text()):
                continue
            if link.find_parent(rules.HEADING_TAGS) is None:
                continue
        elif "edit" not in href.casefold() or not _edit_link(href, link.get_text(strip=True)):
            continue  # most links: one look at the address
        holder: Tag | None = link.parent
        link.decompose()
        # "[", "]" in spans of their own around the link, and their box.
        while (
            holder is not None
            and holder.name in ("span", "small", "sup")
            and (not any(c.isalnum() for c in holder.get_text()))
        ):
            above = holder.parent
            holder.decompose()
            holder = above


def _edit_link(href: str, text: str) -> bool:
    """A link to edit the page: an edit action in its query (MediaWiki's "action=edit", its
    visual editor's, DokuWiki's "do=edit"), or a code host's ".../edit/<branch>/<file>" said
    to be one ("Edit this page", "Suggest an edit")."""
    if len(text) > _EDIT_TEXT:
        return False
    if _EDIT_QUERY.search(href):
        return True
    return "/edit/" in href and _EDIT_WORD.search(text) is not None


_EDIT_QUERY = re.compile(r"[?&;](?:ve)?action=(?:edit|submit)\b|[?&;]do=edit\b", re.IGNORECASE)
_EDIT_TEXT = 40
_EDIT_WORD = re.compile(r"\bedit\b", re.IGNORECASE)


def body_leaves(page: Page, containers: list[Tag]) -> list[Stat]:
    """The paragraphs and headings of the body, in reading order."""
    out: list[Stat] = []
    for container in containers:
        top = page.stats.get(id(container))
        if top is None or top.removed:
            continue
        dead_depth = -1
        for stat in page.order[top.index : subtree_end(page, top)]:
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


def link_runs(page: Page, containers: list[Tag], spared: list[Stat]) -> None:
    """Drop paragraphs made of a link when two or more come in a row, or end the body, or
    when the link is set in capitals, and links standing between paragraphs as cards of
    their own; drop headings that end it (a "Comments" or "Related"
    title whose list went). The leaves of a `spared` block (a list of links that is the story)
    stay."""
    every = body_leaves(page, containers)
    leaves = [s for s in every if not _within(s, spared)] if spared else every
    if _teaser_tail(page, leaves):
        leaves = [s for s in leaves if not s.removed]
    run: list[Stat] = []
    for stat in [*leaves, None]:
        if (
            stat is not None
            and stat.link_density() > _RUN_LINKS
            and not _in_prose_list(stat)
            and stat.tag.name not in _CELLS
        ):
            run.append(stat)
            continue
        if len(run) >= 2:
            for r in run:
                page.remove(r)
        run = []
    for stat in leaves:
        if not stat.removed and _promo_line(stat):
            page.remove(stat)
    for stat in _block_links(page, containers):
        page.remove(stat)
    # A trailing link line ("Read more: ...") is furniture, not the story's last word; a
    # spared list (the story is a list) ends the story, with the heading over it.
    leaves = [s for s in every if not s.removed]
    verse = _verse(leaves)
    while (
        leaves
        and not (spared and _within(leaves[-1], spared))
        and (
            (leaves[-1].link_density() > 0.8 and not _in_prose_list(leaves[-1]))
            or leaves[-1].tag.name in rules.HEADING_TAGS
            or (_label(leaves[-1]) and leaves[-1] not in verse)
            or _pager(leaves[-1])
        )
    ):
        page.remove(leaves.pop())


# Short lines without a sentence's end, this many siblings in a row, are lines of the text (a
# poem set a line to a paragraph, a list of notes), not a label closing it.
_VERSE_LINES = 3


def _verse(leaves: list[Stat]) -> list[Stat]:
    """The run of label-like lines ending `leaves` when it is _VERSE_LINES siblings or more."""
    run: list[Stat] = []
    for stat in reversed(leaves):
        if not _label(stat) or (run and stat.parent is not run[0].parent):
            break
        run.append(stat)
    return run if len(run) >= _VERSE_LINES else []


_RUN_LINKS = 0.6
# A table's cells are no run of link lines: a column of links in a table of data (a name
# linking to its page, an issue number) is the table's, kept or dropped with it.
_CELLS = frozenset({"td", "th"})
# A teaser's summary under its linked title is a paragraph of at most this many characters.
_SUMMARY_MAX = 500


def _teaser_tail(page: Page, leaves: list[Stat]) -> bool:
    """Drop a closing section of teasers ("You may also like"): a heading, then only titles
    that are links (a heading among them), each with at most a short summary after it. A
    story's own headings are not links; the summaries would keep the titles out of a run."""
    end = len(leaves)
    i = end - 1
    titles = 0
    linked_heading = False
    while i >= 0:
        stat = leaves[i]
        heading = stat.tag.name in rules.HEADING_TAGS
        if stat.link_density() > _RUN_LINKS:
            titles += 1
            linked_heading = linked_heading or heading
        elif heading:
            section = leaves[i:end]
            if titles < 2 or not linked_heading:
                return False
            if sum(t.text for t in section) > _BULK * sum(t.text for t in leaves):
                return False  # the bulk of the post: a round-up of links is the story
            block = _common_block(section)
            if block is not None and block.text <= sum(t.text for t in section):
                page.remove(block)  # with the teasers' pictures
            else:
                for teaser in section:
                    page.remove(teaser)
            return True
        elif stat.text > _SUMMARY_MAX or i == 0 or leaves[i - 1].link_density() <= _RUN_LINKS:
            return False  # prose, not a summary under a linked title
        i -= 1
    return False


def _common_block(stats: list[Stat]) -> Stat | None:
    """The innermost element above the first of `stats` holding all of them."""
    block = stats[0].parent
    return None if block is None else reduce(common_ancestor, stats[1:], block)


# A cell holding a story beside the page's columns: longer than a note in a table of data.
_STORY_CELL = 500


def _side_column(page: Page, stat: Stat) -> bool:
    """A cell of links or of a short label ("Advertisement") in a table that lays out the
    page: another cell of its row holds most of the row's text, as prose long enough to be
    a story (the story's column), so this one is a menu or an advert beside the story, not a
    cell of data."""
    row = stat.parent
    if stat.tag.name != "td" or row is None or row.tag.name != "tr" or not row.text:
        return False
    if stat.link_density() <= _RUN_LINKS and not 0 < stat.text < MIN_PARAGRAPH:
        return False
    for cell in row.tag.children:
        other = page.stats.get(id(cell))
        if (
            other is not None
            and other is not stat
            and other.text > max(_BULK * row.text, _STORY_CELL)
            and other.commas
        ):
            return True
    return False


def _promo_line(stat: Stat) -> bool:
    """A paragraph that is one link set in capitals ("SENATOR QUITS AFTER VOTE"): a pointer to
    another story, set apart from the story's sentences by its type."""
    if stat.link_density() <= 0.9 or stat.tag.name in rules.HEADING_TAGS:
        return False
    text = stat.tag.get_text()
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 12 and all(ch.isupper() for ch in letters)


# A link standing as a block of its own holds at least this much text: a teaser's title.
_BLOCK_LINK_MIN = 30
_SENTENCE_STOP = re.compile(r"[.!?…。](?:\s|$)")
_BLOCK_HOLDERS = frozenset({"div", "section", "article", "main", "body"})


def _block_links(page: Page, containers: list[Tag]) -> list[Stat]:
    """Links set as blocks of their own between the story's paragraphs, no sentence around
    them: a card pointing to another story ("Also on the site: ..."). A link of the story
    stands in one of its sentences, inside a paragraph."""
    found: list[Stat] = []
    for container in containers:
        top = page.stats.get(id(container))
        if top is None or top.removed:
            continue
        for stat in page.order[top.index : subtree_end(page, top)]:
            tag = stat.tag
            if tag.name != "a" or stat.text < _BLOCK_LINK_MIN or stat.link < stat.text:
                continue
            if stat.commas or _SENTENCE_STOP.search(tag.get_text(" ")):
                continue  # a sentence set as a link (a quote to share): the story's
            parent = tag.parent
            if parent is None or parent.name not in _BLOCK_HOLDERS or not page.live(stat):
                continue
            if _stands_alone(page, tag):
                found.append(stat)
    return found


def _stands_alone(page: Page, link: Tag) -> bool:
    """`link` has no running text beside it, and paragraphs of text around it."""
    blocks = 0
    for sibling in link.parent.contents if link.parent is not None else ():
        if sibling is link:
            continue
        if isinstance(sibling, Tag):
            stat = page.stats.get(id(sibling))
            if stat is None or stat.text == 0 or sibling.name == "a":
                continue  # another link beside it: a card too, or the story's own
            if stat.inline:
                return False
            blocks += 1
        elif str(sibling).strip():
            return False
    return blocks >= 2


def _within(stat: Stat, blocks: list[Stat]) -> bool:
    return any(stat is block or is_ancestor(block, stat) for block in blocks)


def _in_prose_list(stat: Stat) -> bool:
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
_QUOTED = ("pre", "blockquote")
SENTENCE_END = re.compile(r"[.!?…。！？:：\"”»')\]]\s*$")


# A line of page numbers and the words around them ("Page 1 of 3  2 3 Next »", "« Zurück |
# Seite 2 | Weiter"), each set apart by spaces: the links to the next pages of a story cut
# into pages.
_PAGER = re.compile(
    r"(?:(?:\d{1,3}|"
    + "|".join(re.escape(w) for w in rules.PAGER_WORDS)
    + r"|[^\w\s]+)(?:\s+|$))+",
    re.IGNORECASE,
)
_MAX_PAGER = 200


def _pager(stat: Stat) -> bool:
    text = " ".join(stat.tag.get_text(" ").split())
    if not stat.link or len(text) > _MAX_PAGER or not any(ch.isdigit() for ch in text):
        return False
    return _PAGER.fullmatch(text) is not None


def _label(stat: Stat) -> bool:
    if stat.text >= _MAX_LABEL or stat.n_img or stat.tag.name in _ITEM_TAGS:
        return False
    parent = stat.tag.parent
    if parent is not None and parent.name in _ITEM_TAGS:
        return False  # a loose list's item (`<li><p>..</p></li>`, as Markdown writes it)
    # A line of code or of a quotation (an embedded post) is the story's, whatever its end.
    if stat.tag.name in _QUOTED or stat.tag.find_parent(_QUOTED) is not None:
        return False
    if stat.tag.find("br") is not None:
        return False
    return SENTENCE_END.search(stat.tag.get_text()) is None
