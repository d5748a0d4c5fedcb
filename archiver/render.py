"""Stored Article -> text formats: markdown (the stored file), article (the user's archive
format), html (a standalone page), json (the model) and text (plain)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from archiver.plaintext import (
    CAPTION_MARK,
    ESCAPED,
    IMAGE,
    LINK,
    markdown_to_text,
    without_caption_marks,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from archiver.models import Article

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_EMPTY_LINK = re.compile(r"\[\s*\]\(#\)")


def long_date(value: date) -> str:
    """`December 19, 2024`: English month, day without padding, in the page's own offset."""
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


def join_names(names: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _article_block(block: str) -> str:
    """One body block in the article format: images dropped, every link target `#`, a
    caption a paragraph like any other."""
    block = block.removeprefix(CAPTION_MARK + "\n")
    kept: list[str] = []
    pos = 0
    # Work on the text between escapes only (an escaped bracket is never link syntax), then
    # put the escapes back untouched.
    for match in ESCAPED.finditer(block):
        kept.append(_strip_targets(block[pos : match.start()]))
        kept.append(match.group(0))
        pos = match.end()
    kept.append(_strip_targets(block[pos:]))
    return "".join(kept).strip()


def _strip_targets(text: str) -> str:
    text = IMAGE.sub("", text)
    text = LINK.sub(r"[\1](#)", text)
    return _EMPTY_LINK.sub("", text)


def render_article(article: Article) -> str:
    """The user's archive format (see the seed document): blocks joined by one empty line."""
    blocks = [""]
    if article.headline:
        blocks.append(f"# {article.headline}")
    if article.authors:
        blocks.append("By " + join_names([f"[{a.name}](#)" for a in article.authors]))
    if article.published is not None:
        blocks.append(long_date(article.published))
    if article.body.strip():
        blocks.extend(_article_block(b) for b in re.split(r"\n[ \t]*\n", article.body.strip()))
    if article.source_url:
        blocks.extend(["Original url:", f"<{article.source_url}>"])
    return "\n\n".join(blocks)


def render_markdown(article: Article) -> str:
    """The stored document itself: YAML front matter and the Markdown body."""
    from archiver.frontmatter import dump_document

    return dump_document(article)


def render_json(article: Article) -> str:
    return article.model_dump_json(indent=2) + "\n"


def _byline(article: Article) -> str:
    return join_names([a.name for a in article.authors])


def render_text(article: Article) -> str:
    """Plain text: headline, byline, date, source, then the body's text with its captions."""
    head = [article.headline]
    if article.authors:
        head.append("By " + _byline(article))
    if article.published is not None:
        head.append(long_date(article.published))
    if article.source_url:
        head.append(article.source_url)
    parts = ["\n".join(h for h in head if h), markdown_to_text(article.body, captions=True)]
    return "\n\n".join(p for p in parts if p) + "\n"


@cache
def _commonmark() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ max-width: 42rem; margin: 2rem auto; padding: 0 1rem; font: 1.1rem/1.6 Georgia, serif;
  color: #222; }}
header p {{ color: #555; margin: 0.2rem 0; }}
img {{ max-width: 100%; height: auto; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: 0.2rem 0.5rem; }}
blockquote {{ border-left: 3px solid #ccc; margin-left: 0; padding-left: 1rem; color: #444; }}
footer {{ margin-top: 2rem; font-size: 0.9rem; color: #555; }}
</style>
</head>
<body>
<article>
<header>
<h1>{title}</h1>
{meta}</header>
{body}</article>
<footer>{source}</footer>
</body>
</html>
"""


def _safe_href(url: str | None) -> str | None:
    """Only http(s) targets become links in the page (a byline URL comes from the page)."""
    if url and re.match(r"https?://", url, re.IGNORECASE):
        return html.escape(url)
    return None


def render_html(article: Article) -> str:
    """A clean standalone page: headline, byline, date, source link, body.

    The body goes through a CommonMark renderer with raw HTML disabled and unsafe link
    schemes refused, so nothing stored in the body can inject markup or script.
    """
    esc = html.escape
    meta = []
    if article.authors:
        names = []
        for author in article.authors:
            href = _safe_href(author.url)
            names.append(f'<a href="{href}">{esc(author.name)}</a>' if href else esc(author.name))
        meta.append(f'<p class="byline">By {join_names(names)}</p>')
    if article.published is not None:
        meta.append(
            f'<p><time datetime="{esc(article.published.isoformat())}">'
            f"{long_date(article.published)}</time></p>"
        )
    source = ""
    href = _safe_href(article.source_url)
    if href:
        source = f'Original: <a href="{href}">{href}</a>'
    return _PAGE.format(
        lang=esc(article.language or "en"),
        title=esc(article.headline),
        meta="".join(m + "\n" for m in meta),
        body=_commonmark().render(without_caption_marks(article.body)),
        source=source,
    )


RENDERERS: dict[str, Callable[[Article], str]] = {
    "markdown": render_markdown,
    "article": render_article,
    "html": render_html,
    "json": render_json,
    "text": render_text,
}


def render(article: Article, fmt: str) -> str:
    """Render `article` in format `fmt` (one of RENDERERS)."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(RENDERERS)}") from None
    return renderer(article)


__all__ = ["RENDERERS", "long_date", "render"]
