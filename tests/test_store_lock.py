"""One writer at a time: the archive's lock file, across processes and threads."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from archiver.cli import cli
from archiver.errors import StoreError
from archiver.store import Archive
from tests.server import Loopback
from tests.test_store import ROOT, make_article, make_fetched, page

HOLD = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from archiver.store import Archive
    root = Path(sys.argv[1])
    with Archive(root).writing():
        print("holding", flush=True)
        time.sleep(float(sys.argv[2]))
        (root / "released").write_text("")
    """
)


def hold(root: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD.format(root=str(ROOT)), str(root), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "holding\n"
    return proc


def test_a_second_writer_gets_a_clear_error_after_its_wait(tmp_path: Path) -> None:
    """RELIABILITY 22: while another process writes, a save fails with a clear message."""
    holder = hold(tmp_path, 5)
    try:
        fetched = make_fetched()
        with pytest.raises(StoreError, match=r"process \d+ \(.*\) is writing to the archive"):
            Archive(tmp_path, lock_timeout=0.3).save(make_article(fetched), fetched)
        assert list(tmp_path.rglob("*.md")) == []
    finally:
        holder.kill()
        holder.wait()


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    """RELIABILITY 22: a writer within its wait gets the lock once the first one is done."""
    holder = hold(tmp_path, 0.5)
    fetched = make_fetched()
    saved = Archive(tmp_path, lock_timeout=30).save(make_article(fetched), fetched)
    assert saved.status == "new"
    assert (tmp_path / "released").exists()  # the save happened after the release
    assert holder.wait(timeout=10) == 0


WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from tests.test_store import make_article, make_fetched, page
    from archiver.store import Archive
    archive = Archive(Path(sys.argv[1]))
    for n in range(int(sys.argv[2]), int(sys.argv[3])):
        url = f"https://example.com/story-{{n}}"
        fetched = make_fetched(url, page(f"Story {{n}}", f"Text {{n}}."))
        archive.save(make_article(fetched, headline=f"Story {{n}}", body=f"Text {{n}}."), fetched)
    """
)


def test_two_processes_on_overlapping_lists_store_each_article_once(tmp_path: Path) -> None:
    """RELIABILITY 22: two writers, overlapping URLs: no duplicates, no versions, sound index."""
    script = WRITER.format(root=str(ROOT))
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path), lo, hi])
        for lo, hi in (("0", "30"), ("15", "45"))
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    archive = Archive(tmp_path)
    names = sorted(p.name for p in archive.paths())
    assert names == sorted(f"story-{n}.md" for n in range(45))
    assert list(tmp_path.rglob("*.versions")) == []
    assert len(archive.entries()) == 45
    assert archive.index.integrity_check() == "ok"
    assert archive.verify().problems == []


def test_the_lock_is_reentrant_and_shared_by_threads(tmp_path: Path) -> None:
    archive = Archive(tmp_path, lock_timeout=5)
    errors: list[BaseException] = []

    def save(n: int) -> None:
        try:
            url = f"https://example.com/t{n}"
            fetched = make_fetched(url, page(f"T {n}"))
            archive.save(make_article(fetched, headline=f"T {n}"), fetched)
        except BaseException as err:
            errors.append(err)

    with archive.writing():  # a batch holding the lock across its saves
        threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
        save(99)
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(list(archive.paths())) == 9


def test_a_second_writer_says_it_waits_then_fails_naming_the_holder(
    server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 37: while another process holds the writer lock, `archive --lock-timeout
    1` says once whom it waits for, then fails with one clear line naming that process."""
    holder = hold(tmp_path, 30)
    try:
        url = server.url("/pages/article_no_date.html")
        started = time.monotonic()
        result = CliRunner().invoke(
            cli, ["archive", url, "--archive-dir", str(tmp_path), "--lock-timeout", "1"]
        )
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1
    waiting, error = result.stderr.strip().splitlines()
    name = f"process {holder.pid} ("
    assert waiting.startswith(f"waiting for {name}") and "--lock-timeout" in waiting
    assert error.startswith(f"Error: {name}") and "is writing to the archive" in error
    assert "(waited 1 s)" in error
    assert 1 <= waited < 10
    assert list(tmp_path.rglob("*.md")) == []


HELD_BEFORE_INDEXING = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from pathlib import Path
    import archiver.index
    from tests.test_store import make_article, make_fetched, page
    from archiver.store import Archive

    def stalled(self, entries):  # the documents are renamed into place: hold the lock here
        print("renamed", flush=True)
        time.sleep(600)

    archiver.index.Index.put_many = stalled
    archive = Archive(Path(sys.argv[1]))
    url = "https://example.com/2024/12/20/late-story"
    fetched = make_fetched(url, page("A late story", "Pelicans nest in the harbour."))
    article = make_article(
        fetched, headline="A late story", body="Pelicans nest in the harbour this winter."
    )
    print(article.id, flush=True)
    archive.save(article, fetched)
    """
)


def test_reading_commands_find_a_renamed_article_while_the_writer_holds_the_lock(
    tmp_path: Path,
) -> None:
    """RELIABILITY 34: a writer holds the lock between a document's rename and its index
    update; `list`, `show` and `search` (the real CLI, each its own process) read the
    journaled document directly, without waiting for the writer (its lock is held for 600 s,
    the commands' lock timeout is the default 60 s), and find the article."""
    fetched = make_fetched()
    Archive(tmp_path).save(make_article(fetched), fetched)  # an indexed article beside it
    writer = subprocess.Popen(
        [sys.executable, "-c", HELD_BEFORE_INDEXING.format(root=str(ROOT)), str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        id_ = writer.stdout.readline().strip()
        assert writer.stdout.readline() == "renamed\n"
        assert Archive(tmp_path).journal.pending()

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            command = [sys.executable, "-m", "archiver", *args, "--archive-dir", str(tmp_path)]
            done = subprocess.run(command, capture_output=True, text=True, timeout=45, cwd=ROOT)
            assert done.returncode == 0, done.stderr
            assert done.stderr == ""  # no "waiting for ..." line
            return done

        listed = run("list").stdout.splitlines()
        assert [line.split("  ")[-1] for line in listed] == ["A late story", "A story"]
        assert listed[0].startswith(f"{id_}  2024-12-19  ")
        assert "title: A late story" in run("show", id_).stdout
        shown = run("show", "https://example.com/2024/12/20/late-story").stdout
        assert f"id: {id_}" in shown
        found = run("search", "pelicans harbour").stdout
        assert found.startswith(f"{id_}  2024-12-19  A late story\n")
        assert "*Pelicans*" in found
        assert writer.poll() is None  # the writer still holds the lock: nothing waited for it
    finally:
        writer.kill()
        writer.wait()
