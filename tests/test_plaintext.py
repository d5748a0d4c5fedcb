"""plaintext.py: the text a reader sees in the parser's Markdown, and nothing else."""

from __future__ import annotations

import pytest

from archiver.plaintext import markdown_to_text, without_caption_marks


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("Plain prose, with U.S. dots.", "Plain prose, with U.S. dots."),
        ("**bold** and *italic*", "bold and italic"),
        ("[a link](https://x.example/a)", "a link"),
        ("![alt text](https://x.example/i.jpg)", ""),
        ("Before\n\n![alt](https://x.example/i.jpg)\n\nafter", "Before\n\nafter"),
        ("## Heading", "Heading"),
        ("- one\n- two\n  - nested", "one\ntwo\nnested"),
        ("3. three\n4. four", "three\nfour"),
        ("> quoted\n>\n> more", "quoted\n\nmore"),
        ("| A | B |\n| --- | --- |\n| 1 | 2 |", "A\tB\n1\t2"),
        ("```python\nx = a*b  # [1]\n```", "x = a*b  # [1]"),
        ("Run `a*b [x](y)` now", "Run a*b [x](y) now"),
        # a link whose text holds code (an option's name in a manual page)
        ("[`--color` *when*](#opt-color)", "--color when"),
        ("See [`--dry-run`](#opt) and `*x*`.", "See --dry-run and *x*."),
        # a line with an icon font's private-use character still reads its code spans
        ("\uf099 `a*b` *c*", "\uf099 a*b c"),
        ("\\# not a heading \\*x\\* \\[y\\]", "# not a heading *x* [y]"),
        ("snake_case stays, \\_under\\_ too", "snake_case stays, _under_ too"),
        ("Line one\\\nLine two", "Line one\nLine two"),
        ("a \\\\ backslash", "a \\ backslash"),
        ("see <https://x.example/a> now", "see  now"),
        ("**Related:** [Story](https://x.example/s)", "Related: Story"),
    ],
)
def test_markdown_to_text(markdown: str, text: str) -> None:
    assert markdown_to_text(markdown) == text


def test_blank_lines_collapse_to_one() -> None:
    assert markdown_to_text("a\n\n\n\nb") == "a\n\nb"


def test_escaped_pipe_in_a_table_cell() -> None:
    assert markdown_to_text("| a\\|b | c |\n| --- | --- |") == "a|b\tc"


CAPTIONED = (
    "![Pier](https://x.example/p.jpg)\n\n<!-- caption -->\nWaves on Tuesday. **Photo: Jo Park**\n\n"
    "The story goes on for longer than its caption does."
)


def test_captions_are_left_out_of_the_running_text() -> None:
    assert markdown_to_text(CAPTIONED) == "The story goes on for longer than its caption does."


def test_captions_are_kept_on_request() -> None:
    assert markdown_to_text(CAPTIONED, captions=True) == (
        "Waves on Tuesday. Photo: Jo Park\n\nThe story goes on for longer than its caption does."
    )


def test_a_gallery_told_in_captions_keeps_them() -> None:
    markdown = "Six costumes.\n\n" + "\n\n".join(
        f"![](https://x.example/{n}.jpg)\n\n<!-- caption -->\nCostume {n}: a hat, a cape and boots."
        for n in range(6)
    )
    text = markdown_to_text(markdown)
    assert text.startswith("Six costumes.\n\nCostume 0: a hat")
    assert "Costume 5: a hat, a cape and boots." in text


def test_a_caption_mark_inside_code_is_code() -> None:
    markdown = "```\n<!-- caption -->\nkept\n```\n\nAfter the code block, prose."
    assert markdown_to_text(markdown) == "<!-- caption -->\nkept\n\nAfter the code block, prose."


def test_without_caption_marks_keeps_the_caption_as_a_paragraph() -> None:
    assert without_caption_marks(CAPTIONED) == CAPTIONED.replace("<!-- caption -->\n", "")
