"""Conditional GET of kept pages (giaoban/pagecache.py, issue 19): a reader whose copy is
current gets 304, neither rendered nor read from the cache; after a change the page
comes back whole; nobody else's copy, nor an older session's, ever matches."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import services as meeting_services
from meetings.concurrency import version_of
from meetings.models import Report
from tests.factories import make_meeting, make_report


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def revalidate(client, url, etag):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    return response, queries


def test_a_second_get_with_the_etag_is_answered_304_without_rendering(world, meeting, monkeypatch):
    make_report(meeting, world.front, status="submitted", results="<p>Kết nạp 120 hội viên.</p>")
    leader = signed_in(world.bao)
    first = leader.get(meeting.get_absolute_url())
    assert first.status_code == 200
    assert first["Cache-Control"] == "private, no-cache"
    etag = first["ETag"]
    monkeypatch.setattr(cache, "get", lambda *a, **k: pytest.fail("the kept page was read"))

    second, queries = revalidate(leader, meeting.get_absolute_url(), etag)

    assert second.status_code == 304
    assert second.content == b""
    assert second["ETag"] == etag
    assert second["Cache-Control"] == "private, no-cache"
    # The session, the user (with their two-factor devices), their roles, the stamps.
    assert len(queries) == 4


def test_a_304_costs_the_same_queries_whatever_the_page_holds(world):
    small = make_meeting(world.lam_giang, "2024-Q1")
    large = make_meeting(world.lam_giang, "2023-Q4")
    make_report(small, world.front, status="submitted", results="<p>Một.</p>")
    for n in range(40):
        from tests.factories import make_organization

        organization = make_organization(world.lam_giang, f"Tổ chức {n}")
        make_report(large, organization, status="submitted", results=f"<p>Báo cáo {n}.</p>")
    leader = signed_in(world.bao)
    counts = []
    for meeting in (small, large):
        etag = leader.get(meeting.get_absolute_url())["ETag"]
        response, queries = revalidate(leader, meeting.get_absolute_url(), etag)
        assert response.status_code == 304
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_after_a_change_that_touches_the_page_it_comes_back_whole(world, meeting):
    report = make_report(meeting, world.front, status="draft", results="<p>Bản nháp.</p>")
    leader = signed_in(world.bao)
    etag = leader.get(meeting.get_absolute_url())["ETag"]

    stored = Report.objects.get(pk=report.pk)
    stored.results = "<p>Vận động 3.500 hộ tham gia.</p>"
    meeting_services.save_report(report=stored, by=world.khoi, version=version_of(report))
    response, _queries = revalidate(leader, meeting.get_absolute_url(), etag)

    assert response.status_code == 200
    assert "Vận động 3.500 hộ tham gia." in response.content.decode()
    assert response["ETag"] != etag
    assert revalidate(leader, meeting.get_absolute_url(), response["ETag"])[0].status_code == 304


def test_a_change_the_page_does_not_show_keeps_the_readers_copy(world, meeting):
    older = make_meeting(world.lam_giang, "2023-Q4")
    report = make_report(meeting, world.front, status="draft", results="<p>Bản nháp.</p>")
    leader = signed_in(world.bao)
    etag = leader.get(older.get_absolute_url())["ETag"]

    stored = Report.objects.get(pk=report.pk)
    stored.results = "<p>Bản nháp mới.</p>"
    meeting_services.save_report(report=stored, by=world.khoi, version=version_of(report))

    assert revalidate(leader, older.get_absolute_url(), etag)[0].status_code == 304


def test_another_users_etag_never_matches(world, meeting):
    url = reverse("tracking:dashboard")
    etag = signed_in(world.bao).get(url)["ETag"]
    staff = signed_in(world.trang)
    staff.get(url)

    response, _queries = revalidate(staff, url, etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_new_session_of_the_same_reader_gets_the_page_again(world, meeting):
    url = meeting.get_absolute_url()
    etag = signed_in(world.bao).get(url)["ETag"]
    second_browser = signed_in(world.bao)

    response, _queries = revalidate(second_browser, url, etag)

    assert response.status_code == 200  # its forms need this session's CSRF token
    assert response["ETag"] != etag


def test_a_form_with_one_time_tokens_carries_no_etag(world, meeting):
    staff = signed_in(world.trang)
    url = reverse("conclusions:edit", args=[meeting.pk])

    first = staff.get(url)
    second = staff.get(url, HTTP_IF_NONE_MATCH="*")

    assert 'name="submission_token"' in first.content.decode()
    assert "ETag" not in first and "ETag" not in second
    assert first["Cache-Control"] == "private, no-cache"
    assert second.status_code == 200


def test_a_page_rendered_with_the_cache_switched_off_has_no_etag(world, meeting, settings):
    settings.PAGE_CACHE = False
    response = signed_in(world.bao).get(meeting.get_absolute_url())

    assert "ETag" not in response


def test_a_compressed_page_revalidates_with_the_same_etag(world, meeting):
    leader = signed_in(world.bao)
    first = leader.get(meeting.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert first.get("Content-Encoding") == "gzip"

    second = leader.get(
        meeting.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"]
    )

    assert second.status_code == 304
