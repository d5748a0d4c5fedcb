"""Byline text -> a list of names: prefixes ("By", "von", "par"...), roles, dates, e-mail, social
handles and the site's name removed; "A and B", "A, B and C", "A & B", "A; B" split.
"""

from __future__ import annotations

import re
import unicodedata

from archiver.parse.author_rules import (
    AUTHOR_LABELS,
    BYLINE_PREFIXES,
    BYLINE_PREFIXES_LOWER,
    CLOCK_PREPOSITIONS,
    CREDENTIALS,
    DATE_LABEL_WORDS,
    DATE_PREPOSITIONS,
    FILED_FROM,
    INNER_BYLINE_WORDS,
    NAME_JOINERS,
    NON_NAME_WORDS,
    NON_NAMES,
    ORGANISATION_ARTICLES,
    OTHER_CREDITS,
    OTHER_LABELS,
    PLACES,
    PUBLICATION_WORDS,
    ROLE_WORDS,
    WEEKDAY_ABBREVIATIONS,
    WIRE_AGENCIES,
    WRITTEN_FOR,
)
from archiver.parse.datetext import date_spans, find_text_dates
from archiver.parse.metadata_rules import WEEKDAYS

_SPACE = re.compile(r"\s+")
# An address, also as spam-shy pages write it: "ann at example.org", "ann [at] example [dot]
# org" (lower case: "Lee at bbc.co.uk" is a name and a site).
EMAIL = re.compile(
    r"\S+@\S+\.\w+"
    r"|(?<![\w.])[a-z0-9._+-]+\s*(?:\[at\]|\(at\)|\sat\s)\s*[a-z0-9-]+"
    r"(?:(?:\.|\s*\[dot\]\s*|\s*\(dot\)\s*|\sdot\s)[a-z0-9-]+)+(?![\w.])"
)
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<!\w)@\w[\w.]*")
# "Ann @ The Daily Post": the writer's name "at" her site, set apart by spaces.
_AT_SITE = re.compile(r"\s+@\s+[^|;,]+")
# "NBC's Ann Lee": the broadcaster's or agency's letters, whose writer she is, before her name
# ("Tom's Hardware Staff" is a desk's name and stays).
_OUTLET_OWNER = re.compile(r"(?<![\w'’])[A-Z]{2,}['’]s\s+(?=[A-Z][\w'’-]+\s+[A-Z])")
_PARENS = re.compile(r"\s*[(\[][^)\]]*[)\]]")
# Pieces of a byline that are separate statements: "John Smith | Staff Writer | 3 hours ago".
_PIECES = re.compile(r"\s*(?:\||•|·|—|–|\s-\s|\n|/\s|\s/|:\s)\s*")
# The byline words ("By", "von", "Autor:"...) as one alternation for a pattern, any run of
# spaces where a word has one.
BYLINE_WORDS = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in BYLINE_PREFIXES) + (
    # "Guest Contributor:", "Site Contributor:": a contributor's label under any one word.
    r"|[\w'’-]+\s+contributors?:"
)
# A byline word opening a text ("By", "Autor:", "Written By:"), a colon after it or not.
BYLINE_START = re.compile(rf"^(?:{BYLINE_WORDS})(?:\s*:\s*|\s+|(?<=:)|$)", re.IGNORECASE)
_PREFIX_LOWER = re.compile(r"^(?:" + "|".join(BYLINE_PREFIXES_LOWER) + r")\s+(?=\w)")
# The Italian byline word capitalised before a full name ("Di Marco Rossi"): a surname's
# "Di" ("Di Maio") has one word after it, and follows the given name ("Luigi Di Maio").
_PREFIX_DI = re.compile(r"^Di\s+(?=[A-ZÀ-Þ][\w'’-]+\s+[A-ZÀ-Þ][\w'’-]+(?:$|[\s,|;]))")
# Names are joined by these first; a comma, then "&", split what is left (see _parts).
_JOINER = re.compile(
    r"\s*(?:;|\s(?:" + "|".join(re.escape(j) for j in NAME_JOINERS if j != "&") + r")\s)\s*",
    re.IGNORECASE,
)
_COMMA = re.compile(r"\s*,\s*")
_AMPERSAND = re.compile(r"\s*&\s*")
# "Mac & i", "Smith, John": single words on both sides of the mark make one name.
_SINGLE_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# "Jane Doe in Washington": where the writer filed from, not part of the name.
_FILED_FROM = re.compile(r"\s+(?:" + "|".join(FILED_FROM) + r")\s+[A-ZÀ-Þ].*$")
# "by Ann Lee in" where the category links after it were left out: the word is left over.
_FILED_LEFT = re.compile(r"\s+(?:" + "|".join(FILED_FROM) + r")$")
# "Jane Doe for The Courier": the publication written for, not part of the name.
# Only before a publication's article: "Amt für Wald" and "Institute for Health" are names.
_WRITTEN_FOR = re.compile(
    r"\s+(?:"
    + "|".join(w for word in WRITTEN_FOR for w in (word, word.capitalize()))
    + r")\s+(?:"
    + "|".join(ORGANISATION_ARTICLES)
    + r")\s+[A-ZÀ-Þ].*$"
)
# "Ann Lee. Updated March 4", "Ann Lee Updated 3 hours ago": the dateline that follows a name
# in its element, with a date the date finder does not read as one (no year, a time ago).
_DATELINE_AFTER = re.compile(
    r"(?<=[^\W\d_])\.?\s+(?:"
    + "|".join(sorted((re.escape(w) for w in DATE_LABEL_WORDS), key=len, reverse=True))
    + r")(?!\w).*$",
    re.IGNORECASE,
)
# "Ann Lee for the Daily Mail", "Ann Lee for Reuters" in a byline of the page's text: a
# person's full name, then the outlet written for: one word, "the" and one word, or words
# one of which is an outlet's; after "of" ("Ann Lee of the Associated Press") an outlet's
# words or a wire agency. A single word before "for" is an organisation's name going on
# ("Amt für Wald"), and so is a longer phrase after it ("National Center for Health
# Statistics").
_WRITTEN_FOR_NAME = re.compile(
    r"^(?P<name>[A-ZÀ-Þ][\w'’.-]+(?:\s+[A-ZÀ-Þ][\w'’.-]+){1,3})\s+(?P<word>"
    + "|".join((*WRITTEN_FOR, "of"))
    + r")\s+(?:(?i:"
    + "|".join(ORGANISATION_ARTICLES)
    + r")\s+)?(?P<outlet>[A-ZÀ-Þ].*)$"
)


