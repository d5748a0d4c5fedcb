"""Bylines written as text rather than marked by an element: a byline word and the name after
it just after the headline ("Posted by <a>Konrad</a>", "von Anna Berg", "Autor: Paul Brenner")
or in the header block just before it, else a line of its own anywhere in the article, a date
or a writer's label beside the byline word ("Gespeichert von jdoe am 24. Juli 2017", "Autor:
Ann Lee" closing the story). authors.py weighs them against the bylines the page marks, and
reads those with the same byline words and the same checks kept here: a line hidden, quoted or
in a teaser names no writer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from bs4 import Tag
from bs4.element import Comment, PageElement

from archiver.models import Author
from archiver.parse import author_rules as rules
from archiver.parse import date_rules
from archiver.parse import metadata_rules as page_rules
from archiver.parse.candidates import (
    HIDDEN_STYLE,
    Collector,
    absolute_url,
    class_words,
    element_words,
    is_foreign,
    node_text,
)
from archiver.parse.datetext import When, date_spans
from archiver.parse.document import Document
from archiver.parse.dom import INLINE_TAGS, child_within, elements, line_block, rels
from archiver.parse.names import (
    AUTHOR_LABEL,
    BYLINE_START,
    BYLINE_WORDS,
    EMAIL,
    OTHER_LABEL,
    PARTICLES,
    URL,
    inner_byline,
    is_organisation_byline,
    normalise,
    place_or_outlet,
    split_byline,
    strip_prefix,
)
from archiver.parse.title_parts import title_key, title_pieces

# A byline word anywhere in a line, the name after it ("12.03.2021 | von Anna Berg").
BYLINE_WORD = re.compile(rf"(?<!\w)(?:{BYLINE_WORDS})(?:\s+|(?<=:))(?=\w)", re.IGNORECASE)


# A byline word ending a text or before its next word ("... by <span>Name</span>").
_BYLINE_WORD_END = re.compile(rf"(?<!\w)(?:{BYLINE_WORDS})(?:\s|(?<=:)|$)", re.IGNORECASE)

# The first words of the byline prefixes, with and without a colon: a cheap test first.
_FIRST_WORDS = frozenset(
    word for p in rules.BYLINE_PREFIXES for word in (p.split()[0], p.split()[0].rstrip(":"))
)

# A text ending in a byline word, the name or the author's link in the next element ("by
# <a>Ann lee</a>", "Posted by ", "<b>Autor:</b>").
BYLINE_END = re.compile(rf"(?<!\w)(?:{BYLINE_WORDS})\s*$", re.IGNORECASE)

# A short line ending in a byline word ("Ein Interview von", "A column by").
_LABEL_END = re.compile(r"\s(?:" + "|".join(rules.INNER_BYLINE_WORDS) + r")\s*:?$", re.IGNORECASE)


def text_byline(
    c: Collector, start: Tag | None, site: str | None
) -> tuple[list[Author], Tag] | None:
    """A byline written as text where no element is marked as one: "Posted by <a>Konrad</a>",
    "von Anna Berg", "Autor: Paul Brenner" after the headline, else in the header block just
    before it ("05.02.2020 - Redaktion: Jan Weber" above the headline)."""
    if start is None:
        return None
    after = _scan(c, _texts(start, forward=True), site)
    return after or _scan(c, _texts(start, forward=False), site)


def text_byline_in_place(
    c: Collector, start: Tag | None, site: str | None, marked: list[Tag]
) -> tuple[list[Author], Tag] | None:
    """The byline written as text just after the headline when the best element marked as a
    byline lies farther off (after that line, or above the headline): a teaser's author line
    or a bio box elsewhere on the page is not the story's byline."""
    if start is None or not marked:
        return None
    found = _scan(c, _texts(start, forward=True), site)
    if found is None:
        return None
    line = line_block(found[1])
    # From the headline to the end of the byline's line ("By <a rel=author>A</a> and <a
    # rel=author>B</a>": the links are the line's own).
    span = {id(start)}
    for el in start.next_elements:
        if isinstance(el, Tag):
            span.add(id(el))
        if el is line:
            break
    else:
        return None
    span.update(id(el) for el in line.descendants if isinstance(el, Tag))
    if id(marked[0]) in span:
        return None
    return found


