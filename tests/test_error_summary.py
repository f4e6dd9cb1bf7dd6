"""Issue 18: a refused form opens on a summary of its errors at its top, each a link to
its field (rows of a formset included), focusable; the errors stay next to the fields."""

import re

import pytest
from django.urls import reverse

from giaoban.error_summary import error_summary
from meetings.models import Conclusion, Report
from tests.meetings.test_conclusion import conclusion_data, conclusion_url
from tests.meetings.test_reports import report_data, report_url

pytestmark = pytest.mark.usefixtures("no_page_cache")


def summary_of(page: str) -> str:
    found = re.search(r'<div class="alert alert-danger error-summary"(.*?)</div>', page, re.S)
    assert found, "no error summary"
    return found.group(0)


def test_a_refused_report_form_opens_on_the_summary_with_links(client, world, meeting):
    client.force_login(world.khoi)
    data = report_data(
        **{"proposals-0-text": "", "proposals-0-addressed_to": "Thường trực Tỉnh ủy"}
    )

    response = client.post(report_url(meeting, world.front), data)

    page = response.content.decode()
    assert response.status_code == 200
    summary = summary_of(page)
    assert 'role="alert" tabindex="-1" id="error-summary"' in summary
    assert re.search(r"Chưa lưu được: có \d+ lỗi cần sửa", summary)
    assert '<a href="#id_proposals-0-text">Dòng 1, ' in summary
    # The summary comes first in the form, before the fields; errors stay by the fields.
    assert page.index("error-summary") < page.index('id="id_results"')
    assert "invalid-feedback" in page or "is-invalid" in page
    assert not Report.objects.exists()


def test_a_refused_conclusion_form_opens_on_the_summary_with_links(client, world, meeting, dan_van):
    client.force_login(world.trang)
    data = conclusion_data(world, dan_van, issued_on="31/31/2024", **{"directives-0-lead": "0"})

    response = client.post(conclusion_url(meeting), data)

    page = response.content.decode()
    assert response.status_code == 200
    summary = summary_of(page)
    assert '<a href="#id_issued_on">' in summary
    assert '<a href="#id_directives-0-lead">Dòng 1, ' in summary
    assert page.index("error-summary") < page.index('id="id_notice_number"')
    assert not Conclusion.objects.exists()


def test_a_form_without_errors_has_no_summary(client, world, meeting):
    client.force_login(world.khoi)
    page = client.get(report_url(meeting, world.front)).content.decode()
    assert "error-summary" not in page
    assert error_summary(None) == ""


def test_the_meeting_form_has_the_summary_too(client, world):
    client.force_login(world.trang)
    response = client.post(
        reverse("meetings:create"),
        {"committee": world.lam_giang.pk, "period_kind": "", "period_year": "abc"},
    )
    summary = summary_of(response.content.decode())
    assert '<a href="#id_period_year">' in summary
