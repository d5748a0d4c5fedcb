"""Engines that map one pure function over tasks: in this process, in a local process pool,
or on a Dask cluster (`distributed`, the optional `archiver[cluster]` extra).

The caller keeps everything stateful (the archive, the ledger): an engine only runs
`fn(task)` somewhere and hands back each task with its result or the exception it raised,
in the order they finish, with at most `window` tasks out at once so memory stays flat.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import signal
import threading
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar, cast

from archiver.errors import ArchiverError

T = TypeVar("T")
R = TypeVar("R")

TICK = 0.2  # the longest a wait lasts before `stop` is looked at again
MAX_TRIES = 3  # a task whose process died this many times is given up
INSTALL_HINT = (
    "--cluster needs the Dask 'distributed' package: pip install 'archiver[cluster]'"
    " (or: uv sync --extra cluster)"
)


_END = object()
_RETRY = object()  # a task to run again (its process died)


class ClusterError(ArchiverError):
    """The cluster cannot be started or reached."""


class Engine:
    """Runs `fn` over tasks: at most `window` out at once, each handed back with its result
    (or the exception it raised) as it finishes; `stop` is looked at every TICK, and on it
    (or when the caller stops reading) what is still out is cancelled at once. An engine
    says how to submit a task, wait for some, take a result and cancel."""

    workers: int

    def map_unordered(
        self,
        fn: Callable[[T], R],
        tasks: Iterable[T],
        *,
        window: int,
        stop: threading.Event,
    ) -> Generator[tuple[T, R | BaseException]]:
        pending = iter(tasks)
        out: dict[int, tuple[Any, T, int]] = {}  # id(future) -> future, task, tries
        retry: list[tuple[T, int]] = []
        try:
            while True:
                while not stop.is_set() and len(out) < window:
                    if retry:
                        task, tries = retry.pop()
                    else:
                        item = next(pending, _END)
                        if item is _END:
                            break
                        task, tries = cast(T, item), 0
                    future = self._submit(fn, task)
                    out[id(future)] = (future, task, tries + 1)
                if not out or stop.is_set():
                    return
                for future in self._wait([entry[0] for entry in out.values()]):
                    _, task, tries = out.pop(id(future))
                    result = self._result(future, tries)
                    if result is _RETRY:
                        retry.append((task, tries))
                    else:
                        yield task, cast(R | BaseException, result)
        finally:
            if out:
                self._cancel([entry[0] for entry in out.values()])

    def _submit(self, fn: Callable[[T], R], task: T) -> Any:
        raise NotImplementedError

    def _wait(self, futures: list[Any]) -> list[Any]:
        """Those of `futures` done within TICK (none when the time is up)."""
        raise NotImplementedError

    def _result(self, future: Any, tries: int) -> object:
        """The task's result, the exception it raised, or _RETRY."""
        raise NotImplementedError

    def _cancel(self, futures: list[Any]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class InProcess(Engine):
    """Runs every task here, as it is submitted (tests, and parsing with no workers)."""

    workers = 1

    def _submit(self, fn: Callable[[T], R], task: T) -> Future[R]:
        future: Future[R] = Future()
        try:
            future.set_result(fn(task))
        except Exception as err:  # handed to the caller, as from a pool
            future.set_exception(err)
        return future

    def _wait(self, futures: list[Any]) -> list[Any]:
        return futures

    def _result(self, future: Any, tries: int) -> object:
        return future.exception() or future.result()

    def _cancel(self, futures: list[Any]) -> None:
        pass


class LocalPool(Engine):
    """A process pool on this machine. A process that dies breaks the pool: a new pool takes
    over and the tasks that were out are run again, up to MAX_TRIES each."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        # the fork server that imported the parser; workers leave Ctrl-C to the importer
        from archiver.processes import context, worker_init

        # Each worker ends with this process, however it ends (a kill -9 included).
        return ProcessPoolExecutor(
            self.workers,
            mp_context=context(),
            initializer=worker_init,
            initargs=(os.getpid(),),
        )

    def _submit(self, fn: Callable[[T], R], task: T) -> Future[R]:
        for _ in range(2):
            if self._pool is None:
                self._pool = self._new_pool()
            try:
                return self._pool.submit(fn, task)
            except BrokenProcessPool:
                self._pool = None
        raise ArchiverError("cannot start worker processes")

    def _wait(self, futures: list[Any]) -> list[Any]:
        done, _ = wait(futures, timeout=TICK, return_when=FIRST_COMPLETED)
        return list(done)

    def _result(self, future: Any, tries: int) -> object:
        try:
            return future.result()
        except BrokenProcessPool:
            self._pool = None
            if tries >= MAX_TRIES:
                return ArchiverError(f"the worker process died {tries} times")
            return _RETRY
        except Exception as err:
            return err

    def _cancel(self, futures: list[Any]) -> None:
        for future in futures:
            future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


class DaskEngine(Engine):
    """Tasks on a Dask cluster: `local` starts a LocalCluster here (one single-threaded
    worker process a core, or `workers`), else `address` is an existing scheduler's.

    A worker that dies loses nothing: the scheduler runs its tasks elsewhere (up to its
    `allowed-failures`); the caller's ledger makes storing a record twice harmless.
    """

    def __init__(self, address: str, workers: int | None = None) -> None:
        dask = _distributed()
        self._cluster: Any = None
        try:
            if address == "local":
                self._cluster = local_cluster(workers or os.cpu_count() or 1)
                self._client: Any = dask.Client(self._cluster)
                # Ctrl-C in a terminal reaches the workers too: the importer decides.
                self._client.register_plugin(_ignore_sigint_plugin(), name="archiver-ignore-sigint")
            else:
                self._client = dask.Client(address, timeout="20s")
        except (OSError, TimeoutError) as err:
            self.close()
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {err}") from None
        count = len(self._client.scheduler_info().get("workers", {}))
        self.workers = max(1, count)

    def _submit(self, fn: Callable[[T], R], task: T) -> Any:
        return self._client.submit(fn, task, pure=False, retries=1)

    def _wait(self, futures: list[Any]) -> list[Any]:
        with contextlib.suppress(TimeoutError):
            _distributed().wait(futures, timeout=TICK, return_when="FIRST_COMPLETED")
        return [future for future in futures if future.done()]

    def _result(self, future: Any, tries: int) -> object:
        try:
            return future.result()
        except Exception as err:  # KilledWorker after too many deaths, or a raise
            return err
        finally:
            future.release()

    def _cancel(self, futures: list[Any]) -> None:
        with contextlib.suppress(Exception):  # a cluster going away cancels them anyway
            self._client.cancel(futures, force=True)

    def close(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()


def _ignore_sigint_plugin() -> Any:
    """A Dask worker plugin by which a worker ignores SIGINT: from its setup, in the worker
    process's main thread, for every worker, also one started again later. (Made here, as
    `distributed` is imported only with --cluster; Dask sends the class by value.)"""

    class IgnoreSigint(_distributed().WorkerPlugin):  # type: ignore[misc]
        def setup(self, worker: Any) -> None:
            with contextlib.suppress(ValueError):  # not the main thread: nothing to do
                signal.signal(signal.SIGINT, signal.SIG_IGN)

    return IgnoreSigint()


def local_cluster(workers: int) -> Any:
    """A Dask LocalCluster on this machine: `workers` single-threaded worker processes. No
    dashboard, and its HTTP endpoint on a free loopback port: the scheduler otherwise takes
    port 8787 even with no dashboard, and warns when another cluster holds it."""
    return _distributed().LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        scheduler_kwargs={"dashboard": False},
        # the import reports what failed itself; a worker's logging of a heartbeat cut by
        # the shutdown (an ERROR with a traceback, on a busy machine) is noise to the user
        silence_logs=logging.CRITICAL,
    )


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
    "local_cluster",
]