def _texts(start: Tag, forward: bool) -> list[tuple[str, Tag]]:
    """The page's text pieces after `start` (or before it, in document order), within a budget."""
    budget = rules.TEXT_BYLINE_CHARS if forward else rules.TEXT_BYLINE_BEFORE_CHARS
    out: list[tuple[str, Tag]] = []
    # The headline's own text is no byline, whatever word opens it (a headline shown as a
    # plain line, "Von Sprachregeln, Gender-Politik und ..."); it counts in the budget.
    last: PageElement = start
    while forward and isinstance(last, Tag) and last.contents:
        last = last.contents[-1]
    own = forward and last is not start
    for el in start.next_elements if forward else start.previous_elements:
        inside = own
        if el is last:
            own = False
        if isinstance(el, Tag) or not isinstance(el, str):
            continue
        parent = el.parent
        if parent is None or (not forward and parent.name in ("script", "style", "title")):
            continue
        text = normalise(str(el)).strip(" -–—|·•")
        if not text:
            continue
        budget -= len(text)
        if budget < 0:
            break
        if not inside:
            out.append((text, parent))
    return out if forward else out[::-1]


def _scan(
    c: Collector, texts: list[tuple[str, Tag]], site: str | None
) -> tuple[list[Author], Tag] | None:
    label: Tag | None = None
    # After a line ending in a byline word, only full names: "... die Sicherheit von" + "KI"
    # is a sentence going on.
    full_names = False
    for i, (text, parent) in enumerate(texts):
        if len(text) > rules.MAX_BYLINE_CHARS or _in_heading(parent):
            # A heading is a title ("Von Sprachregeln und Gender-Politik", "By the numbers"),
            # not a byline, whatever word opens it.
            label = None
            continue
        if label is not None and text in (":", "："):
            continue  # the label's colon set apart ("Author<span>:</span>"): still the label
        if label is not None:
            names = _capitalised(split_byline(text, site, strict=True))
            if full_names and not all(" " in n for n in names):
                names = []
            if names and not is_foreign(parent, c.safe) and not in_teaser(parent):
                authors = [Author(name=n, url=_link_of(parent, c.doc)) for n in names]
                return authors, _label_box(label, parent)
            label = None
        match = BYLINE_START.match(text)
        full_names = False
        if match is None:
            names = _with_role(text, site)
            if not names and inner_byline(text) and _own_line(text, parent):
                names = _capitalised(split_byline(text, site, strict=True))
            if not names and i + 1 < len(texts) and _same_block(parent, texts[i + 1][1]):
                names = _with_role(f"{text}, {texts[i + 1][0]}", site)  # "Ann Lee<br>Editor"
            if names and not is_foreign(parent, c.safe) and not in_teaser(parent):
                return [Author(name=n, url=_link_of(parent, c.doc)) for n in names], parent
            if (
                text[:1].isupper()
                and _LABEL_END.search(text)
                and len(text.split()) <= rules.MAX_LABEL_WORDS
            ):
                label = parent  # "Ein Interview von <b>Anna Berg</b>": the name is next
                full_names = True
            continue
        if match.end() >= len(text.rstrip(" :")):
            label = parent  # the name follows in the next element
            continue
        names = _capitalised(split_byline(text, site, strict=True))
        if _bare_label(match[0]) and not all(" " in n for n in names):
            names = []  # "Text Size", "Author Tools": a label's word, then a word of a menu
        if names and not is_foreign(parent, c.safe) and not in_teaser(parent):
            return [Author(name=n, url=_link_of(parent, c.doc)) for n in names], parent
        if not names and text.endswith(":"):
            label = parent  # "Text & Fotos:", the name in the next element
    return None


# The words of a line holding names only: the names' own and the words joining them.
_LINE_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")


