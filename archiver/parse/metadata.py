"""Document -> Metadata: headline, authors, dates, canonical URL, site, language, tags.

Candidates come from JSON-LD, OpenGraph/article:* and name= meta, <time>, the visible byline,
the <h1> and the URL; each chosen value records where it came from in `provenance`.
One walk over the tree collects the page's candidates; small functions choose among them.
"""

from __future__ import annotations

import contextlib
import functools
import html
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import Tag
from dateutil.tz import gettz

from archiver.models import Author
from archiver.parse import metadata_rules as rules
from archiver.parse.authors import normalise, split_byline
from archiver.parse.dates import (
    When,
    as_date,
    date_spans,
    find_text_dates,
    is_future,
    month_first,
    parse_machine_date,
    parse_text_date,
    url_date,
)
from archiver.parse.document import Document


@dataclass
class Metadata:
    headline: str = ""
    authors: list[Author] = field(default_factory=list)
    published: datetime | date | None = None
    modified: datetime | date | None = None
    url: str | None = None  # canonical
    site_name: str | None = None
    language: str | None = None
    description: str | None = None
    image: str | None = None
    tags: list[str] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)
    truncated: bool = False  # isAccessibleForFree false and the like
    jsonld_body: str | None = None  # articleBody, for the body extractor's cross-check
    # Elements of the page that hold the headline and the byline/dateline, so the body
    # extractor leaves them out of the body.
    headline_node: Tag | None = None
    byline_nodes: list[Tag] = field(default_factory=list)


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
    title: str = ""
    lang: str = ""
    headings: list[tuple[int, Tag]] = field(default_factory=list)  # h1 and titled h2/h3
    subheadings: list[tuple[int, Tag]] = field(default_factory=list)  # every other h2
    times: list[tuple[int, Tag]] = field(default_factory=list)
    bylines: list[tuple[int, Tag]] = field(default_factory=list)
    datelines: list[tuple[int, Tag]] = field(default_factory=list)
    itemprops: list[tuple[int, str, Tag]] = field(default_factory=list)
    author_links: list[tuple[int, Tag]] = field(default_factory=list)
    hidden: list[Tag] = field(default_factory=list)  # display:none, hidden


_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_words_cache: dict[str, frozenset[str]] = {}
_HEADING_WORDS = frozenset({"title", "headline", "heading", "entrytitle", "posttitle"})
_DATE_STRONG = rules.DATE_WORDS - {"meta", "postmeta", "entrymeta", "info", "details", "data"}
_ITEMPROPS = frozenset(
    {"author", "creator", "datepublished", "datemodified", "datecreated", "headline", "name"}
)
_SPACE = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CJK_GAP = re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff])\s+(?=[\u3040-\u30ff\u3400-\u9fff])")
_INTERESTING = re.compile(
    "|".join(sorted(rules.BYLINE_WORDS | rules.DATE_WORDS | _HEADING_WORDS, key=len, reverse=True))
)


def _words(value: Any) -> frozenset[str]:
    """Lowercase words of a class/id value: `article__byline-date` -> article, byline, date."""
    text = " ".join(value) if isinstance(value, list) else str(value)
    cached = _words_cache.get(text)
    if cached is None and rules.TAXONOMY_CLASS.search(text):
        # WordPress and the like name the post's categories and tags in its classes
        # (category-popular, tag-comments): words of the content, not of the layout.
        cached = _words(rules.TAXONOMY_CLASS.sub(" ", text))
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


def _text(node: Tag) -> str:
    return _SPACE.sub(" ", node.get_text(" ", strip=True)).strip()


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
            rel = attrs.get("rel")
            rels = rel if isinstance(rel, list) else [str(rel or "")]
            href = attrs.get("href")
            if "canonical" in (r.lower() for r in rels) and isinstance(href, str):
                found.canonical.append(href.strip())
            continue
        if name == "title":
            if not found.title:
                found.title = _SPACE.sub(" ", el.get_text()).strip()
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
            if ("none" in style or "hidden" in style) and _HIDDEN_STYLE.search(style):
                found.hidden.append(el)
        if name == "time":
            found.times.append((order, el))
        if name == "h1":
            found.headings.append((order, el))
        elif name == "h2":
            found.subheadings.append((order, el))
        itemprop = attrs.get("itemprop")
        if itemprop is not None:
            for prop in str(itemprop).lower().split():
                if prop in _ITEMPROPS:
                    found.itemprops.append((order, prop, el))
        rel = attrs.get("rel")
        rels = rel if isinstance(rel, list) else [str(rel)]
        if name == "a" and rel is not None and "author" in rels:
            found.author_links.append((order, el))
        elif name == "a":
            href = attrs.get("href")
            if isinstance(href, str) and any(p in href for p in rules.AUTHOR_URL_PARTS):
                found.author_links.append((order, el))
        cls = attrs.get("class")
        ident = attrs.get("id")
        if cls is None and ident is None:
            continue
        raw = (" ".join(cls) if isinstance(cls, list) else str(cls or "")) + " " + str(ident or "")
        # Most class names hold none of the words looked for: one regex search skips them.
        if not _INTERESTING.search(raw.lower()):
            continue
        words = _words(cls or "") | (_words(ident) if ident is not None else frozenset())
        if name in ("h2", "h3") and words & _HEADING_WORDS:
            found.headings.append((order, el))
            if name == "h2":
                found.subheadings.pop()
        if words & rules.BYLINE_WORDS:
            found.bylines.append((order, el))
        if words & rules.DATE_WORDS or any(
            w.endswith(rules.DATE_WORD_ENDS) and w not in rules.NOT_DATE_WORDS for w in words
        ):
            found.datelines.append((order, el))
    return found


# ---------- JSON-LD ----------


def _types(obj: dict[str, Any]) -> list[str]:
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
        for t in _types(obj):
            if t in rules.ARTICLE_TYPES:
                rank = rules.ARTICLE_TYPES.index(t)
                # An object with a headline beats a bare one of a better type.
                rank -= 100 if obj.get("headline") else 0
                if best is None or (rank, index) < (best[0], best[1]):
                    best = (rank, index, obj, t)
    if best is not None:
        return best[2], best[3]
    for obj in objects:
        for t in _types(obj):
            if t in rules.PAGE_TYPES:
                return obj, t
    return None, ""


