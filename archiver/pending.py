"""What a reading command sees while another process writes: the index, and over it the
documents the writer's journal names, renamed into place but maybe not yet indexed.

Reading them costs the journal (the groups in flight, at most a few of 64 articles), never a
scan of the archive, and never a wait for the writer's lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from archiver.commit import Journal
from archiver.errors import StoreError
from archiver.frontmatter import read_article
from archiver.index import Entry, Hit, Index
from archiver.models import Article


def journaled(
    root: Path, journal: Journal, entry_of: Callable[[Article, Path], Entry]
) -> list[Entry]:
    """The entries of the documents the journal's groups name that are in place now (a
    document not yet renamed is absent, or its earlier version, which the index has)."""
    entries: dict[str, Entry] = {}
    for group in journal.groups():
        for plan in group:
            path = root / plan.document
            try:
                entries[plan.document] = entry_of(read_article(path), path)
            except StoreError:
                continue  # not there yet (a new article), or being replaced: the index has it
    return list(entries.values())


class Overlay:
    """The index with `entries` laid over it: an entry of the same path or id replaces the
    index's, and every query answers as the index would with them in it."""

    def __init__(self, index: Index, entries: Iterable[Entry]) -> None:
        self.index = index
        self.entries = list(entries)
        self._paths = {e.path for e in self.entries}
        self._ids = {e.id for e in self.entries}
        self._scratch = Index.scratch(self.entries)

    def close(self) -> None:
        self._scratch.close()

    def _kept(self, entry: Entry | None) -> Entry | None:
        if entry is None or entry.path in self._paths or entry.id in self._ids:
            return None
        return entry

    def select(
        self,
        *,
        site: str | None = None,
        author: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[Entry]:
        found = [
            e
            for e in self.index.select(site=site, author=author, since=since, until=until)
            if self._kept(e)
        ]
        found += self._scratch.select(site=site, author=author, since=since, until=until)
        found.sort(key=lambda e: e.path)
        found.sort(key=lambda e: e.day, reverse=True)  # as the index orders: day, then path
        return found

    def search(self, query: str, *, limit: int = 20) -> list[Hit]:
        # bm25 depends on the corpus, so the two indexes' ranks are near, not equal, measures;
        # the few articles in flight are merged in by rank all the same.
        hits = [
            h
            for h in self.index.search(query, limit=limit + len(self.entries))
            if self._kept(h.entry)
        ]
        hits += self._scratch.search(query, limit=limit)
        hits.sort(key=lambda h: h.rank)
        return hits[:limit]

    def by_url(self, url: str) -> Entry | None:
        return self._scratch.by_url(url) or self.index.by_url(url)

    def by_id(self, id_: str) -> Entry | None:
        return self._scratch.by_id(id_) or self._kept(self.index.by_id(id_))


__all__ = ["Overlay", "journaled"]
