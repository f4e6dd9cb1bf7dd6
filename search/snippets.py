"""A short extract around the first match, the matched words in <mark>.

Built from the stored plain text: every piece is escaped first, and only the
<mark> tags are ours, so the result is safe to show as HTML.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
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
    if folded is not None and not query.codes:
        return _snippet_of_words(text, folded, query.words, size)
    words = _WordsOfMatches(text) if folded is None else _WordsOfFolded(text, folded)
    if not words.count:
        return mark_safe("")  # noqa: S308 (empty)
    spans = _matches(text, folded, words, query)
    first = _densest(words.starting_in(spans), spans, size // 2) if spans else 0
    start = max(0, min(first - WORDS_BEFORE, words.count - size))
    end = min(words.count, start + size)
    lo = words.start(start) if start > 0 else 0
    hi = words.end(end - 1) if end < words.count else len(text)
    parts = ["… " if start > 0 else ""]
    cursor = lo
    for begin, finish in spans:
        if finish <= lo or begin >= hi:
            continue
        begin, finish = max(begin, lo), min(finish, hi)
        parts += [escape(text[cursor:begin]), "<mark>", escape(text[begin:finish]), "</mark>"]
        cursor = finish
    parts += [escape(text[cursor:hi]), " …" if end < words.count else ""]
    return mark_safe(" ".join("".join(parts).split()))  # noqa: S308 (escaped above)


def _snippet_of_words(text: str, folded: str, wanted: tuple[str, ...], size: int) -> SafeString:
    """``snippet`` of a query of words alone in a text folded in place (the most
    common case), the same extract worked out with fewer passes over the text: each
    match is one whole word, counted from the one before it; the words of the
    extract are found from the match it starts at."""
    spans = _found_in_place(folded, wanted) if wanted else []
    if not spans:
        # The first ``size`` words.
        head = folded.split(None, size)
        if not head:
            return mark_safe("")  # noqa: S308 (empty)
        if len(head) <= size:
            return mark_safe(" ".join(escape(text).split()))  # noqa: S308 (escaped)
        hi = len(folded[: len(folded) - len(head[size])].rstrip())
        return mark_safe(" ".join(escape(text[:hi]).split()) + " …")  # noqa: S308
    # The index of each matched word (the words before it counted between matches),
    # as the text says it, case folded.
    indices, forms = [], []
    index, cursor = 0, 0
    for begin, finish in spans:
        index += len(folded[cursor:begin].split())
        cursor = begin
        indices.append(index)
        forms.append(text[begin:finish].casefold())
    # The match that starts the run of ``size // 2`` words with the most distinct
    # matched words (the first such), as ``_densest``.
    width = size // 2
    best, best_count = 0, 0
    for at, index in enumerate(indices):
        distinct = len(set(forms[at : bisect_left(indices, index + width, at)]))
        if distinct > best_count:
            best, best_count = at, distinct
    first, at_first = indices[best], spans[best][0]
    count = indices[-1] + len(folded[spans[-1][0] :].split())
    start = max(0, min(first - WORDS_BEFORE, count - size))
    end = min(count, start + size)
    lo = hi = 0
    if start > 0:  # where word ``start`` starts: ``first - start`` words before the match
        before = folded[:at_first]
        kept = len(before.rsplit(None, first - start)[0])  # up to the end of word start - 1
        lo = len(before) - len(before[kept:].lstrip())
    if end < count:  # where word ``end - 1`` ends
        after = folded[lo:]
        rest = after.split(None, end - start)[-1]  # from word ``end`` on
        hi = lo + len(after[: len(after) - len(rest)].rstrip())
    else:
        hi = len(text)
    parts = ["… " if start > 0 else ""]
    cursor = lo
    for begin, finish in spans:
        if finish <= lo or begin >= hi:
            continue
        parts += [escape(text[cursor:begin]), "<mark>", escape(text[begin:finish]), "</mark>"]
        cursor = finish
    parts += [escape(text[cursor:hi]), " …" if end < count else ""]
    return mark_safe(" ".join("".join(parts).split()))  # noqa: S308 (escaped above)


class _WordsOfMatches:
    """The words of a text, each found by the regular expression (a text that does not
    fold in place)."""

    def __init__(self, text: str):
        self.matches = list(_WORD.finditer(text))
        self.count = len(self.matches)

    def start(self, index: int) -> int:
        return self.matches[index].start()

    def end(self, index: int) -> int:
        return self.matches[index].end()

    def starting_in(self, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """Each word that starts inside one of ``spans`` (sorted, not overlapping): its
        index, where it starts, the word."""
        words = self.matches
        return [
            (index, words[index].start(), words[index].group())
            for begin, finish in spans
            for index in range(
                bisect_left(words, begin, key=re.Match.start),
                bisect_left(words, finish, key=re.Match.start),
            )
        ]


class _WordsOfFolded:
    """The same of a text folded in place (its words letters, the rest spaces), counted by
    splitting the folded text where needed: no object per word of a long text."""

    def __init__(self, text: str, folded: str):
        self.text, self.folded = text, folded
        self.count = len(folded.split())

    def start(self, index: int) -> int:
        # Split off the words before it: what remains starts with it.
        return len(self.folded) - len(self.folded.split(None, index)[-1])

    def end(self, index: int) -> int:
        end = self.folded.find(" ", self.start(index))
        return len(self.folded) if end < 0 else end

    def starting_in(self, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        folded, found = self.folded, []
        cursor = before = 0  # ``before`` words start before ``cursor``
        for begin, finish in spans:
            if begin >= cursor:
                before += _words_starting(folded, cursor, begin)
            else:  # overlapping spans (not expected): counted afresh
                before = len(folded[:begin].split())
            cursor, index = begin, before
            position = begin
            if position > 0 and folded[position - 1] != " ":  # inside a word: the next one
                position = folded.find(" ", position, finish)
                if position < 0:
                    continue
            while position < finish:
                if folded[position] == " ":
                    position += 1
                    continue
                end = folded.find(" ", position)
                end = len(folded) if end < 0 else end
                found.append((index, position, self.text[position:end]))
                index += 1
                position = end
        return found


def _words_starting(folded: str, begin: int, end: int) -> int:
    """How many words of ``folded`` start at ``begin`` or after, before ``end``."""
    if begin >= end:
        return 0
    inside = len(folded[begin:end].split())
    # A word that started before ``begin`` and goes on is not one of them.
    return inside - 1 if begin > 0 and folded[begin - 1] != " " != folded[begin] else inside


def _matches(text: str, folded: str | None, words, query: Query) -> list[tuple[int, int]]:
    """Character spans to mark, in order, without overlaps: cited documents, then words
    (found in ``text`` folded in place, else folded one by one)."""
    codes = set(query.codes)
    cited = [
        m.span("code")
        for m in (CITATION.finditer(text) if codes else ())
        if normalise_code(m.group("code")) in codes
    ]
    if folded is None:
        found = _words_folded_one_by_one(words.matches, set(query.words))
    else:
        found = _found_in_place(folded, query.words) if query.words else []
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
    # Folded token by token (between single spaces, which fold to themselves): texts
    # are made of few distinct tokens, each folded once, then looked up in C.
    tokens = text.split(" ")
    try:
        folded = " ".join(map(_FOLDED_TOKENS.__getitem__, tokens))
    except KeyError:
        parts = []
        for token in tokens:
            part = _FOLDED_TOKENS.get(token)
            if part is None:
                part = token.translate(_ONE_FOR_ONE)
                if len(token) <= _LONGEST_KEPT:  # not a long run of text without spaces
                    if len(_FOLDED_TOKENS) >= _TOKENS:  # never more: then it starts again
                        _FOLDED_TOKENS.clear()
                    _FOLDED_TOKENS[token] = part
            parts.append(part)
        folded = " ".join(parts)
    return None if _UNFOLDABLE in folded else folded


_FOLDED_TOKENS: dict[str, str] = {}
_TOKENS = 50_000  # at most; then it starts again
_LONGEST_KEPT = 64


def _found_in_place(folded: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the (folded) ``words`` are whole words of ``folded``, in order."""
    # Each word looked for by ``str.find`` (in C), kept where a space or an end of the
    # text is on either side of it: ``folded`` is letters and digits between spaces.
    # Faster than a regular expression of the words, which tries each place in turn
    # (about 0.12 ms less for a page of 20 long texts). Whole words do not overlap.
    spans = []
    size = len(folded)
    for word in set(words):
        length = len(word)
        begin = folded.find(word) if length else -1
        while begin >= 0:
            end = begin + length
            if (begin == 0 or folded[begin - 1] == " ") and (end == size or folded[end] == " "):
                spans.append((begin, end))
            # None starts inside this one: its letters are no word's start.
            begin = folded.find(word, end)
    spans.sort()
    return spans


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


def _densest(
    candidates: list[tuple[int, int, str]], spans: list[tuple[int, int]], width: int
) -> int:
    """The index of the matched word that starts the run of ``width`` words holding the
    most distinct matches (the words of the query side by side beat scattered ones);
    ``candidates``: the words that start inside ``spans`` (index, start, word)."""
    starts = [b for b, _f in spans]

    def marked(position: int) -> bool:
        at = bisect_right(starts, position) - 1  # spans are sorted and do not overlap
        return at >= 0 and position < spans[at][1]

    matched = [
        (index, word.casefold())
        for index, position, word in sorted(set(candidates))
        if marked(position)
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
