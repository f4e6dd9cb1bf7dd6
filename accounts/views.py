"""Sign-in and password pages, and the list of one's own signed-in sessions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST, require_safe

from accounts import browsers, kept_forms, services
from accounts.forms import LoginForm
from accounts.models import UserSession
from accounts.redirects import next_url


class SignInView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self) -> str:
        return next_url(self.request, default="")

    def get_success_url(self) -> str:
        # Signed in without a page to go to: a form kept when the session ended waits.
        if not self.get_redirect_url():
            waiting = kept_forms.waiting_page(self.request, self.request.user)
            if waiting:
                return waiting
        return super().get_success_url()

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_sign_in(request=self.request, user=form.get_user())
        return response


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Writes the new password and nothing else of the account (a full save would write
    back a name or a title changed by an admin since the page was read)."""

    def save(self, commit=True):
        user = super().save(commit=False)
        if commit:
            services.store_password(user=user)
        return user


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def form_valid(self, form):
        response = super().form_valid(form)
        # A new password ends every other session of this person (this one continues).
        services.end_sessions(user=self.request.user, keep=self.request.session.session_key)
        return response


@require_safe
@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    sessions = list(UserSession.objects.filter(user=request.user, session_key__in=live))
    for session in sessions:
        session.browser = browsers.describe(session.user_agent)
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
    if key.isascii() and key.isalnum() and services.end_sessions(user=request.user, only=key):
        messages.success(request, _("That session has been ended."))
    return redirect("sessions")


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language`` (the footer's choice, which sets the language cookie read
    before signing in); for a signed-in person the choice is also stored on them
    (accounts/language.py reads it, never the cookie, once they are signed in)."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated and language in LANGUAGES:
        services.choose_language(user=request.user, language=language)
    return response


LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """Someone is typing into a form: their session goes on (the idle limit restarts,
    within the cap; see accounts.middleware.SessionLifetimeMiddleware). Nothing else."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("You have been signed out.")}, status=401)
    return HttpResponse(status=204)
