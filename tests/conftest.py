"""Fixtures shared by the whole suite: loopback servers and the ../shared material."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server import FIXTURES, Loopback

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def server() -> Iterator[Loopback]:
    """A loopback HTTP server on 127.0.0.1 serving fixtures/."""
    with Loopback() as srv:
        yield srv


@pytest.fixture(scope="module")
def shared_server() -> Iterator[Loopback]:
    with Loopback() as server:
        yield server


@pytest.fixture
def srv(shared_server: Loopback) -> Loopback:
    """One loopback server for the module (its shutdown polls for 0.5 s), reset per test."""
    shared_server.routes.clear()
    shared_server.log.clear()
    return shared_server


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skip the test where it is absent, fail instead under CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"{path} is absent (the shared material lives beside the clone)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must have it")
        pytest.skip(reason)
    return path


def require_tool(name: str, *, package: str | None = None) -> str:
    """The path of a system program; skip where it is absent, fail instead under CI.

    `.ci/run` installs the Debian packages the tests need (chromium, hugo, jekyll, pandoc).
    """
    import shutil

    path = shutil.which(name)
    if path is None:
        reason = f"{name} is not installed (apt-get install {package or name})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must have it")
        pytest.skip(reason)
    return path
