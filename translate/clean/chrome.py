"""Site chrome: share buttons, section headers and the related links under them, widgets, breadcrumbs."""

from __future__ import annotations

import re

from .draft import Context, Draft

_SECTION_HEADERS = re.compile(
    r"^(?:tin|bài)\s+(?:cùng\s+chuyên\s+mục|liên\s+quan|khác|mới(?:\s+nhất)?|nổi\s+bật|đọc\s+nhiều|xem\s+nhiều|đề\s+xuất)"
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
_FOLLOW_US = re.compile(r"^(?:mời\s+(?:bạn|quý\s+vị)\s+)?(?:theo\s+dõi|đăng\s+ký|tải\s+ứng\s+dụng)\b.{0,80}(?:trên|tại|kênh)\b.{0,60}$", re.I)
_AD_OR_WIDGET = re.compile(
    r"^(?:quảng\s+cáo|advertisement|sponsored|tài\s+trợ|loading\.*|đang\s+tải\.*|video\s+đang\s+hot|xem\s+video|"
    r"(?:bấm|click|nhấn)\s+(?:vào\s+)?(?:đây|để\s+xem)[^.!?]{0,40}|nghe\s+(?:đọc\s+)?bài\s+(?:viết|báo)|"
    r"\(?ảnh\s*\d{1,3}(?:\s*/\s*\d{1,3})?\)?|\d{1,3}\s*/\s*\d{1,3}\s*ảnh|[\d.,:/\s]{1,12})[.:]?$",
    re.I,
)
_LINK_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
# Breadcrumbs and pagination: "Trang chủ > Thời sự > Chính trị", "Trang trước | Trang sau".
_BREADCRUMB = re.compile(r"^(?:[^.!?>»›|]{1,30}\s*[>»›|]\s*){2,}[^.!?>»›|]{1,30}$")
_PAGINATION = re.compile(r"^(?:[«‹<]\s*)?(?:trang\s+(?:trước|sau|tiếp)|tiếp\s+theo|xem\s+tiếp|bài\s+(?:trước|sau|tiếp\s+theo))(?:\s*[»›>])?$", re.I)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright|bản\s+quyền)\b", re.I)
_BRACKETED_LINK = re.compile(r"^\s*\[[^\[\]]*[^\W\d_][^\[\]]*\]\s*$")
_INLINE_SEE_ALSO = re.compile(r"\s(?:Xem\s+thêm|Đọc\s+thêm|Tin\s+liên\s+quan)\s*:.*$")
_TERMINAL = re.compile(r"[.!?…:;\"”’)]$")


def _is_share_counter(text: str) -> bool:
    """'Chia sẻ 12 Bình luận 3', 'Facebook Twitter Zalo', '1.234 lượt xem': share words, numbers, separators."""
    if len(text) > 120:
        return False
    rest = _SHARE_WORDS.sub(" ", text)
    rest = re.sub(r"[\d.,:()\[\]|/·•\-–—+]+", " ", rest)
    return bool(_SHARE_WORDS.search(text)) and not rest.strip() and len(text) <= 120


def _is_headline_like(text: str) -> bool:
    return not _TERMINAL.search(text.strip()) and len(text.split()) <= 30


def rule_chrome(d: Draft, ctx: Context) -> None:
    """Share buttons, section headers and the related links under them, keyword lists, bracketed links."""
    text = d.text.strip()
    short = len(text) <= 200
    if short and _SECTION_HEADERS.match(text):
        ctx.in_related_section = True
        d.drop("chrome.section")
    elif _CHROME_PREFIX.match(text):
        d.drop("chrome.related" if not re.match(r"(?i)(từ|tag|key|chủ)", text) else "chrome.tags")
    elif text.startswith("[") and _BRACKETED_LINK.match(text) and len(text.split()) >= 3:
        d.drop("chrome.related")
    elif len(text) <= 60 and (_AD_OR_WIDGET.match(text) or _PAGINATION.match(text)):
        d.drop("chrome.widget")
    elif _LINK_ONLY.match(text):
        d.drop("chrome.link")
    elif short and _BREADCRUMB.match(text) and not _TERMINAL.search(text):
        d.drop("chrome.breadcrumb")
    elif short and (_is_share_counter(text) or _FOLLOW_US.match(text) or _COPYRIGHT.match(text)):
        d.drop("chrome.share")
    elif ctx.in_related_section and _is_headline_like(text):
        d.drop("chrome.related")
    else:
        ctx.in_related_section = False
        m = _INLINE_SEE_ALSO.search(d.text) if "thêm" in d.text or "liên quan" in d.text else None
        if m:
            d.replace(m.start(), m.end(), "", "chrome.related")
