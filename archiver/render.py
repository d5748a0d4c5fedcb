"""Stored Article -> text formats: markdown (the stored file), article (the user's format),
html (a standalone page), json (the model) and text (plain)."""

from __future__ import annotations

from archiver.models import Article


def render(article: Article, fmt: str) -> str:
    raise NotImplementedError