def name_before_date(
    c: Collector, start: Tag | None, site: str | None
) -> tuple[list[Author], Tag] | None:
    """A line holding a writer's name alone, just before the first date after the headline
    ("Ann Lee" over "March 3, 2012", "Ann Lee | 3 mars 2012"): an older site's byline, with
    no byline word and no element marking it. Two signals agree: the place (the header
    between the headline and the story, the date next) and the shape (full names, nothing
    else in the line); a reader takes such a line for the writer's."""
    if start is None:
        return None
    texts = _texts(start, forward=True)
    for i, (text, parent) in enumerate(texts):
        spans = date_spans(text) if len(text) <= rules.MAX_BYLINE_CHARS else []
        if not spans:
            continue
        before = _without_weekday(_DATE_LEAD.sub("", text[: spans[0][0]]).strip(" |,;-–—·•"))
        rest = text[spans[0][1] :].strip(" .,;")
        if before and not _DATE_LABEL.fullmatch(before):
            if rest and not rest.startswith(_FIELD_MARKS):
                return None  # "Live – October 30, 2012 Hour 1": a line going on, a title
            return _authors_at(c, _line_names(before, site), parent, start)
        after = _FIELD_AFTER.match(rest)
        if after:  # "March 3, 2008 | Ann Lee": the date first, the name its next field
            return _authors_at(c, _line_names(after["field"], site), parent, start)
        outlet = False
        for prior, node in reversed(texts[:i]):
            if len(prior) <= _MAX_SKIPPED or EMAIL.fullmatch(prior):
                continue  # a separator, a preposition, initials, the writer's address
            names = [n for n in _line_names(prior, site) if _a_persons(n)]
            if not names and not outlet and _outlet_line(prior):
                outlet = True  # "Ann Lee" over "Daily Courier" or "Paris" over the date
                continue
            return _authors_at(c, names, node, start)
        return None
    return None


# An outlet's name is a few words ("The Daily Courier", "Associated Press").
_OUTLET_WORDS = 4


def _outlet_line(text: str) -> bool:
    """A line naming the writer's paper, agency or place, and no more."""
    low = text.casefold().strip(" ,;.")
    if len(low.split()) > _OUTLET_WORDS:
        return False
    return place_or_outlet(low) or low in rules.WIRE_AGENCIES


def _line_names(text: str, site: str | None) -> list[str]:
    """The names of a byline's field: names alone, a name and its role ("Ann Lee, Staff
    Writer"), or a name and its paper, agency or place ("Ann Lee, Daily Courier")."""
    names = _names_only(text, site) or _with_role(text, site)
    if names:
        return names
    match = _NAME_ROLE.fullmatch(text)
    if match is None or not _outlet_line(match["role"]):
        return []
    return _names_only(match["name"], site)


# The field after a date ("| Ann Lee", "- Ann Lee | 5 comments"): a mark, then text to the
# next mark or the line's end.
_FIELD_AFTER = re.compile(r"^(?:[|·•]|[-–—](?=\s))\s*(?P<field>[^|·•]+?)\s*(?:[|·•]|$)")


def _without_weekday(text: str) -> str:
    """`text` without the weekday closing it, which is the date's ("Ann Lee | Monday," before
    "March 3, 2008"); an abbreviated one only after a mark or alone ("Wei Sun" is a name)."""
    head, _, last = text.rpartition(" ")
    word = last.rstrip(".,").casefold()
    short = word in rules.WEEKDAY_ABBREVIATIONS and (not head or last[-1:] in ".,")
    if word in page_rules.WEEKDAYS or short:
        return _DATE_LEAD.sub("", head).strip(" |,;-–—·•")
    return text


