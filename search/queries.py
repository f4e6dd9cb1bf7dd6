"""Matching and ranking, on PostgreSQL with its text search, on SQLite with LIKE.

Both compare the terms of ``search.terms`` (folded in Python), so the same data
gives the same results. Ranking: a text holding the query's words side by side,
in order, comes first on both; then how often the text says the query's words:
``ts_rank`` (PostgreSQL, normalization 0) or the number of occurrences (SQLite);
ties go to the newest period.

Bounded at any scale: the matches are ranked among the ``MAX_CANDIDATES`` newest
ones (a committee rarely has that many; a search over the whole country reads no
more than that from the index of periods).

Written in SQL here rather than built by the ORM on every page (the ORM spent about
0.9 ms of Python building and compiling the matching query, issue 19): what the user
may find is ``search.access.findable_sql``, the filters of the form are
``_filter_sql``; tests/search/test_candidates.py compares the rows with those of the
same query built by the ORM.
"""

from __future__ import annotations

from django.db import connections, router

from meetings.periods import Period
from organizations.access import Access
from search.access import findable_sql
from search.models import Kind, SearchEntry
from search.terms import Query
from tracking.models import DirectiveAssignment

# A text holding the query's words side by side, in order, ranks above any other.
PHRASE_BONUS = 1000
MAX_CANDIDATES = 2000
# The order of the results: by rank, ties to the newest period.
ORDER = "{table}.rank DESC, {table}.period_end DESC, {table}.pk DESC"

_TABLE = f'"{SearchEntry._meta.db_table}"'
# The filters whose conditions an index of the entries can serve.
_INDEXED = ("kind", "organization", "period_from", "period_to")
_ASSIGNED = (
    f'SELECT U0."directive_id" FROM "{DirectiveAssignment._meta.db_table}" U0'
    ' WHERE U0."organization_id" = %s'
)


def candidates_sql(access: Access, filters: dict, query: Query) -> tuple[str, str, list] | None:
    """The ``MAX_CANDIDATES`` newest entries the user may find (``access``) that pass
    ``filters`` (the search form's cleaned data) and hold every term of ``query``: the
    alias of the database to read them from, their SQL (``pk``, ``period_end``, and
    what ranks them: ``vector`` on PostgreSQL, ``rank`` on SQLite) and its parameters;
    None if nothing can match. Cut a page of them with ``ranked_page_sql``.

    The committees searched (the one chosen, else those where the user holds a role,
    else any for a superuser) also go into the PostgreSQL text query as the
    committees' own lexemes, so that the GIN index alone can find the rows of these
    committees among a nation's.
    """
    terms = query.terms
    if not terms:
        return None
    # On the database the ORM would read it from (the replica of a GET page, where one
    # is configured).
    alias = router.db_for_read(SearchEntry)
    connection = connections[alias]
    committee = f'{_TABLE}."committee_id"'
    committees = None
    if connection.vendor == "postgresql":
        chosen = filters.get("committee")
        committees = (
            [chosen.pk]
            if chosen
            else None
            if access.is_superuser
            else sorted(access.committee_ids())
        )
        if committees == []:
            return None
        if committees is not None:
            # The text query names the committees: the text index alone finds the rows,
            # which PostgreSQL otherwise intersects with the rows of the committees'
            # index (about 0.2 ms at nation for nothing). ``+ 0``: no index applies.
            committee = f"({committee} + 0)"
    findable = findable_sql(access, _TABLE, committee)
    if findable is None:
        return None
    where, params = findable
    params = list(params)
    where = [*where, *_filter_sql(connection, filters, params, committee)]
    if connection.vendor == "postgresql":
        words = " & ".join(_quoted(t) for t in terms)
        wanted = words
        if committees is not None:
            wanted = f"({words}) & ({' | '.join(_quoted(f'#{pk}') for pk in committees)})"
        text_query = "%s::tsquery"
        if committees is not None and not any(filters.get(name) for name in _INDEXED):
            # Read by a subquery, the text query is a value PostgreSQL does not know when
            # it plans: its plan of a text query naming committees is then the same
            # whatever the words (the text index, then the newest), and once a statement
            # prepared on the connection has been planned five times, it keeps one
            # generic plan rather than planning the page query again for each search
            # (about 0.5 ms at nation, issue 19). Not for a search of every committee,
            # where how many rows hold the words decides the plan, nor with a filter
            # that has an index of its own: unaware of the words, PostgreSQL would read
            # that index (134 ms for “dan van” of reports since 2023-Q1 at nation).
            text_query = f"(SELECT {text_query})"
        where.append(f'{_TABLE}."search_vector" @@ {text_query}')
        params.append(wanted)
        # Ranked once cut to the newest: PostgreSQL would rank every match before
        # sorting them by period when it reads them from the text index.
        ranking, ranking_params = f'{_TABLE}."search_vector" AS "vector"', []
    else:
        for term in terms:
            where.append(f"{_TABLE}.\"terms\" LIKE %s ESCAPE '\\'")
            params.append(f"%{connection.ops.prep_for_like_query(f' {term} ')}%")
        ranking, ranking_params = _sqlite_rank(connection, terms)
    sql = (
        f'SELECT {_TABLE}."id" AS "pk", {_TABLE}."period_end" AS "period_end", {ranking}'
        f" FROM {_TABLE}"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + f' ORDER BY {_TABLE}."period_end" DESC, {_TABLE}."id" DESC LIMIT {int(MAX_CANDIDATES)}'
    )
    return alias, sql, [*ranking_params, *params]


