"""Each cleaning rule on data (tests/cases/clean.json), content-safety cases included, plus properties."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.clean import Context, clean_paragraph, clean_text

# One file of cases per rule family (clean.json: markup, code, chrome, captions; clean_inline.json: items glued
# into running text).
CASES = [
    case
    for path in sorted((Path(__file__).parent / "cases").glob("clean*.json"))
    for case in json.loads(path.read_text(encoding="utf-8"))
]


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_clean_cases(case):
    ctx = Context(title=case.get("title"), index=case.get("index", 3), count=case.get("count", 10))
    draft, flags = clean_paragraph(case["input"], ctx)
    assert draft.text == case["clean"]
    assert ctx.captions == case.get("captions", [])
    assert ctx.credits == case.get("credits", [])
    # What reads as article prose is never removed silently; a caption, a credit or chrome is not flagged.
    assert [f.original for f in flags if f.kind == "clean.suspect"] == case.get("suspect", [])


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_every_change_is_recorded_against_the_raw_text(case):
    draft, _ = clean_paragraph(case["input"], Context(title=case.get("title"), index=3, count=10))
    if draft.text != case["input"]:
        assert draft.edits, "a change without an explanation"
    for edit in draft.edits:
        assert 0 <= edit.start <= edit.end <= len(case["input"])
        assert edit.rule


def test_a_removal_that_cuts_a_sentence_in_two_asks_a_person_and_shows_the_sentence():
    """Whatever rule cuts a sentence ("Chị Mai nhờ anh | Qua chở hàng.") leaves a few words of it behind: the
    review queue gets the removed words with the whole sentence as their context."""
    from translate.clean.draft import Draft
    from translate.clean.safety import suspect_flags

    raw = "Mọi người đều quen biết nhau. Chị Mai nhờ anh Qua chở hàng. Hôm sau, hàng đã đến nơi an toàn."
    d = Draft(raw)
    d.replace(raw.index("Chị Mai"), raw.index("Qua chở"), "", "caption")
    flags = suspect_flags(d.edits, d.raw)
    assert [(f.original, f.context) for f in flags] == [("Chị Mai nhờ anh", "Chị Mai nhờ anh Qua chở hàng.")]
    # A caption taken from in front of a whole sentence is what the glued-caption rule is for: no flag.
    raw = "Cảnh sát khám nghiệm hiện trường Trong khi đó, người dân vẫn tập trung đông trước cổng nhà."
    d = Draft(raw)
    d.replace(0, raw.index("Trong"), "", "caption")
    assert suspect_flags(d.edits, d.raw) == []


def test_what_reads_as_prose_is_judged_on_sentences_not_on_labels_names_and_links():
    from translate.clean.safety import reads_as_prose

    assert not reads_as_prose("Thư ký tòa soạn: Hồng Văn; Phó thư ký tòa soạn: Yến Dung.", masthead=True)
    # Outside a masthead a "label: Name" sentence is a sentence.
    assert reads_as_prose("Giải nhất cuộc thi năm nay thuộc về: Nguyễn Văn An.")
    # A paragraph that lost its stop is prose all the same.
    assert reads_as_prose(" ".join(["người dân địa phương vẫn chờ kết quả"] * 4))
    assert reads_as_prose("Kết luận: Vụ việc được xử lý nhanh chóng trong sáng nay.")
    assert not reads_as_prose("Xem thêm tại https://example.vn/tin-tuc/gia-vang-hom-nay-tang-manh-123.html")


def test_a_run_of_captions_the_page_marks_is_judged_a_caption_at_a_time():
    """The reader drops a run of the page's marked captions as one removal; five short captions are no prose,
    a fifty-word text among them is."""
    from translate.article import Edit
    from translate.clean.safety import suspect_flags

    run = "\n".join(f"Khách tham quan khu phố cổ vào buổi tối số {i}." for i in range(5))
    assert suspect_flags([Edit("caption", 0, len(run), run)], marked_up=True) == []
    long = run + "\n" + " ".join(["Người dân đổ ra đường đón năm mới"] * 7) + "."
    assert len(suspect_flags([Edit("caption", 0, len(long), long)], marked_up=True)) == 1


def test_lost_numbers_are_flagged_with_context():
    _, flags = clean_paragraph("Công ty đầu tư XNUMX triệu USD vào nhà máy. Dự án khởi công năm 2020.")
    assert [(f.kind, f.original, f.cleaned) for f in flags] == [("number.placeholder", "XNUMX triệu", "[?] triệu")]
    assert flags[0].context == "Công ty đầu tư XNUMX triệu USD vào nhà máy."


def test_the_marker_is_configurable():
    from translate.clean import CleanConfig

    draft, _ = clean_paragraph("Thu về XNUMX tỷ đồng.", config=CleanConfig(marker="<?>"))
    assert draft.text == "Thu về <?> tỷ đồng."


def test_related_links_under_a_section_header_go():
    text = "Giá vàng hôm nay tăng mạnh.\n\nTin liên quan\n\nGiá xăng giảm lần thứ ba liên tiếp\n\nNgân hàng hạ lãi suất"
    assert clean_text(text) == "Giá vàng hôm nay tăng mạnh."


def test_a_paragraph_scraped_twice_is_kept_once():
    lead = "Sáng nay, Quốc hội thông qua luật sửa đổi với đa số đại biểu tán thành."
    text = f"{lead}\n\nNội dung chính của luật gồm nhiều điểm mới.\n\n{lead}\n\nCó."
    assert clean_text(text) == f"{lead}\n\nNội dung chính của luật gồm nhiều điểm mới.\n\nCó."


def test_a_byline_at_the_end_becomes_a_credit():
    from translate.article import Article
    from translate.clean import clean_article
    from translate.read import read_text_article

    body = "\n".join(f"Đoạn văn số {i} nói về thị trường vàng trong nước." for i in range(5))
    article = Article(file="a.txt")
    read_text_article(body + "\nMinh Anh\n", article)
    clean_article(article)
    assert article.credits == ["Minh Anh"] and "Minh Anh" not in article.clean_text()
    article = Article(file="b.txt")
    read_text_article("Hà Nội\n" + body, article)  # the same shape at the start is content
    clean_article(article)
    assert article.clean_text().startswith("Hà Nội")


def test_the_writers_name_above_a_tagged_lead_becomes_a_credit():
    from translate.article import Article
    from translate.clean import clean_article
    from translate.read import read_text_article

    lead = "(TBKTSG) - Tôi là người đọc báo giấy lâu năm và vẫn mua báo mỗi tuần."
    body = "\n\n".join(f"Đoạn văn số {i} nói về thị trường báo in trong nước." for i in range(4))
    article = Article(file="a.txt")
    read_text_article(f"Lê Ngọc Quỳnh\n\nLê Ngọc Quỳnh\n\n{lead}\n\n{body}", article)
    clean_article(article)
    assert article.clean_text().startswith("Tôi là người đọc báo giấy")
    assert "Lê Ngọc Quỳnh" in article.credits and "(TBKTSG)" in article.credits
    article = Article(file="b.txt")
    read_text_article(f"Lâm Đồng\n\n{body}", article)  # a name that no tagged lead follows is content
    clean_article(article)
    assert article.credits == [] and "Lâm Đồng" in f"{article.title} {article.clean_text()}"


def test_content_after_a_related_section_survives():
    text = "Giá vàng hôm nay tăng mạnh.\n\nTin liên quan\nGiá xăng giảm\nNhà đầu tư vẫn thận trọng trước diễn biến mới."
    assert clean_text(text).endswith("Nhà đầu tư vẫn thận trọng trước diễn biến mới.")


def test_headlines_run_together_under_a_related_header_go():
    """A sidebar's headline list the page glued into one block ("Tin mới cập nhật:" then five headlines with no
    stop between them) is no article text; the paragraph after the list, ending in a stop, stays."""
    listed = ("Giá xăng giảm lần thứ ba liên tiếp trong tháng Ngân hàng hạ lãi suất cho vay kỳ hạn ba tháng "
              "Nhà đầu tư nào mua nhiều vàng nhất? Chứng khoán tăng mạnh trở lại trong phiên chiều nay")
    text = f"Giá vàng hôm nay tăng mạnh.\n\nTin mới cập nhật:\n\n{listed}\n\nNhà đầu tư vẫn thận trọng trước diễn biến mới."
    assert clean_text(text) == "Giá vàng hôm nay tăng mạnh.\n\nNhà đầu tư vẫn thận trọng trước diễn biến mới."


vietnamese = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
junk = st.sampled_from(
    ["XNUMX", "tháng ", "năm ", "ngày ", "{", "}", ";", ":", "ảnh 1", "./.", "Tin cùng chuyên mục", "[", "]", "(TTXVN)",
     "Ảnh: ", "Xem thêm:", "<b>", "</p>", "&amp;", "/", "  ", "\u0301", ".", "Hà Nội ", "Ông ", "2021 ", "5/6 "]
)
paragraphs = st.lists(st.one_of(vietnamese, junk), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(paragraphs)
def test_cleaning_never_crashes_and_is_idempotent(text):
    once, _ = clean_paragraph(text)
    twice, _ = clean_paragraph(once.text)
    assert twice.text == once.text
    assert "XNUMX" not in once.text


@settings(max_examples=100, deadline=None)
@given(st.lists(paragraphs, max_size=6).map("\n\n".join))
def test_whole_text_cleaning_never_crashes(text):
    clean_text(text)


def _html_article(page: str):
    from translate.article import Article
    from translate.clean import clean_article
    from translate.htmlpage import read_html_article

    article = Article(file="page.html")
    read_html_article(page, article)
    return clean_article(article)


_BODY = [
    "Sáng nay, giá vàng trong nước tăng mạnh theo đà tăng của thị trường thế giới sau nhiều phiên giảm liên tiếp.",
    "Các doanh nghiệp kinh doanh vàng cho biết lượng khách đến mua tăng gấp đôi so với tuần trước.",
    "Theo các chuyên gia, nhà đầu tư nên thận trọng vì giá có thể đảo chiều trong những phiên tới.",
    "Ngân hàng Nhà nước cho biết sẽ tiếp tục theo dõi sát diễn biến của thị trường vàng trong thời gian tới.",
]


def test_html_related_headlines_that_are_links_go_wherever_the_page_puts_them():
    related = "<div class='box'><a href='/a'>Giá xăng giảm lần thứ ba liên tiếp trong tháng</a></div>"
    listed = "<ul>" + "".join(f"<li><a href='/{i}'>Ngân hàng hạ lãi suất cho vay kỳ hạn {i} tháng</a> (2{i}/12)</li>"
                              for i in range(3)) + "</ul>"
    page = ("<html><head><title>Giá vàng tăng mạnh</title></head><body><article><h1>Giá vàng tăng mạnh</h1>"
            f"<p>{_BODY[0]}</p>{related}" + "".join(f"<p>{s}</p>" for s in _BODY[1:])
            + f"<p>Bản tin <a href='/x'>thị trường</a> hôm nay có nhiều điểm đáng chú ý cho nhà đầu tư.</p>"
            + f"<h3>Tin mới cập nhật</h3>{listed}</article></body></html>")
    article = _html_article(page)
    text = article.clean_text()
    assert all(s in text for s in _BODY)
    assert "Giá xăng" not in text and "hạ lãi suất" not in text
    assert "Bản tin thị trường hôm nay" in text  # a link inside a sentence is no related headline
    removed = [e.text for p in article.paragraphs for e in p.edits if e.rule == "chrome.related"]
    assert any("Giá xăng giảm" in r for r in removed)


def test_html_captions_marked_by_class_or_beside_their_picture_leave_the_body():
    page = ("<html><head><title>Giá vàng tăng mạnh</title></head><body><article><h1>Giá vàng tăng mạnh</h1>"
            + f"<p>{_BODY[0]}</p><table><tr><td class='pCaption'>Khách xếp hàng mua vàng sáng nay.</td></tr></table>"
            + f"<p>{_BODY[1]}</p><p><img src='a.jpg'><br><span>Quầy vàng tại quận 1</span></p>"
            + "".join(f"<p>{s}</p>" for s in _BODY[2:]) + "</article></body></html>")
    article = _html_article(page)
    text = article.clean_text()
    assert all(s in text for s in _BODY)
    assert "xếp hàng" not in text and "Quầy vàng" not in text
    assert {"Khách xếp hàng mua vàng sáng nay.", "Quầy vàng tại quận 1"} <= set(article.captions)


def test_html_captions_told_by_the_picture_leave_the_body():
    centre = "style='text-align: center'"
    page = ("<html><head><title>Giá vàng tăng mạnh</title></head><body><article><h1>Giá vàng tăng mạnh</h1>"
            + f"<p>{_BODY[0]}</p><div><img alt='Khách xếp hàng mua vàng sáng nay' src='a.jpg'></div>"
            + "<div>Khách xếp hàng mua vàng sáng nay</div>"
            + f"<p>{_BODY[1]}</p><p {centre}><img src='b.jpg'></p><p style='font-style: italic'>Quầy vàng tại quận 1.</p>"
            + f"<p {centre}><img alt='{_BODY[2]}' src='c.jpg'></p><p {centre}>{_BODY[2]}</p>"
            + f"<p>{_BODY[3]}</p></article></body></html>")
    article = _html_article(page)
    text = article.clean_text()
    assert all(s in text for s in _BODY)  # a body sentence given as the alt, and centred text, stay
    assert "xếp hàng" not in text and "Quầy vàng" not in text
    assert {"Khách xếp hàng mua vàng sáng nay", "Quầy vàng tại quận 1."} <= set(article.captions)


def test_html_texts_beside_many_pictures_are_a_photo_story_and_stay():
    shots = "".join(f"<p><img src='{i}.jpg'><br>Mẫu váy số {i} hợp với buổi tiệc cuối năm</p>" for i in range(8))
    page = ("<html><head><title>Váy dự tiệc</title></head><body><article><h1>Váy dự tiệc</h1>"
            + "".join(f"<p>{s}</p>" for s in _BODY) + shots + "</article></body></html>")
    assert "Mẫu váy số 3 hợp với buổi tiệc cuối năm" in _html_article(page).clean_text()


def test_html_blocks_after_the_closing_credit_are_the_pages_and_ask_a_person():
    """A related article's summary the extractor kept after the article's closing credit leaves the body; it
    reads as prose, so the review queue gets it. Blocks after a writer's name standing above the article stay."""
    summary = "Giá vàng biến động mạnh khiến nhiều người băn khoăn về thời điểm mua. Chuyên gia đưa ra vài lời khuyên."
    related = f"<h3><a href='/x'>Cách chọn thời điểm mua vàng trong năm mới</a></h3><p>{summary}</p>"
    footer = "<footer><p>Gửi bình luận</p><p>Bản quyền thuộc về Báo X.</p></footer>"
    head = "<html><head><title>Giá vàng tăng mạnh</title></head><body><article><h1>Giá vàng tăng mạnh</h1>"
    body = "".join(f"<p>{s}</p>" for s in _BODY)
    article = _html_article(f"{head}{body}<p>Minh Anh (theo Reuters)</p>{related}</article>{footer}</body></html>")
    assert article.clean_text() == "\n\n".join(_BODY)
    assert [f.original for f in article.flags if f.kind == "clean.suspect"] == [summary]
    article = _html_article(f"{head}<p>Minh Anh (theo Reuters)</p>{body}</article>{footer}</body></html>")
    assert article.clean_text().endswith("\n\n".join(_BODY))


