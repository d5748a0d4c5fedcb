"""Per-host scheduling: which request may start now."""

from __future__ import annotations

import heapq
import itertools
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from archiver.fetch import (
    RetryPolicy,
    backoff,
)


@dataclass(eq=False)
class Job:
    """One request to make: an article page, a host's robots.txt, or a feed or sitemap."""

    url: str
    host: str  # origin: scheme://host[:port]
    kind: Literal["page", "robots", "feed"] = "page"
    attempts: int = 0  # requests made so far
    not_before: float = 0.0  # retry backoff
    size: int = 0  # bytes of the fetched page while it is held for parsing and storing
    parses: int = 0  # parse attempts (a page in a pool that broke gets another)
    listed_by: str | None = None  # the public feed or sitemap that listed the page
    waiter: Future[Any] | None = None  # a feed's: who waits for its download
    gap: float = 0.0  # the host's minimum gap between starts when the job was handed out
    slot: str = ""  # the name of its host's slot when it was handed out (see `Politeness`)


def slot_key(origin: str) -> str:
    """The politeness slot of an origin (or a URL): its host name, without the scheme or the
    port: http and https of a host are one server, sharing one in-flight limit and one gap.
    www.X and X share one only once a redirect shows they are one site (`Politeness`)."""
    return urlsplit(origin).hostname or origin


def same_site(a: str, b: str) -> bool:
    """Whether host names `a` and `b` are www.X and X (either way round)."""
    return a != b and (a == "www." + b or b == "www." + a)


