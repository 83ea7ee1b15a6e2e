"""The transformers engine: ``AutoModelForSeq2SeqLM`` with each architecture's language handling.

- Marian (opus-mt): nothing to set; the model is one language pair.
- mBART (vinai): the tokenizer adds ``src_lang`` (vi_VN); the decoder starts with ``decoder_start`` (en_XX).
- NLLB: the tokenizer adds ``src_lang`` (vie_Latn); ``forced_bos`` (eng_Latn) is forced as the first token.
- T5 (MADLAD): the input is prefixed with ``<2en>``.
Decoding is deterministic (greedy or beam search, never sampling).
"""

from __future__ import annotations

import os

from ..config import DecodeSettings, ModelPreset, TranslateConfig
from ..hub import download
from .batching import decode_lengths
from .prepare import SourceTokens


CPU_BATCH_TOKENS = 4096  # padded decoder tokens per batch (inputs × beams × longest input)
CUDA_BATCH_TOKENS = 65536
BF16_ARCHES = ("t5",)


def pick_device(requested: str) -> str:
    import torch

    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda was asked for but no CUDA GPU is visible to torch")
    return requested


def quiet_transformers() -> None:
    """Progress bars and advice from transformers would scribble over vi2en's own progress display."""
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import warnings

    warnings.filterwarnings("ignore", message=".*sacremoses.*")
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()


class TransformersEngine(SourceTokens):
    name = "transformers"

    def __init__(self, preset: ModelPreset, config: TranslateConfig, folder=None):
        self.preset = preset
        self.weights = folder or download(preset)
        quiet_transformers()
        import torch
        from transformers import AutoModelForSeq2SeqLM

        self.device = pick_device(config.device)
        if self.device == "cpu" and os.environ.get("VI2EN_THREADS"):
            torch.set_num_threads(int(os.environ["VI2EN_THREADS"]))
        self.load_tokenizer()
        dtype = torch.float16 if self.device == "cuda" else torch.float32
        if self.device == "cuda" and torch.cuda.is_bf16_supported() and preset.arch in BF16_ARCHES:
            dtype = torch.bfloat16  # T5 checkpoints overflow in float16
        # CPU: beam search's per-step bookkeeping grows with the batch, so moderate batches are fastest there.
        self.batch_tokens = CUDA_BATCH_TOKENS if self.device == "cuda" else CPU_BATCH_TOKENS
        self.model = AutoModelForSeq2SeqLM.from_pretrained(self.weights, dtype=dtype).to(self.device).eval()
        self.max_input_tokens = min(preset.max_input_tokens, self._model_limit())
        self.generate_kwargs = self._language_kwargs()

    def _model_limit(self) -> int:
        limit = getattr(self.model.config, "max_position_embeddings", None) or 10**6
        return int(limit) - 2  # room for the language code and end-of-sentence tokens

    def _token_id(self, token: str) -> int:
        token_id = self.tokenizer.convert_tokens_to_ids(token)
        if token_id is None or token_id == self.tokenizer.unk_token_id:
            raise ValueError(f"model '{self.preset.name}' has no token '{token}' (check the preset's language codes)")
        return token_id

    def _language_kwargs(self) -> dict:
        kwargs = {}
        if self.preset.decoder_start:
            kwargs["decoder_start_token_id"] = self._token_id(self.preset.decoder_start)
        if self.preset.forced_bos:
            kwargs["forced_bos_token_id"] = self._token_id(self.preset.forced_bos)
        return kwargs

    def generate_ids(self, texts: list[str], settings: DecodeSettings):
        """Output token ids for a batch (decoder start and forced tokens included); deterministic."""
        import torch

        ids = self.encode(texts)
        batch = self.tokenizer.pad({"input_ids": ids}, return_tensors="pt").to(self.device)
        kwargs = dict(self.generate_kwargs)
        if settings.no_repeat_ngram_size:
            kwargs["no_repeat_ngram_size"] = settings.no_repeat_ngram_size
        if settings.repetition_penalty:
            kwargs["repetition_penalty"] = settings.repetition_penalty
        budget, at_least = decode_lengths([len(i) for i in ids], settings)
        if at_least:
            kwargs["min_new_tokens"] = at_least
        with torch.inference_mode():
            return self.model.generate(**batch, num_beams=settings.beams, do_sample=False, max_new_tokens=budget, **kwargs)

    def translate(self, texts: list[str], settings: DecodeSettings) -> list[str]:
        output = self.generate_ids(texts, settings)
        return [t.strip() for t in self.tokenizer.batch_decode(output, skip_special_tokens=True)]
