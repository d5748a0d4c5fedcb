"""Pictures kept with a stored article: the pictures its body shows (and its front matter
`image`) are fetched under the page fetcher's rules plus picture limits, checked to be real
pictures, stored content-addressed through the archive, and the body is pointed at them.

A picture that fails is recorded in the front matter with its reason; it never fails the
article. Running again for the same article fetches only the pictures not kept yet.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from archiver.errors import ArchiverError, FetchError, StoreError
from archiver.models import Asset
from archiver.pictures import (
    NotAPicture,
    Picture,
    check,
    decode_data_url,
    picture_urls,
    relink,
    without,
)

if TYPE_CHECKING:
    import requests

    from archiver.capture import Exchange
    from archiver.connect import IPAddress, Resolver
    from archiver.fetch import Fetched, Limits
    from archiver.models import Article
    from archiver.robots import RobotsCache
    from archiver.store import Archive, Prepared, Saved

MB = 1024 * 1024
_RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
PICTURE_ACCEPT = "image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8"


@dataclass(frozen=True)
class PictureLimits:
    """Bounds on one article's pictures (defaults from the issue that asked for them)."""

    max_pictures: int = 100
    max_bytes: int = 10 * MB  # one picture
    max_article_bytes: int = 50 * MB  # all of an article's pictures
    max_data_bytes: int = 100 * 1024  # a `data:` picture kept in the page itself
    per_host: int = 4  # in flight to one host; no gap between them
    deadline: float = 30.0  # seconds for all of an article's pictures


@dataclass(frozen=True)
class Kept:
    """What happened to an article's pictures."""

    kept: int
    failed: int
    changed: bool  # the document was rewritten


@dataclass(frozen=True)
class _Got:
    url: str
    picture: Picture | None = None
    error: str = ""
    exchange: Exchange | None = None


def reserved(host: str) -> bool:
    """Names under the special-use TLDs no resolver answers for (RFC 2606, RFC 6761):
    asking one would only send a query off the machine for a certain failure."""
    name = host.rstrip(".").lower()
    if name.rsplit(".", 1)[-1] in ("example", "invalid", "test"):
        return True
    return any(name == d or name.endswith("." + d) for d in _RESERVED_DOMAINS)


def _elided(url: str) -> str:
    """A `data:` URL as the front matter records it: its header, not its bytes."""
    return url if not url.startswith("data:") else url.split(",", 1)[0] + ",…"


class Slots:
    """Picture requests allowed in flight: `per_host` to one host, and `overall` in all when
    given. An article's pictures get their own; a batch's articles share one, so a picture
    host serving many of them sees `per_host` at a time, not that many for each article."""

    def __init__(self, per_host: int, overall: int | None = None) -> None:
        self.lock = threading.Lock()
        self.hosts: dict[str, threading.Semaphore] = defaultdict(
            lambda: threading.Semaphore(per_host)
        )
        self.overall = threading.Semaphore(overall) if overall is not None else None

    def acquire(self, host: str, timeout: float) -> bool:
        """Take a slot for a request to `host` within `timeout` seconds (False: none came)."""
        with self.lock:
            slot = self.hosts[host]
        until = time.monotonic() + timeout
        if not slot.acquire(timeout=timeout):
            return False
        if self.overall is None or self.overall.acquire(timeout=max(0.0, until - time.monotonic())):
            return True
        slot.release()
        return False

    def release(self, host: str) -> None:
        if self.overall is not None:
            self.overall.release()
        with self.lock:
            slot = self.hosts[host]
        slot.release()