def _ids(jsonld: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for obj in jsonld:
        if isinstance(obj, dict) and isinstance(obj.get("@id"), str):
            out.setdefault(obj["@id"], obj)
    return out


def _resolve(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
        return ids.get(str(value["@id"]), value)
    return value


def _strings(value: Any, ids: dict[str, dict[str, Any]], key: str = "name") -> list[str]:
    """Strings in a JSON-LD value that may be a string, an object or a list of either."""
    out: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items[:20]:
        item = _resolve(item, ids)
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


def _jsonld_authors(
    value: Any, ids: dict[str, dict[str, Any]], publishers: frozenset[str] = frozenset()
) -> list[Author]:
    """Authors named in a JSON-LD `author`; the publishing organisation itself is no author."""
    out: list[Author] = []
    items = value if isinstance(value, list) else [value]
    for item in items[:20]:
        item = _resolve(item, ids)
        url: str | None = None
        if isinstance(item, dict):
            types = _types(item)
            if (
                "organization" in types
                and "person" not in types
                and _alnum(item.get("name")) in publishers
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


def _alnum(value: Any) -> str:
    return re.sub(r"[\W_]", "", value.casefold()) if isinstance(value, str) else ""


def _truthy_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def _jsonld_paywalled(obj: dict[str, Any]) -> bool:
    if _truthy_false(obj.get("isAccessibleForFree")):
        return True
    parts = obj.get("hasPart")
    for part in parts if isinstance(parts, list) else [parts]:
        if isinstance(part, dict) and _truthy_false(part.get("isAccessibleForFree")):
            return True
    return False


# ---------- helpers ----------


def _absolute(href: str | None, doc: Document) -> str | None:
    if not href:
        return None
    href = href.strip()
    base = doc.base_url or doc.url
    try:
        absolute = urljoin(base, href) if base else href
    except ValueError:
        return None
    return absolute if absolute.startswith(("http://", "https://")) else None


def _key(text: str) -> str:
    """Comparison key for headlines: case, spacing, quotes and end punctuation folded."""
    text = normalise(text).casefold()
    text = re.sub(r"[\"'“”„‘’«»‹›`´]", "", text)
    text = re.sub(r"\s*[-–—]\s*", " - ", text)
    return text.strip(" .:;,!?-–—|")


def _is_foreign(node: Tag, safe: frozenset[int] = frozenset()) -> bool:
    """Inside comments, a sidebar, navigation, related links, an author bio box...

    `safe`: ids of the elements that hold the headline; climbing into one of them means the
    node shares the article's container, whatever layout words that container carries."""
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
        cls = anc.attrs.get("class")
        ident = anc.attrs.get("id")
        words: frozenset[str] = frozenset()
        if cls is not None or ident is not None:
            words = _words(cls or "") | (_words(ident) if ident is not None else frozenset())
            if words & rules.ARTICLE_WORDS:
                return False
            if words & rules.OWN_FOOTER_WORDS:
                # The post's own footer ("post-footer", "entry-footer") holds its byline.
                continue
            if words & rules.FOREIGN_WORDS:
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


def _own_foreign(node: Tag) -> bool:
    cls = node.attrs.get("class")
    ident = node.attrs.get("id")
    words = _words(cls or "") | (_words(ident) if ident is not None else frozenset())
    return bool(words & rules.FOREIGN_WORDS)


def _first(meta: dict[str, list[str]], keys: Iterable[str]) -> tuple[str, str] | None:
    for key in keys:
        values = meta.get(key)
        if values:
            return values[0], key
    return None


# ---------- the fields ----------


class _Collector:
    """Candidates for each field, gathered from one Document and one walk."""

    def __init__(self, doc: Document, now: datetime) -> None:
        self.doc = doc
        self.now = now
        self.found = _walk(doc)
        self.jsonld, self.jsonld_type = _article_object(doc.jsonld)
        self.ids = _ids(doc.jsonld)
        self.candidates: list[Candidate] = []
        self.notes: list[str] = []
        # Ids of the headline's ancestors, once the headline is known (see _is_foreign).
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


def _site_name(c: _Collector) -> tuple[str, str] | None:
    meta = c.found.meta
    hit = _first(meta, ("og:site_name",))
    if hit:
        c.add("site_name", hit[0], "meta", hit[1])
    if c.jsonld is not None:
        names = _strings(c.jsonld.get("publisher"), c.ids)
        if names:
            c.add("site_name", names[0], "json-ld", "publisher.name")
    for obj in c.doc.jsonld:
        if isinstance(obj, dict) and "website" in _types(obj):
            names = _strings(obj.get("name"), c.ids)
            if names:
                c.add("site_name", names[0], "json-ld", "WebSite.name")
    hit = _first(meta, ("application-name", "apple-mobile-web-app-title"))
    if hit:
        c.add("site_name", hit[0], "meta", hit[1])
    cands = c.of("site_name")
    return (cands[0].value, cands[0].source) if cands else None


def _title_parts(title: str) -> list[str]:
    for sep in rules.TITLE_SEPARATORS:
        if sep in title:
            return [p.strip() for p in title.split(sep) if p.strip()]
    return [title]


_ARCHIVED = re.compile(r"^https?://[^/]+/(?:web/)?[\w*]+/(https?://.+)$", re.IGNORECASE)


@functools.lru_cache(maxsize=64)
def _original_url(url: str | None) -> str | None:
    """The page's own URL when `url` is a web archive's copy of it (web.archive.org/web/<ts>/
    http://example.com/...): the site's name and the date in the path are the original's."""
    if url and urlsplit(url).hostname in rules.WEB_ARCHIVE_HOSTS:
        m = _ARCHIVED.match(url)
        if m:
            return m.group(1)
    return url


@functools.lru_cache(maxsize=64)
def _host_key(url: str | None) -> str:
    """The host's names, space-separated: `blog.four-corners.co.uk` -> 'blog fourcorners ...'."""
    if not url:
        return ""
    host = urlsplit(_original_url(url) or "").hostname or ""
    labels = [x.replace("-", "") for x in host.split(".") if x not in ("www", "m", "amp")]
    names = labels[:-1] if len(labels) > 1 else labels
    return " ".join([*names, "".join(names)])


def _looks_like_site(part: str, site: str | None, host: str) -> bool:
    if normalise(part).casefold() in rules.GENERIC_TITLE_PARTS:
        return True
    key = re.sub(r"[\W_]", "", normalise(part).casefold())
    if not key:
        return True
    if site and key == re.sub(r"[\W_]", "", site.casefold()):
        return True
    if len(key) < 3:
        return False
    # "Four Corners Blog" on fourcorners.net; not a long headline that mentions the site.
    return any(
        len(name) >= 3 and (key in name or (name in key and len(key) <= len(name) + 12))
        for name in host.split()
    )


def strip_site(title: str, site: str | None, url: str | None) -> str:
    """`<title>` without the site's name glued before or after the headline."""
    title = normalise(title)
    host = _host_key(url)
    for sep in rules.TITLE_SEPARATORS:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep)
        if head and _looks_like_site(tail, site, host):
            return strip_site(head, site, url)
        first, _, rest = title.partition(sep)
        if rest and _looks_like_site(first, site, host):
            return strip_site(rest, site, url)
    if site and title.casefold().endswith(" " + site.casefold()):
        return title[: -len(site)].rstrip(" -|–—:·")
    return title


def _unescape(text: str) -> str:
    """Meta and JSON-LD strings HTML-escaped twice by their CMS (`&amp;#8211;`), read once."""
    text = normalise(text)
    if "&" in text and ";" in text:
        text = normalise(html.unescape(html.unescape(text)))
    return text


def _heading_text(node: Tag) -> str:
    """A heading's text without its kicker (a rubric or topic line styled into the heading):
    the part marked as the headline when there is one, else all but the kicker's parts."""
    marked = ""
    for child in node.find_all(True, class_=True, limit=8):
        words = _words(child.get("class") or "")
        if words & _HEADING_WORDS and not words & rules.KICKER_WORDS:
            text = _text(child)
            if len(text) > len(marked):
                marked = text
    if marked and len(marked) < len(_text(node)):
        return marked
    parts: list[str] = []
    for el in node.descendants:
        if isinstance(el, Tag):
            continue
        parent = el.parent
        skip = False
        while parent is not None and parent is not node:
            # Ruby annotations (<rt>, <rp>) are reading aids printed above the headline.
            if parent.name in ("rt", "rp") or _words(parent.get("class") or "") & (
                rules.KICKER_WORDS
            ):
                skip = True
                break
            parent = parent.parent
        if not skip:
            parts.append(str(el))
    text = _CJK_GAP.sub("", _SPACE.sub(" ", " ".join(parts)).strip())
    # What a removed kicker leaves behind: ": Headline".
    return text.lstrip(":|·•-–— ") or _text(node)


def _shared_tail(values: list[str]) -> str:
    """Structured headlines that differ only by what precedes a colon ("Preview: X", "A
    rising star?: X") name the same story X; the differing parts are kickers."""
    tails = {v.rsplit(": ", 1)[-1].strip() for v in values if ": " in v}
    if len(tails) != 1 or len({_key(v) for v in values}) < 2:
        return ""
    tail = tails.pop()
    if len(tail) < 8 or not all(v == tail or v.endswith(": " + tail) for v in values):
        return ""
    return tail


def _continues(text: str, start: str) -> bool:
    """Whether `text`, which begins like `start`, goes on with the same sentence in lower
    case ("... Gigafactory-Kapazität in Tennessee") rather than a new part."""
    words = normalise(text).split()
    rest = words[len(normalise(start).split()) :]
    return bool(rest) and rest[0][:1].islower()


def _is_site_heading(node: Tag, text: str, site: str | None, host: str) -> bool:
    """A heading that names the site (the blog's title in every page's header)."""
    if _looks_like_site(text, site, host):
        return True
    words = _words(node.get("class") or "") | _words(node.get("id") or "")
    if words & rules.SITE_HEADING_WORDS:
        return True
    links = node.find_all("a", href=True, limit=2)
    if len(links) == 1 and _text(links[0]) == text:
        href = str(links[0]["href"])
        path = urlsplit(href).path if "://" in href else href.split("?")[0]
        return path in ("", "/", "./", "index.html", "/index.html", "/index.php")
    return False


def _headline(c: _Collector, site: str | None) -> tuple[str, str, Tag | None]:
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


def _choose_headline(c: _Collector, site: str | None) -> tuple[str, str, Tag | None]:
    url = c.doc.url
    host = _host_key(url)
    structured: list[tuple[str, str]] = []
    if c.jsonld is not None:
        for prop in ("headline", "name", "alternativeHeadline"):
            for s in _strings(c.jsonld.get(prop), c.ids)[:1]:
                value = _unescape(s)
                c.add("headline", value, "json-ld", prop)
                structured.append((value, "json-ld"))
    for key in rules.META_HEADLINE:
        for raw in c.found.meta.get(key, [])[:1]:
            value = _unescape(raw)
            c.add("headline", value, "meta", key)
            structured.append((value, "meta"))
    title = _unescape(c.found.title)
    if title:
        stripped = strip_site(title, site, url)
        detail = "<title>" + (" without site" if stripped != title else "")
        c.add("headline", stripped, "title", detail)
        structured.append((stripped, "title"))
    keys: dict[str, tuple[str, str]] = {}
    for value, source in structured:
        for variant in (value, strip_site(value, site, url)):
            if variant:
                keys.setdefault(_key(variant), (variant, source))
    visible: list[tuple[int, Tag, str]] = []
    agreed: list[tuple[int, Tag, str]] = []
    for order, node in c.found.headings:
        text = _heading_text(node)
        if 0 < len(text) <= 400:
            source = "h1" if node.name == "h1" else "text"
            c.add("headline", text, source, f"<{node.name}>", node, order)
            if not _is_site_heading(node, text, site, host):
                if not _is_foreign(node):
                    visible.append((order, node, text))
                elif _key(text) in keys:
                    # Repeated by a structured source: the headline, whatever its container
                    # is named ("article-teaser-breadcrumb").
                    agreed.append((order, node, text))
    for order, prop, node in c.found.itemprops:
        if prop == "headline" and node.name != "meta" and all(node is not v[1] for v in visible):
            text = _heading_text(node)
            if 0 < len(text) <= 400 and not _is_foreign(node):
                visible.append((order, node, text))
    visible.sort(key=lambda v: v[0])

    def kind(node: Tag) -> str:
        return "h1" if node.name == "h1" else "text"

    # A visible heading that some structured source repeats is the article's own headline.
    for _order, node, text in [*visible, *agreed]:
        if _key(text) in keys:
            return text, kind(node), node
    # Secondary headings (any h2) count only when a structured source repeats them.
    for order, node in c.found.subheadings:
        text = _heading_text(node)
        if (
            0 < len(text) <= 400
            and _key(text) in keys
            and not _is_foreign(node)
            and not _is_site_heading(node, text, site, host)
        ):
            c.add("headline", text, "text", "<h2>", node, order)
            return text, "text", node
    # A kicker or a dateline glued on one side ("Pandemic - The headline"): the shorter wins.
    for _order, node, text in visible:
        k = _key(text)
        for sk, (value, source) in keys.items():
            if len(sk) < 12 or len(k) < 12 or sk == k:
                continue
            # A shorter structured headline at the start of the visible one is the headline
            # and the rest a subtitle or a dateline, unless the rest goes on in lower case:
            # then the structured one was cut short.
            if len(sk) < len(k) and (
                k.endswith(sk) or (k.startswith(sk) and not _continues(text, value))
            ):
                return value, source, node
            if len(k) < len(sk) and sk.endswith(k):
                return text, kind(node), node
    if title:
        for _order, node, text in visible:
            k = _key(text)
            if len(k) > 10 and _key(title).startswith(k):
                return text, kind(node), node
    h1s = [v for v in visible if v[1].name == "h1"]
    if len(h1s) == 1:
        return h1s[0][2], "h1", h1s[0][1]
    shared = _shared_tail([strip_site(v, site, url) for v, _ in structured if v])
    if shared:
        return shared, structured[0][1], None
    for value, source in structured:
        if value and source != "title":
            return strip_site(value, site, url), source, None
    if title:
        return strip_site(title, site, url), "title", None
    if h1s:
        return h1s[0][2], "h1", h1s[0][1]
    return "", "", None


def _byline_candidates(
    c: _Collector, site: str | None, headline_order: int
) -> Iterator[tuple[list[Author], str, str, Tag, int]]:
    """(authors, source, detail, node, order) from the visible page, best first."""
    seen: set[int] = set()
    items: list[tuple[int, int, Tag, str]] = []
    for order, node in c.found.bylines:
        items.append((0, order, node, "byline"))
    for order, prop, node in c.found.itemprops:
        if prop in ("author", "creator") and node.name != "meta":
            items.append((0, order, node, "itemprop"))
    for order, node in c.found.author_links:
        items.append((1, order, node, "link"))
    # Closest to the headline first; comment authors and bio boxes never.
    items.sort(key=lambda i: (i[0], abs(i[1] - headline_order) if headline_order >= 0 else i[1]))
    for _rank, order, node, detail in items:
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.name in ("h1", "h2") or _own_foreign(node) or _is_foreign(node, c.safe):
            continue
        if _hidden(node):
            continue
        text = _text(node)
        if not text or len(text) > 200:
            continue
        # The person's name, when the byline marks it, is better than the whole line.
        inner = None
        for prop_node in node.find_all(True, attrs={"itemprop": "name"}, limit=5):
            inner = (inner + " and " if inner else "") + _text(prop_node)
        names = split_byline(inner or text, site, strict=True)
        if not names:
            continue
        link_url = None
        link = node if node.name == "a" else node.find("a", href=True)
        if isinstance(link, Tag):
            href = link.get("href")
            if isinstance(href, str) and len(names) == 1:
                link_url = _absolute(href, c.doc)
        authors = [Author(name=n, url=link_url) for n in names]
        yield authors, "byline", detail, node, order


_BYLINE_START = re.compile(
    r"^(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in rules.BYLINE_PREFIXES) + r")"
    r"(?:\s+|(?<=:)|$)",
    re.IGNORECASE,
)


def _text_byline(
    c: _Collector, start: Tag | None, site: str | None
) -> tuple[list[Author], Tag] | None:
    """A byline written as text after the headline: "Posted by <a>Konstantin</a>", "von Anna
    Berg", "Autor: Peter Maahn", where no element is marked as a byline."""
    if start is None:
        return None
    budget = rules.TEXT_BYLINE_CHARS
    label: Tag | None = None
    for el in start.next_elements:
        if isinstance(el, Tag) or not isinstance(el, str):
            continue
        text = normalise(str(el)).strip(" -–—|·•")
        if not text:
            continue
        budget -= len(text)
        if budget < 0:
            break
        parent = el.parent
        if parent is None or len(text) > rules.MAX_BYLINE_CHARS:
            label = None
            continue
        if label is not None:
            names = _capitalised(split_byline(text, site, strict=True))
            if names and not _is_foreign(parent, c.safe):
                return [Author(name=n, url=_link_of(parent, c.doc)) for n in names], label
            label = None
        match = _BYLINE_START.match(text)
        if match is None:
            continue
        if match.end() >= len(text.rstrip(" :")):
            label = parent  # the name follows in the next element
            continue
        names = _capitalised(split_byline(text, site, strict=True))
        if names and not _is_foreign(parent, c.safe):
            return [Author(name=n, url=_link_of(parent, c.doc)) for n in names], parent
    return None


def _capitalised(names: list[str]) -> list[str]:
    """Names as prose writes them: outside a marked byline, "by" + a lower-case word is prose."""
    return names if all(n[:1].isupper() or n[:1].isdigit() for n in names) else []


def _link_of(node: Tag, doc: Document) -> str | None:
    if node.name != "a":
        return None
    href = node.get("href")
    return _absolute(href, doc) if isinstance(href, str) else None


def _authors(
    c: _Collector, site: str | None, headline_order: int, start: Tag | None
) -> tuple[list[Author], str, list[Tag]]:
    publishers = {_alnum(site)} if site else set()
    if c.jsonld is not None:
        publishers.update(_alnum(n) for n in _strings(c.jsonld.get("publisher"), c.ids))
    publishers.discard("")
    frozen = frozenset(publishers)
    host = _host_key(c.doc.url)
    jsonld_authors: list[Author] = []
    if c.jsonld is not None:
        for prop in ("author", "creator"):
            jsonld_authors = _jsonld_authors(c.jsonld.get(prop), c.ids, frozen)
            jsonld_authors = [a for a in jsonld_authors if not _site_desk(a.name, frozen, host)]
            if jsonld_authors:
                c.add("authors", jsonld_authors, "json-ld", prop)
                break
    meta_authors: list[Author] = []
    for key in rules.META_AUTHOR:
        # One tag per author (citation_author, article:author) or all in one.
        names: list[str] = []
        for value in c.found.meta.get(key, [])[:20]:
            if value.startswith("http") or value.startswith("@"):
                continue
            # A CMS's default author is often the site itself: that names no one.
            for n in split_byline(value, site, strict=False):
                if (
                    _alnum(n) not in frozen
                    and not _site_desk(n, frozen, host)
                    and _fold(n) not in (_fold(x) for x in names)
                ):
                    names.append(n)
        if names:
            authors = [Author(name=n) for n in names]
            c.add("authors", authors, "meta", key)
            if not meta_authors:
                meta_authors = authors
    visible: list[tuple[list[Author], Tag]] = []
    for authors, source, detail, node, order in _byline_candidates(c, site, headline_order):
        c.add("authors", authors, source, detail, node, order)
        visible.append((authors, node))
        if len(visible) >= 5:
            break
    page_text: list[str] = []

    def shown(name: str) -> bool:
        if not page_text:
            page_text.append(_visible_text(c.doc, c.found.hidden))
        if _named_after(name, host):
            return True  # the owner of a site named after them, wherever the page names them
        return _has_words(page_text[0], _fold(name)) and not _only_in_chrome(c, name)

    for structured, source in ((jsonld_authors, "json-ld"), (meta_authors, "meta")):
        if not structured:
            continue
        # Structured data may name someone the page never shows (an account, an SEO
        # default): only names a reader can see count.
        kept = [a for a in structured if shown(a.name)]
        if not kept:
            c.notes.append(f"authors: {source} names no one the page shows")
            continue
        folded = {_fold(a.name) for a in kept}
        fuller = [a for a in meta_authors if shown(a.name)]
        if folded < {_fold(a.name) for a in fuller}:
            # JSON-LD naming the first of the byline's authors only: the meta lists them all.
            kept, folded, source = fuller, {_fold(a.name) for a in fuller}, "meta"
        nodes = [n for v, n in visible if folded & {_fold(a.name) for a in v}][:1]
        return _with_urls(kept, visible), source, nodes
    for authors, node in visible:
        # The site named as the byline names no one ("CBS News", "example.de").
        people = [
            a
            for a in authors
            if _alnum(a.name) not in frozen
            and not _is_domain_of(a.name, host)
            and not _site_desk(a.name, frozen, host)
        ]
        if people:
            return people, "byline", [node]
        c.notes.append("authors: a byline names only the site")
    found = _text_byline(c, start, site)
    if found is not None:
        c.add("authors", found[0], "text", "after the headline", found[1])
        return found[0], "text", [found[1]]
    return [], "", []


def _hidden(node: Tag) -> bool:
    """Inside an element the browser does not show (style display:none, the hidden attribute)."""
    for el in (node, *node.parents):
        attrs = el.attrs
        if attrs is None:
            continue
        if "hidden" in attrs or _HIDDEN_STYLE.search(str(attrs.get("style") or "")):
            return True
    return False


def _visible_text(doc: Document, hidden: list[Tag]) -> str:
    """The body's text, folded, without hidden elements: what a reader can see."""
    body = doc.soup.body or doc.soup
    text = _fold(body.get_text(" "))
    for el in hidden[:200]:
        inner = _fold(el.get_text(" "))
        if inner:
            text = text.replace(inner, " ", 1)
    return text


def _named_after(name: str, host: str) -> bool:
    """The site is named after this person: `guenter-pilger.de` for "Günter Pilger"."""
    words = name.casefold().split()
    if len(words) < 2 or any(w in rules.DESK_FILLERS for w in words):
        return False  # a person's name, not the site's own ("Automobilwoche", "Die Zeit")
    key = _ascii_key(name)
    return len(key) >= rules.MIN_OWNER_NAME_CHARS and key in host.split()


def _ascii_key(text: str) -> str:
    """Letters and digits as a host name writes them: "Günter Pilger" -> "guenterpilger"."""
    text = text.casefold()
    for letter, spelled in rules.HOST_SPELLINGS.items():
        text = text.replace(letter, spelled)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def _only_in_chrome(c: _Collector, name: str) -> bool:
    """`name` is shown only in the page's chrome (footer, navigation, logo, a copyright line):
    the site's owner or publisher, whom a CMS writes into its author field on every page."""
    body = c.doc.soup.body
    if body is None:
        return False
    folded = _fold(name)
    # Folding every string of the page costs more than a plain search for the name's
    # longest word: only strings holding that word are folded.
    probe = max(folded.split(), key=len, default="")
    hits = 0
    for string in body.strings:
        if len(string) < len(name) or probe not in string.casefold():
            continue
        text = _fold(string)
        if folded in text and _has_words(text, folded):
            hits += 1
            if not _in_chrome(string, c.safe):
                return False
    return hits > 0


def _in_chrome(string: Any, safe: frozenset[int]) -> bool:
    """Whether a text node sits in the page's chrome rather than in the article."""
    chrome = False
    in_line = True
    for depth, anc in enumerate(string.parents):
        name = anc.name
        if name in ("body", "html", "[document]"):
            break
        if in_line and depth < 3:
            # A copyright notice names the site's owner, wherever the template puts it; the
            # notice is the short line around the name, not the block that holds it.
            line = _fold(anc.get_text(" "))
            if len(line) > rules.MAX_BYLINE_CHARS:
                in_line = False
            elif any(mark in line for mark in rules.COPYRIGHT_MARKS):
                return True
        if name in ("article", "main"):
            return False
        if id(anc) in safe:
            return chrome
        cls, ident = anc.attrs.get("class"), anc.attrs.get("id")
        words = _words(cls or "") | (_words(ident) if ident is not None else frozenset())
        if words & rules.ARTICLE_WORDS:
            return False
        if words & rules.OWN_FOOTER_WORDS:
            continue
        if name in rules.CHROME_TAGS or words & rules.CHROME_WORDS or (name == "header" and safe):
            chrome = True
    return chrome


def _has_words(text: str, words: str) -> bool:
    """`words` occur in `text` as whole words: "Jan" is not in "Januar" nor in the domain
    "jan-example.de"."""
    start = text.find(words)
    while start >= 0:
        end = start + len(words)
        before = text[start - 1] if start else " "
        after = text[end : end + 2]
        # `"" in "_-"` holds: the end of the text is tested apart.
        if not (before.isalnum() or before in "_.-") and not (
            after[:1].isalnum()
            or (after[:1] and after[:1] in "_-")
            or (after[:1] == "." and after[1:2].isalnum())
        ):
            return True
        start = text.find(words, start + 1)
    return False


def _site_desk(name: str, publishers: frozenset[str], host: str) -> bool:
    """The site's newsroom named as the author ("N-Land Redaktion", "Redacción El Sitio"):
    the site itself, not a person."""
    words = [w.strip(".,:").casefold() for w in name.split()]
    if not any(w in rules.DESK_WORDS for w in words):
        return False
    rest = [_alnum(w) for w in words if w not in rules.DESK_WORDS | rules.DESK_FILLERS]
    site = publishers | set(host.split())
    return bool(rest) and ("".join(rest) in site or all(w in site for w in rest))


def _is_domain_of(name: str, host: str) -> bool:
    """`name` is the site's own domain written as a byline ("handwerksblatt.de")."""
    if not re.fullmatch(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}", name.casefold()):
        return False
    label = name.casefold().rsplit(".", 1)[0].rsplit(".", 1)[-1].replace("-", "")
    return label in host.split()


def _fold(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).casefold().strip()


def _with_urls(authors: list[Author], visible: list[tuple[list[Author], Tag]]) -> list[Author]:
    """Author URLs from the visible byline where the structured source gave none."""
    urls = {a.name.casefold(): a.url for v, _ in visible for a in v if a.url}
    return [a if a.url else Author(name=a.name, url=urls.get(a.name.casefold())) for a in authors]


def _text_dates(c: _Collector, mdy: bool, start: Tag | None) -> None:
    """A date written in the text right after (or just before) the headline."""
    if start is None:
        return
    for direction, elements in (
        ("after", start.next_elements),
        ("before", start.previous_elements),
    ):
        budget = rules.TEXT_DATE_CHARS if direction == "after" else rules.TEXT_DATE_CHARS // 4
        for el in elements:
            if budget <= 0:
                break
            if isinstance(el, Tag) or not isinstance(el, str):
                continue
            text = str(el)
            budget -= len(text)
            if not any(ch.isdigit() for ch in text):
                continue
            value = parse_text_date(text, mdy)
            parent = el.parent
            if value is not None and parent is not None and not _is_foreign(parent, c.safe):
                order = -1
                c.add("published", value, "text", f"{direction} the headline", parent, order)
                break


def _date_candidates(c: _Collector, mdy: bool, start: Tag | None = None) -> None:
    obj = c.jsonld
    if obj is not None:
        for prop, field_name in (
            ("datePublished", "published"),
            ("dateCreated", "published"),
            ("uploadDate", "published"),
            ("dateModified", "modified"),
        ):
            for s in _strings(obj.get(prop), c.ids)[:1]:
                value = parse_machine_date(s)
                if value is not None:
                    detail = f"{c.jsonld_type}.{prop}"
                    c.add(field_name, value, "json-ld", detail)
    meta = c.found.meta
    for keys, field_name in (
        (rules.META_PUBLISHED, "published"),
        (rules.META_MODIFIED, "modified"),
    ):
        for key in keys:
            for s in meta.get(key, [])[:1]:
                value = parse_machine_date(s)
                if value is not None:
                    c.add(field_name, value, "meta", key)
    # Page elements outside the article's container (a sidebar, a profile box, the footer)
    # speak for the article only when nothing inside it gives a date.
    outside: list[tuple[str, str, Tag, int]] = []
    for order, prop, node in c.found.itemprops:
        if prop not in ("datepublished", "datemodified", "datecreated") or node.name == "meta":
            continue
        field_name = "modified" if prop == "datemodified" else "published"
        if _is_foreign(node, c.safe):
            outside.append((field_name, f"itemprop={prop}", node, order))
            continue
        value = _element_date(node, mdy)
        if value is not None:
            c.add(field_name, value, "time", f"itemprop={prop}", node, order)
    for order, node in c.found.times:
        words = _words(node.get("class") or "")
        field_name = "modified" if words & rules.MODIFIED_WORDS else "published"
        if _is_foreign(node, c.safe):
            outside.append((field_name, "<time>", node, order))
            continue
        value = _element_date(node, mdy)
        if value is not None:
            c.add(field_name, value, "time", "<time>", node, order)
    count = 0
    for order, node in c.found.datelines:
        if count >= 8:
            break
        if node.name in ("time", "body", "html", "article", "main"):
            continue
        words = _words(node.get("class") or "") | _words(node.get("id") or "")
        text = _text(node)
        if not text or len(text) > 200 or _is_foreign(node, c.safe):
            continue
        value = parse_text_date(text, mdy)
        if value is None:
            continue
        count += 1
        field_name = "modified" if words & rules.MODIFIED_WORDS else "published"
        c.add(field_name, value, "byline", "dateline", node, order)
    parts = url_date(_original_url(c.doc.url))
    if parts and parts[2] is not None:
        with contextlib.suppress(ValueError):
            c.add("published", date(parts[0], parts[1], parts[2]), "url", "path")
    if outside and not any(x.source != "url" for x in c.of("published")):
        _outside_dates(c, outside, mdy)
    if not any(x.source in ("byline", "time") for x in c.of("published")):
        _text_dates(c, mdy, start)
    if not any(x.source != "url" for x in c.of("published")):
        _last_resort_dates(c, mdy)


def _element_date(node: Tag, mdy: bool) -> When | None:
    """The date of a <time> or an itemprop=date* element: its machine value, else its text."""
    raw = node.get("content") or node.get("datetime") or node.get("title")
    value = parse_machine_date(raw) if isinstance(raw, str) else None
    return value if value is not None else parse_text_date(_text(node), mdy)


def _outside_dates(c: _Collector, outside: list[tuple[str, str, Tag, int]], mdy: bool) -> None:
    """Dated elements outside the article's container, as candidates: unless they show several
    different dates (a list of posts, comments), which is nothing about the article."""
    found: list[Candidate] = []
    for field_name, detail, node, order in outside:
        value = _element_date(node, mdy)
        if value is not None:
            found.append(
                Candidate(field_name, value, "time", f"{detail} outside the article", node, order)
            )
    if len({as_date(x.value) for x in found}) < rules.LISTING_DISTINCT_DATES:
        c.candidates.extend(found)


_PUBLISHED_LABEL = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(w) for w in rules.PUBLISHED_LABELS) + r")\s*:?\s*",
    re.IGNORECASE,
)


