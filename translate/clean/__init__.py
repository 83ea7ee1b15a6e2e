"""Junk removal and placeholder repair, one small named rule at a time.

Each rule looks at one paragraph (a :class:`Draft`) and either drops it whole (it is site chrome, leaked code,
a caption…) or edits spans of it. Every change is recorded as an :class:`~translate.article.Edit` against the
paragraph's raw text: that record is the cleaner's explanation, and the diff view and the report read it.

Rules are deliberately narrow. A paragraph is only dropped when the whole of it matches a junk pattern; content
sentences with digits, brackets, quotes, slashes or the word "ảnh" in normal use pass untouched.
"""


from __future__ import annotations

import re

from .. import dates
from ..article import Article, Flag
from .captions import _BYLINE, _OUTLET_TAG, _same_words, norm_words, rule_caption, rule_closing_byline, rule_end_mark, rule_gallery, rule_inline_credit, rule_position_caption, rule_source_note, rule_told_caption, rule_glued_caption, rule_title_sentence
from .chrome import _SECTION_HEADERS, is_dateline, rule_chrome
from .draft import CleanConfig, Context, Draft
from .markup import code_spans, rule_code, rule_markup
from .placeholders import repair_placeholders
from .safety import suspect_flags

__all__ = ["CleanConfig", "Context", "Draft", "clean_article", "clean_paragraph", "clean_text", "code_spans"]

# Runs of spaces, spaces before a closing mark and spaces after an opening one:
#   [ \t\u00a0\u2000-\u200b\u3000]{2,}|[ \t\u00a0]+(?=[,.;:!?)\]”])|(?<=[(\[“])[ \t]+
# written so that every match opens with one character class, which the regex engine skips to: the form above
# tries its three branches at every character (tests/test_clean_prefilters.py checks the two agree).
_SPACES = re.compile(
    r"[ \t\u00a0\u2000-\u200b\u3000](?:[ \t\u00a0\u2000-\u200b\u3000]+|(?<=[ \t\u00a0])[ \t\u00a0]*(?=[,.;:!?)\]”])|(?<=[(\[“][ \t])[ \t]*)"
)
_DOUBLE_COMMA = re.compile(r",\s*(?=,)")


def tidy(d: Draft) -> None:
    """Whitespace and punctuation left behind by removals (not recorded: it explains nothing)."""
    if ",," in d.text or ", ," in d.text:
        d.replace_many([(m.start(), m.end(), "") for m in _DOUBLE_COMMA.finditer(d.text)], "tidy", record=False)
    if _UNTIDY.search(d.text):
        _tidy_spaces(d)
    if d.text[:1].isspace() or d.text[-1:].isspace():
        stripped = d.text.strip()
        lead = len(d.text) - len(d.text.lstrip())
        d.replace(lead + len(stripped), len(d.text), "", "tidy", record=False)
        d.replace(0, lead, "", "tidy", record=False)
    if d.text and not _ALNUM.search(d.text):
        d.replace(0, len(d.text), "", "punctuation")  # nothing but punctuation left behind


_ALNUM = re.compile(r"[^\W_]")
# A cheap test that tells whether the (slower) whitespace regex has anything to do: a wide or odd space, two
# spaces, a space before a closing mark or after an opening one (one class first, as _SPACES).
_UNTIDY = re.compile(r"[\t\u00a0\u2000-\u200b\u3000 (\[“](?:(?<=[\t\u00a0\u2000-\u200b\u3000])|(?<= )(?=[ ,.;:!?)\]”])|(?<=[(\[“])(?= ))")


def _tidy_spaces(d: Draft) -> None:
    spans = []
    text = d.text
    for m in _SPACES.finditer(text):
        start, end = m.span()
        before_closer = end < len(text) and text[end] in ",.;:!?)]”"
        after_opener = start > 0 and text[start - 1] in "([“"
        spans.append((start, end, "" if before_closer or after_opener else " "))
    d.replace_many(spans, "tidy", record=False)


RULES = [rule_markup, rule_code, rule_chrome, rule_gallery, rule_caption, rule_inline_credit, rule_told_caption, rule_position_caption, rule_end_mark,
         rule_closing_byline, rule_source_note, rule_glued_caption, rule_title_sentence]


def _settle(d: Draft, ctx: Context) -> None:
    """Apply the rules until nothing changes: one removal can reveal junk to another rule."""
    for _ in range(4):
        before = d.text
        for rule in RULES:
            if not d.text or d.text.isspace():  # nothing left (``strip`` would copy the text for each rule)
                break
            rule(d, ctx)
        tidy(d)
        if d.text == before:
            break


def clean_paragraph(raw: str, ctx: Context | None = None, config: CleanConfig = CleanConfig(), ref=None) -> tuple[Draft, list[Flag]]:
    """Run every rule over one paragraph; the draft holds the result and its edits, the flags include a
    ``clean.suspect`` for each removal that may have taken article text."""
    d, flags = _rules(raw, ctx or Context(title=None, index=0, count=1), config, ref)
    return d, flags + suspect_flags(d.edits, raw)


