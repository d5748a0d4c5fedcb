"""A second content finder, independent of class names and tag priors: text density.

Every block's inline text counts for the element holding it, as prose when it reads as a
paragraph (long enough, few links) and as noise otherwise (menus, labels, link lists). The
element with the most prose beyond its noise is the page's main text (the idea of
boilerpipe's and Finn's "body text extraction", on the tree). body.py compares its own
choice with this one and falls back on it when its choice is empty or much smaller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bs4.element import Tag

# A block's inline text is prose from this many characters, with at most this link share.
PROSE_MIN = 25
PROSE_LINKS = 0.3
# Noise counts against an element at this weight: below 1, a story keeps the odd label or
# caption between its paragraphs rather than shrinking to the longest run without one.
NOISE_WEIGHT = 0.5


class Figures(Protocol):
    """What the finder reads of one element (body.py's walk figures)."""

    tag: Tag
    index: int
    removed: bool
    inline: bool
    itext: int
    ilink: int

    @property
    def parent(self) -> Figures | None: ...


@dataclass
class MainText:
    node: Figures  # the element holding the page's main text
    prose: int  # characters of prose inside it
    page_prose: int  # characters of prose on the whole page


def prose_of(stat: Figures) -> int:
    """Characters of prose in `stat`'s own inline text (0 for a link line or a label).

    The body's measure, on the figures of its walk (text outside nested blocks, after
    cleaning). Two other counts read the soup before there are figures and stay their own:
    the headline's (page_lines.prose: runs of a sentence's length in a block, outside links,
    to tell the story's <h1> from a promotion's) and the dates' (dates._text_dates: strings
    longer than a date line passed after the headline, links and all, where a budget of
    characters read is what matters, not which block they belong to)."""
    if stat.inline or stat.itext < PROSE_MIN or stat.ilink > PROSE_LINKS * stat.itext:
        return 0
    return stat.itext - stat.ilink


def main_text(
    order: Sequence[Figures], outside: Figures | None = None
) -> tuple[MainText | None, list[int]]:
    """The element with the most prose beyond its noise, and each element's prose by index.

    `order` lists the page's elements in document order (parents first); an element marked
    removed counts for nothing, nor does anything inside it; with `outside`, neither does
    that element, and no element holding it is chosen."""
    n = len(order)
    prose = [0] * n
    noise = [0] * n
    for stat in reversed(order):
        # Children come before parents here; a removed subtree stops at its root.
        if stat.removed or stat is outside:
            continue
        i = stat.index
        if not stat.inline:
            own = prose_of(stat)
            prose[i] += own
            if not own:
                noise[i] += stat.itext
        up = stat.parent
        if up is not None:
            prose[up.index] += prose[i]
            noise[up.index] += noise[i]
    best: Figures | None = None
    best_value = 0.0
    dead = [False] * n
    holders: set[int] = set()
    up = outside.parent if outside is not None else None
    while up is not None:
        holders.add(id(up))
        up = up.parent
    for stat in order:
        up = stat.parent
        if stat.removed or stat is outside or (up is not None and dead[up.index]):
            dead[stat.index] = True
            continue
        if stat.inline or id(stat) in holders:
            continue
        value = prose[stat.index] - NOISE_WEIGHT * noise[stat.index]
        # Ties go to the deeper element (later in document order): the tighter container.
        if value > 0 and value >= best_value:
            best, best_value = stat, value
    if best is None:
        return None, prose
    return MainText(best, prose[best.index], prose[order[0].index] if order else 0), prose


__all__ = ["MainText", "main_text", "prose_of"]
