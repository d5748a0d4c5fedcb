"""The archive on disk: document format, layout, atomic writes, save/find/re-archive."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archiver.errors import FormatError, StoreError
from archiver.fetch import Fetched
from archiver.models import Article, Author, Capture, article_id
from archiver.store import (
    Archive,
    atomic_write,
    capture_path,
    dump_document,
    host_dir,
    load_document,
    read_article,
    slugify,
    versions_dir,
)

ROOT = Path(__file__).resolve().parent.parent
RETRIEVED = datetime(2024, 12, 20, 8, 30, tzinfo=UTC)


def page(title: str = "A story", text: str = "Some text of the story.") -> bytes:
    return (
        f"<html><head><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>{text}</p></article></body></html>"
    ).encode()


def make_fetched(
    url: str = "https://www.example.com/2024/12/19/a-story",
    body: bytes | None = None,
    *,
    final_url: str | None = None,
    retrieved_at: datetime = RETRIEVED,
) -> Fetched:
    """A fetch as the fetcher returns it, built without the network."""
    data = page() if body is None else body
    return Fetched(
        requested_url=url,
        final_url=final_url or url,
        status=200,
        reason="OK",
        http_version="HTTP/1.1",
        request_headers=[("User-Agent", "archiver/test"), ("Accept", "text/html")],
        response_headers=[
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Encoding", "gzip"),
            ("Content-Length", "17"),
        ],
        body=data,
        content_type="text/html",
        charset="utf-8",
        retrieved_at=retrieved_at,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def capture_of(fetched: Fetched) -> Capture:
    return Capture(
        requested_url=fetched.requested_url,
        final_url=fetched.final_url,
        status=fetched.status,
        content_type=fetched.content_type,
        retrieved_at=fetched.retrieved_at,
        sha256=fetched.sha256,
    )


def make_article(fetched: Fetched | None = None, **fields: object) -> Article:
    """An article carrying the capture of `fetched` (a default fetch when None)."""
    fetched = fetched or make_fetched()
    values: dict[str, object] = {
        "headline": "A story",
        "authors": [Author(name="Jane Roe")],
        "published": datetime(2024, 12, 19, 18, 5, tzinfo=timezone(timedelta(hours=3))),
        "body": "Some text of the story.\n\nA second paragraph.",
        "url": fetched.final_url,
        "capture": capture_of(fetched),
    }
    values.update(fields)
    return Article.model_validate(values)


def stored(fetched: Fetched | None = None, **fields: object) -> tuple[Article, Fetched]:
    fetched = fetched or make_fetched()
    return make_article(fetched, **fields), fetched


# -- the document format ------------------------------------------------------------------
hostile = st.text(st.characters(exclude_categories=["Cs"]), max_size=40) | st.sampled_from(
    ["no", "yes", "null", "~", "---", "...", "a: b", "'", '"', "- x", "#c", "\n---\n", " x ", ""]
)
optional = st.none() | hostile
when = (
    st.none()
    | st.dates()
    | st.builds(
        lambda d, minutes: d.replace(tzinfo=timezone(timedelta(minutes=minutes))),
        st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
        st.integers(-23 * 60, 23 * 60),
    )
    | st.datetimes()
)
captures = st.none() | st.builds(
    Capture,
    requested_url=hostile,
    final_url=hostile,
    status=st.integers(100, 599),
    content_type=hostile,
    retrieved_at=st.datetimes(timezones=st.just(UTC)),
    sha256=hostile,
)
articles = st.builds(
    Article,
    headline=hostile,
    authors=st.lists(st.builds(Author, name=hostile, url=optional), max_size=3),
    published=when,
    modified=when,
    body=hostile | st.text(st.characters(exclude_categories=["Cs"]), max_size=200),
    url=optional,
    site_name=optional,
    language=optional,
    description=optional,
    image=optional,
    tags=st.lists(hostile, max_size=3),
    capture=captures,
    provenance=st.dictionaries(hostile, hostile, max_size=3),
    truncated=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(articles)
def test_front_matter_round_trips(article: Article) -> None:
    """RELIABILITY 18: hostile strings in every field load back into an equal Article."""
    assert load_document(dump_document(article)) == article


def _no_surrogates(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Cs")


def test_dates_keep_the_page_offset_and_dates_stay_dates() -> None:
    """A datetime keeps its own UTC offset in the file; a date is written without a time."""
    article = make_article(published=date(2024, 12, 19), modified="2024-12-19T18:05:00-05:00")
    text = dump_document(article)
    assert "date: '2024-12-19'\n" in text
    assert "modified: '2024-12-19T18:05:00-05:00'\n" in text
    loaded = load_document(text)
    assert loaded.published == date(2024, 12, 19)
    assert isinstance(loaded.modified, datetime)
    assert loaded.modified.utcoffset() == timedelta(hours=-5)


def test_front_matter_uses_the_keys_markdown_tools_read() -> None:
    text = dump_document(make_article(site_name="Example", tags=["x"]))
    keys = list(yaml.safe_load(text.split("---\n")[1]))
    assert keys == [
        "title",
        "authors",
        "date",
        "source",
        "site_name",
        "tags",
        "rendered",
        "capture",
        "render_with_liquid",
        "archiver",
    ]
    assert "  schema: 2\n" in text


def test_a_dash_line_in_the_body_leaves_the_front_matter_intact() -> None:
    """RELIABILITY 19: `---` lines and a fake front matter in the body are body text."""
    body = "---\ntitle: injected\n---\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n---"
    article = make_article(body=body)
    loaded = load_document(dump_document(article))
    assert loaded.headline == "A story"
    assert loaded.body == body


def test_an_unknown_key_in_the_archiver_block_is_a_format_error_naming_the_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "x.md"
    text = dump_document(make_article()).replace("  schema: 2", "  schema: 2\n  colour: red", 1)
    path.write_text(text)
    with pytest.raises(FormatError, match=r"x\.md: invalid front matter: archiver\.colour: Extra"):
        read_article(path)


def test_a_newer_schema_says_to_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "new.md"
    path.write_text(dump_document(make_article()).replace("schema: 2", "schema: 3"))
    with pytest.raises(FormatError, match=r"new\.md: written with document schema 3.*upgrade"):
        read_article(path)


def test_a_wrong_type_is_reported_as_field_and_message(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text(dump_document(make_article()).replace("status: 200", "status: lots"))
    with pytest.raises(FormatError) as caught:
        read_article(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: invalid front matter: ")
    assert "capture.status: Input should be a valid integer" in message
    assert "Traceback" not in message and "pydantic" not in message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter\n", "no front matter"),
        ("---\ntitle: x\n", "not closed"),
        ("---\na: [unclosed\n---\nbody", r"not valid YAML: .* \(line 3, column 1\)$"),
        ("---\n- a list\n---\n", "not a mapping"),
        ("---\ntitle: x\n---\n", "no `archiver:` block"),
    ],
)
def test_malformed_documents_give_a_clear_format_error(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        load_document(text, source="doc.md")


def test_yaml_tags_that_build_objects_are_refused() -> None:
    text = "---\ntitle: !!python/object/apply:os.system ['true']\narchiver: {schema: 1}\n---\n"
    with pytest.raises(FormatError, match="not valid YAML"):
        load_document(text, source="evil.md")


def test_read_article_of_a_missing_file_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot read") as caught:
        read_article(tmp_path / "absent.md")
    assert not isinstance(caught.value, FormatError)


def test_non_utf8_file_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.md"
    path.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    with pytest.raises(FormatError, match="not UTF-8"):
        read_article(path)


# -- layout ---------------------------------------------------------------------------------
def test_path_is_host_year_month_slug(tmp_path: Path) -> None:
    fetched = make_fetched("http://WWW.Example.COM:8080/news/x")
    article = make_article(fetched, headline="Héllo, World! Ünïcode — “quotes”", url=None)
    saved = Archive(tmp_path).save(article, fetched)
    assert saved.path == tmp_path / "example.com/2024/12/hello-world-unicode-quotes.md"
    assert saved.id == article_id("http://WWW.Example.COM:8080/news/x")
    assert saved.status == "new"


def test_year_and_month_are_the_page_s_own_not_utc(tmp_path: Path) -> None:
    """23:30 on 31 December at -05:00 is January in UTC; the page's own month wins."""
    published = datetime(2024, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    saved = Archive(tmp_path).save(*stored(published=published))
    assert saved.path.parent == tmp_path / "example.com/2024/12"


def test_no_published_date_uses_the_retrieval_date(tmp_path: Path) -> None:
    fetched = make_fetched(retrieved_at=datetime(2023, 3, 4, tzinfo=UTC))
    saved = Archive(tmp_path).save(*stored(fetched, published=None))
    assert saved.path.parent == tmp_path / "example.com/2023/03"


def test_slug_falls_back_to_the_url_then_article(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    one = make_fetched("https://example.com/news/Some%20Story.html")
    two = make_fetched("https://example.com/")
    assert archive.save(*stored(one, headline="", url=None)).path.name == "some-story.md"
    assert archive.save(*stored(two, headline="!!!", url=None)).path.name == "article.md"


def test_same_slug_different_url_gets_a_suffix(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    names = [
        archive.save(*stored(make_fetched(f"https://example.com/{n}"))).path.name for n in "abc"
    ]
    assert names == ["a-story.md", "a-story-2.md", "a-story-3.md"]


def test_slug_is_bounded_at_80_chars_on_a_word() -> None:
    slug = slugify("word " * 40)
    assert len(slug) <= 80
    assert slug.endswith("word")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.com/x", "example.com"),
        ("https://EXAMPLE.com:443/x", "example.com"),
        ("https://bücher.de/x", "xn--bcher-kva.de"),
        ("http://127.0.0.1:8000/x", "127.0.0.1"),
        ("http://[::1]:80/x", "1"),
        ("not a url", "unknown-host"),
        ("http://con/x", "con-"),
    ],
)
def test_host_directory(url: str, expected: str) -> None:
    assert host_dir(url) == expected


names = st.one_of(
    st.text(max_size=400),
    st.sampled_from(["../x", "..", ".", "CON", "nul", "a\x00b", "é" * 300, "/etc/passwd"]),
    st.builds(lambda s: unicodedata.normalize("NFD", s), st.text(max_size=100)),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(headline=names, path=names)
def test_generated_names_stay_inside_the_archive(tmp_path: Path, headline: str, path: str) -> None:
    """RELIABILITY 17: hostile titles and URL paths give a safe, bounded path under the root."""
    from urllib.parse import quote

    headline, path = _no_surrogates(headline), _no_surrogates(path)
    fetched = make_fetched("https://example.com/" + quote(path.encode("utf-8"), safe=""))
    article = make_article(fetched, headline=headline, url=None)
    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))  # one archive per example
    saved = Archive(tmp_path).save(article, fetched)
    assert saved.path.resolve().is_relative_to(tmp_path.resolve())
    rel = saved.path.relative_to(tmp_path)
    for part in rel.parts:
        assert len(part.encode()) <= 255
        assert part not in ("", ".", "..")
        assert part.isascii() and "\x00" not in part
        assert part.split(".")[0].lower() not in ("con", "nul", "prn", "aux")
    assert read_article(saved.path) == article


