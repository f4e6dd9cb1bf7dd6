"""Writes about accounts: a sign-in's session, ending sessions, setting up two-factor
sign-in, pruning the security log. Pages and commands call these; none writes itself."""

from __future__ import annotations

import datetime as dt
import time
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import SIGNED_IN_AT
from accounts.models import SecurityEvent, User, UserSession


@transaction.atomic
def record_sign_in(*, request: HttpRequest, user: User) -> UserSession:
    """After a sign-in: the session notes when it started and is listed among the person's
    sessions (with the address and browser), so that it can be ended from elsewhere."""
    session = request.session
    session[SIGNED_IN_AT] = time.time()
    session.save()
    row, _created = UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "ip_address": request.META.get("REMOTE_ADDR"),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        },
    )
    return row


@transaction.atomic
def end_sessions(*, user: User, keep: str | None = None, only: str | None = None) -> int:
    """End ``user``'s sessions (all but ``keep``, or only ``only``); returns how many."""
    rows = UserSession.objects.filter(user=user)
    if keep:
        rows = rows.exclude(session_key=keep)
    if only:
        rows = rows.filter(session_key=only)
    keys = list(rows.values_list("session_key", flat=True))
    # Through the session engine, so that a cached copy (Redis) ends with the row.
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    for key in keys:  # a person has a handful of sessions
        store.delete(key)
    rows.delete()
    return len(keys)


@transaction.atomic
def start_two_factor(*, user: User, name: str) -> TOTPDevice:
    """The phone app being set up: the one not yet confirmed, or a new one."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=False)
    return device


@transaction.atomic
def confirm_two_factor(*, device: TOTPDevice) -> TOTPDevice:
    """The app gave a right code: from now on, each sign-in asks for one."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def prune_security_log(*, older_than_days: int) -> int:
    """Delete the security log's entries older than that; returns how many."""
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    deleted, _details = SecurityEvent.objects.filter(created_at__lt=cutoff).delete()
    return deleted


@transaction.atomic
def store_password(*, user: User) -> None:
    """Write the password just set on ``user`` (``set_password``) and nothing else of the
    account: a full save would write back a name or a title an admin changed since the
    page was read. No page shows it, so no page changes."""
    user.save(update_fields=["password"])


@transaction.atomic
def choose_language(*, user: User, language: str) -> bool:
    """Store the language ``user`` reads the pages in (one of ``settings.LANGUAGES``) and
    nothing else of the account; returns whether it changed. Cached pages and fragments
    are kept per language (giaoban/pagecache.py), so none needs to be told."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValueError(f"Unknown language: {language!r}")
    if user.language == language:
        return False
    user.language = language
    user.save(update_fields=["language"])
    return True
