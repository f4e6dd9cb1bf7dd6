"""Issue 18: every form view that can refuse a POST opens on the error summary, with a
link to the refused field (or the error of no field, said once: the summary only)."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import Proposal
from tests.factories import make_report

pytestmark = pytest.mark.usefixtures("no_page_cache")


def summary_of(page: str) -> str:
    found = re.search(r'<div class="alert alert-danger error-summary".*?</ul>\s*</div>', page, re.S)
    assert found, "no error summary"
    return found.group(0)


def proposal_of(world, meeting) -> Proposal:
    report = make_report(meeting, world.front, status="submitted", results="<p>Kết quả.</p>")
    return Proposal.objects.create(report=report, text="Đề nghị hỗ trợ kinh phí.")


def board_url(world, issued) -> str:
    issued(period="2023-Q4", held_on=dt.date(2024, 1, 19))
    return f"{reverse('tracking:board')}?committee={world.lam_giang.pk}"


# An empty POST leaves a ``Form(request.POST or None)`` unbound: each sends a field.
# (who, the address (from the world, the meeting, the issued fixture), what is sent, the
# field the summary must lead to)
CASES = {
    "manage organization create": (
        "nam",
        lambda w, m, i: f"{reverse('organizations:manage_create')}?committee={w.lam_giang.pk}",
        {"name": ""},
        "id_name",
    ),
    "manage organization rename": (
        "nam",
        lambda w, m, i: reverse("organizations:manage_rename", args=[w.farmers.pk]),
        {"name": ""},
        "id_name",
    ),
    "manage organization end": (
        "nam",
        lambda w, m, i: reverse("tracking_organizations:manage_end", args=[w.farmers.pk]),
        {"date": ""},
        "id_date",
    ),
    "manage organization merge": (
        "nam",
        lambda w, m, i: (
            f"{reverse('tracking_organizations:manage_merge')}?committee={w.lam_giang.pk}"
        ),
        {"sources": ""},
        "id_sources_0",
    ),
    "manage person create": (
        "nam",
        lambda w, m, i: (
            f"{reverse('organizations:manage_person_create')}?committee={w.lam_giang.pk}"
        ),
        {"username": ""},
        "id_username",
    ),
    "manage password reset": (
        "nam",
        lambda w, m, i: reverse("organizations:manage_password", args=[w.ha.pk]),
        {"password1": ""},
        "id_password1",
    ),
    "manage role grant": (
        "nam",
        lambda w, m, i: reverse("organizations:manage_role_grant", args=[w.ha.pk]),
        {"committee": ""},
        "id_committee",
    ),
    "manage import": (
        "nam",
        lambda w, m, i: f"{reverse('organizations:manage_import')}?committee={w.lam_giang.pk}",
        {"x": ""},
        "id_file",
    ),
    "document settings": (
        "nam",
        lambda w, m, i: f"{reverse('documents:profile')}?committee={w.lam_giang.pk}",
        {"superior_body": "x" * 1000},
        "id_superior_body",
    ),
    "password change": (
        "khoi",
        lambda w, m, i: reverse("password_change"),
        {"old_password": ""},
        "id_old_password",
    ),
    "language choice": (
        "khoi",
        lambda w, m, i: reverse("language_choice"),
        {"language": "fr"},
        "account-language",
    ),
    "two-factor setup": (
        "khoi",
        lambda w, m, i: reverse("two_factor_setup"),
        {"code": ""},
        "id_code",
    ),
    "new meeting": (
        "trang",
        lambda w, m, i: reverse("meetings:create"),
        {"committee": "", "period_year": "abc"},
        "id_period_year",
    ),
    "report": (
        "khoi",
        lambda w, m, i: reverse("reports:edit", args=[m.pk, w.front.pk]),
        {
            "proposals-TOTAL_FORMS": "1",
            "proposals-INITIAL_FORMS": "0",
            "proposals-0-addressed_to": "UBND tỉnh",
            "followup-TOTAL_FORMS": "0",
            "followup-INITIAL_FORMS": "0",
        },
        "id_proposals-0-text",
    ),
    "proposal answer": (
        "trang",
        lambda w, m, i: reverse("tracking:proposal_answer", args=[proposal_of(w, m).pk]),
        {"disposition": "nonsense"},
        "id_disposition",
    ),
    "progress of directives (board)": (
        "trang",
        lambda w, m, i: board_url(w, i),
        {"progress": "", "note": ""},
        "id_selected",
    ),
    "board sheet upload": (
        "trang",
        lambda w, m, i: f"{reverse('documents:board_upload')}?committee={w.lam_giang.pk}",
        {"x": ""},
        "id_file",
    ),
    "report files": (
        "khoi",
        lambda w, m, i: reverse("documents:report_files", args=[m.pk, w.front.pk]),
        {"x": ""},
        "id_file",
    ),
}


@pytest.mark.parametrize("case", CASES.keys())
def test_a_refused_form_opens_on_the_summary_leading_to_its_field(
    case, client, world, meeting, issued
):
    who, url, data, field = CASES[case]
    client.force_login(getattr(world, who))
    response = client.post(url(world, meeting, issued), data)

    assert response.status_code == 200
    page = response.content.decode()
    summary = summary_of(page)
    assert 'role="alert" tabindex="-1" id="error-summary"' in summary
    assert f'<a href="#{field}">' in summary
    assert f'id="{field}"' in page  # the link leads somewhere


WRONG_PASSWORD = "Vui lòng nhập chính xác"


def test_a_wrong_password_is_said_once_at_the_top_as_an_alert(world):
    client = Client()
    response = client.post(reverse("login"), {"username": "khoi", "password": "sai-mat-khau"})

    page = response.content.decode()
    summary = summary_of(page)
    assert 'role="alert"' in summary
    # The error of no field, without a link, in the summary only.
    error = re.search(r"<li>(.*?)</li>", summary).group(1)
    assert page.count(error) == 1
    assert page.index("error-summary") < page.index('name="username"')


def test_an_error_of_no_field_is_said_once_in_the_administration(world):
    client = Client()
    client.force_login(world.nam)
    url = f"{reverse('organizations:manage_create')}?committee={world.lam_giang.pk}"
    response = client.post(
        url,
        {
            "name": world.farmers.name,
            "short_name": "HND",
            "kind": "farmers",
            "display_order": "1",
            "valid_from": "1/1/2024",
        },
    )
    page = response.content.decode()
    summary = summary_of(page)
    error = re.search(r"<li>(.*?)</li>", summary).group(1)
    assert page.count(error) == 1
    assert "alert-block" not in page  # crispy's own alert of the errors of no field


def test_an_error_of_no_field_is_said_once_on_the_report_form(client, world, meeting):
    """Two people on one draft: the second save is refused, said in the summary only."""
    from tests.meetings.test_report_versions import opened_version, report_data

    make_report(meeting, world.front, results="<p>Bản nháp</p>")
    url = reverse("reports:edit", args=[meeting.pk, world.front.pk])
    other = Client()
    other.force_login(world.trang)
    client.force_login(world.khoi)
    seen = opened_version(client, url)
    other.post(url, report_data(opened_version(other, url), "<p>Sửa của cán bộ</p>", save="1"))

    response = client.post(url, report_data(seen, "<p>Sửa của báo cáo viên</p>", save="1"))

    page = response.content.decode()
    error = re.search(r"<li>(.*?)</li>", summary_of(page)).group(1)
    assert page.count(error) == 1


def test_staff_keep_the_register_link_on_a_returned_report(client, world, meeting):
    make_report(meeting, world.front, results="<p>Kết quả.</p>", return_reason="Bổ sung số liệu.")
    client.force_login(world.trang)

    page = client.get(reverse("reports:edit", args=[meeting.pk, world.front.pk])).content.decode()

    assert "Bổ sung số liệu." in page
    register = f"{reverse('tracking:proposals')}?committee={world.lam_giang.pk}"
    assert f'href="{register}"' in page


def test_the_reporter_of_a_returned_report_reads_the_reason_without_the_register(
    client, world, meeting
):
    make_report(meeting, world.front, results="<p>Kết quả.</p>", return_reason="Bổ sung số liệu.")
    client.force_login(world.khoi)

    page = client.get(reverse("reports:edit", args=[meeting.pk, world.front.pk])).content.decode()

    assert "Bổ sung số liệu." in page
    assert reverse("tracking:proposals") + "?" not in page
