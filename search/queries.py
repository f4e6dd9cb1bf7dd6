"""Matching and ranking, on PostgreSQL with its text search, on SQLite with LIKE.

Both compare the terms of ``search.terms`` (folded in Python), so the same data
gives the same results. Ranking: a text holding the query's words side by side,
in order, comes first on both; then ``ts_rank_cd`` (PostgreSQL: occurrences and
proximity) or the number of occurrences (SQLite); ties go to the newest period.

Bounded at any scale: the matches are ranked among the ``MAX_CANDIDATES`` newest
ones (a committee rarely has that many; a search over the whole country reads no
more than that from the index of periods).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    FloatField,
    IntegerField,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Length, Replace

from search.terms import Query

# A text holding the query's words side by side, in order, ranks above any other.
PHRASE_BONUS = 1000
MAX_CANDIDATES = 2000
# The order of the results: by rank, ties to the newest period.
ORDER = "{table}.rank DESC, {table}.period_end DESC, {table}.pk DESC"


class _VectorSQL(Expression):
    """SQL over the entry's ``search_vector`` column (PostgreSQL only, added by migration
    0002, unknown to the model), qualified by the alias the table has in the query
    being compiled, subqueries included."""

    def __init__(self, sql: str, params: list, output_field):
        super().__init__(output_field=output_field)
        self.sql, self.params = sql, params

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return self.sql.replace("{vector}", f'{alias}."search_vector"'), list(self.params)


def matching(
    entries: QuerySet, query: Query, *, committee_ids: Iterable[int] | None = None
) -> QuerySet:
    """The ``MAX_CANDIDATES`` newest of ``entries`` holding every term of ``query``, as
    values (``pk``, ``period_end``, and what ranks them); cut a page of them with
    ``ranked_page_sql``.

    ``committee_ids`` (None: any committee) also goes into the PostgreSQL text
    query as the committees' own lexemes, so that the GIN index alone can find the
    rows of these committees among a nation's.
    """
    terms = query.terms
    if not terms:
        return entries.none()
    if connection.vendor == "postgresql":
        committees = None if committee_ids is None else sorted(set(committee_ids))
        if committees == []:
            return entries.none()
        found = _postgresql(entries, terms, committees)
        # Ranked once cut to the newest: PostgreSQL would rank every match before
        # sorting them by period when it reads them from the text index.
        ranking = {"vector": _VectorSQL("{vector}", [], TextField())}
    else:
        found = _sqlite(entries, terms)
        ranking = {"rank": _sqlite_rank(terms)}
    return (
        found.order_by("-period_end", "-pk")
        .values("pk", "period_end")
        .annotate(**ranking)[:MAX_CANDIDATES]
    )


def ranked_page_sql(
    found: QuerySet, query: Query, start: int, stop: int
) -> tuple[str, tuple] | None:
    """SQL and parameters of entries ``start`` to ``stop`` of ``found`` (from
    ``matching``) by rank, then newest period first: their ``pk``, ``rank`` and
    ``period_end``, to be ordered again by those where they are joined (None if nothing
    can match).

    Ranked and cut among the candidates alone, in one level of SQL over the rows the
    index found (no second reading of the candidates by key), so that what they are
    shown with (meeting, organization…) is read for these entries only, not for each of
    the up to ``MAX_CANDIDATES`` matches ranked.
    """
    # On the database the queryset reads from (the replica of a GET page, where one is
    # configured), as the ORM would have.
    alias = found.db
    try:
        candidates, params = found.query.get_compiler(using=alias).as_sql()
    except EmptyResultSet:  # none() or a filter on an empty list: nothing can match
        return None
    if connections[alias].vendor == "postgresql":
        rank, rank_params = _postgresql_rank(query.terms)
        rank = rank.replace("{vector}", "candidate.vector")
    else:
        rank, rank_params = "candidate.rank", []
    return (
        f"SELECT candidate.pk, {rank} AS rank, candidate.period_end FROM ({candidates})"
        f" candidate ORDER BY {ORDER.format(table='candidate').replace('candidate.rank', 'rank')}"
        " LIMIT %s OFFSET %s",
        (*rank_params, *params, stop - start, start),
    )


def _quoted(term: str) -> str:
    # Terms are letters and digits only (search.terms); quoting keeps them lexemes.
    return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"


def _postgresql(entries: QuerySet, terms: list[str], committees: list[int] | None):
    words = " & ".join(_quoted(t) for t in terms)
    wanted = words
    if committees is not None:
        wanted = f"({words}) & ({' | '.join(_quoted(f'#{pk}') for pk in committees)})"
    return entries.filter(_VectorSQL("{vector} @@ %s::tsquery", [wanted], BooleanField()))


def _postgresql_rank(terms: list[str]) -> tuple[str, list[str]]:
    """SQL of the rank over ``{vector}`` and its parameters."""
    words = " & ".join(_quoted(t) for t in terms)
    phrase = " <-> ".join(_quoted(t) for t in terms)
    return (
        f"(CASE WHEN {{vector}} @@ %s::tsquery THEN {PHRASE_BONUS} ELSE 0 END)"
        " + ts_rank_cd({vector}, %s::tsquery)",
        [phrase, words],
    )


def _sqlite(entries: QuerySet, terms: list[str]):
    for term in terms:
        entries = entries.filter(terms__contains=f" {term} ")
    return entries


def _sqlite_rank(terms: list[str]) -> Expression:
    phrase = "".join(f" {t} " for t in terms)
    rank = Case(
        When(terms__contains=phrase, then=Value(PHRASE_BONUS)),
        default=Value(0),
        output_field=IntegerField(),
    )
    for term in terms:
        padded = f" {term} "
        occurrences = (Length("terms") - Length(Replace("terms", Value(padded), Value("")))) / len(
            padded
        )
        rank = rank + occurrences
    return Cast(rank, FloatField())
