"""Data only for the dates (dates.py, datetext.py): meta keys, the weights of the vote, labels
written before a date, the time zones of country-code domains.
"""

from __future__ import annotations

META_PUBLISHED = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "published_time",
    "og:published_time",
    "article.published",
    "article_date_original",
    "publication_date",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "date_published",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "datecreated",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "parsely-pub-date",
    "sailthru.date",
    "cxenseparse:recs:publishtime",
    "originalpublicationdate",
    "rnews:datepublished",
    "dc.date",
    "dcterms.date",
    "date",
    "created",
)
META_MODIFIED = (
    "article:modified_time",
    "og:article:modified_time",
    "article:modified",
    "datemodified",
    "modified_time",
    "og:updated_time",
    "article.updated",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "revised",
)
# Words in a date element's class that say it is the last update rather than publication.
MODIFIED_WORDS = frozenset({"updated", "modified", "update", "lastmod", "aktualisiert"})
# Languages whose numeric dates put the month first (3/4/2024 = March 4).
MONTH_FIRST_LOCALES = ("en-us", "en_us", "en-ph", "fil")
# How much each source's date counts in the vote for the publication date, in order of
# precedence when votes tie (a date in the URL is rarely wrong; JSON-LD and meta often copy
# one CMS field, so they are weighed as the separate witnesses they seldom are).
DATE_SOURCE_WEIGHTS = {
    "url": 1.2,
    "json-ld": 1.0,
    "meta": 1.0,
    "byline": 1.0,
    "time": 0.9,
    "text": 0.6,
}
# A kind of page element showing this many different dates is a list of posts: its votes
# count this much.
LISTING_DISTINCT_DATES = 3
LISTING_WEIGHT = 0.5
# Among candidates for the chosen date, the most precise is kept, then the first of these.
DATE_SOURCE_PREFERENCE = ("json-ld", "meta", "time", "byline", "text", "url")
# Labels a page writes before its publication date, lowercased (read when no element is dated).
PUBLISHED_LABELS = (
    "published on",
    "published",
    "posted on",
    "posted",
    "first published",
    "erschienen am",
    "erschienen",
    "veröffentlicht am",
    "veröffentlicht",
    "publiziert am",
    "publié le",
    "publiée le",
    "publicado el",
    "publicado em",
    "postado em",
    "pubblicato il",
    "gepubliceerd op",
    "publicerad",
    "opublikowano",
)
# Words a page writes before a date that is the story's last update, lowercased ("Updated:
# March 5, 2008 - Posted: March 3, 2008"); an optional "on"/"am"/"le" and a colon may follow.
MODIFIED_LABELS = (
    "updated",
    "modified",
    "revised",
    "edited",
    "aktualisiert",
    "geändert",
    "mis à jour",
    "mise à jour",
    "actualizado",
    "actualizada",
    "atualizado",
    "aggiornato",
    "bijgewerkt",
    "uppdaterad",
    "zaktualizowano",
)
# Words a page writes before the time it was made or fetched ("Rendered 2026-12-02T01:29Z",
# "Page generated at ...", "Retrieved 3 May"): a clock, never the story's publication. An
# optional "at"/"on" and a colon may follow. "Updated" is left out: it is the modified date's
# label and the vote already weighs it (MODIFIED_WORDS).
GENERATION_LABELS = (
    "rendered",
    "generated",
    "built",
    "cached",
    "printed",
    "retrieved",
    "accessed",
    "fetched",
    "crawled",
    "gerendert",
    "generiert",
    "abgerufen",
    "généré",
    "généré le",
    "generado",
    "consultado",
)
# Words a page writes before a date that belongs to someone else's event: when a member joined
# a forum or a person was born ("Registriert: 18.09.2008" in a poster's profile box beside the
# post). Read like the clock's labels above: never the story's publication.
OTHER_EVENT_LABELS = (
    "registered",
    "registered on",
    "joined",
    "member since",
    "registriert",
    "registriert seit",
    "mitglied seit",
    "dabei seit",
    "anmeldedatum",
    "inscrit le",
    "inscrit",
    "membre depuis",
    "registrado",
    "miembro desde",
    "iscritto",
    "lid sinds",
    "born",
    "geboren",
    "geboren am",
    "né le",
    "née le",
)
# Inline elements a page sets a date's label in ("<strong>Joined:</strong> 3 May 2008").
LABEL_TAGS = frozenset({"b", "strong", "span", "em", "i", "label", "dt", "th", "small", "abbr"})
# Meta keys that name no event ("date", "dc.date"): CMSs fill them with the last change or the
# day the page was built as often as with the publication; they count this much in the vote.
META_GENERIC_DATES = frozenset({"date", "dc.date", "dcterms.date", "created"})
GENERIC_META_DATE_WEIGHT = 0.5
# A modified date counts this much towards the published vote (pages often show it as "the"
# date), and no more than that.
DATE_OTHER_FIELD_WEIGHT = 0.3
# The time zone of a country-code domain whose country keeps one: a UTC instant on such a site
# is dated as its readers' clocks showed it (00:25Z on a .ar site is 21:25 the day before).
# Countries spanning several zones (us, ca, br, ru, au, mx, id...) are left out on purpose.
COUNTRY_ZONES = {
    "ar": "America/Argentina/Buenos_Aires",
    "at": "Europe/Vienna",
    "be": "Europe/Brussels",
    "bo": "America/La_Paz",
    "ch": "Europe/Zurich",
    "cl": "America/Santiago",
    "co": "America/Bogota",
    "cz": "Europe/Prague",
    "de": "Europe/Berlin",
    "dk": "Europe/Copenhagen",
    "es": "Europe/Madrid",
    "fi": "Europe/Helsinki",
    "fr": "Europe/Paris",
    "gr": "Europe/Athens",
    "hu": "Europe/Budapest",
    "ie": "Europe/Dublin",
    "in": "Asia/Kolkata",
    "it": "Europe/Rome",
    "jp": "Asia/Tokyo",
    "kr": "Asia/Seoul",
    "nl": "Europe/Amsterdam",
    "no": "Europe/Oslo",
    "pe": "America/Lima",
    "pl": "Europe/Warsaw",
    "pt": "Europe/Lisbon",
    "ro": "Europe/Bucharest",
    "se": "Europe/Stockholm",
    "sk": "Europe/Bratislava",
    "uk": "Europe/London",
    "uy": "America/Montevideo",
    "ve": "America/Caracas",
    "za": "Africa/Johannesburg",
}
# A UTC instant exactly on the hour from this hour on is a date stored as local midnight in a
# zone up to 24 - this hours east of Greenwich: that next day is the date. 22 covers Central
# Europe (UTC+1/+2). Going lower would cover zones further east, but it would also misdate
# afternoon stamps from the Americas (14:00Z is 9 am in New York), and the dev benchmark scores
# the same from 13 to 22, so the wider rule gains nothing there to pay for that risk.
LOCAL_MIDNIGHT_UTC_HOUR = 22
# Elements showing code, its input or its output: a date there is data (a test's value, a log's
# stamp), not the page's date.
CODE_TAGS = frozenset({"pre", "code", "kbd", "samp"})
# Characters of text read after the headline when looking for a written date or byline.
TEXT_DATE_CHARS = 1500
# A date near the headline on a line of at most this many characters (between <br>s or a
# block's ends) is a line of its own (a dateline: "Ophélie Ostermann | Le 19 février 2020"),
# counted as a dated element is; on a longer line it is a date in the story's prose.
DATE_LINE_CHARS = 120
# Characters of the story's prose (strings longer than a date line) after which the search
# for a date line after the headline stops.
STORY_PROSE_CHARS = 400
# Characters of the page's text read when it is searched whole for a first date, as a last
# resort (the element showing the headline is looked for within headline_rules'
# SHOWN_HEADLINE_CHARS).
PAGE_TEXT_CHARS = 20_000
