"""Sessions end after SESSION_IDLE_MINUTES without a request, and after SESSION_MAX_HOURS in
all, however active they are."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

SIGNED_IN_AT = "signed_in_at"
TOUCHED_AT = "touched_at"


def stamp_new_session(sender, request, user, **kwargs) -> None:
    """A session starts with its stamps (connected to ``user_logged_in``): signing in saves
    the session anyway, so the first page after it need not save it again."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session.setdefault(SIGNED_IN_AT, now)
        request.session[TOUCHED_AT] = now


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            if started is None:
                request.session[SIGNED_IN_AT] = time.time()
            elif time.time() - started > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect(settings.LOGIN_URL)
            # The idle timeout slides with activity: saving the session renews its expiry
            # (and its cookie's). Once a minute is enough; saving on every request cost
            # three database round trips on every page.
            # Never past the cap, however active: near its end the session expires with it.
            now = time.time()
            if now - request.session.get(TOUCHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[TOUCHED_AT] = now
                left = request.session[SIGNED_IN_AT] + settings.SESSION_MAX_HOURS * 3600 - now
                if left < settings.SESSION_COOKIE_AGE:
                    request.session.set_expiry(max(1, int(left)))
        return self.get_response(request)
