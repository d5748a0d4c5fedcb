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


def kept_picture(root: Path, data: bytes, ext: str = "jpg") -> tuple[Path, str]:
    """A picture stored as the archive keeps one (assets/<2 hex>/<sha256>.<ext>), and its
    path as an article under riverside-ledger.example/2023/03/ refers to it."""
    digest = hashlib.sha256(data).hexdigest()
    target = root / "assets" / digest[:2] / f"{digest}.{ext}"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target, f"../../../assets/{digest[:2]}/{digest}.{ext}"


def test_verify_reports_orphans_and_missing_captures_as_json(root: Path) -> None:
    """RELIABILITY 36: captures, .versions folders and pictures that no article refers to,
    and an article whose capture is missing, are each named (kind, path, message) in --json.
    A folder beside an article is no place for its pictures: one named `<slug>.assets` is
    not read as one."""
    stray = root / "127.0.0.1/2026/12/deleted-story.warc.gz"
    shutil.copy(root / f"{TIDE}.warc.gz", stray)
    gone = root / "127.0.0.1/2026/12/deleted-story.versions"
    gone.mkdir()
    (gone / "20240101T000000.000000Z-000000000000.md").write_text("old")
    # an article that keeps one picture: another picture under assets/ is an orphan
    path = root / f"{BIKES}.md"
    _kept, link = kept_picture(root, b"kept")
    lonely, _ = kept_picture(root, b"stray")
    kept = Asset(
        url="https://e.org/kept.jpg",
        path=link,
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
        ("orphan", str(lonely)),
        ("missing", str(root / f"{TIDE}.md")),
    }
    assert report["checked"] == 6 and report["ok"] is False
    plain = CliRunner().invoke(cli, ["verify", "--archive-dir", str(root)])
    assert plain.exit_code == 1
    assert f"{stray}: a capture no article refers to" in plain.stdout
    assert f"{root / TIDE}.md: its capture how-to-read-a-tide-table.warc.gz is missing" in (
        plain.stdout
    )


def test_verify_refuses_a_picture_kept_beside_the_article(root: Path) -> None:
    """The `<slug>.assets/` layout is gone: a front matter naming a picture there does not
    load, and verify says which file and why."""
    path = root / f"{BIKES}.md"
    folder = root / f"{BIKES}.assets"
    folder.mkdir()
    (folder / "a.png").write_bytes(b"png")
    text = dump_document(read_article(path))
    line = "sha256: " + hashlib.sha256(b"png").hexdigest()
    asset = f"assets:\n- url: https://e.org/a.png\n  path: {folder.name}/a.png\n"
    asset += f"  content_type: image/png\n  bytes: 3\n  {line}\n"
    path.write_text(text.replace("archiver:\n", asset + "archiver:\n", 1))
    result, report = verify(root)
    assert result.exit_code == 1
    problems = report["problems"]
    [problem] = [p for p in problems if p["kind"] == "invalid"]  # type: ignore[attr-defined]
    assert problem["path"] == str(path) and "archive's assets/" in problem["message"]
    assert not [p for p in problems if str(folder) in p["path"]]  # type: ignore[attr-defined]


def test_verify_checks_a_kept_asset_s_digest(root: Path) -> None:
    path = root / f"{BIKES}.md"
    target, link = kept_picture(root, b"png", "png")
    target.write_bytes(b"changed")
    asset = Asset(
        url="https://e.org/a.png",
        path=link,
        content_type="image/png",
        bytes=3,
        sha256=hashlib.sha256(b"png").hexdigest(),
    )
    path.write_text(dump_document(read_article(path).model_copy(update={"assets": [asset]})))
    result, report = verify(root)
    assert result.exit_code == 1
    [problem] = report["problems"]  # type: ignore[misc]
    assert problem["kind"] == "asset" and "differs from the front matter's" in problem["message"]
    assert problem["path"] == str(target)


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
