"""Bylines as sites nobody tuned on write them: a colon after the byline word ("By: Ann Lee",
"Written By: Ann Lee"), read where no class name marks the line."""

from __future__ import annotations

import pytest

import archiver
from archiver.parse.names import split_byline
from tests.stories import numbered_story

_STORY = numbered_story()


def _page(byline: str, head: str = "", top: str = "") -> str:
    return (
        f"<html><head><title>Council votes to mend the old bridge</title>{head}</head><body>"
        f"<div>{top}<a href='/'>Home</a> <a href='/news/'>News</a></div>"
        "<div><h2>Council votes to mend the old bridge</h2>"
        f"<div><span>{byline}</span></div>{_STORY}</div>"
        "<div>Copyright 2012</div></body></html>"
    )


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By: Ann Lee", ["Ann Lee"]),
        ("By:Ann Lee", ["Ann Lee"]),
        ("BY : Ann Lee", ["Ann Lee"]),
        ("Written By: Jason Lee - Nov 04 2012", ["Jason Lee"]),
        ("Posted by: Ann Lee at 8:42 PM", ["Ann Lee"]),
    ],
)
def test_a_colon_after_the_byline_word(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names


@pytest.mark.parametrize("byline", ["Written By: Jason Lee", "By: Jason Lee", "BY: JASON LEE"])
def test_a_byline_with_a_colon_under_the_headline_names_the_writer(byline: str) -> None:
    article = archiver.parse(_page(byline), url="https://news.example.org/2012/bridge/")
    assert [a.name.casefold() for a in article.authors] == ["jason lee"]
    assert "Jason" not in article.body and "JASON" not in article.body


@pytest.mark.parametrize(
    "byline",
    ["Contributed by Jason Lee", "Article by: Jason Lee", "Guest Contributor: Jason Lee"],
)
def test_a_contributors_credit_under_the_headline_names_the_writer(byline: str) -> None:
    article = archiver.parse(_page(byline), url=None)
    assert [a.name for a in article.authors] == ["Jason Lee"]
    assert "Jason" not in article.body


@pytest.mark.parametrize("label", ["Text Size", "Text Only", "Author Tools"])
def test_a_toolbar_label_over_the_byline_names_no_one(label: str) -> None:
    # An older page's tools over the byline: "Text Size" opens with a byline's label word
    # ("Text: Ann Lee"), the word after it is no writer.
    tools = f"<span>{label}</span> <a href='/print/'>Print</a> <a href='/mail/'>E-mail</a>"
    byline = "By <a href='/people/ann-lee/'>Ann Lee</a>, Oct 29, 2012"
    page = _page(byline, top="").replace("<div><span>", f"<div>{tools}</div><div><span>", 1)
    article = archiver.parse(page, url="https://news.example.org/2012/bridge/")
    assert [a.name for a in article.authors] == ["Ann Lee"]


def test_a_label_word_before_a_full_name_is_still_a_byline() -> None:
    article = archiver.parse(_page("Text Ann Lee"), url="https://news.example.org/2012/bridge/")
    assert [a.name for a in article.authors] == ["Ann Lee"]


def _story_with_comments(heading: str, title: str) -> str:
    comments = "".join(
        f"<div><div>Re: {title} (Score: {n})</div><div>by Reader Number{n} writes:</div>"
        f"<p>Comment {n} says the writer missed the point of the story entirely.</p></div>"
        for n in range(1, 4)
    )
    return (
        f"<html><head><title>{title} - Example News</title></head><body>"
        f"<div><div>{heading}<div>Posted by <a href='/~ann/'>Ann Lee</a> on Monday</div></div>"
        f"{_STORY}</div><div><h2>{title}</h2>{comments}</div></body></html>"
    )


def test_a_comment_count_in_the_headline_leaves_the_byline_under_it() -> None:
    # The story's heading holds its comment count: the comments' own heading, which repeats
    # the title whole, was taken for the headline, and a commenter for the writer.
    title = "Council votes to mend the old bridge"
    heading = f"<h2><span><a href='/story/1'>{title}</a></span> <span>136</span></h2>"
    article = archiver.parse(_story_with_comments(heading, title))
    assert article.headline == title
    assert [a.name for a in article.authors] == ["Ann Lee"]


def test_a_number_the_title_says_stays_in_the_headline() -> None:
    title = "The ten best bridges of 2012"
    heading = "<h2><span>The ten best bridges of</span> <span>2012</span></h2>"
    article = archiver.parse(_story_with_comments(heading, title))
    assert article.headline == title


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Von Ann Lee, dpa", ["Ann Lee", "dpa"]),
        ("By Ann Lee, dpa", ["Ann Lee", "dpa"]),
        ("Von dpa", ["dpa"]),
    ],
)
def test_a_wire_agency_written_in_lower_case_keeps_the_byline(
    byline: str, names: list[str]
) -> None:
    # "dpa" is how the agency writes its name: no lower-case word of a sentence, and the
    # same line with a byline class names the same (an agency stays beside a writer).
    article = archiver.parse(_page(byline), url="https://courier.example/news/bridge")
    assert [a.name for a in article.authors] == names
    assert article.body.startswith("Paragraph")


