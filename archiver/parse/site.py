"""Site facts: the site's name, canonical URL, language, description, image, tags and whether
the article is paywalled.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from archiver.parse import site_rules as rules
from archiver.parse.candidates import (
    Collector,
    absolute_url,
    first_meta,
    jsonld_strings,
    jsonld_types,
)
from archiver.parse.names import normalise


def _truthy_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def _jsonld_paywalled(obj: dict[str, Any]) -> bool:
    if _truthy_false(obj.get("isAccessibleForFree")):
        return True
    parts = obj.get("hasPart")
    for part in parts if isinstance(parts, list) else [parts]:
        if isinstance(part, dict) and _truthy_false(part.get("isAccessibleForFree")):
            return True
    return False


def site_name(c: Collector) -> tuple[str, str] | None:
    meta = c.found.meta
    hit = first_meta(meta, ("og:site_name",))
    if hit:
        c.add("site_name", hit[0], "meta", hit[1])
    if c.jsonld is not None:
        names = jsonld_strings(c.jsonld.get("publisher"), c.ids)
        if names:
            c.add("site_name", names[0], "json-ld", "publisher.name")
    for obj in c.doc.jsonld:
        if isinstance(obj, dict) and "website" in jsonld_types(obj):
            names = jsonld_strings(obj.get("name"), c.ids)
            if names:
                c.add("site_name", names[0], "json-ld", "WebSite.name")
    hit = first_meta(meta, ("application-name", "apple-mobile-web-app-title"))
    if hit:
        c.add("site_name", hit[0], "meta", hit[1])
    cands = c.of("site_name")
    return (cands[0].value, cands[0].source) if cands else None


def canonical(c: Collector) -> tuple[str, str] | None:
    doc = c.doc
    options: list[tuple[str, str, str]] = []
    for href in c.found.canonical[:1]:
        options.append((href, "meta", "link rel=canonical"))
    hit = first_meta(c.found.meta, rules.META_URL)
    if hit:
        options.append((hit[0], "meta", hit[1]))
    if c.jsonld is not None:
        for prop in ("url", "mainEntityOfPage"):
            for s in jsonld_strings(c.jsonld.get(prop), c.ids, key="@id")[:1]:
                options.append((s, "json-ld", prop))
    page_path = urlsplit(doc.url).path if doc.url else ""
    for href, source, detail in options:
        absolute = absolute_url(href, doc)
        if absolute is None:
            continue
        path = urlsplit(absolute).path
        # A canonical pointing at the site's home page from a deeper page is a template bug.
        if path in ("", "/") and page_path not in ("", "/"):
            c.notes.append(f"url: ignored {detail} pointing at the site root")
            continue
        c.add("url", absolute, source, detail)
    cands = c.of("url")
    return (cands[0].value, cands[0].source) if cands else None


def language(c: Collector) -> tuple[str, str] | None:
    if c.found.lang:
        c.add("language", c.found.lang, "meta", "<html lang>")
    hit = first_meta(c.found.meta, rules.META_LOCALE)
    if hit:
        c.add("language", hit[0], "meta", hit[1])
    if c.jsonld is not None:
        for s in jsonld_strings(c.jsonld.get("inLanguage"), c.ids)[:1]:
            c.add("language", s, "json-ld", "inLanguage")
    for cand in c.of("language"):
        value = str(cand.value).strip().replace("_", "-").split(",")[0].strip()
        if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
            return value, cand.source
    return None


def description(c: Collector) -> tuple[str, str] | None:
    hit = first_meta(c.found.meta, rules.META_DESCRIPTION)
    if hit:
        c.add("description", normalise(hit[0]), "meta", hit[1])
    if c.jsonld is not None:
        for s in jsonld_strings(c.jsonld.get("description"), c.ids)[:1]:
            c.add("description", normalise(s), "json-ld", "description")
    cands = [x for x in c.of("description") if x.value]
    return (cands[0].value, cands[0].source) if cands else None


def image(c: Collector) -> tuple[str, str] | None:
    hit = first_meta(c.found.meta, rules.META_IMAGE)
    if hit:
        c.add("image", hit[0], "meta", hit[1])
    if c.jsonld is not None:
        for s in jsonld_strings(c.jsonld.get("image"), c.ids, key="url")[:1]:
            c.add("image", s, "json-ld", "image")
    for cand in c.of("image"):
        absolute = absolute_url(cand.value, c.doc)
        if absolute:
            return absolute, cand.source
    return None


def tags(c: Collector) -> tuple[list[str], str]:
    tags = [normalise(t) for t in c.found.meta.get("article:tag", [])]
    if tags:
        c.add("tags", tags, "meta", "article:tag")
    if c.jsonld is not None:
        raw = c.jsonld.get("keywords")
        values = raw if isinstance(raw, list) else [raw]
        words: list[str] = []
        for v in values[:100]:
            if isinstance(v, str):
                words.extend(normalise(x) for x in v.split(","))
        words = [w for w in words if w]
        if words:
            c.add("tags", words, "json-ld", "keywords")
    news = c.found.meta.get("news_keywords")
    if news:
        words = [normalise(x) for x in news[0].split(",") if x.strip()]
        c.add("tags", words, "meta", "news_keywords")
    for cand in c.of("tags"):
        unique: list[str] = []
        for t in cand.value:
            if t and t.casefold() not in (u.casefold() for u in unique):
                unique.append(t)
        return unique[:50], cand.source
    return [], ""


def truncated(c: Collector) -> bool:
    if c.jsonld is not None and _jsonld_paywalled(c.jsonld):
        c.add("truncated", True, "json-ld", "isAccessibleForFree")
        return True
    tier = first_meta(c.found.meta, rules.META_PAYWALL)
    if tier and tier[0].strip().lower() in rules.PAYWALL_TIERS:
        c.add("truncated", True, "meta", tier[1])
        return True
    return False


__all__ = ["canonical", "description", "image", "language", "site_name", "tags", "truncated"]