def _without_dateline(name: str) -> str:
    """`name` without the dateline after it, where a full name comes before ("Last updated"
    is the label alone)."""
    match = _DATELINE_AFTER.search(name)
    if match is None or len(name[: match.start()].split()) < 2:
        return name
    return name[: match.start()]


def _written_for(name: str) -> str:
    """`name` without the outlet it was written for, where it names one."""
    match = _WRITTEN_FOR_NAME.match(name)
    if match is None or place_or_outlet(match["name"].lower()):
        return name
    outlet = match["outlet"].lower()  # the outlet's article left out
    words = outlet.split()
    if any(w in PUBLICATION_WORDS for w in words) or outlet in WIRE_AGENCIES:
        return match["name"]
    # "Royal Bank of Scotland": after "of" only a publication's name is the outlet.
    return match["name"] if len(words) == 1 and match["word"] != "of" else name


# "Ein Interview von Anna Berg": a kind of text, then the byline word and the name ("Essay
# Von Anna Berg" where the word is set apart as a label).
_INNER_BYLINE = re.compile(
    r"^(?P<kind>\S+(?:\s\S+){0,2})\s(?:"
    + "|".join(f"{w}|{w.capitalize()}" for w in INNER_BYLINE_WORDS)
    + r")\s"
    r"(?P<name>[A-ZÀ-Þ][\w'’.-]*(?:\s[A-ZÀ-Þ][\w'’.-]*){1,3})$"
)
_OTHER_WORDS = frozenset(w for label in OTHER_LABELS for w in label.split())


