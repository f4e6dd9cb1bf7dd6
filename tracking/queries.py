"""Reusable reads of the follow-up."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from giaoban.compiled import CompiledQuery
from meetings.models import Conclusion, ConclusionStatus, Directive, Meeting
from meetings.periods import Period
from organizations.access import Access, pick_committee
from organizations.models import Organization, PartyCommittee
from tracking import stats
from tracking.forms import BoardFilterForm
from tracking.models import OPEN_PROGRESS, DirectiveAssignment, Status, status_condition, status_of


def open_assignments_before(meeting: Meeting) -> QuerySet[DirectiveAssignment]:
    """Unfinished parts of directives given by issued conclusions of earlier meetings."""
    return (
        DirectiveAssignment.objects.open()
        .filter(
            directive__conclusion__meeting__committee_id=meeting.committee_id,
            directive__conclusion__meeting__period_end__lt=meeting.period_end,
            directive__conclusion__status=ConclusionStatus.ISSUED,
            directive__archived_at__isnull=True,
        )
        .select_related("directive__conclusion__meeting", "organization")
        .order_by("directive__deadline", "directive__conclusion__meeting__period_end", "pk")
    )


def assignees_of(conclusion: Conclusion) -> dict[int, list[tuple[int, bool]]]:
    """The organizations each directive of ``conclusion`` is given to, by directive id:
    ``(organization id, is lead)``, the lead first (one query, plain values: the
    conclusion form shows them, it does not change the parts themselves)."""
    if conclusion.pk is None:
        return {}
    given: dict[int, list[tuple[int, bool]]] = {}
    for directive_id, organization_id, is_lead in ASSIGNEES.fetch(conclusion=conclusion.pk):
        given.setdefault(directive_id, []).append((organization_id, is_lead))
    return given


ASSIGNEES = CompiledQuery(
    lambda conclusion: (
        DirectiveAssignment.objects.filter(directive__conclusion_id=conclusion)
        .order_by("directive_id", "-is_lead", "organization__display_order", "pk")
        .values_list("directive_id", "organization_id", "is_lead")
    ),
    conclusion=int,
)


def parts_of(organization: Organization, ids) -> dict[int, DirectiveAssignment]:
    """The parts of ``organization`` with these ids, open or not, with their directive (one
    query): a form's rows whose part was finished since the form was opened."""
    ids = [pk for pk in ids if pk is not None and 0 < pk < 2**63]
    return (
        DirectiveAssignment.objects.filter(organization=organization)
        .select_related("directive__conclusion__meeting", "organization")
        .in_bulk(ids)
    )


def open_directives_before(
    meeting: Meeting, *, closed_by: Conclusion | None = None
) -> QuerySet[Directive]:
    """Directives of earlier issued conclusions that still have an unfinished part; with
    ``closed_by``, each says in ``closed_here`` whether that conclusion closes it."""
    queryset = Directive.objects.all()
    if closed_by is not None:
        closes = Conclusion.closes.through.objects.filter(
            conclusion_id=closed_by.pk, directive_id=OuterRef("pk")
        )
        queryset = queryset.annotate(closed_here=Exists(closes))
    return (
        queryset.filter(
            conclusion__meeting__committee_id=meeting.committee_id,
            conclusion__meeting__period_end__lt=meeting.period_end,
            conclusion__status=ConclusionStatus.ISSUED,
        )
        .filter(Exists(DirectiveAssignment.objects.open().filter(directive=OuterRef("pk"))))
        .select_related("conclusion__meeting")
        .order_by("deadline", "conclusion__meeting__period_end", "position")
    )


SORTS = {
    "deadline": [F("directive__deadline").asc(nulls_last=True), "pk"],
    "-deadline": [F("directive__deadline").desc(nulls_last=True), "-pk"],
    "-origin": ["-directive__conclusion__meeting__period_end", "directive__position", "pk"],
    "organization": ["organization__display_order", "organization__name", "pk"],
    "status": ["status", F("directive__deadline").asc(nulls_last=True), "pk"],
}


@dataclass
class BoardQuery:
    """The board's committee, filter form and rows, shared by the page and its spreadsheet."""

    committee: PartyCommittee
    committees: object
    form: BoardFilterForm
    base: object  # every tracked part of the committee
    ordered: object  # filtered and sorted; its status is in its SQL only to filter or sort
    counts: dict[str, int]  # by status, before filtering by status
    today: object
    total: int  # the number of rows, known from the counts

    @property
    def rows(self) -> QuerySet[DirectiveAssignment]:
        """The rows as model instances with their ``status``, and their directive,
        conclusion, meeting and organization (the spreadsheet's)."""
        rows = self.ordered
        if "status" not in rows.query.annotations:
            rows = rows.with_status(self.today)
        return rows.select_related("directive__conclusion__meeting", "organization").defer(
            *LONG_TEXTS
        )


# What the board's rows and its spreadsheet do not show of their conclusion and meeting.
LONG_TEXTS = [
    *(f"directive__conclusion__{name}" for name in ("assessment", "shortcomings", "orientation")),
    *(
        f"directive__conclusion__meeting__{name}"
        for name in ("summary", "notes", "other_attendees")
    ),
]


