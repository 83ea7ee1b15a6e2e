"""HTML pages → article paragraphs, with a record of everything on the page that is not the article.

Two trafilatura extractions are reconciled: one that favours precision (the article's core) and one that
favours recall (which also keeps the tail or the asides a precise extractor drops). The page's own text blocks
are the common ground: every block is either kept as a paragraph or recorded as a removal with its reason —
the page's chrome (``extract.chrome``), text an extraction kept far from the article (``extract.outside``), or short text inside
the article that neither kept (``extract.dropped``: prose inside the article is always kept). The cleaner's
safety check then sends removed prose to the review queue, so an extractor cannot lose a sentence silently.
"""

from __future__ import annotations

import re

from .article import Article, Paragraph

# Elements whose boundaries separate blocks of text on a rendered page.
_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table", "section",
    "article", "header", "footer", "nav", "aside", "figure", "figcaption", "blockquote", "pre", "dt", "dd", "dl",
    "main", "form", "option", "select", "button", "label", "caption", "center", "body", "html", "tbody", "thead",
}
_INVISIBLE = {"script", "style", "noscript", "template", "svg", "head", "title", "iframe", "object", "embed"}
_SPACE = re.compile(r"\s+")
# The only text a related-article list item holds outside its link: nothing, or its date ("… (26/12)").
_LIST_DATE = re.compile(r"(?:\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\))?")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def page_blocks(soup, linked: set[int] | None = None) -> list[str]:
    """The page's visible text, block by block in reading order (a ``<br>`` also ends a block). ``linked``,
    when given, receives the indices of blocks whose every word is the text of a link (a related headline)."""
    from bs4 import Comment, NavigableString, Tag

    blocks: list[str] = []
    current: list[str] = []
    unlinked: list[str] = []  # the block's text outside links
    owner = None

    def flush():
        text = _norm("".join(current))
        if text:
            if linked is not None and _LIST_DATE.fullmatch(_norm("".join(unlinked))):
                linked.add(len(blocks))
            blocks.append(text)
        current.clear()
        unlinked.clear()

    root = soup.body or soup
    for node in root.descendants:
        if isinstance(node, Tag):
            if node.name == "br" or node.name in _BLOCK_TAGS:
                flush()
                owner = node
            continue
        if not isinstance(node, NavigableString) or isinstance(node, Comment):
            continue
        parent, block = node.parent, None
        hidden = in_link = False
        while parent is not None and parent is not root.parent:
            if parent.name in _INVISIBLE:
                hidden = True
                break
            if block is None and parent.name in _BLOCK_TAGS:
                block = parent
            in_link = in_link or (block is None and parent.name == "a")
            parent = parent.parent
        if hidden:
            continue
        if block is not owner:
            flush()
            owner = block
        if not in_link:
            unlinked.append(str(node))
        current.append(str(node))
    flush()
    return blocks


def _map_to_blocks(paragraphs: list[str], blocks: list[str], norm_blocks: list[str]) -> set[int]:
    """Indices of the page blocks an extraction's paragraphs came from."""
    found: set[int] = set()
    cursor = 0
    for para in paragraphs:
        p = _norm(para)
        if len(p) < 2:
            continue
        for start in (cursor, 0):
            hit = next(
                (i for i in range(start, len(blocks)) if norm_blocks[i] == p or (len(p) >= 15 and p in norm_blocks[i])
                 or (len(norm_blocks[i]) >= 15 and norm_blocks[i] in p)),
                None,
            )
            if hit is not None:
                found.add(hit)
                # A paragraph may span several blocks (inline elements the page split): take those too.
                j = hit + 1
                while j < len(blocks) and len(norm_blocks[j]) >= 4 and norm_blocks[j] in p:
                    found.add(j)
                    j += 1
                cursor = hit
                break
    return found


# Prose: six words in a row, and a sentence's end closing the block. (Written as one pattern, "six words, then
# anything, then a final stop", it backtracks in cubic time on a long block with no stop: 800 words, 22 s.)
_SIX_WORDS = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?:\s+[^\W\d_]+){5}")


def _prose(block: str) -> bool:
    """Blocks are one line each (page_blocks); of one that is not, the last line is judged."""
    line = block.rstrip("\n").rsplit("\n", 1)[-1]
    return line.rstrip("\"”’)")[-1:] in (".", "!", "?", "…") and bool(_SIX_WORDS.search(line))


