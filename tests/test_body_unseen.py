"""The body of pages unlike the news pages the rules were tuned on (older table layouts,
technical posts, wiki pages, how-tos, page-builder layouts), each parsed as the unseen sets
give pages: without a URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from archiver.parse import parse
from archiver.pipeline import is_article
from tests.stories import numbered_story

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def unseen(name: str) -> str:
    return parse((PAGES / name).read_bytes(), url=None).body


def test_a_story_cut_into_layout_rows_keeps_its_first_rows_but_not_the_bio_after_it() -> None:
    # A page builder sets the story in rows of nested columns: the rows before the chosen
    # one are cousins of it, not siblings, and read as prose but for a line of links.
    body = unseen("body_builder_rows.html")
    assert body.startswith("## Twenty years of brambles\n\nWhen Hannah Reid bought the farm")
    assert "forty-one, most of them older than the farmhouse" in body
    assert body.endswith("holds a grafting day there each March.")
    assert "Ines Moreau writes about" not in body and "Newsletter" not in body
    assert "Listen to this article" not in body  # the row of links between the parts


def test_a_2008_table_layout_news_page_keeps_the_story_around_its_advert() -> None:
    body = unseen("body_news_2008.html")
    assert "After nearly four hours of debate, the county board voted 5-2" in body
    assert "Opponents said the barrier would push high water onto farmland" in body
    assert "The board also agreed to pay for a study of the west bank" in body
    for furniture in ("Local News", "MOST READ", "Tigers fall", "Printer-friendly", "Copyright"):
        assert furniture not in body


def test_a_technical_post_keeps_its_code_table_and_list_between_paragraphs() -> None:
    body = unseen("body_tech_post.html")
    assert body.startswith("Last week a colleague asked why a small script")
    assert '```\nimport csv\n\nwith open("export.csv", newline="") as f:\n' in body
    assert "| streaming csv.reader | 12 MB | 38 s |" in body
    assert "- Sorting needs the whole file, so sort with an external tool or in chunks." in body
    assert body.endswith("one day the job fails at three in the morning.")
    for furniture in ("Related posts", "Recent posts", "2 comments", "chunksize", "RSS"):
        assert furniture not in body


def test_a_wiki_page_keeps_every_section_and_loses_its_contents_box_and_navigation() -> None:
    body = unseen("body_wiki.html")
    assert "A **canal lock** is a device for raising and lowering boats" in body
    for heading in ("## History", "## Operation", "### Filling the chamber", "## Variants"):
        assert heading in body
    assert "To go downhill the steps are reversed" in body
    assert "- **Boat lifts**, which carry the boat in a tank of water" in body
    for furniture in ("Contents", "Recent changes", "What links here", "Towpath"):
        assert furniture not in body


def test_a_story_told_as_numbered_steps_keeps_every_step() -> None:
    body = unseen("body_steps.html")
    assert body.startswith("A worn chain skips, grinds and wears out the gears")
    assert "1. **Check the wear.** Lay a ruler along the chain" in body
    assert "7. **Test every gear.** Turn the pedals" in body
    for furniture in ("Home & Garden", "More bike guides", "Fix a Puncture", "Privacy"):
        assert furniture not in body


def test_a_documentation_page_keeps_its_short_code_lines_and_loses_its_navigation() -> None:
    # A highlighter wraps each snippet in a block of its own; a one-line snippet is shorter
    # than any paragraph, and still the page's text.
    body = unseen("body_docs_page.html")
    assert body.startswith("tidyfiles reads delimited text, fixed-width records")
    assert '```\nt = open_table("sales.csv")\n```' in body
    assert "```\nt.schema\n```" in body
    assert "the file's text encoding" in body
    assert "A guessed format is right for nearly every file" in body
    assert body.endswith("so the file is closed as soon as the block ends.")
    for furniture in ("Quick search", "Previous topic", "Table of Contents", "Sphinx"):
        assert furniture not in body


def test_a_table_of_data_keeps_the_links_in_its_cells() -> None:
    # A column of links (a module's page, an issue number) is the table's, not a run of
    # link lines: the rows stay whole.
    body = unseen("body_data_table.html")
    assert "| [loader](/m/loader) | Plugins load in parallel | [#101](/i/101) |" in body
    assert "| [net](/m/net) | Retries honour Retry-After | [#104](/i/104) |" in body
    assert body.endswith("the old loader is deprecated and will go in 3.0.")
    assert "Copyright" not in body


def test_a_manual_page_keeps_headings_and_options_that_link_to_their_own_anchors() -> None:
    # Links to a place on the same page (a heading's anchor, an option's entry) lead nowhere
    # else: their text is the page's own, not a menu's, and the stored article has no anchors.
    body = unseen("body_manual_anchors.html")
    for heading in ("## NAME", "## DESCRIPTION", "## OPTIONS", "### Selection options"):
        assert f"\n{heading}\n" in f"\n{body}\n"
    assert "`--older` *days*\n\nPrune only entries not [touched](../catalogue.html#touched)" in body
    assert "`--tag` *name*\n\nPrune only entries with this [tag](../tags.html)." in body
    assert "### Display options\n\n`--quiet`\n\nPrint nothing but errors." in body
    assert "](#" not in body
    for furniture in ("Introduction", "Installing Tidy", "Previous", "The Tidy Manual"):
        assert furniture not in body


def test_a_lazily_loaded_picture_has_its_line_as_a_caption_beside_a_badge() -> None:
    # The picture is there twice, lazily loaded and its <noscript> copy: one picture, so the
    # block under it is its line. A share bar's drawn badge beside its box is no picture of
    # a run (a gallery's, a thread's).
    article = parse((PAGES / "body_lazy_picture_line.html").read_bytes(), url=None)
    assert article.text.startswith("The four cranes that have stood over the north quay")
    assert "lowered onto a barge" not in article.text and "Mara Lind" not in article.text
    assert "<!-- caption -->" in article.body
    assert article.text.endswith("repainted in the red it wore when it was new.")


def test_a_link_card_between_paragraphs_is_no_part_of_the_story() -> None:
    # A link standing as a block of its own, a title and no sentence, points to another
    # story; a sentence set as a link to share it stays.
    body = unseen("body_link_card.html")
    assert "nest boxes on every new roof" not in body and "Also on" not in body
    assert "This year they counted 412 birds" in body
    assert "The town's part is simply to leave them somewhere to nest." in body
    assert body.endswith("meet at the fountain at half past eight.")


def test_a_story_split_across_the_rows_of_a_layout_table_keeps_both_rows() -> None:
    # The headline's cell holds the first paragraphs, an advert's cell beside it; the story
    # goes on in the same column of the next row. The longer second row alone was the body.
    body = unseen("body_old_table_rows.html")
    assert body.startswith("WESTBROOK -- For a century, the paper mill was Westbrook.")
    assert "a row of artists' studios, with money from a state grant" in body
    assert body.endswith("with the brewery to follow in the fall.")
    for furniture in ("Advertisement", "Mill town bets on tourism", "Anne Kowalski", "Subscribe"):
        assert furniture not in body


def test_a_headline_shown_as_a_bold_line_over_its_byline_stays_out_of_the_body() -> None:
    # The byline under it is the writer's now, and left out of the body: the headline's
    # line, alone at the top, is the page's masthead all the same.
    for name, first in (
        ("meta_old_bold_headline.html", "Oil prices rose to a record on Monday"),
        ("body_old_table.html", "The old cotton mill on River Street will reopen"),
    ):
        body = unseen(name)
        assert body.startswith(first), name


def test_a_story_set_apart_by_blank_lines_is_read_paragraph_by_paragraph() -> None:
    # An older page writes its paragraphs as runs of text between two <br>, several of them
    # opening with a link: as one block, a third of its text is links and none of it reads
    # as prose, and the sidebar's blurb was the body.
    body = unseen("body_break_paragraphs.html")
    assert body.startswith("The harbour board put off its vote on dredging the north channel")
    assert "\n\nBoard chair Ellen Marsh said a month's delay would cost nothing" in body
    assert body.endswith("The board meets again on April 9 at the town hall.")
    assert "The Coastline Courier has served" not in body and "Subscribe" not in body


def test_a_short_post_in_a_box_named_for_its_date_is_not_left_out_as_a_byline() -> None:
    # A blog wraps the day's date and the post in one element whose class names a date: its
    # text is as short as a date line's, but it holds the headline, so it is the post.
    body = unseen("body_short_post_dated_box.html")
    assert body == (
        "The fog sat on the mud flats until noon, and the curlews called from somewhere inside it."
    )


def test_a_short_posts_date_line_does_not_take_the_line_of_the_story_under_it() -> None:
    # The date and the post's one paragraph share a paragraph, set apart by a break: the date's
    # element is as short as a date line's, but leaving it out would take the story with it.
    article = parse((PAGES / "body_short_post_date_line.html").read_bytes(), url=None)
    assert "The fog sat on the mud flats until noon" in article.text
    assert article.published is not None and article.published.isoformat()[:10] == "2012-03-03"


def test_a_date_line_that_goes_on_into_the_storys_first_sentence_stays_in_the_body() -> None:
    # "March 3, 2012. The fog sat on...": the date's element is as short as a date line's,
    # but its words after the date are the story's first sentence.
    article = parse((PAGES / "body_date_opens_story.html").read_bytes(), url=None)
    assert "The fog sat on the mud flats until noon" in article.text
    assert [a.name for a in article.authors] == ["Ann Lee"]


def test_a_poem_set_a_line_to_a_paragraph_keeps_every_line() -> None:
    # Short lines with no sentence's end, one after another: the poem's lines, not labels
    # closing the story (a lone "Tags" or "Share" line still goes).
    body = unseen("body_poem_lines.html")
    assert body.startswith("The river ran beneath the hill")
    assert body.endswith("and learned by heart its only song")


def test_notes_too_short_to_score_as_paragraphs_are_the_body_not_the_footers_notice() -> None:
    # No line under the headline is long enough to read as a paragraph; the footer's notice
    # is. The box under the headline holds the page's text: it is the story.
    body = unseen("body_short_notes.html")
    assert body.startswith("1 March: frost.")
    assert "25 March: last leeks." in body
    assert "Copyright" not in body


def test_a_headline_shown_in_no_heading_still_places_the_story_below_a_box_above_it() -> None:
    # No heading anywhere: the headline is a bold line in a plain block. A column before it
    # holds a box of prose with more commas than the story; the line showing the headline
    # says where the story is, as a heading would.
    body = unseen("body_shown_headline_below_box.html")
    assert body.startswith("The lantern walk planned for Friday will take place on Saturday")
    assert body.endswith("as every year; the walk ends by seven.")
    assert "parish council meets" not in body and "Lantern walk moved" not in body


def test_a_reply_form_holding_most_of_a_short_posts_text_is_no_part_of_its_body() -> None:
    # A video post with one line of its own under a reply form whose notices hold more of the
    # page's text; no class name says "comment" or "form".
    body = unseen("body_video_post_reply_form.html")
    assert "Forty seconds from the depot to the top of Ridge Street" in body
    for form in ("email address will not be published", "HTML tags", "Name *", "Leave a Reply"):
        assert form not in body


def test_paragraphs_set_apart_by_blank_lines_under_a_picture_are_the_story_not_its_caption() -> (
    None
):
    # A blog editor's post: blocks of lines set apart by blank lines, no <p>; the second
    # block opens with a picture. Its two paragraphs are the story, not the picture's line.
    page = (PAGES / "body_picture_then_lines.html").read_bytes()
    text = parse(page, url=None).text
    assert "The harbour master said the low water was expected" in text
    assert text.index("scrape their hulls.") < text.index("The next spring tides are due")
    # One line under the picture is its caption still: the body keeps it, marked, and the
    # running text leaves it out.
    one_line = page.replace(
        b"<br><br>The next spring tides are due at the end of the month, and the quay will again"
        b" be closed to cars for the morning hours while they last.",
        b"",
    ).replace(
        b"The harbour master said the low water was expected and that no boat had been"
        b" damaged, though two moorings will be checked before the weekend.",
        b"Boats on the mud at the north quay, seen from the harbour wall at nine in the morning.",
    )
    article = parse(one_line, url=None)
    assert "Boats on the mud at the north quay" in article.body
    assert "Boats on the mud" not in article.text
    assert "scrape their hulls." in article.text


def test_a_short_posts_one_paragraph_ending_in_a_call_to_click_stays_its_body() -> None:
    # A post of one paragraph under its picture, whose last line asks the reader to click
    # for more: the calls at a story's end are the site's, once there is a story before them.
    article = parse((PAGES / "body_short_post_call.html").read_bytes(), url=None)
    assert article.text.startswith("The lantern museum in Kettleby opens its winter rooms")
    assert "please click here" in article.text
    assert is_article(article)


def test_short_lists_and_tables_without_links_stay_in_the_story() -> None:
    # A recipe's list of four one-word items and a table of two short rows are shorter than
    # any paragraph: a short block of links is the page's (its tags), one without is the story's.
    body = unseen("body_short_lists.html")
    assert "## What you need\n\n- Rye flour\n- Salt\n- Oil\n- Water\n\nMix the flour" in body
    assert "## Baking times\n\n| Oven | Min |\n| --- | --- |\n| Fan | 14 |\n| Gas | 18 |" in body
    assert body.endswith("if they soften after a week.")
    for furniture in ("Tags:", "baking", "Popular", "Lentil soup", "Recipes"):
        assert furniture not in body


def test_a_story_that_ends_in_a_line_of_code_keeps_it() -> None:
    # A short last line with no full stop is a label ("Share", "Advertisement") unless it is
    # code or a quotation.
    body = unseen("body_ends_in_code.html")
    assert body.endswith(
        "follow the largest entry down:\n\n```\ndu -xh --max-depth=1 / | sort -h\n```"
    )
    assert "Share" not in body and "Print" not in body


def test_a_story_that_ends_in_an_embedded_post_keeps_its_words() -> None:
    body = unseen("body_ends_in_post.html")
    assert body.endswith(
        "> Thank you to every crew who got us back\n>\n"
        "> — Ailsa Moray (@ailsamoray) [4 February 2020](/status/1)"
    )


def test_a_post_embedded_in_a_box_named_widget_keeps_its_words() -> None:
    # The embed's box carries a furniture word ("article-widget"): the post the story quotes
    # stays, a pull quote in an <aside> (the story's words again) and a widget after the story
    # holding a quotation beside a line of its own do not.
    body = unseen("body_post_in_widget.html")
    assert "> The wall kept the village dry for a hundred and twenty years." in body
    assert "Fishermen said the repair could not come soon enough." in body
    assert body.count("It deserves a proper repair, not a patch.") == 1
    assert "Quote of the week" not in body and "newsletter" not in body


def test_cards_of_other_stories_after_the_story_are_no_parts_of_it() -> None:
    # <article> blocks of the story's kind follow it, each a linked title over a line: a
    # card pointing to another page, not the story's next part.
    body = unseen("body_story_then_cards.html")
    assert body.startswith("The harbour board met on Monday to decide the fate of the old crane")
    assert body.endswith("stays closed to vehicles and walkers until then.")
    for teaser in ("Ferry fares", "Lifeboat crew", "School roof", "Pupils return"):
        assert teaser not in body


def test_the_links_to_a_storys_next_pages_are_not_its_last_line() -> None:
    body = unseen("body_paged_story.html")
    assert body.endswith("He makes about forty a year.")
    assert "Next" not in body and "Page 1 of 3" not in body


def test_a_classless_comment_thread_longer_than_the_story_is_not_its_body() -> None:
    # Twelve comments of two paragraphs each, three times the story's prose, after the box
    # holding the headline and the story; no class or id anywhere. The story is the box
    # under its headline, counted from the headline on.
    body = unseen("body_classless_comment_thread.html")
    assert body.startswith("The library on Mill Lane will close for six weeks from Monday")
    assert body.endswith("and the computers move there too.")
    for comment in ("12 comments", "margaret", "About time too", "Copyright"):
        assert comment not in body


def test_paragraphs_left_open_inside_their_font_tags_are_read_as_a_browser_shows_them() -> None:
    # "<p><font size=2>text" with neither closed, paragraph after paragraph: libxml2 nests
    # each paragraph inside the one before (a browser closes them), and the story read as a
    # staircase lost its first eight paragraphs to its deepest steps.
    body = unseen("body_unclosed_font_paragraphs.html")
    assert body.startswith("Fares on the mainland ferry will rise by eight per cent")
    assert body.endswith("in the post office from next week.")
    assert body.count("\n\n") == 12  # thirteen paragraphs, each its own
    for furniture in ("Island Courier", "Morag Campbell", "More news", "Write to the editor"):
        assert furniture not in body


def test_a_story_set_directly_in_body_leaves_out_the_page_top_and_the_site_lines() -> None:
    # No container but <body>: the masthead, the menu and the date line above the headline
    # are the page's top, and the row of links after the last paragraph is the site's.
    body = unseen("body_flat_in_body.html")
    assert body.startswith("The stone bridge at Pont-y-Felin reopened to traffic on Wednesday")
    assert body.endswith("must still use the road through Llanfair.")
    for furniture in ("herald-logo", "Front page", "Thursday", "More local news", "Print"):
        assert furniture not in body


def test_the_writers_box_after_a_story_is_no_part_of_it() -> None:
    # A plugin's box under the post (class "...-author-box"): the writer's picture, "About"
    # and a paragraph of their life, longer than a paragraph of the story.
    story = "".join(
        f"<p>Part {i}: the ferry made its last crossing on Sunday, fifty years after its first,"
        " with the mayor and three hundred passengers on board.</p>"
        for i in range(1, 4)
    )
    bio = (
        "<p>I started this blog to write about the harbour, after years of reading others, and"
        " I have written about its boats, its fishermen, its storms and the people on them ever"
        " since, first at weekends and then, once the readers came, every day of the week,"
        " which my family puts up with, most of the time, as long as I take them sailing.</p>"
    )
    html = (
        "<html><head><title>Last crossing for the old ferry</title></head><body>"
        f'<div class="post"><div>Last crossing for the old ferry</div><div class="entry">{story}'
        '</div><div style="clear:both"></div><div class="bylines-author-box">'
        '<img src="/me.jpg" width="60" height="60"> <div>About <a rel="author"'
        f' href="/author/ann">Ann Lee</a></div> {bio}</div></div></body></html>'
    )
    body = parse(html.encode(), url=None).body
    assert "Part 1: the ferry" in body and "Part 3: the ferry" in body
    assert "I started this blog" not in body and "About" not in body and "me.jpg" not in body


@pytest.mark.parametrize("column", ["text-wrapper side-gallery", "col-secondary"])
def test_a_column_named_for_the_side_is_no_story_beside_a_short_one(column: str) -> None:
    # A short story set as lines between breaks; a column of teasers beside it, named
    # "side-gallery" or "col-secondary", each with a paragraph longer than any line of the
    # story.
    story = "<br><br>".join(
        f"Part {i}: the carmaker opened its first city showroom on Thursday, a shop of screens"
        " where buyers choose a car without seeing one, and staff on hand to answer questions."
        for i in range(1, 4)
    )
    teasers = "".join(
        f"<h3><a href='/c{i}'>Concept number {i} shown</a></h3><p>Teaser {i}: the concept,"
        " shown at the spring motor show, has two electric motors, a petrol engine that only"
        " charges the battery, seats for four and a range the maker will not give yet, though"
        " it says more is coming at the autumn show.</p>"
        for i in range(1, 7)
    )
    about = " ".join(
        f"Note {i}: the site has written about cars since 1999, from the first hybrids to"
        " the electric cars of today, and its writers test every car they write about."
        for i in range(1, 10)
    )
    html = (
        "<html><head><title>Carmaker opens a showroom of screens</title></head><body>"
        '<div id="content"><div id="main-content"><h1>Carmaker opens a showroom of screens</h1>'
        f'<div>{story}</div></div><div class="{column}"><h2>Concept Cars</h2>'
        f'{teasers}</div></div><div id="footer">{about}</div></body></html>'
    )
    body = parse(html.encode(), url="https://cars.example/news/showroom").body
    assert body.startswith("Part 1: the carmaker") and "Part 3: the carmaker" in body
    assert "Teaser" not in body and "Concept Cars" not in body


def test_a_loose_list_closing_a_post_is_the_storys() -> None:
    # Markdown writes a list with blank lines between its items as <li><p>..</p></li>: each
    # item a paragraph of a few words without a full stop, which read as a label at the end
    # of the body and went one by one.
    story = "".join(
        f"<p>Paragraph {n} says what the team learned about the build, and why the slow "
        "steps were the ones nobody had looked at for a year.</p>"
        for n in range(1, 5)
    )
    items = ("Pair with someone new to the codebase", "Prefer clear names over clever ones")
    loose = "<ul>" + "".join(f"<li><p>{item}</p></li>" for item in items) + "</ul>"
    html = (
        "<html><head><title>What a year taught us</title></head><body><main>"
        f"<h1>What a year taught us</h1>{story}<p>Three habits stayed:</p>{loose}"
        "</main></body></html>"
    )
    body = parse(html, url=None).body
    assert body.endswith(f"- {items[0]}\n- {items[1]}")


def test_a_short_story_beside_a_list_of_teasers_in_boxes_of_one_kind_keeps_only_the_story() -> None:
    # The headline is a plain block, no heading; the story, three runs of text set apart by
    # empty boxes and breaks, and a list of linked teasers (title, writer, date) sit in
    # sibling boxes of one class. The headline's box is the title over the story, not a part
    # of its text: the list beside the story is no part of it either.
    body = unseen("body_short_item_rows.html")
    assert body.startswith("All crossings to the outer islands were cancelled on Tuesday")
    # An empty box between two runs of the story's text still sets them apart.
    assert "the operator said.\n\nThe crew put out the fire" in body
    assert body.endswith("using a chartered vessel.")
    for teaser in ("Council approves new quay", "Storm warning", "Ravi Anand", "03/13/2023"):
        assert teaser not in body


_STORY = numbered_story(
    "of the report tells how the river rose through the night and what the crews on the"
    " levee did before the morning shift came.",
    count=4,
)


def _post(byline: str) -> str:
    return (
        "<html><head><title>The river rose overnight</title></head><body>"
        "<div><a href='/'>Home</a> | <a href='/news/'>News</a></div><div>"
        f"<h1>The river rose overnight</h1>{byline}{_STORY}</div></body></html>"
    )


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("<p>By <a href='/authors/ann-lee/'>Ann Lee</a></p>", ["Ann Lee"]),
        (
            "<div><div>March 5, 2021</div>Posted by <a rel='author' href='/a/ann/'>Ann Lee</a>"
            "</div>",
            ["Ann Lee"],
        ),
        ("<p>By <a href='/authors/ann-lee/'>Ann Lee</a>, Staff Writer</p>", ["Ann Lee"]),
        # No byline word: the writers' links name them, the rest of their line is theirs.
        ("<div><a href='/authors/ann-lee/'>Ann Lee</a>, Staff Writer</div>", ["Ann Lee"]),
        (
            "<div><a href='/authors/ann-lee/'>Ann Lee</a>, Associated Press Writer</div>",
            ["Ann Lee"],
        ),
        ("<div><a href='/authors/ann-lee/'>Ann Lee</a> · 4 min read</div>", ["Ann Lee"]),
        (
            "<div><a href='/authors/ann-lee/'>Ann Lee</a> and <a href='/authors/bob-roe/'>Bob"
            " Roe</a></div>",
            ["Ann Lee", "Bob Roe"],
        ),
        (
            "<div><a href='/authors/ann-lee/'>Ann Lee</a> &amp; <a href='/authors/bob-roe/'>Bob"
            " Roe</a> | March 5, 2008</div>",
            ["Ann Lee", "Bob Roe"],
        ),
    ],
)
def test_the_byline_line_leaves_the_story_with_the_writers_names(
    byline: str, names: list[str]
) -> None:
    # Only the names' elements were the byline's: the byline word around them ("By", "Posted
    # by"), the word joining two, and a date, a reading time or the writer's role beside
    # them stayed as a line of the story.
    article = parse(_post(byline), url="https://courier.example/news/river")
    assert [a.name for a in article.authors] == names
    assert article.body.startswith("Paragraph 1 of the report")


def test_a_picture_beside_the_byline_word_stays_in_the_story() -> None:
    # The byline's line is a line of text: a box holding a picture beside it is more.
    byline = (
        "<div>By <a href='/authors/ann-lee/'>Ann Lee</a>"
        "<img src='/img/levee.jpg' alt='Sandbags on the levee at dawn'></div>"
    )
    article = parse(_post(byline), url="https://courier.example/news/river")
    assert "levee.jpg" in article.body


@pytest.mark.parametrize(
    "byline",
    [
        "<p><b>By ANN LEE</b><br>Associated Press Writer</p>",
        "<p><b>By Ann Lee</b><br>Times Staff Writer<br>March 5, 2008</p>",
        "<div><span>By Ann Lee</span> March 5, 2008</div>",
    ],
)
def test_the_role_and_date_under_a_byline_element_leave_the_story_with_it(byline: str) -> None:
    # The element held the byline word and the name: the credit's other lines (the outlet's
    # role, the date) are the byline's too, not the story's first line.
    article = parse(_post(byline), url="https://courier.example/news/river")
    assert [a.name.casefold() for a in article.authors] == ["ann lee"]
    assert article.body.startswith("Paragraph 1 of the report")


@pytest.mark.parametrize(
    ("byline", "sentence"),
    [
        (
            "<p><b>By Ann Lee</b><br>The crews were still on the levee at noon.</p>",
            "The crews were still on the levee at noon.",
        ),
        # Beside a writer's link, with no byline word.
        (
            "<div><a href='/authors/ann-lee/'>Ann Lee</a> walked the levee at noon with the"
            " crews.</div>",
            "walked the levee at noon with the crews.",
        ),
    ],
)
def test_a_sentence_beside_a_byline_stays_in_the_story(byline: str, sentence: str) -> None:
    article = parse(_post(byline), url="https://courier.example/news/river")
    assert sentence in article.body


def _between_paragraphs(block: str) -> bytes:
    """A story of five paragraphs with `block` between the second and the third."""
    paragraphs = numbered_story().split("</p>")
    return (
        "<html><head><title>Council votes to mend the old bridge</title></head><body><div>"
        "<h1>Council votes to mend the old bridge</h1>"
        + "</p>".join(paragraphs[:2])
        + f"</p>{block}"
        + "</p>".join(paragraphs[2:])
        + "</div></body></html>"
    ).encode()


def _closed_by(last: str) -> bytes:
    """A story of five paragraphs and `last` after them, set directly in <body>."""
    return (
        "<html><body><h1>Council votes to mend the old bridge</h1>"
        f"{numbered_story()}{last}</body></html>"
    ).encode()


@pytest.mark.parametrize("label", ["Advertisement", "ANZEIGE", "- Werbung -", "Publicidad"])
def test_an_adverts_label_between_paragraphs_is_no_part_of_the_story(label: str) -> None:
    # The slot between two parts of the story, its class saying nothing: its picture is a
    # link to the advertiser, its label a line of its own.
    slot = f"<div><a href='/ad'><img src='/ad.gif' width=300 height=250></a>{label}</div>"
    body = parse(_between_paragraphs(slot), url=None).body
    assert label not in body
    assert "Paragraph 2 of the report" in body and "Paragraph 3 of the report" in body


def test_a_sentence_about_an_advertisement_stays() -> None:
    last = "<p>Advertisement ran for a week in the town's paper.</p>"
    body = parse(_closed_by(last), url=None).body
    assert "Advertisement ran for a week in the town's paper." in body


@pytest.mark.parametrize("heading", ["More on this", "The engineers"])
def test_a_box_of_links_between_two_parts_of_the_story_keeps_both_parts(heading: str) -> None:
    # The story's parts in blocks of their own around a box of links under a heading (a
    # "More on this" box set into the story): the box is skipped, not the end of the story.
    paragraphs = numbered_story(count=4).split("</p>")
    links = (
        "<ul><li><a href='/a'>Bridge history in pictures from the town archive</a></li>"
        "<li><a href='/b'>What the council said in March about repairs</a></li></ul>"
    )
    menu = "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(8))
    page = (
        "<html><head><title>Council votes to mend the old bridge</title></head><body>"
        f"<div><ul>{menu}</ul></div><div><h1>Council votes to mend the old bridge</h1>"
        f"<div>{'</p>'.join(paragraphs[:2])}</p></div>"
        f"<div><h3>{heading}</h3>{links}</div>"
        f"<div>{'</p>'.join(paragraphs[2:])}</div></div></body></html>"
    )
    body = parse(page.encode(), url=None).body
    for n in (1, 2, 3, 4):
        assert f"Paragraph {n} of the report" in body
    assert heading not in body and "Bridge history in pictures" not in body


def _story_page(inside: str, after: str = "") -> bytes:
    """The story in a box with `inside` among its paragraphs' blocks, `after` closing it."""
    menu = "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(8))
    return (
        "<html><head><title>Council votes to mend the old bridge</title></head><body>"
        f"<div><ul>{menu}</ul></div><div><h1>Council votes to mend the old bridge</h1>"
        f"{inside}{numbered_story(count=3)}{after}</div></body></html>"
    ).encode()


