"""Data only, shared by the metadata fields: schema.org types, the class/id words that mark a
byline, a date or a foreign container (comments, sidebars), and month and weekday names.
Each field's own lists are beside it: headline_rules, author_rules, date_rules, site_rules.
"""

from __future__ import annotations

import re
import unicodedata

# schema.org types of the object that describes the article itself, best first.
ARTICLE_TYPES = (
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "askpublicnewsarticle",
    "article",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "scholarlyarticle",
    "techarticle",
    "report",
    "review",
    "recipe",
    "howto",
    "videoobject",
    "podcastepisode",
    "creativework",
)
# Types that describe the page around the article: read only when no article object exists.
PAGE_TYPES = ("webpage", "itempage", "aboutpage", "profilepage", "collectionpage")
# Class/id words of an element that holds a headline (h2/h3 count as headings with them).
HEADING_WORDS = frozenset({"title", "headline", "heading", "entrytitle", "posttitle"})
# Elements other than h1-h3 that a class or id naming a headline makes candidate headings
# (old layouts style a <td>, <span> or <font> as the story's heading), at most so many.
MARKED_HEADING_TAGS = frozenset({"div", "span", "td", "p", "font", "b", "strong", "a"})
MAX_MARKED_HEADINGS = 40
# ... or a class word ending so ("storyheadline", "newstitle"), but for these.
HEADING_WORD_ENDS = ("headline", "title")
# A class naming a subtitle or a subheading ("sub-title", "subheadline") marks a line under
# or over the headline, not the headline, whatever heading word it holds.
NOT_HEADING_WORDS = frozenset({"subtitle", "subheadline", "subheading", "subhead", "untitled"})
# Class/id words (split like body rules: `entry-meta` -> entry, meta) that mark a byline.
BYLINE_WORDS = frozenset(
    {
        "byline",
        "bylines",
        "author",
        "authors",
        "autor",
        "autoren",
        "auteur",
        "auteurs",
        "autore",
        "autori",
        "writer",
        "writers",
        "reporter",
        "creator",
        "contributor",
        "contributors",
        "verfasser",
        "signature",
        "firma",
        "postedby",
        "writtenby",
        "vcard",
        "submitted",
    }
)
# Class/id words that mark a visible date (with BYLINE_WORDS: a dateline).
DATE_WORDS = frozenset(
    {
        "date",
        "dates",
        "time",
        "timestamp",
        "datetime",
        "published",
        "publish",
        "pubdate",
        "posted",
        "postdate",
        "entrydate",
        "datum",
        "fecha",
        "data",
        "datetimes",
        "meta",
        "postmeta",
        "entrymeta",
        "info",
        "details",
        "updated",
        "created",
        "day",
        "calendar",
    }
)
# Endings of joined class words that mark a date too ("newsdate", "timedata", "artikeldatum").
DATE_WORD_ENDS = ("date", "datum", "fecha", "data")
NOT_DATE_WORDS = frozenset({"update", "candidate", "validate", "mandate", "accommodate"})
# Class words of readers' comments: their dates are never the article's, their bylines
# name commenters.
COMMENT_WORDS = frozenset(
    {"comment", "comments", "commentlist", "reply", "replies", "respond", "discussion"}
    | {"kommentar", "kommentare", "commentaires", "comentarios"}
)
# Containers whose bylines and dates belong to something else than the article.
FOREIGN_WORDS = frozenset(
    {
        "comment",
        "comments",
        "commentlist",
        "reply",
        "replies",
        "respond",
        "discussion",
        "sidebar",
        "related",
        "recommended",
        "footer",
        "nav",
        "navigation",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "share",
        "social",
        "newsletter",
        "promo",
        "popular",
        "trending",
        "ad",
        "ads",
        "advert",
        "advertisement",
        "bio",
        "biography",
        "authorbox",
        "about",
        "profile",
        "kommentar",
        "kommentare",
        "commentaires",
    }
)
# Class values that name a post's taxonomy (WordPress post_class and the like) or a layout
# modifier (with-sidebar, has-comments): they say nothing about the element itself.
TAXONOMY_CLASS = re.compile(
    r"(?<!\S)(?:(?:category|tag|type|status|format|postid|with|has|no|without)-\S+|post-\d+)"
)
FOREIGN_TAGS = frozenset({"nav", "aside", "form"})
# Joined class words of a post's own footer or meta line, which holds its byline and date:
# treated like a <footer> element (the article's when inside its container), not like the
# page's footer, nor, set in an <aside>, like a sidebar (`<aside class="post-meta">`).
OWN_FOOTER_WORDS = frozenset(
    {
        "postfooter",
        "entryfooter",
        "articlefooter",
        "storyfooter",
        "postfoot",
        "entryfoot",
        "postmeta",
        "entrymeta",
        "articlemeta",
        "storymeta",
    }
)
# Class words of a container that holds one article (like <article>): what is inside it
# belongs to the article, whatever a nearer <footer> suggests.
ARTICLE_WORDS = frozenset({"hentry", "hnews", "hreview"})
# Hosts of web archives whose URLs hold the archived page's own URL.
WEB_ARCHIVE_HOSTS = frozenset(
    {"web.archive.org", "wayback.archive.org", "archive.org", "archive.today", "archive.ph"}
)
# Author pages' URL path parts: a link there names a person. ("/people/" is left out: as often a
# section of celebrity news, whose stories a page links to, as a folder of writers.)
AUTHOR_URL_PARTS = (
    "/author/",
    "/authors/",
    "/autor/",
    "/autoren/",
    "/auteur/",
    "/autore/",
    "/autores/",
    "/journalist/",
    "/journalists/",
    "/reporter/",
    "/profile/",
    "/profil/",
    "/staff/",
    "/writers/",
    "/redaktion/",
    "/members/",
)
# Weekday names, which a byline's date may carry ("Jeff Foust Monday, November 18, 2019").
_WEEKDAY_LISTS = (
    "monday tuesday wednesday thursday friday saturday sunday",
    "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag",
    "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "lunes martes miércoles jueves viernes sábado domingo",
    "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
    "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira",
)
WEEKDAYS = tuple(day for days in _WEEKDAY_LISTS for day in days.split())
# Abbreviated weekdays a dateline carries after a comma or a clock ("3:45 PM ET, Tue May 5").
WEEKDAY_ABBREVIATIONS = ("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun")
# Each weekday's number (Monday 0), its name written out or cut short ("Thu", "Do.").
WEEKDAY_NUMBERS: dict[str, int] = {
    day: number
    for days in _WEEKDAY_LISTS
    for number, day in enumerate(d for d in days.split() if d != "sonnabend")
} | {"sonnabend": 5}
WEEKDAY_NUMBERS |= {
    short: number
    for short in WEEKDAY_ABBREVIATIONS
    for number, day in enumerate(_WEEKDAY_LISTS[0].split())
    if day.startswith(short)
} | {short: number for number, short in enumerate(("mo", "di", "mi", "do", "fr", "sa", "so"))}
# Month names (lowercased, also abbreviations) -> month number, many languages.
MONTHS: dict[str, int] = {}
_MONTH_LISTS = (
    # English
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "jan feb mar apr may june july aug sept oct nov dec",
    # German
    "januar februar märz april mai juni juli august september oktober november dezember",
    "jänner feber märz april mai juni juli august september oktober november dezember",
    "jan feb mär apr mai jun jul aug sep okt nov dez",
    "jan feb mrz apr mai jun jul aug sept okt nov dez",
    # French
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "janv févr mars avr mai juin juil août sept oct nov déc",
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
    # Spanish
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "ene feb mar abr may jun jul ago sep oct nov dic",
    "enero febrero marzo abril mayo junio julio agosto setiembre octubre noviembre diciembre",
    # Portuguese
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "jan fev mar abr mai jun jul ago set out nov dez",
    # Italian
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "gen feb mar apr mag giu lug ago set ott nov dic",
    # Dutch
    "januari februari maart april mei juni juli augustus september oktober november december",
    "jan feb mrt apr mei jun jul aug sep okt nov dec",
    # Swedish / Norwegian / Danish
    "januari februari mars april maj juni juli augusti september oktober november december",
    "januar februar mars april mai juni juli august september oktober november desember",
    "januar februar marts april maj juni juli august september oktober november december",
    # Polish (nominative and genitive)
    "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad "
    "grudzień",
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada "
    "grudnia",
    # Czech (genitive)
    "ledna února března dubna května června července srpna září října listopadu prosince",
    # Turkish
    "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
    # Hungarian
    "január február március április május június július augusztus szeptember október november "
    "december",
    # Russian (genitive and nominative)
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
    # Ukrainian (genitive)
    "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
    # Finnish
    "tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta "
    "syyskuuta lokakuuta marraskuuta joulukuuta",
    # Romanian
    "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie noiembrie "
    "decembrie",
    # Indonesian / Malay
    "januari februari maret april mei juni juli agustus september oktober november desember",
    "januari februari mac april mei jun julai ogos september oktober november disember",
    # Catalan
    "gener febrer març abril maig juny juliol agost setembre octubre novembre desembre",
    # Croatian, Serbian and Bosnian (genitive, Latin script)
    "siječnja veljače ožujka travnja svibnja lipnja srpnja kolovoza rujna listopada studenoga "
    "prosinca",
    "januara februara marta aprila maja juna jula avgusta septembra oktobra novembra decembra",
    # Slovak and Slovenian (genitive)
    "januára februára marca apríla mája júna júla augusta septembra októbra novembra decembra",
    "januarja februarja marca aprila maja junija julija avgusta septembra oktobra novembra "
    "decembra",
    # Greek (genitive)
    "ιανουαρίου φεβρουαρίου μαρτίου απριλίου μαΐου ιουνίου ιουλίου αυγούστου σεπτεμβρίου "
    "οκτωβρίου νοεμβρίου δεκεμβρίου",
    # Arabic (the names Egypt and the Gulf write)
    "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    # Hindi
    "जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर",
    "जनवरी फरवरी मार्च अप्रैल मई जून जुलाई अगस्त सितम्बर अक्तूबर नवम्बर दिसम्बर",
    # Bengali
    "জানুয়ারি ফেব্রুয়ারি মার্চ এপ্রিল মে জুন জুলাই আগস্ট সেপ্টেম্বর অক্টোবর নভেম্বর ডিসেম্বর",
    "জানুয়ারী ফেব্রুয়ারী মার্চ এপ্রিল মে জুন জুলাই আগষ্ট সেপ্টেম্বর অক্টোবর নভেম্বর ডিসেম্বর",
)
for _names in _MONTH_LISTS:
    for _number, _name in enumerate(_names.split(), start=1):
        # Both ways Unicode spells a letter with a mark (Bengali য়, a Greek accent).
        for _form in (
            _name,
            unicodedata.normalize("NFC", _name),
            unicodedata.normalize("NFD", _name),
        ):
            MONTHS.setdefault(_form, _number)
del _names, _number, _name, _form
# Fields of Parse.ly's JSON `parsely-page` meta, read as the parsely-* meta keys they became.
PARSELY_PAGE_FIELDS = {
    "title": "parsely-title",
    "author": "parsely-author",
    "authors": "parsely-author",
    "pub_date": "parsely-pub-date",
    "link": "parsely-link",
    "image_url": "parsely-image-url",
    "section": "parsely-section",
}
