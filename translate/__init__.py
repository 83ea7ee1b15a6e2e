"""vi2en: clean scraped Vietnamese news, flag what a person must check, translate it to English.

The library API is small and lazy (nothing heavy is imported until used)::

    from translate import clean_files, clean_text
    result = clean_files([Path("seeds")], Path("out"))
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "clean_files", "clean_text", "translate_files"]


def __getattr__(name: str):
    if name == "clean_files":
        from .pipeline import clean_files

        return clean_files
    if name == "clean_text":
        from .clean import clean_text

        return clean_text
    if name == "translate_files":
        from .pipeline import translate_files

        return translate_files
    raise AttributeError(name)
