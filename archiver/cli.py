"""The command line: click commands only. Each parses options, calls one library function and
formats the result; library errors become one `Error: ...` line (exit 1, usage errors 2)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO, TypeVar

import click

from archiver import __version__
from archiver.errors import ArchiverError, InvalidURL
from archiver.render import RENDERERS

if TYPE_CHECKING:
    from archiver.fetch import Limits

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = tuple(RENDERERS)


class UsageProblem(click.ClickException):
    """A usage error shown as one line (click's UsageError adds a usage banner)."""

    exit_code = 2


def reports_errors(func: F) -> F:
    """Turn library errors into one `Error: ...` line and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InvalidURL as err:
            raise UsageProblem(str(err)) from None
        except ArchiverError as err:
            raise click.ClickException(str(err)) from None

    return wrapper  # type: ignore[return-value]


def archive_dir_option(func: F) -> F:
    """--archive-dir, else $ARCHIVER_DIR, else ./archive."""
    return click.option(
        "--archive-dir",
        "archive_dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="ARCHIVER_DIR",
        default=Path("archive"),
        show_default="$ARCHIVER_DIR or ./archive",
        help="The archive directory.",
    )(func)


def format_option(default: str) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        return click.option(
            "--format",
            "-f",
            "fmt",
            type=click.Choice(FORMATS),
            default=default,
            show_default=True,
            help="Output format.",
        )(func)

    return decorate


def fetch_options(func: F) -> F:
    """--timeout, --deadline, --max-size, --allow-private-redirects -> a `limits` argument."""

    @click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=30.0,
        show_default=True,
        help="Seconds to wait for the server (connect, at most 10, and each read).",
    )
    @click.option(
        "--deadline",
        type=click.FloatRange(min=0.1),
        default=60.0,
        show_default=True,
        help="Seconds one URL may take in all, redirects included.",
    )
    @click.option(
        "--max-size",
        type=click.FloatRange(min=0.001),
        default=20.0,
        show_default=True,
        help="Largest page accepted, in MB after decompression.",
    )
    @click.option(
        "--allow-private-redirects",
        is_flag=True,
        help="Follow redirects from a public host to a private or loopback address.",
    )
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        timeout: float,
        deadline: float,
        max_size: float,
        allow_private_redirects: bool,
        **kwargs: Any,
    ) -> Any:
        from archiver.fetch import Limits

        kwargs["limits"] = Limits(
            connect_timeout=min(10.0, timeout),
            read_timeout=timeout,
            deadline=deadline,
            max_bytes=int(max_size * 1024 * 1024),
            allow_private_redirects=allow_private_redirects,
        )
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def quiet_option(func: F) -> F:
    return click.option("--quiet", "-q", is_flag=True, help="No messages on stderr.")(func)


def say(message: str, quiet: bool = False) -> None:
    """A message for the person at the terminal (stderr), unless --quiet."""
    if not quiet:
        click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archiver")
def cli() -> None:
    """Keep a durable, readable archive of news articles.

    Articles are fetched, extracted (headline, byline, dates, body) and stored as Markdown
    with YAML front matter under the archive directory.
    """


@cli.command()
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
@quiet_option
@reports_errors
def archive(
    urls: tuple[str, ...], archive_dir: Path, limits: Limits, retries: int, quiet: bool
) -> None:
    """Fetch, extract and store the articles at URLS.

    Prints the path of each stored file on stdout and a one-line summary on stderr. A URL
    already archived is fetched again and rewritten only when its content changed.

    \b
    Examples:
        archiver archive https://www.example.com/2024/12/19/some-story
        archiver archive --archive-dir ~/news URL1 URL2
    """
    from archiver.fetch import RetryPolicy, check_url
    from archiver.pipeline import archive_url
    from archiver.store import Archive

    for url in urls:
        check_url(url)
    store = Archive(archive_dir)
    failed = 0
    for url in urls:
        try:
            saved, article = archive_url(url, store, limits=limits, retry=RetryPolicy(retries))
        except ArchiverError as err:
            if len(urls) == 1:
                raise
            click.echo(f"Error: {err}", err=True)
            failed += 1
            continue
        click.echo(str(saved.path))
        say(f"{saved.status}: {saved.id} {article.headline}", quiet)
    if failed:
        raise click.ClickException(f"{failed} of {len(urls)} URLs failed")


@cli.command()
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


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option("markdown")
@reports_errors
def render(paths: tuple[Path, ...], fmt: str) -> None:
    """Render stored articles in another format, on stdout.

    \b
    Example:
        archiver render archive/example.com/2024/12/some-story.md --format article
    """
    from archiver.render import render as render_article
    from archiver.store import read_article

    for path in paths:
        click.echo(render_article(read_article(path), fmt), nl=False)


@cli.command("import")
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
    "--retry-failed", is_flag=True, help="Try again the URLs this job recorded as failed."
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
@quiet_option
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
    quiet: bool,
) -> None:
    """Archive many URLs: lists of URLs, RSS/Atom feeds, sitemaps.

    SOURCES are files with one URL per line (`-` reads stdin; blank lines and `#` comments are
    skipped, duplicates collapsed) or URLs of feeds, sitemaps and sitemap indexes. Hosts are
    fetched in parallel, each politely (robots.txt, --per-host, --delay, Retry-After). URLs
    already archived are skipped. Ctrl-C stops cleanly; the same command again resumes.

    Prints each stored file's path on stdout and a summary on stderr; exits 1 when any URL
    failed (the others are still archived). In the report, `error` says why a URL failed or
    was skipped.

    \b
    Examples:
        archiver import reading-list.txt --report report.jsonl
        archiver import https://www.example.com/sitemap.xml --concurrency 16 --per-host 2
        grep -v paywall urls.txt | archiver import -
    """
    import sys

    from archiver.batch import ImportOptions, Result, TerminalProgress, check_sources, run_import
    from archiver.fetch import RetryPolicy
    from archiver.sources import looks_like_url
    from archiver.store import Archive

    check_sources(sources)
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
    )

    def show(result: Result) -> None:
        if result.status == "archived" and not result.earlier:
            click.echo(result.path)
        if report is not None:
            report.write(result.as_json() + "\n")
            report.flush()

    with TerminalProgress(live=sys.stderr.isatty(), quiet=quiet) as progress:
        summary = run_import(sources, Archive(archive_dir), options, observers=[show, progress])
    say(summary.line(), quiet)
    if summary.interrupted or summary.failed:
        raise click.exceptions.Exit(130 if summary.interrupted else 1)


def main() -> None:
    cli(prog_name="archiver")


if __name__ == "__main__":
    main()
