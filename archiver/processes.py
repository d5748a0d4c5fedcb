"""Where parser processes come from: a fork server that imported the parser once.

Forking the importing process itself is unsafe (its fetch threads may hold locks), and a
process started from scratch imports the parser again (most of a second of CPU). A fork
server does that import once, in parallel with the command's own start, and forks each
worker from it ready to parse. This module imports nothing heavy, so a command can start the
server before it imports the rest of the program.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.context import BaseContext
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archiver.fetch import Fetched
    from archiver.models import Article
    from archiver.store import Prepared

# What the fork server imports before it forks a worker: the functions the workers are handed
# (by module, when a task is unpickled), the parser, which loads its modules on its first
# call, and the store's builders. Whatever is missing here, each worker imports again.
PRELOAD = [
    "archiver.warc.records",
    "archiver.pipeline",
    "archiver.parse.body",
    "archiver.parse.document",
    "archiver.parse.metadata",
    "archiver.capture",
    "archiver.plaintext",
]

_lock = threading.Lock()


def context() -> BaseContext:
    """The start method for parser processes: the fork server where the platform has one."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    forkserver = multiprocessing.get_context("forkserver")
    with _lock:
        forkserver.set_forkserver_preload(PRELOAD)
    return forkserver


def start_early() -> None:
    """Start the fork server in the background now (its import overlaps the caller's); a
    failure here is left for the pool to meet and report when it starts."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return

    def start() -> None:
        from multiprocessing import forkserver

        context()
        try:
            forkserver.ensure_running()
        except Exception:  # the pool meets it again, and reports it
            return

    threading.Thread(target=start, daemon=True, name="archiver-forkserver").start()


# -- what runs in a parser process (here, so that a worker unpickling a task imports this light
# module, not the batch importer and its network stack) ---------------------------------------
def prepare_page(fetched: Fetched, extract: Callable[[Fetched], Article]) -> Prepared:
    """Parse a page and build its stored form."""
    from archiver.store import prepare

    return prepare(extract(fetched), fetched)


def worker_init(importer: int | None = None) -> None:
    """Set up a parser process of the process `importer`."""
    # Ctrl-C in a terminal reaches the whole process group; the coordinator decides.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if importer is not None:
        threading.Thread(target=_end_with, args=(importer,), daemon=True).start()


def _end_with(importer: int) -> None:
    """End this process when `importer` ends, however it ends. A killed importer (kill -9)
    leaves its workers waiting on a queue whose other end they hold themselves, and the fork
    server waiting for them: without this, all three would stay for good."""
    try:
        pidfd = os.pidfd_open(importer)  # readable once the process has ended
    except (AttributeError, OSError):
        while True:  # no pidfd (not Linux): look every few seconds
            time.sleep(3.0)
            try:
                os.kill(importer, 0)
            except ProcessLookupError:
                os._exit(1)
            except OSError:
                pass
    select.select([pidfd], [], [])
    os._exit(1)


def warm() -> None:
    for name in PRELOAD:  # nothing, when the fork server preloaded them
        __import__(name)


__all__ = ["PRELOAD", "context", "prepare_page", "start_early", "warm", "worker_init"]
