"""Images, captions and credits: they leave the body and are kept in the article's metadata."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import islice

from .chrome import _is_headline_like
from ..segment import split_sentences
from .draft import Context, Draft
from .safety import Removed, tied_to_text
from .spans import SENTENCE_STARTERS, UPPER, before_a_name, last_sentence_start, name_end

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
# Outlets also sign with short names ("TT - ", "GD&TĐ - "); any acronym in brackets is one ("(TNO) ", "(TBKTSG
# Online) - "), but a bare acronym and a dash may be an explanation ("WHO - Tổ chức Y tế…"), so only known ones.
_SHORT_OUTLETS = r"TT|TN|TNO|ĐS&PL|GD&TĐ|GD&XH|TBKTSG|DNSG|KTĐT|HNM|BNEWS|VTC|VOH|HTV|ĐĐK|NĐT|TTVH|PNO|VNE"
_ACRONYM = r"[A-ZĐ][A-ZĐ&.+]{1,9}(?:\s+Online)?"
_OUTLET_TAG = re.compile(
    rf"^\(?\s*(?:{_OUTLETS}|{_SHORT_OUTLETS})\s*\)?\s*[-–—]+\s*(?=\S)"
    rf"|^\(\s*{_ACRONYM}\s*\)\s*(?:[-–—]+\s*)?(?=[{UPPER}])"
)
# A byline closing the article: two to five capitalised words, perhaps with an agency in brackets.
_BYLINE = re.compile(r"^(?:[A-ZĐ][^\W\d_]*\.?\s+){1,4}[A-ZĐ][^\W\d_]*(?:\s*\([^()]{2,30}\))?$")

# A gallery artefact: "<headline again> ảnh 1<Caption…>" (the image index glued to the caption's first letter).
# (Written "ảnh" first, then the word boundary before it, so that the engine skips straight to each "ảnh".)
_GALLERY = re.compile(rf"ảnh(?<!\wảnh)\s*(\d{{1,2}})(?=[{UPPER}\"“(])")


def norm_words(text: str) -> str:
    """The words of ``text``, case-folded, punctuation gone: for telling a repeat of the headline or a caption."""
    return re.sub(r"\W+", " ", text).strip().casefold()


_FIRST_WORD = re.compile(r"\w+")


def _same_words(a: str, b: str) -> bool:
    if not a:
        return False
    first_a, first_b = (_FIRST_WORD.search(x) for x in (a, b))
    if (first_a and first_a.group().casefold()) != (first_b and first_b.group().casefold()):
        return False  # told by the first words: a long paragraph is not read whole
    return norm_words(a) == norm_words(b)


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


# A source line anywhere in the text (a page's footer may follow it): "Theo Minh Nguyễn/Vcamp.vn",
# "Nguồn: Hà An/Zing": a name, a slash and a site or an agency, nothing else.
_SOURCE_LINE = re.compile(
    rf"^(?:theo|nguồn)\s*:?\s+[{UPPER}][^.!?,;:()/]{{1,50}}/\s*(?:[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|info|tv)|{_AGENCIES})\.?$",
    re.I,
)


def _doubled_byline(text: str) -> str | None:
    """The byline when a paragraph is one byline picked up twice ("Xuân Bình - Đăng Hiếu Xuân Bình - Đăng Hiếu")."""
    if len(text) > 120:
        return None
    words = text.split()
    if not words or len(words) % 2 or words[0] != words[len(words) // 2]:
        return None
    half = " ".join(words[: len(words) // 2])
    if half != " ".join(words[len(words) // 2 :]):
        return None
    return half if all(w[0].isupper() or w in "-–/&" for w in half.split()) and _is_byline(half) else None


def _move_to_captions(d: Draft, ctx: Context, spans: list[tuple[int, int]]) -> None:
    """Glued-in captions at ``spans`` of the text go to the article's captions; a space keeps the words around
    each apart."""
    text = d.text
    ctx.captions.extend(text[a:b].strip() for a, b in spans)
    d.replace_many([(a, b, " " if 0 < a and b < len(text) and not text[b].isspace() else "") for a, b in spans], "caption")


_PHOTO_COLON = re.compile(r"(?:ảnh|photo|video)\s*:")


def rule_caption(d: Draft, ctx: Context) -> None:
    """Photo captions and credits leave the body; they are kept in the article's metadata."""
    text = d.text.strip()
    if not text:
        return
    doubled = _doubled_byline(text)
    if doubled:
        ctx.credits.append(doubled)
        d.drop("credit")
        return
    if len(text) <= 80 and (_CREDIT_PARAGRAPH.match(text) or _SOURCE_LINE.match(text)):
        ctx.credits.append(text)
        d.drop("credit")
        return
    m = None
    if len(text.split(None, 40)) <= 40:  # forty words at most (the words past the 41st are not counted)
        lower = text.lower()
        maybe_caption = "ảnh" in lower or "photo" in lower or "video" in lower
        if maybe_caption and len(_PHOTO_COLON.findall(lower)) <= 1:
            m = _CAPTION.search(text)
    if m and _runs_on(text[m.start():]):
        m = None  # the credit's name runs into a sentence that lost its stop: only the inline credit rule may cut
    if m and len(split_sentences(text[: m.start() + 1])) <= 1 and (ctx.index > 0 or ctx.count == 1 or len(text.split()) <= 25):
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


