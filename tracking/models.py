"""Follow-up: each organization's part of a directive, its progress and status, what was
reported about it, and the reminders sent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.models import Directive, Meeting
from organizations.models import Organization


class Progress(models.TextChoices):
    NONE = "", _("No report yet")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CARRIED_OVER = "carried_over", _("Carried over")


class Status(models.TextChoices):
    """The statuses of Vietnamese task tracking, derived from progress, deadline and today."""

    NOT_YET_DUE = "not_yet_due", _("Not yet due")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    OVERDUE = "overdue", _("Overdue, not done")
    CARRIED_OVER = "carried_over", _("Carried over to the next period")


OPEN_PROGRESS = [Progress.NONE, Progress.IN_PROGRESS]


def progress_as_of(progress: str, started_on, progress_on, day: dt.date) -> str:
    """The progress a part had on ``day``: its latest progress if that happened by then
    (or on a day not known: recorded before the day was kept), else "in progress" if
    work had started by then, else none. Progress that happened after ``day`` does not
    count (history entered late is judged by its own dates, not by today)."""
    if progress_on is None or progress_on <= day:
        return progress
    if started_on is not None and started_on <= day:
        return Progress.IN_PROGRESS
    return Progress.NONE


def status_as_of(
    progress: str, completed_on, deadline, started_on, progress_on, day: dt.date
) -> str:
    """``status_of`` on ``day``, only the progress that had happened by then counted."""
    return status_of(
        progress_as_of(progress, started_on, progress_on, day), completed_on, deadline, day
    )


def status_of(progress: str, completed_on, deadline, today: dt.date) -> str:
    """The status of one assignment. Due today is not yet late; done after the deadline is late."""
    if progress == Progress.CARRIED_OVER:
        return Status.CARRIED_OVER
    if progress == Progress.DONE:
        if deadline and completed_on and completed_on > deadline:
            return Status.DONE_LATE
        return Status.DONE_ON_TIME
    if deadline and deadline < today:
        return Status.OVERDUE
    if progress == Progress.IN_PROGRESS:
        return Status.IN_PROGRESS
    return Status.NOT_YET_DUE


def status_expression(today: dt.date) -> models.Case:
    """``status_of`` in SQL, so that lists can filter, sort and count by status."""
    deadline = "directive__deadline"
    return models.Case(
        models.When(progress=Progress.CARRIED_OVER, then=models.Value(Status.CARRIED_OVER)),
        models.When(
            Q(progress=Progress.DONE)
            & Q(**{f"{deadline}__isnull": False, "completed_on__isnull": False})
            & Q(completed_on__gt=models.F(deadline)),
            then=models.Value(Status.DONE_LATE),
        ),
        models.When(progress=Progress.DONE, then=models.Value(Status.DONE_ON_TIME)),
        models.When(**{f"{deadline}__lt": today}, then=models.Value(Status.OVERDUE)),
        models.When(progress=Progress.IN_PROGRESS, then=models.Value(Status.IN_PROGRESS)),
        default=models.Value(Status.NOT_YET_DUE),
        output_field=models.CharField(),
    )


def status_condition(status: str, today: dt.date) -> Q:
    """The parts whose ``status_of`` on ``today`` is ``status``, as a condition: filtering
    by it needs no ``CASE``, cheaper to build and to run than ``status_expression``."""
    deadline = "directive__deadline"
    not_due = Q(**{f"{deadline}__isnull": True}) | Q(**{f"{deadline}__gte": today})
    late = Q(
        completed_on__isnull=False,
        completed_on__gt=models.F(deadline),
        **{f"{deadline}__isnull": False},
    )
    on_time = (
        Q(completed_on__isnull=True)
        | Q(**{f"{deadline}__isnull": True})
        | Q(completed_on__lte=models.F(deadline))
    )
    conditions = {
        Status.CARRIED_OVER: Q(progress=Progress.CARRIED_OVER),
        Status.DONE_LATE: Q(progress=Progress.DONE) & late,
        Status.DONE_ON_TIME: Q(progress=Progress.DONE) & on_time,
        Status.OVERDUE: Q(progress__in=OPEN_PROGRESS, **{f"{deadline}__lt": today}),
        Status.IN_PROGRESS: Q(progress=Progress.IN_PROGRESS) & not_due,
        Status.NOT_YET_DUE: Q(progress=Progress.NONE) & not_due,
    }
    return conditions[status]


def status_condition_as_of(status: str, day: dt.date) -> Q:
    """``status_condition`` on a past ``day``: the progress that happened after it is not
    counted (``progress_as_of``). On today or later it selects what ``status_condition``
    does (no progress happens in the future), at the cost of two more columns."""
    deadline = "directive__deadline"
    counted = Q(progress_on__isnull=True) | Q(progress_on__lte=day)
    later = Q(progress_on__gt=day)  # happened after the day: not counted
    started = Q(started_on__isnull=False, started_on__lte=day)
    not_due = Q(**{f"{deadline}__isnull": True}) | Q(**{f"{deadline}__gte": day})
    late = Q(
        completed_on__isnull=False,
        completed_on__gt=models.F(deadline),
        **{f"{deadline}__isnull": False},
    )
    on_time = (
        Q(completed_on__isnull=True)
        | Q(**{f"{deadline}__isnull": True})
        | Q(completed_on__lte=models.F(deadline))
    )
    open_then = Q(progress__in=OPEN_PROGRESS) | later
    working = (Q(progress=Progress.IN_PROGRESS) & counted) | (later & started)
    idle = (Q(progress=Progress.NONE) & counted) | (later & ~started)
    conditions = {
        Status.CARRIED_OVER: Q(progress=Progress.CARRIED_OVER) & counted,
        Status.DONE_LATE: Q(progress=Progress.DONE) & counted & late,
        Status.DONE_ON_TIME: Q(progress=Progress.DONE) & counted & on_time,
        Status.OVERDUE: open_then & Q(**{f"{deadline}__lt": day}),
        Status.IN_PROGRESS: working & not_due,
        Status.NOT_YET_DUE: idle & not_due,
    }
    return conditions[status]


def condition_on(status: str, day: dt.date, *, past: bool) -> Q:
    """The condition of ``status`` on ``day``: ``status_condition_as_of`` for a ``past``
    day, the cheaper ``status_condition`` for today."""
    return status_condition_as_of(status, day) if past else status_condition(status, day)


def status_expression_as_of(day: dt.date) -> models.Case:
    """``status_as_of`` in SQL (each status's ``status_condition_as_of``, which exclude
    each other)."""
    return models.Case(
        *[
            models.When(status_condition_as_of(status, day), then=models.Value(status))
            for status in Status.values
        ],
        default=models.Value(Status.NOT_YET_DUE),
        output_field=models.CharField(),
    )


class AssignmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(progress__in=OPEN_PROGRESS)

    def with_status(self, today: dt.date, *, past: bool = False):
        """Each part with its ``status`` on ``today`` (a ``past`` day: as it was then)."""
        expression = status_expression_as_of(today) if past else status_expression(today)
        return self.annotate(status=expression)


class DirectiveAssignment(models.Model):
    directive = models.ForeignKey(
        Directive,
        verbose_name=_("directive"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    is_lead = models.BooleanField(_("lead"), default=False)
    # The latest reported progress (see tracking.services.record_progress, the only writer);
    # the status shown to users is derived from it, the deadline and today.
    progress = models.CharField(
        _("progress"), max_length=12, choices=Progress.choices, default=Progress.NONE, blank=True
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    progress_at = models.DateTimeField(_("last update"), null=True, blank=True)
    # The days the work really happened, as reported (not when it was entered): when it
    # first started (in progress or done) and when its latest progress happened (the
    # completion day of a part done). Statuses on a past day count only what had happened
    # by then (``progress_as_of``).
    started_on = models.DateField(_("started on"), null=True, blank=True)
    progress_on = models.DateField(_("progress happened on"), null=True, blank=True)
    # Moves by one with every recorded change of progress: a form carries the version it
    # was opened on, and recording is a conditional update on it.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        # Moved from meetings: the table keeps its name (see migrations 0002).
        db_table = "meetings_directiveassignment"
        ordering = ["-is_lead", "organization__display_order"]
        indexes = [
            models.Index(fields=["organization", "progress"]),
            # The open parts of directives (whether a directive is still open: the
            # conclusion form's earlier directives) without reading the finished ones.
            models.Index(
                fields=["directive"],
                condition=Q(progress__in=OPEN_PROGRESS),
                name="assignment_open_directive",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "organization"], name="assignment_unique_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.directive}"

    def status_on(self, today: dt.date) -> str:
        """Its status on ``today`` (or any day: the progress after it is not counted)."""
        return status_as_of(
            self.progress,
            self.completed_on,
            self.directive.deadline,
            self.started_on,
            self.progress_on,
            today,
        )


class UpdateKind(models.TextChoices):
    PROGRESS = "progress", _("Progress reported")
    CARRIED_OVER = "carried_over", _("Carried over")
    HANDED_OVER = "handed_over", _("Handed over after a merger")


class ProgressUpdate(models.Model):
    """One report of progress on one organization's part of a directive. Never edited."""

    assignment = models.ForeignKey(
        DirectiveAssignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=UpdateKind.choices, default=UpdateKind.PROGRESS
    )
    progress = models.CharField(_("progress"), max_length=12, choices=Progress.choices, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # The day it really happened, as reported (``created_at`` is when it was entered).
    happened_on = models.DateField(_("happened on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("reported at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="progress_updates",
    )
    from_organization = models.ForeignKey(
        Organization,
        verbose_name=_("handed over from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    on_behalf = models.BooleanField(
        _("entered by staff on behalf of the organization"), default=False
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.assignment}: {self.get_progress_display()}"


class ReminderLog(models.Model):
    """A reminder e-mail sent, so that nobody gets the same reminder twice in a day."""

    recipient = models.EmailField(_("recipient"))
    sent_on = models.DateField(_("sent on"))
    assignment_count = models.PositiveIntegerField(_("directives"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "sent_on"], name="reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.sent_on}"
