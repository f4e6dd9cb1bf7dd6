"""Drafts of the report and conclusion forms, kept on the server while their author types.

Each form page ``…/`` has its draft at ``…/draft/``: GET gives the author's draft if it is
newer than what is stored, POST keeps the form's fields, DELETE discards the draft. The
same rule as for the form decides who may keep a draft; nothing here writes the report
or the conclusion (accounts/drafts.py).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import drafts
from meetings.access import forbid_unless, get_meeting
from meetings.models import Conclusion, Report
from organizations.models import Organization


def _report_stored_at(request: HttpRequest, pk: int, organization_pk: int):
    meeting, access = get_meeting(request, pk)
    organization = get_object_or_404(
        Organization.objects.filter(committee_id=meeting.committee_id), pk=organization_pk
    )
    report = Report.objects.filter(meeting=meeting, organization=organization).first()
    locked = bool(report and report.is_locked)
    forbid_unless(access.may_edit_report(meeting.committee_id, organization.pk, locked), request)
    return report.updated_at if report else None


def _conclusion_stored_at(request: HttpRequest, pk: int):
    meeting, _access = get_meeting(request, pk, manage=True)
    conclusion = Conclusion.objects.filter(meeting=meeting).first()
    return conclusion.updated_at if conclusion else None


def _saved_label(when) -> str:
    return _("Draft saved at %(time)s") % {
        "time": formats.time_format(timezone.localtime(when), "H:i")
    }


def _draft(request: HttpRequest, stored_at: Callable[[], object]) -> HttpResponse:
    if not request.user.is_authenticated:
        # A background request: an answer the page understands, not the sign-in page.
        return JsonResponse({"error": _("You have been signed out.")}, status=401)
    when_stored = stored_at()  # 404 unless the user may edit the form's object
    path = request.path.removesuffix("draft/")
    if request.method == "DELETE":
        drafts.discard_draft(user=request.user, path=path)
        return HttpResponse(status=204)
    if request.method == "POST":
        try:
            draft = drafts.save_draft(user=request.user, path=path, data=request.POST)
        except drafts.DraftTooLarge:
            message = _("The text is too long to be kept as a draft; save the form itself.")
            return JsonResponse({"error": message}, status=413)
        except drafts.DraftFromSavedForm:
            return JsonResponse({"error": _("This form has already been saved.")}, status=409)
        return JsonResponse({"saved": _saved_label(draft.saved_at)})
    draft = drafts.draft_newer_than(user=request.user, path=path, stored_at=when_stored)
    if draft is None:
        return JsonResponse({"draft": None})
    saved = timezone.localtime(draft.saved_at)
    when = _("%(time)s on %(date)s") % {
        "time": formats.time_format(saved, "H:i"),
        "date": formats.date_format(saved, "SHORT_DATE_FORMAT"),
    }
    return JsonResponse({"draft": draft.fields, "saved": _saved_label(saved), "when": when})


@never_cache
@require_http_methods(["GET", "POST", "DELETE"])
def report_draft(request: HttpRequest, pk: int, organization_pk: int) -> HttpResponse:
    return _draft(request, lambda: _report_stored_at(request, pk, organization_pk))


@never_cache
@require_http_methods(["GET", "POST", "DELETE"])
def conclusion_draft(request: HttpRequest, pk: int) -> HttpResponse:
    return _draft(request, lambda: _conclusion_stored_at(request, pk))
