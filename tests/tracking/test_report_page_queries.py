"""The report page saves at a fixed number of queries: with 2 or 40 proposals and
follow-up rows, created or all changed; submitting, accepting and returning too
(issue 16, finding 6)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Proposal, Report
from tests.factories import make_meeting
from tracking.models import DirectiveAssignment, ProgressUpdate


def version_on(client, url) -> str:
    page = client.get(url).content.decode()
    found = re.search(r'name="version" value="([^"]*)"', page)
    return found.group(1) if found else ""  # a new report


def page_data(version, parts, proposals, *, word, progress, **extra):
    data = {
        "version": version,
        "results": f"<p>Kết quả quý II, bản {word}.</p>",
        "shortcomings": "",
        "difficulties": "",
        "next_tasks": "",
        "proposals-TOTAL_FORMS": str(len(proposals)),
        "proposals-INITIAL_FORMS": str(sum(1 for p in proposals if p is not None)),
        "followup-TOTAL_FORMS": str(len(parts)),
        "followup-INITIAL_FORMS": str(len(parts)),
        **extra,
    }
    for index, proposal in enumerate(proposals):
        data[f"proposals-{index}-text"] = f"Kiến nghị số {index + 1}, bản {word}."
        data[f"proposals-{index}-addressed_to"] = "Thường trực Tỉnh ủy"
        if proposal is not None:
            data[f"proposals-{index}-id"] = proposal.pk
            data[f"proposals-{index}-report"] = proposal.report_id
    for index, part in enumerate(parts):
        data[f"followup-{index}-assignment"] = part.pk
        data[f"followup-{index}-progress"] = progress
        data[f"followup-{index}-completed_on"] = "2020-07-01" if progress == "done" else ""
        data[f"followup-{index}-note"] = f"Đã thực hiện, bản {word}."
    return data


def queries_of(client, url, data) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return len(queries)


@pytest.fixture
def cost(client, world, issued):
    """The queries of creating, then changing every row of, the Front's report of Quý
    II/2024 with ``size`` proposals and ``size`` directives to report on; then of accepting
    and returning it."""

    def measure(size: int, year: int) -> dict[str, int]:
        _q1, _directives = issued(
            period=f"{year}-Q1",
            held_on=dt.date(year, 4, 19),
            texts=[f"số {n}" for n in range(size)],
        )
        q2 = make_meeting(world.lam_giang, f"{year}-Q2", held_on=dt.date(year, 7, 15))
        parts = list(DirectiveAssignment.objects.filter(directive__conclusion__meeting=_q1))
        url = reverse("reports:edit", args=[q2.pk, world.front.pk])
        client.force_login(world.khoi)
        counts = {}
        counts["create"] = queries_of(
            client,
            url,
            page_data(
                version_on(client, url), parts, [None] * size, word="đầu", progress="in_progress"
            ),
        )
        report = Report.objects.get(meeting=q2)
        saved = list(report.proposals.order_by("position"))
        counts["edit and submit"] = queries_of(
            client,
            url,
            page_data(
                version_on(client, url), parts, saved, word="sửa", progress="done", submit="1"
            ),
        )
        report.refresh_from_db()
        assert report.status == "submitted"
        assert [p.text for p in report.proposals.order_by("position")][-1] == (
            f"Kiến nghị số {size}, bản sửa."
        )
        assert ProgressUpdate.objects.filter(meeting=q2).count() == 2 * size
        assert Proposal.history.filter(report_id=report.pk).count() == 2 * size
        client.force_login(world.trang)
        for action in ("accept", "return"):
            with CaptureQueriesContext(connection) as queries:
                client.post(
                    reverse(f"meetings:report_{action}", args=[q2.pk, world.front.pk]),
                    {
                        "version": version_on(client, url),
                        "confirmed": "1",
                        "reason": "Bổ sung số liệu",
                    },
                )
            counts[action] = len(queries)
        report.refresh_from_db()
        assert report.status == "draft"
        return counts

    return measure


def test_a_report_page_of_2_or_40_rows_saves_in_the_same_number_of_queries(cost):
    small, large = cost(2, 2024), cost(40, 2025)
    print(f"report page queries, 2 rows: {small}; 40 rows: {large}")

    assert small == large
