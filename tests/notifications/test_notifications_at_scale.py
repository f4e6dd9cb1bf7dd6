"""Notifications written in one statement however many organizations an issue assigns;
the deadline reminder reaches every person's bell, with or without an e-mail address,
each with their own count, once a day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.concurrency import version_of
from meetings.models import Conclusion, Directive
from notifications.models import Notification, NotificationKind
from organizations.models import RoleKind
from tests.factories import make_organization, make_role, make_user
from tracking.conclusion_services import issue_conclusion
from tracking.models import DirectiveAssignment
from tracking.reminders import send_reminders


def _issue_with(world, meeting, count):
    conclusion = Conclusion.objects.create(
        meeting=meeting, notice_number="45-TB/TU", issued_on=dt.date(2024, 4, 22)
    )
    for position in range(1, count + 1):
        organization = make_organization(world.lam_giang, f"Hội thử {position}")
        make_role(make_user(), world.lam_giang, RoleKind.REPORTER, organization)
        directive = Directive.objects.create(
            conclusion=conclusion, position=position, text=f"Nhiệm vụ {position}"
        )
        DirectiveAssignment.objects.create(
            directive=directive, organization=organization, is_lead=True
        )
    with CaptureQueriesContext(connection) as queries:
        issue_conclusion(conclusion=conclusion, by=world.trang, version=version_of(conclusion))
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("INSERT") and "notifications_notification" in q["sql"]
    ]


@pytest.mark.parametrize("count", [2, 8])
def test_issuing_writes_the_notifications_in_one_statement(world, meeting, count):
    inserts = _issue_with(world, meeting, count)

    assert Notification.objects.filter(kind=NotificationKind.DIRECTIVE_ASSIGNED).count() == count
    assert len(inserts) == 1, f"{len(inserts)} statements for {count} organizations"


def test_a_reporter_without_an_address_is_reminded_in_the_app(world, issued):
    issued(period="2024-Q1", texts=("Một", "Hai"))
    world.trang.email = "trang@x.vn"
    world.trang.save(update_fields=["email"])
    world.khoi.email = ""
    world.khoi.save(update_fields=["email"])

    send_reminders(today=dt.date(2024, 6, 25), days=7)
    send_reminders(today=dt.date(2024, 6, 25), days=7)  # a second run the same day

    told = Notification.objects.filter(kind=NotificationKind.DEADLINE_NEAR)
    assert sorted(told.values_list("user__username", flat=True)) == ["khoi", "trang"]
    assert not told.filter(user=world.minh).exists()  # Hà Sơn's staff: nothing of theirs
