"""Helpers shared by the meetings views: fetching through the access rules
(``meetings.access``, where the other apps' pages find them too)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from meetings.access import forbid_unless, get_meeting

__all__ = ["forbid_unless", "get_meeting", "warn_if_cleaned"]


def warn_if_cleaned(request: HttpRequest, removed_unsafe: bool) -> None:
    if removed_unsafe:
        messages.warning(
            request,
            _(
                "Scripts, styles and other unsafe markup pasted into the text were removed; "
                "the text itself was kept."
            ),
        )
