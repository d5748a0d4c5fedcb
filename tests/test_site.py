"""The reading site through the real CLI: pages, listings, incremental rebuilds, local
pictures, and the directory it refuses. (The browser tests are in test_site_browser.py.)"""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archiver.cli import cli
from archiver.models import Author
from archiver.site import MANIFEST
from archiver.store import Archive
from tests.test_cli_store import STORIES
from tests.test_store import make_article, make_fetched, page

# A 1x1 PNG: a picture the archive holds.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360f8cfc0f01f0005000201a6b1a9e20000000049454e44ae426082"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def search_bundles(out: Path) -> dict[str, int]:
    """Each search bundle (a year) -> how many pages Pagefind indexed in it."""
    return {
        path.parent.name: sum(
            lang["page_count"]
            for lang in json.loads(path.read_text(encoding="utf-8"))["languages"].values()
        )
        for path in (out / "search").glob("*/pagefind-entry.json")
    }


def entry_of(out: Path, name: str) -> str:
    return (out / "search" / name / "pagefind-entry.json").read_text(encoding="utf-8")


def store(root: Path, url: str, headline: str, body: str, **fields: object) -> Path:
    fetched = make_fetched(url, page(headline, body))
    fields.setdefault("published", date(2024, 12, 1))
    article = make_article(fetched, headline=headline, body=body, **fields)
    return Archive(root).save(article, fetched).path


def put_asset(root: Path, data: bytes = PNG, name: str = "ab" * 32 + ".png") -> Path:
    path = root / "assets" / name[:2] / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    for url, headline, author, site, published, body in STORIES:
        store(
            root,
            url,
            headline,
            body,
            authors=[Author(name=author)],
            site_name=site,
            published=published,
        )
    return root


def build(archive: Path, out: Path, *options: str) -> Result:
    result = run("site", str(out), "--archive-dir", str(archive), *options)
    assert result.exit_code == 0, result.output
    return result


def written(result: Result) -> tuple[int, int]:
    match = re.search(r"wrote (\d+) of (\d+) pages", result.stderr)
    assert match, result.stderr
    return int(match.group(1)), int(match.group(2))


