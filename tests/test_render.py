"""render.py: each format from a model built here, independent of the parser."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from archiver.models import Article, Author
from archiver.render import join_names, long_date, render

TZ = timezone(timedelta(hours=-5))


def article(**fields: object) -> Article:
    base: dict[str, object] = {
        "headline": "Storm Closes the Harbour",
        "authors": [Author(name="Ann Lee", url="https://news.example/ann")],
        "published": datetime(2024, 1, 2, 23, 30, tzinfo=TZ),
        "body": "First paragraph with a [link](https://news.example/a).\n\nSecond one.",
        "url": "https://news.example/2024/01/storm",
    }
    base.update(fields)
    return Article.model_validate(base)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["A"], "A"),
        (["A", "B"], "A and B"),
        (["A", "B", "C"], "A, B and C"),
        (["A", "B", "C", "D"], "A, B, C and D"),
    ],
)
def test_join_names(names: list[str], expected: str) -> None:
    assert join_names(names) == expected


def test_long_date_uses_the_pages_own_offset() -> None:
    # 23:30 at -05:00 is already the next day in UTC: the page's own day is kept.
    assert long_date(datetime(2024, 1, 2, 23, 30, tzinfo=TZ)) == "January 2, 2024"
    assert long_date(date(2024, 12, 9)) == "December 9, 2024"


def test_article_format_blocks() -> None:
    out = render(article(), "article")
    assert out == (
        "\n\n# Storm Closes the Harbour\n\nBy [Ann Lee](#)\n\nJanuary 2, 2024\n\n"
        "First paragraph with a [link](#).\n\nSecond one.\n\n"
        "Original url:\n\n<https://news.example/2024/01/storm>"
    )


def test_article_format_leaves_out_unknown_lines() -> None:
    out = render(article(authors=[], published=None), "article")
    assert "By " not in out
    assert out.startswith("\n\n# Storm Closes the Harbour\n\nFirst paragraph")


def test_article_format_drops_images_keeps_escapes() -> None:
    body = (
        "![a photo](https://x.example/p.jpg)\n\nCaption\n\n"
        r"Literal \[not a link\](x) and [![icon](https://x.example/i.png)](https://x.example)"
    )
    out = render(article(body=body), "article")
    blocks = out.split("\n\n")
    i = blocks.index("Caption")
    assert blocks[i - 1] == ""
    assert blocks[i + 1] == r"Literal \[not a link\](x) and"


CAPTIONED = (
    "![a photo](https://x.example/p.jpg)\n\n<!-- caption -->\n**Photo: Jo Park**\n\n"
    "The story itself, longer than the caption."
)


def test_captions_show_as_paragraphs_in_every_format_but_the_running_text() -> None:
    a = article(body=CAPTIONED)
    assert a.text == "The story itself, longer than the caption."
    blocks = render(a, "article").split("\n\n")
    assert blocks[blocks.index("**Photo: Jo Park**") - 1] == ""
    assert "Photo: Jo Park\n\nThe story itself" in render(a, "text")
    page = render(a, "html")
    assert "<p><strong>Photo: Jo Park</strong></p>" in page
    assert "caption --" not in page


def test_json_is_the_model_with_text() -> None:
    a = article()
    data = json.loads(render(a, "json"))
    assert data["text"] == "First paragraph with a link.\n\nSecond one."
    data.pop("text")
    assert Article.model_validate(data) == a


def test_text_has_no_markdown_or_urls() -> None:
    out = render(article(), "text")
    assert out.startswith("Storm Closes the Harbour\nBy Ann Lee\nJanuary 2, 2024\n")
    body = out.split("\n\n", 1)[1]
    assert "[" not in body and "https://" not in body
    assert "First paragraph with a link." in body


def test_html_is_a_standalone_page() -> None:
    out = render(article(), "html")
    assert out.startswith("<!DOCTYPE html>")
    assert "<h1>Storm Closes the Harbour</h1>" in out
    assert '<a href="https://news.example/ann">Ann Lee</a>' in out
    assert '<time datetime="2024-01-02T23:30:00-05:00">January 2, 2024</time>' in out
    assert '<a href="https://news.example/a">link</a>' in out
    assert 'href="https://news.example/2024/01/storm"' in out


def test_html_body_cannot_inject() -> None:
    """RELIABILITY 19: script tags, javascript: links and hostile names stay inert in HTML."""
    body = (
        "<script>alert(1)</script>\n\n[click](javascript:alert(1))\n\n"
        '<img src=x onerror="alert(1)">\n\n---\n\ntitle: fake'
    )
    a = article(
        body=body,
        headline="<b>Bold</b> & co",
        authors=[Author(name="<i>Eve</i>", url="javascript:alert(1)")],
    )
    out = render(a, "html")
    assert "<script>" not in out and "<img src=x" not in out
    assert 'href="javascript:' not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<h1>&lt;b&gt;Bold&lt;/b&gt; &amp; co</h1>" in out
    assert "By &lt;i&gt;Eve&lt;/i&gt;" in out


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(article(), "pdf")
