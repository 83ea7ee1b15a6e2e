"""Reading Vietnamese dates and flagging the ones a person must check.

A date mention is parsed into slots (weekday, day, month, year, or a relative year such as "năm ngoái").
A slot may hold ``LOST``: the ``XNUMX`` placeholder a broken number-masking step left behind. The checks then
ask whether the mention is garbled (a lost number, a year pushed into the month slot), impossible (31/4,
month 13), contradictory (a weekday that does not match the date) or implausible (a year no article means),
and say how it could be repaired without inventing anything.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter

PLACEHOLDER = "XNUMX"
LOST = -1  # slot value for a number the placeholder swallowed

WEEKDAYS = {"hai": 0, "ba": 1, "tư": 2, "năm": 3, "sáu": 4, "bảy": 5, "2": 0, "3": 1, "4": 2, "5": 3, "6": 4, "7": 5}
WEEKDAY_NAMES = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]
RELATIVE_YEARS = {"ngoái": -1, "trước": -1, "nay": 0, "này": 0, "tới": 1, "sau": 1}

_NUM = r"(?:\d{1,4}|XNUMX)"
_DM = r"(?:\d{1,2}|XNUMX)"  # day or month in numeric forms: never more than two digits
_YEAR = r"(?:\d{4,5}|XNUMX)"
_WEEKDAY = r"(?P<wd>thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*[,(-]?\s*"
_LEFT = r"(?<![\w/.,-])"
_RIGHT = r"(?![\w/]|[.,]\d)"
# Words after which "D/M" is a date rather than a fraction or a score.
_CUE = r"(?:(?P<cue>(?:hôm|sáng|chiều|tối|đêm|trưa|khuya|rạng\s+sáng|từ|đến|tới|và)\s+)(?:ngày\s+)?|ngày\s+)"

# A cheap test before each (slower) form: the words or characters every match of that form must contain (each
# group: one of its strings), looked for in the lower-cased text. Sound because re.I matches each letter of
# these words only in its two cases (tests/test_dates.py checks every code point).
_NEEDS = {"ngày D tháng M năm Y": [["ngày"], ["tháng"], ["năm"]], "D/M/Y": [], "ngày D tháng M": [["ngày"], ["tháng"]],
          "tháng M năm Y": [["tháng"], ["năm"]], "tháng M/Y": [["tháng"], ["/", "-"]], "D-D/M": [["/"], ["-", "–"]],
          "D/M": [["/"]], "ngày D-M": [["ngày", "hôm"], ["-", "."]], "ngày D": [["ngày"], ["xnumx"]], "tháng M": [["tháng"]],
          "năm Y": [["năm"]]}
_HAS_NUMBER = re.compile(r"\d|XNUMX", re.I)
_NUMERIC_DATE = re.compile(r"\d[/.-]\d|\d[/.-]XNUMX|XNUMX[/.-]", re.I)

_FORMS: list[tuple[str, re.Pattern[str]]] = [
    (
        "ngày D tháng M năm Y",
        re.compile(
            rf"(?:{_WEEKDAY})?{_LEFT}ngày\s+(?P<d>{_NUM})\s+tháng\s+(?P<m>{_NUM})\s*(?:,\s*)?năm\s+(?P<y>{_YEAR}){_RIGHT}",
            re.I,
        ),
    ),
    (
        "D/M/Y",
        re.compile(
            rf"(?:{_WEEKDAY})?{_LEFT}(?:ngày\s+)?(?P<d>{_DM})(?P<sep>[/.-])(?P<m>{_DM})(?P=sep)(?P<y>{_YEAR}){_RIGHT}",
            re.I,
        ),
    ),
    (
        "ngày D tháng M",
        re.compile(rf"(?:{_WEEKDAY})?{_LEFT}ngày\s+(?P<d>{_NUM})\s+tháng\s+(?P<m>{_NUM}){_RIGHT}(?!\s*(?:/|năm\s+\d))", re.I),
    ),
    (
        "tháng M năm Y",
        re.compile(
            rf"{_LEFT}tháng\s+(?P<m>{_NUM})\s*(?:,\s*)?năm\s+(?:(?P<y>{_YEAR}){_RIGHT}|(?P<rel>ngoái|trước|nay|này|tới|sau)\b)",
            re.I,
        ),
    ),
    ("tháng M/Y", re.compile(rf"{_LEFT}tháng\s+(?P<m>{_NUM})[/-](?P<y>{_YEAR}){_RIGHT}", re.I)),
    (
        "D-D/M",  # a range of days: "từ 27-31/4", "ngày 30-31/4/2023"; each end is a date
        re.compile(rf"{_LEFT}(?P<d0>\d{{1,2}})\s*[-–]\s*(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{4}}))?{_RIGHT}(?!/)"),
    ),
    (
        "D/M",
        re.compile(rf"(?:{_WEEKDAY}|{_CUE}){_LEFT}(?P<d>{_DM})/(?P<m>{_DM}){_RIGHT}(?!/)", re.I),
    ),
    (
        "ngày D-M",
        re.compile(rf"(?:{_WEEKDAY})?{_LEFT}(?:ngày|hôm)\s+(?P<d>{_DM})[-.](?P<m>{_DM}){_RIGHT}(?![-./]\d)", re.I),
    ),
    ("ngày D", re.compile(rf"{_LEFT}ngày\s+(?P<d>XNUMX){_RIGHT}", re.I)),
    ("tháng M", re.compile(rf"{_LEFT}tháng\s+(?P<m>{_NUM}){_RIGHT}(?!\s*[/-]\s*\d)", re.I)),
    ("năm Y", re.compile(rf"{_LEFT}năm\s+(?P<y>{_YEAR}){_RIGHT}(?!\s*[-–]\s*\d)", re.I)),
]


# The forms above are the specification. Scanning the text with each of them costs about 100 ns a character
# (an optional weekday or cue word in front gives the regex engine no literal to skip ahead to), which made
# date-dense text the slowest input of all. The scanners below find exactly the same matches faster: each
# looks for the part of a form that starts with a fixed word or a digit (its core), then reads the optional
# weekday or cue words in front of it backwards, as one anchored match on the reversed text.
# tests/test_dates.py checks on generated text that every scanner agrees with its form.


def _rev(words: str) -> str:
    r"""Reverse each literal alternative of ``a|b|c`` (``\s+`` inside a word pair stays as it is)."""
    return "|".join(r"\s+".join(part[::-1] for part in reversed(w.split(r"\s+"))) for w in words.split("|"))


_CLASS_BEFORE = r"[\w/.,-]"  # what must not come just before a date (as in _LEFT)


def _word(word: str) -> str:
    """``word`` with no word character, slash, dot, comma or hyphen just before it: _LEFT, checked after the word
    so that the regex engine can skip ahead to the word itself."""
    return rf"{word}(?<!{_CLASS_BEFORE}{word})"


# The weekday and cue words, reversed, so that they can be matched backwards from where the core starts.
_WEEKDAY_WORDS, _SUNDAY = "hai|ba|tư|năm|sáu|bảy", r"chủ\s+nhật"
_WEEKDAY_REV = rf"\s*[,(-]?\s*(?P<wd>(?:{_rev(_WEEKDAY_WORDS)}|[2-7])\s+ứht|{_rev(_SUNDAY)})"
_CUE_WORDS = r"rạng\s+sáng|hôm|sáng|chiều|tối|đêm|trưa|khuya|từ|đến|tới|và"  # the longer alternative first
_CUE_REV = rf"(?:(?:\s+yàgn)?(?P<cue>\s+(?:{_rev(_CUE_WORDS)}))|\s+yàgn)"


@dataclass(frozen=True)
class _Scanner:
    core: re.Pattern[str]
    before: re.Pattern[str] | None = None  # matched on the reversed text, from where the core starts
    before_required: bool = False


def _scanner(core: str, before: str | None = None, required: bool = False) -> _Scanner:
    return _Scanner(re.compile(core, re.I), re.compile(before, re.I) if before else None, required)


_SCANNERS = {
    "ngày D tháng M năm Y": _scanner(
        rf"{_word('ngày')}\s+(?P<d>{_NUM})\s+tháng\s+(?P<m>{_NUM})\s*(?:,\s*)?năm\s+(?P<y>{_YEAR}){_RIGHT}", f"(?:{_WEEKDAY_REV})?"
    ),
    "D/M/Y": _scanner(
        rf"{_LEFT}(?P<d>{_DM})(?P<sep>[/.-])(?P<m>{_DM})(?P=sep)(?P<y>{_YEAR}){_RIGHT}",
        rf"(?:\s+yàgn(?!{_CLASS_BEFORE}))?(?:{_WEEKDAY_REV})?",
    ),
    "ngày D tháng M": _scanner(
        rf"{_word('ngày')}\s+(?P<d>{_NUM})\s+tháng\s+(?P<m>{_NUM}){_RIGHT}(?!\s*(?:/|năm\s+\d))", f"(?:{_WEEKDAY_REV})?"
    ),
    "tháng M năm Y": _scanner(
        rf"{_word('tháng')}\s+(?P<m>{_NUM})\s*(?:,\s*)?năm\s+(?:(?P<y>{_YEAR}){_RIGHT}|(?P<rel>ngoái|trước|nay|này|tới|sau)\b)"
    ),
    "tháng M/Y": _scanner(rf"{_word('tháng')}\s+(?P<m>{_NUM})[/-](?P<y>{_YEAR}){_RIGHT}"),
    "D-D/M": _scanner(dict(_FORMS)["D-D/M"].pattern),
    "D/M": _scanner(rf"{_LEFT}(?P<d>{_DM})/(?P<m>{_DM}){_RIGHT}(?!/)", f"(?:{_WEEKDAY_REV}|{_CUE_REV})", required=True),
    "ngày D-M": _scanner(
        rf"(?:{_word('ngày')}|{_word('hôm')})\s+(?P<d>{_DM})[-.](?P<m>{_DM}){_RIGHT}(?![-./]\d)", f"(?:{_WEEKDAY_REV})?"
    ),
    "ngày D": _scanner(rf"{_word('ngày')}\s+(?P<d>XNUMX){_RIGHT}"),
    "tháng M": _scanner(rf"{_word('tháng')}\s+(?P<m>{_NUM}){_RIGHT}(?!\s*[/-]\s*\d)"),
    "năm Y": _scanner(rf"{_word('năm')}\s+(?P<y>{_YEAR}){_RIGHT}(?!\s*[-–]\s*\d)"),
}


class _Hit:
    """One match of a form: where it is, its groups, and where its weekday and cue words end."""

    __slots__ = ("start", "end", "groups", "wd_end", "cue_end", "match")  # one is made for every date in the text

    def __init__(self, start: int, end: int, groups: dict[str, str | None], wd_end: int = -1, cue_end: int = -1,
                 match: re.Match[str] | None = None):
        self.start, self.end, self.groups = start, end, groups
        self.wd_end, self.cue_end, self.match = wd_end, cue_end, match


def _hit(m: re.Match[str]) -> _Hit:
    groups = m.groupdict()
    return _Hit(m.start(), m.end(), groups, m.end("wd") if groups.get("wd") else -1, m.end("cue") if groups.get("cue") else -1, m)


# Where a match of a form can start, looked for once for all forms (one scan of the text instead of eleven): every
# core opens with a number (no word character, slash, dot, comma or hyphen before it, a separator after it) or
# with a date word, a space and a number. A form's core is then tried only there.
_NUMBER = re.compile(r"[\dXx](?<!\w.)(?:(?<=\d)\d?|(?<=[Xx])(?i:NUMX))")  # a day or month, or the start of a number
_SEPARATOR = re.compile(r"\s*[/.\-–]")
_WORD_BEFORE = re.compile(rf"\s+(?P<word>{_rev('ngày|năm|hôm|tháng')})(?!{_CLASS_BEFORE})", re.I)  # on the reversed text
_ANCHORS = {"ngày D tháng M năm Y": "ngày", "D/M/Y": "number", "ngày D tháng M": "ngày", "tháng M năm Y": "tháng",
            "tháng M/Y": "tháng", "D-D/M": "number", "D/M": "number", "ngày D-M": "ngày|hôm", "ngày D": "ngày",
            "tháng M": "tháng", "năm Y": "năm"}


def _anchors(text: str, reversed_text: str) -> dict[str, list[int]]:
    """Where each kind of core can start, in order: numbers followed by a separator, and the words ``ngày``,
    ``hôm``, ``tháng``, ``năm`` followed by spaces and a number."""
    found: dict[str, list[int]] = {"ngày": [], "hôm": [], "tháng": [], "năm": [], "number": []}
    n, numbers = len(text), found["number"]
    separator, word_before = _SEPARATOR.match, _WORD_BEFORE.match
    for m in _NUMBER.finditer(text):
        start = m.start()
        before = text[start - 1] if start else " "
        if before.isspace() and (w := word_before(reversed_text, n - start)):
            found[w.group("word")[::-1].lower()].append(n - w.end())
        if before not in "/.,-" and separator(text, m.end()):
            numbers.append(start)
    found["ngày|hôm"] = sorted(found["ngày"] + found["hôm"])
    return found


def _matches_at(core: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``core.finditer(text)`` where every match of ``core`` starts at one of ``starts`` (sorted): each start
    after the last match is tried in turn, as finditer tries every position."""
    end, match = 0, core.match
    for start in starts:
        if start >= end and (m := match(text, start)):
            end = m.end()
            yield m


