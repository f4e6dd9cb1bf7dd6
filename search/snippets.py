"""A short extract around the first match, the matched words in <mark>.

Built from the stored plain text: every piece is escaped first, and only the
<mark> tags are ours, so the result is safe to show as HTML.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from giaoban.text import fold, nfc
from meetings.citations import CITATION, normalise_code
from search.terms import Query

# A word with its combining marks, whatever the normal form of the text.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
WORDS_AROUND = 30
WORDS_BEFORE = 8


def snippet(text: str, query: Query, size: int = WORDS_AROUND) -> SafeString:
    """About ``size`` words of ``text`` around the first match, matches marked."""
    text = nfc(text or "")
    words = list(_WORD.finditer(text))
    if not words:
        return mark_safe("")  # noqa: S308 (empty)
    spans = _matches(text, words, query)
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


def _matches(text: str, words: list[re.Match], query: Query) -> list[tuple[int, int]]:
    """Character spans to mark, in order, without overlaps: cited documents, then words."""
    codes = set(query.codes)
    cited = [
        m.span("code")
        for m in (CITATION.finditer(text) if codes else ())
        if normalise_code(m.group("code")) in codes
    ]
    wanted = set(query.words)
    folded: dict[str, str] = {}  # a text repeats its words: fold each once
    spans = list(cited)
    for word in words:
        if cited and any(b <= word.start() < f for b, f in cited):
            continue
        form = word.group()
        if form not in folded:
            folded[form] = fold(form)
        if folded[form] in wanted:
            spans.append(word.span())
    return sorted(spans)


def _densest(words: list[re.Match], spans: list[tuple[int, int]], width: int) -> int:
    """The index of the matched word that starts the run of ``width`` words holding the
    most distinct matches (the words of the query side by side beat scattered ones)."""
    starts = [b for b, _f in spans]

    def marked(position: int) -> bool:
        at = bisect_right(starts, position) - 1  # spans are sorted and do not overlap
        return at >= 0 and position < spans[at][1]

    matched = [
        (index, word.group().casefold()) for index, word in enumerate(words) if marked(word.start())
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
