"""Writers: one module per output format. All writes are atomic (temp file, then rename)."""

from __future__ import annotations

import contextlib
import itertools
import os
import re
from pathlib import Path
from typing import IO, Any, Iterator

from ..escape import json_text


TMP_SUFFIX = ".vi2en.tmp"


_numbers = itertools.count()


def _create(path: Path | str) -> tuple[int, str]:
    """A new hidden temporary file beside ``path``, open for writing, with the mode a plain ``open()`` gives (0666
    less the umask). Named by process and number (mkstemp's random names and its chmod cost more than the write of
    a small article file), made exclusively, so a name left by an earlier process is passed over."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    folder, name = os.path.split(path)
    made_folder = False
    while True:
        tmp = os.path.join(folder, f".{name[:40]}.{os.getpid():x}_{next(_numbers):x}{TMP_SUFFIX}")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
        except FileNotFoundError:
            if made_folder:
                raise
            os.makedirs(folder or ".", exist_ok=True)
            made_folder = True


def write_atomic(path: Path | str, text: str | bytes, encoding: str = "utf-8") -> None:
    """Write ``text`` (or bytes) so that readers see either the old file or the whole new one, never a torn one.
    With os.write, not a file object: a run writes two small files per article, and a file object costs more
    system calls (fstat, ioctl, lseek) than the write itself."""
    data = text if isinstance(text, bytes) else text.encode(encoding)
    fd, tmp = _create(path)
    try:
        try:
            view, written = memoryview(data), 0
            while written < len(data):
                written += os.write(fd, view[written:])
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_text(path: Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file written piece by piece (a large TMX, a CSV) that readers see whole or not at all."""
    with atomic_binary(path, {"mode": "w", "encoding": encoding, "newline": ""}) as handle:
        yield handle


@contextlib.contextmanager
def atomic_binary(path: Path, how: dict | None = None) -> Iterator[IO]:
    """A file written piece by piece (a large .xlsx) that readers see whole or not at all; ``how``: open()'s
    arguments (binary by default)."""
    fd, tmp = _create(path)
    try:
        with os.fdopen(fd, **(how or {"mode": "wb"})) as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a JSON Lines file, one at a time (none when it does not exist)."""
    import json

    if not path.exists():
        return
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def remove_stale_temporaries(out: Path, older_than: float) -> int:
    """Delete the hidden temporary files a killed run left in ``out`` (only this writer's, only those last
    changed before ``older_than``, a timestamp, so a run still writing keeps its own). Returns how many."""
    removed = 0
    for tmp in out.rglob(".*.tmp"):
        try:
            ours = tmp.name.endswith(TMP_SUFFIX) or re.fullmatch(r"\..+\.[a-z0-9_]{8}\.tmp", tmp.name)  # and 0.1's
            if ours and tmp.is_file() and tmp.stat().st_mtime < older_than:
                tmp.unlink()
                removed += 1
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def dumps(data: Any) -> str:
    return json_text(data, indent=2) + "\n"


def jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json_text(r) + "\n" for r in records)


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    """JSON Lines, written only when there are records: no JSON Lines reader (Hugging Face ``datasets`` among
    them) loads an empty file, so an empty set is no file at all, and an earlier run's file is removed."""
    if records:
        write_atomic(path, jsonl(records))
    else:
        path.unlink(missing_ok=True)
