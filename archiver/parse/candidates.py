"""What a page offers for its metadata, before any choice: one walk over the tree collecting
meta tags, headings, <time>, byline- and date-like elements and itemprops; the JSON-LD object
that describes the article; the Collector that records each field's candidates; and the page
structure tests the fields share (is an element foreign to the article, class words).
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import Tag

from archiver.parse import headline_rules
from archiver.parse import metadata_rules as rules
from archiver.parse.document import Document
from archiver.parse.dom import rels


@dataclass
class Candidate:
    """One value a page offers for a field, and where it was found."""

    field: str
    value: Any
    source: str  # json-ld, meta, byline, time, h1, title, url, text
    detail: str = ""  # the meta key, JSON-LD property or element that held it
    node: Tag | None = None
    order: int = -1  # position of `node` in document order


@dataclass
class Found:
    """What one walk over the tree collected, before any choice."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    canonical: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)  # titles of the page's RSS/Atom links
    title: str = ""
    lang: str = ""
    headings: list[tuple[int, Tag]] = field(default_factory=list)  # h1 and titled h2/h3
    subheadings: list[tuple[int, Tag]] = field(default_factory=list)  # every other h2
    minor_headings: list[tuple[int, Tag]] = field(default_factory=list)  # every other h3
    times: list[tuple[int, Tag]] = field(default_factory=list)
    bylines: list[tuple[int, Tag]] = field(default_factory=list)
    datelines: list[tuple[int, Tag]] = field(default_factory=list)
    itemprops: list[tuple[int, str, Tag]] = field(default_factory=list)
    author_links: list[tuple[int, Tag]] = field(default_factory=list)
    hidden: list[Tag] = field(default_factory=list)  # display:none, hidden
    # Other elements whose class or id says headline or title (a <td class="headline">, a
    # <div class="storytitle"> on pages older than their h1), the first MAX_MARKED_HEADINGS.
    marked_headings: list[tuple[int, Tag]] = field(default_factory=list)
    # Elements set in bold or a large font (<font size=5>, <b>, style="font-size:18px"): the
    # headline of a page laid out before headings were used for it, the first MAX_EMPHASISED.
    emphasised: list[tuple[int, Tag]] = field(default_factory=list)
    # Links to a home page ("/", "/index.html", a host's root), the first MAX_HOME_LINKS: the
    # site's name as its banner shows it, in their text or their logo's alt.
    home_links: list[Tag] = field(default_factory=list)
    _author_link_ids: set[int] | None = field(default=None, init=False, repr=False)

    def is_author_link(self, el: Tag) -> bool:
        """`el` is one of the links to a writer's page (rel=author, an author path) the walk
        found; the set of them is built once, on the first question."""
        if self._author_link_ids is None:
            self._author_link_ids = {id(link) for _order, link in self.author_links}
        return id(el) in self._author_link_ids


_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
# A home page's address: "/", "/index.html", "https://host", "//host/"; not "" nor "#..."
# (the page itself).
_HOME_HREF = re.compile(
    r"(?:(?:https?:)?//[^/?#\s]+)?/?(?:index|default|home)\.[a-z]{2,5}|(?:https?:)?//[^/?#\s]+/?|/",
    re.IGNORECASE,
)


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


_words_cache: dict[str, frozenset[str]] = {}


_ITEMPROPS = frozenset(
    {"author", "creator", "datepublished", "datemodified", "datecreated", "headline", "name"}
)


# A run of whitespace to fold to one space (every use is SPACE.sub(" ", ...)): any run but a
# lone plain space, which is one already. Matching every space made re.sub keep a piece per
# word: tens of MB on a page of megabytes, past the 200 MB a page may take.
SPACE = re.compile(r"[^\S ]\s*| \s+")


HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


_INTERESTING = re.compile(
    "|".join(
        sorted(rules.BYLINE_WORDS | rules.DATE_WORDS | rules.HEADING_WORDS, key=len, reverse=True)
    )
)


def class_words(value: Any) -> frozenset[str]:
    """Lowercase words of a class/id value: `article__byline-date` -> article, byline, date."""
    text = " ".join(value) if isinstance(value, list) else str(value)
    cached = _words_cache.get(text)
    if cached is None and rules.TAXONOMY_CLASS.search(text):
        # WordPress and the like name the post's categories and tags in its classes
        # (category-popular, tag-comments): words of the content, not of the layout.
        cached = class_words(rules.TAXONOMY_CLASS.sub(" ", text))
        _words_cache[text] = cached
    if cached is None:
        words = set(_WORD_SPLIT.split(_CAMEL.sub(" ", text).lower()))
        words.discard("")
        # "entry-date" also counts as the joined word "entrydate", "posted-by" as "postedby".
        parts = _WORD_SPLIT.split(text.lower())
        words.update(a + b for a, b in itertools.pairwise(parts))
        cached = frozenset(words)
        if len(_words_cache) > 50_000:
            _words_cache.clear()
        _words_cache[text] = cached
    return cached


