"""The archive on disk: layout, Markdown + YAML front matter, atomic writes, raw captures.

<archive>/<host>/<YYYY>/<MM>/<slug>.md                 the article (source of truth)
<archive>/<host>/<YYYY>/<MM>/<slug>.warc.gz            its raw capture (request + response)
<archive>/<host>/<YYYY>/<MM>/<slug>.versions/<when>.*  earlier versions, when content changed
<archive>/.archiver/                                   index (rebuildable) and the writer lock
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import sys
import tempfile
import threading
import unicodedata
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import unquote, urlsplit

from anyascii import anyascii

from archiver.commit import (
    Journal,
    Planned,
    Step,
    disk_error,
    is_temp,
    sync,
    temp_name,
    write_temp,
)
from archiver.errors import FormatError, StoreError
from archiver.frontmatter import SCHEMA, dump_document, load_document, read_article
from archiver.index import Entry, Hit, Index, IndexFailed
from archiver.lock import WriterBusy, acquire
from archiver.models import Article
from archiver.pending import Overlay, journaled
from archiver.verify import Problem, Verified

if TYPE_CHECKING:
    from archiver.capture import Exchange
    from archiver.fetch import Fetched

SaveStatus = Literal["new", "updated", "unchanged"]

META_DIR = ".archiver"
ASSETS_DIR = "assets"  # pictures, content-addressed, shared by every article
CAPTURE_SUFFIX = ".warc.gz"
VERSIONS_SUFFIX = ".versions"
SLUG_MAX = 80
NAME_MAX_BYTES = 255
LOCK_TIMEOUT = 60.0  # seconds a second writer waits for the first one

_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$)", re.I)


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


@dataclass(frozen=True)
class Version:
    """One stored version of an article: the current file or an earlier one kept beside it."""

    path: Path
    retrieved_at: datetime | None
    sha256: str | None
    current: bool


# -- writing files --------------------------------------------------------------------------
def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
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
        _fsync_dir(path.parent)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            reason = "the disk is full" if err.errno in (errno.ENOSPC, errno.EFBIG) else ""
            detail = reason or err.strerror or str(err)
            raise StoreError(f"cannot write {path}: {detail}") from None
        raise


# -- naming ---------------------------------------------------------------------------------
def _bounded(name: str, max_bytes: int) -> str:
    encoded = name.encode("utf-8")[:max_bytes]
    return encoded.decode("utf-8", errors="ignore")


def slugify(text: str, max_len: int = SLUG_MAX) -> str:
    """ASCII, lowercase, hyphenated, at most `max_len` chars (cut at a hyphen when it can)."""
    ascii_text = anyascii(unicodedata.normalize("NFC", text)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_len:
        cut = slug[: max_len + 1]
        slug = cut[: cut.rfind("-")] if cut.rfind("-") > max_len // 2 else slug[:max_len]
        slug = slug.strip("-")
    if _RESERVED.fullmatch(slug):
        slug += "-"  # Windows device names (CON, NUL...) are not files
    return slug


def host_dir(url: str) -> str:
    """The directory of a URL's host: lowercase, no port, no `www.`, safe as one path part."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    host = host.strip(".").removeprefix("www.")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        host = anyascii(unicodedata.normalize("NFC", host)).lower()
    host = re.sub(r"[^a-z0-9.-]+", "-", host)
    host = re.sub(r"\.{2,}", ".", host).strip(".-")
    host = _bounded(host, NAME_MAX_BYTES - 20)
    if not host:
        return "unknown-host"
    return host + "-" if _RESERVED.fullmatch(host) else host


def _url_slug(url: str) -> str:
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    last = unquote(path.rstrip("/").rsplit("/", 1)[-1])
    last = re.sub(r"\.(s?html?|php\d?|aspx?|jsp|cgi)$", "", last, flags=re.I)
    return slugify(last)


def _day(article: Article) -> date:
    if article.published is not None:
        return article.published
    if article.capture is not None:
        return article.capture.retrieved_at
    return datetime.now(UTC)


def relative_dir(article: Article) -> Path:
    """`<host>/<YYYY>/<MM>` for an article (published date as the page gives it)."""
    when = _day(article)
    return Path(host_dir(article.source_url or "")) / f"{when.year:04d}" / f"{when.month:02d}"


def base_slug(article: Article) -> str:
    return slugify(article.headline) or _url_slug(article.source_url or "") or "article"


def capture_path(path: Path) -> Path:
    """The raw capture stored beside an article file."""
    return path.with_name(path.name.removesuffix(".md") + CAPTURE_SUFFIX)


def pending_path(path: Path) -> Path:
    """Where a new capture waits until its document is written."""
    return capture_path(path).with_name(capture_path(path).name + ".pending")


def versions_dir(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".md") + VERSIONS_SUFFIX)


def _urls(article: Article) -> set[str]:
    urls = {article.source_url or ""}
    if article.capture is not None:
        urls |= {article.capture.requested_url, article.capture.final_url}
    return urls - {""}


def _stamp(article: Article, document: bytes) -> str:
    when = article.capture.retrieved_at if article.capture else datetime.now(UTC)
    digest = article.capture.sha256 if article.capture else hashlib.sha256(document).hexdigest()
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ") + "-" + digest[:12]


# -- the archive ----------------------------------------------------------------------------
class Archive:
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

    # -- saving ------------------------------------------------------------------------------
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
            path = directory / _bounded(name, NAME_MAX_BYTES)
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
            _fsync_dir(path.parent)

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
        if not new.url:
            new = new.model_copy(update={"url": old.url})
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
    "capture_path",
    "dump_document",
    "host_dir",
    "load_document",
    "prepare",
    "read_article",
    "slugify",
]
