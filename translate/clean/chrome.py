"""Site chrome: share buttons, section headers and the related links under them, widgets, breadcrumbs."""

from __future__ import annotations

import re

from ..segment import split_sentences
from .draft import Context, Draft
from .safety import Removed, headline_list, reads_as_prose
from .spans import headline_end

_SECTION_HEADERS = re.compile(
    r"^(?:tin|bài)\s+(?:cùng\s+chuyên\s+mục|liên\s+quan|khác|mới(?:\s+nhất)?|nổi\s+bật|đọc\s+nhiều|xem\s+nhiều|đề\s+xuất)"
    r"|^(?:tin\s+bài\s+(?:khác|liên\s+quan)|bài\s+viết\s+(?:khác|liên\s+quan|cùng\s+chuyên\s+mục)|(?:tin\s+)?mới\s+cập\s+nhật"
    r"|theo\s+dòng\s+(?:thời\s+sự|sự\s+kiện)|đừng\s+bỏ\s+qua|xem\s+tất\s+cả|tin\s+\d+\s+giây)"
    r"|^(?:cùng\s+chuyên\s+mục|có\s+thể\s+bạn\s+quan\s+tâm|bạn\s+có\s+thể\s+quan\s+tâm|đọc\s+(?:thêm|nhiều(?:\s+nhất)?)"
    r"|xem\s+(?:thêm|nhiều(?:\s+nhất)?)|related(?:\s+(?:news|articles|posts))?|more\s+stories|tin\s+tức\s+liên\s+quan)"
    r"\s*[:>»]*$",
    re.I,
)
_CHROME_PREFIX = re.compile(
    r"^(?:xem\s+thêm|đọc\s+thêm|tin\s+liên\s+quan|bài\s+liên\s+quan|từ\s+khóa|từ\s+khoá|tags?|keywords?|chủ\s+đề)\s*[:>»]"
    r"|^(?:>>|»|►|▶)\s*\S",
    re.I,
)
_SHARE_WORDS = re.compile(
    r"(?:chia\s+sẻ|bình\s+luận|ý\s+kiến|lượt\s+(?:xem|thích|chia\s+sẻ)|thích|like|share|tweet|facebook|twitter|zalo|email|e-mail|"
    r"in\s+bài(?:\s+viết)?|gửi\s+bài(?:\s+viết)?|gửi|lưu|copy\s+link|sao\s+chép\s+liên\s+kết|quay\s+lại|về\s+đầu\s+trang|"
    r"lên\s+đầu\s+trang|theo\s+dõi|google\s+news|pinterest|linkedin|telegram|messenger|comments?|views?|print)",
    re.I,
)
# Letters that no share word holds in any case ("ộ", "ả", "Đ"…): a text with one of them is no share counter,
# told without running the case-blind share pattern (slow) over every short paragraph. Latin letters only:
# tests/test_clean_prefilters.py checks that the share pattern matches none of them.
_SHARE_FOLDED = {ch.lower() for ch in _SHARE_WORDS.pattern if ch.isalpha()}
_NOT_SHARE = re.compile("[" + "".join(
    ch for ch in map(chr, [*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)])
    if ch.isalpha() and not {ch.lower()[:1], ch.upper().lower()[:1], ch.casefold()[:1]} & _SHARE_FOLDED  # "İ" is "i̇"
) + "]")
_FOLLOW_US = re.compile(r"^(?:mời\s+(?:bạn|quý\s+vị)\s+)?(?:theo\s+dõi|đăng\s+ký|tải\s+ứng\s+dụng)\b.{0,80}(?:trên|tại|kênh)\b.{0,60}$", re.I)
_AD_OR_WIDGET = re.compile(
    r"^(?:quảng\s+cáo|advertisement|sponsored|tài\s+trợ|loading\.*|đang\s+tải\.*|video\s+đang\s+hot|xem\s+video|"
    r"(?:bấm|click|nhấn)\s+(?:vào\s+)?(?:đây|để\s+xem)[^.!?]{0,40}|nghe\s+(?:đọc\s+)?bài\s+(?:viết|báo)|"
    r"\(?ảnh\s*\d{1,3}(?:\s*/\s*\d{1,3})?\)?|\d{1,3}\s*/\s*\d{1,3}\s*ảnh|[\d.,:/\s]{1,12}"
    r"|cập\s+nhật(?:\s+lúc|\s+cách\s+đây)?\s+[\d:/h\s]+(?:giây|phút|giờ|ngày)?(?:\s+trước)?)[.:]?$",
    re.I,
)
_LINK_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
# Breadcrumbs and pagination: "Trang chủ > Thời sự > Chính trị", "Trang trước | Trang sau".
_BREADCRUMB = re.compile(r"^(?:[^.!?>»›|]{1,30}\s*[>»›|]\s*){2,}[^.!?>»›|]{1,30}$")
_PAGINATION = re.compile(r"^(?:[«‹<]\s*)?(?:trang\s+(?:trước|sau|tiếp)|tiếp\s+theo|xem\s+tiếp|bài\s+(?:trước|sau|tiếp\s+theo))(?:\s*[»›>])?$", re.I)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright|bản\s+quyền)\b", re.I)
# The masthead in a page's footer: "Tổng biên tập: …", "Giấy phép …số …", "Tòa soạn: …".
_MASTHEAD = re.compile(
    r"^(?:(?:phó\s+)?tổng\s+biên\s+tập|thư\s+ký\s+tòa\s+soạn|tòa\s+soạn|cơ\s+quan\s+chủ\s+quản|chịu\s+trách\s+nhiệm\s+xuất\s+bản"
    r"|giấy\s+phép\b[^.]{0,60}\bsố|đường\s+dây\s+nóng|hotline|liên\s+hệ\s+quảng\s+cáo)\b\s*:?",
    re.I,
)
_BRACKETED_LINK = re.compile(r"^\s*\[[^\[\]]*[^\W\d_][^\[\]]*\]\s*$")
# A related-article prompt glued into running text; the headline after it ends where spans.headline_end says.
_RELATED_MARK = re.compile(
    r"(?:^|(?<=[.!?…\"”’)\]])\s*|\s)(?:>>+|»|►|▶|(?:Xem|Đọc|XEM|ĐỌC)\s+(?:thêm|THÊM)\s*:?|(?:Tin|Bài|TIN|BÀI)\s+(?:liên\s+quan|LIÊN\s+QUAN)\s*:?"
    r"|Nên\s+đọc|Bấm\s+xem\s*>*|ĐỌC\s+NGAY\s*:?|Mời\s+(?:bạn\s+|quý\s+vị\s+)?(?:đọc|xem)\s*:)\s*"
)
# "[Bộ trưởng …: Formosa đã đáp ứng các yêu cầu]" between sentences: a linked headline.
_BRACKETED_INLINE = re.compile(r"(?:^|(?<=[.!?…\"”])\s)\s*\[[^\[\].!]{10,200}\??\](?=\s|$)")
# Reader prompts and disclaimers: "Gửi bài tại đây", "Chia sẻ ảnh của bạn … tại đây", "Mời các bạn đón đọc phần tiếp".
_PROMPT = re.compile(
    r"^(?:(?:mời\s+(?:bạn|các\s+bạn|quý\s+vị)\s+)?(?:chia\s+sẻ|gửi)\b[^.!?]{0,80}\btại\s+đây|xem\s+chi\s+tiết\s+tại\s+đây"
    r"|(?:mời\s+(?:bạn|các\s+bạn|quý\s+vị)\s+)?(?:đón\s+)?(?:đọc|xem)\s+(?:phần|kỳ|tập)\s+(?:tiếp|sau)\b.*"
    r"|bài\s+viết\s+(?:không\s+nhất\s+thiết|thể\s+hiện)\b.{0,40}quan\s+điểm\b.*|về\s+trang\s+chủ\s+đề|đọc\s+ngay|đọc\s+tiếp|đặt\s+(?:mua\s+)?báo(?:\s+in|\s+giấy)?"
    r"|tải\s+ứng\s+dụng\b.*|chia\s+sẻ\s+(?:ảnh|bài\s+viết|câu\s+chuyện)\s+của\s+bạn\b[^.!?]{0,80})\s*[.!:]?$",
    re.I,
)
_TERMINAL_CHARS = ".!?…:;\"”’)"
_TERMINAL = re.compile(rf"[{_TERMINAL_CHARS}]$")
# A related article's teaser, cut short by the list: "(TBKTSG Online) - Việc các doanh nghiệp … từ đầu năm ..."
_TEASER_END = re.compile(r"\w[.,]?\s*(?:\.\.\.|…)$")  # "… thành...", "… đến nay. ..."
# A related article's teaser outside a related section: the outlet's tag in front ("(TBKTSG Online) - …"), cut
# short ("… đã sản xuất thành..."), well after the lead (which is the only paragraph an outlet tags).
_TAGGED = re.compile(r"^\(?\s*[A-ZĐ][\w&.+]{1,12}(?:\s+Online)?\s*\)?\s*[-–—]\s+\S")
# Sentences that are the site speaking, not the article: copyright and reuse notices, the outside-link
# disclaimer, broadcast and app advertising ("… là đơn vị phát sóng trực tiếp …", "Xem … tại https://…",
# "Cập nhật … tại: https://www.facebook.com/…").
_SITE_SENTENCE = re.compile(
    r"(?:giữ\s+bản\s+quyền|bản\s+quyền\s+thuộc\s+về|không\s+(?:được\s+)?sử\s+dụng\s+lại\s+nội\s+dung|cấm\s+sao\s+chép"
    r"|ghi\s+rõ\s+nguồn\b.{0,40}\bphát\s+hành\s+lại|trang\s+ngoài\s+sẽ\s+được\s+mở|chịu\s+trách\s+nhiệm\s+(?:về\s+)?nội\s+dung\s+trang\s+ngoài"
    r"|là\s+đơn\s+vị\s+(?:sở\s+hữu\s+bản\s+quyền\s+)?phát\s+sóng\s+(?:trực\s+tiếp|độc\s+quyền))"
    ,
    re.I,
)
_SITE_AD = re.compile(r"(?:xem|theo\s+dõi|đăng\s+ký|tải|cập\s+nhật|truy\s+cập|ghé\s+thăm)\b(?:[^.!?]|\.(?=\S)){0,120}\btại\s*:?\s*(?:https?://|www\.)\S+", re.I)
# Reader prompts glued into running text, where no sentence boundary sets them apart ("Văn Bình >> Bài viết
# không nhất thiết trùng với quan điểm VnExpress.net. Gửi bài tại đây ."): the prompt alone goes.
_PROMPT_INLINE = re.compile(
    r"(?<!\w)(?:(?:Mời\s+(?:bạn|các\s+bạn|quý\s+vị)\s+)?(?:Gửi|Chia\s+sẻ)\s[^.!?]{0,80}?\btại\s+đây"
    r"|Bài\s+viết\s+(?:không\s+nhất\s+thiết|thể\s+hiện)\b[^.!?]{0,60}?quan\s+điểm\b[^!?]{0,40}?(?=\.(?:\s|$)))\s*[.!]?"
)
# Plain substring tests: a case-blind regex over every paragraph would cost more than the rule itself.
_SITE_CUES = ("bản quyền", "Bản quyền", "BẢN QUYỀN", "sử dụng lại", "sao chép", "nguồn", "trang ngoài", "Trang ngoài",
              "phát sóng", "http", "www.")


