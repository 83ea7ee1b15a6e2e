"""Hostile bytes inside input files: invisible characters, terminal escapes, NUL-interleaved text, code blocks.

Every input is generated here; each case names the failure it guards against.
"""

import os

import pytest

from translate.clean import clean_article
from translate.read import InputError, InputFile, decode, read_article

BODY = (
    "Bộ trưởng Bộ Công Thương cho biết kim ngạch thương mại giữa hai nước đã tăng mạnh trong năm qua.\n\n"
    "Ngân hàng Nhà nước sẽ theo dõi sát diễn biến của thị trường vàng trong những tuần tới.\n"
)


def read(tmp_path, data: bytes, name: str = "a.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return clean_article(read_article(InputFile(path, name)))


@pytest.mark.parametrize("invisible", ["\u200b", "\u00ad", "\ufeff", "\u2060", "\x00", "\x7f"])
def test_an_invisible_character_inside_xnumx_does_not_hide_the_lost_number(tmp_path, invisible):
    text = f"Doanh thu đạt XN{invisible}UMX triệu USD trong quý này, theo báo cáo của công ty.\n\n" + BODY
    article = read(tmp_path, text.encode())
    assert "XN" not in article.clean_text() and "[?] triệu USD" in article.clean_text()
    assert "number.placeholder" in [f.kind for f in article.flags]


@pytest.mark.parametrize("invisible", ["\u200b", "\u00ad", "\u2060"])
def test_an_invisible_character_inside_a_date_does_not_hide_that_it_is_invalid(tmp_path, invisible):
    text = f"Hội nghị diễn ra vào ngày 31/{invisible}4/2023 tại Hà Nội với sự tham dự của nhiều đại biểu.\n\n" + BODY
    article = read(tmp_path, text.encode())
    assert "date.invalid" in [f.kind for f in article.flags]


def test_terminal_escapes_and_control_characters_never_survive_decoding():
    hostile = (
        "Tin nóng\x1b]0;pwned\x07 hôm nay\x1b[2J\x1b[0m: giá vàng\x1b]8;;http://evil.example\x1b\\ tăng\x1b]8;;\x1b\\"
        "\x1b]52;c;cm0gLXJmIH4=\x07 mạnh\x07\x08\x00\x7f vì nhu cầu tích trữ.\n"
    )
    text, _ = decode((hostile + BODY).encode())
    assert not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) <= 0x9F for c in text)
    assert "Tin nóng hôm nay: giá vàng tăng mạnh vì nhu cầu tích trữ." in text
    assert "pwned" not in text and "evil" not in text and "[2J" not in text


VI = "Hà Nội, ngày 5 tháng 6 năm 2023. Bộ trưởng Bộ Công Thương cho biết kim ngạch thương mại tăng mạnh.\n" * 3


@pytest.mark.parametrize(
    "label, data",
    [
        ("utf-16-le without BOM", VI.encode("utf-16-le")),
        ("utf-16-be without BOM", VI.encode("utf-16-be")),
        ("utf-16-le cut at an odd byte", VI.encode("utf-16-le")[1:]),
        ("utf-16-be cut at an odd byte", VI.encode("utf-16-be")[1:]),
        ("UTF-8 padded with NUL after each byte", bytes(b for c in VI.encode() for b in (c, 0))),
        ("UTF-8 padded with NUL before each byte", bytes(b for c in VI.encode() for b in (0, c))),
    ],
)
def test_nul_interleaved_text_is_decoded_right(label, data):
    text, encoding = decode(data)
    assert VI[2:].strip() in text, (encoding, text[:80])


def test_nul_interleaved_garbage_fails_with_a_reason_instead_of_passing_as_ok(tmp_path):
    rng = __import__("random").Random(9)
    noise = bytes(rng.randrange(0x21, 0xFF) for _ in range(3000))
    with pytest.raises(InputError) as err:
        read(tmp_path, bytes(b for c in noise for b in (c, 0)))
    assert err.value.status in ("failed", "skipped") and err.value.reason


def test_a_vietnamese_article_with_a_leaked_script_block_is_not_skipped_as_english(tmp_path):
    js = ("(function(){var googletag=window.googletag||{cmd:[]};googletag.cmd.push(function(){googletag.defineSlot("
          "'/1234/vn_top',[[728,90],[970,250]],'div-gpt-ad-1').addService(googletag.pubads());"
          "googletag.enableServices();});})();\n") * 40
    css = ".sticky-ads{position:fixed;bottom:0;left:0;width:100%;z-index:9999}.article-body p{font-size:16px}\n" * 30
    article = read(tmp_path, ("Tiêu đề bài báo hôm nay\n\n" + js + "\n" + css + "\n" + BODY).encode())
    assert article.status == "ok"
    assert "Ngân hàng Nhà nước" in article.clean_text() and "googletag" not in article.clean_text()