class _Fetcher:
    """Fetches one article's pictures: host slots, one deadline for them all."""

    def __init__(
        self,
        page_url: str,
        limits: PictureLimits,
        fetch_limits: Limits,
        session: requests.Session,
        robots: RobotsCache | None,
        is_private: Callable[[IPAddress], bool],
        resolve: Resolver,
        clock: Callable[[], float],
        slots: Slots | None = None,
    ) -> None:
        self.page_url = page_url
        self.limits = limits
        self.fetch_limits = fetch_limits
        self.session = session
        self.robots = robots
        self.is_private = is_private
        self.resolve = resolve
        self.clock = clock
        self.deadline = clock() + limits.deadline
        self.slots = slots if slots is not None else Slots(limits.per_host)
        self.public_page = self._public(page_url)

    def _public(self, url: str) -> bool:
        """Whether the page's host has no private address: then its pictures may not either."""
        from archiver.connect import ip_of, lookup

        host = urlsplit(url).hostname or ""
        if reserved(host):
            return True  # never resolves: the stricter rule, without asking a resolver
        try:
            literal = ip_of(host)
            addresses = [literal] if literal else lookup(host, self.resolve, 5.0)
        except (OSError, UnicodeError, TimeoutError):
            return True  # unknown: the stricter rule
        return bool(addresses) and not any(self.is_private(a) for a in addresses)

    def _robots_refusal(self, url: str, host: str, checked: bool) -> str | None:
        """Why the host's robots.txt refuses `url`, or None. For a public page's picture
        (`checked`) the host is checked before its robots.txt is asked for: no request,
        robots.txt's either, goes to a private address a public page named, and robots.txt
        is fetched from the addresses checked (pinned), not from a second answer of the
        resolver. A private host or no answer gives None: the fetch then refuses the
        picture, or fails, with its own reason."""
        from archiver.connect import pinned, public_addresses
        from archiver.robots import origin_of

        assert self.robots is not None
        origin = origin_of(url)
        robots = self.robots.known(origin)
        if robots is None and checked:
            left = min(self.deadline - self.clock(), self.fetch_limits.connect_timeout)
            addresses = public_addresses(host, self.resolve, left, self.is_private)
            if not addresses:
                return None
            with pinned(host, addresses):
                robots = self.robots.get(origin)
        elif robots is None:
            robots = self.robots.get(origin)
        return robots.refusal(url)

    def late(self) -> str:
        return f"not fetched within the {self.limits.deadline:g} s deadline for the pictures"

    def get(self, url: str) -> _Got:
        host = (urlsplit(url).hostname or "").lower()
        left = self.deadline - self.clock()
        if left <= 0 or not self.slots.acquire(host, left):
            return _Got(url, error=self.late())
        try:
            return self._fetch(url)
        finally:
            self.slots.release(host)

    def _fetch(self, url: str) -> _Got:
        from archiver.capture import Exchange
        from archiver.fetch import open_stream

        host = urlsplit(url).hostname or ""
        if reserved(host):
            return _Got(url, error=f"{host} is a reserved name that never resolves (RFC 6761)")
        listed_by = (
            self.page_url if self.public_page and not self.fetch_limits.allow_private else None
        )
        if self.robots is not None:
            refusal = self._robots_refusal(url, host, listed_by is not None)
            if refusal:
                return _Got(url, error=refusal)
        left = self.deadline - self.clock()
        if left <= 0:
            return _Got(url, error=self.late())
        limits = replace(
            self.fetch_limits,
            deadline=min(self.fetch_limits.deadline, left),
            max_bytes=self.limits.max_bytes,
        )
        try:
            with open_stream(
                url,
                session=self.session,
                limits=limits,
                accept=PICTURE_ACCEPT,
                is_private=self.is_private,
                resolve=self.resolve,
                listed_by=listed_by,
            ) as stream:
                label = stream.content_type
                if label == "image/svg+xml" or not label.startswith("image/"):
                    check(b"", label)  # raises with the reason
                data = b"".join(stream.chunks)
                picture = check(data, label)
                exchange = Exchange(
                    url=stream.url,
                    status=stream.status,
                    reason=stream.reason,
                    request_headers=stream.request_headers,
                    response_headers=stream.response_headers,
                    body=data,
                    retrieved_at=datetime.now(UTC),
                    http_version=stream.http_version,
                )
                return _Got(url, picture=picture, exchange=exchange)
        except NotAPicture as err:
            return _Got(url, error=str(err))
        except FetchError as err:
            message = str(err)
            if limits.deadline < self.fetch_limits.deadline and message.startswith("timed out"):
                return _Got(url, error=self.late())  # the pictures' deadline cut it short
            if "listed a private address" in message:
                message = f"on a private address, and the page is public; refused: {url}"
            return _Got(url, error=message)
        except ArchiverError as err:
            return _Got(url, error=str(err))


