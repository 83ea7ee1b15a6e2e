"""The review queue asks about removals that took article prose, and not about junk that only looks long.

Each case is a removal a rule made (an ``Edit``); ``suspect_flags`` decides whether a person is asked."""

from translate.article import Edit
from translate.clean.safety import reads_as_prose, suspect_flags


def _asked(rule: str, text: str) -> bool:
    return bool(suspect_flags([Edit(rule, 0, len(text), text)]))


HEADLINES = "\n".join([
    "Giá xăng có thể tăng mạnh trong kỳ điều hành tới (21/12)",
    "5 dấu hiệu của một trang thương mại điện tử tốt (21/12)",
    "Doanh thu quảng cáo trực tuyến đạt 9.2 tỷ USD trong quý 3 (21/12)",
    "Mạng xã hội nội địa ra mắt chức năng tìm kiếm mới (21/12)",
    "Người dùng phải trả tiền khi nhắn tin đến người lạ (21/12)",
])
TEASERS = "\n".join([
    "(Báo X) - Cục Hàng không vừa cấp giấy chứng nhận khai thác tàu bay cho công ty cổ phần hàng không ...",
    "(Báo X) - Theo báo cáo của tập đoàn điện lực, sản lượng điện sáu tháng đầu năm đạt 117,38 ...",
    "(Báo X) - Trong mười năm tới, hãng điện tử này sẽ đầu tư 116 tỉ đô la vào thị trường chip vi xử ...",
])


def test_a_list_of_related_headlines_or_cut_short_teasers_is_not_asked_about():
    """Ten headlines are more than forty words, but each is a headline: no line is a sentence ("9.2" ends
    nothing), and a teaser the site cut off mid-sentence with " ..." is no sentence either."""
    assert not _asked("chrome.related", HEADLINES)
    assert not _asked("chrome.related", TEASERS)
    assert not _asked("extract.outside", "Tiêu điểm\n" + HEADLINES + "\n" + TEASERS)
    assert not _asked("chrome.related", "Truy cập bản di động của Báo X tại địa chỉ: m.baox.vn")


def test_the_site_talking_of_itself_or_to_its_reader_is_not_asked_about():
    for notice in [
        "Bài viết không nhất thiết trùng với quan điểm của tòa soạn.",
        "Mời các bạn đón đọc phần tiếp theo vào lúc 8h00 ngày 12/03/2018.",
        "Báo X giữ bản quyền nội dung của trang web baox.vn. Không được sử dụng lại nội dung trên Báo X dưới mọi"
        " hình thức, trừ khi được Báo X đồng ý bằng văn bản.",
        "Trang ngoài sẽ được mở ra ở cửa sổ mới. Báo X không chịu trách nhiệm nội dung trang ngoài.",
    ]:
        assert not _asked("chrome.site", notice), notice
    # A page's masthead far from the article: labelled names and notices.
    assert not _asked("extract.outside", "Tổng biên tập: Trần Văn An.\nThư ký tòa soạn: Hồng Văn; Phó thư ký: Yến Dung.\n"
                                         "Báo X giữ bản quyền nội dung của trang web baox.vn.\n"
                                         "Trang ngoài sẽ được mở ra ở cửa sổ mới.")


def test_a_caption_that_says_who_is_where_in_the_picture_is_not_asked_about():
    assert not _asked("caption", "Hậu vệ Minh (áo trắng) tranh bóng với đối thủ ở trận này.")
    assert not _asked("caption", "Ông Nam (thứ hai từ trái) cùng đoàn công tác thăm nhà máy, nơi sẽ mở rộng.")
    # Without it, a caption rule that takes a sentence tied to the story ("sẽ", "này") still asks.
    assert _asked("caption", "Hậu vệ Minh tranh bóng với đối thủ ở trận này.")
    # "(trái phiếu …)" is no place in a picture.
    assert _asked("caption", "Công ty (trái phiếu doanh nghiệp) sẽ phát hành thêm vốn trong năm nay.")


def test_prose_is_still_asked_about_whatever_is_around_it():
    # One sentence of the story among headlines.
    assert _asked("chrome.related", HEADLINES + "\nNgười dân trong khu phố cho biết họ đã chờ suốt ba tháng nay.")
    # A teaser that holds a whole sentence before the cut holds that sentence.
    assert _asked("chrome.related", "(Báo X) - Giá lúa tại đồng bằng đã tăng mạnh trong tuần qua. Nông dân vẫn ...")
    # A story's sentence beside a site notice.
    assert _asked("chrome.site", "Bài viết không nhất thiết trùng với quan điểm của tòa soạn. Sau đó, công an đã"
                                 " khởi tố vụ án và bắt tạm giam hai người.")
    # A hard-wrapped paragraph (lines that go on in lower case) is judged as the paragraph, not line by line.
    wrapped = ("Theo số liệu từ báo cáo thường niên của Tổng cục\n"
               "du lịch, phân khúc khách sạn ba đến năm sao có\n"
               "965 khách sạn với hơn một trăm nghìn phòng.")
    assert _asked("chrome.related", wrapped)
    # Far from the article, two sentences of prose ask.
    assert _asked("extract.outside", "Vào năm ngoái, tỉnh này đón hơn sáu triệu lượt khách du lịch.\n"
                                     "Trong đó, phần lớn là khách du lịch trong nước, với hơn sáu triệu lượt.")


def test_a_stop_inside_a_word_ends_no_sentence():
    assert not reads_as_prose("Doanh thu quảng cáo trực tuyến đạt 9.2 tỷ USD trong quý 3")
    assert reads_as_prose("Doanh thu quảng cáo trực tuyến năm nay đạt 9.2 tỷ USD.")


def test_a_related_list_under_its_heading_is_not_asked_about_but_a_sentence_after_it_is():
    """Crawl dumps glue "Tin liên quan" and its headlines on one line, with no stop between them."""
    links = ("Tin liên quan Đội chủ nhà thắng nhọc nhờ bàn phút cuối Góc chiến thuật: Đã đến lúc thay người đội trưởng"
             " Dự đoán vòng 25: Đội khách sa lầy; chủ nhà hoan hỉ 10 bàn thắng đẹp nhất mùa giải")
    assert not _asked("chrome.related", links)
    assert _asked("chrome.related", "Xem thêm: Đội chủ nhà thắng nhọc Sau trận đấu, huấn luyện viên cho biết đội"
                                    " sẽ nghỉ ngơi hai ngày trước khi tập trung trở lại.")
    # "Tin liên quan đến …" opens a sentence ("news concerning …"), stop or none.
    assert _asked("chrome.related", "Tin liên quan đến vụ án được công an tỉnh công bố vào chiều hôm qua tại trụ sở,"
                                    " nhiều người dân địa phương vẫn chưa hết bàng hoàng khi nghe tin này")
