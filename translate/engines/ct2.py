"""The CTranslate2 engine (``--engine ct2``, ``pip install 'vi2en[fast]'``): int8 on CPU, float16 on GPU.

Tokenisation and language handling are the transformers tokenizer's, so alignment, cache and QA behave as
with the transformers engine. CTranslate2 silently truncates inputs longer than ``max_input_length`` (1024
by default); vi2en turns that off and relies on its own splitting to the preset's limit instead, so nothing
is ever cut.

Opt-in vocabulary map: a ``vmap.txt`` in the model's folder (CTranslate2's format: a source n-gram, a tab, the target
pieces it allows; an empty n-gram lists pieces always allowed) is converted with the model and used, so each
batch scores only its candidates instead of the whole vocabulary (scoring the whole vocabulary is about three
quarters of the CPU time at beam 4; benchmarks/ct2-options.md). It changes what the model can say, so it is never made up by vi2en: build it from
aligned parallel data in the model's own vocabulary and check its output. Its digest is part of the cache key.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from ..cache import default_cache_dir
from ..config import DecodeSettings, ModelPreset, TranslateConfig
from ..hub import download, folder_revision
from .batching import decode_lengths
from .prepare import SourceTokens

# Padded decoder tokens per batch (inputs × beams × longest input). On CPU the output projection over the whole
# vocabulary dominates, and MKL's int8 GEMM for it (never packed by CTranslate2) slows down per row past ~64 rows:
# at beam 4, 1,024 decodes 1.09-1.25× as many tokens per CPU-second as 4,096; greedy level (benchmarks/ct2-options.md).
CPU_BATCH_TOKENS = 1024
CUDA_BATCH_TOKENS = 65536


def _import_ct2():
    try:
        import ctranslate2
    except ImportError as exc:
        raise ImportError("the ct2 engine needs CTranslate2, which is not installed") from exc
    return ctranslate2


def default_quantization(device: str) -> str:
    return "float16" if device == "cuda" else "int8"


VOCABULARY_MAP = "vmap.txt"


def map_digest(folder: Path) -> str | None:
    """A fingerprint of the folder's vocabulary map, None when it has none."""
    path = Path(folder) / VOCABULARY_MAP
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else None


def converted_dir(preset: ModelPreset, quantization: str, source: Path) -> Path:
    """Where the converted model of ``preset`` lives: one folder per model source, weights, vocabulary map and
    quantization (a model rebuilt in the same folder is converted anew)."""
    vmap = map_digest(source)
    stamp = f"{source.resolve()}|{folder_revision(source)}" + (f"|{vmap}" if vmap else "")
    key = hashlib.sha256(stamp.encode()).hexdigest()[:10]
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
        vmap = source / VOCABULARY_MAP if map_digest(source) else None
        converter.convert(str(tmp), vmap=str(vmap) if vmap else None, quantization=quantization, force=True)
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


CUDA_LIBRARIES = ("libcublasLt.so.12", "libcublas.so.12")  # what CTranslate2's CUDA 12 wheels load at the first GEMM


def load_cuda_libraries() -> None:
    """Load cuBLAS from the nvidia-cublas-cu12 wheel (``pip install 'vi2en[cuda]'``) when it is installed, so
    CTranslate2 finds it without LD_LIBRARY_PATH; a system CUDA is used otherwise."""
    import ctypes

    try:
        import nvidia.cublas  # type: ignore[import-not-found]
    except ImportError:
        return
    for folder in map(Path, nvidia.cublas.__path__):
        for name in CUDA_LIBRARIES:
            if (folder / "lib" / name).exists():
                ctypes.CDLL(str(folder / "lib" / name), mode=ctypes.RTLD_GLOBAL)


def cuda_hint(exc: Exception) -> str:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return (f"CTranslate2 cannot run on CUDA here ({first}); install its CUDA 12 libraries with "
            "pip install 'vi2en[cuda]', or use --device cpu or --engine transformers")