def _last_resort_dates(c: _Collector, mdy: bool) -> None:
    """Where the page has no dated element: a date the page labels as its publication
    ("Erschienen am: 01.11.2023" in a footer), else one written in its description."""
    body = c.doc.soup.body
    text = _SPACE.sub(" ", body.get_text(" ")) if body is not None else ""
    for match in _PUBLISHED_LABEL.finditer(text):
        found = find_text_dates(text[match.end() : match.end() + 40], mdy)
        if found and found[0][0] == 0:
            c.add("published", found[0][1], "text", "labelled date")
            return
    hit = _first(c.found.meta, rules.META_DESCRIPTION)
    value = parse_text_date(hit[0], mdy) if hit else None
    if hit and value is not None:
        c.add("published", value, "text", f"date in {hit[1]}")
        return
    if c.of("published"):
        return
    # Nothing else at all: the first full date the page shows (a news list's entry for this
    # story, a "built on" stamp), not one in the future nor in the readers' comments.
    budget = 20_000
    for string in body.strings if body is not None else ():
        budget -= len(string)
        if budget < 0:
            break
        if not any(ch.isdigit() for ch in string):
            continue
        for _start, value in find_text_dates(string, mdy):
            if not is_future(value, c.now) and not _in_comments(string.parent):
                c.add("published", value, "text", "first date on the page")
                return


