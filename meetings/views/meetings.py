"""Meeting list, page, entry form, next-period meeting and printable page."""

from __future__ import annotations

from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, connection
from django.db.models import BooleanField, CharField, F, IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.models import User
from accounts.submissions import FIELD as SUBMISSION_FIELD
from giaoban import pagecache
from giaoban.compiled import CompiledQuery
from giaoban.pagecache import kept_between_changes
from giaoban.pagination import page_counted_with_rows
from meetings import deadlines, services
from meetings.access import get_meeting, readable_meetings, reads_every_report_of, reports_of
from meetings.concurrency import submit_once
from meetings.forms import AttendanceFormSet, MeetingFilterForm, MeetingForm, StatementFormSet
from meetings.meeting_rows import MEETING_ROW_FIELDS
from meetings.models import (
    Attendance,
    Citation,
    Conclusion,
    ConclusionStatus,
    Directive,
    Meeting,
    Proposal,
    Report,
    ReportStatus,
    Statement,
)
from meetings.richtext import warn_if_cleaned
from organizations.access import access_for
from organizations.models import Organization, PartyCommittee, RoleKind

PAGE_SIZE = 20


@require_safe
@login_required
@kept_between_changes(params=("page", *MeetingFilterForm.base_fields), depends=pagecache.lists)
def meeting_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    committees = access.committees()
    form = MeetingFilterForm(request.GET or None, committees=committees)
    meetings = (
        readable_meetings(access)
        .select_related("committee")
        .only(*MEETING_ROW_FIELDS)  # what the rows show (meetings/meeting_rows.py), no more
        .latest_first()
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["committee"]:
            meetings = meetings.filter(committee=data["committee"])
        if data["year"]:
            meetings = meetings.filter(period_year=data["year"])
        if data["period"]:
            meetings = meetings.filter(period_kind=data["period"])
    page = page_counted_with_rows(meetings, PAGE_SIZE, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": bool(access.committee_ids(RoleKind.STAFF)) or access.is_superuser,
        },
    )


def _attendance_initial(
    meeting: Meeting | None, organizations, posted: dict[int, dict] | None = None
) -> list[dict]:
    """The rows of the attendance table, one per organization: what was posted for it,
    else what is stored, else the usual invitation (organizations that report)."""
    existing = {a.organization_id: a for a in meeting.attendances.all()} if meeting else {}
    rows = []
    for org in organizations:
        if posted and org.pk in posted:
            rows.append({**posted[org.pk], "organization": org.pk})
            continue
        row = existing.get(org.pk)
        rows.append(
            {
                "organization": org.pk,
                "invited": row is not None if meeting else org.reports_at_meetings,
                "present": row.present if row else False,
                "representatives": row.representatives if row else "",
            }
        )
    return rows


def _new_meeting_committees(access) -> list[PartyCommittee]:
    """The committees a new meeting can be created for: where the user is staff, and
    that have not ceased to exist."""
    committees = access.staff_committees().not_ceased_by(timezone.localdate())
    return list(committees.order_by("level", "name"))


def _attendance_organizations(committee_id: int | None, meeting: Meeting | None, day):
    """The organizations of the attendance table: those of the committee that existed on
    the meeting's day (today for a new meeting), under the names they bore then, and any
    already on the list."""
    if committee_id is None:
        return {}
    attending = meeting.attendances.values("organization_id") if meeting else []
    organizations = (
        Organization.objects.filter(committee_id=committee_id)
        .filter(Q(pk__in=Organization.objects.valid_on(day)) | Q(pk__in=attending))
        .with_names_on(day)
        .order_by("display_order", "name")
    )
    return {org.pk: org for org in organizations}


def _attendance_rows(attendance, organizations: dict, day) -> list:
    return [
        (form, organizations[pk].name_on(day))
        for form in attendance.forms
        if (pk := _as_int(form["organization"].value())) in organizations
    ]


