"""The dashboard's figures are the same for every reader of a committee: rendered once per
version (the day, the committee's lists and progress) and shared by all its readers and
all workers (tracking.views.dashboard, giaoban/fragments.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from tests.factories import make_report, record_progress
from tracking.models import DirectiveAssignment

BODY = "tracking/_dashboard_body.html"
DASHBOARD = reverse("tracking:dashboard")


@pytest.fixture(autouse=True)
def pages_rendered(settings):
    """Every page rendered, its shared parts kept: what this file is about."""
    settings.PAGE_CACHE = False
    settings.FRAGMENT_CACHE = True


def reader(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def figures(response) -> str:
    html = response.content.decode()
    return html[html.index('<div class="status-counts') : html.index("</main>")]


def renders(response) -> int:
    return [t.name for t in response.templates].count(BODY)


def test_two_readers_of_a_committee_cost_one_render_of_its_figures(world, issued):
    issued()
    first = reader(world.bao).get(DASHBOARD)
    second = reader(world.trang).get(DASHBOARD)

    assert (renders(first), first["X-Fragments"]) == (1, "kept=0 rendered=1")
    assert (renders(second), second["X-Fragments"]) == (0, "kept=1 rendered=0")
    assert figures(second) == figures(first)
    assert "Nhiệm vụ Một" in figures(second)
    # The reader's own part of the page is theirs.
    assert "Đặng Quốc Bảo" in first.content.decode()
    assert "Lê Thị Thu Trang" in second.content.decode()


def test_progress_recorded_shows_at_once(world, issued):
    issued()
    bao = reader(world.bao)
    before = bao.get(DASHBOARD)
    part = DirectiveAssignment.objects.order_by("pk").first()

    record_progress(
        assignment=part, progress="done", completed_on=dt.date(2024, 6, 1), by=world.khoi
    )

    after = bao.get(DASHBOARD)
    assert after["X-Fragments"] == "kept=0 rendered=1"
    assert figures(after) != figures(before)
    assert "<strong>1</strong> Hoàn thành đúng hạn" in figures(after)


def test_a_report_submitted_shows_at_once_a_draft_saved_does_not_change_the_figures(world, issued):
    meeting, _directives = issued(period="2024-Q1")
    report = make_report(meeting, world.front, results="<p>Bản nháp.</p>")
    bao = reader(world.bao)
    bao.get(DASHBOARD)

    report.results = "<p>Bản nháp, sửa lại.</p>"
    meeting_services.save_report(
        report=report, by=world.khoi, version=report.updated_at.isoformat()
    )
    kept = bao.get(DASHBOARD)
    assert kept["X-Fragments"] == "kept=1 rendered=0"

    meeting_services.save_report(
        report=report, by=world.khoi, version=report.updated_at.isoformat(), submit=True
    )
    submitted = bao.get(DASHBOARD)
    assert submitted["X-Fragments"] == "kept=0 rendered=1"
    assert "đã gửi 0/2" in figures(kept)
    assert "đã gửi 1/2" in figures(submitted)


def test_each_committee_has_its_own(world, issued):
    issued()
    reader(world.bao).get(DASHBOARD)

    other = reader(world.minh).get(DASHBOARD)

    assert other["X-Fragments"] == "kept=0 rendered=1"
    assert "Nhiệm vụ Một" not in figures(other)


def test_the_next_day_they_are_counted_again(world, issued, monkeypatch):
    issued()
    bao = reader(world.bao)
    today = timezone.localdate()
    bao.get(DASHBOARD)

    monkeypatch.setattr(timezone, "localdate", lambda *args: today + dt.timedelta(days=1))

    assert bao.get(DASHBOARD)["X-Fragments"] == "kept=0 rendered=1"
