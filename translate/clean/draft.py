"""The paragraph being cleaned (:class:`Draft`), what rules may know beyond it (:class:`Context`), options."""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field

from ..article import Edit


@dataclass(frozen=True)
class CleanConfig:
    """Options of the cleaning stage; the CLI builds one, the library takes it."""

    marker: str = "[?]"  # written where a lost number cannot be repaired
    time_limit: float = 300.0  # seconds one article may take to read and clean before it is given up as failed

    def __post_init__(self) -> None:
        check_marker(self.marker)


def check_marker(marker: str) -> str:
    """The marker must stay visible, as written, in every output: an empty one would hide that a number was
    lost, and markup or control characters would be removed by the cleaner or the output escaping."""
    if not marker.strip():
        raise ValueError("the marker must be visible text, such as [?] (an empty one would hide the lost number)")
    if re.search(r"<[A-Za-z/!]|&#?\w+;", marker) or not marker.isprintable():
        raise ValueError(f"the marker {marker!r} holds an HTML tag, an entity or a control character, which cleaning "
                         "would remove; use plain text such as [?] or <?>")
    return marker


def _inserted(n: int) -> array:
    return array("q", [-1]) * n


_COUNTING = array("q")  # 0, 1, 2, …: a paragraph's first map is cut from it (a copy), not built number by number
_COUNTING_MAX = 1 << 20  # 8 MB kept at most; a longer paragraph builds its own


def _identity(n: int) -> array:
    global _COUNTING
    if n > len(_COUNTING):
        if n > _COUNTING_MAX:
            return array("q", range(n))
        _COUNTING = array("q", range(min(_COUNTING_MAX, max(n, 2 * len(_COUNTING), 4096))))
    return _COUNTING[:n]


class Draft:
    """A paragraph being edited, remembering where each character came from in the raw text."""

    def __init__(self, raw: str):
        self.raw = raw
        self.text = raw
        self._map: array | None = None  # made on the first edit: most paragraphs are never edited
        self.edits: list[Edit] = []

    @property
    def _origin(self) -> array:
        if self._map is None:
            self._map = _identity(len(self.raw))  # 8 bytes a character, not a Python int each
        return self._map

    @_origin.setter
    def _origin(self, value: array) -> None:
        self._map = value

    def raw_index(self, i: int) -> int:
        """Where the character now at ``i`` stood in the raw text (inserted characters: the next original one)."""
        origin = self._map
        if origin is None:
            return min(i, len(self.raw))
        n = len(origin)  # asked for each flag and edit: locals, not attribute look-ups, in the loop
        while i < n and origin[i] < 0:
            i += 1
        return origin[i] if i < n else len(self.raw)

    def kept(self) -> set[int]:
        """Indices of the raw characters still in the text."""
        return set(range(len(self.raw))) if self._map is None else {i for i in self._map if i >= 0}

    def replace(self, start: int, end: int, replacement: str, rule: str, record: bool = True) -> None:
        if start == end and not replacement:
            return
        if record:
            raw_start = self.raw_index(start)
            raw_end = max(raw_start, self.raw_index(end - 1) + 1) if end > start else raw_start
            self.edits.append(Edit(rule, raw_start, raw_end, self.text[start:end], replacement))
        self.text = self.text[:start] + replacement + self.text[end:]
        self._origin = self._origin[:start] + _inserted(len(replacement)) + self._origin[end:]

    def replace_many(self, spans: list[tuple], rule: str, record: bool = True) -> None:
        """Several replacements ``(start, end, replacement[, rule])`` in one pass over the text (one at a time
        would cost the text's length each); a span's own rule, when given, overrides ``rule``."""
        if not spans:
            return
        spans = sorted((s[0], s[1], s[2], s[3] if len(s) > 3 else rule) for s in spans if s[0] != s[1] or s[2])
        if not spans:
            return
        if any(a[1] > b[0] for a, b in zip(spans, spans[1:])):
            for start, end, replacement, why in reversed(spans):  # overlapping spans: one at a time, right to left
                self.replace(start, end, replacement, why, record)
            return
        if record:
            for start, end, replacement, why in reversed(spans):
                raw_start = self.raw_index(start)
                raw_end = max(raw_start, self.raw_index(end - 1) + 1) if end > start else raw_start
                self.edits.append(Edit(why, raw_start, raw_end, self.text[start:end], replacement))
        text: list[str] = []
        origin = array("q")
        pos = 0
        for start, end, replacement, _ in spans:
            text += [self.text[pos:start], replacement]
            origin += self._origin[pos:start] + _inserted(len(replacement))
            pos = end
        text.append(self.text[pos:])
        origin += self._origin[pos:]
        self.text, self._origin = "".join(text), origin

    def drop(self, rule: str) -> None:
        """Remove the whole remaining text."""
        self.replace(0, len(self.text), "", rule)


@dataclass
class Context:
    """What rules may know beyond the paragraph itself."""

    title: str | None
    index: int
    count: int
    in_related_section: bool = False
    stamp: str | None = None  # a publication date found in a closing byline ("… | 04:25 25/05/2017")
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
