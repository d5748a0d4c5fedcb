"""Bytes -> str for HTML: BOM > HTTP charset > <meta charset> > detection, and saying which."""

from __future__ import annotations


def decode_html(body: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """Decode an HTML document; return (text, encoding used).

    Order: a byte-order mark; the charset of the HTTP Content-Type (when it decodes); a
    `<meta charset>` / `http-equiv` declaration in the first 4 KiB; charset detection; UTF-8
    with replacement as the last resort. Never raises.
    """
    raise NotImplementedError
