"""Sessions kept in PostgreSQL and cached in Redis (``REDIS_URL``), that go on working
from PostgreSQL alone while Redis does not answer.

Django's ``cached_db`` engine reads the cache first and writes both, but a cache that
refuses connections turns some of its calls (filling the cache after a database read,
checking that a new key is free, deleting) into errors on every page. Here a failing
cache call is logged and counts as a miss; PostgreSQL stays the reference.
"""

from __future__ import annotations

import logging

from django.contrib.sessions.backends import cached_db

logger = logging.getLogger("giaoban.sessions")


class _CacheThatMayFail:
    def __init__(self, cache):
        self._cache = cache

    def _failed(self, action: str, error: Exception) -> None:
        logger.warning("session cache %s failed, using the database: %s", action, error)

    def get(self, key, default=None):
        try:
            return self._cache.get(key, default)
        except Exception as error:  # any client error: a refused connection, a timeout
            self._failed("read", error)
            return default

    def set(self, key, value, timeout=None):
        try:
            self._cache.set(key, value, timeout)
        except Exception as error:
            self._failed("write", error)

    def delete(self, key):
        try:
            self._cache.delete(key)
        except Exception as error:
            self._failed("delete", error)

    def __contains__(self, key) -> bool:
        try:
            return key in self._cache
        except Exception as error:
            self._failed("lookup", error)
            return False

    def __getattr__(self, name):
        return getattr(self._cache, name)

    def __str__(self) -> str:
        return str(self._cache)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _CacheThatMayFail(self._cache)
