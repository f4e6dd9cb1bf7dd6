"""Writes of the meetings app: each one function, in one transaction."""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from smtplib import SMTPException

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from accounts.submissions import claim_token
from giaoban.pagecache import changed, touched
from meetings import deadlines, richtext
from meetings.citations import find_citations
from meetings.concurrency import EditConflict, check_version
from meetings.models import (
    REPORT_SECTIONS,
    Attendance,
    Citation,
    Conclusion,
    Directive,
    Meeting,
    MeetingStatus,
    Proposal,
    Report,
    ReportStatus,
    Statement,
    short,
)
from meetings.periods import Period
from meetings.removed import refusals_of
from meetings.signals import send_written
from notifications import events as notifications
from organizations.models import Organization, Role, RoleKind

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AttendanceLine:
    organization: Organization
    invited: bool
    present: bool
    representatives: str


@dataclass(frozen=True)
class StatementLine:
    """A statement as the meeting form sends it (``pk`` None for a new one)."""

    pk: int | None
    speaker_name: str
    speaker_title: str
    speaking_for: str
    text: str


# The meeting's own words: rich text of the meeting, searched and scanned for citations
# with its statements (``search.indexing.meeting_entries``).
MEETING_CONTENT = ("summary", "joint_limitations")
STATEMENT_FIELDS = ("speaker_name", "speaker_title", "speaking_for", "text", "position")


def clean_rich_fields(obj, names: Sequence[str]) -> bool:
    """Sanitise the rich-text fields of ``obj`` in place; True if anything unsafe was removed."""
    removed = False
    for name in names:
        cleaned = richtext.clean(getattr(obj, name))
        setattr(obj, name, cleaned.html)
        removed |= cleaned.removed_unsafe
    return removed


# Every rich-text field, by model: stored cleaned (``richtext.clean``), shown as stored.
RICH_TEXT = {
    Meeting: MEETING_CONTENT,
    Report: REPORT_SECTIONS,
    Conclusion: ("assessment", "shortcomings", "orientation"),
}


@transaction.atomic
def clean_stored_rich_text() -> int:
    """Clean every stored rich-text value that cleaning would change (rows loaded from a
    backup written before text was cleaned when saved); how many rows were written. The
    caller tells the page cache (a restore changes everything)."""
    return sum(richtext.clean_stored(model, fields) for model, fields in RICH_TEXT.items())


