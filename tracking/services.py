"""Writes of the follow-up: progress reports, carrying directives over, hand-overs.

``record_progress`` is the only writer of an assignment's progress (one part, many,
or a sheet's rows): every change moves the part's version and leaves a
``ProgressUpdate`` saying who, when and at which meeting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Case, F, Max, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Least, NullIf
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from giaoban.pagecache import changed, touched
from meetings import services as meeting_services
from meetings.models import Conclusion, Directive, Meeting, Report
from organizations import services as organization_services
from organizations.models import Organization, PartyCommittee
from tracking.models import OPEN_PROGRESS, DirectiveAssignment, Progress, ProgressUpdate, UpdateKind

REPORTABLE = (Progress.IN_PROGRESS, Progress.DONE)


def _tell_pages_of(assignments: Sequence[DirectiveAssignment], meeting: Meeting | None) -> None:
    """The pages these parts' progress shows on: the meetings whose directives they are,
    the meeting where it was reported, and their committees' lists and the forms that
    list unfinished directives (one query)."""
    meetings: dict[int, set[int]] = {}
    for committee_id, meeting_id, organization_committee_id in (
        DirectiveAssignment.objects.filter(pk__in=[a.pk for a in assignments])
        .values_list(
            "directive__conclusion__meeting__committee_id",
            "directive__conclusion__meeting_id",
            "organization__committee_id",
        )
        .distinct()
    ):
        meetings.setdefault(committee_id, set()).add(meeting_id)
        # A part handed over to a successor's organization shows on the successor's lists.
        meetings.setdefault(organization_committee_id, set())
    if meeting is not None:
        meetings.setdefault(meeting.committee_id, set()).add(meeting.pk)
    for committee_id, ids in meetings.items():
        touched(committee_id, meetings=ids, progress=True)


def _completion_date(progress: str, completed_on: dt.date | None) -> dt.date | None:
    """A part done without a date was done today; a date in the future is refused."""
    if progress != Progress.DONE:
        return None
    today = timezone.localdate()
    completed_on = completed_on or today
    if completed_on > today:
        raise ValidationError(_("The completion date cannot be in the future."))
    return completed_on


def _day_it_happened(change: Change, completed_on: dt.date | None) -> dt.date:
    """The day a change really happened: a part done, its completion day; else the day
    given, or today. A day in the future is refused."""
    today = timezone.localdate()
    day = completed_on or change.happened_on or today
    if day > today:
        raise ValidationError(_("The date it happened cannot be in the future."))
    return day


@dataclass
class Change:
    """One part's new progress, as entered in a form or a filled-in tracking sheet.

    ``version`` is the part's version the form was opened on (None: the version of
    ``assignment`` as loaded); ``label`` names the row for a conflict message."""

    assignment: DirectiveAssignment
    progress: str
    completed_on: dt.date | None = None
    note: str = ""
    on_behalf: bool = True
    version: int | None = None
    label: str = ""
    # The day it really happened (None: today; a part done: its completion day).
    happened_on: dt.date | None = None


class StaleProgress(Exception):
    """Someone recorded progress on these parts after the form was opened: nothing saved."""

    def __init__(self, stale: list[tuple[Change, DirectiveAssignment]]):
        super().__init__("stale progress")
        self.stale = stale  # each change refused, with the part as it is now stored

    @property
    def current(self) -> dict[int, DirectiveAssignment]:
        return {current.pk: current for _change, current in self.stale}

    def message(self) -> str:
        """What the user whose save was refused reads: who recorded in between, on what."""
        first = self.stale[0][1]
        return _(
            "%(who)s recorded progress on %(count)d of these directives after you opened this "
            "page: %(rows)s. Nothing of yours was saved; what you typed is kept below and the "
            "progress now stored is shown. Check it, then save again."
        ) % {
            "who": first.recorded_by or _("someone else"),
            "count": len(self.stale),
            "rows": "; ".join(
                change.label or Truncator(current.directive.text).words(15)
                for change, current in self.stale
            ),
        }


def check_change(change: Change) -> dt.date | None:
    """The completion date to record; ValidationError if the change cannot be recorded."""
    if change.progress not in REPORTABLE:
        raise ValidationError(_("Choose “in progress” or “done”."))
    if change.assignment.progress == Progress.CARRIED_OVER:
        raise ValidationError(_("This directive was carried over; report on the new one."))
    return _completion_date(change.progress, change.completed_on)


class _Stale(Exception):
    """A part was not written: the write is undone, then the parts are read again."""


def _stale_parts(
    changes: list[Change], expected: dict[int, int]
) -> list[tuple[Change, DirectiveAssignment]]:
    """The changes refused, with each part as now stored and who last recorded on it."""
    current = {
        a.pk: a
        for a in DirectiveAssignment.objects.filter(pk__in=list(expected))
        # The rows shown again read where each directive came from (its meeting).
        .select_related("directive__conclusion__meeting")
        .annotate(
            recorded_by=Subquery(
                ProgressUpdate.objects.filter(assignment=OuterRef("pk"))
                .order_by("-created_at", "-pk")
                .annotate(
                    who=Coalesce(NullIf("entered_by__full_name", Value("")), "entered_by__username")
                )
                .values("who")[:1]
            )
        )
    }
    return [
        (c, current.get(c.assignment.pk, c.assignment))
        for c in changes
        if c.assignment.pk not in current
        or current[c.assignment.pk].version != expected[c.assignment.pk]
        or current[c.assignment.pk].progress == Progress.CARRIED_OVER
    ]


def record_progress(
    *,
    changes: Sequence[Change],
    by: User | None,
    meeting: Meeting | None = None,
    kind: str = UpdateKind.PROGRESS,
    note: str = "",
) -> list[ProgressUpdate]:
    """The only writer of progress: record one part's progress, many parts' at once, or a
    sheet's, all or nothing, in a fixed number of queries whatever their number.

    Each part is written by one conditional update on the version its form was opened
    on and on its state (a part carried over takes no more progress), so that of two
    people recording on the same part at once exactly one succeeds: the other gets
    ``StaleProgress`` naming the parts, and nothing of theirs is written. Every change
    leaves a ``ProgressUpdate`` saying who, when and at which meeting.

    Inside a caller's transaction this costs a savepoint, one update and one insert.
    ``kind`` other than progress (a carry-over closing the parts) skips the checks of
    what a user may report; ``note`` is then the note of every change that has none."""
    changes = list(changes)
    if not changes:
        return []
    if len({c.assignment.pk for c in changes}) != len(changes):
        raise ValueError("each part is recorded once per call")
    if kind == UpdateKind.PROGRESS:
        dates = [check_change(change) for change in changes]
    else:
        dates = [change.completed_on for change in changes]
    days = [_day_it_happened(c, d) for c, d in zip(changes, dates, strict=True)]
    now = timezone.now()
    expected = {
        c.assignment.pk: c.assignment.version if c.version is None else c.version for c in changes
    }

    def per_part(values: dict[int, object], field: models.Field):
        case = Case(
            *[When(pk=pk, then=Value(value, output_field=field)) for pk, value in values.items()],
            output_field=field,
        )
        # PostgreSQL types a CASE of NULLs as text (as in QuerySet.bulk_update).
        return Cast(case, field) if connection.features.requires_casted_case_in_updates else case

    fields = {f.name: f for f in DirectiveAssignment._meta.get_fields() if f.concrete}
    happened = {c.assignment.pk: day for c, day in zip(changes, days, strict=True)}
    started = {
        c.assignment.pk: day if c.progress in REPORTABLE else None
        for c, day in zip(changes, days, strict=True)
    }
    try:
        # All or nothing: a short count undoes the rows written before anything is read.
        with transaction.atomic():
            written = (
                DirectiveAssignment.objects.filter(pk__in=list(expected))
                .exclude(progress=Progress.CARRIED_OVER)
                .filter(version=per_part(expected, fields["version"]))
                .update(
                    progress=per_part(
                        {c.assignment.pk: c.progress for c in changes}, fields["progress"]
                    ),
                    completed_on=per_part(
                        {c.assignment.pk: d for c, d in zip(changes, dates, strict=True)},
                        fields["completed_on"],
                    ),
                    progress_at=Value(now, output_field=fields["progress_at"]),
                    progress_on=per_part(happened, fields["progress_on"]),
                    # The first day work happened: the earliest day reported (a carry-over
                    # starts nothing). LEAST of a NULL is NULL on SQLite: coalesced.
                    started_on=Coalesce(
                        Least(F("started_on"), per_part(started, fields["started_on"])),
                        F("started_on"),
                        per_part(started, fields["started_on"]),
                    ),
                    version=F("version") + 1,
                )
            )
            if written != len(changes):
                raise _Stale
            updates = ProgressUpdate.objects.bulk_create(
                [
                    ProgressUpdate(
                        assignment=change.assignment,
                        kind=kind,
                        progress=change.progress,
                        completed_on=completed_on,
                        happened_on=day,
                        note=(change.note or note).strip(),
                        meeting=meeting,
                        entered_by=by,
                        on_behalf=change.on_behalf,
                    )
                    for change, completed_on, day in zip(changes, dates, days, strict=True)
                ]
            )
            _tell_pages_of([change.assignment for change in changes], meeting)
    except _Stale:
        raise StaleProgress(_stale_parts(changes, expected)) from None
    for change, completed_on, day in zip(changes, dates, days, strict=True):
        assignment = change.assignment
        assignment.progress, assignment.completed_on = change.progress, completed_on
        assignment.progress_at, assignment.progress_on = now, day
        if change.progress in REPORTABLE and (
            assignment.started_on is None or day < assignment.started_on
        ):
            assignment.started_on = day
        assignment.version = expected[assignment.pk] + 1
    return updates


def assignments_of(directive: Directive) -> list[DirectiveAssignment]:
    """Its assignments as read with it (``listed_assignments``, the conclusion form's
    earlier directives), else as prefetched (or read now)."""
    listed = getattr(directive, "listed_assignments", None)
    return list(directive.assignments.all()) if listed is None else listed


@transaction.atomic
def carry_over(
    *, directives: Iterable[Directive], into: Conclusion, by: User | None
) -> list[Directive]:
    """Copy unfinished directives into the conclusion ``into``, each with the link to where
    it started, for the parts still open. The old parts stay as they are: they are closed
    as carried over when ``into`` is issued (``close_carried_over``).

    ``directives`` come with their assignments (``assignments_of``); a fixed number of
    queries. The search index is told by the save this is part of
    (``meetings.signals.written``)."""
    position = (into.directives.aggregate(last=Max("position"))["last"] or 0) + 1
    next_period = into.meeting.period.next()
    copies, parts_of = [], []
    for directive in directives:
        open_parts = [a for a in assignments_of(directive) if a.progress in OPEN_PROGRESS]
        if not open_parts:
            continue
        copies.append(
            Directive(
                conclusion=into,
                position=position,
                text=directive.text,
                to_all_organizations=directive.to_all_organizations,
                group_name=directive.group_name,
                due_period_year=next_period.year,
                due_period_kind=next_period.kind,
                deadline=next_period.end,
                carried_from=directive,
                origin_id=directive.origin_id or directive.pk,
            )
        )
        parts_of.append(open_parts)
        position += 1
    if not copies:
        return []
    copies = bulk_create_with_history(copies, Directive, default_user=by)
    DirectiveAssignment.objects.bulk_create(
        [
            DirectiveAssignment(
                directive=copy, organization_id=a.organization_id, is_lead=a.is_lead
            )
            for copy, open_parts in zip(copies, parts_of, strict=True)
            for a in open_parts
        ]
    )
    touched(into.meeting.committee_id, meetings=[into.meeting_id], progress=True)
    return copies


@transaction.atomic
def close_carried_over(*, copies: Sequence[Directive], meeting: Meeting, by: User | None) -> int:
    """Close as carried over the parts, still unfinished, of the directives that ``copies``
    carry over: done when the conclusion holding the copies is issued."""
    open_parts = list(
        DirectiveAssignment.objects.open().filter(
            directive_id__in=[c.carried_from_id for c in copies if c.carried_from_id]
        )
    )
    if not open_parts:
        return 0
    note = _("Carried over into the conclusion of %(period)s.") % {
        "period": meeting.period.label_in_text
    }
    # Carried over on the day of the meeting that carried it (entered late: not today).
    today = timezone.localdate()
    carried_on = min(meeting.held_on or today, today)
    record_progress(
        changes=[
            Change(a, Progress.CARRIED_OVER, on_behalf=False, happened_on=carried_on)
            for a in open_parts
        ],
        kind=UpdateKind.CARRIED_OVER,
        note=note,
        meeting=meeting,
        by=by,
    )
    return len(open_parts)


@transaction.atomic
def close_as_done(*, directives: Iterable[Directive], meeting: Meeting, by: User | None) -> int:
    """Close the unfinished parts of ``directives`` as done by the conclusion of ``meeting``
    (recorded on behalf of their organizations), when that conclusion is issued."""
    open_parts = list(
        DirectiveAssignment.objects.open()
        .filter(directive__in=list(directives))
        .select_related("directive")
    )
    if not open_parts:
        return 0
    today = timezone.localdate()
    closed_on = min(meeting.held_on or today, today)
    note = _("Closed by the conclusion of %(period)s.") % {"period": meeting.period.label_in_text}
    return len(
        record_progress(
            changes=[Change(a, Progress.DONE, closed_on, note) for a in open_parts], by=by
        )
    )


@transaction.atomic
def hand_over_open_work(
    *, sources: Sequence[Organization], successor: Organization, on: dt.date, by: User | None
) -> int:
    """After a merger, the merged organizations' open directives pass to the successor."""
    return _hand_over({source.pk: successor for source in sources}, on=on, by=by)


