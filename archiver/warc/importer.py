"""Importing WARC and ARC files: tasks out to an engine (this process, the local pool or a
Dask cluster), Articles back, stored here by the one writer, every record recorded in the
job ledger by file and offset, so a second run, or a resume after Ctrl-C, parses only what
is not done. No request is ever made.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from archiver.assets import PictureLimits, keep_found
from archiver.batch import Ledger, Result, Status, Summary, job_key
from archiver.batch.signals import on_interrupt
from archiver.batch.writer import GROUP_MAX, GroupWriter
from archiver.errors import ArchiverError
from archiver.index import connect_wal
from archiver.pictures import picture_urls
from archiver.store import Archive, Saved
from archiver.warc.cluster import Engine, LocalPool
from archiver.warc.input import ArchiveFile, ArchiveInputs, RawRecord, range_size, ranges
from archiver.warc.input import stream_records as read_stream
from archiver.warc.records import (
    Extract,
    Filters,
    Outcome,
    Task,
    TaskResult,
    Unit,
    captured_at,
    pair,
    run_task,
)

BATCH_BYTES = 2 * 1024 * 1024  # records a reader sends to a worker in one task
BATCH_UNITS = 200
# Parsed articles handed to the writer and not yet stored, at most: beyond it, results wait
# (the engine's window holds the tasks back), so memory does not grow when the disk is slow.
MAX_TO_WRITE = 2 * GROUP_MAX
MISSING = "not among the WARC records read with the page (a WARC import makes no request)"


@dataclass(frozen=True)
class WarcOptions:
    filters: Filters = Filters()  # noqa: RUF009  (frozen: a safe default)
    refresh: bool = False  # a new run of the job: records done before are read again
    retry_failed: bool = False  # records this job recorded as failed are read again
    pictures: PictureLimits | None = None  # keep pictures (from the WARC's image records)


@dataclass(frozen=True)
class RecordResult(Result):
    """A record's result: `url` is its target URI, `record` names it ("path@offset")."""

    record: str = ""

    def as_json(self) -> str:
        return json.dumps(
            {
                "url": self.url,
                "record": self.record,
                "status": self.status,
                "path": self.path,
                "error": self.error,
            },
            ensure_ascii=False,
        )


@dataclass
class WarcSummary(Summary):
    left_out: int = 0  # page records the filters left out before parsing
    files: int = 0

    def line(self) -> str:
        rate = self.archived / self.elapsed if self.elapsed > 0 else 0.0
        text = (
            f"archived {self.archived}, skipped {self.skipped}, failed {self.failed}"
            f" records of {self.files} WARC/ARC file{'s' if self.files != 1 else ''}"
            f" in {self.elapsed:.1f} s ({rate:.1f} articles/s)"
        )
        if self.left_out:
            text += f"; {self.left_out} left out by the filters"
        if self.earlier:
            text += f"; {self.earlier} recorded by an earlier run"
        if self.interrupted:
            text += "; interrupted: run the same command again to resume"
        return text


Observer = Callable[[Result], None]


def run_warc_import(
    inputs: ArchiveInputs,
    sources: Sequence[str],
    archive: Archive,
    options: WarcOptions = WarcOptions(),
    *,
    engine: Callable[[], Engine] = LocalPool,
    observers: Sequence[Observer] = (),
    extract: Extract | None = None,
) -> WarcSummary:
    """Archive the articles of every HTML response record of the files; never stops on one
    record's or one file's failure. Ctrl-C stops cleanly; the same sources again resume.
    `engine` starts the engine (within the run, so that Ctrl-C while a cluster starts is
    handled as any other)."""
    ledger = Ledger(archive.root)
    try:
        job = _job(sources, inputs)
        ledger.lock(job)
        resumed = ledger.start(job, sources, fresh=options.refresh)
        summary = _Run(archive, ledger, options, observers).go(inputs, engine, extract)
        summary.resumed = resumed
        if not summary.interrupted:
            ledger.finish()
        return summary
    finally:
        ledger.close()


class _Done:
    """The record keys of one file that an earlier run recorded, taken in offset order as
    the reading reaches them, so that a resume never holds them all (a ledger of millions of
    records is read as it goes)."""

    def __init__(self, rows: Iterator[tuple[int, str]]) -> None:
        self._rows = rows
        self._next = next(rows, None)
        self._at = -1
        self._here: frozenset[str] = frozenset()  # the keys at offset `_at`

    def before(self, end: int | None) -> frozenset[str]:
        """The keys not taken yet whose offset is below `end` (all of them for None)."""
        keys = []
        while self._next is not None and (end is None or self._next[0] < end):
            keys.append(self._next[1])
            self._next = next(self._rows, None)
        return frozenset(keys)

    def has(self, key: str, offset: int) -> bool:
        """Whether the record `key` at `offset` is done; records are asked in file order."""
        if offset != self._at:
            self._at, self._here = offset, self.before(offset + 1)
        return key in self._here

    def close(self) -> None:
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()


