"""How pieces become batches: sorted by length, cut by a token budget, one output budget per batch.

A sentence's translation must not depend on what shared its batch (the cache stores it under the sentence and
the settings only). The one real dependence was the output budget: it was derived from the longest input of the
batch, so a short sentence next to a long one could run on where it would have stopped alone. Here the budget
depends on a sentence's own length bucket and a batch never mixes buckets, so the budget is the sentence's
own. What padding can still change is floating-point rounding inside the GEMMs, not the search.
"""

from __future__ import annotations

from ..config import DecodeSettings


def length_bucket(tokens: int) -> int:
    """The input length the output budget is computed from: ``tokens`` rounded up to a coarse step, so
    sentences of similar length can share a batch."""
    step = 8 if tokens <= 64 else 16 if tokens <= 256 else 64
    return -(-tokens // step) * step


def natural_length(tokens: int, settings: DecodeSettings) -> int:
    """Benchmarks only (``settings.fixed_length``): random models never emit end-of-sentence, so each sentence
    is taken to stop after ``max_new_tokens_ratio`` × its own input tokens, as a real translation would."""
    return max(1, round(tokens * settings.max_new_tokens_ratio))


def decode_lengths(lengths: list[int], settings: DecodeSettings) -> tuple[int, int]:
    """(max new tokens, min new tokens) for one batch with input lengths ``lengths``."""
    if settings.fixed_length:
        steps = max(natural_length(n, settings) for n in lengths)
        return steps, steps
    return settings.new_tokens(length_bucket(max(lengths))), 0


def plan_batches(texts: list[str], lengths: dict[str, int], max_tokens: int, max_sentences: int | None = None,
                 beams: int = 1) -> list[list[str]]:
    """Length-sorted batches of at most ``max_tokens`` padded decoder tokens (inputs × beams × the batch's
    longest input) and ``max_sentences`` inputs, never mixing two length buckets."""
    per_batch = max(1, max_tokens // max(1, beams))
    batches: list[list[str]] = []
    current: list[str] = []
    bucket = None
    for text in sorted(texts, key=lambda t: (lengths[t], t)):
        n = lengths[text]
        full = (len(current) + 1) * n > per_batch or (max_sentences is not None and len(current) >= max_sentences)
        if current and (length_bucket(n) != bucket or full):
            batches.append(current)
            current = []
        current.append(text)
        bucket = length_bucket(n)
    if current:
        batches.append(current)
    return batches