def test_a_paragraph_with_no_full_stop_is_read_only_as_far_as_a_glued_caption_reaches(monkeypatch):
    """A paragraph with no stop is one long sentence. The glued-caption rule listed every word of it in every
    pass although it looks at the first 33 only: on 2 MB of text that made cleaning slower than linear. Counted
    in words read, not timed."""
    from translate.clean import Context, captions, clean_paragraph

    real, read = captions._GLUE_WORD, []

    class Counting:
        def finditer(self, *args):
            for m in real.finditer(*args):
                read.append(m)
                yield m

    monkeypatch.setattr(captions, "_GLUE_WORD", Counting())
    text = "Công ty đầu tư thêm vốn vào dự án mới tại Hà Nội trong năm nay, " * 2_000  # 30,000 words, no stop
    d, _ = clean_paragraph(text, Context(title=None, index=3, count=10))
    assert d.text == text.strip()  # nothing in it is junk
    assert len(read) <= 4 * 33  # at most 33 words in each of at most four passes


def test_deeply_nested_records_fail_one_by_one_and_the_run_goes_on(tmp_path):
    """Python's JSON parser recurses: 100,000 nested brackets used to end the whole run in a RecursionError."""
    import json

    from .conftest import run_cli

    src = tmp_path / "in"
    src.mkdir()
    good = {"title": "Giá vàng tăng mạnh", "content": BODY}
    deep = "[" * 100_000 + "]" * 100_000
    (src / "deep.json").write_text("[" + json.dumps(good) + "," + deep + "]", encoding="utf-8")
    (src / "deep.jsonl").write_text(json.dumps(good) + "\n" + deep + "\n" + json.dumps(good) + "\n", encoding="utf-8")
    (src / "object.json").write_text('{"content": ' + deep + "}", encoding="utf-8")
    (src / "page.html").write_text("<html><body>" + "<div>" * 20_000 + f"<p>{BODY}</p>" + "</div>" * 20_000 + "</body></html>", encoding="utf-8")
    (src / "plain.txt").write_text(BODY, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("clean", src, "-o", out)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr  # some records failed; the others were cleaned
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    status = {f["file"]: (f["status"], f.get("reason") or "") for f in manifest["files"]}
    nested = {name: s for name, s in status.items() if s[0] == "failed"}
    assert nested and all("nested too deeply" in reason for _, reason in nested.values()), status
    assert status["plain.txt"][0] == "ok"
    assert sum(1 for name, s in status.items() if name.startswith(("deep.json", "deep.jsonl")) and s[0] == "ok") == 3


def _calls_to_clean(text: str) -> int:
    """Function calls (Python and C, regex searches included) made to read and clean ``text``: a count of work
    that does not depend on how busy the machine is. It misses work inside one C call (a regex backtracking,
    a string rebuilt per match): `benchmarks/bench_pathological.py` times those shapes."""
    import sys

    from translate.article import Article
    from translate.read import read_text_article

    article = Article(file="x")
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        read_text_article(text, article)
        clean_article(article)
    finally:
        sys.setprofile(None)
    return calls


@pytest.mark.parametrize(
    "shape, make",
    [
        # The hang: a 25 KB paragraph with 1,000 lost numbers took longer than 5 minutes (cubic in them).
        ("lost numbers in one paragraph", lambda n: "Giá tăng XNUMX lần, " * n + "theo báo cáo.\n\n" + BODY),
        # And a one-line article of 50 MB took 9 minutes: prose with no paragraph breaks.
        ("one-line article", lambda n: ("Ngân hàng Nhà nước sẽ theo dõi sát diễn biến thị trường vàng ngày 5/6. " * n) + "\n"),
        # A credit in every sentence of one paragraph: each removal used to read every other one.
        ("photo credits", lambda n: "Cảnh người dân đi làm. Ảnh: Minh Khang Giá vàng tăng mạnh. " * n + "\n\n" + BODY),
    ],
)
def test_cleaning_work_grows_linearly_with_the_input(shape, make):
    small, large = _calls_to_clean(make(250)), _calls_to_clean(make(1000))
    assert large / small < 4 * 1.25, f"{shape}: 4x the input took {large / small:.1f}x the calls"