def scan_form(form: str, text: str) -> list[_Hit]:
    """Every match of ``form`` in ``text``, as ``_FORMS[form].finditer`` would find them."""
    reversed_text = text[::-1]
    return list(_scan(form, text, reversed_text, _anchors(text, reversed_text)[_ANCHORS[form]]))


def _scan(form: str, text: str, reversed_text: str, starts: list[int]) -> Iterator[_Hit]:
    """:func:`scan_form`, one hit at a time: each is dropped once read, so date-dense text does not leave tens of
    thousands of them (and their matches) for the garbage collector to walk."""
    scanner = _SCANNERS[form]
    if scanner.before is None:
        yield from map(_hit, _matches_at(scanner.core, text, starts))
        return
    rev = reversed_text
    n, last_end = len(text), 0
    before, names = scanner.before.match, tuple(scanner.before.groupindex)
    for m in _matches_at(scanner.core, text, starts):
        q = m.start()
        b = before(rev, n - q)
        if b is None or b.end() == n - q:
            if scanner.before_required:
                continue
            hit = _Hit(q, m.end(), m.groupdict(), -1, -1, m)
            hit.groups.update(dict.fromkeys(names))
        elif n - b.end() < last_end:  # words in front reaching into the last match: let the form decide
            full = _SPECS[form].search(text, last_end)
            if full is None:
                break
            hit = _hit(full)
        else:
            hit = _Hit(n - b.end(), m.end(), m.groupdict(), -1, -1, m)
            for name in names:
                found = b.start(name)
                hit.groups[name] = text[n - b.end(name) : n - found] if found >= 0 else None
                if found >= 0:
                    setattr(hit, _ENDS[name], n - found)
        last_end = hit.end
        yield hit


