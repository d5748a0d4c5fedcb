"""The per-host scheduler on its own, driven by made-up times (no threads, no clock)."""

from __future__ import annotations

import random

import pytest

from archiver.batch import Job, Politeness
from archiver.batch.politeness import StartGate
from archiver.fetch import RetryPolicy

A = "http://a.example"
B = "http://b.example"


def jobs(host: str, n: int) -> list[Job]:
    return [Job(f"{host}/{i}", host) for i in range(n)]


def drain(polite: Politeness, now: float) -> list[Job]:
    """Everything that may start at `now`."""
    started = []
    while (job := polite.take(now)) is not None:
        started.append(job)
    return started


def test_one_in_flight_per_host_and_hosts_in_parallel() -> None:
    """RELIABILITY 9: per host one request in flight by default; other hosts are not held up."""
    polite = Politeness(per_host=1, delay=0.0)
    for job in jobs(A, 3) + jobs(B, 3):
        polite.add(job, 0.0)
    first = drain(polite, 0.0)
    assert sorted(j.host for j in first) == [A, B]
    assert polite.take(5.0) is None  # both hosts busy, however long we wait
    polite.done(first[0], 5.0)
    nxt = polite.take(5.0)
    assert nxt is not None and nxt.host == first[0].host


def test_minimum_gap_between_starts_on_one_host() -> None:
    """RELIABILITY 9: a host's next request waits for the gap, even when its slot is free."""
    polite = Politeness(per_host=2, delay=1.0)
    for job in jobs(A, 3):
        polite.add(job, 0.0)
    one = polite.take(0.0)
    assert one is not None
    assert polite.take(0.5) is None  # a slot is free, but the gap is not over
    assert polite.next_time() == 1.0
    two = polite.take(1.0)
    assert two is not None
    assert polite.take(5.0) is None  # two in flight: the per-host limit
    polite.done(one, 5.0)
    assert polite.take(5.0) is not None


def test_a_waiting_host_never_holds_up_another() -> None:
    """RELIABILITY 9: while host A waits out its gap, host B's URLs start."""
    polite = Politeness(per_host=1, delay=10.0)
    for job in jobs(A, 2):
        polite.add(job, 0.0)
    a1 = polite.take(0.0)
    assert a1 is not None
    polite.done(a1, 0.1)
    for job in jobs(B, 1):
        polite.add(job, 0.2)
    b1 = polite.take(0.2)
    assert b1 is not None and b1.host == B
    assert polite.take(9.9) is None
    a2 = polite.take(10.0)
    assert a2 is not None and a2.host == A


def test_crawl_delay_raises_the_gap_and_robots_go_first() -> None:
    """RELIABILITY 10: robots.txt is fetched before any page; its Crawl-delay raises the gap."""
    polite = Politeness(per_host=1, delay=0.5)
    polite.gate(A)
    for job in jobs(A, 2):
        polite.add(job, 0.0)
    robots = Job(f"{A}/robots.txt", A, kind="robots")
    polite.add(robots, 0.0, first=True)
    assert polite.take(0.0) is robots
    polite.done(robots, 0.1)
    assert polite.take(3.0) is None  # pages wait for the answer, however long
    polite.open(A, delay=2.0)
    page = polite.take(3.0)
    assert page is not None and page.kind == "page"
    polite.done(page, 3.1)
    assert polite.take(4.9) is None
    assert polite.take(5.0) is not None


def test_robots_disallow_removes_the_refused_pages() -> None:
    """RELIABILITY 10: pages robots.txt refuses leave the queue and are handed back."""
    polite = Politeness(per_host=1, delay=0.0)
    polite.gate(A)
    for job in [Job(f"{A}/ok", A), Job(f"{A}/private/x", A), Job(f"{A}/ok2", A)]:
        polite.add(job, 0.0)
    refused = polite.open(A, keep=lambda job: "/private/" not in job.url)
    assert [j.url for j in refused] == [f"{A}/private/x"]
    assert polite.waiting == 2
    assert [j.url for j in drain_all(polite)] == [f"{A}/ok", f"{A}/ok2"]


def drain_all(polite: Politeness) -> list[Job]:
    out, now = [], 0.0
    while polite.waiting:
        job = polite.take(now)
        if job is None:
            now = polite.next_time() or now + 1
            continue
        out.append(job)
        polite.done(job, now)
    return out


def test_retry_after_pauses_only_that_host() -> None:
    """RELIABILITY 8: Retry-After: 2 on host A: A waits 2 s, host B goes on meanwhile."""
    polite = Politeness(per_host=1, delay=0.0)
    for job in jobs(A, 2) + jobs(B, 3):
        polite.add(job, 0.0)
    a1, b1 = drain(polite, 0.0)
    assert a1.host == A
    polite.done(a1, 0.1)
    assert polite.retry(a1, 0.1, retry_after=2.0) is None
    polite.done(b1, 0.1)
    started = drain(polite, 0.2)
    assert [j.host for j in started] == [B]  # A is paused, B is not
    polite.done(started[0], 0.3)
    assert [j.host for j in drain(polite, 1.0)] == [B]
    assert polite.take(2.0) is None  # A still paused at 2.0 (paused until 2.1)
    a_next = polite.take(2.1)
    assert a_next is not None and a_next.host == A