def element_words(el: Tag) -> frozenset[str]:
    """The words of an element's class and id together (`<div id="comments" class="box">`:
    comments, box)."""
    cls, ident = el.attrs.get("class"), el.attrs.get("id")
    if cls is None and ident is None:
        return frozenset()
    return class_words(cls or "") | (class_words(ident) if ident is not None else frozenset())


def node_text(node: Tag) -> str:
    return SPACE.sub(" ", node.get_text(" ", strip=True)).strip()


def order_of(doc: Document, node: Tag) -> int:
    """`node`'s place among the page's elements as `_walk` numbers them (the `order` of the
    candidates and of `Found`'s lists), -1 if it is not in the page."""
    order = 0
    for el in doc.soup.descendants:
        if isinstance(el, Tag):
            order += 1
            if el is node:
                return order
    return -1


def _walk(doc: Document) -> Found:
    """One pass over the tree collecting every metadata-bearing element."""
    found = Found()
    order = 0
    for el in doc.soup.descendants:
        if not isinstance(el, Tag):
            continue
        order += 1
        name = el.name
        attrs = el.attrs
        if name == "meta":
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
            if key is None:
                key = attrs.get("http-equiv")
            content = attrs.get("content")
            if isinstance(key, str) and isinstance(content, str) and content.strip():
                found.meta.setdefault(key.strip().lower(), []).append(content.strip())
                if "itemprop" in attrs and el.parent is not None and name == "meta":
                    prop = str(attrs["itemprop"]).lower()
                    if prop in _ITEMPROPS:
                        found.itemprops.append((order, prop, el))
            continue
        if name == "link":
            href = attrs.get("href")
            if "canonical" in rels(attrs.get("rel")) and isinstance(href, str):
                found.canonical.append(href.strip())
            kind, title = attrs.get("type"), attrs.get("title")
            if (
                isinstance(kind, str)
                and ("rss" in kind or "atom" in kind)
                and isinstance(title, str)
                and len(found.feeds) < 10
            ):
                found.feeds.append(title)
            continue
        if name == "title":
            if not found.title:
                found.title = SPACE.sub(" ", el.get_text()).strip()
            continue
        if name == "html":
            lang = attrs.get("lang") or attrs.get("xml:lang")
            if isinstance(lang, str):
                found.lang = lang.strip()
            continue
        if "hidden" in attrs:
            found.hidden.append(el)
        elif "style" in attrs:
            style = str(attrs["style"])
            if ("none" in style or "hidden" in style) and HIDDEN_STYLE.search(style):
                found.hidden.append(el)
            elif (
                "font" in style
                and len(found.emphasised) < headline_rules.MAX_EMPHASISED
                and headline_rules.EMPHASIS_STYLE.search(style)
            ):
                found.emphasised.append((order, el))
        if (
            name in headline_rules.EMPHASIS_TAGS
            and (not found.emphasised or found.emphasised[-1][1] is not el)
            and _emphasis(found, name, attrs)
        ):
            found.emphasised.append((order, el))
        if name == "time":
            found.times.append((order, el))
        if name == "h1":
            found.headings.append((order, el))
        elif name == "h2":
            found.subheadings.append((order, el))
        elif name == "h3":
            found.minor_headings.append((order, el))
        itemprop = attrs.get("itemprop")
        if itemprop is not None:
            for prop in str(itemprop).lower().split():
                if prop in _ITEMPROPS:
                    found.itemprops.append((order, prop, el))
        if name == "a" and "author" in rels(attrs.get("rel")):
            found.author_links.append((order, el))
        elif name == "a":
            href = attrs.get("href")
            if isinstance(href, str) and any(p in href for p in rules.AUTHOR_URL_PARTS):
                found.author_links.append((order, el))
        if name == "a" and len(found.home_links) < headline_rules.MAX_HOME_LINKS:
            href = attrs.get("href")
            if isinstance(href, str) and _HOME_HREF.fullmatch(href.strip()):
                found.home_links.append(el)
        cls = attrs.get("class")
        ident = attrs.get("id")
        if cls is None and ident is None:
            continue
        raw = (" ".join(cls) if isinstance(cls, list) else str(cls or "")) + " " + str(ident or "")
        # Most class names hold none of the words looked for: one regex search skips them.
        if not _INTERESTING.search(raw.lower()):
            continue
        words = class_words(cls or "") | (class_words(ident) if ident is not None else frozenset())
        # A subtitle's or a subheading's class ("sub-title") marks no headline.
        marks = not words & rules.NOT_HEADING_WORDS
        if marks and name in ("h2", "h3") and words & rules.HEADING_WORDS:
            found.headings.append((order, el))
            (found.subheadings if name == "h2" else found.minor_headings).pop()
        elif (
            marks
            and name in rules.MARKED_HEADING_TAGS
            and len(found.marked_headings) < rules.MAX_MARKED_HEADINGS
            and (
                words & rules.HEADING_WORDS
                or any(w.endswith(rules.HEADING_WORD_ENDS) for w in words)
            )
        ):
            found.marked_headings.append((order, el))
        if words & rules.BYLINE_WORDS:
            found.bylines.append((order, el))
        if words & rules.DATE_WORDS or any(
            w.endswith(rules.DATE_WORD_ENDS) and w not in rules.NOT_DATE_WORDS for w in words
        ):
            found.datelines.append((order, el))
    return found