def _runs_on(credit: str) -> bool:
    """Whether a paragraph's closing credit goes on past a name into words ("Ảnh: Minh Khang Nhưng đội khách
    vẫn …"); a credit is a few words ("Ảnh: Báo sức khỏe đời sống", "Ảnh minh họa: Internet")."""
    words = credit.partition(":")[2].split()
    return len(words) > 6 and sum(w[0].islower() for w in words) >= 2


_END_MARK = re.compile(r"(?<=[.!?…\"”)\]])\s*/\.(?=\s*$)|(?<=\S)\s*\./\.(?=\s*$)")


def rule_end_mark(d: Draft, ctx: Context) -> None:
    """The Vietnamese wire end mark './.' becomes a plain full stop."""
    m = _END_MARK.search(d.text) if d.text.rstrip().endswith("/.") else None
    if m:
        d.replace(m.start(), m.end(), "" if m.group().strip() == "/." else ".", "endmark")


# --- captions and credits glued into running text ------------------------------------------------------------

# "… tối 26/12. Ảnh: Hiếu Lương Đây là …", "… Võ Văn Kiệt - Ảnh: Linh Hoàng Tiếp theo…", "(Ảnh: X/TTXVN)",
# "Ảnh chụp màn hình Cũng trong…": a photo credit, and the caption sentence right before it.
_CREDIT_WORD = re.compile(r"(?P<word>Ảnh|ẢNH|Hình|Nguồn\s+ảnh|Nguồn|Video|Clip|Đồ\s+họa|Đồ\s+hoạ|Photo)(?P<colon>\s*:\s*|\s+)")
# How the credit hangs on the text before it: "(Ảnh:", " - Ảnh:", "… đây. Ảnh:", or straight after a word.
# After a colon ("… như sau: Ảnh: Dinh dưỡng. 100gr đạm, …") the credit closes a list's introduction, which is no
# caption: only the credit goes.
_ATTACH = re.compile(r"(?:(?P<paren>\(\s*)|(?P<dash>\s[-–—]\s*)|(?<=[.!?…\"”)])(?P<after>\s*)|(?<=:)(?P<colon>\s+)|(?<=\w)(?P<mid>\s+))$")


@dataclass
class _Mark:
    """A photo-credit word found in running text, with how it hangs on what comes before."""

    start: int  # where the credit and its attachment begin
    end: int  # after the credit word and its colon
    attach: str  # "paren", "dash", "after" (a sentence's end or the paragraph's start) or "mid"
    word: str
    colon: bool


def _credit_marks(text: str) -> list[_Mark]:
    marks = []
    for m in _CREDIT_WORD.finditer(text):
        before = _ATTACH.search(text, max(0, m.start() - 8), m.start()) if m.start() else None
        if m.start() and not before:
            continue  # glued to a word: "…xẢnh"
        attach = before.lastgroup if before else "after"
        start = before.start() if before else 0
        marks.append(_Mark(start, m.end(), attach, m["word"], bool(m["colon"].strip())))
    return marks


_CREDIT_PHRASE = re.compile(
    r"(?:chụp\s+(?:màn\s+hình|từ\s+clip|từ\s+video)|cắt\s+từ\s+(?:clip|video)|minh\s+h[oọ][aạ]|tư\s+liệu|internet|nguồn\s+internet|st)"
    r"(?:\s*[:.]\s*(?=[A-ZĐ]|$))?",
    re.I,
)
_SHORT_CREDIT = re.compile(rf"(?:\S+\s+){{0,5}}?\S+\.(?=\s+[\"“(]?[{UPPER}0-9]|\s*$)")
_SENTENCE_BOUNDARY = re.compile(rf"[.!?…][\"”’)]*\s+(?=[\"“(]?[{UPPER}0-9])")


