"""The reading site: a static site of the archive (index, pages by site and by month, one page
per article with its pictures) and full-text search in the browser (Pagefind)."""

from archiver.site.build import MANIFEST, Built, build_site

__all__ = ["MANIFEST", "Built", "build_site"]
