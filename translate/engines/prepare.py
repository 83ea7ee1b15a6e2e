"""What every engine does to a sentence before and after the model, from the preset's language handling."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from collections.abc import Iterator

from ..config import DecodeSettings, ModelPreset
from .batching import plan_batches

_TONES = "\u0300\u0301\u0303\u0309\u0323"
# "hoà" → "hòa", "thuý" → "thúy": in open syllables oa/oe/uy the new-style spelling puts the tone on the first vowel.
_OLD_STYLE = re.compile(rf"([oO](?=[aAeE])|[uU](?=[yY]))([aAeEyY])([{_TONES}])(?![^\W\d_])")


ENCODED_LIMIT = 10_000  # token ids kept for reuse: several windows' worth (at 200,000 a run kept ~0.6 kB per sentence)


def normalize_tones(text: str) -> str:
    """Old-style tone placement to the new style some models were trained on ("hoà" → "hòa")."""
    decomposed = unicodedata.normalize("NFD", text)

    def move(m: re.Match) -> str:
        start = m.start()
        if start > 0 and decomposed[start - 1] in "qQ" and m.group(1) in "uU":
            return m.group()  # "quý" keeps its tone on y: "qu" is a consonant
        return m.group(1) + m.group(3) + m.group(2)

    return unicodedata.normalize("NFC", _OLD_STYLE.sub(move, decomposed))


def prepare_source(text: str, preset: ModelPreset) -> str:
    if preset.normalize_tones:
        text = normalize_tones(text)
    return preset.prefix + text if preset.prefix else text


class SourceTokens:
    """What both engines share: token ids exactly as the model sees them (prefix, tone normalisation,
    language code), never truncated, so sentences are fitted to the limit the model really has; and the
    signature that every output and the cache key carry."""

    name: str
    tokenizer: object
    preset: ModelPreset
    device: str
    weights: Path  # the folder the model was loaded or converted from
    batch_tokens: int  # padded decoder tokens per batch (inputs × beams × longest input)

    def load_tokenizer(self) -> None:
        from transformers import AutoTokenizer

        self.tokenizer = AutoTokenizer.from_pretrained(self.weights)
        if self.preset.src_lang:
            self.tokenizer.src_lang = self.preset.src_lang

    def encode(self, texts: list[str]) -> list[list[int]]:
        """Token ids of each text; each text is tokenised once (fitting, sorting and translating reuse them)."""
        memo = self.__dict__.setdefault("_encoded", {})
        missing = [t for t in dict.fromkeys(texts) if t not in memo]
        if missing:
            if len(memo) + len(missing) > ENCODED_LIMIT:
                memo.clear()
            ids = self.tokenizer([prepare_source(t, self.preset) for t in missing], truncation=False)["input_ids"]
            memo.update(zip(missing, ids))
        return [memo[t] for t in texts]

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(ids) for ids in self.encode(texts)]

    def plan_batches(self, texts: list[str], settings: DecodeSettings, max_sentences: int | None = None) -> list[list[str]]:
        """``texts`` in length-sorted batches within this engine's token budget (see ``batching``)."""
        lengths = dict(zip(texts, self.count_tokens(texts)))
        return plan_batches(texts, lengths, self.batch_tokens, max_sentences, settings.beams)

    def translate_batches(self, batches: list[list[str]], settings: DecodeSettings) -> Iterator[list[str]]:
        """Translations of each batch, in order; engines that can overlap batches override this."""
        for batch in batches:
            yield self.translate(batch, settings)

    def signature(self) -> dict:
        from ..hub import folder_revision

        return {
            "model": self.preset.hub or self.preset.name,
            "preset": self.preset.name,
            "source": str(self.weights),
            "revision": folder_revision(self.weights),
            "engine": self.name,
            "device": self.device,
            "arch": self.preset.arch,
            "license": self.preset.license,
        }
