"""Hostile pages made from real ones, and a parse worker that measures each in isolation.

The inputs of the parser fuzz test (tests/test_fuzz_parse.py) and of hostile_parse.py: every
mutation takes a real page from fixtures/pages and a seeded random source, so a failing case
is rebuilt from (page, mutation, seed) alone.

Run as a script, this module is the worker: it reads pages from stdin (an 8-byte big-endian
length, then the bytes), parses each with `archiver.parse`, and writes one JSON line for each:
{"error": null | "what was raised", "seconds": wall, "cpu": cpu seconds, "peak_mb": the
process's peak resident memory while it read and parsed the page, "start_mb": its resident
memory before the page, "fresh_mb": its resident memory after the warm-up, before any page}.
A worker that kept memory from earlier pages (start_mb well above fresh_mb: freed but not
handed back) can show a peak a fresh worker would not; the fuzz test measures such a page
again in a fresh worker.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import random
import re
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TextIO

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
MB = 1024 * 1024

Mutation = Callable[[bytes, random.Random], bytes]


def base_pages() -> list[tuple[str, bytes]]:
    """The real pages mutations start from: (name, bytes), in a fixed order."""
    return [(p.name, p.read_bytes()) for p in sorted(PAGES.glob("*.html"))]


def _body_at(page: bytes, rng: random.Random) -> int:
    """A position inside the page's body (after <body>, else anywhere) to insert at."""
    start = page.lower().find(b"<body")
    start = page.find(b">", start) + 1 if start >= 0 else 0
    return rng.randint(start, max(start, len(page) - 1))


def _insert(page: bytes, rng: random.Random, payload: bytes) -> bytes:
    at = _body_at(page, rng)
    return page[:at] + payload + page[at:]


def deep_nesting(page: bytes, rng: random.Random) -> bytes:
    """100,000 nested elements around the rest of the page."""
    tag = rng.choice([b"div", b"span", b"section", b"b", b"table"])
    at = _body_at(page, rng)
    return page[:at] + b"<%s>" % tag * 100_000 + page[at:] + b"</%s>" % tag * 100_000


def many_paragraphs(page: bytes, rng: random.Random) -> bytes:
    """200,000 paragraphs (13 MB) of prose."""
    words = b"an ordinary sentence of a long article, read as prose by anyone at all"
    paragraphs = b"".join(b"<p>%d %s.</p>" % (i, words) for i in range(200_000))
    return _insert(page, rng, paragraphs)


def huge_attribute(page: bytes, rng: random.Random) -> bytes:
    """A 10 MB attribute value (quoted, or not) on an element."""
    value = bytes([rng.choice(b"abc\xc3\xa9 =&;")]) * (10 * MB)
    tag = rng.choice([b'<div data-x="%s">x</div>', b"<img src=%s>", b'<a href="%s">a</a>'])
    return _insert(page, rng, tag.replace(b"%s", value))


_BAD_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82"]


def invalid_utf8(page: bytes, rng: random.Random) -> bytes:
    """Invalid UTF-8 (lone bytes, surrogates, code points past U+10FFFF, cut sequences)
    every few hundred bytes, charset declarations kept."""
    out = bytearray()
    for i in range(0, len(page), 300):
        out += page[i : i + 300] + rng.choice(_BAD_UTF8)
    return bytes(out)