def _meeting_form_page(request, *, meeting: Meeting | None, initial: dict | None = None):
    access = access_for(request.user)
    post = request.POST if request.method == "POST" else None
    if meeting:
        choices = [meeting.committee]
        committee = meeting.committee
    else:
        choices = _new_meeting_committees(access)
        wanted = (
            post.get("committee")
            if post is not None
            else request.GET.get("committee") or (initial or {}).get("committee")
        )
        committee = next((c for c in choices if str(c.pk) == str(wanted)), None)
        if committee is None and post is None:
            committee = choices[0] if choices else None
            if wanted:
                messages.info(
                    request,
                    _(
                        "A new meeting can only be created for a committee whose meetings "
                        "you manage and that still exists; another has been chosen."
                    ),
                )
        initial = {**(initial or {}), "committee": committee.pk if committee else None}
    committees = PartyCommittee.objects.filter(pk__in=[c.pk for c in choices])
    form = MeetingForm(post, instance=meeting or Meeting(), committees=committees, initial=initial)
    day = meeting.reference_date if meeting else timezone.localdate()
    organizations = _attendance_organizations(committee and committee.pk, meeting, day)
    attendance = AttendanceFormSet(
        post,
        prefix="attendance",
        organizations=organizations,
        initial=_attendance_initial(meeting, organizations.values()) if post is None else None,
    )
    # The statements made at the meeting, edited with it (none yet for a new one). A form
    # that did not send them (no management form) leaves them as they are.
    sent = post is not None and "statements-TOTAL_FORMS" in post
    statements = StatementFormSet(
        post if sent else None, instance=meeting or Meeting(), prefix="statements"
    )
    conflict_with, notice = None, ""
    if post is not None:
        valid = form.is_valid() & (statements.is_valid() if sent else True)
        if committee is not None and not attendance.is_valid() and attendance.refused:
            # Rows of another committee (the committee was changed without the page
            # following): shown again as that committee's, with a message saying what the
            # refused rows said.
            notice = " ".join(attendance.non_form_errors())
            posted = attendance.posted_rows()
            attendance = AttendanceFormSet(
                prefix="attendance",
                organizations=organizations,
                initial=_attendance_initial(meeting, organizations.values(), posted),
            )
        elif valid and attendance.is_valid():
            outcome = submit_once(
                request,
                lambda: services.save_meeting(
                    meeting=form.save(commit=False),
                    attendance=attendance.lines(),
                    by=request.user,
                    version=form.opened_version(),
                    submission=request.POST.get(SUBMISSION_FIELD, ""),
                    statements=statements.lines() if sent else None,
                ),
                form=form,
                claimed_by_service=True,
                # The same meeting was saved a moment ago (a second press, another tab).
                refusals={
                    IntegrityError: _(
                        "This committee already has a regular meeting for this period."
                    )
                },
            )
            conflict_with = outcome.conflict_with
            if outcome.repeated:
                return redirect(meeting or "meetings:list")
            if outcome.done:
                warn_if_cleaned(request, outcome.result)
                messages.success(request, _("The meeting has been saved."))
                return redirect(form.instance)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "statements": statements,
            "attendance": attendance,
            "attendance_rows": _attendance_rows(attendance, organizations, day),
            "attendance_notice": notice,
            "meeting": meeting,
            "committee": committee,
            "conflict_with": conflict_with,
            "stored_attendance": _stored_attendance(conflict_with, organizations, day),
        },
    )


def _stored_attendance(current: Meeting | None, organizations: dict, day) -> list[dict]:
    """What the conflict panel shows of the stored attendance list."""
    if current is None:
        return []
    return [
        {
            "name": organizations[a.organization_id].name_on(day)
            if a.organization_id in organizations
            else "",
            "present": a.present,
            "representatives": a.representatives,
        }
        for a in current.attendances.all()
    ]


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if not (access.committee_ids(RoleKind.STAFF) or access.is_superuser):
        raise Http404
    return _meeting_form_page(request, meeting=None)


