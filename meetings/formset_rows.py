"""The rows of the conclusion form's directives and of the report form's proposals,
written in Python with the markup their templates gave them (tests/meetings/
test_formset_rows.py compares the two, character for character): the same code for the
rows, the rows sent back with their errors and the empty row the page's script copies.

The template engine cost a tag, a variable lookup and a translation per field and per
row; here a row is a few string joins around the fields, which giaoban/fieldhtml.py
writes (once per field for the rows of a page only opened: ``RowPlan``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from giaoban.fieldhtml import OptionLists, hidden_fields, row_field, row_widget, write_rows


def errors_of(form: forms.BaseForm) -> str:
    """``{% if form.non_field_errors %}<div …>{{ form.non_field_errors|join:" " }}</div>``"""
    if not form.is_bound and not form._errors:
        return ""  # none, and none to make: Django makes an empty list each time it is asked
    errors = form.non_field_errors()
    if not errors:
        return ""
    joined = " ".join(conditional_escape(error) for error in errors)
    return f'<div class="alert alert-danger py-1">{joined}</div>'


def remove_button(label: str) -> str:
    return (
        '<button type="button" class="btn btn-sm btn-outline-danger" data-formset-remove>'
        f"{conditional_escape(label)}</button>"
    )


def directive_rows(rows: Iterable[forms.BaseForm], options: OptionLists) -> SafeString:
    """The directives of a conclusion form, each with its fields and its remove button."""
    button = remove_button(gettext("Remove this directive"))

    def row(form) -> str:
        return (
            f'\n<div class="formset-row" data-formset-row>\n{hidden_fields(form)}'
            f"\n{errors_of(form)}\n{row_field(form, 'text', options)}"
            '\n<div class="row">'
            f'\n<div class="col-md-4">{row_field(form, "lead", options)}</div>'
            f'\n<div class="col-md-4">{row_field(form, "co_assignees", options)}</div>'
            f'\n<div class="col-md-4">{row_field(form, "to_all_organizations", options)}</div>'
            f'\n<div class="col-md-4">{row_field(form, "group_name", options)}</div>'
            f'\n<div class="col-6 col-md-4">{row_field(form, "due_date", options)}</div>'
            f'\n<div class="col-6 col-md-4">{row_field(form, "due_period", options)}</div>'
            f'\n</div>\n<div class="d-none">{row_widget(form, "DELETE")}</div>'
            f"\n{button}\n</div>"
        )

    # (SafeString rather than mark_safe: a plain str, without mark_safe's checks.)
    return SafeString(write_rows(rows, row, options) + "\n")


def proposal_rows(rows: Iterable[forms.BaseForm], options: OptionLists) -> SafeString:
    """The proposals of a report form; with the answer's fields for staff."""
    button = remove_button(gettext("Remove this proposal"))

    def row(form) -> str:
        def field(name: str) -> str:
            return row_field(form, name, options)

        answer = (
            f'\n<div class="col-md-4">{field("disposition")}</div>'
            f'\n<div class="col-md-4">{field("referred_to")}</div>'
            f'\n<div class="col-12">{field("response")}</div>\n'
            if "disposition" in form.fields
            else ""
        )
        return (
            f'\n<div class="formset-row" data-formset-row>\n{hidden_fields(form)}'
            '\n<div class="row">'
            f'\n<div class="col-lg-8">{field("text")}</div>'
            f'\n<div class="col-lg-4">{field("addressed_to")}</div>'
            f"\n{answer}\n</div>"
            f'\n<div class="d-none">{row_widget(form, "DELETE")}</div>'
            f"\n{button}\n</div>"
        )

    return SafeString(write_rows(rows, row, options) + "\n")
