"""Byline text -> names: prefixes, roles, dates, e-mail, handles and the site's name removed."""

from __future__ import annotations

import pytest

from archiver.parse import parse
from archiver.parse.author_checks import has_words, is_domain_of
from archiver.parse.candidates import host_key
from archiver.parse.document import load_document
from archiver.parse.metadata import extract_metadata
from archiver.parse.names import split_byline
from tests.server import FIXTURES


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By John Smith", ["John Smith"]),
        ("By John Smith and Jane Doe", ["John Smith", "Jane Doe"]),
        ("By Ann Lee, Bo Chen and Cy Dunn", ["Ann Lee", "Bo Chen", "Cy Dunn"]),
        ("Ann Lee & Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee; Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("BY JOHN SMITH", ["JOHN SMITH"]),
        ("By AFP", ["AFP"]),
        ("By John Smith | Staff Writer | Dec 19, 2024", ["John Smith"]),
        ("Staff Writer John Smith", ["John Smith"]),
        ("John Smith, Senior Correspondent", ["John Smith"]),
        ("John Smith (john.smith@example.com)", ["John Smith"]),
        ("John Smith @jsmith", ["John Smith"]),
        ("John Smith, Example Times", ["John Smith"]),
        ("Posted on August 6, 2009 by Krimiblogger", ["Krimiblogger"]),
        ("Posted by Martin Hale at 8:42 PM", ["Martin Hale"]),
        ("By Ann Lee For The Herald", ["Ann Lee"]),
        ("Von Bo Chen um 10:15 Uhr", ["Bo Chen"]),
        ("Par Anne Dupont à 10:15", ["Anne Dupont"]),
        ("Posted by Ann Lee on May 3, 2008 at 5:00 pm", ["Ann Lee"]),
        ("Von Max Mustermann und Erika Musterfrau", ["Max Mustermann", "Erika Musterfrau"]),
        ("Ein Beitrag von Max Mustermann, Redakteur", ["Max Mustermann"]),
        ("par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
        ("Por María García y José Pérez", ["María García", "José Pérez"]),
        ("di Mario Rossi", ["Mario Rossi"]),
        ("Door Jan de Vries", ["Jan de Vries"]),
        ("Av Ola Nordmann", ["Ola Nordmann"]),
        ("Text: Anna Berg, Fotos: Peter Pan", ["Anna Berg"]),
        ("Autor: Fritz Imhof Quelle: Agentur Datum: 19.11.2021", ["Fritz Imhof"]),
        ("Nicolas Gutierrez C.", ["Nicolas Gutierrez C."]),
        ("John Smith.", ["John Smith"]),
        ("Rasender Reporter", ["Rasender Reporter"]),
        ("Robert De Niro", ["Robert De Niro"]),
        ("By Staff", []),
        # A byline that is a role alone is how the page names its writer.
        ("By Staff Writer", ["Staff Writer"]),
        # An agency's code after the writer's name credits the agency.
        ("Paul Brenner/SP-X", ["Paul Brenner"]),
        ("Anna Berg/dpa", ["Anna Berg"]),
        ("APA/AP", ["APA/AP"]),
        # A compound ending in a role ("...-Experte") is a role.
        ("FOCUS-Online-Experte Robin Tschöpe", ["Robin Tschöpe"]),
        ("Jean-Marc Dupont", ["Jean-Marc Dupont"]),
        ("zvg", []),
        # A title after a comma is the previous name's, credentials and weekdays are no names.
        ("By STEVE PEOPLES, AP National Political Writer", ["STEVE PEOPLES"]),
        ("Analysis by Chris Cillizza, CNN Editor-at-large", ["Chris Cillizza"]),
        ("Ilana Muhlstein, MS, RDN", ["Ilana Muhlstein"]),
        ("Jeff Foust Monday, November 18, 2019", ["Jeff Foust"]),
        ("Am Donnerstag von Anna Berg", ["Anna Berg"]),
        ("By Mary Jalonick and Eric Tucker Associated Press", ["Mary Jalonick", "Eric Tucker"]),
        ("Adrian Padeanu Übersetzt von Roland Hildebrandt", ["Adrian Padeanu"]),
        ("By Jane Doe Photos by Ann Lee", ["Jane Doe"]),
        ("Jessica DeFino Updated", ["Jessica DeFino"]),
        # A time's unit left over once the date goes is one letter, no one's name.
        ("Ana Ruiz 08 de Mayo 2022 | 6:00 h", ["Ana Ruiz"]),
        ("08 de Mayo 2022 | 6:00 h", []),
        # CMS templates' "Submitted by" in their translations; the date's preposition goes
        # with the date, also when the date itself is in the next element.
        ("Submitted by Anna Berg on 24 July 2017", ["Anna Berg"]),
        ("Gespeichert von jdoe am 24. Juli 2017 - 18:55", ["jdoe"]),
        ("Soumis par Jean Dupont le 3 mai 2024", ["Jean Dupont"]),
        ("Von R. R. am", ["R. R."]),
        ("Ein Text von Anna Berg", ["Anna Berg"]),
        # Capitalised, "Le" and "Du" are surnames, not prepositions.
        ("By Thanh Le 3 May 2024", ["Thanh Le"]),
        ("By Wei Du", ["Wei Du"]),
        ("admin", []),
        ("Leave a comment", []),
        ("Share on Facebook", []),
        ("", []),
    ],
)
def test_bylines(byline: str, names: list[str]) -> None:
    assert split_byline(byline, site_name="Example Times") == names


