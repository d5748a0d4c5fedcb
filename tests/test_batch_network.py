"""The batch importer's network rules: feeds and sitemaps under the same politeness as
pages (RELIABILITY 30), robots.txt of a redirect's target (RELIABILITY 31) and one politeness
slot for the origins of one host (RELIABILITY 33)."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from archiver.batch import ImportOptions, Job, Politeness, Result, Seams, Summary, run_import
from archiver.batch.politeness import slot_key
from archiver.fetch import Fetched, IPAddress, Limits, RetryPolicy, fetch_once
from archiver.store import Archive
from tests.batch_sites import Served, article_html, max_overlap, page, sites, write_list
from tests.fetch_helpers import redirect
from tests.server import Loopback


def options(**kw: object) -> ImportOptions:
    base: dict[str, object] = {
        "delay": 0.0,
        "retry": RetryPolicy(retries=1, base=0.05, cap=0.2),
        "limits": Limits(connect_timeout=2, read_timeout=2, deadline=4),
        "parse_workers": 0,
    }
    base.update(kw)
    return ImportOptions(**base)  # type: ignore[arg-type]


def run(urls: list[str], tmp_path: Path, opts: ImportOptions) -> tuple[Summary, dict[str, Result]]:
    listed = write_list(tmp_path / "urls.txt", urls)
    results: list[Result] = []
    summary = run_import([str(listed)], Archive(tmp_path / "a"), opts, observers=[results.append])
    return summary, {r.url: r for r in results}


# -- RELIABILITY 30: feeds and sitemaps are requests like any other --------------------------

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
XML = {"content_type": "application/xml"}


def urlset(urls: list[str]) -> bytes:
    return f"<urlset {NS}>{''.join(f'<url><loc>{u}</loc></url>' for u in urls)}</urlset>".encode()


def index(urls: list[str]) -> bytes:
    maps = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return f"<sitemapindex {NS}>{maps}</sitemapindex>".encode()


def import_source(source: str, tmp_path: Path, opts: ImportOptions) -> dict[str, Result]:
    results: list[Result] = []
    run_import([source], Archive(tmp_path / "a"), opts, observers=[results.append])
    return {r.url: r for r in results}


def test_sitemaps_and_their_pages_on_one_host_never_overlap(tmp_path: Path) -> None:
    """RELIABILITY 30: an index, its two sitemaps and their six pages on one host with
    --per-host 1: no two requests in flight at once, counted on the server side."""
    with sites(1, latency=0.2) as (site,):
        stories = site.stories(range(6))
        site.route("/s1.xml", page(urlset(stories[:3]), **XML))
        site.route("/s2.xml", page(urlset(stories[3:]), **XML))
        site.route("/index.xml", page(index([site.url("/s1.xml"), site.url("/s2.xml")]), **XML))
        results = import_source(site.url("/index.xml"), tmp_path, options(per_host=1))
        served = list(site.served)
    assert sorted(r.status for r in results.values()) == ["archived"] * 6
    assert {s.path for s in served} >= {"/index.xml", "/s1.xml", "/s2.xml", "/robots.txt"}
    assert max_overlap(served) == 1


def test_a_feed_obeys_robots_txt_and_retry_after(tmp_path: Path) -> None:
    """RELIABILITY 30: a feed's 503 with Retry-After pauses its host like a page's would; a
    sitemap robots.txt disallows is never requested."""
    with sites(1, robots="User-agent: *\nDisallow: /hidden.xml\n") as (site,):
        stories = site.stories(range(2))
        site.route("/hidden.xml", page(urlset(stories), **XML))
        busy = page(b"busy", status=503, headers={"Retry-After": "1"})
        site.server.sequence("/feed.xml", [busy, page(urlset(stories), **XML)])
        refused = import_source(site.url("/hidden.xml"), tmp_path / "one", options())
        results = import_source(site.url("/feed.xml"), tmp_path / "two", options())
        log = list(site.server.log)
    assert refused[site.url("/hidden.xml")].error == (
        f"{site.url('/hidden.xml')}: disallowed by robots.txt"
    )
    assert "/hidden.xml" not in [h.path for h in log]
    assert sorted(r.status for r in results.values()) == ["archived"] * 2, results
    feed = [h for h in log if h.path == "/feed.xml"]
    pages = [h for h in log if h.path.startswith("/story/")]
    assert len(feed) == 2 and feed[1].start >= feed[0].end + 1 - 0.05
    assert min(h.start for h in pages) >= feed[1].start


def test_a_sitemap_s_urls_are_fetched_while_it_is_still_arriving(tmp_path: Path) -> None:
    """RELIABILITY 39: a sitemap is read as it arrives, in a batch too: its server sends the
    first part of a large sitemap (three URLs on another host, then 256 KB) and stalls until
    the first of them is requested (10 s at most); that page is fetched before the rest of
    the sitemap is sent, and the sitemap's other URLs are archived too."""
    first_asked = threading.Event()
    rest_sent: list[float] = []
    with sites(2) as (a, b):
        stories = b.stories(range(3))
        story = page(article_html(0, b.server.host))

        def first_story(h: BaseHTTPRequestHandler) -> None:
            first_asked.set()
            story(h)

        b.route("/story/0.html", first_story)
        locs = "".join(f"<url><loc>{u}</loc></url>" for u in stories)
        head = f'<?xml version="1.0"?>\n<urlset {NS}>{locs}'.encode() + b" " * 256 * 1024
        tail = b"</urlset>\n"

        def stalling(h: BaseHTTPRequestHandler) -> None:
            h.send_response(200)
            h.send_header("Content-Type", "application/xml")
            h.send_header("Content-Length", str(len(head) + len(tail)))
            h.end_headers()
            h.wfile.write(head)
            h.wfile.flush()
            first_asked.wait(10)
            rest_sent.append(time.monotonic())
            h.wfile.write(tail)

        a.route("/sitemap.xml", stalling)
        results = import_source(a.url("/sitemap.xml"), tmp_path, options())
        asked = next(h.start for h in b.served if h.path == "/story/0.html")
    assert sorted(r.status for r in results.values()) == ["archived"] * 3
    assert asked < rest_sent[0]


