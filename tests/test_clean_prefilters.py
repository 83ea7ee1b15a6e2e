"""The cleaner's speed-ups must not change what it does: a cheap test that lets a rule skip a paragraph never
skips one the rule would change, and a pattern rewritten to be found faster finds what its plain form finds."""

import re
import sys

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from translate.clean.captions import _GLUE_OPENERS, glue_points, glued_caption_end
from translate.clean.chrome import _TEASER_END, _TERMINAL, _teaser_end, _terminal
from translate.segment import split_sentences


def _folds_to() -> dict[str, list[str]]:
    """Each letter of the openers, with every character whose case folding is that letter."""
    letters = set("".join(_GLUE_OPENERS))
    found: dict[str, list[str]] = {ch: [] for ch in letters}
    for cp in range(sys.maxunicode + 1):
        folded = chr(cp).casefold()
        if folded in found:
            found[folded].append(chr(cp))
    return found


def test_glue_points_find_an_opener_in_every_spelling_unicode_has():
    """``glued_caption_end`` compares ``word.casefold()`` with its openers; ``glue_points`` must find every word
    that passes. A word folds to an opener one character at a time, so it is enough that no character folds to
    more than one letter inside an opener and that each letter is found in every spelling that folds to it."""
    for cp in range(sys.maxunicode + 1):
        folded = chr(cp).casefold()
        assert folded, hex(cp)
        if len(folded) > 1:
            assert not any(folded in opener for opener in _GLUE_OPENERS), hex(cp)
    folds = _folds_to()
    for opener in sorted(_GLUE_OPENERS):
        for i, letter in enumerate(opener):
            for variant in folds[letter]:
                word = opener[:i] + variant + opener[i + 1:]
                word = word if i == 0 else word[0].upper() + word[1:]
                if not word[0].isupper():
                    continue  # glued_caption_end passes a word in lower case by
                assert word.casefold() == opener
                assert glue_points(f"Ảnh chụp {word} nói") == [len("Ảnh chụp ")], (opener, word)


OPENER_WORDS = sorted(_GLUE_OPENERS) + ["người", "những", "điều"]
token = st.one_of(
    st.sampled_from(OPENER_WORDS).map(str.capitalize),
    st.sampled_from(OPENER_WORDS).map(str.upper),
    st.sampled_from(OPENER_WORDS),
    st.sampled_from(["Lâm", "Thỏa", "Hà", "Nội", "ông", "anh", "của", "đã", "cầu", "thủ", "HAGL", "2.300", "Ảnh:"]),
    st.sampled_from(["vàng", "tăng", "mạnh", "trong", "tuần", "qua", "người", "dân", "cho", "biết"]),
)
separator = st.sampled_from([" ", " ", " ", "  ", "\n", ". ", ", ", "” ", " (", ") ", "\u00a0", "! "])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(token, separator), min_size=1, max_size=60))
def test_no_sentence_with_a_glued_caption_is_skipped(parts):
    text = "".join(word + sep for word, sep in parts)
    points = glue_points(text)
    for a, b in split_sentences(text):
        if glued_caption_end(text, a, b) is not None:
            assert any(a < p < b for p in points), (text, text[a:b])


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab .…\n!?:;\"”’),", max_size=12))
def test_the_end_tests_read_from_the_end_say_what_the_patterns_say(text):
    assert _terminal(text) == bool(_TERMINAL.search(text))
    assert _teaser_end(text) == bool(_TEASER_END.search(text))


# The whitespace patterns of translate/clean/__init__.py as first written, one branch per case.
PLAIN_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]{2,}|[ \t\u00a0]+(?=[,.;:!?)\]”])|(?<=[(\[“])[ \t]+")
PLAIN_UNTIDY = re.compile(r"[\t\u00a0\u2000-\u200b\u3000]|  | [,.;:!?)\]”]|[(\[“] ")


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=" \t\u00a0\u2005\u200b\u3000\n,.;:!?)]”([“ab", max_size=16))
def test_the_whitespace_patterns_find_what_their_plain_forms_find(text):
    from translate.clean import _SPACES, _UNTIDY

    assert [m.span() for m in _SPACES.finditer(text)] == [m.span() for m in PLAIN_SPACES.finditer(text)]
    assert bool(_UNTIDY.search(text)) == bool(PLAIN_UNTIDY.search(text))


# The related-article prompts, a word at a time (joined by any spacing), among words that open no prompt.
PROMPTS = [
    [">>"], [">>>"], ["»"], ["►"], ["▶"], ["Xem", "thêm:"], ["XEM", "THÊM"], ["Đọc", "thêm"], ["ĐỌC", "THÊM", ":"],
    ["Tin", "liên", "quan:"], ["TIN", "LIÊN", "QUAN"], ["Bài", "liên", "quan"], ["BÀI", "LIÊN", "QUAN"], ["Nên", "đọc"],
    ["Bấm", "xem", ">>"], ["ĐỌC", "NGAY:"], ["Mời", "đọc:"], ["Mời", "bạn", "xem", ":"], ["Mời", "quý", "vị", "đọc:"],
]
space = st.sampled_from([" ", "  ", "\n", "\u00a0", "\t"])
prompt = st.builds(lambda words, seps: "".join(w + s for w, s in zip(words, seps)),
                   st.sampled_from(PROMPTS), st.lists(space, min_size=4, max_size=4))
