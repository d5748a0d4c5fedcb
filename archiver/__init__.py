"""archiver: keep a durable, readable archive of news articles.

The pipeline is fetch -> parse -> store -> render; `parse()` is the public entry point of the
extractor and never raises for content reasons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archiver.errors import (
    ArchiverError,
    FetchError,
    FormatError,
    InvalidURL,
    NoArticleError,
    ParseError,
    StoreError,
)

# Bound after the subpackage is imported, so `archiver.parse` is the function for good (a
# later `import archiver.parse.x` does not rebind a parent attribute already set).
from archiver.parse import parse

if TYPE_CHECKING:
    from archiver.models import Article, Author, Capture

# The model (pydantic) loads on first use, so commands that need neither it nor the parser
# (--help, --version) start fast; archiver.parse itself loads the extractor on first call.
_LAZY = {
    "Article": "archiver.models",
    "Author": "archiver.models",
    "Capture": "archiver.models",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'archiver' has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "ArchiverError",
    "Article",
    "Author",
    "Capture",
    "FetchError",
    "FormatError",
    "InvalidURL",
    "NoArticleError",
    "ParseError",
    "StoreError",
    "__version__",
    "parse",
]
