"""HTML -> Article: the extractor.

document.py    bytes/str -> Document (decoded, pre-cleaned, soup built once, JSON-LD read)
metadata.py    Document -> Metadata, assembled from one module per field:
               candidates.py (one walk collecting what the page offers); headline.py
               (+ page_lines.py: lines by their place, title_parts.py: the site's name
               around a headline); authors.py (+ author_text.py: bylines written as text,
               author_checks.py: a structured author checked against the page, names.py:
               byline text -> names); dates.py (+ datetext.py: date strings -> values);
               site.py (site name, URL, language, tags...); each field's data in its
               *_rules.py beside it
body.py        Document + Metadata -> main content node -> Markdown (via markdown.py), over
               body_page.py (the walk's figures), body_clean.py (furniture, cleaning),
               body_choice.py (the container), body_join.py (what joins it) and
               body_text.py (the Markdown's end)
tree.py        markup -> BeautifulSoup tree, built from lxml's tree in one walk, its
               paragraphs first closed where a browser closes them (repair.py)
rules.py       data only: selector lists, boilerplate names, byline words
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archiver.models import Article


def parse(html: bytes | str, url: str | None = None) -> Article:
    """Extract the article in `html`; never raises for content reasons.

    The body is whatever text the page holds, however short; deciding that a page is not an
    article belongs to the caller (the archive step's length rule, archiver/pipeline.py).
    """
    # The page's tree is tens of thousands of objects linked both ways, all alive until the
    # article is made: the cycle collector, run again and again by those allocations while
    # the tree grows, finds nothing to free and costs about a fifth of the parse. It waits
    # for the end instead, when the tree is garbage and still in its youngest generation.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(html, url)
    finally:
        if collecting:
            gc.enable()
            gc.collect(0)


def _parse(html: bytes | str, url: str | None) -> Article:
    # The extractor's modules (bs4, lxml, pydantic) load on the first call, so importing the
    # package, and with it `archiver`, stays light for commands that never parse.
    from archiver.models import Article
    from archiver.parse.body import extract_body
    from archiver.parse.document import load_document
    from archiver.parse.metadata import extract_metadata

    doc = load_document(html, url)
    meta = extract_metadata(doc)
    body = extract_body(doc, meta)
    provenance = dict(meta.provenance)
    provenance.update(body.provenance)
    return Article(
        headline=meta.headline,
        authors=meta.authors,
        published=meta.published,
        modified=meta.modified,
        body=body.markdown,
        url=meta.url or url,
        site_name=meta.site_name,
        language=meta.language,
        description=meta.description,
        image=meta.image,
        tags=meta.tags,
        provenance=provenance,
        truncated=meta.truncated or body.truncated or doc.truncated,
    )


__all__ = ["parse"]