def _one_name(words: list[str]) -> bool:
    """"Báo sức khỏe đời sống." or "Lâm Thỏa." is one name; "Hiếu Lương Giá dầu tăng." is a name and a sentence."""
    caps = [w[0].isupper() for w in words]
    return all(caps) or (caps[0] and not any(caps[1:]))


def _credit_end(text: str, m: _Mark) -> int | None:
    """Where the credit that ``m`` opens ends, or None when it is no credit."""
    start = m.end
    if m.attach == "paren":
        close = text.find(")", start, start + 80)
        return close + 1 if close > 0 else None
    phrase = _CREDIT_PHRASE.match(text, start)
    if phrase:
        return phrase.end()
    colon = m.colon
    if not colon and (m.word not in ("Ảnh", "ẢNH") or m.attach == "mid"):
        return None  # "Video", "Hình", "Nguồn" open ordinary sentences without a colon; so does "Ảnh" mid-sentence
    rest = text[start : start + 120].strip()
    if colon and start + 120 >= len(text) and len(rest.split()) <= 6 and not re.search(r"[.!?…]", rest):
        return len(text.rstrip())  # "Nguồn: Bộ Tài chính" closing the paragraph
    if colon:  # "Ảnh: Báo sức khỏe đời sống." — a short credit that ends with its own full stop
        short = _SHORT_CREDIT.match(text, start)
        words = short.group().split() if short and short.group()[-2:-1].isalpha() else None
        if words and _one_name(words) and not any(w.casefold() in SENTENCE_STARTERS and w[0].isupper() for w in words[1:]):
            return short.end()
    if text[start:start + 4].casefold() == "báo ":  # "Ảnh báo Bình Thuận"
        start += 4
    end = name_end(text, start)
    return end if end > start else None


def _caption_before(text: str, at: int) -> int:
    """Start of the caption that ends at ``at`` (the sentence before the credit), or ``at`` when none."""
    if at == 0:
        return 0
    offset = max(0, at - 320)  # a caption is short (40 words at most): the text just before the credit is enough
    end = at
    while end > offset and text[end - 1].isspace():
        end -= 1
    return last_sentence_start(text, offset, end)


_STOCK = re.compile(r"\s*(?:minh\s+h|tư\s+liệu)", re.I)
_CREDIT_CUES = re.compile(r"Ảnh|ẢNH|Video|Nguồn|Hình|Clip|Photo|Đồ h")


def _removed_just_before(d: Draft, at: int) -> bool:
    """Whether another rule removed text right before ``at``: then the sentence before is not this photo's."""
    if at == 0:
        return False
    before = d.raw_index(at - 1) if d.text[at - 1].strip() else d.raw_index(max(0, len(d.text[:at].rstrip()) - 1))
    gap = d.raw[before + 1 : d.raw_index(at)]
    return any(ch.isalnum() for ch in gap)


def _glued_start(text: str, start: int, end: int) -> int:
    """Where the caption in ``text[start:end]`` starts when the sentence before it lost its stop and reads as
    prose ("Nhưng các cơ hội … không mấy nguy hiểm Cầu thủ HAGL liên tục vây hãm …. Ảnh: …"): at the last
    capitalised sentence opener between lower-case words (a name's words are all capitalised); ``start`` when
    there is none."""
    words = list(_WORDS.finditer(text, start, end))
    for k in range(len(words) - 2, 0, -1):
        word, prev, nxt = words[k].group(), words[k - 1].group(), words[k + 1].group()
        if (word[0].isupper() and word.casefold() in SENTENCE_STARTERS and prev[0].islower() and prev[-1].isalpha()
                and nxt[0].islower() and not before_a_name(words, k - 1)):
            return words[k].start()
    return start


def _source_note(text: str, ctx: Context, m: _Mark, end: int) -> bool:
    """A "Nguồn: …" that closes the article names the article's source, not a photo's: the sentence before it is
    the article's last ("… đấu với Australia. (Nguồn: Deportes Total)"); "Nguồn ảnh" credits a photo."""
    return m.word == "Nguồn" and ctx.index >= ctx.count - 1 and not text[end:].strip(" .)")


