"""Django's admin, for superusers: Vietnamese, with merge, rename and import."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations.models import Organization, Succession
from tests.factories import make_user
from tests.organizations.test_import import GOOD_ROWS, csv_file


@pytest.fixture
def superuser(db):
    return make_user("root", "Quản trị viên", is_superuser=True, is_staff=True)


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:organizations_partycommittee_changelist",
        "admin:organizations_organization_changelist",
        "admin:organizations_role_changelist",
        "admin:accounts_user_changelist",
        "admin:organizations_import",
    ],
)
def test_admin_pages_are_in_vietnamese(client, world, superuser, url_name):
    client.force_login(superuser)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert "Giao ban: quản trị hệ thống" in response.content.decode()


def test_organization_page_shows_its_names_over_time(client, world, superuser):
    client.force_login(superuser)

    content = client.get(
        reverse("admin:organizations_organization_change", args=[world.front.pk])
    ).content.decode()

    assert "Tên qua các thời kỳ" in content


def test_merge_action_merges_into_a_new_organization(client, world, superuser):
    client.force_login(superuser)
    url = reverse("admin:organizations_organization_changelist")
    selected = {"action": "merge_action", "_selected_action": [world.front.pk, world.farmers.pk]}

    form_page = client.post(url, selected)
    assert "Hợp nhất tổ chức" in form_page.content.decode()

    done = client.post(
        url,
        {
            **selected,
            "confirm": "1",
            "date": "2025-07-01",
            "new_name": "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang (sau hợp nhất)",
            "new_kind": "front",
            "note": "Nghị quyết số 01-NQ/TU (minh họa)",
        },
    )

    successor = Organization.objects.get(name="Ủy ban MTTQ Việt Nam tỉnh Lâm Giang (sau hợp nhất)")
    assert done.status_code == 302
    assert Succession.objects.filter(successor=successor).count() == 2
    world.front.refresh_from_db()
    assert world.front.valid_until == dt.date(2025, 7, 1)


def test_merge_form_errors_keep_the_selection(client, world, superuser):
    client.force_login(superuser)
    url = reverse("admin:organizations_organization_changelist")

    response = client.post(
        url,
        {
            "action": "merge_action",
            "_selected_action": [world.front.pk],
            "confirm": "1",
            "date": "2025-07-01",
        },
    )

    content = response.content.decode()
    assert "Chọn tổ chức tiếp nhận, hoặc nhập tên tổ chức mới" in content
    assert "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang" in content
    assert not Succession.objects.exists()


def test_organizations_of_two_committees_cannot_be_merged(client, world, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:organizations_organization_changelist"),
        {"action": "merge_action", "_selected_action": [world.front.pk, world.foreign_front.pk]},
        follow=True,
    )

    assert "Chỉ hợp nhất được các tổ chức của cùng một cấp ủy" in response.content.decode()


def test_rename_action_keeps_history(client, world, superuser):
    client.force_login(superuser)
    client.post(
        reverse("admin:organizations_organization_changelist"),
        {
            "action": "rename_action",
            "_selected_action": [world.farmers.pk],
            "confirm": "1",
            "name": "Hội Nông dân Việt Nam tỉnh Lâm Giang",
            "date": "2025-01-01",
        },
    )

    world.farmers.refresh_from_db()
    assert world.farmers.name == "Hội Nông dân Việt Nam tỉnh Lâm Giang"
    assert world.farmers.name_on(dt.date(2024, 12, 31)) == "Hội Nông dân tỉnh Lâm Giang"


def test_import_upload_lists_errors_and_saves_nothing(client, world, superuser):
    client.force_login(superuser)
    bad = [
        *GOOD_ROWS,
        ["organization", "Tỉnh ủy Sông Hậu", "", "", "", "X", "", "không rõ", "", "", "", ""],
    ]

    response = client.post(
        reverse("admin:organizations_import"),
        {"file": SimpleUploadedFile("to-chuc.csv", csv_file(bad).getvalue(), "text/csv")},
    )

    content = response.content.decode()
    assert "không có gì được lưu" in content
    assert "Loại tổ chức “không rõ” không hợp lệ" in content
    assert not Organization.objects.filter(name="Ban Dân vận Tỉnh ủy").exists()

    response = client.post(
        reverse("admin:organizations_import"),
        {"file": SimpleUploadedFile("to-chuc.csv", csv_file(GOOD_ROWS).getvalue(), "text/csv")},
        follow=True,
    )
    assert "Đã nhập 2 cấp ủy và 3 tổ chức" in response.content.decode()


def test_nobody_deletes_from_the_admin(client, world, superuser):
    client.force_login(superuser)

    response = client.get(reverse("admin:organizations_organization_delete", args=[world.front.pk]))

    assert response.status_code == 403


def test_admin_history_of_an_organization(client, world, superuser):
    client.force_login(superuser)

    response = client.get(
        reverse("admin:organizations_organization_history", args=[world.front.pk])
    )

    assert response.status_code == 200
    assert "Ủy ban MTTQ Việt Nam tỉnh Lâm Giang" in response.content.decode()
