"""The batch importer's network rules across hosts: robots.txt of a redirect's target
(RELIABILITY 31) and one politeness slot for the origins of one host (RELIABILITY 33)."""

from __future__ import annotations

import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from archiver.batch import ImportOptions, Job, Politeness, Result, Summary, run_import
from archiver.batch.politeness import slot_key
from archiver.fetch import Limits, RetryPolicy
from archiver.store import Archive
from tests.batch_sites import Served, article_html, max_overlap, page, sites, write_list
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


def redirect(location: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return handler


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
    assert results[a.url("/go")].status == "failed"
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


def test_http_https_and_www_share_one_slot() -> None:
    """RELIABILITY 33: http/https and www/bare origins of a host: one in flight, one gap."""
    assert len({slot_key(o) for o in ("http://example.com", "https://www.example.com:8443",
                                      "https://EXAMPLE.com")}) == 1  # fmt: skip
    assert slot_key("https://news.example.com") != slot_key("https://example.com")
    polite = Politeness(per_host=1, delay=2.0)
    origins = ["http://example.com", "https://example.com", "https://www.example.com"]
    for origin in origins:
        polite.add(Job(f"{origin}/story", origin), 0.0)
    first = polite.take(0.0)
    assert first is not None and polite.take(0.0) is None  # the slot is taken
    polite.done(first, 1.0)
    assert polite.take(1.0) is None  # the gap holds across origins
    second = polite.take(2.0)
    assert second is not None and second.host != first.host
    polite.retry(second, 2.5, retry_after=10.0)
    polite.done(second, 2.5)
    assert polite.take(5.0) is None  # a Retry-After pauses the whole host
    assert polite.take(12.5) is not None


def test_other_hosts_still_overlap(tmp_path: Path) -> None:
    """Two different hosts are still fetched at the same time (the slot is per host)."""
    with sites(2, latency=0.3) as (a, b):
        urls = [*a.stories(range(3)), *b.stories(range(3))]
        summary, _ = run(urls, tmp_path, options(per_host=1))
        everyone = [*a.served, *b.served]
    assert summary.archived == 6
    assert max_overlap([s for s in everyone if s.path != "/robots.txt"]) == 2
