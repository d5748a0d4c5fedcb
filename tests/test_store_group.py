"""Group commit: many articles made durable together, and what a kill -9 in the middle leaves."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

from archiver import capture as warc
from archiver.store import Archive, capture_path, prepare, read_article
from tests.test_store import RETRIEVED, make_article, make_fetched, page

ROOT = Path(__file__).resolve().parent.parent


def story(n: int, version: int = 0) -> tuple[object, object]:
    fetched = make_fetched(
        f"https://example.com/{n}",
        body=page(title=f"Story {n}", text=f"{n} {version} " * 500),
        retrieved_at=RETRIEVED + timedelta(seconds=version),
    )
    return make_article(fetched, headline=f"Story {n}", body=f"{n} {version} " * 500), fetched


def test_a_group_is_stored_indexed_and_reported_in_order(tmp_path: Path) -> None:
    """RELIABILITY 71: a group of articles (new, unchanged, changed, two of one name) is
    stored in one commit: each outcome in order, files whole, one index transaction."""
    archive = Archive(tmp_path)
    first = [prepare(*story(n)) for n in range(5)]  # type: ignore[arg-type]
    outcomes = archive.save_group(first)
    assert [o.status for o in outcomes] == ["new"] * 5  # type: ignore[union-attr]
    twin_fetched = make_fetched("https://example.com/twin", body=page(title="Story 1"))
    twin = make_article(twin_fetched, headline="Story 1", body="another story, same headline")
    again = [
        prepare(*story(0)),  # type: ignore[arg-type]
        prepare(*story(1, version=1)),  # type: ignore[arg-type]
        prepare(twin, twin_fetched),
        prepare(*story(1, version=2)),  # type: ignore[arg-type]
    ]
    outcomes = archive.save_group(again)
    statuses = [o.status for o in outcomes]  # type: ignore[union-attr]
    assert statuses == ["unchanged", "updated", "new", "updated"]
    paths = [o.path for o in outcomes]  # type: ignore[union-attr]
    assert paths[2].name == "story-1-2.md" and paths[1] == paths[3]
    assert "1 2 " in read_article(paths[3]).body  # the later one of the same article wins
    assert len(list((tmp_path / paths[1].parent / "story-1.versions").glob("*.md"))) == 2
    assert sorted(e.path for e in archive.entries()) == sorted(
        p.relative_to(tmp_path).as_posix() for p in archive.paths()
    )
    assert archive.verify().problems == []
    assert [p for p in tmp_path.rglob("*.tmp")] == []
    assert not archive.journal.pending()


GROUP_LOOP = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from tests.test_store_group import story
    from archiver.store import Archive, prepare
    archive = Archive(Path(sys.argv[1]))
    start = int(sys.argv[2])
    print("ready", flush=True)
    for g in range(1000):
        # 16 articles a group: new ones, and new versions of earlier ones
        items = [prepare(*story((start + g * 16 + i) % 200, version=start + g)) for i in range(16)]
        for outcome in archive.save_group(items):
            print(outcome.id, outcome.path, flush=True)
    """
)


def test_kill_9_during_group_commits_leaves_each_article_whole_and_found_or_absent(
    tmp_path: Path,
) -> None:
    """RELIABILITY 72 (and 34): kill -9 at random points of group commits, 8 times: every
    article reported stored is whole and found by the next command without `reindex`; every
    document on disk is whole, has its capture and is indexed; no temp file is left."""
    script = GROUP_LOOP.format(root=str(ROOT))
    rng = random.Random(72)
    reported: dict[str, str] = {}
    for run in range(8):
        proc = subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path), str(run * 37)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.1, 0.8))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        for line in out.splitlines():
            # Each line is "id path"; one run under load once gave a line without a space:
            # say what it was if that comes back.
            assert " " in line, (run, line, out[-500:])
            id_, path = line.split(" ", 1)
            reported[id_] = path
        archive = Archive(tmp_path)  # the next command: it only reads
        indexed = {e.path for e in archive.entries()}
        files = {p.relative_to(tmp_path).as_posix() for p in archive.paths()}
        assert indexed == files, run
        assert [p for p in tmp_path.rglob(".archiver-*")] == [], run
        assert not archive.journal.pending(), run
    assert len(reported) >= 32  # groups were really stored between the kills
    archive = Archive(tmp_path)
    for id_, path in reported.items():
        entry = archive.index.by_id(id_)
        assert entry is not None and Path(path) == tmp_path / entry.path
    for path in archive.paths():
        article = read_article(path)
        assert article.capture is not None
        assert warc.check(capture_path(path), article.capture.sha256) == []
    assert archive.verify().problems == []
    assert archive.index.integrity_check() == "ok"


