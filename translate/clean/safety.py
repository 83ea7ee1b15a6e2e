"""No silent loss: a removal that takes what reads as article prose goes to the review queue.

Rules are written to remove junk only, but a pattern can overreach (a related link glued to a sentence, a
caption rule that takes a body sentence). Whatever a rule takes is checked here, where removals are recorded,
so no rule can opt out: text that reads as prose — a complete sentence of some length, or a long stretch of
words; for a caption or credit, a sentence bearing a mark of running text — and a removal that cuts a sentence
in two become a ``clean.suspect`` flag carrying the removed text, so a person decides. Code, markup, links,
names and captions that only tell what a picture shows pass.
"""

from __future__ import annotations

import bisect
import re

from ..article import Edit, Flag
from ..segment import sentences
from .spans import UPPER

# Rules whose removals are never prose: leaked code and markup, lost-number repairs, the headline again,
# a paragraph seen twice (the kept copy holds the words).
_EXEMPT = {"extract.chrome", "code", "markup.script", "markup.tag", "markup.entity", "placeholder", "endmark", "title.repeat", "duplicate", "punctuation"}
# Rules that judge by position alone, not by what the text says: what they take always asks a person.
_ALWAYS_ASK = {"chrome.after"}
# Rules that move text to the article's captions/credits: one short sentence is what a caption is.
_MOVED = {"caption", "credit", "gallery", "byline"}
_WORD = re.compile(r"[^\W\d_]+")
_CLAUSE = re.compile(r"[^.!?…]+[.!?…]+")
# Stops inside a word end no clause ("9.2 tỷ", "TP.HCM", "m.GenK"): a clause ends before a space, a closing
# quote or the end. A run of stops is tried from its first only (the lookbehind): tried from each, a long run
# followed by a space cost the square of its length.
_INNER_STOP = re.compile(r"(?<![.!?…])[.!?…]+(?=[^\s\"”’)\].!?…])")
# A sentence: what runs up to a stop that ends a clause (``_END``), stops inside words included.
_SENTENCE = re.compile(r"(?:[^.!?…]|[.!?…]+(?=[^\s\"”’)\].!?…]))+[.!?…]*")
_END = re.compile(r"[.!?…](?=[\s\"”’)\]]|$)")
# A related list's heading ("Tin liên quan", "TIN LIÊN QUAN:", "Xem thêm:", ">>") at the start of a removal.
_LIST_HEADING = re.compile(r"\s*(?:>>|»|(?:Tin|Bài|TIN|BÀI)\s+(?:liên\s+quan|LIÊN\s+QUAN)|(?:Xem|Đọc|XEM|ĐỌC)\s+(?:thêm|THÊM))")
_FULL_STOP = re.compile(r"\.(?=[\s\"”’)\]]|$)")
_LINK = re.compile(r"(?:https?://|www\.)\S+")
# A site's address written bare ("m.GenK.vn", "VnExpress.net"): its dots end no sentence. It is tried where a
# dotted run of names starts, not inside one (the lookbehinds): tried at every name of "a.a.a.a…", 128 KB took
# 160 s.
_DOMAIN = re.compile(r"(?<![\w-])(?<![\w-]\.)(?:[\w-]+\.)+(?:vn|com|net|org|info|tv)\b(?:/\S*)?", re.I)
# The site talking of itself or to its reader, as no article does: a reuse or copyright notice, a notice that
# links open elsewhere, a disclaimer of the outlet's views, an invitation to read on or to share ("Không được sử
# dụng lại nội dung trên …", "Trang ngoài sẽ được mở ra ở cửa sổ mới.", "Bài viết không nhất thiết trùng với quan
# điểm VnExpress.net.", "Mời các bạn đón đọc phần tiếp theo …", "Chia sẻ bài viết của bạn …"). A sentence that
# says one of these is not counted as prose; the rest of a removal still is.
_SITE_TALK_CUE = re.compile(r"trang|cửa sổ|quan điểm|bản quyền|nội dung|[Mm]ời|của bạn", re.I)
_SITE_TALK = re.compile(
    r"\b(?:sử dụng lại nội dung|giữ bản quyền nội dung|bản quyền thuộc về|trang ngoài|cửa sổ mới|"
    r"chịu trách nhiệm (?:về )?nội dung (?:của )?(?:các )?trang|"
    r"quan điểm (?:của )?(?:tòa soạn|ban biên tập|[\w-]+\.(?:vn|net|com))|"
    r"(?:xin )?mời (?:các |quý )?(?:bạn|độc giả|quý vị)(?: đọc giả)? (?:đón |cùng )?(?:đọc|xem|theo dõi)|"
    r"(?:bài viết|ý kiến|câu chuyện|hình ảnh) của bạn)\b",
    re.I,
)
# A masthead's "Phó tổng biên tập: Phan Chiến Thắng." or "Thư ký tòa soạn: Hồng Văn;": a title and a name.
_LABELLED_NAME = re.compile(rf"[^\W\d][^:;.!?\n]{{0,30}}:\s*(?:[{UPPER}][^\W\d_]*\s*){{1,5}}(?=[;.,\n]|$)")
# What ties a sentence to the text around it, as no photo's caption is tied: a connective opens it ("Nhưng",
# "Trong khi đó", "Sau đó"; capitalised, also a sentence glued inside a removed span), a word points back ("ông
# này", "khi đó", "người ấy"), someone speaks ("tôi", a quotation, "cho biết") or it tells what will happen
# ("sẽ"). A caption tells what the picture shows. On the dev annotations of ../shared/realnews one of these
# marks is in 41% of the body sentences and in 1.6% of the captions: a caption rule that takes a sentence
# bearing one asks a person.
_CONNECTIVE = re.compile(
    r"(?:^|(?<=\s))[\"“(]?(?:Nhưng|Tuy nhiên|Tuy vậy|Dù vậy|Mặc dù|Trong khi|Còn|Và|Ngoài ra|Bên cạnh đó|Do đó|Vì vậy|Vì thế|"
    r"Thế nhưng|Song|Mặt khác|Đồng thời|Sau đó|Theo đó|Cụ thể|Trước đó|Thậm chí|Trong đó|Khi đó|Lúc này|Lúc đó|"
    r"Tới đây|Qua đó|Từ đó|Nhờ đó|Như vậy|Hơn nữa|Chính vì|Bởi vậy|Do vậy|Nên|Rồi|Thêm vào đó|Ngược lại|Tiếp đó|"
    r"Cuối cùng)\b"
)
_TIED = re.compile(
    r"\b(?:này|ấy|đó|sẽ|tôi|chúng tôi|chúng ta|cho biết|cho hay|nói|chia sẻ|khẳng định|nhấn mạnh)\b"
    r"|[“\"][^”\"]{25,}[”\"]",
    re.I,
)