def inner_byline(text: str) -> bool:
    """Whether `text` is a kind of text, the byline word and a full name, and no more ("Ein
    Kommentar von Anna Berg", "A column by Ann Lee"); a picture's or a source's credit
    ("Photo by Ann Lee", "Quelle: dpa") is not the writer's."""
    match = _INNER_BYLINE.match(text)
    if match is None or not match["kind"][:1].isupper():
        return False
    return not {w.strip(":").casefold() for w in match["kind"].split()} & _OTHER_WORDS


# "Story: Jane Doe", "Interview: Anna Berg": a one-word label before the name.
_LEAD_LABEL = re.compile(r"(?:^|(?<=[|;]))\s*[^\W\d_]+\s*:\s+(?=\S)")
# "THE DAILY BUGLE" in a byline set in capitals too.
_ARTICLE_START = re.compile(
    r"^(?:"
    + "|".join(ORGANISATION_ARTICLES)
    + r"|"
    + "|".join(ORGANISATION_ARTICLES).upper()
    + r")\s+[A-ZÀ-Þ]"
)
_TIME_WORDS = re.compile(
    r"\b\d{1,2}[:h.]\d{2}\b|\b(?:updated|aktualisiert|published|veröffentlicht|posted|"
    r"am|on|le|el|il|op|den|vor|ago|hace|il y a|uhr|min|minutes?|hours?|stunden?)\b",
    re.IGNORECASE,
)
# Lower case only: "Thanh Le", "Wei Du" end in a name, not in a preposition.
_DATE_PREPOSITION = re.compile(r"(?<!\S)(?:" + "|".join(DATE_PREPOSITIONS) + r")\s*$")
# A time zone's letters ("ET", "PST", "GMT", "MESZ"), in capitals whatever the pattern's case.
_ZONE = r"(?-i:[A-Z]{1,4}T|UTC|GMT|MEZ|MESZ)(?!\w)"
# A clock with its am/pm and time zone ("3:45 PM ET", "10:15 Uhr MEZ"), and the word that
# puts it after a name, in lower case as the date's ("Posted by Ann Lee at 8:42 PM").
_CLOCK = re.compile(
    r"(?:(?<!\S)(?-i:" + "|".join(CLOCK_PREPOSITIONS) + r")\s+)?"
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[ap]\.?m\.?|uhr|h)(?!\w))?"
    r"(?:\s+" + _ZONE + r")?",
    re.IGNORECASE,
)
# The time zone a date's clock is given in ("May 3, 2012, 17:41 GMT"), left after the date.
_ZONE_START = re.compile(r"^\s*" + _ZONE)
# The section a post was filed in ("Posted in News, Politics", "Filed under Reviews"): up to
# the next bar or the byline word that names the writer after it.
_FILED_IN = re.compile(
    r"(?<!\w)(?:posted|filed|published)\s+(?:in|to|under)(?!\w).*?(?=\s+by\s|\||$)",
    re.IGNORECASE,
)
# A byline's "names" that are mostly single words, four or more: a list of tags or
# categories set beside the writer ("dads, emulator, GameCube, hacking"), no writers.
_TAG_LIST = 4
_LABEL = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(w) for w in (*OTHER_LABELS, *AUTHOR_LABELS)) + r")\s*:",
    re.IGNORECASE,
)
# A line opening with one label and its colon: another's ("Foto: ...", "Quelle: ...") or the
# writer's ("Autor: Ann Lee").
OTHER_LABEL = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in OTHER_LABELS) + r")\s*:", re.IGNORECASE
)
AUTHOR_LABEL = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in AUTHOR_LABELS) + r")\s*:", re.IGNORECASE
)
# "Nicolas Gutierrez C." ends with an initial whose dot belongs to the name.
_INITIAL_END = re.compile(r"(?:^|\s)\w\.$")
_LETTER = re.compile(r"[^\W\d_]")
# Words that may start in lower case inside a name (von Goethe, de la Fuente, bin Salman).
PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la"}
    | {"le", "af", "av", "zu", "zum", "bin", "ibn", "al", "el", "ten", "ter", "y", "e", "dei"}
    | {"degli", "des", "vom"}
)
# "Paul Brenner/SP-X": an agency's code after the writer's name credits the agency, not a
# second person (a whole "APA/AP" or "hessenschau.de/bb" byline stays as it is).
_AGENCY_CODE = re.compile(
    r"(?<=[^\W\d_])(?<![A-Z])/(?:[A-Z][A-Za-z-]{0,7}|"
    + "|".join(re.escape(a) for a in sorted(WIRE_AGENCIES, key=len, reverse=True))
    + r")(?![\w.])(?!\s+[A-Z][a-z])"  # not a name's first word: "Ann Lee/Bo Chen"
)
# "Ann Lee/The Star-Ledger", "Ann Lee/NJ.com": the outlet after the writer's name and a
# slash, named with an article or as a web address, is her paper, not a second writer.
_OUTLET_AFTER_SLASH = re.compile(
    r"(?<=[^\W\d_])/(?:(?:"
    + "|".join(ORGANISATION_ARTICLES)
    + r")\s+[^|,;/]+|[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,6}(?![\w.]))"
)


