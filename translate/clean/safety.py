"""No silent loss: a removal that takes what reads as article prose goes to the review queue.

Rules are written to remove junk only, but a pattern can overreach (a related link glued to a sentence, a
caption rule that takes a body sentence). Whatever a rule takes is checked here, where removals are recorded,
so no rule can opt out: text that reads as prose — a complete sentence of some length, or a long stretch of
words; for a caption or credit, a sentence bearing a mark of running text — and a removal that cuts a sentence
in two become a ``clean.suspect`` flag carrying the removed text, so a person decides. Code, markup, links,
names and captions that only tell what a picture shows pass.
"""

from __future__ import annotations

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
_LINK = re.compile(r"(?:https?://|www\.)\S+")
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
    Links are no words ("https://example.vn/tin-tuc/gia-vang-hom-nay.html"); in a masthead, neither are
    "title: Name" lines."""
    text = _LINK.sub(" ", text) if "/" in text or "www" in text else text
    text = _LABELLED_NAME.sub(" ", text) if masthead and ":" in text else text
    words = len(_WORD.findall(text))
    if words > 40 or (words > 25 and not _CLAUSE.search(text)):
        return True
    for sentence in _CLAUSE.findall(text):
        words = _WORD.findall(sentence)
        if len(words) >= 6 and sum(w[0].islower() for w in words) >= 3:
            return True
    return False


def tied_to_text(sentence: str) -> bool:
    """Whether ``sentence`` bears a mark of running text (see ``_TIED``): article prose, not a caption."""
    return bool(_CONNECTIVE.search(sentence) or _TIED.search(sentence))


def is_suspect(edit: Edit, marked_up: bool = False) -> bool:
    """Whether a removal may have taken article text. ``marked_up``: the page's own markup says what the text is
    (a figure's caption), so only its length can tell against it."""
    if edit.replacement.strip() or edit.rule in _EXEMPT:
        return False
    if edit.rule == "extract.outside":  # far from the article: suspect only when it is more than a line of prose
        return sum(reads_as_prose(s) for s in sentences(edit.text)) >= 2
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
    return not marked_up and any(len(_WORD.findall(s)) >= 4 and tied_to_text(s) for s in sentences(text.strip()))


_STOPPED = re.compile(r"[.!?…:][\"”’)\]]*\s*$")


def cut_sentence(edit: Edit, raw: str, removed: list[tuple[int, int]]) -> str | None:
    """The sentence that a caption or credit removal cut in two, or None. A glued caption ends where a whole
    sentence starts again; a removal that took the start of a sentence leaves a few words of it behind
    ("Anh Kiệt gọi ông | Để là cậu."). ``removed``: the raw spans of every removal from the paragraph."""
    if edit.rule.split(".")[0] not in _MOVED or edit.replacement.strip() or _STOPPED.search(edit.text):
        return None
    stop = min(len(raw), edit.end + 200)
    chunk = list(raw[edit.end : stop])  # the raw text after the removal, less what other removals took
    for a, b in removed:
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
    removed = [(e.start, e.end) for e in edits if not e.replacement.strip()]
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
