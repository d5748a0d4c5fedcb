"""Document -> Metadata: headline, authors, dates, canonical URL, site, language, tags.

Candidates come from JSON-LD, OpenGraph/article:* and name= meta, <time>, the visible byline,
the <h1> and the URL; each chosen value records where it came from in `provenance`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bs4 import Tag

from archiver.models import Author
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


def extract_metadata(doc: Document) -> Metadata:
    raise NotImplementedError