def reads_as_prose(text: str, masthead: bool = False) -> bool:
    """A complete sentence of six words or more (anything that ends at . ! ? or …, whatever comes next), more
    than forty words in all, or more than twenty-five with no stop at all (a paragraph that lost its stop).
    Links and site addresses are no words ("https://example.vn/tin-tuc/gia-vang.html", "m.GenK.vn"); in a
    masthead, neither are "title: Name" lines. A list of blocks is judged a block at a time (``_blocks``); a
    teaser cut short by its site is no sentence (``_cut_short``), nor is the site talking of itself or to its
    reader (``_SITE_TALK``)."""
    return any(_block_is_prose(block, masthead) for block in _blocks(text))


def _blocks(text: str) -> list[str]:
    """The blocks of a removal that are judged one by one: its lines, when no line goes on in lower case from
    the line before (so the lines are items: headlines, teasers, a page's lines, not a hard-wrapped paragraph,
    whose lines are judged together). A list of ten headlines is more than forty words, and no prose."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) > 1 and not any(line.lstrip(" \"“‘'([-–•").lstrip()[:1].islower() for line in lines[1:]):
        return lines
    return [text]


def headline_list(text: str) -> bool:
    """"Tin liên quan" (">>", "Xem thêm") and the headlines under it, glued on one line: links, no sentence (no
    full stop). "Tin liên quan đến …", going on in lower case, is a sentence."""
    heading = _LIST_HEADING.match(text)
    return bool(heading) and not _FULL_STOP.search(text) and not text[heading.end():].lstrip(" :")[:1].islower()


def _block_is_prose(text: str, masthead: bool) -> bool:
    if headline_list(text):
        return False
    if _SITE_TALK_CUE.search(text):
        text = _SENTENCE.sub(lambda m: " " if _SITE_TALK.search(m[0]) else m[0], text)
    text = _LINK.sub(" ", text) if "/" in text or "www" in text else text
    text = _DOMAIN.sub(" ", text) if "." in text else text
    text = _LABELLED_NAME.sub(" ", text) if masthead and ":" in text else text
    text = _cut_short(text)
    text = _INNER_STOP.sub(",", text) if "." in text or "?" in text or "!" in text or "…" in text else text
    words = len(_WORD.findall(text))
    if words > 40 or (words > 25 and not _CLAUSE.search(text)):
        return True
    for sentence in _CLAUSE.findall(text):
        words = _WORD.findall(sentence)
        if len(words) >= 6 and sum(w[0].islower() for w in words) >= 3:
            return True
    return False


def _cut_short(text: str) -> str:
    """``text`` less a last sentence that its site cut short ("(TBKTSG) - Samsung sẽ đầu tư … trên thị trường
    chip vi xử ..."): a teaser's words stop at a space and an ellipsis, mid-sentence. A writer's own ellipsis
    follows a word ("điều kiện..."), and stays."""
    end = text.rstrip()
    if not end.endswith(("...", "…")):
        return text
    words = end.rstrip(".…")
    if not words or not words[-1].isspace():
        return text
    last = None
    for last in _END.finditer(words):
        pass
    return text[: last.end()] if last else ""


# Who is who in the picture: "(áo trắng)", "(áo khoác đen)", "(thứ hai từ trái)", "(bìa phải)", "(giữa)". A
# caption says it; a sentence of a story seldom does.
_IN_PICTURE = re.compile(
    r"\((?:áo|mặc|đeo)\s[^()]{1,25}\)"
    r"|\((?:(?:thứ \w+|ngoài cùng(?: bên)?|bìa|ở|đứng|ngồi|người)\s)?(?:từ\s)?(?:trái|phải|giữa)(?:\ssang(?:\s(?:trái|phải))?)?\)",
)


def tied_to_text(sentence: str) -> bool:
    """Whether ``sentence`` bears a mark of running text (see ``_TIED``): article prose, not a caption."""
    return bool(_CONNECTIVE.search(sentence) or _TIED.search(sentence))


def is_suspect(edit: Edit, marked_up: bool = False) -> bool:
    """Whether a removal may have taken article text. ``marked_up``: the page's own markup says what the text is
    (a figure's caption), so only its length can tell against it."""
    if edit.replacement.strip() or edit.rule in _EXEMPT:
        return False
    if edit.rule == "extract.outside":  # far from the article: suspect only when it is more than a line of prose
        return sum(_block_is_prose(s, True) for block in _blocks(edit.text) for s in sentences(block)) >= 2
    if edit.rule in _ALWAYS_ASK:
        return True
    if edit.rule.split(".")[0] in _MOVED:
        # A run of captions that the page marks (one removal for the run) is judged a caption at a time.
        return any(_moved_prose(item, marked_up) for item in (edit.text.split("\n") if marked_up else [edit.text]))
    return reads_as_prose(edit.text, masthead=edit.rule == "chrome.share")


def _moved_prose(text: str, marked_up: bool) -> bool:
    """Whether a caption or credit taken from the text is longer than captions are, or bears a mark of prose."""
    if len(_WORD.findall(text)) > 45:
        return True
    # Three sentences need two stops between them: most captions and credits are told without splitting.
    if sum(map(text.count, ".!?…")) >= 2 and len(sentences(text.strip())) > 2:
        return True
    return not marked_up and any(len(_WORD.findall(s)) >= 4 and tied_to_text(s) and not _IN_PICTURE.search(s)
                                 for s in sentences(text.strip()))


_STOPPED = re.compile(r"[.!?…:][\"”’)\]]*\s*$")


class Removed:
    """The raw spans of every removal from a paragraph, sorted, so that each removal finds the few that reach
    into the text after it without reading them all (a paragraph with a credit in every sentence has thousands)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        self.longest = max((b - a for a, b in self.spans), default=0)

    def within(self, start: int, stop: int) -> list[tuple[int, int]]:
        """The spans that overlap ``[start, stop)``."""
        first = bisect.bisect_left(self.starts, start - self.longest)
        last = bisect.bisect_left(self.starts, stop)
        return [(a, b) for a, b in self.spans[first:last] if b > start]


def cut_sentence(edit: Edit, raw: str, removed: Removed) -> str | None:
    """The sentence that a caption or credit removal cut in two, or None. A glued caption ends where a whole
    sentence starts again; a removal that took the start of a sentence leaves a few words of it behind
    ("Anh Kiệt gọi ông | Để là cậu.")."""
    if edit.rule.split(".")[0] not in _MOVED or edit.replacement.strip() or _STOPPED.search(edit.text):
        return None
    stop = min(len(raw), edit.end + 200)
    chunk = list(raw[edit.end : stop])  # the raw text after the removal, less what other removals took
    for a, b in removed.within(edit.end, stop):
        for i in range(max(a, edit.end), min(b, stop)):
            chunk[i - edit.end] = ""
    after = "".join(chunk).lstrip()
    rest = sentences(after)[:1]
    if not rest or not _STOPPED.search(rest[0]):
        return None  # the paragraph's end, with no sentence left to cut
    words = _WORD.findall(rest[0])
    return f"{edit.text.strip()} {rest[0]}" if 1 <= len(words) <= 3 else None


def suspect_flags(edits: list[Edit], raw: str | None = None, marked_up: bool = False) -> list[Flag]:
    """One ``clean.suspect`` flag for each removal that may have taken article text: text that reads as prose,
    or a sentence the removal cut in two (its context then holds the whole sentence). Every rule's removals pass
    here, so no rule can take article text without a person being asked."""
    flags = []
    removed = Removed([(e.start, e.end) for e in edits if not e.replacement.strip()])
    for edit in edits:
        cut = None
        if raw is not None and edit.rule.split(".")[0] in _MOVED and not _STOPPED.search(edit.text):
            cut = cut_sentence(edit, raw, removed)
        if cut or is_suspect(edit, marked_up):
            flags.append(Flag(
                kind="clean.suspect",
                original=edit.text.strip(),
                cleaned="",
                context=(cut or edit.text.strip())[:300],
                suggestion=f"removed by rule '{edit.rule}'; restore it if it is article text",
                start=edit.start,
                end=edit.end,
            ))
    return flags