def _rules(raw: str, ctx: Context, config: CleanConfig, ref) -> tuple[Draft, list[Flag]]:
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
    authors = _author_lines(article)
    # Rules that look at where a paragraph stands (a lead, a closing byline) count article paragraphs only.
    ctx = Context(title=article.title, index=0, count=sum(not p.dropped for p in article.paragraphs) - len(authors))
    seen: set[str] = set()
    position = -1
    for i, para in enumerate(article.paragraphs):
        position += not para.dropped
        ctx.index = max(position, 0)
        if para.dropped:  # the reader already knows it is not article text; it is recorded like any removal
            d = Draft(para.raw)
            d.drop(para.dropped)
            # A section header that closes the removed run ("ĐỪNG BỎ QUA") heads the related list after it.
            if _SECTION_HEADERS.match(para.raw.rsplit("\n", 1)[-1].strip()):
                ctx.in_related_section = True
            para.clean, para.edits = "", d.edits
            continue
        if i in authors:  # the writer's name above the lead: a credit, no article paragraph
            position -= 1
            d = Draft(para.raw)
            d.drop("credit")
            ctx.credits.append(para.raw.strip())
            para.clean, para.edits = "", d.edits
            continue
        repeated = position == 0 and article.title and _same_words(para.raw, article.title)
        if repeated or (len(para.raw) >= 40 and para.raw.strip() in seen):
            # The headline again, or a paragraph the scraper picked up twice (a lead or a caption block).
            d = Draft(para.raw)
            d.drop("title.repeat" if repeated else "duplicate")
            para.clean, para.edits = "", d.edits
            continue
        seen.add(para.raw.strip())
        d, flags = _rules(para.raw, ctx, config, ref)
        para.clean, para.edits = d.text, d.edits
        _attach(article, i, flags)
    _drop_caption_repeats(article, ctx.captions + article.captions)
    if article.format == "html":
        _drop_after_the_close(article)
    # Every removal of every paragraph, whichever rule or step made it, is judged here, once: no rule can take
    # article text without a person being asked.
    for i, para in enumerate(article.paragraphs):
        _attach(article, i, suspect_flags(para.edits, para.raw, marked_up=bool(para.dropped)))
    article.flags.sort(key=lambda f: -1 if f.paragraph is None else f.paragraph)  # the queue in reading order
    if article.date is None and ctx.stamp:
        article.date = ctx.stamp
    # The reader may have found some already (HTML figures); each is kept once.
    article.captions = list(dict.fromkeys(article.captions + ctx.captions))
    article.credits = list(dict.fromkeys(article.credits + ctx.credits))
    return article


def _attach(article: Article, i: int, flags: list[Flag]) -> None:
    for flag in flags:
        flag.file, flag.paragraph, flag.line = article.file, i, article.paragraphs[i].line
        article.flags.append(flag)


def _author_lines(article: Article) -> set[int]:
    """Paragraphs that are only the writer's name above a lead the outlet tags ("Lê Ngọc Quỳnh" twice, then
    "(TBKTSG) - Tôi là …"): a page's author box. Names that no tagged lead follows are left alone (a list
    article's heading is a place's name)."""
    names: set[int] = set()
    seen = 0
    for i, para in enumerate(article.paragraphs):
        if para.dropped:
            continue
        text = para.raw.strip()
        if _OUTLET_TAG.match(text) and len(text.split()) >= 6:
            return names
        if len(text) <= 40 and _BYLINE.match(text):
            names.add(i)
        elif not (len(text) <= 80 and is_dateline(text)):
            return set()
        seen += 1
        if seen > 5:
            return set()
    return set()


def _drop_after_the_close(article: Article) -> None:
    """On a web page the article ends at its closing byline or source ("Ca Tiếu (theo online-tech-tips)"): the
    one or two blocks the extractor kept after it, before the page's chrome, are a related article's summary or
    its keywords. A byline followed by more than that stands above the article (an author box) and closes
    nothing. The rule knows only where the blocks stand, so what goes always asks a person (a heading after a
    credit in mid-article must not go unseen)."""
    kept = [i for i, p in enumerate(article.paragraphs) if p.clean]
    closes = [i for i, p in enumerate(article.paragraphs)
              if not p.dropped and not p.clean and p.edits and all(e.rule in ("credit", "byline") for e in p.edits)]
    if not closes or not kept:
        return
    after = [i for i in kept if i > closes[-1]]
    if not 1 <= len(after) <= 2 or len(kept) - len(after) < 3:
        return
    for i in after:
        para = article.paragraphs[i]
        d = Draft(para.raw)
        d.drop("chrome.after")
        para.clean, para.edits = "", para.edits + d.edits


def _drop_caption_repeats(article: Article, captions: list[str]) -> None:
    """A video's title standing above its caption ("Phố cá lóc nướng tấp nập" over "Phố cá lóc nướng tấp nập.
    Video: Công Khang"): a short paragraph that says only what a caption says is that caption again."""
    said = {norm_words(c) for c in captions} | {norm_words(_CREDIT_TAIL.sub("", c)) for c in captions}
    said.discard("")
    if not said:
        return
    for para in article.paragraphs:
        if para.dropped or not para.clean or len(para.clean.split(None, 30)) > 30:  # more than 30 words
            continue
        if norm_words(para.clean) in said:
            d = Draft(para.raw)
            d.drop("caption.repeat")
            para.clean, para.edits = "", para.edits + d.edits


_CREDIT_TAIL = re.compile(r"[.\s-]*(?:Ảnh|Video|Clip)\s*:.*$")


def clean_text(text: str, config: CleanConfig = CleanConfig()) -> str:
    """Clean a plain-text article given as a string; paragraphs are separated by one blank line."""
    from ..read import read_text_article

    article = Article(file="<text>")
    read_text_article(text, article)
    return clean_article(article, config).clean_text()
