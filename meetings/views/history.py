"""Who changed what in a meeting, its reports, proposals, conclusion and directives."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from meetings.access import forbid_unless, get_meeting
from meetings.history_words import changes as changes_of
from meetings.history_words import in_words
from meetings.models import Conclusion, Directive, Meeting, Proposal, Report, Statement


@require_safe
@login_required
def meeting_history(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk)
    forbid_unless(access.is_staff_of(meeting.committee_id), request)
    users = ("history_user",)
    reports = list(
        Report.history.filter(meeting_id=meeting.pk).select_related(*users, "organization")
    )
    conclusions = list(Conclusion.history.filter(meeting_id=meeting.pk).select_related(*users))
    report_ids = {r.id for r in reports}
    conclusion_ids = {c.id for c in conclusions}
    meetings = Meeting.history.filter(id=meeting.pk).select_related(*users)
    proposals = Proposal.history.filter(report_id__in=report_ids).select_related(*users)
    directives = Directive.history.filter(conclusion_id__in=conclusion_ids).select_related(*users)
    statements = Statement.history.filter(meeting_id=meeting.pk).select_related(*users)
    changes = (
        changes_of(meetings, _("Meeting"), lambda r: r.title or meeting.display_title)
        + changes_of(reports, _("Report"), lambda r: r.organization.name)
        + changes_of(proposals, _("Proposal"), lambda r: r.text)
        + changes_of(conclusions, _("Conclusion"), lambda r: r.notice_number)
        + changes_of(directives, _("Directive"), lambda r: r.text)
        + changes_of(statements, _("Statement"), lambda r: f"{r.speaker_name}: {r.text}")
    )
    changes.sort(key=lambda c: c.when, reverse=True)
    changes = in_words(changes[:300])
    return render(
        request, "meetings/meeting_history.html", {"meeting": meeting, "changes": changes}
    )
