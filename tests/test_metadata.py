"""Metadata extraction: headline, authors, dates, canonical URL and the rest, on small pages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from bs4 import BeautifulSoup

from archiver.models import Author
from archiver.parse.document import Document, load_document
from archiver.parse.metadata import Metadata, extract_metadata
from tests.conftest import shared_path
from tests.server import FIXTURES

MSK = timezone(timedelta(hours=3))
NOW = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
SEED_URL = (
    "https://www.themoscowtimes.com/2024/12/19/"
    "at-least-100-north-korean-soldiers-killed-fighting-for-russia-seoul-says-a87399"
)


def meta_of(name: str, url: str | None = "https://news.example.com/story") -> Metadata:
    html = (FIXTURES / "pages" / name).read_bytes()
    return extract_metadata(load_document(html, url), now=NOW)


def test_seed_page() -> None:
    html = shared_path("seed", "themoscowtimes-2024-12-19.html").read_bytes()
    meta = extract_metadata(load_document(html, SEED_URL))
    assert meta.headline == (
        "At Least 100 North Korean Soldiers Killed Fighting for Russia, Seoul Says"
    )
    assert meta.authors == [Author(name="AFP", url="https://www.themoscowtimes.com/author/afp")]
    assert meta.published == datetime(2024, 12, 19, 13, 57, tzinfo=MSK)
    assert isinstance(meta.published, datetime)
    assert meta.published.utcoffset() == timedelta(hours=3)
    assert meta.modified == datetime(2024, 12, 19, 14, 20, tzinfo=MSK)
    assert meta.url == SEED_URL
    assert meta.site_name == "The Moscow Times"
    assert meta.language == "en"
    assert meta.headline_node is not None and meta.headline_node.name == "h1"
    assert any("byline" in (n.get("class") or []) for n in meta.byline_nodes)
    assert meta.provenance["authors"] == "json-ld"
    assert meta.provenance["published"] == "json-ld"


def test_a_hand_built_document_without_anything() -> None:
    doc = Document("https://example.com/x", BeautifulSoup("<p>Hello</p>", "lxml"), jsonld=[])
    meta = extract_metadata(doc)
    assert meta.headline == ""
    assert meta.authors == []
    assert meta.published is None


def test_several_authors_in_one_byline_and_the_time_element() -> None:
    meta = meta_of("meta_several_authors.html", "https://courier.example.com/news/x")
    assert [a.name for a in meta.authors] == ["Jane Doe", "John Roe", "Ann Lee"]
    assert meta.provenance["authors"] == "byline"
    assert meta.published == datetime(2024, 3, 5, 9, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert meta.headline == "Rivers Rise Across the Valley as Storm Lingers"
    assert meta.url == "https://courier.example.com/news/2024/03/05/rivers-rise"
    assert meta.image == "https://courier.example.com/img/rivers.jpg"
    assert meta.tags == ["Weather", "Floods"]
    assert meta.language == "en-GB"
    assert meta.site_name == "Valley Courier"


def test_an_organisation_byline_is_kept_and_a_date_stays_a_date() -> None:
    meta = meta_of("meta_organisation.html")
    assert meta.authors == [Author(name="Reuters")]
    assert meta.published == date(2023, 6, 1)
    assert not isinstance(meta.published, datetime)
    assert meta.headline == "Talks Resume in Geneva"


def test_no_author_is_invented() -> None:
    # Meta names the site, JSON-LD an account the page never shows, and the only visible
    # names are a commenter's and a footer box's.
    meta = meta_of("meta_no_author.html")
    assert meta.authors == []
    assert "authors" not in meta.provenance


def test_json_ld_graph_references_offsets_and_modified() -> None:
    meta = meta_of("meta_dates.html", "https://port.example.org/2021/04/07/harbour-reopens")
    assert meta.authors == [Author(name="Mara Quint", url="https://port.example.org/author/mara")]
    nine = timezone(timedelta(hours=9))
    assert meta.published == datetime(2021, 4, 7, 8, 30, tzinfo=nine)
    assert meta.modified == datetime(2021, 4, 9, 10, 0, tzinfo=nine)
    assert isinstance(meta.published, datetime)
    assert meta.published.utcoffset() == timedelta(hours=9)  # never converted to UTC
    assert meta.url == "https://port.example.org/2021/04/07/harbour-reopens"
    assert meta.language == "en-AU"
    assert meta.tags == ["harbour", "repairs"]


def test_a_date_in_the_future_is_rejected() -> None:
    meta = meta_of("meta_future_date.html")
    assert meta.published == date(2022, 10, 12)
    assert meta.provenance["published"] == "byline"


def test_the_date_that_agrees_with_the_url_wins() -> None:
    url = "https://news.example.com/2021/04/07/bridge-named"
    meta = meta_of("meta_url_date.html", url)
    assert meta.published == date(2021, 4, 7)
    # Without the URL's date the meta date and the visible one tie; meta is taken.
    other = meta_of("meta_url_date.html", "https://news.example.com/bridge-named")
    assert other.published == datetime(2022, 1, 10, 12, 0, tzinfo=UTC)


def test_title_with_site_suffix_and_a_site_heading() -> None:
    meta = meta_of("meta_title_suffix.html", "https://fourcorners.example.net/2019/10/21/x/")
    assert meta.headline == "Why Small Integers Are Interned"
    assert meta.headline_node is not None and meta.headline_node.name == "h2"
    assert [a.name for a in meta.authors] == ["Konrad"]
    # "Posted by" in the post's dateline ("postdata"): a byline beside the date.
    assert meta.provenance["authors"] == "byline"
    assert meta.published == date(2019, 10, 21)


def test_german_byline_and_date() -> None:
    meta = meta_of("meta_german.html")
    assert [a.name for a in meta.authors] == ["Max Mustermann", "Erika Musterfrau"]
    assert meta.published == date(2009, 8, 6)
    assert meta.headline == "Neue Radwege für die Altstadt"
    assert meta.language == "de"


def test_french_byline_date_and_kicker() -> None:
    meta = meta_of("meta_french.html")
    assert [a.name for a in meta.authors] == ["Jean Dupont", "Marie Curie"]
    assert meta.published == datetime(2020, 3, 3, 10, 30)
    assert meta.headline == "La ville plante mille arbres"
    assert meta.byline_nodes and meta.byline_nodes[0].get("class") == ["signature"]


def test_garbage_never_raises() -> None:
    meta = meta_of("meta_garbage.html", "https://garbage.example.com/a/b/c")
    assert meta.authors == []
    assert meta.published is None
    assert meta.url is None  # a canonical pointing at the site root is ignored


def test_paywall_and_article_body() -> None:
    meta = meta_of("meta_paywall.html")
    assert meta.truncated is True
    assert meta.jsonld_body == "The full text of the story, longer than the teaser."


def test_hand_built_documents_with_odd_json_ld() -> None:
    soup = BeautifulSoup("<h1>Odd</h1>", "lxml")
    jsonld: list[dict[str, object]] = [
        {"@type": "NewsArticle", "headline": "Odd", "author": {"@id": "#missing"}},
        {"@type": "WebPage", "mainEntity": {"@type": "Article", "datePublished": "2020-01-02"}},
    ]
    meta = extract_metadata(Document("https://x.example/odd", soup, jsonld=jsonld), now=NOW)
    assert meta.headline == "Odd"
    assert meta.authors == []


def test_kicker_label_byline_and_a_list_of_dated_posts() -> None:
    meta = meta_of("meta_label_byline.html")
    # The part of the <h1> marked as the headline, without its topline, even though the
    # heading's container has a layout name ("breadcrumb") that usually means chrome.
    assert meta.headline == "Fähre fährt wieder nach Plan"
    # "Autor:" in one element and the name in the next; the "Datum:" field is no author.
    assert [a.name for a in meta.authors] == ["Paul Brenner"]
    assert meta.provenance["authors"] == "byline"  # the info box holding the date and the label
    # The written date beside the byline beats a list of other posts' dates.
    assert meta.published == date(2021, 11, 3)


def test_a_date_outside_the_article_container_counts_when_nothing_inside_does() -> None:
    meta = meta_of("meta_date_outside.html", "https://reisen.example.at/winterwanderung")
    assert meta.published == datetime(2021, 11, 25, 16, 11)
    assert meta.provenance["published"] == "time"


def test_the_masthead_date_is_not_the_article_date() -> None:
    meta = meta_of("meta_masthead_date.html", "https://theater.example.de/kolumne/dragkings")
    assert meta.published == date(2023, 10, 31)


def test_a_hidden_byline_is_no_byline() -> None:
    # The theme writes the account name into a display:none vcard; readers see no one.
    meta = meta_of("meta_hidden_byline.html", "https://angeln.example.de/pop-ups-und-dips/")
    assert meta.authors == []


def test_the_byline_in_a_posts_own_footer() -> None:
    url = "https://gumpfen.example.com/2020/04/tach-auch.html"
    meta = meta_of("meta_post_footer.html", url)
    assert [a.name for a in meta.authors] == ["der Michel"]
    assert meta.provenance["authors"] == "byline"


def _meta_html(html: str, url: str = "https://news.example.com/story") -> Metadata:
    return extract_metadata(load_document(html.encode(), url), now=NOW)


def test_ruby_reading_aids_are_not_part_of_the_headline() -> None:
    meta = meta_of("meta_headlines.html", "https://news.example.jp/easy/k100.html")
    assert meta.headline == "子どもへの体罰を禁止する法律ができる"


def test_a_structured_headline_cut_short_loses_to_the_visible_one() -> None:
    jsonld = '{"@type": "NewsArticle", "headline": "Ultium Cells raises its plant capacity"}'
    page = (
        f'<html><head><script type="application/ld+json">{jsonld}</script></head><body>'
        "<article><h1>{h1}</h1><p>Text of the story, long enough to be one.</p></article>"
        "</body></html>"
    )
    cut = _meta_html(page.replace("{h1}", "Ultium Cells raises its plant capacity in Tennessee"))
    assert cut.headline == "Ultium Cells raises its plant capacity in Tennessee"
    # A new part after it (a subtitle, a dateline) is not the headline.
    subtitle = _meta_html(page.replace("{h1}", "Ultium Cells raises its plant capacity Why now"))
    assert subtitle.headline == "Ultium Cells raises its plant capacity"


def test_a_date_glued_before_the_headline_and_a_small_kicker_are_dropped() -> None:
    dated = _meta_html(
        "<html><body><h1>23.01.2022 - Wierer darf beim Abschluss noch jubeln</h1>"
        "<p>Text.</p></body></html>"
    )
    assert dated.headline == "Wierer darf beim Abschluss noch jubeln"
    kicker = _meta_html(
        '<html><body><h1><span class="h1small">Initiative Energie</span> Kostenloser '
        "Stromcheck für Haushalte</h1><p>Text.</p></body></html>"
    )
    assert kicker.headline == "Kostenloser Stromcheck für Haushalte"


def test_a_generic_meta_date_counts_less_than_the_visible_date() -> None:
    # meta name=date is as often the last change as the publication: the visible date wins.
    meta = _meta_html(
        '<html><head><meta name="dc.date" content="2020-03-03"></head><body>'
        "<p>7 April 2020</p><h1>Health insurance and the labour market</h1>"
        "<p>A study of the effect of coverage on employment.</p></body></html>"
    )
    assert meta.published == date(2020, 4, 7)


def test_last_resort_dates_a_labelled_date_then_the_description() -> None:
    labelled = _meta_html(
        "<html><body><h1>Vom Boden aus gedacht</h1><p>Eine Rezension.</p>"
        '<div class="rez_footer"><p>Letzte Änderung: 31.10.2023 - 14:49:39<br>'
        "Erschienen am: 01.11.2023</p></div></body></html>"
    )
    assert labelled.published == date(2023, 11, 1)
    described = _meta_html(
        '<html><head><meta name="description" content="Un anno da record '
        '(Notizia del 14 Gennaio 2020)"></head><body><h1>Orso marsicano</h1>'
        "<p>Il 2019 è stato un anno da record.</p></body></html>"
    )
    assert described.published == date(2020, 1, 14)


def test_a_byline_naming_the_sites_domain_gives_way_to_the_next() -> None:
    meta = _meta_html(
        "<html><body><article><h1>2G, 3G: Was gilt beim Friseurbesuch</h1>"
        '<div class="byline">handwerksblatt.de</div>'
        "<p>Friseure müssen die Nachweise prüfen.</p><p>Es gelten strenge Regeln.</p>"
        '<span itemprop="author">Kirsten Freund</span></article></body></html>',
        "https://www.handwerksblatt.de/themen/friseurbesuch",
    )
    assert [a.name for a in meta.authors] == ["Kirsten Freund"]


def test_a_joined_class_word_ending_in_a_date_word_marks_a_dateline() -> None:
    meta = _meta_html(
        "<html><body><h1>Faire Lieferketten</h1>"
        '<div class="news-single-timedata">05.02.2020 - Redaktion</div>'
        "<p>Die Kampagne startet im Frühjahr.</p></body></html>"
    )
    assert meta.published == date(2020, 2, 5)
    assert meta.provenance["published"] == "byline"


def test_a_utc_instant_is_dated_in_the_zone_of_the_pages_other_timestamps() -> None:
    jsonld = '{"@type": "NewsArticle", "datePublished": "2022-05-04T00:25:56Z"}'
    meta = _meta_html(
        f'<html><head><script type="application/ld+json">{jsonld}</script></head><body>'
        "<article><h1>Jugada del oficialismo en Diputados</h1>"
        '<time datetime="2022-05-03T21:25:00-03:00">3 de mayo de 2022</time>'
        "<p>La oposición busca avanzar con la boleta única.</p></article></body></html>"
    )
    assert meta.published == datetime(2022, 5, 3, 21, 25, 56, tzinfo=timezone(timedelta(hours=-3)))


def test_a_structured_author_counts_as_shown_only_as_whole_words() -> None:
    page = (
        '<html><head><meta name="author" content="Jan"></head><body>'
        '<div class="site-title">jan-example.de</div><h1>Dateien zwischen Linux und C64</h1>'
        "<p>Am 3. Januar 2020 kam das Kabel an.</p>{byline}</body></html>"
    )
    assert _meta_html(page.replace("{byline}", "")).authors == []
    shown = _meta_html(page.replace("{byline}", "<p>Geschrieben von Jan</p>"))
    assert [a.name for a in shown.authors] == ["Jan"]


def test_the_sites_newsroom_is_no_author() -> None:
    jsonld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "N-Land Redaktion"}}'
    page = (
        f'<html><head><meta property="og:site_name" content="N-Land">'
        f'<script type="application/ld+json">{jsonld}</script></head><body><article>'
        "<h1>Unfall in Simmelsdorf</h1>"
        '<div class="author">N-Land N-Land Redaktion</div>'
        "<p>Ein 74-Jähriger ist nach einem Unfall gestorben.</p></article></body></html>"
    )
    assert _meta_html(page, "https://n-land.example.de/top-story/unfall").authors == []


def test_a_web_archive_copy_is_read_with_the_original_sites_name() -> None:
    meta = _meta_html(
        "<html><head><title>Time 4 talks » Blog Archiv » Weitere Digitalisierung der Kinos"
        "</title></head><body><h1>Time 4 talks</h1><div class='post'>"
        "<p>Die Schweizer Kinos stellen auf digitale Projektion um.</p></div></body></html>",
        "https://web.archive.org/web/20140226054445/http://www.time4talks.com/2013/08/07/kinos/",
    )
    assert meta.headline == "Weitere Digitalisierung der Kinos"
    assert meta.published == date(2013, 8, 7)


def test_meta_listing_more_of_the_bylines_authors_than_json_ld_wins() -> None:
    jsonld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Ann Lee"}}'
    meta = _meta_html(
        f'<html><head><meta name="author" content="Ann Lee, Bo Chen">'
        f'<script type="application/ld+json">{jsonld}</script></head><body><article>'
        '<h1>Why I am tired of the question</h1><div class="byline">Ann Lee, Bo Chen</div>'
        "<p>Every December the same question comes.</p></article></body></html>"
    )
    assert [a.name for a in meta.authors] == ["Ann Lee", "Bo Chen"]
    assert meta.provenance["authors"] == "meta"


def test_the_sites_offset_read_from_the_clock_time_it_shows_for_a_utc_instant() -> None:
    meta = _meta_html(
        "<html><body><article><h1>Immer mehr Modemarken werden pelzfrei</h1>"
        '<time datetime="2022-02-01T23:10:00Z"></time>'
        '<div class="date">Publiziert am 02.02.2022, 00:10</div>'
        "<p>So erkennen Sie Echtpelz im Laden.</p></article></body></html>"
    )
    assert meta.published == datetime(2022, 2, 2, 0, 10, tzinfo=timezone(timedelta(hours=1)))


def test_structured_headlines_differing_only_before_a_colon_share_the_headline() -> None:
    meta = _meta_html(
        '<html><head><meta property="og:title" content="Industriell revolutioniert?: Anno 1800">'
        "<title>Vorschauen: Anno 1800</title></head><body><p>Ein Blick auf die Beta.</p>"
        "</body></html>"
    )
    assert meta.headline == "Anno 1800"
    assert meta.provenance["headline"] == "meta"


def test_a_list_of_dates_outside_the_article_dates_nothing() -> None:
    comments = "".join(
        f'<li><time datetime="2020-09-2{d}T10:00:00+02:00">2{d}.09.2020</time> Lecker!</li>'
        for d in (2, 3, 6)
    )
    meta = _meta_html(
        "<html><body><div class='content'><h1>Tomaten richtig schneiden</h1>"
        "<p>Mit einem Sägemesser geht es am besten.</p></div>"
        f"<div class='comments'><ul>{comments}</ul></div></body></html>"
    )
    assert meta.published is None


def test_with_nothing_else_the_first_date_the_page_shows_and_never_a_future_one() -> None:
    page = (
        "<html><body><ul class='menu'><li>{first} <a href='/n/765'>Die Nacht der Geburt</a>"
        "</li></ul><h3>Die Nacht der Geburt</h3><p>Ein Grußwort.</p></body></html>"
    )
    assert _meta_html(page.replace("{first}", "16.10.2021")).published == date(2021, 10, 16)
    assert _meta_html(page.replace("{first}", "16.10.2031")).published is None


def test_a_cms_submitted_line_and_a_text_byline_whose_date_is_a_link() -> None:
    meta = meta_of("meta_cms_bylines.html")
    assert [a.name for a in meta.authors] == ["jdoe"]
    assert meta.provenance["authors"] == "byline"
    assert meta.published == datetime(2017, 7, 24, 18, 55)
    meta = meta_of("meta_text_byline_split_date.html")
    assert [a.name for a in meta.authors] == ["R. R."]
    assert meta.provenance["authors"] == "text"


def test_a_structured_author_shown_only_in_the_sites_footer_is_its_owner_not_a_byline() -> None:
    page = (FIXTURES / "pages" / "meta_site_owner.html").read_text()
    url = "https://www.stadtteile.example.de/westviertel.htm"
    assert _meta_html(page.replace("{byline}", ""), url).authors == []
    # Named in the article too: the byline.
    signed = _meta_html(page.replace("{byline}", "<p>Paula Sommer</p>"), url)
    assert [a.name for a in signed.authors] == ["Paula Sommer"]
    # A site named after her is her own: she wrote its pages.
    own = _meta_html(page.replace("{byline}", ""), "https://paula-sommer.example/westviertel")
    assert [a.name for a in own.authors] == ["Paula Sommer"]


def test_a_site_named_after_its_owner_keeps_the_owner_the_page_never_shows() -> None:
    page = (
        '<html><head><meta name="author" content="Günter Pilger"></head><body>'
        "<h1>Mail-Aktion an den Bundestag</h1><p>Schreiben Sie Ihrem Abgeordneten.</p>"
        "</body></html>"
    )
    own = _meta_html(page, "https://www.guenter-pilger.example/mailaktion.htm")
    assert [a.name for a in own.authors] == ["Günter Pilger"]
    assert _meta_html(page, "https://www.mailaktion.example/bundestag.htm").authors == []
    # The site's own name is not a person's.
    brand = page.replace("Günter Pilger", "Automobilwoche")
    assert _meta_html(brand, "https://www.automobilwoche.example/vw").authors == []


def test_a_structured_author_ending_the_pages_text_counts_as_shown() -> None:
    page = (
        '<html><head><meta name="author" content="Ann Lee"></head><body>'
        "<h1>Harbour works begin</h1><p>The works take a year.</p><p>Ann Lee</p></body></html>"
    )
    assert [a.name for a in _meta_html(page).authors] == ["Ann Lee"]


def test_a_utc_instant_alone_is_dated_in_the_zone_of_the_sites_country_domain() -> None:
    jsonld = '{"@type": "NewsArticle", "datePublished": "2022-05-04T00:25:56Z"}'
    page = (
        f'<html><head><script type="application/ld+json">{jsonld}</script></head><body>'
        "<article><h1>Jugada del oficialismo en Diputados</h1>"
        "<p>La oposición busca avanzar con la boleta única.</p></article></body></html>"
    )
    local = _meta_html(page, "https://www.diario.example.ar/politica/jugada").published
    assert isinstance(local, datetime)
    assert local.date() == date(2022, 5, 3)
    assert local.utcoffset() == timedelta(hours=-3)
    assert local == datetime(2022, 5, 4, 0, 25, 56, tzinfo=UTC)
    # Summer time where the country keeps it: 22:30Z on 30 June is 00:30 in Berlin.
    summer = page.replace("2022-05-04T00:25:56Z", "2022-06-30T22:30:00Z")
    berlin = _meta_html(summer, "https://www.zeitung.example.de/politik/x").published
    assert isinstance(berlin, datetime)
    assert berlin.date() == date(2022, 7, 1)
    # A domain that names no single zone keeps the instant as written.
    kept = _meta_html(page, "https://www.diario.example.com/politica/jugada").published
    assert kept == datetime(2022, 5, 4, 0, 25, 56, tzinfo=UTC)
    assert isinstance(kept, datetime) and kept.date() == date(2022, 5, 4)


def test_a_page_given_without_its_address_uses_the_one_it_names() -> None:
    from archiver.parse import parse

    html = (
        "<html><head><title>Storm closes the harbour | Harbour Times</title>"
        "<link rel='canonical' href='https://harbour.example/2024/03/05/storm-closes-harbour'>"
        "</head><body><article><h1>Storm closes the harbour</h1>"
        "<p>The harbour closed on Tuesday as the storm came in, and the ferries stayed in port. "
        "See the <a href='/weather'>forecast</a> for the rest of the week, officials said.</p>"
        "</article></body></html>"
    )
    article = parse(html)
    assert article.url == "https://harbour.example/2024/03/05/storm-closes-harbour"
    assert article.published == date(2024, 3, 5)
    assert "[forecast](https://harbour.example/weather)" in article.body


def test_a_person_quoted_or_pictured_is_no_author() -> None:
    meta = meta_of("meta_quoted_person.html", None)
    assert meta.headline == "Tram line opens in the old town"
    assert meta.authors == []


_STORY = "<p>The council met on Tuesday and voted for the new bridge over the river.</p>"


def _vocab_page(head: str, body: str = "") -> Metadata:
    html = (
        f"<html><head><title>Front page</title>{head}</head>"
        f"<body><div>Jane Doe</div>{body or _STORY}</body></html>"
    )
    return extract_metadata(load_document(html, None), now=NOW)


@pytest.mark.parametrize(
    "head",
    [
        '<meta name="DC.title" content="Council votes for the bridge">'
        '<meta name="DC.creator" content="Jane Doe"><meta name="DC.date" content="2011-05-03">',
        '<meta name="dcterms.title" content="Council votes for the bridge">'
        '<meta name="dcterms.creator" content="Jane Doe">'
        '<meta name="dcterms.issued" content="2011-05-03">',
        '<meta name="parsely-title" content="Council votes for the bridge">'
        '<meta name="parsely-author" content="Jane Doe">'
        '<meta name="parsely-pub-date" content="2011-05-03T10:00:00Z">',
        '<meta name="parsely-page" content=\'{"title": "Council votes for the bridge",'
        ' "author": "Jane Doe", "pub_date": "2011-05-03T10:00:00Z", "section": "Local"}\'>',
        '<meta name="sailthru.title" content="Council votes for the bridge">'
        '<meta name="sailthru.author" content="Jane Doe">'
        '<meta name="sailthru.date" content="Tue, 03 May 2011 10:00:00 -0400">',
    ],
    ids=["dc", "dcterms", "parsely", "parsely-page-json", "sailthru"],
)
def test_metadata_vocabularies_in_meta_tags(head: str) -> None:
    meta = _vocab_page(head)
    assert meta.headline == "Council votes for the bridge"
    assert [a.name for a in meta.authors] == ["Jane Doe"]
    assert meta.published is not None and meta.published.isoformat()[:10] == "2011-05-03"


def test_microdata_author_and_date_in_place() -> None:
    meta = _vocab_page(
        "",
        '<div itemscope itemtype="http://schema.org/NewsArticle">'
        '<h2 itemprop="headline">Council votes for the bridge</h2>'
        '<span itemprop="author" itemscope itemtype="http://schema.org/Person">'
        '<span itemprop="name">Jane Doe</span></span> '
        '<time itemprop="datePublished" datetime="2011-05-03">3 May</time>' + _STORY + "</div>",
    )
    assert [a.name for a in meta.authors] == ["Jane Doe"]
    assert meta.published == date(2011, 5, 3)
    # The element marked itemprop=headline says the headline as structured data does: a
    # <title> saying something else ("Front page") gives way to it.
    assert meta.headline == "Council votes for the bridge"


def test_teasers_each_marked_itemprop_headline_say_no_headline() -> None:
    # A list of teasers marks a headline in each item: none of them is the page's.
    teasers = "".join(
        f'<li itemscope itemtype="http://schema.org/BlogPosting"><a href="/p{n}">'
        f'<span itemprop="headline">Other story {n}</span></a></li>'
        for n in range(3)
    )
    meta = _vocab_page("", f"<ul>{teasers}</ul><h1>Council votes for the bridge</h1>{_STORY}")
    assert meta.headline == "Council votes for the bridge"
    meta = _vocab_page("", f"<ul>{teasers}</ul>{_STORY}")
    assert meta.headline == "Front page"


def test_a_rel_author_link_names_the_author() -> None:
    meta = _vocab_page(
        "",
        '<div><h2>Council votes</h2><p>Posted <a rel="author" href="/people/jd">Jane Doe</a>'
        " on 2011-05-03</p>" + _STORY + "</div>",
    )
    assert [a.name for a in meta.authors] == ["Jane Doe"]


def test_the_pages_own_clock_is_no_publication_date() -> None:
    # "Rendered ..." right under the headline is the time the page was built, a minute before
    # it was fetched; the story's date is the one labelled as posted.
    meta = meta_of("meta_rendered_clock.html", "https://coast.example.org/cranes")
    assert meta.published == date(2024, 3, 3)


def test_a_page_whose_only_dates_are_clocks_has_no_publication_date() -> None:
    meta = meta_of("meta_clock_only.html", "https://bread.example.net/sourdough")
    assert meta.published is None
