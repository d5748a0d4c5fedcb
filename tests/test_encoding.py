"""decode_html (BOM > HTTP charset > meta > UTF-8 > detection) on fixtures/encoding."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archiver.encoding import decode_document, decode_html
from tests.server import FIXTURES

ENCODING = FIXTURES / "encoding"


def page(name: str) -> bytes:
    return (ENCODING / f"{name}.html").read_bytes()


def expected(name: str) -> str:
    return (ENCODING / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "encoding", "source"),
    [
        ("utf8-no-charset", "utf-8", "utf-8"),
        ("cp1251-meta", "cp1251", "meta"),
        ("cp1251-http-equiv", "cp1251", "meta"),
        ("shift_jis-meta", "cp932", "meta"),
        ("shift_jis-undeclared", "cp932", "detected"),
        ("cp1252-meta-latin1", "cp1252", "meta"),
        ("utf16le-bom", "utf-16-le", "bom"),
        ("utf8-bom-meta", "utf-8", "bom"),
    ],
)
def test_fixture_pages_decode_to_the_exact_text(name: str, encoding: str, source: str) -> None:
    """RELIABILITY 14: UTF-8 without charset, cp1251 by meta, Shift_JIS, UTF-16 BOM: exact text."""
    decoded = decode_document(page(name))
    assert decoded.text == expected(name)
    assert (decoded.encoding, decoded.source) == (encoding, source)
    assert decode_html(page(name)) == (decoded.text, decoded.encoding)


def test_http_charset_beats_meta_when_it_decodes() -> None:
    """RELIABILITY 14: the HTTP charset comes before <meta charset>."""
    body = page("cp1251-meta")
    decoded = decode_document(body, "windows-1251")
    assert (decoded.text, decoded.source) == (expected("cp1251-meta"), "http")


def test_bom_beats_a_wrong_http_charset() -> None:
    """RELIABILITY 14: a byte-order mark wins over the header."""
    decoded = decode_document(page("utf16le-bom"), "iso-8859-1")
    assert (decoded.text, decoded.source) == (expected("utf16le-bom"), "bom")


def test_header_utf8_on_cp1251_bytes_falls_back_to_meta() -> None:
    """RELIABILITY 14: wrong header (says UTF-8, bytes are cp1251): the meta decides."""
    decoded = decode_document(page("cp1251-meta"), "utf-8")
    assert (decoded.text, decoded.encoding, decoded.source) == (
        expected("cp1251-meta"),
        "cp1251",
        "meta",
    )


def test_header_latin1_on_utf8_multibyte_text_is_read_as_utf8() -> None:
    """RELIABILITY 14: wrong header (iso-8859-1 on valid UTF-8 text): no mojibake."""
    decoded = decode_document(page("utf8-no-charset"), "ISO-8859-1")
    assert decoded.text == expected("utf8-no-charset")
    assert decoded.encoding == "utf-8"


def test_header_shift_jis_decodes_an_undeclared_page() -> None:
    """RELIABILITY 14: an HTTP charset is used when the page declares nothing."""
    decoded = decode_document(page("shift_jis-undeclared"), "Shift_JIS")
    assert (decoded.text, decoded.source) == (expected("shift_jis-undeclared"), "http")


def test_latin1_label_means_windows_1252_and_never_fails() -> None:
    """RELIABILITY 14: iso-8859-1 is read as windows-1252 (0x80 is €), undefined bytes kept."""
    text, encoding = decode_html(b"<p>\x80 5 \x93x\x94 \x81</p>", "iso-8859-1")
    assert (text, encoding) == ("<p>€ 5 “x” \x81</p>", "cp1252")


def test_unknown_or_non_text_charset_labels_are_ignored() -> None:
    """RELIABILITY 14: a charset Python cannot use (or a bytes codec) is passed over."""
    body = "<p>héllo</p>".encode()
    assert decode_html(body, "x-no-such-charset") == ("<p>héllo</p>", "utf-8")
    assert decode_html(body, "base64") == ("<p>héllo</p>", "utf-8")
    assert decode_html(body, "rot13") == ("<p>héllo</p>", "utf-8")


def test_utf8_with_one_damaged_byte_stays_utf8() -> None:
    """RELIABILITY 14: a mostly valid UTF-8 page keeps UTF-8; a byte that is no character of
    windows-1252 either is U+FFFD."""
    text = "Привет, мир! " * 20
    body = text.encode() + b"\x81" + text.encode()
    decoded = decode_document(body, "utf-8")
    assert decoded.text == text + "\ufffd" + text
    assert (decoded.encoding, decoded.source) == ("utf-8", "http")


def test_windows_1252_pasted_into_a_utf8_page_is_read_as_such() -> None:
    """RELIABILITY 14: a UTF-8 page holding a few stray windows-1252 bytes (a quote, "é" or
    "™" pasted from an old post or a feed) stays UTF-8, each stray byte read as windows-1252,
    even where they are nearly as many as the page's other non-ASCII characters: read as a
    whole in a legacy code page, every quote of the story became two or three letters."""
    story = "<p>It is a new sort of “Choose your own adventure” video, says Stéphan.</p>"
    body = (
        b'<html><head><meta charset="utf-8"></head><body>'
        + story.encode()
        + b"<li>Research in Motion\x92s subscribers</li><li>Caf\xe9 Internet\x99</li>"
        + b"</body></html>"
    )
    decoded = decode_document(body)
    assert (decoded.encoding, decoded.source) == ("utf-8", "meta")
    assert story in decoded.text
    assert "Research in Motion’s subscribers" in decoded.text
    assert "Café Internet™" in decoded.text
    # A character cut short on such a page is damage, not a pasted-in one: U+FFFD.
    pasted = b"<li>Research in Motion\x92s subscribers</li>" * 20
    cut = body.replace(b"</body>", pasted + b"<p>\xe2\x80 more</p></body>")
    assert "<p>\ufffd\ufffd more</p>" in decode_document(cut).text


def test_legacy_text_labelled_utf8_is_still_detected() -> None:
    """RELIABILITY 14: windows-1251 text a header calls UTF-8 has no valid multi-byte
    character: it is not read as UTF-8 with stray bytes but detected."""
    text = "<p>" + "Съешь же ещё этих мягких французских булок, да выпей чаю. " * 20 + "</p>"
    decoded = decode_document(text.encode("cp1251"), "utf-8")
    assert decoded.encoding == "cp1251"
    assert decoded.text == text


def test_meta_utf16_on_ascii_compatible_bytes_means_utf8() -> None:
    """RELIABILITY 14: <meta charset=utf-16> found in ASCII bytes is read as UTF-8 (WHATWG)."""
    body = '<meta charset="utf-16"><p>ça</p>'.encode()
    assert decode_html(body) == ('<meta charset="utf-16"><p>ça</p>', "utf-8")


def test_xml_declaration_counts_as_a_declaration() -> None:
    """RELIABILITY 14: an XHTML page's XML encoding declaration is read like a meta."""
    body = '<?xml version="1.0" encoding="windows-1251"?><html><p>Да</p></html>'.encode("cp1251")
    assert decode_html(body)[0].endswith("<p>Да</p></html>")


