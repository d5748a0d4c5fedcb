"""Where parser processes come from: a fork server that imported the parser once.

Forking the importing process itself is unsafe (its fetch threads may hold locks), and a
process started from scratch imports the parser again (most of a second of CPU). A fork
server does that import once, in parallel with the command's own start, and forks each
worker from it ready to parse. This module imports nothing heavy, so a command can start the
server before it imports the rest of the program.
"""

from __future__ import annotations

import multiprocessing
import threading
from multiprocessing.context import BaseContext

# What the fork server imports before it forks a worker: the parser and the store's builders.
PRELOAD = ["archiver.pipeline"]

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


__all__ = ["PRELOAD", "context", "start_early"]
