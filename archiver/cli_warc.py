"""The `import` command's WARC side: its options (engine and filters) and the run of an
archive-file import, formatted for the terminal. cli.py calls in here when the sources
are WARC or ARC files."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

if TYPE_CHECKING:
    from archiver.assets import PictureLimits
    from archiver.warc.records import Filters

F = TypeVar("F", bound=Callable[..., Any])

_DAY_FORMATS = ["%Y-%m-%d"]
_TIME_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%SZ"]


@dataclass(frozen=True)
class WarcArgs:
    """What the WARC options asked for; `given` names those set, to refuse them for URLs."""

    cluster: str | None
    workers: int | None
    site: str | None
    url_pattern: str | None
    captured_since: datetime | None
    captured_until: datetime | None
    since: datetime | None
    until: datetime | None
    lang: str | None

    @property
    def given(self) -> list[str]:
        names = {
            "--cluster": self.cluster,
            "--workers": self.workers,
            "--site": self.site,
            "--url-pattern": self.url_pattern,
            "--captured-since": self.captured_since,
            "--captured-until": self.captured_until,
            "--since": self.since,
            "--until": self.until,
            "--lang": self.lang,
        }
        return [name for name, value in names.items() if value is not None]

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


def _utc(value: datetime | None, *, end_of_day: bool = False) -> datetime | None:
    if value is None:
        return None
    if end_of_day and value.time() == datetime.min.time():
        value += timedelta(days=1, microseconds=-1)  # a day given alone: all of it
    return value.replace(tzinfo=UTC)


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def warc_options(func: F) -> F:
    """--cluster, --workers and the record filters -> a `warc` argument."""

    @click.option(
        "--cluster",
        metavar="local|ADDRESS",
        help="WARC input: parse on a Dask cluster, `local` (started here) or a scheduler's"
        " address (tcp://host:8786). Needs archiver[cluster].",
    )
    @click.option(
        "--workers",
        type=click.IntRange(min=0),
        help="WARC input: worker processes (default: one a core; 0 parses in this process).",
    )
    @click.option(
        "--site",
        help="WARC input: only pages of this host (and its subdomains); read before parsing.",
    )
    @click.option(
        "--url-pattern",
        metavar="GLOB",
        help="WARC input: only URLs matching GLOB ('*/2024/12/*'); read before parsing.",
    )
    @click.option(
        "--captured-since",
        type=click.DateTime(_TIME_FORMATS),
        help="WARC input: only records captured (WARC-Date) on or after D; before parsing.",
    )
    @click.option(
        "--captured-until",
        type=click.DateTime(_TIME_FORMATS),
        help="WARC input: only records captured on or before D; before parsing.",
    )
    @click.option(
        "--since",
        type=click.DateTime(_DAY_FORMATS),
        help="WARC input: only articles published on or after D (needs the parse).",
    )
    @click.option(
        "--until",
        type=click.DateTime(_DAY_FORMATS),
        help="WARC input: only articles published on or before D (needs the parse).",
    )
    @click.option(
        "--lang",
        metavar="LANGS",
        help="WARC input: only articles in these languages, e.g. en,de (needs the parse).",
    )
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        cluster: str | None,
        workers: int | None,
        site: str | None,
        url_pattern: str | None,
        captured_since: datetime | None,
        captured_until: datetime | None,
        since: datetime | None,
        until: datetime | None,
        lang: str | None,
        **kwargs: Any,
    ) -> Any:
        kwargs["warc"] = WarcArgs(
            cluster,
            workers,
            site,
            url_pattern,
            captured_since,
            captured_until,
            since,
            until,
            lang,
        )
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def import_archives(
    sources: tuple[str, ...],
    archive_dir: Path,
    warc: WarcArgs,
    *,
    refresh: bool,
    retry_failed: bool,
    report: TextIO | None,
    quiet: bool,
    pictures: PictureLimits | None,
) -> bool:
    """Import the sources when they are WARC/ARC files (exit 1 when a record or file could
    not be read); False, doing nothing, when they are URL sources."""
    import sys

    from archiver.batch import Result, TerminalProgress
    from archiver.store import Archive
    from archiver.warc.cluster import engine_for
    from archiver.warc.importer import WarcOptions, run_warc_import
    from archiver.warc.input import archive_inputs

    inputs = archive_inputs(sources)
    if inputs is None:
        return False
    options = WarcOptions(
        warc.filters(pictures is not None),
        refresh=refresh,
        retry_failed=retry_failed,
        pictures=pictures,
    )
    archive = Archive(archive_dir)

    def show(result: Result) -> None:
        if result.status == "archived" and not result.earlier:
            click.echo(result.path)
        if report is not None:
            report.write(result.as_json() + "\n")
            report.flush()

    engine = functools.partial(engine_for, warc.cluster, warc.workers)
    with TerminalProgress(live=sys.stderr.isatty(), quiet=quiet) as progress:
        summary = run_warc_import(
            inputs, sources, archive, options, engine=engine, observers=[show, progress]
        )
    if not quiet:
        click.echo(summary.line(), err=True)
    if summary.interrupted or summary.failed:
        raise click.exceptions.Exit(130 if summary.interrupted else 1)
    return True


__all__ = ["WarcArgs", "import_archives", "warc_options"]
