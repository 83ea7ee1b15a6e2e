"""The paragraph being cleaned (:class:`Draft`), what rules may know beyond it (:class:`Context`), options."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..article import Edit


@dataclass(frozen=True)
class CleanConfig:
    """Options of the cleaning stage; the CLI builds one, the library takes it."""

    marker: str = "[?]"  # written where a lost number cannot be repaired


class Draft:
    """A paragraph being edited, remembering where each character came from in the raw text."""

    def __init__(self, raw: str):
        self.raw = raw
        self.text = raw
        self._origin = list(range(len(raw)))
        self.edits: list[Edit] = []

    def raw_index(self, i: int) -> int:
        """Where the character now at ``i`` stood in the raw text (inserted characters: the next original one)."""
        while i < len(self._origin) and self._origin[i] < 0:
            i += 1
        return self._origin[i] if i < len(self._origin) else len(self.raw)

    def kept(self) -> set[int]:
        """Indices of the raw characters still in the text."""
        return {i for i in self._origin if i >= 0}

    def replace(self, start: int, end: int, replacement: str, rule: str, record: bool = True) -> None:
        if start == end and not replacement:
            return
        if record:
            raw_start = self.raw_index(start)
            raw_end = max(raw_start, self.raw_index(end - 1) + 1) if end > start else raw_start
            self.edits.append(Edit(rule, raw_start, raw_end, self.text[start:end], replacement))
        self.text = self.text[:start] + replacement + self.text[end:]
        self._origin = self._origin[:start] + [-1] * len(replacement) + self._origin[end:]

    def replace_many(self, spans: list[tuple[int, int, str]], rule: str, record: bool = True) -> None:
        for start, end, replacement in sorted(spans, reverse=True):
            self.replace(start, end, replacement, rule, record)

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
