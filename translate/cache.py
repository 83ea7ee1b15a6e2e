"""A translation cache keyed by model, settings and sentence: reruns and repeated sentences cost nothing.

One SQLite file (``~/.cache/vi2en/translations.sqlite`` by default, ``VI2EN_CACHE_DIR`` or ``--cache-dir`` to
move it). The key hashes everything that changes the output text, so a new model revision, other beams or
another engine never reuse a stale translation.

The cache only saves time, so it never costs a run: a corrupt file is moved aside and a new one started, and
a cache that cannot be read or written (a full disk, a read-only folder) is dropped for the rest of the run
with one warning.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
from pathlib import Path

log = logging.getLogger("vi2en.cache")


def default_cache_dir() -> Path:
    if os.environ.get("VI2EN_CACHE_DIR"):
        return Path(os.environ["VI2EN_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "vi2en"


class TranslationCache:
    def __init__(self, folder: Path | None, namespace: dict):
        self.folder = Path(folder) if folder else default_cache_dir()
        self.path = self.folder / "translations.sqlite"
        self.namespace = hashlib.sha256(json.dumps(namespace, sort_keys=True).encode()).hexdigest()[:32]
        self.hits = 0
        self.db: sqlite3.Connection | None = None
        try:
            self.db = self._open()
        except sqlite3.Error as exc:
            if not _is_corrupt(exc):
                self._give_up(exc)
                return
            try:
                aside = self.path.with_name(self.path.name + ".corrupt")
                os.replace(self.path, aside)
                log.warning("the translation cache %s was unreadable (%s); moved it to %s and started a new one",
                            self.path, exc, aside.name)
                self.db = self._open()
            except (OSError, sqlite3.Error) as again:
                self._give_up(again)
        except OSError as exc:
            self._give_up(exc)

    def _open(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS translations (key TEXT PRIMARY KEY, source TEXT, target TEXT)")
            db.execute("SELECT count(*) FROM (SELECT 1 FROM translations LIMIT 1)").fetchone()
        except BaseException:
            db.close()
            raise
        return db

    def _give_up(self, exc: Exception) -> None:
        """Go on without the cache; one warning says why."""
        self.close()
        log.warning("the translation cache %s cannot be used (%s); this run goes on without it", self.path,
                    getattr(exc, "strerror", None) or exc)

    def _key(self, source: str) -> str:
        return hashlib.sha256(f"{self.namespace}\x00{source}".encode()).hexdigest()

    def get_many(self, sources: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        keys = {self._key(s): s for s in sources}
        items = list(keys)
        try:
            for i in range(0, len(items), 500):
                if self.db is None:
                    break
                chunk = items[i : i + 500]
                rows = self.db.execute(
                    f"SELECT key, target FROM translations WHERE key IN ({','.join('?' * len(chunk))})", chunk
                )
                for key, target in rows:
                    found[keys[key]] = target
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)
            if _is_corrupt(exc):
                self._move_aside()
        self.hits += len(found)
        return found

    def put_many(self, pairs: dict[str, str]) -> None:
        if self.db is None:
            return
        try:
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO translations VALUES (?, ?, ?)", [(self._key(s), s, t) for s, t in pairs.items()]
                )
        except (sqlite3.Error, OSError) as exc:  # a full disk: the translations are still in memory and written out
            self._give_up(exc)

    def _move_aside(self) -> None:
        try:
            os.replace(self.path, self.path.with_name(self.path.name + ".corrupt"))
        except OSError:
            pass

    def close(self) -> None:
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
            self.db = None


def _is_corrupt(exc: BaseException) -> bool:
    """A damaged or foreign file ("file is not a database", "malformed"), as opposed to a full or locked disk."""
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)
