"""The command line: click commands only. Each parses options, calls one library function and
formats the result; library errors become one `Error: ...` line (exit 1, usage errors 2)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO, TypeVar

import click

from archiver import __version__
from archiver.cli_browser import browser_options, check_browser
from archiver.cli_warc import WarcArgs, warc_options
from archiver.errors import ArchiverError, InvalidURL
from archiver.render import RENDERERS

if TYPE_CHECKING:
    from datetime import date, datetime

    from archiver.assets import PictureLimits
    from archiver.browser import BrowserOptions
    from archiver.fetch import Limits
    from archiver.store import Archive

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


def lock_timeout_option(func: F) -> F:
    return click.option(
        "--lock-timeout",
        type=click.FloatRange(min=0),
        default=60.0,
        show_default=True,
        metavar="S",
        help="Seconds to wait while another process writes to the archive.",
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
    """--timeout, --deadline, --max-size, --allow-private -> a `limits` argument."""

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
        "--allow-private",
        "--allow-private-redirects",
        "allow_private",
        is_flag=True,
        help="Fetch a private or loopback address that a public host pointed at (a redirect, "
        "a feed or sitemap entry); --allow-private-redirects is an alias.",
    )
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        timeout: float,
        deadline: float,
        max_size: float,
        allow_private: bool,
        **kwargs: Any,
    ) -> Any:
        from archiver.fetch import Limits

        kwargs["limits"] = Limits(
            connect_timeout=min(10.0, timeout),
            read_timeout=timeout,
            deadline=deadline,
            max_bytes=int(max_size * 1024 * 1024),
            allow_private=allow_private,
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


def assets_option(func: F) -> F:
    """--no-assets -> a `pictures` argument: the picture limits, or None to skip them."""

    @click.option(
        "--no-assets",
        is_flag=True,
        help="Do not keep the pictures the article shows (kept by default, with the article).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, no_assets: bool, **kwargs: Any) -> Any:
        from archiver.assets import PictureLimits

        kwargs["pictures"] = None if no_assets else PictureLimits()
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _pictures(store: Archive, path: Path) -> str:
    """`, 3 pictures kept, 1 failed` for the summary line ('' when it shows none)."""
    assets = store.load(path).assets
    if not assets:
        return ""
    failed = sum(a.error is not None for a in assets)
    return f" ({len(assets) - failed} pictures kept, {failed} failed)"


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


SUFFIXES = {"markdown": ".md", "article": ".txt", "html": ".html", "json": ".json", "text": ".txt"}


@cli.command()
@click.argument("refs", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Every article in the archive.")
@format_option("markdown")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one file per article under DIR, mirroring the archive's layout.",
)
@archive_dir_option
@quiet_option
@reports_errors
def render(
    refs: tuple[str, ...],
    everything: bool,
    fmt: str,
    out: Path | None,
    archive_dir: Path,
    quiet: bool,
) -> None:
    """Render stored articles (ids, URLs or paths, or --all) in another format.

    On stdout, or with --out DIR one file per article (paths printed on stdout).

    \b
    Examples:
        archiver render archive/example.com/2024/12/some-story.md --format article
        archiver render 3f2a9c1b7d4e --format html > story.html
        archiver render --all --format html --out site/
    """
    from archiver.assets import copy_pictures, embedded
    from archiver.render import render as render_article
    from archiver.store import Archive, atomic_write, read_article

    if bool(refs) == everything:
        raise UsageProblem("name articles to render (ids, URLs or paths), or --all")
    store = Archive.existing(archive_dir) if everything else Archive(archive_dir)
    paths = store.select(refs, everything=everything)
    for path in paths:
        article = read_article(path)
        if out is None:
            # A page on stdout stands alone: its pictures go inside it.
            shown = embedded(article, path) if fmt == "html" else article
            click.echo(render_article(shown, fmt), nl=False)
            continue
        target = store.mirror(path, out, SUFFIXES.get(fmt, f".{fmt}"))
        atomic_write(target, render_article(article, fmt).encode("utf-8"))
        copy_pictures(article, path, target, out)
        click.echo(str(target))
    if out is not None:
        say(f"rendered {len(paths)} articles as {fmt} under {out}", quiet)


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
    import sys

    from archiver.assets import PictureKeeper
    from archiver.batch import (
        ImportOptions,
        Result,
        Seams,
        TerminalProgress,
        check_sources,
        run_import,
    )
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

    def show(result: Result) -> None:
        if result.status == "archived" and not result.earlier:
            click.echo(result.path)
        if report is not None:
            report.write(result.as_json() + "\n")
            report.flush()

    store = Archive(archive_dir, lock_timeout=lock_timeout, notice=lambda m: say(m, quiet))
    with (
        PictureKeeper(store, limits, pictures) as keeper,
        TerminalProgress(live=sys.stderr.isatty(), quiet=quiet) as progress,
    ):
        summary = run_import(
            sources,
            store,
            options,
            observers=[show, progress],
            notice=lambda message: say(message, quiet),
            seams=Seams(store=keeper.save_group),
        )
    say(summary.line(), quiet)
    if verbose:
        say(summary.storing(), quiet)
    if summary.interrupted or summary.failed:
        raise click.exceptions.Exit(130 if summary.interrupted else 1)


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


@cli.command("list")
@click.option("--site", help="Site name or host (example.com also matches its subdomains).")
@click.option("--author", help="Part of an author's name (case-insensitive).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after D.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before D.")
@click.option("--json", "as_json", is_flag=True, help="A JSON array instead of lines.")
@archive_dir_option
@reports_errors
def list_(
    site: str | None,
    author: str | None,
    since: datetime | None,
    until: datetime | None,
    as_json: bool,
    archive_dir: Path,
) -> None:
    """List stored articles, newest first: id, date, site, headline.

    The date is the published date as the page gives it, else the retrieval date.

    \b
    Examples:
        archiver list --site example.com --since 2024-12-01
        archiver list --author "Jane Roe" --json
    """
    import json

    from archiver.store import Archive

    entries = Archive.existing(archive_dir).entries(
        site=site, author=author, since=_day(since), until=_day(until)
    )
    if as_json:
        click.echo(json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=2))
        return
    for e in entries:
        click.echo(f"{e.id}  {e.day}  {e.site or e.host}  {e.headline}")


@cli.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="A JSON array instead of lines.")
@archive_dir_option
@reports_errors
def search(query: str, limit: int, as_json: bool, archive_dir: Path) -> None:
    """Full-text search over headlines, authors and bodies, best match first.

    Words must all appear (in any order); "quoted words" must appear together. Each result
    shows a snippet with the matches between asterisks.

    \b
    Examples:
        archiver search "north korean casualties"
        archiver search '"state of emergency" flood' --json
    """
    import json

    from archiver.store import Archive

    hits = Archive.existing(archive_dir).search(query, limit=limit)
    if as_json:
        rows = [{**h.entry.as_json(), "snippet": h.snippet, "rank": h.rank} for h in hits]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for h in hits:
        click.echo(f"{h.entry.id}  {h.entry.day}  {h.entry.headline}")
        click.echo(f"    {' '.join(h.snippet.split())}")


@cli.command()
@click.argument("ref")
@click.option("--versions", is_flag=True, help="List the stored versions, newest first.")
@archive_dir_option
@reports_errors
def show(ref: str, versions: bool, archive_dir: Path) -> None:
    """Show one stored article's record: id, path, URL, headline, byline, dates, capture.

    REF is an article id, a URL (requested or canonical) or a path.

    \b
    Examples:
        archiver show 3f2a9c1b7d4e
        archiver show https://www.example.com/2024/12/19/some-story --versions
    """
    from archiver.store import Archive, read_article

    store = Archive(archive_dir)
    path = store.resolve(ref)
    article = read_article(path)
    capture = article.capture
    fields = {
        "id": article.id,
        "path": str(path),
        "url": article.url,
        "title": article.headline,
        "authors": ", ".join(a.name for a in article.authors) or None,
        "date": article.published.isoformat() if article.published else None,
        "site": article.site_name,
        "retrieved": capture.retrieved_at.isoformat() if capture else None,
        "sha256": capture.sha256 if capture else None,
    }
    for key, value in fields.items():
        if value is not None:
            click.echo(f"{key}: {value}")
    found = store.versions(path)
    click.echo(f"versions: {len(found)}")
    for version in found if versions else []:
        when = version.retrieved_at.isoformat() if version.retrieved_at else "-"
        mark = "  (current)" if version.current else ""
        click.echo(f"  {when}  {(version.sha256 or '-')[:12]}  {version.path}{mark}")


@cli.command()
@click.argument("refs", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Every article in the archive.")
@archive_dir_option
@quiet_option
@reports_errors
def reextract(refs: tuple[str, ...], everything: bool, archive_dir: Path, quiet: bool) -> None:
    """Extract stored articles again from their raw captures, offline, with this parser.

    Rewrites each article whose extraction changed (the retrieval time is kept), prints its
    path, and says how many changed. One article that fails does not stop the others.

    \b
    Examples:
        archiver reextract --all
        archiver reextract 3f2a9c1b7d4e
    """
    from archiver.pipeline import extract
    from archiver.store import Archive

    if bool(refs) == everything:
        raise UsageProblem("name articles to re-extract (ids, URLs or paths), or --all")
    store = Archive.existing(archive_dir)
    paths = store.select(refs, everything=everything)
    changed = failed = 0
    for path in paths:
        try:
            if store.reextract(path, extract):
                changed += 1
                click.echo(str(path))
        except ArchiverError as err:
            failed += 1
            click.echo(f"Error: {path}: {err}", err=True)
    say(f"{changed} of {len(paths)} articles changed", quiet)
    if failed:
        raise click.ClickException(f"{failed} of {len(paths)} articles failed")


@cli.command()
@archive_dir_option
@quiet_option
@reports_errors
def reindex(archive_dir: Path, quiet: bool) -> None:
    """Rebuild the archive's index (list, search, ids) from the stored files alone.

    A file that does not load is named on stderr, left out of the index, and makes the exit
    code 1.

    \b
    Example:
        archiver reindex --archive-dir ~/news
    """
    from archiver.store import Archive

    broken: list[str] = []
    count = Archive.existing(archive_dir).reindex(report=lambda p: broken.append(p.message))
    for message in broken:
        click.echo(message, err=True)
    say(f"indexed {count} articles", quiet)
    if broken:
        raise click.ClickException(f"{len(broken)} files could not be read")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object (for scripts).")
@archive_dir_option
@quiet_option
@reports_errors
def verify(as_json: bool, archive_dir: Path, quiet: bool) -> None:
    """Check every front matter, every capture record's digest and every kept asset, and
    look for captures, .versions folders and assets that no article refers to.

    Names each problem on stdout and exits 1 when there is any. Files still on an earlier
    document schema are named on stderr (`archiver migrate` rewrites them); they are not
    problems.

    \b
    Examples:
        archiver verify --archive-dir ~/news
        archiver verify --json | jq '.problems[].path'
    """
    import json

    from archiver.store import Archive

    report = Archive.existing(archive_dir).verify()
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            click.echo(problem.message)
    for path in report.old_schema:
        say(f"{path}: document schema 1 (run `archiver migrate`)", quiet)
    if report.problems:
        broken = len({p.path for p in report.problems})
        raise click.ClickException(f"{broken} broken files ({report.checked} articles checked)")
    say(f"{report.checked} articles verified", quiet)


@cli.command()
@click.option("--dry-run", is_flag=True, help="Name the files it would rewrite; write none.")
@archive_dir_option
@quiet_option
@reports_errors
def migrate(dry_run: bool, archive_dir: Path, quiet: bool) -> None:
    """Rewrite every article file (earlier versions too) to the current document schema.

    Prints the path of each file rewritten (or, with --dry-run, that would be) and says how
    many. Each file is replaced atomically; a second run changes nothing, and a run that was
    stopped carries on where it stopped. A file that does not load is named and left alone.

    \b
    Examples:
        archiver migrate --dry-run
        archiver migrate --archive-dir ~/news
    """
    from archiver.migrate import migrate as migrate_archive
    from archiver.store import Archive

    done = migrate_archive(Archive.existing(archive_dir), dry_run=dry_run)
    for path in done.changed:
        click.echo(str(path))
    for problem in done.problems:
        click.echo(problem.message, err=True)
    verb = "would change" if dry_run else "changed"
    say(f"{verb} {len(done.changed)} of {done.checked} files", quiet)
    if done.problems:
        raise click.ClickException(f"{len(done.problems)} files could not be read")


@cli.command("site")
@click.argument("out", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--site", "site_name", help="Only this site (name or host), as `list --site`.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only articles from D on.")
@archive_dir_option
@quiet_option
@reports_errors
def site(
    out: Path, site_name: str | None, since: datetime | None, archive_dir: Path, quiet: bool
) -> None:
    """Write a static reading site of the archive under DIR, with search.

    index.html lists the articles newest first, with pages by site and by month and one page
    per article (its pictures copied beside it). Browsing works from file://; search
    (Pagefind) needs the site served over HTTP by any static server. Building again updates
    the site: only changed pages are written.

    \b
    Examples:
        archiver site ~/news-site
        archiver site site/ --site example.com --since 2024-12-01
        python3 -m http.server -d site/     # then open http://localhost:8000/
    """
    from archiver.site import build_site
    from archiver.store import Archive

    built = build_site(Archive.existing(archive_dir), out, site=site_name, since=_day(since))
    for problem in built.problems:
        say(f"skipped {problem}", quiet)
    click.echo(str(out / "index.html"))
    search = "with search" if built.searchable else "no search index (no articles)"
    say(
        f"wrote {built.written} of {built.pages} pages ({built.articles} articles, "
        f"{built.removed} pages removed, {search}) in {built.seconds:.1f} s",
        quiet,
    )


@cli.command()
@click.option("--dry-run", is_flag=True, help="Name the pictures it would remove; remove none.")
@archive_dir_option
@quiet_option
@reports_errors
def gc(dry_run: bool, archive_dir: Path, quiet: bool) -> None:
    """Remove kept pictures that no article (nor earlier version) refers to.

    Prints the path of each picture removed (or, with --dry-run, that would be).

    \b
    Examples:
        archiver gc --dry-run
        archiver gc --archive-dir ~/news
    """
    from archiver.store import Archive

    store = Archive.existing(archive_dir)
    unused = store.unreferenced_assets()
    for path in unused:
        click.echo(str(path))
    removed = 0 if dry_run else store.remove_assets(unused)
    verb = f"would remove {len(unused)}" if dry_run else f"removed {removed}"
    say(f"{verb} unreferenced pictures", quiet)


def main() -> None:
    cli(prog_name="archiver")


if __name__ == "__main__":
    main()
