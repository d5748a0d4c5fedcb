"""The commands that fetch or parse pages: archive, import, parse."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

import click

from archiver.cli.browser import browser_options, check_browser
from archiver.cli.options import (
    UsageProblem,
    archive_dir_option,
    assets_option,
    fetch_options,
    format_option,
    lock_timeout_option,
    quiet_option,
    reports_errors,
    say,
)
from archiver.cli_warc import WarcArgs, warc_options
from archiver.errors import ArchiverError

if TYPE_CHECKING:
    from archiver.assets import PictureLimits
    from archiver.batch import ImportOptions
    from archiver.browser import BrowserOptions
    from archiver.fetch import Limits
    from archiver.store import Archive


def _pictures(store: Archive, path: Path) -> str:
    """`, 3 pictures kept, 1 failed` for the summary line ('' when it shows none)."""
    assets = store.load(path).assets
    if not assets:
        return ""
    failed = sum(a.error is not None for a in assets)
    return f" ({len(assets) - failed} pictures kept, {failed} failed)"


@click.command()
@click.argument("urls", nargs=-1, required=True)
@archive_dir_option
@fetch_options
@click.option(
    "--retries",
    type=click.IntRange(min=0, max=10),
    default=3,
    show_default=True,
    help="Retries of a transient failure (timeouts, 408, 429, 5xx), with backoff.",
)
@browser_options
@assets_option
@lock_timeout_option
@quiet_option
@reports_errors
def archive(
    urls: tuple[str, ...],
    archive_dir: Path,
    limits: Limits,
    retries: int,
    browser: BrowserOptions,
    pictures: PictureLimits | None,
    lock_timeout: float,
    quiet: bool,
) -> None:
    """Fetch, extract and store the articles at URLS.

    Prints the path of each stored file on stdout and a one-line summary on stderr. A URL
    already archived is fetched again and rewritten only when its content changed.

    \b
    Examples:
        archiver archive https://www.example.com/2024/12/19/some-story
        archiver archive --archive-dir ~/news URL1 URL2
        archiver archive --browser always https://www.example.com/app-built-story
    """
    from archiver.browser import Renderer
    from archiver.fetch import RetryPolicy, check_url
    from archiver.pipeline import archive_url
    from archiver.store import Archive

    for url in urls:
        check_url(url)
    store = Archive(archive_dir, lock_timeout=lock_timeout, notice=lambda m: say(m, quiet))
    failed = 0
    with Renderer(browser, limits) as renderer:
        renderer.check()
        for url in urls:
            try:
                saved, article = archive_url(
                    url,
                    store,
                    limits=limits,
                    retry=RetryPolicy(retries),
                    renderer=renderer,
                    pictures=pictures,
                )
            except ArchiverError as err:
                if len(urls) == 1:
                    raise
                click.echo(f"Error: {err}", err=True)
                failed += 1
                continue
            click.echo(str(saved.path))
            say(
                f"{saved.status}: {saved.id} {article.headline}{_pictures(store, saved.path)}",
                quiet,
            )
    if failed:
        raise click.ClickException(f"{failed} of {len(urls)} URLs failed")


@click.command()
@click.argument("source", type=click.File("rb"))
@click.option("--url", help="The page's URL, to resolve links and read dates from.")
@format_option("json")
@click.option("--explain", is_flag=True, help="Show each field's candidates and the choice.")
@reports_errors
def parse(source: BinaryIO, url: str | None, fmt: str, explain: bool) -> None:
    """Extract the article from a saved HTML file (`-` reads stdin), offline.

    \b
    Example:
        archiver parse saved-page.html --url https://www.example.com/story --format json
    """
    from archiver.parse import parse as parse_html
    from archiver.render import render

    html = source.read()
    if explain:
        from archiver.parse.explain import explain as explain_html

        click.echo(explain_html(html, url=url))
        return
    click.echo(render(parse_html(html, url=url), fmt), nl=False)


@click.command("import")
@click.argument("sources", nargs=-1, required=True)
@archive_dir_option
@click.option(
    "--concurrency",
    type=click.IntRange(1, 256),
    default=8,
    show_default=True,
    help="Requests in flight overall.",
)
@click.option(
    "--per-host",
    type=click.IntRange(1, 32),
    default=1,
    show_default=True,
    help="Requests in flight to one host.",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Least seconds between requests to one host (robots.txt Crawl-delay raises it).",
)
@click.option("--ignore-robots", is_flag=True, help="Neither fetch nor obey robots.txt.")
@click.option("--refresh", is_flag=True, help="Fetch URLs already in the archive again.")
@click.option(
    "--retry-failed",
    is_flag=True,
    help="Try again the URLs this job recorded as failed, and the failed pictures of "
    "URLs already archived (their text is kept as it is).",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0, max=10),
    default=3,
    show_default=True,
    help="Retries of a transient failure (timeouts, 408, 429, 5xx), per host, with backoff.",
)
@click.option(
    "--report",
    type=click.File("w", encoding="utf-8"),
    help="Write one JSON line per URL to FILE: url, status, path, error.",
)
@fetch_options
@browser_options
@warc_options
@assets_option
@lock_timeout_option
@quiet_option
@click.option("--verbose", "-v", is_flag=True, help="Also say how the writer kept up.")
@reports_errors
def import_(
    sources: tuple[str, ...],
    archive_dir: Path,
    concurrency: int,
    per_host: int,
    delay: float,
    ignore_robots: bool,
    refresh: bool,
    retry_failed: bool,
    retries: int,
    report: TextIO | None,
    limits: Limits,
    browser: BrowserOptions,
    warc: WarcArgs,
    pictures: PictureLimits | None,
    lock_timeout: float,
    quiet: bool,
    verbose: bool,
) -> None:
    """Archive many URLs (lists of URLs, RSS/Atom feeds, sitemaps) or the pages of WARC files.

    SOURCES are files with one URL per line (`-` reads stdin; blank lines and `#` comments are
    skipped, duplicates collapsed) or URLs of feeds, sitemaps and sitemap indexes. Hosts are
    fetched in parallel, each politely (robots.txt, --per-host, --delay, Retry-After). URLs
    already archived are skipped. Ctrl-C stops cleanly; the same command again resumes.

    Prints each stored file's path on stdout and a summary on stderr; exits 1 when any URL
    failed (the others are still archived). In the report, `error` says why a URL failed or
    was skipped.

    SOURCES may instead be WARC or ARC files (gzipped or not, recognised by their content),
    globs of them, or lists of their paths: every HTML response record is parsed, offline
    (no request is made); --cluster spreads the parsing over Dask workers. Redirects,
    non-HTML, error statuses, revisits and records with a wrong digest are skipped; the exit
    code is 1 only when a record or file could not be read. The WARC-only options say so.

    \b
    Examples:
        archiver import reading-list.txt --report report.jsonl
        archiver import https://www.example.com/sitemap.xml --concurrency 16 --per-host 2
        grep -v paywall urls.txt | archiver import -
        archiver import reading-list.txt --browser auto
        archiver import 'cc-news/*.warc.gz' --cluster local --site example.com
    """
    from archiver.processes import start_early

    start_early()  # the parser processes' server imports the parser while this command starts
    from archiver.batch import ImportOptions, check_sources
    from archiver.cli_warc import import_archives
    from archiver.fetch import RetryPolicy
    from archiver.sources import looks_like_url
    from archiver.store import Archive

    check_sources(sources)
    refusal = check_browser(browser, sources, warc)
    if refusal:
        raise UsageProblem(refusal)
    if import_archives(
        sources,
        archive_dir,
        warc,
        refresh=refresh,
        retry_failed=retry_failed,
        report=report,
        quiet=quiet,
        pictures=pictures,
    ):
        return
    if warc.given:
        raise UsageProblem(f"{warc.given[0]} applies to WARC and ARC input only")
    for source in sources:
        if source != "-" and not looks_like_url(source) and not Path(source).is_file():
            raise UsageProblem(f"no such file: {source}")
    options = ImportOptions(
        concurrency=concurrency,
        per_host=per_host,
        delay=delay,
        robots=not ignore_robots,
        refresh=refresh,
        retry_failed=retry_failed,
        limits=limits,
        retry=RetryPolicy(retries),
        browser=browser,
    )
    store = Archive(archive_dir, lock_timeout=lock_timeout, notice=lambda m: say(m, quiet))
    _import_urls(sources, store, options, pictures, report=report, quiet=quiet, verbose=verbose)


def _import_urls(
    sources: tuple[str, ...],
    store: Archive,
    options: ImportOptions,
    pictures: PictureLimits | None,
    *,
    report: TextIO | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """The batch of URL lists, feeds and sitemaps: paths on stdout, progress and summary on
    stderr, exit 1 when a URL failed and 130 when interrupted."""
    import sys

    from archiver.assets import PictureKeeper
    from archiver.batch import Result, Seams, TerminalProgress, run_import

    def show(result: Result) -> None:
        if result.status == "archived" and not result.earlier:
            click.echo(result.path)
        if report is not None:
            report.write(result.as_json() + "\n")
            report.flush()

    with (
        PictureKeeper(store, options.limits, pictures) as keeper,
        TerminalProgress(live=sys.stderr.isatty(), quiet=quiet) as progress,
    ):

        def retry_pictures(result: Result) -> None:
            # An article stored by an earlier run keeps its text; its failed pictures are
            # tried again (a new or refetched article gets its pictures as it is stored).
            if result.path and (result.earlier or result.status == "skipped"):
                keeper.retry_failed(Path(result.path))

        summary = run_import(
            sources,
            store,
            options,
            observers=[show, progress, *([retry_pictures] if options.retry_failed else [])],
            notice=lambda message: say(message, quiet),
            seams=Seams(store=keeper.save_group),
        )
    say(summary.line(), quiet)
    if keeper.retried:
        say(f"tried again the failed pictures of {keeper.retried} archived articles", quiet)
    if verbose:
        say(summary.storing(), quiet)
    if summary.interrupted or summary.failed:
        raise click.exceptions.Exit(130 if summary.interrupted else 1)
