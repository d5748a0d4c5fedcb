"""The publication and modification dates: candidates from JSON-LD, meta, <time>, datelines,
the URL and the text near the headline, voted on (weights in date_rules). Date strings -> values
is datetext.py.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any
from urllib.parse import urlsplit

from bs4 import Tag
from bs4.element import NavigableString, PageElement
from dateutil.tz import gettz

from archiver.parse import date_rules as rules
from archiver.parse import site_rules
from archiver.parse.candidates import (
    SPACE,
    Candidate,
    Collector,
    class_words,
    element_words,
    first_meta,
    in_comments,
    is_foreign,
    jsonld_strings,
    node_text,
    original_url,
)
from archiver.parse.datetext import (
    Order,
    When,
    as_date,
    copyright_year,
    date_spans,
    is_future,
    parse_machine_date,
    parse_text_date,
    url_date,
    yearless_dateline,
    yearless_header,
)
from archiver.parse.dom import INLINE_TAGS, line_block

_NOT_PUBLICATION_LABEL = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(w) for w in (*rules.GENERATION_LABELS, *rules.OTHER_EVENT_LABELS))
    + r")"
    r"(?:\s+(?:at|on|am|le|el))?\s*:?\s*$",
    re.IGNORECASE,
)

# The detail of a date read from the page's text where nothing else dates it.
FIRST_DATE = "first date on the page"


_MODIFIED_LABEL = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(w) for w in rules.MODIFIED_LABELS) + r")"
    r"(?:\s+(?:at|on|am|le|el|il|em|op))?\s*:?\s*$",
    re.IGNORECASE,
)


def written_spans(text: str, mdy: Order) -> list[tuple[int, int, When]]:
    """The dates written in `text` as (start, end, value) (as date_spans), less those
    labelled as the time the page was made or fetched ("Rendered 2026-12-02T01:29Z"): a
    page's clock is no publication date, however close to the headline it is shown."""
    return [
        (start, end, value)
        for start, end, value in date_spans(text, mdy)
        if not _NOT_PUBLICATION_LABEL.search(text, max(0, start - 40), start)
    ]


def written_dates(text: str, mdy: Order) -> list[tuple[int, When]]:
    """The dates of written_spans, with where each starts."""
    return [(start, value) for start, _end, value in written_spans(text, mdy)]


def _after_clock_label(node: PageElement) -> bool:
    """Whether the text just before `node` labels it as the page's clock ("Rendered
    <time>...</time>") or another event's date ("<b>Registriert:</b> 18.09.2008"), looking
    up through the elements `node` opens (at most two)."""
    for _ in range(3):
        before = node.previous_sibling
        while isinstance(before, str) and not before.strip():
            before = before.previous_sibling
        if before is not None:
            if isinstance(before, Tag):
                # A label set in its own small inline element (<strong>, <span>, <dt>).
                if before.name not in rules.LABEL_TAGS:
                    return False
                label = before.get_text()
                return len(label) < 60 and _NOT_PUBLICATION_LABEL.search(label) is not None
            return _NOT_PUBLICATION_LABEL.search(str(before)[-40:]) is not None
        if node.parent is None:
            return False
        node = node.parent
    return False


def _in_code(string: PageElement) -> bool:
    """Whether `string` is shown as code (a listing, a command, its output)."""
    return string.find_parent(rules.CODE_TAGS) is not None


def _first_written_date(text: str, mdy: Order) -> When | None:
    """The first date in `text` not labelled as an update, else the first: "Updated: March
    5, 2008 - Posted: March 3, 2008" was published on the 3rd, but a page that shows only
    "Updated March 12, 2020" is dated so by its readers."""
    found = written_dates(text, mdy)
    for start, value in found:
        if not _MODIFIED_LABEL.search(text, max(0, start - 40), start):
            return value
    return found[0][1] if found else None