def board_query(request: HttpRequest, access: Access) -> BoardQuery:
    committee, committees = pick_committee(request, access)
    today = timezone.localdate()
    base = stats.issued_parts().filter(directive__conclusion__meeting__committee=committee)
    organizations = Organization.objects.filter(committee=committee).order_by(
        "display_order", "name"
    )
    # Newest first; of two that end together, the longer first (Period's order, reversed).
    periods = [
        Period(y, k)
        for y, k in Meeting.objects.filter(committee=committee, conclusion__isnull=False)
        .order_by("-period_end", "period_start")
        .values_list("period_year", "period_kind")
        .distinct()
    ]
    form = BoardFilterForm(request.GET or None, organizations=organizations, periods=periods)
    filtered = base
    if form.is_valid():
        data = form.cleaned_data
        if data["organization"]:
            filtered = filtered.filter(organization=data["organization"])
        if data["origin"]:
            origin = Period.parse(data["origin"])
            filtered = filtered.filter(
                directive__conclusion__meeting__period_year=origin.year,
                directive__conclusion__meeting__period_kind=origin.kind,
            )
        if data["due_from"]:
            filtered = filtered.filter(directive__deadline__gte=data["due_from"])
        if data["due_to"]:
            filtered = filtered.filter(directive__deadline__lte=data["due_to"])
        if data["q"]:
            filtered = filtered.filter(directive__text__icontains=data["q"])
    counts = stats.count_statuses(filtered, today)
    status = form.cleaned_data.get("status") if form.is_valid() else ""
    sort = (form.cleaned_data.get("sort") if form.is_valid() else "") or "deadline"
    if status:
        filtered = filtered.filter(status_condition(status, today))
    if sort == "status":
        filtered = filtered.with_status(today)
    ordered = filtered.order_by(*SORTS[sort])
    total = counts.get(status, 0) if status else sum(counts.values())
    return BoardQuery(committee, committees, form, base, ordered, counts, today, total)


@dataclass(frozen=True)
class BoardRow:
    """A row of the board: what it shows of a part, its directive and where it was given."""

    pk: int
    version: int
    directive_id: int
    text: str
    organization: str  # its name
    is_lead: bool
    period: Period  # of the meeting that gave the directive
    deadline: dt.date | None
    status: str
    progress_at: dt.datetime | None
    forgotten: bool


# The columns of a board row, read as plain values (no model instances).
BOARD_ROW_COLUMNS = (
    "pk",
    "version",
    "directive_id",
    "directive__text",
    "organization__name",
    "is_lead",
    "directive__conclusion__meeting__period_year",
    "directive__conclusion__meeting__period_kind",
    "directive__conclusion__meeting__period_end",
    "directive__deadline",
    "progress",
    "completed_on",
    "progress_at",
)


def board_values(ordered: QuerySet[DirectiveAssignment]) -> QuerySet:
    """The board's rows (``BoardQuery.ordered``) as the tuples of ``BOARD_ROW_COLUMNS``:
    slice it for a page, then ``board_rows_of``."""
    return ordered.values_list(*BOARD_ROW_COLUMNS)


def board_rows_of(values, today: dt.date) -> list[BoardRow]:
    """``board_values`` tuples as rows, with their status and whether they are forgotten
    (``stats.with_forgotten``), found in Python."""
    cutoff = stats.forgotten_cutoff(today)
    periods: dict[tuple[int, str], Period] = {}
    rows = []
    for (
        pk,
        version,
        directive_id,
        text,
        organization,
        is_lead,
        year,
        kind,
        period_end,
        deadline,
        progress,
        completed_on,
        progress_at,
    ) in values:
        period = periods.get((year, kind))
        if period is None:
            period = periods[(year, kind)] = Period(year, kind)
        rows.append(
            BoardRow(
                pk,
                version,
                directive_id,
                text,
                organization,
                is_lead,
                period,
                deadline,
                status_of(progress, completed_on, deadline, today),
                progress_at,
                deadline is None and progress in OPEN_PROGRESS and period_end < cutoff,
            )
        )
    return rows


@dataclass(frozen=True)
class RecentDirective:
    """A row of an organization's recent directives."""

    directive_id: int
    text: str
    period: Period  # of the meeting that gave the directive
    status: str


def directives_of_organization(
    parts: QuerySet[DirectiveAssignment], today: dt.date, count: int = 30
) -> tuple[dict[str, int], list[RecentDirective]]:
    """The counts by status of an organization's ``parts`` and the latest ``count`` of them
    (by the period that gave them, then their place in the conclusion), in one query: an
    organization has a few hundred parts at most, and the counts read them all anyway."""
    rows = stats.statuses(
        parts,
        today,
        "directive_id",
        "directive__text",
        "directive__conclusion__meeting__period_year",
        "directive__conclusion__meeting__period_kind",
        "directive__conclusion__meeting__period_end",
        "directive__position",
    )
    counts = dict.fromkeys(Status.values, 0)
    counts.update(Counter(row[-1] for row in rows))
    rows.sort(key=lambda row: (-row[4].toordinal(), row[5]))
    recent = [
        RecentDirective(directive_id, text, Period(year, kind), status)
        for directive_id, text, year, kind, _end, _position, status in rows[:count]
    ]
    return counts, recent
