"""Files → decoded, normalised text and the article's own metadata (title, date).

Scraped files arrive in every encoding Vietnamese text has been saved in. Decoding tries the encodings a
Vietnamese file can plausibly be in and keeps the one whose result reads most like Vietnamese; ftfy then undoes
mojibake, and everything ends up NFC (precomposed) so that later rules see one spelling of each letter.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .article import Article, Paragraph

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES

# Letters only Vietnamese uses among Latin-script languages: a cheap, reliable signal of the right decoding.
VIETNAMESE_LETTERS = set(
    "ăâđêôơưĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
)


class InputError(Exception):
    """A file that cannot be processed; ``status`` says whether it was skipped or failed."""

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class InputFile:
    path: Path
    rel: str  # path relative to its input root, with "/" separators


def discover(paths: list[Path]) -> tuple[list[InputFile], list[tuple[str, str]]]:
    """Expand files and folders (recursively) into input files; also return ``(path, reason)`` for skipped ones."""
    found: list[InputFile] = []
    skipped: list[tuple[str, str]] = []
    for root in paths:
        if root.is_file():
            candidates = [(root, root.name)]
        elif root.is_dir():
            candidates = [
                (p, p.relative_to(root).as_posix())
                for p in sorted(root.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
            ]
        else:
            raise FileNotFoundError(f"no such file or folder: {root}")
        for path, rel in candidates:
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(InputFile(path, rel))
            else:
                skipped.append((rel, f"unsupported file type '{path.suffix or '(none)'}' (reads .txt, .html, .htm)"))
    return found, skipped


def vietnamese_score(text: str) -> float:
    """Share of letters that are Vietnamese-specific; mojibake and wrong code pages score low."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(c in VIETNAMESE_LETTERS for c in letters) / len(letters)


def _oddness(text: str) -> float:
    """Share of characters that signal a wrong decoding: controls, replacement marks, stray symbols."""
    if not text:
        return 1.0
    bad = sum(
        1
        for c in text
        if c == "\ufffd"
        or (unicodedata.category(c) in ("Cc", "Co", "Cs") and c not in "\n\r\t")
        or c in "ÃÂÄÆ€‚ƒ„†‡ˆ‰Š‹ŒŽ‘’•–—˜™š›œžŸ¤¦¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿"
    )
    return bad / len(text)


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ALPHABET = VIETNAMESE_LETTERS | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _malformed_words(text: str) -> float:
    """Share of words no Vietnamese spelling allows: two tone marks, foreign letters, capitals mid-word.

    A wrong code page turns every accented syllable into one of these ("Taòi cuôòc"), while correct text,
    Vietnamese or borrowed English, has almost none.
    """
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return 0.0
    bad = 0
    for word in words:
        tones = sum(c in _TONE_MARKS for c in unicodedata.normalize("NFD", word))
        foreign = any(c not in _ALPHABET for c in word)
        mid_capital = any(c.isupper() for c in word[1:]) and not word.isupper()
        bad += tones > 1 or foreign or mid_capital
    return bad / len(words)


def looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if not sample:
        return False
    if b"\x00" in sample:
        return not _utf16_like(sample)
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / len(sample) > 0.05


