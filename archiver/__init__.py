"""archiver: keep a durable, readable archive of news articles.

The pipeline is fetch -> parse -> store -> render; `parse()` is the public entry point of the
extractor and never raises for content reasons.
"""

from archiver.errors import (
    ArchiverError,
    FetchError,
    FormatError,
    InvalidURL,
    NoArticleError,
    ParseError,
    StoreError,
)
from archiver.models import Article, Author, Capture
from archiver.parse import parse

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
