"""When the organizations' reports to a meeting are due, and whether each was sent in time.

A meeting's ``reports_due_on`` is the last day on which a report is sent in time: sent
that day it is on time, the next day late; not sent by then, it is overdue. A meeting
without a due date judges nobody (meetings recorded after the fact get none by default:
their reports, entered late, were not late).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting, MeetingStatus, Report, ReportStatus
from organizations.models import Organization

SENT = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


class Timeliness(models.TextChoices):
    """Where an organization's report stands against its meeting's due date."""

    NOT_YET_DUE = "not_yet_due", _("Not sent, not yet due")
    OVERDUE = "overdue", _("Not sent, overdue")
    SENT_LATE = "sent_late", _("Sent late")
    ON_TIME = "on_time", _("Sent on time")


# The order in which pages list the organizations by where their report stands.
SHOWN_ORDER = (
    Timeliness.OVERDUE,
    Timeliness.SENT_LATE,
    Timeliness.NOT_YET_DUE,
    Timeliness.ON_TIME,
)
LATE = (Timeliness.OVERDUE, Timeliness.SENT_LATE)


def default_due_on(held_on: dt.date | None, today: dt.date) -> dt.date | None:
    """The due date a meeting gets when its form leaves it empty: a set number of days
    before its date, for a meeting still ahead; none for one recorded after it was held."""
    if held_on is None or held_on < today:
        return None
    return held_on - dt.timedelta(days=settings.GIAOBAN_REPORTS_DUE_DAYS_BEFORE)


def sent_on(report: Report | None) -> dt.date | None:
    """The day a report was sent, on the site's calendar (None: not sent)."""
    if report is None:
        return None
    return sent_day(report.status, report.submitted_at)


def sent_day(status: str | None, submitted_at: dt.datetime | None) -> dt.date | None:
    """``sent_on`` for a report's status and time of submission, read as values."""
    if status not in SENT:
        return None
    if submitted_at is None:  # recorded as sent without a time: taken as in time
        return dt.date.min
    return timezone.localdate(submitted_at)


def timeliness(report: Report | None, due_on: dt.date | None, today: dt.date) -> str:
    """``Timeliness`` of ``report`` (None: none written) on ``today``; "" without a due date."""
    return timeliness_of(sent_on(report), due_on, today)


def timeliness_of(day: dt.date | None, due_on: dt.date | None, today: dt.date) -> str:
    """``timeliness`` of a report sent on ``day`` (None: not sent)."""
    if due_on is None:
        return ""
    if day is None:
        return Timeliness.OVERDUE if today > due_on else Timeliness.NOT_YET_DUE
    return Timeliness.SENT_LATE if day > due_on else Timeliness.ON_TIME


def days_left(due_on: dt.date, today: dt.date) -> str:
    """ "còn 3 ngày", "hạn cuối là hôm nay", "đã quá hạn 2 ngày"."""
    days = (due_on - today).days
    if days > 0:
        return ngettext("%(count)d day left", "%(count)d days left", days) % {"count": days}
    if days == 0:
        return gettext("due today")
    return ngettext("%(count)d day overdue", "%(count)d days overdue", -days) % {"count": -days}


def due_line(due_on: dt.date, today: dt.date, *, sent: bool = False) -> str:
    """ "Hạn gửi báo cáo: 10/3/2024 (còn 3 ngày)": the days only while a report is owed."""
    line = gettext("Reports due on: %(day)s") % {"day": date_format(due_on, "SHORT_DATE_FORMAT")}
    return line if sent else f"{line} ({days_left(due_on, today)})"


@dataclass(frozen=True)
class Shown:
    """A report's due date as its organization reads it, and where the report stands."""

    line: str  # "Hạn gửi báo cáo: 10/3/2024 (còn 3 ngày)"
    timeliness: str

    @property
    def label(self) -> str:
        return Timeliness(self.timeliness).label

    @property
    def is_late(self) -> bool:
        return self.timeliness in LATE


def for_reporter(meeting: Meeting, report: Report | None, today: dt.date) -> Shown | None:
    """What the organization writing ``report`` to ``meeting`` reads of its due date
    (None: the meeting has none)."""
    due_on = meeting.reports_due_on
    if due_on is None:
        return None
    line = due_line(due_on, today, sent=sent_on(report) is not None)
    return Shown(line, timeliness(report, due_on, today))


@dataclass(frozen=True)
class Owed:
    """An organization's report to a meeting not yet sent, with the meeting's due date."""

    meeting: Meeting
    organization: Organization
    report: Report | None

    @property
    def due_on(self) -> dt.date:
        return self.meeting.reports_due_on


def group(rows: Iterable[dict], due_on: dt.date | None, today: dt.date) -> dict[str, list]:
    """The rows (``{"organization", "name", "report"}``, the meeting page's) by
    ``Timeliness``, each row given its ``timeliness`` and the day it was ``sent``."""
    groups: dict[str, list] = {value: [] for value in Timeliness.values}
    if due_on is None:
        return groups
    for row in rows:
        row["timeliness"] = timeliness(row["report"], due_on, today)
        day = sent_on(row["report"])
        row["sent"] = day if day and day != dt.date.min else None
        groups[row["timeliness"]].append(row)
    return groups


def owed_meetings(today: dt.date, days: int) -> list[Meeting]:
    """Meetings still ahead whose reports are due within ``days`` days or overdue (one
    query): their reports are asked for until the meeting is held."""
    return list(
        Meeting.objects.filter(
            reports_due_on__isnull=False,
            reports_due_on__lte=today + dt.timedelta(days=days),
        )
        .exclude(status=MeetingStatus.CONCLUDED)
        .filter(Q(held_on__isnull=True) | Q(held_on__gte=today))
        .defer("summary", "notes", "other_attendees")
        .order_by("reports_due_on", "pk")
    )


def owed_reports(meetings: list[Meeting], *, overdue_only: bool = False, today=None) -> list[Owed]:
    """The reports not yet sent to ``meetings`` by the organizations that report to them
    (those of each meeting's committee that report at meetings and existed on its day),
    in two queries whatever the number of meetings; with ``overdue_only``, only those
    past their due date on ``today``."""
    if not meetings:
        return []
    if overdue_only:
        meetings = [m for m in meetings if m.reports_due_on and m.reports_due_on < today]
        if not meetings:
            return []
    organizations: dict[int, list[Organization]] = defaultdict(list)
    for organization in Organization.objects.filter(
        committee_id__in={m.committee_id for m in meetings}, reports_at_meetings=True
    ).order_by("display_order", "name", "pk"):
        organizations[organization.committee_id].append(organization)
    reports = {
        (r.meeting_id, r.organization_id): r
        for r in Report.objects.filter(meeting__in=meetings).only(
            "pk", "meeting_id", "organization_id", "status", "submitted_at"
        )
    }
    owed = []
    for meeting in meetings:
        day = meeting.reference_date
        for organization in organizations[meeting.committee_id]:
            if not organization.is_valid_on(day):
                continue
            report = reports.get((meeting.pk, organization.pk))
            if sent_on(report) is None:
                owed.append(Owed(meeting, organization, report))
    return owed