def test_the_site_alone_is_kept_as_an_organisation_byline() -> None:
    assert split_byline("Example Times", site_name="Example Times") == ["Example Times"]


def test_structured_sources_keep_user_names() -> None:
    assert split_byline("c1ph4", strict=False) == ["c1ph4"]


def test_a_long_run_of_cjk_characters_is_a_phrase_not_a_name() -> None:
    assert split_byline("王小明") == ["王小明"]
    assert split_byline("来自10米竹竿上的中国功夫") == []


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # The place filed from is no second writer.
        ("By Ana Souza, São Paulo", ["Ana Souza"]),
        ("By Jane Doe in Washington", ["Jane Doe"]),
        ("von Anna Berg, Berlin", ["Anna Berg"]),
        # A label's first word is no name.
        ("Last Updated: 12 March 2024", []),
        ("Last updated 12 March 2024", []),
        # The section after a bar, the publisher glued on.
        ("By Jane Doe | Politics", ["Jane Doe"]),
        ("Jane Doe, The Courier", ["Jane Doe"]),
        ("Jane Doe The Daily Courier", ["Jane Doe"]),
        # An organisation named with "&" stays whole; surname first stays one person.
        ("Mac & i", ["Mac & i"]),
        ("Von Jan Berg, Mac & i", ["Jan Berg", "Mac & i"]),
        ("Smith, John", ["Smith, John"]),
        ("Doe, Jane and Roe, John", ["Doe, Jane", "Roe, John"]),
        # Two people around "&" and lists with commas are still split.
        ("Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe, John Roe and Ann Lee", ["Jane Doe", "John Roe", "Ann Lee"]),
        # "Min" and "Read" are surnames too; the reading time after a name is no name.
        ("By Min Lee", ["Min Lee"]),
        ("By Piers Read", ["Piers Read"]),
        ("Ann Lee 4 min read", ["Ann Lee"]),
        ("Von Anna Berg 3 Min. Lesezeit", ["Anna Berg"]),
        ("5 min read", []),
    ],
)
def test_bylines_naming_the_wrong_person(byline: str, names: list[str]) -> None:
    assert split_byline(byline, "The Daily Courier") == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # Another credit after the writer's ends the byline.
        ("Text von Lena Probst     Illustration von Karl Weiss", ["Lena Probst"]),
        ("By Lena Probst Illustrations by Karl Weiss", ["Lena Probst"]),
        # "Autoren" and "Authors" introduce the names without a colon too.
        ("Autoren Lena Probst und Karl Weiss", ["Lena Probst", "Karl Weiss"]),
        ("Authors Lena Probst and Karl Weiss", ["Lena Probst", "Karl Weiss"]),
        # A phrase around "und" is one organisation: in visible text no person, and no
        # single word cut from it.
        ("Amt für Wald und Wiesen", []),
        ("Lena Probst and the team", ["Lena Probst"]),
    ],
)
def test_bylines_with_other_credits_and_organisations(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # The time zone of the date's clock is part of the date.
        ("November 6th, 2012, 17:41 GMT · By Lena Probst", ["Lena Probst"]),
        ("By Lena Probst on 11/12/2012 10:52 PST", ["Lena Probst"]),
        # The section a post was filed in is no writer.
        ("Karl Weiss Posted to Hot Stuff, Video Games on 9 November 2012", ["Karl Weiss"]),
        ("Filed under Reviews by Lena Probst", ["Lena Probst"]),
        # The buttons after the name.
        ("by Lena Probst Tweet", ["Lena Probst"]),
        ("06 November 2012 by Lena Probst Discuss", ["Lena Probst"]),
        # Four or more single words: a list of tags, no writers.
        ("More like this: dads, daughters, emulator, hacking, parenting", []),
        # A preposition left alone is no one.
        ("By Lena Probst on May 3, 2012 in", ["Lena Probst"]),
        ("by Lena Probst in , ", ["Lena Probst"]),
        ("by the Desk on May 3, 2012 · Leave a Comment Posted in", []),
    ],
)
def test_bylines_with_a_post_lines_other_parts(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # The writer's paper after a slash, named with an article or as a web address.
        ("By Lena Probst/The Harbour Courier", ["Lena Probst"]),
        ("By Lena Probst/Courier.com", ["Lena Probst"]),
        # Two full names set apart by a slash are two writers, not one cut in the middle.
        ("Lena Probst/Karl Weiss", ["Lena Probst", "Karl Weiss"]),
        # An agency's desk and the paper stay as the one byline they are.
        ("By AFP/The Local", ["AFP/The Local"]),
        ("Lena Probst/dpa", ["Lena Probst"]),
    ],
)
def test_bylines_with_a_slash(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # The broadcaster's letters before the name, whose writer she is.
        ("By NBC's Lena Probst and Karl Weiss", ["Lena Probst", "Karl Weiss"]),
        ("By CNN’s Lena Probst", ["Lena Probst"]),
        # A name "at" the site, set apart by spaces.
        ("Lena @ The Harbour Courier", ["Lena"]),
        # A possessive that is a name's own stays.
        ("McDonald's Corporation", ["McDonald's Corporation"]),
    ],
)
def test_bylines_with_the_outlet_around_the_name(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # A company's or a lab's blog signs with the writer's job title after a comma: the
        # title is no second writer, whatever precedes its head noun.
        ("Posted by Lena Probst, Product Manager", ["Lena Probst"]),
        ("Posted by Lena Probst, Software Engineer, Maps", ["Lena Probst"]),
        ("By Lena Probst, Chief Executive Officer", ["Lena Probst"]),
        (
            "Lena Probst, Research Scientist, and Karl Weiss, Designer",
            ["Lena Probst", "Karl Weiss"],
        ),
        # A surname that is also such a word stays: two words are a name.
        ("By Jim Director", ["Jim Director"]),
    ],
)
def test_bylines_signed_with_a_job_title(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # A clock's am/pm and time zone, an abbreviated weekday between separators.
        ("By Lena Probst Updated 3:45 PM ET, Tue May 5, 2020", ["Lena Probst"]),
        ("Lena Probst | 10:15 Uhr MEZ", ["Lena Probst"]),
        ("By Wei Sun", ["Wei Sun"]),
        # The writer's title and desk after her name.
        ("Lena Probst - Senior Reporter, Tech", ["Lena Probst"]),
        # A one-word label before the name.
        ("Story: Lena Probst; Photos: Karl Weiss", ["Lena Probst"]),
        ("Interview: Lena Probst", ["Lena Probst"]),
        # A kind of text, then the byline word and the name.
        ("Ein Interview von Lena Probst", ["Lena Probst"]),
        ("Guest essay by Lena Probst", ["Lena Probst"]),
        ("View all posts by Lena Probst", ["Lena Probst"]),
        ("Ursula von der Probst", ["Ursula von der Probst"]),
        ("Karl von Weiss", ["Karl von Weiss"]),
        # A phrase cut before its name is none.
        ("Mit Material von dpa", []),
        # The publication written for, the buttons beside the name.
        ("Lena Probst for The Daily Bugle", ["Lena Probst"]),
        ("Lena Probst Follow", ["Lena Probst"]),
        ("Lena Probst Twitter @lprobst Email", ["Lena Probst"]),
        # Where the writers work, after their names: a paper, a desk, one word after a full
        # name; an agency stays, a surname first stays one person.
        ("Lena Probst and Karl Weiss, Harbour Valley News", ["Lena Probst", "Karl Weiss"]),
        ("Autor: Lena Probst, Redakteurin Politik", ["Lena Probst"]),
        ("Lena Probst, Hafenkurier", ["Lena Probst"]),
        ("Lena Probst, dpa", ["Lena Probst", "dpa"]),
        ("Probst, Lena", ["Probst, Lena"]),
        # A role written for both genders is a role ("Autor/in", "Redakteur:in").
        ("AUTOR/IN | Lena Probst", ["Lena Probst"]),
        ("Autor*in Lena Probst", ["Lena Probst"]),
        ("Lena Probst, Redakteur:in", ["Lena Probst"]),
        # A kind of text before a byline word set apart as a label in capitals.
        ("Reportage Von Lena Probst", ["Lena Probst"]),
        # The sections listed after "in" go with it; an agency after the place stays.
        ("3. Mai 2009 von Lena in Politik, Wirtschaft", ["Lena"]),
        ("By Lena Probst in Washington, AP", ["Lena Probst", "AP"]),
    ],
)
def test_byline_lines_around_the_name(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Amt für Wald und Wiesen", ["Amt für Wald und Wiesen"]),
        ("Staff and wire reports", ["Staff and wire reports"]),
        ("Lena Probst und Karl Weiss", ["Lena Probst", "Karl Weiss"]),
    ],
)
def test_structured_organisations_joined_by_and_stay_whole(byline: str, names: list[str]) -> None:
    assert split_byline(byline, strict=False) == names


