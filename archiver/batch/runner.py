"""One run of a batch: the coordinating thread, its fetch threads, the parser
processes and the writer."""

from __future__ import annotations

import os
import queue
import random
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError, Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO, cast

from archiver.batch.ledger import Ledger, job_key
from archiver.batch.parsers import Parsers, default_extract
from archiver.batch.politeness import Job, Politeness, StartGate
from archiver.batch.results import Observer, Result, Status, Summary
from archiver.batch.signals import on_interrupt
from archiver.batch.writer import GROUP_MAX, GroupWriter, Store
from archiver.browser.batching import NeedsBrowser
from archiver.errors import ArchiverError, FetchError, NoArticleError
from archiver.fetch import (
    Fetched,
    Limits,
    RedirectRefused,
    RetryPolicy,
    ThreadSessions,
    fetch_once,
    user_agent,
)
from archiver.models import Article
from archiver.robots import ROBOTS_TIMEOUT, Robots, RobotsCache, fetch_robots, origin_of
from archiver.sources import (
    Download,
    Entry,
    Expander,
    download,
    looks_like_url,
    normalize_url,
    read_sources,
)
from archiver.store import Archive, Prepared, Saved, prepare

if TYPE_CHECKING:
    from archiver.browser import BrowserOptions
    from archiver.browser.batching import BatchBrowser

# URLs read ahead of the fetchers. A URL costs a few hundred bytes, so a deep look-ahead is
# cheap, and it keeps many hosts busy when a list is sorted by host.
LOOKAHEAD = 50_000
# The coordinator blocks on its event queue: every change that can let a request go out
# (a fetch, parse or save done, input read, Ctrl-C) is an event. Only a host's next ready time
# and the Ctrl-C drain deadline are timers. TICK bounds a wait all the same, as a safety net.
TICK = 0.5
DRAIN_GRACE = 10.0  # after Ctrl-C, seconds to store the pages already fetched


@dataclass(frozen=True)
class ImportOptions:
    """How a batch runs; the defaults are RELIABILITY.md's."""

    concurrency: int = 8  # requests in flight overall
    per_host: int = 1  # requests in flight to one host
    delay: float = 1.0  # minimum gap between request starts to one host (Crawl-delay raises it)
    robots: bool = True  # obey robots.txt
    refresh: bool = False  # fetch URLs already in the archive again
    retry_failed: bool = False  # retry the URLs this job recorded as failed
    limits: Limits = Limits()
    retry: RetryPolicy = RetryPolicy()
    robots_timeout: float = ROBOTS_TIMEOUT
    parse_workers: int | None = None  # None: one per core; 0: parse in this process
    browser: BrowserOptions | None = None  # pages rendered in a browser (--browser)


@dataclass(frozen=True)
class Backpressure:
    """Every limit that holds back the next request, in one place.

    Fetched pages wait to be parsed, then stored: enough of them to keep the network busy
    while the parser catches up, few enough that memory stays flat and Ctrl-C stores what is
    waiting in seconds. Two groups may wait for the writer (one being stored, one gathering):
    when the disk is the bottleneck, fetching further ahead gains nothing.
    """

    requests: int  # in flight overall
    parsing: int  # fetched and not yet parsed
    writes: int = 2 * GROUP_MAX  # parsed and handed to the writer, not yet stored
    page_bytes: int = 128 * 1024 * 1024  # bytes of the pages held (parsing or writing)

    @classmethod
    def of(cls, options: ImportOptions) -> Backpressure:
        return cls(requests=options.concurrency, parsing=max(32, 4 * options.concurrency))

    @property
    def pages(self) -> int:
        """The most fetched pages held at once."""
        return self.parsing + self.writes

    def stored_behind(self, held: int, to_write: int, held_bytes: int) -> bool:
        """Parsing or storing is behind: no request may start until a page moves on."""
        return (
            held - to_write >= self.parsing
            or to_write >= self.writes
            or held_bytes >= self.page_bytes
        )


@dataclass
class Seams:
    """What tests replace: the network, the parser, the clock, the dice."""

    fetch: Callable[[str], Fetched] | None = None  # one attempt; raises FetchError
    robots: Callable[[str], Robots] | None = None  # origin -> its robots.txt
    expand: Callable[[str], Iterator[Entry]] | None = None  # feed/sitemap URL -> entries
    # Runs in the process pool, so it must be a module-level function.
    extract: Callable[[Fetched], Article] | None = None
    store: Store | None = None  # stores a group of parsed pages (Archive.save_group)
    clock: Callable[[], float] = time.monotonic
    rng: random.Random | None = None