class _Refs(HTMLParser):
    """Every URL a page loads (src, stylesheet and script links) and every link target."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "src" in a:
            self.loads.append(a["src"])
        if tag == "link":
            self.loads.append(a.get("href", ""))
        elif tag == "a" and "href" in a:
            self.links.append(a["href"])


def refs(path: Path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def headlines(path: Path) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', path.read_text(encoding="utf-8"))


# -- what it writes --------------------------------------------------------------------------
def test_site_writes_an_index_newest_first_with_site_date_byline_and_first_sentence(
    archive: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = build(archive, out)
    assert result.stdout.strip() == str(out / "index.html")
    assert re.search(r"wrote \d+ of \d+ pages \(3 articles.*\) in [\d.]+ s", result.stderr)
    assert headlines(out / "index.html") == [
        "Seoul reports casualties",
        "Floods in the valley",
        "Budget passes",
    ]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert (
        '<span class="site">Example News</span> · '
        '<time datetime="2024-12-19">December 19, 2024</time>'
    ) in index
    assert '<span class="byline">Jane Roe</span>' in index
    # the first sentence only
    assert '<p class="lead">The council passed the budget.</p>' in index
    assert "Korean investors" not in index


def test_site_has_pages_by_site_and_by_month_and_one_per_article(
    archive: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    build(archive, out)
    assert headlines(out / "sites" / "example.com.html") == [
        "Seoul reports casualties",
        "Budget passes",
    ]
    assert headlines(out / "months" / "2024-11.html") == ["Floods in the valley"]
    assert "example.com.html" in (out / "sites.html").read_text(encoding="utf-8")
    assert "November 2024" in (out / "months.html").read_text(encoding="utf-8")
    article = out / "articles" / "example.com" / "2024" / "12" / "seoul-reports-casualties.html"
    text = article.read_text(encoding="utf-8")
    assert '<h1 data-pagefind-meta="title">Seoul reports casualties</h1>' in text
    assert "The figure is the first official estimate of North Korean casualties." in text
    assert 'href="https://www.example.com/2024/12/19/casualties"' in text
    # every link inside the site is relative and names a file that exists (file:// browsing)
    for html in out.rglob("*.html"):
        if "search" in html.relative_to(out).parts[:1]:
            continue
        for href in refs(html).links:
            if href.startswith(("http://", "https://")):
                continue
            assert not href.startswith("/"), (html, href)
            target = (html.parent / href.split("?")[0]).resolve()
            assert target.is_file(), (html, href)


def test_site_filters_by_site_and_since(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(archive, out, "--site", "example.com", "--since", "2024-11-01")
    assert headlines(out / "index.html") == ["Seoul reports casualties"]


def test_site_escapes_what_the_page_said(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    store(
        archive,
        "https://example.com/x",
        "<script>alert(1)</script> & co",
        "Text <img src=x onerror=alert(1)> and [a link](javascript:alert(1)).",
        authors=[Author(name="<b>Eve</b>")],
    )
    out = tmp_path / "site"
    build(archive, out)
    for html in [out / "index.html", *out.glob("articles/**/*.html")]:
        text = html.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<b>Eve" not in text
        assert "onerror=alert" not in text.replace("&lt;img src=x onerror=alert(1)&gt;", "")
        assert 'href="javascript:' not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in text


def test_site_loads_nothing_from_another_server(tmp_path: Path) -> None:
    """RELIABILITY 41: no page of the site loads anything from another server: stylesheets,
    scripts and pictures are files of the site; a picture the archive does not hold is a
    link, not an <img>."""
    archive = tmp_path / "archive"
    store(
        archive,
        "https://example.com/remote",
        "Remote picture",
        "Before.\n\n![The harbour](https://cdn.example.net/harbour.jpg)\n\nAfter.",
    )
    out = tmp_path / "site"
    build(archive, out)
    pages = [p for p in out.rglob("*.html")]
    assert len(pages) >= 7
    for html in pages:
        for src in refs(html).loads:
            assert src and "://" not in src and not src.startswith("//"), (html, src)
            assert (html.parent / src).resolve().is_file(), src
    article = next(out.glob("articles/**/*.html")).read_text(encoding="utf-8")
    assert '<a class="remote-picture" href="https://cdn.example.net/harbour.jpg"' in article
    assert "[picture: The harbour]" in article


def test_site_copies_the_pictures_the_archive_holds(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    asset = put_asset(archive)
    name = asset.name
    # the Markdown refers to the picture relative to its own file, as the store writes it
    path = store(
        archive,
        "https://example.com/2024/12/with-picture",
        "With a picture",
        f"Lead.\n\n![A dot](../../../assets/ab/{name})\n\nEnd.",
    )
    assert (path.parent / f"../../../assets/ab/{name}").resolve() == asset.resolve()
    out = tmp_path / "site"
    build(archive, out)
    copy = out / "assets" / "ab" / name
    assert copy.read_bytes() == PNG
    page_ = next(out.glob("articles/**/*.html"))
    srcs = [s for s in refs(page_).loads if "assets/" in s]
    assert srcs and (page_.parent / srcs[0]).resolve() == copy.resolve()
    # a picture path outside the archive's assets is not copied
    store(archive, "https://example.com/2024/12/sneaky", "Sneaky", "![x](../../../../secret.png)")
    (archive.parent / "secret.png").write_bytes(PNG)
    build(archive, out)
    assert not list(out.rglob("secret.png"))


# -- rebuilding -------------------------------------------------------------------------------
def test_rebuilding_writes_only_what_changed_and_removes_what_went(
    archive: Path, tmp_path: Path
) -> None:
    """RELIABILITY 44: building again rewrites no unchanged page; a new article gets its page,
    appears in the index and in the search index, whose bundle of that year alone is made
    again (another year's is left as it is); a page whose article left the selection is
    removed."""
    out = tmp_path / "site"
    store(
        archive, "https://example.com/old", "An old story", "Long ago.", published=date(2019, 5, 1)
    )
    first = build(archive, out)
    count, total = written(first)
    assert count == total
    article = next(out.glob("articles/news.other.org/**/*.html"))
    before = article.stat().st_mtime_ns
    bundles = search_bundles(out)
    assert bundles == {"2024": 3, "2019": 1}  # one search bundle per year
    entries = {name: entry_of(out, name) for name in bundles}

    again = build(archive, out)
    assert written(again) == (0, total)
    assert article.stat().st_mtime_ns == before
    assert {name: entry_of(out, name) for name in bundles} == entries

    # a new article of a year already indexed: that year's bundle alone is made again
    old_year = "2019"
    untouched = (out / "search" / old_year / "pagefind-entry.json").stat().st_mtime_ns
    store(
        archive,
        "https://news.other.org/later",
        "A later story",
        "Something happened later.",
        published=date(2024, 12, 30),
    )
    third = build(archive, out)
    count, total3 = written(third)
    assert total3 >= total + 1
    assert 0 < count < total3
    assert article.stat().st_mtime_ns == before
    assert "A later story" in headlines(out / "index.html")
    assert search_bundles(out) == {"2024": 4, "2019": 1}
    assert (out / "search" / old_year / "pagefind-entry.json").stat().st_mtime_ns == untouched

    build(archive, out, "--site", "other.org")
    assert not list(out.glob("articles/example.com/**/*.html"))
    assert not (out / "sites" / "example.com.html").exists()
    assert headlines(out / "index.html") == ["A later story", "Floods in the valley"]


def test_a_template_change_rebuilds_every_page(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(archive, out)
    manifest = json.loads((out / MANIFEST).read_text())
    for record in manifest["articles"].values():
        record["key"] += "-older-templates"
    (out / MANIFEST).write_text(json.dumps(manifest))
    page_ = next(out.glob("articles/**/*.html"))
    page_.write_text("stale")
    build(archive, out)
    assert "<h1" in page_.read_text(encoding="utf-8")


# -- what it refuses ----------------------------------------------------------------------------
def test_site_refuses_a_directory_it_did_not_make(archive: Path, tmp_path: Path) -> None:
    """RELIABILITY 45: the site builder never overwrites a directory it did not make, nor the
    archive; it writes nothing into the archive."""
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "index.html").write_text("my own page")
    before = sorted(p.relative_to(archive) for p in archive.rglob("*"))
    result = run("site", str(mine), "--archive-dir", str(archive))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "not empty" in result.stderr
    assert (mine / "index.html").read_text() == "my own page"
    assert sorted(mine.iterdir()) == [mine / "index.html"]
    result = run("site", str(archive), "--archive-dir", str(archive))
    assert result.exit_code == 1 and "the archive itself" in result.stderr
    build(archive, tmp_path / "site")
    assert sorted(p.relative_to(archive) for p in archive.rglob("*")) == before


def test_site_without_an_archive_is_one_error(tmp_path: Path) -> None:
    result = run("site", str(tmp_path / "site"), "--archive-dir", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: no archive at {tmp_path / 'none'} (archive an article first, or --archive-dir)"
    ]
    assert not (tmp_path / "site").exists()


def test_site_of_an_empty_selection_says_so(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build(archive, out, "--site", "nowhere.example")
    assert "0 articles" in result.stderr and "no search index" in result.stderr
    assert "No articles yet." in (out / "index.html").read_text(encoding="utf-8")


def test_site_help_has_examples() -> None:
    result = run("site", "--help")
    assert result.exit_code == 0 and "archiver site ~/news-site" in result.output
