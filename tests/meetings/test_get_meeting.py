"""``get_meeting`` (its query compiled once per process) gives exactly the meetings that
``readable_meetings`` and ``managed_meetings`` give, to every kind of reader, a superuser
and someone without a role, and answers anything else as a missing meeting."""

import itertools

import pytest
from django.http import Http404
from django.test import RequestFactory

from accounts.models import SecurityEvent
from meetings.access import get_meeting, managed_meetings, readable_meetings
from meetings.models import Conclusion, ConclusionStatus
from organizations.access import access_for
from organizations.models import RoleKind
from tests.factories import make_meeting, make_role, make_user


def request_of(user):
    request = RequestFactory().get("/meetings/")
    request.user = user
    return request


def got(user, pk, **options):
    """The meeting ``get_meeting`` gives ``user``, or None for a 404."""
    try:
        meeting, _access = get_meeting(request_of(user), pk, **options)
    except Http404:
        return None
    return meeting


@pytest.fixture
def meetings(world):
    ours = make_meeting(world.lam_giang, "2024-Q1")
    Conclusion.objects.create(meeting=ours, status=ConclusionStatus.DRAFT)
    return [
        ours,
        make_meeting(world.lam_giang, "2024-Q2"),
        make_meeting(world.ha_son, "2024-Q1"),
        make_meeting(world.commune, "2024-Q1"),
    ]


def test_each_reader_gets_what_the_access_layer_gives(world, meetings):
    root = make_user("root", "Quản trị hệ thống", is_superuser=True, is_staff=True)
    nobody = make_user("nobody", "Không có vai trò")
    both = make_user("both", "Hai tỉnh")  # roles in two committees: a list of two ids
    make_role(both, world.ha_son, RoleKind.STAFF)
    make_role(both, world.lam_giang, RoleKind.LEADER)
    users = [world.trang, world.bao, world.khoi, world.nam, world.minh, root, nobody, both]
    options = [
        {},
        {"manage": True},
        {"with_conclusion": True},
        {"manage": True, "related": ("conclusion",)},
    ]
    for user, meeting, option in itertools.product(users, meetings, options):
        access = access_for(user)
        scoped = managed_meetings(access) if option.get("manage") else readable_meetings(access)
        expected = scoped.filter(pk=meeting.pk).first()
        found = got(user, meeting.pk, **option)
        assert (found and found.pk) == (expected and expected.pk), (user, meeting, option)
        if found is not None:
            assert found.committee.name == meeting.committee.name
            if option.get("with_conclusion"):
                has_conclusion = meeting.pk == meetings[0].pk
                assert hasattr(found, "conclusion") is has_conclusion
                assert found.signed_version is None


def test_what_each_one_reads_and_manages(world, meetings):
    ours, _next, foreign, _commune = meetings
    root = make_user("root", "Quản trị hệ thống", is_superuser=True, is_staff=True)
    assert got(world.bao, ours.pk) is not None  # a leader reads
    assert got(world.bao, ours.pk, manage=True) is None  # but does not manage
    assert got(world.khoi, ours.pk) is not None  # a reporter reads
    assert got(world.trang, ours.pk, manage=True) is not None  # staff manage
    assert got(world.trang, foreign.pk) is None  # not another committee's
    assert got(make_user("nobody"), ours.pk) is None
    assert got(root, foreign.pk, manage=True).committee == world.ha_son  # a superuser: all


def test_a_foreign_meeting_is_noted_in_the_security_log_a_missing_one_is_not(world, meetings):
    foreign = meetings[2]
    assert got(world.trang, foreign.pk) is None
    assert got(world.trang, foreign.pk + 1000) is None
    denied = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.DENIED)
    assert list(denied.values_list("user", flat=True)) == [world.trang.pk]


def test_one_query(world, meetings, django_assert_num_queries):
    access_for(world.trang)  # the roles: read once per request, before
    for meeting in meetings[:2]:
        with django_assert_num_queries(1):
            assert got(world.trang, meeting.pk, with_conclusion=True).pk == meeting.pk
