"""The archive's writer lock: one writing process at a time, and who holds it."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

from archiver.errors import StoreError


class WriterBusy(StoreError):
    """Another process holds the archive's writer lock."""


def acquire(path: Path, root: Path, timeout: float, waiting: Callable[[str], None]) -> int:
    """Take the flock of the lock file at `path` and write this process's id in it; the fd
    holds the lock until closed. While another process holds it, `waiting(holder)` is told
    once, and after `timeout` seconds WriterBusy names the holder."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise StoreError(f"cannot lock the archive {root}: {err.strerror}") from None
    deadline = time.monotonic() + timeout
    pause = 0.01
    holder = ""
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if not holder:
                holder = _holder(fd)
                if timeout > 0:
                    waiting(holder)
            if time.monotonic() >= deadline:
                os.close(fd)
                raise WriterBusy(
                    f"{holder} is writing to the archive {root}"
                    f" (waited {timeout:g} s); try again when it ends"
                ) from None
            # flock cannot wait with a timeout: look again, less often as the wait grows
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
            pause = min(pause * 2, 0.5)
    mine = f"{os.getpid()}\n".encode()
    try:
        if os.pread(fd, 64, 0) != mine:
            os.ftruncate(fd, 0)
            os.pwrite(fd, mine, 0)
    except OSError:
        pass  # the name of the holder is a courtesy; the flock is the lock
    return fd


def _holder(fd: int) -> str:
    """ "process N (its command line)" from the pid the lock's holder wrote."""
    try:
        pid = int(os.pread(fd, 32, 0).split()[0])
    except (OSError, ValueError, IndexError):
        return "another process"
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        command = " ".join(raw.replace(b"\0", b" ").decode(errors="replace").split())
    except OSError:
        command = ""
    return f"process {pid} ({command[:80]})" if command else f"process {pid}"


__all__ = ["WriterBusy", "acquire"]
