"""Per-article outputs: ``<stem>.vi.txt``, ``<stem>.en.txt``, ``<stem>.json`` and ``<stem>.md``."""

from __future__ import annotations

from pathlib import Path

from ..article import Article, to_json
from . import dumps, write_atomic


def write_article(article: Article, out: Path, stem: str) -> list[str]:
    """Write everything known about one article; returns the paths written, relative to ``out``."""
    written = [f"{stem}.vi.txt", f"{stem}.json"]
    write_atomic(out / f"{stem}.vi.txt", article.clean_text() + "\n")
    if article.translation is not None:
        write_atomic(out / f"{stem}.en.txt", english_text(article) + "\n")
        write_atomic(out / f"{stem}.md", bilingual_markdown(article))
        written += [f"{stem}.en.txt", f"{stem}.md"]
    record = to_json(article)
    record["outputs"] = written
    write_atomic(out / f"{stem}.json", dumps(record))
    return written


def english_paragraphs(article: Article) -> list[str]:
    """English paragraphs, one per kept Vietnamese paragraph, in the same order."""
    by_paragraph: dict[int, list[str]] = {}
    for pair in article.sentences:
        by_paragraph.setdefault(pair.paragraph, []).append(pair.en)
    return [" ".join(s for s in by_paragraph.get(i, []) if s) for i, p in enumerate(article.paragraphs) if p.kept]


def english_text(article: Article) -> str:
    return "\n\n".join(english_paragraphs(article))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def bilingual_markdown(article: Article) -> str:
    """Vietnamese and English side by side, paragraph by paragraph, as a Markdown table."""
    lines = [f"# {article.title or article.file}", ""]
    meta = [f"Source: `{article.file}`"]
    if article.date:
        meta.append(f"Date: {article.date}")
    if article.translation:
        meta.append(f"Model: `{article.translation.get('model')}`")
    lines += [" · ".join(meta), "", "| Tiếng Việt | English |", "| --- | --- |"]
    kept = [p for p in article.paragraphs if p.kept]
    for vi, en in zip(kept, english_paragraphs(article)):
        lines.append(f"| {_cell(vi.clean)} | {_cell(en)} |")
    flagged = [f for f in article.flags]
    if flagged:
        lines += ["", "## To review", ""]
        lines += [f"- **{f.kind}** `{f.original}` — {f.suggestion or f.context}" for f in flagged]
    return "\n".join(lines) + "\n"
