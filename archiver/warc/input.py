"""WARC and ARC files as `import` input: recognised by content, read record by record with
the offset that names each record, and cut into byte ranges where the file allows it.

A WARC gzipped record by record (as crawlers write them) is a series of gzip members: a range
of it starts at the first member found after its first byte, so workers read ranges with no
index. A WARC gzipped as one stream, a plain WARC and an ARC file are read in order by one
reader; their offsets are in the decompressed stream.
"""

from __future__ import annotations

import contextlib
import glob
import gzip
import hashlib
import io
import os
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal, cast

from archiver.errors import ArchiverError

Kind = Literal["warc.gz", "warc.gz-whole", "warc", "arc"]

CHUNK = 256 * 1024
SNIFF_BYTES = 64 * 1024
MAX_HEADER_BYTES = 64 * 1024  # a WARC record's header block
# A record larger than this is passed over unread: no HTML page under the fetch size cap
# comes near it, and reading it would hold it in memory.
MAX_RECORD_BYTES = 64 * 1024 * 1024
# A range's worker starts reading this far before its first byte, so that the request record
# just before its first response is seen (requests are a few hundred bytes).
LOOK_BEHIND = 64 * 1024
RANGE_BYTES = 256 * 1024
_GLOB_CHARS = frozenset("*?[")


class InputError(ArchiverError):
    """A source given to `import` cannot be read as a URL list or an archive file."""


# -- recognising a file ------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchiveFile:
    """One WARC or ARC file to import: its absolute path, kind and size."""

    path: str
    kind: Kind
    size: int

    @property
    def splittable(self) -> bool:
        """Whether byte ranges of it can be read apart (gzip record by record)."""
        return self.kind == "warc.gz"

    @property
    def stdin(self) -> bool:
        """Whether it is the stream on stdin (named by a digest of its first bytes)."""
        return self.path.startswith(STDIN_PREFIX)


