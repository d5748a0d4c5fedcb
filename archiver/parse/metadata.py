"""Document -> Metadata: assembles the fields (headline.py, authors.py, dates.py, site.py) from
the candidates one walk over the page collects (candidates.py); each chosen value records
where it came from in `provenance`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from bs4 import Tag

from archiver.models import Author
from archiver.parse import authors, dates, headline, site
from archiver.parse.author_text import name_before_date
from archiver.parse.candidates import Candidate, Collector, order_of
from archiver.parse.datetext import month_first
from archiver.parse.document import Document
from archiver.parse.page_lines import shown_headline
from archiver.parse.title_parts import strip_site


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
    # Where no heading holds the headline: the element showing its text (a bold line in a
    # cell, a link), the place the story follows.
    headline_shown: Tag | None = None


def collect(doc: Document, now: datetime | None = None) -> tuple[Metadata, Collector]:
    """Metadata for `doc` and every candidate considered (for `archiver parse --explain`)."""
    c = Collector(doc, now or datetime.now(UTC))
    meta = Metadata()
    if doc.url is None:
        # A page given without its address: the one it names for itself (canonical link,
        # og:url, JSON-LD url) stands in, for the site's name, a date in the path and links.
        own = site.canonical(c)
        c.candidates.clear()
        if own is not None:
            doc.url = own[0]
            c.notes.append(f"url: none given, the page's own {own[0]} used")
    site_name = site.site_name(c)
    if site_name:
        meta.site_name, meta.provenance["site_name"] = site_name
    text, source, node = headline.choose(c, meta.site_name)
    if text:
        meta.headline, meta.provenance["headline"] = text, source
    meta.headline_node = node
    headline_order = next((o for o, n in c.found.headings if n is node), -1)
    if node is None and c.found.headings:
        headline_order = c.found.headings[0][0]
    language = site.language(c)
    if language:
        meta.language, meta.provenance["language"] = language
    mdy = month_first(meta.language)
    start = node or (c.found.headings[0][1] if c.found.headings else None)
    # A headline shown in no heading (a bold line in a table cell): the byline is looked for
    # after the element that shows it rather than after the page's first heading; the dates
    # there too where the page has no heading.
    if node is None and meta.headline:
        meta.headline_shown = shown_headline(c, meta.headline)
    shown = node or meta.headline_shown or start
    if not c.found.headings and shown is not None:
        # No heading on the page: the element showing the headline (a line its class names,
        # a plain block) places it, for the nearness of the dates and the byline to it.
        headline_order = order_of(doc, shown)
    # The boxes holding the headline (or the page's first heading; with none, the element
    # showing the headline) are the article's, whatever layout words they carry.
    held = start if start is not None else shown
    if held is not None:
        c.safe = frozenset(id(a) for a in held.parents if a.name not in ("body", "html"))
    names, source, byline_nodes = authors.choose(c, meta.site_name, headline_order, shown)
    if names:
        meta.authors, meta.provenance["authors"] = names, source
    dated = start if start is not None else shown
    published, modified, date_nodes = dates.choose(c, mdy, headline_order, dated)
    if published:
        meta.published, meta.provenance["published"] = published
    if modified:
        meta.modified, meta.provenance["modified"] = modified
    if not names and meta.published:
        # The elements that show the page's date (a sidebar's post card may be one).
        shown_dates = [
            x.node for x in c.of("published") if x.node is not None and x.value == meta.published
        ]
        beside = authors.beside_date(c, meta.site_name, headline_order, shown_dates)
        if beside is not None:
            meta.authors, meta.provenance["authors"] = beside[0], "byline"
            byline_nodes = [beside[1]]
    if not meta.authors:
        named = name_before_date(c, shown, meta.site_name)
        if named is not None:
            c.add("authors", named[0], "text", "a name before the date", named[1])
            meta.authors, meta.provenance["authors"] = named[0], "text"
            byline_nodes = [named[1]]
    for n in [*byline_nodes, *date_nodes]:
        if n is not node and all(n is not m for m in meta.byline_nodes):
            meta.byline_nodes.append(n)
    for name, chooser in (
        ("url", site.canonical),
        ("description", site.description),
        ("image", site.image),
    ):
        hit = chooser(c)
        if hit:
            setattr(meta, name, hit[0])
            meta.provenance[name] = hit[1]
    tags, source = site.tags(c)
    if tags:
        meta.tags, meta.provenance["tags"] = tags, source
    meta.truncated = site.truncated(c)
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
