"""The archive's SQLite index: URL lookup, listing by date/site/author, FTS5 full-text search.

Everything in it is derived from the stored files, so it can be deleted and rebuilt
(`Archive.reindex`). WAL journal and a busy timeout let readers run beside the one writer.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from archiver.errors import StoreError
from archiver.models import Article
from archiver.plaintext import markdown_to_text

INDEX_SCHEMA = 1
BUSY_TIMEOUT_MS = 10_000

_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    headline TEXT NOT NULL,
    authors TEXT NOT NULL,
    site TEXT NOT NULL,
    host TEXT NOT NULL,
    published TEXT,
    day TEXT NOT NULL,
    retrieved_at TEXT,
    sha256 TEXT
);
CREATE INDEX IF NOT EXISTS articles_day ON articles (day);
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    article INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS urls_article ON urls (article);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (
    headline, authors, body, tokenize = 'unicode61 remove_diacritics 2'
);
"""


class IndexFailed(StoreError):
    """The index could not be read or written; `corrupt` when the file is not a database."""

    def __init__(self, message: str, *, reason: str = "", corrupt: bool = False) -> None:
        super().__init__(message)
        self.reason = reason
        self.corrupt = corrupt


@dataclass(frozen=True)
class Entry:
    """One stored article as the index knows it; `path` is relative to the archive root."""

    id: str
    path: str
    url: str
    headline: str
    authors: list[str]
    site: str
    host: str
    published: str | None
    day: str  # the published day as the page gives it, else the retrieval day: YYYY-MM-DD
    retrieved_at: str | None
    sha256: str | None
    urls: list[str] = field(default_factory=list)  # every URL that names it
    text: str = ""  # plain text of the body, for full-text search

    @classmethod
    def of(cls, article: Article, path: str, host: str, *, text: str | None = None) -> Entry:
        """The entry of `article` stored at `path`; `text`: its body's plain text, when
        already made (in a batch, by the parser process)."""
        source = article.source_url or ""
        urls = [source]
        if article.capture is not None:
            urls += [article.capture.requested_url, article.capture.final_url]
        when: date | None = article.published
        if when is None and article.capture is not None:
            when = article.capture.retrieved_at
        day = (when.date() if isinstance(when, datetime) else when) if when else None
        return cls(
            id=article.id,
            path=path,
            url=source,
            headline=article.headline,
            authors=[a.name for a in article.authors],
            site=article.site_name or "",
            host=host,
            published=article.published.isoformat() if article.published else None,
            day=day.isoformat() if day else "",
            retrieved_at=article.capture.retrieved_at.isoformat() if article.capture else None,
            sha256=article.capture.sha256 if article.capture else None,
            urls=list(dict.fromkeys(u for u in urls if u)),
            # Captions are searchable too: a photographer's or a place's name.
            text=markdown_to_text(article.body, captions=True) if text is None else text,
        )

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "path": self.path,
            "url": self.url,
            "headline": self.headline,
            "authors": self.authors,
            "site": self.site or self.host,
            "published": self.published,
            "retrieved_at": self.retrieved_at,
        }


@dataclass(frozen=True)
class Hit:
    """A search result: the entry, a snippet of its text, and its rank (lower is better)."""

    entry: Entry
    snippet: str
    rank: float


_COLUMNS = "id, path, url, headline, authors, site, host, published, day, retrieved_at, sha256"


def _entry(row: sqlite3.Row | tuple[object, ...]) -> Entry:
    (id_, path, url, headline, authors, site, host, published, day, retrieved, sha) = tuple(row)[
        :11
    ]
    return Entry(
        id=str(id_),
        path=str(path),
        url=str(url),
        headline=str(headline),
        authors=list(json.loads(str(authors))),
        site=str(site),
        host=str(host),
        published=None if published is None else str(published),
        day=str(day),
        retrieved_at=None if retrieved is None else str(retrieved),
        sha256=None if sha is None else str(sha),
    )


# A new file switched to WAL by two connections at once: SQLite answers one of them "locked"
# at once rather than wait (waiting could deadlock), so that one tries again.
_WAL_RETRY_SECONDS = 0.05


def connect_wal(
    path: Path, busy_timeout_ms: int, *, check_same_thread: bool = True
) -> sqlite3.Connection:
    """An autocommit connection to the SQLite file at `path`, in WAL mode, that waits up to
    `busy_timeout_ms` for another writer."""
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=check_same_thread)
    try:
        db.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        deadline = time.monotonic() + busy_timeout_ms / 1000
        while True:
            try:
                db.execute("PRAGMA journal_mode = WAL")
                break
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
                time.sleep(_WAL_RETRY_SECONDS)
        db.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        db.close()
        raise
    return db


