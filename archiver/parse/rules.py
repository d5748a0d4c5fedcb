"""Data only: the tag sets, class/id words and attribute names the body extractor tries.

Class and id values are split into lowercase words (`article__share-bar` -> article, share,
bar; `relatedLinks` -> related, links) and compared word by word, so `shareholder` is no share.
"""

from __future__ import annotations

from archiver.parse.author_rules import INCLUSIVE_LABELS

# Never content: dropped with everything inside them.
DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "canvas",
        "iframe",
        "object",
        "embed",
        "video",
        "audio",
        "map",
        "button",
        "input",
        "select",
        "option",
        "textarea",
        "dialog",
        "head",
        "title",
        "meta",
        "link",
        "base",
        "frame",
        "frameset",
        # Ruby annotations (furigana, pinyin): a reading aid printed above the text; kept,
        # they would interleave the reading with the words.
        "rt",
        "rp",
    }
)

# Form controls: what a reader fills in or presses (a sign-up field, a submit button). They
# are dropped from the text; the block around one, when short, is a widget, not the story.
CONTROL_TAGS = frozenset({"form", "button", "input", "select", "textarea"})

# Page furniture by its tag: set aside unless it holds most of the page's prose (broken
# markup can nest the whole story inside a sidebar, and ASP.NET pages sit in one <form>).
FURNITURE_TAGS = frozenset({"nav", "aside", "form", "menu"})

# Page chrome: dropped when outside the chosen content node, and inside it unless they hold
# most of its text (some sites wrap the whole story in <header> or <footer>).
CHROME_TAGS = frozenset({"header", "footer"})

# Blocks of prose: each holds a paragraph of its own.
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "address",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hgroup",
        "hr",
        "center",
        "details",
        "summary",
        "body",
        "html",
        "picture",
        "fieldset",
        "legend",
    }
)

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# Words of class/id values that mark page furniture rather than the story.
BOILERPLATE_WORDS = frozenset(
    {
        "share",
        "shares",
        "sharing",
        "sharebar",
        "sharetools",
        "social",
        "socials",
        "related",
        "recommended",
        "recommendations",
        "recirculation",
        "recirc",
        "outbrain",
        "taboola",
        "newsletter",
        "newsletters",
        "subscribe",
        "subscription",
        "signup",
        "cookie",
        "cookies",
        "consent",
        "gdpr",
        "comment",
        "comments",
        "disqus",
        "respond",
        "tags",
        "taglist",
        "tagcloud",
        "keywords",
        "sidebar",
        "side",
        "secondary",
        "widget",
        "widgets",
        "promo",
        "promos",
        "advert",
        "adverts",
        "advertisement",
        "advertising",
        "ad",
        "ads",
        "adslot",
        "adunit",
        "dfp",
        "sponsor",
        "sponsored",
        "breadcrumb",
        "breadcrumbs",
        "navbar",
        "nav",
        "navigation",
        "menu",
        "masthead",
        "footer",
        "copyright",
        "popup",
        "modal",
        "overlay",
        "donate",
        "donation",
        "contribute",
        "paywall",
        "login",
        "pagination",
        "pager",
        "skip",
        "toolbar",
        "tools",
        "bio",
        "authorbox",
        "readmore",
        "trending",
        "popular",
        "mostread",
        "noprint",
        "rating",
        "reactions",
        "follow",
        # "dateline" is left out on purpose: a dateline opens the story's first sentence.
        "byline",
        "meta",
        "categories",
        "category",
        "topics",
        "nocontent",
        "lightbox",
        "carousel",
        "slider",
        "offscreen",
        "offcanvas",
        "dialog",
        # Stands in for an embed until the reader consents: its text is the consent request.
        "placeholder",
        # Shown on hover beside a word: cards about a person or a term, not the sentence.
        "tooltip",
        "popover",
        "hovercard",
        "rollover",
        # The same roles in the languages of the sites that name their classes in them.
        "kommentar",
        "kommentare",
        "commentaire",
        "commentaires",
        "comentario",
        "comentarios",
        "commento",
        "commenti",
        "reacties",
        "komentarze",
        "teilen",
        "partage",
        "compartir",
        "condividi",
        "werbung",
        "publicidad",
        "publicite",
        "pubblicita",
        "publicidade",
        "relacionadas",
        "relacionados",
        "correlati",
    }
)

