"""Creating, editing and listing meetings."""

import datetime as dt

import pytest
from django.urls import reverse

from meetings.models import Attendance, Meeting
from tests.factories import make_meeting


def meeting_data(world, **changes):
    data = {
        "committee": world.lam_giang.pk,
        "period_kind": "Q2",
        "period_year": "2024",
        "held_on": "2024-07-10",
        "session": "morning",
        "place": "Hội trường Tỉnh ủy",
        "chair_name": "Phạm Minh Đức",
        "chair_title": "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh",
        "other_attendees": "Đại diện lãnh đạo các ban đảng Tỉnh ủy",
        "is_regular": "on",
        "summary": "<p>Mặt trận và các đoàn thể đã <b>bám sát</b> nhiệm vụ.</p>",
        "notes": "",
        "source": "",
        "attendance-TOTAL_FORMS": "2",
        "attendance-INITIAL_FORMS": "2",
        "attendance-0-organization": world.front.pk,
        "attendance-0-invited": "on",
        "attendance-0-present": "on",
        "attendance-0-representatives": "đồng chí Vũ Minh Khôi, Phó Chủ tịch",
        "attendance-1-organization": world.farmers.pk,
        "attendance-1-invited": "on",
        "attendance-1-representatives": "",
    }
    data.update(changes)
    return data


def test_staff_create_a_meeting_with_attendance(client, world):
    client.force_login(world.trang)

    response = client.post(reverse("meetings:create"), meeting_data(world))

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    assert meeting.period.label == "Quý II/2024"
    assert (meeting.period_start, meeting.period_end) == (dt.date(2024, 4, 1), dt.date(2024, 6, 30))
    assert meeting.status == "held"
    assert (
        meeting.summary == "<p>Mặt trận và các đoàn thể đã <strong>bám sát</strong> nhiệm vụ.</p>"
    )
    assert list(
        Attendance.objects.order_by("organization__display_order").values_list(
            "organization__name", "present", "representatives"
        )
    ) == [
        ("Ủy ban MTTQ Việt Nam tỉnh Lâm Giang", True, "đồng chí Vũ Minh Khôi, Phó Chủ tịch"),
        ("Hội Nông dân tỉnh Lâm Giang", False, ""),
    ]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh" in page
    assert "Hội nghị giao ban quý II/2024" in page


def test_date_far_from_the_period_is_refused_and_the_form_keeps_the_text(client, world):
    client.force_login(world.trang)

    response = client.post(reverse("meetings:create"), meeting_data(world, held_on="2025-03-01"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Hội nghị về quý II/2024 được tổ chức trong khoảng từ 1/4/2024 đến 30/9/2024" in content
    assert "Hội trường Tỉnh ủy" in content
    assert "bám sát" in content
    assert not Meeting.objects.exists()


def test_second_regular_meeting_for_the_same_period_is_refused(client, world):
    make_meeting(world.lam_giang, "2024-Q2")
    client.force_login(world.trang)

    response = client.post(reverse("meetings:create"), meeting_data(world))

    assert "Cấp ủy này đã có hội nghị giao ban thường kỳ cho kỳ này" in response.content.decode()
    assert Meeting.objects.count() == 1


def test_new_meeting_for_the_next_period_starts_from_the_last(client, world, meeting):
    client.force_login(world.trang)

    response = client.get(reverse("meetings:next", args=[meeting.pk]))

    form = response.context["form"]
    assert form.initial["period_kind"] == "Q2"
    assert form.initial["period_year"] == 2024
    assert form.initial["chair_name"] == "Phạm Minh Đức"
    assert "Phó Bí thư Thường trực Tỉnh ủy" in response.content.decode()


def test_leader_and_reporter_cannot_create_or_edit(client, world, meeting):
    for user in (world.bao, world.khoi):
        client.force_login(user)
        assert client.get(reverse("meetings:create")).status_code == 404
        assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 404
        assert client.get(meeting.get_absolute_url()).status_code == 200


def test_another_committee_sees_nothing(client, world, meeting):
    client.force_login(world.minh)

    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(reverse("meetings:print", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 404
    assert "Quý I/2024" not in client.get(reverse("meetings:list")).content.decode()
    response = client.post(
        reverse("meetings:create"), meeting_data(world, committee=world.lam_giang.pk)
    )
    assert "Lựa chọn không hợp lệ" in response.content.decode() or response.status_code == 200
    assert Meeting.objects.count() == 1


def test_list_filters_and_paginates(client, world):
    for year in range(2020, 2027):
        for quarter in ("Q1", "Q2", "Q3", "Q4"):
            make_meeting(world.lam_giang, f"{year}-{quarter}")
    client.force_login(world.bao)

    first = client.get(reverse("meetings:list")).content.decode()
    second = client.get(reverse("meetings:list"), {"page": 2}).content.decode()
    filtered = client.get(reverse("meetings:list"), {"year": 2024, "period": "Q3"})

    assert "Trang 1/2" in first
    assert first.index("Quý IV/2026") < first.index("Quý III/2026")
    assert "Quý I/2021" not in first
    assert "Quý I/2021" in second
    assert [m.period.label for m in filtered.context["page"]] == ["Quý III/2024"]


@pytest.mark.usefixtures("no_page_cache")
def test_list_queries_do_not_grow_with_meetings(client, world, django_assert_num_queries):
    client.force_login(world.bao)
    make_meeting(world.lam_giang, "2024-Q1")
    client.get(reverse("meetings:list"))
    with django_assert_num_queries(5) as few:
        client.get(reverse("meetings:list"))
    for quarter in ("Q2", "Q3", "Q4"):
        make_meeting(world.lam_giang, f"2024-{quarter}")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("meetings:list"))
