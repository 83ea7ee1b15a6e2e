"""Per-article outputs: ``<stem>.vi.txt``, ``<stem>.en.txt``, ``<stem>.json`` and ``<stem>.md``."""

from __future__ import annotations

import os
from pathlib import Path

from ..article import Article, to_json
from ..escape import markdown_text
from . import dumps, write_atomic


def write_article(article: Article, out: Path, stem: str) -> list[str]:
    """Write everything known about one article; returns the paths written, relative to ``out``."""
    files, written = article_files(article, stem)
    write_files(out, files)
    return written


def write_files(out: Path, files: list[tuple[str, bytes]]) -> None:
    """An article's files, each written atomically; no Path is made per file (two files per article add up)."""
    folder = os.fspath(out)
    for name, data in files:
        write_atomic(os.path.join(folder, name), data)


def article_files(article: Article, stem: str) -> tuple[list[tuple[str, bytes]], list[str]]:
    """One article's files as bytes, in the order they are written (the record last), and the list of them the
    record and the manifest give: what :func:`write_article` writes, made where the article was cleaned when a
    worker process cleans it (``--jobs``)."""
    written = [f"{stem}.vi.txt", f"{stem}.json"]
    files = [(f"{stem}.vi.txt", vietnamese_text(article) + "\n")]
    if article.translation is not None:
        files += [(f"{stem}.en.txt", english_text(article) + "\n"), (f"{stem}.md", bilingual_markdown(article))]
        written += [f"{stem}.en.txt", f"{stem}.md"]
    record = to_json(article)
    record["outputs"] = written
    files.append((f"{stem}.json", dumps(record)))
    return [(name, text.encode("utf-8")) for name, text in files], written


def english_paragraphs(article: Article) -> list[str]:
    """English paragraphs, one per kept Vietnamese paragraph, in the same order."""
    by_paragraph: dict[int, list[str]] = {}
    for pair in article.sentences:
        if pair.part != "body":
            continue
        by_paragraph.setdefault(pair.paragraph, []).append(pair.en)
    return [" ".join(s for s in by_paragraph.get(i, []) if s) for i, p in enumerate(article.paragraphs) if p.kept]


def vietnamese_text(article: Article) -> str:
    """The cleaned article: its headline (when it has one), a blank line, then the paragraphs; so ``.vi.txt``
    and ``.en.txt`` line up paragraph by paragraph."""
    body = article.clean_text()
    return "\n\n".join(([article.title] if article.title else []) + ([body] if body else []))


def english_text(article: Article) -> str:
    """The English article: its headline (when it has one), a blank line, then the paragraphs."""
    return "\n\n".join(([article.title_en] if article.title_en else []) + english_paragraphs(article))


def bilingual_markdown(article: Article) -> str:
    """Vietnamese and English side by side, paragraph by paragraph, as a Markdown table. All article text and
    names are escaped (:func:`markdown_text`): a renderer shows them and never turns them into HTML or links."""
    md = markdown_text
    lines = [f"# {md(article.title or article.file)}", ""]
    if article.title_en:
        lines += [f"*{md(article.title_en)}*", ""]
    meta = [f"Source: {md(article.file)}"]
    if article.date:
        meta.append(f"Date: {md(article.date)}")
    if article.translation:
        meta.append(f"Model: {md(str(article.translation.get('model')))}")
    lines += [" · ".join(meta), "", "| Tiếng Việt | English |", "| --- | --- |"]
    kept = [p for p in article.paragraphs if p.kept]
    for vi, en in zip(kept, english_paragraphs(article)):
        lines.append(f"| {md(vi.clean)} | {md(en)} |")
    if article.captions and article.captions_en:
        lines += ["", "## Captions", "", "| Tiếng Việt | English |", "| --- | --- |"]
        lines += [f"| {md(vi)} | {md(en)} |" for vi, en in zip(article.captions, article.captions_en)]
    if article.flags:
        lines += ["", "## To review", ""]
        lines += [f"- **{md(f.kind)}** {md(f.original)} — {md(f.suggestion or f.context)}" for f in article.flags]
    return "\n".join(lines) + "\n"
