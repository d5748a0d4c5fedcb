"""Pictures on the site's pages: those the archive holds (under `<archive>/assets/`) are
shown from the site's own copy; any other is a link, so reading makes no outside request."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from archiver.site.pages import relative, remote_picture

ASSETS = "assets"


@dataclass
class PagePictures:
    """The pictures of one article page: `show` is the body renderer's picture hook; `copied`
    names the files the site must hold for it (the builder copies them)."""

    archive: Path
    assets: Path
    source: Path
    page: str
    copied: dict[str, str] = field(default_factory=dict)  # site path -> archive path

    def local(self, src: str) -> Path | None:
        """The archive's file a relative `src` names, when it is one of the archive's assets."""
        if not src or "://" in src or src.startswith(("/", "data:", "#", "?")):
            return None
        try:
            path = (self.source.parent / unquote(src.split("#")[0])).resolve()
            path.relative_to(self.assets)
        except (ValueError, OSError):
            return None
        return path if path.is_file() else None

    def show(self, src: str, alt: str, title: str) -> str:
        path = self.local(src)
        if path is None:
            return remote_picture(src, alt, title)
        rel = f"{ASSETS}/{path.relative_to(self.assets).as_posix()}"
        self.copied[rel] = path.relative_to(self.archive).as_posix()
        extra = f' title="{html.escape(title)}"' if title else ""
        return (
            f'<img src="{html.escape(relative(rel, self.page))}" alt="{html.escape(alt)}"{extra}>'
        )


class Pictures:
    """Pictures for every page of one build."""

    def __init__(self, archive_root: Path) -> None:
        self.archive = archive_root.resolve()
        self.assets = self.archive / ASSETS

    def for_page(self, source: Path, page: str) -> PagePictures:
        return PagePictures(self.archive, self.assets, source.resolve(), page)


__all__ = ["ASSETS", "PagePictures", "Pictures"]
