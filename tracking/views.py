"""Follow-up pages: the directive board, a directive's timeline, the leaders' dashboard,
the reporters' "my work", and the register of proposals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, F, OuterRef, Q, Subquery, TextField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.models import SecurityEvent
from accounts.security_log import record
from giaoban import pagecache
from giaoban.compiled import CompiledQuery
from giaoban.fragments import kept
from giaoban.pagecache import kept_between_changes
from giaoban.pagination import page_of
from meetings import deadlines
from meetings import services as meeting_services
from meetings.concurrency import Outcome, submit_once
from meetings.forms import ProposalAnswerForm
from meetings.models import (
    Conclusion,
    ConclusionStatus,
    Directive,
    Disposition,
    Meeting,
    Proposal,
    Report,
    ReportStatus,
)
from meetings.periods import Period
from organizations.access import CHANGE, Access, access_for, pick_committee
from organizations.models import Organization, PartyCommittee, RoleKind
from tracking import charts, services, stats
from tracking.forms import AsOfForm, BoardFilterForm, BulkUpdateForm
from tracking.models import DirectiveAssignment, ProgressUpdate, Status, condition_on
from tracking.queries import board_query

PAGE_SIZE = 25


@login_required
@kept_between_changes(
    params=("committee", "page", *BoardFilterForm.base_fields), depends=pagecache.lists
)
def board(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    board_data = board_query(request, access)
    committee, committees, form = board_data.committee, board_data.committees, board_data.form
    counts, today = board_data.counts, board_data.today
    page = board_data.page(request.GET.get("page"), PAGE_SIZE)
    is_staff = access.is_staff_of(committee.pk)
    bulk = None
    selected: set[int] = set()
    if is_staff:
        data = request.POST if request.method == "POST" else None
        # A page only opened selects nothing: no query of the parts to build for it.
        bulk = BulkUpdateForm(data, assignments=board_data.base if data is not None else None)
        if request.method == "POST" and bulk.is_valid():
            parts = list(bulk.cleaned_data["selected"].select_related("directive"))
            selected = {part.pk for part in parts}
            try:
                outcome = submit_once(
                    request,
                    lambda: len(
                        services.record_progress(
                            changes=[
                                services.Change(
                                    part,
                                    bulk.cleaned_data["progress"],
                                    bulk.cleaned_data["completed_on"],
                                    bulk.cleaned_data["note"],
                                    version=bulk.opened_version(part),
                                    happened_on=bulk.cleaned_data["completed_on"],
                                )
                                for part in parts
                            ],
                            by=request.user,
                        )
                    ),
                )
            except services.StaleProgress as conflict:
                bulk.add_error(None, conflict.message())
                outcome = Outcome()
            if outcome.done:
                messages.success(
                    request,
                    _("%(count)d directives updated on behalf of their organizations.")
                    % {"count": outcome.result},
                )
            if outcome.done or outcome.repeated:
                return redirect(request.get_full_path())
        elif request.method == "POST":
            selected = {int(pk) for pk in request.POST.getlist("selected") if pk.isdigit()}
    elif request.method == "POST":
        raise Http404
    query = request.GET.copy()
    query.pop("page", None)
    # The status chips and the sorting heads keep the other filters.
    chips_query = query.copy()
    chips_query.pop("status", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    if "committee" not in sort_query:
        sort_query["committee"] = str(committee.pk)
    return render(
        request,
        "tracking/board.html",
        {
            "committee": committee,
            "committees": committees,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "chips_query": chips_query.urlencode(),
            "sort_query": sort_query.urlencode(),
            "sort": board_data.sort,
            "status": board_data.status,
            "filtering": bool(board_data.filters or board_data.status or board_data.past)
            or board_data.sort != "deadline",
            "counts": [(Status(s), n) for s, n in counts.items()],
            "total": sum(counts.values()),
            "bulk": bulk,
            "selected": selected,
            "today": today,
            "may_upload_sheet": access.updates_progress_in(committee.pk),
        },
    )


@require_safe
@login_required
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A directive's timeline, from the conclusion that gave it to the one that closed it.
    Draft conclusions (a carry-over or a closing not yet issued) show only to those who
    read drafts."""
    access = access_for(request.user)
    directive = get_object_or_404(
        Directive.objects.filter(
            conclusion__meeting__committee_id__in=access.committees().values("pk")
        ).select_related("conclusion__meeting__committee"),
        pk=pk,
    )
    drafts = access.reads_drafts_of(directive.conclusion.meeting.committee_id)
    if not (drafts or directive.conclusion.status == ConclusionStatus.ISSUED):
        raise Http404
    root = directive.origin_id or directive.pk
    chain = Directive.objects.filter(Q(pk=root) | Q(origin_id=root))
    if not drafts:
        chain = chain.filter(conclusion__status=ConclusionStatus.ISSUED)
    chain = list(
        chain.select_related("conclusion__meeting").order_by(
            "conclusion__meeting__period_end", "pk"
        )
    )
    today = timezone.localdate()
    parts = list(
        DirectiveAssignment.objects.filter(directive__in=chain)
        .with_status(today)
        .select_related("organization", "directive__conclusion__meeting")
    )
    updates = list(
        ProgressUpdate.objects.filter(assignment__directive__in=chain)
        .select_related("assignment__organization", "entered_by", "meeting", "from_organization")
        .order_by("created_at", "pk")
    )
    closings = []
    if drafts:
        closings = list(
            Conclusion.closes.through.objects.filter(
                directive__in=chain, conclusion__status=ConclusionStatus.DRAFT
            ).select_related("conclusion__meeting")
        )
    return render(
        request,
        "tracking/directive_detail.html",
        {
            "directive": directive,
            "chain": chain,
            "parts": [p for p in parts if p.directive_id == directive.pk],
            "updates": updates,
            "draft_closings": closings,
            "today": today,
        },
    )


