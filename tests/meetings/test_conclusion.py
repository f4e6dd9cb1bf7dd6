"""The conclusion, its directives and its issue."""

import datetime as dt

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Conclusion, Directive
from tests.factories import make_organization, make_report
from tracking.models import DirectiveAssignment


def conclusion_url(meeting):
    return reverse("conclusions:edit", args=[meeting.pk])


def conclusion_data(world, dan_van, **changes):
    data = {
        "notice_number": "45-TB/TU",
        "issued_on": "2024-04-22",
        "assessment": "<p>Ghi nhận những nỗ lực, kết quả mà Mặt trận và các đoàn thể đạt được.</p>",
        "shortcomings": "<p>Một số tồn tại, hạn chế cần khắc phục.</p>",
        "orientation": "<p>Tiếp tục đổi mới nội dung, phương thức hoạt động.</p>",
        "directives-TOTAL_FORMS": "2",
        "directives-INITIAL_FORMS": "0",
        "directives-0-text": "Tổng hợp những kiến nghị, đề xuất của Mặt trận và các đoàn thể CT-XH "
        "để báo cáo Thường trực Tỉnh ủy.",
        "directives-0-lead": dan_van.pk,
        "directives-0-due_period": "2024-Q2",
        "directives-1-text": "Chuẩn bị tốt các điều kiện tổ chức Đại hội đại biểu MTTQ Việt Nam "
        "tỉnh lần thứ XI, nhiệm kỳ 2024-2029.",
        "directives-1-to_all_organizations": "on",
        "directives-1-due_date": "2024-09-30",
    }
    data.update(changes)
    return data


def test_staff_enter_a_conclusion_with_two_directives(client, world, meeting, dan_van):
    client.force_login(world.trang)

    response = client.post(conclusion_url(meeting), conclusion_data(world, dan_van))

    assert response.status_code == 302
    conclusion = Conclusion.objects.get()
    first, second = Directive.objects.order_by("position")
    assert (first.position, first.due_period.label, first.deadline) == (
        1,
        "Quý II/2024",
        dt.date(2024, 6, 30),
    )
    assert [(a.organization.name, a.is_lead) for a in first.assignments.all()] == [
        ("Ban Dân vận Tỉnh ủy", True)
    ]
    assert second.to_all_organizations
    assert sorted(second.assignments.values_list("organization__name", flat=True)) == [
        "Hội Nông dân tỉnh Lâm Giang",
        "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang",
    ]
    assert conclusion.notice_number == "45-TB/TU"
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Tổng hợp những kiến nghị" in page
    assert "Tất cả các tổ chức" in page


def test_directive_without_assignee_or_due_before_meeting_is_refused(
    client, world, meeting, dan_van
):
    client.force_login(world.trang)
    data = conclusion_data(
        world,
        dan_van,
        **{"directives-0-lead": "", "directives-1-due_date": "2024-04-01"},
    )
    data.pop("directives-1-to_all_organizations")

    response = client.post(conclusion_url(meeting), data)

    content = response.content.decode()
    assert "Chọn đơn vị chủ trì, hoặc giao cho tất cả các tổ chức" in content
    assert "Thời hạn không được trước ngày họp" in content
    assert "Tổng hợp những kiến nghị" in content  # what was typed is kept
    assert not Conclusion.objects.exists()


def test_malformed_notice_number_is_refused(client, world, meeting, dan_van):
    client.force_login(world.trang)
    for number, message in [
        ("45/TB-TU", "Ghi số thông báo như trên văn bản"),
        ("45-TB/HU", "có ký hiệu “/TU”"),
    ]:
        response = client.post(
            conclusion_url(meeting), conclusion_data(world, dan_van, notice_number=number)
        )
        assert message in response.content.decode()
    assert not Conclusion.objects.exists()

    client.post(
        conclusion_url(meeting), conclusion_data(world, dan_van, notice_number="Số 45-tb/tu")
    )
    assert Conclusion.objects.get().notice_number == "45-TB/TU"


def test_removing_a_directive_row(client, world, meeting, dan_van):
    client.force_login(world.trang)
    client.post(conclusion_url(meeting), conclusion_data(world, dan_van))
    first, second = Directive.objects.order_by("position")
    data = conclusion_data(world, dan_van)
    data.update(
        {
            "directives-INITIAL_FORMS": "2",
            "directives-0-id": first.pk,
            "directives-0-conclusion": first.conclusion_id,
            "directives-0-DELETE": "on",
            "directives-1-id": second.pk,
            "directives-1-conclusion": second.conclusion_id,
        }
    )

    client.post(conclusion_url(meeting), data)

    assert list(Directive.objects.values_list("position", "to_all_organizations")) == [(1, True)]
    removed = Directive.all_objects.archived().get()  # archived, not deleted
    assert (removed.pk, removed.archived_by) == (first.pk, world.trang)
    assert DirectiveAssignment.objects.filter(directive=second).count() == 2


