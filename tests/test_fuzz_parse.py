"""`archiver.parse` on mutated real pages (RELIABILITY 39): no exception, under 200 MB a page.

Pages are parsed in one worker process (benchmarks/hostile_pages.py) whose peak resident
memory while it parsed each page is read back. A page over the bound in a worker that kept
memory from earlier pages is measured again in a fresh worker: the bound is the page's own.
The mutations are the benchmark's (benchmarks/hostile_parse.py reports the time).
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from benchmarks.hostile_pages import MUTATIONS, base_pages, hostile, reference_pages

WORKER = Path(__file__).resolve().parent.parent / "benchmarks" / "hostile_pages.py"
MAX_MB = 200
BASES = base_pages()


class Worker:
    """A process parsing pages sent to it, one JSON record back for each."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )

    def parse(self, page: bytes) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(struct.pack(">Q", len(page)) + page)
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, f"the parse worker died (exit {self.proc.wait()})"
        record: dict[str, Any] = json.loads(line)
        return record

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    w = Worker()
    yield w
    w.close()


# Memory an earlier page left resident in the worker (freed, not handed back) beyond this
# share of a fresh worker's makes a page's peak that worker's, not the page's own.
KEPT_MB = 10


def check(worker: Worker, page: bytes, case: object) -> None:
    record = worker.parse(page)
    assert record["error"] is None, (case, record["error"])
    if record["peak_mb"] >= MAX_MB and record["start_mb"] > record["fresh_mb"] + KEPT_MB:
        # The bound is a page's: measured again in a worker that has parsed nothing else.
        fresh = Worker()
        try:
            record = fresh.parse(page)
        finally:
            fresh.close()
    assert record["peak_mb"] < MAX_MB, (case, record["peak_mb"])


@pytest.mark.parametrize("name", sorted(reference_pages()))
def test_the_reference_hostile_pages_parse_within_bounds(worker: Worker, name: str) -> None:
    """RELIABILITY 39: 100,000-deep nesting and 200,000 paragraphs (as <p>, as blank lines):
    no crash, < 200 MB."""
    check(worker, reference_pages()[name], name)


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_each_mutation_parses_within_bounds(worker: Worker, mutation: str) -> None:
    """RELIABILITY 39: each kind of hostile input, once, on a real page."""
    check(worker, hostile(BASES[0][1], [mutation], seed=0), mutation)


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    # No shrinking: a failure names its (page, mutations, seed), which rebuild the page, and
    # shrinking would parse many more large pages.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    base=st.integers(0, len(BASES) - 1),
    mutations=st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=3, unique=True),
    seed=st.integers(0, 2**32 - 1),
)
def test_fuzzed_real_pages_parse_within_bounds(
    worker: Worker, base: int, mutations: list[str], seed: int
) -> None:
    """RELIABILITY 39: real pages with one to three mutations at random places (deep nesting,
    10 MB attributes, invalid UTF-8, NUL bytes, broken JSON-LD, huge srcsets, numeric
    entities out of range, unclosed comments and scripts): no crash, under 200 MB a page."""
    name, page = BASES[base]
    check(worker, hostile(page, mutations, seed), (name, mutations, seed))


def in_a_fresh_worker(name: str, mutations: list[str], seed: int) -> dict[str, Any]:
    """The record of the base page `name` with `mutations` from `seed`, parsed by a worker
    that has parsed nothing else: a drawn page's own peak."""
    fresh = Worker()
    try:
        return fresh.parse(hostile(dict(BASES)[name], mutations, seed))
    finally:
        fresh.close()


def test_a_drawn_page_of_megabytes_stays_under_the_bound_in_a_fresh_worker() -> None:
    """RELIABILITY 39: a draw of the test above that went over (199.8-200.9 MB in a fresh
    worker, by the run): a real page with a huge srcset, invalid UTF-8 and 200,000
    paragraphs, 19 MB. Folding the page's whitespace space by space kept a piece per word;
    folded by runs it takes about 181 MB, held here 10 MB under the bound so that the test
    fails with the old fold whatever the run's noise."""
    record = in_a_fresh_worker(
        "article_images.html", ["huge-srcset", "invalid-utf8", "many-paragraphs"], 0
    )
    assert record["error"] is None
    assert record["peak_mb"] < MAX_MB - 10, record["peak_mb"]


def test_a_drawn_page_with_an_address_of_megabytes_stays_under_the_bound() -> None:
    """RELIABILITY 39: another draw that went over (209.4-209.7 MB in a fresh worker): a real
    page whose picture's unquoted `src` is 10 MB of "&", with invalid UTF-8 and 200,000
    paragraphs, 28 MB. The address was resolved, escaped and written into the Markdown, a
    copy of 20 MB at each step; an address over MAX_ADDRESS_CHARS (not a `data:` one) is no
    picture and no link now, and the page takes about 174 MB, held here 10 MB under the
    bound."""
    record = in_a_fresh_worker(
        "meta_headlines.html", ["huge-attribute", "many-paragraphs", "invalid-utf8"], 133
    )
    assert record["error"] is None
    assert record["peak_mb"] < MAX_MB - 10, record["peak_mb"]
