"""The page cache is told, not guessing (giaoban/pagecache.py): the tests check it is told.

Every SQL statement a test runs is classified: a write (``INSERT``/``UPDATE``/``DELETE``
with its table, bulk ones included; any other write, such as ``WITH … UPDATE``,
``TRUNCATE`` or DDL, counts as a write of an unknown table) to a table pages show must be
made in a transaction that names what it changed (``pagecache.touched``, ``changed`` or
``changed_everything``). When such a transaction commits without having named any, the
test fails with the table and the statement; a write to such a table outside any
transaction fails at once (it cannot be named: ``changed`` before the write would let a
reader keep the old rows under the new stamp). Tables nothing shows are ignored
(``IGNORED_TABLES``, ``IGNORED_PREFIXES``, a sign-in's ``last_login``, a new password),
and so is a statement that changed no row (a conditional update that lost its race).

"Commits" is what the application sees: in a test run inside one big transaction
(pytest-django's ``db``), the outermost ``transaction.atomic`` the application opens
stands for its transaction, and a statement outside any for autocommit.

Only the application's writes are checked: a write the test makes itself (the outermost
frame of ours below the test is a model's method, a signal handler, a migration, or
nothing) is the test's own setting up of data, as a shell would do
(``Report.objects.create`` in a test or a factory, and the search index its signal
writes). Requests, commands, services and importers called from a test are the
application and are checked.
"""

from __future__ import annotations

import re
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.transaction import Atomic, get_connection

# Tables whose writes change nothing a cached page shows (sessions, sign-in records, the
# security log, reminders sent, forms' one-time tokens, drafts and kept forms (their
# author's only), the stamps themselves), and
# third-party apps of the same kind.
IGNORED_TABLES = frozenset(
    {
        "django_session",
        "django_admin_log",
        "accounts_securityevent",
        "accounts_usersession",
        "accounts_formsubmission",
        "accounts_formdraft",
        "accounts_keptform",
        "tracking_reminderlog",
        "giaoban_pagestamp",
    }
)
IGNORED_PREFIXES = ("axes_", "otp_")
# Signing in stamps the user's last sign-in, a new password changes its hash: no page
# shows either. A person's choice of language changes no page: pages are kept per
# language (accounts/language.py).
SIGN_IN = re.compile(
    r'^UPDATE "accounts_user" SET "(?:last_login|password|language)" = \S+ '
    r'WHERE "accounts_user"\."id"'
)
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

BASE = str(Path(settings.BASE_DIR).resolve()) + "/"
TESTS = BASE + "tests/"
OURS_NOT_DECIDING = ("/models.py", "/signals.py")
SKIPPED = (BASE + ".venv/",)


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


def shows_on_pages(table: str, sql: str) -> bool:
    return not (table in IGNORED_TABLES or table.startswith(IGNORED_PREFIXES) or SIGN_IN.match(sql))


class NotTold(AssertionError):
    """A write of data pages show committed without naming what it changed."""


@dataclass
class Write:
    table: str
    sql: str
    where: list[str]

    def describe(self) -> str:
        sql = self.sql if len(self.sql) <= 300 else self.sql[:300] + "…"
        return f"table {self.table}: {sql}\n  written from:\n    " + "\n    ".join(self.where)


@dataclass
class Transaction:
    """The application's transaction on one connection, as the guard follows it."""

    told_at_start: int
    writes: list[Write] = field(default_factory=list)
    # len(writes) when each savepoint inside began, to forget what a rollback undid.
    marks: list[int] = field(default_factory=list)


def _ours(frame) -> str | None:
    filename = frame.f_code.co_filename
    if not filename.startswith(BASE) or filename.startswith(SKIPPED):
        return None
    return filename


def _made_by_application(depth: int = 2) -> bool:
    """Whether the statement being run is the application's, rather than a test's own
    writing of its data: decided by the outermost frame of ours below the test (a model's
    method, a signal handler or a migration a test calls directly is the test's own)."""
    frame = sys._getframe(depth)
    outermost = None
    while frame is not None:
        filename = _ours(frame)
        if filename is not None:
            if filename.startswith(TESTS):
                break
            outermost = filename
        frame = frame.f_back
    return outermost is not None and not _not_deciding(outermost)


def _not_deciding(filename: str) -> bool:
    return filename.endswith(OURS_NOT_DECIDING) or "/migrations/" in filename


