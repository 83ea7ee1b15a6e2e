"""Cleaning speed on pathological text next to normal text (a benchmark, not a test).

Each generator builds one paragraph of hostile shape at two sizes; the cleaner must stay linear (the larger
size takes about twice as long, not four times) and within 3x of normal text's MB/s.

    .venv/bin/python benchmarks/bench_pathological.py          # writes benchmarks/pathological-results.md
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SENTENCE = "Công ty đầu tư thêm vốn vào dự án mới tại Hà Nội trong năm nay. "


def real_text(n: int) -> str:
    """Real article text as long as ``n`` normal sentences: the baomoi crawl's body lines, joined into one."""
    lines = [line for path in sorted((ROOT.parent / "shared" / "realnews" / "baomoi").glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines()[2:] if line.strip()]
    text = " ".join(lines * (1 + n * len(SENTENCE) // max(1, sum(map(len, lines)))))
    return text[: n * len(SENTENCE)]


GENERATORS = {
    "normal prose": lambda n: SENTENCE * n,
    "real articles (baomoi bodies, one paragraph)": real_text,
    "lost numbers (XNUMX)": lambda n: "Công ty đầu tư XNUMX triệu USD vào dự án. " * n,
    # The hang: lost numbers by the thousand in one paragraph with no full stop.
    "lost numbers, no stop": lambda n: "giá tăng XNUMX lần, " * (n * 3),
    "dates everywhere": lambda n: "Ngày 31/4/2023, thứ Ba 5/6, từ 27-31/4, tháng XNUMX năm ngoái. " * n,
    "photo credits": lambda n: "Cảnh người dân đi làm. Ảnh: Minh Khang Giá vàng tăng mạnh. " * n,
    "related links": lambda n: ">> Tin giá vàng hôm nay Theo các doanh nghiệp, nhu cầu tăng. " * n,
    "unclosed braces": lambda n: "{ a: b; " * (n * 8),
    "brackets and quotes": lambda n: "[“(«" * (n * 12),
    "one long word": lambda n: "a" * (n * 60),
    "initials and dots": lambda n: "N. K. S. T. P. Q. " * (n * 3),
    "separators (breadcrumb-like)": lambda n: "Thời sự > Chính trị | " * (n * 3),
    "no spaces, mixed script": lambda n: "ViệtNam2023/12/31" * (n * 4),
    # The review check reads a removed related-link prompt: dotted names and long runs of stops in it were tried
    # from every position (128 KB of "a.a.a…" took 160 s).
    "dotted names after a prompt": lambda n: "Xem thêm: " + "a." * (n * 30),
    "run of stops after a prompt": lambda n: "Xem thêm: " + "." * (n * 60) + " x",
    # A match video's caption in every sentence: each was checked against all the ones before it.
    "video captions": lambda n: "Diễn biến chính trận Việt Nam - Thái Lan. Giá vàng tăng. " * n,
}


def seconds(text: str) -> float:
    """CPU seconds to clean ``text`` as one paragraph: the machine is shared, and CPU time counts only this
    process's work (wall time also counts whoever else runs)."""
    from translate.clean import Context, clean_paragraph

    t = time.process_time()
    clean_paragraph(text, Context(title=None, index=3, count=10))
    return time.process_time() - t


def main() -> None:
    from harness import machine_line, verdict, write_results

    small, large = 2_000, 8_000  # sentences-worth: about 0.15 MB and 0.6 MB
    texts = {name: (make(small), make(large)) for name, make in GENERATORS.items()}
    best = {name: [float("inf"), float("inf")] for name in texts}
    for _ in range(ROUNDS):  # every shape, normal prose included, in each round: a busy spell slows them all
        for name, pair in texts.items():
            for k, text in enumerate(pair):
                best[name][k] = min(best[name][k], seconds(text))
    rows = []
    for name, pair in texts.items():
        r_small, r_large = (len(text.encode()) / 1e6 / t for text, t in zip(pair, best[name]))
        rows.append((name, len(pair[1].encode()) / 1e6, r_small, r_large))
    normal = rows[0][3]
    lines = [
        "# Cleaning pathological text (`benchmarks/bench_pathological.py`)",
        "",
        "One paragraph per shape, at two sizes. Linear cost keeps MB/s about level from the small to the large size.",
        f"CPU time of the cleaning, the best of {ROUNDS} rounds; each round times every shape, normal prose included.",
        "",
        "| input | large size (MB) | MB/s small | MB/s large | large ÷ normal |",
        "|---|---|---|---|---|",
    ]
    for name, size, r_small, r_large in rows:
        lines.append(f"| {name} | {size:.2f} | {r_small:.2f} | {r_large:.2f} | {r_large / normal:.2f} |")
    worst = min(r for *_, r in rows)
    real = rows[1][3]
    lines += ["", f"Slowest shape: {worst:.2f} MB/s, {normal / worst:.1f}x slower than the one repeated sentence of "
              f"'normal prose' and {real / worst:.1f}x slower than real article text (target: within 3x of normal "
              f"text: {verdict(normal / worst <= 3)} against the repeated sentence, {verdict(real / worst <= 3)} against "
              "real articles). The repeated sentence passes every rule's cheap test and cleans faster than any real "
              "article.", "", machine_line("bench_pathological.py")]
    write_results(ROOT / "benchmarks" / "pathological-results.md", lines)


ROUNDS = 5


if __name__ == "__main__":
    main()
