"""Date strings as pages write them -> datetime (keeping the page's own UTC offset) or date.

Machine dates (ISO 8601, RFC 2822, compact) and human ones in many languages (month names from
metadata_rules), numeric day/month order by locale, and dates in URL paths.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_tz
from typing import NamedTuple

from archiver.parse.date_rules import (
    LOCAL_MIDNIGHT_UTC_HOUR,
    MODIFIED_LABELS,
    MONTH_FIRST_LOCALES,
    PUBLISHED_LABELS,
)
from archiver.parse.metadata_rules import MONTHS, WEEKDAY_NUMBERS, WEEKDAYS

When = datetime | date


class Order(NamedTuple):
    """How a page writes numeric dates: month first (its locale, en-US), and the years and
    months its dates for machines give (URL, meta, JSON-LD), which settle an ambiguous one:
    03/04/2008 on a page whose URL says /2008/03/ is March 4, whatever the locale."""

    month_first: bool = False
    months: frozenset[tuple[int, int]] = frozenset()


# Pages are younger than the web; earlier years in text are history, not publication dates.
MIN_YEAR = 1994

_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?)?(?!\d)",
    re.IGNORECASE,
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(Z|[+-]\d{4})?$")
_YMD = re.compile(r"(?<![\d.])(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?![\d])")
_NUMERIC = re.compile(r"(?<![\d./-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d])")
# "26 | 01 | 2022", "26 / 01 / 2022", "26|01|2022": spaced out or parted by bars, a
# four-digit year only.
_NUMERIC_SPACED = re.compile(
    r"(?<![\d./|-])(\d{1,2})\s*([./|-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d])"
)
# A date's label closing the text before a date ("Posted 03/03/08", "Updated: 3/4/08"): a
# slashed date with a two-digit year is a date after it.
_LABEL_BEFORE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(sorted(map(re.escape, (*PUBLISHED_LABELS, *MODIFIED_LABELS)), key=len, reverse=True))
    + r")(?:\s+(?:on|am|le|el|em|il|op))?\s*:?\s*$",
    re.IGNORECASE,
)
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er|º|°|\.)?"
# The year in four digits, or two after an apostrophe ("Aug 8 '12").
_YEAR = r"(\d{4}|['’]\d{2})"
_TEXT_DMY = re.compile(
    rf"(?<![\w.]){_DAY}\s*(?:de\s+|of\s+)?({_MONTH_ALT})\.?,?\s*(?:de\s+|del\s+)?{_YEAR}(?!\d)",
    re.IGNORECASE,
)
_TEXT_MDY = re.compile(
    rf"(?<!\w)({_MONTH_ALT})\.?\s+{_DAY},?\s+{_YEAR}(?!\d)",
    re.IGNORECASE,
)
_TEXT_YMD = re.compile(rf"(?<!\d)(\d{{4}})\.?\s+({_MONTH_ALT})\.?\s+(\d{{1,2}})\.?(?!\d)", re.I)
# "03-Mar-2008", "3-Mar-08", "03/Mar/2008", "03.Mär.19": the month's name makes a two-digit
# year safe.
_TEXT_DASHED = re.compile(
    rf"(?<![\w.-])(\d{{1,2}})([-/.])({_MONTH_ALT})\.?\2(\d{{4}}|\d{{2}})(?![\d-])", re.IGNORECASE
)
# The C library's form, which mail archives, logs and older tools print: "Mon Mar  3 10:15:01
# UTC 2008", "Mar 3 10:15:01 2008 +0000" (git's); the zone before or after the year.
_ASCTIME = re.compile(
    rf"(?<![\w.])({_MONTH_ALT})\.?\s+(\d{{1,2}})\s+(\d{{1,2}}):(\d{{2}})(?::(\d{{2}}))?"
    r"(?:\s+(UTC|GMT|[+-]\d{4}|[A-Z]{3,4}))?\s+(\d{4})(?:\s+(UTC|GMT|[+-]\d{4}))?(?!\d)",
    re.IGNORECASE,
)
_CJK = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
_TIME = re.compile(
    r"[\s,@|at-]*(?:um\s+|à\s+|a las\s+|alle\s+|om\s+|kl\.?\s+)?(\d{1,2})[:h.](\d{2})"
    r"(?::(\d{2}))?(?:\s*(am|pm|a\.m\.|p\.m\.))?(?!\d)",
    re.IGNORECASE,
)
_URL_DATE = re.compile(
    r"(?<![\d])((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?![\d])"
)
_URL_SLASHED = re.compile(
    r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])(?:/(0?[1-9]|[12]\d|3[01]))?(?:/|$|[._-])"
)
# A web address written out in the text ("https://example.com/2020/01/15/story"): the date in
# its path is another page's, not one the text writes.
_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def _offset(text: str | None) -> timezone | None:
    if not text:
        return None
    t = text.upper()
    if t in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if t[0] == "-" else 1
    digits = t[1:].replace(":", "")
    hours = int(digits[:2])
    minutes = int(digits[2:4] or 0) if len(digits) > 2 else 0
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _build(
    year: int,
    month: int,
    day: int,
    hour: int | None = None,
    minute: int | None = None,
    second: int | None = None,
    tz: timezone | None = None,
) -> When | None:
    if not MIN_YEAR <= year <= 2100:
        return None
    try:
        if hour is None:
            return date(year, month, day)
        return datetime(year, month, day, hour, minute or 0, second or 0, tzinfo=tz)
    except ValueError:
        return None


def _year(text: str) -> int:
    text = text.lstrip("'’")
    y = int(text)
    if len(text) == 2:
        y += 2000 if y < 70 else 1900
    return y


def _local_midnight(value: When | None, raw: str) -> When | None:
    """A UTC instant on the hour late in the day (`2022-11-06T23:00:00Z`) is how CMSs store a
    date entered without a time in a zone east of Greenwich: midnight of the next day there.
    The page's own date is that next day, which is what its readers see."""
    if (
        not isinstance(value, datetime)
        or value.tzinfo is not UTC
        or value.hour < LOCAL_MIDNIGHT_UTC_HOUR
        or value.minute
        or value.second
        or re.search(r"\.\d*[1-9]", raw)
    ):
        return value
    return value.date() + timedelta(days=1)