def _is_share_counter(text: str) -> bool:
    """'Chia sẻ 12 Bình luận 3', 'Facebook Twitter Zalo', '1.234 lượt xem': share words, numbers, separators."""
    if len(text) > 120 or _NOT_SHARE.search(text) or not _SHARE_WORDS.search(text):
        return False
    rest = _SHARE_WORDS.sub(" ", text)
    rest = re.sub(r"[\d.,:()\[\]|/·•\-–—+]+", " ", rest)
    return not rest.strip()


def _is_headline_like(text: str) -> bool:
    return not _terminal(text.strip()) and len(text.split()) <= 30


# What _TERMINAL and _TEASER_END find, read from the text's end: a search for "…$" tries every position.
def _terminal(text: str) -> bool:
    """``_TERMINAL.search(text)``: ``$`` is the end or a newline that ends the text."""
    last = text[-2:-1] if text.endswith("\n") else text[-1:]
    return last != "" and last in _TERMINAL_CHARS


def _teaser_end(text: str) -> bool:
    """``_TEASER_END.search(text)``, asked only of a text that ends in an ellipsis."""
    return text.rstrip("\n").endswith(("...", "…")) and _TEASER_END.search(text) is not None


def rule_chrome(d: Draft, ctx: Context) -> None:
    """Share buttons, section headers and the related links under them, keyword lists, bracketed links."""
    text = d.text.strip()
    short = len(text) <= 200
    if short and _SECTION_HEADERS.match(text):
        ctx.in_related_section = True
        d.drop("chrome.section")
    elif _CHROME_PREFIX.match(text) and (re.match(r"(?i)(từ|tag|key|chủ)", text) or not reads_as_prose(text)):
        d.drop("chrome.related" if not re.match(r"(?i)(từ|tag|key|chủ)", text) else "chrome.tags")
    elif len(text) <= 200 and _PROMPT.match(text):
        d.drop("chrome.prompt")
    elif len(text) <= 80 and is_dateline(text):
        d.drop("chrome.dateline")
    elif text.startswith("[") and _BRACKETED_LINK.match(text) and len(text.split()) >= 3:
        d.drop("chrome.related")
    elif len(text) <= 60 and (_AD_OR_WIDGET.match(text) or _PAGINATION.match(text)):
        d.drop("chrome.widget")
    elif _LINK_ONLY.match(text):
        d.drop("chrome.link")
    elif short and any(mark in text for mark in ">»›|") and _BREADCRUMB.match(text) and not _terminal(text):
        d.drop("chrome.breadcrumb")
    elif short and (_is_share_counter(text) or _FOLLOW_US.match(text) or _COPYRIGHT.match(text) or _MASTHEAD.match(text)):
        d.drop("chrome.share")
    elif ctx.in_related_section and (_is_headline_like(text) or (len(text) <= 400 and (_teaser_end(text) or not _terminal(text)))):
        d.drop("chrome.related")
    elif ctx.index >= 3 and len(text) <= 400 and _teaser_end(text) and _TAGGED.match(text):
        d.drop("chrome.related")
    else:
        ctx.in_related_section = False
        remove_related_inline(d)


