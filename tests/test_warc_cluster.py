"""`archiver import --cluster`: the same articles as the local pool, a worker killed in the
middle of a task loses nothing, and without `distributed` one line says how to install it.
The clusters are real Dask clusters on loopback (a LocalCluster of worker processes)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from archiver.cli import cli
from archiver.warc.cluster import local_cluster
from tests.test_warc import HOST, interrupt_after, mixed_pages, stored
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
    """A scheduler and two worker processes (with nannies, which restart a dead worker), as
    the import starts its own: no dashboard, nothing on port 8787."""
    with local_cluster(2) as local, distributed.Client(local) as client:
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


def test_ctrl_c_stops_a_cluster_import_cleanly_and_the_same_command_resumes(
    tmp_path: Path,
) -> None:
    """RELIABILITY 65: Ctrl-C (SIGINT to the whole process group, as a terminal sends it)
    during `--cluster local`: the workers stay quiet, the import exits 130 with the plain
    import's message, every article it printed is stored and recorded; the same command
    again stores only the rest."""
    total = 300
    warc = write_warc(tmp_path / "a.warc.gz", many_pages(total))
    archive = tmp_path / "archive"
    command = [sys.executable, "-m", "archiver", "import", str(warc), "--archive-dir",
               str(archive)]  # fmt: skip
    printed, errors, code = interrupt_after(
        [*command, "--cluster", "local", "--workers", "1"], lines=1, group=True
    )
    assert code == 130, errors
    assert errors.splitlines()[-1].endswith("interrupted: run the same command again to resume")
    assert "KeyboardInterrupt" not in errors, errors
    assert 1 <= len(printed) < total
    assert len(stored(archive)) == len(printed)
    again = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    assert len(again.stdout.split()) == total - len(printed)
    assert f"{len(printed)} recorded by an earlier run" in again.stderr
    assert len(stored(archive)) == total


class Stall(WorkerPlugin):  # type: ignore[misc]
    """A Dask worker plugin: every page's parse on the worker waits (up to a minute, until
    the worker closes), after a marker file says a task is under way."""

    name = "stall"

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def setup(self, worker: Any) -> None:
        import threading

        import archiver.pipeline

        self.release = threading.Event()
        real = archiver.pipeline.extract

        def stalled(fetched: Any) -> Any:
            Path(self.marker).touch()
            self.release.wait(60)
            return real(fetched)

        archiver.pipeline.extract = stalled

    def teardown(self, worker: Any) -> None:
        self.release.set()


def test_ctrl_c_does_not_wait_for_the_tasks_under_way(tmp_path: Path, cluster: Any) -> None:
    """RELIABILITY 65: Ctrl-C while every worker is inside a task that would take a minute:
    the import cancels what is out and exits 130 at once, with the plain import's message
    (it used to wait for the next task to finish); nothing half-done is recorded, so the
    same command without the cluster stores every article."""
    marker = tmp_path / "started"
    cluster.register_plugin(Stall(str(marker)))
    warc = write_warc(tmp_path / "a.warc.gz", many_pages(20))
    archive = tmp_path / "archive"
    command = [sys.executable, "-m", "archiver", "import", str(warc), "--archive-dir",
               str(archive)]  # fmt: skip
    process = subprocess.Popen(
        [*command, "--cluster", cluster.scheduler.address],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(600):
        if marker.exists() or process.poll() is not None:
            break
        time.sleep(0.1)
    assert marker.exists(), "no task started"
    process.send_signal(signal.SIGINT)
    # the stalled tasks would end in a minute: well before that, the import is gone
    out, errors = process.communicate(timeout=30)
    assert process.returncode == 130, errors
    last = errors.splitlines()[-1]
    assert last.startswith("archived 0, skipped 0, failed 0 records of 1 WARC/ARC file"), errors
    assert last.endswith("interrupted: run the same command again to resume")
    assert out == "" and stored(archive) == {}
    again = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    assert len(again.stdout.split()) == 20


def test_no_http_port_is_taken_from_another_cluster(tmp_path: Path) -> None:
    """`--cluster local` starts no dashboard and takes no fixed port: with port 8787 held
    (as another Dask cluster holds it), no warning about it reaches the terminal."""
    holder = socket.socket()
    with contextlib.suppress(OSError):  # taken already: held by someone else
        holder.bind(("", 8787))
        holder.listen()
    warc = write_warc(tmp_path / "a.warc.gz", many_pages(2))
    command = [sys.executable, "-m", "archiver", "import", str(warc), "--archive-dir",
               str(tmp_path / "archive"), "--cluster", "local", "--workers", "1"]  # fmt: skip
    with holder:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "8787" not in done.stderr and "already in use" not in done.stderr, done.stderr
    assert done.stderr.splitlines() == [done.stderr.splitlines()[-1]]
