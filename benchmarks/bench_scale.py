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
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import ROOT, machine_line, measured, peak_mb, verdict, write_results

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


def run_watched(cmd: list[str], out: Path) -> dict:
    """``cmd`` (``[python, '-m', 'translate', 'translate', …, '-o', out, …]``) in a child process: wall and CPU
    seconds, its own peak RSS, the run's seconds (the final manifest's: after start-up and model load), and its
    progress as the manifest recorded it after each window: (seconds since the run started, articles done)."""
    argv, extra, hwm = measured(cmd)
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    progress: list[tuple[float, int]] = []
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        child = subprocess.Popen(argv, cwd=ROOT, env=dict(os.environ, PYTHONPATH=path, **extra),
                                 stdout=subprocess.DEVNULL, stderr=err)
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            manifest = _manifest(out)
            sample = (manifest["seconds"], manifest["articles done"]) if manifest else None
            if sample and manifest["state"] == "running" and sample not in progress:
                progress.append(sample)
            if pid:
                break
            time.sleep(0.25)
        seconds = time.perf_counter() - t0
        err.seek(0)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"run failed: {err.read().decode(errors='replace')[-2000:]}")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_rss_mb": peak_mb(hwm),
            "run_s": _manifest(out)["seconds"], "progress": progress}


def _manifest(out: Path) -> dict | None:
    try:
        return json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # not written yet, or being replaced


def steady_ms(progress: list[tuple[float, int]], n: int, skip: float = 0.1) -> float:
    """Milliseconds per article in steady state: from the end of the first window past ``skip`` of the articles
    to the end of the last window, so start-up, model load, the small first windows and the whole-run files made
    at the end are left out."""
    start = next(p for p in progress if p[1] >= skip * n)
    end = progress[-1]
    return 1000 * (end[0] - start[0]) / max(1, end[1] - start[1])


def run(src: Path, out: Path, model: Path, cache: Path) -> dict:
    """One ``vi2en translate`` of the archive, watched (see :func:`run_watched`)."""
    cmd = [sys.executable, "-m", "translate", "translate", str(src), "-o", str(out), "--model", str(model),
           "--beams", "1", "--max-new-tokens", "0.5", "--cache-dir", str(cache), "-q"]
    return run_watched(cmd, out)


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
    small, large = args.sizes
    runs = []
    for k, n in enumerate([small, large, small]):  # the small run before and after: the machine's load drifts
        src = archive(work / f"archive-{n}.jsonl", n, args.crawl)
        runs.append((n, measure(src, work / f"out-{k}", model, work / f"cache-{k}", n)))
        print(n, {key: v for key, v in runs[-1][1].items() if key != "progress"}, file=sys.stderr, flush=True)
    write_results(args.results, results_page(runs, device))
    return 0


def measure(src: Path, out: Path, model: Path, cache: Path, n: int) -> dict:
    row = run(src, out, model, cache)
    row["per_article_ms"] = 1000 * row["run_s"] / n
    row["steady_ms"] = steady_ms(row["progress"], n)
    return row


def results_page(runs: list[tuple[int, dict]], device: str) -> list[str]:
    """The page: every run, then the large run against the mean of the small ones."""
    small, large = runs[0][0], max(n for n, _ in runs)

    def mean(key: str, n: int) -> float:
        values = [r[key] for m, r in runs if m == n]
        return sum(values) / len(values)

    rss = mean("peak_rss_mb", large) / mean("peak_rss_mb", small)
    steady = mean("steady_ms", large) / mean("steady_ms", small)
    per_article = mean("per_article_ms", large) / mean("per_article_ms", small)
    lines = [
        "# Scale: memory and time per article as the archive grows",
        "",
        machine_line("bench_scale.py"),
        "",
        "Workload: a JSON Lines archive of distinct short articles (a headline and one sentence each, from "
        "../shared/realnews/vnexpress-json), `vi2en translate` with a tiny random Marian model, beam 1, "
        f"`--max-new-tokens 0.5`, a fresh cache per run; one child process per run; model on: {device}. "
        f"The {small:,}-article run goes before and after the {large:,}-article one and the two are averaged, "
        "since the machine's load drifts. *Run s* is the final manifest's clock (after start-up and model load, "
        "with the end-of-run files); *steady* runs from the end of the first window past 10% of the articles to "
        "the end of the last window, as the manifest recorded them after each window (so the small first windows "
        "and the end-of-run files are left out). Peak RSS is the child's own VmHWM.",
        "",
        "| articles | process wall s | CPU s | run s | ms per article (run) | ms per article (steady) | peak RSS MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, r in runs:
        lines.append(f"| {n:,} | {r['seconds']:.1f} | {r['cpu']:.1f} | {r['run_s']:.1f} | {r['per_article_ms']:.2f} | "
                     f"{r['steady_ms']:.2f} | {r['peak_rss_mb']:.0f} |")
    lines += [
        "",
        f"- peak RSS {large:,} / {small:,}: {rss:.2f}x (target ≤ 1.2x) — {verdict(rss <= 1.2)}",
        f"- time per article in steady state {large:,} / {small:,}: {steady:.2f}x (target within 10%) — "
        f"{verdict(abs(steady - 1) <= 0.1)}",
        f"- time per article over the whole run clock {large:,} / {small:,}: {per_article:.2f}x (the smaller run "
        "spends a larger share in its small first windows and end-of-run files)",
        "",
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