def _in_comments(node: Tag | None) -> bool:
    while node is not None and node.name not in ("body", "html"):
        cls, ident = node.attrs.get("class"), node.attrs.get("id")
        if cls is not None or ident is not None:
            words = _words(cls or "") | (_words(ident) if ident is not None else frozenset())
            if words & rules.COMMENT_WORDS:
                return True
        node = node.parent
    return False


def _url_agreement(value: When, parts: tuple[int, int, int | None] | None) -> float:
    """1 when `value` is the URL's date (or month, when the URL has no day), else 0."""
    if parts is None:
        return 0.0
    d = as_date(value)
    if parts[2] is None:
        return 0.5 if (d.year, d.month) == (parts[0], parts[1]) else 0.0
    return 1.0 if (d.year, d.month, d.day) == parts else 0.0


def _precision(value: When) -> int:
    if isinstance(value, datetime):
        return 2 if value.tzinfo is not None else 1
    return 0


def _best_per_source(cands: list[Candidate], headline_order: int) -> list[Candidate]:
    """The first candidate of each source: meta and JSON-LD in rule order; page elements
    marked itemprop=datePublished first, then the one closest to the headline."""

    def rank(cand: Candidate) -> tuple[int, int]:
        marked = 0 if cand.detail.startswith("itemprop") else 1
        if cand.order < 0 or headline_order < 0:
            return marked, 0
        return marked, abs(cand.order - headline_order)

    best: dict[str, Candidate] = {}
    for cand in cands:
        held = best.get(cand.source)
        if held is None or rank(cand) < rank(held):
            best[cand.source] = cand
    return list(best.values())