_RELATED_CUES = re.compile(r">>|»|►|▶|thêm|THÊM|liên quan|LIÊN QUAN|Nên đọc|Bấm xem|ĐỌC|Mời")
# What every match of _RELATED_MARK holds, each branch opening with a fixed character (the regex engine skips
# to those): searched once in the paragraph, it spares the common paragraph the slower pattern. _LINK is what
# every match of _SITE_AD holds: without it or a site phrase, no sentence is read.
_RELATED_PROMPT = re.compile(
    r">>|»|►|▶|Xem\s+(?:thêm|THÊM)|XEM\s+(?:thêm|THÊM)|Đọc\s+(?:thêm|THÊM)|ĐỌC\s+(?:thêm|THÊM|NGAY)|Tin\s+(?:liên|LIÊN)"
    r"|TIN\s+(?:liên|LIÊN)|Bài\s+(?:liên|LIÊN)|BÀI\s+(?:liên|LIÊN)|Nên\s+đọc|Bấm\s+xem|Mời\s"
)
_LINK = re.compile(r"https?://|www\.", re.I)


# "Tin liên quan" heading a list of headlines that runs to the end of the text, glued after the closing byline.
_RELATED_HEADING = re.compile(r"(?:Tin|Bài|TIN|BÀI)\s+(?:liên\s+quan|LIÊN\s+QUAN)")


