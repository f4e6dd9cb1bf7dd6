"""Recognise cited documents in Vietnamese text.

Party documents: "Công văn số 4934-CV/TU", "Chỉ thị số 35-CT/TW", "Kết luận số
121-KL/TW", "12-CTr/TU". State and Front documents: "4133/TLĐ-ToC",
"15/2024/NĐ-CP". The code (number and symbol) identifies the document; the
label keeps how the text named it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_UPPER = "A-ZĐÂĂÊÔƠƯ"
_TYPE_WORDS = (
    "Nghị quyết|Quyết định|Chỉ thị|Kết luận|Thông báo|Hướng dẫn|Báo cáo|Kế hoạch|"
    "Công văn|Chương trình|Quy định|Thông tư|Nghị định|Luật|Tờ trình|Đề án"
)
_PARTY = rf"\d{{1,5}}-[{_UPPER}][{_UPPER}a-zđ]{{0,5}}/[{_UPPER}]{{1,6}}"
_WORD = rf"[{_UPPER}][{_UPPER}a-zđ]{{0,7}}"
_STATE = rf"\d{{1,5}}(?:/\d{{4}})?/{_WORD}(?:-{_WORD}){{0,3}}"
CITATION = re.compile(
    rf"(?:(?P<type>{_TYPE_WORDS})\s+(?:số\s+)?)?(?P<code>{_PARTY}|{_STATE})(?![\w/-])",
    re.IGNORECASE,
)
# Every code has a number followed by "-" or "/".
_MAYBE_CODE = re.compile(r"\d[-/]")
# Longer than the longest code _PARTY or _STATE can match (19 and 46 characters) and the
# character after it: the window in which a match is looked for after that number.
_CODE_WINDOW = 64
# Up to the last character that is neither a letter nor a space: what the type of
# document and "số" before a code are made of.
_BEFORE_TYPE = re.compile(r".*[^\w\s]", re.DOTALL)


@dataclass(frozen=True)
class Found:
    code: str
    label: str


def find_citations(text: str) -> list[Found]:
    """Documents cited in ``text``, each once, in order of first mention."""
    seen: dict[str, Found] = {}
    for match in _matches(text or ""):
        code = normalise_code(match.group("code"))
        if code in seen:
            continue
        kind = match.group("type")
        label = f"{kind[0].upper()}{kind[1:]} số {code}" if kind else code
        seen[code] = Found(code=code, label=label)
    return list(seen.values())


def _matches(text: str) -> Iterator[re.Match]:
    """The matches of ``CITATION.finditer(text)``, found without trying the pattern at every
    character of a long text (the cost of indexing a report).

    A match holds a number followed by "-" or "/" (the start of its code), and before it
    only letters and spaces (the type of document, "số"). So the leftmost match not before
    ``position`` is the one, if any, that starts between the last character before the
    next such number that is neither a letter nor a space, and that number; and it ends
    within ``_CODE_WINDOW`` characters of it. The pattern is tried there only, with the
    same result as trying it everywhere.
    """
    position = 0
    for candidate in _MAYBE_CODE.finditer(text):  # cheap: most texts cite nothing
        digit = candidate.start()
        if digit < position:
            continue
        before = _BEFORE_TYPE.match(text, position, digit)
        start = before.end() if before else position
        match = CITATION.search(text, start, digit + _CODE_WINDOW)
        if match is not None and match.start() <= digit:
            position = match.end()
            yield match


def normalise_code(code: str) -> str:
    """One spelling per document: "4934-cv/tu" -> "4934-CV/TU" ("CTr" keeps its r)."""
    parts = re.split(r"([-/])", code.strip())
    return "".join(p if p in "-/" or p.isdigit() else _symbol(p) for p in parts)


def _symbol(part: str) -> str:
    upper = part.upper()
    return "CTr" if upper == "CTR" else ("ToC" if upper == "TOC" else upper)
