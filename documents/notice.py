"""The conclusion notice (Thông báo kết luận) of a meeting, as a .docx users edit and sign.

Always written in Vietnamese, whatever the language of the page it is asked from:
it is a Party document.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BigIntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext as _

from documents.layout import current_layout, document_date, long_date
from documents.models import DocumentProfile
from documents.writer import Header, PartyDocument, Signature
from giaoban.text import same_name
from meetings.models import Attendance, Conclusion, ConclusionStatus, Directive, Meeting, Session
from organizations.models import Organization, OrganizationKind, PartyCommittee
from tracking.models import DirectiveAssignment, ProgressUpdate, UpdateKind

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Heading:
    """How the committee heads and signs, from its document settings or sensible defaults."""

    superior_body: str
    issuing_body: str
    place: str
    signing_authority: str
    signer_title: str
    signer_name: str
    recipients: list[str]
    proposals_issuer: str
    proposals_authority: str
    proposals_signer_title: str
    proposals_signer_name: str


def heading_for(committee: PartyCommittee) -> Heading:
    profile = DocumentProfile.objects.filter(committee=committee).first() or DocumentProfile()
    return Heading(
        superior_body=profile.superior_body.upper(),
        issuing_body=(profile.issuing_body or committee.name).upper(),
        place=committee.place_name or committee.name,
        signing_authority=(profile.signing_authority or _("T/L STANDING COMMITTEE")).upper(),
        signer_title=(profile.signer_title or _("CHIEF OF THE OFFICE")).upper(),
        signer_name=profile.signer_name,
        recipients=[line.strip() for line in profile.recipients.splitlines() if line.strip()],
        proposals_issuer=(profile.proposals_issuer or _("MASS MOBILIZATION COMMISSION")).upper(),
        proposals_authority=(
            profile.proposals_signing_authority or _("ON BEHALF OF THE COMMISSION")
        ).upper(),
        proposals_signer_title=(profile.proposals_signer_title or _("HEAD")).upper(),
        proposals_signer_name=profile.proposals_signer_name,
    )


def recipient_lines(lines: list[str]) -> list[str]:
    """ "- Thường trực Tỉnh ủy (b/c)," … "- Lưu Văn phòng.": a dash before each, a comma
    after each but the last, which ends with a full stop."""
    cleaned = [line.strip().lstrip("-–").strip().rstrip(",.;") for line in lines if line.strip()]
    return [
        f"- {line}{'.' if index == len(cleaned) - 1 else ','}" for index, line in enumerate(cleaned)
    ]


def _bare(line: str) -> str:
    return line.strip().lstrip("-–").strip().rstrip(",.;").strip()


def recipients_of(
    *, standing: list[str], committee: PartyCommittee, organizations: list[str]
) -> list[str]:
    """ "Nơi nhận": the committee's standing recipients (its document settings; the
    standing committee if none are set), then the ``organizations`` not named there
    already, then the archive: the standing lines that start with "Lưu", else
    "Lưu Văn phòng"."""
    archive = [line for line in standing if _bare(line).casefold().startswith("lưu")]
    named = (
        [line for line in standing if line not in archive]
        if standing
        else [_("Standing Board of %(committee)s (for report)") % {"committee": committee.name}]
    )
    listed = [_bare(line) for line in named + archive]
    added = [name for name in organizations if not any(same_name(name, line) for line in listed)]
    return [*named, *added, *(archive or [_("Office archive")])]


def other_attendees(text: str) -> list[str]:
    """The meeting's other attendees, one a line, without the punctuation ending a line."""
    return [_bare(line) for line in text.splitlines() if _bare(line)]


def number_line(number: str, type_code: str, suffix: str) -> str:
    """ "Số 45-TB/TU" (no colon); blanks to fill in by hand if not numbered yet."""
    if number:
        return _("No. %(number)s") % {"number": number}
    return _("No. %(number)s") % {"number": f"{chr(0xA0) * 6}-{type_code}/{suffix}"}


def title_of(meeting: Meeting) -> str:
    """The meeting's own title, as the documents name it inside a sentence, when it has one
    (a meeting on Party building and on the Front together); "" for the usual wording."""
    return meeting.title.strip().rstrip(".")


def held_on(meeting: Meeting) -> str:
    """ "Buổi chiều ngày 13 tháng 6 năm 2024", or "" if the day is not known."""
    if not meeting.held_on:
        return ""
    when = long_date(meeting.held_on)
    if meeting.session in (Session.MORNING, Session.AFTERNOON):
        when = f"{meeting.get_session_display()} {when}"
    return when


# The Fatherland Front and the socio-political organizations: named together as "Mặt trận
# Tổ quốc và các tổ chức chính trị - xã hội" when a directive is given to all of them.
MASS_KINDS = frozenset(
    {
        OrganizationKind.FRONT,
        OrganizationKind.LABOUR,
        OrganizationKind.FARMERS,
        OrganizationKind.WOMEN,
        OrganizationKind.VETERANS,
        OrganizationKind.YOUTH_UNION,
        OrganizationKind.YOUTH_FEDERATION,
    }
)


