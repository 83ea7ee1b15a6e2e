"""Bytes → NFC Vietnamese text, whatever encoding the scraper saved it in.

Decoding tries the encodings a Vietnamese file can plausibly be in (UTF-8, UTF-16, Windows-1258 with its
combining tone marks, Windows-1252, TCVN3) and keeps the one whose result reads most like Vietnamese; ftfy
then undoes mojibake, bytes lost in a Windows-1252 round trip are put back, and everything ends up NFC
(precomposed) so that later rules see one spelling of each letter.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections import Counter
from pathlib import Path

# Letters only Vietnamese uses among Latin-script languages: a cheap, reliable signal of the right decoding.
VIETNAMESE_LETTERS = set(
    "ăâđêôơưĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
)


class InputError(Exception):
    """A file that cannot be processed; ``status`` says whether it was skipped or failed."""

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def vietnamese_score(text: str) -> float:
    """Share of letters that are Vietnamese-specific; mojibake and wrong code pages score low."""
    vietnamese, letters = letter_counts(text)
    return vietnamese / letters if letters else 0.0


def letter_counts(text: str) -> tuple[int, int]:
    r"""``text``'s Vietnamese-specific letters and all its letters (what ``[^\W\d_]`` matches: alphanumeric and
    not a decimal digit). Counted per distinct character (an article has a hundred or so), which is several
    times faster than a regex over every character."""
    counts = Counter(text)
    letters = sum(n for c, n in counts.items() if c.isalnum() and not c.isdecimal())
    return sum(n for c, n in counts.items() if c in VIETNAMESE_LETTERS), letters


def _oddness(text: str) -> float:
    """Share of characters that signal a wrong decoding: controls, replacement marks, stray symbols."""
    if not text:
        return 1.0
    return len(_ODD.findall(text)) / len(text)


# Characters that signal a wrong decoding, for _oddness (one regex pass is faster than a loop in Python).
_ODD = re.compile(
    "[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\U000f0000-\U0010ffff\ud800-\udfff"
    + re.escape("ÃÂÄÆ€‚ƒ„†‡ˆ‰Š‹ŒŽ‘’•–—˜™š›œžŸ¤¦¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿") + "]"
)


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ALPHABET = VIETNAMESE_LETTERS | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _malformed_words(text: str) -> float:
    """Share of words no Vietnamese spelling allows: two tone marks, foreign letters, capitals mid-word.

    A wrong code page turns every accented syllable into one of these ("Taòi cuôòc"), while correct text,
    Vietnamese or borrowed English, has almost none.
    """
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return 0.0
    return sum(map(_malformed, words)) / len(words)


@functools.lru_cache(maxsize=65536)  # syllables repeat: each spelling is judged once
def _malformed(word: str) -> bool:
    tones = sum(c in _TONE_MARKS for c in unicodedata.normalize("NFD", word))
    foreign = any(c not in _ALPHABET for c in word)
    mid_capital = any(c.isupper() for c in word[1:]) and not word.isupper()
    return tones > 1 or foreign or mid_capital


def looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if not sample:
        return False
    if b"\x00" in sample and _utf16_like(sample):
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > 0.05


_CONTROL_BYTES = bytes(range(9)) + bytes(range(14, 32))  # controls other than tab, line and form feeds, CR


def _utf16_like(sample: bytes) -> bool:
    if sample[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return True
    even, odd = sample[0::2], sample[1::2]
    return even.count(0) > len(even) * 0.3 or odd.count(0) > len(odd) * 0.3


# TCVN3 (ABC), the legacy Vietnamese font encoding: byte → letter. Its text shows up either as raw bytes or,
# after a trip through a Latin-1 tool, as Latin-1 characters ("Bé tr­ëng" for "Bộ trưởng").
_TCVN3 = dict(zip(
    bytes(range(0xA1, 0xA8)) + bytes([0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE])
    + bytes([0xB5, 0xB8, 0xB6, 0xB7, 0xB9, 0xBB, 0xBE, 0xBC, 0xBD, 0xC6, 0xC7, 0xCA, 0xC8, 0xC9, 0xCB])
    + bytes([0xCC, 0xD0, 0xCE, 0xCF, 0xD1, 0xD2, 0xD5, 0xD3, 0xD4, 0xD6, 0xD7, 0xDD, 0xD8, 0xDC, 0xDE])
    + bytes([0xDF, 0xE3, 0xE1, 0xE2, 0xE4, 0xE5, 0xE8, 0xE6, 0xE7, 0xE9, 0xEA, 0xED, 0xEB, 0xEC, 0xEE])
    + bytes([0xEF, 0xF3, 0xF1, 0xF2, 0xF4, 0xF5, 0xF8, 0xF6, 0xF7, 0xF9, 0xFA, 0xFD, 0xFB, 0xFC, 0xFE]),
    "ĂÂÊÔƠƯĐ" "ăâêôơưđ"
    "àáảãạằắẳẵặầấẩẫậ"
    "èéẻẽẹềếểễệìíỉĩị"
    "òóỏõọồốổỗộờớởỡợ"
    "ùúủũụừứửữựỳýỷỹỵ",
))
_TCVN3_TEXT = str.maketrans({chr(b): c for b, c in _TCVN3.items()})


def from_tcvn3(text: str) -> str:
    """Latin-1 characters of a TCVN3 text → the Vietnamese letters they stand for."""
    return text.translate(_TCVN3_TEXT)


# Latin-1 characters that TCVN3 bytes become and that no Vietnamese text in Unicode holds ("­" for ư, "®" for đ,
# "µ" for à …): without one of them a text cannot be TCVN3, and the costly comparison is skipped.
_TCVN3_SIGN = frozenset({chr(b) for b in _TCVN3} - VIETNAMESE_LETTERS)
# What mojibake always holds somewhere: a character that is neither ASCII, a Vietnamese letter nor common
# typography, or "Â"/"Ã" before another non-ASCII character ("Ã”" for "Ô"). Text without one is left to itself,
# sparing ftfy's scan of every article.
_PLAIN = frozenset(map(chr, range(0x80))) | VIETNAMESE_LETTERS | frozenset("“”‘’–—…•")
_MOJIBAKE_PAIR = re.compile("[ÂÃ][^\x00-\x7f]")


def _mojibake_sign(chars: frozenset[str], text: str) -> bool:
    """``chars`` is the set of ``text``'s characters: set operations on it decide most texts at C speed,
    where a regex over every character cost a quarter of a millisecond per article."""
    return bool(chars - _PLAIN) or bool(chars & {"Â", "Ã"} and _MOJIBAKE_PAIR.search(text))


def _vietnamese_quality(text: str) -> float:
    return vietnamese_score(text) - 5 * _oddness(text) - 2 * _malformed_words(text)


# Bytes Windows-1252 does not define: a UTF-8 text that went through it often lost exactly these.
_CP1252_HOLES = (0x90, 0x9D, 0x81, 0x8D, 0x8F)
_FIXABLE = VIETNAMESE_LETTERS | set("“”‘’–—…•€")


def repair_utf8(data: bytes) -> tuple[str, int]:
    """Decode UTF-8 that lost bytes Windows-1252 cannot hold, putting back the one byte that completes a
    Vietnamese letter or a typographic quote ("Ä" + lost 0x90 = "Đ"). Returns the text and how many
    sequences could not be repaired (those become U+FFFD)."""
    out: list[str] = []
    i, unrepaired = 0, 0
    while i < len(data):
        try:
            out.append(data[i:].decode("utf-8"))
            break
        except UnicodeDecodeError as err:
            start = i + err.start
            out.append(data[i:start].decode("utf-8"))
            lead = data[start]
            length = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0
            present = 0
            while present < length - 1 and start + 1 + present < len(data) and 0x80 <= data[start + 1 + present] <= 0xBF:
                present += 1
            char = None
            if length and present == length - 2:
                tail = data[start + 1 : start + 1 + present]
                options = []
                for pos in range(present + 1):
                    for byte in _CP1252_HOLES:
                        try:
                            decoded = (bytes([lead]) + tail[:pos] + bytes([byte]) + tail[pos:]).decode("utf-8")
                        except UnicodeDecodeError:
                            continue
                        if decoded in _FIXABLE:
                            options.append(decoded)
                if options:
                    char = _likeliest(options, "".join(out[-3:]), data[start + 1 + present : start + 13 + present])
            if char:
                out.append(char)
                i = start + 1 + present
            else:
                out.append("\ufffd")
                unrepaired += 1
                i = start + 1
    return "".join(out), unrepaired


def _likeliest(options: list[str], before: str, after: bytes) -> str:
    """The lost letter that makes the likeliest Vietnamese word with its neighbours ("v" + "ề", not "ờ"),
    judged by how often that word occurs in the bundled sample text; case agreement breaks ties."""
    prefix = re.search(r"[^\W\d_]*$", before).group()
    suffix = re.match(r"[^\W\d_]*", after.decode("utf-8", errors="ignore")).group()
    words = _sample_words()
    last = prefix[-1:]

    def rank(c: str) -> tuple:
        word = (prefix + c + suffix).lower()
        return (-words.get(word, 0), last.isalpha() and c.isupper() != last.isupper(), options.index(c))

    return min(options, key=rank)


_WORDS: dict[str, int] = {}


def _sample_words() -> dict[str, int]:
    if not _WORDS:
        from collections import Counter

        sample = Path(__file__).with_name("sample_vi.txt").read_text(encoding="utf-8")
        _WORDS.update(Counter(re.findall(r"[^\W\d_]+", sample.lower())))
    return _WORDS


_LOSSY_SIGN = frozenset("ÃÄÅÆ»º")
# A character outside _PLAIN, and the plain characters that decode's set tests ask about ("Â", "Ã").
_UNPLAIN = re.compile("[^\x00-\x7f" + "".join(sorted(_PLAIN - frozenset(map(chr, range(0x80))))) + "]")
_ASKED_PLAIN = (_TCVN3_SIGN | {"Â", "Ã"} | _LOSSY_SIGN) & _PLAIN


def _characters(text: str) -> frozenset[str]:
    """What decode's set tests need of ``text``'s characters: all of them when one is outside _PLAIN (ASCII,
    Vietnamese letters, common typography), else only those of _ASKED_PLAIN it holds, which give every test
    the same answer. Most articles are all plain, and a regex finds that at C speed, where building the set of
    every character cost a third of decoding."""
    if _UNPLAIN.search(text):
        return frozenset(text)
    return frozenset(c for c in _ASKED_PLAIN if c in text)


def _undo_lossy_mojibake(text: str) -> str | None:
    """Mojibake whose undefined Windows-1252 characters were dropped ("Äá»™" for "Độ"): ftfy cannot
    see the lost bytes, but the text's Windows-1252 bytes are the original UTF-8 minus those bytes."""
    import ftfy.bad_codecs  # noqa: F401  registers sloppy-windows-1252

    if not re.search("[ÃÄÅÆ]|á»|áº", text):
        return None
    try:
        raw = text.encode("sloppy-windows-1252")
    except UnicodeEncodeError:
        return None
    repaired, unrepaired = repair_utf8(raw)
    return repaired if unrepaired <= len(repaired) // 200 else None


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (NFC text, name of the encoding used). Raises :class:`InputError` for binary data."""
    import ftfy

    if data.startswith(codecs.BOM_UTF8):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
    elif looks_binary(data):
        raise InputError("failed", "binary file, not text")
    elif b"\x00" in data[:4096] and _utf16_like(data[:4096]):
        text, encoding = _decode_nul_interleaved(data)
    else:
        text, encoding = _decode_8bit(data)
    sample = text[:8000]  # a legacy encoding shows in any stretch of the text: judging a sample keeps this linear
    chars = _characters(text)
    if chars & _TCVN3_SIGN and not _TCVN3_SIGN.isdisjoint(sample) \
            and _vietnamese_quality(from_tcvn3(sample)) > _vietnamese_quality(sample) + 0.2:
        text, encoding = from_tcvn3(text), encoding + "+tcvn3"
        chars = _characters(text)
    fixed = ftfy.fix_encoding(text) if _mojibake_sign(chars, text) else text
    # Lossy mojibake holds one of "ÃÄÅÆ", or "»"/"º" after "á" (Windows-1252 for the UTF-8 of "ộ", "ạ" …).
    lossy = _undo_lossy_mojibake(text) if chars & _LOSSY_SIGN else None
    if lossy is not None and vietnamese_score(lossy) > vietnamese_score(fixed):
        fixed = lossy
    if fixed != text:
        encoding += "+mojibake-fixed"
    text = unicodedata.normalize("NFC", fixed).replace("\r\n", "\n").replace("\r", "\n")
    visible = strip_invisible(text)
    if visible != text:
        encoding += "+controls-removed"
    return visible, encoding


# Terminal escape sequences (CSI, OSC, and two-character ones) go whole, so no "[0m" is left behind.
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
# Control characters (all but tab and newline), and format characters that are invisible yet split words:
# zero-width space/joiners, soft hyphen, word joiner, BOM, invisible operators and bidirectional controls.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def strip_invisible(text: str) -> str:
    """Remove what no reader sees but every rule trips over: escape sequences, control characters, zero-width
    and bidirectional formatting characters. "XN\u200bUMX" must still read as ``XNUMX``, and "31/\u00ad4" as a
    date; an ESC from a scraped page must never reach a terminal or an XML file."""
    if text.isprintable() or not _INVISIBLE.search(text):
        return text
    return _INVISIBLE.sub("", _ESCAPE_SEQUENCE.sub("", text))


def _decode_nul_interleaved(data: bytes) -> tuple[str, str]:
    """Text with a NUL beside every other byte and no BOM: UTF-16 in either byte order (also cut at an odd
    byte), or an 8-bit text that some tool padded to 16 bits. The reading that spells most like Vietnamese
    (or like clean text, for other languages) wins; when none does, the file fails rather than passing
    garbled words on."""
    candidates: dict[str, str] = {}
    for name in ("utf-16-le", "utf-16-be"):
        candidates[name] = data.decode(name, errors="replace")
        candidates[f"{name} (misaligned by one byte)"] = data[1:].decode(name, errors="replace")
    stripped = data.replace(b"\x00", b"")
    text, encoding = _decode_8bit(stripped)
    candidates[f"{encoding} (NUL-padded)"] = text

    def quality(name: str) -> float:
        text = unicodedata.normalize("NFC", candidates[name])
        return _vietnamese_quality(text) - _malformed_words(text) - 5 * _oddness(text)

    best = max(candidates, key=quality)
    text = unicodedata.normalize("NFC", candidates[best])
    if _oddness(text) > 0.02 or _malformed_words(text) > 0.15:
        raise InputError("failed", "NUL bytes between the characters and no reading gives clean text (UTF-16 without "
                                   "a byte-order mark, or a damaged file); re-save it as UTF-8")
    return candidates[best], best


def _decode_8bit(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    repaired, unrepaired = repair_utf8(data)
    if unrepaired == 0:
        return repaired, "utf-8 (lost bytes restored)"
    from charset_normalizer import from_bytes

    # Each candidate is a way the bytes may have been written; the one that reads most like Vietnamese wins.
    # "utf-8" here is a damaged UTF-8 file (a few bytes lost, e.g. by a round trip through Windows-1252).
    names = ["cp1258", "cp1252", "latin-1", "utf-8"]
    best = from_bytes(data).best()
    if best is not None and best.encoding not in names:
        names.insert(0, best.encoding)
    decoded = {name: data.decode(name, errors="replace") for name in names}
    decoded["tcvn3"] = from_tcvn3(data.decode("latin-1"))
    order = list(decoded)

    def quality(name: str) -> tuple[float, float]:
        return (_vietnamese_quality(unicodedata.normalize("NFC", decoded[name])), -order.index(name))

    chosen = max(decoded, key=quality)
    text = decoded[chosen]
    if chosen == "utf-8":
        return text, f"utf-8 (damaged: {text.count(chr(0xFFFD))} undecodable bytes)"
    return text, chosen