# Marks setting the fields of a post's line apart ("Ann Lee | March 3, 2012 | 5 comments").
_FIELD_MARKS = ("|", "·", "•")
# What may stand between the name and the date: "|", "Le", an avatar's initials.
_MAX_SKIPPED = 3
# A date's preposition closing the text before the date: in any case where it opens the date's
# part of the line ("Ann Lee | Le 3 mars"), in lower case only after a name ("Thanh Le 3 mars
# 2012" is the writer's whole name).
_PREPOSITIONS = "|".join(rules.DATE_PREPOSITIONS)
_DATE_LEAD = re.compile(
    rf"(?:(?:^|(?<=[|,;·•–—-]))\s*(?i:{_PREPOSITIONS})|\s+(?:{_PREPOSITIONS}))\s*$"
)


# The date's own label ("Published:", "Posted on", "Veröffentlicht am"): a line saying the
# date and no more, the writer's line above it.
_LABELS = (*date_rules.PUBLISHED_LABELS, *date_rules.MODIFIED_LABELS)
_DATE_LABELS = "|".join(
    re.escape(w)
    # With its preposition and without: _DATE_LEAD has cut it ("Publié le 3 mars").
    for w in sorted({*_LABELS, *(w.rsplit(" ", 1)[0] for w in _LABELS)}, key=len, reverse=True)
)
_DATE_LABEL = re.compile(rf"(?i:{_DATE_LABELS})(?:\s+(?i:{_PREPOSITIONS}))?\s*:?")


def _authors_at(
    c: Collector, names: list[str], node: Tag, headline: Tag
) -> tuple[list[Author], Tag] | None:
    if not names or not all(_a_persons(n) for n in names):
        return None
    if _in_heading(node) or _elsewhere(node, c) or _menu_item(node, c.doc):
        return None
    link = _link_around(node)
    if link is not None and taxonomy_link(link):
        return None  # "Middle East" linked to its category's page: a section's label
    if _common_words(names, c.doc):
        return None
    # A name the <title> gives beside the headline is the site's or the section's ("... -
    # Handball Schweiz"); one the headline holds is the story's subject or its series.
    pieces = title_pieces(c.found.title)
    told = title_key(node_text(headline))
    if any(title_key(n) in pieces or title_key(n) in told for n in names):
        return None
    return [Author(name=n, url=_link_of(node, c.doc)) for n in names], node


def _a_persons(name: str) -> bool:
    """Whether a name on a line no word marks as a byline reads as a person's: not a place
    ("New York"), not an outlet or a desk ("Local News"), not a pair of words joined by "&"
    ("Reise & Lebensart", a section; two writers are two full names)."""
    return "&" not in name and not place_or_outlet(name.casefold())


def _common_words(names: list[str], doc: Document) -> bool:
    """Whether every word of one of the names (particles aside) is one the page writes in
    lower case elsewhere, addresses aside: "Real Estate" over the date of a story on real
    estate is a phrase of common words; a person's name is not written in lower case. The
    page's text is read once, for the first name with words to look up."""
    lower: set[str] | None = None
    for name in names:
        words = [
            w for w in _LINE_WORD.findall(name) if len(w) > 1 and w.casefold() not in PARTICLES
        ]
        if not words:
            continue
        if lower is None:
            text = _ADDRESS.sub(" ", doc.soup.get_text(" "))
            lower = {w for w in _LINE_WORD.findall(text) if w.islower()}
        if all(w.casefold() in lower for w in words):
            return True
    return False


_ADDRESS = re.compile(rf"\S+@\S+|{URL.pattern}", re.IGNORECASE)


def _menu_item(node: Tag, doc: Document) -> bool:
    """Whether the line's words are also a link of a menu elsewhere on the page (a list of
    three or more links): a section's label shown over the date, not a writer."""
    key = node_text(node).casefold()
    for link in doc.soup.find_all("a"):
        if node_text(link).casefold() != key:
            continue
        if link is node or any(p is node for p in link.parents):
            continue  # the line's own link, or one inside it
        if any(p is link for p in node.parents):
            continue  # the link around the line
        item = link.find_parent("li")
        box = item.parent if item is not None else link.parent
        if box is not None and len(box.find_all("a", limit=3)) >= 3:
            return True
    return False


