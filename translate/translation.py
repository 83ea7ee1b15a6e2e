"""Sentences of cleaned articles → English, batched across articles, cached, never truncated, then QA'd.

Each sentence is cut at the cleaner's markers (so "[?]" survives translation exactly where it was) and, when
longer than the model's input limit, at clause boundaries; the pieces are translated and rejoined. Pieces
from all articles are deduplicated, looked up in the cache, sorted by length and batched.
"""

from __future__ import annotations

import re
from dataclasses import asdict

from .article import Article, Flag, SentencePair
from .config import DecodeSettings, TranslateConfig
from .qa import check_pair
from .decode import vietnamese_score
from .read import detect_language
from .segment import fit_pieces, split_sentences


def paragraph_language(text: str) -> str:
    """'vi' for Vietnamese; otherwise the detected language, which passes through untranslated."""
    if vietnamese_score(text) > 0.03:
        return "vi"
    if not re.search(r"[^\W\d_]{2,}", text):
        return "zxx"  # no words: numbers or symbols, nothing to translate
    return detect_language(text) if len(text) >= 25 else "und"


def split_at_markers(sentence: str, marker: str) -> list[str]:
    """'A [?] B' → ['A', '[?]', 'B']: markers are kept as their own pieces and never sent to the model."""
    if not marker or marker not in sentence:
        return [sentence]
    parts = re.split(f"({re.escape(marker)})", sentence)
    return [p.strip() for p in parts if p.strip()]


def segment_article(article: Article) -> tuple[list[SentencePair], list[str]]:
    """The article's sentences, headline first, then the body, then the photo captions; and each one's language
    ('vi' is translated, anything else passes through)."""
    parts = [("title", 0, article.title or "", None)]
    parts += [("body", i, p.clean, p) for i, p in enumerate(article.paragraphs) if p.kept]
    parts += [("caption", k, c, None) for k, c in enumerate(article.captions)]
    pairs, langs = [], []
    for part, index, text, para in parts:
        if not text.strip():
            continue
        lang = paragraph_language(text)
        if para is not None:
            para.lang = lang
        for j, (a, b) in enumerate(split_sentences(text)):
            pairs.append(SentencePair(paragraph=index, sentence=j, vi=text[a:b], translated=lang == "vi", part=part))
            langs.append(lang)
    return pairs, langs


class Plan:
    """Which model inputs each sentence needs: its pieces, in order, each either a marker or model input."""

    def __init__(self, engine, marker: str):
        self.engine = engine
        self.marker = marker
        self.pieces: dict[tuple[int, int], list[str]] = {}

    def add(self, key: tuple[int, int], sentence: str) -> None:
        chunks = split_at_markers(sentence, self.marker)
        pieces: list[str] = []
        inputs = [c for c in chunks if c != self.marker]
        counts = dict(zip(inputs, self.engine.count_tokens(inputs))) if inputs else {}
        limit = self.engine.max_input_tokens

        def count(text: str) -> int:
            if text not in counts:
                counts[text] = self.engine.count_tokens([text])[0]
            return counts[text]

        for chunk in chunks:
            pieces.extend([chunk] if chunk == self.marker else fit_pieces(chunk, count, limit))
        self.pieces[key] = pieces

    def model_inputs(self) -> list[str]:
        seen: dict[str, None] = {}
        for pieces in self.pieces.values():
            for p in pieces:
                if p != self.marker:
                    seen.setdefault(p, None)
        return list(seen)

    def join(self, key: tuple[int, int], translated: dict[str, str]) -> str:
        return " ".join(p if p == self.marker else translated[p] for p in self.pieces[key]).strip()


def decode_settings(engine, config: TranslateConfig) -> DecodeSettings:
    """The decoding options of a run: the config's, else the preset's."""
    return DecodeSettings(
        beams=config.beams or engine.preset.beams,
        max_new_tokens_ratio=config.max_new_tokens_ratio or 2.0,
        no_repeat_ngram_size=config.no_repeat_ngram_size,
        repetition_penalty=config.repetition_penalty,
    )


def open_cache(engine, config: TranslateConfig):
    """The translation cache of this model and these settings (None with --no-cache)."""
    if not config.use_cache:
        return None
    from .cache import TranslationCache

    settings = decode_settings(engine, config)
    return TranslationCache(config.cache_dir, {**engine.signature(), **asdict(settings), "device": None, "source": None})


