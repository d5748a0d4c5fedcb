"""The browser step of the pipeline: which pages are rendered, and what a render yields.

    never   the static response is parsed, as without a browser
    auto    the static response is parsed; rendered only when `needs_browser` says so
    always  every page is rendered

Either way the response the archiver fetched is the raw record: the browser is served that
response for its navigation, so a page is fetched once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from archiver.browser.decide import Mode, find_browser, needs_browser
from archiver.browser.render import Rendered
from archiver.browser.service import Browser, BrowserSettings
from archiver.errors import FetchError, NoArticleError
from archiver.fetch import Fetched, Limits
from archiver.models import Article

NONE_FOUND = (
    "no browser found: install Chromium (apt-get install chromium) or name one with --browser-path"
)
NONE_FOUND_AUTO = "needs a browser (none found: install chromium)"


class BrowserUnavailable(FetchError):
    """The page must be rendered and no browser can be had."""


class ConsentWall(NoArticleError):
    """The rendered page is a consent notice with no story behind it."""


@dataclass(frozen=True)
class BrowserOptions:
    """`--browser`, `--browser-path`, `--browser-deadline` as the CLI read them."""

    mode: Mode = "never"
    path: str | None = None
    deadline: float = 15.0
    pages: int = 2
    given: bool = False  # the mode came from --browser (not from $ARCHIVER_BROWSER)


class Renderer:
    """The browser step for one command: the mode and, when a page needs it, one browser
    shared by every page (started on first use, closed by `close`)."""

    def __init__(self, options: BrowserOptions, limits: Limits = Limits()) -> None:
        self.options = options
        self.limits = limits
        self.executable = find_browser(options.path) if options.mode != "never" else None
        self._browser: Browser | None = None
        self.rendered = 0  # pages rendered

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def mode(self) -> Mode:
        return self.options.mode

    def check(self) -> None:
        """Under `always`, fail at once (before any fetch) when there is no browser."""
        if self.mode == "always" and self.executable is None:
            raise BrowserUnavailable(self._none_found())

    def needed(self, fetched: Fetched, article: Article | None) -> str | None:
        """Why this page is to be rendered, or None (`article`: the static one, if any)."""
        if self.mode == "never":
            return None
        if self.mode == "always":
            return "--browser always"
        return needs_browser(fetched, article)

    def render(self, fetched: Fetched) -> Rendered:
        """The page rendered by the shared browser; BrowserUnavailable without one."""
        if self.executable is None:
            raise BrowserUnavailable(
                f"{self._none_found()}: {fetched.final_url}", url=fetched.requested_url
            )
        if self._browser is None:
            self._browser = Browser(
                BrowserSettings(
                    executable=self.executable,
                    pages=self.options.pages,
                    deadline=self.options.deadline,
                    limits=self.limits,
                )
            )
        rendered = self._browser.render(fetched)
        self.rendered += 1
        return rendered

    def process(
        self, fetched: Fetched, extract: Callable[[Fetched], Article]
    ) -> tuple[Fetched, Article]:
        """The page's article, rendered when the mode says so: (what was parsed, article)."""
        article: Article | None = None
        failure: NoArticleError | None = None
        if self.mode != "always":
            try:
                article = extract(fetched)
            except NoArticleError as err:
                failure = err
            if self.needed(fetched, article) is None:
                if article is None:
                    raise failure or NoArticleError(f"no article found at {fetched.final_url}")
                return fetched, article
        rendered = self.render(fetched)
        try:
            found: Article | NoArticleError = extract(rendered.fetched)
        except NoArticleError as err:
            found = err
        return rendered.fetched, judge(rendered, found)

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()

    def _none_found(self) -> str:
        if self.options.path is None:
            return NONE_FOUND_AUTO if self.mode == "auto" else NONE_FOUND
        where = f"no browser at {self.options.path}"
        if self.mode == "auto":
            return NONE_FOUND_AUTO.replace("none found", where)
        return NONE_FOUND.replace("no browser found", where)


def judge(rendered: Rendered, found: Article | NoArticleError) -> Article:
    """The article of a rendered page, or why there is none (a consent wall says so)."""
    url = rendered.fetched.final_url
    if rendered.consent_wall or (
        isinstance(found, NoArticleError) and rendered.consent_share >= 0.5
    ):
        raise ConsentWall(f"consent wall: the page shows a consent notice and no story: {url}")
    if isinstance(found, NoArticleError):
        raise found
    return found
