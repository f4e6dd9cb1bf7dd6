from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from organizations.models import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = (
        Role.objects.active()
        .filter(user=request.user)
        .select_related("committee", "organization")
        .order_by("committee__name", "kind")
    )
    return render(request, "home.html", {"roles": roles})
