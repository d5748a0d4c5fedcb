"""robots.txt per RFC 9309: what each answer means, Crawl-delay, one fetch per origin."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler

import pytest

from archiver.fetch import new_session, user_agent
from archiver.robots import Robots, RobotsCache, fetch_robots, origin_of
from tests.server import Loopback

RULES = """User-agent: *
Disallow: /private/
Crawl-delay: 2

User-agent: otherbot
Disallow: /
"""


def robots_of(server: Loopback, timeout: float = 10.0) -> Robots:
    return fetch_robots(
        server.origin, session=new_session(), user_agent=user_agent(), timeout=timeout
    )


def test_rules_and_crawl_delay_and_honest_user_agent(server: Loopback) -> None:
    """RELIABILITY 10/11: Disallow honoured, Crawl-delay read, fetched with our User-Agent."""
    server.static("/robots.txt", RULES, content_type="text/plain")
    robots = robots_of(server)
    assert robots.refusal(server.url("/private/x")) == "disallowed by robots.txt"
    assert robots.refusal(server.url("/news/x")) is None
    assert robots.crawl_delay == 2.0
    (hit,) = server.log
    assert hit.headers["User-Agent"] == user_agent()
    assert hit.headers["User-Agent"].startswith("archiver/")


def test_rules_for_our_agent_by_name(server: Loopback) -> None:
    server.static("/robots.txt", "User-agent: archiver\nDisallow: /\n", content_type="text/plain")
    assert robots_of(server).refusal(server.url("/a")) == "disallowed by robots.txt"


def test_4xx_allows_everything(server: Loopback) -> None:
    """RELIABILITY 10: robots.txt 404 (or 403) -> no rules, everything may be fetched."""
    for status in (404, 403, 410):
        server.static("/robots.txt", "nope", status=status, content_type="text/plain")
        robots = robots_of(server)
        assert robots.refusal(server.url("/anything")) is None, status
        assert robots.crawl_delay is None


def test_5xx_and_429_forbid_the_whole_origin(server: Loopback) -> None:
    """RELIABILITY 10: robots.txt 503 -> the host is off limits (it may be overloaded)."""
    for status in (500, 503, 429):
        server.static("/robots.txt", "busy", status=status, content_type="text/plain")
        robots = robots_of(server)
        assert robots.refusal(server.url("/a")) == f"robots.txt answered HTTP {status}"


def test_unreachable_forbids_the_whole_origin() -> None:
    """RELIABILITY 10: no answer at all (connection refused) -> disallow."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    robots = fetch_robots(
        f"http://127.0.0.1:{port}", session=new_session(), user_agent=user_agent()
    )
    assert robots.refusal(f"http://127.0.0.1:{port}/a") == (
        "robots.txt unreachable (connection refused)"
    )


def test_a_stalled_robots_fetch_times_out(server: Loopback) -> None:
    """RELIABILITY 1/10: robots.txt fetched with a timeout; a stall counts as unreachable."""

    def stall(h: BaseHTTPRequestHandler) -> None:
        time.sleep(2)

    server.routes["/robots.txt"] = stall
    started = time.monotonic()
    robots = robots_of(server, timeout=0.3)
    assert time.monotonic() - started < 1.5
    assert robots.refusal(server.url("/a")) == "robots.txt unreachable (timed out)"


def test_redirects_are_followed_a_few_times(server: Loopback) -> None:
    """RFC 9309 2.3.1.2: follow up to five redirects; beyond, treat as unavailable (allow)."""
    server.static("/robots.txt", "", status=301, headers={"Location": "/r2"})
    server.static("/r2", "User-agent: *\nDisallow: /x\n", content_type="text/plain")
    assert robots_of(server).refusal(server.url("/x")) == "disallowed by robots.txt"
    server.static("/robots.txt", "", status=302, headers={"Location": "/robots.txt"})
    server.log.clear()
    assert robots_of(server).refusal(server.url("/x")) is None
    assert len(server.log) == 6


def test_the_cache_fetches_once_per_origin_even_when_asked_at_once(server: Loopback) -> None:
    """RELIABILITY 10: cached per run; threads asking together share one fetch."""

    def slow_rules(h: BaseHTTPRequestHandler) -> None:
        time.sleep(0.2)
        body = RULES.encode()
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    server.routes["/robots.txt"] = slow_rules
    cache = RobotsCache(
        lambda origin: fetch_robots(origin, session=new_session(), user_agent=user_agent())
    )
    answers: list[str | None] = []
    threads = [
        threading.Thread(target=lambda: answers.append(cache.refusal(server.url("/private/1"))))
        for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == ["disallowed by robots.txt"] * 5
    assert cache.refusal(server.url("/ok")) is None
    assert len(server.hits("/robots.txt")) == 1


def test_origin_of() -> None:
    assert origin_of("HTTP://Example.com:80/a?b") == "http://example.com"
    assert origin_of("https://example.com:8443/a") == "https://example.com:8443"
    assert origin_of("https://[::1]:443/") == "https://[::1]"


@pytest.mark.parametrize("location", ["https://[x]/robots.txt", "http://", "http://a b/"])
def test_a_redirect_to_no_url_is_no_file(server: Loopback, location: str) -> None:
    """RELIABILITY 10: requests raises on such a Location even when it follows none; a
    robots.txt that leads nowhere allows everything, as a missing one does."""
    server.static("/robots.txt", "", status=301, headers={"Location": location})
    robots = robots_of(server)
    assert robots.refusal(server.url("/a")) is None and robots.rules is None


def test_a_public_hosts_robots_txt_redirecting_to_a_private_address_is_not_followed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """RELIABILITY 26: a public host's robots.txt redirecting to a private address (a cloud's
    metadata service, the user's router) is not followed, as a page's redirect is not: no
    file, everything allowed; the private host sees no request. With allow_private, or from a
    private host (the user's own), the redirect is followed."""
    monkeypatch.setenv("ARCHIVER_TREAT_AS_PUBLIC", "127.0.0.5")
    with Loopback(host="127.0.0.5") as public, Loopback() as private:
        private.static("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
        public.static(
            "/robots.txt", "", status=302, headers={"Location": private.url("/robots.txt")}
        )
        robots = robots_of(public)
        assert robots.refusal(public.url("/story")) is None
        assert private.log == []
        followed = fetch_robots(
            public.origin, session=new_session(), user_agent=user_agent(), allow_private=True
        )
        assert followed.refusal(public.url("/story")) == "disallowed by robots.txt"
        assert len(private.log) == 1
    with Loopback() as own, Loopback(host="127.0.0.2") as other:
        other.static("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
        own.static("/robots.txt", "", status=302, headers={"Location": other.url("/robots.txt")})
        assert robots_of(own).refusal(own.url("/story")) == "disallowed by robots.txt"