def check_sources(sources: Sequence[str]) -> None:
    """Refuse, before any I/O, a source URL that is not http(s) (InvalidURL)."""
    for source in sources:
        if looks_like_url(source):
            normalize_url(source)


def run_import(
    sources: Sequence[str],
    archive: Archive,
    options: ImportOptions = ImportOptions(),
    *,
    observers: Sequence[Observer] = (),
    notice: Callable[[str], None] = lambda message: None,
    stdin: TextIO | None = None,
    seams: Seams | None = None,
) -> Summary:
    """Archive every URL the sources name; never stops on one URL's failure.

    `sources` are files of URLs (one per line), `-` for stdin, or feed/sitemap URLs. Each
    URL's result goes to every observer as it is known; `notice` gets messages for the person
    at the terminal. Ctrl-C stops cleanly (the summary says `interrupted`); the same sources
    again resume the job.
    """
    check_sources(sources)
    ledger = Ledger(archive.root)
    try:
        job = job_key(sources)
        ledger.lock(job)
        resumed = ledger.start(job, sources, fresh=options.refresh)
        runner = _Runner(archive, options, ledger, observers, notice, seams or Seams())
        entries = read_sources(sources, stdin=stdin or sys.stdin, expand=runner.expand)
        summary = runner.run(entries)
        summary.resumed = resumed
        if not summary.interrupted:
            ledger.finish()
        return summary
    finally:
        ledger.close()


_WAKE = ("wake",)
_END = Entry("<end>")