def _vote(
    c: _Collector, field_name: str, headline_order: int, helpers: Iterable[Candidate] = ()
) -> Candidate | None:
    """The date most sources agree on (weights in rules), and its most precise candidate."""
    cands = [x for x in c.of(field_name) if not is_future(x.value, c.now)]
    if not cands:
        return None
    # Many different dates in one kind of page element: a list of posts, not the article's.
    listed = {
        source
        for source in ("time", "byline")
        if len({as_date(x.value) for x in cands if x.source == source})
        >= rules.LISTING_DISTINCT_DATES
    }
    votes: dict[date, float] = {}
    for cand in [*_best_per_source(cands, headline_order), *helpers]:
        weight = rules.DATE_SOURCE_WEIGHTS.get(cand.source, 0.5)
        if cand.source == "meta" and cand.detail in rules.META_GENERIC_DATES:
            weight = rules.GENERIC_META_DATE_WEIGHT
        if cand.field != field_name:
            weight *= rules.DATE_OTHER_FIELD_WEIGHT
        if cand.source in listed and not cand.detail.startswith("itemprop"):
            weight *= rules.LISTING_WEIGHT
        key = as_date(cand.value)
        votes[key] = votes.get(key, 0.0) + weight
    rank = {s: i for i, s in enumerate(rules.DATE_SOURCE_WEIGHTS)}
    winner = max(
        votes,
        key=lambda d: (
            votes[d],
            -min(rank.get(x.source, 99) for x in cands if as_date(x.value) == d)
            if any(as_date(x.value) == d for x in cands)
            else -99,
        ),
    )
    agreeing = [x for x in cands if as_date(x.value) == winner]
    if not agreeing:
        return None
    prefer = {s: i for i, s in enumerate(rules.DATE_SOURCE_PREFERENCE)}
    return max(agreeing, key=lambda x: (_precision(x.value), -prefer.get(x.source, 99)))


