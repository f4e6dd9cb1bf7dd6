"""The chair concluded on behalf of the Standing Committee (issue 17: "đồng chí Hồ Văn Vinh
thay mặt Ban Thường vụ Huyện ủy yêu cầu …"): ticked on the meeting form, said on the
meeting page next to the chair, kept or cleared by an edit."""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.meetings.test_meeting_content import form_data

pytestmark = pytest.mark.usefixtures("no_page_cache")

CHAIR = {"chair_name": "Hồ Văn Vinh", "chair_title": "Phó Bí thư Thường trực Tỉnh ủy"}
SAID = (
    "Đồng chí Hồ Văn Vinh, Phó Bí thư Thường trực Tỉnh ủy, thay mặt Ban Thường vụ Tỉnh ủy Lâm Giang"
)


def test_it_shows_the_chair_concluded_on_behalf_of_the_standing_committee(client, world):
    client.force_login(world.trang)

    form = client.get(reverse("meetings:create")).content.decode()
    assert "Chủ trì thay mặt Ban Thường vụ" in form
    response = client.post(
        reverse("meetings:create"),
        form_data(world, **CHAIR, chair_on_behalf_of_standing_committee="on"),
        follow=True,
    )

    assert Meeting.objects.get().chair_on_behalf_of_standing_committee
    assert SAID in response.content.decode()


def test_an_edit_that_unticks_it_takes_the_words_away(client, world):
    client.force_login(world.trang)
    client.post(
        reverse("meetings:create"),
        form_data(world, **CHAIR, chair_on_behalf_of_standing_committee="on"),
    )
    meeting = Meeting.objects.get()

    response = client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        form_data(world, **CHAIR, version=meeting.updated_at.isoformat()),
        follow=True,
    )

    page = response.content.decode()
    assert "Đồng chí Hồ Văn Vinh, Phó Bí thư Thường trực Tỉnh ủy" in page
    assert "thay mặt Ban Thường vụ" not in page
    assert not Meeting.objects.get().chair_on_behalf_of_standing_committee
