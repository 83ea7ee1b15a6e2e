"""The date checker: data-driven cases plus properties over generated dates."""

import calendar
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.dates import PLACEHOLDER, WEEKDAY_NAMES, check_text, parse_iso

CASES = json.loads((Path(__file__).parent / "cases" / "dates.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_date_cases(case):
    findings = check_text(case["text"], parse_iso(case.get("ref")))
    assert [f.kind for f in findings] == case["kinds"]
    if "repair" in case:
        assert findings[0].repair == case["repair"]
    if "suggestion" in case:
        assert findings[0].suggestion == case["suggestion"]


def test_repairs_never_keep_the_placeholder_or_invent_numbers():
    text = "vào ngày 21 tháng XNUMX và tháng XNUMX năm XNUMX, cả XNUMX/XNUMX/2020"
    for finding in check_text(text):
        if finding.repair is not None:
            assert PLACEHOLDER not in finding.repair
            digits_in = set("".join(c for c in finding.mention.text if c.isdigit()))
            assert set(c for c in finding.repair if c.isdigit()) <= digits_in


dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2040, 12, 31))


@settings(max_examples=200, deadline=None)
@given(dates, st.sampled_from(["ngày {d} tháng {m} năm {y}", "ngày {d}/{m}/{y}", "{d}/{m}/{y}", "ngày {d:02d}-{m:02d}-{y}"]))
def test_real_dates_are_never_flagged(date, fmt):
    text = "Sự kiện diễn ra " + fmt.format(d=date.day, m=date.month, y=date.year) + " tại Hà Nội."
    assert check_text(text, ref=dt.date(2026, 1, 1)) == []


@settings(max_examples=200, deadline=None)
@given(dates)
def test_correct_weekdays_pass_and_wrong_ones_are_flagged(date):
    actual = WEEKDAY_NAMES[date.weekday()]
    wrong = WEEKDAY_NAMES[(date.weekday() + 3) % 7]
    fmt = "{w}, ngày {d}/{m}/{y}"
    assert check_text(fmt.format(w=actual, d=date.day, m=date.month, y=date.year)) == []
    kinds = [f.kind for f in check_text(fmt.format(w=wrong, d=date.day, m=date.month, y=date.year))]
    assert kinds == ["date.weekday"]


@settings(max_examples=200, deadline=None)
@given(st.integers(1900, 2030), st.integers(1, 12), st.integers(29, 31))
def test_days_past_the_month_end_are_invalid(year, month, day):
    text = f"ngày {day}/{month}/{year}"
    expected = [] if day <= calendar.monthrange(year, month)[1] else ["date.invalid"]
    assert [f.kind for f in check_text(text)] == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789/-.,() ") + ["ngày ", "tháng ", "năm ", "thứ Hai ", "XNUMX", "ngoái", "a", "Đ"]), max_size=30).map("".join))
def test_checker_never_crashes(text):
    for finding in check_text(text):
        assert finding.kind.startswith("date.")
        assert finding.mention.text == text[finding.mention.start : finding.mention.end]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 40), st.integers(1, 300), st.integers(1, 400), st.sampled_from(["tù", "thử thách", "thi công", "điều trị"]))
def test_durations_and_counts_of_months_are_never_flagged(years, months, days, what):
    text = f"Thời gian {what} là {years} năm {months} tháng {days} ngày; lũy kế {months} tháng {days} nghìn tỷ đồng."
    assert check_text(text) == []


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 12), st.integers(1, 30), st.sampled_from(["{d}/{m} âm lịch", "mùng {d}/{m}", "{d}/{m} (ÂL)"]))
def test_lunar_dates_within_thirty_days_are_never_flagged(month, day, fmt):
    assert check_text("Lễ giỗ vào ngày " + fmt.format(d=day, m=month) + " hằng năm.", ref=dt.date(2025, 1, 1)) == []


@settings(max_examples=200, deadline=None)
@given(st.integers(2001, 2030), st.integers(1, 12), st.lists(st.integers(1, 31), min_size=2, max_size=4, unique=True))
def test_every_impossible_date_in_a_range_or_list_is_flagged(year, month, days):
    days = sorted(days)
    limit = calendar.monthrange(year, month)[1]
    listed = ", ".join(f"{d}/{month}/{year}" for d in days[1:])
    text = f"Đoàn làm việc vào các ngày {days[0]}/{month}/{year}, {listed}."
    assert sum(f.kind == "date.invalid" for f in check_text(text)) == sum(d > limit for d in days)
    ranged = f"Lễ hội diễn ra từ {days[0]}-{days[-1]}/{month}/{year}."
    assert sum(f.kind == "date.invalid" for f in check_text(ranged)) == (days[0] > limit) + (days[-1] > limit)


