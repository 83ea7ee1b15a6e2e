"""Record readers: vi2en's own against datatrove's (a benchmark, not a test: ``make bench-readers``).

Issue 10 asked that readers, windows and resume markers not be written by hand before the libraries made for
this were measured. This reads one gzipped JSON Lines archive (and the same records as Parquet) with each
reader in its own child process and reports records per second and peak RSS. Both readers do the same work:
bytes → one record with its text, id and metadata. vi2en's row also gives each record its content hash (the
resume journal needs it); a second vi2en row adds what vi2en does after reading (decoding repairs and the
text-layout reader), for scale.

datatrove is not a dependency of vi2en: pass a Python that has it (``--datatrove-python``; the Makefile target
makes one in benchmarks/work/). Writes benchmarks/readers-results.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
from pathlib import Path

from harness import machine_line, run_child, write_results

ROOT = Path(__file__).resolve().parents[1]
CRAWL = ROOT.parent / "shared" / "realnews" / "vnexpress-json" / "vnexpress_bongda_part2.json"

# Each contender: a script that reads sys.argv[1] and prints how many records it got.
VI2EN_READ = """
import sys
from pathlib import Path
from translate.records import Fields
from translate.sources import record_sources
path = Path(sys.argv[1])
n = sum(1 for s in record_sources(path, path.name, Fields(), None) if s.digest)
print(n)
"""
VI2EN_ARTICLE = """
import sys
from pathlib import Path
from translate.records import Fields
from translate.sources import record_sources
path = Path(sys.argv[1])
n = sum(1 for s in record_sources(path, path.name, Fields(), None) if s.read().paragraphs)
print(n)
"""
DATATROVE_READ = """
import sys
from pathlib import Path
from datatrove.pipeline.readers import JsonlReader, ParquetReader
path = Path(sys.argv[1])
kind = ParquetReader if path.suffix == ".parquet" else JsonlReader
reader = kind(str(path.parent), glob_pattern=path.name, text_key="content", id_key="url", recursive=False)
print(sum(1 for doc in reader.run() if doc.text))
"""


def archive(folder: Path, n: int) -> tuple[Path, Path]:
    """``n`` records (the crawl's non-empty ones, repeated with numbered URLs) as .jsonl.gz and as .parquet."""
    crawl = [r for r in json.loads(CRAWL.read_text(encoding="utf-8")) if len(r.get("content") or "") > 200]
    records = [dict(crawl[i % len(crawl)], url=f"{crawl[i % len(crawl)]['url']}?n={i}") for i in range(n)]
    jsonl = folder / f"archive-{n}.jsonl.gz"
    with gzip.open(jsonl, "wt", encoding="utf-8") as handle:
        for r in records:
            handle.write(json.dumps(r, ensure_ascii=False) + "\n")
    parquet = folder / f"archive-{n}.parquet"
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(records), parquet, row_group_size=1000)
    return jsonl, parquet


def run(python: str, script: str, path: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and records read, for one child process."""
    child = run_child([python, "-c", script, str(path)])
    if child["code"] != 0:
        raise SystemExit(f"{python}: {child['stderr'][-1500:]}")
    return child["seconds"], child["peak_rss_mb"], int(child["stdout"].split()[-1])


def startup(python: str, module: str) -> float:
    """Seconds to import the contender's module, so that it can be taken out of the per-record figure."""
    return min(run(python, f"import sys, {module}; print(0)", Path("-"))[0] for _ in range(3))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--datatrove-python", default=sys.executable, help="a Python that can import datatrove")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "readers-results.md")
    args = parser.parse_args()
    work = ROOT / "benchmarks" / "work" / "readers"
    work.mkdir(parents=True, exist_ok=True)
    jsonl, parquet = archive(work, args.records)
    contenders = [
        ("vi2en reader (records + content hash)", sys.executable, VI2EN_READ, "translate.sources"),
        ("datatrove JsonlReader / ParquetReader", args.datatrove_python, DATATROVE_READ, "datatrove.pipeline.readers"),
        ("vi2en reader + decode + layout (what a run does next)", sys.executable, VI2EN_ARTICLE, "translate.sources"),
    ]
    rows = []
    for name, python, script, module in contenders:
        base = startup(python, module)
        for path in (jsonl, parquet):
            times, rss, count = [], 0.0, 0
            for _ in range(args.repeat):  # interleaving would be fairer on a busy machine; the median absorbs some
                seconds, peak, count = run(python, script, path)
                times.append(seconds)
                rss = max(rss, peak)
            median = statistics.median(times)
            rows.append((name, path.name.split(".", 1)[1], count, median, base, count / max(median - base, 1e-9), rss))
            print(rows[-1], file=sys.stderr, flush=True)
    size = jsonl.stat().st_size / 1e6
    lines = [
        "# Record readers: vi2en's own and datatrove's",
        "",
        machine_line("bench_readers.py"),
        "",
        f"Input: {args.records:,} records of ../shared/realnews/vnexpress-json (non-empty ones repeated, numbered URLs), "
        f"as JSON Lines gzipped ({size:.1f} MB) and as Parquet (row groups of 1,000). Each row: one child process per "
        f"read, median of {args.repeat}; records/s after the import time is taken off.",
        "",
        "| reader | input | records | median s | import s | records/s | peak RSS MB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, fmt, count, median, base, rate, rss in rows:
        lines.append(f"| {name} | {fmt} | {count:,} | {median:.2f} | {base:.2f} | {rate:,.0f} | {rss:.0f} |")
    write_results(args.results, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