def sitemap_of(stories: list[str]) -> bytes:
    """A sitemap of `stories`: two URLs, 100 KB of spaces, the rest."""
    locs = [f"<url><loc>{u}</loc></url>" for u in stories]
    head = f'<?xml version="1.0"?>\n<urlset {NS}>{"".join(locs[:2])}'.encode()
    return head + b" " * 100_000 + f"{''.join(locs[2:])}</urlset>\n".encode()


def cut_off(body: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    """Send the first half of `body` (its full length announced), then close."""

    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/xml")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body[: len(body) // 2])
        h.wfile.flush()
        h.close_connection = True

    return handler


def test_a_sitemap_cut_off_while_it_is_read_is_fetched_again_and_read_on(
    tmp_path: Path,
) -> None:
    """RELIABILITY 30: a sitemap whose connection drops after its first 50 KB (two URLs
    already queued) is requested again, as a page would be, and read on from where its
    reader was: every URL archived once, no error. Changed by then, the rest is refused."""
    with sites(2) as (a, b):
        stories = b.stories(range(4))
        body = sitemap_of(stories)
        a.server.sequence("/sitemap.xml", [cut_off(body), page(body, **XML)])
        results = import_source(a.url("/sitemap.xml"), tmp_path, options())
        asked = [h.path for h in a.server.log].count("/sitemap.xml")
    assert {url: r.status for url, r in results.items()} == dict.fromkeys(stories, "archived")
    assert asked == 2
    with sites(2) as (a, b):
        body = sitemap_of(b.stories(range(4)))
        changed = body.replace(b"  ", b"\n ")
        a.server.sequence("/sitemap.xml", [cut_off(body), page(changed, **XML)])
        results = import_source(a.url("/sitemap.xml"), tmp_path / "changed", options())
    sitemap = a.url("/sitemap.xml")
    assert results.pop(sitemap).error == f"{sitemap}: {sitemap} changed while it was being read"
    assert sorted(r.status for r in results.values()) == ["archived"] * 2


# -- RELIABILITY 31: robots.txt of the host a redirect lands on ------------------------------


def test_a_redirect_to_a_path_the_target_host_disallows_is_not_followed(tmp_path: Path) -> None:
    """RELIABILITY 31: a page on one host redirecting to a path another host's robots.txt
    disallows: that host's robots.txt is read, the target is never requested."""
    with sites(2, robots="User-agent: *\nDisallow: /private/\n") as (a, b):
        target = b.url("/private/story.html")
        b.route("/private/story.html", page(article_html(1, "b")))
        a.route("/go", redirect(target))
        a.route("/fine", redirect(b.stories([2])[0]))
        _, results = run([a.url("/go"), a.url("/fine")], tmp_path, options())
        b_paths = [h.path for h in b.server.log]
    assert results[a.url("/go")].status == "skipped"  # as the target listed directly is
    assert results[a.url("/go")].error == (
        f"redirect to a URL robots.txt refuses (disallowed by robots.txt): {target} "
        f"(from {a.url('/go')})"
    )
    assert results[a.url("/fine")].status == "archived"
    assert "/private/story.html" not in b_paths
    assert b_paths.count("/robots.txt") == 1 and "/story/2.html" in b_paths


def test_a_redirect_within_a_host_obeys_its_robots_txt(tmp_path: Path) -> None:
    """RELIABILITY 31: the same holds for a redirect to a disallowed path on the same host."""
    with sites(1, robots="User-agent: *\nDisallow: /private/\n") as (a,):
        a.route("/private/x.html", page(article_html(1, "a")))
        a.route("/go", redirect("/private/x.html"))
        _, results = run([a.url("/go")], tmp_path, options())
        paths = [h.path for h in a.server.log]
    assert (results[a.url("/go")].error or "").startswith("redirect to a URL robots.txt refuses")
    assert "/private/x.html" not in paths


def test_a_public_pages_redirect_to_a_private_address_asks_it_for_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RELIABILITY 26 and 31: a public page redirecting to a private address is refused
    before the target host's robots.txt is asked for: the private host sees no request."""
    monkeypatch.setenv("ARCHIVER_TREAT_AS_PUBLIC", "127.0.0.5")
    with Loopback(host="127.0.0.5") as public, Loopback() as private:
        private.static("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
        private.static("/story.html", page(article_html(1, "p")))
        public.static("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
        public.routes["/go"] = redirect(private.url("/story.html"))
        _, results = run([public.url("/go")], tmp_path, options())
        assert private.log == []
    assert results[public.url("/go")].status == "failed"
    assert "private address refused" in (results[public.url("/go")].error or "")


# -- RELIABILITY 33: one host, one slot ---------------------------------------------------------


def test_two_origins_of_one_host_share_the_per_host_limit(tmp_path: Path) -> None:
    """RELIABILITY 33: two origins of one host (here two ports of 127.0.0.2, as http and https
    are): with --per-host 1 their requests never overlap, counted on the server side."""
    served: list[Served] = []

    def slow(n: int) -> Callable[[BaseHTTPRequestHandler], None]:
        body = page(article_html(n, "127.0.0.2"))

        def handler(h: BaseHTTPRequestHandler) -> None:
            start = time.monotonic()
            time.sleep(0.2)
            served.append(Served(h.path, start, time.monotonic()))
            body(h)

        return handler

    with Loopback(host="127.0.0.2") as one, Loopback(host="127.0.0.2") as two:
        urls = []
        for server, numbers in ((one, range(0, 4)), (two, range(4, 8))):
            server.static("/robots.txt", "", status=404, content_type="text/plain")
            for n in numbers:
                server.routes[f"/story/{n}.html"] = slow(n)
                urls.append(server.url(f"/story/{n}.html"))
        summary, _ = run(urls, tmp_path, options(per_host=1, concurrency=8))
    assert summary.archived == 8, summary
    assert len(served) == 8
    assert max_overlap(served) == 1


def test_http_and_https_share_one_slot_and_www_once_a_redirect_joins_them() -> None:
    """RELIABILITY 33: http/https origins of a host: one in flight, one gap, one Retry-After;
    www.X and X: two slots until a request to one ends at the other, then one."""
    assert len({slot_key(o) for o in ("http://example.com", "https://example.com:8443",
                                      "https://EXAMPLE.com")}) == 1  # fmt: skip
    assert slot_key("https://www.example.com") != slot_key("https://example.com")
    polite = Politeness(per_host=1, delay=2.0)
    for origin in ["http://example.com", "https://example.com", "https://www.example.com"]:
        polite.add(Job(f"{origin}/story", origin), 0.0)
    first = polite.take(0.0)
    www = polite.take(0.0)  # www is another slot: it may go at once
    assert first is not None and first.host == "http://example.com"
    assert www is not None and www.host == "https://www.example.com"
    assert polite.take(0.0) is None  # https://example.com waits for http's slot
    polite.done(www, 1.0)
    polite.redirected(www.host, "https://example.com/story")  # www.X -> X: one site
    polite.add(Job("https://www.example.com/later", "https://www.example.com"), 1.0)
    assert polite.take(1.0) is None  # `first` is still in flight in the joined slot
    polite.done(first, 1.5)
    assert polite.take(1.5) is None  # the gap holds across all three origins
    second = polite.take(2.0)
    assert second is not None and polite.take(2.0) is None
    polite.retry(second, 2.5, retry_after=10.0)
    polite.done(second, 2.5)
    assert polite.take(5.0) is None  # a Retry-After pauses the whole site
    assert polite.take(12.5) is not None


def test_www_and_bare_share_a_slot_only_once_the_server_redirects(tmp_path: Path) -> None:
    """RELIABILITY 33: names mapped to loopback hosts. www.b.test redirects to b.test: once
    the first such redirect is seen, no request to either overlaps another (--per-host 1,
    counted on the server side). www.c.test and c.test do not redirect: they stay two
    slots, and their requests overlap."""
    with sites(4, latency=0.3) as (www_b, b, www_c, c):
        names = {"www.b.test": www_b, "b.test": b, "www.c.test": www_c, "c.test": c}
        port = {name: site.server.port for name, site in names.items()}

        def url(name: str, n: int) -> str:
            return f"http://{name}:{port[name]}/story/{n}.html"

        for n in range(6):
            b.route(f"/story/{n}.html", page(article_html(n, "b.test")))
            c.route(f"/story/{n}.html", page(article_html(n, "c.test")))
            www_c.route(f"/story/{n}.html", page(article_html(n + 10, "www.c.test")))
            www_b.route(f"/story/{n}.html", redirect(url("b.test", n)), latency=0.0)

        def resolve(host: str) -> list[IPAddress]:
            return [ipaddress.ip_address(names[host].server.host)]

        def fetch(target: str) -> Fetched:
            return fetch_once(target, limits=Limits(deadline=10), resolve=resolve)

        urls = [url("www.b.test", n) for n in range(3)] + [url("b.test", n) for n in range(3, 6)]
        urls += [url("www.c.test", n) for n in range(3)] + [url("c.test", n) for n in range(3, 6)]
        listed = write_list(tmp_path / "urls.txt", urls)
        summary = run_import(
            [str(listed)],
            Archive(tmp_path / "a"),
            options(per_host=1, concurrency=8, robots=False),
            seams=Seams(fetch=fetch),
        )
        joined = [*www_b.served, *b.served]
        apart = [*www_c.served, *c.served]
    assert summary.archived == 12, summary
    learned = next(h.end for h in b.served if h.path == "/story/0.html")  # www.b.test's first
    later = [h for h in joined if h.start > learned]
    # www.b.test's next two stories (redirect and page each) start after it; b.test's next
    # one may start just before, on a busy machine
    assert len(later) >= 4
    for hit in later:
        assert not [h for h in joined if h is not hit and h.start < hit.end and h.end > hit.start]
    assert max_overlap(apart) == 2


def test_other_hosts_still_overlap(tmp_path: Path) -> None:
    """Two different hosts are still fetched at the same time (the slot is per host)."""
    with sites(2, latency=0.3) as (a, b):
        urls = [*a.stories(range(3)), *b.stories(range(3))]
        summary, _ = run(urls, tmp_path, options(per_host=1))
        everyone = [*a.served, *b.served]
    assert summary.archived == 6
    assert max_overlap([s for s in everyone if s.path != "/robots.txt"]) == 2
