"""CPU cost of the cleaning rules alone (``clean_article`` on articles already read), corpus by corpus.

    python benchmarks/bench_clean_rules.py                 # this checkout
    python benchmarks/bench_clean_rules.py --base REV      # REV's translate/ and this checkout's, side by side

MB are the input's text: a baomoi file's bytes, a vnexpress record's content, the seeds joined as
``bench.py``'s ``cleaning_throughput`` joins them, an HTML page's extracted paragraphs (not its markup).
Times are CPU seconds of this process (``time.process_time``), the best of ``--repeats``; with ``--base`` the
two codes run in turn in child processes, so a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import copy
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REALNEWS = ROOT.parent / "shared" / "realnews"
CORPORA = ("seeds", "baomoi", "vnexpress", "html")


def load(corpus: str) -> tuple[list, float]:
    """The corpus's articles as read (not cleaned), and its size in MB."""
    from translate.article import Article
    from translate.read import InputFile, parse_dateline, read_article, read_text_article

    articles, size = [], 0
    if corpus == "seeds":
        raw = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
        for _ in range(20):
            article = Article(file="x")
            read_text_article(raw, article)
            articles.append(article)
            size += len(raw.encode("utf-8"))
    elif corpus == "baomoi":
        for path in sorted((REALNEWS / "baomoi").glob("*.txt")):
            articles.append(read_article(InputFile(path, path.name)))
            size += path.stat().st_size
    elif corpus == "vnexpress":
        for path in sorted((REALNEWS / "vnexpress-json").glob("*.json")):
            for i, rec in enumerate(json.loads(path.read_text(encoding="utf-8"))):
                content = rec.get("content") or ""
                if not content.strip() or content.strip() == "Unknown":
                    continue
                article = Article(file=f"{path.name}#{i}", title=rec.get("title"), format="record")
                article.date = parse_dateline(rec.get("date") or "")
                read_text_article(content, article)
                articles.append(article)
                size += len(content.encode("utf-8"))
    elif corpus == "html":
        for path in sorted((REALNEWS / "html").iterdir()):
            article = read_article(InputFile(path, path.name))
            articles.append(article)
            size += sum(len(p.raw.encode("utf-8")) for p in article.paragraphs)
    return articles, size / 1e6


def measure(corpora: list[str], repeats: int) -> dict:
    from translate.clean import clean_article

    results = {}
    for corpus in corpora:
        articles, size = load(corpus)
        best = float("inf")
        for _ in range(repeats):
            copies = copy.deepcopy(articles)
            t = time.process_time()
            for article in copies:
                clean_article(article)
            best = min(best, time.process_time() - t)
        results[corpus] = {"mb": size, "cpu_s": best, "mb_s": size / best, "cpu_s_per_mb": best / size}
    return results


def child(code: str, corpora: list[str], repeats: int) -> dict:
    """``measure`` in a fresh interpreter that imports ``translate`` from ``code``."""
    script = (
        f"import sys, json; sys.path.insert(0, {code!r}); sys.path.insert(1, {str(HERE)!r});"
        f"import bench_clean_rules as b; print(json.dumps(b.measure({corpora!r}, {repeats})))"
    )
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=code)
    return json.loads(out.stdout.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", help="a git revision whose translate/ runs beside this checkout's")
    parser.add_argument("--corpora", default=",".join(CORPORA))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=1, help="with --base: base and this checkout, in turn, this often")
    args = parser.parse_args()
    corpora = args.corpora.split(",")
    if not args.base:
        sys.path.insert(0, str(ROOT))
        for corpus, r in measure(corpora, args.repeats).items():
            print(f"{corpus:10} {r['mb']:6.2f} MB  {r['cpu_s']:6.2f} CPU s  {r['mb_s']:5.2f} MB/s  {r['cpu_s_per_mb']:.3f} CPU s/MB")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.base, "translate"], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        best: dict[str, dict] = {"base": {}, "this": {}}
        for _ in range(args.rounds):
            for name, code in (("base", tmp), ("this", str(ROOT))):
                for corpus, r in child(code, corpora, args.repeats).items():
                    if corpus not in best[name] or r["cpu_s"] < best[name][corpus]["cpu_s"]:
                        best[name][corpus] = r
    print(f"| corpus | MB | {args.base} MB/s | this MB/s | speed-up |\n|---|---|---|---|---|")
    for corpus in corpora:
        b, t = best["base"][corpus], best["this"][corpus]
        print(f"| {corpus} | {b['mb']:.2f} | {b['mb_s']:.2f} | {t['mb_s']:.2f} | {b['cpu_s'] / t['cpu_s']:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
