"""The attendance table of a new meeting belongs to the committee chosen: it follows a
change of committee, and a row of another committee is refused with a message, never
dropped. No new meeting is created for a committee that has ceased to exist."""

import datetime as dt

import pytest
from django.urls import reverse

from meetings.models import Attendance, Meeting
from organizations.models import RoleKind
from tests.factories import make_committee, make_organization, make_role


@pytest.fixture
def two_committees(world):
    """Trang is also on the staff of the commune of Tân Hòa, listed after Lâm Giang."""
    make_role(world.trang, world.commune, RoleKind.STAFF)
    return world


def new_meeting(committee, rows, **changes):
    data = {
        "committee": committee.pk,
        "period_kind": "Q2",
        "period_year": "2024",
        "held_on": "2024-07-10",
        "is_regular": "on",
        "place": "Hội trường Đảng ủy xã",
        "summary": "<p>Tình hình quý II.</p>",
        "attendance-TOTAL_FORMS": str(len(rows)),
        "attendance-INITIAL_FORMS": str(len(rows)),
    }
    for index, (organization, representatives) in enumerate(rows):
        data[f"attendance-{index}-organization"] = organization.pk
        data[f"attendance-{index}-invited"] = "on"
        data[f"attendance-{index}-present"] = "on"
        data[f"attendance-{index}-representatives"] = representatives
    data.update(changes)
    return data


def table_of(response) -> list[int]:
    return [form["organization"].value() for form, _label in response.context["attendance_rows"]]


def test_the_table_of_a_new_meeting_is_that_of_the_committee_chosen(client, two_committees):
    """Tân Hòa is listed first (a commune), Lâm Giang second."""
    world = two_committees
    client.force_login(world.trang)

    first = client.get(reverse("meetings:create"))
    chosen = client.get(reverse("meetings:create"), {"committee": world.lam_giang.pk})
    rows = client.get(reverse("meetings:attendance_rows"), {"committee": world.lam_giang.pk})

    assert table_of(first) == [world.commune_front.pk]
    assert first.context["form"]["committee"].value() == world.commune.pk  # the same one
    assert table_of(chosen) == [world.front.pk, world.farmers.pk]
    assert chosen.context["form"]["committee"].value() == world.lam_giang.pk
    assert table_of(rows) == [world.front.pk, world.farmers.pk]
    assert "Hội Nông dân tỉnh Lâm Giang" in rows.content.decode()
    assert "Tân Hòa" not in rows.content.decode()


def test_the_table_is_given_only_for_a_committee_the_user_creates_meetings_for(client, world):
    client.force_login(world.trang)

    assert (
        client.get(reverse("meetings:attendance_rows"), {"committee": world.ha_son.pk}).status_code
        == 404
    )
    assert client.get(reverse("meetings:attendance_rows"), {"committee": "x"}).status_code == 404
    client.force_login(world.bao)  # a leader
    response = client.get(reverse("meetings:attendance_rows"), {"committee": world.lam_giang.pk})
    assert response.status_code == 404


def test_a_meeting_of_the_second_committee_keeps_its_attendance(client, two_committees):
    world = two_committees
    client.force_login(world.trang)

    response = client.post(
        reverse("meetings:create"),
        new_meeting(world.commune, [(world.commune_front, "đồng chí Lê Văn Tâm, Chủ tịch")]),
    )

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.committee == world.commune
    assert list(
        Attendance.objects.filter(meeting=meeting).values_list(
            "organization", "present", "representatives"
        )
    ) == [(world.commune_front.pk, True, "đồng chí Lê Văn Tâm, Chủ tịch")]


def test_rows_of_another_committee_are_refused_with_what_they_said(client, two_committees):
    """The committee was changed without the table following (no script): the rows are
    Lâm Giang's, the committee Tân Hòa."""
    world = two_committees
    client.force_login(world.trang)

    response = client.post(
        reverse("meetings:create"),
        new_meeting(
            world.commune,
            [(world.front, "đồng chí Vũ Minh Khôi, Phó Chủ tịch"), (world.farmers, "")],
        ),
    )

    assert response.status_code == 200
    assert not Meeting.objects.exists()
    page = response.content.decode()
    assert "thuộc cấp ủy khác" in page
    assert (
        "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang (được mời, có mặt, "
        "đại diện: đồng chí Vũ Minh Khôi, Phó Chủ tịch)" in page
    )
    assert table_of(response) == [world.commune_front.pk]  # the committee's own rows now
    assert "Hội trường Đảng ủy xã" in page and "Tình hình quý II." in page  # nothing lost

    # Ticked again, the form saves.
    again = client.post(
        reverse("meetings:create"), new_meeting(world.commune, [(world.commune_front, "")])
    )
    assert again.status_code == 302
    assert Attendance.objects.get().organization == world.commune_front


def test_rows_sent_again_after_an_error_keep_what_was_ticked(client, two_committees):
    world = two_committees
    client.force_login(world.trang)

    response = client.post(
        reverse("meetings:create"),
        new_meeting(
            world.lam_giang,
            [(world.front, "đồng chí Vũ Minh Khôi")],
            held_on="2026-01-01",  # far from the period: refused
        ),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="đồng chí Vũ Minh Khôi"' in page


def test_a_committee_that_has_ceased_is_not_offered_for_a_new_meeting(client, world):
    """The first committee in the list has ceased: the page opens on the next one, with
    its organizations; a meeting cannot be created for the ceased one."""
    old = make_committee("Huyện ủy An Phú", valid_until=dt.date(2025, 7, 1))
    old_front = make_organization(old, "Ủy ban MTTQ huyện An Phú", valid_until=dt.date(2025, 7, 1))
    make_role(world.trang, old, RoleKind.STAFF)
    client.force_login(world.trang)

    page = client.get(reverse("meetings:create"))
    asked = client.get(reverse("meetings:create"), {"committee": old.pk})
    posted = client.post(reverse("meetings:create"), new_meeting(old, [(old_front, "")]))

    committees = list(page.context["form"].fields["committee"].queryset)
    assert committees == [world.lam_giang]
    assert table_of(page) == [world.front.pk, world.farmers.pk]
    assert table_of(asked) == [world.front.pk, world.farmers.pk]
    assert posted.status_code == 200
    assert "đã kết thúc hoạt động" in posted.content.decode()
    assert not Meeting.objects.exists()


def test_next_meeting_of_a_ceased_committee_says_why_another_is_chosen(client, world, meeting):
    world.lam_giang.valid_until = dt.date(2025, 7, 1)
    world.lam_giang.save()
    make_role(world.trang, world.commune, RoleKind.STAFF)
    client.force_login(world.trang)

    response = client.get(reverse("meetings:next", args=[meeting.pk]))

    assert response.context["form"]["committee"].value() == world.commune.pk
    assert table_of(response) == [world.commune_front.pk]
    assert "không thể tạo hội nghị mới" in response.content.decode()
