"""An organization's report to a meeting: entry, submission, acceptance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.submissions import AlreadySubmitted, claim
from giaoban.pagecache import kept_between_changes
from meetings import services
from meetings.concurrency import EditConflict, conflict_message
from meetings.forms import ProposalFormSet, ReportForm
from meetings.models import Meeting, Proposal, Report
from meetings.views.common import forbid_unless, get_meeting, warn_if_cleaned
from organizations.models import Organization
from tracking import services as tracking_services
from tracking.forms import FollowUpFormSet, formset_ok, optional_formset
from tracking.queries import open_assignments_before, parts_of


def _report_for(request: HttpRequest, pk: int, organization_pk: int):
    meeting, access = get_meeting(request, pk)
    organization = get_object_or_404(
        Organization.objects.filter(committee_id=meeting.committee_id), pk=organization_pk
    )
    report = Report.objects.filter(meeting=meeting, organization=organization).first()
    return meeting, access, organization, report


@login_required
@kept_between_changes
def report_edit(request: HttpRequest, pk: int, organization_pk: int) -> HttpResponse:
    meeting, access, organization, report = _report_for(request, pk, organization_pk)
    locked = bool(report and report.is_locked)
    forbid_unless(access.may_edit_report(meeting.committee_id, organization.pk, locked), request)
    is_staff = access.is_staff_of(meeting.committee_id)
    report = report or Report(meeting=meeting, organization=organization)
    post = request.POST if request.method == "POST" else None
    form = ReportForm(post, instance=report)
    proposals = ProposalFormSet(post, instance=report, prefix="proposals", can_answer=is_staff)
    proposals.forms  # noqa: B018 (read the proposals here, not in the template)
    # Follow-up of earlier conclusions: this organization's unfinished directives.
    open_parts = list(open_assignments_before(meeting).filter(organization=organization))
    followups = optional_formset(
        FollowUpFormSet,
        post,
        prefix="followup",
        initial=[{"assignment": a.pk, "version": a.version} for a in open_parts],
    )
    conflict_with = None
    if post is not None and form.is_valid() and proposals.is_valid() and formset_ok(followups):
        try:
            with transaction.atomic():
                claim(request)
                removed = services.save_report(
                    report=form.save(commit=False),
                    proposals_formset=proposals,
                    by=request.user,
                    version=form.opened_version(),
                )
                record_follow_up(
                    forms=followups,
                    open_parts=open_parts,
                    organization=organization,
                    meeting=meeting,
                    by=request.user,
                    on_behalf=not access.is_reporter_for(organization.pk),
                )
        except AlreadySubmitted:
            messages.info(request, _("This form had already been saved; it was not saved again."))
            return redirect(f"{meeting.get_absolute_url()}#report-{organization.pk}")
        except EditConflict as conflict:
            conflict_with = conflict.current
            form.refresh_version(conflict.current)
            form.add_error(None, conflict_message(conflict.current))
        except tracking_services.StaleProgress as conflict:
            # Someone recorded progress on one of these directives meanwhile: nothing was
            # saved; the rows show the progress now stored, the next save is based on it.
            shown = {a.pk: a for a in open_parts} | conflict.current
            open_parts = [
                shown[row.cleaned_data["assignment"]]
                for row in followups
                if row.cleaned_data.get("assignment") in shown
            ]
            followups = refresh_follow_up_versions(followups, conflict.current)
            form.add_error(None, conflict.message())
        except IntegrityError:
            # Someone created this organization's report at the same moment.
            form.add_error(None, _("This organization already has a report for this meeting."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            warn_if_cleaned(request, removed)
            if "submit" in request.POST:
                try:
                    services.submit_report(report=form.instance, by=request.user)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                    return redirect(
                        "meetings:report", pk=meeting.pk, organization_pk=organization.pk
                    )
                messages.success(request, _("The report has been submitted."))
            else:
                messages.success(request, _("The report has been saved."))
            return redirect(f"{meeting.get_absolute_url()}#report-{organization.pk}")
    return render(
        request,
        "meetings/report_form.html",
        {
            "meeting": meeting,
            "organization": organization,
            "organization_name": organization.name_on(meeting.reference_date),
            "report": report,
            "form": form,
            "proposals": proposals,
            "is_staff": is_staff,
            "followup_rows": list(zip(followups.forms, open_parts, strict=False)),
            "followups": followups,
            "today": timezone.localdate(),
            "previous_proposals": previous_proposals(meeting, organization),
            "conflict_with": conflict_with,
        },
    )


def record_follow_up(*, forms, open_parts, organization, meeting, by, on_behalf: bool) -> None:
    """Record what the report form says about each unfinished directive, all at once (a
    fixed number of queries), each on the version the form was opened on. A part finished
    or carried over since the form was opened is refused as changed, never dropped."""
    if not forms.is_bound:
        return
    by_id = {a.pk: a for a in open_parts}
    filled = [f.cleaned_data for f in forms if f.cleaned_data.get("progress")]
    closed = {d["assignment"] for d in filled} - set(by_id)
    if closed:
        by_id |= parts_of(organization, closed)
    changes = []
    for data in filled:
        assignment = by_id.get(data.get("assignment"))
        if assignment is None:
            continue
        changes.append(
            tracking_services.Change(
                assignment,
                data["progress"],
                data.get("completed_on"),
                data.get("note", ""),
                on_behalf=on_behalf,
                version=data.get("version"),
            )
        )
    tracking_services.record_progress(changes=changes, meeting=meeting, by=by)


def refresh_follow_up_versions(forms, current: dict):
    """After a conflict: the follow-up rows keep what was typed, with the stored versions."""
    data = forms.data.copy()
    for follow_up in forms:
        assignment = current.get(follow_up.cleaned_data.get("assignment"))
        if assignment is not None:
            data[follow_up.add_prefix("version")] = assignment.version
    return type(forms)(data, prefix=forms.prefix, initial=forms.initial)


def previous_proposals(meeting: Meeting, organization: Organization) -> list[Proposal]:
    """The proposals this organization made at the previous meeting, with their answers."""
    previous = (
        Meeting.objects.filter(committee_id=meeting.committee_id, period_end__lt=meeting.period_end)
        .order_by("-period_end")
        .first()
    )
    if previous is None:
        return []
    return list(
        Proposal.objects.filter(report__meeting=previous, report__organization=organization)
        .select_related("report__meeting")
        .order_by("position")
    )


def _staff_report(request: HttpRequest, pk: int, organization_pk: int) -> tuple[Meeting, Report]:
    meeting, access, organization, report = _report_for(request, pk, organization_pk)
    forbid_unless(report is not None and access.is_staff_of(meeting.committee_id), request)
    return meeting, report


@login_required
@require_POST
def report_accept(request: HttpRequest, pk: int, organization_pk: int) -> HttpResponse:
    meeting, report = _staff_report(request, pk, organization_pk)
    try:
        services.accept_report(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The report has been accepted and locked for the organization.")
        )
    return redirect(f"{meeting.get_absolute_url()}#report-{organization_pk}")


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int, organization_pk: int) -> HttpResponse:
    meeting, report = _staff_report(request, pk, organization_pk)
    services.return_report(report=report, by=request.user)
    messages.success(request, _("The report has been returned to draft for the organization."))
    return redirect(f"{meeting.get_absolute_url()}#report-{organization_pk}")