def _names_only(text: str, site: str | None) -> list[str]:
    """The full names of a line that holds nothing else (joining words aside); a line ending
    in a colon is the date's label ("For Immediate Release:")."""
    if text.rstrip().endswith((":", "：")):
        return []
    names = _capitalised(split_byline(text, site, strict=True))
    if not names or len(names) > 3 or not all(2 <= len(n.split()) <= 4 for n in names):
        return []
    own = {w.casefold() for n in names for w in _LINE_WORD.findall(n)}
    # What a byline gives beside a name and no more: a wire agency in parentheses ("Ann Lee
    # (AP)"; "Joe Biden / AFP" is a picture's credit), a credential ("Ann Lee, M.D."), the
    # writer's address or handle ("Ann Lee ann@courier.example", "Ann Lee @annlee").
    shown = _HANDLE.sub(" ", EMAIL.sub(" ", _AGENCY_CREDIT.sub(" ", strip_prefix(text))))
    rest = {w.casefold() for w in _LINE_WORD.findall(shown)} - own - rules.JOINING_WORDS
    return [] if rest - _CREDENTIALS else names


# The writer's handle beside the name ("Ann Lee @annlee", "Ann Lee (@annlee)").
_HANDLE = re.compile(r"\(?(?<![\w@])@\w[\w.]*\)?")
_CREDENTIALS = frozenset(
    {c.strip(".") for c in rules.CREDENTIALS} | {c.replace(".", "") for c in rules.CREDENTIALS}
)
_AGENCY_CREDIT = re.compile(
    r"\(\s*(?:"
    + "|".join(sorted(map(re.escape, rules.WIRE_AGENCIES), key=len, reverse=True))
    + r")\s*\)",
    re.IGNORECASE,
)


_LABEL_WORDS = frozenset(rules.AUTHOR_LABELS)


def _bare_label(prefix: str) -> bool:
    """A byline's label word ("Text", "Autor") with no colon after it: a word that opens a
    menu's line as often ("Text Size", "Author Tools")."""
    return ":" not in prefix and normalise(prefix).casefold() in _LABEL_WORDS


# "Ann Lee, Staff Writer", "Bo Chen | Correspondent": a writer's name, then a newsroom's role.
_NAME_ROLE = re.compile(r"(?P<name>[^,|]{3,60}?)(?:\s*[,|]\s*|\s+[-–—]\s+)(?P<role>[^,|]{3,40})")


def _with_role(text: str, site: str | None) -> list[str]:
    """The full names of a line that is a name and a role only: no byline word needed, the
    role says what the name is (a quoted "Ann Lee, a teacher" is a sentence going on)."""
    match = _NAME_ROLE.fullmatch(text)
    if match is None or not _writer_role(match["role"].strip(" .")):
        return []
    names = _capitalised(split_byline(match["name"], site, strict=True))
    if not names or len(names) > 3 or not all(" " in n for n in names):
        return []
    return names


def _own_line(text: str, node: Tag) -> bool:
    """Whether `text` is the whole of its line and no link's (a link "Saving Cash by Using
    Less Cache" in a sentence, a blogroll's "Journal von Ann Lee" name a work or a site)."""
    if _link_around(node) is not None:
        return False
    return normalise(node_text(line_block(node))) == text


def _link_around(node: Tag) -> Tag | None:
    """The link `node` is or stands in."""
    return node if node.name == "a" else node.find_parent("a")


def _writer_role(role: str) -> bool:
    """A newsroom's role ("Staff Writer"), a desk's or the paper's name before it in capitals
    ("Courier Staff Writer", "Health Reporter")."""
    words = role.split()
    for n in range(1, min(3, len(words)) + 1):
        if " ".join(words[-n:]).casefold() in rules.WRITER_ROLES:
            return len(words) - n <= 2 and all(w[:1].isupper() for w in words[:-n])
    return False


def _same_block(one: Tag, other: Tag) -> bool:
    return line_block(one) is line_block(other)


