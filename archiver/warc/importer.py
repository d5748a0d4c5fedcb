"""Importing WARC and ARC files: tasks out to an engine (this process, the local pool or a
Dask cluster), Articles back, stored here by the one writer, every record recorded in the
job ledger by file and offset, so a second run, or a resume after Ctrl-C, parses only what
is not done. No request is ever made.
"""

from __future__ import annotations

import contextlib
import functools
import json
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from archiver.assets import PictureLimits, keep_found
from archiver.batch import Ledger, Result, Status, Summary, job_key
from archiver.batch.signals import on_interrupt
from archiver.errors import ArchiverError
from archiver.pictures import picture_urls
from archiver.store import Archive
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
    engine: Engine | None = None,
    observers: Sequence[Observer] = (),
    notice: Callable[[str], None] = lambda message: None,
    extract: Extract | None = None,
) -> WarcSummary:
    """Archive the articles of every HTML response record of the files; never stops on one
    record's or one file's failure. Ctrl-C stops cleanly; the same sources again resume."""
    engine = engine or LocalPool()
    ledger = Ledger(archive.root)
    try:
        job = job_key(sources)
        ledger.lock(job)
        resumed = ledger.start(job, sources, fresh=options.refresh)
        run = _Run(archive, ledger, options, observers, engine.workers)
        summary = run.go(inputs, engine, extract)
        summary.resumed = resumed
        if not summary.interrupted:
            ledger.finish()
        return summary
    finally:
        ledger.close()
        engine.close()


class _Run:
    def __init__(
        self,
        archive: Archive,
        ledger: Ledger,
        options: WarcOptions,
        observers: Sequence[Observer],
        workers: int,
    ) -> None:
        self.archive = archive
        self.ledger = ledger
        self.options = options
        self.observers = observers
        self.workers = workers
        self.summary = WarcSummary()
        self.stop = threading.Event()
        self.done: dict[str, set[str]] = defaultdict(set)  # path -> record keys done

    def go(self, inputs: ArchiveInputs, engine: Engine, extract: Extract | None) -> WarcSummary:
        started = time.monotonic()
        self.summary.files = len(inputs.files)
        for where, why in inputs.problems:
            self._report(RecordResult(where, "failed", error=why, record=where))
        self._earlier()
        fn = functools.partial(run_task, filters=self.options.filters, extract=extract)
        restore = on_interrupt(self.stop.set)
        try:
            tasks = self._tasks(inputs.files)
            window = 2 * max(1, self.workers)
            for task, result in engine.map_unordered(fn, tasks, window=window, stop=self.stop):
                self._store(task, result)
                if self.stop.is_set():
                    break
        finally:
            restore()
        self.summary.interrupted = self.stop.is_set()
        self.summary.elapsed = time.monotonic() - started
        return self.summary

    def _earlier(self) -> None:
        """Records an earlier run of the job recorded: reported, and passed over this time
        (unless failed and --retry-failed, or archived to a file since removed)."""
        rows = self.ledger.db.execute(
            "SELECT url, state, path, error FROM urls WHERE run = ? AND state != 'pending'",
            (self.ledger.run,),
        )
        for record, state, path, error in rows:
            file, _, key = str(record).rpartition("@")
            if state == "failed" and self.options.retry_failed:
                continue
            if state == "archived" and (path is None or not Path(path).exists()):
                continue
            self.done[file].add(key)
            status: Status = state
            self._report(RecordResult(record, status, path, error, earlier=True, record=record))

    def _tasks(self, files: Sequence[ArchiveFile]) -> Iterator[Task]:
        size = range_size(sum(f.size for f in files), self.workers)
        for file in files:
            done = self.done.get(file.path, set())
            if file.splittable:
                offsets = sorted((int(k.partition("+")[0]), k) for k in done)
                for start, end in ranges(file, size):
                    keys = frozenset(
                        k for o, k in offsets if o >= start and (end is None or o < end)
                    )
                    yield Task(file, start, end, done=keys)
            else:
                yield from self._stream_tasks(file, frozenset(done))

    def _stream_tasks(self, file: ArchiveFile, done: frozenset[str]) -> Iterator[Task]:
        """A file that cannot be split is read here, in order, and its records go out in
        batches; done records and filtered ones are passed over before they are sent."""
        batch: list[Unit | RawRecord] = []
        size = 0
        filters = self.options.filters
        for unit in pair(read_stream(file)):
            if isinstance(unit, Unit):
                if unit.response.key in done:
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

    def _store(self, task: Task, result: TaskResult | BaseException) -> None:
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
                self._finish(outcome)

    def _finish(self, outcome: Outcome) -> None:
        status: Status
        path: str | None = None
        error = outcome.reason
        if outcome.status == "parsed" and outcome.article is not None:
            try:
                saved = self.archive.save(outcome.article, outcome.fetched)
            except ArchiverError as err:
                status, error = "failed", str(err)
            except OSError as err:
                status, error = "failed", f"cannot store {outcome.url}: {err}"
            else:
                path = str(saved.path)
                status = "archived" if saved.status != "unchanged" else "skipped"
                error = None if saved.status != "unchanged" else "already archived (same capture)"
                if status == "archived":
                    self._keep_pictures(saved.path, outcome)
        else:
            status = "skipped" if outcome.status != "failed" else "failed"
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
