"""The stored archive as Hugo, Jekyll and pandoc read it, as it is: the README's promise.

One archive per module, built through the real CLI from the loopback fixtures, with one article
changed and archived again so that it has an earlier version.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from archiver.cli import cli
from archiver.frontmatter import read_article
from archiver.models import Article
from tests.conftest import require_tool
from tests.server import FIXTURES, Loopback
from tests.test_store import page

PAGES = ["article_images.html", "meta_several_authors.html", "meta_french.html",
         "article_no_date.html"]  # fmt: skip
LIQUID = "Templates write {{ x }} and {% if y %} in their text, which must stay text. "
TOOL_TIMEOUT = 120


def _archive(root: Path, *urls: str) -> str:
    result = CliRunner().invoke(cli, ["archive", "--archive-dir", str(root), *urls])
    assert result.exit_code == 0, result.output
    return result.stderr


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tools") / "archive"
    story = (FIXTURES / "pages" / "article_two_authors.html").read_text(encoding="utf-8")
    with Loopback() as srv:
        srv.static("/news/changing", story)
        srv.static("/notes/liquid", page("Liquid in the text", LIQUID * 6))
        urls = [srv.url(f"/pages/{name}") for name in PAGES]
        _archive(root, *urls, srv.url("/news/changing"), srv.url("/notes/liquid"))
        srv.static("/news/changing", story.replace("</p>", " A correction.</p>", 1))
        assert "updated:" in _archive(root, srv.url("/news/changing"))
    assert len(list(root.rglob("*.versions/*.md"))) == 1
    return root


def current(root: Path) -> Iterator[tuple[Path, Article]]:
    for path in sorted(root.rglob("*.md")):
        if ".versions" not in path.parent.name:
            yield path, read_article(path)


def day(article: Article) -> str | None:
    when = article.published
    if when is None:
        return None
    return (when.date() if isinstance(when, datetime) else when).isoformat()


def run_tool(*args: str | Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=TOOL_TIMEOUT
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def pages_by_heading(out: Path) -> dict[str, str]:
    """Built HTML pages by their first <h1> (unescaped), each page's text unescaped."""
    found = {}
    for path in out.rglob("*.html"):
        text = html.unescape(path.read_text(encoding="utf-8"))
        heading = re.search(r"<h1>(.*?)</h1>", text, re.S)
        if heading:
            found.setdefault(heading.group(1).strip(), text)
    return found


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# -- Hugo ---------------------------------------------------------------------------------------
HUGO_CONFIG = """baseURL = "http://example.org/"
disableKinds = ["RSS", "sitemap", "robotsTXT"]
[taxonomies]
  author = "authors"
"""
PAGE_LAYOUT = '<h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02" }}</time>{{ .Content }}'
LIST_LAYOUT = "<h1>{{ .Title }}</h1>{{ range .Pages }}<a href='{{ .RelPermalink }}'>x</a>{{ end }}"


def hugo_site(tmp_path: Path, content: Path) -> Path:
    site = tmp_path / "hugo"
    write(site / "config.toml", HUGO_CONFIG)
    shutil.copytree(content, site / "content")  # the archive, as it is, as the content folder
    for name, layout in (("single", PAGE_LAYOUT), ("list", LIST_LAYOUT),
                         ("taxonomy", LIST_LAYOUT), ("term", LIST_LAYOUT)):  # fmt: skip
        write(site / "layouts" / "_default" / f"{name}.html", layout)
    return site


def test_hugo_builds_the_archive_as_a_content_folder_with_an_authors_taxonomy(
    archive: Path, tmp_path: Path
) -> None:
    hugo = require_tool("hugo")
    site = hugo_site(tmp_path, archive)
    run_tool(hugo, "--source", site, "--destination", tmp_path / "out")
    built = pages_by_heading(tmp_path / "out")
    authors = set()
    for path, article in current(archive):
        text = built.get(article.headline)
        assert text is not None, f"no Hugo page for {path}"
        if day(article):
            assert f"<time>{day(article)}</time>" in text, path
        authors |= {a.name for a in article.authors}
    assert len(authors) >= 3
    for name in authors:  # each author has a taxonomy page listing their articles
        assert name in built, f"no author page for {name}"
        assert "<a href='/" in built[name]


