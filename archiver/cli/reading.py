"""The commands that read the archive: list, search, show, render, site."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from archiver.cli.options import (
    UsageProblem,
    archive_dir_option,
    day_of,
    format_option,
    quiet_option,
    reports_errors,
    say,
)

if TYPE_CHECKING:
    from datetime import datetime


@click.command("list")
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
        site=site, author=author, since=day_of(since), until=day_of(until)
    )
    if as_json:
        click.echo(json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=2))
        return
    for e in entries:
        click.echo(f"{e.id}  {e.day}  {e.site or e.host}  {e.headline}")


@click.command()
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


@click.command()
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


SUFFIXES = {"markdown": ".md", "article": ".txt", "html": ".html", "json": ".json", "text": ".txt"}


@click.command()
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


@click.command("site")
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

    built = build_site(Archive.existing(archive_dir), out, site=site_name, since=day_of(since))
    for problem in built.problems:
        say(f"skipped {problem}", quiet)
    click.echo(str(out / "index.html"))
    search = "with search" if built.searchable else "no search index (no articles)"
    say(
        f"wrote {built.written} of {built.pages} pages ({built.articles} articles, "
        f"{built.removed} pages removed, {search}) in {built.seconds:.1f} s",
        quiet,
    )
