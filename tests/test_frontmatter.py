"""The stored document's front matter: keys, round trips, and what a hand edit may break."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from archiver.frontmatter import dump_document, load_document
from archiver.models import Article, Asset

SHA = "ab" * 32


def test_an_asset_is_either_kept_or_failed() -> None:
    kept = Asset(
        url="https://e.org/a.jpg",
        path="a.assets/a.jpg",
        content_type="image/jpeg",
        bytes=10,
        sha256=SHA,
    )
    failed = Asset(url="https://e.org/b.jpg", error="HTTP 404")
    assert kept.error is None and failed.path is None
    with pytest.raises(ValidationError, match="needs path"):
        Asset(url="https://e.org/a.jpg", path="a.jpg")
    with pytest.raises(ValidationError, match="only url and error"):
        Asset(url="https://e.org/a.jpg", error="x", bytes=3)
    with pytest.raises(ValidationError, match="inside it"):
        Asset(url="u", path="../x.jpg", content_type="image/png", bytes=1, sha256=SHA)


def test_assets_round_trip_through_the_front_matter() -> None:
    article = Article(
        headline="Pictures",
        url="https://e.org/story",
        body="Text.\n",
        assets=[
            Asset(
                url="https://e.org/a.jpg",
                path="story.assets/a.jpg",
                content_type="image/jpeg",
                bytes=10,
                sha256=SHA,
            ),
            Asset(url="https://e.org/b.jpg", error="HTTP 404"),
        ],
    )
    text = dump_document(article)
    assert "assets:\n- url: https://e.org/a.jpg\n  path: story.assets/a.jpg\n" in text
    assert load_document(text) == article
