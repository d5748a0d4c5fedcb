"""load_document: decoding, JSON-LD reading, the noise pre-pass, hostile input."""

from __future__ import annotations

from archiver.parse.document import load_document, parse_jsonld


def test_builds_soup_and_keeps_url() -> None:
    doc = load_document(b"<html><body><p>Hello</p></body></html>", "https://example.org/a")
    assert doc.url == "https://example.org/a"
    p = doc.soup.find("p")
    assert p is not None and p.get_text() == "Hello"


def test_str_input_is_used_as_is() -> None:
    doc = load_document("<p>caf\u00e9</p>")
    assert doc.soup.get_text() == "caf\u00e9"


def test_utf8_bytes_decode() -> None:
    doc = load_document("<p>Zürich — «quoted»</p>".encode())
    assert doc.soup.get_text() == "Zürich — «quoted»"


def test_scripts_styles_svg_templates_comments_are_dropped() -> None:
    html = (
        "<body><script>var a = '<p>no</p>';</script><style>p{}</style>"
        "<svg><text>no</text></svg><template><p>no</p></template>"
        "<!-- <p>no</p> --><p>yes</p><SCRIPT type='x'>no</SCRIPT></body>"
    )
    doc = load_document(html)
    assert doc.soup.get_text() == "yes"
    assert doc.soup.find(["script", "style", "svg", "template"]) is None


def test_noscript_with_image_keeps_the_image_only() -> None:
    html = (
        "<body><noscript><img src='/real.jpg'></noscript>"
        "<noscript>Please enable JavaScript</noscript><p>text</p></body>"
    )
    doc = load_document(html)
    img = doc.soup.find("img")
    assert img is not None and img["src"] == "/real.jpg"
    assert "JavaScript" not in doc.soup.get_text()


def test_jsonld_graph_and_arrays_are_flattened() -> None:
    html = """
    <script type="application/ld+json">
      {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Site"},
        {"@type": "NewsArticle", "headline": "H"}]}
    </script>
    <script type='application/ld+json'>[{"@type": "Person", "name": "A"}, 3]</script>
    """
    doc = load_document(html)
    assert [d["@type"] for d in doc.jsonld] == ["WebSite", "NewsArticle", "Person"]


def test_jsonld_tolerates_junk_comments_and_control_chars() -> None:
    assert parse_jsonld('<!-- {"@type": "A", "x": "a\tb\nc"} -->') == [
        {"@type": "A", "x": "a\tb\nc"}
    ]
    assert parse_jsonld('{"@type": "A"};  trailing junk') == [{"@type": "A"}]
    assert parse_jsonld('//<![CDATA[\n{"@type": "A"}\n//]]>') == [{"@type": "A"}]
    assert parse_jsonld('{"@type": "A"} {"@type": "B"}') == [{"@type": "A"}, {"@type": "B"}]
    assert parse_jsonld("{not json at all") == []
    assert parse_jsonld("") == []


def test_base_href_is_read() -> None:
    doc = load_document('<head><base href="https://cdn.example.org/x/"></head><p>a</p>')
    assert doc.base_url == "https://cdn.example.org/x/"


def test_hostile_input_degrades_instead_of_raising() -> None:
    deep = b"<body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000
    assert "deep" in load_document(deep).soup.get_text()
    assert "a" in load_document(b"<p>a\x00b</p>").soup.get_text()
    assert "\ud800" not in str(load_document("<p>a\ud800b</p>").soup)
    big = load_document(b"<p>" + b"x" * 5_000_000 + b"</p>")
    assert len(big.soup.get_text()) >= 5_000_000
    assert load_document(b"").soup.get_text() == ""
    unclosed = load_document(b"<p>a</p><script>var x = 1;")
    assert "a" in unclosed.soup.get_text()
    load_document(b"\xff\xfe\x00<\x00p\x00>")


def test_insignificant_whitespace_around_blocks_is_dropped_inline_spaces_stay() -> None:
    doc = load_document(
        "<body>\n  <div class='a'>\n    <p>\n      <a href='/x'>one</a> <b>two</b>\n    </p>\n"
        "  </div>\n  <pre>  kept\n  </pre>\n</body>"
    )
    div = doc.soup.find("div")
    p = doc.soup.find("p")
    pre = doc.soup.find("pre")
    assert div is not None and p is not None and pre is not None
    assert div.contents[0] is p
    assert p.get_text() == "one two"
    assert pre.get_text() == "  kept\n  "


def test_menus_selects_and_stylesheet_links_are_dropped_before_the_soup() -> None:
    html = (
        "<html><head><link rel='stylesheet' href='/a.css'><link rel='preload' href='/f.woff'>"
        "<link rel='canonical' href='https://news.example/story'></head><body>"
        "<nav class='menu'><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li>"
        "</ul></nav>"
        "<nav class='breadcrumb'><a href='/'>Home</a><h1>Storm closes the harbour</h1></nav>"
        "<nav class='odd'><p>"
        + "A paragraph of the story that a page put inside a nav. "
        * 2
        + "</p></nav><form><select name='c'><option>France</option></select></form>"
        "<p>Story.</p></body></html>"
    )
    soup = load_document(html).soup
    assert soup.find("link", rel="canonical") is not None
    assert soup.find("link", rel="stylesheet") is None and soup.find("link", rel="preload") is None
    assert "World" not in soup.get_text() and soup.find("select") is None
    assert soup.find("h1") is not None
    assert "inside a nav" in soup.get_text()
