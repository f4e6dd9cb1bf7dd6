"""Reads from a PostgreSQL replica (DATABASE_REPLICA_URL): only the safe ones.

The rules are in giaoban/replica.py; here each is checked through the real
middleware and router. The settings of the suite configure no replica, so the
router is used directly; tests/deploy/test_replica_server.py runs gunicorn with one.
"""

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from accounts.models import User
from giaoban.replica import PIN_COOKIE, ReplicaReadsMiddleware, ReplicaRouter
from meetings.models import Meeting
from organizations.models import Organization

router = ReplicaRouter()


def read_database_during(request, model=Meeting):
    """The database the router picks for reading ``model`` while ``request`` is served."""
    seen = {}

    def view(request):
        seen["db"] = router.db_for_read(model)
        return HttpResponse()

    response = ReplicaReadsMiddleware(view)(request)
    return seen["db"], response


def test_a_page_read_reads_from_the_replica(rf: RequestFactory):
    db, _response = read_database_during(rf.get("/meetings/"))

    assert db == "replica"
    assert read_database_during(rf.head("/meetings/"), Organization)[0] == "replica"


def test_a_form_sent_reads_and_writes_on_the_primary_and_pins_the_visitor(rf, settings):
    db, response = read_database_during(rf.post("/meetings/new/"))

    assert db == "default"
    assert router.db_for_write(Meeting) == "default"
    pin = response.cookies[PIN_COOKIE]
    assert pin["max-age"] == settings.REPLICA_PIN_SECONDS + 1
    assert pin["httponly"]


def test_a_pinned_visitor_reads_from_the_primary(rf):
    _db, response = read_database_during(rf.post("/meetings/new/"))
    request = rf.get("/meetings/")
    request.COOKIES[PIN_COOKIE] = response.cookies[PIN_COOKIE].value

    assert read_database_during(request)[0] == "default"


def test_an_expired_pin_reads_from_the_replica_again(rf):
    request = rf.get("/meetings/")
    request.COOKIES[PIN_COOKIE] = "1000"  # 1970

    assert read_database_during(request)[0] == "replica"


@pytest.mark.parametrize("model", [User, Session])
def test_sign_in_and_sessions_are_always_read_from_the_primary(rf, model):
    assert read_database_during(rf.get("/"), model)[0] == "default"


def test_reads_inside_a_transaction_stay_on_the_primary(rf, db):
    seen = {}

    def view(request):
        with transaction.atomic():
            seen["db"] = router.db_for_read(Meeting)
        return HttpResponse()

    ReplicaReadsMiddleware(view)(rf.get("/meetings/"))

    assert seen["db"] == "default"


def test_outside_a_request_everything_is_on_the_primary():
    """Management commands (cron: reminders, backups) never read a lagging copy."""
    assert router.db_for_read(Meeting) == "default"
    assert router.allow_migrate("replica", "meetings") is False
    assert router.allow_migrate("default", "meetings") is True
