"""Form fields written in Python (giaoban/fieldhtml.py), for the rows of long forms.

    {% load form_rows %}
    {% field form.lead %}            the field as ``|as_crispy_field`` writes it
    {% widget form.DELETE %}         the widget alone, as ``{{ form.DELETE }}``
    {% hidden_fields form %}         the hidden fields' widgets
    {% directive_rows formset.empty_form|as_list %}   (meetings_tags: rows in Python)

The select boxes of one page share their option lists (``OptionLists``): kept on the
template context, which the page's includes share, so that the empty row's options are
those of the rows above.
"""

from __future__ import annotations

from django import template

from giaoban import fieldhtml

register = template.Library()


option_lists = fieldhtml.option_lists


@register.simple_tag(takes_context=True)
def field(context, bound_field):
    return fieldhtml.field_html(bound_field, options=option_lists(context))


@register.simple_tag
def widget(bound_field):
    return fieldhtml.widget_html(bound_field)


@register.simple_tag
def labelled_widgets(form, *columns):
    """``{% labelled_widgets form "organization col-md-4" "q col-md-4" %}``: each field
    named in its column (its CSS classes after its name) with its label
    (giaoban/fieldhtml.py), one a line."""
    return fieldhtml.labelled_widgets(form, (column.split(" ", 1) for column in columns))


@register.simple_tag
def hidden_fields(form):
    return fieldhtml.hidden_fields(form)


@register.filter
def as_list(value) -> list:
    """One form as a list of forms (the empty row, through the template of the rows)."""
    return [value]