def _hand_over(successors: Mapping[int, Organization], *, on: dt.date, by: User | None) -> int:
    """The open directive parts of the organizations ``successors`` names (by id) pass to
    their successors, in a fixed number of queries however many: where a successor
    already has its own part of the directive, the handed part closes as carried over."""
    # Locked: a progress saved at the same moment waits, then finds the version moved.
    open_parts = list(
        DirectiveAssignment.objects.open()
        .filter(organization_id__in=list(successors))
        .select_related("organization")
        .select_for_update(of=("self",))
    )
    already = set(
        DirectiveAssignment.objects.filter(
            organization_id__in={s.pk for s in successors.values()},
            directive_id__in=[a.directive_id for a in open_parts],
        ).values_list("directive_id", "organization_id")
    )
    updates, absorbed, moved = [], [], []
    for assignment in open_parts:
        successor = successors[assignment.organization_id]
        if (assignment.directive_id, successor.pk) in already:
            # The successor already has its own part of this directive: this one closes.
            absorbed.append(assignment)
        else:
            moved.append(assignment)
        updates.append(
            ProgressUpdate(
                assignment=assignment,
                kind=UpdateKind.HANDED_OVER,
                progress=assignment.progress,
                from_organization=assignment.organization,
                happened_on=on,
                entered_by=by,
                note=_("Handed over from %(old)s to %(new)s on %(date)s after the merger.")
                % {
                    "old": assignment.organization.name,
                    "new": successor.name,
                    "date": on.strftime("%d/%m/%Y"),
                },
            )
        )
        already.add((assignment.directive_id, successor.pk))
    ProgressUpdate.objects.bulk_create(updates)
    # Both move the parts' version: a form opened before the merger is refused.
    DirectiveAssignment.objects.filter(pk__in=[a.pk for a in absorbed]).update(
        progress=Progress.CARRIED_OVER,
        progress_at=timezone.now(),
        progress_on=on,
        version=F("version") + 1,
    )
    committees = {organization.committee_id for organization in successors.values()}
    for assignment in moved:
        committees.add(assignment.organization.committee_id)
        assignment.organization = successors[assignment.organization_id]
        assignment.version += 1
    DirectiveAssignment.objects.bulk_update(moved, ["organization", "version"])
    # The parts belong to meetings of the organizations' own committees: naming those
    # committees names every page the hand-over changes.
    changed(sorted(committees))
    return len(updates)