@require_safe
@login_required
def attendance_rows(request: HttpRequest) -> HttpResponse:
    """The attendance table of a new meeting for ?committee= (the form's script asks for
    it when the committee is changed)."""
    access = access_for(request.user)
    choices = _new_meeting_committees(access)
    wanted = request.GET.get("committee")
    committee = next((c for c in choices if str(c.pk) == wanted), None)
    if not wanted and choices:
        committee = choices[0]  # as the form opens
    if committee is None:
        raise Http404
    day = timezone.localdate()
    organizations = _attendance_organizations(committee.pk, None, day)
    attendance = AttendanceFormSet(
        prefix="attendance",
        organizations=organizations,
        initial=_attendance_initial(None, organizations.values()),
    )
    return render(
        request,
        "meetings/_attendance.html",
        {
            "attendance": attendance,
            "attendance_rows": _attendance_rows(attendance, organizations, day),
            "committee": committee,
        },
    )


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _access = get_meeting(request, pk, manage=True)
    return _meeting_form_page(request, meeting=meeting)


@login_required
def meeting_next(request: HttpRequest, pk: int) -> HttpResponse:
    """A new meeting for the next period, starting from this one."""
    previous, _access = get_meeting(request, pk, manage=True)
    return _meeting_form_page(
        request, meeting=None, initial=services.next_meeting_initial(previous)
    )


def _citations(cited: Q) -> QuerySet:
    """The labels of the documents cited where ``cited`` says, in the order written."""
    return (
        Citation.objects.filter(cited)
        .order_by("pk")
        .values("report_id", "meeting_id", "conclusion_id", "label")
    )


# The meeting page's reads, whose SQL is the same at every request but for ids, are
# compiled once per process (giaoban/compiled.py): building each cost the ORM 0.3-1 ms.
# A list of report ids is compiled once per length (at most a committee's organizations).
# The documents cited in the reports, in the conclusion, or in both, and in the meeting's
# own words (its summary, joint limitations and statements).
CITED = CompiledQuery(
    lambda reports, conclusion, meeting: _citations(
        Q(report_id__in=reports) | Q(conclusion_id=conclusion) | Q(meeting_id=meeting)
    ),
    reports=list,
    conclusion=int,
    meeting=int,
)
CITED_IN_REPORTS = CompiledQuery(
    lambda reports, meeting: _citations(Q(report_id__in=reports) | Q(meeting_id=meeting)),
    reports=list,
    meeting=int,
)
CITED_IN_CONCLUSION = CompiledQuery(
    lambda conclusion, meeting: _citations(Q(conclusion_id=conclusion) | Q(meeting_id=meeting)),
    conclusion=int,
    meeting=int,
)
CITED_IN_MEETING = CompiledQuery(lambda meeting: _citations(Q(meeting_id=meeting)), meeting=int)

_STATEMENT_FIELDS = ("id", "position", "speaker_name", "speaker_title", "speaking_for", "text")
# The statements made at a meeting, in the order spoken.
STATEMENTS = CompiledQuery(
    lambda meeting: (
        Statement.objects.filter(meeting_id=meeting)
        .order_by("position", "pk")
        .values_list(*_STATEMENT_FIELDS)
    ),
    meeting=int,
)


def _statements(meeting: Meeting) -> list[Statement]:
    """The meeting's statements (none read when ``get_meeting`` found it has none)."""
    if not getattr(meeting, "has_statements", True):
        return []
    db = Statement.objects.db
    return [
        Statement.from_db(db, _STATEMENT_FIELDS, row)
        for row in STATEMENTS.fetch(meeting=meeting.pk)
    ]


