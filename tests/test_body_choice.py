"""The story's container on pages of the failure classes met on unseen pages (a short list or
a few paragraphs directly in <body>, a marked story beside a gallery or teasers, a story split
around an advert, replies, sidebars, old table layouts): each on a small page written for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archiver.cli import cli
from archiver.parse import parse
from archiver.parse.body import Body, extract_body
from archiver.parse.body_choice import best_container, score_page
from archiver.parse.body_clean import drop_furniture
from archiver.parse.body_page import Page
from archiver.parse.body_text import without_masthead
from archiver.parse.document import load_document
from archiver.parse.metadata import Metadata, extract_metadata
from archiver.pipeline import MIN_ARTICLE_CHARS
from tests.server import Loopback

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
URL = "https://news.example/2024/01/02/storm"


def body_of(name: str, meta: Metadata | None = None, url: str = URL) -> Body:
    doc = load_document((PAGES / name).read_bytes(), url)
    return extract_body(doc, meta if meta is not None else extract_metadata(doc))


def page_text(name: str) -> str:
    """The running text of fixtures/pages/`name`, parsed without a URL (as a saved file)."""
    return parse((PAGES / name).read_bytes(), url=None).text


def test_a_short_list_directly_in_body_is_the_body() -> None:
    text = page_text("body_bare_list.html")
    for item in ("Warm clothes and a waterproof jacket", "A packed lunch", "Boots with a good"):
        assert item in text


def test_a_few_paragraphs_directly_in_body_are_the_body() -> None:
    text = page_text("body_bare_paragraphs.html")
    assert text.startswith("The club met on Thursday evening")
    assert text.endswith("weather permitting.")


def test_the_block_marked_articlebody_wins_over_a_gallery_beside_it() -> None:
    text = page_text("body_marked_story.html")
    assert text.startswith("The new bridge over the estuary opened")
    assert text.endswith("from forty minutes to ten.")
    assert "The first cars cross" not in text


def test_a_gallery_of_captioned_pictures_between_headline_and_story_is_not_the_story() -> None:
    # No class names: the captions are long sentences in <figcaption>, the story's prose
    # follows the gallery; a caption is a picture's line, not the story's text (the pictures
    # may go with the story, their lines as captions).
    markdown = body_of("body_gallery_above.html").markdown
    assert "The storm that crossed the coast on Tuesday night" in markdown
    assert "report damage to the council's hotline" in markdown
    text = page_text("body_gallery_above.html")
    assert text.startswith("The storm that crossed the coast on Tuesday night")


def test_a_short_post_below_its_headline_wins_over_a_longer_box_above_it() -> None:
    # No class names; the post holds less than half the "about me" above the headline, and
    # less than the 150 characters that let a block below the headline outweigh one above.
    text = parse((PAGES / "body_short_post_box_above.html").read_bytes(), url=URL).text
    assert text.startswith("via toys.example")
    assert text.endswith("from a lawn chair.")
    assert "I draw. I build." not in text


def test_the_block_matching_json_ld_articlebody_wins_over_teasers() -> None:
    text = page_text("body_jsonld_story.html")
    assert text.startswith("The council approved four new cycle lanes")
    assert "swimming pool" not in text


def test_a_small_named_block_gives_way_to_the_page_main_text() -> None:
    article = parse((PAGES / "body_small_marked_block.html").read_bytes(), url=None)
    assert "The harbour master said on Friday" in article.text
    assert article.text.endswith("and a lantern parade.")
    assert article.provenance["body"] == "density"


def test_story_parts_around_an_ad_and_a_picture_are_all_kept() -> None:
    text = page_text("body_split_parts.html")
    assert text.startswith("The central library will stay open")
    assert "More than two thousand people" in text
    assert text.endswith("maps and recordings.")
    assert "Museum reopens" not in text


def test_an_old_table_layout_page_splits_its_paragraphs_at_double_breaks() -> None:
    body = parse((PAGES / "body_old_table.html").read_bytes(), url=None).body
    assert (
        "The old cotton mill on River Street will reopen next spring as a workshop and "
        "museum, the town council said on Monday.\n\nThe building, which closed in 1961,"
    ) in body
    assert body.endswith("to be repaid from ticket sales over ten years.")


def test_the_archive_step_refuses_a_page_under_the_length_rule_and_keeps_a_short_list(
    server: Loopback, tmp_path: Path
) -> None:
    """parse() returns the few words it found; `archive` decides, by MIN_ARTICLE_CHARS."""
    few = "<html><body><p>Opening soon.</p></body></html>"
    assert parse(few, url=None).text == "Opening soon."
    server.static("/few", few)
    server.static("/list", (PAGES / "body_bare_list.html").read_bytes())
    archive = tmp_path / "archive"
    into = ["--archive-dir", str(archive)]
    refused = CliRunner().invoke(cli, ["archive", server.url("/few"), *into])
    assert refused.exit_code == 1
    assert refused.stderr.strip().splitlines() == [
        f"Error: no article found at {server.url('/few')}"
    ]
    assert not archive.exists() or not any(p.is_file() for p in archive.rglob("*.md"))
    kept = CliRunner().invoke(cli, ["archive", server.url("/list"), *into])
    assert kept.exit_code == 0, kept.output
    text = parse((PAGES / "body_bare_list.html").read_bytes()).text
    assert sum(ch.isalnum() for ch in text) >= MIN_ARTICLE_CHARS


def test_a_picture_post_is_its_pictures_not_a_sidebar_sign_up_box() -> None:
    # A drawing under its headline: the page's only text is a sign-up box in the side
    # column and the footer's notice, which the text finder took before. The share
    # button's small picture is no picture of the post.
    article = parse((PAGES / "body_picture_post.html").read_bytes(), url=URL)
    assert article.body == (
        "![The lighthouse at dusk, in ink](https://news.example/uploads/2012/05/"
        "lighthouse-560x1069.png)"
    )
    assert article.text == "" and article.provenance["body"] == "pictures"


def test_the_archive_step_keeps_a_picture_post_without_a_line_and_refuses_a_bare_logo(
    server: Loopback, tmp_path: Path
) -> None:
    """A post that is a picture under its headline has no running text to count, yet is an
    article; a headline beside the site's logo alone is not."""
    server.static("/drawing", (PAGES / "body_picture_post.html").read_bytes())
    logo = (
        "<html><body><img src='/logo.png' alt='Harbour Notes'>"
        "<h1>Harbour Notes</h1><div>(c) 2012</div></body></html>"
    )
    server.static("/logo", logo)
    archive = tmp_path / "archive"
    into = ["--archive-dir", str(archive)]
    kept = CliRunner().invoke(cli, ["archive", server.url("/drawing"), *into])
    assert kept.exit_code == 0, kept.output
    (stored,) = archive.rglob("*.md")
    markdown = stored.read_text(encoding="utf-8")
    assert "lighthouse-560x1069.png" in markdown and "Email Updates" not in markdown
    refused = CliRunner().invoke(cli, ["archive", server.url("/logo"), *into])
    assert refused.exit_code == 1
    assert refused.stderr.strip() == f"Error: no article found at {server.url('/logo')}"
    assert list(archive.rglob("*.md")) == [stored]


