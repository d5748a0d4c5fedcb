"""The body's Markdown after conversion: the headline, byline and date lines set over the
story, closing calls to follow or subscribe and sign-offs, a closing contact section, picture
credits marked as captions, and the check against JSON-LD articleBody when the page shows only a
fragment of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4.element import Tag

from archiver.parse import rules
from archiver.parse.datetext import without_dates
from archiver.parse.markdown import escape_line_start, escape_text, to_markdown
from archiver.parse.names import READING_TIME
from archiver.plaintext import CAPTION_MARK, markdown_to_text


@dataclass
class Body:
    markdown: str = ""
    truncated: bool = False
    provenance: dict[str, str] = field(default_factory=dict)


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_BYLINE_LABEL = re.compile(rf"^(?:{_alternation(rules.BYLINE_LINE_LABELS)})\s*:", re.IGNORECASE)


def _is_byline_line(text: str) -> bool:
    """A short line naming the writer behind a label ("Autor: Jo Park", "Von: Jo Park")."""
    return len(text) <= rules.BYLINE_LINE_MAX and _BYLINE_LABEL.match(text) is not None


# Markup a block may add to its text: emphasis marks and escapes (links are counted apart).
_MARKUP_SLACK = 40


_TARGET = re.compile(r"\]\([^)\s]*\)")


def _visible(block: str) -> str:
    """`block` without its link targets: about as long as its text, and as worded."""
    return _TARGET.sub("]", block) if "](" in block else block


_MARKS = re.compile(r"!?\[|\]|\*|\\(?=\S)")


def _rough_text(block: str) -> str:
    """About the text of `block`, cheaply: link targets and markup marks dropped."""
    return _MARKS.sub("", _visible(block)).strip()


def _short_text(block: str, limit: int) -> str | None:
    """The text of `block` if it may be `limit` characters or fewer, else None; a long block
    is known to be long without converting it."""
    if len(_visible(block)) > limit + _MARKUP_SLACK:
        return None
    text = markdown_to_text(block, captions=True)
    return text if len(text) <= limit else None


_WORD = re.compile(r"\w+")
_BYLINE_LEAD = re.compile(rf"^\W*(?:{_alternation(rules.BYLINE_LEADS)})\s+\w", re.IGNORECASE)
_LINE_BREAK = "\\\n"


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _is_masthead_line(text: str, authors: list[str]) -> bool:
    """A line that names the writer ("By Jo Park") or dates the story ("Posted: May 2, 2006")."""
    if len(text) > rules.MASTHEAD_LINE_MAX:
        return False
    if _BYLINE_LEAD.match(text) or _is_byline_line(text):
        return True
    folded = text.casefold()
    if any(name.casefold() in folded for name in authors):
        return True
    rest = without_dates(text)
    if rest == text:
        return False  # no date in it
    return len(_words(rest)) <= rules.DATE_LINE_WORDS


def without_masthead(
    markdown: str, headline: str, authors: list[str], over_byline: bool = False
) -> str:
    """Without the lines that open the body by repeating the story's headline under other
    lines or over a byline or date line: the headline, the short lines over it (a section's
    name, a menu, a date) and the byline and date lines under it. Older pages set them as
    plain text in the story's cell. `over_byline`: the page shows the headline as a line
    right over its byline element, which the body leaves out."""
    target = _words(headline)
    if not target:
        return markdown
    blocks = markdown.split("\n\n")
    lines = [
        (b, line)
        for b in range(min(len(blocks), rules.MASTHEAD_BLOCKS))
        for line in blocks[b].split(_LINE_BREAK)
    ]
    texts = [markdown_to_text(line) for _b, line in lines]
    at = next((i for i, text in enumerate(texts) if _words(text) == target), None)
    if at is None or any(len(text) > rules.MASTHEAD_LINE_MAX for text in texts[:at]):
        return markdown  # no repeat, or one within the story (a quote of its title)
    end = at + 1
    limit = min(len(lines), at + 1 + rules.MASTHEAD_LINES)
    while end < limit and _is_masthead_line(texts[end], authors):
        end += 1
    if end == at + 1 and not any(texts[:at]) and not over_byline:
        # The headline first and alone, without a byline or a date under it: a title the
        # story repeats for itself, not the page's masthead.
        return markdown
    drop = {i for i in range(end) if texts[i]}  # pictures over the headline stay
    kept: dict[int, list[str]] = {}
    for i, (b, line) in enumerate(lines):
        if i not in drop:
            kept.setdefault(b, []).append(line)
    head = [_LINE_BREAK.join(kept[b]) for b in sorted(kept)]
    return "\n\n".join([*head, *blocks[rules.MASTHEAD_BLOCKS :]])


_CLOSING_LABEL = re.compile(rf"(?:{_alternation(rules.CLOSING_LABELS)})\s*:?", re.IGNORECASE)


def _without_blocks(markdown: str, drop: Callable[[str], bool]) -> str:
    """`markdown` without the blocks `drop` says are none of the story's, wherever they stand."""
    blocks = markdown.split("\n\n")
    kept = [b for b in blocks if not drop(b)]
    return markdown if len(kept) == len(blocks) else "\n\n".join(kept)