def _text_dates(c: Collector, mdy: Order, start: Tag | None, lines_only: bool = False) -> None:
    """A date written in the text right after (or just before) the headline; with
    `lines_only`, only one on a line of its own."""
    if start is None:
        return
    for direction, elements in (
        ("after", start.next_elements),
        ("before", start.previous_elements),
    ):
        budget = rules.TEXT_DATE_CHARS if direction == "after" else rules.TEXT_DATE_CHARS // 4
        prose = 0
        for el in elements:
            if budget <= 0 or prose >= rules.STORY_PROSE_CHARS:
                break
            if isinstance(el, Tag) or not isinstance(el, str):
                continue
            text = str(el)
            budget -= len(text)
            if direction == "after" and len(text) > rules.DATE_LINE_CHARS:
                # The story's paragraphs, counted string by string as the walk meets them
                # (no block is asked, see density.prose_of): a date line past them is a
                # reader's comment's or the next post's, not the headline's.
                prose += len(text)
            if not any(ch.isdigit() for ch in text):
                continue
            if _after_clock_label(el) or _in_code(el):
                continue
            # A line of its own (a dateline, "Updated June 13, 2019") is the page's date as a
            # dated element is, whatever its class; its parts may be set apart ("<b>12</b>
            # <span>Jul 2012</span>"). A date in a sentence of the story is an event it tells
            # of, and counts as text.
            line = _line_text(el)
            if line is None and lines_only:
                continue
            value = _first_written_date(line if line is not None else text, mdy)
            parent = el.parent
            if parent is None or value is None:
                continue
            # A date line met before any of the story's prose, in a block of no more than a
            # line beside the headline (its container's child), is the story's own meta row,
            # whatever its name sets it apart as ("footer" of the story's head, "share").
            own_row = direction == "after" and not prose and line is not None
            if not is_foreign(parent, c.safe) or (own_row and _headline_row(parent, c.safe)):
                source = "byline" if line is not None else "text"
                kind = "date line" if line is not None else "date"
                c.add("published", value, source, f"{kind} {direction} the headline", parent)
                break


def _headline_row(node: Tag, safe: frozenset[int]) -> bool:
    """`node` lies in a child of one of the headline's containers that holds no more text than
    a line and is followed there by the story's prose: a row of the story's head, not the
    footer closing it, a sidebar or a list of other stories."""
    row = node
    while row.parent is not None and id(row.parent) not in safe:
        row = row.parent
    if row.parent is None or len(node_text(row)) > rules.DATE_LINE_CHARS:
        return False
    for sibling in row.next_siblings:
        strings = sibling.stripped_strings if isinstance(sibling, Tag) else [str(sibling)]
        if any(len(s) > rules.DATE_LINE_CHARS for s in strings):
            return True
    return False


def _line_text(string: PageElement) -> str | None:
    """The text of the line holding `string` (its block's text between breaks: <br>, the
    start or end of a block), if the line is short: a line of its own, not prose."""
    parent = string.parent
    if parent is None:
        return None
    block = line_block(parent)
    parts = [[string.get_text()], []]
    size = len(parts[0][0].strip())
    for side, elements in ((1, string.previous_elements), (0, string.next_elements)):
        for el in elements:
            if size > rules.DATE_LINE_CHARS:
                return None
            if isinstance(el, Tag):
                if el.name == "br" or el is block or el.name not in INLINE_TAGS:
                    break
            elif type(el) is NavigableString:
                if el.parent is None or line_block(el.parent) is not block:
                    break
                parts[side].append(str(el))
                size += len(el.strip())
    if size > rules.DATE_LINE_CHARS:
        return None
    return SPACE.sub(" ", " ".join([*reversed(parts[1]), *parts[0]])).strip()


