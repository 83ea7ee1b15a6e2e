"""Run settings and the ``models.toml`` preset registry.

A preset says everything vi2en needs to drive one model: where it lives, how its architecture is told the
languages (a source code, a decoder start token, a forced first token or a text prefix), how long an input it
takes, decoding defaults and its licence. A local folder passed as ``--model DIR`` gets a preset inferred from
its ``config.json`` (and from ``vi2en.json`` when ``vi2en models build-test-model`` wrote one).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PACKAGED_MODELS = Path(__file__).with_name("models.toml")
ARCHES = ("marian", "mbart", "nllb", "t5")


@dataclass(frozen=True)
class ModelPreset:
    name: str
    arch: str
    hub: str | None = None
    path: str | None = None
    revision: str | None = None
    src_lang: str | None = None
    decoder_start: str | None = None
    forced_bos: str | None = None
    prefix: str = ""
    normalize_tones: bool = False
    max_input_tokens: int = 512
    beams: int = 4
    batch_size: int = 16
    license: str = "unknown"
    commercial_use: bool | None = None
    size: str = ""
    notes: str = ""
    test_model: bool = False

    @property
    def source(self) -> str:
        """What ``from_pretrained`` is given: the local folder when there is one, else the hub id."""
        if self.path and Path(self.path).expanduser().is_dir():
            return str(Path(self.path).expanduser())
        return self.hub or str(self.path)

    @property
    def is_local(self) -> bool:
        return bool(self.path) and Path(self.path).expanduser().is_dir()


def check_number(value: float | None, minimum: float, strict: bool = False) -> None:
    """The one rule for numeric options: at least ``minimum`` (above it when ``strict``), never NaN; None means
    "the default". The CLI's argument types and :class:`TranslateConfig` both use it."""
    if value is not None and (value != value or value < minimum or (strict and value == minimum)):
        raise ValueError(f"must be {'greater than' if strict else 'at least'} {minimum:g}, not {value}")


# Each numeric option of the translation stage: (minimum, strict).
NUMBER_LIMITS = {
    "batch_size": (1, False), "beams": (1, False), "max_new_tokens_ratio": (0, True),
    "no_repeat_ngram_size": (1, False), "repetition_penalty": (0, True),
}


@dataclass(frozen=True)
class TranslateConfig:
    """Options of the translation stage; the CLI builds one, the library takes it."""

    model: str | None = None  # preset name or folder; None means the registry's default
    engine: str = "transformers"
    device: str = "auto"
    batch_size: int | None = None
    beams: int | None = None
    max_new_tokens_ratio: float | None = None
    no_repeat_ngram_size: int | None = None
    repetition_penalty: float | None = None
    use_cache: bool = True
    cache_dir: Path | None = None

    def __post_init__(self) -> None:
        for name, (minimum, strict) in NUMBER_LIMITS.items():
            try:
                check_number(getattr(self, name), minimum, strict)
            except ValueError as exc:
                raise ValueError(f"{name} {exc}") from None

    def settings(self) -> dict:
        data = asdict(self)
        data["cache_dir"] = str(self.cache_dir) if self.cache_dir else None
        return data


def models_files() -> list[Path]:
    """Registries read in order; later ones add or override presets."""
    files = [PACKAGED_MODELS]
    user = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "vi2en" / "models.toml"
    files += [user, Path.cwd() / "models.toml"]
    if os.environ.get("VI2EN_MODELS"):
        files.append(Path(os.environ["VI2EN_MODELS"]))
    seen, unique = set(), []
    for f in files:
        key = f.resolve() if f.exists() else f
        if f.exists() and key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def load_presets() -> tuple[dict[str, ModelPreset], str]:
    """All presets by name, and the default preset's name.

    A ``models.toml`` that merely lies in the current folder may belong to another tool: when it is not a valid
    vi2en registry it is ignored with one warning. A registry vi2en was pointed at (the user's config file,
    ``VI2EN_MODELS``) must be valid: its errors are raised."""
    import logging

    presets: dict[str, ModelPreset] = {}
    default = "opus-mt"
    incidental = Path.cwd() / "models.toml"
    for path in models_files():
        chosen = path != incidental or path.resolve() == Path(os.environ.get("VI2EN_MODELS", "")).resolve()
        try:
            found, found_default = _read_registry(path)
            if not found and not chosen:
                raise ValueError("it has no [models.NAME] tables")
        except ValueError as exc:
            if not chosen:
                why = str(exc).removeprefix(f"{path}: ")
                logging.getLogger("vi2en.config").warning("ignoring %s: not a vi2en model registry (%s)", path, why)
                continue
            raise
        presets.update(found)
        default = found_default or default
    return presets, default