@pytest.mark.parametrize(
    "bar",
    [
        "<div>Share this: <a href='#'>Facebook</a> <a href='#'>Twitter</a>"
        " <a href='#'>Email</a></div>",
        "<p><a href='#'>WhatsApp</a> | <a href='#'>LinkedIn</a> | <a href='#'>Print</a></p>",
        "<div>Teilen: <a href='#'>Facebook</a> <a href='#'>X</a></div>",
        # The story's toolbar: the reader's controls beside the services.
        "<div><a href='#'>Print</a> <a href='#'>Email</a> <a href='#'>Font size</a></div>",
    ],
)
def test_a_share_bar_without_a_class_is_no_part_of_the_story(bar: str) -> None:
    body = parse(_story_page(bar), url=None).body
    assert "Paragraph 1 of the report" in body and "Paragraph 3 of the report" in body
    for word in ("Facebook", "WhatsApp", "Teilen", "Share this", "Font size"):
        assert word not in body


def test_links_to_services_in_a_sentence_stay() -> None:
    sentence = (
        "<p>The council posted the plans on <a href='#'>Facebook</a> and"
        " <a href='#'>Twitter</a> on Monday, and will hold a meeting in May.</p>"
    )
    body = parse(_story_page(sentence), url=None).body
    assert "The council posted the plans on [Facebook]" in body


