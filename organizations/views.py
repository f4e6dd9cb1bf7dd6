from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from organizations.access import access_for, pick_committee
from organizations.forms import DayForm
from organizations.models import Organization
from organizations.queries import reporters_by_organization as _reporters_by_organization


@require_safe
@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    """A committee's organizations on a date, in document order, with their reporters."""
    committee, committees = pick_committee(request, access_for(request.user))
    today = timezone.localdate()
    form = DayForm(request.GET)
    day = form.day(today)
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
            "form": form.shown(day),
            "is_today": day == today,
            "rows": rows,
        },
    )