def _authors(name: str) -> list[str]:
    """The authors of a fixture page, parsed without its URL."""
    html = (FIXTURES / "pages" / name).read_bytes()
    return [a.name for a in extract_metadata(load_document(html, None)).authors]


def test_a_byline_in_the_header_block_above_the_headline() -> None:
    # The dateline above the headline names the writer after a label.
    assert _authors("byline_above_headline.html") == ["Marta Keller"]


def test_a_label_of_several_words_before_the_name() -> None:
    # "Text & Bilder:" ends in a colon: the name is in the next element.
    assert _authors("byline_label_words.html") == ["Lena Brunner"]


def test_a_dateline_naming_the_writer_after_a_byline_word() -> None:
    assert _authors("byline_in_dateline.html") == ["Ruth Ashby"]


def test_a_name_cut_from_a_bracketed_line_loses_the_bracket() -> None:
    assert _authors("byline_wiki_footer.html") == ["RuthAshby"]


def test_a_breadcrumbs_names_inside_a_byline_are_no_authors() -> None:
    assert _authors("byline_breadcrumb_inside.html") == ["Ruth Ashby"]


def test_a_written_by_class_marks_a_byline() -> None:
    assert _authors("byline_written_by_class.html") == ["Ruth Ashby"]


def test_a_sentence_in_a_date_like_class_is_no_dateline() -> None:
    # "info" marks datelines, but a teaser's sentence with no date names no writer.
    assert _authors("byline_teaser_sentence.html") == []


