"""The person's notifications, newest first; marking them read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from giaoban.pagination import page_of
from notifications import services
from notifications.models import Notification

PAGE_SIZE = 20


@require_safe
@login_required
def notification_list(request):
    page = page_of(
        Notification.objects.filter(user=request.user), PAGE_SIZE, request.GET.get("page")
    )
    unread = any(n.read_at is None for n in page.object_list)
    return render(request, "notifications/list.html", {"page": page, "unread": unread})


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one read; then go where it leads (``next``, a path of this site) or back."""
    if (
        not services.mark_read(notification_id=pk, user=request.user)
        and not Notification.objects.filter(pk=pk, user=request.user).exists()
    ):
        raise Http404  # someone else's answers as a missing one
    following = request.POST.get("next", "")
    if following and url_has_allowed_host_and_scheme(
        following, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(following)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    if services.mark_all_read(user=request.user):
        messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:list")
