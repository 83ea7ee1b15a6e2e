"""Paragraphs → sentences, and sentences too long for a model → clause-sized pieces.

Off-the-shelf splitters follow English rules; Vietnamese news breaks them with "TP. Hồ Chí Minh", initials
("S. Jaishankar"), thousands written 3.000, decimals 96,6 and dates 5/6. The rule here is simple and tested
on data (tests/cases/sentences.json): a sentence ends at . ! ? or … (optionally followed by a closing quote or
bracket) when whitespace and then an upper-case letter, digit or opening quote follow, unless the word before
the stop is a known abbreviation or a single capital letter.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

ABBREVIATIONS = {
    "tp", "tx", "tt", "ths", "ts", "gs", "pgs", "bs", "ks", "ls", "nxb", "mr", "mrs", "ms", "dr", "st", "jr", "sr",
    "no", "q", "p", "h", "ng", "th", "co", "inc", "ltd", "corp", "vs", "v.v", "etc", "tr", "ctv", "pv", "btv",
}
_OPENERS = "\"“‘'([«"
_CLOSERS = "\"”’')]»"
_BOUNDARY = re.compile(r"(?:[.!?]+|…)[" + re.escape(_CLOSERS) + r"]*(?=\s+)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text`` (whitespace between sentences belongs to neither)."""
    return list(_sentence_spans(text))


@functools.lru_cache(maxsize=8)  # the cleaner's rules split the same paragraph text again and again
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        nxt = _skip_space(text, end)
        if nxt >= len(text) or not _starts_sentence(text[nxt]):
            continue
        if m.group().startswith(".") and not m.group().startswith("..") and _is_abbreviation(text, m.start()):
            continue
        if end > start:
            spans.append((start, end))
        start = nxt
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return tuple(spans)


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in _OPENERS or ch == "@"


_LAST_WORD = re.compile(r"([\w.]+)$")


def _is_abbreviation(text: str, dot: int, lo: int = 0) -> bool:
    """The word before the full stop (reading no further back than ``lo``) is an abbreviation or an initial, so
    the stop ends no sentence."""
    m = _LAST_WORD.search(text, max(lo, dot - 40), dot)  # a bounded window keeps splitting linear
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "S. Jaishankar"
    return word.lower() in ABBREVIATIONS or word.lower().rstrip(".") in ABBREVIATIONS


# --- pieces that fit a model ------------------------------------------------------------------------------

_CLAUSE_BREAKS = [
    re.compile(r"(?<=[;:])\s+"),
    re.compile(r"(?<=[,–—])\s+"),
    re.compile(r"\s+(?=(?:và|nhưng|trong khi|đồng thời|bởi vì|vì|nên|để|khi|sau khi|trước khi|mà|còn)\s)"),
    re.compile(r"\s+"),
]


def fit_pieces(sentence: str, count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """Split ``sentence`` at clause boundaries until every piece has at most ``limit`` tokens.

    Joining the pieces with single spaces gives the sentence back, so nothing is ever dropped. Coarse breaks
    (semicolons) are tried before fine ones (commas, conjunctions, then any space); a single word longer than
    the limit is cut by characters as a last resort.
    """
    if count_tokens(sentence) <= limit:
        return [sentence]
    for pattern in _CLAUSE_BREAKS:
        parts = [p for p in pattern.split(sentence) if p]
        if len(parts) > 1:
            return _pack(parts, count_tokens, limit)
    half = max(1, len(sentence) // 2)
    return fit_pieces(sentence[:half], count_tokens, limit) + fit_pieces(sentence[half:], count_tokens, limit)


def _pack(parts: list[str], count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """Greedily join adjacent parts while they still fit; split again any part that alone does not."""
    pieces: list[str] = []
    current = ""
    for part in parts:
        candidate = f"{current} {part}" if current else part
        if count_tokens(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        if count_tokens(part) <= limit:
            current = part
        else:
            pieces.extend(fit_pieces(part, count_tokens, limit))
            current = ""
    if current:
        pieces.append(current)
    return pieces