_AD_LABEL = re.compile(
    rf"\W*(?:{_alternation(rules.AD_LABELS)}|{_alternation(rules.CHROME_LINES)})\W*"
    # "4 min read", "Lesezeit: 3 Minuten", "Listen to this article 5 min"
    rf"|(?:{_alternation(rules.CHROME_LINES)}|(?:{_alternation(rules.READING_TIME_LABELS)})\s*:)?"
    rf"\W*{READING_TIME.pattern}\W*"
    # "Image 1 of 12", "Bild 3/7"
    rf"|\W*(?:{_alternation(rules.CHROME_COUNTER_WORDS)})\s+\d+\s*(?:of|von|de|di|/)\s*\d+\W*",
    re.IGNORECASE,
)


def without_ad_labels(markdown: str) -> str:
    """Without the blocks that say only an advertisement's label ("Advertisement",
    "ANZEIGE", "- Werbung -") or another line of the page's chrome set into the story ("Story
    continues below advertisement", "Listen to this article", "4 min read", "Image 1 of
    12"): the slot's, player's or gallery's words, where the story went on around them."""
    return _without_blocks(markdown, lambda block: bool(_AD_LABEL.fullmatch(_rough_text(block))))


_LINK_TEXT = re.compile(r"(?<!!)\[([^\]]*)\]\([^)]*\)")


def _share_bar(block: str) -> bool:
    """A block of two or more links to share services and nothing else but a label."""
    links = _LINK_TEXT.findall(block)
    if len(links) < 2 or not all(t.strip().casefold() in rules.SHARE_TARGETS for t in links):
        return False
    rest = _rough_text(_LINK_TEXT.sub(" ", block)).strip(" :|·•-–—").casefold()
    return not rest or rest in rules.SHARE_LABELS


def without_share_bars(markdown: str) -> str:
    """Without a share bar's row of links ("Share this: Facebook Twitter Email"), wherever it
    stands: the site's line, not the story's."""
    return _without_blocks(markdown, _share_bar)


def without_closing_section(markdown: str) -> str:
    """Without a short closing section under a "Kontakt" or "More information" label (run
    twice, one such section may follow another)."""
    blocks = markdown.split("\n\n")
    tail = 0
    for i in range(len(blocks) - 1, max(0, len(blocks) - rules.CLOSING_SECTION_BLOCKS), -1):
        text = _rough_text(blocks[i])
        if _CLOSING_LABEL.fullmatch(text.lstrip("#").strip()):
            return "\n\n".join(blocks[:i])
        tail += len(text)
        if tail > rules.CLOSING_SECTION_MAX:
            break
    return markdown


# The action opens a sentence: a call is in the imperative.
_CALL_ACTION = re.compile(
    rf"(?:^|[.!?…:]\s*)\W*(?:(?:{_alternation(rules.CALL_LEADS)})\s+)?"
    rf"(?:{_alternation(rules.CALL_ACTIONS)})\b",
    re.IGNORECASE,
)
_CALL_CHANNEL = re.compile(rf"\b(?:{_alternation(rules.CALL_CHANNELS)})\b", re.IGNORECASE)
_CALL_CLICK = re.compile(rf"\b(?:{_alternation(rules.CALL_CLICKS)})\b", re.IGNORECASE)
_MAX_CALLS = 3