def _meeting_context(request: HttpRequest, meeting: Meeting, access) -> dict:
    """Everything the meeting page and the printable page show of ``meeting`` (read with
    its conclusion: ``get_meeting(…, with_conclusion=True)``), in a fixed number of queries
    (each costs about a millisecond of the ORM's time: rows are grouped here rather than
    prefetched, and what is only shown is read as values)."""
    # A reporter sees whether other organizations have reported, not their drafts.
    reports = _reports(access, meeting)
    by_org = {r.organization_id: r for r in reports}
    proposals: dict[int, list[Proposal]] = {r.pk: [] for r in reports}
    if reports:
        for proposal in _proposals(list(proposals)):
            proposals[proposal.report_id].append(proposal)
    for report in reports:
        report.shown_proposals = proposals[report.pk]
    day = meeting.reference_date
    # The committee's organizations under the names they bore on the meeting's day, not
    # today's: the reporting ones make the rows, all of them name the attendance.
    organizations = _organizations(meeting.committee_id, day, meeting_id=meeting.pk)
    report_rows = [
        {"organization": org, "name": org.name, "report": by_org.get(org.pk)}
        for org in organizations
        if org.reports_at_meetings and org.valid
    ]
    # Read with the meeting (get_meeting), with the latest version of its signed notice.
    conclusion = getattr(meeting, "conclusion", None)
    if conclusion is not None:
        conclusion.signed_version = meeting.signed_version
    hidden_draft = conclusion and conclusion.status != ConclusionStatus.ISSUED
    if hidden_draft and not access.reads_drafts_of(meeting.committee_id):
        conclusion = None
    statements = _statements(meeting)
    # The documents cited in the reports, in the conclusion and in the meeting's own
    # words, in one query.
    own_words = bool(meeting.summary or meeting.joint_limitations or statements)
    if reports and conclusion:
        citations = CITED.fetch(
            reports=list(proposals), conclusion=conclusion.pk, meeting=meeting.pk
        )
    elif reports:
        citations = CITED_IN_REPORTS.fetch(reports=list(proposals), meeting=meeting.pk)
    elif conclusion:
        citations = CITED_IN_CONCLUSION.fetch(conclusion=conclusion.pk, meeting=meeting.pk)
    elif own_words:
        citations = CITED_IN_MEETING.fetch(meeting=meeting.pk)
    else:
        citations = []
    meeting.cited = [c for c in citations if c["meeting_id"] == meeting.pk]
    for report in reports:
        report.cited = [c for c in citations if c["report_id"] == report.pk]
    directives = []
    if conclusion:
        conclusion.cited = [c for c in citations if c["conclusion_id"] == conclusion.pk]
        if conclusion.status != ConclusionStatus.ISSUED:
            conclusion.signed_version = None
        directives = _directives(conclusion, organizations)
    # Read with the organizations, in their order.
    attendances = [
        _Attendee(org.name, org.present, org.representatives)
        for org in organizations
        if org.present is not None
    ]
    today = timezone.localdate()
    return {
        "meeting": meeting,
        "statements": statements,
        "report_rows": report_rows,
        "today": today,
        "deadline_groups": deadlines.group(report_rows, meeting.reports_due_on, today),
        "report_count": len(reports),
        "reported_count": sum(1 for r in reports if r.status != ReportStatus.DRAFT),
        "conclusion": conclusion,
        "directives": directives,
        "attendances": attendances,
        "is_staff": access.is_staff_of(meeting.committee_id),
        "may_issue": access.may_issue_conclusion(meeting.committee_id),
        "own_organizations": access.organization_ids(),
        "reads_proposals": access.reads_proposals_of(meeting.committee_id),
    }


def _file_count() -> RawSQL:
    """The number of files of each report of a reports' query, those removed left out.
    Written out: the ORM's ``Count`` over a join, or a ``Subquery``, costs about 2,000
    function calls to build (half a millisecond), as much as the rest of the query."""
    files = Report.attachments.rel.related_model._meta
    quote = connection.ops.quote_name
    return RawSQL(
        f"SELECT COUNT(*) FROM {quote(files.db_table)} "
        f"WHERE {quote(files.get_field('report').column)} = "
        f"{quote(Report._meta.db_table)}.{quote(Report._meta.pk.column)} "
        f"AND {quote(files.get_field('archived_at').column)} IS NULL",
        (),
        output_field=IntegerField(),
    )


class _Organization(NamedTuple):
    pk: int
    name: str  # the name it bore on the day asked for
    reports_at_meetings: bool
    valid: bool  # whether it existed on that day
    display_order: int
    present: bool | None = None  # at the meeting asked for; None: not invited
    representatives: str = ""


