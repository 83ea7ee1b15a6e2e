"""Command line: parse arguments, build the config, call the library, map errors to exit codes.

Exit codes: 0 when every file was processed or skipped, 1 when some file failed, 2 for usage errors (bad
arguments, a model that cannot be found). Heavy modules are imported inside the commands, so ``--help`` is
instant.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__


class UserError(Exception):
    """A problem the user can fix; shown as one line without a traceback, exit code 2."""


def _add_clean_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders (searched recursively)")
    p.add_argument("-o", "--out", type=Path, default=Path("out"), help="output folder (default: out)")
    p.add_argument("--marker", default="[?]", help="text written where a lost number cannot be repaired (default: [?])")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="vi2en",
        description="Clean scraped Vietnamese news, flag garbled dates and lost numbers, translate to English.",
    )
    parser.add_argument("--version", action="version", version=f"vi2en {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("clean", help="clean articles and queue garbled dates for review (no translation)")
    _add_clean_options(p)

    p = sub.add_parser("translate", help="clean, then translate every sentence to English")
    _add_clean_options(p)
    p.add_argument("-m", "--model", default=None, help="preset name from models.toml or a folder with a saved model (default: opus-mt)")
    p.add_argument("--engine", choices=["transformers", "ct2"], default="transformers", help="inference engine (ct2 needs: pip install 'vi2en[fast]')")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto", help="where to run the model (default: cuda when available)")
    p.add_argument("--batch-size", type=int, default=None, help="most sentences per batch (default: as many as the engine's token budget holds)")
    p.add_argument("--beams", type=int, default=None, help="beam size (default: the preset's)")
    p.add_argument("--max-new-tokens", type=float, default=None, metavar="RATIO", help="output token budget as a multiple of the input length (default: 2.0)")
    p.add_argument("--no-repeat-ngram-size", type=int, default=None, help="forbid repeating n-grams of this size (counters looping output)")
    p.add_argument("--repetition-penalty", type=float, default=None, help="penalise repeated tokens (>1.0; counters looping output)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the translation cache")
    p.add_argument("--cache-dir", type=Path, default=None, help="translation cache folder (default: ~/.cache/vi2en)")

    p = sub.add_parser("models", help="list, download, convert or build models")
    msub = p.add_subparsers(dest="models_command", metavar="ACTION")
    msub.add_parser("list", help="list presets, their licences and whether each is present locally")
    d = msub.add_parser("download", help="fetch a preset into the Hugging Face cache for offline use")
    d.add_argument("name")
    c = msub.add_parser("convert", help="convert a preset to CTranslate2 (int8 on CPU, float16 on GPU)")
    c.add_argument("name")
    c.add_argument("--quantization", default=None, help="int8, int8_float16, float16… (default: by device)")
    c.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    b = msub.add_parser("build-test-model", help="write a tiny random model for offline smoke tests (gibberish output)")
    b.add_argument("dir", type=Path)
    b.add_argument("--arch", choices=["marian", "mbart", "nllb", "t5"], default="marian")
    b.add_argument("--text", type=Path, action="append", default=None, help="text files to train the vocabulary on (default: bundled sample)")
    b.add_argument("--vocab-size", type=int, default=600)

    p = sub.add_parser("diff", help="show raw | cleaned (or Vietnamese | English) side by side")
    p.add_argument("path", type=Path, help="an input file, an output folder or an article record (.json)")
    p.add_argument("--bilingual", action="store_true", help="Vietnamese | English sentence by sentence")
    p.add_argument("--no-color", action="store_true", help="plain text")
    p.add_argument("--no-pager", action="store_true", help="never page")
    p.add_argument("--width", type=int, default=None, help="terminal width (default: detected)")

    p = sub.add_parser("review", help="the review queue of an output folder as a table")
    p.add_argument("out", type=Path)
    p.add_argument("--kind", action="append", help="only these kinds (prefix match: 'date' or 'date.swapped')")
    p.add_argument("--csv", action="store_true", help="CSV to stdout for piping")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.command == "clean":
            return _cmd_clean(args)
        if args.command == "translate":
            return _cmd_translate(args)
        if args.command == "models":
            from .commands import models_command

            return models_command(args)
        if args.command == "diff":
            from .diff import diff_command

            return diff_command(args)
        if args.command == "review":
            from .diff import review_command

            return review_command(args)
    except UserError as exc:
        print(f"vi2en: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("vi2en: interrupted", file=sys.stderr)
        return 130
    return 2


def _check_inputs(paths: list[Path], out: Path) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UserError(f"no such file or folder: {', '.join(missing)}")
    if out.exists() and not out.is_dir():
        raise UserError(f"output folder {out} is a file; choose another -o")


def _cmd_clean(args: argparse.Namespace) -> int:
    from .clean import CleanConfig
    from .pipeline import clean_files
    from .progress import RichProgress, print_summary

    _check_inputs(args.paths, args.out)
    with RichProgress(quiet=args.quiet) as progress:
        result = clean_files(args.paths, args.out, CleanConfig(marker=args.marker), progress)
    if not args.quiet:
        print_summary(result)
    return 1 if result.failed else 0


def load_engine_or_explain(config):
    """Load the model, turning every way that can fail into one line that says how to fix it."""
    from .config import resolve_model
    from .engines import load_engine
    from .hub import ModelUnavailable

    try:
        preset = resolve_model(config.model)
    except (KeyError, ValueError, FileNotFoundError) as exc:
        raise UserError(str(exc).strip("'\"")) from exc
    if preset.commercial_use is False:
        print(f"vi2en: note: model '{preset.name}' is licensed {preset.license}: not for commercial use", file=sys.stderr)
    try:
        return load_engine(preset, config)
    except ModelUnavailable as exc:
        raise UserError(str(exc)) from exc
    except ImportError as exc:
        raise UserError(f"{exc}. Install the engine's extra: pip install 'vi2en[fast]'") from exc
    except (RuntimeError, ValueError, OSError) as exc:
        raise UserError(f"cannot load model '{preset.name}': {str(exc).splitlines()[0]}") from exc


def _cmd_translate(args: argparse.Namespace) -> int:
    from .clean import CleanConfig
    from .pipeline import translate_files
    from .progress import RichProgress, print_summary
    from .config import TranslateConfig

    _check_inputs(args.paths, args.out)
    config = TranslateConfig(
        model=args.model,
        engine=args.engine,
        device=args.device,
        batch_size=args.batch_size,
        beams=args.beams,
        max_new_tokens_ratio=args.max_new_tokens,
        no_repeat_ngram_size=args.no_repeat_ngram_size,
        repetition_penalty=args.repetition_penalty,
        use_cache=not args.no_cache,
        cache_dir=args.cache_dir,
    )
    engine = load_engine_or_explain(config)
    try:
        with RichProgress(quiet=args.quiet) as progress:
            result = translate_files(args.paths, args.out, CleanConfig(marker=args.marker), config, progress, engine)
    except RuntimeError as exc:  # out of memory and the like: nothing was written yet
        print(f"vi2en: translation failed, nothing written: {str(exc).splitlines()[0][:300]}. "
              "Try a smaller --batch-size or --beams.", file=sys.stderr)
        return 1
    if not args.quiet:
        print_summary(result)
    return 1 if result.failed else 0