def _date_candidates(c: Collector, month_first: bool, start: Tag | None = None) -> None:
    obj = c.jsonld
    if obj is not None:
        for prop, field_name in (
            ("datePublished", "published"),
            ("dateCreated", "published"),
            ("uploadDate", "published"),
            ("dateModified", "modified"),
        ):
            for s in jsonld_strings(obj.get(prop), c.ids)[:1]:
                value = parse_machine_date(s)
                if value is not None:
                    detail = f"{c.jsonld_type}.{prop}"
                    c.add(field_name, value, "json-ld", detail)
    meta = c.found.meta
    for keys, field_name in (
        (rules.META_PUBLISHED, "published"),
        (rules.META_MODIFIED, "modified"),
    ):
        for key in keys:
            for s in meta.get(key, [])[:1]:
                value = parse_machine_date(s)
                if value is not None:
                    c.add(field_name, value, "meta", key)
    parts = url_date(original_url(c.doc.url))
    # The years and months the page gives machines settle its numeric dates' order.
    dated = [as_date(x.value) for x in c.candidates if x.field in ("published", "modified")]
    months = {(d.year, d.month) for d in dated}
    if parts:
        months.add(parts[:2])
    mdy = Order(month_first, frozenset(months))
    # Page elements outside the article's container (a sidebar, a profile box, the footer)
    # speak for the article only when nothing inside it gives a date.
    outside: list[tuple[str, str, Tag, int]] = []
    for order, prop, node in c.found.itemprops:
        if prop not in ("datepublished", "datemodified", "datecreated") or node.name == "meta":
            continue
        field_name = "modified" if prop == "datemodified" else "published"
        if is_foreign(node, c.safe):
            outside.append((field_name, f"itemprop={prop}", node, order))
            continue
        value = _element_date(node, mdy)
        if value is not None:
            c.add(field_name, value, "time", f"itemprop={prop}", node, order)
    for order, node in c.found.times:
        words = class_words(node.get("class") or "")
        field_name = "modified" if words & rules.MODIFIED_WORDS else "published"
        if is_foreign(node, c.safe):
            outside.append((field_name, "<time>", node, order))
            continue
        value = _element_date(node, mdy)
        if value is not None:
            c.add(field_name, value, "time", "<time>", node, order)
    count = 0
    for order, node in c.found.datelines:
        if count >= 8:
            break
        if node.name in ("time", "body", "html", "article", "main"):
            continue
        words = element_words(node)
        text = node_text(node)
        if not text or len(text) > 200 or is_foreign(node, c.safe) or _after_clock_label(node):
            continue
        value = _first_written_date(text, mdy) or _in_url_month(text, parts)
        if value is None:
            continue
        value = _with_titled_time(node, value)
        count += 1
        field_name = "modified" if words & rules.MODIFIED_WORDS else "published"
        c.add(field_name, value, "byline", "dateline", node, order)
    if parts and parts[2] is not None:
        with contextlib.suppress(ValueError):
            c.add("published", date(parts[0], parts[1], parts[2]), "url", "path")
    if outside and not any(x.source != "url" for x in c.of("published")):
        _outside_dates(c, outside, mdy)
    # A list of times (readers' comments, other posts) dates none of them as this page: the
    # date line near the headline is still looked for (but not a date in its prose, which
    # would outweigh the listed dates the vote halves).
    shown = {as_date(x.value) for x in c.of("published") if x.source in ("byline", "time")}
    if not shown or len(shown) >= rules.LISTING_DISTINCT_DATES:
        _text_dates(c, mdy, start, lines_only=bool(shown))
    if not any(x.source != "url" for x in c.of("published")):
        _last_resort_dates(c, mdy)


def _in_url_month(text: str, parts: tuple[int, int, int | None] | None) -> When | None:
    """A dated element showing only a month and day ("Sunday, September 9", a blog's date
    header), dated in the year of the URL where the URL gives that same month."""
    shown = yearless_header(text) if parts else None
    if parts is None or shown is None or shown[0] != parts[1]:
        return None
    try:
        return date(parts[0], *shown)
    except ValueError:
        return None


def _element_date(node: Tag, mdy: Order) -> When | None:
    """The date of a <time> or an itemprop=date* element: its machine value, else its text;
    none for one labelled as the page's clock."""
    if _after_clock_label(node):
        return None
    raw = node.get("content") or node.get("datetime") or node.get("title")
    value = parse_machine_date(raw) if isinstance(raw, str) else None
    return value if value is not None else _first_written_date(node_text(node), mdy)


def _with_titled_time(node: Tag, shown: When) -> When:
    """A dateline written as microformats' <abbr class="published" title="2023-03-21T22:20:00
    +00:00">Tue 21 March 2023</abbr> gives its time in the title: taken where it names the
    day shown."""
    if node.name != "abbr" or isinstance(shown, datetime):
        return shown
    title = node.get("title")
    value = parse_machine_date(title) if isinstance(title, str) else None
    if isinstance(value, datetime) and value.date() == shown:
        return value
    return shown


