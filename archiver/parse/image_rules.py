"""Data only for image sources (images.py): the attributes lazy-loading scripts keep a
picture's real address in, and the marks of a placeholder shown until it loads.
"""

from __future__ import annotations

# Attributes that hold the real source of a lazily loaded image, best first.
LAZY_SRC_ATTRS = (
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-lazy",
    "data-url",
    "data-hi-res-src",
    "data-full-src",
    "data-original-src",
)
LAZY_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset")
# The widest srcset candidate taken for a picture, in pixels (a wider one is a print-size
# file the archive does not need).
SRCSET_MAX_WIDTH = 1600
# Size-named variants a script picks from by screen width (`data-src-large`,
# `data-src-mini`): the word that picks the variant kept, largest first.
SIZE_VARIANT_PREFIX = "data-src-"
SIZE_WORDS = ("large", "full", "xlarge", "big", "medium", "small", "xsmall", "mini")
# Where a picture's address stands when no other attribute has it (schema.org microdata:
# `<img itemprop="contentUrl" content="...">`).
MICRODATA_ATTRS = ("content",)
# Placeholder images shown until the real one loads; looked for in the address's path
# only, as a host name can hold them too (`shortpixel.ai` serves real pictures).
PLACEHOLDER_WORDS = ("blank.", "spacer.", "pixel.", "placeholder", "transparent.", "1x1")
# An address this long (but a `data:` one, the picture itself) is none a server answers
# (they refuse a request line of some kilobytes): no picture, no link, and no copies of it
# made on the way (a page's attribute of megabytes).
MAX_ADDRESS_CHARS = 8192
# Sources that show nothing: an empty fragment, a blank page, an address with no host.
EMPTY_SOURCES = ("#", "about:blank", "//:0", "//0")
# A picture this small on a side (in pixels) is a tracking pixel, an icon or the blurred
# stand-in of a lazy picture, not a picture of the story.
SMALL_SIDE = 40
# A `data:` picture under this many bytes is a stand-in, whatever size it claims (a blurred
# preview is a few hundred; a transparent PNG the size of the picture, less).
MIN_DATA_BYTES = 1500
# Endings of a path that names a picture file (its query then only asks for a size).
PICTURE_FILE_ENDINGS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")
