"""Bytes -> str for HTML: BOM > HTTP charset > <meta charset> > detection, and saying which."""

from __future__ import annotations

import codecs
import itertools
import re
from dataclasses import dataclass
from typing import Literal

# How far into the document a <meta charset> or XML declaration is looked for.
PRESCAN_BYTES = 4096
# How much of a document charset detection reads (browsers sniff far less).
DETECT_BYTES = 256 * 1024

Source = Literal["bom", "http", "meta", "utf-8", "detected", "fallback"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels browsers know and Python does not, and (after Python's lookup) codecs browsers read
# differently (WHATWG Encoding): latin-1 and ASCII mean windows-1252; Shift_JIS, EUC-KR,
# GB2312 and Big5 mean the vendor supersets; UTF-16 without a BOM is little-endian, but a
# <meta> that says UTF-16 is read as UTF-8 (the bytes the meta was found in are ASCII).
_LABELS = {
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "gb_2312-80": "gbk",
    "x-gbk": "gbk",
    "x-mac-roman": "mac-roman",
    "x-mac-cyrillic": "mac-cyrillic",
    "tis-620": "cp874",
    "8859_1": "cp1252",
}
_SUPERSETS = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "gb2312": "gbk",
    "big5": "big5hkscs",
    "utf-16": "utf-16-le",
}
_IN_DOCUMENT = {"utf-16-le": "utf-8", "utf-16-be": "utf-8"}

# Single-byte codecs never fail in a browser: bytes a Python codec leaves undefined (0x81 in
# windows-1252, 0x98 in windows-1251) are read as the C1 control of the same number.
_SINGLE_BYTE = re.compile(r"^(cp125\d|cp874|cp866|iso8859_\d+|koi8_[ru]|mac_\w+|latin_1)$")
_C1_ERRORS = "archiver-c1"


def _c1_handler(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return chr(err.object[err.start]), err.start + 1


codecs.register_error(_C1_ERRORS, _c1_handler)

# A byte that is no part of a UTF-8 character, as `surrogateescape` decodes it; one standing
# alone between ASCII characters (or the text's edges).
_STRAY = re.compile("[\udc80-\udcff]")
_ALONE_STRAY = re.compile("(?<![^\x00-\x7f])[\udc80-\udcff](?![^\x00-\x7f])")
# More stray bytes than this are no text pasted in (a page has a few dozen at most): such a
# page goes on to detection, and counting or reading them costs nothing more.
_MAX_STRAYS = 10_000
# Of a UTF-8 page's stray bytes, the share that must stand alone between ASCII characters
# for them to be read as windows-1252 text pasted in.
_ALONE_SHARE = 0.9

# Detection picks among the encodings browsers support (WHATWG), so a rare code page such as
# cp1006 or an EBCDIC one is never guessed for a web page.
_WEB_ENCODINGS = [
    "utf_8",
    *(f"cp125{i}" for i in range(9)),
    *(f"iso8859_{i}" for i in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
    "koi8_r",
    "koi8_u",
    "cp866",
    "mac_cyrillic",
    "cp874",
    "cp932",
    "shift_jis",
    "euc_jp",
    "iso2022_jp",
    "gb18030",
    "gbk",
    "big5",
    "big5hkscs",
    "euc_kr",
    "cp949",
]

_DECLARABLE = frozenset(
    [codecs.lookup(name).name for name in _WEB_ENCODINGS] + ["utf-16-le", "utf-16-be", "mac-roman"]
)

_META = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_.:()\-]+)"""
    rb"""|<\?xml\b[^>]*?\bencoding\s*=\s*["']([a-z0-9_.:()\-]+)""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Decoded:
    """A decoded document: its text, the codec used and where that choice came from."""

    text: str
    encoding: str  # Python codec name: "utf-8", "cp1251", "cp932", "utf-16-le"
    source: Source


def decode_html(body: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """Decode an HTML document; return (text, encoding used).

    Order: a byte-order mark; the charset of the HTTP Content-Type (when it decodes); a
    `<meta charset>` / `http-equiv` declaration in the first 4 KiB; charset detection; UTF-8
    with replacement as the last resort. Never raises.
    """
    decoded = decode_document(body, http_charset)
    return decoded.text, decoded.encoding


def decode_document(body: bytes, http_charset: str | None = None) -> Decoded:
    """`decode_html` that also says which rule chose the encoding.

    A declared charset (header or meta) is trusted only when the bytes decode in it, with one
    override: a document declared in a legacy charset (most often a server's default
    `iso-8859-1`) whose bytes are valid UTF-8 *with* multi-byte sequences is UTF-8. Legacy
    text in Cyrillic, Latin or CJK almost never forms valid UTF-8 by chance, while the
    mislabelled-UTF-8 page is a daily sight; reading it as windows-1252 would store mojibake.
    A header that says UTF-8 on bytes that are not is passed over (meta, then detection),
    unless the bytes are UTF-8 with a few stray bytes (windows-1252 text pasted into the
    page), which stay UTF-8, the stray bytes read as windows-1252.
    """
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom) :].decode(bom_codec, "replace"), bom_codec, "bom")

    sources: tuple[tuple[str | None, Source], ...] = (
        (http_charset, "http"),
        (_prescan(body), "meta"),
    )
    for declared, source in sources:
        codec = _codec(declared, in_document=source == "meta")
        if codec is None:
            continue
        text = _declared(body, codec)
        if text is not None:
            return Decoded(text, codec, source)

    utf8 = _strict(body, "utf-8")
    if utf8 is not None:
        return Decoded(utf8, "utf-8", "utf-8")

    detected = _detect(body)
    if detected is not None:
        return detected
    return Decoded(body.decode("utf-8", "replace"), "utf-8", "fallback")


