"""Signing in with a user name and password, and loading the signed-in user on each
request with what every page asks of them next: whether they have a confirmed
two-factor device (``has_confirmed_device``) and how many notifications they have not
read (``unread_notifications``, the bell's count), in the same query."""

from __future__ import annotations

import functools

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django_otp import user_has_device


@functools.cache
def _device_models():
    """The models of the installed django-otp plugins (TOTP here)."""
    from django.apps import apps
    from django_otp.models import Device

    return [
        model
        for model in apps.get_models()
        if issubclass(model, Device) and not model._meta.abstract
    ]


class UserBackend(ModelBackend):
    """Django's ``ModelBackend``, whose ``get_user`` also answers "has this user a
    confirmed device?" (``user_has_device``) in the query that loads them.

    ``ModelBackend`` stays listed after it, for sessions signed in before it (a session
    names the backend that signed it in). So that a wrong password or an unknown name is
    not checked again by ``ModelBackend`` (a second password hash per try), a sign-in
    this backend refuses stops there: ``PermissionDenied`` ends Django's ``authenticate``
    with the same answer and the same ``user_login_failed`` signal."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            raise PermissionDenied
        return user

    def get_user(self, user_id):
        if type(user_id) is int:
            # Compiled once per process (giaoban/compiled.py): every signed-in request
            # loads its user.
            found = _users().fetch(pk=user_id)
        else:
            found = list(_users_with_devices(pk=user_id))
        if not found:
            return None
        user = found[0]
        user.has_confirmed_device = any(getattr(user, name) for name in _device_flags())
        return user if self.user_can_authenticate(user) else None


def _device_flags() -> list[str]:
    """The annotations saying whether a user has a confirmed device of each model."""
    return [f"has_{model._meta.model_name}" for model in _device_models()]


def _users_with_devices(pk):
    """The user ``pk``, each of ``_device_flags`` annotated (``UserBackend.get_user``)."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    devices = {
        f"has_{model._meta.model_name}": Exists(
            model.objects.filter(user_id=OuterRef("pk"), confirmed=True)
        )
        for model in _device_models()
    }
    # The bell's count (notifications/queries.py), in the same query: no page pays a
    # query, nor a cache, for it. By name: the notifications app builds on this one.
    notification = apps.get_model("notifications", "Notification")
    unread = (
        notification.objects.filter(user_id=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        get_user_model()
        ._default_manager.annotate(**devices)
        .annotate(unread_notifications=Coalesce(Subquery(unread), 0))
        .filter(pk=pk)
    )


@functools.cache
def _users():
    """``_users_with_devices``, compiled (made at the first request: the user model and
    the device models are known once the apps are loaded)."""
    from giaoban.compiled import CompiledQuery

    return CompiledQuery(_users_with_devices, pk=int)


def has_confirmed_device(user) -> bool:
    """``django_otp.user_has_device``, without a query when the user was loaded by
    ``UserBackend``."""
    known = getattr(user, "has_confirmed_device", None)
    if known is not None:
        return known
    return user_has_device(user)