_SPECS = dict(_FORMS)
_ENDS = {"wd": "wd_end", "cue": "cue_end"}  # where each group of words read backwards ends, on a hit


@dataclass(slots=True)  # date-dense text makes one per dozen characters: no __dict__ each for the GC to walk
class DateMention:
    start: int
    end: int
    text: str
    form: str
    weekday: int | None = None
    day: int | None = None
    month: int | None = None
    year: int | None = None
    relative_year: str | None = None
    prefix: str = ""  # weekday or cue words kept verbatim in front of the date proper
    lunar: bool = False  # "30/2 âm lịch", "mùng 9 tháng Giêng": lunar months have 29 or 30 days

    @property
    def has_lost(self) -> bool:
        return LOST in (self.day, self.month, self.year)


@dataclass(slots=True)
class DateFinding:
    """The outcome of checking one mention: a flag kind (None when fine) and, for lost numbers, a repair."""

    mention: DateMention
    kind: str | None
    suggestion: str = ""
    repair: str | None = None


def _slot(value: str | None) -> int | None:
    if value is None:
        return None
    return int(value) if value.isdecimal() else LOST if value.upper() == PLACEHOLDER else int(value)


class _Spans:
    """Characters already taken by a mention, one byte each: a check or an addition costs the span's length."""

    def __init__(self, size: int) -> None:
        self.taken = bytearray(size + 1)

    def overlaps(self, start: int, end: int) -> bool:
        return self.taken.find(1, start, end if end > start else start + 1) != -1

    def add(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)


