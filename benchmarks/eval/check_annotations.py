"""Check annotation files for form: known fields, indices inside the inventory, partial junk text present.

    python benchmarks/eval/check_annotations.py benchmarks/eval/annotations/*.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from inventory import sentences  # noqa: E402

FIELDS = {"source", "title", "date", "title_i", "body", "captions", "partial", "flags", "note"}
KINDS = {"date.invalid", "date.swapped", "date.weekday", "date.placeholder", "number.placeholder", "date.implausible"}


def indices(spec: str) -> list[int]:
    out: list[int] = []
    for part in filter(None, (p.strip() for p in (spec or "").split(","))):
        a, _, b = part.partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def problems(record: dict) -> list[str]:
    found = []
    extra = set(record) - FIELDS
    if extra:
        found.append(f"unknown fields {sorted(extra)}")
    inv = sentences(record["source"])
    seen: dict[int, str] = {}
    for name in ("title_i", "body", "captions"):
        for i in indices(record.get(name, "")):
            if not 0 <= i < len(inv):
                found.append(f"{name}: index {i} outside 0..{len(inv) - 1}")
            elif i in seen:
                found.append(f"index {i} in both {seen[i]} and {name}")
            seen[i] = name
    for p in record.get("partial", []):
        if p["i"] >= len(inv) or p["junk"] not in inv[p["i"]]:
            found.append(f"partial {p['i']}: junk text not found in that sentence")
    for f in record.get("flags", []):
        if f.get("kind") not in KINDS:
            found.append(f"flag kind {f.get('kind')!r} unknown")
        if not any(f.get("text", "\0") in s for s in inv):
            found.append(f"flag text {f.get('text')!r} not in the input")
    if record.get("date") is not None and not (len(record["date"]) == 10 and record["date"][4] == "-"):
        found.append("date is not YYYY-MM-DD")
    return found


def main(paths: list[str]) -> int:
    bad = 0
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            for p in problems(record):
                bad += 1
                print(f"{path}:{n} {record.get('source')}: {p}")
    print("ok" if not bad else f"{bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
