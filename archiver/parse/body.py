"""Document -> the article's main content as Markdown (main-content detection on the soup).

Runs of text set apart by blank lines (two <br>) become paragraphs first, then one walk over
the tree gathers text, link text, clause marks and paragraph counts per element
(body_page.py); page furniture is set aside by tag, visibility and class/id words
(body_clean.py, words in rules.py); prose blocks score their ancestors and the best-scoring
container is chosen, checked against a second finder and the story the page marks, and
widened to the ancestor or the blocks before it that add nothing but prose (body_choice.py);
its kindred siblings, the parts of a split story and its lead join it
(body_join.py); the cleaning inside it sets aside link lists and labels (body_clean.py);
markdown.py converts what is left, and body_text.py tidies the Markdown's two ends.
"""

from __future__ import annotations

import re

from bs4.element import Tag

from archiver.parse import author_rules, rules
from archiver.parse.body_choice import (
    best_container,
    climb,
    picture_post,
    score_page,
    second_opinion,
    story_under_headline,
)
from archiver.parse.body_clean import (
    clean,
    drop_furniture,
    drop_heading_controls,
    link_runs,
    picture_line,
)
from archiver.parse.body_join import (
    prose_siblings,
    with_lead,
    with_lead_picture,
    with_neighbours,
    with_parts,
)
from archiver.parse.body_page import (
    Page,
    Stat,
    folded_text,
    is_caption_name,
    names_both,
    paragraphs_at_breaks,
    subtree_end,
)
from archiver.parse.body_text import (
    Body,
    checked_against_jsonld,
    with_credits_marked,
    without_ad_labels,
    without_closing_section,
    without_link_rows,
    without_masthead,
    without_share_bars,
    without_tool_rows,
    without_trailing_calls,
)
from archiver.parse.datetext import date_spans, without_dates
from archiver.parse.density import prose_of
from archiver.parse.document import Document
from archiver.parse.dom import child_within, line_block, lines_of
from archiver.parse.markdown import to_markdown
from archiver.parse.metadata import Metadata
from archiver.parse.names import BYLINE_START, READING_TIME

# A headline or byline is a line or two; a node longer than this holds more than that
# (a dateline paragraph that opens the story, or the whole story).
_MAX_HEADLINE_CHARS = 400
_CAPTION_MAX = 600
_MAX_BYLINE_CHARS = 200


def _keep_out(meta: Metadata, lines: list[Tag]) -> set[int]:
    """The headline's and the byline's elements, and `lines` (_byline_lines), that the body
    leaves out."""
    headline = meta.headline_node
    limits = [(headline, _MAX_HEADLINE_CHARS)]
    # A byline's element that holds the headline is the post's box, not its byline line
    # (a short post, or one of pictures only, has as little text as a byline).
    limits.extend(
        (node, _MAX_BYLINE_CHARS)
        for node in meta.byline_nodes
        if not _holds_headline(node, headline)
    )
    out = {
        id(node)
        for node, limit in limits
        if node is not None
        and len(node.get_text(" ", strip=True)) <= limit
        and not _story_line(node)
    }
    out.update(id(line) for line in lines)
    return out


def _story_line(node: Tag) -> bool:
    """Whether a short byline's or date's element also holds a line of the story, set apart
    by a break ("Posted on March 3, 2012<br>The council voted..."): a line with no date in
    it, as long as a sentence; or, in one line, a sentence after the date ("March 3, 2012.
    The council voted to mend the bridge."). Left out whole, the element would take the
    story's words with it."""
    if node.find("br") is None:
        text = node.get_text(" ", strip=True)
        spans = date_spans(text)
        if not spans:
            return False
        after = text[spans[-1][1] :].lstrip(" .,;:|-–—")
        return len(after) >= _STORY_LINE and _SENTENCE.search(after) is not None
    return any(len(line) >= _STORY_LINE and not date_spans(line) for line in lines_of(node))


# A line this long without a date, beside a byline or a date, is a line of the story.
_STORY_LINE = 60
# A sentence: words, then its end.
_SENTENCE = re.compile(r"\w{2,}[^.!?]*\s\w+[.!?](?:\s|$)")


def _byline_lines(meta: Metadata) -> list[Tag]:
    """The byline's lines around its names (_byline_line), but one holding the headline."""
    headline = meta.headline_node
    texts = [node.get_text(" ", strip=True) for node in meta.byline_nodes]
    lines = [
        _byline_line(node, own, [t for t in texts if t and t != own])
        for node, own in zip(meta.byline_nodes, texts, strict=True)
    ]
    return [line for line in lines if line is not None and not _holds_headline(line, headline)]


def _holds_headline(tag: Tag, headline: Tag | None) -> bool:
    return headline is not None and any(tag is above for above in headline.parents)


