"""Pages kept ready between changes: a key page is rendered once, then served from the cache
until something its reader can see changes.

Each committee has a stamp (``PageStamp``): when its data last changed. A cached page is
kept with its version: its reader, path and query string, language, day, the release,
and the stamps of the reader's committees and the global one, so that after any change
anywhere a reader can see, the next request finds another version and the page is
rendered afresh.

Bounded: each cached view declares the query parameters it reads; a request with any
other is rendered and not kept. Each reader has at most ``PAGE_CACHE_PER_READER`` places
(a page's hash picks one; a new version or another page replaces what was there), so no
query string, however made up, makes a reader keep more (``_key``). Redis itself is
bounded by ``maxmemory`` with ``allkeys-lru`` (docs/deploy.md).

What moves the stamps is the database itself, not a list of models to keep up to date:
``StampWriter`` watches every statement on every connection and tells writes from
reads (``INSERT``/``UPDATE``/``DELETE`` with their table, bulk ones included; any other
write, such as ``WITH … UPDATE``, ``TRUNCATE`` or DDL, counts as a write of everything).
In a request, the writer's committees are stamped once the view has returned, after its
transaction committed: a reader who sees the new stamp sees the new rows (one who read
the old stamp a moment before may keep the new rows under it, which is harmless). A
superuser, an admin or anyone without a role stamps the global scope, on which every
key depends. Outside a request (commands, the shell, other threads) a write stamps the
global scope: in a transaction, when it commits; in autocommit, at once. ``migrate``
stamps it when it ends. Writes made outside the application (psql) are not seen:
``manage.py stamp_pages`` after such a change.

Readers see only the committees where they hold a role (``organizations.access``), and
nobody changes another committee's data without being an admin, so the stamps of the
reader's own committees and the global one are all a page depends on. Statuses that
turn overdue with the date are covered by the day in the key.

Per reader: pages hold the reader's name, rights and forms. The CSRF and one-time
submission tokens in a cached page are replaced by new ones at each serve. Pages with
messages waiting are not served from, nor put in, the cache. Superusers are not cached.
"""

from __future__ import annotations

import atexit
import contextvars
import hashlib
import logging
import os
import re
import time
import uuid
from functools import wraps
from importlib import metadata

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

GLOBAL = 0
# Tables whose writes change nothing a cached page shows (sessions, sign-in records, the
# security log, reminders sent, forms' one-time tokens, these stamps), and third-party
# apps of the same kind.
IGNORED_TABLES = frozenset(
    {
        "django_session",
        "django_admin_log",
        "accounts_securityevent",
        "accounts_usersession",
        "accounts_formsubmission",
        "tracking_reminderlog",
        "giaoban_pagestamp",
    }
)
IGNORED_PREFIXES = ("axes_", "otp_")
# Signing in stamps the user's last sign-in, which no page shows.
SIGN_IN = re.compile(r'^UPDATE "accounts_user" SET "last_login" = \S+ WHERE "accounts_user"\."id"')
# Comments, blanks and parentheses before a statement's first word.
LEADING = re.compile(r"(?:\s+|\(|/\*.*?\*/|--[^\n]*(?:\n|$))*", re.S)
READ_ONLY = (
    "SELECT",
    "SET ",
    "SHOW",
    "SAVEPOINT",
    "RELEASE",
    "ROLLBACK",
    "BEGIN",
    "COMMIT",
    "PRAGMA",
    "EXPLAIN",
    "DECLARE",
    "FETCH",
    "CLOSE",
    "VALUES",
    "RESET",
    "ANALYZE",
    "VACUUM",
)
WRITING = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE)\b", re.I)
WRITE = re.compile(
    r'(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)',
    re.I,
)
UNKNOWN = "?"
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
# Packages whose templates or widgets write parts of our pages.
PAGE_PACKAGES = ("Django", "django-crispy-forms", "crispy-bootstrap5")


def _release() -> str:
    """What this deployment renders pages with: our code, templates, translations and
    static files (their hashed names are in the pages), and the packages that render
    forms. Pages kept by another release are not served; every server of one release
    computes the same value, so they share what they keep."""
    digest = hashlib.sha1()
    for package in PAGE_PACKAGES:
        digest.update(f"{package}={metadata.version(package)}".encode())
    base = str(settings.BASE_DIR)
    for folder, folders, files in os.walk(base):
        folders[:] = sorted(f for f in folders if f not in SKIPPED_FOLDERS)
        for name in sorted(files):
            if name.endswith((".py", ".html", ".mo", ".css", ".js", ".svg")):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, base).encode())
                with open(path, "rb") as handle:
                    digest.update(hashlib.sha1(handle.read()).digest())
    return digest.hexdigest()[:16]


