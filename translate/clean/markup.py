"""HTML and CSS/JS that leaked into the text: tags leave their words, scripts and code go whole."""

from __future__ import annotations

import html
import re

from .draft import Context, Draft
from .safety import reads_as_prose

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
# A word of prose in front of a brace block: letters only, at least one of them Vietnamese ("vàng", "Tin" is
# not enough: "div p {" is a selector).
_PROSE_WORD = re.compile(r"(?<!\S)(?=[^\W\d_]*[^\x00-\x7f])[^\W\d_]+(?!\S)")


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
        words = [w for w in _PROSE_WORD.finditer(text, start, open_at) if w.end() < open_at]
        if words:  # a selector is never a plain Vietnamese word: ">> Tin vàng .ads{…}" keeps "Tin vàng"
            start = words[-1].end()
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


_LETTERS = re.compile(r"[^\W\d_]{2,}")
_STOP_AT_END = re.compile(r"[.!?…][\"”’)]*\s*$")


def _a_sentence(rest: str) -> bool:
    """What the code leaves ends a sentence of three words or more ("Giá vàng tăng mạnh."): too short for
    reads_as_prose, but article text all the same, so the code is cut off it and it stays."""
    return len(_LETTERS.findall(rest)) >= 3 and bool(_STOP_AT_END.search(rest))


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
        if (covered > 0.6 * len(text) or len(rest.split()) < 4) and not reads_as_prose(rest) and not _a_sentence(rest):
            d.drop("code")
        else:
            d.replace_many([(a, b, " ") for a, b in spans], "code")