def _byline_line(node: Tag, own: str, others: list[str]) -> Tag | None:
    """The line a byline's name (`node`, saying `own`) sits in when the rest of it is a
    byline word, the other writers' names (`others`: the other byline elements' texts) and
    words joining them, a date, a reading time or the writer's role, or nothing ("By <a
    href=/authors/ann>Ann Lee</a>", "<div>5 March 2021</div>von <a>Ann Lee</a>", "<a>Ann
    Lee</a>, Staff Writer", "<a>Ann Lee</a> and <a>Bob Roe</a> · 4 min read"): the whole line
    is the byline, not the name alone, or a lone "By" or "and" stays in the story. The
    largest such box around the name, at most a byline's length and holding no picture, list
    or paragraph beside it; None where there is none."""
    line: Tag | None = None
    path = {id(node)}
    for above in node.parents:
        if above.name in ("body", "html"):
            break
        text = above.get_text(" ", strip=True)
        if len(text) > _MAX_BYLINE_CHARS:
            break
        path.add(id(above))
        if text == own:
            continue  # the name's wrapper: the line is further up
        rest = text.replace(own, " ", 1) if own else text
        for name in others:
            rest = rest.replace(name, " ", 1)
        if not _byline_words(rest):
            break
        if any(
            id(el) not in path and child_within(el, node) is None
            for el in above.find_all(_NOT_BYLINE)
        ):
            break  # a picture, a list, a paragraph beside the name: more than a line
        line = above
    return line


def _byline_words(rest: str) -> bool:
    """`rest` says nothing but a byline word, words joining names, a date, a reading time and
    a writer's role."""
    rest = READING_TIME.sub(" ", without_dates(rest)).strip(_MARKS)
    start = BYLINE_START.match(rest)
    if start is not None:
        rest = rest[start.end() :].strip(_MARKS)
    joining = author_rules.JOINING_WORDS
    rest = " ".join(w for w in rest.split() if w.casefold() not in joining).strip(_MARKS)
    return not rest or rest.casefold() in author_rules.WRITER_ROLES or _outlet_role(rest)


def _outlet_role(text: str) -> bool:
    """A writer's role with the outlet or desk before it, in capitals as a credit writes it
    ("Associated Press Writer", "AP Business Writer", "Times Staff Writer")."""
    words = text.split()
    return (
        2 <= len(words) <= 4
        and all(word[:1].isupper() for word in words)
        and words[-1].casefold() in author_rules.WRITER_ROLES
    )


# What a byline's line holds besides the name's element (which may hold a small portrait) only
# when it is more than a line.
_NOT_BYLINE = [
    "img",
    "picture",
    "video",
    "iframe",
    "figure",
    "table",
    "ul",
    "ol",
    "dl",
    "p",
    *rules.HEADING_TAGS,
]
# What sets a byline's parts apart ("By Ann Lee | 5 March 2021").
_MARKS = " \u00a0|·•-–—:/,."