def test_a_video_title_over_its_caption_goes_with_the_caption():
    from translate.article import Article
    from translate.clean import clean_article
    from translate.read import read_text_article

    body = [f"Đoạn văn số {i} nói về phiên chợ cá đông khách ngày vía Thần tài." for i in range(4)]
    text = "\n\n".join(body[:2] + ["Phố cá nướng tấp nập ngày vía", "Phố cá nướng tấp nập ngày vía. Video: Công Khang"] + body[2:])
    article = Article(file="a.txt")
    read_text_article(text, article)
    clean_article(article)
    assert article.clean_text() == "\n\n".join(body)
    assert any(e.rule == "caption.repeat" for p in article.paragraphs for e in p.edits)
    # The same words as a heading with no caption to repeat stay.
    article = Article(file="b.txt")
    read_text_article("\n\n".join(body[:2] + ["Phố cá nướng tấp nập ngày vía"] + body[2:]), article)
    assert "Phố cá nướng tấp nập ngày vía" in clean_article(article).clean_text()


def test_a_related_list_headed_at_the_end_of_removed_page_chrome_goes():
    from translate.article import Article, Paragraph
    from translate.clean import clean_article

    body = [f"Đoạn văn số {i} nói về thị trường bất động sản trong quý hai năm nay." for i in range(3)]
    paragraphs = [Paragraph(raw=b) for b in body] + [
        Paragraph(raw="Trang chủ\nĐỪNG BỎ QUA", dropped="extract.outside"),
        Paragraph(raw="Doanh nghiệp phát hành trái phiếu dồn dập"),
        Paragraph(raw="(Báo X) - Việc các doanh nghiệp bất động sản phát hành trái phiếu đã bùng lên mạnh mẽ ..."),
    ]
    article = clean_article(Article(file="a.html", paragraphs=paragraphs))
    assert article.clean_text() == "\n\n".join(body)


