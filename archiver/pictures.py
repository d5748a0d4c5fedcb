"""What a picture is: the pictures a stored body shows, `data:` URLs, and the checks that
bytes really are a picture of a kept kind (signature, completeness). No I/O here."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

# `![alt](url "title")` in the stored Markdown dialect: the URL is group 2.
IMAGE_LINK = re.compile(r"(!\[(?:\\.|[^\]\\])*\]\()(<[^>]*>|[^)\s]*)((?:\s+\"[^\"]*\")?\))")

# media type -> file extension, for the kinds kept
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/avif": "avif",
    "image/bmp": "bmp",
    "image/x-icon": "ico",
    "image/tiff": "tif",
}


class NotAPicture(ValueError):
    """Bytes that are not a picture kept here; the message says why (for the front matter)."""


def picture_urls(body: str, image: str | None = None) -> list[str]:
    """The pictures the body shows, in order, each once, then the front matter `image`."""
    urls = [m.group(2).strip("<>") for m in IMAGE_LINK.finditer(body)]
    if image:
        urls.append(image)
    return list(dict.fromkeys(u for u in urls if u))


def relink(body: str, paths: dict[str, str]) -> str:
    """`body` with each picture whose URL is in `paths` pointing at its kept file instead."""

    def swap(match: re.Match[str]) -> str:
        url = match.group(2).strip("<>")
        if url not in paths:
            return match.group(0)
        return match.group(1) + paths[url] + match.group(3)

    return IMAGE_LINK.sub(swap, body)


def without(body: str, urls: set[str]) -> str:
    """`body` with the pictures whose URL is in `urls` taken out."""
    return IMAGE_LINK.sub(lambda m: "" if m.group(2).strip("<>") in urls else m.group(0), body)


def sniff(data: bytes) -> str:
    """The media type the bytes' signature says; NotAPicture when it is not one kept here."""
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:12] in (b"ftypavif", b"ftypavis"):
        return "image/avif"
    if head.startswith(b"BM"):
        return "image/bmp"
    if head.startswith(b"\x00\x00\x01\x00"):
        return "image/x-icon"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096].lower():
        raise NotAPicture("SVG not kept (a picture that can hold scripts)")
    if text.startswith((b"<!doctype", b"<html", b"<")):
        raise NotAPicture("not a picture: the answer is HTML or XML")
    raise NotAPicture("not a picture: no image signature in its first bytes")


def complete(media_type: str, data: bytes) -> bool:
    """Whether a picture of a kind with a closing mark has it (a cut transfer does not)."""
    tail = data.rstrip(b"\x00\r\n ")[-16:]
    if media_type == "image/jpeg":
        return tail.endswith(b"\xff\xd9")
    if media_type == "image/png":
        return tail.endswith(b"IEND\xaeB`\x82")
    if media_type == "image/gif":
        return tail.endswith(b";")
    if media_type == "image/webp":
        return int.from_bytes(data[4:8], "little") + 8 <= len(data)
    return True


def pixel_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a picture's first bytes (PNG, GIF, JPEG, WebP), or None when
    they do not say: enough to tell a 1x1 stand-in from a picture without decoding it."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith((b"GIF87a", b"GIF89a")) and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    kind = data[12:16]
    if kind == b"VP8X" and len(data) >= 30:
        return 1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little")
    if kind == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        width = int.from_bytes(data[26:28], "little") & 0x3FFF
        return width, int.from_bytes(data[28:30], "little") & 0x3FFF
    if kind == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    # Walk the segments to the frame header (SOFn), which holds height then width.
    pos = 2
    while pos + 9 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1  # fill byte
            continue
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height = int.from_bytes(data[pos + 5 : pos + 7], "big")
            return int.from_bytes(data[pos + 7 : pos + 9], "big"), height
        pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
    return None


@dataclass(frozen=True)
class Picture:
    """Checked picture bytes and their media type (from the signature, not the label)."""

    data: bytes
    media_type: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.media_type]


def check(data: bytes, label: str | None = None) -> Picture:
    """The bytes as a Picture: an image signature of a kept kind, complete; when the server
    labelled them, the label must be an `image/*` type. NotAPicture says what is wrong."""
    if label is not None:
        if label == "image/svg+xml":
            raise NotAPicture("SVG not kept (a picture that can hold scripts)")
        if not label.startswith("image/"):
            raise NotAPicture(f"not a picture: the server says {label or 'no type'}")
    media_type = sniff(data)
    if not complete(media_type, data):
        raise NotAPicture(f"truncated {media_type} ({len(data)} bytes, no end marker)")
    return Picture(data, media_type)


def decode_data_url(url: str, max_bytes: int) -> tuple[bytes, str]:
    """(bytes, declared media type) of a `data:` URL; NotAPicture if malformed or too large."""
    header, comma, payload = url[5:].partition(",")
    if not comma:
        raise NotAPicture("malformed data: URL (no comma)")
    parts = [p.strip().lower() for p in header.split(";")]
    media_type = parts[0] or "text/plain"
    is_base64 = "base64" in parts[1:]
    # Rough size before decoding, so a huge URL is never decoded whole.
    estimate = len(payload) * 3 // 4 if is_base64 else len(payload) // 3
    if estimate > max_bytes:
        raise NotAPicture(f"data: picture larger than {max_bytes // 1024} KB, not kept")
    try:
        data = (
            base64.b64decode(unquote_to_bytes(payload), validate=False)
            if is_base64
            else unquote_to_bytes(payload)
        )
    except (binascii.Error, ValueError):
        raise NotAPicture("malformed data: URL (bad base64)") from None
    if len(data) > max_bytes:
        raise NotAPicture(f"data: picture larger than {max_bytes // 1024} KB, not kept")
    return data, media_type


__all__ = [
    "EXTENSIONS",
    "IMAGE_LINK",
    "NotAPicture",
    "Picture",
    "check",
    "complete",
    "decode_data_url",
    "picture_urls",
    "pixel_size",
    "relink",
    "sniff",
    "without",
]
