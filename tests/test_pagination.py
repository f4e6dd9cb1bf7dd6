"""A page counted with its rows (giaoban/pagination.py) is the page ``page_of`` gives, in
one query when the page asked for has rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from giaoban.pagination import page_counted_with_rows, page_of
from meetings.models import Meeting
from tests.factories import make_meeting


def described(page) -> tuple:
    return (
        page.number,
        [m.pk for m in page.object_list],
        page.paginator.count,
        page.paginator.num_pages,
        page.has_previous(),
        page.has_next(),
    )


@pytest.mark.parametrize(
    "number", [None, "", "1", "2", "3", "4", "99", "0", "-1", "x", "2.5", "99999999999999999999"]
)
def test_the_same_page_as_page_of(world, number):
    for period in ("2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1"):
        make_meeting(world.lam_giang, period)
    meetings = Meeting.objects.order_by("-period_end")

    assert described(page_counted_with_rows(meetings, 2, number)) == described(
        page_of(meetings, 2, number)
    )


def test_a_page_with_rows_costs_one_query(world):
    for period in ("2023-Q1", "2023-Q2", "2023-Q3"):
        make_meeting(world.lam_giang, period)

    with CaptureQueriesContext(connection) as queries:
        page = page_counted_with_rows(Meeting.objects.order_by("-period_end"), 2, "2")

    assert (len(queries), len(page.object_list), page.paginator.count) == (1, 1, 3)


def test_an_empty_list(db):
    page = page_counted_with_rows(Meeting.objects.order_by("-period_end"), 2, "1")

    assert described(page) == (1, [], 0, 1, False, False)
