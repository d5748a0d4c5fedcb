"""The browser process: shared by a batch with a bound on open pages, restarted after a crash,
never left behind (normal end, Ctrl-C, a kill of the archiver). Processes are found by
scanning /proc, for the mark every process of a browser carries and for Chromium's group."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from archiver.browser import Browser, BrowserSettings
from archiver.browser.service import MARK, processes_marked
from archiver.fetch import fetch
from tests.conftest import require_tool
from tests.server import Loopback, respond

ROOT = Path(__file__).resolve().parent.parent

SLOW_PAGE = """<!DOCTYPE html><html><head><title>Gazette</title></head><body><div id="root"></div>
<script>
fetch("/slow.json").then((r) => r.json()).then((story) => {
  const article = document.createElement("article");
  article.innerHTML = "<h1></h1>";
  article.querySelector("h1").textContent = story.headline;
  for (const text of story.paragraphs) {
    const p = document.createElement("p"); p.textContent = text; article.appendChild(p);
  }
  document.getElementById("root").appendChild(article);
});
</script></body></html>"""

STORY = (
    '{"headline": "Ferry timetable changes for the winter", "paragraphs": ["The winter '
    "timetable of the island ferry starts on Monday, with the first sailing an hour later and "
    'the last one moved forward to six in the evening for the darker months ahead."]}'
)


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_tool("chromium")


def slow_json(delay: float) -> Callable[[BaseHTTPRequestHandler], None]:
    def handler(h: BaseHTTPRequestHandler) -> None:
        time.sleep(delay)
        respond(h, 200, STORY.encode(), content_type="application/json")

    return handler


def browser_processes(owner: int) -> list[int]:
    """Processes of the browsers a process `owner` started: marked ones and their groups."""
    prefix = f"{MARK}={owner}-".encode()
    groups: set[int] = set()
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            if any(v.startswith(prefix) for v in environ):
                found.add(int(entry.name))
                groups.add(os.getpgid(int(entry.name)))
        except OSError:
            continue
    groups.discard(os.getpgrp())
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) in groups:
                    found.add(int(entry.name))
            except OSError:
                continue
    return sorted(found)


def alive(pids: list[int]) -> list[int]:
    """Those of `pids` still running (a zombie waiting for its parent counts as gone)."""
    out = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            out.append(pid)
    return out


def wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def comm(pid: int) -> str:
    return Path(f"/proc/{pid}/comm").read_text().strip()


def parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def is_chromium_main(pid: int, marked: list[int]) -> bool:
    try:
        return comm(pid) == "chromium" and parent(pid) not in marked
    except OSError:  # the process ended meanwhile
        return False


def driver_of(pid: int) -> list[int]:
    """Playwright's driver processes started by `pid`."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == pid and b"run-driver" in cmdline:
            out.append(int(entry.name))
    return out


@pytest.fixture
def browser(chromium: str) -> Iterator[Browser]:
    with Browser(BrowserSettings(executable=chromium, pages=2, deadline=10)) as b:
        yield b


def test_one_browser_renders_a_batch_with_two_pages_open_at_most(
    browser: Browser, server: Loopback
) -> None:
    """RELIABILITY 57: one browser process serves every page of a batch, called from many
    threads; no more than `pages` (2) pages are open at once."""
    server.static("/page.html", SLOW_PAGE)
    server.routes["/slow.json"] = slow_json(1.5)
    fetched = fetch(server.url("/page.html"))
    results: list[str] = []

    def work() -> None:
        results.append(browser.render(fetched).fetched.text())

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 6 and all("winter timetable" in html for html in results)
    assert browser.launches == 1
    # Each page holds /slow.json open for 1.5 s: the server saw two at once, never three.
    assert server.max_in_flight == 2
    assert len(server.hits("/page.html")) == 1  # served to the browser, not fetched again


def test_a_crashed_browser_is_started_again(browser: Browser, server: Loopback) -> None:
    """RELIABILITY 57: a browser that dies (killed here) is replaced for the next page."""
    server.static("/page.html", SLOW_PAGE)
    server.routes["/slow.json"] = slow_json(0)
    fetched = fetch(server.url("/page.html"))
    assert "winter timetable" in browser.render(fetched).fetched.text()
    marked = processes_marked(browser.token)
    # Chromium's browser process: the one whose parent is not one of its own (a short-lived
    # helper may be gone by the time its /proc entry is read).
    main = [pid for pid in marked if is_chromium_main(pid, marked)]
    assert len(main) == 1
    os.kill(main[0], signal.SIGKILL)
    assert wait_for(lambda: not alive(main), 10)
    assert "winter timetable" in browser.render(fetched).fetched.text()
    assert browser.launches == 2


def test_a_page_whose_browser_crashes_under_it_is_rendered_again(
    browser: Browser, server: Loopback
) -> None:
    """RELIABILITY 57: the browser dies while a page is rendering: a new browser renders the
    page again, and the caller gets the page."""
    server.static("/page.html", SLOW_PAGE)
    server.routes["/slow.json"] = slow_json(2.0)
    fetched = fetch(server.url("/page.html"))
    results: list[str] = []
    worker = threading.Thread(target=lambda: results.append(browser.render(fetched).fetched.text()))
    worker.start()
    assert wait_for(lambda: len(server.hits("/slow.json")) == 1, 60)
    marked = processes_marked(browser.token)
    main = [p for p in marked if parent(p) not in marked and comm(p) == "chromium"]
    os.kill(main[0], signal.SIGKILL)
    worker.join(timeout=90)
    assert results and "winter timetable" in results[0]
    assert browser.launches == 2
    assert len(server.hits("/slow.json")) == 2  # the page was loaded again in the new browser


