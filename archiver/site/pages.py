"""What the reading site shows of an article, and the HTML of its pages (Jinja2 templates
under archiver/templates/). Reads articles; writes nothing."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from archiver.plaintext import CAPTION_MARK, markdown_to_text, without_caption_marks
from archiver.render import join_names, long_date

if TYPE_CHECKING:
    import jinja2

    from archiver.models import Article

LEAD_MAX = 280  # characters of the first sentence an index row shows
# A sentence ends at . ! ? (or the CJK full stop) followed by space and a capital, a digit or
# an opening quote; abbreviations like "U.S. officials" are rarely followed by a capital.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"“‘(A-Z0-9À-Þ])|(?<=[。！？])")


@dataclass(frozen=True)
class Summary:
    """One article as listings show it; kept in the site's manifest between builds."""

    id: str
    page: str  # the article page, relative to the site root (posix)
    headline: str
    site: str
    host: str
    day: str  # YYYY-MM-DD, or "" when the article has no date
    byline: str
    lead: str

    @property
    def month(self) -> str:
        return self.day[:7]

    def as_json(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        return cls(**{k: str(data[k]) for k in cls.__dataclass_fields__})


def _first_paragraph(body: str) -> str:
    """The text of the first paragraph of running text (no caption, heading or picture)."""
    for block in body.split("\n\n"):
        block = block.strip()
        if not block or block.startswith(("#", CAPTION_MARK, "|", "```", "~~~")):
            continue
        text = markdown_to_text(block).strip()
        if text:
            return text
    return ""


def first_sentence(article: Article) -> str:
    """The first sentence of the story's text (its description when the body has none)."""
    text = _first_paragraph(article.body) or (article.description or "").strip()
    first = text.split("\n", 1)[0].strip()
    parts = _SENTENCE_END.split(first, maxsplit=1)
    sentence = parts[0].strip() if parts else ""
    if len(sentence) > LEAD_MAX:
        cut = sentence[:LEAD_MAX].rsplit(" ", 1)[0]
        sentence = cut.rstrip(",;:") + "…"
    return sentence


def display_day(day: str) -> str:
    return long_date(date.fromisoformat(day)) if day else "Undated"


def display_month(month: str) -> str:
    if not month:
        return "Undated"
    year, number = month.split("-")
    return f"{long_date(date(int(year), int(number), 1)).split(' ')[0]} {year}"


def relative(target: str, page: str) -> str:
    """The link from the page at `page` to `target` (both relative to the site root, no `..`
    in either), as file:// needs it: relative, never a directory URL."""
    return "../" * page.count("/") + target


# -- article bodies ------------------------------------------------------------------------
Picture = Callable[[str, str, str], str]  # (src, alt, title) -> the HTML shown for it


# cmark writes every picture as exactly this; each is handed to the page's picture hook.
_IMG = re.compile(r'<img src="([^"]*)" alt="([^"]*)"(?: title="([^"]*)")? />')


def remote_picture(src: str, alt: str, title: str) -> str:
    """A picture the archive does not hold: a link to it, so reading the site never makes a
    request to another server."""
    label = html.escape(alt or title or "picture")
    if re.match(r"https?://", src, re.IGNORECASE):
        return (
            f'<a class="remote-picture" href="{html.escape(src)}" rel="noreferrer">'
            f"[picture: {label}]</a>"
        )
    return f'<span class="remote-picture">[picture: {label}]</span>'


def body_html(article: Article, picture: Picture = remote_picture) -> str:
    """The body as HTML: raw HTML in the Markdown is left out, unsafe link schemes refused
    (cmark's safe mode, as GitHub renders READMEs), and each picture shown by `picture`.
    cmark (C) renders a page in a fraction of the time a Python renderer takes."""
    import cmarkgfm

    rendered: str = cmarkgfm.markdown_to_html_with_extensions(
        without_caption_marks(article.body), options=0, extensions=["table"]
    )

    def show(match: re.Match[str]) -> str:
        src, alt, title = (html.unescape(g or "") for g in match.groups())
        return picture(src, alt, title)

    return _IMG.sub(show, rendered) if "<img " in rendered else rendered


# -- templates -----------------------------------------------------------------------------
@cache
def environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("archiver", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["day"] = display_day
    env.filters["month"] = display_month
    return env


def static_files() -> list[tuple[str, bytes]]:
    """(name, bytes) of every file under archiver/static/, copied into the site's static/."""
    root = resources.files("archiver") / "static"
    return sorted((f.name, f.read_bytes()) for f in root.iterdir() if f.is_file())


@cache
def fingerprint() -> str:
    """A digest of the templates, static files and version: when it changes, every page is
    made again."""
    from archiver import __version__

    digest = hashlib.sha256(__version__.encode())
    root = resources.files("archiver") / "templates"
    for name, data in sorted(
        [(f.name, f.read_bytes()) for f in root.iterdir() if f.is_file()] + static_files()
    ):
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()[:16]


def render_page(template: str, page: str, **context: Any) -> str:
    """The HTML of the page at `page` (relative to the site root) from `template`."""

    prefix = "../" * page.count("/")

    def link(target: str) -> str:
        return prefix + target

    return environment().get_template(template).render(link=link, **context)


def article_context(article: Article, summary: Summary, body: str) -> dict[str, Any]:
    retrieved: datetime | None = article.capture.retrieved_at if article.capture else None
    source = article.source_url
    return {
        "summary": summary,
        "lang": article.language or "en",
        "published": article.published.isoformat() if article.published else "",
        "retrieved": retrieved.strftime("%Y-%m-%d %H:%M UTC") if retrieved else "",
        "source": source if source and re.match(r"https?://", source, re.I) else "",
        "body": body,
    }


def byline(article: Article) -> str:
    return join_names([a.name for a in article.authors])


def pages_of(items: Sequence[Summary], size: int) -> Iterable[tuple[int, Sequence[Summary]]]:
    """(1-based page number, items) in pages of `size`; one empty page for no items."""
    if not items:
        yield 1, items
        return
    for start in range(0, len(items), size):
        yield start // size + 1, items[start : start + size]


__all__ = [
    "Summary",
    "body_html",
    "environment",
    "first_sentence",
    "relative",
    "remote_picture",
    "render_page",
]
