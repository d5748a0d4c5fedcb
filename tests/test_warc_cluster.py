"""`archiver import --cluster`: the same articles as the local pool, a worker killed in the
middle of a task loses nothing, and without `distributed` one line says how to install it.
The clusters are real Dask clusters on loopback (a LocalCluster of worker processes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from archiver.cli import cli
from tests.test_warc import HOST, mixed_pages, stored
from tests.warc_build import Page, article_html, write_warc

distributed = pytest.importorskip("distributed", reason="the cluster extra is not installed")
WorkerPlugin = distributed.diagnostics.plugin.WorkerPlugin


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def many_pages(count: int) -> list[Page]:
    return [
        Page(f"{HOST}/2024/12/19/many-{n}", article_html(f"Many story {n}", noise=n))
        for n in range(count)
    ]


def test_the_cluster_stores_the_same_articles_as_the_local_pool(tmp_path: Path) -> None:
    """RELIABILITY 68: --cluster local stores the same documents as the import without it
    (the archive keeps its one writer here)."""
    warc = write_warc(tmp_path / "a.warc.gz", [*mixed_pages(), *many_pages(30)])
    plain = run(warc, "--archive-dir", tmp_path / "plain")
    assert plain.exit_code == 0, plain.output
    spread = run(warc, "--archive-dir", tmp_path / "spread", "--cluster", "local", "--workers", "2")
    assert spread.exit_code == 0, spread.output
    assert stored(tmp_path / "spread") == stored(tmp_path / "plain")
    assert len(stored(tmp_path / "plain")) == 35
    assert spread.stderr.splitlines()[-1].startswith("archived 35, skipped 6, failed 0")


class KillOnce(WorkerPlugin):  # type: ignore[misc]
    """A Dask worker plugin: the first worker to start a task dies on the spot (SIGKILL),
    once for the whole cluster (a marker file says it happened)."""

    name = "kill-once"

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def setup(self, worker: Any) -> None:
        pass

    def teardown(self, worker: Any) -> None:
        pass

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish != "executing":
            return
        try:
            os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
        os.kill(os.getpid(), signal.SIGKILL)


@pytest.fixture
def cluster() -> Iterator[Any]:
    """A scheduler and two worker processes (with nannies, which restart a dead worker)."""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as local,
        distributed.Client(local) as client,
    ):
        yield client


def test_a_killed_worker_loses_no_record(tmp_path: Path, cluster: Any) -> None:
    """RELIABILITY 69: a worker process killed in the middle of a task: the scheduler runs
    its task again elsewhere, every article is stored once, the import exits 0."""
    marker = tmp_path / "killed"
    cluster.register_plugin(KillOnce(str(marker)))
    warc = write_warc(tmp_path / "a.warc.gz", many_pages(40))
    address = cluster.scheduler.address
    result = run(warc, "--archive-dir", tmp_path / "archive", "--cluster", address)
    assert marker.exists(), "no worker was killed"
    assert result.exit_code == 0, result.output
    assert len(result.stdout.split()) == 40
    assert len(stored(tmp_path / "archive")) == 40


def test_without_distributed_cluster_fails_in_one_line(tmp_path: Path) -> None:
    """--cluster where `distributed` is not installed: one `Error:` line saying how to
    install it, exit 1, nothing stored."""
    warc = write_warc(tmp_path / "a.warc.gz", many_pages(1))
    hide = "import sys; sys.modules['distributed'] = None; from archiver.cli import main; main()"
    command = [sys.executable, "-c", hide, "import", str(warc), "--archive-dir",
               str(tmp_path / "archive"), "--cluster", "local"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "Error: --cluster needs the Dask 'distributed' package:"
        " pip install 'archiver[cluster]' (or: uv sync --extra cluster)"
    ]
    assert stored(tmp_path / "archive") == {}
