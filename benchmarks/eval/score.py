"""Score ``vi2en clean`` on ../shared/realnews against the annotations (``make eval``).

    python benchmarks/eval/score.py                 # every annotated file; writes benchmarks/clean-results.md
    python benchmarks/eval/score.py --split dev     # only the development part (what rule work looks at)
    python benchmarks/eval/score.py --split fresh   # only the fresh held-aside set (annotations/fresh.jsonl)
    python benchmarks/eval/score.py --details F     # per-file misses as JSON (for debugging; not committed)

See README.md beside this file for what each number means.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from check_annotations import indices  # noqa: E402
from inventory import REALNEWS, sentences  # noqa: E402

FLAG_FAMILIES = ("date.", "number.")
FRESH = "fresh.jsonl"  # a second held-aside set, annotated before it was ever scored (README.md)
SPLITS = ("dev", "held", "fresh")


def split_of(source: str) -> str:
    """A fixed third of the dev/held files is held aside (by a hash of the name, so nobody picks them).

    Files of ``fresh.jsonl`` are the ``fresh`` split whatever their hash (``annotation_splits``).
    """
    return "held" if hashlib.sha1(source.encode()).digest()[0] % 3 == 0 else "dev"


def site_of(source: str) -> str:
    if source.startswith("html/"):
        return "html/" + source[5:].split("_")[0]
    return source.split("/")[0]


def tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).casefold()
    return [t for t in re.split(r"[^\w]+", text) if t and "xnumx" not in t]


def bigrams(toks: list[str]) -> set[tuple[str, str]]:
    return set(zip(toks, toks[1:]))


@dataclass
class Cleaned:
    """What the scorer needs of one cleaned article."""

    title: str | None
    date: str | None
    body: str
    suspects: list[tuple[str, str]]  # each clean.suspect entry: the removed text and its context
    flags: list[tuple[str, str]]
    status: str
    reason: str = ""
    suspect_rules: list[str] = field(default_factory=list)  # the rule that made each entry (for --details)


def clean_source(source: str) -> Cleaned:
    """Run vi2en's reader and cleaner on one realnews input, as ``vi2en clean`` would."""
    from translate.clean import clean_article
    from translate.read import InputError, InputFile, read_article

    path, _, record = source.partition("#")
    try:
        if record:
            article = read_record(REALNEWS / path, int(record))
        else:
            article = read_article(InputFile(REALNEWS / path, path))
        article = clean_article(article)
    except InputError as exc:
        return Cleaned(None, None, "", [], [], exc.status, exc.reason)
    return Cleaned(
        title=article.title,
        date=article.date,
        body="\n".join(p.clean for p in article.body),
        suspects=[(f.original, f.context) for f in article.flags if f.kind == "clean.suspect"],
        suspect_rules=[_rule_of(f.suggestion) for f in article.flags if f.kind == "clean.suspect"],
        flags=[(f.kind, f.original) for f in article.flags if f.kind.startswith(FLAG_FAMILIES)],
        status=article.status,
    )


def _rule_of(suggestion: str) -> str:
    m = re.search(r"rule '([^']+)'", suggestion or "")
    return m[1] if m else "?"


def read_record(path: Path, index: int):
    """One record of a JSON array: title and date from their fields, the content read as plain text."""
    from translate.article import Article
    from translate.read import parse_dateline, read_text_article

    rec = json.loads(path.read_text(encoding="utf-8"))[index]
    known = lambda v: v if v and v.strip() and v.strip() != "Unknown" else None  # noqa: E731
    article = Article(file=f"{path.name}#{index}", title=known(rec.get("title")), format="record")
    article.date = parse_dateline(known(rec.get("date")) or "")
    read_text_article(known(rec.get("content")) or "", article)
    return article


@dataclass
class Score:
    source: str
    body: int = 0
    kept: int = 0
    lost: list[str] = field(default_factory=list)  # silently lost (not in clean.suspect)
    suspect: int = 0
    queued: int = 0  # clean.suspect entries in the review queue
    false_alarms: int = 0  # entries that hold no body sentence nor part of one
    queue: list[dict] = field(default_factory=list)  # each entry: rule, removed text, whether it is a false alarm
    junk_left: list[str] = field(default_factory=list)
    title_expected: bool = False
    title_ok: bool = False
    date_expected: bool = False
    date_ok: bool = False
    date_invented: bool = False
    flags_expected: int = 0
    flags_found: int = 0
    flags_matched_expected: int = 0
    flags_matched_found: int = 0
    flag_misses: list[str] = field(default_factory=list)
    status: str = "ok"
    seconds: float = 0.0


def contains(haystack: list[str], needle: list[str], haystack_bigrams: set) -> bool:
    if not needle:
        return True
    if " " + " ".join(needle) + " " in " " + " ".join(haystack) + " ":
        return True
    if len(needle) < 4:
        return False
    pairs = bigrams(needle)
    return len(pairs & haystack_bigrams) >= 0.9 * len(pairs)


