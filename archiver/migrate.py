"""`migrate`: rewrite every article file (earlier versions too) to the current document schema.

Each file is rewritten atomically and only when its schema is older, so a run that stops can
be run again: it carries on where it stopped, and a finished archive is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from archiver.errors import StoreError
from archiver.frontmatter import SCHEMA, dump_document, load_document, read_text, schema_of
from archiver.verify import Problem

if TYPE_CHECKING:
    from archiver.store import Archive


@dataclass(frozen=True)
class Migrated:
    """What `migrate` did (or, with dry_run, would do)."""

    checked: int
    changed: list[Path]
    problems: list[Problem]


def migrate(archive: Archive, *, dry_run: bool = False) -> Migrated:
    """Rewrite each file of an older schema to schema `SCHEMA`; a file that does not load is
    reported and left as it is. The articles load back equal, so the index stays valid."""
    from archiver.store import atomic_write

    checked, changed, problems = 0, list[Path](), list[Problem]()
    with archive.writing():
        for path in archive.documents():
            checked += 1
            try:
                text = read_text(path)
                article = load_document(text, source=str(path))
                if schema_of(text, source=str(path)) == SCHEMA:
                    continue
                document = dump_document(article)
                if load_document(document, source=str(path)) != article:
                    raise StoreError(f"{path}: would not load back the same; left as it is")
            except StoreError as err:
                problems.append(Problem(path, str(err)))
                continue
            if not dry_run:
                atomic_write(path, document.encode("utf-8", errors="replace"))
            changed.append(path)
    return Migrated(checked, changed, problems)


__all__ = ["Migrated", "migrate"]
