"""Plain text of the Markdown dialect the parser writes: syntax, URLs and images removed.

The dialect (see archiver.parse.markdown): blocks separated by blank lines; ATX headings;
`-` and `1.` lists; `>` quotes; pipe tables; fenced code; `**`/`*` emphasis; inline links and
images; literal punctuation escaped with a backslash; a figure's caption or credit is a block
whose first line is CAPTION_MARK (an HTML comment, so Markdown viewers show the caption as an
ordinary paragraph).
"""

from __future__ import annotations

import re

_ESCAPABLE = r"\\`*_{}\[\]()#+\-.!|>~<"
_ESCAPE = re.compile(rf"\\([{_ESCAPABLE}])")
# The dialect's escapes, images and links, shared with the renderers.
ESCAPED = re.compile(rf"\\[{_ESCAPABLE}]")
_PROTECTED = re.compile("[\ue000-\ue07f]")
_CODE_SPAN = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)")
IMAGE = re.compile(r"!\[[^\]]*\]\((?:<[^>]*>|[^)\s]*)(?:\s+\"[^\"]*\")?\)")
LINK = re.compile(r"\[([^\]]*)\]\((?:<[^>]*>|[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>\s]*>")
# The dialect writes emphasis with `*` only; a literal `_` stays as written.
_EMPHASIS = re.compile(r"(\*\*|\*|~~)")
_HEADING = re.compile(r"^#{1,6}\s+")
_QUOTE = re.compile(r"^(?:>\s?)+")
_LIST = re.compile(r"^\s*(?:[-+*]|\d{1,9}[.)])\s+")
_RULE = re.compile(r"^\s*(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_TABLE_SEP = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HARD_BREAK = re.compile(r"(?<!\\)((?:\\\\)*)\\$")
CAPTION_MARK = "<!-- caption -->"
_BLANK_RUN = re.compile(r"\n{3,}")
# The private-use characters code spans wait in (above the escapes' own) while markup goes.
_CODE_BASE = 0xE100
_CODE_SLOTS = 0xF8FF - _CODE_BASE + 1
_CODE_SLOT = re.compile("[\ue100-\uf8ff]")


def _protect(match: re.Match[str]) -> str:
    return chr(0xE000 + ord(match.group(1)))


def _restore(match: re.Match[str]) -> str:
    return chr(ord(match.group(0)) - 0xE000)


def _markup(text: str) -> str:
    text = _ESCAPE.sub(_protect, text)
    text = IMAGE.sub("", text)
    text = LINK.sub(r"\1", text)
    text = _AUTOLINK.sub("", text)
    text = _EMPHASIS.sub("", text)
    return _PROTECTED.sub(_restore, text)


def _code(match: re.Match[str]) -> str:
    code = match.group(2)
    if len(code) > 2 and code.startswith(" ") and code.endswith(" "):
        code = code[1:-1]
    return code


def _inline(line: str) -> str:
    # Code spans are literal: no escapes, no emphasis inside them. They wait in private-use
    # characters while the rest of the line's markup goes, so that a link whose text holds one
    # ("[`--color` *when*](#color)") is still seen whole.
    line = _HARD_BREAK.sub(r"\1", line)
    if "`" not in line:
        return _markup(line).strip()
    codes = [_code(match) for match in _CODE_SPAN.finditer(line)]
    if len(codes) > _CODE_SLOTS or _CODE_SLOT.search(line):
        return _inline_pieces(line)
    slots = iter(range(_CODE_BASE, _CODE_BASE + len(codes)))
    text = _markup(_CODE_SPAN.sub(lambda _: chr(next(slots)), line))
    return _CODE_SLOT.sub(lambda m: codes[ord(m.group(0)) - _CODE_BASE], text).strip()


def _inline_pieces(line: str) -> str:
    """`_inline` for a line that already holds private-use characters (an icon font's)."""
    out: list[str] = []
    pos = 0
    for match in _CODE_SPAN.finditer(line):
        out.append(_markup(line[pos : match.start()]))
        out.append(_code(match))
        pos = match.end()
    out.append(_markup(line[pos:]))
    return "".join(out).strip()


def markdown_to_text(markdown: str, captions: bool = False) -> str:
    """Return the text a reader sees in `markdown`: blocks separated by one blank line.

    Figure captions and credits are left out unless `captions`, or unless they say more than
    the rest (a gallery told in its captions): the article's running text is the story.
    """
    lines, in_caption = _lines(markdown)
    full = _joined(lines)
    if captions or not any(in_caption):
        return full
    story = _joined([line for line, cap in zip(lines, in_caption, strict=True) if not cap])
    return story if len(story) >= len(full) - len(story) else full


def without_caption_marks(markdown: str) -> str:
    """`markdown` with the caption marks taken out (captions become plain paragraphs)."""
    if CAPTION_MARK not in markdown:
        return markdown
    out: list[str] = []
    in_fence = False
    for raw in markdown.split("\n"):
        if _FENCE.match(raw):
            in_fence = not in_fence
        elif not in_fence and raw == CAPTION_MARK:
            continue
        out.append(raw)
    return "\n".join(out)


def _lines(markdown: str) -> tuple[list[str], list[bool]]:
    """The text lines of `markdown`, and for each whether it is part of a caption."""
    out: list[str] = []
    flags: list[bool] = []
    in_fence = False
    in_caption = False
    for raw in markdown.splitlines():
        if in_caption and not raw.strip():
            in_caption = False
        if not in_fence and raw == CAPTION_MARK:
            in_caption = True
            continue
        line = _line(raw, in_fence)
        if _FENCE.match(raw):
            in_fence = not in_fence
        if line is not None:
            out.append(line)
            flags.append(in_caption)
    return out, flags


def _line(raw: str, in_fence: bool) -> str | None:
    """The text of one Markdown line; None for a line that shows nothing (a fence, a rule)."""
    if _FENCE.match(raw):
        return None
    if in_fence:
        return raw
    line = _QUOTE.sub("", raw.strip())
    if not line:
        return ""
    if _RULE.match(line) or _TABLE_SEP.match(line):
        return None
    if line.startswith("|") and line.endswith("|") and len(line) > 1:
        cells = [_inline(cell) for cell in re.split(r"(?<!\\)\|", line[1:-1])]
        return "\t".join(cells).strip()
    line = _HEADING.sub("", line)
    line = _LIST.sub("", line)
    return _inline(line)


def _joined(lines: list[str]) -> str:
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()


__all__ = ["CAPTION_MARK", "markdown_to_text", "without_caption_marks"]