def test_a_short_line_ending_in_a_byline_word_labels_the_name_after_it() -> None:
    # "Ein Gespräch von <strong>Name</strong> mit <strong>Name</strong>": the writer first.
    assert _authors("byline_label_then_name.html") == ["Lena Probst"]


def test_a_sentence_going_on_after_a_byline_word_names_no_one() -> None:
    # "Die Prüfung von <abbr>KI</abbr>-Systemen": a word in a sentence, not a writer.
    assert _authors("byline_sentence_ends_in_von.html") == []


def test_a_byline_on_a_card_of_another_story_names_no_writer_of_this_one() -> None:
    # <aside><article class="card">...<p class="byline">: the other story's writer.
    assert _authors("byline_teaser_cards.html") == []


def test_the_name_a_byline_block_marks_by_class_without_the_title_beside_it() -> None:
    # <div class="author-name">Name</div><div class="author-role">Climate Correspondent</div>
    assert _authors("byline_name_and_title.html") == ["Lena Probst"]


def test_a_plural_role_after_the_names_is_no_part_of_them() -> None:
    # "By A and B Staff Writers": the writers' title, in the plural.
    assert _authors("byline_plural_role.html") == ["LENA PROBST", "KARL WEISS"]


@pytest.mark.parametrize("page", ["byline_each_writer.html", "byline_author_links.html"])
def test_each_writer_in_an_element_of_their_own(page: str) -> None:
    # Sibling bylines of one kind (span.author, rel=author links) name every writer.
    assert _authors(page) == ["Lena Probst", "Karl Weiss"]


