"""The headline: structured values (JSON-LD, meta, <title> without the site's name) and the
page's visible headings, the one they agree on chosen.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator

from bs4 import Tag

from archiver.parse import headline_rules as rules
from archiver.parse.candidates import (
    Collector,
    host_key,
    is_foreign,
    jsonld_strings,
    node_text,
)
from archiver.parse.datetext import date_spans
from archiver.parse.heading_text import (
    continues,
    heading_text,
    line_text,
    overlap,
    shared_tail,
    similar,
    unescape,
    word_set,
)
from archiver.parse.names import normalise
from archiver.parse.page_lines import (
    dated_line,
    heads_links,
    in_a_run,
    leads_prose,
    own_line,
    prose,
    prose_run,
    prose_under,
    text_lines,
)
from archiver.parse.title_parts import (
    ANY_SEPARATOR,
    feed_names,
    is_site_heading,
    looks_like_site,
    marked_as_site,
    names_site,
    notice_names,
    strip_site,
    title_key,
    title_pieces,
    without_name,
)


def _shown_piece(
    c: Collector, title: str, pieces: dict[str, str], parts: dict[str, str]
) -> tuple[str, list[str], str]:
    """The longest part of <title> the page shows as a text of its own (a bold line, a cell,
    not a link): on a page without headings, the headline, where the site's and the
    section's names are shorter or not shown as text. The parts the page shows as the text
    of a link or a linked picture's alt (the site's logo, a section in the navigation). And
    the longest text of its own that <title> opens or ends with, at least half of it,
    whatever joins the rest ("Headline by www.example.com")."""
    body = c.doc.soup.body
    if body is None:
        return "", [], ""
    whole = title_key(title)
    longest = max([len(title), *(len(p) for p in pieces.values())])
    best = opening = ""
    linked: list[str] = []
    for string in body.strings:
        if len(string) > 2 * longest or not string.strip():
            continue
        key = title_key(string)
        # A link's text names a section or the site (navigation, breadcrumbs), not the story.
        if string.parent.name == "a":
            if key in parts:
                linked.append(parts[key])
            continue
        text = pieces.get(key)
        if text is not None and len(text) > len(best):
            best = text
        if (
            rules.MIN_OPENING_SHARE * len(whole) <= len(key) < len(whole)
            and len(key) > len(opening)
            and (whole.startswith(key + " ") or whole.endswith(" " + key))
            # Its element's whole text, on a line of its own: not words of a sentence.
            and title_key(node_text(string.parent)) == key
            and own_line(string.parent)
        ):
            opening = normalise(string)
    for img in body.find_all("img", alt=True, limit=rules.MAX_LOGO_IMAGES):
        text = parts.get(title_key(str(img["alt"])))
        if text is not None and img.parent is not None and img.parent.name == "a":
            linked.append(text)
    return best, linked, opening


def _all_headings(
    c: Collector, site: str | None, host: str, others: tuple[str, ...], whole: Collection[str]
) -> Iterator[tuple[int, Tag, str]]:
    """Every h1-h3 but those naming the site, in document order."""
    nodes = sorted([*c.found.headings, *c.found.subheadings, *c.found.minor_headings])
    for order, node in nodes:
        text = heading_text(node, whole)
        if 0 < len(text) <= 400 and not is_site_heading(node, text, site, host, others):
            yield order, node, text


def choose(c: Collector, site: str | None) -> tuple[str, str, Tag | None]:
    text, source, node = _choose_headline(c, site)
    return _without_dateline(text), source, node


_DATELINE_SEP = re.compile(r"\s*[-–—|:·•/]\s*")


def _without_dateline(text: str) -> str:
    """A headline without a date glued before it ("23.01.2022 - Headline")."""
    if not text[:1].isdigit():
        return text
    spans = date_spans(text[:40])
    if not spans or spans[0][0] != 0:
        return text
    sep = _DATELINE_SEP.match(text, spans[0][1])
    rest = text[sep.end() :] if sep else ""
    return rest if sep and len(rest) >= 10 else text


def _closest_heading(
    c: Collector,
    structured: list[tuple[str, str]],
    site: str | None,
    others: tuple[str, ...],
    marked: bool = False,
) -> tuple[Tag | None, str, str] | None:
    """The heading whose words overlap most with <title> or another structured headline
    (each without the site's name), rather than the first in a fixed order: a whole part of
    <title> and the article's h1 count a little more. A heading that begins or ends with a
    structured value and says a little more (a kicker, "4 Responses to ...") gives way to it."""
    url = c.doc.url
    host = host_key(url)
    values = [(strip_site(v, site, url, others), source) for v, source in structured if v]
    refs = [(said, v, source) for v, source in values if (said := word_set(v))]
    if not refs:
        return None
    pieces = set()
    if structured[-1][1] == "title":
        pieces = {*title_pieces(structured[-1][0]), title_key(values[-1][0])}
    # A heading one of these repeats whole keeps the piece opening it (heading_text).
    whole = {*pieces, *(title_key(v) for v, _ in [*structured, *values])}
    lines: list[tuple[int, Tag]] = []
    unmarked: set[int] = set()
    scored: list[tuple[float, bool, int, Tag, str]] = []
    if marked:
        # Elements a class marks as the headline, and lines set in bold or a large font,
        # where the page has no heading to offer.
        lines = [(order, node) for order, node in c.found.emphasised if own_line(node)]
        # And any text set on a line of its own (a cell, a block), whatever marks it: the
        # headline of a page whose class names say nothing, scored like the rest. One
        # saying what a marked element or a bold line says gives way to that element,
        # which anchors the byline and the date, unless that is an item of a list (a
        # sidebar's recent posts or comments, each under its post's title).
        marked_keys = {
            title_key(node_text(n))
            for _o, n in [*c.found.marked_headings, *lines]
            if not _in_list(n)
        }
        plain = [
            (o, n)
            for o, n in text_lines(c, max(len(v) for v, _ in values))
            if title_key(node_text(n)) not in marked_keys
        ]
        unmarked = {id(n) for _o, n in plain}
        lines += plain
        cands = [
            (order, node, text)
            for order, node in sorted([*c.found.marked_headings, *lines], key=lambda x: x[0])
            if 0
            < len(text := line_text(node) if id(node) in unmarked else heading_text(node, whole))
            <= rules.MAX_MARKED_HEADING_CHARS
            and not is_site_heading(node, text, site, host, others)
        ]
    else:
        cands = list(_all_headings(c, site, host, others, whole))
    parts: list[Tag] = []  # candidates that are a whole part of <title>
    for order, node, text in cands:
        words = word_set(text)
        score = max(overlap(words, ref[0]) for ref in refs) if words else 0.0
        # Nothing but its words marks a plain line: a part of <title> shown as one is the
        # site's or a section's name unless the story's prose follows it.
        story = id(node) not in unmarked or leads_prose(node)
        if not story and score < rules.MIN_HEADING_OVERLAP:
            continue
        if title_key(text) in pieces and story:
            score += rules.TITLE_PART_BONUS
            parts.append(node)
        elif not any(len(w) >= rules.CONTENT_WORD_CHARS for r in refs for w in words & r[0]):
            continue  # "Question of the Day" shares only "of the" with the title
        if score >= rules.MIN_HEADING_OVERLAP:
            foreign = is_foreign(node)
            if node.name == "h1" and not foreign:
                score += rules.H1_BONUS
            scored.append((score, not foreign, -order, node, text))
    if not scored:
        return None
    if marked:
        # An item of a list (a menu, a breadcrumb's trail ending in the page's title, a
        # sidebar's teasers) says the title only to point at the page: a line outside any
        # list saying nearly all of it in its own words is the page's own.
        unlisted = [s for s in scored if not _listed(s[3]) and s[0] >= rules.MIN_RESTATED]
        if unlisted:
            scored = unlisted
        # Of lines saying the title as much, the one the story's prose follows: the banner's
        # name over the menu and the headline over the story are both parts of <title>.
        best = max(scored, key=lambda s: (s[0], s[1], leads_prose(s[3]), s[2]))
    else:
        best = max(scored, key=lambda s: s[:3])
    title = structured[-1][0] if structured[-1][1] == "title" else ""
    best = _content_part(scored, best, parts, cands, title)
    key, words = title_key(best[4]), word_set(best[4])
    inside = [
        (len(w), v, source)
        for w, v, source in refs
        if len(title_key(v)) < len(key)
        and (
            key.endswith(title_key(v))
            # Unless the heading goes on in lower case: then the value was cut short.
            or (key.startswith(title_key(v)) and not continues(best[4], v))
        )
        and len(w) >= rules.MIN_SHARE * len(words)
    ]
    if inside:
        _size, value, source = max(inside)
        return None, value, source
    if not marked and best[3].name != "h1":
        over = _heading_over(c, best[3], refs, site, host, others)
        if over is not None:
            return over, heading_text(over, whole), "h1"
    node = best[3]
    if marked:
        over = _marked_over(c, node, -best[2], refs, site, host, others)
        if over is not None:
            text = heading_text(over, whole)
            c.add("headline", text, "text", f"<{over.name}> over its story")
            return over, text, "text"
    if id(node) in unmarked:
        # A line inside an element marked as the headline (its date or kicker beside it):
        # the marked element anchors the byline and the date, the line gives the text.
        holder = next(
            (m for _o, m in c.found.marked_headings if any(p is m for p in node.parents)), None
        )
        if holder is not None:
            c.add("headline", best[4], "text", f"<{node.name}> in a marked headline", holder)
            return holder, best[4], "text"
    if any(node is line for _order, line in lines) and all(
        node is not marked_node for _order, marked_node in c.found.marked_headings
    ):
        # A bold line is a weaker sign than a heading: its text is the headline, but its
        # element does not anchor the body (a bold line in a sidebar's teaser would).
        c.add("headline", best[4], "text", f"<{node.name}> set as a headline line")
        return None, best[4], "text"
    if node.name not in ("h1", "h2", "h3"):
        c.add("headline", best[4], "text", f"<{node.name}> marked as a headline", node, -best[2])
    return node, best[4], "h1" if node.name == "h1" else "text"


def _longer_part_shown(c: Collector, heading: Tag | None, text: str, title: str) -> str | None:
    """A heading saying a short part of <title> ("The Planet", the banner's) where the page
    shows a longer part, without the heading's words, as a line of its own under it that the
    story's prose follows (an older site's bold headline): the heading names the site or the
    section, the line is the headline."""
    pieces = title_pieces(title)
    key = title_key(text)
    if key not in pieces:
        return None
    longer = {k: v for k, v in pieces.items() if len(k) > len(key) and key not in k}
    if not longer:
        return None
    found_at = [*c.found.headings, *c.found.subheadings, *c.found.minor_headings]
    at = next((order for order, node in found_at if node is heading), None)
    if at is None:
        return None
    found = ""
    for order, line in text_lines(c, max(len(v) for v in longer.values())):
        value = longer.get(title_key(node_text(line)))
        if (
            value is not None
            and len(value) > len(found)
            and line.name != "a"
            and order > at
            and leads_prose(line)
        ):
            found = value
    return found or None


def _in_list(node: Tag) -> bool:
    """An item of a list or inside one."""
    return node.name == "li" or node.find_parent("li") is not None


def _listed(node: Tag) -> bool:
    """An item of a list or inside one, or in the page's navigation."""
    return _in_list(node) or any(
        p.name == "nav" or p.get("role") == "navigation" for p in node.parents
    )


def _heading_over(
    c: Collector,
    node: Tag,
    refs: list[tuple[frozenset[str], str, str]],
    site: str | None,
    host: str,
    others: tuple[str, ...],
) -> Tag | None:
    """The page's one <h1> when `node`, a lesser heading that says more of <title>, comes
    after it with the story's prose between them: a section of the story under its headline
    ("10 tips for ...", the title's wording), not the headline. The <h1> must share a word
    with <title> or another structured headline, and one with the lesser heading."""
    h1s = [
        h
        for _order, h in c.found.headings
        if h.name == "h1"
        and not is_foreign(h)
        and not is_site_heading(h, node_text(h), site, host, others)
    ]
    if len(h1s) != 1:
        return None
    return _over(h1s[0], node, refs)


def _marked_over(
    c: Collector,
    node: Tag,
    order: int,
    refs: list[tuple[frozenset[str], str, str]],
    site: str | None,
    host: str,
    others: tuple[str, ...],
) -> Tag | None:
    """`_heading_over` where the page sets its headings as plain blocks: the nearest element
    before `node` that a class marks as the headline, with the story's prose between them."""
    for marked_order, head in reversed(c.found.marked_headings):
        if marked_order >= order or any(p is head for p in node.parents):
            continue
        if is_foreign(head) or is_site_heading(head, node_text(head), site, host, others):
            continue
        if _over(head, node, refs) is not None:
            return head
    return None


def _over(h1: Tag, node: Tag, refs: list[tuple[frozenset[str], str, str]]) -> Tag | None:
    said = word_set(node_text(h1))

    def shares(ref: frozenset[str]) -> bool:
        return any(len(w) >= rules.CONTENT_WORD_CHARS for w in said & ref)

    # And with the lesser heading: a section of its story is about the same thing, where a
    # post's heading under a blog's name in an <h1> is not.
    if not any(shares(r[0]) for r in refs) or not shares(word_set(node_text(node))):
        return None
    prose = 0
    for i, el in enumerate(h1.next_elements):
        if el is node or i > rules.MAX_PROSE_STRINGS:
            break
        prose += prose_run(el)
    else:
        return None
    return h1 if el is node and prose >= rules.MIN_STORY_PROSE else None


def _story_heading(
    c: Collector,
    structured: list[tuple[str, str]],
    site: str | None,
    host: str,
    others: tuple[str, ...],
    whole: Collection[str],
) -> tuple[Tag, str] | None:
    """Of several <h1> none of which says what <title> says (a promotion's, a section's and
    the story's, the story worded otherwise than its title), the one over the most prose:
    in the largest block that holds it and no other <h1>, sharing a word with a structured
    headline. One in a sidebar or a navigation bar by its class counts only when no other
    is over prose."""
    all_h1 = [node for _order, node in c.found.headings if node.name == "h1"]
    if len(all_h1) < 2:
        return None
    refs = [w for v, _ in structured if (w := word_set(v))]
    held = Counter(id(anc) for node in all_h1 for anc in node.parents)
    h1s = []
    for node in all_h1:
        text = heading_text(node, whole)
        if not 0 < len(text) <= 400 or is_site_heading(node, text, site, host, others):
            continue
        words = word_set(text)
        if refs and not any(len(w) >= rules.CONTENT_WORD_CHARS for r in refs for w in words & r):
            continue
        block = node
        for anc in node.parents:
            if held[id(anc)] > 1:
                break
            block = anc
        h1s.append((is_foreign(node), -prose(block), node, text))
    if not h1s:
        return None
    _foreign, story, node, text = min(h1s, key=lambda h: h[:2])
    if -story < rules.MIN_STORY_PROSE:
        _foreign, story, node, text = min(h1s, key=lambda h: h[1])
    return (node, text) if -story >= rules.MIN_STORY_PROSE else None


def _leading_line(
    c: Collector, site: str | None, host: str, others: tuple[str, ...]
) -> tuple[Tag, str] | None:
    """The heading (h1-h3; where there is none, the line a class marks as the headline or the
    bold or large line of its own) over the most prose: the prose after it up to the next
    such line. No site's name, no line in a sidebar, no date line (a blog's date header), no
    item of a run of like ones (a carousel's slides), no label of a list of links ("Top
    Stories"); a slogan in the banner has no prose under it."""
    lines = [
        (node, text)
        for _order, node, text in _all_headings(c, site, host, others, ())
        if not is_foreign(node) and not dated_line(text) and not _label_or_caption(node)
    ]
    if not lines:
        # Elements a class marks as the headline, and bold or large lines.
        lines = [
            (node, text)
            for _order, node in sorted(
                [*c.found.marked_headings, *c.found.emphasised], key=lambda x: x[0]
            )
            if 0 < len(text := line_text(node)) <= rules.MAX_MARKED_HEADING_CHARS
            and own_line(node)
            and not is_foreign(node)
            and not dated_line(text)
            and not _label_or_caption(node)
            and not is_site_heading(node, text, site, host, others)
        ]
    marks = {id(node) for node, _text in lines}
    best: tuple[int, Tag, str] | None = None
    for node, text in lines:
        if in_a_run(node) or heads_links(node):
            continue  # one of a run of like items (a list, a menu, a carousel), a list's label
        amount = prose_under(node, marks)
        if amount > 0 and (best is None or amount > best[0]):
            best = (amount, node, text)
    return (best[1], best[2]) if best is not None else None


def _label_or_caption(node: Tag) -> bool:
    """A line ending in a colon labels what follows ("Contact:"); a line in a <figure>
    captions its picture: neither is a headline."""
    shown = node.get_text().rstrip()  # the line as shown: `text` is without its colon
    return shown.endswith((":", "：")) or node.find_parent("figure") is not None


def _in_content(node: Tag) -> bool:
    """Inside <main> or <article>, or an element whose role says it is one."""
    return any(
        parent.name in ("main", "article") or parent.get("role") in ("main", "article")
        for parent in node.parents
    )


def _content_part(
    scored: list[tuple[float, bool, int, Tag, str]],
    best: tuple[float, bool, int, Tag, str],
    parts: list[Tag],
    cands: list[tuple[int, Tag, str]],
    title: str,
) -> tuple[float, bool, int, Tag, str]:
    """Two headings, each a whole part of <title> ("Data Types - The Field Guide"): one is
    the page's title, the other the site's name in its banner. The markup tells which: the
    page's own sits in <main> or <article>, the banner's outside them. The page's own need
    not be a whole part: the first heading there saying all the rest of <title> is it
    ("Error code E0074" under "E0074 - Error codes index", a one-word "Elision", an <h2>
    "Path" under "Path | Node.js Documentation" whose <h1> is the banner's)."""
    if not any(best[3] is node for node in parts) or _in_content(best[3]):
        return best
    inner = [s for s in scored if any(s[3] is node for node in parts) and _in_content(s[3])]
    if inner and title_key(inner[0][4]) != title_key(best[4]):
        return max(inner, key=lambda s: s[:3])
    own = _page_own(best[3], best[4], title, cands)
    return best if own is None else (best[0], True, -own[0], own[1], own[2])


def _page_own(
    node: Tag, text: str, title: str, cands: Iterable[tuple[int, Tag, str]]
) -> tuple[int, Tag, str] | None:
    """Where `node`, saying `text` (a part of <title>), is outside <main> and <article>: the
    first heading inside them that says all the rest of <title>, most of its words from it.
    That is the page's own title, `node` the banner's name of the site or the book."""
    if not title or _in_content(node):
        return None
    said = word_set(title)
    rest = said - word_set(text)
    if not rest:
        return None
    for order, cand, cand_text in cands:
        words = word_set(cand_text)
        if (
            cand.name in ("h1", "h2", "h3")
            and _in_content(cand)
            and not is_foreign(cand)
            and rest <= words
            and len(words & said) >= rules.MIN_HEADING_PRECISION * len(words)
        ):
            return order, cand, cand_text
    return None


def _without_outliers(
    structured: list[tuple[str, str]], site: str | None, url: str | None, others: tuple[str, ...]
) -> list[tuple[str, str]]:
    """The structured headlines without one that says nothing the others say, where two
    sources of different kinds agree (a video's JSON-LD name beside the story's og:title and
    <title>): it names another item of the page."""
    words = [word_set(strip_site(v, site, url, others)) for v, _ in structured]
    keys = [title_key(v) for v, _ in structured]
    out = []
    for i, (value, source) in enumerate(structured):
        rest = [j for j in range(len(structured)) if keys[j] != keys[i]]
        if (
            source != "title"
            and words[i]
            and all(similar(words[i], words[j]) < rules.MIN_AGREEMENT for j in rest)
            and any(
                structured[j][1] != structured[k][1]
                and similar(words[j], words[k]) >= rules.MIN_HEADING_OVERLAP
                for j in rest
                for k in rest
                if j < k
            )
        ):
            continue
        out.append((value, source))
    return out


def _choose_headline(c: Collector, site: str | None) -> tuple[str, str, Tag | None]:
    url = c.doc.url
    host = host_key(url)
    others, feed_headline = feed_names(c.found.feeds)
    # The site's name as its banner heading shows it, to cut from <title> like a feed's.
    for _order, node in c.found.headings[: rules.MAX_BANNER_HEADINGS]:
        text = node_text(node)
        if 3 <= len(text) <= rules.MAX_SITE_NAME_CHARS and marked_as_site(node, text):
            others = (*others, text)
    title = unescape(c.found.title)
    if site is None and title:
        # No metadata names the site: its copyright notice does, where <title> says that
        # name whole or in a part of its own ("Headline - Daily Courier"), not glued to a
        # headline's last word ("Wir sind NEOS" beside "©NEOS").
        said = {title_key(p) for p in ANY_SEPARATOR.split(title)}
        others = (*others, *(n for n in notice_names(c.doc.soup) if title_key(n) in said))
    structured: list[tuple[str, str]] = []
    if c.jsonld is not None:
        for prop in ("headline", "name", "alternativeHeadline"):
            for s in jsonld_strings(c.jsonld.get(prop), c.ids)[:1]:
                value = unescape(s)
                c.add("headline", value, "json-ld", prop)
                structured.append((value, "json-ld"))
    for key in rules.META_HEADLINE:
        for raw in c.found.meta.get(key, [])[:1]:
            value = unescape(raw)
            c.add("headline", value, "meta", key)
            structured.append((value, "meta"))
    # A visible element marked itemprop=headline (microdata) says the headline as the page's
    # own structured data does, when it is the page's one such text (a list of teasers
    # marks one in each).
    marked = {
        title_key(text): text
        for _order, prop, node in c.found.itemprops
        if prop == "headline"
        and node.name != "meta"
        and not is_foreign(node)
        and 0 < len(text := heading_text(node)) <= 400
    }
    if len(marked) == 1:
        value = next(iter(marked.values()))
        c.add("headline", value, "meta", "itemprop=headline")
        structured.append((value, "meta"))
    # A template's default og:title or JSON-LD name: the site's name, on every page.
    structured = [(v, src) for v, src in structured if not looks_like_site(v, site, host, others)]
    if feed_headline:
        c.add("headline", feed_headline, "meta", "comments feed title")
        structured.append((feed_headline, "meta"))
    # A <title> that is the site's name alone (an older site's every page, a blog's), as a
    # link to the home page, the banner's heading or a feed's title shows it, says no
    # headline.
    only_site = bool(title) and names_site(
        strip_site(title, site, url, others), others, c.found.home_links
    )
    if title and not only_site:
        stripped = strip_site(title, site, url, others)
        detail = "<title>" + (" without site" if stripped != title else "")
        c.add("headline", stripped, "title", detail)
        structured.append((stripped, "title"))
    if c.jsonld_type in rules.MEDIA_TYPES:
        # The JSON-LD read is a video or a picture of the page (it has no article object):
        # its name is that item's unless the page's other sources say the same.
        structured = _without_outliers(structured, site, url, others)
    keys: dict[str, tuple[str, str]] = {}
    for value, source in structured:
        for variant in (value, strip_site(value, site, url, others)):
            if variant:
                keys.setdefault(title_key(variant), (variant, source))
    # A heading one of these repeats whole keeps the piece opening it (heading_text).
    whole = {*keys, *(title_pieces(strip_site(title, site, url, others)) if title else ())}
    visible: list[tuple[int, Tag, str]] = []
    for order, node in c.found.headings:
        text = heading_text(node, whole)
        if 0 < len(text) <= 400:
            source = "h1" if node.name == "h1" else "text"
            c.add("headline", text, source, f"<{node.name}>", node, order)
            if not is_foreign(node) and not is_site_heading(node, text, site, host, others):
                visible.append((order, node, text))
    for order, prop, node in c.found.itemprops:
        if prop == "headline" and node.name != "meta" and all(node is not v[1] for v in visible):
            text = heading_text(node, whole)
            if 0 < len(text) <= 400 and not is_foreign(node):
                visible.append((order, node, text))
    visible.sort(key=lambda v: v[0])

    def kind(node: Tag) -> str:
        return "h1" if node.name == "h1" else "text"

    # A visible heading that some structured source repeats is the article's own headline.
    for _order, node, text in visible:
        if title_key(text) in keys:
            return text, kind(node), node
    # Secondary headings (any h2) count only when a structured source repeats them.
    for order, node in c.found.subheadings:
        text = heading_text(node, whole)
        if (
            0 < len(text) <= 400
            and title_key(text) in keys
            and not is_foreign(node)
            and not is_site_heading(node, text, site, host, others)
        ):
            c.add("headline", text, "text", "<h2>", node, order)
            return text, "text", node
    # A kicker or a dateline glued on one side ("Pandemic - The headline"): the shorter wins.
    for _order, node, text in visible:
        k = title_key(text)
        for sk, (value, source) in keys.items():
            if len(sk) < 12 or len(k) < 12 or sk == k:
                continue
            # A shorter structured headline at the start of the visible one is the headline
            # and the rest a subtitle or a dateline, unless the rest goes on in lower case:
            # then the structured one was cut short.
            if len(sk) < len(k) and (
                k.endswith(sk) or (k.startswith(sk) and not continues(text, value))
            ):
                return value, source, node
            if len(k) < len(sk) and sk.endswith(k):
                # Unless it is the banner's name of the site, and the page's own title is a
                # heading in <main> ("Path | Node.js Documentation", its <h1> the latter).
                own = _page_own(node, text, title, _all_headings(c, site, host, others, whole))
                if own is not None:
                    return own[2], kind(own[1]), own[1]
                return text, kind(node), node
    # The heading that says most of what <title> says: a part of it ("Blog name: Post
    # title"), or the headline with a dateline glued on where the title adds a section.
    closest = _closest_heading(c, structured, site, others)
    if closest is not None:
        longer = _longer_part_shown(c, closest[0], closest[1], title) if title else None
        if longer is not None:
            c.add("headline", longer, "text", "a longer part of <title> over the story")
            return longer, "text", None
        return closest[1], closest[2], closest[0]
    story = _story_heading(c, structured, site, host, others, whole)
    if story is not None:
        # A weaker sign than a title's agreement: its text is the headline, but its element
        # does not anchor the body (a wrong one would take the body with it).
        c.notes.append("headline: the <h1> over the most prose")
        return story[1], "h1", None
    h1s = [v for v in visible if v[1].name == "h1"]
    if len(h1s) == 1:
        return h1s[0][2], "h1", h1s[0][1]
    if (only_site or not title) and not structured:
        # Nothing but the page says the headline (no <title>, or one that is only the
        # site's name): the heading, else the bold or large line of its own, that the
        # story's prose follows.
        lead = _leading_line(c, site, host, others)
        if lead is not None:
            c.add("headline", lead[1], "text", f"<{lead[0].name}> over the story")
            return lead[1], "h1" if lead[0].name == "h1" else "text", lead[0]
    shared = shared_tail([strip_site(v, site, url, others) for v, _ in structured if v])
    if shared:
        return shared, structured[0][1], None
    # The structured value most sources agree on; on a tie, JSON-LD and meta before <title>.
    plain = [(strip_site(v, site, url, others), source) for v, source in structured if v]
    votes = Counter(title_key(v) for v, _ in plain)
    ranked = sorted(
        enumerate(plain), key=lambda x: (-votes[title_key(x[1][0])], x[1][1] == "title", x[0])
    )
    if ranked and ranked[0][1][1] != "title":
        return ranked[0][1][0], ranked[0][1][1], None
    if title:
        closest = _closest_heading(c, structured, site, others, marked=True)
        if closest is not None:
            return closest[1], closest[2], closest[0]
        stripped = strip_site(title, site, url, others)
        split = ANY_SEPARATOR.split(stripped)
        parts = {title_key(p): p.strip() for p in split if title_key(p)}
        shown, linked, opening = _shown_piece(c, stripped, title_pieces(stripped), parts)
        longest = max(len(p) for p in split)
        if opening and len(opening) > len(shown):
            c.notes.append("headline: the opening or the end of <title> the page shows as text")
            return opening, "title", None
        if shown and len(shown) < longest:
            # A part shorter than another, shown on its own (in the footer, beside the logo):
            # the site's or the section's name, which an end of <title> gives, not the story.
            c.notes.append("headline: the part of <title> the page shows as text is the site")
            return without_name(stripped, shown), "title", None
        if shown:
            c.notes.append("headline: the part of <title> the page shows as text")
            return shown, "title", None
        # Parts the page shows as links (the logo's alt, a section in the navigation), each
        # shorter than the longest part, are cut from the ends of the title.
        names = tuple(name for name in linked if len(name) < longest)
        if names:
            cut = strip_site(stripped, site, url, (*others, *names))
            if cut != stripped:
                c.notes.append("headline: parts of <title> the page shows as links cut")
            return cut, "title", None
        return stripped, "title", None
    if h1s:
        return h1s[0][2], "h1", h1s[0][1]
    return "", "", None


__all__ = ["choose"]