def nul_bytes(page: bytes, rng: random.Random) -> bytes:
    """NUL bytes scattered through markup, text and attributes."""
    data = bytearray(page)
    for _ in range(max(1, len(data) // 50)):
        data.insert(rng.randrange(len(data) + 1), 0)
    return bytes(data)


_JSONLD_SHAPES = [
    b'{"@type": "NewsArticle", "headline": ',  # cut short
    b"[" * 100_000,
    b"{" * 100_000,
    b'{"a":' * 50_000,
    b'{"@type": "NewsArticle", "author": 5, "datePublished": {"x": []}, '
    b'"headline": ["a", {"b": null}], "image": [[[[]]]], "publisher": "x"}',
    b'{"@graph": "not a list", "@type": ["NewsArticle", 3, null]}',
    b'{"@graph": [' + b'{"@type": "Person", "name": "A"},' * 20_000 + b"{}]}",
    b'{"headline": "' + b"\\u00e9" * 500_000 + b'"}',
    b'{"datePublished": 1e999, "dateModified": NaN, "wordCount": -Infinity}',
    b'{"author": {"@id": "#a"}, "@id": "#a", "creator": {"@id": "#a"}}',
    b'{"headline": "a", "headline": ["b"], "author": [{"name": ["x", ["y"]]}]}',
    b'<![CDATA[{"@type":"Article"]]> <!-- {"x": 1} -->',
    b'{"@type": "NewsArticle", "articleBody": "\\ud800\\udfff\\u0000"}',
]


def broken_jsonld(page: bytes, rng: random.Random) -> bytes:
    """JSON-LD blocks of every shape: cut short, deeply nested, wrong types, huge, cyclic."""
    picked = rng.sample(_JSONLD_SHAPES, k=rng.randint(3, len(_JSONLD_SHAPES)))
    blocks = b"".join(b'<script type="application/ld+json">%s</script>' % s for s in picked)
    head = page.lower().find(b"</head>")
    at = head if head >= 0 else 0
    return page[:at] + blocks + page[at:]


def huge_srcset(page: bytes, rng: random.Random) -> bytes:
    """Pictures whose srcset lists 100,000 candidates (some malformed)."""
    candidates = b", ".join(
        b"/img/%d.jpg %dw" % (i, i) if i % 7 else b"data:x,%d 2x 3y" % i for i in range(100_000)
    )
    tag = rng.choice(
        [b'<img src="/a.jpg" srcset="%s">', b'<picture><source srcset="%s"></picture>']
    )
    return _insert(page, rng, tag.replace(b"%s", candidates))


_ENTITIES = [
    b"&#99999999999999999999;",
    b"&#x110000;",
    b"&#0;",
    b"&#xD800;",
    b"&#x7FFFFFFF;",
    b"&#1114112;",
    b"&#-1;",
    b"&#x;",
    b"&#xFFFFFFFFFFFFFFFFFFFF;",
]


def bad_entities(page: bytes, rng: random.Random) -> bytes:
    """Numeric character references out of range, in text and in attributes."""
    text = b"".join(rng.choice(_ENTITIES) for _ in range(20_000))
    attr = b'<a href="/x%s" title="%s">t</a>' % (text[:5000], text[:5000])
    return _insert(page, rng, b"<p>" + text + b"</p>" + attr)


def unclosed(page: bytes, rng: random.Random) -> bytes:
    """Comments, scripts and menus opened again and again and never closed."""
    opener = rng.choice([b"<!--", b"<script>", b"<style>", b"<nav>", b"<noscript>", b"<svg>"])
    return _insert(page, rng, (opener + b"x ") * 50_000)


MUTATIONS: dict[str, Mutation] = {
    "deep-nesting": deep_nesting,
    "many-paragraphs": many_paragraphs,
    "huge-attribute": huge_attribute,
    "invalid-utf8": invalid_utf8,
    "nul-bytes": nul_bytes,
    "broken-json-ld": broken_jsonld,
    "huge-srcset": huge_srcset,
    "bad-entities": bad_entities,
    "unclosed": unclosed,
}


def reference_pages() -> dict[str, bytes]:
    """The two worst cases measured before the bounds: 100,000 nested <div>s around six
    paragraphs, and an article of 200,000 paragraphs (13 MB); and the same article with its
    paragraphs set apart by blank lines (two <br>) in one block, which the body's paragraph
    step rewrites."""
    prose = b"of an ordinary article, long enough to be read as prose by anyone reading"
    six = b"".join(b"<p>Paragraph %d %s.</p>" % (i, prose) for i in range(6))
    nested = b"<html><body><h1>Deep</h1>" + b"<div>" * 100_000 + six + b"</div>" * 100_000
    many = b"".join(b"<p>%d %s.</p>" % (i, prose[:50]) for i in range(200_000))
    wide = b"<html><body><h1>Many</h1><article>" + many + b"</article></body></html>"
    lines = b"".join(b"%d %s.<br><br>" % (i, prose[:50]) for i in range(200_000))
    broken = b"<html><body><h1>Many</h1><div>" + lines + b"</div></body></html>"
    return {"nested-100000": nested, "paragraphs-200000": wide, "blank-lines-200000": broken}


def hostile(page: bytes, names: list[str], seed: int) -> bytes:
    """`page` with the named mutations applied in order, from one seed."""
    rng = random.Random(seed)
    for name in names:
        page = MUTATIONS[name](page, rng)
    return page


# -- the worker ---------------------------------------------------------------------------


def peak_mb() -> float:
    """Peak resident memory of this process since it started its program, in MB.

    VmHWM rather than ru_maxrss: Linux carries ru_maxrss over an exec from the (v)forked
    parent, so a worker started by a large test process would report the parent's size.
    """
    status = Path("/proc/self/status")
    if status.exists():
        found = re.search(r"VmHWM:\s*(\d+) kB", status.read_text())
        if found:
            return int(found.group(1)) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def resident_mb() -> float:
    """Resident memory of this process now, in MB (0.0 where /proc is absent)."""
    status = Path("/proc/self/status")
    if status.exists():
        found = re.search(r"VmRSS:\s*(\d+) kB", status.read_text())
        if found:
            return int(found.group(1)) / 1024
    return 0.0


def reset_peak() -> None:
    """Start a new peak, so that each page's figure is its own: the memory freed by the last
    page handed back to the system (glibc's malloc_trim), then the high-water mark reset to
    what is resident now (Linux 4.0+: 5 written to clear_refs). Elsewhere the peak stays
    the process's, which only overstates a page's."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def serve(source: BinaryIO, sink: TextIO) -> None:
    import archiver

    archiver.parse(b"<html><body><p>warm-up</p></body></html>")  # imports, not the page
    reset_peak()
    fresh = resident_mb()
    while header := source.read(8):
        page = source.read(struct.unpack(">Q", header)[0])
        reset_peak()
        start_mb = resident_mb()
        error = None
        start, cpu = time.perf_counter(), time.process_time()
        try:
            archiver.parse(page, url="https://news.example/2024/01/02/story")
        except BaseException as err:  # reported, so the test names the case
            error = f"{type(err).__name__}: {err}"[:500]
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        record = {
            "error": error,
            "seconds": seconds,
            "cpu": cpu,
            "peak_mb": peak_mb(),
            "start_mb": start_mb,
            "fresh_mb": fresh,
        }
        sink.write(json.dumps(record) + "\n")
        sink.flush()


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout)
