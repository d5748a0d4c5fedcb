"""The site's full-text search: Pagefind (the `pagefind[extended]` package ships the binary)
indexes the article pages into one bundle per year of articles, `<site>/search/<year>/`,
which the search page merges (Pagefind's `mergeIndex`).

Pagefind has no incremental mode: a bundle is rebuilt whole. Splitting by year keeps that
cost to the years whose pages changed (new articles land in the current year), and lets the
bundles of a build from nothing be made side by side, one Pagefind process per core.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from archiver.errors import StoreError

BUNDLES = "search"  # <site>/search/<year>/
LEGACY = "pagefind"  # the one bundle of sites built before the split
TIMEOUT = 1800.0  # seconds for one bundle; 10,000 pages index in well under a minute
_NEW = ".search-new"
_OLD = ".search-old"


def shard_of(page: str) -> str:
    """The bundle an article page goes to: its year (`articles/<host>/<YYYY>/<MM>/x.html`)."""
    return page.split("/")[2]


def shards(pages: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each bundle's name -> a digest of its pages and their contents: a bundle whose digest
    is unchanged since the last build is kept as it is."""
    members: dict[str, list[str]] = defaultdict(list)
    for page, digest in pages:
        members[shard_of(page)].append(f"{page}\0{digest}")
    return {
        name: hashlib.sha256("\n".join(sorted(items)).encode()).hexdigest()[:16]
        for name, items in members.items()
    }


def bundle_paths(names: Iterable[str]) -> list[str]:
    """The bundles' folders relative to the site root, newest year first."""
    return [f"{BUNDLES}/{name}/" for name in sorted(names, reverse=True)]


def _executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:  # pragma: no cover - the extra is a dependency
        raise StoreError("the search index needs pagefind[extended] installed") from None
    return Path(get_executable())


def _command(site: Path, name: str) -> list[str]:
    glob = f"articles/*/{name}/**/*.html"
    return [
        str(_executable()),
        "--site",
        str(site),
        "--glob",
        glob,
        "--output-path",
        str(site / _NEW / name),
        "--silent",
    ]


def _failure(name: str, done: subprocess.CompletedProcess[str] | None, why: str = "") -> str:
    if done is not None:
        detail = (done.stderr or done.stdout).strip().splitlines()
        why = detail[-1] if detail else "pagefind failed"
    return f"the search index was not built ({name}): {why}"


def _run_all(site: Path, names: list[str], parallel: int) -> None:
    """Pagefind for each bundle in `names`, `parallel` at a time, into site/.search-new/."""
    waiting = list(names)
    running: list[tuple[str, subprocess.Popen[str]]] = []
    problem = ""
    try:
        while waiting or running:
            while waiting and len(running) < parallel and not problem:
                name = waiting.pop(0)
                command = _command(site, name)
                try:
                    process = subprocess.Popen(
                        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                    )
                except OSError as err:
                    problem = _failure(name, None, str(err))
                    break
                running.append((name, process))
            if not running:
                break
            name, process = running.pop(0)
            try:
                said, complaint = process.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                problem = problem or _failure(name, None, f"timed out after {TIMEOUT:.0f} s")
                continue
            done = subprocess.CompletedProcess(process.args, process.returncode, said, complaint)
            if (process.returncode != 0 or not (site / _NEW / name / "pagefind.js").is_file()) and (
                not problem
            ):
                problem = _failure(name, done)
    finally:
        for _name, process in running:  # interrupted: nothing left running
            process.kill()
            process.communicate()
    if problem:
        raise StoreError(problem)


def index(site: Path, wanted: dict[str, str], built: dict[str, str], parallel: int = 1) -> None:
    """Make the bundles of `wanted` (name -> digest) whose digest differs from `built`'s or
    whose folder is missing, and remove the bundles no longer wanted.

    New bundles are written beside the old ones and swapped in only when all are complete,
    so the site keeps a working search while it is rebuilt.
    """
    fresh = site / _NEW
    shutil.rmtree(fresh, ignore_errors=True)  # left by a build that was stopped
    root = site / BUNDLES
    todo = [
        name
        for name, digest in sorted(wanted.items(), reverse=True)
        if built.get(name) != digest or not (root / name / "pagefind.js").is_file()
    ]
    try:
        _run_all(site, todo, max(1, parallel))
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    root.mkdir(exist_ok=True)
    for name in todo:
        if (root / name).exists():
            _set_aside(site, root / name)
        (fresh / name).rename(root / name)
    for gone in [p for p in root.iterdir() if p.name not in wanted]:
        _set_aside(site, gone)
    shutil.rmtree(fresh, ignore_errors=True)
    _set_aside(site, site / LEGACY)


def _set_aside(site: Path, bundle: Path) -> None:
    """Move a replaced bundle out of the way at once (a rename); its files are deleted by the
    next build, in the background (`discard_old`)."""
    if bundle.exists():
        stale = site / _OLD
        stale.mkdir(exist_ok=True)
        bundle.rename(stale / f"{bundle.name}-{time.time_ns()}")


def discard_old(site: Path) -> None:
    """Delete the bundles earlier builds set aside, in a background thread: unlinking
    thousands of small files took 15 s on a busy disk, longer than indexing them. The
    thread does not hold up the end of the command; what it has not deleted by then is
    deleted next time."""
    stale = site / _OLD
    if not stale.is_dir():
        return
    names = [p for p in stale.iterdir() if p.is_dir()]

    def delete() -> None:
        for path in names:
            shutil.rmtree(path, ignore_errors=True)

    threading.Thread(target=delete, name="site-discard", daemon=True).start()


def remove(site: Path) -> None:
    _set_aside(site, site / BUNDLES)
    _set_aside(site, site / LEGACY)


__all__ = ["BUNDLES", "bundle_paths", "discard_old", "index", "remove", "shard_of", "shards"]