def _dates(
    c: _Collector, mdy: bool, headline_order: int, start: Tag | None
) -> tuple[tuple[When, str] | None, tuple[When, str] | None, list[Tag]]:
    _date_candidates(c, mdy, start)
    _to_local_time(c)
    published = _vote(c, "published", headline_order, _modified_helpers(c))
    modified = _vote(c, "modified", headline_order)
    if (
        published is not None
        and modified is not None
        and _compare(published.value, modified.value) > 0
    ):
        # Published after modified: the modified candidate is the one that cannot be right
        # (sites rewrite it on every template change); a later one may be.
        later = [
            x
            for x in c.of("modified")
            if _compare(published.value, x.value) <= 0 and not is_future(x.value, c.now)
        ]
        modified = later[0] if later else None
        c.notes.append("modified: dropped a candidate earlier than the publication")
    nodes = [x.node for x in (published, modified) if x is not None and x.node is not None]
    return (
        (published.value, published.source) if published else None,
        (modified.value, modified.source) if modified else None,
        nodes,
    )


def _to_local_time(c: _Collector) -> None:
    """UTC instants written in the zone the page's other timestamps use: a story published at
    00:25 UTC in Buenos Aires is dated the day before by its readers, and at 23:10 UTC in
    Berlin the day after."""
    offsets: Counter[timedelta] = Counter()
    dated = [x for x in c.candidates if x.field in ("published", "modified")]
    for x in dated:
        offset = x.value.utcoffset() if isinstance(x.value, datetime) else None
        if offset:
            offsets[offset] += 1
    if not offsets:
        # The page shows the time of a UTC instant as its readers' clock does ("12:10" for
        # 11:10Z): the difference is the site's offset.
        instants = [x for x in dated if _is_utc(x.value)]
        for x in dated:
            if isinstance(x.value, datetime) and x.value.tzinfo is None and x.node is not None:
                for instant in instants:
                    offset = _clock_offset(x.value, instant.value)
                    if offset and instant.field == x.field:
                        offsets[offset] += 1
    local: tzinfo | None
    if offsets:
        local = timezone(offsets.most_common(1)[0][0])
    else:
        local = _country_zone(c.doc.url)
        if local is None:
            return
    for cand in c.candidates:
        value = cand.value
        if (
            cand.field in ("published", "modified")
            and isinstance(value, datetime)
            and value.tzinfo is not None
            and not value.utcoffset()
        ):
            shifted = value.astimezone(local)
            # A fixed offset, like the ones pages write, whatever zone object found it.
            cand.value = shifted.replace(tzinfo=timezone(shifted.utcoffset() or timedelta(0)))


