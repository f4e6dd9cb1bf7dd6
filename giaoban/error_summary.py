"""The summary of a refused form at its top: how many errors, each a link to its field
(``href="#id_…"``, rows of a formset included), and the errors of no field. The page's
script (static/js/giaoban.js) moves the focus to it when the page opens, so that the
reader, and a screen reader, learn at once that nothing was saved and where to look;
the errors also stay next to their fields.

Written in Python for the pages written in Python (tracking/form_pages.py), and given
to templates by the ``{% error_summary %}`` tag (``{% load summaries %}``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext


def _form_items(form: forms.BaseForm, row: int | None) -> list[tuple[str | None, str]]:
    """(anchor, text) of each error of ``form``; ``row``: its number in a formset."""
    if not form.is_bound or not form.errors:
        return []
    items: list[tuple[str | None, str]] = []
    where = gettext("Row %(number)s") % {"number": row} if row is not None else ""
    for error in form.non_field_errors():
        items.append((None, f"{where}: {error}" if where else str(error)))
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
            continue
        bf = form[name]
        label = bf.label or name
        if where:
            label = f"{where}, {label}"
        # A hidden field has nothing to go to: said as a plain line.
        anchor = None if bf.is_hidden else (bf.id_for_label or _first_box(bf) or None)
        for error in errors:
            items.append((anchor, f"{label}: {error}"))
    return items


def _first_box(bf: forms.BoundField) -> str:
    """The id of the first box of a list of checkboxes or radio buttons (which has no
    label of its own to lead to), else the field's id."""
    if isinstance(bf.field.widget, forms.RadioSelect):  # CheckboxSelectMultiple too
        boxes = bf.subwidgets
        if boxes:
            return boxes[0].id_for_label
    return bf.auto_id or ""


def summary_items(*forms_or_formsets) -> list[tuple[str | None, str]]:
    """The errors of the forms and formsets given (None skipped), in the page's order."""
    items: list[tuple[str | None, str]] = []
    for thing in forms_or_formsets:
        if thing is None:
            continue
        if isinstance(thing, forms.BaseFormSet):
            if not thing.is_bound:
                continue
            items.extend((None, str(error)) for error in thing.non_form_errors())
            for number, form in enumerate(thing.forms, start=1):
                items.extend(_form_items(form, number))
        else:
            items.extend(_form_items(thing, None))
    return items


def summary_html(items: Iterable[tuple[str | None, str]]) -> SafeString:
    """The alert listing ``items`` (anchor or None, text); empty without items."""
    items = list(items)
    if not items:
        return mark_safe("")
    count = len(items)
    heading = ngettext(
        "Not saved: %(count)s error to correct",
        "Not saved: %(count)s errors to correct",
        count,
    ) % {"count": count}
    lines = []
    for anchor, text in items:
        text = conditional_escape(text)
        if anchor:
            lines.append(f'<li><a href="#{conditional_escape(anchor)}">{text}</a></li>')
        else:
            lines.append(f"<li>{text}</li>")
    return mark_safe(  # noqa: S308 (every value escaped above)
        '<div class="alert alert-danger error-summary" role="alert" tabindex="-1" '
        'id="error-summary" aria-labelledby="error-summary-heading">\n'
        f'<h2 class="h5" id="error-summary-heading">{conditional_escape(heading)}</h2>\n'
        f'<ul class="mb-0">{"".join(lines)}</ul>\n</div>\n'
    )


def error_summary(*forms_or_formsets) -> SafeString:
    """The summary of the errors of the forms and formsets given (empty if none)."""
    return summary_html(summary_items(*forms_or_formsets))