def keep_pictures(
    archive: Archive,
    path: Path,
    *,
    fetch_limits: Limits,
    limits: PictureLimits = PictureLimits(),
    session: requests.Session | None = None,
    robots: RobotsCache | None = None,
    is_private: Callable[[IPAddress], bool] | None = None,
    resolve: Resolver | None = None,
    clock: Callable[[], float] = time.monotonic,
    stop: threading.Event | None = None,
    slots: Slots | None = None,
) -> Kept:
    """Fetch and keep the pictures of the article stored at `path` that are not kept yet;
    once `stop` is set, those not fetched yet are recorded as stopped (and tried again by
    --retry-failed). `slots` bounds the requests in flight (shared by a batch's articles;
    by default the article's own, `limits.per_host` to a host)."""
    from archiver.connect import is_private_address, resolve_host
    from archiver.fetch import new_session

    article = archive.load(path)
    kept, wanted, over = _wanted(article, limits)
    if not wanted and not over:
        return Kept(len(kept), 0, False)
    got = _data_pictures(wanted, limits)
    remote = [u for u in wanted if not u.startswith("data:")]
    if remote:
        own = session is None
        active = new_session() if session is None else session
        if robots is None:
            robots = _robots(lambda: active, fetch_limits.allow_private)
        fetcher = _Fetcher(
            _pointing_page(article),
            limits,
            fetch_limits,
            active,
            robots,
            is_private or is_private_address,
            resolve or resolve_host,
            clock,
            slots,
        )
        try:
            got += _fetch_all(fetcher, remote, stop)
        finally:
            if own:
                active.close()
    return _store(archive, path, article, kept, got, over, limits)


def _pointing_page(article: Article) -> str:
    """The address of the page that showed the pictures: the one fetched, never the
    address the page names as its own (a public page naming a private canonical address
    would otherwise open the private network to its pictures)."""
    if article.capture is not None and article.capture.final_url:
        return article.capture.final_url
    return article.source_url or ""


def _wanted(
    article: Article, limits: PictureLimits
) -> tuple[dict[str, Asset], list[str], list[str]]:
    """What of the article's pictures is kept already (URL -> asset), which of the pictures
    it shows are still to get (up to the limit), and those over the limit."""
    kept = {a.url: a for a in article.assets if a.error is None and a.path is not None}
    shown = picture_urls(article.body, article.image)
    wanted = [u for u in shown if u.startswith(("http://", "https://", "data:"))]
    over = wanted[limits.max_pictures :]
    return kept, [u for u in wanted[: limits.max_pictures] if u not in kept], over


def _data_pictures(urls: list[str], limits: PictureLimits) -> list[_Got]:
    """The `data:` pictures among `urls`, decoded and checked (no request)."""
    got: list[_Got] = []
    for url in (u for u in urls if u.startswith("data:")):
        try:
            data, label = decode_data_url(url, limits.max_data_bytes)
            got.append(_Got(url, picture=check(data, label)))
        except NotAPicture as err:
            got.append(_Got(url, error=str(err)))
    return got


