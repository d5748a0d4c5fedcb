"""The archive commands through the real CLI: list, search, show, render, reextract, reindex,
verify."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archiver.cli import cli
from archiver.models import Author
from archiver.store import Archive, atomic_write, capture_path, dump_document, read_article
from tests.server import Loopback
from tests.test_store import make_article, make_fetched, page


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def one_error_line(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and "Traceback" not in result.output
    return lines[0]


STORIES = [
    # url, headline, author, site, published, body
    (
        "https://www.example.com/2024/12/19/casualties",
        "Seoul reports casualties",
        "Jane Roe",
        "Example News",
        date(2024, 12, 19),
        "At least 100 North Korean soldiers were killed, Seoul said on Thursday.\n\n"
        "The figure is the first official estimate of North Korean casualties.",
    ),
    (
        "https://news.other.org/floods",
        "Floods in the valley",
        "John Doe",
        "Other",
        date(2024, 11, 2),
        "Heavy rain flooded the valley; a state of emergency was declared.",
    ),
    (
        "https://example.com/2024/10/budget",
        "Budget passes",
        "Jane Roe",
        "Example News",
        date(2024, 10, 5),
        "The council passed the budget. Korean investors welcomed it.",
    ),
]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """An archive of three articles (with captures), stored by the library."""
    root = tmp_path / "archive"
    store = Archive(root)
    for url, headline, author, site, published, body in STORIES:
        fetched = make_fetched(url, page(headline, body))
        article = make_article(
            fetched,
            headline=headline,
            authors=[Author(name=author)],
            site_name=site,
            published=published,
            body=body,
        )
        store.save(article, fetched)
    return root


def ids(archive: Path) -> dict[str, str]:
    """headline -> id, read from `list --json`."""
    result = run("list", "--json", "--archive-dir", str(archive))
    return {row["headline"]: row["id"] for row in json.loads(result.stdout)}


# -- list -----------------------------------------------------------------------------------
def test_list_newest_first(archive: Path) -> None:
    result = run("list", "--archive-dir", str(archive))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split("  ", 3)[1:] for line in lines] == [
        ["2024-12-19", "Example News", "Seoul reports casualties"],
        ["2024-11-02", "Other", "Floods in the valley"],
        ["2024-10-05", "Example News", "Budget passes"],
    ]
    assert all(len(line.split("  ")[0]) == 12 for line in lines)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--site", "example.com"], ["Seoul reports casualties", "Budget passes"]),
        (["--site", "other.org"], ["Floods in the valley"]),
        (["--site", "Example News"], ["Seoul reports casualties", "Budget passes"]),
        (["--author", "jane"], ["Seoul reports casualties", "Budget passes"]),
        (["--since", "2024-11-01"], ["Seoul reports casualties", "Floods in the valley"]),
        (["--until", "2024-11-02"], ["Floods in the valley", "Budget passes"]),
        (["--since", "2024-11-01", "--until", "2024-11-30"], ["Floods in the valley"]),
        (["--author", "100%_"], []),
    ],
)
def test_list_filters(archive: Path, options: list[str], expected: list[str]) -> None:
    result = run("list", "--json", "--archive-dir", str(archive), *options)
    assert result.exit_code == 0, result.output
    assert [row["headline"] for row in json.loads(result.stdout)] == expected


def test_list_json_fields(archive: Path) -> None:
    rows = json.loads(run("list", "--json", "--archive-dir", str(archive)).stdout)
    assert rows[0]["url"] == STORIES[0][0]
    assert rows[0]["authors"] == ["Jane Roe"]
    assert rows[0]["published"] == "2024-12-19"
    assert (archive / rows[0]["path"]).is_file()


def test_list_without_an_archive_is_one_error(tmp_path: Path) -> None:
    result = run("list", "--archive-dir", str(tmp_path / "absent"))
    assert result.exit_code == 1
    assert "no archive at" in one_error_line(result)


def test_list_rejects_a_malformed_date(archive: Path) -> None:
    result = run("list", "--since", "19/12/2024", "--archive-dir", str(archive))
    assert result.exit_code == 2


# -- search ---------------------------------------------------------------------------------
def test_search_finds_an_article_by_a_phrase_from_its_body(archive: Path) -> None:
    result = run("search", "first official estimate", "--archive-dir", str(archive))
    assert result.exit_code == 0, result.output
    first, snippet = result.stdout.splitlines()[:2]
    assert first.endswith("2024-12-19  Seoul reports casualties")
    assert "*first* *official* *estimate*" in snippet


def test_search_ranks_and_quotes_phrases(archive: Path) -> None:
    result = run("search", "korean", "--json", "--archive-dir", str(archive))
    rows = json.loads(result.stdout)
    # two mentions beat one
    assert [r["headline"] for r in rows] == ["Seoul reports casualties", "Budget passes"]
    assert rows[0]["rank"] <= rows[1]["rank"]
    phrase = run("search", '"korean investors"', "--json", "--archive-dir", str(archive))
    assert [r["headline"] for r in json.loads(phrase.stdout)] == ["Budget passes"]


def test_search_matches_headline_and_author(archive: Path) -> None:
    by_title = run("search", "floods", "--json", "--archive-dir", str(archive))
    assert [r["headline"] for r in json.loads(by_title.stdout)] == ["Floods in the valley"]
    by_author = run("search", "doe", "--json", "--archive-dir", str(archive))
    assert [r["headline"] for r in json.loads(by_author.stdout)] == ["Floods in the valley"]


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR NOT (", "* ^ :", "col:umn", "x -y"])
def test_search_never_chokes_on_query_syntax(archive: Path, query: str) -> None:
    result = run("search", query, "--archive-dir", str(archive))
    assert result.exit_code == 0, result.output


# -- show -----------------------------------------------------------------------------------
def test_show_by_id_url_and_path(archive: Path) -> None:
    article_id = ids(archive)["Floods in the valley"]
    by_id = run("show", article_id, "--archive-dir", str(archive))
    assert by_id.exit_code == 0, by_id.output
    assert f"id: {article_id}\n" in by_id.stdout
    assert "title: Floods in the valley\n" in by_id.stdout
    assert "authors: John Doe\n" in by_id.stdout
    assert "versions: 1\n" in by_id.stdout
    by_url = run("show", "https://news.other.org/floods", "--archive-dir", str(archive))
    assert by_url.stdout == by_id.stdout
    path = next(line[6:] for line in by_id.stdout.splitlines() if line.startswith("path: "))
    assert run("show", path, "--archive-dir", str(archive)).stdout == by_id.stdout


def test_show_versions_after_a_change(archive: Path) -> None:
    url = STORIES[1][0]
    fetched = make_fetched(
        url, page("Floods", "Updated."), retrieved_at=datetime(2025, 1, 2, tzinfo=UTC)
    )
    saved = Archive(archive).save(make_article(fetched, body="Updated."), fetched)
    assert saved.status == "updated"
    result = run("show", url, "--versions", "--archive-dir", str(archive))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    at = lines.index("versions: 2")
    assert lines[at + 1].startswith("  2025-01-02T00:00:00+00:00  ")
    assert lines[at + 1].endswith("(current)")
    assert lines[at + 2].startswith("  2024-12-20T08:30:00+00:00  ")
    assert ".versions/" in lines[at + 2]


def test_show_unknown_ref_is_one_error(archive: Path) -> None:
    result = run("show", "0123456789ab", "--archive-dir", str(archive))
    assert result.exit_code == 1
    assert "no stored article is '0123456789ab'" in one_error_line(result)


# -- render ---------------------------------------------------------------------------------
def test_render_by_id_and_url(archive: Path) -> None:
    article_id = ids(archive)["Budget passes"]
    by_id = run("render", article_id, "--format", "text", "--archive-dir", str(archive))
    assert by_id.exit_code == 0, by_id.output
    assert "The council passed the budget." in by_id.stdout
    by_url = run("render", STORIES[2][0], "--format", "text", "--archive-dir", str(archive))
    assert by_url.stdout == by_id.stdout


def test_render_all_out_mirrors_the_layout(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run(
        "render", "--all", "--format", "html", "--out", str(out), "--archive-dir", str(archive)
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    stored = sorted(
        p.relative_to(archive).as_posix().removesuffix(".md") + ".html"
        for p in Archive(archive).paths()
    )
    assert written == stored and len(written) == 3
    assert (
        sorted(Path(line).relative_to(out).as_posix() for line in result.stdout.split()) == written
    )
    floods = out / "news.other.org/2024/11/floods-in-the-valley.html"
    assert "<h1>Floods in the valley</h1>" in floods.read_text()


def test_render_needs_refs_or_all(archive: Path) -> None:
    result = run("render", "--archive-dir", str(archive))
    assert result.exit_code == 2
    assert "or --all" in one_error_line(result)


def test_render_unknown_path_is_one_error(tmp_path: Path) -> None:
    result = run("render", str(tmp_path / "nothing.md"), "--archive-dir", str(tmp_path / "a"))
    assert result.exit_code == 1
    assert "nothing.md" in one_error_line(result)


# -- reindex --------------------------------------------------------------------------------
def test_reindex_after_deleting_the_index_gives_the_same_list(archive: Path) -> None:
    """RELIABILITY 21: the index is rebuilt from the files alone."""
    before = run("list", "--json", "--archive-dir", str(archive)).stdout
    for name in ("index.sqlite", "index.sqlite-wal", "index.sqlite-shm"):
        (archive / ".archiver" / name).unlink(missing_ok=True)
    result = run("reindex", "--archive-dir", str(archive))
    assert result.exit_code == 0, result.output
    assert result.stderr == "indexed 3 articles\n"
    assert run("list", "--json", "--archive-dir", str(archive)).stdout == before
    found = run("search", "emergency", "--archive-dir", str(archive)).stdout
    assert "Floods in the valley" in found


def test_a_corrupt_index_is_rebuilt_by_the_next_command(archive: Path) -> None:
    """RELIABILITY 34: a garbage index file: the next command rebuilds it from the files,
    saying so in one line on stderr, and answers as before."""
    before = run("list", "--archive-dir", str(archive)).stdout
    index = archive / ".archiver" / "index.sqlite"
    for suffix in ("-wal", "-shm"):
        index.with_name(index.name + suffix).unlink(missing_ok=True)
    index.write_bytes(b"this is not a database" * 100)
    healed = run("list", "--archive-dir", str(archive))
    assert healed.exit_code == 0, healed.output
    assert healed.stdout == before
    assert healed.stderr.startswith("the index was unreadable (file is not a database);")
    assert len(healed.stderr.splitlines()) == 1
    assert run("list", "--archive-dir", str(archive)).stderr == ""


# -- verify ---------------------------------------------------------------------------------
def test_verify_passes_a_sound_archive(archive: Path) -> None:
    result = run("verify", "--archive-dir", str(archive))
    assert result.exit_code == 0, result.output
    assert result.stderr == "3 articles verified\n"


def test_verify_names_a_capture_with_a_flipped_byte(archive: Path) -> None:
    """RELIABILITY 25: flip one byte of a stored payload; verify exits 1 naming the file."""
    path = next(Archive(archive).paths())
    raw = capture_path(path)
    data = bytearray(gzip.decompress(raw.read_bytes()))
    at = data.index(b"<p>") + 3
    data[at] ^= 0x20
    raw.write_bytes(gzip.compress(bytes(data)))
    result = run("verify", "--archive-dir", str(archive))
    assert result.exit_code == 1
    assert str(raw) in result.stdout
    assert "digest" in result.stdout
    assert one_error_line(result) == "Error: 1 broken files (3 articles checked)"


def test_verify_names_a_front_matter_that_does_not_validate(archive: Path) -> None:
    path = sorted(Archive(archive).paths())[0]
    path.write_text(path.read_text().replace("title:", "headline:"))
    result = run("verify", "--archive-dir", str(archive))
    assert result.exit_code == 1
    assert f"{path}: invalid front matter: title: Field required" in result.stdout


def test_verify_checks_earlier_versions_too(archive: Path) -> None:
    url = STORIES[0][0]
    fetched = make_fetched(
        url, page("x", "Changed."), retrieved_at=datetime(2025, 1, 1, tzinfo=UTC)
    )
    path = Archive(archive).save(make_article(fetched, body="Changed."), fetched).path
    old = next((path.parent / (path.stem + ".versions")).glob("*.warc.gz"))
    old.write_bytes(old.read_bytes()[:-20])
    result = run("verify", "--archive-dir", str(archive))
    assert result.exit_code == 1
    assert str(old) in result.stdout


# -- reextract ------------------------------------------------------------------------------
def test_reextract_works_with_the_network_gone(tmp_path: Path) -> None:
    """Archive from a loopback server, shut it down, re-extract from the stored capture."""
    root = tmp_path / "archive"
    with Loopback() as server:
        url = server.url("/pages/article_two_authors.html")
        archived = run("archive", url, "--archive-dir", str(root), "--quiet")
        assert archived.exit_code == 0, archived.output
    path = Path(archived.stdout.strip())
    good = read_article(path)
    # as an older parser might have stored it
    atomic_write(
        path, dump_document(good.model_copy(update={"body": "stale", "headline": "x"})).encode()
    )

    result = run("reextract", "--all", "--archive-dir", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}\n"
    assert result.stderr == "1 of 1 articles changed\n"
    again = read_article(path)
    assert again == good
    assert again.capture is not None and good.capture is not None
    assert again.capture.retrieved_at == good.capture.retrieved_at
    assert run("search", "bike lanes", "--archive-dir", str(root)).stdout.count("\n") >= 2

    unchanged = run("reextract", good.id, "--archive-dir", str(root))
    assert unchanged.exit_code == 0 and unchanged.stdout == ""
    assert unchanged.stderr == "0 of 1 articles changed\n"


def test_reextract_carries_on_past_a_missing_capture(archive: Path) -> None:
    paths = sorted(Archive(archive).paths())
    capture_path(paths[0]).unlink()
    result = run("reextract", "--all", "--archive-dir", str(archive))
    assert result.exit_code == 1
    assert f"Error: {paths[0]}: " in result.stderr
    assert result.stderr.count("Error: ") == 2
    assert result.stderr.strip().endswith("Error: 1 of 3 articles failed")


def test_reextract_needs_refs_or_all(archive: Path) -> None:
    assert run("reextract", "--archive-dir", str(archive)).exit_code == 2


def test_store_commands_have_help() -> None:
    for name in ("list", "search", "show", "render", "reextract", "reindex", "verify"):
        result = run(name, "--help")
        assert result.exit_code == 0 and "Example" in result.stdout, name


def test_reextract_leaves_earlier_versions_alone(archive: Path) -> None:
    url = STORIES[1][0]
    fetched = make_fetched(
        url, page("Floods", "Later."), retrieved_at=datetime(2025, 1, 2, tzinfo=UTC)
    )
    path = Archive(archive).save(make_article(fetched, body="Later."), fetched).path
    old = next((path.parent / (path.stem + ".versions")).glob("*.md"))
    before = old.read_bytes()
    result = run("reextract", str(old), "--archive-dir", str(archive))
    assert result.exit_code == 1
    assert "is an earlier version" in result.stderr
    assert old.read_bytes() == before
