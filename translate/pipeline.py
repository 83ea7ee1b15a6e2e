"""read → clean → check dates → (segment → translate → QA) → write, window by window, with progress.

The library entry points are :func:`clean_files` and :func:`translate_files`; the CLI is a thin layer over
them. One bad file never stops a run: it gets status ``skipped`` or ``failed`` and a one-line reason. Inputs
stream through in windows of articles, so memory stays flat and each window's outputs are on disk when it
ends; the journal (:mod:`translate.resume`) lets a stopped run go on where it stopped.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol, Sequence

from . import __version__
from .article import Article
from .clean import CleanConfig
from .escape import safe_stem
from .records import Fields
from .review_loop import StandingDecisions, apply_standing_decisions, load_standing_decisions
from .resume import STREAMED, Finished, RunState, Streamed
from .sources import Source, count_sources, iter_sources, list_inputs
from .write import dumps, jsonl, remove_stale_temporaries, write_atomic
from .write.article import article_files, write_article, write_files


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


WINDOW_SENTENCES = (64, 1024)  # the first window, and the most a window grows to (it doubles each time)
# vi2en clean fills no translation batches: its windows grow this many times larger, since each one's end costs a
# journal entry, a manifest and two or three fsyncs (some 700 windows per 100 MB of articles at 1024 sentences; 22
# at 32 times that, about 4 MB of input each). An fsync waits for the disk: on a machine whose disk other jobs keep
# busy one took tens of milliseconds, and the workers ran out of work while the parent waited.
CLEAN_WINDOW_GROWTH = 32
REPORT_ARTICLES = 2000  # report.html embeds every article's text; past this many it shows the first ones


@dataclass
class RunResult:
    out: Path
    articles: list[Article] = field(default_factory=list)  # one per input: name, status and reason (not the text)
    manifest: dict[str, Any] = field(default_factory=dict)
    already_done: bool = False  # the output folder held this run, finished: nothing was done

    @property
    def failed(self) -> int:
        return sum(a.status == "failed" for a in self.articles)


class Stems:
    """``<stem>`` for each article, given out in input order: its path without the extension, made unique."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, stem: str) -> str:
        self.used.add(stem)
        return stem

    def assign(self, preferred: str, alternative: str) -> str:
        stem = safe_stem(preferred)
        if stem in self.used:
            stem = safe_stem(alternative)  # a.txt and a.html in one folder: keep the extension to tell them apart
        base, n = stem, 2
        while stem in self.used:
            stem, n = f"{base}-{n}", n + 1
        return self.take(stem)


def article_summary(article: Article) -> dict[str, Any]:
    """What the run's summary counts of one article, kept in the journal so a resumed run can count it."""
    if article.status != "ok":
        return {}
    return {
        "flags": dict(Counter(f.kind for f in article.flags)),
        "removals": dict(Counter(e.rule for e in article.removals())),
        "kept": len(article.body),
        "removed": len(article.paragraphs) - len(article.body),
    }


class Tally:
    """The manifest's counts, added up as windows finish: the manifest is rewritten after every window, and
    summing the whole journal each time made a run's time grow with the square of its articles."""

    def __init__(self):
        self.files: Counter = Counter()
        self.flags: Counter = Counter()
        self.removals: Counter = Counter()
        self.sentences: Counter = Counter()
        self.kept = self.removed = 0
        self.seen = 0
        self.journal: Sequence[Finished] | None = None  # what was counted: a journal cut back is a new one

    def add(self, f: Finished) -> None:
        self.files[f.entry["status"]] += 1
        self.flags.update(f.summary.get("flags", {}))
        self.removals.update(f.summary.get("removals", {}))
        self.kept += f.summary.get("kept", 0)
        self.removed += f.summary.get("removed", 0)
        self.sentences.update(f.counts)
        self.seen += 1

    def catch_up(self, finished: Sequence[Finished]) -> Tally:
        """Count the journal's new entries; start over if it was cut back (an input changed or went away)."""
        if finished is not self.journal or self.seen > len(finished):
            self.__init__()
            self.journal = finished
        for f in finished[self.seen:]:
            self.add(f)
        return self

    def summary(self) -> dict[str, Any]:
        return {
            "files": dict(self.files),
            "flags": dict(sorted(self.flags.items())),
            "removals": dict(sorted(self.removals.items())),
            "paragraphs": {"kept": self.kept, "removed": self.removed},
        }


def summarize(finished: Sequence[Finished]) -> dict[str, Any]:
    return Tally().catch_up(finished).summary()


