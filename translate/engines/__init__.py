"""Machine-translation engines behind one small interface; heavy imports stay inside each module.

An engine turns a batch of prepared source strings into translations and counts tokens the way its model
does (so long sentences can be split before the model would truncate them).
"""

from __future__ import annotations

from typing import Protocol

from ..config import DecodeSettings, ModelPreset, TranslateConfig


class Engine(Protocol):
    name: str
    preset: ModelPreset
    max_input_tokens: int

    def count_tokens(self, texts: list[str]) -> list[int]: ...

    def translate(self, texts: list[str], settings: DecodeSettings) -> list[str]: ...

    def signature(self) -> dict: ...


def load_engine(preset: ModelPreset, config: TranslateConfig) -> Engine:
    """The engine the config names, with the model loaded; raises ModelUnavailable or ImportError with a hint."""
    if config.engine == "ct2":
        from .ct2 import CTranslate2Engine

        return CTranslate2Engine(preset, config)
    from .hf import TransformersEngine

    return TransformersEngine(preset, config)
