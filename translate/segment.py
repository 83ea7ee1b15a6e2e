"""Paragraphs → sentences, and sentences too long for a model → clause-sized pieces.

Off-the-shelf splitters follow English rules; Vietnamese news breaks them with "TP. Hồ Chí Minh", initials
("S. Jaishankar"), thousands written 3.000, decimals 96,6 and dates 5/6. The rule here is simple and tested
on data (tests/cases/sentences.json): a sentence ends at . ! ? or … (optionally followed by a closing quote or
bracket) when whitespace and then an upper-case letter, digit or opening quote follow, unless the word before
the stop is a known abbreviation or a single capital letter.
"""

from __future__ import annotations

import re
from collections.abc import Callable

ABBREVIATIONS = {
    "tp", "tx", "tt", "ths", "ts", "gs", "pgs", "bs", "ks", "ls", "nxb", "mr", "mrs", "ms", "dr", "st", "jr", "sr",
    "no", "q", "p", "h", "ng", "th", "co", "inc", "ltd", "corp", "vs", "v.v", "etc", "tr", "ctv", "pv", "btv",
}
_OPENERS = "\"“‘'([«"
_CLOSERS = "\"”’')]»"
# A stop: a run of . ! ? or an ellipsis, "(?:[.!?]+|…)", then closing quotes or brackets. Written to open with
# one character class, which the regex engine skips to (the plain form is tried at every character).
_STOP_MARK = r"[.!?…](?:(?<=[.!?])[.!?]*|(?<=…))[" + re.escape(_CLOSERS) + r"]*"
_BOUNDARY = re.compile(_STOP_MARK + r"(?=\s+)")
# The same stop, with the spaces after it and the character after them read in the same match: a paragraph
# of initials ("N. K. S. T.") has a candidate stop every third character, so each one must cost little.
_STOP = re.compile(_STOP_MARK + r"(?=(\s+)(.?))", re.S)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text`` (whitespace between sentences belongs to neither)."""
    # The cleaner splits one paragraph again and again (a rule in every pass, then the lost-number repair) and
    # most passes change nothing: the last answer is kept for the same string.
    global _last_split
    last = _last_split
    if last[0] is text:
        return list(last[1])
    spans = _split(text)
    _last_split = (text, tuple(spans))
    return spans


_last_split: tuple[str | None, tuple[tuple[int, int], ...]] = (None, ())


def _split(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    for m in _STOP.finditer(text):  # the stop, then (looked at, not taken) the spaces and the next character
        nxt, ch = m.end(1), m.group(2)
        if not ch or not (ch.isupper() or ch.isdigit() or ch in _OPENERS or ch == "@"):  # _starts_sentence
            continue
        stop, dot = m.group(), m.start()
        if stop[0] == "." and stop[1:2] != "." and (_is_initial(text, dot) or _is_abbreviation(text, dot)):
            continue
        end = m.end()
        if end > start:
            spans.append((start, end))
        start = nxt
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in _OPENERS or ch == "@"


def _is_initial(text: str, dot: int) -> bool:
    """One capital letter alone before the stop ("N. K. S."): an initial, told without reading the word."""
    if dot == 0 or not (text[dot - 1].isupper() and text[dot - 1].isalnum()):
        return False
    return dot == 1 or not (text[dot - 2].isalnum() or text[dot - 2] in "._")


def _is_abbreviation(text: str, dot: int, lo: int = 0) -> bool:
    """The word before the full stop (reading no further back than ``lo``) is an abbreviation or an initial, so
    the stop ends no sentence."""
    # The word is what ``[\w.]+$`` finds in the window: the run of word characters and dots that ends it (or
    # ends just before a newline that ends it), read backwards here: a regex search tries every start.
    hi = dot - 1 if text[dot - 1 : dot] == "\n" else dot
    first, i = max(lo, dot - 40), hi  # a bounded window keeps splitting linear
    while i > first and (text[i - 1].isalnum() or text[i - 1] in "._"):
        i -= 1
    if i == hi:
        return False
    word = text[i:hi]
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
