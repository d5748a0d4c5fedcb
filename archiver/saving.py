"""Saving articles: where each goes, the earlier version it keeps, and the group commit that
makes many of them durable at once (files, then the index), for `Archive` (a mixin).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from archiver.commit import Journal, Planned, Step, disk_error, is_temp, sync, temp_name, write_temp
from archiver.errors import FormatError, StoreError
from archiver.frontmatter import dump_document, read_article
from archiver.index import Entry, Index
from archiver.layout import (
    CAPTURE_SUFFIX,
    NAME_MAX_BYTES,
    base_slug,
    bounded_name,
    capture_path,
    host_dir,
    pending_path,
    relative_dir,
    versions_dir,
)
from archiver.models import Article

if TYPE_CHECKING:
    from archiver.fetch import Fetched

SaveStatus = Literal["new", "updated", "unchanged"]


@dataclass(frozen=True)
class Saved:
    path: Path
    id: str
    status: SaveStatus


@dataclass(frozen=True)
class Prepared:
    """An article ready to store: its document and capture bytes built where it was parsed
    (in a batch, a parser process), so that the writer only writes."""

    article: Article
    document: bytes
    capture: bytes | None  # the gzipped WARC of the fetch
    text: str  # the body's plain text, for the index


def prepare(article: Article, raw: Fetched | None = None) -> Prepared:
    """Build what `Archive.save_group` writes for `article` and its fetch."""
    from archiver import capture as warc  # warcio only where captures are written
    from archiver.plaintext import markdown_to_text

    return Prepared(
        article,
        dump_document(article).encode("utf-8", errors="replace"),
        warc.warc_bytes(raw) if raw is not None else None,
        # Captions are searchable too: a photographer's or a place's name.
        markdown_to_text(article.body, captions=True),
    )


class Saving:
    """The save path of `Archive`; what it needs of the archive is declared here."""

    root: Path
    journal: Journal

    if TYPE_CHECKING:

        def writing(self, *, wait: bool = True) -> AbstractContextManager[None]: ...
        def _index(self) -> Index: ...
        def _settle(self, path: Path) -> None: ...

    def _place(
        self, article: Article, claimed: Collection[Path] = ()
    ) -> tuple[Path, Article | None]:
        """Where `article` goes, and what is stored there now (None for a new article).
        `claimed`: names this group gives to other articles."""
        index = self._index()
        for url in sorted(_urls(article), key=lambda u: u != article.source_url):
            entry = index.by_url(url)
            if entry is not None and (self.root / entry.path).exists():
                path = self.root / entry.path
                self._settle(path)
                return path, self._read_existing(path)
        directory = self.root / relative_dir(article)
        slug = base_slug(article)
        for n in range(1, 10_000):
            name = f"{slug}.md" if n == 1 else f"{slug}-{n}.md"
            path = directory / bounded_name(name, NAME_MAX_BYTES)
            if path in claimed:
                continue
            if not path.exists():
                pending_path(path).unlink(missing_ok=True)  # a new article's crashed write
                taken = index.by_path(path.relative_to(self.root).as_posix())
                if taken is None or taken.id == article.id:
                    return path, None
                continue
            try:
                stored = read_article(path)
            except FormatError:
                continue
            if _urls(stored) & _urls(article):
                # the index missed it (written before a crash): same article
                self._settle(path)
                return path, stored
        raise StoreError(f"no free file name for {slug!r} in {directory}")

    @staticmethod
    def _read_existing(path: Path) -> Article | None:
        try:
            return read_article(path)
        except FormatError:
            return None  # a broken file is replaced; its bytes are kept as a version

    @staticmethod
    def _version_copies(path: Path, old: Article | None) -> list[tuple[Path, bytes]]:
        """The current file and capture as they go into `<slug>.versions/` before they change.

        Capture first: a version's document never lacks its capture. A crash before both are
        copied is harmless: the next save copies them again under the same names.
        """
        document = path.read_bytes()
        stamp = (
            _stamp(old, document)
            if old is not None
            else datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ-broken")
        )
        directory = versions_dir(path)
        raw = capture_path(path)
        copies = []
        if raw.exists():
            copies.append((directory / f"{stamp}{CAPTURE_SUFFIX}", raw.read_bytes()))
        return [*copies, (directory / f"{stamp}.md", document)]

    def save(self, article: Article, raw: Fetched | None = None) -> Saved:
        """Store (or update) an article and its raw capture; 'unchanged' writes nothing.

        Content is compared by the capture's sha256 (the document itself when there is no
        capture); a changed article keeps the earlier version beside it.
        """
        outcome = self.save_group([prepare(article, raw)])[0]
        if isinstance(outcome, StoreError):
            raise outcome
        return outcome

    def save_group(self, items: Sequence[Prepared]) -> list[Saved | StoreError]:
        """Store many articles in one group commit, an outcome for each (in order).

        Their files are written to temp names, synced together, renamed into place, and
        their directories synced; then the index learns them in one transaction. An outcome
        is returned only once its files are durable, and no file is ever seen half-written.
        """
        outcomes: list[Saved | StoreError | None] = [None] * len(items)
        try:
            with self.writing():
                rest = list(range(len(items)))
                while rest:
                    rest = self._commit_group(items, rest, outcomes)
        except StoreError as err:  # the lock or the index: what is not done fails with it
            return [err if outcome is None else outcome for outcome in outcomes]
        return [StoreError("not stored") if o is None else o for o in outcomes]

    def _commit_group(
        self,
        items: Sequence[Prepared],
        indices: list[int],
        outcomes: list[Saved | StoreError | None],
    ) -> list[int]:
        """Place and write `indices` of `items`; returns those to store after this group."""
        planned: list[tuple[int, Path, SaveStatus, Planned, list[bytes]]] = []
        claimed: set[Path] = set()
        urls: set[str] = set()
        later = []
        for i in indices:
            item = items[i]
            article = item.article
            if not article.source_url:
                outcomes[i] = StoreError("cannot store an article without a URL")
                continue
            if _urls(article) & urls:
                later.append(i)  # the same article again: it sees this group's file
                continue
            copies: list[tuple[Path, bytes]] = []
            try:
                path, old = self._place(article, claimed)
                status: SaveStatus = "new"
                if path.exists():
                    if old is not None and _same(old, article, path, item.document):
                        outcomes[i] = Saved(path, old.id or article.id, "unchanged")
                        continue
                    if old is not None and old.extra_front_matter:  # a person's own keys
                        article = article.model_copy(
                            update={"extra_front_matter": old.extra_front_matter}
                        )
                        document = dump_document(article).encode("utf-8", errors="replace")
                        item = replace(item, article=article, document=document)
                    copies = self._version_copies(path, old)
                    status = "updated"
            except StoreError as err:
                outcomes[i] = err
                continue
            except OSError as err:
                outcomes[i] = disk_error(self.root, err)
                continue
            claimed.add(path)
            urls |= _urls(article)
            planned.append((i, path, status, *self._plan(path, item, copies)))
        if planned:
            self._write_group(items, planned, outcomes)
        return later

    def _plan(
        self, path: Path, item: Prepared, copies: list[tuple[Path, bytes]]
    ) -> tuple[Planned, list[bytes]]:
        """The renames of one article and the bytes of its temp files, in an order a crash
        can stop anywhere in: the earlier version is kept first; the new capture waits as
        `<slug>.warc.gz.pending` until the document is in place (`_settle` promotes it if
        the document is its, else drops it)."""
        steps = [Step(str(temp_name(target)), str(target)) for target, _ in copies]
        blobs = [data for _, data in copies]
        if item.capture is not None:
            pending = pending_path(path)
            steps.append(Step(str(temp_name(pending)), str(pending)))
            blobs.append(item.capture)
        steps.append(Step(str(temp_name(path)), str(path)))
        blobs.append(item.document)
        if item.capture is not None:
            steps.append(Step(str(pending_path(path)), str(capture_path(path))))
        return Planned(item.article.id, path.relative_to(self.root).as_posix(), steps), blobs

    def _write_group(
        self,
        items: Sequence[Prepared],
        planned: list[tuple[int, Path, SaveStatus, Planned, list[bytes]]],
        outcomes: list[Saved | StoreError | None],
    ) -> None:
        try:
            record = self.journal.begin([plan for _, _, _, plan, _ in planned])
        except OSError as err:
            for i, path, *_ in planned:
                outcomes[i] = disk_error(path, err)
            return
        written = []
        for i, path, status, plan, blobs in planned:
            temps = [Path(step.temp) for step in plan.steps if is_temp(Path(step.temp))]
            try:
                for temp, blob in zip(temps, blobs, strict=True):
                    temp.parent.mkdir(parents=True, exist_ok=True)
                    write_temp(temp, blob)
            except OSError as err:
                for temp in temps:
                    temp.unlink(missing_ok=True)
                outcomes[i] = disk_error(path, err)
                continue
            written.append((i, path, status, plan, temps))
        renamed = False
        try:
            # The temp files (and the journal) are durable before any of them is renamed,
            # the renames before any article is reported stored.
            sync([t for *_, temps in written for t in temps] + [record], self.root)
            renamed = True
            for i, path, _, plan, _ in written:
                for step in plan.steps:
                    os.replace(step.temp, step.target)
                if items[i].capture is None:
                    capture_path(path).unlink(missing_ok=True)  # kept with the earlier version
            directories = {Path(s.target).parent for *_, plan, _ in written for s in plan.steps}
            sync(directories, self.root)
        except OSError as err:
            for i, path, *_, temps in written:
                for temp in temps:
                    temp.unlink(missing_ok=True)
                outcomes[i] = disk_error(path, err)
            if not renamed:
                self.journal.end(record)  # else the next writer heals what was renamed
            return
        self._index().put_many(
            Entry.of(
                items[i].article,
                plan.document,
                host_dir(items[i].article.source_url or ""),
                text=items[i].text,
            )
            for i, _, _, plan, _ in written
        )
        for i, path, status, *_ in written:
            outcomes[i] = Saved(path, items[i].article.id, status)
        self.journal.end(record)


def _urls(article: Article) -> set[str]:
    urls = {article.source_url or ""}
    if article.capture is not None:
        urls |= {article.capture.requested_url, article.capture.final_url}
    return urls - {""}


def _stamp(article: Article, document: bytes) -> str:
    when = article.capture.retrieved_at if article.capture else datetime.now(UTC)
    digest = article.capture.sha256 if article.capture else hashlib.sha256(document).hexdigest()
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ") + "-" + digest[:12]


def _same(old: Article, new: Article, path: Path, document: bytes) -> bool:
    if old.capture is not None and new.capture is not None:
        if new.capture.rendered == "browser":
            # A render differs every time (ads, clocks) and a page's raw response may stay the
            # same when the story a script loads changes: the extracted story is compared.
            return _story(old) == _story(new)
        return old.capture.sha256 == new.capture.sha256
    try:
        return path.read_bytes() == document
    except OSError:
        return False


def _story(article: Article) -> tuple[object, ...]:
    return (article.headline, article.authors, article.published, article.modified, article.body)


__all__ = ["Prepared", "SaveStatus", "Saved", "Saving", "prepare"]
