"""The bell's count: loaded with the signed-in user (accounts/backends.py reads it in
the query that loads them on each request), counted by a query of its own only for a
user loaded otherwise."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from notifications.models import Notification


def unread_count(user) -> int:
    """How many notifications ``user`` has not read: no query for the signed-in user of
    a request."""
    known = getattr(user, "unread_notifications", None)
    if known is not None:
        return known
    return Notification.objects.filter(user=user).unread().count()


def told_on(user_ids, kind: str, day: dt.date) -> set[int]:
    """Which of ``user_ids`` were told of ``kind`` on ``day`` (the site's calendar day)."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return set(
        Notification.objects.filter(
            user_id__in=list(user_ids),
            kind=kind,
            created_at__gte=start,
            created_at__lt=start + dt.timedelta(days=1),
        ).values_list("user_id", flat=True)
    )


def told_about(user_ids, kind: str, urls, day: dt.date) -> set[tuple[int, str]]:
    """Which of ``user_ids`` were told of ``kind`` about which of ``urls`` on ``day`` (the
    site's calendar day), as (user id, url) pairs, in one query."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return set(
        Notification.objects.filter(
            user_id__in=list(user_ids),
            kind=kind,
            url__in=list(urls),
            created_at__gte=start,
            created_at__lt=start + dt.timedelta(days=1),
        ).values_list("user_id", "url")
    )
