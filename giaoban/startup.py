"""Turn configuration mistakes into one clear message instead of a traceback.

Used by ``manage.py`` and by the WSGI/ASGI entry points: a malformed
DATABASE_URL, an unreachable database or a missing secret key should tell the
person starting the app what to fix.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import NoReturn, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db.utils import OperationalError

from giaoban.env import redact_url

T = TypeVar("T")


def _fail(kind: str, detail: str) -> NoReturn:
    sys.stderr.write(f'\ngiaoban: {kind}:\n  {detail}\n\nSee README.md, section "Configuration".\n')
    raise SystemExit(2)


def run_or_explain(action: Callable[[], T]) -> T:
    """Run ``action``; on a configuration or connection error, explain and exit."""
    try:
        return action()
    except ImproperlyConfigured as error:
        _fail("configuration error", str(error))
    except OperationalError as error:
        where = redact_url(os.environ.get("DATABASE_URL", "")) or "SQLite (db.sqlite3)"
        lines = str(error).strip().splitlines()
        _fail("the database cannot be reached", f"{where}: {lines[0] if lines else repr(error)}")
