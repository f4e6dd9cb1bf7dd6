"""Folding, query parsing and snippets, without a database."""

import unicodedata

from search.snippets import snippet
from search.terms import indexed_terms, parse_query, words


def test_words_fold_every_vietnamese_diacritic_and_d_with_stroke():
    assert words("Đại hội đại biểu MTTQ Việt Nam") == [
        "dai",
        "hoi",
        "dai",
        "bieu",
        "mttq",
        "viet",
        "nam",
    ]
    assert words("Ban Dân vận ĐẢNG ỦY") == ["ban", "dan", "van", "dang", "uy"]


def test_tone_mark_on_either_vowel_and_decomposed_text_fold_alike():
    nfd = unicodedata.normalize("NFD", "Tỉnh ủy Lâm Giang")
    assert words("Tỉnh uỷ") == words("Tỉnh ủy") == ["tinh", "uy"]
    assert words(nfd) == ["tinh", "uy", "lam", "giang"]


def test_cited_documents_become_one_term_each():
    terms = indexed_terms("Thực hiện Công văn số 4934-CV/TU và Chỉ thị 35-CT/TW.")
    assert " 4934cvtu " in terms and " 35cttw " in terms


def test_a_query_that_names_a_document_needs_the_document_not_its_type_words():
    query = parse_query("Công văn số 4934-cv/tu dân vận")
    assert query.codes == ("4934-CV/TU",)
    assert query.words == ("dan", "van")
    assert query.terms == ["4934cvtu", "dan", "van"]


def test_snippet_marks_matched_words_and_escapes_the_rest():
    query = parse_query("dan van")
    text = "Giao <Ban> Dân vận Tỉnh ủy tổng hợp kiến nghị & đề xuất."
    assert str(snippet(text, query)) == (
        "Giao &lt;Ban&gt; <mark>Dân</mark> <mark>vận</mark> Tỉnh ủy tổng hợp kiến nghị "
        "&amp; đề xuất."
    )


def test_snippet_is_a_window_of_about_thirty_words_around_the_first_match():
    text = " ".join(f"từ{i}" for i in range(100)) + " Đại hội " + " ".join("x" * 40)
    shown = str(snippet(text, parse_query("dai hoi")))
    assert shown.startswith("… từ92 ")
    assert "<mark>Đại</mark> <mark>hội</mark>" in shown
    assert shown.endswith(" …")
    assert len(shown.split()) <= 33


def test_snippet_marks_a_cited_document_whole():
    shown = str(snippet("Thực hiện Công văn số 4934-CV/TU của Tỉnh ủy.", parse_query("4934-cv/tu")))
    assert "<mark>4934-CV/TU</mark>" in shown
