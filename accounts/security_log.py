"""The security log: written from Django's and django-axes' sign-in signals, and when
access to an object is refused."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.models import SecurityEvent

RETENTION_DAYS = 366  # at least twelve months


def record(
    kind: str, request=None, *, user=None, username: str = "", subject: str = ""
) -> SecurityEvent:
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        subject=subject[:150],
        ip_address=request.META.get("REMOTE_ADDR") if request is not None else None,
        path=request.get_full_path()[:500] if request is not None else "",
    )


def record_each(kind: str, request=None, *, user, subjects: list[str]) -> list[SecurityEvent]:
    """One entry per subject, done by ``user`` at once (in one query)."""
    return SecurityEvent.objects.bulk_create(
        SecurityEvent(
            kind=kind,
            user=user,
            username=user.get_username()[:150],
            subject=subject[:150],
            ip_address=request.META.get("REMOTE_ADDR") if request is not None else None,
            path=request.get_full_path()[:500] if request is not None else "",
        )
        for subject in subjects
    )


@receiver(user_logged_in, dispatch_uid="security_log_signed_in")
def _signed_in(sender, request, user, **kwargs):
    record(SecurityEvent.Kind.SIGNED_IN, request, user=user)


@receiver(user_logged_out, dispatch_uid="security_log_signed_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(SecurityEvent.Kind.SIGNED_OUT, request, user=user)


@receiver(user_login_failed, dispatch_uid="security_log_failed")
def _failed(sender, credentials, request=None, **kwargs):
    record(SecurityEvent.Kind.SIGN_IN_FAILED, request, username=credentials.get("username", ""))


def connect_axes() -> None:
    from axes.signals import user_locked_out

    @receiver(user_locked_out, dispatch_uid="security_log_locked_out")
    def _locked_out(sender, request, username, ip_address, **kwargs):
        record(SecurityEvent.Kind.LOCKED_OUT, request, username=username or "")