def test_a_publisher_in_capitals_after_the_writer_is_no_writer() -> None:
    assert split_byline("BY LENA PROBST | THE DAILY BUGLE") == ["LENA PROBST"]


def test_links_of_menus_and_breadcrumbs_to_people_pages_name_no_writer() -> None:
    # A menu's "/people/" section, a breadcrumb's "/people/harbour-life", a footer list's
    # "/profil/jobs-and-careers": links among links to other pages, no class name needed.
    assert _authors("byline_link_menus.html") == []


def test_a_commenters_profile_link_names_no_writer() -> None:
    # rel=nofollow marks what a page's users wrote: the commenters' profile links.
    assert _authors("byline_link_comments.html") == []


def test_an_author_link_after_a_label_among_other_links_names_the_writer() -> None:
    # "<strong>Autor:</strong> <a href=/profil/...>" beside tag links: the label says whose.
    assert _authors("byline_link_after_label.html") == ["Klara Brenner"]


def test_a_dated_line_naming_the_writer_after_the_story() -> None:
    # "Posted by <span>harbourcat</span> on 24 July 2017" after the story, no class known: the
    # date and the byline word agree; the replies' lines, alike and naming others, do not.
    assert _authors("byline_dateline_after_story.html") == ["harbourcat"]


def test_dated_lines_of_replies_alone_name_no_writer() -> None:
    # The same dated line in elements of one kind naming different people is a list.
    assert _authors("byline_dated_comments_only.html") == []


def test_the_card_field_labelled_as_the_writer_names_the_author() -> None:
    # "twitter:label1" "Verfasst von" + "twitter:data1": a blog's SEO card names its writer,
    # shown on the page (here replying to a reader); the reading time's field is no name.
    assert _authors("byline_card_label.html") == ["Karla Brenner"]


def test_a_link_into_a_people_section_names_no_writer() -> None:
    # "/people/" is a section of celebrity news as often as a folder of writers: a story
    # linked from there ("/people/news/tv-host-quits-62245.html") is no byline.
    assert _authors("byline_people_section_link.html") == []


def test_a_heading_opening_with_a_byline_word_names_no_one() -> None:
    # "<h2>Von Sprachregeln, Gender-Politik und ...</h2>" under the headline: a title.
    assert _authors("byline_heading_opens_with_von.html") == []


def test_a_rel_author_link_is_read_whatever_its_case() -> None:
    # rel="Author" under the story, to a page whose path names no author folder: HTML's link
    # types are case-insensitive, so the link marks the writer as rel="author" does.
    assert _authors("byline_rel_author_capitalised.html") == ["Mara Quist"]


def test_a_structured_name_is_matched_as_whole_words_and_a_domain_as_the_sites() -> None:
    assert has_words("ein bericht von jan weber", "jan")
    assert not has_words("am 3. januar", "jan")
    assert not has_words("quelle: jan-example.de", "jan")
    host = host_key("https://www.werkblatt-nord.de/news/1")
    assert is_domain_of("Werkblatt-Nord.de", host)
    assert not is_domain_of("Ann Lee", host)


def test_a_byline_written_after_the_headline_beats_a_marked_one_farther_off() -> None:
    # "<span>Von</span> <a>Name</a>" under the headline; the elements a class marks as
    # authors are the cards of other stories below it.
    assert _authors("byline_text_before_marked_elsewhere.html") == ["Lena Probst"]


def test_an_author_link_in_a_story_laid_out_flat_names_the_writer() -> None:
    # The story's paragraphs, share bar and tag list are siblings of the writer's link: blocks
    # holding links, but no items of a row of links (a menu, a breadcrumb) it would be one of.
    assert _authors("byline_link_in_flat_story.html") == ["Jana Kessler"]


def test_a_translators_line_beside_the_byline_names_no_writer() -> None:
    # "Übersetzt von: Karl Weiss" in an element like the writer's own: the translator's credit
    # opens the line, so it names no second writer.
    assert _authors("byline_translator_line.html") == ["Lena Probst"]


def test_a_writers_card_reads_line_by_line() -> None:
    # The byline block holds the name in its own heading and, below it, "Folge mir" and a
    # profile link naming the writer again: the line that is a name names the writer.
    assert _authors("byline_writer_card_lines.html") == ["Lena Probst"]


