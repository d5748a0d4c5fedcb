"""The stored document: YAML front matter + Markdown body, written and read back.

Owns the archive's keys (schema 2, and schema 1 as archiver 0.1 wrote it) and how an Article
maps to and from them; `store` places the files. The README lists every key and why.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from archiver.errors import FormatError, StoreError
from archiver.models import Article, Asset, Author, Capture, When

SCHEMA = 2
_FENCE = "---\n"

# schema 1: front matter key -> Article field; the rest under `archiver:`
_KEYS_1 = {
    "title": "headline",
    "authors": "authors",
    "date": "published",
    "modified": "modified",
    "url": "url",
    "site_name": "site_name",
    "language": "language",
    "description": "description",
    "image": "image",
    "tags": "tags",
    "capture": "capture",
    "assets": "assets",
}
_FIELDS_1 = {field: key for key, field in _KEYS_1.items()}
_ARCHIVER_KEYS = {"version", "schema", "provenance", "truncated"}


# -- schema 2 -----------------------------------------------------------------------------
class _Meta(BaseModel):
    """The `archiver:` block: what wrote the file, and facts about the extraction."""

    model_config = ConfigDict(extra="forbid")

    version: str
    schema_: int = Field(alias="schema")
    provenance: dict[str, str] = Field(default_factory=dict)
    truncated: bool = False


class _CaptureKeys(Capture):
    """`capture:` as stored: `rendered` is a top-level key of its own, not in here."""

    rendered: Literal["http", "browser", "warc"] = Field(default="http", exclude=True)


class FrontMatter(BaseModel):
    """Schema 2, key by key. Display keys are flat strings or lists of strings (what Hugo,
    Jekyll, Obsidian and pandoc show); the keys not meant for display may be mappings.
    Keys it does not know stay in `model_extra`, to be written back as they were."""

    model_config = ConfigDict(extra="allow")

    title: str  # always written, if only as an empty string
    authors: list[str] = Field(default_factory=list)
    date: When = None
    modified: When = None
    source: str | None = None
    site_name: str | None = None
    language: str | None = None
    description: str | None = None
    image: str | None = None
    tags: list[str] = Field(default_factory=list)
    # name -> URL; a name that appears more than once in `authors` maps to a list with one
    # URL (or null) per appearance, so that the authors load back exactly
    author_urls: dict[str, str | list[str | None]] = Field(default_factory=dict)
    rendered: Literal["http", "browser", "warc"] | None = None
    capture: _CaptureKeys | None = None
    assets: list[Asset] = Field(default_factory=list)
    render_with_liquid: bool = False
    archiver: _Meta


_KNOWN = set(FrontMatter.model_fields)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _author_urls(authors: list[Author]) -> dict[str, str | list[str | None]]:
    urls: dict[str, str | list[str | None]] = {}
    names = [a.name for a in authors]
    for author in authors:
        if names.count(author.name) > 1:
            urls[author.name] = [a.url for a in authors if a.name == author.name]
        elif author.url is not None:
            urls[author.name] = author.url
    return urls


def _front_matter(article: Article) -> dict[str, Any]:
    from archiver import __version__

    data: dict[str, Any] = {"title": article.headline}
    if article.authors:
        data["authors"] = [a.name for a in article.authors]
    for key, value in (
        ("date", _iso(article.published)),
        ("modified", _iso(article.modified)),
        ("source", article.url),
        ("site_name", article.site_name),
        ("language", article.language),
        ("description", article.description),
        ("image", article.image),
    ):
        if value is not None:
            data[key] = value
    if article.tags:
        data["tags"] = list(article.tags)
    if urls := _author_urls(article.authors):
        data["author_urls"] = urls
    if article.capture is not None:
        data["rendered"] = article.capture.rendered
        data["capture"] = article.capture.model_dump(mode="json", exclude={"rendered"})
        data["capture"]["retrieved_at"] = article.capture.retrieved_at.isoformat()
    if article.assets:
        data["assets"] = [a.model_dump(mode="json", exclude_none=True) for a in article.assets]
    data["render_with_liquid"] = False  # a body holding `{{` or `{%` is text, not Liquid
    meta: dict[str, Any] = {"version": __version__, "schema": SCHEMA}
    if article.provenance:
        meta["provenance"] = dict(article.provenance)
    if article.truncated:
        meta["truncated"] = True
    data["archiver"] = meta
    for key, value in article.extra_front_matter.items():
        data.setdefault(key, value)
    return data


# -- YAML -----------------------------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    """safe_dump, except that some strings are quoted that PyYAML would leave plain.

    PyYAML writes U+0085 (NEL) raw inside single quotes and reads it back as a space; in
    double quotes it is escaped (`\\N`) and round-trips. And PyYAML resolves by YAML 1.1,
    so it leaves plain what YAML 1.2 loaders (Hugo, Obsidian, ruamel.yaml) read as a number
    (`1e3`, `0o17`, `0b1`) or a boolean or null in another spelling: those are quoted too.
    """


# Deliberately wider than YAML 1.2's core schema (any scalar that opens like a number, and
# every spelling of null/bool in 1.1 or 1.2): quoting a string too many is harmless.
_AMBIGUOUS = re.compile(
    r"[-+]?\.?[0-9][0-9a-zA-Z_.:+-]*|[-+]?\.(inf|nan)|(null|true|false|yes|no|on|off|y|n|~)",
    re.IGNORECASE,
)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style: str | None = None
    if any(c in data for c in "\x85\u2028\u2029"):
        style = '"'
    elif _AMBIGUOUS.fullmatch(data):
        style = "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)

# libyaml's safe loader when PyYAML was built with it: same rules, ~8x faster (reindex, verify)
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _CDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """_Dumper's rules on libyaml's emitter (when PyYAML was built with it): several times
    faster, and the same text for what front matter holds. The two emitters part on strings
    they must escape (control characters, characters beyond U+FFFF such as emoji, which
    libyaml escapes where a person would rather read them, NEL and the Unicode line breaks,
    a BOM) and on keys that are empty or long: front matter holding one of those is written by
    _Dumper (see _libyaml_writes_it_alike)."""


_CDumper.add_representer(str, _represent_str)

# What both emitters write as it is, and the longest key both write as a simple key
# (300,000 random mappings, 48,000 of them within these rules, found no difference there).
_LIKE_TEXT = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
_LONGEST_KEY = 64


def _libyaml_writes_it_alike(value: object, *, key: bool = False) -> bool:
    if isinstance(value, str):
        if key and not 0 < len(value) <= _LONGEST_KEY:
            return False
        return _LIKE_TEXT.fullmatch(value) is not None
    if isinstance(value, dict):
        return all(
            _libyaml_writes_it_alike(k, key=True) and _libyaml_writes_it_alike(v)
            for k, v in value.items()
        )
    if isinstance(value, list | tuple):
        return all(_libyaml_writes_it_alike(v) for v in value)
    return True


def _dump_yaml(data: dict[str, Any]) -> str:
    dumper = _CDumper if _libyaml_writes_it_alike(data) else _Dumper
    return yaml.dump(
        data, Dumper=dumper, allow_unicode=True, sort_keys=False, default_flow_style=False
    )


def dump_document(article: Article) -> str:
    """Front matter (schema 2, PyYAML's safe dumper) + Markdown body; loads back into an
    equal Article."""
    return _FENCE + _dump_yaml(_front_matter(article)) + _FENCE + article.body


def split_document(text: str, source: str) -> tuple[str, str]:
    """(front matter YAML, body). safe_dump indents or quotes every line it writes, so the
    first line that is exactly `---` closes the front matter whatever the body holds."""
    text = text.removeprefix("\ufeff")
    newline = "\r\n" if text.startswith("---\r\n") else "\n"
    opening = "---" + newline
    if not text.startswith(opening):
        raise FormatError(f"{source}: no front matter (the file must start with a `---` line)")
    closing = newline + "---" + newline
    end = text.find(closing, len(opening) - 1)
    if end == -1:
        if text.endswith(newline + "---"):
            return text[len(opening) : -3], ""
        raise FormatError(f"{source}: the front matter is not closed by a `---` line")
    return text[len(opening) : end + len(newline)], text[end + len(closing) :]


def _problems(err: ValidationError, rename: dict[str, str] | None = None) -> list[str]:
    """`field: message` for each problem pydantic found, fields named by their file keys."""
    lines = []
    for problem in err.errors():
        loc = [str(part) for part in problem["loc"]]
        if rename is not None and loc and loc[0] in rename:
            loc[0] = rename[loc[0]]
        elif rename is not None and loc and loc[0] in ("provenance", "truncated"):
            loc.insert(0, "archiver")
        lines.append(f"{'.'.join(loc) or '(document)'}: {problem['msg']}")
    return lines


def _invalid(source: str, problems: list[str]) -> FormatError:
    """One line per problem, each naming the file: `<file>: invalid front matter: key: why`."""
    return FormatError("\n".join(f"{source}: invalid front matter: {p}" for p in problems))


def _yaml_problem(err: yaml.YAMLError) -> str:
    """One line: what PyYAML found wrong, at the file's line (after the opening `---`)."""
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    mark = getattr(err, "problem_mark", None)
    if mark is not None:
        problem += f" (line {mark.line + 2}, column {mark.column + 1})"
    return str(problem)


def load_front_matter(text: str, *, source: str = "<string>") -> tuple[dict[str, Any], str]:
    """The front matter as a mapping (its `archiver.schema` checked) and the body."""
    front, body = split_document(text, source)
    try:
        data = yaml.load(front, Loader=_Loader)  # a safe loader: plain data only
    except yaml.YAMLError as err:
        problem = _yaml_problem(err)
        raise FormatError(f"{source}: the front matter is not valid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise FormatError(f"{source}: the front matter is not a mapping of keys to values")
    meta = data.get("archiver")
    if not isinstance(meta, dict):
        raise FormatError(f"{source}: no `archiver:` block in the front matter")
    schema = meta.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise FormatError(f"{source}: `archiver.schema` is missing or not a number")
    if schema > SCHEMA:
        raise FormatError(
            f"{source}: written with document schema {schema} (by archiver "
            f"{meta.get('version', '?')}); this archiver reads schema {SCHEMA}: upgrade it"
        )
    return data, body


def schema_of(text: str, *, source: str = "<string>") -> int:
    """The document schema a stored file was written with."""
    data, _ = load_front_matter(text, source=source)
    return int(data["archiver"]["schema"])


def _article_1(data: dict[str, Any], body: str, source: str) -> Article:
    """Schema 1 (archiver 0.1): `url`, authors as {name, url} mappings, no unknown keys."""
    meta = data["archiver"]
    unknown = sorted(str(k) for k in data if k not in _KEYS_1 and k != "archiver")
    unknown += sorted(f"archiver.{k}" for k in meta if k not in _ARCHIVER_KEYS)
    if unknown:
        raise FormatError(f"{source}: unknown front matter keys: {', '.join(unknown)}")
    fields = {_KEYS_1[k]: v for k, v in data.items() if k != "archiver"}
    for key in ("provenance", "truncated"):
        if key in meta:
            fields[key] = meta[key]
    fields["body"] = body
    try:
        return Article.model_validate(fields)
    except ValidationError as err:
        raise _invalid(source, _problems(err, _FIELDS_1)) from None


def _authors(front: FrontMatter) -> tuple[list[Author], list[str]]:
    """The authors with their links, and a problem for each link naming nobody."""
    seen: dict[str, int] = {}
    authors = []
    for name in front.authors:
        url = front.author_urls.get(name)
        if isinstance(url, list):
            at = seen.get(name, 0)
            url = url[at] if at < len(url) else None
        seen[name] = seen.get(name, 0) + 1
        authors.append(Author(name=name, url=url))
    problems = [
        f"author_urls.{name}: not one of the authors"
        for name in front.author_urls
        if name not in seen
    ]
    return authors, problems


def _article_2(data: dict[str, Any], body: str, source: str) -> Article:
    if any(not isinstance(key, str) for key in data):
        bad = next(key for key in data if not isinstance(key, str))
        raise _invalid(source, [f"{bad!r}: a front matter key must be a string"])
    try:
        front = FrontMatter.model_validate(data)
    except ValidationError as err:
        raise _invalid(source, _problems(err)) from None
    authors, problems = _authors(front)
    if front.capture is not None and "rendered" in front.capture.model_fields_set:
        problems.append("capture.rendered: not here: `rendered` is a top-level key")
    if problems:
        raise _invalid(source, problems)
    capture = None
    if front.capture is not None:
        capture = Capture.model_validate(
            {**front.capture.model_dump(exclude={"rendered"}), "rendered": front.rendered or "http"}
        )
    return Article(
        headline=front.title,
        authors=authors,
        published=front.date,
        modified=front.modified,
        body=body,
        url=front.source,
        site_name=front.site_name,
        language=front.language,
        description=front.description,
        image=front.image,
        tags=front.tags,
        capture=capture,
        assets=front.assets,
        provenance=front.archiver.provenance,
        truncated=front.archiver.truncated,
        extra_front_matter=dict(front.model_extra or {}),
    )


def load_document(text: str, *, source: str = "<string>") -> Article:
    """Parse a stored document (schema 1 or 2); FormatError naming `source` and each invalid
    field when it does not validate."""
    data, body = load_front_matter(text, source=source)
    if data["archiver"]["schema"] == 1:
        return _article_1(data, body, source)
    return _article_2(data, body, source)


def read_text(path: Path) -> str:
    """A stored file's text; StoreError if unreadable, FormatError if not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise StoreError(f"cannot read {path}: {err.strerror or err}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise FormatError(f"{path}: not UTF-8 text (byte {err.start})") from None


def read_article(path: Path) -> Article:
    """Load a stored article file; StoreError if unreadable, FormatError if invalid."""
    return load_document(read_text(path), source=str(path))


__all__ = [
    "SCHEMA",
    "FrontMatter",
    "dump_document",
    "load_document",
    "load_front_matter",
    "read_article",
    "read_text",
    "schema_of",
    "split_document",
]
