"""Pressing Save twice, or sending the same form again after a network error, saves once."""

import re

from django.urls import reverse

from meetings.models import Meeting, Proposal
from tracking.models import ProgressUpdate


def token_of(page: str) -> str:
    return re.search(r'name="submission_token" value="([0-9a-f]+)"', page).group(1)


def test_the_same_report_form_sent_twice_creates_one_set_of_proposals(client, world, meeting):
    url = reverse("meetings:report", args=[meeting.pk, world.front.pk])
    client.force_login(world.khoi)
    data = {
        "submission_token": token_of(client.get(url).content.decode()),
        "results": "<p>Kết quả</p>",
        "shortcomings": "",
        "difficulties": "",
        "next_tasks": "",
        "proposals-TOTAL_FORMS": "1",
        "proposals-INITIAL_FORMS": "0",
        "proposals-0-text": "Đề nghị hỗ trợ kinh phí",
        "proposals-0-addressed_to": "UBND tỉnh",
    }

    first = client.post(url, data)
    second = client.post(url, data, follow=True)

    assert first.status_code == 302
    assert Proposal.objects.count() == 1
    assert "đã được lưu trước đó" in second.content.decode()


def test_an_extraordinary_meeting_sent_twice_is_created_once(client, world):
    client.force_login(world.trang)
    token = token_of(client.get(reverse("meetings:create")).content.decode())
    data = {
        "submission_token": token,
        "committee": world.lam_giang.pk,
        "period_kind": "Q2",
        "period_year": "2024",
        "title": "Hội nghị giao ban đột xuất",
        "held_on": "2024-05-20",
        "attendance-TOTAL_FORMS": "0",
        "attendance-INITIAL_FORMS": "0",
    }

    client.post(reverse("meetings:create"), data)
    client.post(reverse("meetings:create"), data)

    assert Meeting.objects.count() == 1


def test_a_failed_save_does_not_use_up_the_token(client, world):
    client.force_login(world.trang)
    token = token_of(client.get(reverse("meetings:create")).content.decode())
    data = {
        "submission_token": token,
        "committee": world.lam_giang.pk,
        "period_kind": "Q2",
        "period_year": "2024",
        "is_regular": "on",
        "held_on": "2026-01-01",  # too far from the period: refused
        "attendance-TOTAL_FORMS": "0",
        "attendance-INITIAL_FORMS": "0",
    }
    assert client.post(reverse("meetings:create"), data).status_code == 200

    client.post(reverse("meetings:create"), {**data, "held_on": "2024-07-10"})

    assert Meeting.objects.count() == 1


def test_bulk_update_sent_twice_records_once(client, world, issued):
    issued()
    from tracking.models import DirectiveAssignment

    part = DirectiveAssignment.objects.first()
    client.force_login(world.trang)
    token = token_of(client.get(reverse("tracking:board")).content.decode())
    data = {"submission_token": token, "selected": [part.pk], "progress": "in_progress"}

    client.post(reverse("tracking:board"), data)
    client.post(reverse("tracking:board"), data)

    assert ProgressUpdate.objects.count() == 1


def test_a_token_no_form_made_is_ignored_not_a_server_error(world, meeting):
    """Found by tests/security/test_junk_posts.py on PostgreSQL: a NUL in the token."""
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(world.khoi)
    url = reverse("meetings:report", args=[meeting.pk, world.front.pk])
    data = {
        "results": "<p>Kết quả</p>",
        "proposals-TOTAL_FORMS": "0",
        "proposals-INITIAL_FORMS": "0",
        "submission_token": "\x00\x01\x1b[31m",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
