"""``vi2en diff`` and ``vi2en review``: the cleaner's explanation and the review queue, in the terminal.

Raw text sits on the left and cleaned text on the right, in two columns fitted to the terminal. Removals are
struck through and labelled with their rule, repairs show old → new. Without colour (a pipe, or
``--no-color``, or ``NO_COLOR`` set) the same marks are spelled out wdiff-style: ``[-removed-]{rule}`` and
``[-old-]{+new+}``. Article text and file names are untrusted: every piece goes through
:func:`translate.escape.terminal_text` and into rich ``Text`` (never markup), so nothing in them can drive the
terminal. Long output is paged; with neither ``LESS`` nor ``PAGER`` set, less gets ``LESS=FRX`` (as git does), so
colours show as colours.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .article import Article, Paragraph, from_json
from .cli import UserError
from .escape import terminal_text as safe


def load_articles(path: Path) -> list[Article]:
    """An input file (cleaned now), an article record, or every article record in an output folder."""
    if not path.exists():
        raise UserError(f"no such file or folder: {path}")
    if path.is_dir():
        records = sorted(p for p in path.rglob("*.json") if p.name != "manifest.json")
        if not records:
            raise UserError(f"{path} holds no article records (*.json): run 'vi2en clean' or 'vi2en translate' into it first")
        return [_record(p) for p in records]
    from .records import record_format

    if path.suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            data = None  # no JSON: _record says why
        if data is None or isinstance(data, dict) and "paragraphs" in data:  # else a crawl's JSON
            return [_record(path, data)]
    if record_format(path.name):  # a crawl's records (JSON, JSON Lines, CSV, Parquet): each one cleaned now
        from .clean import CleanConfig
        from .sources import iter_sources

        return [source.article(CleanConfig()) for source in iter_sources([path])]
    from .clean import clean_article
    from .read import InputError, InputFile, read_article

    try:
        return [clean_article(read_article(InputFile(path, path.name)))]
    except InputError as exc:
        raise UserError(f"{path}: {exc.reason}") from exc


def _record(path: Path, data: dict | None = None) -> Article:
    """``OUT/<stem>.json`` as an article; ``data``: its JSON, when the caller has read it already."""
    try:
        return from_json(json.loads(path.read_text(encoding="utf-8")) if data is None else data)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise UserError(f"{path} is not a vi2en article record ({type(exc).__name__}: {str(exc)[:120]})") from exc


def marked_raw(p: Paragraph, color: bool) -> Text:
    """The raw paragraph with every edit shown in place."""
    text = Text()
    pos = 0
    for e in sorted(p.edits, key=lambda e: e.start):
        if e.start < pos:
            continue
        text.append(safe(p.raw[pos : e.start]))
        removed = safe(p.raw[e.start : e.end])
        if color:
            text.append(removed, style="strike red")
            if e.replacement:
                text.append(safe(e.replacement), style="bold green")
            text.append(f" ⟨{safe(e.rule)}⟩", style="dim magenta")
        else:
            text.append(f"[-{removed}-]" + (f"{{+{safe(e.replacement)}+}}" if e.replacement else "") + f"{{{safe(e.rule)}}}")
        pos = e.end
    text.append(safe(p.raw[pos:]))
    return text


def marked_clean(article: Article, index: int, color: bool) -> Text:
    p = article.paragraphs[index]
    if not p.kept:
        return Text("(removed)", style="dim")
    spans = []
    for flag in article.flags:
        if flag.paragraph == index and flag.kind.startswith(("date.", "number.")) and flag.cleaned:
            at = p.clean.find(flag.cleaned)
            if at >= 0:
                spans.append((at, at + len(flag.cleaned), flag.kind))
    text, pos = Text(), 0
    for start, end, kind in sorted(spans):
        if start < pos:
            continue
        text.append(safe(p.clean[pos:start]))
        flagged = safe(p.clean[start:end])
        if color:
            text.append(flagged, style="black on yellow")
        else:
            text.append(f"<<{flagged}>>{{{safe(kind)}}}")
        pos = end
    text.append(safe(p.clean[pos:]))
    return text


def heading(article: Article) -> Text:
    parts = [article.file]
    if article.title:
        parts.append(article.title)
    if article.date:
        parts.append(article.date)
    return Text(safe(" · ".join(parts)), style="bold")


def cleaning_table(article: Article, color: bool) -> Table:
    table = Table(expand=True, show_lines=True, title=heading(article), title_justify="left")
    table.add_column("raw", ratio=1, overflow="fold")
    table.add_column("cleaned", ratio=1, overflow="fold")
    for i, p in enumerate(article.paragraphs):
        table.add_row(marked_raw(p, color), marked_clean(article, i, color))
    return table


def bilingual_table(article: Article, color: bool) -> Table:
    if not article.sentences:
        raise UserError(f"{article.file} has no translation: run 'vi2en translate' and point diff at its output")
    table = Table(expand=True, show_lines=False, title=heading(article), title_justify="left")
    table.add_column("Tiếng Việt", ratio=1, overflow="fold")
    table.add_column("English", ratio=1, overflow="fold")
    last = None
    for pair in article.sentences:
        if last is not None and (pair.part, pair.paragraph) != last:
            table.add_section()
        en = Text(safe(pair.en), style="" if pair.translated else "italic dim")
        for flag in pair.flags:
            en.append(f" [{safe(flag)}]", style="bold red" if color else "")
        table.add_row(Text(safe(pair.vi)), en)
        last = (pair.part, pair.paragraph)
    return table


def show(renderables: list, console: Console, color: bool, page: bool) -> None:
    """Print, through the pager when stdout is a terminal and the output does not fit on one screen."""
    long = False
    if page and sys.stdout.isatty():
        with console.capture() as capture:
            for r in renderables:
                console.print(r)
        long = capture.get().count("\n") > console.size.height
    if long:
        if "LESS" not in os.environ:
            os.environ["LESS"] = "FRX"  # as git does: raw colours (-R), quit when it fits (-F), keep the screen (-X)
        with console.pager(styles=color):
            for r in renderables:
                console.print(r)
    else:
        for r in renderables:
            console.print(r)


def wants_color(no_color_option: bool) -> bool:
    """Colour only on a terminal, and neither ``--no-color`` nor ``NO_COLOR`` (no-color.org) says otherwise."""
    return not no_color_option and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def diff_command(args: argparse.Namespace) -> int:
    articles = load_articles(args.path)
    color = wants_color(args.no_color)
    console = Console(width=args.width, no_color=not color, color_system="auto" if color else None, highlight=False)
    tables = [(bilingual_table if args.bilingual else cleaning_table)(a, color) for a in articles if a.status == "ok"]
    show(tables, console, color, page=not args.no_pager)
    return 0


def review_command(args: argparse.Namespace) -> int:
    from .write.review import COLUMNS, load_review, review_csv

    if not (args.out / "review.jsonl").exists() and not (args.out / "manifest.json").exists():
        raise UserError(f"{args.out} has no review.jsonl: run 'vi2en clean' or 'vi2en translate' into it first")
    flags = load_review(args.out)
    if args.kind:
        flags = [f for f in flags if any(f.kind == k or f.kind.startswith(k.rstrip(".") + ".") for k in args.kind)]
    if args.csv:
        from dataclasses import asdict

        sys.stdout.write(review_csv([{k: asdict(f)[k] for k in COLUMNS} for f in flags]))
        return 0
    if not flags:
        what = f" of kind {', '.join(args.kind)}" if args.kind else ""
        print(f"vi2en: nothing to review{safe(what)} in {safe(str(args.out))}", file=sys.stderr)
        return 0
    color = wants_color(False)
    console = Console(highlight=False, no_color=not color, color_system="auto" if color else None)
    table = Table(title=Text(f"review queue: {safe(str(args.out))}"), header_style="bold", expand=True)
    english = any(f.english for f in flags)
    columns = [("file", 2), ("kind", 2), ("original", 3)] + ([("english", 3)] if english else []) + [("suggestion", 3)]
    table.add_column("id", no_wrap=True, min_width=16)  # what a decision names (vi2en apply-review)
    for column, ratio in columns:
        table.add_column(column, ratio=ratio, overflow="fold")
    for f in flags:
        cells = [f.id, f.file, f.kind, f.original] + ([f.english] if english else []) + [f.suggestion]
        table.add_row(*(Text(safe(c or "")) for c in cells))
    counts: dict[str, int] = {}
    for f in flags:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    summary = Table(title="by kind", header_style="bold")
    summary.add_column("kind")
    summary.add_column("count", justify="right")
    for kind, n in sorted(counts.items()):
        summary.add_row(Text(safe(kind)), str(n))
    summary.add_row("total", str(len(flags)), style="bold")
    show([table, summary], console, color, page=True)
    return 0
