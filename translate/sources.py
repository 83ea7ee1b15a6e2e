"""Inputs → sources, one per article: each article file, each record of a record file, each record on stdin.

Sources come one at a time in a stable order (files sorted, records in file order), each with a content hash,
so the pipeline can stream them in windows and a rerun can tell a finished article from a changed one.
"""

from __future__ import annotations

import functools
import hashlib
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from .article import Article
from .clean import CleanConfig, clean_article
from .read import InputError, InputFile, file_bytes, input_files, page_suffix, read_article, read_text, sniff_page
from .read import SUPPORTED_SUFFIXES, unfollowed_link, unsupported_reason
from .records import BadRecord, Fields, fingerprint, iter_records, open_bytes, record_article, record_format, sniff_format

STDIN = Path("-")


@dataclass
class Source:
    """One article to be: its name in every output, the output stems it wants, its content hash, its reader.

    A source pickles (its reader is a :func:`functools.partial` of a module-level function, never a closure), so
    a worker process can clean it (``--jobs``, :mod:`translate.workers`)."""

    key: str  # 'a/b.txt', 'feed.jsonl#3' (the third record), 'stdin#1'
    stem: str  # preferred output stem
    alternative: str  # the stem it takes when another source has the preferred one
    digest: str
    path: str
    read: Callable[[], Article]
    size: int = 0  # bytes of input, about: how workers' tasks are sized

    def article(self, config: CleanConfig) -> Article:
        """The cleaned article, or one with status skipped/failed and a one-line reason: never an exception."""
        try:
            with time_limit(config.time_limit):
                article = clean_article(self.read(), config)
            for flag in article.flags:
                flag.source_id = article.source_id
            return article
        except TookTooLong:
            return Article(file=self.key, source_path=self.path, status="failed",
                           reason=f"took longer than {config.time_limit:g} s to clean (--time-limit)")
        except InputError as exc:
            return Article(file=self.key, source_path=self.path, status=exc.status, reason=exc.reason)
        except Exception as exc:  # one broken input must not end the run; its reason is recorded instead
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
            return Article(file=self.key, source_path=self.path, status="failed", reason=reason)


class TookTooLong(BaseException):
    """Raised inside a stuck article's cleaning; a BaseException so no ``except Exception`` in a rule swallows it."""


@contextmanager
def time_limit(seconds: float):
    """Give up on the block after ``seconds`` (a real-time alarm), so one pathological file cannot hold a run
    hostage. Where no alarm can be set (not the main thread, no SIGALRM), the block runs unbounded."""
    if not seconds or seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def give_up(signum, frame):
        raise TookTooLong()

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _fail(status: str, reason: str) -> Article:
    raise InputError(status, reason)


def _failing(status: str, reason: str) -> Callable[[], Article]:
    return functools.partial(_fail, status, reason)


Listing = dict[Path, list[tuple[Path, str]]]  # each input (not stdin) → its files, as input_files gives them


def list_inputs(paths: list[Path], exclude: Path | None = None) -> Listing:
    """The files of every input, listed once for both :func:`count_sources` and :func:`iter_sources`."""
    return {root: list(input_files([root], exclude)) for root in paths if root != STDIN}


def iter_sources(paths: list[Path], exclude: Path | None = None, fields: Fields = Fields(),
                 stdin_format: str | None = None, listing: Listing | None = None) -> Iterator[Source]:
    """Every source of ``paths`` (``-`` is stdin), in order."""
    for root in paths:
        if root == STDIN:
            yield from record_sources(None, "stdin", fields, stdin_format)
            continue
        in_folder = root.is_dir()  # asked once, not once for each file
        for path, rel in listing[root] if listing is not None else input_files([root], exclude):
            fmt = record_format(rel)
            why = unfollowed_link(path, root) if in_folder and path.is_symlink() else None
            if why:
                yield file_source(path, rel, skipped=why)
            elif fmt:
                yield from record_sources(path, rel, fields, fmt)
            else:
                yield file_source(path, rel)


