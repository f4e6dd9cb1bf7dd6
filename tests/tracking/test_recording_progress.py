"""Recording progress: one writer, a version on every part, and a constant number of queries.

Two people record progress on the same organization's part of a directive: the
second, based on what they saw before the first saved, is refused with a clear
message and keeps what they typed; a bulk update with one stale row saves nothing
and names the row.
"""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_meeting, make_role, make_user, record_progress
from tracking import services
from tracking.models import DirectiveAssignment, Progress, ProgressUpdate

D = dt.date


def second_staff(world):
    son = make_user("son", "Hoàng Văn Sơn")
    make_role(son, world.lam_giang, "staff")
    return son


def board_url(world) -> str:
    return f"{reverse('tracking:board')}?committee={world.lam_giang.pk}"


def board_versions(client, world) -> dict[str, str]:
    """The version of each part, as the board page shows it to the bulk form."""
    page = client.get(board_url(world)).content.decode()
    return dict(re.findall(r'name="(version-\d+)" value="(\d+)"', page))


def bulk_data(parts, versions, note, progress="in_progress"):
    return {
        "selected": [p.pk for p in parts],
        "progress": progress,
        "completed_on": "",
        "note": note,
        **{f"version-{p.pk}": versions[f"version-{p.pk}"] for p in parts},
    }


def report_fields(page: str) -> dict[str, str]:
    """The hidden fields of a report form: its version, and each follow-up row's part and
    version."""
    return dict(
        re.findall(r'name="(version|followup-\d+-(?:assignment|version))" value="([^"]*)"', page)
    )


def report_form(client, url) -> dict[str, str]:
    return report_fields(client.get(url).content.decode())


def follow_up_data(fields, progress, note):
    """A report posted with one follow-up row filled in."""
    return {
        "version": fields.get("version", ""),
        "results": "<p>Kết quả quý II.</p>",
        "shortcomings": "",
        "difficulties": "",
        "next_tasks": "",
        "proposals-TOTAL_FORMS": "0",
        "proposals-INITIAL_FORMS": "0",
        "followup-TOTAL_FORMS": "1",
        "followup-INITIAL_FORMS": "1",
        "followup-0-assignment": fields["followup-0-assignment"],
        "followup-0-version": fields.get("followup-0-version", ""),
        "followup-0-progress": progress,
        "followup-0-completed_on": "",
        "followup-0-note": note,
    }