def test_a_lower_case_word_after_the_byline_word_is_still_prose() -> None:
    article = archiver.parse(
        _page("By bus and by train, the crews reached the bridge at dawn."),
        url="https://courier.example/news/bridge",
    )
    assert article.authors == []


def _dated_page(header: str, title: str = "Council votes to mend the old bridge") -> str:
    # An older site's story: no byline word, no class, the writer's line over the date's.
    return (
        f"<html><head><title>{title}</title></head><body>"
        "<div><a href='/'>Home</a> <a href='/news/'>News</a></div>"
        f"<div><h2>Council votes to mend the old bridge</h2>{header}{_STORY}</div>"
        "<div>Copyright 2012</div></body></html>"
    )


@pytest.mark.parametrize(
    "header",
    [
        "<div>Ann Lee</div><div>March 3, 2012</div>",
        "<div><span>Ann Lee</span> | <span>March 3, 2012</span></div>",
        "<div>Ann Lee | 03.03.2012</div>",
        "<div>Ann Lee and Bo Chen</div><div>March 3, 2012</div>",
        "<p>The bridge will close for a year.</p><div>Ann Lee</div><div>Le</div>"
        "<div>3 mars 2012</div>",
        "<div>Ann Lee</div><div>ann.lee@courier.example</div><div>03.03.2012, 05:45</div>",
        # A wire agency in parentheses, a credential: what a byline gives beside a name.
        "<div>Ann Lee (AP)</div><div>March 3, 2012</div>",
        "<div>Ann Lee, M.D.</div><div>March 3, 2012</div>",
        # The date under its label ("Published:", "Publié le", "postado em"): the line says
        # the date and no more.
        "<div>Ann Lee</div><div>Published: March 3, 2012</div>",
        "<div>Ann Lee</div><div>Publié le 3 mars 2012</div>",
        "<div>Ann Lee</div><div>postado em 03/03/2012 05:49 / atualizado em 03/03/2012</div>",
        # The date's weekday before it, written out or cut short; a mail archive's header.
        "<div>Ann Lee</div><div>Monday, March 3, 2012</div>",
        "<div>Ann Lee</div><div>Montag, 3. März 2012</div>",
        "<div>Ann Lee | Mon. 3/3/2012</div>",
        "<b>Ann Lee</b> <a href='mailto:ann@courier.example'>ann at courier.example</a><br>"
        "<i>Sat Mar  3 22:15:01 UTC 2012</i>",
    ],
)
def test_a_name_alone_over_the_date_is_the_byline(header: str) -> None:
    article = archiver.parse(_dated_page(header), url="https://courier.example/news/bridge")
    assert [a.name for a in article.authors] == (
        ["Ann Lee", "Bo Chen"] if "Bo Chen" in header else ["Ann Lee"]
    )
    assert "Ann Lee" not in article.body


