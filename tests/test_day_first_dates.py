"""Every date typed in the app is typed day first (issue 18): the same field and widget
(giaoban.forms.DayFirstDateField / DayFirstDateInput, with the calendar), reading
19/4/2024, 19.4.2024 and 19-4-2024 as Vietnamese offices write them, and ISO; a date it
cannot read answered in Vietnamese."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import re
from pathlib import Path

import pytest
from django import forms
from django.utils import translation

from giaoban.forms import DayFirstDateField, DayFirstDateInput

ROOT = Path(__file__).resolve().parent.parent
FORM_MODULES = [
    "accounts.two_factor",
    "documents.forms",
    "giaoban.forms",
    "meetings.forms",
    "organizations.forms",
    "organizations.manage_forms",
    "search.forms",
    "tracking.forms",
]
TYPED = ["19/4/2024", "19/04/2024", "19.4.2024", "19.04.2024", "19-4-2024", "19-04-2024"]
TYPED += ["2024-04-19", " 19/4/2024 ", "19/4/24", "19.4.24", "19-4-24"]
NOT_DATES = ["2024-19-04", "19 4 2024", "hôm qua", "19/4", "31/2/24"]
# In the right shape, but no such day: said so, not asked for the shape again.
NO_SUCH_DAYS = ["31/2/2024", "19/13/2024", "30.2.2024", "0-4-2024"]


def date_fields():
    """(form class, field name, field) for each date field of the app's forms."""
    found = []
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for _name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module_name:
                continue
            for name, field in getattr(form, "base_fields", {}).items():
                if isinstance(field, forms.DateField | forms.DateTimeField):
                    found.append((form, name, field))
    return found


FIELDS = date_fields()
IDS = [f"{form.__name__}.{name}" for form, name, _field in FIELDS]


def test_the_app_has_date_fields_to_check():
    names = set(IDS)
    assert {"BoardFilterForm.due_from", "MergeForm.date", "DayForm.on"} <= names
    assert len(FIELDS) >= 10


@pytest.mark.parametrize(("form", "name", "field"), FIELDS, ids=IDS)
def test_each_date_field_is_typed_day_first_with_the_calendar(form, name, field):
    assert isinstance(field, DayFirstDateField), f"{form.__name__}.{name}"
    assert isinstance(field.widget, DayFirstDateInput), f"{form.__name__}.{name}"
    html = field.widget.render(name, dt.date(2024, 4, 9))
    assert 'type="text"' in html
    assert 'value="9/4/2024"' in html
    assert "data-datepicker" in html


@pytest.mark.parametrize(("form", "name", "field"), FIELDS, ids=IDS)
def test_each_date_field_reads_the_ways_offices_write_dates(form, name, field):
    with translation.override("vi"):
        for typed in TYPED:
            assert field.clean(typed) == dt.date(2024, 4, 19), (typed, form.__name__, name)
        for typed in NOT_DATES:
            with pytest.raises(forms.ValidationError) as error:
                field.clean(typed)
            assert error.value.messages == [
                "Ghi ngày theo dạng ngày/tháng/năm, ví dụ 19/4/2024."
            ], (typed, form.__name__, name)
        for typed in NO_SUCH_DAYS:
            with pytest.raises(forms.ValidationError) as error:
                field.clean(typed)
            assert error.value.messages == [
                f"Không có ngày {typed} trong lịch: đề nghị kiểm tra lại ngày và tháng."
            ], (typed, form.__name__, name)


def test_the_english_interface_reads_dates_day_first_too():
    with translation.override("en"):
        for typed in TYPED:
            assert forms.DateField().clean(typed) == dt.date(2024, 4, 19), typed


def test_no_page_has_the_browsers_date_input():
    """The browser's own date input follows its locale (mm/dd/yyyy in English)."""
    places = [ROOT / "templates", *(ROOT / app for app in FORM_APPS), ROOT / "static" / "js"]
    pattern = re.compile(r"""type\s*=\s*["']?date\b|input_type\s*=\s*["']date["']""")
    found = []
    for place in places:
        for path in place.rglob("*"):
            if path.suffix in {".html", ".py", ".js"} and "migrations" not in path.parts:
                text = path.read_text(encoding="utf-8")
                found += [f"{path.relative_to(ROOT)}" for _ in pattern.finditer(text)]
    assert found == []


FORM_APPS = ["accounts", "documents", "giaoban", "meetings", "organizations", "search", "tracking"]


def test_a_filled_in_tracking_sheet_reads_the_same_ways():
    from documents.sheets import _as_date

    with translation.override("vi"):
        for typed in TYPED:
            assert _as_date(typed) == dt.date(2024, 4, 19), typed


def test_the_date_input_shows_a_day_first_and_gives_back_what_was_typed():
    widget = DayFirstDateInput()
    assert widget.format_value(dt.date(2024, 4, 9)) == "9/4/2024"
    assert widget.format_value("31/2/2024") == "31/2/2024"  # as typed, refused by the field
    assert widget.format_value(None) is None
    assert widget.format_value("") == ""
