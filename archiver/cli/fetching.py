"""The commands that fetch or parse pages: archive, import (URL sources, or WARC and ARC
files with their own options), parse."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO, TypeVar

import click

from archiver.cli.browser import BROWSER_REFUSED, browser_options, check_browser
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
from archiver.errors import ArchiverError

if TYPE_CHECKING:
    from archiver.assets import PictureLimits
    from archiver.batch import ImportOptions, Result, Summary, TerminalProgress
    from archiver.browser import BrowserOptions
    from archiver.fetch import Limits
    from archiver.store import Archive
    from archiver.warc.records import Filters

F = TypeVar("F", bound=Callable[..., Any])


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


# -- the WARC side of `import` -----------------------------------------------------------------
_DAY = click.DateTime(["%Y-%m-%d"])
_TIME = click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ"])
# The WARC-only options, in the order of WarcArgs' fields: (flag, click settings).
_WARC_OPTIONS: list[tuple[str, dict[str, Any]]] = [
    ("--cluster", {"metavar": "local|ADDRESS", "help": "parse on a Dask cluster, `local`"
        " (started here) or a scheduler's address (tcp://host:8786). Needs archiver[cluster]."}),
    ("--workers", {"type": click.IntRange(min=0),
        "help": "worker processes (default: one a core; 0 parses in this process)."}),
    ("--site", {"help": "only pages of this host (and its subdomains); read before parsing."}),
    ("--url-pattern", {"metavar": "GLOB",
        "help": "only URLs matching GLOB ('*/2024/12/*'); read before parsing."}),
    ("--captured-since", {"type": _TIME,
        "help": "only records captured (WARC-Date) on or after D; before parsing."}),
    ("--captured-until", {"type": _TIME,
        "help": "only records captured on or before D; before parsing."}),
    ("--since", {"type": _DAY,
        "help": "only articles published on or after D (needs the parse)."}),
    ("--until", {"type": _DAY,
        "help": "only articles published on or before D (needs the parse)."}),
    ("--lang", {"metavar": "LANGS",
        "help": "only articles in these languages, e.g. en,de (needs the parse)."}),
]  # fmt: skip


@dataclasses.dataclass(frozen=True)
class WarcArgs:
    """What the WARC options asked for; `given` names those set, to refuse them for URLs."""

    cluster: str | None = None
    workers: int | None = None
    site: str | None = None
    url_pattern: str | None = None
    captured_since: datetime | None = None
    captured_until: datetime | None = None
    since: datetime | None = None
    until: datetime | None = None
    lang: str | None = None

    @property
    def given(self) -> list[str]:
        return [flag for flag, _ in _WARC_OPTIONS if getattr(self, _name(flag)) is not None]

    def filters(self, pictures: bool = True) -> Filters:
        from archiver.warc.records import Filters

        return Filters(
            pictures=pictures,
            site=self.site,
            url_glob=self.url_pattern,
            captured_since=_utc(self.captured_since),
            captured_until=_utc(self.captured_until, end_of_day=True),
            since=_day(self.since),
            until=_day(self.until),
            languages=tuple(
                part.strip().lower() for part in (self.lang or "").split(",") if part.strip()
            ),
        )


def _name(flag: str) -> str:
    return flag.removeprefix("--").replace("-", "_")


def _utc(value: datetime | None, *, end_of_day: bool = False) -> datetime | None:
    if value is None:
        return None
    if end_of_day and value.time() == datetime.min.time():
        value += timedelta(days=1, microseconds=-1)  # a day given alone: all of it
    return value.replace(tzinfo=UTC)


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def warc_options(func: F) -> F:
    """The WARC-only options (engine and record filters) -> a `warc` argument."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = {_name(flag): kwargs.pop(_name(flag)) for flag, _ in _WARC_OPTIONS}
        return func(*args, warc=WarcArgs(**given), **kwargs)

    for flag, settings in reversed(_WARC_OPTIONS):
        help_text = "WARC input: " + settings["help"]
        wrapper = click.option(flag, **{**settings, "help": help_text})(wrapper)
    return wrapper  # type: ignore[return-value]


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
    from archiver.fetch import RetryPolicy
    from archiver.sources import looks_like_url
    from archiver.store import Archive

    check_sources(sources)
    refusal = check_browser(browser, sources, warc)
    if refusal:
        raise UsageProblem(refusal)
    output = _Output(report, quiet, verbose)
    if _import_archives(
        sources, archive_dir, warc, output, refresh, retry_failed, pictures, browser.given
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
    _import_urls(sources, store, options, pictures, output)


@dataclasses.dataclass(frozen=True)
class _Output:
    """Where an import's results go: paths on stdout, the report, the summary on stderr."""

    report: TextIO | None
    quiet: bool
    verbose: bool

    def show(self, result: Result) -> None:
        if result.status == "archived" and not result.earlier:
            click.echo(result.path)
        if self.report is not None:
            self.report.write(result.as_json() + "\n")
            self.report.flush()

    def progress(self) -> TerminalProgress:
        import sys

        from archiver.batch import TerminalProgress

        return TerminalProgress(live=sys.stderr.isatty(), quiet=self.quiet)

    def finish(self, summary: Summary) -> None:
        """The summary (and how the writer kept up); exit 1 when a record or URL failed,
        130 when interrupted."""
        say(summary.line(), self.quiet)
        if self.verbose:
            say(summary.storing(), self.quiet)
        if summary.interrupted or summary.failed:
            raise click.exceptions.Exit(130 if summary.interrupted else 1)


def _import_urls(
    sources: tuple[str, ...],
    store: Archive,
    options: ImportOptions,
    pictures: PictureLimits | None,
    output: _Output,
) -> None:
    """The batch of URL lists, feeds and sitemaps."""
    from archiver.assets import PictureKeeper
    from archiver.batch import Seams, run_import

    with (
        PictureKeeper(store, options.limits, pictures, requests=options.concurrency) as keeper,
        output.progress() as progress,
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
            observers=[output.show, progress, *([retry_pictures] if options.retry_failed else [])],
            notice=lambda message: say(message, output.quiet),
            seams=Seams(store=keeper.save_group),
        )
        # The articles are stored; their pictures may still be coming (the batch's writer
        # never waits on a picture server): the time is the command's, that wait included.
        if summary.interrupted:
            keeper.stop.set()  # one Ctrl-C stops the pictures too
        waited, stopped = keeper.finish(lambda message: say(message, output.quiet))
        summary.elapsed += waited
        summary.pictures_seconds = waited
    if keeper.retried:
        say(f"tried again the failed pictures of {keeper.retried} archived articles", output.quiet)
    if keeper.kept or keeper.failed:
        say(f"pictures: {keeper.kept} kept, {keeper.failed} failed", output.quiet)
    if stopped:
        summary.interrupted = True
        say(
            f"stopped: the pictures of {keeper.skipped} articles were not fetched; the same"
            " command with --retry-failed fetches them",
            output.quiet,
        )
    output.finish(summary)


def _import_archives(
    sources: tuple[str, ...],
    archive_dir: Path,
    warc: WarcArgs,
    output: _Output,
    refresh: bool,
    retry_failed: bool,
    pictures: PictureLimits | None,
    browser_given: bool,
) -> bool:
    """Import the sources when they are WARC/ARC files (or a stream of one on stdin); False,
    doing nothing and reading nothing of stdin, when they are URL sources."""
    import sys

    from archiver.store import Archive
    from archiver.warc.cluster import engine_for
    from archiver.warc.importer import WarcOptions, run_warc_import
    from archiver.warc.input import archive_inputs

    inputs = archive_inputs(sources, sys.stdin.buffer if "-" in sources else None)
    if inputs is None:
        return False
    if browser_given:  # a WARC on stdin is known only now, by its first bytes
        raise UsageProblem(BROWSER_REFUSED)
    options = WarcOptions(
        warc.filters(pictures is not None),
        refresh=refresh,
        retry_failed=retry_failed,
        pictures=pictures,
    )
    engine = functools.partial(engine_for, warc.cluster, warc.workers)
    with output.progress() as progress:
        summary = run_warc_import(
            inputs,
            sources,
            Archive(archive_dir),
            options,
            engine=engine,
            observers=[output.show, progress],
        )
    output.finish(summary)
    return True
