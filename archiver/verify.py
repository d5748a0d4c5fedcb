"""`verify`: every article file (current and earlier versions) validates, every capture record
and kept asset matches its digest, and nothing lies in the archive that no article refers to.

Read-only, except that a write a crash interrupted is finished first (`Archive._settle`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from archiver.errors import StoreError
from archiver.frontmatter import SCHEMA, read_article, read_text, schema_of

if TYPE_CHECKING:
    from archiver.models import Article
    from archiver.store import Archive

Kind = Literal["invalid", "capture", "missing", "orphan", "asset"]

CAPTURE_SUFFIX = ".warc.gz"
VERSIONS_SUFFIX = ".versions"
ASSETS_DIR = "assets"  # pictures kept once for the whole archive, by content (assets.py)


@dataclass(frozen=True)
class Problem:
    """A file that failed verification, and why (`message` names the file)."""

    path: Path
    message: str
    kind: Kind = "invalid"


@dataclass(frozen=True)
class Verified:
    """What `verify` found: how many article files it checked, the problems, and the files
    still on an earlier document schema (readable; `archiver migrate` rewrites them)."""

    checked: int
    problems: list[Problem]
    old_schema: list[Path] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "checked": self.checked,
            "ok": not self.problems,
            "problems": [{**asdict(p), "path": str(p.path)} for p in self.problems],
            "old_schema": [str(p) for p in self.old_schema],
        }


def _stem(path: Path, suffix: str) -> str:
    return path.name.removesuffix(suffix)


def _check_assets(root: Path, path: Path, article: Article, referred: set[Path]) -> list[Problem]:
    problems = []
    shared = (root / ASSETS_DIR).resolve()
    for asset in article.assets:
        if asset.path is None:
            continue
        target = (path.parent / asset.path).resolve()
        referred.add(target)
        if not target.is_relative_to(shared):
            message = f"{path}: its asset {asset.path} is not under the archive's {ASSETS_DIR}/"
            problems.append(Problem(path, message, "missing"))
            continue
        try:
            digest = hashlib.sha256(target.read_bytes()).hexdigest()
        except OSError:
            problems.append(Problem(path, f"{path}: its asset {asset.path} is missing", "missing"))
            continue
        if digest != asset.sha256:
            message = f"{target}: sha256 {digest} differs from the front matter's {asset.sha256}"
            problems.append(Problem(target, message, "asset"))
    return problems


def _check_document(
    archive: Archive, path: Path, referred: set[Path], old_schema: list[Path]
) -> list[Problem]:
    from archiver import capture as warc  # warcio only where captures are read

    try:
        text = read_text(path)
        if schema_of(text, source=str(path)) < SCHEMA:
            old_schema.append(path)
        article = read_article(path)
    except StoreError as err:
        return [Problem(path, str(err), "invalid")]
    problems = _check_assets(archive.root, path, article, referred)
    raw = path.with_name(_stem(path, ".md") + CAPTURE_SUFFIX)
    if article.capture is not None:
        referred.add(raw)
        if raw.exists():
            problems += [Problem(raw, m, "capture") for m in warc.check(raw, article.capture)]
        else:
            problems.append(Problem(path, f"{path}: its capture {raw.name} is missing", "missing"))
    return problems


def _orphans(root: Path, referred: set[Path]) -> Iterator[Problem]:
    """Captures, `.versions` folders, and pictures under assets/ no article refers to."""
    shared = root / ASSETS_DIR
    for directory, dirs, files in os.walk(root):
        here = Path(directory)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in dirs:
            stem = _stem(here / name, VERSIONS_SUFFIX)
            if name.endswith(VERSIONS_SUFFIX) and not (here / (stem + ".md")).exists():
                message = f"{here / name}: earlier versions of an article that is not there"
                yield Problem(here / name, message, "orphan")
        for name in sorted(files):
            path = here / name
            if name.endswith(CAPTURE_SUFFIX) and path not in referred:
                yield Problem(path, f"{path}: a capture no article refers to", "orphan")
            elif shared in (here, *here.parents) and path.resolve() not in referred:
                message = f"{path}: a picture no article refers to (`archiver gc` removes it)"
                yield Problem(path, message, "orphan")


def verify_archive(archive: Archive) -> Verified:
    """Check every article file, its capture and assets, then look for orphans."""
    checked, problems, old_schema = 0, [], list[Path]()
    referred: set[Path] = set()
    for path in archive.documents():
        archive._settle(path)  # a crashed write is finished before its files are judged
        checked += 1
        problems += _check_document(archive, path, referred, old_schema)
    orphans = list(_orphans(archive.root, referred))
    # a folder already named as an orphan says enough about the files in it
    folders = {p.path for p in orphans if p.path.is_dir()}
    problems += [p for p in orphans if p.path.is_dir() or p.path.parent not in folders]
    return Verified(checked, problems, old_schema)


__all__ = ["Problem", "Verified", "verify_archive"]
