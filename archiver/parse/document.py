"""Input -> Document: decode bytes, drop non-content markup cheaply, build the soup once.

JSON-LD is read from the raw text before the scripts go; the pre-pass works on the string so
BeautifulSoup never builds nodes for scripts, styles, SVG or comments.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

from archiver.encoding import decode_html
from archiver.parse.bounds import bound_elements
from archiver.parse.tree import build_soup


@dataclass
class Document:
    """A page ready for extraction. `soup` is built once (lxml builder) and shared."""

    url: str | None
    soup: BeautifulSoup
    jsonld: list[dict[str, Any]] = field(default_factory=list)  # @graph and arrays flattened
    # <base href>, read before the soup is built; links resolve against it, else `url`.
    base_url: str | None = None
    truncated: bool = False  # cut at MAX_CHARS or the element bound: its end was not read


_JSONLD = re.compile(
    r"<script\b[^>]*?type\s*=\s*[\"']?application/ld\+json[^>]*>(.*?)</script\s*>",
    re.IGNORECASE | re.DOTALL,
)
# One left-to-right scan, so a comment inside a script (or a script inside a comment) is
# removed with its container instead of confusing the next pattern.
_NOISE = re.compile(
    r"<!--.*?-->|<(script|style|svg|template|iframe|select)\b[^>]*>.*?</\1\s*>"
    r"|<noscript\b[^>]*>(.*?)</noscript\s*>"
    r"|<nav\b[^>]*>(.*?)</nav\s*>"
    r"|<link\b[^>]*\brel\s*=\s*[\"']?(?:stylesheet|preload|prefetch|dns-prefetch|preconnect"
    r"|modulepreload|icon|shortcut icon|apple-touch-icon|apple-touch-icon-precomposed|manifest"
    r"|mask-icon)[\"'\s>][^>]*>",
    re.IGNORECASE | re.DOTALL,
)
# Whitespace-only text before a block-level tag shows nothing, yet costs a node each in the
# soup (a third of all nodes on indented pages): dropped before the soup is built.
_BLOCK_GAP = re.compile(
    r">\s+(?=</?(?:div|p|li|ul|ol|tr|td|th|table|tbody|thead|tfoot|section|article|header"
    r"|footer|nav|aside|main|h[1-6]|head|body|html|figure|figcaption|form|select|option|dd|dt"
    r"|dl|blockquote|meta|link|title|br|hr|noscript)[\s>/])",
    re.IGNORECASE,
)
# Likewise whitespace right after a block-level opening tag when a tag follows: a block's
# leading whitespace shows nothing.
_BLOCK_OPEN_GAP = re.compile(
    r"(<(?:div|p|li|ul|ol|tr|td|th|table|tbody|thead|tfoot|section|article|header|footer|nav"
    r"|aside|main|h[1-6]|head|body|html|figure|figcaption|form|dd|dt|dl|blockquote)\b[^<>]*>)"
    r"\s+(?=<)",
    re.IGNORECASE,
)
_IMG_TAG = re.compile(r"<img\b", re.IGNORECASE)
_NAV_KEEP = re.compile(r"<(?:h1|nav)\b", re.IGNORECASE)
_PROSE = re.compile(r"<p\b[^>]*>[^<]{80}", re.IGNORECASE)
_BASE = re.compile(r"<base\b[^>]*?\bhref\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")
_JSON_WRAPPERS = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$|<!--|-->")

# A page this large is no article; parsing it whole would only cost time and memory.
MAX_CHARS = 8_000_000


def _decode(html: bytes | str) -> str:
    if isinstance(html, str):
        return html
    text, _encoding = decode_html(html)
    return text


def _encodable(text: str) -> bool:
    """Whether `text` holds no lone surrogate: one C pass, far cheaper than the pattern."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _noise(match: re.Match[str]) -> str:
    nav = match.group(3)
    if nav is not None:
        # A menu or breadcrumb trail is no content; one that holds prose or the page's <h1>
        # (some breadcrumbs end with the headline) stays, as does one nesting another.
        return match.group(0) if _NAV_KEEP.search(nav) or _PROSE.search(nav) else ""
    inner = match.group(2)
    if inner is not None and (_IMG_TAG.search(inner) or _PROSE.search(inner)):
        # <noscript> often holds the real <img> of a lazily loaded picture, or the whole
        # article of a page that renders it with a script: keep its content.
        return inner
    return ""


def _flatten(node: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > 20:
        return
    if isinstance(node, list):
        for item in node:
            _flatten(item, out, depth + 1)
    elif isinstance(node, dict):
        graph = node.get("@graph")
        if graph is not None:
            rest = {k: v for k, v in node.items() if k != "@graph"}
            if "@type" in rest:
                out.append(rest)
            _flatten(graph, out, depth + 1)
        else:
            out.append(node)


def parse_jsonld(text: str) -> list[dict[str, Any]]:
    """Every object in one JSON-LD block, tolerant of the junk real pages put around it."""
    cleaned = _JSON_WRAPPERS.sub(" ", text).strip().rstrip(";")
    decoder = json.JSONDecoder(strict=False)  # strict=False: raw control chars in strings
    out: list[dict[str, Any]] = []
    pos = 0
    while pos < len(cleaned):
        while pos < len(cleaned) and cleaned[pos] not in "{[":
            pos += 1
        if pos >= len(cleaned):
            break
        try:
            value, end = decoder.raw_decode(cleaned, pos)
        except (ValueError, RecursionError):
            break
        _flatten(value, out)
        pos = end
    return out


# build_soup holds libxml2's tree and the soup at once: on a page of megabytes (a hostile one
# near MAX_CHARS) that is twice the memory, past the 200 MB a page may take. Real pages stay
# far below this (the largest of 1,430 dev pages: 0.6 million characters once cleaned).
FAST_TREE_MAX_CHARS = 2_000_000


def load_document(html: bytes | str, url: str | None = None) -> Document:
    """Decode (bytes: BOM > meta > detection), read JSON-LD, drop script/style/svg/template
    and comments, and build the BeautifulSoup tree. Never raises for content reasons."""
    text = _decode(html)
    over = len(text) > MAX_CHARS
    text, _, cut_off = bound_elements(text[:MAX_CHARS])  # before any other pass
    if "\x00" in text or not _encodable(text):
        text = _BAD_CHARS.sub("\ufffd", text)
    jsonld: list[dict[str, Any]] = []
    for match in _JSONLD.finditer(text):
        jsonld.extend(parse_jsonld(match.group(1)))
    base = _BASE.search(text, 0, 200_000)
    text = _NOISE.sub(_noise, text)
    text = _BLOCK_GAP.sub(">", text)
    text = _BLOCK_OPEN_GAP.sub(r"\1", text)
    with warnings.catch_warnings():
        # A page served as HTML is parsed as HTML, whatever its XML declaration says.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        try:
            if len(text) <= FAST_TREE_MAX_CHARS:
                soup = build_soup(text)
            else:  # bs4's own builder holds no second tree while it builds
                soup = BeautifulSoup(text, "lxml")
        except (RecursionError, ValueError):
            soup = BeautifulSoup("", "lxml")
    base_url = base.group(1) if base else None
    return Document(url, soup, jsonld, base_url, truncated=over or cut_off)


__all__ = ["Document", "load_document", "parse_jsonld"]
