"""Durable writes: one file (`atomic_write`), or many at once in a group commit, with the
journal that lets a crash be healed.

A group's files are written to hidden temp names beside their targets, synced together (one
`syncfs`, else fsyncs in a small thread pool), renamed into place in a set order, and their
directories synced. A journal of the group (its temp and final names) is written before any
temp file and is durable before the first rename, so the next writer sweeps a killed group's
temp files and indexes what it had renamed without scanning the archive.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import itertools
import json
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from archiver.errors import StoreError

TEMP_PREFIX = ".archiver-"
TEMP_SUFFIX = ".tmp"
SYNC_THREADS = 8  # fsyncs in flight when syncfs is not there (a disk queues them together)
_counter = itertools.count()


@dataclass(frozen=True)
class Step:
    """One file of a group: written to `temp`, renamed to `target` (in order within a group)."""

    temp: str  # path, absolute
    target: str


@dataclass(frozen=True)
class Planned:
    """One article of a group, as the journal records it: its file renames in order and the
    document the index must show once they are done (its path relative to the archive)."""

    id: str
    document: str
    steps: list[Step]


def temp_name(target: Path) -> Path:
    """A hidden temp file beside `target`, unique in this process and across processes."""
    unique = f"{os.getpid()}-{time.time_ns()}-{next(_counter)}"
    return target.with_name(f"{TEMP_PREFIX}{unique}{TEMP_SUFFIX}")


def is_temp(path: Path) -> bool:
    return path.name.startswith(TEMP_PREFIX) and path.name.endswith(TEMP_SUFFIX)


def disk_error(path: Path | str, err: OSError) -> StoreError:
    reason = "the disk is full" if err.errno in (errno.ENOSPC, errno.EFBIG) else ""
    return StoreError(f"cannot write {path}: {reason or err.strerror or err}")


def write_temp(path: Path, data: bytes) -> None:
    """Write `data` to `path` (a temp name) without syncing: the group syncs them all."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


# -- one file -------------------------------------------------------------------------------
def fsync_path(path: Path) -> None:
    """fsync a file, or a directory (its entries: a rename in it is durable)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file in the same directory, fsync, rename, fsync the directory.

    Readers see the old file or the new one, never a part; on any failure the temp file is
    removed and StoreError says why.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".archiver-", suffix=".tmp")
    except OSError as err:
        raise StoreError(f"cannot write {path}: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fchmod(out.fileno(), 0o644)
            os.fsync(out.fileno())
        os.replace(tmp, path)
        fsync_path(path.parent)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            reason = "the disk is full" if err.errno in (errno.ENOSPC, errno.EFBIG) else ""
            detail = reason or err.strerror or str(err)
            raise StoreError(f"cannot write {path}: {detail}") from None
        raise


# -- syncing -----------------------------------------------------------------------------------
def _libc_syncfs() -> ctypes._NamedFuncPointer | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        return getattr(libc, "syncfs", None)
    except OSError:
        return None


_SYNCFS = _libc_syncfs()


def sync(paths: Iterable[Path], anchor: Path) -> None:
    """Make `paths` (files or directories, all on the file system of `anchor`) durable.

    One `syncfs` of the file system when the C library has it: measured on ext4, 64 articles
    (128 files) synced in ~18 ms, against ~78 ms for fsyncs from 8 threads and ~520 ms for
    one fsync after the other. It also writes other processes' dirty data on that file
    system, so it costs more on a busy disk; the result is the same.
    """
    if _SYNCFS is not None:
        fd = os.open(anchor, os.O_RDONLY)
        try:
            if _SYNCFS(fd) == 0:
                return
        finally:
            os.close(fd)
    targets = list(dict.fromkeys(paths))
    with ThreadPoolExecutor(min(SYNC_THREADS, max(1, len(targets)))) as pool:
        list(pool.map(fsync_path, targets))


# -- the journal -------------------------------------------------------------------------------
class Journal:
    """`<archive>/.archiver/journal/`: one file for each group being written, removed once
    the group is renamed, synced and indexed. Left behind, it names what a killed writer
    was doing (and costs one directory listing to find, whatever the archive's size)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def begin(self, planned: list[Planned]) -> Path:
        """Record a group before its first temp file exists (synced with the group's files)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{time.time_ns():020d}-{os.getpid()}.json"
        data = json.dumps([asdict(p) for p in planned], ensure_ascii=False).encode("utf-8")
        temp = temp_name(path)
        try:
            write_temp(temp, data)
            os.replace(temp, path)
        except OSError:
            temp.unlink(missing_ok=True)
            raise
        return path

    def end(self, path: Path) -> None:
        """The group is done (a lost unlink only makes the next writer check it again)."""
        path.unlink(missing_ok=True)

    def leftovers(self) -> Iterator[tuple[Path, list[Planned]]]:
        """Groups a killed writer left, oldest first; an unreadable record names nothing.
        Under the writer lock only: a record's own temp file is removed."""
        for path in self._names():
            if is_temp(path):
                path.unlink(missing_ok=True)  # killed while writing the record itself
                continue
            yield path, self._read(path)

    def groups(self) -> Iterator[list[Planned]]:
        """The groups being written now (or left by a killed writer), read without touching
        anything: a reader's view while another process holds the writer lock. A record
        removed meanwhile (its group indexed) names nothing."""
        for path in self._names():
            if not is_temp(path):
                yield self._read(path)

    def _names(self) -> list[Path]:
        try:
            return [self.directory / name for name in sorted(os.listdir(self.directory))]
        except FileNotFoundError:
            return []

    @staticmethod
    def _read(path: Path) -> list[Planned]:
        try:
            raw = json.loads(path.read_bytes())
            return [Planned(p["id"], p["document"], [Step(**s) for s in p["steps"]]) for p in raw]
        except (OSError, ValueError, KeyError, TypeError):
            return []  # cut short by the kill (nothing of it was renamed yet), or ended

    def pending(self) -> bool:
        try:
            return any(True for _ in os.scandir(self.directory))
        except FileNotFoundError:
            return False


def rename(step: Step) -> None:
    os.replace(step.temp, step.target)


__all__ = [
    "Journal",
    "Planned",
    "Step",
    "atomic_write",
    "disk_error",
    "fsync_path",
    "is_temp",
    "rename",
    "sync",
    "temp_name",
    "write_temp",
]
