"""`--browser never|auto|always` without a browser: the `auto` rules, the messages when no
browser can be had, $ARCHIVER_BROWSER. None of these start Chromium."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archiver import Article
from archiver.browser import needs_browser
from archiver.browser.decide import declared_words, find_browser, is_app_shell
from archiver.cli import cli
from archiver.fetch import Fetched
from archiver.pipeline import extract
from tests.server import FIXTURES, Loopback

PAGES = FIXTURES / "browser"


def page(html: str) -> Fetched:
    return Fetched(
        requested_url="https://news.example/story",
        final_url="https://news.example/story",
        status=200,
        reason="OK",
        http_version="HTTP/1.1",
        request_headers=[],
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=html.encode("utf-8"),
        content_type="text/html",
        charset="utf-8",
        retrieved_at=datetime.now(UTC),
    )


def fixture(name: str) -> Fetched:
    return page((PAGES / name).read_text(encoding="utf-8"))


def why(fetched: Fetched) -> str | None:
    try:
        article = extract(fetched)
    except Exception:
        article = None
    return needs_browser(fetched, article)


def test_auto_rules_render_only_the_pages_that_need_it() -> None:
    """RELIABILITY 51: `auto` renders a page with no article in its static HTML, a body under
    half the words of its declared articleBody, an app shell, or a static "article" that is a
    consent notice; a static article is not."""
    assert why(fixture("static.html")) is None
    assert why(fixture("json-article.html")) == "no article in the static HTML"
    assert why(fixture("consent-wall.html")) == "no article in the static HTML"
    reason = why(fixture("scroll.html"))
    assert reason == "the static body has 55 of the 176 words the page declares"
    assert declared_words((PAGES / "scroll.html").read_text(encoding="utf-8")) == 176
    # A consent notice in the static HTML, the story to come by script.
    assert why(fixture("consent-overlay.html")) == "the static article is a consent notice"
    # A shell whose loading line the parser takes for a body is still a shell.
    shell = page('<html><body><div id="root"><p>Loading the story</p></div><script></script>')
    loading = Article(headline="The Gazette", body="Loading the story")
    assert needs_browser(shell, loading) == "the static page is an app shell"


def test_an_app_shell_is_a_root_element_scripts_and_little_text() -> None:
    """RELIABILITY 51: the app-shell rule: under 200 characters of text, a root element and
    a script; any one missing and it is not a shell."""
    shell = (
        '<html><body><div id="__next">Loading…</div><script src="/app.js"></script></body></html>'
    )
    assert is_app_shell(shell)
    assert not is_app_shell(shell.replace('<script src="/app.js"></script>', ""))
    assert not is_app_shell(shell.replace('id="__next"', 'id="content"'))
    assert not is_app_shell(shell.replace("Loading…", "word " * 60))
    assert is_app_shell("<html><body><app-root></app-root><script>1</script></body></html>")


def test_find_browser_takes_the_named_path_or_searches_path(tmp_path: Path) -> None:
    """RELIABILITY 56: --browser-path names the executable; without it PATH is searched; a
    name that is no executable finds nothing."""
    program = tmp_path / "chromium"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    assert find_browser(program) == str(program)
    assert find_browser(tmp_path / "absent") is None
    (tmp_path / "not-executable").write_text("")
    assert find_browser(tmp_path / "not-executable") is None


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def one_error(result: Result, code: int = 1) -> str:
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture
def no_browser(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH holds no browser."""
    empty = tmp_path / "empty-path"
    empty.mkdir()
    return {"PATH": str(empty)}


def test_always_without_a_browser_fails_before_fetching(
    server: Loopback, tmp_path: Path, no_browser: dict[str, str]
) -> None:
    """RELIABILITY 56: `--browser always` with no browser: one line saying how to install
    one, exit 1, and no request made."""
    url = server.url("/browser/static.html")
    result = run(
        "archive", url, "--archive-dir", str(tmp_path), "--browser", "always", env=no_browser
    )
    line = one_error(result)
    assert line == (
        "Error: no browser found: install Chromium (apt-get install chromium) or name one "
        "with --browser-path"
    )
    assert server.log == []


def test_auto_without_a_browser_fails_only_the_pages_that_need_one(
    server: Loopback, tmp_path: Path, no_browser: dict[str, str]
) -> None:
    """RELIABILITY 56: under `auto` with no browser, a page that needs one fails with "needs
    a browser (none found: install chromium)" and the others are stored."""
    shell = server.url("/browser/json-article.html")
    static = server.url("/browser/static.html")
    args = ["archive", shell, static, "--archive-dir", str(tmp_path), "--browser", "auto"]
    result = run(*args, env=no_browser)
    assert result.exit_code == 1, result.output
    assert f"Error: needs a browser (none found: install chromium): {shell}" in result.stderr
    assert result.stdout.strip().endswith("bridge-repairs-finish-a-month-early.md")


def test_archiver_browser_sets_the_mode_and_the_flag_wins(
    server: Loopback, tmp_path: Path, no_browser: dict[str, str]
) -> None:
    """RELIABILITY 56: $ARCHIVER_BROWSER holds the mode; --browser overrides it; a bad value
    is a usage error."""
    url = server.url("/browser/static.html")
    env = {**no_browser, "ARCHIVER_BROWSER": "always"}
    assert "no browser found" in one_error(
        run("archive", url, "--archive-dir", str(tmp_path), env=env)
    )
    result = run("archive", url, "--archive-dir", str(tmp_path), "--browser", "never", env=env)
    assert result.exit_code == 0, result.output
    bad = run("archive", url, "--archive-dir", str(tmp_path), env={"ARCHIVER_BROWSER": "sometimes"})
    assert bad.exit_code == 2 and "sometimes" in bad.output


def test_a_browser_path_that_is_not_there_is_named(server: Loopback, tmp_path: Path) -> None:
    """RELIABILITY 56: --browser-path naming nothing: the error names the path."""
    url = server.url("/browser/json-article.html")
    missing = str(tmp_path / "chromium")
    result = run(
        "archive",
        url,
        "--archive-dir",
        str(tmp_path),
        "--browser",
        "always",
        "--browser-path",
        missing,
    )
    assert one_error(result).startswith(f"Error: no browser at {missing}: install Chromium")