RELEASE = None


def release() -> str:
    global RELEASE
    if RELEASE is None:
        RELEASE = _release()
    return RELEASE


# --- stamps ----------------------------------------------------------------------------


def stamp(scopes, using: str = DEFAULT_DB_ALIAS) -> None:
    """Mark the committees ``scopes`` (ids; ``GLOBAL`` for everything) as changed now."""
    from giaoban.models import PageStamp

    now = time.time_ns()
    PageStamp.objects.using(using).bulk_create(
        [PageStamp(scope=scope, changed=now) for scope in sorted(set(scopes))],
        update_conflicts=True,
        unique_fields=["scope"],
        update_fields=["changed"],
    )


def scopes_of(user) -> list[int] | None:
    """The committees whose stamps a user's pages depend on, or None when the user's pages
    are not cached. The access layer answers (``PAGE_CACHE_READ_SCOPES``): this module
    imports no app."""
    return import_string(settings.PAGE_CACHE_READ_SCOPES)(user)


def written_scopes(user) -> list[int]:
    """The stamps a user's writes move (``PAGE_CACHE_WRITE_SCOPES``)."""
    return import_string(settings.PAGE_CACHE_WRITE_SCOPES)(user)


def written_table(sql: str) -> str | None:
    """The table a statement writes, ``UNKNOWN`` for a write whose table is not plain to
    see (``WITH … UPDATE``, ``MERGE``, ``TRUNCATE``, DDL…), None for a statement that
    writes nothing."""
    body = sql[LEADING.match(sql).end() :]
    head = body[:10].upper()
    if head.startswith(READ_ONLY):
        return None
    if head.startswith("WITH") and not WRITING.search(body):
        return None
    match = WRITE.match(body)
    return match.group(1) if match else UNKNOWN


def _shows_on_pages(table: str, sql: str) -> bool:
    return not (table in IGNORED_TABLES or table.startswith(IGNORED_PREFIXES) or SIGN_IN.match(sql))


class StampWriter:
    """An execute wrapper on every database connection (installed by ``install``).

    In a request, the written tables are noted and ``StampMiddleware`` stamps the writer's
    committees once the view has returned. Outside a request (commands, the shell, other
    threads), a write stamps the global scope: in a transaction, when it commits (once
    however many statements wrote; earlier if a cached page is looked up on the same
    connection, so that a transaction's own reads never get a page from before its
    writes); in autocommit, at once. The one exception is an ``INSERT … RETURNING`` in
    autocommit on SQLite, whose rows are still to be read: it is stamped before the
    connection's next statement, or when the process exits."""

    def __call__(self, execute, sql, params, many, context):
        connection = context["connection"]
        if not connection.in_atomic_block:
            flush_pending(connection)  # an INSERT … RETURNING before this one is complete
        result = execute(sql, params, many, context)
        table = written_table(sql)
        if table is None or not _shows_on_pages(table, sql):
            return result
        writes = _request_writes.get()
        if writes is not None:
            writes.add(table)
            return result
        connection.page_stamp_pending = True
        if connection.in_atomic_block:
            callback = getattr(connection, "page_stamp_callback", None)
            if callback is None:
                callback = connection.page_stamp_callback = lambda: flush_pending(connection)
            # Once per transaction (again if a savepoint rolled back took it away).
            if not any(entry[1] is callback for entry in connection.run_on_commit):
                transaction.on_commit(callback, using=connection.alias, robust=True)
        elif not (connection.vendor == "sqlite" and "RETURNING" in sql):
            flush_pending(connection)
        return result


def stamp_pending(connection) -> bool:
    """Whether the connection wrote and has not stamped yet."""
    return getattr(connection, "page_stamp_pending", False)


def _stamps_table_exists(connection) -> bool:
    """False until ``migrate`` has created the stamps' table (then remembered)."""
    if not getattr(connection, "page_stamp_table", False):
        from giaoban.models import PageStamp

        connection.page_stamp_table = (
            PageStamp._meta.db_table in connection.introspection.table_names()
        )
    return connection.page_stamp_table


