"""Pictures kept with an article, through the real CLI against loopback servers: stored once
by content, linked relatively, recorded when they fail, bounded in count, size and time."""

from __future__ import annotations

import base64
import gzip
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archiver.assets import PictureLimits, keep_pictures
from archiver.cli import cli
from archiver.fetch import Limits
from archiver.frontmatter import read_article
from archiver.store import Archive
from tests.server import Loopback, respond
from tests.test_site import PNG
from tests.test_store import make_article, make_fetched, page


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def story(
    server: Loopback,
    pictures: str,
    path: str = "/story.html",
    title: str = "Harbour",
    canonical: str | None = None,
) -> str:
    """An article page on `server` showing `pictures`, whose canonical address is itself,
    or `canonical` (a link and og:url) when given."""
    url = server.url(path)
    claim = f'<meta property="og:url" content="{canonical}">' if canonical else ""
    paragraphs = "".join(
        f"<p>The harbour reopened to fishing boats after three months of repairs, "
        f"paragraph {n} of the story about the quay and the boats.</p>"
        for n in range(6)
    )
    html = (
        f'<!DOCTYPE html><html lang="en"><head><title>{title}</title>'
        f'<link rel="canonical" href="{canonical or url}">{claim}'
        f'<meta property="og:title" content="{title}">'
        f"</head><body><article><h1>{title}</h1>{paragraphs[:400]}{pictures}{paragraphs[400:]}"
        f"</article></body></html>"
    )
    server.static(path, html)
    return url


def png_route(server: Loopback, path: str, data: bytes = PNG, ctype: str = "image/png") -> None:
    server.static(path, data, content_type=ctype)


def archive(tmp_path: Path, url: str, *options: str) -> Result:
    result = run("archive", url, "--archive-dir", str(tmp_path / "archive"), *options)
    assert result.exit_code == 0, result.output
    return result


def stored(result: Result) -> Path:
    return Path(result.stdout.strip().splitlines()[-1])


def errors(path: Path) -> dict[str, str]:
    return {a.url.rsplit("/", 1)[-1]: a.error for a in read_article(path).assets if a.error}


