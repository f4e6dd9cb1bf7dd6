"""The list pages render a fixed number of templates (issue 19): the directive board, the
meeting list and an organization's page write their rows in Python (tracking/board_rows.py,
meetings/meeting_rows.py) and their filter boxes too (giaoban/fieldhtml.py), not a widget
template per option; so a committee of 30 directives, organizations and meetings renders
as many templates, and runs as many queries, as one of 2."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Conclusion, Directive
from organizations.models import RoleKind
from tests.factories import make_committee, make_meeting, make_organization, make_role, make_user
from tracking.models import DirectiveAssignment

D = dt.date
SIZES = (2, 30)
PERIODS = [f"{year}-Q{quarter}" for year in range(2018, 2026) for quarter in range(1, 5)]


def rendered(client, url) -> tuple[int, int, str]:
    """Queries and templates of one render of ``url``, and its HTML."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries), len(response.templates), response.content.decode()


def committee_of(size: int) -> tuple[object, object, Client]:
    """A committee of ``size`` organizations, ``size`` meetings (each a quarter) and
    ``size`` directives of the first meeting, each given to one organization; its staff
    member signed in."""
    committee = make_committee(f"Tỉnh ủy {size} dòng")
    organizations = [
        make_organization(committee, f"Tổ chức {n} của tỉnh {size}", kind="other")
        for n in range(1, size + 1)
    ]
    meetings = [make_meeting(committee, period) for period in PERIODS[:size]]
    conclusion = Conclusion.objects.create(
        meeting=meetings[0], status="issued", notice_number="45-TB/TU", issued_on=D(2018, 4, 20)
    )
    directives = Directive.objects.bulk_create(
        Directive(
            conclusion=conclusion,
            position=n,
            text=f"Nhiệm vụ số {n} <của> tỉnh & thành",
            due_period_year=2018,
            due_period_kind="Q2",
            deadline=D(2018, 6, 30) if n % 2 else None,
        )
        for n in range(1, size + 1)
    )
    DirectiveAssignment.objects.bulk_create(
        DirectiveAssignment(directive=d, organization=org, is_lead=org == organizations[0])
        for d, org in zip(directives, organizations, strict=True)
    )
    # The first organization has a part of every directive.
    DirectiveAssignment.objects.bulk_create(
        DirectiveAssignment(directive=d, organization=organizations[0]) for d in directives[1:]
    )
    staff = make_user(f"canbo{size}", f"Cán bộ {size}")
    make_role(staff, committee, RoleKind.STAFF)
    client = Client()
    client.force_login(staff)
    return committee, organizations[0], client


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_list_pages_render_as_many_templates_for_30_rows_as_for_2():
    costs = {}
    for size in SIZES:
        committee, first, client = committee_of(size)
        board = reverse("tracking:board") + f"?committee={committee.pk}"
        filtered = board + "&status=overdue&sort=-deadline"
        meetings = reverse("meetings:list") + f"?committee={committee.pk}"
        organization = reverse("tracking_organizations:detail", args=[first.pk])
        costs[size] = {}
        for name, url in (
            ("board", board),
            ("filtered", filtered),
            ("meetings", meetings),
            ("organization", organization),
        ):
            client.get(url)  # the first render of a session may write it
            queries, templates, html = rendered(client, url)
            costs[size][name] = (queries, templates)
        html = rendered(client, board)[2]
        # Every part on the page (at most 25), each escaped once, and every
        # organization offered in the filter.
        assert html.count("&lt;của&gt; tỉnh &amp; thành</a>") == min(2 * size - 1, 25)
        assert html.count("Tổ chức ") >= size
        html = rendered(client, meetings)[2]
        assert html.count('<span class="status status-') == min(size, 20)
        html = rendered(client, organization)[2]
        assert html.count("&lt;của&gt; tỉnh &amp; thành</a>") == size

    assert costs[30] == costs[2]
    # The page, the base and the two includes around the rows; no template per row,
    # per select box or per option.
    assert costs[2]["board"][1] <= 4
    assert costs[2]["meetings"][1] <= 3
    assert costs[2]["organization"][1] <= 2
