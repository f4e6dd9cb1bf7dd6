"""Queries whose SQL is built once per process, then run with each request's values.

Building a queryset and compiling its SQL costs Django about as much Python as the
database takes to answer a small query (0.5–1 ms for a query with a few joins or a
subquery): the forms of the reporting week ran several such queries on every request,
the same SQL each time but for a few ids and a day. A ``CompiledQuery`` builds its
queryset once (per database) with stand-in values, compiles it, notes where the stand-ins
went among the SQL's parameters, and then runs that SQL with each call's values: the rows
are made by Django's own iterables, with the same ``select_related`` objects, annotations
and ``prefetch_related`` lookups as the queryset would make.

    OPEN_PARTS = CompiledQuery(
        lambda organization, day: Part.objects.filter(organization_id=organization, due__lt=day),
        organization=int,
        day=dt.date,
    )
    parts = OPEN_PARTS.fetch(organization=organization.pk, day=today)  # a list

Ints, dates and lists of ints are given (ids looked up for equality, or in a list for
``__in``; an id beyond what a column holds matches no row, as with the ORM). A list is
compiled once per length (the SQL of ``pk__in`` has a parameter per element), its length
made the next power of two by repeating its last id; a value must reach the SQL as a
parameter (not written into it, as a slice's limit is): the first build checks that every
stand-in did, and that a second build with other stand-ins differs only in them (no day
read by the build, nothing derived from a value).
The build's own constant words (a status, a progress) are written in the SQL rather
than sent as parameters, so that PostgreSQL's plan made once for a prepared statement
knows them (``written_in``).
``build`` must make the same query whatever the values (no ``if`` on them: it sees only
stand-ins). Rows are returned as a list, not a queryset: filtering it further would need
another SQL.
``tests/test_compiled_queries.py`` compares the rows with the queryset's own.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler

KINDS = (int, dt.date, list)  # a list: of ints (an ``__in`` lookup's), compiled per length
# A day or a time as the ORM hands it to SQLite's driver (a string).
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# The integers a database column holds (a bigint's): an id beyond them matches no row.
INTEGERS = range(-(2**63), 2**63)
# A parameter's place in Django's SQL (``%%`` is a percent sign), and a constant string
# that is written in the SQL as it is (``written_in``).
PLACEHOLDER = re.compile(r"(%%|%s)")
WORD = re.compile(r"[A-Za-z0-9_.: -]{0,64}", re.ASCII)


@dataclass(frozen=True)
class Compiled:
    template: QuerySet  # built with the stand-ins: its model, iterable and lookups
    compiler: SQLCompiler  # compiled: its selected columns and how rows become objects
    sql: str
    params: tuple
    slots: tuple[tuple[int, str, int | None], ...]  # (index among params, name, position)
    # The converters of its columns, by connection (``running``).
    converters: weakref.WeakKeyDictionary = field(default_factory=weakref.WeakKeyDictionary)


class CompiledQuery:
    """A queryset made by ``build(**values)``, compiled once per database (see above)."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type) -> None:
        for name, kind in kinds.items():
            if kind not in KINDS:
                raise ImproperlyConfigured(f"{name}: only ints, dates and lists of ints.")
        self.build = build
        self.kinds = kinds
        # By database alias and the lengths of the lists given.
        self.compiled: dict[tuple, Compiled] = {}
        self.model = None

    def stand_ins(self, lengths: dict[str, int], other: bool = False) -> dict[str, object]:
        """A value for each name that no real query uses and that no two names share.
        ``other``: a second such set that differs from the first in every part (ints in
        their last digits and parity; dates in year, month, day and quarter), so that a
        build that derived something from a value is seen to change."""
        values: dict[str, object] = {}
        for number, (name, kind) in enumerate(self.kinds.items(), start=1):
            if kind is int:
                # Ids no table reaches; even, or odd for the other set.
                values[name] = (2_100_700_001 if other else 2_100_000_000) + 2 * number
            elif kind is list:
                start = (2_050_000_001 if other else 2_000_000_000) + 10_000 * number
                values[name] = list(range(start, start + lengths[name]))
            else:
                values[name] = dt.date(1112, 12, 28 - number) if other else dt.date(1111, 1, number)
        return values

    def compile(self, alias: str, lengths: dict[str, int]) -> Compiled:
        stand_ins = self.stand_ins(lengths)
        template = self.build(**stand_ins).using(alias)
        connection = connections[alias]
        compiler = template.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        prepared = {
            (name, position): self.prepared(connection, value)
            for name, given in stand_ins.items()
            for position, value in (
                enumerate(given) if isinstance(given, list) else [(None, given)]
            )
        }
        slots = tuple(
            (index, name, position)
            for index, param in enumerate(params)
            for (name, position), value in prepared.items()
            if type(param) is type(value) and param == value
        )
        found = {(name, position) for _index, name, position in slots}
        for key, value in prepared.items():
            if key not in found or str(value) in sql:
                raise ImproperlyConfigured(
                    f"{key[0]!r} is not a parameter of the compiled query: give it as the "
                    "value of a lookup, not as a slice or in a raw expression."
                )
        # Built again with other values, the query must differ only in the stand-ins'
        # parameters: a build that chose by its values, or read the time, would otherwise
        # run with what it saw the first time.
        again, again_params = (
            self.build(**self.stand_ins(lengths, other=True))
            .using(alias)
            .query.get_compiler(using=alias)
            .as_sql()
        )
        filled = {index for index, _name, _position in slots}
        if (
            again != sql
            or len(again_params) != len(params)
            or any(
                again_params[index] != param
                for index, param in enumerate(params)
                if index not in filled
            )
        ):
            raise ImproperlyConfigured(
                "The compiled query changes with its values beyond its parameters: build "
                "it the same way whatever the values."
            )
        # A day or a time that is none of the values (today's date read by the build)
        # would be kept as it was at the first request.
        for index, param in enumerate(params):
            if index not in filled and (
                isinstance(param, dt.date) or (isinstance(param, str) and DAY.match(param))
            ):
                raise ImproperlyConfigured(
                    "The compiled query holds a day or a time that is not one of its values "
                    "(read when it was built?): give it as a value."
                )
        sql, params, slots = written_in(sql, params, slots)
        return Compiled(template, compiler, sql, tuple(params), slots)

    @staticmethod
    def prepared(connection, value):
        """``value`` as the ORM hands it to the database driver."""
        if isinstance(value, dt.date):
            return connection.ops.adapt_datefield_value(value)
        return int(value)

    def fetch(self, **values) -> list:
        """The rows of ``build(**values)``, as the queryset gives them (a list: the query
        is run now; a queryset would be filtered again with the SQL compiled before)."""
        if values.keys() != self.kinds.keys():
            raise TypeError(f"Give exactly {', '.join(self.kinds)}.")
        lengths = {}
        for name, value in values.items():
            kind = self.kinds[name]
            given = value if kind is list else [value]
            if kind is list:
                if not isinstance(value, list):
                    raise TypeError(f"{name} must be a list, not {value!r}.")
                lengths[name] = len(value)
                if not given:
                    # ``__in`` an empty list is no SQL at all (Django answers it itself).
                    raise ValueError(f"{name}: an empty list; ask nothing of the database.")
            wanted = int if kind is list else kind
            for each in given:
                if not isinstance(each, wanted) or isinstance(each, bool | dt.datetime):
                    raise TypeError(f"{name} must be a {kind.__name__}, not {value!r}.")
            if wanted is int and not all(each in INTEGERS for each in given):
                # As the ORM answers an id no column can hold (from an address): no row.
                # Ints are ids looked up for equality or in a list.
                if kind is not list:
                    return []
                value = [each for each in value if each in INTEGERS]
                if not value:
                    return []
            if kind is list:
                # Compiled for a few lengths only: the list made as long as the next power
                # of two by repeating its last id (the same rows for ``__in``).
                size = 1 << (len(value) - 1).bit_length()
                values[name] = [*value, *[value[-1]] * (size - len(value))]
                lengths[name] = size
        if self.model is None:
            self.model = self.build(**self.stand_ins(lengths)).model
        alias = router.db_for_read(self.model)
        key = (alias, *sorted(lengths.items()))
        compiled = self.compiled.get(key)
        if compiled is None:
            # Two threads may both compile at first: the same result, kept once.
            compiled = self.compiled[key] = self.compile(alias, lengths)
        connection = connections[alias]
        params = list(compiled.params)
        for index, name, position in compiled.slots:
            value = values[name] if position is None else values[name][position]
            params[index] = self.prepared(connection, value)
        compiler = running(compiled, connection, tuple(params))
        queryset = compiled.template._chain()
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)