def test_a_desks_byline_worded_as_a_phrase_names_the_desk() -> None:
    # "By Staff and wire reports": a role joined to a phrase is the desk's byline, read in
    # the page's text too, where a phrase after "By" is otherwise prose.
    assert _authors("byline_desk_phrase.html") == ["Staff and wire reports"]


def test_the_post_lines_tags_and_category_name_no_writer() -> None:
    # "<a>Tomas Verhoek</a> Posted to <a href=/category/garden/>Garden</a>, <a>How To</a> on
    # 9 November 2012 · Comments (3) · More like this: <a href=/search.html?q=roses>roses</a>,
    # ...": the links to the post's categories and tags are not writers.
    assert _authors("byline_post_line_tags.html") == ["Tomas Verhoek"]


def test_a_post_line_set_between_blocks_is_a_line_of_its_own() -> None:
    # "<h2>..</h2> <small>posted August 9th, 2012 1:00 PM EDT by Mara Quist in <a
    # rel=category>News</a>, ...</small> <div class=entry>": no block of its own, no class;
    # the inline element between two blocks is the line, without its categories.
    assert _authors("byline_line_between_blocks.html") == ["Mara Quist"]


def test_a_post_meta_line_set_in_an_aside_is_no_sidebar() -> None:
    # "<aside class=post-meta>" under the headline holds the date and the writer; the
    # sidebar's "written by Karl Weiss and friends" is the blog's.
    assert _authors("byline_aside_post_meta.html") == ["Tomas Verhoek"]


def test_the_posts_own_footer_line_names_the_writer_without_a_date() -> None:
    # "<p class=post-footer><strong>Posted by Mara Quist</strong> | Permalink | Comments (4)":
    # after a long story, no date on the line; the post's footer, as its class says, holds it.
    assert _authors("byline_post_footer_line.html") == ["Mara Quist"]


def test_a_publisher_set_apart_for_screen_readers_is_no_part_of_the_name() -> None:
    # "von Lena Probst <span class=sr-only>Hafenkurier Pferdemagazin</span>": the magazine's
    # name is read to screen readers only; the byline a reader sees ends at the writer.
    assert _authors("byline_screen_reader_publisher.html") == ["Lena Probst"]


def test_the_writers_box_names_the_writer_when_nothing_else_does() -> None:
    # No byline by the headline, no structured data: the "author-bio" box after the story
    # (set apart from the story like a sidebar) is where the page names its writer.
    assert _authors("byline_writer_box_only.html") == ["Mara Quist"]


def test_a_writers_field_beside_the_date_field_names_the_writer() -> None:
    # "<li>Author: Tomas Verhoek</li><li>Published: 14 June 2023</li>" after the story, no
    # byline by the headline: the writer's field in the row of fields holding the date.
    assert _authors("byline_field_beside_date.html") == ["Tomas Verhoek"]


def test_a_linked_name_in_a_byline_is_read_as_the_site_writes_it() -> None:
    # "by <a href=/profile/...>Amara okafor</a>" in the post's byline: a name whose second
    # word the writer set in lower case, not prose, since the link goes to a writer's page.
    assert _authors("byline_linked_name_lower_case.html") == ["Amara okafor"]


def test_a_menus_link_to_the_members_list_names_no_writer() -> None:
    # "Registered members", a link to /members/list/ in a menu: a writer's-page path but no
    # byline word before it and no byline element around it.
    assert _authors("byline_members_menu_link.html") == []


@pytest.mark.parametrize(
    ("name", "writer"),
    [
        # "<dl><dt>Autor/in</dt><dd>Lena Hofmeister</dd></dl>" beside the date's field.
        ("byline_inclusive_label.html", "Lena Hofmeister"),
        # "Autor*in: Jonas Wendlinger" on a line of its own under the headline.
        ("byline_inclusive_label_line.html", "Jonas Wendlinger"),
    ],
)
def test_a_label_for_every_gender_names_the_writer(name: str, writer: str) -> None:
    # German writes a role for every gender in one word ("Autor/in", "Autor*in", "Autor:in",
    # "Autor_in"): a byline's label as much as "Autor" is.
    assert _authors(name) == [writer]