@dataclass
class Assignees:
    """What the wording of a directive's assignees needs of the committee's organizations:
    their names on the meeting's day, their kinds, and which of them are the Front and the
    socio-political organizations of that day."""

    names: dict[int, str]
    kinds: dict[int, str]
    mass: frozenset[int]

    @classmethod
    def of(cls, organizations: list[Organization], day) -> Assignees:
        return cls(
            names={org.pk: org.name_on(day) for org in organizations},
            kinds={org.pk: org.kind for org in organizations},
            mass=frozenset(
                org.pk for org in organizations if org.kind in MASS_KINDS and org.is_valid_on(day)
            ),
        )

    def together(self, ids: set[int], *, to_all: bool) -> bool:
        """Whether ``ids`` are the Front and the socio-political organizations, to be named
        together: the Front and at least one organization, and all of them unless the
        directive is addressed to all (its parts are those that reported then)."""
        fronts = {pk for pk in ids if self.kinds.get(pk) == OrganizationKind.FRONT}
        if not fronts or len(ids) < 2 or not ids <= self.mass:
            return False
        return to_all or ids == self.mass

    def wording(self, directive: Directive) -> str:
        """Who the directive is given to, as the notice says it after "giao": the group as
        the conclusion names it and the body that compiles; the Front and the
        socio-political organizations together only when exactly those; the others (party
        bodies among them) by name."""
        parts = list(directive.assignments.all())
        leads = [p.organization_id for p in parts if p.is_lead]
        others = [p.organization_id for p in parts if not p.is_lead]
        lead = ", ".join(self.names[pk] for pk in leads if pk in self.names)
        if directive.group_name:
            if lead:
                return _("%(group)s to carry it out; %(lead)s to compile and report") % {
                    "group": directive.group_name,
                    "lead": lead,
                }
            return directive.group_name
        mass = {pk for pk in leads + others if pk in self.mass}
        if self.together(mass, to_all=directive.to_all_organizations):
            rest = [self.names[pk] for pk in others if pk not in mass and pk in self.names]
            if lead and all(self.kinds.get(pk) == OrganizationKind.FRONT for pk in leads):
                collective = _("the socio-political organizations")
            elif rest:
                collective = _("the Front, the socio-political organizations")
            else:
                collective = _("the Front and all organizations")
            named = joined([collective, *rest])
        else:
            named = ", ".join(self.names[pk] for pk in others if pk in self.names)
        if lead and named:
            return _("%(lead)s leads, with %(others)s") % {"lead": lead, "others": named}
        return lead or named


def joined(items: list[str]) -> str:
    """ "A, B và C"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + _(" and ") + items[-1]


def names_assignment(text: str) -> bool:
    """Whether a directive's text already says whom it is given to ("Giao Ban Dân vận Tỉnh
    ủy tổng hợp …"): the notice then does not name the assignee again after it."""
    first = text.split(maxsplit=1)[:1]
    return bool(first) and first[0].casefold() == "giao"


def _due_text(directive: Directive) -> str:
    if directive.due_date:
        return long_date(directive.due_date)
    if directive.due_period:
        return directive.due_period.label_in_text
    return ""


def build_notice(meeting: Meeting) -> bytes:
    """The notice of ``meeting``'s conclusion (which must exist), in a fixed number of queries."""
    with translation.override("vi"):
        return _build_notice(meeting)


