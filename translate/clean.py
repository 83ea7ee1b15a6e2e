"""Junk removal and placeholder repair, one small named rule at a time.

Each rule looks at one paragraph (a :class:`Draft`) and either drops it whole (it is site chrome, leaked code,
a caption…) or edits spans of it. Every change is recorded as an :class:`~translate.article.Edit` against the
paragraph's raw text: that record is the cleaner's explanation, and the diff view and the report read it.

Rules are deliberately narrow. A paragraph is only dropped when the whole of it matches a junk pattern; content
sentences with digits, brackets, quotes, slashes or the word "ảnh" in normal use pass untouched.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from . import dates
from .article import Article, Edit, Flag, Paragraph
from .segment import split_sentences


@dataclass(frozen=True)
class CleanConfig:
    """Options of the cleaning stage; the CLI builds one, the library takes it."""

    marker: str = "[?]"  # written where a lost number cannot be repaired


class Draft:
    """A paragraph being edited, remembering where each character came from in the raw text."""

    def __init__(self, raw: str):
        self.raw = raw
        self.text = raw
        self._origin = list(range(len(raw)))
        self.edits: list[Edit] = []

    def raw_index(self, i: int) -> int:
        """Where the character now at ``i`` stood in the raw text (inserted characters: the next original one)."""
        while i < len(self._origin) and self._origin[i] < 0:
            i += 1
        return self._origin[i] if i < len(self._origin) else len(self.raw)

    def replace(self, start: int, end: int, replacement: str, rule: str, record: bool = True) -> None:
        if start == end and not replacement:
            return
        if record:
            raw_start = self.raw_index(start)
            raw_end = max(raw_start, self.raw_index(end - 1) + 1) if end > start else raw_start
            self.edits.append(Edit(rule, raw_start, raw_end, self.text[start:end], replacement))
        self.text = self.text[:start] + replacement + self.text[end:]
        self._origin = self._origin[:start] + [-1] * len(replacement) + self._origin[end:]

    def replace_many(self, spans: list[tuple[int, int, str]], rule: str, record: bool = True) -> None:
        for start, end, replacement in sorted(spans, reverse=True):
            self.replace(start, end, replacement, rule, record)

    def drop(self, rule: str) -> None:
        """Remove the whole remaining text."""
        self.replace(0, len(self.text), "", rule)


@dataclass
class Context:
    """What rules may know beyond the paragraph itself."""

    title: str | None
    index: int
    count: int
    in_related_section: bool = False
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)


# --- markup and code ---------------------------------------------------------------------------------------

_SCRIPT_ELEMENT = re.compile(r"<(script|style|noscript|iframe)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"</?[a-zA-Z][\w:-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.S)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")


def rule_markup(d: Draft, ctx: Context) -> None:
    """HTML that leaked into text: scripts and styles go with their content, other tags leave their text."""
    if "<" not in d.text and "&" not in d.text:
        return
    d.replace_many([(m.start(), m.end(), "") for m in _SCRIPT_ELEMENT.finditer(d.text)], "markup.script")
    d.replace_many([(m.start(), m.end(), " ") for m in _TAG.finditer(d.text)], "markup.tag")
    spans = []
    for m in _ENTITY.finditer(d.text):
        value = html.unescape(m.group())
        if value != m.group():
            spans.append((m.start(), m.end(), " " if value == "\xa0" else value))
    d.replace_many(spans, "markup.entity")


def _css_block_end(text: str, open_at: int) -> int | None:
    """Index after the brace that closes the one at ``open_at`` (nested blocks allowed), or None."""
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return None


_PRELUDE_STOP = re.compile(r"[}\];]|\*/|[.!?…][\"”’)]?\s")  # CSS selectors never hold a full stop before a space
_CODE_BODY = re.compile(r"^\s*$|[:;(=]")


def code_spans(text: str) -> list[tuple[int, int]]:
    """Spans of CSS/JS: brace blocks whose body looks like declarations or statements, with the selector or
    call in front of them (machine-translated selectors included) and the ``);`` behind them."""
    spans: list[tuple[int, int]] = []
    i = 0
    while (open_at := text.find("{", i)) >= 0:
        close = _css_block_end(text, open_at)
        if close is None:
            break
        body = text[open_at + 1 : close - 1]
        if not _CODE_BODY.search(body):
            i = open_at + 1
            continue
        floor = spans[-1][1] if spans else 0
        window_start = max(floor, open_at - 200)
        stops = list(_PRELUDE_STOP.finditer(text, window_start, open_at))
        start = stops[-1].end() if stops else window_start
        while start < open_at and text[start].isspace():
            start += 1
        end = close
        while end < len(text) and text[end] in ");, \t":
            end += 1
        if spans and start <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        i = close
    return spans


_CODE_CHARS = set("{}();=<>|&[]$")
_JS_STATEMENT = re.compile(
    r"^\s*(?:var|let|const|function|window\.|document\.|\(function|\$\(|jQuery|googletag|\(adsbygoogle|if\s*\()", re.I
)


def rule_code(d: Draft, ctx: Context) -> None:
    """Leaked CSS/JS: a paragraph that is mostly code goes; code glued to a sentence is cut off it."""
    text = d.text
    if "{" not in text and not _JS_STATEMENT.match(text):
        return  # the common case: prose
    if _JS_STATEMENT.match(text):
        code_density = sum(c in _CODE_CHARS for c in text) / max(1, len(text))
        if code_density > 0.04 and (";" in text or "{" in text):
            d.drop("code")
            return
    spans = code_spans(text)
    if spans:
        covered = sum(b - a for a, b in spans)
        rest = text[: spans[0][0]] + " ".join(text[b:a] for (_, b), (a, _) in zip(spans, spans[1:])) + text[spans[-1][1] :]
        if covered > 0.6 * len(text) or len(rest.split()) < 4:
            d.drop("code")
        else:
            d.replace_many([(a, b, " ") for a, b in spans], "code")


# --- site chrome --------------------------------------------------------------------------------------------

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


# --- images, captions and credits -----------------------------------------------------------------------------

_AGENCIES = (
    r"TTXVN|VNA|Vietnam\+|VietnamPlus|VOV|VTV|TTO|TN|Reuters|AFP|AP|ANI|PTI|Bloomberg|CNN|BBC|Xinhua|Tân\s+Hoa\s+xã|"
    r"Kyodo|Yonhap|Sputnik|TASS|RIA\s+Novosti|Getty(?:\s+Images)?|EPA|VnExpress|Tuổi\s+Trẻ|Thanh\s+Niên|Dân\s+trí|"
    r"Nhân\s+Dân|Zing|Vietnamnet|Lao\s+Động|PV|CTV|Internet|Shutterstock|NYT|WSJ|Guardian"
)
_CREDIT_ITEM = rf"(?:(?:theo|nguồn)\s*:?\s*)?(?:{_AGENCIES}|[A-ZĐ][\w.+-]*(?:\s+[A-ZĐ][\w.+-]*){{0,3}})"
# A credit that is a whole paragraph: "(TTXVN/Vietnam+)", "Theo Reuters", "Nguồn: AFP", "(PV)".
_CREDIT_PARAGRAPH = re.compile(
    rf"^\(?\s*(?:(?:theo|nguồn)\s*:?\s*)?(?:{_AGENCIES})(?:\s*[/,&-]\s*(?:{_AGENCIES}|{_CREDIT_ITEM}))*\s*\)?\.?$"
    rf"|^\(\s*(?:theo|nguồn)\s*:?\s*[^()]{{2,60}}\)\.?$|^(?:theo|nguồn)\s*:?\s+(?:{_AGENCIES})\b[^.!?]{{0,40}}$",
    re.I,
)
# A credit glued to the end of a paragraph: "… xuất khẩu. (TTXVN)".
_CREDIT_TAIL = re.compile(rf"\s*\(\s*(?:(?:theo|nguồn)\s*:?\s*)?(?:{_AGENCIES})(?:\s*[/,&-]\s*[^()]{{1,30}})*\s*\)\.?\s*$", re.I)
# A photo caption: a paragraph that ends with its photo credit, or starts with "Ảnh:".
_CAPTION = re.compile(
    r"(?:^|[.!?…\"”]\s*|\s)\(?\s*(?:ảnh|nguồn\s+ảnh|photo|video)\s*(?:minh\s+họa|minh\s+hoạ)?\s*:\s*[^.!?]{1,80}\)?\s*$|^\(?\s*ảnh\s+minh\s+h(?:ọa|oạ)\s*\)?[.:]?$",
    re.I,
)
# The outlet's tag in front of a lead: "(Dân trí) - ", "TTO - ", "VOV.VN - ", "(PLO)- ".
_OUTLETS = (
    r"Dân\s+trí|TTO|NDO|PLO|NLĐO|VOV(?:\.VN)?|VTV(?:\.vn)?|VTC\s+News|VnExpress|Zing(?:News)?|VietNamNet|Vietnamnet|SGGP|ANTĐ|"
    r"CAND|QĐND|GDVN|VNA|TTXVN|Vietnam\+|VietnamPlus|Chinhphu\.vn|Baochinhphu\.vn|Kinhtedothi|Tin\s+tức|Thanh\s+Niên|"
    r"Tuổi\s+Trẻ|Lao\s+Động|Nhân\s+Dân|Tiền\s+Phong|Người\s+Lao\s+Động|Pháp\s+Luật|Báo\s+[A-ZĐ][\w]+(?:\s+[A-ZĐ][\w]+)?"
)
_OUTLET_TAG = re.compile(rf"^\(?\s*(?:{_OUTLETS})\s*\)?\s*[-–—]+\s*(?=\S)")
# A byline closing the article: two to five capitalised words, perhaps with an agency in brackets.
_BYLINE = re.compile(r"^(?:[A-ZĐ][^\W\d_]*\.?\s+){1,4}[A-ZĐ][^\W\d_]*(?:\s*\([^()]{2,30}\))?$")

# A gallery artefact: "<headline again> ảnh 1<Caption…>" (the image index glued to the caption's first letter).
_GALLERY = re.compile(r"\bảnh\s*(\d{1,2})(?=[A-ZĐÀ-Ỹ\"“(])")


def _same_words(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().casefold()  # noqa: E731
    return bool(a) and norm(a) == norm(b)


def rule_gallery(d: Draft, ctx: Context) -> None:
    """'Headline ảnh 1Caption': the repeated headline and the image index go, the caption moves to metadata."""
    m = _GALLERY.search(d.text) if "ảnh" in d.text else None
    if not m:
        return
    before = d.text[: m.start()].strip()
    caption = d.text[m.end() :].strip()
    if not before or _same_words(before, ctx.title or "") or _is_headline_like(before):
        ctx.captions.append(caption)
        d.replace(m.start(), len(d.text), "", "caption")
        d.replace(0, len(d.text), "", "gallery")
    else:
        ctx.captions.append(caption)
        d.replace(m.start(), len(d.text), "", "caption")


def rule_caption(d: Draft, ctx: Context) -> None:
    """Photo captions and credits leave the body; they are kept in the article's metadata."""
    text = d.text.strip()
    if not text:
        return
    if len(text) <= 80 and _CREDIT_PARAGRAPH.match(text):
        ctx.credits.append(text)
        d.drop("credit")
        return
    lower = text.lower()
    maybe_caption = "ảnh" in lower or "photo" in lower or "video" in lower
    if maybe_caption and len(text) <= 400 and _CAPTION.search(text) and (ctx.index > 0 or ctx.count == 1 or len(text.split()) <= 25):
        ctx.captions.append(text)
        d.drop("caption")
        return
    if ctx.index >= ctx.count - 3 and ctx.count > 3 and len(text) <= 60 and _BYLINE.match(text):
        ctx.credits.append(text)
        d.drop("credit")
        return
    m = _OUTLET_TAG.match(d.text) if ctx.index < 3 else None
    if m and len(d.text[m.end():].split()) >= 3:
        ctx.credits.append(re.sub(r"\s*[-–—]+\s*$", "", m.group()).strip())
        d.replace(0, m.end(), "", "credit")
        return
    m = _CREDIT_TAIL.search(d.text) if text.endswith((")", ").")) else None
    if m and len(re.findall(r"[^\W\d_]{2,}", d.text[: m.start()])) >= 3:
        ctx.credits.append(m.group().strip())
        d.replace(m.start(), m.end(), "", "credit")


