"""The real CLI, end to end: archive from a loopback server, render, parse, and bad input."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archiver import Article
from archiver.cli import cli
from tests.conftest import shared_path
from tests.server import FIXTURES, Loopback

SEED_PATH = (
    "/2024/12/19/at-least-100-north-korean-soldiers-killed-fighting-for-russia-seoul-says-a87399"
)


def run(*args: str, input: bytes | str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def one_error_line(result: Result) -> str:
    """The whole stderr of a failed command: exactly one `Error: ...` line, no traceback."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# -- the seed: the user's archive format, byte for byte ------------------------------------


def test_seed_page_archives_and_renders_byte_for_byte(server: Loopback, tmp_path: Path) -> None:
    page = shared_path("seed", "themoscowtimes-2024-12-19.html").read_bytes()
    expected = shared_path("seed", "000_bd1a0ab584c673e3.txt").read_text(encoding="utf-8")
    server.static(SEED_PATH, page)

    result = run("archive", server.url(SEED_PATH), "--archive-dir", str(tmp_path), "--no-assets")
    assert result.exit_code == 0, result.output
    stored = Path(result.stdout.strip())
    assert stored == tmp_path / "themoscowtimes.com" / "2024" / "12" / (
        "at-least-100-north-korean-soldiers-killed-fighting-for-russia-seoul-says.md"
    )

    rendered = run("render", str(stored), "--format", "article")
    assert rendered.exit_code == 0, rendered.output
    assert rendered.stdout == expected

    # The stored Markdown keeps the real link targets (relative ones resolved against the URL
    # the page was fetched from, as a browser does) and the image.
    markdown = stored.read_text(encoding="utf-8")
    assert (
        "![](https://static.themoscowtimes.com/image/article_1360/7c/north-korea-soldiers.jpg)"
        in markdown
    )
    assert f"]({server.origin}/2024/12/18/medvedev-threatens-times-journalists" in markdown
    assert "Most read" not in markdown and "Continue" not in markdown