def derived_status(meeting: Meeting) -> str:
    if meeting.status == MeetingStatus.CONCLUDED:
        return MeetingStatus.CONCLUDED
    if meeting.held_on and meeting.held_on <= timezone.localdate():
        return MeetingStatus.HELD
    if meeting.held_on is None and meeting.held_day_unknown:
        return MeetingStatus.HELD  # held, on a day nobody recorded
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
    "reports_due_on",
    "held_day_unknown",
    "session",
    "place",
    "chair_name",
    "chair_title",
    "chair_on_behalf_of_standing_committee",
    "other_attendees",
    "summary",
    "joint_limitations",
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
    statements: Sequence[StatementLine] | None = None,
) -> bool:
    """Create or edit a meeting with its attendance list and the statements made at it;
    True if unsafe markup was removed from its summary or joint limitations.

    The whole write, in a fixed number of queries however long the list: the meeting
    row, its attendance rows (in bulk), its history row, its search entries. An edit is
    a conditional update on ``version`` (the ``updated_at`` the form was opened on; the
    one loaded if None) and on the status the meeting had: if someone saved it, changed
    its attendance or issued its conclusion since, ``EditConflict`` is raised and nothing
    is written (so an edit never writes back a stale status). Every save moves the
    version, attendance changes included; the search entries are written only if the
    period changed. A line for an organization of another
    committee is refused (``ValidationError``), never dropped. ``submission`` is the
    form's one-time token (``accounts.submissions``): a form sent twice is saved once.

    ``statements`` (None: left as they are) are the statements in the order spoken:
    new ones created, changed ones updated, missing ones deleted, each with its history
    row (versioned with the meeting: the meeting's version moves with them). When the
    meeting's own words (summary, joint limitations, statements) changed, the documents
    they cite are found again and their search entries rebuilt."""
    claim_token(submission, by)
    lines = [line for line in attendance if line.invited or line.present]
    foreign = [line for line in lines if line.organization.committee_id != meeting.committee_id]
    if foreign:
        raise ValidationError(
            _("%(organizations)s do not belong to the committee of this meeting.")
            % {"organizations": ", ".join(line.organization.name for line in foreign)}
        )
    removed = clean_rich_fields(meeting, MEETING_CONTENT)
    if meeting.held_on is not None:
        meeting.held_day_unknown = False  # a known day says it all
    meeting.period = Period(meeting.period_year, meeting.period_kind)
    if meeting.pk is None and meeting.committee.has_ceased_by(meeting.period_start):
        raise ValidationError(new_meeting_refusal(meeting.committee))
    stored_status = meeting.status
    meeting.status = derived_status(meeting)
    meeting.updated_by = by
    created = meeting.pk is None
    if created:
        # A new meeting: other meetings' pages may link to it, everything renders again.
        changed([meeting.committee_id])
        meeting.created_by = by
        if meeting.reports_due_on is None:
            meeting.reports_due_on = deadlines.default_due_on(meeting.held_on, timezone.localdate())
        meeting.save_without_historical_record()
        existing: dict[int, Attendance] = {}
        content_changed = any(getattr(meeting, name) for name in MEETING_CONTENT)
        period_changed = False
    else:
        # Its pages, the lists, and the forms of later meetings that name it beside its
        # unfinished directives.
        touched(meeting.committee_id, meetings=[meeting.pk], lists=True, progress=True)
        stored = Meeting.objects.values_list(
            "period_year", "period_kind", "held_on", "reports_due_on", *MEETING_CONTENT
        ).get(pk=meeting.pk)
        moved = stored[:2] != (meeting.period_year, meeting.period_kind)
        if moved and meeting.committee.has_ceased_by(meeting.period_start):
            raise ValidationError(new_meeting_refusal(meeting.committee))
        _follow_meeting_date(meeting, stored[2], stored[3])
        content_changed = stored[4:] != tuple(getattr(meeting, n) for n in MEETING_CONTENT)
        _update_unless_changed(meeting, version=version, status=stored_status, by=by)
        existing = {a.organization_id: a for a in Attendance.objects.filter(meeting=meeting)}
        period_changed = stored[:2] != (meeting.period_year, meeting.period_kind)
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
    if statements is not None:
        content_changed |= _save_statements(meeting, statements, created=created, by=by)
    if content_changed:
        _replace_citations(texts=_content_texts(meeting), meeting=meeting)
    if period_changed:
        # Only then do all its search entries change: an edit does not lock the entries
        # that issuing the conclusion (or saving a report) rewrites at the same moment.
        send_written(Meeting, meeting.pk)
    elif content_changed:
        send_written(Meeting, meeting.pk, contents=[meeting.pk])  # its own entries only
    return removed


def new_meeting_refusal(committee) -> str:
    """Why no meeting of a period after it ceased can be created for ``committee``."""
    if committee.successor_id:
        return _(
            "%(committee)s ceased to exist on %(date)s and was succeeded by %(successor)s: "
            "record meetings after that date for %(successor)s."
        ) % {
            "committee": committee.name,
            "date": formats.date_format(committee.valid_until, "SHORT_DATE_FORMAT"),
            "successor": committee.successor.name,
        }
    return _(
        "%(committee)s ceased to exist on %(date)s: no meeting after that date can be "
        "recorded for it."
    ) % {
        "committee": committee.name,
        "date": formats.date_format(committee.valid_until, "SHORT_DATE_FORMAT"),
    }


def _follow_meeting_date(meeting: Meeting, held_on: dt.date | None, due_on: dt.date | None) -> None:
    """An edited meeting's due date: left empty, the default; the default for the date it
    had (``held_on``, ``due_on`` stored), it moves with a new date; else as entered."""
    today = timezone.localdate()
    if meeting.reports_due_on is None:
        meeting.reports_due_on = deadlines.default_due_on(meeting.held_on, today)
    elif (
        held_on is not None
        and meeting.held_on != held_on
        and meeting.reports_due_on == due_on
        and due_on == held_on - dt.timedelta(days=settings.GIAOBAN_REPORTS_DUE_DAYS_BEFORE)
    ):
        meeting.reports_due_on = deadlines.default_due_on(meeting.held_on, today) or due_on