def test_words_in_front_of_leaked_css_are_no_selector():
    draft, _ = clean_paragraph("Giá vàng hôm nay tăng mạnh .ads{display:none} Người dân đổ xô đi mua.", Context(title=None, index=3, count=10))
    assert "Giá vàng hôm nay tăng mạnh" in draft.text and "Người dân đổ xô đi mua." in draft.text
    assert "display" not in draft.text


BODY = ("Sáng 12-3, UBND tỉnh Quảng Nam tổ chức hội nghị tổng kết công tác năm 2024 với nhiều đại biểu.\n\n"
        "Ông Nguyễn Văn An, Chủ tịch UBND tỉnh, đánh giá kết quả đạt được là rất đáng ghi nhận.\n\n")


@pytest.mark.parametrize("closing", [
    "Nội dung trích từ báo cáo của Sở Tài chính cho thấy thu ngân sách năm qua tăng mạnh so với cùng kỳ.",
    "Bài viết được tổng hợp từ nhiều nguồn tin chính thức nên số liệu có thể khác so với số liệu công bố sau này.",
])
def test_a_closing_sentence_that_only_looks_like_a_source_note_stays(closing):
    assert clean_text(BODY + closing).endswith(closing)


def test_every_removal_of_an_article_is_judged_whichever_step_made_it():
    """A page whose closing credit stands mid-article: the blocks after it leave by position alone, so each asks a
    person, a heading too (it is no prose, but it is article text)."""
    from translate.article import Article
    from translate.clean import clean_article
    from translate.htmlpage import read_html_article

    paras = ["Sáng 12-3, UBND tỉnh Quảng Nam tổ chức hội nghị tổng kết công tác năm 2024 với nhiều đại biểu dự.",
             "Ông Nguyễn Văn An, Chủ tịch UBND tỉnh, đánh giá kết quả đạt được là rất đáng ghi nhận năm qua.",
             "Theo báo cáo, tổng thu ngân sách trên địa bàn tỉnh năm 2024 đạt hơn 25.000 tỷ đồng, vượt dự toán.",
             "Tăng trưởng kinh tế của tỉnh đạt 7,5%, cao hơn mức bình quân cả nước, công nghiệp đóng góp lớn.",
             "Hoàng Minh (theo Reuters)", "Giải pháp cho năm 2025",
             "Năm 2025, tỉnh đặt mục tiêu thu hút thêm nhiều dự án đầu tư lớn vào khu kinh tế mở Chu Lai."]
    html = ("<html><head><title>Quảng Nam tổng kết năm 2024</title></head><body><article>"
            "<h1>Quảng Nam tổng kết năm 2024</h1>" + "".join(f"<p>{p}</p>" for p in paras) + "</article></body></html>")
    article = Article(file="t.html")
    read_html_article(html, article)
    clean_article(article)
    kept = article.clean_text()
    asked = {f.original for f in article.flags if f.kind == "clean.suspect"}
    for text in paras[5:]:
        assert text in kept or text in asked


