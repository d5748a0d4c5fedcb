"""Reading-site benchmark: a synthetic archive of N articles (default 10,000, the store
benchmark's generator, every 20th with a picture), then in the same run, in alternating rounds:

- `archiver site` from nothing (article pages, listings, Pagefind's search index);
- Hugo's build of the same Markdown files (same front matter but for `url`, which Hugo takes
  as the page's own address; minimal layouts: one page per article, a home page paginated by
  100, section lists) as the peer;
- `archiver site` again with nothing changed, and after 10 new articles.

Then screenshots of the index and of an article at phone and desktop widths, light and dark,
into --shots (Debian's Chromium driven by Playwright).

    uv run python benchmarks/site.py [--articles 10000] [--rounds 3] [--shots DIR]

Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store import synthetic  # type: ignore[import-not-found]

from archiver.store import Archive, base_slug, dump_document, relative_dir

HUGO_LAYOUT = {
    "layouts/_default/baseof.html": (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        '<body><main>{{ block "main" . }}{{ end }}</main></body></html>'
    ),
    "layouts/_default/single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "January 2, 2006" }}'
        "</p>{{ .Content }}</article>{{ end }}"
    ),
    "layouts/_default/list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Paginator.Pages }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}'
        "<p>{{ .Summary }}</p></li>{{ end }}</ol>{{ end }}"
    ),
}
HUGO_CONFIG = (
    'baseURL = "/"\ntitle = "Archive"\npaginate = 100\ndisableKinds = ["taxonomy", "term", '
    '"RSS", "sitemap"]\n[markup.goldmark.renderer]\nunsafe = false\n'
)


def png(width: int, height: int) -> bytes:
    """A gradient picture, so a screenshot shows where pictures sit."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\0" + bytes(v for x in range(width) for v in (x * 255 // width, 90, y * 255 // height))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 6))
        + chunk(b"IEND", b"")
    )


def write_archive(root: Path, start: int, count: int) -> list[Path]:
    """`count` synthetic documents (no capture, no fsync); every 20th shows the picture."""
    import hashlib

    picture = png(800, 450)
    digest = hashlib.sha256(picture).hexdigest()
    asset = root / "assets" / digest[:2] / f"{digest}.png"
    asset.parent.mkdir(parents=True, exist_ok=True)
    asset.write_bytes(picture)
    rng = random.Random(start + 5)
    paths = []
    for n in range(start, start + count):
        article = synthetic(n, rng)
        path = root / relative_dir(article) / f"{base_slug(article)}.md"
        if n % 20 == 0:
            rel = os.path.relpath(asset, path.parent)
            paragraphs = article.body.split("\n\n")
            paragraphs.insert(1, f"![A picture of story {n}]({rel})")
            article = article.model_copy(update={"body": "\n\n".join(paragraphs)})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_document(article), encoding="utf-8")
        paths.append(path)
    return paths


def hugo_tree(archive: Path, site: Path) -> None:
    """The same Markdown files under a Hugo site's content/, with minimal layouts."""
    content = site / "content"
    for path in Archive(archive).paths():
        target = content / path.relative_to(archive)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        # Hugo reads `url` as the page's own address; the same value under another key
        target.write_text(text.replace("\nurl: ", "\nsource_url: ", 1), encoding="utf-8")
    for name, text in HUGO_LAYOUT.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"{command[0]} failed: {done.stderr.strip()}")
    return time.perf_counter() - start


def site_command(archive: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "archiver", "site", str(out), "--archive-dir", str(archive)]


def screenshots(site: Path, shots: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    article = next(
        p
        for p in sorted(site.glob("articles/**/*.html"))
        if "<img" in p.read_text(encoding="utf-8")
    )
    shots.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for width_name, size in (("phone", (390, 844)), ("desktop", (1280, 900))):
            for scheme in ("light", "dark"):
                page = browser.new_page(
                    viewport={"width": size[0], "height": size[1]}, color_scheme=scheme
                )
                for name, path in (("index", site / "index.html"), ("article", article)):
                    page.goto(path.as_uri())
                    target = shots / f"{name}-{width_name}-{scheme}.png"
                    page.screenshot(path=str(target))
                    written.append(target)
                page.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--shots", type=Path, default=Path("site-screenshots"))
    parser.add_argument("--dir", type=Path, help="work directory (default: a temporary one)")
    args = parser.parse_args()
    hugo = shutil.which("hugo")
    if hugo is None:
        sys.exit("hugo is not installed (apt-get install hugo)")
    work = Path(tempfile.mkdtemp(prefix="site-bench-", dir=args.dir))
    try:
        archive = work / "archive"
        start = time.perf_counter()
        write_archive(archive, 0, args.articles)
        Archive(archive).reindex()
        print(f"wrote and indexed {args.articles} articles in {time.perf_counter() - start:.1f} s")
        hugo_site = work / "hugo"
        hugo_tree(archive, hugo_site)
        ours, peer, again = [], [], []
        for _ in range(args.rounds):
            out, hugo_out = work / "site", work / "hugo-public"
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(hugo_out, ignore_errors=True)
            ours.append(timed(site_command(archive, out)))
            peer.append(timed([hugo, "--quiet", "-s", str(hugo_site), "-d", str(hugo_out)]))
            again.append(timed(site_command(archive, out)))
        write_archive(archive, args.articles, 10)
        Archive(archive).reindex()
        added = timed(site_command(archive, work / "site"))
        ours_m, peer_m, again_m = (statistics.median(x) for x in (ours, peer, again))
        pages = sum(1 for _ in (work / "site").rglob("*.html"))
        hugo_pages = sum(1 for _ in (work / "hugo-public").rglob("*.html"))
        load = os.getloadavg()
        print(f"\nload average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; rounds {args.rounds}\n")
        print("| measure | median | ratio to Hugo |")
        print("| --- | --- | --- |")
        print(
            f"| `archiver site`, from nothing ({pages} pages) | {ours_m:.1f} s | "
            f"{ours_m / peer_m:.2f} |"
        )
        print(
            f"| Hugo 0.111, same files, from nothing ({hugo_pages} pages) | {peer_m:.1f} s | 1.00 |"
        )
        print(
            f"| `archiver site` again, nothing changed | {again_m:.1f} s | {again_m / peer_m:.2f} |"
        )
        print(
            f"| `archiver site` after 10 new articles (one round) | {added:.1f} s | "
            f"{added / peer_m:.2f} |"
        )
        for shot in screenshots(work / "site", args.shots.resolve()):
            print(shot)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