@dataclass(frozen=True)
class OverduePart:
    """A row of the dashboard's overdue directives."""

    pk: int
    directive_id: int
    text: str
    assignee: str  # the organization's short name, else its name
    days_late: int
    position: int = 0  # the directive's number in its notice
    notice: str = ""  # the notice's number, when given
    period: Period | None = None  # of the meeting that gave the directive


# The dashboard's reads, compiled (giaoban/compiled.py): the latest meeting begun by
# ``today`` (without the long texts the dashboard does not show) ...
DASHBOARD_MEETING = CompiledQuery(
    lambda committee, today: (
        Meeting.objects.filter(committee_id=committee, period_start__lte=today)
        .defer("summary", "notes", "other_attendees")
        .order_by("-period_end")[:1]
    ),
    committee=int,
    today=dt.date,
)
# ... the committee's organizations with the status of their report to it ...
DASHBOARD_ORGANIZATIONS = CompiledQuery(
    lambda committee, meeting: (
        Organization.objects.filter(committee_id=committee)
        .annotate(
            report_status=Subquery(
                Report.objects.filter(meeting_id=meeting, organization=OuterRef("pk"))
                .order_by()
                .values("status")[:1]
            ),
            # When it was sent, against the meeting's due date (meetings/deadlines.py).
            report_submitted_at=Subquery(
                Report.objects.filter(meeting_id=meeting, organization=OuterRef("pk"))
                .order_by()
                .values("submitted_at")[:1]
            ),
        )
        .order_by("display_order", "name")
    ),
    committee=int,
    meeting=int,
)


# ... and its tracked parts, with their directive's text when overdue (on today, or on
# a past day: as they were then).
def _dashboard_parts(committees, today, *, past: bool = False):
    return (
        stats.issued_parts()
        .filter(directive__conclusion__meeting__committee_id__in=committees)
        .annotate(
            late_text=Case(
                When(condition_on(Status.OVERDUE, today, past=past), then=F("directive__text")),
                output_field=TextField(),
            )
        )
        .order_by()
        .values_list(
            "pk",
            "organization_id",
            "directive_id",
            "directive__deadline",
            "late_text",
            "directive__position",
            "directive__conclusion__notice_number",
            "directive__conclusion__meeting__period_year",
            "directive__conclusion__meeting__period_kind",
            *stats.STATUS_COLUMNS,
        )
    )


