"""Big forms: a conclusion of many directives with their co-assignees and a report of
hundreds of proposals save as sent; beyond what a form holds, the form comes back with
what was typed and says why, never a bare error page.

Posted as a browser posts these forms (application/x-www-form-urlencoded)."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from meetings.forms import MAX_DIRECTIVES, MAX_PROPOSALS
from meetings.models import Conclusion, Directive, Proposal, Report
from tests.factories import make_organization
from tracking.models import DirectiveAssignment


def post_form(client, url, fields: list[tuple[str, object]]):
    return client.post(
        url, urlencode(fields, doseq=True), content_type="application/x-www-form-urlencoded"
    )


def conclusion_fields(directives: list[list[tuple[str, object]]], *, initial: int = 0):
    fields = [
        ("notice_number", "45-TB/TU"),
        ("issued_on", "2024-04-22"),
        ("assessment", "<p>Ghi nhận những nỗ lực, kết quả đạt được.</p>"),
        ("shortcomings", ""),
        ("orientation", "<p>Tiếp tục đổi mới nội dung, phương thức hoạt động.</p>"),
        ("directives-TOTAL_FORMS", len(directives)),
        ("directives-INITIAL_FORMS", initial),
    ]
    for index, rows in enumerate(directives):
        fields += [(f"directives-{index}-{name}", value) for name, value in rows]
    return fields


def directive(text: str, lead, co_assignees, *, saved=None, conclusion=None):
    rows = [("text", text), ("lead", lead.pk), ("due_period", "2024-Q2")]
    rows += [("co_assignees", org.pk) for org in co_assignees]
    if saved is not None:
        rows += [("id", saved.pk), ("conclusion", conclusion.pk)]
    return rows


@pytest.fixture
def eleven_organizations(world):
    others = [
        make_organization(world.lam_giang, f"Tổ chức chính trị - xã hội số {n}", kind="other")
        for n in range(1, 10)
    ]
    return [world.front, world.farmers, *others]


def test_a_conclusion_of_60_directives_takes_25_more_each_with_10_co_assignees(
    client, world, meeting, eleven_organizations
):
    lead, *co = eleven_organizations
    client.force_login(world.trang)
    url = reverse("meetings:conclusion", args=[meeting.pk])
    first = [directive(f"Nhiệm vụ số {n}", lead, co) for n in range(1, 61)]
    assert post_form(client, url, conclusion_fields(first)).status_code == 302
    conclusion = Conclusion.objects.get()
    saved = list(Directive.objects.filter(conclusion=conclusion).order_by("position"))

    rows = [directive(d.text, lead, co, saved=d, conclusion=conclusion) for d in saved] + [
        directive(f"Nhiệm vụ bổ sung số {n}", lead, co) for n in range(1, 26)
    ]
    response = post_form(client, url, conclusion_fields(rows, initial=len(saved)))

    assert response.status_code == 302, response.content[:300]
    assert Directive.objects.filter(conclusion=conclusion).count() == 85
    assert DirectiveAssignment.objects.filter(directive__conclusion=conclusion).count() == 85 * 11
    last = Directive.objects.filter(conclusion=conclusion).order_by("position").last()
    assert last.text == "Nhiệm vụ bổ sung số 25"


def report_fields(proposals: list[list[tuple[str, object]]], *, initial: int = 0):
    fields = [
        ("results", "<p>Triển khai Công văn số 4934-CV/TU; kết nạp 1.250 hội viên mới.</p>"),
        ("shortcomings", ""),
        ("difficulties", ""),
        ("next_tasks", ""),
        ("proposals-TOTAL_FORMS", len(proposals)),
        ("proposals-INITIAL_FORMS", initial),
    ]
    for index, rows in enumerate(proposals):
        fields += [(f"proposals-{index}-{name}", value) for name, value in rows]
    return fields


def proposal(text: str, *, saved=None, report=None):
    rows = [("text", text), ("addressed_to", "Thường trực Tỉnh ủy")]
    if saved is not None:
        rows += [("id", saved.pk), ("report", report.pk)]
    return rows


def test_a_report_of_300_proposals_is_saved_and_saved_again(client, world, meeting):
    client.force_login(world.khoi)
    url = reverse("meetings:report", args=[meeting.pk, world.front.pk])
    first = [proposal(f"Đề nghị bố trí kinh phí cho hoạt động số {n}.") for n in range(1, 301)]
    assert post_form(client, url, report_fields(first)).status_code == 302
    report = Report.objects.get()
    saved = list(report.proposals.order_by("position"))

    rows = [proposal(p.text, saved=p, report=report) for p in saved[:-1]]
    rows.append(proposal("Đề nghị hướng dẫn Chỉ thị số 35-CT/TW.", saved=saved[-1], report=report))
    response = post_form(client, url, report_fields(rows, initial=len(saved)))

    assert response.status_code == 302, response.content[:300]
    texts = list(Proposal.objects.filter(report=report).order_by("position").values_list("text"))
    assert len(texts) == 300
    assert texts[-1] == ("Đề nghị hướng dẫn Chỉ thị số 35-CT/TW.",)


def test_a_report_beyond_its_limit_comes_back_with_what_was_typed(client, world, meeting):
    client.force_login(world.khoi)
    url = reverse("meetings:report", args=[meeting.pk, world.front.pk])
    rows = [proposal(f"Kiến nghị thứ {n} của Mặt trận.") for n in range(1, MAX_PROPOSALS + 2)]

    response = post_form(client, url, report_fields(rows))

    page = response.content.decode()
    assert response.status_code == 200
    assert f"Một báo cáo có tối đa {MAX_PROPOSALS} kiến nghị" in page
    assert f"Kiến nghị thứ {MAX_PROPOSALS + 1} của Mặt trận." in page
    assert "kết nạp 1.250 hội viên mới" in page
    assert not Proposal.objects.exists()


def test_a_conclusion_beyond_its_limit_comes_back_with_what_was_typed(client, world, meeting):
    client.force_login(world.trang)
    url = reverse("meetings:conclusion", args=[meeting.pk])
    rows = [
        directive(f"Nhiệm vụ thứ {n} của kết luận.", world.front, [world.farmers])
        for n in range(1, MAX_DIRECTIVES + 2)
    ]

    response = post_form(client, url, conclusion_fields(rows))

    page = response.content.decode()
    assert response.status_code == 200
    assert f"Một kết luận có tối đa {MAX_DIRECTIVES} nhiệm vụ" in page
    assert f"Nhiệm vụ thứ {MAX_DIRECTIVES + 1} của kết luận." in page
    assert not Directive.objects.exists()


def test_a_post_of_more_fields_than_the_site_reads_says_so_in_vietnamese(
    client, world, meeting, settings
):
    client.force_login(world.khoi)
    url = reverse("meetings:report", args=[meeting.pk, world.front.pk])
    rows = [proposal(f"Kiến nghị thứ {n}.") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)]

    response = post_form(client, url, report_fields(rows))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Biểu mẫu quá lớn" in page
    assert "chưa được lưu" in page
    assert not Report.objects.exists()


def test_a_post_bigger_than_the_site_reads_says_so_in_vietnamese(client, world, meeting, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(world.khoi)
    url = reverse("meetings:report", args=[meeting.pk, world.front.pk])

    response = post_form(client, url, report_fields([proposal("Kiến nghị " * 2000)]))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Biểu mẫu quá lớn" in page
    assert not Report.objects.exists()


def test_a_browser_post_too_big_to_read_says_so_before_any_csrf_check(world, meeting, settings):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # the token is read from the body, as live
    client.force_login(world.khoi)
    url = reverse("meetings:report", args=[meeting.pk, world.front.pk])
    client.get(url)  # the form page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    rows = [proposal(f"Kiến nghị thứ {n}.") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)]

    response = post_form(client, url, [("csrfmiddlewaretoken", token), *report_fields(rows)])

    assert response.status_code == 400
    assert "Biểu mẫu quá lớn" in response.content.decode()
