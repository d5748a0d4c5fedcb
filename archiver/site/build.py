"""Build the reading site of an archive: article pages, listings, static files, search.

Incremental: a manifest in the site (`.archiver-site.json`) remembers each article's source
file state and each written file's digest, so a rebuild reads only changed articles, writes
only pages whose bytes changed, and removes pages it no longer makes. The site is derived
output: it reads the archive and never writes to it.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from archiver.errors import StoreError
from archiver.site import articles as articles_
from archiver.site import pages, search
from archiver.site.files import replace, write_if_changed
from archiver.site.pages import Summary, render_page
from archiver.store import Archive

MANIFEST = ".archiver-site.json"
MANIFEST_VERSION = 2  # 2: the search index split by year
PER_PAGE = 100  # articles on one index page


@dataclass(frozen=True)
class Built:
    """What a build did: pages written (of all it made), articles, files removed, time."""

    root: Path
    articles: int
    pages: int
    written: int
    removed: int
    seconds: float
    searchable: bool
    problems: list[str] = field(default_factory=list)


@dataclass
class _Output:
    """The files of one build under `root`: writes only what changed since `previous`."""

    root: Path
    previous: dict[str, str]
    files: dict[str, str] = field(default_factory=dict)
    written: int = 0
    pages: int = 0

    def put(self, rel: str, data: bytes) -> bool:
        """Write `data` at `rel` unless the file already holds it; True when written."""
        written = write_if_changed(self.root / rel, data)
        self.record(rel, hashlib.sha256(data).hexdigest(), written)
        return written

    def record(self, rel: str, digest: str, written: bool) -> None:
        """`rel` is part of this build (written now when `written`)."""
        self.files[rel] = digest
        if rel.endswith(".html"):
            self.pages += 1
            self.written += written

    def keep(self, rel: str) -> None:
        """`rel` is still part of the site, unchanged (an article not read again)."""
        self.files[rel] = self.previous[rel]
        if rel.endswith(".html"):
            self.pages += 1

    def copy(self, rel: str, source: Path) -> None:
        """A content-addressed file (a picture): copied once, never rewritten."""
        target = self.root / rel
        if rel not in self.files:
            self.files[rel] = "asset"
            if not target.is_file():
                replace(target, source.read_bytes())

    def sweep(self) -> int:
        """Remove the files of the previous build that this one did not make."""
        removed = 0
        for rel in set(self.previous) - set(self.files):
            path = self.root / rel
            if path.is_file():
                path.unlink()
                removed += rel.endswith(".html")
            parent = path.parent
            while parent != self.root and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
        return removed


def _load_manifest(out: Path, archive: Archive) -> dict[str, Any]:
    empty: dict[str, Any] = {"version": MANIFEST_VERSION, "files": {}, "articles": {}}
    path = out / MANIFEST
    if out.exists() and not out.is_dir():
        raise StoreError(f"{out} is a file, not a directory")
    if out.resolve() == archive.root.resolve():
        raise StoreError(f"{out} is the archive itself; build the site in another directory")
    if not path.is_file():
        if out.is_dir() and any(out.iterdir()):
            raise StoreError(
                f"{out} is not empty and holds no site built by archiver; "
                "choose a new or empty directory"
            )
        return empty
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return empty  # a broken manifest only costs a full rebuild
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return empty
    return data


def _article_page(rel_md: str) -> str:
    return "articles/" + rel_md.removesuffix(".md") + ".html"


def build_site(
    archive: Archive,
    out: Path,
    *,
    site: str | None = None,
    since: date | None = None,
    with_search: bool = True,
    clock: Callable[[], float] = time.monotonic,
) -> Built:
    """Write the reading site of `archive` (or of one site, or since a day) under `out`."""
    started = clock()
    manifest = _load_manifest(out, archive)
    search.discard_old(out)
    output = _Output(out, dict(manifest.get("files", {})))
    known: dict[str, Any] = manifest.get("articles", {})
    previous_search: dict[str, str] = manifest.get("search", {})
    try:
        return _build(
            archive, out, output, known, previous_search, site, since, with_search, clock, started
        )
    except BaseException:
        # An interrupted build leaves a manifest naming every file it may have left, so the
        # next build recognises the directory, rereads every article and sweeps what is stale.
        files = {**output.previous, **{rel: "" for rel in output.files}}
        files[MANIFEST] = ""
        partial = {"version": MANIFEST_VERSION, "files": files, "articles": {}}
        replace(out / MANIFEST, json.dumps(partial).encode("utf-8"))
        raise


def _build(
    archive: Archive,
    out: Path,
    output: _Output,
    known: dict[str, Any],
    previous_search: dict[str, str],
    site: str | None,
    since: date | None,
    with_search: bool,
    clock: Callable[[], float],
    started: float,
) -> Built:
    fingerprint = pages.fingerprint()
    summaries: list[Summary] = []
    articles: dict[str, Any] = {}
    problems: list[str] = []
    jobs: list[articles_.Job] = []
    order: list[str] = []  # article paths, newest first, as the index lists them
    for entry in archive.entries(site=site, since=since):
        page = _article_page(entry.path)
        try:
            stat = archive.path_of(entry).stat()
        except OSError:
            problems.append(f"{entry.path}: missing (run `archiver reindex`)")
            continue
        key = f"{stat.st_mtime_ns}:{stat.st_size}:{fingerprint}"
        order.append(entry.path)
        old = known.get(entry.path)
        if old and old.get("key") == key and page in output.previous:
            output.keep(page)
            for asset, asset_source in old.get("assets", []):
                output.copy(asset, archive.root / asset_source)
            articles[entry.path] = old
            continue
        jobs.append(
            articles_.Job(
                archive=archive.root,
                out=out,
                path=entry.path,
                page=page,
                key=key,
                id=entry.id,
                url=entry.url,
                site=entry.site,
                host=entry.host,
                day=entry.day,
            )
        )
    for done in articles_.make_all(jobs):
        if done.summary is None:
            problems.append(done.problem)
            continue
        output.record(done.job.page, done.digest, done.written)
        for asset, asset_source in done.assets:
            output.copy(asset, archive.root / asset_source)
        articles[done.job.path] = {
            "page": done.job.page,
            "key": done.job.key,
            "summary": done.summary.as_json(),
            "assets": done.assets,
        }
    summaries = [Summary.from_json(articles[p]["summary"]) for p in order if p in articles]
    bundles = search.shards(
        (articles[p]["page"], output.files[articles[p]["page"]]) for p in order if p in articles
    )
    _listings(output, summaries, search.bundle_paths(bundles) if with_search else [])
    removed = output.sweep()
    searchable = False
    built: dict[str, str] = previous_search if with_search else {}
    if with_search and summaries:
        search.index(out, bundles, previous_search, parallel=articles_.workers())
        built, searchable = bundles, True
    elif not summaries:
        search.remove(out)
        built = {}
    output.files[MANIFEST] = ""
    manifest = {
        "version": MANIFEST_VERSION,
        "files": output.files,
        "articles": articles,
        "search": built,
    }
    replace(out / MANIFEST, json.dumps(manifest, ensure_ascii=False).encode("utf-8"))
    return Built(
        root=out,
        articles=len(summaries),
        pages=output.pages,
        written=output.written,
        removed=removed,
        seconds=clock() - started,
        searchable=searchable,
        problems=problems,
    )


def _listings(output: _Output, summaries: list[Summary], bundles: list[str]) -> None:
    """Index pages (newest first), the pages by site and by month, search, static files."""
    put = output.put
    for name, data in pages.static_files():
        put(f"static/{name}", data)
    total = max(1, -(-len(summaries) // PER_PAGE))
    for number, items in pages.pages_of(summaries, PER_PAGE):
        page = "index.html" if number == 1 else f"page/{number}.html"
        newer = (
            None if number == 1 else ("index.html" if number == 2 else f"page/{number - 1}.html")
        )
        older = f"page/{number + 1}.html" if number < total else None
        html = render_page(
            "index.html",
            page,
            items=items,
            number=number,
            total=total,
            count=len(summaries),
            newer=newer,
            older=older,
        )
        put(page, html.encode("utf-8"))

    by_host: dict[str, list[Summary]] = defaultdict(list)
    by_month: dict[str, list[Summary]] = defaultdict(list)
    for summary in summaries:
        by_host[summary.host].append(summary)
        by_month[summary.month or "undated"].append(summary)
    names = {
        host: Counter(s.site for s in items).most_common(1)[0][0] for host, items in by_host.items()
    }
    sites = sorted(by_host, key=lambda h: (names[h].lower(), h))
    put(
        "sites.html",
        render_page(
            "sites.html",
            "sites.html",
            sites=[(names[h], f"sites/{h}.html", len(by_host[h])) for h in sites],
        ).encode("utf-8"),
    )
    for host in sites:
        page = f"sites/{host}.html"
        title = names[host] if names[host] == host else f"{names[host]} ({host})"
        put(page, render_page("listing.html", page, title=title, items=by_host[host]).encode())
    months = sorted(by_month, reverse=True)
    put(
        "months.html",
        render_page(
            "months.html",
            "months.html",
            months=[(m, f"months/{m}.html", len(by_month[m])) for m in months],
        ).encode("utf-8"),
    )
    for month in months:
        page = f"months/{month}.html"
        title = pages.display_month("" if month == "undated" else month)
        put(page, render_page("listing.html", page, title=title, items=by_month[month]).encode())
    put("search.html", render_page("search.html", "search.html", bundles=bundles).encode("utf-8"))


__all__ = ["MANIFEST", "Built", "build_site"]