def _label_box(label: Tag, name: Tag) -> Tag:
    """The element to keep out of the body for a byline whose label and name stand in
    blocks of their own ("<dt>Author:</dt><dd>Ann Lee</dd>"): the small box holding both (a
    list of the story's fields), else the label's."""
    if line_block(label) is line_block(name):
        return label
    holders = {id(a) for a in name.parents}
    box = next((a for a in label.parents if id(a) in holders), None)
    if box is None or len(node_text(box)) > rules.MAX_BYLINE_CHARS:
        return label
    return box


def _in_heading(node: Tag) -> bool:
    """`node` is a heading or an inline element of one (`<h1><span>...</span></h1>`)."""
    for _ in range(rules.MAX_LINK_WRAPPERS):
        if node.name in rules.TITLE_HEADINGS:
            return True
        if node.name not in INLINE_TAGS or node.parent is None:
            return False
        node = node.parent
    return False


def _capitalised(names: list[str]) -> list[str]:
    """Names as prose writes them: outside a marked byline, "by" + a lower-case word is prose.
    A wire agency's code is written as the agency writes it ("Von Ann Lee, dpa")."""
    return (
        names
        if all(n[:1].isupper() or n[:1].isdigit() or is_organisation_byline(n) for n in names)
        else []
    )


def _link_of(node: Tag, doc: Document) -> str | None:
    if node.name != "a":
        return None
    href = node.get("href")
    return absolute_url(href, doc) if isinstance(href, str) else None


# A clock closing a line after the word that puts it after a name ("... at 8:42 PM").
_CLOCK_END = re.compile(
    r"\s(?:"
    + "|".join(rules.CLOCK_PREPOSITIONS)
    + r")\s+\d{1,2}:\d{2}(?:\s*(?:[ap]\.?m\.?|uhr|h))?"
    r"\W*$",
    re.IGNORECASE,
)


def dateline_anywhere(c: Collector, site: str | None) -> tuple[list[Author], Tag] | None:
    """A line of its own holding a date and a name after a byline word, wherever the article
    puts it, when nothing else names the writer: "Gespeichert von jdoe am 24. Juli 2017",
    "(last edited 2019-11-10 13:28 by AnnLee)", "Datum: 19.11.2021 Autor: Ann Lee". Two
    signals agree (the date, the byline word; or a writer's label and its colon opening the
    line, "Autor: Ann Lee" closing the story) and no class name is read. The same line in
    elements of one kind is a list (replies, teasers, a blog's other posts): none of it."""
    body = c.doc.soup.body
    if body is None:
        return None
    hits: list[tuple[Tag, list[str]]] = []
    labelled_hits: list[tuple[Tag, list[str]]] = []
    seen: set[int] = set()
    for string in body.strings:
        if len(string) > rules.MAX_BYLINE_CHARS or _FIRST_WORDS.isdisjoint(
            string.casefold().split()
        ):
            continue  # most strings: no word a byline starts with, no regex run
        if not _BYLINE_WORD_END.search(string):
            continue
        if string.parent is None:
            continue
        block = line_block(string.parent)
        if id(block) in seen or block.name in ("body", "script", "style"):
            continue
        seen.add(id(block))
        text = node_text(block)
        if len(text) > rules.MAX_BYLINE_CHARS:
            # A post's line set between its blocks with no block of its own ("<h2>..</h2>
            # <small>posted May 3 by Ann Lee</small> <div>story</div>"): the inline element
            # is the line.
            line = _line_between_blocks(string.parent, block)
            if line is not None and id(line) not in seen:
                seen.add(id(line))
                block, text = line, node_text(line)
        # "by Ann Lee in <a rel=category>News</a>, <a rel=category>Upcoming Games</a>" names
        # one writer.
        text = text_without(block, text, tag_links(block))
        spans = date_spans(text) if len(text) <= rules.MAX_BYLINE_CHARS else []
        # The name right after the byline word: "vom 12. März" dates, it names no one.
        said = next(
            (
                m
                for m in BYLINE_WORD.finditer(text)
                if not any(start - m.end() in (0, 1) for start, _end, _value in spans)
            ),
            None,
        )
        labelled = False
        if said is not None and not spans and said.start() == 0:
            # A field of a row of fields: "<li>Author: Ann Lee</li><li>Published: 3 May
            # 2019</li>", the writer's and the date's side by side.
            spans = _date_beside(block)
            # A line of its own under a writer's label, "Autor: Ann Lee" closing the story:
            # the label says what a date would.
            labelled = (
                not spans and AUTHOR_LABEL.match(text) is not None and not _in_fact_sheet(block)
            )
        # "Posted by Ann Lee at 8:42 PM": a blog's line under its post gives the time where
        # others give the date.
        clocked = (
            said is not None
            and not spans
            and not labelled
            and _CLOCK_END.search(text, said.end()) is not None
        )
        # "<p class=post-footer>Posted by Ann Lee | Permalink | Comments</p>": the post's own
        # footer, which its class names, says what a date would.
        footed = (
            said is not None
            and said.start() == 0
            and not (spans or labelled or clocked)
            and _in_own_footer(block)
        )
        if said is None or not (spans or labelled or clocked or footed):
            continue
        if any(mark in text.casefold() for mark in rules.COPYRIGHT_MARKS):
            continue  # "© 2019 by Ann Lee": the site's owner, not the article's writer
        if _elsewhere(block, c):
            continue
        names = split_byline(text[said.start() :], site, strict=True)
        # The first name right after the byline word: "vom 24. bis 27. Mai ... Weiterlesen"
        # names no one.
        if names and text[said.end() :].lstrip(" :").startswith(names[0]):
            (hits if spans or clocked else labelled_hits).append((block, names))
        if len(hits) >= rules.MAX_DATELINES or len(labelled_hits) >= rules.MAX_DATELINES:
            break
    # A dated line first; a labelled one only when no dated line names the writer.
    for found in (hits, labelled_hits):
        kinds = Counter(_kind(block) for block, _names in found)
        for block, names in found:
            if kinds[_kind(block)] == 1:
                return [Author(name=n) for n in names], block
    return None