def _where(depth: int = 3) -> list[str]:
    """The frames of ours the statement comes from, innermost first."""
    lines = []
    for entry in reversed(traceback.extract_stack(sys._getframe(depth), limit=60)):
        if entry.filename.startswith(BASE) and not entry.filename.startswith(SKIPPED):
            lines.append(f"{entry.filename[len(BASE) :]}:{entry.lineno} in {entry.name}")
            if entry.filename.startswith(TESTS) or len(lines) >= 8:
                break
    return lines


def _told(connection) -> int:
    return getattr(connection, "page_changes_told", 0)


def _application_depth(connection) -> int:
    """How many of the connection's atomic blocks are the application's (the test's own
    enclosing transaction aside)."""
    return sum(1 for block in connection.atomic_blocks if not block._from_testcase)


class Guard:
    def __init__(self):
        self.active = False
        # The guard's own tests set this to check writes a test makes itself.
        self.watch_tests = False
        self.failures: list[str] = []

    # --- statements ------------------------------------------------------------------

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not self.active:
            return result
        table = written_table(sql)
        if table is None or not shows_on_pages(table, sql):
            return result
        if not many and getattr(context["cursor"], "rowcount", -1) == 0:
            return result  # an UPDATE or DELETE that found no row changed nothing
        if not (self.watch_tests or _made_by_application()):
            return result
        connection = context["connection"]
        write = Write(table, sql, _where())
        current = getattr(connection, "page_guard_transaction", None)
        if current is None or _application_depth(connection) == 0:
            self.fail(
                "A write of data pages show, outside any transaction: it cannot tell the page "
                "cache which committees changed. Make it in a service, inside "
                "transaction.atomic() with pagecache.touched(...) or changed([...]).\n"
                + write.describe()
            )
        current.writes.append(write)
        return result

    # --- transactions ----------------------------------------------------------------

    def entering(self, atomic: Atomic) -> None:
        connection = get_connection(atomic.using)
        if atomic._from_testcase:
            return
        if _application_depth(connection) == 0:
            connection.page_guard_transaction = Transaction(told_at_start=_told(connection))
        else:
            current = getattr(connection, "page_guard_transaction", None)
            if current is not None:
                current.marks.append(len(current.writes))

    def leaving(self, atomic: Atomic, connection, committed: bool) -> None:
        """After ``atomic`` has left: ``committed`` says whether what it did stays."""
        if atomic._from_testcase:
            return
        current = getattr(connection, "page_guard_transaction", None)
        if current is None:
            return
        if _application_depth(connection) > 0:  # a savepoint inside
            mark = current.marks.pop() if current.marks else len(current.writes)
            if not committed:
                del current.writes[mark:]
            return
        connection.page_guard_transaction = None
        if (
            self.active
            and committed
            and current.writes
            and _told(connection) == current.told_at_start
        ):
            first = current.writes[0]
            tables = sorted({w.table for w in current.writes})
            self.fail(
                "A transaction wrote data pages show and committed without telling the page "
                f"cache which committees changed (tables {', '.join(tables)}): call "
                "pagecache.touched(committee id, …) or changed([committee ids]) in the "
                "service that made it.\nFirst " + first.describe()
            )

    def fail(self, message: str) -> None:
        self.failures.append(message)
        raise NotTold(message)


guard = Guard()

_original_enter = Atomic.__enter__
_original_exit = Atomic.__exit__


def _enter(self):
    if guard.active:
        guard.entering(self)
    return _original_enter(self)


def _exit(self, exc_type, exc_value, tb):
    connection = get_connection(self.using)
    committed = (
        exc_type is None and not connection.needs_rollback and not connection.closed_in_transaction
    )
    result = _original_exit(self, exc_type, exc_value, tb)
    if guard.active:
        guard.leaving(self, connection, committed)
    return result


def _install_on(sender=None, connection=None, **kwargs) -> None:
    if not any(wrapper is guard for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(guard)


def install() -> None:
    """Once per test session: watch every connection, present and future, and the
    application's transactions."""
    Atomic.__enter__ = _enter
    Atomic.__exit__ = _exit
    connection_created.connect(_install_on, dispatch_uid="tests.page_cache_guard")


def start() -> None:
    """Before each test."""
    for connection in connections.all(initialized_only=False):
        _install_on(connection=connection)
        connection.page_guard_transaction = None
    guard.failures.clear()
    guard.watch_tests = False
    guard.active = True


def stop() -> list[str]:
    """After each test: what failed (also raised where it happened)."""
    guard.active = False
    failures, guard.failures = guard.failures, []
    return failures