def test_the_lead_picture_between_headline_and_story_joins_the_body_with_its_caption() -> None:
    # A <figure> between the byline and the story's block: its picture opens the body, its
    # caption marked as one (the running text leaves it out); the share button's picture,
    # a link to another site, does not.
    article = parse((PAGES / "body_lead_picture.html").read_bytes(), url=URL)
    assert article.body.startswith(
        "![Waves over the pier](https://news.example/img/storm-1200.jpg)\n\n"
        "<!-- caption -->\nWaves broke over the pier on Monday morning.\n\n"
        "The harbour was closed on Monday"
    )
    assert "share-this" not in article.body
    assert article.text.startswith("The harbour was closed on Monday")


def test_a_teasers_picture_or_a_thumbnail_before_the_story_is_no_lead_picture() -> None:
    page = (PAGES / "body_lead_picture.html").read_text(encoding="utf-8")
    teaser = page.replace(
        '<img src="/img/storm-1200.jpg" alt="Waves over the pier" width="1200" height="800">',
        '<a href="/2024/01/01/gales"><img src="/img/gales.jpg" alt="Gales"></a>',
    )
    thumbnail = page.replace('width="1200" height="800"', 'width="150" height="100"')
    for changed in (teaser, thumbnail):
        body = parse(changed, url=URL).body
        assert body.startswith("The harbour was closed on Monday"), body[:80]


