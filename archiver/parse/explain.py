"""`archiver parse --explain`: each metadata field's candidates (value, source) and the choice."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from archiver.models import Author
from archiver.parse.document import load_document
from archiver.parse.metadata import Metadata, collect

FIELDS = (
    "headline",
    "authors",
    "published",
    "modified",
    "url",
    "site_name",
    "language",
    "description",
    "image",
    "tags",
    "truncated",
)
_MAX_VALUE = 120


def _show(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "(none)"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, list):
        if value and all(isinstance(v, Author) for v in value):
            return "; ".join(a.name + (f" <{a.url}>" if a.url else "") for a in value)
        return ", ".join(map(str, value))
    text = " ".join(str(value).split())
    if text.startswith(("http://", "https://")):
        return text
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


def _report(meta: Metadata, candidates: list[Any], notes: list[str]) -> str:
    lines: list[str] = []
    for name in FIELDS:
        chosen = getattr(meta, name)
        source = meta.provenance.get(name, "")
        lines.append(f"{name}: {_show(chosen)}" + (f"  [{source}]" if source else ""))
        for cand in candidates:
            if cand.field != name:
                continue
            where = cand.source + (f" {cand.detail}" if cand.detail else "")
            lines.append(f"    - {_show(cand.value)}  ({where})")
    if meta.headline_node is not None:
        lines.append(f"headline element: <{meta.headline_node.name}>")
    for node in meta.byline_nodes:
        classes = " ".join(node.get("class") or [])
        attrs = f' class="{classes}"' if classes else ""
        lines.append(f"byline element: <{node.name}{attrs}>")
    lines.extend(f"note: {n}" for n in notes)
    return "\n".join(lines)


def explain(html: bytes | str, url: str | None = None) -> str:
    """A human-readable report of every field's candidates and which one was chosen."""
    doc = load_document(html, url)
    meta, collector = collect(doc)
    return _report(meta, collector.candidates, collector.notes)


__all__ = ["explain"]
