"""The archive's layout on disk: where an article, its capture and its versions go, and the
names they get (safe, bounded, unique within a folder).

<archive>/<host>/<YYYY>/<MM>/<slug>.md                 the article (source of truth)
<archive>/<host>/<YYYY>/<MM>/<slug>.warc.gz            its raw capture (request + response)
<archive>/<host>/<YYYY>/<MM>/<slug>.versions/<when>.*  earlier versions, when content changed
<archive>/assets/<sha256[:2]>/<sha256>.<ext>           pictures, kept once by content
<archive>/.archiver/                                   index (rebuildable), journal, writer lock
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from anyascii import anyascii

from archiver.models import Article

META_DIR = ".archiver"
ASSETS_DIR = "assets"  # pictures, content-addressed, shared by every article
CAPTURE_SUFFIX = ".warc.gz"
VERSIONS_SUFFIX = ".versions"
SLUG_MAX = 80
NAME_MAX_BYTES = 255

_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$)", re.I)


def bounded_name(name: str, max_bytes: int) -> str:
    encoded = name.encode("utf-8")[:max_bytes]
    return encoded.decode("utf-8", errors="ignore")


def slugify(text: str, max_len: int = SLUG_MAX) -> str:
    """ASCII, lowercase, hyphenated, at most `max_len` chars (cut at a hyphen when it can)."""
    ascii_text = anyascii(unicodedata.normalize("NFC", text)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_len:
        cut = slug[: max_len + 1]
        slug = cut[: cut.rfind("-")] if cut.rfind("-") > max_len // 2 else slug[:max_len]
        slug = slug.strip("-")
    if _RESERVED.fullmatch(slug):
        slug += "-"  # Windows device names (CON, NUL...) are not files
    return slug


def host_dir(url: str) -> str:
    """The directory of a URL's host: lowercase, no port, no `www.`, safe as one path part."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    host = host.strip(".").removeprefix("www.")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        host = anyascii(unicodedata.normalize("NFC", host)).lower()
    host = re.sub(r"[^a-z0-9.-]+", "-", host)
    host = re.sub(r"\.{2,}", ".", host).strip(".-")
    host = bounded_name(host, NAME_MAX_BYTES - 20)
    if not host:
        return "unknown-host"
    return host + "-" if _RESERVED.fullmatch(host) else host


def _url_slug(url: str) -> str:
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    last = unquote(path.rstrip("/").rsplit("/", 1)[-1])
    last = re.sub(r"\.(s?html?|php\d?|aspx?|jsp|cgi)$", "", last, flags=re.I)
    return slugify(last)


def _day(article: Article) -> date:
    if article.published is not None:
        return article.published
    if article.capture is not None:
        return article.capture.retrieved_at
    return datetime.now(UTC)


def relative_dir(article: Article) -> Path:
    """`<host>/<YYYY>/<MM>` for an article (published date as the page gives it)."""
    when = _day(article)
    return Path(host_dir(article.source_url or "")) / f"{when.year:04d}" / f"{when.month:02d}"


def base_slug(article: Article) -> str:
    return slugify(article.headline) or _url_slug(article.source_url or "") or "article"


def capture_path(path: Path) -> Path:
    """The raw capture stored beside an article file."""
    return path.with_name(path.name.removesuffix(".md") + CAPTURE_SUFFIX)


def pending_path(path: Path) -> Path:
    """Where a new capture waits until its document is written."""
    return capture_path(path).with_name(capture_path(path).name + ".pending")


def versions_dir(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".md") + VERSIONS_SUFFIX)


__all__ = [
    "ASSETS_DIR",
    "CAPTURE_SUFFIX",
    "META_DIR",
    "NAME_MAX_BYTES",
    "SLUG_MAX",
    "VERSIONS_SUFFIX",
    "base_slug",
    "bounded_name",
    "capture_path",
    "host_dir",
    "pending_path",
    "relative_dir",
    "slugify",
    "versions_dir",
]