# -- kept ---------------------------------------------------------------------------------------
def test_pictures_are_kept_once_by_content_and_linked_relatively(
    server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 46: the pictures an article shows (src, lazy data-src) are stored once by
    content under <archive>/assets/, the stored Markdown links
    them by a relative path that opens with the server gone, the front matter lists each
    one (url, path, type, bytes, sha256), and the capture holds their requests and
    responses."""
    png_route(server, "/img/a.png")
    png_route(server, "/img/same-bytes.png")
    other = PNG[:-12] + PNG[-12:]  # same picture, another URL
    png_route(server, "/img/lazy.png", other)
    url = story(
        server,
        '<figure><img src="/img/a.png" alt="The quay"></figure>'
        '<figure><img data-src="/img/lazy.png" src="/img/placeholder.gif" alt="Lazy"></figure>'
        '<figure><img src="/img/same-bytes.png" alt="Again"></figure>',
    )
    result = archive(tmp_path, url)
    path = stored(result)
    assert "3 pictures kept, 0 failed" in result.stderr
    article = read_article(path)
    assert len(article.assets) == 3
    digest = article.assets[0].sha256
    assert digest is not None
    kept = tmp_path / "archive" / "assets" / digest[:2] / f"{digest}.png"
    assert kept.read_bytes() == PNG
    assert sorted(p.name for p in (tmp_path / "archive" / "assets").rglob("*.png")) == [kept.name]
    for asset in article.assets:
        assert asset.path == f"../../../assets/{digest[:2]}/{digest}.png"
        assert asset.content_type == "image/png" and asset.bytes == len(PNG)
        assert (path.parent / asset.path).resolve() == kept.resolve()
        assert f"]({asset.path})" in article.body
    assert "http://127.0.0.1" not in article.body.split("Lazy")[0].rsplit("![", 1)[-1]
    capture = gzip.decompress((path.parent / (path.stem + ".warc.gz")).read_bytes())
    assert capture.count(b"WARC-Target-URI: " + server.url("/img/a.png").encode()) == 2


def test_no_assets_keeps_no_picture(server: Loopback, tmp_path: Path) -> None:
    png_route(server, "/img/a.png")
    url = story(server, '<img src="/img/a.png" alt="x">')
    path = stored(archive(tmp_path, url, "--no-assets"))
    assert read_article(path).assets == []
    assert not (tmp_path / "archive" / "assets").exists()
    assert server.hits("/img/a.png") == []


# -- bad pictures -------------------------------------------------------------------------------
def test_each_bad_picture_is_recorded_and_the_article_is_stored(
    server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 47: a picture over the size cap, an HTML answer for a picture URL, a
    truncated picture, an SVG (by its label or by its bytes), a 404 and a path robots.txt
    disallows each get a clear record in the front matter; the article is stored, the good
    picture kept, nothing half-written."""
    png_route(server, "/img/good.png")
    png_route(server, "/img/huge.png", PNG[:-12] + b"\0" * (11 * 1024 * 1024) + PNG[-12:])
    png_route(server, "/img/page.png", b"<!DOCTYPE html><html>nope</html>", "text/html")
    png_route(server, "/img/cut.png", PNG[:-20])
    png_route(
        server, "/img/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"
    )
    png_route(server, "/img/lies.png", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/png")
    png_route(server, "/private/secret.png")
    server.static("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    url = story(
        server,
        "".join(
            f'<figure><img src="{src}" alt="{n}"></figure>'
            for n, src in enumerate(
                [
                    "/img/good.png",
                    "/img/huge.png",
                    "/img/page.png",
                    "/img/cut.png",
                    "/img/logo.svg",
                    "/img/lies.png",
                    "/img/missing.png",
                    "/private/secret.png",
                ]
            )
        ),
    )
    result = archive(tmp_path, url)
    path = stored(result)
    assert "1 pictures kept, 7 failed" in result.stderr
    why = errors(path)
    assert "larger than 10 MB" in why["huge.png"]
    assert why["page.png"] == "not a picture: the server says text/html"
    assert why["cut.png"].startswith("truncated image/png")
    assert why["logo.svg"].startswith("SVG not kept")
    assert why["lies.png"].startswith("SVG not kept")
    assert "404" in why["missing.png"]
    assert "robots.txt" in why["secret.png"]
    files = [p for p in (tmp_path / "archive" / "assets").rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in files] == [PNG]
    assert not list((tmp_path / "archive").rglob("*.tmp"))


def test_data_pictures_up_to_100_kb_are_kept_larger_ones_dropped(tmp_path: Path) -> None:
    """A `data:` picture in a stored body is kept like any other up to 100 KB; a larger one
    is recorded and taken out of the body."""
    small = base64.b64encode(PNG).decode()
    big = base64.b64encode(PNG + b"\0" * 120_000).decode()
    fetched = make_fetched("https://news.example/story", page("Story", "Text."))
    body = f"Text.\n\n![dot](data:image/png;base64,{small})\n\n![big](data:image/png;base64,{big})"
    store = Archive(tmp_path / "archive")
    path = store.save(make_article(fetched, headline="Story", body=body), fetched).path
    kept = keep_pictures(store, path, fetch_limits=Limits())
    assert (kept.kept, kept.failed, kept.changed) == (1, 1, True)
    article = read_article(path)
    good, bad = article.assets
    assert good.url == "data:image/png;base64,…" and good.bytes == len(PNG)
    assert bad.error == "data: picture larger than 100 KB, not kept"
    assert "data:" not in article.body and f"![dot]({good.path})" in article.body


def test_a_public_pages_picture_on_a_private_address_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RELIABILITY 48: a public page's picture that is on, or redirects to, a private
    address is refused and recorded (the page fetcher's own private-address check); the
    private host sees no request at all, not even for its robots.txt."""
    monkeypatch.setenv("ARCHIVER_TREAT_AS_PUBLIC", "127.0.0.5")
    with Loopback(host="127.0.0.5") as public, Loopback() as private:
        png_route(private, "/secret.png")
        png_route(public, "/ok.png")
        public.static("/hop.png", b"", status=302, headers={"Location": private.url("/secret.png")})
        url = story(
            public,
            f'<figure><img src="/ok.png" alt="a"></figure><figure><img src="/hop.png" alt="b">'
            f'</figure><figure><img src="{private.url("/secret.png")}" alt="c"></figure>',
        )
        path = stored(archive(tmp_path, url))
        assert private.hits("/secret.png") == []
        # Not its robots.txt either: the host is checked before robots.txt is asked for.
        assert private.log == []
    why = errors(path)
    assert "private address" in why["hop.png"] and "refused" in why["hop.png"]
    assert "private address" in why["secret.png"]
    assert len([a for a in read_article(path).assets if a.error is None]) == 1


def test_a_public_pages_picture_hosts_robots_txt_is_fetched_from_the_checked_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RELIABILITY 48: the picture's host is resolved once and checked, and its robots.txt
    is fetched from that checked address, not from a second answer: here the check's
    resolver says public (127.0.0.5), the system's says private (localhost, 127.0.0.1)."""
    import ipaddress

    monkeypatch.setenv("ARCHIVER_TREAT_AS_PUBLIC", "127.0.0.5")
    with Loopback(host="127.0.0.5") as public, Loopback(port=public.port) as private:
        png_route(public, "/pic.png")
        png_route(private, "/pic.png")
        picture = f"http://localhost:{public.port}/pic.png"
        url = story(public, f'<figure><img src="{picture}" alt="a"></figure>')
        path = stored(archive(tmp_path, url, "--no-assets"))

        def resolve(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
            return [ipaddress.ip_address("127.0.0.5")]

        kept = keep_pictures(
            Archive(tmp_path / "archive"), path, fetch_limits=Limits(), resolve=resolve
        )
        assert private.log == []
        assert public.hits("/robots.txt") and public.hits("/pic.png")
    assert kept.kept == 1


def test_with_allow_private_a_picture_hosts_robots_txt_may_redirect_to_a_private_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RELIABILITY 26: --allow-private reaches the pictures' robots.txt too: a picture host's
    robots.txt redirecting to a private address is followed, and its rules obeyed."""
    monkeypatch.setenv("ARCHIVER_TREAT_AS_PUBLIC", "127.0.0.5")
    with Loopback(host="127.0.0.5") as public, Loopback() as private:
        png_route(public, "/pic.png")
        rules = private.url("/robots.txt")
        private.static("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
        url = story(public, '<figure><img src="/pic.png" alt="a"></figure>')
        path = stored(archive(tmp_path, url, "--no-assets"))
        public.static("/robots.txt", "", status=302, headers={"Location": rules})
        limits = Limits(allow_private=True)
        keep_pictures(Archive(tmp_path / "archive"), path, fetch_limits=limits)
        assert len(private.hits("/robots.txt")) == 1
        assert public.hits("/pic.png") == []
    assert errors(path)["pic.png"] == "disallowed by robots.txt"


def test_a_public_page_naming_a_private_canonical_address_still_gets_no_private_picture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RELIABILITY 48: the page that points at the pictures is the one fetched, not the
    address it names as its own: a public page whose canonical link and og:url name a
    private address does not make its pictures on a private address fetchable."""
    monkeypatch.setenv("ARCHIVER_TREAT_AS_PUBLIC", "127.0.0.5")
    with Loopback(host="127.0.0.5") as public, Loopback() as private:
        png_route(private, "/secret.png")
        claimed = private.url("/story.html")
        picture = f'<figure><img src="{private.url("/secret.png")}" alt="c"></figure>'
        url = story(public, picture, canonical=claimed)
        path = stored(archive(tmp_path, url))
        assert read_article(path).url == url  # a claim naming another site is set aside
        assert private.log == []  # neither the picture nor its host's robots.txt
    assert "private address" in errors(path)["secret.png"]


# -- bounds -------------------------------------------------------------------------------------
def test_ten_thousand_picture_tags_fetch_a_hundred_four_at_a_time(
    server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 49: at most 100 pictures an article are fetched (the rest recorded once),
    at most 4 at a time from one host, and all of an article's pictures within one deadline:
    a picture still coming then is recorded as late and the article is stored."""

    def slow(h: object) -> None:
        time.sleep(0.05)
        respond(h, 200, PNG, content_type="image/png")  # type: ignore[arg-type]

    tags = "".join(f'<img src="/p/{n}.png" alt="{n}">' for n in range(10_000))
    for n in range(10_000):
        server.routes[f"/p/{n}.png"] = slow
    url = story(server, f"<figure>{tags}</figure>")
    path = stored(archive(tmp_path, url))
    fetched = [h for h in server.log if h.path.startswith("/p/")]
    assert len(fetched) == 100
    assert server.max_in_flight <= 4 + 1  # the pictures, and at most the robots.txt
    assets = read_article(path).assets
    assert len([a for a in assets if a.error is None]) == 100
    (over,) = [a for a in assets if a.error]
    assert over.error is not None and "9900 not fetched" in over.error

    def stuck(h: object) -> None:
        time.sleep(8)
        respond(h, 200, PNG, content_type="image/png")  # type: ignore[arg-type]

    server.routes["/stuck.png"] = stuck
    png_route(server, "/quick.png")
    url = story(server, '<img src="/stuck.png" alt="s"><img src="/quick.png" alt="q">', "/b.html")
    path = stored(archive(tmp_path, url, "--no-assets"))
    start = time.monotonic()
    keep_pictures(
        Archive(tmp_path / "archive"),
        path,
        fetch_limits=Limits(),
        limits=PictureLimits(deadline=1.0),
    )
    assert time.monotonic() - start < 5  # the deadline, not the stuck picture's 8 s
    why = errors(path)
    assert why == {"stuck.png": "not fetched within the 1 s deadline for the pictures"}


def test_archiving_again_retries_failed_pictures_without_a_new_version(
    server: Loopback, tmp_path: Path
) -> None:
    png_route(server, "/img/later.png", b"busy", "text/plain")
    url = story(server, '<figure><img src="/img/later.png" alt="later"></figure>')
    path = stored(archive(tmp_path, url))
    assert "later.png" in errors(path)
    png_route(server, "/img/later.png")
    again = archive(tmp_path, url)
    assert again.stderr.startswith("unchanged: ") and "1 pictures kept, 0 failed" in again.stderr
    assert errors(path) == {}
    assert not list(path.parent.glob("*.versions"))
    hits = len(server.hits("/img/later.png"))
    archive(tmp_path, url)
    assert len(server.hits("/img/later.png")) == hits  # kept: not fetched again


# -- verify, gc, render -------------------------------------------------------------------------
def test_verify_gc_and_render_know_the_kept_pictures(server: Loopback, tmp_path: Path) -> None:
    png_route(server, "/img/a.png")
    url = story(server, '<figure><img src="/img/a.png" alt="The quay"></figure>')
    path = stored(archive(tmp_path, url))
    root = str(tmp_path / "archive")
    (asset,) = read_article(path).assets
    kept = (path.parent / str(asset.path)).resolve()
    assert run("verify", "--archive-dir", root).exit_code == 0

    # a stray picture: verify names it, gc removes it and nothing else
    stray = tmp_path / "archive" / "assets" / "00" / ("0" * 64 + ".png")
    stray.parent.mkdir(parents=True)
    stray.write_bytes(PNG + b"x")
    result = run("verify", "--archive-dir", root)
    assert result.exit_code == 1 and f"{stray}: a picture no article refers to" in result.stdout
    assert run("gc", "--dry-run", "--archive-dir", root).stdout.strip() == str(stray)
    assert stray.exists()
    result = run("gc", "--archive-dir", root)
    assert result.stdout.strip() == str(stray) and "removed 1 unreferenced" in result.stderr
    assert not stray.exists() and kept.exists()
    assert run("verify", "--archive-dir", root).exit_code == 0

    # a changed or missing picture is named
    kept.write_bytes(PNG[:-1] + b"\0")
    result = run("verify", "--archive-dir", root)
    assert result.exit_code == 1 and "differs from the front matter" in result.stdout
    kept.write_bytes(PNG)

    # a standalone page holds its pictures; a rendered folder gets a copy beside the page
    page = run("render", str(path), "--format", "html", "--archive-dir", root)
    assert page.exit_code == 0
    assert '<img src="data:image/png;base64,' in page.stdout and "/img/a.png" not in page.stdout
    out = tmp_path / "rendered"
    result = run("render", "--all", "--format", "html", "--out", str(out), "--archive-dir", root)
    assert result.exit_code == 0
    html_path = Path(result.stdout.strip())
    src = html_path.read_text().split('<img src="', 1)[1].split('"', 1)[0]
    assert (html_path.parent / src).resolve().read_bytes() == PNG
    assert (html_path.parent / src).resolve().is_relative_to(out.resolve())
    # the archive format shows no pictures, as before
    text = run("render", str(path), "--format", "article", "--archive-dir", root).stdout
    assert "assets/" not in text and "![" not in text

    kept.unlink()
    result = run("verify", "--archive-dir", root)
    assert result.exit_code == 1 and "is missing" in result.stdout


def test_import_keeps_the_pictures_of_every_article(server: Loopback, tmp_path: Path) -> None:
    png_route(server, "/img/shared.png")
    urls = [
        story(
            server, '<figure><img src="/img/shared.png" alt="s"></figure>', f"/s{n}.html", f"S{n}"
        )
        for n in range(2)
    ]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n")
    root = tmp_path / "archive"
    result = run("import", str(listing), "--delay", "0", "--archive-dir", str(root))
    assert result.exit_code == 0, result.output
    paths = [Path(p) for p in result.stdout.split()]
    assert len(paths) == 2
    for path in paths:
        (asset,) = read_article(path).assets
        assert asset.error is None and (path.parent / str(asset.path)).read_bytes() == PNG
    assert len(list((root / "assets").rglob("*.png"))) == 1

    other = tmp_path / "other"
    result = run("import", str(listing), "--no-assets", "--delay", "0", "--archive-dir", str(other))
    assert result.exit_code == 0 and not (other / "assets").exists()


def test_imports_time_and_counts_include_the_wait_for_the_last_pictures(
    server: Loopback, tmp_path: Path
) -> None:
    """The articles are stored before their pictures come (the writer never waits on a
    picture server): the summary's time is the command's, that wait included and said, with
    the pictures kept and failed."""

    def slow(h: object) -> None:
        time.sleep(2.0)
        respond(h, 200, PNG, content_type="image/png")  # type: ignore[arg-type]

    server.routes["/img/slow.png"] = slow
    urls = [
        story(server, f'<figure><img src="/img/slow.png?{n}" alt="s"></figure>', f"/t{n}.html")
        for n in range(2)
    ]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n")
    started = time.monotonic()
    result = run("import", str(listing), "--delay", "0", "--archive-dir", str(tmp_path / "a"))
    took = time.monotonic() - started
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith("keeping the pictures of ") for line in lines), lines
    assert "pictures: 2 kept, 0 failed" in lines
    match = re.search(
        r" in ([0-9.]+) s \(.*; ([0-9.]+) s of it keeping the last pictures\)", lines[-1]
    )
    assert match is not None, lines[-1]
    total, waited = float(match.group(1)), float(match.group(2))
    # The pictures took 2 s, some of it while the batch ran, the rest after it; both figures
    # are printed to a tenth of a second, so a batch that took under 0.05 s shows them equal.
    assert 0 < waited <= total and 2.0 <= total <= took + 0.1


def _picture_stories(
    server: Loopback, pictures: Loopback, groups: list[list[str]], tmp_path: Path
) -> Path:
    """A story on `server` for each group of picture paths on `pictures`, listed for an
    import: the list's path."""
    urls = [
        story(
            server,
            "".join(f'<figure><img src="{pictures.url(p)}" alt="p"></figure>' for p in group),
            f"/s{n}.html",
        )
        for n, group in enumerate(groups)
    ]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n")
    return listing


def test_a_batch_asks_each_picture_host_for_its_robots_txt_once(
    server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 10: robots.txt is read once per host a run, for pictures as for pages: six
    articles whose pictures are on one host ask it once, not once an article."""
    with Loopback() as pictures:
        pictures.static(
            "/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain"
        )
        for n in range(6):
            png_route(pictures, f"/p{n}.png")
        listing = _picture_stories(server, pictures, [[f"/p{n}.png"] for n in range(6)], tmp_path)
        result = run("import", str(listing), "--delay", "0", "--archive-dir", str(tmp_path / "a"))
        assert result.exit_code == 0, result.output
        assert "pictures: 6 kept, 0 failed" in result.stderr.splitlines()
        assert len(pictures.hits("/robots.txt")) == 1


def _slow_pictures(pictures: Loopback, articles: int, each: int) -> tuple[list[int], list[str]]:
    """`articles` x `each` pictures on `pictures`, each answered after 0.15 s: the most of
    them ever in flight at once (a one-item list, filled as they come) and the paths."""
    lock = threading.Lock()
    now = [0]
    most = [0]

    def slow(h: object) -> None:
        with lock:
            now[0] += 1
            most[0] = max(most[0], now[0])
        try:
            time.sleep(0.15)
        finally:
            # Done before the answer is written: once it is, the client may send its next
            # request, which another handler counts before this one would get here.
            with lock:
                now[0] -= 1
        respond(h, 200, PNG, content_type="image/png")  # type: ignore[arg-type]

    paths = [f"/a{a}/p{n}.png" for a in range(articles) for n in range(each)]
    for path in paths:
        pictures.routes[path] = slow
    return most, paths


def test_a_batch_keeps_the_pictures_per_host_limit_across_its_articles(
    server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 49: a batch's articles share the picture limits on requests in flight:
    4 to one host for the whole batch (not 4 for each of the articles whose pictures come
    at once), and no more than --concurrency in all."""
    with Loopback() as pictures:
        most, paths = _slow_pictures(pictures, 6, 4)
        groups = [[p for p in paths if p.startswith(f"/a{a}/")] for a in range(6)]
        listing = _picture_stories(server, pictures, groups, tmp_path)
        result = run("import", str(listing), "--delay", "0", "--archive-dir", str(tmp_path / "a"))
        assert result.exit_code == 0, result.output
        assert "pictures: 24 kept, 0 failed" in result.stderr.splitlines()
        assert 2 <= most[0] <= 4  # several at once, never more than the host's 4

        most[0] = 0
        result = run(
            "import", str(listing), "--delay", "0", "--refresh", "--concurrency", "2",
            "--archive-dir", str(tmp_path / "b"),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "pictures: 24 kept, 0 failed" in result.stderr.splitlines()
        assert most[0] == 2


def _hanging_import(
    server: Loopback, tmp_path: Path, prefix: str
) -> tuple[threading.Event, list[str]]:
    """Eight stories whose pictures hang until the returned event is set (at most 20 s),
    listed for an import: the event, and the import command without its archive."""
    stuck = threading.Event()

    def hanging(h: object) -> None:
        stuck.wait(20)
        respond(h, 200, PNG, content_type="image/png")  # type: ignore[arg-type]

    for n in range(8):
        server.routes[f"/img/{n}.png"] = hanging
    urls = [
        story(server, f'<figure><img src="/img/{n}.png" alt="s"></figure>', f"/{prefix}{n}.html")
        for n in range(8)
    ]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n")
    return stuck, [sys.executable, "-m", "archiver", "import", str(listing), "--delay", "0"]


def _interrupt_when(
    proc: subprocess.Popen[bytes], ready: Callable[[], bool], stuck: threading.Event
) -> None:
    """Ctrl-C to `proc` once `ready()` (or after 30 s), and its exit within 15 s; the
    pictures are let go and the process killed if it is still there."""
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not ready():
            time.sleep(0.01)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=15)
    finally:
        stuck.set()
        if proc.poll() is None:
            proc.kill()


def test_ctrl_c_while_the_last_pictures_come_stops_and_retry_failed_fetches_them(
    server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 24: Ctrl-C while an import waits for its last pictures stops the wait:
    exit 130 and the summary, no traceback, the pictures being fetched recorded as stopped;
    the same command with --retry-failed fetches every picture not kept, those never tried
    too."""
    stuck, command = _hanging_import(server, tmp_path, "c")
    root = tmp_path / "archive"
    log = tmp_path / "stderr.txt"
    with log.open("w") as stderr:
        proc = subprocess.Popen(
            [*command, "--archive-dir", str(root)], stdout=subprocess.DEVNULL, stderr=stderr
        )
    _interrupt_when(
        proc,
        lambda: "keeping the pictures" in log.read_text() and bool(server.hits("/img/0.png")),
        stuck,
    )
    err = log.read_text()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Aborted" not in err
    assert "stopped: the pictures of " in err and "--retry-failed" in err
    assert "interrupted" in err.strip().splitlines()[-1]
    stored = sorted(p for p in root.rglob("*.md") if ".archiver" not in p.parts)
    assert len(stored) == 8
    recorded = [a for p in stored for a in read_article(p).assets]
    assert all(a.error == "not fetched: the run was stopped" for a in recorded)
    assert 1 <= len(recorded) < 8  # four fetched at a time: the rest never tried
    assert list(root.rglob("*.tmp")) == []

    for n in range(8):
        png_route(server, f"/img/{n}.png")
    again = subprocess.run(
        [*command, "--archive-dir", str(root), "--retry-failed"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 0, again.stderr
    for path in stored:
        (asset,) = read_article(path).assets
        assert asset.error is None and (path.parent / str(asset.path)).read_bytes() == PNG


def test_ctrl_c_as_the_last_url_is_reported_exits_130_at_once(
    server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 24: Ctrl-C right after the report holds every URL, while the batch's
    writer and parsers close and the pictures are still coming: exit 130 at once with the
    summary. (It was a KeyboardInterrupt inside that shutdown, and then a wait for every
    queued picture: the process hung until killed.)"""
    stuck, command = _hanging_import(server, tmp_path, "d")
    report, log = tmp_path / "r.jsonl", tmp_path / "stderr.txt"
    with log.open("w") as stderr:
        proc = subprocess.Popen(
            [*command, "--archive-dir", str(tmp_path / "a"), "--report", str(report)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    _interrupt_when(
        proc, lambda: report.exists() and len(report.read_text().splitlines()) == 8, stuck
    )
    err = log.read_text()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Aborted" not in err
    assert err.strip().splitlines()[-1].startswith("archived 8, skipped 0, failed 0 in ")


def test_reextract_points_the_pictures_at_the_kept_files_again(tmp_path: Path) -> None:
    """Re-extracting offline from the capture gives the page's picture URLs back; they are
    linked to the kept files again, with the picture server gone."""
    with Loopback() as server:
        png_route(server, "/img/a.png")
        url = story(server, '<figure><img src="/img/a.png" alt="a"></figure>')
        path = stored(archive(tmp_path, url))
    before = path.read_text()
    path.write_text(before.replace("](../../../assets/", "](http://gone.invalid/"))
    result = run("reextract", str(path), "--archive-dir", str(tmp_path / "archive"))
    assert result.exit_code == 0, result.output
    assert path.read_text() == before


def test_srcset_gives_the_largest_candidate_up_to_1600_px() -> None:
    from archiver import parse

    def picture(srcset: str) -> str:
        html = (
            "<html><body><article><h1>T</h1><p>"
            + "Words of the story go on for a while here. " * 8
            + f'</p><figure><img srcset="{srcset}" alt="P"></figure><p>'
            + "More words of the story follow the picture. " * 8
            + "</p></article></body></html>"
        )
        body = parse(html.encode(), url="https://news.example/s").body
        return body.split("![P](", 1)[1].split(")", 1)[0]

    assert picture("/s.jpg 320w, /xl.jpg 3200w, /l.jpg 1600w, /m.jpg 800w").endswith("/l.jpg")
    assert picture("/huge.jpg 4000w, /big.jpg 2400w").endswith("/big.jpg")
    assert picture("/a.jpg 1x, /b.jpg 2x").endswith("/b.jpg")
