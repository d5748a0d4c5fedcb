"""The bounds on markup applied before the tree is built (RELIABILITY 39)."""

from __future__ import annotations

import pytest

from archiver.parse.bounds import MAX_DEPTH, MAX_ELEMENTS, MAX_TAG_CHARS, bound_markup
from archiver.parse.document import load_document
from tests.server import FIXTURES

PROSE = "<p>Paragraph {i} of an ordinary article, long enough to be read as prose.</p>"


def depth_of(html: str) -> int:
    soup = load_document(html).soup
    deepest = max(soup.find_all(True), key=lambda tag: len(list(tag.parents)))
    return len(list(deepest.parents))


@pytest.mark.parametrize("page", sorted(p.name for p in (FIXTURES / "pages").glob("*.html")))
def test_real_pages_pass_unchanged(page: str) -> None:
    """RELIABILITY 39: the bounds leave real pages alone (nor do they cut any of the 1,430
    pages of the extraction benchmark: deepest under 100 levels, largest 12,000 elements)."""
    html = (FIXTURES / "pages" / page).read_text(encoding="utf-8", errors="replace")
    assert bound_markup(html) == (html, False)


def test_nesting_deeper_than_the_bound_is_flattened_and_its_text_kept() -> None:
    """RELIABILITY 39: 100,000 nested elements become 256 levels; the paragraphs stay."""
    html = "<html><body>" + "<div>" * 100_000 + PROSE.format(i=1) + "</div>" * 100_000
    bounded, cut = bound_markup(html)
    assert cut and len(bounded) < 3 * MAX_DEPTH * len("</div>")
    assert depth_of(bounded) <= MAX_DEPTH + 2
    assert "Paragraph 1 of an ordinary article" in load_document(html).soup.get_text()


def test_elements_past_the_bound_are_cut_off() -> None:
    """RELIABILITY 39: a page of 200,000 paragraphs keeps its first MAX_ELEMENTS elements."""
    html = "<html><body><article>" + "".join(PROSE.format(i=i) for i in range(200_000))
    bounded, cut = bound_markup(html)
    assert cut
    assert bounded.count("<p>") == MAX_ELEMENTS - 3  # html, body and article count too
    assert bounded.endswith(PROSE.format(i=MAX_ELEMENTS - 4))


def test_scripts_and_comments_are_not_counted_and_unclosed_ones_end_the_markup() -> None:
    """RELIABILITY 39: markup inside a script or comment is text; one that never ends cuts the
    page where it starts (a parser would read the rest as its text)."""
    fake = "<div>" * 30_000
    closed = f"<body><script>var s = '{fake}';</script><!-- {fake} --><p>after</p></body>"
    assert bound_markup(closed) == (closed, False)
    for opener in ("<!--", "<script>", "<style>", "<SCRIPT type=x>", "<title>"):
        html = f"<body><p>before</p>{opener}{fake}<p>never</p>"
        assert bound_markup(html) == ("<body><p>before</p>", True)


def test_only_open_elements_deepen_the_page() -> None:
    """RELIABILITY 39: a tag closing itself (`<div/>`, whatever "/" its attributes hold) and a
    tag begun inside a comment (ending at its "-->") open no level; a tag whose attribute
    ends in "/" does."""
    flat = '<div class="a/b"/>' * (2 * MAX_DEPTH) + "<!-- <div -->" * (2 * MAX_DEPTH)
    html = f"<body>{flat}<p>kept</p></body>"
    assert bound_markup(html) == (html, False)
    deep = '<div title="a/">' * (MAX_DEPTH + 10) + "<p>kept</p>"
    bounded, cut = bound_markup(f"<body>{deep}</body>")
    assert cut and "<p>kept</p>" in bounded


def test_a_tag_of_megabytes_is_dropped_and_its_content_kept() -> None:
    """RELIABILITY 39: a 10 MB attribute (or srcset) goes with its tag; the text stays."""
    huge = f'<div data-x="{"a" * (10 * 1024 * 1024)}">kept text</div>'
    bounded, cut = bound_markup(f"<body>{huge}<p>after</p></body>")
    assert cut
    assert bounded == "<body>kept text</div><p>after</p></body>"
    fine = f'<img src="data:image/png;base64,{"A" * (MAX_TAG_CHARS // 2)}">'
    assert bound_markup(fine) == (fine, False)


def test_a_page_cut_by_a_bound_is_marked_truncated() -> None:
    """RELIABILITY 39: a page whose end the parser did not read (past MAX_ELEMENTS elements,
    or past the document's character cap) gives an article marked truncated; a page within
    the bounds, and one whose too-deep tags were dropped with their text kept, do not."""
    from archiver import parse
    from archiver.parse.document import MAX_CHARS

    many = "<html><body><article>" + "".join(PROSE.format(i=i) for i in range(MAX_ELEMENTS))
    assert parse(many).truncated
    fits = "<html><body><article>" + "".join(PROSE.format(i=i) for i in range(1000))
    assert not parse(fits).truncated
    deep = "<html><body>" + "<div>" * 10_000 + PROSE.format(i=1) + "</div>" * 10_000
    assert not parse(deep).truncated
    words = "A long sentence of an ordinary article, read as prose. " * (MAX_CHARS // 50)
    assert parse(f"<html><body><article><p>{words}</p></article></body></html>").truncated


def test_a_long_reference_page_is_read_to_its_end() -> None:
    """RELIABILITY 39: a long reference article (a wiki page of 120 sections, each sentence
    linked and footnoted: 22,000 elements, twice the largest benchmark page) is read whole,
    not cut at the element bound."""
    from archiver import parse

    sentence = (
        '<a href="/wiki/T{i}">Term {i}</a> is <i>described</i> in the <b>sources</b>'
        '<sup><a href="#r{i}">[{i}]</a></sup>, with <span class="x">details</span>. '
    )
    sections = "".join(
        f'<h2><span id="s{s}">Section {s}</span></h2><p>'
        + "".join(sentence.format(i=s * 30 + i) for i in range(30))
        + "</p>"
        for s in range(120)
    )
    html = f"<html><body><div id=content><h1>A long page</h1>{sections}</div></body></html>"
    assert bound_markup(html) == (html, False)
    article = parse(html)
    assert not article.truncated
    assert "Section 119" in article.text and "Term 3599" in article.text
