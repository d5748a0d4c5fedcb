"""Data only: what marks an app shell, a consent notice, and what a render never loads."""

from __future__ import annotations

# `auto`: a page is an app shell when its static body shows under this many characters of
# text, holds one of these root elements and runs a script.
APP_SHELL_MAX_TEXT = 200
APP_ROOT_IDS = ("root", "app", "__next", "__nuxt", "___gatsby", "svelte", "main-app", "app-root")
APP_ROOT_ATTRIBUTES = ("data-reactroot", "data-server-rendered", "ng-version", "data-v-app")
APP_ROOT_TAGS = ("app-root",)

# `auto`: the static body is a fragment when it has under this share of the words of the
# page's declared JSON-LD articleBody.
DECLARED_SHARE = 0.5

# Consent notices, by the elements consent-management platforms and hand-made banners use.
# An element matched here (or a dialog whose text names consent) is taken out of the rendered
# DOM before it is parsed: a reader dismisses it, and its text is not the story.
CONSENT_SELECTORS = (
    "#onetrust-consent-sdk",
    "#onetrust-banner-sdk",
    "#CybotCookiebotDialog",
    "#didomi-host",
    "#usercentrics-root",
    "#sp_message_container",
    "[id^='sp_message_container']",
    ".fc-consent-root",
    ".qc-cmp2-container",
    "#qc-cmp2-container",
    "#cmpbox",
    "#cookie-law-info-bar",
    "#cookiescript_injected",
    ".cc-window",
    ".cookie-banner",
    ".cookie-consent",
    ".cookie-notice",
    "#cookie-banner",
    "#cookie-consent",
    "#cookie-notice",
    "#consent-banner",
    ".consent-banner",
    ".consent-wall",
    "#consent-wall",
    "[data-consent-banner]",
)
# Words that make a dialog or fixed overlay a consent notice (lowercase, any language the
# archive commonly meets).
CONSENT_WORDS = (
    "cookie",
    "consent",
    "gdpr",
    "your privacy",
    "accept all",
    "reject all",
    "einwilligung",
    "datenschutz",
    "consentement",
    "consentimiento",
    "consenso",
)
# `auto`: a static "article" this short that uses this many of the words is a consent notice.
CONSENT_NOTICE_MAX_TEXT = 1500
CONSENT_NOTICE_WORDS = 2
# A consent wall: the notice carries at least this share of the rendered text, and what
# remains once it is taken out is shorter than a story.
CONSENT_WALL_SHARE = 0.5
CONSENT_WALL_REST = 500

# Resource types a text archive does not need: never requested (the DOM is the same without
# them, and they are most of a page's bytes).
SKIPPED_RESOURCES = frozenset({"image", "media", "font", "manifest", "texttrack", "beacon"})

# Bounds on one render beyond the time deadline.
MAX_REQUESTS = 300  # sub-requests one page may make
SETTLE_QUIET = 0.5  # seconds without a request in flight that count as network idle
AFTER_SCROLL = 0.3  # seconds for scroll handlers to start their requests

# Executables searched on PATH when no --browser-path is given, in order.
EXECUTABLES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
