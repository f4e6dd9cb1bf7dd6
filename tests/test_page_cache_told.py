"""The page cache is told which committees changed (giaoban/pagecache.py), the tests check
that nobody forgets (tests/page_cache_guard.py), and the release is fixed at start
(giaoban/release.py)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from giaoban import pagecache, release
from meetings import services as meeting_services
from meetings.models import Report
from organizations import services as organization_services
from organizations.models import Organization, RoleKind
from tests import page_cache_guard
from tests.factories import make_report
from tracking import services as tracking_services

# --- the guard ---------------------------------------------------------------------------


def test_the_guard_fails_a_write_through_the_orm_that_names_no_committee(
    page_cache_told, world, meeting
):
    report = make_report(meeting, world.front, results="<p>Cũ.</p>")
    page_cache_told.watch_tests = True  # this test plays the application

    with (
        pytest.raises(page_cache_guard.NotTold, match="meetings_report") as failed,
        transaction.atomic(),
    ):
        Report.objects.filter(pk=report.pk).update(results="<p>Quên báo.</p>")

    assert 'UPDATE "meetings_report" SET "results"' in str(failed.value)
    assert page_cache_guard.stop() == [str(failed.value)]  # the test would fail at its end
    page_cache_guard.start()


def test_the_guard_fails_a_write_outside_any_transaction(page_cache_told, world, meeting):
    report = make_report(meeting, world.front, results="<p>Cũ.</p>")
    page_cache_told.watch_tests = True

    with pytest.raises(page_cache_guard.NotTold, match="outside any transaction"):
        Report.objects.filter(pk=report.pk).update(results="<p>Quên báo.</p>")

    page_cache_guard.stop()
    page_cache_guard.start()


def test_the_guard_passes_a_write_that_names_its_committee(page_cache_told, world, meeting):
    report = make_report(meeting, world.front, results="<p>Cũ.</p>")
    page_cache_told.watch_tests = True

    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(results="<p>Mới.</p>")
        pagecache.changed([meeting.committee_id])
    with transaction.atomic():
        pagecache.changed_everything()
        Report.objects.filter(pk=report.pk).update(results="<p>Mới hơn.</p>")

    assert page_cache_told.failures == []


def test_the_guard_passes_a_write_that_names_what_it_touched(page_cache_told, world, meeting):
    report = make_report(meeting, world.front, results="<p>Cũ.</p>")
    page_cache_told.watch_tests = True

    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(results="<p>Mới.</p>")
        pagecache.touched(meeting.committee_id, report=(meeting.pk, world.front.pk), draft=True)

    assert page_cache_told.failures == []


def test_the_stamps_stay_few_whatever_the_number_of_meetings():
    rows = {pagecache.scope_key(f"m:{pk}") for pk in range(200_000)}

    assert len(rows) <= pagecache.SCOPE_BUCKETS
    assert min(rows) >= pagecache.SCOPE_BASE  # never a committee's own row
    assert pagecache.scope_key("c:42") == 42


def test_the_guard_forgets_writes_a_savepoint_rolled_back(page_cache_told, world, meeting):
    report = make_report(meeting, world.front, results="<p>Cũ.</p>")
    page_cache_told.watch_tests = True

    with transaction.atomic(), pytest.raises(ZeroDivisionError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(results="<p>Bỏ.</p>")
        1 / 0  # noqa: B018
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(results="<p>Bỏ.</p>")
        1 / 0  # noqa: B018

    assert page_cache_told.failures == []


def test_the_guard_ignores_tables_no_page_shows(page_cache_told, world):
    page_cache_told.watch_tests = True

    with transaction.atomic():
        pagecache.stamp([world.lam_giang.pk])
    world.trang.last_login = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    world.trang.save(update_fields=["last_login"])

    assert page_cache_told.failures == []


def test_statements_are_told_apart_however_they_are_written():
    written_table = page_cache_guard.written_table
    assert written_table('UPDATE "meetings_report" SET "results" = %s') == "meetings_report"
    assert written_table('/* note */\tDELETE FROM "meetings_report"') == "meetings_report"
    assert written_table('INSERT OR REPLACE INTO "meetings_report" VALUES (1)') == (
        "meetings_report"
    )
    for write in ("WITH x AS (SELECT 1) UPDATE t SET a = 1", "TRUNCATE t", "MERGE INTO t"):
        assert written_table(write) == page_cache_guard.UNKNOWN
    for read in (
        "SELECT 1",
        "(SELECT 1) UNION (SELECT 2)",
        "SAVEPOINT s1",
        "WITH x AS (SELECT 1) SELECT * FROM x",
    ):
        assert written_table(read) is None


def test_production_watches_no_statement():
    from django.db import connection

    assert connection.execute_wrappers == [page_cache_guard.guard]  # the tests' guard only
    assert "StampMiddleware" not in " ".join(settings.MIDDLEWARE)


# --- a write in one committee keeps the other committees' pages ---------------------------


def kept_for_minh(world) -> tuple[Client, str]:
    """Minh, staff of Hà Sơn, has the page of his committee's Front kept."""
    url = reverse("tracking_organizations:detail", args=[world.foreign_front.pk])
    minh = Client()
    minh.force_login(world.minh)
    minh.get(url)
    assert minh.get(url)["X-Page-Cache"] == "hit"
    return minh, url


