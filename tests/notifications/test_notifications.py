"""Notifications: each event tells the right people (never another committee's), the
bell counts what they have not read, their page lists and marks them read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from meetings import services as meeting_services
from meetings.concurrency import version_of
from meetings.models import Conclusion, Directive, Proposal
from notifications import services
from notifications.models import Notification, NotificationKind
from notifications.queries import unread_count
from organizations.models import RoleKind
from tests.conftest import reader
from tests.factories import make_report, make_role, make_user
from tracking.conclusion_services import issue_conclusion
from tracking.models import DirectiveAssignment
from tracking.reminders import send_reminders


@pytest.fixture
def lan(world):
    """A reporter of Hà Sơn's Front: another committee, never told of Lâm Giang's events."""
    user = make_user("lan", "Đỗ Thị Lan")
    make_role(user, world.ha_son, RoleKind.REPORTER, world.foreign_front)
    return user


def told(kind) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_it_tells_the_reporters_of_a_returned_report(world, meeting, lan):
    report = make_report(meeting, world.farmers, status="submitted")

    meeting_services.return_report(
        report=report, by=world.trang, reason="Bổ sung số liệu quý.", version=version_of(report)
    )

    assert told(NotificationKind.REPORT_RETURNED) == ["ha"]
    notification = Notification.objects.get()
    assert notification.url == reverse("reports:edit", args=[meeting.pk, world.farmers.pk])
    assert notification.text == (
        "Báo cáo của Hội Nông dân tỉnh Lâm Giang tại Hội nghị giao ban quý I/2024 "
        "đã bị trả lại để chỉnh sửa. Lý do: Bổ sung số liệu quý."
    )


def test_it_tells_each_assigned_organization_when_a_conclusion_is_issued(world, meeting, lan):
    conclusion = Conclusion.objects.create(
        meeting=meeting, notice_number="45-TB/TU", issued_on=dt.date(2024, 4, 22)
    )
    for position, organization in enumerate([world.front, world.front, world.farmers], 1):
        directive = Directive.objects.create(
            conclusion=conclusion, position=position, text=f"Nhiệm vụ {position}"
        )
        DirectiveAssignment.objects.create(
            directive=directive, organization=organization, is_lead=True
        )

    issue_conclusion(conclusion=conclusion, by=world.trang, version=version_of(conclusion))

    assert told(NotificationKind.DIRECTIVE_ASSIGNED) == ["ha", "khoi"]
    khoi = Notification.objects.get(user=world.khoi)
    assert khoi.text == (
        "Thông báo kết luận số 45-TB/TU giao 2 nhiệm vụ cho Ủy ban MTTQ Việt Nam tỉnh Lâm Giang."
    )
    assert khoi.url == reverse("tracking_organizations:detail", args=[world.front.pk])


def test_it_tells_those_reminded_of_a_deadline(world, issued, lan):
    issued(period="2024-Q1", texts=("Một", "Hai"))
    for user in (world.khoi, world.trang, world.ha, lan):
        user.email = f"{user.username}@x.vn"
        user.save(update_fields=["email"])

    send_reminders(today=dt.date(2024, 6, 25), days=7)
    send_reminders(today=dt.date(2024, 6, 25), days=7)  # sent once a day: told once

    assert told(NotificationKind.DEADLINE_NEAR) == ["khoi", "trang"]
    assert Notification.objects.get(user=world.khoi).text == (
        "Có 2 nhiệm vụ sắp đến hạn hoặc đã quá hạn."
    )


def test_it_tells_the_reporters_when_their_proposal_is_answered(world, meeting, lan):
    report = make_report(meeting, world.front, status="accepted")
    proposal = Proposal.objects.create(report=report, position=1, text="<p>Hỗ trợ kinh phí</p>")

    meeting_services.answer_proposal(
        proposal=Proposal.objects.select_related("report__meeting").get(pk=proposal.pk),
        disposition="answered",
        response="Sẽ hỗ trợ.",
        referred_to="",
        by=world.trang,
        version=version_of(report),
    )

    assert told(NotificationKind.PROPOSAL_ANSWERED) == ["khoi"]
    notification = Notification.objects.get()
    assert notification.text == (
        "Kiến nghị “Hỗ trợ kinh phí” tại Hội nghị giao ban quý I/2024 đã được trả lời."
    )
    assert notification.url == reverse("meetings:detail", args=[meeting.pk])


def test_the_bell_counts_what_is_unread(world):
    client = reader(world.khoi)
    assert 'class="badge rounded-pill bell-count"' not in client.get("/").content.decode()

    services.notify(user_ids=[world.khoi.pk, world.ha.pk], kind="deadline_near", text="A", url="/")
    services.notify(user_ids=[world.khoi.pk], kind="deadline_near", text="B", url="/")

    page = client.get("/").content.decode()
    assert '<span class="badge rounded-pill bell-count">2</span>' in page
    assert '<span class="visually-hidden">2 chưa đọc</span>' in page
    assert unread_count(world.ha) == 1


def test_a_kept_page_shows_the_new_count(world, settings):
    settings.PAGE_CACHE = True
    client = reader(world.trang)
    path = reverse("meetings:list")
    client.get(path)
    assert client.get(path)["X-Page-Cache"] == "hit"

    services.notify(user_ids=[world.trang.pk], kind="deadline_near", text="A", url="/")

    response = client.get(path)
    assert "X-Page-Cache" not in response
    assert '<span class="badge rounded-pill bell-count">1</span>' in response.content.decode()


def test_the_page_lists_newest_first_and_marks_read(world):
    services.notify(
        user_ids=[world.khoi.pk], kind="deadline_near", text="Cũ", url="/tracking/board/"
    )
    services.notify(user_ids=[world.khoi.pk], kind="report_returned", text="Mới", url="/meetings/")
    services.notify(user_ids=[world.ha.pk], kind="report_returned", text="Của Hà", url="/")
    client = reader(world.khoi)

    page = client.get(reverse("notifications:list")).content.decode()
    assert page.index('<a href="/meetings/">Mới</a>') < page.index(
        '<a href="/tracking/board/">Cũ</a>'
    )
    assert "Của Hà" not in page
    assert "Đánh dấu tất cả đã đọc" in page

    newest = Notification.objects.get(text="Mới")
    client.post(reverse("notifications:read", args=[newest.pk]))
    assert unread_count(world.khoi) == 1
    others = Notification.objects.get(text="Của Hà")
    client.post(reverse("notifications:read", args=[others.pk]))  # not theirs: nothing
    assert Notification.objects.get(pk=others.pk).read_at is None

    client.post(reverse("notifications:read_all"))
    assert unread_count(world.khoi) == 0
    assert unread_count(world.ha) == 1
    assert "bell-count" not in client.get("/").content.decode()


def test_marking_read_is_posted(world):
    client = reader(world.khoi)
    assert client.get(reverse("notifications:read_all")).status_code == 405


def test_the_page_is_paginated(world):
    for number in range(25):
        services.notify(user_ids=[world.khoi.pk], kind="deadline_near", text=f"T{number}", url="/")
    client = reader(world.khoi)

    first = client.get(reverse("notifications:list")).content.decode()
    second = client.get(reverse("notifications:list") + "?page=2").content.decode()

    assert ">T24<" in first and ">T5<" in first and ">T4<" not in first
    assert ">T4<" in second and "Trang 2" in second