DASHBOARD_PARTS = CompiledQuery(_dashboard_parts, committees=list, today=dt.date)
DASHBOARD_PARTS_THEN = CompiledQuery(
    lambda committees, today: _dashboard_parts(committees, today, past=True),
    committees=list,
    today=dt.date,
)


def dashboard_context(committee: PartyCommittee, today) -> dict:
    """What a leader grasps in ten seconds: who reported, what is done, what is late (on
    ``today``, or on a past day asked: as it was then)."""
    past = today < timezone.localdate()
    meeting = next(iter(DASHBOARD_MEETING.fetch(committee=committee.pk, today=today)), None)
    # The committee's organizations, once: those that report, and the names of the table.
    day = meeting.reference_date if meeting else today
    # With the status of their report to the meeting, in the same query.
    if meeting:
        organizations = DASHBOARD_ORGANIZATIONS.fetch(committee=committee.pk, meeting=meeting.pk)
    else:
        organizations = list(
            Organization.objects.filter(committee=committee)
            .annotate(report_status=Value(""))
            .order_by("display_order", "name")
        )
    reporting = [o for o in organizations if o.reports_at_meetings and o.is_valid_on(day)]
    done = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
    submitted = [o for o in reporting if o.report_status in done]
    missing = [o for o in reporting if o not in submitted]
    due_on = meeting.reports_due_on if meeting else None
    by_timeliness = {value: [] for value in deadlines.Timeliness.values}
    if due_on is not None:
        for o in reporting:
            day = deadlines.sent_day(o.report_status, o.report_submitted_at)
            by_timeliness[deadlines.timeliness_of(day, due_on, today)].append(o)

    # Each tracked part of the committee with its status (a few hundred rows), and the
    # text of its directive when it is overdue (the list below).
    parts_query = DASHBOARD_PARTS_THEN if past else DASHBOARD_PARTS
    parts = stats.status_rows(
        parts_query.fetch(committees=committee.lineage_ids(), today=today), today
    )
    by_org, periods, rates = stats.by_organization(
        (
            (organization, deadline, status)
            for _pk, organization, _d, deadline, *_x, status in parts
        ),
        today,
    )
    labels = {o.pk: (o.name, o.short_name or o.name) for o in organizations if o.pk in by_org}
    if len(labels) < len(by_org):  # parts of organizations of another committee
        labels |= {
            pk: (name, short or name)
            for pk, name, short in Organization.objects.filter(
                pk__in=[pk for pk in by_org if pk not in labels]
            ).values_list("pk", "name", "short_name")
        }
    full_names = {pk: names[0] for pk, names in labels.items()}
    names = {pk: names[1] for pk, names in labels.items()}
    reporting_ids = [o.pk for o in reporting]
    order = [pk for pk in reporting_ids if pk in by_org] + sorted(
        (pk for pk in by_org if pk not in reporting_ids), key=lambda pk: full_names[pk]
    )
    # Who lags most first: by overdue parts, then by the share of those due that were
    # late (the committee's order among equals).
    order.sort(key=lambda pk: (-by_org[pk][Status.OVERDUE], -(stats.late_rate(by_org[pk]) or 0)))
    board = f"{reverse('tracking:board')}?committee={committee.pk}&status={Status.OVERDUE.value}"
    if past:  # the board as of the same day
        board += f"&on={today:%d/%m/%Y}"
    table = [
        {
            "pk": pk,
            "name": full_names[pk],
            "counts": [by_org[pk][s] for s in Status.values],
            "total": sum(by_org[pk].values()),
            "rate": stats.overall_rate(by_org[pk]),
            "overdue": by_org[pk][Status.OVERDUE],
            "late": stats.late_rate(by_org[pk]),
            "overdue_url": f"{board}&organization={pk}",
        }
        for pk in order
    ]
    legend = dict(Status.choices)
    bars = [charts.Bar(names[pk], by_org[pk]) for pk in order]
    rate_rows = [charts.RateRow(names[pk], rates[pk]) for pk in order if pk in rates]
    # The oldest overdue parts.
    late = sorted(
        (deadline, pk, organization, directive, text, identity)
        for pk, organization, directive, deadline, text, *identity, status in parts
        if status == Status.OVERDUE
    )[:15]
    overdue = [
        OverduePart(
            pk,
            directive,
            text,
            names[organization],
            (today - deadline).days,
            position,
            notice,
            Period(year, kind),
        )
        for deadline, pk, organization, directive, text, (position, notice, year, kind) in late
    ]
    # The totals by status are the sums of the table's rows.
    totals = dict.fromkeys(Status.values, 0)
    for counts in by_org.values():
        for status, n in counts.items():
            totals[status] += n
    return {
        "committee": committee,
        "meeting": meeting,
        "submitted": submitted,
        "missing": missing,
        "due_line": deadlines.due_line(due_on, today, sent=not missing) if due_on else "",
        "by_timeliness": [
            (deadlines.Timeliness(value), by_timeliness[value])
            for value in deadlines.SHOWN_ORDER
            if by_timeliness[value]
        ],
        "reporting_count": len(reporting),
        "statuses": [Status(s) for s in Status.values],
        "table": table,
        "totals": [(Status(s), n) for s, n in totals.items()],
        "status_chart": mark_safe(  # noqa: S308 (built from escaped parts)
            charts.status_bars(bars, title=_("Directives by status"), legend=legend)
        ),
        "rate_chart": mark_safe(  # noqa: S308 (built from escaped parts)
            charts.rate_grid(
                rate_rows,
                [p.label for p in periods],
                title=_("On-time completion rate"),
                empty="–",
            )
        ),
        "overdue": overdue,
        "today": today,
    }


