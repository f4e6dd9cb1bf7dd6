"""Helpers shared by the meetings views: fetching through the access rules
(``meetings.access``) and the warning about removed markup (``meetings.richtext``),
where the other apps' pages find them too."""

from __future__ import annotations

from meetings.access import forbid_unless, get_meeting
from meetings.richtext import warn_if_cleaned

__all__ = ["forbid_unless", "get_meeting", "warn_if_cleaned"]