def _organizations(committee_id: int, day, *, meeting_id: int | None = None) -> list[_Organization]:
    """The committee's organizations in their order, each under the name it bore on
    ``day`` (``organizations.models.dated_name``: the earliest-starting name valid that
    day, else its current name) and, with ``meeting_id``, with its attendance at that
    meeting. Read with their names in a join, one row per organization and name: a
    correlated subquery cost the ORM 2,400 function calls more."""
    if meeting_id is None:
        rows = _organization_rows(committee_id)
    else:
        rows = ORGANIZATIONS_AT.fetch(committee_id=committee_id, meeting_id=meeting_id)
    organizations: list[_Organization] = []
    dated: dict[int, tuple] = {}  # the name of the day found so far, with its start
    for row in rows:
        pk, valid_from, valid_until, other, starts, ends = row[0], *row[-5:]
        if not organizations or organizations[-1].pk != pk:
            name, reports, position, *attended = row[1:-5]
            valid = _valid_on(day, valid_from, valid_until)
            organizations.append(_Organization(pk, name, reports, valid, position, *attended))
        if other is not None and _valid_on(day, starts, ends):
            earlier = dated.get(pk)
            if earlier is None or _starts_before(starts, earlier[0]):
                dated[pk] = (starts, other)
    return [
        org._replace(name=dated[org.pk][1] or org.name) if org.pk in dated else org
        for org in organizations
    ]


def _organization_rows(committee_id: int, meeting_id: int | None = None) -> QuerySet:
    """The rows of ``_organizations``: one per organization and name."""
    rows = Organization.objects.filter(committee_id=committee_id)
    attendance = ("present", "representatives") if meeting_id is not None else ()
    if attendance:
        rows = rows.annotate(**_attendance_at(meeting_id))
    return rows.order_by(
        "display_order", "name", "pk", "names__valid_from", "names__pk"
    ).values_list(
        "pk",
        "name",
        "reports_at_meetings",
        "display_order",
        *attendance,
        "valid_from",
        "valid_until",
        "names__name",
        "names__valid_from",
        "names__valid_until",
    )


ORGANIZATIONS_AT = CompiledQuery(_organization_rows, committee_id=int, meeting_id=int)


def _attendance_at(meeting_id: int) -> dict[str, RawSQL]:
    """Whether each organization was present at the meeting (NULL: not invited) and who
    represented it, by written-out subqueries on the attendance's unique (meeting,
    organization): a query of its own cost 800 function calls, an ORM ``Subquery`` 1,000
    each. Attendance belongs to the meeting's committee's organizations only
    (``services.save_meeting`` refuses any other)."""
    table = Attendance._meta
    quote = connection.ops.quote_name
    organization = f"{quote(Organization._meta.db_table)}.{quote(Organization._meta.pk.column)}"

    def column(name: str, output_field) -> RawSQL:
        return RawSQL(
            f"SELECT {quote(table.get_field(name).column)} FROM {quote(table.db_table)} "
            f"WHERE {quote(table.get_field('meeting').column)} = %s "
            f"AND {quote(table.get_field('organization').column)} = {organization}",
            (meeting_id,),
            output_field=output_field,
        )

    return {
        "present": column("present", BooleanField()),
        "representatives": column("representatives", CharField()),
    }


def _valid_on(day, valid_from, valid_until) -> bool:
    """``Validity.is_valid_on``, for values."""
    return (valid_from is None or valid_from <= day) and (valid_until is None or valid_until > day)


def _starts_before(start, other) -> bool:
    """Whether a validity starting at ``start`` comes first (no start comes first of all)."""
    if start is None:
        return other is not None
    return other is not None and start < other


class _Attendee(NamedTuple):
    display_name: str
    present: bool
    representatives: str


_USER_FIELDS = ("id", "username", "full_name")  # what User.get_full_name() reads


def _with_names(reports: QuerySet[Report]) -> QuerySet[Report]:
    """``reports`` with their ``attachment_count`` and the names of who submitted and
    accepted them (joined as values, the users cost the ORM 1,000 function calls less
    than ``select_related``)."""
    return reports.annotate(
        attachment_count=_file_count(),
        submitted_by_username=F("submitted_by__username"),
        submitted_by_full_name=F("submitted_by__full_name"),
        accepted_by_username=F("accepted_by__username"),
        accepted_by_full_name=F("accepted_by__full_name"),
    )


# The reports of a meeting, for whoever reads them all (see CITED about compiling).
EVERY_REPORT = CompiledQuery(
    lambda meeting: _with_names(Report.objects.filter(meeting_id=meeting).order_by()),
    meeting=int,
)


