"""plaintext.py: the text a reader sees in the parser's Markdown, and nothing else."""

from __future__ import annotations

import pytest

from archiver.plaintext import markdown_to_text


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
