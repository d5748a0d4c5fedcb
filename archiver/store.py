"""The archive on disk, as one object: `Archive` (the writer lock, the index, reading and
saving articles, pictures, repairs). Its parts live beside it: the layout and names
(layout.py), saving and the group commit (saving.py, commit.py), healing after a killed
writer and reading during a running one (healing.py, pending.py).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from archiver.commit import Journal, atomic_write
from archiver.errors import StoreError
from archiver.frontmatter import SCHEMA, dump_document, load_document, read_article
from archiver.healing import Healing
from archiver.index import Entry, Hit, Index, IndexFailed
from archiver.layout import (
    ASSETS_DIR,
    META_DIR,
    VERSIONS_SUFFIX,
    base_slug,
    capture_path,
    host_dir,
    relative_dir,
    slugify,
    versions_dir,
)
from archiver.lock import WriterBusy, acquire
from archiver.models import Article
from archiver.saving import Prepared, Saved, Saving, prepare
from archiver.verify import Problem, Verified

if TYPE_CHECKING:
    from archiver.capture import Exchange
    from archiver.fetch import Fetched

LOCK_TIMEOUT = 60.0  # seconds a second writer waits for the first one


@dataclass(frozen=True)
class Version:
    """One stored version of an article: the current file or an earlier one kept beside it."""

    path: Path
    retrieved_at: datetime | None
    sha256: str | None
    current: bool


# -- the archive ----------------------------------------------------------------------------
class Archive(Healing, Saving):
    """An archive directory: the files are the truth, the index is derived from them."""

    def __init__(
        self,
        root: Path,
        *,
        lock_timeout: float = LOCK_TIMEOUT,
        notice: Callable[[str], None] | None = None,
    ) -> None:
        self.root = root
        self.notice = notice or _to_stderr
        self.lock_timeout = lock_timeout
        self.index = Index(root / META_DIR / "index.sqlite")
        self._lock = threading.RLock()
        self._depth = 0
        self._lock_fd: int | None = None
        self._index_ready = False
        self.journal = Journal(root / META_DIR / "journal")
        self._told_waiting_for = ""
        # One index connection a thread for the life of the Archive (a command, a batch):
        # closed with it, or at exit, so SQLite folds its WAL back into the file.
        weakref.finalize(self, self.index.close)

    # -- the writer lock ---------------------------------------------------------------------
    @contextmanager
    def writing(self, *, wait: bool = True) -> Iterator[None]:
        """Hold the archive's writer lock (one writing process at a time; re-entrant).

        A second process waits up to `lock_timeout` seconds (not at all unless `wait`), then
        gets WriterBusy. Taking the lock first heals what a killed writer left.
        """
        with self._lock:
            if self._depth == 0:
                self._lock_fd = self._acquire(self.lock_timeout if wait else 0.0)
            self._depth += 1
            try:
                if self._depth == 1 and self.journal.pending():
                    self._recover()
                yield
            finally:
                self._depth -= 1
                if self._depth == 0 and self._lock_fd is not None:
                    os.close(self._lock_fd)  # closing releases the flock
                    self._lock_fd = None

    def _acquire(self, timeout: float) -> int:
        def waiting(holder: str) -> None:
            if holder != self._told_waiting_for:  # once, not for every group of a batch
                self._told_waiting_for = holder
                self.notice(
                    f"waiting for {holder} to finish writing to the archive"
                    f" (up to {timeout:g} s, --lock-timeout)"
                )

        return acquire(self.root / META_DIR / "lock", self.root, timeout, waiting)

    # -- index -------------------------------------------------------------------------------
    def _index(self) -> Index:
        """The index, rebuilt from the files first when it is missing or was never built,
        and healed from the journal when a writer was killed (unless a writer is running)."""
        if not self._index_ready:
            try:
                built = self.index.is_built()
            except IndexFailed as err:
                if not err.corrupt:
                    raise
                self.notice(
                    f"the index was unreadable ({err.reason}); rebuilding it from the files"
                )
                self.index.remove_files()
                built = False
            if not built:
                self.reindex()
            self._index_ready = True
        if self._depth == 0 and self.journal.pending():
            self._heal()
        return self.index

    def _entry(self, article: Article, path: Path) -> Entry:
        rel = path.relative_to(self.root).as_posix()
        return Entry.of(article, rel, host_dir(article.source_url or ""))

    def reindex(self, report: Callable[[Problem], None] | None = None) -> int:
        """Rebuild the index from the stored files alone; returns the number of articles.

        A file that does not load is left out of the index and passed to `report`."""
        with self.writing():
            self._sweep_temp_files()
            entries = []
            for path in self.paths():
                try:
                    entries.append(self._entry(read_article(path), path))
                except StoreError as err:  # the index holds the readable ones
                    if report is not None:
                        report(Problem(path, str(err)))
            count = self.index.rebuild(entries)
            self._index_ready = True
            return count

    # -- files -------------------------------------------------------------------------------
    def paths(self) -> Iterator[Path]:
        """Every current article file (not earlier versions, not the index directory)."""
        if not self.root.is_dir():
            return
        for directory, dirs, files in os.walk(self.root):
            dirs[:] = sorted(
                d for d in dirs if not d.startswith(".") and not d.endswith(VERSIONS_SUFFIX)
            )
            for name in sorted(files):
                if name.endswith(".md") and not name.startswith("."):
                    yield Path(directory) / name

    def load(self, path: Path) -> Article:
        return read_article(path)

    @classmethod
    def existing(cls, root: Path) -> Archive:
        """The archive at `root`, which must exist (commands that only read use this)."""
        if not root.is_dir():
            raise StoreError(f"no archive at {root} (archive an article first, or --archive-dir)")
        return cls(root)

    def entries(
        self,
        *,
        site: str | None = None,
        author: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[Entry]:
        """Stored articles, newest first (see `Index.select`)."""
        with self._reading() as index:
            return index.select(site=site, author=author, since=since, until=until)

    def search(self, query: str, *, limit: int = 20) -> list[Hit]:
        """Full-text search over headline, authors and body, best match first."""
        with self._reading() as index:
            return index.search(query, limit=limit)

    def path_of(self, entry: Entry) -> Path:
        return self.root / entry.path

    def find(self, url: str) -> Path | None:
        """The stored file whose requested or canonical URL is `url`."""
        with self._reading() as index:
            entry = index.by_url(url)
        if entry is None:
            return None
        path = self.root / entry.path
        return path if path.exists() else None

    def resolve(self, ref: str) -> Path:
        """The file an id, a URL or a path names; StoreError when none does."""
        path = Path(ref)
        if path.is_file():
            return path
        if not self.root.is_dir():
            raise StoreError(f"no such file: {ref} (and no archive at {self.root})")
        if re.fullmatch(r"[0-9a-f]{12}", ref):
            with self._reading() as index:
                entry = index.by_id(ref)
            if entry is not None and (self.root / entry.path).exists():
                return self.root / entry.path
        elif "://" in ref:
            found = self.find(ref) or self.find(ref.strip())
            if found is not None:
                return found
        raise StoreError(f"no stored article is {ref!r} (not an id, URL or file in {self.root})")

    def select(self, refs: Iterable[str], *, everything: bool = False) -> list[Path]:
        """The files `refs` name (ids, URLs, paths), or every current article."""
        if everything:
            return list(self.paths())
        return list(dict.fromkeys(self.resolve(ref) for ref in refs))

    def mirror(self, path: Path, out_dir: Path, suffix: str) -> Path:
        """`path`'s place under `out_dir`, as it is under the archive (else its bare name)."""
        try:
            rel = path.resolve().relative_to(self.root.resolve())
        except ValueError:
            rel = Path(path.name)
        return out_dir / rel.with_name(rel.name.removesuffix(".md") + suffix)

    def versions(self, path: Path) -> list[Version]:
        """The current file, then earlier versions, newest first."""
        current = read_article(path)
        found = [
            Version(
                path,
                current.capture.retrieved_at if current.capture else None,
                current.capture.sha256 if current.capture else None,
                True,
            )
        ]
        directory = versions_dir(path)
        if directory.is_dir():
            for old in sorted(directory.glob("*.md"), reverse=True):
                article = read_article(old)
                capture = article.capture
                found.append(
                    Version(
                        old,
                        capture.retrieved_at if capture else None,
                        capture.sha256 if capture else None,
                        False,
                    )
                )
        return found

    def rewrite(self, path: Path, article: Article) -> bool:
        """Replace an article's document in place (no new version); False if identical."""
        if path.parent.name.endswith(VERSIONS_SUFFIX):
            raise StoreError(f"{path} is an earlier version, kept as it was stored")
        document = dump_document(article).encode("utf-8", errors="replace")
        with self.writing():
            try:
                if path.read_bytes() == document:
                    return False
            except OSError as err:
                raise StoreError(f"cannot read {path}: {err.strerror or err}") from None
            atomic_write(path, document)
            self._index().put(self._entry(article, path))
            return True

    # -- pictures ----------------------------------------------------------------------------
    def put_asset(self, data: bytes, extension: str) -> Path:
        """Keep a picture once for the whole archive, named by its content:
        `<archive>/assets/<sha256[:2]>/<sha256>.<extension>`; returns its path."""
        digest = hashlib.sha256(data).hexdigest()
        path = self.root / ASSETS_DIR / digest[:2] / f"{digest}.{extension}"
        with self.writing():
            try:
                if path.stat().st_size == len(data):
                    return path  # the same bytes (same name) are there already
            except OSError:
                pass
            atomic_write(path, data)
        return path

    def attach_assets(self, path: Path, article: Article, exchanges: Sequence[Exchange]) -> bool:
        """Rewrite an article's document with its pictures (no new version) and add their
        requests and responses to its capture (the capture rewritten whole, first: a crash
        between the two leaves records the document does not name yet, which is harmless)."""
        from archiver import capture as warc

        with self.writing():
            raw = capture_path(path)
            if exchanges and raw.exists():
                atomic_write(raw, warc.with_exchanges(raw.read_bytes(), exchanges))
            return self.rewrite(path, article)

    def unreferenced_assets(self) -> list[Path]:
        """Files under `<archive>/assets/` that no article (nor earlier version) refers to."""
        referred: set[Path] = set()
        for document in self.documents():
            try:
                article = read_article(document)
            except StoreError:
                continue
            for asset in article.assets:
                if asset.path is not None:
                    referred.add((document.parent / asset.path).resolve())
        folder = self.root / ASSETS_DIR
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.rglob("*") if p.is_file() and p.resolve() not in referred)

    def remove_assets(self, paths: Iterable[Path]) -> int:
        """Delete assets (those `unreferenced_assets` named, checked again under the lock)."""
        with self.writing():
            still = set(self.unreferenced_assets())
            count = 0
            for path in paths:
                if path in still:
                    path.unlink(missing_ok=True)
                    count += 1
            return count

    # -- repair and checks -------------------------------------------------------------------
    def reextract(self, path: Path, extract: Callable[[Fetched], Article]) -> bool:
        """Run `extract` on the stored capture (offline) and rewrite the file if it changed.

        The capture's retrieval time is kept; returns whether the document changed.
        """
        from archiver import capture as warc

        self._settle(path)
        old = read_article(path)
        if old.capture is None:
            raise StoreError(f"{path}: no capture recorded, nothing to re-extract from")
        fetched = warc.read_fetched(capture_path(path), old.capture)
        new = extract(fetched)
        kept = {"capture": old.capture, "assets": old.assets}
        new = new.model_copy(update={**kept, "extra_front_matter": old.extra_front_matter})
        if old.assets:  # the page names its pictures by URL: point them at the kept files again
            from archiver.pictures import relink

            links = {a.url: a.path for a in old.assets if a.path is not None}
            new = new.model_copy(update={"body": relink(new.body, links)})
        if old.url and new.url != old.url:
            # The file is named and indexed by its address: a re-extraction changes what the
            # article says, not where it is filed (an article stored under a canonical address
            # on another site, before such claims were set aside, stays where it is).
            provenance = {k: v for k, v in new.provenance.items() if k != "url"}
            if "url" in old.provenance:
                provenance["url"] = old.provenance["url"]
            new = new.model_copy(update={"url": old.url, "provenance": provenance})
        return self.rewrite(path, new)

    def verify(self) -> Verified:
        """Check every article file (current and earlier versions), its capture and assets,
        and look for files no article refers to (see `archiver.verify`)."""
        from archiver.verify import verify_archive

        return verify_archive(self)

    def documents(self) -> Iterator[Path]:
        """Every article file: each current one, then its earlier versions."""
        for path in self.paths():
            yield path
            directory = versions_dir(path)
            if directory.is_dir():
                yield from sorted(directory.glob("*.md"))


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


__all__ = [
    "SCHEMA",
    "Archive",
    "Prepared",
    "Problem",
    "Saved",
    "Verified",
    "Version",
    "WriterBusy",
    "atomic_write",
    "base_slug",
    "capture_path",
    "dump_document",
    "host_dir",
    "load_document",
    "prepare",
    "read_article",
    "relative_dir",
    "slugify",
    "versions_dir",
]
