"""Matching and ranking, on PostgreSQL with its text search, on SQLite with LIKE.

Both compare the terms of ``search.terms`` (folded in Python), so the same data
gives the same results; only the rank differs in detail (``ts_rank`` against a
count of occurrences), and ties are broken the same way (newest period first).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import BooleanField, Case, FloatField, IntegerField, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Length, Replace

from search.terms import Query

VECTOR = '"search_searchentry"."search_vector"'
# A text holding the query's words side by side, in order, ranks above any other.
PHRASE_BONUS = 1000


def matching(
    entries: QuerySet, query: Query, *, committee_ids: Iterable[int] | None = None
) -> QuerySet:
    """``entries`` holding every term of ``query``, best first.

    ``committee_ids`` (None: any committee) also goes into the PostgreSQL text
    query as the committee's own lexeme, so that the GIN index alone finds the
    rows of these committees among a nation's.
    """
    terms = query.terms
    if not terms:
        return entries.none()
    if connection.vendor == "postgresql":
        return _postgresql(entries, terms, committee_ids)
    return _sqlite(entries, terms)


def _quoted(term: str) -> str:
    # Terms are letters and digits only (search.terms); quoting keeps them lexemes.
    return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"


def _postgresql(entries: QuerySet, terms: list[str], committee_ids) -> QuerySet:
    words = " & ".join(_quoted(t) for t in terms)
    wanted = words
    if committee_ids is not None:
        committees = sorted(set(committee_ids))
        if not committees:
            return entries.none()
        wanted = f"({words}) & ({' | '.join(_quoted(f'#{pk}') for pk in committees)})"
    # The words side by side, in the order typed, first; then ts_rank_cd (occurrences, and
    # how close together they are).
    phrase = " <-> ".join(_quoted(t) for t in terms)
    rank = (
        f"(CASE WHEN {VECTOR} @@ %s::tsquery THEN {PHRASE_BONUS} ELSE 0 END)"
        f" + ts_rank_cd({VECTOR}, %s::tsquery)"
    )
    return entries.filter(
        RawSQL(f"{VECTOR} @@ %s::tsquery", [wanted], output_field=BooleanField())
    ).annotate(rank=RawSQL(rank, [phrase, words], output_field=FloatField()))


def _sqlite(entries: QuerySet, terms: list[str]) -> QuerySet:
    phrase = "".join(f" {t} " for t in terms)
    rank = Case(
        When(terms__contains=phrase, then=Value(PHRASE_BONUS)),
        default=Value(0),
        output_field=IntegerField(),
    )
    for term in terms:
        padded = f" {term} "
        entries = entries.filter(terms__contains=padded)
        occurrences = (Length("terms") - Length(Replace("terms", Value(padded), Value("")))) / len(
            padded
        )
        rank = rank + occurrences
    return entries.annotate(rank=Cast(rank, FloatField()))


def ranked(entries: QuerySet) -> QuerySet:
    return entries.order_by("-rank", "-period_end", "-pk")
