"""Signing in with a user name and password, and loading the signed-in user on each
request with what every page asks of them next: whether they have a confirmed
two-factor device (``has_confirmed_device``), in the same query."""

from __future__ import annotations

import functools

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
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
        from django.contrib.auth import get_user_model

        devices = {
            f"has_{model._meta.model_name}": Exists(
                model.objects.filter(user_id=OuterRef("pk"), confirmed=True)
            )
            for model in _device_models()
        }
        try:
            user = get_user_model()._default_manager.annotate(**devices).get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        user.has_confirmed_device = any(getattr(user, name) for name in devices)
        return user if self.user_can_authenticate(user) else None


def has_confirmed_device(user) -> bool:
    """``django_otp.user_has_device``, without a query when the user was loaded by
    ``UserBackend``."""
    known = getattr(user, "has_confirmed_device", None)
    if known is not None:
        return known
    return user_has_device(user)