def translate_inputs(inputs: list[str], engine, config: TranslateConfig, settings: DecodeSettings, progress,
                     cache=None) -> tuple[dict[str, str], set[str]]:
    """Each model input's English, from the cache where it has it, else from the engine (and then cached);
    and the inputs that came from the cache. ``cache`` is an open :func:`open_cache` that a run translating
    window after window keeps open; without it, one is opened and closed here."""
    own_cache = cache is None
    if own_cache:
        cache = open_cache(engine, config)
    done = cache.get_many(inputs) if cache else {}
    cached = set(done)
    todo = [s for s in inputs if s not in done]
    lengths = dict(zip(todo, engine.count_tokens(todo))) if todo else {}  # the engine keeps each encoding
    # Progress counts tokens, not pieces: pieces go shortest first (longest first with
    # CTranslate2 replicas), so a count of pieces would make the ETA drift.
    progress.start("translate", sum(lengths.values()), "tokens")
    # Length-sorted batches by token budget (at most --batch-size inputs); a sentence's output never depends
    # on what shares its batch, so the cache key needs no batch composition (engines/batching.py).
    batches = engine.plan_batches(todo, settings, config.batch_size) if todo else []
    for batch, outputs in zip(batches, engine.translate_batches(batches, settings)):
        results = dict(zip(batch, outputs))
        done.update(results)
        if cache:
            cache.put_many(results)
        progress.advance("translate", sum(lengths[s] for s in batch))
    progress.finish("translate")
    if cache and own_cache:
        cache.close()
    return done, cached


def check_translation(article: Article, pair: SentencePair, marker: str) -> None:
    """QA of one translated pair: each problem goes on the pair and into the article's review queue."""
    body = pair.part == "body"
    for kind, suggestion in check_pair(pair.vi.replace(marker, " "), pair.en.replace(marker, " ")):
        pair.flags.append(kind)
        article.flags.append(
            Flag(kind=kind, original=pair.vi, cleaned=pair.vi, english=pair.en, context=pair.vi,
                 suggestion=suggestion if body else f"{pair.part}: {suggestion}", file=article.file,
                 source_id=article.source_id,
                 line=article.paragraphs[pair.paragraph].line if body else None,
                 paragraph=pair.paragraph if body else None, sentence=pair.sentence)
        )


def assemble_english(article: Article) -> None:
    """The headline's and the captions' English from their sentence pairs."""
    article.title_en = " ".join(p.en for p in article.sentences if p.part == "title") or None
    article.captions_en = [" ".join(p.en for p in article.sentences if p.part == "caption" and p.paragraph == k)
                           for k in range(len(article.captions))]


def translate_articles(articles: list[Article], engine, config: TranslateConfig, marker: str, progress,
                       cache=None, per_article: list | None = None) -> dict:
    """Fill ``article.sentences`` (and QA flags) for every ok article; returns counts for the summary.

    ``cache``: see :func:`translate_inputs`. ``per_article`` gets each ok article's counts."""
    settings = decode_settings(engine, config)
    plan = Plan(engine, marker)
    ok = [a for a in articles if a.status == "ok"]
    langs: dict[int, list[str]] = {}
    for n, article in enumerate(ok):
        article.sentences, langs[n] = segment_article(article)
        for k, pair in enumerate(article.sentences):
            if pair.translated:
                plan.add((n, k), pair.vi)
    inputs = plan.model_inputs()
    done, cached = translate_inputs(inputs, engine, config, settings, progress, cache)

    for n, article in enumerate(ok):
        for k, pair in enumerate(article.sentences):
            if not pair.translated:
                pair.en = pair.vi
                pair.flags.append(f"passthrough:{langs[n][k]}")
                continue
            pair.en = plan.join((n, k), done)
            check_translation(article, pair, marker)
        assemble_english(article)
        article.translation = {**engine.signature(), **asdict(settings), "batch_size": config.batch_size,
                               "batch_tokens": engine.batch_tokens}
    counts = article_counts(ok, plan, cached)
    if per_article is not None:
        per_article.extend(counts)
    return {key: sum(c[key] for c in counts) for key in COUNTS}


COUNTS = ("sentences", "model inputs", "from cache", "split to fit", "passed through")


def article_counts(ok: list[Article], plan: Plan, cached: set[str]) -> list[dict[str, int]]:
    """The summary's sentence counts article by article (a model input shared by two articles counts for the
    first), so that a run resumed mid-way counts what an uninterrupted one does."""
    seen: set[str] = set()
    counts = []
    for n, article in enumerate(ok):
        inputs = [p for k in range(len(article.sentences)) for p in plan.pieces.get((n, k), []) if p != plan.marker]
        new = [p for p in dict.fromkeys(inputs) if p not in seen]
        seen.update(new)
        counts.append({
            "sentences": len(article.sentences),
            "model inputs": len(new),
            "from cache": sum(1 for p in new if p in cached),
            "split to fit": sum(1 for k in range(len(article.sentences))
                                if len([p for p in plan.pieces.get((n, k), []) if p != plan.marker]) > 1),
            "passed through": sum(1 for p in article.sentences if not p.translated),
        })
    return counts