def pick_device(requested: str) -> str:
    ctranslate2 = _import_ct2()
    if requested == "auto":
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    if requested == "cuda" and ctranslate2.get_cuda_device_count() == 0:
        raise RuntimeError("--device cuda was asked for but CTranslate2 sees no CUDA GPU")
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
        self.vocabulary_map = map_digest(self.folder)
        if self.device == "cpu":
            # Replicas (inter_threads) each decode their own batch on one core: on 2 cores 1.55× (beam 4) and 3×
            # (greedy) one replica whose GEMMs are split across them (benchmarks/results.md).
            cores = int(os.environ.get("VI2EN_THREADS", os.cpu_count() or 1))
            self.replicas = max(1, int(os.environ.get("VI2EN_CT2_REPLICAS", cores)))
            options = dict(inter_threads=self.replicas, intra_threads=max(1, cores // self.replicas))
            self.batch_tokens = CPU_BATCH_TOKENS
        else:
            self.replicas = 1
            options = dict(inter_threads=1, intra_threads=0)
            self.batch_tokens = CUDA_BATCH_TOKENS
            load_cuda_libraries()
        try:
            self.translator = ctranslate2.Translator(str(self.folder), device=self.device, compute_type="default", **options)
        except (RuntimeError, ValueError) as exc:
            if self.device == "cuda":
                raise RuntimeError(cuda_hint(exc)) from exc
            raise
        self.max_input_tokens = preset.max_input_tokens
        self.target_prefix = [preset.forced_bos] if preset.forced_bos else []  # decoder_start is in the model's config
        if self.device == "cuda":
            try:  # cuBLAS is only loaded at the first GEMM: fail now with one line, not mid-run
                self.translate(["a"], DecodeSettings(beams=1, max_new_tokens_ratio=0.0))
            except RuntimeError as exc:
                raise RuntimeError(cuda_hint(exc)) from exc

    def plan_batches(self, texts: list[str], settings: DecodeSettings, max_sentences: int | None = None) -> list[list[str]]:
        """With several replicas, the costliest batches (longest inputs, then fullest) go first: each replica
        takes the next batch when it is free, so the run ends on short batches instead of one replica decoding
        the longest while the other idles (benchmarks/ct2-options.md). Each batch is the same either way."""
        batches = super().plan_batches(texts, settings, max_sentences)
        if self.replicas > 1:
            longest = {id(b): max(self.count_tokens(b)) for b in batches}
            batches.sort(key=lambda b: (-longest[id(b)], -len(b)))
        return batches

    def _submit(self, batch: list[str], settings: DecodeSettings, asynchronous: bool):
        ids = self.encode(batch)
        tokens = [self.tokenizer.convert_ids_to_tokens(i) for i in ids]
        budget, at_least = decode_lengths([len(i) for i in ids], settings)
        prefix = len(self.target_prefix)
        return self.translator.translate_batch(
            tokens,
            target_prefix=[list(self.target_prefix) for _ in tokens] if self.target_prefix else None,
            beam_size=settings.beams,
            max_input_length=0,  # never truncate: pieces were already fitted to the model's limit
            max_decoding_length=budget + prefix,
            min_decoding_length=at_least + prefix if at_least else 0,
            no_repeat_ngram_size=settings.no_repeat_ngram_size or 0,
            use_vmap=self.vocabulary_map is not None,
            repetition_penalty=settings.repetition_penalty or 1.0,
            max_batch_size=0,
            asynchronous=asynchronous,
        )

    def _detokenize(self, hyp: list[str]) -> str:
        if self.target_prefix and hyp[: len(self.target_prefix)] == self.target_prefix:
            hyp = hyp[len(self.target_prefix) :]
        ids = self.tokenizer.convert_tokens_to_ids(hyp)
        return self.tokenizer.decode(ids, skip_special_tokens=True).strip()

    def translate(self, texts: list[str], settings: DecodeSettings) -> list[str]:
        return [self._detokenize(r.hypotheses[0]) for r in self._submit(texts, settings, asynchronous=False)]

    def translate_batches(self, batches: list[list[str]], settings: DecodeSettings) -> Iterator[list[str]]:
        """Batches are submitted ahead so every replica has one to decode; results come back in order."""
        pending: deque = deque()
        ahead = 2 * self.replicas
        for batch in batches:
            pending.append(self._submit(batch, settings, asynchronous=True))
            if len(pending) > ahead:
                yield [self._detokenize(r.result().hypotheses[0]) for r in pending.popleft()]
        while pending:
            yield [self._detokenize(r.result().hypotheses[0]) for r in pending.popleft()]

    def signature(self) -> dict:
        signature = {**super().signature(), "quantization": self.quantization}
        if self.vocabulary_map:
            signature["vocabulary_map"] = self.vocabulary_map
        return signature


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
