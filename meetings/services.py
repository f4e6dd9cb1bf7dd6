"""Writes of the meetings app: each one function, in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from accounts.models import User
from accounts.submissions import claim_token
from giaoban.pagecache import changed
from meetings import richtext
from meetings.citations import find_citations
from meetings.concurrency import EditConflict, check_version
from meetings.models import (
    CARRY,
    CLOSE,
    REPORT_SECTIONS,
    Attendance,
    Citation,
    Conclusion,
    ConclusionStatus,
    Directive,
    Meeting,
    MeetingStatus,
    Proposal,
    Report,
    ReportStatus,
    short,
)
from meetings.periods import Period
from meetings.removed import refusals_of
from meetings.signals import directives_written, meeting_written, restored
from organizations.models import Organization
from tracking import services as tracking_services
from tracking.models import DirectiveAssignment, ProgressUpdate

CONCLUSION_SECTIONS = ("assessment", "shortcomings", "orientation")


@dataclass(frozen=True)
class AttendanceLine:
    organization: Organization
    invited: bool
    present: bool
    representatives: str


def clean_rich_fields(obj, names: Sequence[str]) -> bool:
    """Sanitise the rich-text fields of ``obj`` in place; True if anything unsafe was removed."""
    removed = False
    for name in names:
        cleaned = richtext.clean(getattr(obj, name))
        setattr(obj, name, cleaned.html)
        removed |= cleaned.removed_unsafe
    return removed


def derived_status(meeting: Meeting) -> str:
    if meeting.status == MeetingStatus.CONCLUDED:
        return MeetingStatus.CONCLUDED
    if meeting.held_on and meeting.held_on <= timezone.localdate():
        return MeetingStatus.HELD
    return MeetingStatus.PLANNED


# What an edit of a meeting writes (its committee never changes).
MEETING_FIELDS = (
    "title",
    "period_kind",
    "period_year",
    "period_start",
    "period_end",
    "is_regular",
    "held_on",
    "session",
    "place",
    "chair_name",
    "chair_title",
    "other_attendees",
    "summary",
    "notes",
    "source",
    "status",
)


@transaction.atomic
def save_meeting(
    *,
    meeting: Meeting,
    attendance: Iterable[AttendanceLine],
    by: User | None,
    version: str | None = None,
    submission: str = "",
) -> bool:
    """Create or edit a meeting with its attendance list; True if unsafe markup was
    removed from the summary.

    The whole write, in a fixed number of queries however long the list: the meeting
    row, its attendance rows (in bulk), its history row, its search entries. An edit is
    a conditional update on ``version`` (the ``updated_at`` the form was opened on; the
    one loaded if None) and on the status the meeting had: if someone saved it, changed
    its attendance or issued its conclusion since, ``EditConflict`` is raised and nothing
    is written (so an edit never writes back a stale status). Every save moves the
    version, attendance changes included; the search entries are written only if the
    period changed. A line for an organization of another
    committee is refused (``ValidationError``), never dropped. ``submission`` is the
    form's one-time token (``accounts.submissions``): a form sent twice is saved once."""
    claim_token(submission, by)
    lines = [line for line in attendance if line.invited or line.present]
    foreign = [line for line in lines if line.organization.committee_id != meeting.committee_id]
    if foreign:
        raise ValidationError(
            _("%(organizations)s do not belong to the committee of this meeting.")
            % {"organizations": ", ".join(line.organization.name for line in foreign)}
        )
    removed = clean_rich_fields(meeting, ["summary"])
    changed([meeting.committee_id])
    meeting.period = Period(meeting.period_year, meeting.period_kind)
    stored_status = meeting.status
    meeting.status = derived_status(meeting)
    meeting.updated_by = by
    created = meeting.pk is None
    if created:
        meeting.created_by = by
        meeting.save_without_historical_record()
        existing: dict[int, Attendance] = {}
    else:
        stored_period = Meeting.objects.values_list("period_year", "period_kind").get(pk=meeting.pk)
        _update_unless_changed(meeting, version=version, status=stored_status, by=by)
        existing = {a.organization_id: a for a in Attendance.objects.filter(meeting=meeting)}
        if stored_period != (meeting.period_year, meeting.period_kind):
            # Only then do its search entries change: an edit does not lock the entries
            # that issuing the conclusion (or saving a report) rewrites at the same moment.
            meeting_written.send(sender=Meeting, meeting=meeting)
    Meeting.history.bulk_history_create([meeting], update=not created, default_user=by)
    keep = {line.organization.pk for line in lines}
    leaving = [row.pk for org, row in existing.items() if org not in keep]
    if leaving:
        Attendance.objects.filter(pk__in=leaving).delete()
    to_create, to_update = [], []
    for line in lines:
        row = existing.get(line.organization.pk)
        if row is None:
            to_create.append(
                Attendance(
                    meeting=meeting,
                    organization=line.organization,
                    present=line.present,
                    representatives=line.representatives.strip(),
                )
            )
        else:
            row.present, row.representatives = line.present, line.representatives.strip()
            to_update.append(row)
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ["present", "representatives"])
    return removed


