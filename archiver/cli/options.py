"""What the commands share: the error wrapper, the common options and `say`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from archiver.errors import ArchiverError, InvalidURL
from archiver.render import RENDERERS

if TYPE_CHECKING:
    from datetime import date, datetime

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = tuple(RENDERERS)


class UsageProblem(click.ClickException):
    """A usage error shown as one line (click's UsageError adds a usage banner)."""

    exit_code = 2


def reports_errors(func: F) -> F:
    """Turn library errors into one `Error: ...` line and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InvalidURL as err:
            raise UsageProblem(str(err)) from None
        except ArchiverError as err:
            raise click.ClickException(str(err)) from None

    return wrapper  # type: ignore[return-value]


def archive_dir_option(func: F) -> F:
    """--archive-dir, else $ARCHIVER_DIR, else ./archive."""
    return click.option(
        "--archive-dir",
        "archive_dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="ARCHIVER_DIR",
        default=Path("archive"),
        show_default="$ARCHIVER_DIR or ./archive",
        help="The archive directory.",
    )(func)


def lock_timeout_option(func: F) -> F:
    return click.option(
        "--lock-timeout",
        type=click.FloatRange(min=0),
        default=60.0,
        show_default=True,
        metavar="S",
        help="Seconds to wait while another process writes to the archive.",
    )(func)


def format_option(default: str) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        return click.option(
            "--format",
            "-f",
            "fmt",
            type=click.Choice(FORMATS),
            default=default,
            show_default=True,
            help="Output format.",
        )(func)

    return decorate


def fetch_options(func: F) -> F:
    """--timeout, --deadline, --max-size, --allow-private -> a `limits` argument."""

    @click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=30.0,
        show_default=True,
        help="Seconds to wait for the server (connect, at most 10, and each read).",
    )
    @click.option(
        "--deadline",
        type=click.FloatRange(min=0.1),
        default=60.0,
        show_default=True,
        help="Seconds one URL may take in all, redirects included.",
    )
    @click.option(
        "--max-size",
        type=click.FloatRange(min=0.001),
        default=20.0,
        show_default=True,
        help="Largest page accepted, in MB after decompression.",
    )
    @click.option(
        "--allow-private",
        "--allow-private-redirects",
        "allow_private",
        is_flag=True,
        help="Fetch a private or loopback address that a public host pointed at (a redirect, "
        "a feed or sitemap entry); --allow-private-redirects is an alias.",
    )
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        timeout: float,
        deadline: float,
        max_size: float,
        allow_private: bool,
        **kwargs: Any,
    ) -> Any:
        from archiver.fetch import Limits

        kwargs["limits"] = Limits(
            connect_timeout=min(10.0, timeout),
            read_timeout=timeout,
            deadline=deadline,
            max_bytes=int(max_size * 1024 * 1024),
            allow_private=allow_private,
        )
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def quiet_option(func: F) -> F:
    return click.option("--quiet", "-q", is_flag=True, help="No messages on stderr.")(func)


def say(message: str, quiet: bool = False) -> None:
    """A message for the person at the terminal (stderr), unless --quiet."""
    if not quiet:
        click.echo(message, err=True)


def assets_option(func: F) -> F:
    """--no-assets -> a `pictures` argument: the picture limits, or None to skip them."""

    @click.option(
        "--no-assets",
        is_flag=True,
        help="Do not keep the pictures the article shows (kept by default, with the article).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, no_assets: bool, **kwargs: Any) -> Any:
        from archiver.assets import PictureLimits

        kwargs["pictures"] = None if no_assets else PictureLimits()
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def day_of(value: datetime | None) -> date | None:
    return value.date() if value is not None else None