def test_nfc_and_nfd_titles_give_the_same_slug() -> None:
    title = "Café déjà vu"
    assert slugify(unicodedata.normalize("NFC", title)) == "cafe-deja-vu"
    assert slugify(unicodedata.normalize("NFD", title)) == "cafe-deja-vu"


# -- saving ----------------------------------------------------------------------------------
def test_find_by_requested_or_canonical_url(tmp_path: Path) -> None:
    fetched = make_fetched("https://example.com/?p=1", final_url="https://example.com/a-story")
    article = make_article(fetched, url="https://example.com/canonical")
    archive = Archive(tmp_path)
    path = archive.save(article, fetched).path
    assert archive.find("https://example.com/?p=1") == path
    assert archive.find("https://example.com/canonical") == path
    assert archive.find("https://example.com/other") is None


def test_unchanged_capture_writes_nothing(tmp_path: Path) -> None:
    """RELIABILITY 23: a second save of the same capture writes no file."""
    archive = Archive(tmp_path)
    article, fetched = stored()
    path = archive.save(article, fetched).path
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    again, fetched_again = stored(make_fetched(retrieved_at=RETRIEVED + timedelta(days=1)))
    saved = archive.save(again, fetched_again)
    assert saved.status == "unchanged" and saved.path == path
    after = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    assert {p: t for p, t in after.items() if ".archiver" not in p.parts} == {
        p: t for p, t in before.items() if ".archiver" not in p.parts
    }