def summarize_articles(articles: list[Article]) -> dict[str, Any]:
    """The same counts from articles in memory (apply-review rewrites a finished folder's manifest)."""
    return summarize([Finished(a.file, "", "", {"status": a.status}, article_summary(a)) for a in articles])


def manifest_entry(article: Article) -> dict[str, Any]:
    entry: dict[str, Any] = {"file": article.file, "status": article.status, "reason": article.reason}
    if article.source_id:
        entry["source_id"] = article.source_id
    if article.status == "ok":
        entry.update(title=article.title, date=article.date, encoding=article.encoding, flags=len(article.flags))
    return entry


@dataclass
class Prepared:
    """An article cleaned and made into its files in a worker process (``vi2en clean --jobs N``): all that its
    window writes and journals, so the article itself need not come back to the parent."""

    file: str
    status: str
    reason: str
    sentences: int  # sentence_count of the article as cleaned
    entry: dict[str, Any]  # its manifest entry, outputs included
    files: list[tuple[str, bytes]]  # its files, in the order they are written
    rows: dict[str, bytes]  # its lines of aligned.jsonl and review.jsonl
    summary: dict[str, Any]
    said: list[tuple[str, int, str]] = field(default_factory=list)  # logged while it was made: said when written


def clean_source(source: Source, config: CleanConfig, standing: StandingDecisions | None) -> Article:
    """One source read and cleaned, with a reviewer's standing corrections in (before any translation); also what a
    worker process or a Ray task runs."""
    article = source.article(config)
    apply_standing_decisions(article, standing)
    return article


def prepare(article: Article, stem: str, standing: StandingDecisions | None) -> Prepared:
    """What :meth:`Run._write_window` makes of a cleaned article that is not translated, made in a worker: the
    same steps in the same order, short of writing."""
    sentences = sentence_count(article)
    entry = manifest_entry(article)
    files: list[tuple[str, bytes]] = []
    if article.status == "ok":
        apply_standing_decisions(article, standing)
        files, entry["outputs"] = article_files(article, stem)
    rows = streamed_rows(article, stem)
    return Prepared(article.file, article.status, article.reason, sentences, entry, files, rows,
                    article_summary(article))


def streamed_rows(article: Article, stem: str) -> dict[str, bytes]:
    """The article's lines of ``aligned.jsonl`` (translate) and ``review.jsonl``."""
    from .write.aligned import aligned_records
    from .write.review import review_records

    aligned = jsonl(aligned_records([article], {0: stem})) if article.translation else ""
    return {"aligned.jsonl": aligned.encode("utf-8"), "review.jsonl": jsonl(review_records([article])).encode("utf-8")}


def write_prepared(prepared: Prepared, out: Path) -> list[str]:
    """Write the files a worker made for one article; returns them, relative to ``out``."""
    write_files(out, prepared.files)
    return prepared.entry.get("outputs", [])


Item = tuple[Article | Prepared, str, str]  # an article (or a worker's Prepared), its output stem, its content hash


def windows(items: Iterator[Item], sizes: tuple[int, int] | None = None) -> Iterator[list[Item]]:
    """Articles in windows of about ``size`` sentences; the first window is small, so the first outputs are on
    disk early, and each next one twice as large up to the most, so batches stay full."""
    size, most = sizes or WINDOW_SENTENCES
    window: list[Item] = []
    sentences = 0
    for item in items:
        window.append(item)
        sentences += sentence_count(item[0])
        if sentences >= size:
            yield window
            window, sentences, size = [], 0, min(size * 2, most)
    if window:
        yield window


def sentence_count(article: Article | Prepared) -> int:
    if isinstance(article, Prepared):
        return article.sentences
    if article.status != "ok":
        return 0
    return 1 + sum(p.clean.count(". ") + 1 for p in article.body) + len(article.captions)


