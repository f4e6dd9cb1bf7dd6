"""Pages kept ready between changes: a key page is rendered once, then served from the cache
until something its reader can see changes.

Each committee has a stamp (``PageStamp``): when its data last changed. A cached page is
filed under its reader, path, language, day and the stamps of the reader's committees and
the global one, so that any change anywhere a reader can see files the next request under
another key and the page is rendered afresh. Nothing is ever served from before a change.

What moves the stamps is the database itself, not a list of models to keep up to date:
``StampWriter`` watches every statement that writes a table the pages show
(``INSERT``/``UPDATE``/``DELETE``, bulk ones included). In a request, the writer's
committees are stamped once the view has returned (after its transaction committed,
so that a reader who sees the new stamp also sees the new rows); a superuser, an admin
or anyone without a role stamps the global one, which every key depends on. Outside a
request (management commands, the shell), every write stamps the global one in its
own transaction's course.

Readers see only the committees where they hold a role (``organizations.access``), and
nobody changes another committee's data without being an admin, so the stamps of the
reader's own committees and the global one are all a page depends on. Statuses that
turn overdue with the date are covered by the day in the key.

Per reader: pages hold the reader's name, rights and forms. The CSRF tokens in a cached
page are replaced by the requesting session's own at each serve. Pages with messages
waiting are not served from, nor put in, the cache. Superusers are not cached.
"""

from __future__ import annotations

import atexit
import contextvars
import hashlib
import logging
import os
import re
import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from accounts.submissions import new_token

logger = logging.getLogger(__name__)

GLOBAL = 0
# Tables whose writes change nothing a cached page shows.
IGNORED_TABLES = re.compile(
    r"^(django_session|django_admin_log|axes_|accounts_securityevent|giaoban_pagestamp|"
    r"otp_|tracking_reminder|accounts_formsubmission)"
)
# Signing in stamps the user's last sign-in, which no page shows.
SIGN_IN = re.compile(r'^UPDATE "accounts_user" SET "last_login" = \S+ WHERE "accounts_user"\."id"')
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)', re.I)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{32,64}"')
PLACEHOLDER = 'name="csrfmiddlewaretoken" value="__csrf__"'
# Forms' one-time tokens against double submission (accounts/submissions.py): each serve
# gets new ones, as each rendering would.
ONE_TIME = re.compile(r'name="submission_token" value="[0-9a-f]{32}"')
ONE_TIME_PLACEHOLDER = 'name="submission_token" value="__once__"'


# Set for the length of a request: the set of written tables goes here instead of
# stamping at once.
_request_writes: contextvars.ContextVar[set | None] = contextvars.ContextVar(
    "giaoban_request_writes", default=None
)


SKIPPED_FOLDERS = {".venv", ".git", "node_modules", "media", "staticfiles", "__pycache__"}


def _release() -> str:
    """Code, templates and translations of this deployment: pages kept by another release
    are not served (a template or a wording may have changed)."""
    digest = hashlib.sha1()
    for folder, folders, files in os.walk(settings.BASE_DIR):
        folders[:] = sorted(f for f in folders if f not in SKIPPED_FOLDERS)
        for name in sorted(files):
            if name.endswith((".py", ".html", ".mo")):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()[:12]


RELEASE = None


def release() -> str:
    global RELEASE
    if RELEASE is None:
        RELEASE = _release()
    return RELEASE


# --- stamps ----------------------------------------------------------------------------


def stamp(scopes) -> None:
    """Mark the committees ``scopes`` (ids; ``GLOBAL`` for everything) as changed now."""
    from giaoban.models import PageStamp

    now = time.time_ns()
    PageStamp.objects.bulk_create(
        [PageStamp(scope=scope, changed=now) for scope in sorted(set(scopes))],
        update_conflicts=True,
        unique_fields=["scope"],
        update_fields=["changed"],
    )


def scopes_of(user) -> list[int] | None:
    """The committees whose stamps a user's pages depend on, or None when the user's pages
    are not cached (superusers: they read every committee)."""
    from organizations.access import access_for

    access = access_for(user)
    if access.is_superuser:
        return None
    return sorted(access.committee_ids())


def written_scopes(user) -> list[int]:
    """The stamps a user's writes move."""
    from organizations.access import access_for
    from organizations.models import RoleKind

    if user is None or not getattr(user, "is_authenticated", False):
        return [GLOBAL]
    access = access_for(user)
    if access.is_superuser or not access.roles or access.committee_ids(RoleKind.ADMIN):
        return [GLOBAL]
    return sorted(access.committee_ids())


