"""The authors: JSON-LD and meta authors a reader can see on the page, else the visible byline
nearest the headline, else a byline written as text after it (author_text.py). Byline text ->
names is names.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain
from typing import Any

from bs4 import Tag

from archiver.models import Author
from archiver.parse import author_rules as rules
from archiver.parse import metadata_rules as page_rules
from archiver.parse.author_checks import (
    has_words,
    is_domain_of,
    named_after,
    only_in_chrome,
    site_desk,
    visible_text,
)
from archiver.parse.author_text import (
    BYLINE_END,
    BYLINE_START,
    BYLINE_WORD,
    dateline_anywhere,
    hidden,
    in_teaser,
    quoted,
    tag_links,
    text_byline,
    text_byline_in_place,
    text_without,
)
from archiver.parse.candidates import (
    Collector,
    absolute_url,
    alnum,
    class_words,
    element_words,
    fold,
    host_key,
    in_comments,
    is_foreign,
    jsonld_strings,
    jsonld_types,
    node_text,
    resolve_id,
)
from archiver.parse.datetext import date_spans
from archiver.parse.dom import elements, lines_of, rels
from archiver.parse.names import normalise, split_byline


def _jsonld_authors(
    value: Any, ids: dict[str, dict[str, Any]], publishers: frozenset[str] = frozenset()
) -> list[Author]:
    """Authors named in a JSON-LD `author`; the publishing organisation itself is no author."""
    out: list[Author] = []
    items = value if isinstance(value, list) else [value]
    for item in items[:20]:
        item = resolve_id(item, ids)
        url: str | None = None
        if isinstance(item, dict):
            types = jsonld_types(item)
            if (
                "organization" in types
                and "person" not in types
                and alnum(item.get("name")) in publishers
            ):
                continue
            raw = item.get("name")
            link = item.get("url") or item.get("sameAs")
            if isinstance(link, list):
                link = next((x for x in link if isinstance(x, str)), None)
            url = link if isinstance(link, str) and link.startswith("http") else None
            if isinstance(raw, list):
                raw = " and ".join(x for x in raw if isinstance(x, str))
            if not isinstance(raw, str):
                given, family = item.get("givenName"), item.get("familyName")
                raw = " ".join(x for x in (given, family) if isinstance(x, str))
        else:
            raw = item
        if not isinstance(raw, str) or raw.startswith("http"):
            continue
        names = split_byline(raw, strict=False)
        for name in names:
            out.append(Author(name=name, url=url if len(names) == 1 else None))
    return out


def _own_foreign(node: Tag, foreign: frozenset[str] = page_rules.FOREIGN_WORDS) -> bool:
    return bool(element_words(node) & foreign)


# The class words of everything set apart from the article but the writer's own box.
_OUTSIDE_BOX = page_rules.FOREIGN_WORDS - rules.WRITER_BOX_WORDS


def _byline_candidates(
    c: Collector,
    site: str | None,
    headline_order: int,
    in_box: bool = False,
    beside: list[Tag] | None = None,
) -> Iterator[tuple[list[Author], str, str, Tag, int]]:
    """(authors, source, detail, node, order) from the visible page, best first; with
    `in_box`, those only a writer's box holds (a bio box, "about the author"); with
    `beside`, those set apart from the article that share a small box with one of these."""
    seen: set[int] = set()
    items: list[tuple[int, int, Tag, str]] = []
    for order, node in c.found.bylines:
        items.append((0, order, node, "byline"))
    for order, prop, node in c.found.itemprops:
        if prop in ("author", "creator") and node.name != "meta":
            items.append((0, order, node, "itemprop"))
    for order, node in c.found.author_links:
        items.append((1, order, node, "link"))
    # The byline and the date often share one line ("Posted on May 3 by Ann Lee"): a
    # dateline holding a date and naming someone after a byline word is a byline.
    for order, node in c.found.datelines:
        items.append((1, order, node, "dateline"))
    # Closest to the headline first; comment authors and bio boxes never.
    items.sort(key=lambda i: (i[0], abs(i[1] - headline_order) if headline_order >= 0 else i[1]))
    for _rank, order, node, detail in items:
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.name in ("h1", "h2"):
            continue
        foreign = _own_foreign(node) or is_foreign(node, c.safe)
        if beside is not None:
            if not foreign or not _shares_box(node, beside, c):
                continue
        elif foreign != in_box or (
            in_box
            and (
                _own_foreign(node, _OUTSIDE_BOX)
                or is_foreign(node, c.safe, _OUTSIDE_BOX)
                or not _box_links_writer(node, c)
            )
        ):
            continue
        if hidden(node) or quoted(node) or in_teaser(node):
            continue
        if detail == "link" and not _link_in_place(node):
            continue
        text = node_text(node)
        if not text or len(text) > 200:
            continue
        text = _shown_text(node, text)
        if detail == "dateline":
            # Only a line that holds a date is a dateline: a teaser's sentence ("... die
            # Modelle von Nordwagen und Südmobil") or a post's tag line in a date-like class
            # is none.
            said = BYLINE_WORD.search(text)
            if said is None or not date_spans(text):
                continue
            text = text[said.start() :]
        # The person's name, when the byline marks it, is better than the whole line.
        inner = None
        for prop_node in node.find_all(True, attrs={"itemprop": "name"}, limit=5):
            if not _names_a_person(prop_node, node):
                continue
            inner = (inner + " and " if inner else "") + node_text(prop_node)
        if inner is None:
            inner = _marked_names(node)
        names = split_byline(inner or text, site, strict=True)
        if not names and inner is None:
            # A block of several lines (the name in a heading, "Follow me" and the profile
            # links below it) reads line by line: the name is the line that is one.
            names = split_byline(_lines(node), site, strict=True)
        if not names and inner is None:
            names = _linked_name(node, text, c, site, detail)
        if not names:
            continue
        link_url = None
        link = node if node.name == "a" else node.find("a", href=True)
        if isinstance(link, Tag):
            href = link.get("href")
            if isinstance(href, str) and len(names) == 1:
                link_url = absolute_url(href, c.doc)
        authors = [Author(name=n, url=link_url) for n in names]
        yield authors, "byline", detail, node, order


def _linked_name(node: Tag, text: str, c: Collector, site: str | None, detail: str) -> list[str]:
    """The name a byline gives as the whole text of a link to the writer's page, as the site
    writes it: "by <a href=/profile/123>Ann lee</a>" is a name, not prose, though one of its
    words is in lower case. Two signals agree: the link to a writer's page, and the element
    marked as a byline or, for a link alone, a byline word just before it (a menu's
    "Registered members" link to the members' list has none)."""
    link = node if node.name == "a" else node.find("a", href=True)
    if not isinstance(link, Tag):
        return []
    if detail == "link":
        before = link.find_previous(string=lambda s: bool(s.strip()))
        if before is None or not BYLINE_END.search(str(before)):
            return []
    if not c.found.is_author_link(link):
        return []
    name = normalise(node_text(link))
    said = BYLINE_START.match(text)
    rest = text[said.end() :] if said else text
    if normalise(rest).strip(" :") != name or not name[:1].isupper():
        return []
    words = name.split()
    if len(words) > 3 or not all(w.isalpha() for w in words):
        return []
    return split_byline(name, site, strict=False)[:1]


def _shown_text(node: Tag, text: str) -> str:
    """`node`'s text as a sighted reader sees it and without the post's tags: without the
    text set apart for screen readers only (`sr-only`, `screen-reader-text`: "von Ann Lee
    <span class=sr-only>The Courier</span>") and the links to its tags' and categories'
    pages ("by Ann Lee in <a href=/category/news/>News</a>")."""
    unseen = [
        el
        for el in elements(node, has="class")
        if not rules.SCREEN_READER_CLASSES.isdisjoint(_classes(el))
    ]
    return text_without(node, text, [*unseen, *tag_links(node)])


def _classes(el: Tag) -> frozenset[str]:
    value = el.get("class")
    words = value if isinstance(value, list) else str(value or "").split()
    return frozenset(str(w).casefold() for w in words)


def _box_links_writer(node: Tag, c: Collector) -> bool:
    """The writer's box around `node` links to a writer's page (rel=author, an author path):
    the box's class and the link agree that it is a writer's, not the site's "about" box."""
    for el in (node, *node.parents):
        if el.name in ("body", "html", "[document]"):
            return False
        if _own_foreign(el, rules.WRITER_BOX_WORDS):
            return any(c.found.is_author_link(a) for a in elements(el, "a", "href"))
    return False


def _lines(node: Tag) -> str:
    """`node`'s text with its lines apart (dom.lines_of), joined by a bar."""
    return " | ".join(lines_of(node))


def choose(
    c: Collector, site: str | None, headline_order: int, start: Tag | None
) -> tuple[list[Author], str, list[Tag]]:
    publishers = {alnum(site)} if site else set()
    if c.jsonld is not None:
        publishers.update(alnum(n) for n in jsonld_strings(c.jsonld.get("publisher"), c.ids))
    publishers.discard("")
    frozen = frozenset(publishers)
    host = host_key(c.doc.url)
    jsonld_authors: list[Author] = []
    if c.jsonld is not None:
        for prop in ("author", "creator"):
            jsonld_authors = _jsonld_authors(c.jsonld.get(prop), c.ids, frozen)
            jsonld_authors = [a for a in jsonld_authors if not site_desk(a.name, frozen, host)]
            if jsonld_authors:
                c.add("authors", jsonld_authors, "json-ld", prop)
                break
    meta_authors: list[Author] = []
    for key in (*rules.META_AUTHOR, *_labelled_authors(c.found.meta)):
        # One tag per author (citation_author, article:author) or all in one.
        names: list[str] = []
        for value in c.found.meta.get(key, [])[:20]:
            if value.startswith("http") or value.startswith("@"):
                continue
            # A CMS's default author is often the site itself: that names no one.
            for n in split_byline(value, site, strict=False):
                if (
                    alnum(n) not in frozen
                    and not site_desk(n, frozen, host)
                    and fold(n) not in (fold(x) for x in names)
                ):
                    names.append(n)
        if names:
            authors = [Author(name=n) for n in names]
            c.add("authors", authors, "meta", key)
            if not meta_authors:
                meta_authors = authors
    visible: list[tuple[list[Author], Tag]] = []
    orders: dict[int, int] = {}
    for authors, source, detail, node, order in _byline_candidates(c, site, headline_order):
        c.add("authors", authors, source, detail, node, order)
        visible.append((authors, node))
        orders[id(node)] = order
        if len(visible) >= rules.MAX_VISIBLE_BYLINES:
            break
    page_text: list[str] = []

    def shown(name: str) -> bool:
        if not page_text:
            page_text.append(visible_text(c.doc, c.found.hidden))
        if named_after(name, host):
            return True  # the owner of a site named after them, wherever the page names them
        return has_words(page_text[0], fold(name)) and not only_in_chrome(c, name)

    for structured, source in ((jsonld_authors, "json-ld"), (meta_authors, "meta")):
        if not structured:
            continue
        # Structured data may name someone the page never shows (an account, an SEO
        # default): only names a reader can see count.
        kept = [a for a in structured if shown(a.name)]
        if not kept:
            c.notes.append(f"authors: {source} names no one the page shows")
            continue
        folded = {fold(a.name) for a in kept}
        fuller = [a for a in meta_authors if shown(a.name)]
        if folded < {fold(a.name) for a in fuller}:
            # JSON-LD naming the first of the byline's authors only: the meta lists them all.
            kept, folded, source = fuller, {fold(a.name) for a in fuller}, "meta"
        nodes = [n for v, n in visible if folded & {fold(a.name) for a in v}][:1]
        return _with_urls(kept, visible), source, nodes

    def people(authors: list[Author]) -> list[Author]:
        # The site named as the byline names no one ("CBS News", "example.de").
        return [
            a
            for a in authors
            if alnum(a.name) not in frozen
            and not is_domain_of(a.name, host)
            and not site_desk(a.name, frozen, host)
        ]

    in_place = text_byline_in_place(c, start, site, [n for _a, n in visible])
    if in_place is not None:
        c.add("authors", in_place[0], "text", "after the headline", in_place[1])
        return in_place[0], "text", [in_place[1]]
    for index, (authors, node) in enumerate(visible):
        writers = people(authors)
        if not writers:
            c.notes.append("authors: a byline names only the site")
            continue
        # Each writer in an element of their own ("<span class=author>A</span><span
        # class=author>B</span>", one itemprop=author or rel=author link each): siblings
        # alike name the others.
        groups = [(orders[id(node)], node, writers)]
        for more, other in visible[index + 1 :]:
            if _alike(other, node):
                groups.append((orders[id(other)], other, people(more)))
        groups.sort(key=lambda g: g[0])
        merged: list[Author] = []
        for _order, _node, group in groups:
            merged.extend(a for a in group if fold(a.name) not in {fold(m.name) for m in merged})
        return merged, "byline", [g[1] for g in groups]
    found = text_byline(c, start, site)
    if found is not None:
        c.add("authors", found[0], "text", "after the headline", found[1])
        return found[0], "text", [found[1]]
    found = dateline_anywhere(c, site)
    if found is not None:
        c.add("authors", found[0], "text", "a dateline naming the writer", found[1])
        return found[0], "text", [found[1]]
    # The writer's box (a bio, "about the author") when nothing else names the writer: on a
    # page without structured data, often the only place the name is given.
    for authors, source, detail, node, order in _byline_candidates(
        c, site, headline_order, in_box=True
    ):
        writers = people(authors)
        if writers:
            c.add("authors", writers, source, f"{detail} in the writer's box", node, order)
            return writers, "byline", [node]
    return [], "", []


def beside_date(
    c: Collector, site: str | None, headline_order: int, date_nodes: list[Tag]
) -> tuple[list[Author], Tag] | None:
    """Where nothing in the article names its writer: a byline set apart from it (a blog
    theme's post card in the sidebar, a metadata column) in one small box with the element
    the page's date was read from, the post's own facts rather than a widget's."""
    if not date_nodes:
        return None
    for authors, source, detail, node, order in _byline_candidates(
        c, site, headline_order, beside=date_nodes
    ):
        c.add("authors", authors, source, f"{detail} beside the date", node, order)
        return authors, node
    return None


def _shares_box(node: Tag, others: list[Tag], c: Collector) -> bool:
    """`node` and one of `others` in one box of few words, outside comments, that holds
    neither the headline nor the article."""
    if in_comments(node):
        return False
    mine = {id(a) for a in node.parents}
    for other in others:
        box = next((a for a in (other, *other.parents) if id(a) in mine), None)
        if box is None or box.name in ("body", "html", "[document]") or id(box) in c.safe:
            continue
        if _short(box, rules.MAX_POST_CARD_CHARS):
            return True
    return False


def _short(node: Tag, limit: int) -> bool:
    """Whether `node` shows at most `limit` characters (read only as far as needed)."""
    total = -1
    for string in node.strings:
        text = string.strip()
        if text:
            total += len(text) + 1  # and a space between strings
            if total > limit:
                return False
    return True


def _link_in_place(link: Tag) -> bool:
    """Whether a link to an author page (by its path) reads as a byline rather than as a
    menu's, a breadcrumb's or a comment's link, by no class name: a link the page marks as
    user-written (rel nofollow or ugc) is a commenter's; a path ending at the author folder
    itself ("/people/") is a section; a link among links to pages of another kind (a menu, a
    breadcrumb, a list of the site's profiles elsewhere) is one unless a byline word is just
    before it ("by <a>", the WordPress post line "Posted on <a>date</a> by <a>name</a> in <a>
    category</a>")."""
    kinds = rels(link.get("rel"))
    if "author" in kinds:
        return True
    if kinds & rules.USER_LINK_RELS:
        return False
    href = str(link.get("href") or "")
    path = href.split("?", 1)[0].split("#", 1)[0]
    part = next((p for p in page_rules.AUTHOR_URL_PARTS if p in path), None)
    if part is not None:
        rest = path.split(part, 1)[1].strip("/")
        # "/people/" is the section's index, "/people/news/ten-stars-who-...-62257.html" a
        # story in it: a person's page is named by a few words at most.
        words = _SLUG_WORD.findall(rest.rsplit("/", 1)[-1].casefold())
        if (
            not rest
            or len([w for w in words if w not in rules.PAGE_SUFFIXES]) > rules.MAX_SLUG_WORDS
        ):
            return False
    item = link
    own = node_text(link)
    for _ in range(rules.MAX_LINK_WRAPPERS):
        parent = item.parent
        if parent is None or parent.name not in rules.LINK_WRAPPERS or node_text(parent) != own:
            break
        item = parent
    before = item.previous_sibling
    while isinstance(before, str) and not before.strip():
        before = before.previous_sibling
    said = node_text(before) if isinstance(before, Tag) else str(before or "")
    if BYLINE_END.search(said[-40:]):
        return True
    others = sum(map(_links_elsewhere, chain(item.previous_siblings, item.next_siblings)))
    return others < rules.MIN_LINK_ROW


def _links_elsewhere(node: Any) -> int:
    """1 when `node` is an item of a row of links (a link, or an element holding one link and
    little else: a menu's `<li>`, a breadcrumb's `<span>`) to a page other than an author's,
    else 0. An icon beside a writer's name, a link without text, counts for nothing, and so
    do blocks that are no item of the row: a paragraph of the story holding a link, a bar
    of share buttons, another menu."""
    if not isinstance(node, Tag):
        return 0
    if node.name == "a":
        link: Tag | None = node
    else:
        links = elements(node, "a", "href", limit=2)
        link = links[0] if len(links) == 1 else None
    if link is None:
        return 0
    href = str(link.get("href") or "")
    if any(p in href for p in page_rules.AUTHOR_URL_PARTS):
        return 0
    own = node_text(link)
    if not own or len(own) * rules.ROW_ITEM_SHARE < len(node_text(node)):
        return 0
    return 1


_SLUG_WORD = re.compile(r"[^\W\d_]+")


def _labelled_authors(meta: dict[str, list[str]]) -> list[str]:
    """The keys of the card fields labelled as the writer ("twitter:label1" "Written by",
    "Verfasst von": the name in "twitter:data1"), as WordPress's SEO plugins write them in the
    site's language."""
    keys: list[str] = []
    for number in range(1, rules.MAX_CARD_FIELDS + 1):
        label = meta.get(f"twitter:label{number}")
        if label and fold(label[0]).rstrip(" :") in _CARD_LABELS:
            keys.append(f"twitter:data{number}")
    return keys


# "Written by", "Verfasst von", "Autor": the byline phrases and the author labels, less the
# other credits ("Photo by").
_CARD_LABELS = (
    frozenset(p.rstrip(" :") for p in rules.BYLINE_PREFIXES if " " in p.strip(" :"))
    | frozenset(rules.AUTHOR_LABELS)
) - frozenset(rules.OTHER_CREDITS)


def _alike(one: Tag, other: Tag) -> bool:
    """Sibling elements of one kind: the same tag, class, itemprop and rel."""
    if one.parent is not other.parent or one.name != other.name:
        return False
    return all(one.get(key) == other.get(key) for key in ("class", "itemprop", "rel"))


def _marked_names(node: Tag) -> str | None:
    """The names a byline block marks by class (hCard's `fn`, `author-name`), apart from the
    title, date and buttons beside them ("Ann Lee | Climate Correspondent")."""
    names: list[str] = []
    for el in elements(node, has="class", limit=rules.MAX_BYLINE_PARTS):
        if class_words(el.get("class") or "") & rules.NAME_CLASS_WORDS:
            text = node_text(el)
            if text and not any(text in n for n in names):
                names.append(text)
    return " and ".join(names) if names else None


def _names_a_person(name: Tag, byline: Tag) -> bool:
    """An itemprop=name inside the byline names its author unless it belongs to another item
    the byline holds (a breadcrumb's section, a list's entry)."""
    for el in name.parents:
        if el is byline:
            return True
        if "itemscope" in el.attrs or "itemtype" in el.attrs:
            kind = f"{el.get('itemprop') or ''} {el.get('itemtype') or ''}".casefold()
            return any(word in kind for word in rules.AUTHOR_ITEM_WORDS)
    return True


def _with_urls(authors: list[Author], visible: list[tuple[list[Author], Tag]]) -> list[Author]:
    """Author URLs from the visible byline where the structured source gave none."""
    urls = {a.name.casefold(): a.url for v, _ in visible for a in v if a.url}
    return [a if a.url else Author(name=a.name, url=urls.get(a.name.casefold())) for a in authors]


__all__ = ["choose"]