def _job(sources: Sequence[str], inputs: ArchiveInputs) -> str:
    """The sources' job; with a stream on stdin, that stream's (by its first bytes): the
    same stream again resumes, another one is another job."""
    job = job_key(sources)
    streams = [f.path for f in inputs.files if f.stdin]
    if not streams:
        return job
    return hashlib.sha256("\n".join([job, *streams]).encode()).hexdigest()[:16]


class _Run:
    def __init__(
        self,
        archive: Archive,
        ledger: Ledger,
        options: WarcOptions,
        observers: Sequence[Observer],
    ) -> None:
        self.archive = archive
        self.ledger = ledger
        self.options = options
        self.observers = observers
        self.summary = WarcSummary()
        self.stop = threading.Event()  # Ctrl-C: no new task; what is parsed is still stored
        self.abort = threading.Event()  # a second Ctrl-C: the writer drops what is queued
        self.events: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self.writer = GroupWriter(archive.save_group, self.events, self.abort)
        self.to_write = 0  # articles handed to the writer, not yet stored

    def go(
        self, inputs: ArchiveInputs, start: Callable[[], Engine], extract: Extract | None
    ) -> WarcSummary:
        started = time.monotonic()
        self.summary.files = len(inputs.files)
        for where, why in inputs.problems:
            self._report(RecordResult(where, "failed", error=why, record=where))
        self._earlier()
        restore = on_interrupt(self._interrupt)
        self.writer.start()
        engine: Engine | None = None
        try:
            engine = start()
            self._parse(inputs, engine, extract)
        finally:
            # What was parsed is stored (a second Ctrl-C drops it: those records stay out
            # of the ledger, and the next run reads them again). Tasks still out are
            # cancelled by the engine as the loop leaves it.
            self.writer.close()
            if engine is not None:
                engine.close()
            restore()
            self._saved(wait=False)
        self.summary.interrupted = self.stop.is_set()
        self.summary.elapsed = time.monotonic() - started
        stats = self.writer.stats
        self.summary.groups, self.summary.store_seconds = stats.groups, stats.seconds
        self.summary.store_cpu = stats.cpu_seconds
        return self.summary

    def _parse(self, inputs: ArchiveInputs, engine: Engine, extract: Extract | None) -> None:
        filters = self.options.filters
        fn = functools.partial(run_task, filters=filters, extract=extract, prepare=True)
        tasks = self._tasks(inputs, engine.workers)
        window = 2 * max(1, engine.workers)
        results = engine.map_unordered(fn, tasks, window=window, stop=self.stop)
        with contextlib.closing(results):  # leaving it cancels what is out, at once
            for task, result in results:
                self._take(task, result)
                self._saved(wait=self.to_write >= MAX_TO_WRITE)
                if self.stop.is_set():
                    break

    def _interrupt(self) -> None:
        """Ctrl-C: no new task; a second one stops storing too. (In a signal handler.)"""
        if self.stop.is_set():
            self.abort.set()
        self.stop.set()
        self.events.put(("wake",))

    def _earlier(self) -> None:
        """Report the records an earlier run of the job recorded (they are passed over this
        time: see `_done`), one row at a time."""
        rows = self.ledger.db.execute(
            "SELECT url, state, path, error FROM urls WHERE run = ? AND state != 'pending'",
            (self.ledger.run,),
        )
        for record, state, path, error in rows:
            if self._again(state, path):
                continue
            status: Status = state
            self._report(RecordResult(record, status, path, error, earlier=True, record=record))

    def _again(self, state: str, path: str | None) -> bool:
        """Whether a record recorded earlier is read again: failed and --retry-failed, or
        archived to a file since removed."""
        if state == "failed":
            return self.options.retry_failed
        return state == "archived" and (path is None or not Path(path).exists())

    def _done(self, file: ArchiveFile) -> _Done:
        """The keys of `file` done earlier, in offset order, from a connection of their own
        (the ledger's own writes go on while they are read)."""
        prefix = file.path + "@"
        db = connect_wal(self.ledger.path, 30_000)
        rows = db.execute(
            "SELECT substr(url, ?), state, path FROM urls WHERE run = ? AND url >= ?"
            " AND url < ? AND state != 'pending' ORDER BY CAST(substr(url, ?) AS INTEGER)",
            (len(prefix) + 1, self.ledger.run, prefix, file.path + "A", len(prefix) + 1),
        )  # "A" follows "@": every key of the file sorts between the two

        def keys() -> Iterator[tuple[int, str]]:
            try:
                for key, state, path in rows:
                    if not self._again(state, path):
                        number = key.partition("+")[0]  # "end": a stream's unreadable end
                        yield (int(number) if number.isdigit() else 0), key
            finally:
                db.close()

        return _Done(keys())

    def _tasks(self, inputs: ArchiveInputs, workers: int) -> Iterator[Task]:
        size = range_size(sum(f.size for f in inputs.files), workers)
        for file in inputs.files:
            done = self._done(file)
            if file.splittable:
                for start, end in ranges(file, size):
                    yield Task(file, start, end, done=done.before(end))
            else:
                source = inputs.stdin if file.stdin else None
                yield from self._stream_tasks(file, done, source)
            done.close()

    def _stream_tasks(
        self, file: ArchiveFile, done: _Done, source: BinaryIO | None
    ) -> Iterator[Task]:
        """A file that cannot be split is read here, in order, and its records go out in
        batches; done records and filtered ones are passed over before they are sent."""
        batch: list[Unit | RawRecord] = []
        size = 0
        filters = self.options.filters
        for unit in pair(read_stream(file, source)):
            if isinstance(unit, Unit):
                if done.has(unit.response.key, unit.response.offset):
                    continue
                if not filters.keeps(unit.response.target, captured_at(unit.response)):
                    self.summary.left_out += 1
                    continue
                size += len(unit.response.data or b"")
            batch.append(unit)
            if size >= BATCH_BYTES or len(batch) >= BATCH_UNITS:
                yield Task(file, units=tuple(batch))
                batch, size = [], 0
            if self.stop.is_set():
                return
        if batch:
            yield Task(file, units=tuple(batch))

    def _take(self, task: Task, result: TaskResult | BaseException) -> None:
        """A task's outcomes: articles go to the writer (recorded once stored), the rest are
        recorded now."""
        if isinstance(result, BaseException):
            why = str(result) if isinstance(result, ArchiverError) else repr(result)
            # not in the ledger: the next run reads these records again
            self._report(
                RecordResult(task.where, "failed", error=f"the task failed: {why}", record="")
            )
            return
        self.summary.left_out += result.left_out
        with self.ledger.transaction():
            for outcome in result.outcomes:
                if outcome.status == "parsed" and outcome.prepared is not None:
                    self.writer.put(outcome, outcome.prepared)
                    self.to_write += 1
                else:
                    status: Status = "failed" if outcome.status == "failed" else "skipped"
                    self._finish(outcome, status, None, outcome.reason)

    def _saved(self, *, wait: bool) -> None:
        """Record and report the articles the writer has made durable; with `wait`, first
        wait until it is under MAX_TO_WRITE (or Ctrl-C), so parsed articles never pile up."""
        while wait and self.to_write >= MAX_TO_WRITE and not self.stop.is_set():
            self._on_saved([self.events.get()])
        events = []
        while True:
            try:
                events.append(self.events.get_nowait())
            except queue.Empty:
                break
        self._on_saved(events)

    def _on_saved(self, events: list[tuple[Any, ...]]) -> None:
        saved = [event for event in events if event[0] == "saved"]
        if not saved:
            return
        with self.ledger.transaction():
            for _, outcome, stored in saved:
                self.to_write -= 1
                self._stored(outcome, stored)

    def _stored(self, outcome: Outcome, stored: Saved | ArchiverError) -> None:
        if isinstance(stored, ArchiverError):
            self._finish(outcome, "failed", None, str(stored))
        elif stored.status == "unchanged":
            self._finish(outcome, "skipped", str(stored.path), "already archived (same capture)")
        else:
            self._keep_pictures(stored.path, outcome)
            self._finish(outcome, "archived", str(stored.path), None)

    def _finish(
        self, outcome: Outcome, status: Status, path: str | None, error: str | None
    ) -> None:
        self.ledger.record(Result(outcome.key, status, path, error), 1)
        self._report(
            RecordResult(outcome.url or outcome.key, status, path, error, record=outcome.key)
        )

    def _keep_pictures(self, path: Path, outcome: Outcome) -> None:
        """The pictures the article shows, from the image records read with it; the others
        are recorded as missing (a WARC import makes no request)."""
        limits = self.options.pictures
        article = outcome.article
        if limits is None or article is None or not picture_urls(article.body, article.image):
            return
        with contextlib.suppress(ArchiverError):  # a picture never fails its article
            keep_found(self.archive, path, outcome.pictures, missing=MISSING, limits=limits)

    def _report(self, result: RecordResult) -> None:
        self.summary.count(result)
        for observer in self.observers:
            observer(result)


__all__ = ["RecordResult", "WarcOptions", "WarcSummary", "run_warc_import"]