def flush_pending(connection) -> None:
    if getattr(connection, "page_stamp_pending", False):
        connection.page_stamp_pending = False
        if _stamps_table_exists(connection):
            stamp([GLOBAL], using=connection.alias)


def _flush_at_exit() -> None:
    for connection in connections.all(initialized_only=True):
        # Only on a connection still open and out of a transaction (one rolled back by
        # the end of the process wrote nothing).
        if connection.connection is None or connection.in_atomic_block:
            continue
        try:
            flush_pending(connection)
        except Exception:  # the process is ending; the database may be gone
            logger.warning("could not stamp the last write", exc_info=True)


_writer = StampWriter()


def _install(sender, connection, **kwargs) -> None:
    if not any(wrapper is _writer for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(_writer)


def _migrated(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Whatever ``migrate`` wrote (data migrations, or a migration rolled back) shows on
    pages rendered from now on."""
    if sender.name == "giaoban":
        connection = connections[using]
        connection.page_stamp_table = False  # looked up again: it may have just been made
        if _stamps_table_exists(connection):
            stamp([GLOBAL], using=using)


def install() -> None:
    """Watch the writes of every connection, present and future (called from the app's
    ``ready``)."""
    connection_created.connect(_install, dispatch_uid="giaoban.pagecache")
    post_migrate.connect(_migrated, dispatch_uid="giaoban.pagecache.migrated")
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


def _key(request: HttpRequest, scopes: list[int]) -> tuple[str, str]:
    """Where the request's page is kept, and the version it must have to be served.

    A reader has ``PAGE_CACHE_PER_READER`` places: the page (reader, language, path and
    query string) picks one by its hash, and a page kept there under another version, or
    another page that hashed to the same place, is replaced. So however many different
    query strings a reader sends, they keep at most that many pages, at no cost (no
    count to keep, no extra round trip); the rare two pages that share a place render
    again in turn."""
    from giaoban.models import PageStamp

    flush_pending(connections[DEFAULT_DB_ALIAS])
    stamps = dict(
        PageStamp.objects.filter(scope__in=[GLOBAL, *scopes]).values_list("scope", "changed")
    )
    page = "\n".join(
        [str(request.user.pk), translation.get_language() or "", request.get_full_path()]
    )
    place = int(hashlib.sha256(page.encode()).hexdigest()[:15], 16) % max(
        1, settings.PAGE_CACHE_PER_READER
    )
    version = [
        release(),
        page,
        timezone.localdate().isoformat(),
        ",".join(f"{scope}:{stamps.get(scope, 0)}" for scope in [GLOBAL, *scopes]),
    ]
    return (
        f"page:{request.user.pk}:{place}",
        hashlib.sha256("\n".join(version).encode()).hexdigest(),
    )


def kept_between_changes(view=None, *, params: tuple[str, ...] = ()):
    """Serve the view's page from the cache while nothing its reader can see has changed
    (GET only; 200 HTML responses only).

    ``params`` names the query parameters the view reads. A request with any other
    (``?utm_source=…``, anything a link or a visitor adds) is rendered and not kept: its
    page is what the view renders for that very address, and no number of made-up
    parameters adds a page to the cache. Values of the declared ones are bounded by the
    places of each reader (``_key``). Used bare, a view reads no query parameter."""
    if view is None:
        return lambda view: kept_between_changes(view, params=params)
    declared = frozenset(params)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if (
            not getattr(settings, "PAGE_CACHE", True)
            or request.method != "GET"
            or not request.user.is_authenticated
            or len(messages.get_messages(request))
            or not declared.issuperset(request.GET.keys())
        ):
            return view(request, *args, **kwargs)
        scopes = scopes_of(request.user)
        if scopes is None:
            return view(request, *args, **kwargs)
        key, version = _key(request, scopes)
        try:
            cached = cache.get(key)
        except Exception:  # a cache that does not answer costs the rendering, nothing more
            logger.warning("page cache unavailable", exc_info=True)
            return view(request, *args, **kwargs)
        if cached is not None and cached[0] == version:
            _version, headers, body = cached
            token = get_token(request)
            body = body.replace(PLACEHOLDER, PLACEHOLDER.replace("__csrf__", token))
            first, *rest = body.split(ONE_TIME_PLACEHOLDER)
            body = first + "".join(
                f'name="submission_token" value="{uuid.uuid4().hex}"{part}' for part in rest
            )
            response = HttpResponse(body, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
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
                cache.set(key, (version, headers, body), settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
        return response

    return wrapper
