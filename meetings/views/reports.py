"""Staff accept a report, or return it to draft, from the meeting page (the report page
itself is ``tracking.report_views``: it also records the follow-up).

Neither acts at the first press: the button's POST, without ``confirmed``, opens a page
saying what will happen (``meetings/confirm_step.html``), whose own button, with
``confirmed``, acts. Without JavaScript as with it. Returning asks for a reason, which
the organization then reads on its report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from giaoban.error_summary import summary_html
from meetings import deadlines, services
from meetings.access import forbid_unless, get_meeting
from meetings.concurrency import EditConflict, version_of
from meetings.confirm import confirm_page, posted_or_back
from meetings.models import Meeting, Report
from organizations.models import Organization


def _staff_report(
    request: HttpRequest, pk: int, organization_pk: int
) -> tuple[Meeting, Report, Organization]:
    meeting, access = get_meeting(request, pk)
    organization = get_object_or_404(
        Organization.objects.filter(committee_id=meeting.committee_id), pk=organization_pk
    )
    report = Report.objects.filter(meeting=meeting, organization=organization).first()
    forbid_unless(report is not None and access.is_staff_of(meeting.committee_id), request)
    return meeting, report, organization


def _act(request: HttpRequest, meeting: Meeting, report: Report, action, done: str, **args):
    """Do ``action`` on the report as the page showed it (its ``version``), or say why not.
    The message is shown at the top of the meeting page, where the reader looks."""
    try:
        action(report=report, by=request.user, version=request.POST.get("version"), **args)
    except EditConflict as conflict:
        messages.error(request, conflict.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(meeting.get_absolute_url())


@login_required
@posted_or_back
def report_accept(request: HttpRequest, pk: int, organization_pk: int) -> HttpResponse:
    meeting, report, organization = _staff_report(request, pk, organization_pk)
    name = organization.name
    if not request.POST.get("confirmed"):
        return confirm_page(
            request,
            meeting,
            {
                "title": _("Accept the report of %(name)s") % {"name": name},
                "effects": [
                    _("The report of %(name)s is accepted as it stands now.") % {"name": name},
                    _("It is locked: the organization can no longer change it."),
                    _("Staff can still return it to draft later, giving a reason."),
                ],
                "button": _("Accept the report"),
                "button_class": "btn-success",
                "version": request.POST.get("version") or version_of(report),
            },
        )
    return _act(
        request,
        meeting,
        report,
        services.accept_report,
        _("The report of %(name)s has been accepted and locked for the organization.")
        % {"name": name},
    )


@login_required
@posted_or_back
def report_return(request: HttpRequest, pk: int, organization_pk: int) -> HttpResponse:
    meeting, report, organization = _staff_report(request, pk, organization_pk)
    name = organization.name
    reason = request.POST.get("reason", "")
    step = {
        "title": _("Return the report of %(name)s to draft") % {"name": name},
        "effects": [
            _("The report of %(name)s becomes a draft again, marked “Returned”.") % {"name": name},
            _("The organization can change it and must submit it again."),
            _("The reason you write is shown to the organization on its report."),
        ],
        "button": _("Return the report"),
        "asks_reason": True,
        "reason": reason,
        "version": request.POST.get("version") or version_of(report),
    }
    if not request.POST.get("confirmed"):
        return confirm_page(request, meeting, step)
    if not reason.strip():
        # Refused here, as the service would refuse it, with the page kept as it was.
        step["reason_error"] = _(
            "Write the reason for returning the report, so that its organization knows "
            "what to change."
        )
        reason_label = _("Reason for returning")
        step["summary"] = summary_html([("id_reason", f"{reason_label}: {step['reason_error']}")])
        return confirm_page(request, meeting, step)
    return _act(
        request,
        meeting,
        report,
        services.return_report,
        _("The report of %(name)s has been returned to draft for the organization.")
        % {"name": name},
        reason=reason,
    )


@login_required
@posted_or_back
def reports_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff's one click on the meeting page: the reporters of every organization whose
    report is overdue are reminded, in the app and by e-mail (``remind_owed_reports``:
    once a day at most, however often it is pressed); the message says whom."""
    meeting, access = get_meeting(request, pk)
    forbid_unless(access.is_staff_of(meeting.committee_id), request)
    today = timezone.localdate()
    owed = deadlines.owed_reports([meeting], overdue_only=True, today=today)
    done = services.remind_owed_reports(owed=owed, today=today)

    def names(organizations) -> str:
        return "; ".join(organization.name for organization in organizations)

    if not owed:
        messages.info(request, _("No organization is late with its report."))
    if done.told:
        messages.success(
            request,
            ngettext(
                "%(count)d organization late with its report was reminded: %(names)s.",
                "%(count)d organizations late with their report were reminded: %(names)s.",
                len(done.told),
            )
            % {"count": len(done.told), "names": names(done.told)},
        )
    if done.already:
        messages.info(
            request,
            _("The organizations late with their report were already reminded today: %(names)s.")
            % {"names": names(done.already)},
        )
    if done.nobody:
        messages.warning(
            request,
            _("No reporter account to remind for: %(names)s.") % {"names": names(done.nobody)},
        )
    return redirect(meeting.get_absolute_url())
