"""Pages that need a browser: headless Chromium, driven by Playwright, as a source of `Fetched`.

decide.py   the `--browser` modes, the `auto` rules, finding the system's Chromium
flow.py     the pipeline step: render when the mode says so; consent walls
service.py  one browser process on a thread of its own, shared, restarted, never leaked
render.py   one page: load, settle, scroll, stop at the deadline, read the DOM
routing.py  every request the page makes, checked and fetched by the archiver
rules.py    data only: app-shell and consent-notice marks, bounds
"""

from __future__ import annotations

from archiver.browser.decide import MODES, Mode, find_browser, needs_browser
from archiver.browser.flow import (
    BrowserOptions,
    BrowserUnavailable,
    ConsentWall,
    Renderer,
    judge,
)
from archiver.browser.render import Rendered
from archiver.browser.service import Browser, BrowserSettings

__all__ = [
    "MODES",
    "Browser",
    "BrowserOptions",
    "BrowserSettings",
    "BrowserUnavailable",
    "ConsentWall",
    "Mode",
    "Rendered",
    "Renderer",
    "find_browser",
    "judge",
    "needs_browser",
]
