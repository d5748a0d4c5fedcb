"""Data only for the authors (authors.py, names.py): meta keys, byline prefixes and labels,
role words, words that are no name, newsroom and wire-agency names.
"""

from __future__ import annotations

from archiver.parse import metadata_rules as page_rules
from archiver.parse.headline_rules import SITE_HEADING_WORDS

META_AUTHOR = (
    "author",
    "article:author",
    "og:article:author",
    "article:author_name",
    "dc.creator",
    "dc.creator.name",
    "dcterms.creator",
    "dc.contributor",
    "citation_author",
    "parsely-author",
    "sailthru.author",
    "byl",
    "cxenseparse:author",
    "book:author",
    "twitter:data1_author",
)
# Class/id words of the page's chrome (footer, navigation, logo, copyright line): a name shown
# only there is the site's owner or publisher, not the article's byline.
CHROME_WORDS = frozenset(
    {"footer", "copyright", "copyrights", "nav", "navbar", "navigation", "menu", "breadcrumb"}
    | {"breadcrumbs", "treecrumb", "masthead", "topbar", "impressum", "imprint", "colophon"}
    | SITE_HEADING_WORDS
)
CHROME_TAGS = frozenset({"footer", "nav"})
# Marks of a copyright notice, whose name owns the site rather than writes the article.
COPYRIGHT_MARKS = ("©", "(c)", "copyright", "all rights reserved", "alle rechte vorbehalten")
# How host names spell letters that ASCII lacks (the rest lose their accents).
HOST_SPELLINGS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa"}
# A site named after its owner names them in full: "jan.de" says nothing of Jan Berg.
MIN_OWNER_NAME_CHARS = 6
# German names a role for every gender in one word: "Autor/in", "Autor*in", "Autor:in",
# "Autor_in" and their plurals ("Autor*innen"), a byline's label as much as "Autor" is.
INCLUSIVE_LABELS = tuple(
    f"{stem}{mark}{ending}"
    for stem in ("autor", "verfasser")
    for ending in ("innen", "in")  # the longer first: an alternation takes the first match
    for mark in ("/-", "/", "*", ":", "_")
)
# Words that introduce a byline, lowercased, longest first when they overlap.
BYLINE_PREFIXES = (
    "written by",
    "analysis by",
    "opinion by",
    "commentary by",
    "posted by",
    "submitted by",
    "contributed by",
    "guest post by",
    "article by",
    "column by",
    "review by",
    "gespeichert von",
    "eingereicht von",
    "soumis par",
    "enviado por",
    "inviato da",
    "ingezonden door",
    "published by",
    "story by",
    "words by",
    "text by",
    "report by",
    "reported by",
    "photos by",
    "photo by",
    "geschrieben von",
    "verfasst von",
    "veröffentlicht von",
    "ein beitrag von",
    "ein text von",
    "text von",
    "beitrag von",
    "artikel von",
    "gepostet von",
    "eingestellt von",
    "geplaatst door",
    "postado por",
    "posté par",
    "opublikowane przez",
    "publicat de",
    "lähettänyt",
    "erstellt von",
    "about the author:",
    *(f"{label}:" for label in INCLUSIVE_LABELS),
    *INCLUSIVE_LABELS,
    "autor:",
    "autorin:",
    "redaktion:",
    "verfasser:",
    "verfasserin:",
    "autoren:",
    "autoren",
    "author:",
    "authors:",
    "contributors:",
    "contributor:",
    "auteur :",
    "auteur:",
    "autore:",
    "autor",
    "autorin",
    "author",
    "authors",
    "publié par",
    "écrit par",
    "rédigé par",
    "escrito por",
    "publicado por",
    "redactado por",
    "scritto da",
    "pubblicato da",
    "geschreven door",
    "gepubliceerd door",
    "skrevet af",
    "skrevet av",
    "skriven av",
    "napisał",
    "napisała",
    "автор:",
    "автор",
    "text:",
    "words:",
    "texte :",
    "texte:",
    "text",
    "von",
    "vom",
    "by",
    "par",
    "por",
    "door",
    "av",
    "af",
    "przez",
    "от",
)
# Prefixes that also start names (De Niro, Da Silva, Di Maio): stripped only in lower case.
BYLINE_PREFIXES_LOWER = ("di", "da", "de", "dal", "del")
# Labels in a byline block ("Autor: X Quelle: Y Datum: Z"): whose value is an author...
AUTHOR_LABELS = (
    *INCLUSIVE_LABELS,
    "autor",
    "autorin",
    "autoren",
    "author",
    "authors",
    "auteur",
    "autore",
    "text",
    "texte",
    "redaktion",
    "verfasser",
    "reporter",
)
# ... and whose value is not.
OTHER_LABELS = (
    "quelle",
    "quellen",
    "source",
    "sources",
    "fuente",
    "fonte",
    "datum",
    "date",
    "fecha",
    "data",
    "foto",
    "fotos",
    "bild",
    "bilder",
    "photo",
    "photos",
    "image",
    "images",
    "credit",
    "credits",
    "kategorie",
    "category",
    "categories",
    "rubrik",
    "tags",
    "schlagworte",
    "last updated",
    "last modified",
    "first published",
    "originally published",
    "zuletzt aktualisiert",
    "published",
    "updated",
    "veröffentlicht",
    "aktualisiert",
    "publié",
    "mis à jour",
    "publicado",
    "actualizado",
    "lesezeit",
    "reading time",
    "illustration",
    "grafik",
    "video",
)
# Phrases that start someone else's credit after the writer's name (the translator, the
# photographer): the byline ends there.
OTHER_CREDITS = (
    "translated by",
    "translation by",
    "übersetzt von",
    "übersetzung",
    "aus dem englischen von",
    "traduit par",
    "traduction",
    "traducido por",
    "traducción",
    "tradotto da",
    "traduzione",
    "vertaald door",
    "photos by",
    "photo by",
    "fotos von",
    "foto von",
    "bilder von",
    "illustration by",
    "illustrations by",
    "illustration von",
    "illustrationen von",
    "illustration de",
    "illustrations de",
    "graphics by",
    "grafik von",
    "grafiken von",
    "video by",
    "video von",
)
# A word of the dateline that follows a name in the same element ("Ann Lee Updated ...").
DATE_LABEL_WORDS = frozenset(
    {"updated", "published", "posted", "aktualisiert", "veröffentlicht", "publié", "publicado"}
    | {"last updated", "last modified", "first published", "originally published"}
    | {"zuletzt aktualisiert", "erstmals veröffentlicht", "dernière mise à jour"}
    | {"actualizado", "pubblicato", "aggiornato", "bijgewerkt", "gepubliceerd"}
)
# Words that join names in a byline ("A and B").
NAME_JOINERS = (
    "and",
    "und",
    "et",
    "y",
    "e",
    "en",
    "och",
    "og",
    "i",
    "a",
    "és",
    "ve",
    "и",
    "with",
    "mit",
    "avec",
    "con",
    "&",
)
# The same words as a set, for the words of a byline line besides its names ("Ann Lee and
# Bob Roe").
JOINING_WORDS = frozenset(NAME_JOINERS)
# A newsroom's roles: a line of a name and one of these alone is a byline ("Ann Lee, Staff
# Writer"), no byline word needed (lowercased).
WRITER_ROLES = frozenset(
    {
        "staff",
        "staff writer",
        "staff reporter",
        "senior writer",
        "contributing writer",
        "contributing editor",
        "writer",
        "reporter",
        "correspondent",
        "senior correspondent",
        "foreign correspondent",
        "political correspondent",
        "chief correspondent",
        "special correspondent",
        "editor",
        "senior editor",
        "deputy editor",
        "news editor",
        "managing editor",
        "editor-in-chief",
        "editor at large",
        "columnist",
        "contributor",
        "guest author",
        "guest contributor",
        "freelance",
        "freelancer",
        "journalist",
        "redakteur",
        "redakteurin",
        "korrespondent",
        "korrespondentin",
        "autor",
        "autorin",
        "gastautor",
        "gastautorin",
        "chefredakteur",
        "chefredakteurin",
        "volontär",
        "volontärin",
        "journaliste",
        "correspondant",
        "correspondante",
        "envoyé spécial",
        "envoyée spéciale",
        "rédacteur",
        "rédactrice",
        "periodista",
        "corresponsal",
        "redactor",
        "redactora",
        "giornalista",
        "corrispondente",
        "redattore",
        "redactie",
        "verslaggever",
        "reportér",
        "redaktör",
        "dziennikarz",
        "korespondent",
        "корреспондент",
        "журналист",
    }
)
# Roles and titles that follow or precede a name and are not part of it (lowercased).
ROLE_WORDS = WRITER_ROLES | frozenset(
    {
        "photographer",
        "illustrator",
        "host",
        "producer",
        "analyst",
        "expert",
        "experte",
        "expertin",
        # Job titles that company, project and university blogs sign with ("Posted by Ann
        # Lee, Product Manager"): the title's head noun says it ("Software Engineer").
        "manager",
        "engineer",
        "developer",
        "designer",
        "director",
        "officer",
        "president",
        "vice president",
        "scientist",
        "researcher",
        "professor",
        "specialist",
        "strategist",
        "coordinator",
        "consultant",
        "architect",
        "evangelist",
        "founder",
        "co-founder",
        "ceo",
    }
)
# Words that, with the site's name, name its newsroom rather than a person (lowercased), and
# the articles and prepositions around them ("Die Redaktion von X").
DESK_WORDS = frozenset(
    {
        "redaktion",
        "online-redaktion",
        "onlineredaktion",
        "redacción",
        "redaccion",
        "rédaction",
        "redazione",
        "redactie",
        "redação",
        "newsroom",
        "newsdesk",
        "desk",
        "staff",
        "team",
        "editorial",
        "editors",
    }
)
DESK_FILLERS = frozenset({"die", "der", "von", "la", "el", "the", "of", "de", "du", "del"})
# Academic and professional credentials written after a name ("Ann Lee, PhD"), lowercased.
CREDENTIALS = frozenset(
    {"phd", "ph.d.", "ph.d", "md", "m.d.", "ms", "msc", "m.sc.", "mph", "mba", "rdn", "rn"}
    | {"dr.", "prof.", "dipl.", "mag.", "llm", "ll.m."}
)
# Words that introduce a date in a byline ("Anna Berg am 24. Juli", "Ann Lee on May 3"): they go
# with the date, not with the name before it.
DATE_PREPOSITIONS = ("am", "on", "le", "el", "il", "op", "den", "vom", "em", "du", "del", "dnia")
# The words before a clock that follows a name ("by Ann Lee at 8:42 PM", "von Bo Chen um 10:15").
CLOCK_PREPOSITIONS = ("at", "um", "à", "a las", "alle", "om", "kl\\.", "@")
# Whole bylines that name no one.
NON_NAMES = frozenset(
    {
        "admin",
        "red",
        "administrator",
        "administrador",
        "unknown",
        "anonymous",
        "anonym",
        "guest",
        "gast",
        "user",
        "none",
        "null",
        "undefined",
        "author",
        "autor",
        "auteur",
        "autore",
        "by",
        "von",
        "staff",
        "editor",
        "webmaster",
        "zvg",
        "z.v.g.",
        "root",
        "default",
        "facebook",
        "twitter",
        "instagram",
        "linkedin",
        "share",
        "email",
        "e-mail",
        "print",
        "more",
        "read more",
        "home",
        "follow",
        "contact",
        "kontakt",
        "about",
        "about us",
        "impressum",
        "comments",
        "kommentare",
        "comment",
        "0 comments",
        "no comments",
        "leave a comment",
        "keine kommentare",
        "text",
        "texte",
        "photo",
        "photos",
        "foto",
        "fotos",
        "video",
    }
)
# Words that never occur in a name: a byline element holding them is a button or a link.
NON_NAME_WORDS = frozenset(
    {
        "share",
        "facebook",
        "twitter",
        "whatsapp",
        "linkedin",
        "pinterest",
        "telegram",
        "email",
        "e-mail",
        "print",
        "comment",
        "comments",
        "kommentar",
        "kommentare",
        "commentaires",
        "comentarios",
        "subscribe",
        "abonnieren",
        "newsletter",
        "follow",
        "folgen",
        "login",
        "register",
        "posts",
        "articles",
        "artikel",
        "beiträge",
        "archive",
        "archiv",
        "view",
        "profile",
        "profil",
        "website",
        "homepage",
        "copyright",
        "©",
        "rights",
        "reserved",
        "cookies",
        "privacy",
        "datenschutz",
        "menu",
        "search",
        "suche",
        "lesezeit",
        "tweet",
        "discuss",
    }
)
# Links to the pages listing a post's tags and categories (by rel, or by a folder of their
# path: "/tag/storm/", "/search/label/News", "/search.html?q=storm"): a byline line that
# lists them ("Posted in News | Tags: storm, rain") names no writer with them.
TAXONOMY_RELS = frozenset({"tag", "category"})
TAXONOMY_PATH_PARTS = frozenset(
    {"tag", "tags", "category", "categories", "topic", "topics", "label", "labels", "search"}
)
# Organisation bylines that are names in their own right (kept as the whole byline).
WIRE_AGENCIES = frozenset(
    {
        "afp",
        "ap",
        "reuters",
        "dpa",
        "apa",
        "sda",
        "ansa",
        "efe",
        "kna",
        "epd",
        "upi",
        "bloomberg",
        "associated press",
        "agence france-presse",
        "press association",
        "pa",
        "tass",
        "ria novosti",
        "xinhua",
        "kyodo",
        "yonhap",
        "anp",
        "belga",
        "ats",
        "keystone-sda",
        "europa press",
        "agências",
        "agencias",
        "agenturen",
        "agences",
    }
)
# The microdata items whose itemprop=name is an author's (itemprop or itemtype words).
AUTHOR_ITEM_WORDS = ("author", "creator", "person", "organization", "contributor")
TEXT_BYLINE_CHARS = 800
# Before the headline only its own header block: a kicker, a dateline.
TEXT_BYLINE_BEFORE_CHARS = 200
# A text longer than this is prose, not a byline.
MAX_BYLINE_CHARS = 120
# Words between a writer's name and the place filed from ("Jane Doe in Washington").
FILED_FROM = ("in", "aus", "from", "en", "à", "em", "desde", "da", "uit")
# Words between a writer's name and the publication written for ("Jane Doe for The Courier").
WRITTEN_FOR = ("for", "für", "pour", "para", "per", "voor")
# Byline words inside a line, after a kind of text ("Ein Interview von Anna Berg", "Guest
# essay by Ann Lee"): the name follows them.
# ("da", "di", "af" and "av" are left out: they join names, "João da Silva Santos").
INNER_BYLINE_WORDS = ("von", "by", "par", "por", "door")
# A text ending in one of those words is a byline's label when this short ("Ein Interview
# von", "A column by"); a longer one is prose ("... ein Roman von").
MAX_LABEL_WORDS = 4
# Abbreviated weekdays a dateline carries after a comma or a clock ("3:45 PM ET, Tue May 5").
WEEKDAY_ABBREVIATIONS = page_rules.WEEKDAY_ABBREVIATIONS
# Words of a publication's or a service's name ("Harbour Wire News", "Daily Courier"): after a
# writer's name, such a name is where the writer works, not a second writer.
PUBLICATION_WORDS = frozenset(
    {"news", "press", "times", "post", "journal", "daily", "weekly", "magazine", "gazette"}
    | {"tribune", "herald", "media", "radio", "tv", "online", "agency", "wire", "service"}
    | {"services", "zeitung", "nachrichten", "rundschau", "presse", "nouvelles", "noticias"}
)
# Articles that start an organisation's name ("The Courier", "Die Zeit"), never a person's.
ORGANISATION_ARTICLES = (
    "The",
    "Der",
    "Die",
    "Das",
    "Le",
    "La",
    "Les",
    "El",
    "Il",
    "Lo",
    "De",
    "Het",
)
# Cities and regions a byline names as where the story was filed, lowercased: after a writer's
# name they are no second writer. The places news most often files from, on every continent.
PLACES = frozenset(
    {"washington", "new york", "london", "paris", "berlin", "brussels", "brüssel", "bruxelles"}
    | {"moscow", "moskau", "beijing", "peking", "tokyo", "tokio", "seoul", "new delhi", "delhi"}
    | {"mumbai", "jerusalem", "tel aviv", "cairo", "kairo", "istanbul", "ankara", "tehran"}
    | {"dubai", "beirut", "baghdad", "kabul", "kyiv", "kiew", "kiev", "warsaw", "warschau"}
    | {"vienna", "wien", "zurich", "zürich", "geneva", "genf", "bern", "rome", "rom", "roma"}
    | {"milan", "mailand", "madrid", "barcelona", "lisbon", "lissabon", "lisboa", "athens"}
    | {"athen", "stockholm", "oslo", "copenhagen", "kopenhagen", "helsinki", "amsterdam"}
    | {"den haag", "the hague", "hamburg", "munich", "münchen", "frankfurt", "köln", "cologne"}
    | {"stuttgart", "düsseldorf", "leipzig", "dresden", "hannover", "bremen", "nürnberg"}
    | {"prague", "prag", "budapest", "bucharest", "bukarest", "sofia", "belgrade", "belgrad"}
    | {"los angeles", "san francisco", "chicago", "boston", "miami", "houston", "seattle"}
    | {"ottawa", "toronto", "montreal", "mexico city", "ciudad de méxico", "bogotá", "bogota"}
    | {"lima", "santiago", "buenos aires", "são paulo", "sao paulo", "rio de janeiro"}
    | {"brasília", "brasilia", "caracas", "havana", "la habana", "nairobi", "lagos"}
    | {"johannesburg", "cape town", "addis ababa", "sydney", "melbourne", "canberra"}
    | {"auckland", "singapore", "hong kong", "bangkok", "jakarta", "manila", "hanoi", "taipei"}
    | {"shanghai", "islamabad", "karachi", "dhaka", "riyadh", "doha", "gaza", "kiew/kyjiw"}
)
# Classes of text shown to screen readers only (Bootstrap's, WordPress's, the usual others): a
# byline's part in them is no part a reader sees ("von Ann Lee <span class=sr-only>The
# Courier</span>").
SCREEN_READER_CLASSES = frozenset(
    {"sr-only", "screen-reader-text", "screen-reader-only", "visually-hidden", "visuallyhidden"}
    | {"element-invisible", "hidden-visually", "u-visually-hidden", "a11y-hidden", "sr-text"}
)
# The most characters of a box set apart from the article (a post card in the sidebar)
# whose byline and date are the post's own: its date, names, category, tags.
MAX_POST_CARD_CHARS = 400
# Class words of the writer's own box (a bio, "about the author"): set apart from the article
# like a sidebar, but read for the writer when nothing else names one.
WRITER_BOX_WORDS = frozenset({"bio", "biography", "authorbox", "about", "profile"})
# How many visible byline candidates, nearest the headline first, are weighed.
MAX_VISIBLE_BYLINES = 5
# Class words of the element holding a name inside a byline block (hCard's `fn`,
# `author-name`, `byline__name`), and how many of the block's elements are looked at.
NAME_CLASS_WORDS = frozenset({"fn", "name", "authorname", "bylinename"})
MAX_BYLINE_PARTS = 20
# Elements whose <article>s are cards of other stories (a sidebar's, a menu's).
TEASER_HOLDERS = frozenset({"aside", "nav"})
# Elements and class words of a quotation or a caption: a name marked inside them is the
# person quoted or pictured, not the writer.
QUOTE_TAGS = frozenset({"blockquote", "q", "figcaption"})
QUOTE_WORDS = frozenset({"quote", "blockquote", "pullquote", "testimonial", "citation", "caption"})
# Link relations of what a page's users wrote (comments): their author links name a commenter.
USER_LINK_RELS = frozenset({"nofollow", "ugc"})
# How many elements holding nothing but an author link are climbed to find its place in a
# row, and how many links to pages of another kind beside it make the row a menu.
MAX_LINK_WRAPPERS = 3
# Inline elements and list items that wrap a link as one item of a row (a menu's <li>, a
# breadcrumb's <span>); a block (<div>) is the row itself, or a badge around the link.
LINK_WRAPPERS = frozenset({"li", "span", "strong", "b", "em", "i", "small", "cite", "font"})
MIN_LINK_ROW = 2
# An item of such a row is mostly its link's text: a menu's "News (12)" is one, a paragraph
# holding a link is none (the link's text is less than 1/ROW_ITEM_SHARE of it).
ROW_ITEM_SHARE = 2
# The words of a person's page in a link's path after its author folder ("jessica-holly",
# "tom-arnold-2"); a path naming more is a story filed there. Page suffixes are no words.
MAX_SLUG_WORDS = 4
PAGE_SUFFIXES = frozenset({"html", "htm", "php", "aspx", "asp", "jsp", "shtml"})
# How many datelines naming someone a page is searched for (a long comment thread has more).
MAX_DATELINES = 20
# How many labelled fields a page's card gives ("twitter:label1" .. "twitter:data4").
MAX_CARD_FIELDS = 4
# Headings whose text is a title, never a byline, whatever word opens it.
TITLE_HEADINGS = frozenset({"h1", "h2"})
