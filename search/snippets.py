"""A short extract around the first match, the matched words in <mark>.

Built from the stored plain text: every piece is escaped first, and only the
<mark> tags are ours, so the result is safe to show as HTML.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from html import escape  # what django.utils.html.escape does, without its lazy check

from django.utils.safestring import SafeString, mark_safe

from giaoban.text import fold, nfc
from meetings.citations import CITATION, normalise_code
from search.terms import Query

# A word with its combining marks, whatever the normal form of the text.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
# The same in a text without combining marks (faster: no alternative to try).
_LETTERS = re.compile(r"[^\W_]+")
WORDS_AROUND = 30
WORDS_BEFORE = 8


def snippet(text: str, query: Query, size: int = WORDS_AROUND) -> SafeString:
    """About ``size`` words of ``text`` around the first match, matches marked."""
    text = nfc(text or "")
    folded = _fold_in_place(text)
    words = list((_WORD if folded is None else _LETTERS).finditer(text))
    if not words:
        return mark_safe("")  # noqa: S308 (empty)
    spans = _matches(text, folded, words, query)
    first = _densest(words, spans, size // 2) if spans else 0
    start = max(0, min(first - WORDS_BEFORE, len(words) - size))
    end = min(len(words), start + size)
    lo = words[start].start() if start > 0 else 0
    hi = words[end - 1].end() if end < len(words) else len(text)
    parts = ["… " if start > 0 else ""]
    cursor = lo
    for begin, finish in spans:
        if finish <= lo or begin >= hi:
            continue
        begin, finish = max(begin, lo), min(finish, hi)
        parts += [escape(text[cursor:begin]), "<mark>", escape(text[begin:finish]), "</mark>"]
        cursor = finish
    parts += [escape(text[cursor:hi]), " …" if end < len(words) else ""]
    return mark_safe(" ".join("".join(parts).split()))  # noqa: S308 (escaped above)


def _matches(
    text: str, folded: str | None, words: list[re.Match], query: Query
) -> list[tuple[int, int]]:
    """Character spans to mark, in order, without overlaps: cited documents, then words
    (found in ``text`` folded in place, else folded one by one)."""
    codes = set(query.codes)
    cited = [
        m.span("code")
        for m in (CITATION.finditer(text) if codes else ())
        if normalise_code(m.group("code")) in codes
    ]
    if folded is None:
        found = _words_folded_one_by_one(words, set(query.words))
    else:
        found = [m.span() for m in _pattern(query.words).finditer(folded)] if query.words else []
    if cited:
        found = [span for span in found if not any(b <= span[0] < f for b, f in cited)]
    return sorted(cited + found)


class _OneForOne(dict):
    """Each character folded to one character at the same place: a letter or a digit to
    its folded form ("Ậ" -> "a", "Đ" -> "d"), anything else between words to a space;
    ``_UNFOLDABLE`` for a letter that folds to no character or to several ("ß" -> "ss",
    a combining mark -> nothing) or to something else than a letter or a digit."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if not _WORD.fullmatch(char):
            value = " "
        else:
            value = fold(char)
            if len(value) != 1 or not _LETTER.fullmatch(value):
                value = _UNFOLDABLE
        self[code] = value
        return value


_UNFOLDABLE = "\x00"  # folds to a space itself: found only where a letter does not fold 1:1
_LETTER = re.compile(r"[^\W_]")
_ONE_FOR_ONE = _OneForOne()


def _fold_in_place(text: str) -> str | None:
    """``text`` folded character by character, its words where they are in ``text`` and
    each as ``fold`` folds it, the rest spaces; None if a letter does not fold to one
    letter (rare: the words are then folded one by one)."""
    folded = text.translate(_ONE_FOR_ONE)
    return None if _UNFOLDABLE in folded else folded


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    """Any of the query's (folded) words, as a whole word of a text folded in place."""
    alternatives = sorted(set(words), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, alternatives)) + r")\b")


def _words_folded_one_by_one(words: list[re.Match], wanted: set[str]) -> list[tuple[int, int]]:
    folded: dict[str, str] = {}  # a text repeats its words: fold each once
    spans = []
    for word in words:
        form = word.group()
        if form not in folded:
            folded[form] = fold(form)
        if folded[form] in wanted:
            spans.append(word.span())
    return spans


def _densest(words: list[re.Match], spans: list[tuple[int, int]], width: int) -> int:
    """The index of the matched word that starts the run of ``width`` words holding the
    most distinct matches (the words of the query side by side beat scattered ones)."""
    starts = [b for b, _f in spans]

    def marked(position: int) -> bool:
        at = bisect_right(starts, position) - 1  # spans are sorted and do not overlap
        return at >= 0 and position < spans[at][1]

    # Only the words that start inside a span can be marked.
    word_starts = [word.start() for word in words]
    candidates = sorted(
        {
            index
            for begin, finish in spans
            for index in range(bisect_left(word_starts, begin), bisect_left(word_starts, finish))
        }
    )
    matched = [
        (index, words[index].group().casefold())
        for index in candidates
        if marked(word_starts[index])
    ]
    best, best_count = matched[0][0], 0
    for position, (index, _word) in enumerate(matched):
        distinct = set()
        for i, w in matched[position:]:
            if i >= index + width:
                break  # matched is in word order
            distinct.add(w)
        if len(distinct) > best_count:
            best, best_count = index, len(distinct)
    return best
