"""The menu, messages and footer of every page (``base.html``), written in Python.

Written by the template engine, these cost about a millisecond on every page: some
thirty translated labels, a dozen conditions and as many lookups, the loop over the
languages. Here the labels and the parts no reader changes are resolved once per
language and script prefix; what depends on the reader and the page (their name, the
active entry, the search box's text, the form tokens, the messages) is filled in and
escaped at each page. The markup is the one the template wrote
(``tests/test_chrome.py`` compares them).
"""

from __future__ import annotations

import functools

from django import template
from django.conf import settings
from django.urls import get_script_prefix
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, gettext, gettext_noop

from giaoban.navigation import addresses
from giaoban.rowhtml import csrf_input
from notifications.queries import unread_count
from organizations.access import access_for

register = template.Library()


@functools.lru_cache(maxsize=8)  # a few script prefixes (and languages) at most
def _parts(language: str, prefix: str) -> dict[str, str]:
    """What every page in ``language`` under ``prefix`` shows alike: labels translated,
    addresses reversed, languages listed. Escaped, ready to join."""
    nav = {key: escape(value) for key, value in addresses(None)["nav"].items()}
    t = {key: escape(gettext(text)) for key, text in LABELS.items()}
    options = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        options.append((code, escape(capfirst(info["name_local"]))))
    return {"nav": nav, "t": t, "languages": options}


LABELS = {
    "main_navigation": gettext_noop("Main navigation"),
    "app": gettext_noop("Liaison meetings"),
    "open_menu": gettext_noop("Open the menu"),
    "home": gettext_noop("Home"),
    "meetings": gettext_noop("Meetings"),
    "directives": gettext_noop("Directives"),
    "proposals": gettext_noop("Proposals"),
    "organizations": gettext_noop("Organizations"),
    "administration": gettext_noop("Administration"),
    "system": gettext_noop("System"),
    "search": gettext_noop("Search"),
    "search_placeholder": gettext_noop("Search the meetings"),
    "signed_in_as": gettext_noop("Signed in as"),
    "account": gettext_noop("Your account"),
    "password": gettext_noop("Change password"),
    "sessions": gettext_noop("Where you are signed in"),
    "two_factor": gettext_noop("Two-factor sign-in"),
    "sign_out": gettext_noop("Sign out"),
    "close": gettext_noop("Close"),
    "footer": gettext_noop(
        "Liaison meetings of the Party committee with the Fatherland Front and "
        "the socio-political organizations"
    ),
    "language": gettext_noop("Language"),
    "change": gettext_noop("Change"),
    "bold": gettext_noop("Bold"),
    "italic": gettext_noop("Italic"),
    "bullets": gettext_noop("Bulleted list"),
    "numbers": gettext_noop("Numbered list"),
    "notifications": gettext_noop("Notifications"),
    "unread": gettext_noop("unread"),
}
# A bell (outline), drawn inline: no icon font to load.
BELL = (
    '<svg class="bell-icon" width="18" height="18" viewBox="0 0 16 16" aria-hidden="true" '
    'focusable="false"><path fill="currentColor" d="M8 16a2 2 0 0 0 2-2H6a2 2 0 0 0 2 2M8 '
    "1.92l-.8.16A4 4 0 0 0 4 6c0 .63-.13 2.2-.46 3.75-.16.76-.38 1.56-.66 2.25h10.24c-.28-.69"
    "-.5-1.49-.66-2.25C12.13 8.2 12 6.63 12 6a4 4 0 0 0-3.2-3.92zM14.22 12c.22.45.48.8.78 "
    "1H1c.3-.2.56-.55.78-1C2.68 10.2 3 6.88 3 6c0-2.42 1.72-4.44 4-4.9a1 1 0 1 1 2 0A5 5 0 0 "
    '1 13 6c0 .88.32 4.2 1.22 6"/></svg>'
)


def _bell(nav: dict, t: dict, request, user, path: str) -> str:
    """The bell: the reader's unread notifications (a count kept in the cache, read before
    the view by ``notifications.middleware``; kept pages hold it under the reader's
    ``NOTICES`` stamp, ``giaoban/pagecache.py``)."""
    count = getattr(request, "unread_notifications", None)
    if count is None:  # a form shown again after a POST
        count = unread_count(user)
    here = path == addresses(None)["nav"]["notifications_list"]
    badge = (
        f'<span class="badge rounded-pill bell-count">{count}</span>'
        f'<span class="visually-hidden">{count} {t["unread"]}</span>'
        if count
        else ""
    )
    return (
        f'<li class="nav-item"><a class="nav-link bell{_active(here)}" '
        f'href="{nav["notifications_list"]}" title="{t["notifications"]}">{BELL}'
        f'<span class="bell-label">{t["notifications"]}</span>{badge}</a></li>\n'
    )


