"""Two people edit the same meeting: the second save, based on an outdated copy, is
refused with its text kept; issuing the conclusion is never undone by an edit; a save
costs the same number of queries whatever the size of the attendance list."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Attendance, Conclusion, Meeting
from organizations.models import RoleKind
from tests.factories import make_committee, make_organization, make_role, make_user
from tracking.conclusion_services import issue_conclusion


def opened_version(client, url):
    page = client.get(url).content.decode()
    found = re.search(r'name="version" value="([^"]*)"', page)
    return found.group(1) if found else ""


def edit_data(meeting, version, organizations, **changes):
    """What the edit form of ``meeting`` posts, with every organization invited."""
    data = {
        "version": version,
        "title": "",
        "period_kind": meeting.period_kind,
        "period_year": str(meeting.period_year),
        "is_regular": "on",
        "held_on": meeting.held_on.isoformat(),
        "session": "",
        "place": meeting.place,
        "chair_name": meeting.chair_name,
        "chair_title": meeting.chair_title,
        "other_attendees": "",
        "summary": meeting.summary,
        "notes": "",
        "source": "",
        "attendance-TOTAL_FORMS": str(len(organizations)),
        "attendance-INITIAL_FORMS": str(len(organizations)),
    }
    for index, organization in enumerate(organizations):
        data[f"attendance-{index}-organization"] = organization.pk
        data[f"attendance-{index}-invited"] = "on"
        data[f"attendance-{index}-representatives"] = ""
    data.update(changes)
    return data


@pytest.fixture
def son(world):
    """A second member of Lâm Giang's staff."""
    user = make_user("son", "Hoàng Văn Sơn")
    make_role(user, world.lam_giang, RoleKind.STAFF)
    return user


def test_the_second_save_of_a_meeting_is_refused_and_keeps_its_text(world, meeting, son):
    meeting.summary = "<p>Bản tóm tắt đầu</p>"
    meeting.place = "Hội trường Tỉnh ủy"
    meeting.save()
    url = reverse("meetings:edit", args=[meeting.pk])
    trang, other = Client(), Client()
    trang.force_login(world.trang)
    other.force_login(son)
    organizations = [world.front, world.farmers]
    trang_version = opened_version(trang, url)
    son_version = opened_version(other, url)

    first = trang.post(
        url,
        edit_data(
            meeting,
            trang_version,
            organizations,
            summary="<p>Tóm tắt tình hình quý I: 1.250 hội viên mới</p>",
            **{"attendance-0-present": "on", "attendance-0-representatives": "đồng chí Khôi"},
        ),
    )
    second = other.post(
        url, edit_data(meeting, son_version, organizations[1:], place="Nhà khách Tỉnh ủy")
    )

    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "Lê Thị Thu Trang đã lưu nội dung này lúc" in page
    assert "Nhà khách Tỉnh ủy" in page  # what Sơn typed is kept
    assert "1.250 hội viên mới" in page  # and what is stored is shown for comparison
    meeting.refresh_from_db()
    assert meeting.summary == "<p>Tóm tắt tình hình quý I: 1.250 hội viên mới</p>"
    assert meeting.place == "Hội trường Tỉnh ủy"
    assert list(
        Attendance.objects.filter(meeting=meeting)
        .order_by("organization__display_order")
        .values_list("organization_id", "present", "representatives")
    ) == [(world.front.pk, True, "đồng chí Khôi"), (world.farmers.pk, False, "")]

    # After merging, saving again from the refreshed form succeeds.
    refreshed = re.search(r'name="version" value="([^"]*)"', page).group(1)
    third = other.post(
        url,
        edit_data(
            meeting,
            refreshed,
            organizations,
            place="Nhà khách Tỉnh ủy",
            summary="<p>Tóm tắt tình hình quý I: 1.250 hội viên mới</p>",
        ),
    )
    assert third.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.place, meeting.updated_by) == ("Nhà khách Tỉnh ủy", son)
    assert "1.250 hội viên mới" in meeting.summary


def test_an_attendance_change_moves_the_meetings_version(world, meeting, son):
    url = reverse("meetings:edit", args=[meeting.pk])
    trang, other = Client(), Client()
    trang.force_login(world.trang)
    other.force_login(son)
    organizations = [world.front, world.farmers]
    trang_version = opened_version(trang, url)
    son_version = opened_version(other, url)

    first = trang.post(
        url, edit_data(meeting, trang_version, organizations, **{"attendance-1-present": "on"})
    )
    second = other.post(url, edit_data(meeting, son_version, organizations))

    assert (first.status_code, second.status_code) == (302, 200)
    assert Attendance.objects.get(meeting=meeting, organization=world.farmers).present


def issue_data(meeting):
    Conclusion.objects.create(
        meeting=meeting,
        notice_number="45-TB/TU",
        issued_on=meeting.held_on,
        orientation="<p>Tiếp tục đổi mới nội dung hoạt động.</p>",
    )