def _outside_dates(c: Collector, outside: list[tuple[str, str, Tag, int]], mdy: Order) -> None:
    """Dated elements outside the article's container, as candidates: unless they show several
    different dates (a list of posts, comments), which is nothing about the article."""
    found: list[Candidate] = []
    for field_name, detail, node, order in outside:
        value = _element_date(node, mdy)
        if value is not None:
            found.append(
                Candidate(field_name, value, "time", f"{detail} outside the article", node, order)
            )
    if len({as_date(x.value) for x in found}) < rules.LISTING_DISTINCT_DATES:
        c.candidates.extend(found)


_PUBLISHED_LABEL = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(w) for w in rules.PUBLISHED_LABELS) + r")\s*:?\s*",
    re.IGNORECASE,
)


def _last_resort_dates(c: Collector, mdy: Order) -> None:
    """Where the page has no dated element: a date the page labels as its publication
    ("Erschienen am: 01.11.2023" in a footer), else one written in its description."""
    body = c.doc.soup.body
    text = SPACE.sub(" ", body.get_text(" ")) if body is not None else ""
    for match in _PUBLISHED_LABEL.finditer(text):
        found = written_dates(text[match.end() : match.end() + 40], mdy)
        if found and found[0][0] == 0:
            c.add("published", found[0][1], "text", "labelled date")
            return
    hit = first_meta(c.found.meta, site_rules.META_DESCRIPTION)
    value = parse_text_date(hit[0], mdy) if hit else None
    if hit and value is not None:
        c.add("published", value, "text", f"date in {hit[1]}")
        return
    if c.of("published"):
        return
    # Nothing else at all: the first full date the page shows (a news list's entry for this
    # story, a "built on" stamp), not one in the future nor in the readers' comments.
    budget = rules.PAGE_TEXT_CHARS
    dateline: tuple[int, int] | None = None
    for string in body.strings if body is not None else ():
        budget -= len(string)
        if budget < 0:
            break
        if not any(ch.isdigit() for ch in string):
            continue
        if _after_clock_label(string) or _in_code(string):
            continue
        for start, end, value in written_spans(string, mdy):
            if _in_prose(string, start, end):
                continue
            if not is_future(value, c.now) and not in_comments(string.parent):
                c.add("published", value, "text", FIRST_DATE, string.parent)
                return
        dateline = dateline or yearless_dateline(string)
    if dateline is not None:
        _dateline_date(c, dateline, text)


# A date this far into a long piece of text, and as far from its end, is a sentence's.
_PROSE_CHARS = 120
_PROSE_EDGE = 30


# After a header's date: a mark, a clock, the byline's word ("March 3, 2008 by Ann Lee").
_SENTENCE_GOES_ON = re.compile(r",?\s+(?!(?:by|at|um|à|von|par|por|door|av|de)\b)[^\W\d_A-Z]")


def _in_prose(string: str, start: int, end: int) -> bool:
    """Whether the date at `start`..`end` stands inside a sentence of the story ("the council
    first met on March 3, 2008, and ...", "On March 3, 2008 the council ..."): history the
    story tells, not the day it was published. A dateline or a header opens its text or
    ends it, a mark or a name after it."""
    before, after = len(" ".join(string[:start].split())), len(" ".join(string[end:].split()))
    if before + after + end - start <= _PROSE_CHARS:
        return False
    middle = before > _PROSE_EDGE and after > _PROSE_EDGE
    return middle or _SENTENCE_GOES_ON.match(string, end) is not None


def _dateline_date(c: Collector, dateline: tuple[int, int], text: str) -> None:
    """An agency's dateline without a year ("NEW YORK, March 3 (Reuters) -") dated in the
    year of the page's copyright notice, the only year such a page gives; none without one."""
    year = copyright_year(text)
    if year is None:
        return
    with contextlib.suppress(ValueError):
        value = date(year, *dateline)
        if not is_future(value, c.now):
            c.add("published", value, "text", "dateline without a year")


