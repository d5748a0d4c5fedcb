"""Ctrl-C and SIGTERM during a long run: a flag to stop cleanly, never a KeyboardInterrupt
in the middle of a write. The batch importer and the WARC importer share it."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType


def on_interrupt(stop: Callable[[], None]) -> Callable[[], None]:
    """SIGINT/SIGTERM set `stop` (no KeyboardInterrupt mid-write) until `restore()`."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def handler(signum: int, frame: FrameType | None) -> None:
        stop()

    for sig in previous:
        signal.signal(sig, handler)

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore


__all__ = ["on_interrupt"]