def _in_own_footer(block: Tag) -> bool:
    """`block` is, or is in, the element a post's class names its own footer or meta line
    (`post-footer`, `entry-meta`), a few levels up at most."""
    for el in (block, *block.parents):
        if el.name in ("body", "html", "[document]"):
            return False
        if element_words(el) & page_rules.OWN_FOOTER_WORDS:
            return True
        if el is not block and el.name not in INLINE_TAGS:
            return False  # the footer is the line's own block or the one holding it
    return False


def taxonomy_link(link: Tag) -> bool:
    """A link to the page listing a tag's or a category's posts, by its rel or a folder of
    its path ("/tag/storm/", "/search/label/News", "/search.html?q=storm")."""
    if rels(link.get("rel")) & rules.TAXONOMY_RELS:
        return True
    path = str(link.get("href") or "").split("#", 1)[0].split("?", 1)[0]
    parts = path.split("://", 1)[-1].split("/")[1:]
    return any(part.rsplit(".", 1)[0].casefold() in rules.TAXONOMY_PATH_PARTS for part in parts)


def tag_links(node: Tag) -> list[Tag]:
    """The links to the tag and category pages inside `node`."""
    return [link for link in elements(node, "a", "href") if taxonomy_link(link)]


def text_without(node: Tag, text: str, left_out: list[Tag]) -> str:
    """`node`'s text (`text`) without the strings inside the elements `left_out`."""
    if not left_out:
        return text
    skip = {id(el) for el in left_out}
    kept = [
        str(string)
        for string in node.strings
        if not any(id(p) in skip for p in string.parents if p is not node)
    ]
    return normalise(" ".join(kept))


def _line_between_blocks(node: Tag, block: Tag) -> Tag | None:
    """The inline element holding `node` that is a child of `block` set between two of its
    blocks (or a line break, or its start or end), no text beside it: a line of its own."""
    line = child_within(node, block)
    if line is None:
        return None
    for forward in (False, True):
        beside = _shown_beside(line, forward)
        if beside is None or (isinstance(beside, Tag) and beside.name == "br"):
            continue
        if not isinstance(beside, Tag) or beside.name in INLINE_TAGS:
            return None
    return line