def _current() -> dict:
    return _parts(get_language() or "", get_script_prefix())


def _signed_in(context) -> bool:
    user = context.get("user")
    return user is not None and user.is_authenticated


def _path(context) -> str:
    request = context.get("request")
    return request.path if request is not None else ""


@register.simple_tag(takes_context=True)
def html_attributes(context) -> str:
    """The attributes of ``<html>``: the language, the rich text editor's labels, and for
    a signed-in reader the address and pace of the session's keep-alive."""
    t = _current()["t"]
    html = (
        f'lang="{escape(get_language())}" data-rt-bold="{t["bold"]}" '
        f'data-rt-italic="{t["italic"]}" data-rt-bullets="{t["bullets"]}" '
        f'data-rt-numbers="{t["numbers"]}"'
    )
    if _signed_in(context):
        html += (
            f' data-keep-alive="{_current()["nav"]["keep_alive"]}"'
            f' data-keep-alive-seconds="{escape(context.get("keep_alive_seconds", ""))}"'
        )
    return mark_safe(html)


def _active(condition: bool) -> str:
    return " active" if condition else ""


@register.simple_tag(takes_context=True)
def navbar_start(context) -> str:
    """The menu bar up to the page's own menu entries (``{% block nav_items %}``)."""
    parts = _current()
    nav, t = parts["nav"], parts["t"]
    html = [
        '<nav class="navbar navbar-expand-lg navbar-dark app-navbar d-print-none" '
        f'aria-label="{t["main_navigation"]}">\n<div class="container-xl">\n'
        f'<a class="navbar-brand" href="{nav["home"]}">\n'
        '<span class="brand-mark" aria-hidden="true">★</span>\n'
        f'<span class="brand-text">{t["app"]}</span>\n</a>\n'
    ]
    if not _signed_in(context):
        return mark_safe("".join(html))
    path = _path(context)
    raw = addresses(None)["nav"]
    home = path == raw["home"]
    html.append(
        '<button class="navbar-toggler" type="button" data-bs-toggle="collapse" '
        'data-bs-target="#main-nav"\naria-controls="main-nav" aria-expanded="false" '
        f'aria-label="{t["open_menu"]}">\n<span class="navbar-toggler-icon"></span>\n'
        '</button>\n<div class="collapse navbar-collapse" id="main-nav">\n'
        '<ul class="navbar-nav me-auto">\n'
        f'<li class="nav-item"><a class="nav-link{_active(home)}" '
        f"{'aria-current=' + chr(34) + 'page' + chr(34) + ' ' if home else ''}"
        f'href="{nav["home"]}">{t["home"]}</a></li>\n'
        f'<li class="nav-item"><a class="nav-link'
        f'{_active(raw["meetings_list"] in path and not context.get("in_administration"))}" '
        f'href="{nav["meetings_list"]}">{t["meetings"]}</a></li>\n'
        f'<li class="nav-item"><a class="nav-link{_active(raw["tracking_board"] in path)}" '
        f'href="{nav["tracking_board"]}">{t["directives"]}</a></li>\n'
    )
    if access_for(context["user"]).reads_any_proposals():
        html.append(
            f'<li class="nav-item"><a class="nav-link'
            f'{_active(raw["tracking_proposals"] in path)}" '
            f'href="{nav["tracking_proposals"]}">{t["proposals"]}</a></li>\n'
        )
    organizations = raw["organizations_list"] in path and raw["organizations_manage"] not in path
    html.append(
        f'<li class="nav-item"><a class="nav-link{_active(organizations)}" '
        f'href="{nav["organizations_list"]}">{t["organizations"]}</a></li>\n'
    )
    return mark_safe("".join(html))