def _content_texts(meeting: Meeting) -> list[str]:
    """The meeting's own words, as written: summary, joint limitations, statements."""
    statements = Statement.objects.filter(meeting=meeting).order_by("position", "pk")
    return [
        *(getattr(meeting, name) for name in MEETING_CONTENT),
        *(s.text for s in statements),
    ]


def _save_statements(
    meeting: Meeting, lines: Sequence[StatementLine], *, created: bool, by: User | None
) -> bool:
    """Make the meeting's statements those of ``lines``, numbered in order, in bulk with
    their history rows; True if any changed. A line naming a statement that is not the
    meeting's is refused (``ValidationError``)."""
    existing = {} if created else {s.pk: s for s in Statement.objects.filter(meeting=meeting)}
    unknown = [line for line in lines if line.pk is not None and line.pk not in existing]
    if unknown:
        raise ValidationError(_("A statement sent is not one of this meeting's."))
    new, edited = [], []
    for position, line in enumerate(lines, start=1):
        values = {
            "speaker_name": " ".join(line.speaker_name.split()),
            "speaker_title": " ".join(line.speaker_title.split()),
            "speaking_for": " ".join(line.speaking_for.split()),
            "text": unicodedata.normalize("NFC", line.text.strip()),
            "position": position,
        }
        statement = existing.get(line.pk) if line.pk is not None else None
        if statement is None:
            new.append(Statement(meeting=meeting, **values))
        elif any(getattr(statement, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(statement, name, value)
            edited.append(statement)
    kept = {line.pk for line in lines}
    gone = [s for pk, s in existing.items() if pk not in kept]
    if gone:
        # Their last history rows say they were deleted, by whom, in one statement; then
        # the rows go in one statement too (``delete()`` would write a history row per
        # statement, without its user, from its post_delete signal; nothing refers to a
        # statement).
        historical = Statement.history.model
        now = timezone.now()
        historical.objects.bulk_create(
            historical(
                history_date=now,
                history_user=by,
                history_type="-",
                history_change_reason="",
                **{f.attname: getattr(s, f.attname) for f in historical.tracked_fields},
            )
            for s in gone
        )
        Statement.objects.filter(pk__in=[s.pk for s in gone])._raw_delete(Statement.objects.db)
    if edited:
        bulk_update_with_history(edited, Statement, list(STATEMENT_FIELDS), default_user=by)
    if new:
        bulk_create_with_history(new, Statement, default_user=by)
    return bool(new or edited or gone)


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
        "chair_on_behalf_of_standing_committee": previous.chair_on_behalf_of_standing_committee,
        "other_attendees": previous.other_attendees,
    }


def _replace_citations(*, texts: Iterable[str], **owner) -> None:
    Citation.objects.filter(**owner).delete()
    found = find_citations("\n".join(richtext.plain_text(t) for t in texts))
    Citation.objects.bulk_create([Citation(code=f.code, label=f.label, **owner) for f in found])


# What a report may be in for each action on it: its organization changes it until it is
# accepted; staff accept a submitted report and return a submitted or accepted one.
EDITABLE = (ReportStatus.DRAFT, ReportStatus.SUBMITTED)
ACCEPTABLE = (ReportStatus.SUBMITTED,)
RETURNABLE = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


@transaction.atomic
def save_report(
    *,
    report: Report,
    by: User | None,
    version: str | None = None,
    proposals_formset=None,
    submit: bool = False,
    sent_on: dt.date | None = None,
) -> bool:
    """Save a report (sections sanitised, citations found) and its proposals, and submit it
    if ``submit``; True if unsafe markup was removed. ``sent_on``: the day it was really
    sent, when staff enter it later on its organization's behalf (its ``submitted_at`` is
    then that day, not now; not in the future).

    A conditional update on the report's ``version`` (the ``updated_at`` the form was
    opened on; None: not checked) and state: if someone saved, submitted, accepted or
    returned it since, or it is accepted, ``EditConflict`` is raised and nothing is
    written. Proposals are created, changed and removed in bulk with their history, and
    the search index is told once: a fixed number of queries however many proposals."""
    removed = clean_rich_fields(report, REPORT_SECTIONS)
    if submit and report.is_empty():
        raise ValidationError(
            _("The report is empty: write at least one section before submitting it.")
        )
    now = timezone.now()
    changes: dict = {name: getattr(report, name) for name in REPORT_SECTIONS}
    if submit:
        changes.update(
            status=ReportStatus.SUBMITTED,
            submitted_by=by,
            submitted_at=now,
            return_reason="",
            sent_on=None,
        )
        if sent_on is not None and sent_on != timezone.localdate():
            if sent_on > timezone.localdate():
                raise ValidationError(_("The day the report was sent cannot be in the future."))
            changes.update(
                submitted_at=timezone.make_aware(dt.datetime.combine(sent_on, dt.time.min)),
                sent_on=sent_on,
            )
    created = report.pk is None
    if created:
        _create_report(report, by=by, **changes)
    else:
        _move_report(report, version=version, allowed=EDITABLE, by=by, now=now, **changes)
    _replace_citations(texts=[getattr(report, n) for n in REPORT_SECTIONS], report=report)
    if proposals_formset is not None:
        _save_proposals(report, proposals_formset, by=by, now=now)
    # A draft that stays a draft changes its meeting's pages and what search finds for those
    # who read drafts; its status is known when the version was checked (the row is as the
    # form opened it). Anything else shows on the lists too.
    if not created and version is not None and report.status == ReportStatus.DRAFT:
        touched(
            report.meeting.committee_id,
            report=(report.meeting_id, report.organization_id),
            draft=True,
        )
    else:
        _touched_report(report)
    send_written(Report, report.meeting_id, reports=[report.pk])
    if submit:
        # What the reporters were told about it is over: a return, a reminder.
        notifications.report_resubmitted(report)
    return removed


def _touched_report(report: Report) -> None:
    """A report changed as all the readers of its meeting read it: its meeting's pages, its
    form, the lists (a status, a count, a public text)."""
    touched(
        report.meeting.committee_id,
        report=(report.meeting_id, report.organization_id),
        lists=True,
    )


def _create_report(report: Report, *, by: User | None, **changes) -> None:
    for name, value in changes.items():
        setattr(report, name, value)
    report.updated_by = by
    try:
        with transaction.atomic():
            report.save(force_insert=True)
    except IntegrityError:
        # The organization's report was created meanwhile, from another form.
        current = Report.objects.select_related("updated_by").get(
            meeting_id=report.meeting_id, organization_id=report.organization_id
        )
        report.pk = None
        raise EditConflict(current) from None


def _move_report(
    report: Report,
    *,
    version: str | None,
    allowed: Sequence[str],
    by: User | None,
    now=None,
    **changes,
) -> None:
    """The one way a stored report changes: ``UPDATE … WHERE id AND updated_at = version
    AND status IN allowed``, moving the version. No row updated means that someone else
    moved first: ``EditConflict`` with the report as it is now, and a message saying what
    happened to it. ``report`` gets the new values and a history row."""
    changes.update(updated_by=by, updated_at=now or timezone.now())
    rows = Report.objects.filter(pk=report.pk, status__in=allowed)
    if version is not None:
        stamp = _version_stamp(version)
        rows = rows.filter(updated_at=stamp) if stamp else rows.none()
    if not rows.update(**changes):
        current = Report.objects.select_related("updated_by", "accepted_by").get(pk=report.pk)
        raise EditConflict(current, message=_refusal(current, allowed))
    for name, value in changes.items():
        setattr(report, name, value)
    Report.history.bulk_history_create([report], update=True, default_user=by)


def _version_stamp(version: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(version)
    except ValueError:
        return None  # not a version any form of ours sent: matches nothing


def _refusal(current: Report, allowed: Sequence[str]) -> str | None:
    """What the user whose action on ``current`` was refused reads, when it is more than
    the conflict panel's "merge, then save again" (``meetings.concurrency``)."""

    def when(moment) -> str:
        return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")

    def name(user) -> str:
        return user.get_full_name() if user else _("someone else")

    accepted = {"who": name(current.accepted_by), "when": when(current.accepted_at)}
    if allowed == EDITABLE:
        if current.status == ReportStatus.ACCEPTED:
            return (
                _(
                    "%(who)s accepted this report at %(when)s: it can no longer be changed. "
                    "Nothing of yours was saved; your text is kept below."
                )
                % accepted
            )
        return None
    if current.status == ReportStatus.ACCEPTED and current.status not in allowed:
        return _("%(who)s had already accepted this report at %(when)s.") % accepted
    if current.status not in allowed:
        return _("This report is a draft: only a submitted report can be accepted or returned.")
    return _(
        "%(who)s changed this report at %(when)s, after you opened the page; nothing was "
        "done. Read it again, then decide."
    ) % {"who": name(current.updated_by), "when": when(current.updated_at)}


def _save_proposals(report: Report, formset, *, by: User | None, now) -> None:
    """The proposals as the form lists them, numbered from 1: new ones created, changed or
    renumbered ones updated, removed ones archived (restorable:
    ``services.restore_removed``); each in one statement, with its history rows."""
    created, changed, archived = [], [], []
    position = 0
    for form in formset.forms:
        if form in formset.deleted_forms:
            if form.instance.pk:
                form.instance.archived_at, form.instance.archived_by = now, by
                archived.append(form.instance)
            continue
        if not form.instance.pk and not form.has_changed():
            continue
        proposal: Proposal = form.save(commit=False)
        position += 1
        renumbered = proposal.position != position
        proposal.report, proposal.position = report, position
        if {"disposition", "response", "referred_to"} & set(form.changed_data):
            proposal.responded_by, proposal.responded_at = by, now
        if proposal.pk is None:
            created.append(proposal)
        elif renumbered or form.has_changed():
            changed.append(proposal)
    if archived:
        bulk_update_with_history(
            archived, Proposal, ["archived_at", "archived_by"], default_user=by
        )
    if changed:
        bulk_update_with_history(changed, Proposal, PROPOSAL_FIELDS, default_user=by)
    if created:
        bulk_create_with_history(created, Proposal, default_user=by)


PROPOSAL_FIELDS = [
    "text",
    "addressed_to",
    "position",
    "disposition",
    "response",
    "referred_to",
    "responded_by",
    "responded_at",
]


@transaction.atomic
def submit_report(*, report: Report, by: User, version: str | None = None) -> None:
    """Submit the report as it is stored (see ``save_report`` for a save and submit)."""
    if report.is_empty():
        raise ValidationError(
            _("The report is empty: write at least one section before submitting it.")
        )
    now = timezone.now()
    _move_report(
        report,
        version=version,
        allowed=EDITABLE,
        by=by,
        now=now,
        status=ReportStatus.SUBMITTED,
        submitted_by=by,
        submitted_at=now,
        return_reason="",
    )
    _touched_report(report)
    send_written(Report, report.meeting_id, reports=[report.pk])
    notifications.report_resubmitted(report)


@transaction.atomic
def accept_report(*, report: Report, by: User, version: str | None = None) -> None:
    """Staff accept a submitted report as they read it (``version``): it is locked for its
    organization. Refused with ``EditConflict`` if it changed since or is not submitted."""
    now = timezone.now()
    _move_report(
        report,
        version=version,
        allowed=ACCEPTABLE,
        by=by,
        now=now,
        status=ReportStatus.ACCEPTED,
        accepted_by=by,
        accepted_at=now,
    )
    _touched_report(report)
    send_written(Report, report.meeting_id, reports=[report.pk])


@transaction.atomic
def return_report(*, report: Report, by: User, reason: str, version: str | None = None) -> None:
    """Staff send a submitted or accepted report back to draft so that its organization can
    change it, saying why (``reason``, required: kept on the report, shown to its
    organization until it submits again). Refused with ``ValidationError`` without a
    reason, with ``EditConflict`` if it changed since ``version``. The one place where a
    report is returned."""
    reason = unicodedata.normalize("NFC", (reason or "").strip())
    if not reason:
        raise ValidationError(
            _(
                "Write the reason for returning the report, so that its organization knows "
                "what to change."
            )
        )
    _move_report(
        report,
        version=version,
        allowed=RETURNABLE,
        by=by,
        status=ReportStatus.DRAFT,
        accepted_by=None,
        accepted_at=None,
        return_reason=reason,
    )
    _touched_report(report)
    send_written(Report, report.meeting_id, reports=[report.pk])
    notifications.report_returned(report)


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
    _touched_report(proposal.report)
    send_written(Proposal, proposal.report.meeting_id, reports=[proposal.report_id])
    notifications.proposal_answered(proposal)


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
    send_written(
        Report,
        *(p.report.meeting_id for p in found_proposals),
        *(d.conclusion.meeting_id for d in found_directives),
    )
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


@transaction.atomic
def open_report(*, meeting: Meeting, organization: Organization, by: User) -> Report:
    """The organization's report to the meeting, created as an empty draft if it has none
    yet (a file attached before anything is typed)."""
    report, _created = Report.objects.get_or_create(
        meeting=meeting, organization=organization, defaults={"updated_by": by}
    )
    if _created:
        _touched_report(report)
    return report


@dataclass(frozen=True)
class Reminded:
    """What ``remind_owed_reports`` did: the organizations whose reporters were told now,
    those told already today, those with no reporter to tell, and the addresses written to."""

    told: list[Organization]
    already: list[Organization]
    nobody: list[Organization]
    emails: list[str]


def remind_owed_reports(*, owed: Sequence[deadlines.Owed], today: dt.date) -> Reminded:
    """Remind the reporters of each organization whose report is owed (``owed``: due soon
    or overdue) in the app and by e-mail, each person at most once a day per report: the
    daily run (``send_reminders``) and staff's one click on the meeting page both come
    here, and a second reminder the same day tells nobody again. The notifications are
    written in one statement; each address gets one e-mail listing its reports. An
    e-mail that cannot be sent is logged; the notification stays."""
    rows = (
        Role.objects.active()
        .filter(
            kind=RoleKind.REPORTER,
            organization_id__in={item.organization.pk for item in owed},
            user__is_active=True,
        )
        .values_list("organization_id", "user_id", "user__email")
    )
    users: dict[int, set[int]] = defaultdict(set)
    addresses: dict[int, str] = {}
    for organization_id, user_id, email in rows:
        users[organization_id].add(user_id)
        addresses[user_id] = email
    with translation.override(settings.LANGUAGE_CODE):
        messages = [
            (
                users[item.organization.pk],
                _("The report of %(organization)s for %(meeting)s has not been sent. %(due)s.")
                % {
                    "organization": item.organization.name,
                    "meeting": item.meeting,
                    "due": deadlines.due_line(item.due_on, today),
                },
                reverse("reports:edit", args=[item.meeting.pk, item.organization.pk]),
            )
            for item in owed
            if users.get(item.organization.pk)
        ]
    with transaction.atomic():
        told = notifications.reports_owed(messages) if messages else set()
    told_urls = {url for _pk, url in told}
    inbox: dict[str, list[deadlines.Owed]] = defaultdict(list)
    for item in owed:
        url = reverse("reports:edit", args=[item.meeting.pk, item.organization.pk])
        for pk in sorted(users.get(item.organization.pk, ())):
            if (pk, url) in told and addresses[pk] and item not in inbox[addresses[pk]]:
                inbox[addresses[pk]].append(item)
    sent = _send_report_reminders(inbox, today)
    reached = [item for item in owed if users.get(item.organization.pk)]
    return Reminded(
        told=[item.organization for item in reached if _url_of(item) in told_urls],
        already=[item.organization for item in reached if _url_of(item) not in told_urls],
        nobody=[item.organization for item in owed if not users.get(item.organization.pk)],
        emails=sent,
    )


def _url_of(item: deadlines.Owed) -> str:
    return reverse("reports:edit", args=[item.meeting.pk, item.organization.pk])


def _send_report_reminders(inbox: dict[str, list[deadlines.Owed]], today: dt.date) -> list[str]:
    """One e-mail per address listing its owed reports; the addresses written to."""
    sent = []
    with translation.override(settings.LANGUAGE_CODE):
        for email, items in sorted(inbox.items()):
            body = render_to_string(
                "meetings/report_reminder_email.txt",
                {
                    "items": [
                        (item, deadlines.due_line(item.due_on, today), _url_of(item))
                        for item in items
                    ],
                    "site_url": settings.SITE_URL,
                },
            )
            try:
                send_mail(_("Reports to send for the liaison meeting"), body, None, [email])
            except (OSError, SMTPException):
                logger.exception("The report reminder to %s could not be sent", email)
                continue
            sent.append(email)
    return sent
