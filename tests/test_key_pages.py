"""The key pages of the benchmark (bench/pages.py) at two sizes of generated data.

Their number of queries must not grow with the data (more history in the
committee, more committees around it), and their templates must run no query:
everything they show is fetched by the view.
"""

from __future__ import annotations

import contextlib
import random

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from bench.pages import key_pages
from giaoban.generate import SCALES, Generator, Rows, Scale
from giaoban.template_engine import Template
from organizations.models import PartyCommittee


def signed_in() -> dict[str, Client]:
    clients = {}
    for user in ("staff", "leader"):
        clients[user] = Client()
        clients[user].force_login(User.objects.get(username=f"bench_{user}"))
    return clients


def query_counts() -> dict[str, int]:
    clients = signed_in()
    counts = {}
    for page in key_pages():
        client = clients[page.user]
        assert client.get(page.path).status_code == 200, page.path
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
        assert response.status_code == 200, page.path
        counts[page.name] = len(queries)
    return counts


def grow(small: Generator) -> None:
    """Two more years of history in the benchmark's province, and two more provinces."""
    larger = Generator(Scale(provinces=3, communes_per_province=3, years=3), seed=7)
    larger.users = small.users
    province = PartyCommittee.objects.get(roles__user__username="bench_staff")
    organizations = [list(province.organizations.all())]
    larger.periods = larger.periods[: len(larger.periods) - len(small.periods)]
    rows = Rows()
    larger.make_meetings(random.Random(7), [province], organizations, rows)
    larger.write(rows)
    for index in (1, 2):
        larger.make_province(index)


# Each page's queries, the three of every signed-in request included (session, the user
# with whether they have two-factor devices, their roles with their committees). A new
# query must be justified: say why here.
QUERIES = {
    "dashboard": 6,
    "meeting list": 5,  # the meetings with their number (no COUNT query)
    "meeting page": 9,  # the attendance read with the organizations
    "meeting page (leader)": 9,
    "report form": 8,  # the organization read with its report
    "conclusion form": 9,
    "directive board": 7,
    "directive board, filtered": 7,
    "organization page": 7,  # read with its names; the successions only of a merged one
    # The results, the organizations of the filter (the committee's options come from
    # the roles when the user holds roles in one committee only).
    "search “dan van”": 5,
    "search “dai hoi mttq”": 5,
    "search “Đại hội” page 3": 5,
}


@pytest.mark.usefixtures("no_page_cache")
def test_queries_do_not_grow_with_the_data(db):
    small = Generator(SCALES["small"])
    small.run()
    before = query_counts()

    grow(small)
    after = query_counts()

    assert after == before
    assert before == QUERIES


@pytest.mark.usefixtures("no_page_cache")
def test_templates_run_no_query(db, monkeypatch):
    """Each key page is rendered with the database closed to its templates."""
    Generator(SCALES["tiny"]).run()
    during_render: list[str] = []

    def refuse(execute, sql, params, many, context):
        during_render.append(f"{page.name}: {sql}")
        raise AssertionError(f"A template ran a query: {sql}")

    original = Template.render

    def render(self, context=None, request=None):
        with connection.execute_wrapper(refuse):
            return original(self, context, request)

    monkeypatch.setattr(Template, "render", render)
    clients = signed_in()
    for page in key_pages():
        # A query fails the render; each is recorded, and every page is tried.
        with contextlib.suppress(AssertionError):
            clients[page.user].get(page.path)
    assert during_render == []


@pytest.mark.parametrize("name", ["tiny", "small"])
def test_generated_data_follows_the_models_rules(db, name):
    from meetings.models import Directive, Meeting, Report
    from tracking.models import DirectiveAssignment

    Generator(SCALES[name]).run()
    for model in (Meeting, Report, Directive):
        for row in model.objects.all()[:50]:
            row.full_clean()
    # Progress updates match the progress they set.
    for part in DirectiveAssignment.objects.exclude(progress="").prefetch_related("updates"):
        assert [u.progress for u in part.updates.all()] == [part.progress]