context = st.sampled_from(["", "Giá vàng tăng.", "giá vàng", "”", ")", "Tin", "Mời", "Xem", "thêm"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(context, space, prompt, space), min_size=1, max_size=4))
def test_the_related_prompt_gate_lets_every_related_mark_through(parts):
    from translate.clean.chrome import _RELATED_MARK, _RELATED_PROMPT

    text = "".join("".join(part) for part in parts)
    assert _RELATED_MARK.search(text) is None or _RELATED_PROMPT.search(text), text


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=".!?…\"”’')]» \nAa1", max_size=16))
def test_the_sentence_stop_patterns_find_what_their_plain_form_finds(text):
    from translate.segment import _BOUNDARY, _CLOSERS, _STOP

    plain = r"(?:[.!?]+|…)[" + re.escape(_CLOSERS) + r"]*"
    assert [m.span() for m in _BOUNDARY.finditer(text)] == [m.span() for m in re.finditer(plain + r"(?=\s+)", text)]
    assert [(m.span(), m.groups()) for m in _STOP.finditer(text)] == [
        (m.span(), m.groups()) for m in re.finditer(plain + r"(?=(\s+)(.?))", text, re.S)]


boundary_part = st.lists(st.sampled_from(["Giá", "vàng", "tăng", ".", "!", "…", "”", ")", " ", "  ", "\n", "Ông", "2"]), max_size=20)


@settings(max_examples=500, deadline=None)
@given(boundary_part, st.integers(0, 1200), boundary_part)
def test_the_last_sentence_boundary_read_from_the_end_is_the_last_one(head, filler, tail):
    from translate.clean.captions import _SENTENCE_BOUNDARY, _last_boundary_end

    text = "".join(head) + "x" * filler + "".join(tail)
    boundaries = list(_SENTENCE_BOUNDARY.finditer(text))
    assert _last_boundary_end(text) == (boundaries[-1].end() if boundaries else 0)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["ảnh", "Ảnh", "xảnh", "1", "12", "123", " ", "A", "“", "(", "b", ".", "_"]), max_size=12))
def test_the_gallery_pattern_finds_what_its_plain_form_finds(parts):
    from translate.clean.captions import _GALLERY
    from translate.clean.spans import UPPER

    text = "".join(parts)
    plain = re.compile(rf"\bảnh\s*(\d{{1,2}})(?=[{UPPER}\"“(])")
    assert [m.span(1) for m in _GALLERY.finditer(text)] == [m.span(1) for m in plain.finditer(text)]


def test_no_share_word_holds_a_letter_that_tells_a_text_is_no_share_counter():
    """A letter of the gate, matched case-blind as the share pattern matches, is no letter of any share word."""
    from translate.clean.chrome import _NOT_SHARE, _SHARE_WORDS, _is_share_counter

    gate = [chr(cp) for cp in range(sys.maxunicode + 1) if _NOT_SHARE.fullmatch(chr(cp))]
    letters = {ch for ch in _SHARE_WORDS.pattern if ch.isalpha()} | {"-"}
    assert len(gate) > 100
    for ch in gate:
        assert not any(re.fullmatch(re.escape(x), ch, re.I) for x in letters), ch
        assert not re.fullmatch(r"[\d.,:()\[\]|/·•\-–—+\s]", ch), ch
    assert _is_share_counter("Chia sẻ 12 Bình luận 3") and not _is_share_counter("Chia sẻ của độc giả")


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(token, separator), min_size=1, max_size=30))
def test_the_lookbehind_of_the_glue_pattern_loses_no_glue_point(parts):
    """The lookbehind inside the glue pattern only spares Python the capitals that no word and space precede."""
    from translate.clean.captions import _CAPITALS

    text = "".join(word + sep for word, sep in parts)
    capitals = "".join(sorted({_CAPITALS.get(o[0], o[0].upper()) for o in _GLUE_OPENERS}))
    plain = re.compile(f"[{capitals}](?i:" + "|".join(sorted({o[1:] for o in _GLUE_OPENERS}, key=lambda t: (-len(t), t))) + r")(?=\s)")
    points = []
    for m in plain.finditer(text):
        gap = len(text[: m.start()].rstrip())
        if 0 < gap < m.start() and text[gap - 1].isalnum() and m.group().casefold() in _GLUE_OPENERS:
            points.append(m.start())
    assert glue_points(text) == points


_DOTTED = st.text(alphabet=st.sampled_from(list("ab1_-. …!?”vnetcom")), max_size=40)


@settings(max_examples=500, deadline=None)
@given(_DOTTED)
def test_stops_inside_words_are_found_as_the_plain_pattern_finds_them(text):
    """The review check's inner-stop pattern is tried only from a run's first stop (linear on a long run of
    stops); it replaces exactly what the plain pattern replaces."""
    from translate.clean.safety import _INNER_STOP

    plain = re.compile(r"[.!?…]+(?=[^\s\"”’)\].!?…])")
    assert _INNER_STOP.sub(",", text) == plain.sub(",", text)


@settings(max_examples=500, deadline=None)
@given(_DOTTED)
def test_site_addresses_leave_the_words_and_stops_the_plain_pattern_leaves(text):
    """The bare-address pattern is tried only where a dotted run of names starts (linear on "a.a.a…"); what it
    leaves for the word and clause counts is what the plain pattern leaves. They differ only where a dotted run
    opens with a part of dashes alone ("-.vn", which no address is): the plain one starts at the next word."""
    from translate.clean.safety import _DOMAIN

    assume(not re.search(r"(?<![\w-])-+\.", text))
    plain = re.compile(r"\b(?:[\w-]+\.)+(?:vn|com|net|org|info|tv)\b(?:/\S*)?", re.I)
    counted = re.compile(r"\w+|[.!?…]")
    assert counted.findall(_DOMAIN.sub(" ", text)) == counted.findall(plain.sub(" ", text))
