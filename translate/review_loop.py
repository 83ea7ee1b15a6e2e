"""A reviewer's decisions back into a run: ``vi2en apply-review OUT DECISIONS``, and decisions that stand.

A decisions file is JSON Lines or CSV with the fields ``id`` (a flag's stable id, :func:`~translate.article.flag_id`),
``decision`` (``accept``: vi2en's repair or English is right; ``edit``: ``correction`` replaces it; ``dismiss``:
not a problem) and optional ``reviewer``, ``note`` and ``time``. The report exports one; so does ``review.csv``
with its decision columns filled in (rows left undecided are skipped).

Applying one patches the cleaned Vietnamese at each edited span (a date's or number's repaired phrase), checks
its dates again, retranslates only the sentences whose Vietnamese changed (the rest keep their English), writes a
corrected English sentence as the final translation (``post_edited``), and rewrites every output of the folder
through the usual writers. Each decision is recorded in its article's record and in the manifest, and kept in
``OUT/decisions.jsonl``: later runs into the folder (or given ``--decisions``) apply them again, so a dismissed
flag stays dismissed and a correction stays made.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .article import Article, Flag, SentencePair, flag_id, from_json

log = logging.getLogger("vi2en.review")

DECISION_KINDS = ("accept", "edit", "dismiss")
KEPT_FILE = "decisions.jsonl"  # the folder's standing decisions
LOST = "XNUMX"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class DecisionsError(ValueError):
    """The decisions file cannot be used as a whole (a usage error: nothing is applied or written)."""


class ReviewFolderError(ValueError):
    """The output folder is not one vi2en wrote (no manifest, or records missing)."""


@dataclass(frozen=True)
class Decision:
    id: str
    decision: str
    correction: str = ""
    reviewer: str = ""
    note: str = ""
    time: str = ""
    row: int = 0  # line in the decisions file, for messages
    applied: str = ""  # when apply-review applied it (kept decisions only)

    def same_as(self, record: dict) -> bool:
        """Whether ``record`` (an applied decision) already says this: then applying it again changes nothing."""
        return record.get("decision") == self.decision and (self.decision != "edit" or record.get("after") == self.correction)


# --- reading a decisions file ------------------------------------------------------------------------------

def read_decisions(path: Path) -> list[Decision]:
    """Every decided row of a JSONL or CSV decisions file. A file that cannot be read as a whole raises
    :class:`DecisionsError` naming the line, so nothing is applied from a file half understood."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DecisionsError(f"{path} is not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV or JSON Lines") from None
    is_jsonl = path.suffix.lower() in (".jsonl", ".ndjson", ".json") or text.lstrip().startswith("{")
    rows = _jsonl_rows(text, path) if is_jsonl else _csv_rows(text, path)
    decisions = [d for n, row in rows if (d := _decision(n, row, path, from_csv=not is_jsonl))]
    if not decisions:
        raise DecisionsError(f"{path} holds no decisions (each row needs an id and a decision: {', '.join(DECISION_KINDS)})")
    return decisions


