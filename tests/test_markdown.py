"""markdown.py: the converter's dialect, escaping only where Markdown would misread text."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup
from bs4.element import Tag
from markdown_it import MarkdownIt

from archiver.parse.markdown import escape_line_start, escape_text, to_markdown
from archiver.plaintext import markdown_to_text


def md(
    html: str,
    base: str | None = "https://site.example/dir/page",
    caption: Callable[[Tag], bool] | None = None,
) -> str:
    soup = BeautifulSoup(f"<body><div id='root'>{html}</div></body>", "lxml")
    root = soup.find(id="root")
    assert isinstance(root, Tag)
    return to_markdown([root], base, caption=caption)


def rendered_text(markdown: str) -> str:
    """What a CommonMark renderer shows: the check that escapes are right."""
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    return BeautifulSoup(html, "lxml").get_text()


@pytest.mark.parametrize(
    "prose",
    [
        'He said "no" — twice, in the U.S. and the U.K.',
        "It's 5 p.m. (roughly), 50% off; a/b testing & more!",
        "snake_case and file_name.txt stay as they are",
        "1,000 people; 2.5 million more",
    ],
)
def test_ordinary_prose_is_not_escaped(prose: str) -> None:
    assert md(f"<p>{prose}</p>") == prose


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "- not a list",
        "+ not a list",
        "1. not a list",
        "2024) not a list",
        "> not a quote",
        "-- not a list either",
        "*** and stars",
        "a *star* and a `tick` and [brackets](x) here",
        "_under_ and __double__ and ~~tilde~~",
        "<b>not a tag</b> and <!-- not a comment -->",
        "a \\ backslash",
        "| not | a table |",
        "wow![link](x)",
    ],
)
def test_markdown_syntax_in_text_reads_back_as_text(text: str) -> None:
    html = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    markdown = md(f"<p>{html}</p>")
    assert rendered_text(markdown).strip() == text
    assert markdown_to_text(markdown) == text


def test_escape_helpers() -> None:
    assert escape_text("a*b") == "a\\*b"
    assert escape_text("x_y") == "x_y"
    assert escape_text("_x") == "\\_x"
    assert escape_line_start("# h") == "\\# h"
    assert escape_line_start("#hashtag") == "#hashtag"
    assert escape_line_start("12. x") == "12\\. x"


def test_paragraphs_headings_emphasis() -> None:
    assert md("<h2>Title</h2><p>One <b>bold</b> and <i>it</i>.</p><p>Two</p>") == (
        "## Title\n\nOne **bold** and *it*.\n\nTwo"
    )


def test_emphasis_spaces_move_outside_the_markers() -> None:
    assert md("<p><strong>Related: </strong>text</p>") == "**Related:** text"


def test_nested_emphasis_is_not_doubled() -> None:
    assert md("<p><b><strong>x</strong></b></p>") == "**x**"


def test_links_resolve_and_unsafe_characters_are_encoded() -> None:
    assert md('<p><a href="../a b(c)">x</a></p>') == "[x](https://site.example/a%20b%28c%29)"
    assert md('<p><a href="javascript:void(0)">x</a></p>') == "x"
    assert md('<p><a href="mailto:a@b.example">mail</a></p>') == "[mail](mailto:a@b.example)"


def test_images_are_blocks_with_alt_and_absolute_src() -> None:
    assert md('<p>Before <img src="/i.jpg" alt="An [odd] alt"> after</p>') == (
        "Before\n\n![An \\[odd\\] alt](https://site.example/i.jpg)\n\nafter"
    )


def test_image_inside_link_keeps_the_image() -> None:
    assert md('<a href="/big.jpg"><img src="/small.jpg" alt="x"></a>') == (
        "![x](https://site.example/small.jpg)"
    )


def test_ordered_list_with_start_and_multiline_items() -> None:
    html = "<ol start='3'><li>three</li><li><p>four</p><p>more</p></li></ol>"
    assert md(html) == "3. three\n4. four\n   more"


def test_blockquote_with_two_paragraphs() -> None:
    assert md("<blockquote><p>a</p><p>b</p></blockquote>") == "> a\n>\n> b"


def test_pre_is_fenced_verbatim() -> None:
    html = '<pre><code class="language-python">x = a*b\n  y = [1]</code></pre>'
    assert md(html) == "```python\nx = a*b\n  y = [1]\n```"


def test_inline_code_is_literal() -> None:
    assert md("<p>Run <code>a*b</code> now</p>") == "Run `a*b` now"
    assert markdown_to_text(md("<p>Run <code>a*b</code> now</p>")) == "Run a*b now"


def test_table_cells_escape_pipes_and_headerless_tables_get_an_empty_header() -> None:
    html = "<table><tr><td>a|b</td><td>c</td></tr><tr><td>d</td><td>e</td></tr></table>"
    assert md(html) == "|  |  |\n| --- | --- |\n| a\\|b | c |\n| d | e |"


def test_layout_table_is_walked_as_blocks() -> None:
    html = "<table><tr><td><p>First para.</p><p>Second para.</p></td></tr></table>"
    assert md(html) == "First para.\n\nSecond para."


def test_line_break_is_a_hard_break() -> None:
    markdown = md("<p>Line one<br>Line two</p>")
    assert markdown == "Line one\\\nLine two"
    assert markdown_to_text(markdown) == "Line one\nLine two"
    assert rendered_text(markdown).strip() == "Line one\nLine two"


def test_empty_and_invisible_paragraphs_are_dropped() -> None:
    assert md("<p>\u200b</p><p> </p><p><b> </b></p><p>x</p>") == "x"


def test_whitespace_is_collapsed() -> None:
    assert md("<p>  a \n\n  b\t c  </p>") == "a b c"


def test_a_repeated_paragraph_is_written_once_short_repeats_stay() -> None:
    caption = "<p>Ministers shake hands in Hanoi, Vietnam, on Wednesday.</p>"
    source = '<p><a href="https://a.example/x">[Wire]</a></p>'
    markdown = md(f"{caption}<p>The story goes on here.</p>{source}{caption}{source}")
    assert markdown.split("\n\n") == [
        "Ministers shake hands in Hanoi, Vietnam, on Wednesday.",
        "The story goes on here.",
        "[\\[Wire\\]](https://a.example/x)",
        "[\\[Wire\\]](https://a.example/x)",
    ]


def test_a_paragraph_the_page_repeats_stays_a_copy_of_the_story_goes() -> None:
    # A page may print the same paragraph again (filler text, a refrain); a second copy of
    # the story is a run of different blocks, and is written once.
    filler = (
        "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
        "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
        "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.</p>"
    )
    assert md(f"<h2>One</h2>{filler}{filler}<h2>Two</h2>{filler}").split("\n\n") == [
        "## One",
        *[filler[3:-4]] * 2,
        "## Two",
        filler[3:-4],
    ]
    story = "".join(
        f"<p>Paragraph {i} of the story, long enough to be a paragraph of prose that a reader "
        f"reads once, with a clause or two, and then some more words to make it long.</p>"
        for i in range(3)
    )
    assert md(story + "<p>Share this story</p>" + story).count("Paragraph 1 of the story") == 1


def test_two_line_breaks_in_a_row_end_a_paragraph() -> None:
    # Older pages set paragraphs with <br><br> in one <font> or <td>.
    markdown = md(
        "<font>First paragraph.<br>\n<br>Second, one<br>line on.<br><br><br>Third.</font>"
    )
    assert markdown == "First paragraph.\n\nSecond, one\\\nline on.\n\nThird."


def test_invisible_break_hints_are_dropped_joiners_stay() -> None:
    markdown = md("<p>Mini\u00adkraft\u00adwerk, zero\u200bwidth, word\u2060joiner, \ufeffbom.</p>")
    assert markdown == "Minikraftwerk, zerowidth, wordjoiner, bom."
    assert md("<p>\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645</p>") == (
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    )


def caption_of(tag: Tag) -> bool:
    return "credit" in (tag.get("class") or [])


def md_captions(html: str) -> str:
    return md(html, caption=caption_of)


def test_figcaption_is_a_marked_block() -> None:
    out = md_captions(
        "<p>Story text.</p><figure><img src='/p.jpg' alt='Pier'>"
        "<figcaption>Waves on <b>Tuesday</b>.</figcaption></figure><p>More.</p>"
    )
    assert out.split("\n\n") == [
        "Story text.",
        "![Pier](https://site.example/p.jpg)",
        "<!-- caption -->\nWaves on **Tuesday**.",
        "More.",
    ]
    # A CommonMark viewer shows the caption as an ordinary paragraph.
    assert rendered_text(out).split() == ["Story", "text.", "Waves", "on", "Tuesday.", "More."]


def test_a_block_the_caller_names_a_caption_is_marked() -> None:
    out = md_captions("<p>Story.</p><p class='credit'>Photo: Jo Park</p>")
    assert out == "Story.\n\n<!-- caption -->\nPhoto: Jo Park"


def test_a_caption_inside_a_list_item_or_quote_is_not_marked() -> None:
    out = md_captions(
        "<ul><li><figure><figcaption>In a list</figcaption></figure></li></ul>"
        "<blockquote><figcaption>In a quote</figcaption></blockquote>"
    )
    assert "<!--" not in out
    assert "- In a list" in out and "> In a quote" in out


def test_an_address_longer_than_any_server_takes_is_no_link_and_no_picture() -> None:
    long = "https://site.example/" + "a" * 9000
    out = md(f'<p>See <a href="{long}">the report</a> here.</p><p><img src="{long}.jpg"></p>')
    assert out == "See the report here."
    fine = "https://site.example/" + "a" * 2000
    out = md(f'<p>See <a href="{fine}">the report</a>.</p><p><img src="{fine}.jpg"></p>')
    assert out == f"See [the report]({fine}).\n\n![]({fine}.jpg)"
