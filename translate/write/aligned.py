"""Sentence pairs for other tools: ``aligned.jsonl`` (Hugging Face translation format) and ``aligned.tmx``
(TMX 1.4b, vi → en, for translators' CAT tools)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import __version__
from ..article import Article
from ..escape import xml_attr as quoteattr
from ..escape import xml_text as escape
from . import write_atomic, write_jsonl


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
                    "part": pair.part,
                    "paragraph": pair.paragraph if body else None,
                    "sentence": pair.sentence,
                    "translation": {"vi": pair.vi, "en": pair.en},
                    "flags": pair.flags,
                    "post_edited": pair.post_edited,  # the English is a reviewer's (vi2en apply-review)
                }
            )
    return records


def tmx(records: list[dict], tool_version: str = __version__) -> str:
    """A TMX 1.4b document; text is XML-escaped, so quotes, ampersands and angle brackets survive, and characters
    XML forbids (control characters) are left out, so that every XML parser reads the file."""
    created = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
        '<tmx version="1.4">',
        f'  <header creationtool="vi2en" creationtoolversion={quoteattr(tool_version)} datatype="plaintext" '
        f'segtype="sentence" adminlang="en" srclang="vi" o-tmf="vi2en" creationdate="{created}"/>',
        "  <body>",
    ]
    for r in records:
        lines.append(f"    <tu tuid={quoteattr(r['id'])}>")
        lines.append(f"      <prop type=\"x-file\">{escape(r['file'])}</prop>")
        if r.get("post_edited"):
            lines.append('      <prop type="x-post-edited">yes</prop>')
        if r["flags"]:
            lines.append(f"      <note>{escape(', '.join(r['flags']))}</note>")
        lines.append(f"      <tuv xml:lang=\"vi\"><seg>{escape(r['translation']['vi'])}</seg></tuv>")
        lines.append(f"      <tuv xml:lang=\"en\"><seg>{escape(r['translation']['en'])}</seg></tuv>")
        lines.append("    </tu>")
    lines += ["  </body>", "</tmx>", ""]
    return "\n".join(lines)


def write_aligned(articles: list[Article], stems: dict[int, str], out: Path) -> None:
    records = aligned_records(articles, stems)
    write_jsonl(out / "aligned.jsonl", records)
    write_atomic(out / "aligned.tmx", tmx(records))