def _build_notice(meeting: Meeting) -> bytes:
    committee = meeting.committee
    conclusion = Conclusion.objects.get(meeting=meeting)
    # Each part under the organization it was given to: one handed over since (its
    # committee merged into another) is named as the notice named it.
    given_to = Coalesce(
        Subquery(
            ProgressUpdate.objects.filter(assignment=OuterRef("pk"), kind=UpdateKind.HANDED_OVER)
            .order_by("happened_on", "pk")
            .values("from_organization_id")[:1]
        ),
        "organization_id",
        output_field=BigIntegerField(),
    )
    parts = DirectiveAssignment.objects.annotate(given_to=given_to).order_by("-is_lead", "pk")
    directives = list(
        Directive.objects.filter(conclusion=conclusion)
        .prefetch_related(Prefetch("assignments", queryset=parts))
        .order_by("position", "pk")
    )
    for directive in directives:
        for part in directive.assignments.all():
            part.organization_id = part.given_to  # read only: never saved
    day = meeting.reference_date
    organizations = list(
        Organization.objects.filter(committee=committee)
        .with_names_on(day)
        .order_by("display_order", "name")
    )
    assignees = Assignees.of(organizations, day)
    names = assignees.names
    present = list(
        Attendance.objects.filter(meeting=meeting, present=True)
        .order_by("organization__display_order", "organization__name")
        .values_list("organization_id", flat=True)
    )
    heading = heading_for(committee)
    layout = current_layout()
    document = PartyDocument(layout)
    issued = conclusion.status == ConclusionStatus.ISSUED
    document.header(
        Header(
            superior_body=heading.superior_body,
            issuing_body=heading.issuing_body,
            number=number_line(conclusion.notice_number, "TB", committee.document_suffix),
            date_line=document_date(
                heading.place, conclusion.issued_on, year=(meeting.held_on or day).year
            ),
            draft_label="" if issued else _("DRAFT"),
        )
    )
    period = meeting.period.label_in_text
    chair = meeting.chair_name
    if chair and meeting.chair_title:
        chair = f"{chair}, {meeting.chair_title}"
    own_title = title_of(meeting)
    if own_title and chair:
        summary = _("Conclusion of comrade %(chair)s at the %(meeting)s") % {
            "chair": chair,
            "meeting": own_title,
        }
    elif own_title:
        summary = _("Conclusion of the %(meeting)s") % {"meeting": own_title}
    elif chair:
        summary = _(
            "Conclusion of comrade %(chair)s at the liaison meeting on mass mobilization work, "
            "the Fatherland Front and the socio-political organizations, %(period)s"
        ) % {"chair": chair, "period": period}
    else:
        summary = _(
            "Conclusion of the liaison meeting on mass mobilization work, the Fatherland Front "
            "and the socio-political organizations, %(period)s"
        ) % {"period": period}
    document.title(_("NOTICE"), summary)

    when_where = ", ".join(
        part
        for part in (
            held_on(meeting),
            _("at %(place)s") % {"place": meeting.place} if meeting.place else "",
        )
        if part
    )
    if own_title:
        intro = _("%(when_where)s, the Standing Board of %(committee)s held the %(meeting)s.") % {
            "when_where": when_where,
            "committee": committee.name,
            "meeting": own_title,
        }
    else:
        intro = _(
            "%(when_where)s, the Standing Board of %(committee)s held the liaison meeting on "
            "mass mobilization work, the Fatherland Front and the socio-political "
            "organizations for %(period)s."
        ) % {"when_where": when_where, "committee": committee.name, "period": period}
    intro = intro.removeprefix(", ")
    document.body_paragraph(intro[0].upper() + intro[1:])
    attending = []
    if meeting.chair_name:
        attending.append(_("Chaired by comrade %(chair)s.") % {"chair": chair})
    if present:
        attending.append(
            _("Attending: %(organizations)s.")
            % {"organizations": ", ".join(names[pk] for pk in present if pk in names)}
        )
    others = other_attendees(meeting.other_attendees)
    if others:
        attending.append(_("Other attendees: %(others)s.") % {"others": "; ".join(others)})
    if attending:
        document.body_paragraph(" ".join(attending))
    if meeting.chair_on_behalf_of_standing_committee:
        concluded = _(
            "Having heard the reports of the Fatherland Front and the socio-political "
            "organizations and the opinions of the delegates, the chair, on behalf of the "
            "Standing Committee of %(committee)s, concluded as follows:"
        ) % {"committee": committee.name}
    else:
        concluded = _(
            "Having heard the reports of the Fatherland Front and the socio-political "
            "organizations and the opinions of the delegates, the chair concluded as follows:"
        )
    document.body_paragraph(concluded)

    section = 0
    for title, value in (
        (_("Assessment of the period"), conclusion.assessment),
        (_("Shortcomings and limitations"), conclusion.shortcomings),
        (_("Orientation and tasks for the next period"), conclusion.orientation),
    ):
        if value:
            section += 1
            document.heading(f"{section}. {title}")
            document.html(value)
    if directives:
        section += 1
        document.heading(f"{section}. " + _("Specific tasks"))
        for index, directive in enumerate(directives, start=1):
            details = []
            who = assignees.wording(directive)
            if who and not names_assignment(directive.text):
                details.append(_("assigned to: %(who)s") % {"who": who})
            due = _due_text(directive)
            if due:
                details.append(_("due: %(due)s") % {"due": due})
            document.noted_paragraph(
                f"{section}.{index}. {directive.text.strip()}", "; ".join(details)
            )
    document.body_paragraph(
        _("This notice is sent to the agencies and organizations concerned for implementation.")
    )

    given = {part.organization_id for d in directives for part in d.assignments.all()}
    recipients = recipients_of(
        standing=heading.recipients,
        committee=committee,
        # Every organization given a directive, in the committee's order; with none given,
        # those present.
        organizations=[names[org.pk] for org in organizations if org.pk in (given or present)],
    )
    document.signature(
        Signature(
            authority=heading.signing_authority,
            title=heading.signer_title,
            name=heading.signer_name,
            recipients_heading=_("Recipients:"),
            recipients=recipient_lines(recipients),
        )
    )
    return document.to_bytes()


def notice_filename(meeting: Meeting, conclusion: Conclusion) -> str:
    number = (conclusion.notice_number or "du-thao").replace("/", "-")
    return f"thong-bao-ket-luan-{meeting.period.code}-{number}.docx"
