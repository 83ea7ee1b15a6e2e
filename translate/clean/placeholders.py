"""Lost numbers (``XNUMX``): dates are repaired so they stay true, any other lost number becomes the marker."""

from __future__ import annotations

import bisect
import re

from .. import dates
from ..article import Flag
from ..segment import split_sentences
from .draft import CleanConfig, Context, Draft

_NUMBER_PLACEHOLDER = re.compile(r"XNUMX(?:[.,/-]XNUMX)*")
_PHRASE = re.compile(r"[^\s.,;:!?)]*(?:\s+[^\s.,;:!?)]+)?")  # the lost number and the word after it
_HAS_NUMBER = re.compile(r"\d|XNUMX", re.I)


def repair_placeholders(d: Draft, ctx: Context, ref, config: CleanConfig, flags: list[Flag]) -> None:
    """Dates with a lost number are repaired so they stay true; any other lost number becomes the marker."""
    original = d.text
    if not _HAS_NUMBER.search(original):
        return  # no number, so no date and no lost number

    spans: list[tuple[int, int]] = []
    starts: list[int] = []

    def sentence_of(pos: int) -> str:
        if not spans:  # split only a paragraph that has something to flag: most have none
            spans[:] = split_sentences(original) or [(0, 0)]
            starts[:] = [a for a, _ in spans]
        k = bisect.bisect_right(starts, pos) - 1
        if k >= 0 and spans[k][0] <= pos < spans[k][1]:
            return original[spans[k][0] : spans[k][1]]
        return original.strip()

    found = []
    for finding in dates.check_text(original, ref, config.marker):
        m = finding.mention
        flags.append(
            Flag(
                kind=finding.kind,
                original=m.text,
                cleaned=finding.repair if finding.repair is not None else m.text,
                context=sentence_of(m.start),
                suggestion=finding.suggestion,
                start=d.raw_index(m.start),
                end=d.raw_index(m.end - 1) + 1,
            )
        )
        if finding.repair is not None:
            found.append((m.start, m.end, finding.repair))
    taken = sorted((a, b) for a, b, _ in found)
    taken_starts = [a for a, _ in taken]
    pos = 0
    while m := _NUMBER_PLACEHOLDER.search(original, pos):
        k = bisect.bisect_right(taken_starts, m.start()) - 1
        if k >= 0 and taken[k][0] <= m.start() < taken[k][1]:
            pos = taken[k][1]  # part of a repaired date; look again after it
            continue
        pos = m.end()
        phrase = _PHRASE.match(original, m.start()).group()
        flags.append(
            Flag(
                kind="number.placeholder",
                original=phrase,
                cleaned=phrase.replace(m.group(), config.marker, 1),
                context=sentence_of(m.start()),
                suggestion="number lost; check the source",
                start=d.raw_index(m.start()),
                end=d.raw_index(m.start()) + len(phrase),
            )
        )
        found.append((m.start(), m.end(), config.marker))
    d.replace_many(found, "placeholder")
