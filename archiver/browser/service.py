"""One headless Chromium shared by a batch, on a thread of its own.

Playwright's objects belong to the event loop that made them, so the browser lives on one
dedicated thread running Playwright's async API; any thread calls `Browser.render`, which
hands the page to that loop and waits for its result. At most `pages` pages are open at
once. A browser that crashed is started again for the next page (and the page that saw the
crash is tried once more). Chromium is never left behind: it talks to Playwright's driver
over a pipe and quits when the pipe closes (the driver ends with this process, whatever
ends it), and `close` ends any process still carrying this browser's mark.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import signal
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archiver.browser.render import Rendered, RenderSettings, render_page
from archiver.errors import FetchError
from archiver.fetch import Fetched, Limits

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from playwright.async_api import Browser as PlaywrightBrowser
    from playwright.async_api import Playwright

# Every process of a browser started here carries this variable (value: the browser's own
# token), so that `close` and the tests can find them in /proc.
MARK = "ARCHIVER_BROWSER_RUN"

# The browser reaches the network only through the archiver's routing: requests that are
# not routed (a preconnect, a DNS prefetch) go to a proxy whose name never resolves.
_OFFLINE = (
    "--proxy-server=http://network-off.invalid:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
)
_ARGS = ("--disable-dev-shm-usage", "--disable-crash-reporter", "--no-first-run", *_OFFLINE)


@dataclass(frozen=True)
class BrowserSettings:
    """What `--browser-path`, `--browser-deadline` and the page bound set."""

    executable: str
    pages: int = 2  # pages open at once
    deadline: float = 15.0  # seconds to render one page
    limits: Limits = Limits()  # the network limits for the page's own requests


class Browser:
    """`with Browser(settings) as b: b.render(fetched)`; thread-safe, started on first use."""

    def __init__(self, settings: BrowserSettings) -> None:
        self.settings = settings
        self.token = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.launches = 0  # a restart after a crash counts
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._closed = False
        # Owned by the browser thread's loop.
        self._playwright: Playwright | None = None
        self._browser: PlaywrightBrowser | None = None
        self._slots: asyncio.Semaphore | None = None
        self._launching: asyncio.Lock | None = None

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- any thread -----------------------------------------------------------------------
    def render(self, fetched: Fetched) -> Rendered:
        """Render the page whose response is `fetched`; FetchError when it cannot be."""
        loop = self._start()
        future = asyncio.run_coroutine_threadsafe(self._render(fetched), loop)
        try:
            # The page's own deadline bounds the render; this bounds a browser that hangs.
            _wait(future, self.settings.deadline + 60)
            return future.result(timeout=0)
        except concurrent.futures.CancelledError:
            raise FetchError(
                f"the browser closed before the page was rendered: {fetched.final_url}",
                url=fetched.requested_url,
            ) from None
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise FetchError(
                f"the browser did not answer within {self.settings.deadline + 60:g} s: "
                f"{fetched.final_url}",
                url=fetched.requested_url,
            ) from None

    def close(self) -> None:
        """Close the browser and its thread; end any process of it still running."""
        with self._lock:
            self._closed = True
            thread, loop = self._thread, self._loop
        if thread is not None and loop is not None and thread.is_alive():
            with contextlib.suppress(RuntimeError):  # the loop already stopped
                loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=30)
        for pid in processes_marked(self.token):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)

    def _start(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._closed:
                raise FetchError("the browser is closed")
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="archiver-browser", daemon=True
                )
                self._thread.start()
        while not self._ready.wait(_WAIT_SLICE):
            pass
        if self._failure is not None or self._loop is None:
            raise FetchError(f"the browser could not start: {self._failure}")
        return self._loop

    # -- the browser thread ---------------------------------------------------------------
    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        try:
            try:
                loop.run_until_complete(self._open())
                self._loop = loop
            except Exception as err:  # Playwright's driver could not start: said once
                self._failure = err
                return
            finally:
                self._ready.set()
            loop.run_forever()
            loop.run_until_complete(self._shutdown())
        finally:
            loop.close()

    async def _open(self) -> None:
        from playwright.async_api import async_playwright

        self._playwright = await async_playwright().start()
        self._slots = asyncio.Semaphore(self.settings.pages)
        self._launching = asyncio.Lock()

    async def _shutdown(self) -> None:
        # The browser and Playwright's driver are stopped before what is left is cancelled:
        # cancelling first would cancel the driver connection's own reader too, and the
        # driver process would outlive the browser.
        for step in (
            self._browser.close() if self._browser else None,
            self._playwright.stop() if self._playwright else None,
        ):
            if step is not None:
                await _quietly(step)
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def _render(self, fetched: Fetched) -> Rendered:
        from playwright.async_api import Error

        assert self._slots is not None
        settings = RenderSettings(deadline=self.settings.deadline, limits=self.settings.limits)
        async with self._slots:
            for attempt in (1, 2):
                browser = await self._running()
                try:
                    return await render_page(browser, fetched, settings)
                except (Error, FetchError) as err:
                    if browser.is_connected() or attempt == 2:
                        if isinstance(err, FetchError):
                            raise
                        raise FetchError(
                            f"the browser failed ({_first_line(err)}): {fetched.final_url}",
                            url=fetched.requested_url,
                        ) from None
                    # The browser crashed under this page: a new one gets it once more.
            raise AssertionError("unreachable: the loop returns or raises")

    async def _running(self) -> PlaywrightBrowser:
        """The browser, launched on first use and again after a crash."""
        from playwright.async_api import Error

        assert self._launching is not None and self._playwright is not None
        async with self._launching:
            if self._browser is not None and self._browser.is_connected():
                return self._browser
            if self._browser is not None:
                await _quietly(self._browser.close())
            args = [*_ARGS]
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                # Chromium refuses to start as root with its sandbox on; root is the only
                # case where it is turned off.
                args.append("--no-sandbox")
            try:
                self._browser = await self._playwright.chromium.launch(
                    executable_path=self.settings.executable,
                    headless=True,
                    args=args,
                    env={**os.environ, MARK: self.token},
                    handle_sigint=False,
                    handle_sigterm=False,
                    handle_sighup=False,
                    timeout=60_000,
                )
            except Error as err:
                raise FetchError(
                    f"the browser {self.settings.executable} could not start: {_first_line(err)}"
                ) from None
            self.launches += 1
            return self._browser


# A caller waits for the browser's thread in slices of this many seconds. A signal sent to the
# process (Ctrl-C reaches the whole process group) goes to whichever of its threads the kernel
# picks, and Python acts on it only when the main thread next runs Python code: one wait to
# the render's deadline would hold Ctrl-C until the render ends.
_WAIT_SLICE = 0.25


def _wait(future: concurrent.futures.Future[Any], timeout: float) -> None:
    """Until `future` is done or `timeout` seconds have passed, a slice at a time."""
    end = time.monotonic() + timeout
    while not future.done() and (left := end - time.monotonic()) > 0:
        concurrent.futures.wait([future], timeout=min(_WAIT_SLICE, left))


async def _quietly(step: Coroutine[Any, Any, Any]) -> None:
    from playwright.async_api import Error

    with contextlib.suppress(Error, TimeoutError, OSError):
        await asyncio.wait_for(step, timeout=15)


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def processes_marked(token: str) -> list[int]:
    """Processes of the browser with this token: those carrying the mark in their environment
    (Chromium itself and its crash handler) and the members of Chromium's process group (its
    renderers and helpers, which get a cleaned environment)."""
    needle = f"{MARK}={token}".encode()
    marked: list[int] = []
    groups: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if needle in environ.split(b"\0"):
            pid = int(entry.name)
            marked.append(pid)
            with contextlib.suppress(OSError):
                groups.add(os.getpgid(pid))
    groups.discard(os.getpgrp())  # never this process's own group
    members = [pid for pid in _pids() if _group(pid) in groups]
    return sorted(set(marked) | set(members))


def _pids() -> list[int]:
    return [int(e.name) for e in Path("/proc").iterdir() if e.name.isdigit()]


def _group(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None