def _jsonl_rows(text: str, path: Path) -> list[tuple[int, dict]]:
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DecisionsError(f"{path}: line {n} is not JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise DecisionsError(f"{path}: line {n} is not a JSON object")
        rows.append((n, row))
    return rows


def _csv_rows(text: str, path: Path) -> list[tuple[int, dict]]:
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = reader.fieldnames or []
        if "id" not in header or "decision" not in header:
            raise DecisionsError(f"{path}: a CSV decisions file needs the columns id and decision (found: {', '.join(header) or 'none'})")
        rows = []
        for row in reader:
            rows.append((reader.line_num, row))
        return rows
    except csv.Error as exc:
        raise DecisionsError(f"{path}: not a readable CSV file ({exc})") from None


def _uncell(value: str) -> str:
    """Undo the apostrophe review.csv puts before a cell a spreadsheet would read as a formula."""
    if value.startswith("'") and value[1:].lstrip(" ").startswith(_FORMULA_START):
        return value[1:]
    return value


def _decision(n: int, row: dict, path: Path, from_csv: bool) -> Decision | None:
    values: dict[str, str] = {}
    for key in ("id", "decision", "correction", "reviewer", "note", "time", "applied"):
        value = row.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise DecisionsError(f"{path}: line {n}: {key} must be text, not {json.dumps(value)}")
        values[key] = _uncell(value) if from_csv else value
    decision = values["decision"].strip().lower()
    if not decision and from_csv:
        return None  # a queue row nobody decided yet
    if not values["id"].strip():
        raise DecisionsError(f"{path}: line {n} has no id (copy it from review.csv or export from report.html)")
    if decision not in DECISION_KINDS:
        raise DecisionsError(f"{path}: line {n}: decision '{values['decision']}' is not one of {', '.join(DECISION_KINDS)}")
    if decision == "edit" and not values["correction"].strip():
        raise DecisionsError(f"{path}: line {n}: an edit needs a correction (the repaired Vietnamese phrase, or the corrected English for mt.* flags)")
    return Decision(id=values["id"].strip(), decision=decision, correction=values["correction"] if decision == "edit" else "",
                    reviewer=values["reviewer"].strip(), note=values["note"], time=values["time"].strip(), row=n,
                    applied=values["applied"])


# --- deciding one article's flags --------------------------------------------------------------------------

@dataclass
class ArticleChange:
    """What deciding flags did to one article: paragraphs whose Vietnamese changed, sentences still to translate."""

    paragraphs: set[int] = field(default_factory=set)
    records: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    english: list[tuple[SentencePair, str, Any]] = field(default_factory=list)  # post-edits (pair, English, record)
    to_translate: list[SentencePair] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.records)


def _row(d: Decision) -> str:
    return f"line {d.row}: " if d.row else ""


def find_pair(article: Article, flag: Flag) -> SentencePair | None:
    """The sentence pair an ``mt.*`` flag is about (same Vietnamese and English where the flag says)."""
    for pair in article.sentences:
        where = pair.paragraph == flag.paragraph if pair.part == "body" else flag.paragraph is None
        if where and pair.vi == flag.original and pair.en == flag.english:
            if pair.sentence == flag.sentence or flag.sentence is None:
                return pair
    return None


def locate_span(article: Article, flag: Flag) -> tuple[int, int] | None:
    """Where the flag's repaired phrase stands in its paragraph's cleaned text (the occurrence nearest to where
    the raw text had it), or None when it is no longer there."""
    para = article.paragraphs[flag.paragraph]
    phrase = flag.cleaned
    if not phrase:
        return None
    shift = sum(len(e.text) - len(e.replacement) for e in para.edits if flag.start is not None and e.end <= flag.start)
    near = (flag.start or 0) - shift
    hits, at = [], para.clean.find(phrase)
    while at >= 0:
        hits.append(at)
        at = para.clean.find(phrase, at + 1)
    if not hits:
        return None
    best = min(hits, key=lambda h: abs(h - near))
    return best, best + len(phrase)


