"""A page that sends its reader on: `<meta http-equiv="refresh" content="0; url=/new">` or a
`Refresh: 0; url=/new` header, read as browsers read them (the HTML standard's shared
declarative refresh steps). fetch.py follows one as a redirect hop, with the same checks and
in the same count; this module only reads where it points.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

from requests.utils import requote_uri

from archiver.encoding import decode_html

# A page that reloads itself or moves on after longer than this is a page to keep (a front
# page refreshing every few minutes, "you will be logged out"), not a stub to pass through.
MAX_DELAY = 10.0
# Where a meta refresh is looked for: the head of any real page fits.
_HEAD = 64 * 1024
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_EQUIV = re.compile(r"""\bhttp-equiv\s*=\s*(["']?)\s*refresh\s*\1(?=[\s/>])""", re.IGNORECASE)
_CONTENT = re.compile(r"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_SPACE = " \t\n\f\r"


def refresh_target(body: bytes, charset: str | None, header: str | None, base: str) -> str | None:
    """The absolute http(s) URL, other than `base`, that a page sends its reader to within
    MAX_DELAY seconds, by its `Refresh` header or a meta refresh outside <noscript> and
    comments in its first 64 KiB; None when it sends nowhere else."""
    content = header
    if content is None:
        head = body[:_HEAD]
        if b"refresh" not in head.lower():
            return None  # most pages: no decoding, no search
        content = _meta_content(decode_html(head, charset)[0])
    if content is None:
        return None
    parsed = parse_refresh(content)
    if parsed is None or parsed[0] > MAX_DELAY or not parsed[1]:
        return None
    try:
        target = requote_uri(urljoin(base, parsed[1])).split("#", 1)[0]
        scheme = urlsplit(target).scheme.lower()
    except ValueError:
        return None
    if scheme not in ("http", "https") or target == base.split("#", 1)[0]:
        return None
    return target


def _meta_content(text: str) -> str | None:
    """The content of the first meta refresh that a browser running scripts obeys."""
    lowered = text.lower()
    for match in _META.finditer(text):
        tag = match.group(0)
        if not _EQUIV.search(tag):
            continue
        before = lowered[: match.start()]
        if before.rfind("<noscript") > before.rfind("</noscript"):
            continue  # for browsers without scripts: a "please enable JavaScript" page
        if before.rfind("<!--") > before.rfind("-->"):
            continue
        found = _CONTENT.search(tag)
        if found is not None:
            return html.unescape(next(g for g in found.groups() if g is not None))
    return None


def parse_refresh(content: str) -> tuple[float, str] | None:
    """(delay in seconds, URL as written, "" for the page itself) of a refresh's content
    ("0; url='/new'", "5,URL=/new", "3"), or None when it does not start with a delay."""
    i, n = 0, len(content)
    while i < n and content[i] in _SPACE:
        i += 1
    start = i
    while i < n and content[i].isdigit():
        i += 1
    digits = content[start:i]
    if not digits and not (i < n and content[i] == "."):
        return None
    while i < n and (content[i].isdigit() or content[i] == "."):
        i += 1
    delay = float(digits or 0)
    while i < n and content[i] in _SPACE:
        i += 1
    if i < n and content[i] in ";,":
        i += 1
    while i < n and content[i] in _SPACE:
        i += 1
    rest = content[i:]
    if rest[:3].lower() == "url":
        after = rest[3:].lstrip(_SPACE)
        if after.startswith("="):
            rest = after[1:].lstrip(_SPACE)
    if rest[:1] in ("'", '"'):
        quote, rest = rest[0], rest[1:]
        rest = rest.split(quote, 1)[0]
    return delay, rest.strip(_SPACE)