def score_one(ann: dict) -> Score:
    source = ann["source"]
    inv = sentences(source)
    s = Score(source)
    started = time.perf_counter()
    got = clean_source(source)
    s.seconds = time.perf_counter() - started
    s.status = got.status
    body_toks = tokens(got.body)
    body_pairs = bigrams(body_toks)
    # A suspect entry reports a sentence when its removed text holds it, or its context does (a removal that cut
    # a sentence in two shows the whole sentence there).
    suspect_toks = [tokens(x) for entry in got.suspects for x in entry]
    partial = defaultdict(list)
    for p in ann.get("partial", []):
        partial[p["i"]].append(p["junk"])
    body_idx = indices(ann.get("body", ""))
    title_idx = set(indices(ann.get("title_i", "")))
    caption_idx = indices(ann.get("captions", ""))
    expected_sentences = []
    for i in body_idx:
        text = inv[i]
        for junk in partial.get(i, []):
            text = text.replace(junk, " ")
        expected_sentences.append(text)
    body_norm = " ".join(" ".join(tokens(t)) for t in expected_sentences)
    for text in expected_sentences:
        toks = tokens(text)
        if not toks:
            continue
        s.body += 1
        if contains(body_toks, toks, body_pairs):
            s.kept += 1
        elif any(contains(st, toks, bigrams(st)) for st in suspect_toks):
            s.suspect += 1
        else:
            s.lost.append(text[:80])
    s.queued = len(got.suspects)
    body_seq = " " + body_norm + " "
    sentence_phrases = [" " + " ".join(tokens(t)) + " " for t in expected_sentences if len(tokens(t)) >= 3]

    def reports_body(removed: str) -> bool:
        phrase = " " + " ".join(tokens(removed)) + " "
        return phrase in body_seq or any(p in phrase for p in sentence_phrases)

    s.queue = [{"rule": rule, "false_alarm": not reports_body(removed), "text": removed[:300]}
               for (removed, _), rule in zip(got.suspects, got.suspect_rules)]
    s.false_alarms = sum(e["false_alarm"] for e in s.queue)
    # Junk: captions, partial fragments, and (for text inputs) every other sentence; for HTML the rest of the
    # page too. A junk text that also occurs inside the body's own words is not counted.
    listed = set(body_idx) | title_idx
    junk = [inv[i] for i in range(len(inv)) if i not in listed]
    junk += [j for js in partial.values() for j in js]
    padded_body = " " + " ".join(body_toks) + " "
    for text in junk:
        toks = tokens(text)
        if len(toks) < 3:
            continue
        phrase = " " + " ".join(toks) + " "
        if phrase in padded_body and phrase not in " " + body_norm + " ":
            s.junk_left.append(text[:80])
    if ann.get("title"):
        s.title_expected = True
        s.title_ok = tokens(ann["title"]) == tokens(got.title or "")
    if ann.get("date"):
        s.date_expected = True
        s.date_ok = got.date == ann["date"]
    elif got.date and not source.startswith("html/"):
        s.date_invented = True
    expected = [(f["kind"], f["text"]) for f in ann.get("flags", [])]
    s.flags_expected, s.flags_found = len(expected), len(got.flags)

    def same(a, b):
        fam = lambda k: k.split(".")[0]  # noqa: E731
        return fam(a[0]) == fam(b[0]) and (a[1].strip() in b[1] or b[1].strip() in a[1])

    s.flags_matched_expected = sum(any(same(e, g) for g in got.flags) for e in expected)
    s.flags_matched_found = sum(any(same(e, g) for e in expected) for g in got.flags)
    s.flag_misses = [f"missed {k} {t!r}" for k, t in expected if not any(same((k, t), g) for g in got.flags)]
    s.flag_misses += [f"false {k} {t!r}" for k, t in got.flags if not any(same(e, (k, t)) for e in expected)]
    return s


