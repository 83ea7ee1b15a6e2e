"""Sentence pairs for other tools: ``aligned.jsonl`` (Hugging Face translation format) and ``aligned.tmx``
(TMX 1.4b, vi → en, for translators' CAT tools)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable, Iterator

from .. import __version__
from ..article import Article
from ..escape import xml_attr as quoteattr
from ..escape import xml_text as escape
from . import TMP_SUFFIX, atomic_text, read_jsonl, write_atomic, write_jsonl


def aligned_records(articles: list[Article], stems: dict[int, str]) -> list[dict]:
    records = []
    for i, article in enumerate(articles):
        if article.status != "ok":
            continue
        for pair in article.sentences:
            body = pair.part == "body"
            where = f"{pair.paragraph}" if body else "title" if pair.part == "title" else f"caption{pair.paragraph}"
            records.append(
                {
                    "id": f"{stems[i]}:{where}:{pair.sentence}",
                    "file": article.file,
                    **({"source_id": article.source_id} if article.source_id else {}),
                    "part": pair.part,
                    "paragraph": pair.paragraph if body else None,
                    "sentence": pair.sentence,
                    "translation": {"vi": pair.vi, "en": pair.en},
                    "flags": pair.flags,
                    "post_edited": pair.post_edited,  # the English is a reviewer's (vi2en apply-review)
                }
            )
    return records


def tmx(records: Iterable[dict], tool_version: str = __version__) -> str:
    """A TMX 1.4b document; text is XML-escaped, so quotes, ampersands and angle brackets survive, and characters
    XML forbids (control characters) are left out, so that every XML parser reads the file."""
    return "".join(tmx_lines(records, tool_version))


def tmx_lines(records: Iterable[dict], tool_version: str = __version__) -> Iterator[str]:
    """The TMX document line by line (each with its newline), so a run of millions of pairs writes it in pieces."""
    created = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    yield from (line + "\n" for line in [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
        '<tmx version="1.4">',
        f'  <header creationtool="vi2en" creationtoolversion={quoteattr(tool_version)} datatype="plaintext" '
        f'segtype="sentence" adminlang="en" srclang="vi" o-tmf="vi2en" creationdate="{created}"/>',
        "  <body>",
    ])
    for r in records:
        lines = [f"    <tu tuid={quoteattr(r['id'])}>", f"      <prop type=\"x-file\">{escape(r['file'])}</prop>"]
        if r.get("source_id"):
            lines.append(f"      <prop type=\"x-source-id\">{escape(r['source_id'])}</prop>")
        if r.get("post_edited"):
            lines.append('      <prop type="x-post-edited">yes</prop>')
        if r["flags"]:
            lines.append(f"      <note>{escape(', '.join(r['flags']))}</note>")
        lines.append(f"      <tuv xml:lang=\"vi\"><seg>{escape(r['translation']['vi'])}</seg></tuv>")
        lines.append(f"      <tuv xml:lang=\"en\"><seg>{escape(r['translation']['en'])}</seg></tuv>")
        lines.append("    </tu>")
        yield "".join(line + "\n" for line in lines)
    yield "  </body>\n</tmx>\n"


def write_aligned(articles: list[Article], stems: dict[int, str], out: Path) -> None:
    records = aligned_records(articles, stems)
    write_jsonl(out / "aligned.jsonl", records)
    write_atomic(out / "aligned.tmx", tmx(records))


def write_aligned_from(out: Path) -> None:
    """``aligned.tmx`` from the ``aligned.jsonl`` a run streamed, read a record at a time; no pairs, no files."""
    jsonl = out / "aligned.jsonl"
    if not jsonl.exists() or not jsonl.stat().st_size:
        jsonl.unlink(missing_ok=True)
        (out / "aligned.tmx").unlink(missing_ok=True)
        return
    with atomic_text(out / "aligned.tmx") as handle:
        handle.writelines(tmx_lines(read_jsonl(jsonl)))


# The column types of aligned.parquet, and the Hugging Face features that ``datasets`` restores from its metadata
# (so ``translation`` loads as a Translation feature, as from a hub dataset).
HF_FEATURES = {
    "id": {"dtype": "string", "_type": "Value"},
    "file": {"dtype": "string", "_type": "Value"},
    "source_id": {"dtype": "string", "_type": "Value"},
    "part": {"dtype": "string", "_type": "Value"},
    "paragraph": {"dtype": "int64", "_type": "Value"},
    "sentence": {"dtype": "int64", "_type": "Value"},
    "translation": {"languages": ["vi", "en"], "_type": "Translation"},
    "flags": {"feature": {"dtype": "string", "_type": "Value"}, "_type": "Sequence"},
}


def write_aligned_parquet(out: Path, rows_per_group: int = 10_000) -> None:
    """``aligned.parquet`` from ``aligned.jsonl``, a row group at a time: the corpus for ``datasets``."""
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([
        ("id", pa.string()), ("file", pa.string()), ("source_id", pa.string()), ("part", pa.string()),
        ("paragraph", pa.int64()), ("sentence", pa.int64()),
        ("translation", pa.struct([("en", pa.string()), ("vi", pa.string())])),  # datasets' order: sorted
        ("flags", pa.list_(pa.string())),
    ], metadata={"huggingface": json.dumps({"info": {"features": HF_FEATURES}})})
    target = out / "aligned.parquet"
    tmp = target.with_name(f".{target.name}{TMP_SUFFIX}")
    rows: list[dict] = []
    with pq.ParquetWriter(tmp, schema) as writer:
        for record in read_jsonl(out / "aligned.jsonl"):
            rows.append({name: record.get(name, "" if name == "source_id" else None) for name in schema.names})
            if len(rows) >= rows_per_group:
                writer.write_table(pa.Table.from_pylist(rows, schema))
                rows = []
        writer.write_table(pa.Table.from_pylist(rows, schema))
    tmp.replace(target)