@register.simple_tag(takes_context=True)
def navbar_end(context) -> str:
    """The menu bar after the page's own menu entries."""
    parts = _current()
    nav, t = parts["nav"], parts["t"]
    if not _signed_in(context):
        return mark_safe("</div>\n</nav>\n")
    request, user = context.get("request"), context["user"]
    raw = addresses(None)["nav"]
    path = _path(context)
    match = getattr(request, "resolver_match", None)
    html = []
    if access_for(user).is_admin():
        active = (
            raw["organizations_manage"] in path
            or (match is not None and match.url_name == "profile")
            or bool(context.get("in_administration"))
        )
        html.append(
            f'<li class="nav-item"><a class="nav-link{_active(active)}" '
            f'href="{nav["organizations_manage"]}">{t["administration"]}</a></li>\n'
        )
    if user.is_superuser:
        html.append(
            f'<li class="nav-item"><a class="nav-link" href="{nav["admin_index"]}">'
            f"{t['system']}</a></li>\n"
        )
    searched = ""
    if match is not None and match.app_name == "search":
        searched = escape(request.GET.get("q", ""))
    html.append(
        "</ul>\n"
        '<form class="d-flex me-lg-2 my-2 my-lg-0" role="search" method="get" '
        f'action="{nav["search_results"]}">\n'
        f'<label for="nav-search" class="visually-hidden">{t["search"]}</label>\n'
        '<input id="nav-search" class="form-control form-control-sm" type="search" '
        f'name="q" maxlength="200" value="{searched}" '
        f'placeholder="{t["search_placeholder"]}">\n</form>\n'
        '<ul class="navbar-nav">\n'
        f"{_bell(nav, t, request, user, path)}"
        '<li class="nav-item dropdown">\n'
        '<a class="nav-link dropdown-toggle" href="#" id="user-menu" role="button" '
        'data-bs-toggle="dropdown" aria-expanded="false">\n'
        f"{escape(user.get_full_name())}\n</a>\n"
        '<ul class="dropdown-menu dropdown-menu-end" aria-labelledby="user-menu">\n'
        '<li><span class="dropdown-item-text small text-body-secondary">'
        f"{t['signed_in_as']} <strong>{escape(user.get_username())}</strong></span></li>\n"
        '<li><hr class="dropdown-divider"></li>\n'
        f'<li><a class="dropdown-item" href="{nav["account"]}">{t["account"]}</a></li>\n'
        f'<li><a class="dropdown-item" href="{nav["password_change"]}">{t["password"]}</a></li>\n'
        f'<li><a class="dropdown-item" href="{nav["sessions"]}">{t["sessions"]}</a></li>\n'
        f'<li><a class="dropdown-item" href="{nav["two_factor_setup"]}">'
        f"{t['two_factor']}</a></li>\n"
        f'<li>\n<form method="post" action="{nav["logout"]}">\n{csrf_input(context)}\n'
        f'<button type="submit" class="dropdown-item">{t["sign_out"]}</button>\n</form>\n</li>\n'
        "</ul>\n</li>\n</ul>\n</div>\n</div>\n</nav>\n"
    )
    return mark_safe("".join(html))


@register.simple_tag(takes_context=True)
def page_messages(context) -> str:
    """The messages left for this reader (saved, sent, refused…), as dismissible alerts."""
    messages = context.get("messages")
    if not messages:
        return ""
    close = _current()["t"]["close"]
    html = ['<div class="messages">\n']
    for message in messages:
        tags = message.tags
        kind = "danger" if tags == "error" else (tags or "info")
        html.append(
            f'<div class="alert alert-{escape(kind)} alert-dismissible fade show" role="alert">\n'
            f"{conditional_escape(str(message))}\n"
            '<button type="button" class="btn-close" data-bs-dismiss="alert" '
            f'aria-label="{close}"></button>\n</div>\n'
        )
    html.append("</div>\n")
    return mark_safe("".join(html))


@register.simple_tag(takes_context=True)
def page_footer(context) -> str:
    """The footer: the application's name and the choice of language."""
    parts = _current()
    nav, t = parts["nav"], parts["t"]
    request = context.get("request")
    current = get_language()
    following = escape(request.get_full_path()) if request is not None else ""
    options = "".join(
        f'<option value="{code}" lang="{code}"{" selected" if code == current else ""}>'
        f"{name}</option>\n"
        for code, name in parts["languages"]
    )
    return mark_safe(
        '<footer class="app-footer d-print-none">\n'
        '<div class="container-xl d-flex flex-wrap justify-content-between '
        'align-items-center gap-2">\n'
        f"<span>{t['footer']}</span>\n"
        f'<form action="{nav["set_language"]}" method="post" class="language-form d-flex '
        'align-items-center gap-2" data-leave-warning="off">\n'
        f"{csrf_input(context)}\n"
        f'<input name="next" type="hidden" value="{following}">\n'
        f'<label for="language-select" class="visually-hidden">{t["language"]}</label>\n'
        '<select name="language" id="language-select" class="form-select form-select-sm" '
        f"data-autosubmit>\n{options}</select>\n"
        '<noscript><button type="submit" class="btn btn-sm btn-outline-secondary">'
        f"{t['change']}</button></noscript>\n</form>\n</div>\n</footer>\n"
    )