@pytest.mark.parametrize(
    ("header", "title"),
    [
        # The section the <title> names beside the headline.
        (
            "<div>Politik Ausland</div><div>03.03.2012</div>",
            "Council votes to mend the old bridge - Politik Ausland - Courier",
        ),
        # The date's label, a programme's line going on after the date, the headline's words.
        ("<div>For Immediate Release: March 3, 2012</div>", ""),
        ("<div>Bridge Watch Live – March 3, 2012 Hour 1</div>", ""),
        ("<div>Old Bridge</div><div>March 3, 2012</div>", ""),
        # A desk, a place, a section joined by "&": words no person's name is made of.
        ("<div>Local News</div><div>March 3, 2012</div>", ""),
        ("<div>New York</div><div>March 3, 2012</div>", ""),
        ("<div>Reise &amp; Lebensart</div><div>03.03.2012</div>", ""),
        # A picture's caption and its agency's credit: an agency names the writer's source
        # only in parentheses ("Ann Lee (AP)").
        ("<div>Presidente de EEUU, Joe Biden / AFP</div><div>March 3, 2012</div>", ""),
        # A weekday alone over the date is the date's.
        ("<div>Monday</div><div>March 3, 2012</div>", ""),
    ],
)
def test_a_line_over_the_date_that_names_no_writer(header: str, title: str) -> None:
    page = _dated_page(header, title or "Council votes to mend the old bridge")
    article = archiver.parse(page, url="https://courier.example/news/bridge")
    assert article.authors == []


def test_a_section_of_the_menu_over_the_date_names_no_writer() -> None:
    menu = (
        "<ul><li><a href='/politik/'>Politik Ausland</a></li><li><a href='/wirtschaft/'>"
        "Wirtschaft</a></li><li><a href='/sport/'>Sport</a></li></ul>"
    )
    page = _dated_page("<div>Politik Ausland</div><div>03.03.2012</div>").replace(
        "<body>", "<body>" + menu
    )
    article = archiver.parse(page, url="https://courier.example/news/bridge")
    assert article.authors == []


def test_the_writer_linked_again_under_the_story_is_still_the_byline() -> None:
    # A single link to the writer's page, in a box about them: no menu.
    bio = "<div><p>About the writer</p><a href='/team/ann'>Ann Lee</a> covers the council.</div>"
    page = _dated_page("<div>Ann Lee</div><div>March 3, 2012</div>").replace(
        "</body>", bio + "</body>"
    )
    article = archiver.parse(page, url="https://courier.example/news/bridge")
    assert [a.name for a in article.authors] == ["Ann Lee"]


@pytest.mark.parametrize(
    ("header", "names"),
    [
        # "Le" and "Du" are a date's prepositions in French, and the end of many names.
        ("<div>Thanh Le 3 mars 2012</div>", ["Thanh Le"]),
        ("<div>Bo Du 3 mars 2012</div>", ["Bo Du"]),
        # Capitalised after a separator, or opening the date's line, the word is the date's.
        ("<div>Ann Lee | Le 3 mars 2012</div>", ["Ann Lee"]),
        ("<div>Ann Lee</div><div>Le 3 mars 2012</div>", ["Ann Lee"]),
    ],
)
def test_a_name_ending_like_a_dates_preposition_keeps_its_last_word(
    header: str, names: list[str]
) -> None:
    article = archiver.parse(_dated_page(header), url="https://courier.example/news/bridge")
    assert [a.name for a in article.authors] == names


@pytest.mark.parametrize(
    ("label", "told"),
    [
        ("Real Estate", "Prices of real estate rose again in the city this year, agents say."),
        ("Climate Change", "The floods follow years of climate change, the report says."),
    ],
)
def test_a_label_of_words_the_story_writes_in_lower_case_names_no_writer(
    label: str, told: str
) -> None:
    page = _dated_page(f"<div>{label}</div><div>March 3, 2012</div><p>{told}</p>")
    article = archiver.parse(page, url="https://courier.example/news/bridge")
    assert article.authors == []


