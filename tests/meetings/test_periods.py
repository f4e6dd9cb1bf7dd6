"""The period value type: labels as documents write them, dates, next, order."""

import datetime as dt

import pytest

from meetings.periods import Period, recent_periods


@pytest.mark.parametrize(
    ("period", "label", "start", "end"),
    [
        (Period(2024, "Q1"), "Quý I/2024", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        (Period(2024, "Q4"), "Quý IV/2024", dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
        (Period(2024, "H1"), "6 tháng đầu năm 2024", dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
        (Period(2024, "H2"), "6 tháng cuối năm 2024", dt.date(2024, 7, 1), dt.date(2024, 12, 31)),
        (Period(2024, "Y"), "Năm 2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ],
)
def test_labels_and_dates(period, label, start, end):
    assert period.label == label
    assert (period.start, period.end) == (start, end)


def test_label_inside_a_sentence():
    assert Period(2019, "Q4").label_in_text == "quý IV/2019"
    assert Period(2024, "Y").label_in_text == "năm 2024"


def test_february_of_a_leap_year_needs_no_special_case():
    assert Period(2024, "Q1").contains(dt.date(2024, 2, 29))


@pytest.mark.parametrize(
    ("period", "following"),
    [
        (Period(2024, "Q1"), Period(2024, "Q2")),
        (Period(2024, "Q4"), Period(2025, "Q1")),
        (Period(2024, "H1"), Period(2024, "H2")),
        (Period(2024, "H2"), Period(2025, "H1")),
        (Period(2024, "Y"), Period(2025, "Y")),
    ],
)
def test_next_and_previous(period, following):
    assert period.next() == following
    assert following.previous() == period


def test_order_puts_the_shorter_period_first_when_they_end_together():
    periods = [Period(2024, "Y"), Period(2024, "H1"), Period(2024, "Q2"), Period(2023, "Q4")]
    assert [p.label for p in sorted(periods)] == [
        "Quý IV/2023",
        "Quý II/2024",
        "6 tháng đầu năm 2024",
        "Năm 2024",
    ]


def test_codes_round_trip_and_bad_codes_are_refused():
    assert Period.parse("2024-H2") == Period(2024, "H2")
    assert Period(2024, "Q3").code == "2024-Q3"
    for bad in ["2024-Q5", "24-Q1", "2024", ""]:
        with pytest.raises(ValueError):
            Period.parse(bad)


def test_recent_quarters():
    assert [p.code for p in recent_periods(dt.date(2025, 2, 10), 3)] == [
        "2024-Q3",
        "2024-Q4",
        "2025-Q1",
    ]


def test_due_periods_of_a_conclusion_in_the_language_of_each_page():
    """The due periods a conclusion form offers are worked out once per process, but each
    page still reads them in its own language."""
    from django.utils import translation

    from meetings.forms import due_period_choices
    from meetings.models import Meeting

    meeting = Meeting(committee_id=1)
    meeting.period = Period(2026, "Q3")
    expected = {
        "vi": ["Quý III/2026", "Quý IV/2026", "6 tháng cuối năm 2026", "Năm 2026", "Quý I/2027"],
        "en": ["Quarter III/2026", "Quarter IV/2026", "Last six months of 2026", "Year 2026"],
    }
    for language in ("vi", "en", "vi"):
        with translation.override(language):
            choices = due_period_choices(meeting)
            empty = str(choices[0][1])
        assert (choices[0][0], empty) == ("", {"vi": "— Chọn —", "en": "— Choose —"}[language])
        labels = [label for _code, label in choices[1:]]
        assert labels[: len(expected[language])] == expected[language]
        assert [code for code, _label in choices[1:4]] == ["2026-Q3", "2026-Q4", "2026-H2"]
    # A list of its own each time: a caller may change it.
    assert due_period_choices(meeting) is not due_period_choices(meeting)
