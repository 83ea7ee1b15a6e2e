"""The review queue: ``review.jsonl`` for programs and ``review.csv`` for spreadsheets.

Each row carries the flag's stable ``id``; the CSV and the spreadsheet also have empty ``decision``,
``correction``, ``reviewer`` and ``note`` columns, so a queue filled in and saved is a decisions file that
``vi2en apply-review`` reads (translate/review_loop.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable

from ..article import Article, Flag, flag_id, plain
from ..escape import csv_cell
from . import write_atomic, write_jsonl
from .xlsx import xlsx

COLUMNS = ["file", "kind", "original", "cleaned", "english", "suggestion", "context", "line", "paragraph", "sentence", "start", "end", "source_id", "id"]
DECISION_COLUMNS = ["decision", "correction", "reviewer", "note"]  # left empty for the reviewer to fill in
SHEET_COLUMNS = COLUMNS + DECISION_COLUMNS


def review_records(articles: list[Article]) -> list[dict]:
    rows = []
    for a in articles:
        for f in a.flags:
            flag_id(f)
            row = plain(f)
            rows.append({k: row[k] for k in COLUMNS})
    return rows


def review_csv(records: list[dict]) -> str:
    """CSV for spreadsheets: a cell that would start a formula is written as text (see :func:`csv_cell`)."""
    buffer = io.StringIO()
    write_review_csv(buffer, records)
    return buffer.getvalue()


def write_review_csv(handle, records: Iterable[dict]) -> None:
    """:func:`review_csv` written to ``handle`` a row at a time (a run's whole queue is never in memory)."""
    writer = csv.DictWriter(handle, fieldnames=SHEET_COLUMNS, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if record.get(k) is None else csv_cell(record[k]) for k in SHEET_COLUMNS})


def write_review(articles: list[Article], out: Path) -> list[dict]:
    """The queue for programs (JSON Lines) and spreadsheets: a CSV (with a byte-order mark, for the programs that
    honour it) and an .xlsx, whose cells are typed text whatever the spreadsheet's import settings."""
    records = review_records(articles)
    write_jsonl(out / "review.jsonl", records)
    write_atomic(out / "review.csv", "\ufeff" + review_csv(records))
    write_atomic(out / "review.xlsx", xlsx(SHEET_COLUMNS, records))
    return records


def load_review(out: Path) -> list[Flag]:
    """The review queue of an output folder (no ``review.jsonl`` after a run means nothing to review)."""
    import json

    path = out / "review.jsonl"
    if not path.exists():
        return []
    return [Flag(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
