"""Reads of organizations that several apps' pages share."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.http import HttpRequest
from django.utils import timezone

from giaoban.compiled import CompiledQuery
from giaoban.text import person_sort_key
from organizations.forms import DayForm
from organizations.models import Organization, Role, RoleKind


def day_of(request: HttpRequest) -> dt.date:
    """The date a page is about: ?on=19/4/2024 (or 2024-04-19), or today."""
    return DayForm(request.GET).day(timezone.localdate())


def reporters_by_organization(organization_ids) -> dict[int, list]:
    reporters: dict[int, list] = defaultdict(list)
    ids = [int(pk) for pk in organization_ids]
    for role in REPORTERS.fetch(organizations=ids) if ids else []:
        reporters[role.organization_id].append(role.user)
    for users in reporters.values():
        users.sort(key=lambda user: person_sort_key(user.get_full_name()))
    return reporters


REPORTERS = CompiledQuery(
    lambda organizations: (
        Role.objects.active()
        .filter(kind=RoleKind.REPORTER, organization_id__in=organizations)
        .select_related("user")
        .order_by()  # sorted by name (the model's order would join the committee)
    ),
    organizations=list,
)


@dataclass(frozen=True)
class Change:
    """One change of an organization's record, as its page lists it."""

    history_date: dt.datetime
    user: str  # who made it (their full name, else their username); "" if unknown
    kind: str  # created, changed or deleted, translated
    name: str
    valid_until: dt.date | None


def changes_of(organization: Organization, count: int = 20) -> list[Change]:
    """The latest ``count`` changes of ``organization``'s record, newest first, read as
    plain values (one query; no historical records built)."""
    # The historical model itself (``Organization.history`` makes a manager class anew).
    history = apps.get_model("organizations", "HistoricalOrganization")
    kinds = dict(history._meta.get_field("history_type").flatchoices)
    rows = (
        history.objects.filter(id=organization.pk)
        .order_by("-history_date", "-history_id")
        .values_list(
            "history_date",
            "history_user__full_name",
            "history_user__username",
            "history_type",
            "name",
            "valid_until",
        )[:count]
    )
    return [
        Change(date, full_name or username or "", kinds.get(kind, kind), name, until)
        for date, full_name, username, kind, name, until in rows
    ]
