"""Documents: the generated .docx and .xlsx files, the signed notice, report files, and
the tracking sheet read back. Every download passes the same access checks as the
pages, and is noted in the security log."""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import SecurityEvent
from accounts.security_log import record
from documents import services, sheets
from documents.draft import build_draft, draft_filename
from documents.forms import AttachmentForm, SheetUploadForm, SignedNoticeForm
from documents.models import ReportAttachment, SignedNotice
from documents.notice import DOCX, build_notice, notice_filename
from documents.proposals import build_proposals, proposals_filename
from meetings.access import forbid_unless, get_meeting, readable_meetings, readable_reports
from meetings.concurrency import submit_once
from meetings.models import Conclusion, ConclusionStatus
from organizations.access import access_for
from organizations.models import Organization
from tracking import stats
from tracking.queries import board_query
from tracking.services import StaleProgress, record_progress


def _download(request: HttpRequest, content, filename: str, content_type: str) -> FileResponse:
    record(SecurityEvent.Kind.EXPORT, request)
    if isinstance(content, bytes):
        content = BytesIO(content)
    response = FileResponse(
        content, as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _conclusion_for(request: HttpRequest, meeting, access) -> Conclusion:
    conclusion = Conclusion.objects.filter(meeting=meeting).first()
    if conclusion is None:
        raise Http404
    if conclusion.status != ConclusionStatus.ISSUED:
        forbid_unless(access.reads_drafts_of(meeting.committee_id), request)
    return conclusion


@require_safe
@login_required
def notice_docx(request: HttpRequest, pk: int) -> FileResponse:
    """The conclusion notice to edit, print and sign (a draft says so)."""
    meeting, access = get_meeting(request, pk)
    conclusion = _conclusion_for(request, meeting, access)
    if conclusion.without_notice:  # recorded from the minutes: there is no notice
        raise Http404
    return _download(request, build_notice(meeting), notice_filename(meeting, conclusion), DOCX)


@require_safe
@login_required
def proposals_docx(request: HttpRequest, pk: int) -> FileResponse:
    """The compiled proposals of the meeting: for staff and leaders."""
    meeting, access = get_meeting(request, pk)
    forbid_unless(access.reads_proposals_of(meeting.committee_id), request)
    return _download(request, build_proposals(meeting), proposals_filename(meeting), DOCX)


@require_safe
@login_required
def summary_draft_docx(request: HttpRequest, pk: int) -> FileResponse:
    """The draft summary report compiled from the reports sent: for staff and leaders, who
    read the proposals it compiles (and every report of their committee)."""
    meeting, access = get_meeting(request, pk)
    forbid_unless(access.reads_proposals_of(meeting.committee_id), request)
    return _download(request, build_draft(meeting), draft_filename(meeting), DOCX)


# --- the signed notice ------------------------------------------------------------


@login_required
def signed_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed copies of a meeting's notice; staff upload a new version here."""
    meeting, access = get_meeting(request, pk)
    conclusion = _conclusion_for(request, meeting, access)
    versions = list(conclusion.signed_versions.select_related("uploaded_by").order_by("-version"))
    is_staff = access.is_staff_of(meeting.committee_id)
    issued = conclusion.status == ConclusionStatus.ISSUED
    form = None
    if is_staff and issued:
        form = SignedNoticeForm(
            request.POST or None, request.FILES or None, has_versions=bool(versions)
        )
    if request.method == "POST":
        forbid_unless(form is not None, request)
        if form.is_valid():
            outcome = submit_once(
                request,
                lambda: services.add_signed_notice(
                    conclusion,
                    form.cleaned_data["file"],
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                ),
                refusals={
                    services.VersionTaken: _(
                        "Someone uploaded a signed copy at the same moment. Check it, then "
                        "upload yours again if needed."
                    )
                },
            )
            if outcome.done:
                messages.success(
                    request,
                    _("Version %(version)d of the signed notice is stored.")
                    % {"version": outcome.result.version},
                )
            return redirect("documents:signed_notice", pk=meeting.pk)
    return render(
        request,
        "documents/signed_notice.html",
        {
            "meeting": meeting,
            "conclusion": conclusion,
            "versions": versions,
            "form": form,
            "issued": issued,
            "max_upload_mb": settings.MAX_UPLOAD_MB,
        },
    )


@require_safe
@login_required
def signed_notice_file(request: HttpRequest, pk: int) -> FileResponse:
    access = access_for(request.user)
    version = (
        SignedNotice.objects.filter(
            conclusion__meeting__in=readable_meetings(access),
            conclusion__status=ConclusionStatus.ISSUED,
        )
        .filter(pk=pk)
        .first()
    )
    forbid_unless(
        version is not None, request if SignedNotice.objects.filter(pk=pk).exists() else None
    )
    return _download(request, version.file.open("rb"), version.original_name, version.content_type)


# --- the original files of a report --------------------------------------------------


def _report_of(request: HttpRequest, pk: int, organization_pk: int):
    meeting, access = get_meeting(request, pk)
    organization = Organization.objects.filter(
        committee_id=meeting.committee_id, pk=organization_pk
    ).first()
    if organization is None:
        raise Http404
    report = readable_reports(access).filter(meeting=meeting, organization=organization).first()
    return meeting, access, organization, report


@login_required
def report_files(request: HttpRequest, pk: int, organization_pk: int) -> HttpResponse:
    """The files attached to an organization's report; those who may edit it attach more."""
    meeting, access, organization, report = _report_of(request, pk, organization_pk)
    may_edit = access.may_edit_report(
        meeting.committee_id, organization.pk, bool(report and report.is_locked)
    )
    if report is None:
        # Nobody reads a report that is not there, or is another organization's draft.
        forbid_unless(may_edit, request)
    form = AttachmentForm(request.POST or None, request.FILES or None) if may_edit else None
    if request.method == "POST":
        forbid_unless(may_edit, request)
        if form.is_valid():
            outcome = submit_once(
                request,
                lambda: services.attach_to_report(
                    meeting=meeting,
                    organization=organization,
                    checked=form.cleaned_data["file"],
                    by=request.user,
                ),
            )
            if outcome.done:
                messages.success(
                    request, _("“%(name)s” is attached.") % {"name": outcome.result.original_name}
                )
            return redirect(
                "documents:report_files", pk=meeting.pk, organization_pk=organization.pk
            )
    attachments = (
        list(report.attachments.select_related("uploaded_by")) if report is not None else []
    )
    return render(
        request,
        "documents/report_files.html",
        {
            "meeting": meeting,
            "organization": organization,
            "organization_name": organization.name_on(meeting.reference_date),
            "report": report,
            "attachments": attachments,
            "form": form,
            "may_edit": may_edit,
            "max_upload_mb": settings.MAX_UPLOAD_MB,
        },
    )


def _attachment_for(request: HttpRequest, pk: int) -> tuple[ReportAttachment, object]:
    access = access_for(request.user)
    attachment = (
        ReportAttachment.objects.filter(report__in=readable_reports(access))
        .select_related("report__meeting", "report__organization")
        .filter(pk=pk)
        .first()
    )
    forbid_unless(
        attachment is not None,
        request if ReportAttachment.objects.filter(pk=pk).exists() else None,
    )
    return attachment, access


@require_safe
@login_required
def attachment_file(request: HttpRequest, pk: int) -> FileResponse:
    attachment, _access = _attachment_for(request, pk)
    return _download(
        request, attachment.file.open("rb"), attachment.original_name, attachment.content_type
    )


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment, access = _attachment_for(request, pk)
    report = attachment.report
    forbid_unless(
        access.may_edit_report(
            report.meeting.committee_id, report.organization_id, report.is_locked
        ),
        request,
    )
    services.remove_attachment(attachment=attachment, by=request.user, request=request)
    messages.success(request, _("“%(name)s” was removed.") % {"name": attachment.original_name})
    return redirect(
        "documents:report_files", pk=report.meeting_id, organization_pk=report.organization_id
    )


# --- the tracking sheet --------------------------------------------------------------


@require_safe
@login_required
def board_sheet(request: HttpRequest) -> FileResponse:
    """The board, with its current filter, as a spreadsheet to print or fill in offline."""
    access = access_for(request.user)
    board = board_query(request, access)
    title = _("Directive tracking: %(committee)s, %(date)s") % {
        "committee": board.committee.name,
        "date": board.today.strftime("%d/%m/%Y"),
    }
    content = sheets.build_sheet(board.rows, today=board.today, title=title)
    filename = f"theo-doi-nhiem-vu-{board.today:%Y%m%d}.xlsx"
    return _download(request, content, filename, sheets.XLSX)


@login_required
def board_upload(request: HttpRequest) -> HttpResponse:
    """Read a filled-in tracking sheet back: every row checked first, nothing written if any
    row is wrong."""
    access = access_for(request.user)
    board = board_query(request, access)
    committee = board.committee
    is_staff = access.is_staff_of(committee.pk)
    editable = stats.tracked(timezone.localdate()).filter(
        directive__conclusion__meeting__committee_id__in=committee.lineage_ids()
    )
    if not is_staff:
        editable = editable.filter(organization_id__in=access.organization_ids())
    forbid_unless(access.updates_progress_in(committee.pk), request)
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = sheets.read_sheet(form.cleaned_data["file"].file, editable=editable)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if not result.errors and not result.changes:
                form.add_error("file", _("No row of the sheet has anything new to record."))
            elif not result.errors:
                for change in result.changes:
                    change.on_behalf = not access.is_reporter_for(change.assignment.organization_id)
                try:
                    outcome = submit_once(
                        request,
                        lambda: len(record_progress(changes=result.changes, by=request.user)),
                    )
                except StaleProgress as conflict:
                    # Recorded by someone else while the sheet was being read: nothing saved.
                    form.add_error("file", conflict.message())
                else:
                    if outcome.done:
                        messages.success(
                            request,
                            _("%(count)d directives updated from the sheet.")
                            % {"count": outcome.result},
                        )
                if not form.errors:
                    return redirect(f"{reverse('tracking:board')}?committee={committee.pk}")
    return render(
        request,
        "documents/board_upload.html",
        {
            "committee": committee,
            "committees": board.committees,
            "form": form,
            "result": result,
            "max_upload_mb": settings.MAX_UPLOAD_MB,
        },
    )
