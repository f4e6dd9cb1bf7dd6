"""Reusable reads of the follow-up."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from meetings.models import ConclusionStatus, Directive, Meeting
from tracking.models import DirectiveAssignment


def open_assignments_before(meeting: Meeting) -> QuerySet[DirectiveAssignment]:
    """Unfinished parts of directives given by issued conclusions of earlier meetings."""
    return (
        DirectiveAssignment.objects.open()
        .filter(
            directive__conclusion__meeting__committee_id=meeting.committee_id,
            directive__conclusion__meeting__period_end__lt=meeting.period_end,
            directive__conclusion__status=ConclusionStatus.ISSUED,
            directive__archived_at__isnull=True,
        )
        .select_related("directive__conclusion__meeting", "organization")
        .order_by("directive__deadline", "directive__conclusion__meeting__period_end", "pk")
    )


def open_directives_before(meeting: Meeting) -> QuerySet[Directive]:
    """Directives of earlier issued conclusions that still have an unfinished part."""
    return (
        Directive.objects.filter(
            conclusion__meeting__committee_id=meeting.committee_id,
            conclusion__meeting__period_end__lt=meeting.period_end,
            conclusion__status=ConclusionStatus.ISSUED,
        )
        .filter(Exists(DirectiveAssignment.objects.open().filter(directive=OuterRef("pk"))))
        .select_related("conclusion__meeting")
        .order_by("deadline", "conclusion__meeting__period_end", "position")
    )