@transaction.atomic
def merge_committee(
    *,
    committee: PartyCommittee,
    into: PartyCommittee,
    on: dt.date,
    successors: Mapping[int, Organization | None],
    children_to: PartyCommittee | None = None,
    by: User | None = None,
    request=None,
    note: str = "",
) -> PartyCommittee:
    """Merge a committee into another (``organizations.services.merge_committee``, whose
    arguments these are) and hand its organizations' open directive parts over to their
    successors, to be followed up at the successor's meetings. Refused while the
    committee has a meeting of a period starting on or after ``on`` (it would be held by
    a committee that no longer exists), or while an organization left without a successor
    has open parts (they would stay overdue for ever)."""
    errors = []
    later = (
        Meeting.objects.filter(committee=committee, period_start__gte=on)
        .order_by("period_start")
        .first()
    )
    if later is not None:
        errors.append(
            _(
                "%(committee)s has a meeting of %(period)s, after the merger date: move it to "
                "the successor's meetings or correct its period first."
            )
            % {"committee": committee.name, "period": later.period.label_in_text}
        )
    ending = [pk for pk, successor in successors.items() if successor is None]
    stranded = (
        Organization.objects.filter(
            pk__in=DirectiveAssignment.objects.open()
            .filter(organization_id__in=ending)
            .values("organization_id")
        ).order_by("display_order", "name")
        if ending
        else []
    )
    errors += [
        _(
            "“%(name)s” still has open directive parts: choose the organization that "
            "takes them over."
        )
        % {"name": organization.name}
        for organization in stranded
    ]
    if errors:
        raise ValidationError(errors)
    successor = organization_services.merge_committee(
        committee=committee,
        into=into,
        on=on,
        successors=successors,
        children_to=children_to,
        by=by,
        request=request,
        note=note,
    )
    handed = {pk: org for pk, org in successors.items() if org is not None}
    if handed:
        _hand_over(handed, on=on, by=by)
    return successor


