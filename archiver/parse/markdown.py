"""A cleaned content node (bs4) -> Markdown, by walking the tree once.

The dialect (archiver.plaintext inverts it): blocks separated by one blank line; ATX headings;
`-` and `1.` lists (tight, nested by indentation); `>` quotes; pipe tables; fenced code;
`**`/`*` emphasis; inline links and images with absolute targets; an image is a block of its
own; a figure's caption or credit is a block opened by the caption mark (a line of its own); a
backslash escapes punctuation only where Markdown would otherwise misread it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from urllib.parse import urljoin

from bs4.element import (
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    ProcessingInstruction,
    Tag,
)

from archiver.parse import rules
from archiver.parse.body_page import in_page
from archiver.parse.dom import INLINE_TAGS, row_cells
from archiver.parse.images import image_source, poster_source, repeats, unanswerable
from archiver.plaintext import CAPTION_MARK

Skip = Callable[[Tag], bool]

_SPACE = re.compile(r"\s+")
# Characters escaped wherever they appear in text: they open inline syntax.
_ESCAPE_ALWAYS = re.compile(r"([\\`*\[\]])")
# `_` opens emphasis only at a word boundary (intraword `snake_case` is literal).
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_TILDES = re.compile(r"~(?=~)|(?<=~)~")
# `<` followed by something a tag, autolink or comment could start with.
_ANGLE = re.compile(r"<(?=[A-Za-z/!?])")
# Line starts that Markdown reads as block syntax.
_LINE_HEADING = re.compile(r"^(#{1,6})(?=\s|$)")
_LINE_QUOTE = re.compile(r"^>")
_LINE_BULLET = re.compile(r"^([-+])(?=\s|$)")
_LINE_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_LINE_RULE = re.compile(r"^([-=_])(?=[-=_\s]*$)")
_LINE_PIPE = re.compile(r"^\|")
_URL_UNSAFE = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\n": "", "\t": ""}
_URL_UNSAFE_RE = re.compile(r"[ ()<>\n\t]")
_NUMBER = re.compile(r"\d+")
_SKIP_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_HARD_BREAK = "\\\n"
# Elements whose content is one run of text: a block set aside inside one does not end it.
_RUNS = INLINE_TAGS | rules.HEADING_TAGS
# Recursion guard for pathological nesting: deeper content is taken as plain text.
_MAX_DEPTH = 150


# Invisible marks that only hint at line breaking (soft hyphen, zero-width space, word
# joiner, zero-width no-break space): dropped, or they split words for search and reading.
# Zero-width (non-)joiners stay: they shape letters in several scripts.
_INVISIBLE = str.maketrans("", "", "\u00ad\u200b\u2060\ufeff")


def escape_text(text: str) -> str:
    """Escape inline syntax characters of ordinary text (not line starts)."""
    text = text.translate(_INVISIBLE)
    text = _ESCAPE_ALWAYS.sub(r"\\\1", text)
    if "_" in text:
        text = _UNDERSCORE.sub(r"\\_", text)
    if "~" in text:
        text = _TILDES.sub(r"\\~", text)
    if "<" in text:
        text = _ANGLE.sub(r"\\<", text)
    return text


def escape_line_start(line: str) -> str:
    """Escape what would make `line` a heading, quote, list item, rule or table row."""
    first = line[:1]
    if not first or first.isalpha():
        return line
    if first == "#":
        return _LINE_HEADING.sub(r"\\\1", line, count=1)
    if first == ">":
        return "\\" + line
    if first in "-+":
        line = _LINE_BULLET.sub(r"\\\1", line, count=1)
    if first.isdigit():
        return _LINE_ORDERED.sub(r"\1\\\2", line, count=1)
    if first in "-=_":
        return _LINE_RULE.sub(r"\\\1", line, count=1)
    if first == "|":
        return "\\" + line
    return line


def _url(href: str, base: str | None) -> str:
    href = href.strip()
    if unanswerable(href):
        return ""
    if base:
        try:
            href = urljoin(base, href)
        except ValueError:
            return ""
    return _URL_UNSAFE_RE.sub(lambda m: _URL_UNSAFE[m.group(0)], href)


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value or ""


def _size(tag: Tag, name: str) -> int | None:
    match = _NUMBER.match(_attr(tag, name).strip())
    return int(match.group(0)) if match else None


class _Blocks:
    """Blocks written so far plus the inline run of the paragraph being built.

    While `caption` is above zero, each block written is marked as a caption; blocks that
    become parts of a list item, quote or table cell (`marks` false) are never marked.
    """

    def __init__(self, marks: bool = True) -> None:
        self.blocks: list[str] = []
        self.run: list[str] = []
        self.marks = marks
        self.caption = 0

    def text(self, piece: str) -> None:
        self.run.append(piece)

    def flush(self) -> None:
        if not self.run:
            return
        text = "".join(self.run)
        self.run = []
        lines = [_SPACE.sub(" ", line).strip() for line in text.split(_HARD_BREAK)]
        # Two line breaks in a row end a paragraph: older pages set paragraphs with
        # <br><br> rather than <p>.
        paragraph: list[str] = []
        for line in [*lines, ""]:
            if line:
                paragraph.append(escape_line_start(line))
            elif paragraph:
                if _has_words("".join(paragraph)):
                    self._append(_HARD_BREAK.join(paragraph))
                paragraph = []

    def block(self, block: str) -> None:
        self.flush()
        if block.strip():
            self._append(block)

    def _append(self, block: str) -> None:
        if self.caption and not block.startswith(CAPTION_MARK):
            block = f"{CAPTION_MARK}\n{block}"
        self.blocks.append(block)


# A block this long that comes again is a repeat (a slideshow's caption per slide, a teaser
# shown twice, a second copy of the story), not the story saying the same thing twice. A
# paragraph of prose that comes again on its own, or in a run of copies of itself, is the
# page's text as written (a refrain, a filler paragraph) and stays: a copy of the story is a
# run of several different blocks, a caption or a teaser is short.
_MIN_REPEAT = 30
_MIN_PROSE_REPEAT = 200
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def _first_occurrences(blocks: list[str]) -> list[str]:
    seen: set[str] = set()
    repeats: list[bool] = []
    texts = [_LINK_TARGET.sub("", block) if "](" in block else block for block in blocks]
    # A caption shown again as a line of text (a slideshow's copy of it, before or after the
    # picture's own) is a repeat: the caption is kept.
    mark = f"{CAPTION_MARK}\n"
    captions = {text.removeprefix(mark) for text in texts if text.startswith(mark)}
    for text in texts:
        repeat = False
        if len(text) >= _MIN_REPEAT and not text.startswith("|"):
            repeat = text in seen or text in captions
            seen.add(text)
        repeats.append(repeat)
    out: list[str] = []
    for repeat, pairs in itertools.groupby(zip(repeats, blocks, strict=True), key=lambda p: p[0]):
        run = [block for _, block in pairs]
        if not repeat or (len(set(run)) == 1 and _prose_paragraph(run[0])):
            out.extend(run)
    return out


def _prose_paragraph(block: str) -> bool:
    return len(block) >= _MIN_PROSE_REPEAT and not block.startswith(("![", "[", "<!--", "|"))


def _has_words(text: str) -> bool:
    # Runs of emphasis markers, escapes, zero-width or decorative characters are no paragraph.
    return any(ch.isalnum() for ch in text)


class Converter:
    """Convert a content node to Markdown blocks; `skip` names nodes to leave out, `caption`
    block nodes that caption a figure (besides <figcaption>)."""

    def __init__(
        self, base_url: str | None, skip: Skip | None = None, caption: Skip | None = None
    ) -> None:
        self.base_url = base_url
        self.skip = skip or (lambda tag: False)
        self.caption = caption or (lambda tag: False)

    def convert(self, nodes: list[Tag]) -> str:
        out = _Blocks()
        for node in nodes:
            self._node(node, out, 0, False)
        out.flush()
        return "\n\n".join(_first_occurrences(out.blocks))

    # -- walking -------------------------------------------------------------------------

    def _children(self, node: Tag, out: _Blocks, depth: int, in_link: bool) -> None:
        if depth > _MAX_DEPTH:
            out.text(escape_text(_SPACE.sub(" ", node.get_text(" "))))
            return
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, _SKIP_STRINGS):
                    out.text(escape_text(_SPACE.sub(" ", str(child))))
            elif isinstance(child, Tag):
                self._node(child, out, depth + 1, in_link)

    def _node(self, tag: Tag, out: _Blocks, depth: int, in_link: bool) -> None:
        name = tag.name
        if name in rules.DROP_TAGS:
            if name == "video":
                # A video is not kept, but the picture it shows before it plays is.
                poster = poster_source(tag)
                if poster:
                    alt = _SPACE.sub(" ", _attr(tag, "title") or _attr(tag, "aria-label"))
                    self._picture(alt.strip(), poster, out)
            return
        if self.skip(tag):
            parent = tag.parent
            if name in rules.BLOCK_TAGS and parent is not None and parent.name not in _RUNS:
                # Runs of text on either side of a block set aside (an empty box between the
                # story's lines) stay apart, as they would with the block shown.
                out.flush()
            return
        if out.marks and (name == "figcaption" or (name in rules.BLOCK_TAGS and self.caption(tag))):
            out.flush()
            out.caption += 1
            self._element(tag, out, depth, in_link)
            out.flush()
            out.caption -= 1
            return
        self._element(tag, out, depth, in_link)

    def _element(self, tag: Tag, out: _Blocks, depth: int, in_link: bool) -> None:
        name = tag.name
        if name == "br":
            out.text(_HARD_BREAK)
        elif name == "img":
            self._image(tag, out)
        elif name == "a":
            self._link(tag, out, depth, in_link)
        elif name in ("strong", "b"):
            self._emphasis(tag, out, depth, in_link, "**")
        elif name in ("em", "i", "cite", "dfn"):
            self._emphasis(tag, out, depth, in_link, "*")
        elif name == "code" or name == "kbd" or name == "samp" or name == "tt":
            self._code_span(tag, out)
        elif name in rules.HEADING_TAGS:
            self._heading(tag, out, depth)
        elif name == "p":
            out.flush()
            self._children(tag, out, depth, in_link)
            out.flush()
        elif name in ("ul", "ol"):
            out.block(self._list(tag, depth))
        elif name == "blockquote":
            out.block(self._quote(tag, depth))
        elif name == "pre":
            out.block(self._pre(tag))
        elif name == "table":
            self._table(tag, out, depth)
        elif name == "figcaption" or name == "caption":
            out.flush()
            self._children(tag, out, depth, in_link)
            out.flush()
        elif name == "hr":
            out.flush()
        elif name in rules.BLOCK_TAGS:
            out.flush()
            self._children(tag, out, depth, in_link)
            out.flush()
        else:
            self._children(tag, out, depth, in_link)

    def _sub(self, tag: Tag, depth: int, in_link: bool, within: _Blocks | None = None) -> _Blocks:
        """`tag`'s content as blocks; they go on as blocks of `within` when given (and so
        may be captions), else into a list item, quote or cell."""
        sub = _Blocks(within is not None and within.marks)
        if within is not None:
            sub.caption = within.caption
        self._children(tag, sub, depth, in_link)
        return sub

    def _inline_or_blocks(self, tag: Tag, out: _Blocks, depth: int, in_link: bool) -> str | None:
        """The inline Markdown of `tag`, or None after writing its blocks to `out`."""
        sub = self._sub(tag, depth, in_link, out)
        if not sub.blocks:
            return "".join(sub.run)
        out.flush()
        sub.flush()
        for block in sub.blocks:
            out.block(block)
        return None

    # -- inline --------------------------------------------------------------------------

    def _emphasis(self, tag: Tag, out: _Blocks, depth: int, in_link: bool, mark: str) -> None:
        inner = self._inline_or_blocks(tag, out, depth, in_link)
        if inner is None:
            return
        core = inner.strip()
        if not core or core.startswith("*") or core.endswith("*") or _HARD_BREAK in core:
            # Nested or empty emphasis would read as stray stars: keep the text only.
            out.text(inner)
            return
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()) :]
        out.text(f"{lead}{mark}{core}{mark}{trail}")

    def _link(self, tag: Tag, out: _Blocks, depth: int, in_link: bool) -> None:
        inner = self._inline_or_blocks(tag, out, depth, True)
        if inner is None:
            return
        href = _attr(tag, "href").strip()
        core = inner.strip()
        if in_link or not core or not href or href.lower().startswith(("javascript:", "data:")):
            out.text(inner)
            return
        if in_page(href):
            out.text(inner)
            return
        url = _url(href, self.base_url)
        if not url:
            out.text(inner)
            return
        core = core.replace(_HARD_BREAK, " ")
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()) :]
        if out.run and not lead and out.run[-1].endswith("!"):
            # `!` right before `[` would turn the link into an image.
            out.run[-1] = out.run[-1][:-1] + "\\!"
        out.text(f"{lead}[{core}]({url}){trail}")

    def _code_span(self, tag: Tag, out: _Blocks) -> None:
        text = _SPACE.sub(" ", tag.get_text())
        if not text.strip():
            out.text(text)
            return
        longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
        fence = "`" * (longest + 1)
        pad = " " if text.startswith("`") or text.endswith("`") else ""
        out.text(f"{fence}{pad}{text}{pad}{fence}")

    def _image(self, img: Tag, out: _Blocks) -> None:
        alt = _SPACE.sub(" ", _attr(img, "alt")).strip()
        width, height = _size(img, "width"), _size(img, "height")
        small = (width is not None and width <= 40) or (height is not None and height <= 40)
        if small:
            # Icons, emoji and tracking pixels: an emoji's alt text is its character.
            if alt and len(alt) <= 2:
                out.text(escape_text(alt))
            return
        src = image_source(img)
        if src:
            self._picture(alt, src, out)

    def _picture(self, alt: str, src: str, out: _Blocks) -> None:
        url = _url(src, self.base_url)
        if not url:
            return
        if out.blocks and not "".join(out.run).strip() and repeats(out.blocks[-1], url):
            return  # the <noscript> copy of the picture just written
        out.block(f"![{escape_text(alt)}]({url})")

    # -- blocks --------------------------------------------------------------------------

    def _heading(self, tag: Tag, out: _Blocks, depth: int) -> None:
        inner = self._inline_or_blocks(tag, out, depth, False)
        if inner is None:
            return
        text = _SPACE.sub(" ", inner.replace(_HARD_BREAK, " ")).strip()
        if not text or not _has_words(text):
            return
        if text.endswith("#"):
            text = text[:-1] + "\\#"
        level = int(tag.name[1])
        out.block("#" * level + " " + text)

    def _list(self, tag: Tag, depth: int) -> str:
        ordered = tag.name == "ol"
        start = _size(tag, "start") if ordered else None
        number = start if start is not None else 1
        lines: list[str] = []
        for item in tag.children:
            if not isinstance(item, Tag):
                if isinstance(item, NavigableString) and str(item).strip():
                    lines.append("- " + escape_text(_SPACE.sub(" ", str(item)).strip()))
                continue
            if self.skip(item) or item.name in rules.DROP_TAGS:
                continue
            if item.name in ("ul", "ol"):
                nested = self._list(item, depth + 1)
                if nested:
                    lines.extend("  " + line if line else line for line in nested.split("\n"))
                continue
            sub = _Blocks(marks=False)
            if item.name == "li":
                self._children(item, sub, depth + 1, False)
            else:
                self._node(item, sub, depth + 1, False)
            sub.flush()
            if not sub.blocks:
                continue
            marker = f"{number}. " if ordered else "- "
            number += 1
            pad = " " * len(marker)
            body = "\n".join(sub.blocks).split("\n")
            lines.append(marker + body[0])
            lines.extend(pad + line if line else line for line in body[1:])
        return "\n".join(lines)

    def _quote(self, tag: Tag, depth: int) -> str:
        sub = self._sub(tag, depth, False)
        sub.flush()
        text = "\n\n".join(sub.blocks)
        if not text.strip():
            return ""
        return "\n".join("> " + line if line else ">" for line in text.split("\n"))

    def _pre(self, tag: Tag) -> str:
        text = tag.get_text().strip("\n")
        if not text.strip():
            return ""
        longest = max((len(m) for m in re.findall(r"^\s*(`{3,})", text, re.M)), default=2)
        fence = "`" * max(3, longest + 1)
        language = ""
        code = tag.find("code")
        for cls in _attr(code if isinstance(code, Tag) else tag, "class").split():
            if cls.startswith(("language-", "lang-")):
                language = cls.split("-", 1)[1]
                break
        return f"{fence}{language}\n{text}\n{fence}"

    def _table(self, tag: Tag, out: _Blocks, depth: int) -> None:
        rows = _rows(tag)
        if _is_layout(tag, rows):
            out.flush()
            self._children(tag, out, depth, False)
            out.flush()
            return
        caption = tag.find("caption", recursive=False)
        if isinstance(caption, Tag) and not self.skip(caption):
            out.flush()
            self._children(caption, out, depth, False)
            out.flush()
        grid: list[list[str]] = []
        header_row = False
        for i, row in enumerate(rows):
            cells: list[str] = []
            for cell in row_cells(row):
                if self.skip(cell):
                    continue
                sub = self._sub(cell, depth + 1, False)
                sub.flush()
                text = " ".join(b.replace(_HARD_BREAK, " ") for b in sub.blocks)
                text = _SPACE.sub(" ", text).strip().replace("|", "\\|")
                cells.append(text)
                span = _size(cell, "colspan") or 1
                cells.extend([""] * (min(span, 50) - 1))
            if i == 0:
                header_row = row.find("th") is not None
            if any(cells):
                grid.append(cells)
        if not grid:
            return
        width = max(len(r) for r in grid)
        grid = [r + [""] * (width - len(r)) for r in grid]
        if not header_row:
            # GFM needs a header row; an empty one keeps every data row a data row.
            grid.insert(0, [""] * width)
        lines = ["| " + " | ".join(grid[0]) + " |", "|" + "|".join([" --- "] * width) + "|"]
        lines.extend("| " + " | ".join(r) + " |" for r in grid[1:])
        out.block("\n".join(lines))


def _rows(table: Tag) -> list[Tag]:
    rows: list[Tag] = []
    for child in table.children:
        if not isinstance(child, Tag):
            continue
        if child.name == "tr":
            rows.append(child)
        elif child.name in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child.children if isinstance(r, Tag) and r.name == "tr")
    return rows


def _is_layout(table: Tag, rows: list[Tag]) -> bool:
    """A table used to lay out a page, not to hold data: walk it as blocks."""
    if not rows:
        return True
    if _attr(table, "role") == "presentation":
        return True
    if table.find(("table", "p", "ul", "ol", "blockquote", "h1", "h2", "h3", "pre")):
        return True
    columns = max(len(row_cells(r)) for r in rows)
    return columns <= 1


def to_markdown(
    nodes: list[Tag], base_url: str | None, skip: Skip | None = None, caption: Skip | None = None
) -> str:
    """Markdown of `nodes` in order; links and images resolved against `base_url`."""
    try:
        return Converter(base_url, skip, caption).convert(nodes)
    except RecursionError:
        # Nesting beyond what the walk can follow: the text is still worth keeping.
        text = " ".join(_SPACE.sub(" ", node.get_text(" ")).strip() for node in nodes)
        return escape_line_start(escape_text(text.strip()))


__all__ = ["Converter", "escape_line_start", "escape_text", "image_source", "to_markdown"]
