"""Vietnamese text: normal form, tone-mark placement, and folding for comparison.

Text is stored in Unicode NFC. Two spellings of the same word are common in
Vietnamese: the tone mark on the first or the second vowel of "oa", "oe", "uy"
at the end of a syllable ("Tỉnh uỷ" / "Tỉnh ủy", "hoà" / "hòa"). Both are in
official use, so a name is stored as typed (``typed_name``: composed, single
spaces) and only compared through ``canonical``, which picks one (the mark on
the first vowel, as in "ủy"), so names compare equal whichever was typed.
``fold`` goes further and removes every diacritic ("Đại hội" -> "dai hoi") for
matching what people type without them.
"""

from __future__ import annotations

import re
import unicodedata

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below

# "oa", "oe", "uy" with the tone mark on the second vowel, closing a syllable.
_OLD_STYLE = re.compile(r"([oOuU])([aAeEyY])([" + _TONES + r"])(?![^\W\d_])")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def typed_name(text: str) -> str:
    """A name as typed, stored: NFC, runs of white space made one space, ends trimmed; the
    tone marks where the typist put them ("Tỉnh uỷ" stays "Tỉnh uỷ")."""
    return nfc(" ".join(text.split()))


def canonical(text: str) -> str:
    """NFC text with the tone mark of final "oa/oe/uy" on the first vowel: for comparing,
    never for storing (``typed_name``)."""
    decomposed = unicodedata.normalize("NFD", text)
    return nfc(_OLD_STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed))


class _Unmarked(dict):
    """Each character without its diacritics ("ộ" -> "o", "Đ" -> "D", a combining mark ->
    nothing), worked out once per character: ``str.translate`` then folds a text in C,
    an order of magnitude faster than decomposing it and filtering in Python (indexing
    a nation's reports calls this millions of times)."""

    def __missing__(self, code: int) -> str:
        char = chr(code).replace("đ", "d").replace("Đ", "D")
        value = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        self[code] = value
        return value


_UNMARKED = _Unmarked()


def fold(text: str) -> str:
    """Lower case without any diacritic: "Đảng ủy xã" -> "dang uy xa"."""
    return " ".join(text.translate(_UNMARKED).casefold().split())


def same_name(a: str, b: str) -> bool:
    """Whether two names are the same name, whatever the case, spacing or tone placement."""
    return name_key(a) == name_key(b)


def name_key(text: str) -> str:
    return " ".join(canonical(text).casefold().split())


# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
# and tones ordered unmarked, grave, hook, tilde, acute, dot below.
_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {letter: index for index, letter in enumerate(_LETTERS)}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _word_key(word: str) -> tuple:
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for char in canonical(word).casefold():
        base = unicodedata.normalize("NFD", char)
        tone = next((_TONE_RANK[c] for c in base if c in _TONE_RANK), 0)
        letter = unicodedata.normalize("NFC", "".join(c for c in base if c not in _TONE_RANK))
        letters.append((_LETTER_RANK.get(letter, 100), ord(letter)))
        tones.append(tone)
    return (tuple(letters), tuple(tones))


def sort_key(text: str) -> tuple:
    """Key for sorting Vietnamese words in dictionary order."""
    return tuple(_word_key(word) for word in text.split())


def person_sort_key(full_name: str) -> tuple:
    """People sort by given name (the last word), then by family and middle names."""
    words = full_name.split()
    if not words:
        return ()
    return (_word_key(words[-1]), sort_key(" ".join(words[:-1])))
