"""The soup built from lxml's tree is the one bs4's own lxml builder makes from the same text."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

import pytest
from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, Script, Stylesheet, Tag

from archiver.parse.dom import elements, row_cells
from archiver.parse.tree import build_soup
from tests.server import FIXTURES

_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\n?", re.IGNORECASE)
# An attribute written without a value: libxml2's tree gives it its name as value, its
# callbacks an empty string; both mean "present".
_BARE = re.compile(r' ([\w:-]+)="\1"')


def _markup(soup: BeautifulSoup) -> str:
    return _BARE.sub(r' \1=""', _DOCTYPE.sub("", str(soup))).rstrip()


def _shape(soup: BeautifulSoup) -> list[tuple[str, str, object]]:
    """Every node in document order: its kind, its name or text, its attributes."""
    out: list[tuple[str, str, object]] = []
    for node in soup.descendants:
        if isinstance(node, Tag):
            attrs = {k: ("" if v == k else v) for k, v in node.attrs.items()}
            out.append(("tag", node.name, attrs))
        elif isinstance(node, NavigableString):
            out.append((type(node).__name__, str(node), None))
    return out


def _same(text: str) -> None:
    ours, theirs = build_soup(text, as_browsers=False), BeautifulSoup(text, "lxml")
    assert _markup(ours) == _markup(theirs)
    shape_ours = [x for x in _shape(ours) if x[0] != "Doctype"]
    shape_theirs = [x for x in _shape(theirs) if x[0] != "Doctype"]
    # Whitespace after </html> is the one place the two may differ.
    while shape_theirs and shape_theirs[-1][1].strip() == "" and shape_theirs[-1][0] != "tag":
        if len(shape_theirs) <= len(shape_ours):
            break
        shape_theirs.pop()
    assert shape_ours == shape_theirs
    # The links bs4's navigation follows are those of a parsed tree.
    last = None
    for node in ours.descendants:
        assert node.previous_element is last
        if last is not None:
            assert last.next_element is node
        last = node
    for tag in ours.find_all(True):
        kids = tag.contents
        for before, after in itertools.pairwise(kids):
            assert before.next_sibling is after and after.previous_sibling is before
            assert after.parent is tag


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "pages").glob("*.html")))
def test_every_fixture_page_gives_bs4s_own_tree(name: str) -> None:
    _same((FIXTURES / "pages" / name).read_text(encoding="utf-8", errors="replace"))


def test_strings_attributes_and_odd_markup() -> None:
    text = (
        "\ufeff<!DOCTYPE html><html><head><meta charset='latin-1'><title>T &amp; U</title>"
        "<style>p{}</style><script>var a = '<p>';</script></head>"
        "<body class=' a  b '><!-- note --><p>One<br>two &eacute; <b>bold</b></p>"
        "<pre>  kept\n  as is </pre><a rel='nofollow noopener' href='/x'>x</a>"
        "<td headers='h1 h2'>cell</td><input disabled><p>unclosed<div>block</div>"
        "<fb:like data-x='1'></fb:like><?php echo 1 ?><p>end</p></body></html>\n"
    )
    _same(text)
    soup = build_soup(text)
    assert soup.body is not None and soup.body["class"] == ["a", "b"]
    link = soup.find("a")
    assert isinstance(link, Tag) and link["rel"] == ["nofollow", "noopener"]
    assert isinstance(soup.find(string=re.compile("var a")), Script)
    assert isinstance(soup.find(string="p{}"), Stylesheet)
    assert isinstance(soup.find(string=" note "), Comment)
    assert soup.body.get_text().startswith("Onetwo é bold")


@pytest.mark.parametrize("text", ["", "   ", "<!-- only a comment -->", "plain text", "<p>"])
def test_pages_with_little_or_no_markup(text: str) -> None:
    _same(text)


def test_a_page_of_megabytes_gets_the_same_article_from_bs4s_own_builder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past FAST_TREE_MAX_CHARS the soup comes from bs4's builder, which holds no second
    tree (RELIABILITY 39: a page stays under 200 MB); the article is the same either way."""
    import importlib

    from archiver.parse import parse

    document = importlib.import_module("archiver.parse.document")
    paragraph = "<p>" + "A sentence of the long report, with words. " * 40 + "</p>\n"
    body = paragraph * (document.FAST_TREE_MAX_CHARS // len(paragraph) + 5)
    page = f"<html><head><title>Report</title></head><body><article><h1>Report</h1>{body}"
    page += "</article></body></html>"
    built: list[int] = []
    fast = document.build_soup
    monkeypatch.setattr(document, "build_soup", lambda text: built.append(1) or fast(text))
    slow = parse(page)
    assert not built  # over the bound: bs4's builder
    monkeypatch.setattr(document, "FAST_TREE_MAX_CHARS", 10 * len(page))
    assert parse(page) == slow and built


def test_a_block_inside_an_open_paragraph_is_moved_after_it_as_a_browser_closes_it() -> None:
    # libxml2 closes an open <p> at a block only when the <p> is the element still open.
    cascade = build_soup("<body><p><font size=2>one<p><font size=2>two<p><font size=2>three")
    paragraphs = cascade.find_all("p")
    assert [p.get_text() for p in paragraphs] == ["one", "two", "three"]
    assert all(p.find("p") is None for p in paragraphs)
    assert all(p.parent is cascade.body for p in paragraphs)
    raw = build_soup("<body><p><font>one<p>two", as_browsers=False)
    assert raw.find("p").find("p") is not None  # the tree as libxml2 builds it

    # The text keeps its order, and the paragraph's end still ends a block.
    text = "<body><p>a <b>bold <i>it<div>block</div> after</i> tail b</b> tail p</p>end</body>"
    moved = build_soup(text)
    assert moved.body.get_text() == build_soup(text, as_browsers=False).body.get_text()
    div = moved.find("div")
    assert div.parent is moved.body and div.find_previous_sibling("p").get_text() == "a bold it"
    assert [t.name for t in moved.body.find_all(True, recursive=False)] == ["p", "div", "p"]

    # Beyond a table cell or inside a link the paragraph is not open; quirks mode's table
    # does not close it either.
    kept = build_soup(
        "<body><p><span><table><tr><td><div>cell</div></td></tr></table></span>"
        "<a href='/x'><div>linked</div></a></p></body>"
    )
    paragraph = kept.find("p")
    assert paragraph.find("table") is not None and paragraph.find("a").find("div") is not None


def test_elements_and_row_cells_find_what_find_all_finds() -> None:
    """dom.elements and dom.row_cells, which the extractor uses for bs4's find_all where a
    page's every link or row is looked at, give the same elements in the same order."""

    def ids(tags: Iterable[Tag]) -> list[int]:
        return [id(t) for t in tags]

    checked = 0
    for page in sorted((FIXTURES / "pages").glob("*.html")):
        soup = build_soup(page.read_text(encoding="utf-8", errors="replace"))
        root = soup.body or soup
        assert ids(elements(root)) == ids(root.find_all(True))
        assert ids(elements(root, "a")) == ids(root.find_all("a"))
        assert ids(elements(root, "a", "href")) == ids(root.find_all("a", href=True))
        assert ids(elements(root, has="class")) == ids(root.find_all(True, class_=True))
        for limit in (1, 2, 8):
            assert ids(elements(root, has="class", limit=limit)) == ids(
                root.find_all(True, class_=True, limit=limit)
            )
            assert ids(elements(root, "a", "href", limit=limit)) == ids(
                root.find_all("a", href=True, limit=limit)
            )
        for row in root.find_all("tr"):
            assert ids(row_cells(row)) == ids(row.find_all(("td", "th"), recursive=False))
            checked += bool(row_cells(row))
    assert checked  # the fixtures have tables
