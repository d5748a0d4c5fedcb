"""`archiver parse --explain`: every field's candidates, their sources, and the choice."""

from __future__ import annotations

from click.testing import CliRunner

from archiver.cli import cli
from archiver.parse.explain import explain
from tests.conftest import shared_path
from tests.server import FIXTURES

SEED_URL = (
    "https://www.themoscowtimes.com/2024/12/19/"
    "at-least-100-north-korean-soldiers-killed-fighting-for-russia-seoul-says-a87399"
)


def test_explain_lists_candidates_and_the_choice() -> None:
    html = (FIXTURES / "pages" / "meta_url_date.html").read_bytes()
    report = explain(html, "https://news.example.com/2021/04/07/bridge-named")
    lines = report.splitlines()
    assert "published: 2021-04-07  [byline]" in lines
    # Every candidate is listed with its source, the losing meta one included.
    assert "    - 2022-01-10T12:00:00+00:00  (meta article:published_time)" in lines
    assert "    - 2021-04-07  (url path)" in lines
    assert "headline: Bridge Named After Local Teacher  [h1]" in lines
    assert "authors: (none)" in lines


def test_explain_says_why_a_structured_author_was_left_out() -> None:
    report = explain((FIXTURES / "pages" / "meta_no_author.html").read_bytes(), None)
    assert "    - webeditor42  (json-ld author)" in report.splitlines()
    assert "note: authors: json-ld names no one the page shows" in report


def test_explain_on_garbage_does_not_raise() -> None:
    report = explain(b"\x00\xff<html><head><title>", "not a url")
    assert report.startswith("headline: (none)")


def test_cli_parse_explain_on_the_seed() -> None:
    path = shared_path("seed", "themoscowtimes-2024-12-19.html")
    result = CliRunner().invoke(cli, ["parse", str(path), "--url", SEED_URL, "--explain"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "authors: AFP <https://www.themoscowtimes.com/author/afp>  [json-ld]" in lines
    assert "published: 2024-12-19T13:57:00+03:00  [json-ld]" in lines
    assert "modified: 2024-12-19T14:20:00+03:00  [json-ld]" in lines
    assert "site_name: The Moscow Times  [meta]" in lines
    assert f"url: {SEED_URL}  [meta]" in lines