class Run:
    """One run into one output folder: streams sources through the stages window by window, writes each
    window's outputs, and records it in the journal (see :mod:`translate.resume`)."""

    def __init__(self, command: str, paths: list[Path], out: Path, settings: dict[str, Any], progress: Progress,
                 overwrite: bool = False, fields: Fields = Fields(), stdin_format: str | None = None,
                 standing: StandingDecisions | None = None, jobs: int | None = 1):
        self.command, self.paths, self.out, self.settings = command, paths, out, settings
        self.jobs = jobs  # worker processes that clean (1: this process; None: as many as cores, for a large run)
        self.pool = None
        self.progress = progress
        self.standing = standing or load_standing_decisions(out, marker=settings["clean"]["marker"])
        self.fields, self.stdin_format = fields, stdin_format
        self.started = time.time()
        identity = {"command": command, "inputs": [str(p) for p in paths]}
        out.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(out, older_than=self.started)
        # Where the cache lives, or whether there is one, changes no output: a rerun with another --cache-dir resumes.
        outputs_depend_on = {**settings, "translate": {k: v for k, v in settings.get("translate", {}).items()
                                                       if k not in ("cache_dir", "use_cache")}}
        # Standing decisions change outputs: once apply-review adds one, the next run redoes the folder with it.
        outputs_depend_on["decisions"] = self.standing.digest()
        self.state = RunState(out, identity, outputs_depend_on, overwrite).open()
        self.stems = Stems()
        self.streams = {name: Streamed(out / name) for name in STREAMED}
        self.entries: list[Article] = []
        self.redone = 0
        self.to_do: int | None = None  # sources this run cleans (not passed over as finished); None: not known
        self.windowed = 0  # of them, those in the windows so far
        self.tally = Tally()
        self.aligned_format = settings.get("aligned_format", "jsonl")

    def run(self, clean_config: CleanConfig, translate_window=None, stages=None) -> RunResult:
        """``translate_window(articles) -> counts`` fills the sentences of a window's ok articles and returns each
        one's sentence counts. ``stages(pending) -> items`` cleans the pending sources elsewhere (the Ray runner);
        the items come back in order and are written here, as a single process writes them."""
        try:
            articles = stages(self._pending()) if stages else self._articles(clean_config)
            first, most = WINDOW_SENTENCES
            sizes = (first, most) if translate_window else (first, most * CLEAN_WINDOW_GROWTH)
            for window in windows(articles, sizes):
                self.windowed += len(window)
                ok = [a for a, _, _ in window if a.status == "ok"]
                counts = iter(translate_window(ok) if translate_window and ok else [])
                self._write_window(window, {id(a): next(counts) for a in ok} if translate_window else {})
            if self.pool is not None:
                self.pool.close()  # all is cleaned: the workers' memory goes before the report is made
            self.progress.finish("clean")
            self.progress.finish("write")
            if self.redone or not self.state.was_finished:
                manifest = self._finish()
                return RunResult(self.out, self.entries, manifest)
            manifest = json.loads((self.out / "manifest.json").read_text(encoding="utf-8"))
            return RunResult(self.out, self.entries, manifest, already_done=True)
        finally:
            if self.pool is not None:
                self.pool.close()
            self.state.release()
            for stream in self.streams.values():
                stream.close()

    def _articles(self, config: CleanConfig) -> Iterator[Item]:
        """Cleaned articles of the sources not yet finished, in input order (cleaned here, or by worker processes
        with ``jobs`` > 1); finished ones are passed over (their stems kept)."""
        todo = self._pending()

        def here(source: Source, stem: str) -> Article:
            return clean_source(source, config, self.standing)

        jobs, pooled = self.jobs, False
        if jobs is None:
            from .workers import usable_cores, worth_a_pool

            jobs = usable_cores()
            if jobs > 1:
                pooled, todo = worth_a_pool(todo)
        elif jobs > 1:
            pooled = True
        if pooled:
            from .workers import CleanPool

            self.pool = CleanPool(jobs, config, self.standing, prepare=self.command == "clean")
            cleaned = self.pool.map(todo, here)
        else:
            cleaned = ((source, stem, here(source, stem)) for source, stem in todo)
        for source, stem, article in cleaned:
            self.progress.advance("clean")
            yield article, stem, source.digest

    def _pending(self) -> Iterator[tuple[Source, str]]:
        """The sources to clean, each with its output stem (the Ray runner cleans them elsewhere); the inputs are
        listed once, for the progress bar's count and for the sources."""
        listing = list_inputs(self.paths, self.out)
        total, unit = count_sources(self.paths, self.out, listing)
        self.progress.start("clean", total, unit)
        self.progress.start("write", total, unit)
        self.to_do = total or None
        return self._unfinished(listing)

    def _unfinished(self, listing) -> Iterator[tuple[Source, str]]:
        """The sources to clean, each with its output stem, given out in input order. The journal's finished
        articles (a prefix of the sources) are passed over; from the first changed source on, all is redone."""
        finished = self.state.finished  # what earlier runs finished (read one at a time: a journal holds lines)
        known = len(finished)  # the journal grows as this run goes, but only after these are passed over
        position = 0
        changing = False
        for source in iter_sources(self.paths, self.out, self.fields, self.stdin_format, listing):
            if position < known:
                done = finished[position]
                if done.key == source.key and done.digest == source.digest:
                    self.stems.take(done.stem)
                    self.entries.append(Article(file=done.key, status=done.entry["status"], reason=done.entry["reason"]))
                    position += 1
                    if self.to_do:
                        self.to_do -= 1
                    self.progress.advance("clean")
                    self.progress.advance("write")
                    continue
                self.state.truncate(position)  # an input changed: it and everything after it are redone
                known = 0
            if not changing:  # something new comes: the old run's manifest and report no longer hold
                self.state.unfinish()
                changing = True
            yield source, self.stems.assign(source.stem, source.alternative)
        if position < known:
            self.state.truncate(position)  # inputs that are gone: their outputs go too
            self.redone += 1

    def share_windowed(self) -> float | None:
        """The share of this run's sources in the windows so far (for the translation bar's estimated total)."""
        return min(1.0, self.windowed / self.to_do) if self.to_do else None

    def _write_window(self, window: list[Item], counts: dict[int, dict[str, int]]) -> None:
        """Each article's files, then the window's aligned pairs and review rows, then its journal lines."""
        done = []
        rows = {name: [] for name in STREAMED}
        ends = {name: stream.position() for name, stream in self.streams.items()}
        for article, stem, digest in window:
            if isinstance(article, Prepared):  # cleaned and made into files by a worker
                from .workers import say_again

                say_again(article.said)
                write_prepared(article, self.out)
                entry, texts, summary = article.entry, article.rows, article.summary
            else:
                entry = manifest_entry(article)
                if article.status == "ok":
                    apply_standing_decisions(article, self.standing)  # decisions about the translation (mt.* flags)
                    entry["outputs"] = write_article(article, self.out, stem)
                texts = streamed_rows(article, stem)
                summary = article_summary(article)
            for name, data in texts.items():
                rows[name].append(data)
                ends[name] += len(data)
            done.append(Finished(article.file, digest, stem, entry, summary, dict(ends), counts.get(id(article), {})))
        for name, stream in self.streams.items():
            data = b"".join(rows[name])
            if data or stream.handle is None:  # nothing new has nothing to sync (aligned.jsonl, in every clean window)
                stream.write(data)
        self.state.append(done)
        self.redone += len(done)
        self.entries.extend(Article(file=a.file, status=a.status, reason=a.reason) for a, _, _ in window)
        self.progress.advance("write", len(window))
        self._write_manifest("running")

    def _write_manifest(self, state: str, files: list | None = None) -> dict[str, Any]:
        finished = self.state.finished
        tally = self.tally.catch_up(finished)
        counts: dict[str, Any] = tally.summary()
        if self.command == "translate":
            from .translation import COUNTS

            counts["sentences"] = {key: tally.sentences[key] for key in COUNTS}
        manifest = {
            "tool": "vi2en",
            "version": __version__,
            "command": self.command,
            "state": state,
            "settings": self.settings,
            "started": dt.datetime.fromtimestamp(self.started, dt.timezone.utc).isoformat(timespec="seconds"),
            "seconds": round(time.time() - self.started, 3),
            "articles done": len(finished),
            "counts": counts,
        }
        if files is not None:
            manifest["files"] = files
        write_atomic(self.out / "manifest.json", dumps(manifest))
        return manifest

    def _finish(self) -> dict[str, Any]:
        """The run's whole-folder outputs, from what the windows wrote; the manifest last: it marks a finished run."""
        from .write.streamed import write_review_from

        for stream in self.streams.values():
            stream.close()
        write_review_from(self.out)
        if self.command == "translate":
            from .write.aligned import write_aligned_from

            write_aligned_from(self.out)
            if self.aligned_format == "parquet" and (self.out / "aligned.jsonl").exists():
                from .write.aligned import write_aligned_parquet

                write_aligned_parquet(self.out)
            else:
                (self.out / "aligned.parquet").unlink(missing_ok=True)
        else:
            (self.out / "aligned.jsonl").unlink(missing_ok=True)
        self._write_report()
        files = []
        for f in self.state.finished:
            entry = dict(f.entry)
            if "outputs" in entry:  # the order of keys of the single-process manifest
                outputs = entry.pop("outputs")
                entry = {"file": entry.pop("file"), "status": entry.pop("status"), "reason": entry.pop("reason"),
                         "outputs": outputs, **entry}
            files.append(entry)
        return self._write_manifest("finished", files)

    def _write_report(self) -> None:
        from .article import from_json
        from .write.report import write_report

        finished = self.state.finished[:REPORT_ARTICLES]
        stems = {i: f.stem for i, f in enumerate(finished)}

        def articles() -> Iterator[Article]:  # one at a time: the report keeps its own data of each, not the article
            for f in finished:
                record = self.out / f"{f.stem}.json"
                if f.entry["status"] == "ok" and record.exists():
                    yield from_json(json.loads(record.read_text(encoding="utf-8")))
                else:
                    yield Article(file=f.key, status=f.entry["status"], reason=f.entry["reason"])

        write_report(articles(), stems, self.out)


