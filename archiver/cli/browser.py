"""The `--browser` options of `archive` and `import`, and their checks before any fetch."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

if TYPE_CHECKING:
    from archiver.browser import BrowserOptions, Mode
    from archiver.cli.fetching import WarcArgs

F = TypeVar("F", bound=Callable[..., Any])

BROWSER_MODES = ("never", "auto", "always")


def browser_options(func: F) -> F:
    """--browser (or $ARCHIVER_BROWSER), --browser-path, --browser-deadline -> `browser`."""

    @click.option(
        "--browser",
        "browser_mode",
        type=click.Choice(BROWSER_MODES),
        envvar="ARCHIVER_BROWSER",
        default="never",
        show_default=True,
        help="Render pages in headless Chromium: never, auto (only pages whose static HTML "
        "holds no story, or a fragment of it, or is an app shell) or always.",
    )
    @click.option(
        "--browser-path",
        type=click.Path(dir_okay=False),
        help="The Chromium to drive (default: chromium on PATH).",
    )
    @click.option(
        "--browser-deadline",
        type=click.FloatRange(min=0.5),
        default=15.0,
        show_default=True,
        help="Seconds a page may take to render; what is rendered by then is read.",
    )
    @functools.wraps(func)
    def wrapper(
        *args: Any, browser_mode: str, browser_path: str | None, browser_deadline: float, **kw: Any
    ) -> Any:
        from archiver.browser import BrowserOptions

        source = click.get_current_context().get_parameter_source("browser_mode")
        kw["browser"] = BrowserOptions(
            mode=cast("Mode", browser_mode),
            path=browser_path,
            deadline=browser_deadline,
            given=source is click.core.ParameterSource.COMMANDLINE,
        )
        return func(*args, **kw)

    return wrapper  # type: ignore[return-value]


BROWSER_REFUSED = "--browser applies to pages fetched from URLs, not to WARC input or --cluster"


def check_browser(browser: BrowserOptions, sources: tuple[str, ...], warc: WarcArgs) -> str | None:
    """Why `import` refuses --browser (WARC input or --cluster), else None; `always` with no
    browser fails here, before any fetch. $ARCHIVER_BROWSER is left aside for WARC input."""
    if browser.mode == "never":
        return None
    from archiver.browser import Renderer
    from archiver.warc.input import archive_inputs

    if warc.cluster is not None or archive_inputs(sources) is not None:
        if browser.given:
            return BROWSER_REFUSED
        return None
    Renderer(browser).check()
    return None
