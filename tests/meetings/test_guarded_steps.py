"""Issue 18: accepting, returning and issuing ask for confirmation first; returning needs
a reason, which the reporter reads with the status "Bị trả lại"; issuing warns of what is
missing; guests of a meeting not yet held are invited, not absent."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Attendance, Conclusion, Report
from tests.factories import make_meeting, make_report

pytestmark = pytest.mark.usefixtures("no_page_cache")

REASON = "Đề nghị bổ sung số liệu kết nạp hội viên quý I."


def action_url(action, meeting, organization):
    return reverse(f"meetings:report_{action}", args=[meeting.pk, organization.pk])


@pytest.fixture
def submitted(world, meeting):
    return make_report(meeting, world.front, status="submitted", results="<p>Kết quả.</p>")


def test_accepting_asks_first_and_changes_nothing_until_confirmed(
    client, world, meeting, submitted
):
    client.force_login(world.trang)

    asked = client.post(action_url("accept", meeting, world.front))

    page = asked.content.decode()
    assert asked.status_code == 200
    assert "Tiếp nhận báo cáo của Ủy ban MTTQ Việt Nam tỉnh Lâm Giang" in page
    assert "tổ chức không sửa được nữa" in page
    assert 'name="confirmed" value="1"' in page
    assert Report.objects.get().status == "submitted"

    done = client.post(action_url("accept", meeting, world.front), {"confirmed": "1"}, follow=True)

    assert Report.objects.get().status == "accepted"
    assert "Đã tiếp nhận báo cáo của Ủy ban MTTQ" in done.content.decode()
    assert done.redirect_chain[-1][0] == meeting.get_absolute_url()  # no anchor


def test_returning_asks_for_a_reason_and_changes_nothing_until_confirmed(
    client, world, meeting, submitted
):
    client.force_login(world.trang)

    asked = client.post(action_url("return", meeting, world.front))

    page = asked.content.decode()
    assert "Trả lại báo cáo của Ủy ban MTTQ Việt Nam tỉnh Lâm Giang để sửa" in page
    assert '<textarea name="reason" id="id_reason"' in page
    assert Report.objects.get().status == "submitted"


def test_returning_without_a_reason_is_refused_in_vietnamese_and_nothing_is_lost(
    client, world, meeting, submitted
):
    client.force_login(world.trang)

    refused = client.post(
        action_url("return", meeting, world.front), {"confirmed": "1", "reason": "   "}
    )

    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Đề nghị ghi lý do trả lại báo cáo" in page
    assert 'role="alert" tabindex="-1" id="error-summary"' in page
    assert '<a href="#id_reason">' in page
    report = Report.objects.get()
    assert (report.status, report.results) == ("submitted", "<p>Kết quả.</p>")
    with pytest.raises(Exception, match="lý do"):
        services.return_report(report=report, by=world.trang, reason="")
    assert Report.objects.get().status == "submitted"


def test_the_reporter_sees_returned_and_the_reason(client, world, meeting, submitted):
    client.force_login(world.trang)
    client.post(action_url("return", meeting, world.front), {"confirmed": "1", "reason": REASON})
    report = Report.objects.get()
    assert (report.status, report.return_reason) == ("draft", REASON)
    assert report.history.first().return_reason == REASON  # kept in the history

    client.force_login(world.khoi)
    form = client.get(reverse("reports:edit", args=[meeting.pk, world.front.pk])).content
    home = client.get(reverse("home")).content
    meeting_page = client.get(meeting.get_absolute_url()).content

    for page in (form.decode(), home.decode(), meeting_page.decode()):
        assert "Bị trả lại" in page
    for page in (form.decode(), home.decode()):
        assert REASON in page
    assert "Báo cáo bị trả lại để sửa. Lý do:" in form.decode()

    services.submit_report(report=report, by=world.khoi)  # submitted again
    report.refresh_from_db()
    assert (report.status, report.return_reason) == ("submitted", "")
    assert "Bị trả lại" not in client.get(reverse("home")).content.decode()


def conclusion_ready(meeting):
    return Conclusion.objects.create(
        meeting=meeting,
        status="draft",
        notice_number="45-TB/TU",
        issued_on=dt.date(2024, 4, 25),
        orientation="<p>Tiếp tục thực hiện tốt công tác dân vận.</p>",
    )


def test_issuing_asks_first_with_warnings_and_issues_only_when_confirmed(client, world):
    future = make_meeting(
        world.lam_giang, "2024-Q2", held_on=timezone.localdate() + dt.timedelta(150)
    )
    make_report(future, world.front, status="submitted", results="<p>Có.</p>")
    conclusion_ready(future)
    client.force_login(world.trang)

    asked = client.post(reverse("conclusions:issue", args=[future.pk]))

    page = asked.content.decode()
    assert asked.status_code == 200
    assert "Ban hành Thông báo kết luận số 45-TB/TU" in page
    assert "là ngày chưa tới" in page
    assert "1/2 báo cáo chưa được gửi: Hội Nông dân tỉnh Lâm Giang." in page
    assert "Chưa đánh dấu tổ chức nào có mặt tại hội nghị." in page
    assert Conclusion.objects.get().status == "draft"

    done = client.post(reverse("conclusions:issue", args=[future.pk]), {"confirmed": "1"})

    assert done.url == future.get_absolute_url()
    assert Conclusion.objects.get().status == "issued"  # warnings do not block


def test_no_warning_when_all_is_in_order(client, world, meeting):
    for organization in (world.front, world.farmers):
        make_report(meeting, organization, status="submitted", results="<p>Có.</p>")
        Attendance.objects.create(meeting=meeting, organization=organization, present=True)
    conclusion_ready(meeting)
    client.force_login(world.trang)

    page = client.post(reverse("conclusions:issue", args=[meeting.pk])).content.decode()

    assert "Ban hành Thông báo kết luận số 45-TB/TU" in page
    assert "Đề nghị kiểm tra trước khi tiếp tục" not in page


def test_guests_of_a_meeting_not_yet_held_are_invited(client, world):
    planned = make_meeting(
        world.lam_giang, "2024-Q2", held_on=timezone.localdate() + dt.timedelta(30)
    )
    Attendance.objects.create(meeting=planned, organization=world.front, present=False)
    Attendance.objects.create(meeting=planned, organization=world.farmers, present=True)
    client.force_login(world.trang)

    page = client.get(planned.get_absolute_url()).content.decode()

    assert "(được mời, vắng mặt)" not in page
    assert page.count("(được mời)") == 2


def test_guests_of_a_held_meeting_absent_are_said_absent(client, world, meeting):
    Attendance.objects.create(meeting=meeting, organization=world.front, present=False)
    Attendance.objects.create(meeting=meeting, organization=world.farmers, present=True)
    client.force_login(world.trang)

    page = client.get(meeting.get_absolute_url()).content.decode()

    assert page.count("(được mời, vắng mặt)") == 1


@pytest.mark.parametrize("step", ["accept", "return", "issue"])
def test_a_step_opened_by_itself_leads_to_the_meeting_page(client, world, step):
    """A sign-in after a session ended mid-step sends the person back to the step's
    address with a GET: the meeting page answers, not the browser's bare 405 page."""
    from tests.factories import make_meeting

    meeting = make_meeting(world.lam_giang, "2024-Q1")
    client.force_login(world.trang)
    address = (
        reverse("conclusions:issue", args=[meeting.pk])
        if step == "issue"
        else reverse(f"meetings:report_{step}", args=[meeting.pk, world.front.pk])
    )

    response = client.get(address, follow=True)

    assert response.redirect_chain == [(reverse("meetings:detail", args=[meeting.pk]), 302)]
    assert response.status_code == 200
    assert client.put(address).status_code == 405
