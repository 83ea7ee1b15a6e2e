"""What the cleaner makes of every realnews input, every seed and the hostile shapes of
``bench_pathological.py``: a snapshot for changes that must not change it.

A speed-up of the cleaning rules must leave every output as it was: run this before the change and after it,
and compare the two files byte for byte.

    python benchmarks/clean_snapshot.py /tmp/before.json
    python benchmarks/clean_snapshot.py /tmp/after.json && cmp /tmp/before.json /tmp/after.json

Each article record (title, date, every paragraph's clean text and edits, captions, credits, flags, status) is
written as canonical JSON, one input a line, in a fixed order.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REALNEWS = ROOT.parent / "shared" / "realnews"


def inputs(realnews: Path = REALNEWS) -> list[tuple[str, str]]:
    """``(kind, source)`` of each input: baomoi and html files, each vnexpress record, each seed."""
    found = [("file", str(p)) for p in sorted((realnews / "baomoi").glob("*.txt"))]
    found += [("file", str(p)) for p in sorted((realnews / "html").iterdir())]
    for path in sorted((realnews / "vnexpress-json").glob("*.json")):
        count = len(json.loads(path.read_text(encoding="utf-8")))
        found += [("record", f"{path}#{i}") for i in range(count)]
    found += [("file", str(p)) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return found


def read(kind: str, source: str):
    """The article as ``vi2en clean`` reads it (records as the eval reads them), or an error's status line."""
    from translate.article import Article
    from translate.read import InputError, InputFile, parse_dateline, read_article, read_text_article

    try:
        if kind == "record":
            path, _, index = source.partition("#")
            rec = json.loads(Path(path).read_text(encoding="utf-8"))[int(index)]
            known = lambda v: v if v and v.strip() and v.strip() != "Unknown" else None  # noqa: E731
            article = Article(file=f"{Path(path).name}#{index}", title=known(rec.get("title")), format="record")
            article.date = parse_dateline(known(rec.get("date")) or "")
            read_text_article(known(rec.get("content")) or "", article)
            return article
        return read_article(InputFile(Path(source), Path(source).name))
    except InputError as exc:
        return f"{exc.status}: {exc.reason}"


def pathological() -> list[tuple[str, str]]:
    """The hostile shapes of ``bench_pathological.py``, small, each cleaned as one paragraph."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_pathological import GENERATORS

    return [(name, make(300)) for name, make in GENERATORS.items()]


def main(argv: list[str]) -> int:
    from translate.clean import Context, clean_article, clean_paragraph

    out = Path(argv[0]) if argv else Path("/dev/stdout")
    lines = []
    for kind, source in inputs():
        article = read(kind, source)
        if not isinstance(article, str):
            article = asdict(clean_article(article))
            article.pop("source_path", None)
        lines.append(json.dumps({"source": Path(source).name, "article": article}, ensure_ascii=False, sort_keys=True))
    for name, text in pathological():
        d, flags = clean_paragraph(text, Context(title=None, index=3, count=10))
        record = {"text": d.text, "edits": [asdict(e) for e in d.edits], "flags": [asdict(f) for f in flags]}
        lines.append(json.dumps({"source": name, "paragraph": record}, ensure_ascii=False, sort_keys=True))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} inputs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
