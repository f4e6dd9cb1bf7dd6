"""Pages of a list, read in the view."""

from __future__ import annotations

from django.core.paginator import Page, Paginator


def page_of(queryset, size: int, number) -> Page:
    """The page ``number`` (any value the user sent) of ``queryset``, its rows already
    fetched, so that the template runs no query."""
    page = Paginator(queryset, size).get_page(number)
    page.object_list = list(page.object_list)
    return page
