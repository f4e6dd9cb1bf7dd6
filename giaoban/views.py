from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.http import require_safe

from organizations.access import access_for
from organizations.models import Role, RoleKind
from tracking import views as tracking_views


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Leaders and staff land on the dashboard, reporters on their work, others on their account."""
    access = access_for(request.user)
    if access.is_superuser or access.committee_ids(RoleKind.STAFF, RoleKind.LEADER):
        return tracking_views.dashboard(request)
    if access.organization_ids():
        return render(request, "tracking/my_work.html", tracking_views.my_work_context(access))
    return account(request)


@require_safe
@login_required
def account(request: HttpRequest) -> HttpResponse:
    roles = (
        Role.objects.active()
        .filter(user=request.user)
        .select_related("committee", "organization")
        .order_by("committee__name", "kind")
    )
    return render(request, "home.html", {"roles": roles})


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A form too big to be read says so, and what to do; any other bad request gets
    the general page."""
    if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent, RequestDataTooBig)):
        return render(request, "form_too_large.html", status=400)
    return defaults.bad_request(request, exception)
