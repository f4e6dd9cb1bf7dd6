"""The report page: an organization's report to a meeting with its proposals, and what it
reports on the directives of earlier conclusions (a compound of meetings and follow-up,
hence here, above both)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import FilteredRelation, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.drafts import forget_draft
from giaoban import pagecache
from giaoban.compiled import CompiledQuery
from giaoban.pagecache import kept_between_changes
from meetings import deadlines
from meetings.access import forbid_unless, get_meeting
from meetings.concurrency import Outcome, submit_once
from meetings.forms import ProposalFormSet, ReportForm
from meetings.models import Directive, Meeting, Proposal, Report
from meetings.richtext import warn_if_cleaned
from organizations.models import Organization
from tracking import services
from tracking.forms import (
    FollowUpFormSet,
    follow_up_changes,
    formset_ok,
    optional_formset,
    refresh_follow_up_versions,
)
from tracking.models import DirectiveAssignment
from tracking.queries import open_assignments_before

# The page's own reads, compiled once (giaoban/compiled.py).
ORGANIZATION_AND_REPORT = CompiledQuery(
    # The organization with its name on the meeting's day (``name_on``, below) and its
    # report to this meeting (at most one: a unique constraint), in one query.
    lambda committee, organization, day, meeting: (
        Organization.objects.filter(committee_id=committee, pk=organization)
        .with_names_on(day)
        .annotate(report_here=FilteredRelation("reports", condition=Q(reports__meeting_id=meeting)))
        .select_related("report_here")
    ),
    committee=int,
    organization=int,
    day=dt.date,
    meeting=int,
)
# The report's proposals: the model's ordering starts with the report's (joining its
# organization), the proposals of one report are in their own order.
PROPOSALS = CompiledQuery(
    lambda report: Proposal.objects.filter(report_id=report).order_by("position", "pk"),
    report=int,
)
# What the page and the save read of a part's directive (all of it), of the directive's
# meeting (its period, in the rows) and of its conclusion (the link); the organization is
# the page's (given to the parts below). select_related read every column of the four,
# the conclusion's and the meeting's long texts too.
OPEN_PARTS_SHOWN = (
    *(field.name for field in DirectiveAssignment._meta.concrete_fields),
    *(f"directive__{field.name}" for field in Directive._meta.concrete_fields),
    "directive__conclusion__meeting__period_year",
    "directive__conclusion__meeting__period_kind",
)
# The organization's unfinished parts of earlier directives.
OPEN_PARTS = CompiledQuery(
    lambda committees, period_end, organization: (
        open_assignments_before(Meeting(period_end=period_end), committees)
        .filter(organization_id=organization)
        .select_related(None)
        .select_related("directive__conclusion__meeting")
        .only(*OPEN_PARTS_SHOWN)
    ),
    committees=list,
    period_end=dt.date,
    organization=int,
)


@login_required
@kept_between_changes(depends=pagecache.report_form("pk", "organization_pk"))
def report_edit(request: HttpRequest, pk: int, organization_pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk)
    found = ORGANIZATION_AND_REPORT.fetch(
        committee=meeting.committee_id,
        organization=organization_pk,
        day=meeting.reference_date,
        meeting=meeting.pk,
    )
    if not found:
        raise Http404
    organization = found[0]
    # Django sets the relation only when the row has one.
    report = getattr(organization, "report_here", None)
    # A reporter no longer opens an accepted report; a form sent to it (opened before the
    # acceptance) is answered with the refusal, and what was typed is given back.
    locked = bool(report and report.is_locked) and request.method != "POST"
    forbid_unless(access.may_edit_report(meeting.committee_id, organization.pk, locked), request)
    is_staff = access.is_staff_of(meeting.committee_id)
    report = report or Report(meeting=meeting, organization=organization)
    report.meeting = meeting  # read once, above
    post = request.POST if request.method == "POST" else None
    # Staff entering it for the organization may give the day it was really sent.
    on_behalf = not access.is_reporter_for(organization.pk)
    form = ReportForm(post, instance=report, on_behalf=is_staff and on_behalf)
    proposals = ProposalFormSet(
        post,
        instance=report,
        prefix="proposals",
        can_answer=is_staff,
        rows=PROPOSALS.fetch(report=report.pk) if report.pk else [],
    )
    proposals.forms  # noqa: B018 (read the proposals here, not in the template)
    # Follow-up of earlier conclusions: this organization's unfinished directives.
    open_parts = OPEN_PARTS.fetch(
        committees=meeting.committee.lineage_ids(),
        period_end=meeting.period_end,
        organization=organization.pk,
    )
    for part in open_parts:
        part.organization = organization  # the page's (the rows were read by it)
    followups = optional_formset(
        FollowUpFormSet,
        post,
        prefix="followup",
        initial=[{"assignment": a.pk, "version": a.version} for a in open_parts],
    )
    conflict_with = None
    if post is not None and form.is_valid() and proposals.is_valid() and formset_ok(followups):
        submit = "submit" in request.POST
        try:
            outcome = submit_once(
                request,
                lambda: services.save_report_page(
                    report=form.instance,
                    by=request.user,
                    version=form.opened_version(),
                    proposals_formset=proposals,
                    follow_up=follow_up_changes(
                        followups,
                        open_parts,
                        organization=organization,
                        on_behalf=on_behalf,
                        # Progress in a report sent earlier happened by the day it was sent.
                        default_day=form.cleaned_data.get("sent_on"),
                    ),
                    submit=submit,
                    sent_on=form.cleaned_data.get("sent_on"),
                ),
                form=form,
            )
        except services.StaleProgress as conflict:
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
            outcome = Outcome()
        conflict_with = outcome.conflict_with
        if outcome.repeated:
            return redirect(meeting.get_absolute_url())
        if outcome.done:
            forget_draft(request)
            warn_if_cleaned(request, outcome.result)
            if submit:
                messages.success(request, _("The report has been submitted."))
            else:
                messages.success(request, _("The report has been saved."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "tracking/report_form.html",
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
            # Its directives' statuses as of the meeting's day (today if it is later).
            "today": min(timezone.localdate(), meeting.reference_date),
            "deadline": deadlines.for_reporter(
                meeting, report if report.pk else None, timezone.localdate()
            ),
            "previous_proposals": PREVIOUS_PROPOSALS.fetch(
                committee=meeting.committee_id,
                period_end=meeting.period_end,
                organization=organization.pk,
            ),
            "conflict_with": conflict_with,
        },
    )


def previous_proposals(meeting: Meeting, organization: Organization) -> QuerySet[Proposal]:
    """The proposals this organization made at the previous meeting, with their answers
    (one query: the previous meeting is a subquery)."""
    previous = (
        Meeting.objects.filter(committee_id=meeting.committee_id, period_end__lt=meeting.period_end)
        .order_by("-period_end")
        .values("pk")[:1]
    )
    return Proposal.objects.filter(
        report__meeting=Subquery(previous), report__organization=organization
    ).order_by("position")


PREVIOUS_PROPOSALS = CompiledQuery(
    lambda committee, period_end, organization: previous_proposals(
        Meeting(committee_id=committee, period_end=period_end), Organization(pk=organization)
    ),
    committee=int,
    period_end=dt.date,
    organization=int,
)
