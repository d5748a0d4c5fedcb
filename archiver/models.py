"""The data the pipeline passes along: Article, Author, Capture, Asset (pydantic v2).

An Article is what the parser found and what a stored file loads back into; `text` is derived
from `body`, so a stored article and a freshly parsed one agree on it by construction.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, computed_field, model_validator

from archiver.plaintext import markdown_to_text


def _parse_when(value: Any) -> Any:
    """ISO 8601 string -> datetime (keeping its own offset) or date (no time given)."""
    if isinstance(value, str):
        s = value.strip()
        if not s:
            return None
        if len(s) <= 10:
            return date.fromisoformat(s)
        return datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s)
    return value


When = Annotated[datetime | date | None, BeforeValidator(_parse_when)]


def _utc(value: Any) -> Any:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


class Author(BaseModel):
    """One person (or organisation) named in the byline."""

    model_config = ConfigDict(extra="forbid")

    name: str
    url: str | None = None


class Capture(BaseModel):
    """Where and when a page was fetched, and the digest of what came back.

    `sha256` is of the response body after content-encoding is undone and before charset
    decoding: the WARC payload digest of the raw capture.
    """

    model_config = ConfigDict(extra="forbid")

    requested_url: str
    final_url: str
    status: int
    content_type: str
    retrieved_at: Annotated[datetime, BeforeValidator(_utc)]
    sha256: str
    # how the page was obtained: this fetcher, a browser's render, or an imported WARC record
    rendered: Literal["http", "browser", "warc"] = "http"


# A picture kept once for the whole archive, content-addressed (archiver/assets.py), as the
# article refers to it: up from the article's directory to <archive>/assets/. The archive
# keeps pictures nowhere else.
_SHARED_ASSET = re.compile(r"(?:\.\./)+assets/([0-9a-f]{2})/([0-9a-f]{64})\.[a-z0-9]{2,5}")


class Asset(BaseModel):
    """A file the article refers to (a picture), kept in the archive or not.

    Kept: `path` (POSIX, relative to the directory of the article's file, to the file
    `<archive>/assets/<sha256[:2]>/<sha256>.<ext>`), `content_type`,
    `bytes` (its size) and `sha256` (hex, of the stored bytes) are all set and `error` is not.
    Not kept: `error` says why (a 404, too large, not a picture...) and the rest are unset.
    `url` is always the original URL, as the page gave it (resolved against the page).
    """

    model_config = ConfigDict(extra="forbid")

    url: str
    path: str | None = None
    content_type: str | None = None
    bytes: int | None = Field(default=None, ge=0)
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    error: str | None = None

    @model_validator(mode="after")
    def _kept_or_failed(self) -> Asset:
        kept = (self.path, self.content_type, self.bytes, self.sha256)
        if self.error is None and any(v is None for v in kept):
            raise ValueError("a kept asset needs path, content_type, bytes and sha256")
        if self.error is not None and any(v is not None for v in kept):
            raise ValueError("an asset that failed has only url and error")
        if self.path is not None:
            shared = _SHARED_ASSET.fullmatch(self.path)
            if shared is None:
                raise ValueError(
                    "path must lead from the article's directory to the archive's assets/ "
                    "(../assets/<2 hex>/<sha256>.<ext>)"
                )
            if shared.group(2) != self.sha256 or shared.group(1) != shared.group(2)[:2]:
                raise ValueError("path must name the file by its sha256")
        return self


class Article(BaseModel):
    """One news article: metadata, Markdown body, and provenance of each field."""

    model_config = ConfigDict(extra="forbid")

    headline: str = ""
    authors: list[Author] = Field(default_factory=list)
    published: When = None
    modified: When = None
    body: str = ""
    url: str | None = None
    site_name: str | None = None
    language: str | None = None
    description: str | None = None
    image: str | None = None
    tags: list[str] = Field(default_factory=list)
    capture: Capture | None = None
    # pictures (and other files) the body refers to, kept beside the article or not
    assets: list[Asset] = Field(default_factory=list)
    # field name -> where its value came from ("json-ld", "meta", "byline", "url", "text"...)
    provenance: dict[str, str] = Field(default_factory=dict)
    # True when the page says or shows that only part of the article was served (paywall),
    # or when the parser read only the start of a huge page (archiver/parse/bounds.py).
    truncated: bool = False
    # top-level front matter keys the archiver does not write (a person's or another tool's,
    # such as Obsidian's `aliases`), kept as they are when the file is rewritten
    extra_front_matter: dict[str, Any] = Field(default_factory=dict, exclude=True)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def text(self) -> str:
        """The plain text of `body`: no Markdown syntax, no URLs, no figure captions (unless
        the captions carry most of the text, as in a gallery)."""
        return markdown_to_text(self.body)

    @property
    def source_url(self) -> str | None:
        """The URL that names this article: canonical, else the final fetched URL."""
        if self.url:
            return self.url
        if self.capture is not None:
            return self.capture.final_url
        return None

    @property
    def id(self) -> str:
        """First 12 hex digits of sha256 of the source URL ('' when there is none)."""
        return article_id(self.source_url) if self.source_url else ""


def article_id(url: str) -> str:
    """The id of the article stored for `url`: 12 hex digits of sha256 of the URL."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]


__all__ = ["Article", "Asset", "Author", "Capture", "article_id"]
