"""The CTranslate2 engine (``--engine ct2``, ``pip install 'vi2en[fast]'``): int8 on CPU, float16 on GPU.

Tokenisation and language handling are the transformers tokenizer's, so alignment, cache and QA behave as
with the transformers engine. CTranslate2 silently truncates inputs longer than ``max_input_length`` (1024
by default); vi2en turns that off and relies on its own splitting to the preset's limit instead, so nothing
is ever cut.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..cache import default_cache_dir
from ..config import DecodeSettings, ModelPreset, TranslateConfig
from ..hub import download, folder_revision
from .prepare import SourceTokens


def _import_ct2():
    try:
        import ctranslate2
    except ImportError as exc:
        raise ImportError("the ct2 engine needs CTranslate2, which is not installed") from exc
    return ctranslate2


def default_quantization(device: str) -> str:
    return "float16" if device == "cuda" else "int8"


def converted_dir(preset: ModelPreset, quantization: str, source: Path) -> Path:
    """Where the converted model of ``preset`` lives: one folder per model source, weights and quantization
    (a model rebuilt in the same folder is converted anew)."""
    key = hashlib.sha256(f"{source.resolve()}|{folder_revision(source)}".encode()).hexdigest()[:10]
    return default_cache_dir() / "ct2" / f"{preset.name}-{quantization}-{key}"


def convert(preset: ModelPreset, quantization: str, source: Path | None = None) -> Path:
    """Convert once; later runs find the folder and skip this."""
    _import_ct2()
    from ctranslate2.converters import TransformersConverter

    from .hf import quiet_transformers

    quiet_transformers()
    source = source or download(preset)
    target = converted_dir(preset, quantization, source)
    if (target / "model.bin").exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    with tempfile.TemporaryDirectory() as staging:
        readable = _readable_by_converter(source, Path(staging)) if preset.arch == "mbart" else source
        converter = TransformersConverter(str(readable), load_as_float16=quantization == "float16")
        converter.convert(str(tmp), quantization=quantization, force=True)
    if preset.decoder_start:
        # The decoder starts with the target language itself (as transformers' decoder_start_token_id does),
        # not with </s> followed by it.
        config = json.loads((tmp / "config.json").read_text(encoding="utf-8"))
        config["decoder_start_token"] = preset.decoder_start
        (tmp / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    os.replace(tmp, target)
    return target


def _readable_by_converter(source: Path, staging: Path) -> Path:
    """A view of an mBART folder that CTranslate2's converter can read under transformers 5: the same files
    (linked, not copied) with ``normalize_before`` (mBART is pre-norm) restored in config.json."""
    for item in source.iterdir():
        if item.name != "config.json":
            (staging / item.name).symlink_to(item.resolve())
    config = json.loads((source / "config.json").read_text(encoding="utf-8"))
    config["normalize_before"] = True
    (staging / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return staging


def pick_device(requested: str) -> str:
    ctranslate2 = _import_ct2()
    if requested == "auto":
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    return requested


class CTranslate2Engine(SourceTokens):
    name = "ct2"

    def __init__(self, preset: ModelPreset, config: TranslateConfig):
        ctranslate2 = _import_ct2()
        from .hf import quiet_transformers

        quiet_transformers()
        self.preset = preset
        self.device = pick_device(config.device)
        self.quantization = default_quantization(self.device)
        self.weights = download(preset)
        self.folder = converted_dir(preset, self.quantization, self.weights)
        if not (self.folder / "model.bin").exists():
            print(f"vi2en: converting '{preset.name}' for CTranslate2 ({self.quantization}), once…", file=sys.stderr)
            self.folder = convert(preset, self.quantization, self.weights)
        self.load_tokenizer()
        threads = int(os.environ.get("VI2EN_THREADS", os.cpu_count() or 1))
        self.translator = ctranslate2.Translator(
            str(self.folder), device=self.device, compute_type="default", intra_threads=threads if self.device == "cpu" else 0
        )
        self.max_input_tokens = preset.max_input_tokens
        self.target_prefix = [preset.forced_bos] if preset.forced_bos else []  # decoder_start is in the model's config

    def translate(self, texts: list[str], settings: DecodeSettings) -> list[str]:
        tokens = [self.tokenizer.convert_ids_to_tokens(ids) for ids in self.encode(texts)]
        longest = max(len(t) for t in tokens)
        budget = settings.new_tokens(longest)
        results = self.translator.translate_batch(
            tokens,
            target_prefix=[list(self.target_prefix) for _ in tokens] if self.target_prefix else None,
            beam_size=settings.beams,
            max_input_length=0,  # never truncate: pieces were already fitted to the model's limit
            max_decoding_length=budget + len(self.target_prefix),
            min_decoding_length=budget + len(self.target_prefix) if settings.fixed_length else 0,
            no_repeat_ngram_size=settings.no_repeat_ngram_size or 0,
            repetition_penalty=settings.repetition_penalty or 1.0,
            max_batch_size=0,
        )
        outputs = []
        for result in results:
            hyp = result.hypotheses[0]
            if self.target_prefix and hyp[: len(self.target_prefix)] == self.target_prefix:
                hyp = hyp[len(self.target_prefix) :]
            ids = self.tokenizer.convert_tokens_to_ids(hyp)
            outputs.append(self.tokenizer.decode(ids, skip_special_tokens=True).strip())
        return outputs

    def signature(self) -> dict:
        return {**super().signature(), "quantization": self.quantization}


def convert_command(args) -> int:
    from ..cli import UserError
    from ..config import resolve_model
    from ..hub import ModelUnavailable

    try:
        preset = resolve_model(args.name)
        quantization = args.quantization or default_quantization(args.device)
        folder = convert(preset, quantization)
    except ImportError as exc:
        raise UserError(f"{exc}. Install it with: pip install 'vi2en[fast]'") from exc
    except (KeyError, ModelUnavailable, ValueError) as exc:
        raise UserError(str(exc).strip("'\"")) from exc
    print(f"converted '{preset.name}' ({quantization}) into {folder}", file=sys.stderr)
    return 0
