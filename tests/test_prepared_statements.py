"""On PostgreSQL the pages' queries are planned once per connection: parameters are bound
by the server and a statement run twice is prepared (``DJANGO_DB_PREPARED``)."""

import pytest
from django.db import connection

from organizations.models import PartyCommittee


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_a_query_run_again_on_a_connection_is_prepared(db):
    def prepared() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall() if "organizations_partycommittee" in row[0]]

    assert prepared() == []
    for name in ("Tỉnh ủy A", "Tỉnh ủy B", "Tỉnh ủy C"):
        list(PartyCommittee.objects.filter(name=name))

    statements = prepared()
    assert len(statements) == 1
    assert "$1" in statements[0]  # bound by the server, not written into the text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's JIT")
def test_the_app_connection_compiles_no_query(db):
    # A search of a nation's index is estimated above jit_above_cost: with JIT on,
    # PostgreSQL spent about 40 ms compiling it whenever it planned it afresh.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
