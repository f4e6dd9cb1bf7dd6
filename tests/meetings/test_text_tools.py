"""Sanitising pasted text and finding cited documents."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetings.citations import _CODE_WINDOW, CITATION, _matches, find_citations
from meetings.richtext import clean, plain_text


def test_word_markup_keeps_only_paragraphs_bold_italic_and_lists():
    pasted = (
        '<p class="MsoNormal" style="margin:0"><b>Kết quả</b> <span style="color:red">đạt</span>'
        '<o:p></o:p></p><div><i>Dòng hai</i></div><ul><li style="x">Một</li></ul>'
    )
    result = clean(pasted)

    assert result.html == (
        "<p><strong>Kết quả</strong> đạt</p><p><em>Dòng hai</em></p><ul><li>Một</li></ul>"
    )
    assert not result.removed_unsafe


def test_scripts_and_styles_are_removed_and_reported():
    result = clean('<p onclick="x()">Nội dung</p><script>alert(1)</script><style>p{}</style>')

    assert result.html == "<p>Nội dung</p>"
    assert result.removed_unsafe


def test_plain_text_becomes_paragraphs_and_is_escaped():
    assert clean("Dòng một\nDòng <hai>").html == "<p>Dòng một</p><p>Dòng &lt;hai&gt;</p>"


def test_text_is_stored_composed():
    result = clean(unicodedata.normalize("NFD", "<p>Mặt trận</p>"))
    assert result.html == "<p>Mặt trận</p>"


def test_plain_text_of_html():
    assert plain_text("<p>A &amp; B</p><ul><li>C</li></ul>").split() == ["A", "&", "B", "C"]


def test_party_and_state_documents_are_recognised():
    text = (
        "thực hiện Công văn số 4934-CV/TU của Tỉnh ủy, Chỉ thị số 35-CT/TW, "
        "Kết luận số 121-KL/TW ngày 24/01/2025, văn bản 4133/TLĐ-ToC, nhiệm kỳ 2024-2029; "
        "lại nhắc Công văn số 4934-CV/TU"
    )
    assert [(f.code, f.label) for f in find_citations(text)] == [
        ("4934-CV/TU", "Công văn số 4934-CV/TU"),
        ("35-CT/TW", "Chỉ thị số 35-CT/TW"),
        ("121-KL/TW", "Kết luận số 121-KL/TW"),
        ("4133/TLĐ-ToC", "4133/TLĐ-ToC"),
    ]


def test_dates_and_terms_are_not_documents():
    assert find_citations("ngày 19/4/2024, nhiệm kỳ 2024 - 2029, lần thứ XI") == []


# The pieces citations are made of, for texts that hold many near misses.
_PIECES = [
    "Công văn",
    "CÔNG VĂN",
    "công văn",
    "Chỉ thị",
    "Nghị quyết",
    "Kết luận",
    "Chương trình",
    "Đề án",
    "số",
    "Số",
    " ",
    "  ",
    "\n",
    "\t",
    "\u00a0",
    "-",
    "/",
    ",",
    ".",
    "(",
    ")",
    "_",
    "x",
    "CV",
    "TU",
    "Tu",
    "ĐU",
    "CTr",
    "TLĐ",
    "ToC",
    "NĐ",
    "CP",
    "KL",
    "TW",
    "2024",
    "4934",
    "123456",
    "7",
    "12",
    "ủy",
    "Đảng",
    "\u0301",
]


_SPACES = st.text(alphabet=" \n\t\u00a0", min_size=1, max_size=12)
# Something like a citation: "Chương trình  số 12-CTr/TU", with parts missing or wrong.
_CITATION_LIKE = st.tuples(
    st.sampled_from(["", "Công văn", "Chương trình", "KẾT LUẬN", "Đề án", "x"]),
    _SPACES,
    st.sampled_from(["", "số", "Số", "so"]),
    _SPACES,
    st.text(alphabet="0123456789", min_size=1, max_size=7),
    st.sampled_from(["-", "/", "/2024/", " "]),
    st.sampled_from(["CV", "CTr", "TLĐ", "NĐ", "Đ" * 8, "cv", "x1"]),
    st.sampled_from(["/", "-", "", "/-"]),
    st.sampled_from(["TU", "ĐU", "ToC", "CP", "Đ" * 7, ""]),
).map("".join)


@given(st.lists(st.one_of(st.sampled_from(_PIECES), _CITATION_LIKE), max_size=30))
@settings(max_examples=3000, deadline=None)
def test_citations_are_found_as_by_trying_the_pattern_everywhere(pieces):
    """find_citations tries the pattern only near numbers (meetings.citations._matches)."""
    text = "".join(pieces)
    expected = [m.span() for m in CITATION.finditer(text)]
    assert [m.span() for m in _matches(text)] == expected


def test_the_longest_codes_fit_in_the_window():
    party = "12345-" + "Đ" * 6 + "/" + "Đ" * 6
    state = "12345/2024/" + "-".join(["Đ" * 8] * 4)
    for code in (party, state):
        text = f"Công văn số {code}"
        assert CITATION.fullmatch(text) and [m.group() for m in _matches(text)] == [text]
        assert len(code) < _CODE_WINDOW


@pytest.mark.parametrize(
    "value",
    [
        "a\xa0b",  # typed text with a no-break space
        '<a href="javascript:x">chỉ còn chữ</a>',  # only text left once cleaned
        "<a>a &amp; b</a>",
        "&nbsp;<h1>",  # nothing left
        "<li>a<<<table><tr><td><li>x",  # list items the parser rearranges
        "<p>Đoạn <b>một</b></p>\n<div>hai</div>",
    ],
)
def test_cleaning_what_was_cleaned_changes_nothing(value):
    """Stored text is cleaned once and shown as stored: cleaning it again must not change it."""
    cleaned = clean(value).html

    assert clean(cleaned).html == cleaned
