"""Sign-in and password pages, and the list of one's own signed-in sessions."""

from __future__ import annotations

import time
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.forms import LoginForm
from accounts.middleware import SIGNED_IN_AT
from accounts.models import UserSession
from accounts.redirects import next_url


class SignInView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self) -> str:
        return next_url(self.request, default="")

    def form_valid(self, form):
        response = super().form_valid(form)
        session = self.request.session
        session[SIGNED_IN_AT] = time.time()
        session.save()
        UserSession.objects.update_or_create(
            session_key=session.session_key,
            defaults={
                "user": form.get_user(),
                "ip_address": self.request.META.get("REMOTE_ADDR"),
                "user_agent": self.request.META.get("HTTP_USER_AGENT", "")[:300],
            },
        )
        return response


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Writes the new password and nothing else of the account (a full save would write
    back a name or a title changed by an admin since the page was read)."""

    def save(self, commit=True):
        user = super().save(commit=False)
        if commit:
            user.save(update_fields=["password"])
        return user


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def form_valid(self, form):
        response = super().form_valid(form)
        # A new password ends every other session of this person (this one continues).
        end_sessions(self.request.user, keep=self.request.session.session_key)
        return response


def end_sessions(user, *, keep: str | None = None, only: str | None = None) -> int:
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


@require_safe
@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    sessions = UserSession.objects.filter(user=request.user, session_key__in=live)
    return render(
        request,
        "accounts/sessions.html",
        {"sessions": sessions, "current": request.session.session_key},
    )


@login_required
@require_POST
def session_end(request: HttpRequest) -> HttpResponse:
    key = request.POST.get("session_key", "")
    if key == request.session.session_key:
        return redirect("logout")
    # A session key is letters and digits; anything else (even "") names no session.
    if key.isascii() and key.isalnum() and end_sessions(request.user, only=key):
        messages.success(request, _("That session has been ended."))
    return redirect("sessions")