def written_in(sql: str, params, slots):
    """The SQL with its constant words written in it (a status, a progress: the build's
    own strings, not the values given), the other parameters and their slots renumbered.

    PostgreSQL plans a statement prepared on a connection once for all its calls (a
    generic plan) only if it estimates that plan as cheap as each call's own; with the
    constants as parameters it estimated ``progress IN ($1, $2)`` for any progress (two
    thirds of the rows, not the few open ones) and planned the report form's open parts
    again at every call (0.7 ms). Only short plain words are written in (letters, digits,
    ``_ - . :`` and spaces): nothing to quote but the string itself."""
    parts = PLACEHOLDER.split(sql)
    if sum(part == "%s" for part in parts) != len(params):
        return sql, params, slots  # not Django's usual SQL: left as it is
    given = {index for index, _name, _position in slots}
    renumbered: dict[int, int] = {}
    kept: list = []
    written: list[str] = []
    index = 0
    for part in parts:
        if part == "%s":
            param = params[index]
            # The string itself (a str subclass's own formatting is not what was checked).
            text = str.__str__(param) if isinstance(param, str) else None
            if index not in given and text is not None and WORD.fullmatch(text):
                part = f"'{text}'"
            else:
                renumbered[index] = len(kept)
                kept.append(param)
            index += 1
        written.append(part)
    slots = tuple((renumbered[index], name, position) for index, name, position in slots)
    return "".join(written), kept, slots


def running(compiled: Compiled, connection, params: tuple) -> SQLCompiler:
    """A copy of the compiled query's compiler, on this thread's connection, that runs
    the SQL compiled with ``params``; the converters of its columns are found once per
    connection (Django looks them up for every column at every run). The compiler's own
    functions reach it by a weak reference: one that held it would make a cycle, which
    only the garbage collector frees, with everything it holds."""
    compiler = copy.copy(compiled.compiler)
    compiler.connection = connection
    compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
    kept = compiled.converters.get(connection)
    if kept is None:
        kept = compiled.converters[connection] = {}
    itself = weakref.ref(compiler)
    compiler.get_converters = lambda expressions: converters_of(itself(), kept, expressions)
    return compiler


def converters_of(compiler: SQLCompiler, kept: dict, expressions) -> dict:
    """``compiler.get_converters(expressions)``, kept in ``kept`` by the expressions'
    identity (Django asks for those of the selected columns, and of others where a query
    has them: each list is the compiled query's own, the same objects at every run). The
    expressions are kept with their converters, so their ids name no other objects."""
    key = tuple(map(id, expressions))
    found = kept.get(key)
    if found is None:
        found = kept[key] = (list(expressions), SQLCompiler.get_converters(compiler, expressions))
    return found[1]
