"""A form refused because the session or the form's token had expired is not lost.

Someone types a report for twenty minutes, the 15-minute idle limit ends the session, and
"Save" leads to the sign-in page (or to "403 The form has expired"). The form they sent is
kept on the server (its tokens and anything secret left out, files never, bounded in size,
for ``GIAOBAN_KEPT_FORM_HOURS``); once they have signed in again, the form's page opens
with their text filled in and a notice asking them to check it and save again. Nothing is
saved for them.

Only the browser that sent the form gets it back: each browser where someone signed in
holds a signed cookie with a random id and the id of who signed in there. A form is kept
only for such a browser (a visitor who never signed in cannot fill the table), and given
back only there, and only to the person who had signed in there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.drafts import size_of, typed_fields
from accounts.models import KeptForm

BROWSER_COOKIE = "giaoban_browser"
PENDING_COOKIE = "giaoban_kept"
SALT = "accounts.kept_forms.browser"
# Requests made by the page's own scripts (drafts, keep-alive) are never kept.
BACKGROUND_HEADER = "HTTP_X_REQUESTED_WITH"
# Forms whose content is not typed text, or is a secret.
NOT_KEPT = frozenset({"login", "logout", "set_language", "two_factor_verify", "password_change"})
PER_BROWSER = 5


def _browser(request: HttpRequest) -> dict | None:
    """The browser's id and who last signed in with it, if its cookie is ours."""
    value = request.COOKIES.get(BROWSER_COOKIE)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=SALT)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and "b" in data else None


def _hash(browser_id: str) -> str:
    return hashlib.sha256(browser_id.encode()).hexdigest()


def _lifetime() -> int:
    return (settings.SESSION_MAX_HOURS + settings.GIAOBAN_KEPT_FORM_HOURS) * 3600


def _set_cookie(response: HttpResponse, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _may_keep(request: HttpRequest) -> bool:
    if request.method != "POST" or request.META.get(BACKGROUND_HEADER):
        return False
    if len(request.path) > KeptForm._meta.get_field("path").max_length:
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.url_name not in NOT_KEPT and match.namespace != "admin"


def keep(request: HttpRequest, response: HttpResponse, *, user_id: int | None) -> bool:
    """Keep the form ``request`` sent, for the browser that sent it; True if kept."""
    browser = _browser(request)
    if browser is None or not _may_keep(request):
        return False
    fields = typed_fields(request.POST)
    if not any(value.strip() for _name, value in fields):
        return False
    if size_of(fields) > settings.GIAOBAN_DRAFT_MAX_KB * 1024:
        return False
    now = timezone.now()
    owner = _hash(browser["b"])
    KeptForm.objects.filter(expires_at__lte=now).delete()
    KeptForm.objects.update_or_create(
        browser=owner,
        path=request.path,
        defaults={
            "user_id": user_id or browser.get("u"),
            "fields": fields,
            "expires_at": now + dt.timedelta(hours=settings.GIAOBAN_KEPT_FORM_HOURS),
        },
    )
    surplus = KeptForm.objects.filter(browser=owner).order_by("-kept_at")[PER_BROWSER:]
    KeptForm.objects.filter(pk__in=list(surplus.values_list("pk", flat=True))).delete()
    _set_cookie(response, PENDING_COOKIE, "1", settings.GIAOBAN_KEPT_FORM_HOURS * 3600)
    return True


def _kept_for(request: HttpRequest) -> KeptForm | None:
    """The form kept for this page, this browser and this person, if any."""
    browser = _browser(request)
    if browser is None:
        return None
    kept = KeptForm.objects.filter(
        browser=_hash(browser["b"]), path=request.path, expires_at__gt=timezone.now()
    ).first()
    if kept is None or (kept.user_id is not None and kept.user_id != request.user.pk):
        return None
    return kept


def waiting_page(request: HttpRequest, user) -> str:
    """After signing in without a page to go to: the page of a form kept for this browser
    and this person, if any ("" if none)."""
    browser = _browser(request)
    if browser is None or PENDING_COOKIE not in request.COOKIES:
        return ""
    kept = (
        KeptForm.objects.filter(
            browser=_hash(browser["b"]), user=user, expires_at__gt=timezone.now()
        )
        .order_by("-kept_at")
        .first()
    )
    return kept.path if kept else ""


def _to_sign_in(response: HttpResponse) -> bool:
    login = resolve_url(settings.LOGIN_URL)
    return response.status_code == 302 and response.get("Location", "").startswith(login)


class KeptFormMiddleware:
    """Keeps a form sent to a session that had ended; gives it back on the form's page.

    Placed before ``SessionLifetimeMiddleware``, which ends sessions that are too old."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        user_id = user.pk if user.is_authenticated else None
        request.kept_form = None
        if request.method == "GET" and user_id and PENDING_COOKIE in request.COOKIES:
            request.kept_form = _kept_for(request)
            if request.kept_form is not None:
                # Also keeps the page out of the page cache (giaoban/pagecache.py).
                messages.warning(
                    request,
                    _(
                        "This form was not saved when you sent it: your session or the "
                        "form had expired. What you typed has been filled in again below; "
                        "check it, then save. Nothing has been saved yet."
                    ),
                )
        response = self.get_response(request)
        if request.method == "POST" and _to_sign_in(response):
            if keep(request, response, user_id=user_id):
                messages.info(
                    request,
                    _(
                        "Your session had ended, so the form was not saved. What you typed "
                        "has been kept: sign in again and it will be filled in for you."
                    ),
                )
        elif (
            request.kept_form is not None
            and getattr(request, "kept_form_shown", False)
            and response.status_code == 200
        ):
            # Given back once: the page now holds it (and its draft, for reports).
            request.kept_form.delete()
            if not KeptForm.objects.filter(browser=request.kept_form.browser).exists():
                response.delete_cookie(PENDING_COOKIE, samesite="Lax")
        self._remember_browser(request, response)
        return response

    @staticmethod
    def _remember_browser(request: HttpRequest, response: HttpResponse) -> None:
        """Each browser where someone is signed in holds the cookie naming it and them."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        browser = _browser(request)
        if browser is not None and browser.get("u") == user.pk:
            return
        value = signing.dumps({"b": secrets.token_urlsafe(24), "u": user.pk}, salt=SALT)
        _set_cookie(response, BROWSER_COOKIE, value, _lifetime())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form has expired (CSRF): say so, and keep what was typed in it."""
    signed_in = request.user.is_authenticated
    response = HttpResponse(status=403)
    kept = keep(request, response, user_id=request.user.pk if signed_in else None)
    response.content = loader.render_to_string(
        "403_csrf.html",
        {"kept": kept, "form_path": request.path, "signed_in": signed_in},
        request,
    )
    return response


def typed_text(request: HttpRequest) -> dict:
    """Template context: the form to fill in again on this page, and the pace of drafts
    and keep-alives (base.html)."""
    kept = getattr(request, "kept_form", None)
    if kept is not None:
        request.kept_form_shown = True
    return {
        "kept_form_fields": kept.fields if kept is not None else None,
        "draft_seconds": settings.GIAOBAN_DRAFT_SECONDS,
        "keep_alive_seconds": settings.GIAOBAN_KEEP_ALIVE_SECONDS,
    }
