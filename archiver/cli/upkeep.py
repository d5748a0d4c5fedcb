"""The commands that look after the archive: reextract, reindex, verify, migrate, gc."""

from __future__ import annotations

from pathlib import Path

import click

from archiver.cli.options import UsageProblem, archive_dir_option, quiet_option, reports_errors, say
from archiver.errors import ArchiverError


@click.command()
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


@click.command()
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


@click.command()
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


@click.command()
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


@click.command()
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