# A caption that says who stands where in the picture ("(trái)", "(thứ hai từ phải sang)") or closes with the moment
# the photo was taken ("…, trên sân Thống Nhất tối 15/2.") is a caption at more length than the 40 words a plain
# sentence before a credit may have: a match photo's caption tells the players, the match and the date.
_PICTURED_MAX = 45  # words: more is judged prose by the review check (safety._moved_prose)
_WHEN_TAKEN = r"(?:sáng|trưa|chiều|tối|đêm|ngày|hôm)\s+\d{1,2}/\d{1,2}(?:/\d{4})?"  # "tối 15/2": a photo's moment
_PHOTO_MOMENT = re.compile(_WHEN_TAKEN + r"\W*$")


def _pictured(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` bears a picture's marks; a label with a colon ("* Ghi bàn: …", a match's
    scorers run into the caption) makes it more than a caption."""
    caption = text[start:end].rstrip(" -–—(")
    return ":" not in caption and bool(_POSITION.search(caption) or _PHOTO_MOMENT.search(caption))


def rule_inline_credit(d: Draft, ctx: Context) -> None:
    """Photo credits glued into running text leave it, with the caption sentence they close. In a photo story
    (captions are most of the text) the captions are the article: only the credits go."""
    if not _CREDIT_CUES.search(d.text):
        return
    found = []  # (caption start, credit start, credit end)
    for m in _credit_marks(d.text):
        if found and m.start < found[-1][2]:
            continue  # inside the credit before it
        end = _credit_end(d.text, m)
        if end is None:
            continue
        while end < len(d.text) and d.text[end] in ").":
            end += 1
        stock = _STOCK.match(d.text, m.end, end)  # an illustration has no caption
        no_caption = stock or m.attach == "colon" or _removed_just_before(d, m.start) or _source_note(d.text, ctx, m, end)
        caption_start = m.start if no_caption else _caption_before(d.text, m.start)
        words = len(d.text[caption_start:m.start].split())
        # The lead paragraph's first sentence is the lead, whatever follows it; an article that is one
        # paragraph (a crawl's content on one line, which leaves the lead out) opens with its photo's caption.
        lead = caption_start == 0 and ctx.index == 0 and ctx.count > 1 and end < len(d.text) - 1
        longest = _PICTURED_MAX if 40 < words <= _PICTURED_MAX and _pictured(d.text, caption_start, m.start) else 40
        if words > longest or lead:
            caption_start = m.start  # too long for a caption, or the lead itself: keep it
        if found and caption_start < found[-1][2]:
            caption_start = max(found[-1][2], caption_start)
        if caption_start < m.start and tied_to_text(d.text[caption_start:m.start]):
            caption_start = _glued_start(d.text, caption_start, m.start)
        found.append((caption_start, m.start, end))
    caption_words = sum(len(d.text[a:b].split()) for a, b, _ in found)
    photo_story = len(found) >= 3 and caption_words > 0.4 * len(d.text.split())
    spans = []
    for caption_start, start, end in found:
        credit = d.text[start:end].strip(" -–—()")
        caption = d.text[caption_start:start].strip(" -–—")
        if caption and not photo_story:
            ctx.captions.append(caption)
            spans.append((caption_start, start, "", "caption"))
        if credit:
            ctx.credits.append(credit)
        between = 0 < start and end < len(d.text) and not d.text[end].isspace()  # else a space is already there
        spans.append((start, end, " " if between else "", "credit"))
    d.replace_many(spans, "credit")


# A closing byline after the last sentence: "… knock-out. Hoàng An", "… ./. Tố Uyên/VOV.VN",
# "Theo Vnexpress", "Thành Đạt - Thể thao Việt Nam | 04:25 25/05/2017", "NGUYỄN CÔNG KHẾ".
_BYLINE_PREFIX = re.compile(r"^(?:(?:bài|tin|ảnh|video)(?:\s*(?:,|và)\s*(?:ảnh|bài|video))?|theo|nguồn|thực\s+hiện)\s*:\s*", re.I)
_BYLINE_WORDS = frozenset("theo nguồn bài và ảnh tin tổng hợp từ lược dịch biên soạn nhóm pv ctv".split())
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|info|tv)", re.I)
_STAMP = re.compile(r"\|?\s*\d{1,2}[:h]\d{2}\s+(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _is_byline(text: str) -> bool:
    """Names, agencies and sources: each part between "-", "/" or "|" opens with a capital and has few words."""
    text = _BYLINE_PREFIX.sub("", _STAMP.sub("", text).strip(" -|."))
    if not text or len(text.split()) > 10 or re.search(r"[!?…:;\"“”]", text):
        return False
    parts = [p.strip(" ()") for p in re.split(r"\s*[-/|,&]\s*|\s+và\s+", text) if p.strip(" ()")]
    for part in parts:
        words = [w for w in part.split() if w.casefold().strip(".()") not in _BYLINE_WORDS]
        if words and _DOMAIN.fullmatch(words[0]):  # a source named by its site: "Theo giaoducthoidai.vn"
            words[0] = words[0].capitalize()
        if not words or not (words[0][0].isupper() or words[0].isupper()) or len(words) > 5:
            return False
        if sum(w[0].islower() for w in words) > 1:
            return False
    return len(text.split()) >= 2 or "/" in text


def _last_boundary_end(text: str) -> int:
    """Where the last sentence boundary ends (0 when there is none), read from near the end: a boundary holds
    one stop and no other, so the boundaries found from any point are the ones a search from the start finds
    past that point."""
    for start in (max(0, len(text) - 500), 0):
        last = None
        for last in _SENTENCE_BOUNDARY.finditer(text, start):
            pass
        if last is not None or start == 0:
            return last.end() if last is not None else 0
    return 0


def rule_closing_byline(d: Draft, ctx: Context) -> None:
    """The writer's name, the source or the agency after the article's last sentence goes to the credits."""
    if ctx.index < ctx.count - 2 or any(e.rule == "byline" for e in d.edits):
        return
    start = _last_boundary_end(d.text)
    tail = d.text[start:].strip()
    if not tail or (start == 0 and ctx.count <= 1) or not _is_byline(tail):
        return
    stamp = _STAMP.search(tail)
    if stamp and ctx.stamp is None:
        ctx.stamp = f"{stamp[3]}-{int(stamp[2]):02d}-{int(stamp[1]):02d}"
    ctx.credits.append(tail)
    d.replace(start, len(d.text), "", "byline")


# The editor's note on where the article comes from, closing it: "Bài trao đổi được biên tập từ tham luận của TS
# … tại hội thảo …", "Bài viết được dịch từ …", "Nội dung được tổng hợp từ …": a source, like "Theo …".
# "Nội dung"/"Tin" open ordinary sentences too ("Nội dung trích từ báo cáo … cho thấy …"): they need "được", the
# editor's passive; and a note that goes on to report something ("cho thấy", "nên") is a sentence, not a note.
_SOURCE_NOTE = re.compile(
    r"(?:Bài(?:\s+viết|\s+trao\s+đổi|\s+báo)?\s+(?:này\s+)?(?:được\s+)?|(?:Nội\s+dung|Tin)\s+(?:này\s+)?được\s+)"
    r"(?:biên\s+tập|trích|lược\s+dịch|dịch|tổng\s+hợp|lược\s+trích|tham\s+khảo|viết)(?:\s+lại)?\s+(?:từ|theo)\s"
)
_REPORTS = re.compile(r"\b(?:cho\s+thấy|cho\s+biết|khẳng\s+định|nhấn\s+mạnh|nên|vì\s+vậy|do\s+đó)\b", re.I)


def rule_source_note(d: Draft, ctx: Context) -> None:
    """The editor's note that closes the article and names its source goes to the credits."""
    if ctx.index < ctx.count - 2:
        return
    end = len(d.text.rstrip())
    lo = max(0, end - 300)
    m = _SOURCE_NOTE.search(d.text, lo)  # the note is the last sentence: only its stretch is read
    if m and last_sentence_start(d.text, lo, end) == m.start() and not _REPORTS.search(d.text, m.end(), end):
        ctx.credits.append(d.text[m.start():end].strip())
        d.replace(m.start(), len(d.text), "", "credit")


# --- captions told by their words, with no credit ------------------------------------------------------------

# A match video's caption: "Diễn biến chính trận Nam Định 4-1 SLNA."; a video's title glued before the text:
# "Video Haotian Wu (Trung Quốc) hạ đo ván Zack Shaw (Mỹ) Người Trung Quốc vốn …".
_VIDEO_CAPTION = re.compile(r"(?:^|(?<=[.!?…\"”]\s))Diễn\s+biến\s+chính\s+(?:(?:của\s+)?trận\b)?")
_VIDEO_TITLE = re.compile(rf"(?:^|(?<=[.!?…\"”]\s))Video\s+(?=[{UPPER}])")
# Words that open a sentence and are no part of a name: after a caption without a stop, one of them
# capitalised is where the text starts again ("… váy cưới của dì Đây không phải là lần đầu …").
_RESUMES = frozenset(
    """theo trong sau khi tại đây đó các những một hiện tuy nhưng với để do vì cũng còn trước lúc hôm ngoài bên
    riêng về qua nhiều nếu mặc bởi vậy điều việc cùng dù chúng tôi họ nhờ ngay thậm đặc tất người""".split()
)
_WORDS = re.compile(r"\S+")


def caption_end(text: str, start: int, glued_only: bool = False, max_words: int = 45) -> int | None:
    """End of a caption that runs from ``start``: a sentence's end, or where the text starts again with no
    stop between (a capital after a closing bracket, a quote that opens a sentence, a capitalised sentence
    opener after a word, a colon after a title). ``glued_only`` refuses a plain sentence end. None when no
    end is found within ``max_words``."""
    previous = None
    seen: list[re.Match] = []
    for k, m in enumerate(_WORDS.finditer(text, start)):
        if k > max_words:
            return None
        word = m.group()
        if previous is not None:
            prev = previous.group()
            opens = word.lstrip("\"“‘'(")
            capital = bool(opens) and opens[0].isupper()
            if capital and re.search(r"[.!?…][\"”’)]*$", prev) and not re.search(r"(?:^|\.)\w\.$", prev):
                return None if glued_only else previous.end()
            if capital and (prev.endswith(")") or (word[0] in "\"“" and prev[-1].isalpha())
                            or (prev[-1].isalpha() and word.casefold() in _RESUMES and not before_a_name(seen, k - 1))):
                return previous.end()
        if word.endswith(":") and k >= 2:
            return m.end()
        previous = m
        seen.append(m)
    return None if previous is None or glued_only else previous.end()


def rule_told_caption(d: Draft, ctx: Context) -> None:
    """Captions that say they are captions, credit or not: a match video's "Diễn biến chính trận …", a
    "Video <title>" glued before the text. (Position marks such as "(trái)" also stand in body sentences.)"""
    text = d.text
    if "Diễn biến" not in text and "Video " not in text:
        return
    spans: list[tuple[int, int]] = []
    for pattern, glued, cue in ((_VIDEO_CAPTION, False, "Diễn biến"), (_VIDEO_TITLE, True, "Video ")):
        earlier = Removed(spans)  # the first pattern's captions, which the second's must not start inside
        reach = 0  # the furthest end of this pattern's captions so far (they come in order of their starts)
        for m in pattern.finditer(text) if cue in text else ():
            end = caption_end(text, m.end(), glued_only=glued, max_words=30)
            if end is not None and m.start() >= reach and not earlier.within(m.start(), m.start() + 1):
                spans.append((m.start(), end))
                reach = max(reach, end)
    spans.sort()
    kept, reach = [], 0
    for start, end in spans:  # each caption that overlaps none before it (kept or not)
        if start >= reach:
            kept.append((start, end))
        reach = max(reach, end)
    _move_to_captions(d, ctx, kept)


# --- captions told by where people stand in the photo ----------------------------------------------------------

# "(trái)", "( phải)", "(bên trái, Trung Quốc)", "(thứ hai từ trái)", "(áo trắng)", "(màu đỏ)": who is where in
# the picture. Body sentences use them too (a photo story's text, "Rafael Struick (giữa) là tiền đạo…"), so the
# mark alone removes nothing: the sentence must also run into the next one with no stop (a crawl dump's glued
# caption) or close with the photo's date ("…, tại sân Vinh ngày 20/4/2025.").
_POSITION = re.compile(
    r"\(\s*(?:(?:bên|đứng|ngồi|hàng\s+\w+|thứ\s+\w+\s+từ)\s+)?(?:trái|phải|giữa)\b[^()]{0,30}\)"
    r"|\(\s*(?:áo|quần|mũ|màu)\s[^()]{1,25}\)"
)
_PHOTO_DATE = re.compile(r"(?:,\s*|\s)" + _WHEN_TAKEN + r"\.$")


def _position_caption_end(text: str, start: int, mark_end: int) -> int | None:
    """End of the caption that opens at ``start`` and holds the position mark ending at ``mark_end``."""
    glued = caption_end(text, start, glued_only=True, max_words=45)
    while glued is not None and glued < mark_end:  # another glued item before the mark: start after it
        start = glued
        glued = caption_end(text, start, glued_only=True, max_words=45)
    if glued is not None:
        return glued
    stop = _SENTENCE_BOUNDARY.search(text, mark_end)
    end = stop.start() + 1 if stop else len(text.rstrip())
    sentence = text[start:end]
    return end if len(sentence.split()) <= 50 and _PHOTO_DATE.search(sentence) else None


def rule_position_caption(d: Draft, ctx: Context) -> None:
    """Captions that say where people stand in the photo ("Larsa (trái)"), glued into the text or dated."""
    text = d.text
    if "(" not in text:
        return
    spans: list[tuple[int, int]] = []
    for m in _POSITION.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue
        start = last_sentence_start(text, max(0, m.start() - 320), m.start())
        if spans and start < spans[-1][1]:
            continue
        end = _position_caption_end(text, start, m.end())
        if end is not None and (start > 0 or end < len(text.rstrip()) or ctx.index > 0):
            spans.append((start, end))
    _move_to_captions(d, ctx, spans)


# --- captions glued before the next sentence, with no credit and no stop ---------------------------------------

# A crawl dump runs a photo's caption straight into the next sentence: "… cống ngăn mặn, giữ ngọt Theo ThS
# Nguyễn Hữu Thiện, …", "Con cá mập khổng lồ nặng tới gần 440kg Một người đàn ông Mỹ …". The caption is told by
# where it stops: a capitalised sentence opener straight after a word, with no stop between. The opener is
# followed by a lower-case word ("Trước đó", "Đây không"); only "Theo" may name a source ("Theo PhoneArena").
# Openers that also begin names and titles mid-sentence ("Cục Điều tra", "báo Người Lao động", "MV Người thay
# thế", "đảng Những người Cộng hòa", "Thủ Dầu Một") are left out or must follow a lower-case word.
# The body's own section headings are glued the same way ("Khốc liệt và chết chóc Những tai nạn …"): they are
# short and name no one, so a caption must name someone or something (a capitalised word after its first) or
# be longer than a heading is. A photo's caption tells a moment: words that tell the story on ("đã", "sẽ",
# "rồi", "sau đó") mark a sentence that lost its full stop. A name right after a quotation ("…”. Ông Nguyễn Văn
# Tám, Phó giám đốc Sở … Theo Sở …") signs the quote: it stays with it.
_NARRATIVE = re.compile(r"\b(?:đã|sẽ|rồi|sau\s+đó)\b", re.I)
_AFTER_QUOTE = re.compile(r"[”\"»][.!?…]?\s*$")
_GLUE_OPENERS = _RESUMES - {"điều", "người", "những"}
_GLUE_WORD = re.compile(r"\S+")
_NAMED = re.compile(r"[^\W\d_][^\W\d_]*[a-zà-ỹđ]")


def _names_someone(words: list[str]) -> bool:
    return any(w[0].isupper() and _NAMED.match(w) and not w.isupper() for w in words[1:])


def glued_caption_end(text: str, start: int, end: int, min_words: int = 4, max_words: int = 30) -> int | None:
    """End of a caption that opens the sentence ``text[start:end]`` and runs into the next sentence with no
    stop between, or None."""
    # The words past the last one looked at are never read: a sentence with no stop in 2 MB of text is read
    # up to its 33rd word, not to its end, in each pass.
    words = list(islice(_GLUE_WORD.finditer(text, start, end), max_words + 3))
    if len(words) < min_words + 3 or not words[0].group()[0].isupper():
        return None
    if words[0].group().casefold() in _RESUMES:
        return None  # the sentence opens with an opener: nothing is glued in front of it
    for k in range(min_words, min(max_words, len(words) - 3) + 1):
        word, prev = words[k].group(), words[k - 1].group()
        if not word[0].isupper() or word.casefold() not in _GLUE_OPENERS or not prev[-1].isalnum():
            continue
        if word.casefold() != "theo" and not words[k + 1].group()[0].islower():
            continue
        if (prev[0].isupper() or before_a_name(words, k - 1)) and word.casefold() != "theo":
            continue  # the opener ends a name: "Thủ Dầu Một", "ông Nguyễn Văn Để đi xe máy đến", "gọi ông Để là cậu"
        caption = [w.group() for w in words[:k]]
        if not _names_someone(caption) and len(caption) <= 14:
            return None  # a section heading of the body
        if _NARRATIVE.search(text, start, words[k - 1].end()) or _AFTER_QUOTE.search(text, max(0, start - 3), start):
            return None
        return words[k - 1].end()
    return None


# Where a glued caption can stop: a capitalised opener straight after a word, what ``glued_caption_end`` looks
# for word by word. Found once in the whole paragraph, so that only the sentences that hold one are read word by
# word. The pattern opens with the capital (the regex engine skips to those; the Kelvin sign folds to "k" too),
# the rest of the word in any case; tests/test_clean_prefilters.py checks over all of Unicode that every spelling
# of an opener is found.
_CAPITALS = {"k": "K\u212a"}
# Right after the capital, a lookbehind keeps only a capital with a space before it and a letter, digit or another
# space before that (what ``glue_points`` then checks), so that Python reads few matches.
_GLUE_AT = re.compile(
    "[" + "".join(sorted({_CAPITALS.get(o[0], o[0].upper()) for o in _GLUE_OPENERS})) + r"](?<=[^\W_]\s.|\s\s.)"
    + "(?i:" + "|".join(sorted({o[1:] for o in _GLUE_OPENERS}, key=lambda tail: (-len(tail), tail))) + r")(?=\s)"
)


def glue_points(text: str) -> list[int]:
    """Where the words that may end a glued caption start: ``glued_caption_end`` finds no end in a sentence
    that holds none."""
    points = []
    for m in _GLUE_AT.finditer(text):
        start = gap = m.start()
        while gap and text[gap - 1].isspace():
            gap -= 1
        if 0 < gap < start and text[gap - 1].isalnum() and m.group().casefold() in _GLUE_OPENERS:
            points.append(start)
    return points


def rule_glued_caption(d: Draft, ctx: Context) -> None:
    """An uncredited caption glued in front of the next sentence leaves the text for the captions."""
    text = d.text
    points = glue_points(text)
    if not points:
        return
    spans = []
    for a, b in split_sentences(text):
        if a == 0 and ctx.index == 0:
            continue  # the lead itself
        k = bisect.bisect_right(points, a)
        if k == len(points) or points[k] >= b:
            continue
        end = glued_caption_end(text, a, b)
        if end is not None:
            spans.append((a, end))
    moved = []
    for a, b in spans:
        item = text[a:b].strip()
        credit = "/" in item and _is_byline(item)  # a byline glued the same way: "Vũ Anh Tuấn/VOV Theo Reuters"
        (ctx.credits if credit else ctx.captions).append(item)
        moved.append((a, b, "", "credit" if credit else "caption"))
    d.replace_many(moved, "caption")


# --- the headline again, as one sentence of the text --------------------------------------------------------

# A crawl dump repeats the headline as the caption of the lead photo, inside the body: "Giá vàng hôm nay 9/6:
# <headline>. Ảnh minh họa Giá vàng hôm nay 9/6: Trong phiên …". A sentence that says the headline's words again,
# perhaps after a short kicker ending in a colon, says nothing the title does not. Headlines also quote a body
# sentence ("Bóng đá Việt Nam thật tuyệt vời."): without the kicker, only a repeat that a photo credit follows
# (it is the photo's caption) goes.
_CREDIT_NEXT = re.compile(r"\s*\(?\s*(?:Ảnh|ẢNH|Video|Clip|Photo)\b")
_KICKER = re.compile(r"[^.!?:]{1,40}:\s*")


def rule_title_sentence(d: Draft, ctx: Context) -> None:
    """A sentence inside a paragraph that repeats the headline as a photo's caption goes to the captions (a
    paragraph that is only the headline again is handled apart)."""
    title = norm_words(ctx.title or "")
    words = title.split()
    folded = d.text.casefold() if len(words) >= 5 else ""
    if not folded or any(word not in folded for word in words):
        return  # a repeat holds every word of the headline (casefold reads one character at a time)
    spans = []
    for a, b in split_sentences(d.text):
        kicker = _KICKER.match(d.text, a, b)
        credited = _CREDIT_NEXT.match(d.text, b) is not None
        if not (credited or kicker):
            continue
        sentence = d.text[a:b]
        if (credited and norm_words(sentence) == title) or (kicker and norm_words(d.text[kicker.end():b]) == title):
            if (a, b) != (0, len(d.text.rstrip())):  # a paragraph that is only the headline: the reader's job
                spans.append((a, b, ""))
                ctx.captions.append(sentence.strip())  # the lead photo's caption
    d.replace_many(spans, "caption")
