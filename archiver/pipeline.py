"""One URL through the pipeline: fetch -> parse -> store. `archive` and `import` both use it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests

from archiver.connect import ip_of, is_private_address
from archiver.errors import NoArticleError
from archiver.fetch import Fetched, Limits, RetryPolicy, fetch
from archiver.models import Article
from archiver.parse import parse
from archiver.sites import one_site
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
    url = source_url(article.url, fetched.final_url)
    provenance = article.provenance
    if article.url and url != article.url:
        # The page's claim is set aside: the address comes from the capture.
        provenance = {**provenance, "url": "capture"}
    return article.model_copy(
        update={"capture": fetched.capture(), "url": url, "provenance": provenance}
    )


def source_url(claimed: str | None, fetched: str) -> str:
    """The address the archive files an article under: the one the page gives as its own
    (canonical link, og:url, JSON-LD) when that is on the site fetched, else the address
    fetched. A page naming another site's address is not let file itself under that site,
    nor become a version of an article archived from there; wire copy and an AMP cache's
    pages are filed where they were read. A page served from the user's own machine or
    network (a loopback or private address: a saved page served locally, a mirror) is their
    copy of a page from elsewhere, and its claim says where from."""
    if claimed and (one_site(claimed, fetched) or _own_copy(fetched)):
        return claimed
    return fetched


def _own_copy(url: str) -> bool:
    """The page was read from a loopback or private address the URL names as such."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    address = ip_of(host)
    return address is not None and is_private_address(address)


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
