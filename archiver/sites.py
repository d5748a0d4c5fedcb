"""Which addresses are one site: the same host, or hosts under one registrable domain by the
Public Suffix List (`www.example.co.uk` and `news.example.co.uk` are; `alice.github.io` and
`bob.github.io` are not)."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

from archiver.connect import ip_of


@cache
def _suffixes() -> PublicSuffixList:
    # Built on first use (about 40 ms): most commands never compare two sites. The list
    # ships with the package, private suffixes included (github.io, blogspot.com), so each
    # user's site there is a site of its own; nothing is downloaded.
    return PublicSuffixList()


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    host = host.rstrip(".")
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def site_of(url: str) -> str:
    """The site a URL is on: its registrable domain, else (an IP address, a name with no
    public suffix such as `localhost`) its host; '' when it has no host."""
    host = _host(url)
    if not host:
        return ""
    if ip_of(host) is not None:
        return host
    return _suffixes().privatesuffix(host) or host


def one_site(a: str, b: str) -> bool:
    """Whether URLs `a` and `b` are on one site (see the module's docstring)."""
    site = site_of(a)
    return bool(site) and site == site_of(b)


__all__ = ["one_site", "site_of"]
