"""Folding, query parsing and snippets, without a database."""

import sys
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from giaoban.text import fold, nfc
from meetings.citations import find_citations
from search import snippets
from search.snippets import snippet
from search.terms import _WORD, MAX_WORD, code_term, indexed_terms, parse_query, words


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


def test_snippet_of_a_long_text_with_many_matches_shows_the_first_with_most_query_words():
    filler = " ".join(f"từ{i}" for i in range(2000))
    alone = " ".join(f"vận y{i}" for i in range(300))
    pairs = " ".join(f"dân x{i} vận" for i in range(300))
    text = f"{filler} {alone} z0 z1 Ban <Dân> VẬN Tỉnh ủy & z2 {pairs} {filler}"

    shown = str(snippet(text, parse_query("dan van")))

    # The first run of 15 words with both words of the query, 8 words before it.
    assert shown == (
        "… "
        + " ".join(f"<mark>vận</mark> y{i}" for i in range(291, 300))
        + " z0 z1 Ban &lt;<mark>Dân</mark>&gt; <mark>VẬN</mark> Tỉnh ủy &amp; z2"
        + " <mark>dân</mark> x0 <mark>vận</mark> <mark>dân</mark> …"
    )


def test_snippet_of_words_run_together_and_a_document_cited_inside_a_word():
    """As the snippets were before they counted the words by splitting the folded text
    (issue 19): a word inside another is not marked, a cited document is, wherever it
    starts."""
    text = (
        "Ban Dânvận và Hội Nông dân: dân vận khéo, số4934-CV/TU; Công văn số 4934-CV/TU "
        "về dân vận chính quyền. " + " ".join(f"từ{i}" for i in range(40)) + " dân vận"
    )

    shown = str(snippet(text, parse_query("dan van 4934-CV/TU")))

    assert shown == (
        "Ban Dânvận và Hội Nông <mark>dân</mark>: <mark>dân</mark> <mark>vận</mark> khéo, "
        "số<mark>4934-CV/TU</mark>; Công <mark>văn</mark> số <mark>4934-CV/TU</mark> về "
        "<mark>dân</mark> <mark>vận</mark> chính quyền. từ0 từ1 từ2 từ3 từ4 từ5 từ6 …"
    )


@given(
    st.text(
        alphabet=st.sampled_from("aAĐđêỆ ủỷuy\u0301\u0323\u00a0\n_-/,.1é9ßǅﬁİΐ²ª")
        | st.characters(),
        max_size=80,
    ),
    st.data(),
)
@example("Ban Dân vận ĐẢNG ỦY, dân_vận; dânvận", None)
@example("Dân-vận" * 20 + " dân vận " + "ĐẢNG_ỦY" * 20, None)  # tokens too long to keep
@settings(max_examples=1000, deadline=None)
def test_words_found_in_the_text_folded_at_once_are_those_folded_one_by_one(text, data):
    """Snippets fold a text at once and find the query's words with a regex; where that
    is possible, it marks the words that folding them one by one marks."""
    text = nfc(text)
    found = words(text)
    query = (
        data.draw(st.lists(st.sampled_from(found) | st.text(max_size=3), max_size=4))
        if data is not None and found
        else found[1:3]
    )
    wanted = tuple(w for term in query for w in words(term))
    folded = snippets._fold_in_place(text)
    if folded is None or not wanted:
        return
    assert folded == text.translate(snippets._ONE_FOR_ONE)  # folded token by token
    assert len(folded) == len(text)
    assert [m.span() for m in snippets._LETTERS.finditer(text)] == [
        m.span() for m in snippets._WORD.finditer(text)
    ]
    in_place = snippets._found_in_place(folded, wanted)
    one_by_one = snippets._words_folded_one_by_one(list(snippets._WORD.finditer(text)), set(wanted))
    assert in_place == one_by_one
    # The words of the text folded in place, counted by splitting it, are those the
    # regular expression finds one by one.
    split, matched = snippets._WordsOfFolded(text, folded), snippets._WordsOfMatches(text)
    assert split.count == matched.count
    assert [(split.start(i), split.end(i)) for i in range(split.count)] == [
        (matched.start(i), matched.end(i)) for i in range(matched.count)
    ]
    spans = sorted(
        set(one_by_one + [(b, min(b + 7, len(text))) for b in (0, len(text) // 3) if b < len(text)])
    )
    assert split.starting_in(spans) == matched.starting_in(spans)


def test_a_letter_that_does_not_fold_to_one_letter_is_folded_one_by_one():
    text = "Straße Dân vận ﬁ"
    assert snippets._fold_in_place(text) is None
    assert str(snippet(text, parse_query("strasse dan"))) == (
        "<mark>Straße</mark> <mark>Dân</mark> vận ﬁ"
    )


def _words_of_the_whole_text(text: str) -> list[str]:
    """``words`` as defined: the whole text folded, then split (terms folds token by token)."""
    return [w for w in _WORD.findall(fold(text)) if len(w) <= MAX_WORD]


def test_no_space_folds_to_a_letter_or_a_digit():
    """Why folding a text token by token gives the words of folding it whole."""
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert len(spaces) > 20
    assert [fold(f"a{space}b") for space in spaces] == ["a b"] * len(spaces)


@given(
    st.text(
        alphabet=st.sampled_from("aĐđêỆ ủỷ\u0301\u0323\u00a0\u2000\u3000\n_-/,.1é9ßǅﬁ")
        | st.characters(),
        max_size=60,
    )
)
@example("x" * 61 + " Dân\u00a0vận " + "ß" * 31 + " Công văn số 12-CV/TU")
@settings(max_examples=2000, deadline=None)
def test_words_are_those_of_the_whole_text_folded(text):
    assert words(text) == _words_of_the_whole_text(text)
    expected = _words_of_the_whole_text(nfc(text)) + [
        code_term(found.code) for found in find_citations(nfc(text))
    ]
    assert indexed_terms(text) == "".join(f" {term} " for term in expected)
