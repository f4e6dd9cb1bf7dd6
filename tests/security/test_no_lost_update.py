"""Two people edit the same report or conclusion at once: the second save is refused,
shows what changed and keeps what the second person typed."""

import re

from django.test import Client
from django.urls import reverse

from meetings.models import Conclusion, Report
from tests.factories import make_report


def opened_form(client, url):
    page = client.get(url).content.decode()
    version = re.search(r'name="version" value="([^"]*)"', page).group(1)
    return version


def report_data(version, results):
    return {
        "version": version,
        "results": results,
        "shortcomings": "",
        "difficulties": "",
        "next_tasks": "",
        "proposals-TOTAL_FORMS": "0",
        "proposals-INITIAL_FORMS": "0",
    }


def test_the_second_save_of_a_report_is_refused_and_keeps_its_text(world, meeting):
    make_report(meeting, world.front, results="<p>Bản đầu</p>")
    url = reverse("meetings:report", args=[meeting.pk, world.front.pk])
    staff, reporter = Client(), Client()
    staff.force_login(world.trang)
    reporter.force_login(world.khoi)
    staff_version = opened_form(staff, url)
    reporter_version = opened_form(reporter, url)

    first = staff.post(url, report_data(staff_version, "<p>Cán bộ sửa số liệu: 1.250 hội viên</p>"))
    second = reporter.post(
        url, report_data(reporter_version, "<p>Báo cáo viên bổ sung kết quả</p>")
    )

    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "Lê Thị Thu Trang đã lưu nội dung này lúc" in page
    assert "Báo cáo viên bổ sung kết quả" in page  # what the reporter typed is kept
    assert "Cán bộ sửa số liệu: 1.250 hội viên" in page  # and the stored version is shown
    assert Report.objects.get().results == "<p>Cán bộ sửa số liệu: 1.250 hội viên</p>"

    # After merging, saving again from the refreshed form succeeds.
    refreshed = re.search(r'name="version" value="([^"]*)"', page).group(1)
    third = reporter.post(url, report_data(refreshed, "<p>Đã hợp nhất hai bản</p>"))
    assert third.status_code == 302
    assert Report.objects.get().results == "<p>Đã hợp nhất hai bản</p>"


def test_the_second_save_of_a_conclusion_is_refused(world, meeting):
    Conclusion.objects.create(meeting=meeting, assessment="<p>Bản đầu</p>")
    url = reverse("meetings:conclusion", args=[meeting.pk])
    one, two = Client(), Client()
    one.force_login(world.trang)
    two.force_login(world.trang)
    version = opened_form(one, url)
    opened_form(two, url)
    data = {
        "version": version,
        "notice_number": "",
        "issued_on": "",
        "shortcomings": "",
        "orientation": "",
        "directives-TOTAL_FORMS": "0",
        "directives-INITIAL_FORMS": "0",
    }

    assert one.post(url, {**data, "assessment": "<p>Sửa lần một</p>"}).status_code == 302
    second = two.post(url, {**data, "assessment": "<p>Sửa lần hai</p>"})

    assert second.status_code == 200
    assert "Sửa lần hai" in second.content.decode()
    assert Conclusion.objects.get().assessment == "<p>Sửa lần một</p>"
