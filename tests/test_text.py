"""Vietnamese text rules used for names, sorting and matching."""

import unicodedata

from giaoban.text import canonical, fold, person_sort_key, same_name, sort_key


def test_tone_mark_placement_does_not_make_a_new_name():
    assert canonical("Tỉnh uỷ Lâm Giang") == "Tỉnh ủy Lâm Giang"
    assert canonical("Hoà Xuân") == "Hòa Xuân"
    assert same_name("Đảng uỷ xã Hoà Bình", "đảng ủy xã hòa bình")


def test_tone_mark_inside_a_longer_syllable_is_left_alone():
    assert canonical("Hoàng") == "Hoàng"
    assert canonical("khuyến") == "khuyến"
    assert canonical("Thuỷ") == "Thủy"


def test_decomposed_text_becomes_composed():
    pasted = unicodedata.normalize("NFD", "Mặt trận Tổ quốc")
    assert canonical(pasted) == "Mặt trận Tổ quốc"
    assert unicodedata.is_normalized("NFC", canonical(pasted))


def test_fold_removes_every_diacritic_including_d_bar():
    assert fold("Đại hội MTTQ") == "dai hoi mttq"
    assert fold("  Dân   vận ") == "dan van"


def test_vietnamese_alphabetical_order():
    words = ["Đông", "Dương", "Ân", "Ăn", "An", "Bình", "Ơn", "Ôn", "On", "Ưng", "Uyên"]
    assert sorted(words, key=sort_key) == [
        "An",
        "Ăn",
        "Ân",
        "Bình",
        "Dương",
        "Đông",
        "On",
        "Ôn",
        "Ơn",
        "Uyên",
        "Ưng",
    ]


def test_people_sort_by_given_name_then_family_name():
    people = ["Phạm Văn Hậu", "Hồ Thị Thu Hằng", "Hồ Văn Vinh", "Lê Văn Hậu", "Hồ Văn Hùng"]
    assert sorted(people, key=person_sort_key) == [
        "Hồ Thị Thu Hằng",
        "Lê Văn Hậu",
        "Phạm Văn Hậu",
        "Hồ Văn Hùng",
        "Hồ Văn Vinh",
    ]
