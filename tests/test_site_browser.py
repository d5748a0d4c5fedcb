"""The reading site in a real browser (Debian's Chromium driven by Playwright): browsing from
file:// with the picture server gone, and search over HTTP from a local static server."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from archiver.models import Author
from tests.conftest import require_tool
from tests.test_site import PNG, build, put_asset, store

BODIES = [
    (
        "https://www.example.com/2024/12/19/harbour",
        "The harbour reopens",
        "After three months of repairs the harbour reopened to fishing boats on Monday.\n\n"
        "Dockworkers unloaded the first catch of mackerel before dawn.",
    ),
    (
        "https://news.other.org/2024/11/bridge",
        "A bridge for the valley",
        "The council approved a footbridge across the river.\n\n"
        "Cyclists asked for a wider deck; the engineers agreed to a quiet cantilevered "
        "walkway beside the railway line.",
    ),
    (
        "https://example.com/2024/10/orchard",
        "Orchards bloom early",
        "Warm weather brought the apple blossom forward by two weeks.\n\n"
        "Beekeepers moved their hives into the orchards on the hillside.",
    ),
]


@pytest.fixture
def browser() -> Iterator[Any]:
    chromium = require_tool("chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        # Debian's Chromium; Playwright cannot download its own browser here. Root needs
        # --no-sandbox.
        launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    archive = tmp_path / "archive"
    for n, (url, headline, body) in enumerate(BODIES):
        asset = put_asset(archive, PNG, f"{n:02x}" + "c" * 62 + ".png")
        rel = f"../../../assets/{asset.parent.name}/{asset.name}"
        store(
            archive,
            url,
            headline,
            f"{body}\n\n![Picture {n}]({rel})",
            authors=[Author(name="Ann Lee")],
            # the bridge is of another year: its search bundle is merged into the newest's
            published=date(2023, 11, 2) if "bridge" in url else date(2024, 12, 1),
        )
    out = tmp_path / "site"
    build(archive, out)
    return out


@contextmanager
def static_server(root: Path) -> Iterator[str]:
    """The site served by a plain static server on loopback (Pagefind needs HTTP)."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_from_file_the_index_lists_every_article_and_every_picture_loads(
    browser: Any, site: Path
) -> None:
    """RELIABILITY 42: opened from file:// with no server at all, the index lists every
    article and every picture on an article page has loaded (naturalWidth > 0); the pages
    request nothing but files of the site."""
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((site / "index.html").as_uri())
    listed = page.locator("ol.entries h2 a").all_inner_texts()
    assert sorted(listed) == sorted(headline for _, headline, _ in BODIES)
    for link in [a.get_attribute("href") for a in page.locator("ol.entries h2 a").all()]:
        page.goto((site / "index.html").as_uri())
        page.click(f'a[href="{link}"]')
        page.wait_for_load_state("load")
        images = page.locator("article img")
        assert images.count() == 1
        widths = page.eval_on_selector_all(
            "article img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)"
        )
        assert widths == [1], page.url
    assert requests and all(url.startswith("file://") for url in requests), requests


def test_served_over_http_a_phrase_from_a_body_finds_that_article_first(
    browser: Any, site: Path
) -> None:
    """RELIABILITY 43: with the site on a plain static server, searching for a phrase from an
    article's body lists that article first, also when the article is in the search bundle
    of an earlier year (merged into the newest year's)."""
    assert sorted(p.name for p in (site / "search").iterdir()) == ["2023", "2024"]
    page = browser.new_page()
    with static_server(site) as base:
        page.goto(base + "index.html")
        page.fill("input[name=q]", "cantilevered walkway")
        page.click("form.search-form button")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=20_000)
        first = page.locator(".pagefind-ui__result-link").first
        assert first.inner_text() == "A bridge for the valley"
        first.click()
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == "A bridge for the valley"
        assert page.url.startswith(base + "articles/")


def test_from_file_the_search_page_says_it_needs_http(browser: Any, site: Path) -> None:
    page = browser.new_page()
    page.goto((site / "search.html").as_uri())
    assert "needs the site served over HTTP" in page.locator("#search-note").inner_text()


def test_pictures_archived_from_a_server_that_is_gone_show_from_file(
    browser: Any, tmp_path: Path
) -> None:
    """RELIABILITY 42: an article archived with its pictures from a loopback server, that
    server stopped, then the site built and opened from file://: every picture has loaded."""
    from tests.server import Loopback
    from tests.test_assets import archive, png_route, story

    with Loopback() as server:
        png_route(server, "/img/a.png")
        png_route(server, "/img/b.png", PNG[:-12] + PNG[-12:])
        url = story(
            server,
            '<figure><img src="/img/a.png" alt="a"></figure>'
            '<figure><img data-src="/img/b.png" alt="b"></figure>',
        )
        archive(tmp_path, url)
    out = tmp_path / "site"
    build(tmp_path / "archive", out)
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    (article,) = out.glob("articles/**/*.html")
    page.goto(article.as_uri())
    widths = page.eval_on_selector_all(
        "article img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)"
    )
    assert widths == [1, 1]
    assert all(url.startswith("file://") for url in requests), requests
