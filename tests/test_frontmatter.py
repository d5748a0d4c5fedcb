"""The stored document's front matter: keys, round trips, and what a hand edit may break."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from ruamel.yaml import YAML

from archiver.cli import cli
from archiver.frontmatter import dump_document, load_document, split_document
from archiver.models import Article, Asset, Author
from tests.server import FIXTURES
from tests.test_store import articles

SCHEMA1 = FIXTURES / "schema1"
BIKES = "riverside-ledger.example/2023/03/city-council-approves-new-bike-lanes.md"

SHA = "ab" * 32


KEPT = f"../../../assets/ab/{SHA}.jpg"


def test_an_asset_is_either_kept_or_failed() -> None:
    kept = Asset(
        url="https://e.org/a.jpg",
        path=KEPT,
        content_type="image/jpeg",
        bytes=10,
        sha256=SHA,
    )
    failed = Asset(url="https://e.org/b.jpg", error="HTTP 404")
    assert kept.error is None and failed.path is None
    with pytest.raises(ValidationError, match="needs path"):
        Asset(url="https://e.org/a.jpg", path="a.jpg")
    with pytest.raises(ValidationError, match="only url and error"):
        Asset(url="https://e.org/a.jpg", error="x", bytes=3)
    # Pictures live only under <archive>/assets/, named by their digest: not beside the
    # article (the `<slug>.assets/` folder of an earlier draft), not anywhere else.
    for elsewhere in (
        "../x.jpg",
        "a.assets/a.jpg",
        f"assets/ab/{SHA}.jpg",
        f"/assets/ab/{SHA}.jpg",
    ):
        with pytest.raises(ValidationError, match="archive's assets/"):
            Asset(url="u", path=elsewhere, content_type="image/png", bytes=1, sha256=SHA)
    with pytest.raises(ValidationError, match="by its sha256"):
        Asset(
            url="u",
            path=f"../assets/cd/{'cd' * 32}.png",
            content_type="image/png",
            bytes=1,
            sha256=SHA,
        )


def test_assets_round_trip_through_the_front_matter() -> None:
    article = Article(
        headline="Pictures",
        url="https://e.org/story",
        body="Text.\n",
        assets=[
            Asset(
                url="https://e.org/a.jpg",
                path=KEPT,
                content_type="image/jpeg",
                bytes=10,
                sha256=SHA,
            ),
            Asset(url="https://e.org/b.jpg", error="HTTP 404"),
        ],
    )
    text = dump_document(article)
    assert f"assets:\n- url: https://e.org/a.jpg\n  path: {KEPT}\n" in text
    assert load_document(text) == article


# -- YAML 1.1 and 1.2 read the same values --------------------------------------------------
AMBIGUOUS = ["1e3", "0o17", "0b101", "0x1F", "1_000", "+1", ".5", "1.", "-.inf", ".NaN", "~",
             "no", "On", "y", "NULL", "True", "null", "2024-01-01", "2024-01-01T10:00:00Z",
             "1:20", "12", "-0", "0.1e-2"]  # fmt: skip


def _both_loaders(text: str) -> tuple[object, object]:
    front, _ = split_document(text, "doc.md")
    return yaml.safe_load(front), YAML(typ="safe", pure=True).load(front)


@settings(max_examples=60, deadline=None)
@given(articles, st.lists(st.sampled_from(AMBIGUOUS), min_size=1, max_size=4))
def test_yaml_1_1_and_1_2_loaders_read_the_same_values(article: Article, odd: list[str]) -> None:
    """A YAML 1.2 loader (ruamel.yaml: Hugo, Obsidian and pandoc read 1.2) and PyYAML (1.1)
    load every stored file into the same values: strings that 1.2 would take for a number,
    a boolean, null or a date are quoted."""
    article = article.model_copy(
        update={
            "headline": odd[0],
            "tags": odd,
            "site_name": odd[-1],
            "authors": [Author(name=n, url=n) for n in odd],
            "provenance": {n: n for n in odd},
        }
    )
    pyyaml, ruamel = _both_loaders(dump_document(article))
    assert pyyaml == ruamel
    assert isinstance(pyyaml, dict) and pyyaml["title"] == odd[0] and pyyaml["tags"] == odd


def test_the_schema_2_keys_are_flat_where_tools_display_them() -> None:
    article = Article(
        headline="T",
        authors=[Author(name="Ann", url="https://e.org/ann"), Author(name="Bo")],
        published=date(2024, 1, 2),
        url="https://e.org/story",
        body="{{ x }} and {% raw %}\n",
        tags=["a"],
    )
    data, ruamel = _both_loaders(dump_document(article))
    assert data == ruamel
    assert isinstance(data, dict)
    assert data["authors"] == ["Ann", "Bo"]
    assert data["author_urls"] == {"Ann": "https://e.org/ann"}
    assert data["source"] == "https://e.org/story"
    assert not {"url", "permalink", "slug", "aliases"} & set(data)
    assert data["render_with_liquid"] is False
    assert data["archiver"]["schema"] == 2


def test_a_name_twice_among_the_authors_keeps_each_link() -> None:
    authors = [Author(name="Li", url="https://e.org/1"), Author(name="Li"), Author(name="Al")]
    article = Article(headline="T", authors=authors)
    assert load_document(dump_document(article)).authors == authors


# -- a person's or another tool's keys --------------------------------------------------------
def _with_own_keys(text: str) -> str:
    own = "aliases:\n- My story\ncssclasses: [wide]\nrating: 4\nread_on: 2025-01-02\n"
    return text.replace("title:", own + "title:", 1)


def test_keys_a_person_added_are_kept_on_rewrite(tmp_path: Path) -> None:
    """RELIABILITY 40: top-level keys another tool added (Obsidian's aliases, cssclasses, own
    properties) load, and are written back as they were."""
    article = Article(headline="T", url="https://e.org/s", body="B\n")
    loaded = load_document(_with_own_keys(dump_document(article)))
    assert loaded.extra_front_matter == {
        "aliases": ["My story"],
        "cssclasses": ["wide"],
        "rating": 4,
        "read_on": date(2025, 1, 2),
    }
    again = yaml.safe_load(dump_document(loaded).split("---\n")[1])
    assert again["aliases"] == ["My story"] and again["read_on"] == date(2025, 1, 2)
    assert load_document(dump_document(loaded)) == loaded
    assert "aliases" not in loaded.model_dump_json()  # JSON output shows the article only


BAD_EDITS = [
    ("date: '2023-03-07T08:05:00-05:00'", "date: next tuesday", "date: Value error"),
    ("title: City Council", "title:\n- a\n- list\ntitle_was: City Council", "title: Input should"),
    ("authors:\n- Maria", "authors: Maria\nx:\n- Maria", "authors: Input should be a valid list"),
    ("  schema: 2", "  schema: 2\n  colour: red", "archiver.colour: Extra inputs"),
    ("rendered: http", "rendered: telepathy", "rendered: Input should be 'http'"),
    ("  status: 200", "  status: lots", "capture.status: Input should be a valid integer"),
]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of fixtures/schema1, migrated to schema 2 through the CLI."""
    root = tmp_path_factory.mktemp("schema2") / "archive"
    shutil.copytree(SCHEMA1, root)
    result = CliRunner().invoke(cli, ["migrate", "--archive-dir", str(root)])
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize(("old", "new", "message"), BAD_EDITS)
def test_a_hand_edit_that_breaks_a_field_is_named_by_every_command(
    migrated: Path, tmp_path: Path, old: str, new: str, message: str
) -> None:
    """RELIABILITY 40: an invalid hand edit gives `file: ... field: message` in show, render,
    reextract, reindex and migrate, and verify lists it; no traceback, nothing rewritten."""
    root = tmp_path / "archive"
    shutil.copytree(migrated, root)
    path = root / BIKES
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    before = path.read_bytes()
    for args in (["show", str(path)], ["render", str(path)], ["reextract", str(path)],
                 ["reindex"], ["migrate"], ["verify"]):  # fmt: skip
        result = CliRunner().invoke(cli, [*args, "--archive-dir", str(root)])
        assert result.exit_code == 1, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert f"{path}: invalid front matter: {message}" in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert path.read_bytes() == before
