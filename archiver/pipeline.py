"""One URL through the pipeline: fetch -> parse -> store. `archive` and `import` both use it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import requests

from archiver.errors import NoArticleError
from archiver.fetch import Fetched, Limits, RetryPolicy, fetch
from archiver.models import Article
from archiver.parse import parse
from archiver.store import Archive, Saved

if TYPE_CHECKING:
    from archiver.assets import PictureLimits
    from archiver.browser import Renderer

# The archive's rule for "no article": running text (Article.text) with fewer letters and
# digits than this (counted in characters, not words: Chinese or Japanese runs no spaces),
# unless the parser found a post of pictures under a headline (a comic, an infographic).
# parse() returns whatever text a page holds; whether that is an article is decided here.
MIN_ARTICLE_CHARS = 20


def is_article(article: Article) -> bool:
    """The archive's rule: MIN_ARTICLE_CHARS letters and digits of running text, or a
    headline over a post of pictures (the body's provenance "pictures")."""
    if sum(ch.isalnum() for ch in article.text) >= MIN_ARTICLE_CHARS:
        return True
    return bool(article.headline) and article.provenance.get("body") == "pictures"


def extract(fetched: Fetched) -> Article:
    """Parse a fetched page into an Article carrying its capture; NoArticleError when it
    is none by is_article."""
    article = parse(fetched.text(), url=fetched.final_url)
    if not is_article(article):
        raise NoArticleError(f"no article found at {fetched.final_url}")
    return article.model_copy(
        update={"capture": fetched.capture(), "url": article.url or fetched.final_url}
    )


def archive_url(
    url: str,
    archive: Archive,
    *,
    session: requests.Session | None = None,
    limits: Limits = Limits(),
    retry: RetryPolicy = RetryPolicy(),
    sleep: Callable[[float], None] = time.sleep,
    renderer: Renderer | None = None,
    pictures: PictureLimits | None = None,
) -> tuple[Saved, Article]:
    """Fetch `url` (with retries), extract its article and store it; with a `renderer`,
    the page is rendered in a browser when its mode says so; with `pictures`, the pictures
    it shows are kept too (those that fail are recorded; they never fail the article)."""
    fetched = fetch(url, session=session, limits=limits, retry=retry, sleep=sleep)
    if renderer is None:
        article = extract(fetched)
    else:
        fetched, article = renderer.process(fetched, extract)
    saved = archive.save(article, fetched)
    if pictures is not None:
        from archiver.assets import keep_pictures

        keep_pictures(archive, saved.path, fetch_limits=limits, limits=pictures, session=session)
    return saved, article