def find_mentions(text: str) -> list[DateMention]:
    """All date mentions in ``text``, longest forms first, never overlapping."""
    if not _HAS_NUMBER.search(text):
        return []
    lower = text.lower()
    reversed_text = text[::-1]
    anchors = _anchors(text, reversed_text)

    def hits(form: str) -> Iterator[_Hit]:
        starts = anchors[_ANCHORS[form]]
        if not starts or any(not any(word in lower for word in group) for group in _NEEDS[form]):
            return iter(())  # no place to start, or a word or character every match needs is missing
        if form == "D/M/Y" and not _NUMERIC_DATE.search(text):
            return iter(())
        return _scan(form, text, reversed_text, starts)

    return _mentions(text, lower, hits)


def find_mentions_plain(text: str) -> list[DateMention]:
    """:func:`find_mentions` as the forms specify it: every form's own pattern over the whole text, no shortcut
    (slow; for tests that check the shortcuts)."""
    return _mentions(text, text.lower(), lambda form: map(_hit, _SPECS[form].finditer(text)))


def _mentions(text: str, lower: str, hits: Callable[[str], Iterable[_Hit]]) -> list[DateMention]:
    """The mentions made of the hits of each form, ``hits(form)``, in the order of :data:`_FORMS`."""
    mentions: list[DateMention] = []
    taken = _Spans(len(text))
    overlaps = taken.overlaps
    # Date-dense text has a mention every dozen characters: what each one costs is kept to what it needs.
    for form, _ in _FORMS:
        month_first = form.startswith("tháng")
        for m in hits(form):
            start, end, groups = m.start, m.end, m.groups
            prefix_end = start
            cue, wd = groups.get("cue"), groups.get("wd")
            if cue:
                start = prefix_end = m.cue_end  # cue words are context, not part of the date
            elif wd:
                prefix_end = m.wd_end
                # keep the separator between weekday and date as part of the prefix
                while prefix_end < len(text) and text[prefix_end] in " ,(-":
                    prefix_end += 1
            if overlaps(start, end):
                continue
            if month_first and _count_before(text, start):
                continue  # "2 năm 3 tháng 15 ngày", "9 tháng 215 nghìn tỷ": a count of months, not a month
            if form == "D-D/M":
                _add_range(text, m.match, mentions, taken)
                continue
            if form == "tháng M" and groups["m"].upper() != PLACEHOLDER and 1 <= int(groups["m"]) <= 13:
                continue  # a plain "tháng 6" is fine; "lương tháng 13" is the year-end bonus, not a date
            if form == "năm Y" and groups["y"].upper() != PLACEHOLDER and not _odd_year(int(groups["y"])):
                continue
            weekday = None
            if wd:
                words = wd.lower().split()
                weekday = 6 if words[0] == "chủ" else WEEKDAYS[words[-1]]
                if "(" in text[m.wd_end - 2 : prefix_end] and text[end : end + 1] == ")":
                    end += 1  # "thứ Ba (5/6)": the bracket closes with the mention
            day, month, year = _slot(groups.get("d")), _slot(groups.get("m")), _slot(groups.get("y"))
            if cue and cue.split()[0] in _WEAK_CUES and LOST not in (day, month, year):
                if not (1 <= day <= 31 and 1 <= month <= 12):
                    continue  # "giảm từ 15/20 xuống": after "from/to/and" only a possible date counts as one
            prefix = text[start:prefix_end] if wd else ""
            mention = DateMention(start, end, text[start:end], form, weekday, day, month, year, groups.get("rel"), prefix)
            taken.add(start, end)
            mentions.append(mention)
    # The words the lunar marks need, looked for once in the whole (lower-cased) text: they are seldom there.
    lunar_after = "âm" in lower or "âl" in lower or "al" in lower
    lunar_before = "mùng" in lower or "mồng" in lower or "rằm" in lower
    for mention in list(mentions):
        if lunar_after and _LUNAR_AFTER.match(text, mention.end):
            mention.lunar = True
        elif lunar_before and _LUNAR_BEFORE.search(text[max(0, mention.start - 12) : mention.start]):
            mention.lunar = True
        if mention.form in ("D/M", "D/M/Y", "D-D/M"):
            _add_list_items(text, mention, mentions, taken)
    mentions.sort(key=_START)
    return mentions


