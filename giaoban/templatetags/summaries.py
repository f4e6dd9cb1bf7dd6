"""``{% error_summary form formset … %}``: the summary of a refused form at its top
(giaoban/error_summary.py)."""

from django import template

from giaoban.error_summary import error_summary as summary

register = template.Library()


@register.simple_tag
def error_summary(*forms_or_formsets):
    return summary(*forms_or_formsets)
