"""The addresses of the menu and footer of every page (``base.html``), reversed once per
process and script prefix instead of at each page (16 ``{% url %}`` a page)."""

from __future__ import annotations

import functools

from django.urls import get_script_prefix, reverse

NAMES = (
    "home",
    "meetings:list",
    "tracking:board",
    "tracking:proposals",
    "organizations:list",
    "organizations:manage",
    "admin:index",
    "search:results",
    "account",
    "password_change",
    "sessions",
    "two_factor_setup",
    "logout",
    "set_language",
    "keep_alive",
    "notifications:list",
)


@functools.lru_cache(maxsize=8)  # a few script prefixes (and languages) at most
def _addresses(prefix: str) -> dict[str, str]:
    return {name.replace(":", "_"): reverse(name) for name in NAMES}


def addresses(request) -> dict:
    """Context processor: ``nav.home``, ``nav.meetings_list``… (``:`` becomes ``_``)."""
    return {"nav": _addresses(get_script_prefix())}