_START = attrgetter("start")
_WEAK_CUES = frozenset(["từ", "đến", "tới", "và"])


def _count_before(text: str, start: int) -> bool:
    """A number just before ``start`` (within 24 characters) that counts what follows."""
    window = text[max(0, start - 24) : start]
    tail = window.rstrip()
    return bool(tail) and tail[-1].isdecimal() and _COUNT_BEFORE.search(window) is not None  # digits first: cheap


_COUNT_BEFORE = re.compile(r"(?:^|[^\w/.,])\d+(?:[.,]\d+)?\s*$")
_LUNAR_AFTER = re.compile(r"\s*\(?\s*(?:âm\s+lịch|ÂL|AL)\b", re.I)
_LUNAR_BEFORE = re.compile(r"(?:mùng|mồng|rằm)\s*$", re.I)
# More dates listed after a first one: "các ngày 30/2, 31/2 và 1/3".
_LIST_ITEM = re.compile(rf"\s*(?:,|;|và|hoặc|hay)\s*(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{4}}))?{_RIGHT}(?!/)")


def _plain(text: str, start: int, end: int, day: str, month: str, year: str | None, form: str) -> DateMention:
    return DateMention(start, end, text[start:end], form, day=int(day), month=int(month), year=int(year) if year else None)


def _add_range(text: str, m: re.Match, mentions: list[DateMention], taken: _Spans) -> None:
    """Both ends of a day range: "27-31/4" is 27/4 and 31/4 (an ascending range, or it is no range)."""
    end = m.end()
    first, last, month, year = m.group("d0", "d", "m", "y")
    if taken.overlaps(m.start(), end) or not int(first) < int(last) or not 1 <= int(month) <= 12:
        return
    a, b = m.span("d0")
    c = m.start("d")
    month, year = int(month), int(year) if year else None
    mentions.append(DateMention(a, b, text[a:b], "D-D/M", None, int(first), month, year))
    mentions.append(DateMention(c, end, text[c:end], "D-D/M", None, int(last), month, year))
    taken.add(a, end)