def test_a_name_the_writers_address_spells_in_lower_case_is_still_the_byline() -> None:
    page = _dated_page(
        "<div>Ann Lee</div><div>March 3, 2012</div>"
        "<p>Write to ann@courier.example; her columns: https://courier.example/lee/</p>"
    )
    article = archiver.parse(page, url="https://courier.example/news/bridge")
    assert [a.name for a in article.authors] == ["Ann Lee"]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # The outlet written for, after a person's full name: one word, "the" and a word,
        # or words one of which is an outlet's.
        ("By Ann Lee for the Daily Mail", ["Ann Lee"]),
        ("By Ann Lee for Reuters", ["Ann Lee"]),
        ("By Ann Lee and Bo Chen for The New York Times", ["Ann Lee", "Bo Chen"]),
        # The outlet the writer works for, after "of": a publication's words or an agency.
        ("By Ann Lee of the Daily Courier", ["Ann Lee"]),
        ("By Ann Lee of The Associated Press", ["Ann Lee"]),
        ("By Ann Lee of Reuters", ["Ann Lee"]),
        # The dateline after the name, its date one the date finder does not read.
        ("By Ann Lee. Updated March 4", ["Ann Lee"]),
        ("By Ann Lee Updated 3 hours ago", ["Ann Lee"]),
        # The pictures' credit joined to the writing: one person's for both.
        ("Story and photos by Ann Lee", ["Ann Lee"]),
        ("Text und Fotos von Bo Chen", ["Bo Chen"]),
    ],
)
def test_what_follows_or_joins_a_writers_name_in_the_byline_goes(
    byline: str, names: list[str]
) -> None:
    assert split_byline(byline) == names
    page = _page(f"<span class='byline'>{byline}</span>")
    article = archiver.parse(page, url="https://courier.example/news/bridge")
    assert [a.name for a in article.authors] == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # An organisation's name going on after "for" is no outlet written for.
        ("By National Center for Health Statistics", []),
        ("National Center for the Study of War", []),
        ("Royal Bank of Scotland", []),
        ("By Ann Lee of the Department of Health", []),
        # A photographer credited after the writer is no writer.
        ("Ann Lee, photos by Bob Smith", ["Ann Lee"]),
    ],
)
def test_an_organisation_named_with_for_and_a_photographers_credit_stay_apart(
    byline: str, names: list[str]
) -> None:
    assert split_byline(byline) == names


def test_a_name_over_the_date_in_a_line_of_fields_is_the_byline() -> None:
    # A blog's post line: the writer, the date and the comments' count set apart by bars.
    page = _dated_page("<div>Ann Lee | March 3, 2012 | 5 comments</div>")
    article = archiver.parse(page, url="https://courier.example/news/bridge")
    assert [a.name for a in article.authors] == ["Ann Lee"]


@pytest.mark.parametrize(
    "header",
    [
        # The date first, the writer's name its next field.
        "<div>March 3, 2012 | Ann Lee</div>",
        "<div>3 Mar 2012 - Ann Lee | 5 comments</div>",
        "<div>Posted 03/03/12 · Ann Lee</div>",
        # The name and a newsroom's role over the date.
        "<div>Ann Lee, Staff Writer | March 3, 2012</div>",
        "<div>Ann Lee, Staff Writer</div><div>March 3, 2012</div>",
        # The Italian byline word in lower case before the name.
        "<div>di Ann Lee - 3 marzo 2012</div>",
        # The writer's paper, agency or place on a line between the name and the date.
        "<div>Ann Lee</div><div>Daily Courier</div><div>March 3, 2012</div>",
        "<div>Ann Lee<br>Associated Press<br>March 3, 2012</div>",
        "<div>Ann Lee<br>New York<br>March 3, 2012</div>",
        # A desk's or the paper's name before the newsroom's role.
        "<div><b>Ann Lee</b><br>Courier Staff Writer<br>March 3, 2012</div>",
        # The paper or the place after the name, in the name's line.
        "<div>Ann Lee, Daily Courier | March 3, 2012</div>",
        "<div>Ann Lee - New York</div><div>March 3, 2012</div>",
    ],
)
def test_a_name_beside_the_date_in_its_line_is_the_byline(header: str) -> None:
    article = archiver.parse(_dated_page(header), url="https://courier.example/news/bridge")
    assert [a.name for a in article.authors] == ["Ann Lee"]
    assert article.published is not None and article.published.day == 3


