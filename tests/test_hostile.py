"""Hostile HTML through the whole pipeline: stored, or one clear error; never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archiver.cli import cli
from archiver.parse import parse
from tests.server import Loopback

PARAGRAPHS = "".join(
    f"<p>Paragraph {i} of an ordinary article, long enough to be read as prose by anyone.</p>"
    for i in range(6)
)


def _nested(depth: int) -> bytes:
    return ("<html><body><h1>Deep</h1>" + "<div>" * depth + PARAGRAPHS + "</div>" * depth).encode()


HOSTILE = {
    "nested": _nested(100_000),
    "nul": b"<html><body><h1>Nul\x00Title</h1><article>"
    + PARAGRAPHS.encode().replace(b"Paragraph", b"Para\x00graph")
    + b"</article></body></html>",
    # A str with lone surrogates (parse() takes str); served as the bytes they encode to.
    "surrogates": "<html><body><h1>Lone \udcff surrogate</h1><article>"
    + PARAGRAPHS
    + "<p>\ud800 here</p></article></body></html>",
    "huge-text": b"<html><body><h1>Huge</h1><article><p>"
    + b"word " * 1_000_000
    + b"</p></article></body></html>",
    "bad-bytes": b"<html><body><h1>\xff\xfe\xfa bytes</h1><article>"
    + PARAGRAPHS.encode()
    + b"\xc3\x28</article></body></html>",
    # Addresses whose host no URL parser reads (Python's raises ValueError on them): in the
    # banner's link home, the canonical link, the byline's link, a picture and a link.
    "unreadable-hosts": b"<html><head><title>Story - Site</title>"
    b'<link rel="canonical" href="https://[story]/a"><meta property="og:url" content="http://a]b/">'
    b'<meta property="og:image" content="https://[pic]/a.jpg"></head><body>'
    b'<h1><a href="https://[home]/">Site</a></h1><h2>Story</h2>'
    b'<p>By <a rel="author" href="https://[me]/">Ann Writer</a></p><article>'
    + PARAGRAPHS.encode()
    + b'<p><img src="https://[pic]/b.jpg" alt="A picture"> <a href="http://[::1/x">a link</a></p>'
    + b"</article></body></html>",
}


def _bytes(page: bytes | str) -> bytes:
    return page if isinstance(page, bytes) else page.encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_page_is_stored_or_refused_cleanly(
    server: Loopback, tmp_path: Path, name: str
) -> None:
    """RELIABILITY 15: 100k nested divs, NUL bytes, lone surrogates, a 5 MB text node."""
    server.static(f"/{name}", _bytes(HOSTILE[name]))
    result = CliRunner().invoke(
        cli, ["archive", server.url(f"/{name}"), "--archive-dir", str(tmp_path), "--retries", "0"]
    )
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code == 0:
        stored = Path(result.stdout.strip())
        assert stored.is_file()
        rendered = CliRunner().invoke(cli, ["render", str(stored), "--format", "json"])
        assert rendered.exit_code == 0, rendered.output
        assert "\x00" not in stored.read_text(encoding="utf-8")
    else:
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
        assert not any(p.suffix == ".md" for p in tmp_path.rglob("*"))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_parse_never_raises_on_hostile_input(name: str) -> None:
    """RELIABILITY 15: the library entry point degrades instead of raising."""
    page = HOSTILE[name]
    article = parse(page, url="https://news.example/x")
    assert isinstance(article.text, str)
    # Without a URL the page's own links (its canonical link) are read for one.
    assert isinstance(parse(page).text, str)