# What the dashboard's figures show of its committee, besides its structure.
DASHBOARD_SHOWS = (pagecache.LISTS, pagecache.PROGRESS)


@require_safe
@login_required
@kept_between_changes(params=("committee", "on"), depends=pagecache.lists)
def dashboard(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    committee, committees = pick_committee(request, access)
    as_of = AsOfForm(request.GET if "on" in request.GET else None)
    today = as_of.day(timezone.localdate())
    # Its figures are the same for every reader of the committee: rendered once per
    # version (the day, the committee's lists and progress) and shared by all of them.
    body = kept(
        request,
        "dashboard",
        committee.pk,
        lambda: [today, pagecache.committee_version(committee.lineage_ids(), DASHBOARD_SHOWS)],
        lambda: render_to_string(
            "tracking/_dashboard_body.html", dashboard_context(committee, today)
        ),
    )
    return render(
        request,
        "tracking/dashboard.html",
        {
            "committee": committee,
            "committees": committees,
            "today": today,
            "body": body,
            "as_of": as_of,
        },
    )


def my_work_context(access: Access) -> dict:
    """A reporter's home: what their organization must do and say."""
    today = timezone.localdate()
    organizations = list(
        Organization.objects.filter(pk__in=access.organization_ids()).select_related("committee")
    )
    parts = list(
        stats.tracked(today)
        .filter(organization__in=organizations)
        .open()
        .select_related("directive__conclusion__meeting", "organization")
        .order_by(F("directive__deadline").asc(nulls_last=True), "pk")[:50]
    )
    proposals = list(
        Proposal.objects.filter(report__organization__in=organizations)
        .select_related("report__meeting")
        .order_by("-report__meeting__period_end", "position")[:20]
    )
    committee_ids = {o.committee_id for o in organizations}
    latest = {}
    for meeting in Meeting.objects.filter(
        committee_id__in=committee_ids, period_start__lte=today
    ).order_by("committee_id", "-period_end"):
        latest.setdefault(meeting.committee_id, meeting)
    # In the same query: the reports of the latest meetings, and every report returned and
    # not yet submitted again, whatever its meeting (the reason is read here).
    found = list(
        Report.objects.filter(organization__in=organizations)
        .filter(
            Q(meeting__in=list(latest.values()))
            | Q(status=ReportStatus.DRAFT) & ~Q(return_reason="")
        )
        .select_related("meeting")
        .order_by("-meeting__period_end", "organization_id")
    )
    reports = {(r.meeting_id, r.organization_id): r for r in found}
    owed = [
        {
            "organization": org,
            "meeting": latest[org.committee_id],
            "report": reports.get((latest[org.committee_id].pk, org.pk)),
        }
        for org in organizations
        if org.committee_id in latest
    ]
    names = {org.pk: org for org in organizations}
    latest_ids = {meeting.pk for meeting in latest.values()}
    owed += [
        {"organization": names[r.organization_id], "meeting": r.meeting, "report": r}
        for r in found
        if r.is_returned and r.meeting_id not in latest_ids
    ]
    for item in owed:
        item["deadline"] = deadlines.for_reporter(item["meeting"], item["report"], today)
    return {"parts": parts, "proposals": proposals, "owed": owed, "today": today}


@require_safe
@login_required
def proposal_register(request: HttpRequest) -> HttpResponse:
    """All proposals of the committee with how they were handled; unanswered ones first."""
    access = access_for(request.user)
    committee, committees = pick_committee(request, access, RoleKind.STAFF, RoleKind.LEADER)
    if not access.reads_proposals_of(committee.pk):
        raise Http404
    answerable = Proposal.objects.answerable().filter(report__meeting__committee=committee)
    proposals = answerable.select_related("report__meeting", "report__organization")
    disposition = request.GET.get("disposition", "")
    if disposition in Disposition.values:
        proposals = proposals.filter(disposition=disposition)
    proposals = proposals.order_by(
        "-report__meeting__period_end", "report__organization__display_order", "position"
    )
    page = page_of(proposals, PAGE_SIZE, request.GET.get("page"))
    pending = answerable.filter(disposition=Disposition.PENDING).count()
    return render(
        request,
        "tracking/proposal_register.html",
        {
            "committee": committee,
            "committees": committees,
            "page": page,
            "dispositions": Disposition.choices,
            "disposition": disposition,
            "pending": pending,
            "query": f"committee={committee.pk}&disposition={disposition}",
            "may_answer": access.is_staff_of(committee.pk),
        },
    )


@login_required
def proposal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff answer one proposal of a submitted or accepted report; the report stays as it is
    (an accepted report stays locked for its organization)."""
    access = access_for(request.user)
    answerable = Proposal.objects.answerable()
    proposal = (
        access.scope(answerable, CHANGE, committee_path="report__meeting__committee")
        .select_related("report__meeting__committee", "report__organization")
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        if Proposal.objects.filter(pk=pk).exists():
            record(SecurityEvent.Kind.DENIED, request)
        raise Http404
    form = ProposalAnswerForm(request.POST or None, instance=proposal)
    stored = None
    if request.method == "POST" and form.is_valid():
        outcome = submit_once(
            request,
            lambda: meeting_services.answer_proposal(
                proposal=proposal,
                disposition=form.cleaned_data["disposition"],
                response=form.cleaned_data["response"],
                referred_to=form.cleaned_data["referred_to"],
                by=request.user,
                version=form.opened_version(),
            ),
            form=form,
        )
        if outcome.conflict_with is not None:
            stored = Proposal.all_objects.get(pk=proposal.pk)
        if outcome.done or outcome.repeated:
            if outcome.done:
                messages.success(request, _("The answer to the proposal has been saved."))
            register = reverse("tracking:proposals")
            return redirect(f"{register}?committee={proposal.report.meeting.committee_id}")
    return render(
        request,
        "tracking/proposal_answer.html",
        {"proposal": proposal, "form": form, "conflict_with": stored},
    )
