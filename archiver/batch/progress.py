"""What the person at the terminal sees while a batch runs, and the JSON report."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import IO, Any

from archiver.batch.results import Observer, Result, Summary


class TerminalProgress:
    """Counts and rate on stderr while the batch runs (rich, when stderr is a terminal), and a
    line for each failure unless quiet."""

    def __init__(self, *, live: bool, quiet: bool = False) -> None:
        self.live = live and not quiet
        self.quiet = quiet
        self.counts = Summary()
        self.started = time.monotonic()
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> TerminalProgress:
        if self.live:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self._text())
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def __call__(self, result: Result) -> None:
        self.counts.count(result)
        if result.status == "failed" and not result.earlier and not self.quiet:
            line = f"failed: {result.url}: {result.error}"
            if self._progress is not None:
                self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
            else:
                print(line, file=sys.stderr, flush=True)
        if self._progress is not None:
            self._progress.update(self._task, description=self._text())

    def _text(self) -> str:
        c = self.counts
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = (c.total - c.earlier) / elapsed
        return (
            f"archived {c.archived} · skipped {c.skipped} · failed {c.failed} · {rate:.1f} URLs/s"
        )


def report_writer(stream: IO[str]) -> Observer:
    """One JSON line per URL (url, status, path, error), flushed as it is written."""

    def write(result: Result) -> None:
        stream.write(result.as_json() + "\n")
        stream.flush()

    return write
