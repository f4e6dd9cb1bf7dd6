"""Staff accept a report, or return it to draft, from the meeting page (the report page
itself is ``tracking.report_views``: it also records the follow-up)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import services
from meetings.access import forbid_unless, get_meeting
from meetings.concurrency import EditConflict
from meetings.models import Meeting, Report
from organizations.models import Organization


def _staff_report(request: HttpRequest, pk: int, organization_pk: int) -> tuple[Meeting, Report]:
    meeting, access = get_meeting(request, pk)
    organization = get_object_or_404(
        Organization.objects.filter(committee_id=meeting.committee_id), pk=organization_pk
    )
    report = Report.objects.filter(meeting=meeting, organization=organization).first()
    forbid_unless(report is not None and access.is_staff_of(meeting.committee_id), request)
    return meeting, report


def _act(request: HttpRequest, pk: int, organization_pk: int, action, done: str) -> HttpResponse:
    """Do ``action`` on the report as the page showed it (its ``version``), or say why not."""
    meeting, report = _staff_report(request, pk, organization_pk)
    try:
        action(report=report, by=request.user, version=request.POST.get("version"))
    except EditConflict as conflict:
        messages.error(request, conflict.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(f"{meeting.get_absolute_url()}#report-{organization_pk}")


@login_required
@require_POST
def report_accept(request: HttpRequest, pk: int, organization_pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        organization_pk,
        services.accept_report,
        _("The report has been accepted and locked for the organization."),
    )


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int, organization_pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        organization_pk,
        services.return_report,
        _("The report has been returned to draft for the organization."),
    )
