"""What a user may find: the search part of the access layer."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from organizations.access import VIEW, Access
from organizations.models import RoleKind
from search.models import REPORT_KINDS, SearchEntry


def findable_entries(access: Access) -> QuerySet[SearchEntry]:
    """Search entries the user may find: what ``meetings.access.readable_reports`` and
    ``reads_drafts_of`` let them read. Drafts (reports not submitted, conclusions not
    issued) only for staff, leaders and admins of the committee, and a report's own
    organization."""
    qs = access.scope(SearchEntry.objects.all(), VIEW)
    if access.is_superuser:
        return qs
    full = access.committee_ids(RoleKind.STAFF, RoleKind.LEADER, RoleKind.ADMIN)
    return qs.filter(
        Q(committee_id__in=full)
        | Q(is_public=True)
        | Q(organization_id__in=access.organization_ids(), kind__in=REPORT_KINDS)
    )