@transaction.atomic
def merge_organizations(
    *,
    sources: Sequence[Organization],
    into: Organization | None = None,
    new_name: str = "",
    new_short_name: str = "",
    new_kind: str = "",
    on: dt.date,
    by: User | None = None,
    note: str = "",
) -> Organization:
    """Merge organizations (``organizations.services.merge_organizations``, whose
    arguments these are) and hand their open directive parts over to the successor."""
    sources = list(sources)
    successor = organization_services.merge_organizations(
        sources=sources,
        into=into,
        new_name=new_name,
        new_short_name=new_short_name,
        new_kind=new_kind,
        on=on,
        by=by,
        note=note,
    )
    hand_over_open_work(sources=sources, successor=successor, on=on, by=by)
    return successor


@transaction.atomic
def end_organization(
    *, organization: Organization, on: dt.date, by: User | None = None, request=None
) -> Organization:
    """End an organization (``organizations.services.end_organization``). Refused while
    some of its directive parts are open: they would stay overdue for ever; merging it
    into a successor hands them over."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    open_parts = DirectiveAssignment.objects.open().filter(organization=organization).count()
    if open_parts:
        raise ValidationError(
            ngettext(
                "“%(name)s” still has %(count)d open directive part: merge it into a "
                "successor instead, which takes it over.",
                "“%(name)s” still has %(count)d open directive parts: merge it into a "
                "successor instead, which takes them over.",
                open_parts,
            )
            % {"name": organization.name, "count": open_parts}
        )
    return organization_services.end_organization(
        organization=organization, on=on, by=by, request=request
    )


@transaction.atomic
def save_report_page(
    *,
    report: Report,
    by: User | None,
    version: str | None,
    proposals_formset,
    follow_up: Sequence[Change],
    submit: bool = False,
    sent_on: dt.date | None = None,
) -> bool:
    """What the report page saves, as one action, all or nothing: the report and its
    proposals (``meetings.services.save_report``, refused with ``EditConflict`` if the
    report moved since ``version``) and what the organization reports on its unfinished
    directives (``follow_up``); True if unsafe markup was removed; ``sent_on``: the day
    staff say it was really sent (``meetings.services.save_report``). A fixed number of
    queries however many proposals and directives."""
    removed = meeting_services.save_report(
        report=report,
        by=by,
        version=version,
        proposals_formset=proposals_formset,
        submit=submit,
        sent_on=sent_on,
    )
    if follow_up:
        record_progress(changes=follow_up, by=by, meeting=report.meeting)
    return removed
