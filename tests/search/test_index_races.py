"""Two organizations save their reports to the same meeting at the same moment (the
day before the meeting, it happens): each report is found once, with its new words."""

import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from meetings.models import Meeting
from meetings.signals import send_written
from search.models import SearchEntry
from tests.meetings.test_report_versions import at_once, opened_version, report_data


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_two_reports_of_one_meeting_saved_at_once_are_each_indexed_once(world, meeting):
    reporters = {world.front: world.khoi, world.farmers: world.ha}
    clients = {}
    for organization, user in reporters.items():
        clients[organization] = Client()
        clients[organization].force_login(user)

    def save(organization, round_):
        url = reverse("reports:edit", args=[meeting.pk, organization.pk])
        version = opened_version(clients[organization], url) if round_ else ""
        data = report_data(version, f"<p>Kết quả lần {round_} của {organization.name}</p>")
        return lambda: clients[organization].post(url, data)

    for round_ in range(4):
        saved = at_once(front=save(world.front, round_), farmers=save(world.farmers, round_))
        assert {response.status_code for response in saved.values()} == {302}

        entries = list(SearchEntry.objects.filter(kind="report").values_list("source_id", "text"))
        assert len(entries) == 2, entries
        assert all(f"Kết quả lần {round_}" in text for _source, text in entries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_a_report_saved_while_its_whole_meeting_is_reindexed_is_indexed_once(world, meeting):
    """A save rebuilds its report's entries only; a full rebuild of the meeting at the same
    moment (a meeting moved to another period) does not leave them twice."""
    reporter = Client()
    reporter.force_login(world.khoi)
    url = reverse("reports:edit", args=[meeting.pk, world.front.pk])
    assert reporter.post(url, report_data("", "<p>Kết quả lần đầu</p>")).status_code == 302
    data = report_data(opened_version(reporter, url), "<p>Kết quả lần hai</p>")

    def rebuild():
        with transaction.atomic():
            send_written(Meeting, meeting.pk)
            time.sleep(0.5)  # the save below starts meanwhile

    def save():
        time.sleep(0.1)
        return reporter.post(url, data)

    saved = at_once(rebuild=rebuild, save=save)
    assert saved["save"].status_code == 302
    entries = list(SearchEntry.objects.filter(kind="report").values_list("source_id", "text"))
    assert len(entries) == 1, entries
    assert entries[0][1] == "Kết quả lần hai"
