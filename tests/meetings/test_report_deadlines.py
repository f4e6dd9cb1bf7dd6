"""Report deadlines (issue 17, point 10): a due date per meeting, by default a few days
before it; shown to reporters on their home and their report's form; on the meeting page
and the dashboard, who has not sent (overdue), who sent late, who sent on time; reminders
before and after the due date, from the daily run and from staff's one click, at most
once a day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.deadlines import Timeliness, days_left, owed_meetings, owed_reports, timeliness
from meetings.models import Meeting, Report
from meetings.periods import Period
from notifications.models import Notification, NotificationKind
from tests.conftest import reader
from tests.factories import make_meeting, make_report
from tests.meetings.test_meeting_pages import meeting_data
from tracking.reminders import send_reminders

D = dt.date
DAY = dt.timedelta(days=1)


def today() -> dt.date:
    return timezone.localdate()


def upcoming(world, *, due_in: int, **fields) -> Meeting:
    """This quarter's meeting of Lâm Giang, held five days after its reports are due,
    ``due_in`` days from today."""
    due = today() + due_in * DAY
    return make_meeting(
        world.lam_giang,
        Period.quarter_of(today()).code,
        held_on=due + 5 * DAY,
        reports_due_on=due,
        **fields,
    )


def sent(meeting, organization, day: dt.date) -> Report:
    report = make_report(meeting, organization, status="submitted", results="<p>Kết quả.</p>")
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(16, 30)))
    Report.objects.filter(pk=report.pk).update(submitted_at=moment)
    report.refresh_from_db()
    return report


def with_emails(world):
    for user, email in ((world.khoi, "khoi@x.vn"), (world.ha, "ha@x.vn")):
        user.email = email
        user.save(update_fields=["email"])


# --- the rules ---------------------------------------------------------------------------


def test_a_report_sent_on_its_due_date_is_on_time_the_next_day_late(world):
    meeting = make_meeting(world.lam_giang, "2024-Q1", held_on=D(2024, 4, 19))
    due = D(2024, 4, 14)

    assert timeliness(sent(meeting, world.front, due), due, D(2024, 4, 20)) == Timeliness.ON_TIME
    assert timeliness(sent(meeting, world.farmers, due + DAY), due, due) == Timeliness.SENT_LATE
    assert timeliness(None, due, due) == Timeliness.NOT_YET_DUE
    assert timeliness(None, due, due + DAY) == Timeliness.OVERDUE
    assert timeliness(None, None, due) == ""  # no due date: nobody is judged


def test_the_days_left_in_words():
    due = D(2024, 3, 10)

    assert days_left(due, D(2024, 3, 7)) == "còn 3 ngày"
    assert days_left(due, due) == "hạn cuối là hôm nay"
    assert days_left(due, D(2024, 3, 12)) == "đã quá hạn 2 ngày"


# --- the meeting's form ------------------------------------------------------------------


def test_a_new_meeting_has_its_reports_due_five_days_before_it(client, world, settings):
    settings.GIAOBAN_REPORTS_DUE_DAYS_BEFORE = 5
    client.force_login(world.trang)
    period = Period.quarter_of(today())
    held = today() + 20 * DAY

    response = client.post(
        reverse("meetings:create"),
        meeting_data(
            world, period_kind=period.kind, period_year=period.year, held_on=f"{held:%d/%m/%Y}"
        ),
    )

    assert response.status_code == 302
    assert Meeting.objects.get().reports_due_on == held - 5 * DAY


def test_a_meeting_recorded_after_it_was_held_has_no_due_date_unless_given(client, world):
    client.force_login(world.trang)

    client.post(reverse("meetings:create"), meeting_data(world))
    client.post(
        reverse("meetings:create"),
        meeting_data(world, is_regular="", reports_due_on="5/7/2024"),
    )

    assert list(Meeting.objects.order_by("pk").values_list("reports_due_on", flat=True)) == [
        None,
        D(2024, 7, 5),
    ]


def test_the_form_offers_the_due_date_day_first_and_refuses_one_after_the_meeting(client, world):
    client.force_login(world.trang)
    form = client.get(reverse("meetings:create")).content.decode()
    assert 'name="reports_due_on"' in form
    assert "Hạn gửi báo cáo" in form

    response = client.post(
        reverse("meetings:create"), meeting_data(world, reports_due_on="12/7/2024")
    )

    assert response.status_code == 200
    assert "Hạn gửi báo cáo phải trước hoặc đúng ngày họp (10/7/2024)." in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_default_due_date_moves_with_the_meeting_an_entered_one_stays(client, world):
    client.force_login(world.trang)
    period = Period.quarter_of(today())
    held = today() + 20 * DAY
    data = meeting_data(
        world, period_kind=period.kind, period_year=period.year, held_on=f"{held:%d/%m/%Y}"
    )
    client.post(reverse("meetings:create"), data)
    meeting = Meeting.objects.get()

    def edit(**changes):
        page = client.get(reverse("meetings:edit", args=[meeting.pk]))
        data.update(changes)
        data["version"] = page.context["form"]["version"].value()
        data["reports_due_on"] = (
            changes.get("reports_due_on") or f"{meeting.reports_due_on:%d/%m/%Y}"
        )
        data["held_on"] = changes.get("held_on") or f"{meeting.held_on:%d/%m/%Y}"
        response = client.post(reverse("meetings:edit", args=[meeting.pk]), data)
        assert response.status_code == 302
        meeting.refresh_from_db()
        return meeting.reports_due_on

    assert edit(held_on=f"{held + 7 * DAY:%d/%m/%Y}") == held + 2 * DAY  # followed
    assert edit(reports_due_on=f"{held:%d/%m/%Y}") == held  # entered by hand
    assert edit(held_on=f"{held + 9 * DAY:%d/%m/%Y}") == held  # stays as entered


# --- what reporters see ------------------------------------------------------------------


def test_the_reporter_home_shows_the_due_date_and_the_days_left(world):
    meeting = upcoming(world, due_in=3)

    page = reader(world.ha).get(reverse("home")).content.decode()

    assert f"Hạn gửi báo cáo: {meeting.reports_due_on:%-d/%-m/%Y} (còn 3 ngày)" in page


def test_the_report_form_says_how_late_the_report_is(world):
    meeting = upcoming(world, due_in=-2)

    page = reader(world.ha).get(reverse("reports:edit", args=[meeting.pk, world.farmers.pk]))

    assert page.status_code == 200
    assert "(đã quá hạn 2 ngày)" in page.content.decode()


def test_a_report_sent_shows_its_due_date_without_counting(world):
    meeting = upcoming(world, due_in=-2)
    sent(meeting, world.front, today() - DAY)

    page = reader(world.khoi).get(reverse("home")).content.decode()

    assert f"Hạn gửi báo cáo: {meeting.reports_due_on:%-d/%-m/%Y}" in page
    assert "quá hạn 2 ngày" not in page and "Gửi muộn" in page


# --- what staff and leaders see ----------------------------------------------------------


@pytest.mark.usefixtures("no_page_cache")
def test_the_meeting_page_says_who_is_late(world):
    meeting = upcoming(world, due_in=-2)
    sent(meeting, world.front, today() - DAY)
    remind = reverse("meetings:reports_remind", args=[meeting.pk])

    staff = reader(world.trang).get(meeting.get_absolute_url()).content.decode()
    leader = reader(world.bao).get(meeting.get_absolute_url()).content.decode()
    reporter = reader(world.khoi).get(meeting.get_absolute_url()).content.decode()

    for page in (staff, leader, reporter):
        assert f"Hạn gửi báo cáo: {meeting.reports_due_on:%-d/%-m/%Y}" in page
        assert "Chưa gửi, đã quá hạn" in page and "Gửi muộn" in page
    assert 'id="report-deadlines"' in staff
    assert remind in staff
    assert remind not in leader and remind not in reporter


@pytest.mark.usefixtures("no_page_cache")
def test_the_dashboard_lists_the_late_and_those_sent_late(world):
    meeting = upcoming(world, due_in=-2)
    sent(meeting, world.front, today() - DAY)

    page = reader(world.bao).get(reverse("home")).content.decode()

    assert f"Hạn gửi báo cáo: {meeting.reports_due_on:%-d/%-m/%Y}" in page
    late = page.split("Chưa gửi, đã quá hạn", 1)[1].split("</ul>", 1)[0]
    assert world.farmers.name in late
    sent_late = page.split("Gửi muộn", 1)[1].split("</ul>", 1)[0]
    assert world.front.name in sent_late


@pytest.mark.usefixtures("no_page_cache")
def test_the_dashboard_costs_the_same_with_a_due_date(world, django_assert_num_queries):
    meeting = make_meeting(world.lam_giang, Period.quarter_of(today()).code)
    client = reader(world.bao)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as without:
        client.get(reverse("home"))
    Meeting.objects.filter(pk=meeting.pk).update(reports_due_on=today() - DAY)
    with django_assert_num_queries(len(without)):
        client.get(reverse("home"))


# --- reminders ---------------------------------------------------------------------------


def test_staff_remind_the_late_in_one_click_once_a_day(world):
    with_emails(world)
    meeting = upcoming(world, due_in=-2)
    sent(meeting, world.front, today() - DAY)
    client = reader(world.trang)
    remind = reverse("meetings:reports_remind", args=[meeting.pk])

    first = client.post(remind, follow=True)
    again = client.post(remind, follow=True)

    assert first.redirect_chain[-1][0] == meeting.get_absolute_url()
    told = [str(m) for m in first.context["messages"]]
    assert told == ["Đã nhắc 1 tổ chức chậm gửi báo cáo: Hội Nông dân tỉnh Lâm Giang."]
    notes = Notification.objects.filter(kind=NotificationKind.REPORT_DUE)
    assert list(notes.values_list("user__username", "url")) == [
        ("ha", reverse("reports:edit", args=[meeting.pk, world.farmers.pk]))
    ]
    assert "đã quá hạn 2 ngày" in notes.get().text
    assert [m.to for m in mail.outbox] == [["ha@x.vn"]]
    assert mail.outbox[0].subject == "Nhắc gửi báo cáo hội nghị giao ban"
    assert "Hội Nông dân tỉnh Lâm Giang" in mail.outbox[0].body
    # The same day, nobody is told twice.
    assert [str(m) for m in again.context["messages"]] == [
        "Các tổ chức chậm gửi báo cáo đã được nhắc trong hôm nay: Hội Nông dân tỉnh Lâm Giang."
    ]
    assert notes.count() == 1 and len(mail.outbox) == 1


def test_only_the_committees_staff_remind(world):
    meeting = upcoming(world, due_in=-2)
    remind = reverse("meetings:reports_remind", args=[meeting.pk])

    assert reader(world.bao).post(remind).status_code == 404  # refused as if missing
    assert reader(world.ha).post(remind).status_code == 404
    assert reader(world.minh).post(remind).status_code == 404
    assert reader(world.trang).get(remind).url == meeting.get_absolute_url()
    assert not Notification.objects.exists()


def test_nobody_to_remind_is_said(world):
    meeting = upcoming(world, due_in=3)  # not yet due: nobody is late

    response = reader(world.trang).post(
        reverse("meetings:reports_remind", args=[meeting.pk]), follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Không có tổ chức nào chậm gửi báo cáo."
    ]


def test_the_daily_run_reminds_reporters_before_and_after_the_due_date(world):
    with_emails(world)
    soon = upcoming(world, due_in=3)
    sent(soon, world.front, today())
    held = make_meeting(world.lam_giang, "2024-Q1", held_on=D(2024, 4, 19))
    Meeting.objects.filter(pk=held.pk).update(reports_due_on=D(2024, 4, 14))

    assert send_reminders(today=today(), days=7) == ["ha@x.vn"]
    assert send_reminders(today=today(), days=7) == []  # once a day

    note = Notification.objects.get(kind=NotificationKind.REPORT_DUE)
    assert note.user == world.ha and "(còn 3 ngày)" in note.text
    assert len(mail.outbox) == 1


def test_owed_reports_are_read_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    upcoming(world, due_in=-1)
    upcoming(world, due_in=2, is_regular=False, title="Hội nghị giao ban mở rộng")
    with django_assert_num_queries(3):
        owed = owed_reports(owed_meetings(today(), 7))
    assert len(owed) == 2 * 2


def test_a_reminder_is_read_once_the_report_is_sent(world):
    meeting = upcoming(world, due_in=-1)
    reader(world.trang).post(reverse("meetings:reports_remind", args=[meeting.pk]))
    assert Notification.objects.filter(user=world.ha).unread().count() == 1

    response = reader(world.ha).post(
        reverse("reports:edit", args=[meeting.pk, world.farmers.pk]),
        {
            "results": "<p>Kết quả.</p>",
            "shortcomings": "",
            "difficulties": "",
            "next_tasks": "",
            "proposals-TOTAL_FORMS": "0",
            "proposals-INITIAL_FORMS": "0",
            "followup-TOTAL_FORMS": "0",
            "followup-INITIAL_FORMS": "0",
            "submit": "1",
        },
    )

    assert response.status_code == 302
    assert Report.objects.get(meeting=meeting, organization=world.farmers).status == "submitted"
    assert Notification.objects.filter(user=world.ha).unread().count() == 0
