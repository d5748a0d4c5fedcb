"""Writing the site's files: whole or not at all, and only when their bytes change."""

from __future__ import annotations

import os
from pathlib import Path

from archiver.errors import StoreError


def replace(target: Path, data: bytes) -> None:
    """Readers (a browser, a static server) see the old file or the new one, never a part.
    No fsync: the site is rebuilt from the archive, not a copy of record. The temp name is
    fixed per target: one build writes a site at a time."""
    tmp = target.with_name(f".{target.name}.site-tmp")
    try:
        try:
            tmp.write_bytes(data)
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write {target}: {err.strerror or err}") from None


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write `data` at `target` unless the file already holds exactly it; True when written.
    Comparing the bytes (not a remembered digest) also repairs a page edited by hand."""
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except OSError:
        pass  # not there yet
    replace(target, data)
    return True


__all__ = ["replace", "write_if_changed"]