# Furniture words that page builders also put on every block of a page ("elementor-widget"):
# they mark furniture only when the blocks bearing them do not hold most of the page's prose.
LAYOUT_WORDS = frozenset({"widget", "widgets"})

# ARIA roles of page furniture: the page's own statement that a block is not the story.
FURNITURE_ROLES = frozenset(
    {"dialog", "alertdialog", "navigation", "banner", "contentinfo", "complementary", "search"}
)

# schema.org properties of the story's people and publisher: their boxes (an author's bio, a
# publisher's logo) are about the story, not of it.
FURNITURE_ITEMPROPS = frozenset({"author", "publisher", "creator"})

# Pairs of consecutive words that mark furniture where either word alone would not.
BOILERPLATE_PAIRS = frozenset(
    {
        ("most", "read"),
        ("most", "popular"),
        ("read", "more"),
        ("see", "also"),
        ("author", "bio"),
        ("author", "box"),
        ("about", "author"),
        ("screen", "reader"),
        ("sr", "only"),
        ("visually", "hidden"),
        ("further", "reading"),
        ("you", "may"),
        ("also", "like"),
        ("off", "canvas"),
    }
)

# First words of class names that state a condition, not a role (`has-comments`, `no-ads`).
STATE_PREFIXES = frozenset(
    {"has", "with", "without", "no", "is", "show", "enable", "enabled", "disable", "js", "can"}
)

# First words of class names that label a post with its own category or tag when they sit on
# the story's element with a content name ("post category-news tag-storm"): not furniture there.
TAXONOMY_PREFIXES = frozenset({"category", "tag", "categories", "tags", "topic", "topics"})

# Words that mark the story itself; a class naming both (`article-body comments-on`) is kept.
CONTENT_WORDS = frozenset(
    {
        "article",
        "articlebody",
        "body",
        "content",
        "entry",
        "post",
        "story",
        "storybody",
        "text",
        "main",
        "blog",
        "prose",
        "richtext",
        "rte",
        "copy",
        "paragraph",
    }
)

# Containers that are the article's body by a publisher's own convention (itemprop, class).
BODY_ITEMPROPS = frozenset({"articlebody", "text", "reviewbody", "description"})
BODY_CLASS_PAIRS = frozenset(
    {
        ("article", "body"),
        ("article", "content"),
        ("article", "text"),
        ("story", "body"),
        ("story", "content"),
        ("story", "text"),
        ("post", "body"),
        ("post", "content"),
        ("post", "text"),
        ("entry", "content"),
        ("entry", "body"),
        ("news", "text"),
        ("news", "body"),
        ("body", "text"),
        ("main", "content"),
        ("rich", "text"),
        ("text", "content"),
    }
)
BODY_CLASS_WORDS = frozenset(
    {"articlebody", "storybody", "entrycontent", "postcontent", "articletext", "richtext"}
)

# Figure captions: kept where the story's container holds them, never taken from outside it.
CAPTION_TAGS = frozenset({"figure", "figcaption", "caption"})
CAPTION_WORDS = frozenset({"caption", "captions", "credit", "credits", "figure", "figcaption"})
# A block named with one of these is a caption or credit itself (not the figure around it):
# kept in the Markdown, left out of the running text.
CAPTION_BLOCK_WORDS = frozenset(
    {
        "caption",
        "captions",
        "figcaption",
        "credit",
        "credits",
        "legend",
        "legende",
        "bildunterschrift",
        "didascalia",
    }
)

# A short line opening with one of these and a colon names the writer ("Autor: Jo Park").
BYLINE_LINE_LABELS = (
    *INCLUSIVE_LABELS,
    "autor",
    "autorin",
    "autoren",
    "author",
    "authors",
    "auteur",
    "autore",
    "redaktion",
    "verfasser",
    "text",
    "texte",
    "texto",
    "testo",
    "von",
    "by",
    "por",
    "par",
)
BYLINE_LINE_MAX = 60
# Words that open a byline set as a line of its own ("By Jo Park", "Von Jo Park").
BYLINE_LEADS = ("by", "von", "par", "por", "door", "av", "af", "przez")
# Lines over the story that repeat its headline are looked for in the body's first blocks;
# a line over it this long is the story's (the headline quoted), and under it at most this
# many byline or date lines go, each a date with at most a few words ("Posted: Tuesday").
MASTHEAD_BLOCKS = 3
MASTHEAD_LINE_MAX = 120
MASTHEAD_LINES = 3
DATE_LINE_WORDS = 4
# A closing note on the writer ("Jo Park is our science editor") is no longer than this.
AUTHOR_NOTE_MAX = 400

