"""Number the sentences of a realnews input, for annotation and scoring.

The evaluation's annotations name sentences by their index in this inventory (never by copied text), so this
script is frozen: it imports nothing from vi2en, and changing how it splits would invalidate every annotation.

    python benchmarks/eval/inventory.py baomoi/21471198.txt
    python benchmarks/eval/inventory.py vnexpress-json/vnexpress_bongda_part2.json#5
    python benchmarks/eval/inventory.py html/dantri_lich-nghi-tet-2013-677792.html
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

REALNEWS = Path(__file__).resolve().parents[3] / "shared" / "realnews"
if not REALNEWS.is_dir():
    REALNEWS = Path(__file__).resolve().parents[2].parent / "shared" / "realnews"

# A sentence ends at . ! ? … (with closing quotes/brackets) before a space and a capital letter, digit or quote.
_BOUNDARY = re.compile(r"(?<=[.!?…])([\"”’)\]]*)\s+(?=[\"“(\[]?[A-ZĐ0-9\u00C0-\u1EF9])")
_BLOCKS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table", "br", "section",
    "article", "header", "footer", "nav", "aside", "figure", "figcaption", "blockquote", "pre", "dt", "dd", "dl",
    "main", "form", "option", "select", "button", "label", "caption", "center", "hr", "title",
}


def split_sentences(line: str) -> list[str]:
    line = re.sub(r"\s+", " ", line).strip()
    if not line:
        return []
    out, start = [], 0
    for m in _BOUNDARY.finditer(line):
        nxt = line[m.end()] if m.end() < len(line) else ""
        if nxt.isalpha() and not nxt.isupper():
            continue
        out.append(line[start : m.start(1) + len(m.group(1))].strip())
        start = m.end()
    out.append(line[start:].strip())
    return [s for s in out if s]


def html_lines(html: str) -> list[str]:
    from bs4 import BeautifulSoup, Comment, NavigableString

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "svg", "head"]):
        tag.decompose()
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    for tag in soup.find_all(list(_BLOCKS)):
        tag.insert_before(NavigableString("\n"))
        tag.insert_after(NavigableString("\n"))
    root = soup.body or soup
    return [ln for ln in (re.sub(r"\s+", " ", x).strip() for x in root.get_text().split("\n")) if ln]


def load(source: str) -> list[tuple[int, str]]:
    """``(line, sentence)`` for every sentence of the input named by ``source`` (relative to realnews/)."""
    path, _, record = source.partition("#")
    data = (REALNEWS / path).read_bytes().decode("utf-8", errors="replace")
    data = unicodedata.normalize("NFC", data.replace("\r\n", "\n"))
    if record:
        rec = json.loads(data)[int(record)]
        lines = [rec.get("title") or "", *(rec.get("content") or "").split("\n")]
    elif path.endswith((".html", ".htm")):
        lines = html_lines(data)
    else:
        lines = data.split("\n")
    return [(n, s) for n, line in enumerate(lines, start=1) for s in split_sentences(line)]


def sentences(source: str) -> list[str]:
    return [s for _, s in load(source)]


def main(argv: list[str]) -> None:
    for source in argv:
        print(f"== {source}")
        for i, (line, s) in enumerate(load(source)):
            print(f"[{i}] (L{line}) {s}")


if __name__ == "__main__":
    main(sys.argv[1:])
