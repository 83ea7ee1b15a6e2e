"""A big folder of ordinary articles through ``vi2en clean``: MB/s and peak memory (a benchmark, not a test).

Issue 9's target: a 100 MB folder cleans at >= 5 MB/s with peak memory under 500 MB. The folder is built from
the real baomoi crawl in ../shared/realnews (each copy numbered, so no two files are the same), in subfolders of
1,000 files, and cleaned by one ``vi2en clean`` child process; MB/s counts the input bytes over the run's own
seconds (the manifest's, after start-up) and over the process's wall time. Writes benchmarks/folder-results.md.

    .venv/bin/python benchmarks/bench_folder.py [--mb 100]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from harness import machine_line, run_child, verdict, write_results

ROOT = Path(__file__).resolve().parents[1]
CRAWL = ROOT.parent / "shared" / "realnews" / "baomoi"


def build_folder(folder: Path, megabytes: float) -> tuple[int, int]:
    """Copies of the crawl's articles until the folder holds ``megabytes``; returns (files, bytes)."""
    articles = [p.read_text(encoding="utf-8") for p in sorted(CRAWL.glob("*.txt"))]
    target, size, n = int(megabytes * 1e6), 0, 0
    while size < target:
        text = articles[n % len(articles)]
        lines = text.split("\n", 1)
        body = f"{lines[0]} ({n})\n{lines[1] if len(lines) > 1 else ''}"  # a distinct headline per copy
        path = folder / f"{n // 1000:04d}" / f"{n:07d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = body.encode("utf-8")
        path.write_bytes(data)
        size, n = size + len(data), n + 1
    return n, size


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=100)
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "folder-results.md")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vi2en-folder-"))
    try:
        files, size = build_folder(work / "in", args.mb)
        out = work / "out"
        cmd = [sys.executable, "-m", "translate", "clean", str(work / "in"), "-o", str(out), "-q"]
        child = run_child(cmd)
        if child["code"] not in (0, 1):
            raise SystemExit(f"vi2en clean failed: {child['stderr'][-2000:]}")
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    run_s = manifest["seconds"]
    mb = size / 1e6
    wall, rss = child["seconds"], child["peak_rss_mb"]
    lines = [
        "# A big folder through `vi2en clean`",
        "",
        machine_line("bench_folder.py"),
        "",
        f"Input: {files:,} plain-text articles, {mb:.1f} MB, copies of the baomoi crawl in ../shared/realnews, "
        "in folders of 1,000; one `vi2en clean` process.",
        "",
        "| MB | files | run s (manifest) | process wall s | MB/s (run) | MB/s (wall) | CPU s | peak RSS MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {mb:.1f} | {files:,} | {run_s:.1f} | {wall:.1f} | {mb / run_s:.2f} | {mb / wall:.2f} | "
        f"{child['cpu']:.1f} | {rss:.0f} |",
        "",
        f"- ≥ 5 MB/s: {mb / wall:.2f} MB/s — {verdict(mb / wall >= 5)}",
        f"- peak memory < 500 MB: {rss:.0f} MB — {verdict(rss < 500)}",
        "",
    ]
    write_results(args.results, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
