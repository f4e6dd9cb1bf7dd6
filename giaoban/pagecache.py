"""Pages kept ready between changes: a key page is rendered once, then served from the cache
until something its reader can see changes.

Stamps (``PageStamp``) say when something last changed, per scope: a committee's
structure (its organizations, names, roles: every page of the committee shows them),
its lists, its directives' progress, its drafts as search finds them; a meeting, its
reports, its drafts, one organization's report, its conclusion (``touched``). A cached
page is kept with its version: its reader, path and query string, language, day, the
release, and the stamps of what it depends on (``kept_between_changes(depends=…)``:
the global stamp, its reader's committees, and what the view declares), so that after
a change the page shows, the next request finds another version and the page is
rendered afresh, while pages that do not show it are still served. A committee's scope
is its id; any other scope is hashed into ``SCOPE_BUCKETS`` rows (``scope_key``), so
the table stays small whatever the number of meetings; two scopes that share a row only
render each other's pages again.

The version is also the page's entity tag (with the reader's CSRF secret): a reader
whose copy is current gets 304, without the page being rendered or read from the cache.

Bounded: each cached view declares the query parameters it reads; a request with any
other is rendered and not kept. Each reader has at most ``PAGE_CACHE_PER_READER`` places
(a page's hash picks one; a new version or another page replaces what was there), so no
query string, however made up, makes a reader keep more (``_key``). Redis itself is
bounded by ``maxmemory`` with ``allkeys-lru`` (docs/deploy.md).

Told, not guessing: whatever writes data a page shows says what it changed, inside its
transaction: ``touched(committee.pk, meetings=…, report=…, lists=…)`` as finely as it
knows, ``changed([committee.pk, …])`` for everything of those committees, or
``changed_everything()`` for a write no committee bounds (a restore, an import of the
whole tree, the admin, a migration). Each service of the apps does so
(``meetings/services.py``, ``tracking/services.py``…), as do the commands and admin
actions that write. The scopes named in a transaction are stamped once, when it commits
(``transaction.on_commit``): a reader who sees the new stamp sees the new rows (one who
read the old stamp a moment before may keep the new rows under it, which is harmless);
a transaction rolled back stamps nothing. Outside a transaction they are stamped at
once. Before a cached page is looked up, a transaction's own pending stamps are written
(inside it), so that its own reads never get a page from before its writes. ``migrate``
stamps everything when it ends. Writes made outside the application (psql, a shell that
calls no service) are not seen: ``manage.py stamp_pages`` after such a change.

That no write path forgets is the test suite's business, not production's:
``tests/page_cache_guard.py`` watches every SQL statement of the tests and fails any
transaction that wrote a table pages show without naming anything, and
``tests/test_page_versions.py`` renders every key page before and after each write path:
a page whose HTML changed must have a new version.

Readers see only the committees where they hold a role (``PAGE_CACHE_READ_SCOPES``,
``organizations.access.page_read_scopes``), and nobody changes another committee's data
without being an admin, so the scopes of the reader's own committees and the global one
are all a page depends on. Statuses that turn overdue with the date are covered by the
day in the key.

Per reader: pages hold the reader's name, rights and forms. The CSRF and one-time
submission tokens in a cached page are replaced by new ones at each serve. Pages with
messages waiting are not served from, nor put in, the cache. Superusers are not cached.

The release in the key is fixed when the application starts (``giaoban/release.py``).

A utility of the whole project: apps import it; it imports no app.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache as remember
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_migrate
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.http import parse_etags
from django.utils.module_loading import import_string

from giaoban import release as releases

logger = logging.getLogger(__name__)

GLOBAL = 0
# Kinds of scope (``touched``): a committee's structure (its own id), anything in it, its
# lists, its directives' progress, drafts its staff find, drafts an organization's
# reporters find; of a meeting: the meeting, its reports as all its readers read them, its
# drafts as staff read them, one organization's report, its conclusion.
COMMITTEE, ANY, LISTS, PROGRESS, DRAFTS, DRAFTS_OF = "c", "a", "l", "p", "d", "o"
MEETING, REPORTS, MEETING_DRAFTS, REPORT, CONCLUSION = "m", "R", "D", "r", "C"
# A person's notifications: the bell's count in the menu of every page they read.
NOTICES = "n"
SCOPE_BASE = 1 << 48
SCOPE_BUCKETS = 1 << 16
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{32,64}"')
PLACEHOLDER = 'name="csrfmiddlewaretoken" value="__csrf__"'
# Forms' one-time tokens against double submission (accounts/submissions.py): each serve
# gets new ones, as each rendering would.
ONE_TIME = re.compile(r'name="submission_token" value="[0-9a-f]{32}"')
ONE_TIME_PLACEHOLDER = 'name="submission_token" value="__once__"'

RELEASE: str | None = None


def fix_release() -> str:
    """Fix the release for the life of this process (``GiaobanConfig.ready``)."""
    global RELEASE
    RELEASE = releases.fixed(settings.BASE_DIR)
    return RELEASE


def release() -> str:
    """The release fixed when this process started; never read from files here."""
    if RELEASE is None:
        raise RuntimeError("giaoban.pagecache: the release is fixed in GiaobanConfig.ready")
    return RELEASE


# --- stamps ----------------------------------------------------------------------------


def stamp(scopes, using: str = DEFAULT_DB_ALIAS) -> None:
    """Mark ``scopes`` (stamp rows: committee ids, ``scope_key`` of finer scopes,
    ``GLOBAL`` for everything) as changed now."""
    from giaoban.models import PageStamp

    rows = sorted(set(scopes))
    if not rows:
        return
    now = time.time_ns()
    # One statement (an upsert, as ``bulk_create(update_conflicts=True)`` writes it, which
    # PostgreSQL and SQLite both run): after a write's commit, in autocommit, it is its own
    # transaction, without the BEGIN and COMMIT ``bulk_create`` would send around it.
    connection = connections[using]
    quote = connection.ops.quote_name
    table, scope, changed = (
        quote(name)
        for name in (
            PageStamp._meta.db_table,
            PageStamp._meta.get_field("scope").column,
            PageStamp._meta.get_field("changed").column,
        )
    )
    values = ", ".join(["(%s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({scope}, {changed}) VALUES {values} "
            f"ON CONFLICT ({scope}) DO UPDATE SET {changed} = EXCLUDED.{changed}",
            [value for row in rows for value in (row, now)],
        )


class _Pending:
    """The scopes a transaction named, stamped when it commits: the one
    ``on_commit`` callback of the transaction (a rollback drops it, and what it held)."""

    def __init__(self, using: str):
        self.using = using
        self.scopes: set[int] = set()

    def __call__(self) -> None:
        if self.scopes:
            scopes, self.scopes = self.scopes, set()
            stamp(scopes, using=self.using)


def _pending(connection) -> _Pending | None:
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _Pending):
            return callback
    return None


def scope_key(scope: str) -> int:
    """The stamp row of a scope (``"c:12"``, ``"m:345"``…). A committee's own scope is its
    id (``GLOBAL`` is 0); any other is hashed into ``SCOPE_BUCKETS`` rows above
    ``SCOPE_BASE``, so the table never holds more than that many rows whatever the number
    of meetings. Two scopes sharing a row only render each other's pages again: never a
    page kept past a change."""
    kind, _, ident = scope.partition(":")
    if kind == COMMITTEE:
        return int(ident)
    digest = int(hashlib.sha256(scope.encode()).hexdigest()[:15], 16)
    return SCOPE_BASE + digest % SCOPE_BUCKETS


def _tell(scopes: set[int], using: str) -> None:
    """Stamp ``scopes`` when the transaction commits (at once outside one)."""
    if not scopes:
        return
    connection = connections[using]
    # Counted for the tests' guard (tests/page_cache_guard.py).
    connection.page_changes_told = getattr(connection, "page_changes_told", 0) + 1
    if not connection.in_atomic_block:
        stamp(scopes, using=using)
        return
    pending = _pending(connection)
    if pending is None:
        pending = _Pending(using)
        transaction.on_commit(pending, using=using, robust=True)
    pending.scopes |= scopes


def changed(committee_ids: Iterable[int | None], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Every page of the committees ``committee_ids`` shows data this write changed (their
    organizations, names, roles, or anything ``touched`` cannot name more finely): call
    it in the write's transaction. Stamped when the transaction commits (each scope once,
    however often it is named), nothing if it rolls back; outside a transaction, at
    once. ``None`` in the ids is skipped."""
    _tell({int(pk) for pk in committee_ids if pk is not None}, using)


