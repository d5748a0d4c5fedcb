"""Metadata extraction: headline, authors, dates, canonical URL and the rest, on small pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from bs4 import BeautifulSoup

from archiver.models import Author
from archiver.parse.document import Document, load_document
from archiver.parse.metadata import Metadata, extract_metadata
from tests.conftest import shared_path
from tests.server import FIXTURES

MSK = timezone(timedelta(hours=3))
NOW = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
SEED_URL = (
    "https://www.themoscowtimes.com/2024/12/19/"
    "at-least-100-north-korean-soldiers-killed-fighting-for-russia-seoul-says-a87399"
)


def meta_of(name: str, url: str | None = "https://news.example.com/story") -> Metadata:
    html = (FIXTURES / "pages" / name).read_bytes()
    return extract_metadata(load_document(html, url), now=NOW)


def test_seed_page() -> None:
    html = shared_path("seed", "themoscowtimes-2024-12-19.html").read_bytes()
    meta = extract_metadata(load_document(html, SEED_URL))
    assert meta.headline == (
        "At Least 100 North Korean Soldiers Killed Fighting for Russia, Seoul Says"
    )
    assert meta.authors == [Author(name="AFP", url="https://www.themoscowtimes.com/author/afp")]
    assert meta.published == datetime(2024, 12, 19, 13, 57, tzinfo=MSK)
    assert isinstance(meta.published, datetime)
    assert meta.published.utcoffset() == timedelta(hours=3)
    assert meta.modified == datetime(2024, 12, 19, 14, 20, tzinfo=MSK)
    assert meta.url == SEED_URL
    assert meta.site_name == "The Moscow Times"
    assert meta.language == "en"
    assert meta.headline_node is not None and meta.headline_node.name == "h1"
    assert any("byline" in (n.get("class") or []) for n in meta.byline_nodes)
    assert meta.provenance["authors"] == "json-ld"
    assert meta.provenance["published"] == "json-ld"


def test_a_hand_built_document_without_anything() -> None:
    doc = Document("https://example.com/x", BeautifulSoup("<p>Hello</p>", "lxml"), jsonld=[])
    meta = extract_metadata(doc)
    assert meta.headline == ""
    assert meta.authors == []
    assert meta.published is None
