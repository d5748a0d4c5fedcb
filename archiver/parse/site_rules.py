"""Data only for the site facts (site.py): meta keys for description, image, URL, locale and
paywall.
"""

from __future__ import annotations

META_DESCRIPTION = ("og:description", "description", "twitter:description", "dc.description")
META_IMAGE = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "image")
META_URL = ("og:url", "twitter:url")
META_LOCALE = ("og:locale", "content-language", "language", "dc.language")
# The meta key that names the tier of a paywalled article, and the tiers that lock it.
META_PAYWALL = ("article:content_tier",)
PAYWALL_TIERS = ("locked", "metered")