def _country_zone(url: str | None) -> tzinfo | None:
    """The time zone of the site's country-code domain, where that country keeps one."""
    host = urlsplit(_original_url(url) or "").hostname or ""
    name = rules.COUNTRY_ZONES.get(host.rsplit(".", 1)[-1])
    return gettz(name) if name else None


def _is_utc(value: Any) -> bool:
    return isinstance(value, datetime) and value.tzinfo is not None and not value.utcoffset()


def _clock_offset(shown: datetime, instant: datetime) -> timedelta | None:
    """The zone offset that makes `instant` read as `shown`, if one does (whole quarter
    hours, within 14 hours, to the minute)."""
    delta = shown - instant.replace(tzinfo=None)
    quarters = round(delta / timedelta(minutes=15))
    offset = quarters * timedelta(minutes=15)
    if abs(delta - offset) >= timedelta(minutes=1) or abs(offset) > timedelta(hours=14):
        return None
    return offset or None


def _modified_helpers(c: _Collector) -> list[Candidate]:
    """The best modified candidate joins the published vote with a small weight: a page that
    shows its update date as its date is read that way by its readers."""
    mods = [x for x in c.of("modified") if not is_future(x.value, c.now)]
    return mods[:1]


def _compare(a: When, b: When) -> int:
    """-1, 0, 1 comparing two dates or datetimes (by date when either lacks a zone)."""
    if isinstance(a, datetime) and isinstance(b, datetime) and a.tzinfo and b.tzinfo:
        return (a > b) - (a < b)
    da, db = as_date(a), as_date(b)
    return (da > db) - (da < db)