def _is_call(text: str) -> bool:
    if len(text) > rules.CALL_MAX:
        return False
    if _CALL_CLICK.search(text):
        return True
    return bool(_CALL_ACTION.search(text)) and bool(_CALL_CHANNEL.search(text))


def _is_signature(text: str, authors: list[str]) -> bool:
    if _is_byline_line(text):
        return True
    # A note on the writer: opens with a name the byline gave, and is short.
    if len(text) > rules.AUTHOR_NOTE_MAX:
        return False
    opening = text[:80].casefold()
    return any(opening.startswith(name.casefold()) for name in authors)


# A Markdown link, and what may stand between the links of a line of them.
_MD_LINK = re.compile(r"!?\[[^\]]*\]\([^)]*\)")
_NOT_A_ROW = re.compile(r"!|#|\||>|[-*+] |\d+[.)] ")
_LINK_GLUE = re.compile(r"[\s|·•/,;:\-–—»«›‹>\[\]()]*")
# A row of links longer than this, in Markdown (its addresses included), is no site line.
_LINK_ROW_MAX = 4 * rules.CALL_MAX


def _link_row(block: str) -> bool:
    """A block of links and nothing else between them but glue. Not a list (a list of links
    is what a page of lists says), a heading, a table or a quote, nor a picture (it may be
    the story's)."""
    if len(block) > _LINK_ROW_MAX or "](" not in block or _NOT_A_ROW.match(block):
        return False
    return _LINK_GLUE.fullmatch(_MD_LINK.sub("", block)) is not None


def without_link_rows(markdown: str) -> str:
    """Without the rows of links and nothing else after the story's last paragraph ("More
    news | Have your say | Print this story", "Comments powered by ..."): the site's own
    lines once the story has ended."""
    blocks = markdown.split("\n\n")
    end = len(blocks)
    while end > 1 and _link_row(blocks[end - 1]):
        end -= 1
    if end == len(blocks) or not any(markdown_to_text(b).strip() for b in blocks[:end]):
        return markdown
    return "\n\n".join(blocks[:end])


# A row of the page's tools ("Email this story | Print | Comments (3)"): two or more links,
# each with a short label, and nothing else between them but glue.
_TOOL_LABEL_MAX = 30


def _tool_row(block: str) -> bool:
    links = _LINK_TEXT.findall(block)
    if len(links) < 2 or any(len(t.strip()) > _TOOL_LABEL_MAX for t in links):
        return False
    return _link_row(block)


def without_tool_rows(markdown: str) -> str:
    """Without the rows of the page's tools, wherever they stand in the story."""
    return _without_blocks(markdown, _tool_row)


def without_trailing_calls(markdown: str, authors: list[str]) -> str:
    """Without the last paragraphs that ask the reader to follow, subscribe or get the app
    (with the store badges after them), that sign the story ("Von: Jo Park") or present its
    writer ("Jo Park is our science editor..."): the site speaking once the story has ended."""
    blocks = markdown.split("\n\n")
    end = len(blocks)
    calls = 0
    for i in range(len(blocks) - 1, 0, -1):
        block = blocks[i]
        if block.startswith(("#", "|", "```", "- ", ">")):
            break
        text = _short_text(block, max(rules.CALL_MAX, rules.AUTHOR_NOTE_MAX))
        if text is None:
            break
        if not text:
            continue  # a picture: goes with a call before it, stays otherwise
        if not (_is_call(text) or _is_signature(text, authors)):
            break
        end = i
        calls += 1
        if calls == _MAX_CALLS:
            break
    if end == len(blocks) or not any(markdown_to_text(b).strip() for b in reversed(blocks[:end])):
        return markdown  # no story before it: a short post's own last words, not the site's
    return "\n\n".join(blocks[:end])


