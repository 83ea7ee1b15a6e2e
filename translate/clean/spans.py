"""Where a glued-in item ends: crawl dumps run a related headline, a photo credit or a byline straight into
the next sentence with no punctuation between them ("Ảnh: Hiếu Lương Đây là trận…"). Rules that remove such
items ask here where the item stops, so they take the item and never the sentence after it."""

from __future__ import annotations

import re
from itertools import islice

from ..segment import _BOUNDARY, _is_abbreviation, _skip_space, _starts_sentence

# Words that open Vietnamese news sentences; a capitalised one after a name or a headline starts the next
# sentence ("… Hiếu Lương Đây là …", "… Lâm Thỏa Phút 35, …" in a match report). Proper names are not in
# the list, so they stay with the item ("Hiệp" and "Chính" are given names: they are left out).
SENTENCE_STARTERS = frozenset(
    """theo trong sau khi tại ông bà anh chị em đây đó các những một hiện tuy nhưng ngày với để do vì cũng còn
    trước từ lúc hôm chiều sáng tối đêm trưa như ngoài bên riêng về qua nhiều nếu mặc bởi thế vậy điều việc cùng
    ngay thời dù song trên dưới giữa mỗi mọi chỉ có không đã đang sẽ vừa mới thậm đặc chúng tôi họ nhờ liên phía
    cụ tuần tháng năm hơn gần khoảng tính đến tới nói cho được bị hai ba bốn năm sáu đồng tuyển đội trận hậu tiền
    thủ cầu hlv ngoài lãnh cơ lực người kết tổng trước mặc tất cả ngoài vào ra dự hàng lần này kể bản
    phút pha cú bàn quả ở rồi mùa vòng sân giải""".split()
)
_WORD = re.compile(r"\S+")
# Words that come before a person's name ("ông Để", "anh Tài", "cô Trong"): a capitalised opener after one is a
# name, not where a sentence starts again, unless the word is a possession ("váy cưới của dì Đây không …").
TITLES = frozenset("ông bà anh chị em cô chú bác cậu dì mợ thím dượng cụ thầy cháu bé".split())


def before_a_name(words: list[re.Match], k: int) -> bool:
    """Whether ``words[k]`` is a title that puts a name after it."""
    return words[k].group().casefold() in TITLES and (k == 0 or words[k - 1].group().casefold() != "của")
# Upper-case letters for regex classes: a range such as À-Ỹ would take in the lower-case ones between them.
UPPER = "A-Z" + "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.isupper() and ch.isalpha())
_OPEN_CLOSE = {"'": "'", "‘": "’", "“": "”", '"': '"', "[": "]", "«": "»"}


def is_capitalised(word: str) -> bool:
    stripped = word.lstrip("\"“‘'([")
    return bool(stripped) and stripped[0].isupper()


def headline_end(text: str, start: int, max_words: int = 30) -> int | None:
    """End of a related-article headline that begins at ``start``: a closing quote, the next ``>>`` item, a
    sentence's end, or a capitalised sentence opener after at least two words. None when no end is found
    within ``max_words`` (then the caller must not guess)."""
    while start < len(text) and text[start].isspace():
        start += 1
    if start < len(text) and text[start] in _OPEN_CLOSE:
        close = text.find(_OPEN_CLOSE[text[start]], start + 1, start + 300)
        if close > start:
            return close + 1
    words = list(islice(_WORD.finditer(text, start), max_words + 2))
    for k, m in enumerate(words):
        if k > max_words:
            return None
        word = m.group()
        if k and word.startswith(">>"):
            return words[k - 1].end()
        if k >= 2 and is_capitalised(word):
            previous = words[k - 1].group()
            if previous[-1] in ".!?…" or (word.lstrip("\"“(").casefold() in SENTENCE_STARTERS and not before_a_name(words, k - 1)):
                return words[k - 1].end()
    return len(text.rstrip()) if len(words) <= max_words + 1 else None


_INNER_DOT = re.compile(r"\.\w")
_CREDIT_TOKEN = re.compile(rf"[{UPPER}][\w.'’+&?-]*(?:/[\w.'’+&-]+)*$")


def name_end(text: str, start: int, max_words: int = 5) -> int:
    """End of a credited name (a photographer, an agency: "Hiếu Lương", "Đ.TRUNG", "Quang Quyết/TTXVN") that
    begins at ``start`` and may run into the next sentence: the name stops before a sentence opener, before a
    capitalised word followed by a lower-case one (that word opens the next sentence), or after a full stop."""
    words = list(islice(_WORD.finditer(text, start), max_words + 4))
    names: list[re.Match] = []
    for k, m in enumerate(words[: max_words + 1]):
        word = m.group()
        core = word.rstrip(".,;:")
        if len(names) == 1 and word[0].islower():
            # An outlet written in lower case after its capital ("Tuổi trẻ", "Báo sức khỏe") belongs to the
            # credit when a sentence opener follows it within two words ("Ảnh Tuổi trẻ Ông A cho biết…").
            ahead = [w.group() for w in words[k : k + 3]]
            j = next((i for i, w in enumerate(ahead) if w[0].isupper()), None)
            if j and all(w[0].islower() for w in ahead[:j]) and ahead[j].casefold() in SENTENCE_STARTERS:
                return words[k + j - 1].end()
        if not _CREDIT_TOKEN.match(core) or (names and core.casefold() in SENTENCE_STARTERS) or word.endswith(":"):
            break  # a word with a colon opens another item ("Ảnh:", "Video:")
        names.append(m)
        if word.endswith((".", ",", ";")) and not _INNER_DOT.search(word):
            return m.end()
    if not names:
        return start
    following = words[len(names)] if len(names) < len(words) else None
    if len(names) > max_words or (following is not None and following.group()[0].islower() and len(names) > 1):
        names.pop()  # the last capitalised word opens the next sentence
    return names[-1].end()


def last_sentence_start(text: str, lo: int, hi: int) -> int:
    """Where the sentence that ends at ``hi`` starts, looking no further back than ``lo``: what
    ``segment.split_sentences(text[lo:hi])[-1]`` gives, found from the end, so that a paragraph with a
    credit after every sentence costs one look at each stop, not a split of the window for each credit."""
    for near in (max(lo, hi - 100), lo):  # the sentence is usually short: look just before its end first
        for m in reversed(list(_BOUNDARY.finditer(text, near, hi))):
            nxt = _skip_space(text, m.end())
            if nxt >= hi or not _starts_sentence(text[nxt]):
                continue
            if m.group().startswith(".") and not m.group().startswith("..") and _is_abbreviation(text, m.start(), lo):
                continue
            return nxt
        if near == lo:
            break
    return min(_skip_space(text, lo), hi)