def keep_found(
    archive: Archive,
    path: Path,
    found: Mapping[str, tuple[bytes, str | None, Exchange | None]],
    *,
    missing: str,
    limits: PictureLimits = PictureLimits(),
) -> Kept:
    """Keep the pictures of the article stored at `path` from bytes the caller holds (URL ->
    bytes, the media type given with them, the exchange for the capture), as a WARC import
    does from the WARC's image records: no request is made; a picture the body shows that
    is not in `found` is recorded with the reason `missing`."""
    article = archive.load(path)
    kept, wanted, over = _wanted(article, limits)
    if not wanted and not over:
        return Kept(len(kept), 0, False)
    got = _data_pictures(wanted, limits)
    for url in (u for u in wanted if not u.startswith("data:")):
        if url not in found:
            got.append(_Got(url, error=missing))
            continue
        data, label, exchange = found[url]
        try:
            got.append(_Got(url, picture=check(data, label), exchange=exchange))
        except NotAPicture as err:
            got.append(_Got(url, error=str(err)))
    return _store(archive, path, article, kept, got, over, limits)


def _robots(session: Callable[[], requests.Session], allow_private: bool) -> RobotsCache:
    """robots.txt of pictures' hosts, each fetched with the session `session` gives (a
    redirect from a public host to a private address followed only with `allow_private`)."""
    from archiver.fetch import user_agent
    from archiver.robots import RobotsCache, fetch_robots

    return RobotsCache(
        lambda origin: fetch_robots(
            origin, session=session(), user_agent=user_agent(), allow_private=allow_private
        )
    )


# How often a wait for pictures looks whether the run was stopped, in seconds.
_STOP_POLL = 0.2


def _fetch_all(
    fetcher: _Fetcher, urls: list[str], stop: threading.Event | None = None
) -> list[_Got]:
    """Every URL's result; those not done by the deadline are recorded as late, those not
    done when `stop` is set as stopped. The fetches run in daemon threads: one still
    waiting on a server when the deadline passes or the run stops ends by its own timeout,
    and never holds up the process's exit (it writes nothing)."""
    todo: queue.SimpleQueue[str] = queue.SimpleQueue()
    for url in urls:
        todo.put(url)
    results: queue.SimpleQueue[_Got] = queue.SimpleQueue()
    over = threading.Event()

    def work() -> None:
        while not over.is_set():
            try:
                url = todo.get_nowait()
            except queue.Empty:
                return
            try:
                results.put(fetcher.get(url))
            except Exception as err:  # recorded as the picture's failure, as any other
                results.put(_Got(url, error=f"{type(err).__name__}: {err}"))

    for n in range(min(16, len(urls))):
        threading.Thread(target=work, name=f"picture-{n}", daemon=True).start()
    done: dict[str, _Got] = {}
    try:
        while len(done) < len(set(urls)) and not (stop is not None and stop.is_set()):
            left = fetcher.deadline - fetcher.clock()
            if left <= 0:
                break
            try:
                got = results.get(timeout=left if stop is None else min(left, _STOP_POLL))
            except queue.Empty:
                continue
            done[got.url] = got
    finally:
        over.set()  # no more fetches start
    missing = STOPPED if stop is not None and stop.is_set() else fetcher.late()
    return [done.get(url) or _Got(url, error=missing) for url in urls]


STOPPED = "not fetched: the run was stopped"


