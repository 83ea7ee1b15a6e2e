"""Decoding every encoding Vietnamese news is saved in, and reading article structure."""

import codecs
import unicodedata
from pathlib import Path

import pytest

from translate.read import InputError, InputFile, decode, read_article, split_paragraphs

from .encodings import to_mojibake, to_tcvn3, to_windows_1258

SAMPLE = (
    "Bộ trưởng Ngoại giao Ấn Độ và người đồng cấp Nhật Bản đã nhất trí thành lập Nhóm Công tác về Khoáng sản "
    "thiết yếu, đồng thời xây dựng cơ chế đối thoại về an ninh kinh tế. Ảnh hưởng của thỏa thuận sẽ rất lớn."
)

ENCODED = {
    "utf-8": SAMPLE.encode("utf-8"),
    "utf-8 with BOM": codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
    "utf-16 with BOM": SAMPLE.encode("utf-16"),
    "utf-16-le without BOM": SAMPLE.encode("utf-16-le"),
    "windows-1258": to_windows_1258(SAMPLE),
    "decomposed (NFD)": unicodedata.normalize("NFD", SAMPLE).encode("utf-8"),
    "mojibake": to_mojibake(SAMPLE),
    "mojibake that lost Windows-1252's undefined bytes": SAMPLE.encode("utf-8").decode("cp1252", errors="ignore").encode("utf-8"),
    "UTF-8 that lost those bytes": SAMPLE.encode("utf-8").decode("cp1252", errors="ignore").encode("cp1252"),
}


@pytest.mark.parametrize("label", ENCODED)
def test_decoding_recovers_nfc_vietnamese(label):
    text, _ = decode(ENCODED[label])
    assert text == SAMPLE


TCVN3_SAMPLE = "Bộ trưởng Ngoại giao hai nước đã nhất trí thành lập nhóm công tác về khoáng sản thiết yếu, đồng thời xây dựng cơ chế đối thoại."


@pytest.mark.parametrize("label", ["bytes", "latin-1 characters saved as UTF-8"])
def test_legacy_tcvn3_text_is_converted(label):
    data = to_tcvn3(TCVN3_SAMPLE)
    if label != "bytes":
        data = data.decode("latin-1").encode("utf-8")
    text, encoding = decode(data)
    assert text == TCVN3_SAMPLE and "tcvn3" in encoding


def test_lost_bytes_are_restored_by_word_not_by_guess():
    from translate.decode import repair_utf8

    damaged = "người về trọng Độ”".encode("utf-8").decode("cp1252", errors="ignore").encode("cp1252")
    assert repair_utf8(damaged) == ("người về trọng Độ”", 0)


def test_windows_1258_really_uses_combining_marks():
    assert b"\xec" in to_windows_1258("ờ") or len(to_windows_1258("ờ")) == 2


def test_binary_data_is_refused():
    with pytest.raises(InputError) as err:
        decode(bytes(range(256)) * 20)
    assert err.value.status == "failed"