def test_html_a_box_of_photo_teasers_the_precise_extractor_picks_is_no_part_of_the_article():
    """A precise extractor may settle on a sidebar box (a heading, pictures with their captions, a link) beside a
    short article: the box's captions and links weigh nothing, and a run beside the article needs a sentence of
    its own. A second run that has prose (an article split around a box) stays."""
    from translate.htmlpage import reconcile

    menu = [f"Mục {i}" for i in range(20)]
    body = _BODY[:2]
    box = ["Chia sẻ ảnh của bạn theo chủ đề Đất nước", "Đẹp lắm Việt Nam quê hương tôi - Ảnh: Vũ Ngọc Thiện",
           "Tuần này bạn đọc chia sẻ những bức ảnh đẹp về quê hương Việt Nam. Xem chi tiết tại đây.",
           "Cuộc sống qua ống kính độc giả", "Nụ cười hồn nhiên của cậu bé miền núi - Ảnh: Thành Đông"]
    blocks = body + menu + box
    start = len(body) + len(menu)
    aside = {start + 1, start + 2, start + 4}  # the pictures' captions and the link
    reasons = reconcile(blocks, precise=box, recall=body + box, keep=set(), aside=aside)
    assert [b for b, r in reasons if not r] == body
    split = body + menu + _BODY[2:]
    reasons = reconcile(split, precise=_BODY[2:], recall=body + _BODY[2:], keep=set(), aside=set())
    assert [b for b, r in reasons if not r] == _BODY