def _add_list_items(text: str, first: DateMention, mentions: list[DateMention], taken: _Spans) -> None:
    pos = first.end
    while (m := _LIST_ITEM.match(text, pos)) and not taken.overlaps(m.start("d"), m.end()):
        if not (1 <= int(m["d"]) <= 31 and 1 <= int(m["m"]) <= 12) and int(m["m"]) > 12:
            break  # "5/6, 3/20 số phiếu": a fraction ends the list
        item = _plain(text, m.start("d"), m.end(), m["d"], m["m"], m["y"], "D/M")
        item.lunar = first.lunar
        mentions.append(item)
        taken.add(item.start, item.end)
        pos = m.end()


def _odd_year(year: int) -> bool:
    return year < 1000 or year > 2200


def _is_yearish(value: int | None) -> bool:
    return value is not None and value != LOST and 1000 <= value <= 2200


def check_mention(m: DateMention, ref: dt.date | None = None, marker: str = "[?]") -> DateFinding:
    """Decide what, if anything, is wrong with one mention. ``ref`` is the article's date when known."""
    return _problem(m, ref, marker) or DateFinding(m, None)


def _problem(m: DateMention, ref: dt.date | None, marker: str, today: dt.date | None = None) -> DateFinding | None:
    """What :func:`check_mention` finds, or None for a mention that is fine."""
    if m.has_lost:
        return _check_lost(m, ref, marker)
    if m.month is not None and not 1 <= m.month <= 12:
        if _is_yearish(m.month) and m.year is None:
            return DateFinding(m, "date.swapped", f"year {m.month} in the month slot; month unknown")
        return DateFinding(m, "date.invalid", f"there is no month {m.month}")
    year = m.year
    if year is not None and _implausible_year(year, ref or today, precise=m.day is not None):
        return DateFinding(m, "date.implausible", f"year {year} is implausible for a news article")
    if m.lunar:  # a lunar date has no Gregorian calendar to check against; only its bounds
        if m.day is not None and not 1 <= m.day <= 30:
            return DateFinding(m, "date.invalid", f"a lunar month has 30 days at most, not {m.day}")
        return None
    if m.day is not None and m.month is not None:
        resolved_year = year if year is not None else _resolve_year(m.day, m.month, ref)
        limit = _month_days(resolved_year, m.month) if resolved_year else (29 if m.month == 2 else _month_days(2001, m.month))
        if not 1 <= m.day <= limit:
            where = f" {resolved_year}" if resolved_year and m.month == 2 else ""
            return DateFinding(m, "date.invalid", f"month {m.month}{where} has {limit} days, not {m.day}")
        if m.weekday is not None and resolved_year:
            actual = dt.date(resolved_year, m.month, m.day).weekday()
            if actual != m.weekday:
                return DateFinding(
                    m,
                    "date.weekday",
                    f"{m.day}/{m.month}/{resolved_year} was a {WEEKDAY_NAMES[actual]}, not {WEEKDAY_NAMES[m.weekday]}",
                )
    return None


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_days(year: int, month: int) -> int:
    """``calendar.monthrange(year, month)[1]`` without the weekday it also works out."""
    return 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month]


