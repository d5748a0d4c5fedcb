"""What happened to each URL of a batch, and the counts."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Status = Literal["archived", "skipped", "failed"]


@dataclass(frozen=True)
class Result:
    """What happened to one URL; `error` says why it failed or was skipped."""

    url: str
    status: Status
    path: str | None = None
    error: str | None = None
    earlier: bool = False  # recorded by an earlier run of the same job

    def as_json(self) -> str:
        return json.dumps(
            {"url": self.url, "status": self.status, "path": self.path, "error": self.error},
            ensure_ascii=False,
        )


@dataclass
class Summary:
    archived: int = 0
    skipped: int = 0
    failed: int = 0
    earlier: int = 0  # of the above, recorded by an earlier run of the same job
    requests: int = 0  # HTTP requests this run made (pages, retries, robots.txt)
    elapsed: float = 0.0
    interrupted: bool = False
    resumed: bool = False
    groups: int = 0  # group commits the writer made
    store_seconds: float = 0.0  # time the writer spent storing them
    store_cpu: float = 0.0  # of which its thread ran
    pictures_seconds: float = 0.0  # of `elapsed`, the wait for pictures after the last store

    @property
    def total(self) -> int:
        return self.archived + self.skipped + self.failed

    def line(self) -> str:
        rate = (self.total - self.earlier) / self.elapsed if self.elapsed > 0 else 0.0
        text = (
            f"archived {self.archived}, skipped {self.skipped}, failed {self.failed}"
            f" in {self.elapsed:.1f} s ({rate:.1f} URLs/s"
        )
        if self.pictures_seconds >= 0.05:
            text += f"; {self.pictures_seconds:.1f} s of it keeping the last pictures"
        text += ")"
        if self.earlier:
            text += f"; {self.earlier} recorded by an earlier run"
        if self.interrupted:
            text += "; interrupted: run the same command again to resume"
        elif self.failed:
            text += "; --retry-failed tries the failures again"
        return text

    def storing(self) -> str:
        """How the writer kept up: groups, and its time an article stored."""
        stored = self.archived - self.earlier
        each = self.store_seconds / stored * 1000 if stored > 0 else 0.0
        cpu = self.store_cpu / stored * 1000 if stored > 0 else 0.0
        return (
            f"writer: {stored} articles in {self.groups} group commits,"
            f" {self.store_seconds:.2f} s ({each:.1f} ms an article, {cpu:.1f} ms of it CPU)"
        )

    def count(self, result: Result) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)
        self.earlier += result.earlier


Observer = Callable[[Result], None]