_KNOWN_BINARY = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"BZh", "bzip2-compressed data (decompress it first)"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data (decompress it first)"),
    (b"\xfd7zXZ\x00", "xz-compressed data (decompress it first)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


def sniff(path: Path) -> Kind | None:
    """The archive kind of the file at `path`, or None for text (a list).

    InputError for a file that is binary but no WARC or ARC file, so that it is refused in
    one line rather than read as thousands of invalid list lines.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
            if head.startswith(b"\x1f\x8b"):
                fh.seek(0)
                return _sniff_gzip(fh, path)
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}") from None
    return _plain_kind(head, str(path))


def _plain_kind(head: bytes, name: str) -> Kind | None:
    """The kind of an uncompressed stream by its first bytes; None for text (a list)."""
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"filedesc://"):
        return "arc"
    if _binary(head):
        what = next((label for magic, label in _KNOWN_BINARY if head.startswith(magic)), None)
        raise InputError(
            f"{name} is neither a list of URLs nor a WARC or ARC file"
            f" ({what or 'it holds binary data'})"
        )
    return None


def _binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.05


def _sniff_gzip(fh: BinaryIO, path: Path) -> Kind:
    """WARC or ARC inside gzip; for a WARC, whether its first member holds one record."""
    unzip = zlib.decompressobj(31)
    out = bytearray()
    read = 0
    try:
        while not unzip.eof and read < MAX_RECORD_BYTES:
            chunk = fh.read(CHUNK)
            if not chunk:
                break
            read += len(chunk)
            out += unzip.decompress(chunk, MAX_RECORD_BYTES)
            if _first_record_end(out) is not None and not unzip.eof:
                break  # the first record is whole and the member goes on: one stream
    except zlib.error as err:
        raise InputError(f"{path}: gzip data that cannot be read ({err})") from None
    if out.startswith(b"filedesc://"):
        return "arc"
    if not out.startswith(b"WARC/"):
        raise InputError(f"{path} is gzip-compressed but neither a WARC nor an ARC file")
    end = _first_record_end(out)
    if unzip.eof and (end is None or not bytes(out[end:]).strip()):
        return "warc.gz"
    return "warc.gz-whole"


def _first_record_end(data: bytearray | bytes) -> int | None:
    split = data.find(b"\r\n\r\n")
    if split < 0:
        return None
    length = _content_length(bytes(data[:split]))
    if length is None or split + 4 + length > len(data):
        return None
    return split + 4 + length


def _content_length(head: bytes) -> int | None:
    for line in head.split(b"\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            try:
                return int(value.strip())
            except ValueError:
                return None
    return None


# -- which sources are archives ----------------------------------------------------------------


@dataclass(frozen=True)
class ArchiveInputs:
    """The archive files a command line names, and sources among them that could not be
    read (a missing file in a list, a glob match that is no archive): reported, not fatal."""

    files: tuple[ArchiveFile, ...]
    problems: tuple[tuple[str, str], ...] = ()  # (where, why)
    stdin: BinaryIO | None = None  # the stream of the file whose `stdin` is true


def archive_inputs(sources: Sequence[str], stdin: BinaryIO | None = None) -> ArchiveInputs | None:
    """The WARC/ARC files that `sources` name (files, globs, lists of paths, `-` for a WARC
    or ARC stream on `stdin`), or None when they are URL sources (URL lists, stdin, feed and
    sitemap URLs) for the fetching importer. Telling what stdin holds reads none of it.

    InputError for sources that mix the two, and for a binary file that is no archive.
    """
    files: list[ArchiveFile] = []
    problems: list[tuple[str, str]] = []
    url_sources: list[str] = []
    stream: BinaryIO | None = None
    for source in sources:
        if source == "-" and stdin is not None and stream is None:
            found = stdin_archive(stdin)
            if found is not None:
                file, stream = found
                files.append(file)
                continue
        if source == "-" or "://" in source:
            url_sources.append(source)
            continue
        path = Path(source)
        if path.is_file():
            kind = sniff(path)
            if kind is not None:
                files.append(_archive_file(path, kind))
            elif _is_path_list(path):
                _read_path_list(path, files, problems)
            else:
                url_sources.append(source)
        elif _GLOB_CHARS & set(source):
            matches = sorted(glob.glob(source, recursive=True))
            if not matches:
                raise InputError(f"no file matches {source}")
            for match in matches:
                _add_match(Path(match), source, files, problems)
        else:
            url_sources.append(source)  # the URL importer says "no such file"
    if not files and not problems:
        return None
    if url_sources:
        raise InputError(
            f"{url_sources[0]} is a URL source, given with WARC or ARC files: import URL lists"
            " and archive files in separate commands"
        )
    unique = {f.path: f for f in files}
    return ArchiveInputs(tuple(unique.values()), tuple(problems), stream)


# -- stdin -------------------------------------------------------------------------------------


STDIN_PREFIX = "stdin:"


def stdin_archive(stream: BinaryIO) -> tuple[ArchiveFile, BinaryIO] | None:
    """The WARC or ARC stream on stdin, and a stream to read it from its first byte; None
    (nothing read) when stdin holds text, a URL list.

    It is read in order, as a file gzipped as a whole is, by one reader. Its records are
    named by a digest of its first 64 KiB (a WARC opens with its warcinfo record), so that
    the same stream again resumes and another one is not taken for it.
    """
    head = _peek(stream)
    name = "stdin"
    if head.startswith(b"\x1f\x8b"):
        try:
            inner = zlib.decompressobj(31).decompress(head, 64)
        except zlib.error as err:
            raise InputError(f"{name}: gzip data that cannot be read ({err})") from None
        if len(inner) >= 11 and not inner.startswith((b"WARC/", b"filedesc://")):
            raise InputError(f"{name} is gzip-compressed but neither a WARC nor an ARC file")
        kind: Kind | None = "arc" if inner.startswith(b"filedesc://") else "warc.gz-whole"
    else:
        kind = _plain_kind(head, name)
    if kind is None:
        return None
    first = stream.read(SNIFF_BYTES)
    digest = hashlib.sha256(first).hexdigest()[:16]
    whole = io.BufferedReader(_Chained(first, stream), CHUNK)
    return ArchiveFile(STDIN_PREFIX + digest, kind, 0), cast(BinaryIO, whole)


def _peek(stream: BinaryIO) -> bytes:
    """The first bytes of `stream`, left unread (a buffered pipe, or a seekable stream)."""
    peek = getattr(stream, "peek", None)
    if peek is not None:
        return bytes(peek(SNIFF_BYTES)[:SNIFF_BYTES])
    if stream.seekable():
        here = stream.tell()
        head = stream.read(SNIFF_BYTES)
        stream.seek(here)
        return head
    return b""  # cannot look without taking: read as a URL list


class _Chained(io.RawIOBase):
    """`first`, then the rest of `stream`."""

    def __init__(self, first: bytes, stream: BinaryIO) -> None:
        self._first = memoryview(first)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._first:
            count = min(len(buffer), len(self._first))
            buffer[:count] = self._first[:count]
            self._first = self._first[count:]
            return count
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _archive_file(path: Path, kind: Kind) -> ArchiveFile:
    return ArchiveFile(str(path.resolve()), kind, path.stat().st_size)


def _add_match(
    path: Path, where: str, files: list[ArchiveFile], problems: list[tuple[str, str]]
) -> None:
    if not path.is_file():
        return  # a folder a glob matched
    try:
        kind = sniff(path)
    except InputError as err:
        problems.append((str(path), str(err)))
        return
    if kind is None:
        problems.append((str(path), f"{path} (from {where}) is not a WARC or ARC file"))
    else:
        files.append(_archive_file(path, kind))


def _list_lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8", errors="replace") as stream:
        for number, line in enumerate(stream, 1):
            text = line.strip().lstrip("\ufeff")
            if text and not text.startswith("#"):
                yield number, text


def _is_path_list(path: Path) -> bool:
    """A list whose first entry names an existing file or a glob is a list of archives; a URL
    in a list is always a page to fetch."""
    first = next(_list_lines(path), None)
    if first is None or "://" in first[1]:
        return False
    text = first[1]
    return Path(text).is_file() or bool(_GLOB_CHARS & set(text) and glob.glob(text))


def _read_path_list(path: Path, files: list[ArchiveFile], problems: list[tuple[str, str]]) -> None:
    for number, text in _list_lines(path):
        where = f"{path}:{number}"
        if "://" in text:
            raise InputError(
                f"{where}: a URL in a list of WARC files; URLs are pages to fetch:"
                " give them in a URL list of their own"
            )
        matches = sorted(glob.glob(text, recursive=True)) if _GLOB_CHARS & set(text) else [text]
        if not matches or not Path(matches[0]).exists():
            problems.append((where, f"{where}: no such file: {text}"))
            continue
        for match in matches:
            _add_match(Path(match), where, files, problems)


# -- records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RawRecord:
    """One record as it stands in the file (uncompressed), with the WARC headers read first.

    `key` names it within its file: the offset of its gzip member (or of the record in the
    decompressed stream), with `+N` for the N-th further record of one member. `data` is
    None when the record was passed over (too large); `error` says why it is unreadable.
    """

    key: str
    headers: dict[str, str]  # WARC headers, names lowercased
    data: bytes | None
    error: str | None = None

    @property
    def type(self) -> str:
        return self.headers.get("warc-type", "")

    @property
    def target(self) -> str:
        return self.headers.get("warc-target-uri", "").strip("<>")

    @property
    def offset(self) -> int:
        return int(self.key.partition("+")[0])


class Unreadable(ArchiverError):
    """The stream is broken at `offset`: nothing after it can be framed."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def _parse_head(head: bytes) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in head.decode("utf-8", errors="replace").split("\r\n")[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers.setdefault(name.strip().lower(), value.strip())
    return headers


def frame(stream: BinaryIO, base: int, *, keys: str = "offset") -> Iterator[RawRecord]:
    """The WARC records of an uncompressed stream whose first byte is at offset `base`.

    `keys="offset"` names each record by its offset; `keys="member"` by `base` (`base+N` for
    the N-th further record), as the records of one gzip member. A record cut short is
    yielded with its error, and ends the stream.
    """
    pos = base
    index = 0
    while True:
        line = stream.readline(MAX_HEADER_BYTES)
        while line in (b"\r\n", b"\n"):
            pos += len(line)
            line = stream.readline(MAX_HEADER_BYTES)
        if not line:
            return
        key = str(pos) if keys == "offset" else (str(base) if not index else f"{base}+{index}")
        index += 1
        if not line.startswith(b"WARC/"):
            raise Unreadable(f"no WARC record at offset {pos}", pos)
        head = bytearray(line)
        while not head.endswith(b"\r\n\r\n") and not head.endswith(b"\n\n"):
            line = stream.readline(MAX_HEADER_BYTES)
            if not line or len(head) > MAX_HEADER_BYTES:
                yield RawRecord(key, _parse_head(bytes(head)), None, "the record is truncated")
                return
            head += line
        headers = _parse_head(bytes(head))
        try:
            length = int(headers.get("content-length", ""))
        except ValueError:
            raise Unreadable(f"a record without a valid Content-Length at {pos}", pos) from None
        if length > MAX_RECORD_BYTES:
            skipped = _discard(stream, length)
            error = None if skipped == length else "the record is truncated"
            yield RawRecord(key, headers, None, error)
            if error:
                return
        else:
            block = stream.read(length)
            if len(block) < length:
                yield RawRecord(key, headers, None, "the record is truncated")
                return
            yield RawRecord(key, headers, bytes(head) + block)
        pos += len(head) + length


def _discard(stream: BinaryIO, length: int) -> int:
    left = length
    while left:
        chunk = stream.read(min(CHUNK, left))
        if not chunk:
            break
        left -= len(chunk)
    return length - left


def members(fh: BinaryIO, start: int, end: int | None) -> Iterator[RawRecord]:
    """The records of the gzip members of a record-by-record gzipped WARC that begin in
    [start, end), found from the first member at or after `start`. A broken member is
    yielded as an error and reading resumes at the next member."""
    size = os.fstat(fh.fileno()).st_size
    pos = find_member(fh, start, end)
    while pos is not None and pos < size and (end is None or pos < end):
        fh.seek(pos)
        try:
            data, length = _member(fh)
        except zlib.error as err:
            yield RawRecord(str(pos), {}, None, f"a gzip member that cannot be read ({err})")
            pos = find_member(fh, pos + 1, end)
            continue
        if length is None:  # the file ends inside the member
            yield from _records_of(data, pos, truncated=True)
            return
        yield from _records_of(data, pos, truncated=False)
        pos += length


def _records_of(data: bytes, pos: int, *, truncated: bool) -> Iterator[RawRecord]:
    try:
        yield from frame(io.BytesIO(data), pos, keys="member")
    except Unreadable as err:
        yield RawRecord(str(pos), {}, None, str(err))
        return
    if truncated and not data:
        yield RawRecord(str(pos), {}, None, "the record is truncated")


def _member(fh: BinaryIO) -> tuple[bytes, int | None]:
    """The decompressed content of the member at the file position, and its compressed
    length (None when the file ends first). Output past MAX_RECORD_BYTES is dropped."""
    unzip = zlib.decompressobj(31)
    out = bytearray()
    used = 0
    while not unzip.eof:
        chunk = fh.read(CHUNK)
        if not chunk:
            return bytes(out), None
        data = chunk
        while data and not unzip.eof:
            piece = unzip.decompress(data, CHUNK * 4)  # bounded output: a bomb stays small
            if len(out) <= MAX_RECORD_BYTES + MAX_HEADER_BYTES:
                out += piece
            data = unzip.unconsumed_tail
        used += len(chunk) - len(unzip.unused_data)
    return bytes(out), used


def stream_records(file: ArchiveFile, source: BinaryIO | None = None) -> Iterator[RawRecord]:
    """Every record of a file read in order (any kind), from `source` where it is given
    (stdin); an unreadable stretch is yielded as an error record, after which a stream that
    cannot be re-synchronised ends."""
    with contextlib.ExitStack() as stack:
        fh = source or stack.enter_context(open(file.path, "rb"))
        if file.kind == "arc":
            yield from _arc_records(fh)
            return
        if file.kind == "warc.gz":
            yield from members(fh, 0, None)
            return
        stream = cast(BinaryIO, gzip.GzipFile(fileobj=fh) if file.kind == "warc.gz-whole" else fh)
        try:
            yield from frame(stream, 0)
        except Unreadable as err:
            yield RawRecord(str(err.offset), {}, None, f"{err}; the rest of the file is unread")
        except (OSError, EOFError, zlib.error) as err:
            yield RawRecord("end", {}, None, f"the file cannot be read to its end ({err})")


def _arc_records(fh: BinaryIO) -> Iterator[RawRecord]:
    """ARC records, each converted to a WARC record by warcio (ARC predates request records
    and digests, so the WARC form is the one the capture can keep)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.warcwriter import WARCWriter

    records = ArchiveIterator(fh, arc2warc=True)
    try:
        for record in records:
            if record.rec_type != "response":
                continue
            out = io.BytesIO()
            WARCWriter(out, gzip=False).write_record(record)
            data = out.getvalue()
            split = data.find(b"\r\n\r\n")
            headers = _parse_head(data[:split])
            yield RawRecord(str(records.get_record_offset()), headers, data)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as err:
        yield RawRecord("end", {}, None, f"the ARC file cannot be read to its end ({err})")


def find_member(fh: BinaryIO, start: int, end: int | None) -> int | None:
    """The offset of the first gzip member holding a WARC record at or after `start` (before
    `end`), or None. A candidate is checked by decompressing its first bytes."""
    pos = start
    fh.seek(pos)
    carry = b""
    while end is None or pos < end:
        chunk = fh.read(CHUNK)
        if not chunk:
            return None
        data = carry + chunk
        base = pos - len(carry)
        at = data.find(b"\x1f\x8b\x08")
        while at >= 0:
            if end is not None and base + at >= end:
                return None
            if _starts_warc(fh, base + at):
                return base + at
            at = data.find(b"\x1f\x8b\x08", at + 1)
        carry = data[-2:]
        pos += len(chunk)
        fh.seek(pos)
    return None


def _starts_warc(fh: BinaryIO, pos: int) -> bool:
    here = fh.tell()
    fh.seek(pos)
    head = fh.read(4096)
    fh.seek(here)
    try:
        return zlib.decompressobj(31).decompress(head, 16).startswith(b"WARC/")
    except zlib.error:
        return False


def ranges(file: ArchiveFile, size: int) -> Iterator[tuple[int, int | None]]:
    """Byte ranges of about `size` covering the file (the whole file when not splittable)."""
    if not file.splittable or file.size <= size:
        yield 0, None
        return
    for start in range(0, file.size, size):
        end = start + size
        yield start, (end if end < file.size else None)


def range_size(total: int, workers: int) -> int:
    """The size of a byte range: RANGE_BYTES whatever the file's size, so that the memory a
    task takes (its records in the worker, its results here, `window` of them at once) is
    the same on a file of any length; 64 KiB up to it on small inputs, to give every worker
    some ranges. It is small (256 KiB) so that the inputs whose ranges it cuts smaller are
    small too: with 1 MiB, a 3.5 MB WARC had ranges of 220 KiB and a 35 MB one of 1 MiB, and
    the import's peak memory grew 13% between them."""
    return max(64 * 1024, min(RANGE_BYTES, total // max(1, 8 * workers)))


__all__ = [
    "STDIN_PREFIX",
    "ArchiveFile",
    "ArchiveInputs",
    "InputError",
    "Kind",
    "RawRecord",
    "Unreadable",
    "archive_inputs",
    "find_member",
    "frame",
    "members",
    "range_size",
    "ranges",
    "sniff",
    "stdin_archive",
    "stream_records",
]
