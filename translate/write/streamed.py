"""The whole-run files made at the end from what the windows streamed: ``review.csv`` and ``review.xlsx`` from
``review.jsonl`` (which, like every JSON Lines output, is no file at all when it would be empty)."""

from __future__ import annotations

from pathlib import Path

from . import read_jsonl, write_atomic
from .review import SHEET_COLUMNS, review_csv
from .xlsx import xlsx


def write_review_from(out: Path) -> None:
    path = out / "review.jsonl"
    rows = list(read_jsonl(path))
    if not rows:
        path.unlink(missing_ok=True)
    write_atomic(out / "review.csv", "\ufeff" + review_csv(rows))
    write_atomic(out / "review.xlsx", xlsx(SHEET_COLUMNS, rows))