def _update_unless_changed(meeting: Meeting, *, version: str | None, status: str, by) -> None:
    """Write the edited meeting if its row is still at ``version`` and ``status``;
    ``EditConflict`` with what is stored otherwise."""
    opened = meeting.updated_at
    if version:
        try:
            opened = dt.datetime.fromisoformat(version)
        except ValueError:
            opened = None
    now = timezone.now()
    written = opened is not None and Meeting.objects.filter(
        pk=meeting.pk, updated_at=opened, status=status
    ).update(
        **{name: getattr(meeting, name) for name in MEETING_FIELDS},
        updated_by=by,
        updated_at=now,
    )
    if not written:
        raise EditConflict(
            Meeting.objects.select_related("updated_by")
            .prefetch_related("attendances")
            .get(pk=meeting.pk)
        )
    meeting.updated_at = now


def next_meeting_initial(previous: Meeting) -> dict:
    """What "new meeting for the next period" starts from: same chair, next period."""
    period = previous.period.next()
    return {
        "committee": previous.committee_id,
        "period_kind": period.kind,
        "period_year": period.year,
        "place": previous.place,
        "chair_name": previous.chair_name,
        "chair_title": previous.chair_title,
        "other_attendees": previous.other_attendees,
    }


def _replace_citations(*, texts: Iterable[str], **owner) -> None:
    Citation.objects.filter(**owner).delete()
    found = find_citations("\n".join(richtext.plain_text(t) for t in texts))
    Citation.objects.bulk_create([Citation(code=f.code, label=f.label, **owner) for f in found])


@transaction.atomic
def save_report(
    *, report: Report, proposals_formset=None, by: User | None, version: str | None = None
) -> bool:
    """Save a report (sections sanitised, citations found) and its proposals.

    ``version`` is the ``updated_at`` the form was opened on: if the report changed
    since, ``EditConflict`` is raised and nothing is written.
    """
    check_version(report, version)
    if report.pk and report.is_locked:
        raise ValidationError(_("This report has been accepted and can no longer be changed."))
    removed = clean_rich_fields(report, REPORT_SECTIONS)
    report.updated_by = by
    report.save()
    changed([report.meeting.committee_id])
    _replace_citations(texts=[getattr(report, n) for n in REPORT_SECTIONS], report=report)
    if proposals_formset is not None:
        position = 0
        for form in proposals_formset.forms:
            if form in proposals_formset.deleted_forms:
                if form.instance.pk:
                    form.instance.archive(by)  # restorable: services.restore_removed
                continue
            if not form.instance.pk and not form.has_changed():
                continue
            proposal = form.save(commit=False)
            position += 1
            proposal.report, proposal.position = report, position
            if {"disposition", "response", "referred_to"} & set(form.changed_data):
                proposal.responded_by, proposal.responded_at = by, timezone.now()
            proposal.save()
    return removed


@transaction.atomic
def submit_report(*, report: Report, by: User) -> None:
    if report.is_empty():
        raise ValidationError(
            _("The report is empty: write at least one section before submitting it.")
        )
    if report.is_locked:
        raise ValidationError(_("This report has already been accepted."))
    report.status = ReportStatus.SUBMITTED
    report.submitted_by, report.submitted_at = by, timezone.now()
    report.save(update_fields=["status", "submitted_by", "submitted_at"])
    changed([report.meeting.committee_id])


@transaction.atomic
def accept_report(*, report: Report, by: User) -> None:
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted."))
    report.status = ReportStatus.ACCEPTED
    report.accepted_by, report.accepted_at = by, timezone.now()
    report.save(update_fields=["status", "accepted_by", "accepted_at"])
    changed([report.meeting.committee_id])