def test_editing_a_meeting_while_its_conclusion_is_issued_does_not_undo_the_issue(
    world, meeting, son
):
    issue_data(meeting)
    url = reverse("meetings:edit", args=[meeting.pk])
    editor, leader = Client(), Client()
    editor.force_login(son)
    leader.force_login(world.trang)
    version = opened_version(editor, url)

    issued = leader.post(reverse("conclusions:issue", args=[meeting.pk]), {"confirmed": "1"})
    edited = editor.post(url, edit_data(meeting, version, [world.front], place="Nhà khách Tỉnh ủy"))

    assert issued.status_code == 302
    assert Conclusion.objects.get().status == "issued"
    meeting.refresh_from_db()
    assert meeting.status == "concluded"
    # The issue moved the meeting's version: the edit, opened before, is refused with
    # what was typed kept.
    assert edited.status_code == 200
    assert "Nhà khách Tỉnh ủy" in edited.content.decode()


def test_a_meeting_edited_after_its_conclusion_was_issued_stays_concluded(world, meeting):
    issue_data(meeting)
    issue_conclusion(conclusion=Conclusion.objects.get(), by=world.trang)
    client = Client()
    client.force_login(world.trang)
    url = reverse("meetings:edit", args=[meeting.pk])
    meeting.refresh_from_db()

    response = client.post(
        url, edit_data(meeting, opened_version(client, url), [world.front], place="Hội trường")
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.place) == ("concluded", "Hội trường")


# --- the cost of a save ----------------------------------------------------------------


def committee_with(world, size):
    """A committee of ``size`` organizations, with Trang on its staff."""
    committee = make_committee(f"Tỉnh ủy Cỡ {size}")
    make_role(world.trang, committee, RoleKind.STAFF)
    for number in range(size):
        make_organization(committee, f"Tổ chức thử {number:02d}", kind="other")
    return committee, list(committee.organizations.order_by("pk"))


def create_data(committee, organizations):
    data = {
        "committee": committee.pk,
        "period_kind": "Q2",
        "period_year": "2024",
        "held_on": "2024-07-10",
        "is_regular": "on",
        "place": "Hội trường Tỉnh ủy",
        "summary": "<p>Tóm tắt.</p>",
        "attendance-TOTAL_FORMS": str(len(organizations)),
        "attendance-INITIAL_FORMS": str(len(organizations)),
    }
    for index, organization in enumerate(organizations):
        data[f"attendance-{index}-organization"] = organization.pk
        data[f"attendance-{index}-invited"] = "on"
        data[f"attendance-{index}-present"] = "on"
        data[f"attendance-{index}-representatives"] = f"Đại diện {index}"
    return data


def count_save(client, url, data) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return len(queries)


def save_costs(client, world, size) -> tuple[int, int, int]:
    """Queries of: creating a meeting with ``size`` attending; editing it so that half
    leave the list and the others change; editing it so that they come back."""
    committee, organizations = committee_with(world, size)
    created = count_save(client, reverse("meetings:create"), create_data(committee, organizations))
    meeting = Meeting.objects.get(committee=committee)
    assert Attendance.objects.filter(meeting=meeting).count() == size
    url = reverse("meetings:edit", args=[meeting.pk])
    data = edit_data(meeting, opened_version(client, url), organizations)
    for index in range(0, size, 2):
        data.pop(f"attendance-{index}-invited")
    for index in range(1, size, 2):
        data[f"attendance-{index}-present"] = "on"
    edited = count_save(client, url, data)
    assert Attendance.objects.filter(meeting=meeting).count() == size // 2
    data = edit_data(meeting, opened_version(client, url), organizations)
    added = count_save(client, url, data)
    assert Attendance.objects.filter(meeting=meeting).count() == size
    return created, edited, added


def test_creating_and_editing_a_meeting_cost_the_same_however_many_attend(client, world):
    client.force_login(world.trang)

    small, large = save_costs(client, world, 2), save_costs(client, world, 40)

    print(f"queries (create, edit, add back): 2 rows {small}, 40 rows {large}")
    assert small == large


def test_a_meeting_moved_to_another_period_on_its_form_moves_its_search_results(
    client, world, meeting
):
    from search.models import SearchEntry
    from tests.factories import make_report

    make_report(meeting, world.front, results="<p>Vận động Quỹ Vì người nghèo.</p>")
    client.force_login(world.trang)
    url = reverse("meetings:edit", args=[meeting.pk])

    response = client.post(
        url,
        edit_data(
            meeting,
            opened_version(client, url),
            [world.front],
            period_kind="Q2",
            held_on="2024-07-10",
        ),
    )

    assert response.status_code == 302
    assert set(
        SearchEntry.objects.filter(meeting=meeting).values_list("period_kind", "period_end")
    ) == {("Q2", dt.date(2024, 6, 30))}
