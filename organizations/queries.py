"""Reads of organizations that several apps' pages share."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.http import HttpRequest
from django.utils import timezone

from giaoban.text import person_sort_key
from organizations.models import Role, RoleKind


def day_of(request: HttpRequest) -> dt.date:
    """The date a page is about: ?on=YYYY-MM-DD, or today."""
    try:
        return dt.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


def reporters_by_organization(organization_ids) -> dict[int, list]:
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
