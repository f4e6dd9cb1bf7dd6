"""Helpers shared by the meetings views: fetching through the access rules."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts.models import SecurityEvent
from accounts.security_log import record
from meetings.models import Meeting
from organizations.access import Access, access_for


def get_meeting(request: HttpRequest, pk: int, *, manage: bool = False) -> tuple[Meeting, Access]:
    """The meeting if the user may read it (or manage it); 404 otherwise, as if missing."""
    access = access_for(request.user)
    queryset = access.managed_meetings() if manage else access.meetings()
    meeting = queryset.select_related("committee").filter(pk=pk).first()
    if meeting is None:
        # Same answer as for a missing meeting; a refusal is also noted in the security log.
        forbid_unless(False, request if Meeting.objects.filter(pk=pk).exists() else None)
    return meeting, access


def forbid_unless(condition: bool, request: HttpRequest | None = None) -> None:
    """Refuse as a missing object would (a foreign object answers exactly as a missing
    one), and note the refusal in the security log."""
    if not condition:
        if request is not None:
            record(SecurityEvent.Kind.DENIED, request)
        raise Http404


def warn_if_cleaned(request: HttpRequest, removed_unsafe: bool) -> None:
    if removed_unsafe:
        messages.warning(
            request,
            _(
                "Scripts, styles and other unsafe markup pasted into the text were removed; "
                "the text itself was kept."
            ),
        )
