"""One escaping layer per output format: scraped text and file names are untrusted.

Each function takes text exactly as the pipeline holds it and returns it ready for one format, so that the
reader of that format (a terminal, a spreadsheet, a Markdown renderer, an XML parser, a browser) shows the text
and never acts on it. Writers call the function of their format at the point where text enters it.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

# --- names -----------------------------------------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")


def printable_name(name: str) -> str:
    """A file name as text every output can hold: bytes that were not UTF-8 (Python keeps them as lone
    surrogates) become ``\\xNN``, as ``ls -b`` shows them."""
    if not _SURROGATE.search(name):
        return name
    return _SURROGATE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}" if ord(m.group()) >= 0xDC80 else "\ufffd", name)


def json_text(data: Any, **options: Any) -> str:
    """``json.dumps`` with ``ensure_ascii=False`` whose result always encodes as UTF-8: a lone surrogate (from a
    non-UTF-8 file name given on the command line) is written as the text ``\\xNN``, like :func:`printable_name`."""
    text = json.dumps(data, ensure_ascii=False, **options)
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(lambda m: "\\\\" + printable_name(m.group())[1:], text)


MAX_NAME_BYTES = 200  # leaves room for ".vi.txt" and the atomic writer's ".name.XXXXXXXX.tmp" within 255 bytes
_UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f\\]")


def safe_stem(stem: str) -> str:
    """An output stem (``a/b/c``) whose every folder and file name is short enough and free of characters other
    tools choke on. The same input always gives the same stem; a shortened name keeps a hash of the full one."""
    parts = []
    for part in printable_name(stem).split("/"):
        clean = _UNSAFE_IN_NAME.sub("_", part)
        if len(clean.encode("utf-8")) > MAX_NAME_BYTES:
            digest = hashlib.sha1(part.encode("utf-8", "surrogatepass")).hexdigest()[:10]
            cut = clean.encode("utf-8")[: MAX_NAME_BYTES - 11].decode("utf-8", errors="ignore")
            clean = f"{cut}~{digest}"
        parts.append(clean)
    return "/".join(parts)


# --- terminal ----------------------------------------------------------------------------------------------

# C0 and C1 controls (newline and tab kept), DEL, and the bidirectional overrides that reorder what is shown.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def terminal_text(text: str) -> str:
    """Text for a terminal: every control character, escape (ESC) included, is shown as ``\\xNN``, so no window
    title, screen clearing, hyperlink or clipboard write can come from an article or a file name."""
    return _TERMINAL_UNSAFE.sub(lambda m: _visible(m.group()), text)


def _visible(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# --- spreadsheets (CSV) ----------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: one that would start a formula (``=``, ``+``, ``-``, ``@``, tab or
    carriage return, also after spaces) gets a leading apostrophe, as OWASP recommends. Numbers stay numbers."""
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


# --- Markdown --------------------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#!|~&])")


def markdown_text(text: str) -> str:
    """Inline Markdown that renders as the literal text: emphasis, links, images, code spans and raw HTML are
    all escaped with backslashes (CommonMark treats any escaped punctuation as itself); newlines become spaces,
    so table cells and list items stay on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.splitlines()))


# --- XML (TMX) -------------------------------------------------------------------------------------------

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Character data for XML 1.0: characters XML forbids (controls, lone surrogates, U+FFFE/U+FFFF) are
    dropped, then ``&``, ``<`` and ``>`` escaped."""
    from xml.sax.saxutils import escape

    return escape(_XML_INVALID.sub("", text))


def xml_attr(text: str) -> str:
    """A quoted XML attribute value, with the same character rules as :func:`xml_text`."""
    from xml.sax.saxutils import quoteattr

    return quoteattr(_XML_INVALID.sub("", text))


# --- HTML (data embedded in a script element) ------------------------------------------------------------

_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(data: Any) -> str:
    """JSON to embed inside ``<script type="application/json">``: no ``<`` at all, so neither ``</script>`` nor
    ``<!--`` (which would make the browser read past the element's end) can appear in it."""
    text = json_text(data)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group()], text)
