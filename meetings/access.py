"""What a user may read and change of meetings, reports, proposals and directives: the
meetings part of the access layer (``organizations.access`` answers for roles and
committees; it imports no app above it)."""

from __future__ import annotations

import functools

from django.db import connection
from django.db.models import BooleanField, PositiveSmallIntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpRequest

from accounts.models import SecurityEvent
from accounts.security_log import record
from giaoban.compiled import CompiledQuery
from meetings.models import (
    Conclusion,
    Directive,
    Meeting,
    Proposal,
    Report,
    ReportStatus,
    Statement,
)
from organizations.access import CHANGE, VIEW, Access, access_for
from organizations.models import PartyCommittee, RoleKind


def readable_meetings(access: Access) -> QuerySet[Meeting]:
    """Meetings of the committees the user reads."""
    return access.scope(Meeting.objects.all(), VIEW)


def managed_meetings(access: Access) -> QuerySet[Meeting]:
    """Meetings the user may edit and conclude: staff of the committee."""
    return access.scope(Meeting.objects.all(), CHANGE)


def readable_reports(access: Access) -> QuerySet[Report]:
    """Reports the user may read: a reporter sees other organizations' reports only
    once submitted, never their drafts."""
    qs = access.scope(Report.objects.all(), VIEW, committee_path="meeting__committee")
    if access.is_superuser:
        return qs
    full = access.committee_ids(RoleKind.STAFF, RoleKind.LEADER, RoleKind.ADMIN)
    return qs.filter(
        Q(meeting__committee_id__in=full)
        | Q(organization_id__in=access.organization_ids())
        | Q(status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
    )


def reports_of(access: Access, meeting: Meeting) -> QuerySet[Report]:
    """The reports of ``meeting`` (which the user reads: ``get_meeting``) that the user
    may read: the same as ``readable_reports`` for this meeting, without filtering again on
    the committee that ``get_meeting`` has already checked."""
    qs = Report.objects.filter(meeting=meeting).order_by()
    if reads_every_report_of(access, meeting):
        return qs
    return qs.filter(
        Q(organization_id__in=access.organization_ids())
        | Q(status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
    )


def reads_every_report_of(access: Access, meeting: Meeting) -> bool:
    """Whether ``reports_of`` gives every report of ``meeting``, drafts too."""
    return access.is_superuser or meeting.committee_id in access.committee_ids(
        RoleKind.STAFF, RoleKind.LEADER, RoleKind.ADMIN
    )


def restorable_proposals(access: Access) -> QuerySet[Proposal]:
    """Proposals, removed or not, of the committees where the user restores."""
    qs = Proposal.all_objects.all()
    if access.is_superuser:
        return qs
    return qs.filter(report__meeting__committee_id__in=access.restoring_committee_ids())


def restorable_directives(access: Access) -> QuerySet[Directive]:
    """Directives, removed or not, of the committees where the user restores."""
    qs = Directive.all_objects.all()
    if access.is_superuser:
        return qs
    return qs.filter(conclusion__meeting__committee_id__in=access.restoring_committee_ids())


def get_meeting(
    request: HttpRequest,
    pk: int,
    *,
    manage: bool = False,
    related: tuple[str, ...] = (),
    with_conclusion: bool = False,
) -> tuple[Meeting, Access]:
    """The meeting if the user may read it (or manage it); 404 otherwise, as if missing.
    ``related``: more relations read with it (``select_related``; none through
    ``committee``, which comes from the reader's roles). ``with_conclusion``:
    its conclusion read with it, if it has one (``meeting.conclusion``, whoever reads it:
    the caller decides who sees a draft), and the latest version of the signed notice
    (``meeting.signed_version``)."""
    access = access_for(request.user)
    # The rule of ``readable_meetings`` and ``managed_meetings`` (``Access.scope``), run
    # as a query compiled once per process: building it cost the ORM a millisecond.
    committees = access.scope_committee_ids(CHANGE if manage else VIEW)
    query = _meeting_query(committees is None, related, with_conclusion)
    if committees is None:  # a superuser: every meeting
        rows = query.fetch(pk=pk)
    else:
        # No committee: no meeting (the ORM asks nothing of the database either).
        rows = query.fetch(pk=pk, committees=sorted(committees)) if committees else []
    meeting = rows[0] if rows else None
    if meeting is None:
        # Same answer as for a missing meeting; a refusal is also noted in the security log.
        forbid_unless(False, request if Meeting.objects.filter(pk=pk).exists() else None)
    if not access.is_superuser:
        committee = access.role_committee(meeting.committee_id)
        if committee is None:  # a predecessor's meeting, read by its successor's people
            committee = PartyCommittee.objects.get(pk=meeting.committee_id)
        meeting.committee = committee
    return meeting, access


@functools.cache
def _meeting_query(every: bool, related: tuple[str, ...], with_conclusion: bool) -> CompiledQuery:
    """The query of ``get_meeting``: a meeting by its pk, among ``committees`` unless
    ``every`` (a superuser's), read with what ``related`` and ``with_conclusion`` ask."""

    def build(pk: int, committees: list[int] | None = None) -> QuerySet[Meeting]:
        queryset = Meeting.objects.filter(pk=pk)
        if not every:
            queryset = queryset.filter(committee_id__in=committees)
        # Anyone but a superuser reads only the meetings of committees where they hold a
        # role: the committee was read with the roles (joining it again cost the ORM 1,000
        # function calls).
        queryset = queryset.select_related(*(["committee"] if every else []), *related)
        if with_conclusion:
            queryset = queryset.select_related("conclusion").annotate(
                signed_version=_signed_version(), has_statements=_has_statements()
            )
        return queryset

    if every:
        return CompiledQuery(lambda pk: build(pk), pk=int)
    return CompiledQuery(build, pk=int, committees=list)


def _signed_version() -> RawSQL:
    """The latest version of the signed notice of each meeting's conclusion (none if it
    has none), written out: the ORM's ``Subquery`` cost 1,200 function calls to build.
    Documents' model, reached through the relation (meetings imports no app above it)."""
    signed = Conclusion.signed_versions.rel.related_model._meta
    conclusion, meeting = Conclusion._meta, Meeting._meta
    quote = connection.ops.quote_name
    return RawSQL(
        f"SELECT MAX(s.{quote(signed.get_field('version').column)}) "
        f"FROM {quote(signed.db_table)} s "
        f"INNER JOIN {quote(conclusion.db_table)} c "
        f"ON c.{quote(conclusion.pk.column)} = s.{quote(signed.get_field('conclusion').column)} "
        f"WHERE c.{quote(conclusion.get_field('meeting').column)} = "
        f"{quote(meeting.db_table)}.{quote(meeting.pk.column)}",
        (),
        output_field=PositiveSmallIntegerField(),
    )


def _has_statements() -> RawSQL:
    """Whether each meeting has statements made at it (the meeting page reads them only
    then), written out as ``_signed_version``."""
    statement, meeting = Statement._meta, Meeting._meta
    quote = connection.ops.quote_name
    return RawSQL(
        f"EXISTS(SELECT 1 FROM {quote(statement.db_table)} st "
        f"WHERE st.{quote(statement.get_field('meeting').column)} = "
        f"{quote(meeting.db_table)}.{quote(meeting.pk.column)})",
        (),
        output_field=BooleanField(),
    )


def forbid_unless(condition: bool, request: HttpRequest | None = None) -> None:
    """Refuse as a missing object would (a foreign object answers exactly as a missing
    one), and note the refusal in the security log."""
    if not condition:
        if request is not None:
            record(SecurityEvent.Kind.DENIED, request)
        raise Http404
