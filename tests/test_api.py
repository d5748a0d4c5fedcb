"""The public API: `archiver.parse` is the function whatever was imported first."""

from __future__ import annotations

import subprocess
import sys

import pytest

import archiver


@pytest.mark.parametrize(
    "first",
    ["archiver", "archiver.parse.body", "archiver.pipeline", "archiver.cli", "archiver.store"],
)
def test_parse_is_the_function_in_any_import_order(first: str) -> None:
    code = (
        f"import {first}\nimport archiver\nimport archiver.parse.markdown\n"
        "a = archiver.parse(b'<h1>Hi</h1><article><p>' + b'Some words here. ' * 20 + b'</p>'"
        "+ b'</article>', url='https://news.example/a')\n"
        "assert a.headline == 'Hi', a.headline\nprint(type(a).__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "Article"


def test_everything_in_all_is_importable() -> None:
    for name in archiver.__all__:
        assert getattr(archiver, name) is not None, name
    assert archiver.Article.__name__ == "Article"
    with pytest.raises(AttributeError):
        archiver.no_such_thing  # noqa: B018
