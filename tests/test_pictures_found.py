"""Which pictures a page really shows, through the real CLI against a loopback server: the
real source of a lazily loaded picture rather than its placeholder, a video's poster, and
failed pictures of archived URLs tried again by `import --retry-failed`."""

from __future__ import annotations

import base64
import random
import re
import struct
import zlib
from pathlib import Path

from click.testing import CliRunner, Result

from archiver.cli import cli
from archiver.frontmatter import read_article
from tests.server import Loopback, respond
from tests.test_assets import archive, png_route, stored, story
from tests.test_site import PNG


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def noise_png(side: int = 64) -> bytes:
    """A real picture of `side` pixels, of noise so it does not compress to a few bytes."""
    rng = random.Random(side)
    rows = b"".join(b"\0" + rng.randbytes(side * 3) for _ in range(side))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def data_url(data: bytes, kind: str = "image/png") -> str:
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


ONE_PIXEL_GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="
# A transparent PNG that claims the picture's size but holds no picture: a stand-in.
EMPTY_SIZED_PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAuIAAAHrCAYAAACKBPhqAAAACXBIWXMAAA7EAAAOxAGVKw4b"
    "AAAABklEQVR4nCENAAGkIDfjAAAAAElFTkSuQmCC"
)
SVG_BOX = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1200 800'%3E"
    "%3C/svg%3E"
)

# Each way a real page hides a picture behind a placeholder until its script runs.
LAZY = (
    f'<figure><img src="{ONE_PIXEL_GIF}" data-src="/img/a.png" alt="a"></figure>'
    '<figure><img src="/img/blank.gif" data-lazy-src="/img/b.png" alt="b"></figure>'
    '<figure><img src="//:0" data-srcset="/img/c-small.png 320w, /img/c.png 1200w,'
    ' /img/c-huge.png 3000w" alt="c"></figure>'
    '<figure><img class="lazy" src="/img/spacer.gif" alt="">'
    '<noscript><img src="/img/d.png" alt="d"></noscript></figure>'
    f'<figure><img src="{EMPTY_SIZED_PNG}" data-original="/img/e.png" alt="e"></figure>'
    '<figure><a href="/img/f.png"><img src="/img/lazyload-placeholder.png"'
    ' data-lazy-src="/img/f.png?w=600&amp;pending=1" alt="f"></a>'
    '<noscript><img src="/img/f.png?w=600" alt="f"></noscript></figure>'
    f'<figure><picture><source srcset="/img/g.png 1x, /img/g2.png 2x">'
    f'<img src="{SVG_BOX}" alt="g"></picture></figure>'
    f'<figure><img src="{ONE_PIXEL_GIF}" data-src-mini="/img/h-mini.png"'
    ' data-src-large="/img/h-large.png" data-src-small="/img/h-small.png" alt="h"></figure>'
    '<figure><img itemprop="contentUrl" content="/img/i.png" alt="i"></figure>'
)
REAL = ["a", "b", "c", "d", "e", "f", "g2", "h-large", "i"]
PLACEHOLDERS = ["blank.gif", "c-huge.png", "c-small.png", "spacer.gif", "h-mini.png", "g.png"]


def test_lazy_pictures_are_kept_as_the_real_picture(server: Loopback, tmp_path: Path) -> None:
    """RELIABILITY 46: a lazily loaded picture is kept as the picture its script would show
    (data-src, data-lazy-src, data-original, data-srcset's largest up to 1600 px, the
    <noscript> copy, <picture> sources, size-named variants, microdata), fetched once each,
    never its placeholder (a 1x1 GIF, an empty sized PNG, an SVG box, blank.gif, //:0), and
    a <noscript> copy of a picture already shown is not shown twice."""
    for name in [*REAL, "f"]:
        png_route(server, f"/img/{name}.png")
    chart = noise_png()
    url = story(server, LAZY + f'<figure><img src="{data_url(chart)}" alt="chart"></figure>')
    result = archive(tmp_path, url)
    assert f"{len(REAL) + 1} pictures kept, 0 failed" in result.stderr, result.stderr
    article = read_article(stored(result))
    asked = {a.url.split("?")[0].removeprefix(server.url("/img/")) for a in article.assets}
    assert asked == {f"{name}.png" for name in REAL} | {"data:image/png;base64,…"}
    requested = [h.path.split("?")[0] for h in server.log]
    for name in REAL:
        assert requested.count(f"/img/{name}.png") == 1, name
    assert not set(requested) & {f"/img/{p}" for p in PLACEHOLDERS}
    links = re.findall(r"!\[([^\]]*)\]\(([^)]*)\)", article.body)
    assert [alt for alt, _ in links] == [*"abcdefghi", "chart"]  # f once, not twice
    assert all(link.startswith("../../../assets/") for _, link in links)
    (kept,) = [a for a in article.assets if a.url.startswith("data:")]
    assert kept.bytes == len(chart)


