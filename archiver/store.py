"""The archive on disk: layout, Markdown + YAML front matter, atomic writes, raw captures.

<archive>/<host>/<YYYY>/<MM>/<slug>.md        the article (source of truth)
<archive>/<host>/<YYYY>/<MM>/<slug>.warc.gz   its raw capture (request + response)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from archiver.fetch import Fetched
from archiver.models import Article

SCHEMA = 1

SaveStatus = Literal["new", "updated", "unchanged"]


@dataclass(frozen=True)
class Saved:
    path: Path
    id: str
    status: SaveStatus


def dump_document(article: Article) -> str:
    """Front matter (yaml.safe_dump) + Markdown body; loads back into an equal Article."""
    raise NotImplementedError


def load_document(text: str, *, source: str = "<string>") -> Article:
    """Parse a stored document; FormatError (naming `source`) when it does not validate."""
    raise NotImplementedError


def read_article(path: Path) -> Article:
    """Load a stored article file; StoreError if unreadable, FormatError if invalid."""
    raise NotImplementedError


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file in the same directory, fsync, rename, fsync the directory."""
    raise NotImplementedError


class Archive:
    """An archive directory."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def find(self, url: str) -> Path | None:
        """The stored file whose requested or canonical URL is `url`."""
        raise NotImplementedError

    def save(self, article: Article, raw: Fetched | None = None) -> Saved:
        """Store (or update) an article and its raw capture; 'unchanged' writes nothing."""
        raise NotImplementedError

    def load(self, path: Path) -> Article:
        raise NotImplementedError