def test_retry_after_over_the_cap_defers_the_url() -> None:
    """RELIABILITY 8: a Retry-After over the cap is not waited for: the URL is deferred."""
    polite = Politeness(per_host=1, delay=0.0, retry=RetryPolicy(retry_after_cap=120.0))
    job = jobs(A, 1)[0]
    polite.add(job, 0.0)
    taken = polite.take(0.0)
    assert taken is job
    polite.done(job, 0.0)
    why = polite.retry(job, 0.0, retry_after=3600.0)
    assert why is not None and "deferred" in why and "3600" in why
    assert polite.waiting == 0


def test_backoff_grows_with_jitter_and_gives_up_after_the_retries() -> None:
    """RELIABILITY 7: exponential backoff from 1 s with jitter, capped; 3 retries then fail."""
    policy = RetryPolicy(retries=3, base=1.0, cap=3.0)
    polite = Politeness(per_host=1, delay=0.0, retry=policy, rng=random.Random(7))
    job = jobs(A, 1)[0]
    polite.add(job, 0.0)
    now, waits = 0.0, []
    for _ in range(3):
        taken = polite.take(now)
        assert taken is job
        polite.done(job, now)
        assert polite.retry(job, now) is None
        assert polite.take(now) is None  # not before the backoff
        waits.append(job.not_before - now)
        now = job.not_before
    bounds = [(0.5, 1.0), (1.0, 2.0), (1.5, 3.0)]  # half-jitter on 1, 2, then the 3 s cap
    assert all(lo <= w <= hi for w, (lo, hi) in zip(waits, bounds, strict=True)), waits
    assert polite.take(now) is job
    polite.done(job, now)
    why = polite.retry(job, now)
    assert why == "gave up after 4 attempts"


def test_a_retry_does_not_block_the_hosts_other_urls() -> None:
    """RELIABILITY 7: one URL's backoff leaves the rest of its host's queue going."""
    polite = Politeness(per_host=1, delay=0.0, retry=RetryPolicy(base=10.0, cap=10.0))
    for job in jobs(A, 2):
        polite.add(job, 0.0)
    first = polite.take(0.0)
    assert first is not None
    polite.done(first, 0.0)
    polite.retry(first, 0.0)
    second = polite.take(0.0)
    assert second is not None and second is not first
    polite.done(second, 0.1)
    assert polite.take(1.0) is None
    assert polite.take(10.0) is first


def test_drop_empties_a_host() -> None:
    """RELIABILITY 10: robots.txt unavailable: every URL queued for the host comes back."""
    polite = Politeness(per_host=1, delay=0.0)
    polite.gate(A)
    for job in jobs(A, 3) + jobs(B, 1):
        polite.add(job, 0.0)
    assert len(polite.drop(A)) == 3
    assert polite.waiting == 1
    assert [j.host for j in drain(polite, 0.0)] == [B]


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.asked: list[float] = []

    def __call__(self) -> float:
        return self.now

    def wait(self, seconds: float) -> bool:  # stands in for the stop event
        self.asked.append(round(seconds, 6))
        self.now += seconds
        return False


def test_the_gap_holds_where_the_request_leaves_when_a_thread_starts_late() -> None:
    """RELIABILITY 9: a fetch thread that begins its request late (a busy machine) does not
    shorten the gap the server sees: the next request to the same host (any scheme; www or
    not once a redirect joined them) waits for the gap after the late one; other hosts and
    gapless jobs never wait."""
    clock = _Clock()
    gate = StartGate(clock)
    late = Job("http://example.org/a", "http://example.org", gap=0.3)
    clock.now = 100.2  # handed out at 100.0, started 0.2 s late
    gate.wait(late, clock)  # type: ignore[arg-type]
    clock.now = 100.3  # the next one, handed out on time
    # www.example.org, in the slot of example.org since a redirect joined them:
    joined = Job("https://www.example.org/b", "https://www.example.org", gap=0.3)
    joined.slot = "example.org"
    gate.wait(joined, clock)  # type: ignore[arg-type]
    assert clock.asked == [0.2]
    assert clock.now == pytest.approx(100.5)
    gate.wait(Job("http://other.example/c", "http://other.example", gap=0.3), clock)  # type: ignore[arg-type]
    gate.wait(Job("http://example.org/d", "http://example.org", gap=0.0), clock)  # type: ignore[arg-type]
    assert clock.asked == [0.2]
