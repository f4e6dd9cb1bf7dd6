"""Issue 18: every report returned and not yet submitted again is on its reporters' home,
whatever its meeting, with "Bị trả lại", the reason and a link to its form; the
notification tells the reason and is read once the report is submitted again."""

import datetime as dt

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import services
from meetings.concurrency import version_of
from notifications.models import Notification, NotificationKind
from notifications.queries import unread_count
from organizations.models import RoleKind
from tests.conftest import reader
from tests.factories import make_meeting, make_report, make_role, make_user

REASON = "Đề nghị bổ sung số liệu kết nạp hội viên quý I."


@pytest.fixture
def lan(world):
    """A reporter of Hà Sơn's Front: another committee."""
    user = make_user("lan", "Đỗ Thị Lan")
    make_role(user, world.ha_son, RoleKind.REPORTER, world.foreign_front)
    return user


@pytest.fixture
def older(world, meeting):
    """Q1's report of the Front returned, while Q2 is the latest meeting."""
    report = make_report(meeting, world.front, status="submitted", results="<p>Kết quả.</p>")
    make_meeting(world.lam_giang, "2024-Q2", held_on=dt.date(2024, 7, 15))
    services.return_report(report=report, by=world.trang, reason=REASON, version=version_of(report))
    report.refresh_from_db()
    return report


def test_a_returned_report_of_an_older_meeting_is_on_the_reporters_home(
    world, meeting, older, lan, settings
):
    settings.PAGE_CACHE = True
    client = reader(world.khoi)

    home = client.get(reverse("home")).content.decode()

    assert "Quý II/2024" in home or "quý II/2024" in home  # the latest meeting still owed
    assert "Bị trả lại" in home
    assert REASON in home
    assert reverse("reports:edit", args=[meeting.pk, world.front.pk]) in home
    for other in (world.ha, lan):  # another organization, another committee
        page = reader(other).get(reverse("home")).content.decode()
        assert REASON not in page
        assert "Bị trả lại" not in page


def test_it_leaves_the_home_once_submitted_again_with_the_page_cache_on(
    world, meeting, older, settings
):
    settings.PAGE_CACHE = True
    client = reader(world.khoi)
    assert REASON in client.get(reverse("home")).content.decode()
    assert REASON in client.get(reverse("home")).content.decode()

    services.submit_report(report=older, by=world.khoi)

    home = client.get(reverse("home")).content.decode()
    assert REASON not in home
    assert "Bị trả lại" not in home

    services.return_report(
        report=older, by=world.trang, reason="Lần hai: thiếu phụ lục.", version=version_of(older)
    )
    assert "Lần hai: thiếu phụ lục." in client.get(reverse("home")).content.decode()


@pytest.mark.usefixtures("no_page_cache")
def test_the_home_reads_returned_reports_in_a_fixed_number_of_queries(world, meeting):
    client = reader(world.khoi)
    make_report(meeting, world.front, status="submitted", results="<p>x</p>")

    def count() -> int:
        with CaptureQueriesContext(connections["default"]) as captured:
            assert client.get(reverse("home")).status_code == 200
        return len(captured.captured_queries)

    few = count()
    for period, held in (("2023-Q3", dt.date(2023, 10, 9)), ("2023-Q4", dt.date(2024, 1, 9))):
        earlier = make_meeting(world.lam_giang, period, held_on=held)
        report = make_report(earlier, world.front, status="submitted", results="<p>x</p>")
        services.return_report(report=report, by=world.trang, reason=f"Lý do {period}")

    home = client.get(reverse("home")).content.decode()
    assert "Lý do 2023-Q3" in home and "Lý do 2023-Q4" in home
    assert count() == few


def test_the_notification_tells_the_reason_and_is_read_when_submitted_again(
    world, meeting, older, lan
):
    notification = Notification.objects.get(kind=NotificationKind.REPORT_RETURNED)
    assert notification.user == world.khoi
    assert notification.text.endswith(f"đã bị trả lại để chỉnh sửa. Lý do: {REASON}")
    client = reader(world.khoi)
    assert REASON in client.get(reverse("notifications:list")).content.decode()
    assert unread_count(world.khoi) == 1
    other = make_report(meeting, world.farmers, status="submitted", results="<p>x</p>")
    services.return_report(report=other, by=world.trang, reason="Khác.")

    with CaptureQueriesContext(connections["default"]) as captured:
        services.submit_report(report=older, by=world.khoi)

    updates = [q["sql"] for q in captured.captured_queries if "notification" in q["sql"].lower()]
    assert len([sql for sql in updates if sql.lstrip().upper().startswith("UPDATE")]) == 1
    assert unread_count(world.khoi) == 0
    assert unread_count(world.ha) == 1  # another organization's report: still unread


def test_saving_and_submitting_reads_the_notification_too(world, meeting, older):
    assert unread_count(world.khoi) == 1

    services.save_report(report=older, by=world.khoi, version=version_of(older), submit=True)

    assert unread_count(world.khoi) == 0
