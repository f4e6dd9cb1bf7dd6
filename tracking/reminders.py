"""Reminder e-mails: directives due soon and overdue, to reporters and to staff; reports
not yet sent, to their organizations' reporters."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from meetings import deadlines
from meetings import services as meeting_services
from notifications import events as notifications
from organizations.models import Role, RoleKind
from tracking import stats
from tracking.models import DirectiveAssignment, ReminderLog, Status


def parts_to_remind(today: dt.date, days: int) -> list[DirectiveAssignment]:
    """Open parts due within ``days`` days, and overdue ones (one query)."""
    return list(
        stats.tracked(today)
        .open()
        .filter(directive__deadline__lte=today + dt.timedelta(days=days))
        .select_related("organization__committee", "directive__conclusion__meeting")
        .order_by("directive__deadline", "pk")
    )


def send_reminders(*, today: dt.date, days: int) -> list[str]:
    """E-mail each recipient the parts that concern them, and the reporters of each
    organization whose report to a coming meeting is due within ``days`` days or overdue
    (``meetings.services.remind_owed_reports``), each at most once a day; in the app too.
    Returns the addresses written to (one per e-mail)."""
    owed = deadlines.owed_reports(deadlines.owed_meetings(today, days))
    reports = meeting_services.remind_owed_reports(owed=owed, today=today).emails if owed else []
    return _remind_of_directives(today=today, days=days) + reports


def _remind_of_directives(*, today: dt.date, days: int) -> list[str]:
    """The directives' part of ``send_reminders``."""
    parts = parts_to_remind(today, days)
    if not parts:
        return []
    organization_ids = {p.organization_id for p in parts}
    committee_ids = {p.organization.committee_id for p in parts}
    roles = Role.objects.active().filter(user__is_active=True)
    reporters = roles.filter(kind=RoleKind.REPORTER, organization_id__in=organization_ids)
    staff = roles.filter(kind=RoleKind.STAFF, committee_id__in=committee_ids)
    inbox: dict[str, list[DirectiveAssignment]] = defaultdict(list)
    # Each account's own parts, for its bell: with or without an address, and never
    # those of another account that shares its address.
    mine: dict[int, set[int]] = defaultdict(set)
    for email, organization_id, user_id in reporters.values_list(
        "user__email", "organization_id", "user_id"
    ):
        found = [p for p in parts if p.organization_id == organization_id]
        mine[user_id].update(p.pk for p in found)
        if email:
            inbox[email] += found
    for email, committee_id, user_id in staff.values_list("user__email", "committee_id", "user_id"):
        found = [p for p in parts if p.organization.committee_id == committee_id]
        mine[user_id].update(p.pk for p in found)
        if email:
            inbox[email] += found
    already = set(
        ReminderLog.objects.filter(sent_on=today, recipient__in=list(inbox)).values_list(
            "recipient", flat=True
        )
    )
    sent = []
    with translation.override(settings.LANGUAGE_CODE):
        for email, items in sorted(inbox.items()):
            if email in already or not items:
                continue
            unique = list({p.pk: p for p in items}.values())
            for part in unique:
                part.status_value = Status(part.status)
                part.days_late = max(0, (today - part.directive.deadline).days)
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(
                        recipient=email, sent_on=today, assignment_count=len(unique)
                    )
                    send_mail(
                        _("Directives due soon or overdue"),
                        render_to_string(
                            "tracking/reminder_email.txt",
                            {"parts": unique, "today": today, "site_url": settings.SITE_URL},
                        ),
                        None,
                        [email],
                    )
            except IntegrityError:
                continue  # another run sent it a moment ago
            sent.append(email)
    # In the app too, once a day, each account with its own count.
    notifications.deadline_near({pk: len(found) for pk, found in mine.items() if found})
    return sent
