"""`archiver migrate`: a schema-1 archive (fixtures/schema1, written by archiver 0.1.0) becomes
schema 2, and every command gives the same results before and after."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from archiver.cli import FORMATS, cli
from archiver.frontmatter import read_article, schema_of
from tests.server import FIXTURES

SCHEMA1 = FIXTURES / "schema1"
VERSION = (
    "riverside-ledger.example/2023/03/city-council-approves-new-bike-lanes.versions/"
    "20261202T005334.970572Z-84ffe2edd942.md"
)


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--archive-dir", str(root)])


def documents(root: Path) -> list[Path]:
    return sorted(root.rglob("*.md"))


def answers(root: Path) -> dict[str, str]:
    """What list, search, verify and render (every format but the stored file) print."""
    results = {
        "list": run(root, "list", "--json"),
        "search": run(root, "search", "bike lanes", "--json"),
        "search2": run(root, "search", "tide"),
        "verify": run(root, "verify", "--json", "--quiet"),
    }
    for fmt in FORMATS:
        if fmt != "markdown":  # the stored document itself: schema 2 is the change
            results[fmt] = run(root, "render", "--all", "--format", fmt)
    for name, result in results.items():
        assert result.exit_code == 0, (name, result.output)
    said = {name: result.stdout for name, result in results.items()}
    # which files are still schema 1 is what migrate changes; the checks must not change
    said["verify"] = json.dumps({**json.loads(said["verify"]), "old_schema": None})
    return said


@pytest.fixture(scope="module")
def before(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A copy of the schema-1 archive and what the commands said about it."""
    root = tmp_path_factory.mktemp("migrate") / "archive"
    shutil.copytree(SCHEMA1, root)
    return root, answers(root)


def test_the_schema_1_fixture_is_schema_1(before: tuple[Path, dict[str, str]]) -> None:
    root, said = before
    files = documents(root)
    assert len(files) == 6 and (root / VERSION) in files
    assert {schema_of(p.read_text()) for p in files} == {1}
    assert len(yaml.safe_load(said["list"])) == 5
    # verify names the schema-1 files, on stderr, without failing on them
    result = CliRunner().invoke(cli, ["verify", "--archive-dir", str(root)])
    assert result.exit_code == 0
    assert result.stderr.count("document schema 1 (run `archiver migrate`)") == 6


def test_migrate_dry_run_writes_nothing(
    before: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    shutil.copytree(before[0], root)
    files = {p: p.read_bytes() for p in documents(root)}
    result = run(root, "migrate", "--dry-run")
    assert result.exit_code == 0, result.output
    assert sorted(result.stdout.split()) == sorted(str(p) for p in files)
    assert "would change 6 of 6 files" in result.stderr
    assert {p: p.read_bytes() for p in documents(root)} == files


def test_migrate_keeps_every_answer_and_a_second_run_changes_nothing(
    before: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """list, search, verify and render say the same before and after; versions migrate too;
    the articles load back equal; a second run (or a resumed one) changes only what is left."""
    original, said = before
    root = tmp_path / "archive"
    shutil.copytree(original, root)
    articles = {p.relative_to(root): read_article(p) for p in documents(root)}
    first = run(root, "migrate")
    assert first.exit_code == 0, first.output
    assert "changed 6 of 6 files" in first.stderr
    assert {schema_of(p.read_text()) for p in documents(root)} == {2}
    assert {p.relative_to(root): read_article(p) for p in documents(root)} == articles
    assert answers(root) == said
    text = (root / VERSION).read_text()
    assert "\nsource: https://www.riverside-ledger.example/" in text and "\nurl:" not in text
    snapshot = {p: p.read_bytes() for p in documents(root)}
    second = run(root, "migrate")
    assert second.exit_code == 0 and second.stdout == ""
    assert "changed 0 of 6 files" in second.stderr
    assert {p: p.read_bytes() for p in documents(root)} == snapshot
    # a run stopped half-way: the files it had not reached are still schema 1
    shutil.copy(original / VERSION, root / VERSION)
    resumed = run(root, "migrate")
    assert resumed.stdout.split() == [str(root / VERSION)]
    assert (root / VERSION).read_bytes() == snapshot[root / VERSION]


def test_render_markdown_gives_the_stored_schema_2_file(
    before: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    shutil.copytree(before[0], root)
    assert run(root, "migrate").exit_code == 0
    path = next(p for p in documents(root) if ".versions" not in str(p))
    assert run(root, "render", str(path)).stdout == path.read_text()


def test_reextract_of_a_schema_1_file_writes_schema_2(
    before: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    shutil.copytree(before[0], root)
    path = root / VERSION.split(".versions/")[0]
    path = path.with_name(path.name + ".md")
    result = run(root, "reextract", str(path))
    assert result.exit_code == 0, result.output
    assert schema_of(path.read_text()) == 2
    assert read_article(path).capture == read_article(before[0] / path.relative_to(root)).capture
