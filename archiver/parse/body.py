"""Document -> the article's main content as Markdown (main-content detection on the soup)."""

from __future__ import annotations

from dataclasses import dataclass, field

from archiver.parse.document import Document
from archiver.parse.metadata import Metadata


@dataclass
class Body:
    markdown: str = ""
    truncated: bool = False
    provenance: dict[str, str] = field(default_factory=dict)


def extract_body(doc: Document, meta: Metadata) -> Body:
    raise NotImplementedError
