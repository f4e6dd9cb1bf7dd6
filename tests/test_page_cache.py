"""Key pages kept rendered between changes (giaoban/pagecache.py): served again while
nothing their reader can see has changed, rendered afresh after any change, whoever made
it and however it was written."""

import datetime as dt
import io
import re
import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from giaoban import pagecache
from giaoban.models import PageStamp
from meetings.models import Report
from organizations import services
from organizations.models import Organization, Role, RoleKind
from tests.conftest import sign_in
from tests.factories import make_meeting, make_report, make_role, make_user
from tests.meetings.test_meeting_pages import meeting_data

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def fetch(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(queries)


def served_from_cache(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def test_a_page_read_twice_is_served_the_second_time_without_rendering(client, world, meeting):
    make_report(meeting, world.front, status="submitted", results="<p>Kết nạp 120 hội viên.</p>")
    client.force_login(world.bao)

    first, rendered = fetch(client, meeting.get_absolute_url())
    second, served = fetch(client, meeting.get_absolute_url())

    assert not served_from_cache(first) and served_from_cache(second)
    assert served < rendered
    assert "Kết nạp 120 hội viên." in second.content.decode()
    without_tokens = [TOKEN.sub("", r.content.decode()) for r in (first, second)]
    assert without_tokens[0] == without_tokens[1]


def test_a_cached_page_carries_a_token_of_its_own_session_that_a_form_accepts(world, meeting):
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(world.trang)
    staff.get(meeting.get_absolute_url())
    other = Client(enforce_csrf_checks=True)
    other.force_login(world.trang)  # a second browser of the same person: another session

    page = other.get(meeting.get_absolute_url())

    assert served_from_cache(page)
    token = TOKEN.search(page.content.decode()).group(1)
    assert "__csrf__" not in page.content.decode()
    signed_out = other.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302  # not 403: the token is this session's


def test_a_report_saved_through_the_site_is_shown_at_once_to_a_reader_who_had_the_page(
    client, world, meeting
):
    leader = Client()
    leader.force_login(world.bao)
    leader.get(meeting.get_absolute_url())
    assert served_from_cache(leader.get(meeting.get_absolute_url()))
    client.force_login(world.khoi)

    client.post(
        reverse("reports:edit", args=[meeting.pk, world.front.pk]),
        {
            "results": "<p>Vận động 3.500 hộ tham gia.</p>",
            "proposals-TOTAL_FORMS": "0",
            "proposals-INITIAL_FORMS": "0",
            "submit": "1",
        },
    )
    page = leader.get(meeting.get_absolute_url())

    assert not served_from_cache(page)
    assert "Vận động 3.500 hộ tham gia." in page.content.decode()


def test_a_change_named_outside_the_site_shows_too_even_a_bulk_update(client, world, meeting):
    report = make_report(meeting, world.front, status="submitted", results="<p>Cũ.</p>")
    client.force_login(world.bao)
    client.get(meeting.get_absolute_url())

    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(results="<p>Mới, từ lệnh quản trị.</p>")
        pagecache.changed([world.lam_giang.pk])
    page = client.get(meeting.get_absolute_url()).content.decode()

    assert "Mới, từ lệnh quản trị." in page and "Cũ." not in page


def test_a_change_in_another_committee_keeps_the_page(client, world, meeting):
    client.force_login(world.bao)
    client.get(meeting.get_absolute_url())
    other = Client()
    other.force_login(world.minh)  # staff of Hà Sơn

    data = meeting_data(world, committee=world.ha_son.pk)
    data["attendance-TOTAL_FORMS"] = "0"
    created = other.post(reverse("meetings:create"), data)
    page = client.get(meeting.get_absolute_url())

    assert created.status_code == 302
    assert served_from_cache(page)


def test_what_a_superuser_saves_in_the_admin_renders_every_committees_pages_again(
    client, world, meeting
):
    url = reverse("tracking_organizations:detail", args=[world.foreign_front.pk])
    client.force_login(world.minh)  # staff of Hà Sơn
    client.get(url)
    assert served_from_cache(client.get(url))
    root = Client()
    root.force_login(make_user("root", "Quản trị hệ thống", is_superuser=True, is_staff=True))

    saved = root.post(
        reverse("admin:organizations_partycommittee_change", args=[world.lam_giang.pk]),
        {**admin_form(root, world.lam_giang), "short_name": "Lâm Giang"},
    )

    assert saved.status_code == 302
    assert not served_from_cache(client.get(url))


def admin_form(client, obj) -> dict:
    """The fields of an admin change form as it is shown (inputs and selected options)."""
    from django.forms.models import model_to_dict

    return {k: ("" if v is None else v) for k, v in model_to_dict(obj).items()}


def test_readers_each_have_their_own_page(client, world, meeting):
    make_report(meeting, world.front, status="draft", results="<p>Bản nháp của Mặt trận.</p>")
    client.force_login(world.khoi)  # the Front's reporter reads their own draft
    assert "Bản nháp của Mặt trận." in client.get(meeting.get_absolute_url()).content.decode()
    farmers = Client()
    farmers.force_login(world.ha)  # another organization's reporter does not

    page = farmers.get(meeting.get_absolute_url())

    assert not served_from_cache(page)
    assert "Bản nháp của Mặt trận." not in page.content.decode()


def test_a_role_changed_in_the_same_committee_changes_what_is_shown(client, world, meeting):
    make_report(meeting, world.front, status="draft", results="<p>Bản nháp của Mặt trận.</p>")
    client.force_login(world.trang)  # staff read every draft
    assert "Bản nháp của Mặt trận." in client.get(meeting.get_absolute_url()).content.decode()

    services.end_role(role=Role.objects.get(user=world.trang, kind=RoleKind.STAFF), by=world.nam)
    services.grant_role(
        user=world.trang,
        committee=world.lam_giang,
        kind=RoleKind.REPORTER,
        organization=world.farmers,
        by=world.nam,
    )
    page = client.get(meeting.get_absolute_url())

    assert not served_from_cache(page)
    assert "Bản nháp của Mặt trận." not in page.content.decode()


def test_the_query_string_and_the_language_are_part_of_the_key(client, world, meeting):
    client.force_login(world.trang)
    board = reverse("tracking:board")
    client.get(board)
    client.get(board + "?status=overdue")
    assert served_from_cache(client.get(board + "?status=overdue"))
    assert served_from_cache(client.get(board))

    client.post(reverse("set_language"), {"language": "en", "next": board})
    english = client.get(board)

    assert not served_from_cache(english)
    assert 'lang="en"' in english.content.decode()


def test_signing_in_keeps_the_pages(client, world, meeting):
    url = meeting.get_absolute_url()
    client.force_login(world.bao)
    client.get(url)
    other = Client()

    signed_in = sign_in(other, "trang", "test-password-123")

    assert signed_in.status_code == 302
    assert served_from_cache(client.get(url))


def test_a_role_taken_away_ends_the_cached_page(client, world, meeting):
    reader = make_user("doc", "Người đọc")
    role = make_role(reader, world.lam_giang, RoleKind.LEADER)
    client.force_login(reader)
    assert client.get(meeting.get_absolute_url()).status_code == 200

    role.delete()

    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_a_page_with_a_message_waiting_is_neither_served_nor_kept(client, world, meeting):
    client.force_login(world.trang)
    client.get(meeting.get_absolute_url())
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse

    storage = CookieStorage(type("R", (), {"COOKIES": {}})())
    storage.add(constants.SUCCESS, "Đã lưu biên bản.")
    response = HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value

    with_message = client.get(meeting.get_absolute_url())
    after = client.get(meeting.get_absolute_url())

    assert not served_from_cache(with_message)
    assert "Đã lưu biên bản." in with_message.content.decode()
    assert "Đã lưu biên bản." not in after.content.decode()


def test_the_next_day_renders_again(client, world, meeting, monkeypatch):
    client.force_login(world.bao)
    client.get(reverse("tracking:board"))
    tomorrow = pagecache.timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(pagecache.timezone, "localdate", lambda: tomorrow)

    assert not served_from_cache(client.get(reverse("tracking:board")))


def test_superusers_are_not_served_from_the_cache(client, world, meeting):
    root = make_user("root", "Quản trị hệ thống", is_superuser=True, is_staff=True)
    client.force_login(root)
    client.get(meeting.get_absolute_url())

    assert not served_from_cache(client.get(meeting.get_absolute_url()))


def test_switched_off_every_request_renders(client, world, meeting, settings):
    settings.PAGE_CACHE = False
    client.force_login(world.bao)
    client.get(meeting.get_absolute_url())

    assert not served_from_cache(client.get(meeting.get_absolute_url()))


def in_another_process(function):
    """Run ``function`` in a thread of its own, with its own database connection, as a
    server process beside this one would."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@pytest.mark.django_db(transaction=True)
def test_a_write_from_a_shell_shows_at_once_to_a_reader_served_by_another_process(world, meeting):
    report = make_report(meeting, world.front, status="submitted", results="<p>Cũ.</p>")
    reader = Client()
    in_another_process(lambda: reader.force_login(world.bao))
    url = meeting.get_absolute_url()
    in_another_process(lambda: reader.get(url))
    assert served_from_cache(in_another_process(lambda: reader.get(url)))

    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(results="<p>Mới, từ dòng lệnh.</p>")
        pagecache.changed([world.lam_giang.pk])
    page = in_another_process(lambda: reader.get(url))

    assert not served_from_cache(page)
    assert "Mới, từ dòng lệnh." in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_write_in_another_thread_shows_too(world, meeting):
    report = make_report(meeting, world.front, status="submitted", results="<p>Cũ.</p>")
    reader = Client()
    reader.force_login(world.bao)
    reader.get(meeting.get_absolute_url())

    def write():
        with transaction.atomic():
            Report.objects.filter(pk=report.pk).update(results="<p>Từ luồng khác.</p>")
            pagecache.changed([world.lam_giang.pk])

    in_another_process(write)
    page = in_another_process(lambda: reader.get(meeting.get_absolute_url()))

    assert "Từ luồng khác." in page.content.decode()


def stamps() -> dict[int, int]:
    return dict(PageStamp.objects.values_list("scope", "changed"))


@pytest.mark.django_db(transaction=True)
def test_a_transaction_stamps_the_committees_it_named_once_when_it_commits(world):
    reader = Client()
    reader.force_login(world.bao)
    url = reverse("tracking_organizations:detail", args=[world.front.pk])
    reader.get(url)
    assert served_from_cache(reader.get(url))
    before = stamps()

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        Organization.objects.filter(pk=world.front.pk).update(display_order=42)
        pagecache.changed([world.lam_giang.pk])
        make_meeting(world.lam_giang, "2023-Q4")
        pagecache.changed([world.lam_giang.pk, world.commune.pk])
        assert in_another_process(stamps) == before  # nothing before the commit

    writes = [q["sql"] for q in queries if "giaoban_pagestamp" in q["sql"]]
    assert len(writes) == 1  # once, however often named
    after = stamps()
    assert after[world.lam_giang.pk] > before.get(world.lam_giang.pk, 0)
    assert after[world.commune.pk] > before.get(world.commune.pk, 0)
    assert after.get(world.ha_son.pk) == before.get(world.ha_son.pk)
    assert not served_from_cache(reader.get(url))


@pytest.mark.django_db(transaction=True)
def test_a_write_s_stamps_are_one_statement_after_its_commit(world):
    """Every write pays for its stamps: one statement, its own transaction in autocommit
    (no BEGIN and COMMIT sent around it), each scope once."""
    before = stamps()
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        pagecache.changed([world.lam_giang.pk, world.commune.pk])
        pagecache.changed([world.lam_giang.pk])
    statements = [q["sql"].split(" ", 1)[0] for q in queries]
    assert statements == ["BEGIN", "COMMIT", "INSERT"], statements
    after = stamps()
    assert after[world.lam_giang.pk] > before.get(world.lam_giang.pk, 0)
    assert after[world.commune.pk] == after[world.lam_giang.pk]
    pagecache.stamp([world.lam_giang.pk])  # a row already there: moved on
    assert stamps()[world.lam_giang.pk] > after[world.lam_giang.pk]


@pytest.mark.django_db(transaction=True)
def test_a_transaction_rolled_back_stamps_nothing(world):
    before = stamps()

    with pytest.raises(ZeroDivisionError), transaction.atomic():
        Organization.objects.filter(pk=world.front.pk).update(display_order=42)
        pagecache.changed([world.lam_giang.pk])
        1 / 0  # noqa: B018
    with transaction.atomic():
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            pagecache.changed([world.ha_son.pk])
            1 / 0  # noqa: B018
        Organization.objects.filter(pk=world.front.pk).update(display_order=43)
        pagecache.changed([world.lam_giang.pk])

    after = stamps()
    assert after.get(world.ha_son.pk) == before.get(world.ha_son.pk)  # its savepoint undone
    assert after[world.lam_giang.pk] > before.get(world.lam_giang.pk, 0)


@pytest.mark.django_db(transaction=True)
def test_named_outside_a_transaction_it_stamps_at_once(world):
    before = stamps()

    pagecache.changed([world.ha_son.pk])

    assert stamps()[world.ha_son.pk] > before.get(world.ha_son.pk, 0)


def test_each_serve_of_a_cached_form_has_its_own_one_time_token(client, world, meeting):
    client.force_login(world.trang)
    url = reverse("conclusions:edit", args=[meeting.pk])
    one_time = re.compile(r'name="submission_token" value="([0-9a-f]{32})"')

    first = client.get(url)
    second = client.get(url)

    assert served_from_cache(second)
    tokens = [one_time.findall(page.content.decode()) for page in (first, second)]
    assert len(tokens[0]) == len(tokens[1]) == 1
    assert tokens[0] != tokens[1]


def test_stamp_pages_renders_every_page_afresh_after_a_change_made_in_psql(client, world, meeting):
    from django.core.management import call_command

    client.force_login(world.bao)
    client.get(meeting.get_absolute_url())
    assert served_from_cache(client.get(meeting.get_absolute_url()))

    call_command("stamp_pages", stdout=io.StringIO())

    assert not served_from_cache(client.get(meeting.get_absolute_url()))


def kept_pages() -> int:
    """Pages kept in the (local-memory) cache of the tests."""
    from django.core.cache import cache

    return sum(1 for key in cache._cache if ":page:" in key)


def test_junk_parameters_keep_no_more_pages(client, world, meeting):
    make_report(meeting, world.front, status="submitted", results="<p>Kết nạp 120 hội viên.</p>")
    client.force_login(world.bao)
    client.get(meeting.get_absolute_url())
    assert kept_pages() == 1

    for n in range(50):
        page = client.get(f"{meeting.get_absolute_url()}?utm_source=mail&utm={n}")
        assert page.status_code == 200
        assert "Kết nạp 120 hội viên." in page.content.decode()

    assert kept_pages() <= 2
    assert served_from_cache(client.get(meeting.get_absolute_url()))


def test_a_reader_keeps_at_most_so_many_pages_whatever_the_values(client, world, settings):
    settings.PAGE_CACHE_PER_READER = 8
    client.force_login(world.bao)

    for n in range(50):
        assert client.get(reverse("meetings:list"), {"year": 2000 + n}).status_code == 200

    assert kept_pages() <= 8


def test_pages_that_share_a_place_replace_each_other_and_never_stand_in(client, world, settings):
    """One place for all of a reader's pages: each page replaces the other there, and a
    page asked for is never served another's content."""
    settings.PAGE_CACHE_PER_READER = 1
    older = make_meeting(world.lam_giang, "2023-Q4")
    newer = make_meeting(world.lam_giang, "2024-Q1")
    links = {m: f'href="{m.get_absolute_url()}"' for m in (older, newer)}
    client.force_login(world.bao)
    url = reverse("meetings:list")

    for _round in range(2):
        of_2023 = client.get(url, {"year": "2023"})
        of_2024 = client.get(url, {"year": "2024"})

        assert not served_from_cache(of_2023) and not served_from_cache(of_2024)
        assert links[older] in of_2023.content.decode()
        assert links[newer] not in of_2023.content.decode()
        assert links[newer] in of_2024.content.decode()
        assert links[older] not in of_2024.content.decode()
    assert served_from_cache(client.get(url, {"year": "2024"}))
    assert kept_pages() == 1


def test_pages_with_real_parameters_still_differ(client, world, meeting):
    older = make_meeting(world.lam_giang, "2023-Q4")
    links = {m: f'href="{m.get_absolute_url()}"' for m in (older, meeting)}
    client.force_login(world.bao)
    url = reverse("meetings:list")

    for _round in range(2):
        of_2023 = client.get(url, {"year": "2023"}).content.decode()
        of_2024 = client.get(url, {"year": "2024"}).content.decode()
        every = client.get(url).content.decode()

        assert links[older] in of_2023 and links[meeting] not in of_2023
        assert links[older] not in of_2024 and links[meeting] in of_2024
        assert links[older] in every and links[meeting] in every
    assert served_from_cache(client.get(url, {"year": "2023"}))
