"""The language of the pages: Vietnamese (``settings.LANGUAGE_CODE``) for everyone,
whatever the browser says, unless the signed-in person chose another (``User.language``,
set from their account page or the footer's choice, ``accounts.services.choose_language``).

Replaces Django's ``LocaleMiddleware``, which follows the browser's ``Accept-Language``:
many office computers run an English browser, and their users read Vietnamese.
Before signing in (sign-in, password reset) the pages are Vietnamese, or the language
chosen in the footer of those pages (the language cookie, set only by that choice).
The signed-in user is read anyway by every page that needs one, and the column comes
with it (accounts/backends.py): choosing the language adds no query.
The page cache and the shared fragments key their pages by the active language
(giaoban/pagecache.py, giaoban/fragments.py), so a page kept for a reader in English is
never served to one in Vietnamese.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

CODES = frozenset(code for code, _name in settings.LANGUAGES)


def language_of(request) -> str:
    """The language of the pages for ``request``'s reader."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        chosen = getattr(user, "language", "")
        return chosen if chosen in CODES else settings.LANGUAGE_CODE
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in CODES else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activates the reader's language (``language_of``) for the request; placed after
    ``AuthenticationMiddleware``. The response says its language (``Content-Language``)
    and varies with the session cookie, never with ``Accept-Language``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_of(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
