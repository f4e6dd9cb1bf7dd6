"""Organizations' reports: entry, proposals, submission, acceptance, locking, privacy."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.models import Citation, Proposal, Report
from tests.factories import make_report


def report_url(meeting, organization):
    return reverse("reports:edit", args=[meeting.pk, organization.pk])


def report_data(**changes):
    data = {
        "results": "<p>Triển khai Công văn số 4934-CV/TU; kết nạp <b>1.250</b> hội viên mới.</p>",
        "shortcomings": "",
        "difficulties": "<ul><li>Kinh phí hoạt động còn hạn chế.</li></ul>",
        "next_tasks": "<p>Chuẩn bị Đại hội đại biểu MTTQ tỉnh lần thứ XI.</p>",
        "proposals-TOTAL_FORMS": "2",
        "proposals-INITIAL_FORMS": "0",
        "proposals-0-text": "Đề nghị bố trí kinh phí tổ chức Đại hội.",
        "proposals-0-addressed_to": "Thường trực Tỉnh ủy",
        "proposals-1-text": "Đề nghị hướng dẫn thực hiện Chỉ thị số 35-CT/TW.",
        "proposals-1-addressed_to": "Ban Dân vận Tỉnh ủy",
    }
    data.update(changes)
    return data


def test_reporter_enters_and_submits_their_report(client, world, meeting):
    client.force_login(world.khoi)

    response = client.post(report_url(meeting, world.front), {**report_data(), "submit": "1"})

    report = Report.objects.get()
    assert response.status_code == 302
    assert report.status == "submitted"
    assert report.submitted_by == world.khoi
    assert list(report.proposals.values_list("position", "text", "addressed_to")) == [
        (1, "Đề nghị bố trí kinh phí tổ chức Đại hội.", "Thường trực Tỉnh ủy"),
        (2, "Đề nghị hướng dẫn thực hiện Chỉ thị số 35-CT/TW.", "Ban Dân vận Tỉnh ủy"),
    ]
    assert list(Citation.objects.values_list("code", flat=True)) == ["4934-CV/TU"]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Công văn số 4934-CV/TU" in page
    assert "kết nạp <strong>1.250</strong> hội viên mới" in page


def test_submitting_an_empty_report_is_refused(client, world, meeting):
    client.force_login(world.khoi)
    empty = report_data(results="", difficulties="<p> </p>", next_tasks="")
    empty["proposals-TOTAL_FORMS"] = "0"

    empty["proposals-TOTAL_FORMS"] = "1"
    empty["proposals-0-text"] = "Đề nghị bố trí kinh phí tổ chức Đại hội."

    response = client.post(report_url(meeting, world.front), {**empty, "submit": "1"})

    # One action, all or nothing: nothing is saved, and the form comes back as typed.
    page = response.content.decode()
    assert response.status_code == 200
    assert "Báo cáo chưa có nội dung" in page
    assert "Đề nghị bố trí kinh phí tổ chức Đại hội." in page
    assert not Report.objects.exists()


def test_pasted_scripts_are_removed_with_a_warning_and_the_text_kept(client, world, meeting):
    client.force_login(world.khoi)
    data = report_data(results='<p style="color:red">Kết quả tốt</p><script>alert("x")</script>')

    response = client.post(report_url(meeting, world.front), data, follow=True)

    assert Report.objects.get().results == "<p>Kết quả tốt</p>"
    assert "Đã loại bỏ mã lệnh" in response.content.decode()
    assert "alert(" not in response.content.decode()


def test_reporter_cannot_open_another_organizations_report(client, world, meeting):
    make_report(meeting, world.farmers, results="<p>Bản nháp của Hội Nông dân</p>")
    client.force_login(world.khoi)

    assert client.get(report_url(meeting, world.farmers)).status_code == 404
    assert client.post(report_url(meeting, world.farmers), report_data()).status_code == 404
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Bản nháp của Hội Nông dân" not in page
    assert Report.objects.get().results == "<p>Bản nháp của Hội Nông dân</p>"


def test_others_see_a_report_once_submitted(client, world, meeting):
    make_report(meeting, world.farmers, status="submitted", results="<p>Đã gửi</p>")
    client.force_login(world.khoi)

    assert "Đã gửi" in client.get(meeting.get_absolute_url()).content.decode()


def test_accepted_report_is_locked_for_the_reporter_but_not_for_staff(client, world, meeting):
    report = make_report(meeting, world.front, status="submitted", results="<p>Bản gửi</p>")
    client.force_login(world.trang)
    client.post(
        reverse("meetings:report_accept", args=[meeting.pk, world.front.pk]), {"confirmed": "1"}
    )
    report.refresh_from_db()
    assert report.status == "accepted"
    assert report.accepted_by == world.trang

    client.force_login(world.khoi)
    assert client.get(report_url(meeting, world.front)).status_code == 404
    refused = client.post(report_url(meeting, world.front), report_data())  # opened before
    assert "không thể sửa đổi được nữa" in refused.content.decode()
    assert "Triển khai Công văn số 4934-CV/TU" in refused.content.decode()  # kept
    report.refresh_from_db()
    assert (report.status, report.results) == ("accepted", "<p>Bản gửi</p>")

    client.force_login(world.trang)
    assert client.get(report_url(meeting, world.front)).status_code == 200


def test_leader_reads_but_cannot_enter_or_accept(client, world, meeting):
    make_report(meeting, world.front, status="submitted", results="<p>Bản gửi</p>")
    client.force_login(world.bao)

    assert client.get(report_url(meeting, world.front)).status_code == 404
    assert (
        client.post(
            reverse("meetings:report_accept", args=[meeting.pk, world.front.pk])
        ).status_code
        == 404
    )
    assert "Bản gửi" in client.get(meeting.get_absolute_url()).content.decode()


def test_staff_answer_proposals(client, world, meeting):
    report = make_report(meeting, world.front, results="<p>x</p>")
    proposal = Proposal.objects.create(report=report, text="Đề nghị bố trí kinh phí", position=1)
    client.force_login(world.trang)
    data = report_data(
        **{
            "proposals-TOTAL_FORMS": "1",
            "proposals-INITIAL_FORMS": "1",
            "proposals-0-id": proposal.pk,
            "proposals-0-report": report.pk,
            "proposals-0-text": "Đề nghị bố trí kinh phí",
            "proposals-0-addressed_to": "Thường trực Tỉnh ủy",
            "proposals-0-disposition": "answered",
            "proposals-0-response": "",
            "proposals-0-referred_to": "",
        }
    )
    data.pop("proposals-1-text")
    data.pop("proposals-1-addressed_to")

    refused = client.post(report_url(meeting, world.front), data)
    assert "Ghi nội dung trả lời" in refused.content.decode()

    data["proposals-0-response"] = "Thường trực Tỉnh ủy đồng ý bố trí kinh phí."
    client.post(report_url(meeting, world.front), data)
    proposal.refresh_from_db()
    assert (proposal.disposition, proposal.responded_by) == ("answered", world.trang)


def test_a_second_report_for_the_same_organization_is_refused(world, meeting):
    make_report(meeting, world.front)
    with pytest.raises(ValidationError) as error:
        Report(meeting=meeting, organization=world.front).full_clean()
    assert "Tổ chức này đã có báo cáo cho hội nghị này" in " ".join(error.value.messages)
