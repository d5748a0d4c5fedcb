"""The exception tree: every failure the library reports to a user.

    ArchiverError            a user-readable message in str(err)
    ├── InvalidURL           malformed URL or a scheme other than http(s) (a usage error)
    ├── FetchError           the network or the server failed; says if a retry may help
    ├── ParseError           the page could not be turned into an article
    ├── StoreError           the archive on disk could not be read or written
    └── FormatError          a stored document does not validate (front matter, schema)

The CLI maps these to one `Error: ...` line and an exit code; nothing else is caught there.
"""

from __future__ import annotations


class ArchiverError(Exception):
    """Base of every error the library raises on purpose; str() is the user's message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidURL(ArchiverError):
    """The URL is malformed or not http(s): nothing was fetched."""


class FetchError(ArchiverError):
    """One fetch failed.

    `retryable` says whether the same request may succeed later (timeouts, 408, 429, 5xx,
    refused connections); `retry_after` is the server's Retry-After in seconds, if any;
    `status` the HTTP status when a response arrived.
    """

    def __init__(
        self,
        message: str,
        *,
        url: str = "",
        retryable: bool = False,
        retry_after: float | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.url = url
        self.retryable = retryable
        self.retry_after = retry_after
        self.status = status


class ParseError(ArchiverError):
    """The document holds no article, or is not something the parser accepts."""


class NoArticleError(ParseError):
    """The page parsed, but holds no article (no headline and no body)."""


class StoreError(ArchiverError):
    """The archive could not be read or written (I/O, locks, layout)."""


class FormatError(StoreError):
    """A stored document is not valid: bad YAML, unknown keys, wrong types, newer schema."""


__all__ = [
    "ArchiverError",
    "FetchError",
    "FormatError",
    "InvalidURL",
    "NoArticleError",
    "ParseError",
    "StoreError",
]
