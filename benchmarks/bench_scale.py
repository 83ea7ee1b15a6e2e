"""Does a run stay flat as the input grows? (a benchmark, not a test: ``make bench-scale``)

Translates a JSON Lines archive of 1,000 and of 10,000 articles with a tiny random model (offline, so the model's
speed does not hide the pipeline's costs) and compares the two runs: peak RSS of the larger must be at most
1.2x the smaller's and the time per article within 10%. Articles are short excerpts of real crawled news, made
distinct so the translation cache cannot serve one article from another. Writes benchmarks/scale-results.md.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

from harness import machine_line, run_child, verdict, write_results

ROOT = Path(__file__).resolve().parents[1]
CRAWL = ROOT.parent / "shared" / "realnews" / "vnexpress-json" / "vnexpress_bongda_part2.json"


def archive(path: Path, n: int, crawl_file: Path = CRAWL) -> Path:
    """``n`` distinct short articles (a headline and one sentence of a real article, numbered)."""
    crawl = [r for r in json.loads(crawl_file.read_text(encoding="utf-8")) if len(r["content"]) > 200]
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            r = crawl[i % len(crawl)]
            first = re.split(r"(?<=[.!?])\s+", r["content"])[0][:160]
            record = {"url": f"{r['url']}?n={i}", "title": f"{r['title']} ({i})", "content": f"Bài {i}: {first}"}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def run(src: Path, out: Path, model: Path, cache: Path) -> dict:
    """One ``vi2en translate`` in a child process: its wall and CPU time and its own peak RSS."""
    cmd = [sys.executable, "-m", "translate", "translate", str(src), "-o", str(out), "--model", str(model),
           "--beams", "1", "--max-new-tokens", "0.5", "--cache-dir", str(cache), "-q"]
    child = run_child(cmd)
    if child["code"] != 0:
        raise SystemExit(f"run failed: {child['stderr'][-2000:]}")
    child["run_s"] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["seconds"]  # after start-up
    return child


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 10000])
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "scale-results.md")
    parser.add_argument("--crawl", type=Path, default=CRAWL, help="the vnexpress crawl (JSON array) to take text from")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from translate.testmodel import build_test_model

    work = Path(tempfile.mkdtemp(prefix="vi2en-scale-"))
    model = build_test_model(work / "model", "marian")
    import torch

    device = f"{torch.cuda.get_device_name(0)} (--device auto)" if torch.cuda.is_available() else "CPU"
    rows = {}
    for n in args.sizes:
        src = archive(work / f"archive-{n}.jsonl", n, args.crawl)
        rows[n] = run(src, work / f"out-{n}", model, work / f"cache-{n}")
        rows[n]["per_article_ms"] = 1000 * rows[n]["run_s"] / n
        print(n, rows[n], file=sys.stderr, flush=True)
    small, large = args.sizes
    rss = rows[large]["peak_rss_mb"] / rows[small]["peak_rss_mb"]
    per_article = rows[large]["per_article_ms"] / rows[small]["per_article_ms"]
    lines = [
        "# Scale: memory and time per article as the archive grows",
        "",
        machine_line("bench_scale.py"),
        "",
        "Workload: a JSON Lines archive of distinct short articles (a headline and one sentence each, from "
        "../shared/realnews/vnexpress-json), `vi2en translate` with a tiny random Marian model, beam 1, "
        f"`--max-new-tokens 0.5`, a fresh cache per run; one child process per run; model on: {device}.",
        "",
        "| articles | process wall s | CPU s | run s (manifest: after start-up and model load) | ms per article (run) | peak RSS MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, r in rows.items():
        lines.append(f"| {n:,} | {r['seconds']:.1f} | {r['cpu']:.1f} | {r['run_s']:.1f} | {r['per_article_ms']:.2f} | "
                     f"{r['peak_rss_mb']:.0f} |")
    lines += [
        "",
        f"- peak RSS {large:,} / {small:,}: {rss:.2f}x (target ≤ 1.2x) — {verdict(rss <= 1.2)}",
        f"- time per article {large:,} / {small:,}: {per_article:.2f}x (target within 10%) — "
        f"{verdict(abs(per_article - 1) <= 0.1)}",
        "",
    ]
    write_results(args.results, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