def test_a_how_to_page_keeps_its_lists_and_headings_and_loses_the_side_column() -> None:
    body = parse((PAGES / "body_howto.html").read_bytes(), url=None).body
    assert body.startswith("A window box brings colour")
    assert "- Potting compost" in body
    assert "5. Water well, and again whenever the compost feels dry." in body
    assert body.endswith("- Feed the plants every two weeks from midsummer.")
    assert "Prune Roses" not in body and "Privacy" not in body


def test_a_block_of_teasers_beside_the_story_does_not_join_it() -> None:
    # The sibling scores like a story (sentences, commas) but is another block of the page:
    # only paragraphs standing beside the story join it.
    html = (PAGES / "body_story_beside_teasers.html").read_bytes()
    doc = load_document(html, None)
    markdown = extract_body(doc, extract_metadata(doc)).markdown
    assert "new trees, old hill" in markdown
    assert "bakery in the old mill" not in markdown
    assert "More from the valley" not in markdown


def test_a_post_that_is_a_list_of_links_keeps_its_list() -> None:
    # The list is the bulk of the post: the story, not a block of further reading.
    body = parse((PAGES / "body_link_post.html").read_bytes(), url=None).body
    assert "[County publishes its flood plans for the lower river]" in body
    assert "via the weather service" in body
    assert body.endswith("The rest of my links are [here](/links/).")
    assert "Blogroll" not in body and "garden diary" not in body


def test_a_list_of_links_after_the_story_still_goes() -> None:
    story = "".join(
        f"<p>Paragraph {i} of the story, with a clause, and another one, as stories go.</p>"
        for i in range(6)
    )
    links = "".join(f'<li><a href="/r{i}">Another story number {i}</a></li>' for i in range(5))
    html = f"<body><article><h1>Story</h1>{story}<ul>{links}</ul></article></body>"
    markdown = extract_body(load_document(html, URL), Metadata()).markdown
    assert "Paragraph 5 of the story" in markdown
    assert "Another story" not in markdown


def test_a_sections_header_inside_the_story_stays_and_the_articles_header_goes() -> None:
    # HTML's <header> heads any section: after the story's first paragraph it is a heading of
    # the story, where the article's own header (kicker, date) before it is not.
    body = parse((PAGES / "body_section_headers.html").read_bytes(), url=None).body
    assert body.startswith("Each way of paying for a car")
    assert "### Pros of paying outright:" in body
    assert "### Pros of leasing:" in body
    assert "Updated 3 March 2025" not in body and "Guide" not in body
    assert body.endswith("read the terms for the end of the contract.")


def test_a_closing_section_of_teasers_goes_with_its_pictures() -> None:
    # Linked titles, each with a short summary: other stories, not the end of this one.
    body = parse((PAGES / "body_closing_teasers.html").read_bytes(), url=None).body
    assert "## A timetable that fits the villages" in body
    assert body.endswith("in the parish newsletter.")
    assert "You may also like" not in body
    assert "two hundred residents" not in body and "ferry.jpg" not in body


