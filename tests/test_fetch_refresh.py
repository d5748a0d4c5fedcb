"""A page that sends its reader on at once (a meta refresh, a `Refresh` header) is followed as
a browser follows it: one more redirect hop, with the hop's checks (RELIABILITY 5, 6, 26, 31),
against loopback servers; and through the real CLI, the story it leads to is what is stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from archiver.cli import cli
from archiver.fetch import Limits, RedirectRefused, fetch_once
from archiver.frontmatter import read_article
from archiver.refresh import parse_refresh, refresh_target
from tests.fetch_helpers import PAGE, failure, only_127_0_0_1, redirect
from tests.server import FIXTURES, Loopback


def stub(content: str, extra: str = "") -> str:
    return (
        "<!DOCTYPE html><html><head><title>Redirecting</title>"
        f'{extra}<meta http-equiv="refresh" content="{content}"></head>'
        '<body><p>Redirecting to <a href="/new">the new page</a>...</p></body></html>'
    )


def test_a_meta_refresh_stub_is_followed_to_its_page(srv: Loopback) -> None:
    """RELIABILITY 5: `content="0; url=/new"` leads to /new, as in a browser."""
    srv.static("/old", stub("0; url=/refresh/new"))
    srv.static("/refresh/new", PAGE)
    fetched = fetch_once(srv.url("/old"))
    assert (fetched.requested_url, fetched.final_url) == (srv.url("/old"), srv.url("/refresh/new"))
    assert fetched.body == PAGE.encode()


def test_a_refresh_header_is_followed(srv: Loopback) -> None:
    """RELIABILITY 5: the `Refresh` header says what the meta element does."""
    srv.static("/hdr", "<p>moved</p>", headers={"Refresh": "1;URL='/refresh/target'"})
    srv.static("/refresh/target", PAGE)
    assert fetch_once(srv.url("/hdr")).final_url == srv.url("/refresh/target")


@pytest.mark.parametrize(
    "page",
    [
        stub("300; url=/refresh/elsewhere"),  # a front page reloading every five minutes
        stub("0"),  # reload itself
        stub("0; url=/self"),  # the page itself
        stub("0; url=javascript:go()"),
        "<head><noscript>" + stub("0; url=/refresh/elsewhere") + "</noscript></head>",
        "<head><!-- " + stub("0; url=/refresh/elsewhere") + " --></head>",
        '<head><meta name="refresh" content="0; url=/refresh/elsewhere"></head><p>x</p>',
    ],
)
def test_a_page_that_sends_nowhere_at_once_is_kept(srv: Loopback, page: str) -> None:
    """A long delay, the page itself, a script URL, a refresh for browsers without scripts
    (<noscript>) or in a comment: the page is the answer, nothing more is asked."""
    srv.static("/self", page)
    srv.static("/refresh/elsewhere", PAGE)
    fetched = fetch_once(srv.url("/self"))
    assert fetched.final_url == srv.url("/self")
    assert srv.hits("/refresh/elsewhere") == []


def test_refreshes_and_redirects_count_together_against_the_limit(srv: Loopback) -> None:
    """RELIABILITY 5: an endless chain of refreshes and redirects stops at max_redirects."""
    for n in range(0, 30, 2):
        srv.static(f"/chain/{n}", stub(f"0; url=/chain/{n + 1}"))
        srv.routes[f"/chain/{n + 1}"] = redirect(f"/chain/{n + 2}")
    err = failure(srv.url("/chain/0"), Limits(max_redirects=5))
    assert str(err) == f"too many redirects (5): {srv.url('/chain/0')}"
    assert len(srv.log) == 6


def test_a_refresh_back_to_a_page_already_seen_ends_there(srv: Loopback) -> None:
    """RELIABILITY 5: A -> B -> A by refreshes: B is kept, nothing is asked twice."""
    srv.static("/ping", stub("0; url=/pong"))
    srv.static("/pong", stub("0; url=/ping"))
    assert fetch_once(srv.url("/ping")).final_url == srv.url("/pong")
    assert [h.path for h in srv.log] == ["/ping", "/pong"]


@pytest.fixture
def public() -> Iterator[Loopback]:
    with Loopback(host="127.0.0.2") as server:
        yield server


def test_a_public_page_refreshing_to_a_private_address_is_refused(
    srv: Loopback, public: Loopback
) -> None:
    """RELIABILITY 26: a refresh is a hop a public page pointed at: no private address."""
    srv.static("/admin", PAGE)
    public.static("/go", stub(f"0; url={srv.url('/admin')}"))
    err = failure(public.url("/go"), is_private=only_127_0_0_1)
    assert str(err).startswith(
        f"redirect from a public host to a private address refused: {srv.url('/admin')}"
    )
    assert srv.log == []
    allowed = Limits(allow_private=True)
    fetched = fetch_once(public.url("/go"), limits=allowed, is_private=only_127_0_0_1)
    assert fetched.final_url == srv.url("/admin")


def test_a_refresh_target_robots_txt_refuses_is_not_fetched(srv: Loopback) -> None:
    """RELIABILITY 31: robots.txt is asked for a refresh's target as for a redirect's."""
    srv.static("/go", stub("0; url=/private/page"))
    srv.static("/private/page", PAGE)
    asked: list[str] = []

    def allowed(url: str) -> str | None:
        asked.append(url)
        return "disallowed by robots.txt" if "/private/" in url else None

    with pytest.raises(RedirectRefused):
        fetch_once(srv.url("/go"), allowed=allowed)
    assert asked == [srv.url("/private/page")]
    assert srv.hits("/private/page") == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("0; url=/a", (0.0, "/a")),
        ("0;URL='/a b'", (0.0, "/a b")),
        ('5, url="http://x.example/"', (5.0, "http://x.example/")),
        ("  3  ", (3.0, "")),
        ("1.5; url = /a", (1.0, "/a")),
        (".5;/a", (0.0, "/a")),
        ("0 /a", (0.0, "/a")),
        ("soon", None),
        ("", None),
    ],
)
def test_refresh_content_is_read_as_browsers_read_it(
    content: str, expected: tuple[float, str] | None
) -> None:
    assert parse_refresh(content) == expected


def test_refresh_target_resolves_entities_and_relative_urls() -> None:
    page = b'<meta content="0;url=/next?a=1&amp;b=2#top" http-equiv=Refresh>'
    assert refresh_target(page, None, None, "http://x.example/old") == (
        "http://x.example/next?a=1&b=2"
    )
    assert refresh_target(b"<p>no refresh</p>", None, None, "http://x.example/") is None


def test_archiving_a_refresh_stub_stores_the_story_it_leads_to(
    server: Loopback, tmp_path: Path
) -> None:
    """Through the real CLI: the stored article is the story's; its capture names both."""
    story = (FIXTURES / "pages" / "article_two_authors.html").read_bytes()
    server.static("/story.html", story)
    server.static("/moved.html", stub("0; url=/story.html"))
    result = CliRunner().invoke(
        cli, ["archive", server.url("/moved.html"), "--archive-dir", str(tmp_path), "--no-assets"]
    )
    assert result.exit_code == 0, result.output
    article = read_article(Path(result.stdout.strip()))
    assert article.headline == "City Council Approves New Bike Lanes"
    assert article.capture is not None
    assert article.capture.requested_url == server.url("/moved.html")
    assert article.capture.final_url == server.url("/story.html")
