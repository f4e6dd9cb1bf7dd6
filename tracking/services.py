"""Writes of the follow-up: progress reports, carrying directives over, hand-overs.

``record_update`` is the only writer of an assignment's progress: every change
leaves a ``ProgressUpdate`` saying who, when and at which meeting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from giaoban.pagecache import changed
from meetings.models import Conclusion, Directive, Meeting
from meetings.signals import directives_written
from organizations import services as organization_services
from organizations.models import Organization
from tracking.models import OPEN_PROGRESS, DirectiveAssignment, Progress, ProgressUpdate, UpdateKind

REPORTABLE = (Progress.IN_PROGRESS, Progress.DONE)


def _tell_pages_of(assignments: Sequence[DirectiveAssignment]) -> None:
    """The pages of the committees whose meetings gave these parts change (one query)."""
    changed(
        DirectiveAssignment.objects.filter(pk__in=[a.pk for a in assignments])
        .values_list("directive__conclusion__meeting__committee_id", flat=True)
        .distinct()
    )


def _completion_date(progress: str, completed_on: dt.date | None) -> dt.date | None:
    """A part done without a date was done today; a date in the future is refused."""
    if progress != Progress.DONE:
        return None
    today = timezone.localdate()
    completed_on = completed_on or today
    if completed_on > today:
        raise ValidationError(_("The completion date cannot be in the future."))
    return completed_on


@transaction.atomic
def record_update(
    *,
    assignment: DirectiveAssignment,
    progress: str,
    by: User | None,
    note: str = "",
    completed_on: dt.date | None = None,
    meeting: Meeting | None = None,
    on_behalf: bool = False,
) -> ProgressUpdate:
    """Record the progress of one organization's part of a directive."""
    if progress not in REPORTABLE:
        raise ValidationError(_("Choose “in progress” or “done”."))
    if assignment.progress == Progress.CARRIED_OVER:
        raise ValidationError(_("This directive was carried over; report on the new one."))
    completed_on = _completion_date(progress, completed_on)
    update = ProgressUpdate.objects.create(
        assignment=assignment,
        progress=progress,
        completed_on=completed_on,
        note=note.strip(),
        meeting=meeting,
        entered_by=by,
        on_behalf=on_behalf,
    )
    assignment.progress = progress
    assignment.completed_on = completed_on
    assignment.progress_at = update.created_at
    assignment.save(update_fields=["progress", "completed_on", "progress_at"])
    _tell_pages_of([assignment])
    return update


@dataclass
class Change:
    """One part's new progress, as entered in a form or a filled-in tracking sheet."""

    assignment: DirectiveAssignment
    progress: str
    completed_on: dt.date | None = None
    note: str = ""
    on_behalf: bool = True


def check_change(change: Change) -> dt.date | None:
    """The completion date to record; ValidationError if the change cannot be recorded."""
    if change.progress not in REPORTABLE:
        raise ValidationError(_("Choose “in progress” or “done”."))
    if change.assignment.progress == Progress.CARRIED_OVER:
        raise ValidationError(_("This directive was carried over; report on the new one."))
    return _completion_date(change.progress, change.completed_on)


@transaction.atomic
def record_changes(changes: Sequence[Change], *, by: User) -> int:
    """Record many parts' progress at once (in a fixed number of queries): all or nothing."""
    dates = [check_change(change) for change in changes]
    now = timezone.now()
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                assignment=change.assignment,
                progress=change.progress,
                completed_on=completed_on,
                note=change.note.strip(),
                entered_by=by,
                on_behalf=change.on_behalf,
            )
            for change, completed_on in zip(changes, dates, strict=True)
        ]
    )
    assignments = []
    for change, completed_on in zip(changes, dates, strict=True):
        assignment = change.assignment
        assignment.progress, assignment.completed_on = change.progress, completed_on
        assignment.progress_at = now
        assignments.append(assignment)
    DirectiveAssignment.objects.bulk_update(
        assignments, ["progress", "completed_on", "progress_at"]
    )
    _tell_pages_of(assignments)
    return len(assignments)


