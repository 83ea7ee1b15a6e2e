"""Sentence splitting on Vietnamese news (data-driven) and fitting long sentences to a model's input limit."""

import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from translate.segment import fit_pieces, sentences, split_sentences

CASES = json.loads((Path(__file__).parent / "cases" / "sentences.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_sentence_cases(case):
    assert sentences(case["text"]) == case["sentences"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_sentences_cover_the_text_without_loss(text):
    spans = split_sentences(text)
    rebuilt = "".join(text[a:b] for a, b in spans)
    assert "".join(rebuilt.split()) == "".join(text.split())


def words(text):
    return len(text.split())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Hai", "bên", "ký,", "kết;", "và", "hợp", "tác", "sâu-rộng", "quốcphòngrấtdàikhônghết"]), min_size=1, max_size=200), st.integers(1, 12))
def test_pieces_fit_the_limit_and_rejoin_to_the_sentence(tokens, limit):
    sentence = " ".join(tokens)
    count = lambda s: max(1, len(s) // 4)  # noqa: E731 - a stand-in tokenizer: one token per 4 characters
    pieces = fit_pieces(sentence, count, limit)
    assert all(count(p) <= limit for p in pieces)
    assert "".join("".join(pieces).split()) == "".join(sentence.split())


def test_clause_boundaries_are_preferred():
    sentence = "Hai bên đã ký kết thỏa thuận quan trọng; đồng thời nhất trí mở rộng hợp tác, tăng cường trao đổi"
    pieces = fit_pieces(sentence, words, 9)
    assert pieces[0] == "Hai bên đã ký kết thỏa thuận quan trọng;"


class CharEngine:
    """A stand-in engine for planning: one token per four characters, a tiny input limit."""

    max_input_tokens = 6

    def count_tokens(self, texts):
        return [max(1, len(t) // 4) for t in texts]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Hai", "bên", "ký,", "[?]", "kết;", "và", "hợp", "tác", "dàiquáđimàkhônghếtđược"]), min_size=1, max_size=80))
def test_plans_keep_every_marker_and_every_word(tokens):
    from translate.translation import Plan

    sentence = " ".join(tokens)
    plan = Plan(CharEngine(), "[?]")
    plan.add((0, 0), sentence)
    inputs = plan.model_inputs()
    assert "[?]" not in "".join(inputs)  # markers never reach the model
    assert all(CharEngine().count_tokens([p])[0] <= CharEngine.max_input_tokens for p in inputs)
    echoed = plan.join((0, 0), {p: p for p in inputs})
    assert "".join(echoed.split()) == "".join(sentence.split())
    assert echoed.count("[?]") == sentence.count("[?]")


def _reference_split(text):
    """The splitting rule read plainly (a regex search for the word before each stop): the fast reading in
    translate.segment must find the same sentences."""
    import re

    from translate.segment import _BOUNDARY, _OPENERS, ABBREVIATIONS

    def abbreviation(dot):
        m = re.search(r"([\w.]+)$", text[max(0, dot - 40) : dot])
        word = m.group(1) if m else ""
        return bool(m) and ((len(word) == 1 and word.isupper()) or word.lower() in ABBREVIATIONS or word.lower().rstrip(".") in ABBREVIATIONS)

    spans, start = [], len(text) - len(text.lstrip())
    for m in _BOUNDARY.finditer(text):
        nxt = m.end() + len(text[m.end() :]) - len(text[m.end() :].lstrip())
        ch = text[nxt : nxt + 1]
        if not ch or not (ch.isupper() or ch.isdigit() or ch in _OPENERS or ch == "@"):
            continue
        if m.group().startswith(".") and not m.group().startswith("..") and abbreviation(m.start()):
            continue
        if m.end() > start:
            spans.append((start, m.end()))
        start = nxt
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


@settings(max_examples=300, deadline=None)
@example(["Ô", " ", "tp", "\n", ".", " ", "Hà"])  # the word before the stop ends a line: it is still read
@example(["Ⓐ", ".", " ", "Hà"])  # an upper-case symbol is no letter, so no initial
@given(st.lists(st.sampled_from(["N", "Ⓐ", "Ⅷ", "TP", "tp", "v.v", "Tp.", "a_b", "Hà", "x" * 45, "5", ".", "..", "!", "?", "…", "”", ")", " ", "  ", "\n", "\u00a0", "“"]), max_size=60))
def test_stops_after_initials_and_abbreviations_split_as_the_rule_says(tokens):
    text = "".join(tokens)
    assert split_sentences(text) == _reference_split(text)
