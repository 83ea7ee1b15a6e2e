"""``vi2en clean`` over one big folder, a base revision and this checkout in turn: CPU seconds per MB of the parent
(user and system) and of the workers, wall MB/s and peak memory, run by run (a benchmark, not a test).

The machine these run on is shared, so wall time swings with other jobs' load from one minute to the next; CPU
seconds per MB swing far less, and taking the two codes in turn, on the same folder, in one script run, lets
neither have the quiet minutes. The folder is built as ``bench_folder.py`` builds it (copies of the baomoi crawl).

    python benchmarks/bench_folder_ab.py --base REV [--mb 20] [--rounds 2] [--work /var/tmp]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_folder import ROOT, TreeSampler, build_folder


def clean(code: Path, folder: Path, out: Path) -> dict:
    """One ``vi2en clean`` run of the package in ``code``: its CPU split between parent and workers."""
    sampler = TreeSampler()
    os.sync()  # what was written before (the folder, earlier outputs) is on disk, not written out during the run
    load = os.getloadavg()[0]
    sampler.start()
    try:
        t0 = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "translate", "clean", str(folder), "-o", str(out), "-q"],
                                 cwd=code, env=dict(os.environ, PYTHONPATH=str(code)),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - t0
    finally:
        sampler.stop.set()
        sampler.join()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"vi2en clean failed in {code}")
    workers = [cpu for pid, cpu in sampler.cpu.items() if pid not in sampler.children]
    return {"load": load, "wall": wall, "user": usage.ru_utime, "sys": usage.ru_stime,
            "workers": sum(u + s for u, s in workers), "rss": max(sampler.peak_rss, usage.ru_maxrss / 1024)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, help="a git revision whose translate/ runs beside this checkout's")
    parser.add_argument("--mb", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=2, help="base and this checkout, in turn, this often")
    parser.add_argument("--work", type=Path, default=None, help="where the folder and the outputs go")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vi2en-folder-ab-", dir=args.work))
    try:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.base, "translate"], check=True,
                                 capture_output=True)
        (work / "base").mkdir()
        subprocess.run(["tar", "-x", "-C", str(work / "base")], input=archive.stdout, check=True)
        files, size = build_folder(work / "in", args.mb)
        mb = size / 1e6
        print(f"{files:,} files, {mb:.1f} MB; CPU seconds per MB\n")
        print("| code | load before | wall s | MB/s | parent user | parent system | workers | total | tree peak RSS MB |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        codes = [(args.base, work / "base"), ("this", ROOT)]
        best: dict[str, float] = {}
        for round_ in range(args.rounds):
            for name, code in codes if round_ % 2 == 0 else codes[::-1]:
                # Outputs are removed only at the end: deleting a run's tens of thousands of files just before the
                # next run slowed that run's file creation (the kernel's system time) several times over here.
                r = clean(code, work / "in", work / f"out-{round_}-{name}")
                total = (r["user"] + r["sys"] + r["workers"]) / mb
                best[name] = min(best.get(name, total), total)
                print(f"| {name} | {r['load']:.2f} | {r['wall']:.1f} | {mb / r['wall']:.2f} | {r['user'] / mb:.3f} | "
                      f"{r['sys'] / mb:.3f} | {r['workers'] / mb:.3f} | {total:.3f} | {r['rss']:.0f} |", flush=True)
        print("\nbest total CPU s per MB: " + ", ".join(f"{name} {value:.3f}" for name, value in best.items()))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
