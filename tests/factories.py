"""Small factories for tests; they go through the same services as the app."""

from __future__ import annotations

import datetime as dt
import itertools

from accounts.models import User
from organizations import services
from organizations.models import CommitteeLevel, Organization, PartyCommittee, Role

_numbers = itertools.count(1)


def make_committee(
    name: str | None = None,
    *,
    level: str = CommitteeLevel.PROVINCE,
    parent: PartyCommittee | None = None,
    suffix: str = "TU",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> PartyCommittee:
    return PartyCommittee.objects.create(
        name=name or f"Tỉnh ủy Thử nghiệm {next(_numbers)}",
        level=level,
        parent=parent,
        document_suffix=suffix,
        valid_from=valid_from,
        valid_until=valid_until,
    )


def make_organization(
    committee: PartyCommittee,
    name: str | None = None,
    *,
    kind: str = "front",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    short_name: str = "",
) -> Organization:
    """An organization, through the service. Without ``valid_from`` it has always existed:
    made in a committee that already has meetings (where the service requires a start
    date), it is dated from ``ALWAYS``, before every meeting a test makes."""
    if valid_from is None and committee.has_meetings():
        valid_from = ALWAYS
    return services.create_organization(
        committee=committee,
        name=name or f"Tổ chức {next(_numbers)}",
        kind=kind,
        short_name=short_name,
        valid_from=valid_from,
        valid_until=valid_until,
    )


ALWAYS = dt.date(2000, 1, 1)


def make_user(username: str | None = None, full_name: str = "", **extra) -> User:
    username = username or f"user{next(_numbers)}"
    user = User.objects.create(username=username, full_name=full_name or username, **extra)
    user.set_password("test-password-123")
    user.save(update_fields=["password"])
    return user


def make_role(
    user: User, committee: PartyCommittee, kind: str, organization: Organization | None = None
) -> Role:
    return services.grant_role(user=user, committee=committee, kind=kind, organization=organization)


def make_meeting(committee: PartyCommittee, period: str = "2024-Q2", **fields):
    from meetings.models import Meeting
    from meetings.periods import Period

    meeting = Meeting(committee=committee, **fields)
    meeting.period = Period.parse(period)
    if "held_on" not in fields:
        meeting.held_on = meeting.period.end + dt.timedelta(days=10)
    # Held, unless it is said otherwise or has no day (a meeting with no day is still
    # planned, unless it was recorded as held on a day nobody knows).
    if "status" not in fields:
        held = meeting.held_on or meeting.held_day_unknown
        meeting.status = "held" if held else "planned"
    meeting.save()
    return meeting


def make_report(meeting, organization, status: str = "draft", **sections):
    from meetings.models import Report
    from meetings.signals import send_written

    report = Report.objects.create(
        meeting=meeting, organization=organization, status=status, **sections
    )
    send_written(Report, meeting.pk)  # found by search, as a report saved by its service
    return report


def index_for_search(*meetings) -> None:
    """Rows written here directly (not through a service) are found by search."""
    from meetings.models import Meeting
    from meetings.signals import send_written

    send_written(Meeting, *(m.pk for m in meetings))


def record_progress(
    *, assignment, progress, by, completed_on=None, note="", meeting=None, on_behalf=False
):
    """One part's progress, recorded through the service that every page uses."""
    from tracking.services import Change
    from tracking.services import record_progress as record

    change = Change(assignment, progress, completed_on, note, on_behalf=on_behalf)
    return record(changes=[change], by=by, meeting=meeting)[0]