def test_a_bulk_update_with_one_stale_row_saves_nothing_and_names_the_row(client, world, issued):
    issued()
    parts = list(DirectiveAssignment.objects.select_related("directive").order_by("pk"))
    client.force_login(world.trang)
    versions = board_versions(client, world)
    other = Client()
    other.force_login(second_staff(world))
    assert (
        other.post(
            board_url(world),
            bulk_data([parts[1]], board_versions(other, world), "Sơn ghi nhận trước"),
        ).status_code
        == 302
    )

    response = client.post(
        board_url(world), bulk_data(parts[:2], versions, "Theo báo cáo của Mặt trận")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Hoàng Văn Sơn đã ghi nhận tiến độ" in page
    assert "Nhiệm vụ Hai" in page.split("alert-danger", 1)[1]  # the stale row is named
    assert "Theo báo cáo của Mặt trận" in page  # the note typed is kept
    assert f'value="{parts[0].pk}" checked' in page  # and the rows ticked
    assert list(ProgressUpdate.objects.values_list("assignment_id", "note")) == [
        (parts[1].pk, "Sơn ghi nhận trước")
    ]
    assert DirectiveAssignment.objects.get(pk=parts[0].pk).progress == Progress.NONE

    # Saving again from the page now shown succeeds.
    again = re.findall(r'name="(version-\d+)" value="(\d+)"', page)
    retried = client.post(
        board_url(world), bulk_data(parts[:2], dict(again), "Theo báo cáo của Mặt trận")
    )
    assert retried.status_code == 302
    assert ProgressUpdate.objects.count() == 3


def test_a_report_form_opened_before_progress_was_recorded_is_refused_and_keeps_its_text(
    world, issued
):
    issued()
    q2 = make_meeting(world.lam_giang, "2024-Q2", held_on=D(2024, 7, 15))
    part = DirectiveAssignment.objects.order_by("pk").first()
    url = reverse("reports:edit", args=[q2.pk, world.front.pk])
    staff, reporter = Client(), Client()
    staff.force_login(world.trang)
    reporter.force_login(world.khoi)
    reporter_form = report_form(reporter, url)
    assert reporter_form["followup-0-assignment"] == str(part.pk)

    first = staff.post(
        board_url(world), bulk_data([part], board_versions(staff, world), "Trang: đã xong.", "done")
    )
    second = reporter.post(url, follow_up_data(reporter_form, "in_progress", "Khôi: còn dở dang."))

    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "Lê Thị Thu Trang đã ghi nhận tiến độ" in page
    assert "Nhiệm vụ Một" in page.split("alert-danger", 1)[1]  # the row is named
    assert "Khôi: còn dở dang." in page  # what the reporter typed is kept
    part.refresh_from_db()
    assert part.progress == Progress.DONE
    assert list(ProgressUpdate.objects.values_list("note", flat=True)) == ["Trang: đã xong."]
    assert not q2.reports.exists()  # nothing of the report form was saved either

    # Saving again from the form now shown succeeds.
    retried = reporter.post(
        url,
        follow_up_data(
            report_fields(page),
            "in_progress",
            "Khôi: còn dở dang.",
        ),
    )
    assert retried.status_code == 302
    part.refresh_from_db()
    assert part.progress == Progress.IN_PROGRESS


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_a_report_form_and_a_bulk_update_sent_at_the_same_moment_only_one_is_saved(world, issued):
    issued()
    q2 = make_meeting(world.lam_giang, "2024-Q2", held_on=D(2024, 7, 15))
    part = DirectiveAssignment.objects.order_by("pk").first()
    url = reverse("reports:edit", args=[q2.pk, world.front.pk])
    clients = {"Trang": Client(), "Khôi": Client()}
    clients["Trang"].force_login(world.trang)
    clients["Khôi"].force_login(world.khoi)
    reporter_form = report_form(clients["Khôi"], url)
    versions = board_versions(clients["Trang"], world)
    start = threading.Barrier(len(clients))
    outcomes = {}

    def send(name):
        # Each thread talks to the database on its own connection.
        try:
            start.wait(timeout=10)
            note = f"Ghi nhận của đồng chí {name}."
            if name == "Trang":
                response = clients[name].post(board_url(world), bulk_data([part], versions, note))
            else:
                response = clients[name].post(
                    url, follow_up_data(reporter_form, "in_progress", note)
                )
            outcomes[name] = response
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(name,)) for name in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(r.status_code for r in outcomes.values()) == [200, 302]
    saved = next(name for name, r in outcomes.items() if r.status_code == 302)
    refused = next(name for name, r in outcomes.items() if r.status_code == 200)
    assert "đã ghi nhận tiến độ" in outcomes[refused].content.decode()
    assert f"Ghi nhận của đồng chí {refused}." in outcomes[refused].content.decode()
    assert list(ProgressUpdate.objects.values_list("note", flat=True)) == [
        f"Ghi nhận của đồng chí {saved}."
    ]
    assert DirectiveAssignment.objects.get(pk=part.pk).version == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_two_bulk_updates_sent_at_the_same_moment_only_one_is_saved(world, issued):
    issued()
    parts = list(DirectiveAssignment.objects.order_by("pk"))
    clients = {"Trang": Client(), "Sơn": Client()}
    clients["Trang"].force_login(world.trang)
    clients["Sơn"].force_login(second_staff(world))
    versions = {name: board_versions(client, world) for name, client in clients.items()}
    start = threading.Barrier(len(clients))
    outcomes = {}

    def send(name):
        try:
            start.wait(timeout=10)
            # The two overlap on the second part only.
            rows = parts[:2] if name == "Trang" else parts[1:]
            data = bulk_data(rows, versions[name], f"Cập nhật của đồng chí {name}")
            outcomes[name] = clients[name].post(board_url(world), data)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(name,)) for name in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(r.status_code for r in outcomes.values()) == [200, 302]
    saved = next(name for name, r in outcomes.items() if r.status_code == 302)
    refused = next(name for name, r in outcomes.items() if r.status_code == 200)
    assert f"Cập nhật của đồng chí {refused}" in outcomes[refused].content.decode()
    notes = set(ProgressUpdate.objects.values_list("note", flat=True))
    assert notes == {f"Cập nhật của đồng chí {saved}"}
    assert ProgressUpdate.objects.count() == 2  # all of one, nothing of the other