# The story's last paragraphs when they ask the reader to do something else: follow the
# site, subscribe, get the app. A call names an action and a channel, or is a "click here".
CALL_ACTIONS = (
    "follow",
    "subscribe",
    "sign up",
    "signup",
    "register",
    "download",
    "get the",
    "join us",
    "síguenos",
    "siguenos",
    "suscríbete",
    "suscribete",
    "regístrate",
    "descarga",
    "únete",
    "folgen sie",
    "folge uns",
    "folgt uns",
    "abonnieren",
    "abonniere",
    "registrieren",
    "melden sie sich",
    "melde dich",
    "meldet euch",
    "laden sie",
    "lade dir",
    "suivez-nous",
    "suivez",
    "abonnez-vous",
    "inscrivez-vous",
    "téléchargez",
    "siga-nos",
    "siga o",
    "assine",
    "inscreva-se",
    "baixe",
    "seguici",
    "iscriviti",
    "abbonati",
    "scarica",
)
# Words that may come before the action: "Now subscribe", "Jetzt abonnieren".
CALL_LEADS = ("now", "also", "jetzt", "einfach", "auch", "ahora", "maintenant")
CALL_CHANNELS = (
    "newsletter",
    "newsletters",
    "app",
    "apps",
    "inbox",
    "twitter",
    "facebook",
    "instagram",
    "telegram",
    "whatsapp",
    "youtube",
    "tiktok",
    "linkedin",
    "podcast",
    "push",
    "notifications",
    "boletín",
    "postfach",
    "posteingang",
    "aplicativo",
    "aplicación",
)
CALL_CLICKS = (
    "click here",
    "clicking here",
    "tap here",
    "sign up here",
    "subscribe here",
    "hier klicken",
    "hier anmelden",
    "cliquez ici",
    "haga clic",
    "pulse aquí",
    "clique aqui",
    "clicca qui",
)
CALL_MAX = 300

# A closing section under one of these labels (a block of its own) holds the press office's
# contacts or links, not the story: dropped with what follows when that is short.
CLOSING_LABELS = (
    "kontakt",
    "pressekontakt",
    "ansprechpartner",
    "ansprechpartnerin",
    "weitere informationen",
    "mehr informationen",
    "contact",
    "contacts",
    "press contact",
    "media contact",
    "more information",
    "further information",
    "contacto",
    "contacto de prensa",
    "más información",
    "contatto",
    "contatti",
    "plus d'informations",
    "contact presse",
)
# The label an advertisement's slot shows, in the languages of the sites read most: a block
# saying only this is the slot's, not the story's (its picture or script is gone already).
AD_LABELS = (
    "advertisement",
    "advertising",
    "anzeige",
    "werbung",
    "publicidad",
    "publicité",
    "publicite",
    "pubblicità",
    "publicidade",
    "reklama",
    "reclame",
    "annonce",
)
# The lines a page's player, ad slot or gallery sets into the story, lowercased, whole: the
# story going on past an advert ("Story continues below advertisement"), a player's label
# ("Listen to this article"); with the reading time alone ("4 min read") and a gallery's
# counter ("Image 1 of 12"), they are the page's, not the story's.
CHROME_LINES = (
    "story continues below advertisement",
    "story continues below",
    "article continues below advertisement",
    "article continues below",
    "content continues below",
    "continue reading below",
    "continue reading the main story",
    "scroll to continue with content",
    "scroll to continue reading",
    "advertisement - scroll to continue",
    "weiterlesen nach der anzeige",
    "artikel wird nach der anzeige fortgesetzt",
    "lesen sie nach der anzeige weiter",
    "la suite après cette publicité",
    "la suite après la publicité",
    "listen to this article",
    "listen to this story",
    "artikel anhören",
    "artikel vorlesen",
    "écouter cet article",
)
CHROME_COUNTER_WORDS = ("image", "photo", "picture", "slide", "bild", "foto")
# The label before a reading time set as a line of its own ("Lesezeit: 3 Minuten").
READING_TIME_LABELS = ("reading time", "read time", "lesezeit", "temps de lecture", "lectura")
# The services a share bar's links name, and the controls of the toolbar it stands in,
# lowercased: a block of such links and nothing else but a label ("Share this:") is the bar,
# wherever it stands in the story.
SHARE_TARGETS = frozenset(
    {"facebook", "twitter", "x", "email", "e-mail", "mail", "print", "drucken", "imprimer"}
    | {"whatsapp", "linkedin", "pinterest", "reddit", "tumblr", "telegram", "xing", "flipboard"}
    | {"messenger", "google+", "google", "share", "tweet", "pin it", "copy link", "sms"}
    # The story's toolbar beside them: the reader's controls, no words of the story.
    | {"font size", "text size", "a+", "a-", "a", "aa", "save", "bookmark", "comments"}
    | {"gift article", "listen", "schriftgröße", "merken", "kommentare", "imprimir"}
)
SHARE_LABELS = frozenset(
    {"share", "share this", "share this story", "share this article", "share on", "teilen"}
    | {"artikel teilen", "partager", "partager cet article", "compartir", "condividi"}
)
CLOSING_SECTION_MAX = 600
CLOSING_SECTION_BLOCKS = 8

