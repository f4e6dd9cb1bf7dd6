"""The bell's count: loaded with the signed-in user (accounts/backends.py reads it in
the query that loads them on each request), counted by a query of its own only for a
user loaded otherwise."""

from __future__ import annotations

from notifications.models import Notification


def unread_count(user) -> int:
    """How many notifications ``user`` has not read: no query for the signed-in user of
    a request."""
    known = getattr(user, "unread_notifications", None)
    if known is not None:
        return known
    return Notification.objects.filter(user=user).unread().count()
