"""Record files → one article per record: JSON Lines, JSON (an array or one object per line), CSV and Parquet,
each also gzipped, and stdin.

Archives of scraped news arrive as records (news-please, trafilatura ``--json``, Scrapy feeds, corpora derived
from Common Crawl) more often than as folders of ``.txt``. Records are read one at a time, so a file of millions
costs the memory of one; a broken record (invalid JSON, no text field, a number where text belongs, empty or
"Unknown") becomes a record with a status and a reason, never the end of the run.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import sys
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any, Iterator

from .article import Article
from .decode import InputError

FORMATS = ("jsonl", "json", "csv", "parquet")
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".parquet": "parquet"}

# Field names scrapers use, most specific first; the first one present in a record is taken.
CANDIDATES = {
    "text": ("content", "text", "body", "maintext", "article", "raw_content"),
    "html": ("html", "raw_html", "content_html"),
    "title": ("title", "headline"),
    "date": ("date", "date_publish", "published", "published_at", "publish_date", "date_published", "datePublished"),
    "id": ("id", "url", "link", "uri", "source_url"),
}
# What crawlers write where they found nothing.
PLACEHOLDERS = {"", "unknown", "none", "null", "n/a", "nan"}


@dataclass(frozen=True)
class Fields:
    """Which record field holds what; None means: the first of :data:`CANDIDATES` the record has."""

    text: str | None = None
    html: str | None = None
    title: str | None = None
    date: str | None = None
    id: str | None = None


def record_format(name: str) -> str | None:
    """'feed.jsonl.gz' → 'jsonl'; None for a name that is not a record file."""
    name = name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return next((fmt for suffix, fmt in SUFFIXES.items() if name.endswith(suffix)), None)


def open_bytes(path: Path | None) -> IO[bytes]:
    """A file's (or, for None, stdin's) bytes, gunzipped when they are gzipped, whatever the name says."""
    handle = open(path, "rb") if path is not None else sys.stdin.buffer
    if not hasattr(handle, "peek"):
        handle = io.BufferedReader(handle)  # type: ignore[arg-type]
    if handle.peek(2)[:2] == b"\x1f\x8b":
        return io.BufferedReader(gzip.GzipFile(fileobj=handle))  # type: ignore[arg-type]
    return handle


def sniff_format(handle: IO[bytes]) -> str:
    """The format of a stream without a name (stdin): Parquet's magic, '[' for a JSON array, '{' for JSON Lines."""
    head = handle.peek(64)[:64] if hasattr(handle, "peek") else b""
    if head.startswith(b"PAR1"):
        return "parquet"
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first == b"[":
        return "json"
    if first == b"{":
        return "jsonl"
    raise InputError("failed", "cannot tell the format of stdin; give --format jsonl, json, csv or parquet")


# --- reading records -------------------------------------------------------------------------------------

class BadRecord(Exception):
    """One record that cannot be read (invalid JSON, not an object); the file's other records go on."""


# Python's JSON parser recurses once per bracket: a hostile record nested some thousands deep raises
# RecursionError, which must cost that record (or the rest of a streamed array), never the run.
TOO_DEEP = "nested too deeply to read (thousands of brackets inside each other)"


def iter_records(handle: IO[bytes], fmt: str) -> Iterator[dict[str, Any] | BadRecord]:
    """Each record of the stream as a dict, or a :class:`BadRecord` saying why that one is unreadable."""
    if fmt == "jsonl":
        yield from _json_lines(handle)
    elif fmt == "json":
        yield from _json(handle)
    elif fmt == "csv":
        yield from _csv(handle)
    elif fmt == "parquet":
        yield from _parquet(handle)
    else:
        raise ValueError(f"unknown record format '{fmt}' (one of: {', '.join(FORMATS)})")


def _as_record(value: Any) -> dict[str, Any] | BadRecord:
    if isinstance(value, dict):
        return value
    return BadRecord(f"a JSON {type(value).__name__.replace('str', 'string')}, not an object")


def _json_lines(handle: IO[bytes]) -> Iterator[dict[str, Any] | BadRecord]:
    for line in handle:
        text = line.decode("utf-8", errors="replace").strip().lstrip("\ufeff")
        if not text:
            continue
        try:
            yield _as_record(json.loads(text))
        except json.JSONDecodeError as exc:
            yield BadRecord(f"invalid JSON: {exc.msg} at column {exc.colno}")
        except RecursionError:
            yield BadRecord(TOO_DEEP)


def _json(handle: IO[bytes]) -> Iterator[dict[str, Any] | BadRecord]:
    """A JSON array (read element by element, never whole), one object per line, or a single object."""
    reader = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="replace")
    buffer = reader.read(1 << 16)
    start = len(buffer) - len(buffer.lstrip())
    if buffer[start:start + 1] != "[":
        # One object per line (JSON Lines under a .json name), or one (perhaps pretty-printed) object.
        rest = buffer + reader.read()
        lines = [line for line in rest.splitlines() if line.strip()]
        try:
            records = [json.loads(line) for line in lines]
        except (json.JSONDecodeError, RecursionError):
            try:
                records = [json.loads(rest)]
            except json.JSONDecodeError as exc:
                yield BadRecord(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
                return
            except RecursionError:
                yield BadRecord(TOO_DEEP)
                return
        yield from (_as_record(r) for r in records)
        return
    decoder = json.JSONDecoder()
    pos = start + 1
    while True:
        while True:  # skip whitespace and the comma between elements, reading more as needed
            while pos < len(buffer) and buffer[pos] in " \t\r\n,":
                pos += 1
            if pos < len(buffer):
                break
            more = reader.read(1 << 16)
            if not more:
                yield BadRecord("invalid JSON: the array is not closed (a cut-off file?)")
                return
            buffer, pos = more, 0
        if buffer[pos] == "]":
            return
        while True:
            try:
                value, end = decoder.raw_decode(buffer, pos)
                break
            except json.JSONDecodeError as exc:
                more = reader.read(1 << 16)
                if not more:
                    yield BadRecord(f"invalid JSON: {exc.msg}; the rest of the file cannot be read")
                    return
                buffer, pos = buffer[pos:] + more, 0
            except RecursionError:  # where this element ends is unknown, so the elements after it are too
                yield BadRecord(f"{TOO_DEEP}; the rest of the file cannot be read")
                return
        yield _as_record(value)
        buffer, pos = buffer[end:], 0


def _csv(handle: IO[bytes]) -> Iterator[dict[str, Any] | BadRecord]:
    csv.field_size_limit(1 << 30)  # an article is one cell, often larger than csv's default 128 KB limit
    reader = csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8-sig", errors="replace", newline=""))
    try:
        for row in reader:
            if None in row:  # more cells than the header has names
                row.pop(None)
            yield {k: v for k, v in row.items() if k is not None}
    except csv.Error as exc:
        yield BadRecord(f"invalid CSV at line {reader.line_num}: {exc}; the rest of the file cannot be read")


def _parquet(handle: IO[bytes]) -> Iterator[dict[str, Any] | BadRecord]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("failed", "reading Parquet needs pyarrow: pip install 'vi2en[records]'") from None
    source = handle if handle.seekable() else io.BytesIO(handle.read())
    try:
        table = pq.ParquetFile(source)
    except Exception as exc:  # pyarrow raises its own error types for a broken file
        raise InputError("failed", f"not a readable Parquet file: {str(exc).splitlines()[0][:200]}") from exc
    for batch in table.iter_batches(batch_size=256):
        yield from batch.to_pylist()


# --- records → articles ------------------------------------------------------------------------------------

def fingerprint(record: dict[str, Any]) -> str:
    """A hash of the record's content, to notice on a rerun that it changed."""
    return hashlib.sha1(json.dumps(record, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def pick(record: dict[str, Any], role: str, fields: Fields) -> tuple[str | None, Any]:
    """``(field name, value)`` for a role (text, title…): the named field, or the first candidate present."""
    named = getattr(fields, role)
    if named is not None:
        return (named, record[named]) if named in record else (None, None)
    for name in CANDIDATES[role]:
        if name in record and not _empty(record[name]):
            return name, record[name]
    return next(((n, record[n]) for n in CANDIDATES[role] if n in record), (None, None))


def _empty(value: Any) -> bool:
    if not isinstance(value, str):
        return value is None
    if len(value) > 64 and not (value[0].isspace() or value[-1].isspace()):
        return False  # an article's text: no need to strip and fold it to see it is no placeholder
    return value.strip().casefold() in PLACEHOLDERS


def _text(name: str, value: Any) -> str:
    """A field's text: a string, or a list of strings (paragraphs); anything else is a wrong type."""
    if value is None:  # a null cell (Parquet, JSON null): nothing there
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    kind = {bool: "a true/false value", int: "a number", float: "a number", dict: "an object", list: "a list"}
    raise InputError("skipped", f"field '{name}' holds {kind.get(type(value), type(value).__name__)}, not text")


def _scalar(value: Any) -> str | None:
    if _empty(value) or isinstance(value, (dict, list)):
        return None
    return str(value).strip()


def record_article(record: dict[str, Any], fields: Fields, article: Article) -> tuple[str, str]:
    """Fill the article's title, date and id from the record; return ``(format, text)`` to read the body from."""
    _, title = pick(record, "title", fields)
    article.title = _scalar(title)
    _, article.source_id = pick(record, "id", fields)
    article.source_id = _scalar(article.source_id) or ""
    _, date = pick(record, "date", fields)
    article.date = record_date(_scalar(date))
    for role, fmt in (("html", "html"), ("text", "text")):
        if getattr(fields, "html" if role == "text" else "text") is not None and getattr(fields, role) is None:
            continue  # the user named the other field: do not guess this one
        name, value = pick(record, role, fields)
        if name is None:
            continue
        text = _text(name, value)
        if _empty(text):
            raise InputError("skipped", f"field '{name}' is empty" + (f" ('{text.strip()}')" if text.strip() else ""))
        return fmt, text
    wanted = [n for n in (fields.text, fields.html) if n] or [*CANDIDATES["text"], *CANDIDATES["html"]]
    raise InputError("skipped", f"no text field (looked for {', '.join(wanted)}; {_fields_held(record)}"
                                "name one with --text-field)")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # a line break in a key would start a line of its own in a log


def _fields_held(record: dict[str, Any], most: int = 8) -> str:
    """What a record does hold, for the reason it was skipped: a misspelt ``--text-field`` is then one glance away
    from the right name. Names are scraped data: shortened, control characters written as ``\\xNN`` (a line break
    would forge a line of a log), and escaped again by whatever shows the reason."""
    names = [_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(name)[:40]) for name in islice(record, most)]
    if not names:
        return "the record has no fields; "
    more = ", …" if len(record) > most else ""
    return f"the record has {', '.join(names)}{more}; "


def record_date(value: str | None) -> str | None:
    """A record's date as ISO: '2025-09-10T16:30:00+07:00', '10/9/2025', 'Thứ tư, 10/9/2025, 16:30 (GMT+7)'."""
    from .read import iso_date, parse_dateline

    if not value:
        return None
    m = re.match(r"\s*(\d{4}-\d{1,2}-\d{1,2})", value)
    if m:
        return iso_date(m[1])
    m = re.search(r"\b(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b", value)
    return parse_dateline(value) or (iso_date(f"{m[1]}/{m[2]}/{m[3]}") if m else None)
