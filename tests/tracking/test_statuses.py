"""Statuses are derived from progress, deadline and today, at the edges too."""

import datetime as dt

import pytest

from tests.factories import record_progress
from tracking.models import DirectiveAssignment, Progress, Status, status_of

D = dt.date
DEADLINE = D(2024, 6, 30)


@pytest.mark.parametrize(
    ("progress", "completed_on", "today", "expected"),
    [
        ("", None, D(2024, 6, 29), Status.NOT_YET_DUE),
        ("", None, DEADLINE, Status.NOT_YET_DUE),  # due today is not late yet
        ("", None, D(2024, 7, 1), Status.OVERDUE),
        ("in_progress", None, DEADLINE, Status.IN_PROGRESS),
        ("in_progress", None, D(2024, 7, 1), Status.OVERDUE),
        ("done", DEADLINE, D(2024, 7, 10), Status.DONE_ON_TIME),  # done on the due day
        ("done", D(2024, 7, 1), D(2024, 7, 10), Status.DONE_LATE),  # done the day after
        ("carried_over", None, D(2025, 1, 1), Status.CARRIED_OVER),
    ],
)
def test_status_rules(progress, completed_on, today, expected):
    assert status_of(progress, completed_on, DEADLINE, today) == expected


def test_no_deadline_is_never_overdue():
    assert status_of("", None, None, D(2030, 1, 1)) == Status.NOT_YET_DUE


def test_the_database_derives_the_same_statuses(world, issued):
    _meeting, directives = issued()
    parts = list(DirectiveAssignment.objects.order_by("pk"))
    record_progress(assignment=parts[0], progress="done", completed_on=DEADLINE, by=world.khoi)
    record_progress(assignment=parts[1], progress="done", completed_on=D(2024, 7, 1), by=world.khoi)
    # Days gone by: as they were then, the progress that happened after them not counted
    # (tests/tracking/test_as_of.py); today's SQL is the same once everything happened.
    for today, past in ((DEADLINE, True), (D(2024, 7, 1), True), (D(2024, 7, 1), False)):
        annotated = dict(
            DirectiveAssignment.objects.with_status(today, past=past).values_list("pk", "status")
        )
        for part in DirectiveAssignment.objects.select_related("directive"):
            assert annotated[part.pk] == part.status_on(today)
    assert DirectiveAssignment.objects.get(pk=parts[2].pk).status_on(D(2024, 7, 1)) == "overdue"


def test_every_update_is_kept_with_who_when_and_where(world, issued):
    meeting, _directives = issued()
    part = DirectiveAssignment.objects.first()

    record_progress(assignment=part, progress=Progress.IN_PROGRESS, by=world.khoi, meeting=meeting)
    record_progress(
        assignment=part,
        progress=Progress.DONE,
        completed_on=D(2024, 6, 1),
        by=world.trang,
        on_behalf=True,
    )

    assert list(part.updates.values_list("progress", "entered_by__username", "on_behalf")) == [
        ("in_progress", "khoi", False),
        ("done", "trang", True),
    ]
    part.refresh_from_db()
    assert (part.progress, part.completed_on) == ("done", D(2024, 6, 1))


def test_each_status_as_a_condition_selects_the_parts_of_that_status(world, issued):
    """``status_condition`` (the board's filter by status) selects the parts ``status_of``
    finds in that status, at the edges: done on and after the deadline, done without a
    completion date, without a deadline, due today, carried over."""
    from meetings.models import Directive
    from tracking.models import status_condition

    _meeting, directives = issued(texts=[str(n) for n in range(10)])
    parts = list(DirectiveAssignment.objects.order_by("pk"))
    done = {0: DEADLINE, 1: D(2024, 7, 1), 2: None, 3: D(2024, 7, 1)}
    for index, completed_on in done.items():
        DirectiveAssignment.objects.filter(pk=parts[index].pk).update(
            progress="done", completed_on=completed_on
        )
    DirectiveAssignment.objects.filter(pk__in=[parts[4].pk, parts[5].pk]).update(
        progress="in_progress"
    )
    DirectiveAssignment.objects.filter(pk=parts[6].pk).update(progress="carried_over")
    Directive.objects.filter(pk__in=[directives[3].pk, directives[5].pk, directives[7].pk]).update(
        deadline=None
    )
    seen = set()
    for today in (D(2024, 6, 29), DEADLINE, D(2024, 7, 1)):
        for status in Status.values:
            selected = set(
                DirectiveAssignment.objects.filter(status_condition(status, today)).values_list(
                    "pk", flat=True
                )
            )
            expected = {
                part.pk
                for part in DirectiveAssignment.objects.select_related("directive")
                if part.status_on(today) == status
            }
            assert selected == expected, (status, today)
            seen |= {status} if expected else set()
    assert seen == set(Status.values)