def extract_body(doc: Document, meta: Metadata) -> Body:
    """Find the article's main content in `doc` and return it as Markdown."""
    soup = doc.soup
    root = soup.body or soup.find("html") or soup
    if not isinstance(root, Tag):
        return Body()
    byline_lines = _byline_lines(meta)
    keep_out = _keep_out(meta, byline_lines)
    headline = folded_text(meta.headline) if meta.headline else ""
    paragraphs_at_breaks(root)
    drop_heading_controls(root)
    try:
        page = Page(root, keep_out)
    except RecursionError:
        return Body(provenance={"body": "none"})
    drop_furniture(page)
    score_page(page)
    anchor = meta.headline_node
    if anchor is None and meta.headline_shown is not None:
        # The element showing the headline's text places the story when the headline is a
        # line of its own there (not the last step of a breadcrumb or a teaser's link).
        shown = page.stats.get(id(meta.headline_shown))
        line = line_block(meta.headline_shown)
        own = folded_text(line.get_text(" ")) == headline
        if shown is not None and not shown.removed and own:
            anchor = meta.headline_shown
            page.marks[id(anchor)] = shown.index
    best = story_under_headline(page, best_container(page, anchor), anchor)
    best, how = second_opinion(page, best, meta.jsonld_body)
    post = picture_post(page, best, anchor) if how != "marked" else []
    if post:
        best, how = page.stats[id(post[0].parent)], "pictures"
    if best is None:
        return Body(provenance={"body": "none"})
    start = page.marks.get(id(anchor), -1) if anchor is not None else -1
    if start > subtree_end(page, best):
        start = -1  # a headline below the story (broken markup): no bound
    before: list[Tag] = []
    if how in ("", "density"):
        best, before = climb(page, best, anchor, start)
    if how == "page":
        containers = [best.tag]  # all there is
    elif how == "pictures":
        containers = post
    elif how == "marked":
        # The page's own word, with the standfirst before it (no siblings: a gallery or
        # teasers beside the story are what the mark rules out).
        containers = with_neighbours(page, best, [best.tag], start)
        containers = with_lead(page, containers, start)
    else:
        parts = prose_siblings(page, best, start)
        parts = with_parts(page, best, parts, start)
        # The story's blocks before the container the climb found, else the prose of a
        # close ancestor before it.
        containers = [*before, *parts] if before else with_neighbours(page, best, parts, start)
        containers = with_lead(page, containers, start)
    if how not in ("page", "pictures"):
        containers = with_lead_picture(page, containers, start)
    spared = clean(page, containers, keep_out)
    link_runs(page, containers, spared)
    skipped: set[int] = set(keep_out)
    # Where the byline's elements were (the index in page.order of what follows each): a
    # line saying the headline right over one is the headline shown as text over its byline
    # (the byline is kept out of the body, so the Markdown no longer shows it under it).
    bylines = [
        page.marks[id(n)] for n in [*meta.byline_nodes, *byline_lines] if id(n) in page.marks
    ]
    shown_over_byline = False

    def over_byline(stat: Stat) -> bool:
        end = subtree_end(page, stat)
        return any(
            mark >= end and all(not o.text for o in page.order[end:mark]) for mark in bylines
        )

    tops = [s for s in (page.stats.get(id(c)) for c in containers) if s is not None]
    above = _above_headline(page, tops, anchor, start)
    # What starts before the headline and does not hold it ends before it.
    around = {id(t) for t in anchor.parents} if anchor is not None and above >= 0 else set()

    def skip(tag: Tag) -> bool:
        nonlocal shown_over_byline
        if id(tag) in skipped:
            return True
        stat = page.stats.get(id(tag))
        if stat is None or stat.removed:
            return True
        if stat.index < above and id(tag) not in around and not _lead_picture(tag):
            return True  # above the headline in the box that holds it: the page's top
        if not headline:
            return False
        if tag.name in rules.HEADING_TAGS:
            return folded_text(tag.get_text(" ")) == headline
        if (
            meta.headline_node is None
            and stat.text <= 2 * len(headline)
            and over_byline(stat)
            and folded_text(tag.get_text(" ")) == headline
        ):
            shown_over_byline = True
        return False

    def caption(tag: Tag) -> bool:
        # A block named as a figure's caption or credit, short enough to be one; a heading
        # only when named for a picture's caption ("figure__caption", not a "caption-s5"
        # typography class on a standfirst). Whatever its name, the line of a picture.
        if picture_line(page, tag, tops, _CAPTION_MAX):
            return True
        if tag.name in rules.HEADING_TAGS:
            if not names_both(tag, rules.CAPTION_BLOCK_WORDS, rules.PICTURE_WORDS):
                return False
        elif not is_caption_name(tag, rules.CAPTION_BLOCK_WORDS):
            return False
        stat = page.stats.get(id(tag))
        return stat is not None and stat.text <= _CAPTION_MAX

    markdown = to_markdown(containers, doc.base_url or doc.url, skip, caption)
    names = [a.name for a in meta.authors if " " in a.name.strip()]
    # With the page's top left out, a headline opening the body is the page's, not a title
    # the story repeats for itself.
    markdown = without_masthead(markdown, meta.headline, names, shown_over_byline or above >= 0)
    markdown = without_link_rows(without_trailing_calls(without_ad_labels(markdown), names))
    markdown = without_share_bars(without_closing_section(without_closing_section(markdown)))
    markdown = without_tool_rows(markdown)
    markdown = with_credits_marked(markdown)
    checked = checked_against_jsonld(markdown, meta.jsonld_body, doc.base_url or doc.url)
    if how and checked.provenance.get("body") == "content":
        checked.provenance["body"] = how
    return checked


def _above_headline(page: Page, tops: list[Stat], anchor: Tag | None, start: int) -> int:
    """Where the headline stands in `page.order` (`start`), when one of the chosen containers
    holds it (a story set directly in <body>, or in the one cell of an old page's table):
    its blocks wholly above the headline are the page's top (a masthead, a menu, a date
    line of the site), not the story's; a picture among them that is no link may be the
    story's lead, and stays. -1 (nothing above) otherwise."""
    if anchor is None or start < 0 or not page.prose:
        return -1
    holders = {id(tag) for tag in anchor.parents}
    holder = next((top for top in tops if id(top.tag) in holders), None)
    if holder is None:
        return -1
    # The page's top reads as no story; much prose above the headline is the story itself,
    # the headline shown again below it (a recipe card repeating its title).
    above = sum(
        prose_of(s)
        for s in page.order[holder.index + 1 : start]
        if not s.inline and id(s.tag) not in holders and page.live(s)
    )
    if above > _ABOVE_SHARE * page.prose[holder.index]:
        return -1
    return start


# The share of the container's prose above the headline past which it is no page top.
_ABOVE_SHARE = 0.15


def _lead_picture(tag: Tag) -> bool:
    """Whether `tag` shows a picture that is no link (a logo links to the home page)."""
    pictures = [tag] if tag.name == "img" else tag.find_all("img")
    return any(p.find_parent("a") is None for p in pictures)


__all__ = ["Body", "extract_body"]
