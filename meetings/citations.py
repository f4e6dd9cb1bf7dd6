"""Recognise cited documents in Vietnamese text.

Party documents: "Công văn số 4934-CV/TU", "Chỉ thị số 35-CT/TW", "Kết luận số
121-KL/TW", "12-CTr/TU". State and Front documents: "4133/TLĐ-ToC",
"15/2024/NĐ-CP", "12/KH-MTTQ-BTT", "31/2024/QH15". The code (number and symbol)
identifies the document; the label keeps how the text named it.

A Party document is also cited without its symbol, by its type and number, often
with its date and who issued it: "Chỉ thị số 05 ngày 12/3/2022 của Ban Thường vụ
Tỉnh ủy". Its code is then made from its type and, when the issuer is a Party
committee, the committee's suffix ("05-CT/TU"), so that searching for "05-CT/TU"
finds it; without an issuer, from its type alone ("05-CT").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_UPPER = "A-ZĐÂĂÊÔƠƯ"
_TYPE_WORDS = (
    "Thông báo kết luận|Nghị quyết|Quyết định|Chỉ thị|Kết luận|Thông báo|Hướng dẫn|Báo cáo|"
    "Kế hoạch|Công văn|Chương trình|Quy định|Thông tư|Nghị định|Luật|Tờ trình|Đề án"
)
_PARTY = rf"\d{{1,5}}-[{_UPPER}][{_UPPER}a-zđ]{{0,5}}/[{_UPPER}]{{1,6}}"
# (A symbol part may hold digits after its first letter: "QH15", the 15th National Assembly.)
_WORD = rf"[{_UPPER}][{_UPPER}a-zđ0-9]{{0,7}}"
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


# A Party document cited by type and number alone. Its type's symbol, by type word (folded
# to lower case):
_PARTY_SYMBOLS = {
    "thông báo kết luận": "TB",
    "nghị quyết": "NQ",
    "quyết định": "QĐ",
    "chỉ thị": "CT",
    "kết luận": "KL",
    "thông báo": "TB",
    "hướng dẫn": "HD",
    "báo cáo": "BC",
    "kế hoạch": "KH",
    "công văn": "CV",
    "chương trình": "CTr",
    "quy định": "QĐ",
    "tờ trình": "TTr",
    "đề án": "ĐA",
}
_PARTY_TYPES = "|".join(_PARTY_SYMBOLS)
_UY = "(?:ủy|uỷ)"
# Who issued it, when it is a Party committee or the Centre: the suffix of its documents.
_ISSUERS = (
    r"(?:(?:Ban Thường vụ|Ban Chấp hành|Thường trực)\s+)?"
    rf"(?P<committee>Tỉnh|Thành|Huyện|Đảng)\s+{_UY}"
    r"|(?P<centre>Bộ Chính trị|Ban Bí thư|Ban Chấp hành Trung ương(?:\s+Đảng)?|Trung ương)"
)
_COMMITTEE_SUFFIX = {"tỉnh": "TU", "thành": "TU", "huyện": "HU", "đảng": "ĐU"}
_DATE = r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
BARE_CITATION = re.compile(
    rf"(?P<type>{_PARTY_TYPES})\s+"
    # "số 05", or the number alone when a date follows ("Kết luận 01 ngày …").
    rf"(?:số\s+(?P<number>\d{{1,5}})|(?P<dated>\d{{1,5}})(?=\s*,?\s+ngày\s))"
    r"(?![\w/-])"
    rf"(?:\s*,?\s+ngày\s+(?P<date>{_DATE}))?"
    rf"(?:\s*,?\s+của\s+(?P<issuer>{_ISSUERS}))?",
    re.IGNORECASE,
)
# Where a bare citation's number may be: after "số", or before "ngày".
_MAYBE_BARE = re.compile(r"\bsố\s+\d|\d\s*,?\s+ngày\s", re.IGNORECASE)
# The longest type word, "số" and the spaces between: how far before its number a bare
# citation may start.
_BARE_BEFORE = 40


@dataclass(frozen=True)
class Found:
    code: str
    label: str


def find_citations(text: str) -> list[Found]:
    """Documents cited in ``text``, each once, in order of first mention."""
    seen: dict[str, Found] = {}
    for _start, _end, found in citation_spans(text or ""):
        seen.setdefault(found.code, found)
    return list(seen.values())


def citation_spans(text: str, *, bare_with_issuer_only: bool = False):
    """Each citation of ``text`` as ``(start, end, Found)``, in order: the coded ones
    ("4934-CV/TU") and the bare ones ("Chỉ thị số 05 ngày 12/3/2022 của Ban Thường vụ
    Tỉnh ủy"); ``bare_with_issuer_only``: only the bare ones whose issuer gives them a
    whole code (what a query names)."""
    spans = []
    for match in _matches(text):
        code = normalise_code(match.group("code"))
        kind = match.group("type")
        label = f"{kind[0].upper()}{kind[1:]} số {code}" if kind else code
        spans.append((match.start(), match.end(), Found(code=code, label=label)))
    for match in _bare_matches(text):
        if bare_with_issuer_only and not match.group("issuer"):
            continue
        spans.append((match.start(), match.end(), _bare_found(match)))
    spans.sort(key=lambda span: span[0])
    return spans


def _bare_matches(text: str) -> Iterator[re.Match]:
    """The matches of ``BARE_CITATION`` in ``text``, tried only near a "số" or a
    "ngày" next to a number (most texts have few)."""
    position = 0
    for candidate in _MAYBE_BARE.finditer(text):
        if candidate.start() < position:
            continue
        start = max(position, candidate.start() - _BARE_BEFORE)
        match = BARE_CITATION.search(text, start, candidate.end() + 200)
        if match is not None and match.start() <= candidate.start():
            position = match.end()
            yield match


def _bare_found(match: re.Match) -> Found:
    kind = " ".join(match.group("type").split())
    number = match.group("number") or match.group("dated")
    symbol = _PARTY_SYMBOLS[kind.lower()]
    code = f"{number}-{symbol}"
    if match.group("committee"):
        code += "/" + _COMMITTEE_SUFFIX[match.group("committee").lower()]
    elif match.group("centre"):
        code += "/TW"
    label = f"{kind[0].upper()}{kind[1:]} số {number}"
    if match.group("date"):
        label += f" ngày {' '.join(match.group('date').split())}"
    if match.group("issuer"):
        label += f" của {' '.join(match.group('issuer').split())}"
    return Found(code=code, label=label)


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