DATEISH = st.lists(
    st.sampled_from(list("0123456789/-.,() ") + ["ngày ", "Ngày ", "hôm ", "tháng ", "năm ", "thứ Ba ", "thứ  hai", "Chủ nhật", "XNUMX", "xnumx",
                                                   "ngoái ", "từ ", "rạng sáng ", "và ", "a", "Đ", "2023", "\n"]),
    max_size=40,
).map("".join)


# Dates and near-dates packed together: a date word, a number, a separator, a number (and maybe another), glued
# to the next by anything.
_NUMBER = st.one_of(st.integers(0, 35).map(str), st.sampled_from(["2023", "XNUMX", "xnumx", "05", "123", "2.300"]))
_DATE_WORD = st.sampled_from(["", "", "ngày ", "NGÀY ", "hôm ", "Hôm  ", "tháng ", "Tháng\t", "năm ", "NĂM\u00a0", "thứ Ba, ",
                              "Chủ nhật (", "từ ", "và ", "mùng ", "rạng sáng "])
_DATE_SEP = st.sampled_from(["/", "/", "-", "–", ".", " - ", " năm ", ", NĂM\t", " tháng ", ",", " "])
_CHUNK = st.tuples(_DATE_WORD, _NUMBER, _DATE_SEP, _NUMBER, st.sampled_from(["", ""]) | st.tuples(_DATE_SEP, _NUMBER).map("".join))
DATE_DENSE = st.lists(
    st.tuples(_CHUNK.map("".join), st.sampled_from([" ", ", ", " và ", "x", "a ", "\n", "/", ") ", "", " âm lịch "])), max_size=6
).map(lambda parts: "".join(a + b for a, b in parts))


@settings(max_examples=600, deadline=None)
@given(st.one_of(DATEISH, DATE_DENSE))
def test_each_fast_scanner_finds_what_its_form_says(text):
    from translate.dates import _FORMS, scan_form

    for form, spec in _FORMS:
        expected = [(m.start(), m.end(), m.groupdict()) for m in spec.finditer(text)]
        assert [(h.start, h.end, h.groups) for h in scan_form(form, text)] == expected, form


def _cleaned(body: str):
    from translate.article import Article
    from translate.clean import clean_article
    from translate.read import read_text_article

    article = Article(file="<text>")
    read_text_article("Đội nhà vô địch sau trận chung kết kịch tính\n" + body, article)
    return clean_article(article)


_STORY = ("Đội nhà thắng 2-0 trong trận chung kết tối qua. Huấn luyện viên hài lòng với các học trò của mình. "
          "Minh An - Báo Thể thao | 08:30 14/03/2018")


def test_a_closing_byline_with_a_timestamp_gives_the_publication_date():
    article = _cleaned(_STORY)
    assert article.date == "2018-03-14"
    assert article.credits == ["Minh An - Báo Thể thao | 08:30 14/03/2018"]


def test_the_timestamped_byline_gives_the_date_when_a_related_list_is_glued_after_it():
    """Crawl dumps glue "Tin liên quan" and its headlines after the closing byline; the list runs to the end."""
    article = _cleaned(_STORY + " Tin liên quan Đội khách thắng nhọc nhờ bàn phút cuối Góc chiến thuật: Đã đến lúc"
                                " thay người đội trưởng Dự đoán vòng 25: Đội khách sa lầy; chủ nhà hoan hỉ")
    assert article.date == "2018-03-14"
    assert "Tin liên quan" not in article.clean_text()
    assert not [f for f in article.flags if f.kind == "clean.suspect"]


@settings(max_examples=1000, deadline=None)
@given(DATE_DENSE)
def test_the_shortcuts_find_every_mention_the_plain_forms_find(text):
    """The gates that skip a form and the scanners that replace its pattern change nothing found."""
    from translate.dates import find_mentions, find_mentions_plain

    assert find_mentions(text) == find_mentions_plain(text)


def test_the_gate_words_are_matched_case_blind_only_in_the_cases_lower_finds():
    """The gates look for a form's words in ``text.lower()``; the forms match them with re.I. Every character
    that re.I matches to a letter of those words must lower-case to that letter, or a gate could skip a date."""
    import re
    import sys

    from translate.dates import _NEEDS

    letters = {ch for groups in _NEEDS.values() for group in groups for word in group for ch in word}
    every = "".join(chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp < 0xE000)
    for letter in letters:
        assert all(letter in ch.lower() for ch in re.findall(re.escape(letter), every, re.I)), letter
