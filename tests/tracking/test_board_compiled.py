"""The board read by compiled queries (tracking/queries.py: its counts and the rows of
its first pages) shows the rows and counts the ORM's own queries give, for each filter,
status and sort, on every page, and in as many queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.services import choose_language
from meetings.models import Directive
from meetings.periods import Period
from tests.factories import record_progress
from tracking import queries, stats
from tracking.models import DirectiveAssignment


@pytest.fixture
def board_parts(world, issued):
    """Two periods' directives (31 parts: two pages and more), of several statuses."""
    issued(texts=[f"Q1 số {n}" for n in range(12)])
    _meeting, later = issued(
        period="2024-Q2", held_on=dt.date(2024, 7, 10), texts=[f"Q2 số {n}" for n in range(15)]
    )
    Directive.objects.filter(pk__in=[d.pk for d in later[:5]]).update(deadline=None)
    Directive.objects.filter(pk__in=[d.pk for d in later[5:8]]).update(
        deadline=timezone.localdate() + dt.timedelta(days=30)
    )
    for directive in later[8:12]:
        DirectiveAssignment.objects.create(directive=directive, organization=world.farmers)
    parts = list(DirectiveAssignment.objects.order_by("pk"))
    for part in parts[:3]:
        record_progress(
            assignment=part, progress="done", completed_on=dt.date(2024, 6, 1), by=world.trang
        )
    for part in parts[3:5]:
        record_progress(
            assignment=part, progress="done", completed_on=dt.date(2024, 8, 1), by=world.trang
        )
    for part in parts[5:9] + parts[20:23]:
        record_progress(assignment=part, progress="in_progress", by=world.trang)
    return parts


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"sort": "status"},
        {"sort": "-deadline", "status": "overdue"},
        {"sort": "-origin", "status": "done_late"},
        {"sort": "organization", "status": "in_progress"},
        {"organization": "farmers", "status": "not_yet_due"},
        {"organization": "front", "due_from": "2024-07-01", "due_to": "2024-12-31"},
        {"due_to": "2024-09-30", "status": "done_on_time"},
        {"q": "Q2", "origin": "2024-Q2"},  # read by the ORM
    ],
)
def test_the_compiled_board_shows_what_the_orm_reads(client, world, board_parts, query):
    client.force_login(world.trang)
    if "organization" in query:
        query = {**query, "organization": getattr(world, query["organization"]).pk}
    today = timezone.localdate()
    if not query:
        assert client.get(reverse("tracking:board")).context["page"].paginator.num_pages == 2
    for number in (1, 2, 3):
        response = client.get(reverse("tracking:board"), {**query, "page": number})
        assert response.status_code == 200
        board = response.context["page"]
        # The ORM's own reads of the same filters.
        filters = {
            "organization": query.get("organization"),
            "origin": Period.parse(query["origin"]) if "origin" in query else None,
            "due_from": dt.date.fromisoformat(query["due_from"]) if "due_from" in query else None,
            "due_to": dt.date.fromisoformat(query["due_to"]) if "due_to" in query else None,
            "q": query.get("q", ""),
        }
        parts = queries.filtered_parts(queries.committee_parts([world.lam_giang.pk]), **filters)
        counts = stats.count_statuses(parts, today)
        assert {status.value: n for status, n in response.context["counts"]} == counts
        ordered = queries.ordered_parts(
            parts, query.get("status", ""), query.get("sort", "deadline"), today
        )
        start = (board.number - 1) * 25
        rows = queries.board_rows_of(list(queries.board_values(ordered)[start : start + 25]), today)
        assert list(board) == rows
        assert board.paginator.count == (
            counts[query["status"]] if "status" in query else sum(counts.values())
        )


@pytest.mark.usefixtures("no_page_cache")
def test_the_periods_to_filter_by_are_named_in_the_readers_language(client, world, issued):
    """The periods' labels are worked out once per process and language
    (``tracking.forms.period_choices``): a page in English after one in Vietnamese."""
    issued()
    client.force_login(world.trang)
    shown = {}
    for language in ("vi", "en", "vi"):
        choose_language(user=world.trang, language=language)
        with translation.override(language):
            page = client.get(reverse("tracking:board"))
        shown.setdefault(language, []).append(
            dict(page.context["form"].fields["origin"].choices)["2024-Q1"]
        )
    assert shown == {"vi": ["Quý I/2024", "Quý I/2024"], "en": ["Quarter I/2024"]}


@pytest.mark.usefixtures("no_page_cache")
def test_the_filters_options_rendered_once_are_in_the_readers_language(client, world, issued):
    """The options of the filter's fixed choices are rendered once per process and
    language (``tracking.board_rows.filter_fields``), each page marking its own choice."""
    issued()
    client.force_login(world.trang)
    shown = []
    for language, status in (("vi", "overdue"), ("en", "done_late"), ("vi", "")):
        choose_language(user=world.trang, language=language)
        with translation.override(language):
            page = client.get(reverse("tracking:board"), {"status": status})
        html = page.content.decode()
        shown.append(
            (
                '<option value="overdue">Quá hạn' in html
                or '<option value="overdue" selected>Quá hạn' in html,
                '<option value="2024-Q1">Quarter I/2024</option>' in html,
                f'<option value="{status}" selected>' in html,
            )
        )
    assert shown == [(True, False, True), (False, True, True), (True, False, True)]
