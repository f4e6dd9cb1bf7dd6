"""The compiled draft of a meeting's summary report (Báo cáo tổng hợp tình hình, kết quả),
as a .docx the compiling body's staff edit before the meeting.

Compiled from what the app already holds: the organizations' reports that were sent
(submitted or accepted; a draft is still its organization's to change), the
organizations that have not sent theirs, and the follow-up of the directives of the
previous issued conclusion. Always in Vietnamese: it is a Party document. A fixed number
of queries however many organizations, proposals and directives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from documents.layout import current_layout, document_date
from documents.notice import heading_for, number_line, title_of
from documents.proposals import commission_signature, roman
from documents.writer import Header, PartyDocument
from meetings.models import Conclusion, ConclusionStatus, Meeting, Proposal, Report, ReportStatus
from meetings.richtext import is_blank
from organizations.models import Organization
from tracking.models import DirectiveAssignment, ProgressUpdate, Status, UpdateKind

SENT = [ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
DONE = {Status.DONE_ON_TIME, Status.DONE_LATE}


@dataclass
class Part:
    """One organization's part of a directive, as of the day the draft speaks of."""

    organization: str
    is_lead: bool
    status: Status
    completed_on: dt.date | None
    note: str


@dataclass
class FollowedDirective:
    text: str
    deadline: dt.date | None
    parts: list[Part] = field(default_factory=list)

    @property
    def is_done(self) -> bool:
        return bool(self.parts) and all(part.status in DONE for part in self.parts)


@dataclass
class Compiled:
    """What the draft says, read from the database (tests read it too)."""

    meeting: Meeting
    as_of: dt.date
    names: dict[int, str]  # the committee's organizations, by id, as named on the day
    reports: list[Report]  # sent, in the organizations' order, with their proposals
    expected: list[int]  # organizations that report, existing on the day, in order
    previous: Conclusion | None
    followed: list[FollowedDirective]

    @property
    def missing(self) -> list[str]:
        sent = {report.organization_id for report in self.reports}
        return [self.names[pk] for pk in self.expected if pk not in sent]

    def name_of(self, report: Report) -> str:
        return self.names.get(report.organization_id) or report.organization.name


def status_day(meeting: Meeting, today: dt.date) -> dt.date:
    """The day statuses are given as of: the meeting's day once held, else today (a draft
    is prepared before the meeting; an old meeting entered late speaks of its own day)."""
    if meeting.held_on and meeting.held_on < today:
        return meeting.held_on
    return today


def compile_draft(meeting: Meeting, *, today: dt.date | None = None) -> Compiled:
    """Read what the draft of ``meeting`` needs, in six queries."""
    day = meeting.reference_date
    as_of = status_day(meeting, today or timezone.localdate())
    organizations = list(
        Organization.objects.filter(committee_id=meeting.committee_id)
        .with_names_on(day)
        .order_by("display_order", "name", "pk")
    )
    names = {org.pk: org.name_on(day) for org in organizations}
    expected = [org.pk for org in organizations if org.reports_at_meetings and org.is_valid_on(day)]
    reports = list(
        Report.objects.filter(meeting=meeting, status__in=SENT)
        .select_related("organization")
        .prefetch_related(
            Prefetch("proposals", queryset=Proposal.objects.order_by("position", "pk"))
        )
        .order_by("organization__display_order", "organization__name", "pk")
    )
    previous = (
        Conclusion.objects.filter(
            # (Or of a committee merged into it, before its own first conclusion.)
            meeting__committee_id__in=meeting.committee.lineage_ids(),
            meeting__period_end__lt=meeting.period_end,
            status=ConclusionStatus.ISSUED,
        )
        .select_related("meeting")
        .order_by("-meeting__period_end", "-meeting__held_on", "-pk")
        .first()
    )
    followed = _followed(previous, names, as_of) if previous is not None else []
    return Compiled(meeting, as_of, names, reports, expected, previous, followed)


