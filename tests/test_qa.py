"""QA kinds on crafted translations (tests/cases/qa.json)."""

import json
from pathlib import Path

import pytest

from translate.qa import check_pair, english_numbers, vietnamese_numbers

CASES = json.loads((Path(__file__).parent / "cases" / "qa.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_qa_cases(case):
    assert [kind for kind, _ in check_pair(case["vi"], case["en"])] == case["kinds"]


def test_number_conventions():
    assert vietnamese_numbers("3.000 người, 96,6%, 3 tỷ USD, 1.234.567") == [3000, 96.6, 3e9, 1234567]
    assert {3000, 96.6, 3e9} <= english_numbers("3,000 people, 96.6%, $3 billion")


def test_the_repetition_flag_names_the_remedy():
    flags = dict(check_pair("Hai bên ký kết thỏa thuận quan trọng.", "The two sides the the the the the the signed."))
    assert "--no-repeat-ngram-size" in flags["mt.repetition"]
