"""The compiled proposals of a meeting (Báo cáo tổng hợp kiến nghị, đề xuất) as .docx,
grouped by organization, each with its answer once given."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from documents.layout import current_layout, document_date, long_date
from documents.notice import heading_for, number_line, recipient_lines
from documents.writer import Header, PartyDocument, Signature
from meetings.models import Disposition, Meeting, Proposal, Report, ReportStatus
from organizations.models import Organization

ROMAN = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
    "XVIII",
    "XIX",
    "XX",
]


def roman(number: int) -> str:
    return ROMAN[number - 1] if number <= len(ROMAN) else str(number)


def build_proposals(meeting: Meeting) -> bytes:
    with translation.override("vi"):
        return _build_proposals(meeting)


def _build_proposals(meeting: Meeting) -> bytes:
    committee = meeting.committee
    day = meeting.reference_date
    reports = list(
        Report.objects.filter(
            meeting=meeting, status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
        )
        .select_related("organization")
        .prefetch_related(
            Prefetch("proposals", queryset=Proposal.objects.order_by("position", "pk"))
        )
        .order_by("organization__display_order", "organization__name")
    )
    names = {
        org.pk: org.name_on(day)
        for org in Organization.objects.filter(committee=committee).with_names_on(day)
    }
    heading = heading_for(committee)
    document = PartyDocument(current_layout())
    document.header(
        Header(
            superior_body=heading.issuing_body,
            issuing_body=heading.proposals_issuer,
            number=number_line("", "BC", f"BDV{committee.document_suffix}"),
            date_line=document_date(heading.place, None, year=day.year),
        )
    )
    period = meeting.period.label_in_text
    document.title(
        _("REPORT"),
        _(
            "Compiled proposals of the Fatherland Front and the socio-political organizations "
            "at the liaison meeting, %(period)s"
        )
        % {"period": period},
    )
    with_proposals = [r for r in reports if r.proposals.all()]
    total = sum(len(r.proposals.all()) for r in with_proposals)
    document.body_paragraph(
        _(
            "At the liaison meeting %(held)s on %(period)s, %(organizations)d organizations "
            "made %(count)d proposals, compiled below with the answers given."
        )
        % {
            "held": _("held on %(date)s") % {"date": long_date(meeting.held_on)}
            if meeting.held_on
            else "",
            "period": period,
            "organizations": len(with_proposals),
            "count": total,
        }
    )
    if not with_proposals:
        document.body_paragraph(_("No organization made a proposal at this meeting."))
    labels = dict(Disposition.choices)
    for number, report in enumerate(with_proposals, start=1):
        document.heading(f"{roman(number)}. {names.get(report.organization_id, '').upper()}")
        for index, proposal in enumerate(report.proposals.all(), start=1):
            to = proposal.addressed_to
            document.noted_paragraph(
                f"{index}. {proposal.text.strip()}",
                _("addressed to: %(to)s") % {"to": to} if to else "",
            )
            if proposal.disposition == Disposition.PENDING:
                document.body_paragraph(_("Answer: not yet answered."), italic=True)
                continue
            answer = document.body_paragraph()
            document.run(
                answer,
                _("Answer") + f" ({labels[proposal.disposition].lower()}): ",
                bold=True,
                italic=True,
            )
            text = proposal.response.strip()
            if proposal.referred_to:
                text = (text + " " if text else "") + _("Referred to %(to)s.") % {
                    "to": proposal.referred_to
                }
            document.run(answer, text or "—", italic=True)
    commission_signature(document, heading, committee)
    return document.to_bytes()


def proposals_filename(meeting: Meeting) -> str:
    return f"tong-hop-kien-nghi-{meeting.period.code}.docx"


def commission_signature(document, heading, committee) -> None:
    """The signature of a document of Ban Dân vận (the compiled proposals, the draft
    summary report): its signer from the committee's document settings, and its
    recipients."""
    document.signature(
        Signature(
            authority=heading.proposals_authority,
            title=heading.proposals_signer_title,
            name=heading.proposals_signer_name,
            recipients_heading=_("Recipients:"),
            recipients=recipient_lines(
                [
                    _("Standing Board of %(committee)s (for report)")
                    % {"committee": committee.name},
                    _("The Front and the socio-political organizations"),
                    _("Archive of the commission"),
                ]
            ),
        )
    )
