"""`archiver import --browser`: a batch through the real CLI and one real Chromium."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from click.testing import CliRunner, Result

from archiver.cli import cli
from archiver.frontmatter import read_article
from tests.conftest import require_tool
from tests.server import FIXTURES, Loopback

FAST = ["--retries", "0", "--timeout", "5", "--browser-deadline", "8"]
A_WARC = next((FIXTURES / "schema1").rglob("*.warc.gz"))


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["import", *map(str, args)], env=env)


def url_list(tmp_path: Path, urls: list[str]) -> Path:
    path = tmp_path / "list.txt"
    path.write_text("\n".join(urls) + "\n", encoding="utf-8")
    return path


def rendered_key(path: str) -> str:
    """The stored document's `rendered:` value."""
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("rendered: "):
            return line.split(": ", 1)[1]
    return ""


def test_import_auto_renders_only_the_pages_that_need_it(server: Loopback, tmp_path: Path) -> None:
    """RELIABILITY 51: `import --browser auto` renders the script-built pages and no other;
    RELIABILITY 55: a consent wall fails in a batch and the batch goes on."""
    require_tool("chromium")
    names = ["static", "json-article", "scroll", "consent-overlay", "consent-wall"]
    urls = [server.url(f"/browser/{name}.html") for name in names]
    report = tmp_path / "report.jsonl"
    result = run(
        url_list(tmp_path, urls), "--archive-dir", tmp_path / "a", "--browser", "auto",
        "--delay", "0", "--report", report, *FAST,
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    rows = {row["url"]: row for row in map(json.loads, report.read_text().splitlines())}
    paths = {name: rows[url]["path"] for name, url in zip(names, urls, strict=True)}
    how = {name: rendered_key(path) for name, path in paths.items() if path}
    assert how == {
        "static": "http",
        "json-article": "browser",
        "scroll": "browser",
        "consent-overlay": "browser",
    }
    wall = rows[urls[-1]]
    assert wall["status"] == "failed" and "consent wall" in wall["error"]
    assert "Harbour master Ines Calloway" in read_article(Path(rows[urls[1]]["path"])).body


PARALLEL_DATA = """<!DOCTYPE html><html><head><title>Gazette</title></head><body>
<div id="root"></div><script>
Promise.all(["a", "b", "c"].map((part) => fetch("/data/" + part + ".json?page=PAGE")
  .then((r) => r.json()))).then((parts) => {
  const article = document.createElement("article");
  article.innerHTML = "<h1>Tide tables for the winter are published</h1>";
  for (const part of parts) {
    const p = document.createElement("p"); p.textContent = part.text; article.appendChild(p);
  }
  document.getElementById("root").appendChild(article);
});
</script></body></html>"""


def test_navigation_counts_for_politeness_and_robots_page_requests_do_not(
    server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 57: in a batch the navigation is the batch's own polite fetch: pages of one
    host are a --delay apart and robots.txt is obeyed; the requests a page makes in the browser
    take no politeness slot (a page's three data requests to the same host go out together)."""
    require_tool("chromium")
    server.static("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    for part in "abc":
        text = f"Part {part} of the story: the harbour office published the winter tide tables."
        server.static(f"/data/{part}.json", json.dumps({"text": text}), content_type="text/json")
    for n in range(3):
        server.static(f"/s{n}/story.html", PARALLEL_DATA.replace("PAGE", str(n)))
    server.static("/private/story.html", PARALLEL_DATA)
    urls = [server.url(f"/s{n}/story.html") for n in range(3)] + [server.url("/private/story.html")]
    result = run(
        url_list(tmp_path, urls), "--archive-dir", tmp_path / "a", "--browser", "always",
        "--delay", "2", *FAST,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(result.stdout.split()) == 3
    assert server.hits("/private/story.html") == []
    starts = sorted(h.start for h in server.log if h.path.endswith("/story.html"))
    assert len(starts) == 3
    # Server-side times jitter on a loaded machine: a gap near 2 s, never pages together.
    assert all(b - a >= 1.4 for a, b in itertools.pairwise(starts))
    for n in range(3):
        data = [h.start for h in server.log if h.path.endswith(f".json?page={n}")]
        assert len(data) == 3
        assert max(data) - min(data) < 2.0  # together: held a --delay apart they would span 4 s


def test_browser_is_refused_with_warc_input_or_cluster(server: Loopback, tmp_path: Path) -> None:
    """RELIABILITY 56: --browser with WARC input or --cluster is one clear usage error;
    $ARCHIVER_BROWSER is left aside for a WARC import."""
    line = "--browser applies to pages fetched from URLs, not to WARC input or --cluster"
    warc = run(A_WARC, "--archive-dir", tmp_path / "a", "--browser", "auto")
    assert warc.exit_code == 2 and line in warc.stderr, warc.output
    urls = url_list(tmp_path, [server.url("/browser/static.html")])
    cluster = run(
        urls, "--archive-dir", tmp_path / "b", "--browser", "always", "--cluster", "local"
    )
    assert cluster.exit_code == 2 and line in cluster.stderr, cluster.output
    assert server.log == []
    from_env = run(A_WARC, "--archive-dir", tmp_path / "c", env={"ARCHIVER_BROWSER": "always"})
    assert from_env.exit_code == 0, from_env.output
    # A WARC piped on stdin is known by its first bytes only, after the options are checked.
    piped = CliRunner().invoke(
        cli, ["import", "-", "--archive-dir", str(tmp_path / "d"), "--browser", "auto"],
        input=A_WARC.read_bytes(),
    )  # fmt: skip
    assert piped.exit_code == 2 and line in piped.stderr, piped.output
    assert not (tmp_path / "d").exists() or not any((tmp_path / "d").rglob("*.md"))


def test_import_always_without_a_browser_fails_before_fetching(
    server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 56: `import --browser always` with no browser: one line, no request."""
    empty = tmp_path / "empty"
    empty.mkdir()
    urls = url_list(tmp_path, [server.url("/browser/static.html")])
    result = run(
        urls, "--archive-dir", tmp_path / "a", "--browser", "always", env={"PATH": str(empty)}
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: no browser found: install Chromium (apt-get install chromium) or name one "
        "with --browser-path"
    )
    assert server.log == []


def test_import_auto_without_a_browser_fails_only_what_needs_one(
    server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 56: `import --browser auto` with no browser: the page that needs one is
    failed ("needs a browser (none found: install chromium)"), the static page stored."""
    empty = tmp_path / "empty"
    empty.mkdir()
    shell, static = server.url("/browser/json-article.html"), server.url("/browser/static.html")
    report = tmp_path / "report.jsonl"
    result = run(
        url_list(tmp_path, [shell, static]), "--archive-dir", tmp_path / "a", "--browser", "auto",
        "--delay", "0", "--report", report, *FAST, env={"PATH": str(empty)},
    )  # fmt: skip
    assert result.exit_code == 1
    rows = {row["url"]: row for row in map(json.loads, report.read_text().splitlines())}
    assert rows[static]["status"] == "archived"
    assert rows[shell]["status"] == "failed"
    assert rows[shell]["error"].startswith("needs a browser (none found: install chromium)")
