"""Pages that need a browser, through the real CLI and a real Chromium, served from loopback."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from warcio.archiveiterator import ArchiveIterator

from archiver.cli import cli
from archiver.frontmatter import read_article
from archiver.store import capture_path
from tests.conftest import require_tool
from tests.server import FIXTURES, Loopback

PAGES = FIXTURES / "browser"
SECRET = "The secret minutes of the committee were read aloud at the end of the evening."


@pytest.fixture(scope="module", autouse=True)
def chromium() -> str:
    return require_tool("chromium")


def archive(url: str, root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        cli,
        ["archive", url, "--archive-dir", str(root), "--browser-deadline", "8", *args],
        env=env,
    )


def stored(result: Result) -> str:
    """The stored article's body, after checking the command succeeded."""
    assert result.exit_code == 0, result.output
    return read_article(Path(result.stdout.strip())).body


def error_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def page_template(name: str, target: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8").replace("{{target}}", target)


@pytest.fixture
def public() -> Iterator[Loopback]:
    """A server on 127.0.0.5, an address the private-address check is told is public."""
    with Loopback(host="127.0.0.5") as srv:
        yield srv


# -- what a reader sees is archived ------------------------------------------------------------


def test_story_inserted_by_script_from_json_is_archived(server: Loopback, tmp_path: Path) -> None:
    """RELIABILITY 50: a story a script fetches as JSON and writes into an empty shell is
    archived from the rendered DOM: headline, byline and every paragraph.
    RELIABILITY 52: one fetch: the archiver's own response is served to the browser's
    navigation, so the page is requested once and its data once."""
    story = json.loads((PAGES / "story.json").read_text(encoding="utf-8"))
    result = archive(server.url("/browser/json-article.html"), tmp_path, "--browser", "always")
    body = stored(result)
    article = read_article(Path(result.stdout.strip()))
    assert article.headline == story["headline"]
    assert [a.name for a in article.authors] == [story["author"]]
    for paragraph in story["paragraphs"]:
        assert paragraph in body
    assert len(server.hits("/browser/json-article.html")) == 1
    assert len(server.hits("/browser/story.json")) == 1


def test_a_rendered_page_is_stored_with_its_raw_response_and_its_dom(
    server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 52: the capture holds the response the archiver fetched (the same bytes the
    server sent) and the rendered DOM as a conversion record referring to it; the front matter
    says `rendered: browser`; verify passes and reextract, offline, reads the DOM again."""
    url = server.url("/browser/json-article.html")
    path = Path(archive(url, tmp_path, "--browser", "always").stdout.strip())
    assert "\nrendered: browser\n" in path.read_text(encoding="utf-8")
    records = {}
    with capture_path(path).open("rb") as stream:
        for record in ArchiveIterator(stream):
            records[record.rec_type] = (record.rec_headers, record.content_stream().read())
    response_headers, raw = records["response"]
    conversion_headers, dom = records["conversion"]
    assert raw == (PAGES / "json-article.html").read_bytes()
    refers_to = conversion_headers.get_header("WARC-Refers-To")
    assert refers_to == response_headers.get_header("WARC-Record-ID")
    assert b"Harbour master Ines Calloway" in dom and b"Harbour master" not in raw
    runner = CliRunner()
    verified = runner.invoke(cli, ["verify", "--archive-dir", str(tmp_path)])
    assert verified.exit_code == 0, verified.output
    again = runner.invoke(cli, ["reextract", "--all", "--archive-dir", str(tmp_path)])
    assert again.exit_code == 0, again.output
    assert "0 of 1 articles changed" in again.stderr
    assert "Harbour master Ines Calloway" in read_article(path).body


def test_paragraphs_loaded_on_scroll_are_archived(server: Loopback, tmp_path: Path) -> None:
    """RELIABILITY 50: the page is scrolled once after it settles: paragraphs a scroll handler
    loads are in the archived story.
    RELIABILITY 51: under `auto` a static body with under half the words of the page's
    declared articleBody is rendered."""
    more = json.loads((PAGES / "scroll-more.json").read_text(encoding="utf-8"))
    result = archive(server.url("/browser/scroll.html"), tmp_path, "--browser", "auto")
    body = stored(result)
    assert "The annual book sale" in body
    for paragraph in more["paragraphs"]:
        assert paragraph in body
    assert len(server.hits("/browser/scroll-more.json")) == 1  # loaded by the scroll


def test_app_shell_story_under_a_consent_overlay_is_stored(
    server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 55: a consent dialog over a story that is in the DOM is taken out: the
    story is stored, without the notice's text. RELIABILITY 51: an app shell is rendered
    under `auto`."""
    result = archive(server.url("/browser/consent-overlay.html"), tmp_path, "--browser", "auto")
    body = stored(result)
    assert "The night ferry to the outer islands sailed again" in body
    assert "island councillors" in body.lower()
    assert "partners" not in body and "Accept all" not in body


def test_consent_wall_with_no_story_fails(server: Loopback, tmp_path: Path) -> None:
    """RELIABILITY 55: a consent notice that is all the page shows fails the URL as a
    "consent wall", and nothing is written."""
    result = archive(server.url("/browser/consent-wall.html"), tmp_path, "--browser", "auto")
    assert "consent wall" in error_line(result)
    assert not any(p.suffix == ".md" for p in tmp_path.rglob("*"))


def test_script_that_never_ends_is_stopped_at_the_deadline(
    server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 54: a script that loops forever is stopped at the render deadline and the
    DOM rendered by then is parsed: its story is stored."""
    started = time.monotonic()
    result = archive(
        server.url("/browser/loop.html"), tmp_path, "--browser", "always", "--browser-deadline", "3"
    )
    elapsed = time.monotonic() - started
    body = stored(result)
    assert "rare local apple" in body
    # Bounded by the deadline (3 s) plus the browser's start, not by the script.
    assert elapsed < 45


def test_page_that_never_settles_without_a_story_fails(server: Loopback, tmp_path: Path) -> None:
    """RELIABILITY 54: a page that never settles and shows no story by the deadline fails."""
    server.static(
        "/spinner.html",
        "<html><body><div id=root>Loading</div><script>"
        "setInterval(() => fetch('/poll.json'), 100)</script></body></html>",
    )
    server.static("/poll.json", "{}", content_type="application/json")
    result = archive(
        server.url("/spinner.html"), tmp_path, "--browser", "always", "--browser-deadline", "3"
    )
    assert "no article" in error_line(result)
    assert len(server.hits("/poll.json")) >= 2  # it kept polling until the deadline


# -- the archiver's checks on every request ---------------------------------------------------


def test_navigation_from_a_public_page_to_a_private_address_is_refused(
    public: Loopback, server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 53: a page on a public address whose script navigates to a private one:
    the navigation is refused (the private server never sees it) and the URL fails."""
    public.static("/story.html", page_template("navigate.html", server.url("/secret.html")))
    result = archive(
        public.url("/story.html"),
        tmp_path,
        "--browser",
        "always",
        env={"ARCHIVER_TREAT_AS_PUBLIC": "127.0.0.5"},
    )
    line = error_line(result)
    assert "private address refused" in line and "/secret.html" in line
    assert server.log == []


def test_request_from_a_public_page_to_a_private_address_is_aborted(
    public: Loopback, server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 53: a script's fetch from a public page to a private address never leaves
    the browser; the story is stored without what it would have fetched. The same page on a
    private address (the user asked for it) may reach its private neighbours."""
    server.static(
        "/secret.txt",
        SECRET,
        content_type="text/plain",
        headers={"Access-Control-Allow-Origin": "*"},
    )
    public.static("/story.html", page_template("fetch-private.html", server.url("/secret.txt")))
    env = {"ARCHIVER_TREAT_AS_PUBLIC": "127.0.0.5"}
    body = stored(archive(public.url("/story.html"), tmp_path, "--browser", "always", env=env))
    assert "regional festival" in body and "secret minutes" not in body
    assert server.log == []

    # Without the test setting the page's address is private too: nothing is refused.
    body = stored(archive(public.url("/story.html"), tmp_path / "b", "--browser", "always"))
    assert SECRET in body


def test_page_requests_are_bounded_by_the_size_cap(server: Loopback, tmp_path: Path) -> None:
    """RELIABILITY 53: the size cap holds for what a rendered page loads: a 3 MB response a
    script asks for is refused under --max-size 1, and the rest of the page is stored."""
    big = json.dumps({"filler": "x" * 3_000_000})
    server.static("/big.json", big, content_type="application/json")
    server.static(
        "/page.html",
        (PAGES / "fetch-private.html")
        .read_text(encoding="utf-8")
        .replace("{{target}}", "/big.json"),
    )
    body = stored(
        archive(server.url("/page.html"), tmp_path, "--browser", "always", "--max-size", "1")
    )
    assert "regional festival" in body and "xxxxxxxx" not in body


def test_a_rendered_dom_larger_than_the_size_cap_fails(server: Loopback, tmp_path: Path) -> None:
    """RELIABILITY 53: the size cap holds for the DOM a script builds (2 MB of text under a
    1 MB cap): the URL fails, nothing is written."""
    server.static(
        "/grow.html",
        "<html><body><h1>Growth</h1><script>const p = document.createElement('p');"
        "p.textContent = 'word '.repeat(400000); document.body.appendChild(p);</script>"
        "</body></html>",
    )
    result = archive(server.url("/grow.html"), tmp_path, "--browser", "always", "--max-size", "1")
    assert "larger than the size cap" in error_line(result)
    assert not any(p.suffix == ".md" for p in tmp_path.rglob("*"))


# -- modes ---------------------------------------------------------------------------------------


def test_static_page_is_not_rendered_under_auto(server: Loopback, tmp_path: Path) -> None:
    """RELIABILITY 51: under `auto` a page whose static HTML holds its story is stored as
    fetched: it succeeds even when the browser named cannot be started, and stores the same
    article as `--browser never`."""
    url = server.url("/browser/static.html")
    missing = str(tmp_path / "no-such-chromium")
    auto = stored(archive(url, tmp_path / "a", "--browser", "auto", "--browser-path", missing))
    never = stored(archive(url, tmp_path / "n", "--browser", "never"))
    assert auto == never and "river bridge" in auto
    assert [h.path for h in server.log] == ["/browser/static.html"] * 2


def test_a_redirect_hop_of_a_page_request_is_checked(
    public: Loopback, server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 53: a script's request to its own public host that redirects to a private
    address is refused at that hop (a redirect the browser followed itself would not be)."""
    server.static("/secret.txt", SECRET, content_type="text/plain")
    public.static("/hop", "", status=302, headers={"Location": server.url("/secret.txt")})
    public.static("/story.html", page_template("fetch-private.html", "/hop"))
    env = {"ARCHIVER_TREAT_AS_PUBLIC": "127.0.0.5"}
    body = stored(archive(public.url("/story.html"), tmp_path, "--browser", "always", env=env))
    assert "regional festival" in body and "secret minutes" not in body
    assert len(public.hits("/hop")) == 1
    assert server.log == []


SHELL = """<!DOCTYPE html><html><head><title>Gazette</title></head><body><div id="root"></div>
<footer id="clock"></footer><script>
document.getElementById("clock").textContent = "Render number " + Math.random();
fetch("/data.json").then((r) => r.json()).then((story) => {
  const article = document.createElement("article");
  article.innerHTML = "<h1></h1>";
  article.querySelector("h1").textContent = story.headline;
  for (const text of story.paragraphs) {
    const p = document.createElement("p"); p.textContent = text; article.appendChild(p);
  }
  document.getElementById("root").appendChild(article);
});
</script></body></html>"""


def story_json(paragraph: str) -> str:
    return json.dumps({"headline": "Council agrees the winter gritting routes", "paragraphs": [
        "The council agreed its winter gritting routes on Tuesday, adding the hill road to the "
        "school and the lane to the new health centre to the roads treated before dawn.",
        paragraph,
    ]})  # fmt: skip


def test_rearchiving_a_rendered_page_compares_the_story(server: Loopback, tmp_path: Path) -> None:
    """RELIABILITY 59: re-archiving a rendered page compares the extracted story, not the
    rendered bytes: a render that differs (a clock) with the same story is unchanged; a new
    story behind the same raw response is a new version."""
    first = "Crews will work in two shifts, and the depot has salt for twelve weeks of frost."
    server.static("/shell.html", SHELL)
    server.static("/data.json", story_json(first), content_type="application/json")
    url = server.url("/shell.html")

    def status() -> str:
        result = archive(url, tmp_path, "--browser", "auto")
        assert result.exit_code == 0, result.output
        return result.stderr.split(":", 1)[0]

    assert status() == "new"
    assert status() == "unchanged"
    later = "Crews will work in three shifts after the depot ran short of drivers last winter."
    server.static("/data.json", story_json(later), content_type="application/json")
    assert status() == "updated"
    path = next(tmp_path.rglob("*.md"))
    assert later in read_article(path).body
    shown = CliRunner().invoke(cli, ["show", str(path), "--archive-dir", str(tmp_path)])
    assert "versions: 2" in shown.stdout
