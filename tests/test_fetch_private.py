"""Private addresses (RELIABILITY 26, 28, 32): what a public page may send the fetcher to.

`ARCHIVER_TREAT_AS_PUBLIC` makes chosen loopback addresses count as public, so that a public
-> private case runs on 127.0.0.0/8 through the real CLI.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from archiver.cli import cli
from archiver.errors import ArchiverError
from archiver.fetch import TREAT_AS_PUBLIC, is_private_address
from tests.fetch_helpers import redirect
from tests.server import Loopback

PAGE = "<!DOCTYPE html><html><head><title>T</title></head><body><p>Hello</p></body></html>"


@pytest.fixture
def public() -> Iterator[Loopback]:
    """A server on 127.0.0.2, which the tests declare public."""
    with Loopback(host="127.0.0.2") as server:
        yield server


@pytest.mark.parametrize(
    ("setting", "address", "private"),
    [
        ("127.0.0.2", "127.0.0.2", False),
        ("127.0.0.2", "127.0.0.1", True),
        ("127.0.0.5, 127.0.0.6", "127.0.0.6", False),
        ("127.0.0.4/30", "127.0.0.7", False),
        ("127.0.0.4/30", "127.0.0.8", True),
        ("127.0.0.2", "::ffff:127.0.0.2", False),
        ("::1", "::1", False),
        ("", "127.0.0.2", True),
    ],
)
def test_treat_as_public_setting(
    monkeypatch: pytest.MonkeyPatch, setting: str, address: str, private: bool
) -> None:
    """RELIABILITY 26: $ARCHIVER_TREAT_AS_PUBLIC (addresses, CIDR ranges) counts as public."""
    monkeypatch.setenv(TREAT_AS_PUBLIC, setting)
    assert is_private_address(ipaddress.ip_address(address)) is private


def test_a_bad_treat_as_public_setting_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TREAT_AS_PUBLIC, "127.0.0.2,localhost")
    with pytest.raises(ArchiverError, match="'localhost' is not an IP address or CIDR range"):
        is_private_address(ipaddress.ip_address("127.0.0.2"))


def test_cli_refuses_a_public_to_loopback_redirect(
    server: Loopback, public: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 26: through the real CLI, a "public" loopback host redirecting to
    127.0.0.1 is refused; without the setting both are private and the redirect is followed."""
    server.static("/admin", PAGE)
    public.routes["/go"] = redirect(server.url("/admin"))
    args = ["archive", public.url("/go"), "--archive-dir", str(tmp_path / "a")]

    refused = CliRunner().invoke(cli, args, env={TREAT_AS_PUBLIC: "127.0.0.2"})
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        f"Error: redirect from a public host to a private address refused: "
        f"{server.url('/admin')} (from {public.url('/go')}; allow it with "
        f"--allow-private)"
    )
    assert server.hits("/admin") == []

    followed = CliRunner().invoke(cli, args, env={TREAT_AS_PUBLIC: ""})
    assert len(server.hits("/admin")) == 1, followed.output


@pytest.mark.parametrize("flag", ["--allow-private", "--allow-private-redirects"])
def test_allow_private_lets_the_redirect_through(
    server: Loopback, public: Loopback, tmp_path: Path, flag: str
) -> None:
    """RELIABILITY 26: --allow-private (and its old name) follows a public -> private redirect."""
    server.static("/admin", PAGE)
    public.routes["/go"] = redirect(server.url("/admin"))
    args = ["archive", public.url("/go"), "--archive-dir", str(tmp_path), flag]
    result = CliRunner().invoke(cli, args, env={TREAT_AS_PUBLIC: "127.0.0.2"})
    assert len(server.hits("/admin")) == 1, result.output
    assert "private address refused" not in result.output


def test_a_url_a_public_feed_listed_is_checked_when_it_is_fetched(server: Loopback) -> None:
    """RELIABILITY 32: the batch passes the public feed a URL came from (listed_by); the
    fetch then resolves the URL once, refuses a private address and never connects."""
    from archiver.errors import FetchError
    from archiver.fetch import Limits, fetch_once

    server.static("/x", PAGE)
    feed = "http://127.0.0.2:8080/feed.xml"
    with pytest.raises(FetchError) as info:
        fetch_once(server.url("/x"), listed_by=feed)
    assert str(info.value) == (
        f"a public feed or sitemap listed a private address; refused: {server.url('/x')} "
        f"(listed in {feed}; allow it with --allow-private)"
    )
    assert server.hits("/x") == []
    fetched = fetch_once(server.url("/x"), listed_by=feed, limits=Limits(allow_private=True))
    assert fetched.final_url == server.url("/x")
