"""``vi2en diff`` and ``vi2en review``: the cleaner's explanation and the review queue, in the terminal.

Raw text sits on the left and cleaned text on the right, in two columns fitted to the terminal. Removals are
struck through and labelled with their rule, repairs show old → new. Without colour (a pipe, or
``--no-color``) the same marks are spelled out wdiff-style: ``[-removed-]{rule}`` and ``[-old-]{+new+}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .article import Article, Paragraph, from_json
from .cli import UserError


def load_articles(path: Path) -> list[Article]:
    """An input file (cleaned now), an article record, or every article record in an output folder."""
    if not path.exists():
        raise UserError(f"no such file or folder: {path}")
    if path.is_dir():
        records = sorted(p for p in path.rglob("*.json") if p.name != "manifest.json")
        if not records:
            raise UserError(f"{path} holds no article records (*.json): run 'vi2en clean' or 'vi2en translate' into it first")
        return [from_json(json.loads(p.read_text(encoding="utf-8"))) for p in records]
    if path.suffix == ".json":
        return [from_json(json.loads(path.read_text(encoding="utf-8")))]
    from .clean import clean_article
    from .read import InputError, InputFile, read_article

    try:
        return [clean_article(read_article(InputFile(path, path.name)))]
    except InputError as exc:
        raise UserError(f"{path}: {exc.reason}") from exc


def marked_raw(p: Paragraph, color: bool) -> Text:
    """The raw paragraph with every edit shown in place."""
    text = Text()
    pos = 0
    for e in sorted(p.edits, key=lambda e: e.start):
        if e.start < pos:
            continue
        text.append(p.raw[pos : e.start])
        removed = p.raw[e.start : e.end]
        if color:
            text.append(removed, style="strike red")
            if e.replacement:
                text.append(e.replacement, style="bold green")
            text.append(f" ⟨{e.rule}⟩", style="dim magenta")
        else:
            text.append(f"[-{removed}-]" + (f"{{+{e.replacement}+}}" if e.replacement else "") + f"{{{e.rule}}}")
        pos = e.end
    text.append(p.raw[pos:])
    return text


def marked_clean(article: Article, index: int, color: bool) -> Text:
    p = article.paragraphs[index]
    if not p.kept:
        return Text("(removed)", style="dim")
    text = Text(p.clean)
    for flag in article.flags:
        if flag.paragraph == index and flag.kind.startswith(("date.", "number.")):
            at = p.clean.find(flag.cleaned)
            if at >= 0:
                if color:
                    text.stylize("black on yellow", at, at + len(flag.cleaned))
                else:
                    text = Text(p.clean[:at] + f"<<{flag.cleaned}>>{{{flag.kind}}}" + p.clean[at + len(flag.cleaned):])
    return text


def heading(article: Article) -> Text:
    parts = [article.file]
    if article.title:
        parts.append(article.title)
    if article.date:
        parts.append(article.date)
    return Text(" · ".join(parts), style="bold")


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
        if last is not None and pair.paragraph != last:
            table.add_section()
        en = Text(pair.en, style="" if pair.translated else "italic dim")
        for flag in pair.flags:
            en.append(f" [{flag}]", style="bold red" if color else "")
        table.add_row(Text(pair.vi), en)
        last = pair.paragraph
    return table


def diff_command(args: argparse.Namespace) -> int:
    articles = load_articles(args.path)
    plain = args.no_color or not sys.stdout.isatty()
    console = Console(width=args.width, no_color=plain, color_system=None if plain else "auto", highlight=False)
    color = not plain
    tables = [(bilingual_table if args.bilingual else cleaning_table)(a, color) for a in articles if a.status == "ok"]
    long = False
    if sys.stdout.isatty() and not args.no_pager:
        with console.capture() as capture:
            for t in tables:
                console.print(t)
        long = capture.get().count("\n") > console.size.height  # page only what does not fit on screen
    if long:
        with console.pager(styles=color):
            for t in tables:
                console.print(t)
    else:
        for t in tables:
            console.print(t)
    return 0


def review_command(args: argparse.Namespace) -> int:
    from .write.review import COLUMNS, load_review, review_csv

    if not (args.out / "review.jsonl").exists():
        raise UserError(f"{args.out} has no review.jsonl: run 'vi2en clean' or 'vi2en translate' into it first")
    flags = load_review(args.out)
    if args.kind:
        flags = [f for f in flags if any(f.kind == k or f.kind.startswith(k.rstrip(".") + ".") for k in args.kind)]
    if args.csv:
        from dataclasses import asdict

        sys.stdout.write(review_csv([{k: asdict(f)[k] for k in COLUMNS} for f in flags]))
        return 0
    console = Console(highlight=False)
    table = Table(title=f"review queue: {args.out}", header_style="bold", expand=True)
    for column, ratio in (("file", 2), ("kind", 2), ("original", 3), ("suggestion", 3)):
        table.add_column(column, ratio=ratio, overflow="fold")
    for f in flags:
        table.add_row(f.file, f.kind, f.original, f.suggestion)
    console.print(table)
    counts: dict[str, int] = {}
    for f in flags:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    summary = Table(title="by kind", header_style="bold")
    summary.add_column("kind")
    summary.add_column("count", justify="right")
    for kind, n in sorted(counts.items()):
        summary.add_row(kind, str(n))
    summary.add_row("total", str(len(flags)), style="bold")
    console.print(summary)
    return 0