def clean_files(
    paths: list[Path], out: Path, config: CleanConfig = CleanConfig(), progress: Progress | None = None,
    standing: StandingDecisions | None = None, overwrite: bool = False, fields: Fields = Fields(), stdin_format: str | None = None,
    jobs: int | None = 1,
) -> RunResult:
    """The cleaning stage on its own: ``vi2en clean``. ``jobs`` worker processes clean (None: one per usable core
    when the run is large enough to gain); the outputs are the same whatever it is."""
    settings = {"inputs": [str(p) for p in paths], "clean": asdict(config), "fields": asdict(fields)}
    run = Run("clean", paths, out, settings, progress or SilentProgress(), overwrite, fields, stdin_format, standing,
              jobs)
    return run.run(config)


def translate_settings(paths: list[Path], clean_config: CleanConfig, config, signature: dict, fields: Fields,
                       aligned_format: str) -> dict[str, Any]:
    """What a translate run's outputs depend on (the manifest's settings; a change redoes the run)."""
    return {"inputs": [str(p) for p in paths], "clean": asdict(clean_config), "translate": config.settings(),
            "model": signature, "fields": asdict(fields), "aligned_format": aligned_format}


def translate_files(
    paths: list[Path],
    out: Path,
    clean_config: CleanConfig = CleanConfig(),
    config=None,
    progress: Progress | None = None,
    engine=None,
    standing: StandingDecisions | None = None,
    overwrite: bool = False,
    fields: Fields = Fields(),
    stdin_format: str | None = None,
    aligned_format: str = "jsonl",
    jobs: int | None = 1,
) -> RunResult:
    """Clean, then translate: ``vi2en translate``. The model is loaded before anything is written, so a
    missing model leaves no half-made output folder."""
    from .config import TranslateConfig, resolve_model
    from .engines import load_engine
    from .translation import open_cache, translate_articles

    config = config or TranslateConfig()
    progress = progress or SilentProgress()
    if engine is None:
        engine = load_engine(resolve_model(config.model), config)
    settings = translate_settings(paths, clean_config, config, engine.signature(), fields, aligned_format)
    run = Run("translate", paths, out, settings, progress, overwrite, fields, stdin_format, standing, jobs)
    window_progress = WindowProgress(progress, run.share_windowed)
    cache = open_cache(engine, config)

    def translate_window(articles: list[Article]) -> list[dict[str, int]]:
        counts: list[dict[str, int]] = []
        translate_articles(articles, engine, config, clean_config.marker, window_progress, cache, counts)
        return counts

    try:
        result = run.run(clean_config, translate_window)
    finally:
        if cache:
            cache.close()
    if window_progress.started:
        progress.finish("translate")
    return result


class WindowProgress:
    """One 'translate' task for the whole run, though each window starts its own. Until the last window its total
    is an estimate: the tokens of the windows so far, scaled up by the share of the run's articles they hold, so
    the bar and its ETA speak for the run, not for the window being translated (a new user saw the bar reach 100%
    and start again at 28% with every window)."""

    def __init__(self, progress: Progress, share: Callable[[], float | None] = lambda: None):
        self.progress = progress
        self.share = share  # of the run's articles in the windows so far; None when the count is not known (stdin)
        self.started = False
        self.known = 0  # tokens of the windows so far

    def start(self, task: str, total: int, unit: str) -> None:
        self.known += total
        share = self.share()
        estimate = max(self.known, round(self.known / share)) if share else self.known
        if not self.started:
            self.progress.start(task, estimate, unit)
            self.started = True
        elif hasattr(self.progress, "set_total"):
            self.progress.set_total(task, estimate)

    def advance(self, task: str, amount: int = 1) -> None:
        self.progress.advance(task, amount)

    def finish(self, task: str) -> None:
        pass
