"""read → clean → check dates → (segment → translate → QA) → write, with progress.

The library entry points are :func:`clean_files` and :func:`translate_files`; the CLI is a thin layer over
them. One bad file never stops a run: it gets status ``skipped`` or ``failed`` and a one-line reason.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from . import __version__
from .article import Article
from .clean import CleanConfig, clean_article
from .escape import safe_stem
from .read import InputError, InputFile, discover, read_article
from .review_loop import StandingDecisions, apply_standing_decisions, load_standing_decisions
from .write import dumps, remove_stale_temporaries, write_atomic
from .write.article import write_article
from .write.review import write_review


class Progress(Protocol):
    """What the pipeline tells whoever is watching (the CLI draws rich progress bars from it)."""

    def start(self, task: str, total: int, unit: str) -> None: ...
    def advance(self, task: str, amount: int = 1) -> None: ...
    def finish(self, task: str) -> None: ...


class SilentProgress:
    """Progress that shows nothing: the library's default, and what scripts and tests pass."""

    def start(self, task: str, total: int, unit: str) -> None:
        pass

    def advance(self, task: str, amount: int = 1) -> None:
        pass

    def finish(self, task: str) -> None:
        pass


@dataclass
class RunResult:
    out: Path
    articles: list[Article] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> int:
        return sum(a.status == "failed" for a in self.articles)


def output_stems(articles: list[Article]) -> dict[int, str]:
    """``<stem>`` for each article: its path relative to its input root without the extension, made unique."""
    stems: dict[int, str] = {}
    used: set[str] = set()
    for i, article in enumerate(articles):
        rel = Path(safe_stem(article.file))
        stem = rel.with_suffix("").as_posix()
        if stem in used:
            stem = rel.as_posix()  # a.txt and a.html in one folder: keep the extension to tell them apart
        base, n = stem, 2
        while stem in used:
            stem, n = f"{base}-{n}", n + 1
        used.add(stem)
        stems[i] = stem
    return stems


def read_and_clean(paths: list[Path], config: CleanConfig, progress: Progress, out: Path | None = None, standing=None) -> list[Article]:
    """Every input as an article: cleaned when it could be read, else with its status and reason."""
    files, unsupported = discover(paths, exclude=out)
    articles = [Article(file=rel, status="skipped", reason=reason) for rel, reason in unsupported]
    progress.start("clean", len(files), "files")
    for source in files:
        articles.append(read_one(source, config))
        apply_standing_decisions(articles[-1], standing)  # a reviewer's corrections go in before translation
        progress.advance("clean")
    progress.finish("clean")
    return articles


def read_one(source: InputFile, config: CleanConfig) -> Article:
    try:
        return clean_article(read_article(source), config)
    except InputError as exc:
        return Article(file=source.rel, source_path=str(source.path), status=exc.status, reason=exc.reason)
    except Exception as exc:  # one broken file must not end the run; its reason is recorded instead
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        return Article(file=source.rel, source_path=str(source.path), status="failed", reason=reason)


def summarize(articles: list[Article]) -> dict[str, dict[str, int]]:
    ok = [a for a in articles if a.status == "ok"]
    return {
        "files": dict(Counter(a.status for a in articles)),
        "flags": dict(sorted(Counter(f.kind for a in ok for f in a.flags).items())),
        "removals": dict(sorted(Counter(e.rule for a in ok for e in a.removals()).items())),
        "paragraphs": {"kept": sum(len(a.body) for a in ok), "removed": sum(len(a.paragraphs) - len(a.body) for a in ok)},
    }


def write_outputs(
    articles: list[Article], out: Path, command: str, settings: dict[str, Any], started: float,
    extra_counts: dict[str, Any] | None = None, standing=None,
) -> dict[str, Any]:
    """Per-article files, the review queue, the report and the manifest (written last: it marks a finished run)."""
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out, older_than=started)
    stems = output_stems(articles)
    entries = []
    for i, article in enumerate(articles):
        entry: dict[str, Any] = {"file": article.file, "status": article.status, "reason": article.reason}
        if article.status == "ok":
            apply_standing_decisions(article, standing)  # decisions about the translation (mt.* flags)
            entry["outputs"] = write_article(article, out, stems[i])
            entry.update(title=article.title, date=article.date, encoding=article.encoding, flags=len(article.flags))
        entries.append(entry)
    ok = [a for a in articles if a.status == "ok"]
    write_review(ok, out)
    if any(a.translation for a in ok):
        from .write.aligned import write_aligned

        write_aligned(articles, stems, out)
    from .write.report import write_report

    write_report(articles, stems, out)
    manifest = {
        "tool": "vi2en",
        "version": __version__,
        "command": command,
        "settings": settings,
        "started": dt.datetime.fromtimestamp(started, dt.timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(time.time() - started, 3),
        "counts": {**summarize(articles), **(extra_counts or {})},
        "files": entries,
    }
    write_atomic(out / "manifest.json", dumps(manifest))
    return manifest


def clean_files(
    paths: list[Path], out: Path, config: CleanConfig = CleanConfig(), progress: Progress | None = None,
    standing: StandingDecisions | None = None,
) -> RunResult:
    """The cleaning stage on its own: ``vi2en clean``."""
    started = time.time()
    standing = standing or load_standing_decisions(out, marker=config.marker)
    articles = read_and_clean(paths, config, progress or SilentProgress(), out, standing)
    settings = {"inputs": [str(p) for p in paths], "clean": asdict(config)}
    manifest = write_outputs(articles, out, "clean", settings, started, standing=standing)
    return RunResult(out, articles, manifest)


def translate_files(
    paths: list[Path],
    out: Path,
    clean_config: CleanConfig = CleanConfig(),
    config=None,
    progress: Progress | None = None,
    engine=None,
    standing: StandingDecisions | None = None,
) -> RunResult:
    """Clean, then translate: ``vi2en translate``. The model is loaded before anything is written, so a
    missing model leaves no half-made output folder."""
    from .config import TranslateConfig, resolve_model
    from .engines import load_engine
    from .translation import translate_articles
    config = config or TranslateConfig()
    progress = progress or SilentProgress()
    started = time.time()
    if engine is None:
        engine = load_engine(resolve_model(config.model), config)
    standing = standing or load_standing_decisions(out, marker=clean_config.marker)
    articles = read_and_clean(paths, clean_config, progress, out, standing)
    counts = translate_articles(articles, engine, config, clean_config.marker, progress)
    settings = {"inputs": [str(p) for p in paths], "clean": asdict(clean_config), "translate": config.settings(),
                "model": engine.signature()}
    manifest = write_outputs(articles, out, "translate", settings, started, extra_counts={"sentences": counts}, standing=standing)
    return RunResult(out, articles, manifest)