def test_hugo_refused_the_schema_1_archive(tmp_path: Path) -> None:
    """What schema 2 fixes: Hugo takes a front matter `url` for the page's own address."""
    hugo = require_tool("hugo")
    site = hugo_site(tmp_path, FIXTURES / "schema1")
    done = subprocess.run(
        [hugo, "--source", str(site), "--destination", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=TOOL_TIMEOUT,
    )  # fmt: skip
    assert done.returncode != 0 and "URLs with protocol" in done.stdout + done.stderr


# -- Jekyll -------------------------------------------------------------------------------------
JEKYLL_LAYOUT = '<h1>{{ page.title }}</h1><time>{{ page.date | date: "%Y-%m-%d" }}</time>'
JEKYLL_CONFIG = """collections:
  articles:
    output: true
defaults:
  - scope: {path: ""}
    values: {layout: default}
"""


def jekyll_build(site: Path, out: Path) -> dict[str, str]:
    jekyll = require_tool("jekyll")
    write(site / "_config.yml", JEKYLL_CONFIG)
    write(site / "_layouts" / "default.html", JEKYLL_LAYOUT + "{{ content }}")
    run_tool(jekyll, "build", "--source", site, "--destination", out)
    return pages_by_heading(out)


def check_jekyll_pages(archive: Path, built: dict[str, str]) -> None:
    for path, article in current(archive):
        text = built.get(article.headline)
        assert text is not None, f"no Jekyll page for {path}"
        if day(article):
            assert f"<time>{day(article)}</time>" in text, path
    assert LIQUID.strip() in built["Liquid in the text"]  # text, not Liquid


def test_jekyll_builds_the_archive_as_a_collection(archive: Path, tmp_path: Path) -> None:
    site = tmp_path / "jekyll"
    shutil.copytree(archive, site / "_articles", ignore=shutil.ignore_patterns("*.warc.gz"))
    check_jekyll_pages(archive, jekyll_build(site, tmp_path / "out"))


def test_jekyll_builds_the_archive_as_posts_with_dated_names(archive: Path, tmp_path: Path) -> None:
    site = tmp_path / "jekyll-posts"
    for path, article in current(archive):
        capture = article.capture
        when = day(article) or (capture.retrieved_at.date() if capture else date.today())
        write(site / "_posts" / f"{when}-{path.stem}.md", path.read_text(encoding="utf-8"))
    check_jekyll_pages(archive, jekyll_build(site, tmp_path / "out"))


# -- pandoc -------------------------------------------------------------------------------------
def _plain(value: dict[str, object], api: list[int]) -> object:
    """A pandoc metadata value as plain Python: strings (pandoc's own plain text), lists."""
    kind, content = value["t"], value.get("c")
    if kind == "MetaList":
        return [_plain(v, api) for v in content]  # type: ignore[union-attr]
    if kind in ("MetaInlines", "MetaBlocks"):
        done = subprocess.run(
            ["pandoc", "-f", "json", "-t", "plain", "--wrap=none"],
            input=json.dumps({"pandoc-api-version": api, "meta": {},
                              "blocks": [{"t": "Plain", "c": content}]}),
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return done.stdout.strip()
    return content


def test_pandoc_reads_title_authors_and_date_into_metadata(archive: Path) -> None:
    pandoc = require_tool("pandoc")
    for path, article in current(archive):
        done = run_tool(pandoc, "-f", "markdown-smart", "-t", "json", path)
        document = json.loads(done.stdout)
        api, meta = document["pandoc-api-version"], document["meta"]
        assert _plain(meta["title"], api) == article.headline, path
        if article.authors:
            assert _plain(meta["authors"], api) == [a.name for a in article.authors], path
        if article.published is not None:
            assert _plain(meta["date"], api) == article.published.isoformat(), path
        assert _plain(meta["render_with_liquid"], api) is False
