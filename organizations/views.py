from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from giaoban.pagecache import kept_between_changes
from giaoban.text import person_sort_key
from organizations.access import access_for, pick_committee
from organizations.models import Organization, Role, RoleKind, Succession


def _day(request: HttpRequest) -> dt.date:
    """The date a page is about: ?on=YYYY-MM-DD, or today."""
    try:
        return dt.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def _reporters_by_organization(organization_ids) -> dict[int, list]:
    reporters: dict[int, list] = defaultdict(list)
    roles = (
        Role.objects.active()
        .filter(kind=RoleKind.REPORTER, organization_id__in=organization_ids)
        .select_related("user")
    )
    for role in roles:
        reporters[role.organization_id].append(role.user)
    for users in reporters.values():
        users.sort(key=lambda user: person_sort_key(user.get_full_name()))
    return reporters


@require_safe
@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    """A committee's organizations on a date, in document order, with their reporters."""
    committee, committees = pick_committee(request, access_for(request.user))
    day = _day(request)
    organizations = list(
        Organization.objects.filter(committee=committee)
        .valid_on(day)
        .with_names_on(day)
        .order_by("display_order", "name")
    )
    reporters = _reporters_by_organization([org.pk for org in organizations])
    rows = [
        {"organization": org, "name": org.name_on(day), "reporters": reporters.get(org.pk, [])}
        for org in organizations
    ]
    return render(
        request,
        "organizations/organization_list.html",
        {
            "committee": committee,
            "committees": committees,
            "day": day,
            "is_today": day == timezone.localdate(),
            "rows": rows,
        },
    )


@require_safe
@login_required
@kept_between_changes(params=("on",))
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One organization: its name on a date, its names over time, mergers, reporters."""
    access = access_for(request.user)
    organization = get_object_or_404(access.organizations().select_related("committee"), pk=pk)
    day = _day(request)
    names = list(organization.names.all())
    successions = list(
        Succession.objects.filter(Q(predecessor=organization) | Q(successor=organization))
        .select_related("predecessor", "successor")
        .order_by("date")
    )
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "day": day,
            "name_on_day": next((n.name for n in names if n.is_valid_on(day)), organization.name),
            "existed_on_day": organization.is_valid_on(day),
            "names": names,
            "predecessors": [s for s in successions if s.successor_id == organization.pk],
            "successors": [s for s in successions if s.predecessor_id == organization.pk],
            "reporters": _reporters_by_organization([organization.pk]).get(organization.pk, []),
            **_directives_of(organization),
            "changes": (
                list(organization.history.select_related("history_user")[:20])
                if access.is_staff_of(organization.committee_id)
                else []
            ),
        },
    )


def _directives_of(organization: Organization) -> dict:
    """Its directives across periods (latest first) and its completion figures."""
    from tracking import stats
    from tracking.models import Status

    today = timezone.localdate()
    tracked = stats.tracked(today).filter(organization=organization)
    counts = stats.counts_by_status(tracked)
    recent = list(
        tracked.select_related("directive__conclusion__meeting").order_by(
            "-directive__conclusion__meeting__period_end", "directive__position"
        )[:30]
    )
    return {
        "directive_counts": [(Status(s), n) for s, n in counts.items() if n],
        "directive_total": sum(counts.values()),
        "on_time_rate": stats.overall_rate(counts),
        "recent_directives": recent,
    }