def _followed(
    conclusion: Conclusion, names: dict[int, str], as_of: dt.date
) -> list[FollowedDirective]:
    """The directives of ``conclusion`` with each part's status on ``as_of`` and the latest
    note reported on it (two queries)."""
    parts = (
        DirectiveAssignment.objects.filter(
            directive__conclusion=conclusion, directive__archived_at__isnull=True
        )
        .select_related("directive", "organization")
        .order_by(
            "directive__position",
            "directive_id",
            "-is_lead",
            "organization__display_order",
            "organization__name",
            "pk",
        )
    )
    notes = dict(
        ProgressUpdate.objects.filter(
            assignment__directive__conclusion=conclusion, kind=UpdateKind.PROGRESS
        )
        .exclude(note="")
        .order_by("assignment_id", "created_at", "pk")
        .values_list("assignment_id", "note")
    )  # the latest note of each part wins
    directives: dict[int, FollowedDirective] = {}
    for part in parts:
        directive = part.directive
        followed = directives.get(directive.pk)
        if followed is None:
            followed = directives[directive.pk] = FollowedDirective(
                directive.text.strip(), directive.deadline
            )
        followed.parts.append(
            Part(
                organization=names.get(part.organization_id) or part.organization.name,
                is_lead=part.is_lead,
                status=Status(part.status_on(as_of)),
                completed_on=part.completed_on,
                note=notes.get(part.pk, "").strip(),
            )
        )
    return list(directives.values())


def build_draft(meeting: Meeting) -> bytes:
    with translation.override("vi"):
        return write_draft(compile_draft(meeting))