_CREDIT_END = re.compile(r"(?:Ảnh|ẢNH|Nguồn ảnh|Photo)\s*:\s*[^.!?:]{1,60}$")  # a picture's caption ends so
_GAP = 15  # blocks without article text that separate the article from the page's other text
_LEAD_WINDOW = 6  # how far before the body a lead may stand


def _clusters(indices: list[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for i in indices:
        if spans and i - spans[-1][1] <= _GAP:
            spans[-1] = (spans[-1][0], i)
        else:
            spans.append((i, i))
    return spans


def reconcile(blocks: list[str], precise: list[str], recall: list[str], keep: set[int],
              aside: set[int] = frozenset()) -> list[tuple[str, str]]:
    """``(block text, reason)`` for every block: reason ``""`` keeps it, anything else names the removal.

    The article is the run of blocks where the extractions found most text (and any other run with at least a
    third as much: pages that split an article around a large box); inside it every block of prose is kept,
    whichever extraction dropped it, and it goes on while prose follows it (see below).
    ``aside`` are blocks that are no article text whoever kept them (all link text, a picture's caption): they
    weigh nothing, and a run beside the main one that is mostly such blocks must hold prose of its own, so that a sidebar box of photo
    teasers ("Cuộc sống qua ống kính độc giả", a picture, its caption, a link) is not taken for a second part."""
    norm_blocks = [_norm(b).casefold() for b in blocks]
    lower = lambda xs: [x.casefold() for x in xs]  # noqa: E731
    core = _map_to_blocks(lower(precise), blocks, norm_blocks) | keep
    wide = _map_to_blocks(lower(recall), blocks, norm_blocks) | core
    # Both extractions vote: a precise extractor sometimes settles on a sidebar the recall one outweighs.
    found = core | wide
    spans = _clusters(sorted(found))
    mass = [sum(len(blocks[i]) * (2 if i in core else 1) for i in range(lo, hi + 1) if i in found and i not in aside)
            for lo, hi in spans]
    article: set[int] = set()
    for (lo, hi), m in zip(spans, mass):
        if m < max(mass) / 3:
            continue
        run = [i for i in range(lo, hi + 1) if i in found]
        boxed = 2 * sum(i in aside for i in run) >= len(run)  # mostly links and pictures' captions
        if m < max(mass) and boxed and not any(_prose(blocks[i]) for i in run if i not in aside):
            continue  # a box beside the article: headings, pictures and links, no sentence of its own
        # The lead often stands a few blocks before the body, behind a dateline or a byline.
        lead = next((j for j in range(lo - 1, max(-1, lo - 1 - _LEAD_WINDOW), -1) if _prose(blocks[j])), None)
        while lead is not None:
            lo = lead
            lead = next((j for j in range(lo - 1, max(-1, lo - 1 - _LEAD_WINDOW), -1) if _prose(blocks[j])), None)
        # The article goes on while the recall extraction finds prose after it, and past its last picture while
        # prose follows at all: both extractions may stop at a picture near the page's end (thesaigontimes: the
        # last section's paragraphs carry no class). A comment box or a footer after the text stays out.
        past_picture = hi in aside or bool(_CREDIT_END.search(blocks[hi]))
        while hi + 1 < len(blocks) and hi + 1 not in aside and (hi + 1 in wide or past_picture) and _prose(blocks[hi + 1]):
            hi += 1
        article.update(range(lo, hi + 1))
    out = []
    for i, block in enumerate(blocks):
        if i in article:
            # Inside the article, headings and list items count too; one- and two-word labels and section names
            # in capitals do not, unless an extraction kept them.
            label = len(block.split()) < 3 or (block.isupper() and len(block.split()) <= 6)
            out.append((block, "extract.dropped" if label and i not in wide else ""))
        elif i in wide or any(j in article for j in range(i - _LEAD_WINDOW, i + _LEAD_WINDOW + 1)):
            out.append((block, "extract.outside"))
        else:
            out.append((block, "extract.chrome"))
    return out


def read_html_article(html: str, article: Article) -> None:
    """HTML page → title, date and paragraphs; the page's other text is kept as recorded removals."""
    from bs4 import BeautifulSoup

    from .read import iso_date

    article.format = "html"
    soup = BeautifulSoup(html, "html.parser")
    lead, article.captions = _lead_and_captions(soup)
    title, date, precise = _trafilatura_extract(html, favor_precision=True)
    title2, _, recall = _trafilatura_extract(html, favor_recall=True)
    article.title = _page_title(soup, title or title2) or None
    if date:
        article.date = iso_date(date[:10]) if re.match(r"\d{4}-\d{2}-\d{2}", date) else None
    if not article.date:
        article.date = _html_date(html)
    linked: set[int] = set()
    blocks = page_blocks(soup, linked)
    if not precise and not recall:
        recall = _soup_extract(soup)
    keep = {i for i, b in enumerate(blocks) if lead and _norm(b) == _norm(lead)}
    captions = {_norm(c) for c in article.captions}
    headline = _norm(article.title or "").casefold()
    paragraphs: list[Paragraph] = []
    pictured = {i for i, b in enumerate(blocks) if _norm(b) in captions or _part_of_caption(_norm(b), captions)}
    aside = linked | pictured
    reasons = reconcile(blocks, precise.split("\n"), recall.split("\n"), keep, aside)
    stated = _dateline_near_article(blocks, [i for i, (_, reason) in enumerate(reasons) if not reason])
    if stated:
        article.date = stated  # what the page shows its reader beats metadata, which sites often get wrong
    for i, (block, reason) in enumerate(reasons):
        if i in pictured:
            reason = "caption"
        elif headline and _norm(block).casefold() == headline:
            reason = "title.repeat"
        elif not reason and i in linked and _is_related_headline(block):
            reason = "chrome.related"
        if reason and paragraphs and paragraphs[-1].dropped == reason:
            paragraphs[-1].raw += "\n" + block  # one removal for a run of chrome
        else:
            paragraphs.append(Paragraph(raw=block, dropped=reason))
    if not any(not p.dropped for p in paragraphs) and lead:
        paragraphs.insert(0, Paragraph(raw=lead))
    article.paragraphs = paragraphs
    for i, p in enumerate(article.paragraphs, start=1):
        p.line = i




def _part_of_caption(block: str, captions: set[str]) -> bool:
    """A caption the page split into blocks: its text, then its credit ("… Lotus" + "Ảnh: CTV")."""
    return len(block.split()) >= 4 and any(c.startswith(block) and len(c) > len(block) for c in captions)


def _is_related_headline(block: str) -> bool:
    """A block that is all link text and reads as a headline (no closing stop, a few words) is a related
    article's link, wherever the page put it: between the lead and the body, or in a list under the body.
    Sources and bylines are links too ("Theo Minh Nguyễn/Vcamp.vn"): they stay for the credit rules."""
    text = re.sub(r"\s*\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)$", "", block).strip()
    words = text.split()
    if not 4 <= len(words) <= 30 or re.match(r"(?i)(?:theo|nguồn|ảnh|video)\b", text):
        return False
    return not re.search(r"[.:;…]$", text)


def _dateline_near_article(blocks: list[str], kept: list[int]) -> str | None:
    """The date of the dateline closest to where the article starts (a few blocks before it, or its first)."""
    from .read import parse_dateline

    if not kept:
        return None
    first = kept[0]
    window = sorted(range(max(0, first - 2 * _LEAD_WINDOW), min(len(blocks), first + 4)), key=lambda i: abs(i - first))
    for i in window:
        line = blocks[i]
        if len(line) <= 80 and (date := parse_dateline(line)):
            return date
    return None


def _page_title(soup, extracted: str | None) -> str | None:
    """The headline: a page heading that the page's <title> or og:title repeats (sites put their name and
    section around it there), else the extracted title less the site's name."""
    from .read import tidy_title

    meta = soup.find("meta", attrs={"property": "og:title"})
    titles = [t for t in (meta.get("content") if meta else None, soup.title.string if soup.title else None, extracted) if t]
    flat = [_norm(t).casefold() for t in titles]
    for heading in soup.find_all(["h1", "h2"]):
        text = heading.get_text(" ", strip=True)
        if len(text.split()) >= 3 and any(text.casefold() in t for t in flat):
            return text
    return tidy_title(extracted or (titles[0] if titles else None))


# Photo captions the page marks by class rather than <figcaption>: "pCaption", "chu-thich-anh", "imgcaption".
_CAPTION_CLASS = re.compile(r"(?i)caption|chu-?thich|image-?desc|photo-?desc|img-?desc")
_LEAD_CLASS = re.compile(r"(?:^|[-_ ])(?:sapo|lead|description|summary|chapeau|abstract|excerpt|intro|tom-?tat)(?:$|[-_ ])", re.I)


_PHOTO_STORY = 6  # pictures with a text beside each: more than a report's photos


def _caption_of_image(img):
    """The element that may hold an image's caption on pages without <figcaption>: the image's own paragraph
    or cell, with text after the image and no link ("<p><img><br><span>Các bị cáo tại tòa</span></p>"; a
    thumbnail's headline is a link)."""
    box = img.find_parent(["p", "td"])
    if box is None or box.find("a") is not None or not box.get_text(strip=True):
        return None
    before = "".join(t for t in img.find_all_previous(string=True) if box in t.parents).strip()
    return None if before else box


# A caption the page sets apart by style alone, in the paragraph right after the picture's own:
# '<p><img …></p><p style="text-align: center; font-style: italic">Căng-tin ở Làng Thi cử.</p>'.
# The caption is italic; centring alone is no sign (pages centre body text under pictures too).
_CAPTION_STYLE = re.compile(r"(?i)font-style\s*:\s*italic|text-align\s*:\s*center")
_ITALIC = re.compile(r"(?i)font-style\s*:\s*italic")


def _alt_and_styled_captions(soup) -> list[str]:
    """Captions told by the picture itself: the text right under it when that says the image's ``alt`` again
    and is no sentence (pages also give a body sentence as the alt), or a short styled paragraph right after a paragraph that holds only the
    picture. Both are looked up as whole blocks, so a body sentence that merely shares words stays."""
    out = []
    for img in soup.find_all("img"):
        alt = " ".join((img.get("alt") or "").split())
        following = next((t.strip() for t in img.find_all_next(string=True, limit=8) if t.strip()), "")
        if len(alt.split()) >= 4 and " ".join(following.split()) == alt and not following.endswith((".", "...", "…")):
            out.append(alt)  # the text right under the picture says its alt again, and is no sentence
        box = img.find_parent("p")
        if box is None or box.get_text(strip=True):
            continue
        nxt = box.find_next_sibling()
        if nxt is None or nxt.name != "p" or nxt.find(["img", "a"]) is not None:
            continue
        text = nxt.get_text(" ", strip=True)
        if text and len(text.split()) <= 30 and _ITALIC.search(nxt.get("style") or "") \
                and _CAPTION_STYLE.search(box.get("style") or ""):
            out.append(text)
    return out


def _lead_and_captions(soup) -> tuple[str | None, list[str]]:
    """The article's lead paragraph ("sapo"), found by the class names Vietnamese news sites give it, and
    the photo captions (which main-text extraction drops; vi2en keeps them in the article's metadata)."""
    captions = [text for c in soup.find_all("figcaption") if (text := c.get_text(" ", strip=True))]
    marked = soup.find_all(["div", "p", "td", "span"], class_=_CAPTION_CLASS)
    beside = [t for img in soup.find_all("img") if (t := _caption_of_image(img)) is not None]
    if len(beside) >= _PHOTO_STORY:
        beside = []  # a photo story: the texts beside its pictures are the article
    beside = [t for t in beside if len(t.get_text(" ", strip=True).split()) <= 15]
    for text in _alt_and_styled_captions(soup):
        if text not in captions:
            captions.append(text)
    for tag in marked + beside:
        text = tag.get_text(" ", strip=True)
        if text and len(text.split()) <= 60 and text not in captions:
            captions.append(text)
    for tag in soup.find_all(["p", "h2", "div", "span"]):
        classes = " ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
        text = tag.get_text(" ", strip=True) if _LEAD_CLASS.search(classes.strip()) else ""
        if 40 <= len(text) <= 1000:
            return text, captions
    return None, captions


def _trafilatura_extract(html: str, **favor) -> tuple[str | None, str | None, str]:
    import logging

    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True, **favor)
    except Exception:  # trafilatura raises on some malformed documents; the page's blocks still stand
        return None, None, ""
    if doc is None:
        return None, None, ""
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    return get("title"), get("date"), get("text") or ""


def _soup_extract(soup) -> str:
    """Paragraphs of a page trafilatura gave up on: the text of its paragraph-like elements."""
    root = soup.find("article") or soup.body or soup
    blocks = [el.get_text(" ", strip=True) for el in root.find_all(["p", "h2", "h3", "li"])]
    if not blocks:
        blocks = [root.get_text("\n", strip=True)]
    return "\n".join(b for b in blocks if b)


def _html_date(html: str) -> str | None:
    from .read import iso_date

    try:
        from htmldate import find_date

        found = find_date(html, original_date=True, extensive_search=False)
    except Exception:
        return None
    return iso_date(found) if found else None