def _outlet_cut(match: re.Match[str]) -> str:
    """The outlet goes after a person's name, two words or more; after an agency's ("AFP/The
    Local") the whole is the desk's byline and stays."""
    before = re.split(r"[|,;]", match.string[: match.start()])[-1]
    return "" if len(strip_prefix(before.strip()).split()) > 1 else match.group(0)


# "4 min read", "3 Min. Lesezeit": the reading time a byline line often ends with.
READING_TIME = re.compile(
    r"(?<!\w)\d+\s*(?:min(?:ute)?s?|minuten)\b\.?(?:\s+(?:read|lesezeit|de lecture|lectura))?",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"(?<!\w)(?:" + "|".join(WEEKDAYS) + r")(?!\w),?", re.IGNORECASE)
# Only between separators: "Sun" and "Wed" are names too ("Wei Sun").
_WEEKDAY_SHORT = re.compile(
    r"(^|[,|·])\s*(?:" + "|".join(WEEKDAY_ABBREVIATIONS) + r")\.?,?\s*(?=\||$)", re.IGNORECASE
)
# "Story and photos by Ann Lee", "Text und Fotos von Bo Chen": the credit joined to the
# writing, one person's for both.
_JOINED_CREDIT = re.compile(r"^\S+\s+(?:" + "|".join(NAME_JOINERS) + r"|&)\s+$", re.IGNORECASE)
_CREDIT_CUT = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(w) for w in OTHER_CREDITS) + r")(?!\w)", re.IGNORECASE
)
# The feminine ending a German role word is given after a slash, star, colon or underscore.
_GENDER_ENDING = re.compile(r"(?<=[^\W\d_])[/*:_](?:in|innen)$")
_MAX_WORDS = 5
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_MAX_CJK_NAME = 8
_MAX_CHARS = 60