def _short(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def write_draft(compiled: Compiled) -> bytes:
    meeting = compiled.meeting
    committee = meeting.committee
    period = meeting.period.label_in_text
    heading = heading_for(committee)
    document = PartyDocument(current_layout())
    document.header(
        Header(
            superior_body=heading.issuing_body,
            issuing_body=heading.proposals_issuer,
            number=number_line("", "BC", f"BDV{committee.document_suffix}"),
            date_line=document_date(heading.place, None, year=meeting.reference_date.year),
            draft_label=_("DRAFT"),
        )
    )
    own_title = title_of(meeting)
    if own_title:
        summary = _(
            "Summary of the situation and results of the Fatherland Front and the "
            "socio-political organizations, for the %(meeting)s"
        ) % {"meeting": own_title}
        basis = _(
            "On the basis of the reports of the Vietnam Fatherland Front committee and the "
            "socio-political organizations to the %(meeting)s, the situation and results are "
            "compiled as follows:"
        ) % {"meeting": own_title}
    else:
        summary = _(
            "Summary of the situation and results of the Fatherland Front and the "
            "socio-political organizations, %(period)s"
        ) % {"period": period}
        basis = _(
            "On the basis of the reports of the Vietnam Fatherland Front committee and the "
            "socio-political organizations to the liaison meeting of the Standing Board of "
            "%(committee)s, %(period)s, the situation and results are compiled as follows:"
        ) % {"committee": committee.name, "period": period}
    document.title(_("REPORT"), summary)
    document.body_paragraph(basis)
    _received(document, compiled)

    sections = [
        (_("RESULTS ACHIEVED"), _results),
        (_("SHORTCOMINGS AND LIMITATIONS"), _by_organization("shortcomings")),
        (_("DIFFICULTIES AND OBSTACLES"), _by_organization("difficulties")),
        (_("PROPOSALS"), _proposals),
        (_("RESULTS OF THE PREVIOUS PERIOD'S CONCLUSION"), _follow_up),
        (
            _("KEY TASKS FOR %(period)s") % {"period": meeting.period.next().label_in_text.upper()},
            _by_organization("next_tasks"),
        ),
    ]
    for number, (title, write) in enumerate(sections, start=1):
        document.heading(f"{roman(number)}. {title}")
        write(document, compiled)

    commission_signature(document, heading, committee)
    return document.to_bytes()


def _received(document: PartyDocument, compiled: Compiled) -> None:
    """How many reports were received, and who has not sent theirs."""
    received = _("%(sent)d of %(expected)d organizations have sent their report.") % {
        "sent": sum(1 for r in compiled.reports if r.organization_id in compiled.expected),
        "expected": len(compiled.expected),
    }
    paragraph = document.body_paragraph(received, italic=True)
    missing = compiled.missing
    if missing:
        document.run(
            paragraph,
            " " + _("Not yet received the report of: %(names)s.") % {"names": "; ".join(missing)},
            italic=True,
        )


def _nothing(document: PartyDocument, text: str) -> None:
    document.body_paragraph(text, italic=True)


def _results(document: PartyDocument, compiled: Compiled) -> None:
    written = [r for r in compiled.reports if not is_blank(r.results)]
    if not written:
        _nothing(document, _("No report sent gives its results yet."))
    for number, report in enumerate(written, start=1):
        document.heading(f"{number}. {compiled.name_of(report)}")
        document.html(report.results)


def _by_organization(section: str):
    """A section written by each organization that wrote it, under its name in italics:
    staff merge them into the common text."""
    empty = {
        "shortcomings": _("No report sent mentions shortcomings or limitations."),
        "difficulties": _("No report sent mentions difficulties or obstacles."),
        "next_tasks": _("No report sent gives its key tasks for the next period."),
    }[section]

    def write(document: PartyDocument, compiled: Compiled) -> None:
        written = [r for r in compiled.reports if not is_blank(getattr(r, section))]
        if not written:
            _nothing(document, empty)
        for report in written:
            document.body_paragraph(f"- {compiled.name_of(report)}:", italic=True)
            document.html(getattr(report, section))

    return write


def _proposals(document: PartyDocument, compiled: Compiled) -> None:
    written = [r for r in compiled.reports if r.proposals.all()]
    if not written:
        _nothing(document, _("No report sent makes a proposal."))
    for number, report in enumerate(written, start=1):
        document.heading(f"{number}. {compiled.name_of(report)}")
        for proposal in report.proposals.all():
            to = proposal.addressed_to
            document.noted_paragraph(
                f"- {proposal.text.strip()}", _("addressed to: %(to)s") % {"to": to} if to else ""
            )


def _follow_up(document: PartyDocument, compiled: Compiled) -> None:
    previous = compiled.previous
    if previous is None:
        _nothing(document, _("No conclusion of an earlier meeting has been issued."))
        return
    notice = (
        _("the conclusion notice No. %(number)s") % {"number": previous.notice_number}
        if previous.notice_number
        else _("the chair's conclusion")
    )
    if previous.issued_on:
        notice += " " + _("of %(date)s") % {"date": _short(previous.issued_on)}
    document.body_paragraph(
        _(
            "Implementing %(notice)s of the liaison meeting of %(period)s, the directives "
            "stood as follows on %(date)s:"
        )
        % {
            "notice": notice,
            "period": previous.meeting.period.label_in_text,
            "date": _short(compiled.as_of),
        }
    )
    done = [d for d in compiled.followed if d.is_done]
    open_ = [d for d in compiled.followed if not d.is_done]
    for number, (title, directives, empty) in enumerate(
        (
            (_("Directives done"), done, _("None.")),
            (_("Directives not done"), open_, _("None.")),
        ),
        start=1,
    ):
        document.heading(f"{number}. {title} ({len(directives)})")
        if not directives:
            _nothing(document, empty)
        for index, directive in enumerate(directives, start=1):
            due = directive.deadline
            document.noted_paragraph(
                f"{number}.{index}. {directive.text}",
                _("due %(date)s") % {"date": _short(due)} if due else "",
            )
            for part in directive.parts:
                document.body_paragraph(_part_line(part), italic=True)


def _part_line(part: Part) -> str:
    """ "- Hội Nông dân tỉnh (chủ trì): Hoàn thành đúng hạn, ngày 15/6/2024. Đã tổ chức …" """
    who = part.organization + (f" ({_('lead')})" if part.is_lead else "")
    line = f"- {who}: {part.status.label}"
    if part.status in DONE and part.completed_on:
        line += ", " + _("on %(date)s") % {"date": _short(part.completed_on)}
    line += "."
    if part.note:
        line += " " + " ".join(part.note.split())
    return line


def draft_filename(meeting: Meeting) -> str:
    return f"du-thao-bao-cao-tong-hop-{meeting.period.code}.docx"