@pytest.mark.parametrize("name", ["article_two_authors", "article_no_date", "article_images"])
def test_article_format_template(server: Loopback, tmp_path: Path, name: str) -> None:
    url = server.url(f"/pages/{name}.html")
    result = run("archive", url, "--archive-dir", str(tmp_path), "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    rendered = run("render", result.stdout.strip(), "--format", "article")
    expected = (FIXTURES / "expected" / f"{name}.txt").read_text(encoding="utf-8")
    assert rendered.stdout == expected.replace("<URL>", f"<{url}>")


def test_archive_prints_path_and_summary(server: Loopback, tmp_path: Path) -> None:
    url = server.url("/pages/article_two_authors.html")
    result = run("archive", url, "--archive-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path.is_file() and path.is_relative_to(tmp_path)
    assert path.parent == tmp_path / "riverside-ledger.example" / "2023" / "03"
    article_id = Article(
        url="https://www.riverside-ledger.example/2023/03/07/city-council-approves-bike-lanes"
    ).id
    assert result.stderr.startswith(f"new: {article_id} City Council Approves New Bike Lanes")


def test_archive_again_unchanged_writes_nothing(server: Loopback, tmp_path: Path) -> None:
    url = server.url("/pages/article_images.html")
    first = run("archive", url, "--archive-dir", str(tmp_path))
    assert first.exit_code == 0, first.output
    before = {p: p.stat().st_mtime_ns for p in stored_files(tmp_path)}
    second = run("archive", url, "--archive-dir", str(tmp_path))
    assert second.exit_code == 0, second.output
    assert second.stdout == first.stdout
    assert second.stderr.startswith("unchanged: ")
    assert {p: p.stat().st_mtime_ns for p in stored_files(tmp_path)} == before
    assert len(server.hits("/pages/article_images.html")) == 2


def test_archive_dir_from_environment_then_default(
    server: Loopback, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = server.url("/pages/article_no_date.html")
    env_dir = tmp_path / "from-env"
    result = CliRunner(env={"ARCHIVER_DIR": str(env_dir)}).invoke(cli, ["archive", url])
    assert result.exit_code == 0, result.output
    assert Path(result.stdout.strip()).is_relative_to(env_dir)

    monkeypatch.chdir(tmp_path)
    result = CliRunner(env={"ARCHIVER_DIR": None}).invoke(cli, ["archive", url])
    assert result.exit_code == 0, result.output
    assert Path(result.stdout.strip()).resolve().is_relative_to(tmp_path / "archive")


def test_archive_several_urls_one_bad_keeps_going(server: Loopback, tmp_path: Path) -> None:
    good = server.url("/pages/article_two_authors.html")
    bad = server.url("/missing.html")
    result = run("archive", bad, good, "--archive-dir", str(tmp_path))
    assert result.exit_code == 1
    assert len(result.stdout.strip().splitlines()) == 1
    assert "404" in result.stderr
    assert "1 of 2 URLs failed" in result.stderr


# -- bad input: one clear line, the right exit code, nothing written -----------------------


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("not a url", "spaces"),
        ("example.com/story", "http://"),
        ("http://[::1", "malformed"),
        ("ftp://example.com/file", "ftp"),
        ("file:///etc/passwd", "file"),
        ("http://", "host"),
    ],
)
def test_bad_url_is_a_usage_error(tmp_path: Path, url: str, needle: str) -> None:
    result = run("archive", url, "--archive-dir", str(tmp_path / "a"))
    assert result.exit_code == 2
    assert needle in one_error_line(result).lower()
    assert not (tmp_path / "a").exists()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_fetch_failures_exit_1_and_write_nothing(server: Loopback, tmp_path: Path) -> None:
    server.static("/broken", "<h1>oops</h1>", status=500)
    server.static("/doc.pdf", b"%PDF-1.7\n" + b"0" * 100, content_type="application/pdf")
    server.static("/big", "<p>" + "x" * 300_000 + "</p>")
    server.static("/loop", "", status=302, headers={"Location": "/loop"})
    server.static(
        "/empty",
        "<html><head><title>Shop</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
    )
    cases = {
        f"http://127.0.0.1:{_closed_port()}/x": "refused",
        "http://no-such-host.invalid/story": "resolve",
        server.url("/missing.html"): "404",
        server.url("/broken"): "500",
        server.url("/doc.pdf"): "application/pdf",
        server.url("/big"): "larger",
        server.url("/loop"): "redirect",
        server.url("/empty"): "no article",
    }
    for url, needle in cases.items():
        archive_dir = tmp_path / "archive"
        result = run(
            "archive", url, "--archive-dir", str(archive_dir), "--retries", "1", "--max-size", "0.1"
        )
        assert result.exit_code == 1, (url, result.output)
        assert needle in one_error_line(result).lower(), url
        assert stored_files(archive_dir) == [], url
    assert len(server.hits("/broken")) == 2  # the first try and one retry
    assert len(server.hits("/missing.html")) == 1  # a 404 is not retried


def test_stalling_server_fails_at_the_deadline(tmp_path: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        result = run(
            "archive",
            f"http://127.0.0.1:{port}/slow",
            "--archive-dir",
            str(tmp_path),
            "--deadline",
            "1",
            "--timeout",
            "5",
            "--retries",
            "0",
        )
    assert result.exit_code == 1
    assert "timed out" in one_error_line(result).lower()
    assert stored_files(tmp_path) == []


# -- parse: offline ------------------------------------------------------------------------


def test_parse_file_and_stdin_give_the_same_json() -> None:
    page = FIXTURES / "pages" / "article_two_authors.html"
    url = "https://www.riverside-ledger.example/2023/03/07/city-council-approves-bike-lanes"
    from_file = run("parse", str(page), "--url", url)
    from_stdin = run("parse", "-", "--url", url, input=page.read_bytes())
    assert from_file.exit_code == 0, from_file.output
    assert from_file.stdout == from_stdin.stdout
    data = json.loads(from_file.stdout)
    article = Article.model_validate({k: v for k, v in data.items() if k != "text"})
    assert article.headline == "City Council Approves New Bike Lanes"
    assert [a.name for a in article.authors] == ["Maria Gonzalez", "Tom O'Neill"]
    assert data["text"] == article.text
    assert "protected bike lanes" in article.text


def test_parse_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run("parse", str(tmp_path / "nope.html"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_render_invalid_document_is_one_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    result = run("render", str(bad))
    assert result.exit_code == 1
    assert "bad.md" in one_error_line(result)


# -- every command documents itself ----------------------------------------------------------


def test_every_command_has_help() -> None:
    assert cli.commands
    for name, command in cli.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert command.help and len(command.help.strip()) > 20, name
        assert "Usage: " in result.stdout