_CLOCK_12 = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*[ap]\.?m\b", re.IGNORECASE)
# The zone after the time: an offset, or a name.
_ZONE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:([+-]\d{4})\b|\(?([A-Za-z]{1,5})\b)")
# The zone names RFC 2822 gives (and UTC).
_RFC_ZONES = frozenset(
    {"UT", "UTC", "GMT", "Z", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT"}
)


def parse_machine_date(value: str) -> When | None:
    """A date written for machines (meta, JSON-LD, datetime=): ISO 8601, compact, RFC 2822."""
    s = value.strip()
    if not s or len(s) > 80:
        return None
    m = _ISO.search(s)
    if m and m.start() < 12:
        y, mo, d, hh, mm, ss, tz = m.groups()
        if hh is None:
            return _build(int(y), int(mo), int(d))
        if int(hh) > 23:
            return _build(int(y), int(mo), int(d))
        instant = _build(int(y), int(mo), int(d), int(hh), int(mm), int(ss or 0), _offset(tz))
        return _local_midnight(instant, m.group(0))
    m = _COMPACT.match(s)
    if m:
        y, mo, d, hh, mm, ss, tz = m.groups()
        if hh is None:
            return _build(int(y), int(mo), int(d))
        return _build(int(y), int(mo), int(d), int(hh), int(mm), int(ss or 0), _offset(tz))
    if ("," in s or re.search(r"[A-Za-z]{3} \d{1,2} \d{2}:\d{2}", s)) and not _CLOCK_12.search(s):
        # RFC 2822's parser reads any word after the time as a zone ("pm" as UTC) and no
        # zone as UTC: a 12-hour clock is left to the text parser, and a time without a zone
        # it knows stays local.
        parsed = parsedate_tz(s)
        if parsed is not None:
            y, mo, d, hh, mm, ss = parsed[:6]
            off = parsed[9]
            zone = _ZONE.search(s)
            if zone is None or (zone.group(1) is None and zone.group(2).upper() not in _RFC_ZONES):
                off = None
            tz = timezone(timedelta(seconds=off)) if off is not None else None
            if re.search(r"\d{1,2}:\d{2}", s):
                return _build(y, mo, d, hh, mm, ss, tz)
            return _build(y, mo, d)
    return parse_text_date(s)


def month_first(locale: str | None) -> bool:
    """Whether numeric dates in this locale put the month first (3/4/2024 = March 4)."""
    return bool(locale) and str(locale).lower().replace("_", "-").startswith(MONTH_FIRST_LOCALES)


def _with_time(d: date, text: str, end: int) -> tuple[When, int]:
    m = _TIME.match(text, end)
    if not m:
        return d, end
    hour, minute = int(m.group(1)), int(m.group(2))
    suffix = (m.group(4) or "").lower().replace(".", "")
    if suffix == "pm" and hour < 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    second = int(m.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        return d, end
    return datetime(d.year, d.month, d.day, hour, minute, second), m.end()


def _twelve_hour_clock(text: str, end: int) -> bool:
    """Whether a time with am/pm follows position `end` of `text`."""
    m = _TIME.match(text, end)
    return m is not None and m.group(4) is not None


# A weekday just before a date ("Thu, ", "Donnerstag, ", "Do. ").
_WEEKDAY_BEFORE = re.compile(
    r"(?<![^\W\d_])("
    + "|".join(sorted(map(re.escape, WEEKDAY_NUMBERS), key=len, reverse=True))
    + r")\.?,?\s*$",
    re.IGNORECASE,
)


def _weekday_before(text: str, start: int) -> int | None:
    match = _WEEKDAY_BEFORE.search(text, max(0, start - 16), start)
    return None if match is None else WEEKDAY_NUMBERS[match[1].casefold()]


def _swapped(year: int, month: int, day: int) -> int | None:
    """The weekday of the date read the other way round (the day as the month), where that
    reading is a date and falls on another weekday than the one read."""
    this, other = _build(year, month, day), _build(year, day, month)
    if this is None or other is None or this.weekday() == other.weekday():
        return None
    return other.weekday()


def find_text_dates(text: str, mdy: bool | Order = False) -> list[tuple[int, When]]:
    """Every date written in `text` as people write them, with its position, in order."""
    return [(start, value) for start, _end, value in date_spans(text, mdy)]


def date_spans(text: str, mdy: bool | Order = False) -> list[tuple[int, int, When]]:
    """Every date written in `text` as (start, end, value), in order; a time right after a
    date is part of its span."""
    order = mdy if isinstance(mdy, Order) else Order(mdy)
    found: list[tuple[int, int, When]] = []
    taken = [m.span() for m in _WEB_ADDRESS.finditer(text)] if "/" in text else []

    def add(m: re.Match[str], value: When | None) -> None:
        if value is None:
            return
        if any(s < m.end() and m.start() < e for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        end = m.end()
        if isinstance(value, date) and not isinstance(value, datetime):
            value, end = _with_time(value, text, end)
        found.append((m.start(), end, value))

    for m in _ISO.finditer(text):
        y, mo, d, hh, mm, ss, tz = m.groups()
        if hh is not None and int(hh) < 24:
            add(m, _build(int(y), int(mo), int(d), int(hh), int(mm), int(ss or 0), _offset(tz)))
        else:
            add(m, _build(int(y), int(mo), int(d)))
    for m in _ASCTIME.finditer(text):
        mo, d, hh, mm, ss, zone, y, after = m.groups()
        if int(hh) < 24:
            named = after or zone or ""
            # A zone named otherwise than UTC or GMT ("EST") is local time of no known offset.
            known = named.upper() in ("UTC", "GMT") or named.startswith(("+", "-"))
            tz = _offset(named) if known else None
            add(m, _build(int(y), MONTHS[mo.lower()], int(d), int(hh), int(mm), int(ss or 0), tz))
    for m in _CJK.finditer(text):
        add(m, _build(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in _TEXT_DMY.finditer(text):
        add(m, _build(_year(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))))
    for m in _TEXT_MDY.finditer(text):
        add(m, _build(_year(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2))))
    for m in _TEXT_DASHED.finditer(text):
        add(m, _build(_year(m.group(4)), MONTHS[m.group(3).lower()], int(m.group(1))))
    for m in _TEXT_YMD.finditer(text):
        add(m, _build(int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3))))
    for m in _YMD.finditer(text):
        add(m, _build(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in (*_NUMERIC.finditer(text), *_NUMERIC_SPACED.finditer(text)):
        a, b, year = int(m.group(1)), int(m.group(3)), _year(m.group(4))
        if (
            len(m.group(4)) == 2
            and m.group(2) != "."
            and not _LABEL_BEFORE.search(text, max(0, m.start() - 40), m.start())
        ):
            continue  # 12/19/24 without a dotted German style or a label is too often not a date
        # Dotted dates (19.12.2024) are day-first everywhere; a slashed one followed by a
        # 12-hour clock ("3/4/2008 4:05 PM") is written the American way, month first.
        first = order.month_first or (m.group(2) == "/" and _twelve_hour_clock(text, m.end()))
        day, month = (b, a) if first and m.group(2) != "." else (a, b)
        # A month above 12 is the day; so is one the page's other dates do not give where
        # the other reading's month is one they give.
        given = (year, month) in order.months or (year, day) not in order.months
        if day <= 12 and (month > 12 or not given):
            day, month = month, day
        weekday = _weekday_before(text, m.start()) if m.group(2) != "." else None
        if weekday is not None and weekday == _swapped(year, month, day):
            day, month = month, day  # "Thu, 03/06/2008": March 6 was a Thursday, June 3 not
        add(m, _build(year, month, day))
    found.sort(key=lambda item: item[0])
    return found


# A news agency's dateline opening a story without the year: "NEW YORK, March 3 (Reuters) -",
# "SAN JOSE, Calif., Sept. 4 -": a place in capitals, the month by name and the day.
_YEARLESS_DATELINE = re.compile(
    rf"^\s*[A-Z][A-Z .'-]{{2,40}}(?:,\s*[A-Z][A-Za-z.]{{1,14}})?,\s*((?i:{_MONTH_ALT}))\.?\s+"
    rf"(\d{{1,2}})(?!\d)\s*(?:\([^)]{{1,40}}\))?\s*[-–—]",
)
_COPYRIGHT_YEAR = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d{2}\s*[-–]\s*)?((?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)


# A date header without a year, the whole of its element: "Sunday, September 9", "9. März".
_WEEKDAY_ALT = "|".join(sorted((re.escape(w) for w in WEEKDAYS), key=len, reverse=True))
_YEARLESS_HEADER = re.compile(
    rf"^\W*(?:(?:{_WEEKDAY_ALT})\W+)?(?:({_MONTH_ALT})\.?\s+{_DAY}|{_DAY}\s*(?:de\s+)?"
    rf"({_MONTH_ALT})\.?)\W*$",
    re.IGNORECASE,
)


def without_dates(text: str) -> str:
    """`text` with every date `date_spans` finds in it written as one space."""
    for start, end, _value in reversed(date_spans(text)):
        text = text[:start] + " " + text[end:]
    return text


def yearless_header(text: str) -> tuple[int, int] | None:
    """(month, day) of a text that is only a date without its year ("Sunday, September 9",
    a blog's date header whose year is in the post's URL)."""
    m = _YEARLESS_HEADER.match(text)
    if not m:
        return None
    if m.group(1):
        return MONTHS[m.group(1).lower()], int(m.group(2))
    return MONTHS[m.group(4).lower()], int(m.group(3))


def yearless_dateline(text: str) -> tuple[int, int] | None:
    """(month, day) of an agency's dateline without a year at the start of `text`."""
    m = _YEARLESS_DATELINE.match(text)
    if not m:
        return None
    return MONTHS[m.group(1).lower()], int(m.group(2))


def copyright_year(text: str) -> int | None:
    """The latest year of a copyright notice in `text` ("© 1996-2008 The Times": 2008)."""
    years = [int(m.group(1)) for m in _COPYRIGHT_YEAR.finditer(text)]
    return max(years) if years else None


def parse_text_date(text: str, mdy: bool | Order = False) -> When | None:
    """The first date written in `text` as people write it, in any of the known languages."""
    found = find_text_dates(text, mdy)
    return found[0][1] if found else None


def url_date(url: str | None) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) from a URL path like /2024/12/19/ or /2024-12-19-slug."""
    if not url:
        return None
    path = url.split("://", 1)[-1]
    path = path[path.find("/") :] if "/" in path else ""
    m = _URL_SLASHED.search(path)
    if m:
        day = int(m.group(3)) if m.group(3) else None
        return int(m.group(1)), int(m.group(2)), day
    m = _URL_DATE.search(path)
    if m:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    return None


def as_date(value: When) -> date:
    return value.date() if isinstance(value, datetime) else value


def is_future(value: When, now: datetime) -> bool:
    """Later than `now` (a day's slack for time zones and dates given without a time)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value > now + timedelta(hours=1)
    return as_date(value) > (now + timedelta(days=1)).date()


__all__ = [
    "Order",
    "When",
    "as_date",
    "copyright_year",
    "date_spans",
    "find_text_dates",
    "is_future",
    "month_first",
    "parse_machine_date",
    "parse_text_date",
    "url_date",
    "without_dates",
    "yearless_dateline",
    "yearless_header",
]