def test_changed_capture_updates_and_keeps_one_earlier_version(tmp_path: Path) -> None:
    """RELIABILITY 23: a changed body gives exactly one new version."""
    archive = Archive(tmp_path)
    first = archive.save(*stored())
    changed = make_fetched(body=page(text="Corrected text."), retrieved_at=RETRIEVED + timedelta(1))
    second = archive.save(*stored(changed, body="Corrected text."))
    assert second.status == "updated" and second.path == first.path
    assert read_article(first.path).body == "Corrected text."
    kept = sorted(p.name for p in versions_dir(first.path).iterdir())
    assert len(kept) == 2 and kept[0].endswith(".md") and kept[1].endswith(".warc.gz")
    assert archive.save(*stored(changed, body="Corrected text.")).status == "unchanged"
    assert len(list(versions_dir(first.path).iterdir())) == 2
    assert [v.current for v in archive.versions(first.path)] == [True, False]


def test_raw_capture_is_stored_beside_the_article(tmp_path: Path) -> None:
    saved = Archive(tmp_path).save(*stored())
    raw = capture_path(saved.path)
    assert raw.name == saved.path.name.removesuffix(".md") + ".warc.gz"
    assert raw.read_bytes()[:2] == b"\x1f\x8b"


def test_an_unwritable_archive_is_a_store_error(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    root.write_text("a file where the archive should be")
    with pytest.raises(StoreError, match="archive"):
        Archive(root).save(*stored())


def test_an_article_without_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="without a URL"):
        Archive(tmp_path).save(Article(headline="x", body="y"))


