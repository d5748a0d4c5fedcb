"""Engines that map one pure function over tasks: in this process, in a local process pool,
or on a Dask cluster (`distributed`, the optional `archiver[cluster]` extra).

The caller keeps everything stateful (the archive, the ledger): an engine only runs
`fn(task)` somewhere and hands back each task with its result or the exception it raised,
in the order they finish, with at most `window` tasks out at once so memory stays flat.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, TypeVar

from archiver.errors import ArchiverError

T = TypeVar("T")
R = TypeVar("R")

TICK = 0.2  # the longest a wait lasts before `stop` is looked at again
MAX_TRIES = 3  # a task whose process died this many times is given up
INSTALL_HINT = (
    "--cluster needs the Dask 'distributed' package: pip install 'archiver[cluster]'"
    " (or: uv sync --extra cluster)"
)


class ClusterError(ArchiverError):
    """The cluster cannot be started or reached."""


class Engine(Protocol):
    """Runs `fn` over tasks; yields (task, result or exception) as each finishes."""

    workers: int

    def map_unordered(
        self,
        fn: Callable[[T], R],
        tasks: Iterable[T],
        *,
        window: int,
        stop: threading.Event,
    ) -> Iterator[tuple[T, R | BaseException]]: ...

    def close(self) -> None: ...


class InProcess:
    """Runs every task here, one after another (tests, and parsing with no workers)."""

    workers = 1

    def map_unordered(
        self,
        fn: Callable[[T], R],
        tasks: Iterable[T],
        *,
        window: int,
        stop: threading.Event,
    ) -> Iterator[tuple[T, R | BaseException]]:
        for task in tasks:
            if stop.is_set():
                return
            try:
                yield task, fn(task)
            except Exception as err:  # handed to the caller, as from a pool
                yield task, err

    def close(self) -> None:
        pass


class LocalPool:
    """A process pool on this machine. A process that dies breaks the pool: a new pool takes
    over and the tasks that were out are run again, up to MAX_TRIES each."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        # forkserver: forking a process whose threads may hold locks is unsafe
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        return ProcessPoolExecutor(self.workers, mp_context=context, initializer=_ignore_sigint)

    def map_unordered(
        self,
        fn: Callable[[T], R],
        tasks: Iterable[T],
        *,
        window: int,
        stop: threading.Event,
    ) -> Iterator[tuple[T, R | BaseException]]:
        pending = iter(tasks)
        out: dict[Future[R], tuple[T, int]] = {}
        retry: list[tuple[T, int]] = []
        exhausted = False
        while True:
            while not stop.is_set() and len(out) < window and (retry or not exhausted):
                if retry:
                    task, tries = retry.pop()
                else:
                    item = next(pending, _END)
                    if item is _END:
                        exhausted = True
                        break
                    task, tries = item, 0  # type: ignore[assignment]
                out[self._submit(fn, task)] = (task, tries + 1)
            if not out:
                return
            done, _ = wait(out, timeout=TICK, return_when=FIRST_COMPLETED)
            if stop.is_set():
                return
            for future in done:
                task, tries = out.pop(future)
                try:
                    yield task, future.result()
                except BrokenProcessPool:
                    self._pool = None
                    if tries >= MAX_TRIES:
                        yield task, ArchiverError(f"the worker process died {tries} times")
                    else:
                        retry.append((task, tries))
                except Exception as err:
                    yield task, err

    def _submit(self, fn: Callable[[T], R], task: T) -> Future[R]:
        for _ in range(2):
            if self._pool is None:
                self._pool = self._new_pool()
            try:
                return self._pool.submit(fn, task)
            except BrokenProcessPool:
                self._pool = None
        raise ArchiverError("cannot start worker processes")

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


_END = object()


def _ignore_sigint() -> None:
    # Ctrl-C in a terminal reaches the whole process group; the importer decides.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class DaskEngine:
    """Tasks on a Dask cluster: `local` starts a LocalCluster here (one single-threaded
    worker process a core, or `workers`), else `address` is an existing scheduler's.

    A worker that dies loses nothing: the scheduler runs its tasks elsewhere (up to its
    `allowed-failures`); the caller's ledger makes storing a record twice harmless.
    """

    def __init__(self, address: str, workers: int | None = None) -> None:
        dask = _distributed()
        Client, LocalCluster = dask.Client, dask.LocalCluster
        self._cluster: Any = None
        try:
            if address == "local":
                self._cluster = LocalCluster(
                    n_workers=workers or os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self._client: Any = Client(self._cluster)
            else:
                self._client = Client(address, timeout="20s")
        except (OSError, TimeoutError) as err:
            self.close()
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {err}") from None
        count = len(self._client.scheduler_info().get("workers", {}))
        self.workers = max(1, count)

    def map_unordered(
        self,
        fn: Callable[[T], R],
        tasks: Iterable[T],
        *,
        window: int,
        stop: threading.Event,
    ) -> Iterator[tuple[T, R | BaseException]]:
        as_completed = _distributed().as_completed
        pending = iter(tasks)
        out: dict[str, T] = {}
        running = as_completed([], with_results=False)

        def submit() -> bool:
            item = next(pending, _END)
            if item is _END:
                return False
            future = self._client.submit(fn, item, pure=False, retries=1)
            out[future.key] = item  # type: ignore[assignment]
            running.add(future)
            return True

        while len(out) < window and submit():
            pass
        for future in running:
            task = out.pop(future.key)
            try:
                yield task, future.result()
            except Exception as err:  # KilledWorker after too many deaths, or a raise
                yield task, err
            future.release()
            if stop.is_set():
                return
            while len(out) < window and submit():
                pass

    def close(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()


def _distributed() -> Any:
    """The `distributed` module, untyped here (its API is used in a few calls only)."""
    try:
        return importlib.import_module("distributed")
    except ImportError:
        raise ClusterError(INSTALL_HINT) from None


def engine_for(cluster: str | None, workers: int | None) -> Engine:
    """The engine a command line asks for: a Dask cluster, else the local pool (`workers`
    0: this process)."""
    if cluster:
        return DaskEngine(cluster, workers)
    if workers == 0:
        return InProcess()
    return LocalPool(workers)


__all__ = [
    "INSTALL_HINT",
    "ClusterError",
    "DaskEngine",
    "Engine",
    "InProcess",
    "LocalPool",
    "engine_for",
]
