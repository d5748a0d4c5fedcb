"""Where a fetch may go, against loopback servers: redirects followed and stopped (RELIABILITY
5), only http(s) URLs, first and on every hop (RELIABILITY 6), and no redirect from a public
host to a private address (RELIABILITY 26)."""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from archiver.errors import InvalidURL
from archiver.fetch import Limits, check_url, fetch, fetch_once, is_private_address
from tests.fetch_helpers import PAGE, failure, only_127_0_0_1, redirect
from tests.server import Loopback

# -- RELIABILITY 5: redirects -------------------------------------------------------------------


def test_self_redirect_is_a_loop(srv: Loopback) -> None:
    """RELIABILITY 5: a self-redirecting 302 gives a clear error, after one hop."""
    srv.routes["/self"] = redirect("/self")
    err = failure(srv.url("/self"))
    assert str(err) == f"redirect loop at {srv.url('/self')}"
    assert len(srv.hits("/self")) == 1 and not err.retryable


def test_endless_chain_stops_at_the_limit(srv: Loopback) -> None:
    """RELIABILITY 5: an endless chain of new URLs stops after max_redirects hops."""
    for n in range(30):
        srv.routes[f"/hop/{n}"] = redirect(f"/hop/{n + 1}")
    err = failure(srv.url("/hop/0"), Limits(max_redirects=10))
    assert str(err) == f"too many redirects (10): {srv.url('/hop/0')}"
    assert len(srv.log) == 11


def test_chain_of_exactly_max_redirects_is_followed(srv: Loopback) -> None:
    """RELIABILITY 5: max_redirects hops are allowed; the final URL is the last one."""
    for n in range(3):
        srv.routes[f"/c/{n}"] = redirect(f"/c/{n + 1}", status=(301, 307, 308)[n])
    srv.static("/c/3", PAGE)
    fetched = fetch_once(srv.url("/c/0"), limits=Limits(max_redirects=3))
    assert (fetched.requested_url, fetched.final_url) == (srv.url("/c/0"), srv.url("/c/3"))


def test_self_redirect_that_sets_a_cookie_is_followed(srv: Loopback) -> None:
    """RELIABILITY 5: the cookie-check redirect back to the same URL is not a loop."""

    def wall(h: BaseHTTPRequestHandler) -> None:
        if "seen=1" in h.headers.get("Cookie", ""):
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", str(len(PAGE)))
            h.end_headers()
            h.wfile.write(PAGE.encode())
        else:
            redirect("/wall", Set_Cookie="seen=1; Path=/")(h)

    srv.routes["/wall"] = wall
    assert fetch_once(srv.url("/wall")).body == PAGE.encode()


def test_redirect_body_is_not_read(srv: Loopback) -> None:
    """RELIABILITY 3/5: a redirect's body (here endless) is never read, so it cannot hold us."""

    def endless(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", "/ok")
        h.send_header("Content-Length", str(10**12))
        h.end_headers()
        for _ in range(100):
            h.wfile.write(b"x" * 65536)
            time.sleep(0.1)

    srv.routes["/endless"] = endless
    srv.static("/ok", PAGE)
    assert fetch_once(srv.url("/endless"), limits=Limits(deadline=5)).final_url == srv.url("/ok")


def test_relative_and_sloppy_locations_are_resolved(srv: Loopback) -> None:
    """RELIABILITY 5: relative, scheme-relative and unencoded Locations work as in browsers."""
    srv.routes["/rel"] = redirect("a b")
    srv.routes["/a%20b"] = redirect(f"//127.0.0.1:{srv.port}/final?x=1")
    srv.static("/final", PAGE)
    assert fetch_once(srv.url("/rel")).final_url == srv.url("/final?x=1")


def test_redirect_without_location_is_an_error(srv: Loopback) -> None:
    """RELIABILITY 5: a 302 with no Location says so."""
    srv.static("/noloc", "", status=302)
    assert str(failure(srv.url("/noloc"))) == (
        f"HTTP 302 redirect without a Location: {srv.url('/noloc')}"
    )


# -- RELIABILITY 6: only http(s) ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/x",
        "javascript:alert(1)",
        "data:text/html,<p>x",
        "example.com/story",
        "http://",
        "http:///path",
        "http://exa mple.com/",
        "http://example.com/a b",
        "http://example.com/\x00",
        "http://example.com:99999/",
        "http://example.com:0/",
        "http://[::1/",
        "http://ex..com/",
        "http://ex_%41.com/",
        "",
        "   ",
    ],
)
def test_check_url_refuses_malformed_and_non_http_urls(url: str) -> None:
    """RELIABILITY 6: file://, other schemes and malformed URLs are InvalidURL, before any I/O."""
    with pytest.raises(InvalidURL) as info:
        check_url(url)
    assert "\n" not in str(info.value)
    with pytest.raises(InvalidURL):
        fetch_once(url)
    with pytest.raises(InvalidURL):
        fetch(url, sleep=pytest.fail)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com",
        "HTTPS://Example.COM/a?b=c#d",
        "http://user:pw@example.com:8080/x",
        "http://127.0.0.1:8000/",
        "http://[::1]:8000/",
        "https://пример.рф/новости",
        "https://example.com./trailing-dot",
        "https://my_host.example.com/",
    ],
)
def test_check_url_accepts_ordinary_urls(url: str) -> None:
    """RELIABILITY 6: ordinary http(s) URLs pass unchanged."""
    assert check_url(url) == url