def _emphasis(found: Found, name: str, attrs: dict[str, Any]) -> bool:
    """Whether a <b>, <strong>, <font> or minor heading is set apart as a headline would be
    (a <font> only when it is large), while fewer than the most looked at were found."""
    if len(found.emphasised) >= headline_rules.MAX_EMPHASISED:
        return False
    if name != "font":
        return True
    size = str(attrs.get("size") or "").strip()
    if size.startswith("+"):
        return size[1:].isdigit() and int(size[1:]) >= 1
    return size.isdigit() and int(size) >= headline_rules.MIN_FONT_SIZE


def jsonld_types(obj: dict[str, Any]) -> list[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    out = []
    for v in values:
        if isinstance(v, str):
            out.append(v.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower())
    return out


def _article_object(jsonld: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, str]:
    """The JSON-LD object describing the article (or, failing that, the page), and its type."""
    objects: list[dict[str, Any]] = []
    for obj in jsonld:
        if not isinstance(obj, dict):
            continue
        objects.append(obj)
        main = obj.get("mainEntity")
        for item in main if isinstance(main, list) else [main]:
            if isinstance(item, dict):
                objects.append(item)
    best: tuple[int, int, dict[str, Any], str] | None = None
    for index, obj in enumerate(objects):
        for t in jsonld_types(obj):
            if t in rules.ARTICLE_TYPES:
                rank = rules.ARTICLE_TYPES.index(t)
                # An object with a headline beats a bare one of a better type.
                rank -= 100 if obj.get("headline") else 0
                if best is None or (rank, index) < (best[0], best[1]):
                    best = (rank, index, obj, t)
    if best is not None:
        return best[2], best[3]
    for obj in objects:
        for t in jsonld_types(obj):
            if t in rules.PAGE_TYPES:
                return obj, t
    return None, ""


def _ids(jsonld: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for obj in jsonld:
        if isinstance(obj, dict) and isinstance(obj.get("@id"), str):
            out.setdefault(obj["@id"], obj)
    return out


def resolve_id(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
        return ids.get(str(value["@id"]), value)
    return value


def jsonld_strings(value: Any, ids: dict[str, dict[str, Any]], key: str = "name") -> list[str]:
    """Strings in a JSON-LD value that may be a string, an object or a list of either."""
    out: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items[:20]:
        item = resolve_id(item, ids)
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            inner = item.get(key)
            if isinstance(inner, str):
                out.append(inner)
            elif isinstance(inner, list):
                out.extend(x for x in inner if isinstance(x, str))
            elif key != "@id" and isinstance(item.get("@id"), str) and key == "url":
                out.append(item["@id"])
    return [s.strip() for s in out if s and s.strip()]


def alnum(value: Any) -> str:
    return re.sub(r"[\W_]", "", value.casefold()) if isinstance(value, str) else ""


def absolute_url(href: str | None, doc: Document) -> str | None:
    if not href:
        return None
    href = href.strip()
    base = doc.base_url or doc.url
    try:
        absolute = urljoin(base, href) if base else href
        # An address whose host no parser reads ("https://[home]/") is none: this raises.
        urlsplit(absolute)
    except ValueError:
        return None
    return absolute if absolute.startswith(("http://", "https://")) else None


def in_comments(node: Tag | None) -> bool:
    """Inside readers' comments (an element on the way up has a comment's class word)."""
    while node is not None and node.name not in ("body", "html"):
        if element_words(node) & rules.COMMENT_WORDS:
            return True
        node = node.parent
    return False


def is_foreign(
    node: Tag, safe: frozenset[int] = frozenset(), foreign: frozenset[str] = rules.FOREIGN_WORDS
) -> bool:
    """Inside comments, a sidebar, navigation, related links, an author bio box...

    `safe`: ids of the elements that hold the headline; climbing into one of them means the
    node shares the article's container, whatever layout words that container carries.
    `foreign`: the class words that set an element apart from the article."""
    in_footer = False
    in_header = False
    for anc in node.parents:
        name = anc.name
        if name in ("body", "html", "[document]"):
            return in_footer or in_header
        if name in ("article", "main"):
            return False
        if id(anc) in safe:
            return in_footer
        words = element_words(anc)
        if words:
            if words & rules.ARTICLE_WORDS:
                return False
            if words & rules.OWN_FOOTER_WORDS:
                # The post's own footer ("post-footer", "entry-footer") holds its byline.
                continue
            if words & foreign:
                return True
        if name == "footer":
            # The article's own footer (entry-meta) holds its byline; the page's does not.
            in_footer = True
        elif name == "header" and safe:
            # A <header> that shares no container with the headline is the page's masthead
            # (today's date, the site's name), not the article's.
            in_header = True
        elif name in rules.FOREIGN_TAGS:
            return True
    return in_footer


def first_meta(meta: dict[str, list[str]], keys: Iterable[str]) -> tuple[str, str] | None:
    for key in keys:
        values = meta.get(key)
        if values:
            return values[0], key
    return None


def _read_parsely_page(meta: dict[str, list[str]]) -> None:
    """Parse.ly's older tag holds its fields as JSON in one `parsely-page` meta: they are read
    as the separate parsely-* metas that replaced it, where the page gives none of those."""
    raw = meta.get("parsely-page")
    if not raw:
        return
    try:
        data = json.loads(raw[0])
    except ValueError:
        return
    if not isinstance(data, dict):
        return
    for field_name, key in rules.PARSELY_PAGE_FIELDS.items():
        value = data.get(field_name)
        values = value if isinstance(value, list) else [value]
        strings = [v.strip() for v in values[:20] if isinstance(v, str) and v.strip()]
        if strings and key not in meta:
            meta[key] = strings


class Collector:
    """Candidates for each field, gathered from one Document and one walk."""

    def __init__(self, doc: Document, now: datetime) -> None:
        self.doc = doc
        self.now = now
        self.found = _walk(doc)
        _read_parsely_page(self.found.meta)
        self.jsonld, self.jsonld_type = _article_object(doc.jsonld)
        self.ids = _ids(doc.jsonld)
        self.candidates: list[Candidate] = []
        self.notes: list[str] = []
        # Ids of the headline's ancestors, once the headline is known (see is_foreign).
        self.safe: frozenset[int] = frozenset()

    def add(
        self,
        field_name: str,
        value: Any,
        source: str,
        detail: str = "",
        node: Tag | None = None,
        order: int = -1,
    ) -> None:
        self.candidates.append(Candidate(field_name, value, source, detail, node, order))

    def of(self, field_name: str) -> list[Candidate]:
        return [c for c in self.candidates if c.field == field_name]


_ARCHIVED = re.compile(r"^https?://[^/]+/(?:web/)?[\w*]+/(https?://.+)$", re.IGNORECASE)


@functools.lru_cache(maxsize=64)
def original_url(url: str | None) -> str | None:
    """The page's own URL when `url` is a web archive's copy of it (web.archive.org/web/<ts>/
    http://example.com/...): the site's name and the date in the path are the original's."""
    if url and urlsplit(url).hostname in rules.WEB_ARCHIVE_HOSTS:
        m = _ARCHIVED.match(url)
        if m:
            return m.group(1)
    return url


@functools.lru_cache(maxsize=64)
def host_key(url: str | None) -> str:
    """The host's names, space-separated: `blog.harbour-cam.co.uk` -> 'blog harbourcam ...'."""
    if not url:
        return ""
    host = urlsplit(original_url(url) or "").hostname or ""
    labels = [x.replace("-", "") for x in host.split(".") if x not in ("www", "m", "amp")]
    names = labels[:-1] if len(labels) > 1 else labels
    return " ".join([*names, "".join(names)])


def fold(text: str) -> str:
    return SPACE.sub(" ", unicodedata.normalize("NFKC", text)).casefold().strip()


__all__ = [
    "HIDDEN_STYLE",
    "SPACE",
    "Candidate",
    "Collector",
    "Found",
    "absolute_url",
    "alnum",
    "class_words",
    "element_words",
    "first_meta",
    "fold",
    "host_key",
    "in_comments",
    "is_foreign",
    "jsonld_strings",
    "jsonld_types",
    "node_text",
    "order_of",
    "original_url",
    "resolve_id",
]