def test_a_closing_section_under_plain_headings_stays() -> None:
    # The story's own headings are no links: its last section is the story's.
    tips = "".join(
        f"<h3>Tip {i}</h3><p>Water the pots in the evening, number {i}.</p>" for i in range(3)
    )
    story = "<p>" + "A garden on a balcony needs little, but it needs it often, in summer. " * 3
    html = f"<body><article><h1>Balcony garden</h1>{story}</p><h2>Three tips</h2>{tips}</article>"
    markdown = extract_body(load_document(html, URL), Metadata()).markdown
    assert markdown.endswith("Water the pots in the evening, number 2.")


def test_a_round_up_of_linked_titles_that_is_the_post_stays() -> None:
    # The same shape as a closing block of teasers, but it is most of the post.
    items = "".join(
        f'<h3><a href="https://other{i}.example/story">A story worth reading, number {i}</a></h3>'
        f"<p>Why it is worth the time: a short note on story {i}, and who wrote it.</p>"
        for i in range(5)
    )
    html = (
        "<body><article><h1>Sunday reading</h1><p>Five stories from this week, with a note"
        f" on each, as every Sunday.</p><h2>This week</h2>{items}</article></body>"
    )
    markdown = extract_body(load_document(html, URL), Metadata()).markdown
    assert "A story worth reading, number 4" in markdown
    assert markdown.endswith("a short note on story 4, and who wrote it.")


def test_a_post_below_its_headline_wins_over_a_long_profile_in_the_sidebar_above() -> None:
    # The sidebar's "about me" has more commas than the short post; the post is where the
    # page names its body, below the headline.
    text = page_text("body_sidebar_profile.html")
    assert text.startswith("• The morning boat ran on time")
    assert text.endswith("the harbour office says.")
    assert "ferries, buses, trains" not in text and "Location" not in text


def test_the_density_finder_does_not_pick_an_aside_of_teasers_over_a_short_story() -> None:
    article = parse((PAGES / "body_aside_teasers.html").read_bytes(), url=None)
    assert article.text.startswith("The town opened a repair café")
    assert article.text.endswith("first Saturday of every month.")
    assert "city bikes" not in article.text
    assert article.provenance["body"] == "content"


def test_an_old_page_s_headline_byline_and_date_lines_leave_the_top_of_its_body() -> None:
    """A 2000s table layout sets the headline, byline and date as plain text in the story's
    cell: the body opens with the story's first sentence, not with those lines."""
    article = parse((PAGES / "body_old_masthead_cell.html").read_bytes(), url=None)
    assert article.headline == "School board passes budget with bus cuts"
    assert article.text.startswith("The Valley school board voted 4-3 on Wednesday night")
    for line in ("By Ruth Calloway", "September 14, 2006", "Schools\n"):
        assert line not in article.text


def test_an_old_page_s_menu_and_advert_columns_beside_the_story_cell_are_left_out() -> None:
    text = parse((PAGES / "body_old_masthead_cell.html").read_bytes(), url=None).text
    assert "Obituaries" not in text and "Advertisement" not in text
    assert text.endswith("The board will hear a report on walking routes at its October meeting.")


def test_a_headline_quoted_within_the_story_keeps_the_lines_around_it() -> None:
    story = (
        "The old mill on River Street will reopen next spring as a workshop and museum, the "
        "council said on Monday, after years of campaigning by the families of its workers."
    )
    notice = "Mill to reopen\\\nBy order of the council\\\n12 May 2006"
    markdown = f"{story}\n\n{notice}\n\nThe notice drew a crowd."
    assert without_masthead(markdown, "Mill to reopen", []) == markdown
    assert without_masthead(f"{notice}\n\n{story}", "Mill to reopen", []) == story


