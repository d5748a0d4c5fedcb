"""How a heading's words are read: its text without a kicker, a permalink's sign or ruby
annotations, a structured value unescaped, and the word sets headings and titles are
compared by. headline.py chooses among the headings; this module only reads them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection

from bs4 import Tag
from bs4.element import Comment, NavigableString, PageElement

from archiver.parse import headline_rules as rules
from archiver.parse import metadata_rules as page_rules
from archiver.parse.candidates import SPACE, class_words, node_text
from archiver.parse.dom import elements
from archiver.parse.names import normalise
from archiver.parse.rules import CONTROL_TAGS
from archiver.parse.title_parts import title_key

_CJK_GAP = re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff])\s+(?=[\u3040-\u30ff\u3400-\u9fff])")


_WORD = re.compile(r"\w\w+")


def unescape(text: str) -> str:
    """Meta and JSON-LD strings HTML-escaped twice by their CMS (`&amp;#8211;`), read once."""
    text = normalise(text)
    if "&" in text and ";" in text:
        text = normalise(html.unescape(html.unescape(text)))
    return text


def heading_text(node: Tag, whole: Collection[str] = ()) -> str:
    """A heading's text without its kicker (a rubric or topic line styled into the heading):
    the part marked as the headline when there is one, else all but the kicker's parts.

    `whole`: keys of the structured headlines and of runs of <title>'s parts; a heading one
    of them repeats whole keeps the piece that opens it, one whose opening piece alone they
    say (and none of the rest) is that piece."""
    text = _marked_heading_text(node)
    if text == node_text(node):
        pieces = _pieces(node)
        counted = _without_count(pieces, whole)
        if counted:
            return counted
        lead, rest = _leading_piece(pieces)
        if rest and title_key(text) not in whole:
            return lead if _subtitled(lead, rest, whole) else rest
    return text


def _subtitled(lead: str, rest: str, whole: Collection[str]) -> bool:
    """Whether the piece opening a heading is its headline and the rest a subtitle: a
    structured headline is the piece alone and none says a word of the rest. (A kicker is
    often in them too, "Topic: Headline", but then with the headline's words.)"""
    if title_key(lead) not in whole:
        return False
    said = word_set(rest)
    return not any(
        len(w) >= rules.CONTENT_WORD_CHARS for key in whole for w in said & word_set(key)
    )


def _leading_piece(kids: list[PageElement]) -> tuple[str, str]:
    """A short piece opening a heading (`kids`, its _pieces) in an element of its own (a
    topic, a label, a section link set before the headline: `<h2><span>Topic</span>
    Headline</h2>`), whatever its class says, and what follows it; empty when the heading is
    not made so. The rest must be longer and open a new phrase (not a lower-case continuation
    of the piece)."""
    if not 2 <= len(kids) <= rules.MAX_HEADING_PIECES or not isinstance(kids[0], Tag):
        return "", ""
    lead = node_text(kids[0])
    rest = _pieces_text(kids[1:])
    # A mark set between the two in a piece of its own ("Topic : Headline") belongs to neither.
    rest = rest.lstrip(rules.SUFFIX_MARKS + " ")
    if (
        len(lead) < 2
        or len(lead.split()) > rules.MAX_LEADING_PIECE_WORDS
        or len(rest) <= len(lead)
        or not rest[:1].isalnum()
        or rest[:1].islower()
    ):
        return "", ""
    return lead, rest


def _without_count(kids: list[PageElement], whole: Collection[str]) -> str:
    """A heading's text (`kids`, its _pieces) without a count closing it in an element of its
    own (its comments', `<h2><a>Headline</a> <span>136</span></h2>`), where <title> or a
    structured headline says the rest whole; empty otherwise."""
    if len(kids) < 2 or not isinstance(kids[-1], Tag):
        return ""
    if not node_text(kids[-1]).strip("()[] ").isdigit():
        return ""
    rest = _pieces_text(kids[:-1])
    return rest if title_key(rest) in whole else ""


def _pieces_text(pieces: list[PageElement]) -> str:
    """The text of some of a heading's pieces, one space between words."""
    text = " ".join(k.get_text(" ") if isinstance(k, Tag) else str(k) for k in pieces)
    return SPACE.sub(" ", text).strip()


def _pieces(node: Tag) -> list[PageElement]:
    """The pieces of a heading that show something, inside any wrappers holding them all."""
    while True:
        kids = [k for k in node.children if not _blank_piece(k)]
        if len(kids) != 1 or not isinstance(kids[0], Tag):
            return kids
        node = kids[0]


def _blank_piece(el: object) -> bool:
    """A child of a heading that shows nothing: whitespace, a comment, an icon, a no-break
    space between two spans."""
    if isinstance(el, Tag):
        return not el.get_text().strip()
    return isinstance(el, NavigableString) and (isinstance(el, Comment) or not el.strip())


def _marked_heading_text(node: Tag) -> str:
    marked = ""
    for child in elements(node, has="class", limit=8):
        words = class_words(child.get("class") or "")
        if (
            words & page_rules.HEADING_WORDS
            and not words & rules.KICKER_WORDS
            and not words & page_rules.NOT_HEADING_WORDS
        ):
            text = node_text(child)
            if len(text) > len(marked):
                marked = text
    # A marked part opening with a separator ("- Review") is a suffix styled apart, not the
    # headline without its kicker.
    if marked and len(marked) < len(node_text(node)) and marked[0] not in rules.SUFFIX_MARKS:
        return marked
    parts: list[str] = []
    for el in node.descendants:
        if isinstance(el, Tag):
            continue
        parent = el.parent
        skip = False
        while parent is not None and parent is not node:
            # Ruby annotations (<rt>, <rp>) are reading aids printed above the headline; a
            # control's label ("Copy item path", "Share") is no word of it either.
            if parent.name in _NOT_WORDS or class_words(parent.get("class") or "") & (
                rules.KICKER_WORDS
            ):
                skip = True
                break
            if parent.name == "a" and permalink_mark(parent, str(el)):
                skip = True
                break
            parent = parent.parent
        if not skip:
            parts.append(str(el))
    text = _CJK_GAP.sub("", SPACE.sub(" ", _joined(parts)).strip())
    # What a removed kicker leaves behind: ": Headline".
    return text.lstrip(":|·•-–— ") or node_text(node)


# Elements inside a heading whose strings are not its words. A heading whose every word is
# in one (an accordion's question set in its <button>) keeps them: see the fallback above.
_NOT_WORDS = frozenset({"rt", "rp", "option", "script", "style", "template"}) | CONTROL_TAGS


def _joined(parts: list[str]) -> str:
    """The strings of a heading joined: a space between two, as their elements may be set
    apart by style, except before a string opening with a mark that closes the word before
    it (`<i>Title</i>'s ...`, `<a>Name</a>, ...`), where the source has none. A mark alone in
    its element is a separator styled apart ("Topic<span>:</span> Headline") and keeps it."""
    out: list[str] = []
    for part in parts:
        if out and not (
            part[:1] in rules.CLOSING_MARKS and part[1:].strip() and out[-1][-1:].isalnum()
        ):
            out.append(" ")
        out.append(part)
    return "".join(out)


def permalink_mark(link: Tag, text: str) -> bool:
    """A link to the heading's own anchor shown as a sign ("¶", "#", "§"): documentation
    and wiki pages put one in every heading, and it is no word of the headline."""
    href = link.get("href")
    return isinstance(href, str) and href.startswith("#") and not any(c.isalnum() for c in text)


def shared_tail(values: list[str]) -> str:
    """Structured headlines that differ only by what precedes a colon ("Preview: X", "A
    rising star?: X") name the same story X; the differing parts are kickers."""
    tails = {v.rsplit(": ", 1)[-1].strip() for v in values if ": " in v}
    if len(tails) != 1 or len({title_key(v) for v in values}) < 2:
        return ""
    tail = tails.pop()
    if len(tail) < 8 or not all(v == tail or v.endswith(": " + tail) for v in values):
        return ""
    return tail


def continues(text: str, start: str) -> bool:
    """Whether `text`, which begins like `start`, goes on with the same sentence in lower
    case ("... Gigafactory-Kapazität in Tennessee") rather than a new part."""
    words = normalise(text).split()
    rest = words[len(normalise(start).split()) :]
    return bool(rest) and rest[0][:1].islower()


def word_set(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(normalise(text).casefold()))


def overlap(words: frozenset[str], ref: frozenset[str]) -> float:
    """F1 of two word sets: how far a heading and a title say the same thing; none when
    most of the heading's words are not the title's."""
    shared = len(words & ref)
    precision, recall = shared / len(words), shared / len(ref)
    if precision < rules.MIN_HEADING_PRECISION:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def line_text(node: Tag) -> str:
    """A line's text, its strings joined as a heading's are (`<i>Title</i>'s`), without a
    colon leading on to the text below it ("Headline:" over a quoted post)."""
    parts = [str(s) for s in node.strings if not isinstance(s, Comment) and s.strip()]
    return SPACE.sub(" ", _joined([p.strip() for p in parts])).strip().rstrip(":").rstrip()


def similar(a: frozenset[str], b: frozenset[str]) -> float:
    """F1 of two word sets."""
    shared = len(a & b)
    return 2 * shared / (len(a) + len(b)) if a and b else 0.0