def test_parse_tells_placeholders_from_pictures(tmp_path: Path) -> None:
    """Offline, `archiver parse` gives the real source: a placeholder word counts in the
    address's path only (a CDN named `shortpixel.ai` serves real pictures), and a `data:`
    picture is a picture when it has some size (not a 1x1 or a sized empty PNG)."""
    chart = data_url(noise_png())
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>T</title></head><body><article><h1>T</h1>"
        + "<p>The harbour reopened to fishing boats after three months of repairs.</p>" * 4
        + '<figure><img src="https://cdn.shortpixel.ai/client/q_lossy/https://n.example/p.jpg"'
        ' alt="cdn"></figure>'
        f'<figure><img src="{EMPTY_SIZED_PNG}" alt="empty"></figure>'
        f'<figure><img src="{ONE_PIXEL_GIF}" alt="pixel"></figure>'
        f'<figure><img src="{chart}" alt="chart"></figure>'
        + "<p>More of the story about the quay follows the pictures, with a comma.</p>" * 4
        + "</article></body></html>"
    )
    result = run("parse", str(page), "--url", "https://n.example/story", "--format", "markdown")
    assert result.exit_code == 0, result.output
    links = dict(re.findall(r"!\[([^\]]*)\]\(([^)]*)\)", result.stdout))
    assert links == {
        "cdn": "https://cdn.shortpixel.ai/client/q_lossy/https://n.example/p.jpg",
        "chart": chart,
    }


def test_a_videos_poster_is_kept_as_a_picture(server: Loopback, tmp_path: Path) -> None:
    """RELIABILITY 46: a <video> in the story is not kept, but its poster is, as a picture
    of the body (fetched, stored by content, linked relatively); the video is never asked
    for."""
    png_route(server, "/img/poster.png")
    png_route(server, "/img/lazy-poster.png")
    url = story(
        server,
        '<figure><video poster="/img/poster.png" src="/v/launch.mp4" title="The launch" controls>'
        '<source src="/v/launch.webm"></video><figcaption>The launch at dawn.</figcaption>'
        '</figure><video data-poster="/img/lazy-poster.png" poster="/img/blank.gif"></video>',
    )
    result = archive(tmp_path, url)
    assert "2 pictures kept, 0 failed" in result.stderr, result.stderr
    article = read_article(stored(result))
    assert [a.url.rsplit("/", 1)[-1] for a in article.assets] == ["poster.png", "lazy-poster.png"]
    (link,) = re.findall(r"!\[The launch\]\(([^)]*)\)", article.body)
    assert link.startswith("../../../assets/")
    assert not [h for h in server.log if h.path.startswith("/v/") or "blank" in h.path]


def test_import_retry_failed_retries_the_failed_pictures_of_archived_urls(
    server: Loopback, tmp_path: Path
) -> None:
    """RELIABILITY 47: a picture that failed (503) when its article was imported is tried
    again by `import --retry-failed`, for a URL the ledger has as archived and for one
    archived by `archive` before; the article's text is not fetched again and no new version
    is made; a plain second `import` leaves them alone."""
    busy = {"on": True}

    def picture(h: object) -> None:
        if busy["on"]:
            respond(h, 503, b"busy", content_type="text/plain")  # type: ignore[arg-type]
        else:
            respond(h, 200, PNG, content_type="image/png")  # type: ignore[arg-type]

    server.routes["/img/later.png"] = picture
    server.routes["/img/other.png"] = picture
    first = story(server, '<figure><img src="/img/later.png" alt="l"></figure>', "/a.html", "A")
    second = story(server, '<figure><img src="/img/other.png" alt="o"></figure>', "/b.html", "B")
    root = tmp_path / "archive"
    listing = tmp_path / "urls.txt"
    listing.write_text(first + "\n")
    result = run("import", str(listing), "--delay", "0", "--archive-dir", str(root))
    assert result.exit_code == 0, result.output
    (path_a,) = [Path(p) for p in result.stdout.split()]
    path_b = stored(archive(tmp_path, second))
    for path in (path_a, path_b):
        (failed,) = read_article(path).assets
        assert failed.error is not None and "503" in failed.error
    listing.write_text(first + "\n" + second + "\n")
    text_before = {p: read_article(p).body for p in (path_a, path_b)}
    page_hits = len(server.hits("/a.html")) + len(server.hits("/b.html"))

    busy["on"] = False
    plain = run("import", str(listing), "--delay", "0", "--archive-dir", str(root))
    assert plain.exit_code == 0, plain.output
    assert all(read_article(p).assets[0].error for p in (path_a, path_b))  # left alone

    again = run(
        "import", str(listing), "--retry-failed", "--delay", "0", "--archive-dir", str(root)
    )
    assert again.exit_code == 0, again.output
    assert "tried again the failed pictures of 2 archived articles" in again.stderr
    for path in (path_a, path_b):
        (kept,) = read_article(path).assets
        assert kept.error is None and kept.path is not None
        assert (path.parent / kept.path).read_bytes() == PNG
        assert read_article(path).body == text_before[path].replace(
            server.url(f"/img/{kept.url.rsplit('/', 1)[-1]}"), kept.path
        )
        assert not list(path.parent.glob("*.versions"))
    assert len(server.hits("/a.html")) + len(server.hits("/b.html")) == page_hits
