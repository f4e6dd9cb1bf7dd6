"""Sanitising pasted text and finding cited documents."""

import unicodedata

from meetings.citations import find_citations
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