def _precision(value: When) -> int:
    if isinstance(value, datetime):
        return 2 if value.tzinfo is not None else 1
    return 0


def _best_per_source(
    cands: list[Candidate], headline_order: int, url_month: tuple[int, int] | None = None
) -> list[Candidate]:
    """The first candidate of each source: meta and JSON-LD in rule order; page elements
    marked itemprop=datePublished first, then one in the month the URL names (/2017/09/: a
    blog's date header, not the release date of the book it reviews), then the one closest
    to the headline."""

    def rank(cand: Candidate) -> tuple[int, int, int]:
        marked = 0 if cand.detail.startswith("itemprop") else 1
        day = as_date(cand.value)
        off_month = int(url_month is not None and (day.year, day.month) != url_month)
        if cand.order < 0 or headline_order < 0:
            return marked, off_month, 0
        return marked, off_month, abs(cand.order - headline_order)

    best: dict[str, Candidate] = {}
    for cand in cands:
        held = best.get(cand.source)
        if held is None or rank(cand) < rank(held):
            best[cand.source] = cand
    return list(best.values())


def _vote(
    c: Collector, field_name: str, headline_order: int, helpers: Iterable[Candidate] = ()
) -> Candidate | None:
    """The date most sources agree on (weights in rules), and its most precise candidate."""
    cands = [x for x in c.of(field_name) if not is_future(x.value, c.now)]
    if not cands:
        return None
    # Many different dates in one kind of page element: a list of posts, not the article's.
    listed = {
        source
        for source in ("time", "byline")
        if len({as_date(x.value) for x in cands if x.source == source})
        >= rules.LISTING_DISTINCT_DATES
    }
    votes: dict[date, float] = {}
    parts = url_date(original_url(c.doc.url))
    url_month = parts[:2] if parts else None
    best = _best_per_source(cands, headline_order, url_month)
    # The page's own date line by its headline, found by its place (not an element a date
    # class names, which may be another story's in a list beside it).
    shown = next(
        (x for x in best if x.source == "byline" and x.detail.endswith("the headline")), None
    )
    for cand in [*best, *helpers]:
        weight = rules.DATE_SOURCE_WEIGHTS.get(cand.source, 0.5)
        if cand.source == "url" and shown is not None and as_date(shown.value) > cand.value:
            # The address was made on its day; the later date the page shows by its
            # headline is the story's as its readers see it (republished, updated).
            continue
        if cand.source == "meta" and cand.detail in rules.META_GENERIC_DATES:
            weight = rules.GENERIC_META_DATE_WEIGHT
        if cand.field != field_name:
            weight *= rules.DATE_OTHER_FIELD_WEIGHT
        if cand.source in listed and not cand.detail.startswith("itemprop"):
            weight *= rules.LISTING_WEIGHT
        key = as_date(cand.value)
        votes[key] = votes.get(key, 0.0) + weight
    rank = {s: i for i, s in enumerate(rules.DATE_SOURCE_WEIGHTS)}
    winner = max(
        votes,
        key=lambda d: (
            votes[d],
            -min(rank.get(x.source, 99) for x in cands if as_date(x.value) == d)
            if any(as_date(x.value) == d for x in cands)
            else -99,
        ),
    )
    agreeing = [x for x in cands if as_date(x.value) == winner]
    if not agreeing:
        return None
    prefer = {s: i for i, s in enumerate(rules.DATE_SOURCE_PREFERENCE)}
    return max(agreeing, key=lambda x: (_precision(x.value), -prefer.get(x.source, 99)))