def test_a_long_reply_after_a_post_is_not_chosen_over_the_post_below_the_headline() -> None:
    # Nothing names the replies: the post is the prose right below the headline; a reply
    # after it, one long sentence of commas, outscores it, but comes after it.
    doc = load_document((PAGES / "body_story_then_replies.html").read_bytes(), None)
    meta = extract_metadata(doc)
    assert doc.soup.body is not None and meta.headline_node is not None
    page = Page(doc.soup.body, {id(meta.headline_node)})
    drop_furniture(page)
    score_page(page)
    chosen = best_container(page, meta.headline_node)
    assert chosen is not None and chosen.tag.get("class") == ["txt-x"]
    text = parse((PAGES / "body_story_then_replies.html").read_bytes(), url=None).text
    assert text.startswith("For ten years I bought a new tool")
    assert text.endswith("and it cost me nothing.")
    assert "library of tools" not in text


def test_a_post_below_its_headline_wins_over_an_unnamed_box_of_commas_above_it() -> None:
    # No name says which block is the post: the box above the headline scores higher (its
    # one sentence is all commas) but holds less text than the post below the headline.
    text = page_text("body_about_box_above.html")
    assert text.startswith("This week I am in the hills")
    assert text.endswith("a spare stove.")
    assert "About me" not in text and "tomatoes" not in text


def test_a_short_post_below_its_headline_is_kept_when_a_longer_reply_outscores_it() -> None:
    # The post has less prose than the stretch rule's 500 characters, but half the reply's:
    # the post is in the body (before, the body was the reply alone).
    text = page_text("body_short_post_long_reply.html")
    assert "The new bench for the shed arrived on Saturday morning" in text
    assert "when the varnish has dried." in text
    assert text.index("The new bench") < text.index("varnish")
    assert not text.startswith("This is exactly what happened")


def test_dated_replies_after_a_short_story_are_no_parts_of_it() -> None:
    # Nothing names the replies, and each reply's text is set in the story's own class: a
    # long reply outscores the story, whose place below the headline wins; the replies, a
    # run of entries each under its own date line, stay out.
    text = page_text("body_dated_replies.html")
    assert text.startswith("The council voted on Tuesday")
    assert text.endswith("the towpath stays open while it goes on.")
    assert "ago at" not in text and "Rating" not in text and "detour" not in text


def test_a_short_block_around_a_form_control_is_a_widget() -> None:
    # A sign-up box and a comment prompt inside the story, named by no word a rule knows:
    # the field and the button mark them, and their lines go with them.
    text = page_text("body_form_widgets.html")
    assert text.startswith("The water mill on the river Lune")
    assert "Flour from the first grinding" in text
    assert text.endswith("although its floors and its chimney are gone.")
    assert "inbox" not in text and "Email address" not in text
    assert "leave a comment" not in text


def test_a_button_in_a_heading_leaves_the_lines_beside_it() -> None:
    # A reference page's title carries a "copy" button; the short block around the heading
    # also holds the item's version and a link to its source. That block is the title's, not
    # a widget's: only the button's own text goes.
    story = "<p>" + "Returns the value rounded to the nearest integer, halves away from zero. " * 3
    html = (
        "<body><main><div><h1>Function round <button>Copy item path</button></h1>"
        "<span>Since 1.59.0 · <a href='/src/round.rs'>Source</a></span></div>"
        f"{story}</p></main></body>"
    )
    text = parse(html, url=None).text
    assert "Since 1.59.0" in text
    assert "Copy item path" not in text


def test_a_recipe_with_check_boxes_keeps_its_ingredients() -> None:
    # A check box per ingredient is the page's own state, not a field to fill in.
    items = "".join(
        f'<li><input type="checkbox"> {n} g of {w}</li>'
        for n, w in ((200, "flour"), (50, "sugar"), (100, "butter"))
    )
    story = "<p>" + "This cake keeps well for a week in a tin, and it travels well, too. " * 3
    html = f"<body><article><h1>Cake</h1>{story}</p><ul>{items}</ul>{story}</p></article>"
    text = parse(html, url=None).text
    assert "200 g of flour" in text and "100 g of butter" in text


