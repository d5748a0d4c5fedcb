"""Feeds and sitemaps as hostile input: private targets (RELIABILITY 32), the sitemap
protocol's limits, memory and XML entities (RELIABILITY 39)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archiver.cli import cli
from archiver.fetch import TREAT_AS_PUBLIC, new_session
from archiver.sources import Entry, Expander, SourceLimits
from tests.batch_sites import Site, sites
from tests.server import Loopback

FAST = ["--delay", "0", "--retries", "0", "--timeout", "2", "--deadline", "3"]
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def rss(urls: list[str]) -> str:
    items = "".join(f"<item><link>{u}</link></item>" for u in urls)
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'


def urlset(urls: list[str]) -> str:
    return f"<urlset {NS}>" + "".join(f"<url><loc>{u}</loc></url>" for u in urls) + "</urlset>"


def index(urls: list[str]) -> str:
    maps = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return f"<sitemapindex {NS}>{maps}</sitemapindex>"


def expand(url: str, **kwargs: object) -> list[Entry]:
    return list(Expander(new_session(), **kwargs)(url))  # type: ignore[arg-type]


def run_import(*args: str | Path, public: str = "127.0.0.2") -> Result:
    return CliRunner().invoke(
        cli, ["import", *map(str, args), *FAST], env={TREAT_AS_PUBLIC: public}
    )


def report_rows(path: Path) -> dict[str, dict[str, str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {row["url"]: row for row in rows}


# -- RELIABILITY 32: a public feed may not point inside --------------------------------------


@pytest.fixture
def public_feed() -> Iterator[tuple[Site, Site]]:
    """A "public" site (127.0.0.2) whose feed lists one of its stories and one story of a
    private site (127.0.0.3, not treated as public)."""
    with sites(2) as (outside, inside):
        feed = rss([*outside.stories([1]), *inside.stories([2])])
        outside.server.static("/feed.xml", feed, content_type="application/rss+xml")
        yield outside, inside


def test_a_public_feed_entry_at_a_private_address_is_refused(
    public_feed: tuple[Site, Site], tmp_path: Path
) -> None:
    """RELIABILITY 32: through the real CLI, a feed on a public host listing a loopback URL:
    that entry is refused (and never requested); the public one is archived."""
    outside, inside = public_feed
    report = tmp_path / "report.jsonl"
    result = run_import(
        outside.url("/feed.xml"), "--archive-dir", tmp_path / "a", "--report", report
    )
    assert result.exit_code == 1, result.output
    rows = report_rows(report)
    private = inside.url("/story/2.html")
    assert rows[outside.url("/story/1.html")]["status"] == "archived"
    assert rows[private]["status"] == "failed"
    assert rows[private]["error"] == (
        f"{outside.url('/feed.xml')}: a public feed or sitemap listed a private address; "
        f"refused: {private} (listed in {outside.url('/feed.xml')}; allow it with "
        "--allow-private)"
    )
    assert inside.server.log == []


@pytest.mark.parametrize("flag", ["--allow-private", "--allow-private-redirects"])
def test_allow_private_covers_feed_entries(
    public_feed: tuple[Site, Site], tmp_path: Path, flag: str
) -> None:
    """RELIABILITY 32: --allow-private (or its old name) lets the private entry through."""
    outside, inside = public_feed
    result = run_import(outside.url("/feed.xml"), "--archive-dir", tmp_path / "a", flag)
    assert result.exit_code == 0, result.output
    assert inside.fetched() == [inside.url("/story/2.html")]


def test_a_private_feed_may_list_private_urls(
    public_feed: tuple[Site, Site], tmp_path: Path
) -> None:
    """RELIABILITY 32: the check is for what a public host points at: with no address
    treated as public, the same feed is the user's own and every entry is fetched."""
    outside, inside = public_feed
    result = run_import(outside.url("/feed.xml"), "--archive-dir", tmp_path / "a", public="")
    assert result.exit_code == 0, result.output
    assert inside.fetched() == [inside.url("/story/2.html")]


def test_a_public_index_listing_a_private_sitemap_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """RELIABILITY 32: a child sitemap a public index lists is held to the same rule, at the
    moment it is fetched (resolved once, checked, connected to as checked)."""
    monkeypatch.setenv(TREAT_AS_PUBLIC, "127.0.0.2")
    with Loopback(host="127.0.0.2") as outside, Loopback() as inside:
        inside.static("/s.xml", urlset([inside.url("/x")]), content_type="text/xml")
        outside.static("/index.xml", index([inside.url("/s.xml")]), content_type="text/xml")
        (entry,) = expand(outside.url("/index.xml"))
        assert entry.error is not None
        assert entry.error.startswith(
            f"a public feed or sitemap listed a private address; refused: {inside.url('/s.xml')}"
        )
        assert inside.log == []
        allowed = expand(outside.url("/index.xml"), allow_private=True)
    assert [e.url for e in allowed] == [inside.url("/x")]


