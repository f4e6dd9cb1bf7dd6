"""Reads from a PostgreSQL replica, when ``DATABASE_REPLICA_URL`` configures one.

A replica lags the primary by a moment. So that nobody sees their own change
missing, the rule is narrow and safe:

- only GET and HEAD requests read from the replica, and only the application's
  own data (meetings, reports, directives...); sign-in, sessions, lockouts and
  two-factor devices are always read from the primary;
- a visitor who changed something (any POST, PUT, PATCH or DELETE) reads from the
  primary for the next ``DJANGO_REPLICA_PIN_SECONDS`` (10) seconds, through a
  cookie, whichever app server answers;
- inside a transaction on the primary, reads stay on the primary;
- writes always go to the primary; management commands (cron jobs, backups)
  use only the primary.
"""

from __future__ import annotations

import time
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PIN_COOKIE = "giaoban_primary_until"
SAFE_METHODS = ("GET", "HEAD")
# Apps whose rows decide who someone is and what they may do: never a stale read.
PRIMARY_ONLY_APPS = {"sessions", "auth", "accounts", "axes", "otp_totp", "otp_static", "admin"}

_reads_may_use_replica: ContextVar[bool] = ContextVar("reads_may_use_replica", default=False)


class ReplicaRouter:
    """Writes and migrations on ``default``; reads on ``replica`` when the request allows."""

    def db_for_read(self, model, **hints):
        if (
            _reads_may_use_replica.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Lets a request read from the replica, or pins the visitor to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = time.time()
        pinned = _pinned_until(request) > now
        token = _reads_may_use_replica.set(request.method in SAFE_METHODS and not pinned)
        try:
            response = self.get_response(request)
        finally:
            _reads_may_use_replica.reset(token)
        if request.method not in SAFE_METHODS:
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                str(int(now + seconds) + 1),
                max_age=seconds + 1,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def _pinned_until(request) -> float:
    try:
        return float(request.COOKIES.get(PIN_COOKIE, 0))
    except ValueError:
        return 0.0