@pytest.mark.parametrize(
    "header",
    [
        "<div>March 3, 2012 | Local News</div>",
        "<div>March 3, 2012 - Council votes to mend the old bridge</div>",
        "<div>March 3, 2012 | 5 comments</div>",
        "<div>March 3, 2012 Ann Lee</div>",
        # A paper, a desk, a role too long or not a newsroom's: no writer's line.
        "<div>Old Bridge</div><div>Daily Courier</div><div>March 3, 2012</div>",
        "<div>Local News, Daily Courier | March 3, 2012</div>",
        "<div>Ann Lee, former reporter</div><div>March 3, 2012</div>",
        "<div>Ann Lee, The Daily Courier Staff Writer Emeritus</div><div>March 3, 2012</div>",
    ],
)
def test_a_line_beside_the_date_that_names_no_writer(header: str) -> None:
    article = archiver.parse(_dated_page(header), url="https://courier.example/news/bridge")
    assert article.authors == []


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # A kind of text, the byline word and the writer's full name, in one line.
        ("Ein Kommentar von Ann Lee", ["Ann Lee"]),
        ("A column by Ann Lee", ["Ann Lee"]),
        ("Eine Glosse von Ann Lee", ["Ann Lee"]),
        # A picture's or a source's credit names no writer.
        ("Fotos von Ann Lee", []),
        ("Quelle von Ann Lee", []),
        ("Illustration by Ann Lee", []),
        # A link's text names a work or a site ("Saving Cash by Using Less Cache").
        ("<a href='/journal/'>Ein Journal von Ann Lee</a>", []),
    ],
)
def test_a_kind_of_text_by_a_writer_under_the_headline(byline: str, names: list[str]) -> None:
    article = archiver.parse(_page(byline), url="https://courier.example/news/bridge")
    assert [a.name for a in article.authors] == names


@pytest.mark.parametrize(
    ("header", "names"),
    [
        # The writer's address or handle beside the name over the date.
        ("<div>Ann Lee @annlee | March 3, 2012</div>", ["Ann Lee"]),
        ("<div>Ann Lee (@annlee)<br>March 3, 2012</div>", ["Ann Lee"]),
        ("<div>Ann Lee ann@courier.example | March 3, 2012</div>", ["Ann Lee"]),
        # A section's label linked to its category's page is no writer.
        ("<div><a href='/category/middle-east/'>Middle East</a> | March 3, 2012</div>", []),
        ("<div><a href='/author/ann-lee/'>Ann Lee</a> | March 3, 2012</div>", ["Ann Lee"]),
    ],
)
def test_what_stands_beside_a_name_over_the_date(header: str, names: list[str]) -> None:
    article = archiver.parse(_dated_page(header), url="https://courier.example/news/bridge")
    assert [a.name for a in article.authors] == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        # The Italian byline word, capitalised, before a full name is no part of it...
        ("Di Marco Rossi", ["Marco Rossi"]),
        ("Di Stefano Rossi e Anna Bianchi", ["Stefano Rossi", "Anna Bianchi"]),
        # ...a surname's "Di" is: one word after it, or after the given name.
        ("Di Maio", ["Di Maio"]),
        ("Luigi Di Maio", ["Luigi Di Maio"]),
    ],
)
def test_the_italian_byline_word_before_a_full_name(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names