def test_check_url_strips_surrounding_whitespace() -> None:
    """RELIABILITY 6: a pasted URL's surrounding whitespace is not part of it."""
    assert check_url("  https://example.com/x\n") == "https://example.com/x"


def test_error_for_file_url_names_the_schemes() -> None:
    """RELIABILITY 6: the message for file:// says what is allowed."""
    with pytest.raises(InvalidURL) as info:
        check_url("file:///etc/passwd")
    assert str(info.value) == (
        "unsupported URL scheme 'file' (only http and https): file:///etc/passwd"
    )


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "ftp://127.0.0.1/x", "javascript:alert(1)", "gopher://x/"]
)
def test_redirect_to_another_scheme_is_refused(srv: Loopback, location: str) -> None:
    """RELIABILITY 6: every hop is re-checked: `Location: file:///etc/passwd` is refused."""
    srv.routes["/r"] = redirect(location)
    err = failure(srv.url("/r"))
    assert str(err).startswith("redirect to a non-HTTP URL refused: ")
    assert location.split(":")[0] in str(err)
    assert not err.retryable


def test_redirect_to_a_malformed_url_is_refused(srv: Loopback) -> None:
    """RELIABILITY 6: a Location that is not a valid URL is a clear FetchError."""
    srv.routes["/bad6"] = redirect("http://[::1/")
    srv.routes["/nohost"] = redirect("http://exa mple.com/")
    assert "invalid redirect target" in str(failure(srv.url("/bad6")))
    assert "invalid redirect target" in str(failure(srv.url("/nohost")))


# -- RELIABILITY 26: private addresses ----------------------------------------------------------


@pytest.fixture
def public() -> Iterator[Loopback]:
    with Loopback(host="127.0.0.2") as server:
        yield server


def test_public_to_private_redirect_is_refused(srv: Loopback, public: Loopback) -> None:
    """RELIABILITY 26: a public host redirecting to a private address is refused."""
    srv.static("/admin", PAGE)
    public.routes["/go"] = redirect(srv.url("/admin"))
    err = failure(public.url("/go"), is_private=only_127_0_0_1)
    assert str(err).startswith(
        f"redirect from a public host to a private address refused: {srv.url('/admin')}"
    )
    assert srv.hits("/admin") == []
    allowed = Limits(allow_private=True)
    fetched = fetch_once(public.url("/go"), limits=allowed, is_private=only_127_0_0_1)
    assert fetched.final_url == srv.url("/admin")


def test_private_first_url_and_private_to_private_are_allowed(srv: Loopback) -> None:
    """RELIABILITY 26: the user's own URL may be private, and so may its redirects."""
    srv.routes["/r"] = redirect("/page")
    srv.static("/page", PAGE)
    assert fetch_once(srv.url("/r"), is_private=only_127_0_0_1).final_url == srv.url("/page")
    assert fetch_once(srv.url("/r")).final_url == srv.url("/page")  # real classifier


def test_redirect_to_a_name_that_resolves_privately_is_refused(public: Loopback) -> None:
    """RELIABILITY 26: a hostname is judged by the addresses it resolves to."""
    public.routes["/go"] = redirect("http://intranet.example:8080/secret")
    looked_up: list[str] = []

    def resolve(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        looked_up.append(host)
        return [ipaddress.ip_address("93.184.215.14"), ipaddress.ip_address("127.0.0.1")]

    err = failure(public.url("/go"), is_private=only_127_0_0_1, resolve=resolve)
    assert "private address refused: http://intranet.example:8080/secret" in str(err)
    assert looked_up == ["intranet.example"]


def test_redirect_to_a_name_that_does_not_resolve_is_a_dns_error(public: Loopback) -> None:
    """RELIABILITY 26: a redirect target whose lookup fails is the same clear DNS error."""
    public.routes["/go"] = redirect("http://gone.example/story")

    def resolve(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    err = failure(public.url("/go"), is_private=only_127_0_0_1, resolve=resolve)
    assert str(err) == "could not resolve host gone.example: http://gone.example/story"
    assert not err.retryable


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("::1", True),
        ("fe80::1", True),
        ("fd00::1", True),
        ("::ffff:127.0.0.1", True),
        ("93.184.215.14", False),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", False),
    ],
)
def test_private_address_classifier(address: str, private: bool) -> None:
    """RELIABILITY 26: loopback, RFC 1918, link-local, CGNAT, ULA, mapped IPv4 are private."""
    assert is_private_address(ipaddress.ip_address(address)) is private