def decide_article(article: Article, decisions: list[Decision], marker: str, now: str) -> ArticleChange:
    """Apply decisions about this article's flags: record each, take decided flags off the review queue, patch
    the cleaned Vietnamese of edited dates and numbers (and check the new text's dates), and note the English
    corrections and the sentences to translate again. A decision that cannot be applied is an error message."""
    change = ArticleChange()
    flags = {flag_id(f): f for f in article.flags}
    patches: dict[int, list[tuple[int, int, str]]] = {}
    resolved: list[Flag] = []
    for d in decisions:
        f = flags[d.id]
        mt = f.kind.startswith("mt.")
        before = f.english if mt else f.cleaned
        if d.decision == "edit":
            if mt:
                pair = find_pair(article, f)
                if pair is None:
                    change.errors.append(f"{_row(d)}flag {d.id} ({f.kind}): its sentence is no longer in the translation")
                    continue
                change.english.append((pair, d.correction, None))
            elif f.kind.startswith(("date.", "number.")) and f.paragraph is not None:
                if LOST in d.correction:
                    change.errors.append(f"{_row(d)}flag {d.id} ({f.kind}): the correction still has a lost number ({LOST})")
                    continue
                span = locate_span(article, f)
                taken = patches.setdefault(f.paragraph, [])
                if span is None:
                    change.errors.append(f"{_row(d)}flag {d.id} ({f.kind}): '{f.cleaned}' is no longer in paragraph {f.paragraph}'s cleaned text")
                    continue
                if any(a < span[1] and span[0] < b for a, b, _ in taken):
                    change.errors.append(f"{_row(d)}flag {d.id} ({f.kind}): overlaps another correction in paragraph {f.paragraph}")
                    continue
                taken.append((span[0], span[1], d.correction))
            else:
                change.errors.append(f"{_row(d)}flag {d.id} ({f.kind}): this kind can be accepted or dismissed, not edited")
                continue
        record = {"id": d.id, "kind": f.kind, "decision": d.decision, "before": before,
                  "after": d.correction if d.decision == "edit" else before, "paragraph": f.paragraph,
                  "sentence": f.sentence, "reviewer": d.reviewer or None, "note": d.note or None, "time": d.time or None,
                  "applied": d.applied or now}
        change.records.append(record)
        resolved.append(f)
        if change.english and change.english[-1][2] is None:
            change.english[-1] = (*change.english[-1][:2], record)
    for i, spans in patches.items():
        _patch_paragraph(article, i, spans, marker, change)
    article.flags = [f for f in article.flags if all(f is not r for r in resolved)]
    article.decisions.extend(change.records)
    if article.translation is not None:
        change.to_translate = resegment(article, change.paragraphs)
        for pair, english, record in change.english:
            if not any(pair is p for p in article.sentences):  # retranslated: the correction was of other English
                change.errors.append(f"flag {record['id']} ({record['kind']}): not applied, its sentence's Vietnamese changed "
                                     "with another correction; decide its new translation after this run")
                change.records.remove(record)
                article.decisions.remove(record)
                continue
            _post_edit(article, pair, english)
    return change


def _patch_paragraph(article: Article, i: int, spans: list[tuple[int, int, str]], marker: str, change: ArticleChange) -> None:
    """Write each correction into paragraph ``i``'s cleaned text and flag any date the new text gets wrong."""
    from . import dates

    para = article.paragraphs[i]
    text, new_spans, shift = para.clean, [], 0
    for a, b, correction in sorted(spans):
        a, b = a + shift, b + shift
        text = text[:a] + correction + text[b:]
        new_spans.append((a, a + len(correction)))
        shift += len(correction) - (b - a)
    if text == para.clean:
        return
    para.clean = text
    change.paragraphs.add(i)
    for finding in dates.check_text(text, dates.parse_iso(article.date), marker):
        m = finding.mention
        if any(m.start < b and a < m.end for a, b in new_spans):
            article.flags.append(Flag(kind=finding.kind, original=m.text, cleaned=m.text, context=text[max(0, m.start - 80): m.end + 80].strip(),
                                      suggestion=f"after review: {finding.suggestion}", file=article.file, line=para.line, paragraph=i))


def resegment(article: Article, paragraphs: set[int]) -> list[SentencePair]:
    """Split changed paragraphs into sentences again; a sentence that is still there keeps its English and flags,
    a new one is returned to be translated. ``mt.*`` flags of sentences that went away go with them."""
    from .segment import split_sentences

    fresh: list[SentencePair] = []
    for i in sorted(paragraphs):
        para = article.paragraphs[i]
        old = [s for s in article.sentences if s.part == "body" and s.paragraph == i]
        pool: dict[str, list[SentencePair]] = {}
        for s in old:
            pool.setdefault(s.vi, []).append(s)
        new = []
        for a, b in split_sentences(para.clean):
            vi = para.clean[a:b]
            if pool.get(vi):
                new.append(pool[vi].pop(0))
            else:
                fresh.append(SentencePair(paragraph=i, sentence=0, vi=vi, translated=para.lang == "vi", part="body"))
                new.append(fresh[-1])
        moved = {s.sentence: j for j, s in enumerate(new) if any(s is o for o in old)}  # old index → new index
        kept_flags = []
        for f in article.flags:
            if f.kind.startswith("mt.") and f.paragraph == i:
                if f.sentence not in moved:
                    continue  # its sentence went away
                f.sentence = moved[f.sentence]  # its id was made already, so it keeps it
            kept_flags.append(f)
        article.flags = kept_flags
        for j, s in enumerate(new):
            s.sentence = j
        at = next((k for k, s in enumerate(article.sentences) if s.part == "body" and s.paragraph == i), None)
        if at is None:
            at = next((k for k, s in enumerate(article.sentences) if (s.part == "body" and s.paragraph > i) or s.part == "caption"),
                      len(article.sentences))
        rest = [s for s in article.sentences if not (s.part == "body" and s.paragraph == i)]
        article.sentences = rest[:at] + new + rest[at:]
    return fresh


