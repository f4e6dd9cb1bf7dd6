"""Keeping the search index in step with the meetings' tables.

The write services name the meetings they changed (``meetings.signals.written``, once
per save), and ``search.signals`` rebuilds those meetings' entries here; writes outside
the services (``bulk_create``, as the demo loader does) call ``reindex_meetings``
themselves. A service that changed only a report (with its proposals) or a conclusion
(with its directives) names it, and only its entries are rebuilt
(``reindex_sources``): the same entries, written in a few rows instead of the whole
meeting's.
``reindex_meetings`` takes a model registry so that the data migration can use it
with the historical models.

``report_entries``, ``proposal_entries``, ``conclusion_entries``,
``directive_entries`` and ``meeting_entries`` are the one definition of what an
object's entries hold.
They build instances of ``model``, which may be any callable taking the entry's
field values as keywords, from ``content`` (``entry_content``: the text and the
terms of a field's value). The data generator (``giaoban.generate``) passes
``dict``, to write the values with ``COPY``, and ``entry_content`` memoized (its
texts repeat).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.apps import apps as django_apps
from django.db import connection, transaction
from django.db.models import Q

from giaoban.pagecache import changed
from giaoban.text import nfc
from meetings.models import (
    REPORT_SECTIONS,
    Conclusion,
    ConclusionStatus,
    Directive,
    Meeting,
    Proposal,
    Report,
    ReportStatus,
    Statement,
)
from meetings.richtext import plain_text
from search.models import MEETING_KINDS, REPORT_KINDS, Kind, SearchEntry
from search.terms import indexed_terms

CONCLUSION_SECTIONS = ("assessment", "shortcomings", "orientation")
# The meeting's own rich text (``meetings.services.MEETING_CONTENT``).
MEETING_SECTIONS = ("summary", "joint_limitations")
PUBLIC_REPORT = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
CONCLUSION_KINDS = (Kind.CONCLUSION, Kind.DIRECTIVE)
BATCH = 200


def entry_content(value: str, rich: bool) -> tuple[str, str] | None:
    """What an entry holds for the value of a field (``rich``: formatted text, HTML): its
    text, composed and stripped, and the terms it is found by; None for a blank value."""
    text = nfc(plain_text(value) if rich else value).strip()
    return (text, indexed_terms(text)) if text else None


Content = Callable[[str, bool], tuple[str, str] | None]


def _entry(model, content: Content, *, meeting, value: str, rich: bool = False, **fields):
    """One entry, or None for a blank value."""
    found = content(value, rich)
    if found is None:
        return None
    text, terms = found
    return model(
        meeting_id=meeting.pk,
        committee_id=meeting.committee_id,
        period_year=meeting.period_year,
        period_kind=meeting.period_kind,
        period_end=meeting.period_end,
        text=text,
        terms=terms,
        **fields,
    )


def report_entries(report, meeting, model=SearchEntry, content: Content = entry_content) -> list:
    public = report.status in PUBLIC_REPORT
    entries = [
        _entry(
            model,
            content,
            meeting=meeting,
            value=getattr(report, name),
            rich=True,
            kind=Kind.REPORT,
            section=name,
            source_id=report.pk,
            organization_id=report.organization_id,
            is_public=public,
        )
        for name in REPORT_SECTIONS
    ]
    return [e for e in entries if e]


def proposal_entries(
    proposal, report, meeting, model=SearchEntry, content: Content = entry_content
) -> list:
    if proposal.archived_at is not None:
        return []
    entries = [
        _entry(
            model,
            content,
            meeting=meeting,
            value=getattr(proposal, name),
            kind=Kind.PROPOSAL,
            section=name,
            source_id=proposal.pk,
            organization_id=report.organization_id,
            is_public=report.status in PUBLIC_REPORT,
            position=proposal.position,
        )
        for name in ("text", "response")
    ]
    return [e for e in entries if e]


def conclusion_entries(
    conclusion, meeting, model=SearchEntry, content: Content = entry_content
) -> list:
    public = conclusion.status == ConclusionStatus.ISSUED
    entries = [
        _entry(
            model,
            content,
            meeting=meeting,
            value=getattr(conclusion, name),
            rich=True,
            kind=Kind.CONCLUSION,
            section=name,
            source_id=conclusion.pk,
            is_public=public,
        )
        for name in CONCLUSION_SECTIONS
    ]
    return [e for e in entries if e]


def directive_entries(
    directive, conclusion, meeting, model=SearchEntry, content: Content = entry_content
) -> list:
    if directive.archived_at is not None:
        return []
    entry = _entry(
        model,
        content,
        meeting=meeting,
        value=directive.text,
        kind=Kind.DIRECTIVE,
        section="text",
        source_id=directive.pk,
        is_public=conclusion.status == ConclusionStatus.ISSUED,
        position=directive.position,
    )
    return [entry] if entry else []


def meeting_entries(
    meeting, statements, model=SearchEntry, content: Content = entry_content
) -> list:
    """The meeting's own words: its summary and joint limitations, and each statement
    made at it (who spoke, for whom, and what they raised), readable by every reader of
    the committee as the meeting page shows them."""
    entries = [
        _entry(
            model,
            content,
            meeting=meeting,
            value=getattr(meeting, name, ""),  # (a migration's model may not have it yet)
            rich=True,
            kind=Kind.MEETING,
            section=name,
            source_id=meeting.pk,
            is_public=True,
        )
        for name in MEETING_SECTIONS
    ]
    for statement in statements:
        title = f", {statement.speaker_title}" if statement.speaker_title else ""
        body = f" ({statement.speaking_for})" if statement.speaking_for else ""
        entries.append(
            _entry(
                model,
                content,
                meeting=meeting,
                value=f"{statement.speaker_name}{title}{body}: {statement.text}",
                kind=Kind.STATEMENT,
                section="text",
                source_id=statement.pk,
                is_public=True,
                position=statement.position,
            )
        )
    return [e for e in entries if e]


def _statements_by_meeting(statement_model, meeting_ids) -> dict[int, list]:
    found: dict[int, list] = {}
    for statement in statement_model.objects.filter(meeting_id__in=list(meeting_ids)).order_by(
        "meeting_id", "position", "pk"
    ):
        found.setdefault(statement.meeting_id, []).append(statement)
    return found


def _batches(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def reindex_meetings(
    meeting_ids: Iterable[int], *, registry=django_apps, tell_pages: bool = True
) -> int:
    """Rebuild the entries of these meetings, a batch of meetings at a time (a fixed
    number of queries per batch); returns the number of entries written. ``tell_pages``:
    the page cache is told their committees changed, unless the caller (a write service,
    through ``meetings.signals.written``) has named what its write changed."""
    get = registry.get_model
    meeting_model, report_model = get("meetings", "Meeting"), get("meetings", "Report")
    proposal_model, directive_model = get("meetings", "Proposal"), get("meetings", "Directive")
    conclusion_model, entry_model = get("meetings", "Conclusion"), get("search", "SearchEntry")
    try:
        statement_model = get("meetings", "Statement")
    except LookupError:  # a data migration before statements existed
        statement_model = None
    written = 0
    for batch in _batches(meeting_ids, BATCH):
        with transaction.atomic():
            meetings = meeting_model.objects.in_bulk(batch)
            reports = {r.pk: r for r in report_model.objects.filter(meeting_id__in=batch)}
            conclusions = {c.pk: c for c in conclusion_model.objects.filter(meeting_id__in=batch)}
            entries = []
            statements = _statements_by_meeting(statement_model, batch) if statement_model else {}
            for meeting in meetings.values():
                entries += meeting_entries(meeting, statements.get(meeting.pk, ()), entry_model)
            for report in reports.values():
                entries += report_entries(report, meetings[report.meeting_id], entry_model)
            for proposal in proposal_model.objects.filter(
                report_id__in=list(reports), archived_at__isnull=True
            ):
                report = reports[proposal.report_id]
                meeting = meetings[report.meeting_id]
                entries += proposal_entries(proposal, report, meeting, entry_model)
            for conclusion in conclusions.values():
                entries += conclusion_entries(
                    conclusion, meetings[conclusion.meeting_id], entry_model
                )
            for directive in directive_model.objects.filter(
                conclusion_id__in=list(conclusions), archived_at__isnull=True
            ):
                conclusion = conclusions[directive.conclusion_id]
                meeting = meetings[conclusion.meeting_id]
                entries += directive_entries(directive, conclusion, meeting, entry_model)
            entry_model.objects.filter(meeting_id__in=batch).delete()
            entry_model.objects.bulk_create(entries, batch_size=1000)
            # A migration's writes are stamped when it ends.
            if tell_pages and registry is django_apps:
                changed({meeting.committee_id for meeting in meetings.values()})
            written += len(entries)
    return written


def rebuild(*, registry=django_apps) -> int:
    """Rebuild the whole index (the management command and the data migration)."""
    meeting_model = registry.get_model("meetings", "Meeting")
    ids = list(meeting_model.objects.order_by("pk").values_list("pk", flat=True))
    return reindex_meetings(ids, registry=registry)


def reindex_sources(
    *,
    reports: Iterable[int] = (),
    conclusions: Iterable[int] = (),
    directives: Iterable[int] | None = None,
    contents: Iterable[int] = (),
) -> int:
    """Rebuild the entries of these reports (with their proposals), conclusions (with
    their directives, or only those of ``directives`` when given) and meetings' own words
    (``contents``: meeting ids) alone, in a fixed number of queries; returns the number
    of entries written. They are the entries
    ``reindex_meetings`` writes for them, and what it would leave in their place is
    removed: a report's place is its meeting's report and proposal entries of its
    organization (one report per organization and meeting), a conclusion's its meeting's
    conclusion and directive entries (one conclusion per meeting), a directive's its own.
    The other entries of their meetings are left as they are.

    The caller keeps a full rebuild of these meetings out until its transaction ends
    (``share_meetings``; ``search.signals``)."""
    report_ids, conclusion_ids = sorted(set(reports)), sorted(set(conclusions))
    content_ids = sorted(set(contents))
    if not report_ids and not conclusion_ids and not content_ids:
        return 0
    entries: list[SearchEntry] = []
    places = Q(pk__in=[])
    with transaction.atomic(savepoint=False):
        if content_ids:
            statements = _statements_by_meeting(Statement, content_ids)
            for meeting in Meeting.objects.filter(pk__in=content_ids).order_by():
                entries += meeting_entries(meeting, statements.get(meeting.pk, ()))
            places |= Q(meeting_id__in=content_ids, kind__in=MEETING_KINDS)
        if report_ids:
            found = {
                r.pk: r
                for r in Report.objects.filter(pk__in=report_ids)
                .select_related("meeting")
                .order_by()
            }
            for report in found.values():
                entries += report_entries(report, report.meeting)
                places |= Q(
                    meeting_id=report.meeting_id,
                    organization_id=report.organization_id,
                    kind__in=REPORT_KINDS,
                )
            for proposal in Proposal.objects.filter(
                report_id__in=list(found), archived_at__isnull=True
            ).order_by():
                report = found[proposal.report_id]
                entries += proposal_entries(proposal, report, report.meeting)
        if conclusion_ids:
            found = {
                c.pk: c
                for c in Conclusion.objects.filter(pk__in=conclusion_ids).select_related("meeting")
            }
            kinds = CONCLUSION_KINDS if directives is None else [Kind.CONCLUSION]
            for conclusion in found.values():
                entries += conclusion_entries(conclusion, conclusion.meeting)
                places |= Q(meeting_id=conclusion.meeting_id, kind__in=kinds)
            rows = Directive.objects.filter(conclusion_id__in=list(found), archived_at__isnull=True)
            if directives is not None:
                ids = sorted(set(directives))
                rows = rows.filter(pk__in=ids)
                places |= Q(kind=Kind.DIRECTIVE, source_id__in=ids)
            for directive in rows.order_by():
                conclusion = found[directive.conclusion_id]
                entries += directive_entries(directive, conclusion, conclusion.meeting)
        SearchEntry.objects.filter(places).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


def share_meetings(meeting_ids: Iterable[int]) -> None:
    """Keep a full rebuild of these meetings' entries (``reindex_meetings`` under
    ``SELECT … FOR UPDATE`` of their rows, ``search.signals``) out until this transaction
    ends, without keeping out each other's rebuilds of other sources: ``FOR KEY SHARE``,
    the weakest row lock, which only ``FOR UPDATE`` waits for (and ordinary updates of
    the meeting do not). PostgreSQL only: SQLite lets one writer at a time."""
    ids = sorted(set(meeting_ids))
    if not ids or connection.vendor != "postgresql":
        return
    quote, pk = connection.ops.quote_name, Meeting._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {quote(Meeting._meta.db_table)} WHERE {quote(pk)} = ANY(%s) "
            f"ORDER BY {quote(pk)} FOR KEY SHARE",
            [ids],
        )
