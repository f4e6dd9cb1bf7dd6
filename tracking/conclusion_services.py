"""Saving and issuing a conclusion: the conclusion and its directives (meetings), and what
it does to the follow-up (tracking): the assignees' parts, carrying earlier directives over
and closing them. Each is one function, keyword-only, in one transaction, at a fixed
number of queries however many directives (bulk writes, history rows in bulk, the search
index told once)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from accounts.submissions import claim_token
from giaoban.pagecache import touched
from meetings import richtext
from meetings.citations import find_citations
from meetings.concurrency import EditConflict, version_of
from meetings.models import (
    CARRY,
    CLOSE,
    Citation,
    Conclusion,
    ConclusionStatus,
    Directive,
    MeetingStatus,
)
from meetings.services import clean_rich_fields
from meetings.signals import send_written
from notifications import events as notifications
from organizations.models import Organization
from tracking import services as tracking_services
from tracking.models import DirectiveAssignment, ProgressUpdate

CONCLUSION_SECTIONS = ("assessment", "shortcomings", "orientation")
# What the conclusion form changes (the status changes only by ``issue_conclusion``).
FORM_FIELDS = [
    *CONCLUSION_SECTIONS,
    "notice_number",
    "issued_on",
    "without_notice",
    "updated_by",
    "updated_at",
]
DIRECTIVE_FIELDS = [
    "text",
    "to_all_organizations",
    "group_name",
    "due_date",
    "due_period_year",
    "due_period_kind",
    "deadline",
    "position",
]
# What saving a directive computes rather than takes from the form.
DERIVED_FIELDS = ["position", "due_period_year", "due_period_kind", "deadline"]


def _stored(conclusion: Conclusion, version: str | None) -> Conclusion | None:
    """The stored row of ``conclusion``, locked until the end of the save (None for a new
    one); ``EditConflict`` if it changed since ``version`` (None: not checked)."""
    if conclusion.pk is None:
        return None
    current = (
        Conclusion.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=conclusion.pk)
    )
    if version is not None and version_of(current) != version:
        raise EditConflict(current)
    return current


@transaction.atomic
def save_conclusion(
    *,
    conclusion: Conclusion,
    directives_formset,
    by: User | None,
    version: str | None = None,
    earlier: Sequence[Directive] = (),
    choices: Mapping[int, str] | None = None,
    token: str = "",
) -> bool:
    """Save a conclusion and its directives with their assignees; True if unsafe markup
    was removed from its text.

    Refused with ``EditConflict`` if someone saved or issued it since ``version`` (the
    ``updated_at`` the form was opened on), with ``ValidationError`` if a directive cannot
    be removed or an organization taken off it, with ``AlreadySubmitted`` if the form's
    one-time ``token`` was used before: nothing is then written.

    ``earlier`` are the unfinished directives of earlier conclusions offered on the form
    (assignments prefetched), ``choices`` what the form says of each (directive id:
    ``CARRY``, ``CLOSE`` or ""; None if the form did not send them). The choices are
    stored (a copy for a carry-over, a mark for a closing) and take effect when the
    conclusion is issued, or at once if it already is."""
    claim_token(token=token, user=by)
    stored = _stored(conclusion, version)
    removed = clean_rich_fields(conclusion, CONCLUSION_SECTIONS)
    conclusion.updated_by = by
    if stored is None:
        conclusion.status, conclusion.issued_by = ConclusionStatus.DRAFT, None
        conclusion.save()
    else:
        conclusion.status, conclusion.issued_by_id = stored.status, stored.issued_by_id
        conclusion.save(update_fields=FORM_FIELDS)
    issued = conclusion.status == ConclusionStatus.ISSUED
    copied_before = conclusion.copies_of_earlier()
    directives_formset.instance = conclusion
    deleted = [f.instance for f in directives_formset.deleted_forms if f.instance.pk]
    _remove_directives(deleted, issued=issued, by=by)
    wanted, written = _save_directives(conclusion, directives_formset, by=by)
    _sync_assignments(wanted)
    if choices is not None:
        deleted_ids = {d.pk for d in deleted}
        written += _store_choices(
            conclusion=conclusion,
            earlier=earlier,
            choices=choices,
            copied_before={k: v for k, v in copied_before.items() if v.pk not in deleted_ids},
            deleted_copies={k for k, v in copied_before.items() if v.pk in deleted_ids},
            by=by,
        )
    if issued:
        _take_effect(conclusion=conclusion, by=by)
    # A draft shows on its meeting's pages and in what its staff find; an issued one on
    # the lists, and its directives on the forms of later meetings.
    touched(
        conclusion.meeting.committee_id,
        conclusion=conclusion.meeting_id,
        meetings=[conclusion.meeting_id] if issued else [],
        draft=not issued,
        lists=issued,
        progress=issued,
    )
    # Search finds the conclusion's text and the directives written (an unchanged one's
    # entry stays as it is: neither its text, its number nor who may read it changed).
    send_written(
        Conclusion,
        conclusion.meeting_id,
        conclusions=[conclusion.pk],
        directives=[d.pk for d in deleted + written],
    )
    return removed


def _remove_directives(directives: list[Directive], *, issued: bool, by: User | None) -> None:
    """Archive the directives removed on the form (restorable from "Mục đã xóa"), unless
    one was reported on, or carries an earlier one over in an issued conclusion."""
    if not directives:
        return
    for directive in directives:
        if issued and directive.carried_from_id:
            raise ValidationError(
                _(
                    "Directive %(number)s carries over an earlier one, now closed; it "
                    "cannot be removed from an issued conclusion."
                )
                % {"number": directive.position}
            )
    reported = set(
        ProgressUpdate.objects.filter(assignment__directive__in=directives).values_list(
            "assignment__directive_id", flat=True
        )
    )
    for directive in directives:
        if directive.pk in reported:
            raise ValidationError(
                _("Directive %(number)s already has reported progress; it cannot be removed.")
                % {"number": directive.position}
            )
    now = timezone.now()
    for directive in directives:
        directive.archived_at, directive.archived_by = now, by
    bulk_update_with_history(
        directives,
        Directive,
        ["archived_at", "archived_by"],
        default_user=by,
        manager=Directive.all_objects,
    )


def _save_directives(
    conclusion: Conclusion, formset, *, by: User | None
) -> tuple[dict[Directive, dict[int, bool]], list[Directive]]:
    """Write the directives kept on the form, numbered in order, in bulk with their history
    and citations: the new ones, and those the form or their numbering changed (an
    unchanged row is neither written nor given a history row). Returns the wanted parts
    (organization id: is lead) of each directive whose parts may have changed (new or
    changed on the form, or addressed to all organizations, which may have changed), and
    the directives written."""
    meeting = conclusion.meeting
    reporting = list(
        Organization.objects.filter(committee_id=meeting.committee_id, reports_at_meetings=True)
        .valid_on(meeting.reference_date)
        .values_list("pk", flat=True)
    )
    kept = [
        f
        for f in formset.forms
        if f not in formset.deleted_forms and (f.instance.pk or f.has_changed())
    ]
    new, changed, parts_of = [], [], []
    for position, form in enumerate(kept, start=1):
        directive: Directive = form.save(commit=False)
        # What the form does not edit, as stored (the form wrote only its own fields).
        derived = [getattr(directive, name) for name in DERIVED_FIELDS]
        directive.conclusion = conclusion
        directive.position = position
        period = form.due_period_value()
        directive.due_period_year = period.year if period and not directive.due_date else None
        directive.due_period_kind = period.kind if period and not directive.due_date else ""
        directive.deadline = directive.compute_deadline()
        edited = form.has_changed()
        if directive.pk is None:
            new.append(directive)
        elif edited or derived != [getattr(directive, name) for name in DERIVED_FIELDS]:
            changed.append(directive)
        if not (directive.pk is None or edited or directive.to_all_organizations):
            continue  # its parts are those the form showed
        lead = form.cleaned_data.get("lead")
        members = (
            set(reporting)
            if directive.to_all_organizations
            else {o.pk for o in form.cleaned_data.get("co_assignees") or []}
        )
        parts = dict.fromkeys(members, False)
        if lead:
            parts[lead.pk] = True
        parts_of.append((directive, parts))
    if new:
        bulk_create_with_history(new, Directive, default_user=by)
    if changed:
        bulk_update_with_history(changed, Directive, DIRECTIVE_FIELDS, default_user=by)
    written = new + changed
    Citation.objects.filter(
        Q(conclusion=conclusion) | Q(directive__in=[d.pk for d in changed])
    ).delete()
    sections = "\n".join(richtext.plain_text(getattr(conclusion, n)) for n in CONCLUSION_SECTIONS)
    citations = [
        Citation(code=f.code, label=f.label, conclusion=conclusion)
        for f in find_citations(sections)
    ]
    citations += [
        Citation(code=f.code, label=f.label, directive=d)
        for d in written
        for f in find_citations(d.text)
    ]
    Citation.objects.bulk_create(citations)
    return dict(parts_of), written


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
    if to_delete:
        DirectiveAssignment.objects.filter(pk__in=to_delete).delete()
    if to_update:
        DirectiveAssignment.objects.bulk_update(to_update, ["is_lead"])
    if to_create:
        DirectiveAssignment.objects.bulk_create(to_create)


def _store_choices(
    *,
    conclusion: Conclusion,
    earlier: Sequence[Directive],
    choices: Mapping[int, str],
    copied_before: Mapping[int, Directive],
    deleted_copies: set[int],
    by: User | None,
) -> list[Directive]:
    """Keep what the conclusion does with earlier unfinished directives: a copy for each
    one carried over (removed again if the choice is withdrawn), a mark for each one closed.
    Nothing of the earlier directives themselves changes here. Returns the copies written
    (made or removed)."""
    offered = {d.pk: d for d in earlier if d.pk in choices}
    carry = [
        d
        for pk, d in offered.items()
        if choices[pk] == CARRY and pk not in copied_before and pk not in deleted_copies
    ]
    copies = tracking_services.carry_over(directives=carry, into=conclusion, by=by) if carry else []
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
    closing = [pk for pk in offered if choices[pk] == CLOSE]
    conclusion.closes.remove(*[pk for pk in offered if pk not in closing])
    conclusion.closes.add(*closing)
    return copies + withdrawn


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


@transaction.atomic
def issue_conclusion(*, conclusion: Conclusion, by: User, version: str | None = None) -> None:
    """Issue the conclusion notice: it needs its number and date, unless the conclusion is
    recorded from the minutes without a notice (``without_notice``: it is then put in
    force as it stands, number and date optional); the meeting is concluded, its
    directives are followed up, and what the conclusion chose for earlier directives
    takes effect (carried over, closed).

    A conditional update on the conclusion's version and state: if it was saved since
    ``version`` (the ``updated_at`` of the page the issuer read), or issued already,
    ``EditConflict`` is raised with the stored conclusion and nothing is issued, so that
    nobody issues a text they have not seen."""
    stored = _stored(conclusion, None)
    if stored.status != ConclusionStatus.DRAFT or (
        version is not None and version_of(stored) != version
    ):
        raise EditConflict(stored)
    missing = []
    if not stored.notice_number and not stored.without_notice:
        missing.append(_("the notice number"))
    if not stored.issued_on and not stored.without_notice:
        missing.append(_("the date of issue"))
    if missing:
        raise ValidationError(
            [
                _("Before issuing, enter %(missing)s.") % {"missing": _(" and ").join(missing)},
                _(
                    "If no conclusion notice was issued, tick “Recorded from the minutes, "
                    "without a notice” in the conclusion."
                ),
            ]
        )
    if not stored.directives.exists() and richtext.is_blank(stored.orientation):
        raise ValidationError(_("The conclusion has neither orientation nor directives."))
    now = timezone.now()
    updated = Conclusion.objects.filter(
        pk=stored.pk, status=ConclusionStatus.DRAFT, updated_at=stored.updated_at
    ).update(status=ConclusionStatus.ISSUED, issued_by=by, updated_by=by, updated_at=now)
    if not updated:  # cannot happen while the row is locked; never issue blindly
        raise EditConflict(stored)
    stored.status, stored.issued_by, stored.updated_by, stored.updated_at = (
        ConclusionStatus.ISSUED,
        by,
        by,
        now,
    )
    Conclusion.history.bulk_history_create([stored], update=True, default_user=by)
    meeting = stored.meeting
    meeting.status = MeetingStatus.CONCLUDED
    meeting.save(update_fields=["status", "updated_at"])
    conclusion.status, conclusion.issued_by, conclusion.updated_at = stored.status, by, now
    _take_effect(conclusion=stored, by=by)
    touched(
        stored.meeting.committee_id,
        meetings=[stored.meeting_id],
        conclusion=stored.meeting_id,
        lists=True,
        progress=True,
    )
    notifications.directives_assigned(
        stored,
        [
            part.organization
            for part in DirectiveAssignment.objects.filter(
                directive__conclusion=stored, directive__archived_at__isnull=True
            ).select_related("organization")
        ],
    )
    send_written(Conclusion, stored.meeting_id, conclusions=[stored.pk])