def _post_edit(article: Article, pair: SentencePair, english: str) -> None:
    """A reviewer's English is the final translation: the model's QA flags on the sentence no longer apply."""
    article.flags = [f for f in article.flags if not (f.kind.startswith("mt.") and f.original == pair.vi and f.english == pair.en
                                                      and f.sentence == pair.sentence)]
    pair.en = english
    pair.post_edited = True
    pair.flags = [k for k in pair.flags if not k.startswith("mt.")]


def order_flags(article: Article) -> None:
    """The review queue in the order a run makes it: the cleaner's flags, then the translation's, sentence by sentence."""
    def position(f: Flag) -> int:
        for k, pair in enumerate(article.sentences):
            if pair.sentence == f.sentence and (pair.paragraph == f.paragraph if pair.part == "body" else f.paragraph is None and pair.vi == f.original):
                return k
        return len(article.sentences)

    mt = sorted((f for f in article.flags if f.kind.startswith("mt.")), key=position)
    article.flags = [f for f in article.flags if not f.kind.startswith("mt.")] + mt


def translate_fresh(changes: list[tuple[Article, ArticleChange]], engine, config, marker: str, progress=None) -> int:
    """Translate the sentences whose Vietnamese changed (only those reach the engine); QA them; returns how many."""
    from .pipeline import SilentProgress
    from .translation import Plan, check_translation, decode_settings, translate_inputs

    todo = [(a, p) for a, c in changes for p in c.to_translate]
    for article, pair in todo:
        if not pair.translated:
            pair.en, pair.flags = pair.vi, [f"passthrough:{article.paragraphs[pair.paragraph].lang}"]
    todo = [(a, p) for a, p in todo if p.translated]
    if not todo:
        return 0
    plan = Plan(engine, marker)
    for k, (_, pair) in enumerate(todo):
        plan.add((0, k), pair.vi)
    done, _ = translate_inputs(plan.model_inputs(), engine, config, decode_settings(engine, config), progress or SilentProgress())
    for k, (article, pair) in enumerate(todo):
        pair.en = plan.join((0, k), done)
        check_translation(article, pair, marker)
    return len(todo)


# --- apply-review on an output folder ----------------------------------------------------------------------

@dataclass
class ReviewResult:
    applied: list[dict] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # ids whose decision was applied before
    errors: list[str] = field(default_factory=list)
    retranslated: int = 0
    articles: int = 0  # articles rewritten


@dataclass
class Run:
    """An output folder read back: its manifest, every article (records of ok ones), and their stems."""

    out: Path
    manifest: dict[str, Any]
    articles: list[Article]
    stems: dict[int, str]


def load_run(out: Path) -> Run:
    path = out / "manifest.json"
    if not path.is_file():
        raise ReviewFolderError(f"{out} has no manifest.json: run 'vi2en clean' or 'vi2en translate' into it first")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if manifest.get("state", "finished") != "finished":
            raise ReviewFolderError(f"the run into {out} has not finished: run the same vi2en command again to finish it, "
                                    "then apply the decisions")
        articles, stems = [], {}
        for i, entry in enumerate(manifest["files"]):
            record = next((o for o in entry.get("outputs") or [] if o.endswith(".json")), None)
            if entry.get("status") == "ok" and record:
                articles.append(from_json(json.loads((out / record).read_text(encoding="utf-8"))))
                stems[i] = record[: -len(".json")]
            else:
                articles.append(Article(file=entry["file"], status=entry.get("status", "failed"), reason=entry.get("reason", "")))
    except ReviewFolderError:
        raise
    except FileNotFoundError as exc:
        raise ReviewFolderError(f"{out} is missing {Path(exc.filename).name}, which its manifest lists; run vi2en into it again") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise ReviewFolderError(f"{out} holds a record vi2en cannot read back ({type(exc).__name__}: {exc})") from None
    return Run(out, manifest, articles, stems)