_PHOTO = _alternation(rules.CREDIT_PHOTO_WORDS)
_CREDIT = re.compile(
    # "... (Photo: AP)", "... (Image: GETTY)", "... (AP Photo/Name)", "... (Foto: dpa)"
    rf"\([^()]*\b(?:{_PHOTO}|{_alternation(rules.CREDIT_SOURCES)})\b[^()]*\)\W*$"
    # "Foto: Name", "Image illustrative : X", "© Name", "Bild via X" ("© 2019 Name" is the
    # text's copyright notice)
    rf"|^(?:(?:©|\(c\))(?!\s*\d{{4}})|(?:{_PHOTO})(?:\s+\w+)?\s*(?:[:/©|]|via\b))"
    # "Name, photo: Archives"
    rf"|[,.]\s*(?:{_PHOTO})\s*:\s*[^.:]{{2,80}}$",
    re.IGNORECASE,
)

# "Quelle: Landesregierung": where a picture or a figure came from (a longer one cites).
_SOURCE_LINE = re.compile(rf"(?:{_alternation(rules.SOURCE_LINE_WORDS)})\s*:", re.IGNORECASE)


def _is_credit(text: str) -> bool:
    return (len(text) <= rules.CREDIT_MAX and bool(_CREDIT.search(text))) or (
        len(text) <= rules.SOURCE_LINE_MAX and bool(_SOURCE_LINE.match(text))
    )


_LIST_ITEM = re.compile(r"\n(?=(?:[-+]|\d{1,9}[.)]) )")
_GALLERY_ITEM = re.compile(r"(?:[-+]|\d{1,9}[.)]) !\[")


def with_credits_marked(markdown: str) -> str:
    """Paragraphs that caption or credit a picture by their words alone, and lists of
    pictures (a gallery), marked as captions like <figcaption>s: kept in the Markdown, out of
    the running text."""
    blocks = markdown.split("\n\n")
    in_fence = False
    for i, block in enumerate(blocks):
        if block.count("```") % 2:
            in_fence = not in_fence
            continue
        if in_fence or block.startswith(CAPTION_MARK):
            continue
        if _GALLERY_ITEM.match(block) and all(
            _GALLERY_ITEM.match(item) for item in _LIST_ITEM.split(block)
        ):
            # A list whose every item opens with a picture is a gallery: its text captions.
            blocks[i] = f"{CAPTION_MARK}\n{block}"
            continue
        first = block[:1]
        if not (first.isalnum() or first in "(©*"):
            continue
        if "\n" in block:
            continue
        visible = _visible(block)
        if len(visible) > rules.CREDIT_MAX + _MARKUP_SLACK:
            continue
        # A rough text first (markup marks dropped), the real one only for a likely credit.
        if _is_credit(_rough_text(block)) and _is_credit(markdown_to_text(block, captions=True)):
            blocks[i] = f"{CAPTION_MARK}\n{block}"
    return "\n\n".join(blocks)


# The page's JSON-LD articleBody against what the page shows. Much longer: the page serves a
# teaser (truncated). Several times longer and a story of its own: what the page shows is a
# fragment (a script-rendered story, a miss of the detection), and articleBody is the body.
_TRUNCATED_SHARE = 1.5
_FALLBACK_SHARE = 3.0
_FALLBACK_MIN = 500
_MARKUP = re.compile(r"<(?:p|br|div|h[1-6]|ul|ol|li|blockquote)\b[^>]*>", re.IGNORECASE)


def checked_against_jsonld(markdown: str, article_body: str | None, base: str | None) -> Body:
    if not article_body:
        return Body(markdown=markdown, provenance={"body": "content"})
    shown = len(markdown_to_text(markdown)) if markdown else 0
    declared = len(" ".join(article_body.split()))
    if declared >= _FALLBACK_MIN and declared > _FALLBACK_SHARE * shown:
        fallback = _jsonld_markdown(article_body, base)
        if fallback:
            return Body(markdown=fallback, provenance={"body": "json-ld"})
    truncated = declared > _TRUNCATED_SHARE * max(shown, 1) + 200
    return Body(markdown=markdown, truncated=truncated, provenance={"body": "content"})


def _jsonld_markdown(article_body: str, base: str | None) -> str:
    """articleBody as Markdown: its HTML converted when it carries markup, else one
    paragraph per line."""
    if _MARKUP.search(article_body):
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(article_body, "lxml")
        root = soup.body or soup
        return to_markdown([root], base) if isinstance(root, Tag) else ""
    lines = (" ".join(line.split()) for line in article_body.splitlines())
    return "\n\n".join(escape_line_start(escape_text(line)) for line in lines if line)
