"""A server with DATABASE_REPLICA_URL: pages read from the replica, nothing is written there.

The "replica" here is the test database reached through a second connection that
PostgreSQL keeps read-only, as a hot standby is: any write routed to it fails.
Its connections carry their own application_name, so the test sees when it is used.
"""

from __future__ import annotations

import pytest
from django.db import connection

from giaoban.replica import PIN_COOKIE
from tests.deploy.conftest import PASSWORD, database_url, requires_postgresql
from tests.deploy.servers import Visitor

pytestmark = [requires_postgresql, pytest.mark.deploy]
REPLICA_NAME = "giaoban_replica_test"


def replica_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s",
            [REPLICA_NAME],
        )
        return cursor.fetchone()[0]


def forget_pin(visitor: Visitor) -> None:
    """As if the pin's seconds had passed."""
    for cookie in list(visitor.cookies):
        if cookie.name == PIN_COOKIE:
            visitor.cookies.clear(cookie.domain, cookie.path, cookie.name)


def test_pages_read_from_the_replica_and_write_to_the_primary(start_server, staff_user, meeting):
    replica = (
        f"{database_url()}?application_name={REPLICA_NAME}"
        "&options=-c%20default_transaction_read_only%3Don"
    )
    server = start_server(DATABASE_REPLICA_URL=replica, GUNICORN_WORKERS="1")
    visitor = Visitor()

    # Signing in writes (session, sign-in record, lockout counter): all on the primary.
    assert visitor.sign_in(server.url, "trang", PASSWORD).status == 302
    # Right after a change, the visitor reads from the primary (no replica lag to see).
    assert visitor.get(f"{server.url}/meetings/").status == 200
    assert replica_connections() == 0

    forget_pin(visitor)
    page = visitor.get(f"{server.url}/meetings/{meeting.pk}/")

    # The session was saved on this request too (idle timeout): on the primary, or 500.
    assert page.status == 200, server.log_text()[-3000:]
    assert "Quý I/2024" in page.text
    assert replica_connections() == 1
