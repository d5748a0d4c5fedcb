"""extract_body: main-content detection and what the body keeps and drops, on small fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from archiver.parse import density, parse
from archiver.parse.body import Body, extract_body
from archiver.parse.body_clean import clean
from archiver.parse.body_page import Page, paragraphs_at_breaks
from archiver.parse.document import load_document
from archiver.parse.markdown import escape_text
from archiver.parse.metadata import Metadata, extract_metadata
from archiver.plaintext import markdown_to_text
from tests.conftest import shared_path
from tests.server import FIXTURES

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
URL = "https://news.example/2024/01/02/storm"


def body_of(name: str, meta: Metadata | None = None, url: str = URL) -> Body:
    doc = load_document((PAGES / name).read_bytes(), url)
    return extract_body(doc, meta if meta is not None else extract_metadata(doc))


@pytest.fixture(scope="module")
def features() -> str:
    return body_of("body_features.html").markdown


def blocks(markdown: str) -> list[str]:
    return markdown.split("\n\n")


def test_first_and_last_paragraphs_are_kept(features: str) -> None:
    assert blocks(features)[0].startswith("The first paragraph tells readers")
    assert blocks(features)[-1].startswith("The last paragraph says")


def test_headline_and_byline_nodes_are_left_out(features: str) -> None:
    assert "Harbour Storm Closes the Port" not in features
    assert "Ann Lee" not in features


def test_leading_heading_equal_to_headline_is_dropped_without_nodes() -> None:
    meta = Metadata(headline="Harbour Storm Closes the Port")
    markdown = body_of("body_features.html", meta).markdown
    assert "# Harbour Storm Closes the Port" not in markdown
    assert "## What closed" in markdown


def test_caption_is_its_own_marked_paragraph_after_the_image(features: str) -> None:
    parts = blocks(features)
    image = parts.index("![Waves over the pier](https://news.example/media/harbour.jpg)")
    assert parts[image + 1] == (
        "<!-- caption -->\nWaves break over the pier on Tuesday. Photo: Jo Park"
    )


def test_emphasis_and_absolute_links(features: str) -> None:
    assert (
        "Officials said the port would reopen *once the wind drops*, and **no one was hurt**. "
        "See the [full forecast](https://news.example/weather/forecast) for details."
    ) in blocks(features)


def test_nested_list_heading_quote_and_table(features: str) -> None:
    parts = blocks(features)
    assert "## What closed" in parts
    assert (
        "- The ferry terminal, for two days\n"
        "- The container quay\n"
        "  - including the northern berths"
    ) in parts
    assert any(p.startswith('> "We have never seen waves') for p in parts)
    assert ("| Day | Wind (km/h) |\n| --- | --- |\n| Monday | 80 |\n| Tuesday | 120 |") in parts


def test_single_link_paragraph_in_the_flow_stays(features: str) -> None:
    assert (
        "**Related:** [An earlier storm flooded the old town]"
        "(https://news.example/2024/01/01/earlier-storm)"
    ) in blocks(features)


@pytest.mark.parametrize(
    "furniture",
    [
        "cookies",  # cookie notice
        "Facebook",  # share bar
        "Politics",  # navigation
        "Storm](",  # tag list
        "Weather",  # tag list
        "newsletter",  # newsletter box
        "Support independent",  # "support us" box
        "Ferries cancelled",  # related-article block
        "Great reporting",  # comments
        "Comments",  # the comments' heading
        "Most read",  # sidebar
        "All rights reserved",  # footer
    ],
)
def test_furniture_is_dropped(features: str, furniture: str) -> None:
    assert furniture not in features


def test_lazy_images_are_resolved() -> None:
    markdown = body_of("body_lazy_images.html").markdown
    assert "![A by data-src](https://cdn.example/a.jpg)" in markdown
    assert "![B by srcset](https://news.example/b-large.jpg)" in markdown
    assert "![C in noscript](https://news.example/c.jpg)" in markdown
    assert "![D in picture](https://news.example/d@2x.webp)" in markdown
    assert "data:image" not in markdown and "blank.gif" not in markdown


def test_tracking_pixels_and_icons_are_not_images() -> None:
    markdown = body_of("body_lazy_images.html").markdown
    assert "pixel.gif" not in markdown and "icon.png" not in markdown
    assert "Tracking pixels and icons are not pictures of the story." in markdown


def test_article_split_by_an_advert_is_joined() -> None:
    markdown = body_of("body_split.html").markdown
    assert blocks(markdown)[0].startswith("Part one opens")
    assert blocks(markdown)[-1].startswith("Part two ends")
    assert len(blocks(markdown)) == 4
    assert "Advertisement" not in markdown and "Privacy" not in markdown


def test_relative_links_resolve_against_the_page_url_without_base() -> None:
    html = (
        "<body><article><p>A paragraph long enough to be the story, with a "
        '<a href="../other">relative link</a> inside, and commas, too.</p></article></body>'
    )
    doc = load_document(html, "https://site.example/a/b/page")
    markdown = extract_body(doc, Metadata()).markdown
    assert "[relative link](https://site.example/a/other)" in markdown


def test_truncated_when_jsonld_body_is_much_longer() -> None:
    teaser = "Only the teaser of the story is served, the rest is paid for. " * 10
    doc = load_document(f"<body><article><p>{teaser}</p></article></body>")
    body = extract_body(doc, Metadata(jsonld_body=teaser * 2))
    assert body.truncated
    assert body.markdown == teaser.strip()
    assert not extract_body(doc, Metadata(jsonld_body="Only the teaser.")).truncated


def test_jsonld_article_body_replaces_a_fragment_several_times_shorter() -> None:
    # The page shows a caption and a bio; the story itself is only in JSON-LD.
    doc = load_document(
        "<body><article><p>A photo caption of the story, credited to an agency.</p></article>"
        "</body>"
    )
    story = "First paragraph of the story, with *stars*.\n" + "Second paragraph, long. " * 40
    body = extract_body(doc, Metadata(jsonld_body=story))
    assert body.markdown.split("\n\n")[0] == "First paragraph of the story, with \\*stars\\*."
    assert body.markdown.split("\n\n")[1].startswith("Second paragraph, long.")
    assert body.provenance == {"body": "json-ld"}
    assert not body.truncated


def test_jsonld_article_body_with_markup_is_converted() -> None:
    doc = load_document("<body><div><p>Just a short caption here, nothing more.</p></div></body>")
    story = "<p>One paragraph of the story.</p><p>" + "Another paragraph. " * 40 + "</p>"
    markdown = extract_body(doc, Metadata(jsonld_body=story)).markdown
    assert markdown.startswith("One paragraph of the story.\n\nAnother paragraph.")
    assert "<p>" not in markdown


def test_page_without_content_gives_an_empty_body() -> None:
    doc = load_document("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    body = extract_body(doc, Metadata())
    assert body.markdown == ""


def test_hostile_nesting_does_not_raise() -> None:
    html = (
        "<body>"
        + "<div>" * 20_000
        + "<p>deep text, with a comma, long enough to count as prose</p>"
        + "</div>" * 20_000
    )
    body = extract_body(load_document(html), Metadata())
    assert "deep text" in body.markdown


def test_seed_body_is_the_users_format() -> None:
    page = shared_path("seed", "themoscowtimes-2024-12-19.html")
    url = (
        "https://www.themoscowtimes.com/2024/12/19/"
        "at-least-100-north-korean-soldiers-killed-fighting-for-russia-seoul-says-a87399"
    )
    article = parse(page.read_bytes(), url=url)
    parts = blocks(article.body)
    assert parts[0] == (
        "![](https://static.themoscowtimes.com/image/article_1360/7c/north-korea-soldiers.jpg)"
    )
    assert parts[1] == "<!-- caption -->\n**KCNA**"
    assert len(parts) == 12
    assert parts[2].startswith("At least 100 North Koreans fighting alongside")
    assert parts[7] == (
        "**Related article:** [Medvedev Threatens Times Journalists Over Coverage of Russian "
        "General's Assassination](https://www.themoscowtimes.com/2024/12/18/"
        "medvedev-threatens-times-journalists-over-coverage-of-russian-generals-assassination"
        "-a87390)"
    )
    assert parts[-1].startswith("His remarks came after a senior U.S. military official")
    for absent in ("North Korea](", "Facebook", "Dear readers", "Most read", "cookies"):
        assert absent not in article.body


def test_lead_paragraph_in_a_neighbouring_block_is_kept() -> None:
    markdown = body_of("body_lead.html").markdown
    assert markdown_to_text(markdown).startswith("Engineers began repairing the old river dam")
    assert blocks(markdown)[-1].startswith("The council will publish a weekly report")
    # Outside the story's container only prose comes in, and the lead picture before it
    # with its caption marked as one (no running text): no date line.
    assert blocks(markdown)[0] == "![The dam](https://news.example/media/dam.jpg)"
    assert "<!-- caption -->\nThe dam seen from the valley road" in markdown
    assert "22 January 2024" not in markdown


@pytest.mark.parametrize(
    "marker",
    [
        'role="dialog"',
        'class="dialog"',
        'role="complementary"',
        'class="offcanvas-top"',
        'class="off-canvas"',
    ],
)
def test_dialog_and_aria_furniture_is_never_the_body(marker: str) -> None:
    notice = (
        "<p>We use cookies, pixels, tags, and similar tools, and share data, with partners.</p>"
    )
    story = "<p>The bridge reopened on Friday, two weeks early, and traffic flowed again.</p>"
    html = (
        f"<body><div {marker}><div>{notice * 5}</div></div><div><div>{story * 6}</div></div></body>"
    )
    markdown = extract_body(load_document(html), Metadata()).markdown
    assert markdown.startswith("The bridge reopened")
    assert "cookies" not in markdown


def test_on_a_page_of_several_stories_the_body_is_the_headlines_own() -> None:
    markdown = body_of("body_endless_scroll.html").markdown
    assert markdown.startswith("The island ferry sailed again on Sunday")
    assert "harbour budget" not in markdown


def test_trailing_labels_are_trimmed_a_colon_line_and_list_items_stay() -> None:
    story = "<p>The library reopens on Monday, after a year of work, with longer hours.</p>" * 4
    html = (
        f"<body><div class='text'>{story}<p>See the floor plans:</p>"
        "<ul><li>Ground floor, with the books for children</li></ul>"
        "<p>Photo credits</p><p>Ann Lee</p></div></body>"
    )
    markdown = extract_body(load_document(html), Metadata()).markdown
    assert markdown.endswith("See the floor plans:\n\n- Ground floor, with the books for children")
    html = f"<body><div class='text'>{story}<p>More on this topic</p><p>Ann Lee</p></div></body>"
    markdown = extract_body(load_document(html), Metadata()).markdown
    assert markdown.endswith("with longer hours.")


def test_a_short_first_part_of_the_same_kind_joins_the_body() -> None:
    markdown = body_of("body_parts.html").markdown
    assert markdown.startswith("The trains will leave the capital at ten")
    assert blocks(markdown)[-1].startswith("A night train on the southern line")
    assert "travel desk" not in markdown


def test_blocks_above_the_headline_are_no_part_of_the_body() -> None:
    markdown = body_of("body_ticker.html").markdown
    assert markdown.startswith("The old water mill by the river opened")
    assert "Elsewhere" not in markdown


def test_a_short_sentence_block_beside_the_container_is_kept() -> None:
    story = "".join(
        f"<p>The harbour master said quay {n}, built in a year, would open in May.</p>"
        for n in range(4)
    )
    html = (
        "<body><div class='page'><div class='intro'><p>The town has waited a decade for "
        "this, and it shows, said the mayor on Friday morning.</p></div>"
        "<div class='para'>Not everyone in the town agrees.</div>"
        f"<div class='story-text'>{story}</div><div class='para'>Share</div></div></body>"
    )
    markdown = extract_body(load_document(html), Metadata()).markdown
    assert "Not everyone in the town agrees." in blocks(markdown)
    assert "Share" not in markdown


def test_a_page_builders_widget_blocks_are_content_when_they_hold_the_prose() -> None:
    paragraphs = [
        "The choir was founded in 1990 by six friends, and it has sung in forty towns since.",
        "It rehearses every Tuesday, in the old school hall, and new voices are welcome.",
        "Its next concert, of songs from the coast, is planned for the spring, in the church.",
    ]
    widgets = "".join(
        f"<div class='builder-widget text-widget'><div class='widget-container'><p>{p}</p>"
        "</div></div>"
        for p in paragraphs
    )
    sidebar = "<div class='widget'><p>Follow us, like us, share us, on every network.</p></div>"
    html = f"<body><div class='page'>{widgets}</div><div class='side'>{sidebar}</div></body>"
    markdown = extract_body(load_document(html), Metadata()).markdown
    assert blocks(markdown) == paragraphs


def test_ruby_text_keeps_its_base_and_drops_the_reading_aid() -> None:
    sentence = (
        "<ruby>子<rt>こ</rt></ruby>どもへの<ruby><span>虐待</span><rt>ぎゃくたい</rt></ruby>"
        "をなくすための<ruby>法律<rp>(</rp><rt>ほうりつ</rt><rp>)</rp></ruby>ができて、"
        "親が子どもを教育するために、体罰を禁止することになりました。"
    )
    html = f"<body><div><p>{sentence}</p><p>{sentence}二</p></div></body>"
    markdown = extract_body(load_document(html), Metadata()).markdown
    assert blocks(markdown)[0] == (
        "子どもへの虐待をなくすための法律ができて、"
        "親が子どもを教育するために、体罰を禁止することになりました。"
    )


def test_clause_marks_are_counted_not_the_spaces_around_them() -> None:

    doc = load_document("<body><p>, Ein Satz ,  noch einer ;  und dann ,  </p></body>")
    root = doc.soup.body
    assert root is not None
    page = Page(root, set())
    paragraph = doc.soup.find("p")
    assert page.stats[id(paragraph)].commas == 4


def test_an_elements_text_outside_links_counts_its_nested_blocks_and_not_its_links() -> None:

    doc = load_document(
        '<body><div><p>Ten words <a href="/x">linked</a> here.</p><p>More text.</p></div></body>'
    )
    root = doc.soup.body
    assert root is not None
    stat = Page(root, set()).stats[id(doc.soup.find("div"))]
    assert stat.link == len("linked") and stat.text > 20
    assert stat.unlinked() == stat.text - len("linked")


def test_a_posts_own_category_and_tag_labels_do_not_make_it_furniture() -> None:
    story = "".join(
        f"<p>The ferry, delayed by fog, left at {n}, and reached the island, safely, by noon.</p>"
        for n in range(5)
    )
    about = "".join(
        f"<p>Our town paper has covered the coast since 19{n}0 with reporters in every village "
        "and a print edition every Thursday morning</p>"
        for n in range(8)
    )
    html = (
        "<body><main><div class='wrap'><article class='post type-post category-news tag-ferry'>"
        f"{story}</article><div class='cta'><p>Subscribe today.</p></div></div></main>"
        f"<div class='site-info'><div class='about'>{about}</div></div></body>"
    )
    markdown = extract_body(load_document(html), Metadata()).markdown
    assert markdown.startswith("The ferry, delayed by fog, left at 0")
    assert "town paper" not in markdown


def test_digest_list_items_opening_with_a_linked_title_stay_to_the_last() -> None:
    story = "<p>" + "Here are the ten things in tech to know today, in brief. " * 3 + "</p>"
    prose = "The company said so in a statement on Monday, and shares rose, as expected."
    items = "".join(
        f'<li><strong><a href="/s{i}">Linked title number {i} of the digest</a>.</strong> '
        f"{prose}</li>"
        for i in range(4)
    ) + "".join(
        f'<li><strong><a href="/t{i}">A much longer linked title {i} of the digest, '
        f"with many words in it</a>.</strong> Short line {i}.</li>"
        for i in range(2)
    )
    html = f"<body><article>{story}<ol>{items}</ol></article></body>"
    markdown = extract_body(load_document(html, URL), Metadata()).markdown
    assert "Short line 0." in markdown
    assert "Short line 1." in markdown


@pytest.mark.parametrize("name", ["kommentarModul", "commentaires", "compartir-redes"])
def test_furniture_named_in_the_sites_language_is_dropped(name: str) -> None:
    story = "<p>" + "The story goes on here, paragraph after paragraph, with commas. " * 4 + "</p>"
    html = (
        f"<body><article>{story}{story}"
        f'<section class="{name}"><p>Keine Kommentare, seien Sie der Erste, der schreibt.</p>'
        "</section></article></body>"
    )
    markdown = extract_body(load_document(html, URL), Metadata()).markdown
    assert "The story goes on" in markdown
    assert "Keine Kommentare" not in markdown


def test_a_part_named_under_the_body_block_by_a_furniture_word_is_dropped() -> None:
    story = "<p>" + "The story goes on here, paragraph after paragraph, with commas. " * 4 + "</p>"
    html = (
        f'<body><div class="ArticleBody-container">{story}'
        '<div class="ArticleBody-related-coverage"><p>Related Coverage</p>'
        "<p>A teaser of another story, long enough to read as a sentence.</p></div>"
        f'{story}<div class="main-content__item__note"><p>A note under the photo of '
        "the living room, written by the editors.</p></div>"
        f"{story}</div></body>"
    )
    markdown = extract_body(load_document(html, URL), Metadata()).markdown
    assert "Related Coverage" not in markdown
    assert "A note under the photo" in markdown


def test_author_box_marked_by_itemprop_is_dropped() -> None:
    story = "<p>" + "The story goes on here, paragraph after paragraph, with commas. " * 4 + "</p>"
    html = (
        f"<body><article>{story}{story}<div>About the author</div>"
        '<div class="box-wrap" itemprop="author" itemscope>'
        "<p>Ann Lee writes about wine, travel and food, and has done so for years.</p></div>"
        "</article></body>"
    )
    markdown = extract_body(load_document(html, URL), Metadata()).markdown
    assert "The story goes on" in markdown
    assert "Ann Lee writes" not in markdown
    assert "About the author" not in markdown


def test_a_story_made_of_article_blocks_is_kept() -> None:
    block = (
        '<article class="paragraph"><h2>Part {0}</h2><p>Part {0} of the story goes on, with a '
        '<a href="/x">link</a>, paragraph after paragraph, with commas, part {0}.</p></article>'
    )
    html = f"<body><main><div>{''.join(block.format(i) for i in range(4))}</div></main></body>"
    markdown = extract_body(load_document(html, URL), Metadata()).markdown
    assert "part 0." in markdown
    assert "part 3." in markdown


def test_consent_placeholder_standing_in_for_an_embed_is_dropped() -> None:
    story = "<p>" + "The story goes on here, paragraph after paragraph, with commas. " * 4 + "</p>"
    html = (
        f"<body><article>{story}"
        '<div class="third-party-services--placeholder"><h2>Unlock the post</h2>'
        "<div>We respect your privacy and connect to the network only with your consent.</div>"
        f"</div>{story}</article></body>"
    )
    markdown = extract_body(load_document(html, URL), Metadata()).markdown
    assert "The story goes on" in markdown
    assert "We respect your privacy" not in markdown


STORY = "<p>" + "The council met again on Monday, and the vote was close. " * 4 + "</p>"


def test_blocks_named_as_captions_or_credits_are_marked_but_a_long_one_is_not() -> None:
    long_part = "<p>" + "A paragraph of the story inside an oddly named wrapper, " * 12 + "</p>"
    html = (
        f"<html><body><article>{STORY}"
        "<div class='wp-caption'><img src='/a.jpg' width='600'>"
        "<p class='wp-caption-text'>The hall on Monday.</p></div>"
        f"{STORY}<span class='imageCredit'>inline credit</span>"
        "<div class='photo-credit'>Photo: Jo Park</div>"
        f"<div class='caption-box'>{long_part}</div>{STORY}</article></body></html>"
    )
    article = parse(html, url=URL)
    parts = blocks(article.body)
    assert "<!-- caption -->\nThe hall on Monday." in parts
    assert "<!-- caption -->\nPhoto: Jo Park" in parts
    assert any(p.startswith("A paragraph of the story inside") for p in parts)
    assert "The hall on Monday" not in article.text and "Jo Park" not in article.text
    assert "A paragraph of the story inside" in article.text


@pytest.mark.parametrize(
    ("paragraph", "credit"),
    [
        ("Protesters marched to the harbour on Sunday (Image: GETTY)", True),
        ("A long row of unsold cars at a dealership. (AP Photo/Jo Park)", True),
        ("Foto: Stadt Nordhausen", True),
        ("© Jo Park", True),
        ("Bild via Pixabay", True),
        ("Roman Prymula, photo: Archives du Gouvernement", True),
        ("Image illustrative : Lego figures by Jo Park", True),
        ("Unemployment rose to five percent in May (source: Eurostat).", False),
        ("© 2019 The Associated Press. All rights reserved.", False),
        ("The photographer said the image was taken at dawn.", False),
    ],
)
def test_a_paragraph_crediting_a_picture_is_marked_as_a_caption(
    paragraph: str, credit: bool
) -> None:
    html = f"<html><body><article>{STORY}<p>{paragraph}</p>{STORY}</article></body></html>"
    article = parse(html, url=URL)
    assert (f"<!-- caption -->\n{escape_text(paragraph)}" in blocks(article.body)) is credit
    assert (paragraph in article.text) is not credit


@pytest.mark.parametrize(
    "call",
    [
        "Follow the paper on Facebook, Twitter and Instagram.",
        "Sign up for our daily newsletter, delivered to your inbox.",
        "CLICK HERE TO GET THE NEWS APP",
        "Síguenos en Telegram, Instagram, Facebook y Twitter.",
        "Jetzt auch digital! Einfach hier klicken und registrieren!",
        "Lust auf mehr? Lade dir unsere App herunter.",
        "Noch nicht genug? Melde dich an, und die Geschichten kommen in deinen Posteingang.",
    ],
)
def test_a_closing_call_to_follow_or_subscribe_is_dropped(call: str) -> None:
    html = f"<html><body><article>{STORY}{STORY}<p>{call}</p></article></body></html>"
    article = parse(html, url=URL)
    assert article.text.endswith("the vote was close.")


def test_a_link_set_in_capitals_between_paragraphs_is_a_pointer_to_another_story() -> None:
    pointer = '<p><strong><a href="/a/mayor">MAYOR QUITS AFTER BUDGET VOTE</a></strong></p>'
    related = '<p><strong>Related:</strong> <a href="/a/ferry">The ferry runs again</a></p>'
    story = f"{STORY}{pointer}{STORY}{related}{STORY}"
    text = parse(f"<html><body><article>{story}</article></body></html>", url=URL).text
    assert "MAYOR QUITS" not in text
    assert "Related: The ferry runs again" in text
    assert text.count("the vote was close.") == 12


def test_a_call_inside_the_story_and_a_closing_sentence_on_apps_stay() -> None:
    inside = "<p>Follow the council on Twitter, the mayor said at the meeting.</p>"
    last = "<p>The council will download the app data next week, officials said.</p>"
    html = f"<html><body><article>{STORY}{inside}{STORY}{last}</article></body></html>"
    text = parse(html, url=URL).text
    assert "Follow the council on Twitter" in text
    assert text.endswith("officials said.")


def test_a_short_source_line_is_a_credit_and_a_reference_is_not() -> None:
    reference = (
        "Quelle: Carlsen et al.: Physical activity in pregnancy, a cohort study. "
        "Global Reports 2021."
    )
    html = (
        f"<html><body><article>{STORY}<p>Quelle: Landesregierung</p>{STORY}"
        f"<p>{reference}</p>{STORY}</article></body></html>"
    )
    text = parse(html, url=URL).text
    assert "Landesregierung" not in text
    assert "Physical activity in pregnancy" in text


def test_store_badges_after_a_closing_call_go_with_it_and_a_signature_goes() -> None:
    html = (
        f"<html><body><article>{STORY}{STORY}"
        "<p><b>Get the latest news straight to your phone with the News app.</b></p>"
        "<p><img src='/android.png' width='200'></p><p><img src='/ios.png' width='200'></p>"
        "<p><b>Von:</b><br>Jo Park</p></article></body></html>"
    )
    article = parse(html, url=URL)
    assert article.body.endswith("the vote was close.")


def test_a_closing_picture_without_a_call_stays() -> None:
    html = (
        f"<html><body><article>{STORY}{STORY}<p><img src='/map.png' width='400'></p>"
        "</article></body></html>"
    )
    assert parse(html, url=URL).body.endswith("(https://news.example/map.png)")


def test_a_closing_note_on_the_writer_goes() -> None:
    html = (
        "<html><head><meta name='author' content='Jo Park'></head><body><article>"
        f"{STORY}{STORY}<p><i>Jo Park is our science editor and writes about the sea.</i></p>"
        "</article></body></html>"
    )
    article = parse(html, url=URL)
    assert [a.name for a in article.authors] == ["Jo Park"]
    assert article.text.endswith("the vote was close.")


def test_a_standfirst_between_the_headline_and_the_story_is_kept() -> None:
    deck = "The harbour reopens after two days, but the ferries will run a reduced timetable."
    html = (
        "<html><body><main><header><h1>Storm Closes the Harbour</h1>"
        f"<h2 class='subtitle'>{deck}</h2><h2>Short label</h2></header>"
        f"<div class='article-body'>{STORY}{STORY}{STORY}</div></main></body></html>"
    )
    body = parse(html, url=URL).body
    assert blocks(body)[0] == f"## {deck}"
    assert "Short label" not in body


def test_a_lead_the_page_names_between_the_headline_and_the_story_is_kept() -> None:
    lead = "Two young drivers crashed their sports cars on Saturday night, one after the other."
    html = (
        "<html><body><header><h1>Storm Closes the Harbour</h1>"
        "<div class='article-lead'><img src='/a.jpg' width='600'>"
        "<span>A picture of the harbour with enough words to count as a lead block.</span>"
        f"</div><div class='tb-article-intro'>{lead}</div></header>"
        f"<div class='sidebar'><div class='teaser'>{lead} Another story.</div></div>"
        f"<main><div class='article-body'>{STORY}{STORY}{STORY}</div></main></body></html>"
    )
    body = parse(html, url=URL).body
    assert blocks(body)[0] == lead
    assert "A picture of the harbour" not in body and "Another story" not in body


def test_a_lead_right_after_the_headline_with_a_typography_caption_class_is_kept() -> None:
    lead = "The delegation had to deal with a second case two days before the opening ceremony."
    html = (
        "<html><body><div class='hero'><h1>Storm Closes the Harbour</h1>"
        f"<h2 class='Hero__teaser caption-s5'>{lead}</h2></div>"
        f"<main><div class='article-body'>{STORY}{STORY}{STORY}</div></main></body></html>"
    )
    assert blocks(parse(html, url=URL).body)[0] == f"## {lead}"


def test_a_heading_named_as_a_figure_caption_is_a_caption() -> None:
    html = (
        f"<html><body><article>{STORY}<figure><img src='/a.jpg' width='600'>"
        "<h2 class='figure__caption'>A tipping point in the play. Picture: Jo Park</h2></figure>"
        f"{STORY}</article></body></html>"
    )
    article = parse(html, url=URL)
    assert "<!-- caption -->\n## A tipping point in the play. Picture: Jo Park" in article.body
    assert "tipping point" not in article.text


def test_a_short_closing_contact_section_goes_and_a_long_one_stays() -> None:
    contact = (
        "<p><b>More information:</b></p><p><b>Contact:</b></p>"
        "<p>Dr. Jo Park<br>Harbour Office<br>E-mail: jo@harbour.example</p>"
    )
    html = f"<html><body><article>{STORY}{STORY}{contact}</article></body></html>"
    assert parse(html, url=URL).text.endswith("the vote was close.")
    long_section = "<p><b>Contact:</b></p>" + "".join(
        f"<p>Office {n} answers questions about the harbour works, the ferries and the "
        f"timetable of the reopening, every weekday from nine until five.</p>"
        for n in range(8)
    )
    html = f"<html><body><article>{STORY}{STORY}{long_section}</article></body></html>"
    assert "Contact" in parse(html, url=URL).text


def test_a_list_of_pictures_with_their_captions_is_a_gallery_out_of_the_running_text() -> None:
    gallery = "".join(
        f"<li><img src='/{n}.jpg' alt='Pier {n}' width='600'>"
        f"<span>Waves over pier {n} on Tuesday. Photo: Jo Park</span></li>"
        for n in range(3)
    )
    steps = "<ul><li>Close the quay.</li><li>Move the ferries.</li></ul>"
    html = f"<html><body><article>{STORY}<ul>{gallery}</ul>{STORY}{steps}</article></body></html>"
    article = parse(html, url=URL)
    assert "<!-- caption -->\n- ![Pier 0](https://news.example/0.jpg)" in article.body
    assert "Waves over pier" not in article.text
    assert "Close the quay." in article.text


def test_a_byline_under_a_label_for_every_gender_leaves_the_text() -> None:
    # "Autor*in: Jonas Wendlinger" under the headline is the byline, no line of the story.
    html = (FIXTURES / "pages" / "byline_inclusive_label_line.html").read_bytes()
    text = parse(html, url=None).text
    assert text.startswith("Die neue Fähre zwischen Friedrichshafen")
    assert "Wendlinger" not in text


def test_a_block_holding_much_of_the_story_s_prose_is_no_furniture_for_its_links() -> None:
    # No class names: a market note whose paragraphs link their tickers, with promotions and
    # a list of quote links between them, is more than a third links; in a container with
    # the site's blurb after it, it was set aside as a link block and the blurb kept.
    doc = load_document((PAGES / "body_linked_quotes_story.html").read_bytes(), URL)
    assert doc.soup.body is not None
    page = Page(doc.soup.body, set())
    page.prose = density.main_text(page.order)[1]
    heading = doc.soup.find("h1")
    opening = doc.soup.find(string=lambda s: "In trading on Thursday" in s)
    assert heading is not None and heading.parent is not None and opening is not None
    outer, story = heading.parent.parent, opening.parent.parent
    assert outer is not None and story is not None
    clean(page, [outer], set())
    assert not page.stats[id(story)].removed
    assert page.stats[id(story)].link > 0.33 * page.stats[id(story)].text


def test_blank_lines_make_paragraphs_but_not_in_replies_of_one_kind() -> None:
    # Runs between two <br> become paragraphs of their own (the finder counts paragraphs);
    # the same in blocks of a kind the page repeats (replies) would make each reply weigh
    # as a story, so those keep their lines as they are, as does a <p> with line breaks.
    reply = '<div class="reply">Agreed.<br><br>And the bridge too.</div>'
    html = (
        '<html><body><div class="story">First part, <a href="/x">linked</a>.<br><br>'
        "Second part.<br>Its next line.<br> <br><hr>Third part.</div>"
        + reply * 3
        + "<p>One paragraph<br><br>with a blank line.</p></body></html>"
    )
    soup = BeautifulSoup(html, "lxml")
    paragraphs_at_breaks(soup.body)
    story = soup.find("div", class_="story")
    runs = [p.get_text() for p in story.find_all("p", recursive=False)]
    assert runs == ["First part, linked.", "Second part.Its next line.", "Third part."]
    assert story.find("hr") is not None and len(story.find_all("br")) == 1
    for box in soup.find_all("div", class_="reply"):
        assert box.find("p") is None and len(box.find_all("br")) == 2
    assert soup.body.find_all("p", recursive=False)[0].find("p") is None
