"""What a user may find: the search part of the access layer."""

from __future__ import annotations

from organizations.access import VIEW, Access
from organizations.models import RoleKind
from search.models import REPORT_KINDS

# Who reads the drafts of a committee: ``Access.reads_drafts_of``.
_DRAFT_READERS = (RoleKind.STAFF, RoleKind.LEADER, RoleKind.ADMIN)


def findable_sql(
    access: Access, table: str, committee: str | None = None
) -> tuple[list[str], list] | None:
    """Search entries the user may find: what ``meetings.access.readable_reports`` and
    ``reads_drafts_of`` let them read, in the committees they read. Drafts (reports not
    submitted, conclusions not issued) only for staff, leaders and admins of the
    committee, and a report's own organization; a superuser finds everything.

    Written in SQL for the search page's hand-written query
    (``search.queries.candidates_sql``): the conditions (to be joined by AND; none for a
    superuser) over the rows of ``table`` (its quoted name or alias) and their
    parameters; None if the user may find nothing. tests/search/test_candidates.py
    compares its rows with the same rule written with the ORM. ``committee``:
    the SQL of the row's committee, ``table``'s ``committee_id`` unless given."""
    if access.is_superuser:
        return [], []
    committee = committee or f'{table}."committee_id"'
    read = sorted(access.scope_committee_ids(VIEW))
    if not read:
        return None  # the ORM's ``committee_id__in=[]``: no row
    full = sorted(access.committee_ids(*_DRAFT_READERS))
    # A reporter's role names its organization (``None`` is no id: the ORM drops it too).
    organizations = sorted(pk for pk in access.organization_ids() if pk is not None)
    either, params = [], []
    if full:
        either.append(f"{committee} IN ({_marks(full)})")
        params += full
    either.append(f'{table}."is_public"')
    if organizations:
        either.append(
            f'({table}."kind" IN ({_marks(REPORT_KINDS)})'
            f' AND {table}."organization_id" IN ({_marks(organizations)}))'
        )
        params += [kind.value for kind in REPORT_KINDS] + organizations
    return (
        [f"{committee} IN ({_marks(read)})", f"({' OR '.join(either)})"],
        [*read, *params],
    )


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))