def test_a_stale_index_does_not_duplicate_an_article(tmp_path: Path) -> None:
    """A file written before a crash, missing from the index, is found by its URL."""
    archive = Archive(tmp_path)
    path = archive.save(*stored()).path
    archive.index.remove_files()
    archive.index.rebuild([])  # an index that has lost the article
    again = Archive(tmp_path).save(*stored())
    assert again.path == path and again.status == "unchanged"


# -- atomic writes -------------------------------------------------------------------------
def test_atomic_write_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "d" / "f.md"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["f.md"]


DISK_FULL = textwrap.dedent(
    """
    import resource, sys
    sys.path.insert(0, {root!r})
    from tests.test_store import make_article, make_fetched, page
    from archiver.store import Archive
    from archiver.errors import StoreError
    fetched = make_fetched(body=page(text="x" * 200_000))
    article = make_article(fetched, body="y" * 200_000)
    archive = Archive(__import__("pathlib").Path(sys.argv[1]))
    archive.reindex()
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
    try:
        archive.save(article, fetched)
    except StoreError as err:
        print(err)
        sys.exit(3)
    """
)


def test_disk_full_leaves_no_partial_or_temp_file(tmp_path: Path) -> None:
    """RELIABILITY 20: a write that hits the file-size limit fails clearly, leaving nothing."""
    script = DISK_FULL.format(root=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 3, done.stderr
    assert "the disk is full" in done.stdout
    left = [p for p in tmp_path.rglob("*") if p.is_file() and ".archiver" not in p.parts]
    assert left == []


KILL_LOOP = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from datetime import timedelta
    from tests.test_store import RETRIEVED, make_article, make_fetched, page
    from archiver.store import Archive
    archive = Archive(__import__("pathlib").Path(sys.argv[1]))
    for n in range(100_000):
        fetched = make_fetched(
            f"https://example.com/{{n % 7}}", body=page(text=str(n) * 5000),
            retrieved_at=RETRIEVED + timedelta(seconds=n),
        )
        archive.save(make_article(fetched, body=str(n) * 5000), fetched)
        if n == 3:
            print("ready", flush=True)
    """
)


def test_kill_9_while_writing_leaves_every_file_parseable(tmp_path: Path) -> None:
    """RELIABILITY 20 and 21: kill -9 at random points; every file parses, the index is sound."""
    import random

    script = KILL_LOOP.format(root=str(ROOT))
    rng = random.Random(20)
    for _ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.3))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    archive = Archive(tmp_path)
    documents = [p for p in tmp_path.rglob("*.md")]
    assert len(documents) >= 7
    for path in documents:
        read_article(path)
    assert archive.index.integrity_check() == "ok"
    files = sorted(p.relative_to(tmp_path).as_posix() for p in archive.paths())
    assert {e.path for e in archive.index.select()} <= set(files)
    assert archive.reindex() == 7
    assert sorted(e.path for e in archive.index.select()) == files
    assert archive.verify().problems == []
