"""The site's name around a headline: what <title> glues before or after it, the names the
page's feeds give the site, headings that name the site, and the parts of a <title> cut at its
separators, with the key headlines are compared by.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from bs4 import Tag

from archiver.parse import headline_rules as rules
from archiver.parse.candidates import SPACE, class_words, host_key, node_text
from archiver.parse.dom import elements
from archiver.parse.names import normalise


def title_key(text: str) -> str:
    """Comparison key for headlines: case, spacing, quotes and end punctuation folded."""
    text = normalise(text).casefold()
    text = re.sub(r"[\"'“”„‘’«»‹›`´]", "", text)
    text = re.sub(r"\s*[-–—]\s*", " - ", text)
    return text.strip(" .:;,!?-–—|")


# A part that is a domain name and nothing else ("DailyPlanet.com", "www.example.co.uk").
_DOMAIN = re.compile(
    r"(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:" + "|".join(rules.SITE_DOMAIN_ENDS) + r")",
    re.IGNORECASE,
)


def looks_like_site(part: str, site: str | None, host: str, others: tuple[str, ...] = ()) -> bool:
    if normalise(part).casefold() in rules.GENERIC_TITLE_PARTS:
        return True
    if _DOMAIN.fullmatch(normalise(part).strip()):
        return True  # the site's address as its name, whichever address the page is at
    key = re.sub(r"[\W_]", "", normalise(part).casefold())
    if not key:
        return True
    if any(name and key == re.sub(r"[\W_]", "", name.casefold()) for name in (site, *others)):
        return True
    if len(key) < 3:
        return False
    # "Harbour Cam" on harbourcam.example.net. A part holding the host's name and more is not
    # taken for the site's: it is as often a headline naming the site ("Harbourcam update"
    # on harbourcam.example.net).
    keys = _ascii_forms(key)
    return any(len(name) >= 3 and k in name for name in host.split() for k in keys)


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _ascii_forms(key: str) -> set[str]:
    """`key` and the forms a host name writes it in, where it has no letters but ASCII's:
    accents dropped ("LÍBERO" on libero.pe) or German's umlauts spelt out ("Bücherbote" on
    buecherbote.de)."""
    if key.isascii():
        return {key}
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", key) if not unicodedata.combining(ch)
    )
    return {key, plain, unicodedata.normalize("NFKC", key).translate(_UMLAUTS)}


def strip_site(title: str, site: str | None, url: str | None, others: tuple[str, ...] = ()) -> str:
    """`<title>` without the site's name glued before or after the headline.

    `others`: more names the page gives its site (in the titles of its feeds), matched whole.
    """
    # Marks left at the ends by a template ("» Post", "Post |") belong to no part.
    title = normalise(title).strip(rules.STRAY_TITLE_MARKS)
    host = host_key(url)
    for sep in rules.TITLE_SEPARATORS:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep)
        if head and looks_like_site(tail, site, host, others):
            return strip_site(head, site, url, others)
        first, _, rest = title.partition(sep)
        if rest and looks_like_site(first, site, host, others):
            return strip_site(rest, site, url, others)
    for name in (site, *others):
        cut = without_name(title, name) if name else title
        if cut != title:
            return strip_site(cut, site, url, others)
    return title


_END_MARKS = " -|–—:·•»«/~"


def without_name(title: str, name: str) -> str:
    """`title` without the site's `name` glued at either end by any mark or a space
    ("» Post :Site", "Post ~Site", "Site: Post"), when something is left."""
    t, n = title.casefold(), name.casefold()
    if len(t) > len(n) + 3:
        # At the end a mark must come before it, spaces aside: "Wir sind NEOS" ends with
        # its words, not a site's name.
        if t.endswith(n) and t[: -len(n)].rstrip()[-1:] in _END_MARKS.strip():
            return title[: -len(n)].strip(_END_MARKS)
        # At the start a mark must follow: "Time to go" is no site "Time" and a headline.
        rest = title[len(n) :].lstrip()
        if t.startswith(n) and rest[:1] in _END_MARKS.strip():
            return rest.strip(_END_MARKS)
    return title


_FEED_WORDS = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(w) for w in rules.FEED_WORDS) + r")(?!\w)|[()]",
    re.IGNORECASE,
)


def feed_names(feeds: list[str]) -> tuple[tuple[str, ...], str]:
    """The site's names and the post's headline in the titles of the page's feeds: blog
    engines title them "Site » Feed", "Site RSS Feed" and "Site » Post Comments Feed"."""
    sites: list[str] = []
    headline = ""
    for raw in feeds:
        title = normalise(raw)
        if rules.FEED_SEPARATOR in title:
            name, _, rest = title.partition(rules.FEED_SEPARATOR)
            for end in rules.COMMENTS_FEED_ENDS:
                if rest.casefold().endswith(end):
                    post = rest[: -len(end)].strip()
                    if post and not headline:
                        headline = post
        else:
            name = _FEED_WORDS.sub(" ", title)
        name = SPACE.sub(" ", name).strip(" -–—|:·")
        if len(name) >= 3 and name not in sites:
            sites.append(name)
    return tuple(sites), headline


def is_site_heading(
    node: Tag, text: str, site: str | None, host: str, others: tuple[str, ...] = ()
) -> bool:
    """A heading that names the site (the blog's title in every page's header, the footer's
    copyright notice)."""
    return (
        looks_like_site(text, site, host, others)
        or marked_as_site(node, text)
        or _NOTICE.match(text) is not None
    )


# A copyright notice: "© 2020, Site", "(c) Site", "Copyright © 2020 Site", "Copyright 2020"
# (not "Copyright law ...", a headline).
_NOTICE = re.compile(r"\s*(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4}))", re.IGNORECASE)


def marked_as_site(node: Tag, text: str) -> bool:
    """A heading or a line whose markup names the site: a logo or brand class, or one link
    to the home page holding all its text, held in one, or being one."""
    words = class_words(node.get("class") or "") | class_words(node.get("id") or "")
    if words & rules.SITE_HEADING_WORDS:
        return True
    links: list[Tag] = elements(node, "a", "href", limit=2)
    # The link may hold the heading instead (`<a href="/"><img alt=...><h1>Site</h1></a>`).
    wrapper = (
        node if node.name == "a" and node.has_attr("href") else node.find_parent("a", href=True)
    )
    if wrapper is not None and not links:
        links = [wrapper]
    if len(links) == 1 and text in node_text(links[0]):
        href = str(links[0]["href"]).strip()
        # An empty relative link is the page itself (a headline linking to its story).
        if "://" not in href and not href.split("?")[0]:
            return False
        try:
            # "//example.org" (the scheme the page's own) is an address as "http://" is.
            absolute = "://" in href or href.startswith("//")
            path = urlsplit(href).path if absolute else href.split("?")[0]
        except ValueError:
            return False  # a host no parser reads ("https://[home]/"): no link home
        return path in ("", "/", "./", "index.html", "/index.html", "/index.php")
    return False


ANY_SEPARATOR = re.compile("|".join(re.escape(sep) for sep in rules.TITLE_SEPARATORS))


def title_pieces(title: str) -> dict[str, str]:
    """The runs of parts of a <title> cut at its separators (the whole title aside), by key."""
    cuts = [(m.start(), m.end()) for m in ANY_SEPARATOR.finditer(title)][: rules.MAX_TITLE_PARTS]
    if not cuts:
        return {}
    starts = [0, *(end for _, end in cuts)]
    ends = [*(start for start, _ in cuts), len(title)]
    runs = {}
    for i in range(len(starts)):
        for j in range(i, len(ends)):
            if j - i < len(cuts):
                text = title[starts[i] : ends[j]].strip()
                if len(title_key(text)) >= rules.MIN_TITLE_PIECE_CHARS:
                    runs[title_key(text)] = text
    return runs


__all__ = [
    "ANY_SEPARATOR",
    "feed_names",
    "is_site_heading",
    "looks_like_site",
    "marked_as_site",
    "notice_names",
    "strip_site",
    "title_key",
    "title_pieces",
    "without_name",
]


def notice_names(soup: Tag) -> tuple[str, ...]:
    """The names the page's copyright notices give its owner ("© 2008 The Daily Courier":
    "The Daily Courier" and "Daily Courier"), most often the name the site goes by."""
    names: list[str] = []
    for string in soup.find_all(string=rules.NOTICE_MARKS, limit=rules.MAX_NOTICES):
        for m in rules.NOTICE_HOLDER.finditer(SPACE.sub(" ", str(string))):
            name = rules.LEGAL_FORMS.sub("", m.group(1).strip()).strip(" -–—:")
            if len(name) >= 3 and any(ch.isalpha() for ch in name) and name not in names:
                names.append(name)
                first, _, rest = name.partition(" ")
                if rest and first.casefold() in rules.NAME_ARTICLES:
                    names.append(rest)
    return tuple(names)


def names_site(text: str, others: tuple[str, ...], home_links: list[Tag]) -> bool:
    """Whether `text` is what the page shows as its site's name: a banner heading's or a
    feed's (`others`), or a link to the home page's text or its logo's alt. Not the host's
    name alone: a site's home page is titled so, and that name is its headline."""
    key = title_key(text)
    if not key or len(key) > 2 * rules.MAX_SITE_NAME_CHARS:
        return False  # longer than any name the links are read for
    return any(title_key(name) == key for name in (*others, *home_names(home_links)))


def home_names(links: list[Tag]) -> list[str]:
    """The texts (or linked logos' alt) of links to a home page: the site's name as its
    banner shows it."""
    names: list[str] = []
    for link in links:
        text = node_text(link)
        if not text:
            img = link.find("img", alt=True)
            text = normalise(str(img["alt"])) if img is not None else ""
        if 3 <= len(text) <= rules.MAX_SITE_NAME_CHARS:
            names.append(text)
    return names
