"""Reading a batch's URLs: lists, stdin, RSS/Atom feeds, sitemaps and sitemap indexes."""

from __future__ import annotations

import gzip
import io
import threading
from http.server import BaseHTTPRequestHandler

import pytest

from archiver.errors import InvalidURL
from archiver.fetch import new_session
from archiver.sources import Entry, Expander, normalize_url, read_lines, read_sources
from tests.server import Loopback

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>News</title><link>{o}/</link>
<item><title>One</title><link>{o}/one</link></item>
<item><title>Two</title><link>/two</link><guid isPermaLink="false">x-2</guid></item>
<item><title>Three</title><guid>{o}/three</guid></item>
<item><title>Bad</title><link>javascript:alert(1)</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>
<link rel="self" href="{o}/atom.xml"/>
<entry><title>One</title><link rel="alternate" href="{o}/a1"/><link rel="edit" href="/e"/></entry>
<entry><title>Two</title><link href="a2"/></entry>
</feed>"""

URLSET = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{urls}
</urlset>"""

URL = """<url><loc>{loc}</loc><image:image><image:loc>{loc}.jpg</image:loc></image:image>
<news:news><news:title>T</news:title></news:news></url>"""

INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{maps}
</sitemapindex>"""


def urlset(locs: list[str]) -> str:
    return URLSET.format(urls="\n".join(URL.format(loc=loc) for loc in locs))


def index(maps: list[str]) -> str:
    return INDEX.format(maps="\n".join(f"<sitemap><loc>{m}</loc></sitemap>" for m in maps))


def expand(url: str) -> list[Entry]:
    return list(Expander(new_session())(url))


def test_lines_skip_blanks_and_comments_and_report_invalid_ones() -> None:
    """RELIABILITY 16: a bad line is reported with its line number and reason, not fatal."""
    text = "\ufeffhttps://A.example/x#frag\n\n# a comment\n  http://b.example/y  \nnot a url\nfile:///etc/passwd\n"
    entries = list(read_lines(io.StringIO(text), "urls.txt"))
    assert [e.url for e in entries] == ["https://a.example/x", "http://b.example/y", None, None]
    bad = entries[2:]
    assert [e.where for e in bad] == ["urls.txt:5", "urls.txt:6"]
    assert "spaces" in (bad[0].error or "")
    assert "only http and https" in (bad[1].error or "")
    assert bad[1].text == "file:///etc/passwd"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("example.com/x", "no scheme"),
        ("http://", "without a host"),
        ("http://x.example:99999/", "malformed"),
        ("mailto:a@b.example", "only http and https"),
    ],
)
def test_normalize_url_says_what_is_wrong(text: str, why: str) -> None:
    with pytest.raises(InvalidURL, match=why):
        normalize_url(text)


def test_normalize_url_keeps_path_and_query() -> None:
    assert (
        normalize_url("HTTPS://Example.COM:8443/A/b?Q=1#top") == "https://example.com:8443/A/b?Q=1"
    )
    assert normalize_url("http://example.com") == "http://example.com/"


def test_sources_in_order_stdin_files_and_urls(tmp_path) -> None:  # type: ignore[no-untyped-def]
    listed = tmp_path / "list.txt"
    listed.write_text("http://a.example/1\n", encoding="utf-8")
    entries = read_sources(
        ["-", str(listed), "http://feed.example/rss"],
        stdin=io.StringIO("http://a.example/0\n"),
        expand=lambda url: iter([Entry(url, url="http://a.example/2")]),
    )
    assert [e.url for e in entries] == [
        "http://a.example/0",
        "http://a.example/1",
        "http://a.example/2",
    ]


def test_rss_feed_items(server: Loopback) -> None:
    server.static("/rss.xml", RSS.format(o=server.origin), content_type="application/rss+xml")
    entries = expand(server.url("/rss.xml"))
    o = server.origin
    assert [e.url for e in entries if e.url] == [f"{o}/one", f"{o}/two", f"{o}/three"]
    assert [e.text for e in entries if not e.url] == ["javascript:alert(1)"]


def test_atom_feed_entries(server: Loopback) -> None:
    server.static("/atom.xml", ATOM.format(o=server.origin), content_type="application/atom+xml")
    o = server.origin
    assert [e.url for e in expand(server.url("/atom.xml"))] == [f"{o}/a1", f"{o}/a2"]


def test_a_feed_item_at_a_host_no_url_parser_reads_fails_alone(server: Loopback) -> None:
    """RELIABILITY 16: one such link (the joining raised) no longer fails the whole feed."""
    o = server.origin
    rss = RSS.replace("<link>/two</link>", "<link>https://[two]/x</link>").format(o=o)
    server.static("/rss.xml", rss, content_type="application/rss+xml")
    entries = expand(server.url("/rss.xml"))
    assert [e.url for e in entries if e.url] == [f"{o}/one", f"{o}/three"]
    bad = [e for e in entries if not e.url]
    assert [e.text for e in bad] == ["https://[two]/x", "javascript:alert(1)"]
    assert "malformed URL" in (bad[0].error or "")
    atom = ATOM.replace('href="a2"', 'href="http://a]b/"').format(o=o)
    server.static("/atom.xml", atom, content_type="application/atom+xml")
    assert [e.url for e in expand(server.url("/atom.xml"))] == [f"{o}/a1", None]


def test_sitemap_index_recursion_news_and_gzip(server: Loopback) -> None:
    """A sitemap index lists a news sitemap and a gzipped one; image <loc>s are not pages."""
    o = server.origin
    server.static(
        "/sitemap.xml", index([f"{o}/news.xml", f"{o}/old.xml.gz"]), content_type="text/xml"
    )
    server.static("/news.xml", urlset([f"{o}/n1", f"{o}/n2"]), content_type="application/xml")
    server.static(
        "/old.xml.gz",
        gzip.compress(urlset([f"{o}/o1"]).encode()),
        content_type="application/x-gzip",
    )
    assert [e.url for e in expand(server.url("/sitemap.xml"))] == [f"{o}/n1", f"{o}/n2", f"{o}/o1"]


def test_sitemap_index_loops_and_depth_are_bounded(server: Loopback) -> None:
    """An index that lists itself, and a chain of indexes deeper than the bound, end."""
    o = server.origin
    server.static("/self.xml", index([f"{o}/self.xml", f"{o}/leaf.xml"]), content_type="text/xml")
    server.static("/leaf.xml", urlset([f"{o}/page"]), content_type="text/xml")
    assert [e.url for e in expand(server.url("/self.xml"))] == [f"{o}/page"]
    for i in range(6):
        server.static(f"/deep{i}.xml", index([f"{o}/deep{i + 1}.xml"]), content_type="text/xml")
    entries = expand(server.url("/deep0.xml"))
    assert len(entries) == 1 and "nested too deep" in (entries[0].error or "")
    fetched = [hit.path for hit in server.log]
    assert fetched[2:] == ["/deep0.xml", "/deep1.xml", "/deep2.xml", "/deep3.xml"]


def test_feed_failures_are_entries_with_reasons(server: Loopback) -> None:
    """RELIABILITY 16: a missing feed or a document that is no feed is reported, not raised."""
    server.static("/gone.xml", "no", status=404, content_type="text/plain")
    server.static("/other.xml", "<config><x/></config>", content_type="application/xml")
    server.static("/broken.xml", "<rss><channel><item><link>x", content_type="application/xml")
    (gone,) = expand(server.url("/gone.xml"))
    assert "HTTP 404" in (gone.error or "")
    (other,) = expand(server.url("/other.xml"))
    assert "neither a feed nor a sitemap" in (other.error or "")
    (broken,) = expand(server.url("/broken.xml"))
    assert "not well-formed" in (broken.error or "")


def test_an_html_page_given_as_a_source_is_archived_itself(server: Loopback) -> None:
    server.static("/story", "<html><body><p>x</p></body></html>")
    assert [e.url for e in expand(server.url("/story"))] == [server.url("/story")]


def test_xml_entities_are_not_expanded(server: Loopback) -> None:
    """A hostile sitemap cannot read local files or expand entities (no XXE, no bombs)."""
    evil = """<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/hostname"><!ENTITY a "aaaaaaaaaa">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://e.example/&x;</loc></url><url><loc>http://e.example/&a;</loc></url></urlset>"""
    server.static("/evil.xml", evil, content_type="application/xml")
    for entry in expand(server.url("/evil.xml")):
        assert "aaaaaaaaaa" not in (entry.url or "")
        assert entry.url in (None, "http://e.example/")


