"""Tiny randomly initialised translation models for offline smoke tests.

``vi2en models build-test-model DIR --arch marian|mbart|nllb|t5`` trains a small sentencepiece vocabulary on
sample text and saves a model of the chosen architecture with a few thousand random weights. It loads,
tokenises, generates and aligns exactly like the real model of that architecture, so the whole pipeline can
run with no network. Its translations are gibberish by design.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from pathlib import Path

# Language codes each architecture's real checkpoints use; the tiny vocabulary gets them as special tokens.
LANGUAGE_TOKENS = {
    "marian": [],
    "mbart": ["vi_VN", "en_XX"],
    "nllb": ["vie_Latn", "eng_Latn"],
    "t5": ["<2en>"],
}
HINTS = {
    "marian": {},
    "mbart": {"src_lang": "vi_VN", "decoder_start": "en_XX", "normalize_tones": True},
    "nllb": {"src_lang": "vie_Latn", "forced_bos": "eng_Latn"},
    "t5": {"prefix": "<2en> "},
}
SAMPLE_TEXT = Path(__file__).with_name("sample_vi.txt")


def train_sentencepiece(lines: list[str], vocab_size: int, reserved: int = 0) -> bytes:
    """A unigram sentencepiece model trained on ``lines``; ids 0/1/2 are pad/eos/unk as Marian and T5 expect."""
    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buffer,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        pad_id=0,
        eos_id=1,
        unk_id=2,
        bos_id=-1,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    return buffer.getvalue()


def _tiny_dims() -> dict:
    return dict(d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2, decoder_attention_heads=2,
                encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=1024)


def _replaceable(folder: Path) -> bool:
    """An empty folder, or one that holds a test model this function wrote (its vi2en.json says so)."""
    if not folder.is_dir():
        return False
    if not any(folder.iterdir()):
        return True
    try:
        return json.loads((folder / "vi2en.json").read_text(encoding="utf-8")).get("test_model") is True
    except (OSError, ValueError, AttributeError):
        return False


def build_test_model(folder: Path, arch: str = "marian", texts: list[str] | None = None, vocab_size: int = 600, seed: int = 0) -> Path:
    """Write a tiny model of ``arch`` into ``folder`` and return the folder. An earlier test model there is
    replaced; anything else is refused (FileExistsError), since replacing means deleting the folder."""
    folder = Path(folder)
    if folder.exists() and not _replaceable(folder):
        raise FileExistsError(f"{folder} already holds files that are not a test model vi2en built; "
                              "give a new or empty folder (nothing was changed)")
    import torch
    from transformers import (
        M2M100Config, M2M100ForConditionalGeneration, MarianConfig, MarianMTModel, MarianTokenizer, MBartConfig,
        MBartForConditionalGeneration, MBartTokenizer, NllbTokenizer, T5Config, T5ForConditionalGeneration, T5Tokenizer,
    )

    from .engines.hf import quiet_transformers

    quiet_transformers()
    if arch not in LANGUAGE_TOKENS:
        raise ValueError(f"unknown architecture '{arch}' (marian, mbart, nllb, t5)")
    text = "\n".join(texts) if texts else SAMPLE_TEXT.read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    spm_model = train_sentencepiece(lines, vocab_size)
    torch.manual_seed(seed)
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=folder.parent))
    try:
        if arch == "marian":
            (work / "source.spm").write_bytes(spm_model)
            (work / "target.spm").write_bytes(spm_model)
            import sentencepiece as spm

            sp = spm.SentencePieceProcessor(model_proto=spm_model)
            pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
            vocab = {"</s>": 0, "<unk>": 1}
            for piece in pieces:
                if piece not in ("<pad>", "</s>", "<unk>"):
                    vocab.setdefault(piece, len(vocab))
            vocab["<pad>"] = len(vocab)  # Marian keeps padding last
            (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
            tokenizer = MarianTokenizer(str(work / "source.spm"), str(work / "target.spm"), str(work / "vocab.json"))
            config = MarianConfig(vocab_size=len(vocab), pad_token_id=vocab["<pad>"], eos_token_id=0,
                                  decoder_start_token_id=vocab["<pad>"], **_tiny_dims())
            model = MarianMTModel(config)
        elif arch in ("mbart", "nllb"):
            (work / "sentencepiece.bpe.model").write_bytes(spm_model)
            cls = MBartTokenizer if arch == "mbart" else NllbTokenizer
            src, tgt = LANGUAGE_TOKENS[arch]
            tokenizer = cls.from_pretrained(str(work), src_lang=src, tgt_lang=tgt, additional_special_tokens=[src, tgt])
            common = dict(vocab_size=len(tokenizer), pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
                          bos_token_id=tokenizer.bos_token_id, decoder_start_token_id=tokenizer.eos_token_id, **_tiny_dims())
            if arch == "mbart":
                model = MBartForConditionalGeneration(MBartConfig(**common))
            else:
                model = M2M100ForConditionalGeneration(M2M100Config(**common))
            (work / "sentencepiece.bpe.model").unlink()
        else:
            (work / "spiece.model").write_bytes(spm_model)
            tokenizer = T5Tokenizer.from_pretrained(str(work), extra_ids=0, additional_special_tokens=["<2en>"])
            (work / "spiece.model").unlink()
            config = T5Config(vocab_size=len(tokenizer), d_model=32, d_kv=16, d_ff=64, num_layers=1, num_decoder_layers=1,
                              num_heads=2, pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
                              decoder_start_token_id=tokenizer.pad_token_id)
            model = T5ForConditionalGeneration(config)
        model.generation_config.max_length = None
        tokenizer.save_pretrained(str(work))
        model.save_pretrained(str(work))
        hints = {"arch": arch, "test_model": True, "max_input_tokens": 128, "beams": 1, "batch_size": 8,
                 "license": "none (random weights)", "notes": "tiny random model for tests; output is gibberish",
                 **HINTS[arch]}
        (work / "vi2en.json").write_text(json.dumps(hints, indent=2), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        work.rename(folder)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return folder