def _read_registry(path: Path) -> tuple[dict[str, ModelPreset], str | None]:
    known = set(ModelPreset.__dataclass_fields__) - {"name"}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"cannot read model presets from {path}: {exc}") from exc
    models, default = data.get("models", {}), data.get("default")
    if not isinstance(models, dict) or not all(isinstance(t, dict) for t in models.values()):
        raise ValueError(f"{path}: 'models' must hold one table per preset")
    if default is not None and not isinstance(default, str):
        raise ValueError(f"{path}: 'default' must be a preset name")
    presets = {}
    for name, table in models.items():
        unknown = set(table) - known
        if unknown:
            raise ValueError(f"{path}: preset '{name}' has unknown keys: {', '.join(sorted(unknown))}")
        if table.get("arch") not in ARCHES:
            raise ValueError(f"{path}: preset '{name}' needs arch = one of {', '.join(ARCHES)}")
        try:
            presets[name] = ModelPreset(name=name, **table)
        except TypeError as exc:
            raise ValueError(f"{path}: preset '{name}': {exc}") from exc
    return presets, default


# What each architecture needs when a folder does not say: language codes as the public checkpoints use them.
ARCH_DEFAULTS = {
    "marian": {},
    "mbart": {"src_lang": "vi_VN", "decoder_start": "en_XX", "max_input_tokens": 1024},
    "nllb": {"src_lang": "vie_Latn", "forced_bos": "eng_Latn"},
    "t5": {"prefix": "<2en> "},
}
MODEL_TYPE_TO_ARCH = {"marian": "marian", "mbart": "mbart", "m2m_100": "nllb", "t5": "t5", "mt5": "t5"}


def preset_for_folder(folder: Path) -> ModelPreset:
    """A preset for a saved model folder, from its ``config.json`` (and ``vi2en.json`` when present)."""
    config_file = folder / "config.json"
    hints_file = folder / "vi2en.json"
    if not config_file.exists() and not hints_file.exists():
        raise FileNotFoundError(f"{folder} holds no saved model (no config.json)")
    hints = json.loads(hints_file.read_text(encoding="utf-8")) if hints_file.exists() else {}
    if "arch" not in hints:
        model_type = json.loads(config_file.read_text(encoding="utf-8")).get("model_type", "")
        if model_type not in MODEL_TYPE_TO_ARCH:
            raise ValueError(f"{folder}: model type '{model_type}' is not one vi2en knows ({', '.join(MODEL_TYPE_TO_ARCH)})")
        hints["arch"] = MODEL_TYPE_TO_ARCH[model_type]
    fields = {**ARCH_DEFAULTS[hints["arch"]], **hints}
    known = set(ModelPreset.__dataclass_fields__)
    fields = {k: v for k, v in fields.items() if k in known and k not in ("name", "path")}
    return ModelPreset(name=folder.name, path=str(folder), **fields)


def resolve_model(spec: str | None) -> ModelPreset:
    """``--model`` → a preset: a name from the registry, or a folder with a saved model."""
    presets, default = load_presets()
    name = spec or default
    if name in presets:
        return presets[name]
    folder = Path(name).expanduser()
    if folder.is_dir():
        return preset_for_folder(folder)
    raise KeyError(
        f"unknown model '{name}': not a preset ({', '.join(sorted(presets))}) and not a folder. "
        "Add a table to models.toml or pass --model DIR with a saved model."
    )


@dataclass
class DecodeSettings:
    """Everything that changes a translation's text: part of the cache key and of the output's signature."""

    beams: int
    max_new_tokens_ratio: float = 2.0
    no_repeat_ngram_size: int | None = None
    repetition_penalty: float | None = None
    fixed_length: bool = False  # generate exactly the budget (benchmarks with random models, which never stop)

    def new_tokens(self, longest_input: int) -> int:
        """The output budget for a batch whose longest input has ``longest_input`` tokens."""
        return max(8, int(longest_input * self.max_new_tokens_ratio) + 8)
