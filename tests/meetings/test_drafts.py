"""Drafts of the report and conclusion forms, saved while typing (meetings/views/drafts.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import FormDraft
from giaoban.models import PageStamp
from meetings.models import Report
from tests.factories import make_meeting, make_report


def draft_url(meeting, organization):
    return reverse("meetings:report_draft", args=[meeting.pk, organization.pk])


def report_url(meeting, organization):
    return reverse("reports:edit", args=[meeting.pk, organization.pk])


def typed(proposals: int = 1, **changes) -> dict:
    data = {
        "csrfmiddlewaretoken": "x" * 32,
        "submission_token": "a" * 32,
        "version": "",
        "results": "<p>Vận động Quỹ Vì người nghèo được 1,2 tỷ đồng.</p>",
        "shortcomings": "",
        "difficulties": "",
        "next_tasks": "",
        "proposals-TOTAL_FORMS": str(proposals),
        "proposals-INITIAL_FORMS": "0",
    }
    for i in range(proposals):
        data[f"proposals-{i}-text"] = f"Đề nghị số {i + 1}."
        data[f"proposals-{i}-addressed_to"] = "UBND tỉnh"
    data.update(changes)
    return data


def test_it_keeps_a_draft_for_its_author_and_writes_no_report(client, world, meeting):
    client.force_login(world.khoi)

    response = client.post(draft_url(meeting, world.front), typed())

    assert response.status_code == 200
    assert response.json()["saved"].startswith("Đã lưu nháp lúc ")
    assert not Report.objects.exists()
    draft = FormDraft.objects.get()
    assert draft.user == world.khoi
    assert draft.path == report_url(meeting, world.front)
    names = [name for name, _value in draft.fields]
    assert "csrfmiddlewaretoken" not in names and "submission_token" not in names
    given = client.get(draft_url(meeting, world.front)).json()
    assert ["results", "<p>Vận động Quỹ Vì người nghèo được 1,2 tỷ đồng.</p>"] in given["draft"]
    assert given["when"]


def test_a_draft_changes_nothing_of_the_stored_report(client, world, meeting):
    report = make_report(meeting, world.front, results="<p>Cũ</p>")
    before = (report.updated_at, report.history.count(), list(PageStamp.objects.values()))
    client.force_login(world.khoi)

    client.post(draft_url(meeting, world.front), typed(results="<p>Mới</p>"))

    report.refresh_from_db()
    assert report.results == "<p>Cũ</p>"
    after = (report.updated_at, report.history.count(), list(PageStamp.objects.values()))
    assert after == before


@pytest.mark.parametrize("who", ["minh", "ha"])
def test_another_committee_or_organization_gets_404_and_nothing_is_kept(
    client, world, meeting, who
):
    client.force_login(getattr(world, who))

    response = client.post(draft_url(meeting, world.front), typed())

    assert response.status_code == 404
    assert client.get(draft_url(meeting, world.front)).status_code == 404
    assert not FormDraft.objects.exists()


def test_a_reporter_keeps_no_draft_of_an_accepted_report(client, world, meeting):
    make_report(meeting, world.front, status="accepted", results="<p>Đã tiếp nhận</p>")
    client.force_login(world.khoi)

    assert client.post(draft_url(meeting, world.front), typed()).status_code == 404
    assert not FormDraft.objects.exists()


def test_a_draft_is_shown_to_its_author_only(client, world, meeting):
    client.force_login(world.khoi)
    client.post(draft_url(meeting, world.front), typed())
    client.force_login(world.trang)  # staff may edit the report, but the draft is Khôi's

    assert client.get(draft_url(meeting, world.front)).json() == {"draft": None}


def test_signed_out_gets_401_not_the_sign_in_page(client, world, meeting):
    response = client.post(draft_url(meeting, world.front), typed())

    assert response.status_code == 401
    assert not FormDraft.objects.exists()


def test_a_draft_needs_the_form_token(world, meeting):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.khoi)

    assert client.post(draft_url(meeting, world.front), typed()).status_code == 403
    assert not FormDraft.objects.exists()


def test_a_draft_larger_than_the_limit_is_refused(client, world, meeting, settings):
    settings.GIAOBAN_DRAFT_MAX_KB = 1
    client.force_login(world.khoi)

    response = client.post(draft_url(meeting, world.front), typed(results="<p>" + "a" * 2000))

    assert response.status_code == 413
    assert "quá dài" in response.json()["error"]
    assert not FormDraft.objects.exists()


def test_saving_the_form_forgets_the_draft_and_a_late_draft_is_refused(client, world, meeting):
    client.force_login(world.khoi)
    client.post(draft_url(meeting, world.front), typed())
    form = typed(submission_token="b" * 32)
    form.pop("csrfmiddlewaretoken")

    assert client.post(report_url(meeting, world.front), form).status_code == 302

    assert not FormDraft.objects.exists()
    # An autosave of the same page that arrives after the save keeps nothing.
    late = client.post(draft_url(meeting, world.front), typed(submission_token="b" * 32))
    assert late.status_code == 409
    assert not FormDraft.objects.exists()


def test_a_draft_older_than_the_stored_report_is_not_given_back(client, world, meeting):
    client.force_login(world.khoi)
    client.post(draft_url(meeting, world.front), typed())
    FormDraft.objects.update(saved_at=timezone.now() - dt.timedelta(minutes=5))
    make_report(meeting, world.front, results="<p>Cán bộ đã nhập</p>")

    assert client.get(draft_url(meeting, world.front)).json() == {"draft": None}
    assert not FormDraft.objects.exists()


def test_a_persons_month_old_drafts_are_pruned_when_they_save_another(
    client, world, meeting, settings
):
    settings.GIAOBAN_DRAFT_DAYS = 30
    later = make_meeting(world.lam_giang, "2024-Q2")
    client.force_login(world.khoi)
    client.post(draft_url(meeting, world.front), typed())
    FormDraft.objects.update(saved_at=timezone.now() - dt.timedelta(days=31))
    client.force_login(world.trang)
    client.post(draft_url(later, world.front), typed())
    assert FormDraft.objects.filter(user=world.khoi).exists()  # another person's: kept

    client.force_login(world.khoi)
    client.post(draft_url(later, world.front), typed())

    assert list(FormDraft.objects.filter(user=world.khoi).values_list("path", flat=True)) == [
        report_url(later, world.front)
    ]


def test_a_conclusion_draft_is_for_the_committee_staff_only(client, world, meeting):
    url = reverse("meetings:conclusion_draft", args=[meeting.pk])
    for outsider in (world.khoi, world.minh, world.bao):
        client.force_login(outsider)
        assert client.post(url, {"assessment": "<p>Ghi nhận</p>"}).status_code == 404
    assert not FormDraft.objects.exists()
    client.force_login(world.trang)
    assert client.post(url, {"assessment": "<p>Ghi nhận</p>"}).status_code == 200
    assert client.delete(url).status_code == 204
    assert not FormDraft.objects.exists()


def test_saving_a_draft_costs_the_same_with_2_or_40_rows(client, world, meeting):
    client.force_login(world.khoi)
    client.post(draft_url(meeting, world.front), typed())  # the session's first save

    counts = []
    for rows in (2, 40):
        with CaptureQueriesContext(connection) as queries:
            client.post(draft_url(meeting, world.front), typed(proposals=rows))
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "junk",
    [
        {},
        {"results": "\x00\x01\x1b[31m"},
        {"results": ["một", "hai"], "proposals-TOTAL_FORMS": "9" * 40},
        {"submission_token": "\x00" * 70},
        {"x" * 500: "y"},
    ],
)
def test_junk_sent_as_a_draft_gives_no_error(client, world, meeting, junk):
    client.force_login(world.khoi)

    assert client.post(draft_url(meeting, world.front), junk).status_code in (200, 409, 413)
    assert client.get(draft_url(meeting, world.front)).status_code == 200
    client.force_login(world.trang)
    url = reverse("meetings:conclusion_draft", args=[meeting.pk])
    assert client.post(url, junk).status_code in (200, 409, 413)
