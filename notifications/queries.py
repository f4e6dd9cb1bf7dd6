"""The bell's count: read from the cache, counted (one small query) only when the cache
does not hold it; the services that create or read notifications forget it."""

from __future__ import annotations

import logging

from django.core.cache import cache

from notifications.models import Notification

logger = logging.getLogger(__name__)
COUNT_SECONDS = 24 * 3600


def count_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(user) -> int:
    """How many notifications ``user`` has not read: no query while the cache holds it."""
    key = count_key(user.pk)
    try:
        found = cache.get(key)
    except Exception:  # a cache that does not answer costs the query, nothing more
        logger.warning("notification count cache unavailable", exc_info=True)
        return Notification.objects.filter(user=user).unread().count()
    if found is not None:
        return found
    count = Notification.objects.filter(user=user).unread().count()
    try:
        cache.set(key, count, COUNT_SECONDS)
    except Exception:
        logger.warning("notification count cache unavailable", exc_info=True)
    return count