def _filter_sql(connection, filters: dict, params: list, committee: str) -> list[str]:
    """The conditions of the form's filters (their parameters appended to ``params``,
    as the ORM hands them to the driver); ``committee``: the SQL of the row's
    committee."""
    day = connection.ops.adapt_datefield_value
    where = []
    if filters.get("committee"):
        where.append(f"{committee} = %s")
        params.append(filters["committee"].pk)
    if filters.get("kind"):
        where.append(f'{_TABLE}."kind" = %s')
        params.append(str(filters["kind"]))
    if filters.get("organization"):
        # Its reports and proposals, and the directives assigned to it.
        where.append(
            f'({_TABLE}."organization_id" = %s'
            f' OR ({_TABLE}."kind" = %s AND {_TABLE}."source_id" IN ({_ASSIGNED})))'
        )
        organization = filters["organization"].pk
        params.extend([organization, Kind.DIRECTIVE.value, organization])
    if filters.get("period_from"):
        where.append(f'{_TABLE}."period_end" >= %s')
        params.append(day(Period.parse(filters["period_from"]).start))
    if filters.get("period_to"):
        where.append(f'{_TABLE}."period_end" <= %s')
        params.append(day(Period.parse(filters["period_to"]).end))
    return where


def ranked_page_sql(
    candidates: tuple[str, str, list], query: Query, start: int, stop: int
) -> tuple[str, tuple]:
    """SQL and parameters of entries ``start`` to ``stop`` of ``candidates`` (from
    ``candidates_sql``) by rank, then newest period first: their ``pk``, ``rank`` and
    ``period_end``, to be ordered again by those where they are joined.

    Ranked and cut among the candidates alone, in one level of SQL over the rows the
    index found (no second reading of the candidates by key), so that what they are
    shown with (meeting, organization…) is read for these entries only, not for each of
    the up to ``MAX_CANDIDATES`` matches ranked.
    """
    alias, sql, params = candidates
    if connections[alias].vendor == "postgresql":
        rank, rank_params = _postgresql_rank(query.terms)
        rank = rank.replace("{vector}", "candidate.vector")
    else:
        rank, rank_params = "candidate.rank", []
    return (
        f"SELECT candidate.pk, {rank} AS rank, candidate.period_end FROM ({sql})"
        f" candidate ORDER BY {ORDER.format(table='candidate').replace('candidate.rank', 'rank')}"
        " LIMIT %s OFFSET %s",
        (*rank_params, *params, stop - start, start),
    )


def _quoted(term: str) -> str:
    # Terms are letters and digits only (search.terms); quoting keeps them lexemes.
    return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"


def _postgresql_rank(terms: list[str]) -> tuple[str, list[str]]:
    """SQL of the rank over ``{vector}`` and its parameters: the phrase bonus, then
    ``ts_rank`` with normalization 0 (how often the words occur, the nearer each other
    the more for several words; SQLite counts the occurrences). ``ts_rank_cd``, which
    ranks by how closely the words cover the text, cost about four times as much over
    the candidates (1.4 against 0.3 ms for 490 at nation), and the bonus already puts
    the texts with the words side by side first."""
    words = " & ".join(_quoted(t) for t in terms)
    phrase = " <-> ".join(_quoted(t) for t in terms)
    return (
        f"(CASE WHEN {{vector}} @@ %s::tsquery THEN {PHRASE_BONUS} ELSE 0 END)"
        " + ts_rank({vector}, %s::tsquery)",
        [phrase, words],
    )


def _sqlite_rank(connection, terms: list[str]) -> tuple[str, list]:
    """The phrase bonus, then the number of occurrences of each term."""
    terms_column = f'{_TABLE}."terms"'
    phrase = "".join(f" {t} " for t in terms)
    rank = f"CASE WHEN {terms_column} LIKE %s ESCAPE '\\' THEN %s ELSE %s END"
    params: list = [f"%{connection.ops.prep_for_like_query(phrase)}%", PHRASE_BONUS, 0]
    for term in terms:
        padded = f" {term} "
        rank = (
            f"({rank} + ((LENGTH({terms_column}) - LENGTH(REPLACE({terms_column}, %s, %s))) / %s))"
        )
        params += [padded, "", len(padded)]
    return f'CAST({rank} AS real) AS "rank"', params