def test_closing_leaves_no_browser_process(chromium: str, server: Loopback) -> None:
    """RELIABILITY 58: after `close` no process of the browser is left: neither Chromium's
    nor the Playwright driver the browser was driven through."""
    server.static("/page.html", SLOW_PAGE)
    server.routes["/slow.json"] = slow_json(0)
    before = set(driver_of(os.getpid()))
    with Browser(BrowserSettings(executable=chromium)) as b:
        b.render(fetch(server.url("/page.html")))
        running = processes_marked(b.token)
        assert running
        drivers = sorted(set(driver_of(os.getpid())) - before)
        assert len(drivers) == 1
    assert wait_for(lambda: not alive(running), 10), alive(running)
    assert processes_marked(b.token) == []
    assert wait_for(lambda: not alive(drivers), 10), f"driver left running: {drivers}"


LOOP_PAGE = """<!DOCTYPE html><html><body><article><h1>Orchard</h1><p>The orchard kept its
rarest apple tree wrapped in fleece through the hardest frost of the autumn.</p></article>
<script>setTimeout(() => { for (;;) {} }, 50);</script></body></html>"""


def _foreground_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


@pytest.mark.parametrize(
    ("command", "how"),
    [
        ("archive", "ctrl-c"),
        ("archive", "sigterm"),
        ("archive", "sigkill"),
        ("import", "ctrl-c"),
        ("import", "sigkill"),
    ],
)
def test_no_chromium_is_left_when_the_archiver_is_stopped(
    chromium: str, server: Loopback, tmp_path: Path, command: str, how: str
) -> None:
    """RELIABILITY 58: no orphan Chromium (nor Playwright driver) after `archive` or `import`
    is stopped mid-render: Ctrl-C (SIGINT to its process group, as a terminal sends it),
    SIGTERM, or SIGKILL of the archiver alone."""
    server.static("/loop.html", LOOP_PAGE)
    target = server.url("/loop.html")
    if command == "import":
        listed = tmp_path / "list.txt"
        listed.write_text(target + "\n", encoding="utf-8")
        target = str(listed)
    argv = [
        sys.executable, "-m", "archiver", command, target,
        "--archive-dir", str(tmp_path / "archive"), "--browser", "always",
        "--browser-deadline", "60",
    ]  # fmt: skip
    proc = subprocess.Popen(
        argv,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        # Ctrl-C as a terminal sends it to a command in the foreground: a test run started in
        # the background (`pytest &`, `nohup`) ignores SIGINT, and so would its children.
        preexec_fn=_foreground_signals,
        # On a hang, SIGABRT below makes Python print where each of its threads stood.
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
    )
    try:
        assert wait_for(lambda: bool(browser_processes(proc.pid)), 60), "no browser started"
        assert wait_for(lambda: len(server.hits("/loop.html")) == 1, 30)
        time.sleep(1.0)  # the page is open, its script looping
        running = browser_processes(proc.pid)
        drivers = driver_of(proc.pid)
        assert running and drivers
        if how == "ctrl-c":
            os.killpg(proc.pid, signal.SIGINT)
        elif how == "sigterm":
            os.kill(proc.pid, signal.SIGTERM)
        else:
            os.kill(proc.pid, signal.SIGKILL)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGABRT)
            _out, err = proc.communicate(timeout=30)
            raise AssertionError(
                f"{command} did not end within 60 s of {how}:\n" + err.decode(errors="replace")
            ) from None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert wait_for(lambda: not alive(running + drivers), 20), (
        f"left running after {how}: {alive(running + drivers)}"
    )
    assert browser_processes(proc.pid) == []


class _Stopped(Exception):
    """Raised by the test's own SIGINT handler (never a KeyboardInterrupt in pytest)."""


def test_ctrl_c_handed_to_another_thread_stops_a_render_at_once(
    chromium: str, server: Loopback
) -> None:
    """RELIABILITY 58: Ctrl-C is acted on during a render even when the kernel hands the
    signal to another of the process's threads (it picks any that does not block it; Python
    runs the handler only when the main thread next runs Python code): the caller waits for
    the browser's thread in slices, not once until the render's deadline."""
    server.static("/loop.html", LOOP_PAGE)
    sent: list[float] = []

    def stop(_signum: int, _frame: object) -> None:
        raise _Stopped

    def send() -> None:
        wait_for(lambda: len(server.hits("/loop.html")) == 1, 30)
        time.sleep(1.0)  # the page is open, its script looping
        sent.append(time.monotonic())
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)  # to this thread, not main

    previous = signal.signal(signal.SIGINT, stop)
    try:
        with Browser(BrowserSettings(executable=chromium, deadline=30)) as b:
            threading.Thread(target=send, daemon=True).start()
            with pytest.raises(_Stopped):
                b.render(fetch(server.url("/loop.html")))
            stopped = time.monotonic()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert sent and stopped - sent[0] < 5, f"stopped {stopped - sent[0]:.1f} s after Ctrl-C"
    assert wait_for(lambda: processes_marked(b.token) == [], 20)