def test_html_the_article_goes_on_past_its_last_picture_though_no_extractor_found_the_paragraphs_after_it():
    """Both extractions may stop at a picture's caption near the end of a page (thesaigontimes: the last section's
    paragraphs carry no class, and neither trafilatura mode kept them): prose that follows the article's last
    block, with nothing between, is the article's own and stays; a related list after it does not."""
    from translate.htmlpage import reconcile

    body = list(_BODY[:4])
    caption = "Khách du lịch ở Đà Lạt, tỉnh Lâm Đồng. Ảnh: Bảo Nguyên"
    tail = ["Đứng cuối cùng trong tốp 10 địa phương là tỉnh Lâm Đồng, với 1.925 phòng khách sạn cao cấp.",
            "Vào năm ngoái, tỉnh Lâm Đồng đón hơn 6,5 triệu lượt khách du lịch, phần lớn là khách trong nước."]
    related = ["Mời đọc thêm:", "Mỗi du khách Trung Quốc tiêu trung bình 19 triệu đồng tại Việt Nam"]
    blocks = body + [caption] + tail + related
    found = body + [caption]
    reasons = reconcile(blocks, precise=found, recall=found, keep=set(), aside={len(blocks) - 1})
    kept = [b for b, r in reasons if not r]
    assert kept == body + [caption] + tail


