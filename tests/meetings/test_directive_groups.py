"""Directives to a named group (issue 17, point 6): "Các cơ quan, đơn vị thực hiện; Ban Dân
vận Tỉnh ủy tổng hợp, báo cáo". The group's wording is kept as the conclusion says it, the
compiling body is the lead, the group's members that are organizations of the app are the
co-assignees, each followed up on its own."""

import pytest
from django.urls import reverse

from meetings.models import Conclusion, Directive
from tests.meetings.test_conclusion import conclusion_url
from tracking.models import DirectiveAssignment

pytestmark = pytest.mark.usefixtures("no_page_cache")

GROUP_TEXT = (
    "Các cơ quan, đơn vị triển khai thực hiện Kết luận số 121-KL/TW; Ban Dân vận Tỉnh ủy "
    "tổng hợp, báo cáo Thường trực Tỉnh ủy."
)


def group_data(world, dan_van, **changes):
    data = {
        "notice_number": "45-TB/TU",
        "issued_on": "2024-04-22",
        "orientation": "<p>Tiếp tục đổi mới nội dung, phương thức hoạt động.</p>",
        "directives-TOTAL_FORMS": "1",
        "directives-INITIAL_FORMS": "0",
        "directives-0-text": GROUP_TEXT,
        "directives-0-group_name": "các cơ quan, đơn vị",
        "directives-0-lead": dan_van.pk,
        "directives-0-co_assignees": [world.front.pk, world.farmers.pk],
        "directives-0-due_period": "2024-Q2",
    }
    data.update(changes)
    return data


def test_it_saves_a_directive_to_a_named_group_with_its_compiling_body(
    client, world, meeting, dan_van
):
    client.force_login(world.trang)

    response = client.post(conclusion_url(meeting), group_data(world, dan_van))

    assert response.status_code == 302, response.content.decode()[:2000]
    directive = Directive.objects.get()
    assert directive.group_name == "các cơ quan, đơn vị"
    assert not directive.to_all_organizations
    parts = DirectiveAssignment.objects.filter(directive=directive)
    assert sorted((p.organization.name, p.is_lead) for p in parts) == [
        ("Ban Dân vận Tỉnh ủy", True),
        ("Hội Nông dân tỉnh Lâm Giang", False),
        ("Ủy ban MTTQ Việt Nam tỉnh Lâm Giang", False),
    ]


def test_it_saves_a_group_with_no_compiling_body_when_its_members_are_named(
    client, world, meeting, dan_van
):
    client.force_login(world.trang)
    data = group_data(world, dan_van, **{"directives-0-lead": ""})

    response = client.post(conclusion_url(meeting), data)

    assert response.status_code == 302
    directive = Directive.objects.get()
    assert sorted(directive.assignments.values_list("is_lead", flat=True)) == [False, False]


def test_it_refuses_a_group_with_no_organization_of_the_app_to_follow_it(
    client, world, meeting, dan_van
):
    client.force_login(world.trang)
    data = group_data(world, dan_van, **{"directives-0-lead": ""})
    data.pop("directives-0-co_assignees")

    response = client.post(conclusion_url(meeting), data)

    content = response.content.decode()
    assert "Chọn cơ quan tổng hợp hoặc các thành viên của nhóm" in content
    assert "các cơ quan, đơn vị" in content  # what was typed is kept
    assert not Conclusion.objects.exists()


def test_it_refuses_a_group_and_all_organizations_at_once(client, world, meeting, dan_van):
    client.force_login(world.trang)
    data = group_data(world, dan_van, **{"directives-0-to_all_organizations": "on"})

    response = client.post(conclusion_url(meeting), data)

    assert "Giao cho tất cả các tổ chức hoặc cho một nhóm, không chọn cả hai" in (
        response.content.decode()
    )
    assert not Conclusion.objects.exists()


def test_the_meeting_page_shows_the_group_and_the_body_that_compiles(
    client, world, meeting, dan_van
):
    client.force_login(world.trang)
    client.post(conclusion_url(meeting), group_data(world, dan_van))

    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()

    row = page[page.index("Các cơ quan, đơn vị triển khai") :]
    row = row[: row.index("</tr>")]
    assert "<em>các cơ quan, đơn vị</em>" in row
    assert "<strong>Ban Dân vận Tỉnh ủy</strong> (tổng hợp)" in row
    assert "Hội Nông dân tỉnh Lâm Giang" in row
    assert "(chủ trì)" not in row


def test_the_board_marks_the_body_that_compiles(client, world, meeting, dan_van):
    client.force_login(world.trang)
    client.post(conclusion_url(meeting), group_data(world, dan_van))
    client.force_login(world.bao)  # the leader issues it
    client.post(reverse("conclusions:issue", args=[meeting.pk]), {"confirmed": "1"})
    assert Conclusion.objects.get().status == "issued"

    page = client.get(reverse("tracking:board")).content.decode()

    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    cells = [
        cell.split("</td>")[0] for cell in rows.split('<td data-label="Đơn vị thực hiện">')[1:]
    ]
    assert sorted(cells) == [
        'Ban Dân vận Tỉnh ủy <span class="text-body-secondary small">(tổng hợp)</span>',
        "Hội Nông dân tỉnh Lâm Giang",
        "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang",
    ]


def test_a_group_directive_carried_over_keeps_its_group(world, meeting, dan_van):
    from meetings.models import Conclusion as C
    from tests.factories import make_meeting
    from tracking.services import carry_over

    conclusion = C.objects.create(meeting=meeting, status="issued", notice_number="45-TB/TU")
    directive = Directive.objects.create(
        conclusion=conclusion, position=1, text=GROUP_TEXT, group_name="các cơ quan, đơn vị"
    )
    DirectiveAssignment.objects.create(directive=directive, organization=dan_van, is_lead=True)
    later = C.objects.create(meeting=make_meeting(world.lam_giang, "2024-Q2"))

    (copy,) = carry_over(directives=[directive], into=later, by=world.trang)

    assert copy.group_name == "các cơ quan, đơn vị"
