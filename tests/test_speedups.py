"""Shortcuts taken for speed in reading and writing must give exactly the answers of the plain computation they
stand for: a language decision, a decoding decision, a JSON file, whatever the text."""

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from translate.decode import _ASKED_PLAIN, _LOSSY_SIGN, _PLAIN, _TCVN3_SIGN, VIETNAMESE_LETTERS, _characters
from translate.read import _surely_vietnamese, detect_language, vietnamese_score

# Characters of every kind the shortcuts tell apart: ASCII letters, digits and punctuation, Vietnamese letters
# (the plain "Â" and "Ã" among them), typography, mojibake and TCVN3 signs, other scripts' letters and digits.
ALPHABET = st.sampled_from(
    list("aeiouxyzAEQW019 .,;-\n\t\"'") + sorted(VIETNAMESE_LETTERS)[::7] + ["Â", "Ã", "“", "”", "–", "…"]
    + ["Ä", "Å", "Æ", "»", "º", "µ", "®", "\u00ad", "¸", "é", "ß", "ж", "中", "٣", "²", "\ufffd", "\U0001f600"]
)


@settings(max_examples=500, deadline=None)
@given(st.text(ALPHABET, max_size=80))
def test_the_characters_decode_asks_about_give_the_answers_of_the_whole_set(text):
    chars, everything = _characters(text), frozenset(text)
    for sign in (_TCVN3_SIGN, frozenset({"Â", "Ã"}), _LOSSY_SIGN):
        assert bool(chars & sign) == bool(everything & sign)
    assert bool(chars - _PLAIN) == bool(everything - _PLAIN)
    assert _ASKED_PLAIN <= _PLAIN and not (_TCVN3_SIGN & _PLAIN)


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=200))
def test_decoding_with_the_shortcut_equals_decoding_with_every_character(text):
    """Mojibake ("Ã" before a letter, lossy "Ä"), TCVN3 signs, controls: the shortcut decides as the full set did."""
    import translate.decode as module

    data = text.encode("utf-8", errors="surrogatepass")
    try:
        fast = module.decode(data)
    except module.InputError as exc:
        fast = exc.reason
    with mock.patch.object(module, "_characters", frozenset):
        try:
            slow = module.decode(data)
        except module.InputError as exc:
            slow = exc.reason
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2000), st.integers(0, 2000), st.integers(2001, 5000), st.sampled_from(["b", " ", "1", "bb "]))
def test_the_vietnamese_shortcut_holds_at_the_threshold(vietnamese, spaces, length, tail):
    """The worst case for the shortcut: Vietnamese letters all in the head and nothing but letters after it."""
    head = ("đ" * vietnamese + " " * spaces + "a" * 2000)[:2000]
    text = (head + tail * length)[:length]
    if _surely_vietnamese(text):
        assert vietnamese_score(text) > 0.08


def test_the_shortcut_settles_vietnamese_prose_and_leaves_english_to_the_detector():
    vietnamese = "Người dân Hà Nội đã được thông báo về việc điều chỉnh giờ làm việc của các cơ quan. " * 60
    english = "The city council announced new opening hours for public offices on Monday. " * 60
    assert _surely_vietnamese(vietnamese[:5000]) and detect_language(vietnamese) == "vi"
    assert not _surely_vietnamese(english[:5000]) and detect_language(english) == "en"


def _listed_by_rglob(root, excluded):
    """The listing as ``Path.rglob`` gives it, each check made file by file (the plain form of input_files)."""
    from translate.read import _in_output_folder, unfollowed_link

    outputs = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or _in_output_folder(root, rel.parts[:-1], outputs):
            continue
        if p.is_symlink() and unfollowed_link(p, root):
            yield p, rel.as_posix()
        elif p.is_file() and not p.resolve().is_relative_to(excluded):
            yield p, rel.as_posix()


def test_the_listing_equals_the_plain_walk_on_an_odd_tree(tmp_path):
    """Hidden files and folders, nesting, names that sort oddly, links of every kind, an earlier run's output
    folder and this run's inside the input: os.scandir's listing is rglob's, in the same order."""
    import os

    from translate.read import input_files

    root = tmp_path / "in"
    for name in ["a.txt", "b/c.txt", "b/.hidden.txt", ".h/d.txt", "b/e/f/g.html", "B/a.txt", "b/a b.txt", "é.txt",
                 "b-c/a.txt", "b.c/a.txt", "earlier/.vi2en/run.state", "earlier/sub/y.txt", "out/x.json",
                 "/".join(f"d{i}" for i in range(40)) + "/deep.txt"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("x", encoding="utf-8")
    os.symlink(root / "a.txt", root / "b" / "inside.txt")
    os.symlink(tmp_path / "outside.txt", root / "outside.txt")
    os.symlink(root / "b", root / "folder-link")
    os.symlink(root / "missing", root / "broken.txt")
    os.symlink(root / "loop", root / "loop")
    for out in (root / "out", root / "b", tmp_path / "elsewhere"):
        listed = list(input_files([root], out))
        assert listed == list(_listed_by_rglob(root, out.resolve()))
        rels = [rel for _, rel in listed]
        assert "a.txt" in rels and "b/.hidden.txt" not in rels and "earlier/sub/y.txt" not in rels