def save_a_report(world, meeting):
    report = make_report(meeting, world.front, results="<p>Cũ.</p>")
    report.results = "<p>Mới.</p>"
    meeting_services.save_report(report=report, by=world.trang)


def rename_an_organization(world, meeting):
    organization_services.rename_organization(
        organization=world.farmers, name="Hội Nông dân Lâm Giang mới", on=dt.date(2025, 1, 1)
    )


def merge_organizations(world, meeting):
    tracking_services.merge_organizations(
        sources=[world.farmers], into=world.front, on=dt.date(2025, 1, 1), by=world.nam
    )


def grant_a_role(world, meeting):
    organization_services.grant_role(
        user=world.ha, committee=world.lam_giang, kind=RoleKind.LEADER, by=world.nam
    )


def record_progress(world, meeting, issued):
    _meeting, directives = issued(period="2023-Q4", held_on=dt.date(2024, 1, 19))
    tracking_services.record_progress(
        changes=[tracking_services.Change(directives[0].assignments.get(), "done")],
        by=world.khoi,
    )


@pytest.mark.parametrize(
    "write",
    [save_a_report, rename_an_organization, merge_organizations, grant_a_role, record_progress],
)
def test_a_write_in_lam_giang_keeps_the_pages_of_ha_son(world, meeting, issued, write):
    minh, url = kept_for_minh(world)
    bao = Client()
    bao.force_login(world.bao)
    own = reverse("tracking_organizations:detail", args=[world.front.pk])
    bao.get(own)

    if write is record_progress:
        write(world, meeting, issued)
    else:
        write(world, meeting)

    assert minh.get(url)["X-Page-Cache"] == "hit"
    assert bao.get(own).get("X-Page-Cache") != "hit"


def test_a_merger_names_its_committee_and_no_other(world):
    connection = transaction.get_connection()
    pagecache._stamp_own_writes(connection)  # what the fixtures named

    tracking_services.merge_organizations(
        sources=[world.farmers], into=world.front, on=dt.date(2025, 1, 1), by=world.nam
    )

    assert sorted(pagecache._pending(connection).scopes) == [world.lam_giang.pk]
    assert Organization.objects.get(pk=world.farmers.pk).valid_until == dt.date(2025, 1, 1)


# --- the release -------------------------------------------------------------------------


def test_the_release_is_fixed_when_the_process_starts_and_no_request_reads_files(
    client, world, meeting, monkeypatch
):
    def read_files(*args, **kwargs):
        raise AssertionError("a file read for the release while serving")

    monkeypatch.setattr(release, "compute", read_files)
    monkeypatch.setattr(os, "walk", read_files)
    client.force_login(world.bao)

    client.get(meeting.get_absolute_url())
    served = client.get(meeting.get_absolute_url())

    assert served["X-Page-Cache"] == "hit"
    assert pagecache.release() == pagecache.RELEASE


def release_of_a_fresh_process(**environment) -> str:
    """What a process started now (a gunicorn worker, a command) takes as the release."""
    env = {k: v for k, v in os.environ.items() if k != release.ENVIRONMENT_VARIABLE}
    env.update(environment)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from giaoban import pagecache; "
            "print(pagecache.release())",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "giaoban.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_two_processes_of_one_release_agree_and_gunicorn_hands_its_workers_the_same(
    monkeypatch,
):
    first, second = release_of_a_fresh_process(), release_of_a_fresh_process()
    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", Path(settings.BASE_DIR) / "gunicorn.conf.py"
    )
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    monkeypatch.delenv(release.ENVIRONMENT_VARIABLE, raising=False)
    conf.on_reload(None)  # what the master does before starting workers
    handed = os.environ[release.ENVIRONMENT_VARIABLE]

    assert first == second == handed == pagecache.release()
    assert release_of_a_fresh_process(GIAOBAN_RELEASE="set-by-master") == "set-by-master"


def test_a_superuser_sets_a_password_in_the_admin_writing_nothing_else(client, world):
    from tests.factories import make_user

    client.force_login(make_user("root", "Quản trị hệ thống", is_superuser=True, is_staff=True))
    url = reverse("admin:auth_user_password_change", args=[world.trang.pk])

    changed = client.post(url, {"password1": "mat-khau-moi-2026", "password2": "mat-khau-moi-2026"})

    assert changed.status_code == 302
    world.trang.refresh_from_db()
    assert world.trang.check_password("mat-khau-moi-2026")
