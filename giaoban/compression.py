"""Pages go out gzip-compressed when the browser accepts it.

Django's ``GZipMiddleware`` (Django 4.2 and later) mitigates BREACH ("Heal the
BREACH"): every compressed response carries up to 100 random bytes in the gzip header,
so the length of a page no longer tells an attacker whether a guessed secret matched.
The CSRF token is masked anew in each page besides.

Only text (pages, JSON, the rare text file): downloads (.docx, .xlsx, signed scans,
uploaded files) are already compressed formats and are streamed; compressing them again
costs CPU, saves nothing and drops their Content-Length. Static files are WhiteNoise's,
served above this middleware with their own pre-compressed copies.
"""

from __future__ import annotations

from django.middleware.gzip import GZipMiddleware

TEXT_TYPES = ("text/", "application/json", "application/javascript", "image/svg+xml")


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if response.streaming or not response.get("Content-Type", "").startswith(TEXT_TYPES):
            return response
        return super().process_response(request, response)
