"""Images, captions and credits: they leave the body and are kept in the article's metadata."""

from __future__ import annotations

import re

from .chrome import _is_headline_like
from .draft import Context, Draft

_AGENCIES = (
    r"TTXVN|VNA|Vietnam\+|VietnamPlus|VOV|VTV|TTO|TN|Reuters|AFP|AP|ANI|PTI|Bloomberg|CNN|BBC|Xinhua|Tân\s+Hoa\s+xã|"
    r"Kyodo|Yonhap|Sputnik|TASS|RIA\s+Novosti|Getty(?:\s+Images)?|EPA|VnExpress|Tuổi\s+Trẻ|Thanh\s+Niên|Dân\s+trí|"
    r"Nhân\s+Dân|Zing|Vietnamnet|Lao\s+Động|PV|CTV|Internet|Shutterstock|NYT|WSJ|Guardian"
)
_CREDIT_ITEM = rf"(?:(?:theo|nguồn)\s*:?\s*)?(?:{_AGENCIES}|[A-ZĐ][\w.+-]*(?:\s+[A-ZĐ][\w.+-]*){{0,3}})"
# A credit that is a whole paragraph: "(TTXVN/Vietnam+)", "Theo Reuters", "Nguồn: AFP", "(PV)".
_CREDIT_PARAGRAPH = re.compile(
    rf"^\(?\s*(?:(?:theo|nguồn)\s*:?\s*)?(?:{_AGENCIES})(?:\s*[/,&-]\s*(?:{_AGENCIES}|{_CREDIT_ITEM}))*\s*\)?\.?$"
    rf"|^\(\s*(?:theo|nguồn)\s*:?\s*[^()]{{2,60}}\)\.?$|^(?:theo|nguồn)\s*:?\s+(?:{_AGENCIES})\b[^.!?]{{0,40}}$",
    re.I,
)
# A credit glued to the end of a paragraph: "… xuất khẩu. (TTXVN)".
_CREDIT_TAIL = re.compile(rf"\s*\(\s*(?:(?:theo|nguồn)\s*:?\s*)?(?:{_AGENCIES})(?:\s*[/,&-]\s*[^()]{{1,30}})*\s*\)\.?\s*$", re.I)
# A photo caption: a paragraph that ends with its photo credit, or starts with "Ảnh:".
_CAPTION = re.compile(
    r"(?:^|[.!?…\"”]\s*|\s)\(?\s*(?:ảnh|nguồn\s+ảnh|photo|video)\s*(?:minh\s+họa|minh\s+hoạ)?\s*:\s*[^.!?]{1,80}\)?\s*$|^\(?\s*ảnh\s+minh\s+h(?:ọa|oạ)\s*\)?[.:]?$",
    re.I,
)
# The outlet's tag in front of a lead: "(Dân trí) - ", "TTO - ", "VOV.VN - ", "(PLO)- ".
_OUTLETS = (
    r"Dân\s+trí|TTO|NDO|PLO|NLĐO|VOV(?:\.VN)?|VTV(?:\.vn)?|VTC\s+News|VnExpress|Zing(?:News)?|VietNamNet|Vietnamnet|SGGP|ANTĐ|"
    r"CAND|QĐND|GDVN|VNA|TTXVN|Vietnam\+|VietnamPlus|Chinhphu\.vn|Baochinhphu\.vn|Kinhtedothi|Tin\s+tức|Thanh\s+Niên|"
    r"Tuổi\s+Trẻ|Lao\s+Động|Nhân\s+Dân|Tiền\s+Phong|Người\s+Lao\s+Động|Pháp\s+Luật|Báo\s+[A-ZĐ][\w]+(?:\s+[A-ZĐ][\w]+)?"
)
_OUTLET_TAG = re.compile(rf"^\(?\s*(?:{_OUTLETS})\s*\)?\s*[-–—]+\s*(?=\S)")
# A byline closing the article: two to five capitalised words, perhaps with an agency in brackets.
_BYLINE = re.compile(r"^(?:[A-ZĐ][^\W\d_]*\.?\s+){1,4}[A-ZĐ][^\W\d_]*(?:\s*\([^()]{2,30}\))?$")

# A gallery artefact: "<headline again> ảnh 1<Caption…>" (the image index glued to the caption's first letter).
_GALLERY = re.compile(r"\bảnh\s*(\d{1,2})(?=[A-ZĐÀ-Ỹ\"“(])")


def _same_words(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().casefold()  # noqa: E731
    return bool(a) and norm(a) == norm(b)


def rule_gallery(d: Draft, ctx: Context) -> None:
    """'Headline ảnh 1Caption': the repeated headline and the image index go, the caption moves to metadata."""
    m = _GALLERY.search(d.text) if "ảnh" in d.text else None
    if not m:
        return
    before = d.text[: m.start()].strip()
    caption = d.text[m.end() :].strip()
    if not before or _same_words(before, ctx.title or "") or _is_headline_like(before):
        ctx.captions.append(caption)
        d.replace(m.start(), len(d.text), "", "caption")
        d.replace(0, len(d.text), "", "gallery")
    else:
        ctx.captions.append(caption)
        d.replace(m.start(), len(d.text), "", "caption")


def rule_caption(d: Draft, ctx: Context) -> None:
    """Photo captions and credits leave the body; they are kept in the article's metadata."""
    text = d.text.strip()
    if not text:
        return
    if len(text) <= 80 and _CREDIT_PARAGRAPH.match(text):
        ctx.credits.append(text)
        d.drop("credit")
        return
    lower = text.lower()
    maybe_caption = "ảnh" in lower or "photo" in lower or "video" in lower
    if maybe_caption and len(text) <= 400 and _CAPTION.search(text) and (ctx.index > 0 or ctx.count == 1 or len(text.split()) <= 25):
        ctx.captions.append(text)
        d.drop("caption")
        return
    if ctx.index >= ctx.count - 3 and ctx.count > 3 and len(text) <= 60 and _BYLINE.match(text):
        ctx.credits.append(text)
        d.drop("credit")
        return
    m = _OUTLET_TAG.match(d.text) if ctx.index < 3 else None
    if m and len(d.text[m.end():].split()) >= 3:
        ctx.credits.append(re.sub(r"\s*[-–—]+\s*$", "", m.group()).strip())
        d.replace(0, m.end(), "", "credit")
        return
    m = _CREDIT_TAIL.search(d.text) if text.endswith((")", ").")) else None
    if m and len(re.findall(r"[^\W\d_]{2,}", d.text[: m.start()])) >= 3:
        ctx.credits.append(m.group().strip())
        d.replace(m.start(), m.end(), "", "credit")


_END_MARK = re.compile(r"(?<=[.!?…\"”)\]])\s*/\.(?=\s*$)|(?<=\S)\s*\./\.(?=\s*$)")


def rule_end_mark(d: Draft, ctx: Context) -> None:
    """The Vietnamese wire end mark './.' becomes a plain full stop."""
    m = _END_MARK.search(d.text) if d.text.rstrip().endswith("/.") else None
    if m:
        d.replace(m.start(), m.end(), "" if m.group().strip() == "/." else ".", "endmark")
