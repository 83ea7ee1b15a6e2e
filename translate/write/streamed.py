"""The whole-run files made at the end from what the windows streamed: ``review.csv`` and ``review.xlsx`` from
``review.jsonl`` (which, like every JSON Lines output, is no file at all when it would be empty)."""

from __future__ import annotations

from pathlib import Path

from . import atomic_binary, atomic_text, read_jsonl
from .review import SHEET_COLUMNS, write_review_csv
from .xlsx import write_xlsx


def write_review_from(out: Path) -> None:
    """Both read ``review.jsonl`` a row at a time, so a run's memory does not grow with its queue."""
    path = out / "review.jsonl"
    if path.exists() and not path.stat().st_size:
        path.unlink()
    with atomic_text(out / "review.csv") as handle:
        handle.write("\ufeff")
        write_review_csv(handle, read_jsonl(path))
    with atomic_binary(out / "review.xlsx") as handle:
        write_xlsx(handle, SHEET_COLUMNS, read_jsonl(path))
