"""Words as the search compares them: folded Vietnamese, and cited documents.

Both databases compare the same folded form, computed here in Python: lower
case, no diacritic at all (``giaoban.text.fold``), so that "dan van" finds
"Dân vận", "Đại hội" is "dai hoi" whichever way it was typed, "Tỉnh uỷ" and
"Tỉnh ủy" are one word, and text pasted in decomposed Unicode (NFD) is the same
as text typed in NFC. A cited document ("4934-CV/TU") becomes one extra term
("4934cvtu"), so a query that names it finds the texts that cite it.

Stored terms are padded by a space on each side (" dan  van "): SQLite finds a
word with ``LIKE '% dan %'``, PostgreSQL parses the same string into a tsvector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from giaoban.text import fold, nfc
from meetings.citations import citation_spans, find_citations, normalise_code

_WORD = re.compile(r"[^\W_]+")
# Longer "words" are not words (PostgreSQL ignores lexemes over 2 KB anyway).
MAX_WORD = 60
MAX_QUERY_TERMS = 12


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order: "Đại hội MTTQ" -> ["dai", "hoi", "mttq"]."""
    return [word for token in text.split() for word in _token_words(token)]


# Texts are made of few distinct tokens (Vietnamese syllables, names, numbers), so each
# is folded once: folding token by token gives the words of folding the whole text, as
# no space folds to a letter or a digit (tests/search/test_terms.py).
_TOKENS = 50_000  # at most, in each cache below; then it starts again


@lru_cache(maxsize=_TOKENS)
def _token_words(token: str) -> tuple[str, ...]:
    return tuple(w for w in _WORD.findall(fold(token)) if len(w) <= MAX_WORD)


_TOKEN_TERMS: dict[str, str] = {}


def _terms_of_words(tokens: list[str]) -> str:
    """The stored terms of these tokens' words (" dan  van ")."""
    try:
        return "".join(map(_TOKEN_TERMS.__getitem__, tokens))  # mostly known: in C
    except KeyError:
        parts = []
        for token in tokens:
            terms = _TOKEN_TERMS.get(token)
            if terms is None:
                terms = "".join(f" {word} " for word in _token_words(token))
                if len(_TOKEN_TERMS) >= _TOKENS:  # never more: then it starts again
                    _TOKEN_TERMS.clear()
                _TOKEN_TERMS[token] = terms
            parts.append(terms)
        return "".join(parts)


def code_term(code: str) -> str:
    """The term of a cited document: "4934-CV/TU" -> "4934cvtu"."""
    return "".join(_WORD.findall(fold(normalise_code(code))))


def indexed_terms(text: str) -> str:
    """What an entry stores to be found: its words, then the documents it cites."""
    text = nfc(text)
    codes = [code_term(found.code) for found in find_citations(text)]
    return _terms_of_words(text.split()) + "".join(f" {code} " for code in codes)


@dataclass(frozen=True)
class Query:
    """A query split into folded words and cited documents (normalised codes)."""

    words: tuple[str, ...]
    codes: tuple[str, ...]

    @property
    def terms(self) -> list[str]:
        """Every term an entry must hold; codes first, as they are the most selective."""
        seen: dict[str, None] = {}
        for term in [code_term(c) for c in self.codes] + list(self.words):
            seen.setdefault(term)
        return list(seen)[:MAX_QUERY_TERMS]

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(text: str) -> Query:
    """Split what the user typed: "Công văn 4934-cv/tu dân vận" -> code 4934-CV/TU, dan, van.

    The words that name a document's type ("Công văn số") belong to the reference and
    are not required words. A document named without its symbol is one only when its
    issuer makes its code whole ("Chỉ thị số 05 của Ban Thường vụ Tỉnh ủy" is
    05-CT/TU); "Chỉ thị số 05" alone stays words, found in the texts that say it so.
    """
    text = nfc(text or "")
    codes: list[str] = []
    rest: list[str] = []
    position = 0
    for start, end, found in citation_spans(text, bare_with_issuer_only=True):
        if start < position:
            continue
        codes.append(found.code)
        rest.append(text[position:start])
        position = end
    rest.append(text[position:])
    return Query(words=tuple(words(" ".join(rest))), codes=tuple(dict.fromkeys(codes)))