@transaction.atomic
def return_report(*, report: Report, by: User) -> None:
    """Staff send a report back to draft so that its organization can change it."""
    report.status = ReportStatus.DRAFT
    report.accepted_by = report.accepted_at = None
    report.updated_by = by
    report.save(update_fields=["status", "accepted_by", "accepted_at", "updated_by", "updated_at"])
    changed([report.meeting.committee_id])


@transaction.atomic
def answer_proposal(
    *,
    proposal: Proposal,
    disposition: str,
    response: str,
    referred_to: str,
    by: User,
    version: str | None = None,
) -> None:
    """Staff answer a proposal from the register. Its report is not reopened: an accepted
    report stays accepted and locked for its organization.

    ``version`` is the ``updated_at`` of the proposal's report when the answer form was
    opened (the report form writes answers too): if the report changed since, or its
    proposal can no longer be answered, ``EditConflict`` is raised and nothing is written.
    The report's ``updated_at`` moves, so that a report form opened before the answer is
    refused in turn instead of writing the older answer back."""
    check_version(proposal.report, version)
    answer = {
        "disposition": disposition,
        "response": response.strip(),
        "referred_to": referred_to.strip(),
        "responded_by": by,
        "responded_at": timezone.now(),
    }
    if not Proposal.objects.answerable().filter(pk=proposal.pk).update(**answer):
        raise EditConflict(Report.objects.select_related("updated_by").get(pk=proposal.report_id))
    Report.objects.filter(pk=proposal.report_id).update(
        updated_by=by, updated_at=answer["responded_at"]
    )
    for name, value in answer.items():
        setattr(proposal, name, value)
    Proposal.history.bulk_history_create([proposal], update=True, default_user=by)
    changed([proposal.report.meeting.committee_id])


@transaction.atomic
def save_conclusion(
    *,
    conclusion: Conclusion,
    directives_formset,
    by: User | None,
    version: str | None = None,
    earlier: Sequence[Directive] = (),
    choices: Mapping[int, str] | None = None,
) -> bool:
    """Save a conclusion and its directives with their assignees (refused with
    ``EditConflict`` if someone saved it since ``version``).

    ``earlier`` are the unfinished directives of earlier conclusions offered on the form
    (assignments prefetched), ``choices`` what the form says of each (directive id:
    ``CARRY``, ``CLOSE`` or ""; None if the form did not send them). The choices are
    stored (a copy for a carry-over, a mark for a closing) and take effect when the
    conclusion is issued, or at once if it already is."""
    check_version(conclusion, version)
    removed = clean_rich_fields(conclusion, CONCLUSION_SECTIONS)
    changed([conclusion.meeting.committee_id])
    conclusion.updated_by = by
    conclusion.save()
    _replace_citations(
        texts=[getattr(conclusion, n) for n in CONCLUSION_SECTIONS], conclusion=conclusion
    )
    issued = conclusion.status == ConclusionStatus.ISSUED
    # The copies there were before this save: one deleted below is not made again.
    copied_before = conclusion.copies_of_earlier()
    directives_formset.instance = conclusion
    for form in directives_formset.deleted_forms:
        if form.instance.pk:
            if issued and form.instance.carried_from_id:
                raise ValidationError(
                    _(
                        "Directive %(number)s carries over an earlier one, now closed; it "
                        "cannot be removed from an issued conclusion."
                    )
                    % {"number": form.instance.position}
                )
            if ProgressUpdate.objects.filter(assignment__directive=form.instance).exists():
                raise ValidationError(
                    _("Directive %(number)s already has reported progress; it cannot be removed.")
                    % {"number": form.instance.position}
                )
            form.instance.archive(by)  # restorable: services.restore_removed
    meeting = conclusion.meeting
    reporting = list(
        Organization.objects.filter(committee_id=meeting.committee_id, reports_at_meetings=True)
        .valid_on(meeting.reference_date)
        .values_list("pk", flat=True)
    )
    kept = [
        f
        for f in directives_formset.forms
        if f not in directives_formset.deleted_forms and (f.instance.pk or f.has_changed())
    ]
    wanted: dict[Directive, dict[int, bool]] = {}
    citations = []
    for position, form in enumerate(kept, start=1):
        directive: Directive = form.save(commit=False)
        directive.conclusion = conclusion
        directive.position = position
        period = form.due_period_value()
        directive.due_period_year = period.year if period and not directive.due_date else None
        directive.due_period_kind = period.kind if period and not directive.due_date else ""
        directive.deadline = directive.compute_deadline()
        directive.save()
        lead = form.cleaned_data.get("lead")
        members = (
            set(reporting)
            if directive.to_all_organizations
            else {o.pk for o in form.cleaned_data.get("co_assignees") or []}
        )
        parts = dict.fromkeys(members, False)
        if lead:
            parts[lead.pk] = True
        wanted[directive] = parts
        citations += [
            Citation(code=f.code, label=f.label, directive=directive)
            for f in find_citations(directive.text)
        ]
    Citation.objects.filter(directive__in=list(wanted)).delete()
    Citation.objects.bulk_create(citations)
    _sync_assignments(wanted)
    if choices is not None:
        deleted = {f.instance.pk for f in directives_formset.deleted_forms if f.instance.pk}
        _store_choices(
            conclusion=conclusion,
            earlier=earlier,
            choices=choices,
            copied_before={k: v for k, v in copied_before.items() if v.pk not in deleted},
            deleted_copies={k for k, v in copied_before.items() if v.pk in deleted},
            by=by,
        )
    if issued:
        _take_effect(conclusion=conclusion, by=by)
    return removed


