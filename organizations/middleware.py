"""Two-factor sign-in: whoever has a phone app set up confirms each sign-in with a code,
and admins (who hold a role that organizations define) must set one up first. It lives
here, not in accounts, because the rule depends on roles: accounts imports no app above
it."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect

from accounts.backends import has_confirmed_device
from organizations.access import access_for


class TwoFactorMiddleware:
    """Whoever has a phone app set up confirms each sign-in with a code; admins must set one
    up before anything else."""

    ALWAYS_OPEN = ("two_factor_setup", "two_factor_verify", "logout", "set_language", "healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """After the URL is resolved (``request.resolver_match``), before the view."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.url_name in self.ALWAYS_OPEN or request.path_info.startswith(
            settings.STATIC_URL
        ):
            return None
        if has_confirmed_device(user):
            return redirect("two_factor_verify")
        # Admins (superusers, and those holding an admin role) manage users and roles.
        if settings.TWO_FACTOR_REQUIRED_FOR_ADMINS and access_for(user).is_admin():
            return redirect("two_factor_setup")
        return None
