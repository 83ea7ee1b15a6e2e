"""The records that flow through the pipeline.

An :class:`Article` is read from one input file, cleaned paragraph by paragraph (each paragraph keeps its raw
text, its cleaned text and the list of edits between the two), checked for dates, and later gains sentence
pairs. Every record turns into plain JSON with :func:`to_json`, so outputs never depend on pickles.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any


@dataclass
class Edit:
    """One change the cleaner made to a paragraph: removed (``replacement == ""``) or repaired text.

    ``start``/``end`` index the paragraph's raw text, so a diff can strike through exactly what went away.
    """

    rule: str
    start: int
    end: int
    text: str
    replacement: str = ""  # empty for a removal


@dataclass
class Flag:
    """Something a person must check; one row of the review queue."""

    kind: str
    original: str
    cleaned: str
    context: str
    suggestion: str = ""
    english: str = ""  # for mt.* flags: the English the model gave for the sentence in ``cleaned``
    file: str = ""
    source_id: str = ""  # the article's id or URL, for record inputs
    line: int | None = None
    paragraph: int | None = None
    sentence: int | None = None
    start: int | None = None
    end: int | None = None
    id: str = ""  # stable across runs: see :func:`flag_id`


def flag_id(flag: Flag) -> str:
    """The flag's id, made once from what the flag says (file, kind, where, the text it quotes): the same article
    text gives the same flags and so the same ids in every run, which is what lets a reviewer's decision find its
    flag again. Kept once made, so a flag keeps its id when a correction elsewhere changes its paragraph."""
    if not flag.id:
        import hashlib
        import json

        what = [flag.file, flag.kind, flag.paragraph, flag.sentence, flag.start, flag.end, flag.original, flag.context, flag.english]
        flag.id = hashlib.sha256(json.dumps(what, ensure_ascii=False).encode()).hexdigest()[:16]
    return flag.id


@dataclass
class Paragraph:
    """A paragraph of the input as read (``raw``) and as cleaned (``clean``, empty when it was all junk)."""

    raw: str
    line: int | None = None
    clean: str = ""
    edits: list[Edit] = field(default_factory=list)
    lang: str = "vi"
    dropped: str = ""  # the reader's reason when it is not article text at all (HTML page chrome)

    @property
    def kept(self) -> bool:
        return bool(self.clean.strip())


@dataclass
class SentencePair:
    """One sentence and its English. ``part`` is where it stands: the headline (``title``), a photo caption
    (``caption``, ``paragraph`` numbering the captions) or the ``body`` (``paragraph`` indexing the paragraphs)."""

    paragraph: int
    sentence: int
    vi: str
    en: str = ""
    flags: list[str] = field(default_factory=list)
    translated: bool = True
    part: str = "body"
    post_edited: bool = False  # ``en`` is a reviewer's correction, not the model's (vi2en apply-review)


@dataclass
class Article:
    """One input file and everything the pipeline learns about it."""

    file: str
    source_path: str = ""
    source_id: str = ""  # the id or URL a record gave the article (record inputs, trafilatura's metadata header)
    status: str = "ok"  # ok | skipped | failed
    reason: str = ""
    encoding: str = ""
    format: str = "text"
    title: str | None = None
    date: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    sentences: list[SentencePair] = field(default_factory=list)
    translation: dict[str, Any] | None = None
    title_en: str | None = None  # the headline's English (translate)
    captions_en: list[str] = field(default_factory=list)  # each caption's English, in the order of ``captions``
    decisions: list[dict[str, Any]] = field(default_factory=list)  # reviewers' decisions applied (translate/review_loop.py)

    def __post_init__(self) -> None:
        from .escape import printable_name

        self.file = printable_name(self.file)  # a non-UTF-8 name must not break UTF-8 outputs

    @property
    def body(self) -> list[Paragraph]:
        """The paragraphs that survived cleaning, in order."""
        return [p for p in self.paragraphs if p.kept]

    def clean_text(self) -> str:
        return "\n\n".join(p.clean for p in self.body)

    def removals(self) -> list[Edit]:
        return [e for p in self.paragraphs for e in p.edits]


def to_json(article: Article) -> dict[str, Any]:
    """The article record written to ``OUT/<stem>.json``."""
    for flag in article.flags:
        flag_id(flag)
    data = plain(article)
    data.pop("source_path")
    for p, raw in zip(data["paragraphs"], article.paragraphs):
        p["kept"] = raw.kept
    # Every removal and repair in one list too, for readers that do not want to walk the paragraphs.
    data["removals"] = [{"paragraph": i, **plain(e)} for i, p in enumerate(article.paragraphs) for e in p.edits]
    if article.translation is None:
        for key in ("sentences", "translation", "title_en", "captions_en"):
            data.pop(key)
    return data


_IMMUTABLE = {str, int, float, bool, type(None)}
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def plain(value: Any) -> Any:
    """``dataclasses.asdict``: the same new dicts and lists, made without its deep copy of every string and number
    (they cannot change; the copying was a third of the cost of an article's record, made for every article)."""
    kind = type(value)
    if kind in _IMMUTABLE:
        return value
    if kind is list:
        return [plain(v) for v in value]
    if kind is dict:
        return {plain(k): plain(v) for k, v in value.items()}
    names = _FIELD_NAMES.get(kind)
    if names is None and is_dataclass(kind):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple, as asdict makes it
        return kind(*[plain(v) for v in value])
    if isinstance(value, (list, tuple)):
        return kind(plain(v) for v in value)
    if isinstance(value, dict):
        return kind((plain(k), plain(v)) for k, v in value.items())
    return copy.deepcopy(value)


def from_json(data: dict[str, Any]) -> Article:
    """Rebuild an article from its record (used by ``vi2en diff`` and the report on an output folder)."""
    data = dict(data)
    data.pop("removals", None)
    paragraphs = []
    for p in data.pop("paragraphs", []):
        p = dict(p)
        p.pop("kept", None)
        p["edits"] = [Edit(**e) for e in p.get("edits", [])]
        paragraphs.append(Paragraph(**p))
    flags = [Flag(**f) for f in data.pop("flags", [])]
    sentences = [SentencePair(**s) for s in data.pop("sentences", []) or []]
    known = set(Article.__dataclass_fields__)
    extra = {k: v for k, v in data.items() if k in known}
    return Article(paragraphs=paragraphs, flags=flags, sentences=sentences, **extra)
