"""Django's SQLite backend, reading the limit on query parameters from SQLite itself.

Django 5.2 assumes the 999 parameters of SQLite before 3.32 (now 32,766, and 250,000
on Debian's build), so a bulk write of a few hundred rows was split into batches and
cost more queries on SQLite than on PostgreSQL. Django 6.0 reads the limit the same way.
"""

from __future__ import annotations

import sqlite3

from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self) -> int:
        self.connection.ensure_connection()
        return self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
