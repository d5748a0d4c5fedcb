"""The site's full-text search: Pagefind (the `pagefind[extended]` package ships the binary)
indexes the article pages into `<site>/pagefind/`, which the search page's script reads."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from archiver.errors import StoreError

BUNDLE = "pagefind"
ARTICLE_GLOB = "articles/**/*.html"
TIMEOUT = 1800.0  # seconds; 10,000 pages index in well under a minute


def _executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:  # pragma: no cover - the extra is a dependency
        raise StoreError("the search index needs pagefind[extended] installed") from None
    return Path(get_executable())


def index(site: Path) -> None:
    """(Re)build the search bundle of the article pages under `site`.

    Pagefind writes a fresh bundle beside the old one, which is swapped in only when the new
    one is complete, so the site keeps a working search while it is rebuilt.
    """
    fresh = site / ".pagefind-new"
    stale = site / ".pagefind-old"
    for leftover in (fresh, stale):
        shutil.rmtree(leftover, ignore_errors=True)
    command = [
        str(_executable()),
        "--site",
        str(site),
        "--glob",
        ARTICLE_GLOB,
        "--output-path",
        str(fresh),
        "--silent",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        shutil.rmtree(fresh, ignore_errors=True)
        raise StoreError(f"the search index was not built: {err}") from None
    if done.returncode != 0 or not (fresh / "pagefind.js").is_file():
        shutil.rmtree(fresh, ignore_errors=True)
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise StoreError(
            "the search index was not built: " + (detail[-1] if detail else "pagefind failed")
        )
    bundle = site / BUNDLE
    if bundle.exists():
        bundle.rename(stale)
    fresh.rename(bundle)
    shutil.rmtree(stale, ignore_errors=True)


def remove(site: Path) -> None:
    shutil.rmtree(site / BUNDLE, ignore_errors=True)


__all__ = ["ARTICLE_GLOB", "BUNDLE", "index", "remove"]