class _Runner:
    """The coordinating thread's state for one run."""

    def __init__(
        self,
        archive: Archive,
        options: ImportOptions,
        ledger: Ledger,
        observers: Sequence[Observer],
        notice: Callable[[str], None],
        seams: Seams,
    ) -> None:
        self.archive = archive
        self.notice = notice
        self.options = options
        self.ledger = ledger
        self.observers = observers
        self.clock = seams.clock
        self.fetch = seams.fetch
        extract = seams.extract or default_extract()
        self.robots = RobotsCache(_answering(seams.robots or self._fetch_robots))
        self.expand = seams.expand or self._expand
        self.polite = Politeness(
            per_host=options.per_host, delay=options.delay, retry=options.retry, rng=seams.rng
        )
        self.gate = StartGate()  # real time: it is what the servers see
        self.summary = Summary()
        self.stop = threading.Event()  # no new work: the fetchers and the reader end
        self.abort = threading.Event()  # a second Ctrl-C: the writer ends after its file
        self.interrupted = False
        self.drain_until = 0.0
        self.events: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self.inbox: queue.Queue[Entry] = queue.Queue(maxsize=1000)
        self.tasks: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self.writer = GroupWriter(seams.store or archive.save_group, self.events, self.abort)
        self.flushed = True  # the writer was told nothing more is coming soon
        self.sessions = ThreadSessions()
        self.seen: set[str] = set()
        self.robots_asked: set[str] = set()
        self.input_done = False
        self.in_flight = 0  # requests
        self.held = 0  # fetched pages not yet stored (parsing, waiting to be written)
        self.held_bytes = 0
        self.to_write = 0  # parsed pages handed to the writer, not yet stored
        self.limits = Backpressure.of(options)
        workers = options.parse_workers
        workers = (os.cpu_count() or 1) if workers is None else workers
        self.parsers = Parsers(workers, extract, self.events, notice)
        self.browser = _batch_browser(options)

    # -- network, on fetch threads ---------------------------------------------------------
    def _fetch_page(self, job: Job) -> Fetched:
        if self.fetch is not None:
            return self.fetch(job.url)
        # robots.txt of every host a redirect lands on is obeyed too (RELIABILITY 31).
        allowed = self.robots.refusal if self.options.robots else None
        return fetch_once(
            job.url,
            session=self.sessions.get(),
            limits=self.options.limits,
            listed_by=job.listed_by,
            allowed=allowed,
        )

    def _fetch_robots(self, origin: str) -> Robots:
        return fetch_robots(
            origin,
            session=self.sessions.get(),
            user_agent=user_agent(),
            timeout=min(self.options.robots_timeout, self.options.limits.deadline),
            allow_private=self.options.limits.allow_private,
        )

    def _expand(self, url: str) -> Iterator[Entry]:
        # Feeds and sitemaps are requests like pages: queued under their host's politeness
        # and robots.txt by the coordinator, downloaded by a fetch thread (RELIABILITY 30).
        private = self.options.limits.allow_private
        return Expander(self.sessions.get(), allow_private=private, download=self._feed)(url)

    def _feed(self, url: str, listed_by: str | None) -> Download:
        """On the reading thread: hand the feed to the coordinator and wait for it."""
        waiter: Future[Download] = Future()
        self.events.put(("feed", url, listed_by, waiter))
        while not self.stop.is_set():
            try:
                return waiter.result(timeout=TICK)
            except TimeoutError:
                continue
        raise FetchError(f"interrupted before fetching {url}", url=url)

    def _download(self, job: Job) -> Download:
        # Handed to its reader once its headers are in: a sitemap is read as it arrives.
        started = job.waiter.set_result if job.waiter is not None else None
        # Fetched again after a drop: read on where its reader is.
        resume = job.waiter.result() if job.waiter is not None and job.waiter.done() else None
        return download(
            job.url,
            session=self.sessions.get(),
            allow_private=self.options.limits.allow_private,
            listed_by=job.listed_by,
            started=started,
            resume=resume,
        )

    # -- the loop ---------------------------------------------------------------------------
    def run(self, entries: Iterator[Entry]) -> Summary:
        started = self.clock()
        threads = [
            threading.Thread(target=self._produce, args=(entries,), daemon=True),
            *(
                threading.Thread(target=self._work, daemon=True)
                for _ in range(self.options.concurrency)
            ),
        ]
        for thread in threads:
            thread.start()
        self.writer.start()
        restore = on_interrupt(self._interrupt)
        noticed = False
        try:
            while True:
                if self.interrupted:
                    # Store what was fetched already, so that it is not fetched again.
                    if not self.held or self.abort.is_set() or self.clock() > self.drain_until:
                        break
                    if not noticed:
                        noticed = True
                        if self.browser is not None:
                            # Renders in flight are dropped, as fetches are: they stay pending.
                            self.browser.close()
                        self.notice(
                            f"stopping: storing the {self.held} pages already fetched"
                            " (Ctrl-C again to stop now)"
                        )
                else:
                    self._intake()
                    self._dispatch()
                    if self.input_done and not (self.polite.waiting or self.in_flight or self.held):
                        break
                self._flush()
                self._wait()
            self.summary.interrupted = self.interrupted
        finally:
            self.stop.set()
            for _ in range(self.options.concurrency):
                self.tasks.put(None)
            # Fetches in flight are dropped (their URLs stay pending in the ledger and are
            # fetched by the next run). After an interruption, the writer finishes the group
            # it is storing and drops the one it gathers.
            if self.interrupted:
                self.abort.set()
            self.writer.close()
            self._record_last_saves()
            self.parsers.close(self._next_event)
            if self.browser is not None:
                self.browser.close()
            # Only now: a Ctrl-C while the writer and the parsers close is one more stop
            # (a second drops the group the writer gathers), never a KeyboardInterrupt
            # inside their shutdown.
            restore()
        self.summary.interrupted = self.interrupted
        self.summary.elapsed = self.clock() - started
        stats = self.writer.stats
        self.summary.groups, self.summary.store_seconds = stats.groups, stats.seconds
        self.summary.store_cpu = stats.cpu_seconds
        return self.summary

    def _next_event(self) -> tuple[Any, ...] | None:
        try:
            return self.events.get_nowait()
        except queue.Empty:
            return None

    def _flush(self) -> None:
        """Once nothing more can reach the writer soon (nothing fetched or parsed is on its
        way), its group need not wait out the rest of its window."""
        if self.flushed or self.held != self.to_write:
            return
        if self.in_flight and not self.interrupted:
            return
        self.flushed = True
        self.writer.flush()

    def _record_last_saves(self) -> None:
        """Files the writer finished after the stop are recorded too, so the ledger agrees
        with the disk."""
        while True:
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                return
            if event[0] == "saved":
                self._handle(event)

    def _interrupt(self) -> None:
        """Ctrl-C: stop fetching; a second one stops storing too. (In a signal handler.)"""
        if self.interrupted:
            self.abort.set()
        else:
            self.interrupted = True
            self.drain_until = self.clock() + DRAIN_GRACE
            self.stop.set()
        self.events.put(_WAKE)

    def _produce(self, entries: Iterator[Entry]) -> None:
        try:
            for entry in entries:
                while not self.stop.is_set():
                    try:
                        self.inbox.put(entry, timeout=TICK)
                        break
                    except queue.Full:
                        continue
                if self.stop.is_set():
                    return
                self.events.put(_WAKE)
        except Exception as err:  # the batch reports a broken input and goes on
            self.inbox.put(Entry("<input>", error=f"reading the input failed: {err!r}"))
        finally:
            self.inbox.put(_END)
            self.events.put(_WAKE)

    def _intake(self) -> None:
        if self.input_done or self.inbox.empty() or self.polite.waiting >= LOOKAHEAD:
            return
        with self.ledger.transaction():
            for _ in range(500):  # then look at the network again
                try:
                    entry = self.inbox.get_nowait()
                except queue.Empty:
                    return
                if entry is _END:
                    self.input_done = True
                    return
                self._admit(entry)
                if self.polite.waiting >= LOOKAHEAD:
                    return

    def _admit(self, entry: Entry) -> None:
        if entry.url is None:
            self._report(Result(entry.text or entry.where, "failed", error=entry.problem))
            return
        url = entry.url
        if url in self.seen:
            return
        self.seen.add(url)
        row = self.ledger.get(url)
        if row is not None and (
            row.state == "skipped"
            or (row.state == "failed" and not self.options.retry_failed)
            # an archived file someone removed since is fetched again
            or (row.state == "archived" and self.archive.find(url) is not None)
        ):
            status = cast(Status, row.state)
            self._report(Result(url, status, row.path, row.error, earlier=True))
            return
        self.ledger.pending(url)
        if not self.options.refresh:
            path = self.archive.find(url)
            if path is not None:
                self._finish(url, "skipped", path=str(path), error="already archived")
                return
        origin = origin_of(url)
        if self.options.robots:
            robots = self.robots.known(origin)
            if robots is not None:
                refusal = robots.refusal(url)
                if refusal:
                    self._refused_url(url, robots, refusal)
                    return
            else:
                self._ask_robots(origin)
        self.polite.add(Job(url, origin, listed_by=entry.listed_by), self.clock())

    def _admit_feed(self, url: str, listed_by: str | None, waiter: Future[Download]) -> None:
        job = Job(url, origin_of(url), kind="feed", listed_by=listed_by, waiter=waiter)
        if self.options.robots:
            robots = self.robots.known(job.host)
            refusal = robots.refusal(url) if robots is not None else None
            if refusal:
                waiter.set_exception(FetchError(refusal, url=url))
                return
            if robots is None:
                self._ask_robots(job.host)
        self.polite.add(job, self.clock())

    def _ask_robots(self, origin: str) -> None:
        if origin not in self.robots_asked:
            self.robots_asked.add(origin)
            self.polite.gate(origin)
            job = Job(f"{origin}/robots.txt", origin, kind="robots")
            self.polite.add(job, self.clock(), first=True)

    def _held_back(self) -> bool:
        """Whether a limit keeps the next request from starting, whatever host is ready.
        Each limit is lifted only by an event (a fetch, a parse or a save done)."""
        return self.in_flight >= self.limits.requests or self.limits.stored_behind(
            self.held, self.to_write, self.held_bytes
        )

    def _dispatch(self) -> None:
        now = self.clock()
        while not self._held_back():
            job = self.polite.take(now)
            if job is None:
                return
            self.in_flight += 1
            self.tasks.put(job)
            if job.kind == "page":
                self.parsers.start()

    def _timeout(self) -> float:
        """How long the coordinator may block: until the next timer, or an event."""
        now = self.clock()
        if self.interrupted:
            return min(TICK, max(0.0, self.drain_until - now))
        ready = self.polite.next_time()
        if ready is None or self._held_back():
            # A host being ready changes nothing while a limit holds: waiting for its time
            # would return at once, again and again (the loop would spin, starving the writer).
            return TICK
        return min(TICK, max(0.0, ready - now))

    def _wait(self) -> None:
        try:
            event = self.events.get(timeout=self._timeout())
        except queue.Empty:
            return
        while True:
            self._handle(event)
            if event[0] == "fetched" and not self.interrupted:
                self._dispatch()  # a host's slot is free: the next request goes out at once
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                return

    def _handle(self, event: tuple[Any, ...]) -> None:
        kind = event[0]
        if kind == "fetched":
            self._fetched(event[1], event[2])
        elif kind == "parsed":
            self.parsers.finished(event[4], event[1])
            self._parsed(event[1], event[2], event[3], event[4])
        elif kind == "saved":
            self._saved(event[1], event[2])
        elif kind == "pool":
            self.parsers.ready(event[1])
        elif kind == "rendered":
            self._rendered(event[1], event[2])
        elif kind == "feed":
            self._admit_feed(event[1], event[2], event[3])

    # -- outcomes ---------------------------------------------------------------------------
    def _fetched(self, job: Job, outcome: Fetched | Robots | Download | ArchiverError) -> None:
        now = self.clock()
        self.in_flight -= 1
        self.summary.requests += 1
        self.polite.done(job, now)
        if self.interrupted:
            return  # the URL stays pending: the next run fetches it
        if job.kind == "feed":
            self._feed_fetched(job, outcome, now)
        elif isinstance(outcome, Robots):
            self._robots_known(outcome)
        elif isinstance(outcome, Fetched):
            self.polite.redirected(job.host, outcome.final_url)  # www.X <-> X: one slot
            job.size = len(outcome.body)
            self.held += 1
            self.held_bytes += job.size
            if self.browser is not None and self.browser.always:
                self._render(job, outcome)
            else:
                self._parse(job, outcome)
        elif isinstance(outcome, RedirectRefused):  # as if the target had been listed
            robots = self.robots.known(origin_of(outcome.target))
            readable = robots is not None and not robots.unavailable  # a Disallow: a skip
            self._finish(job.url, "skipped" if readable else "failed", job=job, error=str(outcome))
        elif isinstance(outcome, FetchError) and outcome.retryable:
            why_not = self.polite.retry(job, now, outcome.retry_after)
            if why_not is not None:
                self._finish(job.url, "failed", job=job, error=f"{outcome} ({why_not})")
        else:
            self._finish(job.url, "failed", job=job, error=str(outcome))

    def _feed_fetched(
        self, job: Job, outcome: Fetched | Robots | Download | ArchiverError, now: float
    ) -> None:
        """A feed's download is handed to the reading thread, retried like a page's."""
        assert job.waiter is not None
        if isinstance(outcome, Download):
            if not job.waiter.done():  # else handed to its reader when its headers came
                job.waiter.set_result(outcome)
            return
        error = outcome if isinstance(outcome, ArchiverError) else FetchError(str(outcome))
        if isinstance(error, FetchError) and error.retryable:
            why_not = self.polite.retry(job, now, error.retry_after)
            if why_not is None:
                return
            error = FetchError(f"{error} ({why_not})", url=job.url)
        self._feed_failed(job, error)

    @staticmethod
    def _feed_failed(job: Job, error: ArchiverError) -> None:
        assert job.waiter is not None
        if job.waiter.done():  # its reader has what came before: the rest ends in `error`
            job.waiter.result().fail(error)
        else:
            job.waiter.set_exception(error)

    def _robots_known(self, robots: Robots) -> None:
        if robots.unavailable:
            for job in self.polite.drop(robots.origin):
                self._refused(job, robots, robots.unavailable)
            return
        refused = self.polite.open(
            robots.origin,
            delay=robots.crawl_delay,
            keep=lambda job: robots.refusal(job.url) is None,
        )
        for job in refused:
            self._refused(job, robots, robots.refusal(job.url) or "")

    def _refused(self, job: Job, robots: Robots, why: str) -> None:
        if job.waiter is not None:  # a feed: its reader reports it
            self._feed_failed(job, FetchError(why, url=job.url))
            return
        self._refused_url(job.url, robots, why)

    def _refused_url(self, url: str, robots: Robots, why: str) -> None:
        # robots.txt that cannot be read may be readable later: a failure, retried on request.
        # A Disallow is the site's answer: a skip.
        status: Status = "failed" if robots.unavailable else "skipped"
        self._finish(url, status, error=why)

    def _parse(self, job: Job, fetched: Fetched) -> None:
        extract = None
        if self.browser is not None:
            extract = self.browser.extractor(fetched, self.parsers.extract)
        self.parsers.submit(job, fetched, extract)

    def _parsed(
        self, job: Job, fetched: Fetched, future: Future[Prepared], generation: int = 0
    ) -> None:
        try:
            prepared = future.result()
            if self.browser is not None:
                article = self.browser.judge(job.url, prepared.article)
                if article is not prepared.article:
                    prepared = prepare(article, fetched)
        except NeedsBrowser:
            self._render(job, fetched)
            return
        except ArchiverError as err:
            if self.browser is not None and isinstance(err, NoArticleError):
                err = self.browser.failure(job.url, err)
            self._release(job)
            self._finish(job.url, "failed", job=job, error=str(err))
            return
        except BrokenProcessPool:
            self.parsers.broke(generation)
            # Every page in the pool fails with the one that broke it: each gets another try,
            # one after another (Parsers.retry).
            if job.parses < 2:
                self.parsers.retry(job, fetched)
                return
            self._release(job)
            self._finish(job.url, "failed", job=job, error="the parser process died")
            return
        except Exception as err:  # one hostile page must not stop the batch
            self._release(job)
            error = f"the parser failed: {type(err).__name__}: {err}"
            self._finish(job.url, "failed", job=job, error=error)
            return
        self.to_write += 1
        self.flushed = False
        self.writer.put(job, prepared)

    def _render(self, job: Job, fetched: Fetched) -> None:
        """Render the page in the shared browser, off this thread; its result is an event."""
        assert self.browser is not None
        self.browser.render(job.url, fetched, lambda f: self.events.put(("rendered", job, f)))

    def _rendered(self, job: Job, future: Future[Fetched]) -> None:
        if self.interrupted:
            self._release(job)  # the URL stays pending: the next run fetches it
            return
        try:
            fetched = future.result()
        except (ArchiverError, CancelledError) as err:
            self._release(job)
            self._finish(job.url, "failed", job=job, error=str(err) or "the browser closed")
            return
        self._parse(job, fetched)

    def _saved(self, job: Job, outcome: Saved | ArchiverError) -> None:
        self.to_write -= 1
        self._release(job)
        if isinstance(outcome, Saved):
            self._finish(job.url, "archived", job=job, path=str(outcome.path))
        else:
            self._finish(job.url, "failed", job=job, error=str(outcome))

    def _release(self, job: Job) -> None:
        self.held -= 1
        self.held_bytes -= job.size

    def _finish(
        self,
        url: str,
        status: Status,
        *,
        job: Job | None = None,
        path: str | None = None,
        error: str | None = None,
    ) -> None:
        result = Result(url, status, path, error)
        self.ledger.record(result, job.attempts if job else 0)
        self._report(result)

    def _report(self, result: Result) -> None:
        self.summary.count(result)
        for observer in self.observers:
            observer(result)

    # -- worker threads ---------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            job = self.tasks.get()
            if job is None or self.stop.is_set():
                return
            outcome: Fetched | Robots | Download | ArchiverError
            self.gate.wait(job, self.stop)
            try:
                if job.kind == "robots":
                    outcome = self.robots.get(job.host)
                elif job.kind == "feed":
                    outcome = self._download(job)
                else:
                    outcome = self._fetch_page(job)
            except ArchiverError as err:
                outcome = err
            except Exception as err:  # recorded against the URL, batch goes on
                outcome = FetchError(f"fetch failed: {type(err).__name__}: {err}", url=job.url)
            self.events.put(("fetched", job, outcome))


def _answering(load: Callable[[str], Robots]) -> Callable[[str], Robots]:
    """`load`, answering for its origin whatever it raises: the origin's URLs wait for an
    answer (a robots job that ended in an error left them waiting for ever), and the
    answer is cached, so a redirect to the origin is judged by it too."""

    def answer(origin: str) -> Robots:
        try:
            return load(origin)
        except Exception as err:
            why = f"robots.txt unreadable ({type(err).__name__}: {err})"
            return Robots(origin, user_agent(), unavailable=why)

    return answer


def _batch_browser(options: ImportOptions) -> BatchBrowser | None:
    if options.browser is None or options.browser.mode == "never":
        return None
    from archiver.browser import Renderer
    from archiver.browser.batching import BatchBrowser

    return BatchBrowser(Renderer(options.browser, options.limits))