def _reports(access, meeting: Meeting) -> list[Report]:
    """The reports of ``meeting`` the user reads (``reports_of``), each with its
    ``attachment_count`` and who submitted and accepted it."""
    if reads_every_report_of(access, meeting):  # reports_of: the meeting's reports
        reports = EVERY_REPORT.fetch(meeting=meeting.pk)
    else:
        reports = list(_with_names(reports_of(access, meeting)))
    db = Report.objects.db
    for report in reports:
        for user in ("submitted_by", "accepted_by"):
            pk = getattr(report, f"{user}_id")
            names = getattr(report, f"{user}_username"), getattr(report, f"{user}_full_name")
            setattr(report, user, User.from_db(db, _USER_FIELDS, (pk, *names)) if pk else None)
    return reports


_PROPOSAL_FIELDS = (
    "id",
    "report_id",
    "position",
    "text",
    "addressed_to",
    "disposition",
    "response",
    "referred_to",
)

PROPOSALS = CompiledQuery(
    lambda reports: (
        Proposal.objects.filter(report_id__in=reports)
        .order_by("position", "pk")
        .values_list(*_PROPOSAL_FIELDS)
    ),
    reports=list,
)


def _proposals(report_ids: list[int]) -> list[Proposal]:
    """The proposals of the reports, with what the page shows of them (read as values:
    model instances built from them cost less than the ORM's own)."""
    db = Proposal.objects.db
    return [
        Proposal.from_db(db, _PROPOSAL_FIELDS, row) for row in PROPOSALS.fetch(reports=report_ids)
    ]


class _Assignee(NamedTuple):
    is_lead: bool
    display_name: str


# What the conclusion's body shows of a directive (meetings/conclusion_html.py) and its
# version (meetings/fragments.py).
_DIRECTIVE_FIELDS = (
    "id",
    "position",
    "text",
    "to_all_organizations",
    "group_name",
    "due_date",
    "due_period_year",
    "due_period_kind",
)


DIRECTIVES = CompiledQuery(
    lambda conclusion: (
        Directive.objects.filter(conclusion_id=conclusion)
        .order_by("position", "pk", "assignments__pk")
        .values_list(*_DIRECTIVE_FIELDS, "assignments__organization_id", "assignments__is_lead")
    ),
    conclusion=int,
)


def _directives(conclusion: Conclusion, organizations: list[_Organization]) -> list[Directive]:
    """The conclusion's directives, each with its ``assignees``: the lead first, then in
    the order of the committee's ``organizations`` (under their names of the meeting's
    day), in one query: one row per directive and assignment. Sorted here, not in SQL:
    ordering through the organizations cost the ORM 1,300 function calls more."""
    rows = DIRECTIVES.fetch(conclusion=conclusion.pk)
    known = {org.pk: org for org in organizations}
    last = float("inf")  # an organization of another committee: none is offered

    def order(assignee: tuple) -> tuple:
        org = known.get(assignee[0])
        return (not assignee[1], org.display_order if org else last)

    directives: list[Directive] = []
    width, db = len(_DIRECTIVE_FIELDS), Directive.objects.db
    for row in rows:
        if not directives or directives[-1].pk != row[0]:
            directive = Directive.from_db(db, _DIRECTIVE_FIELDS, row[:width])
            directive.assignees = []
            directives.append(directive)
        if row[width] is not None:
            directives[-1].assignees.append(row[width:])
    for directive in directives:
        # A stable sort: assignments in the order they were made within each rank.
        directive.assignees = [
            _Assignee(is_lead, known[pk].name if pk in known else "")
            for pk, is_lead in sorted(directive.assignees, key=order)
        ]
    return directives


@require_safe
@login_required
@kept_between_changes(depends=pagecache.meeting_page("pk"))
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk, with_conclusion=True)
    return render(
        request, "meetings/meeting_detail.html", _meeting_context(request, meeting, access)
    )


@require_safe
@login_required
@kept_between_changes(depends=pagecache.meeting_page("pk"))
def meeting_print(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, access = get_meeting(request, pk, with_conclusion=True)
    return render(
        request, "meetings/meeting_print.html", _meeting_context(request, meeting, access)
    )