def test_a_sitemap_is_streamed(server: Loopback) -> None:
    """Memory stays flat: the first URLs come out while the rest has not been sent yet."""
    release = threading.Event()
    head = urlset([f"http://s.example/{i}" for i in range(2000)]).rsplit("</urlset>", 1)[0]

    def dribble(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/xml")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        data = head.encode()
        h.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        h.wfile.flush()
        release.wait(10)
        tail = URL.format(loc="http://s.example/last").encode() + b"</urlset>"
        h.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(tail), tail))

    server.routes["/big.xml"] = dribble
    entries = Expander(new_session())(server.url("/big.xml"))
    first = next(entries)
    assert first.url == "http://s.example/0"
    assert not release.is_set()  # the rest is still on the server
    release.set()
    rest = list(entries)
    assert len(rest) == 2000 and rest[-1].url == "http://s.example/last"


def test_a_sitemap_over_the_cap_stops(server: Loopback) -> None:
    """RELIABILITY 3: the size cap holds for feeds and sitemaps too, gzip bombs included."""
    from archiver.sources import SourceLimits

    bomb = gzip.compress(urlset(["http://s.example/1"]).encode() + b" " * 5_000_000)
    server.static("/bomb.xml.gz", bomb, content_type="application/gzip")
    entries = list(
        Expander(new_session(), limits=SourceLimits(max_bytes=1_000_000))(
            server.url("/bomb.xml.gz")
        )
    )
    assert entries[-1].error and "over" in entries[-1].error