def test_a_redirect_from_a_public_feed_to_a_private_one_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """RELIABILITY 32: the feed itself is fetched with the page fetcher's redirect checks."""
    monkeypatch.setenv(TREAT_AS_PUBLIC, "127.0.0.2")
    with Loopback(host="127.0.0.2") as outside, Loopback() as inside:
        inside.static("/feed.xml", rss([inside.url("/x")]), content_type="application/rss+xml")
        outside.static("/feed", "", status=301, headers={"Location": inside.url("/feed.xml")})
        (entry,) = expand(outside.url("/feed"))
    assert (entry.error or "").startswith("redirect from a public host to a private address")
    assert inside.log == []


# -- RELIABILITY 39: the sitemap protocol's limits, entities, memory ------------------------


def test_a_sitemap_of_more_than_50000_urls_stops_there(server: Loopback) -> None:
    """RELIABILITY 39: 50,000 URLs a file are read; the rest is refused with one clear line."""
    urls = [f"http://s.example/{i}" for i in range(50_003)]
    server.static("/big.xml", urlset(urls), content_type="application/xml")
    entries = expand(server.url("/big.xml"))
    assert [e.url for e in entries[:-1]] == urls[:50_000]
    assert entries[-1].error == (
        f"{server.url('/big.xml')} lists more than 50,000 URLs (the sitemap protocol's "
        "limit); the rest refused"
    )


def test_an_index_of_too_many_sitemaps_stops_there(server: Loopback) -> None:
    """RELIABILITY 39: an index's sitemaps beyond the limit are refused (the limit lowered
    from 50,000 to 2, so the test fetches three documents, not 50,000)."""
    for n in range(4):
        server.static(f"/s{n}.xml", urlset([f"http://s.example/{n}"]), content_type="text/xml")
    server.static(
        "/index.xml", index([server.url(f"/s{n}.xml") for n in range(4)]), content_type="text/xml"
    )
    entries = expand(server.url("/index.xml"), limits=SourceLimits(max_entries=2))
    assert [e.url for e in entries] == ["http://s.example/0", "http://s.example/1", None]
    assert entries[-1].error == (
        f"{server.url('/index.xml')} lists more than 2 sitemaps (the sitemap protocol's "
        "limit); the rest refused"
    )
    assert not server.hits("/s2.xml")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/hostname">]>',
        '<!DOCTYPE urlset [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>',
    ],
    ids=["expansion", "external", "parameter"],
)
def test_entity_declarations_are_refused(server: Loopback, doctype: str) -> None:
    """RELIABILITY 39: an entity expansion or an external entity: the document is refused."""
    body = f'<?xml version="1.0"?>{doctype}' + urlset(["http://e.example/&b;"])
    server.static("/evil.xml", body, content_type="application/xml")
    (entry,) = expand(server.url("/evil.xml"))
    assert entry.error == (
        f"{server.url('/evil.xml')} declares XML entities; refused (entities are never "
        "expanded or fetched)"
    )


# The peak resident memory of the process since its exec: VmHWM, since Linux carries
# ru_maxrss over an exec from the (v)forked parent, here pytest with a 50 MB page built.
MEASURE = """
import re, sys
from pathlib import Path
from archiver.fetch import new_session
from archiver.sources import Expander
count = sum(1 for e in Expander(new_session())(sys.argv[1]) if e.url)
status = Path("/proc/self/status").read_text()
print(count, int(re.search(r"VmHWM:\\s*(\\d+) kB", status).group(1)) // 1024)
"""


def peak_mb(url: str) -> tuple[int, int]:
    """(URLs read, peak resident MB) of expanding `url` in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, url], capture_output=True, text=True, check=True
    ).stdout
    count, peak = out.split()
    return int(count), int(peak)


def test_a_50_mb_sitemap_is_read_in_flat_memory(server: Loopback) -> None:
    """RELIABILITY 39: a sitemap at the protocol's limits (50,000 URLs, 50 MB) is streamed:
    the reader's peak memory is within 20 MB of reading a one-URL sitemap (measured: 0 MB;
    125 MB more when read items are not dropped)."""
    padding = "<news:title>" + "x" * 975 + "</news:title>"
    entries = "".join(
        f"<url><loc>http://s.example/{i}</loc>{padding}</url>" for i in range(50_000)
    ).encode()
    ns_news = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
    big = f"<urlset {NS} {ns_news}>".encode() + entries + b"</urlset>"
    assert 49 * 2**20 < len(big) <= 50 * 2**20

    def serve(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/xml")
        h.send_header("Content-Length", str(len(big)))
        h.end_headers()
        h.wfile.write(big)

    server.routes["/big.xml"] = serve
    server.static("/small.xml", urlset(["http://s.example/0"]), content_type="application/xml")
    count, peak = peak_mb(server.url("/big.xml"))
    small_count, baseline = peak_mb(server.url("/small.xml"))
    assert (count, small_count) == (50_000, 1)
    assert peak - baseline < 20, (peak, baseline)
