"""Where a form sends its visitor afterwards: the ``next`` it carries, only if it is a page
of this site (a link that names another site must not turn sign-in into a way there)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request: HttpRequest, default: str = "home") -> str:
    """The request's ``next`` (form field, else query string) when it is a page of this
    site, else ``default`` (a URL or a URL name; "" for none)."""
    target = (request.POST.get("next") or request.GET.get("next") or "").strip()
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default) if default else ""