def _store_choices(
    *,
    conclusion: Conclusion,
    earlier: Sequence[Directive],
    choices: Mapping[int, str],
    copied_before: Mapping[int, Directive],
    deleted_copies: set[int],
    by: User | None,
) -> None:
    """Keep what the conclusion does with earlier unfinished directives: a copy for each
    one carried over (removed again if the choice is withdrawn), a mark for each one closed.
    Nothing of the earlier directives themselves changes here."""
    offered = {d.pk: d for d in earlier if d.pk in choices}
    carry = [
        d
        for pk, d in offered.items()
        if choices[pk] == CARRY and pk not in copied_before and pk not in deleted_copies
    ]
    tracking_services.carry_over(directives=carry, into=conclusion, by=by)
    withdrawn = [
        copy for pk, copy in copied_before.items() if pk in offered and choices[pk] != CARRY
    ]
    if withdrawn:
        now = timezone.now()
        for copy in withdrawn:
            copy.archived_at, copy.archived_by = now, by
        bulk_update_with_history(
            withdrawn, Directive, ["archived_at", "archived_by"], default_user=by
        )
        directives_written.send(sender=Directive, conclusion=conclusion)
    closing = [pk for pk in offered if choices[pk] == CLOSE]
    conclusion.closes.remove(*[pk for pk in offered if pk not in closing])
    conclusion.closes.add(*closing)


def _take_effect(*, conclusion: Conclusion, by: User | None) -> None:
    """What an issued conclusion does to earlier directives: those it carries over are
    closed as carried over, those it closes are closed as done."""
    meeting = conclusion.meeting
    tracking_services.close_carried_over(
        copies=list(conclusion.directives.filter(carried_from__isnull=False)),
        meeting=meeting,
        by=by,
    )
    tracking_services.close_as_done(directives=conclusion.closes.all(), meeting=meeting, by=by)


def _sync_assignments(wanted: dict[Directive, dict[int, bool]]) -> None:
    """Make each directive's assignees those wanted, keeping the parts (and their progress)
    that stay; a part with reported progress cannot be removed."""
    existing = DirectiveAssignment.objects.filter(directive__in=list(wanted)).annotate(
        reported=Exists(ProgressUpdate.objects.filter(assignment=OuterRef("pk")))
    )
    by_directive: dict[int, dict[int, DirectiveAssignment]] = {}
    for part in existing.select_related("organization"):
        by_directive.setdefault(part.directive_id, {})[part.organization_id] = part
    to_create, to_update, to_delete = [], [], []
    for directive, parts in wanted.items():
        current = by_directive.get(directive.pk, {})
        for organization_id, part in current.items():
            if organization_id not in parts:
                if part.reported:
                    raise ValidationError(
                        _(
                            "%(organization)s has already reported on directive %(number)s; "
                            "it cannot be taken off it."
                        )
                        % {"organization": part.organization.name, "number": directive.position}
                    )
                to_delete.append(part.pk)
            elif part.is_lead != parts[organization_id]:
                part.is_lead = parts[organization_id]
                to_update.append(part)
        to_create += [
            DirectiveAssignment(directive=directive, organization_id=pk, is_lead=is_lead)
            for pk, is_lead in parts.items()
            if pk not in current
        ]
    DirectiveAssignment.objects.filter(pk__in=to_delete).delete()
    DirectiveAssignment.objects.bulk_update(to_update, ["is_lead"])
    DirectiveAssignment.objects.bulk_create(to_create)