def test_utf16_bom_big_endian() -> None:
    """RELIABILITY 14: UTF-16 BE with its BOM."""
    body = codecs.BOM_UTF16_BE + "<p>Ωμέγα</p>".encode("utf-16-be")
    assert decode_html(body) == ("<p>Ωμέγα</p>", "utf-16-be")


def test_empty_body() -> None:
    """RELIABILITY 14: nothing in, empty text out."""
    assert decode_html(b"") == ("", "utf-8")


@given(st.binary(max_size=2000), st.one_of(st.none(), st.text(max_size=20)))
def test_never_raises(body: bytes, charset: str | None) -> None:
    """RELIABILITY 14: any bytes with any charset label decode to a str."""
    text, encoding = decode_html(body, charset)
    assert isinstance(text, str)
    assert codecs.lookup(encoding)


def test_a_large_undeclared_page_is_detected_from_its_beginning() -> None:
    """RELIABILITY 39: detection reads a bounded sample (on a hostile page of megabytes it
    cost 25 times the page's size), and still finds the encoding of a long undeclared page."""
    import tracemalloc

    small = page("shift_jis-undeclared")
    large = small * (4 * 1024 * 1024 // len(small))
    tracemalloc.start()
    try:
        text, encoding = decode_html(large)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert encoding == "cp932"
    assert text.startswith(expected("shift_jis-undeclared")[:200])
    assert peak < 4.5 * len(large), peak  # measured: 3.4 times; 6.3 detecting on the whole


def test_a_page_of_stray_bytes_labelled_utf8_is_decoded_in_bounded_memory() -> None:
    """RELIABILITY 39: a page declared UTF-8 holding megabytes of bytes that are not (a
    hostile attribute) is judged by counts, not by a list of its stray bytes' places: that
    list cost 27 times the page's size, past what a page may take."""
    import random
    import tracemalloc

    rnd = random.Random(7)
    noise = bytes(rnd.randrange(128, 256) for _ in range(2_000_000))
    story = "Grüße aus Köln. ".encode() * 1000
    body = b'<meta charset="utf-8"><p title="' + noise + b'">' + story + b"</p>"
    tracemalloc.start()
    try:
        decoded = decode_document(body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "Grüße aus Köln." in decoded.text
    assert peak < 10 * len(body), peak / len(body)  # measured: 6.9 times
