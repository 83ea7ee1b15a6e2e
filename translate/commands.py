"""``vi2en models …``: list presets, download one, convert one for CTranslate2, build a tiny test model."""

from __future__ import annotations

import argparse
import sys

from .cli import UserError


def models_command(args: argparse.Namespace) -> int:
    action = args.models_command or "list"
    if action == "list":
        return list_models()
    if action == "download":
        return download_model(args.name)
    if action == "convert":
        from .engines.ct2 import convert_command

        return convert_command(args)
    if action == "build-test-model":
        return build_test_model_command(args)
    raise UserError(f"unknown models action '{action}'")


def list_models() -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .escape import terminal_text

    from .config import load_presets
    from .hub import cached_snapshot

    try:
        presets, default = load_presets()
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    table = Table(title="vi2en model presets (models.toml)", header_style="bold")
    for column in ("name", "hub id", "arch", "licence", "size", "local"):
        table.add_column(column)
    for name, p in presets.items():  # names and paths come from files: shown as text, never read as markup
        licence = Text(terminal_text(p.license)) + (Text("") if p.commercial_use is not False else Text(" (non-commercial)", style="red"))
        local = Text("yes", style="green") if cached_snapshot(p) else "no"
        table.add_row(Text(terminal_text(name + (" (default)" if name == default else ""))), Text(terminal_text(p.hub or p.path or "")),
                      Text(terminal_text(p.arch)), licence, Text(terminal_text(p.size)), local)
    Console().print(table)
    return 0


def download_model(name: str) -> int:
    from .config import resolve_model
    from .hub import ModelUnavailable, download

    try:
        preset = resolve_model(name)
        folder = download(preset)
    except KeyError as exc:
        raise UserError(str(exc).strip("'\"")) from exc
    except ModelUnavailable as exc:
        raise UserError(str(exc)) from exc
    print(f"model '{preset.name}' is ready in {folder}", file=sys.stderr)
    return 0


def build_test_model_command(args: argparse.Namespace) -> int:
    from .testmodel import build_test_model

    texts = [p.read_text(encoding="utf-8") for p in args.text] if args.text else None
    try:
        folder = build_test_model(args.dir, args.arch, texts=texts, vocab_size=args.vocab_size)
    except FileExistsError as exc:
        raise UserError(str(exc)) from exc
    print(
        f"wrote a tiny random {args.arch} model to {folder}. It exists for offline smoke tests: "
        "its translations are gibberish by design. Use it with: vi2en translate PATH --model " + str(folder),
        file=sys.stderr,
    )
    return 0
