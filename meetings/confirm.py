"""The page asking to confirm a step that cannot be undone lightly (accepting or
returning a report, issuing a conclusion), and what the issuer of a conclusion should
check first. The step's button posts without ``confirmed``: this page answers, saying what
will happen; its own button posts with ``confirmed``, and the step is done. It works
without JavaScript."""

from __future__ import annotations

import functools

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from meetings.models import Meeting, Report, ReportStatus
from meetings.views.meetings import _organizations


def posted_or_back(view):
    """A step's address takes POST; opened by itself (a bookmark, the page a sign-in
    sends back to after a session ended mid-step) it leads to the meeting's page, whose
    own reading rights apply, instead of the browser's bare "405" page."""

    @functools.wraps(view)
    def step(request: HttpRequest, pk: int, *args, **kwargs) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            return redirect("meetings:detail", pk=pk)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, pk, *args, **kwargs)

    return step


def confirm_page(request: HttpRequest, meeting: Meeting, step: dict) -> HttpResponse:
    """The page asking to confirm ``step`` (title, effects, button, version…)."""
    step.setdefault("summary", "")
    return render(request, "meetings/confirm_step.html", {"meeting": meeting, "step": step})


def issue_warnings(meeting: Meeting) -> list[str]:
    """What an issuer should know before issuing (warnings, not refusals): the meeting is
    not yet held or dated in the future, reports are missing, nobody is marked present."""
    warnings = []
    today = timezone.localdate()
    if meeting.held_on is None:
        if not meeting.held_without_day:  # held on a day nobody recorded: nothing to warn
            warnings.append(_("The meeting has no date held: it is recorded as not yet held."))
    elif meeting.held_on > today:
        warnings.append(
            _("The meeting is dated %(day)s, in the future.")
            % {"day": formats.date_format(meeting.held_on, "SHORT_DATE_FORMAT")}
        )
    organizations = _organizations(
        meeting.committee_id, meeting.reference_date, meeting_id=meeting.pk
    )
    sent = set(
        Report.objects.filter(meeting=meeting)
        .exclude(status=ReportStatus.DRAFT)
        .values_list("organization_id", flat=True)
    )
    expected = [org for org in organizations if org.reports_at_meetings and org.valid]
    missing = [org.name for org in expected if org.pk not in sent]
    if missing:
        warnings.append(
            _("%(missing)s of %(total)s reports have not been submitted: %(names)s.")
            % {"missing": len(missing), "total": len(expected), "names": "; ".join(missing)}
        )
    if not any(org.present for org in organizations):
        warnings.append(_("Nobody is marked present at the meeting."))
    return warnings
