"""Story text for small test pages: numbered paragraphs of prose, enough for the body finder
to take them as the article."""

from __future__ import annotations

# The story most small pages of the parse tests use.
BRIDGE = (
    "of the report says what the council decided about the bridge, and what the engineers"
    " found when they looked at it again in the spring."
)


def numbered_story(sentence: str = BRIDGE, count: int = 5) -> str:
    """`count` paragraphs, each "Paragraph N " and `sentence`."""
    return "".join(f"<p>Paragraph {n} {sentence}</p>" for n in range(1, count + 1))
