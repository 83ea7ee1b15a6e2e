"""Files → articles: decoded text (see :mod:`translate.decode`), then title, date and paragraphs.

Plain text follows the conventions scrapers use (a title line, date headers, one paragraph per line);
HTML goes through trafilatura for the main text, with BeautifulSoup for fragments it gives up on.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path, PurePath
from typing import Iterator

from .article import Article, Paragraph
from .decode import InputError, decode, letter_counts, vietnamese_score
from .htmlpage import read_html_article

__all__ = ["InputError", "InputFile", "decode", "input_files", "read_article", "read_text", "vietnamese_score"]

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES


@dataclass
class InputFile:
    path: Path
    rel: str  # path relative to its input root, with "/" separators


def input_files(paths: list[Path], exclude: Path | None = None) -> Iterator[tuple[Path, str]]:
    """Files and folders (recursively, hidden ones left out) → ``(path, path relative to its root)``, sorted.

    ``exclude`` is the output folder: when it lies inside an input folder, vi2en's own outputs are not inputs;
    nor are those of an earlier run into a folder inside the input (it holds ``.vi2en/``), which is said once.
    """
    excluded = exclude.resolve() if exclude else None
    for root in paths:
        if root.is_file():
            yield root, root.name
        elif root.is_dir():
            outputs: dict[Path, bool] = {}  # each folder below the root: does it hold an earlier run's outputs?
            folders: dict[tuple[str, ...], tuple[bool, bool]] = {}  # each folder once: (left out, inside exclude)
            for parts, entry in sorted(_entries(str(root)), key=itemgetter(0)):
                folder = parts[:-1]
                known = folders.get(folder)
                if known is None:
                    known = folders[folder] = _folder_verdict(root, folder, outputs, excluded)
                left_out, inside_excluded = known
                if left_out:
                    continue
                if entry.is_symlink():
                    path = Path(entry.path)
                    if unfollowed_link(path, root):
                        yield path, "/".join(parts)  # listed, so the manifest says why it was not read
                    elif entry.is_file() and not (excluded and path.resolve().is_relative_to(excluded)):
                        yield path, "/".join(parts)
                elif entry.is_file() and not (inside_excluded or excluded and entry.name == excluded.name
                                              and excluded == root.joinpath(*folder).resolve() / entry.name):
                    yield Path(entry.path), "/".join(parts)
        else:
            raise FileNotFoundError(f"no such file or folder: {root}")


def _entries(root: str) -> Iterator[tuple[tuple[str, ...], os.DirEntry]]:
    """Every entry below ``root`` that is not hidden, with its path parts below the root, read once by
    ``os.scandir`` (whose entries know, without a system call each, whether they are files, folders or links).
    What ``Path.rglob("*")`` walks, less the hidden entries, which are left out anyway: links to folders are not
    entered, and a folder that may not be read is passed over. A stack, not recursion: any depth is walked."""
    stack: list[tuple[str, tuple[str, ...]]] = [(root, ())]
    while stack:
        folder, parts = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = [entry for entry in listing if not entry.name.startswith(".")]
        except PermissionError:
            continue
        for entry in entries:
            here = parts + (entry.name,)
            yield here, entry
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                stack.append((entry.path, here))


def _folder_verdict(root: Path, folder: tuple[str, ...], outputs: dict[Path, bool],
                    excluded: Path | None) -> tuple[bool, bool]:
    """Of the folder ``root/folder``: whether it lies in an earlier run's output folder (its files are left out),
    and whether it lies, resolved, inside ``excluded`` (this run's output folder)."""
    if _in_output_folder(root, folder, outputs):
        return True, False
    return False, bool(excluded) and root.joinpath(*folder).resolve().is_relative_to(excluded)


def _in_output_folder(root: Path, folder_parts: tuple[str, ...], outputs: dict[Path, bool]) -> bool:
    """Whether the folder ``root/folder_parts`` is (or lies in) a folder below ``root`` that an earlier vi2en
    run wrote its outputs to."""
    folder = root
    for part in folder_parts:
        folder = folder / part
        if folder not in outputs:  # once per folder, not per file
            from .escape import printable_name
            from .resume import STATE

            outputs[folder] = (folder / STATE).is_dir() and not folder.is_symlink()
            if outputs[folder]:
                logging.getLogger("vi2en.read").warning(
                    "left out %s: it holds the outputs of an earlier vi2en run, not articles", printable_name(str(folder)))
        if outputs[folder]:
            return True
    return False


def unfollowed_link(path: Path, root: Path) -> str | None:
    """Why a symbolic link found inside an input folder is not read, or None when it is read like a file.

    A link may point anywhere on the disk; reading what lies outside the folder the user named would copy files
    they never chose (a key, a mailbox) into the outputs.
    """
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return "a broken link: its target does not exist or links back to itself"
    if target.is_dir():
        return "a link to a folder; links to folders are not followed"
    if not target.is_relative_to(root.resolve()):
        return "a link to a file outside the input folder; not followed"
    return None


def page_suffix(name: str | PurePath) -> str:
    """'a.html.gz' → '.html': the suffix that says what a possibly gzipped file holds."""
    suffixes = [s.lower() for s in (name if isinstance(name, PurePath) else Path(name)).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def file_bytes(path: Path) -> bytes:
    """A file's bytes, gunzipped when they are gzipped (whatever the name says)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        import gzip
        import zlib

        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError("failed", f"broken gzip file: {exc}") from exc
    return data


_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.I | re.S,
)


def looks_like_html(head: bytes) -> bool:
    """Whether a file's first bytes are an HTML page (saved pages come named .chn, .aspx, .php, .tpo…)."""
    return bool(_HTML_START.match(head[:4096]))


def sniff_page(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
        if head[:2] == b"\x1f\x8b":
            import gzip

            with gzip.open(path, "rb") as handle:
                head = handle.read(4096)
    except (OSError, EOFError):
        return False
    return looks_like_html(head)


def unsupported_reason(rel: str) -> str:
    return (f"unsupported file type '{page_suffix(rel) or '(none)'}' (reads .txt, .html, .htm, HTML pages of any name, "
            ".jsonl, .json, .csv, .parquet, each also .gz)")


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
    r"^\s*\|?\s*(?:(?:cập\s+nhật|đăng|ngày\s+đăng|xuất\s+bản|updated|published)(?:\s+lúc)?\s*:?\s*)?"
    r"(?:\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:am|pm|sa|ch)?\s*(?:,|-|\|)?\s*)?"
    r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*,?\s*)?"
    r"(?:ngày\s+)?(?P<d>\d{1,2})[/-](?P<m>\d{1,2})[/-](?P<y>\d{4})"
    r"(?:\s*[,|-]?\s*\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:am|pm|sa|ch)?)?\s*(?:\(?GMT\s*[+-]\s*\d{1,2}\)?)?\s*$",
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


def parse_dateline(text: str) -> str | None:
    """A dateline such as "Thứ tư, 10/9/2025, 16:30 (GMT+7)" → '2025-09-10' (None when it is not one)."""
    m = _DATELINE.match(text)
    return iso_date(f"{m['d']}/{m['m']}/{m['y']}") if m else None


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
        if _DATELINE.match(para):
            if article.date is None:
                article.date = parse_dateline(para)
            paragraphs.pop(i)
            break
    if article.title is None and len(paragraphs) >= 2 and _is_title_line(text, paragraphs[0]):
        article.title = tidy_title(paragraphs.pop(0)[0])
    article.paragraphs = [Paragraph(raw=p, line=line) for p, line in paragraphs]


def _is_title_line(text: str, first: tuple[str, int]) -> bool:
    """A headline: short, no sentence-final period, and either a blank line right after it or, in the crawl
    layout with no blank lines (headline, lead, body), a line after it that ends as a sentence does."""
    para, line = first
    lines = text.split("\n")
    followed_by_blank = line < len(lines) and not lines[line].strip()
    headline = 3 <= len(para) <= 250 and not re.search(r"[.:;,…!]$", para) and 2 <= len(para.split()) <= 35
    if not headline:
        return False
    if followed_by_blank:
        return True
    rest = [ln.strip() for ln in lines[line:] if ln.strip()]
    lead = rest[0] if rest else ""
    return (
        len(para.split()) >= 4
        and (bool(_SENTENCE_END.search(lead)) or len(lead) > len(para))
        and (len(rest) >= 2 and len(rest[1]) > len(para) or len(lead) > 3 * len(para))
    )


# A site's name at the end of a page title: "… - VnExpress", "… | Báo Dân trí", "… - Tuổi Trẻ Online".
_SITE_NAME = re.compile(
    r"(?:^|\s)(?:online|\S+\.(?:vn|com|net)|vnexpress|ngôi\s*sao|dân\s*trí|tuổi\s*trẻ|thanh\s*niên|zing(?:\s*news)?|vietnamnet|"
    r"lao\s*động|người\s*lao\s*động|tiền\s*phong|afamily|genk|soha|kenh14|24h|xinhxinh|ione|nld|"
    r"thời\s*báo\s*kinh\s*tế\s*sài\s*gòn|the\s*saigon\s*times|báo\s+\w+(?:\s+\w+){0,3}|tin\s*tức)(?:\s|$)",
    re.I,
)
_TITLE_SEPARATOR = re.compile(r"\s+[-–—|:]\s+|\s*\|\s*")


def tidy_title(title: str | None) -> str | None:
    """Cut the site's name, the section names around it and a URL slug from the end of a page title."""
    if not title:
        return title
    title = re.sub(r"\s+", " ", title).strip()
    slug = re.search(r"\s*-\s*([a-z0-9]+(?: [a-z0-9]+)+)$", title)  # "Đột nhập lò…-dot nhap lo…"
    if slug and not title[: slug.start()].isascii():
        title = title[: slug.start()]
    parts = _TITLE_SEPARATOR.split(title)
    sites = [i for i, part in enumerate(parts) if i and _SITE_NAME.search(part) and len(part.split()) <= 6]
    if not sites:
        return title
    parts = parts[: sites[0]]
    # Section names ("Chính trị - Xã hội") stand between the headline and the site: short, no digits.
    while len(parts) > 1 and len(parts[-1].split()) <= 3 and not re.search(r"\d", parts[-1]):
        parts.pop()
    separators = list(_TITLE_SEPARATOR.finditer(title))
    return title[: separators[len(parts) - 1].start()].strip()


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


def _surely_vietnamese(sample: str, head: int = 2000) -> bool:
    """``vietnamese_score(sample) > 0.08`` told from the first ``head`` characters when they settle it: the rest
    adds no fewer Vietnamese letters and no more letters than its length, so the head's Vietnamese letters over
    its letters plus that length is the least the whole sample can score. Vietnamese prose settles it there;
    anything else is scored whole, as before (counting all 5,000 characters was some 7% of a worker's time)."""
    if len(sample) <= head:
        return False
    vietnamese, letters = letter_counts(sample[:head])
    return vietnamese > 0.08 * (letters + len(sample) - head)


def detect_language(text: str) -> str:
    """ISO code of the text's language. Vietnamese letters decide fast; langdetect (seeded) decides the rest."""
    sample = text[:5000]
    if _surely_vietnamese(sample) or vietnamese_score(sample) > 0.08:
        return "vi"
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return detect(sample)
    except LangDetectException:
        return "unknown"


def read_article(source: InputFile, data: bytes | None = None) -> Article:
    """Read one input file into an :class:`Article` (status ``ok``), or raise :class:`InputError`."""
    article = Article(file=source.rel, source_path=str(source.path))
    if data is None:
        try:
            data = file_bytes(source.path)
        except OSError as exc:
            raise InputError("failed", f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise InputError("skipped", "empty file")
    text, article.encoding = decode(data)
    suffix = page_suffix(source.rel)
    html = suffix in HTML_SUFFIXES or re.match(r"\s*<(!doctype|html)", text[:200], re.I) or (
        suffix not in TEXT_SUFFIXES and looks_like_html(data))
    return read_text(text, article, "html" if html else "text")


def read_text(text: str, article: Article, fmt: str) -> Article:
    """Decoded text (a page or plain text) → the article's title, date and paragraphs; then the checks every
    input passes: some article text, in Vietnamese."""
    if fmt == "html":
        read_html_article(text, article)
    else:
        read_text_article(front_matter(text, article), article)
    body = "\n".join(p.raw for p in article.paragraphs)
    if not body.strip():
        raise InputError("skipped", "no article text found")
    lang = detect_language(prose(body))
    if lang != "vi":
        raise InputError("skipped", f"not Vietnamese (detected language: {lang})")
    return article


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n((?:[A-Za-z_][\w-]*:.*\r?\n){1,40})---[ \t]*(?:\r?\n|\Z)")


def front_matter(text: str, article: Article) -> str:
    """The text without the metadata header trafilatura's ``--with-metadata`` puts first (``---``, ``title: …``
    lines, ``---``): its title, date and url go to the article, and none of it is body text."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return text
    meta = {}
    for line in m[1].splitlines():
        key, _, value = line.partition(":")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1].replace("''", "'") if value[0] == "'" else _unquote(value)
        meta[key.strip().lower()] = value
    article.title = meta.get("title") or article.title
    if meta.get("date"):
        article.date = iso_date(meta["date"][:10]) or article.date
    article.source_id = meta.get("url") or meta.get("id") or article.source_id
    return text[m.end():]


def _unquote(value: str) -> str:
    import json

    try:
        return json.loads(value)
    except ValueError:
        return value[1:-1]
