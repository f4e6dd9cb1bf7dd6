"""Notifications are written here only: by the services where the events happen
(a report returned, a directive assigned, a deadline near, a proposal answered), and
read by their person."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from giaoban.pagecache import noticed
from notifications.models import Notification
from organizations.models import Role, RoleKind


def reporters_of(organization_ids: Iterable[int]) -> dict[int, set[int]]:
    """The active reporters of each organization (one query): organization id → user ids."""
    found: dict[int, set[int]] = {}
    rows = (
        Role.objects.active()
        .filter(
            kind=RoleKind.REPORTER,
            organization_id__in=set(organization_ids),
            user__is_active=True,
        )
        .values_list("organization_id", "user_id")
    )
    for organization_id, user_id in rows:
        found.setdefault(organization_id, set()).add(user_id)
    return found


def _changed(user_ids: set[int]) -> None:
    """Their kept pages are rendered again (their bell's count is read with them at each
    request, accounts/backends.py)."""
    if user_ids:
        noticed(user_ids)


def notify(*, user_ids: Iterable[int], kind: str, text: str, url: str) -> int:
    """One notification for each of ``user_ids`` (in one statement); returns how many."""
    return notify_many([(user_ids, kind, text, url)])


@transaction.atomic
def notify_many(messages: Iterable[tuple[Iterable[int], str, str, str]]) -> int:
    """Each message (``user_ids``, kind, text, url) to each of its people, all in one
    statement however many messages and people; returns how many were written."""
    now = timezone.now()
    rows = [
        Notification(user_id=pk, kind=kind, text=text[:500], url=url, created_at=now)
        for user_ids, kind, text, url in messages
        for pk in sorted(set(user_ids))
    ]
    if not rows:
        return 0
    Notification.objects.bulk_create(rows)
    _changed({row.user_id for row in rows})
    return len(rows)


@transaction.atomic
def mark_read(*, notification_id: int, user) -> bool:
    """Mark one of ``user``'s own notifications read; False if it is not theirs or was read."""
    done = (
        Notification.objects.filter(pk=notification_id, user=user)
        .unread()
        .update(read_at=timezone.now())
    )
    if done:
        _changed({user.pk})
    return bool(done)


@transaction.atomic
def mark_all_read(*, user) -> int:
    """Mark all of ``user``'s notifications read; returns how many were unread."""
    done = Notification.objects.filter(user=user).unread().update(read_at=timezone.now())
    if done:
        _changed({user.pk})
    return done


@transaction.atomic
def mark_read_for(*, user_ids: Iterable[int], kinds: Iterable[str], url: str) -> int:
    """Mark read the unread notifications of ``kinds`` about ``url`` of ``user_ids`` (what
    they told is over: a returned or overdue report submitted), in one statement; returns
    how many."""
    users = set(user_ids)
    if not users:
        return 0
    done = (
        Notification.objects.filter(user_id__in=users, kind__in=list(kinds), url=url)
        .unread()
        .update(read_at=timezone.now())
    )
    if done:
        _changed(users)
    return done