def _article(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return read_article(InputFile(path, name))


def test_title_line_followed_by_a_blank_line(tmp_path):
    a = _article(tmp_path, "a.txt", ("Giá vàng lập đỉnh mới\n\n" + SAMPLE + "\n" + SAMPLE).encode())
    assert a.title == "Giá vàng lập đỉnh mới"
    assert a.paragraphs[0].raw == SAMPLE


def test_a_long_first_line_is_not_a_title(tmp_path):
    a = _article(tmp_path, "a.txt", (SAMPLE + "\n" + SAMPLE).encode())
    assert a.title is None and len(a.paragraphs) == 2


@pytest.mark.parametrize("header", [" date 2026-01-17 ", "date: 2026-01-17\n", "Date: 17/01/2026 ", "Thứ Bảy, 17/1/2026, 10:30 (GMT+7)\n", "Cập nhật lúc 10:30 17/01/2026\n", "10:30 | 17-01-2026\n"])
def test_date_headers_give_the_article_date(tmp_path, header):
    a = _article(tmp_path, "a.txt", (header + SAMPLE).encode())
    assert a.date == "2026-01-17"
    assert a.paragraphs[0].raw == SAMPLE


def test_paragraph_line_numbers_point_into_the_file(tmp_path):
    a = _article(tmp_path, "a.txt", ("\n\n" + SAMPLE + "\n\n" + SAMPLE + " Thêm.\n").encode())
    assert [p.line for p in a.paragraphs] == [3, 5]


def test_hard_wrapped_lines_are_joined():
    words = SAMPLE.split()
    lines, line = [], ""
    for w in words:
        if len(line) + len(w) > 60:
            lines.append(line.strip())
            line = ""
        line += w + " "
    lines.append(line.strip())
    assert [p for p, _ in split_paragraphs("\n".join(lines))] == [" ".join(lines)]


def test_english_is_skipped(tmp_path):
    with pytest.raises(InputError) as err:
        _article(tmp_path, "en.txt", b"The defence ministers of India and the United States signed a roadmap on Monday to boost industrial cooperation.")
    assert err.value.status == "skipped" and "not Vietnamese" in err.value.reason


def test_empty_is_skipped(tmp_path):
    with pytest.raises(InputError) as err:
        _article(tmp_path, "empty.txt", b"  \n")
    assert err.value.reason == "empty file"


HTML = """<!doctype html><html><head><title>Giá vàng lập đỉnh mới | Báo X</title>
<meta property="og:title" content="Giá vàng lập đỉnh mới">
<meta property="article:published_time" content="2025-03-04T08:00:00+07:00">
<style>.x{color:red}</style><script>var a = 1;</script></head>
<body><nav><a href="/">Trang chủ</a> <a href="/kinh-te">Kinh tế</a></nav>
<article><h1>Giá vàng lập đỉnh mới</h1>
<p>Giá vàng trong nước sáng nay tăng thêm 500.000 đồng mỗi lượng, lên mức cao nhất từ trước tới nay theo ghi nhận của phóng viên.</p>
<p>Theo các doanh nghiệp kinh doanh vàng, nhu cầu mua tích trữ tăng mạnh trong những ngày gần đây do lo ngại lạm phát.</p>
<p>Ngân hàng Nhà nước cho biết sẽ tiếp tục theo dõi sát diễn biến của thị trường vàng và có biện pháp can thiệp khi cần thiết.</p>
</article>
<aside><h3>Tin liên quan</h3><ul><li><a href="/a">Giá xăng giảm mạnh</a></li></ul></aside>
<footer>© 2025 Báo X. Bản quyền thuộc về Báo X.</footer></body></html>"""


def test_html_gives_main_text_title_and_date(tmp_path):
    a = _article(tmp_path, "page.html", HTML.encode("utf-8"))
    body = "\n".join(p.raw for p in a.paragraphs if not p.dropped)
    assert a.title == "Giá vàng lập đỉnh mới"
    assert a.date == "2025-03-04"
    assert "500.000 đồng" in body and "can thiệp khi cần thiết" in body
    for junk in ("Trang chủ", "Giá xăng giảm mạnh", "Bản quyền", "color:red", "var a"):
        assert junk not in body
    # The page's chrome is not lost without a word: it is recorded as removed, with the reason.
    chrome = "\n".join(p.raw for p in a.paragraphs if p.dropped)
    for junk in ("Trang chủ", "Giá xăng giảm mạnh", "Bản quyền"):
        assert junk in chrome


def test_html_article_text_that_a_precise_extractor_drops_is_kept_or_queued(tmp_path):
    """The tail of an article after an in-article box, and list items without <p>: never silently gone."""
    from translate.clean import clean_article

    sentences = [f"Đoạn {i}: ông Nguyễn Văn A cho biết thị trường vàng trong nước biến động mạnh trong tuần qua." for i in range(12)]
    page = (
        "<html><head><title>Giá vàng biến động mạnh - Báo X</title></head><body><nav>Trang chủ | Kinh tế</nav>"
        "<h1>Giá vàng biến động mạnh</h1><div class='content'>"
        + "".join(f"<p>{s}</p>" for s in sentences[:6])
        + "<div class='box'><b>Tin liên quan</b><ul><li><a href='/a'>Giá xăng giảm</a></li></ul></div>"
        + "".join(f"<div>{s}</div>" for s in sentences[6:])
        + "</div><footer>© Báo X</footer></body></html>"
    )
    article = clean_article(_article(tmp_path, "tail.html", page.encode("utf-8")))
    kept = article.clean_text()
    queued = " ".join(f.original for f in article.flags if f.kind == "clean.suspect")
    for s in sentences:
        assert s in kept or s in queued


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_decoding_never_crashes(data):
    try:
        text, encoding = decode(data)
    except InputError as err:
        assert err.status == "failed"
        return
    assert isinstance(text, str) and encoding
    assert unicodedata.is_normalized("NFC", text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ,.", min_size=20, max_size=200))
def test_correct_utf8_vietnamese_is_left_alone(text):
    assert decode(text.encode("utf-8"))[0] == text.replace("\r", "")


def test_a_list_of_headlines_is_not_mistaken_for_wrapped_text():
    headlines = [
        "Giá vàng hôm nay tăng mạnh sau kỳ nghỉ Tết Nguyên đán năm nay",
        "Ngân hàng Nhà nước tiếp tục bơm tiền qua kênh thị trường mở",
        "Lãi suất tiết kiệm giảm sâu nhất trong vòng mười năm trở lại",
    ]
    assert [p for p, _ in split_paragraphs("\n".join(headlines))] == headlines


def test_html_lead_outside_the_article_body_is_kept(tmp_path):
    page = """<html><head><meta charset="utf-8"><title>Hà Nội cấm xe máy từ năm 2030</title></head><body>
    <h1>Hà Nội cấm xe máy từ năm 2030</h1>
    <p class="description">Thành phố sẽ dừng hoạt động xe máy trong các quận nội thành từ năm 2030, theo nghị quyết vừa thông qua.</p>
    <article><figure><img src="x.jpg"><figcaption>Xe máy trên đường Nguyễn Trãi. Ảnh: Giang Huy</figcaption></figure>
    <p>Sáng 15/7, HĐND thành phố thông qua nghị quyết về lộ trình hạn chế phương tiện cá nhân tại các quận nội thành.</p>
    <p>Ông Nguyễn Văn C, Giám đốc Sở Giao thông Vận tải, cho biết hơn 6,9 triệu xe máy đang lưu hành trên địa bàn thành phố.</p>
    <p>Thành phố cũng sẽ đầu tư thêm nhiều tuyến xe buýt và đường sắt đô thị trong giai đoạn tới để phục vụ người dân.</p></article>
    <footer>© Báo X</footer></body></html>"""
    a = _article(tmp_path, "lead.html", page.encode("utf-8"))
    body = [p for p in a.paragraphs if not p.dropped]
    assert body[0].raw.startswith("Thành phố sẽ dừng hoạt động xe máy")
    assert sum("dừng hoạt động" in p.raw for p in body) == 1
    assert a.captions == ["Xe máy trên đường Nguyễn Trãi. Ảnh: Giang Huy"]


@pytest.mark.parametrize(
    "page_title, headline",
    [
        ("Bắt nghi phạm cướp ngân hàng - Pháp luật - Xã hội - Tuổi Trẻ Online", "Bắt nghi phạm cướp ngân hàng"),
        ("Giá vàng hôm nay tăng mạnh - VnExpress Kinh doanh", "Giá vàng hôm nay tăng mạnh"),
        ("Giá xăng giảm lần thứ ba - Kinh doanh - Zing.vn", "Giá xăng giảm lần thứ ba"),
        ("Mưa lớn ở miền Trung - Zing News | Xã hội", "Mưa lớn ở miền Trung"),
        ("Hà Nội cấm xe máy từ 2030 | Báo Dân trí", "Hà Nội cấm xe máy từ 2030"),
        ("Đột nhập lò luyện thi Hàn Quốc-dot nhap lo luyen thi han quoc", "Đột nhập lò luyện thi Hàn Quốc"),
        # A dash inside the headline itself stays.
        ("Việt Nam thắng Thái Lan 2-1 - Hà Nội mở hội", "Việt Nam thắng Thái Lan 2-1 - Hà Nội mở hội"),
        ("Tin tức trong ngày: bão số 3 đổ bộ", "Tin tức trong ngày: bão số 3 đổ bộ"),
    ],
)
def test_site_and_section_names_are_cut_from_titles(page_title, headline):
    from translate.read import tidy_title

    assert tidy_title(page_title) == headline


@pytest.mark.parametrize("lead_ends", [".", ""])
def test_crawl_layout_headline_lead_body_without_blank_lines_gives_a_title(lead_ends):
    from translate.article import Article
    from translate.read import read_text_article

    headline = "Nhà trường cho học sinh nghỉ học để đi lễ chùa?"
    lead = "Theo phản ánh của phụ huynh, nhà trường cho học sinh nghỉ học trong ngày đầu năm" + lead_ends
    body = "Nhiều phụ huynh tỏ ra bức xúc vì không hiểu lý do. Hiệu trưởng cho biết sẽ kiểm điểm. " * 3
    article = Article(file="a.txt")
    read_text_article(f"{headline}\n{lead}\n{body}", article)
    assert article.title == headline
    assert [p.raw for p in article.paragraphs] == [lead, body.strip()]


def test_a_short_first_line_of_prose_is_not_taken_for_a_headline():
    from translate.article import Article
    from translate.read import read_text_article

    article = Article(file="a.txt")
    read_text_article("Hôm nay trời mưa to ở Hà Nội và nhiều nơi.\nNgười dân đi làm muộn.\nGiao thông ùn tắc.", article)
    assert article.title is None