def _store(
    archive: Archive,
    path: Path,
    article: Article,
    kept: dict[str, Asset],
    got: list[_Got],
    over: list[str],
    limits: PictureLimits,
) -> Kept:
    records = dict(kept)
    links: dict[str, str] = {}
    exchanges: list[Exchange] = []
    dropped: set[str] = set()
    total = sum(a.bytes or 0 for a in kept.values())
    failed = 0
    for item in got:
        if item.picture is None:
            records[item.url] = Asset(url=_elided(item.url), error=item.error)
            failed += 1
            if item.url.startswith("data:"):
                dropped.add(item.url)  # a large data: picture leaves the stored body
            continue
        size = len(item.picture.data)
        if total + size > limits.max_article_bytes:
            error = f"over the {limits.max_article_bytes // MB} MB limit for one article"
            records[item.url] = Asset(url=_elided(item.url), error=error)
            failed += 1
            continue
        total += size
        stored = archive.put_asset(item.picture.data, item.picture.extension)
        rel = Path(os.path.relpath(stored, path.parent)).as_posix()
        digest = stored.name.split(".", 1)[0]
        records[item.url] = Asset(
            url=_elided(item.url),
            path=rel,
            content_type=item.picture.media_type,
            bytes=size,
            sha256=digest,
        )
        links[item.url] = rel
        if item.exchange is not None:
            exchanges.append(item.exchange)
    if over:
        error = (
            f"past the limit of {limits.max_pictures} pictures an article "
            f"({len(over)} not fetched, this one the first)"
        )
        records[over[0]] = Asset(url=_elided(over[0]), error=error)
    body = without(relink(article.body, links), dropped)
    order = list(dict.fromkeys([*(a.url for a in article.assets), *records]))
    assets = [records[u] for u in order if u in records]
    new = article.model_copy(update={"body": body, "assets": assets})
    changed = archive.attach_assets(path, new, exchanges)
    return Kept(len(links) + len(kept), failed, changed)


# -- many articles ------------------------------------------------------------------------------
class PictureKeeper:
    """Keeps the pictures of articles as a batch stores them, a few articles at a time in
    the background, so the batch's writer never waits on a picture server. `save` stores
    an article as `Archive.save` does, then queues its pictures; leaving waits for them.
    The articles share their picture requests' slots: `limits.per_host` in flight to one
    host for the whole batch, and at most `requests` in all (the batch's --concurrency)."""

    def __init__(
        self,
        archive: Archive,
        fetch_limits: Limits,
        limits: PictureLimits | None,
        workers: int = 4,
        requests: int | None = None,
    ) -> None:
        self.archive = archive
        self.fetch_limits = fetch_limits
        self.limits = limits
        self.pool = (
            ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pictures")
            if limits is not None
            else None
        )
        self.lock = threading.Lock()
        self.retried = 0  # articles whose failed pictures were tried again
        self.queued = 0  # articles whose pictures were queued
        self.done = 0  # of which finished
        self.kept = 0  # pictures kept (or already kept by an earlier article)
        self.failed = 0  # pictures recorded as failed
        self.stop = threading.Event()  # Ctrl-C while the last pictures come
        self.skipped = 0  # articles queued whose pictures were not fetched after a stop
        # One robots.txt per picture host for the whole run, as for pages (a batch's articles
        # share their pictures' hosts), and one session per worker, its connections reused
        # from one article to the next.
        from archiver.fetch import ThreadSessions

        self.sessions = ThreadSessions()
        self.robots = _robots(self.sessions.get, fetch_limits.allow_private)
        self.slots = Slots(limits.per_host, requests) if limits is not None else None

    @property
    def pending(self) -> int:
        """Articles whose pictures are queued or being fetched."""
        with self.lock:
            return self.queued - self.done

    def save(self, article: Article, raw: Fetched | None = None) -> Saved:
        saved = self.archive.save(article, raw)
        self._submit(self._keep, saved.path)
        return saved

    def save_group(self, items: Sequence[Prepared]) -> list[Saved | StoreError]:
        """`Archive.save_group`, then each stored article's pictures are queued."""
        outcomes = self.archive.save_group(items)
        for outcome in outcomes:
            if not isinstance(outcome, StoreError):
                self._submit(self._keep, outcome.path)
        return outcomes

    def retry_failed(self, path: Path) -> None:
        """Queue the pictures that failed for an article stored by an earlier run, to be
        tried again (the article's text is not fetched or rewritten)."""
        self._submit(self._retry, path)

    def finish(self, notice: Callable[[str], None]) -> tuple[float, bool]:
        """Wait for the pictures still queued, saying so first when there are any: the
        seconds waited, and whether Ctrl-C (or SIGTERM) stopped the wait. Stopped, no more
        pictures are fetched; those being fetched are recorded as stopped, within
        _STOP_POLL, and --retry-failed fetches what was left."""
        from archiver.batch.signals import on_interrupt

        if self.pool is None:
            return 0.0, False
        started = time.monotonic()
        pending = self.pending
        if pending and not self.stop.is_set():
            notice(f"keeping the pictures of {pending} articles still queued (Ctrl-C stops)")
            restore = on_interrupt(self.stop.set)
            try:
                while self.pending and not self.stop.wait(_STOP_POLL):
                    pass
            finally:
                restore()
        stopped = self.stop.is_set()
        self.pool.shutdown(wait=True, cancel_futures=stopped)
        if stopped:
            with self.lock:
                self.skipped += self.queued - self.done  # cancelled before they started
        return time.monotonic() - started, stopped

    def _submit(self, task: Callable[[Path], None], path: Path) -> None:
        if self.pool is None:
            return
        with self.lock:
            self.queued += 1
        self.pool.submit(self._counted, task, path)

    def _counted(self, task: Callable[[Path], None], path: Path) -> None:
        try:
            if self.stop.is_set():
                with self.lock:
                    self.skipped += 1
            else:
                task(path)
        finally:
            with self.lock:
                self.done += 1

    def _retry(self, path: Path) -> None:
        assert self.limits is not None
        with contextlib.suppress(ArchiverError):
            # Failed pictures, and those a stopped run never fetched (no record at all).
            if _wanted(self.archive.load(path), self.limits)[1]:
                with self.lock:
                    self.retried += 1
                self._keep(path)

    def _keep(self, path: Path) -> None:
        assert self.limits is not None
        # The article is stored; a picture's failure never fails it.
        with contextlib.suppress(ArchiverError):
            kept = keep_pictures(
                self.archive,
                path,
                fetch_limits=self.fetch_limits,
                limits=self.limits,
                session=self.sessions.get(),
                robots=self.robots,
                stop=self.stop,
                slots=self.slots,
            )
            with self.lock:
                self.kept += kept.kept
                self.failed += kept.failed

    def __enter__(self) -> PictureKeeper:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if self.pool is None:
            return
        if kind is not None:
            self.stop.set()  # an error or an interruption: no more pictures, none waited for
        self.pool.shutdown(wait=True, cancel_futures=self.stop.is_set())
        self.sessions.close()


