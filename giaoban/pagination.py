"""Pages of a list, read in the view."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window


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


MAX_PAGE_READ_AT_ONCE = 10_000


def page_counted_with_rows(queryset, size: int, number) -> Page:
    """``page_of``, in one query instead of two when the page asked for has rows: each row
    carries the number of rows of the whole list (a window ``COUNT(*) OVER ()``, counted
    before the page is cut). Any other page (past the end, not a number, of an empty
    list) is found as ``page_of`` finds it. ``queryset`` must not aggregate."""
    try:
        wanted = int(number or 1)
    except (TypeError, ValueError):
        wanted = 0
    # A page number nobody reaches by following the links (20 digits overflow the
    # database's integers in the OFFSET) is left to page_of, which shows the last page.
    if 1 <= wanted <= MAX_PAGE_READ_AT_ONCE:
        start = (wanted - 1) * size
        rows = list(queryset.annotate(list_total=Window(Count("pk")))[start : start + size])
        if rows:
            paginator = Paginator(queryset, size)
            paginator.count = rows[0].list_total
            return Page(rows, wanted, paginator)
    return page_of(queryset, size, number)