def _declared(body: bytes, codec: str) -> str | None:
    """The body in its declared codec, or None when the declaration is not to be trusted."""
    if codec == "utf-8":
        text = _strict(body, "utf-8")
        if text is not None:
            return text
        return _mostly_utf8(body)
    if not codec.startswith("utf-16") and not body.isascii():
        # The override described in decode_document: valid multi-byte UTF-8 wins.
        utf8 = _strict(body, "utf-8")
        if utf8 is not None:
            return None
    return _strict(body, codec)


def _strict(body: bytes, codec: str) -> str | None:
    try:
        single_byte = _SINGLE_BYTE.match(codecs.lookup(codec).name.replace("-", "_"))
        return body.decode(codec, _C1_ERRORS if single_byte else "strict")
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_utf8(body: bytes) -> str | None:
    """A page declared UTF-8 whose bytes are UTF-8 but for a few stray ones, or None.

    Stray bytes that each stand alone between ASCII characters, on a page with valid
    multi-byte characters too, are nearly always windows-1252 text pasted in (a quote, a
    dash, "é" or "™" from an old post or a feed: the case Beautiful Soup's
    UnicodeDammit.detwingle is for) and are read as such, however many they are beside the
    page's other characters. Legacy text mislabelled UTF-8 (windows-1251, Shift_JIS) sets
    its bytes in runs and almost never forms a valid multi-byte character, and goes on to
    detection, unless such characters outnumber its stray bytes tenfold (a damaged UTF-8
    page). A stray byte beside other non-ASCII characters (a character cut short), or one
    windows-1252 leaves undefined, is U+FFFD.
    """
    text = body.decode("utf-8", "surrogateescape")
    strays = sum(1 for _ in itertools.islice(_STRAY.finditer(text), _MAX_STRAYS + 1))
    if strays > _MAX_STRAYS:
        return None
    alone = sum(1 for _ in _ALONE_STRAY.finditer(text))
    multibyte = len(text) - len(text.encode("ascii", "ignore")) - strays
    if multibyte >= 10 * strays or (multibyte > 0 and alone >= _ALONE_SHARE * strays):
        return _STRAY.sub(_stray_character, text)
    return None


def _stray_character(match: re.Match[str]) -> str:
    """A stray byte standing alone between ASCII characters as windows-1252; one beside
    other non-ASCII characters (a multi-byte character cut short) as U+FFFD."""
    if _ALONE_STRAY.match(match.string, match.start()) is None:
        return "\ufffd"
    return bytes([ord(match.group()) - 0xDC00]).decode("cp1252", "replace")


def _codec(label: str | None, *, in_document: bool = False) -> str | None:
    """A declared charset label -> Python codec name, or None if unknown or unusable."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    try:
        codec = codecs.lookup(_LABELS.get(name, name)).name
    except (LookupError, ValueError):
        return None
    codec = _SUPERSETS.get(codec, codec)
    # Only what browsers decode: "charset=base64", "rot13" or "utf-7" (a known XSS vector)
    # must not choose how a page is read.
    if codec not in _DECLARABLE:
        return None
    return _IN_DOCUMENT.get(codec, codec) if in_document else codec


def _prescan(body: bytes) -> str | None:
    match = _META.search(body, 0, PRESCAN_BYTES)
    if match is None:
        return None
    raw = match.group(1) or match.group(2)
    return raw.decode("ascii", "replace")


def _detect(body: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes

    best = from_bytes(_sample(body), cp_isolation=_WEB_ENCODINGS).best()
    if best is None or not best.encoding:
        return None
    codec = _codec(best.encoding) or best.encoding
    try:
        return Decoded(body.decode(codec, "replace"), codecs.lookup(codec).name, "detected")
    except LookupError:
        return None


def _sample(body: bytes) -> bytes:
    """What detection reads: the first DETECT_BYTES, cut before a `<` so no multi-byte
    character is split (`<` is never part of one in the encodings detected). Detection
    over a whole hostile page of megabytes costs 25 times its size in memory."""
    if len(body) <= DETECT_BYTES:
        return body
    cut = body.rfind(b"<", DETECT_BYTES // 2, DETECT_BYTES)
    return body[: cut if cut > 0 else DETECT_BYTES]


__all__ = ["Decoded", "decode_document", "decode_html"]
