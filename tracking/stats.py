"""Counts and rates for the dashboard and the organization page, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When

from meetings.models import ConclusionStatus
from meetings.periods import Period, recent_periods
from tracking.models import (
    OPEN_PROGRESS,
    DirectiveAssignment,
    Progress,
    Status,
    progress_as_of,
    status_as_of,
)

FINISHED_OR_DUE = (Status.DONE_ON_TIME, Status.DONE_LATE, Status.OVERDUE, Status.CARRIED_OVER)


def issued_parts() -> QuerySet[DirectiveAssignment]:
    """Parts of directives of issued conclusions (not archived)."""
    return DirectiveAssignment.objects.filter(
        directive__conclusion__status=ConclusionStatus.ISSUED,
        directive__archived_at__isnull=True,
    )


def tracked(today: dt.date) -> QuerySet[DirectiveAssignment]:
    """Parts of directives of issued conclusions, with their status of ``today``."""
    return issued_parts().with_status(today)


def statuses(queryset: QuerySet[DirectiveAssignment], today: dt.date, *fields: str) -> list[tuple]:
    """Each part of ``queryset`` as a tuple of its ``fields`` followed by its status of
    ``today``, found in Python (``status_of``) from three plain columns: for the few
    hundred parts of a committee or an organization, cheaper than building, sending and
    grouping by the SQL ``CASE`` of ``with_status``."""
    return status_rows(
        queryset.order_by().values_list(*fields, *STATUS_COLUMNS),
        today,
    )


# What the status of a part is found from (``status_as_of``), read after its other fields.
STATUS_COLUMNS = ("progress", "completed_on", "directive__deadline", "started_on", "progress_on")


def status_rows(rows: Iterable[tuple], today: dt.date) -> list[tuple]:
    """Each row (its fields, then the ``STATUS_COLUMNS``) as its fields and its status on
    ``today`` (any day: the progress that happened after it is not counted)."""
    width = len(STATUS_COLUMNS)
    return [(*row[:-width], status_as_of(*row[-width:], today)) for row in rows]


def is_open_on(progress: str, started_on, progress_on, day: dt.date) -> bool:
    """Whether a part was unfinished on ``day`` (``progress_as_of``)."""
    return progress_as_of(progress, started_on, progress_on, day) in OPEN_PROGRESS


def forgotten_cutoff(today: dt.date) -> dt.date:
    """Directives without a deadline given in a period that ended before this day are forgotten."""
    return Period.quarter_of(today).previous().previous().start


def with_forgotten(queryset: QuerySet, today: dt.date) -> QuerySet:
    """Flag open parts without a deadline that have stayed open for more than two periods.
    The board finds the same in Python (``tracking.queries.board_rows_of``); its tests
    compare the two."""
    return queryset.annotate(
        forgotten=Case(
            When(
                Q(directive__deadline__isnull=True)
                & Q(progress__in=[Progress.NONE, Progress.IN_PROGRESS])
                & Q(directive__conclusion__meeting__period_end__lt=forgotten_cutoff(today)),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def counts_by_status(queryset: QuerySet) -> dict[str, int]:
    rows = queryset.order_by().values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def count_statuses(queryset: QuerySet[DirectiveAssignment], today: dt.date) -> dict[str, int]:
    """``counts_by_status``, the statuses found in Python (as ``statuses`` finds them),
    counted as the rows come (no row of its own for each part)."""
    return count_status_rows(queryset.order_by().values_list(*STATUS_COLUMNS), today)


def count_status_rows(rows: Iterable[tuple], today: dt.date) -> dict[str, int]:
    """The parts by status, each given as its ``STATUS_COLUMNS``."""
    counts = dict.fromkeys(Status.values, 0)
    for row in rows:
        counts[status_as_of(*row, today)] += 1
    return counts


def by_organization(
    parts: Iterable[tuple[int, dt.date | None, str]], today: dt.date, count: int = 8
) -> tuple[dict[int, dict[str, int]], list[Period], dict[int, list[float | None]]]:
    """Per organization, its parts by status, and the share of its parts due in each of
    the ``count`` recent quarters that were done on time. ``parts``: the organization,
    deadline and status of each part (``statuses``).

    A part counts in the quarter its deadline falls in, once that deadline has passed or it
    is finished. Parts are grouped by deadline, which takes few distinct values.
    """
    periods = recent_periods(today, count)
    table: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Status.values, 0))
    due: dict[tuple[int, int], int] = defaultdict(int)
    on_time: dict[tuple[int, int], int] = defaultdict(int)
    index = {p: i for i, p in enumerate(periods)}
    organizations = set()
    for (organization, deadline, status), n in Counter(parts).items():
        table[organization][status] += n
        if deadline is None or not periods[0].start <= deadline <= today:
            continue
        if status not in FINISHED_OR_DUE:
            continue
        column = index.get(Period.quarter_of(deadline))
        if column is None:
            continue
        key = (organization, column)
        organizations.add(organization)
        due[key] += n
        if status == Status.DONE_ON_TIME:
            on_time[key] += n
    rates = {
        org: [on_time[(org, c)] / due[(org, c)] if due[(org, c)] else None for c in range(count)]
        for org in organizations
    }
    return table, periods, rates


def overall_rate(counts: dict[str, int]) -> float | None:
    due = sum(counts.get(s, 0) for s in FINISHED_OR_DUE)
    return counts.get(Status.DONE_ON_TIME, 0) / due if due else None


def late_rate(counts: dict[str, int]) -> float | None:
    """The share of the parts due (finished or past their deadline) that were late: done
    late or still overdue; None when nothing was due."""
    due = sum(counts.get(s, 0) for s in FINISHED_OR_DUE)
    late = counts.get(Status.DONE_LATE, 0) + counts.get(Status.OVERDUE, 0)
    return late / due if due else None
