"""The bodies of reports and of the conclusion on the meeting page are rendered once per
version and shared by every reader (meetings/fragments.py, giaoban/fragments.py)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import reverse

from giaoban.template_engine import Template
from meetings import fragments, services
from meetings.models import Conclusion, Directive, Proposal, Report
from tests.conftest import reader
from tests.factories import make_report
from tracking.models import DirectiveAssignment


@pytest.fixture
def page(world, meeting):
    """The meeting with two submitted reports (one with a proposal) and an issued
    conclusion."""
    front = make_report(
        meeting, world.front, status="submitted", results="<p>Tổ chức 12 hội nghị.</p>"
    )
    Proposal.objects.create(report=front, text="Đề nghị bố trí kinh phí.", position=1)
    make_report(meeting, world.farmers, status="submitted", results="<p>Hỗ trợ nông dân.</p>")
    conclusion = Conclusion.objects.create(
        meeting=meeting, status="issued", notice_number="45-TB/TU", assessment="<p>Tốt.</p>"
    )
    directive = Directive.objects.create(conclusion=conclusion, text="Nhiệm vụ Một", position=1)
    DirectiveAssignment.objects.create(directive=directive, organization=world.front, is_lead=True)
    return reverse("meetings:detail", args=[meeting.pk])


@pytest.fixture
def report_renders(monkeypatch) -> list[int]:
    """The reports whose body was rendered (written in Python: meetings/report_html.py)."""
    return counted(monkeypatch, "report_body_html")


@pytest.fixture
def conclusion_renders(monkeypatch) -> list[int]:
    """The conclusions whose body was rendered (meetings/conclusion_html.py)."""
    return counted(monkeypatch, "conclusion_body_html")


def counted(monkeypatch, name: str) -> list[int]:
    rendered: list[int] = []
    write = getattr(fragments, name)

    def counting(obj, *args, **kwargs):
        rendered.append(obj.pk)
        return write(obj, *args, **kwargs)

    monkeypatch.setattr(fragments, name, counting)
    return rendered


def reports_shown(response) -> list[str]:
    return re.findall(r'<details class="card-body report-body".*?</details>', response.text, re.S)


def test_two_readers_cost_one_render_of_each_body(world, page, report_renders, conclusion_renders):
    first = reader(world.trang).get(page)
    assert (len(report_renders), len(conclusion_renders)) == (2, 1)
    report_renders.clear()
    conclusion_renders.clear()
    second = reader(world.bao).get(page)

    assert first["X-Fragment-Cache"] == "miss"
    assert first["X-Fragments"] == "kept=0 rendered=3"
    assert (len(report_renders), len(conclusion_renders)) == (0, 0)
    assert second["X-Fragment-Cache"] == "hit"
    assert second["X-Fragments"] == "kept=3 rendered=0"
    assert reports_shown(second) == reports_shown(first)
    assert "Tổ chức 12 hội nghị." in reports_shown(second)[0]
    assert "Nhiệm vụ Một" in second.text


def test_a_change_shows_at_once(world, page, report_renders):
    bao = reader(world.bao)
    bao.get(page)
    report = Report.objects.get(organization=world.front)
    report_renders.clear()

    services.answer_proposal(
        proposal=report.proposals.get(),
        disposition="answered",
        response="Đã bố trí trong dự toán 2025.",
        referred_to="",
        by=world.trang,
    )
    after = reader(world.trang).get(page)

    assert "Đã bố trí trong dự toán 2025." in after.text
    assert report_renders == [report.pk]  # the other report's body is still kept
    assert after["X-Fragments"] == "kept=2 rendered=1"


def test_a_restored_proposal_shows_at_once(world, page):
    """Restoring a proposal does not move its report's ``updated_at``: the version of the
    body is what it shows."""
    report = Report.objects.get(organization=world.front)
    removed = Proposal.objects.create(report=report, text="Đề nghị tập huấn.", position=2)
    removed.archive(world.khoi)
    assert "Đề nghị tập huấn." not in reader(world.bao).get(page).text

    services.restore_removed(
        proposals=Proposal.all_objects.filter(pk=removed.pk),
        directives=Directive.objects.none(),
        by=world.trang,
    )

    assert "Đề nghị tập huấn." in reader(world.trang).get(page).text


def test_another_language_does_not_get_the_vietnamese_body(world, page, report_renders):
    from accounts.services import choose_language

    reader(world.bao).get(page)
    choose_language(user=world.trang, language="en")  # Trang reads the pages in English
    english = reader(world.trang)
    report_renders.clear()

    response = english.get(page)

    assert len(report_renders) == 2
    assert "Results achieved" in reports_shown(response)[0]
    assert "Kết quả đạt được" not in response.text


def test_kept_bodies_run_no_query_in_templates(world, page, monkeypatch):
    original = Template.render
    queries: list[str] = []

    def render(self, context=None, request=None):
        def refuse(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(refuse):
            return original(self, context, request)

    monkeypatch.setattr(Template, "render", render)
    for user in (world.trang, world.bao):
        assert reader(user).get(page).status_code == 200

    assert queries == []


def test_without_the_fragment_cache_every_reader_renders(world, page, settings, report_renders):
    settings.FRAGMENT_CACHE = False
    reader(world.bao).get(page)
    report_renders.clear()

    response = reader(world.trang).get(page)

    assert len(report_renders) == 2
    assert "X-Fragment-Cache" not in response


def test_a_page_served_whole_from_the_page_cache_says_nothing_of_fragments(world, page):
    trang = reader(world.trang)
    trang.get(page)

    again = trang.get(page)

    assert again["X-Page-Cache"] == "hit"
    assert "X-Fragment-Cache" not in again
