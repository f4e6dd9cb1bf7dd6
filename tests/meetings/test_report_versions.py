"""Every action on a report (save, submit, accept, return) is based on the version its
author saw: an action on an outdated copy is refused with a message, never applied over
what happened in between, and an acceptance is never silently undone (issue 16, finding 1).
"""

import re
import threading

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from meetings import services
from meetings.concurrency import EditConflict, version_of
from meetings.models import Report
from tests.factories import make_report


def report_url(meeting, organization):
    return reverse("reports:edit", args=[meeting.pk, organization.pk])


def action_url(action, meeting, organization):
    return reverse(f"meetings:report_{action}", args=[meeting.pk, organization.pk])


def opened_version(client, url):
    page = client.get(url).content.decode()
    return re.search(r'name="version" value="([^"]*)"', page).group(1)


def report_data(version, results, **extra):
    return {
        "version": version,
        "results": results,
        "shortcomings": "",
        "difficulties": "",
        "next_tasks": "",
        "proposals-TOTAL_FORMS": "0",
        "proposals-INITIAL_FORMS": "0",
        **extra,
    }


def said(response) -> list[tuple[str, str]]:
    """The messages the user reads after ``response``: (level, text)."""
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def submitted(world, meeting):
    return make_report(meeting, world.front, status="submitted", results="<p>Bản đã gửi</p>")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


# --- One after the other, on an outdated copy ----------------------------------------------


def test_a_save_on_a_copy_read_before_the_acceptance_does_not_undo_it(world, submitted):
    stale = Report.objects.get(pk=submitted.pk)
    version = version_of(stale)
    services.accept_report(report=Report.objects.get(pk=submitted.pk), by=world.trang)

    stale.results = "<p>Sửa sau khi đã tiếp nhận</p>"
    with pytest.raises((ValidationError, EditConflict)):
        services.save_report(report=stale, by=world.khoi, version=version)

    submitted.refresh_from_db()
    assert (submitted.status, submitted.accepted_by) == ("accepted", world.trang)
    assert submitted.results == "<p>Bản đã gửi</p>"


@pytest.mark.parametrize("button", ["save", "submit"])
def test_a_reporter_saving_after_the_acceptance_is_told_and_keeps_the_text(
    world, meeting, submitted, button
):
    reporter, staff = signed_in(world.khoi), signed_in(world.trang)
    version = opened_version(reporter, report_url(meeting, world.front))
    staff.post(
        action_url("accept", meeting, world.front),
        {"version": opened_version(staff, report_url(meeting, world.front)), "confirmed": "1"},
    )

    response = reporter.post(
        report_url(meeting, world.front),
        report_data(version, "<p>Bổ sung kết quả quý I của Mặt trận</p>", **{button: "1"}),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Lê Thị Thu Trang đã tiếp nhận báo cáo này lúc" in page
    assert "Bổ sung kết quả quý I của Mặt trận" in page  # what the reporter typed is kept
    submitted.refresh_from_db()
    assert (submitted.status, submitted.accepted_by) == ("accepted", world.trang)
    assert submitted.results == "<p>Bản đã gửi</p>"


def test_accepting_a_report_changed_since_the_page_was_opened_is_refused(world, meeting, submitted):
    reporter, staff = signed_in(world.khoi), signed_in(world.trang)
    seen = version_of(submitted)  # the meeting page staff read
    reporter.post(
        report_url(meeting, world.front),
        report_data(opened_version(reporter, report_url(meeting, world.front)), "<p>Bản mới</p>"),
    )

    response = staff.post(
        action_url("accept", meeting, world.front), {"version": seen, "confirmed": "1"}
    )

    assert response.status_code == 302
    assert [level for level, _text in said(response)] == ["error"]
    assert "Vũ Minh Khôi đã lưu báo cáo này lúc" in said(response)[0][1]
    submitted.refresh_from_db()
    assert (submitted.status, submitted.accepted_by) == ("submitted", None)


def test_returning_a_report_changed_since_the_page_was_opened_is_refused(world, meeting, submitted):
    reporter, staff = signed_in(world.khoi), signed_in(world.trang)
    seen = version_of(submitted)
    reporter.post(
        report_url(meeting, world.front),
        report_data(
            opened_version(reporter, report_url(meeting, world.front)),
            "<p>Bản mới</p>",
            submit="1",
        ),
    )

    response = staff.post(
        action_url("return", meeting, world.front),
        {"version": seen, "confirmed": "1", "reason": "Bổ sung số liệu"},
    )

    assert [level for level, _text in said(response)] == ["error"]
    submitted.refresh_from_db()
    assert (submitted.status, submitted.results) == ("submitted", "<p>Bản mới</p>")


def test_the_meeting_page_accepts_and_returns_what_it_shows(world, meeting, submitted):
    staff = signed_in(world.trang)
    page = staff.get(meeting.get_absolute_url()).content.decode()
    version = re.search(r'name="version" value="([^"]*)"', page).group(1)

    accepted = staff.post(
        action_url("accept", meeting, world.front), {"version": version, "confirmed": "1"}
    )
    submitted.refresh_from_db()
    assert [level for level, _text in said(accepted)] == ["success"]
    assert (submitted.status, submitted.accepted_by) == ("accepted", world.trang)

    returned = signed_in(world.trang).post(
        action_url("return", meeting, world.front),
        {"version": version_of(submitted), "confirmed": "1", "reason": "Bổ sung số liệu"},
    )
    submitted.refresh_from_db()
    assert [level for level, _text in said(returned)] == ["success"]
    assert (submitted.status, submitted.accepted_by, submitted.is_locked) == ("draft", None, False)


def test_every_action_moves_the_version(world, submitted):
    versions = {version_of(submitted)}
    report = Report.objects.get(pk=submitted.pk)
    services.accept_report(report=report, by=world.trang, version=version_of(report))
    report = Report.objects.get(pk=submitted.pk)
    versions.add(version_of(report))
    services.return_report(
        report=report, by=world.trang, reason="Bổ sung số liệu", version=version_of(report)
    )
    report = Report.objects.get(pk=submitted.pk)
    versions.add(version_of(report))
    services.submit_report(report=report, by=world.khoi, version=version_of(report))
    versions.add(version_of(Report.objects.get(pk=submitted.pk)))

    assert len(versions) == 4
    assert Report.objects.get(pk=submitted.pk).status == "submitted"


# --- At the same moment: two real connections (PostgreSQL) --------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)"
)


