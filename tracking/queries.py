"""Reusable reads of the follow-up."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, F, OuterRef, QuerySet, Subquery, Value, When
from django.http import HttpRequest
from django.utils import timezone

from giaoban.compiled import CompiledQuery
from meetings.models import Conclusion, ConclusionStatus, Directive, Meeting
from meetings.periods import Period
from organizations.access import Access, pick_committee
from organizations.models import Organization, PartyCommittee
from tracking import stats
from tracking.forms import BoardFilterForm
from tracking.models import DirectiveAssignment, Status, condition_on, status_as_of


def open_assignments_before(
    meeting: Meeting, committees: list[int] | None = None
) -> QuerySet[DirectiveAssignment]:
    """Unfinished parts of directives given by issued conclusions of earlier meetings of
    ``committees`` (the meeting's committee and those merged into it unless given)."""
    return (
        DirectiveAssignment.objects.open()
        .filter(
            directive__conclusion__meeting__committee_id__in=committees
            or meeting.committee.lineage_ids(),
            directive__conclusion__meeting__period_end__lt=meeting.period_end,
            directive__conclusion__status=ConclusionStatus.ISSUED,
            directive__archived_at__isnull=True,
        )
        .select_related("directive__conclusion__meeting__committee", "organization")
        .order_by("directive__deadline", "directive__conclusion__meeting__period_end", "pk")
    )


def assignees_of(
    conclusion: Conclusion, display_order: Mapping[int, int]
) -> dict[int, list[tuple[int, bool]]]:
    """The organizations each directive of ``conclusion`` is given to, by directive id:
    ``(organization id, is lead)``, the lead first, then by the organizations'
    ``display_order`` (given: the page's organizations, by id; one it does not offer
    comes after those it does), then by part (one query of the parts alone, plain
    values: the conclusion form shows them, it does not change the parts themselves)."""
    if conclusion.pk is None:
        return {}
    last = max(display_order.values(), default=0) + 1  # after every order given
    parts = sorted(
        ASSIGNEES.fetch(conclusion=conclusion.pk),
        key=lambda part: (part[0], not part[2], display_order.get(part[1], last), part[3]),
    )
    given: dict[int, list[tuple[int, bool]]] = {}
    for directive_id, organization_id, is_lead, _pk in parts:
        given.setdefault(directive_id, []).append((organization_id, is_lead))
    return given


# In no order: the model's ordering, by the organizations' display order, joined every
# organization for it (120 for a conclusion of 40 directives); sorted above instead.
ASSIGNEES = CompiledQuery(
    lambda conclusion: (
        DirectiveAssignment.objects.filter(directive__conclusion_id=conclusion)
        .order_by()
        .values_list("directive_id", "organization_id", "is_lead", "pk")
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
    meeting: Meeting,
    *,
    closed_by: Conclusion | None = None,
    committees: list[int] | None = None,
) -> QuerySet[Directive]:
    """Directives of earlier issued conclusions (of ``committees``: the meeting's committee
    and those merged into it unless given) that still have an unfinished part; with
    ``closed_by``, each says in ``closed_here`` whether that conclusion closes it."""
    queryset = Directive.objects.all()
    if closed_by is not None:
        closes = Conclusion.closes.through.objects.filter(
            conclusion_id=closed_by.pk, directive_id=OuterRef("pk")
        )
        queryset = queryset.annotate(closed_here=Exists(closes))
    return (
        queryset.filter(
            conclusion__meeting__committee_id__in=committees or meeting.committee.lineage_ids(),
            conclusion__meeting__period_end__lt=meeting.period_end,
            conclusion__status=ConclusionStatus.ISSUED,
        )
        .filter(Exists(DirectiveAssignment.objects.open().filter(directive=OuterRef("pk"))))
        .select_related("conclusion__meeting__committee")
        # (The id last: rows that tie on the rest come in one order, whichever query
        # reads them: a page only opened and a form sent back pair rows by position.)
        .order_by("deadline", "conclusion__meeting__period_end", "position", "pk")
    )


SORTS = {
    "deadline": [F("directive__deadline").asc(nulls_last=True), "pk"],
    "-deadline": [F("directive__deadline").desc(nulls_last=True), "-pk"],
    "-origin": ["-directive__conclusion__meeting__period_end", "directive__position", "pk"],
    "organization": ["organization__display_order", "organization__name", "pk"],
    "status": ["status", F("directive__deadline").asc(nulls_last=True), "pk"],
    # The overdue parts first, the longest overdue (the earliest deadline) first.
    "overdue": [
        Case(When(status=Status.OVERDUE, then=Value(0)), default=Value(1)),
        F("directive__deadline").asc(nulls_last=True),
        "pk",
    ],
}
# The sorts by the status of the day, annotated for them (``with_status``).
SORTS_BY_STATUS = frozenset({"status", "overdue"})


@dataclass
class BoardQuery:
    """The board's committee, filter form and rows, shared by the page and its spreadsheet."""

    committee: PartyCommittee
    committees: object
    form: BoardFilterForm
    counts: dict[str, int]  # by status, before filtering by status
    today: dt.date
    total: int  # the number of rows, known from the counts
    filters: dict  # the form's filters but the status and the sort (empty values left out)
    status: str
    sort: str
    # Whether ``today`` is a day before today (``?on=``): the statuses of that day, only
    # the progress that had happened by then counted (``status_condition_as_of``).
    past: bool = False

    @cached_property
    def base(self) -> QuerySet[DirectiveAssignment]:
        """Every tracked part of the committee."""
        return committee_parts(self.committee.lineage_ids())

    @cached_property
    def ordered(self) -> QuerySet[DirectiveAssignment]:
        """Filtered and sorted; its status is in its SQL only to filter or sort."""
        return ordered_parts(
            filtered_parts(self.base, **self.filters),
            self.status,
            self.sort,
            self.today,
            past=self.past,
        )

    @property
    def rows(self) -> QuerySet[DirectiveAssignment]:
        """The rows as model instances with their ``status``, and their directive,
        conclusion, meeting and organization (the spreadsheet's)."""
        rows = self.ordered
        if "status" not in rows.query.annotations:
            rows = rows.with_status(self.today, past=self.past)
        return rows.select_related("directive__conclusion__meeting", "organization").defer(
            *LONG_TEXTS
        )

    def page(self, number, size: int) -> Page:
        """The page ``number`` (any value the user sent) of the rows as ``BoardRow``s, in
        one query (none when there is no row): compiled for the first pages of the
        filters that a compiled query can take (``COMPILED_FILTERS``)."""
        paginator = Paginator([], size)
        paginator.count = self.total  # a cached property: set, it is not computed
        page = paginator.get_page(number)
        start = (page.number - 1) * size
        if not self.total:
            values = []
        elif (
            not self.past
            and self.filters.keys() <= COMPILED_FILTERS.keys()
            and page.number <= COMPILED_PAGES
        ):
            rows = board_page_query(
                tuple(sorted(self.filters)), self.status, self.sort, start, size
            )
            values = rows.fetch(**self.values_for(rows))
        else:
            values = list(board_values(self.ordered)[start : start + size])
        page.object_list = board_rows_of(values, self.today)
        return page

    def values_for(self, query: CompiledQuery) -> dict:
        """The values of a compiled query of the board: the committee, the filters, and
        the day when it needs it."""
        values = {"committees": self.committee.lineage_ids(), **self.filters}
        if "today" in query.kinds:
            values["today"] = self.today
        return values


# What the board's rows and its spreadsheet do not show of their conclusion and meeting.
LONG_TEXTS = [
    *(f"directive__conclusion__{name}" for name in ("assessment", "shortcomings", "orientation")),
    *(
        f"directive__conclusion__meeting__{name}"
        for name in ("summary", "notes", "other_attendees")
    ),
]

# The filters a compiled query of the board takes as values (the others, a period of
# origin and a text, are built by the ORM at each request), and the pages compiled.
COMPILED_FILTERS = {"organization": int, "due_from": dt.date, "due_to": dt.date}
COMPILED_PAGES = 5


def committee_parts(committees: list[int]) -> QuerySet[DirectiveAssignment]:
    """The tracked parts of the directives of ``committees`` (a committee and those
    merged into it: ``PartyCommittee.lineage_ids``)."""
    return stats.issued_parts().filter(directive__conclusion__meeting__committee_id__in=committees)


def filtered_parts(
    parts: QuerySet[DirectiveAssignment],
    *,
    organization: int | None = None,
    origin: Period | None = None,
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    q: str = "",
) -> QuerySet[DirectiveAssignment]:
    """``parts`` filtered by the board's filters but the status (only those given)."""
    if organization is not None:
        parts = parts.filter(organization_id=organization)
    if origin is not None:
        parts = parts.filter(
            directive__conclusion__meeting__period_year=origin.year,
            directive__conclusion__meeting__period_kind=origin.kind,
        )
    if due_from is not None:
        parts = parts.filter(directive__deadline__gte=due_from)
    if due_to is not None:
        parts = parts.filter(directive__deadline__lte=due_to)
    if q:
        parts = parts.filter(directive__text__icontains=q)
    return parts


def ordered_parts(
    parts: QuerySet[DirectiveAssignment],
    status: str,
    sort: str,
    today: dt.date,
    *,
    past: bool = False,
) -> QuerySet[DirectiveAssignment]:
    """``parts`` of ``status`` (any when empty) on ``today`` (a ``past`` day: as they were
    then), sorted by ``sort`` (``SORTS``)."""
    if status:
        parts = parts.filter(condition_on(status, today, past=past))
    if sort in SORTS_BY_STATUS:
        parts = parts.with_status(today, past=past)
    return parts.order_by(*SORTS[sort])


@lru_cache(maxsize=8)
def board_counts_query(filters: tuple[str, ...]) -> CompiledQuery:
    """``status_counts`` of the board's parts filtered by ``filters`` (their names)."""
    return CompiledQuery(
        lambda committees, today, **values: status_counts(
            filtered_parts(committee_parts(committees), **values), today
        ),
        committees=list,
        today=dt.date,
        **{name: COMPILED_FILTERS[name] for name in filters},
    )


def status_counts(
    parts: QuerySet[DirectiveAssignment], today: dt.date, *, past: bool = False
) -> QuerySet:
    """The number of ``parts`` (of one committee) of each status on ``today`` (a ``past``
    day: as they were then), counted by
    the database in one row (none when there is no part): a committee has hundreds of
    parts at nation scale, and reading them all to count them in Python cost more."""
    return (
        parts.order_by()
        .values("directive__conclusion__meeting__committee_id")
        .annotate(
            **{
                status: Count("pk", filter=condition_on(status, today, past=past))
                for status in Status.values
            }
        )
    )


def counts_of(rows: list[dict]) -> dict[str, int]:
    """The counts of ``status_counts``' rows, by status (every status, zero if none)."""
    counts = dict.fromkeys(Status.values, 0)
    for row in rows:
        for status in counts:
            counts[status] += row[status]
    return counts


@lru_cache(maxsize=64)
def board_page_query(
    filters: tuple[str, ...], status: str, sort: str, start: int, size: int
) -> CompiledQuery:
    """The ``board_values`` of one page of the board (its slice is written into the SQL:
    one compiled query per page)."""
    # The status's condition, or its expression to sort by, may not depend on the day.
    some_day, next_day = dt.date(2000, 1, 1), dt.date(2000, 1, 2)
    uses_today = sort in SORTS_BY_STATUS or (
        bool(status)
        and condition_on(status, some_day, past=False) != condition_on(status, next_day, past=False)
    )

    def build(committees, today=None, **values):
        parts = filtered_parts(committee_parts(committees), **values)
        return board_values(ordered_parts(parts, status, sort, today))[start : start + size]

    return CompiledQuery(
        build,
        committees=list,
        **({"today": dt.date} if uses_today else {}),
        **{name: COMPILED_FILTERS[name] for name in filters},
    )


BOARD_ORGANIZATIONS = CompiledQuery(
    lambda committee: Organization.objects.filter(committee_id=committee).order_by(
        "display_order", "name"
    ),
    committee=int,
)

# The periods that gave the committee's directives (of meetings with a conclusion).
BOARD_PERIODS = CompiledQuery(
    lambda committees: (
        Meeting.objects.filter(committee_id__in=committees, conclusion__isnull=False)
        .order_by("-period_end", "period_start")
        .values_list("period_year", "period_kind")
        .distinct()
    ),
    committees=list,
)


def board_query(request: HttpRequest, access: Access) -> BoardQuery:
    committee, committees = pick_committee(request, access)
    today = timezone.localdate()
    past = False
    organizations = Organization.objects.filter(committee=committee).order_by(
        "display_order", "name"
    )
    # Newest first; of two that end together, the longer first (Period's order, reversed).
    periods = [Period(y, k) for y, k in BOARD_PERIODS.fetch(committees=committee.lineage_ids())]
    form = BoardFilterForm(
        request.GET or None,
        organizations=organizations,
        organization_rows=BOARD_ORGANIZATIONS.fetch(committee=committee.pk),
        periods=periods,
    )
    filters = {}
    status = ""
    sort = "deadline"
    if form.is_valid():
        data = form.cleaned_data
        if data["organization"]:
            filters["organization"] = data["organization"].pk
        if data["origin"]:
            filters["origin"] = Period.parse(data["origin"])
        for name in ("due_from", "due_to", "q"):
            if data[name]:
                filters[name] = data[name]
        status = data.get("status") or ""
        sort = data.get("sort") or "deadline"
        if data.get("on") and data["on"] < today:
            today, past = data["on"], True
    if past:
        parts = filtered_parts(committee_parts(committee.lineage_ids()), **filters)
        rows = list(status_counts(parts, today, past=True))
    elif filters.keys() <= COMPILED_FILTERS.keys():
        rows = board_counts_query(tuple(sorted(filters))).fetch(
            committees=committee.lineage_ids(), today=today, **filters
        )
    else:
        parts = filtered_parts(committee_parts(committee.lineage_ids()), **filters)
        rows = list(status_counts(parts, today))
    counts = counts_of(rows)
    total = counts.get(status, 0) if status else sum(counts.values())
    return BoardQuery(
        committee, committees, form, counts, today, total, filters, status, sort, past
    )


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
    position: int = 0  # the directive's number in its notice
    notice: str = ""  # the notice's number ("45-TB/TU"), when given
    compiles: bool = False  # the lead of a directive to a named group: it compiles

    def days_overdue(self, today: dt.date) -> int | None:
        """How many days past its deadline an overdue part is (None when it is not)."""
        if self.status != Status.OVERDUE or self.deadline is None:
            return None
        return (today - self.deadline).days


# The columns of a board row, read as plain values (no model instances).
BOARD_ROW_COLUMNS = (
    "pk",
    "version",
    "directive_id",
    "directive__text",
    "organization_name",
    "is_lead",
    "directive__conclusion__meeting__period_year",
    "directive__conclusion__meeting__period_kind",
    "directive__conclusion__meeting__period_end",
    "directive__deadline",
    "progress",
    "completed_on",
    "progress_at",
    "directive__position",
    "directive__conclusion__notice_number",
    "directive__group_name",
    "started_on",
    "progress_on",
)


def board_values(ordered: QuerySet[DirectiveAssignment]) -> QuerySet:
    """The board's rows (``BoardQuery.ordered``) as the tuples of ``BOARD_ROW_COLUMNS``:
    slice it for a page, then ``board_rows_of``.

    The organization's name is a subquery of each row rather than a join: PostgreSQL
    reads it only for the rows of the page, after sorting all of the committee's parts
    and taking those of the page (a join read it for each of them, hundreds at nation
    scale, and gave its planner one more table to order)."""
    name = Organization.objects.filter(pk=OuterRef("organization_id")).order_by().values("name")
    return ordered.annotate(organization_name=Subquery(name)).values_list(*BOARD_ROW_COLUMNS)


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
        position,
        notice,
        group,
        started_on,
        progress_on,
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
                status_as_of(progress, completed_on, deadline, started_on, progress_on, today),
                progress_at,
                deadline is None
                and stats.is_open_on(progress, started_on, progress_on, today)
                and period_end < cutoff,
                position,
                notice,
                is_lead and bool(group),
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
    position: int = 0  # the directive's number in its notice
    notice: str = ""  # the notice's number, when given


def directives_of_organization(
    organization: int, today: dt.date, count: int = 30
) -> tuple[dict[str, int], list[RecentDirective]]:
    """The counts by status of an organization's tracked parts and the latest ``count`` of
    them (by the period that gave them, then their place in the conclusion), in one query:
    an organization has a few hundred parts at most, and the counts read them all anyway."""
    rows = stats.status_rows(ORGANIZATION_PARTS.fetch(organization=organization), today)
    counts = dict.fromkeys(Status.values, 0)
    counts.update(Counter(row[-1] for row in rows))
    rows.sort(key=lambda row: (-row[4].toordinal(), row[5]))
    recent = [
        RecentDirective(directive_id, text, Period(year, kind), status, position, notice)
        for directive_id, text, year, kind, _end, position, notice, status in rows[:count]
    ]
    return counts, recent


ORGANIZATION_PARTS = CompiledQuery(
    lambda organization: (
        stats.issued_parts()
        .filter(organization_id=organization)
        .order_by()
        .values_list(
            "directive_id",
            "directive__text",
            "directive__conclusion__meeting__period_year",
            "directive__conclusion__meeting__period_kind",
            "directive__conclusion__meeting__period_end",
            "directive__position",
            "directive__conclusion__notice_number",
            *stats.STATUS_COLUMNS,
        )
    ),
    organization=int,
)