def file_source(path: Path, rel: str, skipped: str | None = None) -> Source:
    """The source of one article file; ``skipped`` is why it is not to be read at all."""
    name = Path(rel)  # parsed once: three parses of each name were a third of listing the sources
    stem = name.with_suffix("").as_posix() if name.suffix.lower() != ".gz" else rel.rsplit(".", 2)[0]
    if skipped is None and page_suffix(name) not in SUPPORTED_SUFFIXES and not sniff_page(path):
        skipped = unsupported_reason(rel)
    if skipped is not None:
        return Source(rel, stem, rel, hashlib.sha1(skipped.encode()).hexdigest(), str(path), _failing("skipped", skipped))
    try:
        data = file_bytes(path)
    except InputError as exc:
        return Source(rel, stem, rel, "", str(path), _failing(exc.status, exc.reason))
    except OSError as exc:
        return Source(rel, stem, rel, "", str(path), _failing("failed", f"cannot read file: {exc.strerror or exc}"))
    return Source(rel, stem, rel, hashlib.sha1(data).hexdigest(), str(path),
                  functools.partial(read_article, InputFile(path, rel), data), len(data))


def record_sources(path: Path | None, rel: str, fields: Fields, fmt: str | None) -> Iterator[Source]:
    """One source per record of a record file (``path`` None: stdin); a file that cannot be opened at all is
    one source that says why."""
    base = rel if path is None else rel[: -len(".gz")] if rel.lower().endswith(".gz") else rel
    base = base.rsplit(".", 1)[0] if path is not None else base
    where = str(path) if path is not None else "-"
    try:
        handle = open_bytes(path)
        fmt = fmt or sniff_format(handle)
        for number, record in enumerate(iter_records(handle, fmt), start=1):
            key = f"{rel}#{number}"
            stems = (f"{base}/{number:06d}", f"{rel}/{number:06d}")
            if isinstance(record, BadRecord):
                yield Source(key, *stems, hashlib.sha1(str(record).encode()).hexdigest(), where,
                             _failing("failed", str(record)))
            else:
                yield Source(key, *stems, fingerprint(record), where, _record_reader(record, fields, key, where),
                             sum(len(v) for v in record.values() if isinstance(v, str)))
    except InputError as exc:
        yield Source(rel, base, rel, "", where, _failing(exc.status, exc.reason))
    except OSError as exc:
        yield Source(rel, base, rel, "", where, _failing("failed", f"cannot read file: {exc.strerror or exc}"))


def _record_reader(record: dict[str, Any], fields: Fields, key: str, where: str) -> Callable[[], Article]:
    return functools.partial(_read_record, record, fields, key, where)


def _read_record(record: dict[str, Any], fields: Fields, key: str, where: str) -> Article:
    from .decode import decode

    article = Article(file=key, source_path=where)
    fmt, text = record_article(record, fields, article)
    title, date = article.title, article.date
    text, _ = decode(text.encode("utf-8"))  # the same repairs (mojibake, NFC) as a file gets
    article.encoding = ""
    read_text(text, article, fmt)
    # What the record says beats what the reader guessed from the text.
    article.title, article.date = title or article.title, date or article.date
    return article


def count_sources(paths: list[Path], exclude: Path | None = None, listing: Listing | None = None) -> tuple[int, str]:
    """How many sources there are, for the progress bar: ``(count, unit)``; count 0 when it cannot be told
    cheaply (stdin, JSON arrays, CSV), since only reading every record would tell."""
    files = records = 0
    for root in paths:
        if root == STDIN:
            return 0, "articles"
        for path, rel in listing[root] if listing is not None else input_files([root], exclude):
            fmt = record_format(rel)
            if fmt is None or (path.is_symlink() and root.is_dir() and unfollowed_link(path, root)):
                files += 1
                continue
            n = _record_count(path, fmt)
            if n is None:
                return 0, "articles"
            records += n
    return files + records, "articles" if records else "files"


def _record_count(path: Path, fmt: str) -> int | None:
    try:
        if fmt == "jsonl":
            with open_bytes(path) as handle:
                return sum(1 for line in handle if line.strip())
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
    except Exception:  # the reader says what is wrong with the file; the count only guesses
        return None
    return None