@pytest.mark.parametrize(
    "line",
    [
        "Story continues below advertisement",
        "Scroll to continue with content",
        "Weiterlesen nach der Anzeige",
        "Listen to this article",
        "4 min read",
        "Lesezeit: 3 Minuten",
        "Reading time: 4 min",
        "Image 1 of 12",
    ],
)
def test_a_line_of_the_pages_chrome_between_paragraphs_is_no_part_of_the_story(
    line: str,
) -> None:
    # An ad slot's, a player's or a gallery's words set into the story, no class saying so.
    body = parse(_between_paragraphs(f"<div>{line}</div>"), url=None).body
    assert line not in body
    assert "Paragraph 2 of the report" in body and "Paragraph 3 of the report" in body


def test_a_sentence_about_reading_time_stays() -> None:
    last = "<p>Drivers will need 15 minutes more to cross the river.</p>"
    body = parse(_closed_by(last), url=None).body
    assert "Drivers will need 15 minutes more to cross the river." in body


@pytest.mark.parametrize(
    "row",
    [
        "<a href='/email'>Email this story</a> | <a href='/print'>Print</a>"
        " | <a href='/comments'>Comments (3)</a>",
        "<a href='/larger'>Larger type</a> &middot; <a href='/smaller'>Smaller type</a>",
    ],
)
def test_a_row_of_the_pages_tools_in_the_story_is_no_part_of_it(row: str) -> None:
    # An older page sets its tools as a row of links in the story's own cell, no class
    # saying so: under the headline, or between two paragraphs.
    for page in (_story_page(f"<p>{row}</p>"), _between_paragraphs(f"<p>{row}</p>")):
        body = parse(page, url=None).body
        assert "Print" not in body and "Larger type" not in body
        assert "Paragraph 1 of the report" in body and "Paragraph 3 of the report" in body