def fts_query(query: str) -> str:
    """A user's words (and "quoted phrases") as an FTS5 query that cannot be a syntax error."""
    terms = []
    for quoted, word in re.findall(r'"([^"]*)"|(\S+)', query):
        term = (quoted or word.replace('"', " ")).strip()  # a stray quote is no phrase
        if re.search(r"\w", term):
            terms.append(f'"{term}"')
    return " ".join(terms)


class Index:
    """The SQLite index file of one archive.

    Each thread keeps one connection for the life of the Index (opening one costs its PRAGMAs
    and the WAL switch, a few ms on a disk): a batch of 10,000 URLs opens one per thread.
    `close()` (or removing the files) closes them all.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.opened = 0  # connections opened so far (reuse is a promise: a test counts them)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._generation = 0  # bumped when the files go: every thread's connection is stale

    @classmethod
    def scratch(cls, entries: Iterable[Entry]) -> Index:
        """An index in memory holding `entries` alone, to query them as the file is queried.
        One thread's: another thread's connection would be a new, empty database."""
        index = cls(Path(":memory:"))
        index.put_many(entries)
        return index

    def exists(self) -> bool:
        return self.path.exists()

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection (autocommit; callers open transactions) with the schema
        in place. After an error it is closed, and the next use opens a new one."""
        try:
            db = self._connection()
            yield db
        except sqlite3.Error as err:
            self._drop()
            raise IndexFailed(
                f"the index {self.path} failed ({err}); `archiver reindex` rebuilds it",
                reason=str(err),
                corrupt=isinstance(err, sqlite3.DatabaseError)
                and not isinstance(err, sqlite3.OperationalError),
            ) from None
        except OSError as err:
            self._drop()
            raise StoreError(f"cannot open the index {self.path}: {err.strerror}") from None

    def _connection(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None and self._local.generation == self._generation:
            return db
        self._drop()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = connect_wal(self.path, BUSY_TIMEOUT_MS, check_same_thread=False)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            # A group's index update is durable at its commit: the journal of pending writes
            # is cleared right after it (one WAL fsync a group).
            db.execute("PRAGMA synchronous = FULL")
            if db.execute("PRAGMA user_version").fetchone()[0] != INDEX_SCHEMA:
                self._create(db)
        except BaseException:
            db.close()
            raise
        with self._guard:
            self.opened += 1
            self._all.append(db)
        self._local.db, self._local.generation = db, self._generation
        return db

    def _drop(self) -> None:
        """Close this thread's connection (after an error: it may be in a bad state)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        self._local.db = None
        if db is not None:
            with self._guard:
                if db in self._all:
                    self._all.remove(db)
            db.close()

    def close(self) -> None:
        """Close every thread's connection; the next use opens a new one."""
        with self._guard:
            connections, self._all = self._all, []
            self._generation += 1
        for db in connections:
            db.close()

    @staticmethod
    def _create(db: sqlite3.Connection) -> None:
        """Create (or, from another index schema, recreate empty) the tables."""
        db.execute("BEGIN IMMEDIATE")
        # another process may have created it while this one waited for the write lock
        if db.execute("PRAGMA user_version").fetchone()[0] == INDEX_SCHEMA:
            db.execute("COMMIT")
            return
        for table in ("meta", "urls", "fts", "articles"):
            db.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in _SCHEMA_SQL.split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {INDEX_SCHEMA}")
        db.execute("COMMIT")

    def is_built(self) -> bool:
        """Whether a rebuild from the files has completed (an empty new index has not)."""
        if not self.path.exists():
            return False
        with self.connect() as db:
            return db.execute("SELECT 1 FROM meta WHERE key = 'built'").fetchone() is not None

    # -- writing ----------------------------------------------------------------------------
    def put(self, entry: Entry) -> None:
        """Add or replace one article (same id or same path)."""
        self.put_many([entry])

    def put_many(self, entries: Iterable[Entry]) -> None:
        """Add or replace articles in one transaction (a group commit's articles)."""
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                for entry in entries:
                    self._put(db, entry)
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def rebuild(self, entries: Iterable[Entry]) -> int:
        """Replace the whole index by `entries`, in one transaction; returns their number."""
        if self.path.exists() and not self._healthy():
            self.remove_files()
        count = 0
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                for table in ("urls", "fts", "articles"):
                    db.execute(f"DELETE FROM {table}")
                for entry in entries:
                    self._put(db, entry)
                    count += 1
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('built', '1')")
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        return count

    def _healthy(self) -> bool:
        try:
            with closing(sqlite3.connect(self.path)) as db:
                row = db.execute("PRAGMA quick_check").fetchone()
                return bool(row and row[0] == "ok")
        except sqlite3.Error:
            return False

    def remove_files(self) -> None:
        self.close()
        for suffix in ("", "-wal", "-shm"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)

    @staticmethod
    def _put(db: sqlite3.Connection, entry: Entry) -> None:
        for (rowid,) in db.execute(
            "SELECT rowid FROM articles WHERE id = ? OR path = ?", (entry.id, entry.path)
        ).fetchall():
            db.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))
            db.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))
        cursor = db.execute(
            f"INSERT INTO articles ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.id,
                entry.path,
                entry.url,
                entry.headline,
                json.dumps(entry.authors, ensure_ascii=False),
                entry.site,
                entry.host,
                entry.published,
                entry.day,
                entry.retrieved_at,
                entry.sha256,
            ),
        )
        rowid = cursor.lastrowid
        db.executemany(
            "INSERT OR REPLACE INTO urls (url, article) VALUES (?, ?)",
            [(url, rowid) for url in entry.urls],
        )
        db.execute(
            "INSERT INTO fts (rowid, headline, authors, body) VALUES (?, ?, ?, ?)",
            (rowid, entry.headline, " ".join(entry.authors), entry.text),
        )

    # -- reading ----------------------------------------------------------------------------
    def by_url(self, url: str) -> Entry | None:
        with self.connect() as db:
            row = db.execute(
                f"SELECT {_COLUMNS} FROM articles WHERE rowid = "
                "(SELECT article FROM urls WHERE url = ?)",
                (url,),
            ).fetchone()
        return _entry(row) if row else None

    def by_id(self, id_: str) -> Entry | None:
        with self.connect() as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM articles WHERE id = ?", (id_,)).fetchone()
        return _entry(row) if row else None

    def by_path(self, path: str) -> Entry | None:
        with self.connect() as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM articles WHERE path = ?", (path,)).fetchone()
        return _entry(row) if row else None

    def select(
        self,
        *,
        site: str | None = None,
        author: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[Entry]:
        """Entries, newest first, filtered by site (name or host), author substring, days."""
        where, args = [], []
        if since is not None:
            where.append("day >= ?")
            args.append(since.isoformat())
        if until is not None:
            where.append("day <= ?")
            args.append(until.isoformat())
        if site:
            where.append("(lower(site) = lower(?) OR host = lower(?) OR host LIKE ?)")
            args += [site, site.removeprefix("www."), "%." + site.lower().removeprefix("www.")]
        if author:
            where.append("authors LIKE ? ESCAPE '\\'")
            args.append("%" + re.sub(r"([%_\\])", r"\\\1", author) + "%")
        sql = f"SELECT {_COLUMNS} FROM articles"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY day DESC, path"
        with self.connect() as db:
            return [_entry(row) for row in db.execute(sql, args)]

    def search(self, query: str, *, limit: int = 20) -> list[Hit]:
        """Ranked matches (headline weighs most, then authors, then body) with a snippet."""
        match = fts_query(query)
        if not match:
            return []
        sql = (
            f"SELECT {', '.join('a.' + c.strip() for c in _COLUMNS.split(','))}, "
            "snippet(fts, 2, '*', '*', '…', 16), bm25(fts, 10.0, 5.0, 1.0) AS rank "
            "FROM fts JOIN articles a ON a.rowid = fts.rowid "
            "WHERE fts MATCH ? ORDER BY rank LIMIT ?"
        )
        with self.connect() as db:
            rows = db.execute(sql, (match, limit)).fetchall()
        return [Hit(_entry(row), str(row[11]), float(row[12])) for row in rows]

    def paths(self) -> list[str]:
        with self.connect() as db:
            return [str(row[0]) for row in db.execute("SELECT path FROM articles ORDER BY path")]

    def integrity_check(self) -> str:
        with self.connect() as db:
            return str(db.execute("PRAGMA integrity_check").fetchone()[0])


__all__ = ["Entry", "Hit", "Index", "IndexFailed", "fts_query"]