def _implausible_year(year: int, ref: dt.date | None, precise: bool) -> bool:
    if not precise:
        return _odd_year(year)
    return year < 1000 or year > (ref or dt.date.today()).year + 30  # the clock is read only when it matters


def _resolve_year(day: int, month: int, ref: dt.date | None) -> int | None:
    """The year a day/month without a year means: the one that puts it closest to the article's date."""
    if ref is None:
        return None
    best = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            distance = abs((dt.date(year, month, min(day, _month_days(year, month))) - ref).days)
        except ValueError:
            continue
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None


def _check_lost(m: DateMention, ref: dt.date | None, marker: str) -> DateFinding:
    day = m.day if m.day not in (None, LOST) else None
    month = m.month if m.month not in (None, LOST) else None
    year = m.year if m.year not in (None, LOST) else None
    kind = "date.placeholder"
    if m.year == LOST and _is_yearish(month):
        kind, year, month = "date.swapped", month, None  # "tháng 2021 năm XNUMX": the year sits in the month slot
    elif m.month == LOST and _is_yearish(day):
        kind, year, day = "date.swapped", day, None
    notes = []
    if day is not None:
        notes.append(f"day {day}")
    if month is not None:
        notes.append(f"month {month}")
    if year is not None:
        notes.append(f"year {year}")
    if m.relative_year:
        offset = RELATIVE_YEARS[m.relative_year.lower()]
        label = {-1: "last year", 0: "this year", 1: "next year"}[offset]
        notes.append(f"{label} ({ref.year + offset})" if ref else label)
    lost = [name for name, value in (("day", m.day), ("month", m.month), ("year", m.year)) if value == LOST]
    if kind == "date.swapped":
        lost = ["month"]
    suggestion = "; ".join(notes + [f"{' and '.join(lost)} lost"])
    return DateFinding(m, kind, suggestion, _repair(m, day, month, year, marker))


def _repair(m: DateMention, day: int | None, month: int | None, year: int | None, marker: str) -> str:
    """Rewrite the mention with the lost parts dropped; a marker only where dropping would change its meaning."""
    relative = f"năm {m.relative_year}" if m.relative_year else None
    year_text = f"năm {year}" if year is not None else relative
    inner = m.text[len(m.prefix):].rstrip(")") if "(" in m.prefix else m.text[len(m.prefix):]
    cap = inner[:1].isupper() and not inner.upper().startswith(PLACEHOLDER)  # "Ngày …" at a sentence start
    if day is not None and month is None and year_text:
        body = f"ngày {day} tháng {marker} {year_text}"  # the month sits between two facts: keep its place
    elif day is None and month is None and year_text is None:
        body = re.sub(PLACEHOLDER, marker, inner, flags=re.I)
    elif m.form in ("D/M/Y", "D/M", "ngày D-M") and day is not None and month is not None:
        body = f"{day}/{month}" if year is None else f"{day}/{month}/{year}"
        if inner.lower().startswith("ngày"):
            body = "ngày " + body
    else:
        parts = [f"ngày {day}" if day is not None else "", f"tháng {month}" if month is not None else "", year_text or ""]
        body = " ".join(p for p in parts if p)
    if cap:
        body = body[:1].upper() + body[1:]
    closing = ")" if "(" in m.prefix and m.text.endswith(")") else ""
    return m.prefix + body + closing


def check_text(text: str, ref: dt.date | None = None, marker: str = "[?]") -> list[DateFinding]:
    """Every finding in ``text`` that needs a person (mentions that are fine are left out)."""
    today = dt.date.today()  # read once, not for each mention with a year
    findings = [_problem(m, ref, marker, today) for m in find_mentions(text)]  # none made for a mention that is fine
    return [f for f in findings if f is not None and f.kind]


def parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
