"""`archiver import` through the real CLI: sources, output streams, exit codes, usage errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from archiver.cli import cli
from tests.batch_sites import article_html, page, sites, summary, write_list

FAST = ["--delay", "0", "--retries", "0", "--timeout", "2", "--deadline", "3"]


def run(*args: str | Path, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["import", *map(str, args)], input=input)


def test_help_shows_the_options_and_examples() -> None:
    result = CliRunner().invoke(cli, ["import", "--help"])
    assert result.exit_code == 0
    for option in ("--concurrency", "--per-host", "--delay", "--ignore-robots", "--refresh",
                   "--retry-failed", "--report", "--quiet", "Examples:"):  # fmt: skip
        assert option in result.output


def test_a_list_from_stdin_exits_0_paths_on_stdout_summary_on_stderr(tmp_path: Path) -> None:
    """RELIABILITY 16: all archived -> exit 0; data on stdout, the summary on stderr."""
    with sites(2) as (a, b):
        urls = a.stories(range(2)) + b.stories(range(2))
        result = run("-", "--archive-dir", tmp_path / "archive", *FAST, input="\n".join(urls))
    assert result.exit_code == 0, result.output
    paths = result.stdout.split()
    assert len(paths) == 4 and all(Path(p).is_file() for p in paths)
    assert summary(result.stderr).startswith("archived 4, skipped 0, failed 0 in ")
    again = run("-", "--archive-dir", tmp_path / "archive", *FAST, input="\n".join(urls))
    assert again.exit_code == 0
    assert again.stdout == ""  # nothing new stored
    assert "4 recorded by an earlier run" in again.stderr


def test_quiet_keeps_stderr_empty_and_exit_1_on_failure(tmp_path: Path) -> None:
    """RELIABILITY 16: one failure -> the batch finishes, exit 1; --quiet: nothing on stderr."""
    with sites(1) as (site,):
        urls = [*site.stories(range(2)), site.url("/missing")]
        listed = write_list(tmp_path / "urls.txt", urls)
        result = run(listed, "--archive-dir", tmp_path / "archive", *FAST, "--quiet")
        loud = run(listed, "--archive-dir", tmp_path / "other", *FAST)
    assert result.exit_code == 1 and result.stderr == ""
    assert len(result.stdout.split()) == 2
    assert loud.exit_code == 1
    assert f"failed: {urls[2]}: HTTP 404" in loud.stderr
    assert "archived 2, skipped 0, failed 1" in loud.stderr


def test_a_feed_url_is_expanded(tmp_path: Path) -> None:
    """A feed given on the command line: its items are imported, and reported."""
    with sites(1) as (site,):
        stories = site.stories(range(3))
        items = "".join(f"<item><link>{u}</link></item>" for u in stories)
        feed = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
        site.server.static("/feed.xml", feed, content_type="application/rss+xml")
        report = tmp_path / "report.jsonl"
        result = run(
            site.url("/feed.xml"), "--archive-dir", tmp_path / "a", *FAST, "--report", report
        )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in report.read_text().splitlines()]
    assert sorted((r["url"], r["status"]) for r in rows) == [(u, "archived") for u in stories]


def test_a_sitemap_index_is_expanded(tmp_path: Path) -> None:
    with sites(1) as (site,):
        stories = site.stories(range(2))
        locs = "".join(f"<url><loc>{u}</loc></url>" for u in stories)
        ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        site.server.static("/s1.xml", f"<urlset {ns}>{locs}</urlset>", content_type="text/xml")
        index = f"<sitemapindex {ns}><sitemap><loc>{site.url('/s1.xml')}</loc></sitemap>"
        site.server.static("/index.xml", index + "</sitemapindex>", content_type="text/xml")
        result = run(site.url("/index.xml"), "--archive-dir", tmp_path / "a", *FAST)
    assert result.exit_code == 0, result.output
    assert len(result.stdout.split()) == 2


def test_a_missing_feed_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    with sites(1) as (site,):
        result = run(site.url("/nothing.xml"), "--archive-dir", tmp_path / "a", *FAST)
    assert result.exit_code == 1
    assert "HTTP 404" in result.stderr and "Traceback" not in result.output


def test_bad_sources_are_usage_errors_before_any_io(tmp_path: Path) -> None:
    """RELIABILITY 6: a file:// source is refused before any I/O: one line, exit 2."""
    for source, message in [
        ("file:///etc/passwd", "only http and https"),
        (str(tmp_path / "absent.txt"), "no such file"),
    ]:
        result = run(source, "--archive-dir", tmp_path / "archive")
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
    assert not (tmp_path / "archive").exists()


