"""Make the broken files scrapers produce: legacy Vietnamese code pages, mojibake, decomposed text."""

import unicodedata

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_windows_1258(text: str) -> bytes:
    """Windows-1258 keeps â ê ô ă ơ ư đ precomposed but writes tone marks as combining characters."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        tones = "".join(c for c in parts if c in TONE_MARKS)
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def to_mojibake(text: str) -> bytes:
    """UTF-8 read as Windows-1252 and saved again as UTF-8: 'Hà Nội' → 'HÃ  Ná»™i'."""
    import ftfy.bad_codecs  # noqa: F401  registers sloppy-windows-1252

    return text.encode("utf-8").decode("sloppy-windows-1252").encode("utf-8")


def to_tcvn3(text: str) -> bytes:
    """TCVN3 (ABC) bytes; the encoding has no capital toned letters (fonts supplied those), so none may occur."""
    from translate.decode import _TCVN3

    reverse = {letter: byte for byte, letter in _TCVN3.items()}
    return bytes(reverse[c] if c in reverse else ord(c.encode("ascii")) for c in unicodedata.normalize("NFC", text))
