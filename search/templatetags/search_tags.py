from django import template

from search.result_rows import result_rows as write_result_rows

register = template.Library()


@register.simple_tag
def result_rows(entries):
    """The search results, written in Python (search/result_rows.py)."""
    return write_result_rows(entries)