def test_a_line_under_a_writers_label_closing_the_story_names_the_writer() -> None:
    # "Autor: <a>Samuel Diekhoff</a> (Gastbeitrag), Trauredner bei ..." after the story's
    # last paragraph, far from the headline: the label and its colon say what a date would.
    assert _authors("byline_label_closing_story.html") == ["Samuel Diekhoff"]


def test_a_writers_label_in_the_sites_footer_names_no_writer() -> None:
    # The same page without that line: "Redaktion: Jan Weber" in <footer> is the site's.
    assert _authors("byline_label_in_footer_only.html") == []


def test_a_writers_label_in_a_fact_sheet_names_the_reviewed_work_not_the_writer() -> None:
    # "Titel: ... / Seiten: 400 / Autorin: Marlene Oberhuber / Verlag: ..." below a review:
    # the book's facts, its author is not the review's.
    assert _authors("byline_fact_sheet_field.html") == []


def test_a_posts_footer_line_naming_the_writer_at_a_clock_time() -> None:
    # "Posted by Martin Hale at 8:42 PM" under a blog post: the clock and the word before it
    # are no part of the name (before, "Martin Hale at" was no name and the post had none).
    assert _authors("byline_posted_at_clock.html") == ["Martin Hale"]


@pytest.mark.parametrize(
    ("name", "writer"),
    [
        ("meta_old_bold_headline.html", "Ruth Calder"),
        ("meta_old_plain_headline.html", "Dana Whitlock"),
        ("body_old_table.html", "Margaret Hill"),
        ("body_news_2008.html", "Daniel Ortiz"),
        ("body_old_masthead_cell.html", "Ruth Calloway"),
    ],
)
def test_the_byline_under_a_headline_set_in_no_heading_names_the_writer(
    name: str, writer: str
) -> None:
    # Older pages set the headline as a bold line in a table cell and "By Ann Lee, Staff
    # Writer" under it: the byline is looked for after the element that shows the headline,
    # as where a heading holds it (before, such pages had no author).
    assert _authors(name) == [writer]


def test_a_posts_footer_line_with_a_clock_names_the_writer_after_a_long_post() -> None:
    # The same line under a post too long for the search after the headline: a byline word,
    # a name and a time closing the line say what a date would; the replies' dated lines,
    # alike and naming others, do not.
    assert _authors("byline_posted_at_clock_long.html") == ["Martin Hale"]


def test_a_line_of_a_name_and_a_newsrooms_role_is_a_byline() -> None:
    # No byline word, no marked element: "Karen Walsh, Staff Writer" under the headline of
    # an old table page, "Owen Hartley<br>Senior Editor" under a blog's.
    assert _authors("byline_name_and_role.html") == ["Karen Walsh"]
    assert _authors("byline_name_over_role.html") == ["Owen Hartley"]


def test_a_name_with_another_role_needs_a_byline_word() -> None:
    # A photographer's credit and a person the story presents name no writer.
    assert _authors("byline_name_and_other_role.html") == []


def test_words_as_a_label_names_the_writer() -> None:
    html = (
        "<html><body><h1>A walk along the old canal</h1><p>Words: Ann Lee</p>"
        "<p>The towpath runs for eleven miles between the two locks, and in May the hawthorn"
        " along it is in flower from one end to the other.</p></body></html>"
    )
    assert [a.name for a in extract_metadata(load_document(html, None)).authors] == ["Ann Lee"]


def test_a_field_label_with_its_colon_set_apart_still_labels_the_name() -> None:
    # A list of fields under the headline, no class left to read: "Author<span>:</span>",
    # then the name in the next element. The colon in an element of its own ended the label.
    # The small list holding the label and the name is the byline's, kept out of the body.
    html = (
        "<html><body><div><h1>A gentle tour of memory layout</h1>"
        "<dl><dt>Author<span>:</span></dt><dd><p>Rafael Mendoza</p></dd>"
        "<dt>Date<span>:</span></dt><dd>2020-06-30</dd></dl>"
        "<p>Where structs give you a way of grouping related fields, enums give you a way of"
        " saying a value is one of a possible set of values, and the compiler checks it.</p>"
        "</div></body></html>"
    )
    assert [a.name for a in extract_metadata(load_document(html, None)).authors] == [
        "Rafael Mendoza"
    ]
    body = parse(html).body
    assert body.startswith("Where structs give you a way")
    assert "Rafael Mendoza" not in body and "Date:" not in body