def _list_to_the_end(text: str, mark: re.Match, end: int) -> int | None:
    """``end`` (the text's end, less trailing space), when ``mark`` heads a list of related headlines that runs
    to it; else None. The sizes are asked before the rest is copied: a paragraph of a thousand prompts copied its
    tail once for each."""
    if not _RELATED_HEADING.search(mark.group()) or end - mark.start() > 600 + len(mark.group()):
        return None
    return end if headline_list(text[mark.start():end]) else None


def remove_related_inline(d: Draft) -> None:
    """Related-article prompts and headlines glued between sentences go; the sentences around them stay."""
    if "tại đây" in d.text or "quan điểm" in d.text:
        d.replace_many([(m.start(), m.end(), "") for m in _PROMPT_INLINE.finditer(d.text)], "chrome.prompt")
    spans = []
    text_end = len(d.text.rstrip())
    for m in _RELATED_MARK.finditer(d.text) if _RELATED_CUES.search(d.text) and _RELATED_PROMPT.search(d.text) else ():
        end = _list_to_the_end(d.text, m, text_end) or headline_end(d.text, m.end())
        if end is not None and end > m.end() and not (spans and m.start() < spans[-1][1]):
            spans.append((m.start(), end, " " if 0 < m.start() and end < len(d.text) else ""))
    if "[" in d.text:
        related = Removed([(a, b) for a, b, _ in spans])
        spans += [(m.start(), m.end(), " ") for m in _BRACKETED_INLINE.finditer(d.text)
                  if not related.within(m.start(), m.start() + 1)]
    d.replace_many(spans, "chrome.related")
    if any(cue in d.text for cue in _SITE_CUES) and (_LINK.search(d.text) or _SITE_SENTENCE.search(d.text)):
        site = []
        for a, b in split_sentences(d.text):
            if b - a > 400:
                continue
            ad = _SITE_AD.match(d.text, a, b)
            if ad or _SITE_SENTENCE.search(d.text, a, b):  # an ad goes up to its link: a byline may follow
                site.append((a, ad.end() if ad else b, ""))
        d.replace_many(site, "chrome.site")
    if "tại đây" in d.text or "đón đọc" in d.text or "quan điểm" in d.text:
        prompts = [(a, b, "") for a, b in split_sentences(d.text) if b - a <= 200 and _PROMPT.match(d.text[a:b])]
        d.replace_many(prompts, "chrome.prompt")


def is_dateline(text: str) -> bool:
    """A page's own date and time line ("Thứ Hai, 24/12/2012, 03:04 AM (GMT+7)"), left among the paragraphs."""
    from ..read import parse_dateline

    return parse_dateline(text) is not None
