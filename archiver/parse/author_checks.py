"""A structured author checked against the page: whether a reader sees the name (in the
visible text, outside the site's chrome) and whether it is the site itself (its newsroom, its
domain, the person the site is named after).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from bs4 import Tag

from archiver.parse import author_rules as rules
from archiver.parse import metadata_rules as page_rules
from archiver.parse.candidates import Collector, alnum, element_words, fold
from archiver.parse.document import Document


def visible_text(doc: Document, hidden: list[Tag]) -> str:
    """The body's text, folded, without hidden elements: what a reader can see."""
    body = doc.soup.body or doc.soup
    text = fold(body.get_text(" "))
    for el in hidden[:200]:
        inner = fold(el.get_text(" "))
        if inner:
            text = text.replace(inner, " ", 1)
    return text


def named_after(name: str, host: str) -> bool:
    """The site is named after this person: `guenter-pilger.de` for "Günter Pilger"."""
    words = name.casefold().split()
    if len(words) < 2 or any(w in rules.DESK_FILLERS for w in words):
        return False  # a person's name, not the site's own ("Automobilwoche", "Die Zeit")
    key = _ascii_key(name)
    return len(key) >= rules.MIN_OWNER_NAME_CHARS and key in host.split()


def _ascii_key(text: str) -> str:
    """Letters and digits as a host name writes them: "Günter Pilger" -> "guenterpilger"."""
    text = text.casefold()
    for letter, spelled in rules.HOST_SPELLINGS.items():
        text = text.replace(letter, spelled)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def only_in_chrome(c: Collector, name: str) -> bool:
    """`name` is shown only in the page's chrome (footer, navigation, logo, a copyright line):
    the site's owner or publisher, whom a CMS writes into its author field on every page."""
    body = c.doc.soup.body
    if body is None:
        return False
    folded = fold(name)
    # Folding every string of the page costs more than a plain search for the name's
    # longest word: only strings holding that word are folded.
    probe = max(folded.split(), key=len, default="")
    hits = 0
    for string in body.strings:
        if len(string) < len(name) or probe not in string.casefold():
            continue
        text = fold(string)
        if folded in text and has_words(text, folded):
            hits += 1
            if not _in_chrome(string, c.safe):
                return False
    return hits > 0


def _in_chrome(string: Any, safe: frozenset[int]) -> bool:
    """Whether a text node sits in the page's chrome rather than in the article."""
    chrome = False
    in_line = True
    for depth, anc in enumerate(string.parents):
        name = anc.name
        if name in ("body", "html", "[document]"):
            break
        if in_line and depth < 3:
            # A copyright notice names the site's owner, wherever the template puts it; the
            # notice is the short line around the name, not the block that holds it.
            line = fold(anc.get_text(" "))
            if len(line) > rules.MAX_BYLINE_CHARS:
                in_line = False
            elif any(mark in line for mark in rules.COPYRIGHT_MARKS):
                return True
        if name in ("article", "main"):
            return False
        if id(anc) in safe:
            return chrome
        words = element_words(anc)
        if words & page_rules.ARTICLE_WORDS:
            return False
        if words & page_rules.OWN_FOOTER_WORDS:
            continue
        if name in rules.CHROME_TAGS or words & rules.CHROME_WORDS or (name == "header" and safe):
            chrome = True
    return chrome


def has_words(text: str, words: str) -> bool:
    """`words` occur in `text` as whole words: "Jan" is not in "Januar" nor in the domain
    "jan-example.de"."""
    start = text.find(words)
    while start >= 0:
        end = start + len(words)
        before = text[start - 1] if start else " "
        after = text[end : end + 2]
        # `"" in "_-"` holds: the end of the text is tested apart.
        if not (before.isalnum() or before in "_.-") and not (
            after[:1].isalnum()
            or (after[:1] and after[:1] in "_-")
            or (after[:1] == "." and after[1:2].isalnum())
        ):
            return True
        start = text.find(words, start + 1)
    return False


def site_desk(name: str, publishers: frozenset[str], host: str) -> bool:
    """The site's newsroom named as the author ("N-Land Redaktion", "Redacción El Sitio"):
    the site itself, not a person."""
    words = [w.strip(".,:").casefold() for w in name.split()]
    if not any(w in rules.DESK_WORDS for w in words):
        return False
    rest = [alnum(w) for w in words if w not in rules.DESK_WORDS | rules.DESK_FILLERS]
    site = publishers | set(host.split())
    return bool(rest) and ("".join(rest) in site or all(w in site for w in rest))


def is_domain_of(name: str, host: str) -> bool:
    """`name` is the site's own domain written as a byline ("handwerksblatt.de")."""
    if not re.fullmatch(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}", name.casefold()):
        return False
    label = name.casefold().rsplit(".", 1)[0].rsplit(".", 1)[-1].replace("-", "")
    return label in host.split()


__all__ = [
    "has_words",
    "is_domain_of",
    "named_after",
    "only_in_chrome",
    "site_desk",
    "visible_text",
]