def run_config(manifest: dict, overrides: dict[str, Any] | None = None):
    """The translation settings of the run that made the folder, with any given ``overrides``."""
    from .config import TranslateConfig

    saved = dict((manifest.get("settings") or {}).get("translate") or {})
    saved.update({k: v for k, v in (overrides or {}).items() if v is not None})
    if saved.get("cache_dir"):
        saved["cache_dir"] = Path(saved["cache_dir"])
    return TranslateConfig(**{k: v for k, v in saved.items() if k in TranslateConfig.__dataclass_fields__})


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def apply_review(out: Path, decisions: list[Decision], source: str = "", overrides: dict[str, Any] | None = None,
                 engine_factory: Callable | None = None, progress=None) -> ReviewResult:
    """Apply ``decisions`` to the output folder ``out`` and rewrite what they change. Decisions applied before
    change nothing; unknown ids and vanished spans are errors in the result while the others are applied.
    Nothing is written when nothing changes, and nothing before the model (if one is needed) has loaded."""
    run = load_run(out)
    marker = ((run.manifest.get("settings") or {}).get("clean") or {}).get("marker", "[?]")
    result = ReviewResult()
    owner: dict[str, int] = {}
    decided: dict[str, dict] = {}
    for n, a in enumerate(run.articles):
        for f in a.flags:
            owner[flag_id(f)] = n
        for r in a.decisions:
            decided[r["id"]] = r
    per_article: dict[int, list[Decision]] = {}
    seen: dict[str, int] = {}
    for d in decisions:
        if d.id in seen:
            result.errors.append(f"{_row(d)}flag {d.id} is decided twice in the file (also line {seen[d.id]}); the first is used")
            continue
        seen[d.id] = d.row
        if d.id in decided:
            if d.same_as(decided[d.id]):
                result.unchanged.append(d.id)
            else:
                r = decided[d.id]
                result.errors.append(f"{_row(d)}flag {d.id} was already decided ({r['decision']}, applied {r.get('applied')}); "
                                     "a new decision needs a new run of vi2en into the folder")
            continue
        if d.id not in owner:
            result.errors.append(f"{_row(d)}unknown flag id {d.id}: no such flag in {out}'s review queue")
            continue
        per_article.setdefault(owner[d.id], []).append(d)
    now = _now()
    changes = []
    for n, ds in sorted(per_article.items()):
        change = decide_article(run.articles[n], ds, marker, now)
        result.errors.extend(change.errors)
        if change.changed:
            changes.append((run.articles[n], change))
            result.applied.extend({"file": run.articles[n].file, **r} for r in change.records)
    if not changes:
        return result
    if any(c.to_translate for _, c in changes):
        config = run_config(run.manifest, overrides)
        engine = (engine_factory or _load_engine)(config)
        result.retranslated = translate_fresh(changes, engine, config, marker, progress)
    from .translation import assemble_english

    for article, _ in changes:
        if article.translation is not None:
            assemble_english(article)
            order_flags(article)
    result.articles = len(changes)
    write_run(run, {id(a) for a, _ in changes}, result, source, now)
    return result


def _load_engine(config):
    from .config import resolve_model
    from .engines import load_engine

    return load_engine(resolve_model(config.model), config)


def write_run(run: Run, affected: set[int], result: ReviewResult, source: str, now: str) -> None:
    """Rewrite the affected articles' files and every aggregate (through the usual writers); the manifest last."""
    from .pipeline import summarize_articles
    from .write import dumps, write_atomic
    from .write.article import write_article
    from .write.report import write_report
    from .write.review import write_review

    out, manifest = run.out, run.manifest
    for i, article in enumerate(run.articles):
        if id(article) in affected:
            entry = manifest["files"][i]
            entry["outputs"] = write_article(article, out, run.stems[i])
            entry["flags"] = len(article.flags)
    ok = [a for a in run.articles if a.status == "ok"]
    write_review(ok, out)
    if any(a.translation for a in ok):
        from .write.aligned import write_aligned

        write_aligned(run.articles, run.stems, out)
    write_report(run.articles, run.stems, out)
    keep_decisions(out, result.applied)
    manifest.setdefault("counts", {}).update(summarize_articles(run.articles))
    manifest.setdefault("reviews", []).append({
        "time": now, "decisions": source, "applied": result.applied, "already applied": len(result.unchanged),
        "errors": result.errors, "retranslated": result.retranslated,
    })
    write_atomic(out / "manifest.json", dumps(manifest))


