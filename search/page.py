"""The page of results: the entries of one page, in their order, read in one query with
what a result shows (its meeting and committee, the name its organization bore on the
meeting's day).

Written in SQL once rather than built by the ORM on every page (the ORM spent about
1.5 ms building and compiling the query, issue 19); the entries, meetings and
committees are model instances holding the fields a result shows, as ``only()`` would
give them (tests/search/test_result_rows.py renders them as the template did).
"""

from __future__ import annotations

from django.db import connections

from meetings.models import Conclusion, Meeting
from organizations.models import Organization, OrganizationName, PartyCommittee
from search.models import Kind, SearchEntry
from search.queries import ORDER, ranked_page_sql
from search.terms import Query


def _in_model_order(model, names: set[str]) -> tuple[str, ...]:
    """``names`` (attnames) in the order of the model's fields, as ``from_db`` reads
    values."""
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in names)


_ENTRY = _in_model_order(
    SearchEntry,
    {"id", "kind", "section", "source_id", "meeting_id", "organization_id", "is_public"}
    | {"position", "text"},
)
_MEETING = _in_model_order(
    Meeting, {"id", "title", "period_year", "period_kind", "held_on", "committee_id"}
)
_COMMITTEE = ("id", "name")  # the meeting's committee_id, then the name


def _sql() -> str:
    def columns(alias: str, fields: tuple[str, ...]) -> str:
        return ", ".join(f'{alias}."{field}"' for field in fields)

    # The organization's name on the meeting's day (held, else the end of its period:
    # ``Meeting.reference_date``): ``organizations.models.dated_name``, written out.
    day = "COALESCE(meeting.held_on, meeting.period_end)"
    name_then = (
        f"SELECT dated.name FROM {OrganizationName._meta.db_table} dated"
        " WHERE dated.organization_id = entry.organization_id"
        f" AND (dated.valid_from IS NULL OR dated.valid_from <= {day})"
        f" AND (dated.valid_until IS NULL OR dated.valid_until > {day})"
        " ORDER BY dated.valid_from ASC NULLS FIRST LIMIT 1"
    )
    # The committee's and the organization's names read by key for the rows of the page
    # (scalar subqueries rather than joins: PostgreSQL plans the query again for each
    # page, as its text query is a parameter, and two joins fewer halve that planning).
    committee = (
        f"SELECT committee.name FROM {PartyCommittee._meta.db_table} committee"
        " WHERE committee.id = meeting.committee_id"
    )
    name_now = (
        f"SELECT organization.name FROM {Organization._meta.db_table} organization"
        " WHERE organization.id = entry.organization_id"
    )
    # The number of the meeting's conclusion notice, for the identity of a directive.
    notice = (
        f"SELECT conclusion.notice_number FROM {Conclusion._meta.db_table} conclusion"
        " WHERE conclusion.meeting_id = entry.meeting_id"
    )
    return (
        f"SELECT {columns('entry', _ENTRY)}, {columns('meeting', _MEETING)},"
        f' meeting."committee_id", ({committee}), ({name_now}), ({name_then}),'
        f" CASE WHEN entry.kind = '{Kind.DIRECTIVE.value}' THEN ({notice}) END"
        " FROM ({page}) page"
        f" INNER JOIN {SearchEntry._meta.db_table} entry ON entry.id = page.pk"
        f" INNER JOIN {Meeting._meta.db_table} meeting ON meeting.id = entry.meeting_id"
        f" ORDER BY {ORDER.format(table='page')}"
    )


_SQL = _sql()
_IS_PUBLIC = _ENTRY.index("is_public")
_HELD_ON = _MEETING.index("held_on")


def page_of_results(
    candidates: tuple[str, str, list] | None, query: Query, start: int, stop: int
) -> list[SearchEntry]:
    """Entries ``start`` to ``stop`` of ``candidates`` (from
    ``search.queries.candidates_sql``; None: nothing matches) by rank, each with its
    ``meeting`` (and its ``committee``), the ``organization_name`` it is shown with
    ("" for none) and, for a directive, the ``notice_number`` of its conclusion ("" for
    none)."""
    if candidates is None:
        return []
    sql, params = ranked_page_sql(candidates, query, start, stop)
    db = candidates[0]  # where the ORM would have read it: the replica of a GET page
    with connections[db].cursor() as cursor:
        cursor.execute(_SQL.replace("{page}", sql, 1), params)
        rows = cursor.fetchall()
    return _entries(rows, db)


def _entries(rows: list[tuple], db: str) -> list[SearchEntry]:
    is_public = SearchEntry._meta.get_field("is_public")
    held_on = Meeting._meta.get_field("held_on")
    meeting_of = SearchEntry._meta.get_field("meeting")
    committee_of = Meeting._meta.get_field("committee")
    meetings: dict[int, Meeting] = {}
    committees: dict[int, PartyCommittee] = {}
    entries = []
    first_meeting = len(_ENTRY)
    first_committee = first_meeting + len(_MEETING)
    first_name = first_committee + len(_COMMITTEE)
    for row in rows:
        values = list(row[:first_meeting])
        # SQLite answers 0/1 and text: what the ORM would have converted.
        values[_IS_PUBLIC] = is_public.to_python(values[_IS_PUBLIC])
        entry = SearchEntry.from_db(db, _ENTRY, values)
        meeting = meetings.get(entry.meeting_id)
        if meeting is None:
            values = list(row[first_meeting:first_committee])
            values[_HELD_ON] = held_on.to_python(values[_HELD_ON])
            meeting = meetings[entry.meeting_id] = Meeting.from_db(db, _MEETING, values)
            committee = committees.get(meeting.committee_id)
            if committee is None:
                committee = committees[meeting.committee_id] = PartyCommittee.from_db(
                    db, _COMMITTEE, row[first_committee:first_name]
                )
            committee_of.set_cached_value(meeting, committee)
        meeting_of.set_cached_value(entry, meeting)
        current_name, name_then, notice = row[first_name:]
        entry.organization_name = (name_then or current_name) if current_name is not None else ""
        entry.notice_number = notice or ""
        entries.append(entry)
    return entries
