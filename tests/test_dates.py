"""Date strings as pages write them: machine formats, many languages, URLs, the future."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

import archiver
from archiver.parse.datetext import (
    Order,
    copyright_year,
    date_spans,
    is_future,
    month_first,
    parse_machine_date,
    parse_text_date,
    url_date,
    yearless_dateline,
    yearless_header,
)
from archiver.parse.document import load_document
from archiver.parse.metadata import extract_metadata
from tests.server import FIXTURES

MSK = timezone(timedelta(hours=3))
CET = timezone(timedelta(hours=1))
NOW = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-12-19T13:57:00+03:00", datetime(2024, 12, 19, 13, 57, tzinfo=MSK)),
        ("2024-12-19T13:57:00.000+0300", datetime(2024, 12, 19, 13, 57, tzinfo=MSK)),
        ("2024-12-19 13:57:00 +03:00", datetime(2024, 12, 19, 13, 57, tzinfo=MSK)),
        ("2024-12-19T10:57:00Z", datetime(2024, 12, 19, 10, 57, tzinfo=UTC)),
        ("2024-12-19T13:57:00", datetime(2024, 12, 19, 13, 57)),
        ("2024-12-19", date(2024, 12, 19)),
        ("20241219", date(2024, 12, 19)),
        ("Thu, 19 Dec 2024 13:57:00 +0300", datetime(2024, 12, 19, 13, 57, tzinfo=MSK)),
        ("Thu, 19 Dec 2024 10:57:00 GMT", datetime(2024, 12, 19, 10, 57, tzinfo=UTC)),
        # A 12-hour clock is no zone; a time without a zone it knows stays local.
        ("December 19, 2024 1:57 pm", datetime(2024, 12, 19, 13, 57)),
        ("Thu, 19 Dec 2024 01:57 PM", datetime(2024, 12, 19, 13, 57)),
        ("Thu, 19 Dec 2024 13:57:00", datetime(2024, 12, 19, 13, 57)),
        ("Thu, 19 Dec 2024 13:57:00 MSK", datetime(2024, 12, 19, 13, 57)),
        ("19 December 2024", date(2024, 12, 19)),
        ("", None),
        ("not a date", None),
        ("2024-13-45", None),
    ],
)
def test_machine_dates_keep_the_page_offset(raw: str, expected: object) -> None:
    value = parse_machine_date(raw)
    assert value == expected
    if isinstance(expected, datetime):
        assert isinstance(value, datetime)
        assert value.utcoffset() == expected.utcoffset()
    elif isinstance(expected, date):
        assert not isinstance(value, datetime)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dec. 19, 2024 - 13:57", datetime(2024, 12, 19, 13, 57)),
        ("August 6th, 2009", date(2009, 8, 6)),
        ("Veröffentlicht am 6. August 2009", date(2009, 8, 6)),
        ("19. Dezember 2024", date(2024, 12, 19)),
        ("3. Jänner 2021", date(2021, 1, 3)),
        ("le 3 mars 2020 à 10h30", datetime(2020, 3, 3, 10, 30)),
        ("12 de enero de 2021", date(2021, 1, 12)),
        ("7 giugno 2019", date(2019, 6, 7)),
        ("1 maart 2018", date(2018, 3, 1)),
        ("5 października 2020", date(2020, 10, 5)),
        ("19 декабря 2024", date(2024, 12, 19)),
        ("2024年12月19日", date(2024, 12, 19)),
        ("শনিবার, আগস্ট ২৯, ২০২০", date(2020, 8, 29)),
        ("১৫ জানুয়ারি ২০২১", date(2021, 1, 15)),
        ("15 अगस्त 2020", date(2020, 8, 15)),
        ("5 Agustus 2020", date(2020, 8, 5)),
        ("12 de gener de 2021", date(2021, 1, 12)),
        ("15. siječnja 2020.", date(2020, 1, 15)),
        ("7. mája 2021", date(2021, 5, 7)),
        ("12 Μαΐου 2020", date(2020, 5, 12)),
        ("12 مايو 2020", date(2020, 5, 12)),
        ("Posted 06.08.2009 by someone", date(2009, 8, 6)),
        ("in 1850 the town grew", None),
    ],
)
def test_text_dates_in_many_languages(text: str, expected: object) -> None:
    assert parse_text_date(text) == expected


def test_numeric_day_month_order_follows_the_locale() -> None:
    assert parse_text_date("3/4/2024", mdy=month_first("en-US")) == date(2024, 3, 4)
    assert parse_text_date("3/4/2024", mdy=month_first("en-GB")) == date(2024, 4, 3)
    # A day above 12 settles the order whatever the locale says.
    assert parse_text_date("12/19/2024", mdy=False) == date(2024, 12, 19)
    # Dotted dates are day-first everywhere.
    assert parse_text_date("03.04.2024", mdy=True) == date(2024, 4, 3)


def test_date_spans_cover_the_time_after_a_date() -> None:
    text = "Updated Dec. 19, 2024 13:57 by AFP"
    [(start, end, value)] = date_spans(text)
    assert text[start:end] == "Dec. 19, 2024 13:57"
    assert value == datetime(2024, 12, 19, 13, 57)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/2024/12/19/story", (2024, 12, 19)),
        ("https://example.com/news/2024-12-19-story", (2024, 12, 19)),
        ("https://example.com/2020/05/story/", (2020, 5, None)),
        ("https://example.com/story-20210407.html", (2021, 4, 7)),
        ("https://example.com/story-123456", None),
        ("https://example.com/2024/12/", (2024, 12, None)),
        (None, None),
    ],
)
def test_dates_in_urls(url: str | None, expected: object) -> None:
    assert url_date(url) == expected


def test_future_is_relative_to_now_with_slack() -> None:
    now = datetime(2024, 12, 19, 12, 0, tzinfo=UTC)
    assert is_future(date(2024, 12, 21), now)
    assert not is_future(date(2024, 12, 20), now)  # another time zone's today
    assert is_future(datetime(2024, 12, 19, 18, 0, tzinfo=UTC), now)
    assert not is_future(datetime(2024, 12, 19, 14, 0, tzinfo=MSK), now)


def test_a_utc_instant_on_the_hour_late_in_the_day_is_the_next_local_date() -> None:
    # Stored as local midnight of a zone east of Greenwich: readers there see the 7th.
    assert parse_machine_date("2022-11-06T23:00:00.000Z") == date(2022, 11, 7)
    assert parse_machine_date("2022-11-06T22:00:00+00:00") == date(2022, 11, 7)
    # A real instant (minutes, seconds, an offset, or earlier in the day) stays as it is.
    assert parse_machine_date("2022-11-06T23:17:00Z") == datetime(2022, 11, 6, 23, 17, tzinfo=UTC)
    assert parse_machine_date("2022-11-06T09:00:00Z") == datetime(2022, 11, 6, 9, 0, tzinfo=UTC)
    assert parse_machine_date("2022-11-06T23:00:00+01:00") == datetime(
        2022, 11, 6, 23, 0, tzinfo=timezone(timedelta(hours=1))
    )


def test_an_afternoon_utc_stamp_on_the_hour_keeps_its_own_date() -> None:
    """14:00Z is 9 am in New York: an American afternoon stamp is not a European midnight."""
    assert parse_machine_date("2024-03-05T14:00:00Z") == datetime(2024, 3, 5, 14, tzinfo=UTC)
    assert parse_machine_date("2024-03-05T23:00:00Z") == date(2024, 3, 6)


def _published(name: str) -> object:
    html = (FIXTURES / "pages" / name).read_bytes()
    return extract_metadata(load_document(html, None), now=NOW).published


def test_an_old_blogs_posted_on_line_after_a_long_story_dates_it() -> None:
    # "Posted on March 3, 2008 at 10:15 pm" far below the headline, no URL, no metadata.
    assert _published("date_posted_after_story.html") == datetime(2008, 3, 3, 22, 15)


def test_an_agency_dateline_without_a_year_takes_the_copyright_year() -> None:
    # "NEW YORK, March 3 (Reuters) -" and "Copyright 2008 The Valley Times" at the foot.
    assert _published("date_agency_dateline.html") == date(2008, 3, 3)


def test_a_date_in_the_table_cell_beside_the_byline_in_day_month_year_with_dashes() -> None:
    assert _published("date_table_cell.html") == date(2008, 3, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Posted 03-Mar-2008", date(2008, 3, 3)),
        ("3-Mar-08", date(2008, 3, 3)),
        ("03/Mar/2008 10:15", datetime(2008, 3, 3, 10, 15)),
        ("build 1-jan-2000-x", None),
        # Dotted, as German pages write it, the month abbreviated and the year in two digits.
        ("Datum: 03.Mär.19", date(2019, 3, 3)),
        ("15.Jun.19, 10:15", datetime(2019, 6, 15, 10, 15)),
        ("v1.2.Mar.19", None),
    ],
)
def test_day_month_name_year_joined_by_dashes(text: str, expected: object) -> None:
    assert parse_text_date(text) == expected


def test_a_yearless_dateline_and_a_copyright_year() -> None:
    assert yearless_dateline("NEW YORK, March 3 (Reuters) - Oil rose.") == (3, 3)
    assert yearless_dateline("SAN JOSE, Calif., Sept. 4 - Chips.") == (9, 4)
    assert yearless_dateline("In New York, March 3 was cold - and wet.") is None
    assert copyright_year("© 1996-2008 The Times. Copyright 2007") == 2008
    assert copyright_year("no notice here, 2008") is None


def test_a_date_labelled_as_a_members_registration_is_not_the_posts() -> None:
    # A forum's profile box ("<strong>Registriert:</strong> 18.09.2008") before the post.
    assert _published("date_forum_profile.html") == datetime(2009, 1, 21, 5, 42)


def test_a_numeric_date_parted_by_bars_beside_the_byline() -> None:
    assert _published("date_bar_parted.html") == date(2022, 1, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26 | 01 | 2022", date(2022, 1, 26)),
        ("26|01|2022", date(2022, 1, 26)),
        ("26 / 01 / 2022", date(2022, 1, 26)),
        ("3 | 4 | 22", None),
    ],
)
def test_numeric_dates_spaced_out_or_parted_by_bars(text: str, expected: object) -> None:
    assert parse_text_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The C library's form: mail archives, logs, `date` and git print it.
        ("Mon Mar  3 22:15:01 UTC 2008", datetime(2008, 3, 3, 22, 15, 1, tzinfo=UTC)),
        ("Date:   Mon Mar 3 22:15:01 2008 +0100", datetime(2008, 3, 3, 22, 15, 1, tzinfo=CET)),
        ("Mar 3 22:15 EST 2008", datetime(2008, 3, 3, 22, 15)),
        ("Mar 3 25:15 2008", None),
    ],
)
def test_the_c_librarys_date_form(text: str, expected: object) -> None:
    assert parse_text_date(text) == expected


def test_a_mail_archives_message_is_dated_by_its_header() -> None:
    # A list archive's message: "Mon Mar  3 22:15:01 UTC 2008" under the subject, no metadata.
    assert _published("date_mail_archive.html") == datetime(2008, 3, 3, 22, 15, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # "Posted 3/4/2008 4:05 PM" under a bold headline in a table cell, a column of
        # "Recent stories" with their dates before it in the page.
        ("date_old_us_posted.html", datetime(2008, 3, 4, 16, 5)),
        # "Monday, March 3, 2008" under the post's title, readers' comments dated later.
        ("date_old_weekday.html", date(2008, 3, 3)),
        # "03.03.2008 | 14:05" under the headline, related stories' dates after the story.
        ("date_old_german.html", datetime(2008, 3, 3, 14, 5)),
        ("date_old_german_month.html", datetime(2008, 3, 3, 14, 5)),
        ("date_old_french.html", datetime(2008, 3, 3, 14, 5)),
        # "Last updated: March 5, 2008 · Originally posted: March 3, 2008".
        ("date_old_updated_first.html", date(2008, 3, 3)),
    ],
)
def test_older_pages_without_metadata_are_dated_by_the_text_near_the_headline(
    name: str, expected: object
) -> None:
    assert _published(name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Posted 3/4/2008 4:05 PM", datetime(2008, 3, 4, 16, 5)),
        ("3/4/2008, 4:05 p.m.", datetime(2008, 3, 4, 16, 5)),
        ("3/4/2008 16:05", datetime(2008, 4, 3, 16, 5)),
        ("3.4.2008 4:05 pm", datetime(2008, 4, 3, 16, 5)),
    ],
)
def test_a_slashed_date_with_a_twelve_hour_clock_is_month_first(
    text: str, expected: object
) -> None:
    assert parse_text_date(text) == expected


def test_an_ambiguous_numeric_date_takes_the_month_its_url_gives() -> None:
    # "Posted by Marge on 03/04/2008" on a page whose canonical URL says /2008/03/: March 4,
    # though the page names no locale that writes the month first.
    assert _published("date_numeric_order_from_url.html") == date(2008, 3, 4)
    assert parse_text_date("03/04/2008", Order(False, frozenset({(2008, 3)}))) == date(2008, 3, 4)
    # Dotted too, where the page's other dates say so ("11.05.12" on a page of November).
    assert parse_text_date("11.05.12", Order(False, frozenset({(2012, 11)}))) == date(2012, 11, 5)
    # Both readings' months given: the page's own order stands.
    both = Order(False, frozenset({(2008, 3), (2008, 4)}))
    assert parse_text_date("03/04/2008", both) == date(2008, 4, 3)


def test_a_date_header_without_a_year_takes_the_year_of_the_url_of_its_month() -> None:
    # A blog's "Sunday, September 9" header, its post at /2012/09/...; comments dated later.
    assert _published("date_header_without_year.html") == date(2012, 9, 9)
    assert yearless_header("Sonntag, 9. September") == (9, 9)
    assert yearless_header("Concert on September 9") is None
    assert yearless_header("September 9, 2012") is None


def test_a_two_digit_year_after_an_apostrophe() -> None:
    assert parse_text_date("Aug 8 '12") == date(2012, 8, 8)
    assert parse_text_date("8 Aug ’12") == date(2012, 8, 8)
    assert parse_text_date("8 Aug 12") is None


def test_a_lone_date_line_under_the_headline_counts_as_a_dated_element() -> None:
    # "Updated June 13, 2019" in a <div> whose class names nothing, under the <h1>: a dateline
    # by its shape, outweighing a generic dateCreated of 2004 left by the site's template.
    assert _published("date_line_unnamed.html") == date(2019, 6, 13)


def test_a_date_line_over_the_headline_beats_a_date_in_the_storys_prose() -> None:
    # "05.02.2020 - Redaktion: ..." over the <h1>; "vom 6. bis 7. März 2020" is the event the
    # story announces, in a sentence of its first paragraph.
    assert _published("date_line_before_headline.html") == date(2020, 2, 5)


def test_a_list_of_comment_times_does_not_hide_the_date_line_under_the_headline() -> None:
    # Three readers' comments each carry a <time>, in blocks whose classes name nothing; the
    # story's own "am 20.09.2020" is a plain line under the <h1>.
    assert _published("date_comment_times.html") == date(2020, 9, 20)


def test_a_date_line_set_in_parts_is_read_whole() -> None:
    # Month, day and year each in a <span> of a date box over the headline: no one string
    # holds the date, the line does; "March 3, 2013" in the prose is a class to come.
    assert _published("date_line_split.html") == date(2012, 11, 12)


def test_a_date_line_past_the_storys_paragraphs_is_a_comments() -> None:
    # The story's two paragraphs, then a reader's comment dated in a block whose class names
    # nothing: the page's generic meta date stands, not the comment's line.
    assert _published("date_comment_after_story.html") == date(2012, 10, 20)


def test_a_date_in_an_unbreakable_run_of_a_sentence_is_no_date_line() -> None:
    # The open day "on <nobr>June 13, 2019</nobr>" is an event in the story's first sentence:
    # <nobr> sets words within the line, so the line is the paragraph, not a dateline of its
    # own; the page's meta date and its modified date stand.
    assert _published("date_in_prose_unbroken.html") == date(2019, 5, 20)


def test_a_date_in_a_web_address_written_in_the_text_is_not_one_the_text_writes() -> None:
    # A link under the headline whose text is an address with /2019/11/04/ in it; the post's
    # own "12. März 2020 @ 09:40 // Autor: jo" line is over the headline.
    assert _published("date_web_address_in_text.html") == datetime(2020, 3, 12, 9, 40)
    assert parse_text_date("see https://example.org/2019/11/04/story/ today") is None
    assert parse_text_date("www.example.org/2019-11-04-story, 5.11.2019") == date(2019, 11, 5)


def test_the_month_of_the_url_picks_the_date_line_of_the_post() -> None:
    # A blog's review at /2017/09/: its date header "Samstag, 9. September 2017" over the
    # title, the book's "Erscheinungsdatum: 14.08.2017" just under it.
    assert _published("date_url_month_header.html") == date(2017, 9, 9)


def test_a_later_date_line_under_the_headline_outweighs_the_urls_day() -> None:
    # The address says /2021/03/08/; the page shows "Updated 2010 GMT March 14, 2021" under
    # the byline, the date its readers see.
    assert _published("date_url_day_later_line.html") == date(2021, 3, 14)


def test_a_date_line_beside_the_headline_in_a_block_named_footer_is_the_storys() -> None:
    # The story's head sets its date row "14.03.2021" in a block whose class says "footer",
    # right under the headline and before any prose: the story's own row, not the page's
    # footer ("Stand: 01.01.2020" stays out), nor the day of the event the standfirst
    # announces ("Am Samstag, dem 20. März 2021"), which was taken while the row was skipped.
    assert _published("date_line_in_head_footer.html") == date(2021, 3, 14)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # The title's machine time on the day shown: taken, with its offset.
        ("2023-03-21T22:20:00+00:00", datetime(2023, 3, 21, 22, 20, tzinfo=UTC)),
        ("March 21, 2023 10:20 pm", datetime(2023, 3, 21, 22, 20)),
        # A title naming another day, or no time, leaves the day shown.
        ("2023-03-22T08:00:00+00:00", date(2023, 3, 21)),
        ("Tuesday", date(2023, 3, 21)),
    ],
)
def test_a_microformats_abbr_dateline_gives_its_titles_time(title: str, expected: object) -> None:
    html = (
        "<html><body><article><h1>Notes on a slow build</h1>"
        f'<footer class="post-info"><abbr class="published" title="{title}">'
        "Tue 21 March 2023</abbr></footer>"
        "<p>The build ran again, and the fix held on every machine that had failed.</p>"
        "</article></body></html>"
    )
    meta = extract_metadata(load_document(html, "https://notes.example.org/slow-build.html"))
    assert meta.published == expected


def test_a_page_without_headings_dates_the_story_by_the_line_under_its_title_box() -> None:
    # No heading at all: the headline is a block its class calls "title". The date line
    # right under it is the story's, not the first of the dated list beside the story,
    # which came first while the headline's place in the page was not known.
    assert _published("date_no_heading_title_class.html") == date(2019, 3, 3)


def test_a_page_without_headings_keeps_the_date_row_under_the_headline_it_shows() -> None:
    # No heading, no class naming the headline: a plain block shows <title>'s text, and the
    # date row under it sits in a block whose class says "list". The boxes holding the
    # headline are the article's, so the row is the story's, not the date a sentence of the
    # story tells of ("Seit dem 1. Januar 2022").
    assert _published("date_no_heading_list_row.html") == date(2022, 1, 21)


def test_a_date_in_a_code_listing_is_data_not_the_posts_date() -> None:
    # A programming post without metadata: '2008-03-03' in the listing under the headline and
    # a log's stamps in the next are values the code reads; the post is dated by its "Posted
    # on" line.
    assert _published("date_in_code.html") == date(2011, 3, 9)


def test_a_post_dated_nowhere_is_not_dated_by_its_logs_stamps() -> None:
    # No date of its own anywhere: the stamps of the log it shows, past its first paragraphs,
    # are not the page's first date.
    assert _published("date_in_code_undated.html") is None


@pytest.mark.parametrize(
    ("text", "mdy", "expected"),
    [
        # A two-digit year after a slash is a date only under a date's label.
        ("Posted 03/04/08 by Ann Lee", True, date(2008, 3, 4)),
        ("Published: 14/2/08", False, date(2008, 2, 14)),
        ("Updated on 12/25/08", True, date(2008, 12, 25)),
        ("Veröffentlicht am 3/4/08", False, date(2008, 4, 3)),
        ("12/25/08", True, None),
        ("Page 3/4/08", True, None),
        ("Posted in 3/4/08 rows", True, None),
        # The weekday before an ambiguous numeric date says which reading the page meant.
        ("Posted: Thu, 03/06/2008", False, date(2008, 3, 6)),
        ("Posted: Thu, 06/03/2008", False, date(2008, 3, 6)),
        ("Thursday 06/03/2008", True, date(2008, 3, 6)),
        ("Tue, 03/06/2008", False, date(2008, 6, 3)),
        # Neither reading's weekday: the locale's reading; a dotted date is day first.
        ("Sun, 03/06/2008", False, date(2008, 6, 3)),
        ("Do. 03.06.2008", False, date(2008, 6, 3)),
    ],
)
def test_a_numeric_dates_label_and_weekday(text: str, mdy: bool, expected: object) -> None:
    assert parse_text_date(text, mdy=mdy) == expected


def _undated_story(after: str) -> str:
    # Four long paragraphs, then `after`: no element, no metadata and no line near the
    # headline dates the page.
    paragraph = (
        "<p>The council met again to talk about the old bridge over the river, and the "
        "engineers said the deck would need new iron before the winter came to the town.</p>"
    )
    return (
        "<html><head><title>Council votes to mend the old bridge</title></head><body>"
        "<h1>Council votes to mend the old bridge</h1>"
        f"{paragraph * 4}{after}</body></html>"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "<p>The bridge was last closed for repairs in the great flood, when on March 3, 2008 "
        "the river rose over its deck and the crews worked through the night to save it.</p>",
        "<p>On March 3, 2008 the river rose over the deck of the bridge, and the crews worked "
        "through the night to save it from the water and the ice.</p>",
    ],
)
def test_a_date_inside_a_sentence_of_the_story_does_not_date_the_page(sentence: str) -> None:
    assert archiver.parse(_undated_story(sentence), url=None).published is None


@pytest.mark.parametrize(
    "line", ["<p>March 3, 2008</p>", f"<p>{' ' * 80}March 3, 2008{' ' * 80}</p>"]
)
def test_a_date_on_a_line_of_its_own_under_the_story_still_dates_the_page(line: str) -> None:
    assert archiver.parse(_undated_story(line), url=None).published == date(2008, 3, 3)