def test_html_a_second_part_without_full_stops_found_by_both_extractions_stays():
    """A list that ends an article after a box (its points carry no full stop) is the article's second part when
    both extractions found it: only a run that is mostly links and pictures' captions needs a sentence of its own."""
    from translate.htmlpage import reconcile

    body = list(_BODY)
    menu = [f"Mục {i}" for i in range(20)]
    points = ["Tăng nguồn cung vàng miếng thông qua các đợt đấu thầu", "Siết chặt quản lý các cửa hàng kinh doanh vàng",
              "Công khai giá mua bán trên cổng thông tin của ngân hàng", "Xử lý nghiêm các trường hợp đầu cơ thao túng giá"]
    reasons = reconcile(body + menu + points, precise=body + points, recall=body + points, keep=set(), aside=set())
    assert [b for b, r in reasons if not r] == body + points


def test_html_a_comment_box_after_the_article_is_no_part_of_it():
    """Prose that follows the article but that no extraction found (readers' comments, a footer's notice) stays
    out, recorded; only past the article's last picture does the article go on without an extraction."""
    from translate.htmlpage import reconcile

    body = list(_BODY)
    comments = ["Bài viết rất hay, cảm ơn tác giả đã chia sẻ những thông tin hữu ích về thị trường vàng.",
                "Không được sao chép lại nội dung của trang này khi chưa có sự đồng ý bằng văn bản của tòa soạn."]
    reasons = reconcile(body + comments, precise=body, recall=body, keep=set(), aside=set())
    assert [b for b, r in reasons if not r] == body
    assert all(r == "extract.outside" for b, r in reasons if b in comments)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab cđ\t.!?…\"”)1_ ")), max_size=60))
def test_html_prose_test_is_the_one_pattern_it_replaced(block):
    """``_prose`` is linear; the single pattern it replaced (cubic on a long block without a stop) is the reference
    on the one-line blocks a page is read into."""
    from translate.htmlpage import _prose

    reference = re.compile(r"[^\W\d_]+(?:\s+[^\W\d_]+){5,}.*[.!?…][\"”’)]*$")
    assert _prose(block) == bool(reference.search(block))