@pytest.mark.parametrize("name", ["body_sidebar_sections.html", "body_sidebar_above.html"])
def test_a_short_post_wins_over_a_sidebar_box_under_a_heading_of_its_own(name: str) -> None:
    # No name says which block is the post: a long "About me" box under its own heading
    # (after the post, or above its headline) outscores the short post. The post lies in
    # its headline's section; the box in another one, under a heading of the same rank or
    # higher; the comments under a lower heading are the post's own section.
    text = page_text(name)
    assert text.startswith("It rained all night")
    assert text.endswith("dries out a little.")
    assert "since 1998" not in text and "About me" not in text


def test_a_faq_set_as_one_table_a_section_keeps_every_section() -> None:
    # Each section's questions are a table of no class directly in <body>: the tables are
    # parts of one page, as same-class blocks are, not the largest table alone.
    text = page_text("body_faq_tables.html")
    assert text.startswith("Installing")
    assert "Which systems does Tidewater run on?" in text
    assert "How often does it sync?" in text
    assert text.endswith("for personal and commercial use alike.")
    assert "Copyright" not in text and "Download" not in text


def test_the_line_of_a_picture_is_its_caption_whatever_its_name() -> None:
    # A caption and a credit in a small block with the picture before them, named by no word
    # a rule knows, are the picture's lines: kept as captions, out of the running text.
    article = parse((PAGES / "body_picture_lines.html").read_bytes(), url=None)
    assert article.text.startswith("The night train between the coast")
    assert "waits at the platform" not in article.text and "Jon Hale" not in article.text
    assert "folding table" not in article.text
    assert "<!-- caption -->\nThe first sleeper train in thirty years" in article.body
    # A run of pictures each with its line is a list of steps (the gallery rule's to judge).
    assert "Sleep through the climb past the three passes." in article.text


def test_a_short_post_under_its_picture_is_not_a_caption() -> None:
    story = "We walked up to the lake on Sunday; the ice held, and the children skated."
    html = f'<body><div class="p"><h1>The lake</h1><img src="/lake.jpg"><p>{story}</p></div>'
    assert parse(html, url=None).text == story


def test_a_page_that_is_a_list_of_links_keeps_its_lists() -> None:
    # A guides index: a line, then lists of links under their headings; nothing reads as a
    # story, so the footer's notice outscored it, and the lists went as link runs.
    text = page_text("body_index_page.html")
    assert text.startswith("Step-by-step guides for common tasks.")
    assert "Getting started" in text and "Your first sync between two folders" in text
    assert text.endswith("Resolving conflicts when both sides changed")
    assert "Copyright" not in text and "Privacy" not in text and "Community" not in text


def test_parts_join_under_a_headline_set_in_a_plain_block() -> None:
    # A story in three parts, each in its own box: the parts' vote joins them at their
    # common ancestor. A headline set in a <div> (no heading) says nothing about which
    # other blocks are stories' titles: every <div> between two parts is none.
    part = (
        "<p>The ferry will run every hour from May, the council said on Monday, after "
        "a year of complaints, petitions and a packed meeting at the school hall.</p>"
    )
    html = (
        '<html><body><div class="wrap"><div class="title">Ferry to run every hour</div>'
        f'<div class="box"><div class="x"><div class="a">{part * 2}</div></div>'
        f'<div class="y"><div class="b">{part * 2}</div></div>'
        f'<div class="z"><div class="c">{part * 2}</div></div></div>'
        '<div class="more"><a href="/1">Other news</a></div></div></body></html>'
    )
    doc = load_document(html, URL)
    page = Page(doc.soup.body, set())
    drop_furniture(page)
    score_page(page)
    best = best_container(page, doc.soup.find("div", class_="title"))
    assert best is not None and best.tag.get("class") == ["box"]
