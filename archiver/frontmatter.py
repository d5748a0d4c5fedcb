"""The stored document: YAML front matter + Markdown body, written and read back.

What the archive's keys are and how an Article maps to and from them; `store` places the files.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from archiver.errors import FormatError, StoreError
from archiver.models import Article

SCHEMA = 1

# front matter key -> Article field (the keys Markdown tools read; the rest under `archiver:`)
_KEYS = {
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
_FIELDS = {field: key for key, field in _KEYS.items()}
_ARCHIVER_KEYS = {"version", "schema", "provenance", "truncated"}
_FENCE = "---\n"


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _front_matter(article: Article) -> dict[str, Any]:
    from archiver import __version__

    data: dict[str, Any] = {"title": article.headline}
    if article.authors:
        data["authors"] = [
            {"name": a.name, **({"url": a.url} if a.url is not None else {})}
            for a in article.authors
        ]
    for key, value in (
        ("date", _iso(article.published)),
        ("modified", _iso(article.modified)),
        ("url", article.url),
        ("site_name", article.site_name),
        ("language", article.language),
        ("description", article.description),
        ("image", article.image),
    ):
        if value is not None:
            data[key] = value
    if article.tags:
        data["tags"] = list(article.tags)
    if article.capture is not None:
        data["capture"] = article.capture.model_dump(mode="json")
        data["capture"]["retrieved_at"] = article.capture.retrieved_at.isoformat()
    if article.assets:
        data["assets"] = [a.model_dump(mode="json", exclude_none=True) for a in article.assets]
    meta: dict[str, Any] = {"version": __version__, "schema": SCHEMA}
    if article.provenance:
        meta["provenance"] = dict(article.provenance)
    if article.truncated:
        meta["truncated"] = True
    data["archiver"] = meta
    return data


class _Dumper(yaml.SafeDumper):
    """safe_dump, except that strings holding Unicode line breaks are double-quoted.

    PyYAML writes U+0085 (NEL) raw inside single quotes and reads it back as a space; in
    double quotes it is escaped (`\\N`) and round-trips.
    """


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = '"' if any(c in data for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)

# libyaml's safe loader when PyYAML was built with it: same rules, ~8x faster (reindex, verify)
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def dump_document(article: Article) -> str:
    """Front matter (PyYAML's safe dumper) + Markdown body; loads back into an equal Article."""
    front = yaml.dump(
        _front_matter(article),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
    )
    return _FENCE + front + _FENCE + article.body


def _split(text: str, source: str) -> tuple[str, str]:
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


def _validation_message(err: ValidationError) -> str:
    lines = []
    for problem in err.errors():
        loc = [str(part) for part in problem["loc"]]
        if loc and loc[0] in _FIELDS:
            loc[0] = _FIELDS[loc[0]]
        elif loc and loc[0] in ("provenance", "truncated"):
            loc.insert(0, "archiver")
        lines.append(f"{'.'.join(loc) or '(document)'}: {problem['msg']}")
    return "; ".join(lines)


def _yaml_problem(err: yaml.YAMLError) -> str:
    """One line: what PyYAML found wrong, at the file's line (after the opening `---`)."""
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    mark = getattr(err, "problem_mark", None)
    if mark is not None:
        problem += f" (line {mark.line + 2}, column {mark.column + 1})"
    return str(problem)


def load_document(text: str, *, source: str = "<string>") -> Article:
    """Parse a stored document; FormatError (naming `source`) when it does not validate."""
    front, body = _split(text, source)
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
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise FormatError(f"{source}: `archiver.schema` is missing or not a number")
    if schema > SCHEMA:
        raise FormatError(
            f"{source}: written with document schema {schema} (by archiver "
            f"{meta.get('version', '?')}); this archiver reads schema {SCHEMA}: upgrade it"
        )
    unknown = sorted(str(k) for k in data if k not in _KEYS and k != "archiver")
    unknown += sorted(f"archiver.{k}" for k in meta if k not in _ARCHIVER_KEYS)
    if unknown:
        raise FormatError(f"{source}: unknown front matter keys: {', '.join(unknown)}")
    fields = {_KEYS[k]: v for k, v in data.items() if k != "archiver"}
    for key in ("provenance", "truncated"):
        if key in meta:
            fields[key] = meta[key]
    fields["body"] = body
    try:
        return Article.model_validate(fields)
    except ValidationError as err:
        raise FormatError(f"{source}: invalid front matter: {_validation_message(err)}") from None


def read_article(path: Path) -> Article:
    """Load a stored article file; StoreError if unreadable, FormatError if invalid."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise StoreError(f"cannot read {path}: {err.strerror or err}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise FormatError(f"{path}: not UTF-8 text (byte {err.start})") from None
    return load_document(text, source=str(path))


__all__ = ["SCHEMA", "dump_document", "load_document", "read_article"]
