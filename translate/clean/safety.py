"""No silent loss: a removal that takes what reads as article prose goes to the review queue.

Rules are written to remove junk only, but a pattern can overreach (a related link glued to a sentence, a
caption rule that takes a body sentence). Whatever a rule takes is checked here: text that reads as prose —
a complete sentence of some length, or a long stretch of words — becomes a ``clean.suspect`` flag carrying
the removed text, so a person decides. Code, markup, link lists, names and single short captions pass.
"""

from __future__ import annotations

import re

from ..article import Edit, Flag
from ..segment import sentences

# Rules whose removals are never prose: leaked code and markup, lost-number repairs, the headline again,
# a paragraph seen twice (the kept copy holds the words).
_EXEMPT = {"extract.chrome", "code", "markup.script", "markup.tag", "markup.entity", "placeholder", "endmark", "title.repeat", "duplicate", "punctuation"}
# Rules that move text to the article's captions/credits: one short sentence is what a caption is.
_MOVED = {"caption", "credit", "gallery", "byline"}
_WORD = re.compile(r"[^\W\d_]+")
_CLAUSE = re.compile(r"[^.!?…]+[.!?…]+")


def reads_as_prose(text: str) -> bool:
    """A complete sentence of six words or more (anything that ends at . ! ? or …, whatever comes next), or
    more than forty words in all."""
    if len(_WORD.findall(text)) > 40:
        return True
    for sentence in _CLAUSE.findall(text):
        words = _WORD.findall(sentence)
        if len(words) >= 6 and sum(w[0].islower() for w in words) >= 3:
            return True
    return False


def is_suspect(edit: Edit) -> bool:
    if edit.replacement.strip() or edit.rule in _EXEMPT:
        return False
    if edit.rule == "extract.outside":  # far from the article: suspect only when it is more than a line of prose
        return sum(reads_as_prose(s) for s in sentences(edit.text)) >= 2
    if edit.rule.split(".")[0] in _MOVED:
        if len(_WORD.findall(edit.text)) > 45:
            return True
        # Three sentences need two stops between them: most captions and credits are told without splitting.
        return sum(map(edit.text.count, ".!?…")) >= 2 and len(sentences(edit.text.strip())) > 2
    return reads_as_prose(edit.text)


def suspect_flags(edits: list[Edit]) -> list[Flag]:
    """One ``clean.suspect`` flag for each removal that may have taken article text."""
    return [
        Flag(
            kind="clean.suspect",
            original=edit.text.strip(),
            cleaned="",
            context=edit.text.strip()[:300],
            suggestion=f"removed by rule '{edit.rule}'; restore it if it is article text",
            start=edit.start,
            end=edit.end,
        )
        for edit in edits
        if is_suspect(edit)
    ]