_END_MARK = re.compile(r"(?<=[.!?…\"”)\]])\s*/\.(?=\s*$)|(?<=\S)\s*\./\.(?=\s*$)")


def rule_end_mark(d: Draft, ctx: Context) -> None:
    """The Vietnamese wire end mark './.' becomes a plain full stop."""
    m = _END_MARK.search(d.text) if d.text.rstrip().endswith("/.") else None
    if m:
        d.replace(m.start(), m.end(), "" if m.group().strip() == "/." else ".", "endmark")


# --- lost numbers -------------------------------------------------------------------------------------------

_NUMBER_PLACEHOLDER = re.compile(r"XNUMX(?:[.,/-]XNUMX)*")
_HAS_NUMBER = re.compile(r"\d|XNUMX", re.I)


def repair_placeholders(d: Draft, ctx: Context, ref, config: CleanConfig, flags: list[Flag]) -> None:
    """Dates with a lost number are repaired so they stay true; any other lost number becomes the marker."""
    original = d.text
    if not _HAS_NUMBER.search(original):
        return  # no number, so no date and no lost number

    def sentence_of(pos: int) -> str:
        for a, b in split_sentences(original):
            if a <= pos < b:
                return original[a:b]
        return original.strip()

    found = []
    for finding in dates.check_text(original, ref, config.marker):
        m = finding.mention
        flags.append(
            Flag(
                kind=finding.kind,
                original=m.text,
                cleaned=finding.repair if finding.repair is not None else m.text,
                context=sentence_of(m.start),
                suggestion=finding.suggestion,
                start=d.raw_index(m.start),
                end=d.raw_index(m.end - 1) + 1,
            )
        )
        if finding.repair is not None:
            found.append((m.start, m.end, finding.repair))
    taken = [(a, b) for a, b, _ in found]
    pos = 0
    while m := _NUMBER_PLACEHOLDER.search(original, pos):
        inside = [b for a, b in taken if a <= m.start() < b]
        if inside:
            pos = max(inside)  # part of a repaired date; look again after it
            continue
        pos = m.end()
        phrase = re.match(r"[^\s.,;:!?)]*(?:\s+[^\s.,;:!?)]+)?", original[m.start() :]).group()
        flags.append(
            Flag(
                kind="number.placeholder",
                original=phrase,
                cleaned=phrase.replace(m.group(), config.marker, 1),
                context=sentence_of(m.start()),
                suggestion="number lost; check the source",
                start=d.raw_index(m.start()),
                end=d.raw_index(m.start()) + len(phrase),
            )
        )
        found.append((m.start(), m.end(), config.marker))
    for start, end, replacement in sorted(found, reverse=True):
        d.replace(start, end, replacement, "placeholder")


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]{2,}|[ \t\u00a0]+(?=[,.;:!?)\]”])|(?<=[(\[“])[ \t]+")
_DOUBLE_COMMA = re.compile(r",\s*(?=,)")


def tidy(d: Draft) -> None:
    """Whitespace and punctuation left behind by removals (not recorded: it explains nothing)."""
    if ",," in d.text or ", ," in d.text:
        d.replace_many([(m.start(), m.end(), "") for m in _DOUBLE_COMMA.finditer(d.text)], "tidy", record=False)
    if _UNTIDY.search(d.text):
        _tidy_spaces(d)
    stripped = d.text.strip()
    if stripped != d.text:
        lead = len(d.text) - len(d.text.lstrip())
        d.replace(lead + len(stripped), len(d.text), "", "tidy", record=False)
        d.replace(0, lead, "", "tidy", record=False)
    if d.text and not re.search(r"[^\W_]", d.text):
        d.replace(0, len(d.text), "", "punctuation")  # nothing but punctuation left behind


# A cheap test that tells whether the (slower) whitespace regex has anything to do.
_UNTIDY = re.compile(r"[\t\u00a0\u2000-\u200b\u3000]|  | [,.;:!?)\]”]|[(\[“] ")


def _tidy_spaces(d: Draft) -> None:
    spans = []
    for m in _SPACES.finditer(d.text):
        before_closer = m.end() < len(d.text) and d.text[m.end()] in ",.;:!?)]”"
        after_opener = m.start() > 0 and d.text[m.start() - 1] in "([“"
        spans.append((m.start(), m.end(), "" if before_closer or after_opener else " "))
    d.replace_many(spans, "tidy", record=False)


RULES = [rule_markup, rule_code, rule_chrome, rule_gallery, rule_caption, rule_end_mark]


def _settle(d: Draft, ctx: Context) -> None:
    """Apply the rules until nothing changes: one removal can reveal junk to another rule."""
    for _ in range(4):
        before = d.text
        for rule in RULES:
            if not d.text.strip():
                break
            rule(d, ctx)
        tidy(d)
        if d.text == before:
            break


def clean_paragraph(raw: str, ctx: Context | None = None, config: CleanConfig = CleanConfig(), ref=None) -> tuple[Draft, list[Flag]]:
    """Run every rule over one paragraph; the draft holds the result and its edits."""
    ctx = ctx or Context(title=None, index=0, count=1)
    d = Draft(raw)
    flags: list[Flag] = []
    _settle(d, ctx)
    if d.text.strip():
        before = d.text
        repair_placeholders(d, ctx, ref, config, flags)
        if d.text != before:
            _settle(d, ctx)
    return d, flags


def clean_article(article: Article, config: CleanConfig = CleanConfig()) -> Article:
    """Clean every paragraph of ``article`` in place, gathering captions, credits and review flags."""
    ref = dates.parse_iso(article.date)
    ctx = Context(title=article.title, index=0, count=len(article.paragraphs))
    seen: set[str] = set()
    for i, para in enumerate(article.paragraphs):
        ctx.index = i
        repeated = i == 0 and article.title and _same_words(para.raw, article.title)
        if repeated or (len(para.raw) >= 40 and para.raw.strip() in seen):
            # The headline again, or a paragraph the scraper picked up twice (a lead or a caption block).
            d = Draft(para.raw)
            d.drop("title.repeat" if repeated else "duplicate")
            para.clean, para.edits = "", d.edits
            continue
        seen.add(para.raw.strip())
        d, flags = clean_paragraph(para.raw, ctx, config, ref)
        para.clean, para.edits = d.text, d.edits
        for flag in flags:
            flag.file, flag.paragraph, flag.line = article.file, i, para.line
            article.flags.append(flag)
    # The reader may have found some already (HTML figures); each is kept once.
    article.captions = list(dict.fromkeys(article.captions + ctx.captions))
    article.credits = list(dict.fromkeys(article.credits + ctx.credits))
    return article


def clean_text(text: str, config: CleanConfig = CleanConfig()) -> str:
    """Clean a plain-text article given as a string; paragraphs are separated by one blank line."""
    from .read import read_text_article

    article = Article(file="<text>")
    read_text_article(text, article)
    return clean_article(article, config).clean_text()