KILLED_BEFORE_RENAME = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    import archiver.saving
    from tests.test_store_group import story
    from archiver.store import Archive, prepare

    def killed(*args, **kwargs):  # the kill lands after the temp files, before any rename
        os.kill(os.getpid(), signal.SIGKILL)

    archiver.saving.sync = killed
    Archive(Path(sys.argv[1])).save_group([prepare(*story(n)) for n in range(10, 20)])
    """
)


def test_temp_files_of_a_killed_writer_are_swept_by_the_next_writer(tmp_path: Path) -> None:
    """RELIABILITY 35: a writer killed with its temp files written: the next writer removes
    them (from the journal, without a scan) and stores its own article; the killed group's
    articles are absent, not half there."""
    archive = Archive(tmp_path)
    archive.save_group([prepare(*story(n)) for n in range(3)])  # type: ignore[arg-type]
    done = subprocess.run(
        [sys.executable, "-c", KILLED_BEFORE_RENAME.format(root=str(ROOT)), str(tmp_path)],
        timeout=60,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL
    left = list(tmp_path.rglob(".archiver-*.tmp"))
    assert len(left) == 20  # a capture and a document for each of the ten
    assert Archive(tmp_path).journal.pending()
    article, fetched = story(99)
    Archive(tmp_path).save(article, fetched)  # type: ignore[arg-type]
    assert list(tmp_path.rglob(".archiver-*")) == []
    assert not Archive(tmp_path).journal.pending()
    stored = sorted(read_article(p).headline for p in Archive(tmp_path).paths())
    assert stored == ["Story 0", "Story 1", "Story 2", "Story 99"]


KILLED_BETWEEN_VERSION_FILES = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from tests.test_store_group import story
    from archiver.store import Archive, prepare
    archive = Archive(Path(sys.argv[1]))
    replace = os.replace

    def replace_then_die(src, dst):
        replace(src, dst)
        if Path(dst).parent.name.endswith(".versions") and str(dst).endswith(".warc.gz"):
            os._exit(9)  # killed between the earlier version's capture and its document

    os.replace = replace_then_die
    archive.save_group([prepare(*story(3, version=1))])
    """
)


def test_a_kill_between_an_earlier_versions_capture_and_its_document_leaves_no_orphan(
    tmp_path: Path,
) -> None:
    """RELIABILITY 72: an update keeps the earlier version, its capture renamed into
    `<slug>.versions/` before its document. Killed between the two, the next command heals
    the group: the version's capture goes with the document's temp file, the current
    article stays whole, and verify finds nothing no article refers to."""
    archive = Archive(tmp_path)
    (saved,) = archive.save_group([prepare(*story(3))])  # type: ignore[arg-type]
    script = KILLED_BETWEEN_VERSION_FILES.format(root=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=False)
    assert proc.returncode == 9
    versions = list(tmp_path.rglob("*.versions/*"))
    # The kill's leftovers: the version's capture in place, its document still a temp file.
    assert [p.name.endswith(".warc.gz") for p in versions].count(True) == 1
    assert not any(p.name.endswith(".md") for p in versions)
    archive = Archive(tmp_path)  # the next command
    assert [e.path for e in archive.entries()] == [saved.path.relative_to(tmp_path).as_posix()]  # type: ignore[union-attr]
    assert archive.verify().problems == []
    assert list(tmp_path.rglob("*.versions/*")) == []
    article = read_article(saved.path)  # type: ignore[union-attr]
    assert article.capture is not None
    assert warc.check(capture_path(saved.path), article.capture.sha256) == []  # type: ignore[union-attr]
