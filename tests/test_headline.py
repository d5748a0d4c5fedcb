"""The headline on pages without structured metadata (older and simpler sites), given without
their address as a saved file would be: <title> parts, feeds, headings and text agreeing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archiver.parse.document import load_document
from archiver.parse.metadata import Metadata, extract_metadata
from archiver.parse.title_parts import feed_names, notice_names, strip_site
from tests.server import FIXTURES
from tests.stories import numbered_story

NOW = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)


def meta_of(name: str, url: str | None = None) -> Metadata:
    html = (FIXTURES / "pages" / name).read_bytes()
    return extract_metadata(load_document(html, url), now=NOW)


def page(head: str, body: str) -> Metadata:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return extract_metadata(load_document(html, None), now=NOW)


def test_the_heading_that_is_a_part_of_the_title_beats_the_blogs_name_in_the_banner() -> None:
    meta = meta_of("meta_old_blog.html")
    assert meta.headline == "The river in winter"
    assert meta.headline_node is not None and meta.headline_node.name == "h3"


def test_of_two_headings_each_a_part_of_the_title_the_one_in_main_is_the_page_s() -> None:
    # A manual's banner shows the book's name in an <h1>, the page its own title in <main>;
    # both are whole parts of <title>, and the book's name has more words.
    meta = page(
        "<title>Data Types - The Field Guide to Small Boats</title>",
        '<div class="menu-bar"><h1 class="menu-title">The Field Guide to Small Boats</h1></div>'
        '<main><h1 id="data-types">Data Types</h1><p>Every value has a type. '
        "The guide names four of them, and this chapter shows each in turn.</p></main>",
    )
    assert meta.headline == "Data Types"


def test_a_one_word_page_title_in_main_beats_the_books_name_in_the_banner() -> None:
    # "Anchors" is too short to count as a part of <title> on its own; it says all the rest.
    meta = page(
        "<title>Anchors - The Field Guide to Small Boats</title>",
        '<div class="menu-bar"><h1 class="menu-title">The Field Guide to Small Boats</h1></div>'
        '<main><h1 id="anchors"><a class="header" href="#anchors">Anchors</a></h1>'
        "<p>An anchor holds by its shape, not its weight.</p></main>",
    )
    assert meta.headline == "Anchors"


def test_a_heading_in_main_saying_the_rest_of_the_title_and_more_is_the_page_s() -> None:
    meta = page(
        "<title>Knots and hitches - The Field Guide to Small Boats</title>",
        '<div class="menu-bar"><h1 class="menu-title">The Field Guide to Small Boats</h1></div>'
        "<main><h1>Knots and hitches (rope work)</h1>"
        "<p>Four knots will see you through most days on the water.</p></main>",
    )
    assert meta.headline == "Knots and hitches (rope work)"
    meta = page(
        "<title>K0074 - Knot codes index</title>",
        '<div class="menu-bar"><h1 class="menu-title">Knot codes index</h1></div>'
        "<main><h1>Knot code K0074</h1><p>A bowline tied with a slipped end.</p></main>",
    )
    assert meta.headline == "Knot code K0074"


def test_the_first_heading_of_role_main_beats_the_sites_name_ending_the_title() -> None:
    # The <h1> in the header says the end of <title> (the rule for a kicker glued before a
    # headline would take it); the page's own title is the <h2> opening role=main.
    meta = page(
        "<title>Anchors | Harbour Handbook v2 Documentation</title>",
        '<header><h1>Harbour Handbook v2 documentation</h1></header><div role="main">'
        '<h2>Anchors<span><a class="mark" href="#anchors">#</a></span></h2>'
        "<p>An anchor holds by its shape, not its weight.</p><h3>Sizes</h3><p>Three.</p></div>",
    )
    assert meta.headline == "Anchors"


def test_a_subheadings_class_inside_a_heading_marks_no_headline() -> None:
    # "sub-heading" holds the word "heading", but names the line set over the title.
    meta = page(
        "<title>knots.txt - source</title>",
        '<main><h1><div class="sub-heading">rope/</div>knots.txt</h1><pre>bowline</pre></main>',
    )
    assert meta.headline == "rope/ knots.txt"
    meta = page(
        "<title>Harbour dues rise | Ledger</title>",
        '<article><h1><span class="subheading">Analysis</span> Harbour dues rise</h1>'
        "<p>The harbour board raised the dues for moorings again.</p></article>",
    )
    assert meta.headline == "Harbour dues rise"


def test_a_buttons_label_in_a_heading_is_no_part_of_the_headline() -> None:
    meta = page(
        "<title>Mooring in std::boats - Guide</title>",
        "<main><h1>Struct <span>Mooring</span>&nbsp;"
        '<button id="copy-path" title="Copy item path to clipboard">Copy item path</button>'
        "</h1><p>A place where a boat is kept.</p></main>",
    )
    assert meta.headline == "Struct Mooring"
    # A heading whose words are all in its button (an accordion's question) keeps them.
    meta = page(
        "<title>Questions - Harbour Office</title>",
        '<h1><button aria-expanded="false">When does the harbour office open?</button></h1>'
        "<p>At seven, every day of the season.</p>",
    )
    assert meta.headline == "When does the harbour office open?"


def test_a_headings_permalink_sign_is_no_part_of_the_headline() -> None:
    meta = meta_of("body_docs_page.html")
    assert meta.headline == "Reading files"


def test_a_heading_matching_a_run_of_title_parts_keeps_its_own_separator() -> None:
    meta = page(
        "<title>Extend Your Battery - Energy Saver | Phone Tips</title>",
        "<h1><a href='/'>Phone Tips</a></h1><h3>Extend Your Battery - Energy Saver</h3>"
        "<p>Turn off what you do not use.</p>",
    )
    assert meta.headline == "Extend Your Battery - Energy Saver"


def test_the_feeds_name_the_site_and_a_default_og_title_naming_it_loses_to_them() -> None:
    meta = meta_of("meta_old_wordpress.html")
    assert meta.headline == "Seed potatoes, cut or whole?"


def test_a_site_name_from_the_feed_title_is_cut_from_the_title() -> None:
    meta = page(
        "<title>Seed potatoes, cut or whole? - Garden Ledger</title>"
        '<link rel="alternate" type="application/rss+xml" title="Garden Ledger RSS Feed">',
        "<p>Every spring the same question comes back.</p>",
    )
    assert meta.headline == "Seed potatoes, cut or whole?"


def test_feed_titles_give_the_sites_name_and_the_posts_headline() -> None:
    sites, headline = feed_names(
        [
            "Posts on Quiet Notes (Atom)",
            "Garden Ledger » Feed",
            "Garden Ledger » Seed potatoes Comments Feed",
        ]
    )
    assert sites == ("Quiet Notes", "Garden Ledger")
    assert headline == "Seed potatoes"
    assert feed_names(["Garden Ledger » Comments Feed"]) == (("Garden Ledger",), "")


def test_without_headings_the_part_of_the_title_the_page_shows_is_the_headline() -> None:
    meta = meta_of("meta_old_news.html")
    assert meta.headline == "Storm closes the northern ports"


def test_sources_agreeing_beat_a_lone_og_title() -> None:
    meta = page(
        "<title>Ferry timetable changes in March - Harbour News</title>"
        '<meta property="og:title" content="Official Blog of the Harbour Authority">'
        '<link rel="alternate" type="application/rss+xml" title="Harbour News » Ferry timetable'
        ' changes in March Comments Feed">',
        "<p>From March the first ferry leaves at six.</p>",
    )
    assert meta.headline == "Ferry timetable changes in March"


def test_strip_site_with_more_names_matches_them_whole() -> None:
    assert strip_site("Quiet Notes: The river", None, None, ("Quiet Notes",)) == "The river"
    assert strip_site("Quiet: The river", None, None, ("Quiet Notes",)) == "Quiet: The river"


def test_the_banners_site_name_is_cut_from_the_title_whatever_glues_it() -> None:
    # "» Post :Site": the name the logo heading shows is the site's, however short the post's
    # own title ("Rain") and whatever marks a template leaves around it.
    meta = meta_of("meta_banner_site.html")
    assert meta.headline == "Rain"


def test_a_title_with_a_double_dash_keeps_the_part_the_page_shows() -> None:
    meta = page(
        "<title>Harbour dredging starts in May -- Port Weekly</title>",
        "<div><b>Harbour dredging starts in May</b></div><p>The dredger arrives next month.</p>"
        "<p>Port Weekly, the harbour's newspaper</p>",
    )
    assert meta.headline == "Harbour dredging starts in May"


def test_a_heading_linking_to_its_own_page_is_no_site_name() -> None:
    # href="" is the page itself: the story's heading, not a banner linking home.
    meta = page(
        "<title>Ferry fares rise in June | Port Weekly</title>",
        '<h1><a href="">Ferry fares rise in June</a></h1><h1>Related Articles</h1>'
        "<p>Fares go up by a tenth.</p>",
    )
    assert meta.headline == "Ferry fares rise in June"


def test_a_site_name_at_the_start_needs_a_mark_after_it() -> None:
    assert strip_site("Time to go", "Time", None) == "Time to go"
    assert strip_site("Time: to go", "Time", None) == "to go"
    assert strip_site("» The river :Quiet Notes", None, None, ("Quiet Notes",)) == "The river"


def test_the_heading_closest_to_the_title_beats_a_section_shown_as_text() -> None:
    # "Headline - Section - Date": the story's heading says nearly all the title says, though
    # not letter for letter; the section's name shown in the breadcrumb is no headline.
    meta = meta_of("meta_title_section_date.html")
    assert meta.headline == "The Valley Choir 's winter concert moves to the Duke"
    assert meta.headline_node is not None and meta.headline_node.name == "h2"


def test_a_section_heading_matching_a_part_of_the_title_loses_to_the_story_heading() -> None:
    # The navigation's "Politics" is a whole part of the title; the h1 says far more of it.
    meta = meta_of("meta_section_headings.html")
    assert meta.headline.startswith("Mayor asks council to prepare for an early vote")


def test_a_heading_quoting_the_title_gives_way_to_it() -> None:
    meta = page(
        "<title>Open enrolment in full swing</title>",
        "<p>My employer's open enrolment period is in full swing.</p>"
        "<h3>4 Responses to “Open enrolment in full swing”</h3><p>Great post!</p>",
    )
    assert meta.headline == "Open enrolment in full swing"


def test_a_heading_sharing_only_small_words_with_the_title_is_not_its_headline() -> None:
    meta = page(
        "<title>Getting ahead of the mobile game</title>",
        "<h2>Question of the Day</h2><p>Phone makers raced to sell faster networks.</p>",
    )
    assert meta.headline == "Getting ahead of the mobile game"


def test_an_old_page_without_headings_takes_the_element_its_class_marks_as_the_headline() -> None:
    # <span class="headline"> says nearly what the title's last part says; "Business", a
    # part of the title shown only as a navigation link, is no headline.
    meta = meta_of("meta_old_marked_headline.html")
    assert meta.headline == "Oil hits record high as dollar falls against euro"
    assert meta.headline_node is not None and meta.headline_node.name == "span"


def test_a_class_word_ending_in_headline_marks_one_too() -> None:
    # <div class="storyheadline">: the title adds the section after the site's name is cut.
    meta = meta_of("meta_old_story_headline.html")
    assert meta.headline == "Oil hits record high as dollar falls against euro"


def test_a_short_part_of_the_title_shown_in_the_footer_is_the_sites_name() -> None:
    # The page shows "The Harbour Courier" as a text of its own, not the title's headline
    # part: the shorter part shown is the site's name, cut, not taken as the headline.
    meta = meta_of("meta_site_in_footer.html")
    assert meta.headline == "Storm closes the northern ports"


def test_a_sidebar_heading_sharing_one_word_of_a_short_title_is_not_its_headline() -> None:
    meta = page(
        "<title>Winter pruning notes</title>",
        "<p>Cut the apple trees before the sap rises.</p><h2>More notes</h2>",
    )
    assert meta.headline == "Winter pruning notes"


def test_parts_of_the_title_the_page_shows_as_links_are_cut() -> None:
    # "Site - Section - Headline": the logo's alt and the navigation's "World" are links;
    # the page's own heading says the story in other words, so the title's part is kept.
    meta = meta_of("meta_old_linked_parts.html")
    assert meta.headline == "Oil hits a record as the dollar falls"


def test_a_title_part_naming_the_host_and_more_is_no_site_name() -> None:
    # On harbourcam.example.net, "Harbourcam update" is a post about the site, not its name.
    url = "https://harbourcam.example.net/2008/03/update.html"
    assert strip_site("Harbour Notes: Harbourcam update", None, url) == (
        "Harbour Notes: Harbourcam update"
    )
    assert strip_site("New lens - Harbourcam", None, url) == "New lens"


def test_an_old_table_page_takes_the_bold_large_line_above_its_story() -> None:
    # No heading, no class: the story's headline is a <font size=4><b> line at the top of its
    # cell, worded otherwise than <title>; the bold labels of the side columns ("SECTIONS",
    # "Most read") and a bold word inside a paragraph are no headline.
    meta = meta_of("meta_old_bold_headline.html")
    assert meta.headline == "Oil hits record high as the dollar slides against the euro"


def test_a_line_styled_bold_and_large_is_a_headline_too() -> None:
    meta = page(
        "<title>Ferry fares rise in June as fuel costs climb | Port Weekly</title>",
        '<table><tr><td><span style="font-size:20px;font-weight:bold">Ferry fares to rise in'
        " June as the cost of fuel climbs</span><br>Fares go up by a tenth.</td></tr></table>",
    )
    assert meta.headline == "Ferry fares to rise in June as the cost of fuel climbs"


def test_a_bold_phrase_inside_a_sentence_is_no_headline() -> None:
    meta = page(
        "<title>Ferry fares rise in June</title>",
        "<p>From June <b>ferry fares rise</b> by a tenth, the harbour board said.</p>",
    )
    assert meta.headline == "Ferry fares rise in June"


def test_an_og_title_naming_the_site_is_no_headline() -> None:
    # A template's default og:title is the site's name on every page.
    meta = page(
        "<title>Ferry fares rise in June - Port Weekly</title>"
        '<meta property="og:title" content="Port Weekly">'
        '<meta property="og:site_name" content="Port Weekly">',
        "<p>Fares go up by a tenth from the first of June.</p>",
    )
    assert meta.headline == "Ferry fares rise in June"


def test_a_part_of_the_heading_marked_as_a_title_but_opening_with_a_dash_is_a_suffix() -> None:
    meta = page(
        "<title>Harbour Ferry Timetable | Winter - Port Weekly</title>",
        '<h1><span class="name">Harbour Ferry Timetable</span>'
        '<span class="section-title"> | Winter</span></h1><p>The first ferry leaves at six.</p>',
    )
    assert meta.headline == "Harbour Ferry Timetable | Winter"


def test_a_videos_json_ld_name_the_other_sources_do_not_say_is_no_headline() -> None:
    # The only JSON-LD is a clip shown in the story; og:title and <title> agree on the story,
    # which the h1 words at more length.
    meta = page(
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type":'
        ' "VideoObject", "name": "Crew pulls a swimmer from the harbour"}</script>'
        '<meta property="og:title" content="Why ferry fares rise in June">'
        "<title>Why ferry fares rise in June - Port Weekly</title>",
        "<h1>Ferry fares: why they rise in June and what it means</h1>"
        "<p>Fares go up by a tenth.</p><h3>Crew pulls a swimmer from the harbour</h3>",
    )
    assert meta.headline == "Ferry fares: why they rise in June and what it means"


def test_a_section_link_opening_the_heading_is_no_part_of_the_headline() -> None:
    # <h2><div><a>Transport</a></div><a>Headline</a></h2>: the post's category set in its
    # heading, whatever its class is called.
    meta = meta_of("meta_heading_topic.html")
    assert meta.headline == "Ferry fares rise in June as fuel costs climb"


def test_a_topic_in_a_span_before_the_headline_is_cut_whatever_its_class() -> None:
    meta = page(
        '<title>Energy savings - free check for households</title><meta property="og:title"'
        ' content="Energy savings: A free check for every household">',
        '<h1><span class="t7">Energy savings</span> A free check for every household</h1>'
        "<p>Every household can now have its use of power checked for free.</p>",
    )
    assert meta.headline == "A free check for every household"


def test_a_heading_a_structured_headline_repeats_whole_keeps_its_first_piece() -> None:
    # The first word set apart in a span is part of the headline when <title> says so.
    meta = page(
        "<title>Council Approves New Harbour Wall | Port Weekly</title>",
        '<h1><span class="t3">Council</span> Approves New Harbour Wall</h1>'
        "<p>The wall will be built next spring.</p>",
    )
    assert meta.headline == "Council Approves New Harbour Wall"
    meta = page(
        "<title>Port Weekly</title>",
        '<h1><span class="t3">Harbour news</span> Council approves a new wall</h1>'
        "<p>The wall will be built next spring.</p>",
    )
    assert meta.headline == "Council approves a new wall"


def test_a_heading_opening_with_the_titles_headline_keeps_it_before_a_subtitle() -> None:
    # The first piece is what <title> says and the rest adds a subtitle none of the sources
    # words: the piece is the headline, not a topic.
    meta = page(
        "<title>Harbour wall approved - Port Weekly</title>",
        '<h1><span class="t1">Harbour wall approved</span> <span class="t2">Councillors vote'
        " eight to three after a long night</span></h1><p>The wall will be built next spring."
        "</p>",
    )
    assert meta.headline == "Harbour wall approved"
    assert meta.headline_node is not None and meta.headline_node.name == "h1"


def test_of_several_h1_none_like_the_title_the_one_the_story_follows_is_the_headline() -> None:
    # An older page: a promotion, the story and a sidebar each in an <h1>, the story's worded
    # otherwise than <title>, which glues on the section and the paper's name.
    meta = meta_of("meta_old_story_h1.html")
    assert meta.headline == "Ferry fares rise by a tenth as the harbour board blames fuel costs"


def test_a_promotion_h1_above_the_story_is_no_headline_for_the_prose_below_it() -> None:
    # The promotion's <h1> shares its block with the logo and the menu only; the story's text
    # below is in another block, so it is no headline.
    html = (FIXTURES / "pages" / "meta_old_story_h1.html").read_text()
    html = html.replace('<h1 class="big">', '<p class="big">').replace("costs</h1>", "costs</p>")
    meta = extract_metadata(load_document(html, None), now=NOW)
    assert not meta.headline.startswith("Get the Courier")


def test_the_opening_of_the_title_the_page_shows_as_a_line_is_the_headline() -> None:
    # No heading, no class the rules know: <title> glues the site on with "by", no separator;
    # the page shows the title's opening as a line of its own, over the date and byline.
    meta = page(
        "<title>Bridge to close for summer repairs by www.valley-times.example</title>",
        '<div class="q1"><div class="q2">Bridge to close for summer repairs</div>'
        '<div class="q3">March 3, 2008 By: Ann Lee</div><p>The council voted on Monday to close'
        " the old bridge for repairs that will take most of the summer.</p></div>",
    )
    assert meta.headline == "Bridge to close for summer repairs"
    # Words of a sentence are no line of their own.
    meta = page(
        "<title>Bridge to close for summer repairs by www.valley-times.example</title>",
        "<p>The council said the <b>bridge to close for summer repairs</b> is the old one.</p>",
    )
    assert meta.headline != "bridge to close for summer repairs"


def test_a_word_closed_by_a_mark_in_the_next_element_keeps_no_space_before_it() -> None:
    meta = page(
        "<title>Harbour Lights's new season opens at the Duke | Stage News</title>",
        "<h2><i>Harbour Lights</i>'s new season opens at the <i>Duke</i></h2>"
        "<p>The company opens its season on Friday.</p>",
    )
    assert meta.headline == "Harbour Lights's new season opens at the Duke"


def test_a_heading_held_in_a_link_to_the_home_page_names_the_site() -> None:
    meta = meta_of("meta_linked_banner_heading.html")
    assert meta.headline == "Hay or haylage: which is better?"


def test_a_section_of_the_story_worded_like_the_title_gives_way_to_the_h1_above_it() -> None:
    # <title> says what the "10 tips" section's heading says; the one <h1>, over the story's
    # text and sharing words with <title>, is the headline.
    meta = meta_of("meta_section_heading_title.html")
    assert meta.headline == "Calm comes from within: how to find your inner balance"


def test_the_headline_in_a_list_of_recent_comments_gives_way_to_the_line_over_the_story() -> None:
    # The headline set as a plain block; a sidebar's recent comments show it again, marked
    # by a class, in each item: the line over the story places the byline and the story.
    story = (
        "<p>The old ferry made its last crossing on Sunday, fifty years after its first,"
        " with the mayor and three hundred passengers on board.</p>"
    )
    items = "".join(
        f'<li><strong class="title"><a href="/ferry#c{i}">Last crossing for the old ferry'
        f'</a></strong> <span class="excerpt">Reader {i} / November {i}, 2012: '
        "I took it every morning for twenty years and will miss it.</span></li>"
        for i in range(1, 5)
    )
    meta = page(
        "<title>Last crossing for the old ferry | Harbour Blog</title>",
        f'<div class="post"><div>Last crossing for the old ferry</div><p class="author">'
        f"Posted by Ann Lee / November 13, 2012</p>{story * 3}</div>"
        f'<div class="side"><div>Recent comments</div><ul class="items">{items}</ul></div>',
    )
    assert meta.headline == "Last crossing for the old ferry"
    placed = meta.headline_node or meta.headline_shown
    assert placed is not None and placed.find_parent("li") is None
    assert [a.name for a in meta.authors] == ["Ann Lee"]
    assert str(meta.published)[:10] == "2012-11-13"


def test_a_section_of_the_story_gives_way_to_the_line_a_class_marks_as_the_headline() -> None:
    # The same page from an older template: its headings written as plain blocks, the
    # headline's marked by its class alone, the sections' as bold lines.
    html = (FIXTURES / "pages" / "meta_section_heading_title.html").read_text()
    html = html.replace("<h1>", '<div class="post-headline">').replace("</h1>", "</div>")
    for tag in ("h2", "h3"):
        html = html.replace(f"<{tag}>", "<div><b>").replace(f"</{tag}>", "</b></div>")
    meta = extract_metadata(load_document(html, None), now=NOW)
    assert meta.headline == "Calm comes from within: how to find your inner balance"
    assert meta.headline_node is not None
    assert meta.headline_node.get("class") == ["post-headline"]


def test_a_line_of_its_own_that_nothing_marks_is_the_headline_the_title_words_otherwise() -> None:
    # No heading, no bold, a class name no rule knows: the line over the story that says
    # what the title says, in the page's own words, beats the title cut of its ends.
    meta = meta_of("meta_old_plain_headline.html")
    assert meta.headline == "Council votes to close the Elm Street library branch"


def test_a_title_part_that_is_a_domain_name_is_the_sites_name() -> None:
    # "DailyPlanet.com | ...": the site's address as its name, with or without the page's URL
    # (a host of another spelling does not name it); a name ending in ".js" is no domain.
    assert (
        strip_site("DailyPlanet.com | Mayor opens the park", None, None) == "Mayor opens the park"
    )
    assert strip_site("Mayor opens the park - www.planet.co.uk", None, None) == (
        "Mayor opens the park"
    )
    url = "https://news.daily-planet.example/park"
    assert strip_site("Mayor opens the park - DailyPlanet.com", None, url) == (
        "Mayor opens the park"
    )
    assert strip_site("Why Node.js is fast | Notes", None, None) == "Why Node.js is fast | Notes"
    meta = page(
        "<title>DailyPlanet.com | Mayor cuts the ribbon on the riverside park</title>",
        "<table><tr><td><p>The mayor cut the ribbon on Saturday at the new riverside park,"
        " which took three years to build.</p></td></tr></table>",
    )
    assert meta.headline == "Mayor cuts the ribbon on the riverside park"


def test_the_sites_name_written_with_accents_matches_its_ascii_host() -> None:
    # "LÍBERO" on libero.example, "Bücherbote" on buecherbote.example: the host writes the
    # name without accents, or German's umlauts spelt out.
    title = "Harbour wins the cup final | LÍBERO"
    assert strip_site(title, None, "https://libero.example/sport/x", ()) == (
        "Harbour wins the cup final"
    )
    title = "Neue Bücher im Herbst | Bücherbote"
    assert strip_site(title, None, "https://www.buecherbote.example/x", ()) == (
        "Neue Bücher im Herbst"
    )


def test_a_marked_headline_line_keeps_no_section_label_set_before_it() -> None:
    # No heading: the line marked as the headline opens with the forum's section in an
    # element of its own, which <title> gives as a part of its own.
    meta = page(
        "<title>Patch Notes - Patchnotes 4.47 - Equinox Bugfix Build | Harbour Forums</title>",
        '<div class="thread-title"><span class="label">Patch Notes</span> Patchnotes 4.47'
        ' - Equinox Bugfix Build</div><div class="post"><p>This build fixes the lanterns'
        " that stayed dark after the equinox event, and the quest log that lost its last"
        " entry on a restart.</p></div>",
    )
    assert meta.headline == "Patchnotes 4.47 - Equinox Bugfix Build"


def test_the_footers_copyright_line_is_no_headline() -> None:
    # An older page with no heading: its footer's notice repeats the choir's name from
    # <title> (four of its words), the page's own line says the title's first part.
    meta = page(
        "<title>Our History - Harbour Choir of St. Mary</title>",
        "<table><tr><td><span>Our History</span></td></tr>"
        "<tr><td><img src='/choir-1952.jpg' alt=''></td></tr></table>"
        "<div>© 2020, Harbour Choir of St. Mary</div>",
    )
    assert meta.headline == "Our History"
    meta = page(
        "<title>Copyright law is changing - Harbour Notes</title>",
        "<div>Copyright law is changing</div><p>The bill, read for the first time on"
        " Monday, would let libraries lend e-books on the same terms as printed ones.</p>",
    )
    assert meta.headline == "Copyright law is changing"


def test_a_title_that_is_the_sites_name_gives_way_to_the_heading_over_the_story() -> None:
    # An older blog: <title> is the blog's name (its banner's link to the home page), the
    # post's heading an <h3> under a date header, a slogan and the sidebar's headings beside.
    for url in (None, "http://harbour.example.org/2008/05/wall.html"):
        meta = meta_of("meta_old_site_title.html", url)
        assert meta.headline == "The wall comes down at last"
        assert meta.headline_node is not None and meta.headline_node.name == "h3"
        assert [a.name for a in meta.authors] == ["Ada Lind"]


def test_an_old_table_page_titled_with_its_logos_name_takes_the_bold_line_over_the_story() -> None:
    # <title> is what the linked logo's alt says: the site's name. No heading: the bold,
    # large line the story follows is the headline, and the byline under it is found.
    for url in (None, "http://harbour.example.org/2008/05/wall.html"):
        meta = meta_of("meta_old_table_site_title.html", url)
        assert meta.headline == "New wall for the north quay"
        assert [a.name for a in meta.authors] == ["Tom Berg"]


def test_a_title_the_page_does_not_show_as_its_sites_name_stays_the_headline() -> None:
    # Nothing shows "Harbour Notes" as the site's (no link to the home page, no banner):
    # the title may be the headline, and stays it.
    meta = page(
        "<title>Harbour Notes</title>",
        "<h2>Archives</h2><p>The council voted on Tuesday to take down the old harbour wall, "
        "the one the winter storms cracked.</p>",
    )
    assert meta.headline == "Harbour Notes"


def test_a_page_with_no_title_takes_the_bold_line_over_the_story() -> None:
    # No <title>, no metadata, no heading: the bold, large line the story follows is the
    # headline (not the section's bold label over it), and the byline under it is found.
    for url in (None, "http://isles.example.org/news/fares.html"):
        meta = meta_of("meta_old_no_title.html", url)
        assert meta.headline == "Ferry fares to rise in the spring"
        assert [a.name for a in meta.authors] == ["Nell Carter"]


def test_a_line_that_is_a_link_to_the_home_page_is_the_sites_name_not_the_headline() -> None:
    # An older blog sets nothing in a heading: the banner's name is a line that links home,
    # the post's title a line that links to the post; <title> glues the name after it, and
    # the host's name (from the canonical link) matches the headline's first words.
    meta = page(
        "<title>Nutmeg and Thyme: Winter Soup Night - nutmeg and thyme kitchen</title>"
        '<link rel="canonical" href="http://nutmegandthyme.example.org/winter-soup-night">',
        '<div><a href="http://nutmegandthyme.example.org">nutmeg and thyme kitchen</a></div>'
        "<div>Recipes from a small kitchen in the hills.</div>"
        '<div><a href="http://nutmegandthyme.example.org/winter-soup-night">'
        "Nutmeg and Thyme: Winter Soup Night</a></div>"
        "<div>Every Friday in winter we cook one large pot of soup and invite whoever is "
        "around, and this week it was a leek and potato soup with a little thyme.</div>",
    )
    assert meta.headline == "Nutmeg and Thyme: Winter Soup Night"


def test_the_headline_shown_in_a_list_of_posts_is_not_where_the_story_is() -> None:
    # No heading anywhere: the headline's text is shown first as an item of a sidebar's list
    # (beside other posts' dates), then as the story's own line under its date.
    meta = page(
        "<title>Harbour lights are back - Quay Notes</title>",
        "<div><div>Popular posts</div><ul>"
        '<li><a href="/2011/02/ice">Ice on the slipway</a> (February 20, 2011)</li>'
        '<li><a href="/2012/06/harbour-lights">Harbour lights are back</a></li>'
        '<li><a href="/2011/03/nets">Mending the old nets</a> (March 3, 2011)</li></ul></div>'
        "<div><div>June 5, 2012</div><div><b>Harbour lights are back</b></div>"
        "<div>The old lamps along the quay were lit again on Saturday after two dark "
        "winters, and the whole village came down to see them.</div></div>",
    )
    assert meta.headline == "Harbour lights are back"
    assert meta.headline_shown is not None and meta.headline_shown.name == "b"
    assert meta.published is not None and meta.published.isoformat()[:10] == "2012-06-05"


def test_a_line_linking_home_by_an_address_without_its_scheme_names_the_site() -> None:
    # "//harbour-wiki.example": the home page's address in the page's own scheme. Both lines
    # are whole parts of <title>; the one linking home is the site's name.
    story = (
        "<p>The spell fills a vessel with clean water; it was taught in the second year and"
        " is known to every student who ever had to put out a fire in the greenhouses.</p>"
    )
    for href in ("//harbour-wiki.example", "//harbour-wiki.example/"):
        meta = page(
            "<title>Water-Making Spell - Harbour School Wiki</title>",
            f'<div><div><a href="{href}">Harbour School Wiki</a></div><p>The encyclopedia of the'
            " harbour school that anyone can edit, with fourteen thousand articles.</p></div>"
            f"<div><div>Water-Making Spell</div>{story}</div>",
        )
        assert meta.headline == "Water-Making Spell"


def trail_page(last: str, line: str) -> Metadata:
    # An older template's page, its headings written as plain blocks: a trail of links over
    # the story ending with the page's <title>, then the story's own line.
    story = numbered_story()
    return page(
        "<title>Harbour news: council votes to mend the old bridge after the floods"
        " | Daily Planet</title>",
        '<div><a href="/">Daily Planet</a></div>'
        '<div><ol><li><a href="/">Home</a></li><li><a href="/news/">News</a></li>'
        f"<li>{last}</li></ol></div>"
        f"<div><div>{line}</div><div>By Ann Lee</div>{story}</div>",
    )


TRAIL_LAST = [
    "<span>Harbour news: council votes to mend the old bridge after the floods</span>",
    '<a href="/news/bridge">Harbour news: council votes to mend the old bridge after the'
    " floods</a>",
]


@pytest.mark.parametrize("last", TRAIL_LAST)
@pytest.mark.parametrize(
    ("line", "headline"),
    [
        # The story's line says the title in other words: it is the headline, and places
        # the byline, not the trail's item.
        (
            "Council votes to mend the old bridge after the floods",
            "Council votes to mend the old bridge after the floods",
        ),
        # A line saying less of the title, with a date glued before it, is not the headline
        # in other words: the title's text stays.
        (
            "12.03.2012 - Council votes to mend the old bridge",
            "Harbour news: council votes to mend the old bridge after the floods",
        ),
    ],
)
def test_a_breadcrumbs_last_item_saying_the_title_gives_way_to_a_line_restating_it(
    last: str, line: str, headline: str
) -> None:
    meta = trail_page(last, line)
    assert meta.headline == headline
    if headline == line:
        assert meta.headline_node is None or meta.headline_node.find_parent("li") is None
    assert [a.name for a in meta.authors] == ["Ann Lee"]


@pytest.mark.parametrize(
    "title",
    [
        "Council votes to mend the old bridge - Local - The Planet",
        "The Planet: Council votes to mend the old bridge",
        "The Planet » Blog Archive » Council votes to mend the old bridge",
    ],
)
def test_a_banner_h1_saying_a_short_part_of_the_title_gives_way_to_the_bold_line(
    title: str,
) -> None:
    # An older site: its name is the page's one <h1>, the story's headline a bold line the
    # story follows; <title> holds both.
    meta = page(
        f"<title>{title}</title>",
        "<h1>The Planet</h1><div><b>Council votes to mend the old bridge</b><br>"
        f"<div>March 3, 2012</div>{numbered_story()}</div>",
    )
    assert meta.headline == "Council votes to mend the old bridge"


def test_a_longer_part_of_the_title_in_the_footer_leaves_the_h1_the_headline() -> None:
    # The site's slogan, a longer part of <title> than the headline, as the footer's line
    # under the story: no prose follows it.
    meta = page(
        "<title>Bridge to close - The Springfield paper since the year 1901</title>",
        f"<h1>Bridge to close</h1><div>March 3, 2012</div>{numbered_story()}"
        "<div><b>The Springfield paper since the year 1901</b></div>",
    )
    assert meta.headline == "Bridge to close"


def test_a_longer_part_of_the_title_shown_over_the_h1_is_the_banners_slogan() -> None:
    # The site's slogan, a longer part of <title> than the headline, set as a line in the
    # banner above the story's <h1>: the heading stays the headline.
    meta = page(
        "<title>Bridge to close - The Springfield paper since the year 1901</title>",
        "<div><b>The Springfield paper since the year 1901</b></div><h1>Bridge to close</h1>"
        f"<div>March 3, 2012</div>{numbered_story()}",
    )
    assert meta.headline == "Bridge to close"


def test_the_copyright_notices_name_is_the_sites_in_the_banner_and_the_title() -> None:
    # No metadata, no link home, no class: only the footer's notice ("Copyright © 2008 The
    # Daily Courier Inc.") says that the banner's <h1>, the end of <title>, names the site.
    meta = meta_of("headline_notice_banner.html")
    assert meta.headline == "Council approves new bridge"
    assert [a.name for a in meta.authors] == ["Ann Lee"]


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("The Daily Courier", '<font size="5"><b>Council approves new bridge</b></font><br>'),
        ("Daily Courier: Council approves new bridge", ""),
    ],
)
def test_the_copyright_notices_name_is_cut_from_the_title(title: str, shown: str) -> None:
    # A title that is the notice's name alone says no headline (the large line over the
    # story does); one that glues it to the headline is cut.
    meta = page(
        f"<title>{title}</title>",
        f"<div>{shown}<div>By Ann Lee</div>{numbered_story()}</div>"
        "<p>© 2008 The Daily Courier. All rights reserved.</p>",
    )
    assert meta.headline == "Council approves new bridge"


def test_notice_names() -> None:
    assert notice_names(load_document("<p>Copyright 2008 Daily Courier</p>", None).soup) == (
        "Daily Courier",
    )
    soup = load_document(
        "<p>© 1996-2008 The Daily Courier, Inc. All rights reserved.</p>"
        "<p>Photo: (c) 2008 Ann Lee</p><p>Copyright law is changing.</p><p>Copyright 2008</p>",
        None,
    ).soup
    assert notice_names(soup) == ("The Daily Courier", "Daily Courier", "Ann Lee")


_TOP_STORIES = (
    "<div><b>Top Stories</b><br><a href='/a.html'>Fire destroys barn on Route 9</a><br>"
    "<a href='/b.html'>School board delays the vote</a></div>"
)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("<div class='title'>Council approves new bridge</div>", "Council approves new bridge"),
        ("", ""),
    ],
)
def test_the_bold_label_of_a_list_of_links_is_no_headline(head: str, expected: str) -> None:
    # No <title>, no heading: the sidebar's bold "Top Stories" over its links comes first
    # and has the story's prose after it, but it labels the links. The story's line marked
    # as its title, among the story's other <div>s, is the headline; without one, none is.
    meta = page(
        "<title></title>",
        f"{_TOP_STORIES}<div>{head}<div>By Ann Lee</div><div>{numbered_story()}</div></div>",
    )
    assert meta.headline == expected


def test_a_headline_ending_in_the_sites_name_keeps_it() -> None:
    # "Wir sind Courier - Courier" with "© Courier" in the footer: the part after the dash
    # is the site's name; the headline's own last word, the same name, stays.
    meta = page(
        "<title>Wir sind Courier - Courier</title>",
        f"<div>{numbered_story()}</div><p>© Courier</p>",
    )
    assert meta.headline == "Wir sind Courier"
