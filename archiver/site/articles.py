"""Article pages of the reading site, made in worker processes when there are many: each job
reads one stored article, renders its page and writes it when its bytes changed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from archiver.errors import StoreError
from archiver.site import pages
from archiver.site.files import write_if_changed
from archiver.site.pages import Summary
from archiver.site.pictures import Pictures
from archiver.store import read_article

POOL_FROM = 200  # fewer changed articles than this are made in this process
CHUNK = 32


@dataclass(frozen=True)
class Job:
    """One article page to make: the archive's file and what the index says of it."""

    archive: Path
    out: Path
    path: str  # the article file, relative to the archive
    page: str  # its page, relative to the site
    key: str  # the source file's state when read
    id: str
    url: str
    site: str
    host: str
    day: str


@dataclass(frozen=True)
class Done:
    job: Job
    summary: Summary | None = None
    digest: str = ""
    written: bool = False
    assets: list[tuple[str, str]] = field(default_factory=list)  # (site path, archive path)
    problem: str = ""


def make(job: Job) -> Done:
    """Read, render and write one article page."""
    source = job.archive / job.path
    try:
        article = read_article(source)
    except StoreError as err:
        return Done(job, problem=str(err))
    summary = Summary(
        id=job.id,
        page=job.page,
        headline=article.headline or job.url,
        site=job.site or job.host,
        host=job.host,
        day=job.day,
        byline=pages.byline(article),
        lead=pages.first_sentence(article),
    )
    used = _pictures(job.archive).for_page(source, job.page)
    body = pages.body_html(article, used.show)
    context = pages.article_context(article, summary, body)
    data = pages.render_page("article.html", job.page, **context).encode("utf-8")
    written = write_if_changed(job.out / job.page, data)
    return Done(
        job,
        summary=summary,
        digest=hashlib.sha256(data).hexdigest(),
        written=written,
        assets=sorted(used.copied.items()),
    )


@cache
def _pictures(archive: Path) -> Pictures:
    # One per archive and process: resolving the archive's path for every page cost about
    # a twentieth of a build.
    return Pictures(archive)


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def make_all(jobs: list[Job]) -> Iterator[Done]:
    """Every job's result, in order; in a pool of processes when there are many and more
    than one core (parsing Markdown and YAML is CPU-bound Python)."""
    count = workers()
    if len(jobs) < POOL_FROM or count < 2:
        yield from map(make, jobs)
        return
    with ProcessPoolExecutor(max_workers=count) as pool:
        yield from pool.map(make, jobs, chunksize=CHUNK)


__all__ = ["Done", "Job", "make", "make_all"]
