"""Parsing off the coordinating thread: a pool of parser processes, which also build what the
store writes (document, gzipped capture, index text), so the writer only writes."""

from __future__ import annotations

import os
import queue
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from archiver import processes
from archiver.batch.politeness import Job
from archiver.errors import ArchiverError, StoreError
from archiver.fetch import Fetched
from archiver.models import Article
from archiver.processes import prepare_page
from archiver.store import Prepared

MAX_BROKEN_POOLS = 3  # parser process pools that may die before parsing moves in-process

Extract = Callable[[Fetched], Article]


def default_extract() -> Extract:
    from archiver.pipeline import extract

    return extract


class Parsers:
    """Hands pages to the parser processes; each result comes back on `events` as
    `("parsed", job, fetched, future, generation)`.

    The pool starts in the background (the network goes on meanwhile, and a thread parses
    until it is up); a pool whose process dies is replaced, up to MAX_BROKEN_POOLS, then
    parsing moves into this process. `workers == 0` parses in this process from the start.
    """

    def __init__(
        self,
        workers: int,
        extract: Extract,
        events: queue.SimpleQueue[tuple[Any, ...]],
        notice: Callable[[str], None],
    ) -> None:
        self.workers = workers
        self.extract = extract
        self.events = events
        self.notice = notice
        self.pool: ProcessPoolExecutor | None = None
        self.generation = 0
        self.starter: threading.Thread | None = None
        self.interim: ThreadPoolExecutor | None = None  # parses while the pool starts
        self.interim_busy = False
        # Pages waiting for a parser while the pool starts. The interim thread takes them one
        # at a time: a page queued behind it would be parsed here, on a busy process, long
        # after the processes are up.
        self.waiting: deque[tuple[Job, Fetched, Extract]] = deque()
        # Pages on another try after their pool broke go to the pool one at a time: a page
        # that breaks the next pool as well breaks it alone among them, and the others keep
        # their try (all together, the one that kills every pool took the rest with it).
        self.retries: deque[tuple[Job, Fetched, Extract]] = deque()
        self.retrying: Job | None = None
        self.alive = True

    def start(self) -> None:
        """Start the parser processes in the background, once."""
        if self.pool is not None or self.starter is not None:
            return
        if self.workers == 0 or not self.alive:
            return

        def start() -> None:
            try:
                self.events.put(("pool", _new_pool(self.workers)))
            except Exception as err:  # parsing goes on in this process
                error = StoreError(f"cannot start the parser processes: {err}")
                self.events.put(("pool", error))

        self.starter = threading.Thread(target=start, daemon=True)
        self.starter.start()

    def ready(self, pool: ProcessPoolExecutor | ArchiverError) -> None:
        """The "pool" event: the processes are up (or could not start)."""
        self.starter = None
        if isinstance(pool, ArchiverError):
            self.alive = False
            self.notice(f"{pool}; parsing in this process")
            self._feed_interim()
            return
        self.pool = pool
        while self.waiting and self.pool is not None:
            self._to_pool(*self.waiting.popleft())

    def submit(self, job: Job, fetched: Fetched, extract: Extract | None = None) -> None:
        """Parse `fetched` with `extract` (default: the batch's) in a parser process."""
        job.parses += 1
        extract = extract or self.extract
        if self.workers == 0:
            future: Future[Prepared] = Future()
            try:
                future.set_result(prepare_page(fetched, extract))
            except Exception as err:  # handed on with the result, as from the pool
                future.set_exception(err)
            self.events.put(("parsed", job, fetched, future, self.generation))
            return
        self._to_pool(job, fetched, extract)

    def _to_pool(self, job: Job, fetched: Fetched, extract: Extract) -> None:
        generation = self.generation
        if self.pool is not None:
            try:
                future = self.pool.submit(prepare_page, fetched, extract)
            except BrokenProcessPool:
                self.broke(generation)
            else:
                future.add_done_callback(
                    lambda f: self.events.put(("parsed", job, fetched, f, generation))
                )
                return
        self.waiting.append((job, fetched, extract))
        self.start()
        self._feed_interim()

    def _feed_interim(self) -> None:
        if self.interim_busy or not self.waiting:
            return
        job, fetched, extract = self.waiting.popleft()
        if self.interim is None:
            self.interim = ThreadPoolExecutor(1, thread_name_prefix="archiver-parse")
        self.interim_busy = True
        future = self.interim.submit(prepare_page, fetched, extract)
        future.add_done_callback(lambda f: self.events.put(("parsed", job, fetched, f, -1)))

    def retry(self, job: Job, fetched: Fetched) -> None:
        """Parse `fetched` again, its pool having broken: after the retries before it."""
        job.parses += 1
        self.retries.append((job, fetched, self.extract))
        self._next_retry()

    def _next_retry(self) -> None:
        if self.retrying is None and self.retries:
            job, fetched, extract = self.retries.popleft()
            self.retrying = job
            self._to_pool(job, fetched, extract)

    def finished(self, generation: int, job: Job) -> None:
        """A "parsed" event arrived: the interim thread, if it was its, takes the next page;
        the next retry goes once the one before it is back."""
        if job is self.retrying:
            self.retrying = None
            self._next_retry()
        if generation == -1:
            self.interim_busy = False
            if self.pool is not None:
                while self.waiting:
                    self._to_pool(*self.waiting.popleft())
            self._feed_interim()

    def broke(self, generation: int) -> None:
        """A parser process died (a crash, or killed): start a new pool, up to a limit."""
        if self.pool is None or generation != self.generation:
            return  # that pool was replaced already
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = None
        self.generation += 1
        if self.generation >= MAX_BROKEN_POOLS:
            self.alive = False
            self.notice("the parser processes keep dying; parsing in this process from now on")

    def close(self, leftover: Callable[[], tuple[Any, ...] | None]) -> None:
        """Stop the processes; `leftover` drains the events for a pool that came up late."""
        if self.starter is not None:
            self.starter.join()
            while (event := leftover()) is not None:
                if event[0] == "pool" and isinstance(event[1], ProcessPoolExecutor):
                    self.pool = event[1]
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        if self.interim is not None:
            self.interim.shutdown(wait=False, cancel_futures=True)


def _new_pool(workers: int) -> ProcessPoolExecutor:
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=processes.context(),
        initializer=processes.worker_init,
        initargs=(os.getpid(),),
    )
    for _ in range(workers):
        pool.submit(processes.warm)  # import the parser while the first requests are on the wire
    return pool


__all__ = ["MAX_BROKEN_POOLS", "Parsers", "default_extract", "prepare_page"]
