"""Where a picture in a page really points: the source a lazily loaded <img> (or a video's
poster) will show once its script has run, not the placeholder it shows first.
"""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote_to_bytes, urlsplit

from bs4.element import Tag

from archiver.parse import image_rules as rules
from archiver.pictures import pixel_size

_SRCSET_ITEM = re.compile(r"\s*(\S+)(?:\s+(\d+(?:\.\d+)?)([wx]))?\s*(?:,|$)")


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return (value or "").strip()


def best_from_srcset(srcset: str) -> str:
    """The largest candidate up to rules.SRCSET_MAX_WIDTH pixels wide (the narrowest when
    every one is wider): the picture kept with the article is large, not huge."""
    best, best_size = "", -1.0
    narrowest, narrowest_width = "", float("inf")
    for match in _SRCSET_ITEM.finditer(srcset):
        url = match.group(1)
        if not url or url == ",":
            continue
        size = float(match.group(2)) if match.group(2) else 0.0
        if match.group(3) == "w" and size > rules.SRCSET_MAX_WIDTH:
            if size < narrowest_width:
                narrowest, narrowest_width = url.rstrip(","), size
            continue
        if size > best_size:
            best, best_size = url.rstrip(","), size
    return best or narrowest


def _data_placeholder(src: str) -> bool:
    """A `data:` source is a stand-in unless it is a raster picture of some size: a 1x1 GIF
    or a blurred preview a few pixels wide is shown only until the real picture loads."""
    header, _comma, payload = src[5:].partition(",")
    parts = [p.strip().lower() for p in header.split(";")]
    if "svg" in parts[0] or not parts[0].startswith("image/"):
        return True  # SVG is not kept; a box drawn in SVG is the usual stand-in
    # The first bytes are enough for the size; never decode a large picture whole here.
    head = payload[:4096]
    try:
        if "base64" in parts[1:]:
            head = "".join(unquote_to_bytes(head).decode("ascii", "replace").split())
            head = head[: len(head) - len(head) % 4]
            data = base64.b64decode(head)
            size = len(payload) * 3 // 4
        else:
            data = unquote_to_bytes(head)
            size = len(unquote_to_bytes(payload))
    except (binascii.Error, ValueError):
        return True
    pixels = pixel_size(data)
    return size < rules.MIN_DATA_BYTES or (pixels is not None and min(pixels) <= rules.SMALL_SIDE)


def unanswerable(address: str) -> bool:
    """`address` is longer than any server answers (a `data:` one is the picture itself,
    judged by its bytes): no picture and no link."""
    return len(address) > rules.MAX_ADDRESS_CHARS and address[:5].lower() != "data:"


def placeholder(src: str) -> bool:
    """Whether `src` shows nothing of the story: empty, a stand-in file, a tiny `data:`."""
    if not src or src in rules.EMPTY_SOURCES or src.startswith(("javascript:", "about:")):
        return True
    if unanswerable(src):
        return True
    if src[:5].lower() == "data:":
        return _data_placeholder(src)
    try:
        parts = urlsplit(src)
    except ValueError:
        return True
    if parts.netloc and not parts.hostname:
        return True  # "//:0" and its kin: an address with no host
    low = (parts.path + "?" + parts.query).lower()
    return any(word in low for word in rules.PLACEHOLDER_WORDS)


def _size_variant(img: Tag) -> str:
    """The largest of the size-named variants a script picks from (`data-src-large`)."""
    variants = {
        name[len(rules.SIZE_VARIANT_PREFIX) :]: _attr(img, name)
        for name in img.attrs
        if name.startswith(rules.SIZE_VARIANT_PREFIX)
    }
    for word in rules.SIZE_WORDS:
        for key, value in variants.items():
            if key.startswith(word) and value and not placeholder(value):
                return value
    return ""


def image_source(img: Tag) -> str:
    """The real source of an image: lazy-loading attributes, src, srcset, <picture>."""
    for name in rules.LAZY_SRC_ATTRS:
        value = _attr(img, name)
        if value and not placeholder(value):
            return value
    for name in rules.LAZY_SRCSET_ATTRS:
        value = best_from_srcset(_attr(img, name))
        if value and not placeholder(value):
            return value
    value = _size_variant(img)
    if value:
        return value
    src = _attr(img, "src")
    if not placeholder(src):
        return src
    value = best_from_srcset(_attr(img, "srcset"))
    if value and not placeholder(value):
        return value
    parent = img.parent
    if isinstance(parent, Tag) and parent.name == "source":
        # The HTML parser does not know <source> is empty and nests the <img> inside it.
        parent = parent.parent
    if isinstance(parent, Tag) and parent.name == "picture":
        for source in parent.find_all("source"):
            value = best_from_srcset(_attr(source, "srcset") or _attr(source, "data-srcset"))
            if value and not placeholder(value):
                return value
    for name in rules.MICRODATA_ATTRS:
        value = _attr(img, name)
        if value.startswith(("http://", "https://", "/")) and not placeholder(value):
            return value
    return ""


def poster_source(video: Tag) -> str:
    """The picture a <video> shows before it plays (its poster), or ""."""
    for name in ("poster", "data-poster"):
        value = _attr(video, name)
        if value and not placeholder(value):
            return value
    return ""


def _same_picture(a: str, b: str) -> bool:
    if a == b:
        return True
    # The copy often asks for another size of the same file (`?w=605` against
    # `?w=605&is-pending-load=1`): a picture file's path names it, whatever the query says.
    # A script's path (`image.php?src=...`) does not.
    path_a, path_b = a.split("?", 1)[0], b.split("?", 1)[0]
    return path_a == path_b and path_a.lower().endswith(rules.PICTURE_FILE_ENDINGS)


_LAST_PICTURE = re.compile(r"!\[(?:\\.|[^\]\\])*\]\(([^)\s]*)\)\s*$")


def pictures(imgs: list[Tag]) -> int:
    """How many pictures `imgs` show: a lazily loaded <img> and its <noscript> copy are one."""
    seen: list[str] = []
    for img in imgs:
        src = image_source(img)
        if not src or not any(_same_picture(src, other) for other in seen):
            seen.append(src)
    return len(seen)


def repeats(block: str, url: str) -> bool:
    """Whether the Markdown `block` written last ends with the picture `url` again: the
    <noscript> copy of a lazily loaded picture that its own attributes resolved already."""
    match = _LAST_PICTURE.search(block)
    return match is not None and _same_picture(match.group(1), url)


__all__ = [
    "best_from_srcset",
    "image_source",
    "pictures",
    "placeholder",
    "poster_source",
    "repeats",
    "unanswerable",
]