def _canonical(c: _Collector) -> tuple[str, str] | None:
    doc = c.doc
    options: list[tuple[str, str, str]] = []
    for href in c.found.canonical[:1]:
        options.append((href, "meta", "link rel=canonical"))
    hit = _first(c.found.meta, rules.META_URL)
    if hit:
        options.append((hit[0], "meta", hit[1]))
    if c.jsonld is not None:
        for prop in ("url", "mainEntityOfPage"):
            for s in _strings(c.jsonld.get(prop), c.ids, key="@id")[:1]:
                options.append((s, "json-ld", prop))
    page_path = urlsplit(doc.url).path if doc.url else ""
    for href, source, detail in options:
        absolute = _absolute(href, doc)
        if absolute is None:
            continue
        path = urlsplit(absolute).path
        # A canonical pointing at the site's home page from a deeper page is a template bug.
        if path in ("", "/") and page_path not in ("", "/"):
            c.notes.append(f"url: ignored {detail} pointing at the site root")
            continue
        c.add("url", absolute, source, detail)
    cands = c.of("url")
    return (cands[0].value, cands[0].source) if cands else None


def _language(c: _Collector) -> tuple[str, str] | None:
    if c.found.lang:
        c.add("language", c.found.lang, "meta", "<html lang>")
    hit = _first(c.found.meta, rules.META_LOCALE)
    if hit:
        c.add("language", hit[0], "meta", hit[1])
    if c.jsonld is not None:
        for s in _strings(c.jsonld.get("inLanguage"), c.ids)[:1]:
            c.add("language", s, "json-ld", "inLanguage")
    for cand in c.of("language"):
        value = str(cand.value).strip().replace("_", "-").split(",")[0].strip()
        if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
            return value, cand.source
    return None


def _description(c: _Collector) -> tuple[str, str] | None:
    hit = _first(c.found.meta, rules.META_DESCRIPTION)
    if hit:
        c.add("description", normalise(hit[0]), "meta", hit[1])
    if c.jsonld is not None:
        for s in _strings(c.jsonld.get("description"), c.ids)[:1]:
            c.add("description", normalise(s), "json-ld", "description")
    cands = [x for x in c.of("description") if x.value]
    return (cands[0].value, cands[0].source) if cands else None


def _image(c: _Collector) -> tuple[str, str] | None:
    hit = _first(c.found.meta, rules.META_IMAGE)
    if hit:
        c.add("image", hit[0], "meta", hit[1])
    if c.jsonld is not None:
        for s in _strings(c.jsonld.get("image"), c.ids, key="url")[:1]:
            c.add("image", s, "json-ld", "image")
    for cand in c.of("image"):
        absolute = _absolute(cand.value, c.doc)
        if absolute:
            return absolute, cand.source
    return None


def _tags(c: _Collector) -> tuple[list[str], str]:
    tags = [normalise(t) for t in c.found.meta.get("article:tag", [])]
    if tags:
        c.add("tags", tags, "meta", "article:tag")
    if c.jsonld is not None:
        raw = c.jsonld.get("keywords")
        values = raw if isinstance(raw, list) else [raw]
        words: list[str] = []
        for v in values[:100]:
            if isinstance(v, str):
                words.extend(normalise(x) for x in v.split(","))
        words = [w for w in words if w]
        if words:
            c.add("tags", words, "json-ld", "keywords")
    news = c.found.meta.get("news_keywords")
    if news:
        words = [normalise(x) for x in news[0].split(",") if x.strip()]
        c.add("tags", words, "meta", "news_keywords")
    for cand in c.of("tags"):
        unique: list[str] = []
        for t in cand.value:
            if t and t.casefold() not in (u.casefold() for u in unique):
                unique.append(t)
        return unique[:50], cand.source
    return [], ""


def _truncated(c: _Collector) -> bool:
    if c.jsonld is not None and _jsonld_paywalled(c.jsonld):
        c.add("truncated", True, "json-ld", "isAccessibleForFree")
        return True
    tier = _first(c.found.meta, rules.META_PAYWALL)
    if tier and tier[0].strip().lower() in rules.PAYWALL_TIERS:
        c.add("truncated", True, "meta", tier[1])
        return True
    return False


def collect(doc: Document, now: datetime | None = None) -> tuple[Metadata, _Collector]:
    """Metadata for `doc` and every candidate considered (for `archiver parse --explain`)."""
    c = _Collector(doc, now or datetime.now(UTC))
    meta = Metadata()
    if doc.url is None:
        # A page given without its address: the one it names for itself (canonical link,
        # og:url, JSON-LD url) stands in, for the site's name, a date in the path and links.
        own = _canonical(c)
        c.candidates.clear()
        if own is not None:
            doc.url = own[0]
            c.notes.append(f"url: none given, the page's own {own[0]} used")
    site = _site_name(c)
    if site:
        meta.site_name, meta.provenance["site_name"] = site
    headline, source, node = _headline(c, meta.site_name)
    if headline:
        meta.headline, meta.provenance["headline"] = headline, source
    meta.headline_node = node
    headline_order = next((o for o, n in c.found.headings if n is node), -1)
    if node is None and c.found.headings:
        headline_order = c.found.headings[0][0]
    language = _language(c)
    if language:
        meta.language, meta.provenance["language"] = language
    mdy = month_first(meta.language)
    start = node or (c.found.headings[0][1] if c.found.headings else None)
    if start is not None:
        c.safe = frozenset(id(a) for a in start.parents if a.name not in ("body", "html"))
    authors, source, byline_nodes = _authors(c, meta.site_name, headline_order, start)
    if authors:
        meta.authors, meta.provenance["authors"] = authors, source
    published, modified, date_nodes = _dates(c, mdy, headline_order, start)
    if published:
        meta.published, meta.provenance["published"] = published
    if modified:
        meta.modified, meta.provenance["modified"] = modified
    for n in [*byline_nodes, *date_nodes]:
        if n is not node and all(n is not m for m in meta.byline_nodes):
            meta.byline_nodes.append(n)
    for name, chooser in (("url", _canonical), ("description", _description), ("image", _image)):
        hit = chooser(c)
        if hit:
            setattr(meta, name, hit[0])
            meta.provenance[name] = hit[1]
    tags, source = _tags(c)
    if tags:
        meta.tags, meta.provenance["tags"] = tags, source
    meta.truncated = _truncated(c)
    if c.jsonld is not None:
        body = c.jsonld.get("articleBody")
        if isinstance(body, str) and body.strip():
            meta.jsonld_body = body
    return meta, c


def extract_metadata(doc: Document, now: datetime | None = None) -> Metadata:
    """Headline, authors, dates and the rest for `doc`; never raises for content reasons.

    `now` (default: the current time) bounds the dates: a page cannot be published later.
    """
    return collect(doc, now)[0]


__all__ = ["Candidate", "Metadata", "collect", "extract_metadata", "strip_site"]
