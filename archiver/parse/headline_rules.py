"""Data only for the headline (headline.py): meta keys, <title> separators, kicker and site
heading class words.
"""

from __future__ import annotations

import re

# <meta> keys (property=, name=, itemprop=; lowercased), tried in order.
META_HEADLINE = (
    "og:title",
    "twitter:title",
    "headline",
    "dc.title",
    "dcterms.title",
    "citation_title",
    "parsely-title",
    "sailthru.title",
    "title",
)
# Class/id words of a heading that names the site rather than the article.
SITE_HEADING_WORDS = frozenset(
    {"logo", "brand", "branding", "sitetitle", "sitename", "blogtitle", "blogname", "masthead"}
)
# Class words of a heading's kicker (topic line, rubric) written inside the <h1>.
KICKER_WORDS = frozenset(
    {
        "kicker",
        "dachzeile",
        "overline",
        "topline",
        "toptitle",
        "subline",
        "eyebrow",
        "rubric",
        "roofline",
        "superhead",
        "supertitle",
        "pretitle",
        "surtitre",
        "antetitulo",
        "occhiello",
        "small",
        "h1small",
        "visuallyhidden",
        "invisible",
        "hidden",
        "sronly",
    }
)
# Parts of a <title> that name a section of any site, not the article.
GENERIC_TITLE_PARTS = frozenset(
    {"blog archive", "blog archiv", "archives", "home", "startseite", "accueil", "inicio"}
    | {"news", "blog", "nachrichten", "archive", "archiv"}
)
# Separators between a headline and the site's name in <title>.
TITLE_SEPARATORS = (
    " | ",
    " - ",
    " -- ",
    " – ",
    " — ",
    " :: ",
    " · ",
    " • ",
    " » ",
    " « ",
    " / ",
    ": ",
)
# Marks a template leaves at the ends of <title> when a part is empty ("» Post", "Post |").
STRAY_TITLE_MARKS = " »«|·•:"
# Words of a feed's title around the site's name ("Posts on Site (Atom)", "Site RSS Feed"),
# lowercased; what is left is the site's name.
FEED_WORDS = ("posts on", "rss feed", "atom feed", "rss 2.0", "rss", "atom", "feed")
# What a blog engine writes after a post's title in the title of its comments feed
# ("Site » Post Comments Feed"), lowercased.
COMMENTS_FEED_ENDS = ("comments feed", "kommentar-feed", "feed des commentaires")
# The separator between the site's name and the rest of a feed's title.
FEED_SEPARATOR = " » "
# A <title> is cut into at most this many parts; a part shorter than this (in characters)
# is too short to identify a heading as the headline.
MAX_TITLE_PARTS = 6
MIN_TITLE_PIECE_CHARS = 8
# The first this many h1 (and titled h2/h3) are read for the site's name in the banner; a
# name longer than this many characters is a slogan or a headline.
MAX_BANNER_HEADINGS = 3
MAX_SITE_NAME_CHARS = 60
# A copyright notice names the site's owner, most often by the name the site goes by ("©
# 2008 The Daily Courier. All rights reserved."): a mark, then a year or a span of years (a
# bare "Copyright" needs one: "Copyright law" is a headline's words), then the name, up to
# a full stop, a separator or the reservation of rights.
NOTICE_MARKS = re.compile(r"©|\(c\)|copyright", re.IGNORECASE)
NOTICE_HOLDER = re.compile(
    r"(?:©|\(c\)\s*(?=(?:19|20)\d\d)|copyright\s*(?=©|\(c\)|(?:19|20)\d\d))\s*"
    r"(?:©|\(c\))?\s*(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:(?:19|20)?\d{2}|present))?\s*,?\s*)?"
    r"(?:by\s+)?([^\n|;,©()]{3,60}?)"
    r"(?=\.\s|\.?$|\s*[|;,©()\n]|\s+(?:all rights|alle rechte|tous droits|todos los derechos))",
    re.IGNORECASE,
)
# A company's legal form after its name ("Gannett Co.", "Daily Planet Inc."), not part of
# the name the site goes by.
LEGAL_FORMS = re.compile(
    r"\s+(?:inc|llc|ltd|gmbh|ag|co|corp|plc|s\.?a|kg|e\.\s?v)\.?$", re.IGNORECASE
)
# Articles a site's name may open with ("The Daily Courier" goes by "Daily Courier" too).
NAME_ARTICLES = frozenset({"the", "die", "der", "das", "le", "la", "les", "el", "il", "de"})
# Notices read on a page (its footer's, a wire story's, a picture's credit).
MAX_NOTICES = 6
# A heading sharing at least this much of its words with <title> or another structured
# headline (F1 of the two word sets) says the same thing.
MIN_HEADING_OVERLAP = 0.5
# A line outside any list sharing this much of its words with <title> (F1) says the
# headline in the page's own words, where an item of a list (a breadcrumb's last) repeats
# the title.
MIN_RESTATED = 0.75
# A structured value or a part of <title> holding this share of a heading's words, and no
# word the heading lacks, is the headline and the rest of the heading a kicker or a count.
MIN_SHARE = 0.6
# What being the article's h1 adds to a heading's overlap with the title: a near tie goes to
# the h1, a sidebar heading closer to the title's words still wins over a banner h1.
H1_BONUS = 0.1
# What being a whole part of <title> (cut at its separators) adds: "first frost" in "Photo -
# Garden Notes Blog - first frost" is the post's title however few of the title's words it has.
TITLE_PART_BONUS = 0.3
# A heading shares the title's subject only through a word of at least this many letters.
CONTENT_WORD_CHARS = 4
# ... and at least this share of the heading's own words is in the title ("Fifty years of
# the Riverside Town Band in the parish hall" shares the site's name with the title, no more).
MIN_HEADING_PRECISION = 0.5
# A page element marked as a headline by its class holding more text than this is a
# container (a title bar around the heading and its links), not the heading.
MAX_MARKED_HEADING_CHARS = 300
# Pictures read for a linked logo's alt text naming the site, at most.
MAX_LOGO_IMAGES = 30
# Old layouts set the story's headline in bold or a large font at the top of its cell, or in
# a minor heading, with no h1-h3 for it: these tags (a <font> of at least this size, 3 being
# the normal) and a style naming a bold or large font mark such a line; the first this many
# are read.
EMPHASIS_TAGS = frozenset({"b", "strong", "font", "h4", "h5"})
MIN_FONT_SIZE = 4
EMPHASIS_STYLE = re.compile(
    r"font-weight\s*:\s*(?:bold|[6-9]00)"
    r"|font-size\s*:\s*(?:(?:1[89]|[2-9]\d)px|(?:1[4-9]|[2-9]\d)pt|(?:1\.[2-9]|[2-9])[\d.]*em"
    r"|x+-large|large)",
    re.IGNORECASE,
)
MAX_EMPHASISED = 80
# Texts on a line of their own read as headline candidates where nothing marks one, at most
# this many, each of at least this many characters and at most twice the longest structured
# headline's length and this many more (a short <title> against a fuller headline).
MAX_TEXT_LINES = 400
MIN_TEXT_LINE_CHARS = 8
TEXT_LINE_SLACK = 20
# ... and the story's prose follows its headline within this many lines (byline, date).
MAX_LINES_TO_PROSE = 12
# An emphasised element is its line when what wraps it holds nothing else (<font><b>...)
# and breaks or blocks are on both sides of it, not words of a sentence.
INLINE_WRAPPERS = frozenset({"font", "b", "strong", "span", "i", "em", "u", "center"})
LINE_BREAKS = frozenset(
    {"br", "p", "div", "table", "tr", "td", "hr", "ul", "ol", "li", "h1", "h2", "h3", "h4"}
    | {"h5", "h6", "blockquote", "center", "img", "dl", "form"}
)
# JSON-LD types of an item shown in the page (read when it has no article object): a name of
# theirs sharing less than this (F1 of the word sets) with every other structured headline,
# where two others of different kinds agree, names that item, not the story.
MEDIA_TYPES = frozenset({"videoobject", "podcastepisode"})
MIN_AGREEMENT = 0.4
# Marks opening a part of a heading that continues it ("- Review", "| Winter").
SUFFIX_MARKS = "-–—|:·•/»"
# A heading made of at most this many pieces (elements or text), the first an element of at
# most this many words, is read as a topic or a label before the headline.
MAX_HEADING_PIECES = 3
MAX_LEADING_PIECE_WORDS = 5
# Of several <h1> none of which matches <title>, the story's is over at least this many
# characters of prose (runs of text of at least MIN_PROSE_RUN characters outside links, in
# the first MAX_PROSE_STRINGS strings of the largest block holding no other <h1>).
MIN_STORY_PROSE = 400
MIN_PROSE_RUN = 30
MAX_PROSE_STRINGS = 3000
# A text of the page's own that <title> opens or ends with is its headline when it holds at
# least this share of the title's characters.
MIN_OPENING_SHARE = 0.5
# Marks that close the word before them ("Talent's", "Paris,"): a heading's string opening
# with one, right after a word in another element, joins it without a space.
CLOSING_MARKS = frozenset("'’.,;:!?)]}”»%")
# The ends of domain names a site writes as its name in <title> ("Example.com | Headline").
SITE_DOMAIN_ENDS = (
    "com",
    "net",
    "org",
    "info",
    "biz",
    "edu",
    "gov",
    "io",
    "co",
    "uk",
    "de",
    "fr",
    "es",
    "it",
    "nl",
    "be",
    "ch",
    "at",
    "pl",
    "ru",
    "br",
    "ca",
    "au",
    "in",
    "jp",
    "cn",
    "se",
    "no",
    "dk",
    "fi",
    "pt",
    "ie",
    "nz",
    "za",
    "mx",
    "ar",
    "cz",
    "hu",
    "gr",
    "ro",
    "tr",
    "us",
    "eu",
    "tv",
    "news",
    "online",
    "blog",
)
# How far into the page's text (characters) the line showing the headline is looked for.
SHOWN_HEADLINE_CHARS = 20_000

# Links looked at for the site's name as a link to its home page shows it.
MAX_HOME_LINKS = 400