def at_once(**actions):
    """Run ``actions`` (name: a function returning a response) at the same moment, each in
    a thread of its own, so each on a database connection of its own; their responses."""
    start = threading.Barrier(len(actions))
    responses = {}

    def run(name, action):
        try:
            start.wait(timeout=10)
            responses[name] = action()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in actions.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert set(responses) == set(actions)
    return responses


def succeeded(response) -> bool:
    return response.status_code == 302 and ("success" in {level for level, _ in said(response)})


def consistent(report: Report) -> None:
    """Accepted means accepted by someone, and locked; anything else means neither."""
    assert (report.status == "accepted") == (report.accepted_by_id is not None)
    assert report.is_locked == (report.status == "accepted")


def reporter_saves(world, meeting, text, **extra):
    reporter = signed_in(world.khoi)
    url = report_url(meeting, world.front)
    data = report_data(opened_version(reporter, url), text, **extra)
    return lambda: reporter.post(url, data)


def staff_does(world, meeting, action):
    staff = signed_in(world.trang)
    version = opened_version(staff, report_url(meeting, world.front))
    data = {"version": version, "confirmed": "1", "reason": "Bổ sung số liệu"}
    return lambda: staff.post(action_url(action, meeting, world.front), data)


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("button", ["save", "submit"])
def test_a_save_and_an_acceptance_at_the_same_moment_one_wins(world, meeting, submitted, button):
    outcomes = at_once(
        save=reporter_saves(world, meeting, "<p>Bản sửa của Mặt trận</p>", **{button: "1"}),
        accept=staff_does(world, meeting, "accept"),
    )

    assert sorted(succeeded(r) for r in outcomes.values()) == [False, True]
    report = Report.objects.get()
    consistent(report)
    if succeeded(outcomes["accept"]):
        assert (report.status, report.accepted_by) == ("accepted", world.trang)
        assert report.results == "<p>Bản đã gửi</p>"
        assert "Bản sửa của Mặt trận" in outcomes["save"].content.decode()  # text kept
    else:
        assert (report.status, report.results) == ("submitted", "<p>Bản sửa của Mặt trận</p>")
        assert [level for level, _ in said(outcomes["accept"])] == ["error"]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_save_and_a_return_at_the_same_moment_one_wins(world, meeting, submitted):
    outcomes = at_once(
        save=reporter_saves(world, meeting, "<p>Bản sửa của Mặt trận</p>"),
        back=staff_does(world, meeting, "return"),
    )

    assert sorted(succeeded(r) for r in outcomes.values()) == [False, True]
    report = Report.objects.get()
    consistent(report)
    if succeeded(outcomes["back"]):
        assert (report.status, report.results) == ("draft", "<p>Bản đã gửi</p>")
        assert "Bản sửa của Mặt trận" in outcomes["save"].content.decode()
    else:
        assert (report.status, report.results) == ("submitted", "<p>Bản sửa của Mặt trận</p>")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_one_wins_the_other_sees_the_conflict(world, meeting):
    make_report(meeting, world.front, results="<p>Bản nháp</p>")
    staff = signed_in(world.trang)
    url = report_url(meeting, world.front)
    staff_data = report_data(opened_version(staff, url), "<p>Bản của cán bộ</p>")
    outcomes = at_once(
        reporter=reporter_saves(world, meeting, "<p>Bản của báo cáo viên</p>"),
        staff=lambda: staff.post(url, staff_data),
    )

    assert sorted(r.status_code for r in outcomes.values()) == [200, 302]
    winner, loser = sorted(outcomes, key=lambda name: outcomes[name].status_code != 302)
    texts = {"reporter": "Bản của báo cáo viên", "staff": "Bản của cán bộ"}
    assert Report.objects.get().results == f"<p>{texts[winner]}</p>"
    page = outcomes[loser].content.decode()
    assert "đã lưu nội dung này lúc" in page  # the conflict panel
    assert texts[loser] in page and texts[winner] in page