def normalise(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def strip_prefix(text: str) -> str:
    """`text` without the byline words opening it ("By", "Von:", "di" in lower case, "Di"
    before a full name)."""
    previous = None
    while previous != text:
        previous = text
        text = BYLINE_START.sub("", text).strip(" :,-–—")
        text = _PREFIX_DI.sub("", _PREFIX_LOWER.sub("", text))
    return text


def _strip_roles(name: str) -> str:
    """Role words before or after a name: 'Staff Writer John Smith', 'John Smith, Reporter'."""
    words = name.split()
    changed = True
    while changed and words:
        changed = False
        for n in (3, 2, 1):
            # "Rasender Reporter" is a name; "Staff Writer John Smith" holds one.
            if len(words) < n + 2:
                continue
            tail = " ".join(words[-n:]).lower().strip(".,")
            # "Eric Tucker Associated Press": the agency after the name is its credit;
            # "Jessica DeFino Updated": the start of the dateline that followed.
            if _is_role(tail) or tail in WIRE_AGENCIES or tail in DATE_LABEL_WORDS:
                words = words[:-n]
                changed = True
                break
            # "Staff and news service reports": a role joined to the rest is the desk's name.
            if (
                _GENDER_ENDING.sub("", " ".join(words[:n]).lower().strip(".,")) in ROLE_WORDS
                and words[n].lower() not in NAME_JOINERS
            ):
                words = words[n:]
                changed = True
                break
        # "FOCUS-Online-Experte Robin Tschöpe": a compound ending in a role is a role.
        compound = words[0].rsplit("-", 1)[-1].lower() if "-" in words[0] else ""
        if not changed and len(words) > 2 and compound in ROLE_WORDS:
            words = words[1:]
            changed = True
    return " ".join(words)


def _before_chrome(part: str) -> str:
    """The name before the buttons a byline element holds ("Ann Lee Follow", "Ann Lee
    Twitter Email"): words that are never a name's end the name, once it has two words."""
    words = part.split()
    for i, word in enumerate(words):
        if i >= 2 and word.lower().strip(".,:") in NON_NAME_WORDS:
            return " ".join(words[:i])
    return part


def _starts_with_role(text: str) -> bool:
    words = text.lower().replace("-", " ").strip(" .,").split()
    return any(" ".join(words[:n]) in ROLE_WORDS for n in (3, 2, 1) if len(words) > n)


def _ends_in_role(text: str) -> bool:
    words = text.lower().replace("-", " ").strip(" .,").split()
    return any(" ".join(words[-n:]) in ROLE_WORDS for n in (3, 2, 1) if len(words) > n)


def _is_role(text: str) -> bool:
    # "Autor/in", "Redakteur*innen", "Autor:in": a role written for both genders.
    low = _GENDER_ENDING.sub("", text.lower().strip(" .,:"))
    return low in ROLE_WORDS or (low.endswith("s") and low[:-1] in ROLE_WORDS)


def plausible_name(name: str, strict: bool) -> bool:
    """Whether `name` could be a person's or an organisation's name in a byline.

    `strict` applies to visible page text (where a byline element may hold anything);
    structured sources (JSON-LD, meta) are trusted with user names like 'c1ph4'.
    """
    if not name or len(name) > _MAX_CHARS or len(_LETTER.findall(name)) < 2:
        return False  # one letter is a unit or a leftover ("6:00 h"), no one's name
    low = name.lower()
    if low in NON_NAMES or _is_role(low) or low in DATE_LABEL_WORDS:
        return False
    if strict and (low in FILED_FROM or low in NAME_JOINERS):
        return False  # "By Ann Lee in <a rel=tag>News</a>" without its tag: a word left over
    if any(ch in name for ch in '?!<>{}=|"“”«»') or "http" in low:
        return False
    words = name.split()
    if len(words) > _MAX_WORDS:
        return False
    if len(words) > 1 and words[-1] in PARTICLES | set(INNER_BYLINE_WORDS):
        return False  # "Mit Material von": a phrase cut before its name
    if any(w.lower().strip(".,:") in NON_NAME_WORDS for w in words):
        return False
    if strict:
        if len(words) > 1 and any(ch.isdigit() for ch in name):
            return False
        # Names in scripts written without spaces are a few characters long; a longer run
        # is a phrase (a linked headline), not a name.
        if len(_CJK.findall(name)) > _MAX_CJK_NAME:
            return False
        # Names are capitalised but for particles (von, de la); a lower-case word is prose.
        # An organisation named with "&" may not be ("Mac & i").
        if (
            len(words) > 1
            and "&" not in words
            and any(w[0].islower() and w.lower() not in PARTICLES for w in words)
        ):
            return False
        if find_text_dates(name):
            return False
    return True


def _parts(piece: str, strict: bool) -> list[str]:
    """One byline piece cut into names at "and", ";", commas and "&", but for pairs of single
    words: "Smith, John" is one person written surname first, "Mac & i" one name."""
    out: list[str] = []
    chunks = _JOINER.split(piece)
    if len(chunks) > 1 and any(_phrase(x) for x in chunks):
        # "Bundesministerium für Wirtschaft und Klimaschutz", "Staff and news service
        # reports": a side that reads as a phrase makes the whole one organisation's name,
        # and a single word beside the phrase is a piece of it, never a person.
        if plausible_name(piece, strict):
            return [piece]
        if _desk(piece) and plausible_name(piece, strict=False):
            return [piece]
        chunks = [x for x in chunks if len(x.split()) > 1]
    # "Ann Lee/Bo Chen": two full names set apart by a slash are two writers.
    chunks = [
        side
        for chunk in chunks
        for side in (
            chunk.split("/") if all(len(side.split()) > 1 for side in chunk.split("/")) else [chunk]
        )
    ]
    for chunk in chunks:
        commas = _COMMA.split(chunk)
        if len(commas) == 2 and all(_single(x) for x in commas):
            out.append(chunk)
            continue
        for part in commas:
            sides = _AMPERSAND.split(part)
            if len(sides) == 2 and any(_single(x) for x in sides):
                out.append(part)
            else:
                out.extend(sides)
    return out


def _desk(piece: str) -> bool:
    """A phrase opening with a role and a joiner ("Staff and wire reports", "Staff and news
    service reports"): the desk's byline, even in a page's text, where a phrase is prose."""
    chunks = _JOINER.split(piece)
    return len(chunks) > 1 and _is_role(chunks[0]) and any(_phrase(x) for x in chunks[1:])


def _phrase(part: str) -> bool:
    """Words of a phrase, not a person's name: several words, one of them in lower case but for
    the particles of names ("von", "de la")."""
    words = part.strip(" ,;:").split()
    return len(words) > 1 and any(w[:1].islower() and w.lower() not in PARTICLES for w in words)


def _single(word: str) -> bool:
    low = word.lower().strip(" .")
    return bool(_SINGLE_WORD.fullmatch(word.strip())) and not (
        low in ROLE_WORDS or low in WIRE_AGENCIES or low in NON_NAMES or low in PLACES
    )


def place_or_outlet(low: str) -> bool:
    """Whether a lowercased name is a place bylines file from ("new york") or an outlet's or a
    desk's name, several words one of which says so ("harbour wire news", "local news")."""
    if low in PLACES:
        return True
    words = low.replace("-", " ").split()
    return len(words) > 1 and any(w in PUBLICATION_WORDS for w in words)


def _not_a_writer(name: str, names: list[str], site: str | None, single_piece: bool) -> bool:
    """A part of a byline naming no writer once a writer is named: the place filed from
    ("São Paulo"), the publisher ("The Courier"), the section after a bar ("| Politics")."""
    if not names:
        return False
    low = name.lower()
    if place_or_outlet(low) or (site and (low == site or low in site.split(" - "))):
        return True  # "Ann Lee and Bo Chen, Harbour Wire News": their paper
    if _ARTICLE_START.match(name):
        return True
    if " " not in name.strip() and low not in WIRE_AGENCIES and " " in names[-1]:
        # "Ann Lee, Courier": one word after a full name is a paper or a place, not a
        # person (an agency stays: "Ann Lee, dpa").
        return True
    return single_piece and " " not in name.strip()


def split_byline(text: str, site_name: str | None = None, strict: bool = True) -> list[str]:
    """Names in one byline string, cleaned, in order, without duplicates."""
    text = normalise(text)
    if not text:
        return []
    text = _PARENS.sub(" ", text)
    text = _OUTLET_AFTER_SLASH.sub(_outlet_cut, text)
    text = _AGENCY_CODE.sub("", text)
    text = EMAIL.sub(" ", text)
    text = URL.sub(" ", text)
    text = _AT_SITE.sub(" | ", text)
    text = _HANDLE.sub(" ", text)
    text = _OUTLET_OWNER.sub("", text)
    for start, end, _value in reversed(date_spans(text)):
        text = f"{_DATE_PREPOSITION.sub('', text[:start])} | {_ZONE_START.sub('', text[end:])}"
    text = _FILED_IN.sub(" | ", text)
    # "Von R. R. am" with the date in the next element.
    text = _DATE_PREPOSITION.sub("", text)
    text = READING_TIME.sub(" | ", text)
    text = _CLOCK.sub(" | ", text)
    text = _WEEKDAY.sub(" | ", text)
    text = _WEEKDAY_SHORT.sub(r"\1 | ", text)
    # The translator, photographer and the like come after the writer: their part goes. A
    # line of its own that opens with their credit ("Übersetzt von: Ann Lee" below "Von: Bo
    # Chen") names none of the writers.
    credit = _CREDIT_CUT.search(text)
    if credit is not None and credit.start() == 0 and strict:
        return []
    if (
        credit is not None
        and credit.start() > 0
        and not _JOINED_CREDIT.search(text[: credit.start()])
    ):
        text = text[: credit.start()]
    site = site_name.lower().strip() if site_name else None
    names: list[str] = []
    # "Autor: A. Berg Quelle: Agency Datum: ..." -> fields; only the author's fields stay.
    text = _LABEL.sub(r" | \1:", text)
    fields = [f for f in text.split(" | ") if not OTHER_LABEL.match(f.strip())]
    text = strip_prefix(" | ".join(fields).strip(" ,;:-–—|"))
    text = _LEAD_LABEL.sub(" | ", text)
    named_in = -1  # the piece that named the first writer
    for index, piece in enumerate(_PIECES.split(text)):
        piece = piece.strip(" ,;:-–—@")
        if not piece:
            continue
        piece = _FILED_LEFT.sub("", strip_prefix(piece.strip(" ,;:-–—")))
        if not piece or _is_role(piece) or piece.lower() in NON_NAMES:
            continue
        title = piece.split(",", 1)[0]
        if names and "," in piece and (_is_role(title) or _ends_in_role(title)):
            continue  # "Ann Lee - Senior Reporter, Tech": her title and desk
        inner = _INNER_BYLINE.match(piece)
        if inner is not None:
            piece = inner["name"]
        parts = _parts(piece, strict)
        filed = False  # "Ann Lee in News, Politics": the sections listed after "in" go too
        for part in parts:
            part = strip_prefix(part.strip(" ,;:-–—*"))
            if _is_role(part) or part.lower() in CREDENTIALS:
                continue
            if filed and " " not in part and part.lower() not in WIRE_AGENCIES:
                continue
            filed = filed or _FILED_FROM.search(part) is not None
            if names and (_ends_in_role(part) or _starts_with_role(part)):
                continue  # "Ann Lee, AP National Political Writer", "Ann Lee, Editor Politics"
            name = _WRITTEN_FOR.sub("", _FILED_FROM.sub("", _before_chrome(part)))
            if strict:
                name = _written_for(_without_dateline(name))
            name = _strip_roles(name)
            name = name.strip(" ,;:-–—*@")
            if name.count("(") != name.count(")"):
                name = name.strip("() ")  # "(last edited by Ann Lee)" cut after "by"
            if site and name.lower().endswith(" " + site):
                name = name[: -len(site)].strip(" ,;:-–—")  # "Jane Doe The Daily Courier"
            if name.endswith(".") and not _INITIAL_END.search(name):
                name = name.rstrip(".")
            if (
                strict
                and _TIME_WORDS.search(name)
                and not _LETTER.search(_TIME_WORDS.sub("", name))
            ):
                continue
            if site and name.lower() == site and names:
                continue  # "John Smith, The Times": the site is not a second author
            alone = strict and len(parts) == 1 and index > named_in >= 0
            if _not_a_writer(name, names, site, alone):
                continue
            if plausible_name(name, strict and not _desk(name)) and name.lower() not in (
                n.lower() for n in names
            ):
                names.append(name)
                if named_in < 0:
                    named_in = index
    if strict and len(names) >= _TAG_LIST and 2 * sum(" " not in n for n in names) > len(names):
        return []
    whole = text.strip(" ,;:-–—|")
    if not names and " " in whole and whole.lower() in ROLE_WORDS:
        # "By Staff Writer": the whole byline is a role, the name the page gives its writer.
        return [whole]
    return names


def is_organisation_byline(name: str) -> bool:
    """A wire service or agency named as the whole byline (AFP, Reuters, dpa...)."""
    return name.lower().strip(" .") in WIRE_AGENCIES


__all__ = [
    "AUTHOR_LABEL",
    "BYLINE_START",
    "BYLINE_WORDS",
    "EMAIL",
    "OTHER_LABEL",
    "PARTICLES",
    "READING_TIME",
    "URL",
    "is_organisation_byline",
    "normalise",
    "place_or_outlet",
    "plausible_name",
    "split_byline",
]
