"""The browser in a batch: which parse function a page gets, renders off the coordinator.

Under `auto` the parser processes run `extract_static`, which raises `NeedsBrowser` for a page
the rules send to the browser; the batch then hands the page (its static response, already
fetched under the host's politeness and robots.txt) to `BatchBrowser.render`, whose result
comes back as an event, and parses the rendered page like any other. The page's own requests
in the browser do not count against the host's politeness: only its navigation does, and
that is the batch's fetch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from archiver.browser.decide import needs_browser
from archiver.browser.flow import Renderer, judge
from archiver.browser.render import Rendered
from archiver.errors import NoArticleError, ParseError
from archiver.fetch import Fetched
from archiver.models import Article


class NeedsBrowser(ParseError):
    """The static page is to be rendered; str() says why."""


def extract_static(fetched: Fetched) -> Article:
    """The pipeline's extract for `auto`: NeedsBrowser when the page must be rendered.
    Module-level, so that a parser process can run it."""
    from archiver.pipeline import extract

    article: Article | None = None
    with contextlib.suppress(NoArticleError):
        article = extract(fetched)
    reason = needs_browser(fetched, article)
    if reason is not None:
        raise NeedsBrowser(reason)
    assert article is not None  # needs_browser gives a reason when there is no article
    return article


class BatchBrowser:
    """One shared browser for a batch, with renders run off the coordinating thread."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self._threads = ThreadPoolExecutor(
            max_workers=renderer.options.pages, thread_name_prefix="archiver-render"
        )
        self._renders: dict[str, Rendered] = {}

    @property
    def always(self) -> bool:
        return self.renderer.mode == "always"

    def extractor(
        self, fetched: Fetched, extract: Callable[[Fetched], Article]
    ) -> Callable[[Fetched], Article]:
        """The parse function for this page: a static page under `auto` gets the one that
        says when it needs rendering."""
        if self.renderer.mode == "auto" and fetched.source != "browser":
            return extract_static
        return extract

    def render(self, key: str, fetched: Fetched, done: Callable[[Future[Fetched]], None]) -> None:
        """Render `fetched` in the background; `done` gets a future of the rendered page."""

        def work() -> Fetched:
            rendered = self.renderer.render(fetched)
            self._renders[key] = rendered
            return rendered.fetched

        self._threads.submit(work).add_done_callback(done)

    def judge(self, key: str, found: Article | NoArticleError) -> Article:
        """A rendered page's article, or why there is none ("consent wall")."""
        rendered = self._renders.pop(key, None)
        if rendered is None:
            if isinstance(found, NoArticleError):
                raise found
            return found
        return judge(rendered, found)

    def failure(self, key: str, err: NoArticleError) -> NoArticleError:
        """Why a page has no article: a rendered consent notice says "consent wall"."""
        try:
            self.judge(key, err)
        except NoArticleError as why:
            return why
        return err

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
        self.renderer.close()
