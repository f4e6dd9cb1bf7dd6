"""A conclusion recorded from the minutes, with no notice issued (issue 17): it is put in
force without a notice number, its absence is shown, and its directives are followed up
as an issued notice's: on the board and in the next period's conclusion."""

import datetime as dt

import pytest
from django.urls import reverse

from meetings.models import Conclusion
from tests.factories import make_meeting
from tests.meetings.test_conclusion import conclusion_data, conclusion_url
from tracking.models import DirectiveAssignment

pytestmark = pytest.mark.usefixtures("no_page_cache")


def issue(client, meeting):
    return client.post(
        reverse("conclusions:issue", args=[meeting.pk]), {"confirmed": "1"}, follow=True
    )


def recorded(client, world, meeting, dan_van):
    client.force_login(world.trang)
    response = client.post(
        conclusion_url(meeting),
        conclusion_data(world, dan_van, notice_number="", issued_on="", without_notice="on"),
    )
    assert response.status_code == 302
    client.force_login(world.bao)
    return issue(client, meeting)


def test_without_a_number_the_issue_says_how_to_record_it_from_the_minutes(
    client, world, meeting, dan_van
):
    client.force_login(world.trang)
    client.post(
        conclusion_url(meeting), conclusion_data(world, dan_van, notice_number="", issued_on="")
    )

    content = issue(client, meeting).content.decode()

    assert "Trước khi ban hành, cần nhập số thông báo và ngày ban hành" in content
    assert "Ghi nhận từ biên bản, không ban hành thông báo" in content
    assert Conclusion.objects.get().status == "draft"


def test_a_conclusion_recorded_from_the_minutes_is_put_in_force(client, world, meeting, dan_van):
    response = recorded(client, world, meeting, dan_van)

    conclusion = Conclusion.objects.get()
    meeting.refresh_from_db()
    assert (conclusion.status, conclusion.notice_number, conclusion.without_notice) == (
        "issued",
        "",
        True,
    )
    assert meeting.status == "concluded"
    assert "Không có thông báo kết luận" in response.content.decode()  # the meeting page


def test_the_confirmation_says_it_is_put_in_force_without_a_notice(client, world, meeting, dan_van):
    client.force_login(world.trang)
    client.post(
        conclusion_url(meeting),
        conclusion_data(world, dan_van, notice_number="", issued_on="", without_notice="on"),
    )

    page = client.post(reverse("conclusions:issue", args=[meeting.pk])).content.decode()

    assert "ghi nhận từ biên bản, không ban hành thông báo, có hiệu lực" in page


def test_a_number_and_no_notice_together_are_refused(client, world, meeting, dan_van):
    client.force_login(world.trang)

    response = client.post(
        conclusion_url(meeting), conclusion_data(world, dan_van, without_notice="on")
    )

    assert response.status_code == 200
    assert "không có số thông báo" in response.content.decode()
    assert not Conclusion.objects.exists()


def test_its_directives_are_on_the_board_and_in_the_next_periods_follow_up(
    client, world, meeting, dan_van
):
    recorded(client, world, meeting, dan_van)
    parts = DirectiveAssignment.objects.filter(directive__conclusion__meeting=meeting)
    assert parts.count() == 3  # the Ban Dân vận's, and the Front's and the farmers'

    board = client.get(reverse("tracking:board"), {"committee": world.lam_giang.pk})
    assert "Tổng hợp những kiến nghị, đề xuất" in board.content.decode()

    part = parts.get(organization=dan_van)
    detail = client.get(reverse("tracking:directive", args=[part.directive_id]))
    assert "Không có thông báo kết luận" in detail.content.decode()

    following = make_meeting(world.lam_giang, "2024-Q2", held_on=dt.date(2024, 7, 12))
    client.force_login(world.trang)
    form = client.get(conclusion_url(following)).content.decode()
    assert "Tổng hợp những kiến nghị, đề xuất" in form  # among the earlier directives
