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
GENERATORS = {
    "normal prose": lambda n: SENTENCE * n,
    "lost numbers (XNUMX)": lambda n: "Công ty đầu tư XNUMX triệu USD vào dự án. " * n,
    "dates everywhere": lambda n: "Ngày 31/4/2023, thứ Ba 5/6, từ 27-31/4, tháng XNUMX năm ngoái. " * n,
    "photo credits": lambda n: "Cảnh người dân đi làm. Ảnh: Minh Khang Giá vàng tăng mạnh. " * n,
    "related links": lambda n: ">> Tin giá vàng hôm nay Theo các doanh nghiệp, nhu cầu tăng. " * n,
    "unclosed braces": lambda n: "{ a: b; " * (n * 8),
    "brackets and quotes": lambda n: "[“(«" * (n * 12),
    "one long word": lambda n: "a" * (n * 60),
    "initials and dots": lambda n: "N. K. S. T. P. Q. " * (n * 3),
    "separators (breadcrumb-like)": lambda n: "Thời sự > Chính trị | " * (n * 3),
    "no spaces, mixed script": lambda n: "ViệtNam2023/12/31" * (n * 4),
}


def rate(text: str) -> float:
    from translate.clean import Context, clean_paragraph

    t = time.perf_counter()
    clean_paragraph(text, Context(title=None, index=3, count=10))
    return len(text.encode()) / 1e6 / (time.perf_counter() - t)


def main() -> None:
    small, large = 2_000, 8_000  # sentences-worth: about 0.15 MB and 0.6 MB
    rows = []
    normal = None
    for name, make in GENERATORS.items():
        r_small, r_large = rate(make(small)), rate(make(large))
        normal = normal or r_large
        rows.append((name, len(make(large).encode()) / 1e6, r_small, r_large))
    lines = [
        "# Cleaning pathological text (`benchmarks/bench_pathological.py`)",
        "",
        "One paragraph per shape, at two sizes. Linear cost keeps MB/s about level from the small to the large size.",
        "",
        "| input | large size (MB) | MB/s small | MB/s large | large ÷ normal |",
        "|---|---|---|---|---|",
    ]
    for name, size, r_small, r_large in rows:
        lines.append(f"| {name} | {size:.2f} | {r_small:.2f} | {r_large:.2f} | {r_large / normal:.2f} |")
    worst = min(r for *_, r in rows)
    lines += ["", f"Slowest shape: {worst:.2f} MB/s, {normal / worst:.1f}x slower than normal prose (target: within 3x)."]
    out = ROOT / "benchmarks" / "pathological-results.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
