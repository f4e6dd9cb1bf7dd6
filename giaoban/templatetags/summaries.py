"""``{% error_summary form formset … %}``: the summary of a refused form at its top
(giaoban/error_summary.py); ``{{ form|crispy_fields }}``: the form's fields as
``{{ form|crispy }}`` gives them, without its alert of the errors of no field, which the
summary lists already (issue 18: said once)."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import template
from django.utils.safestring import mark_safe

from giaoban.error_summary import error_summary as summary

register = template.Library()


@register.simple_tag
def error_summary(*forms_or_formsets):
    return summary(*forms_or_formsets)


@register.filter
def crispy_fields(form):
    return mark_safe("".join(as_crispy_field(field) for field in form))  # noqa: S308 (rendered by crispy's templates)
