"""One page in the browser: load the fetched response, let it settle, scroll once, read the DOM.

The page settles when no request has been in flight for a moment, or at the deadline; then it
is scrolled to the bottom once (lazy loading) and settles again. At the deadline a script
that still runs is stopped (the DevTools protocol terminates it and disables scripts), and
what is rendered by then is read. Consent notices are taken out of the DOM before it is read.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from archiver.browser import rules
from archiver.browser.routing import Gate, is_private_url
from archiver.errors import FetchError
from archiver.fetch import Fetched, Limits, user_agent

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, CDPSession, Page


@dataclass(frozen=True)
class Rendered:
    """A page as the browser built it: `fetched` is the raw response with `rendered` set."""

    fetched: Fetched
    consent_chars: int  # text of the consent notices taken out
    text_chars: int  # all the rendered text, notices included
    refused: tuple[str, ...] = ()  # requests the archiver's checks did not allow

    @property
    def consent_share(self) -> float:
        return self.consent_chars / self.text_chars if self.text_chars else 0.0

    @property
    def consent_wall(self) -> bool:
        """A consent notice is most of the text, and too little is left for a story."""
        rest = self.text_chars - self.consent_chars
        return self.consent_share >= rules.CONSENT_WALL_SHARE and rest < rules.CONSENT_WALL_REST


# Finds consent notices, measures them against the page's text, takes them out and returns
# [html, consent characters, text characters]. Runs once the page's own scripts are stopped.
_SNAPSHOT = """
([selectors, words]) => {
  const found = new Set();
  for (const s of selectors) {
    try { document.querySelectorAll(s).forEach((e) => found.add(e)); } catch (e) {}
  }
  const speaks = (e) => {
    const t = (e.innerText || '').toLowerCase();
    return t.length < 5000 && words.some((w) => t.includes(w));
  };
  const dialogs = document.querySelectorAll(
    "dialog, [role=dialog], [role=alertdialog], [aria-modal=true]");
  dialogs.forEach((e) => { if (speaks(e)) found.add(e); });
  const body = document.body;
  if (body) {
    const near = body.querySelectorAll(':scope > *, :scope > * > *, :scope > * > * > *');
    near.forEach((e) => {
      const position = getComputedStyle(e).position;
      if ((position === 'fixed' || position === 'sticky') && speaks(e)) found.add(e);
    });
  }
  const outer = [...found].filter((e) => ![...found].some((o) => o !== e && o.contains(e)));
  const total = body ? (body.innerText || '').length : 0;
  let consent = 0;
  for (const e of outer) { consent += (e.innerText || '').length; e.remove(); }
  const doctype = document.doctype ? '<!DOCTYPE html>\\n' : '';
  return [doctype + document.documentElement.outerHTML, consent, total];
}
"""

_SCROLL = "() => window.scrollTo(0, document.documentElement.scrollHeight)"


@dataclass(frozen=True)
class RenderSettings:
    deadline: float = 15.0  # seconds for one page, from the first request to the DOM read
    limits: Limits = Limits()


async def render_page(browser: Browser, fetched: Fetched, settings: RenderSettings) -> Rendered:
    """Render `fetched` (the page's response) in a new browser context; FetchError on failure."""
    deadline = time.monotonic() + settings.deadline
    public = not await asyncio.to_thread(is_private_url, fetched.final_url)
    gate = Gate(navigation=fetched, limits=settings.limits, deadline=deadline, public=public)
    context = await _new_context(browser)
    try:
        await context.route("**/*", gate.handle)
        # A WebSocket routed without connecting to the server never leaves the browser.
        await context.route_web_socket("**/*", lambda ws: None)
        page = await context.new_page()
        devtools = await context.new_cdp_session(page)
        # The deadline is the page's: it runs from the navigation, not from the set-up.
        deadline = gate.deadline = time.monotonic() + settings.deadline
        await _load(page, fetched.final_url, deadline, gate)
        await _settle(gate, deadline)
        if await _within(page.evaluate(_SCROLL), deadline):
            await asyncio.sleep(min(rules.AFTER_SCROLL, max(0.0, deadline - time.monotonic())))
            await _settle(gate, deadline)
        if gate.navigation_refused:
            raise FetchError(gate.navigation_refused, url=fetched.requested_url)
        html, consent, total = await _snapshot(page, devtools)
        if len(html) > settings.limits.max_bytes:  # characters: at least as many bytes
            raise FetchError(
                f"the rendered page is larger than the size cap: {fetched.final_url}",
                url=fetched.requested_url,
            )
    finally:
        gate.close()
        await _close(context)
    return Rendered(
        fetched=dataclasses.replace(fetched, source="browser", rendered=html),
        consent_chars=consent,
        text_chars=total,
        refused=tuple(gate.refused),
    )


async def _new_context(browser: Browser) -> BrowserContext:
    return await browser.new_context(
        user_agent=f"Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/{browser.version} "
        f"{user_agent()}",
        service_workers="block",
        accept_downloads=False,
        viewport={"width": 1280, "height": 2000},
    )


async def _load(page: Page, url: str, deadline: float, gate: Gate) -> None:
    """Navigate; a page still loading at the deadline is read as it is."""
    from playwright.async_api import Error, TimeoutError

    try:
        await page.goto(url, wait_until="load", timeout=_ms(deadline))
    except TimeoutError:
        return
    except Error as err:
        if gate.navigation_refused:
            raise FetchError(gate.navigation_refused, url=url) from None
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise FetchError(f"the browser could not load the page ({message}): {url}") from None


async def _settle(gate: Gate, deadline: float) -> None:
    """Wait until no request has been in flight for `SETTLE_QUIET` seconds, or the deadline."""
    while time.monotonic() < deadline and gate.idle_for() < rules.SETTLE_QUIET:
        await asyncio.sleep(0.05)


async def _within(step: Any, deadline: float) -> bool:
    """Run a page call until the deadline; False when it did not finish (a busy script)."""
    from playwright.async_api import Error

    try:
        await asyncio.wait_for(step, timeout=max(0.05, deadline - time.monotonic()))
    except (TimeoutError, Error):
        return False
    return True


async def _snapshot(page: Page, devtools: CDPSession) -> tuple[str, int, int]:
    """The DOM, consent notices out. A script still running is stopped first: the page's
    scripts are disabled and the one in progress terminated, so the DOM can be read."""
    from playwright.async_api import Error

    await devtools.send("Emulation.setScriptExecutionDisabled", {"value": True})
    await devtools.send("Runtime.terminateExecution")
    args = [list(rules.CONSENT_SELECTORS), list(rules.CONSENT_WORDS)]
    try:
        html, consent, total = await asyncio.wait_for(page.evaluate(_SNAPSHOT, args), timeout=10)
    except (TimeoutError, Error) as err:
        raise FetchError(f"the rendered page could not be read ({err}): {page.url}") from None
    return str(html), int(consent), int(total)


async def _close(context: BrowserContext) -> None:
    from playwright.async_api import Error

    with contextlib.suppress(TimeoutError, Error):  # a crashed browser took its contexts
        await asyncio.wait_for(context.close(), timeout=10)


def _ms(deadline: float) -> float:
    return max(1.0, (deadline - time.monotonic()) * 1000)