def annotation_splits() -> dict[str, list[dict]]:
    """Every annotation by split: ``fresh`` is the file ``fresh.jsonl``, the other files divide into dev/held."""
    out: dict[str, list[dict]] = {split: [] for split in SPLITS}
    for path in sorted((HERE / "annotations").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                ann = json.loads(line)
                out["fresh" if path.name == FRESH else split_of(ann["source"])].append(ann)
    fresh = {a["source"] for a in out["fresh"]}
    twice = sorted(fresh & {a["source"] for a in out["dev"] + out["held"]})
    if twice:
        raise ValueError(f"{FRESH} must hold only files no other annotation names: {twice}")
    return out


def load_annotations(split: str | None) -> list[dict]:
    """The annotations of one split; ``None`` is dev and held together (what the tests and "all" cover)."""
    by_split = annotation_splits()
    return by_split["dev"] + by_split["held"] if split is None else by_split[split]


def totals(scores: list[Score]) -> dict:
    n = len(scores)
    body = sum(s.body for s in scores)
    fe = sum(s.flags_expected for s in scores)
    ff = sum(s.flags_found for s in scores)
    te = [s for s in scores if s.title_expected]
    de = [s for s in scores if s.date_expected]
    return {
        "files": n,
        "sentences": body,
        "recall": sum(s.kept for s in scores) / body if body else 1.0,
        "silent_loss_files": sum(bool(s.lost) for s in scores),
        "suspect": sum(s.suspect for s in scores),
        "queued": sum(s.queued for s in scores),
        "false_alarms": sum(s.false_alarms for s in scores),
        "junk_files": sum(bool(s.junk_left) for s in scores),
        "junk_rate": sum(bool(s.junk_left) for s in scores) / n if n else 0.0,
        "titles": f"{sum(s.title_ok for s in te)}/{len(te)}",
        "title_rate": sum(s.title_ok for s in te) / len(te) if te else 1.0,
        "dates": f"{sum(s.date_ok for s in de)}/{len(de)}",
        "dates_invented": sum(s.date_invented for s in scores),
        "flag_precision": sum(s.flags_matched_found for s in scores) / ff if ff else 1.0,
        "flag_recall": sum(s.flags_matched_expected for s in scores) / fe if fe else 1.0,
        "flags": f"{ff} found / {fe} expected",
        "seconds": sum(s.seconds for s in scores),
    }


def table(rows: list[tuple[str, dict]]) -> str:
    head = ("| part | files | body sentences | recall | files with silent loss | sentences in clean.suspect | "
            "clean.suspect entries (false alarms) | files with junk left | "
            "titles | dates | dates invented | flag precision | flag recall | flags |")
    lines = [head, "|" + " --- |" * head.count("|")[:-1] if False else "|" + "---|" * (head.count("|") - 1)]
    for name, t in rows:
        lines.append(
            f"| {name} | {t['files']} | {t['sentences']} | {t['recall']:.4f} | {t['silent_loss_files']} | {t['suspect']} | {t['queued']} ({t['false_alarms']}) | "
            f"{t['junk_files']} ({t['junk_rate']:.1%}) | {t['titles']} | {t['dates']} | {t['dates_invented']} | "
            f"{t['flag_precision']:.2f} | {t['flag_recall']:.2f} | {t['flags']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=list(SPLITS), default=None,
                    help="score one split only (default: dev and held, and fresh reported apart)")
    ap.add_argument("--details", type=Path, default=None, help="write per-file misses here as JSON")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "clean-results.md")
    args = ap.parse_args(argv)
    by_split = annotation_splits()
    wanted = [args.split] if args.split else list(SPLITS)
    if not any(by_split[split] for split in wanted):
        print("no annotations found", file=sys.stderr)
        return 2
    scored = {split: [score_one(a) for a in by_split[split]] for split in wanted}
    main_part = [s for split in wanted if split != "fresh" for s in scored[split]]
    summary = [(f"**{split}**", totals(scored[split])) for split in wanted if split != "fresh" and scored[split]]
    if summary:
        summary.append(("**all**", totals(main_part)))
    text = table(summary) + "\n" if summary else ""
    fresh = scored.get("fresh", [])
    fresh_text = table([*per_site(fresh), ("**fresh**", totals(fresh))]) + "\n" if fresh else ""
    print(text + ("\n" if text and fresh_text else "") + fresh_text, end="")
    if args.details:
        args.details.parent.mkdir(parents=True, exist_ok=True)
        args.details.write_text(json.dumps(
            [{"source": s.source, "split": split, "status": s.status, "lost": s.lost,
              "junk_left": s.junk_left, "title_ok": s.title_ok, "date_ok": s.date_ok, "flags": s.flag_misses,
              "queue": s.queue}
             for split in wanted for s in scored[split]
             if s.lost or s.junk_left or s.queue or (s.title_expected and not s.title_ok)
             or (s.date_expected and not s.date_ok) or s.flag_misses or s.date_invented],
            ensure_ascii=False, indent=1), encoding="utf-8")
    if args.split is None:
        anns = [a for split in wanted for a in by_split[split]]
        size = sum(Path(REALNEWS / a["source"].partition("#")[0]).stat().st_size for a in anns if "#" not in a["source"])
        args.out.write_text(
            "# Cleaning on real scraped news (`make eval`)\n\n"
            "Scored against hand annotations of `../shared/realnews` (see `benchmarks/eval/README.md`). `held` is the third "
            "of the files kept aside while rules were changed.\n\n" + text + "\n## Per site\n\n" + table(per_site(main_part))
            + "\n\n## Fresh held-aside set\n\n"
            "`annotations/fresh.jsonl`: files picked by a hash rule and annotated before the cleaner was run on them; "
            "not part of `all` above.\n\n" + fresh_text,
            encoding="utf-8")
        print(f"wrote {args.out} ({len(anns)} files, {size / 1e6:.1f} MB of files scored)")
    return 0


def per_site(scores: list[Score]) -> list[tuple[str, dict]]:
    by_site: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        by_site[site_of(s.source)].append(s)
    return [(site, totals(ss)) for site, ss in sorted(by_site.items())]


if __name__ == "__main__":
    sys.exit(main())