# A paragraph that credits a picture by its words alone: "(Photo: AP)" closing a short
# paragraph, a line opening with "Foto:" or "©", "..., photo: Name" closing one.
CREDIT_PHOTO_WORDS = (
    "photo",
    "photos",
    "photograph",
    "foto",
    "fotos",
    "fotó",
    "bild",
    "bilder",
    "image",
    "images",
    "imagen",
    "imagem",
    "immagine",
    "credit",
    "credits",
    "crédit",
    "crédito",
    "créditos",
    "zdjęcie",
    "fot",
)
# Sources named beside a picture: agencies and picture libraries.
CREDIT_SOURCES = (
    "getty",
    "reuters",
    "ap",
    "afp",
    "dpa",
    "epa",
    "efe",
    "ansa",
    "anp",
    "apa",
    "keystone",
    "shutterstock",
    "istock",
    "unsplash",
    "pexels",
    "pixabay",
    "imago",
    "picture alliance",
    "picture-alliance",
    "adobestock",
    "fotolia",
)
CREDIT_MAX = 300
# Labels that open a short source line ("Quelle: X"); a longer one is a reference and stays.
SOURCE_LINE_WORDS = ("quelle", "source", "fuente", "fonte", "bildquelle")
SOURCE_LINE_MAX = 80

# Words naming a picture, beside a caption word in a heading's class ("figure__caption").
PICTURE_WORDS = frozenset(
    {"figure", "fig", "image", "img", "photo", "picture", "media", "bild", "foto", "gallery"}
)

# A block named with one of these, between the headline and the story, is its lead.
LEAD_WORDS = frozenset(
    {
        "intro",
        "lead",
        "lede",
        "teaser",
        "standfirst",
        "deck",
        "dek",
        "abstract",
        "summary",
        "excerpt",
        "subtitle",
        "subheadline",
        "subhead",
        "kicker",
        "vorspann",
        "anriss",
        "chapeau",
        "entradilla",
        "bajada",
        "sottotitolo",
    }
)

# Separators of clauses in many scripts: a paragraph of prose has them, a menu does not.
CLAUSE_MARKS = ",，、،;；"

# The words of a story's page links ("Page 1 of 3", "Next", "Seite 2", "Suivant"), lowercased.
PAGER_WORDS = (
    "page",
    "pages",
    "of",
    "next",
    "previous",
    "prev",
    "first",
    "last",
    "more",
    "seite",
    "von",
    "weiter",
    "zurück",
    "nächste",
    "vorherige",
    "suivant",
    "suivante",
    "précédent",
    "précédente",
    "sur",
    "página",
    "siguiente",
    "anterior",
    "de",
    "pagina",
    "successiva",
    "precedente",
    "di",
)
