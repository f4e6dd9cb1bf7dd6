"""Reminder e-mails: due soon and overdue, to reporters and staff, once a day."""

import datetime as dt

from django.core import mail

from tests.factories import record_progress
from tracking.models import DirectiveAssignment
from tracking.reminders import send_reminders

D = dt.date


def test_reminders_go_to_reporters_and_staff_once_a_day(world, issued):
    issued(period="2024-Q1", texts=("Một", "Hai"))
    world.khoi.email, world.trang.email, world.ha.email = "khoi@x.vn", "trang@x.vn", "ha@x.vn"
    for user in (world.khoi, world.trang, world.ha):
        user.save(update_fields=["email"])
    done = DirectiveAssignment.objects.order_by("pk").first()
    record_progress(assignment=done, progress="done", completed_on=D(2024, 6, 1), by=world.khoi)

    sent = send_reminders(today=D(2024, 6, 25), days=7)
    again = send_reminders(today=D(2024, 6, 25), days=7)

    assert sent == ["khoi@x.vn", "trang@x.vn"]  # the Farmers have nothing due
    assert again == []
    assert len(mail.outbox) == 2
    body = mail.outbox[0].body
    assert "Nhiệm vụ Hai" in body and "Nhiệm vụ Một" not in body
    assert mail.outbox[0].subject == "Nhiệm vụ sắp đến hạn hoặc quá hạn"

    assert send_reminders(today=D(2024, 7, 3), days=7) == ["khoi@x.vn", "trang@x.vn"]
    assert "quá hạn 3 ngày" in mail.outbox[-1].body


def test_nothing_due_far_ahead(world, issued):
    issued(period="2024-Q1")
    world.khoi.email = "khoi@x.vn"
    world.khoi.save(update_fields=["email"])

    assert send_reminders(today=D(2024, 5, 1), days=7) == []


def test_each_reminder_links_to_the_directive_and_the_site(world, issued, settings):
    settings.SITE_URL = "https://giaoban.tinhuy.example.vn"
    _meeting, directives = issued(period="2024-Q1", texts=("Một",))
    world.khoi.email = "khoi@x.vn"
    world.khoi.save(update_fields=["email"])

    assert send_reminders(today=D(2024, 6, 25), days=7) == ["khoi@x.vn"]

    body = mail.outbox[0].body
    directive = f"https://giaoban.tinhuy.example.vn/tracking/directives/{directives[0].pk}/"
    assert directive in body
    assert "https://giaoban.tinhuy.example.vn/\n" in body  # the person's home: their to-do list
