"""Command line: parse arguments, build the config, call the library, map errors to exit codes.

Exit codes: 0 when every file was processed or skipped, 1 when some file failed or the outputs could not be
written, 2 for usage errors (bad arguments, a model that cannot be found), 3 for a bug in vi2en (one line, and the
traceback in a file), 130 when interrupted. Heavy modules are imported inside the commands, so ``--help`` is
instant. Every option is checked here, by its argparse type, and a bad one is one line and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from . import __version__
from .escape import terminal_text


class UserError(Exception):
    """A problem the user can fix; shown as one line without a traceback, exit code 2."""


class OutputError(Exception):
    """The outputs could not be written (a full disk, a read-only folder); one line, exit code 1."""

    @classmethod
    def from_os_error(cls, exc: OSError, out: Path) -> "OutputError":
        where = terminal_text(str(exc.filename or out))
        return cls(f"cannot write the outputs to {terminal_text(str(out))}: {exc.strerror or exc} ({where}). Files finished "
                   "before this are complete; fix the cause (free space, permissions, another -o) and run again.")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad option in one line (no usage block), exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"vi2en: error: {message} (see '{self.prog} --help')\n")


def _number(kind: type, minimum: float, strict: bool = False):
    """An argparse type: a number of ``kind`` within the limits of :func:`translate.config.check_number`."""
    from .config import check_number

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not {'a whole number' if kind is int else 'a number'}") from None
        try:
            check_number(value, minimum, strict)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return value

    parse.__name__ = kind.__name__
    return parse


def _marker(text: str) -> str:
    from .clean.draft import check_marker

    try:
        return check_marker(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _decisions_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {text} (a file of review decisions: JSON Lines or a filled-in "
                                         "review.csv)")
    return path


def _option(name: str):
    """The argparse type of a translation option, from its limits in :data:`translate.config.NUMBER_LIMITS`."""
    from .config import NUMBER_LIMITS

    minimum, strict = NUMBER_LIMITS[name]
    return _number(float if strict else int, minimum, strict)


def _add_clean_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                   help="files or folders (searched recursively): .txt, HTML pages, .jsonl/.json/.csv/.parquet records "
                        "(each also .gz); - reads records from stdin")
    p.add_argument("-o", "--out", type=Path, default=Path("out"), help="output folder (default: out)")
    p.add_argument("--marker", default="[?]", type=_marker, help="text written where a lost number cannot be repaired (default: [?])")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.add_argument("--decisions", type=_decisions_file, default=None, metavar="FILE", help="reviewer decisions to apply again (OUT/decisions.jsonl is always read)")
    p.add_argument("--overwrite", action="store_true", help="replace another run's outputs in the output folder")
    p.add_argument("--time-limit", type=_number(float, 0), default=300.0, metavar="SECONDS",
                   help="give up on an article that takes longer to clean: it fails with that reason, the run goes on "
                        "(default: 300; 0: no limit)")
    p.add_argument("-j", "--jobs", type=_number(int, 1), default=None, metavar="N",
                   help="worker processes that clean (default for clean: one per usable CPU core when there is much to "
                        "clean; for translate: 1, the model has the cores); the outputs are the same whatever N is")
    g = p.add_argument_group("record inputs (default: the first field present of the names listed)")
    g.add_argument("--format", choices=["jsonl", "json", "csv", "parquet"], default=None, help="format of stdin (default: guessed)")
    g.add_argument("--text-field", default=None, help="field with the article text (content, text, body, maintext…)")
    g.add_argument("--html-field", default=None, help="field with the article's HTML page (html, raw_html)")
    g.add_argument("--title-field", default=None, help="field with the headline (title, headline)")
    g.add_argument("--date-field", default=None, help="field with the date (date, date_publish, published…)")
    g.add_argument("--id-field", default=None, help="field with the article's id or URL (id, url, link…)")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = _Parser(
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
    p.add_argument("--batch-size", type=_option("batch_size"), default=None, help="most sentences per batch (default: as many as the engine's token budget holds)")
    p.add_argument("--beams", type=_option("beams"), default=None, help="beam size (default: the preset's)")
    p.add_argument("--max-new-tokens", type=_option("max_new_tokens_ratio"), default=None, metavar="RATIO", help="output token budget as a multiple of the input length (default: 2.0)")
    p.add_argument("--no-repeat-ngram-size", type=_option("no_repeat_ngram_size"), default=None, help="forbid repeating n-grams of this size (counters looping output)")
    p.add_argument("--repetition-penalty", type=_option("repetition_penalty"), default=None, help="penalise repeated tokens (>1.0; counters looping output)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the translation cache")
    p.add_argument("--cache-dir", type=Path, default=None, help="translation cache folder (default: ~/.cache/vi2en)")
    p.add_argument("--aligned-format", choices=["jsonl", "parquet"], default="jsonl",
                   help="parquet: also aligned.parquet, which datasets.load_dataset('parquet') reads (needs vi2en[records])")
    p.add_argument("--ray", nargs="?", const="", default=None, metavar="ADDRESS",
                   help="clean and translate on a Ray cluster: ADDRESS (host:port, 'auto'), 'local' for a new local one, "
                        "none for the one Ray finds else a local one (needs vi2en[ray])")
    p.add_argument("--replicas", type=_number(int, 1), default=None,
                   help="with --ray: model replicas (default: one per GPU; with no GPU one, using every core)")

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
    b.add_argument("--vocab-size", type=_number(int, 100), default=600)

    p = sub.add_parser("diff", help="show raw | cleaned (or Vietnamese | English) side by side")
    p.add_argument("path", type=Path, help="an input file, an output folder or an article record (.json)")
    p.add_argument("--bilingual", action="store_true", help="Vietnamese | English sentence by sentence")
    p.add_argument("--no-color", action="store_true", help="plain text")
    p.add_argument("--no-pager", action="store_true", help="never page")
    p.add_argument("--width", type=_number(int, 20), default=None, help="terminal width (default: detected)")

    p = sub.add_parser("review", help="the review queue of an output folder as a table")
    p.add_argument("out", type=Path)
    p.add_argument("--kind", action="append", help="only these kinds (prefix match: 'date' or 'date.swapped')")
    p.add_argument("--csv", action="store_true", help="CSV to stdout for piping")

    p = sub.add_parser("apply-review", help="apply a reviewer's decisions file to an output folder, retranslating what changed")
    p.add_argument("out", type=Path, help="the output folder of a clean or translate run")
    p.add_argument("decisions", type=Path, help="decisions file (JSONL or CSV: id, decision, correction, reviewer, note)")
    p.add_argument("-m", "--model", default=None, help="model for the changed sentences (default: the run's)")
    p.add_argument("--engine", choices=["transformers", "ct2"], default=None, help="default: the run's")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default=None, help="default: the run's")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the translation cache")
    p.add_argument("--cache-dir", type=Path, default=None, help="translation cache folder (default: the run's)")
    p.add_argument("-q", "--quiet", action="store_true", help="only errors")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    _setup_signals_and_warnings()
    try:
        return _dispatch(args)
    except UserError as exc:
        print(f"vi2en: error: {terminal_text(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("vi2en: interrupted; articles finished so far are complete: run the same command again to finish the rest",
              file=sys.stderr)
        return 130
    except OutputError as exc:
        print(f"vi2en: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a file the user named cannot be read or written
        where = f": {terminal_text(str(exc.filename))}" if exc.filename else ""
        print(f"vi2en: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: one line for the user, the traceback in a file for the report
        what = terminal_text(str(exc).splitlines()[0][:200]) if str(exc) else ""
        print(f"vi2en: internal error: {type(exc).__name__}: {what}. This is a bug in vi2en; the details are in "
              f"{terminal_text(_write_traceback())}", file=sys.stderr)
        return 3


def _setup_signals_and_warnings() -> None:
    """SIGTERM ends a run like Ctrl-C (a message, exit code); library warnings become one line each."""
    import logging
    import signal

    def terminated(signum, frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, terminated)
    except ValueError:  # not the main thread (tests calling main() from a worker)
        pass

    class OneLine(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            return f"vi2en: {record.levelname.lower()}: {terminal_text(record.getMessage())}"

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLine())
    logger = logging.getLogger("vi2en")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.WARNING)
    logger.propagate = False


def _write_traceback() -> str:
    import datetime as dt
    import os
    import tempfile
    import traceback

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = Path(tempfile.gettempdir()) / f"vi2en-crash-{stamp}-{os.getpid()}.txt"
    try:
        path.write_text(f"vi2en {__version__} {' '.join(sys.argv)}\n\n{traceback.format_exc()}", encoding="utf-8",
                        errors="backslashreplace")
    except OSError:
        return "(nowhere: the temporary folder is not writable)"
    return str(path)


def _dispatch(args: argparse.Namespace) -> int:
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
    if args.command == "apply-review":
        from .review_loop import apply_review_command

        return apply_review_command(args)
    return 2


def _check_inputs(paths: list[Path], out: Path) -> None:
    import os

    missing = [terminal_text(str(p)) for p in paths if not p.exists() and str(p) != "-"]
    if missing:
        raise UserError(f"no such file or folder: {', '.join(missing)}")
    if out.exists() and not out.is_dir():
        raise UserError(f"output folder {terminal_text(str(out))} is a file; choose another -o")
    for p in paths:
        if str(p) != "-" and p.resolve().is_relative_to(out.resolve()):
            where = "is also" if p.resolve() == out.resolve() else "lies inside"
            raise UserError(f"input {terminal_text(str(p))} {where} the output folder {terminal_text(str(out))}, "
                            "which vi2en never reads as input; choose another -o")
    parent = out
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise UserError(f"output folder {terminal_text(str(out))} cannot be made: {terminal_text(str(parent))} is a file; choose another -o")
    if parent.is_dir() and not os.access(parent, os.W_OK | os.X_OK):
        raise UserError(f"output folder {terminal_text(str(out))} cannot be written: {terminal_text(str(parent))} is read-only or not yours; choose another -o")


def _report(result, args: argparse.Namespace) -> int:
    """The summary (or, with --quiet, only what failed), a word when there was nothing to do, the exit code."""
    from .progress import print_failures, print_summary

    if result.already_done:
        print(f"vi2en: {terminal_text(str(args.out))} already holds this run's finished outputs; nothing to do "
              "(inputs and settings are unchanged; --overwrite redoes it)", file=sys.stderr)
        return 1 if result.failed else 0
    if args.quiet:
        print_failures(result)
    else:
        print_summary(result)
    if not any(a.status in ("ok", "failed") for a in result.articles):
        shown = ", ".join(terminal_text(str(p)) for p in args.paths)
        print(f"vi2en: nothing to do: no readable Vietnamese article in {shown}", file=sys.stderr)
    return 1 if result.failed else 0


def _standing(args: argparse.Namespace):
    """The decisions a run applies again: OUT/decisions.jsonl and --decisions (a bad file is a usage error)."""
    from .review_loop import DecisionsError, load_standing_decisions

    try:
        return load_standing_decisions(args.out, args.decisions, args.marker)
    except DecisionsError as exc:
        raise UserError(str(exc)) from exc


def _run_options(args: argparse.Namespace, jobs: bool = True) -> dict:
    """What both commands take besides the paths: where records keep what, stdin's format, --overwrite, --jobs
    (not on Ray, whose tasks do the cleaning)."""
    from .records import Fields

    fields = Fields(text=args.text_field, html=args.html_field, title=args.title_field, date=args.date_field,
                    id=args.id_field)
    options = {"overwrite": args.overwrite, "fields": fields, "stdin_format": args.format}
    return {**options, "jobs": args.jobs} if jobs else options


def _cmd_clean(args: argparse.Namespace) -> int:
    from .clean import CleanConfig
    from .pipeline import clean_files
    from .progress import RichProgress
    from .resume import OutputsOfAnotherRun

    _check_inputs(args.paths, args.out)
    try:
        with RichProgress(quiet=args.quiet) as progress:
            result = clean_files(args.paths, args.out, CleanConfig(marker=args.marker, time_limit=args.time_limit), progress, _standing(args),
                                 **_run_options(args))
    except OutputsOfAnotherRun as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise OutputError.from_os_error(exc, args.out) from exc
    return _report(result, args)


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
    from .progress import RichProgress
    from .resume import OutputsOfAnotherRun
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
    if args.replicas is not None and args.ray is None:
        raise UserError("--replicas needs --ray")
    if args.aligned_format == "parquet":
        import importlib.util

        if importlib.util.find_spec("pyarrow") is None:
            raise UserError("--aligned-format parquet needs pyarrow: pip install 'vi2en[records]'")
    if args.ray is not None:
        return _report(_translate_on_ray(args, config), args)
    engine = load_engine_or_explain(config)
    try:
        with RichProgress(quiet=args.quiet) as progress:
            result = translate_files(args.paths, args.out, CleanConfig(marker=args.marker, time_limit=args.time_limit), config, progress, engine, _standing(args),
                                     aligned_format=args.aligned_format, **{**_run_options(args), "jobs": args.jobs or 1})
    except OutputsOfAnotherRun as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise OutputError.from_os_error(exc, args.out) from exc
    except RuntimeError as exc:  # out of memory and the like: nothing was written yet
        print(f"vi2en: translation failed, nothing written: {str(exc).splitlines()[0][:300]}. "
              "Try a smaller --batch-size or --beams.", file=sys.stderr)
        return 1
    return _report(result, args)


def _translate_on_ray(args: argparse.Namespace, config):
    """``translate --ray``: the same run, cleaned and translated on a Ray cluster (translate/ray_runner.py); Ray
    missing or out of reach is one line and exit code 2."""
    from .clean import CleanConfig
    from .progress import RichProgress
    from .ray_runner import RayUnavailable, translate_on_ray
    from .resume import OutputsOfAnotherRun

    try:
        with RichProgress(quiet=args.quiet) as progress:
            return translate_on_ray(args.paths, args.out, CleanConfig(marker=args.marker, time_limit=args.time_limit), config, progress,
                                    _standing(args), aligned_format=args.aligned_format, address=args.ray or None,
                                    replicas=args.replicas, **_run_options(args, jobs=False))
    except (RayUnavailable, OutputsOfAnotherRun) as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise OutputError.from_os_error(exc, args.out) from exc
