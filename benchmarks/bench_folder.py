"""A big folder of ordinary articles through ``vi2en clean``: MB/s and peak memory (a benchmark, not a test).

Issue 9's target: a 100 MB folder cleans at >= 5 MB/s with peak memory under 500 MB. The folder is built from
the real baomoi crawl in ../shared/realnews (each copy numbered, so no two files are the same), in subfolders of
1,000 files, and cleaned by one ``vi2en clean`` child process, once per ``--jobs`` value asked for; MB/s counts the
input bytes over the run's own seconds (the manifest's, after start-up) and over the process's wall time.

With ``--jobs`` above 1 the run is several processes (the parent, a fork server, the workers), so memory and CPU
are those of the whole process tree, sampled from /proc every 50 ms: the peak of the sum of their resident sets
(RSS, which counts the pages the workers share with the fork server once in each), the peak of the sum of their
proportional sets (PSS: shared pages divided among the processes sharing them, the memory the run really takes),
and the CPU seconds of all of them. The machine is shared: each row gives the 1-minute load average just before its
run (other jobs' processes; this one adds its own). Writes benchmarks/folder-results.md.

    .venv/bin/python benchmarks/bench_folder.py [--mb 100] [--jobs 1 0]     # 0: vi2en's default
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from harness import machine_line, run_child, verdict, write_results

ROOT = Path(__file__).resolve().parents[1]
CRAWL = ROOT.parent / "shared" / "realnews" / "baomoi"
TICKS = os.sysconf("SC_CLK_TCK")


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


class TreeSampler(threading.Thread):
    """Every 50 ms, the processes descended from the benchmark (the vi2en child, its fork server and workers):
    the peak of their summed RSS and PSS, and each one's CPU seconds as last seen."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.peak_rss = self.peak_pss = 0.0
        self.cpu: dict[int, tuple[float, float]] = {}  # user and system CPU seconds of each process
        self.children: set[int] = set()  # the vi2en process itself (the others are its fork server and workers)
        self.most = 0

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.wait(0.05):
            parents = {}
            for entry in os.scandir("/proc"):
                if entry.name.isdigit():
                    try:
                        with open(f"/proc/{entry.name}/stat") as f:
                            stat = f.read().rsplit(")", 1)[1].split()
                    except OSError:
                        continue
                    parents[int(entry.name)] = (int(stat[1]), (int(stat[11]) / TICKS, int(stat[12]) / TICKS))
            tree = {me}
            grown = True
            while grown:
                grown = False
                for pid, (ppid, _) in parents.items():
                    if ppid in tree and pid not in tree:
                        tree.add(pid)
                        grown = True
            tree.discard(me)
            self.children |= {pid for pid in tree if parents[pid][0] == me}
            rss = pss = 0.0
            for pid in tree:
                self.cpu[pid] = parents[pid][1]
                rss += _field(f"/proc/{pid}/status", "VmRSS:")
                pss += _field(f"/proc/{pid}/smaps_rollup", "Pss:")
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss / 1024), max(self.peak_pss, pss / 1024)
            self.most = max(self.most, len(tree))


def _field(path: str, name: str) -> float:
    """A kB figure from a /proc file (0 when the process has gone)."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(name):
                    return float(line.split()[1])
    except OSError:
        pass
    return 0.0


def clean_folder(folder: Path, out: Path, jobs: int) -> dict:
    cmd = [sys.executable, "-m", "translate", "clean", str(folder), "-o", str(out), "-q"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    os.sync()  # the folder just built (or an earlier run's deleted outputs) is not still being written out meanwhile
    load = os.getloadavg()[0]  # other jobs on the machine, before this run adds its own
    sampler = TreeSampler()
    sampler.start()
    try:
        child = run_child(cmd)
    finally:
        sampler.stop.set()
        sampler.join()
    if child["code"] not in (0, 1):
        raise SystemExit(f"vi2en clean failed: {child['stderr'][-2000:]}")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    others = sum(sum(cpu) for pid, cpu in sampler.cpu.items() if pid not in sampler.children)
    # The system share (the kernel's: creating files, above all) of the child's CPU, as last sampled.
    parent_sys = sum(cpu[1] for pid, cpu in sampler.cpu.items() if pid in sampler.children)
    return {"jobs": jobs, "load": load, "run_s": manifest["seconds"], "wall": child["seconds"], "processes": sampler.most,
            # the child's own CPU from wait4 (exact), the others' as last sampled (they outlive no sample by > 50 ms)
            "cpu": child["cpu"] + others, "parent_cpu": child["cpu"], "parent_sys": parent_sys, "workers_cpu": others,
            "parent_rss": child["peak_rss_mb"],
            "tree_rss": max(sampler.peak_rss, child["peak_rss_mb"]), "tree_pss": sampler.peak_pss}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=100)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 0], help="--jobs of each run (0: vi2en's default)")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "folder-results.md")
    parser.add_argument("--work", type=Path, default=None, help="where the folder and the outputs go (default: the "
                        "system's temporary folder; how fast files are made there depends on the disk and its state)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vi2en-folder-", dir=args.work))
    rows = []
    try:
        files, size = build_folder(work / "in", args.mb)
        for jobs in args.jobs:
            out = work / f"out-{jobs}"
            rows.append(clean_folder(work / "in", out, jobs))
            shutil.rmtree(out, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    mb = size / 1e6
    cores = len(os.sched_getaffinity(0))
    lines = [
        "# A big folder through `vi2en clean`",
        "",
        machine_line("bench_folder.py"),
        "",
        f"Input: {files:,} plain-text articles, {mb:.1f} MB, copies of the baomoi crawl in ../shared/realnews, "
        "in folders of 1,000; one `vi2en clean` run per row. `--jobs` default: one worker per usable core "
        f"({cores} here). Memory and CPU are the whole process tree's (parent, fork server, workers), sampled every "
        "50 ms: RSS counts pages shared between processes once per process, PSS divides them.",
        "",
        "| --jobs | load before | MB | files | processes | run s (manifest) | process wall s | MB/s (run) | MB/s (wall) "
        "| CPU s | CPU s per MB | parent CPU s (of it system) | workers CPU s | parent peak RSS MB | tree peak RSS MB "
        "| tree peak PSS MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['jobs'] or f'default ({cores})'} | {r['load']:.2f} | {mb:.1f} | {files:,} | {r['processes']} | "
            f"{r['run_s']:.1f} | "
            f"{r['wall']:.1f} | {mb / r['run_s']:.2f} | {mb / r['wall']:.2f} | {r['cpu']:.1f} | {r['cpu'] / mb:.2f} | "
            f"{r['parent_cpu']:.1f} ({r['parent_sys']:.1f}) | {r['workers_cpu']:.1f} | "
            f"{r['parent_rss']:.0f} | {r['tree_rss']:.0f} | {r['tree_pss']:.0f} |")
    best = next((r for r in rows if not r['jobs']), max(rows, key=lambda r: mb / r['wall']))  # the default, as users run it
    lines += [
        "",
        f"- ≥ 5 MB/s (`--jobs` {best['jobs'] or 'default'}): {mb / best['wall']:.2f} MB/s — "
        f"{verdict(mb / best['wall'] >= 5)}",
        f"- peak memory < 500 MB (whole tree, RSS): {best['tree_rss']:.0f} MB — {verdict(best['tree_rss'] < 500)}",
        "",
    ]
    write_results(args.results, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
