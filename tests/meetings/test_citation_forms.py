"""Documents as real meeting records cite them (issue 17): Party documents with a hyphen,
state and Front documents with slashes, with or without "số", with or without the type's
symbol, with their issuing body and date. Each form gives the document's code and how
the text named it."""

import pytest

from meetings.citations import find_citations

FORMS = [
    # Party documents, with their symbol.
    ("Kế hoạch số 85-KH/TU", "85-KH/TU", "Kế hoạch số 85-KH/TU"),
    ("Nghị quyết 18-NQ/TW", "18-NQ/TW", "Nghị quyết số 18-NQ/TW"),
    ("Kết luận 01-KL/TW", "01-KL/TW", "Kết luận số 01-KL/TW"),
    ("Công văn số 45-CV/BDV", "45-CV/BDV", "Công văn số 45-CV/BDV"),
    ("Công văn số 4934-CV/TU của Tỉnh ủy", "4934-CV/TU", "Công văn số 4934-CV/TU"),
    ("Chỉ thị số 35-CT/TW", "35-CT/TW", "Chỉ thị số 35-CT/TW"),
    ("Quy định số 399-QĐ/TW", "399-QĐ/TW", "Quy định số 399-QĐ/TW"),
    ("Hướng dẫn 36-HD/VPTW năm 2018", "36-HD/VPTW", "Hướng dẫn số 36-HD/VPTW"),
    ("Chương trình số 12-CTr/TU", "12-CTr/TU", "Chương trình số 12-CTr/TU"),
    ("Báo cáo số 123-BC/BDVTU", "123-BC/BDVTU", "Báo cáo số 123-BC/BDVTU"),
    ("Thông báo kết luận số 45-TB/TU", "45-TB/TU", "Thông báo kết luận số 45-TB/TU"),
    ("Kết luận số 121-KL/TW ngày 24/01/2025", "121-KL/TW", "Kết luận số 121-KL/TW"),
    ("Quyết định số 102-QĐ/ĐU của Đảng ủy xã", "102-QĐ/ĐU", "Quyết định số 102-QĐ/ĐU"),
    ("kế hoạch số 85-kh/tu", "85-KH/TU", "Kế hoạch số 85-KH/TU"),
    ("theo văn bản 15-HD/HU", "15-HD/HU", "15-HD/HU"),
    # State and Front documents, with slashes.
    ("Quyết định số 1234/QĐ-UBND", "1234/QĐ-UBND", "Quyết định số 1234/QĐ-UBND"),
    ("số 12/KH-MTTQ-BTT", "12/KH-MTTQ-BTT", "12/KH-MTTQ-BTT"),
    ("Kế hoạch số 05/KH-MTTQ-BTT ngày 10/01/2024", "05/KH-MTTQ-BTT", "Kế hoạch số 05/KH-MTTQ-BTT"),
    ("Công văn 4133/TLĐ-ToC", "4133/TLĐ-ToC", "Công văn số 4133/TLĐ-ToC"),
    ("Nghị định số 15/2024/NĐ-CP", "15/2024/NĐ-CP", "Nghị định số 15/2024/NĐ-CP"),
    ("Luật Đất đai số 31/2024/QH15", "31/2024/QH15", "31/2024/QH15"),
    ("Thông tư 01/2011/TT-BNV", "01/2011/TT-BNV", "Thông tư số 01/2011/TT-BNV"),
    ("Chương trình phối hợp số 03/CTrPH-MTTQ-UBND", "03/CTRPH-MTTQ-UBND", "03/CTRPH-MTTQ-UBND"),
    # Without the symbol: the type and number, with the issuing body and the date.
    (
        "Chỉ thị số 05 ngày 12/3/2022 của Ban Thường vụ Tỉnh ủy",
        "05-CT/TU",
        "Chỉ thị số 05 ngày 12/3/2022 của Ban Thường vụ Tỉnh ủy",
    ),
    (
        "Kết luận 01 ngày 18/5/2021 của Bộ Chính trị",
        "01-KL/TW",
        "Kết luận số 01 ngày 18/5/2021 của Bộ Chính trị",
    ),
    (
        "Nghị quyết số 12 ngày 3 tháng 5 năm 2023 của Huyện uỷ",
        "12-NQ/HU",
        "Nghị quyết số 12 ngày 3 tháng 5 năm 2023 của Huyện uỷ",
    ),
    (
        "Kế hoạch số 40 của Thường trực Huyện ủy",
        "40-KH/HU",
        "Kế hoạch số 40 của Thường trực Huyện ủy",
    ),
    ("Chỉ thị số 08 của Ban Bí thư", "08-CT/TW", "Chỉ thị số 08 của Ban Bí thư"),
    ("Nghị quyết số 03 của Đảng ủy xã", "03-NQ/ĐU", "Nghị quyết số 03 của Đảng ủy"),
    ("Quyết định số 217 ngày 02/01/2008", "217-QĐ", "Quyết định số 217 ngày 02/01/2008"),
    ("Kế hoạch số 2", "2-KH", "Kế hoạch số 2"),
    ("CÔNG VĂN SỐ 45 CỦA TỈNH ỦY", "45-CV/TU", "CÔNG VĂN số 45 của TỈNH ỦY"),
    ("Thông báo kết luận số 7, ngày 15/4/2024", "7-TB", "Thông báo kết luận số 7 ngày 15/4/2024"),
]


@pytest.mark.parametrize(("text", "code", "label"), FORMS, ids=[f[0] for f in FORMS])
def test_a_real_citation_form_is_recognised(text, code, label):
    found = find_citations(f"Thực hiện {text}, các cơ quan đã triển khai.")

    assert [(f.code, f.label) for f in found] == [(code, label)]


def test_there_are_at_least_thirty_forms():
    assert len(FORMS) >= 30


@pytest.mark.parametrize(
    "text",
    [
        "ngày 12/3/2022, có 45 đại biểu",
        "nhiệm kỳ 2024 - 2029, lần thứ XI",
        "Chương trình 135 giảm nghèo",  # a programme's name, not a document cited
        "số 5 người tham dự",
        "Kế hoạch năm 2024",
    ],
)
def test_numbers_that_are_not_documents(text):
    assert find_citations(text) == []


def test_several_citations_in_order_of_mention_each_once():
    text = (
        "Thực hiện Chỉ thị số 05 ngày 12/3/2022 của Ban Thường vụ Tỉnh ủy và Kế hoạch số "
        "85-KH/TU; tiếp tục quán triệt Chỉ thị 05-CT/TU, Quyết định số 1234/QĐ-UBND."
    )

    assert [f.code for f in find_citations(text)] == ["05-CT/TU", "85-KH/TU", "1234/QĐ-UBND"]
