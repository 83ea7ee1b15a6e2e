"""Files → articles: decoded text (see :mod:`translate.decode`), then title, date and paragraphs.

Plain text follows the conventions scrapers use (a title line, date headers, one paragraph per line);
HTML goes through trafilatura for the main text, with BeautifulSoup for fragments it gives up on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .article import Article, Paragraph
from .decode import InputError, decode, vietnamese_score

__all__ = ["InputError", "InputFile", "decode", "discover", "read_article", "vietnamese_score"]

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES

@dataclass
class InputFile:
    path: Path
    rel: str  # path relative to its input root, with "/" separators


def discover(paths: list[Path], exclude: Path | None = None) -> tuple[list[InputFile], list[tuple[str, str]]]:
    """Expand files and folders (recursively) into input files; also return ``(path, reason)`` for skipped ones.

    ``exclude`` is the output folder: when it lies inside an input folder, vi2en's own outputs are not inputs.
    """
    excluded = exclude.resolve() if exclude else None
    found: list[InputFile] = []
    skipped: list[tuple[str, str]] = []
    for root in paths:
        if root.is_file():
            candidates = [(root, root.name)]
        elif root.is_dir():
            candidates = [
                (p, p.relative_to(root).as_posix())
                for p in sorted(root.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(root).parts)
                and not (excluded and p.resolve().is_relative_to(excluded))
            ]
        else:
            raise FileNotFoundError(f"no such file or folder: {root}")
        for path, rel in candidates:
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(InputFile(path, rel))
            else:
                skipped.append((rel, f"unsupported file type '{path.suffix or '(none)'}' (reads .txt, .html, .htm)"))
    return found, skipped


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
    r"^\s*(?:(?:cập\s+nhật|đăng|ngày\s+đăng|xuất\s+bản|updated|published)(?:\s+lúc)?\s*:?\s*)?"
    r"(?:\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:,|-|\|)?\s*)?"
    r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*,?\s*)?"
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
    # A wrapped sentence goes on in lower case on the next line; a list of headlines starts each with a capital.
    continued = sum(1 for line, _ in block[1:] if line[:1].islower())
    return (
        open_ends / len(inner) > 0.6
        and continued / len(inner) >= 0.5
        and 40 <= min(widths)
        and max(widths) < 100
        and min(widths) > max(widths) * 0.7
    )


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
    from bs4 import BeautifulSoup

    article.format = "html"
    soup = BeautifulSoup(html, "html.parser")  # parsed once: lead and captions first, then the fallback
    lead, article.captions = _lead_and_captions(soup)
    title, date, body = _trafilatura_extract(html)
    if not body:
        title2, body = _soup_extract(soup)
        title = title or title2
    article.title = title or None
    if date:
        article.date = iso_date(date[:10]) if re.match(r"\d{4}-\d{2}-\d{2}", date) else None
    if not article.date:
        article.date = _html_date(html)
    paragraphs = split_paragraphs(body)
    if paragraphs and article.title and paragraphs[0][0] == article.title:
        paragraphs.pop(0)
    flat = re.sub(r"\s+", " ", body)
    if lead and re.sub(r"\s+", " ", lead) not in flat:
        paragraphs.insert(0, (lead, 0))  # news sites keep the lead outside the article body extractors read
    article.paragraphs = [Paragraph(raw=p, line=None) for p, _ in paragraphs]
    for i, p in enumerate(article.paragraphs, start=1):
        p.line = i


_LEAD_CLASS = re.compile(r"(?:^|[-_ ])(?:sapo|lead|description|summary|chapeau|abstract|excerpt|intro|tom-?tat)(?:$|[-_ ])", re.I)


def _lead_and_captions(soup) -> tuple[str | None, list[str]]:
    """The article's lead paragraph ("sapo"), found by the class names Vietnamese news sites give it, and
    the photo captions (which main-text extraction drops; vi2en keeps them in the article's metadata)."""
    captions = [text for c in soup.find_all("figcaption") if (text := c.get_text(" ", strip=True))]
    for tag in soup.find_all(["p", "h2", "div", "span"]):
        classes = " ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
        text = tag.get_text(" ", strip=True) if _LEAD_CLASS.search(classes.strip()) else ""
        if 40 <= len(text) <= 1000:
            return text, captions
    return None, captions


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


def _soup_extract(soup) -> tuple[str | None, str]:
    """Headline and paragraphs of a page trafilatura gave up on (it strips the page's chrome in place)."""
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


_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^<>]{0,500}>", re.I | re.S)
_CODE_LINE = re.compile(r"[{};=()<>\[\]$|&]")


def prose(text: str) -> str:
    """The text without leaked markup, CSS and JS, for judging its language: a Vietnamese article with a
    large script block glued in is still a Vietnamese article (the cleaner removes the block later)."""
    from .clean import code_spans

    text = _MARKUP.sub(" ", text)
    kept = []
    for line in text.split("\n"):
        spans = code_spans(line)
        for a, b in reversed(spans):
            line = line[:a] + " " + line[b:]
        if len(_CODE_LINE.findall(line)) <= 0.04 * len(line):
            kept.append(line)
    return "\n".join(kept) if any(s.strip() for s in kept) else text


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
    lang = detect_language(prose(body))
    if lang != "vi":
        raise InputError("skipped", f"not Vietnamese (detected language: {lang})")
    return article
