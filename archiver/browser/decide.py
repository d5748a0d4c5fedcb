"""When a page needs a browser: the `--browser` modes, the `auto` rules, finding Chromium."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Literal, get_args

from archiver.browser import rules
from archiver.fetch import Fetched
from archiver.models import Article

Mode = Literal["never", "auto", "always"]
MODES: tuple[str, ...] = get_args(Mode)

_JSONLD = re.compile(
    r"<script[^>]*application/ld\+json[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL
)
_WORD = re.compile(r"\w+")


def find_browser(path: str | os.PathLike[str] | None = None) -> str | None:
    """The Chromium to drive: `path` when given (None if it is not an executable file), else
    the first of `rules.EXECUTABLES` on PATH. Never a browser Playwright downloaded."""
    if path is not None:
        candidate = Path(path).expanduser()
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
        return shutil.which(str(path))
    for name in rules.EXECUTABLES:
        found = shutil.which(name)
        if found:
            return found
    return None


def needs_browser(fetched: Fetched, article: Article | None) -> str | None:
    """Why the static page must be rendered under `auto`, or None when it need not be.

    Rendered when the static HTML yields no article, a body under half the words of the
    page's declared JSON-LD articleBody, or the page is an app shell (little text, a root
    element and scripts); also when the static "article" is a consent notice, which a script
    takes away to show the story.
    """
    html = fetched.text()
    if article is None or not article.body.strip():
        return "no article in the static HTML"
    declared = declared_words(html)
    shown = len(_WORD.findall(article.text))
    if declared and shown < rules.DECLARED_SHARE * declared:
        return f"the static body has {shown} of the {declared} words the page declares"
    if is_app_shell(html):
        return "the static page is an app shell"
    if is_consent_notice(article.text):
        return "the static article is a consent notice"
    return None


def is_consent_notice(text: str) -> bool:
    """A short text that speaks of consent in several of the words notices use: what a
    page shows before its story, not the story."""
    lowered = text.lower()
    if len(lowered) > rules.CONSENT_NOTICE_MAX_TEXT:
        return False
    return sum(word in lowered for word in rules.CONSENT_WORDS) >= rules.CONSENT_NOTICE_WORDS


def declared_words(html: str) -> int:
    """Words in the longest JSON-LD articleBody the page declares (0 when none)."""
    from archiver.parse.document import parse_jsonld

    longest = 0
    for match in _JSONLD.finditer(html):
        for item in parse_jsonld(match.group(1)):
            body = item.get("articleBody")
            if isinstance(body, str):
                longest = max(longest, len(_WORD.findall(body)))
    return longest


def is_app_shell(html: str) -> bool:
    """A body of under `APP_SHELL_MAX_TEXT` characters of text, with a root element an
    application mounts into and at least one script."""
    import lxml.html  # type: ignore[import-untyped]  # no stubs in the stack
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html or "<html></html>")
    except (etree.ParserError, ValueError):
        return False
    has_script = bool(root.xpath("//script"))
    body = root.find("body")
    if body is None or not has_script:
        return False
    text = " ".join(
        t
        for t in body.xpath(
            ".//text()[not(ancestor::script or ancestor::style "
            "or ancestor::noscript or ancestor::template)]"
        )
        if isinstance(t, str)
    )
    if len(" ".join(text.split())) >= rules.APP_SHELL_MAX_TEXT:
        return False
    ids = " or ".join(f"@id='{i}'" for i in rules.APP_ROOT_IDS)
    attributes = " or ".join(f"@{a}" for a in rules.APP_ROOT_ATTRIBUTES)
    tags = " | ".join(f".//{t}" for t in rules.APP_ROOT_TAGS)
    return bool(body.xpath(f".//*[{ids} or {attributes}] | {tags}"))
