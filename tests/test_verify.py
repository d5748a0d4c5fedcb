"""`archiver verify`: digests of every record, orphans, missing captures, `--json`."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archiver.cli import cli
from archiver.frontmatter import dump_document, read_article
from archiver.models import Asset
from tests.server import FIXTURES

BIKES = "riverside-ledger.example/2023/03/city-council-approves-new-bike-lanes"
TIDE = "127.0.0.1/2026/12/how-to-read-a-tide-table"


def verify(root: Path) -> tuple[Result, dict[str, object]]:
    result = CliRunner().invoke(cli, ["verify", "--json", "--archive-dir", str(root)])
    return result, json.loads(result.stdout)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The schema-1 fixture archive, migrated: verify passes on it."""
    root = tmp_path / "archive"
    shutil.copytree(FIXTURES / "schema1", root)
    assert CliRunner().invoke(cli, ["migrate", "--archive-dir", str(root)]).exit_code == 0
    result, report = verify(root)
    assert result.exit_code == 0 and report["ok"] is True and report["problems"] == []
    return root


def test_verify_reports_orphans_and_missing_captures_as_json(root: Path) -> None:
    """RELIABILITY 36: captures, .versions folders and assets that no article refers to, and
    an article whose capture is missing, are each named (kind, path, message) in --json."""
    stray = root / "127.0.0.1/2026/12/deleted-story.warc.gz"
    shutil.copy(root / f"{TIDE}.warc.gz", stray)
    gone = root / "127.0.0.1/2026/12/deleted-story.versions"
    gone.mkdir()
    (gone / "20240101T000000.000000Z-000000000000.md").write_text("old")
    lost_assets = root / "127.0.0.1/2026/12/deleted-story.assets"
    lost_assets.mkdir()
    (lost_assets / "a.jpg").write_bytes(b"jpeg")
    # an article that keeps one picture: a second file in its folder is an orphan
    path = root / f"{BIKES}.md"
    folder = root / f"{BIKES}.assets"
    folder.mkdir()
    (folder / "kept.jpg").write_bytes(b"kept")
    (folder / "stray.jpg").write_bytes(b"stray")
    kept = Asset(
        url="https://e.org/kept.jpg",
        path=f"{folder.name}/kept.jpg",
        content_type="image/jpeg",
        bytes=4,
        sha256=hashlib.sha256(b"kept").hexdigest(),
    )
    article = read_article(path)
    path.write_text(dump_document(article.model_copy(update={"assets": [kept]})))
    (root / f"{TIDE}.warc.gz").unlink()

    result, report = verify(root)
    assert result.exit_code == 1
    found = {(p["kind"], p["path"]) for p in report["problems"]}  # type: ignore[attr-defined]
    assert found == {
        ("orphan", str(stray)),
        ("orphan", str(gone)),
        ("orphan", str(lost_assets)),
        ("orphan", str(folder / "stray.jpg")),
        ("missing", str(root / f"{TIDE}.md")),
    }
    assert report["checked"] == 6 and report["ok"] is False
    plain = CliRunner().invoke(cli, ["verify", "--archive-dir", str(root)])
    assert plain.exit_code == 1
    assert f"{stray}: a capture no article refers to" in plain.stdout
    assert f"{root / TIDE}.md: its capture how-to-read-a-tide-table.warc.gz is missing" in (
        plain.stdout
    )


def test_verify_checks_a_kept_asset_s_digest(root: Path) -> None:
    path = root / f"{BIKES}.md"
    folder = root / f"{BIKES}.assets"
    folder.mkdir()
    (folder / "a.png").write_bytes(b"changed")
    asset = Asset(
        url="https://e.org/a.png",
        path=f"{folder.name}/a.png",
        content_type="image/png",
        bytes=3,
        sha256=hashlib.sha256(b"png").hexdigest(),
    )
    path.write_text(dump_document(read_article(path).model_copy(update={"assets": [asset]})))
    result, report = verify(root)
    assert result.exit_code == 1
    [problem] = report["problems"]  # type: ignore[misc]
    assert problem["kind"] == "asset" and "differs from the front matter's" in problem["message"]


def test_verify_checks_the_digest_of_every_record_not_only_the_page(root: Path) -> None:
    """A flipped byte in the request record (not the page's response) is found."""
    capture = root / f"{BIKES}.warc.gz"
    raw = bytearray(gzip.decompress(capture.read_bytes()))
    at = raw.index(b"WARC-Type: request")
    at = raw.index(b"User-Agent: ", at) + len(b"User-Agent: ")
    raw[at] ^= 0x01
    records = bytes(raw).split(b"WARC/1.1\r\n")[1:]
    capture.write_bytes(b"".join(gzip.compress(b"WARC/1.1\r\n" + r) for r in records))
    result, report = verify(root)
    assert result.exit_code == 1
    [problem] = report["problems"]  # type: ignore[misc]
    assert problem["kind"] == "capture" and "digest failed" in problem["message"]
