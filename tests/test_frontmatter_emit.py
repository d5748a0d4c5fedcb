"""The front matter is written by libyaml's emitter where PyYAML has it: the same text as
PyYAML's own emitter, emoji left as they are."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings

from archiver import frontmatter
from archiver.frontmatter import dump_document, load_document
from archiver.models import Article
from tests.test_store import articles

pytestmark = pytest.mark.skipif(
    not getattr(yaml, "__with_libyaml__", False), reason="PyYAML was built without libyaml"
)


@settings(max_examples=80, deadline=None)
@given(articles)
def test_both_emitters_write_the_same_text(article: Article) -> None:
    data = frontmatter._front_matter(article)
    options = {"allow_unicode": True, "sort_keys": False, "default_flow_style": False}
    python = yaml.dump(data, Dumper=frontmatter._Dumper, **options)
    assert frontmatter._dump_yaml(data) == python
    assert load_document(dump_document(article)) == article


ODD = ["", "x" * 65, "a\tb", "bell\x07", "line\u2028break", "nel\x85", "bom\ufeff", "\U0001f600",
       "q\"u'o: #te", "- dash", "? mark", "wide " * 40]  # fmt: skip


@pytest.mark.parametrize("odd", ODD)
def test_what_libyaml_would_write_otherwise_is_written_by_pyyaml(odd: str) -> None:
    """Strings the two emitters write differently (empty or long keys, escapes, emoji),
    as a key and as a value: the text is PyYAML's own."""
    options = {"allow_unicode": True, "sort_keys": False, "default_flow_style": False}
    data = {"title": odd, "author_urls": {odd: odd}, "tags": [odd]}
    python = yaml.dump(data, Dumper=frontmatter._Dumper, **options)
    assert frontmatter._dump_yaml(data) == python
    assert yaml.safe_load(python) == data


def test_an_emoji_stays_readable_in_the_front_matter() -> None:
    article = Article(
        url="https://news.example/a",
        headline="Launch day \U0001f680 at the port",
        body="Text.",
    )
    text = dump_document(article)
    assert "Launch day \U0001f680 at the port" in text
    assert "\\U0001F680" not in text
    assert load_document(text) == article
