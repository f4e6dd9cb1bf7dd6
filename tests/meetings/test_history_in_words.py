"""The history of a meeting reads in words: local times, names, Vietnamese labels."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import services
from meetings.models import Conclusion, Directive
from tracking.conclusion_services import issue_conclusion

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def _submitted_and_issued(world, meeting):
    report = services.open_report(meeting=meeting, organization=world.front, by=world.khoi)
    report.results = "<p>Kết quả quý I</p>"
    report.save()
    services.submit_report(report=report, by=world.khoi)
    conclusion = Conclusion.objects.create(
        meeting=meeting,
        notice_number="45-TB/TU",
        issued_on=dt.date(2024, 4, 25),
        orientation="<p>Định hướng</p>",
    )
    issue_conclusion(conclusion=conclusion, by=world.trang)
    report.refresh_from_db()
    return report, conclusion


def _history(client, world, meeting) -> str:
    client.force_login(world.trang)
    return client.get(reverse("meetings:history", args=[meeting.pk])).content.decode()


def test_statuses_read_in_vietnamese_and_people_by_name(client, world, meeting):
    _submitted_and_issued(world, meeting)

    page = _history(client, world, meeting)

    assert "Dự thảo</del> → Đã gửi" in page  # the report's status
    assert "Dự thảo</del> → Đã ban hành" in page  # the conclusion's
    assert "Đã kết luận" in page  # the meeting's
    assert "<strong>Người ban hành</strong>: <del>—</del> → Lê Thị Thu Trang" in page
    assert "<strong>Người gửi</strong>: <del>—</del> → Vũ Minh Khôi" in page
    assert "History user" not in page
    for raw in ("draft", "issued", "concluded", "submitted", f"→ {world.trang.pk}<"):
        assert raw not in page.replace("→ Đã", "")


def test_times_are_local_and_never_raw(client, world, meeting):
    report, _conclusion = _submitted_and_issued(world, meeting)

    page = _history(client, world, meeting)

    local = report.submitted_at.astimezone(LOCAL)
    assert f"{local:%H:%M} {local.day}/{local.month}/{local.year}" in page
    assert "+00:00" not in page and " as of " not in page


def test_booleans_read_yes_or_no(client, world, meeting):
    _report, conclusion = _submitted_and_issued(world, meeting)
    directive = Directive.objects.create(conclusion=conclusion, text="<p>Tổ chức đại hội</p>")
    directive.to_all_organizations = True
    directive.save()

    page = _history(client, world, meeting)

    assert "Tất cả các tổ chức" in page or "tất cả" in page.lower()
    assert "<del>không</del> → có" in page
    assert "Nhiệm vụ: Tổ chức đại hội" in page


def test_names_are_read_once_for_the_whole_page(client, world, meeting):
    _submitted_and_issued(world, meeting)
    client.force_login(world.trang)
    url = reverse("meetings:history", args=[meeting.pk])
    client.get(url)  # what any page reads once and keeps (the bell's unread count)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for organization, user in ((world.farmers, world.ha), (world.front, world.trang)):
        report = services.open_report(meeting=meeting, organization=organization, by=user)
        report.results = "<p>Thêm</p>"
        report.save()
        if report.status == "draft":
            services.submit_report(report=report, by=user)
    with CaptureQueriesContext(connection) as more:
        page = client.get(url).content.decode()
    assert "Vũ Thị Hà" in page or world.ha.full_name in page
    assert len(more) == len(few)