def bulk_update_queries(client, world, issued, *, stale: bool) -> list[int]:
    """The queries of a bulk update of all the parts of 2 directives, then of 40; each
    row sent with its stored version, or (``stale``) with another one, as a page opened
    before someone else recorded on every row would hold."""
    client.force_login(world.trang)
    counts = []
    for period, size in (("2023-Q1", 2), ("2023-Q2", 40)):
        _meeting, directives = issued(period=period, texts=[f"Việc {n}" for n in range(size)])
        parts = list(DirectiveAssignment.objects.filter(directive__in=directives))
        data = {
            "selected": [p.pk for p in parts],
            "progress": "in_progress",
            "note": "Theo báo cáo",
            **{f"version-{p.pk}": p.version + (1 if stale else 0) for p in parts},
        }
        with CaptureQueriesContext(connection) as queries:
            response = client.post(board_url(world), data)
        if stale:
            assert response.status_code == 200
            assert "Theo báo cáo" in response.content.decode()  # the note typed is kept
        else:
            assert response.status_code == 302
        counts.append(len(queries))
    return counts


def test_a_bulk_update_of_2_and_of_40_rows_takes_the_same_queries(client, world, issued):
    counts = bulk_update_queries(client, world, issued, stale=False)
    assert ProgressUpdate.objects.count() == 42
    assert counts[0] == counts[1], counts


def test_a_refused_bulk_update_of_2_and_of_40_rows_takes_the_same_queries(client, world, issued):
    counts = bulk_update_queries(client, world, issued, stale=True)
    assert ProgressUpdate.objects.count() == 0
    assert counts[0] == counts[1], counts


def test_a_refused_report_form_of_2_and_of_42_rows_takes_the_same_queries(world, issued):
    """The rows refused are shown again with the meeting each directive came from, read
    with them, not one query a row."""
    q2 = make_meeting(world.lam_giang, "2024-Q2", held_on=D(2024, 7, 15))
    url = reverse("reports:edit", args=[q2.pk, world.front.pk])
    reporter = Client()
    reporter.force_login(world.khoi)
    counts = []
    for period, size in (("2023-Q1", 2), ("2023-Q2", 40)):
        issued(period=period, texts=[f"Việc {period} {n}" for n in range(size)])
        fields = report_form(reporter, url)
        rows = sorted(int(n) for n in re.findall(r"followup-(\d+)-assignment", " ".join(fields)))
        data = follow_up_data(fields, "in_progress", "Khôi: còn dở dang.")
        data["followup-TOTAL_FORMS"] = data["followup-INITIAL_FORMS"] = str(len(rows))
        for n in rows:
            # Versions that are not the stored ones, as a form opened before someone
            # else recorded on every row would hold.
            data |= {
                f"followup-{n}-assignment": fields[f"followup-{n}-assignment"],
                f"followup-{n}-version": str(int(fields[f"followup-{n}-version"]) + 1),
                f"followup-{n}-progress": "in_progress",
                f"followup-{n}-completed_on": "",
                f"followup-{n}-note": "Khôi: còn dở dang.",
            }
        with CaptureQueriesContext(connection) as queries:
            response = reporter.post(url, data)
        assert response.status_code == 200
        assert "Khôi: còn dở dang." in response.content.decode()  # what was typed is kept
        counts.append((len(rows), len(queries)))
    assert [size for size, _count in counts] == [2, 42]
    assert ProgressUpdate.objects.count() == 0
    assert counts[0][1] == counts[1][1], counts


def test_the_writer_refuses_a_stale_or_carried_over_part_and_writes_nothing(world, issued):
    issued()
    first, second, third = DirectiveAssignment.objects.select_related("directive").order_by("pk")
    record_progress(assignment=second, progress="in_progress", by=world.khoi)
    DirectiveAssignment.objects.filter(pk=third.pk).update(progress=Progress.CARRIED_OVER)
    stale_copy = DirectiveAssignment.objects.select_related("directive").get(pk=second.pk)
    stale_copy.version = 0  # as a form opened before Khôi's report holds it

    with pytest.raises(services.StaleProgress) as refused:
        services.record_progress(
            changes=[
                services.Change(first, "done", D(2024, 6, 1)),
                services.Change(stale_copy, "done", D(2024, 6, 1)),
            ],
            by=world.trang,
        )
    assert [(change.assignment.pk, now.version) for change, now in refused.value.stale] == [
        (second.pk, 1)
    ]
    assert "Vũ Minh Khôi đã ghi nhận tiến độ của 1 nhiệm vụ" in refused.value.message()
    assert "Nhiệm vụ Hai" in refused.value.message()
    assert DirectiveAssignment.objects.get(pk=first.pk).version == 0  # nothing written
    assert ProgressUpdate.objects.count() == 1

    # A part closed as carried over takes no more progress, whatever version is sent.
    third.progress = Progress.NONE  # a copy read before it was carried over
    with pytest.raises(services.StaleProgress):
        services.record_progress(changes=[services.Change(third, "done")], by=world.trang)
    assert DirectiveAssignment.objects.get(pk=third.pk).progress == Progress.CARRIED_OVER