def record_updates(
    *,
    assignments: Sequence[DirectiveAssignment],
    progress: str,
    by: User,
    note: str = "",
    completed_on: dt.date | None = None,
) -> int:
    """Staff set the status of many directives at once, on behalf of their organizations."""
    return record_changes(
        [Change(a, progress, completed_on, note, on_behalf=True) for a in assignments], by=by
    )


@transaction.atomic
def carry_over(
    *, directives: Iterable[Directive], into: Conclusion, by: User | None
) -> list[Directive]:
    """Copy unfinished directives into the conclusion ``into``, each with the link to where
    it started, for the parts still open. The old parts stay as they are: they are closed
    as carried over when ``into`` is issued (``close_carried_over``).

    ``directives`` come with their assignments prefetched; a fixed number of queries."""
    position = (into.directives.aggregate(last=Max("position"))["last"] or 0) + 1
    next_period = into.meeting.period.next()
    copies, parts_of = [], []
    for directive in directives:
        open_parts = [a for a in directive.assignments.all() if a.progress in OPEN_PROGRESS]
        if not open_parts:
            continue
        copies.append(
            Directive(
                conclusion=into,
                position=position,
                text=directive.text,
                to_all_organizations=directive.to_all_organizations,
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
    directives_written.send(sender=Directive, conclusion=into)
    changed([into.meeting.committee_id])
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
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                assignment=a,
                kind=UpdateKind.CARRIED_OVER,
                progress=Progress.CARRIED_OVER,
                meeting=meeting,
                entered_by=by,
                note=note,
            )
            for a in open_parts
        ]
    )
    DirectiveAssignment.objects.filter(pk__in=[a.pk for a in open_parts]).update(
        progress=Progress.CARRIED_OVER, progress_at=timezone.now()
    )
    _tell_pages_of(open_parts)
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
    return record_updates(
        assignments=open_parts,
        progress=Progress.DONE,
        by=by,
        completed_on=min(meeting.held_on or today, today),
        note=_("Closed by the conclusion of %(period)s.")
        % {"period": meeting.period.label_in_text},
    )


@transaction.atomic
def hand_over_open_work(
    *, sources: Sequence[Organization], successor: Organization, on: dt.date, by: User | None
) -> int:
    """After a merger, the merged organizations' open directives pass to the successor."""
    open_parts = list(
        DirectiveAssignment.objects.open()
        .filter(organization__in=sources)
        .select_related("organization")
    )
    already = set(
        DirectiveAssignment.objects.filter(
            organization=successor, directive_id__in=[a.directive_id for a in open_parts]
        ).values_list("directive_id", flat=True)
    )
    updates, absorbed = [], []
    for assignment in open_parts:
        if assignment.directive_id in already:
            # The successor already has its own part of this directive: this one closes.
            absorbed.append(assignment)
        updates.append(
            ProgressUpdate(
                assignment=assignment,
                kind=UpdateKind.HANDED_OVER,
                progress=assignment.progress,
                from_organization=assignment.organization,
                entered_by=by,
                note=_("Handed over from %(old)s to %(new)s on %(date)s after the merger.")
                % {
                    "old": assignment.organization.name,
                    "new": successor.name,
                    "date": on.strftime("%d/%m/%Y"),
                },
            )
        )
        already.add(assignment.directive_id)
    ProgressUpdate.objects.bulk_create(updates)
    absorbed_ids = {a.pk for a in absorbed}
    DirectiveAssignment.objects.filter(pk__in=absorbed_ids).update(
        progress=Progress.CARRIED_OVER, progress_at=timezone.now()
    )
    DirectiveAssignment.objects.filter(
        pk__in=[u.assignment_id for u in updates if u.assignment_id not in absorbed_ids]
    ).update(organization=successor)
    changed([successor.committee_id, *(source.committee_id for source in sources)])
    _tell_pages_of(open_parts)
    return len(updates)


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
