"""A meeting held on a day nobody recorded (issue 17): it reads "Đã tổ chức (không rõ
ngày)", not "chưa tổ chức", whether recorded as held or concluded; a meeting with no day
that was not said to be held is still planned; the period orders it."""

import datetime as dt

import pytest
from django.urls import reverse

from meetings.models import Meeting, MeetingStatus
from tests.conftest import reader
from tests.factories import make_meeting

pytestmark = pytest.mark.usefixtures("no_page_cache")


def data(world, **changes):
    values = {
        "committee": world.lam_giang.pk,
        "period_kind": "Q4",
        "period_year": "2019",
        "held_on": "",
        "held_day_unknown": "on",
        "is_regular": "on",
        "source": "Bài báo trên Cổng thông tin điện tử tỉnh",
        "attendance-TOTAL_FORMS": "0",
        "attendance-INITIAL_FORMS": "0",
    }
    values.update(changes)
    return values


def test_a_meeting_recorded_as_held_without_a_day(client, world):
    client.force_login(world.trang)

    assert client.post(reverse("meetings:create"), data(world)).status_code == 302

    meeting = Meeting.objects.get()
    assert (meeting.held_on, meeting.held_day_unknown, meeting.status) == (
        None,
        True,
        MeetingStatus.HELD,
    )
    content = client.get(meeting.get_absolute_url()).content.decode()
    assert "Đã tổ chức (không rõ ngày)" in content
    assert "chưa tổ chức" not in content


def test_without_a_day_and_not_said_held_it_is_planned(client, world):
    client.force_login(world.trang)
    client.post(reverse("meetings:create"), data(world, held_day_unknown=""))

    meeting = Meeting.objects.get()
    assert meeting.status == MeetingStatus.PLANNED
    assert "chưa tổ chức" in client.get(meeting.get_absolute_url()).content.decode()


def test_a_known_day_replaces_the_unknown_one(client, world):
    client.force_login(world.trang)
    client.post(reverse("meetings:create"), data(world))
    meeting = Meeting.objects.get()

    client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        data(world, held_on="2020-01-15", version=meeting.updated_at.isoformat()),
    )

    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.held_day_unknown) == (dt.date(2020, 1, 15), False)


def test_a_concluded_meeting_without_a_day_reads_held_on_its_page_print_and_list(world):
    meeting = make_meeting(world.lam_giang, "2019-Q4", held_on=None, status="concluded")
    client = reader(world.trang)

    for url in (meeting.get_absolute_url(), reverse("meetings:print", args=[meeting.pk])):
        content = client.get(url).content.decode()
        assert "Đã tổ chức (không rõ ngày)" in content
        assert "chưa tổ chức" not in content
    assert "không rõ ngày" in client.get(reverse("meetings:list")).content.decode()


def test_the_period_still_orders_it(world):
    later = make_meeting(world.lam_giang, "2020-Q1", held_on=dt.date(2020, 4, 10))
    unknown = make_meeting(world.lam_giang, "2019-Q4", held_on=None, held_day_unknown=True)
    earlier = make_meeting(world.lam_giang, "2019-Q3", held_on=dt.date(2019, 10, 9))

    assert unknown.status == MeetingStatus.HELD
    assert list(Meeting.objects.latest_first()) == [later, unknown, earlier]


def test_issuing_its_conclusion_does_not_warn_that_it_is_not_held(world):
    from meetings.confirm import issue_warnings

    unknown = make_meeting(world.lam_giang, "2019-Q4", held_on=None, held_day_unknown=True)
    planned = make_meeting(world.lam_giang, "2020-Q1", held_on=None)

    not_held = "Hội nghị chưa có ngày họp: đang được ghi là chưa tổ chức."
    assert not_held not in issue_warnings(unknown)
    assert not_held in issue_warnings(planned)
