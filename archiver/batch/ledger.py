"""The job ledger: every URL a job has met, with its state, so a batch resumes."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from archiver.batch.results import Result
from archiver.errors import StoreError
from archiver.index import connect_wal
from archiver.sources import looks_like_url

LEDGER_PATH = Path(".archiver") / "jobs.sqlite"


_LEDGER_BUSY_TIMEOUT_MS = 30_000
_LEDGER_SQL = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    job TEXT NOT NULL,
    sources TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT
);
CREATE INDEX IF NOT EXISTS runs_job ON runs (job);
CREATE TABLE IF NOT EXISTS urls (
    run INTEGER NOT NULL REFERENCES runs (id),
    url TEXT NOT NULL,
    state TEXT NOT NULL,
    path TEXT,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    updated TEXT NOT NULL,
    PRIMARY KEY (run, url)
);
CREATE INDEX IF NOT EXISTS urls_state ON urls (run, state);
"""


def job_key(sources: Sequence[str]) -> str:
    """The same sources give the same job, in any order: files by absolute path."""
    names = sorted(
        {s if s == "-" or looks_like_url(s) else str(Path(s).resolve()) for s in sources}
    )
    return hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Row:
    state: str  # pending, archived, skipped, failed
    path: str | None
    error: str | None


class Ledger:
    """<archive>/.archiver/jobs.sqlite: every URL a job (its sources) has met, with its state.

    The same sources again continue the job: an interrupted run resumes where it stopped, a
    finished one fetches only URLs it has not met. `--refresh` begins a new run of the job.
    Only the coordinating thread uses it.
    """

    def __init__(self, root: Path) -> None:
        self.path = root / LEDGER_PATH
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = connect_wal(self.path, _LEDGER_BUSY_TIMEOUT_MS)
            self.db.executescript(_LEDGER_SQL)
        except (OSError, sqlite3.Error) as err:
            raise StoreError(f"cannot open the job ledger {self.path}: {err}") from None
        self._lock_file: IO[str] | None = None
        self.run = 0

    def close(self) -> None:
        self.db.close()
        if self._lock_file is not None:
            self._lock_file.close()  # releases the lock

    def lock(self, job: str) -> None:
        """Hold the job for this process; a second import of the same sources stops here."""
        lock_path = self.path.parent / f"job-{job}.lock"
        handle = lock_path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            pid = handle.read().strip() or "?"
            handle.close()
            raise StoreError(
                f"another import of the same sources is running on this archive (pid {pid});"
                " wait for it to finish, or stop it and run this command again to resume"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._lock_file = handle

    def start(self, job: str, sources: Sequence[str], *, fresh: bool) -> bool:
        """Continue the job's ledger (True), or begin a new one when `fresh` or first seen.

        Continuing, what is recorded as done is not fetched again: an interrupted run resumes,
        a finished one only takes up what is new (and its failures, when asked).
        """
        row = self.db.execute(
            "SELECT id, finished FROM runs WHERE job = ? ORDER BY id DESC LIMIT 1", (job,)
        ).fetchone()
        if row is not None and (row[1] is None or not fresh):
            self.run = row[0]
            self.db.execute("UPDATE runs SET finished = NULL WHERE id = ?", (self.run,))
            return True
        cursor = self.db.execute(
            "INSERT INTO runs (job, sources, started) VALUES (?, ?, ?)",
            (job, json.dumps(list(sources)), _now()),
        )
        self.run = int(cursor.lastrowid or 0)
        return False

    def finish(self) -> None:
        self.db.execute("UPDATE runs SET finished = ? WHERE id = ?", (_now(), self.run))

    def get(self, url: str) -> Row | None:
        row = self.db.execute(
            "SELECT state, path, error FROM urls WHERE run = ? AND url = ?", (self.run, url)
        ).fetchone()
        return Row(*row) if row else None

    def pending(self, url: str) -> None:
        self.db.execute(
            "INSERT INTO urls (run, url, state, updated) VALUES (?, ?, 'pending', ?)"
            " ON CONFLICT (run, url) DO UPDATE SET state = 'pending', updated = excluded.updated",
            (self.run, url, _now()),
        )

    def record(self, result: Result, attempts: int) -> None:
        self.db.execute(
            "INSERT INTO urls (run, url, state, path, error, attempts, updated)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run, url) DO UPDATE SET"
            " state = excluded.state, path = excluded.path, error = excluded.error,"
            " attempts = urls.attempts + excluded.attempts, updated = excluded.updated",
            (self.run, result.url, result.status, result.path, result.error, attempts, _now()),
        )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Many small writes in one commit (reading a long list)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
