from django import template

from search.form_html import search_fields as write_search_fields
from search.result_rows import result_rows as write_result_rows

register = template.Library()


@register.simple_tag
def result_rows(entries):
    """The search results, written in Python (search/result_rows.py)."""
    return write_result_rows(entries)


@register.simple_tag
def search_fields(form):
    """The fields of the search form, written in Python (search/form_html.py)."""
    return write_search_fields(form)
