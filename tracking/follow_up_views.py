"""A meeting's follow-up: each part of the directives its issued conclusion gave, with
its status on a day (``?on=``). By default the day its directives fell due: the end of
the period after the meeting (the next meeting reviews them), today if that is later, so
that a meeting of 2021 entered now reads as it stood when its directives were due, not
as every directive overdue today; the page says which day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from giaoban import pagecache
from giaoban.compiled import CompiledQuery
from giaoban.pagecache import kept_between_changes
from meetings.access import get_meeting
from meetings.models import ConclusionStatus, Meeting
from tracking import stats
from tracking.forms import AsOfForm
from tracking.models import DirectiveAssignment, Status


@dataclass(frozen=True)
class FollowUpRow:
    """One organization's part of one directive of the meeting, with its status."""

    directive_id: int
    position: int
    text: str
    organization: str
    is_lead: bool
    deadline: dt.date | None
    status: str

    @property
    def status_label(self) -> str:
        return Status(self.status).label


# The parts of a conclusion's directives, in the directives' order, the lead first.
PARTS = CompiledQuery(
    lambda conclusion: (
        DirectiveAssignment.objects.filter(directive__conclusion_id=conclusion)
        .order_by("directive__position", "directive_id", "-is_lead", "organization__display_order")
        .values_list(
            "directive_id",
            "directive__position",
            "directive__text",
            "organization__name",
            "is_lead",
            "directive__deadline",
            *stats.STATUS_COLUMNS,
        )
    ),
    conclusion=int,
)


def due_day(meeting: Meeting, today: dt.date) -> dt.date:
    """The day a meeting's follow-up is shown on by default: the end of the period after
    it, when its directives fall due unless given another day (today if that is later)."""
    return min(meeting.period.next().end, today)


@require_safe
@login_required
@kept_between_changes(params=("on",), depends=pagecache.meeting_page("pk"))
def meeting_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _access = get_meeting(request, pk, with_conclusion=True)
    today = timezone.localdate()
    as_of = AsOfForm(request.GET if "on" in request.GET else None)
    default = due_day(meeting, today)
    day = as_of.day(default)
    conclusion = getattr(meeting, "conclusion", None)
    rows: list[FollowUpRow] = []
    if conclusion is not None and conclusion.status == ConclusionStatus.ISSUED:
        rows = [
            FollowUpRow(*row)
            for row in stats.status_rows(PARTS.fetch(conclusion=conclusion.pk), day)
        ]
    counts = dict.fromkeys(Status.values, 0)
    for row in rows:
        counts[row.status] += 1
    return render(
        request,
        "tracking/meeting_follow_up.html",
        {
            "meeting": meeting,
            "issued": bool(conclusion and conclusion.status == ConclusionStatus.ISSUED),
            "rows": rows,
            "counts": [(Status(s), n) for s, n in counts.items() if n],
            "day": day,
            "is_default_day": day == default,
            "as_of": as_of,
        },
    )