# -- where kept pictures show -------------------------------------------------------------------
def _kept_files(article: Article, path: Path) -> dict[str, Path]:
    """The body's link -> the kept file, for each kept picture whose file is there."""
    files = {}
    for asset in article.assets:
        if asset.path is not None:
            target = path.parent / asset.path
            if target.is_file():
                files[asset.path] = target
    return files


def embedded(article: Article, path: Path) -> Article:
    """`article` (stored at `path`) with its kept pictures as `data:` URLs: a standalone page."""
    import base64

    links = {}
    for link, target in _kept_files(article, path).items():
        kind = next((a.content_type for a in article.assets if a.path == link), None)
        data = base64.b64encode(target.read_bytes()).decode("ascii")
        links[link] = f"data:{kind or 'application/octet-stream'};base64,{data}"
    return article.model_copy(update={"body": relink(article.body, links)})


def copy_pictures(article: Article, path: Path, rendered: Path, root: Path) -> int:
    """Copy the kept pictures of `article` (stored at `path`) beside its rendering at
    `rendered`, at the same relative paths, so its links work there; never outside `root`.
    Returns how many were copied."""
    import shutil

    copied = 0
    for link, source in _kept_files(article, path).items():
        target = (rendered.parent / link).resolve()
        if not target.is_relative_to(root.resolve()):
            continue  # a rendering placed outside the archive's layout
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            copied += 1
    return copied


__all__ = [
    "Kept",
    "PictureKeeper",
    "PictureLimits",
    "Slots",
    "copy_pictures",
    "embedded",
    "keep_found",
    "keep_pictures",
]