def _shown_beside(node: Tag, forward: bool) -> PageElement | None:
    """The first sibling after `node` (before it, unless `forward`) that shows something."""
    el = node.next_sibling if forward else node.previous_sibling
    while el is not None and _blank(el):
        el = el.next_sibling if forward else el.previous_sibling
    return el


def _blank(el: PageElement) -> bool:
    if isinstance(el, Tag):
        return el.name in ("script", "style", "noscript") or (
            el.name != "br" and el.name in INLINE_TAGS and not el.get_text().strip()
        )
    return not str(el).strip() or isinstance(el, Comment)


# "Titel: ...", "Seiten: 400": a field of a fact sheet, a label of a few words and its colon.
_FIELD = re.compile(r"^[^\W\d][\w .'/-]{0,24}:\s*\S")


def _fields_beside(block: Tag) -> Iterator[str]:
    """The text of the element just before `block` and of the one just after it, each when
    it is of `block`'s tag: the fields beside it in a row of fields."""
    for sibling in (block.find_previous_sibling(True), block.find_next_sibling(True)):
        if isinstance(sibling, Tag) and sibling.name == block.name:
            yield node_text(sibling)


def _in_fact_sheet(block: Tag) -> bool:
    """`block` is a field of a fact sheet: the element next to it, of its tag, is another
    labelled field that is no credit ("Titel: ...", "Verlag: ..." around "Autorin: Ann
    Lee": a reviewed book's facts name its author, not the review's). A credit beside it
    ("Fotos: ...", "Quelle: ...") leaves a writer's line."""
    return any(_FIELD.match(text) and not OTHER_LABEL.match(text) for text in _fields_beside(block))


def _date_beside(block: Tag) -> list[tuple[int, int, When]]:
    """The date spans of the element next to `block`, before or after it, when that element is
    a line of the same kind holding a date: the field beside a writer's field."""
    for text in _fields_beside(block):
        if len(text) <= rules.MAX_BYLINE_CHARS:
            spans = date_spans(text)
            if spans:
                return spans
    return []


def _kind(node: Tag) -> tuple[str, ...]:
    """The tag names of an element and its two parents: elements of one kind in a list."""
    parent = node.parent
    grand = parent.parent if parent is not None else None
    return tuple(x.name if x is not None else "" for x in (node, parent, grand))


def quoted(node: Tag) -> bool:
    """Inside a quotation or a caption: the person quoted or pictured, not the writer."""
    for el in (node, *node.parents):
        if el.name in rules.QUOTE_TAGS:
            return True
        cls = el.attrs.get("class") if el.attrs else None
        if cls is not None and class_words(cls) & rules.QUOTE_WORDS:
            return True
    return False


def _elsewhere(node: Tag, c: Collector) -> bool:
    """Outside the article's boxes, hidden, quoted or in a teaser: a line there names no
    writer of this story."""
    return is_foreign(node, c.safe) or hidden(node) or quoted(node) or in_teaser(node)


def in_teaser(node: Tag) -> bool:
    """In an <article> that sits in an <aside> or <nav>: a card linking to another story, whose
    byline is that story's."""
    in_article = False
    for el in node.parents:
        name = el.name
        if name == "article":
            in_article = True
        elif in_article and name in rules.TEASER_HOLDERS:
            return True
    return False


def hidden(node: Tag) -> bool:
    """Inside an element the browser does not show (style display:none, the hidden attribute)."""
    for el in (node, *node.parents):
        attrs = el.attrs
        if attrs is None:
            continue
        if "hidden" in attrs or HIDDEN_STYLE.search(str(attrs.get("style") or "")):
            return True
    return False


__all__ = [
    "BYLINE_END",
    "BYLINE_START",
    "BYLINE_WORD",
    "dateline_anywhere",
    "hidden",
    "in_teaser",
    "name_before_date",
    "quoted",
    "text_byline",
    "text_byline_in_place",
]
