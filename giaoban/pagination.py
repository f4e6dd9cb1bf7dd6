"""Pages of a list, read in the view."""

from __future__ import annotations

from django.core.paginator import Page, Paginator


def page_of(queryset, size: int, number, *, count: int | None = None) -> Page:
    """The page ``number`` (any value the user sent) of ``queryset``, its rows already
    fetched, so that the template runs no query. ``count``: the number of rows, when the
    view knows it already (no ``COUNT`` query)."""
    paginator = Paginator(queryset, size)
    if count is not None:
        paginator.count = count  # a cached property: set, it is not computed
    page = paginator.get_page(number)
    page.object_list = list(page.object_list)
    return page
