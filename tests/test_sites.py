"""The address an article is filed under: the page's own claim (canonical link, og:url) counts
only on the site the page was fetched from; through the real CLI against loopback servers."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archiver.cli import cli
from archiver.frontmatter import read_article
from archiver.pipeline import source_url
from archiver.sites import one_site, site_of
from archiver.store import Archive
from tests.server import Loopback
from tests.test_store import make_article, make_fetched


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def story(title: str, canonical: str, words: str = "harbour") -> str:
    paragraphs = "".join(
        f"<p>The {words} reopened to fishing boats after three months of repairs, "
        f"paragraph {n} of the story about the quay.</p>"
        for n in range(4)
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{title}</title>'
        f'<link rel="canonical" href="{canonical}">'
        f'<meta property="og:url" content="{canonical}"></head>'
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


def archive(root: Path, url: str) -> Path:
    result = run("archive", url, "--archive-dir", str(root), "--quiet")
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip())


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://www.example.co.uk/a", "https://news.example.co.uk/b", True),
        ("http://example.com/a", "https://www.example.com/b?x=1", True),
        ("https://m.example.com/a", "https://edition.example.com/b", True),
        ("https://bücher.de/a", "https://www.xn--bcher-kva.de/b", True),
        ("https://example.co.uk/a", "https://other.co.uk/a", False),
        # a private suffix: each user's site there is a site of its own
        ("https://alice.github.io/a", "https://bob.github.io/a", False),
        ("https://www.example.com/a", "https://www.example.com.evil.test/a", False),
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:9000/b", True),
        ("http://127.0.0.1/a", "http://127.0.0.2/a", False),
        ("http://[::1]:8000/a", "http://[::1]/b", True),
        ("http://localhost/a", "http://127.0.0.1/a", False),
        ("", "https://example.com/", False),
    ],
)
def test_one_site_is_one_registrable_domain_by_the_public_suffix_list(
    a: str, b: str, same: bool
) -> None:
    assert one_site(a, b) is same
    assert one_site(b, a) is same


def test_site_of_names_the_registrable_domain_or_the_host() -> None:
    assert site_of("https://news.bbc.co.uk/story") == "bbc.co.uk"
    assert site_of("http://127.0.0.1:8080/x") == "127.0.0.1"
    assert site_of("http://localhost/x") == "localhost"
    assert site_of("not a url") == ""


def test_the_claim_counts_on_its_own_site_only() -> None:
    fetched = "https://www.example.com/2024/story?utm_source=feed"
    assert source_url("https://example.com/2024/story", fetched) == "https://example.com/2024/story"
    assert source_url("https://wire.example.net/story", fetched) == fetched
    assert source_url(None, fetched) == fetched


def test_a_page_served_from_the_users_own_machine_says_where_it_comes_from() -> None:
    claimed = "https://www.example.com/2024/story"
    for own in ("http://127.0.0.1:8000/saved.html", "http://localhost/s.html", "http://10.1.2.3/s"):
        assert source_url(claimed, own) == claimed


@pytest.fixture
def public(monkeypatch: pytest.MonkeyPatch) -> str:
    """127.0.0.5 stands for a server on the public internet."""
    monkeypatch.setenv("ARCHIVER_TREAT_AS_PUBLIC", "127.0.0.5")
    return "127.0.0.5"


def test_a_canonical_address_on_the_same_site_names_the_article(
    tmp_path: Path, public: str
) -> None:
    """The page's own address for itself (tracking parameters dropped, another path on the
    same host) is the article's source, as before."""
    with Loopback(host=public) as srv:
        claimed = srv.url("/2024/harbour-reopens")
        srv.static("/s", story("Harbour reopens", claimed))
        path = archive(tmp_path / "archive", srv.url("/s?id=7&utm_source=feed"))
    article = read_article(path)
    assert article.url == claimed
    assert article.provenance["url"] == "meta"


def test_a_canonical_address_on_another_site_is_set_aside(tmp_path: Path, public: str) -> None:
    """A public page naming another site's address as its own is filed where it was read:
    under the address fetched, in that host's folder, its provenance saying so."""
    root = tmp_path / "archive"
    with Loopback(host=public) as srv:
        srv.static("/copy.html", story("Harbour reopens", "https://wire.example.net/harbour"))
        path = archive(root, srv.url("/copy.html"))
    article = read_article(path)
    assert article.url == srv.url("/copy.html")
    assert article.provenance["url"] == "capture"
    assert path.relative_to(root).parts[0] == public
    shown = run("show", srv.url("/copy.html"), "--archive-dir", str(root))
    assert shown.exit_code == 0 and "Harbour reopens" in shown.stdout


def test_a_page_served_locally_is_filed_under_the_address_it_gives(tmp_path: Path) -> None:
    """A saved page served from the user's own machine is their copy of a page from elsewhere:
    it is filed under the address it gives as its own."""
    root = tmp_path / "archive"
    with Loopback() as srv:
        srv.static("/saved.html", story("Harbour reopens", "https://wire.example.net/harbour"))
        path = archive(root, srv.url("/saved.html"))
    assert read_article(path).url == "https://wire.example.net/harbour"
    assert path.relative_to(root).parts[0] == "wire.example.net"


def test_a_page_claiming_an_archived_article_is_no_version_of_it(
    tmp_path: Path, public: str
) -> None:
    """RELIABILITY 23: a public page on another site that names an archived article's address
    as its own is an article of its own: the archived one keeps its text, and gets no new
    version."""
    root = tmp_path / "archive"
    with Loopback() as site, Loopback(host=public) as copier:
        original = site.url("/harbour.html")
        site.static("/harbour.html", story("Harbour reopens", original))
        first = archive(root, original)
        before = first.read_bytes()
        copier.static("/harbour.html", story("Harbour sold", original, words="quay"))
        second = archive(root, copier.url("/harbour.html"))
    assert second != first
    assert first.read_bytes() == before
    assert list(root.rglob("*.versions")) == []
    assert read_article(second).url == copier.url("/harbour.html")
    listed = run("list", "--archive-dir", str(root))
    assert listed.exit_code == 0 and len(listed.stdout.splitlines()) == 2, listed.output


def test_reextract_leaves_an_article_where_it_is_filed(tmp_path: Path) -> None:
    """An article stored by an earlier archiver under another site's address stays where it
    is when re-extracted: its text changes, not its address, file or index entry."""
    claimed = "https://wire.example.net/harbour"
    fetched = make_fetched(
        "https://www.example.com/harbour", story("Harbour reopens", claimed).encode()
    )
    store = Archive(tmp_path / "archive")
    saved = store.save(make_article(fetched, url=claimed, headline="stale"), fetched)
    result = run("reextract", "--all", "--archive-dir", str(store.root))
    assert result.exit_code == 0, result.output
    again = read_article(saved.path)
    assert again.headline == "Harbour reopens"
    assert again.url == claimed
    assert "url" not in again.provenance
    found = run("show", claimed, "--archive-dir", str(store.root))
    assert found.exit_code == 0 and "Harbour reopens" in found.stdout
    assert run("verify", "--archive-dir", str(store.root)).exit_code == 0
