"""Checks on translations that add review flags: the top complaints about open MT tools.

- ``mt.untranslated``: the output is still Vietnamese, or a copy of the input.
- ``mt.numbers``: a number in the source is missing from the translation (3.000 ↔ 3,000, 96,6 ↔ 96.6,
  3 tỷ ↔ 3 billion, triệu ↔ million; small numbers may be spelled out).
- ``mt.repetition``: looping output. Remedy: ``--no-repeat-ngram-size 3`` or ``--repetition-penalty 1.2``.
- ``mt.length``: the length ratio is far from the usual, the sign of a dropped or invented clause.
"""

from __future__ import annotations

import re

from .decode import vietnamese_score

SCALES = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
EN_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "bn": 1e9}
EN_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "half": 0.5, "dozen": 12,
    "once": 1, "twice": 2, "single": 1, "both": 2, "double": 2, "pair": 2,
}
_VI_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w])(?:\s*(nghìn|ngàn|triệu|tỷ|tỉ)\b)?")
_EN_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s*(thousand|million|billion|trillion|bn|k|m)\b)?", re.I)


def vietnamese_numbers(text: str) -> list[float]:
    """Numbers as Vietnamese writes them: '.' groups thousands, ',' marks decimals, words scale."""
    return [value for value, _ in written_numbers(text)]


def written_numbers(text: str) -> list[tuple[float, str]]:
    """Each number with its value and the text it was written as ('3 tỷ' → 3e9 and '3 tỷ')."""
    numbers = []
    for m in _VI_NUMBER.finditer(text):
        whole, frac, scale = m.groups()
        value = float(whole.replace(".", "") + ("." + frac if frac else ""))
        numbers.append((value * SCALES.get(scale.lower(), 1) if scale else value, m.group().strip()))
    return numbers


def english_numbers(text: str) -> set[float]:
    values: set[float] = set()
    for whole, frac, scale in _EN_NUMBER.findall(text):
        value = float(whole.replace(",", "") + ("." + frac if frac else ""))
        values.add(value)
        if scale:
            values.add(value * EN_SCALES[scale.lower()])
    words = re.findall(r"[a-z]+", text.lower())
    for i, word in enumerate(words):
        if word in EN_WORDS:
            value = EN_WORDS[word]
            values.add(value)
            if i + 1 < len(words) and words[i + 1] in EN_SCALES:
                values.add(value * EN_SCALES[words[i + 1]])
    return values


def missing_numbers(source: str, target: str) -> list[str]:
    """The source's numbers, as written there, that the translation does not carry."""
    found = english_numbers(target)
    missing = []
    for value, written in written_numbers(source):
        if value in found or any(abs(value - f) < 1e-9 * max(1, abs(value)) for f in found):
            continue
        missing.append(written)
    return missing


def is_looping(text: str) -> bool:
    """A word or short phrase repeated back to back many times, or a few words filling most of the text."""
    words = text.lower().split()
    if len(words) < 6:
        return bool(re.search(r"(\S{2,}?)\1{4,}", text))
    for n in range(1, 5):
        for i in range(len(words) - 3 * n):
            chunk = words[i : i + n]
            if all(words[i + k * n : i + (k + 1) * n] == chunk for k in range(1, 4)):
                return True
    return len(set(words)) / len(words) < 0.3 or bool(re.search(r"(\S{2,}?)\1{4,}", text))


def check_pair(source: str, target: str) -> list[tuple[str, str]]:
    """Flags for one sentence pair as ``(kind, suggestion)``."""
    flags: list[tuple[str, str]] = []
    src, tgt = source.strip(), target.strip()
    if not tgt:
        return [("mt.untranslated", "the model returned nothing")]
    if tgt == src or (vietnamese_score(tgt) > 0.05 and vietnamese_score(src) > 0.05):
        flags.append(("mt.untranslated", "the output is still Vietnamese"))
    missing = missing_numbers(src, tgt)
    if missing:
        shown = ", ".join(missing[:5])
        flags.append(("mt.numbers", f"not found in the translation: {shown}"))
    if is_looping(tgt) and not is_looping(src):
        flags.append(("mt.repetition", "looping output; try --no-repeat-ngram-size 3 or --repetition-penalty 1.2"))
    if len(src) >= 20:
        ratio = len(tgt) / len(src)
        if ratio < 0.5 or ratio > 2.2:
            flags.append(("mt.length", f"English is {ratio:.1f}× the Vietnamese length; a clause may be dropped or invented"))
    return flags