@transaction.atomic
def issue_conclusion(*, conclusion: Conclusion, by: User) -> None:
    """Issue the conclusion notice: it needs its number and date; the meeting is concluded,
    and what the conclusion chose for earlier directives takes effect (carried over,
    closed)."""
    missing = []
    if not conclusion.notice_number:
        missing.append(_("the notice number"))
    if not conclusion.issued_on:
        missing.append(_("the date of issue"))
    if missing:
        raise ValidationError(
            _("Before issuing, enter %(missing)s.") % {"missing": _(" and ").join(missing)}
        )
    if not conclusion.directives.exists() and richtext.is_blank(conclusion.orientation):
        raise ValidationError(_("The conclusion has neither orientation nor directives."))
    changed([conclusion.meeting.committee_id])
    conclusion.status = ConclusionStatus.ISSUED
    conclusion.issued_by = by
    conclusion.save(update_fields=["status", "issued_by", "updated_at"])
    meeting = conclusion.meeting
    meeting.status = MeetingStatus.CONCLUDED
    meeting.save(update_fields=["status", "updated_at"])
    _take_effect(conclusion=conclusion, by=by)


@transaction.atomic
def restore_removed(
    *, proposals: QuerySet[Proposal], directives: QuerySet[Directive], by: User
) -> int:
    """Put back the removed rows of ``proposals`` and ``directives``, each at the end of
    its report's or conclusion's list; returns how many. All or none: if one of them
    cannot come back (``restore_refusal``), ``ValidationError`` lists why and nothing is
    restored. Rows someone restored meanwhile are left as they are.

    In bulk, a fixed number of queries however many: the rows are locked with their
    report or conclusion (so that it is not accepted or issued meanwhile), updated in one
    statement per table, each restore is a history row by ``by``, and the search index
    takes them back (``meetings.signals.restored``). Their committees' pages are told
    (giaoban/pagecache.py)."""
    found_proposals = list(
        proposals.archived()
        .select_related("report__meeting", "report__organization")
        .select_for_update(of=("self", "report"))
        .order_by("position", "pk")
    )
    found_directives = list(
        directives.archived()
        .select_related("conclusion__meeting")
        .select_for_update(of=("self", "conclusion"))
        .order_by("position", "pk")
    )
    directive_refusals = refusals_of(found_directives)
    refusals = [(p, p.restore_refusal()) for p in found_proposals] + [
        (d, directive_refusals[d.pk]) for d in found_directives
    ]
    refused = [
        _("“%(text)s”: %(reason)s") % {"text": short(item.text), "reason": reason}
        for item, reason in refusals
        if reason
    ]
    if refused:
        raise ValidationError(refused)
    changed(
        [p.report.meeting.committee_id for p in found_proposals]
        + [d.conclusion.meeting.committee_id for d in found_directives]
    )
    for model, items, parent in (
        (Proposal, found_proposals, "report_id"),
        (Directive, found_directives, "conclusion_id"),
    ):
        if not items:
            continue
        _place_last(model, items, parent)
        bulk_update_with_history(
            items,
            model,
            ["archived_at", "archived_by", "position"],
            default_user=by,
            manager=model.all_objects,
        )
        restored.send(sender=model, items=items)
    return len(found_proposals) + len(found_directives)


def _place_last(model, items: list, parent: str) -> None:
    """Number ``items`` (in memory) after the rows still in their report or conclusion,
    and mark them restored."""
    last = dict(
        model.objects.filter(**{f"{parent}__in": {getattr(item, parent) for item in items}})
        .order_by()
        .values(parent)
        .annotate(last=Max("position"))
        .values_list(parent, "last")
    )
    for item in items:
        key = getattr(item, parent)
        last[key] = (last.get(key) or 0) + 1
        item.position = last[key]
        item.archived_at = item.archived_by = None
