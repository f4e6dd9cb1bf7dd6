"""giaoban/sessions.py: sessions in the database, cached in Redis, unharmed by a Redis outage."""

import socket

import pytest
from django.core.cache import caches

from giaoban.sessions import SessionStore


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_cache(settings, url: str) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "giaoban-test-sessions",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.SESSION_ENGINE = "giaoban.sessions"


def test_without_redis_sessions_are_created_read_and_deleted_in_the_database(db, settings):
    redis_cache(settings, f"redis://127.0.0.1:{closed_port()}/0")
    store = SessionStore()
    store["signed_in_at"] = 1.5
    store.create()

    assert SessionStore(store.session_key).load() == {"signed_in_at": 1.5}
    SessionStore().delete(store.session_key)
    assert SessionStore(store.session_key).load() == {}


def test_with_redis_a_session_is_cached_and_deleted_from_the_cache(db, settings):
    import redis

    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379 (sudo apt-get install redis-server)")
    redis_cache(settings, url)
    store = SessionStore()
    store["signed_in_at"] = 2.5
    store.create()
    key = store.cache_key

    assert caches["default"].get(key) == {"signed_in_at": 2.5}
    SessionStore().delete(store.session_key)
    assert caches["default"].get(key) is None
