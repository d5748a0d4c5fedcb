"""What a killed or a running writer left, for `Archive` (a mixin): the next writer heals it
from the journal (temp files swept, a pending capture settled, renamed documents indexed);
a reader heals it when the writer's lock is free, and otherwise reads the journaled
documents directly (archiver/pending.py), never waiting for a writer.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from archiver.commit import Journal, Planned, fsync_path, is_temp
from archiver.errors import StoreError
from archiver.frontmatter import read_article
from archiver.index import Entry, Index
from archiver.layout import CAPTURE_SUFFIX, VERSIONS_SUFFIX, capture_path, pending_path
from archiver.lock import WriterBusy
from archiver.models import Article
from archiver.pending import Overlay, journaled


class Healing:
    """Healing, and reading through the journal; what it needs of the archive is declared here."""

    root: Path
    journal: Journal
    _lock: threading.RLock
    _depth: int

    if TYPE_CHECKING:

        def writing(self, *, wait: bool = True) -> AbstractContextManager[None]: ...
        def _index(self) -> Index: ...
        def _entry(self, article: Article, path: Path) -> Entry: ...

    def _heal(self) -> None:
        """Take the writer lock if it is free (taking it heals); never wait for a writer."""
        if not self._lock.acquire(blocking=False):
            return  # a thread of this process is writing: the journal is its own
        try:
            if self._depth == 0:
                with self.writing(wait=False):
                    pass
        except WriterBusy:
            pass
        finally:
            self._lock.release()

    @contextmanager
    def _reading(self) -> Iterator[Index | Overlay]:
        """What a reading command queries: the index, healed when the writer's lock is free;
        while another process writes, the index with the documents its journal names laid
        over it (renamed into place, perhaps not yet indexed), so nothing stored is missed
        and nothing waits. The journal is read first: a group that ends meanwhile is in the
        index by then."""
        index = self._index()
        if self._depth > 0 or not self.journal.pending():
            yield index
            return
        overlay = Overlay(index, journaled(self.root, self.journal, self._entry))
        try:
            yield overlay
        finally:
            overlay.close()

    def _recover(self) -> None:
        """Heal what a killed writer left, from its journal (under the writer lock): its
        temp files go, a pending capture is settled, and every document it had renamed into
        place is indexed. Costs one directory listing when there is nothing to heal."""
        for record, planned in self.journal.leftovers():
            entries = []
            for plan in planned:
                for step in plan.steps:
                    if is_temp(Path(step.temp)):
                        Path(step.temp).unlink(missing_ok=True)
                _drop_unpaired_versions(plan)
                path = self.root / plan.document
                self._settle(path)
                try:
                    entries.append(self._entry(read_article(path), path))
                except StoreError:
                    continue  # never renamed into place: the article is absent, not broken
            if entries:
                self._index().put_many(entries)
            self.journal.end(record)

    def _sweep_temp_files(self) -> None:
        """Clean up after a killed writer (safe: the writer lock is held)."""
        for path in self.root.rglob(".archiver-*.tmp"):
            path.unlink(missing_ok=True)
        for pending in self.root.rglob("*" + CAPTURE_SUFFIX + ".pending"):
            document = pending.with_name(pending.name.removesuffix(CAPTURE_SUFFIX + ".pending"))
            self._settle(document.with_name(document.name + ".md"))

    def _settle(self, path: Path) -> None:
        """Finish or undo a write a crash interrupted (see `_write`); under the writer lock."""
        pending = pending_path(path)
        if not pending.exists():
            return
        from archiver import capture as warc

        with self.writing():
            if not pending.exists():
                return
            try:
                article = read_article(path)
            except StoreError:
                article = None
            sha = article.capture.sha256 if article and article.capture else None
            if sha is not None and not warc.check(pending, sha):
                os.replace(pending, capture_path(path))
            else:
                pending.unlink()
            fsync_path(path.parent)


def _drop_unpaired_versions(plan: Planned) -> None:
    """An earlier version's capture is renamed into `<slug>.versions/` before its document
    (a version's document never lacks its capture). A kill between the two leaves the
    capture, a copy of the current one still in place, that no document refers to: it goes,
    as the document's temp file went, and the next save copies both again."""
    for step in plan.steps:
        target = Path(step.target)
        if not (
            target.parent.name.endswith(VERSIONS_SUFFIX) and target.name.endswith(CAPTURE_SUFFIX)
        ):
            continue
        document = target.with_name(target.name.removesuffix(CAPTURE_SUFFIX) + ".md")
        if target.exists() and not document.exists():
            target.unlink()
            fsync_path(target.parent)


__all__ = ["Healing"]
