"""The SQLite index: derived from the files, crash-safe, searchable, readable beside a writer."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from archiver.errors import StoreError
from archiver.index import Entry, Index, fts_query
from archiver.store import Archive
from tests.test_store import ROOT, make_article, make_fetched, page


def entry(n: int, **fields: object) -> Entry:
    values: dict[str, object] = {
        "id": f"{n:012x}",
        "path": f"example.com/2024/12/story-{n}.md",
        "url": f"https://example.com/{n}",
        "headline": f"Story {n}",
        "authors": ["Jane Roe"],
        "site": "Example",
        "host": "example.com",
        "published": "2024-12-19",
        "day": "2024-12-19",
        "retrieved_at": None,
        "sha256": None,
        "urls": [f"https://example.com/{n}"],
        "text": f"Body of story {n}.",
    }
    values.update(fields)
    return Entry(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("north korean", '"north" "korean"'),
        ('"state of emergency" flood', '"state of emergency" "flood"'),
        ('say "hi', '"say" "hi"'),
        ("AND OR NOT ( ) * :", '"AND" "OR" "NOT"'),
        ('a"b', '"a b"'),
        ("", ""),
    ],
)
def test_fts_query_quotes_every_term(query: str, expected: str) -> None:
    assert fts_query(query) == expected


def test_put_replaces_by_id_and_by_path(tmp_path: Path) -> None:
    index = Index(tmp_path / "i.sqlite")
    index.rebuild([entry(1), entry(2)])
    index.put(entry(1, headline="Renamed", text="new words"))
    index.put(entry(3, path=entry(2).path))  # a different article now at story-2's path
    assert [e.headline for e in index.select()] == ["Renamed", "Story 3"]
    assert [h.entry.id for h in index.search("words")] == [entry(1).id]
    assert index.search("story 2") == []
    assert index.by_url("https://example.com/2") is None


def test_captions_are_searchable(tmp_path: Path) -> None:
    body = "![](https://x.example/p.jpg)\n\n<!-- caption -->\nPhoto: Kowalczyk\n\n" + "Story. " * 9
    article = make_article(body=body)
    assert "Kowalczyk" not in article.text
    index = Index(tmp_path / "i.sqlite")
    index.rebuild([Entry.of(article, "x.example/story.md", "x.example")])
    assert [h.entry.path for h in index.search("kowalczyk")] == ["x.example/story.md"]


def test_select_filters_by_day(tmp_path: Path) -> None:
    index = Index(tmp_path / "i.sqlite")
    index.rebuild([entry(n, day=f"2024-12-{n:02d}") for n in range(1, 31)])
    found = index.select(since=date(2024, 12, 10), until=date(2024, 12, 12))
    assert [e.day for e in found] == ["2024-12-12", "2024-12-11", "2024-12-10"]


def test_readers_run_beside_an_open_write_transaction(tmp_path: Path) -> None:
    """WAL: a writer holding a transaction does not block list or search."""
    index = Index(tmp_path / "i.sqlite")
    index.rebuild([entry(1)])
    writer = sqlite3.connect(index.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM articles")
    try:
        assert [e.id for e in index.select()] == [entry(1).id]
        assert len(index.search("body")) == 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_file_written_by_hand_is_found_after_reindex(tmp_path: Path) -> None:
    """The files are the truth: an article copied in by hand appears after `reindex`."""
    one, two = Archive(tmp_path / "one"), Archive(tmp_path / "two")
    fetched = make_fetched("https://example.com/x", page("Copied", "Moved between archives."))
    path = one.save(make_article(fetched, headline="Copied", body="Moved here."), fetched).path
    assert two.reindex() == 0
    target = two.root / path.relative_to(one.root)
    target.parent.mkdir(parents=True)
    target.write_bytes(path.read_bytes())
    assert two.find("https://example.com/x") is None
    assert two.reindex() == 1
    assert two.find("https://example.com/x") == target


REBUILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from archiver.index import Index
    from tests.test_index import entry
    index = Index(Path(sys.argv[1]))
    print("ready", flush=True)
    while True:
        index.rebuild(entry(n, text="word " * 200) for n in range(2000))
        for n in range(50):
            index.put(entry(n, headline=f"Again {{n}}"))
    """
)


def test_index_survives_kill_9_mid_write(tmp_path: Path) -> None:
    """RELIABILITY 21: kill -9 during rebuilds and puts; integrity_check passes, reindex
    restores it."""
    path = tmp_path / "index.sqlite"
    for delay in (0.2, 0.5, 0.9, 1.4):
        proc = subprocess.Popen(
            [sys.executable, "-c", REBUILD.format(root=str(ROOT)), str(path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        index = Index(path)
        assert index.integrity_check() == "ok"
        assert len(index.select()) in (0, 2000)  # a transaction is all or nothing
    index.rebuild([entry(n) for n in range(10)])
    assert [e.id for e in index.select()] == sorted(
        (entry(n).id for n in range(10)), key=lambda i: entry(int(i, 16)).path
    )


def _open_at_once(kind: str, root: Path, barrier: Any, results: Any) -> None:
    from archiver.batch import Ledger

    barrier.wait()
    try:
        if kind == "index":
            with Index(root / "i.sqlite").connect() as db:
                db.execute("SELECT 1")
        else:
            Ledger(root).db.close()
        results.put("ok")
    except StoreError as err:
        results.put(str(err))


@pytest.mark.parametrize("kind", ["index", "ledger"])
def test_processes_creating_the_same_file_at_once_all_open_it(tmp_path: Path, kind: str) -> None:
    """Four processes open a new index (or job ledger) at the same instant, twenty times:
    SQLite answers one of two connections switching a new file to WAL "locked" at once, and
    every one of them must still open it."""
    context = multiprocessing.get_context("fork")
    failures: list[str] = []
    for n in range(20):
        root = tmp_path / str(n)
        root.mkdir()
        barrier, results = context.Barrier(4), context.Queue()
        procs = [
            context.Process(target=_open_at_once, args=(kind, root, barrier, results))
            for _ in range(4)
        ]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join(timeout=60)
        failures += [r for r in (results.get(timeout=5) for _ in procs) if r != "ok"]
    assert failures == []