def test_issue_needs_number_and_date_and_concludes_the_meeting(client, world, meeting, dan_van):
    client.force_login(world.trang)
    client.post(
        conclusion_url(meeting), conclusion_data(world, dan_van, notice_number="", issued_on="")
    )

    refused = client.post(
        reverse("conclusions:issue", args=[meeting.pk]), {"confirmed": "1"}, follow=True
    )
    assert "Trước khi ban hành, cần nhập số thông báo và ngày ban hành" in refused.content.decode()

    client.post(conclusion_url(meeting), conclusion_data(world, dan_van))
    client.force_login(world.bao)  # the leader approves and issues it
    client.post(reverse("conclusions:issue", args=[meeting.pk]), {"confirmed": "1"})

    conclusion = Conclusion.objects.get()
    meeting.refresh_from_db()
    assert (conclusion.status, conclusion.issued_by) == ("issued", world.bao)
    assert meeting.status == "concluded"


def test_reporters_see_the_conclusion_only_once_issued(client, world, meeting, dan_van):
    client.force_login(world.trang)
    client.post(conclusion_url(meeting), conclusion_data(world, dan_van))
    client.force_login(world.khoi)

    assert "Tổng hợp những kiến nghị" not in client.get(meeting.get_absolute_url()).content.decode()
    assert client.get(conclusion_url(meeting)).status_code == 404
    assert (
        client.post(reverse("conclusions:issue", args=[meeting.pk]), {"confirmed": "1"}).status_code
        == 404
    )

    Conclusion.objects.update(status="issued")
    assert "Tổng hợp những kiến nghị" in client.get(meeting.get_absolute_url()).content.decode()


@pytest.mark.usefixtures("no_page_cache")
def test_meeting_page_queries_do_not_grow_with_reports_and_directives(
    client, world, meeting, dan_van, django_assert_num_queries
):
    client.force_login(world.trang)
    client.post(conclusion_url(meeting), conclusion_data(world, dan_van))
    make_report(meeting, world.front, status="submitted", results="<p>Một</p>")
    client.get(meeting.get_absolute_url())
    with CaptureQueriesContext(connections["default"]) as small:
        client.get(meeting.get_absolute_url())
        client.get(reverse("meetings:print", args=[meeting.pk]))
    count = len(small.captured_queries)  # read now: each request clears the query log
    assert 0 < count <= 46

    for index in range(4):
        org = make_organization(world.lam_giang, f"Hội thử nghiệm {index}", kind="other")
        make_report(meeting, org, status="submitted", results=f"<p>Báo cáo {index}</p>")
    more = conclusion_data(world, dan_van)
    more["directives-TOTAL_FORMS"] = "6"
    more["directives-INITIAL_FORMS"] = "0"
    for index in range(2, 6):
        more[f"directives-{index}-text"] = f"Nhiệm vụ số {index}"
        more[f"directives-{index}-lead"] = world.front.pk
    Directive.objects.all().delete()
    client.post(conclusion_url(meeting), more)
    assert Directive.objects.count() == 6

    with django_assert_num_queries(count):
        client.get(meeting.get_absolute_url())
        client.get(reverse("meetings:print", args=[meeting.pk]))


def test_entry_forms_queries_do_not_grow_with_rows(
    client, world, meeting, dan_van, django_assert_num_queries, no_page_cache
):
    client.force_login(world.trang)
    client.post(conclusion_url(meeting), conclusion_data(world, dan_van))
    report = make_report(meeting, world.front, results="<p>Một</p>")
    report.proposals.create(text="Kiến nghị một", position=1)
    report_url = reverse("reports:edit", args=[meeting.pk, world.front.pk])
    client.get(conclusion_url(meeting))
    with CaptureQueriesContext(connections["default"]) as small:
        client.get(conclusion_url(meeting))
    conclusion_count = len(small.captured_queries)
    with CaptureQueriesContext(connections["default"]) as small:
        client.get(report_url)
    report_count = len(small.captured_queries)

    conclusion = Conclusion.objects.get()
    for index in range(5):
        directive = Directive.objects.create(
            conclusion=conclusion, text=f"Thêm {index}", position=3 + index
        )
        directive.assignments.create(organization=world.farmers, is_lead=True)
        report.proposals.create(text=f"Kiến nghị {index}", position=2 + index)

    with django_assert_num_queries(conclusion_count):
        client.get(conclusion_url(meeting))
    with django_assert_num_queries(report_count):
        client.get(report_url)