def test_robots_refusal_of_a_feed(server: Loopback) -> None:
    """RELIABILITY 10: a feed robots.txt disallows is not fetched."""
    server.static("/rss.xml", RSS.format(o=server.origin), content_type="application/rss+xml")
    expander = Expander(new_session(), allowed=lambda url: "disallowed by robots.txt")
    (entry,) = expander(server.url("/rss.xml"))
    assert entry.error == "disallowed by robots.txt"
    assert server.log == []


def test_a_download_handed_over_early_gives_its_reader_the_urls_then_the_error() -> None:
    """RELIABILITY 39: a sitemap read while it arrives (`download(started=...)`): the reader
    gets the URLs that came before the size cap, then the cap's error; the download itself
    returns, having handed the error to its reader."""
    from archiver.errors import FetchError
    from archiver.sources import Download, SourceLimits, download, read_xml

    urls = "".join(f"<url><loc>https://example.com/{n}</loc></url>" for n in range(3))
    body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}'.encode()
    body += b" " * 300_000 + b"</urlset>"
    handed: list[Download] = []
    with Loopback() as server, new_session() as session:

        def unsized(h: BaseHTTPRequestHandler) -> None:  # no Content-Length to refuse early
            h.send_response(200)
            h.send_header("Content-Type", "application/xml")
            h.send_header("Connection", "close")
            h.end_headers()
            h.wfile.write(body)
            h.close_connection = True

        server.routes["/sitemap.xml"] = unsized
        got = download(
            server.url("/sitemap.xml"),
            session=session,
            limits=SourceLimits(max_bytes=200_000),
            allow_private=True,
            started=handed.append,
        )
    assert handed == [got]
    items = read_xml(got.chunks(), got.url)
    assert [next(items) for _ in range(3)] == [
        ("page", f"https://example.com/{n}") for n in range(3)
    ]
    with pytest.raises(FetchError, match="response larger than 200000 bytes"):
        next(items)
    got.close()
