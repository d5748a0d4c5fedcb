"""Input -> Document: decode bytes, drop non-content markup cheaply, build the soup once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup


@dataclass
class Document:
    """A page ready for extraction. `soup` is built once (lxml builder) and shared."""

    url: str | None
    soup: BeautifulSoup
    jsonld: list[dict[str, Any]] = field(default_factory=list)  # @graph and arrays flattened


def load_document(html: bytes | str, url: str | None = None) -> Document:
    """Decode (bytes: BOM > meta > detection), read JSON-LD, drop script/style/svg/template
    and comments, and build the BeautifulSoup tree. Never raises for content reasons."""
    raise NotImplementedError