class StampWriter:
    """An execute wrapper on every database connection (installed by ``install``). Paused
    while ``migrate`` runs: the stamps' own table may not exist yet, and there is no page
    to keep until it has finished.

    Outside a request (commands, the shell), a write stamps the global scope: in a
    transaction, when it commits (once however many statements wrote); in autocommit,
    just before the connection's next statement or when the process exits (never in the
    middle of the statement, whose results may still be read). Either comes earlier if a
    cached page is looked up on the same connection (``flush_pending``), so that a
    transaction's own reads are never served a page from before its writes."""

    paused = False

    def __call__(self, execute, sql, params, many, context):
        if self.paused:
            return execute(sql, params, many, context)
        connection = context["connection"]
        if not connection.in_atomic_block:
            flush_pending(connection)  # the write before this statement is complete
        result = execute(sql, params, many, context)
        match = WRITE.match(sql) if sql[:1] in "IUDiud \n" else None
        if match and not IGNORED_TABLES.match(match.group(1)) and not SIGN_IN.match(sql):
            writes = _request_writes.get()
            if writes is not None:
                writes.add(match.group(1))
                return result
            connection.page_stamp_pending = True
            if connection.in_atomic_block:
                callback = getattr(connection, "page_stamp_callback", None)
                if callback is None:
                    callback = connection.page_stamp_callback = lambda: flush_pending(connection)
                # Once per transaction (again if a savepoint rolled back took it away).
                if not any(entry[1] is callback for entry in connection.run_on_commit):
                    transaction.on_commit(callback, using=connection.alias, robust=True)
        return result


def stamp_pending(connection) -> bool:
    """Whether the connection's transaction wrote and has not stamped yet."""
    return getattr(connection, "page_stamp_pending", False)


def flush_pending(connection) -> None:
    if getattr(connection, "page_stamp_pending", False):
        connection.page_stamp_pending = False
        stamp([GLOBAL])


def _flush_at_exit() -> None:
    for connection in connections.all(initialized_only=True):
        try:
            if not connection.in_atomic_block:
                flush_pending(connection)
        except Exception:  # the process is ending; the database may be gone
            logger.warning("could not stamp the last write", exc_info=True)


_writer = StampWriter()


def _install(sender, connection, **kwargs) -> None:
    if not any(wrapper is _writer for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(_writer)


def _pause(**kwargs) -> None:
    _writer.paused = True


def _resume(**kwargs) -> None:
    _writer.paused = False


def install() -> None:
    """Watch the writes of every connection, present and future (called from the app's
    ``ready``)."""
    connection_created.connect(_install, dispatch_uid="giaoban.pagecache")
    pre_migrate.connect(_pause, dispatch_uid="giaoban.pagecache.pause")
    post_migrate.connect(_resume, dispatch_uid="giaoban.pagecache.resume")
    atexit.register(_flush_at_exit)
    for alias in connections:
        _install(None, connections[alias])


class StampMiddleware:
    """After a request that wrote, stamp the committees of whoever wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes: set[str] = set()
        token = _request_writes.set(writes)
        try:
            response = self.get_response(request)
        finally:
            _request_writes.reset(token)
            if writes:
                stamp(written_scopes(getattr(request, "user", None)))
        return response


# --- cached pages ----------------------------------------------------------------------


def _key(request: HttpRequest, scopes: list[int]) -> str:
    from giaoban.models import PageStamp

    flush_pending(connections[DEFAULT_DB_ALIAS])
    stamps = dict(
        PageStamp.objects.filter(scope__in=[GLOBAL, *scopes]).values_list("scope", "changed")
    )
    parts = [
        release(),
        str(request.user.pk),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        request.get_full_path(),
        ",".join(f"{scope}:{stamps.get(scope, 0)}" for scope in [GLOBAL, *scopes]),
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def kept_between_changes(view):
    """Serve the view's page from the cache while nothing its reader can see has changed
    (GET only; 200 HTML responses only)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if (
            not getattr(settings, "PAGE_CACHE", True)
            or request.method != "GET"
            or not request.user.is_authenticated
            or len(messages.get_messages(request))
        ):
            return view(request, *args, **kwargs)
        scopes = scopes_of(request.user)
        if scopes is None:
            return view(request, *args, **kwargs)
        key = _key(request, scopes)
        try:
            cached = cache.get(key)
        except Exception:  # a cache that does not answer costs the rendering, nothing more
            logger.warning("page cache unavailable", exc_info=True)
            return view(request, *args, **kwargs)
        if cached is not None:
            headers, body = cached
            token = get_token(request)
            body = body.replace(PLACEHOLDER, PLACEHOLDER.replace("__csrf__", token))
            first, *rest = body.split(ONE_TIME_PLACEHOLDER)
            body = first + "".join(
                f'name="submission_token" value="{new_token()}"{part}' for part in rest
            )
            response = HttpResponse(body, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.cookies.get(settings.SESSION_COOKIE_NAME)
            and not len(messages.get_messages(request))
        ):
            body = TOKEN.sub(PLACEHOLDER, response.content.decode(response.charset))
            body = ONE_TIME.sub(ONE_TIME_PLACEHOLDER, body)
            headers = {
                name: value
                for name, value in response.items()
                if name.lower() not in ("content-length", "set-cookie")
            }
            try:
                cache.set(key, (headers, body), settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
        return response

    return wrapper
