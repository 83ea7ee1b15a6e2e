"""A translation cache keyed by model, settings and sentence: reruns and repeated sentences cost nothing.

One SQLite file (``~/.cache/vi2en/translations.sqlite`` by default, ``VI2EN_CACHE_DIR`` or ``--cache-dir`` to
move it). The key hashes everything that changes the output text, so a new model revision, other beams or
another engine never reuse a stale translation.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path


def default_cache_dir() -> Path:
    if os.environ.get("VI2EN_CACHE_DIR"):
        return Path(os.environ["VI2EN_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "vi2en"


class TranslationCache:
    def __init__(self, folder: Path | None, namespace: dict):
        self.folder = Path(folder) if folder else default_cache_dir()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.namespace = hashlib.sha256(json.dumps(namespace, sort_keys=True).encode()).hexdigest()[:32]
        self.db = sqlite3.connect(self.folder / "translations.sqlite")
        self.db.execute("CREATE TABLE IF NOT EXISTS translations (key TEXT PRIMARY KEY, source TEXT, target TEXT)")
        self.hits = 0

    def _key(self, source: str) -> str:
        return hashlib.sha256(f"{self.namespace}\x00{source}".encode()).hexdigest()

    def get_many(self, sources: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        keys = {self._key(s): s for s in sources}
        items = list(keys)
        for i in range(0, len(items), 500):
            chunk = items[i : i + 500]
            rows = self.db.execute(
                f"SELECT key, target FROM translations WHERE key IN ({','.join('?' * len(chunk))})", chunk
            )
            for key, target in rows:
                found[keys[key]] = target
        self.hits += len(found)
        return found

    def put_many(self, pairs: dict[str, str]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO translations VALUES (?, ?, ?)", [(self._key(s), s, t) for s, t in pairs.items()]
            )

    def close(self) -> None:
        self.db.close()