def choose(
    c: Collector, mdy: bool, headline_order: int, start: Tag | None
) -> tuple[tuple[When, str] | None, tuple[When, str] | None, list[Tag]]:
    """The publication and modification dates; `start` is the headline's element (else the
    page's first heading, else the element showing the headline's text), or None."""
    _date_candidates(c, mdy, start)
    _to_local_time(c)
    published = _vote(c, "published", headline_order, _modified_helpers(c))
    modified = _vote(c, "modified", headline_order)
    if (
        published is not None
        and modified is not None
        and _compare(published.value, modified.value) > 0
    ):
        # Published after modified: the modified candidate is the one that cannot be right
        # (sites rewrite it on every template change); a later one may be.
        later = [
            x
            for x in c.of("modified")
            if _compare(published.value, x.value) <= 0 and not is_future(x.value, c.now)
        ]
        modified = later[0] if later else None
        c.notes.append("modified: dropped a candidate earlier than the publication")
    # The element a date was found in by reading the whole page's text may be a paragraph of
    # the story: no dateline to keep out of the body.
    nodes = [
        x.node
        for x in (published, modified)
        if x is not None and x.node is not None and x.detail != FIRST_DATE
    ]
    return (
        (published.value, published.source) if published else None,
        (modified.value, modified.source) if modified else None,
        nodes,
    )


def _to_local_time(c: Collector) -> None:
    """UTC instants written in the zone the page's other timestamps use: a story published at
    00:25 UTC in Buenos Aires is dated the day before by its readers, and at 23:10 UTC in
    Berlin the day after."""
    offsets: Counter[timedelta] = Counter()
    dated = [x for x in c.candidates if x.field in ("published", "modified")]
    for x in dated:
        offset = x.value.utcoffset() if isinstance(x.value, datetime) else None
        if offset:
            offsets[offset] += 1
    if not offsets:
        # The page shows the time of a UTC instant as its readers' clock does ("12:10" for
        # 11:10Z): the difference is the site's offset.
        instants = [x for x in dated if _is_utc(x.value)]
        for x in dated:
            if isinstance(x.value, datetime) and x.value.tzinfo is None and x.node is not None:
                for instant in instants:
                    offset = _clock_offset(x.value, instant.value)
                    if offset and instant.field == x.field:
                        offsets[offset] += 1
    local: tzinfo | None
    if offsets:
        local = timezone(offsets.most_common(1)[0][0])
    else:
        local = _country_zone(c.doc.url)
        if local is None:
            return
    for cand in c.candidates:
        value = cand.value
        if (
            cand.field in ("published", "modified")
            and isinstance(value, datetime)
            and value.tzinfo is not None
            and not value.utcoffset()
        ):
            shifted = value.astimezone(local)
            # A fixed offset, like the ones pages write, whatever zone object found it.
            cand.value = shifted.replace(tzinfo=timezone(shifted.utcoffset() or timedelta(0)))


def _country_zone(url: str | None) -> tzinfo | None:
    """The time zone of the site's country-code domain, where that country keeps one."""
    host = urlsplit(original_url(url) or "").hostname or ""
    name = rules.COUNTRY_ZONES.get(host.rsplit(".", 1)[-1])
    return gettz(name) if name else None


def _is_utc(value: Any) -> bool:
    return isinstance(value, datetime) and value.tzinfo is not None and not value.utcoffset()


def _clock_offset(shown: datetime, instant: datetime) -> timedelta | None:
    """The zone offset that makes `instant` read as `shown`, if one does (whole quarter
    hours, within 14 hours, to the minute)."""
    delta = shown - instant.replace(tzinfo=None)
    quarters = round(delta / timedelta(minutes=15))
    offset = quarters * timedelta(minutes=15)
    if abs(delta - offset) >= timedelta(minutes=1) or abs(offset) > timedelta(hours=14):
        return None
    return offset or None


def _modified_helpers(c: Collector) -> list[Candidate]:
    """The best modified candidate joins the published vote with a small weight: a page that
    shows its update date as its date is read that way by its readers."""
    mods = [x for x in c.of("modified") if not is_future(x.value, c.now)]
    return mods[:1]


def _compare(a: When, b: When) -> int:
    """-1, 0, 1 comparing two dates or datetimes (by date when either lacks a zone)."""
    if isinstance(a, datetime) and isinstance(b, datetime) and a.tzinfo and b.tzinfo:
        return (a > b) - (a < b)
    da, db = as_date(a), as_date(b)
    return (da > db) - (da < db)


# date_spans is read from here by the body extractor too (a dateline it leaves out).
__all__ = ["choose", "date_spans"]