def test_report_lines_for_invalid_lines(tmp_path: Path) -> None:
    """An invalid line is in the report with its line number and reason; exit 1."""
    listed = write_list(tmp_path / "urls.txt", ["# only a comment", "", "htp:/typo"])
    report = tmp_path / "report.jsonl"
    result = run(listed, "--archive-dir", tmp_path / "a", "--report", report)
    assert result.exit_code == 1
    (row,) = [json.loads(line) for line in report.read_text().splitlines()]
    assert row["url"] == "htp:/typo" and row["status"] == "failed" and row["path"] is None
    assert row["error"].startswith(f"{listed}:3: invalid line: ")


def test_a_redirect_robots_txt_refuses_is_reported_as_a_direct_refusal_is(tmp_path: Path) -> None:
    """RELIABILITY 31: a redirect to a path the target host's robots.txt disallows is
    skipped, as the same URL listed directly is, not failed (exit 0, counted as skipped); a
    redirect to a host whose robots.txt cannot be read fails, as a direct URL there does."""
    with sites(3, robots="User-agent: *\nDisallow: /private/\n") as (a, b, c):
        c.robots("down", status=503)
        b.route("/private/story.html", page(article_html(1, "b")))
        moved = {"status": 302, "headers": {"Location": b.url("/private/story.html")}}
        a.route("/go", page(b"", **moved))  # type: ignore[arg-type]
        fine = b.stories([2])[0]
        listed = write_list(tmp_path / "urls.txt", [a.url("/go"), b.url("/private/x"), fine])
        report = tmp_path / "report.jsonl"
        result = run(listed, "--archive-dir", tmp_path / "a", *FAST, "--report", report)
        rows = {row["url"]: row for row in map(json.loads, report.read_text().splitlines())}
        down = {"status": 302, "headers": {"Location": c.url("/story/1.html")}}
        a.route("/down", page(b"", **down))  # type: ignore[arg-type]
        listed = write_list(tmp_path / "down.txt", [a.url("/down"), c.url("/story/2.html")])
        failed = run(listed, "--archive-dir", tmp_path / "a", *FAST, "--report", report)
        rows |= {row["url"]: row for row in map(json.loads, report.read_text().splitlines())}
        b_paths = [h.path for h in b.server.log]
    assert result.exit_code == 0, result.output
    assert summary(result.stderr).startswith("archived 1, skipped 2, failed 0 in ")
    assert rows[a.url("/go")]["status"] == "skipped"
    assert rows[a.url("/go")]["error"] == (
        "redirect to a URL robots.txt refuses (disallowed by robots.txt): "
        f"{b.url('/private/story.html')} (from {a.url('/go')})"
    )
    assert rows[b.url("/private/x")] == {
        "url": b.url("/private/x"),
        "status": "skipped",
        "path": None,
        "error": "disallowed by robots.txt",
    }
    assert rows[fine]["status"] == "archived"
    assert "/private/story.html" not in b_paths
    assert failed.exit_code == 1
    assert "\narchived 0, skipped 0, failed 2 in " in failed.stderr
    assert rows[a.url("/down")]["status"] == rows[c.url("/story/2.html")]["status"] == "failed"
