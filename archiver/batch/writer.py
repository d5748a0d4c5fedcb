"""The batch's one writer: parsed pages stored in group commits, each reported once durable."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from archiver.errors import ArchiverError, StoreError
from archiver.store import Prepared, Saved

# A group is stored at most this many articles, or this long after its first one arrived: a
# sync costs about the same for one file as for a hundred, so waiting a little for company
# divides it, while a page never waits long for its report.
GROUP_MAX = 64
GROUP_WINDOW = 0.2

Store = Callable[[Sequence[Prepared]], Sequence[Saved | ArchiverError]]
# What the caller hands with a page and gets back with its outcome: a batch's Job, a WARC
# import's record.
Job = object
_FLUSH = object()


@dataclass
class WriterStats:
    groups: int = 0
    articles: int = 0
    seconds: float = 0.0  # spent storing groups
    cpu_seconds: float = 0.0  # of which the writer thread ran (the rest: disk, and waiting
    # for the processor or the GIL on a busy machine)


class GroupWriter:
    """A thread that stores what `put` hands it, in groups (see GROUP_MAX, GROUP_WINDOW), and
    puts `("saved", job, Saved | ArchiverError)` on `events` for each page, once its group is
    durable. `flush()` says nothing more is coming soon: the group need not wait its window.
    """

    def __init__(
        self, store: Store, events: queue.SimpleQueue[tuple[Any, ...]], abort: threading.Event
    ) -> None:
        self.store = store
        self.events = events
        self.abort = abort  # a second Ctrl-C: the group being gathered is dropped
        self.stats = WriterStats()
        self._queue: queue.SimpleQueue[tuple[Job, Prepared] | object | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, daemon=True, name="archiver-writer")

    def start(self) -> None:
        self._thread.start()

    def put(self, job: Job, prepared: Prepared) -> None:
        self._queue.put((job, prepared))

    def flush(self) -> None:
        self._queue.put(_FLUSH)

    def close(self) -> None:
        """Store what was handed over (unless aborted), then end the thread."""
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if item is _FLUSH:
                continue
            group, last = self._gather(item)
            if self.abort.is_set():
                return  # those URLs stay pending in the ledger: the next run fetches them
            self._commit(group)
            if last:
                return

    def _gather(self, first: object) -> tuple[list[tuple[Job, Prepared]], bool]:
        """The group that starts with `first`; whether the writer was closed meanwhile."""
        group = [_pair(first)]
        deadline = time.monotonic() + GROUP_WINDOW
        while len(group) < GROUP_MAX:
            wait = deadline - time.monotonic()
            if wait <= 0:
                break
            try:
                item = self._queue.get(timeout=wait)
            except queue.Empty:
                break
            if item is None:
                return group, True
            if item is _FLUSH:
                break
            group.append(_pair(item))
        return group, False

    def _commit(self, group: list[tuple[Job, Prepared]]) -> None:
        started, cpu = time.monotonic(), time.thread_time()
        outcomes: Sequence[Saved | ArchiverError]
        try:
            outcomes = self.store([prepared for _, prepared in group])
        except ArchiverError as err:
            outcomes = [err] * len(group)
        except OSError as err:
            outcomes = [StoreError(f"cannot store: {err}")] * len(group)
        self.stats.seconds += time.monotonic() - started
        self.stats.cpu_seconds += time.thread_time() - cpu
        self.stats.groups += 1
        self.stats.articles += len(group)
        for (job, _), outcome in zip(group, outcomes, strict=True):
            self.events.put(("saved", job, outcome))


def _pair(item: object) -> tuple[Job, Prepared]:
    return cast(tuple[Job, Prepared], item)


__all__ = ["GROUP_MAX", "GROUP_WINDOW", "GroupWriter", "Store", "WriterStats"]
