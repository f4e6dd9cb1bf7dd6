"""The fields of the search form written in Python, with the markup the lines of
``search/results.html`` gave them (tests/search/test_form_html.py compares the two):
each field in its column with its label, its widget (giaoban/fieldhtml.py) and, for the
fields that can refuse a value, its errors.

The options of the two period fields (48 quarters) are rendered once per day and
language for every page and worker thread alike: their choices are one object for that
day and language (``search.forms._period_choices``), so the kept options are reused as
long as they are given that same object; only the selected value is marked per page.
"""

from __future__ import annotations

from django.forms import Form
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from giaoban.fieldhtml import OptionLists, widget_html

# (field, the CSS classes of its column, whether its errors are shown under it)
COLUMNS = (
    ("q", "col-12 col-lg-6", False),
    ("committee", "col-12 col-md-6 col-lg-6", True),
    ("organization", "col-12 col-md-4", True),
    ("kind", "col-6 col-md-2", False),
    ("period_from", "col-6 col-md-2", False),
    ("period_to", "col-6 col-md-2", True),
)
# Shared by every page: see above (a list given other choices is rendered again).
_PERIODS = OptionLists()
_SHARED = {"period_from": _PERIODS, "period_to": _PERIODS}


def search_fields(form: Form) -> SafeString:
    """The columns of ``form`` (a ``search.forms.SearchForm``), one a line."""
    columns = []
    for name, css, with_errors in COLUMNS:
        bf = form[name]
        errors = bf.errors if with_errors else None
        columns.append(
            f'<div class="{css}"><label class="form-label" for="id_{name}">'
            f"{conditional_escape(bf.label)}</label>"
            f"{widget_html(bf, options=_SHARED.get(name))}"
            f"{conditional_escape(errors) if errors else ''}</div>"
        )
    return mark_safe("\n".join(columns))  # noqa: S308 (every value escaped above)