class StartGate:
    """The minimum gap between request starts to one host, held where a request leaves.

    `Politeness` spaces requests when it hands them out, but a fetch thread may begin one a
    little after it was handed it (a busy machine) and the next one on time: the server would
    see a shorter gap than promised. Each fetch thread passes here just before its request.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._last: dict[str, float] = {}  # slot -> when its last request started

    def wait(self, job: Job, stop: threading.Event) -> None:
        """Return when `job` may start (at once without a gap, or when `stop` is set)."""
        if job.gap <= 0:
            return
        key = job.slot or slot_key(job.host)
        while True:
            with self._lock:
                now = self._clock()
                last = self._last.get(key)
                if last is None or now >= last + job.gap:
                    self._last[key] = now
                    return
                left = last + job.gap - now
            if stop.wait(left):
                return


@dataclass(eq=False)
class _Slot:
    """What the origins of one host share: requests in flight, the gap, a Retry-After."""

    name: str = ""  # the host name it was made for
    hosts: list[_Host] = field(default_factory=list)
    in_flight: int = 0
    next_start: float = 0.0  # the minimum gap since the last start
    paused_until: float = 0.0  # Retry-After


@dataclass(eq=False)
class _Host:
    """One origin's queues (robots.txt is per origin); its limits are its slot's."""

    key: str
    delay: float
    slot: _Slot = field(default_factory=_Slot)
    first: deque[Job] = field(default_factory=deque)  # robots.txt goes before anything
    queue: deque[Job] = field(default_factory=deque)
    retries: list[tuple[float, int, Job]] = field(default_factory=list)  # heap by not_before
    gated: bool = False  # pages wait until robots.txt is known
    scheduled: float | None = None  # time of this host's live entry in the ready heap


class Politeness:
    """Per-host scheduling: in-flight limit, minimum gap between starts, Retry-After pauses,
    retry backoff with jitter. Jobs queue per origin; the limits hold per host (`slot_key`).

    Pure bookkeeping, no threads and no clock: every call takes `now`, so tests drive it with
    made-up times. Hosts wait in a heap by the time they are next ready, so a host that must
    wait never holds up another.
    """

    def __init__(
        self,
        *,
        per_host: int = 1,
        delay: float = 1.0,
        retry: RetryPolicy = RetryPolicy(),
        rng: random.Random | None = None,
    ) -> None:
        self.per_host = per_host
        self.delay = delay
        self.retry_policy = retry
        self.rng = rng or random.Random()
        self.waiting = 0  # jobs queued, not in flight
        self._hosts: dict[str, _Host] = {}
        self._slots: dict[str, _Slot] = {}
        self._heap: list[tuple[float, int, str]] = []
        self._seq = itertools.count()

    def host(self, key: str) -> _Host:
        host = self._hosts.get(key)
        if host is None:
            name = slot_key(key)
            slot = self._slots.setdefault(name, _Slot(name))
            host = self._hosts[key] = _Host(key, self.delay, slot)
            slot.hosts.append(host)
        return host

    def add(self, job: Job, now: float, *, first: bool = False) -> None:
        host = self.host(job.host)
        (host.first if first else host.queue).append(job)
        self.waiting += 1
        self._schedule(host)

    def gate(self, key: str) -> None:
        """Hold the host's pages (not its `first` jobs) until `open`."""
        self.host(key).gated = True

    def open(
        self, key: str, *, delay: float | None = None, keep: Callable[[Job], bool] | None = None
    ) -> list[Job]:
        """Let the host's pages go, at a gap raised to `delay`; returns the jobs `keep` refused."""
        host = self.host(key)
        host.gated = False
        if delay is not None:
            host.delay = max(host.delay, delay)
        dropped: list[Job] = []
        if keep is not None:
            kept: deque[Job] = deque()
            for job in host.queue:
                (kept if keep(job) else dropped).append(job)
            host.queue = kept
            self.waiting -= len(dropped)
        self._schedule(host)
        return dropped

    def drop(self, key: str) -> list[Job]:
        """Remove every job queued for the host (for example: robots.txt unavailable)."""
        host = self.host(key)
        jobs = [*host.first, *host.queue, *(job for _, _, job in host.retries)]
        host.first.clear()
        host.queue.clear()
        host.retries.clear()
        host.gated = False
        self.waiting -= len(jobs)
        return jobs

    def take(self, now: float) -> Job | None:
        """The next job whose host may get a request at `now`, marked in flight; else None."""
        while self._heap and self._heap[0][0] <= now:
            when, _, key = heapq.heappop(self._heap)
            host = self._hosts[key]
            if host.scheduled == when:
                host.scheduled = None
            ready = self._ready_at(host)
            if ready is None:
                continue
            if ready > now:
                self._schedule(host)
                continue
            job = self._pop(host, now)
            job.attempts += 1
            host.slot.in_flight += 1
            host.slot.next_start = now + host.delay
            job.gap = host.delay
            job.slot = host.slot.name
            self.waiting -= 1
            self._schedule(host)
            return job
        return None

    def done(self, job: Job, now: float) -> None:
        """The job's request finished (whatever its outcome): its host slot is free."""
        slot = self.host(job.host).slot
        slot.in_flight -= 1
        for host in slot.hosts:  # the other origins of the host may be waiting for the slot
            self._schedule(host)

    def redirected(self, origin: str, final_url: str) -> None:
        """A request to `origin` ended at `final_url`. Where one of them is www.X and the other
        X, the server has said they are one site: from now on they share one slot (its
        requests in flight, the later gap and Retry-After of the two)."""
        a, b = slot_key(origin), slot_key(final_url)
        if not same_site(a, b):
            return
        kept = self._slots.get(a)
        other = self._slots.get(b)
        if kept is None or other is None:  # a name with nothing queued yet takes the other's
            self._slots[a] = self._slots[b] = kept or other or _Slot(a)
            return
        if kept is other:
            return
        kept.in_flight += other.in_flight
        kept.next_start = max(kept.next_start, other.next_start)
        kept.paused_until = max(kept.paused_until, other.paused_until)
        for host in other.hosts:
            host.slot = kept
            kept.hosts.append(host)
        for name, slot in self._slots.items():
            if slot is other:
                self._slots[name] = kept
        for host in kept.hosts:
            self._schedule(host)

    def retry(self, job: Job, now: float, retry_after: float | None = None) -> str | None:
        """Queue the job again after a backoff, or say why not (None when queued).

        A Retry-After pauses the whole host (up to the cap); a longer ask defers the URL.
        """
        policy = self.retry_policy
        host = self.host(job.host)
        if retry_after is not None:
            wait = max(0.0, retry_after)
            pause = now + min(wait, policy.retry_after_cap)
            host.slot.paused_until = max(host.slot.paused_until, pause)
            self._schedule(host)
            if wait > policy.retry_after_cap:
                return (
                    f"the server asks to retry after {wait:g} s, over the"
                    f" {policy.retry_after_cap:g} s cap: deferred"
                )
        if job.attempts > policy.retries:
            return f"gave up after {job.attempts} attempts"
        if retry_after is None:
            wait = backoff(policy, job.attempts - 1, self.rng.uniform)
        job.not_before = now + wait
        heapq.heappush(host.retries, (job.not_before, next(self._seq), job))
        self.waiting += 1
        self._schedule(host)
        return None

    def next_time(self) -> float | None:
        """When a job may next be ready (it may be later: entries are checked on `take`)."""
        return self._heap[0][0] if self._heap else None

    def _ready_at(self, host: _Host) -> float | None:
        if host.slot.in_flight >= self.per_host:
            return None
        if host.first:
            due = 0.0
        elif host.gated:
            return None
        elif host.queue:
            due = 0.0
        elif host.retries:
            due = host.retries[0][0]
        else:
            return None
        return max(host.slot.next_start, host.slot.paused_until, due)

    def _pop(self, host: _Host, now: float) -> Job:
        if host.first:
            return host.first.popleft()
        if host.retries and host.retries[0][0] <= now:
            return heapq.heappop(host.retries)[2]
        return host.queue.popleft()

    def _schedule(self, host: _Host) -> None:
        ready = self._ready_at(host)
        if ready is None or (host.scheduled is not None and host.scheduled <= ready):
            return
        host.scheduled = ready
        heapq.heappush(self._heap, (ready, next(self._seq), host.key))