def keep_decisions(out: Path, applied: list[dict]) -> None:
    """Add the applied decisions to ``OUT/decisions.jsonl``, which later runs into the folder apply again."""
    from .write import jsonl, write_atomic

    path = out / KEPT_FILE
    kept: dict[str, dict] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                kept[row["id"]] = row
    for r in applied:
        kept[r["id"]] = {"id": r["id"], "decision": r["decision"], "correction": r["after"] if r["decision"] == "edit" else "",
                         "reviewer": r["reviewer"] or "", "note": r["note"] or "", "time": r["time"] or "",
                         "applied": r["applied"], "file": r["file"], "kind": r["kind"]}
    write_atomic(path, jsonl(list(kept.values())))


# --- decisions that stand in later runs ----------------------------------------------------------------------

@dataclass
class StandingDecisions:
    """Decisions a run applies to the flags it finds again: the output folder's kept ones and ``--decisions``."""

    by_id: dict[str, Decision] = field(default_factory=dict)
    marker: str = "[?]"

    def digest(self) -> str:
        """What the decisions say (not who made them or when): a run's outputs depend on it, so a run into a
        folder whose decisions changed since it finished is done again rather than found already done."""
        import hashlib

        said = sorted((d.id, d.decision, d.correction if d.decision == "edit" else "") for d in self.by_id.values())
        return hashlib.sha256(json.dumps(said, ensure_ascii=False).encode()).hexdigest()[:16] if said else ""


def load_standing_decisions(out: Path | None, extra: Path | None = None, marker: str = "[?]") -> StandingDecisions:
    """``OUT/decisions.jsonl`` (when there) and then ``extra``; a later decision about the same flag wins."""
    standing = StandingDecisions(marker=marker)
    for path in ([out / KEPT_FILE] if out is not None and (out / KEPT_FILE).is_file() else []) + ([extra] if extra else []):
        for d in read_decisions(path):
            standing.by_id[d.id] = d
    return standing


def apply_standing_decisions(article: Article, standing: StandingDecisions | None) -> None:
    """Decide again the flags of ``article`` that a standing decision names. Called once after cleaning (dates and
    numbers: a correction is in the Vietnamese before it is translated) and once before writing (``mt.*``)."""
    if not standing or not standing.by_id or article.status != "ok":
        return
    mine = [standing.by_id[flag_id(f)] for f in article.flags if flag_id(f) in standing.by_id]
    if not mine:
        return
    change = decide_article(article, mine, standing.marker, _now())
    for error in change.errors:
        log.warning("%s: standing decision not applied: %s", article.file, error)


# --- the command -------------------------------------------------------------------------------------------

def apply_review_command(args) -> int:
    """``vi2en apply-review OUT DECISIONS``: exit 0 when every decision was applied (or had been), 1 when some
    row could not be (each says why; the others are applied), 2 when the file or the folder is unusable."""
    import sys

    from .cli import OutputError, UserError, load_engine_or_explain
    from .escape import terminal_text

    try:
        decisions = read_decisions(args.decisions)
    except DecisionsError as exc:
        raise UserError(f"{exc}; nothing was applied") from exc
    overrides = {"model": args.model, "engine": args.engine, "device": args.device, "cache_dir": args.cache_dir,
                 "use_cache": False if args.no_cache else None}
    try:
        result = apply_review(args.out, decisions, source=str(args.decisions), overrides=overrides,
                              engine_factory=load_engine_or_explain)
    except ReviewFolderError as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise OutputError.from_os_error(exc, args.out) from exc
    for error in result.errors:
        print(f"vi2en: error: {terminal_text(error)}", file=sys.stderr)
    if not args.quiet:
        by = {k: sum(r["decision"] == k for r in result.applied) for k in DECISION_KINDS}
        done = f"applied {len(result.applied)} decisions ({by['accept']} accepted, {by['edit']} edited, {by['dismiss']} dismissed)"
        print(f"vi2en: {done} in {result.articles} articles; {result.retranslated} sentences retranslated; "
              f"{len(result.unchanged)} applied before; {len(result.errors)} not applied", file=sys.stderr)
    return 1 if result.errors else 0