def _utf16_like(sample: bytes) -> bool:
    if sample[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return True
    even, odd = sample[0::2], sample[1::2]
    return even.count(0) > len(even) * 0.3 or odd.count(0) > len(odd) * 0.3


# TCVN3 (ABC), the legacy Vietnamese font encoding: byte → letter. Its text shows up either as raw bytes or,
# after a trip through a Latin-1 tool, as Latin-1 characters ("Bé tr­ëng" for "Bộ trưởng").
_TCVN3 = dict(zip(
    bytes(range(0xA1, 0xA8)) + bytes([0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE])
    + bytes([0xB5, 0xB8, 0xB6, 0xB7, 0xB9, 0xBB, 0xBE, 0xBC, 0xBD, 0xC6, 0xC7, 0xCA, 0xC8, 0xC9, 0xCB])
    + bytes([0xCC, 0xD0, 0xCE, 0xCF, 0xD1, 0xD2, 0xD5, 0xD3, 0xD4, 0xD6, 0xD7, 0xDD, 0xD8, 0xDC, 0xDE])
    + bytes([0xDF, 0xE3, 0xE1, 0xE2, 0xE4, 0xE5, 0xE8, 0xE6, 0xE7, 0xE9, 0xEA, 0xED, 0xEB, 0xEC, 0xEE])
    + bytes([0xEF, 0xF3, 0xF1, 0xF2, 0xF4, 0xF5, 0xF8, 0xF6, 0xF7, 0xF9, 0xFA, 0xFD, 0xFB, 0xFC, 0xFE]),
    "ĂÂÊÔƠƯĐ" "ăâêôơưđ"
    "àáảãạằắẳẵặầấẩẫậ"
    "èéẻẽẹềếểễệìíỉĩị"
    "òóỏõọồốổỗộờớởỡợ"
    "ùúủũụừứửữựỳýỷỹỵ",
))
_TCVN3_TEXT = str.maketrans({chr(b): c for b, c in _TCVN3.items()})


def from_tcvn3(text: str) -> str:
    """Latin-1 characters of a TCVN3 text → the Vietnamese letters they stand for."""
    return text.translate(_TCVN3_TEXT)


def _vietnamese_quality(text: str) -> float:
    return vietnamese_score(text) - 5 * _oddness(text) - 2 * _malformed_words(text)


# Bytes Windows-1252 does not define: a UTF-8 text that went through it often lost exactly these.
_CP1252_HOLES = (0x90, 0x9D, 0x81, 0x8D, 0x8F)
_FIXABLE = VIETNAMESE_LETTERS | set("“”‘’–—…•€")


def repair_utf8(data: bytes) -> tuple[str, int]:
    """Decode UTF-8 that lost bytes Windows-1252 cannot hold, putting back the one byte that completes a
    Vietnamese letter or a typographic quote ("Ä" + lost 0x90 = "Đ"). Returns the text and how many
    sequences could not be repaired (those become U+FFFD)."""
    out: list[str] = []
    i, unrepaired = 0, 0
    while i < len(data):
        try:
            out.append(data[i:].decode("utf-8"))
            break
        except UnicodeDecodeError as err:
            start = i + err.start
            out.append(data[i:start].decode("utf-8"))
            lead = data[start]
            length = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0
            present = 0
            while present < length - 1 and start + 1 + present < len(data) and 0x80 <= data[start + 1 + present] <= 0xBF:
                present += 1
            char = None
            if length and present == length - 2:
                tail = data[start + 1 : start + 1 + present]
                options = []
                for pos in range(present + 1):
                    for byte in _CP1252_HOLES:
                        try:
                            decoded = (bytes([lead]) + tail[:pos] + bytes([byte]) + tail[pos:]).decode("utf-8")
                        except UnicodeDecodeError:
                            continue
                        if decoded in _FIXABLE:
                            options.append(decoded)
                if options:
                    char = _likeliest(options, "".join(out[-3:]), data[start + 1 + present : start + 13 + present])
            if char:
                out.append(char)
                i = start + 1 + present
            else:
                out.append("\ufffd")
                unrepaired += 1
                i = start + 1
    return "".join(out), unrepaired


def _likeliest(options: list[str], before: str, after: bytes) -> str:
    """The lost letter that makes the likeliest Vietnamese word with its neighbours ("v" + "ề", not "ờ"),
    judged by how often that word occurs in the bundled sample text; case agreement breaks ties."""
    prefix = re.search(r"[^\W\d_]*$", before).group()
    suffix = re.match(r"[^\W\d_]*", after.decode("utf-8", errors="ignore")).group()
    words = _sample_words()
    last = prefix[-1:]

    def rank(c: str) -> tuple:
        word = (prefix + c + suffix).lower()
        return (-words.get(word, 0), last.isalpha() and c.isupper() != last.isupper(), options.index(c))

    return min(options, key=rank)


_WORDS: dict[str, int] = {}


def _sample_words() -> dict[str, int]:
    if not _WORDS:
        from collections import Counter

        sample = Path(__file__).with_name("sample_vi.txt").read_text(encoding="utf-8")
        _WORDS.update(Counter(re.findall(r"[^\W\d_]+", sample.lower())))
    return _WORDS


def _undo_lossy_mojibake(text: str) -> str | None:
    """Mojibake whose undefined Windows-1252 characters were dropped ("Äá»™" for "Độ"): ftfy cannot
    see the lost bytes, but the text's Windows-1252 bytes are the original UTF-8 minus those bytes."""
    import ftfy.bad_codecs  # noqa: F401  registers sloppy-windows-1252

    if not re.search("[ÃÄÅÆ]|á»|áº", text):
        return None
    try:
        raw = text.encode("sloppy-windows-1252")
    except UnicodeEncodeError:
        return None
    repaired, unrepaired = repair_utf8(raw)
    return repaired if unrepaired <= len(repaired) // 200 else None


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (NFC text, name of the encoding used). Raises :class:`InputError` for binary data."""
    import ftfy

    if data.startswith(codecs.BOM_UTF8):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
    elif looks_binary(data):
        raise InputError("failed", "binary file, not text")
    elif b"\x00" in data[:4096]:
        even_zeros = data[0:4096:2].count(0)
        encoding = "utf-16-be" if even_zeros > data[1:4096:2].count(0) else "utf-16-le"
        text = data.decode(encoding, errors="replace")
    else:
        text, encoding = _decode_8bit(data)
    if re.search("[\u00a1-\u00fe]", text) and _vietnamese_quality(from_tcvn3(text)) > _vietnamese_quality(text) + 0.2:
        text, encoding = from_tcvn3(text), encoding + "+tcvn3"
    fixed = ftfy.fix_encoding(text)
    lossy = _undo_lossy_mojibake(text)
    if lossy is not None and vietnamese_score(lossy) > vietnamese_score(fixed):
        fixed = lossy
    if fixed != text:
        encoding += "+mojibake-fixed"
    text = unicodedata.normalize("NFC", fixed).replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding


def _decode_8bit(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    repaired, unrepaired = repair_utf8(data)
    if unrepaired == 0:
        return repaired, "utf-8 (lost bytes restored)"
    from charset_normalizer import from_bytes

    # Each candidate is a way the bytes may have been written; the one that reads most like Vietnamese wins.
    # "utf-8" here is a damaged UTF-8 file (a few bytes lost, e.g. by a round trip through Windows-1252).
    names = ["cp1258", "cp1252", "latin-1", "utf-8"]
    best = from_bytes(data).best()
    if best is not None and best.encoding not in names:
        names.insert(0, best.encoding)
    decoded = {name: data.decode(name, errors="replace") for name in names}
    decoded["tcvn3"] = from_tcvn3(data.decode("latin-1"))
    order = list(decoded)

    def quality(name: str) -> tuple[float, float]:
        return (_vietnamese_quality(unicodedata.normalize("NFC", decoded[name])), -order.index(name))

    chosen = max(decoded, key=quality)
    text = decoded[chosen]
    if chosen == "utf-8":
        return text, f"utf-8 (damaged: {text.count(chr(0xFFFD))} undecodable bytes)"
    return text, chosen


# --- article structure -----------------------------------------------------------------------------------

# Leading metadata some scrapers glue to the first paragraph: " date 2026-01-17 Tại cuộc…", "Date: 17/01/2026".
_HEADER_DATE = re.compile(
    r"^\s*(?:date|published|ngày đăng|ngày)\s*:?\s*"
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?\S*)?\s*",
    re.IGNORECASE,
)
_HEADER_TITLE = re.compile(r"^\s*title\s*:\s*(?P<title>.+)$", re.IGNORECASE)
# A dateline line on its own: "Thứ Bảy, 17/1/2026, 10:30 (GMT+7)" or "17/01/2026 10:30".
_DATELINE = re.compile(
    r"^\s*(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật)\s*,?\s*)?"
    r"(?:ngày\s+)?(?P<d>\d{1,2})[/-](?P<m>\d{1,2})[/-](?P<y>\d{4})"
    r"(?:\s*[,|-]?\s*\d{1,2}[:h]\d{2}(?::\d{2})?)?\s*(?:\(?GMT\s*[+-]\s*\d{1,2}\)?)?\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…:;\"”’)\]]\s*$")


def iso_date(text: str) -> str | None:
    """'2026-1-17' or '17/01/2026' → '2026-01-17' (None when not a real calendar date)."""
    import datetime as dt

    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip())
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
        if not m:
            return None
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def split_paragraphs(text: str) -> list[tuple[str, int]]:
    """Text → ``(paragraph, first line number)``.

    Scrapers write one paragraph per line, with or without blank lines between them; hard-wrapped text (lines
    that break mid-sentence) is joined back within its blank-line block.
    """
    lines = text.split("\n")
    blocks: list[list[tuple[str, int]]] = [[]]
    for number, line in enumerate(lines, start=1):
        if line.strip():
            blocks[-1].append((line.strip(), number))
        elif blocks[-1]:
            blocks.append([])
    paragraphs: list[tuple[str, int]] = []
    for block in blocks:
        if not block:
            continue
        if _hard_wrapped(block):
            paragraphs.append((" ".join(line for line, _ in block), block[0][1]))
        else:
            paragraphs.extend(block)
    return paragraphs


def _hard_wrapped(block: list[tuple[str, int]]) -> bool:
    if len(block) < 3:
        return False
    inner = [line for line, _ in block[:-1]]
    open_ends = sum(1 for line in inner if not _SENTENCE_END.search(line))
    widths = [len(line) for line in inner]
    return open_ends / len(inner) > 0.6 and 40 <= min(widths) and max(widths) < 100 and min(widths) > max(widths) * 0.7


def read_text_article(text: str, article: Article) -> None:
    """Plain text: optional header lines, an optional title (a short line followed by a blank line), paragraphs."""
    paragraphs = split_paragraphs(text)
    # Header lines such as "title: …" before the body.
    while paragraphs and (m := _HEADER_TITLE.match(paragraphs[0][0])) and article.title is None:
        article.title = m["title"].strip()
        paragraphs.pop(0)
    if paragraphs:
        first, line = paragraphs[0]
        m = _HEADER_DATE.match(first)
        if m and iso_date(m["date"]):
            article.date = iso_date(m["date"])
            rest = first[m.end():].strip()
            paragraphs[0] = (rest, line)
            if not rest:
                paragraphs.pop(0)
    # A dateline of its own among the first few lines.
    for i, (para, _) in enumerate(paragraphs[:4]):
        m = _DATELINE.match(para)
        if m:
            if article.date is None:
                article.date = iso_date(f"{m['d']}/{m['m']}/{m['y']}")
            paragraphs.pop(i)
            break
    if article.title is None and len(paragraphs) >= 2 and _is_title_line(text, paragraphs[0]):
        article.title = paragraphs.pop(0)[0]
    article.paragraphs = [Paragraph(raw=p, line=line) for p, line in paragraphs]


def _is_title_line(text: str, first: tuple[str, int]) -> bool:
    """A headline: short, no sentence-final period, and a blank line right after it."""
    para, line = first
    lines = text.split("\n")
    followed_by_blank = line < len(lines) and not lines[line].strip()
    return (
        followed_by_blank
        and 3 <= len(para) <= 200
        and not re.search(r"[.:;,]$", para)
        and len(para.split()) <= 30
    )


def read_html_article(html: str, article: Article) -> None:
    """HTML page → main text, title and date (trafilatura), with a BeautifulSoup fallback for fragments."""
    article.format = "html"
    title, date, body = _trafilatura_extract(html)
    if not body:
        title2, body = _soup_extract(html)
        title = title or title2
    article.title = title or None
    if date:
        article.date = iso_date(date[:10]) if re.match(r"\d{4}-\d{2}-\d{2}", date) else None
    if not article.date:
        article.date = _html_date(html)
    paragraphs = split_paragraphs(body)
    if paragraphs and article.title and paragraphs[0][0] == article.title:
        paragraphs.pop(0)
    article.paragraphs = [Paragraph(raw=p, line=None) for p, _ in paragraphs]
    for i, p in enumerate(article.paragraphs, start=1):
        p.line = i


def _trafilatura_extract(html: str) -> tuple[str | None, str | None, str]:
    import logging

    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
        )
    except Exception:  # trafilatura raises on some malformed documents; the fallback handles them
        return None, None, ""
    if doc is None:
        return None, None, ""
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    return get("title"), get("date"), get("text") or ""


def _soup_extract(html: str) -> tuple[str | None, str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "aside", "footer", "header", "form", "iframe", "figure"]):
        tag.decompose()
    heading = soup.find("h1") or soup.find("title")
    title = heading.get_text(" ", strip=True) if heading else None
    root = soup.find("article") or soup.body or soup
    blocks = [el.get_text(" ", strip=True) for el in root.find_all(["p", "h2", "h3", "li"])]
    if not blocks:
        blocks = [root.get_text("\n", strip=True)]
    return title, "\n".join(b for b in blocks if b)


def _html_date(html: str) -> str | None:
    try:
        from htmldate import find_date

        found = find_date(html, original_date=True, extensive_search=False)
    except Exception:
        return None
    return iso_date(found) if found else None


def detect_language(text: str) -> str:
    """ISO code of the text's language. Vietnamese letters decide fast; langdetect (seeded) decides the rest."""
    sample = text[:5000]
    if vietnamese_score(sample) > 0.08:
        return "vi"
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return detect(sample)
    except LangDetectException:
        return "unknown"


def read_article(source: InputFile) -> Article:
    """Read one input file into an :class:`Article` (status ``ok``), or raise :class:`InputError`."""
    article = Article(file=source.rel, source_path=str(source.path))
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        raise InputError("failed", f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise InputError("skipped", "empty file")
    text, article.encoding = decode(data)
    if source.path.suffix.lower() in HTML_SUFFIXES or re.match(r"\s*<(!doctype|html)", text[:200], re.I):
        read_html_article(text, article)
    else:
        read_text_article(text, article)
    body = "\n".join(p.raw for p in article.paragraphs)
    if not body.strip():
        raise InputError("skipped", "no article text found")
    lang = detect_language(body)
    if lang != "vi":
        raise InputError("skipped", f"not Vietnamese (detected language: {lang})")
    return article