def touched(
    committee_id: int,
    *,
    meetings: Iterable[int | None] = (),
    report: tuple[int, int] | None = None,
    conclusion: int | None = None,
    draft: bool = False,
    lists: bool = False,
    progress: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """What a write in the committee ``committee_id`` changed, as finely as its service
    knows it; only the pages that depend on one of these are rendered again:

    - ``meetings``: everything of these meetings' pages (the meeting page and its print,
      its report forms, its conclusion form): the meeting itself, its attendance, its
      issued conclusion, its directives and their progress, its signed notice;
    - ``report``: (meeting id, organization id), one organization's report: its form, and
      the meeting's pages for those who read it;
    - ``conclusion``: the meeting (id) whose conclusion changed: its form and the meeting's
      pages;
    - ``draft``: that report or conclusion is a draft: only its committee's staff, leaders
      and admins read it (and a report's own organization), on the meeting's pages and
      in search;
    - ``lists``: the committee's lists (meeting list, dashboard, board, organization
      pages, search's public texts): a status, a count, a date, a public text changed;
    - ``progress``: its directives and their progress, which the lists and the forms of
      later meetings show.

    Pages that declare no finer dependency (``kept_between_changes(depends=…)``) depend on
    anything touched in their reader's committees."""
    scopes = {f"{ANY}:{committee_id}"}
    scopes |= {f"{MEETING}:{pk}" for pk in meetings if pk is not None}
    shown_to = MEETING_DRAFTS if draft else REPORTS
    if report is not None:
        meeting_id, organization_id = report
        scopes |= {f"{REPORT}:{meeting_id}:{organization_id}", f"{shown_to}:{meeting_id}"}
        if draft:
            scopes |= {f"{DRAFTS}:{committee_id}", f"{DRAFTS_OF}:{organization_id}"}
    if conclusion is not None:
        scopes |= {f"{CONCLUSION}:{conclusion}", f"{shown_to}:{conclusion}"}
        if draft:
            scopes.add(f"{DRAFTS}:{committee_id}")
    if lists:
        scopes.add(f"{LISTS}:{committee_id}")
    if progress:
        scopes.add(f"{PROGRESS}:{committee_id}")
    _tell({scope_key(scope) for scope in scopes}, using)


def noticed(user_ids: Iterable[int], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """These people's notifications changed: the bell of their menu, on every page they
    read (each page's version holds its reader's ``NOTICES`` scope)."""
    _tell({scope_key(f"{NOTICES}:{pk}") for pk in user_ids}, using)


def changed_everything(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """A write no committee bounds (a restore, a migration, the admin): every page."""
    changed([GLOBAL], using=using)


def _stamp_own_writes(connection) -> None:
    """Before a transaction reads a cached page: stamp, inside it, what it named so far,
    so that its own reads never get a page from before its writes."""
    if connection.in_atomic_block:
        pending = _pending(connection)
        if pending is not None:
            pending()


def _migrated(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Whatever ``migrate`` wrote (data migrations, or a migration rolled back) shows on
    pages rendered from now on."""
    if sender.name == "giaoban":
        from giaoban.models import PageStamp

        connection = connections[using]
        if PageStamp._meta.db_table in connection.introspection.table_names():
            changed_everything(using=using)


def install() -> None:
    """Fix the release and stamp everything after ``migrate`` (the app's ``ready``)."""
    fix_release()
    post_migrate.connect(_migrated, dispatch_uid="giaoban.pagecache.migrated")


@dataclass(frozen=True)
class Reader:
    """What a reader's pages depend on besides the page itself: the committees where they
    hold a role (``PAGE_CACHE_READ_SCOPES``), those among them whose drafts search finds
    for them (staff, leaders, admins), and the organizations they report for (whose own
    drafts they find)."""

    committees: tuple[int, ...]
    reads_drafts_in: tuple[int, ...] = ()
    reports_for: tuple[int, ...] = ()


@remember
def _reader_scopes():
    return import_string(settings.PAGE_CACHE_READ_SCOPES)


def reader_of(user) -> Reader | None:
    """What a user's pages depend on, or None when the user's pages are not cached
    (superusers: they read every committee)."""
    return _reader_scopes()(user)


def stamps_of(scopes: Iterable[str]) -> list[tuple[str, int]]:
    """Each scope with the time it last changed (0: never), in one query; this
    transaction's own pending stamps written first, so that its reads see its writes."""
    from giaoban.models import PageStamp

    _stamp_own_writes(connections[DEFAULT_DB_ALIAS])
    keys = {scope: scope_key(scope) for scope in scopes}
    stamps = dict(
        PageStamp.objects.filter(scope__in=set(keys.values())).values_list("scope", "changed")
    )
    return [(scope, stamps.get(key, 0)) for scope, key in keys.items()]


def committee_version(committee_id: int | list[int], kinds: Iterable[str]) -> list[tuple[str, int]]:
    """The stamps of everything, of the committee's structure and of its scopes ``kinds``
    (``LISTS``, ``PROGRESS``…): the version of a part every reader of the committee sees
    alike, such as the dashboard's figures (``giaoban/fragments.py``). A list of ids: of
    each (a committee and those merged into it, whose directives it follows up)."""
    ids = committee_id if isinstance(committee_id, list) else [committee_id]
    kinds = list(kinds)
    return stamps_of(
        [
            f"{COMMITTEE}:{GLOBAL}",
            *(f"{COMMITTEE}:{pk}" for pk in ids),
            *(f"{kind}:{pk}" for pk in ids for kind in kinds),
        ]
    )


# --- what a page depends on ------------------------------------------------------------
# Each is ``depends(reader, kwargs) -> scopes``: the scopes a page depends on besides its
# reader's committees' structure (``c:``) and everything (``GLOBAL``), which every page
# depends on. ``kwargs`` are the view's URL arguments.


def anything(reader: Reader, kwargs: dict) -> list[str]:
    """Anything touched in the reader's committees (the default: always right)."""
    return [f"{ANY}:{pk}" for pk in reader.committees]


def lists(reader: Reader, kwargs: dict) -> list[str]:
    """The committees' lists and their directives' progress: the meeting list, the
    dashboard, the board, an organization's page."""
    return [f"{kind}:{pk}" for pk in reader.committees for kind in (LISTS, PROGRESS)]


def search(reader: Reader, kwargs: dict) -> list[str]:
    """The lists (public texts), and the drafts this reader finds."""
    return (
        [f"{LISTS}:{pk}" for pk in reader.committees]
        + [f"{DRAFTS}:{pk}" for pk in reader.reads_drafts_in]
        + [f"{DRAFTS_OF}:{pk}" for pk in reader.reports_for]
    )


def meeting_page(argument: str = "pk"):
    """The page of the meeting named by the URL argument ``argument`` (and its print): the
    meeting, its reports as everyone reads them, its drafts for a reader who reads
    drafts, the reports of the reader's own organizations."""

    def depends(reader: Reader, kwargs: dict) -> list[str]:
        pk = kwargs[argument]
        scopes = [f"{MEETING}:{pk}", f"{REPORTS}:{pk}"]
        if reader.reads_drafts_in:
            scopes.append(f"{MEETING_DRAFTS}:{pk}")
        return scopes + [f"{REPORT}:{pk}:{org}" for org in reader.reports_for]

    return depends


def report_form(argument: str = "pk", organization: str = "organization_pk"):
    """One organization's report form: the meeting, that report, and the committees'
    progress (the form lists the organization's unfinished directives)."""

    def depends(reader: Reader, kwargs: dict) -> list[str]:
        pk = kwargs[argument]
        return [f"{MEETING}:{pk}", f"{REPORT}:{pk}:{kwargs[organization]}"] + [
            f"{PROGRESS}:{committee}" for committee in reader.committees
        ]

    return depends


def conclusion_form(argument: str = "pk"):
    """A meeting's conclusion form: the meeting, its conclusion, and the committees'
    progress (the form lists unfinished directives of earlier meetings)."""

    def depends(reader: Reader, kwargs: dict) -> list[str]:
        pk = kwargs[argument]
        return [f"{MEETING}:{pk}", f"{CONCLUSION}:{pk}"] + [
            f"{PROGRESS}:{committee}" for committee in reader.committees
        ]

    return depends


# --- cached pages ----------------------------------------------------------------------


def _key(request: HttpRequest, reader: Reader, depends, kwargs: dict) -> tuple[str, str]:
    """Where the request's page is kept, and the version it must have to be served.

    The version holds the stamps of everything the page depends on: ``GLOBAL``, its
    reader's committees (their structure) and what ``depends`` names.

    A reader has ``PAGE_CACHE_PER_READER`` places: the page's address (language, path and
    query string) picks one by its hash, the same for every reader, and a page kept there
    under another version, or another page that hashed to the same place, is replaced. So
    however many different query strings a reader sends, they keep at most that many
    pages, at no cost (no count to keep, no extra round trip); the rare two pages that
    share a place render again in turn."""
    stamps = stamps_of(
        [
            f"{COMMITTEE}:{GLOBAL}",
            *(f"{COMMITTEE}:{pk}" for pk in reader.committees),
            f"{NOTICES}:{request.user.pk}",  # the bell's count in the menu
            *depends(reader, kwargs),
        ]
    )
    address = "\n".join([translation.get_language() or "", request.get_full_path()])
    page = f"{request.user.pk}\n{address}"
    # The place depends on the address alone, not on the reader: which pages share a
    # place is the same for every reader and every run, not a matter of a user's id.
    place = int(hashlib.sha256(address.encode()).hexdigest()[:15], 16) % max(
        1, settings.PAGE_CACHE_PER_READER
    )
    version = [
        release(),
        page,
        timezone.localdate().isoformat(),
        ",".join(f"{scope}={changed}" for scope, changed in stamps),
    ]
    return (
        f"page:{request.user.pk}:{place}",
        hashlib.sha256("\n".join(version).encode()).hexdigest(),
    )


def _etag(request: HttpRequest, version: str) -> str:
    """The page's entity tag: its version and the reader's CSRF secret (a new session, or a
    rotated secret, never gets a 304 for a page whose forms carry an older token)."""
    secret = request.META.get("CSRF_COOKIE", "")
    digest = hashlib.sha256(f"{version}\n{secret}".encode()).hexdigest()[:32]
    return f'W/"{digest}"'


def _current(request: HttpRequest, etag: str) -> bool:
    """Whether the reader's copy is the page's current version (``If-None-Match``)."""
    sent = request.headers.get("If-None-Match", "")
    if not sent:
        return False
    if sent.strip() == "*":
        return False
    return etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in parse_etags(sent)}


def _conditional(response: HttpResponse, request: HttpRequest, version: str, body: str) -> None:
    """Headers of a kept page: revalidated at each visit; an entity tag unless the page
    carries one-time submission tokens (a copy kept by the browser would send a token
    already used)."""
    response["Cache-Control"] = "private, no-cache"
    if ONE_TIME_PLACEHOLDER not in body:
        response["ETag"] = _etag(request, version)


def kept_between_changes(view=None, *, params: tuple[str, ...] = (), depends=anything):
    """Serve the view's page from the cache while nothing it depends on has changed
    (GET only; 200 HTML responses only), and answer 304 to a reader whose copy is current.

    ``params`` names the query parameters the view reads. A request with any other
    (``?utm_source=…``, anything a link or a visitor adds) is rendered and not kept: its
    page is what the view renders for that very address, and no number of made-up
    parameters adds a page to the cache. Values of the declared ones are bounded by the
    places of each reader (``_key``). Used bare, a view reads no query parameter.

    ``depends`` names what the page shows (``lists``, ``search``, ``meeting_page(…)``…; by
    default ``anything`` of its reader's committees). ``tests/test_page_versions.py``
    renders every key page before and after each write path and fails when a page's
    HTML changed while its version did not.

    The version is also the page's entity tag (``_etag``, with ``Cache-Control: private,
    no-cache``): a request whose ``If-None-Match`` holds it gets 304, neither rendered nor
    read from the cache. Pages carrying one-time submission tokens get no entity tag."""
    if view is None:
        return lambda view: kept_between_changes(view, params=params, depends=depends)
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
        reader = reader_of(request.user)
        if reader is None:
            return view(request, *args, **kwargs)
        key, version = _key(request, reader, depends, kwargs)
        request.page_version = version  # what it is kept under (tests/test_page_versions.py)
        if _current(request, _etag(request, version)):
            response = HttpResponseNotModified()
            response["ETag"] = _etag(request, version)
            response["Cache-Control"] = "private, no-cache"
            return response
        try:
            cached = cache.get(key)
        except Exception:  # a cache that does not answer costs the rendering, nothing more
            logger.warning("page cache unavailable", exc_info=True)
            return view(request, *args, **kwargs)
        if cached is not None and cached[0] == version:
            _version, headers, body = cached
            token = get_token(request)
            served = body.replace(PLACEHOLDER, PLACEHOLDER.replace("__csrf__", token))
            first, *rest = served.split(ONE_TIME_PLACEHOLDER)
            served = first + "".join(
                f'name="submission_token" value="{uuid.uuid4().hex}"{part}' for part in rest
            )
            response = HttpResponse(served, headers=headers)
            response["X-Page-Cache"] = "hit"
            _conditional(response, request, version, body)
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
            _conditional(response, request, version, body)
        return response

    return wrapper
