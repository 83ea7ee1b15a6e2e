"""How does ``vi2en translate --ray`` scale with model replicas? (a benchmark, not a test: ``make bench-ray``)

Translates one JSON Lines archive (the bench-scale articles) with a tiny random model three ways: in one process,
and on a new local Ray instance with 1 and with 2 CPU replicas (``--replicas``), each in a child process with a
fresh cache. Throughput is measured in steady state, from the manifest the run rewrites after each window (the
start of Ray, the model loads and the files made at the end left out), and also as whole-process wall time.
Writes benchmarks/ray-results.md.

    .venv/bin/python benchmarks/bench_ray.py [--articles 400]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench_scale import CRAWL, archive, run_watched, steady_ms
from harness import ROOT, machine_line, write_results

WAYS = {"one process": [], "--ray local --replicas 1": ["--ray", "local", "--replicas", "1"],
        "--ray local --replicas 2": ["--ray", "local", "--replicas", "2"]}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "ray-results.md")
    parser.add_argument("--crawl", type=Path, default=CRAWL, help="the vnexpress crawl (JSON array) to take text from")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from translate.testmodel import build_test_model

    work = Path(tempfile.mkdtemp(prefix="vi2en-ray-"))
    model = build_test_model(work / "model", "marian")
    src = archive(work / "archive.jsonl", args.articles, args.crawl)
    rows = {}
    for n, (way, extra) in enumerate(WAYS.items()):
        out = work / f"out-{n}"
        cmd = [sys.executable, "-m", "translate", "translate", str(src), "-o", str(out), "--model", str(model),
               "--beams", "1", "--max-new-tokens", "0.5", "--cache-dir", str(work / f"cache-{n}"), "-q", *extra]
        rows[way] = run_watched(cmd, out)
        rows[way]["steady_ms"] = steady_ms(rows[way]["progress"], args.articles)
        rows[way]["same"] = (out / "aligned.jsonl").read_bytes() == (work / "out-0" / "aligned.jsonl").read_bytes()
        print(way, {k: v for k, v in rows[way].items() if k != "progress"}, file=sys.stderr, flush=True)
    base = rows["--ray local --replicas 1"]["steady_ms"]
    lines = [
        "# `translate --ray`: throughput with 1 and 2 CPU replicas",
        "",
        machine_line("bench_ray.py"),
        "",
        f"Workload: {args.articles:,} distinct short articles (as in `make bench-scale`), `vi2en translate` with a "
        "tiny random Marian model, beam 1, `--max-new-tokens 0.5`, a fresh cache per run, one child process per run. "
        "Steady state: from the end of the first window past 10% of the articles to the end of the last, as the "
        "manifest recorded them (start-up, Ray's start, model loads and the end-of-run files left out).",
        "",
        "| run | process wall s | run s | articles/s (run) | steady ms per article | steady articles/s | "
        "steady vs 1 replica | aligned.jsonl as one process |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for way, r in rows.items():
        lines.append(f"| {way} | {r['seconds']:.1f} | {r['run_s']:.1f} | {args.articles / r['run_s']:.2f} | "
                     f"{r['steady_ms']:.1f} | {1000 / r['steady_ms']:.2f} | {base / r['steady_ms']:.2f}x | "
                     f"{'identical' if r['same'] else 'DIFFERENT'} |")
    lines += ["", "*Run s*: the manifest's clock, from the output folder's opening (after Ray's start) to the end, so "
              "it includes the replicas' start and model loads; on Ray, results come back a batch of articles at a "
              "time, so the steady figure (between window ends) can catch a burst and reads high."]
    lines.append("")
    write_results(args.results, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
